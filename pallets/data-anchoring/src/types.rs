//! Types of the data-anchoring pallet.

use codec::{Decode, Encode};
use frame_support::traits::fungible;
use scale_info::TypeInfo;
use sp_core::H256;
use sp_runtime::MultiSigner;

pub use iotchain_primitives::{AnchorKind, AnchorRecord, AnchoredAt, NotProven, ReadingEnvelope};

use crate::Config;

/// The balance of the currency anchor fees are priced in.
pub type BalanceOf<T> =
	<<T as Config>::Currency as fungible::Inspect<<T as frame_system::Config>::AccountId>>::Balance;

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

/// What an anchor commits to, as [`AnchorView`] names it: `"reading"`, `"batch"` or
/// `"aggregate"`.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub enum AnchorViewKind {
	/// One reading's digest.
	Reading,
	/// The Merkle root of a batch of readings.
	Batch,
	/// The Merkle root of a gateway's aggregate of reading envelopes.
	Aggregate,
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
	/// The claimed time of the first reading in a batch or aggregate; `None` for a reading.
	pub first_ts: Option<u64>,
	/// The claimed time of the last reading in a batch or aggregate; `None` for a reading.
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
			AnchorKind::Aggregate { first_ts, last_ts, .. } => {
				(AnchorViewKind::Aggregate, Some(first_ts), Some(last_ts))
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

/// Whether a reading envelope is in a gateway's aggregate, and whether its device signed it:
/// `{ "proven": { "gateway", "aggregateSeq", "block", "moment", "leafCount", "device",
/// "deviceSignature" } }` or `{ "notProven": "mismatch" }` (see [`NotProven`] for the reasons).
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase", rename_all_fields = "camelCase"))]
pub enum ReadingVerdict<AccountId, BlockNumber> {
	/// The envelope is a leaf of the aggregate: where and when, and what its signature is worth.
	Proven(ProvenReading<AccountId, BlockNumber>),
	/// The envelope is not proven to be in the aggregate, and why.
	NotProven(NotProven),
}

/// A reading envelope proven to be in a gateway's aggregate.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct ProvenReading<AccountId, BlockNumber> {
	/// The gateway that anchored the aggregate.
	pub gateway: AccountId,
	/// The aggregate's sequence number among the gateway's anchors.
	pub aggregate_seq: u64,
	/// The block the aggregate was anchored in.
	pub block: BlockNumber,
	/// The chain's time at that block, in milliseconds since the Unix epoch.
	pub moment: u64,
	/// How many envelopes the aggregate has.
	pub leaf_count: u32,
	/// The device the envelope names.
	pub device: AccountId,
	/// Whether the device signed the envelope, with the key it held at the aggregate's block.
	pub device_signature: DeviceSignature,
}

/// Whether an envelope's signature is its device's, checked with the key the device held when
/// the aggregate was anchored: `{ "valid": { "key": … } }`, `{ "invalid": { "key": … } }` or
/// `"unknownDevice"`.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase", rename_all_fields = "camelCase"))]
pub enum DeviceSignature {
	/// The device signed the envelope with `key`, the key it held at the aggregate's block.
	Valid {
		/// The device's key at the aggregate's block.
		#[cfg_attr(feature = "std", serde(with = "iotchain_primitives::json::signer"))]
		key: MultiSigner,
	},
	/// The signature is not `key`'s, the key the device held at the aggregate's block: the
	/// envelope was forged, altered, or signed with a key the device had already rotated away
	/// from. The gateway anchored a reading its device did not vouch for.
	Invalid {
		/// The device's key at the aggregate's block.
		#[cfg_attr(feature = "std", serde(with = "iotchain_primitives::json::signer"))]
		key: MultiSigner,
	},
	/// No device with the envelope's id was registered when the aggregate was anchored.
	UnknownDevice,
}

/// The key type the benchmarks keep their device keys under in the keystore.
#[cfg(feature = "runtime-benchmarks")]
pub const BENCHMARK_KEY_TYPE: sp_core::crypto::KeyTypeId = sp_core::crypto::KeyTypeId(*b"anch");

/// Creates devices for the benchmarks in whatever registry the runtime uses.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper {
	/// Registers the device of `key` as an `Active` device of `kind`, so that it may anchor.
	///
	/// `key` is an sr25519 key held in the benchmark keystore under [`BENCHMARK_KEY_TYPE`], so an
	/// implementation can sign a proof of possession with `sp_io::crypto::sr25519_sign`.
	fn register_active_device(key: &sp_runtime::MultiSigner, kind: iotchain_primitives::DeviceKind);

	/// Sets the chain's clock to `moment` (milliseconds since the Unix epoch), as the timestamp
	/// inherent does before any transaction of a block: an anchor never runs at time 0 in a real
	/// block, and `pallet_timestamp` logs an error when read at 0, which would be measured as if
	/// every anchor paid for it.
	fn set_time(moment: u64);
}
