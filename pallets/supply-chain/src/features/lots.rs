//! Registering lots and transforming them into new ones.

use alloc::{collections::BTreeSet, vec::Vec};
use frame_support::{ensure, BoundedVec};
use sp_runtime::{DispatchError, DispatchResult};

use crate::{Config, Error, Event, Lot, LotId, LotMetadata, LotStatus, Lots, Pallet, ProductCode};

impl<T: Config> Pallet<T> {
	/// Registers `lot` as produced by `producer`, who holds it.
	///
	/// # Errors
	///
	/// - `ProductCodeTooLong` / `MetadataTooLong` if a field exceeds its bound;
	/// - `ZeroQuantity` if `quantity` is zero;
	/// - `LotAlreadyExists` if a lot has this id.
	pub fn do_register_lot(
		producer: &T::AccountId,
		lot: LotId,
		product_code: Vec<u8>,
		quantity: u64,
		metadata: Vec<u8>,
	) -> DispatchResult {
		let (product_code, metadata) = Self::lot_fields(product_code, quantity, metadata)?;
		ensure!(!Lots::<T>::contains_key(lot), Error::<T>::LotAlreadyExists);

		Lots::<T>::insert(
			lot,
			Lot::<T> {
				producer: producer.clone(),
				holder: producer.clone(),
				product_code: product_code.clone(),
				quantity,
				metadata,
				inputs: BoundedVec::new(),
				status: LotStatus::Available,
				created_at: frame_system::Pallet::<T>::block_number(),
			},
		);
		Self::deposit_event(Event::LotRegistered {
			lot,
			producer: producer.clone(),
			product_code,
			quantity,
		});
		Ok(())
	}

	/// Consumes `inputs`, held by `holder`, into the new lot `output`, which `holder` holds and
	/// whose provenance names them.
	///
	/// # Errors
	///
	/// - `ProductCodeTooLong`, `MetadataTooLong`, `ZeroQuantity` as for
	///   [`Self::do_register_lot`];
	/// - `NoInputs` / `TooManyInputs` for no or more than `MaxTransformInputs` inputs,
	///   `DuplicateLot` if one is listed twice;
	/// - `LotAlreadyExists` if a lot has the id `output`;
	/// - for each input: `UnknownLot`, `LotConsumed`, `LotInOpenShipment`, `NotLotHolder`.
	pub fn do_transform(
		holder: &T::AccountId,
		inputs: Vec<LotId>,
		output: LotId,
		product_code: Vec<u8>,
		quantity: u64,
		metadata: Vec<u8>,
	) -> DispatchResult {
		let (product_code, metadata) = Self::lot_fields(product_code, quantity, metadata)?;
		ensure!(!inputs.is_empty(), Error::<T>::NoInputs);
		let inputs: BoundedVec<LotId, T::MaxTransformInputs> =
			inputs.try_into().map_err(|_| Error::<T>::TooManyInputs)?;
		Self::ensure_distinct(&inputs)?;
		ensure!(!Lots::<T>::contains_key(output), Error::<T>::LotAlreadyExists);
		let mut records = Vec::with_capacity(inputs.len());
		for input in inputs.iter() {
			records.push((*input, Self::available_lot(holder, *input)?));
		}

		for (input, mut record) in records {
			record.status = LotStatus::Consumed { into: output };
			Lots::<T>::insert(input, record);
		}
		Lots::<T>::insert(
			output,
			Lot::<T> {
				producer: holder.clone(),
				holder: holder.clone(),
				product_code: product_code.clone(),
				quantity,
				metadata,
				inputs: inputs.clone(),
				status: LotStatus::Available,
				created_at: frame_system::Pallet::<T>::block_number(),
			},
		);
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

	fn lot_fields(
		product_code: Vec<u8>,
		quantity: u64,
		metadata: Vec<u8>,
	) -> Result<(ProductCode<T>, LotMetadata<T>), DispatchError> {
		let product_code: ProductCode<T> =
			product_code.try_into().map_err(|_| Error::<T>::ProductCodeTooLong)?;
		let metadata: LotMetadata<T> =
			metadata.try_into().map_err(|_| Error::<T>::MetadataTooLong)?;
		ensure!(quantity > 0, Error::<T>::ZeroQuantity);
		Ok((product_code, metadata))
	}
}
