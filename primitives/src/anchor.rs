//! The anchor lookup: what the data-anchoring pallet tells other pallets about anchored data.
//!
//! A device anchors either one reading (its 32-byte digest) or the Merkle root of a batch of
//! readings ([`crate::merkle`]), under a sequence number of its own. The record kept for each
//! `(device, seq)` is an [`AnchorRecord`]; [`AnchorRecord::verify`] is the one rule for whether a
//! reading is proven by it, used by the pallet's calls, its runtime API and other pallets alike.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_core::H256;

use crate::{domain, merkle, signed_payload};

/// What an anchor commits to.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase", rename_all_fields = "camelCase"))]
pub enum AnchorKind {
	/// One reading: the anchor's digest is the reading's leaf, `BLAKE2b-256(reading)`.
	Reading,
	/// A batch: the anchor's digest is the Merkle root over `leaf_count` leaves, of readings
	/// the device says it took between `first_ts` and `last_ts` (its own clock, claimed and
	/// ordered but not checked against the chain's).
	Batch {
		/// How many readings the tree has, at least 1.
		leaf_count: u32,
		/// The device's time of its first reading in the batch.
		first_ts: u64,
		/// The device's time of its last reading in the batch, not before `first_ts`.
		last_ts: u64,
	},
	/// An aggregate, anchored by a gateway: the anchor's digest is the Merkle root over
	/// `leaf_count` leaves, each the leaf of one device-signed reading envelope
	/// ([`crate::reading::ReadingEnvelope::leaf`]) from any device, whose timestamps the gateway
	/// says span `first_ts` to `last_ts`.
	Aggregate {
		/// How many envelopes the tree has, at least 1.
		leaf_count: u32,
		/// The earliest envelope timestamp in the aggregate, by the gateway's account.
		first_ts: u64,
		/// The latest envelope timestamp in the aggregate, not before `first_ts`.
		last_ts: u64,
	},
}

impl AnchorKind {
	/// How many readings the anchor covers: 1 for a reading, the tree's leaves for a batch.
	pub fn leaf_count(&self) -> u32 {
		match self {
			Self::Reading => 1,
			Self::Batch { leaf_count, .. } | Self::Aggregate { leaf_count, .. } => *leaf_count,
		}
	}

	/// The domain tag of the payload a relayed anchor of this kind is signed under:
	/// `"iotchain/aggregate"` for an aggregate, `"iotchain/anchor"` for the others, so a
	/// gateway's signature of an aggregate is never valid for a batch of the same root.
	pub fn domain_tag(&self) -> &'static [u8] {
		match self {
			Self::Aggregate { .. } => domain::AGGREGATE,
			Self::Reading | Self::Batch { .. } => domain::ANCHOR,
		}
	}

	/// The `(leaf_count, first_ts, last_ts)` a device signs: `(0, 0, 0)` for one reading, which no
	/// batch can have, so a signature for one kind is never valid for the other.
	pub fn signed_fields(&self) -> (u32, u64, u64) {
		match self {
			Self::Reading => (0, 0, 0),
			Self::Batch { leaf_count, first_ts, last_ts }
			| Self::Aggregate { leaf_count, first_ts, last_ts } => (*leaf_count, *first_ts, *last_ts),
		}
	}
}

/// What the chain keeps for one anchor, forever.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct AnchorRecord<BlockNumber> {
	/// The reading's digest, or the batch's Merkle root.
	pub digest: H256,
	/// A single reading or a batch, with the batch's size and claimed times.
	pub kind: AnchorKind,
	/// The block the anchor was included in: authoritative.
	pub block: BlockNumber,
	/// The chain's time at that block, in milliseconds since the Unix epoch: authoritative.
	pub moment: u64,
}

/// When a proven reading was anchored, by the chain's block and clock.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct AnchoredAt<BlockNumber> {
	/// The block the anchor was included in.
	pub block: BlockNumber,
	/// The chain's time at that block, in milliseconds since the Unix epoch.
	pub moment: u64,
}

/// Why a reading is not proven by an anchor.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase", rename_all_fields = "camelCase"))]
pub enum NotProven {
	/// The device has no anchor with this sequence number.
	UnknownAnchor,
	/// The leaf index is not below the anchor's leaf count (a single reading is leaf 0).
	LeafIndexOutOfRange,
	/// The proof does not have the number of siblings the leaf's position calls for (a single
	/// reading takes an empty proof).
	WrongProofLength,
	/// The leaf and proof do not lead to the anchored digest or root: the reading was altered,
	/// or the proof belongs to another reading or another anchor.
	Mismatch,
	/// A reading envelope was proven against an anchor that is not an aggregate: only a
	/// gateway's aggregate has envelopes for leaves.
	NotAnAggregate,
}

impl<BlockNumber: Copy> AnchorRecord<BlockNumber> {
	/// When the anchor was made.
	pub fn anchored_at(&self) -> AnchoredAt<BlockNumber> {
		AnchoredAt { block: self.block, moment: self.moment }
	}

	/// Whether `leaf` at `leaf_index`, with the sibling nodes `proof`, is proven by this anchor.
	///
	/// A single reading is proven by its own digest: `leaf_index` 0, an empty proof, and `leaf`
	/// equal to the anchored digest. A batch's leaf is proven by a Merkle proof against the
	/// anchored root ([`merkle::verify`]).
	pub fn verify(
		&self,
		leaf: &H256,
		leaf_index: u32,
		proof: &[H256],
	) -> Result<AnchoredAt<BlockNumber>, NotProven> {
		let leaf_count = self.kind.leaf_count();
		let expected_len =
			merkle::proof_len(leaf_index, leaf_count).ok_or(NotProven::LeafIndexOutOfRange)?;
		if proof.len() != expected_len {
			return Err(NotProven::WrongProofLength);
		}
		let proven = match self.kind {
			AnchorKind::Reading => *leaf == self.digest,
			AnchorKind::Batch { .. } | AnchorKind::Aggregate { .. } => {
				merkle::verify(&self.digest, leaf, leaf_index, leaf_count, proof)
			}
		};
		if proven {
			Ok(self.anchored_at())
		} else {
			Err(NotProven::Mismatch)
		}
	}
}

/// The bytes a device signs to have an anchor relayed:
/// `(tag, genesis_hash, device, seq, digest, leaf_count, first_ts, last_ts)` SCALE-encoded,
/// where `tag` is [`AnchorKind::domain_tag`] (`"iotchain/anchor"`, or `"iotchain/aggregate"`
/// for a gateway's aggregate) and [`AnchorKind::signed_fields`] gives the last three.
pub fn anchor_payload<AccountId: Encode>(
	genesis_hash: &H256,
	device: &AccountId,
	seq: u64,
	digest: &H256,
	kind: &AnchorKind,
) -> Vec<u8> {
	let (leaf_count, first_ts, last_ts) = kind.signed_fields();
	signed_payload(
		kind.domain_tag(),
		genesis_hash,
		&(device, seq, digest, leaf_count, first_ts, last_ts),
	)
}

/// What other pallets (payments, supply chain) may ask about anchored data, implemented by the
/// data-anchoring pallet.
///
/// Sequence numbers are per device and each is used at most once, but they may arrive in any
/// order and have gaps: a device's anchor 41 may be made after its anchor 42, and a number never
/// anchored may still be anchored later. So a condition on delivered data should name the
/// `(device, seq)` it waits for and ask [`Self::has_anchored`] or [`Self::anchor_record`] about
/// exactly that anchor (one storage read each); [`Self::last_seq`] says nothing about the numbers
/// below it.
pub trait AnchorLookup<AccountId, BlockNumber> {
	/// The highest sequence number the device has anchored, or `None` if it has anchored nothing.
	///
	/// It is the highest, not the most recent, and it does not mean that any number below it was
	/// anchored, nor that a missing one never will be.
	fn last_seq(device: &AccountId) -> Option<u64>;

	/// Whether the device has anchored exactly `seq`; another number, higher or not, does not
	/// count.
	fn has_anchored(device: &AccountId, seq: u64) -> bool {
		Self::anchor_record(device, seq).is_some()
	}

	/// The record of the device's anchor `seq`, if it made one: what was anchored and when.
	fn anchor_record(device: &AccountId, seq: u64) -> Option<AnchorRecord<BlockNumber>>;

	/// Whether `leaf` at `leaf_index` is proven by the device's anchor `seq` with `proof`, and if
	/// so when it was anchored. See [`AnchorRecord::verify`].
	fn verify_reading(
		device: &AccountId,
		seq: u64,
		leaf: &H256,
		leaf_index: u32,
		proof: &[H256],
	) -> Result<AnchoredAt<BlockNumber>, NotProven>
	where
		BlockNumber: Copy,
	{
		Self::anchor_record(device, seq)
			.ok_or(NotProven::UnknownAnchor)?
			.verify(leaf, leaf_index, proof)
	}
}

/// No anchors at all, for runtimes and mocks without the anchoring pallet.
impl<AccountId, BlockNumber> AnchorLookup<AccountId, BlockNumber> for () {
	fn last_seq(_: &AccountId) -> Option<u64> {
		None
	}

	fn anchor_record(_: &AccountId, _: u64) -> Option<AnchorRecord<BlockNumber>> {
		None
	}
}

#[cfg(test)]
// Test code: a panic is a failed test.
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]
mod tests {
	use super::*;

	const GENESIS: H256 = H256::repeat_byte(0x45);

	fn record(digest: H256, kind: AnchorKind) -> AnchorRecord<u32> {
		AnchorRecord { digest, kind, block: 7, moment: 1_700_000_000_000 }
	}

	#[test]
	fn payload_is_the_documented_bytes() {
		let device = [0x11u8; 32];
		let digest = H256::repeat_byte(0x22);
		let kind = AnchorKind::Batch { leaf_count: 1000, first_ts: 1, last_ts: 2 };
		let payload = anchor_payload(&GENESIS, &device, 5, &digest, &kind);

		let mut expected = vec![0x3c];
		expected.extend_from_slice(b"iotchain/anchor");
		expected.extend_from_slice(&[0x45; 32]);
		expected.extend_from_slice(&[0x11; 32]);
		expected.extend_from_slice(&[5, 0, 0, 0, 0, 0, 0, 0]);
		expected.extend_from_slice(&[0x22; 32]);
		expected.extend_from_slice(&[0xe8, 0x03, 0, 0]);
		expected.extend_from_slice(&[1, 0, 0, 0, 0, 0, 0, 0]);
		expected.extend_from_slice(&[2, 0, 0, 0, 0, 0, 0, 0]);
		assert_eq!(payload.len(), 140);
		assert_eq!(payload, expected);
	}

	#[test]
	fn single_reading_signs_zero_count_and_times() {
		let device = [0x11u8; 32];
		let digest = H256::repeat_byte(0x22);
		let reading = anchor_payload(&GENESIS, &device, 5, &digest, &AnchorKind::Reading);
		assert_eq!(reading.get(120..), Some(&[0u8; 20][..]));
		let batch_of_one = AnchorKind::Batch { leaf_count: 1, first_ts: 0, last_ts: 0 };
		assert_ne!(reading, anchor_payload(&GENESIS, &device, 5, &digest, &batch_of_one));
	}

	#[test]
	fn an_aggregate_signs_under_its_own_tag() {
		let device = [0x11u8; 32];
		let digest = H256::repeat_byte(0x22);
		let batch = AnchorKind::Batch { leaf_count: 1000, first_ts: 1, last_ts: 2 };
		let aggregate = AnchorKind::Aggregate { leaf_count: 1000, first_ts: 1, last_ts: 2 };
		let signed = anchor_payload(&GENESIS, &device, 5, &digest, &aggregate);
		let mut expected = vec![18 << 2];
		expected.extend_from_slice(b"iotchain/aggregate");
		// Past the tag, the fields are the batch's, byte for byte.
		expected.extend_from_slice(&anchor_payload(&GENESIS, &device, 5, &digest, &batch)[16..]);
		assert_eq!(signed, expected);
		assert_eq!(signed.len(), 143);
	}

	#[test]
	fn single_reading_is_proven_by_its_digest_only() {
		let leaf = merkle::reading_leaf(b"21.5 C");
		let anchor = record(leaf, AnchorKind::Reading);
		assert_eq!(
			anchor.verify(&leaf, 0, &[]),
			Ok(AnchoredAt { block: 7, moment: 1_700_000_000_000 })
		);
		assert_eq!(
			anchor.verify(&merkle::reading_leaf(b"21.6 C"), 0, &[]),
			Err(NotProven::Mismatch)
		);
		assert_eq!(anchor.verify(&leaf, 1, &[]), Err(NotProven::LeafIndexOutOfRange));
		assert_eq!(anchor.verify(&leaf, 0, &[leaf]), Err(NotProven::WrongProofLength));
	}

	#[test]
	fn batch_leaf_is_proven_by_its_merkle_proof() {
		let leaves: Vec<H256> = (0..5u32).map(|i| merkle::reading_leaf(&i.to_le_bytes())).collect();
		let root = merkle::root(&leaves).unwrap_or_default();
		let anchor = record(root, AnchorKind::Batch { leaf_count: 5, first_ts: 10, last_ts: 20 });
		let proof = merkle::proof(&leaves, 3).map(|p| p.siblings).unwrap_or_default();

		assert!(anchor.verify(&leaves[3], 3, &proof).is_ok());
		assert_eq!(anchor.verify(&leaves[2], 3, &proof), Err(NotProven::Mismatch));
		assert_eq!(anchor.verify(&leaves[3], 5, &proof), Err(NotProven::LeafIndexOutOfRange));
		assert_eq!(anchor.verify(&leaves[3], 3, &proof[1..]), Err(NotProven::WrongProofLength));
		// A one-leaf batch is not the bare leaf: its root is the leaf hashed once more.
		let one = record(leaves[0], AnchorKind::Batch { leaf_count: 1, first_ts: 0, last_ts: 0 });
		assert_eq!(one.verify(&leaves[0], 0, &[]), Err(NotProven::Mismatch));
	}

	struct OneAnchor;
	impl AnchorLookup<u8, u32> for OneAnchor {
		fn last_seq(device: &u8) -> Option<u64> {
			(*device == 1).then_some(9)
		}
		fn anchor_record(device: &u8, seq: u64) -> Option<AnchorRecord<u32>> {
			(*device == 1 && seq == 9).then(|| record(H256::repeat_byte(1), AnchorKind::Reading))
		}
	}

	#[test]
	fn lookup_defaults_follow_the_records() {
		assert!(OneAnchor::has_anchored(&1, 9));
		assert!(!OneAnchor::has_anchored(&1, 8), "a higher anchor does not count for a lower one");
		assert!(!OneAnchor::has_anchored(&1, 10));
		assert!(!OneAnchor::has_anchored(&2, 9));
		assert!(OneAnchor::verify_reading(&1, 9, &H256::repeat_byte(1), 0, &[]).is_ok());
		assert_eq!(
			OneAnchor::verify_reading(&1, 8, &H256::repeat_byte(1), 0, &[]),
			Err(NotProven::UnknownAnchor)
		);
		assert_eq!(<() as AnchorLookup<u8, u32>>::last_seq(&1), None);
	}
}
