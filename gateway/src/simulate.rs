//! `iotchain-gateway simulate`: a load generator of real devices.
//!
//! 1. Derives `--devices` ed25519 device keys from `--key-seed` (the same keys on every run) and
//!    registers those the chain does not know yet, 32 to a `register_devices` transaction, all
//!    sent at once by `--owner`, then waits until the last one is final.
//! 2. Signs `--rate` × `--duration` readings in advance (round-robin over the devices, each
//!    device's numbers rising from the current time in ms), so the publishing itself costs the
//!    machine as little as possible.
//! 3. Publishes them at `--rate` a second over MQTT (QoS 1, `--connections` clients) or HTTP
//!    (`--connections` keep-alive connections), and listens on the broker for the gateway's
//!    receipts and proofs. With `--bulk N`, each connection is a forwarder sending its devices'
//!    readings N to a message (a bulk submission), and takes back N answers in one.
//! 4. Prints one JSON object: readings offered, accepted and refused (by reason), accepted a
//!    second, publish → receipt and publish → final proof latencies (p50, p95, ms).

use std::{
	collections::{BTreeMap, HashMap},
	sync::{Arc, Mutex},
	time::{Duration, Instant},
};

use codec::Encode;
use iotchain_primitives::{
	domain, merkle, reading::reading_payload, signed_payload, ReadingEnvelope,
};
use rumqttc::{AsyncClient, Event, MqttOptions, Packet, QoS};
use sp_core::{ed25519, Pair};
use sp_runtime::AccountId32;
use subxt::dynamic::Value;

use crate::{chain::Chain, ingest::now_ms, keys::GatewayKey, metrics::Metrics, register};

/// How readings are sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Via {
	/// MQTT, QoS 1, binary form.
	Mqtt,
	/// HTTP POST, binary form.
	Http,
}

/// Arguments of `simulate`.
#[derive(clap::Args)]
pub struct SimulateArgs {
	/// The node's WebSocket endpoint.
	#[arg(long, default_value = "ws://127.0.0.1:9944")]
	node: String,
	/// The devices' owner's secret URI, who registers them.
	#[arg(long, default_value = "//Alice")]
	owner: String,
	/// Devices.
	#[arg(long, default_value_t = 100)]
	devices: u32,
	/// Readings a second, all devices together.
	#[arg(long, default_value_t = 100)]
	rate: u32,
	/// Seconds of publishing.
	#[arg(long, default_value_t = 10)]
	duration: u32,
	/// MQTT or HTTP.
	#[arg(long, value_enum, default_value = "mqtt")]
	via: Via,
	/// The gateway's HTTP address.
	#[arg(long, default_value = "127.0.0.1:8090")]
	http: String,
	/// The broker, `host:port`; receipts and proofs are read from it whatever `--via`.
	#[arg(long, default_value = "127.0.0.1:1883")]
	mqtt: String,
	/// Client connections publishing.
	#[arg(long, default_value_t = 8)]
	connections: usize,
	/// Seed of the device keys.
	#[arg(long, default_value_t = 0)]
	key_seed: u64,
	/// Over MQTT, readings each connection may have published and not yet seen a receipt for
	/// (0: none, publish at `--rate` whatever the gateway answers). With a window, the load
	/// follows what the gateway sustains (closed loop), as HTTP's one request at a time per
	/// connection does.
	#[arg(long, default_value_t = 0)]
	window: usize,
	/// Seconds to wait, after publishing, for the last receipts and proofs.
	#[arg(long, default_value_t = 60)]
	settle: u64,
	/// Readings per message: 1 sends each reading on its own (on its device's topic, or
	/// `POST /v1/readings`); more makes each connection a forwarder sending bulk submissions
	/// (`iotchain/v1/forwarders/sim-{connection}/readings/bin`, or `POST /v1/readings/bulk`).
	#[arg(long, default_value_t = 1)]
	bulk: usize,
}

/// What one message carries: its readings' devices and numbers, and its body.
struct Message {
	readings: Vec<([u8; 32], u64)>,
	body: Vec<u8>,
}

/// The messages of `frames`, `bulk` readings each: each frame alone when `bulk` is 1, else the
/// SCALE encoding of the frames as a `Vec<Vec<u8>>` (a binary bulk submission).
fn messages(frames: Vec<Frame>, bulk: usize) -> Vec<Message> {
	if bulk <= 1 {
		return frames
			.into_iter()
			.map(|(device, seq, body)| Message { readings: vec![(device, seq)], body })
			.collect();
	}
	frames
		.chunks(bulk)
		.map(|chunk| Message {
			readings: chunk.iter().map(|(device, seq, _)| (*device, *seq)).collect(),
			body: chunk.iter().map(|(_, _, frame)| frame.clone()).collect::<Vec<_>>().encode(),
		})
		.collect()
}

/// A forwarder's answer to a bulk submission, as much of it as the tally needs.
#[derive(serde::Deserialize)]
struct BulkAnswers {
	answers: Vec<BulkItem>,
}

#[derive(serde::Deserialize)]
struct BulkItem {
	receipt: Option<serde::de::IgnoredAny>,
	refused: Option<String>,
}

impl Tally {
	/// Counts a bulk answer that came `latency_ms` after its message was sent.
	fn bulk_answer(&mut self, answers: &BulkAnswers, latency_ms: f64, now: Instant) {
		for item in &answers.answers {
			match (&item.receipt, &item.refused) {
				(Some(_), _) => {
					self.accepted = self.accepted.saturating_add(1);
					self.receipts.push(latency_ms);
					self.last_receipt = Some(now);
				}
				(None, Some(reason)) => count(&mut self.refused, reason),
				(None, None) => count(&mut self.refused, "unreadable"),
			}
		}
	}
}

fn device_key(key_seed: u64, index: u32) -> ed25519::Pair {
	let seed = merkle::reading_leaf(&(b"iotchain/simulate", key_seed, index).encode());
	ed25519::Pair::from_seed(&seed.0)
}

/// Registers the devices the chain does not know, in batches sent all at once.
async fn register_devices(
	chain: &Chain,
	owner: &GatewayKey,
	keys: &[ed25519::Pair],
) -> anyhow::Result<()> {
	use futures::{stream, StreamExt};
	let head = chain.finalized_head().await?;
	let known: Vec<bool> = stream::iter(keys)
		.map(
			|key| async move { chain.fetch_device(&key.public().0, head).await.map(|d| d.is_some()) },
		)
		.buffered(64)
		.collect::<Vec<_>>()
		.await
		.into_iter()
		.collect::<Result<_, _>>()?;
	let missing: Vec<&ed25519::Pair> =
		keys.iter().zip(known).filter(|(_, known)| !known).map(|(key, _)| key).collect();
	if missing.is_empty() {
		return Ok(());
	}
	let genesis = chain.genesis();
	let owner_id = owner.id();
	let started = Instant::now();
	let calls: Vec<_> = missing
		.chunks(32)
		.map(|batch| {
			let registrations = batch
				.iter()
				.map(|key| {
					let signer: sp_runtime::MultiSigner = key.public().into();
					let proof =
						key.sign(&signed_payload(domain::REGISTER, &genesis, &(&owner_id, signer)));
					register::registration("Ed25519", key.public().0, proof.0, "Sensor")
				})
				.collect::<Vec<_>>();
			subxt::dynamic::tx(
				"DeviceRegistry",
				"register_devices",
				vec![Value::unnamed_composite(registrations)],
			)
		})
		.collect();
	chain.submit_all_no_wait(owner, &calls).await?;
	// The last batch is registered once its last device is: wait for it at the finalized head.
	let last = missing.last().map(|k| k.public().0).unwrap_or_default();
	while chain.device_at_finalized_head(&last).await?.is_none() {
		anyhow::ensure!(started.elapsed() < Duration::from_secs(1800), "registration timed out");
		tokio::time::sleep(Duration::from_secs(1)).await;
	}
	eprintln!("registered {} devices in {:.1} s", missing.len(), started.elapsed().as_secs_f64());
	Ok(())
}

/// A signed reading ready to send: its device, its number and its binary form.
type Frame = ([u8; 32], u64, Vec<u8>);

fn count(refused: &mut BTreeMap<String, u64>, reason: &str) {
	let entry = refused.entry(reason.into()).or_default();
	*entry = entry.saturating_add(1);
}

/// Latency samples and counts, shared by the publishers and the listener.
#[derive(Default)]
struct Tally {
	sent: HashMap<([u8; 32], u64), Instant>,
	receipts: Vec<f64>,
	/// When the last receipt came: accepted readings over the time from the first
	/// publish to it is the rate the gateway sustained, whatever was offered.
	last_receipt: Option<Instant>,
	finals: Vec<f64>,
	accepted: u64,
	refused: BTreeMap<String, u64>,
	/// Bulk messages sent on each connection and not yet answered: when each was sent (a
	/// forwarder's answers come back in the order of its messages).
	bulk_sent: HashMap<usize, std::collections::VecDeque<Instant>>,
}

fn percentile(samples: &mut [f64], p: f64) -> Option<f64> {
	if samples.is_empty() {
		return None;
	}
	samples.sort_by(|a, b| a.total_cmp(b));
	let rank = ((samples.len() as f64 - 1.0) * p).round() as usize;
	samples.get(rank).copied()
}

fn split_host_port(address: &str) -> anyhow::Result<(String, u16)> {
	let (host, port) =
		address.rsplit_once(':').ok_or_else(|| anyhow::anyhow!("{address}: host:port"))?;
	Ok((host.into(), port.parse()?))
}

/// Listens to every device's receipts and proofs; a receipt or refusal for a device frees one
/// place in its connection's window (`windows[lane_of[device]]`).
async fn listen(
	address: &str,
	tally: Arc<Mutex<Tally>>,
	lane_of: Arc<HashMap<[u8; 32], usize>>,
	windows: Arc<Vec<Arc<tokio::sync::Semaphore>>>,
) -> anyhow::Result<AsyncClient> {
	let (host, port) = split_host_port(address)?;
	let mut options = MqttOptions::new(format!("iotchain-simulate-{}", now_ms()), host, port);
	options.set_max_packet_size(64 << 20, 64 << 20);
	let (client, mut eventloop) = AsyncClient::new(options, 1024);
	client.subscribe("iotchain/v1/devices/+/receipts", QoS::AtMostOnce).await?;
	client.subscribe("iotchain/v1/devices/+/proofs", QoS::AtMostOnce).await?;
	client.subscribe("iotchain/v1/forwarders/+/receipts", QoS::AtMostOnce).await?;
	tokio::spawn(async move {
		loop {
			match eventloop.poll().await {
				Ok(Event::Incoming(Packet::Publish(publish))) => {
					let now = Instant::now();
					if let Some(lane) = publish
						.topic
						.strip_prefix("iotchain/v1/forwarders/sim-")
						.and_then(|rest| rest.strip_suffix("/receipts"))
						.and_then(|lane| lane.parse::<usize>().ok())
					{
						let Ok(answers) = serde_json::from_slice::<BulkAnswers>(&publish.payload)
						else {
							continue;
						};
						if let Some(window) = windows.get(lane) {
							window.add_permits(answers.answers.len());
						}
						let Ok(mut tally) = tally.lock() else { return };
						let sent = tally.bulk_sent.get_mut(&lane).and_then(|sent| sent.pop_front());
						let latency = sent
							.map_or(0.0, |sent| now.duration_since(sent).as_secs_f64() * 1000.0);
						tally.bulk_answer(&answers, latency, now);
						continue;
					}
					let Some(device) = publish
						.topic
						.strip_prefix("iotchain/v1/devices/")
						.and_then(|rest| rest.get(..64))
						.and_then(|hex_id| hex::decode(hex_id).ok())
						.and_then(|bytes| <[u8; 32]>::try_from(bytes).ok())
					else {
						continue;
					};
					let Ok(body) = serde_json::from_slice::<serde_json::Value>(&publish.payload)
					else {
						continue;
					};
					if publish.topic.ends_with("/receipts") {
						if let Some(window) =
							lane_of.get(&device).and_then(|lane| windows.get(*lane))
						{
							window.add_permits(1);
						}
					}
					let Ok(mut tally) = tally.lock() else { return };
					if publish.topic.ends_with("/receipts") {
						if let Some(seq) = body.pointer("/receipt/seq").and_then(|v| v.as_u64()) {
							tally.accepted = tally.accepted.saturating_add(1);
							tally.last_receipt = Some(now);
							if let Some(sent) = tally.sent.get(&(device, seq)).copied() {
								tally
									.receipts
									.push(now.duration_since(sent).as_secs_f64() * 1000.0);
							}
						} else if let Some(reason) = body.get("refused").and_then(|v| v.as_str()) {
							count(&mut tally.refused, reason);
						}
					} else if let Some(seq) = body.pointer("/envelope/seq").and_then(|v| v.as_u64())
					{
						if let Some(sent) = tally.sent.get(&(device, seq)).copied() {
							tally.finals.push(now.duration_since(sent).as_secs_f64() * 1000.0);
						}
					}
				}
				Ok(_) => {}
				Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
			}
		}
	});
	Ok(client)
}

/// One HTTP/1.1 keep-alive connection to the gateway.
struct HttpConnection {
	sender: hyper::client::conn::http1::SendRequest<http_body_util::Full<hyper::body::Bytes>>,
}

impl HttpConnection {
	async fn open(address: &str) -> anyhow::Result<Self> {
		let stream = tokio::net::TcpStream::connect(address).await?;
		stream.set_nodelay(true)?;
		let (sender, connection) =
			hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream)).await?;
		tokio::spawn(connection);
		Ok(Self { sender })
	}

	/// Posts a binary submission to `path`: the answer's status and body.
	async fn post(&mut self, path: &str, body: Vec<u8>) -> anyhow::Result<(u16, Vec<u8>)> {
		use http_body_util::BodyExt;
		let request = hyper::Request::post(path)
			.header("host", "gateway")
			.header("content-type", "application/octet-stream")
			.body(http_body_util::Full::new(hyper::body::Bytes::from(body)))?;
		self.sender.ready().await?;
		let response = self.sender.send_request(request).await?;
		let status = response.status().as_u16();
		let bytes = response.into_body().collect().await?.to_bytes();
		Ok((status, bytes.to_vec()))
	}
}

/// Runs `simulate`.
pub async fn run(args: SimulateArgs) -> anyhow::Result<()> {
	anyhow::ensure!(
		args.devices > 0 && args.rate > 0 && args.connections > 0 && args.bulk > 0,
		"nothing to simulate"
	);
	let chain = Chain::connect(&args.node, Arc::new(Metrics::new()?), None).await?;
	let owner = GatewayKey::from_uri(&args.owner)?;
	let keys: Vec<ed25519::Pair> =
		(0..args.devices).map(|i| device_key(args.key_seed, i)).collect();
	register_devices(&chain, &owner, &keys).await?;

	// Sign everything in advance.
	let genesis = chain.genesis();
	let total = u64::from(args.rate).saturating_mul(u64::from(args.duration));
	let first_seq = now_ms();
	let mut frames = Vec::with_capacity(usize::try_from(total).unwrap_or(0));
	for n in 0..total {
		let index =
			usize::try_from(n.checked_rem(u64::from(args.devices)).unwrap_or(0)).unwrap_or(0);
		let Some(key) = keys.get(index) else { continue };
		let seq = first_seq.saturating_add(n.checked_div(u64::from(args.devices)).unwrap_or(0));
		let payload =
			format!("{{\"t\":{:.2},\"n\":{n}}}", 20.0 + (n % 100) as f64 / 10.0).into_bytes();
		let device = AccountId32::new(key.public().0);
		let payload_digest = merkle::reading_leaf(&payload);
		let timestamp = now_ms();
		let message = reading_payload(&genesis, &device, seq, timestamp, &payload_digest);
		let envelope = ReadingEnvelope {
			device,
			seq,
			timestamp,
			payload_digest,
			signature: key.sign(&message).into(),
		};
		let mut frame = envelope.encode();
		frame.extend_from_slice(&payload);
		frames.push((key.public().0, seq, frame));
	}

	// Publish: each device's readings from one connection, in order (device d on connection
	// d mod k), each connection at its share of the rate.
	let connections = args.connections.min(keys.len());
	let lane_of: Arc<HashMap<[u8; 32], usize>> = Arc::new(
		keys.iter()
			.enumerate()
			.map(|(i, key)| (key.public().0, i.checked_rem(connections).unwrap_or(0)))
			.collect(),
	);
	let windows: Arc<Vec<Arc<tokio::sync::Semaphore>>> = Arc::new(
		(0..connections).map(|_| Arc::new(tokio::sync::Semaphore::new(args.window))).collect(),
	);
	let tally = Arc::new(Mutex::new(Tally::default()));
	let _listener = listen(&args.mqtt, tally.clone(), lane_of, windows.clone()).await?;
	tokio::time::sleep(Duration::from_millis(500)).await;

	let mut lanes: Vec<Vec<Frame>> = vec![Vec::new(); connections];
	for (i, frame) in frames.into_iter().enumerate() {
		let device = i.checked_rem(keys.len()).unwrap_or(0);
		if let Some(lane) = lanes.get_mut(device.checked_rem(connections).unwrap_or(0)) {
			lane.push(frame);
		}
	}
	let bulk = args.bulk;
	let lanes: Vec<Vec<Message>> = lanes.into_iter().map(|lane| messages(lane, bulk)).collect();
	let per_lane = Duration::from_secs_f64(connections as f64 * bulk as f64 / f64::from(args.rate));
	eprintln!(
		"publishing {total} readings from {} devices over {connections} connections",
		keys.len()
	);
	let started = Instant::now();
	let mut tasks = Vec::new();
	for (c, lane) in lanes.into_iter().enumerate() {
		let tally = tally.clone();
		let via = args.via;
		let http = args.http.clone();
		let (host, port) = split_host_port(&args.mqtt)?;
		let window = (args.window > 0).then(|| windows.get(c).cloned()).flatten();
		tasks.push(tokio::spawn(async move {
			let mut next = Instant::now();
			match via {
				Via::Mqtt => {
					let mut options =
						MqttOptions::new(format!("iotchain-sim-{c}-{}", now_ms()), host, port);
					options.set_inflight(1000);
					options.set_max_packet_size(64 << 20, 64 << 20);
					let (client, mut eventloop) = AsyncClient::new(options, 4096);
					tokio::spawn(async move { while eventloop.poll().await.is_ok() {} });
					for message in lane {
						match &window {
							Some(window) => {
								let wanted = u32::try_from(message.readings.len()).unwrap_or(1);
								if let Ok(permit) = window.acquire_many(wanted).await {
									permit.forget();
								}
							}
							None => {
								tokio::time::sleep_until(next.into()).await;
								next = next.checked_add(per_lane).unwrap_or(next);
							}
						}
						let topic = match message.readings.as_slice() {
							[(device, _)] if bulk == 1 => {
								format!("iotchain/v1/devices/{}/readings/bin", hex::encode(device))
							}
							_ => format!("iotchain/v1/forwarders/sim-{c}/readings/bin"),
						};
						if let Ok(mut tally) = tally.lock() {
							let now = Instant::now();
							for reading in &message.readings {
								tally.sent.insert(*reading, now);
							}
							if bulk > 1 {
								tally.bulk_sent.entry(c).or_default().push_back(now);
							}
						}
						let _ = client.publish(topic, QoS::AtLeastOnce, false, message.body).await;
					}
					tokio::time::sleep(Duration::from_secs(1)).await;
					let _ = client.disconnect().await;
				}
				Via::Http => {
					let Ok(mut connection) = HttpConnection::open(&http).await else { return };
					let path = if bulk > 1 { "/v1/readings/bulk" } else { "/v1/readings" };
					for message in lane {
						if next > Instant::now() {
							tokio::time::sleep_until(next.into()).await;
						}
						next = next.checked_add(per_lane).unwrap_or(next);
						let sent = Instant::now();
						if let Ok(mut tally) = tally.lock() {
							for reading in &message.readings {
								tally.sent.insert(*reading, sent);
							}
						}
						let answer = connection.post(path, message.body).await;
						let now = Instant::now();
						let latency = now.duration_since(sent).as_secs_f64() * 1000.0;
						let Ok(mut tally) = tally.lock() else { return };
						match answer {
							Ok((200, body)) if bulk > 1 => {
								match serde_json::from_slice::<BulkAnswers>(&body) {
									Ok(answers) => tally.bulk_answer(&answers, latency, now),
									Err(_) => count(&mut tally.refused, "unreadable"),
								}
							}
							Ok((200, _)) => {
								tally.accepted = tally.accepted.saturating_add(1);
								tally.receipts.push(latency);
								tally.last_receipt = Some(now);
							}
							Ok((_, body)) => {
								let body: serde_json::Value =
									serde_json::from_slice(&body).unwrap_or_default();
								let reason =
									body.get("refused").and_then(|v| v.as_str()).unwrap_or("http");
								count(&mut tally.refused, reason);
							}
							Err(_) => count(&mut tally.refused, "connection"),
						}
					}
				}
			}
		}));
	}
	for task in tasks {
		task.await?;
	}
	let publishing = started.elapsed().as_secs_f64();
	// Wait for the last receipts and proofs.
	let deadline =
		Instant::now().checked_add(Duration::from_secs(args.settle)).unwrap_or_else(Instant::now);
	loop {
		let (done, finals) = {
			let tally = tally.lock().map_err(|_| anyhow::anyhow!("tally poisoned"))?;
			let answered = tally.accepted.saturating_add(tally.refused.values().sum::<u64>());
			(answered >= total, tally.finals.len() as u64 >= tally.accepted)
		};
		if (done && finals) || Instant::now() > deadline {
			break;
		}
		tokio::time::sleep(Duration::from_millis(250)).await;
	}
	let mut tally = tally.lock().map_err(|_| anyhow::anyhow!("tally poisoned"))?;
	let accepted = tally.accepted;
	let refused = tally.refused.clone();
	let finals = tally.finals.len();
	let window =
		tally.last_receipt.map_or(publishing, |last| last.duration_since(started).as_secs_f64());
	let receipt_p50 = percentile(&mut tally.receipts, 0.5);
	let receipt_p95 = percentile(&mut tally.receipts, 0.95);
	let final_p50 = percentile(&mut tally.finals, 0.5);
	let final_p95 = percentile(&mut tally.finals, 0.95);
	println!(
		"{}",
		serde_json::json!({
			"via": format!("{:?}", args.via).to_lowercase(),
			"bulk": args.bulk,
			"devices": args.devices,
			"offered": total,
			"offeredPerSec": args.rate,
			"publishSeconds": publishing,
			"accepted": accepted,
			"acceptedPerSec": accepted as f64 / window,
			"acceptSeconds": window,
			"refused": refused,
			"final": finals,
			"receiptP50Ms": receipt_p50,
			"receiptP95Ms": receipt_p95,
			"finalP50Ms": final_p50,
			"finalP95Ms": final_p95,
		})
	);
	Ok(())
}
