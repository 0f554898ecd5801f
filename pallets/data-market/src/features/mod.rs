//! The calls' logic, as `do_*` functions that the dispatchables, other pallets and tests call.
//! Each checks everything itself; the dispatchables only check origins. This module holds what
//! they share: the clock, moving held funds and pricing stored state.

mod delivery;
mod grants;
mod listings;
mod read;
#[cfg(any(feature = "try-runtime", test))]
mod try_state;

use codec::MaxEncodedLen;
use frame_support::traits::Get;
use iotchain_primitives::{chain, funds};
use sp_runtime::{
	traits::{Saturating, Zero},
	DispatchResult,
};

use crate::{BalanceOf, Config, Delivery, Error, Grant, HoldReason, Listing, Pallet};

/// A key of `Listings`: 32 bytes of pallet and item prefixes, then the id's `twox64` hash and the
/// id, 8 bytes each.
const LISTING_KEY_BYTES: usize = 48;
/// A key of `ListingOfDevice`: the prefixes, the device's `blake2_128` hash (16) and the device
/// (32).
const DEVICE_KEY_BYTES: usize = 80;
/// A key of `Grants`: the prefixes, the listing (16) and the buyer (48).
const GRANT_KEY_BYTES: usize = 96;
/// An entry of `GrantsByBuyer`: the prefixes, the buyer (48) and the listing (8).
const BUYER_ENTRY_BYTES: usize = 88;
/// A key of `Deliveries`: the prefixes, the listing (16) and the period (12).
const DELIVERY_KEY_BYTES: usize = 60;

/// A listing as this runtime stores it.
pub(crate) type ListingOf<T> = Listing<<T as frame_system::Config>::AccountId, BalanceOf<T>>;

impl<T: Config> Pallet<T> {
	/// The storage deposit of a listing: its record and its entry in the devices' index.
	pub fn listing_deposit() -> BalanceOf<T> {
		Self::deposit_for(
			LISTING_KEY_BYTES
				.saturating_add(ListingOf::<T>::max_encoded_len())
				.saturating_add(DEVICE_KEY_BYTES)
				.saturating_add(8),
		)
	}

	/// The storage deposit of `periods` periods of a grant: one delivery record each, and, for
	/// a new grant (`new`), the record and its buyer index entry.
	pub fn grant_deposit(periods: u32, new: bool) -> BalanceOf<T> {
		let per_period = DELIVERY_KEY_BYTES.saturating_add(Delivery::max_encoded_len());
		let record = if new {
			GRANT_KEY_BYTES
				.saturating_add(Grant::<BalanceOf<T>>::max_encoded_len())
				.saturating_add(BUYER_ENTRY_BYTES)
		} else {
			0
		};
		let bytes =
			record.saturating_add(per_period.saturating_mul(usize::try_from(periods).unwrap_or(0)));
		if bytes == 0 {
			return Zero::zero();
		}
		Self::deposit_for(bytes)
	}

	/// `DepositBase + DepositPerByte * bytes`.
	fn deposit_for(bytes: usize) -> BalanceOf<T> {
		let bytes = u32::try_from(bytes).unwrap_or(u32::MAX);
		T::DepositBase::get().saturating_add(T::DepositPerByte::get().saturating_mul(bytes.into()))
	}

	/// The chain's time, in milliseconds since the Unix epoch.
	pub(crate) fn now() -> u64 {
		chain::unix_millis::<T::UnixTime>()
	}

	/// Holds `amount` from `who` for `reason`.
	///
	/// # Errors
	///
	/// `InsufficientBalance` if `who` cannot hold `amount` and stay alive.
	pub(crate) fn hold_funds(
		reason: HoldReason,
		who: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		funds::hold::<_, T::Currency>(&reason.into(), who, amount)
			.map_err(|_| Error::<T>::InsufficientBalance.into())
	}

	/// Releases exactly `amount` held from `who` for `reason`.
	///
	/// # Errors
	///
	/// The currency's error if less than `amount` is held, which `try_state` rules out.
	pub(crate) fn release_funds(
		reason: HoldReason,
		who: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		funds::release::<_, T::Currency>(&reason.into(), who, amount)
	}

	/// Pays exactly `amount` held from `from` for `reason` to `to`, free to spend.
	///
	/// # Errors
	///
	/// The currency's error if `to` cannot receive `amount` (it would stay below the existential
	/// deposit), or if less than `amount` is held.
	pub(crate) fn pay_from_hold(
		reason: HoldReason,
		from: &T::AccountId,
		to: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		funds::pay_from_hold::<_, T::Currency>(&reason.into(), from, to, amount)
	}
}
