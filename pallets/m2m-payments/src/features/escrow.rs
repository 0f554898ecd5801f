//! Conditional escrow: agreements, their conditions, and the ways they end.

use frame_support::{defensive, ensure, storage::with_storage_layer, traits::Get};
use frame_system::pallet_prelude::BlockNumberFor;
use iotchain_primitives::{AnchorLookup, DeviceLookup, ShipmentParties};
use sp_runtime::{
	traits::{CheckedAdd, Saturating, Zero},
	DispatchError, DispatchResult,
};

use super::AgreementOf;
use crate::{
	agreement_key, Agreement, AgreementId, AgreementStatus, Agreements, AgreementsByMilestone,
	AgreementsByParty, BalanceOf, Condition, Config, Error, Event, HoldReason, MilestoneKind,
	MilestoneNotReleasedReason, NextAgreementId, Pallet, ShipmentId,
};

impl<T: Config> Pallet<T> {
	/// Makes an agreement: holds `amount` and the storage deposit from `payer`, indexes it by
	/// party (and by milestone), and returns its id.
	///
	/// # Errors
	///
	/// - `PayeeIsPayer` if `payee` is `payer`; `AmountTooLow` below `MinimumAmount`;
	/// - `DeadlineInPast` unless `deadline` is after the current block;
	/// - `ArbiterIsParty` if the arbiter is the payer or the payee;
	/// - for `DataDelivered`: `UnknownDevice` for no (or a revoked) device,
	///   `PayeeCannotActForDevice` unless the payee may act for it (own or operate it),
	///   `DataAlreadyAnchored` if it anchored `seq` already;
	/// - for `Milestone`: `MilestoneNotReported` unless the supply chain reports the
	///   milestone, `TooManyAgreementsForMilestone` if the payer's list for it is full;
	/// - `NoMoreIds`; `InsufficientBalance` if the payer cannot hold amount and deposit.
	pub fn do_create_agreement(
		payer: &T::AccountId,
		payee: T::AccountId,
		amount: BalanceOf<T>,
		condition: Condition<T::AccountId>,
		deadline: BlockNumberFor<T>,
		arbiter: Option<T::AccountId>,
	) -> Result<AgreementId, DispatchError> {
		ensure!(*payer != payee, Error::<T>::PayeeIsPayer);
		ensure!(amount >= T::MinimumAmount::get(), Error::<T>::AmountTooLow);
		let now = Self::current_block_number();
		ensure!(deadline > now, Error::<T>::DeadlineInPast);
		if let Some(arbiter) = &arbiter {
			ensure!(arbiter != payer && *arbiter != payee, Error::<T>::ArbiterIsParty);
		}
		match &condition {
			Condition::Approval => {}
			Condition::DataDelivered { device, seq, .. } => {
				ensure!(T::Devices::owner_of(device).is_some(), Error::<T>::UnknownDevice);
				ensure!(
					T::Devices::can_act_for(&payee, device),
					Error::<T>::PayeeCannotActForDevice
				);
				ensure!(
					T::Anchors::anchor_record(device, *seq).is_none(),
					Error::<T>::DataAlreadyAnchored
				);
			}
			Condition::Milestone { shipment, milestone } => {
				ensure!(milestone.is_reported(), Error::<T>::MilestoneNotReported);
				let waiting = AgreementsByMilestone::<T>::decode_len((shipment, milestone, payer))
					.unwrap_or(0);
				let max = usize::try_from(T::MaxAgreementsPerMilestone::get()).unwrap_or(0);
				ensure!(waiting < max, Error::<T>::TooManyAgreementsForMilestone);
			}
		}
		let id = NextAgreementId::<T>::get();
		let next = id.checked_add(1).ok_or(Error::<T>::NoMoreIds)?;
		let deposit = Self::agreement_deposit();
		with_storage_layer(|| {
			Self::hold_funds(HoldReason::Escrow, payer, amount)?;
			Self::hold_funds(HoldReason::StorageDeposit, payer, deposit)
		})?;

		if let Condition::Milestone { shipment, milestone } = &condition {
			AgreementsByMilestone::<T>::try_mutate((shipment, milestone, payer), |waiting| {
				waiting
					.get_or_insert_with(Default::default)
					.try_push(id)
					.map_err(|_| Error::<T>::TooManyAgreementsForMilestone)
			})?;
		}

		Agreements::<T>::insert(
			id,
			Agreement {
				payer: payer.clone(),
				payee: payee.clone(),
				amount,
				condition: condition.clone(),
				deadline,
				arbiter: arbiter.clone(),
				status: AgreementStatus::Open,
				deposit,
				created_at: now,
			},
		);
		AgreementsByParty::<T>::insert(payer, agreement_key(id), ());
		AgreementsByParty::<T>::insert(&payee, agreement_key(id), ());
		NextAgreementId::<T>::put(next);
		Self::deposit_event(Event::AgreementCreated {
			agreement: id,
			payer: payer.clone(),
			payee,
			amount,
			condition,
			deadline,
			arbiter,
			deposit,
		});
		Ok(id)
	}

	/// The payer pays the payee in full, whatever the condition and even in a dispute.
	///
	/// # Errors
	///
	/// `UnknownAgreement`, `NotPayer`, or the currency's error if the payee cannot receive the
	/// amount.
	pub fn do_release(who: &T::AccountId, id: AgreementId) -> DispatchResult {
		let agreement = Agreements::<T>::get(id).ok_or(Error::<T>::UnknownAgreement)?;
		ensure!(agreement.payer == *who, Error::<T>::NotPayer);
		Self::end_agreement(id, &agreement, agreement.amount)?;
		Self::deposit_event(Event::AgreementReleased {
			agreement: id,
			payer: agreement.payer,
			payee: agreement.payee,
			amount: agreement.amount,
		});
		Ok(())
	}

	/// The payee takes the amount of an agreement whose data was delivered in time, once the
	/// payer's challenge period is over.
	///
	/// # Errors
	///
	/// `UnknownAgreement`, `NotPayee`, then those of [`Self::ensure_claimable`], or the
	/// currency's error if the payee cannot receive the amount.
	pub fn do_claim(who: &T::AccountId, id: AgreementId) -> DispatchResult {
		let agreement = Agreements::<T>::get(id).ok_or(Error::<T>::UnknownAgreement)?;
		ensure!(agreement.payee == *who, Error::<T>::NotPayee);
		Self::ensure_claimable(&agreement)?;
		Self::end_agreement(id, &agreement, agreement.amount)?;
		Self::deposit_event(Event::AgreementClaimed {
			agreement: id,
			payer: agreement.payer,
			payee: agreement.payee,
			amount: agreement.amount,
		});
		Ok(())
	}

	/// Returns the amount of an undisputed agreement whose deadline has come, its condition
	/// not met in time, to its payer.
	///
	/// # Errors
	///
	/// `UnknownAgreement`, then those of [`Self::ensure_refundable`].
	pub fn do_refund(id: AgreementId) -> DispatchResult {
		let agreement = Agreements::<T>::get(id).ok_or(Error::<T>::UnknownAgreement)?;
		Self::ensure_refundable(&agreement)?;
		Self::end_agreement(id, &agreement, Zero::zero())?;
		Self::deposit_event(Event::AgreementRefunded {
			agreement: id,
			payer: agreement.payer,
			amount: agreement.amount,
		});
		Ok(())
	}

	/// A party disputes an open agreement while its outcome is open: it is no longer claimed,
	/// refunded or paid by its milestone until its arbiter or governance rules, or the
	/// dispute times out.
	///
	/// # Errors
	///
	/// - `UnknownAgreement`, `NotParty` unless `who` is the payer or the payee,
	///   `AgreementDisputed` if it is disputed already;
	/// - for the payer of data delivered in time, `ChallengePeriodOver` from the end of the
	///   data's challenge period on (the payee may claim);
	/// - otherwise `DeadlinePassed` from the deadline on (the payer may be refunded, the
	///   payee has nothing left to dispute);
	/// - `Overflow` if the timeout does not fit a block number.
	pub fn do_dispute(who: &T::AccountId, id: AgreementId) -> DispatchResult {
		let mut agreement = Agreements::<T>::get(id).ok_or(Error::<T>::UnknownAgreement)?;
		ensure!(agreement.payer == *who || agreement.payee == *who, Error::<T>::NotParty);
		ensure!(agreement.status == AgreementStatus::Open, Error::<T>::AgreementDisputed);
		let now = Self::current_block_number();
		match Self::data_claimable_from(&agreement) {
			Some(claimable_from) if agreement.payer == *who => {
				ensure!(now < claimable_from, Error::<T>::ChallengePeriodOver)
			}
			_ => ensure!(now < agreement.deadline, Error::<T>::DeadlinePassed),
		}
		let timeout_at = now.checked_add(&T::DisputeTimeout::get()).ok_or(Error::<T>::Overflow)?;
		agreement.status =
			AgreementStatus::Disputed { by: who.clone(), timeout_at, milestone_reached: false };
		Agreements::<T>::insert(id, agreement);
		Self::deposit_event(Event::AgreementDisputed {
			agreement: id,
			by: who.clone(),
			timeout_at,
		});
		Ok(())
	}

	/// Ends a disputed agreement with `to_payee` to the payee and the rest to the payer;
	/// `arbiter` is the signer who claims to be its arbiter, `None` for governance.
	///
	/// # Errors
	///
	/// `UnknownAgreement`, `NotArbiter` if `arbiter` is not the agreement's, `NotDisputed`,
	/// `SplitExceedsAmount` if `to_payee` is above the amount, or the currency's error if the
	/// payee cannot receive `to_payee`.
	pub fn do_resolve(
		arbiter: Option<&T::AccountId>,
		id: AgreementId,
		to_payee: BalanceOf<T>,
	) -> DispatchResult {
		let agreement = Agreements::<T>::get(id).ok_or(Error::<T>::UnknownAgreement)?;
		if let Some(arbiter) = arbiter {
			ensure!(agreement.arbiter.as_ref() == Some(arbiter), Error::<T>::NotArbiter);
		}
		ensure!(
			matches!(agreement.status, AgreementStatus::Disputed { .. }),
			Error::<T>::NotDisputed
		);
		ensure!(to_payee <= agreement.amount, Error::<T>::SplitExceedsAmount);
		let to_payer = Self::end_agreement(id, &agreement, to_payee)?;
		Self::deposit_event(Event::AgreementResolved {
			agreement: id,
			payer: agreement.payer,
			payee: agreement.payee,
			to_payee,
			to_payer,
			arbiter: arbiter.cloned(),
		});
		Ok(())
	}

	/// Anyone settles a dispute that timed out without a ruling, by the agreement's own rule:
	/// all to the payee if its condition was met before the deadline (data delivered, or its
	/// milestone reached while disputed), else all back to the payer.
	///
	/// # Errors
	///
	/// `UnknownAgreement`, `NotDisputed`, `DisputeNotTimedOut` before the dispute's timeout,
	/// or the currency's error if the payee cannot receive the amount.
	pub fn do_settle_dispute(id: AgreementId) -> DispatchResult {
		let agreement = Agreements::<T>::get(id).ok_or(Error::<T>::UnknownAgreement)?;
		let AgreementStatus::Disputed { timeout_at, milestone_reached, .. } = agreement.status
		else {
			return Err(Error::<T>::NotDisputed.into());
		};
		ensure!(Self::current_block_number() >= timeout_at, Error::<T>::DisputeNotTimedOut);
		let condition_met = match agreement.condition {
			Condition::Approval => false,
			Condition::DataDelivered { .. } => Self::data_delivered_at(&agreement).is_some(),
			Condition::Milestone { .. } => milestone_reached,
		};
		let to_payee = if condition_met { agreement.amount } else { Zero::zero() };
		let to_payer = Self::end_agreement(id, &agreement, to_payee)?;
		Self::deposit_event(Event::AgreementSettledByDefault {
			agreement: id,
			payer: agreement.payer,
			payee: agreement.payee,
			to_payee,
			to_payer,
		});
		Ok(())
	}

	/// Pays the agreements of the shipment's shipper and receiver waiting on `(shipment,
	/// milestone)` whose deadline has not come, and returns how many agreements of theirs
	/// waited on it. Agreements of other payers stay as they are: only a shipment of its
	/// payer's pays an agreement. A disputed agreement is not paid; the milestone is recorded
	/// for its default outcome. Never fails: a failed payout is undone alone and reported with
	/// [`Event::MilestoneNotReleased`].
	pub fn do_on_milestone(
		shipment: ShipmentId,
		milestone: MilestoneKind,
		parties: &ShipmentParties<T::AccountId>,
	) -> u32 {
		let ShipmentParties { shipper, receiver } = parties;
		let payers = [Some(shipper), (receiver != shipper).then_some(receiver)];
		let now = Self::current_block_number();
		let mut count: u32 = 0;
		for payer in payers.into_iter().flatten() {
			let Some(waiting) = AgreementsByMilestone::<T>::take((shipment, milestone, payer))
			else {
				continue;
			};
			count = count.saturating_add(u32::try_from(waiting.len()).unwrap_or(u32::MAX));
			for id in waiting {
				Self::release_on_milestone(id, shipment, milestone, now);
			}
		}
		count
	}

	/// Pays one agreement whose milestone was reached, or says why not.
	fn release_on_milestone(
		id: AgreementId,
		shipment: ShipmentId,
		milestone: MilestoneKind,
		now: BlockNumberFor<T>,
	) {
		let Some(mut agreement) = Agreements::<T>::get(id) else {
			defensive!("a milestone's index lists an agreement that does not exist");
			return;
		};
		let not_released =
			|reason| Event::MilestoneNotReleased { agreement: id, shipment, milestone, reason };
		if now >= agreement.deadline {
			Self::deposit_event(not_released(MilestoneNotReleasedReason::DeadlinePassed));
			return;
		}
		if let AgreementStatus::Disputed { milestone_reached, .. } = &mut agreement.status {
			*milestone_reached = true;
			Agreements::<T>::insert(id, agreement);
			Self::deposit_event(not_released(MilestoneNotReleasedReason::Disputed));
			return;
		}
		match with_storage_layer(|| Self::end_agreement(id, &agreement, agreement.amount)) {
			Ok(_) => Self::deposit_event(Event::AgreementReleasedOnMilestone {
				agreement: id,
				shipment,
				milestone,
				payer: agreement.payer,
				payee: agreement.payee,
				amount: agreement.amount,
			}),
			Err(_) => Self::deposit_event(not_released(MilestoneNotReleasedReason::PayoutFailed)),
		}
	}

	/// Whether the payee may claim the agreement now.
	///
	/// # Errors
	///
	/// - `AgreementDisputed`; `ConditionNotMet` unless the condition is `DataDelivered`;
	/// - if the data was not delivered in time: `DeadlinePassed` from the deadline on, else
	///   `ConditionNotMet`;
	/// - `ChallengePeriodNotOver` until `DataChallengePeriod` blocks after the delivery.
	pub(crate) fn ensure_claimable(agreement: &AgreementOf<T>) -> DispatchResult {
		ensure!(agreement.status == AgreementStatus::Open, Error::<T>::AgreementDisputed);
		ensure!(
			matches!(agreement.condition, Condition::DataDelivered { .. }),
			Error::<T>::ConditionNotMet
		);
		let now = Self::current_block_number();
		let Some(claimable_from) = Self::data_claimable_from(agreement) else {
			ensure!(now < agreement.deadline, Error::<T>::DeadlinePassed);
			return Err(Error::<T>::ConditionNotMet.into());
		};
		ensure!(now >= claimable_from, Error::<T>::ChallengePeriodNotOver);
		Ok(())
	}

	/// Whether anyone may refund the agreement now.
	///
	/// # Errors
	///
	/// `AgreementDisputed`, `DeadlineNotReached` before the deadline, `ConditionMet` if its
	/// data was delivered in time.
	pub(crate) fn ensure_refundable(agreement: &AgreementOf<T>) -> DispatchResult {
		ensure!(agreement.status == AgreementStatus::Open, Error::<T>::AgreementDisputed);
		ensure!(Self::current_block_number() >= agreement.deadline, Error::<T>::DeadlineNotReached);
		ensure!(Self::data_delivered_at(agreement).is_none(), Error::<T>::ConditionMet);
		Ok(())
	}

	/// The block in which the data of a `DataDelivered` agreement was delivered: its device's
	/// anchor `seq`, covering at least `min_readings` readings, made after the agreement and
	/// before its deadline. `None` for other conditions, or data not (yet) delivered in time.
	pub(crate) fn data_delivered_at(agreement: &AgreementOf<T>) -> Option<BlockNumberFor<T>> {
		let Condition::DataDelivered { device, seq, min_readings } = &agreement.condition else {
			return None;
		};
		let record = T::Anchors::anchor_record(device, *seq)?;
		(record.block >= agreement.created_at
			&& record.block < agreement.deadline
			&& record.kind.leaf_count() >= *min_readings)
			.then_some(record.block)
	}

	/// The first block at which the payee may claim delivered data, the payer's challenge
	/// period over: `None` unless the data was delivered in time.
	pub(crate) fn data_claimable_from(agreement: &AgreementOf<T>) -> Option<BlockNumberFor<T>> {
		Self::data_delivered_at(agreement)
			.map(|delivered| delivered.saturating_add(T::DataChallengePeriod::get()))
	}

	/// The milestone an agreement waits on: `Some` while it is open, not disputed, and its
	/// milestone not yet reported by a shipment of its payer's.
	pub(crate) fn waiting_milestone(id: AgreementId) -> Option<(ShipmentId, MilestoneKind)> {
		let agreement = Agreements::<T>::get(id)?;
		let Condition::Milestone { shipment, milestone } = agreement.condition else {
			return None;
		};
		(agreement.status == AgreementStatus::Open
			&& AgreementsByMilestone::<T>::get((shipment, milestone, &agreement.payer))
				.is_some_and(|waiting| waiting.contains(&id)))
		.then_some((shipment, milestone))
	}

	/// Ends an agreement: pays `to_payee` (at most its amount) to the payee, releases the rest
	/// and the storage deposit to the payer, and removes the agreement and its index entries.
	/// Returns what went back to the payer of the amount.
	fn end_agreement(
		id: AgreementId,
		agreement: &AgreementOf<T>,
		to_payee: BalanceOf<T>,
	) -> Result<BalanceOf<T>, DispatchError> {
		let to_payer = agreement.amount.saturating_sub(to_payee);
		Self::pay_from_hold(HoldReason::Escrow, &agreement.payer, &agreement.payee, to_payee)?;
		Self::release_funds(HoldReason::Escrow, &agreement.payer, to_payer)?;
		Self::release_funds(HoldReason::StorageDeposit, &agreement.payer, agreement.deposit)?;
		Self::stop_waiting_on_milestone(id, agreement);
		AgreementsByParty::<T>::remove(&agreement.payer, agreement_key(id));
		AgreementsByParty::<T>::remove(&agreement.payee, agreement_key(id));
		Agreements::<T>::remove(id);
		Ok(to_payer)
	}

	/// Takes the agreement out of its milestone's index, if it is in it.
	fn stop_waiting_on_milestone(id: AgreementId, agreement: &AgreementOf<T>) {
		let Condition::Milestone { shipment, milestone } = agreement.condition else { return };
		AgreementsByMilestone::<T>::mutate_exists(
			(shipment, milestone, &agreement.payer),
			|waiting| {
				if let Some(ids) = waiting {
					ids.retain(|waiting_id| *waiting_id != id);
					if ids.is_empty() {
						*waiting = None;
					}
				}
			},
		);
	}
}
