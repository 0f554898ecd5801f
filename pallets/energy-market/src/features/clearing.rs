//! Clearing: the auction of an interval that has begun.

use alloc::vec::Vec;
use frame_support::ensure;
use sp_runtime::{traits::Saturating, DispatchResult};

use crate::{
	auction, Clearing, Config, Error, Event, HoldReason, IntervalIndex, IntervalOf, Intervals,
	MarketId, MarketOf, Markets, Pallet, Side,
};

impl<T: Config> Pallet<T> {
	/// Runs the auction of `interval` of `market`, cuts each order's hold to what its matched
	/// energy needs and reserves from the grid's float the most the interval can owe for energy
	/// fed in. If the float cannot cover that, the interval is voided: nothing trades and every
	/// order's funds return.
	///
	/// # Errors
	///
	/// `UnknownMarket`, `UnknownInterval`, `AlreadyCleared`, `IntervalNotStarted`.
	pub fn do_clear_interval(market_id: MarketId, interval: IntervalIndex) -> DispatchResult {
		let mut market = Markets::<T>::get(market_id).ok_or(Error::<T>::UnknownMarket)?;
		let mut book =
			Intervals::<T>::get(market_id, interval).ok_or(Error::<T>::UnknownInterval)?;
		ensure!(book.clearing.is_none(), Error::<T>::AlreadyCleared);
		ensure!(Self::now() >= market.interval_start(interval), Error::<T>::IntervalNotStarted);
		Self::clear_book(&mut market, market_id, interval, &mut book)?;
		Markets::<T>::insert(market_id, market);
		Ok(())
	}

	/// Clears `book` (of `interval` of `market_id`, begun and not cleared), updating `market`,
	/// and stores the outcome: the cleared book, or nothing if the interval was voided.
	pub(crate) fn clear_book(
		market: &mut MarketOf<T>,
		market_id: MarketId,
		interval: IntervalIndex,
		book: &mut IntervalOf<T>,
	) -> DispatchResult {
		let outcome = auction::clear(&book.orders);
		// Energy fed in that the grid may have to buy: what buyers bought and do not take, and
		// what sellers feed in beyond what they sold, at most a connection's capacity each.
		// Sold and bought are equal, so that is the capacity of every selling meter.
		let mut sellers: Vec<&T::AccountId> = Vec::new();
		for (order, fill) in book.orders.iter().zip(&outcome.fills) {
			if order.side == Side::Sell && *fill > 0 && !sellers.contains(&&order.meter) {
				sellers.push(&order.meter);
			}
		}
		let selling = u64::try_from(sellers.len()).unwrap_or(u64::MAX);
		let needed = Self::cost(
			market.terms.grid_sell_price,
			market.terms.max_interval_wh.saturating_mul(selling),
		)?;
		if market.float.saturating_sub(market.reserved) < needed {
			for order in &book.orders {
				Self::release(HoldReason::Trade, &order.account, order.held)?;
				Self::release(HoldReason::StorageDeposit, &order.account, order.deposit)?;
			}
			Intervals::<T>::remove(market_id, interval);
			market.open_intervals = market.open_intervals.saturating_sub(1);
			Self::deposit_event(Event::IntervalVoided { market: market_id, interval, needed });
			return Ok(());
		}
		for (order, fill) in book.orders.iter_mut().zip(outcome.fills) {
			let hold = Self::order_hold(market, order.side, fill, outcome.price)?;
			Self::release(HoldReason::Trade, &order.account, order.held.saturating_sub(hold))?;
			order.held = hold;
			order.filled = fill;
		}
		market.reserved = market.reserved.saturating_add(needed);
		book.clearing =
			Some(Clearing { price: outcome.price, volume: outcome.volume, reserved: needed });
		Intervals::<T>::insert(market_id, interval, &*book);
		Self::deposit_event(Event::IntervalCleared {
			market: market_id,
			interval,
			price: outcome.price,
			volume: outcome.volume,
			reserved: needed,
		});
		Ok(())
	}
}
