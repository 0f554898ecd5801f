//! Weights for `pallet_device_registry`
//!
//! PROVISIONAL ESTIMATES, NOT BENCHMARK RESULTS. This file has the shape the Substrate
//! benchmark CLI generates, but its numbers were written by hand: storage reads and writes
//! counted from the code and priced through `T::DbWeight`, proof sizes from the storage items'
//! maximum encoded lengths (for MaxNameLen 64, MaxMetadataLen 256, MaxOperators 8,
//! MaxCertificationsPerDevice 8), and execution times estimated, with ~60 µs for each device
//! signature verified (sr25519, ed25519 and ECDSA verification all take 40-60 µs on reference
//! hardware). Regenerate with `scripts/benchmark-weights.sh` (`iotchain-node benchmark pallet
//! --pallet pallet_device_registry --extrinsic '*' --steps 50 --repeat 20 --output
//! pallets/device-registry/src/weights.rs`) on reference hardware before relying on them.

// Executed Command:
// (none yet: hand-written estimates, see above)

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]
#![allow(dead_code)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_device_registry`.
pub trait WeightInfo {
	fn register_device() -> Weight;
	fn register_devices(n: u32) -> Weight;
	fn update_metadata(m: u32) -> Weight;
	fn suspend() -> Weight;
	fn resume() -> Weight;
	fn revoke(c: u32) -> Weight;
	fn rotate_key() -> Weight;
	fn add_operator() -> Weight;
	fn remove_operator() -> Weight;
	fn offer_transfer() -> Weight;
	fn accept_transfer() -> Weight;
	fn cancel_transfer() -> Weight;
	fn add_certifier() -> Weight;
	fn remove_certifier() -> Weight;
	fn certify() -> Weight;
	fn revoke_certification() -> Weight;
}

/// Weights for `pallet_device_registry` using the Substrate node and recommended hardware.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `System::BlockHash` (r:1 w:0)
	/// Proof: `System::BlockHash` (`max_values`: None, `max_size`: Some(44), added: 2519, mode: `MaxEncodedLen`)
	/// Storage: `DeviceRegistry::DeviceByKey` (r:1 w:1)
	/// Proof: `DeviceRegistry::DeviceByKey` (`max_values`: None, `max_size`: Some(82), added: 2557, mode: `MaxEncodedLen`)
	/// Storage: `DeviceRegistry::Devices` (r:1 w:1)
	/// Proof: `DeviceRegistry::Devices` (`max_values`: None, `max_size`: Some(563), added: 3038, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(85), added: 2560, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `DeviceRegistry::DevicesByOwner` (r:0 w:1)
	/// Proof: `DeviceRegistry::DevicesByOwner` (`max_values`: None, `max_size`: Some(96), added: 2571, mode: `MaxEncodedLen`)
	fn register_device() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  (not measured)
		//  Estimated: `13277`
		// Estimated execution time: 76_000_000 picoseconds (not measured).
		Weight::from_parts(76_000_000, 13277)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `System::BlockHash` (r:1 w:0)
	/// Proof: `System::BlockHash` (`max_values`: None, `max_size`: Some(44), added: 2519, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(85), added: 2560, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `DeviceRegistry::DeviceByKey` (r:n w:n)
	/// Proof: `DeviceRegistry::DeviceByKey` (`max_values`: None, `max_size`: Some(82), added: 2557, mode: `MaxEncodedLen`)
	/// Storage: `DeviceRegistry::Devices` (r:n w:n)
	/// Proof: `DeviceRegistry::Devices` (`max_values`: None, `max_size`: Some(563), added: 3038, mode: `MaxEncodedLen`)
	/// Storage: `DeviceRegistry::DevicesByOwner` (r:0 w:n)
	/// Proof: `DeviceRegistry::DevicesByOwner` (`max_values`: None, `max_size`: Some(96), added: 2571, mode: `MaxEncodedLen`)
	/// The range of component `n` is `[1, MaxBatchRegistrations]`.
	fn register_devices(n: u32) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  (not measured)
		//  Estimated: `7682`
		// Estimated execution time: 12_000_000 picoseconds (not measured).
		Weight::from_parts(12_000_000, 7682)
			.saturating_add(Weight::from_parts(66_000_000, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(2_u64))
			.saturating_add(T::DbWeight::get().writes((3_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 5595).saturating_mul(n.into()))
	}
	/// Storage: `DeviceRegistry::Devices` (r:1 w:1)
	/// Proof: `DeviceRegistry::Devices` (`max_values`: None, `max_size`: Some(563), added: 3038, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(85), added: 2560, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// The range of component `m` is `[0, MaxMetadataLen]`.
	fn update_metadata(m: u32) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  (not measured)
		//  Estimated: `8201`
		// Estimated execution time: 30_000_000 picoseconds (not measured).
		Weight::from_parts(30_000_000, 8201)
			.saturating_add(Weight::from_parts(2_000, 0).saturating_mul(m.into()))
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `DeviceRegistry::Devices` (r:1 w:1)
	/// Proof: `DeviceRegistry::Devices` (`max_values`: None, `max_size`: Some(563), added: 3038, mode: `MaxEncodedLen`)
	fn suspend() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  (not measured)
		//  Estimated: `3038`
		// Estimated execution time: 16_000_000 picoseconds (not measured).
		Weight::from_parts(16_000_000, 3038)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `DeviceRegistry::Devices` (r:1 w:1)
	/// Proof: `DeviceRegistry::Devices` (`max_values`: None, `max_size`: Some(563), added: 3038, mode: `MaxEncodedLen`)
	fn resume() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  (not measured)
		//  Estimated: `3038`
		// Estimated execution time: 16_000_000 picoseconds (not measured).
		Weight::from_parts(16_000_000, 3038)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `DeviceRegistry::Devices` (r:1 w:1)
	/// Proof: `DeviceRegistry::Devices` (`max_values`: None, `max_size`: Some(563), added: 3038, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(85), added: 2560, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `DeviceRegistry::DeviceByKey` (r:0 w:1)
	/// Proof: `DeviceRegistry::DeviceByKey` (`max_values`: None, `max_size`: Some(82), added: 2557, mode: `MaxEncodedLen`)
	/// Storage: `DeviceRegistry::DevicesByOwner` (r:0 w:1)
	/// Proof: `DeviceRegistry::DevicesByOwner` (`max_values`: None, `max_size`: Some(96), added: 2571, mode: `MaxEncodedLen`)
	/// Storage: `DeviceRegistry::Operators` (r:0 w:1)
	/// Proof: `DeviceRegistry::Operators` (`max_values`: None, `max_size`: Some(305), added: 2780, mode: `MaxEncodedLen`)
	/// Storage: `DeviceRegistry::PendingTransfers` (r:0 w:1)
	/// Proof: `DeviceRegistry::PendingTransfers` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `DeviceRegistry::Certifications` (r:0 w:c)
	/// Proof: `DeviceRegistry::Certifications` (`max_values`: None, `max_size`: Some(132), added: 2607, mode: `MaxEncodedLen`)
	/// The range of component `c` is `[0, MaxCertificationsPerDevice]`.
	fn revoke(c: u32) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  (not measured)
		//  Estimated: `8201`
		// Estimated execution time: 48_000_000 picoseconds (not measured).
		Weight::from_parts(48_000_000, 8201)
			.saturating_add(Weight::from_parts(3_000_000, 0).saturating_mul(c.into()))
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(7_u64))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(c.into())))
	}
	/// Storage: `System::BlockHash` (r:1 w:0)
	/// Proof: `System::BlockHash` (`max_values`: None, `max_size`: Some(44), added: 2519, mode: `MaxEncodedLen`)
	/// Storage: `DeviceRegistry::Devices` (r:1 w:1)
	/// Proof: `DeviceRegistry::Devices` (`max_values`: None, `max_size`: Some(563), added: 3038, mode: `MaxEncodedLen`)
	/// Storage: `DeviceRegistry::DeviceByKey` (r:1 w:2)
	/// Proof: `DeviceRegistry::DeviceByKey` (`max_values`: None, `max_size`: Some(82), added: 2557, mode: `MaxEncodedLen`)
	fn rotate_key() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  (not measured)
		//  Estimated: `8114`
		// Estimated execution time: 78_000_000 picoseconds (not measured).
		Weight::from_parts(78_000_000, 8114)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `DeviceRegistry::Devices` (r:1 w:0)
	/// Proof: `DeviceRegistry::Devices` (`max_values`: None, `max_size`: Some(563), added: 3038, mode: `MaxEncodedLen`)
	/// Storage: `DeviceRegistry::Operators` (r:1 w:1)
	/// Proof: `DeviceRegistry::Operators` (`max_values`: None, `max_size`: Some(305), added: 2780, mode: `MaxEncodedLen`)
	fn add_operator() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  (not measured)
		//  Estimated: `5818`
		// Estimated execution time: 20_000_000 picoseconds (not measured).
		Weight::from_parts(20_000_000, 5818)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `DeviceRegistry::Devices` (r:1 w:0)
	/// Proof: `DeviceRegistry::Devices` (`max_values`: None, `max_size`: Some(563), added: 3038, mode: `MaxEncodedLen`)
	/// Storage: `DeviceRegistry::Operators` (r:1 w:1)
	/// Proof: `DeviceRegistry::Operators` (`max_values`: None, `max_size`: Some(305), added: 2780, mode: `MaxEncodedLen`)
	fn remove_operator() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  (not measured)
		//  Estimated: `5818`
		// Estimated execution time: 20_000_000 picoseconds (not measured).
		Weight::from_parts(20_000_000, 5818)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `DeviceRegistry::Devices` (r:1 w:0)
	/// Proof: `DeviceRegistry::Devices` (`max_values`: None, `max_size`: Some(563), added: 3038, mode: `MaxEncodedLen`)
	/// Storage: `DeviceRegistry::PendingTransfers` (r:0 w:1)
	/// Proof: `DeviceRegistry::PendingTransfers` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	fn offer_transfer() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  (not measured)
		//  Estimated: `3038`
		// Estimated execution time: 16_000_000 picoseconds (not measured).
		Weight::from_parts(16_000_000, 3038)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `DeviceRegistry::PendingTransfers` (r:1 w:1)
	/// Proof: `DeviceRegistry::PendingTransfers` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `DeviceRegistry::Devices` (r:1 w:1)
	/// Proof: `DeviceRegistry::Devices` (`max_values`: None, `max_size`: Some(563), added: 3038, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:2 w:2)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(85), added: 2560, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `DeviceRegistry::Operators` (r:0 w:1)
	/// Proof: `DeviceRegistry::Operators` (`max_values`: None, `max_size`: Some(305), added: 2780, mode: `MaxEncodedLen`)
	/// Storage: `DeviceRegistry::DevicesByOwner` (r:0 w:2)
	/// Proof: `DeviceRegistry::DevicesByOwner` (`max_values`: None, `max_size`: Some(96), added: 2571, mode: `MaxEncodedLen`)
	fn accept_transfer() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  (not measured)
		//  Estimated: `10756`
		// Estimated execution time: 55_000_000 picoseconds (not measured).
		Weight::from_parts(55_000_000, 10756)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(9_u64))
	}
	/// Storage: `DeviceRegistry::Devices` (r:1 w:0)
	/// Proof: `DeviceRegistry::Devices` (`max_values`: None, `max_size`: Some(563), added: 3038, mode: `MaxEncodedLen`)
	/// Storage: `DeviceRegistry::PendingTransfers` (r:1 w:1)
	/// Proof: `DeviceRegistry::PendingTransfers` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	fn cancel_transfer() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  (not measured)
		//  Estimated: `5593`
		// Estimated execution time: 17_000_000 picoseconds (not measured).
		Weight::from_parts(17_000_000, 5593)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `DeviceRegistry::Certifiers` (r:1 w:1)
	/// Proof: `DeviceRegistry::Certifiers` (`max_values`: None, `max_size`: Some(48), added: 2523, mode: `MaxEncodedLen`)
	fn add_certifier() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  (not measured)
		//  Estimated: `2523`
		// Estimated execution time: 11_000_000 picoseconds (not measured).
		Weight::from_parts(11_000_000, 2523)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `DeviceRegistry::Certifiers` (r:1 w:1)
	/// Proof: `DeviceRegistry::Certifiers` (`max_values`: None, `max_size`: Some(48), added: 2523, mode: `MaxEncodedLen`)
	fn remove_certifier() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  (not measured)
		//  Estimated: `2523`
		// Estimated execution time: 11_000_000 picoseconds (not measured).
		Weight::from_parts(11_000_000, 2523)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `DeviceRegistry::Certifiers` (r:1 w:0)
	/// Proof: `DeviceRegistry::Certifiers` (`max_values`: None, `max_size`: Some(48), added: 2523, mode: `MaxEncodedLen`)
	/// Storage: `DeviceRegistry::Devices` (r:1 w:1)
	/// Proof: `DeviceRegistry::Devices` (`max_values`: None, `max_size`: Some(563), added: 3038, mode: `MaxEncodedLen`)
	/// Storage: `DeviceRegistry::Certifications` (r:1 w:1)
	/// Proof: `DeviceRegistry::Certifications` (`max_values`: None, `max_size`: Some(132), added: 2607, mode: `MaxEncodedLen`)
	fn certify() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  (not measured)
		//  Estimated: `8168`
		// Estimated execution time: 22_000_000 picoseconds (not measured).
		Weight::from_parts(22_000_000, 8168)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `DeviceRegistry::Certifications` (r:1 w:1)
	/// Proof: `DeviceRegistry::Certifications` (`max_values`: None, `max_size`: Some(132), added: 2607, mode: `MaxEncodedLen`)
	/// Storage: `DeviceRegistry::Devices` (r:1 w:1)
	/// Proof: `DeviceRegistry::Devices` (`max_values`: None, `max_size`: Some(563), added: 3038, mode: `MaxEncodedLen`)
	fn revoke_certification() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  (not measured)
		//  Estimated: `5645`
		// Estimated execution time: 21_000_000 picoseconds (not measured).
		Weight::from_parts(21_000_000, 5645)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
}

// For backwards compatibility and tests.
impl WeightInfo for () {
	/// Storage: `System::BlockHash` (r:1 w:0)
	/// Proof: `System::BlockHash` (`max_values`: None, `max_size`: Some(44), added: 2519, mode: `MaxEncodedLen`)
	/// Storage: `DeviceRegistry::DeviceByKey` (r:1 w:1)
	/// Proof: `DeviceRegistry::DeviceByKey` (`max_values`: None, `max_size`: Some(82), added: 2557, mode: `MaxEncodedLen`)
	/// Storage: `DeviceRegistry::Devices` (r:1 w:1)
	/// Proof: `DeviceRegistry::Devices` (`max_values`: None, `max_size`: Some(563), added: 3038, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(85), added: 2560, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `DeviceRegistry::DevicesByOwner` (r:0 w:1)
	/// Proof: `DeviceRegistry::DevicesByOwner` (`max_values`: None, `max_size`: Some(96), added: 2571, mode: `MaxEncodedLen`)
	fn register_device() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  (not measured)
		//  Estimated: `13277`
		// Estimated execution time: 76_000_000 picoseconds (not measured).
		Weight::from_parts(76_000_000, 13277)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	/// Storage: `System::BlockHash` (r:1 w:0)
	/// Proof: `System::BlockHash` (`max_values`: None, `max_size`: Some(44), added: 2519, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(85), added: 2560, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `DeviceRegistry::DeviceByKey` (r:n w:n)
	/// Proof: `DeviceRegistry::DeviceByKey` (`max_values`: None, `max_size`: Some(82), added: 2557, mode: `MaxEncodedLen`)
	/// Storage: `DeviceRegistry::Devices` (r:n w:n)
	/// Proof: `DeviceRegistry::Devices` (`max_values`: None, `max_size`: Some(563), added: 3038, mode: `MaxEncodedLen`)
	/// Storage: `DeviceRegistry::DevicesByOwner` (r:0 w:n)
	/// Proof: `DeviceRegistry::DevicesByOwner` (`max_values`: None, `max_size`: Some(96), added: 2571, mode: `MaxEncodedLen`)
	/// The range of component `n` is `[1, MaxBatchRegistrations]`.
	fn register_devices(n: u32) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  (not measured)
		//  Estimated: `7682`
		// Estimated execution time: 12_000_000 picoseconds (not measured).
		Weight::from_parts(12_000_000, 7682)
			.saturating_add(Weight::from_parts(66_000_000, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().reads((2_u64).saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
			.saturating_add(RocksDbWeight::get().writes((3_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 5595).saturating_mul(n.into()))
	}
	/// Storage: `DeviceRegistry::Devices` (r:1 w:1)
	/// Proof: `DeviceRegistry::Devices` (`max_values`: None, `max_size`: Some(563), added: 3038, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(85), added: 2560, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// The range of component `m` is `[0, MaxMetadataLen]`.
	fn update_metadata(m: u32) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  (not measured)
		//  Estimated: `8201`
		// Estimated execution time: 30_000_000 picoseconds (not measured).
		Weight::from_parts(30_000_000, 8201)
			.saturating_add(Weight::from_parts(2_000, 0).saturating_mul(m.into()))
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	/// Storage: `DeviceRegistry::Devices` (r:1 w:1)
	/// Proof: `DeviceRegistry::Devices` (`max_values`: None, `max_size`: Some(563), added: 3038, mode: `MaxEncodedLen`)
	fn suspend() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  (not measured)
		//  Estimated: `3038`
		// Estimated execution time: 16_000_000 picoseconds (not measured).
		Weight::from_parts(16_000_000, 3038)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Storage: `DeviceRegistry::Devices` (r:1 w:1)
	/// Proof: `DeviceRegistry::Devices` (`max_values`: None, `max_size`: Some(563), added: 3038, mode: `MaxEncodedLen`)
	fn resume() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  (not measured)
		//  Estimated: `3038`
		// Estimated execution time: 16_000_000 picoseconds (not measured).
		Weight::from_parts(16_000_000, 3038)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Storage: `DeviceRegistry::Devices` (r:1 w:1)
	/// Proof: `DeviceRegistry::Devices` (`max_values`: None, `max_size`: Some(563), added: 3038, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(85), added: 2560, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `DeviceRegistry::DeviceByKey` (r:0 w:1)
	/// Proof: `DeviceRegistry::DeviceByKey` (`max_values`: None, `max_size`: Some(82), added: 2557, mode: `MaxEncodedLen`)
	/// Storage: `DeviceRegistry::DevicesByOwner` (r:0 w:1)
	/// Proof: `DeviceRegistry::DevicesByOwner` (`max_values`: None, `max_size`: Some(96), added: 2571, mode: `MaxEncodedLen`)
	/// Storage: `DeviceRegistry::Operators` (r:0 w:1)
	/// Proof: `DeviceRegistry::Operators` (`max_values`: None, `max_size`: Some(305), added: 2780, mode: `MaxEncodedLen`)
	/// Storage: `DeviceRegistry::PendingTransfers` (r:0 w:1)
	/// Proof: `DeviceRegistry::PendingTransfers` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `DeviceRegistry::Certifications` (r:0 w:c)
	/// Proof: `DeviceRegistry::Certifications` (`max_values`: None, `max_size`: Some(132), added: 2607, mode: `MaxEncodedLen`)
	/// The range of component `c` is `[0, MaxCertificationsPerDevice]`.
	fn revoke(c: u32) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  (not measured)
		//  Estimated: `8201`
		// Estimated execution time: 48_000_000 picoseconds (not measured).
		Weight::from_parts(48_000_000, 8201)
			.saturating_add(Weight::from_parts(3_000_000, 0).saturating_mul(c.into()))
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(7_u64))
			.saturating_add(RocksDbWeight::get().writes((1_u64).saturating_mul(c.into())))
	}
	/// Storage: `System::BlockHash` (r:1 w:0)
	/// Proof: `System::BlockHash` (`max_values`: None, `max_size`: Some(44), added: 2519, mode: `MaxEncodedLen`)
	/// Storage: `DeviceRegistry::Devices` (r:1 w:1)
	/// Proof: `DeviceRegistry::Devices` (`max_values`: None, `max_size`: Some(563), added: 3038, mode: `MaxEncodedLen`)
	/// Storage: `DeviceRegistry::DeviceByKey` (r:1 w:2)
	/// Proof: `DeviceRegistry::DeviceByKey` (`max_values`: None, `max_size`: Some(82), added: 2557, mode: `MaxEncodedLen`)
	fn rotate_key() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  (not measured)
		//  Estimated: `8114`
		// Estimated execution time: 78_000_000 picoseconds (not measured).
		Weight::from_parts(78_000_000, 8114)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	/// Storage: `DeviceRegistry::Devices` (r:1 w:0)
	/// Proof: `DeviceRegistry::Devices` (`max_values`: None, `max_size`: Some(563), added: 3038, mode: `MaxEncodedLen`)
	/// Storage: `DeviceRegistry::Operators` (r:1 w:1)
	/// Proof: `DeviceRegistry::Operators` (`max_values`: None, `max_size`: Some(305), added: 2780, mode: `MaxEncodedLen`)
	fn add_operator() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  (not measured)
		//  Estimated: `5818`
		// Estimated execution time: 20_000_000 picoseconds (not measured).
		Weight::from_parts(20_000_000, 5818)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Storage: `DeviceRegistry::Devices` (r:1 w:0)
	/// Proof: `DeviceRegistry::Devices` (`max_values`: None, `max_size`: Some(563), added: 3038, mode: `MaxEncodedLen`)
	/// Storage: `DeviceRegistry::Operators` (r:1 w:1)
	/// Proof: `DeviceRegistry::Operators` (`max_values`: None, `max_size`: Some(305), added: 2780, mode: `MaxEncodedLen`)
	fn remove_operator() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  (not measured)
		//  Estimated: `5818`
		// Estimated execution time: 20_000_000 picoseconds (not measured).
		Weight::from_parts(20_000_000, 5818)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Storage: `DeviceRegistry::Devices` (r:1 w:0)
	/// Proof: `DeviceRegistry::Devices` (`max_values`: None, `max_size`: Some(563), added: 3038, mode: `MaxEncodedLen`)
	/// Storage: `DeviceRegistry::PendingTransfers` (r:0 w:1)
	/// Proof: `DeviceRegistry::PendingTransfers` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	fn offer_transfer() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  (not measured)
		//  Estimated: `3038`
		// Estimated execution time: 16_000_000 picoseconds (not measured).
		Weight::from_parts(16_000_000, 3038)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Storage: `DeviceRegistry::PendingTransfers` (r:1 w:1)
	/// Proof: `DeviceRegistry::PendingTransfers` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `DeviceRegistry::Devices` (r:1 w:1)
	/// Proof: `DeviceRegistry::Devices` (`max_values`: None, `max_size`: Some(563), added: 3038, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:2 w:2)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(85), added: 2560, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `DeviceRegistry::Operators` (r:0 w:1)
	/// Proof: `DeviceRegistry::Operators` (`max_values`: None, `max_size`: Some(305), added: 2780, mode: `MaxEncodedLen`)
	/// Storage: `DeviceRegistry::DevicesByOwner` (r:0 w:2)
	/// Proof: `DeviceRegistry::DevicesByOwner` (`max_values`: None, `max_size`: Some(96), added: 2571, mode: `MaxEncodedLen`)
	fn accept_transfer() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  (not measured)
		//  Estimated: `10756`
		// Estimated execution time: 55_000_000 picoseconds (not measured).
		Weight::from_parts(55_000_000, 10756)
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().writes(9_u64))
	}
	/// Storage: `DeviceRegistry::Devices` (r:1 w:0)
	/// Proof: `DeviceRegistry::Devices` (`max_values`: None, `max_size`: Some(563), added: 3038, mode: `MaxEncodedLen`)
	/// Storage: `DeviceRegistry::PendingTransfers` (r:1 w:1)
	/// Proof: `DeviceRegistry::PendingTransfers` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	fn cancel_transfer() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  (not measured)
		//  Estimated: `5593`
		// Estimated execution time: 17_000_000 picoseconds (not measured).
		Weight::from_parts(17_000_000, 5593)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Storage: `DeviceRegistry::Certifiers` (r:1 w:1)
	/// Proof: `DeviceRegistry::Certifiers` (`max_values`: None, `max_size`: Some(48), added: 2523, mode: `MaxEncodedLen`)
	fn add_certifier() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  (not measured)
		//  Estimated: `2523`
		// Estimated execution time: 11_000_000 picoseconds (not measured).
		Weight::from_parts(11_000_000, 2523)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Storage: `DeviceRegistry::Certifiers` (r:1 w:1)
	/// Proof: `DeviceRegistry::Certifiers` (`max_values`: None, `max_size`: Some(48), added: 2523, mode: `MaxEncodedLen`)
	fn remove_certifier() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  (not measured)
		//  Estimated: `2523`
		// Estimated execution time: 11_000_000 picoseconds (not measured).
		Weight::from_parts(11_000_000, 2523)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Storage: `DeviceRegistry::Certifiers` (r:1 w:0)
	/// Proof: `DeviceRegistry::Certifiers` (`max_values`: None, `max_size`: Some(48), added: 2523, mode: `MaxEncodedLen`)
	/// Storage: `DeviceRegistry::Devices` (r:1 w:1)
	/// Proof: `DeviceRegistry::Devices` (`max_values`: None, `max_size`: Some(563), added: 3038, mode: `MaxEncodedLen`)
	/// Storage: `DeviceRegistry::Certifications` (r:1 w:1)
	/// Proof: `DeviceRegistry::Certifications` (`max_values`: None, `max_size`: Some(132), added: 2607, mode: `MaxEncodedLen`)
	fn certify() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  (not measured)
		//  Estimated: `8168`
		// Estimated execution time: 22_000_000 picoseconds (not measured).
		Weight::from_parts(22_000_000, 8168)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	/// Storage: `DeviceRegistry::Certifications` (r:1 w:1)
	/// Proof: `DeviceRegistry::Certifications` (`max_values`: None, `max_size`: Some(132), added: 2607, mode: `MaxEncodedLen`)
	/// Storage: `DeviceRegistry::Devices` (r:1 w:1)
	/// Proof: `DeviceRegistry::Devices` (`max_values`: None, `max_size`: Some(563), added: 3038, mode: `MaxEncodedLen`)
	fn revoke_certification() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  (not measured)
		//  Estimated: `5645`
		// Estimated execution time: 21_000_000 picoseconds (not measured).
		Weight::from_parts(21_000_000, 5645)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
}
