//! Closing a shipment: the receiver accepts or rejects the delivery.

use alloc::vec::Vec;
use frame_support::{
	defensive, ensure,
	traits::{fungible::MutateHold, tokens::Precision},
	weights::Weight,
	BoundedVec,
};
use iotchain_primitives::{MilestoneHandler, MilestoneKind};
use sp_runtime::{traits::Zero, DispatchError};

use super::Entry;
use crate::{
	BalanceOf, Config, Error, Event, HistoryEvent, HoldReason, LotStatus, Lots, Pallet, Reason,
	Shipment, ShipmentId, ShipmentStatus, Shipments,
};

impl<T: Config> Pallet<T> {
	/// The receiver `who` accepts shipment `id`: it closes, `who` holds its lots, the deposit
	/// returns to the shipper, and, if no rule was broken, `Config::OnMilestone` is told that
	/// the shipment reached `Delivered`, after everything else is written.
	///
	/// If custody is offered to the receiver but not yet taken, accepting the delivery takes it
	/// (recorded as the final handover).
	///
	/// Returns the number of lots and the weight the milestone handler used.
	///
	/// # Errors
	///
	/// - `UnknownShipment`, `AlreadyDelivered`, `ShipmentClosed` (rejected), `NotReceiver`;
	/// - `NotHandedToReceiver` unless the receiver holds custody or has it offered.
	pub fn do_accept_delivery(
		who: &T::AccountId,
		id: ShipmentId,
	) -> Result<(u32, Weight), DispatchError> {
		let mut shipment = Self::shipment_for_receiver(who, id)?;
		let offered_to_receiver =
			shipment.pending_handover.as_ref().is_some_and(|offer| offer.to == *who);
		ensure!(shipment.custodian == *who || offered_to_receiver, Error::<T>::NotHandedToReceiver);

		if shipment.custodian != *who {
			Self::transfer_custody(id, &mut shipment, Entry::Closing)?;
		}
		shipment.pending_handover = None;
		for lot in shipment.lots.iter() {
			Self::free_lot(*lot, id, Some(who));
		}
		let deposit_released = Self::release_deposit(&mut shipment);
		let milestone_signalled = shipment.first_breach.is_none();
		shipment.status = ShipmentStatus::Delivered;
		let history_index = Self::push_history(
			id,
			&mut shipment,
			HistoryEvent::Delivered { receiver: who.clone(), milestone_signalled },
			Entry::Closing,
		)?;
		let lots = shipment.lots.clone();
		Shipments::<T>::insert(id, shipment);
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
			T::OnMilestone::on_milestone(id, MilestoneKind::Delivered)
		} else {
			Weight::zero()
		};
		Ok((lot_count, handler_weight))
	}

	/// The receiver `who` rejects shipment `id` for `reason`: it closes, its lots stay with the
	/// shipper, the deposit returns to the shipper, and nothing is signalled to payments.
	/// Custody stays where it is: the goods go back outside the chain.
	///
	/// Returns the number of lots.
	///
	/// # Errors
	///
	/// `ReasonTooLong`, then `UnknownShipment`, `AlreadyDelivered`, `ShipmentClosed`
	/// (rejected already), `NotReceiver`.
	pub fn do_reject_delivery(
		who: &T::AccountId,
		id: ShipmentId,
		reason: Vec<u8>,
	) -> Result<u32, DispatchError> {
		let reason: Reason<T> =
			BoundedVec::try_from(reason).map_err(|_| Error::<T>::ReasonTooLong)?;
		let mut shipment = Self::shipment_for_receiver(who, id)?;

		shipment.pending_handover = None;
		for lot in shipment.lots.iter() {
			Self::free_lot(*lot, id, None);
		}
		let deposit_released = Self::release_deposit(&mut shipment);
		shipment.status = ShipmentStatus::Rejected;
		let history_index = Self::push_history(
			id,
			&mut shipment,
			HistoryEvent::Rejected { receiver: who.clone(), reason: reason.clone() },
			Entry::Closing,
		)?;
		let lot_count = u32::try_from(shipment.lots.len()).unwrap_or(u32::MAX);
		Shipments::<T>::insert(id, shipment);
		Self::deposit_event(Event::DeliveryRejected {
			shipment: id,
			receiver: who.clone(),
			reason,
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
