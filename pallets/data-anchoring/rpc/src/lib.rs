//! The `anchoring_*` JSON-RPC methods, each forwarded to `DataAnchoringApi` at the best block, or
//! at block hash `at` when given:
//!
//! - `anchoring_anchor(device, seq, at?)`: the device's anchor `seq`, or `null`;
//! - `anchoring_anchors(device, cursor?, limit?, at?)`: a page of the device's anchors, ascending
//!   by sequence number, after the sequence number `cursor`;
//! - `anchoring_lastSeq(device, at?)`: the device's highest anchored sequence number, or `null`;
//! - `anchoring_verifyProof(device, seq, leaf, leafIndex, proof, at?)`: whether a reading is
//!   proven by an anchor.
//!
//! Parameters, answers and examples are in `docs/rpc.md`; the answers are the pallet's own types
//! ([`AnchorView`], [`Page`], [`ProofVerdict`]) as their `serde` derives write them.

use codec::Codec;
use iotchain_rpc::{Account, Reader};
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::H256;
use sp_runtime::{traits::Block as BlockT, AccountId32};

pub use pallet_data_anchoring_runtime_api::{
	AnchorView, AnchorViewKind, AnchoredAt, DataAnchoringApi as DataAnchoringRuntimeApi, NotProven,
	Page, ProofVerdict, MAX_ANCHORS_PAGE,
};

/// The `anchoring_*` methods. Parameters may also be passed by name, in camelCase.
#[rpc(server)]
pub trait AnchoringApi<BlockHash, BlockNumber> {
	/// The device's anchor `seq`, or `null`.
	#[method(name = "anchoring_anchor")]
	fn anchor(
		&self,
		device: Account,
		#[argument(rename = "seq")] anchor_seq: u64,
		at: Option<BlockHash>,
	) -> RpcResult<Option<AnchorView<BlockNumber>>>;

	/// Up to `limit` (default and at most [`MAX_ANCHORS_PAGE`]) of the device's anchors after
	/// sequence number `cursor` (`null` for the first page).
	#[method(name = "anchoring_anchors")]
	fn anchors(
		&self,
		device: Account,
		cursor: Option<u64>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Page<AnchorView<BlockNumber>, u64>>;

	/// The highest sequence number the device has anchored, or `null`.
	#[method(name = "anchoring_lastSeq")]
	fn last_seq(&self, device: Account, at: Option<BlockHash>) -> RpcResult<Option<u64>>;

	/// Whether `leaf` at `leafIndex` is proven by the device's anchor `seq` with `proof`.
	#[method(name = "anchoring_verifyProof")]
	fn verify_proof(
		&self,
		device: Account,
		#[argument(rename = "seq")] anchor_seq: u64,
		leaf: H256,
		#[argument(rename = "leafIndex")] leaf_index: u32,
		proof: Vec<H256>,
		at: Option<BlockHash>,
	) -> RpcResult<ProofVerdict<BlockNumber>>;
}

/// Serves the `anchoring_*` methods: the shared [`Reader`] over a client, built with
/// `Anchoring::new(client)`.
pub type Anchoring<C, Block> = Reader<C, Block>;

impl<C, Block, BlockNumber> AnchoringApiServer<Block::Hash, BlockNumber> for Reader<C, Block>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: DataAnchoringRuntimeApi<Block, AccountId32, BlockNumber>,
	BlockNumber: Codec + Send + Sync + 'static,
{
	fn anchor(
		&self,
		device: Account,
		anchor_seq: u64,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<AnchorView<BlockNumber>>> {
		self.read(at, |api, at| api.anchor(at, device.into(), anchor_seq))
	}

	fn anchors(
		&self,
		device: Account,
		cursor: Option<u64>,
		limit: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<Page<AnchorView<BlockNumber>, u64>> {
		let limit = limit.unwrap_or(MAX_ANCHORS_PAGE);
		self.read(at, |api, at| api.anchors(at, device.into(), cursor, limit))
	}

	fn last_seq(&self, device: Account, at: Option<Block::Hash>) -> RpcResult<Option<u64>> {
		self.read(at, |api, at| api.last_seq(at, device.into()))
	}

	fn verify_proof(
		&self,
		device: Account,
		anchor_seq: u64,
		leaf: H256,
		leaf_index: u32,
		proof: Vec<H256>,
		at: Option<Block::Hash>,
	) -> RpcResult<ProofVerdict<BlockNumber>> {
		self.read(at, |api, at| {
			api.verify_proof(at, device.into(), anchor_seq, leaf, leaf_index, proof)
		})
	}
}

#[cfg(test)]
mod tests {
	//! The JSON of every answer, pinned: `docs/rpc.md` shows exactly these.

	use super::*;
	use serde_json::{json, Value};

	fn to_json(value: impl serde::Serialize) -> Value {
		serde_json::to_value(value).unwrap_or(Value::Null)
	}

	fn batch_view() -> AnchorView<u32> {
		AnchorView {
			seq: 3,
			kind: AnchorViewKind::Batch,
			digest: H256::repeat_byte(0xab),
			leaf_count: 1000,
			first_ts: Some(5),
			last_ts: Some(9),
			block: 12,
			moment: 1_700_000_000_000,
		}
	}

	#[test]
	fn an_anchor_is_its_seq_and_its_record_flattened() {
		assert_eq!(
			to_json(batch_view()),
			json!({
				"seq": 3,
				"kind": "batch",
				"digest": format!("0x{}", "ab".repeat(32)),
				"leafCount": 1000,
				"firstTs": 5,
				"lastTs": 9,
				"block": 12,
				"moment": 1_700_000_000_000u64,
			})
		);
		let reading = AnchorView {
			kind: AnchorViewKind::Reading,
			leaf_count: 1,
			first_ts: None,
			last_ts: None,
			..batch_view()
		};
		assert_eq!(
			to_json(reading),
			json!({
				"seq": 3,
				"kind": "reading",
				"digest": format!("0x{}", "ab".repeat(32)),
				"leafCount": 1,
				"firstTs": null,
				"lastTs": null,
				"block": 12,
				"moment": 1_700_000_000_000u64,
			})
		);
		assert_eq!(
			serde_json::from_value::<AnchorView<u32>>(to_json(batch_view())).ok(),
			Some(batch_view())
		);
	}

	#[test]
	fn a_page_is_items_and_the_seq_to_pass_as_next_cursor() {
		let page = Page { items: vec![batch_view()], next: Some(3u64) };
		assert_eq!(to_json(page), json!({ "items": [to_json(batch_view())], "next": 3 }));
		let last = Page::<AnchorView<u32>, u64> { items: vec![], next: None };
		assert_eq!(to_json(last), json!({ "items": [], "next": null }));
	}

	#[test]
	fn a_verdict_is_when_the_reading_was_anchored_or_why_it_is_not_proven() {
		let proven = ProofVerdict::from(Ok::<_, NotProven>(AnchoredAt { block: 7u32, moment: 42 }));
		assert_eq!(to_json(proven), json!({ "proven": { "block": 7, "moment": 42 } }));
		for (reason, name) in [
			(NotProven::UnknownAnchor, "unknownAnchor"),
			(NotProven::LeafIndexOutOfRange, "leafIndexOutOfRange"),
			(NotProven::WrongProofLength, "wrongProofLength"),
			(NotProven::Mismatch, "mismatch"),
		] {
			let refused = ProofVerdict::<u32>::from(Err(reason));
			assert_eq!(to_json(refused), json!({ "notProven": name }));
			assert_eq!(serde_json::from_value(json!({ "notProven": name })).ok(), Some(refused));
		}
	}
}
