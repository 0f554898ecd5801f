//! A device's life after registration: metadata, suspension and revocation.

use frame_support::{
	defensive, ensure,
	traits::{tokens::Precision, Get},
	BoundedVec,
};
use iotchain_primitives::DeviceStatus;
use sp_core::H256;
use sp_runtime::{traits::Zero, DispatchError, DispatchResult};

use crate::{
	Certifications, Config, DeviceId, Devices, DevicesByOwner, Error, Event, Operators, Pallet,
	PendingTransfers,
};

impl<T: Config> Pallet<T> {
	/// Replaces a device's metadata and content hash, holding or releasing the difference in
	/// deposit from its owner.
	///
	/// # Errors
	///
	/// - `UnknownDevice`, `DeviceRevoked`, `NotOwner` as for any owner-only change;
	/// - the currency's error if the owner cannot hold a larger deposit.
	pub fn do_update_metadata(
		who: &T::AccountId,
		device: &DeviceId,
		metadata: BoundedVec<u8, T::MaxMetadataLen>,
		content_hash: Option<H256>,
	) -> DispatchResult {
		let mut record = Self::owned_device(who, device)?;
		record.metadata = metadata.clone();
		record.content_hash = content_hash;
		let deposit = Self::deposit_for(Self::stored_bytes(&record));
		Self::adjust_deposit(&record.owner, record.deposit, deposit)?;
		record.deposit = deposit;
		Devices::<T>::insert(device, record);
		Self::deposit_event(Event::MetadataUpdated {
			device: device.clone(),
			metadata,
			content_hash,
			deposit,
		});
		Ok(())
	}

	/// Suspends an active device.
	///
	/// # Errors
	///
	/// `UnknownDevice`, `DeviceRevoked`, `NotOwner` as for any owner-only change; `NotActive` if
	/// the device is already suspended.
	pub fn do_suspend(who: &T::AccountId, device: &DeviceId) -> DispatchResult {
		let mut record = Self::owned_device(who, device)?;
		ensure!(record.status == DeviceStatus::Active, Error::<T>::NotActive);
		record.status = DeviceStatus::Suspended;
		Devices::<T>::insert(device, record);
		Self::deposit_event(Event::DeviceSuspended { device: device.clone() });
		Ok(())
	}

	/// Resumes a suspended device.
	///
	/// # Errors
	///
	/// `UnknownDevice`, `DeviceRevoked`, `NotOwner` as for any owner-only change; `NotSuspended`
	/// if the device is active.
	pub fn do_resume(who: &T::AccountId, device: &DeviceId) -> DispatchResult {
		let mut record = Self::owned_device(who, device)?;
		ensure!(record.status == DeviceStatus::Suspended, Error::<T>::NotSuspended);
		record.status = DeviceStatus::Active;
		Devices::<T>::insert(device, record);
		Self::deposit_event(Event::DeviceResumed { device: device.clone() });
		Ok(())
	}

	/// Revokes a device for good: removes its operators, certifications and pending transfer,
	/// releases its deposit and keeps a minimal record, which the record fee paid at
	/// registration pays for. Its last key stays bound to it in `DeviceByKey`, so that no other
	/// device can take the key a revoked device last signed with.
	///
	/// Returns how many certifications were removed, which the call's weight depends on.
	///
	/// # Errors
	///
	/// `UnknownDevice`, `DeviceRevoked`, `NotOwner` as for any owner-only change.
	pub fn do_revoke(who: &T::AccountId, device: &DeviceId) -> Result<u32, DispatchError> {
		let mut record = Self::owned_device(who, device)?;
		let certifications = record.certifications;
		let deposit_released =
			Self::release_deposit(&record.owner, record.deposit, Precision::BestEffort)?;
		DevicesByOwner::<T>::remove(&record.owner, device);
		Operators::<T>::remove(device);
		PendingTransfers::<T>::remove(device);
		let removal =
			Certifications::<T>::clear_prefix(device, T::MaxCertificationsPerDevice::get(), None);
		if removal.maybe_cursor.is_some() {
			defensive!("a device holds more certifications than MaxCertificationsPerDevice");
		}

		record.status = DeviceStatus::Revoked;
		record.manufacturer = Default::default();
		record.model = Default::default();
		record.metadata = Default::default();
		record.content_hash = None;
		record.deposit = Zero::zero();
		record.certifications = 0;
		let owner = record.owner.clone();
		Devices::<T>::insert(device, record);
		Self::deposit_event(Event::DeviceRevoked {
			device: device.clone(),
			owner,
			deposit_released,
		});
		Ok(certifications)
	}
}
