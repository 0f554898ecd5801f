//! The energy market: neighbours trade energy between smart meters per interval, settled
//! against what the meters measured (EnergyMarket).

use frame_support::{parameter_types, traits::ConstU32};

use crate::{
	Balance, Balances, DataAnchoring, DeviceRegistry, Runtime, RuntimeHoldReason, Timestamp,
	MICRO_UNIT, MILLI_UNIT,
};

parameter_types! {
	/// Held for every market, member and order, whatever its size.
	pub const EnergyDepositBase: Balance = MILLI_UNIT;
	/// Held per byte a record may take, as for the other markets.
	pub const EnergyDepositPerByte: Balance = 10 * MICRO_UNIT;
	/// The shortest interval: 30 seconds (5 blocks), for trials and tests; markets in the field
	/// trade by the quarter hour.
	pub const EnergyMinInterval: u64 = 30_000;
	/// The longest interval: a day.
	pub const EnergyMaxInterval: u64 = 24 * 3_600_000;
	/// How long after an interval its meters' readings may still be proven: 2 minutes, time for
	/// a gateway's aggregate to be built, included and finalized (about 3 blocks plus finality).
	pub const EnergyReportGrace: u64 = 120_000;
}

impl pallet_energy_market::Config for Runtime {
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type Devices = DeviceRegistry;
	type Anchors = DataAnchoring;
	type UnixTime = Timestamp;
	type DepositBase = EnergyDepositBase;
	type DepositPerByte = EnergyDepositPerByte;
	type MinInterval = EnergyMinInterval;
	type MaxInterval = EnergyMaxInterval;
	type ReportGrace = EnergyReportGrace;
	// A neighbourhood: a low-voltage feeder serves tens to a few hundred connections.
	type MaxMembers = ConstU32<200>;
	// 64 orders an interval: the clearing and the settlement of a full book are each a small
	// share of a block (weights in `pallet_energy_market::weights`).
	type MaxOrdersPerInterval = ConstU32<64>;
	// A day ahead at 15-minute intervals.
	type MaxIntervalsAhead = ConstU32<96>;
	type MaxOpenIntervals = ConstU32<128>;
	// A day of 15-minute intervals.
	type MaxHistory = ConstU32<96>;
	type WeightInfo = pallet_energy_market::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = benchmark_helper::EnergyBenchmarkHelper;
}

#[cfg(feature = "runtime-benchmarks")]
mod benchmark_helper {
	use crate::{benchmarks::helpers, AccountId};
	use pallet_device_registry::DeviceKind;
	use sp_core::{crypto::KeyTypeId, H256};
	use sp_runtime::MultiSignature;

	/// The key type of the benchmarks' device keys in the benchmark keystore.
	const KEY_TYPE: KeyTypeId = KeyTypeId(*b"iote");

	/// Registers benchmark meters and gateways in the real device registry and anchors
	/// aggregates in the real anchoring pallet.
	pub struct EnergyBenchmarkHelper;

	impl pallet_energy_market::BenchmarkHelper<AccountId> for EnergyBenchmarkHelper {
		fn register_device(owner: &AccountId, gateway: bool) -> AccountId {
			let kind = if gateway { DeviceKind::Gateway } else { DeviceKind::Meter };
			helpers::new_device(owner, KEY_TYPE, kind)
		}

		fn sign(device: &AccountId, message: &[u8]) -> MultiSignature {
			helpers::sign(KEY_TYPE, device, message)
		}

		fn anchor_aggregate(gateway: &AccountId, seq: u64, root: H256, leaf_count: u32) {
			helpers::anchor_aggregate(gateway, seq, root, leaf_count);
		}

		fn set_time(moment: u64) {
			helpers::set_time(moment);
		}
	}
}
