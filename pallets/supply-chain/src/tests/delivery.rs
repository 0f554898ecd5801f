//! Accepting, rejecting and expiring shipments, and the milestone signal to payments.

use super::*;

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
		anchor_batch(&device, 0);
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
