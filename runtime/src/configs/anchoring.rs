//! Anchors of device data (DataAnchoring).

use frame_support::{
	parameter_types,
	traits::{ConstU32, ConstU64},
};

use crate::{Balance, Balances, DeviceRegistry, Runtime, Timestamp, MICRO_UNIT};

/// The bytes of state one anchor adds forever, at most: a batch anchor's 88-byte key and 65-byte
/// record (a single reading's record is 45 bytes). `docs/anchoring.md` section 5 counts them.
const ANCHOR_STATE_BYTES: Balance = 153;

/// The price of a byte of state: the same as the deposits per byte of devices and payments.
const STATE_PRICE_PER_BYTE: Balance = 10 * MICRO_UNIT;

parameter_types! {
	/// A one-off fee for the state an anchor adds forever (anchors are never removed, so a
	/// refundable deposit would never be refunded), at the price per byte that deposits charge
	/// elsewhere: 153 bytes at 10 µIOT, 1.53 mIOT. It is charged with the transaction fee of
	/// every anchoring call, whether or not the anchor succeeds, and goes to the treasury
	/// (`configs::monetary`).
	pub const AnchorFee: Balance = ANCHOR_STATE_BYTES * STATE_PRICE_PER_BYTE;
}

/// The most sequence numbers one anchor may skip above the device's highest: room for a device
/// that lost a great many anchors (a year of one a minute is 525,600), while a runaway number
/// would need more than 18 trillion anchors to reach `u64::MAX`.
type MaxSeqJump = ConstU64<1_000_000>;

impl pallet_data_anchoring::Config for Runtime {
	type Devices = DeviceRegistry;
	type UnixTime = Timestamp;
	type Currency = Balances;
	type AnchorFee = AnchorFee;
	type MaxLeavesPerBatch = ConstU32<{ 1 << 20 }>;
	type MaxSeqJump = MaxSeqJump;
	type WeightInfo = pallet_data_anchoring::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = benchmark_helper::AnchoringBenchmarkHelper;
}

#[cfg(feature = "runtime-benchmarks")]
mod benchmark_helper {
	use crate::{benchmarks::helpers, AccountId};
	use iotchain_primitives::DeviceKind;
	use sp_runtime::MultiSigner;

	/// Registers benchmark devices in the real device registry.
	pub struct AnchoringBenchmarkHelper;

	impl pallet_data_anchoring::BenchmarkHelper for AnchoringBenchmarkHelper {
		fn register_active_device(key: &MultiSigner, kind: DeviceKind) {
			let MultiSigner::Sr25519(public) = key else { return };
			let owner: AccountId = frame_benchmarking::account("device-owner", 0, 0);
			helpers::register_device(
				&owner,
				pallet_data_anchoring::BENCHMARK_KEY_TYPE,
				public,
				kind,
			);
		}

		fn set_time(moment: u64) {
			helpers::set_time(moment);
		}
	}
}
