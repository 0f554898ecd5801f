//! Listing a stream, and withdrawing it.

use frame_support::{assert_noop, assert_ok};
use iotchain_primitives::DeviceStatus;

use super::*;
use crate::{Error, Event, Listing, ListingOfDevice, Listings, NextListingId};

#[test]
fn the_owner_lists_a_stream_holding_its_deposit_from_period_zero_now() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Market::list_stream(RuntimeOrigin::signed(SELLER), device(), terms()));
		let deposit = Market::listing_deposit();
		assert!(deposit > DEPOSIT_BASE);
		assert_eq!(
			Listings::<Test>::get(0),
			Some(Listing {
				device: device(),
				seller: SELLER,
				terms: terms(),
				start: START,
				subscribers: 0,
				delisted: false,
				deposit,
			})
		);
		assert_eq!(ListingOfDevice::<Test>::get(device()), Some(0));
		assert_eq!(NextListingId::<Test>::get(), 1);
		assert_eq!(held(HoldReason::StorageDeposit, &SELLER), deposit);
		assert_eq!(free(&SELLER), INITIAL_BALANCE - deposit);
		System::assert_last_event(
			Event::StreamListed {
				listing: 0,
				device: device(),
				seller: SELLER,
				terms: terms(),
				start: START,
				deposit,
			}
			.into(),
		);
		let view = Market::listing(0).unwrap();
		assert_eq!(view.current_period, Some(0));
		set_time(in_period(3, 1));
		assert_eq!(Market::listing(0).unwrap().current_period, Some(3));
	});
}

#[test]
fn an_operator_lists_and_is_the_seller() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Market::list_stream(RuntimeOrigin::signed(OPERATOR), device(), terms()));
		assert_eq!(Listings::<Test>::get(0).unwrap().seller, OPERATOR);
		assert_eq!(held(HoldReason::StorageDeposit, &OPERATOR), Market::listing_deposit());
	});
}

#[test]
fn only_an_active_device_of_the_caller_is_listed() {
	ExtBuilder::default().build_and_execute(|| {
		let list = |who, device| Market::list_stream(RuntimeOrigin::signed(who), device, terms());
		assert_noop!(list(SELLER, STRANGER), Error::<Test>::UnknownDevice);
		assert_noop!(list(STRANGER, device()), Error::<Test>::NotDeviceOperator);
		assert_noop!(list(BUYER, device()), Error::<Test>::NotDeviceOperator);
		MockDevices::set_status(&device(), DeviceStatus::Suspended);
		assert_noop!(list(SELLER, device()), Error::<Test>::DeviceNotActive);
		MockDevices::set_status(&device(), DeviceStatus::Revoked);
		assert_noop!(list(SELLER, device()), Error::<Test>::UnknownDevice);
	});
}

#[test]
fn a_device_has_one_listing_on_offer() {
	ExtBuilder::default().build_and_execute(|| {
		list();
		assert_noop!(
			Market::list_stream(RuntimeOrigin::signed(OPERATOR), device(), terms()),
			Error::<Test>::AlreadyListed
		);
	});
}

#[test]
fn terms_outside_the_bounds_are_refused() {
	ExtBuilder::default().build_and_execute(|| {
		let with = |change: fn(&mut crate::StreamTerms<Balance>)| {
			let mut terms = terms();
			change(&mut terms);
			Market::list_stream(RuntimeOrigin::signed(SELLER), device(), terms)
		};
		assert_noop!(with(|t| t.period_ms = MIN_PERIOD - 1), Error::<Test>::InvalidPeriod);
		assert_noop!(with(|t| t.period_ms = MAX_PERIOD + 1), Error::<Test>::InvalidPeriod);
		assert_noop!(with(|t| t.period_ms = 0), Error::<Test>::InvalidPeriod);
		assert_noop!(with(|t| t.min_readings = 0), Error::<Test>::InvalidPromise);
		assert_noop!(with(|t| t.min_readings = MAX_PROMISED + 1), Error::<Test>::InvalidPromise);
		assert_noop!(with(|t| t.max_subscribers = 0), Error::<Test>::InvalidSubscriberLimit);
		assert_noop!(
			with(|t| t.max_subscribers = MAX_SUBSCRIBERS + 1),
			Error::<Test>::InvalidSubscriberLimit
		);
		assert_noop!(with(|t| t.price_per_period = 0), Error::<Test>::PriceTooLow);
		assert_noop!(
			with(|t| t.price_per_period = EXISTENTIAL_DEPOSIT - 1),
			Error::<Test>::PriceTooLow
		);
		// The bounds themselves are fine.
		assert_ok!(with(|t| {
			t.period_ms = MIN_PERIOD;
			t.min_readings = MAX_PROMISED;
			t.max_subscribers = MAX_SUBSCRIBERS;
			t.price_per_period = EXISTENTIAL_DEPOSIT;
		}));
	});
}

#[test]
fn a_seller_who_cannot_hold_the_deposit_lists_nothing() {
	ExtBuilder::default().build_and_execute(|| {
		MockDevices::set_owner(&device(), &NOBODY);
		assert_noop!(
			Market::list_stream(RuntimeOrigin::signed(NOBODY), device(), terms()),
			Error::<Test>::InsufficientBalance
		);
	});
}

#[test]
fn listing_ids_never_wrap() {
	ExtBuilder::default().build_and_execute(|| {
		NextListingId::<Test>::put(u64::MAX);
		assert_noop!(
			Market::list_stream(RuntimeOrigin::signed(SELLER), device(), terms()),
			Error::<Test>::Overflow
		);
		NextListingId::<Test>::put(0);
	});
}

#[test]
fn delisting_with_no_buyer_removes_the_listing_and_returns_its_deposit() {
	ExtBuilder::default().build_and_execute(|| {
		list();
		assert_ok!(Market::delist_stream(RuntimeOrigin::signed(SELLER), 0));
		assert_eq!(Listings::<Test>::get(0), None);
		assert_eq!(ListingOfDevice::<Test>::get(device()), None);
		assert_eq!(held(HoldReason::StorageDeposit, &SELLER), 0);
		assert_eq!(free(&SELLER), INITIAL_BALANCE);
		assert_eq!(
			events()[1..],
			[
				Event::StreamDelisted { listing: 0, device: device() },
				Event::ListingRemoved { listing: 0, seller: SELLER },
			]
		);
	});
}

#[test]
fn a_delisted_stream_takes_no_buyer_and_its_grants_run_to_their_end() {
	ExtBuilder::default().build_and_execute(|| {
		list();
		assert_ok!(Market::subscribe(RuntimeOrigin::signed(BUYER), 0, 1));
		// The operator may withdraw what the owner listed.
		assert_ok!(Market::delist_stream(RuntimeOrigin::signed(OPERATOR), 0));
		let listing = Listings::<Test>::get(0).unwrap();
		assert!(listing.delisted);
		assert_eq!(listing.subscribers, 1);
		assert_eq!(ListingOfDevice::<Test>::get(device()), None);
		assert_noop!(
			Market::subscribe(RuntimeOrigin::signed(BUYER_2), 0, 1),
			Error::<Test>::ListingClosed
		);
		assert_noop!(
			Market::delist_stream(RuntimeOrigin::signed(SELLER), 0),
			Error::<Test>::ListingClosed
		);
		assert!(Market::has_access(0, &BUYER, in_period(1, 0), in_period(2, 0)));
		// The device may be listed again meanwhile.
		assert_eq!(list(), 1);
		// The grant's one period ends undelivered: refunded, and the listing goes with it.
		set_time(in_period(2, DELIVERY_GRACE));
		assert_ok!(Market::settle(RuntimeOrigin::signed(STRANGER), 0, BUYER));
		assert_eq!(Listings::<Test>::get(0), None);
		assert_eq!(last_event(), Event::ListingRemoved { listing: 0, seller: SELLER });
		assert_eq!(held(HoldReason::StorageDeposit, &SELLER), Market::listing_deposit());
	});
}

#[test]
fn only_the_seller_or_who_acts_for_the_device_delists() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Market::delist_stream(RuntimeOrigin::signed(SELLER), 0),
			Error::<Test>::UnknownListing
		);
		list();
		assert_noop!(
			Market::delist_stream(RuntimeOrigin::signed(STRANGER), 0),
			Error::<Test>::NotSeller
		);
		assert_noop!(
			Market::delist_stream(RuntimeOrigin::signed(BUYER), 0),
			Error::<Test>::NotSeller
		);
		// A new owner may withdraw what the old one listed.
		MockDevices::set_owner(&device(), &STRANGER);
		assert_ok!(Market::delist_stream(RuntimeOrigin::signed(STRANGER), 0));
	});
}

#[test]
fn deposits_price_the_documented_bytes() {
	ExtBuilder::default().build_and_execute(|| {
		// docs/data-market.md, section 6: a listing and its device index are 325 bytes; a
		// grant and its buyer index 236, and each period's delivery record 86.
		assert_eq!(Market::listing_deposit(), DEPOSIT_BASE + 325 * DEPOSIT_PER_BYTE);
		assert_eq!(
			Market::grant_deposit(2, true),
			DEPOSIT_BASE + (236 + 2 * 86) * DEPOSIT_PER_BYTE
		);
		assert_eq!(Market::grant_deposit(3, false), DEPOSIT_BASE + 3 * 86 * DEPOSIT_PER_BYTE);
		assert_eq!(Market::grant_deposit(0, false), 0);
	});
}
