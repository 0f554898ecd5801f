//! # Energy market
//!
//! Neighbours trade energy between their smart meters, one fixed interval at a time, and are
//! settled against what the meters measured.
//!
//! The mechanism is the field's standard (Grid Singularity's exchange, Power Ledger, the EU's
//! balancing rules): a double auction per interval, cleared at one price, with the grid as the
//! party that supplies what members lack and takes what they have over, at its tariffs.
//! `docs/energy-market.md` states the mechanism and its arithmetic.
//!
//! ## Overview
//!
//! - **Markets.** An operator (a utility, an energy community) creates a market
//!   ([`MarketTerms`]): the interval's length, the grid's buy and sell tariffs per watt-hour and
//!   the most energy a member's connection carries per interval. The operator's account is the
//!   market's grid: it is paid for energy the grid supplies and pays for energy fed in, from a
//!   float it holds for that ([`HoldReason::GridFloat`]). The operator admits members' meters
//!   (registered devices of kind `Meter`).
//! - **Orders.** Before an interval begins, whoever may act for a member's meter places bids
//!   (energy to take) and asks (energy to feed in) for it: a quantity in watt-hours and a limit
//!   price between the grid's sell and buy tariffs. A bid holds its price of the energy; an ask
//!   holds the most a shortfall could cost it. A meter trades on one side per interval, and an
//!   interval takes at most `MaxOrdersPerInterval` orders.
//! - **Clearing.** Once the interval has begun, anyone clears it: a uniform-price double
//!   auction ([`auction`]) whose work is bounded by the order limit and charged to the caller.
//!   What each order holds is cut to what its matched energy needs; the rest returns.
//! - **Readings.** After the interval, anyone proves each trading meter's reading
//!   ([`iotchain_primitives::MeterReading`]): the meter's signed envelope under a gateway's
//!   aggregate anchor, with the payload the envelope's digest is of.
//! - **Settlement.** Once every trading meter has reported, or `ReportGrace` after the interval
//!   ended, anyone settles it, at the clearing price `P`; a meter that reported nothing measured
//!   nothing:
//!   - a seller is paid `P` for what it delivered, up to what it sold; a shortfall was supplied
//!     by the grid, which is paid its buy tariff for it: `P` from the buyers' payment and the
//!     rest from the seller; what it fed in beyond what it sold, the grid buys at its sell tariff;
//!   - a buyer pays `P` for what it bought; what it bought and did not take, the grid buys back
//!     at its sell tariff;
//!   - each interval is settled once: its orders, readings and holds are gone with it.
//!
//! ## Calls
//!
//! - [`create_market`](Pallet::create_market): open a market, holding its float and deposit.
//! - [`add_member`](Pallet::add_member) / [`remove_member`](Pallet::remove_member): admit or
//!   remove a meter.
//! - [`fund_grid`](Pallet::fund_grid): add to the grid's float.
//! - [`place_order`](Pallet::place_order) / [`cancel_order`](Pallet::cancel_order): bid or ask
//!   for an interval, or withdraw it before the interval begins.
//! - [`clear_interval`](Pallet::clear_interval): run an interval's auction.
//! - [`report_reading`](Pallet::report_reading): prove a meter's reading of an interval.
//! - [`settle_interval`](Pallet::settle_interval): pay out an interval.
//! - [`close_market`](Pallet::close_market): close a market with nothing open, returning its
//!   float and deposit.
//!
//! ## Money and state
//!
//! - The operator holds `DepositBase + DepositPerByte * bytes` for the market, its history and
//!   each member; each order holds the same for its bytes, returned when its interval settles.
//! - Every order's funds are held ([`HoldReason::Trade`]); when an interval clears, the most it
//!   can owe the members is reserved from the float, so settlement never waits on anyone's
//!   funds. `try_state` checks that every account holds what the orders and markets say.
//! - Bounded: members per market (`MaxMembers`), orders per interval (`MaxOrdersPerInterval`),
//!   intervals ahead (`MaxIntervalsAhead`) and open (`MaxOpenIntervals`), the history kept
//!   (`MaxHistory`).
//!
//! ## Reads
//!
//! [`Pallet::market`], [`Pallet::markets`] (paged by id), [`Pallet::members`] (paged),
//! [`Pallet::interval`], [`Pallet::intervals`] (the intervals not yet settled, paged) and
//! [`Pallet::history`], served by `pallet-energy-market-runtime-api` and the `energyMarket_*`
//! RPC methods (`docs/rpc.md`).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod auction;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod features;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

/// The most items one page of a read returns.
pub const MAX_PAGE: u32 = 100;

/// What the benchmarks need from the runtime: registered devices that can sign, and anchors.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Registers an active device owned by `owner`, of kind `Gateway` if `gateway` and `Meter`
	/// otherwise, whose current key [`Self::sign`] signs with, and returns its id.
	fn register_device(owner: &AccountId, gateway: bool) -> AccountId;
	/// `device`'s signature of `message` with its current key.
	fn sign(device: &AccountId, message: &[u8]) -> sp_runtime::MultiSignature;
	/// `gateway` anchors the aggregate `seq` of `leaf_count` leaves under `root`, at the
	/// chain's current time.
	fn anchor_aggregate(gateway: &AccountId, seq: u64, root: sp_core::H256, leaf_count: u32);
	/// Sets the chain's clock to `moment` (milliseconds).
	fn set_time(moment: u64);
}

#[frame_support::pallet]
#[allow(
	clippy::expect_used,
	reason = "FRAME's pallet macros expand to `expect`s on what `construct_runtime` guarantees \
	(every pallet has a name and an index), and clippy charges them to this module"
)]
pub mod pallet {
	use super::*;
	use alloc::boxed::Box;
	use frame_support::{
		pallet_prelude::*,
		traits::{fungible, UnixTime},
	};
	use frame_system::pallet_prelude::*;
	use sp_core::H256;
	use sp_runtime::AccountId32;

	/// The layout of this pallet's storage; bump it with a migration when the layout changes.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Readings are checked against the meter's key on this chain's genesis hash, so hashes
	/// must be `H256`; devices are accounts derived from keys, so accounts are `AccountId32`.
	#[pallet::config]
	pub trait Config: frame_system::Config<AccountId = AccountId32, Hash = H256> {
		/// The runtime's hold reasons, which include this pallet's [`HoldReason`].
		type RuntimeHoldReason: From<HoldReason>;

		/// The currency energy is paid in and deposits held in.
		type Currency: fungible::Mutate<Self::AccountId>
			+ fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The device registry: whether a meter is active, who may act for it, which key it held
		/// at a block.
		type Devices: iotchain_primitives::DeviceLookup<Self::AccountId>
			+ iotchain_primitives::KeyHistory<Self::AccountId, BlockNumberFor<Self>>;

		/// What gateways have anchored.
		type Anchors: iotchain_primitives::AnchorLookup<Self::AccountId, BlockNumberFor<Self>>;

		/// The chain's clock, which intervals are counted in.
		type UnixTime: UnixTime;

		/// The storage deposit of every market, member and order, whatever its size.
		#[pallet::constant]
		type DepositBase: Get<BalanceOf<Self>>;

		/// The storage deposit per byte a record may take.
		#[pallet::constant]
		type DepositPerByte: Get<BalanceOf<Self>>;

		/// The shortest interval a market may have, in milliseconds.
		#[pallet::constant]
		type MinInterval: Get<u64>;

		/// The longest interval a market may have, in milliseconds.
		#[pallet::constant]
		type MaxInterval: Get<u64>;

		/// How long after an interval ends its meters' readings may still be proven, in
		/// milliseconds; after it, the interval settles with what was reported.
		#[pallet::constant]
		type ReportGrace: Get<u64>;

		/// The most meters a market admits.
		#[pallet::constant]
		type MaxMembers: Get<u32>;

		/// The most orders one interval takes.
		#[pallet::constant]
		type MaxOrdersPerInterval: Get<u32>;

		/// How many intervals ahead of the running one orders may be placed for.
		#[pallet::constant]
		type MaxIntervalsAhead: Get<u32>;

		/// The most intervals of a market with orders not yet settled.
		#[pallet::constant]
		type MaxOpenIntervals: Get<u32>;

		/// The most settled intervals a market keeps in its history.
		#[pallet::constant]
		type MaxHistory: Get<u32>;

		/// The weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Makes devices and anchors for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// What an order holds for its trade: a bid's price, an ask's shortfall collateral.
		Trade,
		/// The grid's float, held from a market's operator to pay for energy fed in.
		GridFloat,
		/// The storage deposit of a market, a member or an order.
		StorageDeposit,
	}

	/// The id the next market gets.
	#[pallet::storage]
	pub type NextMarketId<T: Config> = StorageValue<_, MarketId, ValueQuery>;

	/// The markets, by id.
	#[pallet::storage]
	pub type Markets<T: Config> = StorageMap<_, Twox64Concat, MarketId, MarketOf<T>>;

	/// The meters each market admits.
	#[pallet::storage]
	pub type Members<T: Config> =
		StorageDoubleMap<_, Twox64Concat, MarketId, Blake2_128Concat, T::AccountId, ()>;

	/// The books of the intervals with orders not yet settled.
	#[pallet::storage]
	pub type Intervals<T: Config> =
		StorageDoubleMap<_, Twox64Concat, MarketId, Twox64Concat, IntervalIndex, IntervalOf<T>>;

	/// The proven readings of the meters trading in an interval not yet settled.
	#[pallet::storage]
	pub type Readings<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		(MarketId, IntervalIndex),
		Blake2_128Concat,
		T::AccountId,
		Metered,
	>;

	/// Each market's most recent settled intervals, oldest first.
	#[pallet::storage]
	pub type History<T: Config> = StorageMap<
		_,
		Twox64Concat,
		MarketId,
		BoundedVec<SettledInterval<BalanceOf<T>>, T::MaxHistory>,
		ValueQuery,
	>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `operator` opened `market` on `terms`; interval 0 starts at `start`.
		MarketCreated {
			market: MarketId,
			operator: T::AccountId,
			terms: MarketTerms<BalanceOf<T>>,
			start: u64,
			float: BalanceOf<T>,
			deposit: BalanceOf<T>,
		},
		/// `meter` may trade in `market`.
		MemberAdded { market: MarketId, meter: T::AccountId },
		/// `meter` may no longer trade in `market`; its orders placed stand.
		MemberRemoved { market: MarketId, meter: T::AccountId },
		/// The grid's float of `market` grew by `amount`, to `float`.
		GridFunded { market: MarketId, amount: BalanceOf<T>, float: BalanceOf<T> },
		/// `account` placed order `index` of `interval` for `meter`.
		OrderPlaced {
			market: MarketId,
			interval: IntervalIndex,
			index: u32,
			meter: T::AccountId,
			account: T::AccountId,
			side: Side,
			quantity: WattHours,
			price: BalanceOf<T>,
		},
		/// Order `index` of `interval` was withdrawn; the orders after it moved down by one.
		OrderCancelled { market: MarketId, interval: IntervalIndex, index: u32 },
		/// The auction of `interval` matched `volume` at `price` per watt-hour.
		IntervalCleared {
			market: MarketId,
			interval: IntervalIndex,
			price: BalanceOf<T>,
			volume: WattHours,
			reserved: BalanceOf<T>,
		},
		/// The grid's float could not cover what `interval` might owe it: nothing traded, and
		/// every order's funds returned.
		IntervalVoided { market: MarketId, interval: IntervalIndex, needed: BalanceOf<T> },
		/// `meter`'s reading of `interval` was proven.
		ReadingReported {
			market: MarketId,
			interval: IntervalIndex,
			meter: T::AccountId,
			exported_wh: WattHours,
			imported_wh: WattHours,
		},
		/// A seller's position of `interval` was settled.
		SellerSettled {
			market: MarketId,
			interval: IntervalIndex,
			meter: T::AccountId,
			account: T::AccountId,
			sold: WattHours,
			delivered: WattHours,
			/// `price * delivered`, paid to `account` by the buyers.
			paid: BalanceOf<T>,
			/// What `account` paid the grid for the shortfall beyond the buyers' payment.
			shortfall_cost: BalanceOf<T>,
			/// The energy fed in beyond what was sold, bought by the grid.
			surplus: WattHours,
			/// What the grid paid `account` for `surplus`.
			surplus_paid: BalanceOf<T>,
		},
		/// A buyer's position of `interval` was settled.
		BuyerSettled {
			market: MarketId,
			interval: IntervalIndex,
			meter: T::AccountId,
			account: T::AccountId,
			bought: WattHours,
			taken: WattHours,
			/// `price * bought`, paid by `account`.
			paid: BalanceOf<T>,
			/// The energy bought and not taken, bought back by the grid.
			unused: WattHours,
			/// What the grid paid `account` for `unused`.
			unused_paid: BalanceOf<T>,
		},
		/// `interval` is settled: its orders, readings and holds are gone.
		IntervalSettled {
			market: MarketId,
			interval: IntervalIndex,
			summary: SettledInterval<BalanceOf<T>>,
		},
		/// `market` closed: its float and deposits returned to `operator`.
		MarketClosed { market: MarketId, operator: T::AccountId },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The interval is shorter than `MinInterval` or longer than `MaxInterval`.
		InvalidInterval,
		/// The grid's sell tariff must be above zero and not above its buy tariff.
		InvalidTariffs,
		/// A member's connection carries at least one watt-hour per interval.
		InvalidCapacity,
		/// No such market.
		UnknownMarket,
		/// Only the market's operator may do this.
		NotOperator,
		/// The market admits `MaxMembers` meters already.
		TooManyMembers,
		/// The meter is a member already.
		AlreadyMember,
		/// The meter is not a member of the market.
		NotMember,
		/// No such device, or it was revoked.
		UnknownDevice,
		/// The device is not of kind `Meter`.
		NotAMeter,
		/// The meter is suspended.
		DeviceNotActive,
		/// Only the meter's owner or one of its operators may trade for it.
		NotMeterOperator,
		/// Orders are taken only for intervals that have not begun.
		IntervalStarted,
		/// Orders are taken at most `MaxIntervalsAhead` intervals ahead.
		IntervalTooFar,
		/// An order trades at least one watt-hour and at most the market's `max_interval_wh`.
		InvalidQuantity,
		/// An order's price lies between the grid's sell and buy tariffs, both included.
		PriceOutOfRange,
		/// The interval holds `MaxOrdersPerInterval` orders already.
		TooManyOrders,
		/// The market has `MaxOpenIntervals` intervals not yet settled; settle one first.
		TooManyOpenIntervals,
		/// The meter already trades on the other side in this interval.
		OppositeSide,
		/// The meter's orders in this interval were placed by another account.
		MeterTradedByAnother,
		/// The account cannot hold what the call needs.
		InsufficientBalance,
		/// An amount overflowed.
		Overflow,
		/// No such interval with orders, or it was settled.
		UnknownInterval,
		/// No such order.
		UnknownOrder,
		/// Only who placed the order may withdraw it.
		NotOrderOwner,
		/// The interval has not begun yet: its book is still open.
		IntervalNotStarted,
		/// The interval was cleared already.
		AlreadyCleared,
		/// The interval has not been cleared yet.
		NotCleared,
		/// The interval has not ended yet.
		IntervalNotEnded,
		/// The meter has no matched order in the interval.
		NoPosition,
		/// The meter's reading of the interval was proven already; the first stands.
		AlreadyReported,
		/// The interval ended more than `ReportGrace` ago: it settles with what was reported.
		ReportWindowClosed,
		/// No such anchor.
		UnknownAnchor,
		/// The anchor named is not a gateway's aggregate.
		NotAnAggregate,
		/// The Merkle proof does not prove the envelope under the aggregate.
		InvalidProof,
		/// The envelope is not signed with the key the meter held at the aggregate's block.
		InvalidSignature,
		/// The payload is not the one whose digest the envelope carries.
		PayloadMismatch,
		/// The payload is not a meter reading.
		MalformedReading,
		/// The reading is of another market or interval.
		WrongInterval,
		/// The reading reports more energy than a member's connection carries in an interval.
		ImplausibleReading,
		/// The reading was taken before the interval ended.
		ReadingTooEarly,
		/// The reading's anchor reached the chain after the interval ended plus `ReportGrace`.
		AnchoredTooLate,
		/// The anchor is older than the reading: a reading cannot be anchored before it is taken.
		AnchoredBeforeReading,
		/// Some trading meter has not reported and `ReportGrace` has not passed.
		NotSettleable,
		/// The market has intervals not yet settled.
		MarketBusy,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MinInterval::get() > 0, "an interval lasts at least a millisecond");
			assert!(T::MinInterval::get() <= T::MaxInterval::get(), "MinInterval <= MaxInterval");
			assert!(T::MaxMembers::get() > 0, "a market admits a meter");
			assert!(T::MaxOrdersPerInterval::get() > 1, "an interval takes a bid and an ask");
			assert!(T::MaxOpenIntervals::get() > 0, "a market has an interval open");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Opens a market on `terms`, whose grid is the caller, holding `float` to pay for
		/// energy fed in and the market's storage deposit. Interval 0 starts now.
		///
		/// Emits [`Event::MarketCreated`]. O(1).
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::create_market())]
		pub fn create_market(
			origin: OriginFor<T>,
			terms: MarketTerms<BalanceOf<T>>,
			float: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_create_market(&who, terms, float).map(|_| ())
		}

		/// Admits `meter`, an active device of kind `Meter`, to `market`, holding its deposit
		/// from the operator.
		///
		/// Emits [`Event::MemberAdded`]. O(1).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::add_member())]
		pub fn add_member(
			origin: OriginFor<T>,
			market: MarketId,
			meter: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_add_member(&who, market, meter)
		}

		/// Removes `meter` from `market`, returning its deposit; its orders placed stand.
		///
		/// Emits [`Event::MemberRemoved`]. O(1).
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::remove_member())]
		pub fn remove_member(
			origin: OriginFor<T>,
			market: MarketId,
			meter: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_remove_member(&who, market, meter)
		}

		/// Adds `amount` to the grid's float of `market`, held from the operator.
		///
		/// Emits [`Event::GridFunded`]. O(1).
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::fund_grid())]
		pub fn fund_grid(
			origin: OriginFor<T>,
			market: MarketId,
			amount: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_fund_grid(&who, market, amount)
		}

		/// Places a bid (`Buy`) or ask (`Sell`) of `quantity` watt-hours at `price` per
		/// watt-hour through `meter` in `interval`, holding its funds and deposit.
		///
		/// The origin must be signed by the meter's owner or one of its operators.
		///
		/// Emits [`Event::OrderPlaced`]. O(orders in the interval).
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::place_order(T::MaxOrdersPerInterval::get()))]
		pub fn place_order(
			origin: OriginFor<T>,
			market: MarketId,
			interval: IntervalIndex,
			meter: T::AccountId,
			side: Side,
			quantity: WattHours,
			price: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_place_order(&who, market, interval, meter, side, quantity, price).map(|_| ())
		}

		/// Withdraws order `index` of `interval` before the interval begins, returning what it
		/// holds. The orders after it move down by one.
		///
		/// The origin must be signed by who placed it.
		///
		/// Emits [`Event::OrderCancelled`]. O(orders in the interval).
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::cancel_order(T::MaxOrdersPerInterval::get()))]
		pub fn cancel_order(
			origin: OriginFor<T>,
			market: MarketId,
			interval: IntervalIndex,
			index: u32,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_cancel_order(&who, market, interval, index)
		}

		/// Runs the auction of `interval`, which has begun, and cuts each order's hold to what
		/// its matched energy needs.
		///
		/// Any signed origin: the caller pays for the auction's work.
		///
		/// Emits [`Event::IntervalCleared`] or [`Event::IntervalVoided`]. O(n log n) in the
		/// orders, at most `MaxOrdersPerInterval`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::clear_interval(T::MaxOrdersPerInterval::get()))]
		pub fn clear_interval(
			origin: OriginFor<T>,
			market: MarketId,
			interval: IntervalIndex,
		) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_clear_interval(market, interval)
		}

		/// Proves a trading meter's reading of `interval`, which has ended.
		///
		/// Any signed origin.
		///
		/// Emits [`Event::ReadingReported`]. O(orders in the interval), one signature check.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::report_reading(T::MaxOrdersPerInterval::get()))]
		pub fn report_reading(
			origin: OriginFor<T>,
			market: MarketId,
			interval: IntervalIndex,
			proof: Box<ReadingProofOf<T>>,
		) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_report_reading(market, interval, *proof)
		}

		/// Settles `interval`, clearing it first if nobody has: pays every position at the
		/// clearing price and the grid's tariffs, returns what orders hold, and records the
		/// interval in the market's history.
		///
		/// Any signed origin: no one's cooperation is needed once every trading meter has
		/// reported or `ReportGrace` has passed.
		///
		/// Emits [`Event::SellerSettled`] and [`Event::BuyerSettled`] per position, then
		/// [`Event::IntervalSettled`]. O(orders in the interval).
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::settle_interval(T::MaxOrdersPerInterval::get())
			.saturating_add(T::WeightInfo::clear_interval(T::MaxOrdersPerInterval::get())))]
		pub fn settle_interval(
			origin: OriginFor<T>,
			market: MarketId,
			interval: IntervalIndex,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let (orders, cleared_now) = Self::do_settle_interval(market, interval)?;
			let clearing =
				if cleared_now { T::WeightInfo::clear_interval(orders) } else { Weight::zero() };
			Ok(Some(T::WeightInfo::settle_interval(orders).saturating_add(clearing)).into())
		}

		/// Closes `market`, which has no interval open: removes its members and history, and
		/// returns the float and every deposit to the operator.
		///
		/// Emits [`Event::MarketClosed`]. O(members).
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::close_market(T::MaxMembers::get()))]
		pub fn close_market(origin: OriginFor<T>, market: MarketId) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let members = Self::do_close_market(&who, market)?;
			Ok(Some(T::WeightInfo::close_market(members)).into())
		}
	}
}
