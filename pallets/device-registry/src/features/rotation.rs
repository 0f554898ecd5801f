//! Rotating a device's key, and keeping the key rotated away from in its history.

use alloc::vec::Vec;
use frame_support::{ensure, traits::Get};
use iotchain_primitives::{chain, domain, signed_payload, verify_signature};
use sp_runtime::{DispatchResult, MultiSignature, MultiSigner};

use crate::{
	Config, DeviceByKey, DeviceId, Devices, Error, Event, Pallet, PastKey, PastKeyCount, PastKeys,
};

impl<T: Config> Pallet<T> {
	/// The bytes the new key signs to prove it holds `new_key` when `device` rotates from
	/// `old_key` to it.
	pub fn rotation_payload(
		device: &DeviceId,
		old_key: &MultiSigner,
		new_key: &MultiSigner,
	) -> Vec<u8> {
		signed_payload(domain::ROTATE_KEY, &chain::genesis_hash::<T>(), &(device, old_key, new_key))
	}

	/// Replaces a device's key with `new_key`, which proves possession by signing the rotation
	/// payload; the device keeps its id. Certifications made for the old key stop counting. The
	/// old key joins the device's key history, for which the owner pays `KeyHistoryFee`.
	///
	/// # Errors
	///
	/// - `UnsupportedKeyType` for an Ethereum-style key;
	/// - `WeakKey` for a key a proof can be forged for;
	/// - `UnknownDevice`, `DeviceRevoked`, `NotOwner` as for any owner-only change;
	/// - `KeyAlreadyRegistered` if a device (this one included) holds `new_key`;
	/// - `KeyRetired` if `new_key` was the last key of a revoked device;
	/// - `InvalidProof` if `proof` is not `new_key`'s signature of the rotation payload;
	/// - `CannotPayKeyHistoryFee` if the owner cannot pay the key history fee and stay alive;
	/// - `Arithmetic(Overflow)` if the device already rotated `u32::MAX` times.
	pub fn do_rotate_key(
		who: &T::AccountId,
		device: &DeviceId,
		new_key: MultiSigner,
		proof: MultiSignature,
	) -> DispatchResult {
		let new_device_key = Self::acceptable_key(&new_key)?;
		let mut record = Self::owned_device(who, device)?;
		Self::ensure_key_free(&new_device_key, None)?;
		let old_key: MultiSigner = record.key.clone().into();
		ensure!(
			verify_signature(&new_key, &proof, &Self::rotation_payload(device, &old_key, &new_key)),
			Error::<T>::InvalidProof
		);

		let index = PastKeyCount::<T>::get(device);
		let count = index.checked_add(1).ok_or(sp_runtime::ArithmeticError::Overflow)?;
		let key_history_fee = Self::charge_state_fee(
			&record.owner,
			T::KeyHistoryFee::get(),
			Error::<T>::CannotPayKeyHistoryFee,
		)?;

		DeviceByKey::<T>::remove(&record.key);
		DeviceByKey::<T>::insert(&new_device_key, device);
		let until = frame_system::Pallet::<T>::block_number();
		let past = core::mem::replace(&mut record.key, new_device_key);
		PastKeys::<T>::insert(device, index, PastKey { key: past, until });
		PastKeyCount::<T>::insert(device, count);
		Devices::<T>::insert(device, record);
		Self::deposit_event(Event::KeyRotated {
			device: device.clone(),
			old_key,
			new_key,
			key_history_fee,
		});
		Ok(())
	}
}
