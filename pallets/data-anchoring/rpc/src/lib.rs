//! The `anchoring_*` JSON-RPC methods, each forwarded to `DataAnchoringApi` at the best block, or
//! at block hash `at` when given:
//!
//! - `anchoring_anchor(device, seq, at?)`: the device's anchor `seq`, or `null`;
//! - `anchoring_anchors(device, cursor?, limit?, at?)`: a page of the device's anchors, ascending
//!   by sequence number, after the sequence number `cursor`;
//! - `anchoring_lastSeq(device, at?)`: the device's highest anchored sequence number, or `null`;
//! - `anchoring_verifyProof(device, seq, leaf, leafIndex, proof, at?)`: whether a reading is
//!   proven by an anchor;
//! - `anchoring_verifyReading(gateway, seq, envelope, leafIndex, proof, at?)`: whether a
//!   device-signed reading envelope is in a gateway's aggregate, and whether its device signed it.
//!
//! Parameters, answers and examples are in `docs/rpc.md`; the answers are the pallet's own types
//! ([`AnchorView`], [`Page`], [`ProofVerdict`], [`ReadingVerdict`]) as their `serde` derives write
//! them.

use codec::Codec;
use iotchain_rpc::{Account, Reader};
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::H256;
use sp_runtime::{traits::Block as BlockT, AccountId32, MultiSignature};

pub use pallet_data_anchoring_runtime_api::{
	AnchorView, AnchorViewKind, AnchoredAt, DataAnchoringApi as DataAnchoringRuntimeApi,
	DeviceSignature, NotProven, Page, ProofVerdict, ProvenReading, ReadingEnvelope, ReadingVerdict,
	MAX_ANCHORS_PAGE,
};

/// A reading envelope as a parameter: its device as SS58 or `0x` hex, like every account
/// parameter, and its signature as `{ "type", "signature" }`.
#[derive(Clone, PartialEq, Eq, Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EnvelopeParam {
	/// The device that signed the reading.
	pub device: Account,
	/// The device's number for the reading.
	pub seq: u64,
	/// The device's time of the reading, in milliseconds since the Unix epoch.
	pub timestamp: u64,
	/// BLAKE2b-256 of the payload bytes.
	pub payload_digest: H256,
	/// The device's signature of the reading payload.
	#[serde(with = "iotchain_primitives::json::signature")]
	pub signature: MultiSignature,
}

impl From<EnvelopeParam> for ReadingEnvelope<AccountId32> {
	fn from(param: EnvelopeParam) -> Self {
		let EnvelopeParam { device, seq, timestamp, payload_digest, signature } = param;
		Self { device: device.into(), seq, timestamp, payload_digest, signature }
	}
}

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

	/// Whether the reading `envelope` at `leafIndex` is in the gateway's aggregate `seq` with
	/// `proof`, and whether its device signed it with the key it held then.
	#[method(name = "anchoring_verifyReading")]
	fn verify_reading(
		&self,
		gateway: Account,
		#[argument(rename = "seq")] aggregate_seq: u64,
		envelope: EnvelopeParam,
		#[argument(rename = "leafIndex")] leaf_index: u32,
		proof: Vec<H256>,
		at: Option<BlockHash>,
	) -> RpcResult<ReadingVerdict<AccountId32, BlockNumber>>;
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

	fn verify_reading(
		&self,
		gateway: Account,
		aggregate_seq: u64,
		envelope: EnvelopeParam,
		leaf_index: u32,
		proof: Vec<H256>,
		at: Option<Block::Hash>,
	) -> RpcResult<ReadingVerdict<AccountId32, BlockNumber>> {
		self.read(at, |api, at| {
			api.verify_reading(
				at,
				gateway.into(),
				aggregate_seq,
				envelope.into(),
				leaf_index,
				proof,
			)
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
			(NotProven::NotAnAggregate, "notAnAggregate"),
		] {
			let refused = ProofVerdict::<u32>::from(Err(reason));
			assert_eq!(to_json(refused), json!({ "notProven": name }));
			assert_eq!(serde_json::from_value(json!({ "notProven": name })).ok(), Some(refused));
		}
	}

	#[test]
	fn a_reading_verdict_names_the_aggregate_and_the_devices_key() {
		use sp_core::{crypto::Ss58Codec, sr25519};
		let key: sp_runtime::MultiSigner = sr25519::Public::from_raw([7; 32]).into();
		let gateway = AccountId32::new([1; 32]);
		let device = AccountId32::new([2; 32]);
		let proven = ReadingVerdict::Proven(ProvenReading {
			gateway: gateway.clone(),
			aggregate_seq: 4,
			block: 12u32,
			moment: 42,
			leaf_count: 50,
			device: device.clone(),
			device_signature: DeviceSignature::Valid { key: key.clone() },
		});
		let key_json = json!({ "type": "sr25519", "publicKey": format!("0x{}", "07".repeat(32)) });
		assert_eq!(
			to_json(&proven),
			json!({ "proven": {
				"gateway": gateway.to_ss58check(),
				"aggregateSeq": 4,
				"block": 12,
				"moment": 42,
				"leafCount": 50,
				"device": device.to_ss58check(),
				"deviceSignature": { "valid": { "key": key_json } },
			} })
		);
		assert_eq!(
			to_json(DeviceSignature::Invalid { key }),
			json!({ "invalid": { "key": key_json } })
		);
		assert_eq!(to_json(DeviceSignature::UnknownDevice), json!("unknownDevice"));
		assert_eq!(
			to_json(ReadingVerdict::<AccountId32, u32>::NotProven(NotProven::NotAnAggregate)),
			json!({ "notProven": "notAnAggregate" })
		);
	}

	#[test]
	fn an_envelope_parameter_takes_hex_or_ss58_and_a_typed_signature() {
		let signature = json!({ "type": "ed25519", "signature": format!("0x{}", "09".repeat(64)) });
		let param = json!({
			"device": format!("0x{}", "02".repeat(32)),
			"seq": 7,
			"timestamp": 1_767_225_600_000u64,
			"payloadDigest": format!("0x{}", "22".repeat(32)),
			"signature": signature,
		});
		let envelope: ReadingEnvelope<AccountId32> =
			serde_json::from_value::<EnvelopeParam>(param.clone())
				.map(Into::into)
				.unwrap_or_else(|error| panic!("an envelope parameter reads: {error}"));
		assert_eq!(envelope.device, AccountId32::new([2; 32]));
		assert_eq!(envelope.seq, 7);
		assert_eq!(
			envelope.signature,
			MultiSignature::Ed25519(sp_core::ed25519::Signature::from_raw([9; 64]))
		);
		let mut unknown = param;
		unknown["extra"] = json!(1);
		assert!(serde_json::from_value::<EnvelopeParam>(unknown).is_err());
	}
}
