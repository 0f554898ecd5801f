//! The calls' logic, one file per payment form, as `do_*` functions that the dispatchables,
//! other pallets and tests call. Each checks everything itself; the dispatchables only check
//! origins. This module holds what they share: moving held funds and pricing stored state.

mod channels;
mod escrow;
mod read;
mod rentals;
#[cfg(any(feature = "try-runtime", test))]
mod try_state;

use codec::MaxEncodedLen;
use frame_support::traits::Get;
use frame_system::pallet_prelude::BlockNumberFor;
use iotchain_primitives::funds;
use sp_runtime::{traits::Saturating, DispatchResult};

use crate::{Agreement, BalanceOf, Channel, Config, Error, HoldReason, Listing, Pallet, Rental};

/// A key of `Agreements` or `Channels`: 32 bytes of pallet and item prefixes, then the id's
/// `twox64` hash and the id, 8 bytes each.
const ID_KEY_BYTES: usize = 48;
/// A key of `Listings` or `Rentals`: the prefixes, then the device's `blake2_128` hash (16) and
/// the device (32).
const DEVICE_KEY_BYTES: usize = 80;
/// An entry of `AgreementsByParty`: the prefixes, the party's hash and the party (48), the id (8).
const PARTY_ENTRY_BYTES: usize = 88;
/// An agreement's id in its milestone's entry of `AgreementsByMilestone`.
const MILESTONE_SLOT_BYTES: usize = 8;

/// An agreement as this runtime stores it.
pub(crate) type AgreementOf<T> =
	Agreement<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;
/// A channel as this runtime stores it.
pub(crate) type ChannelOf<T> =
	Channel<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;
/// A listing as this runtime stores it.
pub(crate) type ListingOf<T> =
	Listing<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;
/// A rental as this runtime stores it.
pub(crate) type RentalOf<T> =
	Rental<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

impl<T: Config> Pallet<T> {
	/// The storage deposit of an agreement: its record, its two entries in the parties' index
	/// and its id in a milestone's index.
	pub fn agreement_deposit() -> BalanceOf<T> {
		Self::deposit_for(
			ID_KEY_BYTES
				.saturating_add(AgreementOf::<T>::max_encoded_len())
				.saturating_add(PARTY_ENTRY_BYTES.saturating_mul(2))
				.saturating_add(MILESTONE_SLOT_BYTES),
		)
	}

	/// The storage deposit of a channel: its record.
	pub fn channel_deposit() -> BalanceOf<T> {
		Self::deposit_for(ID_KEY_BYTES.saturating_add(ChannelOf::<T>::max_encoded_len()))
	}

	/// The storage deposit of a listing: its record and that of its one rental at a time.
	pub fn listing_deposit() -> BalanceOf<T> {
		Self::deposit_for(
			DEVICE_KEY_BYTES
				.saturating_add(ListingOf::<T>::max_encoded_len())
				.saturating_add(DEVICE_KEY_BYTES)
				.saturating_add(RentalOf::<T>::max_encoded_len()),
		)
	}

	/// `DepositBase + DepositPerByte * bytes`.
	fn deposit_for(bytes: usize) -> BalanceOf<T> {
		let bytes = u32::try_from(bytes).unwrap_or(u32::MAX);
		T::DepositBase::get().saturating_add(T::DepositPerByte::get().saturating_mul(bytes.into()))
	}

	/// The number of the block being built, which every deadline and period is counted in.
	pub(crate) fn current_block_number() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
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
