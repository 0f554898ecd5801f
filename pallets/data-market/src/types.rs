//! The types the data market stores, takes in calls and returns to clients.
//!
//! Stored types are generic over the account and balance types rather than over the runtime, so
//! that the runtime API and the RPC crate can name them.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{traits::fungible, BoundedVec};
use iotchain_primitives::ReadingEnvelope;
use scale_info::TypeInfo;
use sp_core::{ConstU32, H256};

use crate::Config;

/// The balance of the currency streams are paid in.
pub type BalanceOf<T> =
	<<T as Config>::Currency as fungible::Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// The id of a listing, assigned by the pallet from 0 on.
pub type ListingId = u64;

/// The number of a listing's period: period `k` runs from `start + k * period_ms` (inclusive)
/// to `start + (k + 1) * period_ms` (exclusive), in the chain's milliseconds.
pub type PeriodIndex = u32;

/// A listing id as it is stored in [`crate::GrantsByBuyer`]' keys: big-endian, so that a buyer's
/// grants iterate in listing order.
pub type ListingKey = [u8; 8];

/// The storage key part of listing `id`.
pub fn listing_key(id: ListingId) -> ListingKey {
	id.to_be_bytes()
}

/// The listing id of a storage key part.
pub fn listing_of(key: ListingKey) -> ListingId {
	u64::from_be_bytes(key)
}

/// The most siblings a Merkle proof may have: a tree of up to 2^32 leaves.
pub type MaxProofDepth = ConstU32<32>;

/// A listing view with the runtime's types.
pub type ListingViewOf<T> = ListingView<<T as frame_system::Config>::AccountId, BalanceOf<T>>;

/// A grant view with the runtime's types.
pub type GrantViewOf<T> = GrantView<<T as frame_system::Config>::AccountId, BalanceOf<T>>;

/// A delivery proof with the runtime's types.
pub type DeliveryProofOf<T> = DeliveryProof<<T as frame_system::Config>::AccountId>;

/// What a seller offers: the stream of one device, sold by the period.
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
pub struct StreamTerms<Balance> {
	/// The content hash of the readings' schema (their fields, units and encoding).
	pub schema: H256,
	/// The content hash of the licence the buyer may use the data under.
	pub licence: H256,
	/// What one period of access costs.
	#[cfg_attr(feature = "std", serde(with = "iotchain_primitives::json::balance"))]
	pub price_per_period: Balance,
	/// The length of a period, in milliseconds of the chain's clock.
	pub period_ms: u64,
	/// The readings the device promises per period: a period is paid only if the chain saw at
	/// least this many of the device's readings anchored in it.
	pub min_readings: u32,
	/// The most buyers that may hold a grant at once.
	pub max_subscribers: u32,
}

/// A device's stream on offer.
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
pub struct Listing<AccountId, Balance> {
	/// The device whose readings are sold.
	pub device: AccountId,
	/// Who listed it (the device's owner or one of its operators), who is paid and holds the
	/// deposit.
	pub seller: AccountId,
	/// What is sold, and at what price.
	pub terms: StreamTerms<Balance>,
	/// When period 0 starts: the chain's time at listing, in milliseconds.
	pub start: u64,
	/// The grants not yet settled.
	pub subscribers: u32,
	/// Whether the seller withdrew it: no new grant, existing ones run to their end.
	pub delisted: bool,
	/// The storage deposit held from the seller.
	#[cfg_attr(feature = "std", serde(with = "iotchain_primitives::json::balance"))]
	pub deposit: Balance,
}

impl<AccountId, Balance> Listing<AccountId, Balance> {
	/// When period `period` starts, in the chain's milliseconds (saturating).
	pub fn period_start(&self, period: PeriodIndex) -> u64 {
		self.start.saturating_add(self.terms.period_ms.saturating_mul(u64::from(period)))
	}

	/// The period running at `moment`, or `None` before the listing (or beyond `u32::MAX`
	/// periods).
	pub fn period_at(&self, moment: u64) -> Option<PeriodIndex> {
		let elapsed = moment.checked_sub(self.start)?;
		PeriodIndex::try_from(elapsed.checked_div(self.terms.period_ms)?).ok()
	}
}

/// A buyer's access to a listing's stream for a run of consecutive periods, each paid for or
/// refunded on its own once it has ended.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
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
pub struct Grant<Balance> {
	/// The price of each period, held from the buyer until the period is settled.
	#[cfg_attr(feature = "std", serde(with = "iotchain_primitives::json::balance"))]
	pub price_per_period: Balance,
	/// The first period the grant covers.
	pub from_period: PeriodIndex,
	/// The first period it no longer covers.
	pub until_period: PeriodIndex,
	/// The first period not yet settled: every period before it was paid or refunded, once.
	pub settled_until: PeriodIndex,
	/// The periods paid to the seller so far.
	pub paid_periods: u32,
	/// The periods refunded to the buyer so far.
	pub refunded_periods: u32,
	/// The storage deposit held from the buyer.
	#[cfg_attr(feature = "std", serde(with = "iotchain_primitives::json::balance"))]
	pub deposit: Balance,
}

impl<Balance> Grant<Balance> {
	/// The periods not yet settled, whose price is still held.
	pub fn outstanding(&self) -> u32 {
		self.until_period.saturating_sub(self.settled_until)
	}
}

/// What the chain has seen delivered in one period of a listing, kept while a grant covering
/// the period is not settled.
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
pub struct Delivery {
	/// The device's readings proven anchored in the period, up to the listing's promise.
	pub readings: u32,
	/// The highest of the device's own anchors counted (each counts once: proofs name rising
	/// numbers).
	pub last_anchor_seq: Option<u64>,
	/// The highest reading number of the device's envelopes counted from gateways' aggregates.
	pub last_reading_seq: Option<u64>,
	/// The grants covering the period not yet settled for it; the entry goes with the last.
	pub grants: u32,
}

/// Evidence that one or more of a listed device's readings reached the chain in a period.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase", rename_all_fields = "camelCase"))]
pub enum DeliveryProof<AccountId> {
	/// The device's own anchor `seq`: a single reading (counts 1, at the chain's time of the
	/// anchor) or a batch (counts its leaves, all of whose claimed times must fall in the
	/// period).
	Anchor {
		/// The anchor's number in the device's sequence.
		seq: u64,
	},
	/// One of the device's signed reading envelopes, proven under a gateway's aggregate
	/// anchor: counts 1, at the envelope's time.
	Aggregated {
		/// The gateway (a device of kind `Gateway`) that anchored the aggregate.
		gateway: AccountId,
		/// The aggregate's number in the gateway's sequence.
		aggregate_seq: u64,
		/// The envelope as the device signed it.
		envelope: ReadingEnvelope<AccountId>,
		/// The envelope's leaf index in the aggregate.
		leaf_index: u32,
		/// The sibling nodes from the leaf to the root.
		proof: BoundedVec<H256, MaxProofDepth>,
	},
}

/// A listing as clients read it.
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
pub struct ListingView<AccountId, Balance> {
	/// The listing's id.
	pub id: ListingId,
	/// The listing.
	#[cfg_attr(feature = "std", serde(flatten))]
	pub listing: Listing<AccountId, Balance>,
	/// The period running now by the chain's clock (of the block read).
	pub current_period: Option<PeriodIndex>,
}

/// A grant as clients read it: who may read which stream when, and where its money is.
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
pub struct GrantView<AccountId, Balance> {
	/// The listing the grant is for.
	pub listing: ListingId,
	/// The listing's device.
	pub device: AccountId,
	/// Who holds the grant.
	pub buyer: AccountId,
	/// The grant.
	#[cfg_attr(feature = "std", serde(flatten))]
	pub grant: Grant<Balance>,
	/// When access starts: the start of its first period, in the chain's milliseconds.
	pub access_from: u64,
	/// When access ends: the end of its last period.
	pub access_until: u64,
	/// What is still held from the buyer for the periods not yet settled.
	#[cfg_attr(feature = "std", serde(with = "iotchain_primitives::json::balance"))]
	pub held: Balance,
	/// How many periods [`crate::Pallet::settle`] would settle now.
	pub settleable: u32,
}
