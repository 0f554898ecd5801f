//! Reads for clients: the runtime API serves exactly these, with the rules the calls use.

use alloc::vec::Vec;
use frame_system::pallet_prelude::BlockNumberFor;

use crate::{
	agreement_key, agreement_of, AgreementId, AgreementView, AgreementViewOf, Agreements,
	AgreementsByParty, BalanceOf, ChannelId, ChannelView, Channels, Config, Listing, Listings,
	Pallet, RentalPhase, RentalView, Rentals, MAX_AGREEMENTS_PAGE,
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
	/// `start_after` is the last id of the previous page (`None` for the first page); at most
	/// `limit` agreements are returned, and never more than [`MAX_AGREEMENTS_PAGE`]. A page
	/// shorter than asked for is the last one.
	pub fn agreements_by_party(
		party: &T::AccountId,
		start_after: Option<AgreementId>,
		limit: u32,
	) -> Vec<AgreementViewOf<T>> {
		let ids = match start_after {
			Some(cursor) => AgreementsByParty::<T>::iter_key_prefix_from(
				party,
				AgreementsByParty::<T>::hashed_key_for(party, agreement_key(cursor)),
			),
			None => AgreementsByParty::<T>::iter_key_prefix(party),
		};
		let limit = usize::try_from(limit.min(MAX_AGREEMENTS_PAGE)).unwrap_or(0);
		ids.take(limit).filter_map(|key| Self::agreement(agreement_of(key))).collect()
	}

	/// A channel not yet closed, with what remains in it and until when it accepts vouchers.
	pub fn channel(
		id: ChannelId,
	) -> Option<ChannelView<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>> {
		let channel = Channels::<T>::get(id)?;
		Some(ChannelView {
			id,
			remaining: channel.remaining(),
			claim_deadline: channel.claim_deadline(),
			channel,
		})
	}

	/// The device's listing, if it is offered for rent.
	pub fn listing(
		device: &T::AccountId,
	) -> Option<Listing<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>> {
		Listings::<T>::get(device)
	}

	/// The device's rental (until it is settled or resolved), with where it is in its life:
	/// the renter is the device's current user while the phase is
	/// [`RentalPhase::InUse`].
	pub fn rental(
		device: &T::AccountId,
	) -> Option<RentalView<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>> {
		let rental = Rentals::<T>::get(device)?;
		let now = Self::now();
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
