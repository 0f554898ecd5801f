//! Benchmarks of every call, each in its worst case.
//!
//! - `delist_stream` removes the listing (no grant left), releasing its deposit.
//! - `subscribe` makes a new grant of `p` periods (one delivery record each); the settlement a
//!   subscription may run first is charged as `settle`'s weight on top.
//! - `prove_delivery` carries `n` envelopes, each under a gateway's aggregate of its own of
//!   4,096 leaves: an anchor read, a Merkle proof of 12 siblings and an sr25519 signature checked
//!   with the key the device held at the aggregate's block, the heaviest proof there is.
//! - `settle` settles `n` delivered periods (each a payment to the seller) and ends the grant.
//! - Devices, their signatures and the aggregate come from `Config::BenchmarkHelper`, which the
//!   runtime wires to the real device registry and anchoring pallet.

use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::traits::{
	fungible::{Inspect, Mutate},
	Get,
};
use frame_support::BoundedVec;
use frame_system::RawOrigin;
use iotchain_primitives::{chain, merkle, ReadingEnvelope};
use sp_core::H256;
use sp_runtime::{traits::Saturating, MultiSignature};

use crate::*;

/// The leaves of the benchmarks' aggregate: a gateway's aggregate of 2,048 readings.
const AGGREGATE_LEAVES: u32 = 4_096;

/// An account able to pay for many grants and listings.
fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	let unit = T::Currency::minimum_balance()
		.max(Pallet::<T>::listing_deposit())
		.max(Pallet::<T>::grant_deposit(T::MaxPeriods::get(), true));
	T::Currency::set_balance(&who, unit.saturating_mul(1_000_000u32.into()));
	who
}

/// The terms of the benchmarks' listings: the shortest period, the highest promise, a price
/// of ten times the existential deposit.
fn terms<T: Config>() -> StreamTerms<BalanceOf<T>> {
	StreamTerms {
		schema: H256::repeat_byte(1),
		licence: H256::repeat_byte(2),
		price_per_period: T::Currency::minimum_balance().saturating_mul(10u32.into()),
		period_ms: T::MinPeriod::get(),
		min_readings: T::MaxPromisedReadings::get(),
		max_subscribers: T::MaxSubscribers::get(),
	}
}

/// A listed device of a funded seller, listed at the benchmarks' time.
struct Listed<T: Config> {
	seller: T::AccountId,
	device: T::AccountId,
	listing: ListingId,
}

fn listed<T: Config>() -> Result<Listed<T>, BenchmarkError> {
	T::BenchmarkHelper::set_time(chain::BENCHMARK_MOMENT);
	let seller = funded::<T>("seller", 0);
	let device = T::BenchmarkHelper::register_device(&seller, false);
	let listing = Pallet::<T>::do_list_stream(&seller, device.clone(), terms::<T>())?;
	Ok(Listed { seller, device, listing })
}

/// The chain's time `offset` milliseconds into `period` of a listing made at the benchmarks'
/// time.
fn in_period<T: Config>(period: u32, offset: u64) -> u64 {
	chain::BENCHMARK_MOMENT
		.saturating_add(T::MinPeriod::get().saturating_mul(u64::from(period)))
		.saturating_add(offset)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn list_stream() -> Result<(), BenchmarkError> {
		T::BenchmarkHelper::set_time(chain::BENCHMARK_MOMENT);
		let seller = funded::<T>("seller", 0);
		let device = T::BenchmarkHelper::register_device(&seller, false);

		#[extrinsic_call]
		_(RawOrigin::Signed(seller), device.clone(), terms::<T>());

		assert!(ListingOfDevice::<T>::contains_key(&device));
		Ok(())
	}

	#[benchmark]
	fn delist_stream() -> Result<(), BenchmarkError> {
		let Listed { seller, listing, .. } = listed::<T>()?;

		#[extrinsic_call]
		_(RawOrigin::Signed(seller), listing);

		assert!(!Listings::<T>::contains_key(listing));
		Ok(())
	}

	#[benchmark]
	fn subscribe(p: Linear<1, { T::MaxPeriods::get() }>) -> Result<(), BenchmarkError> {
		let Listed { listing, .. } = listed::<T>()?;
		let buyer = funded::<T>("buyer", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(buyer.clone()), listing, p);

		assert_eq!(Grants::<T>::get(listing, &buyer).map(|grant| grant.outstanding()), Some(p));
		Ok(())
	}

	#[benchmark]
	fn prove_delivery(n: Linear<1, { T::MaxProofsPerCall::get() }>) -> Result<(), BenchmarkError> {
		let Listed { seller, device, listing } = listed::<T>()?;
		let buyer = funded::<T>("buyer", 0);
		Pallet::<T>::do_subscribe(&buyer, listing, 1)?;
		let gateway = T::BenchmarkHelper::register_device(&seller, true);
		let genesis = chain::genesis_hash::<T>();
		let envelopes: Vec<ReadingEnvelope<T::AccountId>> = (0..n)
			.map(|i| {
				let mut envelope = ReadingEnvelope {
					device: device.clone(),
					seq: u64::from(i),
					timestamp: in_period::<T>(1, u64::from(i)),
					payload_digest: H256::repeat_byte(3),
					signature: MultiSignature::Sr25519(sp_core::sr25519::Signature::from_raw(
						[0; 64],
					)),
				};
				envelope.signature =
					T::BenchmarkHelper::sign(&device, &envelope.signed_bytes(&genesis));
				envelope
			})
			.collect();
		let mut leaves: Vec<H256> = envelopes.iter().map(ReadingEnvelope::leaf).collect();
		leaves.resize(AGGREGATE_LEAVES as usize, H256::repeat_byte(4));
		let tree = merkle::Tree::new(&leaves).ok_or(BenchmarkError::Stop("no tree"))?;
		T::BenchmarkHelper::set_time(in_period::<T>(2, 0));
		// One aggregate per envelope (the same tree under each number), so that every proof
		// reads an anchor of its own, as proofs from a period's successive aggregates do.
		for seq in 0..n {
			T::BenchmarkHelper::anchor_aggregate(
				&gateway,
				u64::from(seq),
				tree.root(),
				tree.leaf_count(),
			);
		}
		let proofs: Vec<DeliveryProofOf<T>> = envelopes
			.into_iter()
			.enumerate()
			.map(|(index, envelope)| {
				let leaf_index = u32::try_from(index).unwrap_or(u32::MAX);
				let siblings =
					tree.proof(leaf_index).map(|proof| proof.siblings).unwrap_or_default();
				DeliveryProof::Aggregated {
					gateway: gateway.clone(),
					aggregate_seq: u64::from(leaf_index),
					envelope,
					leaf_index,
					proof: BoundedVec::truncate_from(siblings),
				}
			})
			.collect();
		let proofs = BoundedVec::truncate_from(proofs);

		#[extrinsic_call]
		_(RawOrigin::Signed(seller), listing, 1, proofs);

		assert_eq!(Deliveries::<T>::get(listing, 1).map(|delivery| delivery.readings), Some(n));
		Ok(())
	}

	#[benchmark]
	fn settle(n: Linear<1, { T::MaxPeriods::get() }>) -> Result<(), BenchmarkError> {
		let Listed { listing, .. } = listed::<T>()?;
		let buyer = funded::<T>("buyer", 0);
		Pallet::<T>::do_subscribe(&buyer, listing, n)?;
		for period in 1..=n {
			Deliveries::<T>::mutate(listing, period, |delivery| {
				if let Some(delivery) = delivery {
					delivery.readings = T::MaxPromisedReadings::get();
				}
			});
		}
		T::BenchmarkHelper::set_time(in_period::<T>(n.saturating_add(1), 0));

		#[extrinsic_call]
		_(RawOrigin::Signed(buyer.clone()), listing, buyer.clone());

		assert!(!Grants::<T>::contains_key(listing, &buyer));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
