//! Lots, shipments, custody and payment on delivery (SupplyChain).

use frame_support::{
	parameter_types,
	traits::{tokens::imbalance::ResolveTo, ConstU32},
};

use crate::{
	configs::TreasuryAccount, Balance, Balances, BlockNumber, DataAnchoring, DeviceRegistry,
	M2mPayments, Runtime, RuntimeHoldReason, Timestamp, DAYS, MICRO_UNIT, MILLI_UNIT,
};

parameter_types! {
	/// Held from the shipper while a shipment is open: its record, locked lots, live custody.
	pub const ShipmentDepositBase: Balance = 10 * MILLI_UNIT;
	/// Held per lot, tracker and condition rule of an open shipment.
	pub const ShipmentDepositPerItem: Balance = MILLI_UNIT;
	/// A one-off fee per byte of the provenance kept forever (lots, shipments, history, index
	/// entries), the per-byte price of deposits elsewhere (devices, payments); to the treasury.
	pub const SupplyChainStorageFeePerByte: Balance = 10 * MICRO_UNIT;
	/// A shipment may stay open 90 days (long enough for ocean freight); after that anyone may
	/// close it, returning its lots and deposit to the shipper.
	pub const ShipmentTimeout: BlockNumber = 90 * DAYS;
	/// An offer of custody is made where the goods change hands; a day to accept it.
	pub const HandoverTimeout: BlockNumber = DAYS;
}

impl pallet_supply_chain::Config for Runtime {
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type Devices = DeviceRegistry;
	type Anchors = DataAnchoring;
	type Escrows = M2mPayments;
	type OnMilestone = M2mPayments;
	type UnixTime = Timestamp;
	type ShipmentDepositBase = ShipmentDepositBase;
	type ShipmentDepositPerItem = ShipmentDepositPerItem;
	type StorageFeePerByte = SupplyChainStorageFeePerByte;
	type FeeDestination = ResolveTo<TreasuryAccount, Balances>;
	type ShipmentTimeout = ShipmentTimeout;
	type HandoverTimeout = HandoverTimeout;
	type MaxProductCodeLen = ConstU32<32>;
	type MaxMetadataLen = ConstU32<128>;
	type MaxLocationLen = ConstU32<32>;
	type MaxReasonLen = ConstU32<128>;
	type MaxTransformInputs = ConstU32<16>;
	type MaxLotsPerShipment = ConstU32<32>;
	type MaxTrackersPerShipment = ConstU32<4>;
	type MaxConditionsPerShipment = ConstU32<6>;
	type MaxShipmentsPerLot = ConstU32<16>;
	type MaxHistoryPerShipment = ConstU32<512>;
	type WeightInfo = pallet_supply_chain::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = benchmark_helper::SupplyChainBenchmarkHelper;
}

#[cfg(feature = "runtime-benchmarks")]
mod benchmark_helper {
	use crate::{benchmarks::helpers, AccountId, Balances, M2mPayments, Runtime, UNIT};
	use frame_support::traits::fungible::Mutate;
	use iotchain_primitives::{AgreementId, MilestoneKind, ShipmentId};
	use sp_runtime::MultiSigner;

	/// Registers trackers, anchors and escrows for the benchmarks in the real pallets.
	pub struct SupplyChainBenchmarkHelper;

	impl pallet_supply_chain::BenchmarkHelper for SupplyChainBenchmarkHelper {
		fn set_time(moment: u64) {
			helpers::set_time(moment);
		}

		fn register_active_device(key: &MultiSigner, owner: &AccountId) {
			let MultiSigner::Sr25519(public) = key else { return };
			helpers::register_device(
				owner,
				pallet_supply_chain::BENCHMARK_KEY_TYPE,
				public,
				pallet_device_registry::DeviceKind::Tracker,
			);
		}

		fn anchor(device: &AccountId, seq: u64) {
			helpers::anchor(device, seq);
		}

		fn agreement(
			shipment: ShipmentId,
			payer: &AccountId,
			payee: &AccountId,
		) -> Option<AgreementId> {
			Balances::set_balance(payer, 1_000 * UNIT);
			let deadline = frame_system::Pallet::<Runtime>::block_number().saturating_add(1_000);
			M2mPayments::do_create_agreement(
				payer,
				payee.clone(),
				UNIT,
				pallet_m2m_payments::Condition::Milestone {
					shipment,
					milestone: MilestoneKind::Delivered,
				},
				deadline,
				None,
			)
			.ok()
		}
	}
}
