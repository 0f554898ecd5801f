//! # Device registry
//!
//! On-chain identities of IoT devices, each proven to be held by the device it names.
//!
//! Every other part of IoTChain (data anchoring, machine payments, supply chains) needs to know
//! which device did something and that it really was that device. A device here is identified
//! by the account derived from the public key it was registered with (sr25519, ed25519 or
//! ECDSA through `MultiSigner`), and nobody can register a key without the device's signature:
//! a **proof of possession**. Other pallets ask about devices through
//! [`iotchain_primitives::DeviceLookup`], which this pallet implements.
//!
//! ## Overview
//!
//! - A device's id ([`DeviceId`]) is fixed for its life; its record holds the current key, which
//!   the owner can rotate with a proof from the new key.
//! - An owner holds a deposit for each device, `DepositBase + DepositPerByte * bytes` where
//!   `bytes` counts manufacturer, model and metadata, under [`HoldReason::DeviceDeposit`]. Every
//!   path that removes or shrinks a record releases what it held; a transfer moves the deposit
//!   to the new owner (released from the old, held from the new).
//! - Registering also pays a one-off, non-refundable `RecordFee` (to `FeeDestination`, the
//!   treasury in IoTChain's runtime). A device id can never be registered again, so every
//!   registration leaves state that is never removed: the minimal record a revoked device keeps
//!   and its last key's index entry. A deposit is for state that can be removed and refunded
//!   when it is; state that stays forever is paid for once, when it is created, as data anchors
//!   pay `AnchorFee`. Charging it at registration rather than keeping part of the deposit at
//!   revocation also keeps revoking (the answer to a compromised device) free of any penalty,
//!   and makes the account that created the state pay for it, not whoever owns the device last.
//! - Revoking is permanent: the deposit is released, and a minimal record stays so that the id
//!   is never reused and past data stays attributable. The device's last key stays bound to it
//!   in the key index, so no other device can take it (`KeyRetired`); a key rotated away from a
//!   live device is free again.
//! - Every key a device rotates away from stays in its **key history** for good, with the block
//!   it was rotated away in, so that a reading a device signed stays verifiable after it rotates
//!   or is revoked: [`iotchain_primitives::KeyHistory::key_at`] answers which key the device held
//!   at any block since its registration. A rotation pays a one-off, non-refundable
//!   `KeyHistoryFee` (to `FeeDestination`) for the state it adds. See "Key history" below.
//! - Keys for which a proof of possession can be forged without a secret (the sr25519 identity
//!   and the ed25519 points of small order, see [`weak_keys`]) are refused wherever a key
//!   enters the registry (`WeakKey`): registration, batch registration and rotation.
//! - Text fields and batches in calls are bounded types: over-long input fails to decode.
//! - Operators (a gateway, say) may act for a device in other pallets; the owner manages them.
//! - Certifiers (manufacturers, test labs), admitted by `CertifierOrigin` (governance), vouch for
//!   devices with a claim hash and an expiry. A certification vouches for the key the device
//!   held when it was made, under the certifier's admission at that time: it counts while it
//!   has not expired, the device still holds that key (a rotation voids it until the certifier
//!   certifies the new key) and its certifier is a certifier under the same admission (each
//!   admission gets a new number, so a certifier removed and admitted again starts afresh).
//!   Certifiers pay no deposit: governance admits them and each device holds at most
//!   `MaxCertificationsPerDevice` certifications.
//! - Clients read devices through [`Pallet::device`], [`Pallet::device_by_key`],
//!   [`Pallet::devices_by_owner`], [`Pallet::certifications`] and [`Pallet::key_history`], served
//!   by the runtime API in `pallet-device-registry-runtime-api` and the `deviceRegistry_*` RPC
//!   methods.
//!
//! ## Calls
//!
//! - [`register_device`](Pallet::register_device): an owner registers a device with its proof of
//!   possession.
//! - [`register_devices`](Pallet::register_devices): up to `MaxBatchRegistrations` at once, all or
//!   nothing.
//! - [`update_metadata`](Pallet::update_metadata): the owner replaces metadata and content hash;
//!   the deposit follows.
//! - [`suspend`](Pallet::suspend) / [`resume`](Pallet::resume): the owner pauses and resumes a
//!   device.
//! - [`revoke`](Pallet::revoke): the owner retires a device for good; the deposit is returned
//!   (the record fee paid at registration is not).
//! - [`rotate_key`](Pallet::rotate_key): the owner replaces the device's key, with a proof from
//!   the new key, and pays the key history fee for the old key's place in the history.
//! - [`add_operator`](Pallet::add_operator) / [`remove_operator`](Pallet::remove_operator): the
//!   owner manages who may act for the device.
//! - [`offer_transfer`](Pallet::offer_transfer) / [`accept_transfer`](Pallet::accept_transfer) /
//!   [`cancel_transfer`](Pallet::cancel_transfer): two-step change of owner; the buyer accepts
//!   with a witness of the device's key and the most deposit it will hold, like `pallet-nfts`'
//!   witness price, so a seller cannot rotate the key or grow the deposit under the buyer.
//! - [`add_certifier`](Pallet::add_certifier) / [`remove_certifier`](Pallet::remove_certifier):
//!   governance manages the certifiers.
//! - [`certify`](Pallet::certify) / [`revoke_certification`](Pallet::revoke_certification): a
//!   certifier vouches for a device, or withdraws (the device's owner may also drop one).
//!
//! ## Proofs of possession, byte for byte
//!
//! Both proofs follow IoTChain's signed-payload convention ([`iotchain_primitives::signing`]):
//! the device signs the SCALE encoding of a tuple that starts with a domain tag and the genesis
//! hash. SCALE encodes a tuple as its elements one after another, with no separators:
//!
//! | field | encoding | bytes |
//! |---|---|---|
//! | domain tag | `Vec<u8>`: compact length (`len << 2` for lengths under 64), then ASCII | 1 + len |
//! | genesis hash | the hash of block 0, raw | 32 |
//! | account ids (owner, device) | `AccountId32`, raw | 32 |
//! | keys | `MultiSigner`: variant byte, then the public key | 33 or 34 |
//!
//! Key variants: `0x00` ed25519 + 32-byte key, `0x01` sr25519 + 32-byte key, `0x02` ECDSA
//! (secp256k1) + 33-byte compressed key. The proof is a `MultiSignature` of the same scheme:
//! `0x00` ed25519 + 64 bytes, `0x01` sr25519 + 64 bytes (schnorrkel, signing context
//! `b"substrate"`), `0x02` ECDSA + 65 bytes (`r ‖ s ‖ recovery id`, over the BLAKE2b-256 hash
//! of the payload). The message signed is the payload bytes themselves.
//!
//! **Registration**, signed by the device's key:
//!
//! ```text
//! ("iotchain/register", genesis_hash, owner: AccountId32, device_key: MultiSigner)
//!  0x44 69 6f 74 63 68 61 69 6e 2f 72 65 67 69 73 74 65 72   tag, 17 bytes
//!  <32 bytes>                                                 genesis hash
//!  <32 bytes>                                                 owner, who submits the call
//!  <variant byte> <32 or 33 bytes>                            the device's key
//! ```
//!
//! Binding the owner keeps a proof seen in the transaction pool from being submitted by
//! someone else; the registration consumes the key (a device id is never registered twice, even
//! after it is revoked), so a proof cannot be replayed.
//!
//! Worked example (checked by the test `registration_payload_matches_the_documented_bytes`):
//! genesis `0x45…45`, owner `0x11…11`, sr25519 key `0x22…22` give the 115 bytes
//!
//! ```text
//! 44 69 6f 74 63 68 61 69 6e 2f 72 65 67 69 73 74 65 72
//! 45 45 45 45 45 45 45 45 45 45 45 45 45 45 45 45 45 45 45 45 45 45 45 45 45 45 45 45 45 45 45 45
//! 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11
//! 01
//! 22 22 22 22 22 22 22 22 22 22 22 22 22 22 22 22 22 22 22 22 22 22 22 22 22 22 22 22 22 22 22 22
//! ```
//!
//! A signed example, to check a firmware's ed25519 against (test
//! `ed25519_registration_proof_matches_the_documented_example`): the ed25519 key with secret
//! seed `0x01…01` (32 bytes) has public key
//! `8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c`; with the same genesis
//! and owner as above, its payload ends `00 8a 88 e3 … 5c` and its signature (ed25519 is
//! deterministic) is
//!
//! ```text
//! 618c13246d9806c8d3497c907e66356a8b5b6b70888fddcb0335eb88698dbe77
//! 13dbda01ebc12e96d6952ca29a67ef7e59c2c64ed651c8f0de1bac40309be303
//! ```
//!
//! and the call's `proof` is `0x00` followed by those 64 bytes.
//!
//! **Key rotation**, signed by the *new* key:
//!
//! ```text
//! ("iotchain/rotate", genesis_hash, device: AccountId32, old_key: MultiSigner, new_key: MultiSigner)
//!  0x3c 69 6f 74 63 68 61 69 6e 2f 72 6f 74 61 74 65         tag, 15 bytes
//!  <32 bytes>                                                 genesis hash
//!  <32 bytes>                                                 the device's id
//!  <variant byte> <32 or 33 bytes>                            the key being replaced
//!  <variant byte> <32 or 33 bytes>                            the new key
//! ```
//!
//! A proof of possession only means something if making it needs a secret. For the sr25519
//! identity key and for ed25519 keys of small order it does not (a fixed "signature" verifies
//! every message), so those keys are refused; [`weak_keys`] lists them and says why ECDSA has
//! none.
//!
//! The old key is the replay guard: a rotation proof is valid only while the device holds
//! `old_key`, so it is spent once the rotation happens. (It could be used again only if the
//! owner rotated the device back to `old_key`, and then it would install a key its holder
//! already agreed to bind to this very device.)
//!
//! ## Key history
//!
//! A gateway anchors the Merkle root of readings its devices signed; whoever checks a reading
//! later needs the key its device held when the aggregate was anchored, not the key it holds
//! when someone asks. The registry keeps that answer in its own state rather than leaving
//! verifiers to read historical state, which a pruning node no longer has.
//!
//! **What is kept.** Each rotation appends the key rotated away from to [`PastKeys`] under the
//! device's id and the next index, `PastKey { key, until }`, where `until` is the block it was
//! rotated away in, and counts it in [`PastKeyCount`]. The device's keys thus follow one
//! another: the entry at index `i` was held from the previous entry's `until` (from the
//! registration block for index 0) up to the block before its own `until`; the record's key
//! has been held since the last entry's `until`. A key rotated away from in block `n` is not
//! held at `n`, the key rotated to is: "held at block `n`" means "in the registry's state after
//! block `n` executed".
//!
//! **Why an index and only `until`.** Keying entries by the block they were retired in would
//! lose a key when a device rotates twice in one block; an index cannot collide. Two rotations
//! in one block leave two entries with the same `until`, and the key between them, held for no
//! block, is kept but never answered. Storing each entry's first block as well would only repeat
//! its neighbour's `until` (4 more bytes a rotation, one more read in `rotate_key`, and a copy
//! that could disagree with the original); a reader gets it from the entry before.
//!
//! **Reading it.** `key_at(device, block)` is `None` for an unknown device or a block before
//! its registration; otherwise it is the key of the first entry whose `until` is after `block`,
//! found by binary search over the index (`until` never decreases along it), or the record's
//! key if there is none. It reads the record, the count and at most `⌈log₂(n + 1)⌉` entries for
//! `n` past keys. A revoked device keeps its record and its last key, so it still answers: its
//! last key for every block since its last rotation. Clients page through a device's whole
//! history, each key with the blocks it was held at, with [`Pallet::key_history`]
//! (`deviceRegistry_keyHistory`).
//!
//! **Who pays.** The history is never removed (a revoked device's readings stay verifiable for
//! the chain's life), so a refundable deposit would never be refunded: like `RecordFee`, each
//! rotation pays a one-off `KeyHistoryFee` from the owner to `FeeDestination`, refused with
//! `CannotPayKeyHistoryFee` (and nothing changed) if the owner cannot pay it and stay alive.
//! IoTChain's runtime prices it per byte like the other fees for state kept forever
//! (`runtime/src/configs/devices.rs` counts the bytes).
//!
//! **Devices rotated before the key history.** The history was added without a migration:
//! a device that rotated its key before then has no entry for the keys it held before, and its
//! first entry (made at its next rotation) reads as if it had held the key it then held since
//! its registration. Its answers for blocks before the upgrade are therefore the key it held at
//! the upgrade, never an older key, so a key rotated away from is never taken for a current one;
//! no aggregate predates the upgrade, so no proof of a reading is affected.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod features;
pub mod migrations;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weak_keys;
pub mod weights;

pub use features::read::DeviceViewOf;
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use frame_support::traits::Get;
use frame_system::pallet_prelude::BlockNumberFor;
use sp_core::H256;
use sp_runtime::{
	traits::{StaticLookup, Zero},
	MultiSigner,
};

/// The most devices one page of [`Pallet::devices_by_owner`] returns.
pub const MAX_DEVICES_PAGE: u32 = 100;

/// The most keys one page of [`Pallet::key_history`] returns.
pub const MAX_KEY_HISTORY_PAGE: u32 = 100;

type AccountIdLookupOf<T> = <<T as frame_system::Config>::Lookup as StaticLookup>::Source;

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
		traits::{fungible, BuildGenesisConfig, OnUnbalanced},
		BoundedBTreeSet, DefaultNoBound,
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::{AccountId32, MultiSignature};

	/// The layout of this pallet's storage; bump it with a migration when the layout changes.
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Device ids are the accounts derived from `MultiSigner`s, so the runtime's accounts must
	/// be `AccountId32`; proofs sign the genesis hash, so its hashes must be `H256`.
	#[pallet::config]
	pub trait Config: frame_system::Config<AccountId = AccountId32, Hash = H256> {
		/// The runtime's hold reasons, which include this pallet's [`HoldReason`].
		type RuntimeHoldReason: From<HoldReason>;

		/// The currency device deposits are held in and record fees paid in.
		type Currency: fungible::Mutate<Self::AccountId>
			+ fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ fungible::Balanced<Self::AccountId>;

		/// Who may add and remove certifiers (governance).
		type CertifierOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The deposit held for every device, whatever its size.
		#[pallet::constant]
		type DepositBase: Get<BalanceOf<Self>>;

		/// The deposit held per byte of manufacturer, model and metadata.
		#[pallet::constant]
		type DepositPerByte: Get<BalanceOf<Self>>;

		/// The one-off fee for the part of a device's state that is never removed (the minimal
		/// record a revoked device keeps and its last key's index entry), paid by the owner at
		/// registration and not refunded.
		#[pallet::constant]
		type RecordFee: Get<BalanceOf<Self>>;

		/// The one-off fee for the key history a rotation adds and that is never removed (the
		/// entry for the key rotated away from, and the device's count of such entries), paid by
		/// the owner at each rotation and not refunded.
		#[pallet::constant]
		type KeyHistoryFee: Get<BalanceOf<Self>>;

		/// Where record and key history fees go; `()` burns them.
		type FeeDestination: OnUnbalanced<CreditOf<Self>>;

		/// The longest manufacturer or model name, in bytes.
		#[pallet::constant]
		type MaxNameLen: Get<u32>;

		/// The longest metadata (a URI or CID), in bytes.
		#[pallet::constant]
		type MaxMetadataLen: Get<u32>;

		/// The most devices one `register_devices` call registers.
		#[pallet::constant]
		type MaxBatchRegistrations: Get<u32>;

		/// The most operators a device has.
		#[pallet::constant]
		type MaxOperators: Get<u32>;

		/// The most certifications a device holds.
		#[pallet::constant]
		type MaxCertificationsPerDevice: Get<u32>;

		/// The weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit for a registered device's record.
		DeviceDeposit,
	}

	/// Every device ever registered, by id; revoked ones keep a minimal record.
	#[pallet::storage]
	pub type Devices<T: Config> = StorageMap<_, Blake2_128Concat, DeviceId, DeviceRecord<T>>;

	/// The device each key belongs to: every live device's current key, and the last key of every
	/// revoked device, which stays bound to it for good. Rotating a live device's key frees the
	/// old key's entry.
	#[pallet::storage]
	pub type DeviceByKey<T: Config> = StorageMap<_, Blake2_128Concat, DeviceKey, DeviceId>;

	/// The devices each account owns, iterable by owner for paging. Revoked devices leave it.
	#[pallet::storage]
	pub type DevicesByOwner<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Blake2_128Concat, DeviceId, ()>;

	/// The accounts that may act for a device besides its owner.
	#[pallet::storage]
	pub type Operators<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		DeviceId,
		BoundedBTreeSet<T::AccountId, T::MaxOperators>,
		ValueQuery,
	>;

	/// The accounts that may certify devices, with the number of their current admission.
	#[pallet::storage]
	pub type Certifiers<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, AdmissionIndex>;

	/// How many admissions of certifiers there have been: the number of the latest one.
	#[pallet::storage]
	pub type CertifierAdmissions<T: Config> = StorageValue<_, AdmissionIndex, ValueQuery>;

	/// Certifications by device, then certifier.
	#[pallet::storage]
	pub type Certifications<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		DeviceId,
		Blake2_128Concat,
		T::AccountId,
		Certification<BlockNumberFor<T>>,
	>;

	/// The account each device is offered to, until it accepts or the owner cancels.
	#[pallet::storage]
	pub type PendingTransfers<T: Config> = StorageMap<_, Blake2_128Concat, DeviceId, T::AccountId>;

	/// Every key each device rotated away from, by device and then by its place in the device's
	/// history (0 for the first key it rotated away from), with the block it was rotated away in.
	/// Kept for good, revoked devices included, so that what a device signed stays verifiable
	/// ([`iotchain_primitives::KeyHistory`]). Indexes run from 0 to the device's
	/// [`PastKeyCount`] without a gap.
	#[pallet::storage]
	pub type PastKeys<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		DeviceId,
		Twox64Concat,
		u32,
		PastKey<BlockNumberFor<T>>,
	>;

	/// How many keys each device rotated away from: the length of its history in [`PastKeys`].
	/// A device that never rotated has no entry.
	#[pallet::storage]
	pub type PastKeyCount<T: Config> = StorageMap<_, Blake2_128Concat, DeviceId, u32, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Accounts that may certify devices from the first block.
		pub certifiers: Vec<T::AccountId>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for certifier in &self.certifiers {
				if let Err(error) = Pallet::<T>::do_add_certifier(certifier.clone()) {
					panic!("genesis certifier {certifier:?} cannot be admitted: {error:?}");
				}
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `owner` registered `device`, which proved it holds `key`; `deposit` is held from
		/// `owner` and `record_fee` was paid for the device's permanent record.
		DeviceRegistered {
			device: DeviceId,
			owner: T::AccountId,
			key: MultiSigner,
			kind: DeviceKind,
			deposit: BalanceOf<T>,
			record_fee: BalanceOf<T>,
		},
		/// The device's metadata and content hash were replaced; its deposit is now `deposit`.
		MetadataUpdated {
			device: DeviceId,
			metadata: BoundedVec<u8, T::MaxMetadataLen>,
			content_hash: Option<H256>,
			deposit: BalanceOf<T>,
		},
		/// The owner suspended the device.
		DeviceSuspended { device: DeviceId },
		/// The owner resumed the device.
		DeviceResumed { device: DeviceId },
		/// The owner revoked the device for good and got `deposit_released` back.
		DeviceRevoked { device: DeviceId, owner: T::AccountId, deposit_released: BalanceOf<T> },
		/// The device's key changed from `old_key` to `new_key`; `old_key` joined the device's
		/// key history and `key_history_fee` was paid for it.
		KeyRotated {
			device: DeviceId,
			old_key: MultiSigner,
			new_key: MultiSigner,
			key_history_fee: BalanceOf<T>,
		},
		/// `operator` may now act for the device.
		OperatorAdded { device: DeviceId, operator: T::AccountId },
		/// `operator` may no longer act for the device.
		OperatorRemoved { device: DeviceId, operator: T::AccountId },
		/// `from` offered the device to `to`.
		TransferOffered { device: DeviceId, from: T::AccountId, to: T::AccountId },
		/// `to` accepted the device from `from`; `deposit` moved from `from`'s holds to `to`'s
		/// and the device's operators were cleared.
		TransferAccepted {
			device: DeviceId,
			from: T::AccountId,
			to: T::AccountId,
			deposit: BalanceOf<T>,
		},
		/// The owner withdrew the offer of the device to `to`.
		TransferCancelled { device: DeviceId, to: T::AccountId },
		/// `certifier` may now certify devices.
		CertifierAdded { certifier: T::AccountId },
		/// `certifier` may no longer certify devices; its certifications no longer count.
		CertifierRemoved { certifier: T::AccountId },
		/// `certifier` vouched for the device with `claim_hash` until block `expires_at`.
		DeviceCertified {
			device: DeviceId,
			certifier: T::AccountId,
			claim_hash: H256,
			expires_at: BlockNumberFor<T>,
		},
		/// `certifier`'s certification of the device was removed.
		CertificationRevoked { device: DeviceId, certifier: T::AccountId },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The key is of a scheme devices cannot use; use sr25519, ed25519 or ECDSA.
		UnsupportedKeyType,
		/// The proof is not the key's signature of the expected payload (wrong key, wrong owner,
		/// wrong domain tag, another chain's genesis hash, or a forgery).
		InvalidProof,
		/// Another device holds this key.
		KeyAlreadyRegistered,
		/// A device with the id this key derives is already registered.
		DeviceAlreadyExists,
		/// The device is revoked: it cannot act, change or be registered again.
		DeviceRevoked,
		/// No device has this id.
		UnknownDevice,
		/// Only the device's owner may do this.
		NotOwner,
		/// The device is not active.
		NotActive,
		/// The device is not suspended.
		NotSuspended,
		/// The batch has no registrations.
		EmptyBatch,
		/// The device already has `MaxOperators` operators.
		TooManyOperators,
		/// The account already operates the device.
		AlreadyOperator,
		/// The account does not operate the device.
		NotOperator,
		/// The device is offered to its own owner.
		TransferToSelf,
		/// The device is not offered to anyone.
		NoPendingTransfer,
		/// The device is offered to another account.
		NotTransferRecipient,
		/// The account is not a certifier.
		NotCertifier,
		/// The account is already a certifier.
		AlreadyCertifier,
		/// The certification would expire at or before the current block.
		ExpiryInPast,
		/// The device already holds `MaxCertificationsPerDevice` certifications.
		TooManyCertifications,
		/// The certifier has not certified the device.
		NoCertification,
		/// Only the certifier or the device's owner may remove a certification.
		NeitherCertifierNorOwner,
		/// The key proves nothing: it is the sr25519 identity or an ed25519 point of small
		/// order, for which a signature of any message can be made without a secret.
		WeakKey,
		/// The key was the last key of a revoked device and stays bound to it for good.
		KeyRetired,
		/// The device's key is not the one the buyer expected: the seller rotated it.
		KeyChanged,
		/// The device's deposit is above what the buyer accepts to hold.
		DepositAboveLimit,
		/// The owner cannot pay the record fee and keep its account alive.
		CannotPayRecordFee,
		/// The owner cannot pay the key history fee and keep its account alive.
		CannotPayKeyHistoryFee,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxBatchRegistrations::get() > 0, "MaxBatchRegistrations must be positive");
			assert!(T::MaxOperators::get() > 0, "MaxOperators must be positive");
			assert!(
				T::MaxCertificationsPerDevice::get() > 0,
				"MaxCertificationsPerDevice must be positive"
			);
			assert!(T::MaxNameLen::get() > 0, "MaxNameLen must be positive");
			assert!(T::MaxMetadataLen::get() > 0, "MaxMetadataLen must be positive");
			assert!(
				!T::DepositBase::get().is_zero(),
				"a zero DepositBase would let anyone fill storage with devices for free"
			);
			assert!(
				T::WeightInfo::register_devices(T::MaxBatchRegistrations::get())
					.all_lte(T::BlockWeights::get().max_block),
				"a full batch of registrations must fit in a block"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Register a device the caller owns, with the device's proof that it holds its key.
		///
		/// Holds `DepositBase + DepositPerByte * (manufacturer + model + metadata bytes)` from the
		/// owner and takes `RecordFee` for good (to `FeeDestination`).
		///
		/// - `origin`: signed by the owner, who pays the deposit and the record fee.
		/// - `registration`: the device's key (not a weak key, see [`weak_keys`]), its proof of
		///   possession (the key's signature of `("iotchain/register", genesis_hash, owner, key)`,
		///   see the crate docs), its kind, manufacturer and model (at most `MaxNameLen` bytes
		///   each), metadata (at most `MaxMetadataLen` bytes) and the metadata's content hash.
		///   Longer fields fail to decode.
		///
		/// Emits [`Event::DeviceRegistered`].
		///
		/// # Errors
		///
		/// - [`Error::UnsupportedKeyType`]: the key is an Ethereum-style key.
		/// - [`Error::WeakKey`]: a proof of possession can be forged for the key.
		/// - [`Error::KeyAlreadyRegistered`]: a device holds the key now.
		/// - [`Error::KeyRetired`]: the key was the last key of another, revoked, device.
		/// - [`Error::DeviceRevoked`]: the key's device id was registered and revoked.
		/// - [`Error::DeviceAlreadyExists`]: the key's device id is registered (its key since
		///   rotated).
		/// - [`Error::InvalidProof`]: `registration.proof` is not the key's signature of the
		///   registration payload for the caller.
		/// - [`Error::CannotPayRecordFee`]: the owner cannot pay the record fee besides the deposit
		///   and stay alive (the currency's own error if it cannot hold the deposit).
		///
		/// ## Complexity
		///
		/// O(1), one signature verification.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_device())]
		pub fn register_device(
			origin: OriginFor<T>,
			registration: DeviceRegistration<T>,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_register_device(&owner, registration)
		}

		/// Register several devices at once, all or nothing.
		///
		/// If one registration fails, none is kept; each holds its own deposit and pays the record
		/// fee, as for `register_device`.
		///
		/// - `origin`: signed by the owner of every device, who pays their deposits and record
		///   fees.
		/// - `registrations`: 1 to `MaxBatchRegistrations` registrations (a longer batch fails to
		///   decode), each with its own proof of possession, as for `register_device`.
		///
		/// Emits [`Event::DeviceRegistered`] for each device.
		///
		/// # Errors
		///
		/// - [`Error::EmptyBatch`]: the batch has no registrations.
		/// - Any error of [`register_device`](Pallet::register_device), for the first registration
		///   that fails.
		///
		/// ## Complexity
		///
		/// O(n), n the registrations, one signature verification each.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::register_devices(
			u32::try_from(registrations.len()).unwrap_or(u32::MAX)
		))]
		pub fn register_devices(
			origin: OriginFor<T>,
			registrations: DeviceRegistrations<T>,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_register_devices(&owner, registrations)
		}

		/// Replace a device's metadata and content hash.
		///
		/// The deposit grows or shrinks to match the new length.
		///
		/// - `origin`: signed by the device's owner.
		/// - `device`: the device's id.
		/// - `metadata`: the new metadata, at most `MaxMetadataLen` bytes (longer fails to decode).
		/// - `content_hash`: the hash of the document `metadata` points to, if any.
		///
		/// Emits [`Event::MetadataUpdated`].
		///
		/// # Errors
		///
		/// - [`Error::UnknownDevice`]: no device has id `device`.
		/// - [`Error::DeviceRevoked`]: the device is revoked.
		/// - [`Error::NotOwner`]: the caller does not own the device.
		///
		/// The currency's error if the owner cannot hold a larger deposit.
		///
		/// ## Complexity
		///
		/// O(m), m the metadata's length.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::update_metadata(
			u32::try_from(metadata.len()).unwrap_or(u32::MAX)
		))]
		pub fn update_metadata(
			origin: OriginFor<T>,
			device: DeviceId,
			metadata: BoundedVec<u8, T::MaxMetadataLen>,
			content_hash: Option<H256>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_update_metadata(&who, &device, metadata, content_hash)
		}

		/// Suspend an active device: other pallets stop accepting it until it is resumed.
		///
		/// - `origin`: signed by the device's owner.
		/// - `device`: the device's id.
		///
		/// Emits [`Event::DeviceSuspended`].
		///
		/// # Errors
		///
		/// - [`Error::UnknownDevice`]: no device has id `device`.
		/// - [`Error::DeviceRevoked`]: the device is revoked.
		/// - [`Error::NotOwner`]: the caller does not own the device.
		/// - [`Error::NotActive`]: the device is already suspended.
		///
		/// ## Complexity
		///
		/// O(1).
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::suspend())]
		pub fn suspend(origin: OriginFor<T>, device: DeviceId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_suspend(&who, &device)
		}

		/// Resume a suspended device.
		///
		/// - `origin`: signed by the device's owner.
		/// - `device`: the device's id.
		///
		/// Emits [`Event::DeviceResumed`].
		///
		/// # Errors
		///
		/// - [`Error::UnknownDevice`]: no device has id `device`.
		/// - [`Error::DeviceRevoked`]: the device is revoked.
		/// - [`Error::NotOwner`]: the caller does not own the device.
		/// - [`Error::NotSuspended`]: the device is active.
		///
		/// ## Complexity
		///
		/// O(1).
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::resume())]
		pub fn resume(origin: OriginFor<T>, device: DeviceId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_resume(&who, &device)
		}

		/// Revoke a device for good; its deposit is returned.
		///
		/// Its operators, certifications and any pending transfer are removed, and a minimal record
		/// (paid for by the record fee at registration) keeps its id from ever being registered
		/// again and its last key from ever being held by another device.
		///
		/// - `origin`: signed by the device's owner.
		/// - `device`: the device's id.
		///
		/// Emits [`Event::DeviceRevoked`].
		///
		/// # Errors
		///
		/// - [`Error::UnknownDevice`]: no device has id `device`.
		/// - [`Error::DeviceRevoked`]: the device is revoked.
		/// - [`Error::NotOwner`]: the caller does not own the device.
		///
		/// ## Complexity
		///
		/// O(c), c the device's certifications (at most `MaxCertificationsPerDevice`); charged for
		/// the bound, refunded down to c.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::revoke(T::MaxCertificationsPerDevice::get()))]
		pub fn revoke(origin: OriginFor<T>, device: DeviceId) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let certifications = Self::do_revoke(&who, &device)?;
			Ok(Some(T::WeightInfo::revoke(certifications)).into())
		}

		/// Replace a device's key, for instance when it was lost or compromised; its id stays.
		///
		/// The device's certifications vouch for the key they were made for, so they stop counting
		/// until their certifiers certify the new key. The old key joins the device's key history
		/// for good, for which the owner pays `KeyHistoryFee` (to `FeeDestination`).
		///
		/// - `origin`: signed by the device's owner, who pays the key history fee.
		/// - `device`: the device's id.
		/// - `new_key`: the key the device signs with from now on; no device may hold it yet, it
		///   may not be a revoked device's last key, nor a weak key (see [`weak_keys`]).
		/// - `proof`: `new_key`'s signature of `("iotchain/rotate", genesis_hash, device, old_key,
		///   new_key)`, see the crate docs.
		///
		/// Emits [`Event::KeyRotated`].
		///
		/// # Errors
		///
		/// - [`Error::UnsupportedKeyType`]: `new_key` is an Ethereum-style key.
		/// - [`Error::WeakKey`]: a proof of possession can be forged for `new_key`.
		/// - [`Error::UnknownDevice`]: no device has id `device`.
		/// - [`Error::DeviceRevoked`]: the device is revoked.
		/// - [`Error::NotOwner`]: the caller does not own the device.
		/// - [`Error::KeyAlreadyRegistered`]: a device (this one included) holds `new_key`.
		/// - [`Error::KeyRetired`]: `new_key` was the last key of a revoked device.
		/// - [`Error::InvalidProof`]: `proof` is not `new_key`'s signature of the rotation payload.
		/// - [`Error::CannotPayKeyHistoryFee`]: the owner cannot pay the key history fee and stay
		///   alive.
		///
		/// `Arithmetic(Overflow)` once the device has rotated `u32::MAX` times.
		///
		/// ## Complexity
		///
		/// O(1), one signature verification.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::rotate_key())]
		pub fn rotate_key(
			origin: OriginFor<T>,
			device: DeviceId,
			new_key: MultiSigner,
			proof: MultiSignature,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_rotate_key(&who, &device, new_key, proof)
		}

		/// Allow an account (a gateway, say) to act for a device in other pallets.
		///
		/// - `origin`: signed by the device's owner.
		/// - `device`: the device's id.
		/// - `operator`: the account; a device has at most `MaxOperators`.
		///
		/// Emits [`Event::OperatorAdded`].
		///
		/// # Errors
		///
		/// - [`Error::UnknownDevice`]: no device has id `device`.
		/// - [`Error::DeviceRevoked`]: the device is revoked.
		/// - [`Error::NotOwner`]: the caller does not own the device.
		/// - [`Error::AlreadyOperator`]: `operator` already operates the device.
		/// - [`Error::TooManyOperators`]: the device has `MaxOperators` operators.
		///
		/// ## Complexity
		///
		/// O(log o), o the device's operators.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::add_operator())]
		pub fn add_operator(
			origin: OriginFor<T>,
			device: DeviceId,
			operator: AccountIdLookupOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let operator = T::Lookup::lookup(operator)?;
			Self::do_add_operator(&who, &device, operator)
		}

		/// Stop an account from acting for a device.
		///
		/// - `origin`: signed by the device's owner.
		/// - `device`: the device's id.
		/// - `operator`: one of the device's operators.
		///
		/// Emits [`Event::OperatorRemoved`].
		///
		/// # Errors
		///
		/// - [`Error::UnknownDevice`]: no device has id `device`.
		/// - [`Error::DeviceRevoked`]: the device is revoked.
		/// - [`Error::NotOwner`]: the caller does not own the device.
		/// - [`Error::NotOperator`]: `operator` does not operate the device.
		///
		/// ## Complexity
		///
		/// O(log o), o the device's operators.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::remove_operator())]
		pub fn remove_operator(
			origin: OriginFor<T>,
			device: DeviceId,
			operator: AccountIdLookupOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let operator = T::Lookup::lookup(operator)?;
			Self::do_remove_operator(&who, &device, operator)
		}

		/// Offer a device to another account, which becomes its owner when it accepts.
		///
		/// A new offer replaces a pending one.
		///
		/// - `origin`: signed by the device's owner.
		/// - `device`: the device's id.
		/// - `to`: the account offered the device.
		///
		/// Emits [`Event::TransferOffered`].
		///
		/// # Errors
		///
		/// - [`Error::UnknownDevice`]: no device has id `device`.
		/// - [`Error::DeviceRevoked`]: the device is revoked.
		/// - [`Error::NotOwner`]: the caller does not own the device.
		/// - [`Error::TransferToSelf`]: `to` owns the device.
		///
		/// ## Complexity
		///
		/// O(1).
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::offer_transfer())]
		pub fn offer_transfer(
			origin: OriginFor<T>,
			device: DeviceId,
			to: AccountIdLookupOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let to = T::Lookup::lookup(to)?;
			Self::do_offer_transfer(&who, &device, to)
		}

		/// Accept a device offered to the caller, as long as it is in the state the caller saw.
		///
		/// The caller's deposit for it is held and the previous owner's released; the device's
		/// operators are cleared, since they were the previous owner's choice. Call index 10 was
		/// the same call without the witnesses; it is not reused.
		///
		/// - `origin`: signed by the account the device is offered to, which must be able to hold
		///   the device's deposit.
		/// - `device`: the device's id.
		/// - `expected_key`: the key the caller expects the device to hold.
		/// - `max_deposit`: the largest deposit the caller accepts to hold for the device.
		///
		/// Emits [`Event::TransferAccepted`].
		///
		/// # Errors
		///
		/// - [`Error::NoPendingTransfer`]: the device is not offered (or no longer exists).
		/// - [`Error::NotTransferRecipient`]: the device is offered to another account.
		/// - [`Error::KeyChanged`]: the device's key is not `expected_key`: the owner rotated it.
		/// - [`Error::DepositAboveLimit`]: the device's deposit is above `max_deposit`: the owner
		///   grew its description.
		///
		/// The currency's error if the caller cannot hold the deposit.
		///
		/// ## Complexity
		///
		/// O(1).
		#[pallet::call_index(16)]
		#[pallet::weight(T::WeightInfo::accept_transfer())]
		pub fn accept_transfer(
			origin: OriginFor<T>,
			device: DeviceId,
			expected_key: MultiSigner,
			max_deposit: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_accept_transfer(&who, &device, &expected_key, max_deposit)
		}

		/// Withdraw a pending offer of a device.
		///
		/// - `origin`: signed by the device's owner.
		/// - `device`: the device's id.
		///
		/// Emits [`Event::TransferCancelled`].
		///
		/// # Errors
		///
		/// - [`Error::UnknownDevice`]: no device has id `device`.
		/// - [`Error::DeviceRevoked`]: the device is revoked.
		/// - [`Error::NotOwner`]: the caller does not own the device.
		/// - [`Error::NoPendingTransfer`]: the device is not offered.
		///
		/// ## Complexity
		///
		/// O(1).
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::cancel_transfer())]
		pub fn cancel_transfer(origin: OriginFor<T>, device: DeviceId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_cancel_transfer(&who, &device)
		}

		/// Admit a certifier (a manufacturer or a test lab).
		///
		/// An account admitted again after its removal starts afresh: certifications made under an
		/// earlier admission do not count.
		///
		/// - `origin`: `CertifierOrigin` (governance).
		/// - `certifier`: the account admitted.
		///
		/// Emits [`Event::CertifierAdded`].
		///
		/// # Errors
		///
		/// - [`Error::AlreadyCertifier`]: `certifier` is a certifier.
		///
		/// `Arithmetic(Overflow)` once `u32::MAX` admissions have happened.
		///
		/// ## Complexity
		///
		/// O(1).
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::add_certifier())]
		pub fn add_certifier(
			origin: OriginFor<T>,
			certifier: AccountIdLookupOf<T>,
		) -> DispatchResult {
			T::CertifierOrigin::ensure_origin(origin)?;
			let certifier = T::Lookup::lookup(certifier)?;
			Self::do_add_certifier(certifier)
		}

		/// Remove a certifier; its certifications no longer count.
		///
		/// Its certifications stay in storage; the certifier or the devices' owners may remove
		/// them.
		///
		/// - `origin`: `CertifierOrigin` (governance).
		/// - `certifier`: the account removed.
		///
		/// Emits [`Event::CertifierRemoved`].
		///
		/// # Errors
		///
		/// - [`Error::NotCertifier`]: `certifier` is not a certifier.
		///
		/// ## Complexity
		///
		/// O(1).
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::remove_certifier())]
		pub fn remove_certifier(
			origin: OriginFor<T>,
			certifier: AccountIdLookupOf<T>,
		) -> DispatchResult {
			T::CertifierOrigin::ensure_origin(origin)?;
			let certifier = T::Lookup::lookup(certifier)?;
			Self::do_remove_certifier(certifier)
		}

		/// Vouch for a device, for instance as genuine hardware that passed a test.
		///
		/// The certification vouches for the key the device holds now; certifying a device again
		/// replaces the caller's earlier certification of it.
		///
		/// - `origin`: signed by a certifier.
		/// - `device`: the device's id; it must not be revoked.
		/// - `claim_hash`: the hash of the certificate or test report vouched for.
		/// - `expires_at`: the first block at which the certification no longer holds; after the
		///   current block.
		///
		/// Emits [`Event::DeviceCertified`].
		///
		/// # Errors
		///
		/// - [`Error::NotCertifier`]: the caller is not a certifier.
		/// - [`Error::ExpiryInPast`]: `expires_at` is not after the current block.
		/// - [`Error::UnknownDevice`]: no device has id `device`.
		/// - [`Error::DeviceRevoked`]: the device is revoked.
		/// - [`Error::TooManyCertifications`]: the device holds `MaxCertificationsPerDevice`
		///   certifications and none of them is the caller's.
		///
		/// ## Complexity
		///
		/// O(1).
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::certify())]
		pub fn certify(
			origin: OriginFor<T>,
			device: DeviceId,
			claim_hash: H256,
			expires_at: BlockNumberFor<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_certify(&who, &device, claim_hash, expires_at)
		}

		/// Remove a certification: the certifier withdraws it, or the device's owner drops it.
		///
		/// - `origin`: signed by `certifier` or by the device's owner.
		/// - `device`: the device's id.
		/// - `certifier`: who made the certification.
		///
		/// Emits [`Event::CertificationRevoked`].
		///
		/// # Errors
		///
		/// - [`Error::NoCertification`]: `certifier` has not certified the device.
		/// - [`Error::NeitherCertifierNorOwner`]: the caller is neither `certifier` nor the
		///   device's owner.
		///
		/// ## Complexity
		///
		/// O(1).
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::revoke_certification())]
		pub fn revoke_certification(
			origin: OriginFor<T>,
			device: DeviceId,
			certifier: AccountIdLookupOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let certifier = T::Lookup::lookup(certifier)?;
			Self::do_revoke_certification(&who, &device, certifier)
		}
	}
}
