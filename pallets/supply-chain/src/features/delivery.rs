//! Closing a shipment: the receiver accepts or rejects the delivery, or, once its deadline has
//! passed, anyone closes it as expired.

use frame_support::{
	defensive, ensure,
	traits::{fungible::MutateHold, tokens::Precision},
	weights::Weight,
};
use iotchain_primitives::{MilestoneHandler, MilestoneKind, ShipmentParties};
use sp_runtime::{traits::Zero, DispatchError};

use super::Entry;
use crate::{
	BalanceOf, Config, Error, Event, HistoryEvent, HoldReason, LotStatus, Lots, Pallet, Reason,
	Shipment, ShipmentId, ShipmentStatus, Shipments, ShipmentsByParty,
};

impl<T: Config> Pallet<T> {
	/// The receiver `who` accepts shipment `id`: it closes, `who` holds its lots, the deposit
	/// returns to the shipper, and, if no rule was broken, `Config::OnMilestone` is told that
	/// the shipment reached `Delivered`, after everything else is written.
	///
	/// If custody is offered to the receiver but not yet taken, accepting the delivery takes it
	/// (recorded as the final handover). The receiver pays the storage fee for the closing
	/// entries and its index entry.
	///
	/// Returns the number of lots and the weight the milestone handler used.
	///
	/// # Errors
	///
	/// - `UnknownShipment`, `AlreadyDelivered`, `ShipmentClosed` (rejected or expired),
	///   `NotReceiver`, `ShipmentExpired` (past its deadline);
	/// - `NotHandedToReceiver` unless the receiver holds custody or has it offered,
	///   `HandoverExpired` if that offer is older than `HandoverTimeout`;
	/// - `CannotPayStorageFee` if `who` cannot pay for the records.
	pub fn do_accept_delivery(
		who: &T::AccountId,
		id: ShipmentId,
	) -> Result<(u32, Weight), DispatchError> {
		let mut shipment = Self::shipment_for_receiver(who, id)?;
		let takes_custody = shipment.custodian != *who;
		if takes_custody {
			let offered_to_receiver =
				shipment.pending_handover.as_ref().is_some_and(|offer| offer.to == *who);
			ensure!(offered_to_receiver, Error::<T>::NotHandedToReceiver);
			Self::ensure_offer_live(&shipment)?;
		}
		let milestone_signalled = shipment.first_breach.is_none();
		let delivered = HistoryEvent::Delivered { receiver: who.clone(), milestone_signalled };
		let mut bytes = Self::history_bytes(id, &delivered);
		if takes_custody {
			bytes = bytes.saturating_add(Self::custody_bytes(id, &shipment));
		} else {
			bytes = bytes.saturating_add(Self::party_bytes(who, id));
		}
		Self::charge_storage(who, bytes)?;

		if takes_custody {
			Self::transfer_custody(id, &mut shipment, Entry::Closing)?;
		}
		shipment.pending_handover = None;
		for lot in shipment.lots.iter() {
			Self::free_lot(*lot, id, Some(who));
		}
		let deposit_released = Self::release_deposit(&mut shipment);
		shipment.status = ShipmentStatus::Delivered;
		let history_index = Self::push_history(id, &mut shipment, delivered, Entry::Closing)?;
		let lots = shipment.lots.clone();
		let parties = ShipmentParties {
			shipper: shipment.shipper.clone(),
			receiver: shipment.receiver.clone(),
		};
		Shipments::<T>::insert(id, shipment);
		ShipmentsByParty::<T>::insert(who, crate::shipment_key(id), ());
		let lot_count = u32::try_from(lots.len()).unwrap_or(u32::MAX);
		Self::deposit_event(Event::DeliveryAccepted {
			shipment: id,
			receiver: who.clone(),
			lots,
			milestone_signalled,
			deposit_released,
			history_index,
		});

		let handler_weight = if milestone_signalled {
			T::OnMilestone::on_milestone(id, MilestoneKind::Delivered, &parties)
		} else {
			Weight::zero()
		};
		Ok((lot_count, handler_weight))
	}

	/// The receiver `who` rejects shipment `id` for `reason`: it closes, its lots stay with the
	/// shipper, the deposit returns to the shipper, and nothing is signalled to payments.
	/// Custody stays where it is: the goods go back outside the chain.
	///
	/// The receiver pays the storage fee for the entry and its index entry.
	///
	/// Returns the number of lots.
	///
	/// # Errors
	///
	/// `UnknownShipment`, `AlreadyDelivered`, `ShipmentClosed` (rejected or expired already),
	/// `NotReceiver`, `ShipmentExpired` (past its deadline), `CannotPayStorageFee`.
	pub fn do_reject_delivery(
		who: &T::AccountId,
		id: ShipmentId,
		reason: Reason<T>,
	) -> Result<u32, DispatchError> {
		let mut shipment = Self::shipment_for_receiver(who, id)?;
		let rejected = HistoryEvent::Rejected { receiver: who.clone(), reason: reason.clone() };
		let bytes = Self::history_bytes(id, &rejected).saturating_add(Self::party_bytes(who, id));
		Self::charge_storage(who, bytes)?;

		shipment.pending_handover = None;
		for lot in shipment.lots.iter() {
			Self::free_lot(*lot, id, None);
		}
		let deposit_released = Self::release_deposit(&mut shipment);
		shipment.status = ShipmentStatus::Rejected;
		let history_index = Self::push_history(id, &mut shipment, rejected, Entry::Closing)?;
		let lot_count = u32::try_from(shipment.lots.len()).unwrap_or(u32::MAX);
		Shipments::<T>::insert(id, shipment);
		ShipmentsByParty::<T>::insert(who, crate::shipment_key(id), ());
		Self::deposit_event(Event::DeliveryRejected {
			shipment: id,
			receiver: who.clone(),
			reason,
			deposit_released,
			history_index,
		});
		Ok(lot_count)
	}

	/// `who` closes shipment `id`, open past its deadline: its lots are the shipper's again, the
	/// deposit returns to the shipper, a pending offer lapses, nothing is signalled to payments.
	/// Custody stays as last recorded: the goods are recovered outside the chain. `who` pays
	/// the storage fee for the closing entry.
	///
	/// Returns the number of lots.
	///
	/// # Errors
	///
	/// `UnknownShipment`, `ShipmentClosed` if it is closed already, `DeadlineNotReached` while
	/// its deadline has not passed, `CannotPayStorageFee`.
	pub fn do_expire_shipment(who: &T::AccountId, id: ShipmentId) -> Result<u32, DispatchError> {
		let mut shipment = Shipments::<T>::get(id).ok_or(Error::<T>::UnknownShipment)?;
		ensure!(shipment.status.is_open(), Error::<T>::ShipmentClosed);
		ensure!(Self::is_past_deadline(&shipment), Error::<T>::DeadlineNotReached);
		let expired = HistoryEvent::Expired { by: who.clone() };
		Self::charge_storage(who, Self::history_bytes(id, &expired))?;

		shipment.pending_handover = None;
		for lot in shipment.lots.iter() {
			Self::free_lot(*lot, id, None);
		}
		let deposit_released = Self::release_deposit(&mut shipment);
		shipment.status = ShipmentStatus::Expired;
		let history_index = Self::push_history(id, &mut shipment, expired, Entry::Closing)?;
		let lots = shipment.lots.clone();
		let deadline = Self::deadline_of(shipment.created_at);
		Shipments::<T>::insert(id, shipment);
		let lot_count = u32::try_from(lots.len()).unwrap_or(u32::MAX);
		Self::deposit_event(Event::ShipmentExpired {
			shipment: id,
			by: who.clone(),
			lots,
			deadline,
			deposit_released,
			history_index,
		});
		Ok(lot_count)
	}

	/// Takes `lot` out of shipment `id`, available again, held by `new_holder` if given.
	fn free_lot(lot: crate::LotId, id: ShipmentId, new_holder: Option<&T::AccountId>) {
		Lots::<T>::mutate(lot, |record| match record {
			Some(record) if record.status == LotStatus::InShipment(id) => {
				record.status = LotStatus::Available;
				if let Some(holder) = new_holder {
					record.holder = holder.clone();
				}
			}
			_ => {
				defensive!("an open shipment's lot exists and travels in it");
			}
		});
	}

	/// Releases the shipment's deposit to its shipper and returns what was released.
	///
	/// Best effort, so that a shipment can always close; `try_state` checks that holds never
	/// fall short of the open shipments' deposits.
	fn release_deposit(shipment: &mut Shipment<T>) -> BalanceOf<T> {
		let deposit = core::mem::replace(&mut shipment.deposit, Zero::zero());
		T::Currency::release(
			&HoldReason::ShipmentDeposit.into(),
			&shipment.shipper,
			deposit,
			Precision::BestEffort,
		)
		.unwrap_or_else(|_| {
			defensive!("a best-effort release cannot fail");
			Zero::zero()
		})
	}
}
