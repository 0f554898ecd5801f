//! A test runtime: the pallet with balances, timestamps and the shared stand-in device registry
//! ([`iotchain_test_support::MockDevices`]).

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use alloc::sync::Arc;
use frame_support::{
	derive_impl, parameter_types,
	traits::{fungible::Mutate, ConstU32, ConstU64},
};
use iotchain_primitives::AnchorKind;
pub use iotchain_test_support::{MockDevices, TestKey};
use sp_core::H256;
use sp_keystore::{testing::MemoryKeystore, KeystoreExt};
#[cfg(feature = "runtime-benchmarks")]
use sp_runtime::MultiSigner;
use sp_runtime::{traits::IdentityLookup, AccountId32, BuildStorage, MultiSignature};

use crate as pallet_data_anchoring;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Timestamp: pallet_timestamp,
		Balances: pallet_balances,
		DataAnchoring: pallet_data_anchoring,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId32;
	type Lookup = IdentityLookup<AccountId32>;
	type AccountData = pallet_balances::AccountData<u64>;
}

#[derive_impl(pallet_timestamp::config_preludes::TestDefaultConfig)]
impl pallet_timestamp::Config for Test {}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
}

/// The anchor fee of the test runtime.
pub const ANCHOR_FEE: u64 = 10;
/// The most leaves a batch may have: the least the pallet allows.
pub const MAX_LEAVES: u32 = 1 << 20;
/// The most sequence numbers one anchor may skip above the device's highest.
pub const MAX_SEQ_JUMP: u64 = 1_000;
/// The chain's time when each test starts, in milliseconds since the Unix epoch.
pub const START: u64 = 1_700_000_000_000;

parameter_types! {
	pub const AnchorFee: u64 = ANCHOR_FEE;
}

impl pallet_data_anchoring::Config for Test {
	type Devices = MockDevices;
	type UnixTime = Timestamp;
	type Currency = Balances;
	type AnchorFee = AnchorFee;
	type MaxLeavesPerBatch = ConstU32<MAX_LEAVES>;
	type MaxSeqJump = ConstU64<MAX_SEQ_JUMP>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockDevices;
}

/// The account that owns the test devices.
pub const OWNER: AccountId32 = AccountId32::new([0xaa; 32]);
/// A gateway that relays anchors for devices.
pub const RELAYER: AccountId32 = AccountId32::new([0xbb; 32]);
/// An account that is neither a device nor holds a device's signature.
pub const STRANGER: AccountId32 = AccountId32::new([0xcc; 32]);

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper for MockDevices {
	fn register_active_device(key: &MultiSigner, kind: iotchain_primitives::DeviceKind) {
		let device = MockDevices::register(key.clone(), &OWNER);
		MockDevices::set_kind(&device, kind);
	}

	fn set_time(moment: u64) {
		pallet_timestamp::Now::<Test>::put(moment);
	}
}

/// `key`'s signature of the payload anchoring `digest` for `device` as `seq`.
pub fn sign_anchor(
	key: &TestKey,
	device: &AccountId32,
	seq: u64,
	digest: H256,
	kind: AnchorKind,
) -> MultiSignature {
	key.sign(&DataAnchoring::anchor_payload(device, seq, &digest, &kind))
}

/// A registered, active device whose key account can pay fees; returns the key and the id.
pub fn active_device(key: TestKey) -> (TestKey, AccountId32) {
	let device = MockDevices::register(key.public(), &OWNER);
	Balances::set_balance(&key.account(), 1_000);
	(key, device)
}

/// The test externalities: funded relayer and stranger, block 1, time [`START`], a keystore.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let storage = RuntimeGenesisConfig {
		balances: pallet_balances::GenesisConfig {
			balances: alloc::vec![(RELAYER, 1_000), (STRANGER, 1_000), (OWNER, 1_000)],
			..Default::default()
		},
		..Default::default()
	}
	.build_storage()
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.register_extension(KeystoreExt(Arc::new(MemoryKeystore::new())));
	ext.execute_with(|| {
		System::set_block_number(1);
		Timestamp::set_timestamp(START);
	});
	ext
}

/// Runs `test` in fresh externalities, then checks the pallet's invariants.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		assert_eq!(DataAnchoring::do_try_state(), Ok(()));
	});
}
