//! Prometheus metrics, served at `GET /metrics` in the text format.

use prometheus::{
	Encoder, Histogram, HistogramOpts, IntCounter, IntCounterVec, IntGauge, Opts, Registry,
	TextEncoder,
};

/// Every metric the gateway exports, prefixed `iotchain_gateway_`.
pub struct Metrics {
	registry: Registry,
	/// Readings accepted, by transport (`mqtt`, `http`).
	pub accepted: IntCounterVec,
	/// Devices' batch roots accepted for relaying, by transport.
	pub batches_accepted: IntCounterVec,
	/// Readings and batch roots refused, by reason.
	pub refused: IntCounterVec,
	/// Retransmissions of readings already accepted, answered with their receipt.
	pub duplicates: IntCounter,
	/// Readings flagged by the anomaly detector, by flag (`spike`, `drift`, `stuck`).
	pub anomalies: IntCounterVec,
	/// Readings accepted and not yet in an aggregate.
	pub queue_depth: IntGauge,
	/// Aggregates sent, and those that failed and were sent again.
	pub aggregates_submitted: IntCounter,
	/// Aggregate transactions that failed (dropped, invalid, node gone) and will be retried.
	pub aggregate_failures: IntCounter,
	/// Readings in finalized aggregates.
	pub readings_final: IntCounter,
	/// Seconds from a reading's acceptance to its aggregate's finality.
	pub anchor_latency: Histogram,
	/// The last finalized block the gateway has processed.
	pub finalized_block: IntGauge,
	/// Blocks an aggregate in a block is ahead of the finalized head: how far finality lags.
	pub finality_lag_blocks: IntGauge,
	/// 1 while the node is connected.
	pub chain_connected: IntGauge,
	/// Seconds each of the writer's commits took, fsync included.
	pub commit_seconds: Histogram,
	/// Readings each of the writer's commits stored or answered.
	pub commit_readings: Histogram,
	/// Signatures each batch verification checked.
	pub verify_batch: Histogram,
}

impl Metrics {
	/// Registers every metric.
	pub fn new() -> Result<Self, prometheus::Error> {
		let registry = Registry::new_custom(Some("iotchain_gateway".into()), None)?;
		let accepted = IntCounterVec::new(
			Opts::new("readings_accepted_total", "Readings verified, stored and acknowledged"),
			&["transport"],
		)?;
		let batches_accepted = IntCounterVec::new(
			Opts::new("batches_accepted_total", "Devices' batch roots accepted for relaying"),
			&["transport"],
		)?;
		let refused = IntCounterVec::new(
			Opts::new("readings_refused_total", "Readings and batch roots refused, by reason"),
			&["reason"],
		)?;
		let duplicates = IntCounter::new(
			"readings_duplicate_total",
			"Retransmissions of accepted readings, answered with their receipt",
		)?;
		let anomalies = IntCounterVec::new(
			Opts::new("anomalies_total", "Readings the detector flagged, by flag"),
			&["flag"],
		)?;
		let queue_depth =
			IntGauge::new("queue_depth", "Readings accepted and not yet in an aggregate")?;
		let aggregates_submitted =
			IntCounter::new("aggregates_submitted_total", "Aggregate transactions sent")?;
		let aggregate_failures = IntCounter::new(
			"aggregate_failures_total",
			"Aggregate transactions that failed and will be sent again",
		)?;
		let readings_final =
			IntCounter::new("readings_final_total", "Readings in finalized aggregates")?;
		let anchor_latency = Histogram::with_opts(
			HistogramOpts::new(
				"anchor_latency_seconds",
				"From a reading's acceptance to its aggregate's finality",
			)
			.buckets(vec![1.0, 2.0, 5.0, 10.0, 15.0, 20.0, 30.0, 60.0, 120.0, 300.0, 600.0]),
		)?;
		let finalized_block =
			IntGauge::new("finalized_block", "The last finalized block the gateway processed")?;
		let finality_lag_blocks = IntGauge::new(
			"finality_lag_blocks",
			"Blocks the newest aggregate in a block is ahead of the finalized head (0 if none)",
		)?;
		let chain_connected = IntGauge::new("chain_connected", "1 while the node is connected")?;
		let commit_seconds = Histogram::with_opts(
			HistogramOpts::new(
				"commit_seconds",
				"How long each of the writer's commits took, fsync included",
			)
			.buckets(vec![0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0]),
		)?;
		let commit_readings = Histogram::with_opts(
			HistogramOpts::new("commit_readings", "Readings in each of the writer's commits")
				.buckets(vec![1.0, 4.0, 16.0, 64.0, 256.0, 1024.0, 4096.0]),
		)?;
		let verify_batch = Histogram::with_opts(
			HistogramOpts::new("verify_batch_signatures", "Signatures in each batch verification")
				.buckets(vec![1.0, 4.0, 16.0, 64.0, 256.0, 1024.0]),
		)?;
		// Every reason and transport from the start, at 0, so that a rate over them is defined.
		for refusal in crate::wire::Refusal::ALL {
			refused.with_label_values(&[refusal.name()]);
		}
		for transport in ["mqtt", "http"] {
			accepted.with_label_values(&[transport]);
		}
		registry.register(Box::new(accepted.clone()))?;
		registry.register(Box::new(batches_accepted.clone()))?;
		registry.register(Box::new(refused.clone()))?;
		registry.register(Box::new(duplicates.clone()))?;
		registry.register(Box::new(anomalies.clone()))?;
		registry.register(Box::new(queue_depth.clone()))?;
		registry.register(Box::new(aggregates_submitted.clone()))?;
		registry.register(Box::new(aggregate_failures.clone()))?;
		registry.register(Box::new(readings_final.clone()))?;
		registry.register(Box::new(anchor_latency.clone()))?;
		registry.register(Box::new(finalized_block.clone()))?;
		registry.register(Box::new(finality_lag_blocks.clone()))?;
		registry.register(Box::new(chain_connected.clone()))?;
		registry.register(Box::new(commit_seconds.clone()))?;
		registry.register(Box::new(commit_readings.clone()))?;
		registry.register(Box::new(verify_batch.clone()))?;
		Ok(Self {
			registry,
			accepted,
			batches_accepted,
			refused,
			duplicates,
			anomalies,
			queue_depth,
			aggregates_submitted,
			aggregate_failures,
			readings_final,
			anchor_latency,
			finalized_block,
			finality_lag_blocks,
			chain_connected,
			commit_seconds,
			commit_readings,
			verify_batch,
		})
	}

	/// The metrics in Prometheus' text format.
	pub fn render(&self) -> String {
		let mut out = Vec::new();
		// Encoding into a Vec cannot fail but for a metric family without metrics, which
		// registered metrics always have.
		let _ = TextEncoder::new().encode(&self.registry.gather(), &mut out);
		String::from_utf8(out).unwrap_or_default()
	}
}
