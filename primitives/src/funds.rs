//! Moving held funds, the same way in every pallet that holds them (feature `frame`): an amount
//! of zero is no operation, and a release or a payment moves exactly the amount asked or fails.

use frame_support::traits::{
	fungible::MutateHold,
	tokens::{Fortitude, Precision, Restriction},
};
use sp_runtime::{traits::Zero, DispatchResult};

/// Holds `amount` from `who` for `reason`.
///
/// # Errors
///
/// The currency's error if `who` cannot hold `amount` and stay alive; pallets report it as their
/// own `InsufficientBalance`.
pub fn hold<AccountId, Currency: MutateHold<AccountId>>(
	reason: &Currency::Reason,
	who: &AccountId,
	amount: Currency::Balance,
) -> DispatchResult {
	if amount.is_zero() {
		return Ok(());
	}
	Currency::hold(reason, who, amount)
}

/// Releases exactly `amount` held from `who` for `reason`.
///
/// # Errors
///
/// The currency's error if less than `amount` is held, which each pallet's `try_state` rules
/// out.
pub fn release<AccountId, Currency: MutateHold<AccountId>>(
	reason: &Currency::Reason,
	who: &AccountId,
	amount: Currency::Balance,
) -> DispatchResult {
	if amount.is_zero() {
		return Ok(());
	}
	Currency::release(reason, who, amount, Precision::Exact).map(|_| ())
}

/// Pays exactly `amount` held from `from` for `reason` to `to`, free to spend.
///
/// # Errors
///
/// The currency's error if `to` cannot receive `amount` (it would stay below the existential
/// deposit), or if less than `amount` is held.
pub fn pay_from_hold<AccountId, Currency: MutateHold<AccountId>>(
	reason: &Currency::Reason,
	from: &AccountId,
	to: &AccountId,
	amount: Currency::Balance,
) -> DispatchResult {
	if amount.is_zero() {
		return Ok(());
	}
	Currency::transfer_on_hold(
		reason,
		from,
		to,
		amount,
		Precision::Exact,
		Restriction::Free,
		Fortitude::Polite,
	)
	.map(|_| ())
}
