//! The runtime API through which clients read the device registry.
//!
//! It returns SCALE types ([`DeviceView`]); the `pallet-device-registry-rpc` crate turns them
//! into JSON, and into W3C DID documents. Each method calls the pallet's own read function, so
//! clients and calls follow one rule.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
use sp_runtime::{traits::NumberFor, AccountId32, MultiSigner};

pub use pallet_device_registry::{
	CertificationView, DeviceKind, DeviceStatus, DeviceView, MAX_DEVICES_PAGE,
};

sp_api::decl_runtime_apis! {
	/// Reads of the device registry for clients.
	pub trait DeviceRegistryApi<Balance> where Balance: Codec {
		/// The device with id `id`, revoked ones included.
		fn device(id: AccountId32) -> Option<DeviceView<Balance, NumberFor<Block>>>;

		/// The device that holds `key` now.
		fn device_by_key(key: MultiSigner) -> Option<DeviceView<Balance, NumberFor<Block>>>;

		/// One page of the devices `owner` owns: at most `limit` (and at most
		/// [`MAX_DEVICES_PAGE`]) devices after `start_after`, the last device of the previous
		/// page. A page shorter than asked for is the last one.
		fn devices_by_owner(
			owner: AccountId32,
			start_after: Option<AccountId32>,
			limit: u32,
		) -> Vec<DeviceView<Balance, NumberFor<Block>>>;
	}
}
