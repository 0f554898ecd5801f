//! The runtime API through which clients read the device registry.
//!
//! It returns the pallet's own view types ([`DeviceView`], [`DevicesPage`], [`KeyHistoryPage`]),
//! which the `pallet-device-registry-rpc` crate serves as JSON through their `serde` derives.
//! Each method calls the pallet's own read function, so clients and calls follow one rule.

#![cfg_attr(not(feature = "std"), no_std)]

use codec::Codec;
use sp_runtime::MultiSigner;

pub use pallet_device_registry::{
	CertificationView, DeviceKind, DeviceStatus, DeviceView, DevicesPage, KeyHistoryPage,
	KeyPeriod, MAX_DEVICES_PAGE, MAX_KEY_HISTORY_PAGE,
};

sp_api::decl_runtime_apis! {
	/// Reads of the device registry for clients.
	///
	/// Version 2: generic over the account and block number types, and `devices_by_owner`
	/// returns a page with its `next` cursor. Version 3: `key_history`.
	#[api_version(3)]
	pub trait DeviceRegistryApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// The device with id `id`, revoked ones included.
		fn device(id: AccountId) -> Option<DeviceView<AccountId, Balance, BlockNumber>>;

		/// The device that holds `key` now.
		fn device_by_key(key: MultiSigner) -> Option<DeviceView<AccountId, Balance, BlockNumber>>;

		/// One page of the devices `owner` owns: at most `limit` (and at most
		/// [`MAX_DEVICES_PAGE`]) devices after the device `cursor` (`None` for the first page).
		fn devices_by_owner(
			owner: AccountId,
			cursor: Option<AccountId>,
			limit: u32,
		) -> DevicesPage<AccountId, Balance, BlockNumber>;

		/// One page of the keys the device with id `device` held, oldest first, each with the
		/// blocks it held it at: at most `limit` (and at most [`MAX_KEY_HISTORY_PAGE`]) keys after
		/// the key at place `cursor` (`None` for the first page); `None` for an unknown device.
		#[api_version(3)]
		fn key_history(
			device: AccountId,
			cursor: Option<u32>,
			limit: u32,
		) -> Option<KeyHistoryPage<BlockNumber>>;
	}
}
