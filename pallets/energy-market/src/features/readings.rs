//! Readings: what a trading meter measured over an interval, proven from its anchored envelope.

use frame_support::{ensure, traits::Get};
use iotchain_primitives::{chain, merkle, AnchorKind, AnchorLookup, KeyHistory, MeterReading};
use sp_runtime::DispatchResult;

use crate::{
	Config, Error, Event, IntervalIndex, Intervals, MarketId, Markets, Metered, Pallet,
	ReadingProofOf, Readings,
};

impl<T: Config> Pallet<T> {
	/// Proves the reading in `proof` as its meter's measure of `interval` of `market`: the
	/// meter must trade in the interval, the reading must be the meter's signed report of this
	/// interval, taken after it ended, and anchored under a gateway's aggregate before the
	/// interval ended plus `ReportGrace`. The first proven reading of a meter stands.
	///
	/// # Errors
	///
	/// - `UnknownMarket`, `UnknownInterval`, `NotCleared`; `IntervalNotEnded`,
	///   `ReportWindowClosed`; `NoPosition`, `AlreadyReported`;
	/// - of the reading: `PayloadMismatch`, `MalformedReading`, `WrongInterval`,
	///   `ImplausibleReading`, `ReadingTooEarly`;
	/// - of its anchor: `UnknownAnchor`, `NotAnAggregate`, `InvalidProof`,
	///   `AnchoredBeforeReading`, `AnchoredTooLate`, `InvalidSignature`.
	pub fn do_report_reading(
		market_id: MarketId,
		interval: IntervalIndex,
		proof: ReadingProofOf<T>,
	) -> DispatchResult {
		let market = Markets::<T>::get(market_id).ok_or(Error::<T>::UnknownMarket)?;
		let book = Intervals::<T>::get(market_id, interval).ok_or(Error::<T>::UnknownInterval)?;
		ensure!(book.clearing.is_some(), Error::<T>::NotCleared);
		let end = market.interval_start(interval.saturating_add(1));
		let deadline = end.saturating_add(T::ReportGrace::get());
		let now = Self::now();
		ensure!(now >= end, Error::<T>::IntervalNotEnded);
		ensure!(now < deadline, Error::<T>::ReportWindowClosed);
		let envelope = &proof.envelope;
		let meter = &envelope.device;
		ensure!(
			book.orders.iter().any(|order| &order.meter == meter && order.filled > 0),
			Error::<T>::NoPosition
		);
		ensure!(
			!Readings::<T>::contains_key((market_id, interval), meter),
			Error::<T>::AlreadyReported
		);
		ensure!(
			merkle::reading_leaf(&proof.payload) == envelope.payload_digest,
			Error::<T>::PayloadMismatch
		);
		let reading =
			MeterReading::from_payload(&proof.payload).ok_or(Error::<T>::MalformedReading)?;
		ensure!(
			reading.market == market_id && reading.interval == interval,
			Error::<T>::WrongInterval
		);
		let cap = market.terms.max_interval_wh;
		ensure!(
			reading.exported_wh <= cap && reading.imported_wh <= cap,
			Error::<T>::ImplausibleReading
		);
		ensure!(envelope.timestamp >= end, Error::<T>::ReadingTooEarly);
		let record = T::Anchors::anchor_record(&proof.gateway, proof.aggregate_seq)
			.ok_or(Error::<T>::UnknownAnchor)?;
		ensure!(matches!(record.kind, AnchorKind::Aggregate { .. }), Error::<T>::NotAnAggregate);
		let anchored = record
			.verify(&envelope.leaf(), proof.leaf_index, &proof.proof)
			.map_err(|_| Error::<T>::InvalidProof)?;
		ensure!(anchored.moment >= envelope.timestamp, Error::<T>::AnchoredBeforeReading);
		ensure!(anchored.moment < deadline, Error::<T>::AnchoredTooLate);
		let key = T::Devices::key_at(meter, anchored.block).ok_or(Error::<T>::InvalidSignature)?;
		ensure!(
			envelope.is_signed_by(&key, &chain::genesis_hash::<T>()),
			Error::<T>::InvalidSignature
		);
		let metered =
			Metered { exported_wh: reading.exported_wh, imported_wh: reading.imported_wh };
		Readings::<T>::insert((market_id, interval), meter, metered);
		Self::deposit_event(Event::ReadingReported {
			market: market_id,
			interval,
			meter: meter.clone(),
			exported_wh: reading.exported_wh,
			imported_wh: reading.imported_wh,
		});
		Ok(())
	}
}
