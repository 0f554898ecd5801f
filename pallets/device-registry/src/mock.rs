//! A test runtime with balances and the device registry, and the proofs of possession device
//! keys ([`TestKey`]) make for it.

// A panic in a test helper is a failed test.
#![allow(clippy::expect_used, clippy::arithmetic_side_effects)]

use crate as pallet_device_registry;
use crate::{DeviceKind, DeviceRegistration};

use frame_support::{
	derive_impl, parameter_types,
	traits::{tokens::imbalance::ResolveTo, ConstU32, ConstU64},
};
use frame_system::EnsureRoot;
pub use iotchain_test_support::TestKey;
use sp_core::H256;
use sp_keystore::{testing::MemoryKeystore, KeystoreExt};
use sp_runtime::{traits::IdentityLookup, AccountId32, BuildStorage, MultiSignature, MultiSigner};

type Block = frame_system::mocking::MockBlock<Test>;

/// The mock's balance type.
pub type Balance = u64;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		DeviceRegistry: pallet_device_registry,
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
	type AccountStore = System;
}

/// The deposit every device holds.
pub const DEPOSIT_BASE: Balance = 1_000;
/// The deposit per byte of manufacturer, model and metadata.
pub const DEPOSIT_PER_BYTE: Balance = 10;
/// The record fee every registration pays for good.
pub const RECORD_FEE: Balance = 300;
/// The key history fee every rotation pays for good.
pub const KEY_HISTORY_FEE: Balance = 200;
/// The longest manufacturer or model name.
pub const MAX_NAME_LEN: u32 = 16;
/// The longest metadata.
pub const MAX_METADATA_LEN: u32 = 64;
/// The most registrations in a batch.
pub const MAX_BATCH: u32 = 5;
/// The most operators of a device.
pub const MAX_OPERATORS: u32 = 2;
/// The most certifications of a device.
pub const MAX_CERTIFICATIONS: u32 = 2;

parameter_types! {
	pub const MaxNameLen: u32 = MAX_NAME_LEN;
	pub const MaxMetadataLen: u32 = MAX_METADATA_LEN;
	pub const TreasuryAccount: AccountId32 = TREASURY;
}

impl pallet_device_registry::Config for Test {
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type CertifierOrigin = EnsureRoot<AccountId32>;
	type DepositBase = ConstU64<DEPOSIT_BASE>;
	type DepositPerByte = ConstU64<DEPOSIT_PER_BYTE>;
	type RecordFee = ConstU64<RECORD_FEE>;
	type KeyHistoryFee = ConstU64<KEY_HISTORY_FEE>;
	type FeeDestination = ResolveTo<TreasuryAccount, Balances>;
	type MaxNameLen = MaxNameLen;
	type MaxMetadataLen = MaxMetadataLen;
	type MaxBatchRegistrations = ConstU32<MAX_BATCH>;
	type MaxOperators = ConstU32<MAX_OPERATORS>;
	type MaxCertificationsPerDevice = ConstU32<MAX_CERTIFICATIONS>;
	type WeightInfo = ();
}

/// A device owner with plenty of funds.
pub const ALICE: AccountId32 = AccountId32::new([1; 32]);
/// Another owner with plenty of funds.
pub const BOB: AccountId32 = AccountId32::new([2; 32]);
/// An account with plenty of funds that owns nothing, for "not the owner" cases.
pub const EVE: AccountId32 = AccountId32::new([5; 32]);
/// An account that can pay for little more than its existence.
pub const POOR: AccountId32 = AccountId32::new([6; 32]);
/// A certifier from genesis (a test lab).
pub const LAB: AccountId32 = AccountId32::new([7; 32]);
/// Another certifier, admitted in tests.
pub const MAKER: AccountId32 = AccountId32::new([8; 32]);
/// Where record and key history fees go.
pub const TREASURY: AccountId32 = AccountId32::new([9; 32]);
/// The funds of every account but `POOR`.
pub const INITIAL_BALANCE: Balance = 1_000_000;
/// `POOR`'s funds.
pub const POOR_BALANCE: Balance = 100;

/// Builds test externalities: funded accounts, `LAB` as a certifier, a keystore for the
/// benchmarks' device keys, block 1 (so that events are recorded).
pub struct ExtBuilder {
	certifiers: Vec<AccountId32>,
}

impl Default for ExtBuilder {
	fn default() -> Self {
		Self { certifiers: vec![LAB] }
	}
}

impl ExtBuilder {
	/// The externalities, ready to execute a test in.
	pub fn build(self) -> sp_io::TestExternalities {
		let mut storage = frame_system::GenesisConfig::<Test>::default()
			.build_storage()
			.expect("the system genesis builds");
		pallet_balances::GenesisConfig::<Test> {
			balances: vec![
				(ALICE, INITIAL_BALANCE),
				(BOB, INITIAL_BALANCE),
				(EVE, INITIAL_BALANCE),
				(POOR, POOR_BALANCE),
				(LAB, INITIAL_BALANCE),
				(MAKER, INITIAL_BALANCE),
			],
			..Default::default()
		}
		.assimilate_storage(&mut storage)
		.expect("the balances genesis builds");
		pallet_device_registry::GenesisConfig::<Test> { certifiers: self.certifiers }
			.assimilate_storage(&mut storage)
			.expect("the registry genesis builds");

		let mut ext = sp_io::TestExternalities::new(storage);
		ext.register_extension(KeystoreExt::new(MemoryKeystore::new()));
		ext.execute_with(|| System::set_block_number(1));
		ext
	}

	/// Runs `test`, then checks the registry's invariants.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			DeviceRegistry::do_try_state().expect("the registry's invariants hold after the test");
		});
	}
}

/// The externalities the benchmarks run in as tests.
#[cfg(feature = "runtime-benchmarks")]
pub fn new_test_ext() -> sp_io::TestExternalities {
	ExtBuilder::default().build()
}

/// The proofs of possession a [`TestKey`] makes for this pallet's calls.
pub trait DeviceProofs {
	/// The device's proof that it holds its key, for `owner` to register it.
	fn registration_proof(&self, owner: &AccountId32) -> MultiSignature;

	/// This (new) key's proof for rotating `device` from `old_key` to it.
	fn rotation_proof(&self, device: &AccountId32, old_key: &MultiSigner) -> MultiSignature;
}

impl DeviceProofs for TestKey {
	fn registration_proof(&self, owner: &AccountId32) -> MultiSignature {
		self.sign(&DeviceRegistry::registration_payload(owner, &self.public()))
	}

	fn rotation_proof(&self, device: &AccountId32, old_key: &MultiSigner) -> MultiSignature {
		self.sign(&DeviceRegistry::rotation_payload(device, old_key, &self.public()))
	}
}

/// The manufacturer of the test devices.
pub const MANUFACTURER: &[u8] = b"Acme";
/// The model of the test devices.
pub const MODEL: &[u8] = b"T-1000";
/// The metadata of the test devices.
pub const METADATA: &[u8] = b"ipfs://bafy-datasheet";

/// `bytes` as a bounded vector, for call arguments within their bound.
pub fn bounded<S: frame_support::traits::Get<u32>>(
	bytes: &[u8],
) -> frame_support::BoundedVec<u8, S> {
	bytes.to_vec().try_into().expect("the test bytes are within the bound")
}

/// A valid registration of `device` for `owner`.
pub fn registration(owner: &AccountId32, device: &TestKey) -> DeviceRegistration<Test> {
	DeviceRegistration {
		key: device.public(),
		proof: device.registration_proof(owner),
		kind: DeviceKind::Sensor,
		manufacturer: bounded(MANUFACTURER),
		model: bounded(MODEL),
		metadata: bounded(METADATA),
		content_hash: Some(H256::repeat_byte(9)),
	}
}

/// `registrations` as a batch within the bound.
pub fn batch(registrations: Vec<DeviceRegistration<Test>>) -> crate::DeviceRegistrations<Test> {
	registrations.try_into().expect("the test batch is within the bound")
}

/// The deposit of a device registered with [`registration`].
pub fn standard_deposit() -> Balance {
	let bytes = MANUFACTURER.len() + MODEL.len() + METADATA.len();
	DEPOSIT_BASE + DEPOSIT_PER_BYTE * bytes as Balance
}
