//! Device rentals: listings, rentals, early ends, settlement and disputes.

use frame_support::{ensure, storage::with_storage_layer, traits::Get};
use frame_system::pallet_prelude::BlockNumberFor;
use iotchain_primitives::{DeviceLookup, DeviceStatus};
use sp_runtime::{
	traits::{CheckedAdd, CheckedMul, Saturating, UniqueSaturatedInto, Zero},
	DispatchError, DispatchResult,
};

use super::RentalOf;
use crate::{
	BalanceOf, Config, Error, Event, HoldReason, Listing, Listings, Pallet, Rental, RentalTerms,
	Rentals,
};

impl<T: Config> Pallet<T> {
	/// The device's owner offers it for rent on `terms`, holding the listing's storage deposit.
	///
	/// # Errors
	///
	/// - `UnknownDevice` for no (or a revoked) device, `DeviceNotActive` for a suspended one;
	/// - `NotDeviceOwner` unless `who` owns the device; `AlreadyListed`;
	/// - `InvalidRentalDuration` unless `1 <= min_blocks <= max_blocks`;
	/// - `Overflow` if the longest rental's rent and the security deposit overflow;
	/// - `ArbiterIsParty` if the arbiter is the owner; `InsufficientBalance`.
	pub fn do_list_device(
		who: &T::AccountId,
		device: T::AccountId,
		terms: RentalTerms<BalanceOf<T>, BlockNumberFor<T>>,
		arbiter: Option<T::AccountId>,
	) -> DispatchResult {
		match T::Devices::status(&device) {
			None | Some(DeviceStatus::Revoked) => return Err(Error::<T>::UnknownDevice.into()),
			Some(DeviceStatus::Suspended) => return Err(Error::<T>::DeviceNotActive.into()),
			Some(DeviceStatus::Active) => {}
		}
		ensure!(T::Devices::owner_of(&device).as_ref() == Some(who), Error::<T>::NotDeviceOwner);
		ensure!(!Listings::<T>::contains_key(&device), Error::<T>::AlreadyListed);
		let RentalTerms { price_per_block, min_blocks, max_blocks, security_deposit } = terms;
		ensure!(
			!min_blocks.is_zero() && min_blocks <= max_blocks,
			Error::<T>::InvalidRentalDuration
		);
		let longest_rental_held = Self::rent_for(price_per_block, max_blocks)
			.ok()
			.and_then(|rent| rent.checked_add(&security_deposit));
		ensure!(longest_rental_held.is_some(), Error::<T>::Overflow);
		ensure!(arbiter.as_ref() != Some(who), Error::<T>::ArbiterIsParty);
		let deposit = Self::listing_deposit();
		Self::hold_funds(HoldReason::StorageDeposit, who, deposit)?;

		Listings::<T>::insert(
			&device,
			Listing {
				owner: who.clone(),
				price_per_block,
				min_blocks,
				max_blocks,
				security_deposit,
				arbiter: arbiter.clone(),
				deposit,
			},
		);
		Self::deposit_event(Event::DeviceListed {
			device,
			owner: who.clone(),
			price_per_block,
			min_blocks,
			max_blocks,
			security_deposit,
			arbiter,
			deposit,
		});
		Ok(())
	}

	/// Withdraws a device from rent, releasing the listing's deposit to who listed it.
	///
	/// # Errors
	///
	/// `NotListed`, `NotDeviceOwner` unless `who` listed the device or owns it now,
	/// `DeviceRented` while it has a rental.
	pub fn do_unlist_device(who: &T::AccountId, device: T::AccountId) -> DispatchResult {
		let listing = Listings::<T>::get(&device).ok_or(Error::<T>::NotListed)?;
		ensure!(
			listing.owner == *who || T::Devices::owner_of(&device).as_ref() == Some(who),
			Error::<T>::NotDeviceOwner
		);
		ensure!(!Rentals::<T>::contains_key(&device), Error::<T>::DeviceRented);
		Self::release_funds(HoldReason::StorageDeposit, &listing.owner, listing.deposit)?;
		Listings::<T>::remove(&device);
		Self::deposit_event(Event::DeviceUnlisted { device, owner: listing.owner });
		Ok(())
	}

	/// `renter` rents the device for `blocks` blocks from now, holding rent and security
	/// deposit from `renter`.
	///
	/// # Errors
	///
	/// - `NotListed`; `DeviceRented` while it has a rental; `PayeeIsPayer` if `renter` is
	///   the owner; `ArbiterIsParty` if `renter` is the listing's arbiter, who would judge
	///   its own rental;
	/// - `DeviceNotActive` unless the device is active; `ListingOwnerChanged` if who listed it
	///   no longer owns it;
	/// - `RentalTooShort` / `RentalTooLong` outside the listing's durations;
	/// - `Overflow`; `InsufficientBalance` if `renter` cannot hold rent and security deposit.
	pub fn do_rent(
		renter: &T::AccountId,
		device: T::AccountId,
		blocks: BlockNumberFor<T>,
	) -> DispatchResult {
		let listing = Listings::<T>::get(&device).ok_or(Error::<T>::NotListed)?;
		ensure!(!Rentals::<T>::contains_key(&device), Error::<T>::DeviceRented);
		ensure!(listing.owner != *renter, Error::<T>::PayeeIsPayer);
		ensure!(listing.arbiter.as_ref() != Some(renter), Error::<T>::ArbiterIsParty);
		ensure!(T::Devices::is_active(&device), Error::<T>::DeviceNotActive);
		ensure!(
			T::Devices::owner_of(&device).as_ref() == Some(&listing.owner),
			Error::<T>::ListingOwnerChanged
		);
		ensure!(blocks >= listing.min_blocks, Error::<T>::RentalTooShort);
		ensure!(blocks <= listing.max_blocks, Error::<T>::RentalTooLong);
		let rent = Self::rent_for(listing.price_per_block, blocks)?;
		let held = rent.checked_add(&listing.security_deposit).ok_or(Error::<T>::Overflow)?;
		let start = Self::current_block_number();
		let end = start.checked_add(&blocks).ok_or(Error::<T>::Overflow)?;
		Self::hold_funds(HoldReason::Rental, renter, held)?;

		Rentals::<T>::insert(
			&device,
			Rental {
				renter: renter.clone(),
				owner: listing.owner.clone(),
				start,
				end,
				price_per_block: listing.price_per_block,
				rent_held: rent,
				security_deposit: listing.security_deposit,
				min_blocks: listing.min_blocks,
				arbiter: listing.arbiter,
				disputed_until: None,
			},
		);
		Self::deposit_event(Event::DeviceRented {
			device,
			renter: renter.clone(),
			owner: listing.owner,
			start,
			end,
			rent,
			security_deposit: listing.security_deposit,
		});
		Ok(())
	}

	/// The renter ends its rental now: the owner is paid the rent of the blocks used, but of
	/// at least the listing's `min_blocks`, the renter refunded the rest, exactly; the
	/// security deposit stays held until the rental is settled or resolved.
	///
	/// # Errors
	///
	/// `NotRented`, `NotRenter`, `RentalEnded` from the rental's end on, or the currency's
	/// error if the owner cannot receive the rent.
	pub fn do_end_rental(who: &T::AccountId, device: T::AccountId) -> DispatchResult {
		let mut rental = Rentals::<T>::get(&device).ok_or(Error::<T>::NotRented)?;
		ensure!(rental.renter == *who, Error::<T>::NotRenter);
		let now = Self::current_block_number();
		ensure!(now < rental.end, Error::<T>::RentalEnded);
		let used_blocks = now.saturating_sub(rental.start);
		// A rental blocks the device for its grace period, so even one ended at once is
		// charged the minimum the owner asked for.
		let billed_blocks = used_blocks.max(rental.min_blocks);
		let rent_paid =
			Self::rent_for(rental.price_per_block, billed_blocks)?.min(rental.rent_held);
		let rent_refunded = rental.rent_held.saturating_sub(rent_paid);
		Self::pay_from_hold(HoldReason::Rental, &rental.renter, &rental.owner, rent_paid)?;
		Self::release_funds(HoldReason::Rental, &rental.renter, rent_refunded)?;
		rental.rent_held = Zero::zero();
		rental.end = now;
		let (renter, owner) = (rental.renter.clone(), rental.owner.clone());
		Rentals::<T>::insert(&device, rental);
		Self::deposit_event(Event::RentalEnded {
			device,
			renter,
			owner,
			used_blocks,
			rent_paid,
			rent_refunded,
		});
		Ok(())
	}

	/// Settles an ended rental: the owner is paid the rent still held, the renter gets the
	/// security deposit back. Anyone may settle after the grace period, or after the dispute's
	/// timeout if the owner disputed it without a ruling; the owner (`who`) may settle as soon
	/// as the rental ended, waiving its grace period.
	///
	/// # Errors
	///
	/// `NotRented`, `RentalDisputed` before the dispute's timeout, `RentalNotEnded` before
	/// the rental's end, `GracePeriodNotOver` before `end + RentalGracePeriod` (unless `who`
	/// is the owner), or the currency's error if the owner cannot receive the rent.
	pub fn do_settle(who: &T::AccountId, device: T::AccountId) -> DispatchResult {
		let rental = Rentals::<T>::get(&device).ok_or(Error::<T>::NotRented)?;
		let now = Self::current_block_number();
		if rental.disputed_until.is_some() {
			ensure!(now >= Self::settleable_from(&rental), Error::<T>::RentalDisputed);
		} else {
			ensure!(now >= rental.end, Error::<T>::RentalNotEnded);
			ensure!(
				rental.owner == *who || now >= Self::settleable_from(&rental),
				Error::<T>::GracePeriodNotOver
			);
		}
		let deposit_returned = rental.security_deposit;
		let rent_paid = Self::end_rental_record(&device, &rental, Zero::zero())?;
		Self::deposit_event(Event::RentalSettled {
			device,
			renter: rental.renter,
			owner: rental.owner,
			rent_paid,
			deposit_returned,
		});
		Ok(())
	}

	/// The owner disputes an ended rental within its grace period; the dispute times out
	/// `DisputeTimeout` blocks later.
	///
	/// # Errors
	///
	/// `NotRented`, `NotRentalOwner`, `RentalDisputed` if it is disputed already,
	/// `RentalNotEnded` before its end, `GracePeriodOver` from `end + RentalGracePeriod` on,
	/// `Overflow` if the timeout does not fit a block number.
	pub fn do_dispute_rental(who: &T::AccountId, device: T::AccountId) -> DispatchResult {
		let mut rental = Rentals::<T>::get(&device).ok_or(Error::<T>::NotRented)?;
		ensure!(rental.owner == *who, Error::<T>::NotRentalOwner);
		ensure!(rental.disputed_until.is_none(), Error::<T>::RentalDisputed);
		let now = Self::current_block_number();
		ensure!(now >= rental.end, Error::<T>::RentalNotEnded);
		ensure!(now < Self::settleable_from(&rental), Error::<T>::GracePeriodOver);
		let timeout_at = now.checked_add(&T::DisputeTimeout::get()).ok_or(Error::<T>::Overflow)?;
		rental.disputed_until = Some(timeout_at);
		let (owner, renter) = (rental.owner.clone(), rental.renter.clone());
		Rentals::<T>::insert(&device, rental);
		Self::deposit_event(Event::RentalDisputed { device, owner, renter, timeout_at });
		Ok(())
	}

	/// Ends a disputed rental: the owner is paid the rent still held and `to_owner` of the
	/// security deposit, the renter gets the rest; `arbiter` is the signer who claims to be
	/// its arbiter, `None` for governance.
	///
	/// # Errors
	///
	/// `NotRented`, `NotArbiter` if `arbiter` is not the rental's, `RentalNotDisputed`,
	/// `SplitExceedsDeposit` if `to_owner` is above the security deposit, or the currency's
	/// error if the owner cannot receive its share.
	pub fn do_resolve_rental(
		arbiter: Option<&T::AccountId>,
		device: T::AccountId,
		to_owner: BalanceOf<T>,
	) -> DispatchResult {
		let rental = Rentals::<T>::get(&device).ok_or(Error::<T>::NotRented)?;
		if let Some(arbiter) = arbiter {
			ensure!(rental.arbiter.as_ref() == Some(arbiter), Error::<T>::NotArbiter);
		}
		ensure!(rental.disputed_until.is_some(), Error::<T>::RentalNotDisputed);
		ensure!(to_owner <= rental.security_deposit, Error::<T>::SplitExceedsDeposit);
		let rent_paid = Self::end_rental_record(&device, &rental, to_owner)?;
		Self::deposit_event(Event::RentalResolved {
			device,
			renter: rental.renter,
			owner: rental.owner,
			rent_paid,
			to_owner,
			to_renter: rental.security_deposit.saturating_sub(to_owner),
			arbiter: arbiter.cloned(),
		});
		Ok(())
	}

	/// `price_per_block * blocks`.
	///
	/// # Errors
	///
	/// `Overflow` if it does not fit the balance type.
	pub(crate) fn rent_for(
		price_per_block: BalanceOf<T>,
		blocks: BlockNumberFor<T>,
	) -> Result<BalanceOf<T>, DispatchError> {
		let blocks: u128 = blocks.unique_saturated_into();
		let blocks = BalanceOf::<T>::try_from(blocks).map_err(|_| Error::<T>::Overflow)?;
		price_per_block.checked_mul(&blocks).ok_or_else(|| Error::<T>::Overflow.into())
	}

	/// The first block at which anyone may settle the rental: `end + RentalGracePeriod`, or
	/// the dispute's timeout once disputed.
	pub(crate) fn settleable_from(rental: &RentalOf<T>) -> BlockNumberFor<T> {
		rental
			.disputed_until
			.unwrap_or_else(|| rental.end.saturating_add(T::RentalGracePeriod::get()))
	}

	/// Pays the owner the rent still held plus `to_owner` of the security deposit, releases
	/// the rest of it to the renter, and removes the rental. Returns the rent paid.
	fn end_rental_record(
		device: &T::AccountId,
		rental: &RentalOf<T>,
		to_owner: BalanceOf<T>,
	) -> Result<BalanceOf<T>, DispatchError> {
		let to_renter = rental.security_deposit.saturating_sub(to_owner);
		with_storage_layer(|| {
			Self::pay_from_hold(
				HoldReason::Rental,
				&rental.renter,
				&rental.owner,
				rental.rent_held.saturating_add(to_owner),
			)?;
			Self::release_funds(HoldReason::Rental, &rental.renter, to_renter)
		})?;
		Rentals::<T>::remove(device);
		Ok(rental.rent_held)
	}
}
