//! What records cost: their sizes, the deposit and the storage fee kept forever.

use super::*;

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
		anchor_batch(&device, 0);
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
