//! The reads clients use: shipments, pages of history and of a party's shipments, lots and
//! their provenance.

use super::*;

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
		let indexes = |page: &Page<HistoryEntryView<u64>, u32>| {
			page.items.iter().map(|entry| entry.index).collect::<Vec<_>>()
		};

		let first = SupplyChain::history(SHIPMENT, None, 2);
		assert_eq!(indexes(&first), vec![0, 1]);
		assert_eq!(first.next, Some(1));
		let second = SupplyChain::history(SHIPMENT, first.next, 2);
		assert_eq!(indexes(&second), vec![2, 3]);
		// The last page is exactly full: it says so, and no empty page follows.
		assert_eq!(second.next, None);
		assert_eq!(
			second.items[0],
			HistoryEntryView {
				index: 2,
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
		let empty = Page { items: vec![], next: None };
		assert_eq!(SupplyChain::history(SHIPMENT, Some(3), 10), empty);
		assert_eq!(SupplyChain::history(SHIPMENT, None, 0), empty);
		assert_eq!(SupplyChain::history(99, None, 10), empty);
		assert_eq!(SupplyChain::history(SHIPMENT, Some(u32::MAX), u32::MAX), empty);
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
		let page = SupplyChain::history(SHIPMENT, None, u32::MAX);
		assert_eq!(page.items.len(), MAX_HISTORY_PAGE as usize);
		assert_eq!(page.next, Some(MAX_HISTORY_PAGE - 1));
		let rest = SupplyChain::history(SHIPMENT, page.next, u32::MAX);
		assert_eq!(rest.items.len(), 5);
		assert_eq!(rest.next, None);
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
		let page = |party: &AccountId32, cursor, limit| {
			let page = SupplyChain::shipments_by_party(party, cursor, limit);
			(page.items.iter().map(|shipment| shipment.id).collect::<Vec<_>>(), page.next)
		};
		assert_eq!(page(&PRODUCER, None, 10), (ids.to_vec(), None));
		// The receiver has taken part in none of them yet.
		assert_eq!(page(&PHARMACY, None, 10), (vec![], None));
		assert_eq!(page(&PRODUCER, None, 2), (vec![3, 255], Some(255)));
		assert_eq!(page(&PRODUCER, Some(255), 2), (vec![256, 1 << 40], None));
		assert_eq!(page(&PRODUCER, Some(256), 2), (vec![1 << 40], None));
		assert_eq!(page(&PRODUCER, Some(1 << 40), 2), (vec![], None));
		assert_eq!(page(&CARRIER, None, 10), (vec![], None));

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
		assert_eq!(SupplyChain::shipments_by_party(&PHARMACY, None, 10).items, vec![]);

		// Once the pharmacy answers, the shipment is in its index.
		assert_ok!(calls::reject_delivery(RuntimeOrigin::signed(PHARMACY), 1, vec![]));
		let ids: Vec<_> = SupplyChain::shipments_by_party(&PHARMACY, None, 10)
			.items
			.iter()
			.map(|s| s.id)
			.collect();
		assert_eq!(ids, vec![1]);
	});
}
