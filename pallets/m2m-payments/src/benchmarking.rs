//! Benchmarks of every call, and of reporting a milestone, each in its worst case.
//!
//! - Agreements that end scan their milestone's index, so they are benchmarked with a
//!   milestone condition and a full index (`MaxAgreementsPerMilestone` agreements).
//! - `create_agreement` is benchmarked with a data condition (it asks the device registry and the
//!   anchoring pallet), `create_agreement_on_milestone` with the payer's nearly full index.
//! - `dispute` is the payer's dispute of delivered data (it reads the anchor); `on_milestone`
//!   pays the shipper's and the receiver's full lists, each agreement to a payee whose account
//!   the payout creates.
//! - Vouchers are signed with an sr25519 key kept in the benchmark keystore under
//!   [`BENCHMARK_KEY_TYPE`], whose account is the payer; `close_channel` brings a voucher.
//! - Devices and anchors come from `Config::BenchmarkHelper`, which the runtime wires to the real
//!   device registry and anchoring pallet.

use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::traits::{
	fungible::{Inspect, Mutate},
	Get,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use iotchain_primitives::{MilestoneHandler, MilestoneKind, ShipmentParties};
use sp_runtime::{
	traits::{IdentifyAccount, Saturating, StaticLookup},
	MultiSignature, MultiSigner,
};

use crate::*;

/// The shipment and milestone the benchmarks' escrows wait on.
const SHIPMENT: ShipmentId = 7;
const MILESTONE: MilestoneKind = MilestoneKind::Delivered;

/// What the benchmarks hold: ten times the minimum (so half of it is five times).
fn amount<T: Config>() -> BalanceOf<T> {
	T::MinimumAmount::get().saturating_mul(10u32.into())
}

/// An account able to hold many agreements, channels and rentals.
fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	fund::<T>(&who);
	who
}

fn fund<T: Config>(who: &T::AccountId) {
	let unit = amount::<T>()
		.max(Pallet::<T>::agreement_deposit())
		.max(Pallet::<T>::channel_deposit())
		.max(Pallet::<T>::listing_deposit());
	let balance =
		unit.saturating_mul(10_000u32.into()).saturating_add(T::Currency::minimum_balance());
	T::Currency::set_balance(who, balance);
}

fn lookup<T: Config>(who: &T::AccountId) -> AccountIdLookupOf<T> {
	T::Lookup::unlookup(who.clone())
}

fn block<T: Config>(n: u32) -> BlockNumberFor<T> {
	n.into()
}

fn now<T: Config>() -> BlockNumberFor<T> {
	frame_system::Pallet::<T>::block_number()
}

fn go_to<T: Config>(n: BlockNumberFor<T>) {
	frame_system::Pallet::<T>::set_block_number(n);
}

fn deadline<T: Config>() -> BlockNumberFor<T> {
	now::<T>().saturating_add(block::<T>(100))
}

/// `count` agreements from `payer` to `payee` waiting on the benchmarks' milestone, with an
/// arbiter; returns their ids.
fn milestone_agreements<T: Config>(
	payer: &T::AccountId,
	payee: &T::AccountId,
	count: u32,
) -> Result<Vec<AgreementId>, BenchmarkError> {
	milestone_agreements_to::<T>(payer, (0..count).map(|_| payee.clone()))
}

/// An agreement from `payer` to each of `payees` waiting on the benchmarks' milestone, with
/// an arbiter; returns their ids.
fn milestone_agreements_to<T: Config>(
	payer: &T::AccountId,
	payees: impl Iterator<Item = T::AccountId>,
) -> Result<Vec<AgreementId>, BenchmarkError> {
	let arbiter: T::AccountId = account("arbiter", 0, 0);
	payees
		.map(|payee| {
			Pallet::<T>::do_create_agreement(
				payer,
				payee,
				amount::<T>(),
				Condition::Milestone { shipment: SHIPMENT, milestone: MILESTONE },
				deadline::<T>(),
				Some(arbiter.clone()),
			)
			.map_err(Into::into)
		})
		.collect()
}

/// A full milestone index from a funded payer to a funded payee; returns the payer, the payee
/// and the last agreement's id.
fn full_milestone<T: Config>() -> Result<(T::AccountId, T::AccountId, AgreementId), BenchmarkError>
{
	let payer = funded::<T>("payer", 0);
	let payee = funded::<T>("payee", 0);
	let ids = milestone_agreements::<T>(&payer, &payee, T::MaxAgreementsPerMilestone::get())?;
	let last = ids.last().copied().ok_or(BenchmarkError::Stop("MaxAgreementsPerMilestone is 0"))?;
	Ok((payer, payee, last))
}

/// A payer whose sr25519 key is in the benchmark keystore, funded.
fn voucher_payer<T: Config>() -> (sp_core::sr25519::Public, T::AccountId) {
	let public = sp_io::crypto::sr25519_generate(BENCHMARK_KEY_TYPE, None);
	let payer = MultiSigner::Sr25519(public).into_account();
	fund::<T>(&payer);
	(public, payer)
}

/// The payer's voucher for `cumulative_amount` over `channel`.
fn sign_voucher<T: Config>(
	public: &sp_core::sr25519::Public,
	channel: ChannelId,
	cumulative_amount: BalanceOf<T>,
) -> Result<MultiSignature, BenchmarkError> {
	let payload = Pallet::<T>::voucher_payload(channel, cumulative_amount);
	sp_io::crypto::sr25519_sign(BENCHMARK_KEY_TYPE, public, &payload)
		.map(MultiSignature::from)
		.ok_or(BenchmarkError::Stop("the benchmark keystore cannot sign with the payer key"))
}

/// An open channel from a keystore payer to a funded payee.
fn channel<T: Config>(
) -> Result<(sp_core::sr25519::Public, T::AccountId, T::AccountId, ChannelId), BenchmarkError> {
	let (public, payer) = voucher_payer::<T>();
	let payee = funded::<T>("payee", 0);
	let id = Pallet::<T>::do_open_channel(&payer, payee.clone(), amount::<T>(), deadline::<T>())?;
	Ok((public, payer, payee, id))
}

/// A listed device with its owner and its listing's arbiter.
struct Listed<T: Config> {
	owner: T::AccountId,
	device: T::AccountId,
	arbiter: T::AccountId,
}

/// A device of a funded owner, listed with an arbiter.
fn listed<T: Config>() -> Result<Listed<T>, BenchmarkError> {
	let owner = funded::<T>("owner", 0);
	let device = T::BenchmarkHelper::register_device(&owner);
	let arbiter: T::AccountId = account("arbiter", 0, 0);
	let terms = RentalTerms {
		price_per_block: T::MinimumAmount::get(),
		min_blocks: block::<T>(1),
		max_blocks: block::<T>(100),
		security_deposit: amount::<T>(),
	};
	Pallet::<T>::do_list_device(&owner, device.clone(), terms, Some(arbiter.clone()))?;
	Ok(Listed { owner, device, arbiter })
}

/// A listed device rented for 10 blocks from now by a funded renter; returns the listing and
/// the renter.
fn rented<T: Config>() -> Result<(Listed<T>, T::AccountId), BenchmarkError> {
	let listed = listed::<T>()?;
	let renter = funded::<T>("renter", 0);
	Pallet::<T>::do_rent(&renter, listed.device.clone(), block::<T>(10))?;
	Ok((listed, renter))
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn create_agreement() {
		let payer = funded::<T>("payer", 0);
		let payee = funded::<T>("payee", 0);
		let device = T::BenchmarkHelper::register_device(&payee);
		let arbiter: T::AccountId = account("arbiter", 0, 0);
		let condition = Condition::DataDelivered { device, seq: 1, min_readings: 1 };

		#[extrinsic_call]
		_(
			RawOrigin::Signed(payer.clone()),
			lookup::<T>(&payee),
			amount::<T>(),
			condition,
			deadline::<T>(),
			Some(lookup::<T>(&arbiter)),
		);

		assert!(AgreementsByParty::<T>::contains_key(&payer, agreement_key(0)));
	}

	#[benchmark]
	fn create_agreement_on_milestone() -> Result<(), BenchmarkError> {
		let payer = funded::<T>("payer", 0);
		let payee = funded::<T>("payee", 0);
		let others = T::MaxAgreementsPerMilestone::get().saturating_sub(1);
		milestone_agreements::<T>(&payer, &payee, others)?;
		let arbiter: T::AccountId = account("arbiter", 0, 0);
		let condition = Condition::Milestone { shipment: SHIPMENT, milestone: MILESTONE };

		#[extrinsic_call]
		create_agreement(
			RawOrigin::Signed(payer.clone()),
			lookup::<T>(&payee),
			amount::<T>(),
			condition,
			deadline::<T>(),
			Some(lookup::<T>(&arbiter)),
		);

		assert_eq!(
			AgreementsByMilestone::<T>::decode_len((SHIPMENT, MILESTONE, payer)),
			Some(T::MaxAgreementsPerMilestone::get() as usize)
		);
		Ok(())
	}

	#[benchmark]
	fn release() -> Result<(), BenchmarkError> {
		let (payer, _, id) = full_milestone::<T>()?;

		#[extrinsic_call]
		_(RawOrigin::Signed(payer), id);

		assert!(!Agreements::<T>::contains_key(id));
		Ok(())
	}

	#[benchmark]
	fn claim() -> Result<(), BenchmarkError> {
		let payer = funded::<T>("payer", 0);
		let payee = funded::<T>("payee", 0);
		let device = T::BenchmarkHelper::register_device(&payee);
		let id = Pallet::<T>::do_create_agreement(
			&payer,
			payee.clone(),
			amount::<T>(),
			Condition::DataDelivered { device: device.clone(), seq: 1, min_readings: 1 },
			deadline::<T>(),
			None,
		)?;
		T::BenchmarkHelper::anchor(&device, 1);
		go_to::<T>(now::<T>().saturating_add(T::DataChallengePeriod::get()));

		#[extrinsic_call]
		_(RawOrigin::Signed(payee), id);

		assert!(!Agreements::<T>::contains_key(id));
		Ok(())
	}

	#[benchmark]
	fn refund() -> Result<(), BenchmarkError> {
		let (payer, _, id) = full_milestone::<T>()?;
		go_to::<T>(deadline::<T>());

		#[extrinsic_call]
		_(RawOrigin::Signed(payer), id);

		assert!(!Agreements::<T>::contains_key(id));
		Ok(())
	}

	#[benchmark]
	fn dispute() -> Result<(), BenchmarkError> {
		let payer = funded::<T>("payer", 0);
		let payee = funded::<T>("payee", 0);
		let device = T::BenchmarkHelper::register_device(&payee);
		let id = Pallet::<T>::do_create_agreement(
			&payer,
			payee,
			amount::<T>(),
			Condition::DataDelivered { device: device.clone(), seq: 1, min_readings: 1 },
			deadline::<T>(),
			None,
		)?;
		T::BenchmarkHelper::anchor(&device, 1);

		#[extrinsic_call]
		_(RawOrigin::Signed(payer), id);

		assert!(Agreements::<T>::get(id)
			.is_some_and(|agreement| agreement.status != AgreementStatus::Open));
		Ok(())
	}

	#[benchmark]
	fn resolve() -> Result<(), BenchmarkError> {
		let (_, payee, id) = full_milestone::<T>()?;
		Pallet::<T>::do_dispute(&payee, id)?;
		let arbiter: T::AccountId = account("arbiter", 0, 0);
		let half = T::MinimumAmount::get().saturating_mul(5u32.into());

		#[extrinsic_call]
		_(RawOrigin::Signed(arbiter), id, half);

		assert!(!Agreements::<T>::contains_key(id));
		Ok(())
	}

	#[benchmark]
	fn settle_dispute() -> Result<(), BenchmarkError> {
		let (_, payee, id) = full_milestone::<T>()?;
		Pallet::<T>::do_dispute(&payee, id)?;
		go_to::<T>(now::<T>().saturating_add(T::DisputeTimeout::get()));
		let anyone = funded::<T>("keeper", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(anyone), id);

		assert!(!Agreements::<T>::contains_key(id));
		Ok(())
	}

	#[benchmark]
	fn on_milestone(
		n: Linear<0, { T::MaxAgreementsPerMilestone::get().saturating_mul(2) }>,
	) -> Result<(), BenchmarkError> {
		// The shipper's list first, then the receiver's; every payee a new account.
		let parties =
			ShipmentParties { shipper: funded::<T>("payer", 0), receiver: funded::<T>("payer", 1) };
		let from_shipper = n.min(T::MaxAgreementsPerMilestone::get());
		let new_payee = |i: u32| -> T::AccountId { account("new payee", i, 0) };
		milestone_agreements_to::<T>(&parties.shipper, (0..from_shipper).map(new_payee))?;
		milestone_agreements_to::<T>(&parties.receiver, (from_shipper..n).map(new_payee))?;

		#[block]
		{
			<Pallet<T> as MilestoneHandler<T::AccountId>>::on_milestone(
				SHIPMENT, MILESTONE, &parties,
			);
		}

		assert_eq!(Agreements::<T>::iter().count(), 0);
		assert!(T::Currency::balance(&new_payee(0)) >= amount::<T>() || n == 0);
		Ok(())
	}

	#[benchmark]
	fn open_channel() {
		let payer = funded::<T>("payer", 0);
		let payee = funded::<T>("payee", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(payer), lookup::<T>(&payee), amount::<T>(), deadline::<T>());

		assert!(Channels::<T>::contains_key(0));
	}

	#[benchmark]
	fn claim_voucher() -> Result<(), BenchmarkError> {
		let (public, _, payee, id) = channel::<T>()?;
		let cumulative_amount = amount::<T>();
		let signature = sign_voucher::<T>(&public, id, cumulative_amount)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(payee), id, cumulative_amount, signature);

		assert_eq!(Channels::<T>::get(id).map(|channel| channel.claimed), Some(cumulative_amount));
		Ok(())
	}

	#[benchmark]
	fn top_up() -> Result<(), BenchmarkError> {
		let (_, payer, _, id) = channel::<T>()?;

		#[extrinsic_call]
		_(RawOrigin::Signed(payer), id, amount::<T>());

		assert_eq!(
			Channels::<T>::get(id).map(|channel| channel.deposit),
			Some(amount::<T>().saturating_mul(2u32.into()))
		);
		Ok(())
	}

	#[benchmark]
	fn close_channel() -> Result<(), BenchmarkError> {
		let (public, _, payee, id) = channel::<T>()?;
		let cumulative_amount = T::MinimumAmount::get().saturating_mul(5u32.into());
		let signature = sign_voucher::<T>(&public, id, cumulative_amount)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(payee), id, Some(Voucher { cumulative_amount, signature }));

		assert!(!Channels::<T>::contains_key(id));
		Ok(())
	}

	#[benchmark]
	fn request_close() -> Result<(), BenchmarkError> {
		let (_, payer, _, id) = channel::<T>()?;

		#[extrinsic_call]
		_(RawOrigin::Signed(payer), id);

		assert!(Channels::<T>::get(id)
			.is_some_and(|channel| matches!(channel.state, ChannelState::Closing { .. })));
		Ok(())
	}

	#[benchmark]
	fn finalize_close() -> Result<(), BenchmarkError> {
		let (_, payer, _, id) = channel::<T>()?;
		Pallet::<T>::do_request_close(&payer, id)?;
		go_to::<T>(now::<T>().saturating_add(T::ChallengePeriod::get()));

		#[extrinsic_call]
		_(RawOrigin::Signed(payer), id);

		assert!(!Channels::<T>::contains_key(id));
		Ok(())
	}

	#[benchmark]
	fn list_device() {
		let owner = funded::<T>("owner", 0);
		let device = T::BenchmarkHelper::register_device(&owner);
		let arbiter: T::AccountId = account("arbiter", 0, 0);

		#[extrinsic_call]
		_(
			RawOrigin::Signed(owner),
			device.clone(),
			T::MinimumAmount::get(),
			block::<T>(1),
			block::<T>(100),
			amount::<T>(),
			Some(lookup::<T>(&arbiter)),
		);

		assert!(Listings::<T>::contains_key(&device));
	}

	#[benchmark]
	fn unlist_device() -> Result<(), BenchmarkError> {
		let Listed { owner, device, .. } = listed::<T>()?;

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), device.clone());

		assert!(!Listings::<T>::contains_key(&device));
		Ok(())
	}

	#[benchmark]
	fn rent() -> Result<(), BenchmarkError> {
		let Listed { device, .. } = listed::<T>()?;
		let renter = funded::<T>("renter", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(renter.clone()), device.clone(), block::<T>(10));

		assert_eq!(Pallet::<T>::current_user(&device), Some(renter));
		Ok(())
	}

	#[benchmark]
	fn end_rental() -> Result<(), BenchmarkError> {
		let (Listed { device, .. }, renter) = rented::<T>()?;
		go_to::<T>(now::<T>().saturating_add(block::<T>(4)));

		#[extrinsic_call]
		_(RawOrigin::Signed(renter), device.clone());

		assert_eq!(Pallet::<T>::current_user(&device), None);
		Ok(())
	}

	#[benchmark]
	fn settle() -> Result<(), BenchmarkError> {
		let (Listed { device, .. }, renter) = rented::<T>()?;
		go_to::<T>(
			now::<T>().saturating_add(block::<T>(10)).saturating_add(T::RentalGracePeriod::get()),
		);

		#[extrinsic_call]
		_(RawOrigin::Signed(renter), device.clone());

		assert!(!Rentals::<T>::contains_key(&device));
		Ok(())
	}

	#[benchmark]
	fn dispute_rental() -> Result<(), BenchmarkError> {
		let (Listed { owner, device, .. }, _) = rented::<T>()?;
		go_to::<T>(now::<T>().saturating_add(block::<T>(10)));

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), device.clone());

		assert!(Rentals::<T>::get(&device).is_some_and(|rental| rental.disputed_until.is_some()));
		Ok(())
	}

	#[benchmark]
	fn resolve_rental() -> Result<(), BenchmarkError> {
		let (Listed { owner, device, arbiter }, _) = rented::<T>()?;
		go_to::<T>(now::<T>().saturating_add(block::<T>(10)));
		Pallet::<T>::do_dispute_rental(&owner, device.clone())?;
		let half = T::MinimumAmount::get().saturating_mul(5u32.into());

		#[extrinsic_call]
		_(RawOrigin::Signed(arbiter), device.clone(), half);

		assert!(!Rentals::<T>::contains_key(&device));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
