//! A test runtime: the pallet with balances, and stand-ins for the device registry and the
//! anchoring pallet kept in the test's storage, so each test starts empty.

// A panic in a test helper is a failed test.
#![allow(clippy::expect_used, clippy::arithmetic_side_effects)]

use alloc::vec::Vec;
use codec::{Decode, Encode};
use frame_support::{
	derive_impl, parameter_types,
	storage::unhashed,
	traits::{ConstU128, ConstU32, ConstU64},
};
use frame_system::EnsureRoot;
use iotchain_primitives::{AnchorKind, AnchorLookup, AnchorRecord, DeviceRegistry, DeviceStatus};
use sp_core::{ecdsa, ed25519, sr25519, Pair, H256};
use sp_keystore::{testing::MemoryKeystore, KeystoreExt};
use sp_runtime::{
	traits::{IdentifyAccount, IdentityLookup},
	AccountId32, BuildStorage, MultiSignature, MultiSigner,
};

use crate as pallet_m2m_payments;

type Block = frame_system::mocking::MockBlock<Test>;

/// The mock's balance type: `u128`, as in IoTChain's runtime, so that payloads match it byte
/// for byte.
pub type Balance = u128;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Payments: pallet_m2m_payments,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId32;
	type Lookup = IdentityLookup<AccountId32>;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type ExistentialDeposit = ConstU128<EXISTENTIAL_DEPOSIT>;
	type AccountStore = System;
}

/// The least an account must keep to exist.
pub const EXISTENTIAL_DEPOSIT: Balance = 1;
/// The storage deposit of every record, whatever its size.
pub const DEPOSIT_BASE: Balance = 100;
/// The storage deposit per byte.
pub const DEPOSIT_PER_BYTE: Balance = 1;
/// The least an agreement may hold or a channel be opened with.
pub const MINIMUM_AMOUNT: Balance = 10;
/// The most agreements waiting on one milestone.
pub const MAX_AGREEMENTS_PER_MILESTONE: u32 = 3;
/// The blocks a payee has to claim after the payer asks to close a channel.
pub const CHALLENGE_PERIOD: u64 = 10;
/// The blocks an owner has to dispute an ended rental.
pub const RENTAL_GRACE_PERIOD: u64 = 5;
/// The blocks a payer has to dispute delivered data.
pub const DATA_CHALLENGE_PERIOD: u64 = 8;
/// The blocks a dispute waits for a ruling before anyone may settle it by default.
pub const DISPUTE_TIMEOUT: u64 = 30;

parameter_types! {
	pub const DepositBase: Balance = DEPOSIT_BASE;
	pub const DepositPerByte: Balance = DEPOSIT_PER_BYTE;
	pub const MinimumAmount: Balance = MINIMUM_AMOUNT;
}

impl pallet_m2m_payments::Config for Test {
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type Devices = MockDevices;
	type Anchors = MockAnchors;
	type GovernanceOrigin = EnsureRoot<AccountId32>;
	type DepositBase = DepositBase;
	type DepositPerByte = DepositPerByte;
	type MinimumAmount = MinimumAmount;
	type MaxAgreementsPerMilestone = ConstU32<MAX_AGREEMENTS_PER_MILESTONE>;
	type ChallengePeriod = ConstU64<CHALLENGE_PERIOD>;
	type RentalGracePeriod = ConstU64<RENTAL_GRACE_PERIOD>;
	type DataChallengePeriod = ConstU64<DATA_CHALLENGE_PERIOD>;
	type DisputeTimeout = ConstU64<DISPUTE_TIMEOUT>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockDevices;
}

/// Who is paid, and owns [`DEVICE`].
pub const PAYEE: AccountId32 = AccountId32::new([2; 32]);
/// An arbiter, party to nothing.
pub const ARBITER: AccountId32 = AccountId32::new([3; 32]);
/// An account party to nothing.
pub const STRANGER: AccountId32 = AccountId32::new([4; 32]);
/// A device owner who rents out [`RENTABLE`].
pub const OWNER: AccountId32 = AccountId32::new([5; 32]);
/// Who rents devices.
pub const RENTER: AccountId32 = AccountId32::new([6; 32]);
/// An active device owned by [`PAYEE`].
pub const DEVICE: AccountId32 = AccountId32::new([7; 32]);
/// An active device owned by [`OWNER`].
pub const RENTABLE: AccountId32 = AccountId32::new([8; 32]);
/// An account with no funds at all.
pub const NOBODY: AccountId32 = AccountId32::new([9; 32]);
/// The funds of every funded account.
pub const INITIAL_BALANCE: Balance = 1_000_000;

/// A key pair of any scheme, for payers that sign vouchers.
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

	/// The account of this key.
	pub fn account(&self) -> AccountId32 {
		let public: MultiSigner = match self {
			Self::Sr25519(pair) => pair.public().into(),
			Self::Ed25519(pair) => pair.public().into(),
			Self::Ecdsa(pair) => pair.public().into(),
		};
		public.into_account()
	}

	/// This key's signature of `message`.
	pub fn sign(&self, message: &[u8]) -> MultiSignature {
		match self {
			Self::Sr25519(pair) => pair.sign(message).into(),
			Self::Ed25519(pair) => pair.sign(message).into(),
			Self::Ecdsa(pair) => pair.sign(message).into(),
		}
	}
}

/// The key of the payer of the tests.
pub fn payer_key() -> TestKey {
	TestKey::sr25519(1)
}

/// The payer of the tests: the account of [`payer_key`].
pub fn payer() -> AccountId32 {
	payer_key().account()
}

/// A stand-in for the device registry, kept in the test's storage.
pub struct MockDevices;

#[derive(Encode, Decode)]
struct MockDevice {
	owner: AccountId32,
	status: DeviceStatus,
	operators: Vec<AccountId32>,
}

impl MockDevices {
	fn storage_key(device: &AccountId32) -> Vec<u8> {
		(b":mock:device:", device).encode()
	}

	fn get(device: &AccountId32) -> Option<MockDevice> {
		unhashed::get(&Self::storage_key(device))
	}

	fn put(device: &AccountId32, record: &MockDevice) {
		unhashed::put(&Self::storage_key(device), record);
	}

	/// Registers `device`, active, owned by `owner`.
	pub fn register(device: &AccountId32, owner: &AccountId32) {
		let record = MockDevice {
			owner: owner.clone(),
			status: DeviceStatus::Active,
			operators: Vec::new(),
		};
		Self::put(device, &record);
	}

	/// Sets the device's status, as its owner suspending, resuming or revoking it would.
	pub fn set_status(device: &AccountId32, status: DeviceStatus) {
		let mut record = Self::get(device).expect("the device is registered");
		record.status = status;
		Self::put(device, &record);
	}

	/// Gives the device to `owner`, as a transfer would.
	pub fn set_owner(device: &AccountId32, owner: &AccountId32) {
		let mut record = Self::get(device).expect("the device is registered");
		record.owner = owner.clone();
		Self::put(device, &record);
	}

	/// Lets `operator` act for the device.
	pub fn add_operator(device: &AccountId32, operator: &AccountId32) {
		let mut record = Self::get(device).expect("the device is registered");
		record.operators.push(operator.clone());
		Self::put(device, &record);
	}
}

impl DeviceRegistry<AccountId32> for MockDevices {
	fn status(device: &AccountId32) -> Option<DeviceStatus> {
		Self::get(device).map(|record| record.status)
	}

	/// `None` for a revoked device, as in the device registry.
	fn owner_of(device: &AccountId32) -> Option<AccountId32> {
		Self::get(device)
			.filter(|record| record.status != DeviceStatus::Revoked)
			.map(|record| record.owner)
	}

	fn current_key(_: &AccountId32) -> Option<MultiSigner> {
		None
	}

	fn can_act_for(who: &AccountId32, device: &AccountId32) -> bool {
		Self::get(device).is_some_and(|record| {
			record.status != DeviceStatus::Revoked
				&& (record.owner == *who || record.operators.contains(who))
		})
	}
}

/// A stand-in for the anchoring pallet: each device's anchors, by sequence number, in any
/// order (each `(device, seq)` once), as the anchoring pallet keeps them.
pub struct MockAnchors;

impl MockAnchors {
	fn record_key(device: &AccountId32, seq: u64) -> Vec<u8> {
		(b":mock:anchor:", device, seq).encode()
	}

	fn last_seq_key(device: &AccountId32) -> Vec<u8> {
		(b":mock:last_seq:", device).encode()
	}

	/// The device anchors `seq` in the current block: one reading, or a batch of
	/// `readings` readings.
	pub fn anchor(device: &AccountId32, seq: u64, readings: u32) {
		let kind = if readings == 1 {
			AnchorKind::Reading
		} else {
			AnchorKind::Batch { leaf_count: readings, first_ts: 0, last_ts: 0 }
		};
		let record = AnchorRecord {
			digest: H256::repeat_byte(0xd1),
			kind,
			block: System::block_number(),
			moment: 0,
		};
		unhashed::put(&Self::record_key(device, seq), &record);
		let last = Self::last_seq(device).map_or(seq, |last| last.max(seq));
		unhashed::put(&Self::last_seq_key(device), &last);
	}
}

impl AnchorLookup<AccountId32, u64> for MockAnchors {
	fn last_seq(device: &AccountId32) -> Option<u64> {
		unhashed::get(&Self::last_seq_key(device))
	}

	fn anchor_record(device: &AccountId32, seq: u64) -> Option<AnchorRecord<u64>> {
		unhashed::get(&Self::record_key(device, seq))
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId32> for MockDevices {
	fn register_device(owner: &AccountId32) -> AccountId32 {
		let device = AccountId32::new(sp_io::hashing::blake2_256(&(b"device", owner).encode()));
		Self::register(&device, owner);
		device
	}

	fn anchor(device: &AccountId32, seq: u64) {
		MockAnchors::anchor(device, seq, 1);
	}
}

/// Builds test externalities: funded accounts, [`DEVICE`] owned by [`PAYEE`] and [`RENTABLE`]
/// owned by [`OWNER`], a keystore for the benchmarks' keys, block 1 (so that events are
/// recorded).
pub struct ExtBuilder {
	balances: Vec<(AccountId32, Balance)>,
}

impl Default for ExtBuilder {
	fn default() -> Self {
		let funded = [payer(), PAYEE, ARBITER, STRANGER, OWNER, RENTER];
		Self { balances: funded.into_iter().map(|who| (who, INITIAL_BALANCE)).collect() }
	}
}

impl ExtBuilder {
	/// The externalities, ready to execute a test in.
	pub fn build(self) -> sp_io::TestExternalities {
		let storage = RuntimeGenesisConfig {
			balances: pallet_balances::GenesisConfig {
				balances: self.balances,
				..Default::default()
			},
			..Default::default()
		}
		.build_storage()
		.expect("the genesis builds");
		let mut ext = sp_io::TestExternalities::new(storage);
		ext.register_extension(KeystoreExt::new(MemoryKeystore::new()));
		ext.execute_with(|| {
			System::set_block_number(1);
			MockDevices::register(&DEVICE, &PAYEE);
			MockDevices::register(&RENTABLE, &OWNER);
		});
		ext
	}

	/// Runs `test`, then checks the pallet's invariants.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			Payments::do_try_state().expect("the pallet's invariants hold after the test");
		});
	}
}

/// The externalities the benchmarks run in as tests.
#[cfg(feature = "runtime-benchmarks")]
pub fn new_test_ext() -> sp_io::TestExternalities {
	ExtBuilder::default().build()
}

/// Moves to block `n`.
pub fn go_to(n: u64) {
	System::set_block_number(n);
}
