//! Creating shipments: lots, rules, trackers, the linked agreement and the deposit.

use alloc::{collections::BTreeSet, vec::Vec};
use codec::Encode;
use frame_support::{ensure, traits::fungible::MutateHold, BoundedVec};
use iotchain_primitives::{DeviceLookup, EscrowLookup};
use sp_runtime::DispatchResult;

use super::Entry;
use crate::{
	AgreementId, ConditionRule, Config, Error, Event, HistoryEvent, HoldReason, LotId,
	LotShipments, LotStatus, Lots, MilestoneKind, Pallet, Shipment, ShipmentId, ShipmentStatus,
	Shipments, ShipmentsByParty, Tracker,
};

impl<T: Config> Pallet<T> {
	/// Creates shipment `id` of `lots`, held by `shipper`, for `receiver`, holds the deposit
	/// from `shipper`, its first custodian, and takes from it the storage fee for what the
	/// shipment keeps forever: its record, its creation entry, the lots' shipment lists and the
	/// shipper's index entry. The receiver is not indexed until it takes part.
	///
	/// # Errors
	///
	/// - `ShipmentExists` if a shipment has this id, `ReceiverIsShipper` if `receiver` is
	///   `shipper`;
	/// - `NoLots` / `DuplicateLot` for the lot list, `DuplicateTracker` for the trackers,
	///   `InvalidRange` / `DuplicateCondition` for the rules;
	/// - for each lot: `UnknownLot`, `LotConsumed`, `LotInOpenShipment`, `NotLotHolder`,
	///   `TooManyShipmentsForLot`;
	/// - for each tracker: `TrackerNotActive` unless it is a registered, active device,
	///   `NotTrackerOperator` unless `shipper` is its owner or one of its operators;
	/// - `AgreementMismatch` unless `agreement` waits on this shipment's `Delivered` milestone,
	///   `AgreementNotBetweenParties` unless its payer is `shipper` or `receiver`;
	/// - `CannotPayDeposit` if `shipper` cannot hold the deposit, then `CannotPayStorageFee` if
	///   it cannot pay the storage fee.
	pub fn do_create_shipment(
		shipper: &T::AccountId,
		id: ShipmentId,
		lots: BoundedVec<LotId, T::MaxLotsPerShipment>,
		receiver: T::AccountId,
		conditions: BoundedVec<ConditionRule, T::MaxConditionsPerShipment>,
		trackers: BoundedVec<T::AccountId, T::MaxTrackersPerShipment>,
		agreement: Option<AgreementId>,
	) -> DispatchResult {
		ensure!(!Shipments::<T>::contains_key(id), Error::<T>::ShipmentExists);
		ensure!(receiver != *shipper, Error::<T>::ReceiverIsShipper);
		ensure!(!lots.is_empty(), Error::<T>::NoLots);
		Self::ensure_distinct(&lots)?;
		let distinct: BTreeSet<&T::AccountId> = trackers.iter().collect();
		ensure!(distinct.len() == trackers.len(), Error::<T>::DuplicateTracker);
		Self::check_conditions(&conditions)?;

		let mut records = Vec::with_capacity(lots.len());
		let mut bytes = 0usize;
		for lot in lots.iter() {
			let record = Self::available_lot(shipper, *lot)?;
			let mut travelled = LotShipments::<T>::get(lot);
			let before = if travelled.is_empty() {
				0
			} else {
				LotShipments::<T>::hashed_key_for(lot)
					.len()
					.saturating_add(travelled.encoded_size())
			};
			travelled.try_push(id).map_err(|_| Error::<T>::TooManyShipmentsForLot)?;
			let after = LotShipments::<T>::hashed_key_for(lot)
				.len()
				.saturating_add(travelled.encoded_size());
			bytes = bytes.saturating_add(after.saturating_sub(before));
			records.push((*lot, record, travelled));
		}
		for tracker in trackers.iter() {
			ensure!(T::Devices::is_active(tracker), Error::<T>::TrackerNotActive);
			ensure!(T::Devices::can_act_for(shipper, tracker), Error::<T>::NotTrackerOperator);
		}
		if let Some(agreement) = agreement {
			Self::ensure_agreement_fits(agreement, id, shipper, &receiver)?;
		}
		let items = lots.len().saturating_add(trackers.len()).saturating_add(conditions.len());
		let deposit = Self::deposit_for(u32::try_from(items).unwrap_or(u32::MAX));
		let tracker_slots = BoundedVec::truncate_from(
			trackers.iter().map(|device| Tracker { device: device.clone(), nonce: 0 }).collect(),
		);
		let mut shipment = Shipment::<T> {
			shipper: shipper.clone(),
			receiver: receiver.clone(),
			custodian: shipper.clone(),
			pending_handover: None,
			lots: lots.clone(),
			trackers: tracker_slots,
			conditions: conditions.clone(),
			agreement,
			status: ShipmentStatus::InTransit,
			first_breach: None,
			deposit,
			created_at: frame_system::Pallet::<T>::block_number(),
			history_len: 0,
		};
		let created =
			HistoryEvent::Created { shipper: shipper.clone(), receiver: receiver.clone() };
		bytes = bytes
			.saturating_add(Shipments::<T>::hashed_key_for(id).len())
			.saturating_add(shipment.encoded_size())
			.saturating_add(Self::history_bytes(id, &created))
			.saturating_add(Self::party_bytes(shipper, id));
		T::Currency::hold(&HoldReason::ShipmentDeposit.into(), shipper, deposit)
			.map_err(|_| Error::<T>::CannotPayDeposit)?;
		Self::charge_storage(shipper, bytes)?;

		for (lot, mut record, travelled) in records {
			record.status = LotStatus::InShipment(id);
			Lots::<T>::insert(lot, record);
			LotShipments::<T>::insert(lot, travelled);
		}
		Self::push_history(id, &mut shipment, created, Entry::InTransit)?;
		Shipments::<T>::insert(id, shipment);
		ShipmentsByParty::<T>::insert(shipper, crate::shipment_key(id), ());
		Self::deposit_event(Event::ShipmentCreated {
			shipment: id,
			shipper: shipper.clone(),
			receiver,
			lots,
			conditions,
			trackers,
			agreement,
			deposit,
		});
		Ok(())
	}

	/// Checks that each rule is a proper range, one per metric.
	///
	/// # Errors
	///
	/// `InvalidRange`, `DuplicateCondition`.
	fn check_conditions(conditions: &[ConditionRule]) -> DispatchResult {
		ensure!(conditions.iter().all(|rule| rule.min <= rule.max), Error::<T>::InvalidRange);
		let metrics: BTreeSet<_> = conditions.iter().map(|rule| rule.metric).collect();
		ensure!(metrics.len() == conditions.len(), Error::<T>::DuplicateCondition);
		Ok(())
	}

	/// Checks that `agreement` pays on this shipment's delivery and that its payer is a party.
	///
	/// The payer is the one whose money moves, so it must be the shipper or the receiver: either
	/// the release needs the payer's own acceptance (payer = receiver), or a receiver the payer
	/// chose (payer = shipper). The payee is usually the carrier, not known when the shipment is
	/// created, and is not constrained.
	fn ensure_agreement_fits(
		agreement: AgreementId,
		id: ShipmentId,
		shipper: &T::AccountId,
		receiver: &T::AccountId,
	) -> DispatchResult {
		ensure!(
			T::Escrows::milestone_condition(agreement) == Some((id, MilestoneKind::Delivered)),
			Error::<T>::AgreementMismatch
		);
		let (payer, _payee) =
			T::Escrows::parties(agreement).ok_or(Error::<T>::AgreementMismatch)?;
		ensure!(payer == *shipper || payer == *receiver, Error::<T>::AgreementNotBetweenParties);
		Ok(())
	}
}
