//! The pallet's tests, one file per part of a stream's life; what they share is here.

// Test code: a panic is a failed test.
#![allow(clippy::unwrap_used, clippy::arithmetic_side_effects, clippy::indexing_slicing)]

mod delivery;
mod grants;
mod listings;
mod settlement;

use frame_support::traits::fungible::{Inspect, InspectHold};
use sp_runtime::AccountId32;

use crate::{mock::*, HoldReason, ListingId};

/// [`SELLER`] lists the device on [`terms`] at the current time.
fn list() -> ListingId {
	Market::do_list_stream(&SELLER, device(), terms()).unwrap()
}

/// What `who` can spend.
fn free(who: &AccountId32) -> Balance {
	Balances::balance(who)
}

/// What is held from `who` for `reason`.
fn held(reason: HoldReason, who: &AccountId32) -> Balance {
	Balances::balance_on_hold(&RuntimeHoldReason::Market(reason), who)
}

/// The last event the pallet deposited.
fn last_event() -> crate::Event<Test> {
	System::events()
		.into_iter()
		.rev()
		.find_map(|record| match record.event {
			RuntimeEvent::Market(event) => Some(event),
			_ => None,
		})
		.unwrap()
}

/// The pallet's events, in order.
fn events() -> Vec<crate::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Market(event) => Some(event),
			_ => None,
		})
		.collect()
}
