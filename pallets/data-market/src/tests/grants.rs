//! Subscribing: access bought by the period, held until each period is settled.

use frame_support::{assert_noop, assert_ok};
use iotchain_primitives::DeviceStatus;

use super::*;
use crate::{Deliveries, Delivery, Error, Event, Grant, Grants, GrantsByBuyer, Listings};

#[test]
fn a_buyer_subscribes_from_the_next_period_holding_each_periods_price() {
	ExtBuilder::default().build_and_execute(|| {
		list();
		set_time(in_period(0, 1_000));
		assert_ok!(Market::subscribe(RuntimeOrigin::signed(BUYER), 0, 3));
		let deposit = Market::grant_deposit(3, true);
		assert_eq!(
			Grants::<Test>::get(0, BUYER),
			Some(Grant {
				price_per_period: PRICE,
				from_period: 1,
				until_period: 4,
				settled_until: 1,
				paid_periods: 0,
				refunded_periods: 0,
				deposit,
			})
		);
		assert!(GrantsByBuyer::<Test>::contains_key(BUYER, crate::listing_key(0)));
		for period in 1..4 {
			assert_eq!(
				Deliveries::<Test>::get(0, period),
				Some(Delivery { grants: 1, ..Default::default() })
			);
		}
		assert_eq!(Deliveries::<Test>::get(0, 0), None);
		assert_eq!(Listings::<Test>::get(0).unwrap().subscribers, 1);
		assert_eq!(held(HoldReason::Subscription, &BUYER), 3 * PRICE);
		assert_eq!(held(HoldReason::StorageDeposit, &BUYER), deposit);
		assert_eq!(free(&BUYER), INITIAL_BALANCE - 3 * PRICE - deposit);
		System::assert_last_event(
			Event::Subscribed {
				listing: 0,
				buyer: BUYER,
				from_period: 1,
				until_period: 4,
				periods: 3,
				held: 3 * PRICE,
				deposit,
			}
			.into(),
		);
		let view = Market::grant(0, &BUYER).unwrap();
		assert_eq!((view.access_from, view.access_until), (in_period(1, 0), in_period(4, 0)));
		assert_eq!((view.held, view.settleable, view.device.clone()), (3 * PRICE, 0, device()));
	});
}

#[test]
fn access_covers_exactly_the_granted_time() {
	ExtBuilder::default().build_and_execute(|| {
		list();
		assert_ok!(Market::subscribe(RuntimeOrigin::signed(BUYER), 0, 2));
		let access = |from, until| Market::has_access(0, &BUYER, from, until);
		assert!(access(in_period(1, 0), in_period(3, 0)));
		assert!(access(in_period(1, 5), in_period(1, 6)));
		// Not the period it was bought in, not past its end, not an empty or reversed window.
		assert!(!access(in_period(0, 5), in_period(1, 6)));
		assert!(!access(in_period(2, 5), in_period(3, 1)));
		assert!(!access(in_period(1, 5), in_period(1, 5)));
		assert!(!access(in_period(1, 6), in_period(1, 5)));
		// Not another buyer, not another listing.
		assert!(!Market::has_access(0, &BUYER_2, in_period(1, 0), in_period(2, 0)));
		assert!(!Market::has_access(1, &BUYER, in_period(1, 0), in_period(2, 0)));
	});
}

#[test]
fn a_buyer_who_subscribes_twice_extends_the_grant_from_its_end() {
	ExtBuilder::default().build_and_execute(|| {
		list();
		assert_ok!(Market::subscribe(RuntimeOrigin::signed(BUYER), 0, 2));
		set_time(in_period(1, 10));
		assert_ok!(Market::subscribe(RuntimeOrigin::signed(BUYER), 0, 3));
		let grant = Grants::<Test>::get(0, BUYER).unwrap();
		assert_eq!((grant.from_period, grant.until_period, grant.settled_until), (1, 6, 1));
		let deposit = Market::grant_deposit(2, true) + Market::grant_deposit(3, false);
		assert_eq!(grant.deposit, deposit);
		assert!(Market::grant_deposit(3, false) < Market::grant_deposit(3, true));
		assert_eq!(held(HoldReason::Subscription, &BUYER), 5 * PRICE);
		assert_eq!(held(HoldReason::StorageDeposit, &BUYER), deposit);
		assert_eq!(Listings::<Test>::get(0).unwrap().subscribers, 1);
		assert_eq!(
			last_event(),
			Event::Subscribed {
				listing: 0,
				buyer: BUYER,
				from_period: 3,
				until_period: 6,
				periods: 3,
				held: 3 * PRICE,
				deposit: Market::grant_deposit(3, false),
			}
		);
		assert!(Market::has_access(0, &BUYER, in_period(1, 0), in_period(6, 0)));
		// At most `MaxPeriods` unsettled.
		assert_noop!(
			Market::subscribe(RuntimeOrigin::signed(BUYER), 0, MAX_PERIODS - 4),
			Error::<Test>::TooManyPeriods
		);
		assert_ok!(Market::subscribe(RuntimeOrigin::signed(BUYER), 0, MAX_PERIODS - 5));
	});
}

#[test]
fn an_ended_grant_is_settled_before_a_new_one_starts() {
	ExtBuilder::default().build_and_execute(|| {
		list();
		assert_ok!(Market::subscribe(RuntimeOrigin::signed(BUYER), 0, 1));
		// Period 1 has ended undelivered but is within its grace: not settled, no new grant.
		set_time(in_period(2, 5));
		assert_noop!(
			Market::subscribe(RuntimeOrigin::signed(BUYER), 0, 1),
			Error::<Test>::GrantNotSettled
		);
		// After the grace, subscribing settles it (refunded), then starts afresh.
		set_time(in_period(3, 0));
		assert_ok!(Market::subscribe(RuntimeOrigin::signed(BUYER), 0, 2));
		let grant = Grants::<Test>::get(0, BUYER).unwrap();
		assert_eq!((grant.from_period, grant.until_period, grant.refunded_periods), (4, 6, 0));
		assert!(events().contains(&Event::PeriodRefunded {
			listing: 0,
			buyer: BUYER,
			period: 1,
			amount: PRICE,
		}));
		assert_eq!(held(HoldReason::Subscription, &BUYER), 2 * PRICE);
		assert_eq!(held(HoldReason::StorageDeposit, &BUYER), Market::grant_deposit(2, true));
	});
}

#[test]
fn subscriptions_outside_the_rules_are_refused() {
	ExtBuilder::default().build_and_execute(|| {
		let subscribe =
			|who, listing, periods| Market::subscribe(RuntimeOrigin::signed(who), listing, periods);
		assert_noop!(subscribe(BUYER, 0, 1), Error::<Test>::UnknownListing);
		list();
		assert_noop!(subscribe(BUYER, 0, 0), Error::<Test>::ZeroPeriods);
		assert_noop!(subscribe(SELLER, 0, 1), Error::<Test>::BuyerIsSeller);
		assert_noop!(subscribe(BUYER, 0, MAX_PERIODS + 1), Error::<Test>::TooManyPeriods);
		assert_noop!(subscribe(BUYER, 0, u32::MAX), Error::<Test>::Overflow);
		assert_noop!(subscribe(NOBODY, 0, 1), Error::<Test>::InsufficientBalance);
		MockDevices::set_status(&device(), DeviceStatus::Suspended);
		assert_noop!(subscribe(BUYER, 0, 1), Error::<Test>::DeviceNotActive);
		MockDevices::set_status(&device(), DeviceStatus::Active);
		// The listing takes two buyers.
		assert_ok!(subscribe(BUYER, 0, 1));
		assert_ok!(subscribe(BUYER_2, 0, 1));
		assert_noop!(subscribe(STRANGER, 0, 1), Error::<Test>::ListingFull);
		// A buyer already in extends, full or not.
		assert_ok!(subscribe(BUYER, 0, 1));
	});
}

#[test]
fn a_buyer_who_can_hold_the_price_but_not_the_deposit_buys_nothing() {
	ExtBuilder::default().build_and_execute(|| {
		list();
		let poor = AccountId32::new([8; 32]);
		let deposit = Market::grant_deposit(1, true);
		assert_ok!(<Balances as frame_support::traits::fungible::Mutate<_>>::mint_into(
			&poor,
			PRICE + deposit - 1
		));
		assert_noop!(
			Market::subscribe(RuntimeOrigin::signed(poor.clone()), 0, 1),
			Error::<Test>::InsufficientBalance
		);
		assert_eq!(held(HoldReason::Subscription, &poor), 0);
	});
}

#[test]
fn grants_read_in_pages() {
	ExtBuilder::default().build_and_execute(|| {
		list();
		MockDevices::register(TestKey::ed25519(8).public(), &STRANGER);
		let other =
			Market::do_list_stream(&STRANGER, TestKey::ed25519(8).account(), terms()).unwrap();
		assert_ok!(Market::subscribe(RuntimeOrigin::signed(BUYER), 0, 1));
		assert_ok!(Market::subscribe(RuntimeOrigin::signed(BUYER), other, 2));
		assert_ok!(Market::subscribe(RuntimeOrigin::signed(BUYER_2), 0, 1));

		let first = Market::grants_by_buyer(&BUYER, None, 1);
		assert_eq!(first.items.iter().map(|v| v.listing).collect::<Vec<_>>(), vec![0]);
		assert_eq!(first.next, Some(0));
		let second = Market::grants_by_buyer(&BUYER, first.next, 1);
		assert_eq!(second.items.iter().map(|v| v.listing).collect::<Vec<_>>(), vec![other]);
		assert_eq!(second.next, None);

		let all = Market::grants_by_listing(0, None, 10);
		assert_eq!(all.items.len(), 2);
		assert_eq!(all.next, None);
		let one = Market::grants_by_listing(0, None, 1);
		let rest = Market::grants_by_listing(0, one.next, 1);
		let mut buyers = vec![one.items[0].buyer.clone(), rest.items[0].buyer.clone()];
		buyers.sort();
		assert_eq!(buyers, vec![BUYER, BUYER_2]);
		assert_eq!(rest.next, None);

		let listings = Market::listings(None, 1);
		let more = Market::listings(listings.next, 1);
		let mut ids = vec![listings.items[0].id, more.items[0].id];
		ids.sort();
		assert_eq!(ids, vec![0, other]);
		assert_eq!(more.next, None);
		assert!(Market::listing(7).is_none());
	});
}
