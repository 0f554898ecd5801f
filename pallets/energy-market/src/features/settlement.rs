//! Settlement: paying out an interval against what its meters measured.

use alloc::vec::Vec;
use frame_support::{ensure, traits::Get};
use sp_runtime::{
	traits::{Saturating, Zero},
	DispatchError, DispatchResult,
};

use crate::{
	BalanceOf, Clearing, Config, Error, Event, History, HoldReason, IntervalIndex, IntervalOf,
	Intervals, MarketId, MarketOf, Markets, Metered, Pallet, Readings, SettledInterval, Side,
	WattHours,
};

/// A meter's matched energy in an interval: the sum of its orders', all on one side and placed
/// by one account, and its proven reading, if any.
struct Position<AccountId, Balance> {
	meter: AccountId,
	account: AccountId,
	side: Side,
	traded: WattHours,
	held: Balance,
	metered: Option<Metered>,
}

impl<T: Config> Pallet<T> {
	/// Settles `interval` of `market`, clearing it first if it has not been; returns the number
	/// of its orders and whether it was cleared now.
	///
	/// Each seller is paid the clearing price for what it delivered up to what it sold; the
	/// grid is paid its buy tariff for each seller's shortfall, the clearing price of it from
	/// the buyers and the rest from the seller; the grid pays its sell tariff for what sellers
	/// fed in beyond what they sold and for what buyers bought and did not take. A meter with
	/// no reading measured nothing.
	///
	/// # Errors
	///
	/// `UnknownMarket`, `UnknownInterval`, `IntervalNotStarted` (to clear), `IntervalNotEnded`,
	/// `NotSettleable` while a trading meter has not reported and `ReportGrace` has not passed.
	pub fn do_settle_interval(
		market_id: MarketId,
		interval: IntervalIndex,
	) -> Result<(u32, bool), DispatchError> {
		let mut market = Markets::<T>::get(market_id).ok_or(Error::<T>::UnknownMarket)?;
		let mut book =
			Intervals::<T>::get(market_id, interval).ok_or(Error::<T>::UnknownInterval)?;
		let orders = u32::try_from(book.orders.len()).unwrap_or(u32::MAX);
		let now = Self::now();
		let cleared_now = book.clearing.is_none();
		if cleared_now {
			ensure!(now >= market.interval_start(interval), Error::<T>::IntervalNotStarted);
			Self::clear_book(&mut market, market_id, interval, &mut book)?;
		}
		let Some(clearing) = book.clearing else {
			// Voided while clearing: nothing is left to settle.
			Markets::<T>::insert(market_id, market);
			return Ok((orders, cleared_now));
		};
		let positions = Self::positions(market_id, interval, &book);
		let end = market.interval_start(interval.saturating_add(1));
		ensure!(positions.is_empty() || now >= end, Error::<T>::IntervalNotEnded);
		let grace_passed = now >= end.saturating_add(T::ReportGrace::get());
		ensure!(
			grace_passed || positions.iter().all(|p| p.metered.is_some()),
			Error::<T>::NotSettleable
		);
		let summary = Self::pay_positions(&mut market, market_id, interval, &clearing, &positions)?;
		for order in &book.orders {
			Self::release(HoldReason::StorageDeposit, &order.account, order.deposit)?;
		}
		let _ = Readings::<T>::clear_prefix((market_id, interval), orders, None);
		Intervals::<T>::remove(market_id, interval);
		market.open_intervals = market.open_intervals.saturating_sub(1);
		market.reserved = market.reserved.saturating_sub(clearing.reserved);
		Markets::<T>::insert(market_id, market);
		History::<T>::mutate(market_id, |history| {
			if history.is_full() && !history.is_empty() {
				history.remove(0);
			}
			let _ = history.try_push(summary);
		});
		Self::deposit_event(Event::IntervalSettled { market: market_id, interval, summary });
		Ok((orders, cleared_now))
	}

	/// The book's matched positions, one per meter, in the order of each meter's first order,
	/// each with its meter's reading of `interval` read once.
	fn positions(
		market_id: MarketId,
		interval: IntervalIndex,
		book: &IntervalOf<T>,
	) -> Vec<Position<T::AccountId, BalanceOf<T>>> {
		let mut positions: Vec<Position<T::AccountId, BalanceOf<T>>> = Vec::new();
		for order in book.orders.iter().filter(|order| order.filled > 0) {
			match positions.iter_mut().find(|p| p.meter == order.meter) {
				Some(p) => {
					p.traded = p.traded.saturating_add(order.filled);
					p.held = p.held.saturating_add(order.held);
				}
				None => positions.push(Position {
					meter: order.meter.clone(),
					account: order.account.clone(),
					side: order.side,
					traded: order.filled,
					held: order.held,
					metered: Readings::<T>::get((market_id, interval), &order.meter),
				}),
			}
		}
		positions
	}

	/// Pays every position of a cleared interval and returns the interval's summary.
	fn pay_positions(
		market: &mut MarketOf<T>,
		market_id: MarketId,
		interval: IntervalIndex,
		clearing: &Clearing<BalanceOf<T>>,
		positions: &[Position<T::AccountId, BalanceOf<T>>],
	) -> Result<SettledInterval<BalanceOf<T>>, DispatchError> {
		let price = clearing.price;
		let (buy_tariff, sell_tariff) = (market.terms.grid_buy_price, market.terms.grid_sell_price);
		let grid = market.operator.clone();
		// The buyers' payments (sources) go to the sellers for what they delivered and to the
		// grid for what it supplied in their place (sinks); both add up to `price * volume`.
		let mut sources: Vec<(&T::AccountId, BalanceOf<T>)> = Vec::new();
		let mut sinks: Vec<(&T::AccountId, BalanceOf<T>)> = Vec::new();
		let mut shortfall: WattHours = 0;
		let mut delivered_total: WattHours = 0;
		let mut paid_by_grid: BalanceOf<T> = Zero::zero();
		for p in positions {
			let metered = p.metered.unwrap_or_default();
			match p.side {
				Side::Sell => {
					let delivered = p.traded.min(metered.exported_wh);
					let short = p.traded.saturating_sub(delivered);
					let surplus = metered.exported_wh.saturating_sub(delivered);
					let paid = Self::cost(price, delivered)?;
					let shortfall_cost = Self::cost(buy_tariff.saturating_sub(price), short)?;
					let surplus_paid = Self::cost(sell_tariff, surplus)?;
					sinks.push((&p.account, paid));
					Self::pay(HoldReason::Trade, &p.account, &grid, shortfall_cost)?;
					Self::release(
						HoldReason::Trade,
						&p.account,
						p.held.saturating_sub(shortfall_cost),
					)?;
					Self::pay(HoldReason::GridFloat, &grid, &p.account, surplus_paid)?;
					shortfall = shortfall.saturating_add(short);
					delivered_total = delivered_total.saturating_add(delivered);
					paid_by_grid = paid_by_grid.saturating_add(surplus_paid);
					Self::deposit_event(Event::SellerSettled {
						market: market_id,
						interval,
						meter: p.meter.clone(),
						account: p.account.clone(),
						sold: p.traded,
						delivered,
						paid,
						shortfall_cost,
						surplus,
						surplus_paid,
					});
				}
				Side::Buy => {
					let taken = p.traded.min(metered.imported_wh);
					let unused = p.traded.saturating_sub(taken);
					let unused_paid = Self::cost(sell_tariff, unused)?;
					sources.push((&p.account, p.held));
					Self::pay(HoldReason::GridFloat, &grid, &p.account, unused_paid)?;
					paid_by_grid = paid_by_grid.saturating_add(unused_paid);
					Self::deposit_event(Event::BuyerSettled {
						market: market_id,
						interval,
						meter: p.meter.clone(),
						account: p.account.clone(),
						bought: p.traded,
						taken,
						paid: p.held,
						unused,
						unused_paid,
					});
				}
			}
		}
		sinks.push((&grid, Self::cost(price, shortfall)?));
		Self::route(sources, sinks)?;
		market.float = market.float.saturating_sub(paid_by_grid);
		Ok(SettledInterval {
			interval,
			price,
			volume: clearing.volume,
			delivered: delivered_total,
			paid_to_grid: Self::cost(buy_tariff, shortfall)?,
			paid_by_grid,
		})
	}

	/// Pays the sinks from the sources' trade holds, in order, each amount exactly once.
	fn route(
		sources: Vec<(&T::AccountId, BalanceOf<T>)>,
		sinks: Vec<(&T::AccountId, BalanceOf<T>)>,
	) -> DispatchResult {
		let mut sources = sources.into_iter().filter(|(_, amount)| !amount.is_zero());
		let mut source = sources.next();
		for (to, mut owed) in sinks {
			while !owed.is_zero() {
				let Some((from, left)) = source.as_mut() else {
					return Err(Error::<T>::Overflow.into());
				};
				let amount = owed.min(*left);
				Self::pay(HoldReason::Trade, from, to, amount)?;
				owed = owed.saturating_sub(amount);
				*left = left.saturating_sub(amount);
				if left.is_zero() {
					source = sources.next();
				}
			}
		}
		Ok(())
	}
}
