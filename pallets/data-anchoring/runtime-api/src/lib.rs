//! The runtime API of the data-anchoring pallet: how the node's `anchoring_*` RPC methods (and any
//! other client) read anchors and verify readings against them.
//!
//! Every method is served by the pallet's own read function, so clients and calls share one
//! implementation of each rule, and answers with the pallet's own types, whose JSON is what the
//! RPC methods return (`docs/rpc.md`).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
use sp_core::H256;

pub use iotchain_primitives::Page;
pub use pallet_data_anchoring::{
	AnchorView, AnchorViewKind, AnchoredAt, DeviceSignature, NotProven, ProofVerdict,
	ProvenReading, ReadingEnvelope, ReadingVerdict, MAX_ANCHORS_PAGE,
};

sp_api::decl_runtime_apis! {
	/// Reads of the data-anchoring pallet.
	///
	/// Version 3 added aggregates: the `aggregate` anchor kind and `verify_reading`.
	#[api_version(3)]
	pub trait DataAnchoringApi<AccountId, BlockNumber>
	where
		AccountId: Codec,
		BlockNumber: Codec,
	{
		/// The device's anchor `seq` (`Pallet::anchor_view`).
		fn anchor(device: AccountId, seq: u64) -> Option<AnchorView<BlockNumber>>;

		/// Up to `limit` (at most [`MAX_ANCHORS_PAGE`]) of the device's anchors after sequence
		/// number `cursor` (from the first when `None`), ascending, and the cursor of the next
		/// page (`Pallet::anchors_page`).
		fn anchors(
			device: AccountId,
			cursor: Option<u64>,
			limit: u32,
		) -> Page<AnchorView<BlockNumber>, u64>;

		/// The highest sequence number the device has anchored (`Pallet::last_seq`); numbers
		/// below it may be missing, since anchors may arrive out of order.
		fn last_seq(device: AccountId) -> Option<u64>;

		/// Whether `leaf` at `leaf_index` is proven by the device's anchor `seq` with the sibling
		/// nodes `proof`: when it was anchored, or why not (`Pallet::verify_reading`).
		fn verify_proof(
			device: AccountId,
			seq: u64,
			leaf: H256,
			leaf_index: u32,
			proof: Vec<H256>,
		) -> ProofVerdict<BlockNumber>;

		/// Whether the reading `envelope`, at `leaf_index` with the sibling nodes `proof`, is in
		/// the gateway's aggregate `seq`, and whether its device signed it with the key it held
		/// then (`Pallet::verify_reading_envelope`).
		#[api_version(3)]
		fn verify_reading(
			gateway: AccountId,
			seq: u64,
			envelope: ReadingEnvelope<AccountId>,
			leaf_index: u32,
			proof: Vec<H256>,
		) -> ReadingVerdict<AccountId, BlockNumber>;
	}
}
