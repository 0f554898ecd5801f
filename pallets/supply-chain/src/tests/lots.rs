//! Registering lots and transforming them into new ones.

use super::*;

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
