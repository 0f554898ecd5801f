//! The pallet's invariants, checked by `try-runtime` and after every test.

use crate::*;
use frame_support::{ensure, traits::ValidatorRegistration};
use sp_runtime::traits::Zero;

impl<T: Config> Pallet<T> {
	/// Checks the pallet's invariants: the set has no duplicates, holds between
	/// `MinValidators` and `MaxValidators` accounts, every one of them has session keys (or
	/// `pallet-session` would leave it out), and sessions last at least a block.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let validators = Validators::<T>::get();
		ensure!(
			validators.len() >= T::MinValidators::get() as usize,
			"fewer validators than MinValidators"
		);
		for (i, v) in validators.iter().enumerate() {
			ensure!(
				!validators.iter().skip(i.saturating_add(1)).any(|w| w == v),
				"duplicate validator"
			);
			ensure!(T::ValidatorRegistration::is_registered(v), "a validator has no session keys");
		}
		ensure!(!SessionLength::<T>::get().is_zero(), "sessions of zero blocks");
		Ok(())
	}
}
