//! Aggregation and anchoring: one aggregate per interval (a block by default), anchored with the
//! gateway's key, sent again until the chain holds it, and reported final only after GRANDPA.
//!
//! Exactly once: an aggregate is numbered in the gateway's own anchor sequence when it is built,
//! and the chain accepts each number once, so sending it again after a drop, a crash or a node
//! restart can never anchor it twice. Before sending, the gateway asks the chain whether it
//! already holds that number (`anchoring_anchor`): a transaction that made it into a block
//! just before a crash is recognised, not resent. Aggregates are sent one at a time, each after
//! the one before is in a block, so every device's readings reach the chain in its order.

use std::{sync::Arc, time::Duration};

use sp_core::H256;
use tokio::sync::mpsc;

use crate::{
	chain::{Chain, Finalized},
	config::AnchorConfig,
	ingest::now_ms,
	keys::GatewayKey,
	market::{LiveEvent, Market},
	metrics::Metrics,
	store::{AggregateRecord, AggregateStatus, BatchStatus, Store, StoredBatch},
	view::batch_view,
};

/// What became final, for the MQTT pusher to push on the devices' `proofs` topics.
///
/// An aggregate goes as its record, not as the views of its readings: the pusher builds each
/// reading's view as it publishes it, so tens of thousands of proofs waiting for the broker
/// cost the gateway no memory beyond the record.
pub enum Final {
	/// A final aggregate: each of its readings, with its proof.
	Aggregate(Arc<AggregateRecord>),
	/// A relayed batch root, final: `{ "batch": … }` for its device.
	Batch([u8; 32], serde_json::Value),
}

/// Where the anchorer hands what became final.
pub type FinalSender = mpsc::UnboundedSender<Final>;

/// Batch roots relayed in one transaction at most.
const MAX_BATCHES_PER_TX: usize = 256;

/// The anchoring side of the gateway.
pub struct Anchorer {
	chain: Arc<Chain>,
	store: Arc<Store>,
	key: GatewayKey,
	config: AnchorConfig,
	metrics: Arc<Metrics>,
	market: Market,
}

impl Anchorer {
	/// The anchorer of `store`'s readings.
	pub fn new(
		chain: Arc<Chain>,
		store: Arc<Store>,
		key: GatewayKey,
		config: AnchorConfig,
		metrics: Arc<Metrics>,
		market: Market,
	) -> Arc<Self> {
		Arc::new(Self { chain, store, key, config, metrics, market })
	}

	/// Builds and sends aggregates for as long as the gateway runs.
	///
	/// One step per interval, timed on the Unix clock: `lead_ms` before each multiple of
	/// `interval_ms`. Aura's slots start at multiples of the slot duration, so with the interval
	/// at one slot (the default) each aggregate reaches the node's pool just before the next
	/// block is authored, and waits for no block but that one. A step that outlasts its
	/// interval (the node away, a missed block) is followed at the next such time; a full queue
	/// starts the next step at once.
	pub async fn run(self: Arc<Self>) {
		loop {
			let depth = self.store.queue_depth().unwrap_or(0);
			if depth < u64::from(self.config.max_readings) {
				let now = now_ms();
				let at = next_build(now, self.config.interval_ms, self.config.lead_ms);
				tokio::time::sleep(Duration::from_millis(at.saturating_sub(now))).await;
			}
			if let Err(error) = self.step().await {
				self.metrics.aggregate_failures.inc();
				tracing::warn!(%error, "anchoring failed; trying again");
				tokio::time::sleep(Duration::from_secs(2)).await;
			}
			let depth = self.store.queue_depth().unwrap_or(0);
			self.metrics.queue_depth.set(i64::try_from(depth).unwrap_or(i64::MAX));
		}
	}

	/// Sends what is pending; then builds the next aggregate from the queue and sends it.
	async fn step(&self) -> anyhow::Result<()> {
		if self.store.next_aggregate()?.is_none() {
			let last = self.chain.last_seq(&self.key.id()).await?;
			let next = last.map_or(0, |seq| seq.saturating_add(1));
			self.store.set_next_aggregate(next)?;
			tracing::info!(next, "the gateway's next anchor number, from the chain");
		}
		for record in self.store.unfinished()? {
			if record.status == AggregateStatus::Pending {
				self.send(&record).await?;
			}
		}
		if let Some(record) = self.store.build_aggregate(self.config.max_readings, now_ms())? {
			tracing::info!(seq = record.seq, readings = record.readings(), "aggregate built");
			self.send(&record).await?;
		}
		let queued = self.store.queued_batches(MAX_BATCHES_PER_TX)?;
		if !queued.is_empty() {
			self.relay(queued).await?;
		}
		Ok(())
	}

	/// Relays devices' batch roots: those the chain holds already are recorded, the others
	/// sent in one transaction, then each read back.
	async fn relay(&self, queued: Vec<StoredBatch>) -> anyhow::Result<()> {
		let mut to_send = Vec::new();
		for stored in &queued {
			if !self.record_batch(stored).await? {
				to_send.push(stored.batch.clone());
			}
		}
		if to_send.is_empty() {
			return Ok(());
		}
		self.metrics.aggregates_submitted.inc();
		let (block, _) =
			self.chain.relay_batches(&self.key, &to_send, self.config.mortality).await?;
		tracing::info!(block, batches = to_send.len(), "batch roots relayed");
		for stored in &queued {
			if !self.record_batch(stored).await? {
				// In the block's transaction and not on chain: the chain refused it.
				let device = stored.batch.device.clone().into();
				self.store.set_batch_status(
					device,
					stored.batch.seq,
					BatchStatus::RefusedByChain,
				)?;
				tracing::warn!(seq = stored.batch.seq, "the chain refused a relayed batch root");
			}
		}
		Ok(())
	}

	/// Records a batch root the chain holds (`InBlock`, or `RefusedByChain` if another root
	/// holds its number); `false` if the chain holds nothing under its number.
	async fn record_batch(&self, stored: &StoredBatch) -> anyhow::Result<bool> {
		let batch = &stored.batch;
		let status = match self.chain.anchor(&batch.device, batch.seq, None).await? {
			None => return Ok(false),
			Some((root, block)) if root == batch.root => BatchStatus::InBlock { block },
			Some(_) => BatchStatus::RefusedByChain,
		};
		self.store.set_batch_status(batch.device.clone().into(), batch.seq, status)?;
		Ok(true)
	}

	/// Makes sure the chain holds `record`, sending it if it does not yet.
	async fn send(&self, record: &AggregateRecord) -> anyhow::Result<()> {
		let gateway = self.key.id();
		let status = match self.chain.anchor(&gateway, record.seq, None).await? {
			Some((root, block)) if root == record.root => {
				let hash: Option<H256> =
					self.chain.request("chain_getBlockHash", vec![block.into()]).await?;
				AggregateStatus::InBlock { block, hash: hash.unwrap_or_default() }
			}
			Some((root, _)) => anyhow::bail!(
				"the chain holds another root ({root:?}) under the gateway's anchor {}: is a second \
				 gateway running with this key?",
				record.seq
			),
			None => {
				self.metrics.aggregates_submitted.inc();
				let (block, hash) =
					self.chain.submit_aggregate(&self.key, record, self.config.mortality).await?;
				AggregateStatus::InBlock { block, hash }
			}
		};
		tracing::info!(seq = record.seq, ?status, "aggregate in a block");
		self.store.set_status(record.seq, status)?;
		Ok(())
	}

	/// Marks aggregates final as GRANDPA finalizes their blocks, and hands their readings to
	/// `pushed` (the MQTT proofs topic).
	pub async fn track_finality(self: Arc<Self>, pushed: Option<FinalSender>) {
		let mut finalized = self.chain.finalized();
		loop {
			let head = *finalized.borrow_and_update();
			if head.number > 0 {
				if let Err(error) = self.finalize_up_to(head, pushed.as_ref()).await {
					tracing::warn!(%error, "checking finality failed; trying again");
					tokio::time::sleep(Duration::from_secs(2)).await;
					continue;
				}
			}
			if finalized.changed().await.is_err() {
				return;
			}
		}
	}

	async fn finalize_up_to(
		&self,
		head: Finalized,
		pushed: Option<&FinalSender>,
	) -> anyhow::Result<()> {
		let gateway = self.key.id();
		let mut lag = 0;
		for record in self.store.unfinished()? {
			let AggregateStatus::InBlock { block, .. } = record.status else {
				continue;
			};
			if block > head.number {
				lag = lag.max(block.saturating_sub(head.number));
				continue;
			}
			match self.chain.anchor(&gateway, record.seq, Some(head.hash)).await? {
				Some((root, block)) if root == record.root => {
					let hash: Option<H256> =
						self.chain.request("chain_getBlockHash", vec![block.into()]).await?;
					let status = AggregateStatus::Final { block, hash: hash.unwrap_or_default() };
					self.store.set_status(record.seq, status)?;
					self.on_final(&record, pushed)?;
					tracing::info!(seq = record.seq, block, "aggregate final");
				}
				_ => {
					// Its block was not the one finalized: send it again.
					tracing::warn!(seq = record.seq, "aggregate not in the finalized chain");
					self.store.set_status(record.seq, AggregateStatus::Pending)?;
				}
			}
		}
		for stored in self.store.unfinal_batches()? {
			let BatchStatus::InBlock { block } = stored.status else { continue };
			if block > head.number {
				continue;
			}
			let batch = &stored.batch;
			let device: [u8; 32] = batch.device.clone().into();
			match self.chain.anchor(&batch.device, batch.seq, Some(head.hash)).await? {
				Some((root, block)) if root == batch.root => {
					let status = BatchStatus::Final { block };
					self.store.set_batch_status(device, batch.seq, status)?;
					if let Some(pushed) = pushed {
						let view = batch_view(&StoredBatch { status, ..stored.clone() });
						let _ =
							pushed.send(Final::Batch(device, serde_json::json!({ "batch": view })));
					}
				}
				_ => self.store.set_batch_status(device, batch.seq, BatchStatus::Queued)?,
			}
		}
		self.metrics.finality_lag_blocks.set(lag.into());
		Ok(())
	}

	fn on_final(
		&self,
		record: &AggregateRecord,
		pushed: Option<&FinalSender>,
	) -> anyhow::Result<()> {
		let Some(record) = self.store.aggregate(record.seq)? else { return Ok(()) };
		let now = now_ms();
		let mut from = 0;
		while from < record.readings() {
			let accepted = self.store.accepted_times(&record, from)?;
			if accepted.is_empty() {
				break;
			}
			for accepted_at in &accepted {
				self.metrics.readings_final.inc();
				let seconds = now.saturating_sub(*accepted_at) as f64 / 1000.0;
				self.metrics.anchor_latency.observe(seconds);
			}
			from = from.saturating_add(u32::try_from(accepted.len()).unwrap_or(u32::MAX));
		}
		let record = Arc::new(record);
		self.market.tell(|| LiveEvent::Final(record.clone()));
		if let Some(pushed) = pushed {
			let _ = pushed.send(Final::Aggregate(record));
		}
		Ok(())
	}
}

/// When to build the next aggregate after `now` (ms since the Unix epoch): `lead_ms` before the
/// first multiple of `interval_ms` more than `lead_ms` away.
fn next_build(now: u64, interval_ms: u64, lead_ms: u64) -> u64 {
	let interval = interval_ms.max(1);
	let ahead = now.saturating_add(lead_ms);
	let boundary = ahead.saturating_sub(ahead.checked_rem(interval).unwrap_or(0));
	boundary.saturating_add(interval).saturating_sub(lead_ms)
}

#[cfg(test)]
mod tests {
	use super::next_build;

	#[test]
	fn aggregates_are_built_the_lead_before_each_slot() {
		// Slots of 6 s start at multiples of 6,000 ms; build 1 s before each.
		assert_eq!(next_build(0, 6_000, 1_000), 5_000);
		assert_eq!(next_build(4_999, 6_000, 1_000), 5_000);
		// Just built (or late): the next slot's.
		assert_eq!(next_build(5_000, 6_000, 1_000), 11_000);
		assert_eq!(next_build(6_100, 6_000, 1_000), 11_000);
		assert_eq!(next_build(1_767_225_605_000, 6_000, 1_000), 1_767_225_611_000);
		// No lead: on the boundaries.
		assert_eq!(next_build(6_000, 6_000, 0), 12_000);
	}
}
