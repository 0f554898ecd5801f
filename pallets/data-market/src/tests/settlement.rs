//! Settlement: each period paid if delivered, refunded if not, once, by anyone.

use frame_support::{assert_noop, assert_ok, BoundedVec};

use super::*;
use crate::{Deliveries, DeliveryProof, Error, Event, Grants, Listings};

/// The device's own anchors `seqs`, each one reading, at `moment`, proven for `period`.
fn deliver(period: u32, first_seq: u64, moment: u64) {
	let proofs: Vec<_> = (first_seq..first_seq + u64::from(PROMISED))
		.map(|seq| {
			MockAnchors::<Test>::anchor(&device(), seq, 1, moment + seq);
			DeliveryProof::Anchor { seq }
		})
		.collect();
	let proofs: BoundedVec<_, _> = proofs.try_into().unwrap();
	assert_ok!(Market::prove_delivery(RuntimeOrigin::signed(SELLER), 0, period, proofs));
}

#[test]
fn a_device_silent_for_one_period_is_refunded_for_that_period_only() {
	ExtBuilder::default().build_and_execute(|| {
		list();
		let listing_deposit = Market::listing_deposit();
		assert_ok!(Market::subscribe(RuntimeOrigin::signed(BUYER), 0, 3));
		let grant_deposit = Market::grant_deposit(3, true);
		// Period 1 delivered, period 2 silent, period 3 delivered.
		go_to(2, in_period(1, 1_000));
		deliver(1, 0, in_period(1, 1_000));
		go_to(3, in_period(3, 1_000));
		deliver(3, 100, in_period(3, 1_000));
		// Period 1 has ended and met its promise: paid at once. Period 2 waits for its grace.
		assert_ok!(Market::settle(RuntimeOrigin::signed(STRANGER), 0, BUYER));
		assert_eq!(Grants::<Test>::get(0, BUYER).unwrap().settled_until, 2);
		assert_eq!(
			last_event(),
			Event::PeriodPaid {
				listing: 0,
				buyer: BUYER,
				period: 1,
				seller: SELLER,
				amount: PRICE
			}
		);
		assert_noop!(
			Market::settle(RuntimeOrigin::signed(STRANGER), 0, BUYER),
			Error::<Test>::NothingToSettle
		);
		// After period 2's grace and period 3's end, both settle: one refunded, one paid.
		go_to(4, in_period(4, 0));
		assert_ok!(Market::settle(RuntimeOrigin::signed(BUYER), 0, BUYER));
		assert_eq!(
			events()[events().len() - 3..],
			[
				Event::PeriodRefunded { listing: 0, buyer: BUYER, period: 2, amount: PRICE },
				Event::PeriodPaid {
					listing: 0,
					buyer: BUYER,
					period: 3,
					seller: SELLER,
					amount: PRICE
				},
				Event::GrantEnded {
					listing: 0,
					buyer: BUYER,
					paid_periods: 2,
					refunded_periods: 1
				},
			]
		);
		// To the unit: the buyer paid two periods, the seller got them; every hold is back.
		assert_eq!(free(&BUYER), INITIAL_BALANCE - 2 * PRICE);
		assert_eq!(free(&SELLER), INITIAL_BALANCE - listing_deposit + 2 * PRICE);
		assert_eq!(held(HoldReason::Subscription, &BUYER), 0);
		assert_eq!(held(HoldReason::StorageDeposit, &BUYER), 0);
		assert!(grant_deposit > 0);
		assert_eq!(Grants::<Test>::get(0, BUYER), None);
		assert_eq!(Deliveries::<Test>::iter().count(), 0);
		assert_eq!(Listings::<Test>::get(0).unwrap().subscribers, 0);
		// Nothing is settled twice.
		assert_noop!(
			Market::settle(RuntimeOrigin::signed(STRANGER), 0, BUYER),
			Error::<Test>::UnknownGrant
		);
	});
}

#[test]
fn nothing_settles_before_its_period_ends() {
	ExtBuilder::default().build_and_execute(|| {
		list();
		assert_ok!(Market::subscribe(RuntimeOrigin::signed(BUYER), 0, 1));
		go_to(2, in_period(1, 1_000));
		deliver(1, 0, in_period(1, 1_000));
		// Delivered, but the period runs: the buyer may still read it, the seller waits.
		assert_noop!(
			Market::settle(RuntimeOrigin::signed(SELLER), 0, BUYER),
			Error::<Test>::NothingToSettle
		);
		assert_eq!(Market::grant(0, &BUYER).unwrap().settleable, 0);
		go_to(3, in_period(2, 0));
		assert_eq!(Market::grant(0, &BUYER).unwrap().settleable, 1);
		assert_ok!(Market::settle(RuntimeOrigin::signed(SELLER), 0, BUYER));
		assert_eq!(free(&SELLER), INITIAL_BALANCE - Market::listing_deposit() + PRICE);
	});
}

#[test]
fn an_undelivered_period_is_refunded_only_after_its_grace() {
	ExtBuilder::default().build_and_execute(|| {
		list();
		assert_ok!(Market::subscribe(RuntimeOrigin::signed(BUYER), 0, 1));
		go_to(2, in_period(2, DELIVERY_GRACE - 1));
		assert_noop!(
			Market::settle(RuntimeOrigin::signed(BUYER), 0, BUYER),
			Error::<Test>::NothingToSettle
		);
		// Late readings of period 1 still count within the grace, and then it is paid.
		deliver(1, 0, in_period(1, PERIOD - 10));
		assert_ok!(Market::settle(RuntimeOrigin::signed(BUYER), 0, BUYER));
		assert_eq!(free(&BUYER), INITIAL_BALANCE - PRICE);
	});
}

#[test]
fn a_period_short_of_its_promise_is_refunded() {
	ExtBuilder::default().build_and_execute(|| {
		list();
		assert_ok!(Market::subscribe(RuntimeOrigin::signed(BUYER), 0, 1));
		go_to(2, in_period(1, 1_000));
		// One reading short of the promise.
		MockAnchors::<Test>::anchor(&device(), 0, PROMISED - 1, in_period(1, 1_000));
		let proofs: BoundedVec<_, _> = vec![DeliveryProof::Anchor { seq: 0 }].try_into().unwrap();
		assert_ok!(Market::prove_delivery(RuntimeOrigin::signed(SELLER), 0, 1, proofs));
		assert_eq!(Deliveries::<Test>::get(0, 1).unwrap().readings, PROMISED - 1);
		go_to(3, in_period(2, DELIVERY_GRACE));
		assert_ok!(Market::settle(RuntimeOrigin::signed(STRANGER), 0, BUYER));
		assert_eq!(free(&BUYER), INITIAL_BALANCE);
		assert_eq!(free(&SELLER), INITIAL_BALANCE - Market::listing_deposit());
	});
}

#[test]
fn buyers_of_the_same_period_share_its_delivery_and_settle_apart() {
	ExtBuilder::default().build_and_execute(|| {
		list();
		assert_ok!(Market::subscribe(RuntimeOrigin::signed(BUYER), 0, 1));
		assert_ok!(Market::subscribe(RuntimeOrigin::signed(BUYER_2), 0, 2));
		assert_eq!(Deliveries::<Test>::get(0, 1).unwrap().grants, 2);
		go_to(2, in_period(1, 1_000));
		deliver(1, 0, in_period(1, 1_000));
		go_to(3, in_period(2, 0));
		assert_ok!(Market::settle(RuntimeOrigin::signed(STRANGER), 0, BUYER));
		// Period 1's record stays for the other buyer, who has not settled it yet.
		assert_eq!(Deliveries::<Test>::get(0, 1).unwrap().grants, 1);
		assert_ok!(Market::settle(RuntimeOrigin::signed(STRANGER), 0, BUYER_2));
		assert_eq!(Deliveries::<Test>::get(0, 1), None);
		assert_eq!(free(&SELLER), INITIAL_BALANCE - Market::listing_deposit() + 2 * PRICE);
		// Period 2 (only the second buyer's) is silent: refunded after its grace.
		go_to(4, in_period(3, DELIVERY_GRACE));
		assert_ok!(Market::settle(RuntimeOrigin::signed(STRANGER), 0, BUYER_2));
		assert_eq!(free(&BUYER_2), INITIAL_BALANCE - PRICE);
		assert_eq!(free(&BUYER), INITIAL_BALANCE - PRICE);
	});
}

#[test]
fn the_seller_is_paid_even_after_it_delisted_and_the_listing_goes_with_the_last_grant() {
	ExtBuilder::default().build_and_execute(|| {
		list();
		assert_ok!(Market::subscribe(RuntimeOrigin::signed(BUYER), 0, 1));
		assert_ok!(Market::delist_stream(RuntimeOrigin::signed(SELLER), 0));
		go_to(2, in_period(1, 1_000));
		deliver(1, 0, in_period(1, 1_000));
		go_to(3, in_period(2, 0));
		assert_ok!(Market::settle(RuntimeOrigin::signed(STRANGER), 0, BUYER));
		assert_eq!(Listings::<Test>::get(0), None);
		assert_eq!(free(&SELLER), INITIAL_BALANCE + PRICE);
		assert_eq!(held(HoldReason::StorageDeposit, &SELLER), 0);
	});
}

#[test]
fn a_grant_of_no_listing_cannot_be_settled() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Market::settle(RuntimeOrigin::signed(STRANGER), 0, BUYER),
			Error::<Test>::UnknownGrant
		);
		list();
		assert_noop!(
			Market::settle(RuntimeOrigin::signed(STRANGER), 0, BUYER),
			Error::<Test>::UnknownGrant
		);
	});
}

#[test]
fn every_call_needs_a_signed_origin() {
	ExtBuilder::default().build_and_execute(|| {
		use sp_runtime::DispatchError::BadOrigin;
		let none = RuntimeOrigin::none;
		assert_noop!(Market::list_stream(none(), device(), terms()), BadOrigin);
		assert_noop!(Market::delist_stream(none(), 0), BadOrigin);
		assert_noop!(Market::subscribe(none(), 0, 1), BadOrigin);
		let proofs: BoundedVec<_, _> = vec![DeliveryProof::Anchor { seq: 0 }].try_into().unwrap();
		assert_noop!(Market::prove_delivery(none(), 0, 1, proofs), BadOrigin);
		assert_noop!(Market::settle(none(), 0, BUYER), BadOrigin);
	});
}
