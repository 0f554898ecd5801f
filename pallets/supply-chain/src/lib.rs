//! # Supply chain
//!
//! Lots of goods from production to delivery: who made them from what, who held them when,
//! what their tracker devices measured on the way, and whether the receiver accepted them; and,
//! when the receiver accepts a delivery that kept to its rules, payment in the same block.
//!
//! ## Overview
//!
//! - **Lots.** A producer registers a lot ([`LotId`], unique forever) with a product code (a
//!   GTIN, at most `MaxProductCodeLen` bytes), a quantity and metadata. Manufacturing is a
//!   [`transform`](Pallet::transform): up to `MaxTransformInputs` lots the caller holds are
//!   consumed and a new lot records them as its inputs. Consumed lots keep their record, so
//!   provenance can always be walked back to the lots registered as produced. A lot is in at most
//!   one open shipment, and its holder (its producer, then each receiver that accepts it) is the
//!   only account that may ship or transform it.
//! - **Shipments.** The holder of some lots creates a shipment ([`ShipmentId`], chosen by the
//!   shipper, e.g. an SSCC, unique forever) for a receiver, with condition rules ([`Metric`],
//!   min, max, in the units [`Metric`] documents), the tracker devices that may report on it
//!   (registered and active, looked up through [`iotchain_primitives::DeviceLookup`], and
//!   owned or operated by the shipper, so that no device reports on a shipment without its
//!   owner's consent) and,
//!   optionally, the escrow agreement that pays on its delivery (checked through
//!   [`iotchain_primitives::EscrowLookup`]). The shipper becomes its first custodian and holds a
//!   deposit while it is open.
//! - **Deadlines.** A shipment takes calls for `ShipmentTimeout` blocks; after that anyone may
//!   [`expire_shipment`](Pallet::expire_shipment) it: its lots and deposit return to the
//!   shipper. A silent receiver or custodian can therefore lock nothing for longer. An offer of
//!   custody may be accepted for `HandoverTimeout` blocks.
//! - **Custody is two-party.** The custodian offers custody with
//!   [`handover`](Pallet::handover); custody moves only when the named account
//!   [`accept_handover`](Pallet::accept_handover)s. Every move is a permanent history entry.
//!   Custody records what both sides signed; who physically holds the goods is outside the
//!   chain.
//! - **Milestones** (picked up, departed, arrived, customs cleared, or a custom code) are
//!   recorded by the custodian or by one of the shipment's tracker devices, sending the call
//!   itself or through a relayer with its signature; evidence, if given, must be an existing
//!   anchor of the data-anchoring pallet (looked up through
//!   [`iotchain_primitives::AnchorLookup`]) made by the reporting tracker (for the custodian, by
//!   one of the shipment's trackers). `Delivered` is not recorded this way: only the
//!   receiver's acceptance delivers.
//! - **Conditions.** A tracker device reports the range it observed of a metric over a time
//!   window, naming its own anchor that holds the raw readings. A range outside the shipment's rule
//!   for that metric marks the shipment [`ShipmentStatus::ConditionBreached`] and emits
//!   [`Event::ConditionBreached`].
//! - **Delivery.** The receiver accepts or rejects. Acceptance of a shipment without a breach
//!   calls `Config::OnMilestone` with [`MilestoneKind::Delivered`] and the shipment's parties in
//!   the same call (the payments pallet releases the escrows of those parties waiting on it); a breached shipment can still be
//!   accepted, but that signal is not sent, and neither is it on rejection: the escrow then
//!   refunds or goes to dispute under its own rules. Either way the shipment closes, its lots
//!   are free again (the receiver holds them after acceptance, the shipper after rejection) and
//!   the deposit returns to the shipper.
//! - **Time.** Every history entry carries the block and the chain's time (`Config::UnixTime`,
//!   milliseconds since the Unix epoch). Condition windows are the device's own claims, stored
//!   as given and only required to be ordered.
//! - **Clients** read through [`Pallet::shipment`], [`Pallet::history`], [`Pallet::lot`],
//!   [`Pallet::lot_provenance`] and [`Pallet::shipments_by_party`], served by the runtime API in
//!   `pallet-supply-chain-runtime-api` and the `supplyChain_*` RPC methods. An account's
//!   shipments are those it took part in (shipper, a custodian that accepted, the receiver once
//!   it answered): nobody's call adds to someone else's list.
//!
//! ## Calls
//!
//! - [`register_lot`](Pallet::register_lot): a producer registers a lot it produced.
//! - [`transform`](Pallet::transform): the holder of some lots consumes them into a new lot.
//! - [`create_shipment`](Pallet::create_shipment): the holder of some lots ships them to a
//!   receiver, with rules, trackers and an optional escrow agreement; holds the deposit.
//! - [`handover`](Pallet::handover): the custodian offers custody to another account.
//! - [`accept_handover`](Pallet::accept_handover) / [`decline_handover`](Pallet::decline_handover):
//!   the account offered custody takes it or refuses it.
//! - [`cancel_handover`](Pallet::cancel_handover): the custodian withdraws its offer.
//! - [`record_milestone`](Pallet::record_milestone): the custodian or a tracker device records a
//!   milestone, with optional anchored evidence.
//! - [`report_condition`](Pallet::report_condition): a tracker device reports an observed range
//!   with the anchor of its raw readings; a breach flags the shipment.
//! - [`accept_delivery`](Pallet::accept_delivery): the receiver accepts; without a breach, the
//!   `Delivered` milestone is signalled to payments.
//! - [`reject_delivery`](Pallet::reject_delivery): the receiver rejects, with a reason.
//! - [`expire_shipment`](Pallet::expire_shipment): anyone closes a shipment past its deadline;
//!   lots and deposit return to the shipper.
//!
//! ## Device-signed reports
//!
//! A tracker device's milestone or condition report, relayed by another account (a gateway, the
//! custodian's app), carries the device's `MultiSignature`, made with its current key, over the
//! SCALE encoding of a tuple that follows IoTChain's signed-payload convention
//! ([`iotchain_primitives::signing`]), with the domain tag `"iotchain/milestone"`
//! ([`iotchain_primitives::domain::MILESTONE`]) and a report-type byte after the genesis hash:
//!
//! ```text
//! ("iotchain/milestone", genesis_hash, 0u8, shipment, device, nonce, kind, location, evidence)
//! ("iotchain/milestone", genesis_hash, 1u8, shipment, device, nonce, metric, observed_min,
//!  observed_max, window_start, window_end, anchor_device, anchor_seq)
//! ```
//!
//! The **nonce** ([`Tracker::nonce`]) is the replay guard: each accepted report spends it, so a
//! signed report is valid exactly once, on one shipment, on one chain. The byte-for-byte layout,
//! with worked examples (checked by the tests `milestone_payload_matches_the_documented_bytes`
//! and `condition_payload_matches_the_documented_bytes`), is in `docs/supply-chain.md`,
//! section 4: [`Pallet::milestone_payload`] and [`Pallet::condition_payload`] build it.
//!
//! ## The device as origin
//!
//! As in data anchoring, "the device itself" is the account of the device's **current** key: the
//! device id before any key rotation, the new key's account after one.
//!
//! ## State per event, and what it costs
//!
//! Lots, shipments and their history are kept forever: they are the provenance. Sizes below are
//! bytes of key and value before the trie's own overhead, with the runtime's `u32` block numbers
//! and `u128` balances (keys: 16 pallet prefix + 16 storage prefix, then `Blake2_128Concat` 16 +
//! the key, `Twox64Concat` 8 + the key, `Identity` the key), checked by the test
//! `stored_records_have_the_documented_sizes`:
//!
//! | record | key | value | total |
//! |---|---|---|---|
//! | a history entry ([`History`]) | 32 + 24 (shipment) + 12 (index) = 68 | 12 (block, moment) + the event | see below |
//! | — `Created` | | 12 + 65 | **145** |
//! | — `CustodyTransferred` at a 5-byte location | | 12 + 71 | **151** |
//! | — `Milestone` by the custodian, 5-byte location, with evidence | | 12 + 82 | **162** |
//! | — `Milestone` by a relayed tracker, 5-byte location, with evidence | | 12 + 115 | **195** |
//! | — `ConditionReport` relayed | | 12 + 132 | **212** |
//! | — `Delivered` | | 12 + 34 | **114** |
//! | — `Rejected` with a 16-byte reason | | 12 + 50 | **130** |
//! | — `Expired` | | 12 + 33 | **113** |
//! | a party's index entry ([`ShipmentsByParty`]) | 32 + 48 + 8 = 88 | 0 | **88** |
//! | a lot ([`Lot`]) with a 14-digit GTIN, 46-byte CID, no inputs | 32 + 24 = 56 | 140 | **196** |
//! | a shipment's line in a lot's shipment list ([`LotShipments`]) | | 8 | **8** |
//! | a shipment ([`Shipment`]), one lot, two trackers, one rule, no pending handover | 32 + 24 = 56 | 216 | **272** |
//!
//! A milestone or condition report therefore adds about 160-210 bytes for good; an accepted
//! handover about 240 (its entry and the new custodian's index entry). A shipment has at most
//! `MaxHistoryPerShipment` entries while in transit, plus the two that close it (an implied final
//! handover and the delivery, rejection or expiry), which are always allowed so that a full
//! history can never keep a shipment open. The deposit, `ShipmentDepositBase +
//! ShipmentDepositPerItem * (lots + trackers + rules)`, is held from the shipper while the
//! shipment is open (its lots are locked and its custody live) and returned when it closes. The
//! permanent records are never removed, so instead of a deposit that would never be returned,
//! each pays a one-off `StorageFeePerByte` per byte stored (key and value), taken from the caller
//! whose call stores it and handed to `FeeDestination`, as anchors pay `AnchorFee`.

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

use sp_core::H256;

/// The most history entries one page of [`Pallet::history`] returns.
pub const MAX_HISTORY_PAGE: u32 = 256;

/// The most shipments one page of [`Pallet::shipments_by_party`] returns.
pub const MAX_SHIPMENTS_PAGE: u32 = 100;

/// The most lots one answer of [`Pallet::lot_provenance`] holds.
pub const MAX_PROVENANCE_LOTS: u32 = 128;

/// The report-type byte of a milestone in a device-signed payload.
pub const MILESTONE_REPORT: u8 = 0;

/// The report-type byte of a condition report in a device-signed payload.
pub const CONDITION_REPORT: u8 = 1;

#[frame_support::pallet]
#[allow(
	clippy::expect_used,
	reason = "FRAME's pallet macros expand to `expect`s on what `construct_runtime` guarantees \
	(every pallet has a name and an index), and clippy charges them to this module"
)]
#[allow(
	clippy::too_many_arguments,
	reason = "`create_shipment` and `report_condition` take each field as its own parameter, so \
	that clients and docs name each"
)]
pub mod pallet {
	use super::*;
	use frame_support::{
		dispatch::DispatchResultWithPostInfo,
		pallet_prelude::*,
		traits::{fungible, tokens::imbalance::OnUnbalanced, UnixTime},
	};
	use frame_system::pallet_prelude::*;
	use iotchain_primitives::MilestoneHandler;
	use sp_runtime::{traits::Zero, AccountId32};

	/// The layout of this pallet's storage; bump it with a migration when the layout changes.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Device ids are the accounts derived from `MultiSigner`s, so the runtime's accounts must
	/// be `AccountId32`; devices sign the genesis hash, so its hashes must be `H256`.
	#[pallet::config]
	pub trait Config: frame_system::Config<AccountId = AccountId32, Hash = H256> {
		/// The runtime's hold reasons, which include this pallet's [`HoldReason`].
		type RuntimeHoldReason: From<HoldReason>;

		/// The currency shipment deposits are held in and storage fees paid in.
		type Currency: fungible::Mutate<Self::AccountId>
			+ fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ fungible::Balanced<Self::AccountId>;

		/// The device registry: whether a tracker is active, its current key, its signatures.
		type Devices: iotchain_primitives::DeviceLookup<Self::AccountId>;

		/// The anchors milestones and condition reports refer to as evidence.
		type Anchors: iotchain_primitives::AnchorLookup<Self::AccountId, BlockNumberFor<Self>>;

		/// The escrow agreements a shipment may be linked to (the payments pallet).
		type Escrows: iotchain_primitives::EscrowLookup<Self::AccountId>;

		/// Told when a shipment is delivered without a breach, with the shipment's shipper and
		/// receiver (the payments pallet, which releases the escrows of those parties waiting on
		/// it); `()` tells nobody.
		type OnMilestone: MilestoneHandler<Self::AccountId>;

		/// The chain's clock (`pallet_timestamp`), which stamps every history entry.
		type UnixTime: UnixTime;

		/// The deposit held for every open shipment, whatever its size.
		#[pallet::constant]
		type ShipmentDepositBase: Get<BalanceOf<Self>>;

		/// The deposit held per lot, tracker and condition rule of an open shipment.
		#[pallet::constant]
		type ShipmentDepositPerItem: Get<BalanceOf<Self>>;

		/// The one-off fee per byte of state kept forever (lots, shipments, history entries,
		/// index entries), paid by whoever's call stores it, as anchors pay `AnchorFee`.
		#[pallet::constant]
		type StorageFeePerByte: Get<BalanceOf<Self>>;

		/// Where storage fees go (the treasury); `()` burns them.
		type FeeDestination: OnUnbalanced<CreditOf<Self>>;

		/// How many blocks after its creation a shipment stays open; after that it takes no more
		/// calls and anyone may close it as expired, returning its lots and deposit to the
		/// shipper.
		#[pallet::constant]
		type ShipmentTimeout: Get<BlockNumberFor<Self>>;

		/// How many blocks after it is made an offer of custody may be accepted.
		#[pallet::constant]
		type HandoverTimeout: Get<BlockNumberFor<Self>>;

		/// The longest product code (a GTIN has 8 to 14 digits), in bytes.
		#[pallet::constant]
		type MaxProductCodeLen: Get<u32>;

		/// The longest lot metadata (a URI or CID), in bytes.
		#[pallet::constant]
		type MaxMetadataLen: Get<u32>;

		/// The longest location (a UN/LOCODE, a geohash, or both), in bytes.
		#[pallet::constant]
		type MaxLocationLen: Get<u32>;

		/// The longest reason for rejecting a delivery, in bytes.
		#[pallet::constant]
		type MaxReasonLen: Get<u32>;

		/// The most lots one transformation consumes.
		#[pallet::constant]
		type MaxTransformInputs: Get<u32>;

		/// The most lots one shipment carries.
		#[pallet::constant]
		type MaxLotsPerShipment: Get<u32>;

		/// The most tracker devices one shipment has.
		#[pallet::constant]
		type MaxTrackersPerShipment: Get<u32>;

		/// The most condition rules one shipment has (at most one per metric).
		#[pallet::constant]
		type MaxConditionsPerShipment: Get<u32>;

		/// The most shipments one lot travels in; past it, a transformation (repacking) makes a
		/// new lot that can travel on.
		#[pallet::constant]
		type MaxShipmentsPerLot: Get<u32>;

		/// The most history entries a shipment records while in transit; the entries that close
		/// it come on top.
		#[pallet::constant]
		type MaxHistoryPerShipment: Get<u32>;

		/// The weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Sets up devices, anchors and agreements for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit for an open shipment.
		ShipmentDeposit,
	}

	/// Every lot ever registered or made, consumed ones included.
	#[pallet::storage]
	pub type Lots<T: Config> = StorageMap<_, Blake2_128Concat, LotId, Lot<T>>;

	/// The shipments each lot travelled or travels in, oldest first.
	#[pallet::storage]
	pub type LotShipments<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		LotId,
		BoundedVec<ShipmentId, T::MaxShipmentsPerLot>,
		ValueQuery,
	>;

	/// Every shipment ever created, open or closed.
	#[pallet::storage]
	pub type Shipments<T: Config> = StorageMap<_, Blake2_128Concat, ShipmentId, Shipment<T>>;

	/// Each shipment's permanent history, by index from 0.
	#[pallet::storage]
	pub type History<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, ShipmentId, Twox64Concat, u32, HistoryEntryOf<T>>;

	/// The shipments each account took part in: as shipper, as a custodian that accepted custody,
	/// or as the receiver once it accepted custody or answered the delivery. An account is never
	/// indexed by someone else's call alone. By id big-endian (see [`shipment_key`]) so that
	/// they iterate in id order.
	#[pallet::storage]
	pub type ShipmentsByParty<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Identity, ShipmentKey, ()>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `producer` registered `lot` of `quantity` of `product_code`.
		LotRegistered {
			lot: LotId,
			producer: T::AccountId,
			product_code: ProductCode<T>,
			quantity: u64,
		},
		/// `holder` made `lot` of `quantity` of `product_code` from `inputs`, now consumed.
		LotTransformed {
			lot: LotId,
			holder: T::AccountId,
			inputs: BoundedVec<LotId, T::MaxTransformInputs>,
			product_code: ProductCode<T>,
			quantity: u64,
		},
		/// `shipper` created `shipment` of `lots` for `receiver`, with its rules, trackers and
		/// linked agreement; `deposit` is held from `shipper`, its first custodian.
		ShipmentCreated {
			shipment: ShipmentId,
			shipper: T::AccountId,
			receiver: T::AccountId,
			lots: BoundedVec<LotId, T::MaxLotsPerShipment>,
			conditions: BoundedVec<ConditionRule, T::MaxConditionsPerShipment>,
			trackers: BoundedVec<T::AccountId, T::MaxTrackersPerShipment>,
			agreement: Option<AgreementId>,
			deposit: BalanceOf<T>,
		},
		/// The custodian `from` offered custody of `shipment` to `to` at `location`, replacing
		/// its offer to `replaced`, if any.
		HandoverOffered {
			shipment: ShipmentId,
			from: T::AccountId,
			to: T::AccountId,
			location: Location<T>,
			replaced: Option<T::AccountId>,
		},
		/// `to` accepted custody of `shipment` from `from` at `location`; recorded as history
		/// entry `history_index`.
		HandoverAccepted {
			shipment: ShipmentId,
			from: T::AccountId,
			to: T::AccountId,
			location: Location<T>,
			history_index: u32,
		},
		/// `to` declined the custody of `shipment` that `custodian` offered.
		HandoverDeclined { shipment: ShipmentId, custodian: T::AccountId, to: T::AccountId },
		/// `custodian` withdrew its offer of `shipment`'s custody to `to`.
		HandoverCancelled { shipment: ShipmentId, custodian: T::AccountId, to: T::AccountId },
		/// `reporter` recorded milestone `kind` of `shipment` at `location`, with `evidence`;
		/// history entry `history_index`.
		MilestoneRecorded {
			shipment: ShipmentId,
			kind: MilestoneKind,
			location: Location<T>,
			evidence: Option<AnchorRef>,
			reporter: Reporter,
			history_index: u32,
		},
		/// Tracker `device` (relayed by `relayer`, if any) reported `metric` between
		/// `observed_min` and `observed_max` from `window_start` to `window_end`, with the raw
		/// readings in `anchor`; `breached` if that broke the shipment's rule; history entry
		/// `history_index`.
		ConditionReported {
			shipment: ShipmentId,
			device: T::AccountId,
			relayer: Option<T::AccountId>,
			metric: Metric,
			observed_min: i32,
			observed_max: i32,
			window_start: u64,
			window_end: u64,
			anchor: AnchorRef,
			breached: bool,
			history_index: u32,
		},
		/// `shipment` broke its rule `rule_min..=rule_max` for `metric`: tracker `device`
		/// observed `observed_min..=observed_max`, raw readings in `anchor`; history entry
		/// `history_index`. Its acceptance will not signal `Delivered`.
		ConditionBreached {
			shipment: ShipmentId,
			device: T::AccountId,
			metric: Metric,
			observed_min: i32,
			observed_max: i32,
			rule_min: i32,
			rule_max: i32,
			anchor: AnchorRef,
			history_index: u32,
		},
		/// `receiver` accepted `shipment` and now holds its `lots`; `milestone_signalled` if it
		/// kept its rules and `Delivered` was signalled to payments; `deposit_released` returned
		/// to the shipper; history entry `history_index`.
		DeliveryAccepted {
			shipment: ShipmentId,
			receiver: T::AccountId,
			lots: BoundedVec<LotId, T::MaxLotsPerShipment>,
			milestone_signalled: bool,
			deposit_released: BalanceOf<T>,
			history_index: u32,
		},
		/// `receiver` rejected `shipment` for `reason`; its lots stay with the shipper;
		/// `deposit_released` returned to the shipper; history entry `history_index`.
		DeliveryRejected {
			shipment: ShipmentId,
			receiver: T::AccountId,
			reason: Reason<T>,
			deposit_released: BalanceOf<T>,
			history_index: u32,
		},
		/// `shipment` passed its `deadline` without an answer from the receiver and `by` closed
		/// it; its `lots` are the shipper's again and `deposit_released` returned to the shipper;
		/// history entry `history_index`.
		ShipmentExpired {
			shipment: ShipmentId,
			by: T::AccountId,
			lots: BoundedVec<LotId, T::MaxLotsPerShipment>,
			deadline: BlockNumberFor<T>,
			deposit_released: BalanceOf<T>,
			history_index: u32,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// A lot with this id exists already (lot ids are never reused, consumed lots included).
		LotAlreadyExists,
		/// No lot has this id.
		UnknownLot,
		/// The lot travels in an open shipment; it may not be shipped or transformed until that
		/// shipment closes.
		LotInOpenShipment,
		/// The lot was consumed by a transformation; it can never be shipped or transformed.
		LotConsumed,
		/// The caller does not hold the lot.
		NotLotHolder,
		/// A lot is listed twice.
		DuplicateLot,
		/// The quantity is zero.
		ZeroQuantity,
		/// A transformation needs at least one input lot.
		NoInputs,
		/// A shipment with this id exists already (shipment ids are never reused).
		ShipmentExists,
		/// No shipment has this id.
		UnknownShipment,
		/// The shipment is closed (delivered, rejected or expired).
		ShipmentClosed,
		/// The shipment was delivered already.
		AlreadyDelivered,
		/// A shipment needs at least one lot.
		NoLots,
		/// The lot has travelled in `MaxShipmentsPerLot` shipments; transform it into a new lot.
		TooManyShipmentsForLot,
		/// A tracker is listed twice.
		DuplicateTracker,
		/// Two condition rules are for the same metric.
		DuplicateCondition,
		/// A range's minimum is above its maximum.
		InvalidRange,
		/// A time window's start is after its end.
		InvalidTimeWindow,
		/// The receiver is the shipper.
		ReceiverIsShipper,
		/// The shipment has recorded `MaxHistoryPerShipment` entries in transit.
		TooManyHistoryEntries,
		/// Only the shipment's current custodian may do this.
		NotCustodian,
		/// Custody is offered to the custodian itself.
		HandoverToSelf,
		/// The shipment's custody is not offered to anyone.
		NoPendingHandover,
		/// The shipment's custody is offered to another account.
		NotHandoverRecipient,
		/// The device is not one of the shipment's trackers, or the sender is not the current
		/// key of one.
		NotTracker,
		/// The sender is neither the shipment's custodian nor the current key of one of its
		/// trackers, and brought no tracker's signature.
		NotCustodianOrTracker,
		/// A tracker device is not registered and active.
		TrackerNotActive,
		/// The signature is not the tracker's current key's signature of this report's payload
		/// (another shipment, nonce or field; another chain; or a forgery).
		InvalidTrackerSignature,
		/// The referenced anchor `(device, seq)` does not exist.
		EvidenceNotAnchored,
		/// `Delivered` is recorded only by the receiver's `accept_delivery`.
		DeliveredOnlyByAcceptance,
		/// Only the shipment's receiver may do this.
		NotReceiver,
		/// The receiver may accept only once the custodian has handed the shipment to it
		/// (custody accepted or offered to the receiver).
		NotHandedToReceiver,
		/// The agreement does not exist or does not wait on this shipment's `Delivered`
		/// milestone.
		AgreementMismatch,
		/// The agreement's payer is neither the shipper nor the receiver.
		AgreementNotBetweenParties,
		/// The shipper cannot pay the shipment deposit.
		CannotPayDeposit,
		/// The caller cannot pay the storage fee for the state its call keeps forever.
		CannotPayStorageFee,
		/// The shipment's deadline has passed: it takes no more calls and may only be closed
		/// with `expire_shipment`.
		ShipmentExpired,
		/// The shipment's deadline has not passed yet.
		DeadlineNotReached,
		/// The offer of custody is older than `HandoverTimeout`; the custodian must offer again.
		HandoverExpired,
		/// The evidence anchor was not made by the reporting tracker (or, for a custodian's
		/// milestone, by one of the shipment's trackers).
		EvidenceFromAnotherDevice,
		/// The shipper is neither the owner nor an operator of a tracker device: a device
		/// reports on a shipment only with its owner's consent.
		NotTrackerOperator,
		/// The evidence anchor was made before the shipment was created, so it cannot be
		/// evidence of this journey.
		EvidenceBeforeShipment,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxProductCodeLen::get() > 0, "MaxProductCodeLen must be positive");
			assert!(T::MaxLocationLen::get() > 0, "MaxLocationLen must be positive");
			assert!(T::MaxTransformInputs::get() > 0, "MaxTransformInputs must be positive");
			assert!(T::MaxLotsPerShipment::get() > 0, "MaxLotsPerShipment must be positive");
			assert!(T::MaxShipmentsPerLot::get() > 0, "MaxShipmentsPerLot must be positive");
			assert!(
				T::MaxHistoryPerShipment::get() >= 2,
				"MaxHistoryPerShipment must leave room for creation and at least one event"
			);
			assert!(
				T::MaxHistoryPerShipment::get() <= u32::MAX - 2,
				"MaxHistoryPerShipment must leave room for the closing entries"
			);
			assert!(
				!T::ShipmentDepositBase::get().is_zero(),
				"a zero ShipmentDepositBase would let anyone keep lots locked for free"
			);
			assert!(
				!T::ShipmentTimeout::get().is_zero(),
				"a zero ShipmentTimeout would expire every shipment at once"
			);
			assert!(
				!T::HandoverTimeout::get().is_zero(),
				"a zero HandoverTimeout would make every offer of custody unacceptable"
			);
			let max_block = T::BlockWeights::get().max_block;
			assert!(
				T::WeightInfo::accept_delivery(T::MaxLotsPerShipment::get())
					.saturating_add(T::OnMilestone::max_weight())
					.all_lte(max_block),
				"accepting the largest delivery, milestone handler included, must fit in a block"
			);
			assert!(
				T::WeightInfo::create_shipment(
					T::MaxLotsPerShipment::get(),
					T::MaxTrackersPerShipment::get()
				)
				.all_lte(max_block),
				"creating the largest shipment must fit in a block"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Registers a lot the caller produced.
		///
		/// - `origin`: signed by the producer, who becomes the lot's holder and pays the storage
		///   fee for the lot's record.
		/// - `lot`: the lot's id, never used before.
		/// - `product_code`: what it is (a GTIN), at most `MaxProductCodeLen` bytes.
		/// - `quantity`: how much, in the product's unit; not zero.
		/// - `metadata`: a URI or CID of its documents, at most `MaxMetadataLen` bytes.
		///
		/// Emits [`Event::LotRegistered`].
		///
		/// # Errors
		///
		/// - [`Error::ZeroQuantity`]: `quantity` is zero.
		/// - [`Error::LotAlreadyExists`]: a lot with this id exists already, consumed or not.
		/// - [`Error::CannotPayStorageFee`]: the caller cannot pay the storage fee.
		///
		/// ## Complexity
		///
		/// O(1).
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_lot())]
		pub fn register_lot(
			origin: OriginFor<T>,
			lot: LotId,
			product_code: ProductCode<T>,
			quantity: u64,
			metadata: LotMetadata<T>,
		) -> DispatchResult {
			let producer = ensure_signed(origin)?;
			Self::do_register_lot(&producer, lot, product_code, quantity, metadata)
		}

		/// Records manufacturing: the input lots are consumed and a new lot made from them.
		///
		/// - `origin`: signed by the holder of every input, who holds the new lot.
		/// - `inputs`: 1 to `MaxTransformInputs` distinct lots, available (not in an open
		///   shipment, not consumed).
		/// - `output`: the new lot's id, never used before.
		/// - `product_code`, `quantity`, `metadata`: the new lot's, as for `register_lot`.
		///
		/// Emits [`Event::LotTransformed`].
		///
		/// # Errors
		///
		/// - [`Error::ZeroQuantity`]: `quantity` is zero.
		/// - [`Error::NoInputs`]: `inputs` is empty.
		/// - [`Error::DuplicateLot`]: a lot is listed twice.
		/// - [`Error::LotAlreadyExists`]: a lot with this id exists already, consumed or not.
		/// - [`Error::UnknownLot`]: a lot does not exist.
		/// - [`Error::LotConsumed`]: a lot was consumed by a transformation.
		/// - [`Error::LotInOpenShipment`]: a lot travels in an open shipment.
		/// - [`Error::NotLotHolder`]: the caller does not hold a lot.
		/// - [`Error::CannotPayStorageFee`]: the caller cannot pay the storage fee.
		///
		/// ## Complexity
		///
		/// O(i), i the number of inputs.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::transform(Pallet::<T>::count(inputs.len())))]
		pub fn transform(
			origin: OriginFor<T>,
			inputs: BoundedVec<LotId, T::MaxTransformInputs>,
			output: LotId,
			product_code: ProductCode<T>,
			quantity: u64,
			metadata: LotMetadata<T>,
		) -> DispatchResult {
			let holder = ensure_signed(origin)?;
			Self::do_transform(&holder, inputs, output, product_code, quantity, metadata)
		}

		/// Ships lots the caller holds to `receiver`; the caller is the first custodian.
		///
		/// - `origin`: signed by the shipper, the holder of every lot, who pays the deposit
		///   `ShipmentDepositBase + ShipmentDepositPerItem * (lots + trackers + rules)`, held
		///   until the shipment closes, and the storage fee for the records kept forever.
		/// - `shipment`: the shipment's id (an SSCC, say), never used before.
		/// - `lots`: 1 to `MaxLotsPerShipment` distinct available lots.
		/// - `receiver`: who may accept or reject the delivery until the shipment's deadline
		///   (`ShipmentTimeout` blocks from now); not the shipper. It is indexed as a party only
		///   once it takes part.
		/// - `conditions`: up to `MaxConditionsPerShipment` rules, one per metric, each with
		///   `min <= max`, in the units of [`Metric`].
		/// - `trackers`: up to `MaxTrackersPerShipment` distinct registered, active devices that
		///   may record milestones and report conditions, each owned or operated by the shipper.
		/// - `agreement`: an escrow agreement waiting on this shipment's `Delivered` milestone,
		///   whose payer is the shipper or the receiver.
		///
		/// Emits [`Event::ShipmentCreated`].
		///
		/// # Errors
		///
		/// - [`Error::ShipmentExists`]: a shipment with this id exists already.
		/// - [`Error::ReceiverIsShipper`]: `receiver` is the shipper.
		/// - [`Error::NoLots`]: `lots` is empty.
		/// - [`Error::DuplicateLot`]: a lot is listed twice.
		/// - [`Error::DuplicateTracker`]: a tracker is listed twice.
		/// - [`Error::InvalidRange`]: a minimum is above its maximum.
		/// - [`Error::DuplicateCondition`]: two rules are for the same metric.
		/// - [`Error::UnknownLot`]: a lot does not exist.
		/// - [`Error::LotConsumed`]: a lot was consumed by a transformation.
		/// - [`Error::LotInOpenShipment`]: a lot travels in an open shipment.
		/// - [`Error::NotLotHolder`]: the caller does not hold a lot.
		/// - [`Error::TooManyShipmentsForLot`]: a lot has travelled in `MaxShipmentsPerLot` shipments.
		/// - [`Error::TrackerNotActive`]: a tracker device is not registered and active.
		/// - [`Error::NotTrackerOperator`]: the shipper neither owns nor operates a tracker.
		/// - [`Error::AgreementMismatch`]: the agreement does not exist or does not wait on this shipment's `Delivered`.
		/// - [`Error::AgreementNotBetweenParties`]: the agreement's payer is neither the shipper nor the receiver.
		/// - [`Error::CannotPayDeposit`]: the shipper cannot pay the deposit.
		/// - [`Error::CannotPayStorageFee`]: the caller cannot pay the storage fee.
		///
		/// ## Complexity
		///
		/// O(l + t + c) in lots, trackers and rules.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::create_shipment(
			Pallet::<T>::count(lots.len()),
			Pallet::<T>::count(trackers.len()),
		))]
		pub fn create_shipment(
			origin: OriginFor<T>,
			shipment: ShipmentId,
			lots: BoundedVec<LotId, T::MaxLotsPerShipment>,
			receiver: T::AccountId,
			conditions: BoundedVec<ConditionRule, T::MaxConditionsPerShipment>,
			trackers: BoundedVec<T::AccountId, T::MaxTrackersPerShipment>,
			agreement: Option<AgreementId>,
		) -> DispatchResult {
			let shipper = ensure_signed(origin)?;
			Self::do_create_shipment(
				&shipper, shipment, lots, receiver, conditions, trackers, agreement,
			)
		}

		/// Offers custody of a shipment to another account.
		///
		/// Custody moves when that account accepts. A new offer replaces a pending one.
		///
		/// - `origin`: signed by the shipment's custodian.
		/// - `shipment`: an open shipment.
		/// - `to`: the account offered custody; not the custodian.
		/// - `location`: where the goods change hands, at most `MaxLocationLen` bytes.
		///
		/// Emits [`Event::HandoverOffered`].
		///
		/// # Errors
		///
		/// - [`Error::UnknownShipment`]: no shipment has this id.
		/// - [`Error::ShipmentClosed`]: the shipment is closed.
		/// - [`Error::ShipmentExpired`]: the shipment's deadline has passed.
		/// - [`Error::NotCustodian`]: the caller is not the custodian.
		/// - [`Error::HandoverToSelf`]: `to` is the custodian.
		///
		/// ## Complexity
		///
		/// O(1).
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::handover())]
		pub fn handover(
			origin: OriginFor<T>,
			shipment: ShipmentId,
			to: T::AccountId,
			location: Location<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_handover(&who, shipment, to, location)
		}

		/// Takes custody of a shipment offered to the caller.
		///
		/// Within `HandoverTimeout` blocks of the offer; recorded in the shipment's history.
		///
		/// - `origin`: signed by the account custody is offered to, who pays the storage fee for
		///   the history entry and its index entry.
		/// - `shipment`: an open shipment.
		///
		/// Emits [`Event::HandoverAccepted`].
		///
		/// # Errors
		///
		/// - [`Error::UnknownShipment`]: no shipment has this id.
		/// - [`Error::ShipmentClosed`]: the shipment is closed.
		/// - [`Error::ShipmentExpired`]: the shipment's deadline has passed.
		/// - [`Error::NoPendingHandover`]: custody is not offered to anyone.
		/// - [`Error::NotHandoverRecipient`]: custody is offered to another account.
		/// - [`Error::HandoverExpired`]: the offer of custody is older than `HandoverTimeout`.
		/// - [`Error::TooManyHistoryEntries`]: the shipment has `MaxHistoryPerShipment` entries in transit.
		/// - [`Error::CannotPayStorageFee`]: the caller cannot pay the storage fee.
		///
		/// ## Complexity
		///
		/// O(1).
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::accept_handover())]
		pub fn accept_handover(origin: OriginFor<T>, shipment: ShipmentId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_accept_handover(&who, shipment)
		}

		/// Refuses custody of a shipment offered to the caller; custody stays where it is.
		///
		/// - `origin`: signed by the account custody is offered to.
		/// - `shipment`: an open shipment.
		///
		/// Emits [`Event::HandoverDeclined`].
		///
		/// # Errors
		///
		/// - [`Error::UnknownShipment`]: no shipment has this id.
		/// - [`Error::ShipmentClosed`]: the shipment is closed.
		/// - [`Error::ShipmentExpired`]: the shipment's deadline has passed.
		/// - [`Error::NoPendingHandover`]: custody is not offered to anyone.
		/// - [`Error::NotHandoverRecipient`]: custody is offered to another account.
		///
		/// ## Complexity
		///
		/// O(1).
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::decline_handover())]
		pub fn decline_handover(origin: OriginFor<T>, shipment: ShipmentId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_decline_handover(&who, shipment)
		}

		/// Withdraws the caller's pending offer of a shipment's custody.
		///
		/// - `origin`: signed by the shipment's custodian.
		/// - `shipment`: an open shipment.
		///
		/// Emits [`Event::HandoverCancelled`].
		///
		/// # Errors
		///
		/// - [`Error::UnknownShipment`]: no shipment has this id.
		/// - [`Error::ShipmentClosed`]: the shipment is closed.
		/// - [`Error::ShipmentExpired`]: the shipment's deadline has passed.
		/// - [`Error::NotCustodian`]: the caller is not the custodian.
		/// - [`Error::NoPendingHandover`]: custody is not offered to anyone.
		///
		/// ## Complexity
		///
		/// O(1).
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::cancel_handover())]
		pub fn cancel_handover(origin: OriginFor<T>, shipment: ShipmentId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_cancel_handover(&who, shipment)
		}

		/// Records a milestone of a shipment's journey.
		///
		/// - `origin`: signed by the custodian, by a tracker device itself (its current key's
		///   account), or by anyone bringing a tracker's `tracker_signature`; pays the storage
		///   fee for the history entry.
		/// - `shipment`: an open shipment.
		/// - `kind`: any milestone but `Delivered`, which only `accept_delivery` records.
		/// - `location`: where, at most `MaxLocationLen` bytes.
		/// - `evidence`: an existing anchor supporting it, if any: the reporting tracker's own,
		///   or, for the custodian, one of the shipment's trackers'.
		/// - `tracker_signature`: a tracker and its signature of the milestone payload with its
		///   current nonce (see the crate docs); checked even if the tracker sends the call.
		///
		/// Emits [`Event::MilestoneRecorded`].
		///
		/// # Errors
		///
		/// - [`Error::DeliveredOnlyByAcceptance`]: `kind` is `Delivered`.
		/// - [`Error::UnknownShipment`]: no shipment has this id.
		/// - [`Error::ShipmentClosed`]: the shipment is closed.
		/// - [`Error::ShipmentExpired`]: the shipment's deadline has passed.
		/// - [`Error::NotTracker`]: the device is not one of the shipment's trackers, or the sender is not its current key.
		/// - [`Error::TrackerNotActive`]: a tracker device is not registered and active.
		/// - [`Error::InvalidTrackerSignature`]: the signature is not the tracker's current key's over this payload and nonce.
		/// - [`Error::NotCustodianOrTracker`]: the sender is neither the custodian nor a tracker's current key, and brought no signature.
		/// - [`Error::EvidenceFromAnotherDevice`]: the anchor is not the reporting tracker's (a custodian's: not one of the shipment's trackers').
		/// - [`Error::EvidenceNotAnchored`]: the anchor does not exist.
		/// - [`Error::EvidenceBeforeShipment`]: the anchor was made before the shipment was created.
		/// - [`Error::TooManyHistoryEntries`]: the shipment has `MaxHistoryPerShipment` entries in transit.
		/// - [`Error::CannotPayStorageFee`]: the caller cannot pay the storage fee.
		///
		/// ## Complexity
		///
		/// O(t), t the shipment's trackers (at most `MaxTrackersPerShipment`), one signature
		/// verification at most.
		#[pallet::call_index(7)]
		#[pallet::weight(if tracker_signature.is_some() {
			T::WeightInfo::record_milestone_relayed()
		} else {
			T::WeightInfo::record_milestone_by_sender(T::MaxTrackersPerShipment::get())
		})]
		pub fn record_milestone(
			origin: OriginFor<T>,
			shipment: ShipmentId,
			kind: MilestoneKind,
			location: Location<T>,
			evidence: Option<AnchorRef>,
			tracker_signature: Option<DeviceSignature>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_record_milestone(&who, shipment, kind, location, evidence, tracker_signature)
		}

		/// Reports the range a tracker device observed of a metric over a time window.
		///
		/// A range outside the shipment's rule for the metric marks it `ConditionBreached`.
		///
		/// - `origin`: signed by a tracker device itself, or by anyone bringing a tracker's
		///   `signature`; pays the storage fee for the history entry.
		/// - `shipment`: an open shipment.
		/// - `metric`, `observed_min`, `observed_max`: what was observed, `min <= max`, in the
		///   metric's unit.
		/// - `window_start`, `window_end`: when, the device's time in milliseconds since the Unix
		///   epoch, in order.
		/// - `anchor`: the existing anchor holding the raw readings, the reporting tracker's own.
		/// - `signature`: a tracker and its signature of the condition payload with its current
		///   nonce (see the crate docs).
		///
		/// Emits [`Event::ConditionReported`], then [`Event::ConditionBreached`] if the range
		/// broke the rule.
		///
		/// # Errors
		///
		/// - [`Error::InvalidRange`]: a minimum is above its maximum.
		/// - [`Error::InvalidTimeWindow`]: `window_start` is after `window_end`.
		/// - [`Error::UnknownShipment`]: no shipment has this id.
		/// - [`Error::ShipmentClosed`]: the shipment is closed.
		/// - [`Error::ShipmentExpired`]: the shipment's deadline has passed.
		/// - [`Error::NotTracker`]: the device is not one of the shipment's trackers, or the sender is not its current key.
		/// - [`Error::TrackerNotActive`]: a tracker device is not registered and active.
		/// - [`Error::InvalidTrackerSignature`]: the signature is not the tracker's current key's over this payload and nonce.
		/// - [`Error::EvidenceFromAnotherDevice`]: the anchor is not the reporting tracker's (a custodian's: not one of the shipment's trackers').
		/// - [`Error::EvidenceNotAnchored`]: the anchor does not exist.
		/// - [`Error::EvidenceBeforeShipment`]: the anchor was made before the shipment was created.
		/// - [`Error::TooManyHistoryEntries`]: the shipment has `MaxHistoryPerShipment` entries in transit.
		/// - [`Error::CannotPayStorageFee`]: the caller cannot pay the storage fee.
		///
		/// ## Complexity
		///
		/// O(t + c) in the shipment's trackers and rules, one signature verification at most.
		#[pallet::call_index(8)]
		#[pallet::weight(if signature.is_some() {
			T::WeightInfo::report_condition_relayed()
		} else {
			T::WeightInfo::report_condition_by_device(T::MaxTrackersPerShipment::get())
		})]
		pub fn report_condition(
			origin: OriginFor<T>,
			shipment: ShipmentId,
			metric: Metric,
			observed_min: i32,
			observed_max: i32,
			window_start: u64,
			window_end: u64,
			anchor: AnchorRef,
			signature: Option<DeviceSignature>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let observation = ConditionObservation {
				metric,
				observed_min,
				observed_max,
				window_start,
				window_end,
				anchor,
			};
			Self::do_report_condition(&who, shipment, observation, signature)
		}

		/// Accepts a delivery, which closes the shipment.
		///
		/// The receiver holds its lots, the deposit returns to the shipper and, if no rule was
		/// broken, the `Delivered` milestone is signalled to payments (`Config::OnMilestone`) in
		/// this same call.
		///
		/// - `origin`: signed by the receiver, which must hold custody or have it offered (then
		///   accepting the delivery accepts that final handover too); pays the storage fee for
		///   the closing entries and its index entry.
		/// - `shipment`: an open shipment.
		///
		/// Emits [`Event::HandoverAccepted`] for an implied final handover, then
		/// [`Event::DeliveryAccepted`].
		///
		/// # Errors
		///
		/// - [`Error::UnknownShipment`]: no shipment has this id.
		/// - [`Error::AlreadyDelivered`]: the shipment was delivered already.
		/// - [`Error::ShipmentClosed`]: the shipment is closed.
		/// - [`Error::NotReceiver`]: the caller is not the receiver.
		/// - [`Error::ShipmentExpired`]: the shipment's deadline has passed.
		/// - [`Error::NotHandedToReceiver`]: custody is neither with the receiver nor offered to it.
		/// - [`Error::HandoverExpired`]: the offer of custody is older than `HandoverTimeout`.
		/// - [`Error::CannotPayStorageFee`]: the caller cannot pay the storage fee.
		///
		/// ## Complexity
		///
		/// O(l), l the shipment's lots, plus the milestone handler's weight; charged for the
		/// most lots and the handler's maximum, refunded to what was used.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::accept_delivery(T::MaxLotsPerShipment::get())
			.saturating_add(T::OnMilestone::max_weight()))]
		pub fn accept_delivery(
			origin: OriginFor<T>,
			shipment: ShipmentId,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let (lots, handler_weight) = Self::do_accept_delivery(&who, shipment)?;
			Ok(Some(T::WeightInfo::accept_delivery(lots).saturating_add(handler_weight)).into())
		}

		/// Rejects a delivery, which closes the shipment.
		///
		/// Its lots stay with the shipper, the deposit returns to the shipper; `Delivered` is not
		/// signalled.
		///
		/// - `origin`: signed by the receiver, who pays the storage fee for the entry and its index
		///   entry.
		/// - `shipment`: an open shipment.
		/// - `reason`: why, at most `MaxReasonLen` bytes.
		///
		/// Emits [`Event::DeliveryRejected`].
		///
		/// # Errors
		///
		/// - [`Error::UnknownShipment`]: no shipment has this id.
		/// - [`Error::AlreadyDelivered`]: the shipment was delivered already.
		/// - [`Error::ShipmentClosed`]: the shipment is closed.
		/// - [`Error::NotReceiver`]: the caller is not the receiver.
		/// - [`Error::ShipmentExpired`]: the shipment's deadline has passed.
		/// - [`Error::CannotPayStorageFee`]: the caller cannot pay the storage fee.
		///
		/// ## Complexity
		///
		/// O(l), l the shipment's lots; charged for the most, refunded to what was used.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::reject_delivery(T::MaxLotsPerShipment::get()))]
		pub fn reject_delivery(
			origin: OriginFor<T>,
			shipment: ShipmentId,
			reason: Reason<T>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let lots = Self::do_reject_delivery(&who, shipment, reason)?;
			Ok(Some(T::WeightInfo::reject_delivery(lots)).into())
		}

		/// Closes a shipment whose deadline has passed without an answer from the receiver.
		///
		/// Its lots are the shipper's again, the deposit returns to the shipper, a pending offer of
		/// custody lapses; `Delivered` is not signalled. Needs no one's cooperation, so a silent
		/// receiver or custodian can never keep the shipper's lots and deposit.
		///
		/// - `origin`: signed by anyone (usually the shipper), who pays the storage fee for the
		///   closing entry.
		/// - `shipment`: an open shipment past its deadline (`created_at + ShipmentTimeout`).
		///
		/// Emits [`Event::ShipmentExpired`].
		///
		/// # Errors
		///
		/// - [`Error::UnknownShipment`]: no shipment has this id.
		/// - [`Error::ShipmentClosed`]: the shipment is closed.
		/// - [`Error::DeadlineNotReached`]: the shipment's deadline has not passed.
		/// - [`Error::CannotPayStorageFee`]: the caller cannot pay the storage fee.
		///
		/// ## Complexity
		///
		/// O(l), l the shipment's lots; charged for the most, refunded to what was used.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::expire_shipment(T::MaxLotsPerShipment::get()))]
		pub fn expire_shipment(
			origin: OriginFor<T>,
			shipment: ShipmentId,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let lots = Self::do_expire_shipment(&who, shipment)?;
			Ok(Some(T::WeightInfo::expire_shipment(lots)).into())
		}
	}
}
