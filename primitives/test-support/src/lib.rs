//! What the IoTChain pallets' tests share (a dev-dependency only; nothing here reaches a
//! runtime):
//!
//! - [`TestKey`]: a device key pair of any scheme, its account and its signatures;
//! - [`MockDevices`]: a [`DeviceLookup`] kept in the test's storage, so each test starts empty,
//!   that behaves as the device registry does (a revoked device has no owner and no one may act
//!   for it);
//! - [`MockAnchors`]: an [`AnchorLookup`] kept in the test's storage, each `(device, seq)` once
//!   and in any order, as the data-anchoring pallet keeps them;
//! - [`json_of`]: a runtime type's JSON, checked to read back as itself, for the RPC crates'
//!   tests that pin the convention of `docs/rpc.md`.
//!
//! What is a pallet's own (its signed payloads, its accounts, its externalities) stays in its
//! `mock.rs`.

use codec::{Decode, Encode};
use core::marker::PhantomData;
use frame_support::storage::unhashed;
use frame_system::pallet_prelude::BlockNumberFor;
use iotchain_primitives::{
	AnchorKind, AnchorLookup, AnchorRecord, DeviceKind, DeviceLookup, DeviceStatus, KeyHistory,
};
use sp_core::{ecdsa, ed25519, sr25519, Pair, H256};
use sp_runtime::{
	traits::{IdentifyAccount, UniqueSaturatedInto},
	AccountId32, MultiSignature, MultiSigner,
};

/// A device key pair of any scheme, with what the tests need of it.
#[allow(clippy::large_enum_variant, reason = "a handful of key pairs per test")]
pub enum TestKey {
	/// An sr25519 pair.
	Sr25519(sr25519::Pair),
	/// An ed25519 pair.
	Ed25519(ed25519::Pair),
	/// An ECDSA pair.
	Ecdsa(ecdsa::Pair),
}

impl TestKey {
	/// An sr25519 key from a seed byte.
	pub fn sr25519(seed: u8) -> Self {
		Self::Sr25519(sr25519::Pair::from_seed(&[seed; 32]))
	}

	/// An ed25519 key from a seed byte.
	pub fn ed25519(seed: u8) -> Self {
		Self::Ed25519(ed25519::Pair::from_seed(&[seed; 32]))
	}

	/// An ECDSA key from a seed byte.
	pub fn ecdsa(seed: u8) -> Self {
		Self::Ecdsa(ecdsa::Pair::from_seed(&[seed; 32]))
	}

	/// The public key.
	pub fn public(&self) -> MultiSigner {
		match self {
			Self::Sr25519(pair) => pair.public().into(),
			Self::Ed25519(pair) => pair.public().into(),
			Self::Ecdsa(pair) => pair.public().into(),
		}
	}

	/// The account of this key, which is also the id of a device registered with it.
	pub fn account(&self) -> AccountId32 {
		self.public().into_account()
	}

	/// This key's signature of `message`.
	pub fn sign(&self, message: &[u8]) -> MultiSignature {
		match self {
			Self::Sr25519(pair) => pair.sign(message).into(),
			Self::Ed25519(pair) => pair.sign(message).into(),
			Self::Ecdsa(pair) => pair.sign(message).into(),
		}
	}
}

/// A stand-in for the device registry, kept in the test's storage.
pub struct MockDevices;

#[derive(Encode, Decode)]
struct MockDevice {
	key: Option<MultiSigner>,
	owner: AccountId32,
	status: DeviceStatus,
	kind: DeviceKind,
	operators: Vec<AccountId32>,
	registered_at: u64,
	/// The keys rotated away from, each with the block it was rotated away in.
	past_keys: Vec<(Option<MultiSigner>, u64)>,
}

/// The current block of the test's `frame_system`, whatever its block number type: its
/// storage read directly, since this stand-in serves every test runtime.
fn current_block() -> u64 {
	let key = frame_support::storage::storage_prefix(b"System", b"Number");
	let mut number = [0u8; 8];
	if let Some(stored) = unhashed::get_raw(&key) {
		for (to, from) in number.iter_mut().zip(stored) {
			*to = from;
		}
	}
	u64::from_le_bytes(number)
}

impl MockDevices {
	fn storage_key(device: &AccountId32) -> Vec<u8> {
		(b":mock:device:", device).encode()
	}

	fn get(device: &AccountId32) -> Option<MockDevice> {
		unhashed::get(&Self::storage_key(device))
	}

	fn update(device: &AccountId32, change: impl FnOnce(&mut MockDevice)) {
		if let Some(mut record) = Self::get(device) {
			change(&mut record);
			unhashed::put(&Self::storage_key(device), &record);
		}
	}

	/// Registers the device of `key`, active, owned by `owner`; returns its id.
	pub fn register(key: MultiSigner, owner: &AccountId32) -> AccountId32 {
		let device = key.clone().into_account();
		Self::insert(&device, Some(key), owner);
		device
	}

	/// Registers `device`, active, owned by `owner`, for tests that never check its
	/// signatures: it has no key.
	pub fn register_without_key(device: &AccountId32, owner: &AccountId32) {
		Self::insert(device, None, owner);
	}

	fn insert(device: &AccountId32, key: Option<MultiSigner>, owner: &AccountId32) {
		let record = MockDevice {
			key,
			owner: owner.clone(),
			status: DeviceStatus::Active,
			kind: DeviceKind::Sensor,
			operators: Vec::new(),
			registered_at: current_block(),
			past_keys: Vec::new(),
		};
		unhashed::put(&Self::storage_key(device), &record);
	}

	/// Sets the device's status, as its owner suspending, resuming or revoking it would.
	pub fn set_status(device: &AccountId32, status: DeviceStatus) {
		Self::update(device, |record| record.status = status);
	}

	/// Gives the device to `owner`, as a transfer would.
	pub fn set_owner(device: &AccountId32, owner: &AccountId32) {
		Self::update(device, |record| record.owner = owner.clone());
	}

	/// Replaces the device's key in the current block, as a key rotation would; the id stays
	/// and the old key goes into the device's key history.
	pub fn rotate(device: &AccountId32, key: MultiSigner) {
		Self::update(device, |record| {
			let old = record.key.replace(key);
			record.past_keys.push((old, current_block()));
		});
	}

	/// Makes the device a device of `kind` (every device starts as a `Sensor`).
	pub fn set_kind(device: &AccountId32, kind: DeviceKind) {
		Self::update(device, |record| record.kind = kind);
	}

	/// Lets `operator` act for the device.
	pub fn add_operator(device: &AccountId32, operator: &AccountId32) {
		Self::update(device, |record| record.operators.push(operator.clone()));
	}
}

impl DeviceLookup<AccountId32> for MockDevices {
	fn status(device: &AccountId32) -> Option<DeviceStatus> {
		Self::get(device).map(|record| record.status)
	}

	/// `None` for a revoked device, as in the device registry.
	fn owner_of(device: &AccountId32) -> Option<AccountId32> {
		Self::get(device)
			.filter(|record| record.status != DeviceStatus::Revoked)
			.map(|record| record.owner)
	}

	fn current_key(device: &AccountId32) -> Option<MultiSigner> {
		Self::get(device).and_then(|record| record.key)
	}

	fn kind(device: &AccountId32) -> Option<DeviceKind> {
		Self::get(device).map(|record| record.kind)
	}

	fn can_act_for(who: &AccountId32, device: &AccountId32) -> bool {
		Self::get(device).is_some_and(|record| {
			record.status != DeviceStatus::Revoked
				&& (record.owner == *who || record.operators.contains(who))
		})
	}
}

/// The key held at a block, as the device registry answers: a key rotated away from in block
/// `n` was not held at `n`.
impl<BlockNumber: UniqueSaturatedInto<u64>> KeyHistory<AccountId32, BlockNumber> for MockDevices {
	fn key_at(device: &AccountId32, block: BlockNumber) -> Option<MultiSigner> {
		let block: u64 = block.unique_saturated_into();
		let record = Self::get(device).filter(|record| record.registered_at <= block)?;
		match record.past_keys.into_iter().find(|(_, rotated_at)| *rotated_at > block) {
			Some((key, _)) => key,
			None => record.key,
		}
	}
}

/// A stand-in for the data-anchoring pallet in the test runtime `T`: each device's anchors,
/// by sequence number, in any order, each `(device, seq)` once.
pub struct MockAnchors<T>(PhantomData<T>);

impl<T: frame_system::Config> MockAnchors<T> {
	fn record_key(device: &AccountId32, seq: u64) -> Vec<u8> {
		(b":mock:anchor:", device, seq).encode()
	}

	fn last_seq_key(device: &AccountId32) -> Vec<u8> {
		(b":mock:last_seq:", device).encode()
	}

	/// The device anchors `seq` in the current block at time `moment`: one reading, or a batch
	/// of `readings` readings taken between `moment - readings` and `moment` by its own clock.
	pub fn anchor(device: &AccountId32, seq: u64, readings: u32, moment: u64) {
		let kind = match readings {
			1 => AnchorKind::Reading,
			leaf_count => AnchorKind::Batch {
				leaf_count,
				first_ts: moment.saturating_sub(u64::from(leaf_count)),
				last_ts: moment,
			},
		};
		let record = AnchorRecord {
			digest: H256::repeat_byte(0xd1),
			kind,
			block: frame_system::Pallet::<T>::block_number(),
			moment,
		};
		Self::insert_record(device, seq, record);
	}

	/// The gateway `gateway` anchors its aggregate `seq` of `leaf_count` leaves under `root`
	/// in the current block at time `moment`.
	pub fn anchor_aggregate(
		gateway: &AccountId32,
		seq: u64,
		root: H256,
		leaf_count: u32,
		moment: u64,
	) {
		let kind = AnchorKind::Aggregate { leaf_count, first_ts: moment, last_ts: moment };
		let record = AnchorRecord {
			digest: root,
			kind,
			block: frame_system::Pallet::<T>::block_number(),
			moment,
		};
		Self::insert_record(gateway, seq, record);
	}

	/// Stores `record` as `device`'s anchor `seq`, whatever it says.
	pub fn insert_record(device: &AccountId32, seq: u64, record: AnchorRecord<BlockNumberFor<T>>) {
		unhashed::put(&Self::record_key(device, seq), &record);
		let last = <Self as AnchorLookup<_, _>>::last_seq(device).map_or(seq, |last| last.max(seq));
		unhashed::put(&Self::last_seq_key(device), &last);
	}
}

impl<T: frame_system::Config> AnchorLookup<AccountId32, BlockNumberFor<T>> for MockAnchors<T> {
	fn last_seq(device: &AccountId32) -> Option<u64> {
		unhashed::get(&Self::last_seq_key(device))
	}

	fn anchor_record(device: &AccountId32, seq: u64) -> Option<AnchorRecord<BlockNumberFor<T>>> {
		unhashed::get(&Self::record_key(device, seq))
	}
}

/// `value` as JSON, checked to read back as itself.
///
/// # Panics
///
/// If `value` does not serialize, or its JSON does not read back as an equal value.
#[allow(clippy::expect_used, reason = "a test helper: a panic is a failed test")]
pub fn json_of<T>(value: &T) -> serde_json::Value
where
	T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + core::fmt::Debug,
{
	let json = serde_json::to_value(value).expect("serializes");
	let back: T = serde_json::from_value(json.clone()).expect("reads back");
	assert_eq!(&back, value, "{json} reads back as itself");
	json
}
