//! The auction: a uniform-price double auction over one interval's book.
//!
//! Bids are taken from the highest price down and asks from the lowest up; among equal prices
//! the order placed first goes first. Each step matches as much as the current bid and ask
//! both have left, while the bid's price is at least the ask's. Every matched order then trades
//! at one price: the midpoint of the last bid and the last ask matched, rounded down, which no
//! matched bid is below and no matched ask above. `docs/energy-market.md` (section 3) works
//! examples through.

use alloc::vec::Vec;
use sp_runtime::traits::AtLeast32BitUnsigned;

use crate::{Order, Side, WattHours};

/// The outcome of an auction.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Outcome<Balance> {
	/// The clearing price per watt-hour; zero if nothing matched.
	pub price: Balance,
	/// The energy matched, as much sold as bought.
	pub volume: WattHours,
	/// How much of each order (in book order) was matched.
	pub fills: Vec<WattHours>,
}

/// Clears `orders`, a book in the order its orders were placed.
pub fn clear<AccountId, Balance: AtLeast32BitUnsigned + Copy + Default>(
	orders: &[Order<AccountId, Balance>],
) -> Outcome<Balance> {
	let side = |wanted: Side| -> Vec<usize> {
		(0..orders.len())
			.filter(|&i| orders.get(i).is_some_and(|order| order.side == wanted))
			.collect()
	};
	let price_of = |i: usize| orders.get(i).map(|order| order.price).unwrap_or_default();
	let quantity_of = |i: usize| orders.get(i).map(|order| order.quantity).unwrap_or_default();
	// Stable sorts: among equal prices, the order placed first stays first.
	let mut bids = side(Side::Buy);
	bids.sort_by_key(|bid| core::cmp::Reverse(price_of(*bid)));
	let mut asks = side(Side::Sell);
	asks.sort_by_key(|ask| price_of(*ask));

	let mut fills: Vec<WattHours> = alloc::vec![0; orders.len()];
	let mut volume: WattHours = 0;
	let mut marginal = None;
	let (mut bid_left, mut ask_left) = (0, 0);
	let (mut bids, mut asks) = (bids.into_iter().peekable(), asks.into_iter().peekable());
	while let (Some(&bid), Some(&ask)) = (bids.peek(), asks.peek()) {
		if price_of(bid) < price_of(ask) {
			break;
		}
		if bid_left == 0 {
			bid_left = quantity_of(bid);
		}
		if ask_left == 0 {
			ask_left = quantity_of(ask);
		}
		let matched = bid_left.min(ask_left);
		for (order, left) in [(bid, &mut bid_left), (ask, &mut ask_left)] {
			if let Some(fill) = fills.get_mut(order) {
				*fill = (*fill).saturating_add(matched);
			}
			*left = left.saturating_sub(matched);
		}
		volume = volume.saturating_add(matched);
		marginal = Some((price_of(bid), price_of(ask)));
		if bid_left == 0 {
			bids.next();
		}
		if ask_left == 0 {
			asks.next();
		}
	}
	let price = marginal
		.map(|(bid, ask)| {
			let half_spread = bid.saturating_sub(ask).checked_div(&2u32.into()).unwrap_or_default();
			ask.saturating_add(half_spread)
		})
		.unwrap_or_default();
	Outcome { price, volume, fills }
}
