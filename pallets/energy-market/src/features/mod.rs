//! The calls' logic, as `do_*` functions that the dispatchables, other pallets and tests call.
//! Each checks everything itself; the dispatchables only check origins. This module holds what
//! they share: the clock, moving held funds and pricing stored state.

mod clearing;
mod markets;
mod orders;
mod read;
mod readings;
mod settlement;
#[cfg(any(feature = "try-runtime", test))]
mod try_state;

use codec::MaxEncodedLen;
use frame_support::traits::Get;
use iotchain_primitives::{chain, funds};
use sp_runtime::{
	traits::{CheckedMul, Saturating},
	DispatchResult,
};

use crate::{
	BalanceOf, Config, Error, HoldReason, MarketOf, Metered, OrderOf, Pallet, SettledInterval,
};

/// A key of `Markets`: 32 bytes of pallet and item prefixes, then the id's `twox64` hash and the
/// id (4).
const MARKET_KEY_BYTES: usize = 44;
/// An entry of `Members`: the prefixes, the market (12) and the meter's `blake2_128` hash and
/// the meter (48).
const MEMBER_ENTRY_BYTES: usize = 92;
/// A key of `Readings`: the prefixes, the market and interval (8 + 8) and the meter (48).
const READING_KEY_BYTES: usize = 96;

impl<T: Config> Pallet<T> {
	/// The storage deposit of a market: its record and its history, full.
	pub fn market_deposit() -> BalanceOf<T> {
		let history = SettledInterval::<BalanceOf<T>>::max_encoded_len()
			.saturating_mul(usize::try_from(T::MaxHistory::get()).unwrap_or(usize::MAX))
			.saturating_add(5);
		Self::deposit_for(
			MARKET_KEY_BYTES
				.saturating_mul(2)
				.saturating_add(MarketOf::<T>::max_encoded_len())
				.saturating_add(history),
		)
	}

	/// The storage deposit of a member.
	pub fn member_deposit() -> BalanceOf<T> {
		Self::deposit_for(MEMBER_ENTRY_BYTES)
	}

	/// The storage deposit of an order: its place in the book and its meter's reading.
	pub fn order_deposit() -> BalanceOf<T> {
		Self::deposit_for(
			OrderOf::<T>::max_encoded_len()
				.saturating_add(READING_KEY_BYTES)
				.saturating_add(Metered::max_encoded_len()),
		)
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
	pub(crate) fn hold(
		reason: HoldReason,
		who: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		funds::hold::<_, T::Currency>(&reason.into(), who, amount)
			.map_err(|_| Error::<T>::InsufficientBalance.into())
	}

	/// Releases exactly `amount` held from `who` for `reason`.
	pub(crate) fn release(
		reason: HoldReason,
		who: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		funds::release::<_, T::Currency>(&reason.into(), who, amount)
	}

	/// Pays exactly `amount` held from `from` for `reason` to `to`.
	pub(crate) fn pay(
		reason: HoldReason,
		from: &T::AccountId,
		to: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		funds::pay_from_hold::<_, T::Currency>(&reason.into(), from, to, amount)
	}

	/// `price * energy`, or `Overflow`.
	pub(crate) fn cost(price: BalanceOf<T>, energy: u64) -> Result<BalanceOf<T>, Error<T>> {
		let energy: BalanceOf<T> = energy.try_into().map_err(|_| Error::<T>::Overflow)?;
		price.checked_mul(&energy).ok_or(Error::<T>::Overflow)
	}
}
