//! Reads for clients and other pallets: the runtime API serves exactly these.

use alloc::vec::Vec;
use frame_system::pallet_prelude::BlockNumberFor;
use iotchain_primitives::{AnchorLookup, AnchorRecord, AnchoredAt, NotProven};
use sp_core::H256;

use crate::{seq_key, seq_of, Anchors, AnchorsPage, Config, LastSeq, Pallet, MAX_ANCHORS_PAGE};

impl<T: Config> Pallet<T> {
	/// The record of the device's anchor `seq`, if it made one.
	pub fn anchor_record(
		device: &T::AccountId,
		seq: u64,
	) -> Option<AnchorRecord<BlockNumberFor<T>>> {
		Anchors::<T>::get(device, seq_key(seq))
	}

	/// The highest sequence number the device has anchored, or `None` if it has anchored nothing.
	///
	/// Anchors may arrive out of order, so this is the highest, not the most recent, and numbers
	/// below it may be missing (and may still be anchored). A device that lost count continues
	/// safely from `last_seq + 1`.
	pub fn last_seq(device: &T::AccountId) -> Option<u64> {
		LastSeq::<T>::get(device)
	}

	/// Up to `limit` of the device's anchors (at most [`MAX_ANCHORS_PAGE`]), from sequence
	/// number `from_seq` on, ascending. Sequence numbers may have gaps; the page says where the
	/// next one starts.
	pub fn anchors_page(
		device: &T::AccountId,
		from_seq: u64,
		limit: u32,
	) -> AnchorsPage<BlockNumberFor<T>> {
		let limit = usize::try_from(limit.min(MAX_ANCHORS_PAGE)).unwrap_or(0);
		// Keys iterate in byte order, which for big-endian sequence numbers is their order.
		let stored = match from_seq.checked_sub(1) {
			None => Anchors::<T>::iter_prefix(device),
			Some(before) => Anchors::<T>::iter_prefix_from(
				device,
				Anchors::<T>::hashed_key_for(device, seq_key(before)),
			),
		};
		let mut stored = stored.map(|(key, record)| (seq_of(key), record));
		let anchors: Vec<_> = stored.by_ref().take(limit).collect();
		let next_seq = stored.next().map(|(seq, _)| seq);
		AnchorsPage { anchors, next_seq }
	}

	/// Whether `leaf` at `leaf_index` is proven by the device's anchor `seq` with the sibling
	/// nodes `proof`, and if so when it was anchored; else why not.
	///
	/// A single reading is proven by its own digest (index 0, empty proof); a batch's reading by
	/// its Merkle proof against the anchored root and leaf count.
	pub fn verify_reading(
		device: &T::AccountId,
		seq: u64,
		leaf: &H256,
		leaf_index: u32,
		proof: &[H256],
	) -> Result<AnchoredAt<BlockNumberFor<T>>, NotProven> {
		<Self as AnchorLookup<_, _>>::verify_reading(device, seq, leaf, leaf_index, proof)
	}
}
