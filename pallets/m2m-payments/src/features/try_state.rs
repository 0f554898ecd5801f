//! The invariants of the pallet's storage, and of what it holds.

use alloc::collections::{btree_map::BTreeMap, btree_set::BTreeSet};
use frame_support::{ensure, traits::fungible::InspectHold};
use sp_runtime::{
	traits::{Saturating, Zero},
	TryRuntimeError,
};

use crate::{
	agreement_key, agreement_of, AgreementStatus, Agreements, AgreementsByMilestone,
	AgreementsByParty, BalanceOf, Channels, Condition, Config, HoldReason, Listings,
	NextAgreementId, NextChannelId, Pallet, Rentals,
};

/// What each account should have on hold for one reason.
type Held<T> = BTreeMap<<T as frame_system::Config>::AccountId, BalanceOf<T>>;

fn add<T: Config>(held: &mut Held<T>, who: &T::AccountId, amount: BalanceOf<T>) {
	let total = held.entry(who.clone()).or_insert_with(Zero::zero);
	*total = total.saturating_add(amount);
}

impl<T: Config> Pallet<T> {
	/// Checks that:
	/// - every agreement has an id below `NextAgreementId`, distinct parties, an arbiter who is
	///   not a party, a positive amount, and both its entries in the parties' index, which
	///   lists nothing else;
	/// - a milestone agreement waits on a milestone the supply chain reports, and only one on
	///   a milestone was told its milestone was reached while disputed;
	/// - the milestone index lists each agreement at most once, only under its own payer, only
	///   agreements whose condition is that milestone and whose milestone was not reached,
	///   and no empty entry;
	/// - every channel has an id below `NextChannelId`, distinct parties, and has paid out no
	///   more than its deposit;
	/// - every rental has a listing, distinct parties, an arbiter who is neither of them,
	///   `start <= end`, and holds either no rent (ended early) or exactly
	///   `price_per_block * (end - start)`;
	/// - for every account, what is held for each [`HoldReason`] is exactly what the records it
	///   funds say: the amounts of its agreements (`Escrow`), the remainders of its channels
	///   (`Channel`), the rent and security deposits of its rentals (`Rental`), and the storage
	///   deposits of its agreements, channels and listings (`StorageDeposit`).
	///
	/// # Errors
	///
	/// Names the first invariant found broken.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		let mut escrow = Held::<T>::new();
		let mut channel_funds = Held::<T>::new();
		let mut rental_funds = Held::<T>::new();
		let mut storage_deposits = Held::<T>::new();

		let next_agreement = NextAgreementId::<T>::get();
		let mut agreements: u64 = 0;
		for (id, agreement) in Agreements::<T>::iter() {
			agreements = agreements.saturating_add(1);
			ensure!(id < next_agreement, "an agreement's id is not below NextAgreementId");
			ensure!(agreement.payer != agreement.payee, "an agreement pays its payer");
			ensure!(!agreement.amount.is_zero(), "an agreement holds nothing");
			ensure!(
				agreement.arbiter.as_ref().is_none_or(|arbiter| {
					*arbiter != agreement.payer && *arbiter != agreement.payee
				}),
				"an agreement's arbiter is a party"
			);
			ensure!(
				AgreementsByParty::<T>::contains_key(&agreement.payer, agreement_key(id))
					&& AgreementsByParty::<T>::contains_key(&agreement.payee, agreement_key(id)),
				"an agreement is not indexed under both its parties"
			);
			match (&agreement.condition, &agreement.status) {
				(Condition::Milestone { milestone, .. }, _) => ensure!(
					milestone.is_reported(),
					"an agreement waits on a milestone that is never reported"
				),
				(_, AgreementStatus::Disputed { milestone_reached, .. }) => ensure!(
					!milestone_reached,
					"an agreement without a milestone had its milestone reached"
				),
				_ => {}
			}
			add::<T>(&mut escrow, &agreement.payer, agreement.amount);
			add::<T>(&mut storage_deposits, &agreement.payer, agreement.deposit);
		}
		let mut party_entries: u64 = 0;
		for (party, key) in AgreementsByParty::<T>::iter_keys() {
			party_entries = party_entries.saturating_add(1);
			let agreement = Agreements::<T>::get(agreement_of(key))
				.ok_or("the parties' index lists an agreement that does not exist")?;
			ensure!(
				agreement.payer == party || agreement.payee == party,
				"the parties' index lists an agreement under someone else"
			);
		}
		ensure!(
			party_entries == agreements.saturating_mul(2),
			"the parties' index has entries beyond the agreements' parties"
		);

		let mut waiting = BTreeSet::new();
		for ((shipment, milestone, payer), ids) in AgreementsByMilestone::<T>::iter() {
			ensure!(!ids.is_empty(), "an empty milestone entry is stored");
			for id in ids {
				ensure!(waiting.insert(id), "an agreement waits on milestones twice");
				let agreement = Agreements::<T>::get(id)
					.ok_or("a milestone's index lists an agreement that does not exist")?;
				ensure!(
					agreement.payer == payer,
					"a milestone's index lists an agreement under another payer"
				);
				ensure!(
					!matches!(
						agreement.status,
						AgreementStatus::Disputed { milestone_reached: true, .. }
					),
					"an agreement whose milestone was reached still waits on it"
				);
				ensure!(
					agreement.condition == Condition::Milestone { shipment, milestone },
					"an agreement waits on a milestone it does not name"
				);
			}
		}

		let next_channel = NextChannelId::<T>::get();
		for (id, channel) in Channels::<T>::iter() {
			ensure!(id < next_channel, "a channel's id is not below NextChannelId");
			ensure!(channel.payer != channel.payee, "a channel pays its payer");
			ensure!(channel.claimed <= channel.deposit, "a channel paid out more than its deposit");
			add::<T>(&mut channel_funds, &channel.payer, channel.remaining());
			add::<T>(&mut storage_deposits, &channel.payer, channel.storage_deposit);
		}

		for (_, listing) in Listings::<T>::iter() {
			ensure!(
				listing.arbiter.as_ref() != Some(&listing.owner),
				"a listing's arbiter is its owner"
			);
			add::<T>(&mut storage_deposits, &listing.owner, listing.deposit);
		}

		for (device, rental) in Rentals::<T>::iter() {
			ensure!(Listings::<T>::contains_key(&device), "a rented device is not listed");
			ensure!(rental.renter != rental.owner, "a device is rented by its owner");
			ensure!(
				rental.arbiter.as_ref().is_none_or(|arbiter| {
					*arbiter != rental.renter && *arbiter != rental.owner
				}),
				"a rental's arbiter is its renter or its owner"
			);
			ensure!(rental.start <= rental.end, "a rental ends before it starts");
			let full_rent =
				Self::rent_for(rental.price_per_block, rental.end.saturating_sub(rental.start))
					.map_err(|_| "a rental's rent overflows")?;
			ensure!(
				rental.rent_held.is_zero() || rental.rent_held == full_rent,
				"a rental holds other than its whole rent or nothing"
			);
			add::<T>(
				&mut rental_funds,
				&rental.renter,
				rental.rent_held.saturating_add(rental.security_deposit),
			);
		}

		for (reason, recorded) in [
			(HoldReason::Escrow, escrow),
			(HoldReason::Channel, channel_funds),
			(HoldReason::Rental, rental_funds),
			(HoldReason::StorageDeposit, storage_deposits),
		] {
			for (who, amount) in recorded {
				ensure!(
					T::Currency::balance_on_hold(&reason.into(), &who) == amount,
					"an account's held funds differ from what its records hold"
				);
			}
		}
		Ok(())
	}
}
