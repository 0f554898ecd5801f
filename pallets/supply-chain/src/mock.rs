//! A test runtime: the pallet with balances and timestamps, the shared stand-ins for the device
//! registry and data anchoring (`iotchain-test-support`), and this pallet's own stand-in for
//! payments (escrow lookup and milestone handler), all kept in the test's storage so that each
//! test starts empty.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use alloc::vec::Vec;
use codec::{Decode, Encode};
use frame_support::{
	derive_impl, parameter_types,
	storage::unhashed,
	traits::{tokens::imbalance::ResolveTo, ConstU32, ConstU64},
	weights::Weight,
};
use iotchain_primitives::{
	AgreementId, EscrowLookup, MilestoneHandler, MilestoneKind, ShipmentId, ShipmentParties,
};
pub use iotchain_test_support::{MockAnchors, MockDevices, TestKey};
use sp_keystore::{testing::MemoryKeystore, KeystoreExt};
use sp_runtime::{traits::IdentityLookup, AccountId32, BuildStorage};

use crate as pallet_supply_chain;
use crate::{AnchorRef, ConditionObservation, ConditionRule, DeviceSignature, LotId, Metric};

type Block = frame_system::mocking::MockBlock<Test>;

/// The mock's balance type.
pub type Balance = u64;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Timestamp: pallet_timestamp,
		Balances: pallet_balances,
		SupplyChain: pallet_supply_chain,
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
	type AccountStore = System;
}

/// The deposit every open shipment holds.
pub const DEPOSIT_BASE: Balance = 100;
/// The deposit per lot, tracker and rule of an open shipment.
pub const DEPOSIT_PER_ITEM: Balance = 10;
/// The longest product code.
pub const MAX_PRODUCT_CODE: u32 = 14;
/// The longest lot metadata.
pub const MAX_METADATA: u32 = 32;
/// The longest location.
pub const MAX_LOCATION: u32 = 16;
/// The longest rejection reason.
pub const MAX_REASON: u32 = 16;
/// The most inputs of a transformation.
pub const MAX_INPUTS: u32 = 3;
/// The most lots of a shipment.
pub const MAX_LOTS: u32 = 3;
/// The most trackers of a shipment.
pub const MAX_TRACKERS: u32 = 2;
/// The most rules of a shipment.
pub const MAX_CONDITIONS: u32 = 6;
/// The most shipments of a lot.
pub const MAX_SHIPMENTS_PER_LOT: u32 = 2;
/// The most history entries of a shipment in transit.
pub const MAX_HISTORY: u32 = 6;
/// The chain's time when each test starts, in milliseconds since the Unix epoch.
pub const START: u64 = 1_700_000_000_000;
/// The storage fee per byte kept forever.
pub const FEE_PER_BYTE: Balance = 1;
/// How many blocks a shipment stays open.
pub const SHIPMENT_TIMEOUT: u64 = 100;
/// How many blocks an offer of custody may be accepted.
pub const HANDOVER_TIMEOUT: u64 = 10;
/// Where storage fees go.
pub const TREASURY: AccountId32 = AccountId32::new([9; 32]);

parameter_types! {
	pub const Treasury: AccountId32 = TREASURY;
	pub const MaxProductCodeLen: u32 = MAX_PRODUCT_CODE;
	pub const MaxMetadataLen: u32 = MAX_METADATA;
	pub const MaxLocationLen: u32 = MAX_LOCATION;
	pub const MaxReasonLen: u32 = MAX_REASON;
}

impl pallet_supply_chain::Config for Test {
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type Devices = MockDevices;
	type Anchors = MockAnchors<Test>;
	type Escrows = MockEscrows;
	type OnMilestone = MockPayments;
	type UnixTime = Timestamp;
	type ShipmentDepositBase = ConstU64<DEPOSIT_BASE>;
	type ShipmentDepositPerItem = ConstU64<DEPOSIT_PER_ITEM>;
	type StorageFeePerByte = ConstU64<FEE_PER_BYTE>;
	type FeeDestination = ResolveTo<Treasury, Balances>;
	type ShipmentTimeout = ConstU64<SHIPMENT_TIMEOUT>;
	type HandoverTimeout = ConstU64<HANDOVER_TIMEOUT>;
	type MaxProductCodeLen = MaxProductCodeLen;
	type MaxMetadataLen = MaxMetadataLen;
	type MaxLocationLen = MaxLocationLen;
	type MaxReasonLen = MaxReasonLen;
	type MaxTransformInputs = ConstU32<MAX_INPUTS>;
	type MaxLotsPerShipment = ConstU32<MAX_LOTS>;
	type MaxTrackersPerShipment = ConstU32<MAX_TRACKERS>;
	type MaxConditionsPerShipment = ConstU32<MAX_CONDITIONS>;
	type MaxShipmentsPerLot = ConstU32<MAX_SHIPMENTS_PER_LOT>;
	type MaxHistoryPerShipment = ConstU32<MAX_HISTORY>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockHelper;
}

/// The producer of the test lots and shipper of the test shipments.
pub const PRODUCER: AccountId32 = AccountId32::new([1; 32]);
/// A carrier that takes custody on the way.
pub const CARRIER: AccountId32 = AccountId32::new([2; 32]);
/// A warehouse that takes custody on the way.
pub const WAREHOUSE: AccountId32 = AccountId32::new([3; 32]);
/// The receiver of the test shipments.
pub const PHARMACY: AccountId32 = AccountId32::new([4; 32]);
/// An account with funds that has nothing to do with the shipments.
pub const STRANGER: AccountId32 = AccountId32::new([5; 32]);
/// A gateway that relays tracker reports.
pub const RELAYER: AccountId32 = AccountId32::new([6; 32]);
/// An account that can pay for little more than its existence.
pub const POOR: AccountId32 = AccountId32::new([7; 32]);
/// The funds of every account but `POOR`.
pub const INITIAL_BALANCE: Balance = 1_000_000;
/// `POOR`'s funds.
pub const POOR_BALANCE: Balance = 101;

/// A stand-in for the payments pallet's escrows and its milestone handler.
pub struct MockPayments;

/// What the payments stand-in reports as the weight of one call of its handler.
pub const HANDLER_WEIGHT: Weight = Weight::from_parts(7_000_000, 1_000);
/// The most weight the payments stand-in's handler may use.
pub const HANDLER_MAX_WEIGHT: Weight = Weight::from_parts(50_000_000, 10_000);

#[derive(Encode, Decode)]
struct MockAgreement {
	shipment: ShipmentId,
	milestone: MilestoneKind,
	payer: AccountId32,
	payee: AccountId32,
}

impl MockPayments {
	const CALLS: &'static [u8] = b":mock:milestones:";

	fn agreement_key(agreement: AgreementId) -> Vec<u8> {
		(b":mock:agreement:", agreement).encode()
	}

	/// Makes agreement `agreement` from `payer` to `payee` wait on `shipment` reaching
	/// `milestone`.
	pub fn add_agreement(
		agreement: AgreementId,
		shipment: ShipmentId,
		milestone: MilestoneKind,
		payer: AccountId32,
		payee: AccountId32,
	) {
		let record = MockAgreement { shipment, milestone, payer, payee };
		unhashed::put(&Self::agreement_key(agreement), &record);
	}

	/// Every `(shipment, milestone, parties)` the handler was told of, in order.
	pub fn calls_with_parties() -> Vec<(ShipmentId, MilestoneKind, ShipmentParties<AccountId32>)> {
		unhashed::get(Self::CALLS).unwrap_or_default()
	}

	/// Every `(shipment, milestone)` the handler was told of, in order.
	pub fn calls() -> Vec<(ShipmentId, MilestoneKind)> {
		Self::calls_with_parties().into_iter().map(|(id, kind, _)| (id, kind)).collect()
	}
}

/// The payments stand-in's escrow lookup.
pub type MockEscrows = MockPayments;

impl EscrowLookup<AccountId32> for MockPayments {
	fn milestone_condition(agreement: AgreementId) -> Option<(ShipmentId, MilestoneKind)> {
		unhashed::get::<MockAgreement>(&Self::agreement_key(agreement))
			.map(|record| (record.shipment, record.milestone))
	}

	fn parties(agreement: AgreementId) -> Option<(AccountId32, AccountId32)> {
		unhashed::get::<MockAgreement>(&Self::agreement_key(agreement))
			.map(|record| (record.payer, record.payee))
	}
}

impl MilestoneHandler<AccountId32> for MockPayments {
	fn on_milestone(
		shipment: ShipmentId,
		milestone: MilestoneKind,
		parties: &ShipmentParties<AccountId32>,
	) -> Weight {
		let mut calls = Self::calls_with_parties();
		calls.push((shipment, milestone, parties.clone()));
		unhashed::put(Self::CALLS, &calls);
		HANDLER_WEIGHT
	}

	fn max_weight() -> Weight {
		HANDLER_MAX_WEIGHT
	}
}

/// Sets up devices, anchors and agreements for the benchmarks in the stand-ins.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockHelper;

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper for MockHelper {
	fn set_time(moment: u64) {
		pallet_timestamp::Now::<Test>::put(moment);
	}

	fn register_active_device(key: &sp_runtime::MultiSigner, owner: &AccountId32) {
		MockDevices::register(key.clone(), owner);
	}

	fn anchor(device: &AccountId32, seq: u64) {
		anchor_batch(device, seq);
	}

	fn agreement(
		shipment: ShipmentId,
		payer: &AccountId32,
		payee: &AccountId32,
	) -> Option<AgreementId> {
		MockPayments::add_agreement(
			shipment,
			shipment,
			MilestoneKind::Delivered,
			payer.clone(),
			payee.clone(),
		);
		Some(shipment)
	}
}

/// How many readings the tests' anchored batches hold.
pub const BATCH_READINGS: u32 = 60;

/// Makes `device` anchor a batch of [`BATCH_READINGS`] readings as `seq` in the current block,
/// ending at [`START`].
pub fn anchor_batch(device: &AccountId32, seq: u64) {
	MockAnchors::<Test>::anchor(device, seq, BATCH_READINGS, START);
}

/// A tracker key's signatures of this pallet's reports.
pub trait SignReports {
	/// This key's signed milestone on `shipment` for `device` with `nonce`.
	fn sign_milestone(
		&self,
		device: &AccountId32,
		shipment: ShipmentId,
		nonce: u32,
		kind: MilestoneKind,
		location: &[u8],
		evidence: &Option<AnchorRef>,
	) -> DeviceSignature;

	/// This key's signed condition report on `shipment` for `device` with `nonce`.
	fn sign_condition(
		&self,
		device: &AccountId32,
		shipment: ShipmentId,
		nonce: u32,
		observation: &ConditionObservation,
	) -> DeviceSignature;
}

impl SignReports for TestKey {
	fn sign_milestone(
		&self,
		device: &AccountId32,
		shipment: ShipmentId,
		nonce: u32,
		kind: MilestoneKind,
		location: &[u8],
		evidence: &Option<AnchorRef>,
	) -> DeviceSignature {
		let payload =
			SupplyChain::milestone_payload(shipment, device, nonce, &kind, location, evidence);
		DeviceSignature { device: device.clone(), signature: self.sign(&payload) }
	}

	fn sign_condition(
		&self,
		device: &AccountId32,
		shipment: ShipmentId,
		nonce: u32,
		observation: &ConditionObservation,
	) -> DeviceSignature {
		let payload = SupplyChain::condition_payload(shipment, device, nonce, observation);
		DeviceSignature { device: device.clone(), signature: self.sign(&payload) }
	}
}

/// A registered, active tracker device whose key account can pay fees; returns the key and the
/// id.
pub fn tracker(key: TestKey) -> (TestKey, AccountId32) {
	let device = MockDevices::register(key.public(), &PRODUCER);
	let _ = Balances::force_set_balance(RuntimeOrigin::root(), key.account(), INITIAL_BALANCE);
	(key, device)
}

/// The 2-8 °C rule of a vaccine shipment.
pub fn cold_chain() -> ConditionRule {
	ConditionRule { metric: Metric::Temperature, min: 200, max: 800 }
}

/// A product code of a vaccine (a GTIN-14).
pub const GTIN: &[u8] = b"09506000134352";

/// Registers lot `lot` of the vaccine for `producer`.
pub fn register_lot(producer: &AccountId32, lot: LotId) {
	SupplyChain::do_register_lot(
		producer,
		lot,
		GTIN.to_vec().try_into().unwrap(),
		1_000,
		b"ipfs://coa".to_vec().try_into().unwrap(),
	)
	.unwrap();
}

/// Builds test externalities: funded accounts, a keystore for the benchmarks' device keys,
/// block 1 (so that events are recorded) at time [`START`].
#[derive(Default)]
pub struct ExtBuilder;

impl ExtBuilder {
	/// The externalities, ready to execute a test in.
	pub fn build(self) -> sp_io::TestExternalities {
		let storage = RuntimeGenesisConfig {
			balances: pallet_balances::GenesisConfig {
				balances: [PRODUCER, CARRIER, WAREHOUSE, PHARMACY, STRANGER, RELAYER, TREASURY]
					.into_iter()
					.map(|account| (account, INITIAL_BALANCE))
					.chain([(POOR, POOR_BALANCE)])
					.collect(),
				..Default::default()
			},
			..Default::default()
		}
		.build_storage()
		.unwrap();
		let mut ext = sp_io::TestExternalities::new(storage);
		ext.register_extension(KeystoreExt::new(MemoryKeystore::new()));
		ext.execute_with(|| {
			System::set_block_number(1);
			Timestamp::set_timestamp(START);
		});
		ext
	}

	/// Runs `test`, then checks the pallet's invariants.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			SupplyChain::do_try_state().expect("the pallet's invariants hold after the test");
		});
	}
}

/// The externalities the benchmarks run in as tests.
#[cfg(feature = "runtime-benchmarks")]
pub fn new_test_ext() -> sp_io::TestExternalities {
	ExtBuilder.build()
}
