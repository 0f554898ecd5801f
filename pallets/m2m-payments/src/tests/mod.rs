//! One test per behaviour of the payments pallet, a file per payment form. Every test ends by
//! checking the pallet's invariants (`ExtBuilder::build_and_execute`), which include that what
//! is held for each reason equals what the records say.

// A panic in a test is a failed test.
#![allow(
	clippy::unwrap_used,
	clippy::expect_used,
	clippy::indexing_slicing,
	clippy::arithmetic_side_effects
)]

mod channels;
mod escrow;
mod rentals;

use codec::MaxEncodedLen;
use frame_support::{
	assert_ok,
	traits::{
		fungible::{InspectHold, MutateHold},
		GetStorageVersion, Hooks, StorageVersion,
	},
};
use sp_runtime::AccountId32;

use crate::{mock::*, *};

fn signed(who: &AccountId32) -> RuntimeOrigin {
	RuntimeOrigin::signed(who.clone())
}

/// What `who` has on hold for `reason`.
fn held(reason: HoldReason, who: &AccountId32) -> Balance {
	Balances::balance_on_hold(&reason.into(), who)
}

/// What `who` has free to spend.
fn free(who: &AccountId32) -> Balance {
	Balances::free_balance(who)
}

/// What `who` has on hold for any of the pallet's reasons.
fn held_by_payments(who: &AccountId32) -> Balance {
	[HoldReason::Escrow, HoldReason::Channel, HoldReason::Rental, HoldReason::StorageDeposit]
		.into_iter()
		.map(|reason| held(reason, who))
		.sum()
}

fn hex(bytes: &[u8]) -> String {
	bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

#[test]
fn integrity_test_passes_and_storage_version_is_set() {
	ExtBuilder::default().build_and_execute(|| {
		<Payments as Hooks<u64>>::integrity_test();
		assert_eq!(Payments::on_chain_storage_version(), StorageVersion::new(2));
		assert_eq!(Payments::in_code_storage_version(), StorageVersion::new(2));
	});
}

#[test]
fn deposits_are_base_plus_per_byte_of_what_records_and_indexes_take() {
	ExtBuilder::default().build_and_execute(|| {
		let agreement = Agreement::<AccountId32, Balance, u64>::max_encoded_len();
		let channel = Channel::<AccountId32, Balance, u64>::max_encoded_len();
		let listing = Listing::<AccountId32, Balance, u64>::max_encoded_len();
		let rental = Rental::<AccountId32, Balance, u64>::max_encoded_len();
		// Keys: 32 bytes of prefixes, then the hashed key: twox64 + u64 for ids, blake2_128 +
		// 32 bytes for accounts, blake2_128 + 32 + 8 for the parties' index.
		let agreement_bytes = (32 + 16 + agreement) + 2 * (32 + 48 + 8) + 8;
		assert_eq!(
			Payments::agreement_deposit(),
			DEPOSIT_BASE + DEPOSIT_PER_BYTE * agreement_bytes as Balance
		);
		assert_eq!(
			Payments::channel_deposit(),
			DEPOSIT_BASE + DEPOSIT_PER_BYTE * (32 + 16 + channel) as Balance
		);
		assert_eq!(
			Payments::listing_deposit(),
			DEPOSIT_BASE + DEPOSIT_PER_BYTE * (2 * (32 + 48) + listing + rental) as Balance
		);
	});
}

#[test]
fn record_sizes_in_iotchains_runtime_match_the_docs() {
	// `u128` balances and `u32` block numbers, as in IoTChain's runtime: what `docs/payments.md`
	// prices deposits with.
	assert_eq!(Agreement::<AccountId32, u128, u32>::max_encoded_len(), 220);
	assert_eq!(Channel::<AccountId32, u128, u32>::max_encoded_len(), 125);
	assert_eq!(Listing::<AccountId32, u128, u32>::max_encoded_len(), 121);
	assert_eq!(Rental::<AccountId32, u128, u32>::max_encoded_len(), 162);
}

#[test]
fn try_state_catches_held_funds_out_of_step_with_the_records() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Payments::open_channel(signed(&payer()), PAYEE, 500, 50));
		assert_ok!(Payments::do_try_state());

		assert_ok!(Balances::hold(&HoldReason::Channel.into(), &payer(), 1));
		assert!(Payments::do_try_state().is_err());
		assert_ok!(Balances::release(
			&HoldReason::Channel.into(),
			&payer(),
			1,
			frame_support::traits::tokens::Precision::Exact
		));
		assert_ok!(Payments::do_try_state());

		Channels::<Test>::mutate(0, |channel| channel.as_mut().unwrap().claimed = 600);
		assert!(Payments::do_try_state().is_err());
		Channels::<Test>::mutate(0, |channel| channel.as_mut().unwrap().claimed = 0);
	});
}

#[test]
fn try_state_catches_indexes_out_of_step_with_the_agreements() {
	ExtBuilder::default().build_and_execute(|| {
		let milestone = Condition::Milestone { shipment: 1, milestone: MilestoneKind::Delivered };
		assert_ok!(Payments::create_agreement(signed(&payer()), PAYEE, 100, milestone, 50, None));
		assert_ok!(Payments::do_try_state());

		AgreementsByParty::<Test>::insert(STRANGER, agreement_key(0), ());
		assert!(Payments::do_try_state().is_err());
		AgreementsByParty::<Test>::remove(STRANGER, agreement_key(0));

		AgreementsByParty::<Test>::remove(PAYEE, agreement_key(0));
		assert!(Payments::do_try_state().is_err());
		AgreementsByParty::<Test>::insert(PAYEE, agreement_key(0), ());

		let key = (1, MilestoneKind::Delivered, payer());
		AgreementsByMilestone::<Test>::mutate(&key, |ids| {
			ids.as_mut().unwrap().try_push(0).unwrap()
		});
		assert!(Payments::do_try_state().is_err());
		AgreementsByMilestone::<Test>::mutate(&key, |ids| {
			ids.as_mut().unwrap().pop();
		});
		assert_ok!(Payments::do_try_state());

		// Listed under another milestone, or under someone else as payer.
		for other in
			[(2, MilestoneKind::Delivered, payer()), (1, MilestoneKind::Delivered, STRANGER)]
		{
			AgreementsByMilestone::<Test>::remove(&key);
			AgreementsByMilestone::<Test>::insert(
				&other,
				frame_support::BoundedVec::truncate_from(vec![0]),
			);
			assert!(Payments::do_try_state().is_err());
			AgreementsByMilestone::<Test>::remove(&other);
			AgreementsByMilestone::<Test>::insert(
				&key,
				frame_support::BoundedVec::truncate_from(vec![0]),
			);
		}
		assert_ok!(Payments::do_try_state());

		// An agreement on a milestone that is never reported.
		Agreements::<Test>::mutate(0, |agreement| {
			agreement.as_mut().unwrap().condition =
				Condition::Milestone { shipment: 1, milestone: MilestoneKind::Arrived }
		});
		assert!(Payments::do_try_state().is_err());
		Agreements::<Test>::mutate(0, |agreement| {
			agreement.as_mut().unwrap().condition =
				Condition::Milestone { shipment: 1, milestone: MilestoneKind::Delivered }
		});
	});
}

#[test]
fn try_state_catches_a_rental_without_its_listing() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Payments::list_device(signed(&OWNER), RENTABLE, 5, 1, 10, 100, None));
		assert_ok!(Payments::rent(signed(&RENTER), RENTABLE, 4));
		assert_ok!(Payments::do_try_state());

		let listing = Listings::<Test>::take(&RENTABLE).unwrap();
		assert!(Payments::do_try_state().is_err());
		Listings::<Test>::insert(&RENTABLE, listing);
	});
}
