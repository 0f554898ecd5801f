//! The invariants of the pallet's storage.

use alloc::collections::BTreeMap;
use frame_support::{ensure, traits::Get};
use iotchain_primitives::AnchorKind;

use crate::{seq_of, Anchors, Config, LastSeq, Pallet};

impl<T: Config> Pallet<T> {
	/// Checks that:
	/// - every batch or aggregate anchor covers 1 to `MaxLeavesPerBatch` leaves with ordered
	///   claimed times;
	/// - no anchor is from a block after the current one;
	/// - `LastSeq` holds, for exactly the devices with anchors, their highest sequence number
	///   (anchors arrive in any order, so it must be raised, never lowered or overwritten by a
	///   lower one).
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let max_leaves = T::MaxLeavesPerBatch::get();
		let now = frame_system::Pallet::<T>::block_number();
		let mut highest = BTreeMap::<T::AccountId, u64>::new();
		for (device, key, record) in Anchors::<T>::iter() {
			if let AnchorKind::Batch { leaf_count, first_ts, last_ts }
			| AnchorKind::Aggregate { leaf_count, first_ts, last_ts } = record.kind
			{
				ensure!(
					(1..=max_leaves).contains(&leaf_count),
					"a batch or aggregate anchor's leaf count is outside 1..=MaxLeavesPerBatch"
				);
				ensure!(
					first_ts <= last_ts,
					"a batch or aggregate anchor's claimed times are out of order"
				);
			}
			ensure!(record.block <= now, "an anchor is dated after the current block");
			let seq = seq_of(key);
			highest.entry(device).and_modify(|top| *top = (*top).max(seq)).or_insert(seq);
		}
		for (device, last) in LastSeq::<T>::iter() {
			ensure!(
				highest.remove(&device) == Some(last),
				"LastSeq differs from the device's highest anchored sequence number"
			);
		}
		ensure!(highest.is_empty(), "a device has anchors but no LastSeq");
		Ok(())
	}
}
