//! The `payments_*` JSON-RPC methods, each forwarded to `M2mPaymentsApi` at block `at` (the
//! best block if `null`); the answers are the pallet's own view types in the JSON convention of
//! `docs/rpc.md`, where every method is described with an example answer:
//!
//! - `payments_agreementsByParty(account, cursor?, limit?, at?)`: a [`Page`] of the
//!   [`AgreementView`]s `account` pays or is paid by, in id order, `cursor` being the id of the
//!   agreement the page starts after;
//! - `payments_agreement(id, at?)`: an [`AgreementView`], or `null` once it has ended;
//! - `payments_channel(id, at?)`: a [`ChannelView`], or `null` once it is closed;
//! - `payments_listing(device, at?)`: a [`ListingView`], or `null`;
//! - `payments_rental(device, at?)`: a [`RentalView`], or `null` once settled;
//! - `payments_currentUser(device, at?)`: the account that may use the device now, or `null`;
//! - `payments_voucherPayload(channelId, cumulativeAmount, at?)`: the bytes the payer signs for
//!   a voucher, `0x` hex (laid out in `docs/payments.md`).

use std::fmt::Display;

use codec::Codec;
use iotchain_rpc::{Account, Amount, Reader};
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::Bytes;
use sp_runtime::{traits::Block as BlockT, AccountId32};

pub use pallet_m2m_payments_runtime_api::{
	AgreementId, AgreementView, ChannelId, ChannelView, ListingView,
	M2mPaymentsApi as M2mPaymentsRuntimeApi, Page, RentalView, MAX_AGREEMENTS_PAGE,
};

/// The `payments_*` methods. Parameters may also be passed by name.
#[rpc(server)]
pub trait PaymentsApi<BlockHash, Balance, BlockNumber>
where
	Balance: Display,
{
	/// One page of the agreements not yet ended that `account` pays or is paid by, in id
	/// order: at most `limit` (default and cap [`MAX_AGREEMENTS_PAGE`]) after agreement
	/// `cursor` (`null` for the first page).
	#[method(name = "payments_agreementsByParty")]
	fn agreements_by_party(
		&self,
		account: Account,
		cursor: Option<AgreementId>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Page<AgreementView<AccountId32, Balance, BlockNumber>, AgreementId>>;

	/// Agreement `id`, or `null` once it has ended.
	#[method(name = "payments_agreement")]
	fn agreement(
		&self,
		id: AgreementId,
		at: Option<BlockHash>,
	) -> RpcResult<Option<AgreementView<AccountId32, Balance, BlockNumber>>>;

	/// Channel `id`, or `null` once it is closed.
	#[method(name = "payments_channel")]
	fn channel(
		&self,
		id: ChannelId,
		at: Option<BlockHash>,
	) -> RpcResult<Option<ChannelView<AccountId32, Balance, BlockNumber>>>;

	/// The device's listing, or `null`.
	#[method(name = "payments_listing")]
	fn listing(
		&self,
		device: Account,
		at: Option<BlockHash>,
	) -> RpcResult<Option<ListingView<AccountId32, Balance, BlockNumber>>>;

	/// The device's rental, or `null`.
	#[method(name = "payments_rental")]
	fn rental(
		&self,
		device: Account,
		at: Option<BlockHash>,
	) -> RpcResult<Option<RentalView<AccountId32, Balance, BlockNumber>>>;

	/// The account that may use the device now, or `null`.
	#[method(name = "payments_currentUser")]
	fn current_user(
		&self,
		device: Account,
		at: Option<BlockHash>,
	) -> RpcResult<Option<AccountId32>>;

	/// The bytes to sign for a voucher of `cumulativeAmount` in all over channel `channelId`.
	#[method(name = "payments_voucherPayload")]
	fn voucher_payload(
		&self,
		#[argument(rename = "channelId")] channel_id: ChannelId,
		#[argument(rename = "cumulativeAmount")] cumulative_amount: Amount,
		at: Option<BlockHash>,
	) -> RpcResult<Bytes>;
}

/// Serves the `payments_*` methods: the shared [`Reader`] over a client, built with
/// `Payments::new(client)`.
pub type Payments<C, Block> = Reader<C, Block>;

impl<C, Block, Balance, BlockNumber> PaymentsApiServer<Block::Hash, Balance, BlockNumber>
	for Reader<C, Block>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: M2mPaymentsRuntimeApi<Block, AccountId32, Balance, BlockNumber>,
	Balance: Codec + Display + TryFrom<u128> + Clone + serde::Serialize + Send + Sync + 'static,
	BlockNumber: Codec + Clone + serde::Serialize + Send + Sync + 'static,
{
	fn agreements_by_party(
		&self,
		account: Account,
		cursor: Option<AgreementId>,
		limit: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<Page<AgreementView<AccountId32, Balance, BlockNumber>, AgreementId>> {
		let limit = limit.unwrap_or(MAX_AGREEMENTS_PAGE);
		self.read(at, |api, at| api.agreements_by_party(at, account.into(), cursor, limit))
	}

	fn agreement(
		&self,
		id: AgreementId,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<AgreementView<AccountId32, Balance, BlockNumber>>> {
		self.read(at, |api, at| api.agreement(at, id))
	}

	fn channel(
		&self,
		id: ChannelId,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<ChannelView<AccountId32, Balance, BlockNumber>>> {
		self.read(at, |api, at| api.channel(at, id))
	}

	fn listing(
		&self,
		device: Account,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<ListingView<AccountId32, Balance, BlockNumber>>> {
		self.read(at, |api, at| api.listing(at, device.into()))
	}

	fn rental(
		&self,
		device: Account,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<RentalView<AccountId32, Balance, BlockNumber>>> {
		self.read(at, |api, at| api.rental(at, device.into()))
	}

	fn current_user(
		&self,
		device: Account,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<AccountId32>> {
		self.read(at, |api, at| api.current_user(at, device.into()))
	}

	fn voucher_payload(
		&self,
		channel_id: ChannelId,
		cumulative_amount: Amount,
		at: Option<Block::Hash>,
	) -> RpcResult<Bytes> {
		let cumulative_amount: Balance = cumulative_amount.to_balance("cumulativeAmount")?;
		self.read(at, |api, at| api.voucher_payload(at, channel_id, cumulative_amount))
			.map(Bytes::from)
	}
}

#[cfg(test)]
mod tests {
	// A panic in a test is a failed test.
	#![allow(clippy::expect_used)]

	use super::*;
	use iotchain_test_support::json_of;
	use pallet_m2m_payments_runtime_api::{
		Agreement, AgreementStatus, Channel, ChannelState, Condition, Listing, MilestoneKind,
		Rental, RentalPhase,
	};
	use serde_json::json;
	use sp_core::crypto::Ss58Codec;

	fn account(byte: u8) -> AccountId32 {
		AccountId32::new([byte; 32])
	}

	fn ss58(byte: u8) -> String {
		account(byte).to_ss58check()
	}

	fn agreement(condition: Condition<AccountId32>) -> AgreementView<AccountId32, u128, u32> {
		AgreementView {
			id: 3,
			agreement: Agreement {
				payer: account(1),
				payee: account(2),
				amount: 1_000_000_000_000_000_000_000,
				condition,
				deadline: 100,
				arbiter: Some(account(3)),
				status: AgreementStatus::Disputed {
					by: account(2),
					timeout_at: 130,
					milestone_reached: false,
				},
				deposit: 4_200,
				created_at: 7,
			},
			claimable: false,
			refundable: true,
		}
	}

	#[test]
	fn an_agreement_page_is_flat_camel_case_with_decimal_balances_and_ss58_accounts() {
		let page = Page { items: vec![agreement(Condition::Approval)], next: Some(3) };
		assert_eq!(
			json_of(&page),
			json!({
				"items": [{
					"id": 3,
					"payer": ss58(1),
					"payee": ss58(2),
					"amount": "1000000000000000000000",
					"condition": "approval",
					"deadline": 100,
					"arbiter": ss58(3),
					"status": {
						"disputed": { "by": ss58(2), "timeoutAt": 130, "milestoneReached": false },
					},
					"deposit": "4200",
					"createdAt": 7,
					"claimable": false,
					"refundable": true,
				}],
				"next": 3,
			})
		);
		let open = AgreementView {
			agreement: Agreement {
				status: AgreementStatus::Open,
				..agreement(Condition::Approval).agreement
			},
			..agreement(Condition::Approval)
		};
		assert_eq!(json_of(&open)["status"], json!("open"));
	}

	#[test]
	fn conditions_are_externally_tagged_and_milestones_as_the_supply_chain_writes_them() {
		let data = Condition::DataDelivered { device: account(9), seq: 5, min_readings: 100 };
		assert_eq!(
			json_of(&agreement(data))["condition"],
			json!({ "dataDelivered": { "device": ss58(9), "seq": 5, "minReadings": 100 } })
		);
		let shipment = 123_456_789_012_345_678;
		for (kind, milestone) in [
			(MilestoneKind::Delivered, json!("delivered")),
			(MilestoneKind::CustomsCleared, json!("customsCleared")),
			(MilestoneKind::Custom(7), json!({ "custom": 7 })),
		] {
			let condition = Condition::Milestone { shipment, milestone: kind };
			assert_eq!(
				json_of(&agreement(condition))["condition"],
				json!({ "milestone": { "shipment": shipment, "milestone": milestone } })
			);
		}
	}

	#[test]
	fn a_channel_shows_its_deposit_claims_remainder_and_state() {
		let view = ChannelView {
			id: 4,
			channel: Channel {
				payer: account(1),
				payee: account(2),
				deposit: 1_000u128,
				claimed: 300,
				expires_at: 500u32,
				state: ChannelState::Closing { challenge_ends_at: 120 },
				storage_deposit: 77,
				opened_at: 2,
			},
			remaining: 700,
			claim_deadline: 120,
		};
		assert_eq!(
			json_of(&view),
			json!({
				"id": 4,
				"payer": ss58(1),
				"payee": ss58(2),
				"deposit": "1000",
				"claimed": "300",
				"remaining": "700",
				"expiresAt": 500,
				"state": { "closing": { "challengeEndsAt": 120 } },
				"claimDeadline": 120,
				"storageDeposit": "77",
				"openedAt": 2,
			})
		);
	}

	#[test]
	fn a_listing_names_its_device_and_terms() {
		let view = ListingView {
			device: account(8),
			listing: Listing {
				owner: account(5),
				price_per_block: 7u128,
				min_blocks: 1u32,
				max_blocks: 100,
				security_deposit: 100,
				arbiter: Some(account(3)),
				deposit: 500,
			},
		};
		assert_eq!(
			json_of(&view),
			json!({
				"device": ss58(8),
				"owner": ss58(5),
				"pricePerBlock": "7",
				"minBlocks": 1,
				"maxBlocks": 100,
				"securityDeposit": "100",
				"arbiter": ss58(3),
				"deposit": "500",
			})
		);
	}

	#[test]
	fn a_rental_shows_its_renter_expiry_and_phase() {
		let view = RentalView {
			device: account(8),
			rental: Rental {
				renter: account(6),
				owner: account(5),
				start: 10u32,
				end: 20,
				price_per_block: 7u128,
				rent_held: 70,
				security_deposit: 100,
				min_blocks: 2,
				arbiter: None,
				disputed_until: None,
			},
			phase: RentalPhase::InUse,
			settleable_from: 25,
		};
		assert_eq!(
			json_of(&view),
			json!({
				"device": ss58(8),
				"renter": ss58(6),
				"owner": ss58(5),
				"start": 10,
				"end": 20,
				"pricePerBlock": "7",
				"rentHeld": "70",
				"securityDeposit": "100",
				"minBlocks": 2,
				"arbiter": null,
				"disputedUntil": null,
				"phase": "inUse",
				"settleableFrom": 25,
			})
		);
		for (phase, name) in [
			(RentalPhase::GracePeriod, "gracePeriod"),
			(RentalPhase::Disputed, "disputed"),
			(RentalPhase::Settleable, "settleable"),
		] {
			assert_eq!(json_of(&phase), json!(name));
		}
	}
}
