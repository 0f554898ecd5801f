//! Milestones and condition reports, by custodians and tracker devices, their signed
//! payloads and their evidence.

use super::*;

#[test]
fn the_custodian_records_a_milestone_with_anchored_evidence() {
	ExtBuilder.build_and_execute(|| {
		let (_, device) = tracker(TestKey::sr25519(1));
		ship(vec![device.clone()]);
		anchor_batch(&device, 4);
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
		anchor_batch(&device, 1);
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
		anchor_batch(&device, 1);
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
		anchor_batch(&device, 1);
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
		anchor_batch(&device, 2);
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
		anchor_batch(&device, 0);
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
				anchor_batch(&device, 3);
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
		anchor_batch(&device, 0);
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
		anchor_batch(&device, 0);
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
		anchor_batch(&device, 0);
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
		anchor_batch(&device, 8);
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
		anchor_batch(&device, 0);
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
fn evidence_must_be_the_reporting_trackers_own_anchor() {
	ExtBuilder.build_and_execute(|| {
		let (key, device) = tracker(TestKey::sr25519(1));
		let (_, second) = tracker(TestKey::ed25519(2));
		let (_, foreign) = tracker(TestKey::sr25519(3));
		ship(vec![device.clone(), second.clone()]);
		for anchored in [&device, &second, &foreign] {
			anchor_batch(anchored, 0);
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
