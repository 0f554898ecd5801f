//! The `energyMarket_*` JSON-RPC methods, each forwarded to `EnergyMarketApi` at block `at` (the
//! best block if `null`); the answers are the pallet's own view types in the JSON convention of
//! `docs/rpc.md`, where every method is described with an example answer:
//!
//! - `energyMarket_market(id, at?)`: a [`MarketView`], or `null`;
//! - `energyMarket_markets(cursor?, limit?, at?)`: a [`Page`] of [`MarketView`]s;
//! - `energyMarket_members(market, cursor?, limit?, at?)`: a [`Page`] of the market's meters;
//! - `energyMarket_interval(market, interval, at?)`: an [`IntervalView`] while not yet settled,
//!   or `null`;
//! - `energyMarket_intervals(market, cursor?, limit?, at?)`: a [`Page`] of the market's intervals
//!   not yet settled;
//! - `energyMarket_history(market, at?)`: the market's most recent [`SettledInterval`]s, oldest
//!   first.

use std::fmt::Display;

use codec::Codec;
use iotchain_rpc::{Account, Reader};
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_runtime::{traits::Block as BlockT, AccountId32};

pub use pallet_energy_market_runtime_api::{
	EnergyMarketApi as EnergyMarketRuntimeApi, IntervalIndex, IntervalView, MarketId, MarketView,
	Page, SettledInterval, MAX_PAGE,
};

/// The `energyMarket_*` methods. Parameters may also be passed by name.
#[rpc(server)]
pub trait EnergyMarketApi<BlockHash, Balance>
where
	Balance: Display,
{
	/// Market `id`, or `null`.
	#[method(name = "energyMarket_market")]
	fn market(
		&self,
		id: MarketId,
		at: Option<BlockHash>,
	) -> RpcResult<Option<MarketView<AccountId32, Balance>>>;

	/// One page of the markets: at most `limit` (default and cap [`MAX_PAGE`]) after market
	/// `cursor` (`null` for the first page).
	#[method(name = "energyMarket_markets")]
	fn markets(
		&self,
		cursor: Option<MarketId>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Page<MarketView<AccountId32, Balance>, MarketId>>;

	/// One page of `market`'s meters, after meter `cursor`.
	#[method(name = "energyMarket_members")]
	fn members(
		&self,
		market: MarketId,
		cursor: Option<Account>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Page<AccountId32, AccountId32>>;

	/// Interval `interval` of `market` while not yet settled, or `null`.
	#[method(name = "energyMarket_interval")]
	fn interval(
		&self,
		market: MarketId,
		interval: IntervalIndex,
		at: Option<BlockHash>,
	) -> RpcResult<Option<IntervalView<AccountId32, Balance>>>;

	/// One page of `market`'s intervals not yet settled, after interval `cursor`.
	#[method(name = "energyMarket_intervals")]
	fn intervals(
		&self,
		market: MarketId,
		cursor: Option<IntervalIndex>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Page<IntervalView<AccountId32, Balance>, IntervalIndex>>;

	/// `market`'s most recent settled intervals, oldest first.
	#[method(name = "energyMarket_history")]
	fn history(
		&self,
		market: MarketId,
		at: Option<BlockHash>,
	) -> RpcResult<Vec<SettledInterval<Balance>>>;
}

/// Serves the `energyMarket_*` methods: the shared [`Reader`] over a client, built with
/// `EnergyMarket::new(client)`.
pub type EnergyMarket<C, Block> = Reader<C, Block>;

impl<C, Block, Balance> EnergyMarketApiServer<Block::Hash, Balance> for Reader<C, Block>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: EnergyMarketRuntimeApi<Block, AccountId32, Balance>,
	Balance: Codec + Display + Clone + serde::Serialize + Send + Sync + 'static,
{
	fn market(
		&self,
		id: MarketId,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<MarketView<AccountId32, Balance>>> {
		self.read(at, |api, at| api.market(at, id))
	}

	fn markets(
		&self,
		cursor: Option<MarketId>,
		limit: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<Page<MarketView<AccountId32, Balance>, MarketId>> {
		let limit = limit.unwrap_or(MAX_PAGE);
		self.read(at, |api, at| api.markets(at, cursor, limit))
	}

	fn members(
		&self,
		market: MarketId,
		cursor: Option<Account>,
		limit: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<Page<AccountId32, AccountId32>> {
		let limit = limit.unwrap_or(MAX_PAGE);
		self.read(at, |api, at| api.members(at, market, cursor.map(Into::into), limit))
	}

	fn interval(
		&self,
		market: MarketId,
		interval: IntervalIndex,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<IntervalView<AccountId32, Balance>>> {
		self.read(at, |api, at| api.interval(at, market, interval))
	}

	fn intervals(
		&self,
		market: MarketId,
		cursor: Option<IntervalIndex>,
		limit: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<Page<IntervalView<AccountId32, Balance>, IntervalIndex>> {
		let limit = limit.unwrap_or(MAX_PAGE);
		self.read(at, |api, at| api.intervals(at, market, cursor, limit))
	}

	fn history(
		&self,
		market: MarketId,
		at: Option<Block::Hash>,
	) -> RpcResult<Vec<SettledInterval<Balance>>> {
		self.read(at, |api, at| api.history(at, market))
	}
}

#[cfg(test)]
mod tests {
	// A panic in a test is a failed test.
	#![allow(clippy::expect_used)]

	use super::*;
	use iotchain_test_support::json_of;
	use pallet_energy_market_runtime_api::{
		Clearing, Market, MarketTerms, MeterView, Metered, Order, Side,
	};
	use serde_json::json;
	use sp_core::crypto::Ss58Codec;

	fn account(byte: u8) -> AccountId32 {
		AccountId32::new([byte; 32])
	}

	fn ss58(byte: u8) -> String {
		account(byte).to_ss58check()
	}

	#[test]
	fn a_market_is_flat_camel_case_with_decimal_balances_and_ss58_accounts() {
		let view = MarketView {
			id: 2,
			market: Market {
				operator: account(1),
				terms: MarketTerms {
					interval_ms: 900_000,
					grid_buy_price: 300_000_000u128,
					grid_sell_price: 80_000_000,
					max_interval_wh: 10_000,
				},
				start: 1_767_225_600_000,
				members: 5,
				open_intervals: 1,
				float: 1_000_000_000_000_000_000_000,
				reserved: 16_000_000_000,
				deposit: 700,
			},
			current_interval: Some(3),
		};
		assert_eq!(
			json_of(&Page { items: vec![view], next: None::<MarketId> }),
			json!({
				"items": [{
					"id": 2,
					"operator": ss58(1),
					"terms": {
						"intervalMs": 900_000,
						"gridBuyPrice": "300000000",
						"gridSellPrice": "80000000",
						"maxIntervalWh": 10_000,
					},
					"start": 1_767_225_600_000u64,
					"members": 5,
					"openIntervals": 1,
					"float": "1000000000000000000000",
					"reserved": "16000000000",
					"deposit": "700",
					"currentInterval": 3,
				}],
				"next": null,
			})
		);
	}

	#[test]
	fn an_interval_shows_its_book_auction_and_readings() {
		let view = IntervalView {
			market: 2,
			interval: 4,
			start: 1_000,
			end: 2_000,
			report_deadline: 3_000,
			orders: vec![Order {
				meter: account(7),
				account: account(8),
				side: Side::Sell,
				quantity: 1_000,
				price: 12u128,
				filled: 1_000,
				held: 14_000,
				deposit: 90,
			}],
			clearing: Some(Clearing { price: 16, volume: 1_000, reserved: 100_000 }),
			readings: vec![MeterView {
				meter: account(7),
				metered: Metered { exported_wh: 900, imported_wh: 5 },
			}],
		};
		assert_eq!(
			json_of(&view),
			json!({
				"market": 2,
				"interval": 4,
				"start": 1_000,
				"end": 2_000,
				"reportDeadline": 3_000,
				"orders": [{
					"meter": ss58(7),
					"account": ss58(8),
					"side": "sell",
					"quantity": 1_000,
					"price": "12",
					"filled": 1_000,
					"held": "14000",
					"deposit": "90",
				}],
				"clearing": { "price": "16", "volume": 1_000, "reserved": "100000" },
				"readings": [{ "meter": ss58(7), "exportedWh": 900, "importedWh": 5 }],
			})
		);
	}

	#[test]
	fn a_settled_interval_shows_what_moved() {
		let settled = SettledInterval {
			interval: 4,
			price: 16u128,
			volume: 1_800,
			delivered: 1_500,
			paid_to_grid: 9_000,
			paid_by_grid: 7_000,
		};
		assert_eq!(
			json_of(&settled),
			json!({
				"interval": 4,
				"price": "16",
				"volume": 1_800,
				"delivered": 1_500,
				"paidToGrid": "9000",
				"paidByGrid": "7000",
			})
		);
	}
}
