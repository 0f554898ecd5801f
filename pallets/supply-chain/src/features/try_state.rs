//! The invariants of the pallet's storage.

use alloc::collections::{BTreeMap, BTreeSet};
use frame_support::{
	ensure,
	traits::{fungible::InspectHold, Get},
};
use sp_runtime::traits::{Saturating, Zero};

use crate::{
	shipment_of, BalanceOf, Config, History, HistoryEvent, HoldReason, LotShipments, LotStatus,
	Lots, Pallet, Shipment, ShipmentId, ShipmentStatus, Shipments, ShipmentsByParty,
};

impl<T: Config> Pallet<T> {
	/// Checks that custody, lot membership and status agree, and that deposits held agree with
	/// the open shipments:
	/// - each shipment's history has exactly `history_len` entries, starts with its creation,
	///   and its custody transfers lead from the shipper to the current custodian; a closed
	///   shipment's last entry is its delivery or rejection;
	/// - every lot of an open shipment exists, travels in it and is held by the shipper; no lot
	///   travels in a closed shipment; every lot in a shipment lists it among its shipments;
	/// - a lot in a shipment is in an open shipment that lists it; a consumed lot is an input
	///   of the lot it went into, and every input is consumed into its output;
	/// - an open shipment is `ConditionBreached` exactly when it has a first breach, which is a
	///   breaching condition report; a closed one has no pending handover and no deposit;
	/// - the accounts indexed as its parties are exactly those that took part: its shipper,
	///   every account that accepted custody, and its receiver once it answered the delivery
	///   (nobody is indexed by someone else's call alone); every index entry names an existing
	///   shipment;
	/// - each account's held shipment deposits equal its open shipments' deposits.
	///
	/// # Errors
	///
	/// Names the first invariant found broken.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let mut held: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut indexed: BTreeMap<ShipmentId, BTreeSet<T::AccountId>> = BTreeMap::new();
		for (party, key) in ShipmentsByParty::<T>::iter_keys() {
			indexed.entry(shipment_of(key)).or_default().insert(party);
		}
		for (id, shipment) in Shipments::<T>::iter() {
			let took_part = Self::check_history(id, &shipment)?;
			Self::check_lots_of(id, &shipment)?;
			ensure!(
				indexed.remove(&id).unwrap_or_default() == took_part,
				"a shipment's indexed parties are not the accounts that took part in it"
			);
			let deposit = held.entry(shipment.shipper.clone()).or_insert_with(Zero::zero);
			if shipment.status.is_open() {
				ensure!(
					(shipment.status == ShipmentStatus::ConditionBreached)
						== shipment.first_breach.is_some(),
					"an open shipment's status disagrees with its first breach"
				);
				if let Some(offer) = &shipment.pending_handover {
					ensure!(offer.to != shipment.custodian, "custody is offered to the custodian");
				}
				*deposit = deposit.saturating_add(shipment.deposit);
			} else {
				ensure!(shipment.pending_handover.is_none(), "a closed shipment offers custody");
				ensure!(shipment.deposit.is_zero(), "a closed shipment still has a deposit");
			}
		}

		for (id, lot) in Lots::<T>::iter() {
			match lot.status {
				LotStatus::InShipment(shipment) => {
					let shipment = Shipments::<T>::get(shipment)
						.ok_or("a lot travels in a shipment that does not exist")?;
					ensure!(shipment.status.is_open(), "a lot travels in a closed shipment");
					ensure!(shipment.lots.contains(&id), "a lot travels in a shipment without it");
				}
				LotStatus::Consumed { into } => {
					let output = Lots::<T>::get(into).ok_or("a lot was consumed into no lot")?;
					ensure!(
						output.inputs.contains(&id),
						"a consumed lot is not its output's input"
					);
				}
				LotStatus::Available => {}
			}
			for input in lot.inputs.iter() {
				let input = Lots::<T>::get(input).ok_or("a lot's input does not exist")?;
				ensure!(
					input.status == LotStatus::Consumed { into: id },
					"a lot's input is not consumed into it"
				);
			}
		}

		for (lot, shipments) in LotShipments::<T>::iter() {
			ensure!(Lots::<T>::contains_key(lot), "shipments are listed for no lot");
			for id in shipments.iter() {
				let shipment = Shipments::<T>::get(id).ok_or("a lot lists an unknown shipment")?;
				ensure!(shipment.lots.contains(&lot), "a lot lists a shipment without it");
			}
		}

		ensure!(indexed.is_empty(), "a party is indexed for no shipment");

		for (id, index) in History::<T>::iter_keys() {
			let shipment = Shipments::<T>::get(id).ok_or("history is kept for no shipment")?;
			ensure!(index < shipment.history_len, "a history entry is beyond the history's length");
		}

		for (account, recorded) in held {
			let on_hold =
				T::Currency::balance_on_hold(&HoldReason::ShipmentDeposit.into(), &account);
			ensure!(
				on_hold == recorded,
				"an account's held shipment deposits differ from its open shipments' deposits"
			);
		}
		Ok(())
	}

	/// The shipment's history: complete, starting with its creation, custody moves leading to
	/// its custodian, a first breach that is a breaching report, a closing entry if closed.
	///
	/// Returns the accounts that took part: the shipper, every account that accepted custody,
	/// and the receiver if it accepted or rejected the delivery.
	fn check_history(
		id: ShipmentId,
		shipment: &Shipment<T>,
	) -> Result<BTreeSet<T::AccountId>, &'static str> {
		ensure!(
			shipment.history_len <= T::MaxHistoryPerShipment::get().saturating_add(2),
			"a shipment's history exceeds its bound"
		);
		let mut custodian = shipment.shipper.clone();
		let mut took_part = BTreeSet::from([shipment.shipper.clone()]);
		let mut last = None;
		for index in 0..shipment.history_len {
			let entry = History::<T>::get(id, index).ok_or("a history entry is missing")?;
			match &entry.event {
				HistoryEvent::Created { shipper, receiver } => {
					ensure!(index == 0, "a shipment is created twice");
					ensure!(
						*shipper == shipment.shipper && *receiver == shipment.receiver,
						"a shipment's creation names other parties"
					);
				}
				HistoryEvent::CustodyTransferred { from, to, .. } => {
					ensure!(*from == custodian, "custody passed from an account that lacked it");
					custodian = to.clone();
					took_part.insert(to.clone());
				}
				HistoryEvent::Delivered { receiver, .. }
				| HistoryEvent::Rejected { receiver, .. } => {
					ensure!(index > 0, "a shipment's history does not start with its creation");
					ensure!(*receiver == shipment.receiver, "a delivery was answered by another");
					took_part.insert(receiver.clone());
				}
				_ => ensure!(index > 0, "a shipment's history does not start with its creation"),
			}
			if shipment.first_breach == Some(index) {
				ensure!(
					matches!(entry.event, HistoryEvent::ConditionReport { breached: true, .. }),
					"a shipment's first breach is not a breaching report"
				);
			}
			last = Some(entry.event);
		}
		ensure!(custodian == shipment.custodian, "custody disagrees with the custody history");
		match shipment.status {
			ShipmentStatus::Delivered => ensure!(
				matches!(last, Some(HistoryEvent::Delivered { .. })),
				"a delivered shipment's history does not end with its delivery"
			),
			ShipmentStatus::Rejected => ensure!(
				matches!(last, Some(HistoryEvent::Rejected { .. })),
				"a rejected shipment's history does not end with its rejection"
			),
			ShipmentStatus::Expired => ensure!(
				matches!(last, Some(HistoryEvent::Expired { .. })),
				"an expired shipment's history does not end with its expiry"
			),
			ShipmentStatus::InTransit | ShipmentStatus::ConditionBreached => {
				ensure!(last.is_some(), "an open shipment has no history")
			}
		}
		Ok(took_part)
	}

	/// The shipment's lots: open, they travel in it and are the shipper's; closed, they are free.
	fn check_lots_of(id: ShipmentId, shipment: &Shipment<T>) -> Result<(), &'static str> {
		for lot in shipment.lots.iter() {
			let record =
				Lots::<T>::get(lot).ok_or("a shipment carries a lot that does not exist")?;
			if shipment.status.is_open() {
				ensure!(
					record.status == LotStatus::InShipment(id),
					"an open shipment's lot does not travel in it"
				);
				ensure!(
					record.holder == shipment.shipper,
					"an open shipment's lot is not the shipper's"
				);
			} else {
				ensure!(
					record.status != LotStatus::InShipment(id),
					"a closed shipment still holds a lot"
				);
			}
			ensure!(
				LotShipments::<T>::get(lot).contains(&id),
				"a shipment's lot does not list the shipment"
			);
		}
		Ok(())
	}
}
