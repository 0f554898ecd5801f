//! The types the energy market stores, takes in calls and returns to clients.
//!
//! Stored types are generic over the account and balance types rather than over the runtime, so
//! that a runtime API can name them.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{traits::fungible, BoundedVec};
use iotchain_primitives::ReadingEnvelope;
use scale_info::TypeInfo;
use sp_core::{ConstU32, H256};

use crate::Config;

/// The balance of the currency energy is paid in.
pub type BalanceOf<T> =
	<<T as Config>::Currency as fungible::Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// The id of a market, assigned by the pallet from 0 on.
pub type MarketId = u32;

/// The number of a market's interval: interval `k` runs from `start + k * interval_ms`
/// (inclusive) to `start + (k + 1) * interval_ms` (exclusive), in the chain's milliseconds.
pub type IntervalIndex = u32;

/// An amount of energy, in watt-hours.
pub type WattHours = u64;

/// The most siblings a Merkle proof may have: a tree of up to 2^32 leaves.
pub type MaxProofDepth = ConstU32<32>;

/// The most bytes a meter reading's payload may have as a call carries it.
pub type MaxPayloadLen = ConstU32<64>;

/// A market with the runtime's types.
pub type MarketOf<T> = Market<<T as frame_system::Config>::AccountId, BalanceOf<T>>;

/// An order with the runtime's types.
pub type OrderOf<T> = Order<<T as frame_system::Config>::AccountId, BalanceOf<T>>;

/// An interval's book with the runtime's types.
pub type IntervalOf<T> = Interval<
	<T as frame_system::Config>::AccountId,
	BalanceOf<T>,
	<T as Config>::MaxOrdersPerInterval,
>;

/// A meter's reading proof with the runtime's types.
pub type ReadingProofOf<T> = ReadingProof<<T as frame_system::Config>::AccountId>;

/// How a market trades: its interval and the grid's tariffs, which bound every price.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
#[cfg_attr(
	feature = "std",
	serde(bound(
		serialize = "Balance: core::fmt::Display",
		deserialize = "Balance: core::str::FromStr"
	))
)]
pub struct MarketTerms<Balance> {
	/// The length of an interval, in milliseconds of the chain's clock.
	pub interval_ms: u64,
	/// What a member pays the grid for a watt-hour: the most an order may offer.
	#[cfg_attr(feature = "std", serde(with = "iotchain_primitives::json::balance"))]
	pub grid_buy_price: Balance,
	/// What the grid pays a member for a watt-hour fed in: the least an order may ask.
	#[cfg_attr(feature = "std", serde(with = "iotchain_primitives::json::balance"))]
	pub grid_sell_price: Balance,
	/// The most energy a member's connection carries in one interval, either way: the most an
	/// order may trade and a reading may report.
	pub max_interval_wh: WattHours,
}

/// A neighbourhood's market: its operator, who is also its grid, and the grid's float.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
#[cfg_attr(
	feature = "std",
	serde(bound(
		serialize = "AccountId: serde::Serialize, Balance: core::fmt::Display",
		deserialize = "AccountId: serde::Deserialize<'de>, Balance: core::str::FromStr"
	))
)]
pub struct Market<AccountId, Balance> {
	/// Who created the market and admits its members: the grid's account, which is paid for
	/// energy the grid supplies and pays for energy fed in.
	pub operator: AccountId,
	/// How the market trades.
	pub terms: MarketTerms<Balance>,
	/// When interval 0 starts: the chain's time at creation, in milliseconds.
	pub start: u64,
	/// The meters admitted.
	pub members: u32,
	/// The intervals with orders not yet settled.
	pub open_intervals: u32,
	/// What the operator holds to pay for energy fed in ([`crate::HoldReason::GridFloat`]).
	#[cfg_attr(feature = "std", serde(with = "iotchain_primitives::json::balance"))]
	pub float: Balance,
	/// The part of the float cleared intervals may still need: the most they can owe.
	#[cfg_attr(feature = "std", serde(with = "iotchain_primitives::json::balance"))]
	pub reserved: Balance,
	/// The storage deposit held from the operator, for the market and its members.
	#[cfg_attr(feature = "std", serde(with = "iotchain_primitives::json::balance"))]
	pub deposit: Balance,
}

impl<AccountId, Balance> Market<AccountId, Balance> {
	/// When interval `interval` starts, in the chain's milliseconds (saturating).
	pub fn interval_start(&self, interval: IntervalIndex) -> u64 {
		self.start.saturating_add(self.terms.interval_ms.saturating_mul(u64::from(interval)))
	}

	/// The interval running at `moment`, or `None` before the market (or beyond `u32::MAX`
	/// intervals).
	pub fn interval_at(&self, moment: u64) -> Option<IntervalIndex> {
		let elapsed = moment.checked_sub(self.start)?;
		IntervalIndex::try_from(elapsed.checked_div(self.terms.interval_ms)?).ok()
	}
}

/// Which way an order trades.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub enum Side {
	/// A bid: energy to take in the interval, at most at the order's price.
	Buy,
	/// An ask: energy to feed in during the interval, at least at the order's price.
	Sell,
}

/// One bid or ask for an interval, for energy through one meter.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
#[cfg_attr(
	feature = "std",
	serde(bound(
		serialize = "AccountId: serde::Serialize, Balance: core::fmt::Display",
		deserialize = "AccountId: serde::Deserialize<'de>, Balance: core::str::FromStr"
	))
)]
pub struct Order<AccountId, Balance> {
	/// The member's meter the energy flows through.
	pub meter: AccountId,
	/// Who placed it: pays, is paid, and holds its funds and deposit.
	pub account: AccountId,
	/// Buy or sell.
	pub side: Side,
	/// How much energy.
	pub quantity: WattHours,
	/// The limit price per watt-hour: the most a bid pays, the least an ask takes.
	#[cfg_attr(feature = "std", serde(with = "iotchain_primitives::json::balance"))]
	pub price: Balance,
	/// How much of it the auction matched (0 until the interval is cleared).
	pub filled: WattHours,
	/// What is held from `account` for the trade: a bid's price of its energy, an ask's
	/// collateral for a shortfall.
	#[cfg_attr(feature = "std", serde(with = "iotchain_primitives::json::balance"))]
	pub held: Balance,
	/// The storage deposit held from `account`.
	#[cfg_attr(feature = "std", serde(with = "iotchain_primitives::json::balance"))]
	pub deposit: Balance,
}

/// What the auction of an interval found.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
#[cfg_attr(
	feature = "std",
	serde(bound(
		serialize = "Balance: core::fmt::Display",
		deserialize = "Balance: core::str::FromStr"
	))
)]
pub struct Clearing<Balance> {
	/// The one price every matched order trades at, per watt-hour (zero if nothing matched).
	#[cfg_attr(feature = "std", serde(with = "iotchain_primitives::json::balance"))]
	pub price: Balance,
	/// The energy matched: as much sold as bought.
	pub volume: WattHours,
	/// The part of the grid's float reserved for what the interval may owe for energy fed in.
	#[cfg_attr(feature = "std", serde(with = "iotchain_primitives::json::balance"))]
	pub reserved: Balance,
}

/// An interval's book: its orders in the order they were placed, and, once the interval has
/// begun and been cleared, the auction's outcome.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	PartialEq,
	Eq,
	Clone,
	frame_support::DefaultNoBound,
)]
#[scale_info(skip_type_params(MaxOrders))]
#[codec(mel_bound(AccountId: MaxEncodedLen, Balance: MaxEncodedLen))]
pub struct Interval<AccountId, Balance, MaxOrders: frame_support::traits::Get<u32>> {
	/// The orders, by index.
	pub orders: BoundedVec<Order<AccountId, Balance>, MaxOrders>,
	/// The auction's outcome, once cleared.
	pub clearing: Option<Clearing<Balance>>,
}

/// A settled interval, as a market keeps its recent history.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
#[cfg_attr(
	feature = "std",
	serde(bound(
		serialize = "Balance: core::fmt::Display",
		deserialize = "Balance: core::str::FromStr"
	))
)]
pub struct SettledInterval<Balance> {
	/// The interval.
	pub interval: IntervalIndex,
	/// Its clearing price per watt-hour (zero if nothing matched).
	#[cfg_attr(feature = "std", serde(with = "iotchain_primitives::json::balance"))]
	pub price: Balance,
	/// The energy matched.
	pub volume: WattHours,
	/// The part of it the sellers' meters delivered.
	pub delivered: WattHours,
	/// What members paid the grid, for energy it supplied in a seller's place.
	#[cfg_attr(feature = "std", serde(with = "iotchain_primitives::json::balance"))]
	pub paid_to_grid: Balance,
	/// What the grid paid members, for energy fed in beyond what was sold or taken.
	#[cfg_attr(feature = "std", serde(with = "iotchain_primitives::json::balance"))]
	pub paid_by_grid: Balance,
}

/// A meter's reading for an interval, proven by its envelope under a gateway's aggregate anchor.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct ReadingProof<AccountId> {
	/// The gateway (a device of kind `Gateway`) that anchored the aggregate.
	pub gateway: AccountId,
	/// The aggregate's number in the gateway's sequence.
	pub aggregate_seq: u64,
	/// The envelope as the meter signed it.
	pub envelope: ReadingEnvelope<AccountId>,
	/// The payload whose digest the envelope carries: a
	/// [`iotchain_primitives::MeterReading`]'s bytes.
	pub payload: BoundedVec<u8, MaxPayloadLen>,
	/// The envelope's leaf index in the aggregate.
	pub leaf_index: u32,
	/// The sibling nodes from the leaf to the root.
	pub proof: BoundedVec<H256, MaxProofDepth>,
}

/// What a meter measured over an interval, once its reading is proven.
#[derive(
	Clone,
	Copy,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct Metered {
	/// The energy fed out to the grid.
	pub exported_wh: WattHours,
	/// The energy taken from the grid.
	pub imported_wh: WattHours,
}

/// A market as clients read it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
#[cfg_attr(
	feature = "std",
	serde(bound(
		serialize = "AccountId: serde::Serialize, Balance: core::fmt::Display",
		deserialize = "AccountId: serde::Deserialize<'de>, Balance: core::str::FromStr"
	))
)]
pub struct MarketView<AccountId, Balance> {
	/// The market's id.
	pub id: MarketId,
	/// The market.
	#[cfg_attr(feature = "std", serde(flatten))]
	pub market: Market<AccountId, Balance>,
	/// The interval running now by the chain's clock (of the block read).
	pub current_interval: Option<IntervalIndex>,
}

/// A meter's proven reading, as clients read it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct MeterView<AccountId> {
	/// The meter.
	pub meter: AccountId,
	/// What it measured.
	#[cfg_attr(feature = "std", serde(flatten))]
	pub metered: Metered,
}

/// An interval not yet settled, as clients read it: its window, book, auction and readings.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
#[cfg_attr(
	feature = "std",
	serde(bound(
		serialize = "AccountId: serde::Serialize, Balance: core::fmt::Display",
		deserialize = "AccountId: serde::Deserialize<'de>, Balance: core::str::FromStr"
	))
)]
pub struct IntervalView<AccountId, Balance> {
	/// The market.
	pub market: MarketId,
	/// The interval.
	pub interval: IntervalIndex,
	/// When it starts (orders close then), in the chain's milliseconds.
	pub start: u64,
	/// When it ends (readings may be taken from then).
	pub end: u64,
	/// When its readings stop counting: `end` plus `ReportGrace`.
	pub report_deadline: u64,
	/// The orders, by index.
	pub orders: alloc::vec::Vec<Order<AccountId, Balance>>,
	/// The auction's outcome, once cleared.
	pub clearing: Option<Clearing<Balance>>,
	/// The readings proven so far.
	pub readings: alloc::vec::Vec<MeterView<AccountId>>,
}

/// A market view with the runtime's types.
pub type MarketViewOf<T> = MarketView<<T as frame_system::Config>::AccountId, BalanceOf<T>>;

/// An interval view with the runtime's types.
pub type IntervalViewOf<T> = IntervalView<<T as frame_system::Config>::AccountId, BalanceOf<T>>;
