//! Benchmarks of every call, each in its worst case.
//!
//! - `place_order` adds to a book of `n` orders all of the same meter, each checked against
//!   the new one; `cancel_order` withdraws the first of `n`, moving every other.
//! - `clear_interval` clears `n` orders that all cross, from as many meters as the market
//!   admits, sellers and buyers in turn: every order is filled and its hold cut.
//! - `report_reading` proves a reading in a book of `n` orders under a gateway's aggregate of
//!   4,096 leaves: an anchor read, a Merkle proof of 12 siblings and an sr25519 signature
//!   checked with the key the meter held at the aggregate's block.
//! - `settle_interval` settles `n` cleared orders whose sellers each delivered half what they
//!   sold and whose buyers each took half what they bought: every payment there can be.
//! - `close_market` removes `m` members.
//! - Meters, gateways, signatures and aggregates come from `Config::BenchmarkHelper`, which
//!   the runtime wires to the real device registry and anchoring pallet.

use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::traits::{
	fungible::{Inspect, Mutate},
	Get,
};
use frame_support::BoundedVec;
use frame_system::RawOrigin;
use iotchain_primitives::{chain, merkle, MeterReading, ReadingEnvelope};
use sp_core::H256;
use sp_runtime::{traits::Saturating, MultiSignature};

use crate::*;

/// The leaves of the benchmarks' aggregate: a gateway's aggregate of 2,048 readings.
const AGGREGATE_LEAVES: u32 = 4_096;

/// The energy each benchmark order trades.
const ORDER_WH: u64 = 1_000;

/// An account able to pay for many orders and markets.
fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	let unit = T::Currency::minimum_balance().max(Pallet::<T>::market_deposit());
	T::Currency::set_balance(&who, unit.saturating_mul(1_000_000_000u32.into()));
	who
}

/// The benchmarks' terms: the shortest interval, the grid selling at three times the
/// existential deposit per watt-hour and buying at it.
fn terms<T: Config>() -> MarketTerms<BalanceOf<T>> {
	let unit = T::Currency::minimum_balance();
	MarketTerms {
		interval_ms: T::MinInterval::get(),
		grid_buy_price: unit.saturating_mul(3u32.into()),
		grid_sell_price: unit,
		max_interval_wh: ORDER_WH.saturating_mul(u64::from(T::MaxOrdersPerInterval::get())),
	}
}

/// A market at the benchmarks' time, with `members` meters, each owned by an account of its
/// own.
struct Neighbourhood<T: Config> {
	operator: T::AccountId,
	market: MarketId,
	/// `(owner, meter)` of each member.
	members: Vec<(T::AccountId, T::AccountId)>,
}

fn neighbourhood<T: Config>(members: u32) -> Result<Neighbourhood<T>, BenchmarkError> {
	T::BenchmarkHelper::set_time(chain::BENCHMARK_MOMENT);
	let operator = funded::<T>("operator", 0);
	let float = T::Currency::minimum_balance().saturating_mul(1_000_000_000u32.into());
	let market = Pallet::<T>::do_create_market(&operator, terms::<T>(), float)?;
	let members = (0..members)
		.map(|i| {
			let owner = funded::<T>("member", i);
			let meter = T::BenchmarkHelper::register_device(&owner, false);
			Pallet::<T>::do_add_member(&operator, market, meter.clone()).map(|_| (owner, meter))
		})
		.collect::<Result<Vec<_>, _>>()?;
	Ok(Neighbourhood { operator, market, members })
}

/// The chain's time `offset` milliseconds into `interval` of a market made at the benchmarks'
/// time.
fn in_interval<T: Config>(interval: IntervalIndex, offset: u64) -> u64 {
	chain::BENCHMARK_MOMENT
		.saturating_add(T::MinInterval::get().saturating_mul(u64::from(interval)))
		.saturating_add(offset)
}

/// Places `n` crossing orders for interval 1, from as many meters as the market admits
/// (at least two), sellers at the grid's sell tariff and buyers at its buy tariff in turn.
fn crossing_book<T: Config>(n: u32) -> Result<Neighbourhood<T>, BenchmarkError> {
	let meters = n.clamp(2, T::MaxMembers::get().max(2));
	let hood = neighbourhood::<T>(meters)?;
	let terms = terms::<T>();
	for j in 0..n {
		let i = j.checked_rem(meters).unwrap_or_default();
		let (owner, meter) =
			hood.members.get(i as usize).ok_or(BenchmarkError::Stop("a member"))?;
		let (side, price) = if i % 2 == 0 {
			(Side::Sell, terms.grid_sell_price)
		} else {
			(Side::Buy, terms.grid_buy_price)
		};
		Pallet::<T>::do_place_order(owner, hood.market, 1, meter.clone(), side, ORDER_WH, price)?;
	}
	Ok(hood)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn create_market() -> Result<(), BenchmarkError> {
		T::BenchmarkHelper::set_time(chain::BENCHMARK_MOMENT);
		let operator = funded::<T>("operator", 0);
		let float = T::Currency::minimum_balance();

		#[extrinsic_call]
		_(RawOrigin::Signed(operator), terms::<T>(), float);

		assert!(Markets::<T>::contains_key(0));
		Ok(())
	}

	#[benchmark]
	fn add_member() -> Result<(), BenchmarkError> {
		let Neighbourhood { operator, market, .. } = neighbourhood::<T>(0)?;
		let meter = T::BenchmarkHelper::register_device(&operator, false);

		#[extrinsic_call]
		_(RawOrigin::Signed(operator), market, meter.clone());

		assert!(Members::<T>::contains_key(market, &meter));
		Ok(())
	}

	#[benchmark]
	fn remove_member() -> Result<(), BenchmarkError> {
		let Neighbourhood { operator, market, members } = neighbourhood::<T>(1)?;
		let (_, meter) = members.into_iter().next().ok_or(BenchmarkError::Stop("a member"))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(operator), market, meter.clone());

		assert!(!Members::<T>::contains_key(market, &meter));
		Ok(())
	}

	#[benchmark]
	fn fund_grid() -> Result<(), BenchmarkError> {
		let Neighbourhood { operator, market, .. } = neighbourhood::<T>(0)?;
		let amount = T::Currency::minimum_balance();

		#[extrinsic_call]
		_(RawOrigin::Signed(operator), market, amount);

		Ok(())
	}

	#[benchmark]
	fn place_order(
		n: Linear<0, { T::MaxOrdersPerInterval::get().saturating_sub(1) }>,
	) -> Result<(), BenchmarkError> {
		let Neighbourhood { market, members, .. } = neighbourhood::<T>(1)?;
		let (owner, meter) = members.into_iter().next().ok_or(BenchmarkError::Stop("a member"))?;
		let price = terms::<T>().grid_sell_price;
		for _ in 0..n {
			Pallet::<T>::do_place_order(
				&owner,
				market,
				1,
				meter.clone(),
				Side::Sell,
				ORDER_WH,
				price,
			)?;
		}

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), market, 1, meter, Side::Sell, ORDER_WH, price);

		let orders = Intervals::<T>::get(market, 1).map(|book| book.orders.len());
		assert_eq!(orders, Some((n as usize).saturating_add(1)));
		Ok(())
	}

	#[benchmark]
	fn cancel_order(
		n: Linear<1, { T::MaxOrdersPerInterval::get() }>,
	) -> Result<(), BenchmarkError> {
		let Neighbourhood { market, members, .. } = neighbourhood::<T>(1)?;
		let (owner, meter) = members.into_iter().next().ok_or(BenchmarkError::Stop("a member"))?;
		let price = terms::<T>().grid_sell_price;
		for _ in 0..n {
			Pallet::<T>::do_place_order(
				&owner,
				market,
				1,
				meter.clone(),
				Side::Sell,
				ORDER_WH,
				price,
			)?;
		}

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), market, 1, 0);

		let orders =
			Intervals::<T>::get(market, 1).map(|book| book.orders.len()).unwrap_or_default();
		assert_eq!(orders, (n as usize).saturating_sub(1));
		Ok(())
	}

	#[benchmark]
	fn clear_interval(
		n: Linear<2, { T::MaxOrdersPerInterval::get() }>,
	) -> Result<(), BenchmarkError> {
		let Neighbourhood { operator, market, .. } = crossing_book::<T>(n)?;
		T::BenchmarkHelper::set_time(in_interval::<T>(1, 0));

		#[extrinsic_call]
		_(RawOrigin::Signed(operator), market, 1);

		let cleared = Intervals::<T>::get(market, 1).and_then(|book| book.clearing);
		assert!(cleared.is_some_and(|clearing| clearing.volume > 0));
		Ok(())
	}

	#[benchmark]
	fn report_reading(
		n: Linear<2, { T::MaxOrdersPerInterval::get() }>,
	) -> Result<(), BenchmarkError> {
		let Neighbourhood { operator, market, members } = crossing_book::<T>(n)?;
		T::BenchmarkHelper::set_time(in_interval::<T>(1, 0));
		Pallet::<T>::do_clear_interval(market, 1)?;
		// The first seller's meter: its order, the first ask at the lowest price, is filled.
		let (_, meter) = members.first().cloned().ok_or(BenchmarkError::Stop("a member"))?;
		let gateway = T::BenchmarkHelper::register_device(&operator, true);
		let payload =
			MeterReading { market, interval: 1, exported_wh: ORDER_WH, imported_wh: ORDER_WH }
				.payload();
		let taken = in_interval::<T>(2, 0);
		let mut envelope = ReadingEnvelope {
			device: meter.clone(),
			seq: 1,
			timestamp: taken,
			payload_digest: merkle::reading_leaf(&payload),
			signature: MultiSignature::Sr25519(sp_core::sr25519::Signature::from_raw([0; 64])),
		};
		envelope.signature =
			T::BenchmarkHelper::sign(&meter, &envelope.signed_bytes(&chain::genesis_hash::<T>()));
		let mut leaves = alloc::vec![envelope.leaf()];
		leaves.resize(AGGREGATE_LEAVES as usize, H256::repeat_byte(4));
		let tree = merkle::Tree::new(&leaves).ok_or(BenchmarkError::Stop("no tree"))?;
		T::BenchmarkHelper::set_time(taken.saturating_add(1));
		T::BenchmarkHelper::anchor_aggregate(&gateway, 0, tree.root(), tree.leaf_count());
		let siblings = tree.proof(0).map(|proof| proof.siblings).unwrap_or_default();
		let proof = ReadingProof {
			gateway,
			aggregate_seq: 0,
			envelope,
			payload: BoundedVec::truncate_from(payload),
			leaf_index: 0,
			proof: BoundedVec::truncate_from(siblings),
		};

		#[extrinsic_call]
		_(RawOrigin::Signed(operator), market, 1, alloc::boxed::Box::new(proof));

		assert!(Readings::<T>::contains_key((market, 1), &meter));
		Ok(())
	}

	#[benchmark]
	fn settle_interval(
		n: Linear<2, { T::MaxOrdersPerInterval::get() }>,
	) -> Result<(), BenchmarkError> {
		let Neighbourhood { operator, market, members } = crossing_book::<T>(n)?;
		T::BenchmarkHelper::set_time(in_interval::<T>(1, 0));
		Pallet::<T>::do_clear_interval(market, 1)?;
		let half = ORDER_WH.saturating_mul(u64::from(n)) / 2;
		for (_, meter) in &members {
			Readings::<T>::insert(
				(market, 1),
				meter,
				Metered { exported_wh: half / 2, imported_wh: half / 2 },
			);
		}
		T::BenchmarkHelper::set_time(in_interval::<T>(2, 0));

		#[extrinsic_call]
		_(RawOrigin::Signed(operator), market, 1);

		assert!(!Intervals::<T>::contains_key(market, 1));
		assert_eq!(History::<T>::get(market).len(), 1);
		Ok(())
	}

	#[benchmark]
	fn close_market(m: Linear<0, { T::MaxMembers::get() }>) -> Result<(), BenchmarkError> {
		let Neighbourhood { operator, market, .. } = neighbourhood::<T>(m)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(operator), market);

		assert!(!Markets::<T>::contains_key(market));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
