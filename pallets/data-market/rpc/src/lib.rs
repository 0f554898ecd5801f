//! The `dataMarket_*` JSON-RPC methods, each forwarded to `DataMarketApi` at block `at` (the best
//! block if `null`); the answers are the pallet's own view types in the JSON convention of
//! `docs/rpc.md`, where every method is described with an example answer:
//!
//! - `dataMarket_listing(id, at?)`: a [`ListingView`], or `null` once it is gone;
//! - `dataMarket_listings(cursor?, limit?, at?)`: a [`Page`] of [`ListingView`]s;
//! - `dataMarket_grant(listing, buyer, at?)`: a [`GrantView`], or `null`;
//! - `dataMarket_grantsByBuyer(buyer, cursor?, limit?, at?)`: a [`Page`] of the buyer's grants,
//!   `cursor` being the listing the page starts after;
//! - `dataMarket_grantsByListing(listing, cursor?, limit?, at?)`: a [`Page`] of a listing's
//!   grants, `cursor` being the buyer the page starts after;
//! - `dataMarket_hasAccess(listing, buyer, from, until, at?)`: whether the buyer's grant covers
//!   all of `[from, until)` (milliseconds), what a gateway asks before serving a stream.

use std::fmt::Display;

use codec::Codec;
use iotchain_rpc::{Account, Reader};
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_runtime::{traits::Block as BlockT, AccountId32};

pub use pallet_data_market_runtime_api::{
	DataMarketApi as DataMarketRuntimeApi, GrantView, ListingId, ListingView, Page, MAX_PAGE,
};

/// The `dataMarket_*` methods. Parameters may also be passed by name.
#[rpc(server)]
pub trait DataMarketApi<BlockHash, Balance>
where
	Balance: Display,
{
	/// Listing `id`, or `null` once it is gone.
	#[method(name = "dataMarket_listing")]
	fn listing(
		&self,
		id: ListingId,
		at: Option<BlockHash>,
	) -> RpcResult<Option<ListingView<AccountId32, Balance>>>;

	/// One page of the listings: at most `limit` (default and cap [`MAX_PAGE`]) after listing
	/// `cursor` (`null` for the first page).
	#[method(name = "dataMarket_listings")]
	fn listings(
		&self,
		cursor: Option<ListingId>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Page<ListingView<AccountId32, Balance>, ListingId>>;

	/// `buyer`'s grant on `listing`, or `null`.
	#[method(name = "dataMarket_grant")]
	fn grant(
		&self,
		listing: ListingId,
		buyer: Account,
		at: Option<BlockHash>,
	) -> RpcResult<Option<GrantView<AccountId32, Balance>>>;

	/// One page of `buyer`'s grants, in listing order, after listing `cursor`.
	#[method(name = "dataMarket_grantsByBuyer")]
	fn grants_by_buyer(
		&self,
		buyer: Account,
		cursor: Option<ListingId>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Page<GrantView<AccountId32, Balance>, ListingId>>;

	/// One page of the grants on `listing`, after buyer `cursor`.
	#[method(name = "dataMarket_grantsByListing")]
	fn grants_by_listing(
		&self,
		listing: ListingId,
		cursor: Option<Account>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Page<GrantView<AccountId32, Balance>, AccountId32>>;

	/// Whether `buyer` may read `listing`'s stream over all of `[from, until)`.
	#[method(name = "dataMarket_hasAccess")]
	fn has_access(
		&self,
		listing: ListingId,
		buyer: Account,
		from: u64,
		until: u64,
		at: Option<BlockHash>,
	) -> RpcResult<bool>;
}

/// Serves the `dataMarket_*` methods: the shared [`Reader`] over a client, built with
/// `DataMarket::new(client)`.
pub type DataMarket<C, Block> = Reader<C, Block>;

impl<C, Block, Balance> DataMarketApiServer<Block::Hash, Balance> for Reader<C, Block>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: DataMarketRuntimeApi<Block, AccountId32, Balance>,
	Balance: Codec + Display + Clone + serde::Serialize + Send + Sync + 'static,
{
	fn listing(
		&self,
		id: ListingId,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<ListingView<AccountId32, Balance>>> {
		self.read(at, |api, at| api.listing(at, id))
	}

	fn listings(
		&self,
		cursor: Option<ListingId>,
		limit: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<Page<ListingView<AccountId32, Balance>, ListingId>> {
		let limit = limit.unwrap_or(MAX_PAGE);
		self.read(at, |api, at| api.listings(at, cursor, limit))
	}

	fn grant(
		&self,
		listing: ListingId,
		buyer: Account,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<GrantView<AccountId32, Balance>>> {
		self.read(at, |api, at| api.grant(at, listing, buyer.into()))
	}

	fn grants_by_buyer(
		&self,
		buyer: Account,
		cursor: Option<ListingId>,
		limit: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<Page<GrantView<AccountId32, Balance>, ListingId>> {
		let limit = limit.unwrap_or(MAX_PAGE);
		self.read(at, |api, at| api.grants_by_buyer(at, buyer.into(), cursor, limit))
	}

	fn grants_by_listing(
		&self,
		listing: ListingId,
		cursor: Option<Account>,
		limit: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<Page<GrantView<AccountId32, Balance>, AccountId32>> {
		let limit = limit.unwrap_or(MAX_PAGE);
		self.read(at, |api, at| api.grants_by_listing(at, listing, cursor.map(Into::into), limit))
	}

	fn has_access(
		&self,
		listing: ListingId,
		buyer: Account,
		from: u64,
		until: u64,
		at: Option<Block::Hash>,
	) -> RpcResult<bool> {
		self.read(at, |api, at| api.has_access(at, listing, buyer.into(), from, until))
	}
}

#[cfg(test)]
mod tests {
	// A panic in a test is a failed test.
	#![allow(clippy::expect_used)]

	use super::*;
	use iotchain_test_support::json_of;
	use pallet_data_market_runtime_api::{Grant, Listing, StreamTerms};
	use serde_json::json;
	use sp_core::{crypto::Ss58Codec, H256};

	fn account(byte: u8) -> AccountId32 {
		AccountId32::new([byte; 32])
	}

	fn ss58(byte: u8) -> String {
		account(byte).to_ss58check()
	}

	#[test]
	fn a_listing_is_flat_camel_case_with_decimal_balances_and_ss58_accounts() {
		let view = ListingView {
			id: 4,
			listing: Listing {
				device: account(8),
				seller: account(5),
				terms: StreamTerms {
					schema: H256::repeat_byte(0x11),
					licence: H256::repeat_byte(0x22),
					price_per_period: 1_000_000_000_000_000_000_000u128,
					period_ms: 60_000,
					min_readings: 3,
					max_subscribers: 10,
				},
				start: 1_767_225_600_000,
				subscribers: 1,
				delisted: false,
				deposit: 500,
			},
			current_period: Some(2),
		};
		let page = Page { items: vec![view], next: Some(4) };
		assert_eq!(
			json_of(&page),
			json!({
				"items": [{
					"id": 4,
					"device": ss58(8),
					"seller": ss58(5),
					"terms": {
						"schema": format!("0x{}", "11".repeat(32)),
						"licence": format!("0x{}", "22".repeat(32)),
						"pricePerPeriod": "1000000000000000000000",
						"periodMs": 60_000,
						"minReadings": 3,
						"maxSubscribers": 10,
					},
					"start": 1_767_225_600_000u64,
					"subscribers": 1,
					"delisted": false,
					"deposit": "500",
					"currentPeriod": 2,
				}],
				"next": 4,
			})
		);
	}

	#[test]
	fn a_grant_shows_its_access_window_and_what_is_held() {
		let view = GrantView {
			listing: 4,
			device: account(8),
			buyer: account(3),
			grant: Grant {
				price_per_period: 7u128,
				from_period: 2,
				until_period: 5,
				settled_until: 3,
				paid_periods: 1,
				refunded_periods: 0,
				deposit: 90,
			},
			access_from: 1_000,
			access_until: 4_000,
			held: 14,
			settleable: 1,
		};
		assert_eq!(
			json_of(&view),
			json!({
				"listing": 4,
				"device": ss58(8),
				"buyer": ss58(3),
				"pricePerPeriod": "7",
				"fromPeriod": 2,
				"untilPeriod": 5,
				"settledUntil": 3,
				"paidPeriods": 1,
				"refundedPeriods": 0,
				"deposit": "90",
				"accessFrom": 1_000,
				"accessUntil": 4_000,
				"held": "14",
				"settleable": 1,
			})
		);
	}
}
