//! Creating shipments: lots, rules, trackers, the linked agreement and the deposit.

use super::*;

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

#[test]
fn a_tracker_is_attached_only_with_its_owners_consent() {
	ExtBuilder.build_and_execute(|| {
		let (_, own) = tracker(TestKey::sr25519(1));
		let (_, theirs) = tracker(TestKey::sr25519(2));
		MockDevices::set_owner(&theirs, &STRANGER);
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
