//! The runtime API of the M2M payments pallet: how the node's `payments_*` RPC methods (and any
//! other client) read agreements, channels, listings and rentals, and get the exact bytes of a
//! voucher to sign.
//!
//! Every method is served by the pallet's own read function, so clients and calls share one
//! implementation of each rule (what remains in a channel, until when it accepts vouchers,
//! whether an agreement may be claimed, who uses a device now).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
use sp_runtime::{traits::NumberFor, AccountId32};

pub use pallet_m2m_payments::{
	Agreement, AgreementId, AgreementStatus, AgreementView, Channel, ChannelId, ChannelState,
	ChannelView, Condition, Listing, MilestoneKind, Rental, RentalPhase, RentalView, ShipmentId,
	MAX_AGREEMENTS_PAGE,
};

sp_api::decl_runtime_apis! {
	/// Reads of the M2M payments pallet for clients.
	pub trait M2mPaymentsApi<Balance> where Balance: Codec {
		/// The agreement `id`, if it has not ended (`Pallet::agreement`).
		fn agreement(id: AgreementId) -> Option<AgreementView<AccountId32, Balance, NumberFor<Block>>>;

		/// One page of the agreements `party` pays or is paid by, in id order: at most `limit`
		/// (and at most [`MAX_AGREEMENTS_PAGE`]) after the id `start_after`
		/// (`Pallet::agreements_by_party`). A page shorter than asked for is the last one.
		fn agreements_by_party(
			party: AccountId32,
			start_after: Option<AgreementId>,
			limit: u32,
		) -> Vec<AgreementView<AccountId32, Balance, NumberFor<Block>>>;

		/// The channel `id`, if it is not closed, with what remains in it (`Pallet::channel`).
		fn channel(id: ChannelId) -> Option<ChannelView<AccountId32, Balance, NumberFor<Block>>>;

		/// The device's listing, if it is offered for rent (`Pallet::listing`).
		fn listing(device: AccountId32) -> Option<Listing<AccountId32, Balance, NumberFor<Block>>>;

		/// The device's rental until it is settled, with its phase (`Pallet::rental`).
		fn rental(device: AccountId32) -> Option<RentalView<AccountId32, Balance, NumberFor<Block>>>;

		/// The renter that may use the device now, if any (`Pallet::current_user`).
		fn current_user(device: AccountId32) -> Option<AccountId32>;

		/// The exact bytes the payer signs for a voucher of `cumulative_amount` over channel
		/// `channel` on this chain (`Pallet::voucher_payload`).
		fn voucher_payload(channel: ChannelId, cumulative_amount: Balance) -> Vec<u8>;
	}
}
