//! One test per behaviour of the device registry. Every test ends by checking the pallet's
//! invariants (`ExtBuilder::build_and_execute`).

// A panic in a test is a failed test.
#![allow(
	clippy::unwrap_used,
	clippy::expect_used,
	clippy::indexing_slicing,
	clippy::arithmetic_side_effects
)]

use crate::{mock::*, *};

use codec::Decode;
use codec::{Encode, MaxEncodedLen};
use frame_support::traits::Get;
use frame_support::{
	assert_noop, assert_ok,
	dispatch::GetDispatchInfo,
	traits::{
		fungible::{InspectHold, Mutate},
		GetStorageVersion, Hooks,
	},
};
use iotchain_primitives::{
	domain, signed_payload, verify_signature, ActiveDevice, DeviceLookup as _,
};
use sp_core::{ecdsa, ed25519, sr25519, H256};
use sp_runtime::{AccountId32, DispatchError, MultiSignature, MultiSigner, TokenError};

type Registry = crate::Pallet<Test>;

fn held(who: &AccountId32) -> Balance {
	Balances::balance_on_hold(&HoldReason::DeviceDeposit.into(), who)
}

fn free(who: &AccountId32) -> Balance {
	Balances::free_balance(who)
}

fn signed(who: &AccountId32) -> RuntimeOrigin {
	RuntimeOrigin::signed(who.clone())
}

fn hex(bytes: &[u8]) -> String {
	bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

fn genesis() -> H256 {
	System::block_hash(0)
}

/// Registers `device` for `owner` and returns its id.
fn register(owner: &AccountId32, device: &TestKey) -> AccountId32 {
	assert_ok!(Registry::register_device(signed(owner), registration(owner, device)));
	device.account()
}

fn record(device: &AccountId32) -> DeviceRecord<Test> {
	Devices::<Test>::get(device).expect("the device is registered")
}

/// Bob accepts `device` with the witness of its current state: its key and its deposit.
fn accept(who: &AccountId32, device: &AccountId32) -> sp_runtime::DispatchResult {
	let record = record(device);
	Registry::accept_transfer(signed(who), device.clone(), record.key.into(), record.deposit)
}

// ---- The proof-of-possession payloads ----

#[test]
fn registration_payload_matches_the_documented_bytes() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(genesis(), H256::repeat_byte(0x45));
		let owner = AccountId32::new([0x11; 32]);
		let key = MultiSigner::Sr25519(sp_core::sr25519::Public::from_raw([0x22; 32]));

		let payload = Registry::registration_payload(&owner, &key);

		let mut expected = vec![0x44];
		expected.extend_from_slice(b"iotchain/register");
		expected.extend_from_slice(&[0x45; 32]);
		expected.extend_from_slice(&[0x11; 32]);
		expected.push(0x01);
		expected.extend_from_slice(&[0x22; 32]);
		assert_eq!(payload.len(), 115);
		assert_eq!(payload, expected);
	});
}

#[test]
fn ed25519_registration_proof_matches_the_documented_example() {
	ExtBuilder::default().build_and_execute(|| {
		let owner = AccountId32::new([0x11; 32]);
		let device = TestKey::ed25519(0x01);
		let MultiSigner::Ed25519(public) = device.public() else { unreachable!() };
		let proof = device.registration_proof(&owner);
		let sp_runtime::MultiSignature::Ed25519(signature) = &proof else { unreachable!() };

		assert_eq!(
			hex(&public.0),
			"8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c"
		);
		assert_eq!(
			hex(&signature.0),
			concat!(
				"618c13246d9806c8d3497c907e66356a8b5b6b70888fddcb0335eb88698dbe77",
				"13dbda01ebc12e96d6952ca29a67ef7e59c2c64ed651c8f0de1bac40309be303"
			)
		);
	});
}

#[test]
fn rotation_payload_is_tag_genesis_device_old_key_new_key() {
	ExtBuilder::default().build_and_execute(|| {
		let device = AccountId32::new([0x33; 32]);
		let old_key = MultiSigner::Ed25519(sp_core::ed25519::Public::from_raw([0x44; 32]));
		let new_key = MultiSigner::Ecdsa(ecdsa::Public::from_raw([0x55; 33]));

		let payload = Registry::rotation_payload(&device, &old_key, &new_key);

		let mut expected = vec![0x3c];
		expected.extend_from_slice(b"iotchain/rotate");
		expected.extend_from_slice(&[0x45; 32]);
		expected.extend_from_slice(&[0x33; 32]);
		expected.push(0x00);
		expected.extend_from_slice(&[0x44; 32]);
		expected.push(0x02);
		expected.extend_from_slice(&[0x55; 33]);
		assert_eq!(payload, expected);
	});
}

#[test]
fn device_key_encodes_like_multisigner_within_its_bound() {
	for device in [TestKey::sr25519(1), TestKey::ed25519(2), TestKey::ecdsa(3)] {
		let signer = device.public();
		let key = DeviceKey::try_from(signer.clone()).unwrap();
		assert_eq!(key.encode(), signer.encode());
		assert!(key.encode().len() <= DeviceKey::max_encoded_len());
		assert_eq!(MultiSigner::from(key), signer);
	}
	assert_eq!(DeviceKey::max_encoded_len(), 34);
}

// ---- register_device ----

#[test]
fn register_device_stores_the_record_and_indexes_and_holds_the_deposit() {
	ExtBuilder::default().build_and_execute(|| {
		let device = TestKey::sr25519(10);

		assert_ok!(Registry::register_device(signed(&ALICE), registration(&ALICE, &device)));

		let id = device.account();
		let record = record(&id);
		assert_eq!(record.owner, ALICE);
		assert_eq!(MultiSigner::from(record.key.clone()), device.public());
		assert_eq!(record.status, DeviceStatus::Active);
		assert_eq!(record.kind, DeviceKind::Sensor);
		assert_eq!(record.manufacturer.to_vec(), MANUFACTURER.to_vec());
		assert_eq!(record.model.to_vec(), MODEL.to_vec());
		assert_eq!(record.metadata.to_vec(), METADATA.to_vec());
		assert_eq!(record.content_hash, Some(H256::repeat_byte(9)));
		assert_eq!(record.registered_at, 1);
		assert_eq!(record.deposit, standard_deposit());
		assert_eq!(DeviceByKey::<Test>::get(&record.key), Some(id.clone()));
		assert!(DevicesByOwner::<Test>::contains_key(&ALICE, &id));
		assert_eq!(held(&ALICE), standard_deposit());
		assert_eq!(free(&ALICE), INITIAL_BALANCE - standard_deposit() - RECORD_FEE);
		System::assert_last_event(
			Event::DeviceRegistered {
				device: id,
				owner: ALICE,
				key: device.public(),
				kind: DeviceKind::Sensor,
				deposit: standard_deposit(),
				record_fee: RECORD_FEE,
			}
			.into(),
		);
	});
}

#[test]
fn deposit_is_base_plus_per_byte_of_manufacturer_model_and_metadata() {
	ExtBuilder::default().build_and_execute(|| {
		let device = TestKey::sr25519(10);
		let mut full = registration(&ALICE, &device);
		full.manufacturer = bounded(&[b'm'; MAX_NAME_LEN as usize]);
		full.model = bounded(&[b'n'; MAX_NAME_LEN as usize]);
		full.metadata = bounded(&[b'x'; MAX_METADATA_LEN as usize]);

		assert_ok!(Registry::register_device(signed(&ALICE), full));

		let bytes = Balance::from(2 * MAX_NAME_LEN + MAX_METADATA_LEN);
		assert_eq!(record(&device.account()).deposit, DEPOSIT_BASE + DEPOSIT_PER_BYTE * bytes);
		assert_eq!(held(&ALICE), DEPOSIT_BASE + DEPOSIT_PER_BYTE * bytes);
	});
}

#[test]
fn register_device_accepts_an_ed25519_key() {
	ExtBuilder::default().build_and_execute(|| {
		let device = TestKey::ed25519(11);
		let id = register(&ALICE, &device);
		assert!(matches!(record(&id).key, DeviceKey::Ed25519(_)));
		assert_eq!(Registry::device_by_key(&device.public()).map(|view| view.id), Some(id));
	});
}

#[test]
fn register_device_accepts_an_ecdsa_key() {
	ExtBuilder::default().build_and_execute(|| {
		let device = TestKey::ecdsa(12);
		let id = register(&ALICE, &device);
		let MultiSigner::Ecdsa(public) = device.public() else { unreachable!() };
		assert_eq!(id, AccountId32::new(sp_io::hashing::blake2_256(&public.0)));
		assert!(matches!(record(&id).key, DeviceKey::Ecdsa(_)));
	});
}

#[test]
fn register_device_rejects_a_forged_proof() {
	ExtBuilder::default().build_and_execute(|| {
		let device = TestKey::sr25519(10);
		let forger = TestKey::sr25519(66);
		let mut forged = registration(&ALICE, &device);
		forged.proof = forger.sign(&Registry::registration_payload(&ALICE, &device.public()));

		assert_noop!(
			Registry::register_device(signed(&ALICE), forged),
			Error::<Test>::InvalidProof
		);
	});
}

#[test]
fn register_device_rejects_a_proof_made_for_another_owner() {
	ExtBuilder::default().build_and_execute(|| {
		let device = TestKey::sr25519(10);
		let for_bob = registration(&BOB, &device);

		assert_noop!(
			Registry::register_device(signed(&ALICE), for_bob),
			Error::<Test>::InvalidProof
		);
	});
}

#[test]
fn register_device_rejects_a_proof_with_another_domain_tag() {
	ExtBuilder::default().build_and_execute(|| {
		let device = TestKey::sr25519(10);
		let mut wrong_tag = registration(&ALICE, &device);
		wrong_tag.proof =
			device.sign(&signed_payload(domain::ANCHOR, &genesis(), &(&ALICE, device.public())));

		assert_noop!(
			Registry::register_device(signed(&ALICE), wrong_tag),
			Error::<Test>::InvalidProof
		);
	});
}

#[test]
fn register_device_rejects_a_proof_made_for_another_chain() {
	ExtBuilder::default().build_and_execute(|| {
		let device = TestKey::sr25519(10);
		let mut other_chain = registration(&ALICE, &device);
		other_chain.proof = device.sign(&signed_payload(
			domain::REGISTER,
			&H256::repeat_byte(1),
			&(&ALICE, device.public()),
		));

		assert_noop!(
			Registry::register_device(signed(&ALICE), other_chain),
			Error::<Test>::InvalidProof
		);
	});
}

#[test]
fn register_device_rejects_a_key_already_registered() {
	ExtBuilder::default().build_and_execute(|| {
		let device = TestKey::sr25519(10);
		register(&ALICE, &device);

		assert_noop!(
			Registry::register_device(signed(&BOB), registration(&BOB, &device)),
			Error::<Test>::KeyAlreadyRegistered
		);
	});
}

#[test]
fn register_device_rejects_the_id_of_a_device_whose_key_was_rotated() {
	ExtBuilder::default().build_and_execute(|| {
		let original = TestKey::sr25519(10);
		let id = register(&ALICE, &original);
		let replacement = TestKey::sr25519(11);
		assert_ok!(Registry::rotate_key(
			signed(&ALICE),
			id.clone(),
			replacement.public(),
			replacement.rotation_proof(&id, &original.public()),
		));

		assert_noop!(
			Registry::register_device(signed(&BOB), registration(&BOB, &original)),
			Error::<Test>::DeviceAlreadyExists
		);
	});
}

#[test]
fn revoked_device_id_cannot_be_registered_again() {
	ExtBuilder::default().build_and_execute(|| {
		let device = TestKey::sr25519(10);
		let id = register(&ALICE, &device);
		assert_ok!(Registry::revoke(signed(&ALICE), id));

		assert_noop!(
			Registry::register_device(signed(&ALICE), registration(&ALICE, &device)),
			Error::<Test>::DeviceRevoked
		);
	});
}

/// The bytes of a `register_device` call whose registration has the given text fields, encoded
/// as plain byte vectors (which is how a client that ignores the bounds would send them).
fn register_device_call_bytes(
	registration: &DeviceRegistration<Test>,
	manufacturer: Vec<u8>,
	model: Vec<u8>,
	metadata: Vec<u8>,
) -> Vec<u8> {
	let valid = RuntimeCall::DeviceRegistry(crate::Call::register_device {
		registration: registration.clone(),
	})
	.encode();
	// Pallet index, call index, then the registration's key, proof and kind.
	let prefix = 2 + registration.key.encoded_size() + registration.proof.encoded_size() + 1;
	let mut bytes = valid[..prefix].to_vec();
	(manufacturer, model, metadata, Some(H256::repeat_byte(9))).encode_to(&mut bytes);
	bytes
}

#[test]
fn register_device_with_fields_within_their_bounds_decodes_like_plain_bytes() {
	ExtBuilder::default().build_and_execute(|| {
		let registration = registration(&ALICE, &TestKey::sr25519(10));
		let bytes = register_device_call_bytes(
			&registration,
			MANUFACTURER.to_vec(),
			MODEL.to_vec(),
			METADATA.to_vec(),
		);

		assert_eq!(
			RuntimeCall::decode(&mut &bytes[..]).ok(),
			Some(RuntimeCall::DeviceRegistry(crate::Call::register_device { registration }))
		);
	});
}

#[test]
fn register_device_with_an_over_long_field_fails_to_decode() {
	ExtBuilder::default().build_and_execute(|| {
		let device = registration(&ALICE, &TestKey::sr25519(10));
		let name = MANUFACTURER.to_vec();
		let metadata = METADATA.to_vec();
		let too_long_name = vec![b'm'; MAX_NAME_LEN as usize + 1];
		let too_long_metadata = vec![b'x'; MAX_METADATA_LEN as usize + 1];

		for bytes in [
			register_device_call_bytes(
				&device,
				too_long_name.clone(),
				name.clone(),
				metadata.clone(),
			),
			register_device_call_bytes(&device, name.clone(), too_long_name, metadata),
			register_device_call_bytes(&device, name.clone(), name, too_long_metadata),
		] {
			assert!(RuntimeCall::decode(&mut &bytes[..]).is_err());
		}
	});
}

#[test]
fn register_device_rejects_an_ethereum_style_key() {
	ExtBuilder::default().build_and_execute(|| {
		let device = TestKey::ecdsa(12);
		let mut eth = registration(&ALICE, &device);
		let MultiSigner::Ecdsa(public) = device.public() else { unreachable!() };
		eth.key = MultiSigner::Eth(ecdsa::KeccakPublic::from_raw(public.0));

		assert_noop!(
			Registry::register_device(signed(&ALICE), eth),
			Error::<Test>::UnsupportedKeyType
		);
	});
}

#[test]
fn register_device_fails_when_the_owner_cannot_pay_the_deposit() {
	ExtBuilder::default().build_and_execute(|| {
		let device = TestKey::sr25519(10);

		assert_noop!(
			Registry::register_device(signed(&POOR), registration(&POOR, &device)),
			DispatchError::Token(TokenError::FundsUnavailable)
		);
	});
}

#[test]
fn register_device_needs_a_signed_origin() {
	ExtBuilder::default().build_and_execute(|| {
		let device = TestKey::sr25519(10);

		assert_noop!(
			Registry::register_device(RuntimeOrigin::root(), registration(&ALICE, &device)),
			DispatchError::BadOrigin
		);
	});
}

// ---- register_devices ----

#[test]
fn register_devices_registers_every_device_of_the_batch() {
	ExtBuilder::default().build_and_execute(|| {
		let devices = [TestKey::sr25519(10), TestKey::ed25519(11), TestKey::ecdsa(12)];
		let registrations =
			batch(devices.iter().map(|device| registration(&ALICE, device)).collect());

		assert_ok!(Registry::register_devices(signed(&ALICE), registrations));

		for device in &devices {
			assert_eq!(record(&device.account()).owner, ALICE);
			System::assert_has_event(
				Event::DeviceRegistered {
					device: device.account(),
					owner: ALICE,
					key: device.public(),
					kind: DeviceKind::Sensor,
					deposit: standard_deposit(),
					record_fee: RECORD_FEE,
				}
				.into(),
			);
		}
		assert_eq!(held(&ALICE), 3 * standard_deposit());
		assert_eq!(free(&ALICE), INITIAL_BALANCE - 3 * (standard_deposit() + RECORD_FEE));
	});
}

#[test]
fn register_devices_registers_nothing_if_one_proof_is_bad() {
	ExtBuilder::default().build_and_execute(|| {
		let good = TestKey::sr25519(10);
		let bad = TestKey::sr25519(11);
		let mut forged = registration(&ALICE, &bad);
		forged.proof = good.sign(&Registry::registration_payload(&ALICE, &bad.public()));

		assert_noop!(
			Registry::register_devices(
				signed(&ALICE),
				batch(vec![registration(&ALICE, &good), forged])
			),
			Error::<Test>::InvalidProof
		);
		assert!(Devices::<Test>::get(good.account()).is_none());
		assert_eq!(held(&ALICE), 0);
	});
}

#[test]
fn do_register_devices_is_all_or_nothing_for_other_callers_too() {
	ExtBuilder::default().build_and_execute(|| {
		let good = TestKey::sr25519(10);
		let mut bad = registration(&ALICE, &TestKey::sr25519(11));
		bad.proof = good.registration_proof(&ALICE);

		assert_eq!(
			Registry::do_register_devices(&ALICE, batch(vec![registration(&ALICE, &good), bad])),
			Err(Error::<Test>::InvalidProof.into())
		);
		assert!(Devices::<Test>::get(good.account()).is_none());
		assert_eq!(held(&ALICE), 0);
	});
}

#[test]
fn register_devices_rejects_the_same_key_twice_in_a_batch() {
	ExtBuilder::default().build_and_execute(|| {
		let device = TestKey::sr25519(10);

		assert_noop!(
			Registry::register_devices(
				signed(&ALICE),
				batch(vec![registration(&ALICE, &device), registration(&ALICE, &device)])
			),
			Error::<Test>::KeyAlreadyRegistered
		);
	});
}

#[test]
fn register_devices_rejects_an_empty_batch() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Registry::register_devices(signed(&ALICE), batch(vec![])),
			Error::<Test>::EmptyBatch
		);
	});
}

#[test]
fn register_devices_with_a_batch_over_the_limit_fails_to_decode() {
	ExtBuilder::default().build_and_execute(|| {
		let registrations: Vec<_> = (0..=MAX_BATCH as u8)
			.map(|seed| registration(&ALICE, &TestKey::sr25519(10 + seed)))
			.collect();
		let full = batch(registrations[..MAX_BATCH as usize].to_vec());
		let full_call =
			RuntimeCall::DeviceRegistry(crate::Call::register_devices { registrations: full });
		// Pallet index, call index, then the batch as a SCALE vector.
		let mut over_long = full_call.encode()[..2].to_vec();
		registrations.encode_to(&mut over_long);

		assert_eq!(RuntimeCall::decode(&mut &full_call.encode()[..]).ok(), Some(full_call));
		assert!(RuntimeCall::decode(&mut &over_long[..]).is_err());
	});
}

#[test]
fn register_devices_is_weighed_for_its_batch() {
	ExtBuilder::default().build_and_execute(|| {
		let one = registration(&ALICE, &TestKey::sr25519(10));
		let weight_of = |len: usize| {
			crate::Call::<Test>::register_devices { registrations: batch(vec![one.clone(); len]) }
				.get_dispatch_info()
				.call_weight
		};

		assert_eq!(weight_of(2), <() as WeightInfo>::register_devices(2));
		assert_eq!(weight_of(MAX_BATCH as usize), <() as WeightInfo>::register_devices(MAX_BATCH));
	});
}

// ---- update_metadata ----

#[test]
fn update_metadata_replaces_metadata_and_holds_more_for_more_bytes() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(&ALICE, &TestKey::sr25519(10));
		let longer = vec![b'y'; METADATA.len() + 10];

		assert_ok!(Registry::update_metadata(
			signed(&ALICE),
			id.clone(),
			bounded(&longer),
			Some(H256::repeat_byte(3))
		));

		let deposit = standard_deposit() + 10 * DEPOSIT_PER_BYTE;
		assert_eq!(record(&id).metadata.to_vec(), longer);
		assert_eq!(record(&id).content_hash, Some(H256::repeat_byte(3)));
		assert_eq!(record(&id).deposit, deposit);
		assert_eq!(held(&ALICE), deposit);
		assert_eq!(free(&ALICE), INITIAL_BALANCE - deposit - RECORD_FEE);
		System::assert_last_event(
			Event::MetadataUpdated {
				device: id,
				metadata: longer.try_into().unwrap(),
				content_hash: Some(H256::repeat_byte(3)),
				deposit,
			}
			.into(),
		);
	});
}

#[test]
fn update_metadata_releases_what_fewer_bytes_no_longer_need() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(&ALICE, &TestKey::sr25519(10));

		assert_ok!(Registry::update_metadata(signed(&ALICE), id.clone(), bounded(&[]), None));

		let deposit = standard_deposit() - METADATA.len() as Balance * DEPOSIT_PER_BYTE;
		assert_eq!(record(&id).deposit, deposit);
		assert_eq!(record(&id).content_hash, None);
		assert_eq!(held(&ALICE), deposit);
		assert_eq!(free(&ALICE), INITIAL_BALANCE - deposit - RECORD_FEE);
	});
}

#[test]
fn update_metadata_with_over_long_metadata_fails_to_decode() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(&ALICE, &TestKey::sr25519(10));
		let call_with = |metadata: Vec<u8>| {
			// Pallet index, call index, then the arguments, metadata as plain bytes.
			let mut bytes = RuntimeCall::DeviceRegistry(crate::Call::update_metadata {
				device: id.clone(),
				metadata: bounded(&[]),
				content_hash: None,
			})
			.encode()[..2]
				.to_vec();
			(id.clone(), metadata, None::<H256>).encode_to(&mut bytes);
			bytes
		};

		let longest = call_with(vec![b'x'; MAX_METADATA_LEN as usize]);
		let too_long = call_with(vec![b'x'; MAX_METADATA_LEN as usize + 1]);

		assert!(RuntimeCall::decode(&mut &longest[..]).is_ok());
		assert!(RuntimeCall::decode(&mut &too_long[..]).is_err());
	});
}

#[test]
fn update_metadata_fails_when_the_owner_cannot_pay_the_larger_deposit() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(&ALICE, &TestKey::sr25519(10));
		assert_eq!(<Balances as Mutate<_>>::set_balance(&ALICE, 10), 10);

		assert_noop!(
			Registry::update_metadata(
				signed(&ALICE),
				id,
				bounded(&[b'x'; MAX_METADATA_LEN as usize]),
				None
			),
			DispatchError::Token(TokenError::FundsUnavailable)
		);
	});
}

#[test]
fn calls_on_an_unknown_device_fail_with_unknown_device() {
	ExtBuilder::default().build_and_execute(|| {
		let unknown = TestKey::sr25519(99).account();

		assert_noop!(
			Registry::update_metadata(signed(&ALICE), unknown.clone(), bounded(&[]), None),
			Error::<Test>::UnknownDevice
		);
		assert_noop!(
			Registry::suspend(signed(&ALICE), unknown.clone()),
			Error::<Test>::UnknownDevice
		);
		assert_noop!(
			Registry::revoke(signed(&ALICE), unknown.clone()),
			Error::<Test>::UnknownDevice
		);
		assert_noop!(
			Registry::certify(signed(&LAB), unknown, H256::repeat_byte(1), 100),
			Error::<Test>::UnknownDevice
		);
	});
}

// ---- Who may change a device ----

#[test]
fn owner_only_calls_reject_everyone_else_operators_included() {
	ExtBuilder::default().build_and_execute(|| {
		let device = TestKey::sr25519(10);
		let id = register(&ALICE, &device);
		assert_ok!(Registry::add_operator(signed(&ALICE), id.clone(), BOB));
		assert_ok!(Registry::offer_transfer(signed(&ALICE), id.clone(), BOB));
		let new_key = TestKey::sr25519(11);

		for stranger in [EVE, BOB] {
			let origin = || signed(&stranger);
			assert_noop!(
				Registry::update_metadata(origin(), id.clone(), bounded(&[]), None),
				Error::<Test>::NotOwner
			);
			assert_noop!(Registry::suspend(origin(), id.clone()), Error::<Test>::NotOwner);
			assert_noop!(Registry::resume(origin(), id.clone()), Error::<Test>::NotOwner);
			assert_noop!(Registry::revoke(origin(), id.clone()), Error::<Test>::NotOwner);
			assert_noop!(
				Registry::rotate_key(
					origin(),
					id.clone(),
					new_key.public(),
					new_key.rotation_proof(&id, &device.public())
				),
				Error::<Test>::NotOwner
			);
			assert_noop!(
				Registry::add_operator(origin(), id.clone(), EVE),
				Error::<Test>::NotOwner
			);
			assert_noop!(
				Registry::remove_operator(origin(), id.clone(), BOB),
				Error::<Test>::NotOwner
			);
			assert_noop!(
				Registry::offer_transfer(origin(), id.clone(), EVE),
				Error::<Test>::NotOwner
			);
			assert_noop!(Registry::cancel_transfer(origin(), id.clone()), Error::<Test>::NotOwner);
		}
	});
}

// ---- suspend / resume ----

#[test]
fn suspend_makes_an_active_device_inactive() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(&ALICE, &TestKey::sr25519(10));

		assert_ok!(Registry::suspend(signed(&ALICE), id.clone()));

		assert_eq!(record(&id).status, DeviceStatus::Suspended);
		assert!(!Registry::is_active(&id));
		System::assert_last_event(Event::DeviceSuspended { device: id }.into());
	});
}

#[test]
fn suspend_rejects_a_suspended_device() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(&ALICE, &TestKey::sr25519(10));
		assert_ok!(Registry::suspend(signed(&ALICE), id.clone()));

		assert_noop!(Registry::suspend(signed(&ALICE), id), Error::<Test>::NotActive);
	});
}

#[test]
fn resume_makes_a_suspended_device_active_again() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(&ALICE, &TestKey::sr25519(10));
		assert_ok!(Registry::suspend(signed(&ALICE), id.clone()));

		assert_ok!(Registry::resume(signed(&ALICE), id.clone()));

		assert_eq!(record(&id).status, DeviceStatus::Active);
		assert!(Registry::is_active(&id));
		System::assert_last_event(Event::DeviceResumed { device: id }.into());
	});
}

#[test]
fn resume_rejects_an_active_device() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(&ALICE, &TestKey::sr25519(10));

		assert_noop!(Registry::resume(signed(&ALICE), id), Error::<Test>::NotSuspended);
	});
}

// ---- revoke ----

#[test]
fn revoke_returns_the_deposit_and_keeps_a_minimal_record_bound_to_its_last_key() {
	ExtBuilder::default().build_and_execute(|| {
		let device = TestKey::sr25519(10);
		let id = register(&ALICE, &device);
		let key = record(&id).key;

		assert_ok!(Registry::revoke(signed(&ALICE), id.clone()));

		let revoked = record(&id);
		assert_eq!(revoked.status, DeviceStatus::Revoked);
		assert_eq!(revoked.owner, ALICE);
		assert_eq!(revoked.key, key);
		assert!(revoked.manufacturer.is_empty() && revoked.model.is_empty());
		assert!(revoked.metadata.is_empty() && revoked.content_hash.is_none());
		assert_eq!(revoked.deposit, 0);
		assert_eq!(DeviceByKey::<Test>::get(&key), Some(id.clone()));
		assert!(!DevicesByOwner::<Test>::contains_key(&ALICE, &id));
		assert_eq!(held(&ALICE), 0);
		assert_eq!(free(&ALICE), INITIAL_BALANCE - RECORD_FEE, "the record fee is not refunded");
		System::assert_last_event(
			Event::DeviceRevoked { device: id, owner: ALICE, deposit_released: standard_deposit() }
				.into(),
		);
	});
}

#[test]
fn revoke_removes_operators_certifications_and_a_pending_transfer() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(&ALICE, &TestKey::sr25519(10));
		assert_ok!(Registry::add_operator(signed(&ALICE), id.clone(), EVE));
		assert_ok!(Registry::offer_transfer(signed(&ALICE), id.clone(), BOB));
		assert_ok!(Registry::certify(signed(&LAB), id.clone(), H256::repeat_byte(1), 100));

		assert_ok!(Registry::revoke(signed(&ALICE), id.clone()));

		assert!(!Operators::<Test>::contains_key(&id));
		assert!(!PendingTransfers::<Test>::contains_key(&id));
		assert_eq!(Certifications::<Test>::iter_prefix(&id).count(), 0);
		assert_eq!(record(&id).certifications, 0);
		assert_noop!(accept(&BOB, &id), Error::<Test>::NoPendingTransfer);
	});
}

#[test]
fn revoke_refunds_the_weight_of_certifications_it_did_not_remove() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(&ALICE, &TestKey::sr25519(10));
		assert_ok!(Registry::certify(signed(&LAB), id.clone(), H256::repeat_byte(1), 100));

		let post_info = Registry::revoke(signed(&ALICE), id).unwrap();

		assert_eq!(post_info.actual_weight, Some(<() as WeightInfo>::revoke(1)));
	});
}

#[test]
fn a_revoked_device_cannot_be_changed_any_more() {
	ExtBuilder::default().build_and_execute(|| {
		let device = TestKey::sr25519(10);
		let id = register(&ALICE, &device);
		assert_ok!(Registry::revoke(signed(&ALICE), id.clone()));
		let new_key = TestKey::sr25519(11);

		assert_noop!(Registry::revoke(signed(&ALICE), id.clone()), Error::<Test>::DeviceRevoked);
		assert_noop!(Registry::resume(signed(&ALICE), id.clone()), Error::<Test>::DeviceRevoked);
		assert_noop!(
			Registry::update_metadata(signed(&ALICE), id.clone(), bounded(&[]), None),
			Error::<Test>::DeviceRevoked
		);
		assert_noop!(
			Registry::rotate_key(
				signed(&ALICE),
				id.clone(),
				new_key.public(),
				new_key.rotation_proof(&id, &device.public())
			),
			Error::<Test>::DeviceRevoked
		);
		assert_noop!(
			Registry::add_operator(signed(&ALICE), id.clone(), EVE),
			Error::<Test>::DeviceRevoked
		);
		assert_noop!(
			Registry::offer_transfer(signed(&ALICE), id.clone(), BOB),
			Error::<Test>::DeviceRevoked
		);
		assert_noop!(
			Registry::certify(signed(&LAB), id, H256::repeat_byte(1), 100),
			Error::<Test>::DeviceRevoked
		);
	});
}

#[test]
fn a_revoked_devices_last_key_cannot_be_registered_or_rotated_to() {
	ExtBuilder::default().build_and_execute(|| {
		let original = TestKey::sr25519(10);
		let id = register(&ALICE, &original);
		let last_key = TestKey::sr25519(11);
		assert_ok!(Registry::rotate_key(
			signed(&ALICE),
			id.clone(),
			last_key.public(),
			last_key.rotation_proof(&id, &original.public()),
		));
		assert_ok!(Registry::revoke(signed(&ALICE), id.clone()));
		let other = TestKey::sr25519(12);
		let other_id = register(&EVE, &other);

		assert_noop!(
			Registry::register_device(signed(&BOB), registration(&BOB, &last_key)),
			Error::<Test>::KeyRetired
		);
		assert_noop!(
			Registry::rotate_key(
				signed(&EVE),
				other_id.clone(),
				last_key.public(),
				last_key.rotation_proof(&other_id, &other.public()),
			),
			Error::<Test>::KeyRetired
		);
		assert_eq!(
			DeviceByKey::<Test>::get(DeviceKey::try_from(last_key.public()).unwrap()),
			Some(id)
		);
	});
}

#[test]
fn a_key_rotated_away_from_a_live_device_is_free_again() {
	ExtBuilder::default().build_and_execute(|| {
		let original = TestKey::sr25519(10);
		let id = register(&ALICE, &original);
		let replacement = TestKey::sr25519(11);
		assert_ok!(Registry::rotate_key(
			signed(&ALICE),
			id.clone(),
			replacement.public(),
			replacement.rotation_proof(&id, &original.public()),
		));
		let spare = TestKey::sr25519(12);
		let spare_id = register(&BOB, &spare);

		assert_ok!(Registry::rotate_key(
			signed(&BOB),
			spare_id.clone(),
			original.public(),
			original.rotation_proof(&spare_id, &spare.public()),
		));
		assert_eq!(Registry::current_key(&spare_id), Some(original.public()));
	});
}

// ---- rotate_key ----

#[test]
fn rotate_key_replaces_the_key_and_keeps_the_id() {
	ExtBuilder::default().build_and_execute(|| {
		let original = TestKey::sr25519(10);
		let id = register(&ALICE, &original);
		let replacement = TestKey::ed25519(11);

		assert_ok!(Registry::rotate_key(
			signed(&ALICE),
			id.clone(),
			replacement.public(),
			replacement.rotation_proof(&id, &original.public()),
		));

		assert_eq!(Registry::current_key(&id), Some(replacement.public()));
		assert_eq!(
			Registry::device_by_key(&replacement.public()).map(|view| view.id),
			Some(id.clone())
		);
		assert_eq!(Registry::device_by_key(&original.public()), None);
		assert_eq!(held(&ALICE), standard_deposit());
		System::assert_last_event(
			Event::KeyRotated {
				device: id,
				old_key: original.public(),
				new_key: replacement.public(),
				key_history_fee: KEY_HISTORY_FEE,
			}
			.into(),
		);
	});
}

#[test]
fn rotate_key_rejects_a_proof_not_made_by_the_new_key() {
	ExtBuilder::default().build_and_execute(|| {
		let original = TestKey::sr25519(10);
		let id = register(&ALICE, &original);
		let replacement = TestKey::sr25519(11);
		let signed_by_old_key = original.sign(&Registry::rotation_payload(
			&id,
			&original.public(),
			&replacement.public(),
		));

		assert_noop!(
			Registry::rotate_key(signed(&ALICE), id, replacement.public(), signed_by_old_key),
			Error::<Test>::InvalidProof
		);
	});
}

#[test]
fn rotate_key_rejects_a_proof_made_for_another_device() {
	ExtBuilder::default().build_and_execute(|| {
		let first = TestKey::sr25519(10);
		let second = TestKey::sr25519(11);
		let first_id = register(&ALICE, &first);
		let second_id = register(&ALICE, &second);
		let replacement = TestKey::sr25519(12);
		let proof_for_second = replacement.rotation_proof(&second_id, &second.public());

		assert_noop!(
			Registry::rotate_key(signed(&ALICE), first_id, replacement.public(), proof_for_second),
			Error::<Test>::InvalidProof
		);
	});
}

#[test]
fn rotate_key_rejects_a_spent_rotation_proof() {
	ExtBuilder::default().build_and_execute(|| {
		let first = TestKey::sr25519(10);
		let id = register(&ALICE, &first);
		let second = TestKey::sr25519(11);
		let third = TestKey::sr25519(12);
		let first_to_second = second.rotation_proof(&id, &first.public());
		assert_ok!(Registry::rotate_key(
			signed(&ALICE),
			id.clone(),
			second.public(),
			first_to_second.clone()
		));
		assert_ok!(Registry::rotate_key(
			signed(&ALICE),
			id.clone(),
			third.public(),
			third.rotation_proof(&id, &second.public()),
		));

		assert_noop!(
			Registry::rotate_key(signed(&ALICE), id, second.public(), first_to_second),
			Error::<Test>::InvalidProof
		);
	});
}

#[test]
fn rotate_key_rejects_a_key_another_device_holds() {
	ExtBuilder::default().build_and_execute(|| {
		let first = TestKey::sr25519(10);
		let second = TestKey::sr25519(11);
		let id = register(&ALICE, &first);
		register(&BOB, &second);

		assert_noop!(
			Registry::rotate_key(
				signed(&ALICE),
				id.clone(),
				second.public(),
				second.rotation_proof(&id, &first.public())
			),
			Error::<Test>::KeyAlreadyRegistered
		);
	});
}

#[test]
fn rotate_key_rejects_an_ethereum_style_key() {
	ExtBuilder::default().build_and_execute(|| {
		let device = TestKey::sr25519(10);
		let id = register(&ALICE, &device);
		let ecdsa = TestKey::ecdsa(12);
		let MultiSigner::Ecdsa(public) = ecdsa.public() else { unreachable!() };
		let eth = MultiSigner::Eth(ecdsa::KeccakPublic::from_raw(public.0));

		assert_noop!(
			Registry::rotate_key(
				signed(&ALICE),
				id.clone(),
				eth,
				ecdsa.rotation_proof(&id, &device.public())
			),
			Error::<Test>::UnsupportedKeyType
		);
	});
}

// ---- operators ----

#[test]
fn add_operator_lets_the_operator_act_for_the_device() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(&ALICE, &TestKey::sr25519(10));
		assert!(!Registry::can_act_for(&EVE, &id));

		assert_ok!(Registry::add_operator(signed(&ALICE), id.clone(), EVE));

		assert!(Registry::can_act_for(&EVE, &id));
		assert!(Operators::<Test>::get(&id).contains(&EVE));
		System::assert_last_event(Event::OperatorAdded { device: id, operator: EVE }.into());
	});
}

#[test]
fn add_operator_rejects_an_existing_operator() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(&ALICE, &TestKey::sr25519(10));
		assert_ok!(Registry::add_operator(signed(&ALICE), id.clone(), EVE));

		assert_noop!(
			Registry::add_operator(signed(&ALICE), id, EVE),
			Error::<Test>::AlreadyOperator
		);
	});
}

#[test]
fn add_operator_rejects_more_than_max_operators() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(&ALICE, &TestKey::sr25519(10));
		for seed in 0..MAX_OPERATORS as u8 {
			assert_ok!(Registry::add_operator(
				signed(&ALICE),
				id.clone(),
				AccountId32::new([100 + seed; 32])
			));
		}

		assert_noop!(
			Registry::add_operator(signed(&ALICE), id, EVE),
			Error::<Test>::TooManyOperators
		);
	});
}

#[test]
fn remove_operator_stops_the_operator_acting_for_the_device() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(&ALICE, &TestKey::sr25519(10));
		assert_ok!(Registry::add_operator(signed(&ALICE), id.clone(), EVE));

		assert_ok!(Registry::remove_operator(signed(&ALICE), id.clone(), EVE));

		assert!(!Registry::can_act_for(&EVE, &id));
		assert!(!Operators::<Test>::contains_key(&id));
		System::assert_last_event(Event::OperatorRemoved { device: id, operator: EVE }.into());
	});
}

#[test]
fn remove_operator_rejects_an_account_that_is_not_an_operator() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(&ALICE, &TestKey::sr25519(10));

		assert_noop!(
			Registry::remove_operator(signed(&ALICE), id.clone(), EVE),
			Error::<Test>::NotOperator
		);
		assert_ok!(Registry::add_operator(signed(&ALICE), id.clone(), BOB));
		assert_noop!(
			Registry::remove_operator(signed(&ALICE), id, EVE),
			Error::<Test>::NotOperator
		);
	});
}

// ---- transfers ----

#[test]
fn offer_transfer_records_the_offer() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(&ALICE, &TestKey::sr25519(10));

		assert_ok!(Registry::offer_transfer(signed(&ALICE), id.clone(), BOB));

		assert_eq!(PendingTransfers::<Test>::get(&id), Some(BOB));
		System::assert_last_event(
			Event::TransferOffered { device: id, from: ALICE, to: BOB }.into(),
		);
	});
}

#[test]
fn a_new_offer_replaces_the_pending_one() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(&ALICE, &TestKey::sr25519(10));
		assert_ok!(Registry::offer_transfer(signed(&ALICE), id.clone(), BOB));

		assert_ok!(Registry::offer_transfer(signed(&ALICE), id.clone(), EVE));

		assert_noop!(accept(&BOB, &id), Error::<Test>::NotTransferRecipient);
		assert_ok!(accept(&EVE, &id));
	});
}

#[test]
fn offer_transfer_rejects_offering_to_the_owner() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(&ALICE, &TestKey::sr25519(10));

		assert_noop!(
			Registry::offer_transfer(signed(&ALICE), id, ALICE),
			Error::<Test>::TransferToSelf
		);
	});
}

#[test]
fn accept_transfer_moves_ownership_and_the_held_deposit_exactly() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(&ALICE, &TestKey::sr25519(10));
		assert_ok!(Registry::add_operator(signed(&ALICE), id.clone(), EVE));
		assert_ok!(Registry::offer_transfer(signed(&ALICE), id.clone(), BOB));
		let deposit = standard_deposit();
		let alice_free = INITIAL_BALANCE - RECORD_FEE;
		assert_eq!((held(&ALICE), free(&ALICE)), (deposit, alice_free - deposit));

		assert_ok!(accept(&BOB, &id));

		assert_eq!((held(&ALICE), free(&ALICE)), (0, alice_free));
		assert_eq!((held(&BOB), free(&BOB)), (deposit, INITIAL_BALANCE - deposit));
		assert_eq!(record(&id).owner, BOB);
		assert!(DevicesByOwner::<Test>::contains_key(&BOB, &id));
		assert!(!DevicesByOwner::<Test>::contains_key(&ALICE, &id));
		assert!(!PendingTransfers::<Test>::contains_key(&id));
		assert!(!Registry::can_act_for(&EVE, &id), "the old owner's operators are cleared");
		assert!(!Registry::can_act_for(&ALICE, &id));
		assert!(Registry::can_act_for(&BOB, &id));
		System::assert_last_event(
			Event::TransferAccepted { device: id, from: ALICE, to: BOB, deposit }.into(),
		);
	});
}

#[test]
fn accept_transfer_fails_without_an_offer() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(&ALICE, &TestKey::sr25519(10));

		assert_noop!(accept(&BOB, &id), Error::<Test>::NoPendingTransfer);
	});
}

#[test]
fn accept_transfer_fails_for_an_account_the_device_was_not_offered_to() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(&ALICE, &TestKey::sr25519(10));
		assert_ok!(Registry::offer_transfer(signed(&ALICE), id.clone(), BOB));

		assert_noop!(accept(&EVE, &id), Error::<Test>::NotTransferRecipient);
	});
}

#[test]
fn accept_transfer_fails_when_the_recipient_cannot_pay_the_deposit() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(&ALICE, &TestKey::sr25519(10));
		assert_ok!(Registry::offer_transfer(signed(&ALICE), id.clone(), POOR));

		assert_noop!(accept(&POOR, &id), DispatchError::Token(TokenError::FundsUnavailable));
	});
}

#[test]
fn accept_transfer_fails_if_the_seller_rotated_the_key_after_the_offer() {
	ExtBuilder::default().build_and_execute(|| {
		let hardware = TestKey::sr25519(10);
		let id = register(&ALICE, &hardware);
		assert_ok!(Registry::offer_transfer(signed(&ALICE), id.clone(), BOB));
		// Bob inspected the device with its hardware key; Alice swaps in a key she keeps.
		let kept_by_seller = TestKey::sr25519(11);
		assert_ok!(Registry::rotate_key(
			signed(&ALICE),
			id.clone(),
			kept_by_seller.public(),
			kept_by_seller.rotation_proof(&id, &hardware.public()),
		));

		assert_noop!(
			Registry::accept_transfer(
				signed(&BOB),
				id.clone(),
				hardware.public(),
				standard_deposit()
			),
			Error::<Test>::KeyChanged
		);
		assert_eq!(record(&id).owner, ALICE);
	});
}

#[test]
fn accept_transfer_fails_if_the_seller_raised_the_deposit_after_the_offer() {
	ExtBuilder::default().build_and_execute(|| {
		let device = TestKey::sr25519(10);
		let id = register(&ALICE, &device);
		assert_ok!(Registry::offer_transfer(signed(&ALICE), id.clone(), BOB));
		assert_ok!(Registry::update_metadata(
			signed(&ALICE),
			id.clone(),
			bounded(&[b'x'; MAX_METADATA_LEN as usize]),
			None
		));

		assert_noop!(
			Registry::accept_transfer(
				signed(&BOB),
				id.clone(),
				device.public(),
				standard_deposit()
			),
			Error::<Test>::DepositAboveLimit
		);
		assert_eq!(held(&BOB), 0);
	});
}

#[test]
fn accept_transfer_takes_a_deposit_up_to_the_buyers_limit() {
	ExtBuilder::default().build_and_execute(|| {
		let device = TestKey::sr25519(10);
		let id = register(&ALICE, &device);
		assert_ok!(Registry::offer_transfer(signed(&ALICE), id.clone(), BOB));
		assert_ok!(Registry::update_metadata(signed(&ALICE), id.clone(), bounded(&[]), None));
		let smaller = record(&id).deposit;

		assert_ok!(Registry::accept_transfer(
			signed(&BOB),
			id.clone(),
			device.public(),
			standard_deposit()
		));

		assert_eq!(held(&BOB), smaller);
	});
}

#[test]
fn accept_transfer_keeps_the_call_index_of_the_witnessless_call_unused() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(&ALICE, &TestKey::sr25519(10));
		let call = RuntimeCall::DeviceRegistry(crate::Call::accept_transfer {
			device: id.clone(),
			expected_key: record(&id).key.into(),
			max_deposit: standard_deposit(),
		});
		let bytes = call.encode();
		assert_eq!(bytes[1], 16);

		// What an old client sends: index 10 and the device alone.
		let mut old = vec![bytes[0], 10];
		id.encode_to(&mut old);
		assert!(RuntimeCall::decode(&mut &old[..]).is_err());
	});
}

#[test]
fn cancel_transfer_withdraws_the_offer() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(&ALICE, &TestKey::sr25519(10));
		assert_ok!(Registry::offer_transfer(signed(&ALICE), id.clone(), BOB));

		assert_ok!(Registry::cancel_transfer(signed(&ALICE), id.clone()));

		assert!(!PendingTransfers::<Test>::contains_key(&id));
		System::assert_last_event(Event::TransferCancelled { device: id.clone(), to: BOB }.into());
		assert_noop!(accept(&BOB, &id), Error::<Test>::NoPendingTransfer);
	});
}

#[test]
fn cancel_transfer_fails_without_an_offer() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(&ALICE, &TestKey::sr25519(10));

		assert_noop!(
			Registry::cancel_transfer(signed(&ALICE), id),
			Error::<Test>::NoPendingTransfer
		);
	});
}

// ---- certifiers ----

#[test]
fn genesis_certifiers_are_certifiers() {
	ExtBuilder::default().build_and_execute(|| {
		assert!(Certifiers::<Test>::contains_key(LAB));
		assert!(!Certifiers::<Test>::contains_key(MAKER));
	});
}

#[test]
fn add_certifier_admits_a_certifier() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Registry::add_certifier(RuntimeOrigin::root(), MAKER));

		assert!(Certifiers::<Test>::contains_key(MAKER));
		System::assert_last_event(Event::CertifierAdded { certifier: MAKER }.into());
	});
}

#[test]
fn add_certifier_needs_the_certifier_origin() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(Registry::add_certifier(signed(&ALICE), MAKER), DispatchError::BadOrigin);
	});
}

#[test]
fn add_certifier_rejects_an_existing_certifier() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Registry::add_certifier(RuntimeOrigin::root(), LAB),
			Error::<Test>::AlreadyCertifier
		);
	});
}

#[test]
fn remove_certifier_removes_it_and_its_certifications_stop_counting() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(&ALICE, &TestKey::sr25519(10));
		assert_ok!(Registry::certify(signed(&LAB), id.clone(), H256::repeat_byte(1), 100));

		assert_ok!(Registry::remove_certifier(RuntimeOrigin::root(), LAB));

		assert!(!Certifiers::<Test>::contains_key(LAB));
		assert_eq!(Registry::certified_by(&id, &LAB), None);
		assert!(Registry::certifications(&id).is_empty());
		System::assert_last_event(Event::CertifierRemoved { certifier: LAB }.into());
		assert_noop!(
			Registry::certify(signed(&LAB), id, H256::repeat_byte(1), 100),
			Error::<Test>::NotCertifier
		);
	});
}

#[test]
fn remove_certifier_rejects_an_account_that_is_not_a_certifier() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Registry::remove_certifier(RuntimeOrigin::root(), MAKER),
			Error::<Test>::NotCertifier
		);
	});
}

#[test]
fn remove_certifier_needs_the_certifier_origin() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(Registry::remove_certifier(signed(&ALICE), LAB), DispatchError::BadOrigin);
	});
}

// ---- certify / revoke_certification ----

#[test]
fn certify_records_a_certification_that_counts_until_it_expires() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(&ALICE, &TestKey::sr25519(10));

		assert_ok!(Registry::certify(signed(&LAB), id.clone(), H256::repeat_byte(1), 10));

		assert_eq!(Registry::certified_by(&id, &LAB), Some(H256::repeat_byte(1)));
		assert_eq!(
			Registry::certifications(&id),
			vec![CertificationView {
				certifier: LAB,
				claim_hash: H256::repeat_byte(1),
				expires_at: 10
			}]
		);
		assert_eq!(record(&id).certifications, 1);
		System::assert_last_event(
			Event::DeviceCertified {
				device: id.clone(),
				certifier: LAB,
				claim_hash: H256::repeat_byte(1),
				expires_at: 10,
			}
			.into(),
		);

		System::set_block_number(10);
		assert_eq!(Registry::certified_by(&id, &LAB), None);
		assert!(Registry::certifications(&id).is_empty());
	});
}

#[test]
fn certify_rejects_an_account_that_is_not_a_certifier() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(&ALICE, &TestKey::sr25519(10));

		assert_noop!(
			Registry::certify(signed(&ALICE), id, H256::repeat_byte(1), 100),
			Error::<Test>::NotCertifier
		);
	});
}

#[test]
fn certify_rejects_an_expiry_that_is_not_in_the_future() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(&ALICE, &TestKey::sr25519(10));
		System::set_block_number(5);

		assert_noop!(
			Registry::certify(signed(&LAB), id.clone(), H256::repeat_byte(1), 5),
			Error::<Test>::ExpiryInPast
		);
		assert_noop!(
			Registry::certify(signed(&LAB), id, H256::repeat_byte(1), 4),
			Error::<Test>::ExpiryInPast
		);
	});
}

#[test]
fn certifying_again_replaces_the_certification_in_place() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(&ALICE, &TestKey::sr25519(10));
		assert_ok!(Registry::certify(signed(&LAB), id.clone(), H256::repeat_byte(1), 100));

		assert_ok!(Registry::certify(signed(&LAB), id.clone(), H256::repeat_byte(2), 200));

		assert_eq!(record(&id).certifications, 1);
		assert_eq!(Registry::certified_by(&id, &LAB), Some(H256::repeat_byte(2)));
	});
}

#[test]
fn certify_rejects_more_than_max_certifications() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(&ALICE, &TestKey::sr25519(10));
		assert_ok!(Registry::add_certifier(RuntimeOrigin::root(), MAKER));
		assert_ok!(Registry::add_certifier(RuntimeOrigin::root(), EVE));
		assert_ok!(Registry::certify(signed(&LAB), id.clone(), H256::repeat_byte(1), 100));
		assert_ok!(Registry::certify(signed(&MAKER), id.clone(), H256::repeat_byte(1), 100));
		assert_eq!(record(&id).certifications, MAX_CERTIFICATIONS);

		assert_noop!(
			Registry::certify(signed(&EVE), id, H256::repeat_byte(1), 100),
			Error::<Test>::TooManyCertifications
		);
	});
}

#[test]
fn revoke_certification_by_the_certifier_removes_it() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(&ALICE, &TestKey::sr25519(10));
		assert_ok!(Registry::certify(signed(&LAB), id.clone(), H256::repeat_byte(1), 100));

		assert_ok!(Registry::revoke_certification(signed(&LAB), id.clone(), LAB));

		assert!(!Certifications::<Test>::contains_key(&id, LAB));
		assert_eq!(record(&id).certifications, 0);
		System::assert_last_event(
			Event::CertificationRevoked { device: id, certifier: LAB }.into(),
		);
	});
}

#[test]
fn revoke_certification_by_the_owner_drops_it() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(&ALICE, &TestKey::sr25519(10));
		assert_ok!(Registry::certify(signed(&LAB), id.clone(), H256::repeat_byte(1), 100));
		assert_ok!(Registry::remove_certifier(RuntimeOrigin::root(), LAB));

		assert_ok!(Registry::revoke_certification(signed(&ALICE), id.clone(), LAB));

		assert!(!Certifications::<Test>::contains_key(&id, LAB));
		assert_eq!(record(&id).certifications, 0);
	});
}

#[test]
fn revoke_certification_rejects_anyone_but_certifier_and_owner() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(&ALICE, &TestKey::sr25519(10));
		assert_ok!(Registry::certify(signed(&LAB), id.clone(), H256::repeat_byte(1), 100));

		assert_noop!(
			Registry::revoke_certification(signed(&EVE), id, LAB),
			Error::<Test>::NeitherCertifierNorOwner
		);
	});
}

#[test]
fn revoke_certification_fails_without_a_certification() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(&ALICE, &TestKey::sr25519(10));

		assert_noop!(
			Registry::revoke_certification(signed(&LAB), id, LAB),
			Error::<Test>::NoCertification
		);
	});
}

#[test]
fn certifiers_are_numbered_by_admission_and_a_readmission_gets_a_new_number() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(Certifiers::<Test>::get(LAB), Some(1));

		assert_ok!(Registry::add_certifier(RuntimeOrigin::root(), MAKER));
		assert_ok!(Registry::remove_certifier(RuntimeOrigin::root(), MAKER));
		assert_ok!(Registry::add_certifier(RuntimeOrigin::root(), MAKER));

		assert_eq!(Certifiers::<Test>::get(MAKER), Some(3));
		assert_eq!(CertifierAdmissions::<Test>::get(), 3);
	});
}

#[test]
fn certify_records_the_certified_key_and_the_certifiers_admission() {
	ExtBuilder::default().build_and_execute(|| {
		let device = TestKey::sr25519(10);
		let id = register(&ALICE, &device);

		assert_ok!(Registry::certify(signed(&LAB), id.clone(), H256::repeat_byte(1), 100));

		assert_eq!(
			Certifications::<Test>::get(&id, LAB),
			Some(Certification {
				claim_hash: H256::repeat_byte(1),
				expires_at: 100,
				key: DeviceKey::try_from(device.public()).unwrap(),
				admission: 1,
			})
		);
	});
}

// "Genuine hardware" must not carry over to a software key.
#[test]
fn a_certification_stops_counting_when_the_device_rotates_its_key() {
	ExtBuilder::default().build_and_execute(|| {
		let hardware = TestKey::sr25519(10);
		let id = register(&ALICE, &hardware);
		assert_ok!(Registry::certify(signed(&LAB), id.clone(), H256::repeat_byte(1), 100));
		let software = TestKey::sr25519(11);

		assert_ok!(Registry::rotate_key(
			signed(&ALICE),
			id.clone(),
			software.public(),
			software.rotation_proof(&id, &hardware.public()),
		));

		assert_eq!(Registry::certified_by(&id, &LAB), None);
		assert!(Registry::certifications(&id).is_empty());
		assert!(Registry::device(&id).unwrap().certifications.is_empty());

		// The certifier vouches for the new key: it counts again.
		assert_ok!(Registry::certify(signed(&LAB), id.clone(), H256::repeat_byte(2), 100));
		assert_eq!(Registry::certified_by(&id, &LAB), Some(H256::repeat_byte(2)));
	});
}

// A removal must not be undone by a later re-admission.
#[test]
fn a_readmitted_certifiers_earlier_certifications_do_not_count() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(&ALICE, &TestKey::sr25519(10));
		assert_ok!(Registry::certify(signed(&LAB), id.clone(), H256::repeat_byte(1), 100));
		assert_ok!(Registry::remove_certifier(RuntimeOrigin::root(), LAB));

		assert_ok!(Registry::add_certifier(RuntimeOrigin::root(), LAB));

		assert_eq!(Registry::certified_by(&id, &LAB), None);
		assert!(Registry::certifications(&id).is_empty());
		assert_ok!(Registry::certify(signed(&LAB), id.clone(), H256::repeat_byte(1), 100));
		assert_eq!(Registry::certified_by(&id, &LAB), Some(H256::repeat_byte(1)));
	});
}

// ---- Reads for clients ----

#[test]
fn device_shows_the_record_operators_offer_and_certifications() {
	ExtBuilder::default().build_and_execute(|| {
		let device = TestKey::sr25519(10);
		let id = register(&ALICE, &device);
		assert_ok!(Registry::add_operator(signed(&ALICE), id.clone(), EVE));
		assert_ok!(Registry::offer_transfer(signed(&ALICE), id.clone(), BOB));
		assert_ok!(Registry::certify(signed(&LAB), id.clone(), H256::repeat_byte(1), 100));

		assert_eq!(
			Registry::device(&id),
			Some(DeviceView {
				id: id.clone(),
				owner: ALICE,
				key: device.public(),
				status: DeviceStatus::Active,
				kind: DeviceKind::Sensor,
				manufacturer: MANUFACTURER.to_vec(),
				model: MODEL.to_vec(),
				metadata: METADATA.to_vec(),
				content_hash: Some(H256::repeat_byte(9)),
				registered_at: 1,
				deposit: standard_deposit(),
				operators: vec![EVE],
				pending_transfer: Some(BOB),
				certifications: vec![CertificationView {
					certifier: LAB,
					claim_hash: H256::repeat_byte(1),
					expires_at: 100,
				}],
			})
		);
		assert_eq!(Registry::device_by_key(&device.public()), Registry::device(&id));
		assert_eq!(Registry::device(&TestKey::sr25519(99).account()), None);
	});
}

#[test]
fn device_shows_a_revoked_device_with_its_status() {
	ExtBuilder::default().build_and_execute(|| {
		let device = TestKey::sr25519(10);
		let id = register(&ALICE, &device);
		assert_ok!(Registry::revoke(signed(&ALICE), id.clone()));

		let view = Registry::device(&id).unwrap();

		assert_eq!(view.status, DeviceStatus::Revoked);
		assert_eq!(view.owner, ALICE);
		assert_eq!(view.deposit, 0);
		assert_eq!(Registry::device_by_key(&device.public()), None);
	});
}

#[test]
fn devices_by_owner_pages_through_every_device_of_the_owner() {
	ExtBuilder::default().build_and_execute(|| {
		let mut alices: Vec<_> =
			(10..17).map(|seed| register(&ALICE, &TestKey::sr25519(seed))).collect();
		let revoked = alices.pop().unwrap();
		assert_ok!(Registry::revoke(signed(&ALICE), revoked));
		register(&BOB, &TestKey::sr25519(30));

		let first = Registry::devices_by_owner(&ALICE, None, 4);
		assert_eq!(first.items.len(), 4);
		assert_eq!(first.next, first.items.last().map(|view| view.id.clone()));
		let second = Registry::devices_by_owner(&ALICE, first.next.clone(), 4);
		assert_eq!(second.items.len(), 2);
		assert_eq!(second.next, None);

		let mut seen: Vec<_> =
			first.items.iter().chain(&second.items).map(|view| view.id.clone()).collect();
		assert!(seen.iter().all(|id| record(id).owner == ALICE));
		seen.sort();
		alices.sort();
		assert_eq!(seen, alices);
	});
}

#[test]
fn devices_by_owner_ends_on_an_exactly_full_page() {
	ExtBuilder::default().build_and_execute(|| {
		for seed in 10..14 {
			register(&ALICE, &TestKey::sr25519(seed));
		}

		let page = Registry::devices_by_owner(&ALICE, None, 4);
		assert_eq!(page.items.len(), 4);
		assert_eq!(page.next, None);
	});
}

#[test]
fn devices_by_owner_returns_at_most_a_full_page() {
	ExtBuilder::default().build_and_execute(|| {
		for seed in 0..=MAX_DEVICES_PAGE as u8 {
			register(&ALICE, &TestKey::sr25519(seed));
		}

		let page = Registry::devices_by_owner(&ALICE, None, u32::MAX);
		assert_eq!(page.items.len(), MAX_DEVICES_PAGE as usize);
		assert!(page.next.is_some());
		assert_eq!(Registry::devices_by_owner(&ALICE, None, 3).items.len(), 3);
		assert_eq!(Registry::devices_by_owner(&BOB, None, 3), Page { items: vec![], next: None });
	});
}

// ---- The device lookup other pallets use ----

#[test]
fn device_registry_answers_for_active_suspended_revoked_and_unknown_devices() {
	ExtBuilder::default().build_and_execute(|| {
		let device = TestKey::sr25519(10);
		let id = register(&ALICE, &device);
		assert_ok!(Registry::add_operator(signed(&ALICE), id.clone(), EVE));
		let message = b"reading 42";
		let signature = device.sign(message);

		assert_eq!(Registry::status(&id), Some(DeviceStatus::Active));
		assert!(Registry::is_active(&id));
		assert_eq!(Registry::owner_of(&id), Some(ALICE));
		assert_eq!(Registry::current_key(&id), Some(device.public()));
		assert!(Registry::can_act_for(&ALICE, &id));
		assert!(Registry::can_act_for(&EVE, &id));
		assert!(!Registry::can_act_for(&BOB, &id));
		assert!(Registry::verify_device_signature(&id, message, &signature));
		assert!(!Registry::verify_device_signature(&id, b"reading 43", &signature));
		assert_eq!(
			Registry::active(&id),
			Ok(ActiveDevice { kind: DeviceKind::Sensor, key: device.public() })
		);

		assert_ok!(Registry::suspend(signed(&ALICE), id.clone()));
		assert_eq!(Registry::status(&id), Some(DeviceStatus::Suspended));
		assert!(!Registry::is_active(&id));
		assert_eq!(Registry::active(&id), Err(Some(DeviceStatus::Suspended)));
		assert!(Registry::can_act_for(&EVE, &id));

		assert_ok!(Registry::revoke(signed(&ALICE), id.clone()));
		assert_eq!(Registry::status(&id), Some(DeviceStatus::Revoked));
		assert_eq!(Registry::owner_of(&id), None);
		assert_eq!(Registry::current_key(&id), None);
		assert!(!Registry::can_act_for(&ALICE, &id));
		assert!(!Registry::verify_device_signature(&id, message, &signature));
		assert_eq!(Registry::active(&id), Err(Some(DeviceStatus::Revoked)));

		let unknown = TestKey::sr25519(99).account();
		assert_eq!(Registry::status(&unknown), None);
		assert_eq!(Registry::active(&unknown), Err(None));
		assert_eq!(Registry::owner_of(&unknown), None);
		assert!(!Registry::can_act_for(&ALICE, &unknown));
	});
}

// ---- Hooks and invariants ----

#[test]
fn integrity_test_passes_for_the_mock_configuration() {
	ExtBuilder::default().build_and_execute(|| {
		<Registry as Hooks<u64>>::integrity_test();
	});
}

#[test]
fn storage_version_is_two() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(Registry::in_code_storage_version(), 2);
	});
}

#[test]
fn try_state_notices_a_key_index_out_of_step_with_the_records() {
	ExtBuilder::default().build().execute_with(|| {
		let id = register(&ALICE, &TestKey::sr25519(10));
		assert_ok!(Registry::do_try_state());

		DeviceByKey::<Test>::remove(record(&id).key);

		assert!(Registry::do_try_state().is_err());
	});
}

#[test]
fn try_state_notices_a_held_deposit_that_differs_from_the_records() {
	ExtBuilder::default().build().execute_with(|| {
		let id = register(&ALICE, &TestKey::sr25519(10));
		assert_ok!(Registry::do_try_state());

		Devices::<Test>::mutate(&id, |record| {
			if let Some(record) = record {
				record.deposit += 1;
			}
		});

		assert!(Registry::do_try_state().is_err());
	});
}

// ---- Weak keys ----

/// A registration of `key` with `proof` and no description.
fn bare_registration(key: MultiSigner, proof: MultiSignature) -> DeviceRegistration<Test> {
	DeviceRegistration {
		key,
		proof,
		kind: DeviceKind::Sensor,
		manufacturer: bounded(&[]),
		model: bounded(&[]),
		metadata: bounded(&[]),
		content_hash: None,
	}
}

/// The sr25519 identity key.
fn sr25519_identity() -> MultiSigner {
	MultiSigner::Sr25519(sr25519::Public::from_raw(weak_keys::SR25519_IDENTITY))
}

/// A "signature" of any message by the sr25519 identity: `R` the identity, `s = 0`, with
/// schnorrkel's marker bit (all 64 bytes zero fail only because the marker is missing).
fn sr25519_forgery() -> MultiSignature {
	let mut signature = [0u8; 64];
	signature[63] = 0x80;
	MultiSignature::Sr25519(sr25519::Signature::from_raw(signature))
}

/// An ed25519 key of small order.
fn ed25519_small_order(encoding: [u8; 32]) -> MultiSigner {
	MultiSigner::Ed25519(ed25519::Public::from_raw(encoding))
}

/// A "signature" of any message by any ed25519 key of small order under ZIP-215: `R` the
/// identity, `S = 0`.
fn ed25519_forgery() -> MultiSignature {
	let mut signature = [0u8; 64];
	signature[0] = 1;
	MultiSignature::Ed25519(ed25519::Signature::from_raw(signature))
}

#[test]
fn forged_proofs_verify_for_every_weak_key_and_for_no_other() {
	ExtBuilder::default().build_and_execute(|| {
		let messages: [&[u8]; 3] = [b"", b"iotchain/register", &[0xff; 115]];
		for message in messages {
			assert!(verify_signature(&sr25519_identity(), &sr25519_forgery(), message));
			for encoding in weak_keys::ED25519_SMALL_ORDER {
				assert!(
					verify_signature(&ed25519_small_order(encoding), &ed25519_forgery(), message),
					"{} is not of small order",
					hex(&encoding)
				);
			}
			for device in [TestKey::sr25519(10), TestKey::ed25519(11)] {
				let forgery = match device.public() {
					MultiSigner::Sr25519(_) => sr25519_forgery(),
					_ => ed25519_forgery(),
				};
				assert!(!verify_signature(&device.public(), &forgery, message));
			}
		}
		let mut distinct = weak_keys::ED25519_SMALL_ORDER.to_vec();
		distinct.sort();
		distinct.dedup();
		assert_eq!(distinct.len(), 14);
	});
}

#[test]
fn register_device_rejects_the_sr25519_identity_key() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Registry::register_device(
				signed(&EVE),
				bare_registration(sr25519_identity(), sr25519_forgery())
			),
			Error::<Test>::WeakKey
		);
	});
}

#[test]
fn register_device_rejects_every_small_order_ed25519_key() {
	ExtBuilder::default().build_and_execute(|| {
		for encoding in weak_keys::ED25519_SMALL_ORDER {
			assert_noop!(
				Registry::register_device(
					signed(&EVE),
					bare_registration(ed25519_small_order(encoding), ed25519_forgery())
				),
				Error::<Test>::WeakKey
			);
		}
	});
}

#[test]
fn register_devices_rejects_a_batch_with_a_weak_key() {
	ExtBuilder::default().build_and_execute(|| {
		let good = TestKey::sr25519(10);

		assert_noop!(
			Registry::register_devices(
				signed(&EVE),
				batch(vec![
					registration(&EVE, &good),
					bare_registration(sr25519_identity(), sr25519_forgery()),
				])
			),
			Error::<Test>::WeakKey
		);
	});
}

#[test]
fn rotate_key_rejects_a_weak_key() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(&ALICE, &TestKey::sr25519(10));
		assert_ok!(Registry::certify(signed(&LAB), id.clone(), H256::repeat_byte(1), 100));

		assert_noop!(
			Registry::rotate_key(signed(&ALICE), id.clone(), sr25519_identity(), sr25519_forgery()),
			Error::<Test>::WeakKey
		);
		for encoding in weak_keys::ED25519_SMALL_ORDER {
			assert_noop!(
				Registry::rotate_key(
					signed(&ALICE),
					id.clone(),
					ed25519_small_order(encoding),
					ed25519_forgery()
				),
				Error::<Test>::WeakKey
			);
		}
	});
}

#[test]
fn try_state_notices_a_device_holding_a_weak_key() {
	ExtBuilder::default().build().execute_with(|| {
		let id = register(&ALICE, &TestKey::sr25519(10));
		let weak = DeviceKey::try_from(sr25519_identity()).unwrap();

		Devices::<Test>::mutate(&id, |record| {
			if let Some(record) = record {
				DeviceByKey::<Test>::remove(&record.key);
				record.key = weak.clone();
			}
		});
		DeviceByKey::<Test>::insert(&weak, &id);

		assert!(Registry::do_try_state().is_err());
	});
}

// ---- The record fee ----

#[test]
fn register_device_pays_the_record_fee_to_the_fee_destination_for_good() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(&ALICE, &TestKey::sr25519(10));
		assert_eq!(free(&TREASURY), RECORD_FEE);

		assert_ok!(Registry::revoke(signed(&ALICE), id));

		assert_eq!(free(&ALICE), INITIAL_BALANCE - RECORD_FEE);
		assert_eq!(free(&TREASURY), RECORD_FEE);
	});
}

#[test]
fn register_device_fails_when_the_owner_cannot_pay_the_record_fee() {
	ExtBuilder::default().build_and_execute(|| {
		let device = TestKey::sr25519(10);
		// Enough for the deposit and the fee, but not to stay alive after both.
		assert_ok!(Balances::force_set_balance(
			RuntimeOrigin::root(),
			POOR,
			standard_deposit() + RECORD_FEE
		));

		assert_noop!(
			Registry::register_device(signed(&POOR), registration(&POOR, &device)),
			Error::<Test>::CannotPayRecordFee
		);
	});
}

#[test]
fn try_state_notices_a_revoked_devices_freed_key() {
	ExtBuilder::default().build().execute_with(|| {
		let id = register(&ALICE, &TestKey::sr25519(10));
		assert_ok!(Registry::revoke(signed(&ALICE), id.clone()));
		assert_ok!(Registry::do_try_state());

		DeviceByKey::<Test>::remove(record(&id).key);

		assert!(Registry::do_try_state().is_err());
	});
}

#[test]
fn try_state_notices_a_certifier_with_an_admission_that_never_happened() {
	ExtBuilder::default().build().execute_with(|| {
		assert_ok!(Registry::do_try_state());

		Certifiers::<Test>::insert(MAKER, 7);

		assert!(Registry::do_try_state().is_err());
	});
}

// ---- Key history ----

/// Rotates `device` from `from` to `to`, for its owner `owner`.
fn rotate(owner: &AccountId32, device: &AccountId32, from: &TestKey, to: &TestKey) {
	assert_ok!(Registry::rotate_key(
		signed(owner),
		device.clone(),
		to.public(),
		to.rotation_proof(device, &from.public()),
	));
}

fn key_at(device: &AccountId32, block: u64) -> Option<MultiSigner> {
	<Registry as iotchain_primitives::KeyHistory<_, _>>::key_at(device, block)
}

#[test]
fn key_at_is_none_for_an_unknown_device() {
	ExtBuilder::default().build_and_execute(|| {
		register(&ALICE, &TestKey::sr25519(10));

		assert_eq!(key_at(&TestKey::sr25519(11).account(), 1), None);
		assert_eq!(key_at(&TestKey::sr25519(11).account(), 1_000), None);
	});
}

#[test]
fn key_at_is_none_before_registration_and_the_registered_key_from_it() {
	ExtBuilder::default().build_and_execute(|| {
		System::set_block_number(5);
		let key = TestKey::sr25519(10);
		let id = register(&ALICE, &key);

		assert_eq!(key_at(&id, 0), None);
		assert_eq!(key_at(&id, 4), None);
		assert_eq!(key_at(&id, 5), Some(key.public()));
		assert_eq!(key_at(&id, 1_000), Some(key.public()));
		assert_eq!(PastKeyCount::<Test>::get(&id), 0);
	});
}

#[test]
fn key_at_answers_the_old_key_before_a_rotation_and_the_new_key_from_its_block() {
	ExtBuilder::default().build_and_execute(|| {
		let original = TestKey::sr25519(10);
		let id = register(&ALICE, &original);
		let replacement = TestKey::ed25519(11);
		System::set_block_number(5);

		rotate(&ALICE, &id, &original, &replacement);

		assert_eq!(PastKeyCount::<Test>::get(&id), 1);
		assert_eq!(
			PastKeys::<Test>::get(&id, 0),
			Some(PastKey { key: original.public().try_into().unwrap(), until: 5 })
		);
		assert_eq!(key_at(&id, 1), Some(original.public()));
		assert_eq!(key_at(&id, 4), Some(original.public()));
		assert_eq!(key_at(&id, 5), Some(replacement.public()), "rotated in block 5: held at 5");
		assert_eq!(key_at(&id, 1_000), Some(replacement.public()));
	});
}

#[test]
fn two_rotations_in_one_block_keep_both_keys_and_answer_the_last() {
	ExtBuilder::default().build_and_execute(|| {
		let first = TestKey::sr25519(10);
		let second = TestKey::ed25519(11);
		let third = TestKey::ecdsa(12);
		let fourth = TestKey::sr25519(13);
		let id = register(&ALICE, &first);
		System::set_block_number(3);

		rotate(&ALICE, &id, &first, &second);
		rotate(&ALICE, &id, &second, &third);

		assert_eq!(PastKeyCount::<Test>::get(&id), 2);
		assert_eq!(
			PastKeys::<Test>::get(&id, 0),
			Some(PastKey { key: first.public().try_into().unwrap(), until: 3 })
		);
		assert_eq!(
			PastKeys::<Test>::get(&id, 1),
			Some(PastKey { key: second.public().try_into().unwrap(), until: 3 }),
			"the key held for no block is kept"
		);
		assert_eq!(key_at(&id, 2), Some(first.public()));
		assert_eq!(key_at(&id, 3), Some(third.public()));

		System::set_block_number(7);
		rotate(&ALICE, &id, &third, &fourth);

		assert_eq!(key_at(&id, 1), Some(first.public()));
		assert_eq!(key_at(&id, 2), Some(first.public()));
		assert_eq!(key_at(&id, 3), Some(third.public()));
		assert_eq!(key_at(&id, 6), Some(third.public()));
		assert_eq!(key_at(&id, 7), Some(fourth.public()));
	});
}

#[test]
fn key_at_finds_the_key_of_every_block_across_many_rotations() {
	ExtBuilder::default().build_and_execute(|| {
		let keys: Vec<TestKey> = (20..33).map(TestKey::sr25519).collect();
		let id = register(&ALICE, &keys[0]);
		// Rotations in blocks 2, 4, 4, 5, 9, 9, 9, 10, 15, 16, 16, 30: each key and the block
		// from which it is held.
		let rotated_in = [2u64, 4, 4, 5, 9, 9, 9, 10, 15, 16, 16, 30];
		for (index, block) in rotated_in.iter().enumerate() {
			System::set_block_number(*block);
			rotate(&ALICE, &id, &keys[index], &keys[index + 1]);
		}

		for block in 0..40u64 {
			let expected = (block >= 1).then(|| {
				let held = rotated_in.iter().take_while(|&&rotated| rotated <= block).count();
				keys[held].public()
			});
			assert_eq!(key_at(&id, block), expected, "the key held at block {block}");
		}
	});
}

#[test]
fn key_at_answers_a_key_held_again_after_rotating_back_to_it() {
	ExtBuilder::default().build_and_execute(|| {
		let first = TestKey::sr25519(10);
		let second = TestKey::sr25519(11);
		let id = register(&ALICE, &first);
		System::set_block_number(3);
		rotate(&ALICE, &id, &first, &second);
		System::set_block_number(6);
		rotate(&ALICE, &id, &second, &first);

		assert_eq!(key_at(&id, 2), Some(first.public()));
		assert_eq!(key_at(&id, 3), Some(second.public()));
		assert_eq!(key_at(&id, 5), Some(second.public()));
		assert_eq!(key_at(&id, 6), Some(first.public()));
	});
}

#[test]
fn a_revoked_device_still_answers_with_the_keys_it_held() {
	ExtBuilder::default().build_and_execute(|| {
		let original = TestKey::sr25519(10);
		let replacement = TestKey::ecdsa(11);
		let id = register(&ALICE, &original);
		System::set_block_number(4);
		rotate(&ALICE, &id, &original, &replacement);
		System::set_block_number(8);

		assert_ok!(Registry::revoke(signed(&ALICE), id.clone()));

		assert_eq!(Registry::current_key(&id), None, "its last key no longer speaks for it");
		assert_eq!(key_at(&id, 0), None);
		assert_eq!(key_at(&id, 3), Some(original.public()));
		assert_eq!(key_at(&id, 4), Some(replacement.public()));
		assert_eq!(key_at(&id, 8), Some(replacement.public()));
		assert_eq!(key_at(&id, 1_000), Some(replacement.public()));
		assert_eq!(PastKeyCount::<Test>::get(&id), 1, "revoking keeps the history");
	});
}

#[test]
fn a_device_rotated_before_the_key_history_answers_its_key_at_the_upgrade() {
	ExtBuilder::default().build_and_execute(|| {
		let original = TestKey::sr25519(10);
		let before_upgrade = TestKey::sr25519(11);
		let after_upgrade = TestKey::sr25519(12);
		let id = register(&ALICE, &original);
		// A rotation as the registry made it before the key history: the record and the index
		// only.
		let mut legacy = record(&id);
		DeviceByKey::<Test>::remove(&legacy.key);
		legacy.key = before_upgrade.public().try_into().unwrap();
		DeviceByKey::<Test>::insert(&legacy.key, &id);
		Devices::<Test>::insert(&id, legacy);
		System::set_block_number(10);

		rotate(&ALICE, &id, &before_upgrade, &after_upgrade);

		assert_eq!(key_at(&id, 1), Some(before_upgrade.public()), "never the older key");
		assert_eq!(key_at(&id, 9), Some(before_upgrade.public()));
		assert_eq!(key_at(&id, 10), Some(after_upgrade.public()));
	});
}

#[test]
fn rotate_key_pays_the_key_history_fee_to_the_fee_destination_for_good() {
	ExtBuilder::default().build_and_execute(|| {
		let original = TestKey::sr25519(10);
		let replacement = TestKey::sr25519(11);
		let id = register(&ALICE, &original);
		let alice_before = free(&ALICE);
		let treasury_before = free(&TREASURY);

		rotate(&ALICE, &id, &original, &replacement);

		assert_eq!(free(&ALICE), alice_before - KEY_HISTORY_FEE);
		assert_eq!(free(&TREASURY), treasury_before + KEY_HISTORY_FEE);
		assert_eq!(held(&ALICE), standard_deposit(), "the deposit does not change");
		System::assert_last_event(
			Event::KeyRotated {
				device: id.clone(),
				old_key: original.public(),
				new_key: replacement.public(),
				key_history_fee: KEY_HISTORY_FEE,
			}
			.into(),
		);

		assert_ok!(Registry::revoke(signed(&ALICE), id));

		assert_eq!(free(&ALICE), INITIAL_BALANCE - RECORD_FEE - KEY_HISTORY_FEE);
		assert_eq!(free(&TREASURY), treasury_before + KEY_HISTORY_FEE, "not refunded");
	});
}

#[test]
fn rotate_key_pays_the_fee_from_the_owner_after_a_transfer() {
	ExtBuilder::default().build_and_execute(|| {
		let original = TestKey::sr25519(10);
		let replacement = TestKey::sr25519(11);
		let id = register(&ALICE, &original);
		assert_ok!(Registry::offer_transfer(signed(&ALICE), id.clone(), BOB));
		assert_ok!(accept(&BOB, &id));
		let (alice_before, bob_before) = (free(&ALICE), free(&BOB));

		rotate(&BOB, &id, &original, &replacement);

		assert_eq!(free(&BOB), bob_before - KEY_HISTORY_FEE);
		assert_eq!(free(&ALICE), alice_before);
	});
}

#[test]
fn rotate_key_fails_when_the_owner_cannot_pay_the_key_history_fee() {
	ExtBuilder::default().build_and_execute(|| {
		let original = TestKey::sr25519(10);
		let replacement = TestKey::sr25519(11);
		let id = register(&ALICE, &original);
		// Enough for the fee, but not to stay alive after it.
		assert_ok!(Balances::force_set_balance(RuntimeOrigin::root(), ALICE, KEY_HISTORY_FEE));

		assert_noop!(
			Registry::rotate_key(
				signed(&ALICE),
				id.clone(),
				replacement.public(),
				replacement.rotation_proof(&id, &original.public()),
			),
			Error::<Test>::CannotPayKeyHistoryFee
		);
		assert_eq!(Registry::current_key(&id), Some(original.public()));
		assert_eq!(PastKeyCount::<Test>::get(&id), 0);
		assert_eq!(key_at(&id, 1), Some(original.public()));
	});
}

#[test]
fn key_history_pages_through_every_key_with_the_blocks_it_was_held_at() {
	ExtBuilder::default().build_and_execute(|| {
		let keys: Vec<TestKey> = (20..24).map(TestKey::sr25519).collect();
		System::set_block_number(2);
		let id = register(&ALICE, &keys[0]);
		System::set_block_number(5);
		rotate(&ALICE, &id, &keys[0], &keys[1]);
		rotate(&ALICE, &id, &keys[1], &keys[2]);
		System::set_block_number(9);
		rotate(&ALICE, &id, &keys[2], &keys[3]);
		let period = |key: &TestKey, since: u64, until: Option<u64>| KeyPeriod {
			key: key.public(),
			since,
			until,
		};

		let first = Registry::key_history(&id, None, 3).unwrap();
		assert_eq!(
			first.items,
			vec![
				period(&keys[0], 2, Some(5)),
				period(&keys[1], 5, Some(5)),
				period(&keys[2], 5, Some(9)),
			]
		);
		assert_eq!(first.next, Some(2));
		let last = Registry::key_history(&id, first.next, 3).unwrap();
		assert_eq!(last.items, vec![period(&keys[3], 9, None)]);
		assert_eq!(last.next, None);

		let whole = Registry::key_history(&id, None, 4).unwrap();
		assert_eq!(whole.items.len(), 4);
		assert_eq!(whole.next, None, "an exactly full last page ends the history");
		assert_eq!(Registry::key_history(&id, Some(3), 4).unwrap().items, vec![]);
		assert_eq!(Registry::key_history(&id, Some(u32::MAX), 4).unwrap().items, vec![]);
		assert_eq!(Registry::key_history(&id, None, 0).unwrap().items, vec![]);
	});
}

#[test]
fn key_history_of_a_device_that_never_rotated_is_its_key_and_none_for_an_unknown_one() {
	ExtBuilder::default().build_and_execute(|| {
		let key = TestKey::ed25519(10);
		let id = register(&ALICE, &key);
		assert_ok!(Registry::revoke(signed(&ALICE), id.clone()));

		let page = Registry::key_history(&id, None, 10).unwrap();
		assert_eq!(page.items, vec![KeyPeriod { key: key.public(), since: 1, until: None }]);
		assert_eq!(page.next, None);
		assert_eq!(Registry::key_history(&TestKey::ed25519(11).account(), None, 10), None);
	});
}

#[test]
fn key_history_returns_at_most_a_full_page() {
	ExtBuilder::default().build_and_execute(|| {
		let keys: Vec<TestKey> = (0..=MAX_KEY_HISTORY_PAGE as u8).map(TestKey::sr25519).collect();
		let id = register(&ALICE, &keys[0]);
		for pair in keys.windows(2) {
			rotate(&ALICE, &id, &pair[0], &pair[1]);
		}

		let page = Registry::key_history(&id, None, u32::MAX).unwrap();
		assert_eq!(page.items.len(), MAX_KEY_HISTORY_PAGE as usize);
		assert_eq!(page.next, Some(MAX_KEY_HISTORY_PAGE - 1));
		let rest = Registry::key_history(&id, page.next, u32::MAX).unwrap();
		assert_eq!(rest.items, vec![KeyPeriod { key: keys[100].public(), since: 1, until: None }]);
	});
}

#[test]
fn try_state_notices_a_gap_in_a_key_history() {
	ExtBuilder::default().build().execute_with(|| {
		let keys: Vec<TestKey> = (10..13).map(TestKey::sr25519).collect();
		let id = register(&ALICE, &keys[0]);
		rotate(&ALICE, &id, &keys[0], &keys[1]);
		rotate(&ALICE, &id, &keys[1], &keys[2]);
		assert_ok!(Registry::do_try_state());

		PastKeys::<Test>::remove(&id, 0);

		assert!(Registry::do_try_state().is_err());
	});
}

#[test]
fn try_state_notices_a_past_key_beyond_its_devices_count() {
	ExtBuilder::default().build().execute_with(|| {
		let original = TestKey::sr25519(10);
		let id = register(&ALICE, &original);
		assert_ok!(Registry::do_try_state());

		PastKeys::<Test>::insert(
			&id,
			0,
			PastKey { key: TestKey::sr25519(11).public().try_into().unwrap(), until: 1 },
		);

		assert!(Registry::do_try_state().is_err());
	});
}

#[test]
fn try_state_notices_a_key_history_out_of_order_or_in_the_future() {
	ExtBuilder::default().build().execute_with(|| {
		let keys: Vec<TestKey> = (10..13).map(TestKey::sr25519).collect();
		let id = register(&ALICE, &keys[0]);
		System::set_block_number(3);
		rotate(&ALICE, &id, &keys[0], &keys[1]);
		System::set_block_number(5);
		rotate(&ALICE, &id, &keys[1], &keys[2]);
		assert_ok!(Registry::do_try_state());

		PastKeys::<Test>::mutate(&id, 0, |past| past.as_mut().unwrap().until = 6);
		assert!(Registry::do_try_state().is_err(), "retired after the next key was");

		PastKeys::<Test>::mutate(&id, 0, |past| past.as_mut().unwrap().until = 3);
		PastKeys::<Test>::mutate(&id, 1, |past| past.as_mut().unwrap().until = 9);
		assert!(Registry::do_try_state().is_err(), "retired after the current block");
	});
}

#[test]
fn try_state_notices_a_key_history_kept_for_no_device() {
	ExtBuilder::default().build().execute_with(|| {
		let stranger = TestKey::sr25519(10).account();
		PastKeys::<Test>::insert(
			&stranger,
			0,
			PastKey { key: TestKey::sr25519(10).public().try_into().unwrap(), until: 1 },
		);
		PastKeyCount::<Test>::insert(&stranger, 1);

		assert!(Registry::do_try_state().is_err());
	});
}

// ---- Migration to storage version 2 ----

#[test]
fn migration_to_v2_numbers_certifiers_binds_certifications_and_revoked_keys() {
	use crate::migrations::v2::{v1, MigrateV1ToV2};
	use frame_support::traits::{OnRuntimeUpgrade, StorageVersion};

	ExtBuilder::default().build().execute_with(|| {
		// Version 1 state: LAB and MAKER certifiers, EVE removed after certifying; a revoked
		// device whose last key was freed.
		let device = TestKey::sr25519(10);
		let id = register(&ALICE, &device);
		let revoked = register(&ALICE, &TestKey::sr25519(11));
		assert_ok!(Registry::revoke(signed(&ALICE), revoked.clone()));
		DeviceByKey::<Test>::remove(record(&revoked).key);
		let _ = Certifiers::<Test>::clear(u32::MAX, None);
		let _ = Certifications::<Test>::clear(u32::MAX, None);
		CertifierAdmissions::<Test>::kill();
		v1::Certifiers::<Test>::insert(LAB, ());
		v1::Certifiers::<Test>::insert(MAKER, ());
		let old = |byte| v1::Certification { claim_hash: H256::repeat_byte(byte), expires_at: 100 };
		v1::Certifications::<Test>::insert(&id, LAB, old(1));
		v1::Certifications::<Test>::insert(&id, EVE, old(2));
		Devices::<Test>::mutate(&id, |record| {
			if let Some(record) = record {
				record.certifications = 2;
			}
		});
		StorageVersion::new(1).put::<Registry>();

		MigrateV1ToV2::<Test>::on_runtime_upgrade();

		assert_eq!(Registry::on_chain_storage_version(), 2);
		assert_eq!(CertifierAdmissions::<Test>::get(), 2);
		let mut admissions =
			[LAB, MAKER].map(|certifier| Certifiers::<Test>::get(certifier).unwrap());
		admissions.sort();
		assert_eq!(admissions, [1, 2]);
		let key = DeviceKey::try_from(device.public()).unwrap();
		assert_eq!(
			Certifications::<Test>::get(&id, LAB),
			Some(Certification {
				claim_hash: H256::repeat_byte(1),
				expires_at: 100,
				key: key.clone(),
				admission: Certifiers::<Test>::get(LAB).unwrap(),
			})
		);
		assert_eq!(Certifications::<Test>::get(&id, EVE).map(|c| c.admission), Some(0));
		assert_eq!(Registry::certified_by(&id, &LAB), Some(H256::repeat_byte(1)));
		assert_eq!(Registry::certified_by(&id, &EVE), None);
		assert_eq!(DeviceByKey::<Test>::get(record(&revoked).key), Some(revoked));
		assert_ok!(Registry::do_try_state());

		// A second run does nothing.
		assert_eq!(
			MigrateV1ToV2::<Test>::on_runtime_upgrade(),
			<<Test as frame_system::Config>::DbWeight as Get<
				frame_support::weights::RuntimeDbWeight,
			>>::get()
			.reads(1)
		);
	});
}
