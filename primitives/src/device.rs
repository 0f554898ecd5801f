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

	/// The account that owns the device.
	fn owner_of(device: &AccountId) -> Option<AccountId>;

	/// The key the device signs with now.
	fn current_key(device: &AccountId) -> Option<MultiSigner>;

	/// Whether `who` may act for the device: its owner or one of its operators.
	fn can_act_for(who: &AccountId, device: &AccountId) -> bool;

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
