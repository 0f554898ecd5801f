//! Aggregates: a gateway anchors many devices' signed reading envelopes at once, and anyone
//! proves one envelope, and its device's signature, from the aggregate.

use frame_support::{assert_noop, assert_ok, dispatch::GetDispatchInfo};
use iotchain_primitives::{chain, merkle, DeviceKind, DeviceStatus, ReadingEnvelope};
use sp_core::H256;
use sp_runtime::AccountId32;

use super::digest;
use crate::{mock::*, *};

/// A registered, active gateway: its key and id.
fn gateway(key: TestKey) -> (TestKey, AccountId32) {
	let (key, id) = active_device(key);
	MockDevices::set_kind(&id, DeviceKind::Gateway);
	(key, id)
}

fn aggregate(leaf_count: u32, first_ts: u64, last_ts: u64) -> AnchorKind {
	AnchorKind::Aggregate { leaf_count, first_ts, last_ts }
}

/// `key`'s envelope for `device`'s reading `seq` of `payload`, taken at `timestamp`.
fn envelope(
	key: &TestKey,
	device: &AccountId32,
	seq: u64,
	timestamp: u64,
	payload: &[u8],
) -> ReadingEnvelope<AccountId32> {
	let mut envelope = ReadingEnvelope {
		device: device.clone(),
		seq,
		timestamp,
		payload_digest: merkle::reading_leaf(payload),
		signature: key.sign(b"placeholder"),
	};
	envelope.signature = key.sign(&envelope.signed_bytes(&chain::genesis_hash::<Test>()));
	envelope
}

/// The gateway anchors the tree over `envelopes` itself, as its anchor `seq`; returns the
/// leaves.
fn anchor_envelopes(
	key: &TestKey,
	gateway: &AccountId32,
	seq: u64,
	envelopes: &[ReadingEnvelope<AccountId32>],
) -> Vec<H256> {
	let leaves: Vec<H256> = envelopes.iter().map(ReadingEnvelope::leaf).collect();
	let root = merkle::root(&leaves).unwrap();
	let first = envelopes.iter().map(|e| e.timestamp).min().unwrap();
	let last = envelopes.iter().map(|e| e.timestamp).max().unwrap();
	assert_ok!(DataAnchoring::anchor_aggregate(
		RuntimeOrigin::signed(key.account()),
		gateway.clone(),
		seq,
		root,
		leaves.len() as u32,
		first,
		last,
		None
	));
	leaves
}

fn proof_of(leaves: &[H256], index: u32) -> Vec<H256> {
	merkle::proof(leaves, index).unwrap().siblings
}

fn proven(
	gateway: &AccountId32,
	seq: u64,
	leaf_count: u32,
	device: &AccountId32,
	device_signature: DeviceSignature,
) -> ReadingVerdict<AccountId32, u64> {
	ReadingVerdict::Proven(ProvenReading {
		gateway: gateway.clone(),
		aggregate_seq: seq,
		block: System::block_number(),
		moment: START,
		leaf_count,
		device: device.clone(),
		device_signature,
	})
}

// ---- anchoring an aggregate ----

#[test]
fn a_gateway_anchors_an_aggregate_in_its_own_sequence() {
	build_and_execute(|| {
		let (key, gateway) = gateway(TestKey::sr25519(9));
		let (sensor_key, sensor) = active_device(TestKey::ed25519(1));
		let envelopes = [
			envelope(&sensor_key, &sensor, 0, START - 2_000, b"21.5"),
			envelope(&sensor_key, &sensor, 1, START - 1_000, b"21.6"),
		];
		let leaves = anchor_envelopes(&key, &gateway, 0, &envelopes);
		let root = merkle::root(&leaves).unwrap();

		assert_eq!(
			DataAnchoring::anchor_record(&gateway, 0),
			Some(AnchorRecord {
				digest: root,
				kind: aggregate(2, START - 2_000, START - 1_000),
				block: 1,
				moment: START,
			})
		);
		System::assert_last_event(
			Event::AggregateAnchored {
				gateway: gateway.clone(),
				seq: 0,
				root,
				leaf_count: 2,
				first_ts: START - 2_000,
				last_ts: START - 1_000,
				block: 1,
				moment: START,
				gap: 0,
				relayer: None,
			}
			.into(),
		);
		// One sequence for all of the gateway's anchors: its own reading takes the next number.
		assert_eq!(DataAnchoring::last_seq(&gateway), Some(0));
		assert_noop!(
			DataAnchoring::anchor(
				RuntimeOrigin::signed(key.account()),
				gateway.clone(),
				0,
				digest(0),
				None
			),
			Error::<Test>::AlreadyAnchored
		);
		assert_eq!(
			DataAnchoring::anchor_view(&gateway, 0).map(|view| view.kind),
			Some(AnchorViewKind::Aggregate)
		);
		// The devices' own sequences are untouched: the chain does not read the envelopes.
		assert_eq!(DataAnchoring::last_seq(&sensor), None);
	});
}

#[test]
fn an_operator_relays_an_aggregate_with_the_gateways_signature() {
	build_and_execute(|| {
		let (key, gateway) = gateway(TestKey::ecdsa(9));
		let root = digest(7);
		let signature = sign_anchor(&key, &gateway, 3, root, aggregate(1_000, 10, 20));
		assert_ok!(DataAnchoring::anchor_aggregate(
			RuntimeOrigin::signed(RELAYER),
			gateway.clone(),
			3,
			root,
			1_000,
			10,
			20,
			Some(signature.clone())
		));
		assert!(matches!(
			System::events().last().map(|record| &record.event),
			Some(RuntimeEvent::DataAnchoring(Event::AggregateAnchored { relayer: Some(r), gap: 3, .. }))
				if *r == RELAYER
		));
		// The signature is single-use: the number is taken.
		assert_noop!(
			DataAnchoring::anchor_aggregate(
				RuntimeOrigin::signed(STRANGER),
				gateway,
				3,
				root,
				1_000,
				10,
				20,
				Some(signature)
			),
			Error::<Test>::AlreadyAnchored
		);
	});
}

#[test]
fn an_aggregate_signature_and_a_batch_signature_are_not_interchangeable() {
	build_and_execute(|| {
		let (key, gateway) = gateway(TestKey::sr25519(9));
		let root = digest(7);
		let for_batch = sign_anchor(
			&key,
			&gateway,
			0,
			root,
			AnchorKind::Batch { leaf_count: 4, first_ts: 1, last_ts: 2 },
		);
		assert_noop!(
			DataAnchoring::anchor_aggregate(
				RuntimeOrigin::signed(RELAYER),
				gateway.clone(),
				0,
				root,
				4,
				1,
				2,
				Some(for_batch)
			),
			Error::<Test>::InvalidSignature
		);
		let for_aggregate = sign_anchor(&key, &gateway, 0, root, aggregate(4, 1, 2));
		assert_noop!(
			DataAnchoring::anchor_batch(
				RuntimeOrigin::signed(RELAYER),
				gateway.clone(),
				0,
				root,
				4,
				1,
				2,
				Some(for_aggregate.clone())
			),
			Error::<Test>::InvalidSignature
		);
		// Nor may a relayer change what the gateway signed.
		assert_noop!(
			DataAnchoring::anchor_aggregate(
				RuntimeOrigin::signed(RELAYER),
				gateway,
				0,
				root,
				5,
				1,
				2,
				Some(for_aggregate)
			),
			Error::<Test>::InvalidSignature
		);
	});
}

#[test]
fn only_an_active_gateway_anchors_aggregates() {
	build_and_execute(|| {
		let (sensor_key, sensor) = active_device(TestKey::sr25519(1));
		let root = digest(1);
		let attempt = |who: &TestKey, id: &AccountId32| {
			DataAnchoring::anchor_aggregate(
				RuntimeOrigin::signed(who.account()),
				id.clone(),
				0,
				root,
				2,
				0,
				1,
				None,
			)
		};
		assert_noop!(attempt(&sensor_key, &sensor), Error::<Test>::NotGateway);

		let (key, gateway) = gateway(TestKey::sr25519(9));
		MockDevices::set_status(&gateway, DeviceStatus::Suspended);
		assert_noop!(attempt(&key, &gateway), Error::<Test>::DeviceSuspended);
		MockDevices::set_status(&gateway, DeviceStatus::Revoked);
		assert_noop!(attempt(&key, &gateway), Error::<Test>::DeviceRevoked);

		let unknown = TestKey::sr25519(10);
		assert_noop!(attempt(&unknown, &unknown.account()), Error::<Test>::UnknownDevice);
		assert_noop!(
			DataAnchoring::anchor_aggregate(
				RuntimeOrigin::signed(STRANGER),
				sensor,
				0,
				root,
				2,
				0,
				1,
				None
			),
			Error::<Test>::NotGateway
		);
	});
}

#[test]
fn an_aggregate_must_have_between_one_and_max_leaves_in_time_order() {
	build_and_execute(|| {
		let (key, gateway) = gateway(TestKey::sr25519(9));
		let attempt = |leaf_count: u32, first_ts: u64, last_ts: u64| {
			DataAnchoring::anchor_aggregate(
				RuntimeOrigin::signed(key.account()),
				gateway.clone(),
				0,
				digest(0),
				leaf_count,
				first_ts,
				last_ts,
				None,
			)
		};
		assert_noop!(attempt(0, 0, 0), Error::<Test>::EmptyBatch);
		assert_noop!(attempt(MAX_LEAVES + 1, 0, 0), Error::<Test>::BatchTooLarge);
		assert_noop!(attempt(2, 2, 1), Error::<Test>::InvalidTimeRange);
		assert_ok!(attempt(MAX_LEAVES, 1, 1));
	});
}

#[test]
fn an_aggregate_weighs_the_same_whatever_its_size() {
	build_and_execute(|| {
		let gateway = AccountId32::new([9; 32]);
		let call = |leaf_count| Call::<Test>::anchor_aggregate {
			gateway: gateway.clone(),
			seq: 0,
			root: digest(0),
			leaf_count,
			first_ts: 0,
			last_ts: 0,
			signature: None,
		};
		assert_eq!(
			call(1).get_dispatch_info().call_weight,
			call(MAX_LEAVES).get_dispatch_info().call_weight
		);
	});
}

// ---- proving an envelope from an aggregate ----

#[test]
fn every_envelope_of_an_aggregate_is_proven_with_its_devices_key() {
	build_and_execute(|| {
		let (gw_key, gateway) = gateway(TestKey::sr25519(9));
		let devices = [
			active_device(TestKey::sr25519(1)),
			active_device(TestKey::ed25519(2)),
			active_device(TestKey::ecdsa(3)),
		];
		let envelopes: Vec<_> = (0..7u64)
			.map(|i| {
				let (key, id) = &devices[(i % 3) as usize];
				envelope(key, id, i / 3, START - 1_000 + i, &i.to_le_bytes())
			})
			.collect();
		let leaves = anchor_envelopes(&gw_key, &gateway, 0, &envelopes);

		for (index, envelope) in envelopes.iter().enumerate() {
			let (key, id) = &devices[index % 3];
			assert_eq!(
				DataAnchoring::verify_reading_envelope(
					&gateway,
					0,
					envelope,
					index as u32,
					&proof_of(&leaves, index as u32)
				),
				proven(&gateway, 0, 7, id, DeviceSignature::Valid { key: key.public() })
			);
		}
	});
}

#[test]
fn an_altered_or_misplaced_envelope_is_not_proven() {
	build_and_execute(|| {
		let (gw_key, gateway) = gateway(TestKey::sr25519(9));
		let (key, device) = active_device(TestKey::ed25519(1));
		let envelopes: Vec<_> =
			(0..5).map(|seq| envelope(&key, &device, seq, START, &[seq as u8])).collect();
		let leaves = anchor_envelopes(&gw_key, &gateway, 0, &envelopes);
		let proof = proof_of(&leaves, 2);
		let verify = |envelope: &ReadingEnvelope<AccountId32>, seq, index, proof: &[H256]| {
			DataAnchoring::verify_reading_envelope(&gateway, seq, envelope, index, proof)
		};

		let mut altered = envelopes[2].clone();
		altered.payload_digest.0[31] ^= 1;
		assert_eq!(verify(&altered, 0, 2, &proof), ReadingVerdict::NotProven(NotProven::Mismatch));
		let mut later = envelopes[2].clone();
		later.timestamp += 1;
		assert_eq!(verify(&later, 0, 2, &proof), ReadingVerdict::NotProven(NotProven::Mismatch));
		assert_eq!(
			verify(&envelopes[2], 0, 3, &proof),
			ReadingVerdict::NotProven(NotProven::Mismatch)
		);
		assert_eq!(
			verify(&envelopes[2], 0, 5, &proof),
			ReadingVerdict::NotProven(NotProven::LeafIndexOutOfRange)
		);
		assert_eq!(
			verify(&envelopes[2], 0, 2, &proof[1..]),
			ReadingVerdict::NotProven(NotProven::WrongProofLength)
		);
		// Another aggregate of the same gateway does not hold it, and a number never anchored
		// is no aggregate at all.
		let others = anchor_envelopes(&gw_key, &gateway, 1, &envelopes[3..]);
		assert_eq!(
			verify(&envelopes[2], 1, 0, &proof_of(&others, 0)),
			ReadingVerdict::NotProven(NotProven::Mismatch)
		);
		assert_eq!(
			verify(&envelopes[2], 2, 2, &proof),
			ReadingVerdict::NotProven(NotProven::UnknownAnchor)
		);
	});
}

#[test]
fn an_envelope_is_proven_only_against_an_aggregate() {
	build_and_execute(|| {
		let (key, device) = active_device(TestKey::sr25519(1));
		let signed = envelope(&key, &device, 0, START, b"1");
		// The device anchors the envelope's leaf as its own single reading: not an aggregate.
		assert_ok!(DataAnchoring::anchor(
			RuntimeOrigin::signed(key.account()),
			device.clone(),
			0,
			signed.leaf(),
			None
		));
		assert_eq!(
			DataAnchoring::verify_reading_envelope(&device, 0, &signed, 0, &[]),
			ReadingVerdict::NotProven(NotProven::NotAnAggregate)
		);
	});
}

#[test]
fn a_forged_envelope_in_an_aggregate_is_proven_there_but_not_signed_by_its_device() {
	build_and_execute(|| {
		let (gw_key, gateway) = gateway(TestKey::sr25519(9));
		let (key, device) = active_device(TestKey::sr25519(1));
		let forger = TestKey::sr25519(66);
		let genuine = envelope(&key, &device, 0, START, b"21.5");
		// The gateway invents a reading in the device's name, signed by a key of its own.
		let forged = envelope(&forger, &device, 1, START, b"99.9");
		let stranger = AccountId32::new([0x77; 32]);
		let unregistered = envelope(&forger, &stranger, 0, START, b"1");
		let envelopes = [genuine.clone(), forged.clone(), unregistered.clone()];
		let leaves = anchor_envelopes(&gw_key, &gateway, 0, &envelopes);

		assert_eq!(
			DataAnchoring::verify_reading_envelope(&gateway, 0, &forged, 1, &proof_of(&leaves, 1)),
			proven(&gateway, 0, 3, &device, DeviceSignature::Invalid { key: key.public() })
		);
		assert_eq!(
			DataAnchoring::verify_reading_envelope(
				&gateway,
				0,
				&unregistered,
				2,
				&proof_of(&leaves, 2)
			),
			proven(&gateway, 0, 3, &stranger, DeviceSignature::UnknownDevice)
		);
		assert_eq!(
			DataAnchoring::verify_reading_envelope(&gateway, 0, &genuine, 0, &proof_of(&leaves, 0)),
			proven(&gateway, 0, 3, &device, DeviceSignature::Valid { key: key.public() })
		);
	});
}

#[test]
fn a_reading_stays_verifiable_after_its_device_rotates_or_is_revoked() {
	build_and_execute(|| {
		let (gw_key, gateway) = gateway(TestKey::sr25519(9));
		let (old, device) = active_device(TestKey::sr25519(1));
		let before = envelope(&old, &device, 0, START, b"before");
		let leaves = anchor_envelopes(&gw_key, &gateway, 0, std::slice::from_ref(&before));

		System::set_block_number(2);
		let new = TestKey::ed25519(2);
		MockDevices::rotate(&device, new.public());
		let at_block_one = |signature| {
			ReadingVerdict::Proven(ProvenReading {
				gateway: gateway.clone(),
				aggregate_seq: 0,
				block: 1,
				moment: START,
				leaf_count: 1,
				device: device.clone(),
				device_signature: signature,
			})
		};
		assert_eq!(
			DataAnchoring::verify_reading_envelope(&gateway, 0, &before, 0, &proof_of(&leaves, 0)),
			at_block_one(DeviceSignature::Valid { key: old.public() })
		);

		// A reading signed with the key rotated away from, anchored after the rotation: the
		// rotation shut that key out, so the device does not vouch for it.
		System::set_block_number(3);
		let stale = envelope(&old, &device, 1, START, b"after");
		let fresh = envelope(&new, &device, 2, START, b"after");
		let leaves = anchor_envelopes(&gw_key, &gateway, 1, &[stale.clone(), fresh.clone()]);
		assert_eq!(
			DataAnchoring::verify_reading_envelope(&gateway, 1, &stale, 0, &proof_of(&leaves, 0)),
			proven(&gateway, 1, 2, &device, DeviceSignature::Invalid { key: new.public() })
		);
		assert_eq!(
			DataAnchoring::verify_reading_envelope(&gateway, 1, &fresh, 1, &proof_of(&leaves, 1)),
			proven(&gateway, 1, 2, &device, DeviceSignature::Valid { key: new.public() })
		);

		MockDevices::set_status(&device, DeviceStatus::Revoked);
		MockDevices::set_status(&gateway, DeviceStatus::Revoked);
		// A one-leaf aggregate's proof is empty.
		assert_eq!(
			DataAnchoring::verify_reading_envelope(&gateway, 0, &before, 0, &[]),
			at_block_one(DeviceSignature::Valid { key: old.public() })
		);
	});
}
