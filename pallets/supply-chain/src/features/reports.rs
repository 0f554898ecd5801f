//! Milestones and condition reports: who may make them, the payloads devices sign, evidence.

use alloc::vec::Vec;
use frame_support::ensure;
use frame_system::pallet_prelude::BlockNumberFor;
use iotchain_primitives::{
	chain, domain, signed_payload, AnchorLookup, DeviceLookup, MilestoneKind,
};
use sp_runtime::{traits::IdentifyAccount, DispatchError, DispatchResult};

use super::Entry;
use crate::{
	AnchorRef, ConditionObservation, Config, DeviceSignature, Error, Event, HistoryEvent, Location,
	Pallet, Reporter, Shipment, ShipmentId, ShipmentStatus, Shipments, CONDITION_REPORT,
	MILESTONE_REPORT,
};

/// A tracker speaking through the sender of a report.
struct TrackerSpeaking<T: Config> {
	/// Its slot in the shipment's trackers.
	slot: usize,
	/// The tracker device.
	device: T::AccountId,
	/// Who submitted its signed report, if not the device itself.
	relayer: Option<T::AccountId>,
}

impl<T: Config> Pallet<T> {
	/// Records milestone `kind` of shipment `id` at `location`, sent by `who`: its custodian, one
	/// of its trackers itself, or anyone with a tracker's `signature`. `who` pays the storage fee
	/// for the entry.
	///
	/// # Errors
	///
	/// - `DeliveredOnlyByAcceptance` for `Delivered`;
	/// - `UnknownShipment` / `ShipmentClosed` / `ShipmentExpired` unless the shipment is open
	///   and within its deadline;
	/// - with a signature: `NotTracker` unless its device is one of the shipment's trackers,
	///   `TrackerNotActive` unless that device is active, `InvalidTrackerSignature` unless the
	///   signature is the device's current key's over [`Self::milestone_payload`] with its
	///   current nonce;
	/// - without: `NotCustodianOrTracker` unless `who` is the custodian or the current key of
	///   one of the trackers, `TrackerNotActive` if that tracker is not active;
	/// - `EvidenceFromAnotherDevice` unless `evidence` is the reporting tracker's anchor (for
	///   the custodian, an anchor of one of the shipment's trackers), `EvidenceNotAnchored` if it
	///   names no anchor, `EvidenceBeforeShipment` if it was anchored before the shipment was
	///   created;
	/// - `TooManyHistoryEntries` if the history is full;
	/// - `CannotPayStorageFee` if `who` cannot pay for the entry.
	pub fn do_record_milestone(
		who: &T::AccountId,
		id: ShipmentId,
		kind: MilestoneKind,
		location: Location<T>,
		evidence: Option<AnchorRef>,
		signature: Option<DeviceSignature>,
	) -> DispatchResult {
		ensure!(kind != MilestoneKind::Delivered, Error::<T>::DeliveredOnlyByAcceptance);
		let mut shipment = Self::open_shipment(id)?;
		let tracker =
			Self::reporting_tracker(who, &shipment, signature.as_ref(), |device, nonce| {
				Self::milestone_payload(id, device, nonce, &kind, &location, &evidence)
			})?;
		let reporter = match &tracker {
			Some(speaker) => Reporter::Tracker {
				device: speaker.device.clone(),
				relayer: speaker.relayer.clone(),
			},
			None if shipment.custodian == *who => Reporter::Custodian(who.clone()),
			None => return Err(Error::<T>::NotCustodianOrTracker.into()),
		};
		if let Some(evidence) = &evidence {
			let own = match &tracker {
				Some(speaker) => evidence.device == speaker.device,
				None => shipment.trackers.iter().any(|slot| slot.device == evidence.device),
			};
			ensure!(own, Error::<T>::EvidenceFromAnotherDevice);
			Self::ensure_anchored(evidence, shipment.created_at)?;
		}
		Self::ensure_history_room(&shipment, Entry::InTransit)?;
		let event = HistoryEvent::Milestone {
			kind,
			location: location.clone(),
			evidence: evidence.clone(),
			reporter: reporter.clone(),
		};
		Self::charge_storage(who, Self::history_bytes(id, &event))?;

		if let Some(speaker) = tracker {
			Self::spend_nonce(&mut shipment, speaker.slot)?;
		}
		let history_index = Self::push_history(id, &mut shipment, event, Entry::InTransit)?;
		Shipments::<T>::insert(id, shipment);
		Self::deposit_event(Event::MilestoneRecorded {
			shipment: id,
			kind,
			location,
			evidence,
			reporter,
			history_index,
		});
		Ok(())
	}

	/// Records a tracker's condition report on shipment `id`, sent by `who`: the tracker itself
	/// or anyone with its `signature`. A range outside the shipment's rule for the metric
	/// marks the shipment `ConditionBreached`; a metric without a rule is recorded and never
	/// breaches. `who` pays the storage fee for the entry.
	///
	/// # Errors
	///
	/// - `InvalidRange` if `observed_min > observed_max`, `InvalidTimeWindow` if
	///   `window_start > window_end`;
	/// - `UnknownShipment` / `ShipmentClosed` / `ShipmentExpired` unless the shipment is open
	///   and within its deadline;
	/// - `NotTracker`, `TrackerNotActive`, `InvalidTrackerSignature` as for
	///   [`Self::do_record_milestone`] (without a signature, `NotTracker` unless `who` is the
	///   current key of one of the trackers), over [`Self::condition_payload`];
	/// - `EvidenceFromAnotherDevice` unless the anchor is the reporting tracker's own,
	///   `EvidenceNotAnchored` if it does not exist, `EvidenceBeforeShipment` if it was anchored
	///   before the shipment was created;
	/// - `TooManyHistoryEntries` if the history is full;
	/// - `CannotPayStorageFee` if `who` cannot pay for the entry.
	pub fn do_report_condition(
		who: &T::AccountId,
		id: ShipmentId,
		observation: ConditionObservation,
		signature: Option<DeviceSignature>,
	) -> DispatchResult {
		ensure!(observation.observed_min <= observation.observed_max, Error::<T>::InvalidRange);
		ensure!(observation.window_start <= observation.window_end, Error::<T>::InvalidTimeWindow);
		let mut shipment = Self::open_shipment(id)?;
		let TrackerSpeaking { slot, device, relayer } =
			Self::reporting_tracker(who, &shipment, signature.as_ref(), |device, nonce| {
				Self::condition_payload(id, device, nonce, &observation)
			})?
			.ok_or(Error::<T>::NotTracker)?;
		ensure!(observation.anchor.device == device, Error::<T>::EvidenceFromAnotherDevice);
		Self::ensure_anchored(&observation.anchor, shipment.created_at)?;
		Self::ensure_history_room(&shipment, Entry::InTransit)?;
		let ConditionObservation {
			metric,
			observed_min,
			observed_max,
			window_start,
			window_end,
			anchor,
		} = observation;
		let rule = shipment.conditions.iter().find(|rule| rule.metric == metric).copied();
		let breached = rule.is_some_and(|rule| !rule.holds_for(observed_min, observed_max));
		let event = HistoryEvent::ConditionReport {
			device: device.clone(),
			relayer: relayer.clone(),
			metric,
			observed_min,
			observed_max,
			window_start,
			window_end,
			anchor: anchor.clone(),
			breached,
		};
		let first_breach = breached && shipment.first_breach.is_none();
		let mut bytes = Self::history_bytes(id, &event);
		if first_breach {
			// The shipment's record keeps the breach's index for good.
			bytes = bytes.saturating_add(core::mem::size_of::<u32>());
		}
		Self::charge_storage(who, bytes)?;

		Self::spend_nonce(&mut shipment, slot)?;
		let history_index = Self::push_history(id, &mut shipment, event, Entry::InTransit)?;
		if first_breach {
			shipment.first_breach = Some(history_index);
			shipment.status = ShipmentStatus::ConditionBreached;
		}
		Shipments::<T>::insert(id, shipment);
		Self::deposit_event(Event::ConditionReported {
			shipment: id,
			device: device.clone(),
			relayer,
			metric,
			observed_min,
			observed_max,
			window_start,
			window_end,
			anchor: anchor.clone(),
			breached,
			history_index,
		});
		if let (true, Some(rule)) = (breached, rule) {
			Self::deposit_event(Event::ConditionBreached {
				shipment: id,
				device,
				metric,
				observed_min,
				observed_max,
				rule_min: rule.min,
				rule_max: rule.max,
				anchor,
				history_index,
			});
		}
		Ok(())
	}

	/// The bytes a tracker signs to have milestone `kind` of shipment `id` relayed, as its report
	/// with nonce `nonce` (see the crate docs).
	pub fn milestone_payload(
		id: ShipmentId,
		device: &T::AccountId,
		nonce: u32,
		kind: &MilestoneKind,
		location: &[u8],
		evidence: &Option<AnchorRef>,
	) -> Vec<u8> {
		signed_payload(
			domain::MILESTONE,
			&chain::genesis_hash::<T>(),
			&(MILESTONE_REPORT, id, device, nonce, kind, location, evidence),
		)
	}

	/// The bytes a tracker signs to have its condition report on shipment `id` relayed, as its
	/// report with nonce `nonce` (see the crate docs).
	pub fn condition_payload(
		id: ShipmentId,
		device: &T::AccountId,
		nonce: u32,
		observation: &ConditionObservation,
	) -> Vec<u8> {
		signed_payload(
			domain::MILESTONE,
			&chain::genesis_hash::<T>(),
			&(CONDITION_REPORT, id, device, nonce, observation),
		)
	}

	/// The tracker that speaks through `who`, if any.
	///
	/// With a signature, the signing device must be a tracker, be active and have signed
	/// `payload(device, its nonce)`; without, `who` must be the current key's account of an
	/// active tracker, or `None` is returned for the caller to decide.
	///
	/// # Errors
	///
	/// `NotTracker`, `TrackerNotActive`, `InvalidTrackerSignature`.
	fn reporting_tracker(
		who: &T::AccountId,
		shipment: &Shipment<T>,
		signature: Option<&DeviceSignature>,
		payload: impl FnOnce(&T::AccountId, u32) -> Vec<u8>,
	) -> Result<Option<TrackerSpeaking<T>>, DispatchError> {
		let Some(DeviceSignature { device, signature }) = signature else {
			let Some(slot) = shipment.trackers.iter().position(|tracker| {
				T::Devices::current_key(&tracker.device)
					.is_some_and(|key| key.into_account() == *who)
			}) else {
				return Ok(None);
			};
			let device = shipment
				.trackers
				.get(slot)
				.map(|tracker| tracker.device.clone())
				.ok_or(Error::<T>::NotTracker)?;
			ensure!(T::Devices::is_active(&device), Error::<T>::TrackerNotActive);
			return Ok(Some(TrackerSpeaking { slot, device, relayer: None }));
		};
		let (slot, tracker) = shipment
			.trackers
			.iter()
			.enumerate()
			.find(|(_, tracker)| tracker.device == *device)
			.ok_or(Error::<T>::NotTracker)?;
		ensure!(T::Devices::is_active(device), Error::<T>::TrackerNotActive);
		ensure!(
			T::Devices::verify_device_signature(device, &payload(device, tracker.nonce), signature),
			Error::<T>::InvalidTrackerSignature
		);
		let sent_by_device =
			T::Devices::current_key(device).is_some_and(|key| key.into_account() == *who);
		let relayer = (!sent_by_device).then(|| who.clone());
		Ok(Some(TrackerSpeaking { slot, device: device.clone(), relayer }))
	}

	/// Counts one more report of the tracker in `slot`, spending its nonce. Nonces stay below
	/// the history's bound, so they never wrap.
	fn spend_nonce(shipment: &mut Shipment<T>, slot: usize) -> DispatchResult {
		let tracker = shipment.trackers.get_mut(slot).ok_or(Error::<T>::NotTracker)?;
		tracker.nonce = tracker.nonce.checked_add(1).ok_or(Error::<T>::TooManyHistoryEntries)?;
		Ok(())
	}

	/// Checks that `anchor` names an anchor made since the shipment was created (in block
	/// `created_at`): readings from before it say nothing about this journey.
	///
	/// # Errors
	///
	/// `EvidenceNotAnchored`, `EvidenceBeforeShipment`.
	fn ensure_anchored(anchor: &AnchorRef, created_at: BlockNumberFor<T>) -> DispatchResult {
		let record = T::Anchors::anchor_record(&anchor.device, anchor.seq)
			.ok_or(Error::<T>::EvidenceNotAnchored)?;
		ensure!(record.block >= created_at, Error::<T>::EvidenceBeforeShipment);
		Ok(())
	}
}
