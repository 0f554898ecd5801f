//! The data market: devices' verified streams sold by the period, paid only when delivered
//! (DataMarket).

use frame_support::{parameter_types, traits::ConstU32};

use crate::{
	Balance, Balances, DataAnchoring, DeviceRegistry, Runtime, RuntimeHoldReason, Timestamp,
	MICRO_UNIT, MILLI_UNIT,
};

parameter_types! {
	/// Held for every listing and grant, whatever its size.
	pub const MarketDepositBase: Balance = MILLI_UNIT;
	/// Held per byte a record and its index entries may take, as for payments.
	pub const MarketDepositPerByte: Balance = 10 * MICRO_UNIT;
	/// The shortest period: 30 seconds (5 blocks), for streams sold by the minute.
	pub const MarketMinPeriod: u64 = 30_000;
	/// The longest period: 31 days, for streams sold by the month.
	pub const MarketMaxPeriod: u64 = 31 * 24 * 3_600_000;
	/// How long a period's readings may still reach the chain after it ends: 2 minutes, time
	/// for a gateway's aggregate to be built, included and proven (about 3 blocks plus
	/// finality). A reading later than that was not delivered in its period.
	pub const DeliveryGrace: u64 = 120_000;
}

impl pallet_data_market::Config for Runtime {
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type Devices = DeviceRegistry;
	type Anchors = DataAnchoring;
	type UnixTime = Timestamp;
	type DepositBase = MarketDepositBase;
	type DepositPerByte = MarketDepositPerByte;
	type MinPeriod = MarketMinPeriod;
	type MaxPeriod = MarketMaxPeriod;
	type DeliveryGrace = DeliveryGrace;
	type MaxSubscribers = ConstU32<100>;
	// 90 periods unsettled at most: three months of daily periods; a settlement of all of
	// them is one call's weight.
	type MaxPeriods = ConstU32<90>;
	type MaxPromisedReadings = ConstU32<1_000>;
	type MaxProofsPerCall = ConstU32<16>;
	type WeightInfo = pallet_data_market::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = benchmark_helper::MarketBenchmarkHelper;
}

#[cfg(feature = "runtime-benchmarks")]
mod benchmark_helper {
	use crate::{benchmarks::helpers, AccountId};
	use pallet_device_registry::DeviceKind;
	use sp_core::{crypto::KeyTypeId, H256};
	use sp_runtime::MultiSignature;

	/// The key type of the benchmarks' device keys in the benchmark keystore.
	const KEY_TYPE: KeyTypeId = KeyTypeId(*b"iotm");

	/// Registers benchmark devices in the real device registry and anchors aggregates in the
	/// real anchoring pallet.
	pub struct MarketBenchmarkHelper;

	impl pallet_data_market::BenchmarkHelper<AccountId> for MarketBenchmarkHelper {
		fn register_device(owner: &AccountId, gateway: bool) -> AccountId {
			let kind = if gateway { DeviceKind::Gateway } else { DeviceKind::Sensor };
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
