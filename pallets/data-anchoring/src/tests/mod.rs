//! Unit tests: every call, every error, the reads and the invariants.

// Test code: a panic is a failed test.
#![allow(
	clippy::unwrap_used,
	clippy::expect_used,
	clippy::indexing_slicing,
	clippy::arithmetic_side_effects
)]

use codec::{Encode, MaxEncodedLen};
use frame_support::{
	assert_noop, assert_ok,
	dispatch::GetDispatchInfo,
	traits::{
		fungible::{Inspect, Mutate},
		Hooks,
	},
};
use iotchain_primitives::{anchor::anchor_payload, merkle, AnchorLookup, DeviceStatus, Page};
use sp_core::H256;
use sp_runtime::{traits::Zero, AccountId32};

use crate::{mock::*, *};

mod aggregate;

fn digest(n: u8) -> H256 {
	merkle::reading_leaf(&[n])
}

fn batch(leaf_count: u32, first_ts: u64, last_ts: u64) -> AnchorKind {
	AnchorKind::Batch { leaf_count, first_ts, last_ts }
}

/// The device anchors `seq` itself.
fn anchor_by_device(key: &TestKey, device: &AccountId32, seq: u64) {
	assert_ok!(DataAnchoring::anchor(
		RuntimeOrigin::signed(key.account()),
		device.clone(),
		seq,
		digest(seq as u8),
		None
	));
}

// ---- anchor: the device itself ----

#[test]
fn anchor_by_device_stores_the_record_and_emits_anchored() {
	build_and_execute(|| {
		let (key, device) = active_device(TestKey::sr25519(1));
		System::set_block_number(7);
		Timestamp::set_timestamp(START + 6_000);

		assert_ok!(DataAnchoring::anchor(
			RuntimeOrigin::signed(key.account()),
			device.clone(),
			0,
			digest(1),
			None
		));

		assert_eq!(
			Anchors::<Test>::get(&device, seq_key(0)),
			Some(AnchorRecord {
				digest: digest(1),
				kind: AnchorKind::Reading,
				block: 7,
				moment: START + 6_000
			})
		);
		assert_eq!(LastSeq::<Test>::get(&device), Some(0));
		System::assert_last_event(
			Event::Anchored {
				device,
				seq: 0,
				digest: digest(1),
				block: 7,
				moment: START + 6_000,
				gap: 0,
				relayer: None,
			}
			.into(),
		);
	});
}

#[test]
fn anchor_batch_by_device_stores_the_batch_and_emits_batch_anchored() {
	build_and_execute(|| {
		let (key, device) = active_device(TestKey::ed25519(2));
		let root = H256::repeat_byte(9);

		assert_ok!(DataAnchoring::anchor_batch(
			RuntimeOrigin::signed(key.account()),
			device.clone(),
			3,
			root,
			1_000,
			START - 60_000,
			START - 1_000,
			None
		));

		assert_eq!(
			DataAnchoring::anchor_record(&device, 3),
			Some(AnchorRecord {
				digest: root,
				kind: batch(1_000, START - 60_000, START - 1_000),
				block: 1,
				moment: START
			})
		);
		System::assert_last_event(
			Event::BatchAnchored {
				device,
				seq: 3,
				root,
				leaf_count: 1_000,
				first_ts: START - 60_000,
				last_ts: START - 1_000,
				block: 1,
				moment: START,
				gap: 3,
				relayer: None,
			}
			.into(),
		);
	});
}

#[test]
fn device_may_add_its_own_valid_signature() {
	build_and_execute(|| {
		let (key, device) = active_device(TestKey::sr25519(1));
		let signature = sign_anchor(&key, &device, 0, digest(0), AnchorKind::Reading);
		assert_ok!(DataAnchoring::anchor(
			RuntimeOrigin::signed(key.account()),
			device.clone(),
			0,
			digest(0),
			Some(signature)
		));
		System::assert_has_event(
			Event::Anchored {
				device,
				seq: 0,
				digest: digest(0),
				block: 1,
				moment: START,
				gap: 0,
				relayer: None,
			}
			.into(),
		);
	});
}

#[test]
fn device_with_an_invalid_signature_is_rejected() {
	build_and_execute(|| {
		let (key, device) = active_device(TestKey::sr25519(1));
		let wrong = sign_anchor(&key, &device, 1, digest(0), AnchorKind::Reading);
		assert_noop!(
			DataAnchoring::anchor(
				RuntimeOrigin::signed(key.account()),
				device,
				0,
				digest(0),
				Some(wrong)
			),
			Error::<Test>::InvalidSignature
		);
	});
}

// ---- anchor: relayed with the device's signature ----

#[test]
fn anchor_relayed_with_the_device_signature_names_the_relayer() {
	build_and_execute(|| {
		let (key, device) = active_device(TestKey::sr25519(1));
		let signature = sign_anchor(&key, &device, 0, digest(5), AnchorKind::Reading);

		assert_ok!(DataAnchoring::anchor(
			RuntimeOrigin::signed(RELAYER),
			device.clone(),
			0,
			digest(5),
			Some(signature)
		));

		assert_eq!(DataAnchoring::last_seq(&device), Some(0));
		System::assert_last_event(
			Event::Anchored {
				device,
				seq: 0,
				digest: digest(5),
				block: 1,
				moment: START,
				gap: 0,
				relayer: Some(RELAYER),
			}
			.into(),
		);
	});
}

#[test]
fn anchor_batch_relayed_works_for_every_signature_scheme() {
	build_and_execute(|| {
		for key in [TestKey::sr25519(1), TestKey::ed25519(2), TestKey::ecdsa(3)] {
			let (key, device) = active_device(key);
			let root = H256::repeat_byte(4);
			let signature = sign_anchor(&key, &device, 10, root, batch(64, 100, 200));

			assert_ok!(DataAnchoring::anchor_batch(
				RuntimeOrigin::signed(RELAYER),
				device.clone(),
				10,
				root,
				64,
				100,
				200,
				Some(signature)
			));

			System::assert_last_event(
				Event::BatchAnchored {
					device,
					seq: 10,
					root,
					leaf_count: 64,
					first_ts: 100,
					last_ts: 200,
					block: 1,
					moment: START,
					gap: 10,
					relayer: Some(RELAYER),
				}
				.into(),
			);
		}
	});
}

#[test]
fn anchor_without_a_signature_from_another_account_is_not_the_device() {
	build_and_execute(|| {
		let (_, device) = active_device(TestKey::sr25519(1));
		assert_noop!(
			DataAnchoring::anchor(
				RuntimeOrigin::signed(STRANGER),
				device.clone(),
				0,
				digest(0),
				None
			),
			Error::<Test>::NotDevice
		);
		// Owning the device does not make an account the device.
		assert_noop!(
			DataAnchoring::anchor_batch(
				RuntimeOrigin::signed(OWNER),
				device,
				0,
				digest(0),
				2,
				0,
				0,
				None
			),
			Error::<Test>::NotDevice
		);
	});
}

#[test]
fn anchor_rejects_a_forged_signature() {
	build_and_execute(|| {
		let (_, device) = active_device(TestKey::sr25519(1));
		let forger = TestKey::sr25519(66);
		let forged = sign_anchor(&forger, &device, 0, digest(0), AnchorKind::Reading);
		assert_noop!(
			DataAnchoring::anchor(
				RuntimeOrigin::signed(RELAYER),
				device,
				0,
				digest(0),
				Some(forged)
			),
			Error::<Test>::InvalidSignature
		);
	});
}

#[test]
fn anchor_rejects_a_signature_of_another_scheme_over_the_same_key_bytes() {
	build_and_execute(|| {
		let (key, device) = active_device(TestKey::sr25519(1));
		let signature = sign_anchor(&key, &device, 0, digest(0), AnchorKind::Reading);
		let sp_runtime::MultiSignature::Sr25519(raw) = signature else { panic!("sr25519") };
		let as_ed25519 =
			sp_runtime::MultiSignature::Ed25519(sp_core::ed25519::Signature::from_raw(raw.0));
		assert_noop!(
			DataAnchoring::anchor(
				RuntimeOrigin::signed(RELAYER),
				device,
				0,
				digest(0),
				Some(as_ed25519)
			),
			Error::<Test>::InvalidSignature
		);
	});
}

#[test]
fn anchor_rejects_a_signature_for_another_device() {
	build_and_execute(|| {
		let (key, device) = active_device(TestKey::sr25519(1));
		let (_, other) = active_device(TestKey::sr25519(2));
		// The device's own key signs for the other device: valid words, wrong subject.
		let signature = sign_anchor(&key, &other, 0, digest(0), AnchorKind::Reading);
		assert_noop!(
			DataAnchoring::anchor(
				RuntimeOrigin::signed(RELAYER),
				device,
				0,
				digest(0),
				Some(signature.clone())
			),
			Error::<Test>::InvalidSignature
		);
		assert_noop!(
			DataAnchoring::anchor(
				RuntimeOrigin::signed(RELAYER),
				other,
				0,
				digest(0),
				Some(signature)
			),
			Error::<Test>::InvalidSignature
		);
	});
}

#[test]
fn anchor_rejects_a_signature_for_another_seq() {
	build_and_execute(|| {
		let (key, device) = active_device(TestKey::sr25519(1));
		let signature = sign_anchor(&key, &device, 1, digest(0), AnchorKind::Reading);
		assert_noop!(
			DataAnchoring::anchor(
				RuntimeOrigin::signed(RELAYER),
				device,
				2,
				digest(0),
				Some(signature)
			),
			Error::<Test>::InvalidSignature
		);
	});
}

#[test]
fn anchor_rejects_a_signature_for_another_digest() {
	build_and_execute(|| {
		let (key, device) = active_device(TestKey::sr25519(1));
		let signature = sign_anchor(&key, &device, 0, digest(1), AnchorKind::Reading);
		assert_noop!(
			DataAnchoring::anchor(
				RuntimeOrigin::signed(RELAYER),
				device,
				0,
				digest(2),
				Some(signature)
			),
			Error::<Test>::InvalidSignature
		);
	});
}

#[test]
fn anchor_batch_rejects_a_relayer_altering_the_count_or_times() {
	build_and_execute(|| {
		let (key, device) = active_device(TestKey::ecdsa(1));
		let root = H256::repeat_byte(4);
		let signature = sign_anchor(&key, &device, 0, root, batch(100, 10, 20));
		for (leaf_count, first_ts, last_ts) in [(101, 10, 20), (100, 9, 20), (100, 10, 21)] {
			assert_noop!(
				DataAnchoring::anchor_batch(
					RuntimeOrigin::signed(RELAYER),
					device.clone(),
					0,
					root,
					leaf_count,
					first_ts,
					last_ts,
					Some(signature.clone())
				),
				Error::<Test>::InvalidSignature
			);
		}
	});
}

#[test]
fn a_reading_signature_is_not_a_one_leaf_batch_signature() {
	build_and_execute(|| {
		let (key, device) = active_device(TestKey::sr25519(1));
		let reading = sign_anchor(&key, &device, 0, digest(0), AnchorKind::Reading);
		assert_noop!(
			DataAnchoring::anchor_batch(
				RuntimeOrigin::signed(RELAYER),
				device.clone(),
				0,
				digest(0),
				1,
				0,
				0,
				Some(reading)
			),
			Error::<Test>::InvalidSignature
		);
		let one_leaf = sign_anchor(&key, &device, 0, digest(0), batch(1, 0, 0));
		assert_noop!(
			DataAnchoring::anchor(
				RuntimeOrigin::signed(RELAYER),
				device,
				0,
				digest(0),
				Some(one_leaf)
			),
			Error::<Test>::InvalidSignature
		);
	});
}

#[test]
fn anchor_rejects_a_signature_made_for_another_chain() {
	build_and_execute(|| {
		let (key, device) = active_device(TestKey::sr25519(1));
		let other_genesis = H256::repeat_byte(0x99);
		let payload = anchor_payload(&other_genesis, &device, 0, &digest(0), &AnchorKind::Reading);
		assert_noop!(
			DataAnchoring::anchor(
				RuntimeOrigin::signed(RELAYER),
				device,
				0,
				digest(0),
				Some(key.sign(&payload))
			),
			Error::<Test>::InvalidSignature
		);
	});
}

#[test]
fn after_a_key_rotation_only_the_new_key_speaks_for_the_device() {
	build_and_execute(|| {
		let (old, device) = active_device(TestKey::sr25519(1));
		let new = TestKey::ed25519(2);
		Balances::set_balance(&new.account(), 1_000);
		MockDevices::rotate(&device, new.public());
		assert_eq!(old.account(), device, "the id is the first key's account");

		assert_noop!(
			DataAnchoring::anchor(
				RuntimeOrigin::signed(old.account()),
				device.clone(),
				0,
				digest(0),
				None
			),
			Error::<Test>::NotDevice
		);
		let by_old = sign_anchor(&old, &device, 0, digest(0), AnchorKind::Reading);
		assert_noop!(
			DataAnchoring::anchor(
				RuntimeOrigin::signed(RELAYER),
				device.clone(),
				0,
				digest(0),
				Some(by_old)
			),
			Error::<Test>::InvalidSignature
		);

		anchor_by_device(&new, &device, 0);
		let by_new = sign_anchor(&new, &device, 1, digest(1), AnchorKind::Reading);
		assert_ok!(DataAnchoring::anchor(
			RuntimeOrigin::signed(RELAYER),
			device.clone(),
			1,
			digest(1),
			Some(by_new)
		));
		assert_eq!(DataAnchoring::last_seq(&device), Some(1));
	});
}

// ---- the device must be active ----

#[test]
fn anchor_rejects_an_unknown_device() {
	build_and_execute(|| {
		let key = TestKey::sr25519(1);
		Balances::set_balance(&key.account(), 1_000);
		assert_noop!(
			DataAnchoring::anchor(
				RuntimeOrigin::signed(key.account()),
				key.account(),
				0,
				digest(0),
				None
			),
			Error::<Test>::UnknownDevice
		);
		let signature = sign_anchor(&key, &key.account(), 0, digest(0), batch(2, 0, 0));
		assert_noop!(
			DataAnchoring::anchor_batch(
				RuntimeOrigin::signed(RELAYER),
				key.account(),
				0,
				digest(0),
				2,
				0,
				0,
				Some(signature)
			),
			Error::<Test>::UnknownDevice
		);
	});
}

#[test]
fn anchor_rejects_a_suspended_device_until_it_is_resumed() {
	build_and_execute(|| {
		let (key, device) = active_device(TestKey::sr25519(1));
		MockDevices::set_status(&device, DeviceStatus::Suspended);
		let signature = sign_anchor(&key, &device, 0, digest(0), AnchorKind::Reading);
		assert_noop!(
			DataAnchoring::anchor(
				RuntimeOrigin::signed(RELAYER),
				device.clone(),
				0,
				digest(0),
				Some(signature.clone())
			),
			Error::<Test>::DeviceSuspended
		);
		assert_noop!(
			DataAnchoring::anchor_batch(
				RuntimeOrigin::signed(key.account()),
				device.clone(),
				0,
				digest(0),
				2,
				0,
				0,
				None
			),
			Error::<Test>::DeviceSuspended
		);

		MockDevices::set_status(&device, DeviceStatus::Active);
		assert_ok!(DataAnchoring::anchor(
			RuntimeOrigin::signed(RELAYER),
			device,
			0,
			digest(0),
			Some(signature)
		));
	});
}

#[test]
fn anchor_rejects_a_revoked_device_and_keeps_its_anchors() {
	build_and_execute(|| {
		let (key, device) = active_device(TestKey::sr25519(1));
		anchor_by_device(&key, &device, 0);
		MockDevices::set_status(&device, DeviceStatus::Revoked);

		let signature = sign_anchor(&key, &device, 1, digest(1), AnchorKind::Reading);
		assert_noop!(
			DataAnchoring::anchor(
				RuntimeOrigin::signed(RELAYER),
				device.clone(),
				1,
				digest(1),
				Some(signature)
			),
			Error::<Test>::DeviceRevoked
		);
		assert_noop!(
			DataAnchoring::anchor_batch(
				RuntimeOrigin::signed(key.account()),
				device.clone(),
				1,
				digest(1),
				2,
				0,
				0,
				None
			),
			Error::<Test>::DeviceRevoked
		);
		assert_eq!(
			DataAnchoring::verify_reading(&device, 0, &digest(0), 0, &[]).map(|at| at.block),
			Ok(1)
		);
	});
}

// ---- sequence numbers ----

#[test]
fn anchor_rejects_a_replayed_anchor() {
	build_and_execute(|| {
		let (key, device) = active_device(TestKey::sr25519(1));
		let signature = sign_anchor(&key, &device, 4, digest(4), AnchorKind::Reading);
		assert_ok!(DataAnchoring::anchor(
			RuntimeOrigin::signed(RELAYER),
			device.clone(),
			4,
			digest(4),
			Some(signature.clone())
		));
		assert_noop!(
			DataAnchoring::anchor(
				RuntimeOrigin::signed(RELAYER),
				device.clone(),
				4,
				digest(4),
				Some(signature)
			),
			Error::<Test>::AlreadyAnchored
		);
		// Not even the device may anchor something else under a used number.
		assert_noop!(
			DataAnchoring::anchor(
				RuntimeOrigin::signed(key.account()),
				device.clone(),
				4,
				digest(9),
				None
			),
			Error::<Test>::AlreadyAnchored
		);
		assert_noop!(
			DataAnchoring::anchor_batch(
				RuntimeOrigin::signed(key.account()),
				device.clone(),
				4,
				digest(9),
				2,
				0,
				0,
				None
			),
			Error::<Test>::AlreadyAnchored
		);
		assert_eq!(DataAnchoring::anchor_record(&device, 4).map(|r| r.digest), Some(digest(4)));
	});
}

#[test]
fn anchor_fills_numbers_below_the_highest_once_each() {
	build_and_execute(|| {
		let (key, device) = active_device(TestKey::sr25519(1));
		anchor_by_device(&key, &device, 10);

		anchor_by_device(&key, &device, 0);
		System::assert_last_event(
			Event::Anchored {
				device: device.clone(),
				seq: 0,
				digest: digest(0),
				block: 1,
				moment: START,
				gap: 0,
				relayer: None,
			}
			.into(),
		);
		let signature = sign_anchor(&key, &device, 9, digest(9), batch(2, 0, 0));
		assert_ok!(DataAnchoring::anchor_batch(
			RuntimeOrigin::signed(RELAYER),
			device.clone(),
			9,
			digest(9),
			2,
			0,
			0,
			Some(signature.clone())
		));
		assert_eq!(DataAnchoring::last_seq(&device), Some(10), "the highest stays the highest");
		assert_eq!(DataAnchoring::anchor_record(&device, 9).map(|r| r.kind), Some(batch(2, 0, 0)));

		for seq in [0, 9, 10] {
			assert_noop!(
				DataAnchoring::anchor(
					RuntimeOrigin::signed(key.account()),
					device.clone(),
					seq,
					digest(0),
					None
				),
				Error::<Test>::AlreadyAnchored
			);
		}
		assert_noop!(
			DataAnchoring::anchor_batch(
				RuntimeOrigin::signed(STRANGER),
				device,
				9,
				digest(9),
				2,
				0,
				0,
				Some(signature)
			),
			Error::<Test>::AlreadyAnchored
		);
	});
}

#[test]
fn anchor_reports_the_gap_above_the_previous_highest() {
	build_and_execute(|| {
		let (key, device) = active_device(TestKey::sr25519(1));
		let gap_of_last_event = || match System::events().last().map(|r| r.event.clone()) {
			Some(RuntimeEvent::DataAnchoring(Event::Anchored { gap, .. })) => gap,
			other => panic!("unexpected event {other:?}"),
		};
		anchor_by_device(&key, &device, 0);
		assert_eq!(gap_of_last_event(), 0, "sequences start at 0");
		anchor_by_device(&key, &device, 1);
		assert_eq!(gap_of_last_event(), 0);
		anchor_by_device(&key, &device, 5);
		assert_eq!(gap_of_last_event(), 3, "2, 3 and 4 are missing");
		anchor_by_device(&key, &device, 3);
		assert_eq!(gap_of_last_event(), 0, "3 fills a gap and skips nothing");
		anchor_by_device(&key, &device, 6 + MAX_SEQ_JUMP);
		assert_eq!(gap_of_last_event(), MAX_SEQ_JUMP, "the largest jump allowed");
		assert_eq!(DataAnchoring::last_seq(&device), Some(6 + MAX_SEQ_JUMP));
	});
}

#[test]
fn anchor_rejects_a_jump_beyond_max_seq_jump() {
	build_and_execute(|| {
		let (key, device) = active_device(TestKey::sr25519(1));
		// A first anchor counts from -1: 0..=MAX_SEQ_JUMP skip at most MAX_SEQ_JUMP numbers.
		assert_noop!(
			DataAnchoring::anchor(
				RuntimeOrigin::signed(key.account()),
				device.clone(),
				MAX_SEQ_JUMP + 1,
				digest(0),
				None
			),
			Error::<Test>::SequenceTooFarAhead
		);
		anchor_by_device(&key, &device, MAX_SEQ_JUMP);

		let too_far = 2 * MAX_SEQ_JUMP + 2;
		let signature = sign_anchor(&key, &device, too_far, digest(1), batch(2, 0, 0));
		assert_noop!(
			DataAnchoring::anchor_batch(
				RuntimeOrigin::signed(RELAYER),
				device.clone(),
				too_far,
				digest(1),
				2,
				0,
				0,
				Some(signature)
			),
			Error::<Test>::SequenceTooFarAhead
		);
		assert_noop!(
			DataAnchoring::anchor(
				RuntimeOrigin::signed(key.account()),
				device.clone(),
				u64::MAX,
				digest(0),
				None
			),
			Error::<Test>::SequenceTooFarAhead
		);
		anchor_by_device(&key, &device, too_far - 1);
	});
}

#[test]
fn a_first_anchor_after_zero_reports_the_numbers_before_it() {
	build_and_execute(|| {
		let (key, device) = active_device(TestKey::sr25519(1));
		anchor_by_device(&key, &device, 5);
		System::assert_last_event(
			Event::Anchored {
				device,
				seq: 5,
				digest: digest(5),
				block: 1,
				moment: START,
				gap: 5,
				relayer: None,
			}
			.into(),
		);
	});
}

#[test]
fn sequences_are_per_device() {
	build_and_execute(|| {
		let (a, device_a) = active_device(TestKey::sr25519(1));
		let (b, device_b) = active_device(TestKey::sr25519(2));
		anchor_by_device(&a, &device_a, 7);
		anchor_by_device(&b, &device_b, 0);
		anchor_by_device(&b, &device_b, 1);
		assert_eq!(DataAnchoring::last_seq(&device_a), Some(7));
		assert_eq!(DataAnchoring::last_seq(&device_b), Some(1));
	});
}

// ---- batch limits and claimed times ----

#[test]
fn anchor_batch_rejects_an_empty_batch() {
	build_and_execute(|| {
		let (key, device) = active_device(TestKey::sr25519(1));
		assert_noop!(
			DataAnchoring::anchor_batch(
				RuntimeOrigin::signed(key.account()),
				device,
				0,
				digest(0),
				0,
				0,
				0,
				None
			),
			Error::<Test>::EmptyBatch
		);
	});
}

#[test]
fn anchor_batch_rejects_an_oversized_batch_and_takes_the_largest() {
	build_and_execute(|| {
		let (key, device) = active_device(TestKey::sr25519(1));
		assert_noop!(
			DataAnchoring::anchor_batch(
				RuntimeOrigin::signed(key.account()),
				device.clone(),
				0,
				digest(0),
				MAX_LEAVES + 1,
				0,
				0,
				None
			),
			Error::<Test>::BatchTooLarge
		);
		assert_noop!(
			DataAnchoring::anchor_batch(
				RuntimeOrigin::signed(key.account()),
				device.clone(),
				0,
				digest(0),
				u32::MAX,
				0,
				0,
				None
			),
			Error::<Test>::BatchTooLarge
		);
		assert_ok!(DataAnchoring::anchor_batch(
			RuntimeOrigin::signed(key.account()),
			device.clone(),
			0,
			digest(0),
			MAX_LEAVES,
			0,
			0,
			None
		));
		assert_eq!(
			DataAnchoring::anchor_record(&device, 0).map(|r| r.kind.leaf_count()),
			Some(MAX_LEAVES)
		);
	});
}

#[test]
fn anchor_batch_rejects_claimed_times_out_of_order() {
	build_and_execute(|| {
		let (key, device) = active_device(TestKey::sr25519(1));
		assert_noop!(
			DataAnchoring::anchor_batch(
				RuntimeOrigin::signed(key.account()),
				device.clone(),
				0,
				digest(0),
				2,
				START,
				START - 1,
				None
			),
			Error::<Test>::InvalidTimeRange
		);
		// One instant is a valid range: a batch of readings taken at once.
		assert_ok!(DataAnchoring::anchor_batch(
			RuntimeOrigin::signed(key.account()),
			device,
			0,
			digest(0),
			2,
			START,
			START,
			None
		));
	});
}

#[test]
fn claimed_times_are_stored_beside_the_chain_time_not_instead_of_it() {
	build_and_execute(|| {
		let (key, device) = active_device(TestKey::sr25519(1));
		System::set_block_number(42);
		Timestamp::set_timestamp(START + 252_000);
		// The device's clock is off by years; the chain keeps its own time as authoritative.
		assert_ok!(DataAnchoring::anchor_batch(
			RuntimeOrigin::signed(key.account()),
			device.clone(),
			0,
			digest(0),
			2,
			1,
			2,
			None
		));
		let record = DataAnchoring::anchor_record(&device, 0).unwrap();
		assert_eq!((record.block, record.moment), (42, START + 252_000));
		assert_eq!(record.kind, batch(2, 1, 2));
	});
}

// ---- the anchor fee ----

#[test]
fn every_anchoring_call_and_no_other_carries_the_anchor_fee() {
	build_and_execute(|| {
		let device = AccountId32::new([1; 32]);
		let root = digest(1);
		let calls: [Call<Test>; 3] = [
			Call::anchor { device: device.clone(), seq: 0, digest: root, signature: None },
			Call::anchor_batch {
				device: device.clone(),
				seq: 0,
				root,
				leaf_count: 2,
				first_ts: 0,
				last_ts: 1,
				signature: None,
			},
			Call::anchor_aggregate {
				gateway: device,
				seq: 0,
				root,
				leaf_count: 2,
				first_ts: 0,
				last_ts: 1,
				signature: None,
			},
		];
		for call in &calls {
			assert_eq!(DataAnchoring::storage_fee(call), ANCHOR_FEE);
		}
		// The pallet charges nothing itself: the runtime adds the fee to the transaction fee.
		let (key, device) = active_device(TestKey::sr25519(1));
		let issuance = Balances::total_issuance();
		anchor_by_device(&key, &device, 0);
		assert_eq!(Balances::balance(&key.account()), 1_000);
		assert_eq!(Balances::total_issuance(), issuance);
	});
}

#[test]
fn calls_need_a_signed_origin() {
	build_and_execute(|| {
		let (_, device) = active_device(TestKey::sr25519(1));
		assert_noop!(
			DataAnchoring::anchor(RuntimeOrigin::root(), device.clone(), 0, digest(0), None),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_noop!(
			DataAnchoring::anchor_batch(RuntimeOrigin::none(), device, 0, digest(0), 2, 0, 0, None),
			sp_runtime::DispatchError::BadOrigin
		);
	});
}

#[test]
fn relayed_calls_are_weighed_with_the_signature_check() {
	build_and_execute(|| {
		let device = AccountId32::new([1; 32]);
		let signature = TestKey::sr25519(1).sign(b"anything");
		let by_device = RuntimeCall::DataAnchoring(Call::anchor {
			device: device.clone(),
			seq: 0,
			digest: H256::zero(),
			signature: None,
		});
		let relayed = RuntimeCall::DataAnchoring(Call::anchor {
			device: device.clone(),
			seq: 0,
			digest: H256::zero(),
			signature: Some(signature.clone()),
		});
		assert_eq!(
			by_device.get_dispatch_info().call_weight,
			<() as WeightInfo>::anchor_by_device()
		);
		assert_eq!(relayed.get_dispatch_info().call_weight, <() as WeightInfo>::anchor_relayed());
		let batch_relayed = RuntimeCall::DataAnchoring(Call::anchor_batch {
			device,
			seq: 0,
			root: H256::zero(),
			leaf_count: 1,
			first_ts: 0,
			last_ts: 0,
			signature: Some(signature),
		});
		assert_eq!(
			batch_relayed.get_dispatch_info().call_weight,
			<() as WeightInfo>::anchor_batch_relayed()
		);
	});
}

// ---- the signed payload ----

#[test]
fn anchor_payload_matches_the_documented_bytes() {
	build_and_execute(|| {
		// The mock's genesis hash is 0x45…45, as in the worked example of docs/anchoring.md.
		assert_eq!(frame_system::BlockHash::<Test>::get(0), H256::repeat_byte(0x45));
		let device = AccountId32::new([0x11; 32]);
		let root = H256::repeat_byte(0x22);
		let payload = DataAnchoring::anchor_payload(&device, 5, &root, &batch(1000, 1, 2));
		let hex = "3c696f74636861696e2f616e63686f72".to_owned()
			+ &"45".repeat(32)
			+ &"11".repeat(32)
			+ "0500000000000000"
			+ &"22".repeat(32)
			+ "e8030000"
			+ "0100000000000000"
			+ "0200000000000000";
		assert_eq!(sp_core::hexdisplay::HexDisplay::from(&payload).to_string(), hex);

		let reading = DataAnchoring::anchor_payload(&device, 5, &root, &AnchorKind::Reading);
		assert_eq!(reading.len(), 140);
		assert_eq!(reading[..120], payload[..120]);
		assert_eq!(reading[120..], [0u8; 20]);
	});
}

// ---- reads ----

#[test]
fn anchors_page_pages_in_sequence_order_across_gaps() {
	build_and_execute(|| {
		let (key, device) = active_device(TestKey::sr25519(1));
		let (other_key, other) = active_device(TestKey::sr25519(2));
		// 255 and 256 differ in their low byte's order if stored little-endian.
		// 1_257 is the farthest 256 may be followed by: 1_000 numbers skipped.
		let seqs = [0u64, 1, 2, 7, 255, 256, 1_257];
		for seq in seqs {
			anchor_by_device(&key, &device, seq);
		}
		anchor_by_device(&other_key, &other, 3);
		let page_seqs = |page: &Page<AnchorView<u64>, u64>| {
			page.items.iter().map(|view| view.seq).collect::<Vec<_>>()
		};

		let all = DataAnchoring::anchors_page(&device, None, 100);
		assert_eq!(page_seqs(&all), seqs);
		assert_eq!(all.next, None);
		assert_eq!(all.items[3], DataAnchoring::anchor_view(&device, 7).unwrap());

		let first = DataAnchoring::anchors_page(&device, None, 3);
		assert_eq!(page_seqs(&first), [0, 1, 2]);
		assert_eq!(first.next, Some(2));
		let second = DataAnchoring::anchors_page(&device, first.next, 3);
		assert_eq!(page_seqs(&second), [7, 255, 256]);
		assert_eq!(second.next, Some(256));
		let third = DataAnchoring::anchors_page(&device, second.next, 3);
		assert_eq!(page_seqs(&third), [1_257]);
		assert_eq!(third.next, None);

		// An exactly full last page ends the list: no empty page after it.
		let full_last = DataAnchoring::anchors_page(&device, Some(255), 2);
		assert_eq!(page_seqs(&full_last), [256, 1_257]);
		assert_eq!(full_last.next, None);
		// A cursor inside a gap starts at the next anchor.
		assert_eq!(page_seqs(&DataAnchoring::anchors_page(&device, Some(3), 1)), [7]);
		assert_eq!(page_seqs(&DataAnchoring::anchors_page(&device, Some(1_257), 10)), [0u64; 0]);
		assert_eq!(
			DataAnchoring::anchors_page(&device, Some(u64::MAX), 10),
			Page { items: vec![], next: None }
		);
		assert_eq!(
			DataAnchoring::anchors_page(&device, None, 0),
			Page { items: vec![], next: None }
		);
		assert_eq!(page_seqs(&DataAnchoring::anchors_page(&other, None, 10)), [3]);
		assert_eq!(
			DataAnchoring::anchors_page(&STRANGER, None, 10),
			Page { items: vec![], next: None }
		);
	});
}

#[test]
fn anchor_view_flattens_the_record_under_its_seq() {
	build_and_execute(|| {
		let (key, device) = active_device(TestKey::sr25519(1));
		anchor_by_device(&key, &device, 4);
		let root = digest(9);
		let signature = sign_anchor(&key, &device, 5, root, batch(1000, 5, 9));
		assert_ok!(DataAnchoring::anchor_batch(
			RuntimeOrigin::signed(RELAYER),
			device.clone(),
			5,
			root,
			1000,
			5,
			9,
			Some(signature)
		));

		assert_eq!(
			DataAnchoring::anchor_view(&device, 4),
			Some(AnchorView {
				seq: 4,
				kind: AnchorViewKind::Reading,
				digest: digest(4),
				leaf_count: 1,
				first_ts: None,
				last_ts: None,
				block: 1,
				moment: START,
			})
		);
		assert_eq!(
			DataAnchoring::anchor_view(&device, 5),
			Some(AnchorView {
				seq: 5,
				kind: AnchorViewKind::Batch,
				digest: root,
				leaf_count: 1000,
				first_ts: Some(5),
				last_ts: Some(9),
				block: 1,
				moment: START,
			})
		);
		assert_eq!(DataAnchoring::anchor_view(&device, 6), None);
	});
}

#[test]
fn anchors_page_returns_at_most_the_page_limit() {
	build_and_execute(|| {
		let device = AccountId32::new([1; 32]);
		let record = AnchorRecord {
			digest: H256::zero(),
			kind: AnchorKind::Reading,
			block: 1,
			moment: START,
		};
		for seq in 0..u64::from(MAX_ANCHORS_PAGE) + 5 {
			Anchors::<Test>::insert(&device, seq_key(seq), record);
		}
		LastSeq::<Test>::insert(&device, u64::from(MAX_ANCHORS_PAGE) + 4);
		let page = DataAnchoring::anchors_page(&device, None, u32::MAX);
		assert_eq!(page.items.len(), MAX_ANCHORS_PAGE as usize);
		assert_eq!(page.next, Some(u64::from(MAX_ANCHORS_PAGE) - 1));
	});
}

#[test]
fn verify_reading_proves_readings_of_a_batch_and_rejects_altered_ones() {
	build_and_execute(|| {
		let (key, device) = active_device(TestKey::sr25519(1));
		let readings: Vec<H256> = (0..1000u32)
			.map(|i| merkle::reading_leaf(format!("{{\"t\":{i},\"c\":21.5}}").as_bytes()))
			.collect();
		let root = merkle::root(&readings).unwrap();
		let signature = sign_anchor(&key, &device, 0, root, batch(1000, 0, 999));
		System::set_block_number(3);
		assert_ok!(DataAnchoring::anchor_batch(
			RuntimeOrigin::signed(RELAYER),
			device.clone(),
			0,
			root,
			1000,
			0,
			999,
			Some(signature)
		));

		for index in [0u32, 1, 499, 998, 999] {
			let proof = merkle::proof(&readings, index).unwrap();
			assert_eq!(
				DataAnchoring::verify_reading(
					&device,
					0,
					&readings[index as usize],
					index,
					&proof.siblings
				),
				Ok(AnchoredAt { block: 3, moment: START })
			);
		}
		let proof = merkle::proof(&readings, 17).unwrap();
		let mut altered = readings[17];
		altered.0[0] ^= 1;
		assert_eq!(
			DataAnchoring::verify_reading(&device, 0, &altered, 17, &proof.siblings),
			Err(NotProven::Mismatch)
		);
		assert_eq!(
			DataAnchoring::verify_reading(&device, 0, &readings[17], 18, &proof.siblings),
			Err(NotProven::Mismatch)
		);
		assert_eq!(
			DataAnchoring::verify_reading(&device, 0, &readings[17], 1000, &proof.siblings),
			Err(NotProven::LeafIndexOutOfRange)
		);
		assert_eq!(
			DataAnchoring::verify_reading(&device, 0, &readings[17], 17, &proof.siblings[1..]),
			Err(NotProven::WrongProofLength)
		);
		assert_eq!(
			DataAnchoring::verify_reading(&device, 1, &readings[17], 17, &proof.siblings),
			Err(NotProven::UnknownAnchor)
		);
	});
}

#[test]
fn verify_reading_proves_a_single_reading_by_its_digest() {
	build_and_execute(|| {
		let (key, device) = active_device(TestKey::sr25519(1));
		let leaf = merkle::reading_leaf(b"21.5 C");
		assert_ok!(DataAnchoring::anchor(
			RuntimeOrigin::signed(key.account()),
			device.clone(),
			0,
			leaf,
			None
		));
		assert_eq!(
			DataAnchoring::verify_reading(&device, 0, &leaf, 0, &[]),
			Ok(AnchoredAt { block: 1, moment: START })
		);
		assert_eq!(
			DataAnchoring::verify_reading(&device, 0, &merkle::reading_leaf(b"21.6 C"), 0, &[]),
			Err(NotProven::Mismatch)
		);
		assert_eq!(
			DataAnchoring::verify_reading(&device, 0, &leaf, 1, &[]),
			Err(NotProven::LeafIndexOutOfRange)
		);
		assert_eq!(
			DataAnchoring::verify_reading(&device, 0, &leaf, 0, &[leaf]),
			Err(NotProven::WrongProofLength)
		);
	});
}

#[test]
fn the_anchor_lookup_answers_other_pallets() {
	build_and_execute(|| {
		let (key, device) = active_device(TestKey::sr25519(1));
		type Lookup = Pallet<Test>;
		assert_eq!(<Lookup as AnchorLookup<_, _>>::last_seq(&device), None);
		assert!(!<Lookup as AnchorLookup<_, _>>::has_anchored(&device, 0));

		anchor_by_device(&key, &device, 4);
		assert_eq!(<Lookup as AnchorLookup<_, _>>::last_seq(&device), Some(4));
		assert!(<Lookup as AnchorLookup<_, _>>::has_anchored(&device, 4));
		// A later number does not stand for the earlier ones, which may still arrive.
		assert!(!<Lookup as AnchorLookup<_, _>>::has_anchored(&device, 0));
		assert!(!<Lookup as AnchorLookup<_, _>>::has_anchored(&device, 3));
		assert!(!<Lookup as AnchorLookup<_, _>>::has_anchored(&device, 5));
		anchor_by_device(&key, &device, 3);
		assert!(<Lookup as AnchorLookup<_, _>>::has_anchored(&device, 3));
		assert_eq!(<Lookup as AnchorLookup<_, _>>::last_seq(&device), Some(4));
		assert_eq!(
			<Lookup as AnchorLookup<_, _>>::anchor_record(&device, 4).map(|r| r.digest),
			Some(digest(4))
		);
		assert_eq!(<Lookup as AnchorLookup<_, _>>::anchor_record(&device, 2), None);
		assert_eq!(
			<Lookup as AnchorLookup<_, _>>::verify_reading(&device, 4, &digest(4), 0, &[]),
			Ok(AnchoredAt { block: 1, moment: START })
		);
	});
}

// ---- invariants and constants ----

#[test]
fn try_state_catches_a_last_seq_out_of_step_with_the_anchors() {
	new_test_ext().execute_with(|| {
		let (key, device) = active_device(TestKey::sr25519(1));
		anchor_by_device(&key, &device, 2);
		anchor_by_device(&key, &device, 1);
		assert_eq!(DataAnchoring::do_try_state(), Ok(()), "a filled gap leaves the highest");

		LastSeq::<Test>::insert(&device, 1);
		assert!(DataAnchoring::do_try_state().is_err());
		LastSeq::<Test>::remove(&device);
		assert!(DataAnchoring::do_try_state().is_err());
		LastSeq::<Test>::insert(&STRANGER, 0);
		LastSeq::<Test>::insert(&device, 2);
		assert!(DataAnchoring::do_try_state().is_err());
	});
}

#[test]
fn try_state_catches_an_invalid_batch_record() {
	new_test_ext().execute_with(|| {
		let device = AccountId32::new([1; 32]);
		LastSeq::<Test>::insert(&device, 0);
		for kind in [batch(0, 0, 0), batch(MAX_LEAVES + 1, 0, 0), batch(2, 5, 4)] {
			let record = AnchorRecord { digest: H256::zero(), kind, block: 1, moment: START };
			Anchors::<Test>::insert(&device, seq_key(0), record);
			assert!(DataAnchoring::do_try_state().is_err(), "{kind:?}");
		}
		let future = AnchorRecord {
			digest: H256::zero(),
			kind: AnchorKind::Reading,
			block: 2,
			moment: START,
		};
		Anchors::<Test>::insert(&device, seq_key(0), future);
		assert!(DataAnchoring::do_try_state().is_err());
	});
}

#[test]
fn an_anchor_stores_the_documented_bytes() {
	build_and_execute(|| {
		let device = AccountId32::new([1; 32]);
		// The pallet docs' and docs/anchoring.md's count, with the runtime's u32 block numbers.
		assert_eq!(Anchors::<Test>::hashed_key_for(&device, seq_key(7)).len(), 88);
		let record = |kind| AnchorRecord { digest: H256::zero(), kind, block: 1u32, moment: START };
		assert_eq!(record(AnchorKind::Reading).encode().len(), 45);
		assert_eq!(record(batch(1, 2, 3)).encode().len(), 65);
		assert_eq!(AnchorRecord::<u32>::max_encoded_len(), 65);
		assert_eq!(LastSeq::<Test>::hashed_key_for(&device).len() + 8, 88);
	});
}

#[test]
fn integrity_test_passes_and_storage_version_is_set() {
	build_and_execute(|| {
		<DataAnchoring as Hooks<u64>>::integrity_test();
		assert_eq!(
			<DataAnchoring as frame_support::traits::GetStorageVersion>::on_chain_storage_version(),
			1
		);
		assert!(!<Test as Config>::AnchorFee::get().is_zero());
	});
}

// ---- a copied or runaway sequence number cannot silence a device ----

#[test]
fn a_copied_later_anchor_does_not_make_an_earlier_one_impossible() {
	build_and_execute(|| {
		let (key, device) = active_device(TestKey::sr25519(1));
		let sig_41 = sign_anchor(&key, &device, 41, digest(41), AnchorKind::Reading);
		let sig_42 = sign_anchor(&key, &device, 42, digest(42), AnchorKind::Reading);
		// An observer copies the relayed anchor 42 into his own transaction and gets it in first.
		assert_ok!(DataAnchoring::anchor(
			RuntimeOrigin::signed(STRANGER),
			device.clone(),
			42,
			digest(42),
			Some(sig_42)
		));

		assert_ok!(DataAnchoring::anchor(
			RuntimeOrigin::signed(RELAYER),
			device.clone(),
			41,
			digest(41),
			Some(sig_41)
		));
		assert_eq!(DataAnchoring::anchor_record(&device, 41).map(|r| r.digest), Some(digest(41)));
		assert_eq!(DataAnchoring::last_seq(&device), Some(42));
	});
}

#[test]
fn one_signature_at_the_highest_seq_cannot_silence_the_device() {
	build_and_execute(|| {
		let (key, device) = active_device(TestKey::sr25519(1));
		anchor_by_device(&key, &device, 0);
		// A firmware bug, or a key leaked before its rotation, signed the last number there is.
		let runaway = sign_anchor(&key, &device, u64::MAX, digest(9), AnchorKind::Reading);
		assert_noop!(
			DataAnchoring::anchor(
				RuntimeOrigin::signed(STRANGER),
				device.clone(),
				u64::MAX,
				digest(9),
				Some(runaway)
			),
			Error::<Test>::SequenceTooFarAhead
		);
		anchor_by_device(&key, &device, 1);
		assert_eq!(DataAnchoring::last_seq(&device), Some(1));
	});
}
