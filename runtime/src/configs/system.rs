//! `frame_system`: block limits, account format and the chain's identity.

use frame_support::{
	derive_impl,
	dispatch::DispatchClass,
	parameter_types,
	traits::{ConstU32, Contains},
	weights::{constants::WEIGHT_REF_TIME_PER_SECOND, Weight},
};
use frame_system::limits::{BlockLength, BlockWeights};
use sp_runtime::Perbill;
use sp_version::RuntimeVersion;

use crate::{
	weights::{BlockExecutionWeight, ExtrinsicBaseWeight, ParityDbWeight},
	AccountId, Balance, Block, BlockNumber, Hash, Nonce, PalletInfo, Runtime, RuntimeCall,
	RuntimeEvent, RuntimeOrigin, RuntimeTask, SS58_PREFIX, VERSION,
};

/// The share of a block's weight and length that ordinary transactions may fill; the rest is kept
/// for operational calls (e.g. governance acting in a full block).
const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);

/// Two seconds of compute per block; the proof size is unbounded on a solo chain.
const MAXIMUM_BLOCK_WEIGHT: Weight =
	Weight::from_parts(2u64 * WEIGHT_REF_TIME_PER_SECOND, u64::MAX);

/// The share of a block's weight that `on_initialize` hooks are expected to take.
const AVERAGE_ON_INITIALIZE_RATIO: Perbill = Perbill::from_percent(10);

/// The part of `weight` ordinary transactions may fill.
fn normal_share(weight: Weight) -> Weight {
	Weight::from_parts(
		NORMAL_DISPATCH_RATIO.mul_floor(weight.ref_time()),
		NORMAL_DISPATCH_RATIO.mul_floor(weight.proof_size()),
	)
}

/// The largest block, in bytes.
const MAX_BLOCK_LENGTH: u32 = 5 * 1024 * 1024;

parameter_types! {
	/// How many recent block hashes the runtime keeps (mortal transactions refer to them).
	pub const BlockHashCount: BlockNumber = 2400;
	/// The runtime version, as `frame_system` reports it.
	pub const Version: RuntimeVersion = VERSION;
	/// Two seconds of compute per six-second block, with the block and extrinsic base weights
	/// measured on this runtime (`runtime/src/weights/`).
	pub RuntimeBlockWeights: BlockWeights = BlockWeights::builder()
		.base_block(BlockExecutionWeight::get())
		.for_class(DispatchClass::all(), |weights| {
			weights.base_extrinsic = ExtrinsicBaseWeight::get();
		})
		.for_class(DispatchClass::Normal, |weights| {
			weights.max_total = Some(normal_share(MAXIMUM_BLOCK_WEIGHT));
		})
		.for_class(DispatchClass::Operational, |weights| {
			weights.max_total = Some(MAXIMUM_BLOCK_WEIGHT);
			// What ordinary transactions cannot fill stays for operational ones.
			weights.reserved =
				Some(MAXIMUM_BLOCK_WEIGHT.saturating_sub(normal_share(MAXIMUM_BLOCK_WEIGHT)));
		})
		.avg_block_initialization(AVERAGE_ON_INITIALIZE_RATIO)
		// Cannot panic: the limits above are constants that `tests::block_weights_are_valid`
		// checks.
		.build_or_panic();
	/// At most 5 MiB of extrinsics per block, 75% of it for ordinary transactions.
	pub RuntimeBlockLength: BlockLength = BlockLength::builder()
		.max_length(MAX_BLOCK_LENGTH)
		.modify_max_length_for_class(DispatchClass::Normal, |max| {
			*max = NORMAL_DISPATCH_RATIO.mul_floor(MAX_BLOCK_LENGTH)
		})
		.build();
	/// The SS58 prefix of IoTChain addresses.
	pub const SS58Prefix: u16 = SS58_PREFIX;
}

/// The calls no origin may dispatch, nested or not.
///
/// - `session.purgeKeys`: a validator that dropped its keys would be left out of the next
///   session by `pallet-session` without governance deciding it, down to an empty set.
///   `validatorSet.purgeKeys` does the same for accounts that are not validators.
/// - `sudo.setKey` on a chain without a sudo key (`local_testnet`, production): only Root could
///   call it there, and a council motion must not be able to hand one account power over the
///   council forever. The development chain's key holder can still pass the key on.
pub struct BaseCallFilter;

impl Contains<RuntimeCall> for BaseCallFilter {
	fn contains(call: &RuntimeCall) -> bool {
		match call {
			RuntimeCall::Session(pallet_session::Call::purge_keys { .. }) => false,
			RuntimeCall::Sudo(pallet_sudo::Call::set_key { .. }) => {
				pallet_sudo::Key::<Runtime>::exists()
			}
			_ => true,
		}
	}
}

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	type BaseCallFilter = BaseCallFilter;
	type Block = Block;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	type BlockHashCount = BlockHashCount;
	/// The node stores its state in ParityDB; its read and write weights are measured.
	type DbWeight = ParityDbWeight;
	type SystemWeightInfo = crate::weights::frame_system::WeightInfo<Runtime>;
	type ExtensionsWeightInfo = crate::weights::frame_system_extensions::WeightInfo<Runtime>;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	type SS58Prefix = SS58Prefix;
	type MaxConsumers = ConstU32<16>;
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn validators_cannot_drop_their_keys_through_session() {
		// The attack: `session.purgeKeys` by every validator empties the next set. The call is
		// refused from every origin, nested calls included.
		let purge = RuntimeCall::Session(pallet_session::Call::purge_keys {});
		assert!(!BaseCallFilter::contains(&purge));
		let batch = RuntimeCall::Utility(pallet_utility::Call::batch { calls: alloc::vec![purge] });
		assert!(BaseCallFilter::contains(&batch), "the batch itself passes...");
		// ...and `pallet-utility` applies the filter to each call it dispatches.
	}

	#[test]
	fn a_chain_without_a_sudo_key_never_gets_one() {
		let set_key = RuntimeCall::Sudo(pallet_sudo::Call::set_key {
			new: sp_runtime::MultiAddress::Id(sp_keyring::Sr25519Keyring::Eve.to_account_id()),
		});
		sp_io::TestExternalities::new_empty().execute_with(|| {
			assert!(!BaseCallFilter::contains(&set_key), "no key: refused even to Root");
			pallet_sudo::Key::<Runtime>::put(sp_keyring::Sr25519Keyring::Alice.to_account_id());
			assert!(BaseCallFilter::contains(&set_key), "the key holder may pass it on");
		});
	}

	#[test]
	fn block_weights_are_valid() {
		assert!(RuntimeBlockWeights::get().validate().is_ok());
	}

	#[test]
	fn normal_transactions_get_three_quarters_of_the_block() {
		let weights = RuntimeBlockWeights::get();
		let normal = weights.get(DispatchClass::Normal).max_total.map(|w| w.ref_time());
		assert_eq!(normal, Some(NORMAL_DISPATCH_RATIO.mul_floor(MAXIMUM_BLOCK_WEIGHT.ref_time())));
		assert_eq!(weights.base_block, BlockExecutionWeight::get());
		assert_eq!(weights.get(DispatchClass::Normal).base_extrinsic, ExtrinsicBaseWeight::get());
	}
}
