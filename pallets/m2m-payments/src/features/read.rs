//! Reads for clients: the runtime API serves exactly these, with the rules the calls use.

use iotchain_primitives::Page;

use crate::{
	agreement_key, agreement_of, AgreementId, AgreementView, AgreementViewOf, Agreements,
	AgreementsByParty, ChannelId, ChannelView, ChannelViewOf, Channels, Config, ListingView,
	ListingViewOf, Listings, Pallet, RentalPhase, RentalView, RentalViewOf, Rentals,
	MAX_AGREEMENTS_PAGE,
};

impl<T: Config> Pallet<T> {
	/// An agreement not yet ended, with whether it may be claimed or refunded now.
	pub fn agreement(id: AgreementId) -> Option<AgreementViewOf<T>> {
		let agreement = Agreements::<T>::get(id)?;
		Some(AgreementView {
			id,
			claimable: Self::ensure_claimable(&agreement).is_ok(),
			refundable: Self::ensure_refundable(&agreement).is_ok(),
			agreement,
		})
	}

	/// One page of the agreements not yet ended that `party` pays or is paid by, in id order.
	///
	/// The page starts after the agreement id `cursor` (`None` for the first page) and holds at
	/// most `limit` agreements, never more than [`MAX_AGREEMENTS_PAGE`]; its `next` is the
	/// cursor of the page after it, `None` on the last page.
	pub fn agreements_by_party(
		party: &T::AccountId,
		cursor: Option<AgreementId>,
		limit: u32,
	) -> Page<AgreementViewOf<T>, AgreementId> {
		let ids = match cursor {
			Some(cursor) => AgreementsByParty::<T>::iter_key_prefix_from(
				party,
				AgreementsByParty::<T>::hashed_key_for(party, agreement_key(cursor)),
			),
			None => AgreementsByParty::<T>::iter_key_prefix(party),
		};
		let views = ids.filter_map(|key| Self::agreement(agreement_of(key)));
		Page::after(views, limit.min(MAX_AGREEMENTS_PAGE), |view| view.id)
	}

	/// A channel not yet closed, with what remains in it and until when it accepts vouchers.
	pub fn channel(id: ChannelId) -> Option<ChannelViewOf<T>> {
		let channel = Channels::<T>::get(id)?;
		Some(ChannelView {
			id,
			remaining: channel.remaining(),
			claim_deadline: channel.claim_deadline(),
			channel,
		})
	}

	/// The device's listing, if it is offered for rent.
	pub fn listing(device: &T::AccountId) -> Option<ListingViewOf<T>> {
		let listing = Listings::<T>::get(device)?;
		Some(ListingView { device: device.clone(), listing })
	}

	/// The device's rental (until it is settled or resolved), with where it is in its life:
	/// the renter is the device's current user while the phase is
	/// [`RentalPhase::InUse`].
	pub fn rental(device: &T::AccountId) -> Option<RentalViewOf<T>> {
		let rental = Rentals::<T>::get(device)?;
		let now = Self::current_block_number();
		let settleable_from = Self::settleable_from(&rental);
		let phase = if rental.disputed_until.is_some() {
			if now < settleable_from {
				RentalPhase::Disputed
			} else {
				RentalPhase::Settleable
			}
		} else if now < rental.end {
			RentalPhase::InUse
		} else if now < settleable_from {
			RentalPhase::GracePeriod
		} else {
			RentalPhase::Settleable
		};
		Some(RentalView { device: device.clone(), rental, phase, settleable_from })
	}

	/// The account that may use the device now: the renter, while its rental is
	/// [`RentalPhase::InUse`]. A device and its gateway authorize the renter through this.
	pub fn current_user(device: &T::AccountId) -> Option<T::AccountId> {
		Self::rental(device)
			.filter(|view| view.phase == RentalPhase::InUse)
			.map(|view| view.rental.renter)
	}
}
