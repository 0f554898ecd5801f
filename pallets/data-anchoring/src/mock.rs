//! A test runtime: the pallet with balances, timestamps and a stand-in device registry.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use alloc::sync::Arc;
use codec::{Decode, Encode};
use frame_support::{
	derive_impl, parameter_types,
	storage::unhashed,
	traits::{fungible::Mutate, ConstU32, ConstU64},
};
use iotchain_primitives::{AnchorKind, DeviceRegistry, DeviceStatus};
use sp_core::{ecdsa, ed25519, sr25519, Pair, H256};
use sp_keystore::{testing::MemoryKeystore, KeystoreExt};
use sp_runtime::{
	traits::{IdentifyAccount, IdentityLookup},
	AccountId32, BuildStorage, MultiSignature, MultiSigner,
};

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
	type FeeDestination = ();
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

/// A stand-in for the device registry, kept in the test's storage so each test starts empty.
pub struct MockDevices;

#[derive(Encode, Decode)]
struct MockDevice {
	key: MultiSigner,
	status: DeviceStatus,
	owner: AccountId32,
}

impl MockDevices {
	fn storage_key(device: &AccountId32) -> alloc::vec::Vec<u8> {
		(b":mock:device:", device).encode()
	}

	fn get(device: &AccountId32) -> Option<MockDevice> {
		unhashed::get(&Self::storage_key(device))
	}

	/// Registers the device of `key`, active, owned by [`OWNER`]; returns its id.
	pub fn register(key: MultiSigner) -> AccountId32 {
		let device = key.clone().into_account();
		let record = MockDevice { key, status: DeviceStatus::Active, owner: OWNER };
		unhashed::put(&Self::storage_key(&device), &record);
		device
	}

	/// Sets the device's status, as its owner suspending, resuming or revoking it would.
	pub fn set_status(device: &AccountId32, status: DeviceStatus) {
		if let Some(mut record) = Self::get(device) {
			record.status = status;
			unhashed::put(&Self::storage_key(device), &record);
		}
	}

	/// Replaces the device's key, as a key rotation would; the id stays.
	pub fn rotate(device: &AccountId32, key: MultiSigner) {
		if let Some(mut record) = Self::get(device) {
			record.key = key;
			unhashed::put(&Self::storage_key(device), &record);
		}
	}
}

impl DeviceRegistry<AccountId32> for MockDevices {
	fn status(device: &AccountId32) -> Option<DeviceStatus> {
		Self::get(device).map(|record| record.status)
	}

	fn owner_of(device: &AccountId32) -> Option<AccountId32> {
		Self::get(device).map(|record| record.owner)
	}

	fn current_key(device: &AccountId32) -> Option<MultiSigner> {
		Self::get(device).map(|record| record.key)
	}

	fn can_act_for(who: &AccountId32, device: &AccountId32) -> bool {
		Self::owner_of(device).as_ref() == Some(who)
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper for MockDevices {
	fn register_active_device(key: &MultiSigner) {
		Self::register(key.clone());
	}
}

/// A device key pair of any scheme, with what the tests need of it.
#[allow(clippy::large_enum_variant, reason = "a handful of key pairs per test")]
pub enum TestKey {
	/// An sr25519 pair.
	Sr25519(sr25519::Pair),
	/// An ed25519 pair.
	Ed25519(ed25519::Pair),
	/// An ECDSA pair.
	Ecdsa(ecdsa::Pair),
}

impl TestKey {
	/// An sr25519 key from a seed byte.
	pub fn sr25519(seed: u8) -> Self {
		Self::Sr25519(sr25519::Pair::from_seed(&[seed; 32]))
	}

	/// An ed25519 key from a seed byte.
	pub fn ed25519(seed: u8) -> Self {
		Self::Ed25519(ed25519::Pair::from_seed(&[seed; 32]))
	}

	/// An ECDSA key from a seed byte.
	pub fn ecdsa(seed: u8) -> Self {
		Self::Ecdsa(ecdsa::Pair::from_seed(&[seed; 32]))
	}

	/// The public key.
	pub fn public(&self) -> MultiSigner {
		match self {
			Self::Sr25519(pair) => pair.public().into(),
			Self::Ed25519(pair) => pair.public().into(),
			Self::Ecdsa(pair) => pair.public().into(),
		}
	}

	/// The account of this key.
	pub fn account(&self) -> AccountId32 {
		self.public().into_account()
	}

	/// This key's signature of `message`.
	pub fn sign(&self, message: &[u8]) -> MultiSignature {
		match self {
			Self::Sr25519(pair) => pair.sign(message).into(),
			Self::Ed25519(pair) => pair.sign(message).into(),
			Self::Ecdsa(pair) => pair.sign(message).into(),
		}
	}

	/// This key's signature of the payload anchoring `digest` for `device` as `seq`.
	pub fn sign_anchor(
		&self,
		device: &AccountId32,
		seq: u64,
		digest: H256,
		kind: AnchorKind,
	) -> MultiSignature {
		self.sign(&DataAnchoring::anchor_payload(device, seq, &digest, &kind))
	}
}

/// A registered, active device whose key account can pay fees; returns the key and the id.
pub fn active_device(key: TestKey) -> (TestKey, AccountId32) {
	let device = MockDevices::register(key.public());
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
