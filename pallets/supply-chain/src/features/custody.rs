//! Two-party custody: the custodian offers, the named account accepts or declines.

use frame_support::{ensure, traits::Get};
use sp_runtime::{traits::Saturating, DispatchError, DispatchResult};

use super::Entry;
use crate::{
	Config, Error, Event, HistoryEvent, Location, Pallet, PendingHandover, Shipment, ShipmentId,
	Shipments, ShipmentsByParty,
};

impl<T: Config> Pallet<T> {
	/// Offers custody of shipment `id` from its custodian `who` to `to` at `location`,
	/// replacing a pending offer.
	///
	/// # Errors
	///
	/// - `UnknownShipment` / `ShipmentClosed` / `ShipmentExpired` unless the shipment is open
	///   and within its deadline;
	/// - `NotCustodian` unless `who` holds custody, `HandoverToSelf` if `to` is `who`.
	pub fn do_handover(
		who: &T::AccountId,
		id: ShipmentId,
		to: T::AccountId,
		location: Location<T>,
	) -> DispatchResult {
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
	/// and `who` becomes a party of the shipment, paying the storage fee for both records.
	///
	/// # Errors
	///
	/// - `UnknownShipment` / `ShipmentClosed` / `ShipmentExpired` unless the shipment is open
	///   and within its deadline;
	/// - `NoPendingHandover` if custody is not offered, `NotHandoverRecipient` if it is offered
	///   to another account, `HandoverExpired` if the offer is older than `HandoverTimeout`;
	/// - `TooManyHistoryEntries` if the history is full;
	/// - `CannotPayStorageFee` if `who` cannot pay for the records.
	pub fn do_accept_handover(who: &T::AccountId, id: ShipmentId) -> DispatchResult {
		let mut shipment = Self::open_shipment(id)?;
		Self::ensure_offered_to(&shipment, who)?;
		Self::ensure_offer_live(&shipment)?;
		Self::ensure_history_room(&shipment, Entry::InTransit)?;
		Self::charge_storage(who, Self::custody_bytes(id, &shipment))?;
		Self::transfer_custody(id, &mut shipment, Entry::InTransit)?;
		Shipments::<T>::insert(id, shipment);
		Ok(())
	}

	/// `who` refuses custody of shipment `id`, offered to it; custody stays with the custodian.
	///
	/// # Errors
	///
	/// `UnknownShipment`, `ShipmentClosed`, `ShipmentExpired`, `NoPendingHandover`,
	/// `NotHandoverRecipient` as for [`Self::do_accept_handover`]; an expired offer may be
	/// declined.
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
	/// `UnknownShipment` / `ShipmentClosed` / `ShipmentExpired` unless the shipment is open and
	/// within its deadline, `NotCustodian` unless `who` holds custody, `NoPendingHandover` if
	/// nothing is offered.
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

	/// Checks that the pending offer of `shipment`'s custody is at most `HandoverTimeout` blocks
	/// old.
	///
	/// # Errors
	///
	/// `NoPendingHandover`, `HandoverExpired`.
	pub(crate) fn ensure_offer_live(shipment: &Shipment<T>) -> DispatchResult {
		let offer = shipment.pending_handover.as_ref().ok_or(Error::<T>::NoPendingHandover)?;
		let expires = offer.offered_at.saturating_add(T::HandoverTimeout::get());
		ensure!(frame_system::Pallet::<T>::block_number() <= expires, Error::<T>::HandoverExpired);
		Ok(())
	}

	/// The bytes taking the pending offer of `shipment`'s custody keeps forever: the custody
	/// entry and, if new, the recipient's index entry. Nothing if nothing is offered.
	pub(crate) fn custody_bytes(id: ShipmentId, shipment: &Shipment<T>) -> usize {
		let Some(offer) = shipment.pending_handover.as_ref() else { return 0 };
		let event = HistoryEvent::CustodyTransferred {
			from: shipment.custodian.clone(),
			to: offer.to.clone(),
			location: offer.location.clone(),
		};
		Self::history_bytes(id, &event).saturating_add(Self::party_bytes(&offer.to, id))
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
