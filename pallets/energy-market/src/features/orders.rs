//! Orders: bids and asks for an interval that has not begun.

use frame_support::{ensure, traits::Get};
use iotchain_primitives::{DeviceLookup, DeviceStatus};
use sp_runtime::{traits::Saturating, DispatchError, DispatchResult};

use crate::{
	BalanceOf, Config, Error, Event, HoldReason, IntervalIndex, Intervals, MarketId, MarketOf,
	Markets, Members, Order, Pallet, Side, WattHours,
};

impl<T: Config> Pallet<T> {
	/// What an order of `quantity` at `price` holds for its trade in `market`: a bid the price
	/// of its energy, an ask the most a shortfall of it could cost (the grid's buy tariff less
	/// the price, which no clearing price is below).
	pub(crate) fn order_hold(
		market: &MarketOf<T>,
		side: Side,
		quantity: WattHours,
		price: BalanceOf<T>,
	) -> Result<BalanceOf<T>, Error<T>> {
		match side {
			Side::Buy => Self::cost(price, quantity),
			Side::Sell => Self::cost(market.terms.grid_buy_price.saturating_sub(price), quantity),
		}
	}

	/// Places `who`'s order through `meter` in `interval` of `market`, holding its funds and
	/// deposit; returns the order's index.
	///
	/// # Errors
	///
	/// - `UnknownMarket`; `NotMember`; `NotMeterOperator` unless `who` may act for `meter`;
	///   `DeviceNotActive` if it is suspended;
	/// - `IntervalStarted`, `IntervalTooFar`; `InvalidQuantity`, `PriceOutOfRange`;
	/// - `TooManyOpenIntervals`, `TooManyOrders`; `OppositeSide`, `MeterTradedByAnother`;
	/// - `InsufficientBalance`, `Overflow`.
	#[allow(clippy::too_many_arguments, reason = "the order's fields, as the call takes them")]
	pub fn do_place_order(
		who: &T::AccountId,
		market_id: MarketId,
		interval: IntervalIndex,
		meter: T::AccountId,
		side: Side,
		quantity: WattHours,
		price: BalanceOf<T>,
	) -> Result<u32, DispatchError> {
		let mut market = Markets::<T>::get(market_id).ok_or(Error::<T>::UnknownMarket)?;
		ensure!(Members::<T>::contains_key(market_id, &meter), Error::<T>::NotMember);
		ensure!(T::Devices::can_act_for(who, &meter), Error::<T>::NotMeterOperator);
		ensure!(
			T::Devices::status(&meter) == Some(DeviceStatus::Active),
			Error::<T>::DeviceNotActive
		);
		let now = Self::now();
		ensure!(now < market.interval_start(interval), Error::<T>::IntervalStarted);
		let running = market.interval_at(now).unwrap_or_default();
		ensure!(
			interval <= running.saturating_add(T::MaxIntervalsAhead::get()),
			Error::<T>::IntervalTooFar
		);
		ensure!(
			(1..=market.terms.max_interval_wh).contains(&quantity),
			Error::<T>::InvalidQuantity
		);
		ensure!(
			(market.terms.grid_sell_price..=market.terms.grid_buy_price).contains(&price),
			Error::<T>::PriceOutOfRange
		);
		let existing = Intervals::<T>::get(market_id, interval);
		let mut book = match existing {
			Some(book) => book,
			None => {
				ensure!(
					market.open_intervals < T::MaxOpenIntervals::get(),
					Error::<T>::TooManyOpenIntervals
				);
				market.open_intervals = market.open_intervals.saturating_add(1);
				Default::default()
			}
		};
		for order in book.orders.iter().filter(|order| order.meter == meter) {
			ensure!(order.side == side, Error::<T>::OppositeSide);
			ensure!(&order.account == who, Error::<T>::MeterTradedByAnother);
		}
		let held = Self::order_hold(&market, side, quantity, price)?;
		let deposit = Self::order_deposit();
		let index = u32::try_from(book.orders.len()).map_err(|_| Error::<T>::TooManyOrders)?;
		book.orders
			.try_push(Order {
				meter: meter.clone(),
				account: who.clone(),
				side,
				quantity,
				price,
				filled: 0,
				held,
				deposit,
			})
			.map_err(|_| Error::<T>::TooManyOrders)?;
		Self::hold(HoldReason::Trade, who, held)?;
		Self::hold(HoldReason::StorageDeposit, who, deposit)?;
		Intervals::<T>::insert(market_id, interval, book);
		Markets::<T>::insert(market_id, market);
		Self::deposit_event(Event::OrderPlaced {
			market: market_id,
			interval,
			index,
			meter,
			account: who.clone(),
			side,
			quantity,
			price,
		});
		Ok(index)
	}

	/// Withdraws `who`'s order `index` of `interval` before the interval begins.
	///
	/// # Errors
	///
	/// `UnknownMarket`, `UnknownInterval`, `UnknownOrder`, `NotOrderOwner`, `IntervalStarted`.
	pub fn do_cancel_order(
		who: &T::AccountId,
		market_id: MarketId,
		interval: IntervalIndex,
		index: u32,
	) -> DispatchResult {
		let mut market = Markets::<T>::get(market_id).ok_or(Error::<T>::UnknownMarket)?;
		let mut book =
			Intervals::<T>::get(market_id, interval).ok_or(Error::<T>::UnknownInterval)?;
		let position = usize::try_from(index).map_err(|_| Error::<T>::UnknownOrder)?;
		let order = book.orders.get(position).ok_or(Error::<T>::UnknownOrder)?;
		ensure!(&order.account == who, Error::<T>::NotOrderOwner);
		ensure!(Self::now() < market.interval_start(interval), Error::<T>::IntervalStarted);
		Self::release(HoldReason::Trade, who, order.held)?;
		Self::release(HoldReason::StorageDeposit, who, order.deposit)?;
		book.orders.remove(position);
		if book.orders.is_empty() {
			Intervals::<T>::remove(market_id, interval);
			market.open_intervals = market.open_intervals.saturating_sub(1);
			Markets::<T>::insert(market_id, market);
		} else {
			Intervals::<T>::insert(market_id, interval, book);
		}
		Self::deposit_event(Event::OrderCancelled { market: market_id, interval, index });
		Ok(())
	}
}
