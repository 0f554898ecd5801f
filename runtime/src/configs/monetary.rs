//! The native token (Balances) and transaction fees (TransactionPayment).

use frame_support::traits::{
	fungible::{Balanced, Credit},
	tokens::imbalance::ResolveTo,
	Imbalance, OnUnbalanced,
};
use frame_support::{
	parameter_types,
	traits::{ConstU32, ConstU8, VariantCountOf},
	weights::ConstantMultiplier,
};
use pallet_transaction_payment::{FungibleAdapter, Multiplier, TargetedFeeAdjustment};
use sp_runtime::{traits::One, FixedPointNumber, Perquintill};

use crate::{
	configs::TreasuryAccount, AccountId, Authorship, Balance, Balances, Runtime, RuntimeEvent,
	RuntimeFreezeReason, RuntimeHoldReason, System, EXISTENTIAL_DEPOSIT, MICRO_UNIT,
};

/// The treasury's share of every transaction fee, in percent.
pub const FEE_TREASURY_SHARE: u32 = 80;
/// The block author's share of every transaction fee, in percent; tips go to the author whole.
pub const FEE_AUTHOR_SHARE: u32 = 20;

/// Splits transaction fees between the treasury and the block author.
///
/// Most of a fee funds the treasury, which governance spends on the network (operators,
/// development, audits). The author's share pays for including transactions without rewarding
/// an author for stuffing blocks with its own: an author that pays 100 in fees gets 20 back.
/// Tips are the sender's explicit reward for inclusion and go to the author whole.
pub struct DealWithFees;

impl OnUnbalanced<Credit<AccountId, Balances>> for DealWithFees {
	fn on_unbalanceds(mut fees_then_tips: impl Iterator<Item = Credit<AccountId, Balances>>) {
		if let Some(fees) = fees_then_tips.next() {
			let (to_treasury, mut to_author) = fees.ration(FEE_TREASURY_SHARE, FEE_AUTHOR_SHARE);
			if let Some(tips) = fees_then_tips.next() {
				tips.merge_into(&mut to_author);
			}
			ResolveTo::<TreasuryAccount, Balances>::on_unbalanced(to_treasury);
			ToBlockAuthor::on_unbalanced(to_author);
		}
	}
}

/// Pays a credit to the author of the current block (burned if there is none).
pub struct ToBlockAuthor;

impl OnUnbalanced<Credit<AccountId, Balances>> for ToBlockAuthor {
	fn on_nonzero_unbalanced(credit: Credit<AccountId, Balances>) {
		if let Some(author) = Authorship::author() {
			// A credit that cannot be paid (below the existential deposit) is dropped: burned.
			let _ = Balances::resolve(&author, credit);
		}
	}
}

/// The price of compute: plancks per picosecond of reference weight (`ref_time`), i.e.
/// 0.03 IOT per millisecond. A `transfer_keep_alive` (262 µs measured with its extensions and
/// the extrinsic base) pays 7.9 mIOT for its weight; a block full of ordinary transactions
/// (1.5 s) pays 45 IOT. The arithmetic, and what it means for attackers and fleets, is in
/// `docs/fees.md`.
pub const WEIGHT_FEE_PER_PICOSECOND: Balance = 30;

/// The price of chain growth: plancks per byte of an extrinsic, 10 µIOT, the same as the
/// per-byte deposit for state elsewhere in the runtime. A transfer (about 150 bytes) pays about
/// 1.5 mIOT for its length; the 3.75 MiB ordinary transactions may fill in a block pay 39 IOT.
pub const LENGTH_FEE_PER_BYTE: Balance = 10 * MICRO_UNIT;

parameter_types! {
	/// The minimum balance an account must keep to exist.
	pub const ExistentialDeposit: Balance = EXISTENTIAL_DEPOSIT;
	/// See [`WEIGHT_FEE_PER_PICOSECOND`].
	pub const WeightFee: Balance = WEIGHT_FEE_PER_PICOSECOND;
	/// See [`LENGTH_FEE_PER_BYTE`].
	pub const LengthFee: Balance = LENGTH_FEE_PER_BYTE;
	/// Fees rise while blocks carry more than a quarter of their ordinary-transaction weight and
	/// fall back towards the base price when they carry less.
	pub const TargetBlockFullness: Perquintill = Perquintill::from_percent(25);
	/// How fast the multiplier moves: with every block full it grows by 0.0225% a block, 14% an
	/// hour and 25x a day (`docs/fees.md`).
	pub AdjustmentVariable: Multiplier = Multiplier::saturating_from_rational(3, 10_000);
	/// Fees never fall below the base price: an idle chain is not a cheap chain to spam.
	pub MinimumMultiplier: Multiplier = Multiplier::one();
	/// Fees rise at most ten-thousandfold, so that a long attack cannot price operators out of
	/// the chain for longer than it lasts (the multiplier falls back as fast as it rose).
	pub MaximumMultiplier: Multiplier = Multiplier::saturating_from_integer(10_000);
}

/// The fee multiplier's update after each block.
pub type SlowAdjustingFeeUpdate = TargetedFeeAdjustment<
	Runtime,
	TargetBlockFullness,
	AdjustmentVariable,
	MinimumMultiplier,
	MaximumMultiplier,
>;

impl pallet_balances::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type WeightInfo = crate::weights::pallet_balances::WeightInfo<Runtime>;
	type Balance = Balance;
	type DustRemoval = ();
	type ExistentialDeposit = ExistentialDeposit;
	type AccountStore = System;
	type ReserveIdentifier = [u8; 8];
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ConstU32<50>;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type DoneSlashHandler = ();
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type OnChargeTransaction = FungibleAdapter<Balances, DealWithFees>;
	type WeightToFee = ConstantMultiplier<Balance, WeightFee>;
	type LengthToFee = ConstantMultiplier<Balance, LengthFee>;
	type FeeMultiplierUpdate = SlowAdjustingFeeUpdate;
	type OperationalFeeMultiplier = ConstU8<5>;
	type WeightInfo = crate::weights::pallet_transaction_payment::WeightInfo<Runtime>;
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::{
		configs::system::RuntimeBlockWeights, weights::ExtrinsicBaseWeight, Address, RuntimeCall,
		Signature, TxExtension, UncheckedExtrinsic, MILLI_UNIT, UNIT,
	};
	use codec::Encode;
	use frame_support::{dispatch::DispatchClass, weights::Weight};
	use sp_keyring::Sr25519Keyring;
	use sp_runtime::{generic::Era, traits::Convert, MultiAddress};

	/// A signed `balances.transfer_keep_alive` as a wallet sends it, and its encoded length.
	fn signed_transfer() -> (UncheckedExtrinsic, u32) {
		let call = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: MultiAddress::Id(Sr25519Keyring::Bob.to_account_id()),
			value: 10 * UNIT,
		});
		let extension: TxExtension = (
			frame_system::CheckNonZeroSender::new(),
			frame_system::CheckSpecVersion::new(),
			frame_system::CheckTxVersion::new(),
			frame_system::CheckGenesis::new(),
			frame_system::CheckEra::from(Era::mortal(256, 0)),
			frame_system::CheckNonce::from(7),
			frame_system::CheckWeight::new(),
			pallet_transaction_payment::ChargeTransactionPayment::from(0),
			frame_system::WeightReclaim::new(),
		);
		let address: Address = MultiAddress::Id(Sr25519Keyring::Alice.to_account_id());
		let signature = Signature::Sr25519(sp_core::sr25519::Signature::from_raw([1; 64]));
		let xt = UncheckedExtrinsic::new_signed(call, address, signature, extension);
		let len = u32::try_from(xt.encoded_size()).expect("a transfer is small");
		(xt, len)
	}

	/// The fee of a transfer with the multiplier at `multiplier`: (base fee, length fee,
	/// weight fee after the multiplier).
	fn transfer_fee(multiplier: Multiplier) -> (Balance, Balance, Balance) {
		sp_io::TestExternalities::new_empty().execute_with(|| {
			pallet_transaction_payment::NextFeeMultiplier::<Runtime>::put(multiplier);
			let (xt, len) = signed_transfer();
			let fee = TransactionPayment::query_fee_details(xt, len)
				.inclusion_fee
				.expect("a signed transaction pays an inclusion fee");
			(fee.base_fee, fee.len_fee, fee.adjusted_weight_fee)
		})
	}

	/// The multiplier after `blocks` blocks each filled to `fullness` of the ordinary share.
	fn multiplier_after(blocks: u32, fullness: Perquintill, start: Multiplier) -> Multiplier {
		sp_io::TestExternalities::new_empty().execute_with(|| {
			let normal = RuntimeBlockWeights::get()
				.get(DispatchClass::Normal)
				.max_total
				.expect("ordinary transactions have a limit");
			let used = Weight::from_parts(fullness.mul_floor(normal.ref_time()), 0);
			System::set_block_consumed_resources(used, 0);
			(0..blocks).fold(start, |m, _| SlowAdjustingFeeUpdate::convert(m))
		})
	}

	use crate::TransactionPayment;

	#[test]
	fn a_transfer_costs_about_a_hundredth_of_an_iot() {
		let (base, length, weight) = transfer_fee(Multiplier::one());
		let fee = base + length + weight;
		assert!((8 * MILLI_UNIT..=12 * MILLI_UNIT).contains(&fee), "a transfer costs {fee}");
		let (_, len) = signed_transfer();
		assert_eq!(length, Balance::from(len) * LENGTH_FEE_PER_BYTE);
		assert_eq!(
			base,
			Balance::from(ExtrinsicBaseWeight::get().ref_time()) * WEIGHT_FEE_PER_PICOSECOND
		);
	}

	#[test]
	fn congestion_scales_the_weight_fee_beyond_the_base() {
		let (base, length, weight) = transfer_fee(Multiplier::one());
		let (base_2, length_2, weight_2) = transfer_fee(Multiplier::saturating_from_integer(2));
		// `pallet-transaction-payment` scales the weight of the call and its extensions; the base
		// fee of an extrinsic and the length fee stay.
		assert_eq!((base_2, length_2), (base, length));
		assert_eq!(weight_2, 2 * weight);
	}

	#[test]
	fn a_full_block_of_data_costs_tens_of_iot() {
		let normal_length = crate::configs::system::RuntimeBlockLength::get()
			.max
			.get(DispatchClass::Normal)
			.to_owned();
		let cost = Balance::from(normal_length) * LENGTH_FEE_PER_BYTE;
		assert!(cost > 35 * UNIT, "a block of data costs {cost}");
	}

	#[test]
	fn sustained_congestion_raises_fees_and_quiet_brings_them_back() {
		let full = Perquintill::one();
		let hour = multiplier_after(600, full, Multiplier::one());
		let day = multiplier_after(14_400, full, Multiplier::one());
		assert!(hour > Multiplier::saturating_from_rational(113, 100), "an hour: {hour}");
		assert!(hour < Multiplier::saturating_from_rational(116, 100), "an hour: {hour}");
		assert!(day > Multiplier::saturating_from_integer(20), "a day: {day}");
		assert!(day < Multiplier::saturating_from_integer(30), "a day: {day}");
		// At the target fullness nothing moves; below it fees fall, never below the base price.
		assert_eq!(multiplier_after(100, TargetBlockFullness::get(), day), day);
		let after_quiet = multiplier_after(14_400, Perquintill::zero(), day);
		assert!(after_quiet < day);
		assert_eq!(
			multiplier_after(14_400, Perquintill::zero(), Multiplier::one()),
			Multiplier::one()
		);
		// And never above the cap, however long the attack.
		assert_eq!(multiplier_after(200_000, full, Multiplier::one()), MaximumMultiplier::get());
	}
}
