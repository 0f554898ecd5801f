//! Reads for clients: the runtime API serves exactly these.

use alloc::vec::Vec;
use frame_support::traits::Get;
use iotchain_primitives::Page;

use crate::{
	BalanceOf, Config, History, IntervalIndex, IntervalView, IntervalViewOf, Intervals, MarketId,
	MarketView, MarketViewOf, Markets, Members, MeterView, Pallet, Readings, SettledInterval,
	MAX_PAGE,
};

impl<T: Config> Pallet<T> {
	/// Market `id`, with the interval running now.
	pub fn market(id: MarketId) -> Option<MarketViewOf<T>> {
		let market = Markets::<T>::get(id)?;
		Some(MarketView { id, current_interval: market.interval_at(Self::now()), market })
	}

	/// One page of the markets, in storage order (by the `twox64` hash of their ids): at most
	/// `limit` (never more than [`MAX_PAGE`]) after market `cursor` (`None` for the first page).
	pub fn markets(cursor: Option<MarketId>, limit: u32) -> Page<MarketViewOf<T>, MarketId> {
		let ids = match cursor {
			Some(cursor) => Markets::<T>::iter_keys_from(Markets::<T>::hashed_key_for(cursor)),
			None => Markets::<T>::iter_keys(),
		};
		Page::after(ids.filter_map(Self::market), limit.min(MAX_PAGE), |view| view.id)
	}

	/// One page of `market`'s meters, in storage order: at most `limit` (never more than
	/// [`MAX_PAGE`]) after meter `cursor`.
	pub fn members(
		market: MarketId,
		cursor: Option<T::AccountId>,
		limit: u32,
	) -> Page<T::AccountId, T::AccountId> {
		let meters = match cursor {
			Some(cursor) => Members::<T>::iter_key_prefix_from(
				market,
				Members::<T>::hashed_key_for(market, cursor),
			),
			None => Members::<T>::iter_key_prefix(market),
		};
		Page::after(meters, limit.min(MAX_PAGE), Clone::clone)
	}

	/// Interval `interval` of `market`, while it has orders not yet settled.
	pub fn interval(market: MarketId, interval: IntervalIndex) -> Option<IntervalViewOf<T>> {
		let record = Markets::<T>::get(market)?;
		let book = Intervals::<T>::get(market, interval)?;
		let end = record.interval_start(interval.saturating_add(1));
		Some(IntervalView {
			market,
			interval,
			start: record.interval_start(interval),
			end,
			report_deadline: end.saturating_add(T::ReportGrace::get()),
			orders: book.orders.into_inner(),
			clearing: book.clearing,
			readings: Readings::<T>::iter_prefix((market, interval))
				.map(|(meter, metered)| MeterView { meter, metered })
				.collect(),
		})
	}

	/// One page of `market`'s intervals not yet settled, in storage order: at most `limit`
	/// (never more than [`MAX_PAGE`]) after interval `cursor`.
	pub fn intervals(
		market: MarketId,
		cursor: Option<IntervalIndex>,
		limit: u32,
	) -> Page<IntervalViewOf<T>, IntervalIndex> {
		let intervals = match cursor {
			Some(cursor) => Intervals::<T>::iter_key_prefix_from(
				market,
				Intervals::<T>::hashed_key_for(market, cursor),
			),
			None => Intervals::<T>::iter_key_prefix(market),
		};
		let views = intervals.filter_map(|interval| Self::interval(market, interval));
		Page::after(views, limit.min(MAX_PAGE), |view| view.interval)
	}

	/// `market`'s most recent settled intervals, oldest first (at most `MaxHistory`).
	pub fn history(market: MarketId) -> Vec<SettledInterval<BalanceOf<T>>> {
		History::<T>::get(market).into_inner()
	}
}
