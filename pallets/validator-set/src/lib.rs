//! # Validator set
//!
//! The set of accounts that author blocks (Aura) and vote on finality (GRANDPA), managed by
//! governance through extrinsics and handed to `pallet-session` at each new session.
//!
//! ## Overview
//!
//! - The pallet keeps the validator set planned for the next session. Changes take effect at
//!   the next session boundary: `pallet-session` asks [`SessionManager::new_session`] for the
//!   set of the session after next, and the keys that set registered with
//!   `session.setKeys` become the Aura and GRANDPA authorities.
//! - A validator must have registered its session keys before it is added, so a set never
//!   contains an account the chain cannot take keys from.
//! - Removal never takes the set below `MinValidators`, so the chain always has authorities to
//!   produce and finalize blocks.
//! - A validator cannot drop its session keys while it is in the set: `pallet-session` silently
//!   leaves accounts without keys out of the next session, so a validator that purged its keys
//!   would shrink the active set below `MinValidators`, to zero if all did. The runtime filters
//!   `session.purgeKeys` and routes key purging through [`purge_keys`](Pallet::purge_keys), which
//!   refuses set members; `set_keys` can only replace keys, never remove them.
//! - Sessions last [`SessionLength`] blocks, set in the chain spec (short on development chains,
//!   an hour on `local_testnet`) and changed by governance; [`SessionLengthOf`] hands it to
//!   `pallet-session`'s `PeriodicSessions`.
//!
//! ## Calls
//!
//! - [`add_validator`](Pallet::add_validator): governance adds an account with registered
//!   session keys.
//! - [`remove_validator`](Pallet::remove_validator): governance removes a validator, down to
//!   `MinValidators`.
//! - [`purge_keys`](Pallet::purge_keys): an account that is not in the set drops its session
//!   keys (and gets the key deposit back).
//! - [`set_session_length`](Pallet::set_session_length): governance changes the session length.
//!
//! ## Operating a validator
//!
//! `docs/validators.md` walks through running a node, generating keys with
//! `author_rotateKeysWithOwner`, registering them with `session.setKeys` and asking the council
//! to add the account.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod features;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod weights;

use alloc::vec::Vec;
use frame_support::{pallet_prelude::*, traits::ValidatorRegistration};
use frame_system::pallet_prelude::*;
use sp_runtime::traits::{One, Zero};

pub use pallet::*;
pub use weights::WeightInfo;

/// Drops an account's session keys: `pallet-session` in the runtime.
pub trait PurgeKeys<AccountId> {
	/// Removes `who`'s session keys and returns what they held as deposit.
	///
	/// # Errors
	///
	/// Whatever the key store refuses, e.g. that `who` has no keys.
	fn purge_keys(who: &AccountId) -> DispatchResult;
}

/// Registers session keys for an account in benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Makes `who` a registered validator candidate: it has session keys.
	fn register_session_keys(who: &AccountId);
}

#[frame_support::pallet]
#[allow(
	clippy::expect_used,
	reason = "FRAME's pallet macros expand to `expect`s on what `construct_runtime` guarantees \
	(every pallet has a name and an index), and clippy charges them to this module"
)]
pub mod pallet {
	use super::*;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// Who may add and remove validators (governance).
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Whether an account has registered session keys (`pallet-session`).
		type ValidatorRegistration: ValidatorRegistration<Self::AccountId>;
		/// Drops an account's session keys (`pallet-session`, whose own `purge_keys` call the
		/// runtime filters).
		type KeyPurger: PurgeKeys<Self::AccountId>;
		/// The fewest validators the set may have.
		#[pallet::constant]
		type MinValidators: Get<u32>;
		/// The most validators the set may have; at most the consensus pallets' `MaxAuthorities`.
		#[pallet::constant]
		type MaxValidators: Get<u32>;
		/// The weights of this pallet's calls.
		type WeightInfo: WeightInfo;
		/// Registers session keys in benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// The validators of the next session, in the order they were added.
	#[pallet::storage]
	pub type Validators<T: Config> =
		StorageValue<_, BoundedVec<T::AccountId, T::MaxValidators>, ValueQuery>;

	/// Whether [`Validators`] changed since the last session was planned.
	#[pallet::storage]
	pub type SetChanged<T: Config> = StorageValue<_, bool, ValueQuery>;

	/// Blocks per session, from the chain spec; sessions end at multiples of it.
	#[pallet::storage]
	pub type SessionLength<T: Config> = StorageValue<_, BlockNumberFor<T>, ValueQuery>;

	#[pallet::genesis_config]
	pub struct GenesisConfig<T: Config> {
		/// The validators of the first sessions; each needs keys in `pallet-session`'s genesis,
		/// and a chain needs at least `MinValidators` of them to run.
		pub validators: Vec<T::AccountId>,
		/// Blocks per session: validator-set changes take effect at the second session boundary
		/// after they are made, and a rotating block carries no transactions. At least one.
		pub session_length: BlockNumberFor<T>,
	}

	/// The length a chain spec that does not choose one gets.
	pub const DEFAULT_SESSION_LENGTH: u32 = 10;

	impl<T: Config> Default for GenesisConfig<T> {
		fn default() -> Self {
			Self { validators: Vec::new(), session_length: DEFAULT_SESSION_LENGTH.into() }
		}
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		#[allow(
			clippy::expect_used,
			reason = "a chain spec with an invalid validator set must not start"
		)]
		fn build(&self) {
			let mut validators = Vec::with_capacity(self.validators.len());
			for who in &self.validators {
				assert!(!validators.contains(who), "duplicate genesis validator");
				validators.push(who.clone());
			}
			// A chain spec with an invalid validator set must not start.
			let validators: BoundedVec<_, T::MaxValidators> =
				validators.try_into().expect("more genesis validators than MaxValidators");
			Validators::<T>::put(validators);
			assert!(!self.session_length.is_zero(), "sessions must last at least one block");
			SessionLength::<T>::put(self.session_length);
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `validator` joins the set from the session after next.
		ValidatorAdded { validator: T::AccountId },
		/// `validator` leaves the set from the session after next.
		ValidatorRemoved { validator: T::AccountId },
		/// The set planned at the start of `session`, taking effect in the session after it.
		NewSetPlanned { session: u32, validators: Vec<T::AccountId> },
		/// `who`, not a validator, dropped its session keys.
		KeysPurged { who: T::AccountId },
		/// Sessions now end every `blocks` blocks (at multiples of it).
		SessionLengthSet { blocks: BlockNumberFor<T> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account is already a validator.
		AlreadyValidator,
		/// The account is not a validator.
		NotValidator,
		/// The account has not registered session keys (`session.setKeys`).
		NoSessionKeys,
		/// The set already has `MaxValidators` validators.
		TooManyValidators,
		/// Removing the validator would leave fewer than `MinValidators`.
		TooFewValidators,
		/// A validator in the set cannot drop its session keys; governance removes it first.
		StillValidator,
		/// A session must last at least one block.
		ZeroSessionLength,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MinValidators::get() >= 1, "the chain needs at least one validator");
			assert!(
				T::MinValidators::get() <= T::MaxValidators::get(),
				"MinValidators must not exceed MaxValidators"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Add `validator` to the set from the session after next.
		///
		/// - `origin`: the governance origin (`GovernanceOrigin`).
		/// - `validator`: an account that registered its session keys with `session.setKeys`.
		///
		/// Emits [`Event::ValidatorAdded`].
		///
		/// # Errors
		///
		/// - [`Error::AlreadyValidator`]: `validator` is in the set.
		/// - [`Error::NoSessionKeys`]: `validator` has not registered session keys.
		/// - [`Error::TooManyValidators`]: the set holds `MaxValidators` accounts.
		///
		/// ## Complexity
		///
		/// O(n) in the number of validators.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::add_validator(T::MaxValidators::get()))]
		pub fn add_validator(origin: OriginFor<T>, validator: T::AccountId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_add_validator(validator)
		}

		/// Remove `validator` from the set from the session after next.
		///
		/// - `origin`: the governance origin (`GovernanceOrigin`).
		/// - `validator`: a current validator.
		///
		/// Emits [`Event::ValidatorRemoved`].
		///
		/// # Errors
		///
		/// - [`Error::NotValidator`]: `validator` is not in the set.
		/// - [`Error::TooFewValidators`]: the set would shrink below `MinValidators`.
		///
		/// ## Complexity
		///
		/// O(n) in the number of validators.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::remove_validator(T::MaxValidators::get()))]
		pub fn remove_validator(origin: OriginFor<T>, validator: T::AccountId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_remove_validator(validator)
		}

		/// Drop the caller's session keys and return their deposit.
		///
		/// Takes effect at the next session boundary for an account that was still active.
		///
		/// - `origin`: signed by an account that is not in the set.
		///
		/// Emits [`Event::KeysPurged`].
		///
		/// # Errors
		///
		/// - [`Error::StillValidator`]: the caller is in the set.
		/// - `session.NoKeys`: the caller has no session keys.
		///
		/// ## Complexity
		///
		/// O(n) in the number of validators.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::purge_keys(T::MaxValidators::get()))]
		pub fn purge_keys(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_purge_keys(who)
		}

		/// Make sessions end every `blocks` blocks from now on.
		///
		/// Sessions end at block numbers that are multiples of `blocks`.
		///
		/// - `origin`: the governance origin (`GovernanceOrigin`).
		/// - `blocks`: the new session length, at least one.
		///
		/// Emits [`Event::SessionLengthSet`].
		///
		/// # Errors
		///
		/// - [`Error::ZeroSessionLength`]: `blocks` is zero.
		///
		/// ## Complexity
		///
		/// O(1).
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::set_session_length())]
		pub fn set_session_length(
			origin: OriginFor<T>,
			blocks: BlockNumberFor<T>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_session_length(blocks)
		}
	}
}

/// The session length in [`SessionLength`], for `pallet_session::PeriodicSessions` (never zero).
pub struct SessionLengthOf<T>(core::marker::PhantomData<T>);

impl<T: Config> Get<BlockNumberFor<T>> for SessionLengthOf<T> {
	fn get() -> BlockNumberFor<T> {
		SessionLength::<T>::get().max(One::one())
	}
}

impl<T: Config> pallet_session::SessionManager<T::AccountId> for Pallet<T> {
	fn new_session(new_index: u32) -> Option<Vec<T::AccountId>> {
		if !SetChanged::<T>::take() {
			return None;
		}
		let validators = Self::validators();
		Self::deposit_event(Event::NewSetPlanned {
			session: new_index,
			validators: validators.clone(),
		});
		Some(validators)
	}

	fn new_session_genesis(_: u32) -> Option<Vec<T::AccountId>> {
		Some(Self::validators())
	}

	fn end_session(_: u32) {}

	fn start_session(_: u32) {}
}
