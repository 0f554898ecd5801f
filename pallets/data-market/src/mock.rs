//! A test runtime: the pallet with balances and timestamps, and the shared stand-ins for the
//! device registry and the anchoring pallet (`iotchain-test-support`), kept in the test's
//! storage so that each test starts empty.

// A panic in a test helper is a failed test.
#![allow(clippy::expect_used, clippy::arithmetic_side_effects, clippy::indexing_slicing)]

use alloc::vec::Vec;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU128, ConstU32, ConstU64},
};
use iotchain_primitives::{chain, merkle, ReadingEnvelope};
pub use iotchain_test_support::{MockAnchors, MockDevices, TestKey};
use sp_core::H256;
use sp_keystore::{testing::MemoryKeystore, KeystoreExt};
use sp_runtime::{traits::IdentityLookup, AccountId32, BuildStorage, MultiSignature};

use crate::{self as pallet_data_market, DeliveryProof, StreamTerms};

type Block = frame_system::mocking::MockBlock<Test>;

/// The mock's balance type: `u128`, as in IoTChain's runtime.
pub type Balance = u128;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Timestamp: pallet_timestamp,
		Balances: pallet_balances,
		Market: pallet_data_market,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId32;
	type Lookup = IdentityLookup<AccountId32>;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_timestamp::config_preludes::TestDefaultConfig)]
impl pallet_timestamp::Config for Test {}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type ExistentialDeposit = ConstU128<EXISTENTIAL_DEPOSIT>;
	type AccountStore = System;
}

/// The least an account must keep to exist.
pub const EXISTENTIAL_DEPOSIT: Balance = 2;
/// The storage deposit of every record, whatever its size.
pub const DEPOSIT_BASE: Balance = 100;
/// The storage deposit per byte.
pub const DEPOSIT_PER_BYTE: Balance = 1;
/// The shortest period: a minute.
pub const MIN_PERIOD: u64 = 60_000;
/// The longest period: a day.
pub const MAX_PERIOD: u64 = 86_400_000;
/// How long after a period its readings may still be proven: 10 minutes.
pub const DELIVERY_GRACE: u64 = 600_000;
/// The most buyers of a listing.
pub const MAX_SUBSCRIBERS: u32 = 3;
/// The most unsettled periods of a grant.
pub const MAX_PERIODS: u32 = 6;
/// The most readings promised per period.
pub const MAX_PROMISED: u32 = 100;
/// The most proofs per call.
pub const MAX_PROOFS: u32 = 4;

parameter_types! {
	pub const DepositBase: Balance = DEPOSIT_BASE;
	pub const DepositPerByte: Balance = DEPOSIT_PER_BYTE;
}

impl pallet_data_market::Config for Test {
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type Devices = MockDevices;
	type Anchors = MockAnchors<Test>;
	type UnixTime = Timestamp;
	type DepositBase = DepositBase;
	type DepositPerByte = DepositPerByte;
	type MinPeriod = ConstU64<MIN_PERIOD>;
	type MaxPeriod = ConstU64<MAX_PERIOD>;
	type DeliveryGrace = ConstU64<DELIVERY_GRACE>;
	type MaxSubscribers = ConstU32<MAX_SUBSCRIBERS>;
	type MaxPeriods = ConstU32<MAX_PERIODS>;
	type MaxPromisedReadings = ConstU32<MAX_PROMISED>;
	type MaxProofsPerCall = ConstU32<MAX_PROOFS>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockDevices;
}

/// Who owns [`device`] and sells its stream.
pub const SELLER: AccountId32 = AccountId32::new([1; 32]);
/// An operator of [`device`], who may list it too.
pub const OPERATOR: AccountId32 = AccountId32::new([2; 32]);
/// Who buys the stream.
pub const BUYER: AccountId32 = AccountId32::new([3; 32]);
/// A second buyer.
pub const BUYER_2: AccountId32 = AccountId32::new([4; 32]);
/// An account party to nothing.
pub const STRANGER: AccountId32 = AccountId32::new([5; 32]);
/// The gateway whose aggregates carry the device's envelopes.
pub const GATEWAY: AccountId32 = AccountId32::new([6; 32]);
/// An account with no funds at all.
pub const NOBODY: AccountId32 = AccountId32::new([9; 32]);
/// The funds of every funded account.
pub const INITIAL_BALANCE: Balance = 1_000_000;
/// The chain's time when each test starts (milliseconds): a listing made then starts period 0.
pub const START: u64 = 1_700_000_000_000;
/// The period of [`terms`]: 10 minutes.
pub const PERIOD: u64 = 600_000;
/// The price per period of [`terms`].
pub const PRICE: Balance = 1_000;
/// The readings [`terms`] promise per period.
pub const PROMISED: u32 = 3;

/// The key of the listed device.
pub fn device_key() -> TestKey {
	TestKey::ed25519(7)
}

/// The listed device: the account of [`device_key`], owned by [`SELLER`].
pub fn device() -> AccountId32 {
	device_key().account()
}

/// The terms of the tests' listing.
pub fn terms() -> StreamTerms<Balance> {
	StreamTerms {
		schema: H256::repeat_byte(0x5c),
		licence: H256::repeat_byte(0x11),
		price_per_period: PRICE,
		period_ms: PERIOD,
		min_readings: PROMISED,
		max_subscribers: 2,
	}
}

/// Sets the chain's clock to `moment`.
pub fn set_time(moment: u64) {
	pallet_timestamp::Now::<Test>::put(moment);
}

/// The chain's time `offset` milliseconds into period `period` of a listing made at [`START`].
pub fn in_period(period: u32, offset: u64) -> u64 {
	START + PERIOD * u64::from(period) + offset
}

/// Moves to block `n` at time `moment`.
pub fn go_to(n: u64, moment: u64) {
	System::set_block_number(n);
	set_time(moment);
}

/// The device's reading `seq`, taken at `timestamp` and signed by `key`.
pub fn envelope(seq: u64, timestamp: u64, key: &TestKey) -> ReadingEnvelope<AccountId32> {
	let mut envelope = ReadingEnvelope {
		device: device(),
		seq,
		timestamp,
		payload_digest: merkle::reading_leaf(&seq.to_le_bytes()),
		signature: MultiSignature::Ed25519(sp_core::ed25519::Signature::from_raw([0; 64])),
	};
	envelope.signature = key.sign(&envelope.signed_bytes(&chain::genesis_hash::<Test>()));
	envelope
}

/// [`GATEWAY`] anchors `envelopes` as its aggregate `seq` now (each envelope's leaf followed by a
/// filler leaf, as IoTChain's gateway pairs them with annotations), and returns each envelope's
/// delivery proof.
pub fn aggregate(
	seq: u64,
	envelopes: Vec<ReadingEnvelope<AccountId32>>,
) -> Vec<DeliveryProof<AccountId32>> {
	let leaves: Vec<H256> =
		envelopes.iter().flat_map(|envelope| [envelope.leaf(), H256::repeat_byte(0xaa)]).collect();
	let tree = merkle::Tree::new(&leaves).expect("at least one leaf");
	MockAnchors::<Test>::anchor_aggregate(
		&GATEWAY,
		seq,
		tree.root(),
		tree.leaf_count(),
		pallet_timestamp::Now::<Test>::get(),
	);
	envelopes
		.into_iter()
		.enumerate()
		.map(|(i, envelope)| {
			let leaf_index = u32::try_from(i * 2).expect("few leaves");
			let proof = tree.proof(leaf_index).expect("a leaf of the tree").siblings;
			DeliveryProof::Aggregated {
				gateway: GATEWAY,
				aggregate_seq: seq,
				envelope,
				leaf_index,
				proof: proof.try_into().expect("a shallow tree"),
			}
		})
		.collect()
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId32> for MockDevices {
	fn register_device(owner: &AccountId32, gateway: bool) -> AccountId32 {
		let public = sp_io::crypto::sr25519_generate(BENCHMARK_KEY_TYPE, None);
		let device = Self::register(public.into(), owner);
		if gateway {
			Self::set_kind(&device, iotchain_primitives::DeviceKind::Gateway);
		}
		device
	}

	fn sign(device: &AccountId32, message: &[u8]) -> MultiSignature {
		let public = sp_core::sr25519::Public::from_raw(*device.as_ref());
		sp_io::crypto::sr25519_sign(BENCHMARK_KEY_TYPE, &public, message)
			.expect("the keystore holds the key")
			.into()
	}

	fn anchor_aggregate(gateway: &AccountId32, seq: u64, root: H256, leaf_count: u32) {
		MockAnchors::<Test>::anchor_aggregate(
			gateway,
			seq,
			root,
			leaf_count,
			pallet_timestamp::Now::<Test>::get(),
		);
	}

	fn set_time(moment: u64) {
		set_time(moment);
	}
}

/// The key type of the benchmarks' device keys in the test keystore.
#[cfg(feature = "runtime-benchmarks")]
pub const BENCHMARK_KEY_TYPE: sp_core::crypto::KeyTypeId = sp_core::crypto::KeyTypeId(*b"iotm");

/// Builds test externalities: funded accounts, [`device`] owned by [`SELLER`] and operated by
/// [`OPERATOR`], [`GATEWAY`] a gateway, block 1 at [`START`], a keystore for the benchmarks.
pub struct ExtBuilder {
	balances: Vec<(AccountId32, Balance)>,
}

impl Default for ExtBuilder {
	fn default() -> Self {
		let funded = [SELLER, OPERATOR, BUYER, BUYER_2, STRANGER, GATEWAY];
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
			go_to(1, START);
			MockDevices::register(device_key().public(), &SELLER);
			MockDevices::add_operator(&device(), &OPERATOR);
			MockDevices::register_without_key(&GATEWAY, &STRANGER);
			MockDevices::set_kind(&GATEWAY, iotchain_primitives::DeviceKind::Gateway);
		});
		ext
	}

	/// Runs `test`, then checks the pallet's invariants.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			Market::do_try_state().expect("the pallet's invariants hold after the test");
		});
	}
}

/// The externalities the benchmarks run in as tests.
#[cfg(feature = "runtime-benchmarks")]
pub fn new_test_ext() -> sp_io::TestExternalities {
	ExtBuilder::default().build()
}
