//! Two-party custody: the custodian offers, the named account accepts or declines.

use alloc::vec::Vec;
use frame_support::ensure;
use sp_runtime::{DispatchError, DispatchResult};

use super::Entry;
use crate::{
	Config, Error, Event, HistoryEvent, Pallet, PendingHandover, Shipment, ShipmentId, Shipments,
	ShipmentsByParty,
};

impl<T: Config> Pallet<T> {
	/// Offers custody of shipment `id` from its custodian `who` to `to` at `location`,
	/// replacing a pending offer.
	///
	/// # Errors
	///
	/// - `LocationTooLong` if `location` exceeds `MaxLocationLen`;
	/// - `UnknownShipment` / `ShipmentClosed` unless the shipment is open;
	/// - `NotCustodian` unless `who` holds custody, `HandoverToSelf` if `to` is `who`.
	pub fn do_handover(
		who: &T::AccountId,
		id: ShipmentId,
		to: T::AccountId,
		location: Vec<u8>,
	) -> DispatchResult {
		let location = Self::bounded_location(location)?;
		let mut shipment = Self::open_shipment(id)?;
		ensure!(shipment.custodian == *who, Error::<T>::NotCustodian);
		ensure!(to != *who, Error::<T>::HandoverToSelf);

		let offered_at = frame_system::Pallet::<T>::block_number();
		let replaced = shipment
			.pending_handover
			.replace(PendingHandover { to: to.clone(), location: location.clone(), offered_at })
			.map(|previous| previous.to);
		Shipments::<T>::insert(id, shipment);
		Self::deposit_event(Event::HandoverOffered {
			shipment: id,
			from: who.clone(),
			to,
			location,
			replaced,
		});
		Ok(())
	}

	/// `who` takes custody of shipment `id`, offered to it; the move is recorded in the history
	/// and `who` becomes a party of the shipment.
	///
	/// # Errors
	///
	/// - `UnknownShipment` / `ShipmentClosed` unless the shipment is open;
	/// - `NoPendingHandover` if custody is not offered, `NotHandoverRecipient` if it is offered
	///   to another account;
	/// - `TooManyHistoryEntries` if the history is full.
	pub fn do_accept_handover(who: &T::AccountId, id: ShipmentId) -> DispatchResult {
		let mut shipment = Self::open_shipment(id)?;
		Self::ensure_offered_to(&shipment, who)?;
		Self::ensure_history_room(&shipment, Entry::InTransit)?;
		Self::transfer_custody(id, &mut shipment, Entry::InTransit)?;
		Shipments::<T>::insert(id, shipment);
		Ok(())
	}

	/// `who` refuses custody of shipment `id`, offered to it; custody stays with the custodian.
	///
	/// # Errors
	///
	/// `UnknownShipment`, `ShipmentClosed`, `NoPendingHandover`, `NotHandoverRecipient` as for
	/// [`Self::do_accept_handover`].
	pub fn do_decline_handover(who: &T::AccountId, id: ShipmentId) -> DispatchResult {
		let mut shipment = Self::open_shipment(id)?;
		Self::ensure_offered_to(&shipment, who)?;
		shipment.pending_handover = None;
		let custodian = shipment.custodian.clone();
		Shipments::<T>::insert(id, shipment);
		Self::deposit_event(Event::HandoverDeclined { shipment: id, custodian, to: who.clone() });
		Ok(())
	}

	/// The custodian `who` withdraws its offer of shipment `id`'s custody.
	///
	/// # Errors
	///
	/// `UnknownShipment` / `ShipmentClosed` unless the shipment is open, `NotCustodian` unless
	/// `who` holds custody, `NoPendingHandover` if nothing is offered.
	pub fn do_cancel_handover(who: &T::AccountId, id: ShipmentId) -> DispatchResult {
		let mut shipment = Self::open_shipment(id)?;
		ensure!(shipment.custodian == *who, Error::<T>::NotCustodian);
		let offer = shipment.pending_handover.take().ok_or(Error::<T>::NoPendingHandover)?;
		Shipments::<T>::insert(id, shipment);
		Self::deposit_event(Event::HandoverCancelled {
			shipment: id,
			custodian: who.clone(),
			to: offer.to,
		});
		Ok(())
	}

	/// Checks that custody of `shipment` is offered to `who`.
	///
	/// # Errors
	///
	/// `NoPendingHandover`, `NotHandoverRecipient`.
	pub(crate) fn ensure_offered_to(shipment: &Shipment<T>, who: &T::AccountId) -> DispatchResult {
		let offer = shipment.pending_handover.as_ref().ok_or(Error::<T>::NoPendingHandover)?;
		ensure!(offer.to == *who, Error::<T>::NotHandoverRecipient);
		Ok(())
	}

	/// Moves custody to the pending offer's recipient, records it and indexes the new
	/// custodian. The caller checked the offer and stores `shipment` afterwards.
	pub(crate) fn transfer_custody(
		id: ShipmentId,
		shipment: &mut Shipment<T>,
		entry: Entry,
	) -> Result<(), DispatchError> {
		let offer = shipment.pending_handover.take().ok_or(Error::<T>::NoPendingHandover)?;
		let from = core::mem::replace(&mut shipment.custodian, offer.to.clone());
		let history_index = Self::push_history(
			id,
			shipment,
			HistoryEvent::CustodyTransferred {
				from: from.clone(),
				to: offer.to.clone(),
				location: offer.location.clone(),
			},
			entry,
		)?;
		ShipmentsByParty::<T>::insert(&offer.to, crate::shipment_key(id), ());
		Self::deposit_event(Event::HandoverAccepted {
			shipment: id,
			from,
			to: offer.to,
			location: offer.location,
			history_index,
		});
		Ok(())
	}
}
