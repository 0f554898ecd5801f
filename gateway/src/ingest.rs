//! The checks every reading passes before it is acknowledged, the same for MQTT and HTTP, and
//! the one writer that stores accepted readings.
//!
//! In order, cheapest first, each failing with its [`Refusal`]: the payload's size and digest,
//! the signature's type, the timestamp against the gateway's clock, the device (registered,
//! active: from the chain's finalized registry), the signature with the device's current key,
//! the device's rate, and last, in the writer, the number (new for the device and above its
//! highest). Only then is the reading stored, and the receipt signed.
//!
//! Three stages, each taking all the work waiting when it starts, so the cost per reading falls
//! as the load rises:
//! - **verify**: the ed25519 signatures of up to [`MAX_VERIFY`] readings are checked in one
//!   batch verification (`ed25519-zebra`, the verifier `sp-core` itself uses, whose batches
//!   agree exactly with one-at-a-time checks). If a batch fails, each of its signatures is
//!   checked alone to find the forged ones, so a forger costs the gateway at most one wasted
//!   batch. [`VERIFY_IN_FLIGHT`] batches run at once, and leave in the order they came, so a
//!   device's readings reach the writer in the order it sent them.
//! - **write**: every reading waiting is committed in one transaction (group commit: one fsync
//!   for many readings), and no reading is answered before the commit that stored it.
//! - **receipts**: the receipts of a write group are leaves of one Merkle tree whose root the
//!   gateway signs once ([`iotchain_primitives::reading::receipts_root_payload`]); each receipt
//!   carries its path to that root. A group's receipts are signed while the writer commits the
//!   next group.

use std::{
	collections::HashMap,
	sync::{Arc, Mutex},
	time::{Instant, SystemTime, UNIX_EPOCH},
};

use futures::{stream::FuturesOrdered, StreamExt};
use iotchain_primitives::{
	anchor::anchor_payload,
	merkle,
	reading::{receipt_leaf, receipt_payload, receipts_root_payload},
	verify_signature, AnchorKind, ReadingEnvelope,
};
use sp_core::H256;
use sp_runtime::{AccountId32, MultiSignature, MultiSigner};
use tokio::sync::{mpsc, oneshot};

use crate::{
	anomaly::{self, Annotation, Detector, DetectorConfig},
	chain::{Chain, ChainError, DeviceStatus},
	config::Limits,
	keys::GatewayKey,
	market::{LiveEvent, Market},
	metrics::Metrics,
	store::{BatchOutcome, Store, StoreOutcome, StoredBatch, StoredReading},
	wire::{
		self, ss58, BatchReceipt, BatchSubmission, BulkAnswer, Receipt, ReceiptGroup, Refusal,
		Submission,
	},
};

/// Readings the writer commits in one transaction at most.
const MAX_GROUP: usize = 8192;
/// Readings whose signatures are verified in one batch at most.
pub const MAX_VERIFY: usize = 1024;
/// Verification batches running at once: one per core of the 2-core machine the gateway is
/// measured on; more only queue for the cores.
pub const VERIFY_IN_FLIGHT: usize = 2;

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

/// What a reading waiting in the pipeline is answered with: its receipt, or why it was refused.
type Answer = oneshot::Sender<Result<Receipt, Refusal>>;

/// A reading whose signature is still to be checked, with its device's current key.
struct VerifyJob {
	envelope: ReadingEnvelope<AccountId32>,
	payload: Vec<u8>,
	key: MultiSigner,
	accepted_at: u64,
	answer: Answer,
}

/// A reading checked and waiting for the writer, with the metrics its payload carries (read
/// by the verifier, so that the writer only runs the detector).
struct WriteJob {
	envelope: ReadingEnvelope<AccountId32>,
	payload: Vec<u8>,
	metrics: Vec<(String, f64)>,
	accepted_at: u64,
	answer: Answer,
}

/// A device's token bucket.
struct Bucket {
	tokens: f64,
	at: Instant,
}

/// Every device's rate limit: a token bucket each.
struct RateLimiter {
	rate_per_sec: f64,
	burst: f64,
	buckets: Mutex<HashMap<[u8; 32], Bucket>>,
}

impl RateLimiter {
	/// Spends one of `device`'s tokens, or refuses.
	fn take(&self, device: [u8; 32]) -> Result<(), Refusal> {
		let Ok(mut buckets) = self.buckets.lock() else { return Ok(()) };
		let now = Instant::now();
		let bucket = buckets.entry(device).or_insert(Bucket { tokens: self.burst, at: now });
		let refill = now.duration_since(bucket.at).as_secs_f64() * self.rate_per_sec;
		bucket.tokens = (bucket.tokens + refill).min(self.burst);
		bucket.at = now;
		if bucket.tokens < 1.0 {
			return Err(Refusal::RateLimited);
		}
		bucket.tokens -= 1.0;
		Ok(())
	}
}

/// The gateway's receipts: signed many at a time, one signature over the root of their tree.
pub struct Receipts {
	key: GatewayKey,
	gateway: AccountId32,
	gateway_ss58: String,
	genesis: H256,
	/// Devices' SS58 addresses, written once per device rather than once per receipt (base-58
	/// is costly); forgotten all at once past [`MAX_ADDRESSES`].
	addresses: Mutex<HashMap<[u8; 32], String>>,
}

/// Devices' addresses [`Receipts`] keeps at most.
const MAX_ADDRESSES: usize = 1 << 20;

impl Receipts {
	/// Receipts signed with `key` for the chain of `genesis`.
	pub fn new(key: GatewayKey, genesis: H256) -> Self {
		let gateway = key.id();
		Self { gateway_ss58: ss58(&gateway), gateway, key, genesis, addresses: Mutex::default() }
	}

	/// Signs the receipts whose payloads are `payloads` together: each one's place in the tree
	/// and the one signature, in the order given. `None` for no payloads.
	fn sign(&self, payloads: &[Vec<u8>]) -> Option<(Vec<ReceiptGroup>, MultiSignature)> {
		let leaves: Vec<H256> = payloads.iter().map(|payload| receipt_leaf(payload)).collect();
		let tree = merkle::Tree::new(&leaves)?;
		let (root, leaf_count) = (tree.root(), tree.leaf_count());
		let signature =
			self.key.sign(&receipts_root_payload(&self.genesis, &self.gateway, &root, leaf_count));
		let groups = (0..leaf_count)
			.map(|leaf_index| ReceiptGroup {
				root,
				leaf_index,
				leaf_count,
				siblings: tree.proof(leaf_index).map(|proof| proof.siblings).unwrap_or_default(),
			})
			.collect();
		Some((groups, signature))
	}

	/// The receipts for `readings`, signed together.
	pub fn for_readings(&self, readings: &[&StoredReading]) -> Vec<Receipt> {
		let leaves: Vec<(H256, H256)> = readings.iter().map(|reading| reading.leaves()).collect();
		let payloads: Vec<Vec<u8>> = readings
			.iter()
			.zip(&leaves)
			.map(|(reading, (envelope_leaf, annotation_leaf))| {
				receipt_payload(
					&self.genesis,
					&self.gateway,
					&reading.envelope.device,
					reading.envelope.seq,
					envelope_leaf,
					annotation_leaf,
					reading.accepted_at,
				)
			})
			.collect();
		let Some((groups, signature)) = self.sign(&payloads) else { return Vec::new() };
		let mut addresses =
			self.addresses.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
		if addresses.len() > MAX_ADDRESSES {
			addresses.clear();
		}
		readings
			.iter()
			.zip(leaves)
			.zip(groups)
			.map(|((reading, (envelope_leaf, annotation_leaf)), group)| Receipt {
				gateway: self.gateway_ss58.clone(),
				device: addresses
					.entry(reading.envelope.device.clone().into())
					.or_insert_with(|| ss58(&reading.envelope.device))
					.clone(),
				seq: reading.envelope.seq,
				envelope_leaf,
				annotation_leaf,
				annotation: reading.annotation.clone(),
				accepted_at: reading.accepted_at,
				group,
				signature: signature.clone(),
			})
			.collect()
	}

	/// The receipt for a batch root the gateway will relay: the receipt of a reading whose
	/// envelope leaf is the root and whose annotation leaf is zero, signed alone.
	pub fn for_batch(&self, stored: &StoredBatch) -> Option<BatchReceipt> {
		let batch = &stored.batch;
		let payload = receipt_payload(
			&self.genesis,
			&self.gateway,
			&batch.device,
			batch.seq,
			&batch.root,
			&H256::zero(),
			stored.accepted_at,
		);
		let (mut groups, signature) = self.sign(&[payload])?;
		Some(BatchReceipt {
			gateway: self.gateway_ss58.clone(),
			device: ss58(&batch.device),
			seq: batch.seq,
			root: batch.root,
			accepted_at: stored.accepted_at,
			group: groups.pop()?,
			signature,
		})
	}
}

/// A reading admitted to the pipeline ([`Ingest::admit`]): its answer to come, or its refusal.
pub struct Admitted(Result<oneshot::Receiver<Result<Receipt, Refusal>>, Refusal>);

/// The readings of a bulk submission admitted to the pipeline, each with its number if readable.
pub struct AdmittedMany(Vec<(Admitted, Option<u64>)>);

/// The checks and the writer.
pub struct Ingest {
	chain: Arc<Chain>,
	store: Arc<Store>,
	receipts: Arc<Receipts>,
	limits: Limits,
	metrics: Arc<Metrics>,
	verifier: mpsc::Sender<VerifyJob>,
	rate: Arc<RateLimiter>,
}

impl Ingest {
	/// Starts the verifier and the writer on `store`.
	pub fn start(
		chain: Arc<Chain>,
		store: Arc<Store>,
		key: GatewayKey,
		limits: Limits,
		detector: DetectorConfig,
		metrics: Arc<Metrics>,
		market: Market,
	) -> Arc<Self> {
		let receipts = Arc::new(Receipts::new(key, chain.genesis()));
		let rate = Arc::new(RateLimiter {
			rate_per_sec: limits.rate_per_sec,
			burst: limits.burst,
			buckets: Mutex::new(HashMap::new()),
		});
		let (writer, writes) = mpsc::channel(MAX_GROUP.saturating_mul(4));
		let (verifier, verifications) = mpsc::channel(MAX_VERIFY.saturating_mul(4));
		tokio::spawn(write_loop(
			store.clone(),
			writes,
			receipts.clone(),
			detector,
			metrics.clone(),
			market,
		));
		tokio::spawn(verify_loop(
			verifications,
			writer,
			chain.genesis(),
			rate.clone(),
			metrics.clone(),
		));
		Arc::new(Self { chain, store, receipts, limits, metrics, verifier, rate })
	}

	/// Checks, stores and acknowledges one reading: its receipt, or why it was refused.
	pub async fn submit(
		&self,
		submission: Result<Submission, Refusal>,
		transport: Transport,
	) -> Result<Receipt, Refusal> {
		let admitted = self.admit(submission).await;
		self.answer(admitted, transport).await
	}

	/// Checks, stores and acknowledges the readings of a bulk submission: each one's receipt,
	/// or why it was refused, in order.
	pub async fn submit_many(
		&self,
		submissions: Vec<Result<Submission, Refusal>>,
		transport: Transport,
	) -> BulkAnswer {
		let admitted = self.admit_many(submissions).await;
		self.answer_many(admitted, transport).await
	}

	/// Admits the readings of a bulk submission in turn ([`Self::admit`]), so a device's
	/// readings in it are stored in the order given, and verified and committed together.
	pub async fn admit_many(&self, submissions: Vec<Result<Submission, Refusal>>) -> AdmittedMany {
		let mut admitted = Vec::with_capacity(submissions.len());
		for submission in submissions {
			let seq = submission.as_ref().ok().map(|s| s.envelope.seq);
			admitted.push((self.admit(submission).await, seq));
		}
		AdmittedMany(admitted)
	}

	/// The answers to admitted bulk readings, in order.
	pub async fn answer_many(&self, admitted: AdmittedMany, transport: Transport) -> BulkAnswer {
		let mut answers = Vec::with_capacity(admitted.0.len());
		for (admitted, seq) in admitted.0 {
			answers.push(wire::Answer::new(self.answer(admitted, transport).await, seq));
		}
		BulkAnswer { answers }
	}

	/// Checks one reading up to its signature and hands it to the verifier; its answer is
	/// awaited with [`Self::answer`]. Readings admitted one after another are stored in that
	/// order, so a caller that admits a device's readings in turn may await their answers
	/// concurrently.
	pub async fn admit(&self, submission: Result<Submission, Refusal>) -> Admitted {
		Admitted(match submission {
			Ok(submission) => self.check_and_queue(submission).await,
			Err(refusal) => Err(refusal),
		})
	}

	/// The answer to an admitted reading: its receipt once stored, or why it was refused.
	pub async fn answer(
		&self,
		admitted: Admitted,
		transport: Transport,
	) -> Result<Receipt, Refusal> {
		let result = match admitted.0 {
			Ok(receipt) => receipt.await.unwrap_or(Err(Refusal::StoreUnavailable)),
			Err(refusal) => Err(refusal),
		};
		self.count(&result, &self.metrics.accepted, transport);
		result
	}

	/// The most readings a bulk submission may carry.
	pub fn max_bulk(&self) -> usize {
		self.limits.max_bulk
	}

	/// The largest bulk submission in bytes: `max_bulk` of the largest readings, each with its
	/// length prefix.
	pub fn max_bulk_bytes(&self) -> usize {
		self.limits
			.max_payload
			.saturating_add(4096 + 8)
			.saturating_mul(self.limits.max_bulk)
			.saturating_add(8)
	}

	/// Counts a refusal of a whole message, by reason.
	pub fn count_refusal(&self, refusal: Refusal) {
		self.metrics.refused.with_label_values(&[refusal.name()]).inc();
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
		self.rate.take(device)?;
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
		let stored = match outcome {
			BatchOutcome::Accepted(stored) => stored,
			BatchOutcome::Duplicate(stored) => {
				self.metrics.duplicates.inc();
				stored
			}
			BatchOutcome::Replayed => return Err(Refusal::ReplayedSequence),
		};
		self.receipts.for_batch(&stored).ok_or(Refusal::StoreUnavailable)
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

	async fn check_and_queue(
		&self,
		submission: Submission,
	) -> Result<oneshot::Receiver<Result<Receipt, Refusal>>, Refusal> {
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
		let (answer, receipt) = oneshot::channel();
		let job = VerifyJob { envelope, payload, key: info.key, accepted_at: now, answer };
		self.verifier.send(job).await.map_err(|_| Refusal::StoreUnavailable)?;
		Ok(receipt)
	}
}

/// Whether each reading's signature is its device's, on the chain of `genesis`: the ed25519
/// signatures in one batch verification, the others one at a time.
fn verify_all(jobs: &[VerifyJob], genesis: &H256) -> Vec<bool> {
	let messages: Vec<Vec<u8>> =
		jobs.iter().map(|job| job.envelope.signed_bytes(genesis)).collect();
	let mut valid = vec![false; jobs.len()];
	let mut batch = ed25519_zebra::batch::Verifier::new();
	let mut batched = Vec::new();
	for (index, (job, message)) in jobs.iter().zip(&messages).enumerate() {
		match (&job.key, &job.envelope.signature) {
			(MultiSigner::Ed25519(public), MultiSignature::Ed25519(signature)) => {
				batch.queue((
					ed25519_zebra::VerificationKeyBytes::from(public.0),
					ed25519_zebra::Signature::from(signature.0),
					message,
				));
				batched.push(index);
			}
			(key, signature) => {
				if let Some(slot) = valid.get_mut(index) {
					*slot = verify_signature(key, signature, message);
				}
			}
		}
	}
	let all_good = batched.is_empty() || batch.verify(rand_core::OsRng).is_ok();
	for index in batched {
		let (Some(job), Some(message), Some(slot)) =
			(jobs.get(index), messages.get(index), valid.get_mut(index))
		else {
			continue;
		};
		*slot = all_good || verify_signature(&job.key, &job.envelope.signature, message);
	}
	valid
}

/// The verifier: checks the signatures of what is waiting in batches, [`VERIFY_IN_FLIGHT`] at
/// once, then spends each verified reading's rate token and hands it to the writer, in the order
/// the readings came.
async fn verify_loop(
	mut jobs: mpsc::Receiver<VerifyJob>,
	writer: mpsc::Sender<WriteJob>,
	genesis: H256,
	rate: Arc<RateLimiter>,
	metrics: Arc<Metrics>,
) {
	let mut in_flight = FuturesOrdered::new();
	let mut open = true;
	loop {
		tokio::select! {
			job = jobs.recv(), if open && in_flight.len() < VERIFY_IN_FLIGHT => match job {
				Some(first) => {
					let group = take_waiting(first, &mut jobs, MAX_VERIFY);
					metrics.verify_batch.observe(group.len() as f64);
					in_flight.push_back(tokio::task::spawn_blocking(move || {
						let valid = verify_all(&group, &genesis);
						let metrics: Vec<_> = group
							.iter()
							.zip(&valid)
							.map(|(job, valid)| {
								if *valid { anomaly::metrics_of(&job.payload) } else { Vec::new() }
							})
							.collect();
						(group, valid, metrics)
					}));
				}
				None => open = false,
			},
			Some(done) = in_flight.next(), if !in_flight.is_empty() => {
				// A verification that panicked drops its answers: those readings are refused
				// as `storeUnavailable`, and the device sends them again.
				let Ok((group, valid, metrics)) = done else { continue };
				for ((job, valid), metrics) in group.into_iter().zip(valid).zip(metrics) {
					let VerifyJob { envelope, payload, accepted_at, answer, .. } = job;
					if !valid {
						let _ = answer.send(Err(Refusal::BadSignature));
						continue;
					}
					// After the signature, so that no one but the device can spend its rate.
					if let Err(refusal) = rate.take(envelope.device.clone().into()) {
						let _ = answer.send(Err(refusal));
						continue;
					}
					let job = WriteJob { envelope, payload, metrics, accepted_at, answer };
					if let Err(mpsc::error::SendError(job)) = writer.send(job).await {
						let _ = job.answer.send(Err(Refusal::StoreUnavailable));
					}
				}
			},
			else => break,
		}
	}
}

/// `first` and whatever else waits in `jobs`, `max` in all at most: a stage's next group.
fn take_waiting<T>(first: T, jobs: &mut mpsc::Receiver<T>, max: usize) -> Vec<T> {
	let mut group = vec![first];
	while group.len() < max {
		match jobs.try_recv() {
			Ok(job) => group.push(job),
			Err(_) => break,
		}
	}
	group
}

/// The writer: stores what is waiting in one transaction, then hands what it stored to the
/// answerer and goes on with the next group while the receipts are signed.
async fn write_loop(
	store: Arc<Store>,
	mut jobs: mpsc::Receiver<WriteJob>,
	receipts: Arc<Receipts>,
	detector: DetectorConfig,
	metrics: Arc<Metrics>,
	market: Market,
) {
	let (stored_tx, stored_rx) = mpsc::channel(4);
	tokio::spawn(answer_loop(stored_rx, receipts, metrics.clone(), market));
	let detectors: Arc<Mutex<HashMap<[u8; 32], Detector>>> = Arc::default();
	while let Some(first) = jobs.recv().await {
		let group = take_waiting(first, &mut jobs, MAX_GROUP);
		let mut measured = Vec::with_capacity(group.len());
		let (readings, answers): (Vec<_>, Vec<_>) = group
			.into_iter()
			.map(|job| {
				measured.push(job.metrics);
				((job.envelope, job.payload, job.accepted_at), job.answer)
			})
			.unzip();
		let store = store.clone();
		let detectors = detectors.clone();
		let detector = detector.clone();
		let timer = metrics.commit_seconds.start_timer();
		metrics.commit_readings.observe(readings.len() as f64);
		let stored = tokio::task::spawn_blocking(move || {
			let mut detectors = detectors.lock().map_err(|_| ())?;
			store
				.accept(readings, |index, envelope| {
					let device: [u8; 32] = envelope.device.clone().into();
					detectors
						.entry(device)
						.or_insert_with(|| Detector::new(detector.clone()))
						.observe(measured.get(index).map_or(&[][..], Vec::as_slice))
				})
				.map_err(|error| tracing::error!(%error, "the store failed"))
		})
		.await;
		timer.observe_duration();
		match stored {
			Ok(Ok(outcomes)) => {
				if let Err(mpsc::error::SendError((_, answers))) =
					stored_tx.send((outcomes, answers)).await
				{
					for answer in answers {
						let _ = answer.send(Err(Refusal::StoreUnavailable));
					}
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

/// The answerer: signs the receipts of each stored group together, then answers each reading,
/// group after group in the order they were committed.
async fn answer_loop(
	mut groups: mpsc::Receiver<(Vec<StoreOutcome>, Vec<Answer>)>,
	receipts: Arc<Receipts>,
	metrics: Arc<Metrics>,
	market: Market,
) {
	while let Some((outcomes, answers)) = groups.recv().await {
		let receipts = receipts.clone();
		let signed = tokio::task::spawn_blocking(move || {
			let receipted: Vec<&StoredReading> = outcomes
				.iter()
				.filter_map(|outcome| match outcome {
					StoreOutcome::Accepted(reading) | StoreOutcome::Duplicate(reading) => {
						Some(reading)
					}
					StoreOutcome::Replayed => None,
				})
				.collect();
			let signed = receipts.for_readings(&receipted);
			(outcomes, signed)
		})
		.await;
		let Ok((outcomes, signed)) = signed else {
			for answer in answers {
				let _ = answer.send(Err(Refusal::StoreUnavailable));
			}
			continue;
		};
		let mut signed = signed.into_iter();
		for (outcome, answer) in outcomes.into_iter().zip(answers) {
			let answer_with = match outcome {
				StoreOutcome::Accepted(reading) => {
					count_anomalies(&metrics, &reading.annotation);
					market.tell(|| LiveEvent::Accepted(Arc::new(reading.clone())));
					metrics.queue_depth.inc();
					signed.next().ok_or(Refusal::StoreUnavailable)
				}
				StoreOutcome::Duplicate(_) => {
					metrics.duplicates.inc();
					signed.next().ok_or(Refusal::StoreUnavailable)
				}
				StoreOutcome::Replayed => Err(Refusal::ReplayedSequence),
			};
			let _ = answer.send(answer_with);
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

#[cfg(test)]
// Test code: a panic is a failed test.
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
	use super::*;
	use sp_core::{ed25519, sr25519, Pair};
	use sp_runtime::traits::Verify;

	const GENESIS: H256 = H256::repeat_byte(0x45);

	/// Reading `seq` of the ed25519 device of `seed`, signed by `signer`.
	fn reading(seed: u8, seq: u64, signer: &ed25519::Pair) -> ReadingEnvelope<AccountId32> {
		let device = AccountId32::new(ed25519::Pair::from_seed(&[seed; 32]).public().0);
		let mut envelope = ReadingEnvelope {
			device,
			seq,
			timestamp: 1_767_225_600_000,
			payload_digest: merkle::reading_leaf(b"{}"),
			signature: ed25519::Signature::from_raw([0; 64]).into(),
		};
		envelope.signature = signer.sign(&envelope.signed_bytes(&GENESIS)).into();
		envelope
	}

	fn job(envelope: ReadingEnvelope<AccountId32>, key: MultiSigner) -> VerifyJob {
		let (answer, _) = oneshot::channel();
		VerifyJob { envelope, payload: b"{}".to_vec(), key, accepted_at: 0, answer }
	}

	fn ed_key(seed: u8) -> MultiSigner {
		ed25519::Pair::from_seed(&[seed; 32]).public().into()
	}

	#[test]
	fn a_forged_signature_in_a_batch_is_refused_and_no_other() {
		let mut jobs: Vec<VerifyJob> = (1..=40u8)
			.map(|seed| {
				let pair = ed25519::Pair::from_seed(&[seed; 32]);
				job(reading(seed, 1, &pair), ed_key(seed))
			})
			.collect();
		// The attack: a stranger's signature, and a device's signature from another chain.
		let stranger = ed25519::Pair::from_seed(&[99; 32]);
		jobs[7] = job(reading(8, 1, &stranger), ed_key(8));
		let mut other_chain = reading(21, 1, &ed25519::Pair::from_seed(&[21; 32]));
		other_chain.signature = ed25519::Pair::from_seed(&[21; 32])
			.sign(&other_chain.signed_bytes(&H256::repeat_byte(0x46)))
			.into();
		jobs[20] = job(other_chain, ed_key(21));
		// An sr25519 device among them is checked on its own.
		let sr = sr25519::Pair::from_seed(&[5; 32]);
		let mut sr_reading = reading(5, 2, &ed25519::Pair::from_seed(&[5; 32]));
		sr_reading.device = AccountId32::new(sr.public().0);
		sr_reading.signature = sr.sign(&sr_reading.signed_bytes(&GENESIS)).into();
		jobs.push(job(sr_reading, sr.public().into()));

		let valid = verify_all(&jobs, &GENESIS);
		let refused: Vec<usize> =
			valid.iter().enumerate().filter(|(_, ok)| !**ok).map(|(i, _)| i).collect();
		assert_eq!(refused, vec![7, 20]);
		// All good: the batch alone decides.
		jobs.remove(20);
		jobs.remove(7);
		assert!(verify_all(&jobs, &GENESIS).iter().all(|ok| *ok));
		assert!(verify_all(&[], &GENESIS).is_empty());
	}

	#[test]
	fn a_key_of_another_scheme_never_verifies() {
		let pair = ed25519::Pair::from_seed(&[3; 32]);
		let sr: MultiSigner = sr25519::Pair::from_seed(&[3; 32]).public().into();
		assert_eq!(verify_all(&[job(reading(3, 1, &pair), sr)], &GENESIS), vec![false]);
	}

	fn stored(seed: u8, seq: u64) -> StoredReading {
		let pair = ed25519::Pair::from_seed(&[seed; 32]);
		StoredReading {
			envelope: reading(seed, seq, &pair),
			payload: b"{}".to_vec(),
			annotation: Annotation { flags: seed & 1, metrics: Vec::new() },
			accepted_at: 1_767_225_600_000 + u64::from(seed),
			arrival: u64::from(seed),
			placement: None,
		}
	}

	/// Whether `receipt` is proven under its group's root and the root signed by `gateway`.
	fn holds(receipt: &Receipt, reading: &StoredReading, gateway: &GatewayKey) -> bool {
		let message = receipt_payload(
			&GENESIS,
			&gateway.id(),
			&reading.envelope.device,
			receipt.seq,
			&receipt.envelope_leaf,
			&receipt.annotation_leaf,
			receipt.accepted_at,
		);
		let group = &receipt.group;
		merkle::verify(
			&group.root,
			&receipt_leaf(&message),
			group.leaf_index,
			group.leaf_count,
			&group.siblings,
		) && receipt.signature.verify(
			&receipts_root_payload(&GENESIS, &gateway.id(), &group.root, group.leaf_count)[..],
			&gateway.id(),
		)
	}

	#[test]
	fn receipts_signed_together_each_verify_alone() {
		let key = GatewayKey::from_seed(&[7; 32]);
		let receipts = Receipts::new(key.clone(), GENESIS);
		let readings: Vec<StoredReading> = (1..=5u8).map(|seed| stored(seed, 3)).collect();
		let refs: Vec<&StoredReading> = readings.iter().collect();
		let signed = receipts.for_readings(&refs);
		assert_eq!(signed.len(), 5);
		for (index, (receipt, reading)) in signed.iter().zip(&readings).enumerate() {
			assert_eq!(receipt.group.leaf_index as usize, index);
			assert_eq!(receipt.group.leaf_count, 5);
			assert_eq!(receipt.envelope_leaf, reading.leaf());
			assert_eq!(receipt.device, ss58(&reading.envelope.device));
			assert!(holds(receipt, reading, &key));
			// Any field changed, the receipt no longer holds.
			let mut changed = receipt.clone();
			changed.accepted_at += 1;
			assert!(!holds(&changed, reading, &key));
			let mut moved = receipt.clone();
			moved.group.leaf_index = (moved.group.leaf_index + 1) % 5;
			assert!(!holds(&moved, reading, &key));
			let mut recounted = receipt.clone();
			recounted.group.leaf_count = 6;
			assert!(!holds(&recounted, reading, &key));
		}
		// Signed again (each device's address now kept), the receipts name the same devices.
		let again = receipts.for_readings(&refs);
		assert!(again.iter().zip(&signed).all(|(a, b)| a.device == b.device));
		// A stranger's key does not sign the gateway's receipts.
		assert!(!holds(&signed[0], &readings[0], &GatewayKey::from_seed(&[8; 32])));
		assert!(receipts.for_readings(&[]).is_empty());
	}

	#[test]
	fn the_rate_is_spent_per_device() {
		let limiter =
			RateLimiter { rate_per_sec: 0.0, burst: 2.0, buckets: Mutex::new(HashMap::new()) };
		assert_eq!(limiter.take([1; 32]), Ok(()));
		assert_eq!(limiter.take([1; 32]), Ok(()));
		assert_eq!(limiter.take([1; 32]), Err(Refusal::RateLimited));
		assert_eq!(limiter.take([2; 32]), Ok(()));
	}
}
