//! The runtime API of the supply-chain pallet: how the node's `supplyChain_*` RPC methods (and
//! any other client) read shipments, their history, lot provenance and parties' shipments.
//!
//! It returns the pallet's own view types, which serialize to the JSON the RPC serves. Every
//! method is served by the pallet's own read function, so clients and calls share one
//! implementation of each rule, paging included.

#![cfg_attr(not(feature = "std"), no_std)]

use codec::Codec;

pub use iotchain_primitives::Page;
pub use pallet_supply_chain::{
	AnchorRef, ConditionRule, HistoryEntryView, HistoryEvent, LotId, LotProvenance, LotStatus,
	LotView, Metric, MilestoneKind, PendingHandover, ProvenanceStep, Reporter, ShipmentId,
	ShipmentStatus, ShipmentView, Tracker, MAX_HISTORY_PAGE, MAX_PROVENANCE_LOTS,
	MAX_SHIPMENTS_PAGE,
};

sp_api::decl_runtime_apis! {
	/// Reads of the supply-chain pallet.
	///
	/// Version 2: pages (`Page`) with a cursor after which they start, and the view types'
	/// own JSON.
	#[api_version(2)]
	pub trait SupplyChainApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// Shipment `id`, open or closed (`Pallet::shipment`).
		fn shipment(id: ShipmentId) -> Option<ShipmentView<Balance, BlockNumber>>;

		/// One page of the shipment's history: at most `limit` (and at most
		/// [`MAX_HISTORY_PAGE`]) entries after index `cursor`, from the first if `None`
		/// (`Pallet::history`).
		fn history(
			shipment: ShipmentId,
			cursor: Option<u32>,
			limit: u32,
		) -> Page<HistoryEntryView<BlockNumber>, u32>;

		/// Lot `id`, consumed ones included, with its shipments (`Pallet::lot`).
		fn lot(id: LotId) -> Option<LotView<BlockNumber>>;

		/// Lot `id` and the lots it was made from, back to the lots registered as produced, at
		/// most [`MAX_PROVENANCE_LOTS`] (`Pallet::lot_provenance`).
		fn lot_provenance(id: LotId) -> Option<LotProvenance<BlockNumber>>;

		/// One page of the shipments `party` is a party to, ascending by id: at most `limit`
		/// (and at most [`MAX_SHIPMENTS_PAGE`]) after shipment `cursor`, from the first if
		/// `None` (`Pallet::shipments_by_party`).
		fn shipments_by_party(
			party: AccountId,
			cursor: Option<ShipmentId>,
			limit: u32,
		) -> Page<ShipmentView<Balance, BlockNumber>, ShipmentId>;
	}
}
