//! The pallet's invariants, which `try_state` checks after every block under `try-runtime` and
//! the tests check after every test.

use alloc::collections::{btree_map::BTreeMap, btree_set::BTreeSet};
use frame_support::{
	ensure,
	traits::{fungible::InspectHold, Get},
};
use sp_runtime::traits::{Saturating, Zero};

use crate::{
	weak_keys, BalanceOf, Certifications, CertifierAdmissions, Certifiers, Config, DeviceByKey,
	DeviceStatus, Devices, DevicesByOwner, HoldReason, Operators, Pallet, PastKeyCount, PastKeys,
	PendingTransfers,
};

impl<T: Config> Pallet<T> {
	/// Checks the pallet's invariants: the indexes agree with the records, the deposits held
	/// agree with what the records say is held, no device holds a weak key, a revoked device's
	/// last key stays bound, admissions and certifications agree, and every device's key history
	/// runs from its registration to now without a gap.
	///
	/// # Errors
	///
	/// Names the first invariant found broken.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let mut held_per_owner: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut devices: u32 = 0;
		for (id, record) in Devices::<T>::iter() {
			devices = devices.saturating_add(1);
			let certifications = u32::try_from(Certifications::<T>::iter_prefix(&id).count())
				.map_err(|_| "too many certifications to count")?;
			ensure!(
				certifications == record.certifications,
				"a device's certification count differs from its certifications"
			);
			ensure!(
				record.certifications <= T::MaxCertificationsPerDevice::get(),
				"a device holds more certifications than the bound"
			);
			if record.status == DeviceStatus::Revoked {
				// Its last key leads back to it; before storage version 2 a revoked device's key
				// was freed, and another device may have taken it since.
				ensure!(
					DeviceByKey::<T>::contains_key(&record.key),
					"a revoked device's last key was freed"
				);
				ensure!(
					!DevicesByOwner::<T>::contains_key(&record.owner, &id),
					"a revoked device is still listed under its owner"
				);
				ensure!(record.deposit.is_zero(), "a revoked device still has a deposit");
				ensure!(
					record.manufacturer.is_empty()
						&& record.model.is_empty()
						&& record.metadata.is_empty(),
					"a revoked device still stores its description"
				);
				ensure!(!Operators::<T>::contains_key(&id), "a revoked device still has operators");
				ensure!(
					!PendingTransfers::<T>::contains_key(&id),
					"a revoked device is still offered"
				);
			} else {
				ensure!(!weak_keys::is_weak(&record.key), "a device holds a weak key");
				ensure!(
					DeviceByKey::<T>::get(&record.key) == Some(id.clone()),
					"a device's key does not lead back to it"
				);
				ensure!(
					DevicesByOwner::<T>::contains_key(&record.owner, &id),
					"a device is not listed under its owner"
				);
				let held = held_per_owner.entry(record.owner.clone()).or_insert_with(Zero::zero);
				*held = held.saturating_add(record.deposit);
			}
		}

		let mut keys: u32 = 0;
		for (key, id) in DeviceByKey::<T>::iter() {
			keys = keys.saturating_add(1);
			let record = Devices::<T>::get(&id).ok_or("a key leads to no device")?;
			ensure!(record.key == key, "a key leads to a device that holds another key");
		}
		ensure!(keys <= devices, "the key index has more keys than there are devices");

		for (owner, id) in DevicesByOwner::<T>::iter_keys() {
			let record =
				Devices::<T>::get(&id).ok_or("an owner lists a device that does not exist")?;
			ensure!(record.owner == owner, "an owner lists a device it does not own");
		}

		for (owner, recorded) in held_per_owner {
			let held = T::Currency::balance_on_hold(&HoldReason::DeviceDeposit.into(), &owner);
			ensure!(held == recorded, "an owner's held deposit differs from its devices' deposits");
		}

		for (id, to) in PendingTransfers::<T>::iter() {
			let record = Devices::<T>::get(&id).ok_or("a transfer is pending for no device")?;
			ensure!(record.status != DeviceStatus::Revoked, "a revoked device is offered");
			ensure!(record.owner != to, "a device is offered to its owner");
		}

		for (id, operators) in Operators::<T>::iter() {
			ensure!(!operators.is_empty(), "an empty operator set is stored");
			let record = Devices::<T>::get(&id).ok_or("operators are stored for no device")?;
			ensure!(record.status != DeviceStatus::Revoked, "a revoked device has operators");
		}

		let admissions = CertifierAdmissions::<T>::get();
		let mut current_admissions = BTreeSet::new();
		for (_certifier, admission) in Certifiers::<T>::iter() {
			ensure!(
				admission > 0 && admission <= admissions,
				"a certifier's admission is not one that happened"
			);
			ensure!(current_admissions.insert(admission), "two certifiers share an admission");
		}

		for (id, _certifier, certification) in Certifications::<T>::iter() {
			let record = Devices::<T>::get(&id).ok_or("a certification is stored for no device")?;
			ensure!(
				record.status != DeviceStatus::Revoked,
				"a revoked device keeps a certification"
			);
			ensure!(
				certification.admission <= admissions,
				"a certification names an admission that never happened"
			);
		}

		Self::check_key_histories()
	}

	/// Every key history belongs to a registered device, its indexes run from 0 to its count
	/// without a gap, its blocks follow one another from the device's registration up to now,
	/// and its last key is not the one the device holds (a rotation needs a new key).
	fn check_key_histories() -> Result<(), sp_runtime::TryRuntimeError> {
		let now = frame_system::Pallet::<T>::block_number();
		for (id, count) in PastKeyCount::<T>::iter() {
			ensure!(count > 0, "an empty key history is counted");
			let record = Devices::<T>::get(&id).ok_or("a key history is kept for no device")?;
			let mut since = record.registered_at;
			let mut last = None;
			for index in 0..count {
				let past = PastKeys::<T>::get(&id, index).ok_or("a key history has a gap")?;
				ensure!(since <= past.until, "a past key was retired before it was held");
				since = past.until;
				last = Some(past.key);
			}
			ensure!(since <= now, "a past key was retired after the current block");
			ensure!(last.as_ref() != Some(&record.key), "a device holds the key it rotated from");
		}
		// With the indexes below each count all present, this makes them exactly the stored ones.
		for (id, index) in PastKeys::<T>::iter_keys() {
			ensure!(
				index < PastKeyCount::<T>::get(&id),
				"a past key is stored beyond its device's count"
			);
		}
		Ok(())
	}
}
