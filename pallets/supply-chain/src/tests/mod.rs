//! Unit tests: every call, every error, the reads, the payloads and the invariants, a file per
//! feature (as `src/features/` has them). Every test ends by checking the pallet's invariants
//! (`ExtBuilder::build_and_execute`).

// Test code: a panic is a failed test.
#![allow(
	clippy::unwrap_used,
	clippy::expect_used,
	clippy::indexing_slicing,
	clippy::arithmetic_side_effects
)]

mod custody;
mod delivery;
mod lots;
mod read;
mod reports;
mod shipments;
mod storage;
mod try_state;

use codec::{Decode, Encode};
use frame_support::{
	assert_noop, assert_ok,
	dispatch::{DispatchResultWithPostInfo, GetDispatchInfo},
	traits::{
		fungible::{Inspect, InspectHold},
		Get, Hooks,
	},
	BoundedVec,
};
use iotchain_primitives::{DeviceStatus, Page, ShipmentParties};
use sp_core::H256;
use sp_runtime::{AccountId32, DispatchError, DispatchResult};

use crate::{mock::*, *};

/// The shipment most tests use.
const SHIPMENT: ShipmentId = 7;
/// A place on the way.
const HAMBURG: &[u8] = b"DEHAM";
/// Another place on the way.
const ROTTERDAM: &[u8] = b"NLRTM";

fn bounded<S: Get<u32>, X: core::fmt::Debug>(items: Vec<X>) -> BoundedVec<X, S> {
	items.try_into().unwrap()
}

fn location(bytes: &[u8]) -> Location<Test> {
	bounded(bytes.to_vec())
}

/// The calls, taking plain vectors that the tests keep within their bounds (a call's bounded
/// parameters refuse longer ones at decoding, see
/// `oversized_call_parameters_are_refused_at_decoding`).
mod calls {
	use super::*;

	pub fn register_lot(
		origin: RuntimeOrigin,
		lot: LotId,
		product_code: Vec<u8>,
		quantity: u64,
		metadata: Vec<u8>,
	) -> DispatchResult {
		SupplyChain::register_lot(origin, lot, bounded(product_code), quantity, bounded(metadata))
	}

	pub fn transform(
		origin: RuntimeOrigin,
		inputs: Vec<LotId>,
		output: LotId,
		product_code: Vec<u8>,
		quantity: u64,
		metadata: Vec<u8>,
	) -> DispatchResult {
		SupplyChain::transform(
			origin,
			bounded(inputs),
			output,
			bounded(product_code),
			quantity,
			bounded(metadata),
		)
	}

	pub fn create_shipment(
		origin: RuntimeOrigin,
		shipment: ShipmentId,
		lots: Vec<LotId>,
		receiver: AccountId32,
		conditions: Vec<ConditionRule>,
		trackers: Vec<AccountId32>,
		agreement: Option<AgreementId>,
	) -> DispatchResult {
		SupplyChain::create_shipment(
			origin,
			shipment,
			bounded(lots),
			receiver,
			bounded(conditions),
			bounded(trackers),
			agreement,
		)
	}

	pub fn handover(
		origin: RuntimeOrigin,
		shipment: ShipmentId,
		to: AccountId32,
		location: Vec<u8>,
	) -> DispatchResult {
		SupplyChain::handover(origin, shipment, to, bounded(location))
	}

	pub fn record_milestone(
		origin: RuntimeOrigin,
		shipment: ShipmentId,
		kind: MilestoneKind,
		location: Vec<u8>,
		evidence: Option<AnchorRef>,
		tracker_signature: Option<DeviceSignature>,
	) -> DispatchResult {
		SupplyChain::record_milestone(
			origin,
			shipment,
			kind,
			bounded(location),
			evidence,
			tracker_signature,
		)
	}

	pub fn reject_delivery(
		origin: RuntimeOrigin,
		shipment: ShipmentId,
		reason: Vec<u8>,
	) -> DispatchResultWithPostInfo {
		SupplyChain::reject_delivery(origin, shipment, bounded(reason))
	}
}

/// What the treasury has received in storage fees so far.
fn fees_paid() -> Balance {
	Balances::balance(&TREASURY) - INITIAL_BALANCE
}

fn anchor(device: &AccountId32, seq: u64) -> AnchorRef {
	AnchorRef { device: device.clone(), seq }
}

fn held(who: &AccountId32) -> Balance {
	Balances::balance_on_hold(&HoldReason::ShipmentDeposit.into(), who)
}

fn shipment() -> Shipment<Test> {
	Shipments::<Test>::get(SHIPMENT).unwrap()
}

fn entry(index: u32) -> HistoryEvent<Location<Test>, Reason<Test>> {
	History::<Test>::get(SHIPMENT, index).unwrap().event
}

fn observation(metric: Metric, min: i32, max: i32, evidence: AnchorRef) -> ConditionObservation {
	ConditionObservation {
		metric,
		observed_min: min,
		observed_max: max,
		window_start: START - 600_000,
		window_end: START,
		anchor: evidence,
	}
}

/// Lot 1 of the producer shipped as [`SHIPMENT`] to the pharmacy under the 2-8 °C rule,
/// tracked by `trackers`.
fn ship(trackers: Vec<AccountId32>) {
	register_lot(&PRODUCER, 1);
	ship_registered(trackers);
}

/// [`ship`] with lot 1 registered already.
fn ship_registered(trackers: Vec<AccountId32>) {
	assert_ok!(calls::create_shipment(
		RuntimeOrigin::signed(PRODUCER),
		SHIPMENT,
		vec![1],
		PHARMACY,
		vec![cold_chain()],
		trackers,
		None
	));
}

/// `to` takes custody from the current custodian `from` at `place`.
fn hand_over(from: &AccountId32, to: &AccountId32, place: &[u8]) {
	assert_ok!(calls::handover(
		RuntimeOrigin::signed(from.clone()),
		SHIPMENT,
		to.clone(),
		place.to_vec()
	));
	assert_ok!(SupplyChain::accept_handover(RuntimeOrigin::signed(to.clone()), SHIPMENT));
}

/// A tracker reports a temperature range itself, with its anchor 0.
fn report(tracker: &TestKey, device: &AccountId32, min: i32, max: i32) -> DispatchResult {
	anchor_batch(device, 0);
	SupplyChain::report_condition(
		RuntimeOrigin::signed(tracker.account()),
		SHIPMENT,
		Metric::Temperature,
		min,
		max,
		START - 600_000,
		START,
		anchor(device, 0),
		None,
	)
}

/// Moves the chain to block `n`.
fn go_to(n: u64) {
	System::set_block_number(n);
}

/// The block after shipment [`SHIPMENT`]'s deadline (created in block 1).
const PAST_DEADLINE: u64 = 1 + SHIPMENT_TIMEOUT + 1;

#[test]
fn the_cold_chain_story_runs_from_production_to_payment() {
	ExtBuilder.build_and_execute(|| {
		let (key, device) = tracker(TestKey::sr25519(1));
		let (_, second) = tracker(TestKey::ed25519(2));
		// A vaccine lot made from two input lots.
		register_lot(&PRODUCER, 100);
		register_lot(&PRODUCER, 101);
		assert_ok!(calls::transform(
			RuntimeOrigin::signed(PRODUCER),
			vec![100, 101],
			200,
			GTIN.to_vec(),
			5_000,
			b"ipfs://vaccine".to_vec()
		));
		// A shipment with a 2-8 °C rule, two trackers and an escrow on Delivered.
		MockPayments::add_agreement(1, SHIPMENT, MilestoneKind::Delivered, PHARMACY, CARRIER);
		assert_ok!(calls::create_shipment(
			RuntimeOrigin::signed(PRODUCER),
			SHIPMENT,
			vec![200],
			PHARMACY,
			vec![cold_chain()],
			vec![device.clone(), second],
			Some(1)
		));
		// Producer -> carrier, a tracker-signed pickup, readings anchored and reported.
		hand_over(&PRODUCER, &CARRIER, HAMBURG);
		let picked_up =
			key.sign_milestone(&device, SHIPMENT, 0, MilestoneKind::PickedUp, HAMBURG, &None);
		assert_ok!(calls::record_milestone(
			RuntimeOrigin::signed(CARRIER),
			SHIPMENT,
			MilestoneKind::PickedUp,
			HAMBURG.to_vec(),
			None,
			Some(picked_up)
		));
		anchor_batch(&device, 0);
		let observed = observation(Metric::Temperature, 410, 620, anchor(&device, 0));
		let signature = key.sign_condition(&device, SHIPMENT, 1, &observed);
		assert_ok!(SupplyChain::report_condition(
			RuntimeOrigin::signed(RELAYER),
			SHIPMENT,
			Metric::Temperature,
			410,
			620,
			observed.window_start,
			observed.window_end,
			anchor(&device, 0),
			Some(signature)
		));
		// Carrier -> warehouse -> pharmacy, who accepts.
		hand_over(&CARRIER, &WAREHOUSE, ROTTERDAM);
		hand_over(&WAREHOUSE, &PHARMACY, b"NLAMS");
		assert_ok!(SupplyChain::accept_delivery(RuntimeOrigin::signed(PHARMACY), SHIPMENT));
		assert_eq!(MockPayments::calls(), vec![(SHIPMENT, MilestoneKind::Delivered)]);

		// The whole timeline, and the provenance back to the inputs.
		let page = SupplyChain::history(SHIPMENT, None, 100);
		assert_eq!(page.items.len(), 7);
		assert_eq!(page.next, None);
		let provenance = SupplyChain::lot_provenance(200).unwrap();
		let ids: Vec<_> = provenance.lots.iter().map(|step| (step.depth, step.lot.id)).collect();
		assert_eq!(ids, vec![(0, 200), (1, 100), (1, 101)]);
		assert_eq!(provenance.lots[0].lot.shipments, vec![SHIPMENT]);
		for party in [PRODUCER, CARRIER, WAREHOUSE, PHARMACY] {
			let shipments = SupplyChain::shipments_by_party(&party, None, 10).items;
			assert_eq!(shipments.iter().map(|s| s.id).collect::<Vec<_>>(), vec![SHIPMENT]);
		}
	});
}

#[test]
fn calls_need_a_signed_origin() {
	ExtBuilder.build_and_execute(|| {
		assert_noop!(
			calls::register_lot(RuntimeOrigin::root(), 1, GTIN.to_vec(), 1, vec![]),
			DispatchError::BadOrigin
		);
		assert_noop!(
			SupplyChain::accept_delivery(RuntimeOrigin::none(), SHIPMENT),
			DispatchError::BadOrigin
		);
		assert_noop!(
			calls::record_milestone(
				RuntimeOrigin::none(),
				SHIPMENT,
				MilestoneKind::Arrived,
				vec![],
				None,
				None
			),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn integrity_test_passes_and_storage_version_is_set() {
	ExtBuilder.build_and_execute(|| {
		<SupplyChain as Hooks<u64>>::integrity_test();
		assert_eq!(
			<SupplyChain as frame_support::traits::GetStorageVersion>::on_chain_storage_version(),
			1
		);
	});
}

#[test]
fn oversized_call_parameters_are_refused_at_decoding() {
	ExtBuilder.build_and_execute(|| {
		let pallet = <SupplyChain as frame_support::traits::PalletInfoAccess>::index() as u8;
		let decodes = |call_index: u8, args: Vec<u8>| {
			let mut bytes = vec![pallet, call_index];
			bytes.extend(args);
			RuntimeCall::decode(&mut &bytes[..]).is_ok()
		};
		let code = |len: u32| vec![b'0'; len as usize];
		// register_lot(lot, product_code, quantity, metadata)
		let lot = |code_len, meta_len| (1u64, code(code_len), 1u64, code(meta_len)).encode();
		assert!(decodes(0, lot(MAX_PRODUCT_CODE, MAX_METADATA)));
		assert!(!decodes(0, lot(MAX_PRODUCT_CODE + 1, 0)));
		assert!(!decodes(0, lot(0, MAX_METADATA + 1)));
		// transform(inputs, output, product_code, quantity, metadata)
		let inputs = |n: u64| ((0..n).collect::<Vec<_>>(), 9u64, code(1), 1u64, code(0)).encode();
		assert!(decodes(1, inputs(MAX_INPUTS as u64)));
		assert!(!decodes(1, inputs(MAX_INPUTS as u64 + 1)));
		// create_shipment(shipment, lots, receiver, conditions, trackers, agreement)
		let create = |lots: u64, rules: u16, trackers: u8| {
			(
				SHIPMENT,
				(0..lots).collect::<Vec<_>>(),
				PHARMACY,
				(0..rules)
					.map(|c| ConditionRule { metric: Metric::Custom(c), min: 0, max: 1 })
					.collect::<Vec<_>>(),
				(0..trackers).map(|b| AccountId32::new([b; 32])).collect::<Vec<_>>(),
				None::<AgreementId>,
			)
				.encode()
		};
		assert!(decodes(2, create(MAX_LOTS as u64, MAX_CONDITIONS as u16, MAX_TRACKERS as u8)));
		assert!(!decodes(2, create(MAX_LOTS as u64 + 1, 0, 0)));
		assert!(!decodes(2, create(1, MAX_CONDITIONS as u16 + 1, 0)));
		assert!(!decodes(2, create(1, 0, MAX_TRACKERS as u8 + 1)));
		// handover(shipment, to, location), reject_delivery(shipment, reason)
		let place = |len| (SHIPMENT, CARRIER, code(len)).encode();
		assert!(decodes(3, place(MAX_LOCATION)));
		assert!(!decodes(3, place(MAX_LOCATION + 1)));
		let reason = |len| (SHIPMENT, code(len)).encode();
		assert!(decodes(10, reason(MAX_REASON)));
		assert!(!decodes(10, reason(MAX_REASON + 1)));
		// record_milestone(shipment, kind, location, evidence, signature)
		let milestone = |len| {
			(
				SHIPMENT,
				MilestoneKind::Arrived,
				code(len),
				None::<AnchorRef>,
				None::<DeviceSignature>,
			)
				.encode()
		};
		assert!(decodes(7, milestone(MAX_LOCATION)));
		assert!(!decodes(7, milestone(MAX_LOCATION + 1)));
	});
}
