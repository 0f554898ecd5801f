//! Device identities (DeviceRegistry).

use frame_support::{
	parameter_types,
	traits::{tokens::imbalance::ResolveTo, ConstU32},
};

use crate::{
	configs::{GovernanceOrigin, TreasuryAccount},
	Balance, Balances, Runtime, RuntimeHoldReason, MICRO_UNIT, MILLI_UNIT,
};

parameter_types! {
	/// Held for every device whatever its size: its record, key and owner indexes, operators.
	pub const DeviceDepositBase: Balance = 10 * MILLI_UNIT;
	/// Held per byte of a device's manufacturer, model and metadata.
	pub const DeviceDepositPerByte: Balance = 10 * MICRO_UNIT;
	/// Paid once at registration, to the treasury, for the state a device leaves for good: a
	/// revoked device keeps its record (80 bytes of key, 96 of value) and its last key's index
	/// entry (82 + 32 bytes), about 290 bytes, priced like deposits at 10 µIOT a byte and
	/// rounded up to 300 bytes.
	pub const DeviceRecordFee: Balance = 300 * 10 * MICRO_UNIT;
}

impl pallet_device_registry::Config for Runtime {
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type CertifierOrigin = GovernanceOrigin;
	type DepositBase = DeviceDepositBase;
	type DepositPerByte = DeviceDepositPerByte;
	type RecordFee = DeviceRecordFee;
	type FeeDestination = ResolveTo<TreasuryAccount, Balances>;
	type MaxNameLen = ConstU32<64>;
	type MaxMetadataLen = ConstU32<256>;
	type MaxBatchRegistrations = ConstU32<32>;
	type MaxOperators = ConstU32<8>;
	type MaxCertificationsPerDevice = ConstU32<8>;
	type WeightInfo = pallet_device_registry::weights::SubstrateWeight<Runtime>;
}
