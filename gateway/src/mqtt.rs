//! MQTT ingest through a broker (Mosquitto; `docs/gateway.md` argues the choice).
//!
//! Topics, `{device}` being the device id as 64 lowercase hex digits:
//!
//! | topic | who publishes | what |
//! |---|---|---|
//! | `iotchain/v1/devices/{device}/readings` | the device, QoS 1 | a JSON submission |
//! | `iotchain/v1/devices/{device}/readings/bin` | the device, QoS 1 | a binary submission |
//! | `iotchain/v1/devices/{device}/receipts` | the gateway, QoS 1 | `{ "receipt" }` or `{ "seq", "refused", "temporary" }` for each submission |
//! | `iotchain/v1/devices/{device}/proofs` | the gateway, QoS 1 | each reading once its aggregate is final: the reading with its proof |
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
	view::ReadingView,
	wire::{self, Refusal, Refused},
};

/// Workers handling readings; a device's readings always go to the same one.
pub const SHARDS: usize = 64;
/// The subscription for JSON readings.
pub const READINGS_JSON: &str = "iotchain/v1/devices/+/readings";
/// The subscription for binary readings.
pub const READINGS_BIN: &str = "iotchain/v1/devices/+/readings/bin";

/// The device's hex id and the form of a readings topic, or `None` for another topic.
fn parse_topic(topic: &str) -> Option<(&str, bool)> {
	let rest = topic.strip_prefix("iotchain/v1/devices/")?;
	let (device, kind) = rest.split_once('/')?;
	let binary = match kind {
		"readings" => false,
		"readings/bin" => true,
		_ => return None,
	};
	(device.len() == 64 && device.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
		.then_some((device, binary))
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
						for topic in [READINGS_JSON, READINGS_BIN] {
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
		if let Some((device, binary)) = parse_topic(&publish.topic) {
			let device = device.to_owned();
			let submission = if binary {
				wire::from_binary(&publish.payload)
			} else {
				wire::from_json(&publish.payload)
			};
			let seq = submission.as_ref().ok().map(|s| s.envelope.seq);
			let submission = submission.and_then(|s| {
				let named = hex::encode(<[u8; 32]>::from(s.envelope.device.clone()));
				if named == device {
					Ok(s)
				} else {
					Err(Refusal::TopicMismatch)
				}
			});
			let answer = match ingest.submit(submission, Transport::Mqtt).await {
				Ok(receipt) => serde_json::json!({ "receipt": receipt }),
				Err(refusal) => {
					serde_json::to_value(Refused::new(refusal, seq)).unwrap_or_default()
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

async fn push_proofs(mut finals: mpsc::UnboundedReceiver<ReadingView>, client: AsyncClient) {
	while let Some(view) = finals.recv().await {
		let topic = format!("iotchain/v1/devices/{}/proofs", hex::encode(view.device_id));
		let body = serde_json::to_string(&view).unwrap_or_default();
		if let Err(error) = client.publish(topic, QoS::AtLeastOnce, false, body).await {
			tracing::warn!(%error, "cannot publish a proof");
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn only_readings_topics_of_a_hex_device_id_are_taken() {
		let id = "8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c";
		assert_eq!(parse_topic(&format!("iotchain/v1/devices/{id}/readings")), Some((id, false)));
		assert_eq!(
			parse_topic(&format!("iotchain/v1/devices/{id}/readings/bin")),
			Some((id, true))
		);
		assert_eq!(parse_topic(&format!("iotchain/v1/devices/{id}/receipts")), None);
		assert_eq!(
			parse_topic(&format!("iotchain/v1/devices/{}/readings", id.to_uppercase())),
			None
		);
		assert_eq!(parse_topic("iotchain/v1/devices/abc/readings"), None);
	}
}
