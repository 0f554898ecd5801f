//! The runtime API of the data market: how the node's `dataMarket_*` RPC methods, gateways and
//! any other client read listings and grants, and ask whether a buyer may read a stream's time.
//!
//! Every method is served by the pallet's own read function, so clients and calls share one
//! implementation of each rule (which periods a grant covers, what may be settled now). The
//! answers are the pallet's own view types, which carry their JSON form under `std` (see
//! `docs/rpc.md`).

#![cfg_attr(not(feature = "std"), no_std)]

use codec::Codec;

pub use iotchain_primitives::Page;
pub use pallet_data_market::{
	Grant, GrantView, Listing, ListingId, ListingView, StreamTerms, MAX_PAGE,
};

sp_api::decl_runtime_apis! {
	/// Reads of the data market for clients.
	pub trait DataMarketApi<AccountId, Balance>
	where
		AccountId: Codec,
		Balance: Codec,
	{
		/// Listing `id`, while on offer or with a grant left (`Pallet::listing`).
		fn listing(id: ListingId) -> Option<ListingView<AccountId, Balance>>;

		/// One page of the listings: at most `limit` (and at most [`MAX_PAGE`]) after listing
		/// `cursor`, in storage order, and the cursor of the next page (`Pallet::listings`).
		fn listings(cursor: Option<ListingId>, limit: u32) -> Page<ListingView<AccountId, Balance>, ListingId>;

		/// `buyer`'s grant on listing `listing`, if not yet settled (`Pallet::grant`).
		fn grant(listing: ListingId, buyer: AccountId) -> Option<GrantView<AccountId, Balance>>;

		/// One page of `buyer`'s grants, in listing order (`Pallet::grants_by_buyer`).
		fn grants_by_buyer(
			buyer: AccountId,
			cursor: Option<ListingId>,
			limit: u32,
		) -> Page<GrantView<AccountId, Balance>, ListingId>;

		/// One page of the grants on `listing`, in storage order of their buyers
		/// (`Pallet::grants_by_listing`).
		fn grants_by_listing(
			listing: ListingId,
			cursor: Option<AccountId>,
			limit: u32,
		) -> Page<GrantView<AccountId, Balance>, AccountId>;

		/// Whether `buyer` holds a grant on `listing` covering all of `[from, until)`, in the
		/// chain's milliseconds (`Pallet::has_access`).
		fn has_access(listing: ListingId, buyer: AccountId, from: u64, until: u64) -> bool;
	}
}
