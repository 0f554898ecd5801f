//! MQTT ingest through a broker (Mosquitto; `docs/gateway.md` argues the choice).
//!
//! Topics, `{device}` being the device id as 64 lowercase hex digits:
//!
//! | topic | who publishes | what |
//! |---|---|---|
//! | `iotchain/v1/devices/{device}/readings` | the device, QoS 1 | a JSON submission |
//! | `iotchain/v1/devices/{device}/readings/bin` | the device, QoS 1 | a binary submission |
//! | `iotchain/v1/devices/{device}/batches` (`/bin`) | the device, QoS 1 | its own signed batch root to relay, JSON (binary) |
//! | `iotchain/v1/devices/{device}/receipts` | the gateway, QoS 1 | `{ "receipt" }`, `{ "batchReceipt" }` or `{ "seq", "refused", "temporary" }` for each submission |
//! | `iotchain/v1/devices/{device}/proofs` | the gateway, QoS 1 | each reading once its aggregate is final, with its proof; `{ "batch" }` once a relayed root is final |
//!
//! The gateway holds a persistent session (`clean_session = false`) and acknowledges a
//! device's QoS 1 publish only after the reading is committed to its store (or refused). While
//! the gateway is down the broker keeps the devices' readings queued for it, and one delivered
//! but not acknowledged before a crash is delivered again after the restart: nothing is lost, and
//! a reading delivered twice is answered with its receipt, not stored twice.
//!
//! A device's readings are handled in the order it sent them: each device maps to one of
//! [`SHARDS`] workers, each working through its messages one at a time.

use std::{
	collections::hash_map::DefaultHasher,
	hash::{Hash, Hasher},
	sync::Arc,
	time::Duration,
};

use rumqttc::{AsyncClient, Event, MqttOptions, Packet, Publish, QoS};
use tokio::sync::mpsc;

use crate::{
	anchor::FinalSender,
	config::MqttConfig,
	ingest::{Ingest, Transport},
	wire::{self, Refusal, Refused},
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
}

/// The device's hex id and what a device topic carries, or `None` for another topic.
fn parse_topic(topic: &str) -> Option<(&str, Kind)> {
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
pub fn start(config: &MqttConfig, ingest: Arc<Ingest>) -> FinalSender {
	let mut options = MqttOptions::new(&config.client_id, &config.host, config.port);
	options.set_clean_session(false);
	options.set_manual_acks(true);
	options.set_keep_alive(Duration::from_secs(30));
	options.set_inflight(config.inflight);
	options.set_max_packet_size(256 * 1024, 256 * 1024);
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
					if !ack.session_present {
						for topic in [READINGS_JSON, READINGS_BIN, BATCHES_JSON, BATCHES_BIN] {
							if let Err(error) = subscriber.subscribe(topic, QoS::AtLeastOnce).await
							{
								tracing::error!(%error, topic, "cannot subscribe");
							}
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
	tokio::spawn(push_proofs(final_rx, client));
	final_tx
}

async fn worker(
	mut inbox: mpsc::UnboundedReceiver<Publish>,
	client: AsyncClient,
	ingest: Arc<Ingest>,
) {
	while let Some(publish) = inbox.recv().await {
		if let Some((device, kind)) = parse_topic(&publish.topic) {
			let device = device.to_owned();
			let named =
				|id: &sp_runtime::AccountId32| hex::encode(<[u8; 32]>::from(id.clone())) == device;
			let answer = match kind {
				Kind::Reading | Kind::ReadingBin => {
					let submission = if kind == Kind::ReadingBin {
						wire::from_binary(&publish.payload)
					} else {
						wire::from_json(&publish.payload)
					};
					let seq = submission.as_ref().ok().map(|s| s.envelope.seq);
					let submission = submission.and_then(|s| {
						if named(&s.envelope.device) {
							Ok(s)
						} else {
							Err(Refusal::TopicMismatch)
						}
					});
					match ingest.submit(submission, Transport::Mqtt).await {
						Ok(receipt) => serde_json::json!({ "receipt": receipt }),
						Err(refusal) => {
							serde_json::to_value(Refused::new(refusal, seq)).unwrap_or_default()
						}
					}
				}
				Kind::Batch | Kind::BatchBin => {
					let batch = if kind == Kind::BatchBin {
						wire::batch_from_binary(&publish.payload)
					} else {
						wire::batch_from_json(&publish.payload)
					};
					let seq = batch.as_ref().ok().map(|b| b.seq);
					let batch = batch.and_then(|b| {
						if named(&b.device) {
							Ok(b)
						} else {
							Err(Refusal::TopicMismatch)
						}
					});
					match ingest.submit_batch(batch, Transport::Mqtt).await {
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
					}
				}
			};
			let topic = format!("iotchain/v1/devices/{device}/receipts");
			if let Err(error) =
				client.publish(topic, QoS::AtLeastOnce, false, answer.to_string()).await
			{
				tracing::warn!(%error, "cannot publish a receipt");
			}
		}
		// Only now, the reading stored or refused, may the broker forget it.
		if let Err(error) = client.ack(&publish).await {
			tracing::warn!(%error, "cannot acknowledge a reading");
		}
	}
}

async fn push_proofs(
	mut finals: mpsc::UnboundedReceiver<([u8; 32], serde_json::Value)>,
	client: AsyncClient,
) {
	while let Some((device, view)) = finals.recv().await {
		let topic = format!("iotchain/v1/devices/{}/proofs", hex::encode(device));
		let body = view.to_string();
		if let Err(error) = client.publish(topic, QoS::AtLeastOnce, false, body).await {
			tracing::warn!(%error, "cannot publish a proof");
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
	}
}
