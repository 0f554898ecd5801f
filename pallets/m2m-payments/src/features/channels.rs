//! Payment channels: a deposit held from the payer, paid out to the payee against vouchers.

use alloc::vec::Vec;
use frame_support::{ensure, storage::with_storage_layer, traits::Get};
use frame_system::pallet_prelude::BlockNumberFor;
use iotchain_primitives::{chain::genesis_hash, domain, signed_payload};
use sp_runtime::{
	traits::{CheckedAdd, Saturating, Verify, Zero},
	DispatchError, DispatchResult,
};

use super::ChannelOf;
use crate::{
	BalanceOf, Channel, ChannelId, ChannelState, Channels, Config, Error, Event, HoldReason,
	NextChannelId, Pallet, Voucher,
};

impl<T: Config> Pallet<T> {
	/// Opens a channel from `payer` to `payee`, holding `deposit` and the storage deposit from
	/// `payer`, and returns its id.
	///
	/// # Errors
	///
	/// `PayeeIsPayer`, `AmountTooLow` below `MinimumAmount`, `ExpiryInPast` unless `expires_at`
	/// is after the current block, `NoMoreIds`, `InsufficientBalance`.
	pub fn do_open_channel(
		payer: &T::AccountId,
		payee: T::AccountId,
		deposit: BalanceOf<T>,
		expires_at: BlockNumberFor<T>,
	) -> Result<ChannelId, DispatchError> {
		ensure!(*payer != payee, Error::<T>::PayeeIsPayer);
		ensure!(deposit >= T::MinimumAmount::get(), Error::<T>::AmountTooLow);
		let now = Self::current_block_number();
		ensure!(expires_at > now, Error::<T>::ExpiryInPast);
		let id = NextChannelId::<T>::get();
		let next = id.checked_add(1).ok_or(Error::<T>::NoMoreIds)?;
		let storage_deposit = Self::channel_deposit();
		with_storage_layer(|| {
			Self::hold_funds(HoldReason::Channel, payer, deposit)?;
			Self::hold_funds(HoldReason::StorageDeposit, payer, storage_deposit)
		})?;

		Channels::<T>::insert(
			id,
			Channel {
				payer: payer.clone(),
				payee: payee.clone(),
				deposit,
				claimed: Zero::zero(),
				expires_at,
				state: ChannelState::Open,
				storage_deposit,
				opened_at: now,
			},
		);
		NextChannelId::<T>::put(next);
		Self::deposit_event(Event::ChannelOpened {
			channel: id,
			payer: payer.clone(),
			payee,
			deposit,
			expires_at,
			storage_deposit,
		});
		Ok(id)
	}

	/// The payee is paid up to `voucher`.
	///
	/// # Errors
	///
	/// `UnknownChannel`, `NotPayee`, then those of [`Self::apply_voucher`].
	pub fn do_claim_voucher(
		who: &T::AccountId,
		id: ChannelId,
		voucher: Voucher<BalanceOf<T>>,
	) -> DispatchResult {
		let mut channel = Channels::<T>::get(id).ok_or(Error::<T>::UnknownChannel)?;
		ensure!(channel.payee == *who, Error::<T>::NotPayee);
		Self::apply_voucher(id, &mut channel, &voucher)?;
		Channels::<T>::insert(id, channel);
		Ok(())
	}

	/// The payer adds `amount` to the channel's deposit.
	///
	/// # Errors
	///
	/// `UnknownChannel`, `NotPayer`, `ZeroAmount`, `ChannelClosing` once the payer asked to
	/// close, `ChannelExpired` from the expiry on, `Overflow`, `InsufficientBalance`.
	pub fn do_top_up(who: &T::AccountId, id: ChannelId, amount: BalanceOf<T>) -> DispatchResult {
		let mut channel = Channels::<T>::get(id).ok_or(Error::<T>::UnknownChannel)?;
		ensure!(channel.payer == *who, Error::<T>::NotPayer);
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		ensure!(channel.state == ChannelState::Open, Error::<T>::ChannelClosing);
		ensure!(Self::current_block_number() < channel.expires_at, Error::<T>::ChannelExpired);
		channel.deposit = channel.deposit.checked_add(&amount).ok_or(Error::<T>::Overflow)?;
		Self::hold_funds(HoldReason::Channel, who, amount)?;
		let deposit = channel.deposit;
		Channels::<T>::insert(id, channel);
		Self::deposit_event(Event::ChannelToppedUp { channel: id, amount, deposit });
		Ok(())
	}

	/// The payee closes the channel, first claiming `voucher` if it brings one.
	///
	/// # Errors
	///
	/// `UnknownChannel`, `NotPayee`, and for a voucher those of [`Self::apply_voucher`].
	pub fn do_close_channel(
		who: &T::AccountId,
		id: ChannelId,
		voucher: Option<Voucher<BalanceOf<T>>>,
	) -> DispatchResult {
		let mut channel = Channels::<T>::get(id).ok_or(Error::<T>::UnknownChannel)?;
		ensure!(channel.payee == *who, Error::<T>::NotPayee);
		if let Some(voucher) = voucher {
			Self::apply_voucher(id, &mut channel, &voucher)?;
		}
		Self::close(id, channel)
	}

	/// The payer asks to close the channel: vouchers are accepted for `ChallengePeriod` more
	/// blocks (or until the expiry, if sooner).
	///
	/// # Errors
	///
	/// `UnknownChannel`, `NotPayer`, `ChannelClosing` if it asked already, `ChannelExpired`
	/// from the expiry on (`finalize_close` directly instead), `Overflow`.
	pub fn do_request_close(who: &T::AccountId, id: ChannelId) -> DispatchResult {
		let mut channel = Channels::<T>::get(id).ok_or(Error::<T>::UnknownChannel)?;
		ensure!(channel.payer == *who, Error::<T>::NotPayer);
		ensure!(channel.state == ChannelState::Open, Error::<T>::ChannelClosing);
		let now = Self::current_block_number();
		ensure!(now < channel.expires_at, Error::<T>::ChannelExpired);
		let challenge_ends_at =
			now.checked_add(&T::ChallengePeriod::get()).ok_or(Error::<T>::Overflow)?;
		channel.state = ChannelState::Closing { challenge_ends_at };
		let claim_deadline = channel.claim_deadline();
		Channels::<T>::insert(id, channel);
		Self::deposit_event(Event::ChannelCloseRequested { channel: id, claim_deadline });
		Ok(())
	}

	/// Anyone closes a channel whose claim deadline has come.
	///
	/// # Errors
	///
	/// `UnknownChannel`; before the claim deadline, `CloseNotRequested` for an open channel and
	/// `ChallengePeriodNotOver` for a closing one.
	pub fn do_finalize_close(id: ChannelId) -> DispatchResult {
		let channel = Channels::<T>::get(id).ok_or(Error::<T>::UnknownChannel)?;
		if Self::current_block_number() < channel.claim_deadline() {
			return Err(match channel.state {
				ChannelState::Open => Error::<T>::CloseNotRequested,
				ChannelState::Closing { .. } => Error::<T>::ChallengePeriodNotOver,
			}
			.into());
		}
		Self::close(id, channel)
	}

	/// The bytes the payer signs for a voucher of `cumulative_amount` over channel `id` on this
	/// chain: `("iotchain/voucher", genesis_hash, id, cumulative_amount)` SCALE-encoded.
	pub fn voucher_payload(id: ChannelId, cumulative_amount: BalanceOf<T>) -> Vec<u8> {
		signed_payload(domain::VOUCHER, &genesis_hash::<T>(), &(id, cumulative_amount))
	}

	/// Pays the payee the difference between `voucher`'s amount (or the deposit, if that is
	/// less) and what it claimed, and records the new total in `channel` (which the caller
	/// stores). Emits `VoucherClaimed`.
	///
	/// A voucher above the deposit is the payer's promise of more than it put in: the payee
	/// gets all there is, and the rest if the payer tops up before the claim deadline.
	///
	/// # Errors
	///
	/// - `ClaimPeriodOver` from the channel's claim deadline on;
	/// - `VoucherNotAboveClaimed` unless the amount (at most the deposit) is above what was
	///   claimed;
	/// - `InvalidVoucherSignature` unless the payer's account verifies the signature of
	///   [`Self::voucher_payload`] for this channel and amount;
	/// - the currency's error if the payee cannot receive the difference.
	fn apply_voucher(
		id: ChannelId,
		channel: &mut ChannelOf<T>,
		voucher: &Voucher<BalanceOf<T>>,
	) -> DispatchResult {
		ensure!(
			Self::current_block_number() < channel.claim_deadline(),
			Error::<T>::ClaimPeriodOver
		);
		let cumulative_amount = voucher.cumulative_amount;
		let payable = cumulative_amount.min(channel.deposit);
		ensure!(payable > channel.claimed, Error::<T>::VoucherNotAboveClaimed);
		let payload = Self::voucher_payload(id, cumulative_amount);
		ensure!(
			voucher.signature.verify(&payload[..], &channel.payer),
			Error::<T>::InvalidVoucherSignature
		);
		let paid = payable.saturating_sub(channel.claimed);
		Self::pay_from_hold(HoldReason::Channel, &channel.payer, &channel.payee, paid)?;
		channel.claimed = payable;
		Self::deposit_event(Event::VoucherClaimed {
			channel: id,
			payee: channel.payee.clone(),
			cumulative_amount,
			paid,
			remaining: channel.remaining(),
		});
		Ok(())
	}

	/// Releases what is left of the deposit and the storage deposit to the payer and removes
	/// the channel. Emits `ChannelClosed`.
	fn close(id: ChannelId, channel: ChannelOf<T>) -> DispatchResult {
		let refunded = channel.remaining();
		Self::release_funds(HoldReason::Channel, &channel.payer, refunded)?;
		Self::release_funds(HoldReason::StorageDeposit, &channel.payer, channel.storage_deposit)?;
		Channels::<T>::remove(id);
		Self::deposit_event(Event::ChannelClosed {
			channel: id,
			payer: channel.payer,
			payee: channel.payee,
			claimed: channel.claimed,
			refunded,
		});
		Ok(())
	}
}
