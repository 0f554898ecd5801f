//! The types the payments pallet stores, takes in calls and returns to clients.
//!
//! Stored types are generic over the account, balance and block number types rather than over
//! the runtime, so that the runtime API and the RPC crate can name them.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::traits::fungible;
use scale_info::TypeInfo;
use sp_runtime::MultiSignature;

pub use iotchain_primitives::{AgreementId, MilestoneKind, ShipmentId};

use crate::Config;

/// The balance of the currency payments are made in.
pub type BalanceOf<T> =
	<<T as Config>::Currency as fungible::Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// An agreement view with the runtime's types.
pub type AgreementViewOf<T> = AgreementView<
	<T as frame_system::Config>::AccountId,
	BalanceOf<T>,
	frame_system::pallet_prelude::BlockNumberFor<T>,
>;

/// A channel view with the runtime's types.
pub type ChannelViewOf<T> = ChannelView<
	<T as frame_system::Config>::AccountId,
	BalanceOf<T>,
	frame_system::pallet_prelude::BlockNumberFor<T>,
>;

/// A listing view with the runtime's types.
pub type ListingViewOf<T> = ListingView<
	<T as frame_system::Config>::AccountId,
	BalanceOf<T>,
	frame_system::pallet_prelude::BlockNumberFor<T>,
>;

/// A rental view with the runtime's types.
pub type RentalViewOf<T> = RentalView<
	<T as frame_system::Config>::AccountId,
	BalanceOf<T>,
	frame_system::pallet_prelude::BlockNumberFor<T>,
>;

/// The id of a payment channel, assigned by the pallet from 0 on.
pub type ChannelId = u64;

/// An agreement id as it is stored in [`crate::AgreementsByParty`]' keys: big-endian, so that a
/// party's agreements iterate in id order, oldest first.
pub type AgreementKey = [u8; 8];

/// The storage key part of agreement `id`.
pub fn agreement_key(id: AgreementId) -> AgreementKey {
	id.to_be_bytes()
}

/// The agreement id of a storage key part.
pub fn agreement_of(key: AgreementKey) -> AgreementId {
	u64::from_be_bytes(key)
}

/// What releases an escrow to its payee.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase", rename_all_fields = "camelCase"))]
pub enum Condition<AccountId> {
	/// The payer releases the funds when satisfied.
	Approval,
	/// `device` (the payee's, or one it operates) delivers data by anchoring its sequence
	/// number `seq`, covering at least `min_readings` readings, before the deadline. The payer
	/// then has `DataChallengePeriod` blocks to check the data and dispute; after them the
	/// payee claims the funds.
	DataDelivered {
		/// The device whose anchor counts.
		device: AccountId,
		/// The sequence number of the anchor that delivers the data. Each `(device, seq)` is
		/// anchored at most once, so this names one anchor; it must not exist yet when the
		/// agreement is made.
		seq: u64,
		/// The fewest readings the anchor must cover: 1 for a single reading, the leaf count
		/// of a batch.
		min_readings: u32,
	},
	/// The funds go to the payee, in the same block, when the supply-chain pallet reports that
	/// `shipment` reached `milestone`, provided the agreement's payer is the shipment's shipper
	/// or receiver. Only milestones the supply chain reports
	/// ([`MilestoneKind::is_reported`]) are accepted.
	Milestone {
		/// The shipment.
		shipment: ShipmentId,
		/// The milestone it must reach.
		milestone: MilestoneKind,
	},
}

/// Whether an agreement waits on its condition or on an arbiter.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase", rename_all_fields = "camelCase"))]
pub enum AgreementStatus<AccountId, BlockNumber> {
	/// Waiting on its condition (or its deadline).
	Open,
	/// A party disputed it: its arbiter or governance may split it (or its payer release it in
	/// full) until `timeout_at`; from then on anyone may apply the default outcome, what the
	/// agreement's own rule gives (see [`crate::Pallet::settle_dispute`]).
	Disputed {
		/// The party that disputed it.
		by: AccountId,
		/// The first block at which anyone may settle the dispute by default.
		timeout_at: BlockNumber,
		/// Whether the agreement's milestone was reported, before the deadline and by a
		/// shipment of the payer's, while it was disputed: the default outcome then pays the
		/// payee.
		milestone_reached: bool,
	},
}

/// A conditional escrow: `amount` held from `payer` until it goes to `payee`, back to `payer`,
/// or is split by an arbiter.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
#[cfg_attr(
	feature = "std",
	serde(bound(
		serialize = "AccountId: serde::Serialize, Balance: core::fmt::Display, \
		             BlockNumber: serde::Serialize",
		deserialize = "AccountId: serde::Deserialize<'de>, Balance: core::str::FromStr, \
		               BlockNumber: serde::Deserialize<'de>"
	))
)]
pub struct Agreement<AccountId, Balance, BlockNumber> {
	/// Who pays; the amount and the storage deposit are held from this account.
	pub payer: AccountId,
	/// Who is paid.
	pub payee: AccountId,
	/// What is held under [`crate::HoldReason::Escrow`] for the payee.
	#[cfg_attr(feature = "std", serde(with = "iotchain_primitives::json::balance"))]
	pub amount: Balance,
	/// What releases the amount to the payee.
	pub condition: Condition<AccountId>,
	/// The first block at which the condition no longer counts and the payer may be refunded.
	pub deadline: BlockNumber,
	/// Who may resolve a dispute besides governance, if anyone; never a party.
	pub arbiter: Option<AccountId>,
	/// Open or disputed.
	pub status: AgreementStatus<AccountId, BlockNumber>,
	/// The storage deposit held from the payer under [`crate::HoldReason::StorageDeposit`].
	#[cfg_attr(feature = "std", serde(with = "iotchain_primitives::json::balance"))]
	pub deposit: Balance,
	/// The block the agreement was made in.
	pub created_at: BlockNumber,
}

/// An agreement with what its parties may do with it now, for clients.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
#[cfg_attr(
	feature = "std",
	serde(bound(
		serialize = "AccountId: serde::Serialize, Balance: core::fmt::Display, \
		             BlockNumber: serde::Serialize",
		deserialize = "AccountId: serde::Deserialize<'de>, Balance: core::str::FromStr, \
		               BlockNumber: serde::Deserialize<'de>"
	))
)]
pub struct AgreementView<AccountId, Balance, BlockNumber> {
	/// The agreement's id.
	pub id: AgreementId,
	/// The agreement as stored.
	#[cfg_attr(feature = "std", serde(flatten))]
	pub agreement: Agreement<AccountId, Balance, BlockNumber>,
	/// Whether the payee may `claim` it now: its data was delivered before the deadline and
	/// the payer's challenge period is over.
	pub claimable: bool,
	/// Whether anyone may `refund` it now: its deadline has come, its condition was not met in
	/// time, and it is not disputed.
	pub refundable: bool,
}

/// Where a payment channel is in its life.
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
pub enum ChannelState<BlockNumber> {
	/// The payee may claim vouchers until the channel expires.
	Open,
	/// The payer asked to close it; the payee may still claim vouchers before
	/// `challenge_ends_at` (and before the channel expires).
	Closing {
		/// The first block at which vouchers are no longer accepted.
		challenge_ends_at: BlockNumber,
	},
}

/// A one-way payment channel: `deposit` held from `payer`, paid out to `payee` against
/// vouchers the payer signs off chain.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
#[cfg_attr(
	feature = "std",
	serde(bound(
		serialize = "AccountId: serde::Serialize, Balance: core::fmt::Display, \
		             BlockNumber: serde::Serialize",
		deserialize = "AccountId: serde::Deserialize<'de>, Balance: core::str::FromStr, \
		               BlockNumber: serde::Deserialize<'de>"
	))
)]
pub struct Channel<AccountId, Balance, BlockNumber> {
	/// Who pays and signs vouchers; its account is the public key vouchers are checked with.
	pub payer: AccountId,
	/// Who is paid.
	pub payee: AccountId,
	/// All the payer has put in: the opening deposit and every top-up.
	#[cfg_attr(feature = "std", serde(with = "iotchain_primitives::json::balance"))]
	pub deposit: Balance,
	/// What the payee has been paid so far: the highest voucher claimed.
	#[cfg_attr(feature = "std", serde(with = "iotchain_primitives::json::balance"))]
	pub claimed: Balance,
	/// The first block at which vouchers are no longer accepted and the channel may be closed
	/// without notice.
	pub expires_at: BlockNumber,
	/// Open or closing.
	pub state: ChannelState<BlockNumber>,
	/// The storage deposit held from the payer under [`crate::HoldReason::StorageDeposit`].
	#[cfg_attr(feature = "std", serde(with = "iotchain_primitives::json::balance"))]
	pub storage_deposit: Balance,
	/// The block the channel was opened in.
	pub opened_at: BlockNumber,
}

impl<AccountId, Balance, BlockNumber> Channel<AccountId, Balance, BlockNumber>
where
	Balance: sp_runtime::Saturating + Copy,
	BlockNumber: Ord + Copy,
{
	/// What is still held for the payee: `deposit - claimed`.
	pub fn remaining(&self) -> Balance {
		self.deposit.saturating_sub(self.claimed)
	}

	/// The first block at which vouchers are no longer accepted and anyone may finalize the
	/// close: the expiry, or the end of the challenge period if that comes first.
	pub fn claim_deadline(&self) -> BlockNumber {
		match self.state {
			ChannelState::Open => self.expires_at,
			ChannelState::Closing { challenge_ends_at } => self.expires_at.min(challenge_ends_at),
		}
	}
}

/// A channel with the amounts clients ask for, computed by the pallet's own rules.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
#[cfg_attr(
	feature = "std",
	serde(bound(
		serialize = "AccountId: serde::Serialize, Balance: core::fmt::Display, \
		             BlockNumber: serde::Serialize",
		deserialize = "AccountId: serde::Deserialize<'de>, Balance: core::str::FromStr, \
		               BlockNumber: serde::Deserialize<'de>"
	))
)]
pub struct ChannelView<AccountId, Balance, BlockNumber> {
	/// The channel's id.
	pub id: ChannelId,
	/// The channel as stored.
	#[cfg_attr(feature = "std", serde(flatten))]
	pub channel: Channel<AccountId, Balance, BlockNumber>,
	/// What is still held for the payee: `deposit - claimed`.
	#[cfg_attr(feature = "std", serde(with = "iotchain_primitives::json::balance"))]
	pub remaining: Balance,
	/// The first block at which vouchers are no longer accepted.
	pub claim_deadline: BlockNumber,
}

/// A payer's promise over a channel: "the payee may have `cumulative_amount` in all".
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub struct Voucher<Balance> {
	/// The total the payee may have been paid from the channel, not the increment.
	pub cumulative_amount: Balance,
	/// The payer's signature of the voucher payload ([`crate::Pallet::voucher_payload`]).
	pub signature: MultiSignature,
}

/// A device offered for rent by its owner.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
#[cfg_attr(
	feature = "std",
	serde(bound(
		serialize = "AccountId: serde::Serialize, Balance: core::fmt::Display, \
		             BlockNumber: serde::Serialize",
		deserialize = "AccountId: serde::Deserialize<'de>, Balance: core::str::FromStr, \
		               BlockNumber: serde::Deserialize<'de>"
	))
)]
pub struct Listing<AccountId, Balance, BlockNumber> {
	/// The device's owner when it listed the device; rent is paid to it.
	pub owner: AccountId,
	/// The rent per block.
	#[cfg_attr(feature = "std", serde(with = "iotchain_primitives::json::balance"))]
	pub price_per_block: Balance,
	/// The shortest rental, in blocks; at least 1.
	pub min_blocks: BlockNumber,
	/// The longest rental, in blocks.
	pub max_blocks: BlockNumber,
	/// What a renter puts down against damage, returned at settlement unless disputed.
	#[cfg_attr(feature = "std", serde(with = "iotchain_primitives::json::balance"))]
	pub security_deposit: Balance,
	/// Who may resolve a dispute about a rental besides governance, if anyone; never the owner.
	pub arbiter: Option<AccountId>,
	/// The storage deposit held from the owner under [`crate::HoldReason::StorageDeposit`],
	/// for the listing and its rental.
	#[cfg_attr(feature = "std", serde(with = "iotchain_primitives::json::balance"))]
	pub deposit: Balance,
}

/// A device's listing with the device it lists, for clients.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
#[cfg_attr(
	feature = "std",
	serde(bound(
		serialize = "AccountId: serde::Serialize, Balance: core::fmt::Display, \
		             BlockNumber: serde::Serialize",
		deserialize = "AccountId: serde::Deserialize<'de>, Balance: core::str::FromStr, \
		               BlockNumber: serde::Deserialize<'de>"
	))
)]
pub struct ListingView<AccountId, Balance, BlockNumber> {
	/// The listed device.
	pub device: AccountId,
	/// The listing as stored.
	#[cfg_attr(feature = "std", serde(flatten))]
	pub listing: Listing<AccountId, Balance, BlockNumber>,
}

/// The terms an owner lists a device with, as `list_device` takes them.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct RentalTerms<Balance, BlockNumber> {
	/// The rent per block.
	pub price_per_block: Balance,
	/// The shortest rental, in blocks.
	pub min_blocks: BlockNumber,
	/// The longest rental, in blocks.
	pub max_blocks: BlockNumber,
	/// What a renter puts down against damage.
	pub security_deposit: Balance,
}

/// A rental of a device: its terms, fixed when it was rented, and what is still held.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
#[cfg_attr(
	feature = "std",
	serde(bound(
		serialize = "AccountId: serde::Serialize, Balance: core::fmt::Display, \
		             BlockNumber: serde::Serialize",
		deserialize = "AccountId: serde::Deserialize<'de>, Balance: core::str::FromStr, \
		               BlockNumber: serde::Deserialize<'de>"
	))
)]
pub struct Rental<AccountId, Balance, BlockNumber> {
	/// Who rents the device: its current user from `start` until `end`.
	pub renter: AccountId,
	/// Who is paid the rent: the listing's owner.
	pub owner: AccountId,
	/// The block the rental began in.
	pub start: BlockNumber,
	/// The first block the renter no longer uses the device: `start + blocks`, or the block
	/// the renter ended the rental in.
	pub end: BlockNumber,
	/// The rent per block.
	#[cfg_attr(feature = "std", serde(with = "iotchain_primitives::json::balance"))]
	pub price_per_block: Balance,
	/// Rent still held from the renter for the owner: all of it until the renter ends the
	/// rental early, which pays out what is due and refunds the rest.
	#[cfg_attr(feature = "std", serde(with = "iotchain_primitives::json::balance"))]
	pub rent_held: Balance,
	/// Held from the renter against damage.
	#[cfg_attr(feature = "std", serde(with = "iotchain_primitives::json::balance"))]
	pub security_deposit: Balance,
	/// The shortest rental of the listing, in blocks: what a renter pays for at least, even
	/// if it ends the rental earlier.
	pub min_blocks: BlockNumber,
	/// Who may resolve a dispute besides governance, if anyone; never the owner or the renter.
	pub arbiter: Option<AccountId>,
	/// Set once the owner disputed the rental in its grace period: the first block at which
	/// anyone may settle it without a ruling (the security deposit then goes back to the
	/// renter).
	pub disputed_until: Option<BlockNumber>,
}

/// Where a rental is in its life.
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
pub enum RentalPhase {
	/// The renter uses the device now.
	InUse,
	/// It ended; the owner may dispute it until the grace period is over.
	GracePeriod,
	/// The owner disputed it; its arbiter or governance resolves it, until the dispute times
	/// out.
	Disputed,
	/// Anyone may settle it: the grace period, or the dispute, timed out.
	Settleable,
}

/// A rental with its phase, for clients and gateways.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
#[cfg_attr(
	feature = "std",
	serde(bound(
		serialize = "AccountId: serde::Serialize, Balance: core::fmt::Display, \
		             BlockNumber: serde::Serialize",
		deserialize = "AccountId: serde::Deserialize<'de>, Balance: core::str::FromStr, \
		               BlockNumber: serde::Deserialize<'de>"
	))
)]
pub struct RentalView<AccountId, Balance, BlockNumber> {
	/// The rented device.
	pub device: AccountId,
	/// The rental as stored.
	#[cfg_attr(feature = "std", serde(flatten))]
	pub rental: Rental<AccountId, Balance, BlockNumber>,
	/// Where it is in its life now.
	pub phase: RentalPhase,
	/// The first block at which anyone may settle it: the end of the grace period, or of the
	/// dispute's timeout once disputed.
	pub settleable_from: BlockNumber,
}

/// The key type the benchmarks keep payers' voucher keys under in the keystore.
#[cfg(feature = "runtime-benchmarks")]
pub const BENCHMARK_KEY_TYPE: sp_core::crypto::KeyTypeId = sp_core::crypto::KeyTypeId(*b"m2mp");

/// What the benchmarks need done in other pallets, which this one cannot do itself.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Registers an `Active` device owned by `owner` in whatever registry the runtime uses
	/// (funding whoever must pay for it), and returns its id.
	fn register_device(owner: &AccountId) -> AccountId;

	/// Makes `device` (made by [`Self::register_device`]) have anchored sequence number `seq`,
	/// one reading.
	fn anchor(device: &AccountId, seq: u64);
}
