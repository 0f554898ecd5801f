//! Registering devices, one at a time or in batches.

use alloc::vec::Vec;
use frame_support::{ensure, storage::with_storage_layer, traits::Get};
use iotchain_primitives::{chain, domain, signed_payload, verify_signature, DeviceStatus};
use sp_runtime::{traits::IdentifyAccount, DispatchResult, MultiSigner};

use crate::{
	Config, DeviceByKey, DeviceId, DeviceRecord, DeviceRegistration, DeviceRegistrations, Devices,
	DevicesByOwner, Error, Event, Pallet,
};

impl<T: Config> Pallet<T> {
	/// The bytes a device signs to prove it holds `key` when `owner` registers it.
	pub fn registration_payload(owner: &T::AccountId, key: &MultiSigner) -> Vec<u8> {
		signed_payload(domain::REGISTER, &chain::genesis_hash::<T>(), &(owner, key))
	}

	/// Registers a device for `owner` once its proof of possession checks out, holding the
	/// deposit from `owner` and taking the record fee.
	///
	/// # Errors
	///
	/// - `UnsupportedKeyType` for an Ethereum-style key;
	/// - `WeakKey` for a key a proof can be forged for;
	/// - `KeyAlreadyRegistered` if a device holds the key now;
	/// - `KeyRetired` if the key was the last key of another, revoked, device;
	/// - `DeviceRevoked` if the key's device id was registered and revoked;
	/// - `DeviceAlreadyExists` if the key's device id is registered (its key since rotated);
	/// - `InvalidProof` if `registration.proof` is not the key's signature of the registration
	///   payload for `owner`;
	/// - the currency's error if `owner` cannot hold the deposit;
	/// - `CannotPayRecordFee` if `owner` cannot pay the record fee as well and stay alive.
	pub fn do_register_device(
		owner: &T::AccountId,
		registration: DeviceRegistration<T>,
	) -> DispatchResult {
		let DeviceRegistration { key, proof, kind, manufacturer, model, metadata, content_hash } =
			registration;
		let device_key = Self::acceptable_key(&key)?;
		let device: DeviceId = key.clone().into_account();
		Self::ensure_key_free(&device_key, Some(&device))?;
		if let Some(existing) = Devices::<T>::get(&device) {
			ensure!(existing.status != DeviceStatus::Revoked, Error::<T>::DeviceRevoked);
			return Err(Error::<T>::DeviceAlreadyExists.into());
		}
		ensure!(
			verify_signature(&key, &proof, &Self::registration_payload(owner, &key)),
			Error::<T>::InvalidProof
		);

		let mut record = DeviceRecord::<T> {
			owner: owner.clone(),
			key: device_key.clone(),
			status: DeviceStatus::Active,
			kind,
			manufacturer,
			model,
			metadata,
			content_hash,
			registered_at: frame_system::Pallet::<T>::block_number(),
			deposit: Default::default(),
			certifications: 0,
		};
		record.deposit = Self::deposit_for(Self::stored_bytes(&record));
		Self::hold_deposit(owner, record.deposit)?;
		let record_fee =
			Self::charge_state_fee(owner, T::RecordFee::get(), Error::<T>::CannotPayRecordFee)?;
		let deposit = record.deposit;
		Devices::<T>::insert(&device, record);
		DeviceByKey::<T>::insert(device_key, &device);
		DevicesByOwner::<T>::insert(owner, &device, ());
		Self::deposit_event(Event::DeviceRegistered {
			device,
			owner: owner.clone(),
			key,
			kind,
			deposit,
			record_fee,
		});
		Ok(())
	}

	/// Registers every device of a batch for `owner`, or none: the first failure undoes the
	/// registrations before it, whoever calls this.
	///
	/// # Errors
	///
	/// - `EmptyBatch` if the batch has no registrations;
	/// - any error of [`Self::do_register_device`] for the first registration that fails.
	pub fn do_register_devices(
		owner: &T::AccountId,
		registrations: DeviceRegistrations<T>,
	) -> DispatchResult {
		ensure!(!registrations.is_empty(), Error::<T>::EmptyBatch);
		with_storage_layer(|| {
			registrations
				.into_iter()
				.try_for_each(|registration| Self::do_register_device(owner, registration))
		})
	}
}
