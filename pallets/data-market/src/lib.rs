//! # Data market
//!
//! Device owners sell time-bounded access to their devices' verified streams, and are paid for
//! each period only if the chain saw the device deliver in it.
//!
//! Marketplaces for IoT data so far sell access, not delivery: a subscription is paid whether
//! or not data flowed. IoTChain already knows from anchors whether a device delivered data in a
//! period, so this market makes that the condition of payment (`docs/data-market.md` compares it
//! with Streamr's and Ocean's).
//!
//! ## Overview
//!
//! - **Listings.** The owner of a device, or one of its operators, lists the device's stream
//!   ([`StreamTerms`]): the content hashes of its schema and licence, a price per period, the
//!   period's length (chain milliseconds), the readings promised per period and the most
//!   buyers at once. Period 0 starts when the listing is made. One listing per device at a time;
//!   the seller holds a storage deposit until the listing is gone. A delisted stream takes no
//!   new buyer, and its grants run to their end.
//! - **Grants.** A buyer subscribes for a number of periods from the next one (a period is
//!   never sold once it has begun). Each period's price is held from the buyer, and the grant
//!   `(buyer, listing, from, until)` is what the gateway checks before serving readings
//!   ([`Pallet::has_access`], RPC `dataMarket_hasAccess`). Subscribing again extends the grant
//!   by that many periods, from where it ends; a buyer whose grant has ended waits until it is
//!   settled to subscribe anew.
//! - **Delivery.** Anyone (usually the seller or its gateway) proves the device's readings
//!   anchored in a period ([`DeliveryProof`]): the device's own anchors (single readings and
//!   batches), or its signed envelopes under gateways' aggregate anchors. A reading counts for
//!   the period its time falls in (the device's timestamp; for a single-reading anchor the
//!   chain's time of the anchor) and only if its anchor reached the chain before the period
//!   ended plus `DeliveryGrace`. Each anchor and each envelope counts once: proofs name rising
//!   numbers.
//! - **Settlement.** A period of a grant is settled once it has ended and either its delivery
//!   met the promise (the seller is paid that period's price at once) or `DeliveryGrace` has
//!   passed (paid if the promise was met, refunded to the buyer if not). Anyone may settle, and
//!   subscribing settles the buyer's earlier periods first: nobody's cooperation is needed.
//!   Periods are settled in order and a grant records where it stands, so a period is paid or
//!   refunded exactly once, never both. When the last period is settled the grant ends and its
//!   deposit returns.
//!
//! ## Calls
//!
//! - [`list_stream`](Pallet::list_stream): list a device's stream on given terms.
//! - [`delist_stream`](Pallet::delist_stream): stop selling a stream; grants run to their end.
//! - [`subscribe`](Pallet::subscribe): buy (or extend) access for a number of periods.
//! - [`prove_delivery`](Pallet::prove_delivery): prove the device's readings in a period.
//! - [`settle`](Pallet::settle): pay or refund a grant's ended periods.
//!
//! ## Money and state
//!
//! - A listing holds `DepositBase + DepositPerByte * bytes` of its record and device index from
//!   the seller ([`HoldReason::StorageDeposit`]); a grant holds the same for its record, its
//!   buyer index entry and one delivery record per period it adds.
//! - The prices of a grant's unsettled periods are held from the buyer
//!   ([`HoldReason::Subscription`]); `try_state` checks that every account holds exactly what
//!   its grants and listings say.
//! - Everything is bounded: subscribers per listing (`max_subscribers`, at most
//!   `MaxSubscribers`), unsettled periods per grant (`MaxPeriods`), proofs per call
//!   (`MaxProofsPerCall`), readings promised (`MaxPromisedReadings`).
//!
//! ## Reads
//!
//! [`Pallet::listing`], [`Pallet::listings`] (paged by id), [`Pallet::grant`],
//! [`Pallet::grants_by_buyer`] (paged by listing), [`Pallet::grants_by_listing`] (paged by
//! buyer) and [`Pallet::has_access`], served by `pallet-data-market-runtime-api` and the
//! `dataMarket_*` RPC methods (`docs/rpc.md`).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

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

/// What the benchmarks need from the runtime: a registered device that can sign, and its
/// anchors.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Registers an active device owned by `owner`, of kind `Gateway` if `gateway`, whose
	/// current key [`Self::sign`] signs with, and returns its id.
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

	/// Envelopes are checked against the device's key on this chain's genesis hash, so hashes
	/// must be `H256`; devices are accounts derived from keys, so accounts are `AccountId32`.
	#[pallet::config]
	pub trait Config: frame_system::Config<AccountId = AccountId32, Hash = H256> {
		/// The runtime's hold reasons, which include this pallet's [`HoldReason`].
		type RuntimeHoldReason: From<HoldReason>;

		/// The currency streams are paid in and deposits held in.
		type Currency: fungible::Mutate<Self::AccountId>
			+ fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The device registry: whether a device is active, who may act for it, which key it
		/// held at a block.
		type Devices: iotchain_primitives::DeviceLookup<Self::AccountId>
			+ iotchain_primitives::KeyHistory<Self::AccountId, BlockNumberFor<Self>>;

		/// What devices and gateways have anchored.
		type Anchors: iotchain_primitives::AnchorLookup<Self::AccountId, BlockNumberFor<Self>>;

		/// The chain's clock, which periods are counted in.
		type UnixTime: UnixTime;

		/// The storage deposit of every listing and grant, whatever its size.
		#[pallet::constant]
		type DepositBase: Get<BalanceOf<Self>>;

		/// The storage deposit per byte a record and its index entries may take.
		#[pallet::constant]
		type DepositPerByte: Get<BalanceOf<Self>>;

		/// The shortest period a listing may have, in milliseconds.
		#[pallet::constant]
		type MinPeriod: Get<u64>;

		/// The longest period a listing may have, in milliseconds.
		#[pallet::constant]
		type MaxPeriod: Get<u64>;

		/// How long after a period ends its readings may still reach the chain and be proven,
		/// in milliseconds; until then the period is refunded to no one.
		#[pallet::constant]
		type DeliveryGrace: Get<u64>;

		/// The most buyers a listing may take at once.
		#[pallet::constant]
		type MaxSubscribers: Get<u32>;

		/// The most unsettled periods a grant may have, which bounds a settlement's work.
		#[pallet::constant]
		type MaxPeriods: Get<u32>;

		/// The most readings a listing may promise per period.
		#[pallet::constant]
		type MaxPromisedReadings: Get<u32>;

		/// The most delivery proofs one call may carry.
		#[pallet::constant]
		type MaxProofsPerCall: Get<u32>;

		/// The weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Makes devices and anchors for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The prices of a grant's unsettled periods, held from its buyer.
		Subscription,
		/// The storage deposit of a listing or a grant, held from who made it.
		StorageDeposit,
	}

	/// The id the next listing gets.
	#[pallet::storage]
	pub type NextListingId<T: Config> = StorageValue<_, ListingId, ValueQuery>;

	/// The listings with a live grant or still on offer, by id.
	#[pallet::storage]
	pub type Listings<T: Config> =
		StorageMap<_, Twox64Concat, ListingId, Listing<T::AccountId, BalanceOf<T>>>;

	/// The listing on offer of each device (none once delisted).
	#[pallet::storage]
	pub type ListingOfDevice<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, ListingId>;

	/// The grants not yet settled, by listing and buyer.
	#[pallet::storage]
	pub type Grants<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		ListingId,
		Blake2_128Concat,
		T::AccountId,
		Grant<BalanceOf<T>>,
	>;

	/// The listings each buyer holds a grant of, in listing order for paging.
	#[pallet::storage]
	pub type GrantsByBuyer<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Identity, ListingKey, ()>;

	/// What was proven delivered in each period of a listing that a grant not yet settled for
	/// it covers.
	#[pallet::storage]
	pub type Deliveries<T: Config> =
		StorageDoubleMap<_, Twox64Concat, ListingId, Twox64Concat, PeriodIndex, Delivery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `seller` listed `device`'s stream on `terms`; period 0 starts at `start`.
		StreamListed {
			listing: ListingId,
			device: T::AccountId,
			seller: T::AccountId,
			terms: StreamTerms<BalanceOf<T>>,
			start: u64,
			deposit: BalanceOf<T>,
		},
		/// The seller withdrew the listing; its grants run to their end.
		StreamDelisted { listing: ListingId, device: T::AccountId },
		/// The listing is gone, delisted and with no grant left; its deposit was returned.
		ListingRemoved { listing: ListingId, seller: T::AccountId },
		/// `buyer` may read the stream from period `from_period` until `until_period` (exclusive);
		/// `held` was held for the `periods` added, and `deposit` for the state they take.
		Subscribed {
			listing: ListingId,
			buyer: T::AccountId,
			from_period: PeriodIndex,
			until_period: PeriodIndex,
			periods: u32,
			held: BalanceOf<T>,
			deposit: BalanceOf<T>,
		},
		/// Readings of the device were proven delivered in `period`: `readings` in all so far.
		DeliveryProven { listing: ListingId, period: PeriodIndex, readings: u32 },
		/// `period` of `buyer`'s grant was delivered: `seller` was paid `amount`.
		PeriodPaid {
			listing: ListingId,
			buyer: T::AccountId,
			period: PeriodIndex,
			seller: T::AccountId,
			amount: BalanceOf<T>,
		},
		/// `period` of `buyer`'s grant was not delivered: `amount` returned to `buyer`.
		PeriodRefunded {
			listing: ListingId,
			buyer: T::AccountId,
			period: PeriodIndex,
			amount: BalanceOf<T>,
		},
		/// Every period of `buyer`'s grant is settled: the grant ended and its deposit returned.
		GrantEnded {
			listing: ListingId,
			buyer: T::AccountId,
			paid_periods: u32,
			refunded_periods: u32,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No such device, or it was revoked.
		UnknownDevice,
		/// The device is suspended: its stream cannot be listed or bought now.
		DeviceNotActive,
		/// Only the device's owner or one of its operators may list its stream.
		NotDeviceOperator,
		/// The device already has a listing on offer.
		AlreadyListed,
		/// The period is shorter than `MinPeriod` or longer than `MaxPeriod`.
		InvalidPeriod,
		/// A listing must promise at least one reading per period, and at most
		/// `MaxPromisedReadings`.
		InvalidPromise,
		/// A listing takes from 1 to `MaxSubscribers` buyers at once.
		InvalidSubscriberLimit,
		/// A period's price must be at least the existential deposit, so that paying it can
		/// always reach the seller.
		PriceTooLow,
		/// No such listing (it never existed, or it is gone).
		UnknownListing,
		/// Only the seller, or who may act for the device now, may delist it.
		NotSeller,
		/// The listing was delisted: it takes no new buyer.
		ListingClosed,
		/// The listing has as many buyers as it takes.
		ListingFull,
		/// The seller cannot buy its own stream.
		BuyerIsSeller,
		/// A subscription covers at least one period.
		ZeroPeriods,
		/// The grant would have more than `MaxPeriods` unsettled periods.
		TooManyPeriods,
		/// The buyer's grant has ended but is not settled yet; settle it, then subscribe anew.
		GrantNotSettled,
		/// The buyer cannot hold the price and the deposit.
		InsufficientBalance,
		/// An amount or a time overflowed.
		Overflow,
		/// No grant of this buyer on this listing.
		UnknownGrant,
		/// No period of the grant can be settled yet.
		NothingToSettle,
		/// No unsettled grant covers this period: nothing is paid for its delivery.
		NoGrantForPeriod,
		/// The period already holds all the readings its listing promised.
		AlreadyDelivered,
		/// The period ended more than `DeliveryGrace` ago: its delivery is final.
		ProofWindowClosed,
		/// A call carries at least one proof and at most `MaxProofsPerCall`.
		InvalidProofCount,
		/// No such anchor.
		UnknownAnchor,
		/// The device's own anchor is a gateway's aggregate, not its readings.
		NotOwnReadings,
		/// The aggregate anchor named is not an aggregate.
		NotAnAggregate,
		/// The envelope is another device's.
		WrongDevice,
		/// The Merkle proof does not prove the envelope under the aggregate.
		InvalidProof,
		/// The envelope is not signed with the key the device held at the aggregate's block.
		InvalidSignature,
		/// An anchor or envelope number is not above the highest already counted for the
		/// period: each counts once.
		ProofOutOfOrder,
		/// The reading's time is outside the period.
		OutsidePeriod,
		/// The reading's anchor reached the chain after the period ended plus `DeliveryGrace`.
		AnchoredTooLate,
		/// The anchor is older than the reading's own time: a reading cannot be anchored before
		/// it was taken.
		AnchoredBeforeReading,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MinPeriod::get() > 0, "a period lasts at least a millisecond");
			assert!(T::MinPeriod::get() <= T::MaxPeriod::get(), "MinPeriod <= MaxPeriod");
			assert!(T::MaxSubscribers::get() > 0, "a listing takes at least one buyer");
			assert!(T::MaxPeriods::get() > 0, "a grant covers at least one period");
			assert!(T::MaxPromisedReadings::get() > 0, "a period promises a reading");
			assert!(T::MaxProofsPerCall::get() > 0, "a call carries a proof");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Lists `device`'s stream on `terms`, holding the listing's storage deposit.
		///
		/// The origin must be signed by the device's owner or one of its operators, who becomes
		/// the seller: paid for delivered periods. Period 0 starts now.
		///
		/// Emits [`Event::StreamListed`]. O(1).
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::list_stream())]
		pub fn list_stream(
			origin: OriginFor<T>,
			device: T::AccountId,
			terms: StreamTerms<BalanceOf<T>>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_list_stream(&who, device, terms).map(|_| ())
		}

		/// Withdraws `listing` from sale: no new buyer; its grants run to their end, and the
		/// listing (and its deposit) goes with the last of them.
		///
		/// The origin must be signed by the seller, or by who may act for the device now.
		///
		/// Emits [`Event::StreamDelisted`], and [`Event::ListingRemoved`] if no grant is left.
		/// O(1).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::delist_stream())]
		pub fn delist_stream(origin: OriginFor<T>, listing: ListingId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_delist_stream(&who, listing)
		}

		/// Buys access to `listing` for `periods` periods, from the next period to begin, or
		/// extends the buyer's grant by `periods` from where it ends; holds each period's price
		/// and the state's deposit. Settles the buyer's ended periods first.
		///
		/// The origin must be signed by the buyer.
		///
		/// Emits [`Event::Subscribed`] (and the settlement's events). O(`MaxPeriods`).
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::subscribe(*periods).saturating_add(T::WeightInfo::settle(T::MaxPeriods::get())))]
		pub fn subscribe(
			origin: OriginFor<T>,
			listing: ListingId,
			periods: u32,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let settled = Self::do_subscribe(&who, listing, periods)?;
			Ok(Some(
				T::WeightInfo::subscribe(periods).saturating_add(T::WeightInfo::settle(settled)),
			)
			.into())
		}

		/// Proves readings of `listing`'s device delivered in `period`, which a grant not yet
		/// settled for it covers: each proof counts its readings once, up to the promise.
		///
		/// Any signed origin: the seller has every reason to, and anyone may.
		///
		/// Emits [`Event::DeliveryProven`]. O(proofs), each one signature check at most.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::prove_delivery(proofs.len() as u32))]
		pub fn prove_delivery(
			origin: OriginFor<T>,
			listing: ListingId,
			period: PeriodIndex,
			proofs: BoundedVec<DeliveryProofOf<T>, T::MaxProofsPerCall>,
		) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_prove_delivery(listing, period, proofs.into_inner())
		}

		/// Settles every ended period of `buyer`'s grant on `listing` that may be settled now,
		/// in order: paid to the seller if delivered, refunded to the buyer if not. The grant
		/// ends with its last period, returning its deposit.
		///
		/// Any signed origin: no one's cooperation is needed.
		///
		/// Emits [`Event::PeriodPaid`] or [`Event::PeriodRefunded`] per period, and
		/// [`Event::GrantEnded`]. O(periods settled), at most `MaxPeriods`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::settle(T::MaxPeriods::get()))]
		pub fn settle(
			origin: OriginFor<T>,
			listing: ListingId,
			buyer: T::AccountId,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let settled = Self::do_settle(listing, &buyer)?;
			ensure!(settled > 0, Error::<T>::NothingToSettle);
			Ok(Some(T::WeightInfo::settle(settled)).into())
		}
	}
}
