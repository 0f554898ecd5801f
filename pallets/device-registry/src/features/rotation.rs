//! Rotating a device's key.

use alloc::vec::Vec;
use frame_support::ensure;
use iotchain_primitives::{chain, domain, signed_payload, verify_signature};
use sp_runtime::{DispatchResult, MultiSignature, MultiSigner};

use crate::{Config, DeviceByKey, DeviceId, Devices, Error, Event, Pallet};

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
	/// payload; the device keeps its id. Certifications made for the old key stop counting.
	///
	/// # Errors
	///
	/// - `UnsupportedKeyType` for an Ethereum-style key;
	/// - `WeakKey` for a key a proof can be forged for;
	/// - `UnknownDevice`, `DeviceRevoked`, `NotOwner` as for any owner-only change;
	/// - `KeyAlreadyRegistered` if a device (this one included) holds `new_key`;
	/// - `KeyRetired` if `new_key` was the last key of a revoked device;
	/// - `InvalidProof` if `proof` is not `new_key`'s signature of the rotation payload.
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

		DeviceByKey::<T>::remove(&record.key);
		DeviceByKey::<T>::insert(&new_device_key, device);
		record.key = new_device_key;
		Devices::<T>::insert(device, record);
		Self::deposit_event(Event::KeyRotated { device: device.clone(), old_key, new_key });
		Ok(())
	}
}
