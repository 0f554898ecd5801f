//! The pallets whose benchmarks the node's `benchmark pallet` command runs.

pub use frame_benchmarking::baseline::Pallet as BaselineBench;
pub use frame_system_benchmarking::{
	extensions::Pallet as SystemExtensionsBench, Pallet as SystemBench,
};

pub use crate::{
	Balances, DataAnchoring, DeviceRegistry, M2mPayments, Runtime, Sudo, SupplyChain, Timestamp,
	TransactionPayment, Utility, ValidatorSet,
};

impl frame_system_benchmarking::Config for Runtime {}
impl frame_benchmarking::baseline::Config for Runtime {}
impl pallet_transaction_payment::BenchmarkConfig for Runtime {}

frame_benchmarking::define_benchmarks!(
	[frame_benchmarking, BaselineBench::<Runtime>]
	[frame_system, SystemBench::<Runtime>]
	[frame_system_extensions, SystemExtensionsBench::<Runtime>]
	[pallet_balances, Balances]
	[pallet_timestamp, Timestamp]
	[pallet_transaction_payment, TransactionPayment]
	[pallet_sudo, Sudo]
	[pallet_utility, Utility]
	[pallet_device_registry, DeviceRegistry]
	[pallet_data_anchoring, DataAnchoring]
	[pallet_m2m_payments, M2mPayments]
	[pallet_supply_chain, SupplyChain]
	[pallet_validator_set, ValidatorSet]
);
