//! Unit tests: every call, every error, the reads, the payloads and the invariants.

// Test code: a panic is a failed test.
#![allow(
	clippy::unwrap_used,
	clippy::expect_used,
	clippy::indexing_slicing,
	clippy::arithmetic_side_effects
)]

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
use iotchain_primitives::{DeviceStatus, ShipmentParties};
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
	MockAnchors::anchor(device, 0);
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

// ---- lots ----

#[test]
fn register_lot_stores_the_lot_and_emits_lot_registered() {
	ExtBuilder.build_and_execute(|| {
		System::set_block_number(3);
		assert_ok!(calls::register_lot(
			RuntimeOrigin::signed(PRODUCER),
			10,
			GTIN.to_vec(),
			500,
			b"ipfs://coa".to_vec()
		));

		let lot = Lots::<Test>::get(10).unwrap();
		assert_eq!(lot.producer, PRODUCER);
		assert_eq!(lot.holder, PRODUCER);
		assert_eq!(lot.product_code.to_vec(), GTIN.to_vec());
		assert_eq!(lot.quantity, 500);
		assert_eq!(lot.metadata.to_vec(), b"ipfs://coa".to_vec());
		assert!(lot.inputs.is_empty());
		assert_eq!(lot.status, LotStatus::Available);
		assert_eq!(lot.created_at, 3);
		System::assert_last_event(
			Event::LotRegistered {
				lot: 10,
				producer: PRODUCER,
				product_code: bounded(GTIN.to_vec()),
				quantity: 500,
			}
			.into(),
		);
	});
}

#[test]
fn register_lot_rejects_an_id_used_before() {
	ExtBuilder.build_and_execute(|| {
		register_lot(&PRODUCER, 10);
		assert_noop!(
			calls::register_lot(RuntimeOrigin::signed(STRANGER), 10, GTIN.to_vec(), 1, vec![]),
			Error::<Test>::LotAlreadyExists
		);
	});
}

#[test]
fn register_lot_rejects_a_zero_quantity_and_takes_the_longest_fields() {
	ExtBuilder.build_and_execute(|| {
		assert_noop!(
			calls::register_lot(RuntimeOrigin::signed(PRODUCER), 1, GTIN.to_vec(), 0, vec![]),
			Error::<Test>::ZeroQuantity
		);
		assert_ok!(calls::register_lot(
			RuntimeOrigin::signed(PRODUCER),
			1,
			vec![b'0'; MAX_PRODUCT_CODE as usize],
			1,
			vec![b'x'; MAX_METADATA as usize]
		));
	});
}

#[test]
fn transform_consumes_the_inputs_and_links_the_output_to_them() {
	ExtBuilder.build_and_execute(|| {
		register_lot(&PRODUCER, 1);
		register_lot(&PRODUCER, 2);
		assert_ok!(calls::transform(
			RuntimeOrigin::signed(PRODUCER),
			vec![1, 2],
			3,
			b"vaccine".to_vec(),
			100,
			b"ipfs://batch".to_vec()
		));

		assert_eq!(Lots::<Test>::get(1).unwrap().status, LotStatus::Consumed { into: 3 });
		assert_eq!(Lots::<Test>::get(2).unwrap().status, LotStatus::Consumed { into: 3 });
		let output = Lots::<Test>::get(3).unwrap();
		assert_eq!(output.inputs.to_vec(), vec![1, 2]);
		assert_eq!(output.holder, PRODUCER);
		assert_eq!(output.status, LotStatus::Available);
		System::assert_last_event(
			Event::LotTransformed {
				lot: 3,
				holder: PRODUCER,
				inputs: bounded(vec![1, 2]),
				product_code: bounded(b"vaccine".to_vec()),
				quantity: 100,
			}
			.into(),
		);
	});
}

#[test]
fn transform_rejects_empty_or_repeated_inputs() {
	ExtBuilder.build_and_execute(|| {
		for lot in 1..=4 {
			register_lot(&PRODUCER, lot);
		}
		let transform = |inputs: Vec<LotId>| {
			calls::transform(RuntimeOrigin::signed(PRODUCER), inputs, 9, GTIN.to_vec(), 1, vec![])
		};
		assert_noop!(transform(vec![]), Error::<Test>::NoInputs);
		assert_noop!(transform(vec![1, 2, 1]), Error::<Test>::DuplicateLot);
		assert_noop!(
			calls::transform(RuntimeOrigin::signed(PRODUCER), vec![1], 9, GTIN.to_vec(), 0, vec![]),
			Error::<Test>::ZeroQuantity
		);
		assert_ok!(transform(vec![1, 2, 3]));
	});
}

#[test]
fn transform_rejects_an_output_id_used_before() {
	ExtBuilder.build_and_execute(|| {
		register_lot(&PRODUCER, 1);
		register_lot(&PRODUCER, 2);
		for output in [1, 2] {
			assert_noop!(
				calls::transform(
					RuntimeOrigin::signed(PRODUCER),
					vec![1],
					output,
					GTIN.to_vec(),
					1,
					vec![]
				),
				Error::<Test>::LotAlreadyExists
			);
		}
	});
}

#[test]
fn transform_rejects_inputs_that_are_unknown_consumed_travelling_or_not_held() {
	ExtBuilder.build_and_execute(|| {
		ship(vec![]);
		register_lot(&PRODUCER, 2);
		register_lot(&STRANGER, 3);
		assert_ok!(calls::transform(
			RuntimeOrigin::signed(PRODUCER),
			vec![2],
			4,
			GTIN.to_vec(),
			1,
			vec![]
		));
		let transform = |input: LotId| {
			calls::transform(
				RuntimeOrigin::signed(PRODUCER),
				vec![input],
				9,
				GTIN.to_vec(),
				1,
				vec![],
			)
		};
		assert_noop!(transform(99), Error::<Test>::UnknownLot);
		assert_noop!(transform(2), Error::<Test>::LotConsumed);
		assert_noop!(transform(1), Error::<Test>::LotInOpenShipment);
		assert_noop!(transform(3), Error::<Test>::NotLotHolder);
	});
}

// ---- shipments ----

#[test]
fn create_shipment_holds_the_exact_deposit_and_locks_the_lots() {
	ExtBuilder.build_and_execute(|| {
		let (_, device) = tracker(TestKey::sr25519(1));
		register_lot(&PRODUCER, 1);
		register_lot(&PRODUCER, 2);
		let humidity = ConditionRule { metric: Metric::Humidity, min: 0, max: 6_500 };
		assert_ok!(calls::create_shipment(
			RuntimeOrigin::signed(PRODUCER),
			SHIPMENT,
			vec![1, 2],
			PHARMACY,
			vec![cold_chain(), humidity],
			vec![device.clone()],
			None
		));

		// Two lots, one tracker and two rules: five items.
		let deposit = DEPOSIT_BASE + 5 * DEPOSIT_PER_ITEM;
		assert_eq!(held(&PRODUCER), deposit);
		assert_eq!(Balances::balance(&PRODUCER), INITIAL_BALANCE - deposit - fees_paid());
		let record = shipment();
		assert_eq!(record.shipper, PRODUCER);
		assert_eq!(record.custodian, PRODUCER);
		assert_eq!(record.receiver, PHARMACY);
		assert_eq!(record.status, ShipmentStatus::InTransit);
		assert_eq!(record.deposit, deposit);
		assert_eq!(record.trackers.to_vec(), vec![Tracker { device: device.clone(), nonce: 0 }]);
		assert_eq!(record.history_len, 1);
		assert_eq!(entry(0), HistoryEvent::Created { shipper: PRODUCER, receiver: PHARMACY });
		for lot in [1, 2] {
			assert_eq!(Lots::<Test>::get(lot).unwrap().status, LotStatus::InShipment(SHIPMENT));
			assert_eq!(LotShipments::<Test>::get(lot).to_vec(), vec![SHIPMENT]);
		}
		assert!(ShipmentsByParty::<Test>::contains_key(PRODUCER, shipment_key(SHIPMENT)));
		// The receiver is indexed only once it takes part.
		assert!(!ShipmentsByParty::<Test>::contains_key(PHARMACY, shipment_key(SHIPMENT)));
		System::assert_last_event(
			Event::ShipmentCreated {
				shipment: SHIPMENT,
				shipper: PRODUCER,
				receiver: PHARMACY,
				lots: bounded(vec![1, 2]),
				conditions: bounded(vec![cold_chain(), humidity]),
				trackers: bounded(vec![device]),
				agreement: None,
				deposit,
			}
			.into(),
		);
	});
}

#[test]
fn create_shipment_rejects_an_id_used_before_and_the_shipper_as_receiver() {
	ExtBuilder.build_and_execute(|| {
		ship(vec![]);
		register_lot(&PRODUCER, 2);
		let create = |id: ShipmentId, receiver: AccountId32| {
			calls::create_shipment(
				RuntimeOrigin::signed(PRODUCER),
				id,
				vec![2],
				receiver,
				vec![],
				vec![],
				None,
			)
		};
		assert_noop!(create(SHIPMENT, PHARMACY), Error::<Test>::ShipmentExists);
		assert_noop!(create(8, PRODUCER), Error::<Test>::ReceiverIsShipper);
	});
}

#[test]
fn create_shipment_rejects_empty_or_repeated_lot_lists() {
	ExtBuilder.build_and_execute(|| {
		for lot in 1..=4 {
			register_lot(&PRODUCER, lot);
		}
		let create = |lots: Vec<LotId>| {
			calls::create_shipment(
				RuntimeOrigin::signed(PRODUCER),
				SHIPMENT,
				lots,
				PHARMACY,
				vec![],
				vec![],
				None,
			)
		};
		assert_noop!(create(vec![]), Error::<Test>::NoLots);
		assert_noop!(create(vec![1, 1]), Error::<Test>::DuplicateLot);
	});
}

#[test]
fn reusing_a_lot_in_two_open_shipments_is_rejected() {
	ExtBuilder.build_and_execute(|| {
		ship(vec![]);
		register_lot(&PRODUCER, 2);
		let before = held(&PRODUCER);
		assert_noop!(
			calls::create_shipment(
				RuntimeOrigin::signed(PRODUCER),
				SHIPMENT + 1,
				vec![2, 1],
				WAREHOUSE,
				vec![],
				vec![],
				None
			),
			Error::<Test>::LotInOpenShipment
		);
		assert_eq!(held(&PRODUCER), before);
		assert_eq!(Lots::<Test>::get(2).unwrap().status, LotStatus::Available);
	});
}

#[test]
fn create_shipment_rejects_lots_unknown_consumed_or_held_by_another() {
	ExtBuilder.build_and_execute(|| {
		register_lot(&PRODUCER, 1);
		register_lot(&STRANGER, 2);
		assert_ok!(calls::transform(
			RuntimeOrigin::signed(PRODUCER),
			vec![1],
			3,
			GTIN.to_vec(),
			1,
			vec![]
		));
		let create = |lot: LotId| {
			calls::create_shipment(
				RuntimeOrigin::signed(PRODUCER),
				SHIPMENT,
				vec![lot],
				PHARMACY,
				vec![],
				vec![],
				None,
			)
		};
		assert_noop!(create(99), Error::<Test>::UnknownLot);
		assert_noop!(create(1), Error::<Test>::LotConsumed);
		assert_noop!(create(2), Error::<Test>::NotLotHolder);
		assert_ok!(create(3));
	});
}

#[test]
fn create_shipment_rejects_repeated_or_inactive_trackers() {
	ExtBuilder.build_and_execute(|| {
		register_lot(&PRODUCER, 1);
		let (_, first) = tracker(TestKey::sr25519(1));
		let (_, second) = tracker(TestKey::ed25519(2));
		let (_, suspended) = tracker(TestKey::sr25519(4));
		MockDevices::set_status(&suspended, DeviceStatus::Suspended);
		let create = |trackers: Vec<AccountId32>| {
			calls::create_shipment(
				RuntimeOrigin::signed(PRODUCER),
				SHIPMENT,
				vec![1],
				PHARMACY,
				vec![],
				trackers,
				None,
			)
		};
		assert_noop!(create(vec![first.clone(), first.clone()]), Error::<Test>::DuplicateTracker);
		assert_noop!(create(vec![first.clone(), STRANGER]), Error::<Test>::TrackerNotActive);
		assert_noop!(create(vec![suspended]), Error::<Test>::TrackerNotActive);
		assert_ok!(create(vec![first, second]));
	});
}

#[test]
fn create_shipment_rejects_inverted_or_repeated_rules() {
	ExtBuilder.build_and_execute(|| {
		register_lot(&PRODUCER, 1);
		let create = |conditions: Vec<ConditionRule>| {
			calls::create_shipment(
				RuntimeOrigin::signed(PRODUCER),
				SHIPMENT,
				vec![1],
				PHARMACY,
				conditions,
				vec![],
				None,
			)
		};
		let rule = |metric, min, max| ConditionRule { metric, min, max };
		assert_noop!(
			create(vec![rule(Metric::Temperature, 800, 200)]),
			Error::<Test>::InvalidRange
		);
		assert_noop!(
			create(vec![cold_chain(), rule(Metric::Temperature, -2_000, 0)]),
			Error::<Test>::DuplicateCondition
		);
		// A single-value range is a proper range; custom codes are metrics of their own.
		assert_ok!(create(vec![
			rule(Metric::Shock, 0, 0),
			rule(Metric::Custom(1), 0, 1),
			rule(Metric::Custom(2), 0, 1)
		]));
	});
}

#[test]
fn create_shipment_links_an_agreement_waiting_on_its_delivery() {
	ExtBuilder.build_and_execute(|| {
		register_lot(&PRODUCER, 1);
		// The pharmacy pays the carrier when the vaccine is delivered.
		MockPayments::add_agreement(5, SHIPMENT, MilestoneKind::Delivered, PHARMACY, CARRIER);
		assert_ok!(calls::create_shipment(
			RuntimeOrigin::signed(PRODUCER),
			SHIPMENT,
			vec![1],
			PHARMACY,
			vec![],
			vec![],
			Some(5)
		));
		assert_eq!(shipment().agreement, Some(5));
	});
}

#[test]
fn create_shipment_rejects_an_agreement_that_does_not_fit() {
	ExtBuilder.build_and_execute(|| {
		register_lot(&PRODUCER, 1);
		MockPayments::add_agreement(1, SHIPMENT + 1, MilestoneKind::Delivered, PHARMACY, CARRIER);
		MockPayments::add_agreement(2, SHIPMENT, MilestoneKind::PickedUp, PHARMACY, CARRIER);
		MockPayments::add_agreement(3, SHIPMENT, MilestoneKind::Delivered, STRANGER, CARRIER);
		let create = |agreement: AgreementId| {
			calls::create_shipment(
				RuntimeOrigin::signed(PRODUCER),
				SHIPMENT,
				vec![1],
				PHARMACY,
				vec![],
				vec![],
				Some(agreement),
			)
		};
		assert_noop!(create(99), Error::<Test>::AgreementMismatch);
		assert_noop!(create(1), Error::<Test>::AgreementMismatch);
		assert_noop!(create(2), Error::<Test>::AgreementMismatch);
		assert_noop!(create(3), Error::<Test>::AgreementNotBetweenParties);
	});
}

#[test]
fn create_shipment_fails_when_the_shipper_cannot_pay_the_deposit() {
	ExtBuilder.build_and_execute(|| {
		// The lot's storage fee is paid; then the poor account has little more than its existence.
		assert_ok!(Balances::force_set_balance(RuntimeOrigin::root(), POOR, INITIAL_BALANCE));
		register_lot(&POOR, 1);
		assert_ok!(Balances::force_set_balance(RuntimeOrigin::root(), POOR, POOR_BALANCE));
		assert_noop!(
			calls::create_shipment(
				RuntimeOrigin::signed(POOR),
				SHIPMENT,
				vec![1],
				PHARMACY,
				vec![cold_chain()],
				vec![],
				None
			),
			Error::<Test>::CannotPayDeposit
		);
	});
}

#[test]
fn a_lot_travels_in_at_most_max_shipments_per_lot() {
	ExtBuilder.build_and_execute(|| {
		register_lot(&PRODUCER, 1);
		for id in 0..u64::from(MAX_SHIPMENTS_PER_LOT) {
			assert_ok!(calls::create_shipment(
				RuntimeOrigin::signed(PRODUCER),
				id,
				vec![1],
				PHARMACY,
				vec![],
				vec![],
				None
			));
			assert_ok!(calls::reject_delivery(RuntimeOrigin::signed(PHARMACY), id, vec![]));
		}
		assert_noop!(
			calls::create_shipment(
				RuntimeOrigin::signed(PRODUCER),
				99,
				vec![1],
				PHARMACY,
				vec![],
				vec![],
				None
			),
			Error::<Test>::TooManyShipmentsForLot
		);
		assert_eq!(LotShipments::<Test>::get(1).to_vec(), vec![0, 1]);
	});
}

// ---- custody ----

#[test]
fn handover_offers_custody_and_accept_handover_moves_it() {
	ExtBuilder.build_and_execute(|| {
		ship(vec![]);
		System::set_block_number(2);
		assert_ok!(calls::handover(
			RuntimeOrigin::signed(PRODUCER),
			SHIPMENT,
			CARRIER,
			HAMBURG.to_vec()
		));
		System::assert_last_event(
			Event::HandoverOffered {
				shipment: SHIPMENT,
				from: PRODUCER,
				to: CARRIER,
				location: location(HAMBURG),
				replaced: None,
			}
			.into(),
		);
		assert_eq!(shipment().custodian, PRODUCER);
		assert_eq!(
			shipment().pending_handover,
			Some(PendingHandover { to: CARRIER, location: location(HAMBURG), offered_at: 2 })
		);

		Timestamp::set_timestamp(START + 6_000);
		assert_ok!(SupplyChain::accept_handover(RuntimeOrigin::signed(CARRIER), SHIPMENT));

		let record = shipment();
		assert_eq!(record.custodian, CARRIER);
		assert_eq!(record.pending_handover, None);
		assert_eq!(
			History::<Test>::get(SHIPMENT, 1),
			Some(HistoryEntry {
				block: 2,
				moment: START + 6_000,
				event: HistoryEvent::CustodyTransferred {
					from: PRODUCER,
					to: CARRIER,
					location: location(HAMBURG)
				},
			})
		);
		assert!(ShipmentsByParty::<Test>::contains_key(CARRIER, shipment_key(SHIPMENT)));
		System::assert_last_event(
			Event::HandoverAccepted {
				shipment: SHIPMENT,
				from: PRODUCER,
				to: CARRIER,
				location: location(HAMBURG),
				history_index: 1,
			}
			.into(),
		);
	});
}

#[test]
fn a_handover_by_a_non_custodian_is_rejected() {
	ExtBuilder.build_and_execute(|| {
		ship(vec![]);
		hand_over(&PRODUCER, &CARRIER, HAMBURG);
		// The shipper handed custody on: it may no longer hand it over.
		for who in [PRODUCER, STRANGER, PHARMACY] {
			assert_noop!(
				calls::handover(RuntimeOrigin::signed(who), SHIPMENT, WAREHOUSE, HAMBURG.to_vec()),
				Error::<Test>::NotCustodian
			);
		}
	});
}

#[test]
fn accepting_a_handover_meant_for_someone_else_is_rejected() {
	ExtBuilder.build_and_execute(|| {
		ship(vec![]);
		assert_ok!(calls::handover(
			RuntimeOrigin::signed(PRODUCER),
			SHIPMENT,
			CARRIER,
			HAMBURG.to_vec()
		));
		for who in [WAREHOUSE, PHARMACY, PRODUCER] {
			assert_noop!(
				SupplyChain::accept_handover(RuntimeOrigin::signed(who.clone()), SHIPMENT),
				Error::<Test>::NotHandoverRecipient
			);
			assert_noop!(
				SupplyChain::decline_handover(RuntimeOrigin::signed(who), SHIPMENT),
				Error::<Test>::NotHandoverRecipient
			);
		}
		assert_eq!(shipment().custodian, PRODUCER);
	});
}

#[test]
fn accepting_or_declining_without_an_offer_is_rejected() {
	ExtBuilder.build_and_execute(|| {
		ship(vec![]);
		assert_noop!(
			SupplyChain::accept_handover(RuntimeOrigin::signed(CARRIER), SHIPMENT),
			Error::<Test>::NoPendingHandover
		);
		assert_noop!(
			SupplyChain::decline_handover(RuntimeOrigin::signed(CARRIER), SHIPMENT),
			Error::<Test>::NoPendingHandover
		);
	});
}

#[test]
fn decline_handover_leaves_custody_with_the_custodian() {
	ExtBuilder.build_and_execute(|| {
		ship(vec![]);
		assert_ok!(calls::handover(
			RuntimeOrigin::signed(PRODUCER),
			SHIPMENT,
			CARRIER,
			HAMBURG.to_vec()
		));
		assert_ok!(SupplyChain::decline_handover(RuntimeOrigin::signed(CARRIER), SHIPMENT));

		assert_eq!(shipment().custodian, PRODUCER);
		assert_eq!(shipment().pending_handover, None);
		assert_eq!(shipment().history_len, 1);
		assert!(!ShipmentsByParty::<Test>::contains_key(CARRIER, shipment_key(SHIPMENT)));
		System::assert_last_event(
			Event::HandoverDeclined { shipment: SHIPMENT, custodian: PRODUCER, to: CARRIER }.into(),
		);
		assert_noop!(
			SupplyChain::accept_handover(RuntimeOrigin::signed(CARRIER), SHIPMENT),
			Error::<Test>::NoPendingHandover
		);
	});
}

#[test]
fn cancel_handover_withdraws_the_custodians_offer() {
	ExtBuilder.build_and_execute(|| {
		ship(vec![]);
		assert_noop!(
			SupplyChain::cancel_handover(RuntimeOrigin::signed(PRODUCER), SHIPMENT),
			Error::<Test>::NoPendingHandover
		);
		assert_ok!(calls::handover(
			RuntimeOrigin::signed(PRODUCER),
			SHIPMENT,
			CARRIER,
			HAMBURG.to_vec()
		));
		assert_noop!(
			SupplyChain::cancel_handover(RuntimeOrigin::signed(CARRIER), SHIPMENT),
			Error::<Test>::NotCustodian
		);
		assert_ok!(SupplyChain::cancel_handover(RuntimeOrigin::signed(PRODUCER), SHIPMENT));

		assert_eq!(shipment().pending_handover, None);
		System::assert_last_event(
			Event::HandoverCancelled { shipment: SHIPMENT, custodian: PRODUCER, to: CARRIER }
				.into(),
		);
		assert_noop!(
			SupplyChain::accept_handover(RuntimeOrigin::signed(CARRIER), SHIPMENT),
			Error::<Test>::NoPendingHandover
		);
	});
}

#[test]
fn a_new_offer_replaces_the_pending_one() {
	ExtBuilder.build_and_execute(|| {
		ship(vec![]);
		assert_ok!(calls::handover(
			RuntimeOrigin::signed(PRODUCER),
			SHIPMENT,
			CARRIER,
			HAMBURG.to_vec()
		));
		assert_ok!(calls::handover(
			RuntimeOrigin::signed(PRODUCER),
			SHIPMENT,
			WAREHOUSE,
			ROTTERDAM.to_vec()
		));
		System::assert_last_event(
			Event::HandoverOffered {
				shipment: SHIPMENT,
				from: PRODUCER,
				to: WAREHOUSE,
				location: location(ROTTERDAM),
				replaced: Some(CARRIER),
			}
			.into(),
		);
		assert_noop!(
			SupplyChain::accept_handover(RuntimeOrigin::signed(CARRIER), SHIPMENT),
			Error::<Test>::NotHandoverRecipient
		);
		assert_ok!(SupplyChain::accept_handover(RuntimeOrigin::signed(WAREHOUSE), SHIPMENT));
		assert_eq!(shipment().custodian, WAREHOUSE);
	});
}

#[test]
fn handover_rejects_the_custodian_itself() {
	ExtBuilder.build_and_execute(|| {
		ship(vec![]);
		assert_noop!(
			calls::handover(RuntimeOrigin::signed(PRODUCER), SHIPMENT, PRODUCER, HAMBURG.to_vec()),
			Error::<Test>::HandoverToSelf
		);
	});
}

#[test]
fn custody_calls_on_unknown_or_closed_shipments_fail() {
	ExtBuilder.build_and_execute(|| {
		let other = SHIPMENT + 1;
		assert_noop!(
			calls::handover(RuntimeOrigin::signed(PRODUCER), other, CARRIER, vec![]),
			Error::<Test>::UnknownShipment
		);
		assert_noop!(
			SupplyChain::accept_handover(RuntimeOrigin::signed(CARRIER), other),
			Error::<Test>::UnknownShipment
		);
		ship(vec![]);
		assert_ok!(calls::reject_delivery(RuntimeOrigin::signed(PHARMACY), SHIPMENT, vec![]));
		assert_noop!(
			calls::handover(RuntimeOrigin::signed(PRODUCER), SHIPMENT, CARRIER, vec![]),
			Error::<Test>::ShipmentClosed
		);
		assert_noop!(
			SupplyChain::accept_handover(RuntimeOrigin::signed(CARRIER), SHIPMENT),
			Error::<Test>::ShipmentClosed
		);
		assert_noop!(
			SupplyChain::decline_handover(RuntimeOrigin::signed(CARRIER), SHIPMENT),
			Error::<Test>::ShipmentClosed
		);
		assert_noop!(
			SupplyChain::cancel_handover(RuntimeOrigin::signed(PRODUCER), SHIPMENT),
			Error::<Test>::ShipmentClosed
		);
	});
}

#[test]
fn accept_handover_fails_when_the_history_is_full() {
	ExtBuilder.build_and_execute(|| {
		ship(vec![]);
		// Creation is entry 0; fill the rest of the in-transit entries with handovers.
		let mut custodian = PRODUCER;
		for _ in 1..MAX_HISTORY {
			let next = if custodian == CARRIER { WAREHOUSE } else { CARRIER };
			hand_over(&custodian, &next, HAMBURG);
			custodian = next;
		}
		assert_eq!(shipment().history_len, MAX_HISTORY);
		assert_ok!(calls::handover(
			RuntimeOrigin::signed(custodian),
			SHIPMENT,
			PRODUCER,
			HAMBURG.to_vec()
		));
		assert_noop!(
			SupplyChain::accept_handover(RuntimeOrigin::signed(PRODUCER), SHIPMENT),
			Error::<Test>::TooManyHistoryEntries
		);
	});
}

// ---- milestones ----

#[test]
fn the_custodian_records_a_milestone_with_anchored_evidence() {
	ExtBuilder.build_and_execute(|| {
		let (_, device) = tracker(TestKey::sr25519(1));
		ship(vec![device.clone()]);
		MockAnchors::anchor(&device, 4);
		assert_ok!(calls::record_milestone(
			RuntimeOrigin::signed(PRODUCER),
			SHIPMENT,
			MilestoneKind::Departed,
			HAMBURG.to_vec(),
			Some(anchor(&device, 4)),
			None
		));

		let reporter = Reporter::Custodian(PRODUCER);
		assert_eq!(
			entry(1),
			HistoryEvent::Milestone {
				kind: MilestoneKind::Departed,
				location: location(HAMBURG),
				evidence: Some(anchor(&device, 4)),
				reporter: reporter.clone(),
			}
		);
		// A custodian's milestone spends no tracker's nonce.
		assert_eq!(shipment().trackers[0].nonce, 0);
		System::assert_last_event(
			Event::MilestoneRecorded {
				shipment: SHIPMENT,
				kind: MilestoneKind::Departed,
				location: location(HAMBURG),
				evidence: Some(anchor(&device, 4)),
				reporter,
				history_index: 1,
			}
			.into(),
		);
	});
}

#[test]
fn a_tracker_device_records_a_milestone_itself() {
	ExtBuilder.build_and_execute(|| {
		let (key, device) = tracker(TestKey::ed25519(1));
		ship(vec![device.clone()]);
		assert_ok!(calls::record_milestone(
			RuntimeOrigin::signed(key.account()),
			SHIPMENT,
			MilestoneKind::Custom(17),
			ROTTERDAM.to_vec(),
			None,
			None
		));
		let reporter = Reporter::Tracker { device: device.clone(), relayer: None };
		System::assert_last_event(
			Event::MilestoneRecorded {
				shipment: SHIPMENT,
				kind: MilestoneKind::Custom(17),
				location: location(ROTTERDAM),
				evidence: None,
				reporter,
				history_index: 1,
			}
			.into(),
		);
		assert_eq!(shipment().trackers[0].nonce, 1);
	});
}

#[test]
fn a_relayed_tracker_milestone_names_the_relayer_for_every_scheme() {
	ExtBuilder.build_and_execute(|| {
		let keys = [TestKey::sr25519(1), TestKey::ed25519(2)];
		let trackers: Vec<_> = keys.into_iter().map(tracker).collect();
		let devices: Vec<_> = trackers.iter().map(|(_, device)| device.clone()).collect();
		ship(devices);
		for (index, (key, device)) in trackers.iter().enumerate() {
			let signature =
				key.sign_milestone(device, SHIPMENT, 0, MilestoneKind::Arrived, ROTTERDAM, &None);
			assert_ok!(calls::record_milestone(
				RuntimeOrigin::signed(RELAYER),
				SHIPMENT,
				MilestoneKind::Arrived,
				ROTTERDAM.to_vec(),
				None,
				Some(signature)
			));
			System::assert_last_event(
				Event::MilestoneRecorded {
					shipment: SHIPMENT,
					kind: MilestoneKind::Arrived,
					location: location(ROTTERDAM),
					evidence: None,
					reporter: Reporter::Tracker { device: device.clone(), relayer: Some(RELAYER) },
					history_index: index as u32 + 1,
				}
				.into(),
			);
			assert_eq!(shipment().trackers[index].nonce, 1);
		}
	});
}

#[test]
fn an_ecdsa_tracker_signature_is_accepted_too() {
	ExtBuilder.build_and_execute(|| {
		let (key, device) = tracker(TestKey::ecdsa(3));
		ship(vec![device.clone()]);
		let signature =
			key.sign_milestone(&device, SHIPMENT, 0, MilestoneKind::PickedUp, HAMBURG, &None);
		assert_ok!(calls::record_milestone(
			RuntimeOrigin::signed(CARRIER),
			SHIPMENT,
			MilestoneKind::PickedUp,
			HAMBURG.to_vec(),
			None,
			Some(signature)
		));
	});
}

#[test]
fn a_replayed_tracker_signature_is_rejected() {
	ExtBuilder.build_and_execute(|| {
		let (key, device) = tracker(TestKey::sr25519(1));
		ship(vec![device.clone()]);
		let signature =
			key.sign_milestone(&device, SHIPMENT, 0, MilestoneKind::Departed, HAMBURG, &None);
		let record = |signature| {
			calls::record_milestone(
				RuntimeOrigin::signed(RELAYER),
				SHIPMENT,
				MilestoneKind::Departed,
				HAMBURG.to_vec(),
				None,
				Some(signature),
			)
		};
		assert_ok!(record(signature.clone()));
		assert_noop!(record(signature), Error::<Test>::InvalidTrackerSignature);
		let next =
			key.sign_milestone(&device, SHIPMENT, 1, MilestoneKind::Departed, HAMBURG, &None);
		assert_ok!(record(next));
	});
}

#[test]
fn a_signature_over_other_fields_is_rejected() {
	ExtBuilder.build_and_execute(|| {
		let (key, device) = tracker(TestKey::sr25519(1));
		ship(vec![device.clone()]);
		MockAnchors::anchor(&device, 1);
		let kind = MilestoneKind::Arrived;
		let forged = [
			key.sign_milestone(&device, SHIPMENT + 1, 0, kind, HAMBURG, &None),
			key.sign_milestone(&device, SHIPMENT, 0, MilestoneKind::Departed, HAMBURG, &None),
			key.sign_milestone(&device, SHIPMENT, 0, kind, ROTTERDAM, &None),
			key.sign_milestone(&device, SHIPMENT, 0, kind, HAMBURG, &Some(anchor(&device, 1))),
			key.sign_milestone(&device, SHIPMENT, 1, kind, HAMBURG, &None),
			DeviceSignature {
				device: device.clone(),
				signature: TestKey::sr25519(9).sign(&SupplyChain::milestone_payload(
					SHIPMENT, &device, 0, &kind, HAMBURG, &None,
				)),
			},
		];
		for signature in forged {
			assert_noop!(
				calls::record_milestone(
					RuntimeOrigin::signed(RELAYER),
					SHIPMENT,
					kind,
					HAMBURG.to_vec(),
					None,
					Some(signature)
				),
				Error::<Test>::InvalidTrackerSignature
			);
		}
	});
}

#[test]
fn a_milestone_from_a_device_not_assigned_is_rejected() {
	ExtBuilder.build_and_execute(|| {
		let (_, assigned) = tracker(TestKey::sr25519(1));
		let (other_key, other) = tracker(TestKey::sr25519(2));
		ship(vec![assigned]);
		let signature =
			other_key.sign_milestone(&other, SHIPMENT, 0, MilestoneKind::Arrived, HAMBURG, &None);
		assert_noop!(
			calls::record_milestone(
				RuntimeOrigin::signed(RELAYER),
				SHIPMENT,
				MilestoneKind::Arrived,
				HAMBURG.to_vec(),
				None,
				Some(signature)
			),
			Error::<Test>::NotTracker
		);
		// Sent by the unassigned device itself: neither custodian nor tracker.
		assert_noop!(
			calls::record_milestone(
				RuntimeOrigin::signed(other_key.account()),
				SHIPMENT,
				MilestoneKind::Arrived,
				HAMBURG.to_vec(),
				None,
				None
			),
			Error::<Test>::NotCustodianOrTracker
		);
	});
}

#[test]
fn a_milestone_from_neither_custodian_nor_tracker_is_rejected() {
	ExtBuilder.build_and_execute(|| {
		ship(vec![]);
		hand_over(&PRODUCER, &CARRIER, HAMBURG);
		for who in [PRODUCER, STRANGER, PHARMACY] {
			assert_noop!(
				calls::record_milestone(
					RuntimeOrigin::signed(who),
					SHIPMENT,
					MilestoneKind::Departed,
					HAMBURG.to_vec(),
					None,
					None
				),
				Error::<Test>::NotCustodianOrTracker
			);
		}
	});
}

#[test]
fn evidence_that_was_never_anchored_is_rejected() {
	ExtBuilder.build_and_execute(|| {
		let (key, device) = tracker(TestKey::sr25519(1));
		ship(vec![device.clone()]);
		MockAnchors::anchor(&device, 1);
		assert_noop!(
			calls::record_milestone(
				RuntimeOrigin::signed(PRODUCER),
				SHIPMENT,
				MilestoneKind::Departed,
				HAMBURG.to_vec(),
				Some(anchor(&device, 2)),
				None
			),
			Error::<Test>::EvidenceNotAnchored
		);
		let evidence = Some(anchor(&device, 2));
		let signature =
			key.sign_milestone(&device, SHIPMENT, 0, MilestoneKind::Departed, HAMBURG, &evidence);
		assert_noop!(
			calls::record_milestone(
				RuntimeOrigin::signed(RELAYER),
				SHIPMENT,
				MilestoneKind::Departed,
				HAMBURG.to_vec(),
				evidence,
				Some(signature)
			),
			Error::<Test>::EvidenceNotAnchored
		);
	});
}

#[test]
fn evidence_anchored_before_the_shipment_is_rejected() {
	ExtBuilder.build_and_execute(|| {
		// The attack: last month's readings, anchored before this shipment existed, offered as
		// evidence of this journey.
		let (_, device) = tracker(TestKey::sr25519(1));
		MockAnchors::anchor(&device, 1);
		System::set_block_number(System::block_number() + 5);
		ship(vec![device.clone()]);
		assert_noop!(
			calls::record_milestone(
				RuntimeOrigin::signed(PRODUCER),
				SHIPMENT,
				MilestoneKind::Departed,
				HAMBURG.to_vec(),
				Some(anchor(&device, 1)),
				None
			),
			Error::<Test>::EvidenceBeforeShipment
		);
		// An anchor of the same tracker made since the shipment was created is evidence.
		MockAnchors::anchor(&device, 2);
		assert_ok!(calls::record_milestone(
			RuntimeOrigin::signed(PRODUCER),
			SHIPMENT,
			MilestoneKind::Departed,
			HAMBURG.to_vec(),
			Some(anchor(&device, 2)),
			None
		));
	});
}

#[test]
fn an_inactive_tracker_cannot_report() {
	ExtBuilder.build_and_execute(|| {
		let (key, device) = tracker(TestKey::sr25519(1));
		ship(vec![device.clone()]);
		MockDevices::set_status(&device, DeviceStatus::Suspended);
		MockAnchors::anchor(&device, 0);
		let signature =
			key.sign_milestone(&device, SHIPMENT, 0, MilestoneKind::Departed, HAMBURG, &None);
		assert_noop!(
			calls::record_milestone(
				RuntimeOrigin::signed(RELAYER),
				SHIPMENT,
				MilestoneKind::Departed,
				HAMBURG.to_vec(),
				None,
				Some(signature)
			),
			Error::<Test>::TrackerNotActive
		);
		assert_noop!(
			calls::record_milestone(
				RuntimeOrigin::signed(key.account()),
				SHIPMENT,
				MilestoneKind::Departed,
				HAMBURG.to_vec(),
				None,
				None
			),
			Error::<Test>::TrackerNotActive
		);
		assert_noop!(report(&key, &device, 300, 400), Error::<Test>::TrackerNotActive);
		MockDevices::set_status(&device, DeviceStatus::Active);
		assert_ok!(report(&key, &device, 300, 400));
	});
}

#[test]
fn after_a_key_rotation_only_the_new_key_speaks_for_the_tracker() {
	ExtBuilder.build_and_execute(|| {
		let (old_key, device) = tracker(TestKey::sr25519(1));
		ship(vec![device.clone()]);
		let new_key = TestKey::ed25519(2);
		MockDevices::rotate(&device, new_key.public());
		let _ = Balances::force_set_balance(RuntimeOrigin::root(), new_key.account(), 1_000);

		let old =
			old_key.sign_milestone(&device, SHIPMENT, 0, MilestoneKind::Arrived, HAMBURG, &None);
		assert_noop!(
			calls::record_milestone(
				RuntimeOrigin::signed(RELAYER),
				SHIPMENT,
				MilestoneKind::Arrived,
				HAMBURG.to_vec(),
				None,
				Some(old)
			),
			Error::<Test>::InvalidTrackerSignature
		);
		assert_noop!(
			calls::record_milestone(
				RuntimeOrigin::signed(old_key.account()),
				SHIPMENT,
				MilestoneKind::Arrived,
				HAMBURG.to_vec(),
				None,
				None
			),
			Error::<Test>::NotCustodianOrTracker
		);
		assert_ok!(calls::record_milestone(
			RuntimeOrigin::signed(new_key.account()),
			SHIPMENT,
			MilestoneKind::Arrived,
			HAMBURG.to_vec(),
			None,
			None
		));
		let new =
			new_key.sign_milestone(&device, SHIPMENT, 1, MilestoneKind::Departed, HAMBURG, &None);
		assert_ok!(calls::record_milestone(
			RuntimeOrigin::signed(new_key.account()),
			SHIPMENT,
			MilestoneKind::Departed,
			HAMBURG.to_vec(),
			None,
			Some(new)
		));
		// The new key sent it itself: no relayer.
		assert_eq!(
			entry(2),
			HistoryEvent::Milestone {
				kind: MilestoneKind::Departed,
				location: location(HAMBURG),
				evidence: None,
				reporter: Reporter::Tracker { device, relayer: None },
			}
		);
	});
}

#[test]
fn delivered_is_recorded_only_by_the_receivers_acceptance() {
	ExtBuilder.build_and_execute(|| {
		ship(vec![]);
		assert_noop!(
			calls::record_milestone(
				RuntimeOrigin::signed(PRODUCER),
				SHIPMENT,
				MilestoneKind::Delivered,
				HAMBURG.to_vec(),
				None,
				None
			),
			Error::<Test>::DeliveredOnlyByAcceptance
		);
	});
}

#[test]
fn record_milestone_rejects_unknown_closed_and_full_shipments() {
	ExtBuilder.build_and_execute(|| {
		let milestone = |id: ShipmentId, place: Vec<u8>| {
			calls::record_milestone(
				RuntimeOrigin::signed(PRODUCER),
				id,
				MilestoneKind::Departed,
				place,
				None,
				None,
			)
		};
		assert_noop!(milestone(SHIPMENT, HAMBURG.to_vec()), Error::<Test>::UnknownShipment);
		ship(vec![]);
		for _ in 1..MAX_HISTORY {
			assert_ok!(milestone(SHIPMENT, HAMBURG.to_vec()));
		}
		assert_noop!(milestone(SHIPMENT, HAMBURG.to_vec()), Error::<Test>::TooManyHistoryEntries);
		assert_ok!(calls::reject_delivery(RuntimeOrigin::signed(PHARMACY), SHIPMENT, vec![]));
		assert_noop!(milestone(SHIPMENT, HAMBURG.to_vec()), Error::<Test>::ShipmentClosed);
	});
}

// ---- conditions ----

#[test]
fn a_report_within_the_rule_is_recorded_without_a_breach() {
	ExtBuilder.build_and_execute(|| {
		let (key, device) = tracker(TestKey::sr25519(1));
		ship(vec![device.clone()]);
		assert_ok!(report(&key, &device, 200, 800));

		assert_eq!(shipment().status, ShipmentStatus::InTransit);
		assert_eq!(shipment().first_breach, None);
		assert_eq!(shipment().trackers[0].nonce, 1);
		assert_eq!(
			entry(1),
			HistoryEvent::ConditionReport {
				device: device.clone(),
				relayer: None,
				metric: Metric::Temperature,
				observed_min: 200,
				observed_max: 800,
				window_start: START - 600_000,
				window_end: START,
				anchor: anchor(&device, 0),
				breached: false,
			}
		);
		System::assert_last_event(
			Event::ConditionReported {
				shipment: SHIPMENT,
				device: device.clone(),
				relayer: None,
				metric: Metric::Temperature,
				observed_min: 200,
				observed_max: 800,
				window_start: START - 600_000,
				window_end: START,
				anchor: anchor(&device, 0),
				breached: false,
				history_index: 1,
			}
			.into(),
		);
	});
}

#[test]
fn a_range_outside_the_rule_is_a_breach_for_every_metric() {
	let rules = [
		ConditionRule { metric: Metric::Temperature, min: 200, max: 800 },
		ConditionRule { metric: Metric::Humidity, min: 3_000, max: 6_500 },
		ConditionRule { metric: Metric::Shock, min: 0, max: 2_500 },
		ConditionRule { metric: Metric::Tilt, min: -4_500, max: 4_500 },
		ConditionRule { metric: Metric::Light, min: 0, max: 50 },
		ConditionRule { metric: Metric::Custom(7), min: -10, max: 10 },
	];
	for rule in rules {
		// Below the minimum, above the maximum, and both.
		for (low, high) in
			[(rule.min - 1, rule.max), (rule.min, rule.max + 1), (rule.min - 1, rule.max + 1)]
		{
			ExtBuilder.build_and_execute(|| {
				let (key, device) = tracker(TestKey::sr25519(1));
				register_lot(&PRODUCER, 1);
				assert_ok!(calls::create_shipment(
					RuntimeOrigin::signed(PRODUCER),
					SHIPMENT,
					vec![1],
					PHARMACY,
					vec![rule],
					vec![device.clone()],
					None
				));
				MockAnchors::anchor(&device, 3);
				let observed = observation(rule.metric, low, high, anchor(&device, 3));
				assert_ok!(SupplyChain::report_condition(
					RuntimeOrigin::signed(key.account()),
					SHIPMENT,
					rule.metric,
					low,
					high,
					observed.window_start,
					observed.window_end,
					anchor(&device, 3),
					None
				));

				assert_eq!(shipment().status, ShipmentStatus::ConditionBreached, "{rule:?}");
				assert_eq!(shipment().first_breach, Some(1));
				System::assert_last_event(
					Event::ConditionBreached {
						shipment: SHIPMENT,
						device: device.clone(),
						metric: rule.metric,
						observed_min: low,
						observed_max: high,
						rule_min: rule.min,
						rule_max: rule.max,
						anchor: anchor(&device, 3),
						history_index: 1,
					}
					.into(),
				);
			});
		}
	}
}

#[test]
fn the_first_breach_stays_and_later_reports_are_still_recorded() {
	ExtBuilder.build_and_execute(|| {
		let (key, device) = tracker(TestKey::sr25519(1));
		ship(vec![device.clone()]);
		assert_ok!(report(&key, &device, 300, 500));
		// An 11 °C excursion.
		assert_ok!(report(&key, &device, 400, 1_100));
		assert_ok!(report(&key, &device, 300, 500));
		assert_ok!(report(&key, &device, -100, 500));

		assert_eq!(shipment().status, ShipmentStatus::ConditionBreached);
		assert_eq!(shipment().first_breach, Some(2));
		assert_eq!(shipment().history_len, 5);
		assert!(matches!(entry(4), HistoryEvent::ConditionReport { breached: true, .. }));
		assert!(matches!(entry(3), HistoryEvent::ConditionReport { breached: false, .. }));
	});
}

#[test]
fn a_report_of_a_metric_without_a_rule_never_breaches() {
	ExtBuilder.build_and_execute(|| {
		let (key, device) = tracker(TestKey::sr25519(1));
		ship(vec![device.clone()]);
		MockAnchors::anchor(&device, 0);
		assert_ok!(SupplyChain::report_condition(
			RuntimeOrigin::signed(key.account()),
			SHIPMENT,
			Metric::Shock,
			0,
			i32::MAX,
			START,
			START,
			anchor(&device, 0),
			None
		));
		assert_eq!(shipment().status, ShipmentStatus::InTransit);
		assert!(matches!(
			System::events().last().map(|record| record.event.clone()),
			Some(RuntimeEvent::SupplyChain(Event::ConditionReported { breached: false, .. }))
		));
	});
}

#[test]
fn report_condition_rejects_inverted_ranges_and_windows() {
	ExtBuilder.build_and_execute(|| {
		let (key, device) = tracker(TestKey::sr25519(1));
		ship(vec![device.clone()]);
		MockAnchors::anchor(&device, 0);
		let report = |min: i32, max: i32, start: u64, end: u64| {
			SupplyChain::report_condition(
				RuntimeOrigin::signed(key.account()),
				SHIPMENT,
				Metric::Temperature,
				min,
				max,
				start,
				end,
				anchor(&device, 0),
				None,
			)
		};
		assert_noop!(report(500, 400, START, START), Error::<Test>::InvalidRange);
		assert_noop!(report(400, 500, START, START - 1), Error::<Test>::InvalidTimeWindow);
	});
}

#[test]
fn a_condition_report_needs_an_anchored_batch() {
	ExtBuilder.build_and_execute(|| {
		let (key, device) = tracker(TestKey::sr25519(1));
		ship(vec![device.clone()]);
		assert_noop!(
			SupplyChain::report_condition(
				RuntimeOrigin::signed(key.account()),
				SHIPMENT,
				Metric::Temperature,
				300,
				500,
				START,
				START,
				anchor(&device, 0),
				None
			),
			Error::<Test>::EvidenceNotAnchored
		);
	});
}

#[test]
fn only_trackers_report_conditions() {
	ExtBuilder.build_and_execute(|| {
		let (_, device) = tracker(TestKey::sr25519(1));
		let (other_key, other) = tracker(TestKey::sr25519(2));
		ship(vec![device.clone()]);
		MockAnchors::anchor(&device, 0);
		for who in [PRODUCER, STRANGER, other_key.account()] {
			assert_noop!(
				SupplyChain::report_condition(
					RuntimeOrigin::signed(who),
					SHIPMENT,
					Metric::Temperature,
					300,
					500,
					START,
					START,
					anchor(&device, 0),
					None
				),
				Error::<Test>::NotTracker
			);
		}
		let observed = observation(Metric::Temperature, 300, 500, anchor(&device, 0));
		let signature = other_key.sign_condition(&other, SHIPMENT, 0, &observed);
		assert_noop!(
			SupplyChain::report_condition(
				RuntimeOrigin::signed(RELAYER),
				SHIPMENT,
				Metric::Temperature,
				300,
				500,
				observed.window_start,
				observed.window_end,
				anchor(&device, 0),
				Some(signature)
			),
			Error::<Test>::NotTracker
		);
	});
}

#[test]
fn a_relayed_condition_report_names_the_relayer_and_cannot_be_replayed() {
	ExtBuilder.build_and_execute(|| {
		let (key, device) = tracker(TestKey::sr25519(1));
		ship(vec![device.clone()]);
		MockAnchors::anchor(&device, 8);
		let observed = observation(Metric::Temperature, 250, 1_100, anchor(&device, 8));
		let signature = key.sign_condition(&device, SHIPMENT, 0, &observed);
		let relay = |signature| {
			SupplyChain::report_condition(
				RuntimeOrigin::signed(RELAYER),
				SHIPMENT,
				observed.metric,
				observed.observed_min,
				observed.observed_max,
				observed.window_start,
				observed.window_end,
				observed.anchor.clone(),
				Some(signature),
			)
		};
		assert_ok!(relay(signature.clone()));
		assert!(System::events().iter().any(|record| record.event
			== RuntimeEvent::SupplyChain(Event::ConditionReported {
				shipment: SHIPMENT,
				device: device.clone(),
				relayer: Some(RELAYER),
				metric: Metric::Temperature,
				observed_min: 250,
				observed_max: 1_100,
				window_start: observed.window_start,
				window_end: observed.window_end,
				anchor: anchor(&device, 8),
				breached: true,
				history_index: 1,
			})));
		assert_noop!(relay(signature), Error::<Test>::InvalidTrackerSignature);
	});
}

#[test]
fn a_milestone_signature_is_not_a_condition_signature_and_nonces_are_shared() {
	ExtBuilder.build_and_execute(|| {
		let (key, device) = tracker(TestKey::sr25519(1));
		ship(vec![device.clone()]);
		MockAnchors::anchor(&device, 0);
		let observed = observation(Metric::Temperature, 300, 500, anchor(&device, 0));
		// The same device's milestone signature with the same nonce does not pass as a report.
		let milestone =
			key.sign_milestone(&device, SHIPMENT, 0, MilestoneKind::Arrived, HAMBURG, &None);
		let relay = |signature| {
			SupplyChain::report_condition(
				RuntimeOrigin::signed(RELAYER),
				SHIPMENT,
				observed.metric,
				observed.observed_min,
				observed.observed_max,
				observed.window_start,
				observed.window_end,
				observed.anchor.clone(),
				Some(signature),
			)
		};
		assert_noop!(relay(milestone.clone()), Error::<Test>::InvalidTrackerSignature);
		// Spending nonce 0 on the milestone makes a report signed with nonce 0 stale.
		let report = key.sign_condition(&device, SHIPMENT, 0, &observed);
		assert_ok!(calls::record_milestone(
			RuntimeOrigin::signed(RELAYER),
			SHIPMENT,
			MilestoneKind::Arrived,
			HAMBURG.to_vec(),
			None,
			Some(milestone)
		));
		assert_noop!(relay(report), Error::<Test>::InvalidTrackerSignature);
		assert_ok!(relay(key.sign_condition(&device, SHIPMENT, 1, &observed)));
		assert_eq!(shipment().trackers[0].nonce, 2);
	});
}

// ---- delivery ----

#[test]
fn accepting_an_unbreached_delivery_signals_delivered_exactly_once() {
	ExtBuilder.build_and_execute(|| {
		let (key, device) = tracker(TestKey::sr25519(1));
		MockPayments::add_agreement(5, SHIPMENT, MilestoneKind::Delivered, PHARMACY, CARRIER);
		register_lot(&PRODUCER, 1);
		assert_ok!(calls::create_shipment(
			RuntimeOrigin::signed(PRODUCER),
			SHIPMENT,
			vec![1],
			PHARMACY,
			vec![cold_chain()],
			vec![device.clone()],
			Some(5)
		));
		let deposit = DEPOSIT_BASE + 3 * DEPOSIT_PER_ITEM;
		hand_over(&PRODUCER, &CARRIER, HAMBURG);
		assert_ok!(report(&key, &device, 300, 700));
		hand_over(&CARRIER, &PHARMACY, ROTTERDAM);
		assert_eq!(MockPayments::calls(), vec![]);
		let before = Balances::balance(&PRODUCER);

		assert_ok!(SupplyChain::accept_delivery(RuntimeOrigin::signed(PHARMACY), SHIPMENT));

		assert_eq!(
			MockPayments::calls_with_parties(),
			vec![(
				SHIPMENT,
				MilestoneKind::Delivered,
				ShipmentParties { shipper: PRODUCER, receiver: PHARMACY }
			)]
		);
		assert_eq!(held(&PRODUCER), 0);
		assert_eq!(Balances::balance(&PRODUCER), before + deposit);
		let record = shipment();
		assert_eq!(record.status, ShipmentStatus::Delivered);
		assert_eq!(record.deposit, 0);
		let lot = Lots::<Test>::get(1).unwrap();
		assert_eq!(lot.status, LotStatus::Available);
		assert_eq!(lot.holder, PHARMACY);
		assert_eq!(
			entry(record.history_len - 1),
			HistoryEvent::Delivered { receiver: PHARMACY, milestone_signalled: true }
		);
		System::assert_last_event(
			Event::DeliveryAccepted {
				shipment: SHIPMENT,
				receiver: PHARMACY,
				lots: bounded(vec![1]),
				milestone_signalled: true,
				deposit_released: deposit,
				history_index: 4,
			}
			.into(),
		);
	});
}

#[test]
fn accepting_the_delivery_takes_a_final_handover_offered_to_the_receiver() {
	ExtBuilder.build_and_execute(|| {
		ship(vec![]);
		hand_over(&PRODUCER, &CARRIER, HAMBURG);
		assert_ok!(calls::handover(
			RuntimeOrigin::signed(CARRIER),
			SHIPMENT,
			PHARMACY,
			ROTTERDAM.to_vec()
		));
		assert_ok!(SupplyChain::accept_delivery(RuntimeOrigin::signed(PHARMACY), SHIPMENT));

		assert_eq!(shipment().custodian, PHARMACY);
		assert_eq!(shipment().pending_handover, None);
		assert_eq!(
			entry(2),
			HistoryEvent::CustodyTransferred {
				from: CARRIER,
				to: PHARMACY,
				location: location(ROTTERDAM)
			}
		);
		assert_eq!(
			entry(3),
			HistoryEvent::Delivered { receiver: PHARMACY, milestone_signalled: true }
		);
		System::assert_has_event(
			Event::HandoverAccepted {
				shipment: SHIPMENT,
				from: CARRIER,
				to: PHARMACY,
				location: location(ROTTERDAM),
				history_index: 2,
			}
			.into(),
		);
		assert_eq!(MockPayments::calls(), vec![(SHIPMENT, MilestoneKind::Delivered)]);
	});
}

#[test]
fn accept_delivery_needs_the_goods_handed_to_the_receiver() {
	ExtBuilder.build_and_execute(|| {
		ship(vec![]);
		hand_over(&PRODUCER, &CARRIER, HAMBURG);
		assert_noop!(
			SupplyChain::accept_delivery(RuntimeOrigin::signed(PHARMACY), SHIPMENT),
			Error::<Test>::NotHandedToReceiver
		);
		assert_ok!(calls::handover(
			RuntimeOrigin::signed(CARRIER),
			SHIPMENT,
			WAREHOUSE,
			ROTTERDAM.to_vec()
		));
		assert_noop!(
			SupplyChain::accept_delivery(RuntimeOrigin::signed(PHARMACY), SHIPMENT),
			Error::<Test>::NotHandedToReceiver
		);
	});
}

#[test]
fn only_the_receiver_accepts_or_rejects() {
	ExtBuilder.build_and_execute(|| {
		ship(vec![]);
		hand_over(&PRODUCER, &CARRIER, HAMBURG);
		for who in [PRODUCER, CARRIER, STRANGER] {
			assert_noop!(
				SupplyChain::accept_delivery(RuntimeOrigin::signed(who.clone()), SHIPMENT),
				Error::<Test>::NotReceiver
			);
			assert_noop!(
				calls::reject_delivery(RuntimeOrigin::signed(who), SHIPMENT, vec![]),
				Error::<Test>::NotReceiver
			);
		}
		assert_noop!(
			SupplyChain::accept_delivery(RuntimeOrigin::signed(PHARMACY), SHIPMENT + 1),
			Error::<Test>::UnknownShipment
		);
		assert_noop!(
			calls::reject_delivery(RuntimeOrigin::signed(PHARMACY), SHIPMENT + 1, vec![]),
			Error::<Test>::UnknownShipment
		);
	});
}

#[test]
fn delivering_twice_is_rejected() {
	ExtBuilder.build_and_execute(|| {
		ship(vec![]);
		hand_over(&PRODUCER, &PHARMACY, ROTTERDAM);
		assert_ok!(SupplyChain::accept_delivery(RuntimeOrigin::signed(PHARMACY), SHIPMENT));
		assert_noop!(
			SupplyChain::accept_delivery(RuntimeOrigin::signed(PHARMACY), SHIPMENT),
			Error::<Test>::AlreadyDelivered
		);
		assert_noop!(
			calls::reject_delivery(RuntimeOrigin::signed(PHARMACY), SHIPMENT, vec![]),
			Error::<Test>::AlreadyDelivered
		);
		assert_eq!(MockPayments::calls(), vec![(SHIPMENT, MilestoneKind::Delivered)]);
	});
}

#[test]
fn accepting_a_breached_delivery_does_not_signal_delivered() {
	ExtBuilder.build_and_execute(|| {
		let (key, device) = tracker(TestKey::sr25519(1));
		ship(vec![device.clone()]);
		assert_ok!(report(&key, &device, 300, 1_100));
		hand_over(&PRODUCER, &PHARMACY, ROTTERDAM);
		assert_ok!(SupplyChain::accept_delivery(RuntimeOrigin::signed(PHARMACY), SHIPMENT));

		assert_eq!(MockPayments::calls(), vec![]);
		assert_eq!(shipment().status, ShipmentStatus::Delivered);
		assert_eq!(shipment().first_breach, Some(1));
		assert_eq!(held(&PRODUCER), 0);
		assert_eq!(Lots::<Test>::get(1).unwrap().holder, PHARMACY);
		System::assert_last_event(
			Event::DeliveryAccepted {
				shipment: SHIPMENT,
				receiver: PHARMACY,
				lots: bounded(vec![1]),
				milestone_signalled: false,
				deposit_released: DEPOSIT_BASE + 3 * DEPOSIT_PER_ITEM,
				history_index: 3,
			}
			.into(),
		);
	});
}

#[test]
fn rejecting_a_delivery_returns_the_lots_and_the_deposit_without_a_signal() {
	ExtBuilder.build_and_execute(|| {
		ship(vec![]);
		hand_over(&PRODUCER, &CARRIER, HAMBURG);
		assert_ok!(calls::handover(
			RuntimeOrigin::signed(CARRIER),
			SHIPMENT,
			PHARMACY,
			ROTTERDAM.to_vec()
		));
		assert_ok!(calls::reject_delivery(
			RuntimeOrigin::signed(PHARMACY),
			SHIPMENT,
			b"seal broken".to_vec()
		));

		assert_eq!(MockPayments::calls(), vec![]);
		let record = shipment();
		assert_eq!(record.status, ShipmentStatus::Rejected);
		assert_eq!(record.custodian, CARRIER);
		assert_eq!(record.pending_handover, None);
		assert_eq!(held(&PRODUCER), 0);
		let lot = Lots::<Test>::get(1).unwrap();
		assert_eq!(lot.status, LotStatus::Available);
		assert_eq!(lot.holder, PRODUCER);
		assert_eq!(
			entry(2),
			HistoryEvent::Rejected { receiver: PHARMACY, reason: bounded(b"seal broken".to_vec()) }
		);
		System::assert_last_event(
			Event::DeliveryRejected {
				shipment: SHIPMENT,
				receiver: PHARMACY,
				reason: bounded(b"seal broken".to_vec()),
				deposit_released: DEPOSIT_BASE + 2 * DEPOSIT_PER_ITEM,
				history_index: 2,
			}
			.into(),
		);
		assert_noop!(
			SupplyChain::accept_delivery(RuntimeOrigin::signed(PHARMACY), SHIPMENT),
			Error::<Test>::ShipmentClosed
		);
		assert_noop!(
			calls::reject_delivery(RuntimeOrigin::signed(PHARMACY), SHIPMENT, vec![]),
			Error::<Test>::ShipmentClosed
		);
	});
}

#[test]
fn a_full_history_can_still_close_the_shipment() {
	ExtBuilder.build_and_execute(|| {
		ship(vec![]);
		for _ in 1..MAX_HISTORY {
			assert_ok!(calls::record_milestone(
				RuntimeOrigin::signed(PRODUCER),
				SHIPMENT,
				MilestoneKind::Departed,
				HAMBURG.to_vec(),
				None,
				None
			));
		}
		assert_ok!(calls::handover(
			RuntimeOrigin::signed(PRODUCER),
			SHIPMENT,
			PHARMACY,
			ROTTERDAM.to_vec()
		));
		assert_ok!(SupplyChain::accept_delivery(RuntimeOrigin::signed(PHARMACY), SHIPMENT));
		assert_eq!(shipment().history_len, MAX_HISTORY + 2);
	});
}

#[test]
fn delivered_lots_leave_the_shipment_and_travel_on_with_the_receiver() {
	ExtBuilder.build_and_execute(|| {
		ship(vec![]);
		hand_over(&PRODUCER, &PHARMACY, ROTTERDAM);
		assert_ok!(SupplyChain::accept_delivery(RuntimeOrigin::signed(PHARMACY), SHIPMENT));
		// The producer no longer holds the lot; the pharmacy ships it on.
		assert_noop!(
			calls::create_shipment(
				RuntimeOrigin::signed(PRODUCER),
				SHIPMENT + 1,
				vec![1],
				WAREHOUSE,
				vec![],
				vec![],
				None
			),
			Error::<Test>::NotLotHolder
		);
		assert_ok!(calls::create_shipment(
			RuntimeOrigin::signed(PHARMACY),
			SHIPMENT + 1,
			vec![1],
			WAREHOUSE,
			vec![],
			vec![],
			None
		));
		assert_eq!(LotShipments::<Test>::get(1).to_vec(), vec![SHIPMENT, SHIPMENT + 1]);
	});
}

#[test]
fn accept_delivery_is_charged_for_the_handler_and_refunded_to_what_it_used() {
	ExtBuilder.build_and_execute(|| {
		let call = RuntimeCall::SupplyChain(Call::accept_delivery { shipment: SHIPMENT });
		let charged = <() as WeightInfo>::accept_delivery(MAX_LOTS) + HANDLER_MAX_WEIGHT;
		assert_eq!(call.get_dispatch_info().call_weight, charged);

		ship(vec![]);
		hand_over(&PRODUCER, &PHARMACY, ROTTERDAM);
		let post = SupplyChain::accept_delivery(RuntimeOrigin::signed(PHARMACY), SHIPMENT).unwrap();
		assert_eq!(
			post.actual_weight,
			Some(<() as WeightInfo>::accept_delivery(1) + HANDLER_WEIGHT)
		);
	});
}

#[test]
fn a_breached_acceptance_is_refunded_the_handlers_weight() {
	ExtBuilder.build_and_execute(|| {
		let (key, device) = tracker(TestKey::sr25519(1));
		ship(vec![device.clone()]);
		assert_ok!(report(&key, &device, 100, 500));
		hand_over(&PRODUCER, &PHARMACY, ROTTERDAM);
		let post = SupplyChain::accept_delivery(RuntimeOrigin::signed(PHARMACY), SHIPMENT).unwrap();
		assert_eq!(post.actual_weight, Some(<() as WeightInfo>::accept_delivery(1)));
		let post = calls::reject_delivery(RuntimeOrigin::signed(PHARMACY), SHIPMENT, vec![]);
		assert_eq!(post.map_err(|e| e.error), Err(Error::<Test>::AlreadyDelivered.into()));
	});
}

// ---- the cold chain, end to end ----

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
		MockAnchors::anchor(&device, 0);
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
		let page = SupplyChain::history(SHIPMENT, 0, 100);
		assert_eq!(page.entries.len(), 7);
		assert_eq!(page.next, None);
		let provenance = SupplyChain::lot_provenance(200).unwrap();
		let ids: Vec<_> = provenance.lots.iter().map(|step| (step.depth, step.lot.id)).collect();
		assert_eq!(ids, vec![(0, 200), (1, 100), (1, 101)]);
		assert_eq!(provenance.lots[0].lot.shipments, vec![SHIPMENT]);
		for party in [PRODUCER, CARRIER, WAREHOUSE, PHARMACY] {
			let shipments = SupplyChain::shipments_by_party(&party, None, 10);
			assert_eq!(shipments.iter().map(|s| s.id).collect::<Vec<_>>(), vec![SHIPMENT]);
		}
	});
}

// ---- reads ----

#[test]
fn history_is_read_in_pages() {
	ExtBuilder.build_and_execute(|| {
		ship(vec![]);
		for place in [HAMBURG, ROTTERDAM, b"NLAMS"] {
			assert_ok!(calls::record_milestone(
				RuntimeOrigin::signed(PRODUCER),
				SHIPMENT,
				MilestoneKind::Arrived,
				place.to_vec(),
				None,
				None
			));
		}
		let indexes =
			|page: &HistoryPage<u64>| page.entries.iter().map(|(i, _)| *i).collect::<Vec<_>>();

		let first = SupplyChain::history(SHIPMENT, 0, 2);
		assert_eq!(indexes(&first), vec![0, 1]);
		assert_eq!(first.next, Some(2));
		let second = SupplyChain::history(SHIPMENT, 2, 2);
		assert_eq!(indexes(&second), vec![2, 3]);
		assert_eq!(second.next, None);
		assert_eq!(
			second.entries[0].1,
			HistoryEntry {
				block: 1,
				moment: START,
				event: HistoryEvent::Milestone {
					kind: MilestoneKind::Arrived,
					location: ROTTERDAM.to_vec(),
					evidence: None,
					reporter: Reporter::Custodian(PRODUCER),
				},
			}
		);
		assert_eq!(
			SupplyChain::history(SHIPMENT, 4, 10),
			HistoryPage { entries: vec![], next: None }
		);
		assert_eq!(SupplyChain::history(SHIPMENT, 0, 0).next, Some(0));
		assert_eq!(SupplyChain::history(99, 0, 10), HistoryPage { entries: vec![], next: None });
		assert_eq!(SupplyChain::history(SHIPMENT, u32::MAX, u32::MAX).entries.len(), 0);
	});
}

#[test]
fn a_history_page_holds_at_most_the_page_limit() {
	ExtBuilder.build_and_execute(|| {
		ship(vec![]);
		let mut record = shipment();
		let template = History::<Test>::get(SHIPMENT, 0).unwrap();
		let milestone = HistoryEntry {
			event: HistoryEvent::Milestone {
				kind: MilestoneKind::Arrived,
				location: location(HAMBURG),
				evidence: None,
				reporter: Reporter::Custodian(PRODUCER),
			},
			..template
		};
		for index in 1..MAX_HISTORY_PAGE + 5 {
			History::<Test>::insert(SHIPMENT, index, milestone.clone());
		}
		record.history_len = MAX_HISTORY_PAGE + 5;
		Shipments::<Test>::insert(SHIPMENT, record);
		let page = SupplyChain::history(SHIPMENT, 0, u32::MAX);
		assert_eq!(page.entries.len(), MAX_HISTORY_PAGE as usize);
		assert_eq!(page.next, Some(MAX_HISTORY_PAGE));
		// Put the shipment back within its bound for the invariants' check.
		for index in MAX_HISTORY..MAX_HISTORY_PAGE + 5 {
			History::<Test>::remove(SHIPMENT, index);
		}
		let mut record = shipment();
		record.history_len = MAX_HISTORY;
		Shipments::<Test>::insert(SHIPMENT, record);
	});
}

#[test]
fn shipments_by_party_are_paged_in_id_order() {
	ExtBuilder.build_and_execute(|| {
		// 255 and 256 would come out of order if ids were stored little-endian.
		let ids = [3u64, 255, 256, 1 << 40];
		for (lot, id) in ids.iter().enumerate() {
			register_lot(&PRODUCER, lot as LotId);
			assert_ok!(calls::create_shipment(
				RuntimeOrigin::signed(PRODUCER),
				*id,
				vec![lot as LotId],
				PHARMACY,
				vec![],
				vec![],
				None
			));
		}
		let page_ids =
			|page: Vec<ShipmentView<Balance, u64>>| page.iter().map(|s| s.id).collect::<Vec<_>>();
		assert_eq!(page_ids(SupplyChain::shipments_by_party(&PRODUCER, None, 10)), ids);
		// The receiver has taken part in none of them yet.
		assert_eq!(page_ids(SupplyChain::shipments_by_party(&PHARMACY, None, 10)), [0u64; 0]);
		assert_eq!(page_ids(SupplyChain::shipments_by_party(&PRODUCER, None, 2)), [3, 255]);
		assert_eq!(
			page_ids(SupplyChain::shipments_by_party(&PRODUCER, Some(255), 2)),
			[256, 1 << 40]
		);
		assert_eq!(
			page_ids(SupplyChain::shipments_by_party(&PRODUCER, Some(1 << 40), 2)),
			[0u64; 0]
		);
		assert_eq!(page_ids(SupplyChain::shipments_by_party(&CARRIER, None, 10)), [0u64; 0]);

		let view = SupplyChain::shipment(3).unwrap();
		assert_eq!(view.shipper, PRODUCER);
		assert_eq!(view.deposit, DEPOSIT_BASE + DEPOSIT_PER_ITEM);
		assert_eq!(view.lots, vec![0]);
		assert_eq!(SupplyChain::shipment(4), None);
	});
}

#[test]
fn lot_provenance_walks_back_through_transformations_with_shipments() {
	ExtBuilder.build_and_execute(|| {
		// Raw lots 1 and 2 shipped to a plant (the pharmacy, here) that makes lot 3 of them and
		// lot 5 of lot 3 and lot 4.
		register_lot(&PRODUCER, 1);
		register_lot(&PRODUCER, 2);
		register_lot(&PHARMACY, 4);
		assert_ok!(calls::create_shipment(
			RuntimeOrigin::signed(PRODUCER),
			SHIPMENT,
			vec![1, 2],
			PHARMACY,
			vec![],
			vec![],
			None
		));
		hand_over(&PRODUCER, &PHARMACY, HAMBURG);
		assert_ok!(SupplyChain::accept_delivery(RuntimeOrigin::signed(PHARMACY), SHIPMENT));
		assert_ok!(calls::transform(
			RuntimeOrigin::signed(PHARMACY),
			vec![1, 2],
			3,
			GTIN.to_vec(),
			10,
			vec![]
		));
		assert_ok!(calls::transform(
			RuntimeOrigin::signed(PHARMACY),
			vec![4, 3],
			5,
			GTIN.to_vec(),
			10,
			vec![]
		));

		let provenance = SupplyChain::lot_provenance(5).unwrap();
		let steps: Vec<_> = provenance.lots.iter().map(|step| (step.depth, step.lot.id)).collect();
		assert_eq!(steps, vec![(0, 5), (1, 4), (1, 3), (2, 1), (2, 2)]);
		assert!(!provenance.truncated);
		let raw = &provenance.lots[3].lot;
		assert_eq!(raw.shipments, vec![SHIPMENT]);
		assert_eq!(raw.producer, PRODUCER);
		assert_eq!(raw.holder, PHARMACY);
		assert_eq!(raw.status, LotStatus::Consumed { into: 3 });
		assert_eq!(provenance.lots[2].lot.inputs, vec![1, 2]);
		assert_eq!(SupplyChain::lot_provenance(99), None);
		assert_eq!(SupplyChain::lot(1).map(|lot| lot.shipments), Some(vec![SHIPMENT]));
	});
}

#[test]
fn lot_provenance_is_bounded() {
	ExtBuilder.build_and_execute(|| {
		// A chain of transformations longer than the answer may hold.
		register_lot(&PRODUCER, 0);
		for lot in 1..=LotId::from(MAX_PROVENANCE_LOTS) + 1 {
			assert_ok!(calls::transform(
				RuntimeOrigin::signed(PRODUCER),
				vec![lot - 1],
				lot,
				GTIN.to_vec(),
				1,
				vec![]
			));
		}
		let provenance = SupplyChain::lot_provenance(LotId::from(MAX_PROVENANCE_LOTS) + 1).unwrap();
		assert_eq!(provenance.lots.len(), MAX_PROVENANCE_LOTS as usize);
		assert!(provenance.truncated);
	});
}

// ---- payloads and state cost ----

#[test]
fn milestone_payload_matches_the_documented_bytes() {
	ExtBuilder.build_and_execute(|| {
		// The mock's genesis hash is 0x45…45, as in the pallet docs' worked example.
		assert_eq!(frame_system::BlockHash::<Test>::get(0), H256::repeat_byte(0x45));
		let device = AccountId32::new([0x11; 32]);
		let evidence = Some(anchor(&AccountId32::new([0x22; 32]), 5));
		let payload = SupplyChain::milestone_payload(
			7,
			&device,
			2,
			&MilestoneKind::Arrived,
			HAMBURG,
			&evidence,
		);
		let hex = "48696f74636861696e2f6d696c6573746f6e65".to_owned()
			+ &"45".repeat(32)
			+ "00" + "0700000000000000"
			+ &"11".repeat(32)
			+ "02000000"
			+ "02" + "14444548414d"
			+ "01" + &"22".repeat(32)
			+ "0500000000000000";
		assert_eq!(sp_core::hexdisplay::HexDisplay::from(&payload).to_string(), hex);
		assert_eq!(payload.len(), 144);

		let custom =
			SupplyChain::milestone_payload(7, &device, 2, &MilestoneKind::Custom(258), b"", &None);
		assert_eq!(custom[96..], [0x05, 0x02, 0x01, 0x00, 0x00]);
	});
}

#[test]
fn condition_payload_matches_the_documented_bytes() {
	ExtBuilder.build_and_execute(|| {
		let device = AccountId32::new([0x11; 32]);
		let observed = ConditionObservation {
			metric: Metric::Temperature,
			observed_min: 250,
			observed_max: 1_100,
			window_start: 1_700_000_000_000,
			window_end: 1_700_000_600_000,
			anchor: anchor(&device, 6),
		};
		let payload = SupplyChain::condition_payload(7, &device, 3, &observed);
		let hex = "48696f74636861696e2f6d696c6573746f6e65".to_owned()
			+ &"45".repeat(32)
			+ "01" + "0700000000000000"
			+ &"11".repeat(32)
			+ "03000000"
			+ "00" + "fa000000"
			+ "4c040000"
			+ "0068e5cf8b010000"
			+ "c08feecf8b010000"
			+ &"11".repeat(32)
			+ "0600000000000000";
		assert_eq!(sp_core::hexdisplay::HexDisplay::from(&payload).to_string(), hex);
		assert_eq!(payload.len(), 161);
		// Negative values are two's complement.
		let cold = ConditionObservation { observed_min: -2_050, ..observed };
		assert_eq!(
			SupplyChain::condition_payload(7, &device, 3, &cold)[97..101],
			[0xfe, 0xf7, 0xff, 0xff]
		);
	});
}

#[test]
fn stored_records_have_the_documented_sizes() {
	ExtBuilder.build_and_execute(|| {
		let (key, device) = tracker(TestKey::sr25519(1));
		let (_, second) = tracker(TestKey::sr25519(2));
		// A 32-byte CID here (the mock's bound), 46 bytes in the docs; a u64 block number here,
		// a u32 in the runtime.
		SupplyChain::do_register_lot(
			&PRODUCER,
			1,
			bounded(GTIN.to_vec()),
			1_000,
			bounded(vec![b'b'; 32]),
		)
		.unwrap();
		assert_eq!(Lots::<Test>::get(1).unwrap().encoded_size() + 14 - 4, 140);
		assert_ok!(calls::create_shipment(
			RuntimeOrigin::signed(PRODUCER),
			SHIPMENT,
			vec![1],
			PHARMACY,
			vec![cold_chain()],
			vec![device.clone(), second],
			None
		));
		// The runtime's balance is a u128, 8 bytes more; its block number a u32, 4 bytes less.
		assert_eq!(shipment().encoded_size() + 8 - 4, 216);
		hand_over(&PRODUCER, &CARRIER, HAMBURG);
		MockAnchors::anchor(&device, 0);
		assert_ok!(calls::record_milestone(
			RuntimeOrigin::signed(CARRIER),
			SHIPMENT,
			MilestoneKind::Departed,
			HAMBURG.to_vec(),
			Some(anchor(&device, 0)),
			None
		));
		let signature = key.sign_milestone(
			&device,
			SHIPMENT,
			0,
			MilestoneKind::Arrived,
			HAMBURG,
			&Some(anchor(&device, 0)),
		);
		assert_ok!(calls::record_milestone(
			RuntimeOrigin::signed(RELAYER),
			SHIPMENT,
			MilestoneKind::Arrived,
			HAMBURG.to_vec(),
			Some(anchor(&device, 0)),
			Some(signature)
		));
		let observed = observation(Metric::Temperature, 300, 500, anchor(&device, 0));
		let signature = key.sign_condition(&device, SHIPMENT, 1, &observed);
		assert_ok!(SupplyChain::report_condition(
			RuntimeOrigin::signed(RELAYER),
			SHIPMENT,
			Metric::Temperature,
			300,
			500,
			observed.window_start,
			observed.window_end,
			anchor(&device, 0),
			Some(signature)
		));
		// The mock's block number is a u64; the runtime's is a u32, 4 bytes less.
		let value = |index: u32| History::<Test>::get(SHIPMENT, index).unwrap().encoded_size() - 4;
		assert_eq!(value(0), 12 + 65);
		assert_eq!(value(1), 12 + 71);
		assert_eq!(value(2), 12 + 82);
		assert_eq!(value(3), 12 + 115);
		assert_eq!(value(4), 12 + 132);
		assert_ok!(calls::reject_delivery(
			RuntimeOrigin::signed(PHARMACY),
			SHIPMENT,
			b"0123456789abcdef".to_vec()
		));
		assert_eq!(value(5), 12 + 50);
		let delivered = HistoryEvent::<Location<Test>, Reason<Test>>::Delivered {
			receiver: PHARMACY,
			milestone_signalled: true,
		};
		assert_eq!(delivered.encoded_size(), 34);
		let expired = HistoryEvent::<Location<Test>, Reason<Test>>::Expired { by: PRODUCER };
		assert_eq!(expired.encoded_size(), 33);
		let key_len = History::<Test>::hashed_key_for(SHIPMENT, 0).len();
		assert_eq!(key_len, 68);
		assert_eq!(
			ShipmentsByParty::<Test>::hashed_key_for(PRODUCER, shipment_key(SHIPMENT)).len(),
			88
		);
	});
}

// ---- origins, weights, invariants and constants ----

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
fn relayed_reports_are_weighed_with_the_signature_check() {
	ExtBuilder.build_and_execute(|| {
		let signature =
			DeviceSignature { device: STRANGER, signature: TestKey::sr25519(1).sign(b"anything") };
		let milestone = |signature| {
			RuntimeCall::SupplyChain(Call::record_milestone {
				shipment: SHIPMENT,
				kind: MilestoneKind::Arrived,
				location: bounded(vec![]),
				evidence: None,
				tracker_signature: signature,
			})
		};
		assert_eq!(
			milestone(None).get_dispatch_info().call_weight,
			<() as WeightInfo>::record_milestone_by_sender(MAX_TRACKERS)
		);
		assert_eq!(
			milestone(Some(signature.clone())).get_dispatch_info().call_weight,
			<() as WeightInfo>::record_milestone_relayed()
		);
		let report = RuntimeCall::SupplyChain(Call::report_condition {
			shipment: SHIPMENT,
			metric: Metric::Light,
			observed_min: 0,
			observed_max: 0,
			window_start: 0,
			window_end: 0,
			anchor: anchor(&STRANGER, 0),
			signature: Some(signature),
		});
		assert_eq!(
			report.get_dispatch_info().call_weight,
			<() as WeightInfo>::report_condition_relayed()
		);
		let create = RuntimeCall::SupplyChain(Call::create_shipment {
			shipment: SHIPMENT,
			lots: bounded(vec![0; MAX_LOTS as usize]),
			receiver: PHARMACY,
			conditions: bounded(vec![]),
			trackers: bounded(vec![]),
			agreement: None,
		});
		assert_eq!(
			create.get_dispatch_info().call_weight,
			<() as WeightInfo>::create_shipment(MAX_LOTS, 0)
		);
	});
}

#[test]
fn try_state_catches_lots_out_of_step_with_their_shipment() {
	ExtBuilder.build().execute_with(|| {
		ship(vec![]);
		assert_eq!(SupplyChain::do_try_state(), Ok(()));
		let mut lot = Lots::<Test>::get(1).unwrap();
		lot.status = LotStatus::Available;
		Lots::<Test>::insert(1, lot.clone());
		assert!(SupplyChain::do_try_state().is_err());
		lot.status = LotStatus::InShipment(SHIPMENT + 1);
		Lots::<Test>::insert(1, lot);
		assert!(SupplyChain::do_try_state().is_err());
	});
}

#[test]
fn try_state_catches_a_closed_shipment_holding_a_lot() {
	ExtBuilder.build().execute_with(|| {
		ship(vec![]);
		assert_ok!(calls::reject_delivery(RuntimeOrigin::signed(PHARMACY), SHIPMENT, vec![]));
		assert_eq!(SupplyChain::do_try_state(), Ok(()));
		let mut lot = Lots::<Test>::get(1).unwrap();
		lot.status = LotStatus::InShipment(SHIPMENT);
		Lots::<Test>::insert(1, lot);
		assert!(SupplyChain::do_try_state().is_err());
	});
}

#[test]
fn try_state_catches_custody_out_of_step_with_the_history() {
	ExtBuilder.build().execute_with(|| {
		ship(vec![]);
		hand_over(&PRODUCER, &CARRIER, HAMBURG);
		assert_eq!(SupplyChain::do_try_state(), Ok(()));
		let mut record = shipment();
		record.custodian = WAREHOUSE;
		ShipmentsByParty::<Test>::insert(WAREHOUSE, shipment_key(SHIPMENT), ());
		Shipments::<Test>::insert(SHIPMENT, record);
		assert!(SupplyChain::do_try_state().is_err());
	});
}

#[test]
fn try_state_catches_held_deposits_out_of_step_with_open_shipments() {
	ExtBuilder.build().execute_with(|| {
		ship(vec![]);
		assert_eq!(SupplyChain::do_try_state(), Ok(()));
		let mut record = shipment();
		record.deposit += 1;
		Shipments::<Test>::insert(SHIPMENT, record);
		assert!(SupplyChain::do_try_state().is_err());
	});
}

#[test]
fn try_state_catches_a_breach_flag_out_of_step_with_the_status() {
	ExtBuilder.build().execute_with(|| {
		ship(vec![]);
		let mut record = shipment();
		record.status = ShipmentStatus::ConditionBreached;
		Shipments::<Test>::insert(SHIPMENT, record);
		assert!(SupplyChain::do_try_state().is_err());
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

// ---- audit round 1: the attacks, each refused ----

/// Moves the chain to block `n`.
fn go_to(n: u64) {
	System::set_block_number(n);
}

/// The block after shipment [`SHIPMENT`]'s deadline (created in block 1).
const PAST_DEADLINE: u64 = 1 + SHIPMENT_TIMEOUT + 1;

#[test]
fn a_silent_receiver_cannot_keep_the_shippers_lots_and_deposit() {
	ExtBuilder.build_and_execute(|| {
		ship(vec![]);
		let deposit = shipment().deposit;
		// The final handover is offered; the pharmacy never answers.
		assert_ok!(calls::handover(
			RuntimeOrigin::signed(PRODUCER),
			SHIPMENT,
			PHARMACY,
			ROTTERDAM.to_vec()
		));
		go_to(1 + SHIPMENT_TIMEOUT);
		assert_noop!(
			SupplyChain::expire_shipment(RuntimeOrigin::signed(STRANGER), SHIPMENT),
			Error::<Test>::DeadlineNotReached
		);
		go_to(PAST_DEADLINE);
		let before = Balances::balance(&PRODUCER);

		// Anyone may close it; no one's cooperation is needed.
		assert_ok!(SupplyChain::expire_shipment(RuntimeOrigin::signed(STRANGER), SHIPMENT));

		let record = shipment();
		assert_eq!(record.status, ShipmentStatus::Expired);
		assert_eq!(record.pending_handover, None);
		assert_eq!(record.custodian, PRODUCER);
		assert_eq!(record.deposit, 0);
		assert_eq!(held(&PRODUCER), 0);
		assert_eq!(Balances::balance(&PRODUCER), before + deposit);
		let lot = Lots::<Test>::get(1).unwrap();
		assert_eq!((lot.status, lot.holder), (LotStatus::Available, PRODUCER));
		assert_eq!(entry(1), HistoryEvent::Expired { by: STRANGER });
		assert_eq!(MockPayments::calls(), vec![]);
		System::assert_last_event(
			Event::ShipmentExpired {
				shipment: SHIPMENT,
				by: STRANGER,
				lots: bounded(vec![1]),
				deadline: 1 + SHIPMENT_TIMEOUT,
				deposit_released: deposit,
				history_index: 1,
			}
			.into(),
		);
		// The stranger is not made a party; the receiver's late answer is refused.
		assert!(!ShipmentsByParty::<Test>::contains_key(STRANGER, shipment_key(SHIPMENT)));
		assert_noop!(
			SupplyChain::accept_delivery(RuntimeOrigin::signed(PHARMACY), SHIPMENT),
			Error::<Test>::ShipmentClosed
		);
		// The shipper ships its lot again.
		assert_ok!(calls::create_shipment(
			RuntimeOrigin::signed(PRODUCER),
			SHIPMENT + 1,
			vec![1],
			WAREHOUSE,
			vec![],
			vec![],
			None
		));
	});
}

#[test]
fn a_carrier_who_never_hands_over_cannot_keep_the_shipment_open() {
	ExtBuilder.build_and_execute(|| {
		let (key, device) = tracker(TestKey::sr25519(1));
		ship(vec![device.clone()]);
		hand_over(&PRODUCER, &CARRIER, HAMBURG);
		go_to(PAST_DEADLINE);

		// Past the deadline the shipment takes nothing but its closing.
		assert_noop!(
			calls::handover(RuntimeOrigin::signed(CARRIER), SHIPMENT, PHARMACY, vec![]),
			Error::<Test>::ShipmentExpired
		);
		assert_noop!(
			calls::record_milestone(
				RuntimeOrigin::signed(CARRIER),
				SHIPMENT,
				MilestoneKind::Arrived,
				vec![],
				None,
				None
			),
			Error::<Test>::ShipmentExpired
		);
		MockAnchors::anchor(&device, 0);
		assert_noop!(report(&key, &device, 300, 400), Error::<Test>::ShipmentExpired);
		assert_noop!(
			SupplyChain::accept_delivery(RuntimeOrigin::signed(PHARMACY), SHIPMENT),
			Error::<Test>::ShipmentExpired
		);
		assert_noop!(
			calls::reject_delivery(RuntimeOrigin::signed(PHARMACY), SHIPMENT, vec![]),
			Error::<Test>::ShipmentExpired
		);

		assert_ok!(SupplyChain::expire_shipment(RuntimeOrigin::signed(PRODUCER), SHIPMENT));
		// The record keeps the last custodian the chain saw; the lots are the shipper's.
		assert_eq!(shipment().custodian, CARRIER);
		assert_eq!(Lots::<Test>::get(1).unwrap().status, LotStatus::Available);
		assert_eq!(held(&PRODUCER), 0);
		assert_noop!(
			SupplyChain::expire_shipment(RuntimeOrigin::signed(PRODUCER), SHIPMENT),
			Error::<Test>::ShipmentClosed
		);
	});
}

#[test]
fn expire_shipment_rejects_unknown_shipments_and_a_caller_who_cannot_pay() {
	ExtBuilder.build_and_execute(|| {
		assert_noop!(
			SupplyChain::expire_shipment(RuntimeOrigin::signed(STRANGER), SHIPMENT),
			Error::<Test>::UnknownShipment
		);
		ship(vec![]);
		go_to(PAST_DEADLINE);
		assert_ok!(Balances::force_set_balance(RuntimeOrigin::root(), POOR, 2));
		assert_noop!(
			SupplyChain::expire_shipment(RuntimeOrigin::signed(POOR), SHIPMENT),
			Error::<Test>::CannotPayStorageFee
		);
		assert_noop!(
			SupplyChain::expire_shipment(RuntimeOrigin::none(), SHIPMENT),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn an_offer_of_custody_lapses_after_the_handover_timeout() {
	ExtBuilder.build_and_execute(|| {
		ship(vec![]);
		assert_ok!(calls::handover(RuntimeOrigin::signed(PRODUCER), SHIPMENT, CARRIER, vec![]));
		go_to(1 + HANDOVER_TIMEOUT + 1);
		assert_noop!(
			SupplyChain::accept_handover(RuntimeOrigin::signed(CARRIER), SHIPMENT),
			Error::<Test>::HandoverExpired
		);
		// A lapsed offer may still be declined, and the custodian offers again.
		assert_ok!(SupplyChain::decline_handover(RuntimeOrigin::signed(CARRIER), SHIPMENT));
		assert_ok!(calls::handover(RuntimeOrigin::signed(PRODUCER), SHIPMENT, PHARMACY, vec![]));
		go_to(1 + 2 * HANDOVER_TIMEOUT + 2);
		assert_noop!(
			SupplyChain::accept_delivery(RuntimeOrigin::signed(PHARMACY), SHIPMENT),
			Error::<Test>::HandoverExpired
		);
		assert_ok!(calls::handover(RuntimeOrigin::signed(PRODUCER), SHIPMENT, PHARMACY, vec![]));
		assert_ok!(SupplyChain::accept_delivery(RuntimeOrigin::signed(PHARMACY), SHIPMENT));
	});
}

#[test]
fn permanent_records_pay_the_storage_fee_to_the_treasury() {
	ExtBuilder.build_and_execute(|| {
		let lot_bytes = |id: LotId| {
			Lots::<Test>::hashed_key_for(id).len() + Lots::<Test>::get(id).unwrap().encoded_size()
		};
		let entry_bytes = |index: u32| {
			History::<Test>::hashed_key_for(SHIPMENT, index).len()
				+ History::<Test>::get(SHIPMENT, index).unwrap().encoded_size()
		};
		let index_bytes = |who: &AccountId32| {
			ShipmentsByParty::<Test>::hashed_key_for(who, shipment_key(SHIPMENT)).len()
		};
		let paid_by =
			|who: &AccountId32, before: Balance| before - Balances::balance(who) - held(who);

		let before = Balances::balance(&PRODUCER);
		register_lot(&PRODUCER, 1);
		assert_eq!(fees_paid(), lot_bytes(1) as Balance * FEE_PER_BYTE);
		assert_eq!(paid_by(&PRODUCER, before), fees_paid());

		let treasury = fees_paid();
		let before = Balances::balance(&PRODUCER);
		ship_registered(vec![]);
		let shipment_bytes = Shipments::<Test>::hashed_key_for(SHIPMENT).len()
			+ shipment().encoded_size()
			+ entry_bytes(0)
			+ index_bytes(&PRODUCER)
			+ LotShipments::<Test>::hashed_key_for(1).len()
			+ LotShipments::<Test>::get(1).encoded_size();
		assert_eq!(fees_paid() - treasury, shipment_bytes as Balance * FEE_PER_BYTE);
		assert_eq!(paid_by(&PRODUCER, before), fees_paid() - treasury);

		// The new custodian pays for its custody entry and its index entry.
		let treasury = fees_paid();
		let before = Balances::balance(&CARRIER);
		hand_over(&PRODUCER, &CARRIER, HAMBURG);
		let custody_bytes = entry_bytes(1) + index_bytes(&CARRIER);
		assert_eq!(fees_paid() - treasury, custody_bytes as Balance * FEE_PER_BYTE);
		assert_eq!(paid_by(&CARRIER, before), fees_paid() - treasury);

		// A milestone is paid by whoever records it.
		let treasury = fees_paid();
		assert_ok!(calls::record_milestone(
			RuntimeOrigin::signed(CARRIER),
			SHIPMENT,
			MilestoneKind::Departed,
			HAMBURG.to_vec(),
			None,
			None
		));
		assert_eq!(fees_paid() - treasury, entry_bytes(2) as Balance * FEE_PER_BYTE);

		// The receiver pays for its answer and its index entry.
		let treasury = fees_paid();
		let before = Balances::balance(&PHARMACY);
		assert_ok!(calls::reject_delivery(
			RuntimeOrigin::signed(PHARMACY),
			SHIPMENT,
			b"late".to_vec()
		));
		let answer_bytes = entry_bytes(3) + index_bytes(&PHARMACY);
		assert_eq!(fees_paid() - treasury, answer_bytes as Balance * FEE_PER_BYTE);
		assert_eq!(paid_by(&PHARMACY, before), fees_paid() - treasury);
		assert_eq!(SupplyChain::storage_fee(100), 100 * FEE_PER_BYTE);
	});
}

#[test]
fn a_caller_who_cannot_pay_the_storage_fee_stores_nothing() {
	ExtBuilder.build_and_execute(|| {
		assert_ok!(Balances::force_set_balance(RuntimeOrigin::root(), POOR, 50));
		assert_noop!(
			calls::register_lot(RuntimeOrigin::signed(POOR), 1, GTIN.to_vec(), 1, vec![b'x'; 32]),
			Error::<Test>::CannotPayStorageFee
		);
		ship(vec![]);
		assert_ok!(calls::handover(RuntimeOrigin::signed(PRODUCER), SHIPMENT, POOR, vec![]));
		assert_noop!(
			SupplyChain::accept_handover(RuntimeOrigin::signed(POOR), SHIPMENT),
			Error::<Test>::CannotPayStorageFee
		);
	});
}

#[test]
fn a_stranger_cannot_add_shipments_to_someone_elses_index() {
	ExtBuilder.build_and_execute(|| {
		// A stranger addresses shipments to the pharmacy, which never asked for them.
		for id in 0..2u64 {
			register_lot(&STRANGER, id);
			assert_ok!(calls::create_shipment(
				RuntimeOrigin::signed(STRANGER),
				id,
				vec![id],
				PHARMACY,
				vec![],
				vec![],
				None
			));
			// Nor does offering custody index the account offered.
			assert_ok!(calls::handover(RuntimeOrigin::signed(STRANGER), id, PHARMACY, vec![]));
		}
		assert_eq!(ShipmentsByParty::<Test>::iter_prefix(&PHARMACY).count(), 0);
		assert_eq!(SupplyChain::shipments_by_party(&PHARMACY, None, 10), vec![]);

		// Once the pharmacy answers, the shipment is in its index.
		assert_ok!(calls::reject_delivery(RuntimeOrigin::signed(PHARMACY), 1, vec![]));
		let ids: Vec<_> =
			SupplyChain::shipments_by_party(&PHARMACY, None, 10).iter().map(|s| s.id).collect();
		assert_eq!(ids, vec![1]);
	});
}

#[test]
fn evidence_must_be_the_reporting_trackers_own_anchor() {
	ExtBuilder.build_and_execute(|| {
		let (key, device) = tracker(TestKey::sr25519(1));
		let (_, second) = tracker(TestKey::ed25519(2));
		let (_, foreign) = tracker(TestKey::sr25519(3));
		ship(vec![device.clone(), second.clone()]);
		for anchored in [&device, &second, &foreign] {
			MockAnchors::anchor(anchored, 0);
		}

		// A tracker's milestone citing another device's anchor, relayed or sent itself.
		for evidence in [anchor(&second, 0), anchor(&foreign, 0)] {
			let evidence = Some(evidence);
			let signature = key.sign_milestone(
				&device,
				SHIPMENT,
				0,
				MilestoneKind::Arrived,
				HAMBURG,
				&evidence,
			);
			assert_noop!(
				calls::record_milestone(
					RuntimeOrigin::signed(RELAYER),
					SHIPMENT,
					MilestoneKind::Arrived,
					HAMBURG.to_vec(),
					evidence.clone(),
					Some(signature)
				),
				Error::<Test>::EvidenceFromAnotherDevice
			);
			assert_noop!(
				calls::record_milestone(
					RuntimeOrigin::signed(key.account()),
					SHIPMENT,
					MilestoneKind::Arrived,
					HAMBURG.to_vec(),
					evidence,
					None
				),
				Error::<Test>::EvidenceFromAnotherDevice
			);
		}
		// A condition report naming another device's readings.
		let observed = observation(Metric::Temperature, 300, 500, anchor(&second, 0));
		let signature = key.sign_condition(&device, SHIPMENT, 0, &observed);
		assert_noop!(
			SupplyChain::report_condition(
				RuntimeOrigin::signed(RELAYER),
				SHIPMENT,
				Metric::Temperature,
				300,
				500,
				observed.window_start,
				observed.window_end,
				anchor(&second, 0),
				Some(signature)
			),
			Error::<Test>::EvidenceFromAnotherDevice
		);
		// The custodian may cite only the shipment's trackers.
		assert_noop!(
			calls::record_milestone(
				RuntimeOrigin::signed(PRODUCER),
				SHIPMENT,
				MilestoneKind::Departed,
				HAMBURG.to_vec(),
				Some(anchor(&foreign, 0)),
				None
			),
			Error::<Test>::EvidenceFromAnotherDevice
		);
		assert_ok!(calls::record_milestone(
			RuntimeOrigin::signed(PRODUCER),
			SHIPMENT,
			MilestoneKind::Departed,
			HAMBURG.to_vec(),
			Some(anchor(&second, 0)),
			None
		));
		// The tracker's own anchor is accepted.
		assert_ok!(report(&key, &device, 300, 500));
	});
}

#[test]
fn a_tracker_is_attached_only_with_its_owners_consent() {
	ExtBuilder.build_and_execute(|| {
		let (_, own) = tracker(TestKey::sr25519(1));
		let (_, theirs) = tracker(TestKey::sr25519(2));
		MockDevices::set_owner(&theirs, STRANGER);
		register_lot(&PRODUCER, 1);
		assert_noop!(
			calls::create_shipment(
				RuntimeOrigin::signed(PRODUCER),
				SHIPMENT,
				vec![1],
				PHARMACY,
				vec![],
				vec![own.clone(), theirs],
				None
			),
			Error::<Test>::NotTrackerOperator
		);
		assert_ok!(calls::create_shipment(
			RuntimeOrigin::signed(PRODUCER),
			SHIPMENT,
			vec![1],
			PHARMACY,
			vec![],
			vec![own],
			None
		));
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

#[test]
fn try_state_catches_an_index_entry_its_party_never_consented_to() {
	ExtBuilder.build().execute_with(|| {
		ship(vec![]);
		assert_eq!(SupplyChain::do_try_state(), Ok(()));
		ShipmentsByParty::<Test>::insert(PHARMACY, shipment_key(SHIPMENT), ());
		assert!(SupplyChain::do_try_state().is_err());
	});
}

#[test]
fn try_state_catches_an_expired_shipment_without_its_closing_entry() {
	ExtBuilder.build().execute_with(|| {
		ship(vec![]);
		go_to(PAST_DEADLINE);
		assert_ok!(SupplyChain::expire_shipment(RuntimeOrigin::signed(PRODUCER), SHIPMENT));
		assert_eq!(SupplyChain::do_try_state(), Ok(()));
		let mut record = shipment();
		record.history_len -= 1;
		Shipments::<Test>::insert(SHIPMENT, record);
		History::<Test>::remove(SHIPMENT, 1);
		assert!(SupplyChain::do_try_state().is_err());
	});
}
