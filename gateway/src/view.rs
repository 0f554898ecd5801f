//! A reading as the gateway serves it over HTTP and pushes it over MQTT once final: the
//! envelope, the payload, the annotation, and the proof that anchors it, in the chain's JSON
//! convention (`docs/rpc.md`: camelCase, SS58 accounts, `0x` hex, numbers).

use iotchain_primitives::json;
use serde::Serialize;
use sp_core::H256;
use sp_runtime::{AccountId32, MultiSignature};

use crate::{
	anomaly::Annotation,
	store::{AggregateRecord, AggregateStatus, BatchStatus, StoredBatch, StoredReading},
	wire::ss58,
};

/// The envelope, as `anchoring_verifyReading` takes it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EnvelopeView {
	device: String,
	seq: u64,
	timestamp: u64,
	payload_digest: H256,
	#[serde(with = "json::signature")]
	signature: MultiSignature,
}

/// Where an anchored reading sits, and what `anchoring_verifyReading` needs besides the
/// envelope.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProofView {
	/// The gateway that anchored the aggregate.
	pub gateway: String,
	/// The aggregate: the gateway's anchor number.
	pub aggregate_seq: u64,
	/// The envelope's leaf index (the annotation's is the next).
	pub leaf_index: u32,
	/// Leaves in the aggregate (two per reading).
	pub leaf_count: u32,
	/// The aggregate's Merkle root.
	pub root: H256,
	/// Siblings from the envelope's leaf up; the first is `H(annotation leaf)`.
	pub proof: Vec<H256>,
	/// The block the aggregate is in, once it is in one.
	pub block: Option<u32>,
	/// That block's hash.
	pub block_hash: Option<H256>,
}

/// One reading and where it is.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReadingView {
	/// `"queued"` (accepted, in no aggregate yet), `"pending"` (in an aggregate not yet in a
	/// block), `"inBlock"` (in a block not yet final) or `"final"`.
	pub status: &'static str,
	/// The envelope.
	pub envelope: EnvelopeView,
	/// The payload as text, if it is UTF-8.
	pub payload: Option<String>,
	/// The payload's bytes.
	pub payload_hex: String,
	/// What the detector flagged.
	pub annotation: Annotation,
	/// The annotation's leaf.
	pub annotation_leaf: H256,
	/// When the gateway accepted it (ms).
	pub accepted_at: u64,
	/// The proof, once the reading is in an aggregate.
	pub proof: Option<ProofView>,
}

/// The view of `reading`, with its aggregate if it has one.
pub fn reading_view(
	gateway: &AccountId32,
	reading: &StoredReading,
	aggregate: Option<&AggregateRecord>,
) -> ReadingView {
	let envelope = &reading.envelope;
	let (status, block) = match (reading.placement.as_ref(), aggregate.map(|a| a.status)) {
		(None, _) | (_, None) => ("queued", None),
		(Some(_), Some(AggregateStatus::Pending)) => ("pending", None),
		(Some(_), Some(AggregateStatus::InBlock { block, hash })) => {
			("inBlock", Some((block, hash)))
		}
		(Some(_), Some(AggregateStatus::Final { block, hash })) => ("final", Some((block, hash))),
	};
	let proof = reading.placement.as_ref().zip(aggregate).map(|(placement, aggregate)| ProofView {
		gateway: ss58(gateway),
		aggregate_seq: placement.aggregate,
		leaf_index: placement.leaf_index,
		leaf_count: aggregate.leaf_count,
		root: aggregate.root,
		proof: placement.proof.clone(),
		block: block.map(|(number, _)| number),
		block_hash: block.map(|(_, hash)| hash),
	});
	ReadingView {
		status,
		envelope: EnvelopeView {
			device: ss58(&envelope.device),
			seq: envelope.seq,
			timestamp: envelope.timestamp,
			payload_digest: envelope.payload_digest,
			signature: envelope.signature.clone(),
		},
		payload: String::from_utf8(reading.payload.clone()).ok(),
		payload_hex: format!("0x{}", hex::encode(&reading.payload)),
		annotation: reading.annotation.clone(),
		annotation_leaf: reading.annotation_leaf(),
		accepted_at: reading.accepted_at,
		proof,
	}
}

/// A relayed batch root and where it is.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchView {
	/// The device (SS58).
	pub device: String,
	/// Its anchor number.
	pub seq: u64,
	/// The root.
	pub root: H256,
	/// Readings in the batch.
	pub leaf_count: u32,
	/// The first reading's time.
	pub first_ts: u64,
	/// The last reading's time.
	pub last_ts: u64,
	/// `"queued"`, `"inBlock"`, `"final"` or `"refusedByChain"`.
	pub status: &'static str,
	/// The block it is in, once it is in one.
	pub block: Option<u32>,
	/// When the gateway accepted it (ms).
	pub accepted_at: u64,
}

/// The view of a relayed batch root.
pub fn batch_view(stored: &StoredBatch) -> BatchView {
	let batch = &stored.batch;
	let (status, block) = match stored.status {
		BatchStatus::Queued => ("queued", None),
		BatchStatus::InBlock { block } => ("inBlock", Some(block)),
		BatchStatus::Final { block } => ("final", Some(block)),
		BatchStatus::RefusedByChain => ("refusedByChain", None),
	};
	BatchView {
		device: ss58(&batch.device),
		seq: batch.seq,
		root: batch.root,
		leaf_count: batch.leaf_count,
		first_ts: batch.first_ts,
		last_ts: batch.last_ts,
		status,
		block,
		accepted_at: stored.accepted_at,
	}
}
