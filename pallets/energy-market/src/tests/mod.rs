//! The pallet's tests: the auction's table, then each call with its events and errors.

// A panic in a test is a failed test.
#![allow(clippy::expect_used, clippy::arithmetic_side_effects, clippy::indexing_slicing)]

mod auction;
mod markets;
mod orders;
mod read;
mod settlement;

pub use crate::mock::*;
pub use crate::{Error, Event, MarketTerms, Side};
pub use frame_support::{assert_noop, assert_ok};

/// The neighbourhood's trade for interval 1: the prosumers ask, the consumers bid. It clears
/// at 16 for 1,800 Wh: P1 sells 1,000, P2 800, P3 nothing; C1 buys 1,200, C2 600.
pub fn trade_interval_1() -> u32 {
	let market = market_with_members();
	order(market, 1, &P1, Side::Sell, 1_000, 12);
	order(market, 1, &P2, Side::Sell, 800, 15);
	order(market, 1, &P3, Side::Sell, 500, 20);
	order(market, 1, &C1, Side::Buy, 1_200, 25);
	order(market, 1, &C2, Side::Buy, 600, 18);
	market
}
