//! The types the supply-chain pallet stores, takes in calls and returns to clients.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	traits::fungible, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use frame_system::pallet_prelude::BlockNumberFor;
use scale_info::TypeInfo;
use sp_runtime::{AccountId32, MultiSignature};

pub use iotchain_primitives::{AgreementId, MilestoneKind, ShipmentId};

use crate::Config;

/// A lot's id, chosen by whoever registers or makes it (an internal batch number, a GS1 lot
/// number mapped to an integer) and unique forever: consumed lots keep their record, so an id is
/// never reused.
///
/// A `u64` like [`ShipmentId`]: SCALE-encoded as 8 little-endian bytes, a `BN` or a decimal string
/// in JavaScript, and a JSON number in the RPC answers.
pub type LotId = u64;

/// The balance type of the currency shipment deposits are held in.
pub type BalanceOf<T> =
	<<T as Config>::Currency as fungible::Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// Storage fees taken from their payer, on their way to `FeeDestination`.
pub type CreditOf<T> =
	fungible::Credit<<T as frame_system::Config>::AccountId, <T as Config>::Currency>;

/// A product code as stored: a GTIN's digits in ASCII, or any code of the producer's scheme, at
/// most `MaxProductCodeLen` bytes.
pub type ProductCode<T> = BoundedVec<u8, <T as Config>::MaxProductCodeLen>;

/// A lot's metadata as stored: a URI or CID of its certificate of analysis, at most
/// `MaxMetadataLen` bytes.
pub type LotMetadata<T> = BoundedVec<u8, <T as Config>::MaxMetadataLen>;

/// A place as stored, at most `MaxLocationLen` bytes of ASCII: a UN/LOCODE (`DEHAM`), a geohash
/// (`u1x0etz`), or both as `DEHAM:u1x0etz`. The pallet stores the bytes as given.
pub type Location<T> = BoundedVec<u8, <T as Config>::MaxLocationLen>;

/// Why a receiver rejected a delivery, as stored: at most `MaxReasonLen` bytes of text or a
/// document's CID.
pub type Reason<T> = BoundedVec<u8, <T as Config>::MaxReasonLen>;

/// A history entry as stored.
pub type HistoryEntryOf<T> = HistoryEntry<BlockNumberFor<T>, Location<T>, Reason<T>>;

/// A pending handover as stored.
pub type PendingHandoverOf<T> = PendingHandover<BlockNumberFor<T>, Location<T>>;

/// A shipment id as stored in the keys of [`crate::ShipmentsByParty`]: big-endian, so that a
/// party's shipments iterate in ascending id order.
pub type ShipmentKey = [u8; 8];

/// The storage key part of shipment `id`.
pub fn shipment_key(id: ShipmentId) -> ShipmentKey {
	id.to_be_bytes()
}

/// The shipment id of a storage key part.
pub fn shipment_of(key: ShipmentKey) -> ShipmentId {
	u64::from_be_bytes(key)
}

/// What a condition rule or report measures, each in one fixed unit so that a rule and the
/// readings compared with it never disagree on scale.
///
/// | metric | unit | example |
/// |---|---|---|
/// | `Temperature` | centi-degrees Celsius | `800` = 8.00 °C, `-2050` = -20.50 °C |
/// | `Humidity` | basis points of relative humidity | `6500` = 65.00 % RH |
/// | `Shock` | milli-g of peak acceleration | `2500` = 2.5 g |
/// | `Tilt` | centi-degrees from upright | `4500` = 45.00° |
/// | `Light` | lux | `50` = 50 lx (a closed container reads near 0) |
/// | `Custom(code)` | agreed between the parties | |
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub enum Metric {
	/// Temperature, in centi-degrees Celsius.
	Temperature,
	/// Relative humidity, in basis points (1/100 of a percent).
	Humidity,
	/// Peak acceleration, in milli-g.
	Shock,
	/// Inclination from upright, in centi-degrees.
	Tilt,
	/// Illuminance, in lux.
	Light,
	/// A metric of the parties' own, by code, in units they agree on.
	Custom(u16),
}

/// A rule a shipment's goods must keep to: every observed value of `metric` within
/// `min..=max`, in the metric's unit.
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
pub struct ConditionRule {
	/// What is measured.
	pub metric: Metric,
	/// The lowest value allowed.
	pub min: i32,
	/// The highest value allowed, not below `min`.
	pub max: i32,
}

impl ConditionRule {
	/// Whether an observed range lies within the rule.
	pub fn holds_for(&self, observed_min: i32, observed_max: i32) -> bool {
		self.min <= observed_min && observed_max <= self.max
	}
}

/// A reference to anchored data: the device's anchor with sequence number `seq`, which the
/// data-anchoring pallet keeps forever.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct AnchorRef {
	/// The device that anchored the data.
	pub device: AccountId32,
	/// The anchor's sequence number.
	pub seq: u64,
}

/// What a tracker device observed of one metric over a time window, with the anchored batch that
/// holds the raw readings.
///
/// Its SCALE encoding (fields in this order) is the tail of the condition report payload a device
/// signs (see the crate docs).
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct ConditionObservation {
	/// What was measured.
	pub metric: Metric,
	/// The lowest value observed, in the metric's unit.
	pub observed_min: i32,
	/// The highest value observed, in the metric's unit; not below `observed_min`.
	pub observed_max: i32,
	/// The start of the window: the device's time, in milliseconds since the Unix epoch.
	pub window_start: u64,
	/// The end of the window, likewise; not before `window_start`.
	pub window_end: u64,
	/// The anchored batch (or single reading) that holds the raw readings.
	pub anchor: AnchorRef,
}

/// A tracker device's signature over a report, relayed by whoever submits the call.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub struct DeviceSignature {
	/// The tracker device that signed.
	pub device: AccountId32,
	/// Its current key's signature of the report's payload (see the crate docs).
	pub signature: MultiSignature,
}

/// A tracker device assigned to a shipment.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct Tracker {
	/// The device's id.
	pub device: AccountId32,
	/// How many reports of this device the shipment has accepted: the nonce its next signed
	/// report must carry.
	pub nonce: u32,
}

/// Who recorded a milestone.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase", rename_all_fields = "camelCase"))]
pub enum Reporter {
	/// The shipment's custodian at the time.
	Custodian(AccountId32),
	/// One of the shipment's tracker devices: sent by the device itself (`relayer` is `None`)
	/// or relayed with its signature by `relayer`.
	Tracker {
		/// The tracker device.
		device: AccountId32,
		/// Who submitted the device's signed report, if not the device itself.
		relayer: Option<AccountId32>,
	},
}

/// Where a lot is in its life.
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
#[cfg_attr(feature = "std", serde(rename_all = "camelCase", rename_all_fields = "camelCase"))]
pub enum LotStatus {
	/// Its holder may ship or transform it.
	Available,
	/// It travels in this open shipment.
	InShipment(ShipmentId),
	/// It went into making lot `into`; it can never be shipped or transformed again.
	Consumed {
		/// The lot made from it.
		into: LotId,
	},
}

/// A lot of goods, kept forever.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, Encode, Decode, TypeInfo, MaxEncodedLen,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct Lot<T: Config> {
	/// Who registered or made it.
	pub producer: T::AccountId,
	/// Who may ship or transform it now: its producer, then each receiver that accepts it.
	pub holder: T::AccountId,
	/// What it is.
	pub product_code: ProductCode<T>,
	/// How much of it there is, in the product's unit (doses, cases, kilograms).
	pub quantity: u64,
	/// A URI or CID of its documents.
	pub metadata: LotMetadata<T>,
	/// The lots it was made from; empty for a lot registered as produced.
	pub inputs: BoundedVec<LotId, T::MaxTransformInputs>,
	/// Available, in a shipment, or consumed.
	pub status: LotStatus,
	/// The block it was registered or made in.
	pub created_at: BlockNumberFor<T>,
}

/// Where a shipment is in its life.
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
pub enum ShipmentStatus {
	/// Open, and every condition report so far kept to the rules.
	InTransit,
	/// Open, and a condition report broke a rule: acceptance will not signal `Delivered`.
	ConditionBreached,
	/// Closed: the receiver accepted it.
	Delivered,
	/// Closed: the receiver rejected it.
	Rejected,
	/// Closed: its deadline passed before the receiver answered, and someone closed it.
	Expired,
}

impl ShipmentStatus {
	/// Whether the shipment is still open: it holds its lots and its deposit.
	pub fn is_open(&self) -> bool {
		matches!(self, Self::InTransit | Self::ConditionBreached)
	}
}

/// A custodian's offer of a shipment's custody to another account.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
#[cfg_attr(
	feature = "std",
	serde(bound(
		serialize = "BlockNumber: serde::Serialize, Location: AsRef<[u8]>",
		deserialize = "BlockNumber: serde::Deserialize<'de>, Location: TryFrom<Vec<u8>>"
	))
)]
pub struct PendingHandover<BlockNumber, Location> {
	/// The account offered custody.
	pub to: AccountId32,
	/// Where the handover takes place.
	#[cfg_attr(feature = "std", serde(with = "iotchain_primitives::json::bytes"))]
	pub location: Location,
	/// The block the offer was made in.
	pub offered_at: BlockNumber,
}

/// A shipment, kept forever; its lots and deposit are released when it closes.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, Encode, Decode, TypeInfo, MaxEncodedLen,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct Shipment<T: Config> {
	/// Who created it and holds its deposit: the first custodian.
	pub shipper: T::AccountId,
	/// Who it is for: the only account that may accept or reject the delivery.
	pub receiver: T::AccountId,
	/// Who holds the goods now.
	pub custodian: T::AccountId,
	/// The custodian's offer of custody, until the recipient accepts or declines it.
	pub pending_handover: Option<PendingHandoverOf<T>>,
	/// The lots it carries (its manifest, kept after it closes).
	pub lots: BoundedVec<LotId, T::MaxLotsPerShipment>,
	/// The devices that may report on it, each with its report nonce.
	pub trackers: BoundedVec<Tracker, T::MaxTrackersPerShipment>,
	/// The rules its goods must keep to, at most one per metric.
	pub conditions: BoundedVec<ConditionRule, T::MaxConditionsPerShipment>,
	/// The escrow agreement that pays on its delivery, if linked.
	pub agreement: Option<AgreementId>,
	/// Open (in transit or breached) or closed (delivered, rejected or expired).
	pub status: ShipmentStatus,
	/// The history index of the first condition report that broke a rule.
	pub first_breach: Option<u32>,
	/// What is held from the shipper while it is open; zero once it is closed.
	pub deposit: BalanceOf<T>,
	/// The block it was created in.
	pub created_at: BlockNumberFor<T>,
	/// How many history entries it has; the next one gets this index.
	pub history_len: u32,
}

/// What happened to a shipment, as one history entry records it.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase", rename_all_fields = "camelCase"))]
#[cfg_attr(
	feature = "std",
	serde(bound(
		serialize = "Location: AsRef<[u8]>, Reason: AsRef<[u8]>",
		deserialize = "Location: TryFrom<Vec<u8>>, Reason: TryFrom<Vec<u8>>"
	))
)]
pub enum HistoryEvent<Location, Reason> {
	/// The shipper created the shipment for the receiver and holds its custody.
	Created {
		/// The shipper, first custodian.
		shipper: AccountId32,
		/// The receiver.
		receiver: AccountId32,
	},
	/// Custody passed from `from` to `to`, who accepted it, at `location`.
	CustodyTransferred {
		/// The previous custodian.
		from: AccountId32,
		/// The new custodian.
		to: AccountId32,
		/// Where the goods changed hands.
		#[cfg_attr(feature = "std", serde(with = "iotchain_primitives::json::bytes"))]
		location: Location,
	},
	/// A milestone of the journey.
	Milestone {
		/// Which milestone.
		kind: MilestoneKind,
		/// Where it was reached.
		#[cfg_attr(feature = "std", serde(with = "iotchain_primitives::json::bytes"))]
		location: Location,
		/// Anchored data supporting it, if any.
		evidence: Option<AnchorRef>,
		/// The custodian or the tracker device that recorded it.
		reporter: Reporter,
	},
	/// A tracker device's observed range of a metric over a time window.
	ConditionReport {
		/// The tracker device.
		device: AccountId32,
		/// Who submitted the device's signed report, if not the device itself.
		relayer: Option<AccountId32>,
		/// What was measured.
		metric: Metric,
		/// The lowest value observed, in the metric's unit.
		observed_min: i32,
		/// The highest value observed, in the metric's unit.
		observed_max: i32,
		/// The start of the window, the device's time in milliseconds since the Unix epoch.
		window_start: u64,
		/// The end of the window, likewise.
		window_end: u64,
		/// The anchored batch that holds the raw readings.
		anchor: AnchorRef,
		/// Whether the range broke the shipment's rule for the metric.
		breached: bool,
	},
	/// The receiver accepted the delivery.
	Delivered {
		/// The receiver.
		receiver: AccountId32,
		/// Whether the `Delivered` milestone was signalled to payments (no rule was broken).
		milestone_signalled: bool,
	},
	/// The receiver rejected the delivery.
	Rejected {
		/// The receiver.
		receiver: AccountId32,
		/// Why.
		#[cfg_attr(feature = "std", serde(with = "iotchain_primitives::json::bytes"))]
		reason: Reason,
	},
	/// The shipment's deadline passed before the receiver answered; `by` closed it and the
	/// lots went back to the shipper.
	Expired {
		/// Who closed it (anyone may, once the deadline has passed).
		by: AccountId32,
	},
}

/// One entry of a shipment's permanent history.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct HistoryEntry<BlockNumber, Location, Reason> {
	/// The block it was recorded in.
	pub block: BlockNumber,
	/// The chain's time at that block, in milliseconds since the Unix epoch.
	pub moment: u64,
	/// What happened.
	pub event: HistoryEvent<Location, Reason>,
}

impl<BlockNumber, Location: Into<Vec<u8>>, Reason: Into<Vec<u8>>>
	HistoryEntry<BlockNumber, Location, Reason>
{
	/// The entry with index `index` in its shipment's history, its byte strings as plain
	/// vectors, as clients see it.
	pub fn into_view(self, index: u32) -> HistoryEntryView<BlockNumber> {
		let event = match self.event {
			HistoryEvent::Created { shipper, receiver } => {
				HistoryEvent::Created { shipper, receiver }
			}
			HistoryEvent::CustodyTransferred { from, to, location } => {
				HistoryEvent::CustodyTransferred { from, to, location: location.into() }
			}
			HistoryEvent::Milestone { kind, location, evidence, reporter } => {
				HistoryEvent::Milestone { kind, location: location.into(), evidence, reporter }
			}
			HistoryEvent::ConditionReport {
				device,
				relayer,
				metric,
				observed_min,
				observed_max,
				window_start,
				window_end,
				anchor,
				breached,
			} => HistoryEvent::ConditionReport {
				device,
				relayer,
				metric,
				observed_min,
				observed_max,
				window_start,
				window_end,
				anchor,
				breached,
			},
			HistoryEvent::Delivered { receiver, milestone_signalled } => {
				HistoryEvent::Delivered { receiver, milestone_signalled }
			}
			HistoryEvent::Rejected { receiver, reason } => {
				HistoryEvent::Rejected { receiver, reason: reason.into() }
			}
			HistoryEvent::Expired { by } => HistoryEvent::Expired { by },
		};
		HistoryEntryView { index, block: self.block, moment: self.moment, event }
	}
}

/// A history entry as clients see it: its index in the shipment's history (the cursor of the
/// page after it), with byte strings as plain vectors.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct HistoryEntryView<BlockNumber> {
	/// The entry's index in the shipment's history, from 0.
	pub index: u32,
	/// The block it was recorded in.
	pub block: BlockNumber,
	/// The chain's time at that block, in milliseconds since the Unix epoch.
	pub moment: u64,
	/// What happened.
	pub event: HistoryEvent<Vec<u8>, Vec<u8>>,
}

/// A lot as clients see it, with the shipments it travelled in.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct LotView<BlockNumber> {
	/// The lot's id.
	pub id: LotId,
	/// Who registered or made it.
	pub producer: AccountId32,
	/// Who may ship or transform it now.
	pub holder: AccountId32,
	/// What it is.
	#[cfg_attr(feature = "std", serde(with = "iotchain_primitives::json::bytes"))]
	pub product_code: Vec<u8>,
	/// How much of it there is.
	pub quantity: u64,
	/// A URI or CID of its documents.
	#[cfg_attr(feature = "std", serde(with = "iotchain_primitives::json::bytes"))]
	pub metadata: Vec<u8>,
	/// The lots it was made from; empty if registered as produced.
	pub inputs: Vec<LotId>,
	/// Available, in a shipment, or consumed.
	pub status: LotStatus,
	/// The block it was registered or made in.
	pub created_at: BlockNumber,
	/// The shipments it travelled or travels in, oldest first.
	pub shipments: Vec<ShipmentId>,
}

/// A lot and where it sits in another lot's provenance.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct ProvenanceStep<BlockNumber> {
	/// How many transformations back from the lot asked about: 0 for the lot itself, 1 for its
	/// inputs, 2 for their inputs...
	pub depth: u32,
	/// The lot.
	pub lot: LotView<BlockNumber>,
}

/// A lot's provenance: the lot, then the lots it was made from, back to the lots registered as
/// produced, breadth first.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct LotProvenance<BlockNumber> {
	/// The lots, the one asked about first, then by depth.
	pub lots: Vec<ProvenanceStep<BlockNumber>>,
	/// Whether older lots were left out to keep the answer within `MAX_PROVENANCE_LOTS`.
	pub truncated: bool,
}

/// A shipment as clients see it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
#[cfg_attr(
	feature = "std",
	serde(bound(
		serialize = "Balance: core::fmt::Display, BlockNumber: serde::Serialize",
		deserialize = "Balance: core::str::FromStr, BlockNumber: serde::Deserialize<'de>"
	))
)]
pub struct ShipmentView<Balance, BlockNumber> {
	/// The shipment's id.
	pub id: ShipmentId,
	/// Who created it and holds its deposit.
	pub shipper: AccountId32,
	/// Who it is for.
	pub receiver: AccountId32,
	/// Who holds the goods now.
	pub custodian: AccountId32,
	/// The custodian's pending offer of custody, if any.
	pub pending_handover: Option<PendingHandover<BlockNumber, Vec<u8>>>,
	/// The lots it carries.
	pub lots: Vec<LotId>,
	/// Its tracker devices with their report nonces.
	pub trackers: Vec<Tracker>,
	/// The rules its goods must keep to.
	pub conditions: Vec<ConditionRule>,
	/// The escrow agreement linked to its delivery.
	pub agreement: Option<AgreementId>,
	/// In transit, breached, delivered, rejected or expired.
	pub status: ShipmentStatus,
	/// The history index of the first condition report that broke a rule.
	pub first_breach: Option<u32>,
	/// What is held from the shipper; zero once closed.
	#[cfg_attr(feature = "std", serde(with = "iotchain_primitives::json::balance"))]
	pub deposit: Balance,
	/// The block it was created in.
	pub created_at: BlockNumber,
	/// The last block in which it takes calls while open (`created_at + ShipmentTimeout`);
	/// after it, anyone may close it as expired.
	pub deadline: BlockNumber,
	/// How many history entries it has.
	pub history_len: u32,
}

/// The key type the benchmarks keep their device keys under in the keystore.
#[cfg(feature = "runtime-benchmarks")]
pub const BENCHMARK_KEY_TYPE: sp_core::crypto::KeyTypeId = sp_core::crypto::KeyTypeId(*b"supc");

/// Sets up, for the benchmarks, what other pallets hold in the runtime: devices, anchors,
/// escrow agreements.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper {
	/// Registers the device of `key` as an `Active` device owned by `owner`, so that `owner`'s
	/// shipments may be tracked by it.
	///
	/// `key` is an sr25519 key held in the benchmark keystore under [`BENCHMARK_KEY_TYPE`], so an
	/// implementation can sign a proof of possession with `sp_io::crypto::sr25519_sign`.
	fn register_active_device(key: &sp_runtime::MultiSigner, owner: &AccountId32);

	/// Makes `device` (registered through [`Self::register_active_device`]) anchor something as
	/// sequence number `seq`, so that `(device, seq)` can serve as evidence.
	fn anchor(device: &AccountId32, seq: u64);

	/// An escrow agreement from `payer` to `payee` waiting on `shipment`'s `Delivered`
	/// milestone, if the runtime can make one; `None` benchmarks shipments without one.
	fn agreement(
		shipment: ShipmentId,
		payer: &AccountId32,
		payee: &AccountId32,
	) -> Option<AgreementId>;

	/// Sets the chain's clock (`Config::UnixTime`) to `moment`, as the timestamp inherent does
	/// before any transaction of a block: a call never runs at time 0 in a real block, and
	/// `pallet_timestamp` logs an error when read at 0, which would be measured as if every
	/// call paid for it.
	fn set_time(moment: u64);
}
