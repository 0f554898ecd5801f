//! `iotchain-gateway`: the program a fleet operator runs between its devices and IoTChain.
//!
//! Devices publish signed reading envelopes over MQTT or HTTP; the gateway checks each against
//! the chain's finalized device registry, stores it durably before acknowledging it with a signed
//! receipt, flags anomalies, anchors everything it accepted as one aggregate per interval, and
//! hands each reading's proof back once GRANDPA has finalized its aggregate. `docs/gateway.md`
//! is the operator's and the device maker's guide.

mod anchor;
mod anomaly;
mod chain;
mod config;
mod http;
mod ingest;
mod keys;
mod market;
mod metrics;
mod mqtt;
mod register;
mod simulate;
mod store;
mod view;
mod wire;

use std::{path::PathBuf, sync::Arc, time::Duration};

use clap::{Parser, Subcommand};

use crate::{
	anchor::Anchorer, chain::Chain, config::Config, ingest::Ingest, keys::GatewayKey,
	metrics::Metrics, store::Store,
};

/// IoTChain's edge gateway.
#[derive(Parser)]
#[command(name = "iotchain-gateway", version, about)]
struct Cli {
	#[command(subcommand)]
	command: Command,
}

#[derive(Subcommand)]
enum Command {
	/// Runs the gateway.
	Run {
		/// The configuration file (every field has a default).
		#[arg(long)]
		config: Option<PathBuf>,
	},
	/// Writes a new gateway key file and prints the gateway's id.
	Keygen {
		/// Where to write it; an existing file is never overwritten.
		#[arg(long, default_value = "gateway.key")]
		out: PathBuf,
	},
	/// Registers the gateway as a device of kind `Gateway` on chain, by its owner, and funds
	/// the gateway's account for its aggregates' fees.
	Register(register::RegisterArgs),
	/// Load generator: registers many device keys in bulk, then publishes their readings.
	Simulate(simulate::SimulateArgs),
	/// Measures the anomaly detector on a labelled synthetic stream: precision and recall.
	AnomalyEval {
		/// The stream's seed.
		#[arg(long, default_value_t = 42)]
		seed: u64,
		/// Devices.
		#[arg(long, default_value_t = 50)]
		devices: usize,
		/// Readings per device.
		#[arg(long, default_value_t = 5000)]
		readings: usize,
	},
}

fn main() -> anyhow::Result<()> {
	tracing_subscriber::fmt()
		.with_env_filter(
			tracing_subscriber::EnvFilter::try_from_default_env()
				.unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
		)
		.with_target(false)
		// Logs on stderr: stdout carries the commands' own answers (`keygen`, `simulate`).
		.with_writer(std::io::stderr)
		.init();
	// Addresses are written and read with the chain's prefix.
	sp_core::crypto::set_default_ss58_version(sp_core::crypto::Ss58AddressFormat::custom(
		keys::SS58_PREFIX,
	));
	let cli = Cli::parse();
	let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
	match cli.command {
		Command::Run { config } => {
			let config = match config {
				Some(path) => Config::load(&path)?,
				None => Config::default(),
			};
			runtime.block_on(run(config))
		}
		Command::Keygen { out } => {
			let key = GatewayKey::create_file(&out)?;
			println!(
				"{}",
				serde_json::json!({
					"keyFile": out.display().to_string(),
					"gateway": keys::address(&key.id()),
					"publicKey": format!("0x{}", hex::encode(<[u8; 32]>::from(key.id()))),
				})
			);
			Ok(())
		}
		Command::Register(args) => runtime.block_on(register::run(args)),
		Command::Simulate(args) => runtime.block_on(simulate::run(args)),
		Command::AnomalyEval { seed, devices, readings } => {
			for evaluation in anomaly::evaluate(seed, devices, readings) {
				println!(
					"{}",
					serde_json::json!({
						"kind": evaluation.kind,
						"truePositives": evaluation.true_positives,
						"falsePositives": evaluation.false_positives,
						"falseNegatives": evaluation.false_negatives,
						"precision": evaluation.precision,
						"recall": evaluation.recall,
					})
				);
			}
			Ok(())
		}
	}
}

/// Connects to the node, retrying until it answers: the gateway needs the chain's genesis hash
/// before it can check a single signature.
async fn connect(url: &str, metrics: Arc<Metrics>, store: Arc<Store>) -> Arc<Chain> {
	loop {
		match Chain::connect(url, metrics.clone(), Some(store.clone())).await {
			Ok(chain) => return chain,
			Err(error) => {
				tracing::warn!(%error, node = url, "cannot reach the node; retrying");
				tokio::time::sleep(Duration::from_secs(2)).await;
			}
		}
	}
}

async fn run(config: Config) -> anyhow::Result<()> {
	let key = GatewayKey::load(&config.key_file)?;
	let metrics = Arc::new(Metrics::new()?);
	let store = Arc::new(Store::open(&config.data_dir, config.cache_mib)?);
	metrics.queue_depth.set(i64::try_from(store.queue_depth()?).unwrap_or(i64::MAX));
	let chain = connect(&config.node, metrics.clone(), store.clone()).await;
	tracing::info!(
		gateway = %keys::address(&key.id()),
		genesis = ?chain.genesis(),
		data = %config.data_dir.display(),
		"gateway starting"
	);
	tokio::spawn(chain.clone().follow());
	tokio::spawn(
		chain
			.clone()
			.serve_fleet(config.fleet_owners.iter().map(|owner| owner.0.clone()).collect()),
	);

	let market = market::Market::default();
	let ingest = Ingest::start(
		chain.clone(),
		store.clone(),
		key.clone(),
		config.limits.clone(),
		config.anomaly.clone(),
		metrics.clone(),
		market.clone(),
	);
	let pushed =
		config.mqtt.as_ref().map(|mqtt| mqtt::start(mqtt, ingest.clone(), store.clone(), key.id()));
	let anchorer = Anchorer::new(
		chain.clone(),
		store.clone(),
		key.clone(),
		config.anchor.clone(),
		metrics.clone(),
		market.clone(),
	);
	tokio::spawn(anchorer.clone().run());
	tokio::spawn(anchorer.track_finality(pushed));

	let api = http::Api {
		ingest,
		store,
		chain,
		key,
		metrics,
		market,
		max_body: config.limits.max_payload.saturating_add(4096),
	};
	let listener = tokio::net::TcpListener::bind(config.http.listen).await?;
	tracing::info!(listen = %listener.local_addr()?, "HTTP listening");
	axum::serve(listener, http::router(api)).with_graceful_shutdown(shutdown()).await?;
	// Every acknowledged reading is already committed; aggregates in flight are checked
	// against the chain at the next start.
	tracing::info!("gateway stopped");
	Ok(())
}

/// Resolves on SIGINT or SIGTERM.
async fn shutdown() {
	let interrupt = tokio::signal::ctrl_c();
	#[cfg(unix)]
	{
		let mut terminate =
			match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
				Ok(signal) => signal,
				Err(_) => return interrupt.await.unwrap_or(()),
			};
		tokio::select! {
			_ = interrupt => {},
			_ = terminate.recv() => {},
		}
	}
	#[cfg(not(unix))]
	let _ = interrupt.await;
	tracing::info!("shutting down");
}
