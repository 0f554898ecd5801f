//! The validator set (ValidatorSet), sessions (Session) and block authors (Authorship).
//!
//! Governance adds and removes validators; at every session boundary `pallet-session` takes the
//! set planned by `ValidatorSet` and makes the session keys its validators registered the Aura
//! and GRANDPA authorities.

use frame_support::{parameter_types, traits::ConstU128};
use sp_runtime::traits::{ConvertInto, OpaqueKeys};

use crate::{
	configs::{GovernanceOrigin, MaxAuthorities},
	AccountId, Aura, Balances, BlockNumber, Runtime, RuntimeEvent, SessionKeys, ValidatorSet,
};

/// Blocks per session: validator-set changes take effect at the second session boundary after
/// they are made. Ten blocks (a minute) keeps test networks responsive; a production network
/// would choose hours, through a runtime upgrade.
pub const SESSION_PERIOD: BlockNumber = 10;

parameter_types! {
	/// Blocks per session.
	pub const SessionPeriod: BlockNumber = SESSION_PERIOD;
	/// The first session starts at block 0.
	pub const SessionOffset: BlockNumber = 0;
	/// Removal never leaves fewer validators than this.
	pub const MinValidators: u32 = 1;
}

/// Sessions end every `SessionPeriod` blocks.
type PeriodicSessions = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = AccountId;
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = PeriodicSessions;
	type NextSessionRotation = PeriodicSessions;
	type SessionManager = ValidatorSet;
	type SessionHandler = <SessionKeys as OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	type DisablingStrategy = ();
	type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	// Keys are registered by validator candidates only; the transaction fee is enough.
	type KeyDeposit = ConstU128<0>;
}

impl pallet_validator_set::Config for Runtime {
	type GovernanceOrigin = GovernanceOrigin;
	type ValidatorRegistration = crate::Session;
	type MinValidators = MinValidators;
	// Aura and GRANDPA accept at most `MaxAuthorities` authorities.
	type MaxValidators = MaxAuthorities;
	type WeightInfo = pallet_validator_set::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = benchmark_helper::SessionKeysHelper;
}

impl pallet_authorship::Config for Runtime {
	type FindAuthor = pallet_session::FindAccountFromAuthorIndex<Self, Aura>;
	type EventHandler = ();
}

#[cfg(feature = "runtime-benchmarks")]
mod benchmark_helper {
	use codec::Encode;
	use frame_support::traits::fungible::Mutate;

	use crate::{AccountId, Balances, RuntimeOrigin, Session, SessionKeys, UNIT};

	/// Registers freshly generated session keys for an account.
	pub struct SessionKeysHelper;

	impl pallet_validator_set::BenchmarkHelper<AccountId> for SessionKeysHelper {
		fn register_session_keys(who: &AccountId) {
			Balances::set_balance(who, 1_000 * UNIT);
			let generated = SessionKeys::generate(&who.encode(), None);
			let _ = Session::set_keys(
				RuntimeOrigin::signed(who.clone()),
				generated.keys,
				generated.proof.encode(),
			);
		}
	}
}
