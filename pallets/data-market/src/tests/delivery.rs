//! Proving delivery: the device's own anchors and its envelopes under gateways' aggregates,
//! each counted once, in its period, and only if it reached the chain in time.

use frame_support::{assert_noop, assert_ok, BoundedVec};
use iotchain_primitives::{AnchorKind, AnchorRecord, DeviceKind};

use super::*;
use crate::{Deliveries, DeliveryProof, DeliveryProofOf, Error, Event};

/// Lists the stream and has [`BUYER`] buy periods 1 and 2.
fn listed_and_bought() {
	list();
	assert_ok!(Market::subscribe(RuntimeOrigin::signed(BUYER), 0, 2));
}

fn prove(period: u32, proofs: Vec<DeliveryProofOf<Test>>) -> sp_runtime::DispatchResult {
	let proofs: BoundedVec<_, _> = proofs.try_into().unwrap();
	Market::prove_delivery(RuntimeOrigin::signed(STRANGER), 0, period, proofs)
}

fn readings(period: u32) -> u32 {
	Deliveries::<Test>::get(0, period).unwrap().readings
}

#[test]
fn the_devices_own_anchors_count_their_readings_once() {
	ExtBuilder::default().build_and_execute(|| {
		listed_and_bought();
		// A single reading, anchored in period 1.
		go_to(2, in_period(1, 1_000));
		MockAnchors::<Test>::anchor(&device(), 10, 1, in_period(1, 1_000));
		assert_ok!(prove(1, vec![DeliveryProof::Anchor { seq: 10 }]));
		assert_eq!(readings(1), 1);
		System::assert_last_event(
			Event::DeliveryProven { listing: 0, period: 1, readings: 1 }.into(),
		);
		// The same anchor again, or an older one, counts no more.
		assert_noop!(
			prove(1, vec![DeliveryProof::Anchor { seq: 10 }]),
			Error::<Test>::ProofOutOfOrder
		);
		MockAnchors::<Test>::anchor(&device(), 9, 1, in_period(1, 2_000));
		assert_noop!(
			prove(1, vec![DeliveryProof::Anchor { seq: 9 }]),
			Error::<Test>::ProofOutOfOrder
		);
		// A batch of 5 taken in the period: the promise (3) is met, and no more is counted.
		MockAnchors::<Test>::anchor(&device(), 11, 5, in_period(1, 9_000));
		assert_ok!(prove(1, vec![DeliveryProof::Anchor { seq: 11 }]));
		assert_eq!(readings(1), PROMISED);
		MockAnchors::<Test>::anchor(&device(), 12, 1, in_period(1, 9_500));
		assert_noop!(
			prove(1, vec![DeliveryProof::Anchor { seq: 12 }]),
			Error::<Test>::AlreadyDelivered
		);
	});
}

#[test]
fn envelopes_under_a_gateways_aggregate_count_once_each() {
	ExtBuilder::default().build_and_execute(|| {
		listed_and_bought();
		go_to(3, in_period(2, 30_000));
		let key = device_key();
		let proofs = aggregate(
			0,
			vec![
				envelope(1, in_period(2, 1_000), &key),
				envelope(2, in_period(2, 2_000), &key),
				envelope(3, in_period(2, 3_000), &key),
			],
		);
		assert_ok!(prove(2, proofs[..2].to_vec()));
		assert_eq!(readings(2), 2);
		// Envelope 2 again counts no more; envelope 3 completes the promise.
		assert_noop!(prove(2, proofs[1..2].to_vec()), Error::<Test>::ProofOutOfOrder);
		assert_ok!(prove(2, proofs[2..].to_vec()));
		assert_eq!(readings(2), PROMISED);
		// Proofs of one period say nothing of another.
		assert_noop!(prove(1, proofs[..1].to_vec()), Error::<Test>::OutsidePeriod);
	});
}

#[test]
fn a_proof_of_another_device_or_a_forged_envelope_counts_nothing() {
	ExtBuilder::default().build_and_execute(|| {
		listed_and_bought();
		go_to(3, in_period(1, 30_000));
		let stranger = TestKey::ed25519(8);
		MockDevices::register(stranger.public(), &STRANGER);
		// Another device's envelope.
		let mut theirs = envelope(1, in_period(1, 1_000), &stranger);
		theirs.device = stranger.account();
		theirs.signature = stranger
			.sign(&theirs.signed_bytes(&iotchain_primitives::chain::genesis_hash::<Test>()));
		// The listed device's envelope signed by a stranger's key.
		let forged = envelope(2, in_period(1, 2_000), &stranger);
		let proofs = aggregate(
			0,
			vec![
				theirs,
				forged,
				envelope(3, in_period(1, 3_000), &device_key()),
				envelope(4, in_period(1, 4_000), &stranger),
			],
		);
		assert_noop!(prove(1, proofs[..1].to_vec()), Error::<Test>::WrongDevice);
		assert_noop!(prove(1, proofs[1..2].to_vec()), Error::<Test>::InvalidSignature);
		// A valid envelope with its proof bent, its index moved, or under another anchor.
		let DeliveryProof::Aggregated { gateway, aggregate_seq, envelope, leaf_index, proof } =
			proofs[2].clone()
		else {
			unreachable!()
		};
		let mut bent = proof.clone();
		*bent.get_mut(0).unwrap() = sp_core::H256::repeat_byte(0xbe);
		let with = |gateway, aggregate_seq, leaf_index, proof| DeliveryProof::Aggregated {
			gateway,
			aggregate_seq,
			envelope: envelope.clone(),
			leaf_index,
			proof,
		};
		assert_noop!(
			prove(1, vec![with(gateway.clone(), aggregate_seq, leaf_index, bent)]),
			Error::<Test>::InvalidProof
		);
		assert_noop!(
			prove(1, vec![with(gateway.clone(), aggregate_seq, 0, proof.clone())]),
			Error::<Test>::InvalidProof
		);
		assert_noop!(
			prove(1, vec![with(gateway.clone(), 7, leaf_index, proof.clone())]),
			Error::<Test>::UnknownAnchor
		);
		// The device's own single-reading anchor is no aggregate.
		MockAnchors::<Test>::anchor(&device(), 0, 1, in_period(1, 30_000));
		assert_noop!(
			prove(1, vec![with(device(), 0, leaf_index, proof.clone())]),
			Error::<Test>::NotAnAggregate
		);
		// All of a call fails with its first bad proof: the good one before it is not counted.
		assert_noop!(
			prove(1, vec![proofs[2].clone(), proofs[3].clone()]),
			Error::<Test>::InvalidSignature
		);
		assert_ok!(prove(1, vec![proofs[2].clone()]));
	});
}

#[test]
fn an_envelope_signed_with_a_key_rotated_away_before_its_aggregate_counts_nothing() {
	ExtBuilder::default().build_and_execute(|| {
		listed_and_bought();
		// The owner rotates the device's key in block 2 (a leaked key is shut out).
		go_to(2, in_period(1, 10_000));
		let new_key = TestKey::ed25519(9);
		MockDevices::rotate(&device(), new_key.public());
		go_to(3, in_period(1, 20_000));
		let proofs = aggregate(
			0,
			vec![
				envelope(1, in_period(1, 11_000), &device_key()),
				envelope(2, in_period(1, 12_000), &new_key),
			],
		);
		assert_noop!(prove(1, proofs[..1].to_vec()), Error::<Test>::InvalidSignature);
		assert_ok!(prove(1, proofs[1..].to_vec()));
	});
}

#[test]
fn readings_count_only_in_their_period_and_anchored_in_time() {
	ExtBuilder::default().build_and_execute(|| {
		listed_and_bought();
		// A batch straddling periods 1 and 2 belongs to neither.
		go_to(2, in_period(2, 10_000));
		MockAnchors::<Test>::anchor(&device(), 0, 20_000, in_period(2, 10_000));
		assert_noop!(
			prove(2, vec![DeliveryProof::Anchor { seq: 0 }]),
			Error::<Test>::OutsidePeriod
		);
		assert_noop!(
			prove(1, vec![DeliveryProof::Anchor { seq: 0 }]),
			Error::<Test>::OutsidePeriod
		);
		// A single reading anchored in period 2 is not period 1's.
		MockAnchors::<Test>::anchor(&device(), 1, 1, in_period(2, 10_000));
		assert_noop!(
			prove(1, vec![DeliveryProof::Anchor { seq: 1 }]),
			Error::<Test>::OutsidePeriod
		);
		// Period 1's readings anchored within the grace count; later, they do not.
		go_to(3, in_period(2, DELIVERY_GRACE - 1));
		let late = aggregate(0, vec![envelope(1, in_period(1, 5_000), &device_key())]);
		MockAnchors::<Test>::anchor(&device(), 2, 2, in_period(1, PERIOD - 1));
		assert_ok!(prove(1, late));
		assert_eq!(readings(1), 1);
		go_to(4, in_period(2, DELIVERY_GRACE));
		assert_noop!(
			prove(1, vec![DeliveryProof::Anchor { seq: 2 }]),
			Error::<Test>::ProofWindowClosed
		);
	});
}

/// The record of a batch of `leaf_count` readings claimed taken from `first_ts` to `last_ts`
/// that reached the chain at `moment`.
fn batch_record(first_ts: u64, last_ts: u64, moment: u64) -> AnchorRecord<u64> {
	AnchorRecord {
		digest: sp_core::H256::zero(),
		kind: AnchorKind::Batch { leaf_count: 2, first_ts, last_ts },
		block: System::block_number(),
		moment,
	}
}

#[test]
fn a_batch_anchored_after_the_grace_is_too_late() {
	ExtBuilder::default().build_and_execute(|| {
		listed_and_bought();
		go_to(2, in_period(1, 1_000));
		let deadline = in_period(2, DELIVERY_GRACE);
		MockAnchors::<Test>::insert_record(
			&device(),
			0,
			batch_record(in_period(1, 1), in_period(1, 2), deadline),
		);
		MockAnchors::<Test>::insert_record(
			&device(),
			1,
			batch_record(in_period(1, 1), in_period(1, 2), deadline - 1),
		);
		assert_noop!(
			prove(1, vec![DeliveryProof::Anchor { seq: 0 }]),
			Error::<Test>::AnchoredTooLate
		);
		assert_ok!(prove(1, vec![DeliveryProof::Anchor { seq: 1 }]));
		assert_eq!(readings(1), 2);
	});
}

#[test]
fn readings_signed_ahead_of_time_and_anchored_early_count_nothing() {
	// The attack: with the device off in period 2, the seller pre-signs readings stamped with
	// period 2's times and anchors them while period 1 runs, to be paid for period 2.
	ExtBuilder::default().build_and_execute(|| {
		listed_and_bought();
		go_to(2, in_period(1, 1_000));
		let ahead = aggregate(0, vec![envelope(1, in_period(2, 1_000), &device_key())]);
		MockAnchors::<Test>::insert_record(
			&device(),
			0,
			batch_record(in_period(2, 1), in_period(2, 3), in_period(1, 1_000)),
		);
		go_to(3, in_period(2, 5_000));
		assert_noop!(prove(2, ahead), Error::<Test>::AnchoredBeforeReading);
		assert_noop!(
			prove(2, vec![DeliveryProof::Anchor { seq: 0 }]),
			Error::<Test>::AnchoredBeforeReading
		);
	});
}

#[test]
fn proofs_need_a_grant_an_anchor_and_a_bounded_count() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			prove(1, vec![DeliveryProof::Anchor { seq: 0 }]),
			Error::<Test>::UnknownListing
		);
		list();
		// No grant covers period 1 yet: delivery is not recorded for no one.
		assert_noop!(
			prove(1, vec![DeliveryProof::Anchor { seq: 0 }]),
			Error::<Test>::NoGrantForPeriod
		);
		assert_ok!(Market::subscribe(RuntimeOrigin::signed(BUYER), 0, 1));
		assert_noop!(
			prove(2, vec![DeliveryProof::Anchor { seq: 0 }]),
			Error::<Test>::NoGrantForPeriod
		);
		assert_noop!(prove(1, vec![]), Error::<Test>::InvalidProofCount);
		assert_noop!(
			Market::do_prove_delivery(
				0,
				1,
				vec![DeliveryProof::Anchor { seq: 0 }; MAX_PROOFS as usize + 1]
			),
			Error::<Test>::InvalidProofCount
		);
		assert_noop!(
			prove(1, vec![DeliveryProof::Anchor { seq: 0 }]),
			Error::<Test>::UnknownAnchor
		);
		// The device's own anchor that is an aggregate (it is a gateway too) is not its readings.
		MockDevices::set_kind(&device(), DeviceKind::Gateway);
		go_to(2, in_period(1, 10));
		MockAnchors::<Test>::anchor_aggregate(
			&device(),
			0,
			sp_core::H256::zero(),
			4,
			in_period(1, 10),
		);
		assert_noop!(
			prove(1, vec![DeliveryProof::Anchor { seq: 0 }]),
			Error::<Test>::NotOwnReadings
		);
	});
}
