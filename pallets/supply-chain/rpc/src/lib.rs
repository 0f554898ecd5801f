//! The `supplyChain_*` JSON-RPC methods: shipments, their paged history, lots and their
//! provenance, and the shipments of a party.
//!
//! Each method reads through `SupplyChainApi` at the best block, or at block hash `at` when
//! given. Accounts are SS58 strings with the chain's prefix, byte strings (product codes,
//! metadata, locations, reasons) `0x` hex, balances decimal strings (they may not fit a
//! JavaScript number), ids, block numbers and times JSON numbers; fields are camelCase.
//!
//! - `supplyChain_shipment(id, at?)`: a [`Shipment`] or `null`.
//! - `supplyChain_history(shipment, start, limit?, at?)`: a [`HistoryPage`] of at most
//!   [`MAX_HISTORY_PAGE`] entries from index `start` on, with `next` to pass as `start` for the
//!   next page (`null` on the last). Each entry has `index`, `block`, `moment` (the chain's time,
//!   milliseconds since the Unix epoch) and a `type`: `created`, `custodyTransferred`,
//!   `milestone`, `conditionReport`, `delivered`, `rejected` or `expired`, with that event's
//!   fields.
//! - `supplyChain_lot(id, at?)`: a [`Lot`] or `null`.
//! - `supplyChain_lotProvenance(lot, at?)`: a [`Provenance`]: the lot, then the lots it was made
//!   from back to the lots registered as produced, breadth first, each with its `depth` and the
//!   shipments it travelled in; `truncated` if more than [`MAX_PROVENANCE_LOTS`] lots.
//! - `supplyChain_shipmentsByParty(account, startAfter?, limit?, at?)`: a [`ShipmentsPage`] of
//!   the shipments the account took part in (shipper, custodian, or receiver once it took custody
//!   or answered the delivery), ascending by id, at most
//!   `limit` (capped at [`MAX_SHIPMENTS_PAGE`]), with `next` to pass as `startAfter`.
//!
//! Milestone kinds are `pickedUp`, `departed`, `arrived`, `customsCleared`, `delivered` or
//! `custom:<code>`; metrics `temperature` (centi-°C), `humidity` (basis points of RH), `shock`
//! (milli-g), `tilt` (centi-degrees), `light` (lux) or `custom:<code>`, with values as integers
//! in those units; statuses `inTransit`, `conditionBreached`, `delivered`, `rejected`, `expired`.

use std::{fmt::Display, marker::PhantomData, sync::Arc};

use codec::Codec;
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::{error::ErrorObject, ErrorObjectOwned},
};
use serde::{Deserialize, Serialize};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::{
	crypto::{Ss58AddressFormat, Ss58Codec},
	Bytes,
};
use sp_runtime::{
	traits::{Block as BlockT, NumberFor, UniqueSaturatedInto},
	AccountId32,
};

pub use pallet_supply_chain_runtime_api::{
	AnchorRef, ConditionRule, HistoryEntryView, HistoryEvent, LotId, LotStatus, LotView, Metric,
	MilestoneKind, Reporter, ShipmentId, ShipmentStatus, ShipmentView,
	SupplyChainApi as SupplyChainRuntimeApi, MAX_HISTORY_PAGE, MAX_PROVENANCE_LOTS,
	MAX_SHIPMENTS_PAGE,
};

/// A shipment as the RPC returns it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Shipment {
	/// The shipment's id.
	pub id: ShipmentId,
	/// Who created it and holds its deposit, SS58.
	pub shipper: String,
	/// Who it is for, SS58.
	pub receiver: String,
	/// Who holds the goods now, SS58.
	pub custodian: String,
	/// The custodian's pending offer of custody.
	pub pending_handover: Option<Handover>,
	/// The lots it carries.
	pub lots: Vec<LotId>,
	/// Its tracker devices, with the nonce each one's next signed report carries.
	pub trackers: Vec<TrackerSlot>,
	/// The rules its goods must keep to.
	pub conditions: Vec<Rule>,
	/// The escrow agreement linked to its delivery.
	pub agreement: Option<u64>,
	/// `inTransit`, `conditionBreached`, `delivered`, `rejected` or `expired`.
	pub status: String,
	/// The history index of the first report that broke a rule.
	pub first_breach: Option<u32>,
	/// What is held from the shipper, in plancks; `"0"` once closed.
	pub deposit: String,
	/// The block it was created in.
	pub created_at: u64,
	/// The last block in which it takes calls while open; after it, anyone may close it as
	/// expired.
	pub deadline: u64,
	/// How many history entries it has.
	pub history_len: u32,
}

/// A pending offer of custody.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Handover {
	/// The account offered custody, SS58.
	pub to: String,
	/// Where the goods change hands.
	pub location: Bytes,
	/// The block the offer was made in.
	pub offered_at: u64,
}

/// A tracker of a shipment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TrackerSlot {
	/// The device's id, SS58.
	pub device: String,
	/// The nonce its next signed report must carry.
	pub nonce: u32,
}

/// A condition rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Rule {
	/// What is measured (see the crate docs for names and units).
	pub metric: String,
	/// The lowest value allowed.
	pub min: i32,
	/// The highest value allowed.
	pub max: i32,
}

/// A reference to anchored data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Anchor {
	/// The device that anchored it, SS58.
	pub device: String,
	/// The anchor's sequence number (read it with `anchoring_anchor`).
	pub seq: u64,
}

/// Who recorded a milestone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum ReporterJson {
	/// The custodian at the time.
	Custodian {
		/// The custodian, SS58.
		account: String,
	},
	/// A tracker device, itself or relayed.
	Tracker {
		/// The device, SS58.
		device: String,
		/// Who relayed its signed report, SS58; `null` if the device sent it.
		relayer: Option<String>,
	},
}

/// One history entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
	/// Its index in the shipment's history.
	pub index: u32,
	/// The block it was recorded in.
	pub block: u64,
	/// The chain's time at that block, milliseconds since the Unix epoch.
	pub moment: u64,
	/// What happened.
	#[serde(flatten)]
	pub event: EntryEvent,
}

/// What a history entry records.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum EntryEvent {
	/// The shipment was created; the shipper holds custody.
	Created {
		/// The shipper, SS58.
		shipper: String,
		/// The receiver, SS58.
		receiver: String,
	},
	/// Custody passed, accepted by `to`.
	CustodyTransferred {
		/// The previous custodian, SS58.
		from: String,
		/// The new custodian, SS58.
		to: String,
		/// Where.
		location: Bytes,
	},
	/// A milestone.
	Milestone {
		/// Which (see the crate docs).
		kind: String,
		/// Where.
		location: Bytes,
		/// The anchored evidence, if any.
		evidence: Option<Anchor>,
		/// Who recorded it.
		reporter: ReporterJson,
	},
	/// A tracker's observed range of a metric.
	ConditionReport {
		/// The tracker device, SS58.
		device: String,
		/// Who relayed its signed report, SS58; `null` if the device sent it.
		relayer: Option<String>,
		/// What was measured.
		metric: String,
		/// The lowest value observed, in the metric's unit.
		observed_min: i32,
		/// The highest value observed, in the metric's unit.
		observed_max: i32,
		/// The window's start, the device's time in milliseconds since the Unix epoch.
		window_start: u64,
		/// The window's end, likewise.
		window_end: u64,
		/// The anchor holding the raw readings.
		anchor: Anchor,
		/// Whether the range broke the shipment's rule.
		breached: bool,
	},
	/// The receiver accepted the delivery.
	Delivered {
		/// The receiver, SS58.
		receiver: String,
		/// Whether `Delivered` was signalled to payments (no rule broken).
		milestone_signalled: bool,
	},
	/// The receiver rejected the delivery.
	Rejected {
		/// The receiver, SS58.
		receiver: String,
		/// Why.
		reason: Bytes,
	},
	/// The deadline passed without an answer from the receiver and `by` closed the shipment.
	Expired {
		/// Who closed it, SS58.
		by: String,
	},
}

/// One page of a shipment's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryPage {
	/// The entries, oldest first.
	pub entries: Vec<Entry>,
	/// The index the next page starts at; `null` after the last page.
	pub next: Option<u32>,
}

/// A lot as the RPC returns it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Lot {
	/// The lot's id.
	pub id: LotId,
	/// Who registered or made it, SS58.
	pub producer: String,
	/// Who may ship or transform it now, SS58.
	pub holder: String,
	/// What it is.
	pub product_code: Bytes,
	/// How much of it there is.
	pub quantity: u64,
	/// A URI or CID of its documents.
	pub metadata: Bytes,
	/// The lots it was made from; empty if registered as produced.
	pub inputs: Vec<LotId>,
	/// `available`, `inShipment` or `consumed`.
	pub status: String,
	/// The open shipment it travels in, when `inShipment`.
	pub shipment: Option<ShipmentId>,
	/// The lot it went into, when `consumed`.
	pub consumed_into: Option<LotId>,
	/// The block it was registered or made in.
	pub created_at: u64,
	/// The shipments it travelled or travels in, oldest first.
	pub shipments: Vec<ShipmentId>,
}

/// A lot in another lot's provenance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProvenanceLot {
	/// Transformations back from the lot asked about: 0 for itself, 1 for its inputs...
	pub depth: u32,
	/// The lot.
	#[serde(flatten)]
	pub lot: Lot,
}

/// A lot's provenance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Provenance {
	/// The lot, then its inputs, breadth first.
	pub lots: Vec<ProvenanceLot>,
	/// Whether older lots were left out.
	pub truncated: bool,
}

/// One page of a party's shipments.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ShipmentsPage {
	/// The shipments, ascending by id.
	pub shipments: Vec<Shipment>,
	/// What to pass as `startAfter` for the next page; `null` after the last page.
	pub next: Option<ShipmentId>,
}

/// The `supplyChain_*` methods. Parameters may also be passed by name, in camelCase.
#[rpc(client, server)]
pub trait SupplyChainApi<BlockHash> {
	/// Shipment `id`, or `null`.
	#[method(name = "supplyChain_shipment")]
	fn shipment(&self, id: ShipmentId, at: Option<BlockHash>) -> RpcResult<Option<Shipment>>;

	/// Up to `limit` of the shipment's history entries from index `start` on.
	#[method(name = "supplyChain_history")]
	fn history(
		&self,
		shipment: ShipmentId,
		start: u32,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<HistoryPage>;

	/// Lot `id`, or `null`.
	#[method(name = "supplyChain_lot")]
	fn lot(&self, id: LotId, at: Option<BlockHash>) -> RpcResult<Option<Lot>>;

	/// Lot `lot` and the lots it was made from, or `null`.
	#[method(name = "supplyChain_lotProvenance")]
	fn lot_provenance(&self, lot: LotId, at: Option<BlockHash>) -> RpcResult<Option<Provenance>>;

	/// One page of the shipments `account` is a party to, after `startAfter`.
	#[method(name = "supplyChain_shipmentsByParty")]
	fn shipments_by_party(
		&self,
		account: AccountId32,
		#[argument(rename = "startAfter")] start_after: Option<ShipmentId>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<ShipmentsPage>;
}

/// The error code of a failed runtime API call.
pub const RUNTIME_ERROR: i32 = 1;

fn runtime_error(error: impl std::fmt::Debug) -> ErrorObjectOwned {
	ErrorObject::owned(RUNTIME_ERROR, "Unable to read the supply chain", Some(format!("{error:?}")))
}

/// Serves the `supplyChain_*` methods from a client's runtime API.
pub struct SupplyChain<C, Block, Balance> {
	client: Arc<C>,
	ss58_format: Ss58AddressFormat,
	_marker: PhantomData<fn() -> (Block, Balance)>,
}

impl<C, Block, Balance> SupplyChain<C, Block, Balance> {
	/// Serves the methods from `client`, writing accounts with SS58 prefix `ss58_prefix` (the
	/// chain's).
	pub fn new(client: Arc<C>, ss58_prefix: u16) -> Self {
		Self { client, ss58_format: Ss58AddressFormat::custom(ss58_prefix), _marker: PhantomData }
	}
}

impl<C, Block, Balance> SupplyChain<C, Block, Balance>
where
	Block: BlockT,
	C: HeaderBackend<Block>,
{
	fn at(&self, at: Option<Block::Hash>) -> Block::Hash {
		at.unwrap_or_else(|| self.client.info().best_hash)
	}
}

impl<C, Block, Balance> SupplyChainApiServer<<Block as BlockT>::Hash>
	for SupplyChain<C, Block, Balance>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: SupplyChainRuntimeApi<Block, Balance, NumberFor<Block>>,
	Balance: Codec + Display + Send + Sync + 'static,
{
	fn shipment(&self, id: ShipmentId, at: Option<Block::Hash>) -> RpcResult<Option<Shipment>> {
		let view = self.client.runtime_api().shipment(self.at(at), id).map_err(runtime_error)?;
		Ok(view.map(|view| shipment_json(&view, self.ss58_format)))
	}

	fn history(
		&self,
		shipment: ShipmentId,
		start: u32,
		limit: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<HistoryPage> {
		let limit = limit.unwrap_or(MAX_HISTORY_PAGE).min(MAX_HISTORY_PAGE);
		let page = self
			.client
			.runtime_api()
			.history(self.at(at), shipment, start, limit)
			.map_err(runtime_error)?;
		Ok(HistoryPage {
			entries: page
				.entries
				.into_iter()
				.map(|(index, entry)| entry_json(index, entry, self.ss58_format))
				.collect(),
			next: page.next,
		})
	}

	fn lot(&self, id: LotId, at: Option<Block::Hash>) -> RpcResult<Option<Lot>> {
		let view = self.client.runtime_api().lot(self.at(at), id).map_err(runtime_error)?;
		Ok(view.map(|view| lot_json(view, self.ss58_format)))
	}

	fn lot_provenance(&self, lot: LotId, at: Option<Block::Hash>) -> RpcResult<Option<Provenance>> {
		let provenance =
			self.client.runtime_api().lot_provenance(self.at(at), lot).map_err(runtime_error)?;
		Ok(provenance.map(|provenance| Provenance {
			lots: provenance
				.lots
				.into_iter()
				.map(|step| ProvenanceLot {
					depth: step.depth,
					lot: lot_json(step.lot, self.ss58_format),
				})
				.collect(),
			truncated: provenance.truncated,
		}))
	}

	fn shipments_by_party(
		&self,
		account: AccountId32,
		start_after: Option<ShipmentId>,
		limit: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<ShipmentsPage> {
		let limit = limit.unwrap_or(MAX_SHIPMENTS_PAGE).min(MAX_SHIPMENTS_PAGE);
		let views = self
			.client
			.runtime_api()
			.shipments_by_party(self.at(at), account, start_after, limit)
			.map_err(runtime_error)?;
		let full_page = u32::try_from(views.len()).is_ok_and(|len| len >= limit && len > 0);
		let next = full_page.then(|| views.last().map(|view| view.id)).flatten();
		let shipments = views.iter().map(|view| shipment_json(view, self.ss58_format)).collect();
		Ok(ShipmentsPage { shipments, next })
	}
}

/// A metric's name: `temperature`, `humidity`, `shock`, `tilt`, `light` or `custom:<code>`.
pub fn metric_name(metric: Metric) -> String {
	match metric {
		Metric::Temperature => "temperature".into(),
		Metric::Humidity => "humidity".into(),
		Metric::Shock => "shock".into(),
		Metric::Tilt => "tilt".into(),
		Metric::Light => "light".into(),
		Metric::Custom(code) => format!("custom:{code}"),
	}
}

/// A milestone's name: `pickedUp`, `departed`, `arrived`, `customsCleared`, `delivered` or
/// `custom:<code>`.
pub fn milestone_name(kind: MilestoneKind) -> String {
	match kind {
		MilestoneKind::PickedUp => "pickedUp".into(),
		MilestoneKind::Departed => "departed".into(),
		MilestoneKind::Arrived => "arrived".into(),
		MilestoneKind::CustomsCleared => "customsCleared".into(),
		MilestoneKind::Delivered => "delivered".into(),
		MilestoneKind::Custom(code) => format!("custom:{code}"),
	}
}

fn status_name(status: ShipmentStatus) -> &'static str {
	match status {
		ShipmentStatus::InTransit => "inTransit",
		ShipmentStatus::ConditionBreached => "conditionBreached",
		ShipmentStatus::Delivered => "delivered",
		ShipmentStatus::Rejected => "rejected",
		ShipmentStatus::Expired => "expired",
	}
}

fn anchor_json(anchor: AnchorRef, format: Ss58AddressFormat) -> Anchor {
	Anchor { device: anchor.device.to_ss58check_with_version(format), seq: anchor.seq }
}

/// A shipment view as JSON, with accounts in SS58 of `format`.
pub fn shipment_json<Balance: Display, BlockNumber: UniqueSaturatedInto<u64> + Copy>(
	view: &ShipmentView<Balance, BlockNumber>,
	format: Ss58AddressFormat,
) -> Shipment {
	let ss58 = |account: &AccountId32| account.to_ss58check_with_version(format);
	Shipment {
		id: view.id,
		shipper: ss58(&view.shipper),
		receiver: ss58(&view.receiver),
		custodian: ss58(&view.custodian),
		pending_handover: view.pending_handover.as_ref().map(|offer| Handover {
			to: ss58(&offer.to),
			location: offer.location.clone().into(),
			offered_at: offer.offered_at.unique_saturated_into(),
		}),
		lots: view.lots.clone(),
		trackers: view
			.trackers
			.iter()
			.map(|tracker| TrackerSlot { device: ss58(&tracker.device), nonce: tracker.nonce })
			.collect(),
		conditions: view
			.conditions
			.iter()
			.map(|rule| Rule { metric: metric_name(rule.metric), min: rule.min, max: rule.max })
			.collect(),
		agreement: view.agreement,
		status: status_name(view.status).into(),
		first_breach: view.first_breach,
		deposit: view.deposit.to_string(),
		created_at: view.created_at.unique_saturated_into(),
		deadline: view.deadline.unique_saturated_into(),
		history_len: view.history_len,
	}
}

/// A history entry as JSON, with accounts in SS58 of `format`.
pub fn entry_json<BlockNumber: UniqueSaturatedInto<u64>>(
	index: u32,
	entry: HistoryEntryView<BlockNumber>,
	format: Ss58AddressFormat,
) -> Entry {
	let ss58 = |account: AccountId32| account.to_ss58check_with_version(format);
	let event = match entry.event {
		HistoryEvent::Created { shipper, receiver } => {
			EntryEvent::Created { shipper: ss58(shipper), receiver: ss58(receiver) }
		}
		HistoryEvent::CustodyTransferred { from, to, location } => EntryEvent::CustodyTransferred {
			from: ss58(from),
			to: ss58(to),
			location: location.into(),
		},
		HistoryEvent::Milestone { kind, location, evidence, reporter } => EntryEvent::Milestone {
			kind: milestone_name(kind),
			location: location.into(),
			evidence: evidence.map(|anchor| anchor_json(anchor, format)),
			reporter: match reporter {
				Reporter::Custodian(account) => ReporterJson::Custodian { account: ss58(account) },
				Reporter::Tracker { device, relayer } => {
					ReporterJson::Tracker { device: ss58(device), relayer: relayer.map(ss58) }
				}
			},
		},
		HistoryEvent::ConditionReport {
			device,
			relayer,
			metric,
			observed_min,
			observed_max,
			window_start,
			window_end,
			anchor,
			breached,
		} => EntryEvent::ConditionReport {
			device: ss58(device),
			relayer: relayer.map(ss58),
			metric: metric_name(metric),
			observed_min,
			observed_max,
			window_start,
			window_end,
			anchor: anchor_json(anchor, format),
			breached,
		},
		HistoryEvent::Delivered { receiver, milestone_signalled } => {
			EntryEvent::Delivered { receiver: ss58(receiver), milestone_signalled }
		}
		HistoryEvent::Rejected { receiver, reason } => {
			EntryEvent::Rejected { receiver: ss58(receiver), reason: reason.into() }
		}
		HistoryEvent::Expired { by } => EntryEvent::Expired { by: ss58(by) },
	};
	Entry { index, block: entry.block.unique_saturated_into(), moment: entry.moment, event }
}

/// A lot view as JSON, with accounts in SS58 of `format`.
pub fn lot_json<BlockNumber: UniqueSaturatedInto<u64>>(
	view: LotView<BlockNumber>,
	format: Ss58AddressFormat,
) -> Lot {
	let (status, shipment, consumed_into) = match view.status {
		LotStatus::Available => ("available", None, None),
		LotStatus::InShipment(shipment) => ("inShipment", Some(shipment), None),
		LotStatus::Consumed { into } => ("consumed", None, Some(into)),
	};
	Lot {
		id: view.id,
		producer: view.producer.to_ss58check_with_version(format),
		holder: view.holder.to_ss58check_with_version(format),
		product_code: view.product_code.into(),
		quantity: view.quantity,
		metadata: view.metadata.into(),
		inputs: view.inputs,
		status: status.into(),
		shipment,
		consumed_into,
		created_at: view.created_at.unique_saturated_into(),
		shipments: view.shipments,
	}
}

#[cfg(test)]
mod tests {
	// A panic in a test is a failed test.
	#![allow(clippy::indexing_slicing, clippy::expect_used)]

	use super::*;
	use pallet_supply_chain_runtime_api::{PendingHandover, Tracker};
	use serde_json::json;

	const FORMAT: u16 = 4242;

	fn format() -> Ss58AddressFormat {
		Ss58AddressFormat::custom(FORMAT)
	}

	fn ss58(byte: u8) -> String {
		AccountId32::new([byte; 32]).to_ss58check_with_version(format())
	}

	#[test]
	fn shipments_use_ss58_hex_names_and_decimal_strings() {
		let view = ShipmentView::<u128, u32> {
			id: 7,
			shipper: AccountId32::new([1; 32]),
			receiver: AccountId32::new([4; 32]),
			custodian: AccountId32::new([2; 32]),
			pending_handover: Some(PendingHandover {
				to: AccountId32::new([3; 32]),
				location: b"DEHAM".to_vec(),
				offered_at: 9,
			}),
			lots: vec![1, 2],
			trackers: vec![Tracker { device: AccountId32::new([8; 32]), nonce: 3 }],
			conditions: vec![ConditionRule { metric: Metric::Temperature, min: 200, max: 800 }],
			agreement: Some(11),
			status: ShipmentStatus::ConditionBreached,
			first_breach: Some(4),
			deposit: 1_000_000_000_000_000_000_000,
			created_at: 5,
			deadline: 105,
			history_len: 6,
		};
		let json = serde_json::to_value(shipment_json(&view, format())).expect("serializes");
		assert_eq!(
			json,
			json!({
				"id": 7,
				"shipper": ss58(1),
				"receiver": ss58(4),
				"custodian": ss58(2),
				"pendingHandover": { "to": ss58(3), "location": "0x444548414d", "offeredAt": 9 },
				"lots": [1, 2],
				"trackers": [{ "device": ss58(8), "nonce": 3 }],
				"conditions": [{ "metric": "temperature", "min": 200, "max": 800 }],
				"agreement": 11,
				"status": "conditionBreached",
				"firstBreach": 4,
				"deposit": "1000000000000000000000",
				"createdAt": 5,
				"deadline": 105,
				"historyLen": 6,
			})
		);
	}

	#[test]
	fn history_entries_are_tagged_by_type_with_camel_case_fields() {
		let report = HistoryEntryView::<u32> {
			block: 12,
			moment: 1_700_000_000_000,
			event: HistoryEvent::ConditionReport {
				device: AccountId32::new([8; 32]),
				relayer: Some(AccountId32::new([6; 32])),
				metric: Metric::Custom(7),
				observed_min: -250,
				observed_max: 1100,
				window_start: 1,
				window_end: 2,
				anchor: AnchorRef { device: AccountId32::new([8; 32]), seq: 5 },
				breached: true,
			},
		};
		let json = serde_json::to_value(entry_json(3, report, format())).expect("serializes");
		assert_eq!(
			json,
			json!({
				"index": 3,
				"block": 12,
				"moment": 1_700_000_000_000u64,
				"type": "conditionReport",
				"device": ss58(8),
				"relayer": ss58(6),
				"metric": "custom:7",
				"observedMin": -250,
				"observedMax": 1100,
				"windowStart": 1,
				"windowEnd": 2,
				"anchor": { "device": ss58(8), "seq": 5 },
				"breached": true,
			})
		);

		let milestone = HistoryEntryView::<u32> {
			block: 13,
			moment: 5,
			event: HistoryEvent::Milestone {
				kind: MilestoneKind::CustomsCleared,
				location: b"NLRTM".to_vec(),
				evidence: None,
				reporter: Reporter::Custodian(AccountId32::new([2; 32])),
			},
		};
		let json = serde_json::to_value(entry_json(4, milestone, format())).expect("serializes");
		assert_eq!(json["type"], "milestone");
		assert_eq!(json["kind"], "customsCleared");
		assert_eq!(json["evidence"], serde_json::Value::Null);
		assert_eq!(json["reporter"], json!({ "type": "custodian", "account": ss58(2) }));

		let delivered = HistoryEntryView::<u32> {
			block: 14,
			moment: 6,
			event: HistoryEvent::Delivered {
				receiver: AccountId32::new([4; 32]),
				milestone_signalled: false,
			},
		};
		let json = serde_json::to_value(entry_json(5, delivered, format())).expect("serializes");
		assert_eq!(
			json,
			json!({
				"index": 5, "block": 14, "moment": 6, "type": "delivered",
				"receiver": ss58(4), "milestoneSignalled": false,
			})
		);

		let expired = HistoryEntryView::<u32> {
			block: 15,
			moment: 7,
			event: HistoryEvent::Expired { by: AccountId32::new([1; 32]) },
		};
		let json = serde_json::to_value(entry_json(6, expired, format())).expect("serializes");
		assert_eq!(
			json,
			json!({ "index": 6, "block": 15, "moment": 7, "type": "expired", "by": ss58(1) })
		);
	}

	#[test]
	fn lots_name_their_status_and_flatten_into_provenance() {
		let lot = LotView::<u32> {
			id: 30,
			producer: AccountId32::new([1; 32]),
			holder: AccountId32::new([4; 32]),
			product_code: b"0950".to_vec(),
			quantity: 1_000,
			metadata: vec![],
			inputs: vec![10, 20],
			status: LotStatus::Consumed { into: 40 },
			created_at: 3,
			shipments: vec![7],
		};
		let step = ProvenanceLot { depth: 1, lot: lot_json(lot, format()) };
		let json = serde_json::to_value(step).expect("serializes");
		assert_eq!(
			json,
			json!({
				"depth": 1,
				"id": 30,
				"producer": ss58(1),
				"holder": ss58(4),
				"productCode": "0x30393530",
				"quantity": 1000,
				"metadata": "0x",
				"inputs": [10, 20],
				"status": "consumed",
				"shipment": null,
				"consumedInto": 40,
				"createdAt": 3,
				"shipments": [7],
			})
		);
	}

	#[test]
	fn names_of_milestones_and_metrics() {
		assert_eq!(milestone_name(MilestoneKind::PickedUp), "pickedUp");
		assert_eq!(milestone_name(MilestoneKind::Custom(42)), "custom:42");
		assert_eq!(metric_name(Metric::Humidity), "humidity");
		assert_eq!(metric_name(Metric::Light), "light");
	}
}
