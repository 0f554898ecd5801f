//! Listings: a device's stream put on sale, and withdrawn.

use frame_support::{
	ensure,
	traits::{fungible::Inspect, Get},
};
use iotchain_primitives::{DeviceLookup, DeviceStatus};
use sp_runtime::{traits::Zero, DispatchResult};

use crate::{
	BalanceOf, Config, Error, Event, HoldReason, Listing, ListingId, ListingOfDevice, Listings,
	NextListingId, Pallet, StreamTerms,
};

impl<T: Config> Pallet<T> {
	/// `who`, the device's owner or one of its operators, lists `device`'s stream on `terms`,
	/// holding the listing's storage deposit. Period 0 starts now.
	///
	/// # Errors
	///
	/// - `UnknownDevice` for no (or a revoked) device, `DeviceNotActive` for a suspended one;
	/// - `NotDeviceOperator` unless `who` may act for the device; `AlreadyListed`;
	/// - `InvalidPeriod`, `InvalidPromise`, `InvalidSubscriberLimit`, `PriceTooLow` for terms
	///   outside the runtime's bounds;
	/// - `Overflow` when the listing ids run out; `InsufficientBalance` for the deposit.
	pub fn do_list_stream(
		who: &T::AccountId,
		device: T::AccountId,
		terms: StreamTerms<BalanceOf<T>>,
	) -> Result<ListingId, sp_runtime::DispatchError> {
		match T::Devices::status(&device) {
			None | Some(DeviceStatus::Revoked) => return Err(Error::<T>::UnknownDevice.into()),
			Some(DeviceStatus::Suspended) => return Err(Error::<T>::DeviceNotActive.into()),
			Some(DeviceStatus::Active) => {}
		}
		ensure!(T::Devices::can_act_for(who, &device), Error::<T>::NotDeviceOperator);
		ensure!(!ListingOfDevice::<T>::contains_key(&device), Error::<T>::AlreadyListed);
		ensure!(
			(T::MinPeriod::get()..=T::MaxPeriod::get()).contains(&terms.period_ms),
			Error::<T>::InvalidPeriod
		);
		ensure!(
			(1..=T::MaxPromisedReadings::get()).contains(&terms.min_readings),
			Error::<T>::InvalidPromise
		);
		ensure!(
			(1..=T::MaxSubscribers::get()).contains(&terms.max_subscribers),
			Error::<T>::InvalidSubscriberLimit
		);
		ensure!(
			terms.price_per_period >= T::Currency::minimum_balance()
				&& !terms.price_per_period.is_zero(),
			Error::<T>::PriceTooLow
		);
		let id = NextListingId::<T>::get();
		let next = id.checked_add(1).ok_or(Error::<T>::Overflow)?;
		let deposit = Self::listing_deposit();
		Self::hold_funds(HoldReason::StorageDeposit, who, deposit)?;

		let start = Self::now();
		NextListingId::<T>::put(next);
		ListingOfDevice::<T>::insert(&device, id);
		Listings::<T>::insert(
			id,
			Listing {
				device: device.clone(),
				seller: who.clone(),
				terms,
				start,
				subscribers: 0,
				delisted: false,
				deposit,
			},
		);
		Self::deposit_event(Event::StreamListed {
			listing: id,
			device,
			seller: who.clone(),
			terms,
			start,
			deposit,
		});
		Ok(id)
	}

	/// Withdraws `listing` from sale; it goes, with its deposit, once no grant is left.
	///
	/// # Errors
	///
	/// `UnknownListing`; `NotSeller` unless `who` is the seller or may act for the device now;
	/// `ListingClosed` if it was delisted already.
	pub fn do_delist_stream(who: &T::AccountId, listing_id: ListingId) -> DispatchResult {
		let mut listing = Listings::<T>::get(listing_id).ok_or(Error::<T>::UnknownListing)?;
		ensure!(
			listing.seller == *who || T::Devices::can_act_for(who, &listing.device),
			Error::<T>::NotSeller
		);
		ensure!(!listing.delisted, Error::<T>::ListingClosed);
		listing.delisted = true;
		ListingOfDevice::<T>::remove(&listing.device);
		Self::deposit_event(Event::StreamDelisted {
			listing: listing_id,
			device: listing.device.clone(),
		});
		Self::keep_or_remove_listing(listing_id, listing)
	}

	/// Stores `listing`, or, delisted with no grant left, removes it and returns its deposit.
	pub(crate) fn keep_or_remove_listing(
		listing_id: ListingId,
		listing: crate::features::ListingOf<T>,
	) -> DispatchResult {
		if listing.delisted && listing.subscribers == 0 {
			Self::release_funds(HoldReason::StorageDeposit, &listing.seller, listing.deposit)?;
			Listings::<T>::remove(listing_id);
			Self::deposit_event(Event::ListingRemoved {
				listing: listing_id,
				seller: listing.seller,
			});
		} else {
			Listings::<T>::insert(listing_id, listing);
		}
		Ok(())
	}
}
