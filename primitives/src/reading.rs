//! The reading envelope: one reading, signed by the device that took it.
//!
//! A constrained device (a microcontroller that cannot build a Merkle tree, run a chain client or
//! pay a fee) signs each reading with its registered key and hands the envelope to a gateway. The
//! gateway aggregates envelopes from any number of devices into one Merkle tree and anchors its
//! root ([`crate::AnchorKind::Aggregate`]). Each envelope stays attributable to its device: the
//! leaf of the tree is the hash of the whole envelope, device signature included, so a gateway
//! can delay or leave out a reading but never alter or invent one.
//!
//! The device signs the SCALE encoding of
//!
//! ```text
//! ("iotchain/reading", genesis_hash, device, seq, timestamp, payload_digest)
//! ```
//!
//! following the signed-payload convention ([`crate::signing`]):
//!
//! - `device` (32 bytes): the device's id, which stays the same across key rotations, so the
//!   reading names its device whichever key signed it;
//! - `seq` (u64, little-endian): the device's reading number, its own counter, one per reading.
//!   `(device, seq)` is the reading's identity: a gateway refuses a number it has seen, and two
//!   different envelopes signed under one number are evidence against the device's key;
//! - `timestamp` (u64, little-endian): when the device took the reading, by its own clock, in
//!   milliseconds since the Unix epoch;
//! - `payload_digest` (32 bytes): BLAKE2b-256 of the payload bytes exactly as the device sent
//!   them, so the payload itself (JSON, CBOR, a packed struct) never needs a canonical form.
//!
//! `docs/anchoring.md` (section 7) writes the bytes out with a worked example, which the tests
//! below pin.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_core::H256;
use sp_runtime::{MultiSignature, MultiSigner};

use crate::{domain, merkle, signed_payload, verify_signature};

/// The bytes a device signs for one reading:
/// `("iotchain/reading", genesis_hash, device, seq, timestamp, payload_digest)` SCALE-encoded.
pub fn reading_payload<AccountId: Encode>(
	genesis_hash: &H256,
	device: &AccountId,
	seq: u64,
	timestamp: u64,
	payload_digest: &H256,
) -> Vec<u8> {
	signed_payload(domain::READING, genesis_hash, &(device, seq, timestamp, payload_digest))
}

/// One reading as a device signs it and a gateway aggregates it.
///
/// Its SCALE encoding is the fields in order: `device` (32 bytes), `seq` (8), `timestamp` (8),
/// `payload_digest` (32) and `signature` (a `MultiSignature`: one byte for the scheme, `0x00`
/// ed25519, `0x01` sr25519, `0x02` ECDSA, then 64 or 65 bytes), 145 or 146 bytes in all.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct ReadingEnvelope<AccountId> {
	/// The device that took and signed the reading.
	pub device: AccountId,
	/// The device's number for this reading.
	pub seq: u64,
	/// When the device took the reading, by its clock, in milliseconds since the Unix epoch.
	pub timestamp: u64,
	/// BLAKE2b-256 of the payload bytes the device sent.
	pub payload_digest: H256,
	/// The device's signature of [`reading_payload`].
	#[cfg_attr(feature = "std", serde(with = "crate::json::signature"))]
	pub signature: MultiSignature,
}

impl<AccountId: Encode> ReadingEnvelope<AccountId> {
	/// The bytes the device signed, on the chain of `genesis_hash`.
	pub fn signed_bytes(&self, genesis_hash: &H256) -> Vec<u8> {
		reading_payload(genesis_hash, &self.device, self.seq, self.timestamp, &self.payload_digest)
	}

	/// Whether the envelope's signature is `key`'s, on the chain of `genesis_hash`.
	pub fn is_signed_by(&self, key: &MultiSigner, genesis_hash: &H256) -> bool {
		verify_signature(key, &self.signature, &self.signed_bytes(genesis_hash))
	}

	/// The envelope's leaf in an aggregate: BLAKE2b-256 of its SCALE encoding, signature
	/// included, so changing any byte of the envelope changes the leaf.
	pub fn leaf(&self) -> H256 {
		self.using_encoded(merkle::reading_leaf)
	}
}

/// The leaf a gateway puts beside an envelope's leaf for what it observed of the reading (its
/// anomaly flags): `H(("iotchain/annotation", envelope_leaf, annotation))` SCALE-encoded.
///
/// IoTChain's gateway builds its aggregates in pairs: leaf `2i` is envelope `i`'s
/// ([`ReadingEnvelope::leaf`]), leaf `2i + 1` its annotation's. The envelope's proof then starts
/// with the annotation leaf's node, so whoever holds the envelope's proof and the annotation can
/// check that the annotation is the one anchored under the gateway's root: the flags are as
/// tamper-evident as the reading, and `anchoring_verifyReading` still proves the envelope alone.
pub fn annotation_leaf<Annotation: Encode>(envelope_leaf: &H256, annotation: &Annotation) -> H256 {
	merkle::reading_leaf(&(domain::ANNOTATION, envelope_leaf, annotation).encode())
}

/// What a gateway's receipt for a reading it accepted says:
/// `("iotchain/receipt", genesis_hash, gateway, device, seq, envelope_leaf, annotation_leaf,
/// accepted_at)` SCALE-encoded, `accepted_at` in milliseconds since the Unix epoch.
///
/// The receipt is the gateway's promise to anchor exactly that envelope with exactly that
/// annotation: a device holding a receipt for a reading no aggregate of the gateway contains
/// holds signed evidence against the gateway.
///
/// A gateway signs receipts many at a time: the leaf of each is `H(receipt_payload)`
/// ([`receipt_leaf`]), the leaves of the readings it stored together make a Merkle tree
/// ([`crate::merkle`]), and it signs the tree's root and size once ([`receipts_root_payload`]).
/// A receipt is then its fields, its leaf's proof and that one signature.
pub fn receipt_payload<AccountId: Encode>(
	genesis_hash: &H256,
	gateway: &AccountId,
	device: &AccountId,
	seq: u64,
	envelope_leaf: &H256,
	annotation_leaf: &H256,
	accepted_at: u64,
) -> Vec<u8> {
	signed_payload(
		domain::RECEIPT,
		genesis_hash,
		&(gateway, device, seq, envelope_leaf, annotation_leaf, accepted_at),
	)
}

/// A receipt's leaf in the tree of receipts a gateway signs together: BLAKE2b-256 of its
/// [`receipt_payload`].
pub fn receipt_leaf(receipt_payload: &[u8]) -> H256 {
	merkle::reading_leaf(receipt_payload)
}

/// The bytes a gateway signs for receipts signed together: `("iotchain/receipts",
/// genesis_hash, gateway, root, leaf_count)` SCALE-encoded, `root` the root of the tree of their
/// [`receipt_leaf`]s and `leaf_count` (u32) its number of leaves, which the root alone does not
/// commit to.
pub fn receipts_root_payload<AccountId: Encode>(
	genesis_hash: &H256,
	gateway: &AccountId,
	root: &H256,
	leaf_count: u32,
) -> Vec<u8> {
	signed_payload(domain::RECEIPTS, genesis_hash, &(gateway, root, leaf_count))
}

#[cfg(test)]
// Test code: a panic is a failed test.
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
	use super::*;
	use sp_core::{ed25519, hexdisplay::HexDisplay, Pair};

	const GENESIS: H256 = H256::repeat_byte(0x45);
	/// 2026-01-01T00:00:00Z in milliseconds since the Unix epoch.
	const NEW_YEAR: u64 = 1_767_225_600_000;
	const PAYLOAD: &[u8] = br#"{"t":21.5}"#;

	/// The worked example of `docs/anchoring.md` section 7: the ed25519 device of seed `0x01…01`
	/// (ed25519 signatures are deterministic, so every byte is known) signs its reading 7.
	fn worked_example() -> (ed25519::Pair, ReadingEnvelope<[u8; 32]>) {
		let key = ed25519::Pair::from_seed(&[1; 32]);
		let device = key.public().0;
		let payload_digest = merkle::reading_leaf(PAYLOAD);
		let message = reading_payload(&GENESIS, &device, 7, NEW_YEAR, &payload_digest);
		let signature = key.sign(&message).into();
		(key, ReadingEnvelope { device, seq: 7, timestamp: NEW_YEAR, payload_digest, signature })
	}

	fn hex(bytes: &[u8]) -> String {
		format!("{}", HexDisplay::from(&bytes))
	}

	#[test]
	fn payload_is_the_documented_bytes() {
		let (key, envelope) = worked_example();
		let payload = envelope.signed_bytes(&GENESIS);
		let mut expected = vec![16 << 2];
		expected.extend_from_slice(b"iotchain/reading");
		expected.extend_from_slice(&[0x45; 32]);
		expected.extend_from_slice(&key.public().0);
		expected.extend_from_slice(&[7, 0, 0, 0, 0, 0, 0, 0]);
		// 1_767_225_600_000 = 0x0000_019b_76da_a800, little-endian.
		expected.extend_from_slice(&[0x00, 0xa8, 0xda, 0x76, 0x9b, 0x01, 0, 0]);
		expected.extend_from_slice(envelope.payload_digest.as_bytes());
		assert_eq!(payload.len(), 129);
		assert_eq!(payload, expected);
		assert_eq!(
			format!("{:?}", envelope.payload_digest),
			"0x84706f69ba29b15ca7ec4188f747d0a10de6ce165afd6154aee3469f9f4617e2"
		);
	}

	#[test]
	fn envelope_and_leaf_are_the_documented_bytes() {
		let (key, envelope) = worked_example();
		assert_eq!(
			hex(&key.public().0),
			"8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c"
		);
		let MultiSignature::Ed25519(signature) = &envelope.signature else {
			panic!("an ed25519 key signs with ed25519")
		};
		assert_eq!(
			hex(&signature.0),
			"62d7f81a7f65b7d3b182de02c936b2f4973ad8e1341b3c18545be3ab271113df\
			 4d97e57af4054b2f9505ddb479f8b09fa059dfd632405053f2e98dbba3530507"
		);
		let encoded = envelope.encode();
		assert_eq!(encoded.len(), 145);
		assert_eq!(encoded[..32], key.public().0);
		assert_eq!(encoded[80], 0x00, "the signature's scheme byte: ed25519");
		assert_eq!(
			format!("{:?}", envelope.leaf()),
			"0x344618c25ab23bcf4b9c59b11fb504336334a4c513224f68ecee439c71146ae1"
		);
	}

	#[test]
	fn the_leaf_covers_every_byte_of_the_envelope() {
		let (key, signed) = worked_example();
		assert_eq!(signed.leaf(), merkle::reading_leaf(&signed.encode()));
		let mut later = signed.clone();
		later.timestamp += 1;
		assert_ne!(later.leaf(), signed.leaf());
		let mut resigned = signed.clone();
		resigned.signature = key.sign(b"something else").into();
		assert_ne!(resigned.leaf(), signed.leaf(), "the signature is part of the leaf");
	}

	#[test]
	fn annotation_leaf_and_receipt_are_the_documented_bytes() {
		let (_, envelope) = worked_example();
		let leaf = envelope.leaf();
		// An annotation of flags 1 and no metric names: SCALE of (u8, Vec<_>) is `01 00`.
		let annotation = (1u8, Vec::<u8>::new());
		let mut preimage = vec![19 << 2];
		preimage.extend_from_slice(b"iotchain/annotation");
		preimage.extend_from_slice(leaf.as_bytes());
		preimage.extend_from_slice(&[1, 0]);
		assert_eq!(annotation_leaf(&leaf, &annotation), merkle::reading_leaf(&preimage));
		assert_ne!(
			annotation_leaf(&leaf, &(0u8, Vec::<u8>::new())),
			annotation_leaf(&leaf, &annotation)
		);

		let gateway = [9u8; 32];
		let receipt =
			receipt_payload(&GENESIS, &gateway, &envelope.device, 7, &leaf, &leaf, NEW_YEAR);
		assert_eq!(receipt.len(), 1 + 16 + 32 + 32 + 32 + 8 + 32 + 32 + 8);
		assert_eq!(receipt[..17], *b"\x40iotchain/receipt");

		let root = H256::repeat_byte(3);
		let signed = receipts_root_payload(&GENESIS, &gateway, &root, 5);
		let mut expected = vec![17 << 2];
		expected.extend_from_slice(b"iotchain/receipts");
		expected.extend_from_slice(GENESIS.as_bytes());
		expected.extend_from_slice(&gateway);
		expected.extend_from_slice(root.as_bytes());
		expected.extend_from_slice(&[5, 0, 0, 0]);
		assert_eq!(signed, expected);
		assert_eq!(receipt_leaf(&receipt), merkle::reading_leaf(&receipt));
	}

	#[test]
	fn only_the_devices_key_on_this_chain_verifies_an_envelope() {
		let (key, signed) = worked_example();
		let stranger = ed25519::Pair::from_seed(&[2; 32]);
		assert!(signed.is_signed_by(&key.public().into(), &GENESIS));
		assert!(!signed.is_signed_by(&stranger.public().into(), &GENESIS));
		assert!(!signed.is_signed_by(&key.public().into(), &H256::repeat_byte(0x46)));
		let mut altered = signed;
		altered.payload_digest = H256::repeat_byte(0);
		assert!(!altered.is_signed_by(&key.public().into(), &GENESIS));
	}
}
