//! What every IoTChain pallet reads of the chain itself, in one place (feature `frame`).

use frame_support::traits::UnixTime;
use sp_core::H256;
use sp_runtime::traits::Zero;

/// The hash of block 0, which every signed payload carries so that a signature made for one
/// IoTChain network is worthless on another (see [`crate::signing`]).
pub fn genesis_hash<T: frame_system::Config<Hash = H256>>() -> H256 {
	frame_system::BlockHash::<T>::get(frame_system::pallet_prelude::BlockNumberFor::<T>::zero())
}

/// The chain time benchmarks run at, 2026-01-01T00:00:00Z in milliseconds: any time but 0, which
/// no block's transactions see (the timestamp inherent sets it first) and at which
/// `pallet_timestamp` logs an error that a benchmark would measure as part of the call.
pub const BENCHMARK_MOMENT: u64 = 1_767_225_600_000;

/// The chain's time at this block, in milliseconds since the Unix epoch.
pub fn unix_millis<Time: UnixTime>() -> u64 {
	u64::try_from(Time::now().as_millis()).unwrap_or(u64::MAX)
}
