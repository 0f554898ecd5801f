//! Reads for clients and other pallets: the runtime API serves the first ones, other pallets
//! ask through [`DeviceLookup`] and [`KeyHistory`].

use alloc::vec::Vec;
use frame_support::defensive;
use frame_system::pallet_prelude::BlockNumberFor;
use iotchain_primitives::{ActiveDevice, DeviceLookup, KeyHistory};
use sp_core::H256;
use sp_runtime::MultiSigner;

use crate::{
	BalanceOf, CertificationView, Certifications, Config, DeviceByKey, DeviceId, DeviceKey,
	DeviceKind, DeviceStatus, DeviceView, Devices, DevicesByOwner, DevicesPage, KeyHistoryPage,
	KeyPeriod, Operators, Page, Pallet, PastKeyCount, PastKeys, PendingTransfers, MAX_DEVICES_PAGE,
	MAX_KEY_HISTORY_PAGE,
};

/// A device as the runtime API returns it.
pub type DeviceViewOf<T> =
	DeviceView<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

impl<T: Config> Pallet<T> {
	/// A device with its operators, pending transfer and valid certifications; revoked devices
	/// included, with status [`DeviceStatus::Revoked`].
	pub fn device(id: &DeviceId) -> Option<DeviceViewOf<T>> {
		let record = Devices::<T>::get(id)?;
		Some(DeviceView {
			id: id.clone(),
			owner: record.owner,
			key: record.key.into(),
			status: record.status,
			kind: record.kind,
			manufacturer: record.manufacturer.into_inner(),
			model: record.model.into_inner(),
			metadata: record.metadata.into_inner(),
			content_hash: record.content_hash,
			registered_at: record.registered_at,
			deposit: record.deposit,
			operators: Operators::<T>::get(id).into_iter().collect(),
			pending_transfer: PendingTransfers::<T>::get(id),
			certifications: Self::certifications(id),
		})
	}

	/// The device that holds `key` now, if any (a revoked device's last key is not held).
	pub fn device_by_key(key: &MultiSigner) -> Option<DeviceViewOf<T>> {
		let key = DeviceKey::try_from(key.clone()).ok()?;
		Self::device(&DeviceByKey::<T>::get(key)?)
			.filter(|view| view.status != DeviceStatus::Revoked)
	}

	/// One page of the devices `owner` owns (revoked ones are not listed), in storage order.
	///
	/// The page starts after the device `cursor` (`None` for the first page) and holds at most
	/// `limit` devices, never more than [`MAX_DEVICES_PAGE`]; its `next` is the cursor of the
	/// page after it, `None` on the last page.
	pub fn devices_by_owner(
		owner: &T::AccountId,
		cursor: Option<DeviceId>,
		limit: u32,
	) -> DevicesPage<T::AccountId, BalanceOf<T>, BlockNumberFor<T>> {
		let ids = match cursor {
			Some(cursor) => DevicesByOwner::<T>::iter_key_prefix_from(
				owner,
				DevicesByOwner::<T>::hashed_key_for(owner, cursor),
			),
			None => DevicesByOwner::<T>::iter_key_prefix(owner),
		};
		Page::after(ids.filter_map(|id| Self::device(&id)), limit.min(MAX_DEVICES_PAGE), |view| {
			view.id.clone()
		})
	}

	/// One page of the keys a device held, oldest first, each with the blocks it held it at; its
	/// last key is the one it holds now (its last key, once revoked). `None` for an unknown
	/// device.
	///
	/// The page starts after the key at place `cursor` in the history (`None` for the first
	/// page, which starts with the key the device was registered with) and holds at most `limit`
	/// keys, never more than [`MAX_KEY_HISTORY_PAGE`]; its `next` is the cursor of the page
	/// after it, `None` on the last page.
	pub fn key_history(
		device: &DeviceId,
		cursor: Option<u32>,
		limit: u32,
	) -> Option<KeyHistoryPage<BlockNumberFor<T>>> {
		let record = Devices::<T>::get(device)?;
		let count = PastKeyCount::<T>::get(device);
		let start = cursor.map_or(0, |cursor| cursor.saturating_add(1));
		// The first block the key at `start` was held at; `None` past the end of the history.
		let mut since = match start.checked_sub(1) {
			None => Some(record.registered_at),
			Some(previous) => PastKeys::<T>::get(device, previous).map(|past| past.until),
		};
		let periods = (start..=count).map_while(|place| {
			let held_since = since?;
			if place == count {
				let key = record.key.clone().into();
				return Some((place, KeyPeriod { key, since: held_since, until: None }));
			}
			let past = PastKeys::<T>::get(device, place)?;
			since = Some(past.until);
			let period =
				KeyPeriod { key: past.key.into(), since: held_since, until: Some(past.until) };
			Some((place, period))
		});
		let page = Page::after(periods, limit.min(MAX_KEY_HISTORY_PAGE), |(place, _)| *place);
		Some(page.map(|(_, period)| period))
	}

	/// The certifications of a device that hold now: made for its current key, by a certifier
	/// under its current admission, and not expired.
	pub fn certifications(
		device: &DeviceId,
	) -> Vec<CertificationView<T::AccountId, BlockNumberFor<T>>> {
		let Some(record) = Self::live_device(device) else { return Vec::new() };
		let now = frame_system::Pallet::<T>::block_number();
		Certifications::<T>::iter_prefix(device)
			.filter(|(certifier, certification)| {
				Self::certification_holds(certifier, certification, &record.key, now)
			})
			.map(|(certifier, certification)| CertificationView {
				certifier,
				claim_hash: certification.claim_hash,
				expires_at: certification.expires_at,
			})
			.collect()
	}

	/// Whether `certifier` vouches for `device` now, with the claim it vouches for.
	pub fn certified_by(device: &DeviceId, certifier: &T::AccountId) -> Option<H256> {
		let record = Self::live_device(device)?;
		let certification = Certifications::<T>::get(device, certifier)?;
		let now = frame_system::Pallet::<T>::block_number();
		Self::certification_holds(certifier, &certification, &record.key, now)
			.then_some(certification.claim_hash)
	}
}

impl<T: Config> DeviceLookup<T::AccountId> for Pallet<T> {
	fn status(device: &T::AccountId) -> Option<DeviceStatus> {
		Devices::<T>::get(device).map(|record| record.status)
	}

	/// `None` for a revoked device: nobody owns it any more.
	fn owner_of(device: &T::AccountId) -> Option<T::AccountId> {
		Self::live_device(device).map(|record| record.owner)
	}

	/// `None` for a revoked device: its last key may no longer speak for it.
	fn current_key(device: &T::AccountId) -> Option<MultiSigner> {
		Self::live_device(device).map(|record| record.key.into())
	}

	fn kind(device: &T::AccountId) -> Option<DeviceKind> {
		Devices::<T>::get(device).map(|record| record.kind)
	}

	/// One read of the device's record.
	fn active(device: &T::AccountId) -> Result<ActiveDevice, Option<DeviceStatus>> {
		match Devices::<T>::get(device) {
			Some(record) if record.status == DeviceStatus::Active => {
				Ok(ActiveDevice { kind: record.kind, key: record.key.into() })
			}
			record => Err(record.map(|record| record.status)),
		}
	}

	fn can_act_for(who: &T::AccountId, device: &T::AccountId) -> bool {
		Self::live_device(device)
			.is_some_and(|record| record.owner == *who || Operators::<T>::get(device).contains(who))
	}
}

impl<T: Config> KeyHistory<T::AccountId, BlockNumberFor<T>> for Pallet<T> {
	/// The key of the device's first past key rotated away from after `block`, found by binary
	/// search over its history (`until` never decreases along it), or its record's key if it
	/// has not rotated since `block`: the record, the count and at most `⌈log₂(n + 1)⌉` of its
	/// `n` past keys are read.
	fn key_at(device: &T::AccountId, block: BlockNumberFor<T>) -> Option<MultiSigner> {
		let record = Devices::<T>::get(device)?;
		if block < record.registered_at {
			return None;
		}
		// The first index whose `until` is after `block` lies in `low..=high`; `held` is the key of
		// `high`, the record's key while `high` is the count.
		let (mut low, mut high) = (0u32, PastKeyCount::<T>::get(device));
		let mut held = record.key;
		while low < high {
			let middle = low.saturating_add(high.saturating_sub(low) / 2);
			let Some(past) = PastKeys::<T>::get(device, middle) else {
				defensive!("a device's key history has a gap below its count");
				return None;
			};
			if past.until > block {
				high = middle;
				held = past.key;
			} else {
				low = middle.saturating_add(1);
			}
		}
		Some(held.into())
	}
}
