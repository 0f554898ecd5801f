//! Delivery: proofs that a listed device's readings reached the chain in a period.

use frame_support::{ensure, traits::Get};
use iotchain_primitives::{chain, AnchorKind, AnchorLookup, KeyHistory};
use sp_runtime::{DispatchError, DispatchResult};

use super::ListingOf;
use crate::{
	Config, Deliveries, Delivery, DeliveryProof, DeliveryProofOf, Error, Event, ListingId,
	Listings, Pallet, PeriodIndex,
};

/// The window of a period in the chain's milliseconds, and the last moment an anchor of its
/// readings counts.
struct Window {
	start: u64,
	end: u64,
	deadline: u64,
}

impl Window {
	fn contains(&self, moment: u64) -> bool {
		(self.start..self.end).contains(&moment)
	}
}

impl<T: Config> Pallet<T> {
	/// Counts the readings `proofs` prove delivered in `period` of `listing`, each anchor and
	/// envelope once, up to the listing's promise.
	///
	/// A reading counts if its time falls in the period (the device's timestamp; the chain's
	/// time for a single-reading anchor), its anchor reached the chain no earlier than that
	/// time and before the period ended plus `DeliveryGrace`, and, for an envelope under a
	/// gateway's aggregate, the device signed it with the key it held at the aggregate's block.
	/// The whole call fails on the first proof that does not hold.
	///
	/// # Errors
	///
	/// - `InvalidProofCount`; `UnknownListing`; `NoGrantForPeriod` unless an unsettled grant
	///   covers the period; `ProofWindowClosed` after its end plus `DeliveryGrace`;
	///   `AlreadyDelivered` once the promise is met;
	/// - per proof: `ProofOutOfOrder`, `UnknownAnchor`, `NotOwnReadings`, `NotAnAggregate`,
	///   `WrongDevice`, `InvalidProof`, `InvalidSignature`, `OutsidePeriod`, `AnchoredTooLate`,
	///   `AnchoredBeforeReading`.
	pub fn do_prove_delivery(
		listing_id: ListingId,
		period: PeriodIndex,
		proofs: alloc::vec::Vec<DeliveryProofOf<T>>,
	) -> DispatchResult {
		let count = u32::try_from(proofs.len()).unwrap_or(u32::MAX);
		ensure!((1..=T::MaxProofsPerCall::get()).contains(&count), Error::<T>::InvalidProofCount);
		let listing = Listings::<T>::get(listing_id).ok_or(Error::<T>::UnknownListing)?;
		let mut delivery =
			Deliveries::<T>::get(listing_id, period).ok_or(Error::<T>::NoGrantForPeriod)?;
		let end = listing.period_start(period.saturating_add(1));
		let window = Window {
			start: listing.period_start(period),
			end,
			deadline: end.saturating_add(T::DeliveryGrace::get()),
		};
		ensure!(Self::now() < window.deadline, Error::<T>::ProofWindowClosed);
		let promised = listing.terms.min_readings;
		ensure!(delivery.readings < promised, Error::<T>::AlreadyDelivered);
		for proof in proofs {
			let readings = Self::count_proof(&listing, &window, &mut delivery, proof)?;
			delivery.readings = delivery.readings.saturating_add(readings).min(promised);
		}
		Deliveries::<T>::insert(listing_id, period, delivery);
		Self::deposit_event(Event::DeliveryProven {
			listing: listing_id,
			period,
			readings: delivery.readings,
		});
		Ok(())
	}

	/// The readings one proof proves in `window`, recording the number it used in `delivery`.
	fn count_proof(
		listing: &ListingOf<T>,
		window: &Window,
		delivery: &mut Delivery,
		proof: DeliveryProofOf<T>,
	) -> Result<u32, DispatchError> {
		match proof {
			DeliveryProof::Anchor { seq } => {
				ensure!(
					delivery.last_anchor_seq.is_none_or(|last| seq > last),
					Error::<T>::ProofOutOfOrder
				);
				let record = T::Anchors::anchor_record(&listing.device, seq)
					.ok_or(Error::<T>::UnknownAnchor)?;
				let (readings, taken_until) = match record.kind {
					AnchorKind::Reading => {
						ensure!(window.contains(record.moment), Error::<T>::OutsidePeriod);
						(1, record.moment)
					}
					AnchorKind::Batch { leaf_count, first_ts, last_ts } => {
						ensure!(
							window.contains(first_ts) && window.contains(last_ts),
							Error::<T>::OutsidePeriod
						);
						(leaf_count, last_ts)
					}
					AnchorKind::Aggregate { .. } => return Err(Error::<T>::NotOwnReadings.into()),
				};
				ensure!(record.moment >= taken_until, Error::<T>::AnchoredBeforeReading);
				ensure!(record.moment < window.deadline, Error::<T>::AnchoredTooLate);
				delivery.last_anchor_seq = Some(seq);
				Ok(readings)
			}
			DeliveryProof::Aggregated { gateway, aggregate_seq, envelope, leaf_index, proof } => {
				ensure!(envelope.device == listing.device, Error::<T>::WrongDevice);
				ensure!(
					delivery.last_reading_seq.is_none_or(|last| envelope.seq > last),
					Error::<T>::ProofOutOfOrder
				);
				ensure!(window.contains(envelope.timestamp), Error::<T>::OutsidePeriod);
				let record = T::Anchors::anchor_record(&gateway, aggregate_seq)
					.ok_or(Error::<T>::UnknownAnchor)?;
				ensure!(
					matches!(record.kind, AnchorKind::Aggregate { .. }),
					Error::<T>::NotAnAggregate
				);
				let anchored = record
					.verify(&envelope.leaf(), leaf_index, &proof)
					.map_err(|_| Error::<T>::InvalidProof)?;
				ensure!(anchored.moment >= envelope.timestamp, Error::<T>::AnchoredBeforeReading);
				ensure!(anchored.moment < window.deadline, Error::<T>::AnchoredTooLate);
				let key = T::Devices::key_at(&envelope.device, anchored.block)
					.ok_or(Error::<T>::InvalidSignature)?;
				ensure!(
					envelope.is_signed_by(&key, &chain::genesis_hash::<T>()),
					Error::<T>::InvalidSignature
				);
				delivery.last_reading_seq = Some(envelope.seq);
				Ok(1)
			}
		}
	}
}
