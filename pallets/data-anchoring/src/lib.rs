//! # Data anchoring
//!
//! Device-signed, sequence-numbered anchors of sensor data, kept for the chain's life and provable
//! by anyone.
//!
//! Devices produce far more data than a chain can hold, and their users need to prove later that
//! a reading existed at a given time and was not altered. This pallet anchors digests, not
//! payloads: one reading's 32-byte digest, the Merkle root of a batch of up to
//! `MaxLeavesPerBatch` readings, or the Merkle root of a gateway's aggregate of as many reading
//! envelopes, each signed by the device that took it
//! ([`iotchain_primitives::ReadingEnvelope`]). Every anchor is attributable to a registered,
//! active device that signed it (for an aggregate, a device of kind `Gateway`), numbered in that
//! device's own sequence, and stamped with the chain's block and time.
//!
//! ## Overview
//!
//! - **Who may anchor.** Either the device itself (the transaction is signed by the device's
//!   current key, so the origin is that key's account), or any account relaying the device's
//!   signature over the anchor payload below: a gateway, an operator, any relayer that pays the
//!   fee. The relayer cannot alter what the device signed. Devices are looked up through
//!   [`iotchain_primitives::DeviceLookup`] (`Config::Devices`), never through the registry's
//!   storage, and must be `Active`.
//! - **Sequence numbers.** Each device numbers its anchors, from 0. Each `(device, seq)` can be
//!   anchored once: a second anchor of the same number fails with [`Error::AlreadyAnchored`],
//!   which is also what makes a relayed signature single-use (anchors are never removed, so their
//!   presence is a complete replay guard). Numbers may arrive in any order: an anchor below the
//!   device's highest fills a gap, so an observer who copies a relayed anchor 42 and gets it in
//!   first does not make 41 impossible. An anchor may skip at most `MaxSeqJump` numbers above
//!   the device's highest (above -1 for its first), else it fails with
//!   [`Error::SequenceTooFarAhead`]: a runaway number (a firmware bug, a leaked key) cannot push
//!   the device's highest anywhere near `u64::MAX`. Skipped numbers are reported in the event
//!   (`gap`: how many numbers the anchor skipped above the device's previous highest, 0 when it
//!   fills a gap below it), so auditors see missing data.
//! - **Time.** The chain's block number and timestamp (`Config::UnixTime`, milliseconds since the
//!   Unix epoch) are authoritative. A batch's `first_ts` and `last_ts` are the device's own
//!   claims: stored as given, required only to be ordered (`first_ts <= last_ts`). Milliseconds
//!   since the Unix epoch are recommended, to compare with the chain's time.
//! - **Retention.** Anchors are never overwritten or removed: a query by `(device, seq)` works for
//!   the chain's life, including for devices later suspended or revoked.
//! - **Merkle trees.** Batches use polkadot-sdk's `binary-merkle-tree` with BLAKE2b-256, through
//!   [`iotchain_primitives::merkle`], which states the tree exactly (as does
//!   `docs/anchoring.md`). A leaf is the 32-byte digest of one reading.
//! - **Other pallets** ask about anchors through [`iotchain_primitives::AnchorLookup`], which this
//!   pallet implements: the highest sequence number of a device, whether and what it anchored as
//!   a given `(device, seq)` (one storage read), and whether a reading is proven by it.
//! - **Clients** read through [`Pallet::anchor_view`], [`Pallet::anchors_page`] (pages of
//!   [`AnchorView`]s, the cursor being a sequence number), [`Pallet::last_seq`] (the highest
//!   anchored number, not the most recent anchor) and [`Pallet::verify_reading`], served by the
//!   runtime API in `pallet-data-anchoring-runtime-api` and the `anchoring_*` RPC methods
//!   (`docs/rpc.md`).
//!
//! ## Calls
//!
//! - [`anchor`](Pallet::anchor): anchor one reading's digest.
//! - [`anchor_batch`](Pallet::anchor_batch): anchor the Merkle root of a batch of readings, with
//!   the leaf count and the device's claimed time range.
//! - [`anchor_aggregate`](Pallet::anchor_aggregate): a gateway anchors the Merkle root of an
//!   aggregate of device-signed reading envelopes, which [`Pallet::verify_reading_envelope`] then
//!   proves one by one, with the key each device held at the aggregate's block
//!   (`docs/anchoring.md`, sections 7 to 9: the envelope, the trust model, and when to use a
//!   batch or an aggregate).
//!
//! ## The anchor payload
//!
//! A relayed anchor carries the device's `MultiSignature`, made with its current key, over the
//! SCALE encoding of
//!
//! ```text
//! ("iotchain/anchor", genesis_hash, device, seq, digest, leaf_count, first_ts, last_ts)
//! ```
//!
//! following IoTChain's signed-payload convention ([`iotchain_primitives::signing`]), built by
//! [`Pallet::anchor_payload`]. A single reading signs `leaf_count`, `first_ts` and `last_ts` as
//! zero, which no batch can have. An aggregate signs the same fields under the tag
//! `"iotchain/aggregate"`. The bytes, field by field, with a worked example, are in
//! `docs/anchoring.md` (section 3), the one place they are written down.
//!
//! ## The device as origin
//!
//! A device id is the account of the key the device was registered with, and stays fixed; a key
//! rotation changes the key, not the id. "The device itself" therefore means the account of the
//! device's **current** key: before any rotation that is the device id, after one it is the new
//! key's account. The id's original key is no longer accepted once rotated away from, since a
//! rotation is how an owner shuts out a lost or compromised key.
//!
//! ## State per anchor, and what it costs
//!
//! One anchor is one entry of [`Anchors`], keyed by the device (`Blake2_128Concat`) and the
//! sequence number as 8 big-endian bytes (`Identity`, so a device's anchors iterate in sequence
//! order for paging; the key part is fixed-size and under the device's hashed prefix, so it cannot
//! unbalance the trie beyond 16 nibbles):
//!
//! - key: 16 (pallet prefix) + 16 (storage prefix) + 16 (`blake2_128` of the device) + 32
//!   (device) + 8 (seq) = **88 bytes**;
//! - value ([`AnchorRecord`]): digest 32, kind (1 for a reading; 1 + 4 + 8 + 8 = 21 for a
//!   batch or an aggregate), block 4 and moment 8, so **45 bytes** for a reading, **65 bytes** for
//!   a batch or an aggregate;
//!
//! so **133 bytes** per reading anchor and **153 bytes** per batch or aggregate, before the
//! trie's own overhead. [`LastSeq`] adds 80 + 8 = 88 bytes once per device, not per anchor (the
//! test `an_anchor_stores_the_documented_bytes` pins these sizes).
//!
//! Anchors are kept forever by design, so there is no deposit: a deposit is money held until the
//! data is removed, and this data is never removed; a hold that can never be released is a fee
//! that keeps the payer's account from ever being reaped. Instead, every anchor pays a one-off
//! `AnchorFee` for the state it adds, as `pallet-transaction-storage` does for stored data.
//! Records are fixed-size, so one constant prices them; the runtime sets it (and may set it to
//! zero). The pallet does not take it: [`Pallet::storage_fee`] tells the runtime what a call owes,
//! and the runtime adds it to the call's transaction fee, so that the sender's account is touched
//! once per transaction, the fee is checked before the transaction enters a block, and it is paid
//! whether or not the anchor succeeds, like the rest of the fee.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod features;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use iotchain_primitives::AnchorLookup;
use sp_core::H256;

/// The most anchors one page of [`Pallet::anchors_page`] returns.
pub const MAX_ANCHORS_PAGE: u32 = 1_000;

/// What `MaxLeavesPerBatch` must at least be: a million readings in one anchor.
pub const MIN_MAX_LEAVES_PER_BATCH: u32 = 1 << 20;

#[frame_support::pallet]
#[allow(
	clippy::expect_used,
	reason = "FRAME's pallet macros expand to `expect`s on what `construct_runtime` guarantees \
	(every pallet has a name and an index), and clippy charges them to this module"
)]
#[allow(
	clippy::too_many_arguments,
	reason = "`anchor_batch` and `anchor_aggregate` take the fields the device signs one by one, so \
	that clients and docs name each"
)]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::{fungible, UnixTime},
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::{AccountId32, MultiSignature};

	/// The layout of this pallet's storage; bump it with a migration when the layout changes.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Device ids are the accounts derived from `MultiSigner`s, so the runtime's accounts must
	/// be `AccountId32`; devices sign the genesis hash, so its hashes must be `H256`.
	#[pallet::config]
	pub trait Config: frame_system::Config<AccountId = AccountId32, Hash = H256> {
		/// The device registry: whether a device is active, its kind, its current key and its
		/// signatures, and which key it held when (to verify the envelopes of an aggregate).
		type Devices: iotchain_primitives::DeviceLookup<Self::AccountId>
			+ iotchain_primitives::KeyHistory<Self::AccountId, BlockNumberFor<Self>>;

		/// The chain's clock (`pallet_timestamp`), which stamps every anchor.
		type UnixTime: UnixTime;

		/// The currency the anchor fee is priced in.
		type Currency: fungible::Inspect<Self::AccountId>;

		/// The fee for the state one anchor adds forever, which the runtime charges with the
		/// transaction fee of every anchoring call ([`Pallet::storage_fee`]).
		#[pallet::constant]
		type AnchorFee: Get<BalanceOf<Self>>;

		/// The most readings one batch, or envelopes one aggregate, may cover; at least 2^20.
		#[pallet::constant]
		type MaxLeavesPerBatch: Get<u32>;

		/// The most sequence numbers one anchor may skip above the device's highest anchored
		/// one (above -1 for a device's first anchor, so a first anchor is at most this).
		#[pallet::constant]
		type MaxSeqJump: Get<u64>;

		/// The weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Makes devices for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper;
	}

	/// Every anchor ever made, by device and sequence number (big-endian, see [`seq_key`]).
	#[pallet::storage]
	pub type Anchors<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Identity,
		SeqKey,
		AnchorRecord<BlockNumberFor<T>>,
	>;

	/// The highest sequence number each device has anchored. Anchors may arrive out of order, so
	/// this is the highest, not the most recent, and numbers below it may still be missing.
	#[pallet::storage]
	pub type LastSeq<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, u64>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// The device anchored one reading's `digest` as `seq`, in `block` at the chain's time
		/// `moment`; `gap` sequence numbers were skipped between the device's previous highest
		/// (-1 if none) and `seq` (0 if `seq` is the next number or fills a gap below the
		/// highest); `relayer` submitted it with the device's signature, or is `None` if the
		/// device submitted it itself.
		Anchored {
			device: T::AccountId,
			seq: u64,
			digest: H256,
			block: BlockNumberFor<T>,
			moment: u64,
			gap: u64,
			relayer: Option<T::AccountId>,
		},
		/// The device anchored the Merkle `root` of `leaf_count` readings it took between its
		/// claimed times `first_ts` and `last_ts`, as `seq`, in `block` at the chain's time
		/// `moment`; `gap` and `relayer` as for `Anchored`.
		BatchAnchored {
			device: T::AccountId,
			seq: u64,
			root: H256,
			leaf_count: u32,
			first_ts: u64,
			last_ts: u64,
			block: BlockNumberFor<T>,
			moment: u64,
			gap: u64,
			relayer: Option<T::AccountId>,
		},
		/// The gateway anchored the Merkle `root` of an aggregate of `leaf_count` device-signed
		/// reading envelopes, whose timestamps it says span `first_ts` to `last_ts`, as its anchor
		/// `seq`, in `block` at the chain's time `moment`; `gap` and `relayer` as for `Anchored`.
		AggregateAnchored {
			gateway: T::AccountId,
			seq: u64,
			root: H256,
			leaf_count: u32,
			first_ts: u64,
			last_ts: u64,
			block: BlockNumberFor<T>,
			moment: u64,
			gap: u64,
			relayer: Option<T::AccountId>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The batch or aggregate has no leaves (`leaf_count` is 0).
		EmptyBatch,
		/// The batch or aggregate has more than `MaxLeavesPerBatch` leaves.
		BatchTooLarge,
		/// The claimed times are out of order (`first_ts` is after `last_ts`).
		InvalidTimeRange,
		/// No device has this id.
		UnknownDevice,
		/// The device is suspended; it may anchor again once its owner resumes it.
		DeviceSuspended,
		/// The device is revoked; it can never anchor again.
		DeviceRevoked,
		/// The device has already anchored this sequence number: a replay, or a second anchor
		/// under a used number.
		AlreadyAnchored,
		/// The sender is not the device (its current key's account) and brought no signature
		/// of the device.
		NotDevice,
		/// The signature is not the device's current key's signature of this anchor's payload
		/// (another device, seq, digest, leaf count or time range; another chain; or a forgery).
		InvalidSignature,
		/// The sequence number skips more than `MaxSeqJump` numbers above the device's highest
		/// anchored one (or above -1 for its first anchor).
		SequenceTooFarAhead,
		/// Only a device of kind `Gateway` may anchor an aggregate.
		NotGateway,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(
				T::MaxLeavesPerBatch::get() >= MIN_MAX_LEAVES_PER_BATCH,
				"MaxLeavesPerBatch must be at least 2^20"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Anchors the digest of one reading as the device's anchor `seq`.
		///
		/// The sender pays `AnchorFee` with the transaction fee ([`Pallet::storage_fee`]). A
		/// relayed anchor's `signature` covers the anchor payload with `leaf_count`, `first_ts` and
		/// `last_ts` all 0 (`docs/anchoring.md`, section 3).
		///
		/// - `origin`: signed by the device itself (its current key's account), or by any account
		///   bringing the device's `signature`.
		/// - `device`: the device's id.
		/// - `seq`: the device's sequence number for this anchor, not used before and at most
		///   `MaxSeqJump + 1` above its highest.
		/// - `digest`: the reading's BLAKE2b-256 digest.
		/// - `signature`: the device's signature, required unless the device sends the call.
		///
		/// Emits [`Event::Anchored`].
		///
		/// # Errors
		///
		/// - [`Error::UnknownDevice`]: no device has this id.
		/// - [`Error::DeviceSuspended`], [`Error::DeviceRevoked`]: the device is not active.
		/// - [`Error::AlreadyAnchored`]: the device has anchored `seq` before.
		/// - [`Error::SequenceTooFarAhead`]: `seq` skips more than `MaxSeqJump` numbers above the
		///   device's highest.
		/// - [`Error::NotDevice`]: the sender is not the device and brings no signature.
		/// - [`Error::InvalidSignature`]: `signature` is not the device's current key's
		///   signature of this anchor's payload.
		///
		/// ## Complexity
		///
		/// O(1): one signature verification at most, a few storage reads and at most two
		/// writes.
		#[pallet::call_index(0)]
		#[pallet::weight(if signature.is_some() {
			T::WeightInfo::anchor_relayed()
		} else {
			T::WeightInfo::anchor_by_device()
		})]
		pub fn anchor(
			origin: OriginFor<T>,
			device: T::AccountId,
			seq: u64,
			digest: H256,
			signature: Option<MultiSignature>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_anchor(&who, device, seq, digest, AnchorKind::Reading, signature)
		}

		/// Anchors the Merkle root of a batch of readings as the device's anchor `seq`.
		///
		/// The sender pays `AnchorFee` with the transaction fee ([`Pallet::storage_fee`]). A
		/// relayed anchor's `signature` covers the anchor payload (`docs/anchoring.md`, section 3).
		///
		/// - `origin`: signed by the device itself (its current key's account), or by any account
		///   bringing the device's `signature`.
		/// - `device`: the device's id.
		/// - `seq`: the device's sequence number for this anchor, not used before and at most
		///   `MaxSeqJump + 1` above its highest.
		/// - `root`: the root of the Merkle tree over the readings' digests, built as
		///   [`iotchain_primitives::merkle`] states.
		/// - `leaf_count`: how many readings the tree has, from 1 to `MaxLeavesPerBatch`.
		/// - `first_ts`, `last_ts`: when the device says it took its first and last reading, in
		///   order.
		/// - `signature`: the device's signature, required unless the device sends the call.
		///
		/// Emits [`Event::BatchAnchored`].
		///
		/// # Errors
		///
		/// - [`Error::EmptyBatch`]: `leaf_count` is 0.
		/// - [`Error::BatchTooLarge`]: `leaf_count` is above `MaxLeavesPerBatch`.
		/// - [`Error::InvalidTimeRange`]: `first_ts` is after `last_ts`.
		/// - Then those of [`anchor`](Pallet::anchor) ([`Error::UnknownDevice`] to
		///   [`Error::InvalidSignature`]), for the same reasons.
		///
		/// ## Complexity
		///
		/// O(1), whatever the size of the batch: only its root is stored.
		#[pallet::call_index(1)]
		#[pallet::weight(if signature.is_some() {
			T::WeightInfo::anchor_batch_relayed()
		} else {
			T::WeightInfo::anchor_batch_by_device()
		})]
		pub fn anchor_batch(
			origin: OriginFor<T>,
			device: T::AccountId,
			seq: u64,
			root: H256,
			leaf_count: u32,
			first_ts: u64,
			last_ts: u64,
			signature: Option<MultiSignature>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let kind = AnchorKind::Batch { leaf_count, first_ts, last_ts };
			Self::do_anchor(&who, device, seq, root, kind, signature)
		}

		/// Anchors the Merkle root of a gateway's aggregate of reading envelopes, signed by any
		/// number of devices, as the gateway's anchor `seq`.
		///
		/// Each leaf is the hash of one whole envelope, device signature included
		/// ([`iotchain_primitives::ReadingEnvelope::leaf`]). The chain checks the gateway, not the
		/// envelopes: anyone verifies an envelope from its proof
		/// ([`Pallet::verify_reading_envelope`]), against the key its device held when the
		/// aggregate was anchored. The sender pays `AnchorFee` with the transaction fee. A
		/// relayed aggregate's `signature` covers the anchor payload under the tag
		/// `"iotchain/aggregate"` (`docs/anchoring.md`, section 3).
		///
		/// - `origin`: signed by the gateway itself (its current key's account), or by any
		///   account bringing the gateway's `signature` (its operator, any relayer).
		/// - `gateway`: the gateway's device id; an active device of kind `Gateway`.
		/// - `seq`: the gateway's sequence number for this anchor, in the same sequence as its
		///   other anchors: not used before and at most `MaxSeqJump + 1` above its highest.
		/// - `root`: the root of the Merkle tree over the envelopes' leaves, built as
		///   [`iotchain_primitives::merkle`] states.
		/// - `leaf_count`: how many envelopes the tree has, from 1 to `MaxLeavesPerBatch`.
		/// - `first_ts`, `last_ts`: the earliest and latest envelope timestamps, in order (the
		///   gateway's claim; the envelopes carry the devices' own).
		/// - `signature`: the gateway's signature, required unless the gateway sends the call.
		///
		/// Emits [`Event::AggregateAnchored`].
		///
		/// # Errors
		///
		/// - [`Error::EmptyBatch`]: `leaf_count` is 0.
		/// - [`Error::BatchTooLarge`]: `leaf_count` is above `MaxLeavesPerBatch`.
		/// - [`Error::InvalidTimeRange`]: `first_ts` is after `last_ts`.
		/// - [`Error::UnknownDevice`], [`Error::DeviceSuspended`], [`Error::DeviceRevoked`]: the
		///   gateway is not an active device.
		/// - [`Error::NotGateway`]: the device is not of kind `Gateway`.
		/// - Then those of [`anchor`](Pallet::anchor) ([`Error::AlreadyAnchored`] to
		///   [`Error::InvalidSignature`]), for the same reasons.
		///
		/// ## Complexity
		///
		/// O(1), whatever the number of envelopes: only the root is stored and no envelope is
		/// checked.
		#[pallet::call_index(2)]
		#[pallet::weight(if signature.is_some() {
			T::WeightInfo::anchor_aggregate_relayed()
		} else {
			T::WeightInfo::anchor_aggregate_by_gateway()
		})]
		pub fn anchor_aggregate(
			origin: OriginFor<T>,
			gateway: T::AccountId,
			seq: u64,
			root: H256,
			leaf_count: u32,
			first_ts: u64,
			last_ts: u64,
			signature: Option<MultiSignature>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let kind = AnchorKind::Aggregate { leaf_count, first_ts, last_ts };
			Self::do_anchor(&who, gateway, seq, root, kind, signature)
		}
	}
}

/// What other pallets see of this one's anchors.
impl<T: Config> AnchorLookup<T::AccountId, frame_system::pallet_prelude::BlockNumberFor<T>>
	for Pallet<T>
{
	fn last_seq(device: &T::AccountId) -> Option<u64> {
		LastSeq::<T>::get(device)
	}

	fn has_anchored(device: &T::AccountId, seq: u64) -> bool {
		Anchors::<T>::contains_key(device, seq_key(seq))
	}

	fn anchor_record(
		device: &T::AccountId,
		seq: u64,
	) -> Option<AnchorRecord<frame_system::pallet_prelude::BlockNumberFor<T>>> {
		Anchors::<T>::get(device, seq_key(seq))
	}
}
