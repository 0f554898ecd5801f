//! The calls' logic, one file per concern, as `do_*` functions that the dispatchables, other
//! pallets and tests call. Each checks everything before it writes anything; the dispatchables
//! only check origins.

mod custody;
mod delivery;
mod lots;
mod read;
mod reports;
mod shipments;
#[cfg(any(feature = "try-runtime", test))]
mod try_state;

use codec::Encode;
use frame_support::{
	ensure,
	traits::{
		fungible::Balanced,
		tokens::{imbalance::OnUnbalanced, Fortitude, Precision, Preservation},
		Get,
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use iotchain_primitives::chain;
use sp_runtime::{
	traits::{Saturating, Zero},
	DispatchError, DispatchResult,
};

use crate::{
	BalanceOf, Config, Error, History, HistoryEntry, HistoryEvent, Location, Pallet, Shipment,
	ShipmentId, ShipmentStatus, Shipments, ShipmentsByParty,
};

/// Whether a history entry is recorded in transit, within `MaxHistoryPerShipment`, or closes the
/// shipment and is always allowed.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Entry {
	/// Counted against `MaxHistoryPerShipment`.
	InTransit,
	/// Closes the shipment (an implied final handover, the delivery or rejection).
	Closing,
}

impl<T: Config> Pallet<T> {
	/// The length of a bounded call parameter as a weight component.
	pub(crate) fn count(len: usize) -> u32 {
		u32::try_from(len).unwrap_or(u32::MAX)
	}

	/// The last block in which a shipment created in `created_at` takes calls while open.
	pub fn deadline_of(created_at: BlockNumberFor<T>) -> BlockNumberFor<T> {
		created_at.saturating_add(T::ShipmentTimeout::get())
	}

	/// Whether `shipment`'s deadline has passed.
	pub(crate) fn is_past_deadline(shipment: &Shipment<T>) -> bool {
		frame_system::Pallet::<T>::block_number() > Self::deadline_of(shipment.created_at)
	}

	/// The shipment `id`, which must be open and within its deadline.
	///
	/// # Errors
	///
	/// `UnknownShipment` if there is none, `ShipmentClosed` if it is closed, `ShipmentExpired`
	/// if its deadline has passed.
	pub(crate) fn open_shipment(id: ShipmentId) -> Result<Shipment<T>, DispatchError> {
		let shipment = Shipments::<T>::get(id).ok_or(Error::<T>::UnknownShipment)?;
		ensure!(shipment.status.is_open(), Error::<T>::ShipmentClosed);
		ensure!(!Self::is_past_deadline(&shipment), Error::<T>::ShipmentExpired);
		Ok(shipment)
	}

	/// The shipment `id`, for its receiver to accept or reject.
	///
	/// # Errors
	///
	/// `UnknownShipment`, `AlreadyDelivered` if it was delivered, `ShipmentClosed` if it was
	/// rejected or expired, `NotReceiver` unless `who` is its receiver, `ShipmentExpired` if its
	/// deadline has passed.
	pub(crate) fn shipment_for_receiver(
		who: &T::AccountId,
		id: ShipmentId,
	) -> Result<Shipment<T>, DispatchError> {
		let shipment = Shipments::<T>::get(id).ok_or(Error::<T>::UnknownShipment)?;
		match shipment.status {
			ShipmentStatus::Delivered => return Err(Error::<T>::AlreadyDelivered.into()),
			ShipmentStatus::Rejected | ShipmentStatus::Expired => {
				return Err(Error::<T>::ShipmentClosed.into())
			}
			ShipmentStatus::InTransit | ShipmentStatus::ConditionBreached => {}
		}
		ensure!(shipment.receiver == *who, Error::<T>::NotReceiver);
		ensure!(!Self::is_past_deadline(&shipment), Error::<T>::ShipmentExpired);
		Ok(shipment)
	}

	/// Checks that the shipment may record one more entry of this kind.
	///
	/// # Errors
	///
	/// `TooManyHistoryEntries` if an in-transit entry would exceed `MaxHistoryPerShipment`.
	pub(crate) fn ensure_history_room(
		shipment: &Shipment<T>,
		entry: Entry,
	) -> Result<(), DispatchError> {
		if entry == Entry::InTransit {
			ensure!(
				shipment.history_len < T::MaxHistoryPerShipment::get(),
				Error::<T>::TooManyHistoryEntries
			);
		}
		Ok(())
	}

	/// Appends `event` to the shipment's history, stamped with the block and the chain's time,
	/// and returns its index. The caller stores `shipment` afterwards.
	///
	/// # Errors
	///
	/// `TooManyHistoryEntries` as [`Self::ensure_history_room`]; call that first so that nothing
	/// is written before a failure.
	pub(crate) fn push_history(
		id: ShipmentId,
		shipment: &mut Shipment<T>,
		event: HistoryEvent<Location<T>, crate::Reason<T>>,
		entry: Entry,
	) -> Result<u32, DispatchError> {
		Self::ensure_history_room(shipment, entry)?;
		let index = shipment.history_len;
		let next = index.checked_add(1).ok_or(Error::<T>::TooManyHistoryEntries)?;
		let record = HistoryEntry {
			block: frame_system::Pallet::<T>::block_number(),
			moment: chain::unix_millis::<T::UnixTime>(),
			event,
		};
		History::<T>::insert(id, index, record);
		shipment.history_len = next;
		Ok(index)
	}

	/// The bytes one history entry of shipment `id` recording `event` keeps forever: its key and
	/// its value (block, moment, event).
	pub(crate) fn history_bytes(
		id: ShipmentId,
		event: &HistoryEvent<Location<T>, crate::Reason<T>>,
	) -> usize {
		let block = frame_system::Pallet::<T>::block_number();
		History::<T>::hashed_key_for(id, 0)
			.len()
			.saturating_add(block.encoded_size())
			.saturating_add(0u64.encoded_size())
			.saturating_add(event.encoded_size())
	}

	/// The bytes indexing `party` for shipment `id` adds: the key, or nothing if it is indexed
	/// already.
	pub(crate) fn party_bytes(party: &T::AccountId, id: ShipmentId) -> usize {
		let key = crate::shipment_key(id);
		if ShipmentsByParty::<T>::contains_key(party, key) {
			0
		} else {
			ShipmentsByParty::<T>::hashed_key_for(party, key).len()
		}
	}

	/// The one-off fee for `bytes` bytes of state kept forever.
	pub fn storage_fee(bytes: usize) -> BalanceOf<T> {
		let bytes = BalanceOf::<T>::from(u32::try_from(bytes).unwrap_or(u32::MAX));
		T::StorageFeePerByte::get().saturating_mul(bytes)
	}

	/// Takes the storage fee for `bytes` bytes from `payer` and hands it to `FeeDestination`.
	/// Called after every check and before any write, as data anchoring charges `AnchorFee`.
	///
	/// # Errors
	///
	/// `CannotPayStorageFee` if `payer` cannot pay it and stay alive.
	pub(crate) fn charge_storage(payer: &T::AccountId, bytes: usize) -> DispatchResult {
		let fee = Self::storage_fee(bytes);
		if fee.is_zero() {
			return Ok(());
		}
		let credit = T::Currency::withdraw(
			payer,
			fee,
			Precision::Exact,
			Preservation::Preserve,
			Fortitude::Polite,
		)
		.map_err(|_| Error::<T>::CannotPayStorageFee)?;
		T::FeeDestination::on_unbalanced(credit);
		Ok(())
	}

	/// The deposit for an open shipment with `items` lots, trackers and rules in all.
	pub fn deposit_for(items: u32) -> crate::BalanceOf<T> {
		T::ShipmentDepositBase::get()
			.saturating_add(T::ShipmentDepositPerItem::get().saturating_mul(items.into()))
	}
}
