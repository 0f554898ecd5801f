//! Reads for clients and other pallets: the runtime API serves exactly these.

use alloc::{
	collections::{BTreeSet, VecDeque},
	vec::Vec,
};
use frame_system::pallet_prelude::BlockNumberFor;
use iotchain_primitives::Page;

use crate::{
	shipment_key, shipment_of, BalanceOf, Config, History, HistoryEntryView, LotId, LotProvenance,
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

	/// One page of shipment `id`'s history, oldest first: at most `limit` (and at most
	/// [`MAX_HISTORY_PAGE`]) entries after index `cursor` (from the first entry if `None`),
	/// with the last entry's index as `next` if more follow. An unknown shipment has an empty
	/// history.
	pub fn history(
		id: ShipmentId,
		cursor: Option<u32>,
		limit: u32,
	) -> Page<HistoryEntryView<BlockNumberFor<T>>, u32> {
		let len = Shipments::<T>::get(id).map_or(0, |shipment| shipment.history_len);
		let start = cursor.map_or(0, |cursor| cursor.saturating_add(1));
		let entries = (start..len)
			.filter_map(|index| History::<T>::get(id, index).map(|entry| entry.into_view(index)));
		Page::after(entries, limit.min(MAX_HISTORY_PAGE), |entry| entry.index)
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
	/// receiver once it took custody or answered the delivery), in ascending id order: at most
	/// `limit` (and at most [`MAX_SHIPMENTS_PAGE`]) shipments after shipment `cursor` (from the
	/// first if `None`), with the last one's id as `next` if more follow.
	pub fn shipments_by_party(
		party: &T::AccountId,
		cursor: Option<ShipmentId>,
		limit: u32,
	) -> Page<ShipmentView<BalanceOf<T>, BlockNumberFor<T>>, ShipmentId> {
		let ids = match cursor {
			Some(cursor) => ShipmentsByParty::<T>::iter_key_prefix_from(
				party,
				ShipmentsByParty::<T>::hashed_key_for(party, shipment_key(cursor)),
			),
			None => ShipmentsByParty::<T>::iter_key_prefix(party),
		};
		// Keys iterate in byte order, which for big-endian ids is their order.
		let shipments = ids.filter_map(|key| Self::shipment(shipment_of(key)));
		Page::after(shipments, limit.min(MAX_SHIPMENTS_PAGE), |shipment| shipment.id)
	}
}
