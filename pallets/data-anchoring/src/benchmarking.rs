//! Benchmarks of every call, by the device itself and relayed with its signature.
//!
//! Each runs the worst case of its path: the device has anchored before (its `LastSeq` is
//! read and rewritten), the new anchor is checked to be unused and makes the largest jump
//! allowed (`MaxSeqJump` numbers skipped, so it becomes the device's highest), the sender pays the
//! anchor fee, and a relayed anchor verifies an sr25519 signature.

use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::traits::{
	fungible::{Inspect, Mutate},
	Get,
};
use frame_system::RawOrigin;
use iotchain_primitives::{AnchorKind, AnchorRecord};
use sp_core::H256;
use sp_runtime::{
	traits::{IdentifyAccount, Saturating},
	MultiSignature, MultiSigner,
};

use crate::*;

/// An active device with an sr25519 key in the keystore, whose key account can pay fees, and
/// which has anchored sequence number 0 already.
fn active_device<T: Config>() -> (sp_core::sr25519::Public, T::AccountId) {
	let public = sp_io::crypto::sr25519_generate(BENCHMARK_KEY_TYPE, None);
	let key = MultiSigner::Sr25519(public);
	T::BenchmarkHelper::register_active_device(&key);
	let device = key.into_account();
	fund::<T>(&device);
	let block = frame_system::Pallet::<T>::block_number();
	let first = AnchorRecord { digest: H256::zero(), kind: AnchorKind::Reading, block, moment: 0 };
	Anchors::<T>::insert(&device, seq_key(0), first);
	LastSeq::<T>::insert(&device, 0);
	(public, device)
}

fn fund<T: Config>(who: &T::AccountId) {
	let fees = T::AnchorFee::get().saturating_mul(100u32.into());
	T::Currency::set_balance(who, T::Currency::minimum_balance().saturating_add(fees));
}

/// A relayer that can pay fees.
fn relayer<T: Config>() -> T::AccountId {
	let relayer: T::AccountId = account("relayer", 0, 0);
	fund::<T>(&relayer);
	relayer
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

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
