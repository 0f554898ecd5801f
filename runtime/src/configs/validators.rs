//! The validator set (ValidatorSet), sessions (Session) and block authors (Authorship).
//!
//! Governance adds and removes validators; at every session boundary `pallet-session` takes the
//! set planned by `ValidatorSet` and makes the session keys its validators registered the Aura
//! and GRANDPA authorities. `session.purgeKeys` is filtered (see `BaseCallFilter` in
//! `system.rs`): keys are dropped through `validatorSet.purgeKeys`, which refuses validators, so
//! the active set never loses members to missing keys.

use frame_support::parameter_types;
use pallet_validator_set::SessionLengthOf;
use sp_runtime::{
	traits::{ConvertInto, OpaqueKeys},
	DispatchResult,
};

use crate::{
	configs::{GovernanceOrigin, MaxAuthorities},
	AccountId, Aura, Balance, Balances, BlockNumber, Runtime, RuntimeEvent, RuntimeOrigin,
	SessionKeys, ValidatorSet, UNIT,
};

parameter_types! {
	/// The first session starts at block 0.
	pub const SessionOffset: BlockNumber = 0;
	/// Removal never leaves fewer validators than this.
	pub const MinValidators: u32 = 1;
	/// What registering session keys holds, returned by `validatorSet.purgeKeys`: the keys are
	/// state every node keeps, and only validator candidates need them.
	pub const SessionKeyDeposit: Balance = 10 * UNIT;
}

/// Sessions end every `validatorSet.sessionLength` blocks: each chain spec sets its own (a
/// minute for development, an hour for `local_testnet`), and governance can change it.
type PeriodicSessions = pallet_session::PeriodicSessions<SessionLengthOf<Runtime>, SessionOffset>;

/// Drops session keys through `pallet-session`'s own call, which the runtime's call filter keeps
/// from everyone else: `validatorSet.purgeKeys` first checks the account is not a validator.
pub struct SessionKeyPurger;

impl pallet_validator_set::PurgeKeys<AccountId> for SessionKeyPurger {
	fn purge_keys(who: &AccountId) -> DispatchResult {
		crate::Session::purge_keys(RuntimeOrigin::signed(who.clone()))
	}
}

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
	type KeyDeposit = SessionKeyDeposit;
}

impl pallet_validator_set::Config for Runtime {
	type GovernanceOrigin = GovernanceOrigin;
	type ValidatorRegistration = crate::Session;
	type KeyPurger = SessionKeyPurger;
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
