//! Weights for `pallet_validator_set`.
//!
//! PROVISIONAL: written by hand in the shape `frame-benchmarking-cli` generates, from the
//! storage reads and writes of each call, until `scripts/benchmark-weights.sh` regenerates this
//! file from the benchmarks in `benchmarking.rs`.

#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

/// Weight functions needed for `pallet_validator_set`.
pub trait WeightInfo {
	fn add_validator(n: u32) -> Weight;
	fn remove_validator(n: u32) -> Weight;
}

/// Weights for `pallet_validator_set` using the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `ValidatorSet::Validators` (r:1 w:1)
	/// Storage: `Session::NextKeys` (r:1 w:0)
	/// Storage: `ValidatorSet::SetChanged` (r:0 w:1)
	/// The range of component `n` is `[1, 32]`.
	fn add_validator(n: u32) -> Weight {
		Weight::from_parts(12_000_000, 1_600)
			.saturating_add(Weight::from_parts(60_000, 32).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `ValidatorSet::Validators` (r:1 w:1)
	/// Storage: `ValidatorSet::SetChanged` (r:0 w:1)
	/// The range of component `n` is `[2, 32]`.
	fn remove_validator(n: u32) -> Weight {
		Weight::from_parts(10_000_000, 1_600)
			.saturating_add(Weight::from_parts(60_000, 32).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
}

// For tests and for runtimes without benchmarks.
impl WeightInfo for () {
	fn add_validator(n: u32) -> Weight {
		Weight::from_parts(12_000_000, 1_600)
			.saturating_add(Weight::from_parts(60_000, 32).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn remove_validator(n: u32) -> Weight {
		Weight::from_parts(10_000_000, 1_600)
			.saturating_add(Weight::from_parts(60_000, 32).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
}
