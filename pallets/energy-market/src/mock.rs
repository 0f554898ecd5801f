//! A test runtime: the pallet with balances and timestamps, and the shared stand-ins for the
//! device registry and the anchoring pallet (`iotchain-test-support`), kept in the test's
//! storage so that each test starts empty.
//!
//! The tests' market: intervals of 15 minutes, the grid selling at 30 and buying at 10 per
//! watt-hour, connections of 10 kWh an interval. Its members are five meters: three prosumers
//! (`P1`–`P3`) and two consumers (`C1`, `C2`), each owned by the account of the same name.

// A panic in a test helper is a failed test.
#![allow(clippy::expect_used, clippy::arithmetic_side_effects, clippy::indexing_slicing)]

use alloc::vec::Vec;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU128, ConstU32, ConstU64},
};
use iotchain_primitives::{chain, merkle, DeviceKind, MeterReading, ReadingEnvelope};
pub use iotchain_test_support::{MockAnchors, MockDevices, TestKey};
use sp_core::H256;
use sp_keystore::{testing::MemoryKeystore, KeystoreExt};
use sp_runtime::{traits::IdentityLookup, AccountId32, BuildStorage, MultiSignature};

use crate::{self as pallet_energy_market, MarketId, MarketTerms, ReadingProof, Side};

type Block = frame_system::mocking::MockBlock<Test>;

/// The mock's balance type: `u128`, as in IoTChain's runtime.
pub type Balance = u128;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Timestamp: pallet_timestamp,
		Balances: pallet_balances,
		Energy: pallet_energy_market,
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
/// The length of the tests' intervals: 15 minutes.
pub const INTERVAL: u64 = 900_000;
/// How long after an interval its readings may be proven: 10 minutes.
pub const REPORT_GRACE: u64 = 600_000;
/// The most meters of a market.
pub const MAX_MEMBERS: u32 = 6;
/// The most orders of an interval.
pub const MAX_ORDERS: u32 = 8;
/// How far ahead orders may be placed.
pub const MAX_AHEAD: u32 = 4;
/// The most open intervals of a market.
pub const MAX_OPEN: u32 = 3;
/// The most settled intervals kept.
pub const MAX_HISTORY: u32 = 2;

parameter_types! {
	pub const DepositBase: Balance = DEPOSIT_BASE;
	pub const DepositPerByte: Balance = DEPOSIT_PER_BYTE;
}

impl pallet_energy_market::Config for Test {
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type Devices = MockDevices;
	type Anchors = MockAnchors<Test>;
	type UnixTime = Timestamp;
	type DepositBase = DepositBase;
	type DepositPerByte = DepositPerByte;
	type MinInterval = ConstU64<60_000>;
	type MaxInterval = ConstU64<86_400_000>;
	type ReportGrace = ConstU64<REPORT_GRACE>;
	type MaxMembers = ConstU32<MAX_MEMBERS>;
	type MaxOrdersPerInterval = ConstU32<MAX_ORDERS>;
	type MaxIntervalsAhead = ConstU32<MAX_AHEAD>;
	type MaxOpenIntervals = ConstU32<MAX_OPEN>;
	type MaxHistory = ConstU32<MAX_HISTORY>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockDevices;
}

/// The market's operator: its grid.
pub const GRID: AccountId32 = AccountId32::new([1; 32]);
/// An account party to nothing.
pub const STRANGER: AccountId32 = AccountId32::new([2; 32]);
/// The gateway whose aggregates carry the meters' readings.
pub const GATEWAY: AccountId32 = AccountId32::new([3; 32]);
/// The prosumers and consumers, who own the meters of the same index.
pub const P1: AccountId32 = AccountId32::new([11; 32]);
/// The second prosumer.
pub const P2: AccountId32 = AccountId32::new([12; 32]);
/// The third prosumer.
pub const P3: AccountId32 = AccountId32::new([13; 32]);
/// The first consumer.
pub const C1: AccountId32 = AccountId32::new([21; 32]);
/// The second consumer.
pub const C2: AccountId32 = AccountId32::new([22; 32]);
/// An account with no funds at all.
pub const NOBODY: AccountId32 = AccountId32::new([9; 32]);
/// The funds of every funded account.
pub const INITIAL_BALANCE: Balance = 10_000_000;
/// The chain's time when each test starts (milliseconds): a market made then starts interval 0.
pub const START: u64 = 1_700_000_000_000;
/// What the grid charges per watt-hour.
pub const GRID_BUY: Balance = 30;
/// What the grid pays per watt-hour fed in.
pub const GRID_SELL: Balance = 10;
/// A connection's capacity per interval.
pub const CAPACITY: u64 = 10_000;
/// The float the tests' market starts with.
pub const FLOAT: Balance = 1_000_000;

/// The members: owner, then the meter's key seed.
pub const MEMBERS: [(AccountId32, u8); 5] = [(P1, 31), (P2, 32), (P3, 33), (C1, 41), (C2, 42)];

/// The key of `owner`'s meter.
pub fn meter_key(owner: &AccountId32) -> TestKey {
	let seed = MEMBERS.iter().find(|(who, _)| who == owner).expect("a member").1;
	TestKey::ed25519(seed)
}

/// `owner`'s meter.
pub fn meter(owner: &AccountId32) -> AccountId32 {
	meter_key(owner).account()
}

/// The tests' market terms.
pub fn terms() -> MarketTerms<Balance> {
	MarketTerms {
		interval_ms: INTERVAL,
		grid_buy_price: GRID_BUY,
		grid_sell_price: GRID_SELL,
		max_interval_wh: CAPACITY,
	}
}

/// Sets the chain's clock to `moment`.
pub fn set_time(moment: u64) {
	pallet_timestamp::Now::<Test>::put(moment);
}

/// The chain's time `offset` milliseconds into interval `interval` of a market made at [`START`].
pub fn in_interval(interval: u32, offset: u64) -> u64 {
	START + INTERVAL * u64::from(interval) + offset
}

/// Moves to block `n` at time `moment`.
pub fn go_to(n: u64, moment: u64) {
	System::set_block_number(n);
	set_time(moment);
}

/// Creates the tests' market, operated by [`GRID`] with [`FLOAT`], and admits every member's
/// meter; returns its id.
pub fn market_with_members() -> MarketId {
	let id = Energy::do_create_market(&GRID, terms(), FLOAT).expect("the market opens");
	for (owner, _) in MEMBERS {
		Energy::do_add_member(&GRID, id, meter(&owner)).expect("a meter joins");
	}
	id
}

/// `owner` places an order through its meter.
pub fn order(
	market: MarketId,
	interval: u32,
	owner: &AccountId32,
	side: Side,
	wh: u64,
	price: Balance,
) {
	Energy::do_place_order(owner, market, interval, meter(owner), side, wh, price)
		.expect("the order is placed");
}

/// `owner`'s meter's signed reading of `interval`, number `seq`, taken at `timestamp`.
pub fn reading(
	owner: &AccountId32,
	market: MarketId,
	interval: u32,
	exported_wh: u64,
	imported_wh: u64,
	timestamp: u64,
) -> (ReadingEnvelope<AccountId32>, Vec<u8>) {
	let payload = MeterReading { market, interval, exported_wh, imported_wh }.payload();
	let key = meter_key(owner);
	let mut envelope = ReadingEnvelope {
		device: meter(owner),
		seq: u64::from(interval),
		timestamp,
		payload_digest: merkle::reading_leaf(&payload),
		signature: MultiSignature::Ed25519(sp_core::ed25519::Signature::from_raw([0; 64])),
	};
	envelope.signature = key.sign(&envelope.signed_bytes(&chain::genesis_hash::<Test>()));
	(envelope, payload)
}

/// [`GATEWAY`] anchors `readings` as its aggregate `seq` now (each envelope's leaf followed by a
/// filler leaf, as IoTChain's gateway pairs them with annotations), and returns each reading's
/// proof.
pub fn aggregate(
	seq: u64,
	readings: Vec<(ReadingEnvelope<AccountId32>, Vec<u8>)>,
) -> Vec<ReadingProof<AccountId32>> {
	aggregate_at(seq, readings, pallet_timestamp::Now::<Test>::get())
}

/// As [`aggregate`], with the anchor made at `moment`.
pub fn aggregate_at(
	seq: u64,
	readings: Vec<(ReadingEnvelope<AccountId32>, Vec<u8>)>,
	moment: u64,
) -> Vec<ReadingProof<AccountId32>> {
	let leaves: Vec<H256> = readings
		.iter()
		.flat_map(|(envelope, _)| [envelope.leaf(), H256::repeat_byte(0xaa)])
		.collect();
	let tree = merkle::Tree::new(&leaves).expect("at least one leaf");
	MockAnchors::<Test>::anchor_aggregate(&GATEWAY, seq, tree.root(), tree.leaf_count(), moment);
	readings
		.into_iter()
		.enumerate()
		.map(|(i, (envelope, payload))| {
			let leaf_index = u32::try_from(i * 2).expect("few leaves");
			let proof = tree.proof(leaf_index).expect("a leaf of the tree").siblings;
			ReadingProof {
				gateway: GATEWAY,
				aggregate_seq: seq,
				envelope,
				payload: payload.try_into().expect("a reading's payload fits"),
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
		Self::set_kind(&device, if gateway { DeviceKind::Gateway } else { DeviceKind::Meter });
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
pub const BENCHMARK_KEY_TYPE: sp_core::crypto::KeyTypeId = sp_core::crypto::KeyTypeId(*b"iote");

/// Builds test externalities: funded accounts, every member's meter registered to its owner,
/// [`GATEWAY`] a gateway, block 1 at [`START`], a keystore for the benchmarks.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let funded = [GRID, STRANGER, GATEWAY, P1, P2, P3, C1, C2];
	let storage = RuntimeGenesisConfig {
		balances: pallet_balances::GenesisConfig {
			balances: funded.into_iter().map(|who| (who, INITIAL_BALANCE)).collect(),
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
		for (owner, _) in MEMBERS {
			let device = MockDevices::register(meter_key(&owner).public(), &owner);
			MockDevices::set_kind(&device, DeviceKind::Meter);
		}
		MockDevices::register_without_key(&GATEWAY, &STRANGER);
		MockDevices::set_kind(&GATEWAY, DeviceKind::Gateway);
	});
	ext
}

/// Runs `test` in fresh externalities, then checks the pallet's invariants.
pub fn run(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Energy::do_try_state().expect("the pallet's invariants hold after the test");
	});
}
