//! Markets: opening and closing them, admitting meters, funding the grid's float.

use frame_support::{ensure, traits::Get};
use iotchain_primitives::{DeviceKind, DeviceLookup, DeviceStatus};
use sp_runtime::{
	traits::{Saturating, Zero},
	DispatchError, DispatchResult,
};

use crate::{
	BalanceOf, Config, Error, Event, History, HoldReason, Market, MarketId, MarketOf, MarketTerms,
	Markets, Members, NextMarketId, Pallet,
};

impl<T: Config> Pallet<T> {
	/// Opens a market on `terms` with `operator` as its grid, holding `float` and the market's
	/// deposit from it; returns the market's id.
	///
	/// # Errors
	///
	/// `InvalidInterval`, `InvalidTariffs`, `InvalidCapacity` for bad terms; `InsufficientBalance`
	/// if the operator cannot hold the float and the deposit; `Overflow` when ids run out.
	pub fn do_create_market(
		operator: &T::AccountId,
		terms: MarketTerms<BalanceOf<T>>,
		float: BalanceOf<T>,
	) -> Result<MarketId, DispatchError> {
		ensure!(
			(T::MinInterval::get()..=T::MaxInterval::get()).contains(&terms.interval_ms),
			Error::<T>::InvalidInterval
		);
		ensure!(
			!terms.grid_sell_price.is_zero() && terms.grid_sell_price <= terms.grid_buy_price,
			Error::<T>::InvalidTariffs
		);
		ensure!(terms.max_interval_wh > 0, Error::<T>::InvalidCapacity);
		// The largest amount a settlement can involve (a full book, each order at the largest
		// price and quantity) must fit the balance type, so that no interval can fail to settle.
		let book_wh = terms
			.max_interval_wh
			.checked_mul(u64::from(T::MaxOrdersPerInterval::get()))
			.ok_or(Error::<T>::Overflow)?;
		Self::cost(terms.grid_buy_price, book_wh)?;
		let id = NextMarketId::<T>::get();
		let next = id.checked_add(1).ok_or(Error::<T>::Overflow)?;
		let deposit = Self::market_deposit();
		Self::hold(HoldReason::StorageDeposit, operator, deposit)?;
		Self::hold(HoldReason::GridFloat, operator, float)?;
		let start = Self::now();
		Markets::<T>::insert(
			id,
			Market {
				operator: operator.clone(),
				terms,
				start,
				members: 0,
				open_intervals: 0,
				float,
				reserved: Zero::zero(),
				deposit,
			},
		);
		NextMarketId::<T>::put(next);
		Self::deposit_event(Event::MarketCreated {
			market: id,
			operator: operator.clone(),
			terms,
			start,
			float,
			deposit,
		});
		Ok(id)
	}

	/// `market`, if `who` operates it.
	fn operated_by(who: &T::AccountId, market: MarketId) -> Result<MarketOf<T>, DispatchError> {
		let record = Markets::<T>::get(market).ok_or(Error::<T>::UnknownMarket)?;
		ensure!(&record.operator == who, Error::<T>::NotOperator);
		Ok(record)
	}

	/// Admits `meter` to `market`, holding a member's deposit from the operator `who`.
	///
	/// # Errors
	///
	/// `UnknownMarket`, `NotOperator`; `UnknownDevice`, `DeviceNotActive`, `NotAMeter` unless
	/// `meter` is an active meter; `AlreadyMember`, `TooManyMembers`; `InsufficientBalance`.
	pub fn do_add_member(
		who: &T::AccountId,
		market: MarketId,
		meter: T::AccountId,
	) -> DispatchResult {
		let mut record = Self::operated_by(who, market)?;
		let device = T::Devices::active(&meter).map_err(|status| match status {
			Some(DeviceStatus::Suspended) => Error::<T>::DeviceNotActive,
			_ => Error::<T>::UnknownDevice,
		})?;
		ensure!(device.kind == DeviceKind::Meter, Error::<T>::NotAMeter);
		ensure!(!Members::<T>::contains_key(market, &meter), Error::<T>::AlreadyMember);
		ensure!(record.members < T::MaxMembers::get(), Error::<T>::TooManyMembers);
		let deposit = Self::member_deposit();
		Self::hold(HoldReason::StorageDeposit, who, deposit)?;
		record.members = record.members.saturating_add(1);
		record.deposit = record.deposit.saturating_add(deposit);
		Markets::<T>::insert(market, record);
		Members::<T>::insert(market, &meter, ());
		Self::deposit_event(Event::MemberAdded { market, meter });
		Ok(())
	}

	/// Removes `meter` from `market`, returning its deposit to the operator `who`.
	///
	/// # Errors
	///
	/// `UnknownMarket`, `NotOperator`, `NotMember`.
	pub fn do_remove_member(
		who: &T::AccountId,
		market: MarketId,
		meter: T::AccountId,
	) -> DispatchResult {
		let mut record = Self::operated_by(who, market)?;
		ensure!(Members::<T>::contains_key(market, &meter), Error::<T>::NotMember);
		let deposit = Self::member_deposit();
		Self::release(HoldReason::StorageDeposit, who, deposit)?;
		record.members = record.members.saturating_sub(1);
		record.deposit = record.deposit.saturating_sub(deposit);
		Markets::<T>::insert(market, record);
		Members::<T>::remove(market, &meter);
		Self::deposit_event(Event::MemberRemoved { market, meter });
		Ok(())
	}

	/// Adds `amount` to `market`'s float, held from its operator `who`.
	///
	/// # Errors
	///
	/// `UnknownMarket`, `NotOperator`, `InsufficientBalance`.
	pub fn do_fund_grid(
		who: &T::AccountId,
		market: MarketId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		let mut record = Self::operated_by(who, market)?;
		Self::hold(HoldReason::GridFloat, who, amount)?;
		record.float = record.float.saturating_add(amount);
		let float = record.float;
		Markets::<T>::insert(market, record);
		Self::deposit_event(Event::GridFunded { market, amount, float });
		Ok(())
	}

	/// Closes `market`, which has no interval open, returning its float and deposits to its
	/// operator `who`; returns how many members it had.
	///
	/// # Errors
	///
	/// `UnknownMarket`, `NotOperator`, `MarketBusy`.
	pub fn do_close_market(who: &T::AccountId, market: MarketId) -> Result<u32, DispatchError> {
		let record = Self::operated_by(who, market)?;
		ensure!(record.open_intervals == 0, Error::<T>::MarketBusy);
		Self::release(HoldReason::GridFloat, who, record.float)?;
		Self::release(HoldReason::StorageDeposit, who, record.deposit)?;
		let _ = Members::<T>::clear_prefix(market, record.members, None);
		History::<T>::remove(market);
		Markets::<T>::remove(market);
		Self::deposit_event(Event::MarketClosed { market, operator: who.clone() });
		Ok(record.members)
	}
}
