//! `gateway.toml`: where the gateway listens, which node it follows, where it keeps its data
//! and the limits it holds devices to. Every field has a default, so an empty file runs a
//! gateway beside `scripts/dev.sh`.

use std::{net::SocketAddr, path::PathBuf};

use serde::Deserialize;

/// The whole configuration file.
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
	/// The node's JSON-RPC WebSocket endpoint.
	pub node: String,
	/// The accounts that own the devices this gateway serves (SS58 or `0x` hex). Their devices
	/// are read in one paged pass at start and as they register, so that no reading of the
	/// fleet, not even a device's first, waits for the node. Readings of other registered
	/// devices are still accepted, each read from the node on its first reading.
	pub fleet_owners: Vec<iotchain_rpc::Account>,
	/// The directory of the store (`gateway.redb`); created if missing.
	pub data_dir: PathBuf,
	/// The store's page cache, in MiB (redb's own default is 1 GiB, too much for a small box).
	pub cache_mib: usize,
	/// The gateway's key file, written by `iotchain-gateway keygen`.
	pub key_file: PathBuf,
	/// HTTP ingest, reads and `/metrics`.
	pub http: HttpConfig,
	/// The MQTT broker the gateway subscribes to; `None` runs HTTP only.
	pub mqtt: Option<MqttConfig>,
	/// When and how much to anchor.
	pub anchor: AnchorConfig,
	/// What devices are held to.
	pub limits: Limits,
	/// The anomaly detector's thresholds (`anomaly::DetectorConfig`).
	pub anomaly: crate::anomaly::DetectorConfig,
}

impl Default for Config {
	fn default() -> Self {
		Self {
			node: "ws://127.0.0.1:9944".into(),
			fleet_owners: Vec::new(),
			data_dir: PathBuf::from("gateway-data"),
			cache_mib: 64,
			key_file: PathBuf::from("gateway.key"),
			http: HttpConfig::default(),
			mqtt: None,
			anchor: AnchorConfig::default(),
			limits: Limits::default(),
			anomaly: crate::anomaly::DetectorConfig::default(),
		}
	}
}

/// The HTTP server.
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HttpConfig {
	/// Address to listen on.
	pub listen: SocketAddr,
}

impl Default for HttpConfig {
	fn default() -> Self {
		Self { listen: SocketAddr::from(([127, 0, 0, 1], 8090)) }
	}
}

/// The MQTT broker connection.
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MqttConfig {
	/// Broker host.
	pub host: String,
	/// Broker port.
	pub port: u16,
	/// The gateway's client id: its persistent session at the broker, which keeps the devices'
	/// QoS 1 readings queued while the gateway is down. Two gateways must not share one.
	pub client_id: String,
	/// User name and password at the broker, if it asks for them.
	pub username: Option<String>,
	/// See `username`.
	pub password: Option<String>,
	/// Readings the broker may have in flight to the gateway before its acknowledgements.
	pub inflight: u16,
}

impl Default for MqttConfig {
	fn default() -> Self {
		Self {
			host: "127.0.0.1".into(),
			port: 1883,
			client_id: "iotchain-gateway".into(),
			username: None,
			password: None,
			inflight: 1000,
		}
	}
}

/// Aggregation and anchoring.
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AnchorConfig {
	/// Milliseconds between aggregates (one block by default). An interval with no new reading
	/// anchors nothing.
	pub interval_ms: u64,
	/// Readings per aggregate at most; more waiting start the next one at once.
	pub max_readings: u32,
	/// How many blocks an aggregate's transaction stays valid before it is signed again.
	pub mortality: u64,
	/// How long before each multiple of `interval_ms` on the Unix clock an aggregate is built:
	/// Aura authors a block at the start of each slot, so an aggregate built a little before
	/// makes that block. Building one of 30,000 readings takes about a second on the 2-core
	/// benchmark machine.
	pub lead_ms: u64,
}

impl Default for AnchorConfig {
	fn default() -> Self {
		Self { interval_ms: 6_000, max_readings: 65_536, mortality: 64, lead_ms: 2_000 }
	}
}

/// What a device is held to before its reading is acknowledged.
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
	/// Largest payload, in bytes.
	pub max_payload: usize,
	/// How far ahead of the gateway's clock a reading's timestamp may be, in ms.
	pub max_future_ms: u64,
	/// How old a reading may be, in ms: a device that buffered offline catches up within it.
	pub max_age_ms: u64,
	/// Sustained readings per second per device.
	pub rate_per_sec: f64,
	/// Readings a device may send in a burst above its rate.
	pub burst: f64,
	/// Readings one bulk submission may carry.
	pub max_bulk: usize,
}

impl Default for Limits {
	fn default() -> Self {
		Self {
			max_payload: 4096,
			max_future_ms: 60_000,
			max_age_ms: 7 * 24 * 3_600_000,
			rate_per_sec: 10.0,
			burst: 100.0,
			max_bulk: 1024,
		}
	}
}

impl Config {
	/// Reads and checks a configuration file.
	pub fn load(path: &std::path::Path) -> anyhow::Result<Self> {
		let text = std::fs::read_to_string(path)
			.map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
		let config: Self =
			toml::from_str(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
		config.check()?;
		Ok(config)
	}

	/// Refuses values the gateway cannot run with.
	pub fn check(&self) -> anyhow::Result<()> {
		anyhow::ensure!(self.anchor.interval_ms >= 100, "anchor.interval_ms must be at least 100");
		anyhow::ensure!(
			(1..=1 << 20).contains(&self.anchor.max_readings),
			"anchor.max_readings must be between 1 and 1048576"
		);
		anyhow::ensure!(self.anchor.mortality >= 4, "anchor.mortality must be at least 4");
		anyhow::ensure!(
			self.anchor.lead_ms < self.anchor.interval_ms,
			"anchor.lead_ms must be less than anchor.interval_ms"
		);
		anyhow::ensure!(self.limits.max_payload >= 1, "limits.max_payload must be at least 1");
		anyhow::ensure!(
			self.limits.rate_per_sec > 0.0 && self.limits.burst >= 1.0,
			"limits.rate_per_sec must be positive and limits.burst at least 1"
		);
		anyhow::ensure!(
			(1..=65_536).contains(&self.limits.max_bulk),
			"limits.max_bulk must be between 1 and 65536"
		);
		self.anomaly
			.validate()
			.map_err(|field| anyhow::anyhow!("anomaly.{field} is out of range"))?;
		Ok(())
	}
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
	use super::*;

	#[test]
	fn an_empty_file_is_the_defaults_and_unknown_keys_are_refused() {
		let config: Config = toml::from_str("").unwrap();
		assert_eq!(config.http.listen.port(), 8090);
		assert!(config.mqtt.is_none());
		config.check().unwrap();
		let config: Config = toml::from_str("[mqtt]\nport = 1884\n").unwrap();
		assert_eq!(config.mqtt.unwrap().port, 1884);
		assert!(toml::from_str::<Config>("nod = \"ws://x\"").is_err());
		let config: Config = toml::from_str("[anchor]\ninterval_ms = 5\n").unwrap();
		assert!(config.check().is_err());
		let config: Config = toml::from_str("[anchor]\nlead_ms = 6000\n").unwrap();
		assert!(config.check().is_err());
		let config: Config = toml::from_str("[anomaly]\nspike_z = 6.0\n").unwrap();
		assert_eq!(config.anomaly.spike_z, 6.0);
		config.check().unwrap();
		let config: Config = toml::from_str("[anomaly]\nstuck_after = 1\n").unwrap();
		assert!(config.check().is_err());
	}

	#[test]
	fn the_documented_configuration_parses() {
		let config: Config =
			toml::from_str(include_str!("../../docs/gateway/gateway.toml")).unwrap();
		config.check().unwrap();
		assert_eq!(config.fleet_owners.len(), 1);
		assert_eq!(config.mqtt.unwrap().port, 1883);
		// An owner that is no account is refused when the file is read.
		assert!(toml::from_str::<Config>("fleet_owners = [\"0x1234\"]").is_err());
	}
}
