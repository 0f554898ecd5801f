//! The runtime API of the energy market: how the node's `energyMarket_*` RPC methods, the
//! Console and any other client read markets, their members, their open intervals and the
//! history of settled ones.
//!
//! Every method is served by the pallet's own read function. The answers are the pallet's own
//! view types, which carry their JSON form under `std` (see `docs/rpc.md`).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;

pub use iotchain_primitives::Page;
pub use pallet_energy_market::{
	Clearing, IntervalIndex, IntervalView, Market, MarketId, MarketTerms, MarketView, MeterView,
	Metered, Order, SettledInterval, Side, WattHours, MAX_PAGE,
};

sp_api::decl_runtime_apis! {
	/// Reads of the energy market for clients.
	pub trait EnergyMarketApi<AccountId, Balance>
	where
		AccountId: Codec,
		Balance: Codec,
	{
		/// Market `id`, with the interval running now (`Pallet::market`).
		fn market(id: MarketId) -> Option<MarketView<AccountId, Balance>>;

		/// One page of the markets: at most `limit` (and at most [`MAX_PAGE`]) after market
		/// `cursor`, in storage order, and the cursor of the next page (`Pallet::markets`).
		fn markets(cursor: Option<MarketId>, limit: u32) -> Page<MarketView<AccountId, Balance>, MarketId>;

		/// One page of `market`'s meters, after meter `cursor` (`Pallet::members`).
		fn members(market: MarketId, cursor: Option<AccountId>, limit: u32) -> Page<AccountId, AccountId>;

		/// Interval `interval` of `market` while not yet settled: its book, auction and
		/// readings (`Pallet::interval`).
		fn interval(market: MarketId, interval: IntervalIndex) -> Option<IntervalView<AccountId, Balance>>;

		/// One page of `market`'s intervals not yet settled, after interval `cursor`
		/// (`Pallet::intervals`).
		fn intervals(
			market: MarketId,
			cursor: Option<IntervalIndex>,
			limit: u32,
		) -> Page<IntervalView<AccountId, Balance>, IntervalIndex>;

		/// `market`'s most recent settled intervals, oldest first (`Pallet::history`).
		fn history(market: MarketId) -> Vec<SettledInterval<Balance>>;
	}
}
