//! Two-party custody: offers, acceptance, declines, cancellations and their timeout.

use super::*;

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
