//! The invariants of the pallet's storage, and of what it holds.

use alloc::collections::btree_map::BTreeMap;
use frame_support::{ensure, traits::fungible::InspectHold, traits::Get};
use sp_runtime::{
	traits::{Saturating, Zero},
	TryRuntimeError,
};

use crate::{
	listing_key, BalanceOf, Config, Deliveries, Grants, GrantsByBuyer, HoldReason, ListingId,
	ListingOfDevice, Listings, NextListingId, Pallet, PeriodIndex,
};

/// What each account should have on hold for one reason.
type Held<T> = BTreeMap<<T as frame_system::Config>::AccountId, BalanceOf<T>>;

fn add<T: Config>(held: &mut Held<T>, who: &T::AccountId, amount: BalanceOf<T>) {
	let total = held.entry(who.clone()).or_insert_with(Zero::zero);
	*total = total.saturating_add(amount);
}

impl<T: Config> Pallet<T> {
	/// Checks that:
	/// - every listing has an id below `NextListingId`; one on offer is its device's entry in
	///   `ListingOfDevice`, which names nothing else; a delisted one still has a grant;
	/// - its `subscribers` is the number of its grants;
	/// - every grant is of a listing, has `from <= settled_until <= until`, at most
	///   `MaxPeriods` unsettled, `paid + refunded` equal to its settled periods, and its entry in
	///   `GrantsByBuyer`, which lists nothing else;
	/// - `Deliveries` holds exactly the periods some grant has not settled, each counting those
	///   grants, and never more readings than the listing promised;
	/// - for every account, what is held is exactly what its records say: the prices of its
	///   grants' unsettled periods (`Subscription`) and the deposits of its listings and grants
	///   (`StorageDeposit`).
	///
	/// # Errors
	///
	/// Names the first invariant found broken.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		let mut subscriptions = Held::<T>::new();
		let mut deposits = Held::<T>::new();
		let next = NextListingId::<T>::get();
		let mut on_offer: u32 = 0;
		let mut subscribers = BTreeMap::<ListingId, u32>::new();
		let mut unsettled = BTreeMap::<(ListingId, PeriodIndex), u32>::new();

		for (id, listing) in Listings::<T>::iter() {
			ensure!(id < next, "a listing's id is not below NextListingId");
			if listing.delisted {
				ensure!(listing.subscribers > 0, "a delisted listing with no grant was kept");
			} else {
				on_offer = on_offer.saturating_add(1);
				ensure!(
					ListingOfDevice::<T>::get(&listing.device) == Some(id),
					"a listing on offer is not its device's"
				);
			}
			add::<T>(&mut deposits, &listing.seller, listing.deposit);
		}
		ensure!(
			ListingOfDevice::<T>::iter().count() == on_offer as usize,
			"ListingOfDevice names a listing not on offer"
		);

		let mut grants: usize = 0;
		for (listing_id, buyer, grant) in Grants::<T>::iter() {
			grants = grants.saturating_add(1);
			let listing = Listings::<T>::get(listing_id).ok_or("a grant of no listing")?;
			ensure!(
				grant.from_period <= grant.settled_until
					&& grant.settled_until <= grant.until_period,
				"a grant's periods are out of order"
			);
			ensure!(grant.outstanding() <= T::MaxPeriods::get(), "a grant has too many periods");
			ensure!(
				grant.paid_periods.saturating_add(grant.refunded_periods)
					== grant.settled_until.saturating_sub(grant.from_period),
				"a grant's paid and refunded periods are not its settled ones"
			);
			ensure!(
				GrantsByBuyer::<T>::contains_key(&buyer, listing_key(listing_id)),
				"a grant is missing from GrantsByBuyer"
			);
			ensure!(grant.price_per_period == listing.terms.price_per_period, "a grant's price");
			let count = subscribers.entry(listing_id).or_default();
			*count = count.saturating_add(1);
			for period in grant.settled_until..grant.until_period {
				let count = unsettled.entry((listing_id, period)).or_default();
				*count = count.saturating_add(1);
			}
			add::<T>(&mut subscriptions, &buyer, Self::held_for(&grant));
			add::<T>(&mut deposits, &buyer, grant.deposit);
		}
		ensure!(GrantsByBuyer::<T>::iter().count() == grants, "GrantsByBuyer lists no grant");
		for (id, listing) in Listings::<T>::iter() {
			ensure!(
				listing.subscribers == subscribers.get(&id).copied().unwrap_or(0),
				"a listing's subscribers are not its grants"
			);
		}

		let mut deliveries: usize = 0;
		for (listing_id, period, delivery) in Deliveries::<T>::iter() {
			deliveries = deliveries.saturating_add(1);
			ensure!(
				unsettled.get(&(listing_id, period)) == Some(&delivery.grants),
				"a delivery record does not count its period's unsettled grants"
			);
			let listing = Listings::<T>::get(listing_id).ok_or("a delivery of no listing")?;
			ensure!(
				delivery.readings <= listing.terms.min_readings,
				"a delivery counts more than its promise"
			);
		}
		ensure!(deliveries == unsettled.len(), "an unsettled period has no delivery record");

		for (reason, expected) in
			[(HoldReason::Subscription, subscriptions), (HoldReason::StorageDeposit, deposits)]
		{
			for (who, amount) in expected {
				ensure!(
					T::Currency::balance_on_hold(&reason.into(), &who) == amount,
					"an account's hold is not what its records say"
				);
			}
		}
		Ok(())
	}
}
