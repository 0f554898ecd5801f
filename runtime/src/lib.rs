//! # IoTChain runtime
//!
//! The state transition function of IoTChain, a Substrate application chain for the Internet of
//! Things. This file is the table of contents: the types every part agrees on, the transaction
//! format, and which pallet sits at which index. Pallet configuration lives in [`configs`], one
//! file per concern; runtime APIs in [`apis`]; genesis presets in [`genesis_config_presets`].

#![cfg_attr(not(feature = "std"), no_std)]
// `#[frame_support::runtime]` needs a higher recursion limit for larger runtimes.
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

// Declared before `apis`, whose benchmark API uses the macros it defines.
#[cfg(feature = "runtime-benchmarks")]
#[macro_use]
mod benchmarks;
pub mod apis;
pub mod configs;
pub mod genesis_config_presets;
pub mod weights;

use alloc::{borrow::Cow, vec::Vec};
use sp_runtime::{
	generic, impl_opaque_keys,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiAddress, MultiSignature,
};
use sp_version::RuntimeVersion;

pub use frame_system::Call as SystemCall;
pub use pallet_balances::Call as BalancesCall;
pub use pallet_timestamp::Call as TimestampCall;
#[cfg(any(feature = "std", test))]
pub use sp_runtime::BuildStorage;

/// Types the node needs without knowing the runtime's extrinsic format.
pub mod opaque {
	use super::*;

	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Opaque block header type.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Opaque block type.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// Opaque block hash type.
	pub type Hash = <BlakeTwo256 as sp_runtime::traits::Hash>::Output;
}

impl_opaque_keys! {
	/// The keys a validator registers: Aura to author blocks, GRANDPA to vote on finality.
	pub struct SessionKeys {
		pub aura: Aura,
		pub grandpa: Grandpa,
	}
}

/// Declares [`VERSION`] with the given `spec_version` (a literal: `#[runtime_version]` embeds it
/// in the Wasm blob, where the node reads it without executing the runtime).
macro_rules! runtime_version {
	($spec_version:tt) => {
		/// The runtime version. Bump `spec_version` with every change of the runtime's logic and
		/// `transaction_version` with every change of the call or transaction-extension encoding.
		#[sp_version::runtime_version]
		pub const VERSION: RuntimeVersion = RuntimeVersion {
			spec_name: Cow::Borrowed("iotchain"),
			impl_name: Cow::Borrowed("iotchain-node"),
			authoring_version: 1,
			spec_version: $spec_version,
			impl_version: 1,
			apis: apis::RUNTIME_API_VERSIONS,
			transaction_version: 2,
			system_version: 1,
		};
	};
}

#[cfg(not(feature = "upgrade-test"))]
runtime_version!(106);

// The same runtime one `spec_version` up: what the end-to-end test upgrades a running chain to
// (`scripts/build-upgrade-runtime.sh`). Never deployed.
#[cfg(feature = "upgrade-test")]
runtime_version!(107);

/// Block time: Aura gives every authority one slot of this length, in turn.
///
/// It cannot be changed on a running chain: Aura derives the slot number from it.
pub const SLOT_DURATION: u64 = 6_000;

/// Blocks per minute, hour and day at one block per slot.
pub const MINUTES: BlockNumber = 60_000 / (SLOT_DURATION as BlockNumber);
/// Blocks per hour.
pub const HOURS: BlockNumber = MINUTES * 60;
/// Blocks per day.
pub const DAYS: BlockNumber = HOURS * 24;

/// The native token's symbol, shown by wallets and Polkadot.js Apps.
pub const TOKEN_SYMBOL: &str = "IOT";
/// Decimal places of the native token: one `UNIT` is `10^TOKEN_DECIMALS` plancks.
pub const TOKEN_DECIMALS: u8 = 12;
/// The SS58 address prefix of IoTChain accounts.
pub const SS58_PREFIX: u16 = 4242;

/// One whole token.
pub const UNIT: Balance = 1_000_000_000_000;
/// A thousandth of a token.
pub const MILLI_UNIT: Balance = UNIT / 1_000;
/// A millionth of a token.
pub const MICRO_UNIT: Balance = UNIT / 1_000_000;

/// The minimum balance an account must keep to exist.
pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_UNIT;

/// A signature of a transaction (sr25519, ed25519 or ECDSA).
pub type Signature = MultiSignature;

/// An account: the public key of a transaction signer, or its hash for ECDSA.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;

/// An amount of the native token, in plancks.
pub type Balance = u128;

/// The number of transactions an account has sent.
pub type Nonce = u32;

/// A hash of block or state data.
pub type Hash = sp_core::H256;

/// A block number.
pub type BlockNumber = u32;

/// The address format of calls: an account id or an index.
pub type Address = MultiAddress<AccountId, ()>;

/// Block header type.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;

/// Block type.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;

/// The checks and charges every signed transaction goes through, in order. `WeightReclaim` comes
/// last so that it refunds block weight a call did not use after every other extension ran.
pub type TxExtension = (
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

/// An extrinsic as it is submitted to the chain.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;

/// The payload a transaction signer signs.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Migrations to run on the next runtime upgrade, beyond those of the pallets: certifications
/// bound to the key they certified and to their certifier's admission (spec_version 102). Each
/// checks the on-chain storage version and does nothing where it already ran.
type Migrations = (pallet_device_registry::migrations::v2::MigrateV1ToV2<Runtime>,);

/// Dispatches blocks and extrinsics to the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;

	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;

	#[runtime::pallet_index(2)]
	pub type Aura = pallet_aura;

	#[runtime::pallet_index(3)]
	pub type Grandpa = pallet_grandpa;

	#[runtime::pallet_index(4)]
	pub type Balances = pallet_balances;

	#[runtime::pallet_index(5)]
	pub type TransactionPayment = pallet_transaction_payment;

	#[runtime::pallet_index(6)]
	pub type Sudo = pallet_sudo;

	#[runtime::pallet_index(7)]
	pub type Utility = pallet_utility;

	// Validators and governance. `ValidatorSet` comes before `Session`: the session pallet's
	// genesis asks it for the first validators.
	#[runtime::pallet_index(8)]
	pub type ValidatorSet = pallet_validator_set;

	#[runtime::pallet_index(9)]
	pub type Authorship = pallet_authorship;

	#[runtime::pallet_index(10)]
	pub type Session = pallet_session;

	#[runtime::pallet_index(11)]
	pub type Council = pallet_collective<Instance1>;

	#[runtime::pallet_index(12)]
	pub type CouncilMembership = pallet_membership<Instance1>;

	#[runtime::pallet_index(13)]
	pub type Treasury = pallet_treasury;

	#[runtime::pallet_index(14)]
	pub type Preimage = pallet_preimage;

	#[runtime::pallet_index(15)]
	pub type Whitelist = pallet_whitelist;

	// IoTChain's own pallets, from index 20.
	#[runtime::pallet_index(20)]
	pub type DeviceRegistry = pallet_device_registry;

	#[runtime::pallet_index(21)]
	pub type DataAnchoring = pallet_data_anchoring;

	#[runtime::pallet_index(22)]
	pub type M2mPayments = pallet_m2m_payments;

	#[runtime::pallet_index(23)]
	pub type SupplyChain = pallet_supply_chain;

	#[runtime::pallet_index(24)]
	pub type DataMarket = pallet_data_market;

	#[runtime::pallet_index(25)]
	pub type EnergyMarket = pallet_energy_market;
}
