//! Governance: the council (Collective + Membership), the treasury, and the whitelist through
//! which the council dispatches what needs Root (e.g. authorizing a runtime upgrade).
//!
//! The governance origin is Root or at least two thirds of the council. Every part of the
//! runtime that needs an authority (certifiers, arbitration, validators, spends, upgrades) uses
//! it.

use frame_support::{
	parameter_types,
	traits::{
		fungible::HoldConsideration,
		tokens::{pay::PayFromAccount, UnityAssetBalanceConversion},
		EitherOfDiverse, LinearStoragePrice,
	},
	weights::Weight,
	PalletId,
};
use frame_system::{EnsureRoot, EnsureWithSuccess};
use sp_runtime::{traits::IdentityLookup, Permill};

use crate::{
	configs::RuntimeBlockWeights, AccountId, Balance, Balances, BlockNumber, Council, Preimage,
	Runtime, RuntimeCall, RuntimeEvent, RuntimeHoldReason, RuntimeOrigin, System, Treasury, DAYS,
	MILLI_UNIT, MINUTES, UNIT,
};

/// The council's instance of `pallet-collective`.
pub type CouncilCollective = pallet_collective::Instance1;
/// The instance of `pallet-membership` that manages the council's members.
pub type CouncilMembershipInstance = pallet_membership::Instance1;

/// Root, or at least two thirds of the council.
pub type GovernanceOrigin = EitherOfDiverse<
	EnsureRoot<AccountId>,
	pallet_collective::EnsureProportionAtLeast<AccountId, CouncilCollective, 2, 3>,
>;

parameter_types! {
	/// How long a council motion stays open for votes; it can be closed earlier once decided.
	pub const CouncilMotionDuration: BlockNumber = 3 * DAYS;
	/// The most council motions open at once.
	pub const CouncilMaxProposals: u32 = 100;
	/// The largest council.
	pub const CouncilMaxMembers: u32 = 32;
	/// The heaviest call a council motion may execute: half a block.
	pub MaxCouncilProposalWeight: Weight = RuntimeBlockWeights::get().max_block.saturating_div(2);
}

/// A member who does not vote on a motion votes against it, whatever the prime voted.
///
/// With `PrimeDefaultVote`, once a motion's duration ended every abstaining member would count
/// as voting like the prime, so one member (the prime) could carry a two-thirds motion alone.
/// Here a motion passes only with the explicit ayes it needs.
pub struct AbstentionsAreNays;

impl pallet_collective::DefaultVote for AbstentionsAreNays {
	fn default_vote(_: Option<bool>, _: u32, _: u32, _: u32) -> bool {
		false
	}
}

impl pallet_collective::Config<CouncilCollective> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = CouncilMotionDuration;
	type MaxProposals = CouncilMaxProposals;
	type MaxMembers = CouncilMaxMembers;
	type DefaultVote = AbstentionsAreNays;
	type WeightInfo = pallet_collective::weights::SubstrateWeight<Runtime>;
	// Membership changes go through `CouncilMembership`, which governance controls.
	type SetMembersOrigin = EnsureRoot<AccountId>;
	type MaxProposalWeight = MaxCouncilProposalWeight;
	type DisapproveOrigin = EnsureRoot<AccountId>;
	type KillOrigin = EnsureRoot<AccountId>;
	type Consideration = ();
}

impl pallet_membership::Config<CouncilMembershipInstance> for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type AddOrigin = GovernanceOrigin;
	type RemoveOrigin = GovernanceOrigin;
	type SwapOrigin = GovernanceOrigin;
	type ResetOrigin = GovernanceOrigin;
	type PrimeOrigin = GovernanceOrigin;
	type MembershipInitialized = Council;
	type MembershipChanged = Council;
	type MaxMembers = CouncilMaxMembers;
	type WeightInfo = pallet_membership::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// The treasury's account is derived from this id.
	pub const TreasuryPalletId: PalletId = PalletId(*b"iot/trsy");
	/// The treasury's account.
	pub TreasuryAccount: AccountId = Treasury::account_id();
	/// How often the treasury processes approved legacy spends and burns.
	pub const SpendPeriod: BlockNumber = 7 * DAYS;
	/// Nothing of the treasury's funds is burned.
	pub const TreasuryBurn: Permill = Permill::zero();
	/// How long an approved spend can be paid out.
	pub const SpendPayoutPeriod: BlockNumber = 30 * DAYS;
	/// The most approvals queued at once.
	pub const MaxApprovals: u32 = 100;
	/// Governance may approve spends of any amount.
	pub const MaxSpend: Balance = Balance::MAX;
}

impl pallet_treasury::Config for Runtime {
	type Currency = Balances;
	type RejectOrigin = GovernanceOrigin;
	type RuntimeEvent = RuntimeEvent;
	type SpendPeriod = SpendPeriod;
	type Burn = TreasuryBurn;
	type PalletId = TreasuryPalletId;
	type BurnDestination = ();
	type WeightInfo = pallet_treasury::weights::SubstrateWeight<Runtime>;
	type SpendFunds = ();
	type MaxApprovals = MaxApprovals;
	type SpendOrigin = EnsureWithSuccess<GovernanceOrigin, AccountId, MaxSpend>;
	type AssetKind = ();
	type Beneficiary = AccountId;
	type BeneficiaryLookup = IdentityLookup<AccountId>;
	type Paymaster = PayFromAccount<Balances, TreasuryAccount>;
	type BalanceConverter = UnityAssetBalanceConversion;
	type PayoutPeriod = SpendPayoutPeriod;
	type BlockNumberProvider = System;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
}

parameter_types! {
	/// The hold reason of preimage deposits.
	pub const PreimageHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::Preimage(pallet_preimage::HoldReason::Preimage);
	/// The deposit held for every stored preimage.
	pub const PreimageBaseDeposit: Balance = UNIT;
	/// The deposit held per byte of a stored preimage.
	pub const PreimageByteDeposit: Balance = MILLI_UNIT / 100;
	/// A whitelisted call deferred for lack of weight expires after this long.
	pub const WhitelistDeferredExpiration: BlockNumber = 10 * MINUTES;
}

impl pallet_preimage::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = pallet_preimage::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	type ManagerOrigin = GovernanceOrigin;
	type Consideration = HoldConsideration<
		AccountId,
		Balances,
		PreimageHoldReason,
		LinearStoragePrice<PreimageBaseDeposit, PreimageByteDeposit, Balance>,
	>;
}

/// The council whitelists a call's hash and dispatches it with Root, in one motion
/// (`utility.batchAll([whitelist.whitelistCall(hash), whitelist.dispatchWhitelistedCallWithPreimage(call)])`).
impl pallet_whitelist::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WhitelistOrigin = GovernanceOrigin;
	type DispatchWhitelistedOrigin = GovernanceOrigin;
	type Preimages = Preimage;
	type DeferredDispatchExpiration = WhitelistDeferredExpiration;
	type BlockNumberProvider = System;
	type WeightInfo = pallet_whitelist::weights::SubstrateWeight<Runtime>;
}

#[cfg(test)]
mod tests {
	use super::*;
	use pallet_collective::DefaultVote;

	type CouncilDefaultVote =
		<Runtime as pallet_collective::Config<CouncilCollective>>::DefaultVote;

	#[test]
	fn a_prime_alone_cannot_carry_a_motion() {
		// The attack: on a council of three, the prime votes aye, the others
		// do not vote; when the motion closes, their abstentions must not count as ayes.
		assert!(!CouncilDefaultVote::default_vote(Some(true), 1, 0, 3));
		// Nor do abstentions ever count for a motion, whoever voted what.
		assert!(!CouncilDefaultVote::default_vote(None, 2, 0, 3));
		assert!(!CouncilDefaultVote::default_vote(Some(false), 2, 1, 4));
	}
}
