//! What devices send and what they get back, the same over MQTT and HTTP (`docs/gateway.md`).
//!
//! A **submission** is one signed reading envelope and its payload, in one of two forms:
//! - JSON, for people and scripts: `{ "envelope": { "device", "seq", "timestamp",
//!   "payloadDigest", "signature": { "type", "signature" } }, "payload": "<text>" }`, the
//!   envelope exactly as `anchoring_verifyReading` takes it; the payload's bytes are the UTF-8
//!   of `payload`, or `"payloadHex": "0x…"` for a binary payload;
//! - binary, for constrained devices: the envelope's SCALE bytes (145 for ed25519 and sr25519,
//!   146 for ECDSA, the bytes its leaf hashes) followed by the payload's bytes, nothing else. The
//!   `no_std` crate `iotchain-device` builds it without an allocator.
//!
//! The answer is a [`Receipt`] or a [`Refusal`] with its name.
//!
//! A **bulk** submission carries several readings in one message, from one device that buffers
//! or from a forwarder that concentrates many (a field hub, a LoRaWAN network server): each
//! reading is still signed by its device and checked on its own, and the answer is one
//! [`Answer`] per reading, in order. JSON: `{ "readings": [submission, …] }`; binary: the SCALE
//! encoding of a `Vec<Vec<u8>>`, each item a binary submission.

use codec::Decode;
use iotchain_primitives::{json, ReadingEnvelope};
use serde::{Deserialize, Serialize};
use sp_core::H256;
use sp_runtime::{AccountId32, MultiSignature};

use crate::{anomaly::Annotation, keys};

/// Why a reading was refused. Each one is named in the answer and counted in
/// `iotchain_gateway_readings_refused_total{reason}`; a refused reading changes nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Refusal {
	/// The message is not a submission in either form.
	Malformed,
	/// The payload is longer than the gateway's `limits.max_payload`.
	PayloadTooLarge,
	/// The payload's BLAKE2b-256 is not the envelope's `payloadDigest`.
	DigestMismatch,
	/// The signature is of a type devices cannot register (Ethereum).
	UnsupportedSignature,
	/// The MQTT topic names another device than the envelope.
	TopicMismatch,
	/// The timestamp is further ahead of the gateway's clock than `limits.max_future_ms`.
	TimestampInFuture,
	/// The timestamp is older than `limits.max_age_ms`.
	TimestampTooOld,
	/// No device has this id on chain (at the last finalized block).
	UnknownDevice,
	/// The device's owner suspended it.
	DeviceSuspended,
	/// The device's owner revoked it.
	DeviceRevoked,
	/// The signature is not the device's current key's.
	BadSignature,
	/// The number was used by another envelope of the device, or is below its highest.
	ReplayedSequence,
	/// The device sends faster than `limits.rate_per_sec` (burst `limits.burst`).
	RateLimited,
	/// The device is not known yet and the node cannot be asked: send again later.
	ChainUnavailable,
	/// The gateway could not store the reading: send again later.
	StoreUnavailable,
	/// A batch root with no leaves, or whose first timestamp is after its last.
	InvalidBatch,
	/// A bulk submission of more readings than `limits.max_bulk`.
	TooManyReadings,
}

impl Refusal {
	/// Every refusal, for documentation and metrics.
	pub const ALL: [Refusal; 17] = [
		Self::Malformed,
		Self::PayloadTooLarge,
		Self::DigestMismatch,
		Self::UnsupportedSignature,
		Self::TopicMismatch,
		Self::TimestampInFuture,
		Self::TimestampTooOld,
		Self::UnknownDevice,
		Self::DeviceSuspended,
		Self::DeviceRevoked,
		Self::BadSignature,
		Self::ReplayedSequence,
		Self::RateLimited,
		Self::ChainUnavailable,
		Self::StoreUnavailable,
		Self::InvalidBatch,
		Self::TooManyReadings,
	];

	/// Its name, as in answers and metrics.
	pub fn name(self) -> &'static str {
		match self {
			Self::Malformed => "malformed",
			Self::PayloadTooLarge => "payloadTooLarge",
			Self::DigestMismatch => "digestMismatch",
			Self::UnsupportedSignature => "unsupportedSignature",
			Self::TopicMismatch => "topicMismatch",
			Self::TimestampInFuture => "timestampInFuture",
			Self::TimestampTooOld => "timestampTooOld",
			Self::UnknownDevice => "unknownDevice",
			Self::DeviceSuspended => "deviceSuspended",
			Self::DeviceRevoked => "deviceRevoked",
			Self::BadSignature => "badSignature",
			Self::ReplayedSequence => "replayedSequence",
			Self::RateLimited => "rateLimited",
			Self::ChainUnavailable => "chainUnavailable",
			Self::StoreUnavailable => "storeUnavailable",
			Self::InvalidBatch => "invalidBatch",
			Self::TooManyReadings => "tooManyReadings",
		}
	}

	/// Whether sending the same reading again later can succeed.
	pub fn is_temporary(self) -> bool {
		matches!(self, Self::RateLimited | Self::ChainUnavailable | Self::StoreUnavailable)
	}
}

/// The JSON form of a submission.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct JsonSubmission {
	envelope: JsonEnvelope,
	payload: Option<String>,
	payload_hex: Option<String>,
}

/// An envelope in JSON, as `anchoring_verifyReading` takes it.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct JsonEnvelope {
	device: iotchain_rpc::Account,
	seq: u64,
	timestamp: u64,
	payload_digest: H256,
	#[serde(with = "json::signature")]
	signature: MultiSignature,
}

/// One reading as a device submitted it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Submission {
	/// The signed envelope.
	pub envelope: ReadingEnvelope<AccountId32>,
	/// The payload bytes.
	pub payload: Vec<u8>,
}

/// Reads a JSON submission.
pub fn from_json(body: &[u8]) -> Result<Submission, Refusal> {
	from_json_submission(serde_json::from_slice(body).map_err(|_| Refusal::Malformed)?)
}

fn from_json_submission(submission: JsonSubmission) -> Result<Submission, Refusal> {
	let JsonSubmission { envelope, payload, payload_hex } = submission;
	let payload = match (payload, payload_hex) {
		(Some(text), None) => text.into_bytes(),
		(None, Some(hex)) => hex
			.strip_prefix("0x")
			.and_then(|digits| sp_core::bytes::from_hex(digits).ok())
			.ok_or(Refusal::Malformed)?,
		_ => return Err(Refusal::Malformed),
	};
	let JsonEnvelope { device, seq, timestamp, payload_digest, signature } = envelope;
	Ok(Submission {
		envelope: ReadingEnvelope { device: device.0, seq, timestamp, payload_digest, signature },
		payload,
	})
}

/// The JSON form of a bulk submission.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonBulk {
	readings: Vec<serde_json::Value>,
}

/// Reads a JSON bulk submission: each reading, or why it is unreadable. The whole message is
/// refused if it is not a bulk submission or holds more than `max` readings.
pub fn bulk_from_json(
	body: &[u8],
	max: usize,
) -> Result<Vec<Result<Submission, Refusal>>, Refusal> {
	let JsonBulk { readings } = serde_json::from_slice(body).map_err(|_| Refusal::Malformed)?;
	if readings.len() > max {
		return Err(Refusal::TooManyReadings);
	}
	Ok(readings
		.into_iter()
		.map(|reading| {
			serde_json::from_value(reading)
				.map_err(|_| Refusal::Malformed)
				.and_then(from_json_submission)
		})
		.collect())
}

/// Reads a binary bulk submission, the SCALE encoding of a `Vec<Vec<u8>>` whose items are binary
/// submissions: each reading, or why it is unreadable. The whole message is refused if it is
/// not such a vector, exactly, or holds more than `max` readings (decided before reading them).
pub fn bulk_from_binary(
	body: &[u8],
	max: usize,
) -> Result<Vec<Result<Submission, Refusal>>, Refusal> {
	let mut rest = body;
	let count = codec::Compact::<u32>::decode(&mut rest).map_err(|_| Refusal::Malformed)?.0;
	let count = usize::try_from(count).map_err(|_| Refusal::TooManyReadings)?;
	if count > max {
		return Err(Refusal::TooManyReadings);
	}
	let mut readings = Vec::with_capacity(count);
	for _ in 0..count {
		let item = Vec::<u8>::decode(&mut rest).map_err(|_| Refusal::Malformed)?;
		readings.push(from_binary(&item));
	}
	if !rest.is_empty() {
		return Err(Refusal::Malformed);
	}
	Ok(readings)
}

/// Reads a binary submission: the envelope's SCALE bytes, then the payload.
pub fn from_binary(body: &[u8]) -> Result<Submission, Refusal> {
	let mut rest = body;
	let envelope =
		ReadingEnvelope::<AccountId32>::decode(&mut rest).map_err(|_| Refusal::Malformed)?;
	Ok(Submission { envelope, payload: rest.to_vec() })
}

/// A device's own batch root, signed by the device for the gateway to relay as its
/// `anchorBatch` (`docs/anchoring.md` sections 3 and 4): the device built the tree and keeps its
/// leaves; the gateway only carries the root to the chain, which checks the signature itself.
///
/// Its binary form is the SCALE encoding of the fields in order (157 bytes for ed25519 and
/// sr25519); its JSON form names them in camelCase, the signature as `{ "type", "signature" }`.
#[derive(Clone, Debug, PartialEq, Eq, codec::Encode, Decode)]
pub struct BatchSubmission {
	/// The device whose anchor this is.
	pub device: AccountId32,
	/// The device's anchor number (its sequence on chain, not a reading number).
	pub seq: u64,
	/// The batch's Merkle root.
	pub root: H256,
	/// Readings in the batch.
	pub leaf_count: u32,
	/// The first reading's time.
	pub first_ts: u64,
	/// The last reading's time.
	pub last_ts: u64,
	/// The device's signature of `("iotchain/anchor", genesis, device, seq, root, leaf_count,
	/// first_ts, last_ts)`.
	pub signature: MultiSignature,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct JsonBatch {
	device: iotchain_rpc::Account,
	seq: u64,
	root: H256,
	leaf_count: u32,
	first_ts: u64,
	last_ts: u64,
	#[serde(with = "json::signature")]
	signature: MultiSignature,
}

/// Reads a JSON batch root.
pub fn batch_from_json(body: &[u8]) -> Result<BatchSubmission, Refusal> {
	let JsonBatch { device, seq, root, leaf_count, first_ts, last_ts, signature } =
		serde_json::from_slice(body).map_err(|_| Refusal::Malformed)?;
	Ok(BatchSubmission { device: device.0, seq, root, leaf_count, first_ts, last_ts, signature })
}

/// Reads a binary batch root: its SCALE encoding, and nothing after it.
pub fn batch_from_binary(body: &[u8]) -> Result<BatchSubmission, Refusal> {
	let mut rest = body;
	let batch = BatchSubmission::decode(&mut rest).map_err(|_| Refusal::Malformed)?;
	if rest.is_empty() {
		Ok(batch)
	} else {
		Err(Refusal::Malformed)
	}
}

/// The gateway's signed promise to relay a device's batch root: the receipt payload with the
/// root in place of the envelope's leaf and zero for the annotation's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchReceipt {
	/// The gateway's id (SS58).
	pub gateway: String,
	/// The device's id (SS58).
	pub device: String,
	/// The device's anchor number.
	pub seq: u64,
	/// The batch root.
	pub root: H256,
	/// When the gateway accepted it (ms).
	pub accepted_at: u64,
	/// The receipt's place among those signed with it: the leaf is the BLAKE2b-256 of
	/// `("iotchain/receipt", genesis, gateway, device, seq, root, 0x00…00, accepted_at)`.
	pub group: ReceiptGroup,
	/// The gateway's signature of `("iotchain/receipts", genesis, gateway, group.root,
	/// group.leafCount)`.
	#[serde(with = "json::signature")]
	pub signature: MultiSignature,
}

/// Where a receipt sits among the receipts the gateway signed together: the tree of their
/// leaves, built as every IoTChain Merkle tree (`docs/anchoring.md` section 2).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReceiptGroup {
	/// The root of the tree, which the gateway signed.
	pub root: H256,
	/// This receipt's leaf, from 0.
	pub leaf_index: u32,
	/// The number of receipts signed together.
	pub leaf_count: u32,
	/// The siblings from this receipt's leaf up to the root.
	pub siblings: Vec<H256>,
}

/// The gateway's signed promise to anchor a reading exactly as accepted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Receipt {
	/// The gateway's id (SS58).
	pub gateway: String,
	/// The device's id (SS58).
	pub device: String,
	/// The reading's number.
	pub seq: u64,
	/// The envelope's leaf, `H(envelope)`.
	pub envelope_leaf: H256,
	/// The annotation's leaf, anchored beside the envelope's.
	pub annotation_leaf: H256,
	/// What the detector flagged.
	pub annotation: Annotation,
	/// When the gateway accepted the reading (ms since the Unix epoch).
	pub accepted_at: u64,
	/// The receipt's place among those signed with it: the leaf is the BLAKE2b-256 of
	/// `("iotchain/receipt", genesis, gateway, device, seq, envelope_leaf, annotation_leaf,
	/// accepted_at)`.
	pub group: ReceiptGroup,
	/// The gateway's signature of `("iotchain/receipts", genesis, gateway, group.root,
	/// group.leafCount)`.
	#[serde(with = "json::signature")]
	pub signature: MultiSignature,
}

/// The answer to a refused submission.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Refused {
	/// The reading's number, if the message was readable.
	pub seq: Option<u64>,
	/// The reason's name.
	pub refused: &'static str,
	/// Whether sending it again later can succeed.
	pub temporary: bool,
}

impl Refused {
	/// The answer for `refusal` of reading `seq`.
	pub fn new(refusal: Refusal, seq: Option<u64>) -> Self {
		Self { seq, refused: refusal.name(), temporary: refusal.is_temporary() }
	}
}

/// The answer to one reading, as sent back: `{ "receipt": … }` or the refusal.
#[derive(Clone, Debug, Serialize)]
#[serde(untagged)]
pub enum Answer {
	/// Accepted: the receipt.
	Receipt {
		/// The receipt.
		receipt: Box<Receipt>,
	},
	/// Refused.
	Refused(Refused),
}

impl Answer {
	/// The answer to reading `seq` (if readable) from its outcome.
	pub fn new(outcome: Result<Receipt, Refusal>, seq: Option<u64>) -> Self {
		match outcome {
			Ok(receipt) => Self::Receipt { receipt: Box::new(receipt) },
			Err(refusal) => Self::Refused(Refused::new(refusal, seq)),
		}
	}
}

/// The answer to a bulk submission: one [`Answer`] per reading, in order.
#[derive(Clone, Debug, Serialize)]
pub struct BulkAnswer {
	/// The answers.
	pub answers: Vec<Answer>,
}

/// A device id as SS58.
pub fn ss58(device: &AccountId32) -> String {
	keys::address(device)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
	use super::*;
	use codec::Encode;
	use sp_core::{ed25519, Pair};

	fn signed() -> Submission {
		let key = ed25519::Pair::from_seed(&[1; 32]);
		let payload = br#"{"t":21.5}"#.to_vec();
		let envelope = ReadingEnvelope {
			device: AccountId32::new(key.public().0),
			seq: 7,
			timestamp: 1_767_225_600_000,
			payload_digest: iotchain_primitives::merkle::reading_leaf(&payload),
			signature: key.sign(b"x").into(),
		};
		Submission { envelope, payload }
	}

	#[test]
	fn the_binary_form_is_the_envelope_then_the_payload() {
		let submission = signed();
		let mut body = submission.envelope.encode();
		assert_eq!(body.len(), 145);
		body.extend_from_slice(&submission.payload);
		assert_eq!(from_binary(&body).unwrap(), submission);
		assert_eq!(from_binary(&body[..100]), Err(Refusal::Malformed));
	}

	/// The JSON form of `submission`'s envelope, as `anchoring_verifyReading` takes it.
	fn envelope_json(submission: &Submission) -> serde_json::Value {
		let envelope = &submission.envelope;
		serde_json::json!({
			"device": format!("0x{}", hex::encode(<[u8; 32]>::from(envelope.device.clone()))),
			"seq": envelope.seq,
			"timestamp": envelope.timestamp,
			"payloadDigest": format!("{:?}", envelope.payload_digest),
			"signature": serde_json::to_value(SignatureJson(envelope.signature.clone())).unwrap(),
		})
	}

	#[test]
	fn the_json_form_takes_text_or_hex_and_nothing_else() {
		let submission = signed();
		let envelope = envelope_json(&submission);
		let text = serde_json::json!({ "envelope": envelope, "payload": "{\"t\":21.5}" });
		assert_eq!(from_json(text.to_string().as_bytes()).unwrap(), submission);
		let hex =
			serde_json::json!({ "envelope": envelope, "payloadHex": "0x7b2274223a32312e357d" });
		assert_eq!(from_json(hex.to_string().as_bytes()).unwrap(), submission);
		let both =
			serde_json::json!({ "envelope": envelope, "payload": "a", "payloadHex": "0x61" });
		assert_eq!(from_json(both.to_string().as_bytes()), Err(Refusal::Malformed));
		let extra = serde_json::json!({ "envelope": envelope, "payload": "a", "x": 1 });
		assert_eq!(from_json(extra.to_string().as_bytes()), Err(Refusal::Malformed));
		assert_eq!(from_json(b"not json"), Err(Refusal::Malformed));
	}

	#[derive(Serialize)]
	struct SignatureJson(#[serde(with = "json::signature")] MultiSignature);

	#[test]
	fn a_batch_root_reads_from_json_and_from_its_exact_scale_bytes() {
		let key = ed25519::Pair::from_seed(&[1; 32]);
		let batch = BatchSubmission {
			device: AccountId32::new(key.public().0),
			seq: 3,
			root: H256::repeat_byte(7),
			leaf_count: 100,
			first_ts: 1,
			last_ts: 2,
			signature: key.sign(b"x").into(),
		};
		let bytes = batch.encode();
		assert_eq!(bytes.len(), 157);
		assert_eq!(batch_from_binary(&bytes).unwrap(), batch);
		let mut longer = bytes.clone();
		longer.push(0);
		assert_eq!(batch_from_binary(&longer), Err(Refusal::Malformed));
		let json = serde_json::json!({
			"device": format!("0x{}", hex::encode(key.public().0)),
			"seq": 3, "root": format!("{:?}", batch.root), "leafCount": 100, "firstTs": 1, "lastTs": 2,
			"signature": serde_json::to_value(SignatureJson(batch.signature.clone())).unwrap(),
		});
		assert_eq!(batch_from_json(json.to_string().as_bytes()).unwrap(), batch);
		assert_eq!(batch_from_json(b"{}"), Err(Refusal::Malformed));
	}

	#[test]
	fn a_bulk_submission_is_read_item_by_item_and_refused_whole_only_when_unreadable() {
		let submission = signed();
		let mut one = submission.envelope.encode();
		one.extend_from_slice(&submission.payload);
		let truncated = one[..100].to_vec();
		let body = vec![one.clone(), truncated, one.clone()].encode();
		let items = bulk_from_binary(&body, 3).unwrap();
		assert_eq!(
			items,
			vec![Ok(submission.clone()), Err(Refusal::Malformed), Ok(submission.clone())]
		);
		assert_eq!(bulk_from_binary(&body, 2), Err(Refusal::TooManyReadings));
		let mut longer = body.clone();
		longer.push(0);
		assert_eq!(bulk_from_binary(&longer, 3), Err(Refusal::Malformed));
		assert_eq!(bulk_from_binary(&body[..body.len() - 1], 3), Err(Refusal::Malformed));
		assert_eq!(bulk_from_binary(&Vec::<Vec<u8>>::new().encode(), 3), Ok(Vec::new()));
		// A count over the limit is refused before anything else is read.
		assert_eq!(
			bulk_from_binary(&codec::Compact(1_000_000u32).encode(), 3),
			Err(Refusal::TooManyReadings)
		);

		let envelope = envelope_json(&submission);
		let good = serde_json::json!({ "envelope": envelope, "payload": "{\"t\":21.5}" });
		let json = serde_json::json!({ "readings": [good, { "envelope": 1 }, good] }).to_string();
		let items = bulk_from_json(json.as_bytes(), 3).unwrap();
		assert_eq!(items, vec![Ok(submission.clone()), Err(Refusal::Malformed), Ok(submission)]);
		assert_eq!(bulk_from_json(json.as_bytes(), 2), Err(Refusal::TooManyReadings));
		assert_eq!(bulk_from_json(b"[]", 3), Err(Refusal::Malformed));
		assert_eq!(bulk_from_json(br#"{"readings":[],"x":1}"#, 3), Err(Refusal::Malformed));
	}

	#[test]
	fn every_refusal_has_a_distinct_name() {
		let names: std::collections::BTreeSet<_> = Refusal::ALL.iter().map(|r| r.name()).collect();
		assert_eq!(names.len(), Refusal::ALL.len());
		for refusal in Refusal::ALL {
			assert_eq!(serde_json::to_value(refusal).unwrap(), refusal.name());
		}
	}
}
