//! Two-step change of a device's owner.

use frame_support::{ensure, traits::tokens::Precision};
use sp_runtime::{DispatchResult, MultiSigner};

use crate::{
	BalanceOf, Config, DeviceId, Devices, DevicesByOwner, Error, Event, Operators, Pallet,
	PendingTransfers,
};

impl<T: Config> Pallet<T> {
	/// Offers a device to `to`, replacing any pending offer.
	///
	/// # Errors
	///
	/// - `UnknownDevice`, `DeviceRevoked`, `NotOwner` as for any owner-only change;
	/// - `TransferToSelf` if `to` owns the device.
	pub fn do_offer_transfer(
		who: &T::AccountId,
		device: &DeviceId,
		to: T::AccountId,
	) -> DispatchResult {
		let record = Self::owned_device(who, device)?;
		ensure!(record.owner != to, Error::<T>::TransferToSelf);
		PendingTransfers::<T>::insert(device, &to);
		Self::deposit_event(Event::TransferOffered {
			device: device.clone(),
			from: record.owner,
			to,
		});
		Ok(())
	}

	/// Makes `who` the owner of a device offered to it, if the device still holds
	/// `expected_key` and its deposit is at most `max_deposit` (the state `who` agreed to):
	/// holds the deposit from `who`, releases it from the previous owner and clears the
	/// device's operators.
	///
	/// # Errors
	///
	/// - `NoPendingTransfer` if the device is not offered;
	/// - `NotTransferRecipient` if it is offered to another account;
	/// - `KeyChanged` if the device's key is not `expected_key`;
	/// - `DepositAboveLimit` if the device's deposit is above `max_deposit`;
	/// - the currency's error if `who` cannot hold the deposit.
	pub fn do_accept_transfer(
		who: &T::AccountId,
		device: &DeviceId,
		expected_key: &MultiSigner,
		max_deposit: BalanceOf<T>,
	) -> DispatchResult {
		let to = PendingTransfers::<T>::get(device).ok_or(Error::<T>::NoPendingTransfer)?;
		ensure!(to == *who, Error::<T>::NotTransferRecipient);
		let mut record = Self::live_device(device).ok_or(Error::<T>::NoPendingTransfer)?;
		ensure!(MultiSigner::from(record.key.clone()) == *expected_key, Error::<T>::KeyChanged);
		ensure!(record.deposit <= max_deposit, Error::<T>::DepositAboveLimit);

		Self::hold_deposit(&to, record.deposit)?;
		Self::release_deposit(&record.owner, record.deposit, Precision::BestEffort)?;
		PendingTransfers::<T>::remove(device);
		Operators::<T>::remove(device);
		DevicesByOwner::<T>::remove(&record.owner, device);
		DevicesByOwner::<T>::insert(&to, device, ());
		let from = core::mem::replace(&mut record.owner, to.clone());
		let deposit = record.deposit;
		Devices::<T>::insert(device, record);
		Self::deposit_event(Event::TransferAccepted { device: device.clone(), from, to, deposit });
		Ok(())
	}

	/// Withdraws the pending offer of a device.
	///
	/// # Errors
	///
	/// - `UnknownDevice`, `DeviceRevoked`, `NotOwner` as for any owner-only change;
	/// - `NoPendingTransfer` if the device is not offered.
	pub fn do_cancel_transfer(who: &T::AccountId, device: &DeviceId) -> DispatchResult {
		Self::owned_device(who, device)?;
		let to = PendingTransfers::<T>::take(device).ok_or(Error::<T>::NoPendingTransfer)?;
		Self::deposit_event(Event::TransferCancelled { device: device.clone(), to });
		Ok(())
	}
}
