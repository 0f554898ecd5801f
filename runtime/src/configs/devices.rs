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
	/// Paid at every key rotation, to the treasury, for the key history it adds for good:
	/// 214 bytes at 10 µIOT, 2.14 mIOT (`KEY_HISTORY_STATE_BYTES` counts them).
	pub const DeviceKeyHistoryFee: Balance = KEY_HISTORY_STATE_BYTES * 10 * MICRO_UNIT;
}

/// The bytes of state one rotation adds forever, at most. The entry for the key rotated away
/// from, in `PastKeys`: a 92-byte key (32 of pallet and item prefix, the device id's 16-byte
/// hash and 32 bytes, the index's 8-byte hash and 4 bytes) and a 38-byte value (the key, 34 bytes
/// for ECDSA, and a 4-byte block number), 130 bytes. The device's count in `PastKeyCount`: an
/// 80-byte key and a 4-byte value, 84 bytes; only the first rotation creates it, but every
/// rotation pays for it so that the fee is one constant a wallet can show before signing.
const KEY_HISTORY_STATE_BYTES: Balance = 130 + 84;

impl pallet_device_registry::Config for Runtime {
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type CertifierOrigin = GovernanceOrigin;
	type DepositBase = DeviceDepositBase;
	type DepositPerByte = DeviceDepositPerByte;
	type RecordFee = DeviceRecordFee;
	type KeyHistoryFee = DeviceKeyHistoryFee;
	type FeeDestination = ResolveTo<TreasuryAccount, Balances>;
	type MaxNameLen = ConstU32<64>;
	type MaxMetadataLen = ConstU32<256>;
	type MaxBatchRegistrations = ConstU32<32>;
	type MaxOperators = ConstU32<8>;
	type MaxCertificationsPerDevice = ConstU32<8>;
	type WeightInfo = pallet_device_registry::weights::SubstrateWeight<Runtime>;
}
