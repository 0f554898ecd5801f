//! The validator set and the session length: changes by governance, key purging, reads.

use crate::*;
use frame_support::{ensure, pallet_prelude::*, traits::ValidatorRegistration};
use sp_runtime::traits::Zero;

impl<T: Config> Pallet<T> {
	/// Adds `validator` to the next set.
	///
	/// # Errors
	///
	/// [`Error::AlreadyValidator`] if it is in the set, [`Error::NoSessionKeys`] if it has not
	/// registered session keys, [`Error::TooManyValidators`] if the set is full.
	pub fn do_add_validator(validator: T::AccountId) -> DispatchResult {
		Validators::<T>::try_mutate(|validators| {
			ensure!(!validators.contains(&validator), Error::<T>::AlreadyValidator);
			ensure!(T::ValidatorRegistration::is_registered(&validator), Error::<T>::NoSessionKeys);
			validators.try_push(validator.clone()).map_err(|_| Error::<T>::TooManyValidators)?;
			Ok::<_, DispatchError>(())
		})?;
		SetChanged::<T>::put(true);
		Self::deposit_event(Event::ValidatorAdded { validator });
		Ok(())
	}

	/// Removes `validator` from the next set.
	///
	/// # Errors
	///
	/// [`Error::NotValidator`] if it is not in the set, [`Error::TooFewValidators`] if the set
	/// would shrink below `MinValidators`.
	pub fn do_remove_validator(validator: T::AccountId) -> DispatchResult {
		Validators::<T>::try_mutate(|validators| {
			let position =
				validators.iter().position(|v| v == &validator).ok_or(Error::<T>::NotValidator)?;
			ensure!(
				validators.len() > T::MinValidators::get() as usize,
				Error::<T>::TooFewValidators
			);
			validators.remove(position);
			Ok::<_, DispatchError>(())
		})?;
		SetChanged::<T>::put(true);
		Self::deposit_event(Event::ValidatorRemoved { validator });
		Ok(())
	}

	/// Drops `who`'s session keys, unless it is in the set.
	///
	/// # Errors
	///
	/// [`Error::StillValidator`] if `who` is in the set; what `T::KeyPurger` refuses.
	pub fn do_purge_keys(who: T::AccountId) -> DispatchResult {
		ensure!(!Validators::<T>::get().contains(&who), Error::<T>::StillValidator);
		T::KeyPurger::purge_keys(&who)?;
		Self::deposit_event(Event::KeysPurged { who });
		Ok(())
	}

	/// Sets the session length.
	///
	/// # Errors
	///
	/// [`Error::ZeroSessionLength`] if `blocks` is zero.
	pub fn do_set_session_length(blocks: BlockNumberFor<T>) -> DispatchResult {
		ensure!(!blocks.is_zero(), Error::<T>::ZeroSessionLength);
		SessionLength::<T>::put(blocks);
		Self::deposit_event(Event::SessionLengthSet { blocks });
		Ok(())
	}

	/// The validators of the next session.
	pub fn validators() -> Vec<T::AccountId> {
		Validators::<T>::get().into_inner()
	}
}
