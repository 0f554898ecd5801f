use frame_support::{assert_noop, assert_ok, traits::Hooks};
use pallet_session::SessionManager;
use sp_runtime::DispatchError;

use crate::{mock::*, Error, Event, SessionLength, SessionLengthOf, SetChanged, Validators};
use frame_support::traits::{Get, ValidatorRegistration};

fn set() -> Vec<u64> {
	Validators::<Test>::get().into_inner()
}

#[test]
fn genesis_validators_are_the_first_set() {
	build_and_execute(|| {
		assert_eq!(set(), GENESIS.to_vec());
		assert_eq!(ValidatorSet::new_session_genesis(0), Some(GENESIS.to_vec()));
		assert!(!SetChanged::<Test>::get());
	});
}

#[test]
fn governance_adds_a_validator_with_session_keys() {
	build_and_execute(|| {
		register_keys(4);
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), 4));
		assert_eq!(set(), vec![1, 2, 3, 4]);
		assert!(SetChanged::<Test>::get());
		System::assert_last_event(Event::ValidatorAdded { validator: 4 }.into());
	});
}

#[test]
fn governance_removes_a_validator() {
	build_and_execute(|| {
		assert_ok!(ValidatorSet::remove_validator(RuntimeOrigin::root(), 2));
		assert_eq!(set(), vec![1, 3]);
		assert!(SetChanged::<Test>::get());
		System::assert_last_event(Event::ValidatorRemoved { validator: 2 }.into());
	});
}

#[test]
fn only_governance_changes_the_set() {
	build_and_execute(|| {
		register_keys(4);
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::signed(1), 4),
			DispatchError::BadOrigin
		);
		assert_noop!(
			ValidatorSet::remove_validator(RuntimeOrigin::signed(1), 2),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn adding_an_existing_validator_fails() {
	build_and_execute(|| {
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::root(), 1),
			Error::<Test>::AlreadyValidator
		);
	});
}

#[test]
fn adding_an_account_without_session_keys_fails() {
	build_and_execute(|| {
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::root(), 9),
			Error::<Test>::NoSessionKeys
		);
	});
}

#[test]
fn the_set_cannot_grow_beyond_max_validators() {
	build_and_execute(|| {
		for who in [4, 5, 6] {
			register_keys(who);
		}
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), 4));
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), 5));
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::root(), 6),
			Error::<Test>::TooManyValidators
		);
	});
}

#[test]
fn removing_a_non_validator_fails() {
	build_and_execute(|| {
		assert_noop!(
			ValidatorSet::remove_validator(RuntimeOrigin::root(), 9),
			Error::<Test>::NotValidator
		);
	});
}

#[test]
fn removal_cannot_go_below_min_validators() {
	build_and_execute(|| {
		assert_ok!(ValidatorSet::remove_validator(RuntimeOrigin::root(), 3));
		assert_noop!(
			ValidatorSet::remove_validator(RuntimeOrigin::root(), 2),
			Error::<Test>::TooFewValidators
		);
		assert_eq!(set(), vec![1, 2]);
	});
}

#[test]
fn a_new_session_takes_the_changed_set_once() {
	build_and_execute(|| {
		assert_eq!(ValidatorSet::new_session(1), None, "nothing changed");
		register_keys(4);
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), 4));
		assert_ok!(ValidatorSet::remove_validator(RuntimeOrigin::root(), 1));
		assert_eq!(ValidatorSet::new_session(2), Some(vec![2, 3, 4]));
		System::assert_last_event(
			Event::NewSetPlanned { session: 2, validators: vec![2, 3, 4] }.into(),
		);
		assert!(!SetChanged::<Test>::get());
		assert_eq!(ValidatorSet::new_session(3), None, "the change was handed over once");
	});
}

#[test]
fn try_state_catches_a_set_below_the_minimum() {
	new_test_ext().execute_with(|| {
		Validators::<Test>::put(frame_support::BoundedVec::truncate_from(vec![1]));
		assert!(ValidatorSet::do_try_state().is_err());
	});
}

#[test]
fn try_state_catches_duplicates() {
	new_test_ext().execute_with(|| {
		Validators::<Test>::put(frame_support::BoundedVec::truncate_from(vec![1, 2, 1]));
		assert!(ValidatorSet::do_try_state().is_err());
	});
}

#[test]
fn constants_are_consistent() {
	new_test_ext().execute_with(|| {
		<ValidatorSet as Hooks<u64>>::integrity_test();
	});
}

#[test]
fn a_validator_cannot_purge_its_keys() {
	build_and_execute(|| {
		// The attack: every validator drops its keys, and `pallet-session` would leave them all
		// out of the next session. Set members are refused; their keys stay.
		for v in GENESIS {
			assert_noop!(
				ValidatorSet::purge_keys(RuntimeOrigin::signed(v)),
				Error::<Test>::StillValidator
			);
			assert!(MockRegistration::is_registered(&v));
		}
	});
}

#[test]
fn a_removed_validator_purges_its_keys() {
	build_and_execute(|| {
		register_keys(4);
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), 4));
		assert_ok!(ValidatorSet::remove_validator(RuntimeOrigin::root(), 4));
		assert_ok!(ValidatorSet::purge_keys(RuntimeOrigin::signed(4)));
		assert!(!MockRegistration::is_registered(&4));
		System::assert_last_event(Event::KeysPurged { who: 4 }.into());
	});
}

#[test]
fn purging_keys_one_does_not_have_fails() {
	build_and_execute(|| {
		assert_noop!(
			ValidatorSet::purge_keys(RuntimeOrigin::signed(9)),
			DispatchError::Other("NoKeys")
		);
	});
}

#[test]
fn try_state_catches_a_validator_without_keys() {
	new_test_ext().execute_with(|| {
		Validators::<Test>::put(frame_support::BoundedVec::truncate_from(vec![1, 2, 7]));
		assert!(ValidatorSet::do_try_state().is_err());
	});
}

#[test]
fn the_session_length_comes_from_genesis_and_governance_changes_it() {
	build_and_execute(|| {
		assert_eq!(SessionLength::<Test>::get(), SESSION_LENGTH);
		assert_eq!(SessionLengthOf::<Test>::get(), SESSION_LENGTH);
		assert_ok!(ValidatorSet::set_session_length(RuntimeOrigin::root(), 600));
		assert_eq!(SessionLengthOf::<Test>::get(), 600);
		System::assert_last_event(Event::SessionLengthSet { blocks: 600 }.into());
	});
}

#[test]
fn only_governance_sets_a_positive_session_length() {
	build_and_execute(|| {
		assert_noop!(
			ValidatorSet::set_session_length(RuntimeOrigin::signed(1), 600),
			DispatchError::BadOrigin
		);
		assert_noop!(
			ValidatorSet::set_session_length(RuntimeOrigin::root(), 0),
			Error::<Test>::ZeroSessionLength
		);
	});
}

#[test]
fn try_state_catches_sessions_of_zero_blocks() {
	new_test_ext().execute_with(|| {
		SessionLength::<Test>::put(0);
		assert!(ValidatorSet::do_try_state().is_err());
		assert_eq!(SessionLengthOf::<Test>::get(), 1, "PeriodicSessions never divides by zero");
	});
}
