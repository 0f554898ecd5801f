//! The types the device registry stores, takes in calls and returns to clients.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	traits::fungible, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use frame_system::pallet_prelude::BlockNumberFor;
use scale_info::TypeInfo;
use sp_core::{ecdsa, ed25519, sr25519, H256};
use sp_runtime::{AccountId32, MultiSignature, MultiSigner};

pub use iotchain_primitives::{DeviceKind, DeviceStatus, Page};

use crate::Config;

/// A device's id: the account derived from the key it was registered with
/// (`MultiSigner::into_account`). It never changes, even when the device's key is rotated.
pub type DeviceId = AccountId32;

/// The balance type of the currency deposits are held in.
pub type BalanceOf<T> =
	<<T as Config>::Currency as fungible::Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// A device's public key in one of the schemes devices may use.
///
/// It encodes exactly like the same key as a [`MultiSigner`] (`0x00` ed25519, `0x01` sr25519,
/// `0x02` ECDSA, then the key bytes), so clients may treat the two as one type. Unlike
/// `MultiSigner` it has a bounded encoding, which storage needs, and it leaves out the
/// Ethereum-style variant, which no device registers with.
#[derive(
	Clone,
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
pub enum DeviceKey {
	/// A 32-byte ed25519 public key.
	Ed25519(ed25519::Public),
	/// A 32-byte sr25519 (Schnorrkel) public key.
	Sr25519(sr25519::Public),
	/// A 33-byte compressed secp256k1 public key.
	Ecdsa(ecdsa::Public),
}

impl From<DeviceKey> for MultiSigner {
	fn from(key: DeviceKey) -> Self {
		match key {
			DeviceKey::Ed25519(public) => MultiSigner::Ed25519(public),
			DeviceKey::Sr25519(public) => MultiSigner::Sr25519(public),
			DeviceKey::Ecdsa(public) => MultiSigner::Ecdsa(public),
		}
	}
}

impl TryFrom<MultiSigner> for DeviceKey {
	type Error = ();

	/// Fails for `MultiSigner::Eth`, a scheme devices cannot register with.
	fn try_from(signer: MultiSigner) -> Result<Self, ()> {
		match signer {
			MultiSigner::Ed25519(public) => Ok(DeviceKey::Ed25519(public)),
			MultiSigner::Sr25519(public) => Ok(DeviceKey::Sr25519(public)),
			MultiSigner::Ecdsa(public) => Ok(DeviceKey::Ecdsa(public)),
			MultiSigner::Eth(_) => Err(()),
		}
	}
}

/// What an owner submits to register one device: the device's key, its proof of possession and
/// its description.
///
/// Text fields are bounded types, so a call with an over-long field fails to decode and never
/// reaches the chain's logic (nor costs more than its length to refuse).
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
)]
#[scale_info(skip_type_params(T))]
pub struct DeviceRegistration<T: Config> {
	/// The device's public key; the device's id is derived from it.
	pub key: MultiSigner,
	/// The device's signature, with `key`, of the registration payload (see the crate docs).
	pub proof: MultiSignature,
	/// What kind of machine it is.
	pub kind: DeviceKind,
	/// Who made it, at most `MaxNameLen` bytes.
	pub manufacturer: BoundedVec<u8, T::MaxNameLen>,
	/// Its model, at most `MaxNameLen` bytes.
	pub model: BoundedVec<u8, T::MaxNameLen>,
	/// A URI or CID of a datasheet or a DID document, at most `MaxMetadataLen` bytes.
	pub metadata: BoundedVec<u8, T::MaxMetadataLen>,
	/// The hash of the document `metadata` points to, so that readers can check it.
	pub content_hash: Option<H256>,
}

/// A batch of registrations, at most `MaxBatchRegistrations` (a longer one fails to decode).
pub type DeviceRegistrations<T> =
	BoundedVec<DeviceRegistration<T>, <T as Config>::MaxBatchRegistrations>;

/// A device as the registry stores it.
///
/// A revoked device keeps a minimal record (owner, last key, kind, registration block) so that
/// its id is never registered again and past data stays attributable; everything else, and the
/// deposit, is gone.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, Encode, Decode, TypeInfo, MaxEncodedLen,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct DeviceRecord<T: Config> {
	/// The account that owns the device and pays its deposit.
	pub owner: T::AccountId,
	/// The key the device signs with now.
	pub key: DeviceKey,
	/// Active, suspended or revoked.
	pub status: DeviceStatus,
	/// What kind of machine it is.
	pub kind: DeviceKind,
	/// Who made it.
	pub manufacturer: BoundedVec<u8, T::MaxNameLen>,
	/// Its model.
	pub model: BoundedVec<u8, T::MaxNameLen>,
	/// A URI or CID of a datasheet or a DID document.
	pub metadata: BoundedVec<u8, T::MaxMetadataLen>,
	/// The hash of the document `metadata` points to.
	pub content_hash: Option<H256>,
	/// The block the device was registered in.
	pub registered_at: BlockNumberFor<T>,
	/// What is held from `owner` for this record: `DepositBase + DepositPerByte * bytes`, where
	/// `bytes` counts manufacturer, model and metadata.
	pub deposit: BalanceOf<T>,
	/// How many certifications the device holds, at most `MaxCertificationsPerDevice`.
	pub certifications: u32,
}

/// A certifier's claim about a device, as stored.
///
/// It vouches for the device *with the key it held when certified* (`key`), and was made under
/// one admission of its certifier (`admission`): it counts only while the device still holds
/// that key and the certifier is still a certifier under that same admission, so neither a
/// rotation to another key nor a removal and later re-admission of the certifier carries it
/// over.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct Certification<BlockNumber> {
	/// The hash of the certificate or test report the certifier vouches for.
	pub claim_hash: H256,
	/// The first block at which the certification no longer holds.
	pub expires_at: BlockNumber,
	/// The device's key the certifier vouched for.
	pub key: DeviceKey,
	/// The certifier's admission (see [`crate::Certifiers`]) under which it was made.
	pub admission: AdmissionIndex,
}

/// A key a device rotated away from, as its key history ([`crate::PastKeys`]) keeps it.
///
/// It was held from the block the previous entry's `until` names (the device's registration
/// block for its first entry) up to the block before `until`; see the crate docs, "Key history".
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct PastKey<BlockNumber> {
	/// The key.
	pub key: DeviceKey,
	/// The block in which the device rotated away from it: the first block it was not held at.
	pub until: BlockNumber,
}

/// The number of an admission of a certifier: admissions are numbered from 1 in the order they
/// happen, so a certifier removed and admitted again gets a new number.
pub type AdmissionIndex = u32;

/// The credit a fee withdrawn from an owner becomes, for `FeeDestination`.
pub type CreditOf<T> =
	fungible::Credit<<T as frame_system::Config>::AccountId, <T as Config>::Currency>;

/// A device as clients see it through the runtime API and the `deviceRegistry_*` RPC methods:
/// the record, its operators, a pending transfer and its valid certifications.
///
/// In JSON (`std`): camelCase fields, accounts in SS58, the key as `{ type, publicKey }`, byte
/// strings and hashes in `0x` hex, the deposit as a decimal string.
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
pub struct DeviceView<AccountId, Balance, BlockNumber> {
	/// The device's id.
	pub id: AccountId,
	/// The account that owns it (the last owner, once revoked).
	pub owner: AccountId,
	/// The key it signs with now (its last key, once revoked).
	#[cfg_attr(feature = "std", serde(with = "iotchain_primitives::json::signer"))]
	pub key: MultiSigner,
	/// Active, suspended or revoked.
	pub status: DeviceStatus,
	/// What kind of machine it is.
	pub kind: DeviceKind,
	/// Who made it.
	#[cfg_attr(feature = "std", serde(with = "iotchain_primitives::json::bytes"))]
	pub manufacturer: Vec<u8>,
	/// Its model.
	#[cfg_attr(feature = "std", serde(with = "iotchain_primitives::json::bytes"))]
	pub model: Vec<u8>,
	/// A URI or CID of a datasheet or a DID document.
	#[cfg_attr(feature = "std", serde(with = "iotchain_primitives::json::bytes"))]
	pub metadata: Vec<u8>,
	/// The hash of the document `metadata` points to.
	pub content_hash: Option<H256>,
	/// The block it was registered in.
	pub registered_at: BlockNumber,
	/// What is held from the owner for it.
	#[cfg_attr(feature = "std", serde(with = "iotchain_primitives::json::balance"))]
	pub deposit: Balance,
	/// Accounts allowed to act for it besides its owner.
	pub operators: Vec<AccountId>,
	/// The account it is offered to, if a transfer is pending.
	pub pending_transfer: Option<AccountId>,
	/// Its certifications that hold now: by a current certifier and not expired.
	pub certifications: Vec<CertificationView<AccountId, BlockNumber>>,
}

/// A certification as clients see it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct CertificationView<AccountId, BlockNumber> {
	/// Who certified the device.
	pub certifier: AccountId,
	/// The hash of the certificate or test report.
	pub claim_hash: H256,
	/// The first block at which the certification no longer holds.
	pub expires_at: BlockNumber,
}

/// A key a device held and the blocks it held it at, as clients see its key history through the
/// runtime API and `deviceRegistry_keyHistory`.
///
/// In JSON (`std`): `{ "key": { type, publicKey }, "since": n, "until": n | null }`.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct KeyPeriod<BlockNumber> {
	/// The key.
	#[cfg_attr(feature = "std", serde(with = "iotchain_primitives::json::signer"))]
	pub key: MultiSigner,
	/// The first block it was held at: the device's registration block, or the block the device
	/// rotated to it in.
	pub since: BlockNumber,
	/// The block the device rotated away from it in, the first block it was not held at; `None`
	/// for the key the device holds now (its last key, once revoked). Equal to `since` for a key
	/// rotated to and away from in one block, which was held at no block.
	pub until: Option<BlockNumber>,
}

/// One page of a device's key history, oldest key first; its cursor is the place in the history
/// of the page's last key (0 for the key the device was registered with).
pub type KeyHistoryPage<BlockNumber> = Page<KeyPeriod<BlockNumber>, u32>;

/// One page of an owner's devices; its cursor is the id of the page's last device.
pub type DevicesPage<AccountId, Balance, BlockNumber> =
	Page<DeviceView<AccountId, Balance, BlockNumber>, AccountId>;
