//! Reads for clients and other pallets: the runtime API serves exactly these.

use frame_system::pallet_prelude::BlockNumberFor;
use iotchain_primitives::{
	chain, AnchorKind, AnchorLookup, AnchorRecord, AnchoredAt, KeyHistory, NotProven, Page,
	ReadingEnvelope,
};
use sp_core::H256;

use crate::{
	seq_key, seq_of, AnchorView, Anchors, Config, DeviceSignature, LastSeq, Pallet, ProvenReading,
	ReadingVerdict, MAX_ANCHORS_PAGE,
};

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

	/// Whether `envelope`, at `leaf_index` with the sibling nodes `proof`, is in the gateway's
	/// aggregate `seq`, and if so where and when, and whether its device signed it; else why
	/// not.
	///
	/// The proof is checked first, against the aggregate's root and leaf count: only an
	/// aggregate has envelopes for leaves ([`NotProven::NotAnAggregate`] for a device's own
	/// reading or batch). The device signature is then checked with the key the device held at
	/// the aggregate's block ([`KeyHistory::key_at`]), whatever it holds now: a reading stays
	/// verifiable after its device rotates its key or is revoked, and a reading signed with a key
	/// the device had rotated away from before the aggregate was anchored is
	/// [`DeviceSignature::Invalid`] (rotating is how an owner shuts out a lost key).
	pub fn verify_reading_envelope(
		gateway: &T::AccountId,
		seq: u64,
		envelope: &ReadingEnvelope<T::AccountId>,
		leaf_index: u32,
		proof: &[H256],
	) -> ReadingVerdict<T::AccountId, BlockNumberFor<T>> {
		let Some(record) = Self::anchor_record(gateway, seq) else {
			return ReadingVerdict::NotProven(NotProven::UnknownAnchor);
		};
		let AnchorKind::Aggregate { leaf_count, .. } = record.kind else {
			return ReadingVerdict::NotProven(NotProven::NotAnAggregate);
		};
		let AnchoredAt { block, moment } = match record.verify(&envelope.leaf(), leaf_index, proof)
		{
			Ok(anchored_at) => anchored_at,
			Err(reason) => return ReadingVerdict::NotProven(reason),
		};
		let device_signature = match T::Devices::key_at(&envelope.device, block) {
			None => DeviceSignature::UnknownDevice,
			Some(key) if envelope.is_signed_by(&key, &chain::genesis_hash::<T>()) => {
				DeviceSignature::Valid { key }
			}
			Some(key) => DeviceSignature::Invalid { key },
		};
		ReadingVerdict::Proven(ProvenReading {
			gateway: gateway.clone(),
			aggregate_seq: seq,
			block,
			moment,
			leaf_count,
			device: envelope.device.clone(),
			device_signature,
		})
	}
}
