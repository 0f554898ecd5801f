//! Benchmarks of every call, each in its worst case.
//!
//! Devices need real proofs of possession, so device keys live in the keystore the benchmark
//! CLI (and the mock's test externalities) provide, and are made and used through
//! `sp_io::crypto`. They are sr25519: its verification is as slow as the other schemes'.

use super::*;

use alloc::{format, vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{
		fungible::{Inspect, Mutate},
		EnsureOrigin,
	},
	BoundedVec,
};
use frame_system::RawOrigin;
use iotchain_primitives::DeviceLookup;
use sp_core::crypto::KeyTypeId;
use sp_runtime::{
	traits::{IdentifyAccount, Saturating},
	MultiSignature,
};

/// The keystore slot of the benchmarks' device keys.
const DEVICE_KEY_TYPE: KeyTypeId = KeyTypeId(*b"iotd");

/// A fresh device key, the same for the same `index` within a run.
fn device_key(index: u32) -> MultiSigner {
	let seed = format!("//device/{index}").into_bytes();
	sp_io::crypto::sr25519_generate(DEVICE_KEY_TYPE, Some(seed)).into()
}

/// `key`'s signature of `payload`, made by the keystore.
fn sign(key: &MultiSigner, payload: &[u8]) -> Result<MultiSignature, BenchmarkError> {
	let MultiSigner::Sr25519(public) = key else {
		return Err(BenchmarkError::Stop("benchmark device keys are sr25519"));
	};
	sp_io::crypto::sr25519_sign(DEVICE_KEY_TYPE, public, payload)
		.map(Into::into)
		.ok_or(BenchmarkError::Stop("the keystore lacks a benchmark device key"))
}

/// `len` copies of `byte`, within the bound `S`.
fn filled<S: Get<u32>>(byte: u8, len: u32) -> Result<BoundedVec<u8, S>, BenchmarkError> {
	vec![byte; usize::try_from(len).unwrap_or_default()]
		.try_into()
		.map_err(|_| BenchmarkError::Stop("a benchmark field exceeds its bound"))
}

/// The longest name and the longest metadata: the most bytes to store and hold a deposit for.
fn max_registration<T: Config>(
	owner: &T::AccountId,
	index: u32,
	metadata_len: u32,
) -> Result<DeviceRegistration<T>, BenchmarkError> {
	let key = device_key(index);
	let proof = sign(&key, &Pallet::<T>::registration_payload(owner, &key))?;
	Ok(DeviceRegistration {
		key,
		proof,
		kind: DeviceKind::Sensor,
		manufacturer: filled(b'm', T::MaxNameLen::get())?,
		model: filled(b'n', T::MaxNameLen::get())?,
		metadata: filled(b'x', metadata_len)?,
		content_hash: Some(H256::repeat_byte(1)),
	})
}

/// An account with enough to pay the deposits and fees of a full batch of the largest devices,
/// twice, and a rotation of each.
fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	let bytes = T::MaxNameLen::get().saturating_mul(2).saturating_add(T::MaxMetadataLen::get());
	let devices = T::MaxBatchRegistrations::get().saturating_add(1).saturating_mul(2);
	let amount = Pallet::<T>::deposit_for(bytes)
		.saturating_add(T::RecordFee::get())
		.saturating_add(T::KeyHistoryFee::get())
		.saturating_mul(devices.into())
		.saturating_add(T::Currency::minimum_balance().saturating_mul(10u32.into()));
	T::Currency::set_balance(&who, amount);
	who
}

/// Registers the largest device for `owner` and returns its id.
fn registered<T: Config>(owner: &T::AccountId, index: u32) -> Result<DeviceId, BenchmarkError> {
	let registration = max_registration::<T>(owner, index, T::MaxMetadataLen::get())?;
	let device = registration.key.clone().into_account();
	Pallet::<T>::do_register_device(owner, registration)?;
	Ok(device)
}

/// Fills a device's operator set up to `count`.
fn add_operators<T: Config>(
	owner: &T::AccountId,
	device: &DeviceId,
	count: u32,
) -> Result<(), BenchmarkError> {
	for index in 0..count {
		Pallet::<T>::do_add_operator(owner, device, account("operator", index, 0))?;
	}
	Ok(())
}

/// Admits a certifier.
fn certifier<T: Config>(index: u32) -> Result<T::AccountId, BenchmarkError> {
	let certifier: T::AccountId = account("certifier", index, 0);
	Pallet::<T>::do_add_certifier(certifier.clone())?;
	Ok(certifier)
}

/// A block far enough ahead for certifications not to expire during a benchmark.
fn far_future<T: Config>() -> BlockNumberFor<T> {
	frame_system::Pallet::<T>::block_number().saturating_add(1_000u32.into())
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_device() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let registration = max_registration::<T>(&owner, 0, T::MaxMetadataLen::get())?;
		let device = registration.key.clone().into_account();

		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), registration);

		assert_eq!(Devices::<T>::get(&device).map(|record| record.owner), Some(owner));
		Ok(())
	}

	#[benchmark]
	fn register_devices(
		n: Linear<1, { T::MaxBatchRegistrations::get() }>,
	) -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let registrations: DeviceRegistrations<T> = (0..n)
			.map(|index| max_registration::<T>(&owner, index, T::MaxMetadataLen::get()))
			.collect::<Result<Vec<_>, _>>()?
			.try_into()
			.map_err(|_| BenchmarkError::Stop("the batch exceeds MaxBatchRegistrations"))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), registrations);

		assert_eq!(DevicesByOwner::<T>::iter_key_prefix(&owner).count(), n as usize);
		Ok(())
	}

	#[benchmark]
	fn update_metadata(m: Linear<0, { T::MaxMetadataLen::get() }>) -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let registration = max_registration::<T>(&owner, 0, 0)?;
		let device = registration.key.clone().into_account();
		Pallet::<T>::do_register_device(&owner, registration)?;
		let metadata = filled::<T::MaxMetadataLen>(b'y', m)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), device.clone(), metadata.clone(), Some(H256::repeat_byte(2)));

		assert_eq!(Devices::<T>::get(&device).map(|record| record.metadata), Some(metadata));
		Ok(())
	}

	#[benchmark]
	fn suspend() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let device = registered::<T>(&owner, 0)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), device.clone());

		assert_eq!(Pallet::<T>::status(&device), Some(DeviceStatus::Suspended));
		Ok(())
	}

	#[benchmark]
	fn resume() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let device = registered::<T>(&owner, 0)?;
		Pallet::<T>::do_suspend(&owner, &device)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), device.clone());

		assert_eq!(Pallet::<T>::status(&device), Some(DeviceStatus::Active));
		Ok(())
	}

	// Worst case: everything a device can have is there to remove.
	#[benchmark]
	fn revoke(
		c: Linear<0, { T::MaxCertificationsPerDevice::get() }>,
	) -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let device = registered::<T>(&owner, 0)?;
		add_operators::<T>(&owner, &device, T::MaxOperators::get())?;
		Pallet::<T>::do_offer_transfer(&owner, &device, account("recipient", 0, 0))?;
		for index in 0..c {
			let certifier = certifier::<T>(index)?;
			Pallet::<T>::do_certify(&certifier, &device, H256::repeat_byte(3), far_future::<T>())?;
		}

		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), device.clone());

		assert_eq!(Pallet::<T>::status(&device), Some(DeviceStatus::Revoked));
		assert_eq!(Certifications::<T>::iter_prefix(&device).count(), 0);
		Ok(())
	}

	// Worst case: the owner pays the key history fee, and the old key joins a history that
	// already holds one (its count is read and written; the first rotation only creates it).
	#[benchmark]
	fn rotate_key() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let device = registered::<T>(&owner, 0)?;
		let first_key = device_key(0);
		let old_key = device_key(1);
		let new_key = device_key(2);
		let proof = sign(&old_key, &Pallet::<T>::rotation_payload(&device, &first_key, &old_key))?;
		Pallet::<T>::do_rotate_key(&owner, &device, old_key.clone(), proof)?;
		let proof = sign(&new_key, &Pallet::<T>::rotation_payload(&device, &old_key, &new_key))?;
		let balance_before = T::Currency::balance(&owner);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), device.clone(), new_key.clone(), proof);

		assert_eq!(Pallet::<T>::current_key(&device), Some(new_key));
		assert_eq!(PastKeyCount::<T>::get(&device), 2);
		assert_eq!(
			PastKeys::<T>::get(&device, 1).map(|past| MultiSigner::from(past.key)),
			Some(old_key)
		);
		assert_eq!(
			T::Currency::balance(&owner),
			balance_before.saturating_sub(T::KeyHistoryFee::get())
		);
		Ok(())
	}

	// Worst case: the last free place in the operator set.
	#[benchmark]
	fn add_operator() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let device = registered::<T>(&owner, 0)?;
		add_operators::<T>(&owner, &device, T::MaxOperators::get().saturating_sub(1))?;
		let operator: T::AccountId = account("new operator", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), device.clone(), T::Lookup::unlookup(operator.clone()));

		assert!(Pallet::<T>::can_act_for(&operator, &device));
		Ok(())
	}

	// Worst case: a full operator set.
	#[benchmark]
	fn remove_operator() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let device = registered::<T>(&owner, 0)?;
		add_operators::<T>(&owner, &device, T::MaxOperators::get())?;
		let operator: T::AccountId = account("operator", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), device.clone(), T::Lookup::unlookup(operator.clone()));

		assert!(!Pallet::<T>::can_act_for(&operator, &device));
		Ok(())
	}

	#[benchmark]
	fn offer_transfer() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let device = registered::<T>(&owner, 0)?;
		let recipient: T::AccountId = account("recipient", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), device.clone(), T::Lookup::unlookup(recipient.clone()));

		assert_eq!(PendingTransfers::<T>::get(&device), Some(recipient));
		Ok(())
	}

	// Worst case: the largest deposit moves and a full operator set is cleared.
	#[benchmark]
	fn accept_transfer() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let device = registered::<T>(&owner, 0)?;
		add_operators::<T>(&owner, &device, T::MaxOperators::get())?;
		let recipient = funded::<T>("recipient", 0);
		Pallet::<T>::do_offer_transfer(&owner, &device, recipient.clone())?;
		let deposit = Devices::<T>::get(&device).map(|record| record.deposit).unwrap_or_default();

		#[extrinsic_call]
		_(RawOrigin::Signed(recipient.clone()), device.clone(), device_key(0), deposit);

		assert_eq!(Pallet::<T>::owner_of(&device), Some(recipient));
		Ok(())
	}

	#[benchmark]
	fn cancel_transfer() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let device = registered::<T>(&owner, 0)?;
		Pallet::<T>::do_offer_transfer(&owner, &device, account("recipient", 0, 0))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), device.clone());

		assert!(!PendingTransfers::<T>::contains_key(&device));
		Ok(())
	}

	#[benchmark]
	fn add_certifier() -> Result<(), BenchmarkError> {
		let origin =
			T::CertifierOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let certifier: T::AccountId = account("certifier", 0, 0);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, T::Lookup::unlookup(certifier.clone()));

		assert!(Certifiers::<T>::contains_key(&certifier));
		Ok(())
	}

	#[benchmark]
	fn remove_certifier() -> Result<(), BenchmarkError> {
		let origin =
			T::CertifierOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let certifier = certifier::<T>(0)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, T::Lookup::unlookup(certifier.clone()));

		assert!(!Certifiers::<T>::contains_key(&certifier));
		Ok(())
	}

	#[benchmark]
	fn certify() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let device = registered::<T>(&owner, 0)?;
		let certifier = certifier::<T>(0)?;
		let expires_at = far_future::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(certifier.clone()), device.clone(), H256::repeat_byte(3), expires_at);

		assert_eq!(Pallet::<T>::certified_by(&device, &certifier), Some(H256::repeat_byte(3)));
		Ok(())
	}

	#[benchmark]
	fn revoke_certification() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let device = registered::<T>(&owner, 0)?;
		let certifier = certifier::<T>(0)?;
		Pallet::<T>::do_certify(&certifier, &device, H256::repeat_byte(3), far_future::<T>())?;

		#[extrinsic_call]
		_(
			RawOrigin::Signed(certifier.clone()),
			device.clone(),
			T::Lookup::unlookup(certifier.clone()),
		);

		assert_eq!(Pallet::<T>::certified_by(&device, &certifier), None);
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
