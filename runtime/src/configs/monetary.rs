//! The native token (Balances) and transaction fees (TransactionPayment).

use frame_support::traits::{
	fungible::{Balanced, Credit},
	tokens::imbalance::ResolveTo,
	Imbalance, OnUnbalanced,
};
use frame_support::{
	parameter_types,
	traits::{ConstU32, ConstU8, VariantCountOf},
	weights::IdentityFee,
};
use pallet_transaction_payment::{ConstFeeMultiplier, FungibleAdapter, Multiplier};
use sp_runtime::traits::One;

use crate::{
	configs::TreasuryAccount, AccountId, Authorship, Balance, Balances, Runtime, RuntimeEvent,
	RuntimeFreezeReason, RuntimeHoldReason, System, EXISTENTIAL_DEPOSIT,
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

parameter_types! {
	/// The minimum balance an account must keep to exist.
	pub const ExistentialDeposit: Balance = EXISTENTIAL_DEPOSIT;
	/// Fees do not float with congestion yet: one planck per unit of weight and per byte.
	pub FeeMultiplier: Multiplier = Multiplier::one();
}

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
	type WeightToFee = IdentityFee<Balance>;
	type LengthToFee = IdentityFee<Balance>;
	type FeeMultiplierUpdate = ConstFeeMultiplier<FeeMultiplier>;
	type OperationalFeeMultiplier = ConstU8<5>;
	type WeightInfo = crate::weights::pallet_transaction_payment::WeightInfo<Runtime>;
}
