//! Reads for clients and other pallets: the runtime API serves exactly these.

use frame_system::pallet_prelude::BlockNumberFor;
use iotchain_primitives::{AnchorLookup, AnchorRecord, AnchoredAt, NotProven, Page};
use sp_core::H256;

use crate::{seq_key, seq_of, AnchorView, Anchors, Config, LastSeq, Pallet, MAX_ANCHORS_PAGE};

impl<T: Config> Pallet<T> {
	/// The record of the device's anchor `seq`, if it made one.
	pub fn anchor_record(
		device: &T::AccountId,
		seq: u64,
	) -> Option<AnchorRecord<BlockNumberFor<T>>> {
		Anchors::<T>::get(device, seq_key(seq))
	}

	/// The device's anchor `seq` as clients see it, if it made one.
	pub fn anchor_view(device: &T::AccountId, seq: u64) -> Option<AnchorView<BlockNumberFor<T>>> {
		Self::anchor_record(device, seq).map(|record| AnchorView::new(seq, record))
	}

	/// The highest sequence number the device has anchored, or `None` if it has anchored nothing.
	///
	/// Anchors may arrive out of order, so this is the highest, not the most recent, and numbers
	/// below it may be missing (and may still be anchored). A device that lost count continues
	/// safely from `last_seq + 1`.
	pub fn last_seq(device: &T::AccountId) -> Option<u64> {
		LastSeq::<T>::get(device)
	}

	/// Up to `limit` of the device's anchors (at most [`MAX_ANCHORS_PAGE`]), ascending by
	/// sequence number, after the sequence number `cursor` (from the first when `None`).
	///
	/// Sequence numbers may have gaps; the page's `next` is the last sequence number on it when
	/// more anchors follow.
	pub fn anchors_page(
		device: &T::AccountId,
		cursor: Option<u64>,
		limit: u32,
	) -> Page<AnchorView<BlockNumberFor<T>>, u64> {
		// Keys iterate in byte order, which for big-endian sequence numbers is their order, and
		// iteration from a key starts after it.
		let stored = match cursor {
			None => Anchors::<T>::iter_prefix(device),
			Some(after) => Anchors::<T>::iter_prefix_from(
				device,
				Anchors::<T>::hashed_key_for(device, seq_key(after)),
			),
		};
		Page::after(
			stored.map(|(key, record)| AnchorView::new(seq_of(key), record)),
			limit.min(MAX_ANCHORS_PAGE),
			|view| view.seq,
		)
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
