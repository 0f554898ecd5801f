//! Grants: access bought by the period, and each period settled once it has ended.

use frame_support::{ensure, storage::with_storage_layer, traits::Get};
use iotchain_primitives::DeviceLookup;
use sp_runtime::{
	traits::{CheckedMul, Saturating},
	DispatchError,
};

use super::ListingOf;
use crate::{
	listing_key, BalanceOf, Config, Deliveries, Delivery, Error, Event, Grant, Grants,
	GrantsByBuyer, HoldReason, ListingId, Listings, Pallet, PeriodIndex,
};

/// How a period of a grant is settled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
	/// Delivered: the seller is paid.
	Paid,
	/// Not delivered: the buyer is refunded.
	Refunded,
}

impl<T: Config> Pallet<T> {
	/// `buyer` buys `periods` periods of `listing`, from the next period to begin, or extends
	/// its grant by `periods` from where it ends, holding their price and the deposit of the
	/// state they add. Settles the buyer's ended periods first; returns how many it settled.
	///
	/// # Errors
	///
	/// - `ZeroPeriods`; `UnknownListing`; `ListingClosed` once delisted; `BuyerIsSeller`;
	///   `DeviceNotActive` unless the device is active now;
	/// - `ListingFull` for a new buyer of a full listing; `GrantNotSettled` if the buyer's
	///   grant has ended but cannot be settled yet;
	/// - `TooManyPeriods` beyond `MaxPeriods` unsettled; `Overflow`;
	/// - `InsufficientBalance` if the buyer cannot hold the price and the deposit.
	pub fn do_subscribe(
		buyer: &T::AccountId,
		listing_id: ListingId,
		periods: u32,
	) -> Result<u32, DispatchError> {
		with_storage_layer(|| Self::subscribe_in_layer(buyer, listing_id, periods))
	}

	fn subscribe_in_layer(
		buyer: &T::AccountId,
		listing_id: ListingId,
		periods: u32,
	) -> Result<u32, DispatchError> {
		ensure!(periods > 0, Error::<T>::ZeroPeriods);
		let settled = match Grants::<T>::contains_key(listing_id, buyer) {
			true => Self::do_settle(listing_id, buyer)?,
			false => 0,
		};
		let mut listing = Listings::<T>::get(listing_id).ok_or(Error::<T>::UnknownListing)?;
		ensure!(!listing.delisted, Error::<T>::ListingClosed);
		ensure!(listing.seller != *buyer, Error::<T>::BuyerIsSeller);
		ensure!(T::Devices::is_active(&listing.device), Error::<T>::DeviceNotActive);
		let next = listing
			.period_at(Self::now())
			.and_then(|period| period.checked_add(1))
			.ok_or(Error::<T>::Overflow)?;
		let price = listing.terms.price_per_period;
		let (mut grant, new) = match Grants::<T>::get(listing_id, buyer) {
			Some(grant) => {
				ensure!(grant.until_period >= next, Error::<T>::GrantNotSettled);
				(grant, false)
			}
			None => {
				ensure!(
					listing.subscribers < listing.terms.max_subscribers,
					Error::<T>::ListingFull
				);
				let grant = Grant {
					price_per_period: price,
					from_period: next,
					until_period: next,
					settled_until: next,
					paid_periods: 0,
					refunded_periods: 0,
					deposit: Default::default(),
				};
				(grant, true)
			}
		};
		let from = grant.until_period;
		let until = from.checked_add(periods).ok_or(Error::<T>::Overflow)?;
		ensure!(
			until.saturating_sub(grant.settled_until) <= T::MaxPeriods::get(),
			Error::<T>::TooManyPeriods
		);
		let held = price.checked_mul(&BalanceOf::<T>::from(periods)).ok_or(Error::<T>::Overflow)?;
		let deposit = Self::grant_deposit(periods, new);
		Self::hold_funds(HoldReason::Subscription, buyer, held)?;
		Self::hold_funds(HoldReason::StorageDeposit, buyer, deposit)?;

		for period in from..until {
			let mut delivery = Deliveries::<T>::get(listing_id, period).unwrap_or_default();
			delivery.grants = delivery.grants.saturating_add(1);
			Deliveries::<T>::insert(listing_id, period, delivery);
		}
		grant.until_period = until;
		grant.deposit = grant.deposit.saturating_add(deposit);
		if new {
			listing.subscribers = listing.subscribers.saturating_add(1);
			GrantsByBuyer::<T>::insert(buyer, listing_key(listing_id), ());
			Listings::<T>::insert(listing_id, listing);
		}
		Grants::<T>::insert(listing_id, buyer, grant);
		Self::deposit_event(Event::Subscribed {
			listing: listing_id,
			buyer: buyer.clone(),
			from_period: from,
			until_period: until,
			periods,
			held,
			deposit,
		});
		Ok(settled)
	}

	/// How `period` of a grant on `listing`, with `delivery` proven for it, is settled at
	/// `now`: `None` while it may not be yet (it has not ended, or it is short of its promise
	/// and within `DeliveryGrace`).
	pub(crate) fn outcome(
		listing: &ListingOf<T>,
		period: PeriodIndex,
		delivery: &Delivery,
		now: u64,
	) -> Option<Outcome> {
		let end = listing.period_start(period.saturating_add(1));
		if now < end {
			return None;
		}
		if delivery.readings >= listing.terms.min_readings {
			return Some(Outcome::Paid);
		}
		(now >= end.saturating_add(T::DeliveryGrace::get())).then_some(Outcome::Refunded)
	}

	/// Settles, in order, every period of `buyer`'s grant on `listing` that may be settled
	/// now; ends the grant after its last. Returns how many periods it settled (0 changes
	/// nothing).
	///
	/// # Errors
	///
	/// `UnknownGrant`; the currency's error if a payment fails, which `try_state` rules out.
	pub fn do_settle(listing_id: ListingId, buyer: &T::AccountId) -> Result<u32, DispatchError> {
		with_storage_layer(|| Self::settle_in_layer(listing_id, buyer))
	}

	fn settle_in_layer(listing_id: ListingId, buyer: &T::AccountId) -> Result<u32, DispatchError> {
		let mut grant = Grants::<T>::get(listing_id, buyer).ok_or(Error::<T>::UnknownGrant)?;
		let mut listing = Listings::<T>::get(listing_id).ok_or(Error::<T>::UnknownListing)?;
		let now = Self::now();
		let mut settled = 0u32;
		while grant.settled_until < grant.until_period {
			let period = grant.settled_until;
			let delivery = Deliveries::<T>::get(listing_id, period).unwrap_or_default();
			let Some(outcome) = Self::outcome(&listing, period, &delivery, now) else { break };
			let amount = grant.price_per_period;
			match outcome {
				Outcome::Paid => {
					Self::pay_from_hold(HoldReason::Subscription, buyer, &listing.seller, amount)?;
					grant.paid_periods = grant.paid_periods.saturating_add(1);
					Self::deposit_event(Event::PeriodPaid {
						listing: listing_id,
						buyer: buyer.clone(),
						period,
						seller: listing.seller.clone(),
						amount,
					});
				}
				Outcome::Refunded => {
					Self::release_funds(HoldReason::Subscription, buyer, amount)?;
					grant.refunded_periods = grant.refunded_periods.saturating_add(1);
					Self::deposit_event(Event::PeriodRefunded {
						listing: listing_id,
						buyer: buyer.clone(),
						period,
						amount,
					});
				}
			}
			match delivery.grants.saturating_sub(1) {
				0 => Deliveries::<T>::remove(listing_id, period),
				grants => {
					Deliveries::<T>::insert(listing_id, period, Delivery { grants, ..delivery })
				}
			}
			grant.settled_until = period.saturating_add(1);
			settled = settled.saturating_add(1);
		}
		if settled == 0 {
			return Ok(0);
		}
		if grant.settled_until < grant.until_period {
			Grants::<T>::insert(listing_id, buyer, grant);
			return Ok(settled);
		}
		Self::release_funds(HoldReason::StorageDeposit, buyer, grant.deposit)?;
		Grants::<T>::remove(listing_id, buyer);
		GrantsByBuyer::<T>::remove(buyer, listing_key(listing_id));
		listing.subscribers = listing.subscribers.saturating_sub(1);
		Self::deposit_event(Event::GrantEnded {
			listing: listing_id,
			buyer: buyer.clone(),
			paid_periods: grant.paid_periods,
			refunded_periods: grant.refunded_periods,
		});
		Self::keep_or_remove_listing(listing_id, listing)?;
		Ok(settled)
	}
}
