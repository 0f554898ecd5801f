//! The runtime API of the supply-chain pallet: how the node's `supplyChain_*` RPC methods (and
//! any other client) read shipments, their history, lot provenance and parties' shipments.
//!
//! It returns SCALE types; the `pallet-supply-chain-rpc` crate turns them into JSON. Every method
//! is served by the pallet's own read function, so clients and calls share one implementation of
//! each rule.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
use sp_runtime::AccountId32;

pub use pallet_supply_chain::{
	AnchorRef, ConditionRule, HistoryEntryView, HistoryEvent, HistoryPage, LotId, LotProvenance,
	LotStatus, LotView, Metric, MilestoneKind, PendingHandover, ProvenanceStep, Reporter,
	ShipmentId, ShipmentStatus, ShipmentView, Tracker, MAX_HISTORY_PAGE, MAX_PROVENANCE_LOTS,
	MAX_SHIPMENTS_PAGE,
};

sp_api::decl_runtime_apis! {
	/// Reads of the supply-chain pallet.
	pub trait SupplyChainApi<Balance, BlockNumber>
	where
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// Shipment `id`, open or closed (`Pallet::shipment`).
		fn shipment(id: ShipmentId) -> Option<ShipmentView<Balance, BlockNumber>>;

		/// Up to `limit` (at most [`MAX_HISTORY_PAGE`]) of the shipment's history entries from
		/// index `start` on, and where the next page starts (`Pallet::history`).
		fn history(shipment: ShipmentId, start: u32, limit: u32) -> HistoryPage<BlockNumber>;

		/// Lot `id`, consumed ones included, with its shipments (`Pallet::lot`).
		fn lot(id: LotId) -> Option<LotView<BlockNumber>>;

		/// Lot `id` and the lots it was made from, back to the lots registered as produced, at
		/// most [`MAX_PROVENANCE_LOTS`] (`Pallet::lot_provenance`).
		fn lot_provenance(id: LotId) -> Option<LotProvenance<BlockNumber>>;

		/// One page of the shipments `party` is a party to, ascending by id: at most `limit`
		/// (and at most [`MAX_SHIPMENTS_PAGE`]) after `start_after`, the last shipment of the
		/// previous page (`Pallet::shipments_by_party`). A page shorter than asked for is the
		/// last one.
		fn shipments_by_party(
			party: AccountId32,
			start_after: Option<ShipmentId>,
			limit: u32,
		) -> Vec<ShipmentView<Balance, BlockNumber>>;
	}
}
