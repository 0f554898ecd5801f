//! MQTT ingest through a broker (Mosquitto; `docs/gateway.md` argues the choice).
//!
//! Topics, `{device}` being the device id as 64 lowercase hex digits:
//!
//! | topic | who publishes | what |
//! |---|---|---|
//! | `iotchain/v1/devices/{device}/readings` | the device, QoS 1 | a JSON submission |
//! | `iotchain/v1/devices/{device}/readings/bin` | the device, QoS 1 | a binary submission |
//! | `iotchain/v1/devices/{device}/batches` (`/bin`) | the device, QoS 1 | its own signed batch root to relay, JSON (binary) |
//! | `iotchain/v1/devices/{device}/receipts` | the gateway, QoS 0 | `{ "receipt" }`, `{ "batchReceipt" }` or `{ "seq", "refused", "temporary" }` for each submission |
//! | `iotchain/v1/devices/{device}/proofs` | the gateway, QoS 1 | each reading once its aggregate is final, with its proof; `{ "batch" }` once a relayed root is final |
//! | `iotchain/v1/forwarders/{name}/readings` (`/bin`) | a forwarder, QoS 1 | a bulk submission of any devices' readings, JSON (binary) |
//! | `iotchain/v1/forwarders/{name}/receipts` | the gateway, QoS 0 | `{ "answers" }`, one per reading of a bulk submission, or `{ "refused" }` for the whole |
//!
//! A forwarder (a field hub, a LoRaWAN network server, a device that buffers) is named by
//! whoever runs it, 1 to 64 letters, digits, `-` or `_`; the name only routes the answers, since
//! every reading it carries is checked against its own device's signature.
//!
//! The gateway holds a persistent session (`clean_session = false`) and acknowledges a
//! device's QoS 1 publish only after the reading is committed to its store (or refused). While
//! the gateway is down the broker keeps the devices' readings queued for it, and one delivered
//! but not acknowledged before a crash is delivered again after the restart: nothing is lost, and
//! a reading delivered twice is answered with its receipt, not stored twice.
//!
//! A device's readings are handled in the order it sent them: each device maps to one of
//! [`SHARDS`] workers, each admitting its messages to the checks one at a time
//! ([`Ingest::admit`]) and answering and acknowledging them in the same order as their answers
//! come, so a worker is not held up by the store's commits.
//!
//! Receipts go out at QoS 0: a receipt is an answer, not a record. A device that misses one
//! (disconnected at the wrong moment) sends its reading again and gets the same receipt, while
//! QoS 1 would cost the broker two more packets per reading. Proofs, which a device cannot ask
//! for again over MQTT, go out at QoS 1.

use std::{
	collections::hash_map::DefaultHasher,
	hash::{Hash, Hasher},
	sync::Arc,
	time::Duration,
};

use futures::{
	future::{self, BoxFuture},
	stream::FuturesOrdered,
	StreamExt,
};
use rumqttc::{AsyncClient, Event, MqttOptions, Packet, Publish, QoS};
use tokio::sync::mpsc;

use sp_runtime::AccountId32;

use crate::{
	anchor::{Final, FinalSender},
	config::MqttConfig,
	ingest::{Ingest, Transport},
	store::Store,
	view::reading_view,
	wire::{self, Answer, Refusal, Refused},
};

/// Workers handling readings; a device's readings always go to the same one.
pub const SHARDS: usize = 64;
/// The subscription for JSON readings.
pub const READINGS_JSON: &str = "iotchain/v1/devices/+/readings";
/// The subscription for binary readings.
pub const READINGS_BIN: &str = "iotchain/v1/devices/+/readings/bin";
/// The subscription for JSON batch roots.
pub const BATCHES_JSON: &str = "iotchain/v1/devices/+/batches";
/// The subscription for binary batch roots.
pub const BATCHES_BIN: &str = "iotchain/v1/devices/+/batches/bin";
/// The subscription for forwarders' JSON bulk submissions.
pub const BULK_JSON: &str = "iotchain/v1/forwarders/+/readings";
/// The subscription for forwarders' binary bulk submissions.
pub const BULK_BIN: &str = "iotchain/v1/forwarders/+/readings/bin";

/// What a device publishes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
	/// A reading, JSON.
	Reading,
	/// A reading, binary.
	ReadingBin,
	/// A batch root, JSON.
	Batch,
	/// A batch root, binary.
	BatchBin,
	/// A forwarder's bulk submission, JSON.
	Bulk,
	/// A forwarder's bulk submission, binary.
	BulkBin,
}

/// The device's hex id (or the forwarder's name) and what its topic carries, or `None` for
/// another topic.
fn parse_topic(topic: &str) -> Option<(&str, Kind)> {
	if let Some(rest) = topic.strip_prefix("iotchain/v1/forwarders/") {
		let (name, kind) = rest.split_once('/')?;
		let kind = match kind {
			"readings" => Kind::Bulk,
			"readings/bin" => Kind::BulkBin,
			_ => return None,
		};
		let named = (1..=64).contains(&name.len())
			&& name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
		return named.then_some((name, kind));
	}
	let rest = topic.strip_prefix("iotchain/v1/devices/")?;
	let (device, kind) = rest.split_once('/')?;
	let kind = match kind {
		"readings" => Kind::Reading,
		"readings/bin" => Kind::ReadingBin,
		"batches" => Kind::Batch,
		"batches/bin" => Kind::BatchBin,
		_ => return None,
	};
	(device.len() == 64 && device.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
		.then_some((device, kind))
}

/// Connects to the broker, subscribes, and runs the workers and the proof pusher; returns the
/// sender the anchorer hands final readings to.
pub fn start(
	config: &MqttConfig,
	ingest: Arc<Ingest>,
	store: Arc<Store>,
	gateway: AccountId32,
) -> FinalSender {
	let mut options = MqttOptions::new(&config.client_id, &config.host, config.port);
	options.set_clean_session(false);
	options.set_manual_acks(true);
	options.set_keep_alive(Duration::from_secs(30));
	options.set_inflight(config.inflight);
	// The largest bulk submission, within MQTT's own limit of 256 MiB.
	let max_packet = ingest.max_bulk_bytes().saturating_add(1024).min(256 << 20);
	options.set_max_packet_size(max_packet, max_packet);
	if let (Some(user), Some(password)) = (&config.username, &config.password) {
		options.set_credentials(user, password);
	}
	let (client, mut eventloop) = AsyncClient::new(options, 4096);

	let mut shards = Vec::with_capacity(SHARDS);
	for _ in 0..SHARDS {
		let (tx, rx) = mpsc::unbounded_channel::<Publish>();
		tokio::spawn(worker(rx, client.clone(), ingest.clone()));
		shards.push(tx);
	}

	let subscriber = client.clone();
	tokio::spawn(async move {
		loop {
			match eventloop.poll().await {
				Ok(Event::Incoming(Packet::ConnAck(ack))) => {
					tracing::info!(
						session_present = ack.session_present,
						"connected to the MQTT broker"
					);
					// Every time: a session kept from an older gateway may lack a topic, and
					// subscribing again to a topic held changes nothing.
					for topic in [
						READINGS_JSON,
						READINGS_BIN,
						BATCHES_JSON,
						BATCHES_BIN,
						BULK_JSON,
						BULK_BIN,
					] {
						if let Err(error) = subscriber.subscribe(topic, QoS::AtLeastOnce).await {
							tracing::error!(%error, topic, "cannot subscribe");
						}
					}
				}
				Ok(Event::Incoming(Packet::Publish(publish))) => {
					let mut hasher = DefaultHasher::new();
					publish.topic.hash(&mut hasher);
					let shard =
						usize::try_from(hasher.finish().checked_rem(SHARDS as u64).unwrap_or(0))
							.unwrap_or(0);
					if let Some(tx) = shards.get(shard) {
						let _ = tx.send(publish);
					}
				}
				Ok(_) => {}
				Err(error) => {
					tracing::warn!(%error, "MQTT connection lost; reconnecting");
					tokio::time::sleep(Duration::from_secs(1)).await;
				}
			}
		}
	});

	let (final_tx, final_rx) = mpsc::unbounded_channel();
	tokio::spawn(push_proofs(final_rx, client, store, gateway));
	final_tx
}

/// What a worker has to send back for one publish, once ready: the publish (to acknowledge)
/// and, for a device's or a forwarder's topic, the `receipts` topic to answer on and the answer.
type Answered = (Publish, Option<(String, String)>);

/// Refuses a submission whose topic names another device than the one it carries.
fn on_its_topic<T>(
	parsed: Result<T, Refusal>,
	topic_device: &str,
	device_of: impl Fn(&T) -> &AccountId32,
) -> Result<T, Refusal> {
	parsed.and_then(|parsed| {
		if hex::encode(<[u8; 32]>::from(device_of(&parsed).clone())) == topic_device {
			Ok(parsed)
		} else {
			Err(Refusal::TopicMismatch)
		}
	})
}

/// One shard's worker: admits its readings one at a time, in the order the broker delivered
/// them, and answers and acknowledges them in that order as their answers come, so that it
/// never waits for a commit before admitting the next reading.
async fn worker(
	mut inbox: mpsc::UnboundedReceiver<Publish>,
	client: AsyncClient,
	ingest: Arc<Ingest>,
) {
	let mut answering: FuturesOrdered<BoxFuture<'static, Answered>> = FuturesOrdered::new();
	let mut open = true;
	loop {
		tokio::select! {
			publish = inbox.recv(), if open => match publish {
				Some(publish) => answering.push_back(admit(&ingest, publish).await),
				None => open = false,
			},
			Some((publish, answer)) = answering.next(), if !answering.is_empty() => {
				if let Some((topic, answer)) = answer {
					publish_answer(&client, topic, answer).await;
				}
				acknowledge(&client, &publish).await;
			},
			else => break,
		}
	}
}

/// Takes one publish: a reading is checked and queued now and answered when stored; a batch
/// root is handled now; anything else is only acknowledged.
async fn admit(ingest: &Arc<Ingest>, publish: Publish) -> BoxFuture<'static, Answered> {
	let Some((sender, kind)) = parse_topic(&publish.topic) else {
		return Box::pin(future::ready((publish, None)));
	};
	// The device's hex id, or the forwarder's name.
	let device = sender.to_owned();
	let receipts = |device: &str| format!("iotchain/v1/devices/{device}/receipts");
	match kind {
		Kind::Bulk | Kind::BulkBin => {
			let topic = format!("iotchain/v1/forwarders/{sender}/receipts");
			let max = ingest.max_bulk();
			let readings = if kind == Kind::BulkBin {
				wire::bulk_from_binary(&publish.payload, max)
			} else {
				wire::bulk_from_json(&publish.payload, max)
			};
			let readings = match readings {
				Ok(readings) => readings,
				Err(refusal) => {
					ingest.count_refusal(refusal);
					let answer = serde_json::to_string(&Refused::new(refusal, None));
					return Box::pin(future::ready((
						publish,
						Some((topic, answer.unwrap_or_default())),
					)));
				}
			};
			let admitted = ingest.admit_many(readings).await;
			let ingest = ingest.clone();
			Box::pin(async move {
				let answers = ingest.answer_many(admitted, Transport::Mqtt).await;
				let answer = serde_json::to_string(&answers).unwrap_or_default();
				(publish, Some((topic, answer)))
			})
		}
		Kind::Reading | Kind::ReadingBin => {
			let submission = if kind == Kind::ReadingBin {
				wire::from_binary(&publish.payload)
			} else {
				wire::from_json(&publish.payload)
			};
			let seq = submission.as_ref().ok().map(|s| s.envelope.seq);
			let submission = on_its_topic(submission, &device, |s| &s.envelope.device);
			let admitted = ingest.admit(submission).await;
			let ingest = ingest.clone();
			Box::pin(async move {
				let answer = Answer::new(ingest.answer(admitted, Transport::Mqtt).await, seq);
				let answer = serde_json::to_string(&answer).unwrap_or_default();
				(publish, Some((receipts(&device), answer)))
			})
		}
		Kind::Batch | Kind::BatchBin => {
			let batch = if kind == Kind::BatchBin {
				wire::batch_from_binary(&publish.payload)
			} else {
				wire::batch_from_json(&publish.payload)
			};
			let seq = batch.as_ref().ok().map(|b| b.seq);
			let batch = on_its_topic(batch, &device, |b| &b.device);
			let answer = match ingest.submit_batch(batch, Transport::Mqtt).await {
				Ok(receipt) => serde_json::json!({ "batchReceipt": receipt }),
				Err(refusal) => {
					let refused = Refused::new(refusal, seq);
					serde_json::json!({
						"seq": refused.seq,
						"refused": refused.refused,
						"temporary": refused.temporary,
						"batch": true,
					})
				}
			};
			Box::pin(future::ready((publish, Some((receipts(&device), answer.to_string())))))
		}
	}
}

/// Publishes the answer to a submission on its sender's `receipts` topic, at QoS 0: a sender
/// that misses it sends the submission again and gets the same receipt.
async fn publish_answer(client: &AsyncClient, topic: String, answer: String) {
	if let Err(error) = client.publish(topic, QoS::AtMostOnce, false, answer).await {
		tracing::warn!(%error, "cannot publish a receipt");
	}
}

/// Acknowledges a device's publish to the broker: only once its submission is stored or
/// refused may the broker forget it.
async fn acknowledge(client: &AsyncClient, publish: &Publish) {
	if let Err(error) = client.ack(publish).await {
		tracing::warn!(%error, "cannot acknowledge a reading");
	}
}

/// Pushes what became final on the devices' `proofs` topics, at QoS 1, building each reading's
/// view from the store as it goes (the broker's pace bounds what waits in memory).
async fn push_proofs(
	mut finals: mpsc::UnboundedReceiver<Final>,
	client: AsyncClient,
	store: Arc<Store>,
	gateway: AccountId32,
) {
	let publish = |device: [u8; 32], body: String| {
		let client = client.clone();
		async move {
			let topic = format!("iotchain/v1/devices/{}/proofs", hex::encode(device));
			if let Err(error) = client.publish(topic, QoS::AtLeastOnce, false, body).await {
				tracing::warn!(%error, "cannot publish a proof");
			}
		}
	};
	while let Some(done) = finals.recv().await {
		match done {
			Final::Batch(device, view) => publish(device, view.to_string()).await,
			Final::Aggregate(record) => {
				let mut from = 0;
				while from < record.readings() {
					let readings = match store.aggregate_readings(&record, from) {
						Ok(readings) if !readings.is_empty() => readings,
						Ok(_) => break,
						Err(error) => {
							tracing::warn!(%error, "cannot read final readings to push");
							break;
						}
					};
					from = from.saturating_add(u32::try_from(readings.len()).unwrap_or(u32::MAX));
					for reading in readings {
						let view = reading_view(&gateway, &reading, Some(&record));
						match serde_json::to_string(&view) {
							Ok(body) => publish(reading.envelope.device.into(), body).await,
							Err(error) => tracing::warn!(%error, "cannot write a proof"),
						}
					}
				}
			}
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn only_device_topics_of_a_hex_device_id_are_taken() {
		let id = "8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c";
		let topic = |kind: &str| format!("iotchain/v1/devices/{id}/{kind}");
		assert_eq!(parse_topic(&topic("readings")), Some((id, Kind::Reading)));
		assert_eq!(parse_topic(&topic("readings/bin")), Some((id, Kind::ReadingBin)));
		assert_eq!(parse_topic(&topic("batches")), Some((id, Kind::Batch)));
		assert_eq!(parse_topic(&topic("batches/bin")), Some((id, Kind::BatchBin)));
		assert_eq!(parse_topic(&topic("receipts")), None);
		assert_eq!(
			parse_topic(&format!("iotchain/v1/devices/{}/readings", id.to_uppercase())),
			None
		);
		assert_eq!(parse_topic("iotchain/v1/devices/abc/readings"), None);
		assert_eq!(
			parse_topic("iotchain/v1/forwarders/hub-7_a/readings"),
			Some(("hub-7_a", Kind::Bulk))
		);
		assert_eq!(
			parse_topic("iotchain/v1/forwarders/hub/readings/bin"),
			Some(("hub", Kind::BulkBin))
		);
		assert_eq!(parse_topic("iotchain/v1/forwarders/hub/receipts"), None);
		assert_eq!(parse_topic("iotchain/v1/forwarders//readings"), None);
		assert_eq!(parse_topic("iotchain/v1/forwarders/a+b/readings"), None);
		assert_eq!(
			parse_topic(&format!("iotchain/v1/forwarders/{}/readings", "h".repeat(65))),
			None
		);
	}
}
