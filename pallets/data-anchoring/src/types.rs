//! Types of the data-anchoring pallet.

use codec::{Decode, Encode};
use frame_support::traits::fungible;
use scale_info::TypeInfo;
use sp_core::H256;

pub use iotchain_primitives::{AnchorKind, AnchorRecord, AnchoredAt, NotProven};

use crate::Config;

/// The balance of the currency anchor fees are paid in.
pub type BalanceOf<T> =
	<<T as Config>::Currency as fungible::Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// Anchor fees taken from their payer, on their way to `FeeDestination`.
pub type CreditOf<T> =
	fungible::Credit<<T as frame_system::Config>::AccountId, <T as Config>::Currency>;

/// A sequence number as it is stored in [`crate::Anchors`]' keys: big-endian, so that a device's
/// anchors iterate in sequence order.
pub type SeqKey = [u8; 8];

/// The storage key part of sequence number `seq`.
pub fn seq_key(seq: u64) -> SeqKey {
	seq.to_be_bytes()
}

/// The sequence number of a storage key part.
pub fn seq_of(key: SeqKey) -> u64 {
	u64::from_be_bytes(key)
}

/// What an anchor commits to, as [`AnchorView`] names it: `"reading"` or `"batch"`.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub enum AnchorViewKind {
	/// One reading's digest.
	Reading,
	/// The Merkle root of a batch of readings.
	Batch,
}

/// One anchor as clients read it: the device's sequence number and its record, flattened.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct AnchorView<BlockNumber> {
	/// The device's sequence number of the anchor; the cursor of the page it is on.
	pub seq: u64,
	/// One reading or a batch.
	pub kind: AnchorViewKind,
	/// The reading's digest, or the batch's Merkle root.
	pub digest: H256,
	/// How many readings the anchor covers: 1 for a reading.
	pub leaf_count: u32,
	/// The device's claimed time of its first reading in a batch; `None` for a reading.
	pub first_ts: Option<u64>,
	/// The device's claimed time of its last reading in a batch; `None` for a reading.
	pub last_ts: Option<u64>,
	/// The block the anchor was included in.
	pub block: BlockNumber,
	/// The chain's time at that block, in milliseconds since the Unix epoch.
	pub moment: u64,
}

impl<BlockNumber> AnchorView<BlockNumber> {
	/// The view of `record`, the device's anchor `seq`.
	pub fn new(seq: u64, record: AnchorRecord<BlockNumber>) -> Self {
		let AnchorRecord { digest, kind, block, moment } = record;
		let (view_kind, first_ts, last_ts) = match kind {
			AnchorKind::Reading => (AnchorViewKind::Reading, None, None),
			AnchorKind::Batch { first_ts, last_ts, .. } => {
				(AnchorViewKind::Batch, Some(first_ts), Some(last_ts))
			}
		};
		Self {
			seq,
			kind: view_kind,
			digest,
			leaf_count: kind.leaf_count(),
			first_ts,
			last_ts,
			block,
			moment,
		}
	}
}

/// Whether a reading is proven by an anchor: `{ "proven": { "block", "moment" } }` or
/// `{ "notProven": "mismatch" }` (see [`NotProven`] for the reasons).
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase", rename_all_fields = "camelCase"))]
pub enum ProofVerdict<BlockNumber> {
	/// The reading is proven: when its anchor was made.
	Proven(AnchoredAt<BlockNumber>),
	/// The reading is not proven, and why.
	NotProven(NotProven),
}

impl<BlockNumber> From<Result<AnchoredAt<BlockNumber>, NotProven>> for ProofVerdict<BlockNumber> {
	fn from(outcome: Result<AnchoredAt<BlockNumber>, NotProven>) -> Self {
		match outcome {
			Ok(anchored_at) => Self::Proven(anchored_at),
			Err(reason) => Self::NotProven(reason),
		}
	}
}

/// The key type the benchmarks keep their device keys under in the keystore.
#[cfg(feature = "runtime-benchmarks")]
pub const BENCHMARK_KEY_TYPE: sp_core::crypto::KeyTypeId = sp_core::crypto::KeyTypeId(*b"anch");

/// Creates devices for the benchmarks in whatever registry the runtime uses.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper {
	/// Registers the device of `key` as an `Active` device, so that it may anchor.
	///
	/// `key` is an sr25519 key held in the benchmark keystore under [`BENCHMARK_KEY_TYPE`], so an
	/// implementation can sign a proof of possession with `sp_io::crypto::sr25519_sign`.
	fn register_active_device(key: &sp_runtime::MultiSigner);
}
