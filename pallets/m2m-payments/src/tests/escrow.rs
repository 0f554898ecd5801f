//! Conditional escrow.

use frame_support::{
	assert_noop, assert_ok,
	dispatch::GetDispatchInfo,
	traits::{fungible::Mutate, LockableCurrency, WithdrawReasons},
};
use iotchain_primitives::{EscrowLookup, MilestoneHandler, ShipmentParties};
use sp_runtime::{traits::BadOrigin, AccountId32};

use super::*;

/// What the test agreements hold.
const AMOUNT: Balance = 1_000;
/// The test agreements' deadline.
const DEADLINE: u64 = 100;

/// [`DEVICE`] delivers one reading or more by anchoring `seq`.
fn data(seq: u64) -> Condition<AccountId32> {
	Condition::DataDelivered { device: DEVICE, seq, min_readings: 1 }
}

/// [`DEVICE`] anchors `seq`, one reading, in the current block.
fn deliver(seq: u64) {
	MockAnchors::<Test>::anchor(&DEVICE, seq, 1, ANCHOR_MOMENT);
}

/// The payer's waiting agreements on `(shipment, Delivered)`.
fn waiting(shipment: ShipmentId, payer: &AccountId32) -> Vec<AgreementId> {
	AgreementsByMilestone::<Test>::get((shipment, MilestoneKind::Delivered, payer))
		.map(|ids| ids.to_vec())
		.unwrap_or_default()
}

fn milestone(shipment: ShipmentId, milestone: MilestoneKind) -> Condition<AccountId32> {
	Condition::Milestone { shipment, milestone }
}

/// The payer makes an agreement with [`PAYEE`] for [`AMOUNT`] until [`DEADLINE`], with
/// [`ARBITER`] as arbiter; returns its id.
fn create(condition: Condition<AccountId32>) -> AgreementId {
	create_with(condition, Some(ARBITER))
}

fn create_with(condition: Condition<AccountId32>, arbiter: Option<AccountId32>) -> AgreementId {
	let id = NextAgreementId::<Test>::get();
	assert_ok!(Payments::create_agreement(
		signed(&payer()),
		PAYEE,
		AMOUNT,
		condition,
		DEADLINE,
		arbiter
	));
	id
}

/// Asserts the agreement is gone with everything it held, and its index entries.
fn assert_ended(id: AgreementId) {
	assert_eq!(Agreements::<Test>::get(id), None);
	assert!(!AgreementsByParty::<Test>::contains_key(payer(), agreement_key(id)));
	assert!(!AgreementsByParty::<Test>::contains_key(PAYEE, agreement_key(id)));
	assert_eq!(held_by_payments(&payer()), 0);
}

/// The parties of the test shipments: the payer ships to [`STRANGER`].
fn parties() -> ShipmentParties<AccountId32> {
	ShipmentParties { shipper: payer(), receiver: STRANGER }
}

fn report(shipment: ShipmentId, kind: MilestoneKind) -> Weight {
	report_between(shipment, kind, &parties())
}

fn report_between(
	shipment: ShipmentId,
	kind: MilestoneKind,
	parties: &ShipmentParties<AccountId32>,
) -> Weight {
	<Payments as MilestoneHandler<AccountId32>>::on_milestone(shipment, kind, parties)
}

// ---- create_agreement ----

#[test]
fn create_agreement_holds_the_amount_and_the_deposit() {
	ExtBuilder::default().build_and_execute(|| {
		let deposit = Payments::agreement_deposit();

		let id = create(data(3));

		assert_eq!(id, 0);
		assert_eq!(
			Agreements::<Test>::get(id),
			Some(Agreement {
				payer: payer(),
				payee: PAYEE,
				amount: AMOUNT,
				condition: data(3),
				deadline: DEADLINE,
				arbiter: Some(ARBITER),
				status: AgreementStatus::Open,
				deposit,
				created_at: 1,
			})
		);
		assert_eq!(held(HoldReason::Escrow, &payer()), AMOUNT);
		assert_eq!(held(HoldReason::StorageDeposit, &payer()), deposit);
		assert_eq!(free(&payer()), INITIAL_BALANCE - AMOUNT - deposit);
		assert_eq!(free(&PAYEE), INITIAL_BALANCE);
		System::assert_last_event(
			Event::AgreementCreated {
				agreement: id,
				payer: payer(),
				payee: PAYEE,
				amount: AMOUNT,
				condition: data(3),
				deadline: DEADLINE,
				arbiter: Some(ARBITER),
				deposit,
			}
			.into(),
		);
	});
}

#[test]
fn create_agreement_indexes_both_parties_and_numbers_agreements_in_order() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(create(Condition::Approval), 0);
		assert_eq!(create_with(Condition::Approval, None), 1);

		assert_eq!(NextAgreementId::<Test>::get(), 2);
		for id in [0, 1] {
			assert!(AgreementsByParty::<Test>::contains_key(payer(), agreement_key(id)));
			assert!(AgreementsByParty::<Test>::contains_key(PAYEE, agreement_key(id)));
		}
		assert_eq!(held(HoldReason::Escrow, &payer()), 2 * AMOUNT);
	});
}

#[test]
fn create_agreement_indexes_a_milestone_condition_by_its_milestone() {
	ExtBuilder::default().build_and_execute(|| {
		let id = create(milestone(42, MilestoneKind::Delivered));
		assert_eq!(waiting(42, &payer()), vec![id]);
	});
}

#[test]
fn create_agreement_rejects_paying_oneself() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Payments::create_agreement(
				signed(&payer()),
				payer(),
				AMOUNT,
				Condition::Approval,
				DEADLINE,
				None
			),
			Error::<Test>::PayeeIsPayer
		);
	});
}

#[test]
fn create_agreement_rejects_an_amount_below_the_minimum() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Payments::create_agreement(
				signed(&payer()),
				PAYEE,
				MINIMUM_AMOUNT - 1,
				Condition::Approval,
				DEADLINE,
				None
			),
			Error::<Test>::AmountTooLow
		);
		assert_ok!(Payments::create_agreement(
			signed(&payer()),
			PAYEE,
			MINIMUM_AMOUNT,
			Condition::Approval,
			DEADLINE,
			None
		));
	});
}

#[test]
fn create_agreement_rejects_a_deadline_not_after_the_current_block() {
	ExtBuilder::default().build_and_execute(|| {
		go_to(10);
		assert_noop!(
			Payments::create_agreement(
				signed(&payer()),
				PAYEE,
				AMOUNT,
				Condition::Approval,
				10,
				None
			),
			Error::<Test>::DeadlineInPast
		);
	});
}

#[test]
fn create_agreement_rejects_a_party_as_arbiter() {
	ExtBuilder::default().build_and_execute(|| {
		for arbiter in [payer(), PAYEE] {
			assert_noop!(
				Payments::create_agreement(
					signed(&payer()),
					PAYEE,
					AMOUNT,
					Condition::Approval,
					DEADLINE,
					Some(arbiter)
				),
				Error::<Test>::ArbiterIsParty
			);
		}
	});
}

#[test]
fn create_agreement_rejects_an_unknown_or_revoked_device() {
	ExtBuilder::default().build_and_execute(|| {
		let condition = Condition::DataDelivered { device: NOBODY, seq: 1, min_readings: 1 };
		assert_noop!(
			Payments::create_agreement(signed(&payer()), PAYEE, AMOUNT, condition, DEADLINE, None),
			Error::<Test>::UnknownDevice
		);
		MockDevices::set_status(&DEVICE, iotchain_primitives::DeviceStatus::Revoked);
		assert_noop!(
			Payments::create_agreement(signed(&payer()), PAYEE, AMOUNT, data(1), DEADLINE, None),
			Error::<Test>::UnknownDevice
		);
	});
}

#[test]
fn create_agreement_rejects_a_device_the_payee_cannot_act_for() {
	ExtBuilder::default().build_and_execute(|| {
		let condition = Condition::DataDelivered { device: RENTABLE, seq: 1, min_readings: 1 };
		assert_noop!(
			Payments::create_agreement(signed(&payer()), PAYEE, AMOUNT, condition, DEADLINE, None),
			Error::<Test>::PayeeCannotActForDevice
		);
	});
}

#[test]
fn create_agreement_accepts_a_device_the_payee_operates() {
	ExtBuilder::default().build_and_execute(|| {
		MockDevices::add_operator(&RENTABLE, &PAYEE);
		let condition = Condition::DataDelivered { device: RENTABLE, seq: 1, min_readings: 1 };
		assert_ok!(Payments::create_agreement(
			signed(&payer()),
			PAYEE,
			AMOUNT,
			condition,
			DEADLINE,
			None
		));
	});
}

#[test]
fn create_agreement_rejects_data_the_device_has_already_anchored() {
	ExtBuilder::default().build_and_execute(|| {
		deliver(5);
		assert_noop!(
			Payments::create_agreement(signed(&payer()), PAYEE, AMOUNT, data(5), DEADLINE, None),
			Error::<Test>::DataAlreadyAnchored
		);
		// Sequence numbers are single-use, not increasing: a lower one not yet anchored will do.
		create(data(4));
		create(data(6));
	});
}

#[test]
fn create_agreement_rejects_more_agreements_than_a_payers_list_takes() {
	ExtBuilder::default().build_and_execute(|| {
		for _ in 0..MAX_AGREEMENTS_PER_MILESTONE {
			create(milestone(7, MilestoneKind::Delivered));
		}
		assert_noop!(
			Payments::create_agreement(
				signed(&payer()),
				PAYEE,
				AMOUNT,
				milestone(7, MilestoneKind::Delivered),
				DEADLINE,
				None
			),
			Error::<Test>::TooManyAgreementsForMilestone
		);
		// The same milestone of another shipment has room, and so has another payer's list.
		create(milestone(8, MilestoneKind::Delivered));
		assert_ok!(Payments::create_agreement(
			signed(&STRANGER),
			PAYEE,
			AMOUNT,
			milestone(7, MilestoneKind::Delivered),
			DEADLINE,
			None
		));
	});
}

#[test]
fn strangers_cannot_fill_the_milestone_slots_of_a_payer() {
	// The audit's attack: the slots of a (shipment, milestone) were shared, so anyone could
	// fill them with agreements to himself and block the real payer. Today's code failed the
	// payer's agreement with `TooManyAgreementsForMilestone`.
	ExtBuilder::default().build_and_execute(|| {
		for _ in 0..MAX_AGREEMENTS_PER_MILESTONE {
			assert_ok!(Payments::create_agreement(
				signed(&STRANGER),
				ARBITER,
				AMOUNT,
				milestone(1, MilestoneKind::Delivered),
				DEADLINE,
				None
			));
		}

		let id = create(milestone(1, MilestoneKind::Delivered));

		assert_eq!(waiting(1, &payer()), vec![id]);
		assert_eq!(waiting(1, &STRANGER).len(), MAX_AGREEMENTS_PER_MILESTONE as usize);
	});
}

#[test]
fn create_agreement_rejects_a_milestone_the_supply_chain_never_reports() {
	// The audit: agreements on milestones that are never reported could never be paid.
	// Today's code accepted them.
	ExtBuilder::default().build_and_execute(|| {
		for kind in [
			MilestoneKind::PickedUp,
			MilestoneKind::Departed,
			MilestoneKind::Arrived,
			MilestoneKind::CustomsCleared,
			MilestoneKind::Custom(7),
		] {
			assert_noop!(
				Payments::create_agreement(
					signed(&payer()),
					PAYEE,
					AMOUNT,
					milestone(1, kind),
					DEADLINE,
					None
				),
				Error::<Test>::MilestoneNotReported
			);
		}
	});
}

#[test]
fn create_agreement_fails_when_the_payer_cannot_hold_amount_and_deposit() {
	ExtBuilder::default().build_and_execute(|| {
		// Enough for the amount, not for the deposit too.
		Balances::set_balance(&STRANGER, AMOUNT + 10);
		assert_noop!(
			Payments::create_agreement(
				signed(&STRANGER),
				PAYEE,
				AMOUNT,
				Condition::Approval,
				DEADLINE,
				None
			),
			Error::<Test>::InsufficientBalance
		);
	});
}

#[test]
fn create_agreement_fails_when_ids_run_out() {
	ExtBuilder::default().build_and_execute(|| {
		NextAgreementId::<Test>::put(AgreementId::MAX);
		assert_noop!(
			Payments::create_agreement(
				signed(&payer()),
				PAYEE,
				AMOUNT,
				Condition::Approval,
				DEADLINE,
				None
			),
			Error::<Test>::NoMoreIds
		);
	});
}

#[test]
fn create_agreement_needs_a_signed_origin() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Payments::create_agreement(
				RuntimeOrigin::none(),
				PAYEE,
				AMOUNT,
				Condition::Approval,
				DEADLINE,
				None
			),
			BadOrigin
		);
	});
}

#[test]
fn create_agreement_is_weighed_by_its_condition() {
	let call = |condition| {
		RuntimeCall::Payments(Call::create_agreement {
			payee: PAYEE,
			amount: AMOUNT,
			condition,
			deadline: DEADLINE,
			arbiter: None,
		})
		.get_dispatch_info()
		.call_weight
	};
	assert_eq!(
		call(milestone(1, MilestoneKind::Delivered)),
		<() as WeightInfo>::create_agreement_on_milestone()
	);
	assert_eq!(call(data(1)), <() as WeightInfo>::create_agreement());
	assert_eq!(call(Condition::Approval), <() as WeightInfo>::create_agreement());
}

// ---- release ----

#[test]
fn release_pays_the_payee_exactly_and_returns_the_deposit() {
	ExtBuilder::default().build_and_execute(|| {
		let id = create(Condition::Approval);

		assert_ok!(Payments::release(signed(&payer()), id));

		assert_ended(id);
		assert_eq!(free(&payer()), INITIAL_BALANCE - AMOUNT);
		assert_eq!(free(&PAYEE), INITIAL_BALANCE + AMOUNT);
		System::assert_last_event(
			Event::AgreementReleased {
				agreement: id,
				payer: payer(),
				payee: PAYEE,
				amount: AMOUNT,
			}
			.into(),
		);
	});
}

#[test]
fn release_works_whatever_the_condition_and_during_a_dispute() {
	ExtBuilder::default().build_and_execute(|| {
		let on_data = create(data(1));
		let on_milestone = create(milestone(1, MilestoneKind::Delivered));
		let disputed = create(Condition::Approval);
		assert_ok!(Payments::dispute(signed(&PAYEE), disputed));

		for id in [on_data, on_milestone, disputed] {
			assert_ok!(Payments::release(signed(&payer()), id));
		}

		assert_eq!(free(&PAYEE), INITIAL_BALANCE + 3 * AMOUNT);
		assert_eq!(waiting(1, &payer()), Vec::<AgreementId>::new());
		assert_ended(on_milestone);
	});
}

#[test]
fn release_by_anyone_but_the_payer_is_rejected() {
	ExtBuilder::default().build_and_execute(|| {
		let id = create(Condition::Approval);
		for who in [PAYEE, ARBITER, STRANGER] {
			assert_noop!(Payments::release(signed(&who), id), Error::<Test>::NotPayer);
		}
	});
}

#[test]
fn release_of_an_unknown_or_ended_agreement_is_rejected() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(Payments::release(signed(&payer()), 0), Error::<Test>::UnknownAgreement);
		let id = create(Condition::Approval);
		assert_ok!(Payments::release(signed(&payer()), id));
		assert_noop!(Payments::release(signed(&payer()), id), Error::<Test>::UnknownAgreement);
		assert_eq!(free(&PAYEE), INITIAL_BALANCE + AMOUNT);
	});
}

#[test]
fn release_can_create_the_payees_account() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Payments::create_agreement(
			signed(&payer()),
			NOBODY,
			AMOUNT,
			Condition::Approval,
			DEADLINE,
			None
		));
		assert_ok!(Payments::release(signed(&payer()), 0));
		assert_eq!(free(&NOBODY), AMOUNT);
	});
}

// ---- claim ----

#[test]
fn claim_pays_the_payee_once_the_data_is_delivered_and_the_challenge_period_is_over() {
	ExtBuilder::default().build_and_execute(|| {
		let id = create(data(3));
		go_to(20);
		deliver(3);
		go_to(20 + DATA_CHALLENGE_PERIOD);

		assert_ok!(Payments::claim(signed(&PAYEE), id));

		assert_ended(id);
		assert_eq!(free(&payer()), INITIAL_BALANCE - AMOUNT);
		assert_eq!(free(&PAYEE), INITIAL_BALANCE + AMOUNT);
		System::assert_last_event(
			Event::AgreementClaimed { agreement: id, payer: payer(), payee: PAYEE, amount: AMOUNT }
				.into(),
		);
	});
}

#[test]
fn claim_in_the_block_the_payee_anchored_is_rejected_until_the_payer_had_its_say() {
	// The audit's attack: a payee who owns the device anchors any digest at the sequence
	// number and claims in the same block. Today's code paid it.
	ExtBuilder::default().build_and_execute(|| {
		let id = create(data(1));
		go_to(20);
		deliver(1);

		assert_noop!(Payments::claim(signed(&PAYEE), id), Error::<Test>::ChallengePeriodNotOver);
		go_to(20 + DATA_CHALLENGE_PERIOD - 1);
		assert_noop!(Payments::claim(signed(&PAYEE), id), Error::<Test>::ChallengePeriodNotOver);

		// The payer checks the data, finds it wanting and disputes in time: no claim.
		assert_ok!(Payments::dispute(signed(&payer()), id));
		go_to(20 + DATA_CHALLENGE_PERIOD);
		assert_noop!(Payments::claim(signed(&PAYEE), id), Error::<Test>::AgreementDisputed);
	});
}

#[test]
fn claim_before_the_named_data_is_delivered_is_rejected() {
	ExtBuilder::default().build_and_execute(|| {
		let id = create(Condition::DataDelivered { device: DEVICE, seq: 3, min_readings: 10 });
		assert_noop!(Payments::claim(signed(&PAYEE), id), Error::<Test>::ConditionNotMet);
		// Other sequence numbers, even later ones, do not deliver seq 3.
		deliver(2);
		deliver(4);
		// Another device's anchors do not count.
		MockAnchors::<Test>::anchor(&RENTABLE, 3, 10, ANCHOR_MOMENT);
		go_to(1 + DATA_CHALLENGE_PERIOD);
		assert_noop!(Payments::claim(signed(&PAYEE), id), Error::<Test>::ConditionNotMet);
		// Fewer readings than named do not count, and seq 3 is spent.
		MockAnchors::<Test>::anchor(&DEVICE, 3, 9, ANCHOR_MOMENT);
		go_to(1 + 2 * DATA_CHALLENGE_PERIOD);
		assert_noop!(Payments::claim(signed(&PAYEE), id), Error::<Test>::ConditionNotMet);
	});
}

#[test]
fn claim_of_a_batch_with_enough_readings_succeeds() {
	ExtBuilder::default().build_and_execute(|| {
		let id = create(Condition::DataDelivered { device: DEVICE, seq: 3, min_readings: 10 });
		MockAnchors::<Test>::anchor(&DEVICE, 3, 10, ANCHOR_MOMENT);
		go_to(1 + DATA_CHALLENGE_PERIOD);
		assert_ok!(Payments::claim(signed(&PAYEE), id));
		assert_ended(id);
	});
}

#[test]
fn claim_of_an_approval_or_milestone_agreement_is_rejected() {
	ExtBuilder::default().build_and_execute(|| {
		let approval = create(Condition::Approval);
		let on_milestone = create(milestone(1, MilestoneKind::Delivered));
		for id in [approval, on_milestone] {
			assert_noop!(Payments::claim(signed(&PAYEE), id), Error::<Test>::ConditionNotMet);
		}
	});
}

#[test]
fn claim_by_anyone_but_the_payee_is_rejected() {
	ExtBuilder::default().build_and_execute(|| {
		let id = create(data(1));
		deliver(1);
		go_to(1 + DATA_CHALLENGE_PERIOD);
		for who in [payer(), ARBITER, STRANGER] {
			assert_noop!(Payments::claim(signed(&who), id), Error::<Test>::NotPayee);
		}
	});
}

#[test]
fn claim_of_data_delivered_from_the_deadline_on_is_rejected() {
	ExtBuilder::default().build_and_execute(|| {
		let id = create(data(1));
		go_to(DEADLINE);
		assert_noop!(Payments::claim(signed(&PAYEE), id), Error::<Test>::DeadlinePassed);
		deliver(1);
		go_to(DEADLINE + DATA_CHALLENGE_PERIOD);
		assert_noop!(Payments::claim(signed(&PAYEE), id), Error::<Test>::DeadlinePassed);
		assert_ok!(Payments::refund(signed(&STRANGER), id));
	});
}

#[test]
fn claim_of_data_delivered_before_the_deadline_is_possible_after_it() {
	ExtBuilder::default().build_and_execute(|| {
		let id = create(data(1));
		go_to(DEADLINE - 1);
		deliver(1);
		go_to(DEADLINE);
		assert_noop!(Payments::refund(signed(&payer()), id), Error::<Test>::ConditionMet);
		go_to(DEADLINE - 1 + DATA_CHALLENGE_PERIOD);
		assert_ok!(Payments::claim(signed(&PAYEE), id));
	});
}

#[test]
fn claim_of_a_disputed_agreement_is_rejected() {
	ExtBuilder::default().build_and_execute(|| {
		let id = create(data(1));
		assert_ok!(Payments::dispute(signed(&payer()), id));
		deliver(1);
		go_to(1 + DATA_CHALLENGE_PERIOD);
		assert_noop!(Payments::claim(signed(&PAYEE), id), Error::<Test>::AgreementDisputed);
	});
}

#[test]
fn claim_of_an_unknown_agreement_is_rejected() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(Payments::claim(signed(&PAYEE), 9), Error::<Test>::UnknownAgreement);
	});
}

// ---- refund ----

#[test]
fn refund_returns_amount_and_deposit_to_the_payer_from_the_deadline_on() {
	ExtBuilder::default().build_and_execute(|| {
		let id = create(data(1));
		go_to(DEADLINE);

		// Anyone may send it, the payer's keeper say.
		assert_ok!(Payments::refund(signed(&STRANGER), id));

		assert_ended(id);
		assert_eq!(free(&payer()), INITIAL_BALANCE);
		assert_eq!(free(&PAYEE), INITIAL_BALANCE);
		System::assert_last_event(
			Event::AgreementRefunded { agreement: id, payer: payer(), amount: AMOUNT }.into(),
		);
	});
}

#[test]
fn refund_before_the_deadline_is_rejected() {
	ExtBuilder::default().build_and_execute(|| {
		let id = create(Condition::Approval);
		go_to(DEADLINE - 1);
		assert_noop!(Payments::refund(signed(&payer()), id), Error::<Test>::DeadlineNotReached);
	});
}

#[test]
fn refund_of_a_disputed_agreement_is_rejected() {
	ExtBuilder::default().build_and_execute(|| {
		let id = create(Condition::Approval);
		assert_ok!(Payments::dispute(signed(&PAYEE), id));
		go_to(DEADLINE + 10);
		assert_noop!(Payments::refund(signed(&payer()), id), Error::<Test>::AgreementDisputed);
	});
}

#[test]
fn refund_of_an_unknown_agreement_is_rejected() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(Payments::refund(signed(&payer()), 3), Error::<Test>::UnknownAgreement);
	});
}

#[test]
fn refund_takes_a_milestone_agreement_off_its_milestone() {
	ExtBuilder::default().build_and_execute(|| {
		let id = create(milestone(1, MilestoneKind::Delivered));
		let other = create(milestone(1, MilestoneKind::Delivered));
		go_to(DEADLINE);
		assert_ok!(Payments::refund(signed(&payer()), id));
		assert_eq!(waiting(1, &payer()), vec![other]);
	});
}

// ---- dispute ----

#[test]
fn dispute_by_either_party_freezes_the_agreement() {
	ExtBuilder::default().build_and_execute(|| {
		for who in [payer(), PAYEE] {
			let id = create(Condition::Approval);

			assert_ok!(Payments::dispute(signed(&who), id));

			let timeout_at = 1 + DISPUTE_TIMEOUT;
			assert_eq!(
				Agreements::<Test>::get(id).unwrap().status,
				AgreementStatus::Disputed { by: who.clone(), timeout_at, milestone_reached: false }
			);
			assert_eq!(held(HoldReason::Escrow, &payer()), AMOUNT * (id as Balance + 1));
			System::assert_last_event(
				Event::AgreementDisputed { agreement: id, by: who, timeout_at }.into(),
			);
		}
	});
}

#[test]
fn dispute_by_anyone_but_a_party_is_rejected() {
	ExtBuilder::default().build_and_execute(|| {
		let id = create(Condition::Approval);
		for who in [ARBITER, STRANGER] {
			assert_noop!(Payments::dispute(signed(&who), id), Error::<Test>::NotParty);
		}
	});
}

#[test]
fn dispute_of_a_disputed_agreement_is_rejected() {
	ExtBuilder::default().build_and_execute(|| {
		let id = create(Condition::Approval);
		assert_ok!(Payments::dispute(signed(&payer()), id));
		assert_noop!(Payments::dispute(signed(&PAYEE), id), Error::<Test>::AgreementDisputed);
	});
}

#[test]
fn dispute_from_the_deadline_on_is_rejected() {
	// The audit's attack: the payee disputes after the deadline and freezes the payer's refund
	// until a council motion. Today's code accepted the dispute.
	ExtBuilder::default().build_and_execute(|| {
		let id = create(Condition::Approval);
		go_to(DEADLINE);
		for who in [PAYEE, payer()] {
			assert_noop!(Payments::dispute(signed(&who), id), Error::<Test>::DeadlinePassed);
		}
		assert_ok!(Payments::refund(signed(&payer()), id));
	});
}

#[test]
fn dispute_of_delivered_data_by_the_payer_is_possible_until_the_challenge_period_ends() {
	ExtBuilder::default().build_and_execute(|| {
		let early = create(data(2));
		let late = create(data(1));
		go_to(10);
		deliver(2);
		go_to(10 + DATA_CHALLENGE_PERIOD);
		// Before the deadline but after the challenge period: the data is due.
		assert_noop!(
			Payments::dispute(signed(&payer()), early),
			Error::<Test>::ChallengePeriodOver
		);

		go_to(DEADLINE - 1);
		deliver(1);
		// After the deadline, in the challenge period: the payer may still dispute, the payee
		// has no reason to.
		go_to(DEADLINE + 1);
		assert_noop!(Payments::dispute(signed(&PAYEE), late), Error::<Test>::DeadlinePassed);
		assert_ok!(Payments::dispute(signed(&payer()), late));
	});
}

#[test]
fn a_disputed_agreement_is_not_paid_by_its_milestone_but_remembers_it() {
	ExtBuilder::default().build_and_execute(|| {
		let id = create(milestone(1, MilestoneKind::Delivered));
		assert_ok!(Payments::dispute(signed(&payer()), id));
		assert_eq!(Payments::milestone_condition(id), None);

		report(1, MilestoneKind::Delivered);

		System::assert_last_event(
			Event::MilestoneNotReleased {
				agreement: id,
				shipment: 1,
				milestone: MilestoneKind::Delivered,
				reason: MilestoneNotReleasedReason::Disputed,
			}
			.into(),
		);
		assert_eq!(free(&PAYEE), INITIAL_BALANCE);
		assert!(matches!(
			Agreements::<Test>::get(id).unwrap().status,
			AgreementStatus::Disputed { milestone_reached: true, .. }
		));
		assert_eq!(waiting(1, &payer()), Vec::<AgreementId>::new());
	});
}

#[test]
fn dispute_of_an_unknown_agreement_is_rejected() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(Payments::dispute(signed(&payer()), 0), Error::<Test>::UnknownAgreement);
	});
}

// ---- resolve ----

#[test]
fn resolve_by_the_arbiter_splits_the_amount_exactly() {
	ExtBuilder::default().build_and_execute(|| {
		let id = create(Condition::Approval);
		assert_ok!(Payments::dispute(signed(&PAYEE), id));

		assert_ok!(Payments::resolve(signed(&ARBITER), id, 300));

		assert_ended(id);
		assert_eq!(free(&PAYEE), INITIAL_BALANCE + 300);
		assert_eq!(free(&payer()), INITIAL_BALANCE - 300);
		assert_eq!(free(&ARBITER), INITIAL_BALANCE);
		System::assert_last_event(
			Event::AgreementResolved {
				agreement: id,
				payer: payer(),
				payee: PAYEE,
				to_payee: 300,
				to_payer: 700,
				arbiter: Some(ARBITER),
			}
			.into(),
		);
	});
}

#[test]
fn resolve_by_governance_works_with_or_without_an_arbiter() {
	ExtBuilder::default().build_and_execute(|| {
		let with_arbiter = create(Condition::Approval);
		let without = create_with(Condition::Approval, None);
		for id in [with_arbiter, without] {
			assert_ok!(Payments::dispute(signed(&payer()), id));
		}

		assert_ok!(Payments::resolve(RuntimeOrigin::root(), with_arbiter, AMOUNT));
		assert_ok!(Payments::resolve(RuntimeOrigin::root(), without, 0));

		assert_eq!(free(&PAYEE), INITIAL_BALANCE + AMOUNT);
		assert_eq!(free(&payer()), INITIAL_BALANCE - AMOUNT);
		assert_eq!(held_by_payments(&payer()), 0);
		System::assert_last_event(
			Event::AgreementResolved {
				agreement: without,
				payer: payer(),
				payee: PAYEE,
				to_payee: 0,
				to_payer: AMOUNT,
				arbiter: None,
			}
			.into(),
		);
	});
}

#[test]
fn resolve_by_anyone_but_the_arbiter_or_governance_is_rejected() {
	ExtBuilder::default().build_and_execute(|| {
		let id = create(Condition::Approval);
		let without = create_with(Condition::Approval, None);
		assert_ok!(Payments::dispute(signed(&payer()), id));
		assert_ok!(Payments::dispute(signed(&payer()), without));
		for who in [payer(), PAYEE, STRANGER] {
			assert_noop!(Payments::resolve(signed(&who), id, 1), Error::<Test>::NotArbiter);
		}
		assert_noop!(Payments::resolve(signed(&ARBITER), without, 1), Error::<Test>::NotArbiter);
		assert_noop!(Payments::resolve(RuntimeOrigin::none(), id, 1), BadOrigin);
	});
}

#[test]
fn resolve_of_an_undisputed_agreement_is_rejected() {
	ExtBuilder::default().build_and_execute(|| {
		let id = create(Condition::Approval);
		assert_noop!(Payments::resolve(signed(&ARBITER), id, 1), Error::<Test>::NotDisputed);
		assert_noop!(Payments::resolve(RuntimeOrigin::root(), id, 1), Error::<Test>::NotDisputed);
	});
}

#[test]
fn resolve_giving_the_payee_more_than_the_amount_is_rejected() {
	ExtBuilder::default().build_and_execute(|| {
		let id = create(Condition::Approval);
		assert_ok!(Payments::dispute(signed(&payer()), id));
		assert_noop!(
			Payments::resolve(signed(&ARBITER), id, AMOUNT + 1),
			Error::<Test>::SplitExceedsAmount
		);
	});
}

#[test]
fn resolve_of_an_unknown_agreement_is_rejected() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Payments::resolve(RuntimeOrigin::root(), 5, 1),
			Error::<Test>::UnknownAgreement
		);
	});
}

// ---- settle_dispute ----

#[test]
fn settle_dispute_after_the_timeout_refunds_an_agreement_whose_condition_was_not_met() {
	// The audit: disputes never end. Whoever disputed, after `DisputeTimeout` without a
	// ruling anyone ends it by the agreement's own rule.
	ExtBuilder::default().build_and_execute(|| {
		let approval = create(Condition::Approval);
		let on_data = create(data(1));
		let on_milestone = create(milestone(1, MilestoneKind::Delivered));
		for id in [approval, on_data, on_milestone] {
			assert_ok!(Payments::dispute(signed(&PAYEE), id));
		}
		go_to(1 + DISPUTE_TIMEOUT);

		for id in [approval, on_data, on_milestone] {
			assert_ok!(Payments::settle_dispute(signed(&STRANGER), id));
			System::assert_last_event(
				Event::AgreementSettledByDefault {
					agreement: id,
					payer: payer(),
					payee: PAYEE,
					to_payee: 0,
					to_payer: AMOUNT,
				}
				.into(),
			);
		}

		assert_ended(on_milestone);
		assert_eq!(waiting(1, &payer()), Vec::<AgreementId>::new());
		assert_eq!(free(&payer()), INITIAL_BALANCE);
		assert_eq!(free(&PAYEE), INITIAL_BALANCE);
	});
}

#[test]
fn settle_dispute_after_the_timeout_pays_the_payee_a_condition_met_in_time() {
	ExtBuilder::default().build_and_execute(|| {
		let on_data = create(data(1));
		let on_milestone = create(milestone(1, MilestoneKind::Delivered));
		deliver(1);
		assert_ok!(Payments::dispute(signed(&payer()), on_data));
		assert_ok!(Payments::dispute(signed(&payer()), on_milestone));
		report(1, MilestoneKind::Delivered);
		go_to(1 + DISPUTE_TIMEOUT);

		for id in [on_data, on_milestone] {
			assert_ok!(Payments::settle_dispute(signed(&STRANGER), id));
			System::assert_last_event(
				Event::AgreementSettledByDefault {
					agreement: id,
					payer: payer(),
					payee: PAYEE,
					to_payee: AMOUNT,
					to_payer: 0,
				}
				.into(),
			);
		}
		assert_eq!(free(&PAYEE), INITIAL_BALANCE + 2 * AMOUNT);
		assert_eq!(held_by_payments(&payer()), 0);
	});
}

#[test]
fn settle_dispute_before_the_timeout_is_rejected() {
	ExtBuilder::default().build_and_execute(|| {
		let id = create(Condition::Approval);
		assert_ok!(Payments::dispute(signed(&PAYEE), id));
		go_to(DISPUTE_TIMEOUT);
		assert_noop!(
			Payments::settle_dispute(signed(&STRANGER), id),
			Error::<Test>::DisputeNotTimedOut
		);
		// The arbiter may rule until then, and after it until someone settles.
		go_to(DISPUTE_TIMEOUT + 10);
		assert_ok!(Payments::resolve(signed(&ARBITER), id, 400));
	});
}

#[test]
fn settle_dispute_of_an_open_or_unknown_agreement_is_rejected() {
	ExtBuilder::default().build_and_execute(|| {
		let id = create(Condition::Approval);
		go_to(DEADLINE + DISPUTE_TIMEOUT);
		assert_noop!(Payments::settle_dispute(signed(&STRANGER), id), Error::<Test>::NotDisputed);
		assert_noop!(
			Payments::settle_dispute(signed(&STRANGER), id + 1),
			Error::<Test>::UnknownAgreement
		);
	});
}

#[test]
fn settle_dispute_needs_a_signed_origin() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(Payments::settle_dispute(RuntimeOrigin::none(), 0), BadOrigin);
	});
}

// ---- milestones ----

#[test]
fn on_milestone_releases_exactly_the_agreements_waiting_on_it() {
	ExtBuilder::default().build_and_execute(|| {
		let first = create(milestone(1, MilestoneKind::Delivered));
		let second = create(milestone(1, MilestoneKind::Delivered));
		let other_shipment = create(milestone(2, MilestoneKind::Delivered));
		let approval = create(Condition::Approval);
		let other_payer = NextAgreementId::<Test>::get();
		assert_ok!(Payments::create_agreement(
			signed(&ARBITER),
			PAYEE,
			AMOUNT,
			milestone(1, MilestoneKind::Delivered),
			DEADLINE,
			None
		));

		let weight = report(1, MilestoneKind::Delivered);

		assert_eq!(weight, <() as WeightInfo>::on_milestone(2));
		for id in [first, second] {
			assert_eq!(Agreements::<Test>::get(id), None);
			System::assert_has_event(
				Event::AgreementReleasedOnMilestone {
					agreement: id,
					shipment: 1,
					milestone: MilestoneKind::Delivered,
					payer: payer(),
					payee: PAYEE,
					amount: AMOUNT,
				}
				.into(),
			);
		}
		for id in [other_shipment, approval, other_payer] {
			assert!(Agreements::<Test>::contains_key(id));
		}
		assert_eq!(free(&PAYEE), INITIAL_BALANCE + 2 * AMOUNT);
		assert_eq!(held(HoldReason::Escrow, &payer()), 2 * AMOUNT);
		assert_eq!(waiting(1, &payer()), Vec::<AgreementId>::new());
		assert_eq!(waiting(2, &payer()), vec![other_shipment]);
		assert_eq!(waiting(1, &ARBITER), vec![other_payer]);
	});
}

#[test]
fn on_milestone_without_waiting_agreements_does_nothing() {
	ExtBuilder::default().build_and_execute(|| {
		create(milestone(1, MilestoneKind::Delivered));
		let events = System::events().len();
		assert_eq!(report(2, MilestoneKind::Delivered), <() as WeightInfo>::on_milestone(0));
		assert_eq!(System::events().len(), events);
	});
}

#[test]
fn on_milestone_leaves_agreements_past_their_deadline_for_a_refund() {
	ExtBuilder::default().build_and_execute(|| {
		let id = create(milestone(1, MilestoneKind::Delivered));
		go_to(DEADLINE);

		report(1, MilestoneKind::Delivered);

		System::assert_last_event(
			Event::MilestoneNotReleased {
				agreement: id,
				shipment: 1,
				milestone: MilestoneKind::Delivered,
				reason: MilestoneNotReleasedReason::DeadlinePassed,
			}
			.into(),
		);
		assert_eq!(free(&PAYEE), INITIAL_BALANCE);
		assert_eq!(Payments::milestone_condition(id), None);
		assert_ok!(Payments::refund(signed(&payer()), id));
		assert_eq!(free(&payer()), INITIAL_BALANCE);
	});
}

#[test]
fn on_milestone_undoes_a_failed_payout_alone_and_keeps_the_agreement() {
	ExtBuilder::default().build_and_execute(|| {
		let id = create(milestone(1, MilestoneKind::Delivered));
		assert_ok!(Payments::create_agreement(
			signed(&PAYEE),
			STRANGER,
			AMOUNT,
			milestone(1, MilestoneKind::Delivered),
			DEADLINE,
			None
		));
		// A lock larger than the payer's balance keeps its held funds from being paid out
		// (`Fortitude::Polite`).
		Balances::set_lock(*b"test/lck", &payer(), 10 * INITIAL_BALANCE, WithdrawReasons::all());

		report_between(
			1,
			MilestoneKind::Delivered,
			&ShipmentParties { shipper: payer(), receiver: PAYEE },
		);

		System::assert_has_event(
			Event::MilestoneNotReleased {
				agreement: id,
				shipment: 1,
				milestone: MilestoneKind::Delivered,
				reason: MilestoneNotReleasedReason::PayoutFailed,
			}
			.into(),
		);
		assert_eq!(held(HoldReason::Escrow, &payer()), AMOUNT);
		assert!(Agreements::<Test>::contains_key(id));
		// The other agreement on the milestone was paid all the same.
		assert_eq!(free(&STRANGER), INITIAL_BALANCE + AMOUNT);
		assert_eq!(Agreements::<Test>::get(1), None);
	});
}

#[test]
fn max_weight_covers_the_full_lists_of_shipper_and_receiver() {
	assert_eq!(
		<Payments as MilestoneHandler<AccountId32>>::max_weight(),
		<() as WeightInfo>::on_milestone(2 * MAX_AGREEMENTS_PER_MILESTONE)
	);
}

#[test]
fn on_milestone_of_a_strangers_shipment_with_the_same_id_pays_nothing() {
	// The audit's attack: whoever first creates a shipment with the id and delivers it to
	// himself collects the escrow. Today's code paid it.
	ExtBuilder::default().build_and_execute(|| {
		let id = create(milestone(1, MilestoneKind::Delivered));

		let weight = report_between(
			1,
			MilestoneKind::Delivered,
			&ShipmentParties { shipper: STRANGER, receiver: ARBITER },
		);

		assert_eq!(weight, <() as WeightInfo>::on_milestone(0));
		assert_eq!(free(&PAYEE), INITIAL_BALANCE);
		assert_eq!(waiting(1, &payer()), vec![id]);
		assert_eq!(Payments::milestone_condition(id), Some((1, MilestoneKind::Delivered)));

		// The payer's own shipment pays it, whichever side of it the payer is on.
		report_between(
			1,
			MilestoneKind::Delivered,
			&ShipmentParties { shipper: ARBITER, receiver: payer() },
		);
		assert_ended(id);
		assert_eq!(free(&PAYEE), INITIAL_BALANCE + AMOUNT);
	});
}

#[test]
fn on_milestone_pays_the_lists_of_both_parties() {
	ExtBuilder::default().build_and_execute(|| {
		let from_shipper = create(milestone(1, MilestoneKind::Delivered));
		let from_receiver = NextAgreementId::<Test>::get();
		assert_ok!(Payments::create_agreement(
			signed(&STRANGER),
			PAYEE,
			AMOUNT,
			milestone(1, MilestoneKind::Delivered),
			DEADLINE,
			None
		));

		assert_eq!(report(1, MilestoneKind::Delivered), <() as WeightInfo>::on_milestone(2));

		for id in [from_shipper, from_receiver] {
			assert_eq!(Agreements::<Test>::get(id), None);
		}
		assert_eq!(free(&PAYEE), INITIAL_BALANCE + 2 * AMOUNT);
	});
}

#[test]
fn on_milestone_of_a_shipment_to_oneself_counts_the_list_once() {
	ExtBuilder::default().build_and_execute(|| {
		create(milestone(1, MilestoneKind::Delivered));
		let to_self = ShipmentParties { shipper: payer(), receiver: payer() };
		assert_eq!(
			report_between(1, MilestoneKind::Delivered, &to_self),
			<() as WeightInfo>::on_milestone(1)
		);
		assert_eq!(free(&PAYEE), INITIAL_BALANCE + AMOUNT);
	});
}

// ---- EscrowLookup ----

#[test]
fn escrow_lookup_names_the_milestone_while_an_agreement_waits_on_it() {
	ExtBuilder::default().build_and_execute(|| {
		let waiting = create(milestone(4, MilestoneKind::Delivered));
		let approval = create(Condition::Approval);

		assert_eq!(Payments::milestone_condition(waiting), Some((4, MilestoneKind::Delivered)));
		assert_eq!(Payments::milestone_condition(approval), None);
		assert_eq!(Payments::milestone_condition(99), None);

		report(4, MilestoneKind::Delivered);
		assert_eq!(Payments::milestone_condition(waiting), None);
	});
}

#[test]
fn escrow_lookup_names_the_parties_of_agreements_not_yet_ended() {
	ExtBuilder::default().build_and_execute(|| {
		let id = create(Condition::Approval);
		assert_eq!(Payments::parties(id), Some((payer(), PAYEE)));
		assert_eq!(Payments::parties(id + 1), None);
		assert_ok!(Payments::release(signed(&payer()), id));
		assert_eq!(Payments::parties(id), None);
	});
}

// ---- reads ----

#[test]
fn agreement_view_says_whether_it_may_be_claimed_or_refunded() {
	ExtBuilder::default().build_and_execute(|| {
		let id = create(data(1));
		let view = Payments::agreement(id).unwrap();
		assert_eq!((view.id, view.claimable, view.refundable), (id, false, false));
		assert_eq!(view.agreement, Agreements::<Test>::get(id).unwrap());

		deliver(1);
		assert!(!Payments::agreement(id).unwrap().claimable);
		go_to(1 + DATA_CHALLENGE_PERIOD);
		assert!(Payments::agreement(id).unwrap().claimable);

		let undelivered = create(data(2));
		go_to(DEADLINE);
		let view = Payments::agreement(id).unwrap();
		assert_eq!((view.claimable, view.refundable), (true, false));
		let view = Payments::agreement(undelivered).unwrap();
		assert_eq!((view.claimable, view.refundable), (false, true));
		assert_eq!(Payments::agreement(undelivered + 1), None);
	});
}

#[test]
fn agreements_by_party_pages_in_id_order() {
	ExtBuilder::default().build_and_execute(|| {
		for _ in 0..5 {
			create(Condition::Approval);
		}
		assert_ok!(Payments::create_agreement(
			signed(&STRANGER),
			ARBITER,
			AMOUNT,
			Condition::Approval,
			DEADLINE,
			None
		));
		assert_ok!(Payments::release(signed(&payer()), 2));
		let page = |party: &AccountId32, cursor, limit| {
			let page = Payments::agreements_by_party(party, cursor, limit);
			(page.items.into_iter().map(|view| view.id).collect::<Vec<_>>(), page.next)
		};

		assert_eq!(page(&PAYEE, None, 2), (vec![0, 1], Some(1)));
		assert_eq!(page(&PAYEE, Some(1), 2), (vec![3, 4], None));
		assert_eq!(page(&PAYEE, Some(4), 2), (vec![], None));
		assert_eq!(page(&payer(), None, 100), (vec![0, 1, 3, 4], None));
		assert_eq!(page(&payer(), None, 3), (vec![0, 1, 3], Some(3)));
		assert_eq!(page(&payer(), Some(3), 3), (vec![4], None));
		assert_eq!(page(&ARBITER, None, 100), (vec![5], None));
		assert_eq!(page(&NOBODY, None, 100), (vec![], None));
	});
}

#[test]
fn agreements_by_party_ends_an_exactly_full_last_page() {
	ExtBuilder::default().build_and_execute(|| {
		for _ in 0..4 {
			create(Condition::Approval);
		}
		let first = Payments::agreements_by_party(&PAYEE, None, 2);
		assert_eq!(first.next, Some(1));
		let last = Payments::agreements_by_party(&PAYEE, first.next, 2);
		assert_eq!(last.items.iter().map(|view| view.id).collect::<Vec<_>>(), vec![2, 3]);
		assert_eq!(last.next, None);
	});
}

#[test]
fn agreements_by_party_returns_at_most_a_full_page() {
	ExtBuilder::default().build_and_execute(|| {
		Balances::set_balance(&payer(), 1_000_000_000);
		for _ in 0..(MAX_AGREEMENTS_PAGE + 1) {
			create(Condition::Approval);
		}
		let page = Payments::agreements_by_party(&PAYEE, None, u32::MAX);
		assert_eq!(page.items.len(), MAX_AGREEMENTS_PAGE as usize);
		assert_eq!(page.next, Some(u64::from(MAX_AGREEMENTS_PAGE) - 1));
	});
}
