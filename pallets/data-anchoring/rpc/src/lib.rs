//! The `anchoring_*` JSON-RPC methods: anchors by device and sequence number, pages of a device's
//! anchors, its highest sequence number, and proofs of readings.
//!
//! Each method reads through `DataAnchoringApi` at the best block, or at block hash `at` when
//! given. Devices are SS58 addresses, hashes `0x`-prefixed hex, and the answers are JSON objects
//! with camelCase fields:
//!
//! - `anchoring_anchor(device, seq, at?)`: an [`Anchor`] or `null`.
//! - `anchoring_anchors(device, fromSeq, limit, at?)`: an [`AnchorsPage`] of at most
//!   [`MAX_ANCHORS_PAGE`] anchors, ascending, with `nextSeq` to pass as `fromSeq` for the next
//!   page (`null` on the last), so large histories never hit the RPC message limit.
//! - `anchoring_lastSeq(device, at?)`: the device's highest anchored sequence number, or `null`.
//!   Anchors may arrive out of order, so numbers below it may be missing (and may still come).
//! - `anchoring_verifyProof(device, seq, leaf, leafIndex, proof, at?)`: a [`ProofVerdict`]:
//!   `{ "proven": true, "block": 12, "moment": 1700000000000, "reason": null }` or
//!   `{ "proven": false, "block": null, "moment": null, "reason": "Mismatch" }`.

use std::{marker::PhantomData, sync::Arc};

use codec::Codec;
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::{error::ErrorObject, ErrorObjectOwned},
};
use serde::{Deserialize, Serialize};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::H256;
use sp_runtime::traits::Block as BlockT;

pub use pallet_data_anchoring_runtime_api::{
	AnchorKind, AnchorRecord, AnchoredAt, DataAnchoringApi as DataAnchoringRuntimeApi, NotProven,
	MAX_ANCHORS_PAGE,
};

/// One anchor, as the RPC methods show it.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Anchor<BlockNumber> {
	/// The device's sequence number of the anchor.
	pub seq: u64,
	/// `Reading` for one reading, `Batch` for a Merkle root.
	pub kind: Kind,
	/// The reading's digest, or the batch's Merkle root.
	pub digest: H256,
	/// How many readings the anchor covers (1 for a reading).
	pub leaf_count: u32,
	/// The device's claimed time of its first reading in a batch; `null` for a reading.
	pub first_ts: Option<u64>,
	/// The device's claimed time of its last reading in a batch; `null` for a reading.
	pub last_ts: Option<u64>,
	/// The block the anchor was included in.
	pub block: BlockNumber,
	/// The chain's time at that block, in milliseconds since the Unix epoch.
	pub moment: u64,
}

/// What an anchor commits to.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub enum Kind {
	/// One reading's digest.
	Reading,
	/// The Merkle root of a batch of readings.
	Batch,
}

impl<BlockNumber> Anchor<BlockNumber> {
	/// The RPC view of the record of anchor `seq`.
	pub fn new(seq: u64, record: AnchorRecord<BlockNumber>) -> Self {
		let leaf_count = record.kind.leaf_count();
		let AnchorRecord { digest, kind, block, moment } = record;
		let (kind, first_ts, last_ts) = match kind {
			AnchorKind::Reading => (Kind::Reading, None, None),
			AnchorKind::Batch { first_ts, last_ts, .. } => {
				(Kind::Batch, Some(first_ts), Some(last_ts))
			}
		};
		Self { seq, kind, digest, leaf_count, first_ts, last_ts, block, moment }
	}
}

/// A page of a device's anchors.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AnchorsPage<BlockNumber> {
	/// The anchors, ascending by sequence number.
	pub anchors: Vec<Anchor<BlockNumber>>,
	/// Where the next page starts, or `null` if this is the last.
	pub next_seq: Option<u64>,
}

/// Whether a reading is proven by an anchor.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProofVerdict<BlockNumber> {
	/// Whether the reading is proven.
	pub proven: bool,
	/// When proven: the block the anchor was included in.
	pub block: Option<BlockNumber>,
	/// When proven: the chain's time at that block, in milliseconds since the Unix epoch.
	pub moment: Option<u64>,
	/// When not proven: why, as the name of a [`NotProven`] variant (`UnknownAnchor`,
	/// `LeafIndexOutOfRange`, `WrongProofLength`, `Mismatch`).
	pub reason: Option<Reason>,
}

/// Why a reading is not proven; see [`NotProven`].
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub enum Reason {
	/// The device has no anchor with this sequence number.
	UnknownAnchor,
	/// The leaf index is not below the anchor's leaf count.
	LeafIndexOutOfRange,
	/// The proof has the wrong number of siblings for the leaf's position.
	WrongProofLength,
	/// The leaf and proof do not lead to the anchored digest or root.
	Mismatch,
}

impl From<NotProven> for Reason {
	fn from(reason: NotProven) -> Self {
		match reason {
			NotProven::UnknownAnchor => Self::UnknownAnchor,
			NotProven::LeafIndexOutOfRange => Self::LeafIndexOutOfRange,
			NotProven::WrongProofLength => Self::WrongProofLength,
			NotProven::Mismatch => Self::Mismatch,
		}
	}
}

impl<BlockNumber> From<Result<AnchoredAt<BlockNumber>, NotProven>> for ProofVerdict<BlockNumber> {
	fn from(outcome: Result<AnchoredAt<BlockNumber>, NotProven>) -> Self {
		match outcome {
			Ok(AnchoredAt { block, moment }) => {
				Self { proven: true, block: Some(block), moment: Some(moment), reason: None }
			}
			Err(reason) => {
				Self { proven: false, block: None, moment: None, reason: Some(reason.into()) }
			}
		}
	}
}

/// The `anchoring_*` methods. Parameters may also be passed by name, in camelCase.
#[rpc(client, server)]
pub trait AnchoringApi<BlockHash, AccountId, BlockNumber> {
	/// The device's anchor `seq`, or `null`.
	#[method(name = "anchoring_anchor")]
	fn anchor(
		&self,
		device: AccountId,
		#[argument(rename = "seq")] anchor_seq: u64,
		at: Option<BlockHash>,
	) -> RpcResult<Option<Anchor<BlockNumber>>>;

	/// Up to `limit` (at most [`MAX_ANCHORS_PAGE`]) of the device's anchors from `fromSeq` on.
	#[method(name = "anchoring_anchors")]
	fn anchors(
		&self,
		device: AccountId,
		#[argument(rename = "fromSeq")] from_seq: u64,
		limit: u32,
		at: Option<BlockHash>,
	) -> RpcResult<AnchorsPage<BlockNumber>>;

	/// The highest sequence number the device has anchored, or `null`.
	#[method(name = "anchoring_lastSeq")]
	fn last_seq(&self, device: AccountId, at: Option<BlockHash>) -> RpcResult<Option<u64>>;

	/// Whether `leaf` at `leafIndex` is proven by the device's anchor `seq` with `proof`.
	#[method(name = "anchoring_verifyProof")]
	fn verify_proof(
		&self,
		device: AccountId,
		#[argument(rename = "seq")] anchor_seq: u64,
		leaf: H256,
		#[argument(rename = "leafIndex")] leaf_index: u32,
		proof: Vec<H256>,
		at: Option<BlockHash>,
	) -> RpcResult<ProofVerdict<BlockNumber>>;
}

/// Serves the `anchoring_*` methods from a client's runtime API.
pub struct Anchoring<C, Block> {
	client: Arc<C>,
	_marker: PhantomData<Block>,
}

impl<C, Block> Anchoring<C, Block> {
	/// Serves the methods from `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client, _marker: PhantomData }
	}
}

/// The error code of a failed runtime API call.
pub const RUNTIME_ERROR: i32 = 1;

fn runtime_error(error: impl ToString) -> ErrorObjectOwned {
	ErrorObject::owned(RUNTIME_ERROR, "Unable to read anchors", Some(error.to_string()))
}

impl<C, Block, AccountId, BlockNumber> AnchoringApiServer<Block::Hash, AccountId, BlockNumber>
	for Anchoring<C, Block>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: DataAnchoringRuntimeApi<Block, AccountId, BlockNumber>,
	AccountId: Codec + Send + Sync + 'static,
	BlockNumber: Codec + Send + Sync + 'static,
{
	fn anchor(
		&self,
		device: AccountId,
		anchor_seq: u64,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<Anchor<BlockNumber>>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let record =
			self.client.runtime_api().anchor(at, device, anchor_seq).map_err(runtime_error)?;
		Ok(record.map(|record| Anchor::new(anchor_seq, record)))
	}

	fn anchors(
		&self,
		device: AccountId,
		from_seq: u64,
		limit: u32,
		at: Option<Block::Hash>,
	) -> RpcResult<AnchorsPage<BlockNumber>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let page = self
			.client
			.runtime_api()
			.anchors(at, device, from_seq, limit)
			.map_err(runtime_error)?;
		Ok(AnchorsPage {
			anchors: page
				.anchors
				.into_iter()
				.map(|(seq, record)| Anchor::new(seq, record))
				.collect(),
			next_seq: page.next_seq,
		})
	}

	fn last_seq(&self, device: AccountId, at: Option<Block::Hash>) -> RpcResult<Option<u64>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		self.client.runtime_api().last_seq(at, device).map_err(runtime_error)
	}

	fn verify_proof(
		&self,
		device: AccountId,
		anchor_seq: u64,
		leaf: H256,
		leaf_index: u32,
		proof: Vec<H256>,
		at: Option<Block::Hash>,
	) -> RpcResult<ProofVerdict<BlockNumber>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let outcome = self
			.client
			.runtime_api()
			.verify_proof(at, device, anchor_seq, leaf, leaf_index, proof)
			.map_err(runtime_error)?;
		Ok(outcome.into())
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use serde_json::json;

	#[test]
	fn anchors_serialise_with_camel_case_fields() {
		let record = AnchorRecord {
			digest: H256::repeat_byte(0xab),
			kind: AnchorKind::Batch { leaf_count: 1000, first_ts: 5, last_ts: 9 },
			block: 12u32,
			moment: 1_700_000_000_000,
		};
		let json = serde_json::to_value(Anchor::new(3, record)).ok();
		assert_eq!(
			json,
			Some(json!({
				"seq": 3,
				"kind": "Batch",
				"digest": format!("0x{}", "ab".repeat(32)),
				"leafCount": 1000,
				"firstTs": 5,
				"lastTs": 9,
				"block": 12,
				"moment": 1_700_000_000_000u64,
			}))
		);
		let reading = AnchorRecord { kind: AnchorKind::Reading, ..record };
		let json = serde_json::to_value(Anchor::new(4, reading)).ok();
		assert_eq!(json.as_ref().and_then(|j| j.get("leafCount")), Some(&json!(1)));
		assert_eq!(json.as_ref().and_then(|j| j.get("firstTs")), Some(&json!(null)));
		assert_eq!(json.as_ref().and_then(|j| j.get("kind")), Some(&json!("Reading")));
	}

	#[test]
	fn verdicts_serialise_as_proven_or_a_reason() {
		let proven = ProofVerdict::from(Ok::<_, NotProven>(AnchoredAt { block: 7u32, moment: 42 }));
		assert_eq!(
			serde_json::to_value(proven).ok(),
			Some(json!({ "proven": true, "block": 7, "moment": 42, "reason": null }))
		);
		let refused = ProofVerdict::<u32>::from(Err(NotProven::Mismatch));
		assert_eq!(
			serde_json::to_value(refused).ok(),
			Some(json!({ "proven": false, "block": null, "moment": null, "reason": "Mismatch" }))
		);
	}

	#[test]
	fn pages_name_the_next_sequence_number() {
		let page = AnchorsPage::<u32> { anchors: vec![], next_seq: Some(8) };
		assert_eq!(serde_json::to_value(page).ok(), Some(json!({ "anchors": [], "nextSeq": 8 })));
	}
}
