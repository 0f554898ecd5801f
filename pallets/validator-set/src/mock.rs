//! A test runtime with the validator set and a stand-in for session-key registration.

use core::cell::RefCell;
use frame_support::{derive_impl, parameter_types, traits::ValidatorRegistration};
use frame_system::EnsureRoot;
use sp_runtime::BuildStorage;

use crate as pallet_validator_set;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		ValidatorSet: pallet_validator_set,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

thread_local! {
	/// Accounts that have "registered session keys".
	static REGISTERED: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
}

/// Stands in for `pallet-session`: an account is registered once [`register_keys`] named it.
pub struct MockRegistration;

impl ValidatorRegistration<u64> for MockRegistration {
	fn is_registered(id: &u64) -> bool {
		REGISTERED.with(|r| r.borrow().contains(id))
	}
}

/// Registers session keys for `who`.
pub fn register_keys(who: u64) {
	REGISTERED.with(|r| r.borrow_mut().push(who));
}

/// Stands in for `pallet-session`'s key purging.
pub struct MockPurger;

impl crate::PurgeKeys<u64> for MockPurger {
	fn purge_keys(who: &u64) -> frame_support::dispatch::DispatchResult {
		REGISTERED.with(|r| {
			let mut registered = r.borrow_mut();
			let position = registered
				.iter()
				.position(|v| v == who)
				.ok_or(sp_runtime::DispatchError::Other("NoKeys"))?;
			registered.remove(position);
			Ok(())
		})
	}
}

parameter_types! {
	pub const MinValidators: u32 = 2;
	pub const MaxValidators: u32 = 5;
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<u64> for MockRegistration {
	fn register_session_keys(who: &u64) {
		register_keys(*who);
	}
}

impl pallet_validator_set::Config for Test {
	type GovernanceOrigin = EnsureRoot<u64>;
	type ValidatorRegistration = MockRegistration;
	type KeyPurger = MockPurger;
	type MinValidators = MinValidators;
	type MaxValidators = MaxValidators;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockRegistration;
}

/// The genesis session length of the tests.
pub const SESSION_LENGTH: u64 = 10;

/// Genesis validators of the tests.
pub const GENESIS: [u64; 3] = [1, 2, 3];

/// An externality with validators 1, 2 and 3 (all registered) whose invariants are checked
/// after `test` runs.
pub fn new_test_ext() -> sp_io::TestExternalities {
	REGISTERED.with(|r| *r.borrow_mut() = GENESIS.to_vec());
	let storage = RuntimeGenesisConfig {
		validator_set: pallet_validator_set::GenesisConfig {
			validators: GENESIS.to_vec(),
			session_length: SESSION_LENGTH,
		},
		..Default::default()
	}
	.build_storage()
	.expect("valid genesis");
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `test` in [`new_test_ext`] and checks the pallet's invariants afterwards.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		ValidatorSet::do_try_state().expect("invariants hold");
	});
}
