//! Benchmarks of every call, by the device itself and relayed with its signature.
//!
//! Each runs the worst case of its path: the device has anchored before (its `LastSeq` is
//! read and rewritten), the new anchor makes the largest jump allowed (`MaxSeqJump` numbers
//! skipped, so it becomes the device's highest), and a relayed anchor verifies an sr25519
//! signature. An anchor filling a gap below the highest reads its own key instead of rewriting
//! the highest, a read instead of a write, so it costs less. The anchor fee is not here: the
//! runtime charges it with the transaction fee, whose weight is the fee payment's.

use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::traits::Get;
use frame_system::RawOrigin;
use iotchain_primitives::{AnchorKind, AnchorRecord, DeviceKind};
use sp_core::H256;
use sp_runtime::{traits::IdentifyAccount, MultiSignature, MultiSigner};

use crate::*;

/// An active device of `kind` with an sr25519 key in the keystore, which has anchored sequence
/// number 0 already.
fn active_device_of<T: Config>(kind: DeviceKind) -> (sp_core::sr25519::Public, T::AccountId) {
	T::BenchmarkHelper::set_time(iotchain_primitives::chain::BENCHMARK_MOMENT);
	let public = sp_io::crypto::sr25519_generate(BENCHMARK_KEY_TYPE, None);
	let key = MultiSigner::Sr25519(public);
	T::BenchmarkHelper::register_active_device(&key, kind);
	let device = key.into_account();
	let block = frame_system::Pallet::<T>::block_number();
	let first = AnchorRecord { digest: H256::zero(), kind: AnchorKind::Reading, block, moment: 0 };
	Anchors::<T>::insert(&device, seq_key(0), first);
	LastSeq::<T>::insert(&device, 0);
	(public, device)
}

/// An active sensor, as [`active_device_of`].
fn active_device<T: Config>() -> (sp_core::sr25519::Public, T::AccountId) {
	active_device_of::<T>(DeviceKind::Sensor)
}

/// An account relaying for a device.
fn relayer<T: Config>() -> T::AccountId {
	account("relayer", 0, 0)
}

/// The device's signature of `payload`, made in the keystore.
fn sign(
	public: &sp_core::sr25519::Public,
	payload: &[u8],
) -> Result<MultiSignature, BenchmarkError> {
	sp_io::crypto::sr25519_sign(BENCHMARK_KEY_TYPE, public, payload)
		.map(MultiSignature::from)
		.ok_or(BenchmarkError::Stop("the benchmark keystore cannot sign with the device key"))
}

/// The farthest sequence number the device of [`active_device`] may anchor next.
fn farthest_seq<T: Config>() -> u64 {
	T::MaxSeqJump::get().saturating_add(1)
}

fn batch<T: Config>() -> AnchorKind {
	AnchorKind::Batch { leaf_count: T::MaxLeavesPerBatch::get(), first_ts: 1, last_ts: 2 }
}

fn aggregate<T: Config>() -> AnchorKind {
	AnchorKind::Aggregate { leaf_count: T::MaxLeavesPerBatch::get(), first_ts: 1, last_ts: 2 }
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn anchor_by_device() {
		let (_, device) = active_device::<T>();
		let digest = H256::repeat_byte(1);
		let seq = farthest_seq::<T>();

		#[extrinsic_call]
		anchor(RawOrigin::Signed(device.clone()), device.clone(), seq, digest, None);

		assert_eq!(LastSeq::<T>::get(&device), Some(seq));
	}

	#[benchmark]
	fn anchor_relayed() -> Result<(), BenchmarkError> {
		let (public, device) = active_device::<T>();
		let relayer = relayer::<T>();
		let digest = H256::repeat_byte(1);
		let seq = farthest_seq::<T>();
		let payload: Vec<u8> =
			Pallet::<T>::anchor_payload(&device, seq, &digest, &AnchorKind::Reading);
		let signature = sign(&public, &payload)?;

		#[extrinsic_call]
		anchor(RawOrigin::Signed(relayer), device.clone(), seq, digest, Some(signature));

		assert_eq!(LastSeq::<T>::get(&device), Some(seq));
		Ok(())
	}

	#[benchmark]
	fn anchor_batch_by_device() {
		let (_, device) = active_device::<T>();
		let root = H256::repeat_byte(2);
		let max = T::MaxLeavesPerBatch::get();
		let seq = farthest_seq::<T>();

		#[extrinsic_call]
		anchor_batch(RawOrigin::Signed(device.clone()), device.clone(), seq, root, max, 1, 2, None);

		assert_eq!(LastSeq::<T>::get(&device), Some(seq));
	}

	#[benchmark]
	fn anchor_batch_relayed() -> Result<(), BenchmarkError> {
		let (public, device) = active_device::<T>();
		let relayer = relayer::<T>();
		let root = H256::repeat_byte(2);
		let max = T::MaxLeavesPerBatch::get();
		let seq = farthest_seq::<T>();
		let signature =
			sign(&public, &Pallet::<T>::anchor_payload(&device, seq, &root, &batch::<T>()))?;

		#[extrinsic_call]
		anchor_batch(
			RawOrigin::Signed(relayer),
			device.clone(),
			seq,
			root,
			max,
			1,
			2,
			Some(signature),
		);

		assert_eq!(LastSeq::<T>::get(&device), Some(seq));
		Ok(())
	}

	#[benchmark]
	fn anchor_aggregate_by_gateway() {
		let (_, gateway) = active_device_of::<T>(DeviceKind::Gateway);
		let root = H256::repeat_byte(3);
		let max = T::MaxLeavesPerBatch::get();
		let seq = farthest_seq::<T>();

		#[extrinsic_call]
		anchor_aggregate(
			RawOrigin::Signed(gateway.clone()),
			gateway.clone(),
			seq,
			root,
			max,
			1,
			2,
			None,
		);

		assert_eq!(LastSeq::<T>::get(&gateway), Some(seq));
	}

	#[benchmark]
	fn anchor_aggregate_relayed() -> Result<(), BenchmarkError> {
		let (public, gateway) = active_device_of::<T>(DeviceKind::Gateway);
		let relayer = relayer::<T>();
		let root = H256::repeat_byte(3);
		let max = T::MaxLeavesPerBatch::get();
		let seq = farthest_seq::<T>();
		let signature =
			sign(&public, &Pallet::<T>::anchor_payload(&gateway, seq, &root, &aggregate::<T>()))?;

		#[extrinsic_call]
		anchor_aggregate(
			RawOrigin::Signed(relayer),
			gateway.clone(),
			seq,
			root,
			max,
			1,
			2,
			Some(signature),
		);

		assert_eq!(LastSeq::<T>::get(&gateway), Some(seq));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
