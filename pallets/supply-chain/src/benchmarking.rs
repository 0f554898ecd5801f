//! Benchmarks of every call, each in its worst case.
//!
//! Tracker devices need real signatures, so their keys live in the keystore the benchmark CLI
//! (and the mock's test externalities) provide, made and used through `sp_io::crypto`. They are
//! sr25519: its verification is as slow as the other schemes'. Devices, anchors and escrow
//! agreements belong to other pallets and are set up through `Config::BenchmarkHelper`.

use alloc::{vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{
		fungible::{Inspect, Mutate},
		Get,
	},
	BoundedVec,
};
use frame_system::RawOrigin;
use sp_core::sr25519;
use sp_runtime::{
	traits::{IdentifyAccount, Saturating},
	MultiSignature, MultiSigner,
};

use crate::*;

/// The shipment every benchmark uses.
const SHIPMENT: ShipmentId = 1;

/// What an account needs to pay the storage fees of the benchmarks' records.
fn fees<T: Config>() -> BalanceOf<T> {
	Pallet::<T>::storage_fee(64 * 1024)
}

/// An account that can pay the deposits of a few of the largest shipments and the storage fees
/// of their records. Every benchmark starts by making one, so this also sets the chain's clock
/// to a time a real block's transactions see ([`iotchain_primitives::chain::BENCHMARK_MOMENT`]).
fn funded<T: Config>(name: &'static str) -> T::AccountId {
	T::BenchmarkHelper::set_time(iotchain_primitives::chain::BENCHMARK_MOMENT);
	let who: T::AccountId = account(name, 0, 0);
	let items = T::MaxLotsPerShipment::get()
		.saturating_add(T::MaxTrackersPerShipment::get())
		.saturating_add(T::MaxConditionsPerShipment::get());
	let amount = Pallet::<T>::deposit_for(items)
		.saturating_mul(4u32.into())
		.saturating_add(fees::<T>())
		.saturating_add(T::Currency::minimum_balance().saturating_mul(10u32.into()));
	T::Currency::set_balance(&who, amount);
	who
}

/// A registered, active tracker owned by `owner`, with an sr25519 key in the keystore, whose
/// key account can pay fees, and which has anchored sequence number 0 (evidence to refer to).
fn tracker<T: Config>(owner: &T::AccountId) -> (sr25519::Public, T::AccountId) {
	let public = sp_io::crypto::sr25519_generate(BENCHMARK_KEY_TYPE, None);
	let key = MultiSigner::Sr25519(public);
	T::BenchmarkHelper::register_active_device(&key, owner);
	let device = key.into_account();
	T::Currency::set_balance(
		&device,
		T::Currency::minimum_balance().saturating_mul(1_000u32.into()).saturating_add(fees::<T>()),
	);
	T::BenchmarkHelper::anchor(&device, 0);
	(public, device)
}

/// `count` trackers owned by `owner`.
fn trackers<T: Config>(count: u32, owner: &T::AccountId) -> Vec<(sr25519::Public, T::AccountId)> {
	(0..count).map(|_| tracker::<T>(owner)).collect()
}

/// `items` as a bounded list; the benchmarks never make one longer than its bound.
fn bounded<X, S: Get<u32>>(items: Vec<X>) -> Result<BoundedVec<X, S>, BenchmarkError> {
	BoundedVec::try_from(items).map_err(|_| BenchmarkError::Stop("a list exceeds its bound"))
}

/// The device's signature of `payload`, made in the keystore.
fn sign(public: &sr25519::Public, payload: &[u8]) -> Result<DeviceSignature, BenchmarkError> {
	let signature = sp_io::crypto::sr25519_sign(BENCHMARK_KEY_TYPE, public, payload)
		.map(MultiSignature::from)
		.ok_or(BenchmarkError::Stop("the benchmark keystore cannot sign with the device key"))?;
	Ok(DeviceSignature { device: MultiSigner::Sr25519(*public).into_account(), signature })
}

/// `count` lots held by `holder`, with ids from `first` on, of the longest code and metadata.
fn lots<T: Config, S: Get<u32>>(
	holder: &T::AccountId,
	first: LotId,
	count: u32,
) -> Result<BoundedVec<LotId, S>, BenchmarkError> {
	let ids: Vec<LotId> = (first..first.saturating_add(count.into())).collect();
	for id in &ids {
		Pallet::<T>::do_register_lot(holder, *id, product_code::<T>(), 1, metadata::<T>())?;
	}
	bounded(ids)
}

fn product_code<T: Config>() -> ProductCode<T> {
	BoundedVec::truncate_from(vec![
		b'0';
		usize::try_from(T::MaxProductCodeLen::get()).unwrap_or_default()
	])
}

fn metadata<T: Config>() -> LotMetadata<T> {
	BoundedVec::truncate_from(vec![
		b'm';
		usize::try_from(T::MaxMetadataLen::get()).unwrap_or_default()
	])
}

fn place<T: Config>() -> Location<T> {
	BoundedVec::truncate_from(vec![
		b'L';
		usize::try_from(T::MaxLocationLen::get()).unwrap_or_default()
	])
}

/// One rule per metric code, as many as a shipment may have.
fn rules<T: Config>() -> BoundedVec<ConditionRule, T::MaxConditionsPerShipment> {
	let count = u16::try_from(T::MaxConditionsPerShipment::get()).unwrap_or(u16::MAX);
	BoundedVec::truncate_from(
		(0..count)
			.map(|code| ConditionRule { metric: Metric::Custom(code), min: 0, max: 100 })
			.collect(),
	)
}

/// Shipment [`SHIPMENT`] of `lot_count` lots from `shipper` to `receiver` with `trackers`, the
/// most rules, and the first rule's metric reported in range by the first tracker.
fn open_shipment<T: Config>(
	shipper: &T::AccountId,
	receiver: &T::AccountId,
	lot_count: u32,
	trackers: &[(sr25519::Public, T::AccountId)],
) -> Result<(), BenchmarkError> {
	let ids = lots::<T, T::MaxLotsPerShipment>(shipper, 0, lot_count)?;
	let devices = bounded(trackers.iter().map(|(_, device)| device.clone()).collect())?;
	Pallet::<T>::do_create_shipment(
		shipper,
		SHIPMENT,
		ids,
		receiver.clone(),
		rules::<T>(),
		devices,
		None,
	)?;
	Ok(())
}

/// A condition report of the first rule's metric, `observed_max` high.
fn observation<T: Config>(device: &T::AccountId, observed_max: i32) -> ConditionObservation {
	ConditionObservation {
		metric: Metric::Custom(0),
		observed_min: 0,
		observed_max,
		window_start: 1,
		window_end: 2,
		anchor: AnchorRef { device: device.clone(), seq: 0 },
	}
}

/// The last of `trackers`, which a search for the sender's tracker reaches last.
fn last<T: Config>(
	trackers: &[(sr25519::Public, T::AccountId)],
) -> Result<(sr25519::Public, T::AccountId), BenchmarkError> {
	trackers.last().cloned().ok_or(BenchmarkError::Stop("a shipment needs a tracker here"))
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_lot() {
		let producer = funded::<T>("producer");

		#[extrinsic_call]
		_(RawOrigin::Signed(producer), 1, product_code::<T>(), 1_000, metadata::<T>());

		assert!(Lots::<T>::contains_key(1));
	}

	#[benchmark]
	fn transform(i: Linear<1, { T::MaxTransformInputs::get() }>) -> Result<(), BenchmarkError> {
		let holder = funded::<T>("holder");
		let inputs = lots::<T, T::MaxTransformInputs>(&holder, 0, i)?;
		let output = LotId::from(i);

		#[extrinsic_call]
		_(RawOrigin::Signed(holder), inputs, output, product_code::<T>(), 1, metadata::<T>());

		assert_eq!(Lots::<T>::get(output).map(|lot| lot.inputs.len()), Some(i as usize));
		Ok(())
	}

	#[benchmark]
	fn create_shipment(
		l: Linear<1, { T::MaxLotsPerShipment::get() }>,
		t: Linear<0, { T::MaxTrackersPerShipment::get() }>,
	) -> Result<(), BenchmarkError> {
		let shipper = funded::<T>("shipper");
		let receiver = funded::<T>("receiver");
		let ids = lots::<T, T::MaxLotsPerShipment>(&shipper, 0, l)?;
		let devices =
			bounded(trackers::<T>(t, &shipper).into_iter().map(|(_, device)| device).collect())?;
		let carrier: T::AccountId = account("carrier", 0, 0);
		let agreement = T::BenchmarkHelper::agreement(SHIPMENT, &receiver, &carrier);

		#[extrinsic_call]
		_(RawOrigin::Signed(shipper), SHIPMENT, ids, receiver, rules::<T>(), devices, agreement);

		assert!(Shipments::<T>::contains_key(SHIPMENT));
		Ok(())
	}

	// Worst case: a pending offer is replaced.
	#[benchmark]
	fn handover() -> Result<(), BenchmarkError> {
		let shipper = funded::<T>("shipper");
		let receiver = funded::<T>("receiver");
		open_shipment::<T>(&shipper, &receiver, 1, &[])?;
		Pallet::<T>::do_handover(&shipper, SHIPMENT, receiver, place::<T>())?;
		let carrier: T::AccountId = account("carrier", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(shipper), SHIPMENT, carrier.clone(), place::<T>());

		assert_eq!(
			Shipments::<T>::get(SHIPMENT).and_then(|s| s.pending_handover).map(|offer| offer.to),
			Some(carrier)
		);
		Ok(())
	}

	#[benchmark]
	fn accept_handover() -> Result<(), BenchmarkError> {
		let shipper = funded::<T>("shipper");
		let receiver = funded::<T>("receiver");
		open_shipment::<T>(&shipper, &receiver, 1, &[])?;
		let carrier = funded::<T>("carrier");
		Pallet::<T>::do_handover(&shipper, SHIPMENT, carrier.clone(), place::<T>())?;

		#[extrinsic_call]
		_(RawOrigin::Signed(carrier.clone()), SHIPMENT);

		assert_eq!(Shipments::<T>::get(SHIPMENT).map(|s| s.custodian), Some(carrier));
		Ok(())
	}

	#[benchmark]
	fn decline_handover() -> Result<(), BenchmarkError> {
		let shipper = funded::<T>("shipper");
		let receiver = funded::<T>("receiver");
		open_shipment::<T>(&shipper, &receiver, 1, &[])?;
		let carrier: T::AccountId = account("carrier", 0, 0);
		Pallet::<T>::do_handover(&shipper, SHIPMENT, carrier.clone(), place::<T>())?;

		#[extrinsic_call]
		_(RawOrigin::Signed(carrier), SHIPMENT);

		assert_eq!(Shipments::<T>::get(SHIPMENT).map(|s| s.pending_handover), Some(None));
		Ok(())
	}

	#[benchmark]
	fn cancel_handover() -> Result<(), BenchmarkError> {
		let shipper = funded::<T>("shipper");
		let receiver = funded::<T>("receiver");
		open_shipment::<T>(&shipper, &receiver, 1, &[])?;
		let carrier: T::AccountId = account("carrier", 0, 0);
		Pallet::<T>::do_handover(&shipper, SHIPMENT, carrier, place::<T>())?;

		#[extrinsic_call]
		_(RawOrigin::Signed(shipper), SHIPMENT);

		assert_eq!(Shipments::<T>::get(SHIPMENT).map(|s| s.pending_handover), Some(None));
		Ok(())
	}

	// Worst case: the last of `t` trackers sends it itself, with evidence.
	#[benchmark]
	fn record_milestone_by_sender(
		t: Linear<1, { T::MaxTrackersPerShipment::get() }>,
	) -> Result<(), BenchmarkError> {
		let shipper = funded::<T>("shipper");
		let receiver = funded::<T>("receiver");
		let trackers = trackers::<T>(t, &shipper);
		open_shipment::<T>(&shipper, &receiver, 1, &trackers)?;
		let (_, device) = last::<T>(&trackers)?;
		let evidence = Some(AnchorRef { device: device.clone(), seq: 0 });

		#[extrinsic_call]
		record_milestone(
			RawOrigin::Signed(device),
			SHIPMENT,
			MilestoneKind::Arrived,
			place::<T>(),
			evidence,
			None,
		);

		assert_eq!(Shipments::<T>::get(SHIPMENT).map(|s| s.history_len), Some(2));
		Ok(())
	}

	#[benchmark]
	fn record_milestone_relayed() -> Result<(), BenchmarkError> {
		let shipper = funded::<T>("shipper");
		let receiver = funded::<T>("receiver");
		let trackers = trackers::<T>(T::MaxTrackersPerShipment::get(), &shipper);
		open_shipment::<T>(&shipper, &receiver, 1, &trackers)?;
		let (public, device) = last::<T>(&trackers)?;
		let evidence = Some(AnchorRef { device: device.clone(), seq: 0 });
		let location = place::<T>();
		let kind = MilestoneKind::Arrived;
		let payload =
			Pallet::<T>::milestone_payload(SHIPMENT, &device, 0, &kind, &location, &evidence);
		let signature = sign(&public, &payload)?;
		let relayer = funded::<T>("relayer");

		#[extrinsic_call]
		record_milestone(
			RawOrigin::Signed(relayer),
			SHIPMENT,
			kind,
			location,
			evidence,
			Some(signature),
		);

		assert_eq!(Shipments::<T>::get(SHIPMENT).map(|s| s.history_len), Some(2));
		Ok(())
	}

	// Worst case: the last of `t` trackers reports a breach itself.
	#[benchmark]
	fn report_condition_by_device(
		t: Linear<1, { T::MaxTrackersPerShipment::get() }>,
	) -> Result<(), BenchmarkError> {
		let shipper = funded::<T>("shipper");
		let receiver = funded::<T>("receiver");
		let trackers = trackers::<T>(t, &shipper);
		open_shipment::<T>(&shipper, &receiver, 1, &trackers)?;
		let (_, device) = last::<T>(&trackers)?;
		let observed = observation::<T>(&device, 1_000);

		#[extrinsic_call]
		report_condition(
			RawOrigin::Signed(device),
			SHIPMENT,
			observed.metric,
			observed.observed_min,
			observed.observed_max,
			observed.window_start,
			observed.window_end,
			observed.anchor.clone(),
			None,
		);

		assert_eq!(
			Shipments::<T>::get(SHIPMENT).map(|s| s.status),
			Some(ShipmentStatus::ConditionBreached)
		);
		Ok(())
	}

	#[benchmark]
	fn report_condition_relayed() -> Result<(), BenchmarkError> {
		let shipper = funded::<T>("shipper");
		let receiver = funded::<T>("receiver");
		let trackers = trackers::<T>(T::MaxTrackersPerShipment::get(), &shipper);
		open_shipment::<T>(&shipper, &receiver, 1, &trackers)?;
		let (public, device) = last::<T>(&trackers)?;
		let observed = observation::<T>(&device, 1_000);
		let signature =
			sign(&public, &Pallet::<T>::condition_payload(SHIPMENT, &device, 0, &observed))?;
		let relayer = funded::<T>("relayer");

		#[extrinsic_call]
		report_condition(
			RawOrigin::Signed(relayer),
			SHIPMENT,
			observed.metric,
			observed.observed_min,
			observed.observed_max,
			observed.window_start,
			observed.window_end,
			observed.anchor.clone(),
			Some(signature),
		);

		assert_eq!(
			Shipments::<T>::get(SHIPMENT).map(|s| s.status),
			Some(ShipmentStatus::ConditionBreached)
		);
		Ok(())
	}

	// Worst case: acceptance takes a final handover. The shipment is breached so that the
	// milestone handler, charged on top through its `max_weight`, is not measured here too.
	#[benchmark]
	fn accept_delivery(
		l: Linear<1, { T::MaxLotsPerShipment::get() }>,
	) -> Result<(), BenchmarkError> {
		let shipper = funded::<T>("shipper");
		let receiver = funded::<T>("receiver");
		let trackers = trackers::<T>(1, &shipper);
		open_shipment::<T>(&shipper, &receiver, l, &trackers)?;
		let (_, device) = last::<T>(&trackers)?;
		Pallet::<T>::do_report_condition(
			&device,
			SHIPMENT,
			observation::<T>(&device, 1_000),
			None,
		)?;
		Pallet::<T>::do_handover(&shipper, SHIPMENT, receiver.clone(), place::<T>())?;

		#[extrinsic_call]
		_(RawOrigin::Signed(receiver), SHIPMENT);

		assert_eq!(
			Shipments::<T>::get(SHIPMENT).map(|s| s.status),
			Some(ShipmentStatus::Delivered)
		);
		Ok(())
	}

	// Worst case: a pending offer is dropped and the longest reason stored.
	#[benchmark]
	fn reject_delivery(
		l: Linear<1, { T::MaxLotsPerShipment::get() }>,
	) -> Result<(), BenchmarkError> {
		let shipper = funded::<T>("shipper");
		let receiver = funded::<T>("receiver");
		open_shipment::<T>(&shipper, &receiver, l, &[])?;
		Pallet::<T>::do_handover(&shipper, SHIPMENT, receiver.clone(), place::<T>())?;
		let reason = BoundedVec::truncate_from(vec![
			b'r';
			usize::try_from(T::MaxReasonLen::get())
				.unwrap_or_default()
		]);

		#[extrinsic_call]
		_(RawOrigin::Signed(receiver), SHIPMENT, reason);

		assert_eq!(Shipments::<T>::get(SHIPMENT).map(|s| s.status), Some(ShipmentStatus::Rejected));
		Ok(())
	}

	// Worst case: the deadline passed with a final handover still offered.
	#[benchmark]
	fn expire_shipment(
		l: Linear<1, { T::MaxLotsPerShipment::get() }>,
	) -> Result<(), BenchmarkError> {
		let shipper = funded::<T>("shipper");
		let receiver = funded::<T>("receiver");
		open_shipment::<T>(&shipper, &receiver, l, &[])?;
		Pallet::<T>::do_handover(&shipper, SHIPMENT, receiver, place::<T>())?;
		let deadline = Pallet::<T>::deadline_of(frame_system::Pallet::<T>::block_number());
		frame_system::Pallet::<T>::set_block_number(deadline.saturating_add(1u32.into()));
		let anyone = funded::<T>("anyone");

		#[extrinsic_call]
		_(RawOrigin::Signed(anyone), SHIPMENT);

		assert_eq!(Shipments::<T>::get(SHIPMENT).map(|s| s.status), Some(ShipmentStatus::Expired));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
