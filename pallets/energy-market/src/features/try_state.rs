//! The invariants `try_state` checks after every block, and the tests after every test.

use alloc::collections::BTreeMap;
use frame_support::{ensure, traits::fungible::InspectHold};
use sp_runtime::{traits::Saturating, TryRuntimeError};

use crate::{
	BalanceOf, Config, History, HoldReason, Intervals, Markets, Members, NextMarketId, Pallet,
	Readings,
};

impl<T: Config> Pallet<T> {
	/// Checks that every market agrees with its members, intervals and float, that every
	/// reading belongs to an interval not yet settled, and that every account holds exactly
	/// what the orders and markets say.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		let mut trade: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut floats: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut deposits: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let next = NextMarketId::<T>::get();
		for (id, market) in Markets::<T>::iter() {
			ensure!(id < next, "a market's id is below the next one");
			let members = u32::try_from(Members::<T>::iter_prefix(id).count()).unwrap_or(u32::MAX);
			ensure!(members == market.members, "a market counts its members");
			let expected = Self::member_deposit()
				.saturating_mul(members.into())
				.saturating_add(Self::market_deposit());
			ensure!(market.deposit == expected, "a market's deposit prices it and its members");
			let mut open = 0u32;
			let mut reserved = BalanceOf::<T>::default();
			for (_, book) in Intervals::<T>::iter_prefix(id) {
				open = open.saturating_add(1);
				ensure!(!book.orders.is_empty(), "an interval kept has orders");
				if let Some(clearing) = book.clearing {
					reserved = reserved.saturating_add(clearing.reserved);
				}
				for order in &book.orders {
					let held = trade.entry(order.account.clone()).or_default();
					*held = held.saturating_add(order.held);
					let deposit = deposits.entry(order.account.clone()).or_default();
					*deposit = deposit.saturating_add(order.deposit);
				}
			}
			ensure!(open == market.open_intervals, "a market counts its open intervals");
			ensure!(reserved == market.reserved, "a market reserves what its intervals may owe");
			ensure!(market.reserved <= market.float, "a market reserves no more than its float");
			let float = floats.entry(market.operator.clone()).or_default();
			*float = float.saturating_add(market.float);
			let deposit = deposits.entry(market.operator.clone()).or_default();
			*deposit = deposit.saturating_add(market.deposit);
		}
		for ((market, interval), _, _) in Readings::<T>::iter() {
			ensure!(
				Intervals::<T>::get(market, interval).is_some_and(|book| book.clearing.is_some()),
				"a reading belongs to a cleared interval not yet settled"
			);
		}
		for (market, _) in History::<T>::iter() {
			ensure!(Markets::<T>::contains_key(market), "history belongs to a market");
		}
		for (reason, expected) in [
			(HoldReason::Trade, trade),
			(HoldReason::GridFloat, floats),
			(HoldReason::StorageDeposit, deposits),
		] {
			for (who, amount) in expected {
				ensure!(
					T::Currency::balance_on_hold(&reason.into(), &who) == amount,
					"an account holds what the energy market says"
				);
			}
		}
		Ok(())
	}
}
