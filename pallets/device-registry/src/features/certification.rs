//! Certifiers and the certifications they give devices.

use frame_support::{ensure, traits::Get};
use frame_system::pallet_prelude::BlockNumberFor;
use iotchain_primitives::DeviceStatus;
use sp_core::H256;
use sp_runtime::{ArithmeticError, DispatchResult};

use crate::{
	Certification, Certifications, CertifierAdmissions, Certifiers, Config, DeviceId, Devices,
	Error, Event, Pallet,
};

impl<T: Config> Pallet<T> {
	/// Admits `certifier` under a new admission number, so that certifications it made under
	/// an earlier admission do not count again.
	///
	/// # Errors
	///
	/// `AlreadyCertifier` if it is a certifier; `Arithmetic(Overflow)` once `u32::MAX`
	/// admissions have happened.
	pub fn do_add_certifier(certifier: T::AccountId) -> DispatchResult {
		ensure!(!Certifiers::<T>::contains_key(&certifier), Error::<T>::AlreadyCertifier);
		let admission =
			CertifierAdmissions::<T>::get().checked_add(1).ok_or(ArithmeticError::Overflow)?;
		CertifierAdmissions::<T>::put(admission);
		Certifiers::<T>::insert(&certifier, admission);
		Self::deposit_event(Event::CertifierAdded { certifier });
		Ok(())
	}

	/// Removes `certifier`; its certifications stop counting.
	///
	/// # Errors
	///
	/// `NotCertifier` if it is not a certifier.
	pub fn do_remove_certifier(certifier: T::AccountId) -> DispatchResult {
		ensure!(Certifiers::<T>::take(&certifier).is_some(), Error::<T>::NotCertifier);
		Self::deposit_event(Event::CertifierRemoved { certifier });
		Ok(())
	}

	/// Records `certifier`'s certification of a device with the key it holds now, under the
	/// certifier's current admission, replacing its earlier one.
	///
	/// # Errors
	///
	/// - `NotCertifier` if `certifier` is not a certifier;
	/// - `ExpiryInPast` if `expires_at` is not after the current block;
	/// - `UnknownDevice` / `DeviceRevoked` if the device does not exist or is revoked;
	/// - `TooManyCertifications` if the device holds `MaxCertificationsPerDevice` certifications
	///   and none of them is `certifier`'s.
	pub fn do_certify(
		certifier: &T::AccountId,
		device: &DeviceId,
		claim_hash: H256,
		expires_at: BlockNumberFor<T>,
	) -> DispatchResult {
		let admission = Certifiers::<T>::get(certifier).ok_or(Error::<T>::NotCertifier)?;
		ensure!(expires_at > frame_system::Pallet::<T>::block_number(), Error::<T>::ExpiryInPast);
		let mut record = Devices::<T>::get(device).ok_or(Error::<T>::UnknownDevice)?;
		ensure!(record.status != DeviceStatus::Revoked, Error::<T>::DeviceRevoked);
		let key = record.key.clone();
		if !Certifications::<T>::contains_key(device, certifier) {
			ensure!(
				record.certifications < T::MaxCertificationsPerDevice::get(),
				Error::<T>::TooManyCertifications
			);
			record.certifications = record.certifications.saturating_add(1);
			Devices::<T>::insert(device, record);
		}
		Certifications::<T>::insert(
			device,
			certifier,
			Certification { claim_hash, expires_at, key, admission },
		);
		Self::deposit_event(Event::DeviceCertified {
			device: device.clone(),
			certifier: certifier.clone(),
			claim_hash,
			expires_at,
		});
		Ok(())
	}

	/// Removes `certifier`'s certification of a device, at the request of the certifier or of
	/// the device's owner.
	///
	/// # Errors
	///
	/// - `NoCertification` if `certifier` has not certified the device;
	/// - `NeitherCertifierNorOwner` if `who` is neither `certifier` nor the device's owner.
	pub fn do_revoke_certification(
		who: &T::AccountId,
		device: &DeviceId,
		certifier: T::AccountId,
	) -> DispatchResult {
		ensure!(Certifications::<T>::contains_key(device, &certifier), Error::<T>::NoCertification);
		let mut record = Devices::<T>::get(device).ok_or(Error::<T>::NoCertification)?;
		ensure!(*who == certifier || *who == record.owner, Error::<T>::NeitherCertifierNorOwner);
		Certifications::<T>::remove(device, &certifier);
		record.certifications = record.certifications.saturating_sub(1);
		Devices::<T>::insert(device, record);
		Self::deposit_event(Event::CertificationRevoked { device: device.clone(), certifier });
		Ok(())
	}
}
