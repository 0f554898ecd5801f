//! Anchoring a reading, a batch or an aggregate: who may, under which sequence numbers, what is
//! kept, and what it costs.

use alloc::vec::Vec;
use frame_support::{ensure, traits::Get};
use iotchain_primitives::{
	anchor::anchor_payload, chain, verify_signature, ActiveDevice, AnchorKind, AnchorRecord,
	DeviceKind, DeviceLookup, DeviceStatus,
};
use sp_core::H256;
use sp_runtime::{
	traits::{IdentifyAccount, Zero},
	DispatchError, DispatchResult, MultiSignature, MultiSigner,
};

use crate::{seq_key, Anchors, BalanceOf, Call, Config, Error, Event, LastSeq, Pallet};

/// Where a new anchor's sequence number falls among the device's anchors.
struct SeqCheck {
	/// How many numbers it skips above the device's highest; 0 when it fills a gap below it.
	gap: u64,
	/// Whether it becomes the device's highest.
	new_highest: bool,
}

impl<T: Config> Pallet<T> {
	/// Anchors `digest` (a reading's digest, a batch's root or an aggregate's root, as `kind`
	/// says) as the device's anchor `seq`, sent by `who` with the device's `signature` if `who`
	/// is not the device.
	///
	/// Checks run cheapest first and nothing is written unless all pass.
	///
	/// # Errors
	///
	/// - [`Error::EmptyBatch`]: a batch or aggregate of no leaves.
	/// - [`Error::BatchTooLarge`]: a batch or aggregate of more than `MaxLeavesPerBatch` leaves.
	/// - [`Error::InvalidTimeRange`]: a batch or aggregate whose `first_ts` is after its
	///   `last_ts`.
	/// - [`Error::UnknownDevice`], [`Error::DeviceSuspended`], [`Error::DeviceRevoked`]: the
	///   device is not active.
	/// - [`Error::NotGateway`]: an aggregate from a device not of kind `Gateway`.
	/// - [`Error::AlreadyAnchored`]: the device has anchored `seq` before.
	/// - [`Error::SequenceTooFarAhead`]: `seq` skips more than `MaxSeqJump` numbers above the
	///   device's highest anchored sequence number (above -1 for its first anchor).
	/// - [`Error::NotDevice`]: `who` is not the device's current key's account and brings no
	///   signature.
	/// - [`Error::InvalidSignature`]: `signature` is not the device's current key's signature of
	///   [`Self::anchor_payload`].
	pub fn do_anchor(
		who: &T::AccountId,
		device: T::AccountId,
		seq: u64,
		digest: H256,
		kind: AnchorKind,
		signature: Option<MultiSignature>,
	) -> DispatchResult {
		Self::ensure_valid_kind(&kind)?;
		let ActiveDevice { kind: device_kind, key } = Self::active_device(&device)?;
		if matches!(kind, AnchorKind::Aggregate { .. }) {
			ensure!(device_kind == DeviceKind::Gateway, Error::<T>::NotGateway);
		}
		let SeqCheck { gap, new_highest } = Self::check_seq(&device, seq)?;
		let relayer = Self::authorize(who, &device, &key, seq, &digest, &kind, signature.as_ref())?;

		let block = frame_system::Pallet::<T>::block_number();
		let moment = chain::unix_millis::<T::UnixTime>();
		Anchors::<T>::insert(&device, seq_key(seq), AnchorRecord { digest, kind, block, moment });
		if new_highest {
			LastSeq::<T>::insert(&device, seq);
		}
		Self::deposit_event(match kind {
			AnchorKind::Reading => {
				Event::Anchored { device, seq, digest, block, moment, gap, relayer }
			}
			AnchorKind::Batch { leaf_count, first_ts, last_ts } => Event::BatchAnchored {
				device,
				seq,
				root: digest,
				leaf_count,
				first_ts,
				last_ts,
				block,
				moment,
				gap,
				relayer,
			},
			AnchorKind::Aggregate { leaf_count, first_ts, last_ts } => Event::AggregateAnchored {
				gateway: device,
				seq,
				root: digest,
				leaf_count,
				first_ts,
				last_ts,
				block,
				moment,
				gap,
				relayer,
			},
		});
		Ok(())
	}

	/// The one-off fee `call` pays for the state it adds forever: `AnchorFee` for every call
	/// that anchors (one record each), nothing for any other.
	///
	/// The pallet does not take it itself: the runtime adds it to the call's transaction fee,
	/// so that it is paid in the one withdrawal every transaction makes (no account is touched
	/// twice), checked before the transaction enters a block, and paid whether or not the
	/// anchor succeeds, as the rest of the fee is.
	pub fn storage_fee(call: &Call<T>) -> BalanceOf<T> {
		match call {
			Call::anchor { .. } | Call::anchor_batch { .. } | Call::anchor_aggregate { .. } => {
				T::AnchorFee::get()
			}
			_ => Zero::zero(),
		}
	}

	/// The bytes the device (or gateway) signs for a relayed anchor on this chain: the anchor
	/// payload of [`iotchain_primitives::anchor::anchor_payload`] with this chain's genesis hash,
	/// under the tag of `kind`.
	pub fn anchor_payload(
		device: &T::AccountId,
		seq: u64,
		digest: &H256,
		kind: &AnchorKind,
	) -> Vec<u8> {
		anchor_payload(&chain::genesis_hash::<T>(), device, seq, digest, kind)
	}

	fn ensure_valid_kind(kind: &AnchorKind) -> DispatchResult {
		if let AnchorKind::Batch { leaf_count, first_ts, last_ts }
		| AnchorKind::Aggregate { leaf_count, first_ts, last_ts } = *kind
		{
			ensure!(leaf_count > 0, Error::<T>::EmptyBatch);
			ensure!(leaf_count <= T::MaxLeavesPerBatch::get(), Error::<T>::BatchTooLarge);
			ensure!(first_ts <= last_ts, Error::<T>::InvalidTimeRange);
		}
		Ok(())
	}

	/// The device's kind and current key, read once, if it is active.
	fn active_device(device: &T::AccountId) -> Result<ActiveDevice, DispatchError> {
		T::Devices::active(device).map_err(|status| match status {
			Some(DeviceStatus::Suspended) => Error::<T>::DeviceSuspended.into(),
			Some(DeviceStatus::Revoked) => Error::<T>::DeviceRevoked.into(),
			Some(DeviceStatus::Active) | None => Error::<T>::UnknownDevice.into(),
		})
	}

	/// Checks that `seq` is unused and not too far ahead, and says where it falls.
	///
	/// Each `(device, seq)` is single-use and numbers may come in any order, so an anchor below
	/// the device's highest fills a gap (it skips nothing); one above it skips the numbers
	/// between, at most `MaxSeqJump` of them.
	///
	/// Only a number at or below the highest can have been used (no anchor is above it, which
	/// `try_state` checks), so only then is the anchor itself looked up: the usual anchor, the
	/// next number, costs one read less. Filling a gap reads the anchor but leaves the highest
	/// as it is, one write less, so the next number is the costlier path and the one benchmarked.
	fn check_seq(device: &T::AccountId, seq: u64) -> Result<SeqCheck, DispatchError> {
		// The first number above the device's highest: 0 for a device that has anchored nothing.
		// A highest of u64::MAX leaves no number above it, and `seq` below it takes the first arm.
		let next = LastSeq::<T>::get(device).map_or(0, |highest| highest.saturating_add(1));
		match seq.checked_sub(next) {
			None => {
				ensure!(
					!Anchors::<T>::contains_key(device, seq_key(seq)),
					Error::<T>::AlreadyAnchored
				);
				Ok(SeqCheck { gap: 0, new_highest: false })
			}
			Some(gap) => {
				ensure!(gap <= T::MaxSeqJump::get(), Error::<T>::SequenceTooFarAhead);
				Ok(SeqCheck { gap, new_highest: true })
			}
		}
	}

	/// Checks that the device speaks through `who`, and returns the relayer: `None` if `who` is
	/// the device's current key's account, else `who`.
	///
	/// A signature, when given, must be valid even from the device itself.
	fn authorize(
		who: &T::AccountId,
		device: &T::AccountId,
		key: &MultiSigner,
		seq: u64,
		digest: &H256,
		kind: &AnchorKind,
		signature: Option<&MultiSignature>,
	) -> Result<Option<T::AccountId>, DispatchError> {
		let sent_by_device = key.clone().into_account() == *who;
		match signature {
			Some(signature) => {
				let payload = Self::anchor_payload(device, seq, digest, kind);
				ensure!(verify_signature(key, signature, &payload), Error::<T>::InvalidSignature);
			}
			None => ensure!(sent_by_device, Error::<T>::NotDevice),
		}
		Ok((!sent_by_device).then(|| who.clone()))
	}
}
