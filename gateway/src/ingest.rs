//! The checks every reading passes before it is acknowledged, the same for MQTT and HTTP, and
//! the one writer that stores accepted readings.
//!
//! In order, cheapest first, each failing with its [`Refusal`]: the payload's size and digest,
//! the signature's type, the timestamp against the gateway's clock, the device (registered,
//! active: from the chain's finalized registry), the signature with the device's current key,
//! the device's rate, and last, in the writer, the number (new for the device and above its
//! highest). Only then is the reading stored, and the receipt signed.
//!
//! The writer takes every reading waiting when it starts a transaction and commits them
//! together: one fsync for many readings (group commit), and no reading is answered before the
//! commit that stored it.

use std::{
	collections::HashMap,
	sync::{Arc, Mutex},
	time::{Instant, SystemTime, UNIX_EPOCH},
};

use iotchain_primitives::{
	anchor::anchor_payload, merkle, reading::receipt_payload, verify_signature, AnchorKind,
	ReadingEnvelope,
};
use sp_core::H256;
use sp_runtime::{AccountId32, MultiSignature};
use tokio::sync::{mpsc, oneshot};

use crate::{
	anomaly::{self, Annotation, Detector, DetectorConfig},
	chain::{Chain, ChainError, DeviceStatus},
	config::Limits,
	keys::GatewayKey,
	metrics::Metrics,
	store::{BatchOutcome, Store, StoreOutcome, StoredBatch, StoredReading},
	wire::{ss58, BatchReceipt, BatchSubmission, Receipt, Refusal, Submission},
};

/// Readings the writer commits in one transaction at most.
const MAX_GROUP: usize = 4096;

/// How a reading reached the gateway, for metrics.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transport {
	/// Over MQTT.
	Mqtt,
	/// Over HTTP.
	Http,
}

impl Transport {
	fn name(self) -> &'static str {
		match self {
			Self::Mqtt => "mqtt",
			Self::Http => "http",
		}
	}
}

/// Milliseconds since the Unix epoch by the gateway's clock.
pub fn now_ms() -> u64 {
	SystemTime::now()
		.duration_since(UNIX_EPOCH)
		.map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
		.unwrap_or(0)
}

struct WriteJob {
	envelope: ReadingEnvelope<AccountId32>,
	payload: Vec<u8>,
	accepted_at: u64,
	answer: oneshot::Sender<Result<StoreOutcome, Refusal>>,
}

/// A device's token bucket.
struct Bucket {
	tokens: f64,
	at: Instant,
}

/// The checks and the writer.
pub struct Ingest {
	chain: Arc<Chain>,
	store: Arc<Store>,
	key: GatewayKey,
	limits: Limits,
	metrics: Arc<Metrics>,
	writer: mpsc::Sender<WriteJob>,
	buckets: Mutex<HashMap<[u8; 32], Bucket>>,
}

impl Ingest {
	/// Starts the writer on `store`.
	pub fn start(
		chain: Arc<Chain>,
		store: Arc<Store>,
		key: GatewayKey,
		limits: Limits,
		detector: DetectorConfig,
		metrics: Arc<Metrics>,
	) -> Arc<Self> {
		let (writer, jobs) = mpsc::channel(MAX_GROUP.saturating_mul(4));
		tokio::spawn(write_loop(store.clone(), jobs, detector, metrics.clone()));
		Arc::new(Self {
			chain,
			store,
			key,
			limits,
			metrics,
			writer,
			buckets: Mutex::new(HashMap::new()),
		})
	}

	/// Checks, stores and acknowledges one reading: its receipt, or why it was refused.
	pub async fn submit(
		&self,
		submission: Result<Submission, Refusal>,
		transport: Transport,
	) -> Result<Receipt, Refusal> {
		let result = match submission {
			Ok(submission) => self.check_and_store(submission).await,
			Err(refusal) => Err(refusal),
		};
		self.count(&result, &self.metrics.accepted, transport);
		result
	}

	/// Counts an answer: accepted (in `accepted`, by transport) or refused (by reason).
	fn count<T>(
		&self,
		result: &Result<T, Refusal>,
		accepted: &prometheus::IntCounterVec,
		transport: Transport,
	) {
		match result {
			Ok(_) => accepted.with_label_values(&[transport.name()]).inc(),
			Err(refusal) => self.metrics.refused.with_label_values(&[refusal.name()]).inc(),
		}
	}

	/// Checks and stores a device's own batch root for relaying: its receipt, or why it was
	/// refused.
	pub async fn submit_batch(
		&self,
		batch: Result<BatchSubmission, Refusal>,
		transport: Transport,
	) -> Result<BatchReceipt, Refusal> {
		let result = match batch {
			Ok(batch) => self.check_and_store_batch(batch).await,
			Err(refusal) => Err(refusal),
		};
		self.count(&result, &self.metrics.batches_accepted, transport);
		result
	}

	async fn check_and_store_batch(&self, batch: BatchSubmission) -> Result<BatchReceipt, Refusal> {
		if batch.leaf_count == 0 || batch.first_ts > batch.last_ts {
			return Err(Refusal::InvalidBatch);
		}
		if matches!(batch.signature, MultiSignature::Eth(_)) {
			return Err(Refusal::UnsupportedSignature);
		}
		let device: [u8; 32] = batch.device.clone().into();
		let key = self.active_key(&device).await?;
		let kind = AnchorKind::Batch {
			leaf_count: batch.leaf_count,
			first_ts: batch.first_ts,
			last_ts: batch.last_ts,
		};
		let message =
			anchor_payload(&self.chain.genesis(), &batch.device, batch.seq, &batch.root, &kind);
		if !verify_signature(&key, &batch.signature, &message) {
			return Err(Refusal::BadSignature);
		}
		self.take_token(device)?;
		// A number the chain already holds is refused now rather than by the chain later; with
		// the node away the chain decides when the root is relayed.
		if let Ok(Some(_)) = self.chain.anchor(&batch.device, batch.seq, None).await {
			return Err(Refusal::ReplayedSequence);
		}
		let store = self.store.clone();
		let outcome = tokio::task::spawn_blocking(move || store.accept_batch(batch, now_ms()))
			.await
			.map_err(|_| Refusal::StoreUnavailable)?
			.map_err(|_| Refusal::StoreUnavailable)?;
		match outcome {
			BatchOutcome::Accepted(stored) => Ok(self.batch_receipt(&stored)),
			BatchOutcome::Duplicate(stored) => {
				self.metrics.duplicates.inc();
				Ok(self.batch_receipt(&stored))
			}
			BatchOutcome::Replayed => Err(Refusal::ReplayedSequence),
		}
	}

	/// The current key of an active device, or why its readings are refused.
	async fn active_key(&self, device: &[u8; 32]) -> Result<sp_runtime::MultiSigner, Refusal> {
		let info = match self.chain.device(device).await {
			Ok(Some(info)) => info,
			Ok(None) => return Err(Refusal::UnknownDevice),
			Err(ChainError::Unavailable) => return Err(Refusal::ChainUnavailable),
			Err(ChainError::Rpc(error)) => {
				tracing::warn!(%error, "the node could not answer for a device");
				return Err(Refusal::ChainUnavailable);
			}
		};
		match info.status {
			DeviceStatus::Active => Ok(info.key),
			DeviceStatus::Suspended => Err(Refusal::DeviceSuspended),
			DeviceStatus::Revoked => Err(Refusal::DeviceRevoked),
		}
	}

	/// The gateway's signed receipt for a batch root it will relay.
	pub fn batch_receipt(&self, stored: &StoredBatch) -> BatchReceipt {
		let gateway = self.key.id();
		let batch = &stored.batch;
		let message = receipt_payload(
			&self.chain.genesis(),
			&gateway,
			&batch.device,
			batch.seq,
			&batch.root,
			&H256::zero(),
			stored.accepted_at,
		);
		BatchReceipt {
			gateway: ss58(&gateway),
			device: ss58(&batch.device),
			seq: batch.seq,
			root: batch.root,
			accepted_at: stored.accepted_at,
			signature: self.key.sign(&message),
		}
	}

	async fn check_and_store(&self, submission: Submission) -> Result<Receipt, Refusal> {
		let Submission { envelope, payload } = submission;
		if payload.len() > self.limits.max_payload {
			return Err(Refusal::PayloadTooLarge);
		}
		if merkle::reading_leaf(&payload) != envelope.payload_digest {
			return Err(Refusal::DigestMismatch);
		}
		if matches!(envelope.signature, MultiSignature::Eth(_)) {
			return Err(Refusal::UnsupportedSignature);
		}
		let now = now_ms();
		if envelope.timestamp > now.saturating_add(self.limits.max_future_ms) {
			return Err(Refusal::TimestampInFuture);
		}
		if envelope.timestamp.saturating_add(self.limits.max_age_ms) < now {
			return Err(Refusal::TimestampTooOld);
		}
		let device: [u8; 32] = envelope.device.clone().into();
		let info = match self.chain.device(&device).await {
			Ok(Some(info)) => info,
			Ok(None) => return Err(Refusal::UnknownDevice),
			Err(ChainError::Unavailable) => return Err(Refusal::ChainUnavailable),
			Err(ChainError::Rpc(error)) => {
				tracing::warn!(%error, "the node could not answer for a device");
				return Err(Refusal::ChainUnavailable);
			}
		};
		match info.status {
			DeviceStatus::Active => {}
			DeviceStatus::Suspended => return Err(Refusal::DeviceSuspended),
			DeviceStatus::Revoked => return Err(Refusal::DeviceRevoked),
		}
		if !envelope.is_signed_by(&info.key, &self.chain.genesis()) {
			return Err(Refusal::BadSignature);
		}
		// After the signature, so that no one but the device can spend its rate.
		self.take_token(device)?;
		let (answer, outcome) = oneshot::channel();
		let job = WriteJob { envelope, payload, accepted_at: now, answer };
		self.writer.send(job).await.map_err(|_| Refusal::StoreUnavailable)?;
		match outcome.await.map_err(|_| Refusal::StoreUnavailable)?? {
			StoreOutcome::Accepted(reading) => Ok(self.receipt(&reading)),
			StoreOutcome::Duplicate(reading) => {
				self.metrics.duplicates.inc();
				Ok(self.receipt(&reading))
			}
			StoreOutcome::Replayed => Err(Refusal::ReplayedSequence),
		}
	}

	fn take_token(&self, device: [u8; 32]) -> Result<(), Refusal> {
		let Ok(mut buckets) = self.buckets.lock() else { return Ok(()) };
		let now = Instant::now();
		let bucket = buckets.entry(device).or_insert(Bucket { tokens: self.limits.burst, at: now });
		let refill = now.duration_since(bucket.at).as_secs_f64() * self.limits.rate_per_sec;
		bucket.tokens = (bucket.tokens + refill).min(self.limits.burst);
		bucket.at = now;
		if bucket.tokens < 1.0 {
			return Err(Refusal::RateLimited);
		}
		bucket.tokens -= 1.0;
		Ok(())
	}

	/// The gateway's signed receipt for a stored reading.
	pub fn receipt(&self, reading: &StoredReading) -> Receipt {
		let gateway = self.key.id();
		let (envelope_leaf, annotation_leaf) = reading.leaves();
		let message = receipt_payload(
			&self.chain.genesis(),
			&gateway,
			&reading.envelope.device,
			reading.envelope.seq,
			&envelope_leaf,
			&annotation_leaf,
			reading.accepted_at,
		);
		Receipt {
			gateway: ss58(&gateway),
			device: ss58(&reading.envelope.device),
			seq: reading.envelope.seq,
			envelope_leaf,
			annotation_leaf,
			annotation: reading.annotation.clone(),
			accepted_at: reading.accepted_at,
			signature: self.key.sign(&message),
		}
	}
}

/// The writer: stores what is waiting in one transaction, then answers each reading.
async fn write_loop(
	store: Arc<Store>,
	mut jobs: mpsc::Receiver<WriteJob>,
	detector: DetectorConfig,
	metrics: Arc<Metrics>,
) {
	let detectors: Arc<Mutex<HashMap<[u8; 32], Detector>>> = Arc::default();
	while let Some(first) = jobs.recv().await {
		let mut group = vec![first];
		while group.len() < MAX_GROUP {
			match jobs.try_recv() {
				Ok(job) => group.push(job),
				Err(_) => break,
			}
		}
		let (readings, answers): (Vec<_>, Vec<_>) = group
			.into_iter()
			.map(|job| ((job.envelope, job.payload, job.accepted_at), job.answer))
			.unzip();
		let store = store.clone();
		let detectors = detectors.clone();
		let detector = detector.clone();
		let stored = tokio::task::spawn_blocking(move || {
			let mut detectors = detectors.lock().map_err(|_| ())?;
			store
				.accept(readings, |envelope, payload| {
					let device: [u8; 32] = envelope.device.clone().into();
					detectors
						.entry(device)
						.or_insert_with(|| Detector::new(detector.clone()))
						.observe(&anomaly::metrics_of(payload))
				})
				.map_err(|error| tracing::error!(%error, "the store failed"))
		})
		.await;
		match stored {
			Ok(Ok(outcomes)) => {
				for (outcome, answer) in outcomes.into_iter().zip(answers) {
					if let StoreOutcome::Accepted(reading) = &outcome {
						count_anomalies(&metrics, &reading.annotation);
						metrics.queue_depth.inc();
					}
					let _ = answer.send(Ok(outcome));
				}
			}
			_ => {
				for answer in answers {
					let _ = answer.send(Err(Refusal::StoreUnavailable));
				}
			}
		}
	}
}

fn count_anomalies(metrics: &Metrics, annotation: &Annotation) {
	for (flag, name) in
		[(anomaly::SPIKE, "spike"), (anomaly::DRIFT, "drift"), (anomaly::STUCK, "stuck")]
	{
		if annotation.flags & flag != 0 {
			metrics.anomalies.with_label_values(&[name]).inc();
		}
	}
}
