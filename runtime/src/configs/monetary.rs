//! The native token (Balances) and transaction fees (TransactionPayment), with the one-off
//! storage fees some calls add to them (the anchor fee).

use frame_support::traits::{
	fungible::{Balanced, Credit, Inspect},
	tokens::{imbalance::ResolveTo, Fortitude, Precision, Preservation, WithdrawConsequence},
	Imbalance, OnUnbalanced,
};
use frame_support::{
	parameter_types,
	traits::{ConstU32, ConstU8, VariantCountOf},
	weights::ConstantMultiplier,
};
use pallet_transaction_payment::{
	FeeDetails, InclusionFee, Multiplier, OnChargeTransaction, RuntimeDispatchInfo,
	TargetedFeeAdjustment, TxCreditHold,
};
use sp_runtime::{
	traits::{DispatchInfoOf, ExtrinsicLike, One, PostDispatchInfoOf, Zero},
	transaction_validity::{InvalidTransaction, TransactionValidityError},
	FixedPointNumber, Perquintill,
};

use crate::{
	configs::TreasuryAccount, AccountId, Authorship, Balance, Balances, Runtime, RuntimeCall,
	RuntimeEvent, RuntimeFreezeReason, RuntimeHoldReason, System, TransactionPayment,
	UncheckedExtrinsic, EXISTENTIAL_DEPOSIT, MICRO_UNIT,
};

/// The treasury's share of every transaction fee, in percent.
pub const FEE_TREASURY_SHARE: u32 = 80;
/// The block author's share of every transaction fee, in percent; tips go to the author whole.
pub const FEE_AUTHOR_SHARE: u32 = 20;

type NativeCredit = Credit<AccountId, Balances>;

/// Splits transaction fees between the treasury and the block author.
///
/// Most of a fee funds the treasury, which governance spends on the network (operators,
/// development, audits). The author's share pays for including transactions without rewarding
/// an author for stuffing blocks with its own: an author that pays 100 in fees gets 20 back.
/// Tips are the sender's explicit reward for inclusion and go to the author whole.
pub struct DealWithFees;

impl DealWithFees {
	/// Pays out one transaction's `fees` (80/20), `tips` (to the author) and `storage` fee
	/// (to the treasury whole: it pays for state every node keeps, not for inclusion), with one
	/// deposit to each of the treasury and the author.
	fn deal(fees: NativeCredit, tips: Option<NativeCredit>, storage: NativeCredit) {
		let (mut to_treasury, mut to_author) = fees.ration(FEE_TREASURY_SHARE, FEE_AUTHOR_SHARE);
		to_treasury.subsume(storage);
		if let Some(tips) = tips {
			tips.merge_into(&mut to_author);
		}
		ResolveTo::<TreasuryAccount, Balances>::on_unbalanced(to_treasury);
		ToBlockAuthor::on_unbalanced(to_author);
	}
}

impl OnUnbalanced<NativeCredit> for DealWithFees {
	fn on_unbalanceds(mut fees_then_tips: impl Iterator<Item = NativeCredit>) {
		if let Some(fees) = fees_then_tips.next() {
			Self::deal(fees, fees_then_tips.next(), NativeCredit::zero());
		}
	}
}

/// Pays a credit to the author of the current block (burned if there is none).
pub struct ToBlockAuthor;

impl OnUnbalanced<NativeCredit> for ToBlockAuthor {
	fn on_nonzero_unbalanced(credit: NativeCredit) {
		if let Some(author) = Authorship::author() {
			// A credit that cannot be paid (below the existential deposit) is dropped: burned.
			let _ = Balances::resolve(&author, credit);
		}
	}
}

/// The one-off fee `call` pays for the state it adds forever, on top of its transaction fee:
/// [`pallet_data_anchoring::Pallet::storage_fee`] (the anchor fee) for every anchoring call
/// the signer makes, directly or through `pallet_utility`.
///
/// Covered, because they dispatch the calls they carry with the signer's own origin (or, for
/// `as_derivative`, a pseudonym the signer controls), so each inner anchor is one the signer
/// pays for: `batch`, `batch_all` and `force_batch` (the sum over their calls; charged for every
/// call even if a `batch` stops early, as the weight fee is charged up front), `as_derivative`
/// (its call) and `if_else` (the larger of its two calls: a failed `main` leaves no state, so
/// at most one of them anchors). Not covered, because a signed transaction cannot make them
/// anchor: `dispatch_as`, `dispatch_as_fallible` and `with_weight` need Root, and sudo's calls
/// are the sudo key's, which pays no fee for them (only the development chain has one).
/// Collective and treasury calls dispatch with their own origins, which cannot anchor.
///
/// Nesting is bounded by the extrinsic decoder's depth limit (`MAX_EXTRINSIC_DEPTH`) and the
/// number of calls by the block length; the sum saturates.
pub fn storage_fee(call: &RuntimeCall) -> Balance {
	use pallet_utility::Call as Utility;
	match call {
		RuntimeCall::DataAnchoring(call) => {
			pallet_data_anchoring::Pallet::<Runtime>::storage_fee(call)
		}
		RuntimeCall::Utility(
			Utility::batch { calls }
			| Utility::batch_all { calls }
			| Utility::force_batch { calls },
		) => calls.iter().fold(0, |sum: Balance, call| sum.saturating_add(storage_fee(call))),
		RuntimeCall::Utility(Utility::as_derivative { call, .. }) => storage_fee(call),
		RuntimeCall::Utility(Utility::if_else { main, fallback }) => {
			storage_fee(main).max(storage_fee(fallback))
		}
		_ => 0,
	}
}

/// What a transaction paid before it was dispatched, held until its actual fee is known.
pub struct PaidUpFront {
	/// The inclusion fee for the transaction's declared weight and length.
	fee: NativeCredit,
	/// The sender's tip.
	tip: NativeCredit,
	/// The [`storage_fee`] of the call, kept whatever the call does.
	storage: NativeCredit,
}

/// Charges every signed transaction its fee and its call's [`storage_fee`] in one withdrawal
/// from the sender (the same one account access the transaction fee alone would take), checked
/// when the transaction is validated, before it enters the pool or a block.
///
/// After dispatch the unused part of the weight fee goes back to the sender, as
/// `pallet_transaction_payment::FungibleAdapter` does; the storage fee is kept whether or not
/// the call succeeds, and goes to the treasury whole. The rest is split by [`DealWithFees`].
/// The `TransactionFeePaid` event reports the transaction fee without the storage fee (the
/// pallet computes it); the treasury's deposit carries both.
pub struct FeeWithStorageAdapter;

impl TxCreditHold<Runtime> for FeeWithStorageAdapter {
	/// Nothing else in this runtime draws on the fee during dispatch, so the credit stays in
	/// [`PaidUpFront`] rather than in the pallet's storage.
	type Credit = ();
}

impl OnChargeTransaction<Runtime> for FeeWithStorageAdapter {
	type Balance = Balance;
	type LiquidityInfo = Option<PaidUpFront>;

	fn withdraw_fee(
		who: &AccountId,
		call: &RuntimeCall,
		_info: &DispatchInfoOf<RuntimeCall>,
		fee_with_tip: Balance,
		tip: Balance,
	) -> Result<Self::LiquidityInfo, TransactionValidityError> {
		let storage = storage_fee(call);
		let total = fee_with_tip.saturating_add(storage);
		if total.is_zero() {
			return Ok(None);
		}
		let credit = Balances::withdraw(
			who,
			total,
			Precision::Exact,
			Preservation::Preserve,
			Fortitude::Polite,
		)
		.map_err(|_| InvalidTransaction::Payment)?;
		let (storage, fee_with_tip) = credit.split(storage);
		let (tip, fee) = fee_with_tip.split(tip);
		Ok(Some(PaidUpFront { fee, tip, storage }))
	}

	fn can_withdraw_fee(
		who: &AccountId,
		call: &RuntimeCall,
		_info: &DispatchInfoOf<RuntimeCall>,
		fee_with_tip: Balance,
		_tip: Balance,
	) -> Result<(), TransactionValidityError> {
		let total = fee_with_tip.saturating_add(storage_fee(call));
		if total.is_zero() {
			return Ok(());
		}
		match Balances::can_withdraw(who, total) {
			WithdrawConsequence::Success => Ok(()),
			_ => Err(InvalidTransaction::Payment.into()),
		}
	}

	fn correct_and_deposit_fee(
		who: &AccountId,
		_info: &DispatchInfoOf<RuntimeCall>,
		_post_info: &PostDispatchInfoOf<RuntimeCall>,
		corrected_fee_with_tip: Balance,
		tip: Balance,
		paid: Self::LiquidityInfo,
	) -> Result<(), TransactionValidityError> {
		let Some(PaidUpFront { fee, tip: tip_credit, storage }) = paid else { return Ok(()) };
		let corrected_fee = corrected_fee_with_tip.saturating_sub(tip);
		// An account the transaction removed gets no refund (it could not hold it).
		let fee = if System::account_exists(who) {
			let (mut fee, refund) = fee.split(corrected_fee);
			// A refund below the existential deposit to an account kept alive only by other
			// providers cannot be paid: it stays with the fee.
			if !refund.peek().is_zero() {
				if let Err(not_refunded) = Balances::resolve(who, refund) {
					fee.subsume(not_refunded);
				}
			}
			fee
		} else {
			fee
		};
		DealWithFees::deal(fee, Some(tip_credit), storage);
		Ok(())
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn endow_account(who: &AccountId, amount: Balance) {
		let _ = Balances::deposit(who, amount, Precision::BestEffort);
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn minimum_balance() -> Balance {
		Balances::minimum_balance()
	}
}

/// The fee queries of `TransactionPaymentApi` and `TransactionPaymentCallApi`, with the
/// [`storage_fee`] that [`FeeWithStorageAdapter`] charges included, so that a wallet's estimate
/// is what the sender pays: in `partial_fee`, and in `query_fee_details` as part of
/// `inclusion_fee.base_fee` (the fee that does not depend on weight, length or multiplier).
pub struct TransactionFees;

impl TransactionFees {
	/// `TransactionPaymentApi::query_info`: `partial_fee` includes the storage fee.
	pub fn query_info(xt: UncheckedExtrinsic, len: u32) -> RuntimeDispatchInfo<Balance> {
		let storage = Self::storage_fee_of(&xt);
		let mut info = TransactionPayment::query_info(xt, len);
		info.partial_fee = info.partial_fee.saturating_add(storage);
		info
	}

	/// `TransactionPaymentApi::query_fee_details`: `base_fee` includes the storage fee.
	pub fn query_fee_details(xt: UncheckedExtrinsic, len: u32) -> FeeDetails<Balance> {
		let storage = Self::storage_fee_of(&xt);
		Self::with_storage_fee(TransactionPayment::query_fee_details(xt, len), storage)
	}

	/// `TransactionPaymentCallApi::query_call_info`, for `call` sent as a signed transaction.
	pub fn query_call_info(call: RuntimeCall, len: u32) -> RuntimeDispatchInfo<Balance> {
		let storage = storage_fee(&call);
		let mut info = TransactionPayment::query_call_info(call, len);
		info.partial_fee = info.partial_fee.saturating_add(storage);
		info
	}

	/// `TransactionPaymentCallApi::query_call_fee_details`, for `call` sent as a signed
	/// transaction.
	pub fn query_call_fee_details(call: RuntimeCall, len: u32) -> FeeDetails<Balance> {
		let storage = storage_fee(&call);
		Self::with_storage_fee(TransactionPayment::query_call_fee_details(call, len), storage)
	}

	/// A bare extrinsic (an inherent or an unsigned transaction) has no sender to charge.
	fn storage_fee_of(xt: &UncheckedExtrinsic) -> Balance {
		if xt.is_bare() {
			0
		} else {
			storage_fee(&xt.function)
		}
	}

	fn with_storage_fee(details: FeeDetails<Balance>, storage: Balance) -> FeeDetails<Balance> {
		if storage.is_zero() {
			return details;
		}
		// A signed call that pays no transaction fee still pays the storage fee.
		let mut inclusion_fee = details.inclusion_fee.unwrap_or(InclusionFee {
			base_fee: 0,
			len_fee: 0,
			adjusted_weight_fee: 0,
		});
		inclusion_fee.base_fee = inclusion_fee.base_fee.saturating_add(storage);
		FeeDetails { inclusion_fee: Some(inclusion_fee), tip: details.tip }
	}
}

/// The price of compute: plancks per picosecond of reference weight (`ref_time`), i.e.
/// 0.03 IOT per millisecond. A `transfer_keep_alive` (262.8 µs measured with its extensions and
/// the extrinsic base) pays 7.9 mIOT for its weight; a block full of ordinary transactions
/// (1.5 s) pays 45 IOT. The arithmetic, and what it means for attackers and fleets, is in
/// `docs/fees.md`.
pub const WEIGHT_FEE_PER_PICOSECOND: Balance = 30;

/// The price of chain growth: plancks per byte of an extrinsic, 10 µIOT, the same as the
/// per-byte deposit for state elsewhere in the runtime. A transfer (about 150 bytes) pays about
/// 1.5 mIOT for its length; the 3.75 MiB ordinary transactions may fill in a block pay 39 IOT.
pub const LENGTH_FEE_PER_BYTE: Balance = 10 * MICRO_UNIT;

parameter_types! {
	/// The minimum balance an account must keep to exist.
	pub const ExistentialDeposit: Balance = EXISTENTIAL_DEPOSIT;
	/// See [`WEIGHT_FEE_PER_PICOSECOND`].
	pub const WeightFee: Balance = WEIGHT_FEE_PER_PICOSECOND;
	/// See [`LENGTH_FEE_PER_BYTE`].
	pub const LengthFee: Balance = LENGTH_FEE_PER_BYTE;
	/// Fees rise while blocks carry more than a quarter of their ordinary-transaction weight and
	/// fall back towards the base price when they carry less.
	pub const TargetBlockFullness: Perquintill = Perquintill::from_percent(25);
	/// How fast the multiplier moves: with every block full it grows by 0.0225% a block, 14% an
	/// hour and 25x a day (`docs/fees.md`).
	pub AdjustmentVariable: Multiplier = Multiplier::saturating_from_rational(3, 10_000);
	/// Fees never fall below the base price: an idle chain is not a cheap chain to spam.
	pub MinimumMultiplier: Multiplier = Multiplier::one();
	/// Fees rise at most ten-thousandfold, so that a long attack cannot price operators out of
	/// the chain for longer than it lasts (the multiplier falls back as fast as it rose).
	pub MaximumMultiplier: Multiplier = Multiplier::saturating_from_integer(10_000);
}

/// The fee multiplier's update after each block.
pub type SlowAdjustingFeeUpdate = TargetedFeeAdjustment<
	Runtime,
	TargetBlockFullness,
	AdjustmentVariable,
	MinimumMultiplier,
	MaximumMultiplier,
>;

impl pallet_balances::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type WeightInfo = crate::weights::pallet_balances::WeightInfo<Runtime>;
	type Balance = Balance;
	type DustRemoval = ();
	type ExistentialDeposit = ExistentialDeposit;
	type AccountStore = System;
	type ReserveIdentifier = [u8; 8];
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ConstU32<50>;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type DoneSlashHandler = ();
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type OnChargeTransaction = FeeWithStorageAdapter;
	type WeightToFee = ConstantMultiplier<Balance, WeightFee>;
	type LengthToFee = ConstantMultiplier<Balance, LengthFee>;
	type FeeMultiplierUpdate = SlowAdjustingFeeUpdate;
	type OperationalFeeMultiplier = ConstU8<5>;
	type WeightInfo = crate::weights::pallet_transaction_payment::WeightInfo<Runtime>;
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::{
		configs::system::RuntimeBlockWeights, weights::ExtrinsicBaseWeight, Address, RuntimeCall,
		Signature, TxExtension, UncheckedExtrinsic, MILLI_UNIT, UNIT,
	};
	use codec::Encode;
	use frame_support::{dispatch::DispatchClass, weights::Weight};
	use sp_keyring::Sr25519Keyring;
	use sp_runtime::{generic::Era, traits::Convert, MultiAddress};

	/// A signed `balances.transfer_keep_alive` as a wallet sends it, and its encoded length.
	fn signed_transfer() -> (UncheckedExtrinsic, u32) {
		let call = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: MultiAddress::Id(Sr25519Keyring::Bob.to_account_id()),
			value: 10 * UNIT,
		});
		let extension: TxExtension = (
			frame_system::CheckNonZeroSender::new(),
			frame_system::CheckSpecVersion::new(),
			frame_system::CheckTxVersion::new(),
			frame_system::CheckGenesis::new(),
			frame_system::CheckEra::from(Era::mortal(256, 0)),
			frame_system::CheckNonce::from(7),
			frame_system::CheckWeight::new(),
			pallet_transaction_payment::ChargeTransactionPayment::from(0),
			frame_system::WeightReclaim::new(),
		);
		let address: Address = MultiAddress::Id(Sr25519Keyring::Alice.to_account_id());
		let signature = Signature::Sr25519(sp_core::sr25519::Signature::from_raw([1; 64]));
		let xt = UncheckedExtrinsic::new_signed(call, address, signature, extension);
		let len = u32::try_from(xt.encoded_size()).expect("a transfer is small");
		(xt, len)
	}

	/// The fee of a transfer with the multiplier at `multiplier`: (base fee, length fee,
	/// weight fee after the multiplier).
	fn transfer_fee(multiplier: Multiplier) -> (Balance, Balance, Balance) {
		sp_io::TestExternalities::new_empty().execute_with(|| {
			pallet_transaction_payment::NextFeeMultiplier::<Runtime>::put(multiplier);
			let (xt, len) = signed_transfer();
			let fee = TransactionPayment::query_fee_details(xt, len)
				.inclusion_fee
				.expect("a signed transaction pays an inclusion fee");
			(fee.base_fee, fee.len_fee, fee.adjusted_weight_fee)
		})
	}

	/// The multiplier after `blocks` blocks each filled to `fullness` of the ordinary share.
	fn multiplier_after(blocks: u32, fullness: Perquintill, start: Multiplier) -> Multiplier {
		sp_io::TestExternalities::new_empty().execute_with(|| {
			let normal = RuntimeBlockWeights::get()
				.get(DispatchClass::Normal)
				.max_total
				.expect("ordinary transactions have a limit");
			let used = Weight::from_parts(fullness.mul_floor(normal.ref_time()), 0);
			System::set_block_consumed_resources(used, 0);
			(0..blocks).fold(start, |m, _| SlowAdjustingFeeUpdate::convert(m))
		})
	}

	use crate::TransactionPayment;

	#[test]
	fn a_transfer_costs_about_a_hundredth_of_an_iot() {
		let (base, length, weight) = transfer_fee(Multiplier::one());
		let fee = base + length + weight;
		assert!((6 * MILLI_UNIT..=12 * MILLI_UNIT).contains(&fee), "a transfer costs {fee}");
		let (_, len) = signed_transfer();
		assert_eq!(length, Balance::from(len) * LENGTH_FEE_PER_BYTE);
		assert_eq!(
			base,
			Balance::from(ExtrinsicBaseWeight::get().ref_time()) * WEIGHT_FEE_PER_PICOSECOND
		);
	}

	#[test]
	fn congestion_scales_the_weight_fee_beyond_the_base() {
		let (base, length, weight) = transfer_fee(Multiplier::one());
		let (base_2, length_2, weight_2) = transfer_fee(Multiplier::saturating_from_integer(2));
		// `pallet-transaction-payment` scales the weight of the call and its extensions; the base
		// fee of an extrinsic and the length fee stay.
		assert_eq!((base_2, length_2), (base, length));
		assert_eq!(weight_2, 2 * weight);
	}

	#[test]
	fn a_full_block_of_data_costs_tens_of_iot() {
		let normal_length = crate::configs::system::RuntimeBlockLength::get()
			.max
			.get(DispatchClass::Normal)
			.to_owned();
		let cost = Balance::from(normal_length) * LENGTH_FEE_PER_BYTE;
		assert!(cost > 35 * UNIT, "a block of data costs {cost}");
	}

	#[test]
	fn sustained_congestion_raises_fees_and_quiet_brings_them_back() {
		let full = Perquintill::one();
		let hour = multiplier_after(600, full, Multiplier::one());
		let day = multiplier_after(14_400, full, Multiplier::one());
		assert!(hour > Multiplier::saturating_from_rational(113, 100), "an hour: {hour}");
		assert!(hour < Multiplier::saturating_from_rational(116, 100), "an hour: {hour}");
		assert!(day > Multiplier::saturating_from_integer(20), "a day: {day}");
		assert!(day < Multiplier::saturating_from_integer(30), "a day: {day}");
		// At the target fullness nothing moves; below it fees fall, never below the base price.
		assert_eq!(multiplier_after(100, TargetBlockFullness::get(), day), day);
		let after_quiet = multiplier_after(14_400, Perquintill::zero(), day);
		assert!(after_quiet < day);
		assert_eq!(
			multiplier_after(14_400, Perquintill::zero(), Multiplier::one()),
			Multiplier::one()
		);
		// And never above the cap, however long the attack.
		assert_eq!(multiplier_after(200_000, full, Multiplier::one()), MaximumMultiplier::get());
	}

	/// Executing transactions through `Executive`, as a block does: the fee path end to end.
	mod charged {
		use super::*;
		use crate::{configs::AnchorFee, DeviceRegistry, Executive, Nonce, SignedPayload};
		use frame_support::{assert_ok, traits::fungible::Mutate};
		use pallet_device_registry::{DeviceKind, DeviceRegistration};
		use sp_core::{Pair, H256};
		use sp_runtime::{
			transaction_validity::{InvalidTransaction, TransactionSource},
			BuildStorage, MultiSignature, MultiSigner,
		};

		const DEVICE: Sr25519Keyring = Sr25519Keyring::Charlie;

		/// A chain at block 1 where Alice and Bob hold 1,000 IOT, the treasury 10 IOT, and
		/// Alice has registered the sr25519 key `DEVICE` as an active sensor.
		fn new_chain() -> sp_io::TestExternalities {
			let mut storage = frame_system::GenesisConfig::<Runtime>::default()
				.build_storage()
				.expect("system genesis builds");
			pallet_balances::GenesisConfig::<Runtime> {
				balances: vec![
					(Sr25519Keyring::Alice.to_account_id(), 1_000 * UNIT),
					(Sr25519Keyring::Bob.to_account_id(), 1_000 * UNIT),
					(TreasuryAccount::get(), 10 * UNIT),
				],
				..Default::default()
			}
			.assimilate_storage(&mut storage)
			.expect("balances genesis builds");
			let mut chain = sp_io::TestExternalities::new(storage);
			chain.execute_with(|| {
				// Block 1 without its hooks (sessions of this bare genesis would take the whole
				// block): only what the transactions do is measured.
				System::initialize(&1, &System::block_hash(0), &Default::default());
				pallet_timestamp::Now::<Runtime>::put(1_800_000_000_000);
				let owner = Sr25519Keyring::Alice.to_account_id();
				let key = MultiSigner::Sr25519(DEVICE.public());
				let payload = DeviceRegistry::registration_payload(&owner, &key);
				let proof = MultiSignature::Sr25519(DEVICE.pair().sign(&payload));
				assert_ok!(DeviceRegistry::do_register_device(
					&owner,
					DeviceRegistration {
						key,
						proof,
						kind: DeviceKind::Sensor,
						manufacturer: Default::default(),
						model: Default::default(),
						metadata: Default::default(),
						content_hash: None,
					},
				));
			});
			chain
		}

		/// `call` signed by `signer` as a wallet sends it (immortal, no tip), and its length.
		fn signed(
			call: RuntimeCall,
			signer: Sr25519Keyring,
			nonce: Nonce,
		) -> (UncheckedExtrinsic, u32) {
			let extension: TxExtension = (
				frame_system::CheckNonZeroSender::new(),
				frame_system::CheckSpecVersion::new(),
				frame_system::CheckTxVersion::new(),
				frame_system::CheckGenesis::new(),
				frame_system::CheckEra::from(Era::Immortal),
				frame_system::CheckNonce::from(nonce),
				frame_system::CheckWeight::new(),
				pallet_transaction_payment::ChargeTransactionPayment::from(0),
				frame_system::WeightReclaim::new(),
			);
			let payload =
				SignedPayload::new(call, extension).expect("the extensions' implicit data exists");
			let signature = payload.using_encoded(|bytes| signer.pair().sign(bytes));
			let (call, extension, _) = payload.deconstruct();
			let xt = UncheckedExtrinsic::new_signed(
				call,
				MultiAddress::Id(signer.to_account_id()),
				Signature::Sr25519(signature),
				extension,
			);
			let len = u32::try_from(xt.encoded_size()).expect("a test transaction is small");
			(xt, len)
		}

		fn anchor(seq: u64) -> RuntimeCall {
			RuntimeCall::DataAnchoring(pallet_data_anchoring::Call::anchor {
				device: DEVICE.to_account_id(),
				seq,
				digest: H256::repeat_byte(7),
				signature: None,
			})
		}

		fn batch(calls: Vec<RuntimeCall>) -> RuntimeCall {
			RuntimeCall::Utility(pallet_utility::Call::batch { calls })
		}

		/// The transaction fee the last transaction paid, as `TransactionFeePaid` reports it.
		fn last_transaction_fee() -> Balance {
			System::events()
				.into_iter()
				.rev()
				.find_map(|record| match record.event {
					RuntimeEvent::TransactionPayment(
						pallet_transaction_payment::Event::TransactionFeePaid {
							actual_fee, ..
						},
					) => Some(actual_fee),
					_ => None,
				})
				.expect("a signed transaction pays a fee")
		}

		fn anchors_stored() -> usize {
			System::events()
				.iter()
				.filter(|record| {
					matches!(
						record.event,
						RuntimeEvent::DataAnchoring(pallet_data_anchoring::Event::Anchored { .. })
					)
				})
				.count()
		}

		/// Applies `xt` as a block does and returns what its sender and the treasury gained or
		/// lost: (sender paid, treasury received).
		fn apply(xt: UncheckedExtrinsic, sender: &AccountId) -> (Balance, Balance) {
			let treasury = TreasuryAccount::get();
			let (sender_before, treasury_before) =
				(Balances::free_balance(sender), Balances::free_balance(&treasury));
			assert_eq!(Executive::apply_extrinsic(xt), Ok(Ok(())));
			let paid = sender_before.checked_sub(Balances::free_balance(sender));
			let received = Balances::free_balance(&treasury).checked_sub(treasury_before);
			(paid.expect("the sender pays"), received.expect("the treasury is paid"))
		}

		fn treasury_share(fee: Balance) -> Balance {
			fee.saturating_mul(Balance::from(FEE_TREASURY_SHARE)) / 100
		}

		#[test]
		fn an_anchor_pays_its_transaction_fee_and_the_anchor_fee_in_one_charge() {
			new_chain().execute_with(|| {
				let device = DEVICE.to_account_id();
				Balances::set_balance(&device, UNIT);
				let (xt, len) = signed(anchor(0), DEVICE, 0);
				let estimate = TransactionFees::query_info(xt.clone(), len).partial_fee;

				let (paid, treasury_got) = apply(xt, &device);

				assert_eq!(anchors_stored(), 1);
				let fee = last_transaction_fee();
				assert_eq!(paid, fee + AnchorFee::get());
				assert_eq!(treasury_got, AnchorFee::get() + treasury_share(fee));
				assert_eq!(estimate, paid, "the wallet's estimate is what is charged");
			});
		}

		#[test]
		fn a_failed_anchor_still_pays_the_anchor_fee() {
			new_chain().execute_with(|| {
				let device = DEVICE.to_account_id();
				Balances::set_balance(&device, UNIT);
				apply(signed(anchor(0), DEVICE, 0).0, &device);
				// The same sequence number again: the call fails, the fee is kept.
				let (xt, _) = signed(anchor(0), DEVICE, 1);
				let treasury_before = Balances::free_balance(TreasuryAccount::get());
				let before = Balances::free_balance(&device);
				assert!(matches!(Executive::apply_extrinsic(xt), Ok(Err(_))));
				let fee = last_transaction_fee();
				assert_eq!(before - Balances::free_balance(&device), fee + AnchorFee::get());
				assert_eq!(
					Balances::free_balance(TreasuryAccount::get()) - treasury_before,
					AnchorFee::get() + treasury_share(fee)
				);
			});
		}

		#[test]
		fn a_batch_of_three_anchors_pays_three_anchor_fees() {
			new_chain().execute_with(|| {
				let device = DEVICE.to_account_id();
				Balances::set_balance(&device, UNIT);
				let (xt, len) = signed(batch(vec![anchor(0), anchor(1), anchor(2)]), DEVICE, 0);
				let estimate = TransactionFees::query_info(xt.clone(), len).partial_fee;

				let (paid, treasury_got) = apply(xt, &device);

				assert_eq!(anchors_stored(), 3);
				let fee = last_transaction_fee();
				assert_eq!(paid, fee + 3 * AnchorFee::get());
				assert_eq!(treasury_got, 3 * AnchorFee::get() + treasury_share(fee));
				assert_eq!(estimate, paid);
			});
		}

		#[test]
		fn a_sender_that_cannot_pay_the_anchor_fee_too_is_refused_before_inclusion() {
			new_chain().execute_with(|| {
				let device = DEVICE.to_account_id();
				let (xt, len) = signed(anchor(0), DEVICE, 0);
				let transaction_fee = TransactionPayment::query_info(xt.clone(), len).partial_fee;
				let validate = |xt: UncheckedExtrinsic| {
					Executive::validate_transaction(
						TransactionSource::External,
						xt,
						System::block_hash(0),
					)
				};

				// Enough for the transaction fee and far more, one planck short of the anchor fee.
				let short = EXISTENTIAL_DEPOSIT + transaction_fee + AnchorFee::get() - 1;
				Balances::set_balance(&device, short);
				assert!(short > EXISTENTIAL_DEPOSIT + transaction_fee + AnchorFee::get() / 2);
				assert_eq!(validate(xt.clone()), Err(InvalidTransaction::Payment.into()));
				assert_eq!(
					Executive::apply_extrinsic(xt.clone()),
					Err(InvalidTransaction::Payment.into())
				);
				assert_eq!(Balances::free_balance(&device), short);

				Balances::set_balance(&device, short + 1);
				assert!(validate(xt).is_ok());
			});
		}

		#[test]
		fn fee_queries_include_the_anchor_fee() {
			new_chain().execute_with(|| {
				let (xt, len) = signed(anchor(0), DEVICE, 0);
				let call = anchor(0);
				let without = TransactionPayment::query_info(xt.clone(), len).partial_fee;
				let base = TransactionPayment::query_fee_details(xt.clone(), len)
					.inclusion_fee
					.expect("a signed anchor pays an inclusion fee")
					.base_fee;

				let info = TransactionFees::query_info(xt.clone(), len);
				assert_eq!(info.partial_fee, without + AnchorFee::get());
				let details = TransactionFees::query_fee_details(xt, len);
				assert_eq!(details.final_fee(), info.partial_fee);
				let inclusion =
					details.inclusion_fee.expect("a signed anchor pays an inclusion fee");
				assert_eq!(inclusion.base_fee, base + AnchorFee::get());

				// The call queries weigh the call alone, without the extensions (as
				// `pallet-transaction-payment` does); they add the anchor fee all the same.
				let call_fee = TransactionPayment::query_call_info(call.clone(), len).partial_fee;
				assert_eq!(
					TransactionFees::query_call_info(call.clone(), len).partial_fee,
					call_fee + AnchorFee::get()
				);
				assert_eq!(
					TransactionFees::query_call_fee_details(call.clone(), len).final_fee(),
					call_fee + AnchorFee::get()
				);

				// Nothing changes for a call that adds no state, and a bare extrinsic has no
				// sender to charge.
				let (transfer, transfer_len) = signed_transfer();
				assert_eq!(
					TransactionFees::query_info(transfer.clone(), transfer_len).partial_fee,
					TransactionPayment::query_info(transfer, transfer_len).partial_fee
				);
				assert_eq!(
					TransactionFees::query_info(UncheckedExtrinsic::new_bare(call), len)
						.partial_fee,
					0
				);
			});
		}

		#[test]
		fn the_storage_fee_follows_the_anchors_a_signer_can_make() {
			new_chain().execute_with(|| {
				use pallet_utility::Call as Utility;
				let fee = AnchorFee::get();
				let remark = RuntimeCall::System(frame_system::Call::remark { remark: vec![] });
				let nested = RuntimeCall::Utility(Utility::as_derivative {
					index: 1,
					call: Box::new(RuntimeCall::Utility(Utility::batch_all {
						calls: vec![anchor(0), batch(vec![anchor(1), remark.clone()])],
					})),
				});
				assert_eq!(storage_fee(&remark), 0);
				assert_eq!(storage_fee(&anchor(0)), fee);
				assert_eq!(storage_fee(&nested), 2 * fee);
				assert_eq!(
					storage_fee(&RuntimeCall::Utility(Utility::force_batch {
						calls: vec![anchor(0), anchor(1)]
					})),
					2 * fee
				);
				assert_eq!(
					storage_fee(&RuntimeCall::Utility(Utility::if_else {
						main: Box::new(batch(vec![anchor(0), anchor(1)])),
						fallback: Box::new(anchor(0)),
					})),
					2 * fee
				);
				// Root-only wrappers and sudo cannot anchor for a paying signer.
				assert_eq!(
					storage_fee(&RuntimeCall::Utility(Utility::with_weight {
						call: Box::new(anchor(0)),
						weight: Weight::zero(),
					})),
					0
				);
				assert_eq!(
					storage_fee(&RuntimeCall::Sudo(pallet_sudo::Call::sudo_as {
						who: MultiAddress::Id(DEVICE.to_account_id()),
						call: Box::new(anchor(0)),
					})),
					0
				);
			});
		}
	}
}
