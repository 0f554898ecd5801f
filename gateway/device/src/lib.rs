//! IoTChain reading envelopes, built and signed on the device.
//!
//! A sensor signs each reading with its ed25519 key and hands the signed **reading envelope** to
//! an IoTChain gateway, which collects envelopes from any number of devices, aggregates them into
//! one Merkle tree and anchors its root on chain (`docs/anchoring.md`, sections 7 and 8). This
//! crate is the device's side of that: `#![no_std]`, no allocator, no panics, fixed-size buffers,
//! so it runs on a microcontroller.
//!
//! The bytes are those of `iotchain_primitives::reading`, written out by hand because the chain's
//! crates need an allocator; both crates' tests pin the same worked example, byte for byte.
//!
//! - [`reading_payload`]: the 129 bytes a device signs for one reading, the SCALE encoding of
//!   `("iotchain/reading", genesis_hash, device, seq, timestamp, payload_digest)`;
//! - [`Device::sign_reading`]: the 145-byte envelope, `device ‖ seq ‖ timestamp ‖ payload_digest
//!   ‖ 0x00 ‖ ed25519 signature`, the SCALE encoding of the chain's `ReadingEnvelope`;
//! - [`frame`]: the gateway's binary wire form, the envelope followed by the payload's bytes, for
//!   `POST /v1/readings` (`Content-Type: application/octet-stream`) or the MQTT topic
//!   [`binary_topic`];
//! - [`envelope_leaf`]: the envelope's leaf in the gateway's aggregate, which the gateway's
//!   receipt for the reading names.
//!
//! ```
//! use iotchain_device::{binary_topic, frame, Device};
//!
//! // The device's secret seed, and the genesis hash of the chain it reports to.
//! let device = Device::from_seed([1; 32], [0x45; 32]);
//! let payload = br#"{"t":21.5}"#;
//! let envelope = device.sign_reading(7, 1_767_225_600_000, payload);
//!
//! let mut buffer = [0; 256];
//! let len = frame(&envelope, payload, &mut buffer).ok_or("the buffer is too small")?;
//! let topic = binary_topic(&device.id());
//! // Publish `buffer[..len]` on `topic.as_str()` with QoS 1.
//! assert_eq!(len, 155);
//! assert!(topic.as_str().ends_with("/readings/bin"));
//! # Ok::<(), &str>(())
//! ```

#![no_std]

use blake2::{digest::consts::U32, Blake2b, Digest};
use ed25519_dalek::{Signer, SigningKey};

/// The domain tag of a device's signature of a reading.
pub const READING_TAG: &[u8; 16] = b"iotchain/reading";

/// The length of the bytes a device signs for one reading ([`reading_payload`]).
pub const PAYLOAD_LEN: usize = 129;

/// The length of an ed25519-signed reading envelope ([`Device::sign_reading`]).
pub const ENVELOPE_LEN: usize = 145;

/// The `MultiSignature` scheme byte of an ed25519 signature.
pub const ED25519_SCHEME: u8 = 0x00;

/// The length of [`binary_topic`]: `iotchain/v1/devices/` (20), the device in hex (64),
/// `/readings/bin` (13).
pub const BINARY_TOPIC_LEN: usize = 97;

/// SCALE's compact encoding of the tag's length, 16: `16 << 2`.
const READING_TAG_LEN_PREFIX: u8 = 0x40;
const TOPIC_PREFIX: &[u8; 20] = b"iotchain/v1/devices/";
const BINARY_TOPIC_SUFFIX: &[u8; 13] = b"/readings/bin";

const _: () = assert!(1 + READING_TAG.len() + 32 + 32 + 8 + 8 + 32 == PAYLOAD_LEN);
const _: () = assert!(32 + 8 + 8 + 32 + 1 + 64 == ENVELOPE_LEN);
const _: () = assert!(TOPIC_PREFIX.len() + 64 + BINARY_TOPIC_SUFFIX.len() == BINARY_TOPIC_LEN);

/// BLAKE2b-256 of `bytes`: the chain's `H`.
fn blake2_256(bytes: &[u8]) -> [u8; 32] {
	Blake2b::<U32>::digest(bytes).into()
}

/// `parts` one after the other in `N` bytes. Each caller's parts add up to exactly `N` bytes,
/// which the `const` assertions above check at compile time.
fn concat<const N: usize>(parts: &[&[u8]]) -> [u8; N] {
	let mut out = [0; N];
	for (slot, byte) in out.iter_mut().zip(parts.iter().copied().flatten()) {
		*slot = *byte;
	}
	out
}

/// The digest an envelope carries for a reading's payload: BLAKE2b-256 of its bytes exactly as
/// the device sends them (JSON, CBOR, a packed struct: any format, no canonical form needed).
pub fn payload_digest(payload: &[u8]) -> [u8; 32] {
	blake2_256(payload)
}

/// The bytes a device signs for one reading, on the chain of `genesis_hash`: `0x40`
/// `"iotchain/reading"` ‖ `genesis_hash` ‖ `device` ‖ `seq` (little-endian) ‖ `timestamp`
/// (little-endian, milliseconds since the Unix epoch) ‖ `payload_digest`.
pub fn reading_payload(
	genesis_hash: &[u8; 32],
	device: &[u8; 32],
	seq: u64,
	timestamp: u64,
	payload_digest: &[u8; 32],
) -> [u8; PAYLOAD_LEN] {
	concat(&[
		&[READING_TAG_LEN_PREFIX],
		READING_TAG,
		genesis_hash,
		device,
		&seq.to_le_bytes(),
		&timestamp.to_le_bytes(),
		payload_digest,
	])
}

/// The envelope's leaf in a gateway's aggregate: BLAKE2b-256 of all its bytes, signature
/// included. A gateway's receipt for the reading names this leaf.
pub fn envelope_leaf(envelope: &[u8; ENVELOPE_LEN]) -> [u8; 32] {
	blake2_256(envelope)
}

/// The gateway's binary wire form of a reading, written to the start of `out`: the envelope's
/// 145 bytes, then the payload's bytes, whose digest the envelope carries.
///
/// Returns the number of bytes written, or `None`, writing nothing, if `out` is too small.
pub fn frame(envelope: &[u8; ENVELOPE_LEN], payload: &[u8], out: &mut [u8]) -> Option<usize> {
	let len = ENVELOPE_LEN.checked_add(payload.len())?;
	let out = out.get_mut(..len)?;
	for (slot, byte) in out.iter_mut().zip(envelope.iter().chain(payload)) {
		*slot = *byte;
	}
	Some(len)
}

/// A device id as 64 lowercase ASCII hex digits, without `0x`: how the gateway's MQTT topics
/// name a device.
pub fn device_hex(device: &[u8; 32]) -> [u8; 64] {
	let mut out = [0; 64];
	let digits = device.iter().flat_map(|byte| [hex_digit(byte >> 4), hex_digit(byte & 0x0f)]);
	for (slot, digit) in out.iter_mut().zip(digits) {
		*slot = digit;
	}
	out
}

/// The lowercase ASCII hex digit of `nibble` (below 16).
fn hex_digit(nibble: u8) -> u8 {
	if nibble < 10 {
		nibble.wrapping_add(b'0')
	} else {
		nibble.wrapping_add(b'a' - 10)
	}
}

/// The MQTT topic a device publishes its binary readings ([`frame`]) on:
/// `iotchain/v1/devices/{device in lowercase hex}/readings/bin`.
pub fn binary_topic(device: &[u8; 32]) -> BinaryTopic {
	BinaryTopic(concat(&[TOPIC_PREFIX, &device_hex(device), BINARY_TOPIC_SUFFIX]))
}

/// An MQTT topic for a device's binary readings, made by [`binary_topic`].
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct BinaryTopic([u8; BINARY_TOPIC_LEN]);

impl BinaryTopic {
	/// The topic's bytes, all ASCII.
	pub fn as_bytes(&self) -> &[u8] {
		&self.0
	}

	/// The topic as text.
	pub fn as_str(&self) -> &str {
		// Only `binary_topic` makes a topic, and it writes ASCII only, so the fallback is never
		// taken.
		core::str::from_utf8(&self.0).unwrap_or_default()
	}
}

/// A device's signing identity: its ed25519 key, its device id and the chain it reports to.
///
/// The secret key is wiped from memory when the `Device` is dropped.
pub struct Device {
	key: SigningKey,
	id: [u8; 32],
	genesis_hash: [u8; 32],
}

impl Device {
	/// The device whose ed25519 secret seed is `seed`, reporting to the chain whose genesis hash
	/// (the hash of block 0) is `genesis_hash`. Its id is its public key, the account it was
	/// registered as; see [`Device::with_id`] after a key rotation.
	pub fn from_seed(seed: [u8; 32], genesis_hash: [u8; 32]) -> Self {
		let key = SigningKey::from_bytes(&seed);
		let id = key.verifying_key().to_bytes();
		Self { key, id, genesis_hash }
	}

	/// The same key signing for the device `id`. A device keeps the id it was registered with
	/// when its owner rotates its key, so a device given a new key signs with the new key and
	/// still names itself by its original id.
	pub fn with_id(self, id: [u8; 32]) -> Self {
		Self { id, ..self }
	}

	/// The device id its envelopes carry: an `AccountId32`, the public key the device was
	/// registered with.
	pub fn id(&self) -> [u8; 32] {
		self.id
	}

	/// The public key of the key the device signs with, the one the chain's device registry must
	/// hold for the device when the reading is anchored.
	pub fn public_key(&self) -> [u8; 32] {
		self.key.verifying_key().to_bytes()
	}

	/// The signed envelope of the device's reading number `seq`, taken at `timestamp`
	/// (milliseconds since the Unix epoch, by the device's clock), whose payload is `payload`:
	/// `device ‖ seq (LE) ‖ timestamp (LE) ‖ payload_digest ‖ 0x00 ‖ signature`, 145 bytes.
	///
	/// Every reading needs a number of its own: a gateway refuses a number it has seen from the
	/// device, and two different envelopes under one number are evidence against the device's
	/// key.
	pub fn sign_reading(&self, seq: u64, timestamp: u64, payload: &[u8]) -> [u8; ENVELOPE_LEN] {
		let digest = payload_digest(payload);
		let message = reading_payload(&self.genesis_hash, &self.id, seq, timestamp, &digest);
		let signature = self.key.sign(&message).to_bytes();
		concat(&[
			&self.id,
			&seq.to_le_bytes(),
			&timestamp.to_le_bytes(),
			&digest,
			&[ED25519_SCHEME],
			&signature,
		])
	}
}

#[cfg(test)]
// Test code: a panic is a failed test.
#[allow(
	clippy::unwrap_used,
	clippy::expect_used,
	clippy::indexing_slicing,
	clippy::arithmetic_side_effects
)]
mod tests {
	extern crate std;

	use super::*;
	use ed25519_dalek::{Signature, VerifyingKey};

	const GENESIS: [u8; 32] = [0x45; 32];
	/// 2026-01-01T00:00:00Z in milliseconds since the Unix epoch.
	const NEW_YEAR: u64 = 1_767_225_600_000;
	const PAYLOAD: &[u8] = br#"{"t":21.5}"#;

	/// The bytes of `hex` (no `0x`, whitespace ignored).
	fn unhex<const N: usize>(hex: &str) -> [u8; N] {
		let digits: std::vec::Vec<u8> = hex.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
		assert_eq!(digits.len(), 2 * N, "{hex} is not {N} bytes");
		let mut out = [0; N];
		for (slot, pair) in out.iter_mut().zip(digits.chunks(2)) {
			*slot = u8::from_str_radix(core::str::from_utf8(pair).unwrap(), 16).unwrap();
		}
		out
	}

	/// The worked example of `docs/anchoring.md` section 7: the device of seed `0x01…01` signs
	/// its reading 7 on the chain of genesis `0x45…45`.
	fn worked_example() -> (Device, [u8; ENVELOPE_LEN]) {
		let device = Device::from_seed([1; 32], GENESIS);
		let envelope = device.sign_reading(7, NEW_YEAR, PAYLOAD);
		(device, envelope)
	}

	fn public_key() -> [u8; 32] {
		unhex("8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c")
	}

	fn digest() -> [u8; 32] {
		unhex("84706f69ba29b15ca7ec4188f747d0a10de6ce165afd6154aee3469f9f4617e2")
	}

	fn signature() -> [u8; 64] {
		unhex(
			"62d7f81a7f65b7d3b182de02c936b2f4973ad8e1341b3c18545be3ab271113df
			 4d97e57af4054b2f9505ddb479f8b09fa059dfd632405053f2e98dbba3530507",
		)
	}

	#[test]
	fn payload_digest_is_the_documented_one() {
		assert_eq!(payload_digest(PAYLOAD), digest());
	}

	#[test]
	fn reading_payload_is_the_documented_bytes() {
		let payload = reading_payload(&GENESIS, &public_key(), 7, NEW_YEAR, &digest());
		let mut expected = std::vec![0x40];
		expected.extend_from_slice(b"iotchain/reading");
		expected.extend_from_slice(&[0x45; 32]);
		expected.extend_from_slice(&public_key());
		expected.extend_from_slice(&[7, 0, 0, 0, 0, 0, 0, 0]);
		expected.extend_from_slice(&[0x00, 0xa8, 0xda, 0x76, 0x9b, 0x01, 0, 0]);
		expected.extend_from_slice(&digest());
		assert_eq!(expected.len(), PAYLOAD_LEN);
		assert_eq!(payload[..], expected[..]);
	}

	#[test]
	fn device_id_is_the_public_key_of_the_seed() {
		let (device, _) = worked_example();
		assert_eq!(device.id(), public_key());
		assert_eq!(device.public_key(), public_key());
	}

	#[test]
	fn envelope_and_leaf_are_the_documented_bytes() {
		let (_, envelope) = worked_example();
		assert_eq!(envelope[..32], public_key());
		assert_eq!(envelope[32..40], [7, 0, 0, 0, 0, 0, 0, 0]);
		assert_eq!(envelope[40..48], [0x00, 0xa8, 0xda, 0x76, 0x9b, 0x01, 0, 0]);
		assert_eq!(envelope[48..80], digest());
		assert_eq!(envelope[80], ED25519_SCHEME);
		assert_eq!(envelope[81..], signature());
		assert_eq!(
			envelope_leaf(&envelope),
			unhex::<32>("344618c25ab23bcf4b9c59b11fb504336334a4c513224f68ecee439c71146ae1")
		);
	}

	#[test]
	fn signature_verifies_with_the_device_key_on_its_chain_only() {
		let (device, envelope) = worked_example();
		let key = VerifyingKey::from_bytes(&device.public_key()).unwrap();
		let signature = Signature::from_bytes(&envelope[81..].try_into().unwrap());
		let signed = reading_payload(&GENESIS, &device.id(), 7, NEW_YEAR, &digest());
		assert!(key.verify_strict(&signed, &signature).is_ok());
		let elsewhere = reading_payload(&[0x46; 32], &device.id(), 7, NEW_YEAR, &digest());
		assert!(key.verify_strict(&elsewhere, &signature).is_err());
		let stranger = Device::from_seed([2; 32], GENESIS);
		let stranger_key = VerifyingKey::from_bytes(&stranger.public_key()).unwrap();
		assert!(stranger_key.verify_strict(&signed, &signature).is_err());
	}

	#[test]
	fn changing_any_field_changes_the_signature() {
		let (_, envelope) = worked_example();
		let others = [
			Device::from_seed([1; 32], GENESIS).sign_reading(8, NEW_YEAR, PAYLOAD),
			Device::from_seed([1; 32], GENESIS).sign_reading(7, NEW_YEAR + 1, PAYLOAD),
			Device::from_seed([1; 32], GENESIS).sign_reading(7, NEW_YEAR, br#"{"t":21.6}"#),
			Device::from_seed([1; 32], [0x46; 32]).sign_reading(7, NEW_YEAR, PAYLOAD),
			Device::from_seed([1; 32], GENESIS).with_id([9; 32]).sign_reading(7, NEW_YEAR, PAYLOAD),
			Device::from_seed([2; 32], GENESIS).sign_reading(7, NEW_YEAR, PAYLOAD),
		];
		for other in others {
			assert_ne!(other[81..], envelope[81..]);
			assert_ne!(envelope_leaf(&other), envelope_leaf(&envelope));
		}
	}

	#[test]
	fn signing_is_deterministic() {
		let (_, envelope) = worked_example();
		assert_eq!(worked_example().1, envelope);
	}

	#[test]
	fn a_rotated_device_keeps_its_id_and_signs_with_its_new_key() {
		let original = public_key();
		let rotated = Device::from_seed([3; 32], GENESIS).with_id(original);
		assert_eq!(rotated.id(), original);
		assert_ne!(rotated.public_key(), original);
		let envelope = rotated.sign_reading(7, NEW_YEAR, PAYLOAD);
		assert_eq!(envelope[..32], original);
		let key = VerifyingKey::from_bytes(&rotated.public_key()).unwrap();
		let signature = Signature::from_bytes(&envelope[81..].try_into().unwrap());
		let signed = reading_payload(&GENESIS, &original, 7, NEW_YEAR, &digest());
		assert!(key.verify_strict(&signed, &signature).is_ok());
	}

	#[test]
	fn frame_is_the_envelope_then_the_payload() {
		let (_, envelope) = worked_example();
		let mut out = [0xff; 200];
		assert_eq!(frame(&envelope, PAYLOAD, &mut out), Some(155));
		assert_eq!(out[..145], envelope);
		assert_eq!(out[145..155], *PAYLOAD);
		assert!(out[155..].iter().all(|b| *b == 0xff), "nothing written past the frame");
		let mut exact = [0; 155];
		assert_eq!(frame(&envelope, PAYLOAD, &mut exact), Some(155));
		assert_eq!(frame(&envelope, &[], &mut exact), Some(145));
	}

	#[test]
	fn frame_refuses_a_too_small_buffer_and_writes_nothing() {
		let (_, envelope) = worked_example();
		let mut short = [0xff; 154];
		assert_eq!(frame(&envelope, PAYLOAD, &mut short), None);
		assert!(short.iter().all(|b| *b == 0xff));
		assert_eq!(frame(&envelope, &[], &mut [0; 144]), None);
	}

	#[test]
	fn device_hex_is_lowercase_hex() {
		assert_eq!(
			device_hex(&public_key()),
			*b"8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c"
		);
		let all: [u8; 32] = core::array::from_fn(|i| (i as u8).wrapping_mul(8));
		assert_eq!(
			device_hex(&all),
			*b"0008101820283038404850586068707880889098a0a8b0b8c0c8d0d8e0e8f0f8"
		);
	}

	#[test]
	fn binary_topic_names_the_device_in_hex() {
		let topic = binary_topic(&public_key());
		assert_eq!(
			topic.as_str(),
			"iotchain/v1/devices/8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c\
			 /readings/bin"
		);
		assert_eq!(topic.as_bytes().len(), BINARY_TOPIC_LEN);
	}
}
