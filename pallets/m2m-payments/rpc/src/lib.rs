//! The `payments_*` JSON-RPC methods of the M2M payments pallet.
//!
//! - `payments_agreementsByParty(account, startAfter?, limit?, at?)`: one page of the agreements
//!   not yet ended that `account` pays or is paid by, in id order, and the cursor of the next
//!   page (`next`, to pass as `startAfter`; `null` after the last page). `limit` is capped at
//!   [`MAX_AGREEMENTS_PAGE`].
//! - `payments_agreement(id, at?)`: an [`Agreement`], or `null` once it has ended.
//! - `payments_channel(id, at?)`: a [`Channel`] with its deposit, claimed and remaining amounts,
//!   state and claim deadline, or `null` once it is closed.
//! - `payments_listing(device, at?)`: a device's [`Listing`], or `null`.
//! - `payments_rental(device, at?)`: a device's [`Rental`] (its renter, expiry and phase), or
//!   `null` once settled.
//! - `payments_currentUser(device, at?)`: the account that may use the device now (its renter
//!   while the rental runs), or `null`: what a device's gateway authorizes.
//! - `payments_voucherPayload(channelId, cumulativeAmount, at?)`: the exact bytes the payer
//!   signs for a voucher, `0x` hex, so that clients never build the encoding themselves.
//!
//! Accounts are SS58 strings with the chain's prefix; balances are decimal strings, since they
//! may not fit a JavaScript number (and `cumulativeAmount` may be given as one, or as a JSON
//! number); shipment ids are decimal strings for the same reason (an SSCC has 18 digits); block
//! numbers and agreement and channel ids are JSON numbers. Each method reads through
//! `M2mPaymentsApi` at the best block, or at block hash `at` when given.

use std::{fmt::Display, marker::PhantomData, sync::Arc};

use codec::Codec;
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::{
		error::{ErrorCode, ErrorObject},
		ErrorObjectOwned,
	},
};
use serde::{Deserialize, Serialize};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::{
	crypto::{Ss58AddressFormat, Ss58Codec},
	Bytes,
};
use sp_runtime::{
	traits::{Block as BlockT, UniqueSaturatedInto},
	AccountId32,
};

pub use pallet_m2m_payments_runtime_api::{
	AgreementStatus, AgreementView, ChannelState, ChannelView, Condition as ConditionRecord,
	Listing as ListingRecord, M2mPaymentsApi as M2mPaymentsRuntimeApi, MilestoneKind, RentalPhase,
	RentalView, MAX_AGREEMENTS_PAGE,
};

/// An escrow agreement as the RPC returns it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Agreement {
	/// The agreement's id.
	pub id: u64,
	/// Who pays, SS58.
	pub payer: String,
	/// Who is paid, SS58.
	pub payee: String,
	/// What is held for the payee, in plancks.
	pub amount: String,
	/// What releases it.
	pub condition: Condition,
	/// The first block at which the condition no longer counts and a refund is possible.
	pub deadline: u64,
	/// Who may resolve a dispute besides governance, SS58.
	pub arbiter: Option<String>,
	/// `open` or `disputed`.
	pub status: String,
	/// The party that disputed it, SS58, if disputed.
	pub disputed_by: Option<String>,
	/// If disputed, the first block at which anyone may settle it by its own rule.
	pub dispute_timeout_at: Option<u64>,
	/// The storage deposit held from the payer, in plancks.
	pub deposit: String,
	/// The block it was made in.
	pub created_at: u64,
	/// Whether the payee may `claim` it now.
	pub claimable: bool,
	/// Whether anyone may `refund` it now.
	pub refundable: bool,
}

/// An agreement's condition: `{ "type": "approval" }`,
/// `{ "type": "dataDelivered", "device": "<SS58>", "seq": 3, "minReadings": 1 }` or
/// `{ "type": "milestone", "shipment": "42", "milestone": "delivered" }`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum Condition {
	/// The payer releases.
	Approval,
	/// Claimable once the device anchored `seq`, with at least `min_readings` readings, before
	/// the deadline, and the payer's challenge period is over.
	DataDelivered {
		/// The device, SS58.
		device: String,
		/// The sequence number of the anchor that delivers the data.
		seq: u64,
		/// The fewest readings the anchor must cover.
		min_readings: u32,
	},
	/// Released when the shipment reaches the milestone.
	Milestone {
		/// The shipment's id, as a decimal string.
		shipment: String,
		/// The milestone.
		milestone: Milestone,
	},
}

/// A shipment milestone: `"pickedUp"`, `"departed"`, `"arrived"`, `"customsCleared"`,
/// `"delivered"`, or `{ "custom": 7 }`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Milestone {
	/// The carrier collected the goods.
	PickedUp,
	/// The goods left a site.
	Departed,
	/// The goods reached a site.
	Arrived,
	/// Customs released the goods.
	CustomsCleared,
	/// The receiver accepted the delivery.
	Delivered,
	/// A milestone of the shipper's own, by code.
	Custom(u16),
}

impl From<MilestoneKind> for Milestone {
	fn from(kind: MilestoneKind) -> Self {
		match kind {
			MilestoneKind::PickedUp => Self::PickedUp,
			MilestoneKind::Departed => Self::Departed,
			MilestoneKind::Arrived => Self::Arrived,
			MilestoneKind::CustomsCleared => Self::CustomsCleared,
			MilestoneKind::Delivered => Self::Delivered,
			MilestoneKind::Custom(code) => Self::Custom(code),
		}
	}
}

/// One page of a party's agreements.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgreementsPage {
	/// The agreements of this page, in id order.
	pub agreements: Vec<Agreement>,
	/// What to pass as `startAfter` for the next page; `null` after the last page.
	pub next: Option<u64>,
}

/// A payment channel as the RPC returns it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Channel {
	/// The channel's id.
	pub id: u64,
	/// Who pays and signs vouchers, SS58.
	pub payer: String,
	/// Who is paid, SS58.
	pub payee: String,
	/// All the payer has put in, in plancks.
	pub deposit: String,
	/// What the payee has been paid so far (the highest voucher claimed), in plancks.
	pub claimed: String,
	/// What is still held for the payee, `deposit - claimed`, in plancks.
	pub remaining: String,
	/// The first block at which vouchers are no longer accepted.
	pub expires_at: u64,
	/// `open` or `closing`.
	pub state: String,
	/// When closing: the end of the challenge period.
	pub challenge_ends_at: Option<u64>,
	/// The first block at which vouchers are no longer accepted and anyone may finalize the
	/// close: the expiry, or the end of the challenge period if sooner.
	pub claim_deadline: u64,
	/// The storage deposit held from the payer, in plancks.
	pub storage_deposit: String,
	/// The block it was opened in.
	pub opened_at: u64,
}

/// A device's listing as the RPC returns it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Listing {
	/// The device, SS58.
	pub device: String,
	/// Who listed it and is paid the rent, SS58.
	pub owner: String,
	/// The rent per block, in plancks.
	pub price_per_block: String,
	/// The shortest rental, in blocks.
	pub min_blocks: u64,
	/// The longest rental, in blocks.
	pub max_blocks: u64,
	/// What a renter puts down against damage, in plancks.
	pub security_deposit: String,
	/// Who may resolve a dispute besides governance, SS58.
	pub arbiter: Option<String>,
	/// The storage deposit held from the owner, in plancks.
	pub deposit: String,
}

/// A device's rental as the RPC returns it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Rental {
	/// The device, SS58.
	pub device: String,
	/// Who rents it, SS58.
	pub renter: String,
	/// Who is paid the rent, SS58.
	pub owner: String,
	/// The block the rental began in.
	pub start: u64,
	/// The first block the renter no longer uses the device (its expiry, or when it ended it).
	pub end: u64,
	/// The rent per block, in plancks.
	pub price_per_block: String,
	/// Rent still held for the owner, in plancks.
	pub rent_held: String,
	/// The security deposit held from the renter, in plancks.
	pub security_deposit: String,
	/// Who may resolve a dispute besides governance, SS58.
	pub arbiter: Option<String>,
	/// `inUse`, `gracePeriod`, `disputed` or `settleable`.
	pub phase: String,
	/// Whether the renter is the device's current user now (`phase` is `inUse`).
	pub in_use: bool,
	/// The first block at which it can no longer be disputed and anyone may settle it.
	pub settleable_from: u64,
}

/// An amount passed to a method: a decimal string (any size) or a JSON number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Amount {
	/// A JSON number, exact up to 2^53 in JavaScript.
	Number(u64),
	/// A decimal string.
	Decimal(String),
}

impl Amount {
	/// The amount as a balance, or an invalid-params error.
	pub fn to_balance<Balance: TryFrom<u128>>(&self) -> Result<Balance, ErrorObjectOwned> {
		let value = match self {
			Self::Number(value) => u128::from(*value),
			Self::Decimal(text) => text.parse::<u128>().map_err(|error| {
				invalid_params("`cumulativeAmount` is not a decimal amount", error)
			})?,
		};
		Balance::try_from(value).map_err(|_| {
			invalid_params("`cumulativeAmount` is too large for a balance", value.to_string())
		})
	}
}

/// The `payments_*` JSON-RPC methods. Parameters may also be passed by name, in camelCase.
#[rpc(client, server)]
pub trait PaymentsApi<BlockHash> {
	/// One page of the agreements `account` pays or is paid by, after the id `startAfter`.
	#[method(name = "payments_agreementsByParty")]
	fn agreements_by_party(
		&self,
		account: AccountId32,
		#[argument(rename = "startAfter")] start_after: Option<u64>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<AgreementsPage>;

	/// The agreement `id`, or `null` once it has ended.
	#[method(name = "payments_agreement")]
	fn agreement(&self, id: u64, at: Option<BlockHash>) -> RpcResult<Option<Agreement>>;

	/// The channel `id`, or `null` once it is closed.
	#[method(name = "payments_channel")]
	fn channel(&self, id: u64, at: Option<BlockHash>) -> RpcResult<Option<Channel>>;

	/// The device's listing, or `null`.
	#[method(name = "payments_listing")]
	fn listing(&self, device: AccountId32, at: Option<BlockHash>) -> RpcResult<Option<Listing>>;

	/// The device's rental, or `null`.
	#[method(name = "payments_rental")]
	fn rental(&self, device: AccountId32, at: Option<BlockHash>) -> RpcResult<Option<Rental>>;

	/// The account that may use the device now, SS58, or `null`.
	#[method(name = "payments_currentUser")]
	fn current_user(&self, device: AccountId32, at: Option<BlockHash>)
		-> RpcResult<Option<String>>;

	/// The bytes to sign for a voucher of `cumulativeAmount` over channel `channelId`.
	#[method(name = "payments_voucherPayload")]
	fn voucher_payload(
		&self,
		#[argument(rename = "channelId")] channel_id: u64,
		#[argument(rename = "cumulativeAmount")] cumulative_amount: Amount,
		at: Option<BlockHash>,
	) -> RpcResult<Bytes>;
}

/// The error code of a failed runtime API call.
pub const RUNTIME_ERROR: i32 = 1;

/// Serves the `payments_*` methods from the runtime API.
pub struct Payments<C, Block, Balance> {
	client: Arc<C>,
	ss58_format: Ss58AddressFormat,
	_marker: PhantomData<fn() -> (Block, Balance)>,
}

impl<C, Block, Balance> Payments<C, Block, Balance> {
	/// Serves the methods from `client`, writing accounts with SS58 prefix `ss58_prefix` (the
	/// chain's).
	pub fn new(client: Arc<C>, ss58_prefix: u16) -> Self {
		Self { client, ss58_format: Ss58AddressFormat::custom(ss58_prefix), _marker: PhantomData }
	}
}

impl<C, Block, Balance> Payments<C, Block, Balance>
where
	Block: BlockT,
	C: HeaderBackend<Block>,
{
	fn at(&self, at: Option<Block::Hash>) -> Block::Hash {
		at.unwrap_or_else(|| self.client.info().best_hash)
	}
}

impl<C, Block, Balance> PaymentsApiServer<<Block as BlockT>::Hash> for Payments<C, Block, Balance>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: M2mPaymentsRuntimeApi<Block, Balance>,
	Balance: Codec + Display + TryFrom<u128> + Send + Sync + 'static,
{
	fn agreements_by_party(
		&self,
		account: AccountId32,
		start_after: Option<u64>,
		limit: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<AgreementsPage> {
		let limit = limit.unwrap_or(MAX_AGREEMENTS_PAGE).min(MAX_AGREEMENTS_PAGE);
		let views = self
			.client
			.runtime_api()
			.agreements_by_party(self.at(at), account, start_after, limit)
			.map_err(runtime_error)?;
		let full_page = u32::try_from(views.len()).is_ok_and(|len| len >= limit && len > 0);
		let next = full_page.then(|| views.last().map(|view| view.id)).flatten();
		let agreements = views.iter().map(|view| agreement_json(view, self.ss58_format)).collect();
		Ok(AgreementsPage { agreements, next })
	}

	fn agreement(&self, id: u64, at: Option<Block::Hash>) -> RpcResult<Option<Agreement>> {
		let view = self.client.runtime_api().agreement(self.at(at), id).map_err(runtime_error)?;
		Ok(view.map(|view| agreement_json(&view, self.ss58_format)))
	}

	fn channel(&self, id: u64, at: Option<Block::Hash>) -> RpcResult<Option<Channel>> {
		let view = self.client.runtime_api().channel(self.at(at), id).map_err(runtime_error)?;
		Ok(view.map(|view| channel_json(&view, self.ss58_format)))
	}

	fn listing(&self, device: AccountId32, at: Option<Block::Hash>) -> RpcResult<Option<Listing>> {
		let listing = self
			.client
			.runtime_api()
			.listing(self.at(at), device.clone())
			.map_err(runtime_error)?;
		Ok(listing.map(|listing| listing_json(&device, &listing, self.ss58_format)))
	}

	fn rental(&self, device: AccountId32, at: Option<Block::Hash>) -> RpcResult<Option<Rental>> {
		let view = self.client.runtime_api().rental(self.at(at), device).map_err(runtime_error)?;
		Ok(view.map(|view| rental_json(&view, self.ss58_format)))
	}

	fn current_user(
		&self,
		device: AccountId32,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<String>> {
		let user =
			self.client.runtime_api().current_user(self.at(at), device).map_err(runtime_error)?;
		Ok(user.map(|user| user.to_ss58check_with_version(self.ss58_format)))
	}

	fn voucher_payload(
		&self,
		channel_id: u64,
		cumulative_amount: Amount,
		at: Option<Block::Hash>,
	) -> RpcResult<Bytes> {
		let cumulative_amount: Balance = cumulative_amount.to_balance()?;
		let payload = self
			.client
			.runtime_api()
			.voucher_payload(self.at(at), channel_id, cumulative_amount)
			.map_err(runtime_error)?;
		Ok(payload.into())
	}
}

fn runtime_error(error: impl std::fmt::Debug) -> ErrorObjectOwned {
	ErrorObject::owned(RUNTIME_ERROR, "Unable to query payments", Some(format!("{error:?}")))
}

fn invalid_params(message: &str, detail: impl ToString) -> ErrorObjectOwned {
	ErrorObject::owned(ErrorCode::InvalidParams.code(), message, Some(detail.to_string()))
}

fn block_number<BlockNumber: UniqueSaturatedInto<u64>>(block: BlockNumber) -> u64 {
	block.unique_saturated_into()
}

/// An agreement view as JSON, with accounts in SS58 of `format`.
pub fn agreement_json<Balance: Display, BlockNumber: UniqueSaturatedInto<u64> + Copy>(
	view: &AgreementView<AccountId32, Balance, BlockNumber>,
	format: Ss58AddressFormat,
) -> Agreement {
	let ss58 = |account: &AccountId32| account.to_ss58check_with_version(format);
	let agreement = &view.agreement;
	let (status, disputed_by, dispute_timeout_at) = match &agreement.status {
		AgreementStatus::Open => ("open", None, None),
		AgreementStatus::Disputed { by, timeout_at, .. } => {
			("disputed", Some(ss58(by)), Some(block_number(*timeout_at)))
		}
	};
	let condition = match &agreement.condition {
		ConditionRecord::Approval => Condition::Approval,
		ConditionRecord::DataDelivered { device, seq, min_readings } => Condition::DataDelivered {
			device: ss58(device),
			seq: *seq,
			min_readings: *min_readings,
		},
		ConditionRecord::Milestone { shipment, milestone } => {
			Condition::Milestone { shipment: shipment.to_string(), milestone: (*milestone).into() }
		}
	};
	Agreement {
		id: view.id,
		payer: ss58(&agreement.payer),
		payee: ss58(&agreement.payee),
		amount: agreement.amount.to_string(),
		condition,
		deadline: block_number(agreement.deadline),
		arbiter: agreement.arbiter.as_ref().map(ss58),
		status: status.into(),
		disputed_by,
		dispute_timeout_at,
		deposit: agreement.deposit.to_string(),
		created_at: block_number(agreement.created_at),
		claimable: view.claimable,
		refundable: view.refundable,
	}
}

/// A channel view as JSON, with accounts in SS58 of `format`.
pub fn channel_json<Balance: Display, BlockNumber: UniqueSaturatedInto<u64> + Copy>(
	view: &ChannelView<AccountId32, Balance, BlockNumber>,
	format: Ss58AddressFormat,
) -> Channel {
	let channel = &view.channel;
	let (state, challenge_ends_at) = match channel.state {
		ChannelState::Open => ("open", None),
		ChannelState::Closing { challenge_ends_at } => {
			("closing", Some(block_number(challenge_ends_at)))
		}
	};
	Channel {
		id: view.id,
		payer: channel.payer.to_ss58check_with_version(format),
		payee: channel.payee.to_ss58check_with_version(format),
		deposit: channel.deposit.to_string(),
		claimed: channel.claimed.to_string(),
		remaining: view.remaining.to_string(),
		expires_at: block_number(channel.expires_at),
		state: state.into(),
		challenge_ends_at,
		claim_deadline: block_number(view.claim_deadline),
		storage_deposit: channel.storage_deposit.to_string(),
		opened_at: block_number(channel.opened_at),
	}
}

/// The listing of `device` as JSON, with accounts in SS58 of `format`.
pub fn listing_json<Balance: Display, BlockNumber: UniqueSaturatedInto<u64> + Copy>(
	device: &AccountId32,
	listing: &ListingRecord<AccountId32, Balance, BlockNumber>,
	format: Ss58AddressFormat,
) -> Listing {
	let ss58 = |account: &AccountId32| account.to_ss58check_with_version(format);
	Listing {
		device: ss58(device),
		owner: ss58(&listing.owner),
		price_per_block: listing.price_per_block.to_string(),
		min_blocks: block_number(listing.min_blocks),
		max_blocks: block_number(listing.max_blocks),
		security_deposit: listing.security_deposit.to_string(),
		arbiter: listing.arbiter.as_ref().map(ss58),
		deposit: listing.deposit.to_string(),
	}
}

/// A rental view as JSON, with accounts in SS58 of `format`.
pub fn rental_json<Balance: Display, BlockNumber: UniqueSaturatedInto<u64> + Copy>(
	view: &RentalView<AccountId32, Balance, BlockNumber>,
	format: Ss58AddressFormat,
) -> Rental {
	let ss58 = |account: &AccountId32| account.to_ss58check_with_version(format);
	let rental = &view.rental;
	let phase = match view.phase {
		RentalPhase::InUse => "inUse",
		RentalPhase::GracePeriod => "gracePeriod",
		RentalPhase::Disputed => "disputed",
		RentalPhase::Settleable => "settleable",
	};
	Rental {
		device: ss58(&view.device),
		renter: ss58(&rental.renter),
		owner: ss58(&rental.owner),
		start: block_number(rental.start),
		end: block_number(rental.end),
		price_per_block: rental.price_per_block.to_string(),
		rent_held: rental.rent_held.to_string(),
		security_deposit: rental.security_deposit.to_string(),
		arbiter: rental.arbiter.as_ref().map(ss58),
		phase: phase.into(),
		in_use: view.phase == RentalPhase::InUse,
		settleable_from: block_number(view.settleable_from),
	}
}

#[cfg(test)]
mod tests {
	// A panic in a test is a failed test.
	#![allow(clippy::indexing_slicing, clippy::expect_used)]

	use super::*;
	use pallet_m2m_payments_runtime_api::{Agreement as AgreementRecord, Channel as ChannelRecord};
	use serde_json::{json, Value};

	const FORMAT: u16 = 4242;

	fn format() -> Ss58AddressFormat {
		Ss58AddressFormat::custom(FORMAT)
	}

	fn ss58(byte: u8) -> String {
		AccountId32::new([byte; 32]).to_ss58check_with_version(format())
	}

	fn to_json(value: impl Serialize) -> Value {
		serde_json::to_value(value).expect("serializes")
	}

	fn agreement(condition: ConditionRecord<AccountId32>) -> AgreementView<AccountId32, u128, u32> {
		AgreementView {
			id: 3,
			agreement: AgreementRecord {
				payer: AccountId32::new([1; 32]),
				payee: AccountId32::new([2; 32]),
				amount: 1_000_000_000_000_000_000_000,
				condition,
				deadline: 100,
				arbiter: Some(AccountId32::new([3; 32])),
				status: AgreementStatus::Disputed {
					by: AccountId32::new([2; 32]),
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
	fn agreements_serialise_with_camel_case_fields_ss58_and_decimal_strings() {
		let json = to_json(agreement_json(&agreement(ConditionRecord::Approval), format()));
		assert_eq!(
			json,
			json!({
				"id": 3,
				"payer": ss58(1),
				"payee": ss58(2),
				"amount": "1000000000000000000000",
				"condition": { "type": "approval" },
				"deadline": 100,
				"arbiter": ss58(3),
				"status": "disputed",
				"disputedBy": ss58(2),
				"disputeTimeoutAt": 130,
				"deposit": "4200",
				"createdAt": 7,
				"claimable": false,
				"refundable": true,
			})
		);
	}

	#[test]
	fn conditions_serialise_tagged_by_type() {
		let data = ConditionRecord::DataDelivered {
			device: AccountId32::new([9; 32]),
			seq: 5,
			min_readings: 100,
		};
		assert_eq!(
			to_json(agreement_json(&agreement(data), format()))["condition"],
			json!({ "type": "dataDelivered", "device": ss58(9), "seq": 5, "minReadings": 100 })
		);
		let shipment = 123_456_789_012_345_678;
		for (kind, milestone) in [
			(MilestoneKind::Delivered, json!("delivered")),
			(MilestoneKind::CustomsCleared, json!("customsCleared")),
			(MilestoneKind::Custom(7), json!({ "custom": 7 })),
		] {
			let condition = ConditionRecord::Milestone { shipment, milestone: kind };
			assert_eq!(
				to_json(agreement_json(&agreement(condition), format()))["condition"],
				json!({ "type": "milestone", "shipment": "123456789012345678", "milestone": milestone })
			);
		}
	}

	#[test]
	fn channels_show_deposit_claimed_remaining_and_state() {
		let view = ChannelView {
			id: 4,
			channel: ChannelRecord {
				payer: AccountId32::new([1; 32]),
				payee: AccountId32::new([2; 32]),
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
			to_json(channel_json(&view, format())),
			json!({
				"id": 4,
				"payer": ss58(1),
				"payee": ss58(2),
				"deposit": "1000",
				"claimed": "300",
				"remaining": "700",
				"expiresAt": 500,
				"state": "closing",
				"challengeEndsAt": 120,
				"claimDeadline": 120,
				"storageDeposit": "77",
				"openedAt": 2,
			})
		);
	}

	#[test]
	fn rentals_show_renter_expiry_and_phase() {
		let view = RentalView {
			device: AccountId32::new([8; 32]),
			rental: pallet_m2m_payments_runtime_api::Rental {
				renter: AccountId32::new([6; 32]),
				owner: AccountId32::new([5; 32]),
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
			to_json(rental_json(&view, format())),
			json!({
				"device": ss58(8),
				"renter": ss58(6),
				"owner": ss58(5),
				"start": 10,
				"end": 20,
				"pricePerBlock": "7",
				"rentHeld": "70",
				"securityDeposit": "100",
				"arbiter": null,
				"phase": "inUse",
				"inUse": true,
				"settleableFrom": 25,
			})
		);
	}

	#[test]
	fn listings_show_their_terms() {
		let listing = ListingRecord {
			owner: AccountId32::new([5; 32]),
			price_per_block: 7u128,
			min_blocks: 1u32,
			max_blocks: 100,
			security_deposit: 100,
			arbiter: Some(AccountId32::new([3; 32])),
			deposit: 500,
		};
		let json = to_json(listing_json(&AccountId32::new([8; 32]), &listing, format()));
		assert_eq!(json["device"], ss58(8));
		assert_eq!(json["pricePerBlock"], "7");
		assert_eq!(json["minBlocks"], 1);
		assert_eq!(json["maxBlocks"], 100);
		assert_eq!(json["arbiter"], ss58(3));
	}

	#[test]
	fn amounts_are_decimal_strings_or_numbers() {
		let parse = |value: Value| {
			serde_json::from_value::<Amount>(value).expect("an amount").to_balance::<u128>()
		};
		assert_eq!(parse(json!("340282366920938463463374607431768211455")), Ok(u128::MAX));
		assert_eq!(parse(json!(1_000_000)), Ok(1_000_000));
		assert!(parse(json!("1e6")).is_err());
		assert!(parse(json!("-1")).is_err());
		let too_large = serde_json::from_value::<Amount>(json!("4294967296")).expect("an amount");
		assert!(too_large.to_balance::<u32>().is_err());
	}

	#[test]
	fn pages_name_the_next_cursor() {
		let page = AgreementsPage { agreements: vec![], next: Some(8) };
		assert_eq!(to_json(page), json!({ "agreements": [], "next": 8 }));
	}
}
