//! The calls' logic, one file per feature, as `do_*` functions that the dispatchables, other
//! pallets and tests call. Each checks everything itself; the dispatchables only check origins.

mod certification;
mod lifecycle;
mod operators;
pub(crate) mod read;
mod registration;
mod rotation;
mod transfer;
#[cfg(any(feature = "try-runtime", test))]
mod try_state;

use frame_support::{
	ensure,
	traits::{
		fungible::{Balanced, MutateHold},
		tokens::{Fortitude, Precision, Preservation},
		Get, OnUnbalanced,
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{
	traits::{Saturating, Zero},
	DispatchError, DispatchResult, MultiSigner,
};

use crate::{
	weak_keys, BalanceOf, Certification, Certifiers, Config, DeviceByKey, DeviceId, DeviceKey,
	DeviceRecord, DeviceStatus, Devices, Error, HoldReason, Pallet,
};

impl<T: Config> Pallet<T> {
	/// The record of a device that is not revoked.
	pub(crate) fn live_device(device: &DeviceId) -> Option<DeviceRecord<T>> {
		Devices::<T>::get(device).filter(|record| record.status != DeviceStatus::Revoked)
	}

	/// The record of a device `who` owns, for a change only its owner may make.
	///
	/// # Errors
	///
	/// `UnknownDevice` if there is no such device, `DeviceRevoked` if it is revoked, `NotOwner`
	/// if `who` does not own it.
	pub(crate) fn owned_device(
		who: &T::AccountId,
		device: &DeviceId,
	) -> Result<DeviceRecord<T>, DispatchError> {
		let record = Devices::<T>::get(device).ok_or(Error::<T>::UnknownDevice)?;
		ensure!(record.status != DeviceStatus::Revoked, Error::<T>::DeviceRevoked);
		ensure!(record.owner == *who, Error::<T>::NotOwner);
		Ok(record)
	}

	/// `key` as the registry stores it, if devices may use it.
	///
	/// # Errors
	///
	/// `UnsupportedKeyType` for an Ethereum-style key; `WeakKey` for a key that a proof of
	/// possession can be forged for (see [`weak_keys`]).
	pub(crate) fn acceptable_key(key: &MultiSigner) -> Result<DeviceKey, DispatchError> {
		let device_key =
			DeviceKey::try_from(key.clone()).map_err(|()| Error::<T>::UnsupportedKeyType)?;
		ensure!(!weak_keys::is_weak(&device_key), Error::<T>::WeakKey);
		Ok(device_key)
	}

	/// Checks that `key` may be bound to a device: no device holds it and it is not a revoked
	/// device's last key. `registering` is the id a registration would create; if that very
	/// device is revoked, the check passes and the caller reports `DeviceRevoked`.
	///
	/// # Errors
	///
	/// `KeyAlreadyRegistered` if a device holds `key`; `KeyRetired` if a revoked device (other
	/// than `registering`) holds it for good.
	pub(crate) fn ensure_key_free(
		key: &DeviceKey,
		registering: Option<&DeviceId>,
	) -> DispatchResult {
		let Some(holder) = DeviceByKey::<T>::get(key) else { return Ok(()) };
		ensure!(Self::live_device(&holder).is_none(), Error::<T>::KeyAlreadyRegistered);
		ensure!(registering == Some(&holder), Error::<T>::KeyRetired);
		Ok(())
	}

	/// The number of bytes of description a record stores, which the per-byte deposit covers.
	pub(crate) fn stored_bytes(record: &DeviceRecord<T>) -> u32 {
		let bytes = record
			.manufacturer
			.len()
			.saturating_add(record.model.len())
			.saturating_add(record.metadata.len());
		u32::try_from(bytes).unwrap_or(u32::MAX)
	}

	/// Holds `amount` more from `who` for a device.
	///
	/// # Errors
	///
	/// The currency's error if `who` cannot hold `amount`.
	pub(crate) fn hold_deposit(who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		T::Currency::hold(&HoldReason::DeviceDeposit.into(), who, amount)
	}

	/// Releases `amount` of a device deposit held from `who`, returning what was released.
	///
	/// A release that ends a deposit (revoke, transfer) is best effort so that the end state can
	/// always be reached; `try_state` checks the holds never fall short of the records.
	pub(crate) fn release_deposit(
		who: &T::AccountId,
		amount: BalanceOf<T>,
		precision: Precision,
	) -> Result<BalanceOf<T>, DispatchError> {
		T::Currency::release(&HoldReason::DeviceDeposit.into(), who, amount, precision)
	}

	/// Moves the deposit held from `who` for a record from `old` to `new`, exactly.
	///
	/// # Errors
	///
	/// The currency's error if `who` cannot hold the increase.
	pub(crate) fn adjust_deposit(
		who: &T::AccountId,
		old: BalanceOf<T>,
		new: BalanceOf<T>,
	) -> DispatchResult {
		if new > old {
			Self::hold_deposit(who, new.saturating_sub(old))
		} else if old > new {
			Self::release_deposit(who, old.saturating_sub(new), Precision::Exact).map(|_| ())
		} else {
			Ok(())
		}
	}

	/// Takes `fee` from `payer` for good and hands it to `FeeDestination`, returning it: the
	/// one-off fee for state that is never removed (`RecordFee`, `KeyHistoryFee`).
	///
	/// # Errors
	///
	/// `cannot_pay` if `payer` cannot pay `fee` and keep its account alive.
	pub(crate) fn charge_state_fee(
		payer: &T::AccountId,
		fee: BalanceOf<T>,
		cannot_pay: Error<T>,
	) -> Result<BalanceOf<T>, Error<T>> {
		if fee.is_zero() {
			return Ok(fee);
		}
		let credit = T::Currency::withdraw(
			payer,
			fee,
			Precision::Exact,
			Preservation::Preserve,
			Fortitude::Polite,
		)
		.map_err(|_| cannot_pay)?;
		T::FeeDestination::on_unbalanced(credit);
		Ok(fee)
	}

	/// The deposit for a record storing `stored_bytes` of manufacturer, model and metadata.
	pub fn deposit_for(stored_bytes: u32) -> BalanceOf<T> {
		T::DepositBase::get()
			.saturating_add(T::DepositPerByte::get().saturating_mul(stored_bytes.into()))
	}

	/// The one rule for whether a certification counts: it has not expired, the device still
	/// holds the key it was made for, and its certifier is a certifier under the admission it
	/// was made under.
	pub(crate) fn certification_holds(
		certifier: &T::AccountId,
		certification: &Certification<BlockNumberFor<T>>,
		current_key: &DeviceKey,
		now: BlockNumberFor<T>,
	) -> bool {
		now < certification.expires_at
			&& certification.key == *current_key
			&& Certifiers::<T>::get(certifier) == Some(certification.admission)
	}
}
