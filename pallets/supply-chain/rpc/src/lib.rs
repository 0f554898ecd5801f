//! The `supplyChain_*` JSON-RPC methods, each forwarded to `SupplyChainApi` at block `at` (the
//! best block if `null`); the answers are the pallet's own view types in the JSON convention of
//! `docs/rpc.md`, where every method is described with an example answer:
//!
//! - `supplyChain_shipment(id, at?)`: a [`ShipmentView`] or `null`;
//! - `supplyChain_history(shipment, cursor?, limit?, at?)`: a [`Page`] of
//!   [`HistoryEntryView`]s, `cursor` being the index of the entry the page starts after;
//! - `supplyChain_lot(id, at?)`: a [`LotView`] or `null`;
//! - `supplyChain_lotProvenance(lot, at?)`: a [`LotProvenance`] or `null`;
//! - `supplyChain_shipmentsByParty(party, cursor?, limit?, at?)`: a [`Page`] of
//!   [`ShipmentView`]s, `cursor` being the id of the shipment the page starts after.

use std::fmt::Display;

use codec::Codec;
use iotchain_rpc::{Account, Reader};
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_runtime::{traits::Block as BlockT, AccountId32};

pub use pallet_supply_chain_runtime_api::{
	HistoryEntryView, LotId, LotProvenance, LotView, Page, ShipmentId, ShipmentView,
	SupplyChainApi as SupplyChainRuntimeApi, MAX_HISTORY_PAGE, MAX_SHIPMENTS_PAGE,
};

/// The `supplyChain_*` methods. Parameters may also be passed by name.
#[rpc(server)]
pub trait SupplyChainApi<BlockHash, Balance, BlockNumber>
where
	Balance: Display,
{
	/// Shipment `id`, open or closed, or `null`.
	#[method(name = "supplyChain_shipment")]
	fn shipment(
		&self,
		id: ShipmentId,
		at: Option<BlockHash>,
	) -> RpcResult<Option<ShipmentView<Balance, BlockNumber>>>;

	/// One page of the shipment's history, oldest first: at most `limit` (default and cap
	/// [`MAX_HISTORY_PAGE`]) entries after index `cursor` (`null` for the first page).
	#[method(name = "supplyChain_history")]
	fn history(
		&self,
		shipment: ShipmentId,
		cursor: Option<u32>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Page<HistoryEntryView<BlockNumber>, u32>>;

	/// Lot `id`, consumed ones included, with its shipments, or `null`.
	#[method(name = "supplyChain_lot")]
	fn lot(&self, id: LotId, at: Option<BlockHash>) -> RpcResult<Option<LotView<BlockNumber>>>;

	/// Lot `lot` and the lots it was made from, breadth first, or `null`.
	#[method(name = "supplyChain_lotProvenance")]
	fn lot_provenance(
		&self,
		lot: LotId,
		at: Option<BlockHash>,
	) -> RpcResult<Option<LotProvenance<BlockNumber>>>;

	/// One page of the shipments `party` took part in, ascending by id: at most `limit`
	/// (default and cap [`MAX_SHIPMENTS_PAGE`]) after shipment `cursor` (`null` for the first
	/// page).
	#[method(name = "supplyChain_shipmentsByParty")]
	fn shipments_by_party(
		&self,
		party: Account,
		cursor: Option<ShipmentId>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Page<ShipmentView<Balance, BlockNumber>, ShipmentId>>;
}

/// Serves the `supplyChain_*` methods: the shared [`Reader`] over a client, built with
/// `SupplyChain::new(client)`.
pub type SupplyChain<C, Block> = Reader<C, Block>;

impl<C, Block, Balance, BlockNumber> SupplyChainApiServer<Block::Hash, Balance, BlockNumber>
	for Reader<C, Block>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: SupplyChainRuntimeApi<Block, AccountId32, Balance, BlockNumber>,
	Balance: Codec + Display + Clone + serde::Serialize + Send + Sync + 'static,
	BlockNumber: Codec + Clone + serde::Serialize + Send + Sync + 'static,
{
	fn shipment(
		&self,
		id: ShipmentId,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<ShipmentView<Balance, BlockNumber>>> {
		self.read(at, |api, at| api.shipment(at, id))
	}

	fn history(
		&self,
		shipment: ShipmentId,
		cursor: Option<u32>,
		limit: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<Page<HistoryEntryView<BlockNumber>, u32>> {
		let limit = limit.unwrap_or(MAX_HISTORY_PAGE);
		self.read(at, |api, at| api.history(at, shipment, cursor, limit))
	}

	fn lot(&self, id: LotId, at: Option<Block::Hash>) -> RpcResult<Option<LotView<BlockNumber>>> {
		self.read(at, |api, at| api.lot(at, id))
	}

	fn lot_provenance(
		&self,
		lot: LotId,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<LotProvenance<BlockNumber>>> {
		self.read(at, |api, at| api.lot_provenance(at, lot))
	}

	fn shipments_by_party(
		&self,
		party: Account,
		cursor: Option<ShipmentId>,
		limit: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<Page<ShipmentView<Balance, BlockNumber>, ShipmentId>> {
		let limit = limit.unwrap_or(MAX_SHIPMENTS_PAGE);
		self.read(at, |api, at| api.shipments_by_party(at, party.into(), cursor, limit))
	}
}

#[cfg(test)]
mod tests {
	// A panic in a test is a failed test.
	#![allow(clippy::expect_used)]

	use super::*;
	use iotchain_test_support::json_of;
	use pallet_supply_chain_runtime_api::{
		AnchorRef, ConditionRule, HistoryEvent, LotStatus, Metric, MilestoneKind, PendingHandover,
		ProvenanceStep, Reporter, ShipmentStatus, Tracker,
	};
	use serde_json::json;
	use sp_core::crypto::Ss58Codec;

	fn account(byte: u8) -> AccountId32 {
		AccountId32::new([byte; 32])
	}

	fn ss58(byte: u8) -> String {
		account(byte).to_ss58check()
	}

	#[test]
	fn a_shipment_page_has_camel_case_fields_decimal_balances_and_ss58_accounts() {
		let shipment = ShipmentView::<u128, u32> {
			id: 7,
			shipper: account(1),
			receiver: account(4),
			custodian: account(2),
			pending_handover: Some(PendingHandover {
				to: account(3),
				location: b"DEHAM".to_vec(),
				offered_at: 9,
			}),
			lots: vec![1, 2],
			trackers: vec![Tracker { device: account(8), nonce: 3 }],
			conditions: vec![
				ConditionRule { metric: Metric::Temperature, min: 200, max: 800 },
				ConditionRule { metric: Metric::Custom(7), min: -5, max: 5 },
			],
			agreement: Some(11),
			status: ShipmentStatus::ConditionBreached,
			first_breach: Some(4),
			deposit: 1_000_000_000_000_000_000_000,
			created_at: 5,
			deadline: 105,
			history_len: 6,
		};
		let page = Page { items: vec![shipment], next: Some(7u64) };
		assert_eq!(
			json_of(&page),
			json!({
				"items": [{
					"id": 7,
					"shipper": ss58(1),
					"receiver": ss58(4),
					"custodian": ss58(2),
					"pendingHandover": { "to": ss58(3), "location": "0x444548414d", "offeredAt": 9 },
					"lots": [1, 2],
					"trackers": [{ "device": ss58(8), "nonce": 3 }],
					"conditions": [
						{ "metric": "temperature", "min": 200, "max": 800 },
						{ "metric": { "custom": 7 }, "min": -5, "max": 5 },
					],
					"agreement": 11,
					"status": "conditionBreached",
					"firstBreach": 4,
					"deposit": "1000000000000000000000",
					"createdAt": 5,
					"deadline": 105,
					"historyLen": 6,
				}],
				"next": 7,
			})
		);
	}

	#[test]
	fn history_entries_carry_their_index_and_an_externally_tagged_event() {
		let report = HistoryEntryView::<u32> {
			index: 3,
			block: 12,
			moment: 1_700_000_000_000,
			event: HistoryEvent::ConditionReport {
				device: account(8),
				relayer: Some(account(6)),
				metric: Metric::Shock,
				observed_min: -250,
				observed_max: 1100,
				window_start: 1,
				window_end: 2,
				anchor: AnchorRef { device: account(8), seq: 5 },
				breached: true,
			},
		};
		assert_eq!(
			json_of(&report),
			json!({
				"index": 3,
				"block": 12,
				"moment": 1_700_000_000_000u64,
				"event": { "conditionReport": {
					"device": ss58(8),
					"relayer": ss58(6),
					"metric": "shock",
					"observedMin": -250,
					"observedMax": 1100,
					"windowStart": 1,
					"windowEnd": 2,
					"anchor": { "device": ss58(8), "seq": 5 },
					"breached": true,
				}},
			})
		);

		let milestone = HistoryEntryView::<u32> {
			index: 4,
			block: 13,
			moment: 5,
			event: HistoryEvent::Milestone {
				kind: MilestoneKind::Custom(7),
				location: b"NLRTM".to_vec(),
				evidence: None,
				reporter: Reporter::Tracker { device: account(8), relayer: None },
			},
		};
		assert_eq!(
			json_of(&milestone)["event"],
			json!({ "milestone": {
				"kind": { "custom": 7 },
				"location": "0x4e4c52544d",
				"evidence": null,
				"reporter": { "tracker": { "device": ss58(8), "relayer": null } },
			}})
		);

		let custodian = HistoryEvent::<Vec<u8>, Vec<u8>>::Milestone {
			kind: MilestoneKind::CustomsCleared,
			location: vec![],
			evidence: Some(AnchorRef { device: account(8), seq: 1 }),
			reporter: Reporter::Custodian(account(2)),
		};
		assert_eq!(
			json_of(&custodian),
			json!({ "milestone": {
				"kind": "customsCleared",
				"location": "0x",
				"evidence": { "device": ss58(8), "seq": 1 },
				"reporter": { "custodian": ss58(2) },
			}})
		);

		let page = Page {
			items: vec![HistoryEntryView::<u32> {
				index: 0,
				block: 1,
				moment: 2,
				event: HistoryEvent::Created { shipper: account(1), receiver: account(4) },
			}],
			next: None::<u32>,
		};
		assert_eq!(
			json_of(&page),
			json!({
				"items": [{ "index": 0, "block": 1, "moment": 2, "event": {
					"created": { "shipper": ss58(1), "receiver": ss58(4) },
				}}],
				"next": null,
			})
		);
	}

	#[test]
	fn the_closing_events_name_their_accounts_and_reasons() {
		let event = |event: HistoryEvent<Vec<u8>, Vec<u8>>| json_of(&event);
		assert_eq!(
			event(HistoryEvent::Delivered { receiver: account(4), milestone_signalled: false }),
			json!({ "delivered": { "receiver": ss58(4), "milestoneSignalled": false } })
		);
		assert_eq!(
			event(HistoryEvent::Rejected { receiver: account(4), reason: b"warm".to_vec() }),
			json!({ "rejected": { "receiver": ss58(4), "reason": "0x7761726d" } })
		);
		assert_eq!(
			event(HistoryEvent::Expired { by: account(1) }),
			json!({ "expired": { "by": ss58(1) } })
		);
		assert_eq!(
			event(HistoryEvent::CustodyTransferred {
				from: account(1),
				to: account(2),
				location: b"DEHAM".to_vec(),
			}),
			json!({ "custodyTransferred": {
				"from": ss58(1), "to": ss58(2), "location": "0x444548414d",
			}})
		);
	}

	#[test]
	fn lots_and_provenance_show_status_and_bytes_as_the_convention_says() {
		let lot = LotView::<u32> {
			id: 30,
			producer: account(1),
			holder: account(4),
			product_code: b"0950".to_vec(),
			quantity: 1_000,
			metadata: vec![],
			inputs: vec![10, 20],
			status: LotStatus::Consumed { into: 40 },
			created_at: 3,
			shipments: vec![7],
		};
		let provenance =
			LotProvenance { lots: vec![ProvenanceStep { depth: 1, lot }], truncated: false };
		assert_eq!(
			json_of(&provenance),
			json!({
				"lots": [{
					"depth": 1,
					"lot": {
						"id": 30,
						"producer": ss58(1),
						"holder": ss58(4),
						"productCode": "0x30393530",
						"quantity": 1000,
						"metadata": "0x",
						"inputs": [10, 20],
						"status": { "consumed": { "into": 40 } },
						"createdAt": 3,
						"shipments": [7],
					},
				}],
				"truncated": false,
			})
		);
		assert_eq!(json_of(&LotStatus::InShipment(7)), json!({ "inShipment": 7 }));
		assert_eq!(json_of(&LotStatus::Available), json!("available"));
	}
}
