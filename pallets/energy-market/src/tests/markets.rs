//! Markets: opening, members, the grid's float, closing.

use super::*;
use crate::{History, HoldReason, Markets, Members};
use frame_support::traits::fungible::InspectHold;
use iotchain_primitives::{DeviceKind, DeviceStatus};

fn held(reason: HoldReason, who: &sp_runtime::AccountId32) -> Balance {
	Balances::balance_on_hold(&RuntimeHoldReason::Energy(reason), who)
}

#[test]
fn an_operator_opens_a_market_holding_its_float_and_deposit() {
	run(|| {
		assert_ok!(Energy::create_market(RuntimeOrigin::signed(GRID), terms(), FLOAT));
		let deposit = Energy::market_deposit();
		System::assert_last_event(
			Event::MarketCreated {
				market: 0,
				operator: GRID,
				terms: terms(),
				start: START,
				float: FLOAT,
				deposit,
			}
			.into(),
		);
		let market = Markets::<Test>::get(0).expect("the market is stored");
		assert_eq!(
			(market.operator, market.start, market.float, market.deposit),
			(GRID, START, FLOAT, deposit)
		);
		assert_eq!(held(HoldReason::GridFloat, &GRID), FLOAT);
		assert_eq!(held(HoldReason::StorageDeposit, &GRID), deposit);
		assert_eq!(Balances::free_balance(GRID), INITIAL_BALANCE - FLOAT - deposit);
		assert_ok!(Energy::create_market(RuntimeOrigin::signed(GRID), terms(), 0));
		assert!(Markets::<Test>::contains_key(1));
	});
}

#[test]
fn a_market_needs_sound_terms_and_the_funds_to_back_them() {
	run(|| {
		let create =
			|terms, float| Energy::create_market(RuntimeOrigin::signed(GRID), terms, float);
		for interval_ms in [59_999, 86_400_001] {
			assert_noop!(
				create(MarketTerms { interval_ms, ..terms() }, FLOAT),
				Error::<Test>::InvalidInterval
			);
		}
		assert_noop!(
			create(MarketTerms { grid_sell_price: 0, ..terms() }, FLOAT),
			Error::<Test>::InvalidTariffs
		);
		assert_noop!(
			create(MarketTerms { grid_sell_price: GRID_BUY + 1, ..terms() }, FLOAT),
			Error::<Test>::InvalidTariffs
		);
		assert_noop!(
			create(MarketTerms { max_interval_wh: 0, ..terms() }, FLOAT),
			Error::<Test>::InvalidCapacity
		);
		assert_noop!(
			create(
				MarketTerms { grid_buy_price: Balance::MAX, max_interval_wh: 2, ..terms() },
				FLOAT
			),
			Error::<Test>::Overflow
		);
		// A single order's amount fits, but a full book of them would not: no interval of such a
		// market could be sure to settle.
		assert_noop!(
			create(
				MarketTerms { grid_buy_price: Balance::MAX / 4, max_interval_wh: 2, ..terms() },
				FLOAT
			),
			Error::<Test>::Overflow
		);
		assert_noop!(
			Energy::create_market(RuntimeOrigin::signed(NOBODY), terms(), FLOAT),
			Error::<Test>::InsufficientBalance
		);
		assert_noop!(create(terms(), INITIAL_BALANCE), Error::<Test>::InsufficientBalance);
	});
}

#[test]
fn the_operator_admits_and_removes_meters_for_a_deposit_each() {
	run(|| {
		let market = Energy::do_create_market(&GRID, terms(), FLOAT).expect("opens");
		let p1 = meter(&P1);
		assert_ok!(Energy::add_member(RuntimeOrigin::signed(GRID), market, p1.clone()));
		System::assert_last_event(Event::MemberAdded { market, meter: p1.clone() }.into());
		assert!(Members::<Test>::contains_key(market, &p1));
		let deposits = Energy::market_deposit() + Energy::member_deposit();
		assert_eq!(held(HoldReason::StorageDeposit, &GRID), deposits);
		assert_eq!(Markets::<Test>::get(market).expect("stored").members, 1);
		assert_noop!(
			Energy::add_member(RuntimeOrigin::signed(GRID), market, p1.clone()),
			Error::<Test>::AlreadyMember
		);
		assert_ok!(Energy::remove_member(RuntimeOrigin::signed(GRID), market, p1.clone()));
		System::assert_last_event(Event::MemberRemoved { market, meter: p1.clone() }.into());
		assert!(!Members::<Test>::contains_key(market, &p1));
		assert_eq!(held(HoldReason::StorageDeposit, &GRID), Energy::market_deposit());
		assert_noop!(
			Energy::remove_member(RuntimeOrigin::signed(GRID), market, p1),
			Error::<Test>::NotMember
		);
	});
}

#[test]
fn only_the_operator_admits_and_only_active_meters() {
	run(|| {
		let market = Energy::do_create_market(&GRID, terms(), FLOAT).expect("opens");
		let p1 = meter(&P1);
		assert_noop!(
			Energy::add_member(RuntimeOrigin::signed(P1), market, p1.clone()),
			Error::<Test>::NotOperator
		);
		assert_noop!(
			Energy::add_member(RuntimeOrigin::signed(GRID), 7, p1.clone()),
			Error::<Test>::UnknownMarket
		);
		assert_noop!(
			Energy::add_member(RuntimeOrigin::signed(GRID), market, STRANGER),
			Error::<Test>::UnknownDevice
		);
		let sensor = MockDevices::register(TestKey::ed25519(60).public(), &P1);
		MockDevices::set_kind(&sensor, DeviceKind::Sensor);
		assert_noop!(
			Energy::add_member(RuntimeOrigin::signed(GRID), market, sensor),
			Error::<Test>::NotAMeter
		);
		MockDevices::set_status(&p1, DeviceStatus::Suspended);
		assert_noop!(
			Energy::add_member(RuntimeOrigin::signed(GRID), market, p1.clone()),
			Error::<Test>::DeviceNotActive
		);
		MockDevices::set_status(&p1, DeviceStatus::Revoked);
		assert_noop!(
			Energy::add_member(RuntimeOrigin::signed(GRID), market, p1.clone()),
			Error::<Test>::UnknownDevice
		);
		assert_noop!(
			Energy::remove_member(RuntimeOrigin::signed(P1), market, p1),
			Error::<Test>::NotOperator
		);
	});
}

#[test]
fn a_market_admits_at_most_max_members() {
	run(|| {
		let market = market_with_members();
		let extra = |seed| {
			let device = MockDevices::register(TestKey::ed25519(seed).public(), &STRANGER);
			MockDevices::set_kind(&device, DeviceKind::Meter);
			device
		};
		assert_ok!(Energy::add_member(RuntimeOrigin::signed(GRID), market, extra(90)));
		let one_too_many = extra(91);
		assert_noop!(
			Energy::add_member(RuntimeOrigin::signed(GRID), market, one_too_many),
			Error::<Test>::TooManyMembers
		);
	});
}

#[test]
fn the_operator_funds_the_grid_float() {
	run(|| {
		let market = Energy::do_create_market(&GRID, terms(), FLOAT).expect("opens");
		assert_ok!(Energy::fund_grid(RuntimeOrigin::signed(GRID), market, 500));
		System::assert_last_event(
			Event::GridFunded { market, amount: 500, float: FLOAT + 500 }.into(),
		);
		assert_eq!(held(HoldReason::GridFloat, &GRID), FLOAT + 500);
		assert_noop!(
			Energy::fund_grid(RuntimeOrigin::signed(P1), market, 500),
			Error::<Test>::NotOperator
		);
		assert_noop!(
			Energy::fund_grid(RuntimeOrigin::signed(GRID), 9, 500),
			Error::<Test>::UnknownMarket
		);
		assert_noop!(
			Energy::fund_grid(RuntimeOrigin::signed(GRID), market, INITIAL_BALANCE),
			Error::<Test>::InsufficientBalance
		);
	});
}

#[test]
fn a_market_with_nothing_open_closes_and_returns_everything() {
	run(|| {
		let market = market_with_members();
		order(market, 1, &P1, Side::Sell, 100, 12);
		assert_noop!(
			Energy::close_market(RuntimeOrigin::signed(GRID), market),
			Error::<Test>::MarketBusy
		);
		assert_noop!(
			Energy::close_market(RuntimeOrigin::signed(P1), market),
			Error::<Test>::NotOperator
		);
		assert_noop!(
			Energy::close_market(RuntimeOrigin::signed(GRID), 5),
			Error::<Test>::UnknownMarket
		);
		assert_ok!(Energy::cancel_order(RuntimeOrigin::signed(P1), market, 1, 0));
		assert_ok!(Energy::close_market(RuntimeOrigin::signed(GRID), market));
		System::assert_last_event(Event::MarketClosed { market, operator: GRID }.into());
		assert!(!Markets::<Test>::contains_key(market));
		assert_eq!(Members::<Test>::iter_prefix(market).count(), 0);
		assert!(History::<Test>::get(market).is_empty());
		assert_eq!(Balances::free_balance(GRID), INITIAL_BALANCE);
		assert_eq!(held(HoldReason::GridFloat, &GRID) + held(HoldReason::StorageDeposit, &GRID), 0);
	});
}
