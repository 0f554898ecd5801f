//! Storage migrations of the device registry.

/// From storage version 1 to 2: certifiers get admission numbers, certifications record the key
/// and the admission they were made for, and revoked devices' last keys are bound for good.
pub mod v2 {
	use crate::{
		Certification, Certifications, CertifierAdmissions, Certifiers, Config, DeviceByKey,
		DeviceStatus, Devices, Pallet,
	};
	use codec::{Decode, Encode};
	use frame_support::{
		migrations::VersionedMigration, pallet_prelude::*, traits::UncheckedOnRuntimeUpgrade,
	};
	use frame_system::pallet_prelude::BlockNumberFor;
	use sp_core::H256;

	/// The storage layout of version 1, for the migration and its test.
	pub mod v1 {
		use super::*;

		/// A certification as version 1 stored it: no key, no admission.
		#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
		pub struct Certification<BlockNumber> {
			/// The hash of the certificate or test report.
			pub claim_hash: H256,
			/// The first block at which the certification no longer holds.
			pub expires_at: BlockNumber,
		}

		/// Version 1's certifiers: a set.
		#[frame_support::storage_alias]
		pub type Certifiers<T: Config> =
			StorageMap<Pallet<T>, Blake2_128Concat, <T as frame_system::Config>::AccountId, ()>;

		/// Version 1's certifications.
		#[frame_support::storage_alias]
		pub type Certifications<T: Config> = StorageDoubleMap<
			Pallet<T>,
			Blake2_128Concat,
			crate::DeviceId,
			Blake2_128Concat,
			<T as frame_system::Config>::AccountId,
			Certification<BlockNumberFor<T>>,
		>;
	}

	/// The migration's steps, run once by [`MigrateV1ToV2`].
	pub struct InnerMigrateV1ToV2<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateV1ToV2<T> {
		/// - Every certifier is given an admission number, 1, 2, … in storage order.
		/// - Every certification records the key its device holds now and its certifier's new
		///   admission (0, which no admission has, if its certifier was removed: it did not
		///   count and never will).
		/// - Every revoked device whose last key no device holds gets that key bound back.
		///
		/// One read and one write per certifier, certification and device: a one-off, on a
		/// registry young enough for it to fit in a block.
		fn on_runtime_upgrade() -> Weight {
			let mut reads: u64 = 0;
			let mut writes: u64 = 0;

			let mut admissions: u32 = 0;
			Certifiers::<T>::translate::<(), _>(|_certifier, ()| {
				reads = reads.saturating_add(1);
				writes = writes.saturating_add(1);
				admissions = admissions.saturating_add(1);
				Some(admissions)
			});
			CertifierAdmissions::<T>::put(admissions);
			writes = writes.saturating_add(1);

			Certifications::<T>::translate::<v1::Certification<BlockNumberFor<T>>, _>(
				|device, certifier, old| {
					reads = reads.saturating_add(3);
					writes = writes.saturating_add(1);
					let record = Devices::<T>::get(&device)?;
					Some(Certification {
						claim_hash: old.claim_hash,
						expires_at: old.expires_at,
						key: record.key,
						admission: Certifiers::<T>::get(&certifier).unwrap_or(0),
					})
				},
			);

			for (id, record) in Devices::<T>::iter() {
				reads = reads.saturating_add(2);
				if record.status == DeviceStatus::Revoked
					&& !DeviceByKey::<T>::contains_key(&record.key)
				{
					DeviceByKey::<T>::insert(&record.key, id);
					writes = writes.saturating_add(1);
				}
			}

			T::DbWeight::get().reads_writes(reads, writes)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
			let certifiers = u32::try_from(v1::Certifiers::<T>::iter_keys().count())
				.map_err(|_| "too many certifiers to count")?;
			Ok(certifiers.encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let certifiers =
				u32::decode(&mut &state[..]).map_err(|_| "the pre-upgrade state is lost")?;
			ensure!(
				CertifierAdmissions::<T>::get() == certifiers,
				"every certifier was not given one admission"
			);
			Pallet::<T>::do_try_state()
		}
	}

	/// Migrates the registry from storage version 1 to 2; does nothing at any other version.
	pub type MigrateV1ToV2<T> = VersionedMigration<
		1,
		2,
		InnerMigrateV1ToV2<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}
