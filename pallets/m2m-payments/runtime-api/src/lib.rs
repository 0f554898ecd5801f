//! The runtime API of the M2M payments pallet: how the node's `payments_*` RPC methods (and any
//! other client) read agreements, channels, listings and rentals, and get the exact bytes of a
//! voucher to sign.
//!
//! Every method is served by the pallet's own read function, so clients and calls share one
//! implementation of each rule (what remains in a channel, until when it accepts vouchers,
//! whether an agreement may be claimed, who uses a device now). The answers are the pallet's
//! own view types, which carry their JSON form under `std` (see `docs/rpc.md`).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;

pub use iotchain_primitives::Page;
pub use pallet_m2m_payments::{
	Agreement, AgreementId, AgreementStatus, AgreementView, Channel, ChannelId, ChannelState,
	ChannelView, Condition, Listing, ListingView, MilestoneKind, Rental, RentalPhase, RentalView,
	ShipmentId, MAX_AGREEMENTS_PAGE,
};

sp_api::decl_runtime_apis! {
	/// Reads of the M2M payments pallet for clients.
	///
	/// Version 2: generic over the runtime's account and block number types, pages of
	/// agreements with their next cursor, listings with their device.
	#[api_version(2)]
	pub trait M2mPaymentsApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// The agreement `id`, if it has not ended (`Pallet::agreement`).
		fn agreement(id: AgreementId) -> Option<AgreementView<AccountId, Balance, BlockNumber>>;

		/// One page of the agreements `party` pays or is paid by, in id order: at most `limit`
		/// (and at most [`MAX_AGREEMENTS_PAGE`]) after the id `cursor`, and the cursor of the
		/// next page (`Pallet::agreements_by_party`).
		fn agreements_by_party(
			party: AccountId,
			cursor: Option<AgreementId>,
			limit: u32,
		) -> Page<AgreementView<AccountId, Balance, BlockNumber>, AgreementId>;

		/// The channel `id`, if it is not closed, with what remains in it (`Pallet::channel`).
		fn channel(id: ChannelId) -> Option<ChannelView<AccountId, Balance, BlockNumber>>;

		/// The device's listing, if it is offered for rent (`Pallet::listing`).
		fn listing(device: AccountId) -> Option<ListingView<AccountId, Balance, BlockNumber>>;

		/// The device's rental until it is settled, with its phase (`Pallet::rental`).
		fn rental(device: AccountId) -> Option<RentalView<AccountId, Balance, BlockNumber>>;

		/// The renter that may use the device now, if any (`Pallet::current_user`).
		fn current_user(device: AccountId) -> Option<AccountId>;

		/// The exact bytes the payer signs for a voucher of `cumulative_amount` over channel
		/// `channel` on this chain (`Pallet::voucher_payload`).
		fn voucher_payload(channel: ChannelId, cumulative_amount: Balance) -> Vec<u8>;
	}
}
