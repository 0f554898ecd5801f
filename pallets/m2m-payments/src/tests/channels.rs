//! Payment channels.

use frame_support::{assert_noop, assert_ok, traits::fungible::Mutate};
use iotchain_primitives::{domain, signed_payload};
use sp_core::H256;
use sp_runtime::MultiSignature;

use super::*;

/// The test channels' deposit.
const DEPOSIT: Balance = 1_000;
/// The test channels' expiry.
const EXPIRY: u64 = 100;

/// The payer opens a channel to [`PAYEE`] with [`DEPOSIT`] until [`EXPIRY`]; returns its id.
fn open() -> ChannelId {
	open_by(&payer_key())
}

fn open_by(key: &TestKey) -> ChannelId {
	let id = NextChannelId::<Test>::get();
	assert_ok!(Payments::open_channel(signed(&key.account()), PAYEE, DEPOSIT, EXPIRY));
	id
}

/// `key`'s voucher for `amount` in all over `channel`.
fn voucher(key: &TestKey, channel: ChannelId, amount: Balance) -> MultiSignature {
	key.sign(&Payments::voucher_payload(channel, amount))
}

/// The payee claims the payer's voucher for `amount` over `channel`.
fn claim(channel: ChannelId, amount: Balance) {
	assert_ok!(Payments::claim_voucher(
		signed(&PAYEE),
		channel,
		amount,
		voucher(&payer_key(), channel, amount)
	));
}

fn claimed(channel: ChannelId) -> Balance {
	Channels::<Test>::get(channel).unwrap().claimed
}

// ---- the voucher payload ----

#[test]
fn voucher_payload_matches_the_documented_bytes() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(System::block_hash(0), H256::repeat_byte(0x45));

		let payload = Payments::voucher_payload(7, 1_000_000);

		let mut expected = vec![0x40];
		expected.extend_from_slice(b"iotchain/voucher");
		expected.extend_from_slice(&[0x45; 32]);
		expected.extend_from_slice(&[7, 0, 0, 0, 0, 0, 0, 0]);
		expected.extend_from_slice(&[0x40, 0x42, 0x0f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
		assert_eq!(payload.len(), 73);
		assert_eq!(payload, expected);
		assert_eq!(
			hex(&payload),
			concat!(
				"40696f74636861696e2f766f7563686572",
				"4545454545454545454545454545454545454545454545454545454545454545",
				"0700000000000000",
				"40420f00000000000000000000000000"
			)
		);
		assert_eq!(
			payload,
			signed_payload(domain::VOUCHER, &H256::repeat_byte(0x45), &(7u64, 1_000_000u128))
		);
	});
}

// ---- open_channel ----

#[test]
fn open_channel_holds_the_deposit_and_the_storage_deposit() {
	ExtBuilder::default().build_and_execute(|| {
		let storage_deposit = Payments::channel_deposit();

		let id = open();

		assert_eq!(id, 0);
		assert_eq!(NextChannelId::<Test>::get(), 1);
		assert_eq!(
			Channels::<Test>::get(id),
			Some(Channel {
				payer: payer(),
				payee: PAYEE,
				deposit: DEPOSIT,
				claimed: 0,
				expires_at: EXPIRY,
				state: ChannelState::Open,
				storage_deposit,
				opened_at: 1,
			})
		);
		assert_eq!(held(HoldReason::Channel, &payer()), DEPOSIT);
		assert_eq!(held(HoldReason::StorageDeposit, &payer()), storage_deposit);
		assert_eq!(free(&payer()), INITIAL_BALANCE - DEPOSIT - storage_deposit);
		System::assert_last_event(
			Event::ChannelOpened {
				channel: id,
				payer: payer(),
				payee: PAYEE,
				deposit: DEPOSIT,
				expires_at: EXPIRY,
				storage_deposit,
			}
			.into(),
		);
	});
}

#[test]
fn open_channel_rejects_paying_oneself() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Payments::open_channel(signed(&payer()), payer(), DEPOSIT, EXPIRY),
			Error::<Test>::PayeeIsPayer
		);
	});
}

#[test]
fn open_channel_rejects_a_deposit_below_the_minimum() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Payments::open_channel(signed(&payer()), PAYEE, MINIMUM_AMOUNT - 1, EXPIRY),
			Error::<Test>::AmountTooLow
		);
	});
}

#[test]
fn open_channel_rejects_an_expiry_not_after_the_current_block() {
	ExtBuilder::default().build_and_execute(|| {
		go_to(5);
		assert_noop!(
			Payments::open_channel(signed(&payer()), PAYEE, DEPOSIT, 5),
			Error::<Test>::ExpiryInPast
		);
	});
}

#[test]
fn open_channel_fails_when_the_payer_cannot_hold_the_deposits() {
	ExtBuilder::default().build_and_execute(|| {
		Balances::set_balance(&STRANGER, DEPOSIT + 10);
		assert_noop!(
			Payments::open_channel(signed(&STRANGER), PAYEE, DEPOSIT, EXPIRY),
			Error::<Test>::InsufficientBalance
		);
	});
}

#[test]
fn open_channel_fails_when_ids_run_out() {
	ExtBuilder::default().build_and_execute(|| {
		NextChannelId::<Test>::put(ChannelId::MAX);
		assert_noop!(
			Payments::open_channel(signed(&payer()), PAYEE, DEPOSIT, EXPIRY),
			Error::<Test>::NoMoreIds
		);
	});
}

// ---- claim_voucher ----

#[test]
fn claim_voucher_pays_the_difference_to_what_was_claimed() {
	ExtBuilder::default().build_and_execute(|| {
		let id = open();

		claim(id, 100);
		assert_eq!(free(&PAYEE), INITIAL_BALANCE + 100);
		System::assert_last_event(
			Event::VoucherClaimed {
				channel: id,
				payee: PAYEE,
				cumulative_amount: 100,
				paid: 100,
				remaining: 900,
			}
			.into(),
		);

		claim(id, 250);
		assert_eq!(free(&PAYEE), INITIAL_BALANCE + 250);
		assert_eq!(claimed(id), 250);
		assert_eq!(held(HoldReason::Channel, &payer()), DEPOSIT - 250);
		System::assert_last_event(
			Event::VoucherClaimed {
				channel: id,
				payee: PAYEE,
				cumulative_amount: 250,
				paid: 150,
				remaining: 750,
			}
			.into(),
		);
	});
}

#[test]
fn claim_voucher_accepts_the_whole_deposit() {
	ExtBuilder::default().build_and_execute(|| {
		let id = open();
		claim(id, DEPOSIT);
		assert_eq!(held(HoldReason::Channel, &payer()), 0);
		assert_eq!(free(&PAYEE), INITIAL_BALANCE + DEPOSIT);
	});
}

#[test]
fn claim_voucher_accepts_every_signature_scheme() {
	ExtBuilder::default().build_and_execute(|| {
		for key in [TestKey::sr25519(11), TestKey::ed25519(12), TestKey::ecdsa(13)] {
			Balances::set_balance(&key.account(), INITIAL_BALANCE);
			let id = open_by(&key);
			assert_ok!(Payments::claim_voucher(signed(&PAYEE), id, 10, voucher(&key, id, 10)));
			assert_eq!(claimed(id), 10);
		}
	});
}

#[test]
fn claim_voucher_rejects_a_bad_signature() {
	ExtBuilder::default().build_and_execute(|| {
		let id = open();
		let by_another_key = voucher(&TestKey::sr25519(99), id, 100);
		let for_another_amount = voucher(&payer_key(), id, 99);
		let of_another_domain = payer_key().sign(&signed_payload(
			domain::ANCHOR,
			&System::block_hash(0),
			&(id, 100u128),
		));
		for signature in [by_another_key, for_another_amount, of_another_domain] {
			assert_noop!(
				Payments::claim_voucher(signed(&PAYEE), id, 100, signature),
				Error::<Test>::InvalidVoucherSignature
			);
		}
	});
}

#[test]
fn claim_voucher_rejects_a_voucher_for_another_channel() {
	ExtBuilder::default().build_and_execute(|| {
		let first = open();
		let second = open();
		assert_noop!(
			Payments::claim_voucher(signed(&PAYEE), second, 100, voucher(&payer_key(), first, 100)),
			Error::<Test>::InvalidVoucherSignature
		);
	});
}

#[test]
fn claim_voucher_rejects_a_voucher_for_another_chain() {
	ExtBuilder::default().build_and_execute(|| {
		let id = open();
		let other_chain = signed_payload(domain::VOUCHER, &H256::repeat_byte(1), &(id, 100u128));
		assert_noop!(
			Payments::claim_voucher(signed(&PAYEE), id, 100, payer_key().sign(&other_chain)),
			Error::<Test>::InvalidVoucherSignature
		);
	});
}

#[test]
fn claim_voucher_above_the_deposit_pays_the_whole_deposit() {
	// The audit: a voucher above the deposit was rejected, so its payee could claim nothing.
	ExtBuilder::default().build_and_execute(|| {
		let id = open();
		let promised = DEPOSIT + 500;

		claim(id, promised);

		assert_eq!(claimed(id), DEPOSIT);
		assert_eq!(free(&PAYEE), INITIAL_BALANCE + DEPOSIT);
		System::assert_last_event(
			Event::VoucherClaimed {
				channel: id,
				payee: PAYEE,
				cumulative_amount: promised,
				paid: DEPOSIT,
				remaining: 0,
			}
			.into(),
		);
		// Nothing more to pay until the payer tops up; then the same voucher pays the rest.
		assert_noop!(
			Payments::claim_voucher(
				signed(&PAYEE),
				id,
				promised,
				voucher(&payer_key(), id, promised)
			),
			Error::<Test>::VoucherNotAboveClaimed
		);
		assert_ok!(Payments::top_up(signed(&payer()), id, 1_000));
		claim(id, promised);
		assert_eq!(claimed(id), promised);
		assert_eq!(free(&PAYEE), INITIAL_BALANCE + promised);
	});
}

#[test]
fn claim_voucher_rejects_a_voucher_not_above_what_was_claimed() {
	ExtBuilder::default().build_and_execute(|| {
		let id = open();
		claim(id, 300);
		for amount in [300, 200, 0] {
			assert_noop!(
				Payments::claim_voucher(
					signed(&PAYEE),
					id,
					amount,
					voucher(&payer_key(), id, amount)
				),
				Error::<Test>::VoucherNotAboveClaimed
			);
		}
	});
}

#[test]
fn claim_voucher_by_anyone_but_the_payee_is_rejected() {
	ExtBuilder::default().build_and_execute(|| {
		let id = open();
		for who in [payer(), STRANGER] {
			assert_noop!(
				Payments::claim_voucher(signed(&who), id, 100, voucher(&payer_key(), id, 100)),
				Error::<Test>::NotPayee
			);
		}
	});
}

#[test]
fn claim_voucher_from_the_expiry_on_is_rejected() {
	ExtBuilder::default().build_and_execute(|| {
		let id = open();
		go_to(EXPIRY);
		assert_noop!(
			Payments::claim_voucher(signed(&PAYEE), id, 100, voucher(&payer_key(), id, 100)),
			Error::<Test>::ClaimPeriodOver
		);
	});
}

#[test]
fn claim_voucher_on_an_unknown_channel_is_rejected() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Payments::claim_voucher(signed(&PAYEE), 3, 100, voucher(&payer_key(), 3, 100)),
			Error::<Test>::UnknownChannel
		);
	});
}

#[test]
fn a_thousand_micropayments_settle_in_three_transactions() {
	ExtBuilder::default().build_and_execute(|| {
		// 1: the payer opens the channel.
		let id = open();
		// Off chain: one voucher per page printed, a planck each, all of them signed; only the
		// last one matters.
		let vouchers: Vec<(Balance, MultiSignature)> =
			(1..=1_000).map(|pages| (pages, voucher(&payer_key(), id, pages))).collect();
		let (total, signature) = vouchers.last().cloned().unwrap();

		// 2: the payee claims the latest voucher; 3: it closes the channel.
		assert_ok!(Payments::claim_voucher(signed(&PAYEE), id, total, signature));
		assert_ok!(Payments::close_channel(signed(&PAYEE), id, None));

		assert_eq!(free(&PAYEE), INITIAL_BALANCE + total);
		assert_eq!(free(&payer()), INITIAL_BALANCE - total);
		assert_eq!(held_by_payments(&payer()), 0);
	});
}

// ---- top_up ----

#[test]
fn top_up_adds_to_the_deposit_and_allows_larger_vouchers() {
	ExtBuilder::default().build_and_execute(|| {
		let id = open();

		assert_ok!(Payments::top_up(signed(&payer()), id, 500));

		assert_eq!(Channels::<Test>::get(id).unwrap().deposit, DEPOSIT + 500);
		assert_eq!(held(HoldReason::Channel, &payer()), DEPOSIT + 500);
		System::assert_last_event(
			Event::ChannelToppedUp { channel: id, amount: 500, deposit: DEPOSIT + 500 }.into(),
		);
		claim(id, DEPOSIT + 500);
	});
}

#[test]
fn top_up_by_anyone_but_the_payer_is_rejected() {
	ExtBuilder::default().build_and_execute(|| {
		let id = open();
		assert_noop!(Payments::top_up(signed(&PAYEE), id, 500), Error::<Test>::NotPayer);
	});
}

#[test]
fn top_up_of_nothing_is_rejected() {
	ExtBuilder::default().build_and_execute(|| {
		let id = open();
		assert_noop!(Payments::top_up(signed(&payer()), id, 0), Error::<Test>::ZeroAmount);
	});
}

#[test]
fn top_up_of_a_closing_channel_is_rejected() {
	ExtBuilder::default().build_and_execute(|| {
		let id = open();
		assert_ok!(Payments::request_close(signed(&payer()), id));
		assert_noop!(Payments::top_up(signed(&payer()), id, 500), Error::<Test>::ChannelClosing);
	});
}

#[test]
fn top_up_of_an_expired_channel_is_rejected() {
	ExtBuilder::default().build_and_execute(|| {
		let id = open();
		go_to(EXPIRY);
		assert_noop!(Payments::top_up(signed(&payer()), id, 500), Error::<Test>::ChannelExpired);
	});
}

#[test]
fn top_up_fails_when_the_payer_cannot_hold_it() {
	ExtBuilder::default().build_and_execute(|| {
		let id = open();
		assert_noop!(
			Payments::top_up(signed(&payer()), id, INITIAL_BALANCE),
			Error::<Test>::InsufficientBalance
		);
	});
}

#[test]
fn top_up_rejects_a_deposit_that_would_overflow() {
	ExtBuilder::default().build_and_execute(|| {
		let id = open();
		let channel = Channels::<Test>::get(id).unwrap();
		Channels::<Test>::mutate(id, |stored| {
			let stored = stored.as_mut().unwrap();
			stored.deposit = Balance::MAX - 5;
			stored.claimed = Balance::MAX - 5 - DEPOSIT;
		});
		assert_noop!(Payments::top_up(signed(&payer()), id, 10), Error::<Test>::Overflow);
		Channels::<Test>::insert(id, channel);
	});
}

#[test]
fn top_up_of_an_unknown_channel_is_rejected() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(Payments::top_up(signed(&payer()), 0, 500), Error::<Test>::UnknownChannel);
	});
}

// ---- close_channel ----

#[test]
fn close_channel_with_a_last_voucher_pays_it_and_refunds_the_rest() {
	ExtBuilder::default().build_and_execute(|| {
		let id = open();
		claim(id, 100);
		let last = Voucher { cumulative_amount: 640, signature: voucher(&payer_key(), id, 640) };

		assert_ok!(Payments::close_channel(signed(&PAYEE), id, Some(last)));

		assert_eq!(Channels::<Test>::get(id), None);
		assert_eq!(free(&PAYEE), INITIAL_BALANCE + 640);
		assert_eq!(free(&payer()), INITIAL_BALANCE - 640);
		assert_eq!(held_by_payments(&payer()), 0);
		System::assert_has_event(
			Event::VoucherClaimed {
				channel: id,
				payee: PAYEE,
				cumulative_amount: 640,
				paid: 540,
				remaining: 360,
			}
			.into(),
		);
		System::assert_last_event(
			Event::ChannelClosed {
				channel: id,
				payer: payer(),
				payee: PAYEE,
				claimed: 640,
				refunded: 360,
			}
			.into(),
		);
	});
}

#[test]
fn close_channel_without_a_voucher_refunds_everything_unclaimed() {
	ExtBuilder::default().build_and_execute(|| {
		let id = open();
		claim(id, 100);
		go_to(EXPIRY + 50);

		assert_ok!(Payments::close_channel(signed(&PAYEE), id, None));

		assert_eq!(free(&payer()), INITIAL_BALANCE - 100);
		assert_eq!(held_by_payments(&payer()), 0);
		System::assert_last_event(
			Event::ChannelClosed {
				channel: id,
				payer: payer(),
				payee: PAYEE,
				claimed: 100,
				refunded: 900,
			}
			.into(),
		);
	});
}

#[test]
fn close_channel_with_a_bad_last_voucher_changes_nothing() {
	ExtBuilder::default().build_and_execute(|| {
		let id = open();
		let forged = Voucher { cumulative_amount: 640, signature: voucher(&payer_key(), id, 641) };
		assert_noop!(
			Payments::close_channel(signed(&PAYEE), id, Some(forged)),
			Error::<Test>::InvalidVoucherSignature
		);
	});
}

#[test]
fn close_channel_by_anyone_but_the_payee_is_rejected() {
	ExtBuilder::default().build_and_execute(|| {
		let id = open();
		for who in [payer(), STRANGER] {
			assert_noop!(Payments::close_channel(signed(&who), id, None), Error::<Test>::NotPayee);
		}
		assert_noop!(
			Payments::close_channel(signed(&PAYEE), id + 1, None),
			Error::<Test>::UnknownChannel
		);
	});
}

// ---- request_close / finalize_close ----

#[test]
fn request_close_starts_the_challenge_period() {
	ExtBuilder::default().build_and_execute(|| {
		let id = open();
		go_to(20);

		assert_ok!(Payments::request_close(signed(&payer()), id));

		assert_eq!(
			Channels::<Test>::get(id).unwrap().state,
			ChannelState::Closing { challenge_ends_at: 20 + CHALLENGE_PERIOD }
		);
		System::assert_last_event(
			Event::ChannelCloseRequested { channel: id, claim_deadline: 20 + CHALLENGE_PERIOD }
				.into(),
		);
	});
}

#[test]
fn request_close_near_the_expiry_ends_claims_at_the_expiry() {
	ExtBuilder::default().build_and_execute(|| {
		let id = open();
		go_to(EXPIRY - 2);
		assert_ok!(Payments::request_close(signed(&payer()), id));
		System::assert_last_event(
			Event::ChannelCloseRequested { channel: id, claim_deadline: EXPIRY }.into(),
		);
	});
}

#[test]
fn the_payee_may_claim_during_the_challenge_period_but_not_after() {
	ExtBuilder::default().build_and_execute(|| {
		let id = open();
		go_to(20);
		assert_ok!(Payments::request_close(signed(&payer()), id));

		go_to(20 + CHALLENGE_PERIOD - 1);
		claim(id, 400);

		go_to(20 + CHALLENGE_PERIOD);
		assert_noop!(
			Payments::claim_voucher(signed(&PAYEE), id, 500, voucher(&payer_key(), id, 500)),
			Error::<Test>::ClaimPeriodOver
		);
	});
}

#[test]
fn request_close_by_anyone_but_the_payer_is_rejected() {
	ExtBuilder::default().build_and_execute(|| {
		let id = open();
		assert_noop!(Payments::request_close(signed(&PAYEE), id), Error::<Test>::NotPayer);
		assert_noop!(
			Payments::request_close(signed(&payer()), id + 1),
			Error::<Test>::UnknownChannel
		);
	});
}

#[test]
fn request_close_twice_is_rejected() {
	ExtBuilder::default().build_and_execute(|| {
		let id = open();
		assert_ok!(Payments::request_close(signed(&payer()), id));
		assert_noop!(Payments::request_close(signed(&payer()), id), Error::<Test>::ChannelClosing);
	});
}

#[test]
fn request_close_of_an_expired_channel_is_rejected() {
	ExtBuilder::default().build_and_execute(|| {
		let id = open();
		go_to(EXPIRY);
		assert_noop!(Payments::request_close(signed(&payer()), id), Error::<Test>::ChannelExpired);
	});
}

#[test]
fn finalize_close_after_the_challenge_period_refunds_the_payer() {
	ExtBuilder::default().build_and_execute(|| {
		let id = open();
		claim(id, 250);
		assert_ok!(Payments::request_close(signed(&payer()), id));
		go_to(1 + CHALLENGE_PERIOD);

		assert_ok!(Payments::finalize_close(signed(&STRANGER), id));

		assert_eq!(Channels::<Test>::get(id), None);
		assert_eq!(free(&payer()), INITIAL_BALANCE - 250);
		assert_eq!(free(&PAYEE), INITIAL_BALANCE + 250);
		assert_eq!(held_by_payments(&payer()), 0);
		System::assert_last_event(
			Event::ChannelClosed {
				channel: id,
				payer: payer(),
				payee: PAYEE,
				claimed: 250,
				refunded: 750,
			}
			.into(),
		);
	});
}

#[test]
fn finalize_close_of_an_open_channel_before_its_expiry_is_rejected() {
	ExtBuilder::default().build_and_execute(|| {
		let id = open();
		go_to(EXPIRY - 1);
		assert_noop!(
			Payments::finalize_close(signed(&payer()), id),
			Error::<Test>::CloseNotRequested
		);
	});
}

#[test]
fn finalize_close_in_the_challenge_period_is_rejected() {
	ExtBuilder::default().build_and_execute(|| {
		let id = open();
		assert_ok!(Payments::request_close(signed(&payer()), id));
		go_to(CHALLENGE_PERIOD);
		assert_noop!(
			Payments::finalize_close(signed(&payer()), id),
			Error::<Test>::ChallengePeriodNotOver
		);
	});
}

#[test]
fn finalize_close_after_the_expiry_needs_no_request() {
	ExtBuilder::default().build_and_execute(|| {
		let id = open();
		claim(id, 10);
		go_to(EXPIRY);
		assert_ok!(Payments::finalize_close(signed(&payer()), id));
		assert_eq!(free(&payer()), INITIAL_BALANCE - 10);
		assert_noop!(Payments::finalize_close(signed(&payer()), id), Error::<Test>::UnknownChannel);
	});
}

// ---- reads ----

#[test]
fn channel_view_shows_deposit_claimed_remaining_and_claim_deadline() {
	ExtBuilder::default().build_and_execute(|| {
		let id = open();
		claim(id, 300);
		go_to(40);
		assert_ok!(Payments::request_close(signed(&payer()), id));

		let view = Payments::channel(id).unwrap();

		assert_eq!(view.id, id);
		assert_eq!((view.channel.deposit, view.channel.claimed, view.remaining), (1_000, 300, 700));
		assert_eq!(view.claim_deadline, 40 + CHALLENGE_PERIOD);
		assert_eq!(Payments::channel(id + 1), None);
	});
}
