//! Registering lots and transforming them into new ones.

use alloc::{collections::BTreeSet, vec::Vec};
use codec::Encode;
use frame_support::{ensure, BoundedVec};
use sp_runtime::{DispatchError, DispatchResult};

use crate::{Config, Error, Event, Lot, LotId, LotMetadata, LotStatus, Lots, Pallet, ProductCode};

impl<T: Config> Pallet<T> {
	/// Registers `lot` as produced by `producer`, who holds it and pays the storage fee for its
	/// record.
	///
	/// # Errors
	///
	/// - `ZeroQuantity` if `quantity` is zero;
	/// - `LotAlreadyExists` if a lot has this id;
	/// - `CannotPayStorageFee` if `producer` cannot pay for the record.
	pub fn do_register_lot(
		producer: &T::AccountId,
		lot: LotId,
		product_code: ProductCode<T>,
		quantity: u64,
		metadata: LotMetadata<T>,
	) -> DispatchResult {
		ensure!(quantity > 0, Error::<T>::ZeroQuantity);
		ensure!(!Lots::<T>::contains_key(lot), Error::<T>::LotAlreadyExists);

		let record = Lot::<T> {
			producer: producer.clone(),
			holder: producer.clone(),
			product_code: product_code.clone(),
			quantity,
			metadata,
			inputs: BoundedVec::new(),
			status: LotStatus::Available,
			created_at: frame_system::Pallet::<T>::block_number(),
		};
		Self::charge_storage(producer, Self::lot_bytes(lot, &record))?;
		Lots::<T>::insert(lot, record);
		Self::deposit_event(Event::LotRegistered {
			lot,
			producer: producer.clone(),
			product_code,
			quantity,
		});
		Ok(())
	}

	/// Consumes `inputs`, held by `holder`, into the new lot `output`, which `holder` holds and
	/// whose provenance names them; `holder` pays the storage fee for the new record and for
	/// what the inputs' records grow by.
	///
	/// # Errors
	///
	/// - `ZeroQuantity` as for [`Self::do_register_lot`];
	/// - `NoInputs` for no inputs, `DuplicateLot` if one is listed twice;
	/// - `LotAlreadyExists` if a lot has the id `output`;
	/// - for each input: `UnknownLot`, `LotConsumed`, `LotInOpenShipment`, `NotLotHolder`;
	/// - `CannotPayStorageFee` if `holder` cannot pay for the records.
	pub fn do_transform(
		holder: &T::AccountId,
		inputs: BoundedVec<LotId, T::MaxTransformInputs>,
		output: LotId,
		product_code: ProductCode<T>,
		quantity: u64,
		metadata: LotMetadata<T>,
	) -> DispatchResult {
		ensure!(quantity > 0, Error::<T>::ZeroQuantity);
		ensure!(!inputs.is_empty(), Error::<T>::NoInputs);
		Self::ensure_distinct(&inputs)?;
		ensure!(!Lots::<T>::contains_key(output), Error::<T>::LotAlreadyExists);
		let mut records = Vec::with_capacity(inputs.len());
		let mut bytes = 0usize;
		for input in inputs.iter() {
			let mut record = Self::available_lot(holder, *input)?;
			let before = record.encoded_size();
			record.status = LotStatus::Consumed { into: output };
			bytes = bytes.saturating_add(record.encoded_size().saturating_sub(before));
			records.push((*input, record));
		}
		let made = Lot::<T> {
			producer: holder.clone(),
			holder: holder.clone(),
			product_code: product_code.clone(),
			quantity,
			metadata,
			inputs: inputs.clone(),
			status: LotStatus::Available,
			created_at: frame_system::Pallet::<T>::block_number(),
		};
		bytes = bytes.saturating_add(Self::lot_bytes(output, &made));
		Self::charge_storage(holder, bytes)?;

		for (input, record) in records {
			Lots::<T>::insert(input, record);
		}
		Lots::<T>::insert(output, made);
		Self::deposit_event(Event::LotTransformed {
			lot: output,
			holder: holder.clone(),
			inputs,
			product_code,
			quantity,
		});
		Ok(())
	}

	/// The record of a lot `who` may ship or transform now.
	///
	/// # Errors
	///
	/// `UnknownLot`, `LotConsumed`, `LotInOpenShipment`, then `NotLotHolder` unless `who` holds
	/// it: the lot's state is named before who holds it.
	pub(crate) fn available_lot(who: &T::AccountId, lot: LotId) -> Result<Lot<T>, DispatchError> {
		let record = Lots::<T>::get(lot).ok_or(Error::<T>::UnknownLot)?;
		match record.status {
			LotStatus::Consumed { .. } => return Err(Error::<T>::LotConsumed.into()),
			LotStatus::InShipment(_) => return Err(Error::<T>::LotInOpenShipment.into()),
			LotStatus::Available => {}
		}
		ensure!(record.holder == *who, Error::<T>::NotLotHolder);
		Ok(record)
	}

	/// Checks that no lot is listed twice.
	///
	/// # Errors
	///
	/// `DuplicateLot`.
	pub(crate) fn ensure_distinct(lots: &[LotId]) -> DispatchResult {
		let distinct: BTreeSet<&LotId> = lots.iter().collect();
		ensure!(distinct.len() == lots.len(), Error::<T>::DuplicateLot);
		Ok(())
	}

	/// The bytes lot `id`'s record keeps forever: its key and value.
	fn lot_bytes(id: LotId, record: &Lot<T>) -> usize {
		Lots::<T>::hashed_key_for(id).len().saturating_add(record.encoded_size())
	}
}
