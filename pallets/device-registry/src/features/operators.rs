//! The accounts that may act for a device besides its owner.

use frame_support::ensure;
use sp_runtime::DispatchResult;

use crate::{Config, DeviceId, Error, Event, Operators, Pallet};

impl<T: Config> Pallet<T> {
	/// Lets `operator` act for a device.
	///
	/// # Errors
	///
	/// - `UnknownDevice`, `DeviceRevoked`, `NotOwner` as for any owner-only change;
	/// - `AlreadyOperator` if `operator` already operates the device;
	/// - `TooManyOperators` if the device has `MaxOperators` operators.
	pub fn do_add_operator(
		who: &T::AccountId,
		device: &DeviceId,
		operator: T::AccountId,
	) -> DispatchResult {
		Self::owned_device(who, device)?;
		Operators::<T>::try_mutate(device, |operators| {
			ensure!(!operators.contains(&operator), Error::<T>::AlreadyOperator);
			operators.try_insert(operator.clone()).map_err(|_| Error::<T>::TooManyOperators)?;
			Ok::<_, Error<T>>(())
		})?;
		Self::deposit_event(Event::OperatorAdded { device: device.clone(), operator });
		Ok(())
	}

	/// Stops `operator` acting for a device.
	///
	/// # Errors
	///
	/// - `UnknownDevice`, `DeviceRevoked`, `NotOwner` as for any owner-only change;
	/// - `NotOperator` if `operator` does not operate the device.
	pub fn do_remove_operator(
		who: &T::AccountId,
		device: &DeviceId,
		operator: T::AccountId,
	) -> DispatchResult {
		Self::owned_device(who, device)?;
		Operators::<T>::try_mutate_exists(device, |maybe_operators| {
			let operators = maybe_operators.as_mut().ok_or(Error::<T>::NotOperator)?;
			ensure!(operators.remove(&operator), Error::<T>::NotOperator);
			if operators.is_empty() {
				*maybe_operators = None;
			}
			Ok::<_, Error<T>>(())
		})?;
		Self::deposit_event(Event::OperatorRemoved { device: device.clone(), operator });
		Ok(())
	}
}
