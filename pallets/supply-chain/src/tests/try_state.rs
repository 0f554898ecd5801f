//! The invariants `try_state` checks, each caught when broken.

use super::*;

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
