//! A test runtime: the pallet with balances, and the shared stand-ins for the device registry
//! and the anchoring pallet (`iotchain-test-support`), kept in the test's storage so that each
//! test starts empty.

// A panic in a test helper is a failed test.
#![allow(clippy::expect_used, clippy::arithmetic_side_effects)]

use alloc::vec::Vec;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU128, ConstU32, ConstU64},
};
use frame_system::EnsureRoot;
pub use iotchain_test_support::{MockAnchors, MockDevices, TestKey};
use sp_keystore::{testing::MemoryKeystore, KeystoreExt};
use sp_runtime::{traits::IdentityLookup, AccountId32, BuildStorage};

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
	type Anchors = MockAnchors<Test>;
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
/// The time, in milliseconds, the tests' anchors are made at: payments reads only their
/// blocks and readings.
pub const ANCHOR_MOMENT: u64 = 1_700_000_000_000;

/// The key of the payer of the tests.
pub fn payer_key() -> TestKey {
	TestKey::sr25519(1)
}

/// The payer of the tests: the account of [`payer_key`].
pub fn payer() -> AccountId32 {
	payer_key().account()
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId32> for MockDevices {
	fn register_device(owner: &AccountId32) -> AccountId32 {
		let device = AccountId32::new(sp_io::hashing::blake2_256(&codec::Encode::encode(&(
			b"device", owner,
		))));
		Self::register_without_key(&device, owner);
		device
	}

	fn anchor(device: &AccountId32, seq: u64) {
		MockAnchors::<Test>::anchor(device, seq, 1, ANCHOR_MOMENT);
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
			MockDevices::register_without_key(&DEVICE, &PAYEE);
			MockDevices::register_without_key(&RENTABLE, &OWNER);
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
