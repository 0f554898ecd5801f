//! The device lookup: what the device registry tells the other pallets about a device.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_runtime::{MultiSignature, MultiSigner};

/// Where a device is in its life.
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
pub enum DeviceStatus {
	/// The device may act: anchor data, attest milestones, be rented.
	Active,
	/// Its owner paused it; it may not act until resumed.
	Suspended,
	/// Permanently retired; its id is never reused, so past data stays attributable.
	Revoked,
}

/// What kind of machine a device is, so that dApps and indexers can filter fleets.
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
pub enum DeviceKind {
	/// Measures something: temperature, humidity, position.
	Sensor,
	/// Acts on the world: a valve, a lock, a relay.
	Actuator,
	/// Relays for other devices.
	Gateway,
	/// Meters a utility: energy, water, gas.
	Meter,
	/// Travels with goods and reports where they are.
	Tracker,
	/// A vehicle or a charging point's counterpart.
	Vehicle,
	/// Anything else.
	Other,
}

/// An active device as a pallet accepting its signed messages sees it: what kind it is and the key
/// it signs with now, read together ([`DeviceLookup::active`]).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ActiveDevice {
	/// What kind of machine the device is.
	pub kind: DeviceKind,
	/// The key the device signs with now.
	pub key: MultiSigner,
}

/// What other pallets may ask about devices, implemented by the device registry.
///
/// A device is identified by an account id derived from the public key it was registered with;
/// its record holds the current key, which can be rotated.
pub trait DeviceLookup<AccountId> {
	/// The device's status, or `None` if no device has this id.
	fn status(device: &AccountId) -> Option<DeviceStatus>;

	/// Whether the device exists and is [`DeviceStatus::Active`].
	fn is_active(device: &AccountId) -> bool {
		Self::status(device) == Some(DeviceStatus::Active)
	}

	/// What kind of machine the device is.
	fn kind(device: &AccountId) -> Option<DeviceKind>;

	/// The account that owns the device.
	fn owner_of(device: &AccountId) -> Option<AccountId>;

	/// The key the device signs with now.
	fn current_key(device: &AccountId) -> Option<MultiSigner>;

	/// Whether `who` may act for the device: its owner or one of its operators.
	fn can_act_for(who: &AccountId, device: &AccountId) -> bool;

	/// The device's kind and current key if it is active, else its status (`None` if no
	/// device has this id): what accepting a device's signed message needs, in one read of its
	/// record where the implementation can (the default asks [`Self::status`], [`Self::kind`]
	/// and [`Self::current_key`] in turn).
	fn active(device: &AccountId) -> Result<ActiveDevice, Option<DeviceStatus>> {
		match Self::status(device) {
			Some(DeviceStatus::Active) => match (Self::kind(device), Self::current_key(device)) {
				(Some(kind), Some(key)) => Ok(ActiveDevice { kind, key }),
				_ => Err(None),
			},
			status => Err(status),
		}
	}

	/// Whether `signature` over `message` was made with the device's current key.
	fn verify_device_signature(
		device: &AccountId,
		message: &[u8],
		signature: &MultiSignature,
	) -> bool {
		Self::current_key(device)
			.is_some_and(|key| crate::signing::verify_signature(&key, signature, message))
	}
}

/// Which key a device held when, implemented by the device registry, so that a reading a device
/// signed stays verifiable after it rotates its key or is revoked.
///
/// A device's keys follow one another: the key it was registered with, then each key it rotated
/// to. "The key held at block `n`" is the key in the registry's state after block `n` was
/// executed: a key rotated away from in block `n` was not held at `n`, the key rotated to was.
pub trait KeyHistory<AccountId, BlockNumber> {
	/// The key the device held at block `block`, or `None` if no device has this id or it was
	/// registered after `block`. Revoking a device keeps its last key, so the answer for a
	/// revoked device is the key it held then.
	fn key_at(device: &AccountId, block: BlockNumber) -> Option<MultiSigner>;
}
