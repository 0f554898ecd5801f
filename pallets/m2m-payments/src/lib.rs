//! # M2M payments
//!
//! Payments between machines and their owners that settle without an intermediary and without a
//! transaction per cent: conditional escrow, payment channels for pay-per-use, and device
//! rentals.
//!
//! A drone paid when its proof of delivery is anchored, a printer billing per page, a charger
//! billing per kWh, a sensor rented out by the hour: each needs funds that are committed up front
//! and move only as agreed. Funds in flight are never transferred to a pallet account; they stay
//! **held** on their owner's balance (`fungible::MutateHold`, under this pallet's
//! [`HoldReason`]) and each end state releases exactly what is held, once.
//!
//! ## Overview
//!
//! - **Conditional escrow.** A payer makes an [`Agreement`] with a payee: `amount` is held from
//!   the payer under [`HoldReason::Escrow`] until its [`Condition`] releases it to the payee, its
//!   deadline passes and it is refunded, or an arbiter splits it. The conditions are the payer's
//!   approval ([`Condition::Approval`]), one named anchor of the payee's device with enough
//!   readings ([`Condition::DataDelivered`], asked of `Config::Anchors`, never of the anchoring
//!   pallet's storage), after which the payer has `DataChallengePeriod` blocks to dispute before
//!   the payee may claim, and a shipment milestone ([`Condition::Milestone`]), which the
//!   supply-chain pallet reports through this pallet's
//!   [`iotchain_primitives::MilestoneHandler`] implementation with the shipment's parties: the
//!   escrows waiting on it whose payer is the shipment's shipper or receiver are paid in the
//!   same block. A condition counts only if it is met before the deadline.
//! - **Payment channels.** A payer opens a [`Channel`] to a payee with a deposit held under
//!   [`HoldReason::Channel`], then signs vouchers off chain, each for the *cumulative* amount
//!   the payee has earned. The payee claims the latest voucher whenever it likes and is paid the
//!   difference to what it claimed before, so a thousand micropayments cost three transactions:
//!   open, (claim,) close.
//! - **Device rentals.** The owner of a registered device ([`Config::Devices`]) lists it with a
//!   price per block, minimum and maximum duration and a security deposit; a renter pays rent and
//!   the security deposit into escrow (held under [`HoldReason::Rental`]) and becomes the
//!   device's current user ([`Pallet::current_user`]) until the rental ends. Ended early, the
//!   unused blocks are refunded exactly (`price_per_block` times the unused blocks). After the end
//!   the owner has `RentalGracePeriod` blocks to dispute; then anyone settles it.
//! - **Deposits for stored state.** Every agreement, channel and listing holds a storage deposit
//!   from whoever created it under [`HoldReason::StorageDeposit`], `DepositBase + DepositPerByte *
//!   bytes`, `bytes` being the most its records and index entries take (see
//!   [`Pallet::agreement_deposit`], [`Pallet::channel_deposit`], [`Pallet::listing_deposit`]).
//!   The deposit is recorded with the record and returned when the record is removed. A listing's
//!   deposit also covers its one rental, so renting takes no storage deposit. Records end by
//!   being **removed**: events carry every outcome for indexers.
//! - **Arbitration.** Agreements and rentals name an optional arbiter (never a party), and
//!   `GovernanceOrigin` may always resolve a dispute, with any split of what is held. Every
//!   dispute ends without anyone's cooperation: after `DisputeTimeout` blocks anyone may settle
//!   it by the record's own rule (an agreement pays the payee if its condition was met in time,
//!   else refunds the payer; a rental returns the security deposit).
//! - **Clients** read through [`Pallet::agreement`], [`Pallet::agreements_by_party`],
//!   [`Pallet::channel`], [`Pallet::rental`], [`Pallet::listing`] and
//!   [`Pallet::voucher_payload`], served by `pallet-m2m-payments-runtime-api` and the
//!   `payments_*` RPC methods.
//!
//! ## Calls
//!
//! Escrow:
//! - [`create_agreement`](Pallet::create_agreement): a payer holds funds for a payee under a
//!   condition, with a deadline and an optional arbiter.
//! - [`release`](Pallet::release): the payer pays the payee in full, whatever the condition.
//! - [`claim`](Pallet::claim): the payee takes the funds once a data condition holds.
//! - [`refund`](Pallet::refund): from the deadline on, anyone returns the funds to the payer.
//! - [`dispute`](Pallet::dispute): a party freezes the agreement for its arbiter.
//! - [`resolve`](Pallet::resolve): the arbiter or governance splits a disputed agreement.
//! - [`settle_dispute`](Pallet::settle_dispute): after the dispute's timeout, anyone ends it by
//!   the agreement's own rule.
//!
//! Channels:
//! - [`open_channel`](Pallet::open_channel): a payer holds a deposit for a payee.
//! - [`claim_voucher`](Pallet::claim_voucher): the payee is paid up to a signed voucher.
//! - [`top_up`](Pallet::top_up): the payer adds to the deposit.
//! - [`close_channel`](Pallet::close_channel): the payee closes, with a last voucher or none; the
//!   rest goes back to the payer.
//! - [`request_close`](Pallet::request_close): the payer starts the challenge period.
//! - [`finalize_close`](Pallet::finalize_close): after the challenge period or the expiry,
//!   anyone closes the channel.
//!
//! Rentals:
//! - [`list_device`](Pallet::list_device) / [`unlist_device`](Pallet::unlist_device): the owner
//!   offers a device for rent, or withdraws it.
//! - [`rent`](Pallet::rent): a renter pays rent and security deposit into escrow.
//! - [`end_rental`](Pallet::end_rental): the renter ends early and is refunded the unused blocks.
//! - [`settle`](Pallet::settle): after the grace period (or a dispute's timeout) anyone pays
//!   the owner and returns the security deposit; the owner may settle sooner.
//! - [`dispute_rental`](Pallet::dispute_rental): in the grace period the owner disputes.
//! - [`resolve_rental`](Pallet::resolve_rental): the arbiter or governance splits the security
//!   deposit.
//!
//! ## Vouchers
//!
//! A voucher is the payer's `MultiSignature` over the SCALE encoding of
//! `("iotchain/voucher", genesis_hash, channel_id, cumulative_amount)`, following IoTChain's
//! signed-payload convention ([`iotchain_primitives::signing`]); [`Pallet::voucher_payload`]
//! (and `payments_voucherPayload`) returns those bytes. `docs/payments.md` lays them out byte
//! for byte, with a worked example, and says whose key signs them and why a voucher cannot be
//! replayed.
//!
//! ## Timing rules
//!
//! - An agreement's `deadline` is the first block at which its condition no longer counts:
//!   milestone releases happen before it, `refund` from it on unless data was delivered before
//!   it; delivered data is claimed `DataChallengePeriod` blocks after its anchor, which may be
//!   after the deadline. Disputes are possible before the deadline, and for the payer of
//!   delivered data until its challenge period ends. A disputed agreement is ended by its
//!   arbiter or governance (or its payer, by releasing in full), or from `DisputeTimeout`
//!   blocks after the dispute by anyone, by its own rule.
//! - A channel accepts vouchers until its *claim deadline*: its `expires_at`, or the end of the
//!   challenge period once the payer has asked to close, whichever comes first. From then on,
//!   anyone may `finalize_close`: **after the expiry the payer needs no challenge period**, since
//!   the payee knew the expiry when it accepted vouchers and must claim before it.
//! - A rental runs from `start` (the block it was rented in) until `end` (exclusive); ended
//!   early, at least `min_blocks` are paid. The owner may dispute from `end` until
//!   `end + RentalGracePeriod`; anyone settles from then on (the owner at once), or from the
//!   dispute's timeout.

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

use iotchain_primitives::{EscrowLookup, MilestoneHandler, ShipmentParties};
use sp_core::H256;
use sp_runtime::{traits::StaticLookup, Weight};

/// The most agreements one page of [`Pallet::agreements_by_party`] returns.
pub const MAX_AGREEMENTS_PAGE: u32 = 100;

type AccountIdLookupOf<T> = <<T as frame_system::Config>::Lookup as StaticLookup>::Source;

#[frame_support::pallet]
#[allow(
	clippy::expect_used,
	reason = "FRAME's pallet macros expand to `expect`s on what `construct_runtime` guarantees \
	(every pallet has a name and an index), and clippy charges them to this module"
)]
#[allow(
	clippy::too_many_arguments,
	reason = "`list_device` takes the listing's terms one by one, so that \
	clients and docs name each"
)]
pub mod pallet {
	use super::*;
	use frame_support::{pallet_prelude::*, traits::fungible};
	use frame_system::pallet_prelude::*;
	use sp_runtime::{traits::Zero, AccountId32, MultiSignature};

	/// The layout of this pallet's storage; bump it with a migration when the layout changes.
	///
	/// 2: `AgreementsByMilestone` is keyed by payer too, agreements and rentals record their
	/// dispute's timeout, and `DataDelivered` names one anchor. No chain ran version 1 in
	/// production, so there is no migration: a chain on version 1 must start afresh.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Vouchers are checked against the payer's account as a public key and devices are
	/// accounts derived from keys, so the runtime's accounts must be `AccountId32`; vouchers
	/// sign the genesis hash, so its hashes must be `H256`.
	#[pallet::config]
	pub trait Config: frame_system::Config<AccountId = AccountId32, Hash = H256> {
		/// The runtime's hold reasons, which include this pallet's [`HoldReason`].
		type RuntimeHoldReason: From<HoldReason>;

		/// The currency payments are made in and held in.
		type Currency: fungible::Mutate<Self::AccountId>
			+ fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The device registry: whether a device is active, who owns it, who may act for it.
		type Devices: iotchain_primitives::DeviceLookup<Self::AccountId>;

		/// What devices have anchored, for [`Condition::DataDelivered`].
		type Anchors: iotchain_primitives::AnchorLookup<Self::AccountId, BlockNumberFor<Self>>;

		/// Who may resolve any disputed agreement or rental (governance).
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The storage deposit of every agreement, channel and listing, whatever its size.
		#[pallet::constant]
		type DepositBase: Get<BalanceOf<Self>>;

		/// The storage deposit per byte a record and its index entries may take.
		#[pallet::constant]
		type DepositPerByte: Get<BalanceOf<Self>>;

		/// The least an agreement may hold and a channel may be opened with.
		#[pallet::constant]
		type MinimumAmount: Get<BalanceOf<Self>>;

		/// The most agreements one payer may have waiting on one milestone of one shipment.
		/// Reporting a milestone pays the shipper's and the receiver's, so at most twice this
		/// many, which bounds its work.
		#[pallet::constant]
		type MaxAgreementsPerMilestone: Get<u32>;

		/// How many blocks the payee of a channel has to claim after the payer asks to close.
		#[pallet::constant]
		type ChallengePeriod: Get<BlockNumberFor<Self>>;

		/// How many blocks after a rental ends its owner has to dispute it.
		#[pallet::constant]
		type RentalGracePeriod: Get<BlockNumberFor<Self>>;

		/// How many blocks after a device delivered the data of a [`Condition::DataDelivered`]
		/// (the block of its anchor) the payer has to check it and dispute, before the payee
		/// may claim.
		#[pallet::constant]
		type DataChallengePeriod: Get<BlockNumberFor<Self>>;

		/// How many blocks a disputed agreement or rental waits for its arbiter or governance;
		/// from then on anyone may settle it by default, without a ruling.
		#[pallet::constant]
		type DisputeTimeout: Get<BlockNumberFor<Self>>;

		/// The weights of this pallet's calls and of reporting a milestone.
		type WeightInfo: WeightInfo;

		/// Makes devices and anchors for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// An agreement's amount, held from its payer.
		Escrow,
		/// A channel's unclaimed funds, held from its payer.
		Channel,
		/// A rental's rent still due and its security deposit, held from its renter.
		Rental,
		/// The storage deposit of an agreement, a channel or a listing, held from who made it.
		StorageDeposit,
	}

	/// The id the next agreement gets.
	#[pallet::storage]
	pub type NextAgreementId<T: Config> = StorageValue<_, AgreementId, ValueQuery>;

	/// The agreements not yet ended, by id.
	#[pallet::storage]
	pub type Agreements<T: Config> = StorageMap<
		_,
		Twox64Concat,
		AgreementId,
		Agreement<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>,
	>;

	/// The agreements not yet ended of each party (payer or payee), in id order for paging.
	#[pallet::storage]
	pub type AgreementsByParty<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Identity, AgreementKey, ()>;

	/// The agreements waiting on each milestone of each shipment, by payer. Reporting the
	/// milestone of a shipment pays only the lists of its shipper and its receiver, so an
	/// agreement is paid only by a shipment of its payer's, and a stranger can fill only his
	/// own list. An agreement leaves it when it ends or its milestone is reported.
	#[pallet::storage]
	pub type AgreementsByMilestone<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		(ShipmentId, MilestoneKind, T::AccountId),
		BoundedVec<AgreementId, T::MaxAgreementsPerMilestone>,
	>;

	/// The id the next channel gets.
	#[pallet::storage]
	pub type NextChannelId<T: Config> = StorageValue<_, ChannelId, ValueQuery>;

	/// The channels not yet closed, by id.
	#[pallet::storage]
	pub type Channels<T: Config> = StorageMap<
		_,
		Twox64Concat,
		ChannelId,
		Channel<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>,
	>;

	/// The devices offered for rent, by device.
	#[pallet::storage]
	pub type Listings<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Listing<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>,
	>;

	/// The rental of each rented device, from `rent` until it is settled or resolved: at most
	/// one per device.
	#[pallet::storage]
	pub type Rentals<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Rental<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>,
	>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `payer` holds `amount` for `payee` until `condition` releases it, before `deadline`;
		/// `deposit` is held from `payer` for the record.
		AgreementCreated {
			agreement: AgreementId,
			payer: T::AccountId,
			payee: T::AccountId,
			amount: BalanceOf<T>,
			condition: Condition<T::AccountId>,
			deadline: BlockNumberFor<T>,
			arbiter: Option<T::AccountId>,
			deposit: BalanceOf<T>,
		},
		/// The payer released the agreement: `payee` was paid `amount`.
		AgreementReleased {
			agreement: AgreementId,
			payer: T::AccountId,
			payee: T::AccountId,
			amount: BalanceOf<T>,
		},
		/// The payee claimed the agreement, its condition met: `payee` was paid `amount`.
		AgreementClaimed {
			agreement: AgreementId,
			payer: T::AccountId,
			payee: T::AccountId,
			amount: BalanceOf<T>,
		},
		/// `shipment` reached `milestone`: `payee` was paid the agreement's `amount`.
		AgreementReleasedOnMilestone {
			agreement: AgreementId,
			shipment: ShipmentId,
			milestone: MilestoneKind,
			payer: T::AccountId,
			payee: T::AccountId,
			amount: BalanceOf<T>,
		},
		/// `shipment` reached `milestone` but the agreement waiting on it was not paid, for
		/// `reason`; it no longer waits on the milestone and stays open for a refund or a
		/// dispute.
		MilestoneNotReleased {
			agreement: AgreementId,
			shipment: ShipmentId,
			milestone: MilestoneKind,
			reason: MilestoneNotReleasedReason,
		},
		/// The agreement's deadline passed: `payer` got its `amount` back.
		AgreementRefunded { agreement: AgreementId, payer: T::AccountId, amount: BalanceOf<T> },
		/// `by`, a party, disputed the agreement; from `timeout_at` on anyone may settle it by
		/// default.
		AgreementDisputed {
			agreement: AgreementId,
			by: T::AccountId,
			timeout_at: BlockNumberFor<T>,
		},
		/// The disputed agreement was resolved by `arbiter` (`None`: governance): `to_payee`
		/// went to `payee`, `to_payer` back to `payer`.
		AgreementResolved {
			agreement: AgreementId,
			payer: T::AccountId,
			payee: T::AccountId,
			to_payee: BalanceOf<T>,
			to_payer: BalanceOf<T>,
			arbiter: Option<T::AccountId>,
		},
		/// The dispute timed out without a ruling and the agreement ended by its own rule:
		/// `to_payee` (all or nothing) went to `payee`, `to_payer` back to `payer`.
		AgreementSettledByDefault {
			agreement: AgreementId,
			payer: T::AccountId,
			payee: T::AccountId,
			to_payee: BalanceOf<T>,
			to_payer: BalanceOf<T>,
		},
		/// `payer` opened a channel to `payee` holding `deposit` until `expires_at`;
		/// `storage_deposit` is held from `payer` for the record.
		ChannelOpened {
			channel: ChannelId,
			payer: T::AccountId,
			payee: T::AccountId,
			deposit: BalanceOf<T>,
			expires_at: BlockNumberFor<T>,
			storage_deposit: BalanceOf<T>,
		},
		/// `payee` claimed a voucher for `cumulative_amount` and was paid `paid`;
		/// `remaining` is still held in the channel.
		VoucherClaimed {
			channel: ChannelId,
			payee: T::AccountId,
			cumulative_amount: BalanceOf<T>,
			paid: BalanceOf<T>,
			remaining: BalanceOf<T>,
		},
		/// The payer added `amount`; the channel's deposit is now `deposit`.
		ChannelToppedUp { channel: ChannelId, amount: BalanceOf<T>, deposit: BalanceOf<T> },
		/// The payer asked to close the channel: vouchers are accepted until `claim_deadline`,
		/// then anyone may finalize the close.
		ChannelCloseRequested { channel: ChannelId, claim_deadline: BlockNumberFor<T> },
		/// The channel closed: `payee` was paid `claimed` in all and `refunded` went back to
		/// `payer`, with the storage deposit.
		ChannelClosed {
			channel: ChannelId,
			payer: T::AccountId,
			payee: T::AccountId,
			claimed: BalanceOf<T>,
			refunded: BalanceOf<T>,
		},
		/// `owner` offered `device` for rent on these terms; `deposit` is held from `owner` for
		/// the listing and its rental.
		DeviceListed {
			device: T::AccountId,
			owner: T::AccountId,
			price_per_block: BalanceOf<T>,
			min_blocks: BlockNumberFor<T>,
			max_blocks: BlockNumberFor<T>,
			security_deposit: BalanceOf<T>,
			arbiter: Option<T::AccountId>,
			deposit: BalanceOf<T>,
		},
		/// `device` is no longer offered for rent; `owner` got the listing's deposit back.
		DeviceUnlisted { device: T::AccountId, owner: T::AccountId },
		/// `renter` rented `device` from `owner` for the blocks `start..end`, paying `rent` and
		/// `security_deposit` into escrow; `renter` is the device's current user until `end`.
		DeviceRented {
			device: T::AccountId,
			renter: T::AccountId,
			owner: T::AccountId,
			start: BlockNumberFor<T>,
			end: BlockNumberFor<T>,
			rent: BalanceOf<T>,
			security_deposit: BalanceOf<T>,
		},
		/// `renter` ended the rental early after `used_blocks`: `rent_paid` went to `owner`,
		/// `rent_refunded` back to `renter`; the security deposit waits for the grace period.
		RentalEnded {
			device: T::AccountId,
			renter: T::AccountId,
			owner: T::AccountId,
			used_blocks: BlockNumberFor<T>,
			rent_paid: BalanceOf<T>,
			rent_refunded: BalanceOf<T>,
		},
		/// The rental was settled: `owner` was paid `rent_paid` and `renter` got
		/// `deposit_returned` back.
		RentalSettled {
			device: T::AccountId,
			renter: T::AccountId,
			owner: T::AccountId,
			rent_paid: BalanceOf<T>,
			deposit_returned: BalanceOf<T>,
		},
		/// `owner` disputed the rental of `device` by `renter`; from `timeout_at` on anyone may
		/// settle it without a ruling.
		RentalDisputed {
			device: T::AccountId,
			owner: T::AccountId,
			renter: T::AccountId,
			timeout_at: BlockNumberFor<T>,
		},
		/// The disputed rental was resolved by `arbiter` (`None`: governance): `owner` was paid
		/// `rent_paid` and `to_owner` of the security deposit, `renter` got `to_renter` back.
		RentalResolved {
			device: T::AccountId,
			renter: T::AccountId,
			owner: T::AccountId,
			rent_paid: BalanceOf<T>,
			to_owner: BalanceOf<T>,
			to_renter: BalanceOf<T>,
			arbiter: Option<T::AccountId>,
		},
	}

	/// Why an agreement waiting on a milestone was not paid when the milestone was reported.
	#[derive(
		Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
	)]
	pub enum MilestoneNotReleasedReason {
		/// The milestone came at or after the agreement's deadline.
		DeadlinePassed,
		/// Paying the payee failed (for instance, the payer's held funds are locked).
		PayoutFailed,
		/// The agreement is disputed: it is not paid, but its default outcome now pays the
		/// payee, unless its arbiter or governance rules otherwise.
		Disputed,
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The payee (or renter) is the payer (or owner) itself.
		PayeeIsPayer,
		/// The amount is below `MinimumAmount`.
		AmountTooLow,
		/// The amount is zero.
		ZeroAmount,
		/// An amount or a block number would overflow.
		Overflow,
		/// The account cannot hold the amount (and the storage deposit) and stay alive.
		InsufficientBalance,
		/// The deadline is not after the current block.
		DeadlineInPast,
		/// The arbiter is a party; an arbiter must be someone else.
		ArbiterIsParty,
		/// No device has this id (or it is revoked).
		UnknownDevice,
		/// The payee may not act for the device a data condition names.
		PayeeCannotActForDevice,
		/// The device has already anchored the sequence number the condition waits for.
		DataAlreadyAnchored,
		/// The payer already has `MaxAgreementsPerMilestone` agreements waiting on this
		/// milestone of this shipment.
		TooManyAgreementsForMilestone,
		/// The supply chain never reports this milestone (only `Delivered` is), so an escrow
		/// waiting on it could never be paid.
		MilestoneNotReported,
		/// Every id has been used.
		NoMoreIds,
		/// No open agreement has this id.
		UnknownAgreement,
		/// Only the payer may do this.
		NotPayer,
		/// Only the payee may do this.
		NotPayee,
		/// Only the payer or the payee may do this.
		NotParty,
		/// Only the arbiter (or governance) may do this.
		NotArbiter,
		/// The condition does not hold: the device has not anchored `seq` (with enough readings,
		/// before the deadline), or the agreement is released by its payer (`Approval`) or by
		/// its milestone, not claimed.
		ConditionNotMet,
		/// The condition was met before the deadline: the payee claims the funds, there is no
		/// refund.
		ConditionMet,
		/// The payer's challenge period of the delivered data is over: it can no longer be
		/// disputed, the payee may claim.
		ChallengePeriodOver,
		/// The deadline has passed: the condition no longer counts.
		DeadlinePassed,
		/// The deadline has not come yet.
		DeadlineNotReached,
		/// The agreement is disputed: only its arbiter or governance may end it, or anyone once
		/// the dispute timed out.
		AgreementDisputed,
		/// The agreement is not disputed.
		NotDisputed,
		/// The dispute has not timed out yet: its arbiter or governance may still rule.
		DisputeNotTimedOut,
		/// The split gives the payee more than the agreement holds.
		SplitExceedsAmount,
		/// No open channel has this id.
		UnknownChannel,
		/// The expiry is not after the current block.
		ExpiryInPast,
		/// The voucher is not the payer's signature of the voucher payload for this channel and
		/// amount (signed for another channel, another amount or another chain, or forged).
		InvalidVoucherSignature,
		/// The voucher's amount (or the deposit, if that is less) is not above what the payee
		/// already claimed.
		VoucherNotAboveClaimed,
		/// The channel no longer accepts vouchers: it expired or its challenge period is over.
		ClaimPeriodOver,
		/// The channel is closing: the payer asked to close it.
		ChannelClosing,
		/// The channel has expired.
		ChannelExpired,
		/// The channel is open and unexpired, and the payer has not asked to close it.
		CloseNotRequested,
		/// The challenge period is not over yet: of a channel's close, or of the data that meets
		/// an agreement's condition, in which the payer may still dispute.
		ChallengePeriodNotOver,
		/// Only the device's owner may do this.
		NotDeviceOwner,
		/// The device is not active.
		DeviceNotActive,
		/// The device is already listed.
		AlreadyListed,
		/// The device is not listed for rent.
		NotListed,
		/// The minimum duration is zero or above the maximum.
		InvalidRentalDuration,
		/// The device is rented, or its last rental is not settled yet.
		DeviceRented,
		/// The device changed owner since it was listed; its new owner must list it again.
		ListingOwnerChanged,
		/// The rental is shorter than the listing's minimum.
		RentalTooShort,
		/// The rental is longer than the listing's maximum.
		RentalTooLong,
		/// The device has no rental.
		NotRented,
		/// Only the renter may do this.
		NotRenter,
		/// Only the owner the rent is paid to may do this.
		NotRentalOwner,
		/// The rental has already ended.
		RentalEnded,
		/// The rental has not ended yet.
		RentalNotEnded,
		/// The grace period after the rental is over: it can no longer be disputed.
		GracePeriodOver,
		/// The grace period after the rental is not over yet: the owner may still dispute it.
		GracePeriodNotOver,
		/// The rental is disputed: only its arbiter or governance may settle it, or anyone once
		/// the dispute timed out.
		RentalDisputed,
		/// The rental is not disputed.
		RentalNotDisputed,
		/// The split gives the owner more than the security deposit.
		SplitExceedsDeposit,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(
				T::MaxAgreementsPerMilestone::get() > 0,
				"MaxAgreementsPerMilestone must be positive"
			);
			assert!(!T::ChallengePeriod::get().is_zero(), "ChallengePeriod must be positive");
			assert!(!T::RentalGracePeriod::get().is_zero(), "RentalGracePeriod must be positive");
			assert!(!T::MinimumAmount::get().is_zero(), "MinimumAmount must be positive");
			assert!(
				T::MinimumAmount::get()
					>= <T::Currency as fungible::Inspect<T::AccountId>>::minimum_balance(),
				"MinimumAmount must be at least the existential deposit, so that paying an \
				agreement or a first voucher in full can create the payee's account"
			);
			assert!(
				!T::DataChallengePeriod::get().is_zero(),
				"DataChallengePeriod must be positive: the payer must have a say"
			);
			assert!(!T::DisputeTimeout::get().is_zero(), "DisputeTimeout must be positive");
			assert!(
				!T::DepositBase::get().is_zero(),
				"a zero DepositBase would let anyone fill storage for free"
			);
			assert!(
				<Pallet<T> as MilestoneHandler<T::AccountId>>::max_weight()
					.all_lte(T::BlockWeights::get().max_block),
				"reporting a milestone must fit in a block"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Hold funds for a payee until a condition releases them.
		///
		/// The condition counts only before `deadline`. A `Milestone` agreement is paid, in the block
		/// the supply chain reports the milestone, only by a shipment whose shipper or receiver is the
		/// payer.
		///
		/// - `origin`: signed by the payer, from whom `amount` and the agreement's storage deposit
		///   ([`Pallet::agreement_deposit`]) are held.
		/// - `payee`: who is paid; not the payer.
		/// - `amount`: at least `MinimumAmount` (itself at least the existential deposit, so a payout
		///   in full can always create the payee's account).
		/// - `condition`: what releases the funds. For `DataDelivered` the payee must be able to act
		///   for the device (own or operate it) and the device must not have anchored `seq` yet; for
		///   `Milestone` the milestone must be one the supply chain reports (`Delivered`).
		/// - `deadline`: the first block at which the condition no longer counts and the payer may be
		///   refunded; after the current block.
		/// - `arbiter`: who may resolve a dispute besides governance; not a party.
		///
		/// Emits [`Event::AgreementCreated`].
		///
		/// # Errors
		///
		/// - [`Error::PayeeIsPayer`]: `payee` is the payer.
		/// - [`Error::AmountTooLow`]: `amount` is below `MinimumAmount`.
		/// - [`Error::DeadlineInPast`]: `deadline` is not after the current block.
		/// - [`Error::ArbiterIsParty`]: `arbiter` is the payer or the payee.
		/// - [`Error::UnknownDevice`]: the data condition's device is not registered, or revoked.
		/// - [`Error::PayeeCannotActForDevice`]: the payee neither owns nor operates that device.
		/// - [`Error::DataAlreadyAnchored`]: the device has already anchored `seq`.
		/// - [`Error::MilestoneNotReported`]: the milestone is not one the supply chain reports.
		/// - [`Error::TooManyAgreementsForMilestone`]: the payer already has
		///   `MaxAgreementsPerMilestone` agreements waiting on this milestone of this shipment.
		/// - [`Error::NoMoreIds`]: every agreement id has been used.
		/// - [`Error::InsufficientBalance`]: the payer cannot hold `amount` and the storage deposit
		///   and stay alive.
		///
		/// ## Complexity
		///
		/// O(1); O(M) for a milestone condition, M being `MaxAgreementsPerMilestone`.
		// Index 6: index 0 took the `DataDelivered { device, min_seq }` condition of storage
		// version 1, whose bytes would decode differently now.
		#[pallet::call_index(6)]
		#[pallet::weight(match condition {
			Condition::Milestone { .. } => T::WeightInfo::create_agreement_on_milestone(),
			_ => T::WeightInfo::create_agreement(),
		})]
		pub fn create_agreement(
			origin: OriginFor<T>,
			payee: AccountIdLookupOf<T>,
			amount: BalanceOf<T>,
			condition: Condition<T::AccountId>,
			deadline: BlockNumberFor<T>,
			arbiter: Option<AccountIdLookupOf<T>>,
		) -> DispatchResult {
			let payer = ensure_signed(origin)?;
			let payee = T::Lookup::lookup(payee)?;
			let arbiter = arbiter.map(T::Lookup::lookup).transpose()?;
			Self::do_create_agreement(&payer, payee, amount, condition, deadline, arbiter)
				.map(|_| ())
		}

		/// Pay the payee in full, whatever the condition.
		///
		/// The payer's approval, or its concession in a dispute; the payer gets its storage deposit
		/// back.
		///
		/// - `origin`: signed by the agreement's payer.
		/// - `agreement`: the agreement's id.
		///
		/// Emits [`Event::AgreementReleased`].
		///
		/// # Errors
		///
		/// - [`Error::UnknownAgreement`]: no open agreement has this id.
		/// - [`Error::NotPayer`]: the signer is not the agreement's payer.
		/// - the currency's error: the payee cannot receive the amount.
		///
		/// ## Complexity
		///
		/// O(M) for a milestone condition (it leaves the milestone's index), M being
		/// `MaxAgreementsPerMilestone`; else O(1).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::release())]
		pub fn release(origin: OriginFor<T>, agreement: AgreementId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_release(&who, agreement)
		}

		/// Take the funds of an agreement whose data was delivered.
		///
		/// The device must have anchored the condition's `seq`, with at least `min_readings`
		/// readings, before the deadline, and at least `DataChallengePeriod` blocks ago; the claim
		/// itself may come after the deadline. The payer gets its storage deposit back.
		///
		/// - `origin`: signed by the agreement's payee.
		/// - `agreement`: the agreement's id; open, with a `DataDelivered` condition.
		///
		/// Emits [`Event::AgreementClaimed`].
		///
		/// # Errors
		///
		/// - [`Error::UnknownAgreement`]: no open agreement has this id.
		/// - [`Error::NotPayee`]: the signer is not the agreement's payee.
		/// - [`Error::AgreementDisputed`]: the agreement is disputed.
		/// - [`Error::ConditionNotMet`]: the condition is not a data condition, or the deadline
		///   has not come and the device has not anchored `seq` with enough readings yet.
		/// - [`Error::DeadlinePassed`]: the deadline has come and the data was not delivered
		///   before it.
		/// - [`Error::ChallengePeriodNotOver`]: the payer's challenge period of the data is not over.
		/// - the currency's error: the payee cannot receive the amount.
		///
		/// ## Complexity
		///
		/// O(1).
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::claim())]
		pub fn claim(origin: OriginFor<T>, agreement: AgreementId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_claim(&who, agreement)
		}

		/// Return the funds of an agreement whose deadline has come to its payer.
		///
		/// Not for a `DataDelivered` agreement whose data came in time: its payee claims it. The payer
		/// gets the amount and its storage deposit back.
		///
		/// - `origin`: signed by anyone (the payer, or a keeper acting for it).
		/// - `agreement`: the agreement's id; open and not disputed.
		///
		/// Emits [`Event::AgreementRefunded`].
		///
		/// # Errors
		///
		/// - [`Error::UnknownAgreement`]: no open agreement has this id.
		/// - [`Error::AgreementDisputed`]: the agreement is disputed.
		/// - [`Error::DeadlineNotReached`]: the deadline has not come yet.
		/// - [`Error::ConditionMet`]: its data was delivered before the deadline.
		///
		/// ## Complexity
		///
		/// O(M) for a milestone condition, M being `MaxAgreementsPerMilestone`; else O(1).
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::refund())]
		pub fn refund(origin: OriginFor<T>, agreement: AgreementId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_refund(agreement)
		}

		/// Freeze an agreement for arbitration.
		///
		/// It is then no longer claimed, refunded or paid by its milestone; its arbiter or governance
		/// resolves it (or its payer releases it in full) within `DisputeTimeout` blocks, after which
		/// anyone may settle it by default ([`Pallet::settle_dispute`]). A dispute is possible only
		/// while the outcome is open: before the deadline, and for the payer of delivered data until
		/// the data's challenge period ends (even after the deadline).
		///
		/// - `origin`: signed by the agreement's payer or payee.
		/// - `agreement`: the agreement's id; open.
		///
		/// Emits [`Event::AgreementDisputed`].
		///
		/// # Errors
		///
		/// - [`Error::UnknownAgreement`]: no open agreement has this id.
		/// - [`Error::NotParty`]: the signer is neither the payer nor the payee.
		/// - [`Error::AgreementDisputed`]: the agreement is already disputed.
		/// - [`Error::DeadlinePassed`]: the deadline has passed and no delivered data is being
		///   challenged.
		/// - [`Error::ChallengePeriodOver`]: the payer's challenge period of the delivered data is
		///   over.
		/// - [`Error::Overflow`]: the dispute's timeout would overflow the block number.
		///
		/// ## Complexity
		///
		/// O(1).
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::dispute())]
		pub fn dispute(origin: OriginFor<T>, agreement: AgreementId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_dispute(&who, agreement)
		}

		/// Resolve a disputed agreement with any split of its amount.
		///
		/// The rest goes back to the payer, with the storage deposit.
		///
		/// - `origin`: `GovernanceOrigin`, or signed by the agreement's arbiter.
		/// - `agreement`: the agreement's id; disputed.
		/// - `to_payee`: what the payee gets, at most the amount.
		///
		/// Emits [`Event::AgreementResolved`].
		///
		/// # Errors
		///
		/// - [`Error::UnknownAgreement`]: no open agreement has this id.
		/// - [`Error::NotArbiter`]: the signer is not the agreement's arbiter.
		/// - [`Error::NotDisputed`]: the agreement is not disputed.
		/// - [`Error::SplitExceedsAmount`]: `to_payee` is more than the amount.
		/// - the currency's error: the payee cannot receive `to_payee`.
		///
		/// ## Complexity
		///
		/// O(1).
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::resolve())]
		pub fn resolve(
			origin: OriginFor<T>,
			agreement: AgreementId,
			to_payee: BalanceOf<T>,
		) -> DispatchResult {
			let arbiter = Self::arbiter_or_governance(origin)?;
			Self::do_resolve(arbiter.as_ref(), agreement, to_payee)
		}

		/// Settle a dispute that timed out without a ruling, by the agreement's own rule.
		///
		/// The payee gets the whole amount if the condition was met before the deadline (data
		/// delivered, or the milestone reached by a shipment of the payer's), else the payer gets it
		/// back; the payer gets its storage deposit back. A dispute thus only buys the arbiter time;
		/// stalling changes nothing.
		///
		/// - `origin`: signed by anyone.
		/// - `agreement`: the agreement's id; disputed at least `DisputeTimeout` blocks ago.
		///
		/// Emits [`Event::AgreementSettledByDefault`].
		///
		/// # Errors
		///
		/// - [`Error::UnknownAgreement`]: no open agreement has this id.
		/// - [`Error::NotDisputed`]: the agreement is not disputed.
		/// - [`Error::DisputeNotTimedOut`]: the dispute's timeout has not come yet.
		/// - the currency's error: the payee cannot receive the amount.
		///
		/// ## Complexity
		///
		/// O(M) for a milestone condition, M being `MaxAgreementsPerMilestone`; else O(1).
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::settle_dispute())]
		pub fn settle_dispute(origin: OriginFor<T>, agreement: AgreementId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_settle_dispute(agreement)
		}

		/// Open a payment channel: hold a deposit that the payee is paid from against vouchers.
		///
		/// The payer's account is the key vouchers are checked with (see `docs/payments.md`).
		///
		/// - `origin`: signed by the payer, from whom `deposit` and the channel's storage deposit
		///   ([`Pallet::channel_deposit`]) are held.
		/// - `payee`: who is paid; not the payer.
		/// - `deposit`: at least `MinimumAmount`.
		/// - `expires_at`: the first block at which vouchers are no longer accepted; after the
		///   current block.
		///
		/// Emits [`Event::ChannelOpened`].
		///
		/// # Errors
		///
		/// - [`Error::PayeeIsPayer`]: `payee` is the payer.
		/// - [`Error::AmountTooLow`]: `deposit` is below `MinimumAmount`.
		/// - [`Error::ExpiryInPast`]: `expires_at` is not after the current block.
		/// - [`Error::NoMoreIds`]: every channel id has been used.
		/// - [`Error::InsufficientBalance`]: the payer cannot hold `deposit` and the storage deposit
		///   and stay alive.
		///
		/// ## Complexity
		///
		/// O(1).
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::open_channel())]
		pub fn open_channel(
			origin: OriginFor<T>,
			payee: AccountIdLookupOf<T>,
			deposit: BalanceOf<T>,
			expires_at: BlockNumberFor<T>,
		) -> DispatchResult {
			let payer = ensure_signed(origin)?;
			let payee = T::Lookup::lookup(payee)?;
			Self::do_open_channel(&payer, payee, deposit, expires_at).map(|_| ())
		}

		/// Be paid up to a voucher.
		///
		/// The payee receives `cumulative_amount` (or the whole deposit, if that is less) minus what
		/// it already claimed, from the payer's held deposit. A voucher above the deposit pays the
		/// deposit, and the rest once the payer tops up.
		///
		/// - `origin`: signed by the channel's payee.
		/// - `channel`: the channel's id; before its claim deadline.
		/// - `cumulative_amount`: the voucher's total, not the increment.
		/// - `signature`: the payer's signature of the voucher payload ([`Pallet::voucher_payload`],
		///   laid out in `docs/payments.md`).
		///
		/// Emits [`Event::VoucherClaimed`].
		///
		/// # Errors
		///
		/// - [`Error::UnknownChannel`]: no open channel has this id.
		/// - [`Error::NotPayee`]: the signer is not the channel's payee.
		/// - [`Error::ClaimPeriodOver`]: the channel expired, or its challenge period is over.
		/// - [`Error::VoucherNotAboveClaimed`]: the voucher (or the deposit, if less) is not above
		///   what was claimed.
		/// - [`Error::InvalidVoucherSignature`]: `signature` is not the payer's signature of this
		///   channel's payload for `cumulative_amount` on this chain.
		/// - the currency's error: the payee cannot receive the difference.
		///
		/// ## Complexity
		///
		/// O(1): one signature verification.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::claim_voucher())]
		pub fn claim_voucher(
			origin: OriginFor<T>,
			channel: ChannelId,
			cumulative_amount: BalanceOf<T>,
			signature: MultiSignature,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_claim_voucher(&who, channel, Voucher { cumulative_amount, signature })
		}

		/// Add to a channel's deposit.
		///
		/// - `origin`: signed by the channel's payer, from whom `amount` is held.
		/// - `channel`: the channel's id; open (not closing) and unexpired.
		/// - `amount`: more than zero.
		///
		/// Emits [`Event::ChannelToppedUp`].
		///
		/// # Errors
		///
		/// - [`Error::UnknownChannel`]: no open channel has this id.
		/// - [`Error::NotPayer`]: the signer is not the channel's payer.
		/// - [`Error::ZeroAmount`]: `amount` is zero.
		/// - [`Error::ChannelClosing`]: the payer asked to close the channel.
		/// - [`Error::ChannelExpired`]: the channel has expired.
		/// - [`Error::Overflow`]: the deposit would overflow.
		/// - [`Error::InsufficientBalance`]: the payer cannot hold `amount` and stay alive.
		///
		/// ## Complexity
		///
		/// O(1).
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::top_up())]
		pub fn top_up(
			origin: OriginFor<T>,
			channel: ChannelId,
			amount: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_top_up(&who, channel, amount)
		}

		/// Close a channel as its payee, with a last voucher or none.
		///
		/// The payee is paid up to the voucher; the rest and the storage deposit go back to the payer.
		///
		/// - `origin`: signed by the channel's payee.
		/// - `channel`: the channel's id.
		/// - `voucher`: the last voucher, checked as by [`Pallet::claim_voucher`], or `None`.
		///
		/// Emits [`Event::VoucherClaimed`] for a voucher, then [`Event::ChannelClosed`].
		///
		/// # Errors
		///
		/// - [`Error::UnknownChannel`]: no open channel has this id.
		/// - [`Error::NotPayee`]: the signer is not the channel's payee.
		/// - for a voucher, the errors of [`Pallet::claim_voucher`].
		///
		/// ## Complexity
		///
		/// O(1): at most one signature verification.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::close_channel())]
		pub fn close_channel(
			origin: OriginFor<T>,
			channel: ChannelId,
			voucher: Option<Voucher<BalanceOf<T>>>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_close_channel(&who, channel, voucher)
		}

		/// Ask to close a channel as its payer.
		///
		/// The payee then has `ChallengePeriod` blocks (or until the expiry, if sooner) to claim its
		/// last voucher; from then on anyone may [`Pallet::finalize_close`]. After the expiry no
		/// request is needed.
		///
		/// - `origin`: signed by the channel's payer.
		/// - `channel`: the channel's id; open and unexpired.
		///
		/// Emits [`Event::ChannelCloseRequested`].
		///
		/// # Errors
		///
		/// - [`Error::UnknownChannel`]: no open channel has this id.
		/// - [`Error::NotPayer`]: the signer is not the channel's payer.
		/// - [`Error::ChannelClosing`]: the payer already asked to close it.
		/// - [`Error::ChannelExpired`]: the channel has expired.
		/// - [`Error::Overflow`]: the end of the challenge period would overflow the block number.
		///
		/// ## Complexity
		///
		/// O(1).
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::request_close())]
		pub fn request_close(origin: OriginFor<T>, channel: ChannelId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_request_close(&who, channel)
		}

		/// Close a channel whose claim deadline has come.
		///
		/// Its challenge period is over, or it expired: the rest and the storage deposit go back to
		/// the payer.
		///
		/// - `origin`: signed by anyone.
		/// - `channel`: the channel's id.
		///
		/// Emits [`Event::ChannelClosed`].
		///
		/// # Errors
		///
		/// - [`Error::UnknownChannel`]: no open channel has this id.
		/// - [`Error::CloseNotRequested`]: the channel is open, unexpired, and the payer has not asked
		///   to close it.
		/// - [`Error::ChallengePeriodNotOver`]: the payer asked to close it, but its challenge period
		///   is not over.
		///
		/// ## Complexity
		///
		/// O(1).
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::finalize_close())]
		pub fn finalize_close(origin: OriginFor<T>, channel: ChannelId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_finalize_close(channel)
		}

		/// Offer a device for rent.
		///
		/// - `origin`: signed by the device's owner, from whom the listing's storage deposit
		///   ([`Pallet::listing_deposit`]) is held.
		/// - `device`: the device's id; active and not listed.
		/// - `price_per_block`: the rent per block.
		/// - `min_blocks`, `max_blocks`: the shortest and longest rental, `1 <= min <= max`.
		/// - `security_deposit`: what a renter puts down against damage.
		/// - `arbiter`: who may resolve a dispute besides governance; not the owner.
		///
		/// Emits [`Event::DeviceListed`].
		///
		/// # Errors
		///
		/// - [`Error::UnknownDevice`]: the device is not registered, or revoked.
		/// - [`Error::DeviceNotActive`]: the device is suspended.
		/// - [`Error::NotDeviceOwner`]: the signer does not own the device.
		/// - [`Error::AlreadyListed`]: the device is already listed.
		/// - [`Error::InvalidRentalDuration`]: `min_blocks` is zero or above `max_blocks`.
		/// - [`Error::Overflow`]: the longest rental's rent would overflow.
		/// - [`Error::ArbiterIsParty`]: `arbiter` is the owner.
		/// - [`Error::InsufficientBalance`]: the owner cannot hold the storage deposit and stay alive.
		///
		/// ## Complexity
		///
		/// O(1).
		#[pallet::call_index(20)]
		#[pallet::weight(T::WeightInfo::list_device())]
		pub fn list_device(
			origin: OriginFor<T>,
			device: T::AccountId,
			price_per_block: BalanceOf<T>,
			min_blocks: BlockNumberFor<T>,
			max_blocks: BlockNumberFor<T>,
			security_deposit: BalanceOf<T>,
			arbiter: Option<AccountIdLookupOf<T>>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let arbiter = arbiter.map(T::Lookup::lookup).transpose()?;
			let terms = RentalTerms { price_per_block, min_blocks, max_blocks, security_deposit };
			Self::do_list_device(&who, device, terms, arbiter)
		}

		/// Withdraw a device from rent.
		///
		/// The listing's storage deposit goes back to who listed it.
		///
		/// - `origin`: signed by who listed the device or by its current owner.
		/// - `device`: the device's id; listed, without a rental.
		///
		/// Emits [`Event::DeviceUnlisted`].
		///
		/// # Errors
		///
		/// - [`Error::NotListed`]: the device is not listed.
		/// - [`Error::NotDeviceOwner`]: the signer neither listed the device nor owns it now.
		/// - [`Error::DeviceRented`]: the device has a rental not yet settled.
		///
		/// ## Complexity
		///
		/// O(1).
		#[pallet::call_index(21)]
		#[pallet::weight(T::WeightInfo::unlist_device())]
		pub fn unlist_device(origin: OriginFor<T>, device: T::AccountId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_unlist_device(&who, device)
		}

		/// Rent a listed device for `blocks` blocks from now.
		///
		/// The rent (`price_per_block * blocks`) and the security deposit are held from the renter,
		/// who is the device's current user ([`Pallet::current_user`]) until the rental ends.
		///
		/// - `origin`: signed by the renter; not the owner, nor the listing's arbiter.
		/// - `device`: the device's id; listed, active, still owned by who listed it, and without a
		///   rental.
		/// - `blocks`: between the listing's minimum and maximum.
		///
		/// Emits [`Event::DeviceRented`].
		///
		/// # Errors
		///
		/// - [`Error::NotListed`]: the device is not listed.
		/// - [`Error::DeviceRented`]: the device has a rental not yet settled.
		/// - [`Error::PayeeIsPayer`]: the renter is the listing's owner.
		/// - [`Error::ArbiterIsParty`]: the renter is the listing's arbiter.
		/// - [`Error::DeviceNotActive`]: the device is suspended or revoked.
		/// - [`Error::ListingOwnerChanged`]: the device changed owner since it was listed.
		/// - [`Error::RentalTooShort`]: `blocks` is below the listing's minimum.
		/// - [`Error::RentalTooLong`]: `blocks` is above the listing's maximum.
		/// - [`Error::Overflow`]: the rent or the rental's end would overflow.
		/// - [`Error::InsufficientBalance`]: the renter cannot hold the rent and the security
		///   deposit and stay alive.
		///
		/// ## Complexity
		///
		/// O(1).
		#[pallet::call_index(22)]
		#[pallet::weight(T::WeightInfo::rent())]
		pub fn rent(
			origin: OriginFor<T>,
			device: T::AccountId,
			blocks: BlockNumberFor<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_rent(&who, device, blocks)
		}

		/// End a rental early.
		///
		/// The owner is paid `price_per_block` for each block used, but for at least the listing's
		/// `min_blocks`, and the renter is refunded the rest, exactly; the security deposit waits for
		/// the grace period as after a rental that ran its course. (Renting and ending at once so
		/// costs the minimum rental, not nothing.)
		///
		/// - `origin`: signed by the renter.
		/// - `device`: the rented device; its rental not yet ended.
		///
		/// Emits [`Event::RentalEnded`].
		///
		/// # Errors
		///
		/// - [`Error::NotRented`]: the device has no rental.
		/// - [`Error::NotRenter`]: the signer is not the renter.
		/// - [`Error::RentalEnded`]: the rental has already ended.
		/// - the currency's error: the owner cannot receive the rent.
		///
		/// ## Complexity
		///
		/// O(1).
		#[pallet::call_index(23)]
		#[pallet::weight(T::WeightInfo::end_rental())]
		pub fn end_rental(origin: OriginFor<T>, device: T::AccountId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_end_rental(&who, device)
		}

		/// Settle an ended rental.
		///
		/// The owner is paid the rent still held, the renter gets the security deposit back, and the
		/// device may be rented again. Anyone may settle after the grace period, or after the
		/// dispute's timeout if the owner disputed without a ruling; the owner may settle as soon as
		/// the rental ended, waiving its grace period.
		///
		/// - `origin`: signed by anyone.
		/// - `device`: the rented device.
		///
		/// Emits [`Event::RentalSettled`].
		///
		/// # Errors
		///
		/// - [`Error::NotRented`]: the device has no rental.
		/// - [`Error::RentalDisputed`]: the rental is disputed and its dispute has not timed out.
		/// - [`Error::RentalNotEnded`]: the rental has not ended yet.
		/// - [`Error::GracePeriodNotOver`]: the signer is not the owner and the grace period is not
		///   over.
		/// - the currency's error: the owner cannot receive the rent.
		///
		/// ## Complexity
		///
		/// O(1).
		#[pallet::call_index(24)]
		#[pallet::weight(T::WeightInfo::settle())]
		pub fn settle(origin: OriginFor<T>, device: T::AccountId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_settle(&who, device)
		}

		/// Dispute an ended rental (damage, say) within its grace period.
		///
		/// Its arbiter or governance then decides how much of the security deposit the owner gets,
		/// within `DisputeTimeout` blocks; after that anyone may settle it, returning the deposit to
		/// the renter (an owner's claim that no one upheld moves no money).
		///
		/// - `origin`: signed by the rental's owner (who listed the device).
		/// - `device`: the rented device; its rental ended less than `RentalGracePeriod` blocks ago
		///   and not yet disputed.
		///
		/// Emits [`Event::RentalDisputed`].
		///
		/// # Errors
		///
		/// - [`Error::NotRented`]: the device has no rental.
		/// - [`Error::NotRentalOwner`]: the signer is not the owner the rent is paid to.
		/// - [`Error::RentalDisputed`]: the rental is already disputed.
		/// - [`Error::RentalNotEnded`]: the rental has not ended yet.
		/// - [`Error::GracePeriodOver`]: the grace period is over.
		/// - [`Error::Overflow`]: the dispute's timeout would overflow the block number.
		///
		/// ## Complexity
		///
		/// O(1).
		#[pallet::call_index(25)]
		#[pallet::weight(T::WeightInfo::dispute_rental())]
		pub fn dispute_rental(origin: OriginFor<T>, device: T::AccountId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_dispute_rental(&who, device)
		}

		/// Resolve a disputed rental.
		///
		/// The owner is paid the rent still held and `to_owner_from_deposit` of the security deposit;
		/// the renter gets the rest back.
		///
		/// - `origin`: `GovernanceOrigin`, or signed by the rental's arbiter.
		/// - `device`: the rented device; its rental disputed.
		/// - `to_owner_from_deposit`: at most the security deposit.
		///
		/// Emits [`Event::RentalResolved`].
		///
		/// # Errors
		///
		/// - [`Error::NotRented`]: the device has no rental.
		/// - [`Error::NotArbiter`]: the signer is not the rental's arbiter.
		/// - [`Error::RentalNotDisputed`]: the rental is not disputed.
		/// - [`Error::SplitExceedsDeposit`]: `to_owner_from_deposit` is more than the security
		///   deposit.
		/// - the currency's error: the owner cannot receive its share.
		///
		/// ## Complexity
		///
		/// O(1).
		#[pallet::call_index(26)]
		#[pallet::weight(T::WeightInfo::resolve_rental())]
		pub fn resolve_rental(
			origin: OriginFor<T>,
			device: T::AccountId,
			to_owner_from_deposit: BalanceOf<T>,
		) -> DispatchResult {
			let arbiter = Self::arbiter_or_governance(origin)?;
			Self::do_resolve_rental(arbiter.as_ref(), device, to_owner_from_deposit)
		}
	}

	impl<T: Config> Pallet<T> {
		/// `None` for `GovernanceOrigin`, else the signer, whom the call checks is the arbiter.
		fn arbiter_or_governance(
			origin: OriginFor<T>,
		) -> Result<Option<T::AccountId>, DispatchError> {
			match T::GovernanceOrigin::try_origin(origin) {
				Ok(_) => Ok(None),
				Err(origin) => Ok(Some(ensure_signed(origin)?)),
			}
		}
	}
}

/// Releases the escrows waiting on a shipment's milestone, for the supply-chain pallet.
impl<T: Config> MilestoneHandler<T::AccountId> for Pallet<T> {
	/// Pays every open agreement whose payer is the shipment's shipper or receiver, waiting on
	/// `(shipment, milestone)`, whose deadline has not come; the others of those payers stop
	/// waiting on it (see [`Event::MilestoneNotReleased`]). Agreements of anyone else are not
	/// touched: a stranger's shipment with the same id pays nothing. Never fails: one
	/// agreement's failed payout is undone alone and reported.
	fn on_milestone(
		shipment: ShipmentId,
		milestone: MilestoneKind,
		parties: &ShipmentParties<T::AccountId>,
	) -> Weight {
		let released = Self::do_on_milestone(shipment, milestone, parties);
		T::WeightInfo::on_milestone(released)
	}

	/// The shipper's and the receiver's full lists.
	fn max_weight() -> Weight {
		use frame_support::traits::Get;
		T::WeightInfo::on_milestone(T::MaxAgreementsPerMilestone::get().saturating_mul(2))
	}
}

/// What the supply-chain pallet may ask about escrows before linking one to a shipment.
impl<T: Config> EscrowLookup<T::AccountId> for Pallet<T> {
	/// `Some` while the agreement waits on the milestone: open, not disputed, the milestone not
	/// yet reported by a shipment of its payer's.
	fn milestone_condition(agreement: AgreementId) -> Option<(ShipmentId, MilestoneKind)> {
		Self::waiting_milestone(agreement)
	}

	fn parties(agreement: AgreementId) -> Option<(T::AccountId, T::AccountId)> {
		Agreements::<T>::get(agreement).map(|agreement| (agreement.payer, agreement.payee))
	}
}
