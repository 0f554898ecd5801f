//! Readings and settlement: the neighbourhood's interval 1, cleared at 16 per watt-hour for
//! 1,800 Wh (P1 sold 1,000, P2 800; C1 bought 1,200, C2 600), settled against its meters.

use super::*;
use crate::{History, HoldReason, Intervals, Markets, Metered, Readings, SettledInterval};
use frame_support::traits::fungible::InspectHold;
use iotchain_primitives::{merkle, MeterReading};
use sp_runtime::AccountId32;

/// When interval 1 ends.
fn end() -> u64 {
	in_interval(2, 0)
}

/// When its readings stop counting.
fn deadline() -> u64 {
	end() + REPORT_GRACE
}

fn held(reason: HoldReason, who: &AccountId32) -> Balance {
	Balances::balance_on_hold(&RuntimeHoldReason::Energy(reason), who)
}

/// Interval 1 traded and cleared, now just after it ended.
fn cleared() -> u32 {
	let market = trade_interval_1();
	go_to(2, in_interval(1, 0));
	assert_ok!(Energy::clear_interval(RuntimeOrigin::signed(STRANGER), market, 1));
	go_to(3, end() + 5_000);
	market
}

/// Each `(owner, exported, imported)` meter's reading of interval 1, taken just after it
/// ended, anchored now in one aggregate and proven.
fn report(market: u32, readings: &[(AccountId32, u64, u64)]) {
	let signed = readings
		.iter()
		.map(|(owner, exported, imported)| {
			reading(owner, market, 1, *exported, *imported, end() + 1_000)
		})
		.collect();
	for proof in aggregate(7, signed) {
		assert_ok!(Energy::report_reading(
			RuntimeOrigin::signed(STRANGER),
			market,
			1,
			Box::new(proof)
		));
	}
}

fn settle(market: u32) -> frame_support::dispatch::DispatchResultWithPostInfo {
	Energy::settle_interval(RuntimeOrigin::signed(STRANGER), market, 1)
}

#[test]
fn a_proven_reading_is_recorded_once() {
	run(|| {
		let market = cleared();
		report(market, &[(P1, 1_000, 3)]);
		System::assert_last_event(
			Event::ReadingReported {
				market,
				interval: 1,
				meter: meter(&P1),
				exported_wh: 1_000,
				imported_wh: 3,
			}
			.into(),
		);
		assert_eq!(
			Readings::<Test>::get((market, 1), meter(&P1)),
			Some(Metered { exported_wh: 1_000, imported_wh: 3 })
		);
		// A second reading of the same meter, even a different one, does not replace the first.
		let again = aggregate(8, vec![reading(&P1, market, 1, 2_000, 0, end() + 2_000)]).remove(0);
		assert_noop!(
			Energy::report_reading(RuntimeOrigin::signed(STRANGER), market, 1, Box::new(again)),
			Error::<Test>::AlreadyReported
		);
	});
}

#[test]
fn a_reading_is_refused_outside_its_window_or_without_a_position() {
	run(|| {
		let market = trade_interval_1();
		let proof = |owner: &AccountId32, seq| {
			aggregate(seq, vec![reading(owner, market, 1, 100, 0, end() + 1_000)]).remove(0)
		};
		let report = |proof| {
			Energy::report_reading(RuntimeOrigin::signed(STRANGER), market, 1, Box::new(proof))
		};
		go_to(2, end() + 1_000);
		let p1 = proof(&P1, 1);
		assert_noop!(report(p1.clone()), Error::<Test>::NotCleared);
		assert_noop!(
			Energy::report_reading(RuntimeOrigin::signed(STRANGER), 8, 1, Box::new(p1.clone())),
			Error::<Test>::UnknownMarket
		);
		assert_noop!(
			Energy::report_reading(
				RuntimeOrigin::signed(STRANGER),
				market,
				3,
				Box::new(p1.clone())
			),
			Error::<Test>::UnknownInterval
		);
		go_to(3, in_interval(1, 0));
		assert_ok!(Energy::clear_interval(RuntimeOrigin::signed(STRANGER), market, 1));
		assert_noop!(report(p1), Error::<Test>::IntervalNotEnded);
		go_to(4, end() + 2_000);
		// P3's ask was not matched: its meter has nothing to settle.
		let p3 = proof(&P3, 5);
		assert_noop!(report(p3), Error::<Test>::NoPosition);
		let late = proof(&P1, 6);
		go_to(5, deadline());
		assert_noop!(report(late), Error::<Test>::ReportWindowClosed);
	});
}

#[test]
fn a_reading_must_be_the_meters_signed_report_of_this_interval() {
	run(|| {
		let market = cleared();
		let report = |proof| {
			Energy::report_reading(RuntimeOrigin::signed(STRANGER), market, 1, Box::new(proof))
		};
		let at = end() + 1_000;
		// The payload is not the one signed.
		let mut proof = aggregate(1, vec![reading(&P1, market, 1, 1_000, 0, at)]).remove(0);
		proof.payload = MeterReading { market, interval: 1, exported_wh: 9_000, imported_wh: 0 }
			.payload()
			.try_into()
			.expect("fits");
		assert_noop!(report(proof), Error::<Test>::PayloadMismatch);
		// A payload that is no meter reading, signed as such.
		let (mut envelope, _) = reading(&P1, market, 1, 0, 0, at);
		let text = br#"{"wh":1000}"#.to_vec();
		envelope.payload_digest = merkle::reading_leaf(&text);
		envelope.signature = meter_key(&P1)
			.sign(&envelope.signed_bytes(&iotchain_primitives::chain::genesis_hash::<Test>()));
		let proof = aggregate(2, vec![(envelope, text)]).remove(0);
		assert_noop!(report(proof), Error::<Test>::MalformedReading);
		// Another interval's or another market's reading.
		let proof = aggregate(3, vec![reading(&P1, market, 2, 1_000, 0, at)]).remove(0);
		assert_noop!(report(proof), Error::<Test>::WrongInterval);
		let proof = aggregate(4, vec![reading(&P1, market + 1, 1, 1_000, 0, at)]).remove(0);
		assert_noop!(report(proof), Error::<Test>::WrongInterval);
		// More than the connection carries.
		let proof = aggregate(5, vec![reading(&P1, market, 1, CAPACITY + 1, 0, at)]).remove(0);
		assert_noop!(report(proof), Error::<Test>::ImplausibleReading);
		// Taken before the interval ended.
		let proof = aggregate(6, vec![reading(&P1, market, 1, 1_000, 0, end() - 1)]).remove(0);
		assert_noop!(report(proof), Error::<Test>::ReadingTooEarly);
		// Signed by another meter's key.
		let (mut forged, payload) = reading(&P1, market, 1, 1_000, 0, at);
		forged.signature = meter_key(&P2)
			.sign(&forged.signed_bytes(&iotchain_primitives::chain::genesis_hash::<Test>()));
		let proof = aggregate(7, vec![(forged, payload)]).remove(0);
		assert_noop!(report(proof), Error::<Test>::InvalidSignature);
	});
}

#[test]
fn a_reading_must_be_anchored_under_an_aggregate_after_it_was_taken_and_in_time() {
	run(|| {
		let market = cleared();
		let report = |proof| {
			Energy::report_reading(RuntimeOrigin::signed(STRANGER), market, 1, Box::new(proof))
		};
		let at = end() + 1_000;
		let mut proof = aggregate(1, vec![reading(&P1, market, 1, 1_000, 0, at)]).remove(0);
		proof.aggregate_seq = 99;
		assert_noop!(report(proof.clone()), Error::<Test>::UnknownAnchor);
		MockAnchors::<Test>::anchor(&GATEWAY, 99, 1, end() + 2_000);
		assert_noop!(report(proof.clone()), Error::<Test>::NotAnAggregate);
		proof.aggregate_seq = 1;
		proof.leaf_index = 1;
		assert_noop!(report(proof), Error::<Test>::InvalidProof);
		// The attack: a reading made up in advance, stamped with a time after the interval and
		// anchored before that time.
		let early =
			aggregate_at(2, vec![reading(&P1, market, 1, 1_000, 0, at + 3_000)], at + 2_000);
		assert_noop!(report(early[0].clone()), Error::<Test>::AnchoredBeforeReading);
		let late = aggregate_at(3, vec![reading(&P1, market, 1, 1_000, 0, at)], deadline());
		assert_noop!(report(late[0].clone()), Error::<Test>::AnchoredTooLate);
	});
}

#[test]
fn every_position_settles_at_the_clearing_price_and_the_grid_balances_the_rest() {
	run(|| {
		let market = cleared();
		let before: Vec<Balance> =
			[P1, P2, P3, C1, C2, GRID].iter().map(Balances::free_balance).collect();
		// P1 delivers what it sold and 500 more; P2 300 short; C1 takes all; C2 200 less.
		report(market, &[(P1, 1_500, 0), (P2, 500, 40), (C1, 0, 1_200), (C2, 0, 400)]);
		assert_ok!(settle(market));
		let events: Vec<_> = System::events()
			.into_iter()
			.map(|r| r.event)
			.filter(|event| matches!(event, RuntimeEvent::Energy(_)))
			.rev()
			.take(5)
			.collect();
		let summary = SettledInterval {
			interval: 1,
			price: 16,
			volume: 1_800,
			delivered: 1_500,
			paid_to_grid: GRID_BUY * 300,
			paid_by_grid: GRID_SELL * (500 + 200),
		};
		assert_eq!(
			events.into_iter().rev().collect::<Vec<_>>(),
			vec![
				RuntimeEvent::Energy(Event::SellerSettled {
					market,
					interval: 1,
					meter: meter(&P1),
					account: P1,
					sold: 1_000,
					delivered: 1_000,
					paid: 16_000,
					shortfall_cost: 0,
					surplus: 500,
					surplus_paid: 5_000,
				}),
				RuntimeEvent::Energy(Event::SellerSettled {
					market,
					interval: 1,
					meter: meter(&P2),
					account: P2,
					sold: 800,
					delivered: 500,
					paid: 8_000,
					shortfall_cost: (GRID_BUY - 16) * 300,
					surplus: 0,
					surplus_paid: 0,
				}),
				RuntimeEvent::Energy(Event::BuyerSettled {
					market,
					interval: 1,
					meter: meter(&C1),
					account: C1,
					bought: 1_200,
					taken: 1_200,
					paid: 19_200,
					unused: 0,
					unused_paid: 0,
				}),
				RuntimeEvent::Energy(Event::BuyerSettled {
					market,
					interval: 1,
					meter: meter(&C2),
					account: C2,
					bought: 600,
					taken: 400,
					paid: 9_600,
					unused: 200,
					unused_paid: 2_000,
				}),
				RuntimeEvent::Energy(Event::IntervalSettled { market, interval: 1, summary }),
			]
		);
		// To the planck: every order's deposit is back, every hold gone.
		let after: Vec<Balance> =
			[P1, P2, P3, C1, C2, GRID].iter().map(Balances::free_balance).collect();
		let deposit = Energy::order_deposit();
		let changes = [
			16_000 + 5_000 + deposit as i128 + (GRID_BUY - 16) as i128 * 1_000,
			8_000 - 4_200 + deposit as i128 + (GRID_BUY - 16) as i128 * 800,
			deposit as i128,
			-19_200 + deposit as i128 + 19_200,
			-9_600 + 2_000 + deposit as i128 + 9_600,
			16 * 300 + 4_200,
		];
		for ((a, b), change) in after.iter().zip(&before).zip(changes) {
			assert_eq!(*a as i128 - *b as i128, change);
		}
		for who in [P1, P2, P3, C1, C2] {
			assert_eq!(held(HoldReason::Trade, &who) + held(HoldReason::StorageDeposit, &who), 0);
		}
		// The grid paid 7,000 from its float and has no reserve left.
		let state = Markets::<Test>::get(market).expect("stored");
		assert_eq!((state.float, state.reserved, state.open_intervals), (FLOAT - 7_000, 0, 0));
		assert_eq!(held(HoldReason::GridFloat, &GRID), FLOAT - 7_000);
		assert!(Intervals::<Test>::get(market, 1).is_none());
		assert_eq!(Readings::<Test>::iter_prefix((market, 1)).count(), 0);
		assert_eq!(History::<Test>::get(market).into_inner(), vec![summary]);
		// Nothing is paid twice.
		assert_noop!(settle(market), Error::<Test>::UnknownInterval);
	});
}

#[test]
fn a_meter_that_reports_nothing_measured_nothing_once_the_grace_has_passed() {
	run(|| {
		let market = cleared();
		report(market, &[(P1, 1_000, 0), (C1, 0, 1_200), (C2, 0, 600)]);
		assert_noop!(settle(market), Error::<Test>::NotSettleable);
		go_to(4, deadline());
		let p2 = Balances::free_balance(P2);
		let grid = Balances::free_balance(GRID);
		assert_ok!(settle(market));
		// P2 delivered nothing: its whole collateral pays the grid, which also gets the buyers'
		// 16 for each of the 800 Wh it supplied in P2's place.
		assert_eq!(Balances::free_balance(P2), p2 + Energy::order_deposit());
		assert_eq!(Balances::free_balance(GRID), grid + (GRID_BUY - 16) * 800 + 16 * 800);
		let summary = History::<Test>::get(market)[0];
		assert_eq!(
			(summary.delivered, summary.paid_to_grid, summary.paid_by_grid),
			(1_000, GRID_BUY * 800, 0)
		);
	});
}

#[test]
fn settling_clears_first_and_waits_for_the_interval_to_end() {
	run(|| {
		let market = trade_interval_1();
		assert_noop!(settle(market), Error::<Test>::IntervalNotStarted);
		go_to(2, in_interval(1, 10));
		assert_noop!(settle(market), Error::<Test>::IntervalNotEnded);
		go_to(3, deadline());
		// Nobody cleared or reported: settlement clears, then every seller fell short.
		assert_ok!(settle(market));
		let summary = History::<Test>::get(market)[0];
		assert_eq!((summary.price, summary.volume, summary.delivered), (16, 1_800, 0));
		assert_noop!(
			Energy::settle_interval(RuntimeOrigin::signed(STRANGER), 6, 1),
			Error::<Test>::UnknownMarket
		);
	});
}

#[test]
fn an_interval_without_a_match_settles_as_soon_as_it_is_cleared() {
	run(|| {
		let market = market_with_members();
		order(market, 1, &P1, Side::Sell, 100, 25);
		order(market, 1, &C1, Side::Buy, 100, 12);
		go_to(2, in_interval(1, 0));
		assert_ok!(settle(market));
		System::assert_last_event(
			Event::IntervalSettled {
				market,
				interval: 1,
				summary: SettledInterval {
					interval: 1,
					price: 0,
					volume: 0,
					delivered: 0,
					paid_to_grid: 0,
					paid_by_grid: 0,
				},
			}
			.into(),
		);
		for who in [P1, C1] {
			assert_eq!(Balances::free_balance(&who), INITIAL_BALANCE);
		}
	});
}

#[test]
fn the_history_keeps_the_latest_intervals() {
	run(|| {
		let market = market_with_members();
		for interval in 1..=3 {
			order(market, interval, &P1, Side::Sell, 100, 25);
		}
		go_to(2, in_interval(3, 0));
		for interval in 1..=3 {
			assert_ok!(Energy::settle_interval(RuntimeOrigin::signed(STRANGER), market, interval));
		}
		let kept: Vec<u32> = History::<Test>::get(market).iter().map(|s| s.interval).collect();
		assert_eq!(kept, vec![2, 3]);
	});
}
