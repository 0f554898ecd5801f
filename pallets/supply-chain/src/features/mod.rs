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

use alloc::vec::Vec;
use frame_support::{ensure, traits::Get, BoundedVec};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_core::H256;
use sp_runtime::{
	traits::{Saturating, Zero},
	DispatchError,
};

use crate::{
	Config, Error, History, HistoryEntry, HistoryEvent, Location, Pallet, Shipment, ShipmentId,
	ShipmentStatus, Shipments,
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
	/// The chain's time, in milliseconds since the Unix epoch.
	pub(crate) fn now() -> u64 {
		u64::try_from(<T::UnixTime as frame_support::traits::UnixTime>::now().as_millis())
			.unwrap_or(u64::MAX)
	}

	/// The hash of block 0, which every device-signed payload carries so that reports made for
	/// one IoTChain network are worthless on another.
	pub(crate) fn genesis_hash() -> H256 {
		frame_system::BlockHash::<T>::get(BlockNumberFor::<T>::zero())
	}

	/// A length as a weight component, capped at `max`: an over-long list is charged as a full
	/// one, which is enough to reach the check that rejects it.
	pub(crate) fn cap(len: usize, max: u32) -> u32 {
		u32::try_from(len).unwrap_or(u32::MAX).min(max)
	}

	/// `location` bounded, or `LocationTooLong`.
	pub(crate) fn bounded_location(location: Vec<u8>) -> Result<Location<T>, DispatchError> {
		BoundedVec::try_from(location).map_err(|_| Error::<T>::LocationTooLong.into())
	}

	/// The shipment `id`, which must be open.
	///
	/// # Errors
	///
	/// `UnknownShipment` if there is none, `ShipmentClosed` if it is closed.
	pub(crate) fn open_shipment(id: ShipmentId) -> Result<Shipment<T>, DispatchError> {
		let shipment = Shipments::<T>::get(id).ok_or(Error::<T>::UnknownShipment)?;
		ensure!(shipment.status.is_open(), Error::<T>::ShipmentClosed);
		Ok(shipment)
	}

	/// The shipment `id`, for its receiver to accept or reject.
	///
	/// # Errors
	///
	/// `UnknownShipment`, `AlreadyDelivered` if it was delivered, `ShipmentClosed` if it was
	/// rejected, `NotReceiver` unless `who` is its receiver.
	pub(crate) fn shipment_for_receiver(
		who: &T::AccountId,
		id: ShipmentId,
	) -> Result<Shipment<T>, DispatchError> {
		let shipment = Shipments::<T>::get(id).ok_or(Error::<T>::UnknownShipment)?;
		match shipment.status {
			ShipmentStatus::Delivered => return Err(Error::<T>::AlreadyDelivered.into()),
			ShipmentStatus::Rejected => return Err(Error::<T>::ShipmentClosed.into()),
			ShipmentStatus::InTransit | ShipmentStatus::ConditionBreached => {}
		}
		ensure!(shipment.receiver == *who, Error::<T>::NotReceiver);
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
			moment: Self::now(),
			event,
		};
		History::<T>::insert(id, index, record);
		shipment.history_len = next;
		Ok(index)
	}

	/// The deposit for an open shipment with `items` lots, trackers and rules in all.
	pub fn deposit_for(items: u32) -> crate::BalanceOf<T> {
		T::ShipmentDepositBase::get()
			.saturating_add(T::ShipmentDepositPerItem::get().saturating_mul(items.into()))
	}
}
