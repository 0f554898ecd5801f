//! Orders and clearing.

use super::*;
use crate::{HoldReason, Intervals, Markets};
use frame_support::traits::fungible::InspectHold;
use iotchain_primitives::DeviceStatus;

fn held(reason: HoldReason, who: &sp_runtime::AccountId32) -> Balance {
	Balances::balance_on_hold(&RuntimeHoldReason::Energy(reason), who)
}

fn place(
	who: &sp_runtime::AccountId32,
	market: u32,
	interval: u32,
	owner: &sp_runtime::AccountId32,
	side: Side,
	wh: u64,
	price: Balance,
) -> frame_support::dispatch::DispatchResult {
	Energy::place_order(
		RuntimeOrigin::signed(who.clone()),
		market,
		interval,
		meter(owner),
		side,
		wh,
		price,
	)
}

#[test]
fn a_bid_holds_its_price_and_an_ask_its_shortfall_collateral() {
	run(|| {
		let market = market_with_members();
		assert_ok!(place(&C1, market, 1, &C1, Side::Buy, 1_200, 25));
		System::assert_last_event(
			Event::OrderPlaced {
				market,
				interval: 1,
				index: 0,
				meter: meter(&C1),
				account: C1,
				side: Side::Buy,
				quantity: 1_200,
				price: 25,
			}
			.into(),
		);
		assert_eq!(held(HoldReason::Trade, &C1), 25 * 1_200);
		assert_eq!(held(HoldReason::StorageDeposit, &C1), Energy::order_deposit());
		assert_ok!(place(&P1, market, 1, &P1, Side::Sell, 1_000, 12));
		assert_eq!(held(HoldReason::Trade, &P1), (GRID_BUY - 12) * 1_000);
		// A second order of the same meter on the same side is a step of its curve.
		assert_ok!(place(&P1, market, 1, &P1, Side::Sell, 500, 20));
		let book = Intervals::<Test>::get(market, 1).expect("the book is stored");
		assert_eq!(book.orders.len(), 3);
		assert_eq!(book.clearing, None);
		assert_eq!(Markets::<Test>::get(market).expect("stored").open_intervals, 1);
		// Orders at the very tariffs are allowed: an ask at the grid's buy tariff holds nothing.
		assert_ok!(place(&P2, market, 1, &P2, Side::Sell, 100, GRID_BUY));
		assert_ok!(place(&C2, market, 1, &C2, Side::Buy, 100, GRID_SELL));
		assert_eq!(held(HoldReason::Trade, &P2), 0);
	});
}

#[test]
fn an_order_is_refused_unless_its_meter_its_interval_and_its_terms_are_in_order() {
	run(|| {
		let market = market_with_members();
		assert_noop!(place(&P1, 9, 1, &P1, Side::Sell, 100, 12), Error::<Test>::UnknownMarket);
		assert_noop!(
			place(&P2, market, 1, &P1, Side::Sell, 100, 12),
			Error::<Test>::NotMeterOperator
		);
		assert_noop!(
			place(&P1, market, 0, &P1, Side::Sell, 100, 12),
			Error::<Test>::IntervalStarted
		);
		assert_noop!(
			place(&P1, market, MAX_AHEAD + 1, &P1, Side::Sell, 100, 12),
			Error::<Test>::IntervalTooFar
		);
		assert_ok!(place(&P1, market, MAX_AHEAD, &P1, Side::Sell, 100, 12));
		for wh in [0, CAPACITY + 1] {
			assert_noop!(
				place(&P1, market, 1, &P1, Side::Sell, wh, 12),
				Error::<Test>::InvalidQuantity
			);
		}
		for price in [GRID_SELL - 1, GRID_BUY + 1] {
			assert_noop!(
				place(&C1, market, 1, &C1, Side::Buy, 100, price),
				Error::<Test>::PriceOutOfRange
			);
		}
		MockDevices::set_status(&meter(&P2), DeviceStatus::Suspended);
		assert_noop!(
			place(&P2, market, 1, &P2, Side::Sell, 100, 12),
			Error::<Test>::DeviceNotActive
		);
		assert_ok!(Energy::remove_member(RuntimeOrigin::signed(GRID), market, meter(&P3)));
		assert_noop!(place(&P3, market, 1, &P3, Side::Sell, 100, 12), Error::<Test>::NotMember);
	});
}

#[test]
fn a_meter_trades_on_one_side_for_one_account_per_interval() {
	run(|| {
		let market = market_with_members();
		assert_ok!(place(&P1, market, 1, &P1, Side::Sell, 100, 12));
		assert_noop!(place(&P1, market, 1, &P1, Side::Buy, 100, 12), Error::<Test>::OppositeSide);
		MockDevices::add_operator(&meter(&P1), &STRANGER);
		assert_noop!(
			place(&STRANGER, market, 1, &P1, Side::Sell, 100, 12),
			Error::<Test>::MeterTradedByAnother
		);
		// In another interval the operator may trade for it.
		assert_ok!(place(&STRANGER, market, 2, &P1, Side::Buy, 100, 12));
	});
}

#[test]
fn books_and_open_intervals_are_bounded() {
	run(|| {
		let market = market_with_members();
		for _ in 0..MAX_ORDERS {
			assert_ok!(place(&P1, market, 1, &P1, Side::Sell, 10, 12));
		}
		assert_noop!(place(&P1, market, 1, &P1, Side::Sell, 10, 12), Error::<Test>::TooManyOrders);
		for interval in 2..=MAX_OPEN {
			assert_ok!(place(&P1, market, interval, &P1, Side::Sell, 10, 12));
		}
		assert_noop!(
			place(&P1, market, MAX_OPEN + 1, &P1, Side::Sell, 10, 12),
			Error::<Test>::TooManyOpenIntervals
		);
	});
}

#[test]
fn an_order_needs_the_funds_it_holds() {
	run(|| {
		let market = market_with_members();
		let poor = TestKey::ed25519(77);
		let device = MockDevices::register(poor.public(), &NOBODY);
		MockDevices::set_kind(&device, iotchain_primitives::DeviceKind::Meter);
		assert_ok!(Energy::add_member(RuntimeOrigin::signed(GRID), market, device.clone()));
		assert_noop!(
			Energy::place_order(
				RuntimeOrigin::signed(NOBODY),
				market,
				1,
				device,
				Side::Buy,
				100,
				20
			),
			Error::<Test>::InsufficientBalance
		);
	});
}

#[test]
fn an_order_is_withdrawn_before_its_interval_begins() {
	run(|| {
		let market = market_with_members();
		order(market, 1, &P1, Side::Sell, 100, 12);
		order(market, 1, &C1, Side::Buy, 100, 20);
		assert_noop!(
			Energy::cancel_order(RuntimeOrigin::signed(C1), market, 1, 0),
			Error::<Test>::NotOrderOwner
		);
		assert_noop!(
			Energy::cancel_order(RuntimeOrigin::signed(P1), market, 1, 2),
			Error::<Test>::UnknownOrder
		);
		assert_noop!(
			Energy::cancel_order(RuntimeOrigin::signed(P1), market, 2, 0),
			Error::<Test>::UnknownInterval
		);
		assert_noop!(
			Energy::cancel_order(RuntimeOrigin::signed(P1), 4, 1, 0),
			Error::<Test>::UnknownMarket
		);
		assert_ok!(Energy::cancel_order(RuntimeOrigin::signed(P1), market, 1, 0));
		System::assert_last_event(Event::OrderCancelled { market, interval: 1, index: 0 }.into());
		assert_eq!(held(HoldReason::Trade, &P1) + held(HoldReason::StorageDeposit, &P1), 0);
		// C1's order moved down to index 0.
		let book = Intervals::<Test>::get(market, 1).expect("one order left");
		assert_eq!(book.orders[0].account, C1);
		go_to(2, in_interval(1, 0));
		assert_noop!(
			Energy::cancel_order(RuntimeOrigin::signed(C1), market, 1, 0),
			Error::<Test>::IntervalStarted
		);
		go_to(3, in_interval(0, 1));
		assert_ok!(Energy::cancel_order(RuntimeOrigin::signed(C1), market, 1, 0));
		assert!(Intervals::<Test>::get(market, 1).is_none());
		assert_eq!(Markets::<Test>::get(market).expect("stored").open_intervals, 0);
	});
}

#[test]
fn clearing_matches_at_one_price_cuts_holds_and_reserves_the_float() {
	run(|| {
		let market = trade_interval_1();
		assert_noop!(
			Energy::clear_interval(RuntimeOrigin::signed(STRANGER), market, 1),
			Error::<Test>::IntervalNotStarted
		);
		go_to(2, in_interval(1, 0));
		assert_ok!(Energy::clear_interval(RuntimeOrigin::signed(STRANGER), market, 1));
		let reserved = GRID_SELL * Balance::from(CAPACITY) * 2;
		System::assert_last_event(
			Event::IntervalCleared { market, interval: 1, price: 16, volume: 1_800, reserved }
				.into(),
		);
		// Each hold is what the matched energy needs at 16; P3's unmatched ask holds nothing.
		assert_eq!(held(HoldReason::Trade, &C1), 16 * 1_200);
		assert_eq!(held(HoldReason::Trade, &C2), 16 * 600);
		assert_eq!(held(HoldReason::Trade, &P1), (GRID_BUY - 16) * 1_000);
		assert_eq!(held(HoldReason::Trade, &P2), (GRID_BUY - 16) * 800);
		assert_eq!(held(HoldReason::Trade, &P3), 0);
		assert_eq!(Markets::<Test>::get(market).expect("stored").reserved, reserved);
		let fills: Vec<u64> = Intervals::<Test>::get(market, 1)
			.expect("kept until settled")
			.orders
			.iter()
			.map(|order| order.filled)
			.collect();
		assert_eq!(fills, vec![1_000, 800, 0, 1_200, 600]);
		assert_noop!(
			Energy::clear_interval(RuntimeOrigin::signed(STRANGER), market, 1),
			Error::<Test>::AlreadyCleared
		);
		assert_noop!(
			Energy::clear_interval(RuntimeOrigin::signed(STRANGER), market, 2),
			Error::<Test>::UnknownInterval
		);
		assert_noop!(
			Energy::clear_interval(RuntimeOrigin::signed(STRANGER), 3, 1),
			Error::<Test>::UnknownMarket
		);
	});
}

#[test]
fn an_interval_the_float_cannot_back_is_voided_and_every_order_returned() {
	run(|| {
		let market = Energy::do_create_market(&GRID, terms(), 1_000).expect("opens");
		for (owner, _) in MEMBERS {
			assert_ok!(Energy::add_member(RuntimeOrigin::signed(GRID), market, meter(&owner)));
		}
		order(market, 1, &P1, Side::Sell, 100, 12);
		order(market, 1, &C1, Side::Buy, 100, 20);
		go_to(2, in_interval(1, 0));
		assert_ok!(Energy::clear_interval(RuntimeOrigin::signed(STRANGER), market, 1));
		System::assert_last_event(
			Event::IntervalVoided {
				market,
				interval: 1,
				needed: GRID_SELL * Balance::from(CAPACITY),
			}
			.into(),
		);
		assert!(Intervals::<Test>::get(market, 1).is_none());
		for who in [P1, C1] {
			assert_eq!(Balances::free_balance(&who), INITIAL_BALANCE);
		}
	});
}
