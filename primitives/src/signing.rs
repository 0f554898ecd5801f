//! The signed-payload convention.
//!
//! Every message signed off chain (device proofs of possession, relayed anchors, device-signed
//! milestones and condition reports, channel vouchers) is the SCALE encoding of a tuple
//!
//! ```text
//! (domain_tag: Vec<u8>, genesis_hash: [u8; 32], field_1, field_2, ...)
//! ```
//!
//! - `domain_tag` is one of the tags in [`domain`], encoded as a SCALE `Vec<u8>`: a compact
//!   length prefix, then the ASCII bytes (`"iotchain/register"` encodes as `0x44` followed by
//!   its 17 bytes). The tag keeps a signature made for one purpose from being accepted for
//!   another.
//! - `genesis_hash` is the 32-byte hash of block 0; it keeps signatures made for one IoTChain
//!   network (a testnet, say) from being replayed on another.
//! - the fields follow in the order each payload's documentation gives, SCALE-encoded.
//!
//! SCALE encodes a tuple as the concatenation of its elements, so the payload is simply the
//! bytes of each element one after another. The message signed is that byte string itself
//! (ECDSA signs its BLAKE2b-256 hash, as `MultiSignature` does everywhere in Substrate).
//! Each payload carries its own replay guard: a sequence number, a nonce, or an id that is
//! consumed.

use alloc::vec::Vec;
use codec::Encode;
use sp_core::H256;
use sp_runtime::{traits::Verify, MultiSignature, MultiSigner};

/// The domain tags of IoTChain's signed payloads, all in one place so none is used twice.
pub mod domain {
	/// A device's proof that it holds the key it is registered with (device registry).
	pub const REGISTER: &[u8] = b"iotchain/register";
	/// A device's proof that it holds the key it rotates to (device registry).
	pub const ROTATE_KEY: &[u8] = b"iotchain/rotate";
	/// A device's anchor of a reading or a batch of readings (data anchoring).
	pub const ANCHOR: &[u8] = b"iotchain/anchor";
	/// A gateway's anchor of an aggregate of reading envelopes (data anchoring).
	pub const AGGREGATE: &[u8] = b"iotchain/aggregate";
	/// A device's signature of one reading, carried in a reading envelope
	/// ([`crate::reading`]).
	pub const READING: &[u8] = b"iotchain/reading";
	/// A payer's voucher over a payment channel's cumulative amount (M2M payments).
	pub const VOUCHER: &[u8] = b"iotchain/voucher";
	/// A tracker device's milestone or condition report (supply chain).
	pub const MILESTONE: &[u8] = b"iotchain/milestone";
	/// Not a signature's tag: the prefix of a gateway's receipt for a reading it accepted and
	/// promises to anchor, whose hash is a leaf of the receipts it signs together
	/// ([`crate::reading::receipt_payload`]).
	pub const RECEIPT: &[u8] = b"iotchain/receipt";
	/// A gateway's signature of the root of receipts it signs together
	/// ([`crate::reading::receipts_root_payload`]).
	pub const RECEIPTS: &[u8] = b"iotchain/receipts";
	/// A data-market buyer's request to read a stream from a gateway ([`crate::market`]).
	pub const DATA_REQUEST: &[u8] = b"iotchain/data-request";
	/// Not a signature's tag: the prefix of a gateway's annotation leaf
	/// ([`crate::reading::annotation_leaf`]), kept here so no signed payload can ever share it.
	pub const ANNOTATION: &[u8] = b"iotchain/annotation";
	/// What an energy meter reports of one market interval, as its reading's payload
	/// ([`crate::energy::MeterReading`]); the envelope around it carries the signature.
	pub const METER_READING: &[u8] = b"iotchain/meter-reading";
}

/// The bytes to sign: `(domain_tag, genesis_hash, fields)` SCALE-encoded.
///
/// `fields` is a value or a tuple of values; a tuple encodes as its elements one after another,
/// so `signed_payload(tag, g, &(a, b))` equals the encoding of `(tag, g, a, b)`.
pub fn signed_payload<F: Encode>(domain_tag: &[u8], genesis_hash: &H256, fields: &F) -> Vec<u8> {
	(domain_tag, genesis_hash, fields).encode()
}

/// Whether `signature` is `signer`'s signature of `message`.
///
/// Stricter than [`MultiSignature::verify`]: the signature scheme must be the signer's own
/// (an ed25519 key's bytes never verify an sr25519 signature), so a device registered with one
/// scheme cannot be spoken for with another.
pub fn verify_signature(signer: &MultiSigner, signature: &MultiSignature, message: &[u8]) -> bool {
	match (signer, signature) {
		(MultiSigner::Ed25519(public), MultiSignature::Ed25519(sig)) => sig.verify(message, public),
		(MultiSigner::Sr25519(public), MultiSignature::Sr25519(sig)) => sig.verify(message, public),
		(MultiSigner::Ecdsa(public), MultiSignature::Ecdsa(sig)) => {
			sp_core::ecdsa::Signature::verify(sig, message, public)
		}
		_ => false,
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_core::{ecdsa, ed25519, sr25519, Pair};

	const GENESIS: H256 = H256::repeat_byte(7);

	#[test]
	fn payload_is_tag_then_genesis_then_fields() {
		let payload = signed_payload(domain::REGISTER, &GENESIS, &(1u32, 2u8));
		let mut expected = vec![17 << 2];
		expected.extend_from_slice(b"iotchain/register");
		expected.extend_from_slice(GENESIS.as_bytes());
		expected.extend_from_slice(&[1, 0, 0, 0, 2]);
		assert_eq!(payload, expected);
	}

	#[test]
	fn every_scheme_verifies_its_own_signature() {
		let message = signed_payload(domain::ANCHOR, &GENESIS, &42u64);
		let ed = ed25519::Pair::from_seed(&[1; 32]);
		let sr = sr25519::Pair::from_seed(&[2; 32]);
		let ec = ecdsa::Pair::from_seed(&[3; 32]);
		assert!(verify_signature(&ed.public().into(), &ed.sign(&message).into(), &message));
		assert!(verify_signature(&sr.public().into(), &sr.sign(&message).into(), &message));
		assert!(verify_signature(&ec.public().into(), &ec.sign(&message).into(), &message));
	}

	#[test]
	fn signature_over_other_bytes_or_by_other_key_fails() {
		let message = signed_payload(domain::ANCHOR, &GENESIS, &42u64);
		let other = signed_payload(domain::REGISTER, &GENESIS, &42u64);
		let key = sr25519::Pair::from_seed(&[2; 32]);
		let stranger = sr25519::Pair::from_seed(&[9; 32]);
		assert!(!verify_signature(&key.public().into(), &key.sign(&other).into(), &message));
		assert!(!verify_signature(&key.public().into(), &stranger.sign(&message).into(), &message));
	}

	#[test]
	fn signature_of_another_scheme_fails_even_with_the_same_key_bytes() {
		let message = b"payload";
		let sr = sr25519::Pair::from_seed(&[2; 32]);
		let as_ed = MultiSigner::Ed25519(ed25519::Public::from_raw(sr.public().0));
		assert!(!verify_signature(&as_ed, &sr.sign(message).into(), message));
	}
}
