//! Machine-to-machine payments: escrow, payment channels and device rentals (M2mPayments).

use frame_support::{parameter_types, traits::ConstU32};

use crate::{
	configs::GovernanceOrigin, Balance, Balances, BlockNumber, DataAnchoring, DeviceRegistry,
	Runtime, RuntimeHoldReason, DAYS, EXISTENTIAL_DEPOSIT, HOURS, MICRO_UNIT, MILLI_UNIT,
};

parameter_types! {
	/// Held for every agreement, channel and listing, whatever its size.
	pub const PaymentsDepositBase: Balance = MILLI_UNIT;
	/// Held per byte a record and its index entries may take: 452 bytes for an agreement
	/// (5.52 mIOT in all), 173 for a channel (2.73 mIOT), 443 for a listing and its rental
	/// (5.43 mIOT).
	pub const PaymentsDepositPerByte: Balance = 10 * MICRO_UNIT;
	/// The least an escrow holds or a channel opens with: the existential deposit, so that a
	/// release in full can always create the payee's account.
	pub const PaymentsMinimumAmount: Balance = EXISTENTIAL_DEPOSIT;
	/// How long a channel's payee has to claim after the payer asks to close.
	pub const ChannelChallengePeriod: BlockNumber = HOURS;
	/// How long a device's owner has to dispute a rental after it ends: an hour, time for a
	/// person to answer an alert and inspect a returned device (or read its health remotely).
	/// The owner may settle sooner, waiving the rest; the device is not rented again before.
	pub const RentalGracePeriod: BlockNumber = HOURS;
	/// How long a payer has to check the data that meets a `DataDelivered` condition and
	/// dispute, before the payee may claim: a day, so a person can review what a machine
	/// anchored. A payer satisfied sooner releases at once.
	pub const DataChallengePeriod: BlockNumber = DAYS;
	/// How long a disputed agreement or rental waits for its arbiter or governance before
	/// anyone may settle it by its own rule: a week, over twice a council motion's duration
	/// (`CouncilMotionDuration`, 3 days), so governance can rule when there is no arbiter.
	pub const DisputeTimeout: BlockNumber = 7 * DAYS;
}

impl pallet_m2m_payments::Config for Runtime {
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type Devices = DeviceRegistry;
	type Anchors = DataAnchoring;
	type GovernanceOrigin = GovernanceOrigin;
	type DepositBase = PaymentsDepositBase;
	type DepositPerByte = PaymentsDepositPerByte;
	type MinimumAmount = PaymentsMinimumAmount;
	// Per payer; reporting a milestone pays the shipper's and the receiver's lists, 32 at most.
	// The generated weights measure release, claim and refund with a full list.
	type MaxAgreementsPerMilestone = ConstU32<16>;
	type ChallengePeriod = ChannelChallengePeriod;
	type RentalGracePeriod = RentalGracePeriod;
	type DataChallengePeriod = DataChallengePeriod;
	type DisputeTimeout = DisputeTimeout;
	type WeightInfo = pallet_m2m_payments::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = benchmark_helper::PaymentsBenchmarkHelper;
}

#[cfg(feature = "runtime-benchmarks")]
mod benchmark_helper {
	use crate::{benchmarks::helpers, AccountId};
	use pallet_m2m_payments::BENCHMARK_KEY_TYPE;
	use sp_runtime::{traits::IdentifyAccount, MultiSigner};

	/// Registers benchmark devices in the real device registry and anchors their data in the
	/// real anchoring pallet.
	pub struct PaymentsBenchmarkHelper;

	impl pallet_m2m_payments::BenchmarkHelper<AccountId> for PaymentsBenchmarkHelper {
		fn register_device(owner: &AccountId) -> AccountId {
			let public = sp_io::crypto::sr25519_generate(BENCHMARK_KEY_TYPE, None);
			helpers::register_device(
				owner,
				BENCHMARK_KEY_TYPE,
				&public,
				pallet_device_registry::DeviceKind::Sensor,
			);
			MultiSigner::Sr25519(public).into_account()
		}

		fn anchor(device: &AccountId, seq: u64) {
			helpers::anchor(device, seq);
		}
	}
}
