//! Reads for clients and other pallets: the runtime API serves exactly these.

use alloc::{
	collections::{BTreeSet, VecDeque},
	vec::Vec,
};
use frame_system::pallet_prelude::BlockNumberFor;

use crate::{
	shipment_key, shipment_of, BalanceOf, Config, History, HistoryPage, LotId, LotProvenance,
	LotShipments, LotView, Lots, Pallet, PendingHandover, ProvenanceStep, ShipmentId, ShipmentView,
	Shipments, ShipmentsByParty, MAX_HISTORY_PAGE, MAX_PROVENANCE_LOTS, MAX_SHIPMENTS_PAGE,
};

impl<T: Config> Pallet<T> {
	/// Shipment `id`, open or closed.
	pub fn shipment(id: ShipmentId) -> Option<ShipmentView<BalanceOf<T>, BlockNumberFor<T>>> {
		let shipment = Shipments::<T>::get(id)?;
		Some(ShipmentView {
			id,
			shipper: shipment.shipper,
			receiver: shipment.receiver,
			custodian: shipment.custodian,
			pending_handover: shipment.pending_handover.map(|offer| PendingHandover {
				to: offer.to,
				location: offer.location.into_inner(),
				offered_at: offer.offered_at,
			}),
			lots: shipment.lots.into_inner(),
			trackers: shipment.trackers.into_inner(),
			conditions: shipment.conditions.into_inner(),
			agreement: shipment.agreement,
			status: shipment.status,
			first_breach: shipment.first_breach,
			deposit: shipment.deposit,
			created_at: shipment.created_at,
			deadline: Self::deadline_of(shipment.created_at),
			history_len: shipment.history_len,
		})
	}

	/// Up to `limit` (at most [`MAX_HISTORY_PAGE`]) of shipment `id`'s history entries from index
	/// `start` on, oldest first, and where the next page starts. An unknown shipment has an
	/// empty history.
	pub fn history(id: ShipmentId, start: u32, limit: u32) -> HistoryPage<BlockNumberFor<T>> {
		let len = Shipments::<T>::get(id).map_or(0, |shipment| shipment.history_len);
		let end = start.saturating_add(limit.min(MAX_HISTORY_PAGE)).min(len);
		let entries = (start..end)
			.filter_map(|index| {
				History::<T>::get(id, index).map(|entry| (index, entry.into_view()))
			})
			.collect();
		let next = (end < len).then_some(end);
		HistoryPage { entries, next }
	}

	/// Lot `id`, consumed ones included, with the shipments it travelled in.
	pub fn lot(id: LotId) -> Option<LotView<BlockNumberFor<T>>> {
		let lot = Lots::<T>::get(id)?;
		Some(LotView {
			id,
			producer: lot.producer,
			holder: lot.holder,
			product_code: lot.product_code.into_inner(),
			quantity: lot.quantity,
			metadata: lot.metadata.into_inner(),
			inputs: lot.inputs.into_inner(),
			status: lot.status,
			created_at: lot.created_at,
			shipments: LotShipments::<T>::get(id).into_inner(),
		})
	}

	/// Lot `id` and the lots it was made from, back to the lots registered as produced,
	/// breadth first, each with its shipments; at most [`MAX_PROVENANCE_LOTS`] lots, with
	/// `truncated` set if older ones were left out.
	pub fn lot_provenance(id: LotId) -> Option<LotProvenance<BlockNumberFor<T>>> {
		let max = usize::try_from(MAX_PROVENANCE_LOTS).unwrap_or(usize::MAX);
		let mut lots = Vec::new();
		let mut seen = BTreeSet::from([id]);
		let mut queue = VecDeque::from([(0u32, id)]);
		let mut truncated = false;
		while let Some((depth, next)) = queue.pop_front() {
			if lots.len() >= max {
				truncated = true;
				break;
			}
			let Some(lot) = Self::lot(next) else { continue };
			for input in &lot.inputs {
				if seen.insert(*input) {
					queue.push_back((depth.saturating_add(1), *input));
				}
			}
			lots.push(ProvenanceStep { depth, lot });
		}
		(!lots.is_empty()).then_some(LotProvenance { lots, truncated })
	}

	/// One page of the shipments `party` took part in (as shipper, as a custodian, or as the
	/// receiver once it took custody or answered the delivery), in ascending id order.
	///
	/// `start_after` is the last shipment of the previous page (`None` for the first page); at
	/// most `limit` shipments are returned, and never more than [`MAX_SHIPMENTS_PAGE`]. A page
	/// shorter than asked for is the last one.
	pub fn shipments_by_party(
		party: &T::AccountId,
		start_after: Option<ShipmentId>,
		limit: u32,
	) -> Vec<ShipmentView<BalanceOf<T>, BlockNumberFor<T>>> {
		let ids = match start_after {
			Some(cursor) => ShipmentsByParty::<T>::iter_key_prefix_from(
				party,
				ShipmentsByParty::<T>::hashed_key_for(party, shipment_key(cursor)),
			),
			None => ShipmentsByParty::<T>::iter_key_prefix(party),
		};
		let limit = usize::try_from(limit.min(MAX_SHIPMENTS_PAGE)).unwrap_or(usize::MAX);
		// Keys iterate in byte order, which for big-endian ids is their order.
		ids.take(limit).filter_map(|key| Self::shipment(shipment_of(key))).collect()
	}
}
