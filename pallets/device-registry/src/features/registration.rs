//! Registering devices, one at a time or in batches.

use alloc::vec::Vec;
use frame_support::{ensure, storage::with_storage_layer, traits::Get, BoundedVec};
use iotchain_primitives::{verify_signature, DeviceStatus};
use sp_runtime::{traits::IdentifyAccount, DispatchResult};

use crate::{
	Config, DeviceByKey, DeviceId, DeviceKey, DeviceRecord, DeviceRegistration, Devices,
	DevicesByOwner, Error, Event, Pallet,
};

impl<T: Config> Pallet<T> {
	/// Registers a device for `owner` once its proof of possession checks out, holding the
	/// deposit from `owner`.
	///
	/// # Errors
	///
	/// - `NameTooLong` / `MetadataTooLong` if a field exceeds its bound;
	/// - `UnsupportedKeyType` for an Ethereum-style key;
	/// - `KeyAlreadyRegistered` if a device holds the key now;
	/// - `DeviceRevoked` if the key's device id was registered and revoked;
	/// - `DeviceAlreadyExists` if the key's device id is registered (its key since rotated);
	/// - `InvalidProof` if `registration.proof` is not the key's signature of the registration
	///   payload for `owner`;
	/// - the currency's error if `owner` cannot hold the deposit.
	pub fn do_register_device(
		owner: &T::AccountId,
		registration: DeviceRegistration,
	) -> DispatchResult {
		let DeviceRegistration { key, proof, kind, manufacturer, model, metadata, content_hash } =
			registration;
		let manufacturer: BoundedVec<u8, T::MaxNameLen> =
			manufacturer.try_into().map_err(|_| Error::<T>::NameTooLong)?;
		let model: BoundedVec<u8, T::MaxNameLen> =
			model.try_into().map_err(|_| Error::<T>::NameTooLong)?;
		let metadata: BoundedVec<u8, T::MaxMetadataLen> =
			metadata.try_into().map_err(|_| Error::<T>::MetadataTooLong)?;
		let device_key =
			DeviceKey::try_from(key.clone()).map_err(|()| Error::<T>::UnsupportedKeyType)?;
		ensure!(!DeviceByKey::<T>::contains_key(&device_key), Error::<T>::KeyAlreadyRegistered);
		let device: DeviceId = key.clone().into_account();
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
		});
		Ok(())
	}

	/// Registers every device of a batch for `owner`, or none: the first failure undoes the
	/// registrations before it, whoever calls this.
	///
	/// # Errors
	///
	/// - `EmptyBatch` / `BatchTooLarge` if the batch has no or more than
	///   `MaxBatchRegistrations` registrations;
	/// - any error of [`Self::do_register_device`] for the first registration that fails.
	pub fn do_register_devices(
		owner: &T::AccountId,
		registrations: Vec<DeviceRegistration>,
	) -> DispatchResult {
		ensure!(!registrations.is_empty(), Error::<T>::EmptyBatch);
		let max = usize::try_from(T::MaxBatchRegistrations::get()).unwrap_or(usize::MAX);
		ensure!(registrations.len() <= max, Error::<T>::BatchTooLarge);
		with_storage_layer(|| {
			registrations
				.into_iter()
				.try_for_each(|registration| Self::do_register_device(owner, registration))
		})
	}
}
