//! Reads for clients: the runtime API serves exactly these, with the rules the calls use.

use iotchain_primitives::Page;
use sp_runtime::traits::Saturating;

use crate::{
	listing_key, listing_of, BalanceOf, Config, Deliveries, Grant, GrantView, GrantViewOf, Grants,
	GrantsByBuyer, ListingId, ListingView, ListingViewOf, Listings, Pallet, MAX_PAGE,
};

impl<T: Config> Pallet<T> {
	/// A listing with a live grant or still on offer, with the period running now.
	pub fn listing(id: ListingId) -> Option<ListingViewOf<T>> {
		let listing = Listings::<T>::get(id)?;
		Some(ListingView { id, current_period: listing.period_at(Self::now()), listing })
	}

	/// One page of the listings, in storage order (by the `twox64` hash of their ids).
	///
	/// The page starts after the listing `cursor` (`None` for the first page) and holds at most
	/// `limit` listings, never more than [`MAX_PAGE`]; its `next` is the cursor of the page
	/// after it, `None` on the last page.
	pub fn listings(cursor: Option<ListingId>, limit: u32) -> Page<ListingViewOf<T>, ListingId> {
		let ids = match cursor {
			Some(cursor) => Listings::<T>::iter_keys_from(Listings::<T>::hashed_key_for(cursor)),
			None => Listings::<T>::iter_keys(),
		};
		Page::after(ids.filter_map(Self::listing), limit.min(MAX_PAGE), |view| view.id)
	}

	/// `buyer`'s grant on `listing`, with its access window and where its money is.
	pub fn grant(listing_id: ListingId, buyer: &T::AccountId) -> Option<GrantViewOf<T>> {
		let grant = Grants::<T>::get(listing_id, buyer)?;
		let listing = Listings::<T>::get(listing_id)?;
		let now = Self::now();
		let settleable = (grant.settled_until..grant.until_period)
			.map_while(|period| {
				let delivery = Deliveries::<T>::get(listing_id, period).unwrap_or_default();
				Self::outcome(&listing, period, &delivery, now)
			})
			.count();
		Some(GrantView {
			listing: listing_id,
			device: listing.device.clone(),
			buyer: buyer.clone(),
			access_from: listing.period_start(grant.from_period),
			access_until: listing.period_start(grant.until_period),
			held: Self::held_for(&grant),
			settleable: u32::try_from(settleable).unwrap_or(u32::MAX),
			grant,
		})
	}

	/// The prices still held for a grant's unsettled periods.
	pub(crate) fn held_for(grant: &Grant<BalanceOf<T>>) -> BalanceOf<T> {
		grant.price_per_period.saturating_mul(grant.outstanding().into())
	}

	/// One page of `buyer`'s grants, in listing order.
	///
	/// The page starts after the listing `cursor` (`None` for the first page) and holds at most
	/// `limit` grants, never more than [`MAX_PAGE`].
	pub fn grants_by_buyer(
		buyer: &T::AccountId,
		cursor: Option<ListingId>,
		limit: u32,
	) -> Page<GrantViewOf<T>, ListingId> {
		let keys = match cursor {
			Some(cursor) => GrantsByBuyer::<T>::iter_key_prefix_from(
				buyer,
				GrantsByBuyer::<T>::hashed_key_for(buyer, listing_key(cursor)),
			),
			None => GrantsByBuyer::<T>::iter_key_prefix(buyer),
		};
		let views = keys.filter_map(|key| Self::grant(listing_of(key), buyer));
		Page::after(views, limit.min(MAX_PAGE), |view| view.listing)
	}

	/// One page of the grants on `listing`, in storage order of their buyers.
	///
	/// The page starts after the buyer `cursor` (`None` for the first page) and holds at most
	/// `limit` grants, never more than [`MAX_PAGE`].
	pub fn grants_by_listing(
		listing_id: ListingId,
		cursor: Option<T::AccountId>,
		limit: u32,
	) -> Page<GrantViewOf<T>, T::AccountId> {
		let buyers = match cursor {
			Some(cursor) => Grants::<T>::iter_key_prefix_from(
				listing_id,
				Grants::<T>::hashed_key_for(listing_id, cursor),
			),
			None => Grants::<T>::iter_key_prefix(listing_id),
		};
		let views = buyers.filter_map(|buyer| Self::grant(listing_id, &buyer));
		Page::after(views, limit.min(MAX_PAGE), |view| view.buyer.clone())
	}

	/// Whether `buyer` holds a grant on `listing` covering all of `[from, until)` (the chain's
	/// milliseconds): what a gateway asks before serving the stream of that time.
	pub fn has_access(listing_id: ListingId, buyer: &T::AccountId, from: u64, until: u64) -> bool {
		Self::grant(listing_id, buyer).is_some_and(|view| {
			from < until && view.access_from <= from && until <= view.access_until
		})
	}
}
