//! The gateway's view of the chain, through `subxt` and the node's JSON-RPC.
//!
//! - It follows **finalized** blocks (`subxt`'s `stream_blocks`), and for each one re-reads the
//!   devices the registry's events in it name, so a rotation, suspension or revocation applies
//!   to the next reading after the block that made it final. Blocks missed while the node was
//!   away are read one by one on reconnection, so no event is skipped.
//! - Devices are read lazily with `deviceRegistry_device` at the finalized block, on their first
//!   reading, then kept (in the store too); a device the chain does not know is remembered as
//!   unknown until an event names it.
//! - A gateway told its fleet's owners ([`Chain::serve_fleet`]) reads their devices in one paged
//!   pass (`deviceRegistry_devicesByOwner`) at start, and each device they register as its
//!   registration is finalized: then not even a device's first reading waits for the node.
//! - It sends the gateway's `anchorAggregate` transactions, with the nonce the node's pool
//!   expects (`system_accountNextIndex`), and checks with `anchoring_anchor` which of them the
//!   chain holds.
//!
//! When the node goes away every read fails at once with [`ChainError::Unavailable`]; the
//! follower reconnects every two seconds. Readings of devices already known keep being accepted
//! and buffered meanwhile.

use std::{
	collections::{HashMap, HashSet},
	sync::{Arc, OnceLock, RwLock},
	time::Duration,
};

use iotchain_primitives::json;
use serde::Deserialize;
use sp_core::H256;
use sp_runtime::{AccountId32, MultiSigner};
use subxt::{
	dynamic::Value,
	rpcs::{client::RpcParams, RpcClient},
	OnlineClient, PolkadotConfig,
};
use tokio::sync::watch;

use crate::{keys::GatewayKey, metrics::Metrics, store::Store};

/// A gap of more finalized blocks than this since the last applied one is not replayed block by
/// block (the node may have pruned their state): every known device is read again instead.
const MAX_REPLAY: u32 = 200;

/// Unknown device ids remembered at most.
const MAX_UNKNOWN: usize = 65_536;

/// A device as the gateway checks readings against it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceInfo {
	/// Its current key.
	pub key: MultiSigner,
	/// `"active"`, `"suspended"` or `"revoked"`.
	pub status: DeviceStatus,
}

/// A device's status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum DeviceStatus {
	/// Its readings are accepted.
	Active,
	/// Its owner suspended it.
	Suspended,
	/// Its owner revoked it.
	Revoked,
}

/// The part of `deviceRegistry_device`'s answer the gateway uses.
#[derive(Deserialize)]
struct DeviceView {
	id: iotchain_rpc::Account,
	owner: iotchain_rpc::Account,
	#[serde(with = "json::signer")]
	key: MultiSigner,
	status: DeviceStatus,
}

impl DeviceView {
	fn info(&self) -> DeviceInfo {
		DeviceInfo { key: self.key.clone(), status: self.status }
	}
}

/// A page of `deviceRegistry_devicesByOwner`.
#[derive(Deserialize)]
struct DevicePage {
	items: Vec<DeviceView>,
	next: Option<String>,
}

/// Devices read a page at a time: the RPC's cap.
const PAGE: u32 = 100;

/// Why the chain could not answer.
#[derive(Debug)]
pub enum ChainError {
	/// The node is not connected.
	Unavailable,
	/// The node answered with an error.
	Rpc(String),
}

impl std::fmt::Display for ChainError {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		match self {
			Self::Unavailable => write!(f, "the node is not connected"),
			Self::Rpc(e) => write!(f, "the node answered with an error: {e}"),
		}
	}
}

impl std::error::Error for ChainError {}

/// The last finalized block the gateway processed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Finalized {
	/// Its number.
	pub number: u32,
	/// Its hash.
	pub hash: H256,
}

/// The field every registry event has.
#[derive(scale_decode::DecodeAsType)]
struct DeviceField {
	device: [u8; 32],
}

/// The node connection, shared by every part of the gateway.
pub struct Chain {
	url: String,
	genesis: H256,
	connection: RwLock<Option<(OnlineClient<PolkadotConfig>, RpcClient)>>,
	/// Devices the chain knows, as of the last finalized block applied (kept in the store).
	devices: RwLock<HashMap<[u8; 32], DeviceInfo>>,
	/// Ids the chain did not know when asked: refused without asking again until a registry
	/// event names them. Bounded ([`MAX_UNKNOWN`], forgotten all at once when full) and never
	/// stored, so that readings from made-up ids cost neither memory nor disk without end.
	unknown: RwLock<HashSet<[u8; 32]>>,
	/// The owners whose devices are read before their first reading ([`Self::serve_fleet`]).
	fleet: OnceLock<HashSet<[u8; 32]>>,
	finalized: watch::Sender<Finalized>,
	metrics: Arc<Metrics>,
	store: Option<Arc<Store>>,
}

/// A device as kept in the store: `(key, status)`, status 0 active, 1 suspended, 2 revoked.
fn encode_device(info: &DeviceInfo) -> Vec<u8> {
	use codec::Encode;
	let status: u8 = match info.status {
		DeviceStatus::Active => 0,
		DeviceStatus::Suspended => 1,
		DeviceStatus::Revoked => 2,
	};
	(&info.key, status).encode()
}

fn decode_device(mut bytes: &[u8]) -> Option<DeviceInfo> {
	use codec::Decode;
	let (key, status) = <(MultiSigner, u8)>::decode(&mut bytes).ok()?;
	let status = match status {
		0 => DeviceStatus::Active,
		1 => DeviceStatus::Suspended,
		_ => DeviceStatus::Revoked,
	};
	Some(DeviceInfo { key, status })
}

impl Chain {
	/// Connects to the node at `url` once, to learn the chain's genesis hash; the gateway
	/// refuses to start without it (readings are signed for one chain). With a `store`, the
	/// devices read before are loaded from it and every device read is kept in it.
	pub async fn connect(
		url: &str,
		metrics: Arc<Metrics>,
		store: Option<Arc<Store>>,
	) -> anyhow::Result<Arc<Self>> {
		let (api, rpc) = open(url).await?;
		let genesis = H256(api.genesis_hash().0);
		let mut devices = HashMap::new();
		if let Some(store) = &store {
			for (device, bytes) in store.devices()? {
				if let Some(info) = decode_device(&bytes) {
					devices.insert(device, info);
				}
			}
		}
		Ok(Arc::new(Self {
			url: url.into(),
			genesis,
			connection: RwLock::new(Some((api, rpc))),
			devices: RwLock::new(devices),
			unknown: RwLock::new(HashSet::new()),
			fleet: OnceLock::new(),
			finalized: watch::channel(Finalized::default()).0,
			metrics,
			store,
		}))
	}

	fn keep(&self, devices: &[([u8; 32], DeviceInfo)], followed: Option<u32>) {
		let Some(store) = &self.store else { return };
		let encoded: Vec<_> = devices.iter().map(|(d, i)| (*d, encode_device(i))).collect();
		if let Err(error) = store.put_devices(&encoded, followed) {
			tracing::warn!(%error, "cannot keep the devices in the store");
		}
	}

	/// The chain's genesis hash.
	pub fn genesis(&self) -> H256 {
		self.genesis
	}

	/// The latest finalized block processed, and a way to wait for the next.
	pub fn finalized(&self) -> watch::Receiver<Finalized> {
		self.finalized.subscribe()
	}

	/// How many devices the gateway knows (read from the chain and kept).
	pub fn devices_known(&self) -> usize {
		self.devices.read().map(|d| d.len()).unwrap_or(0)
	}

	/// Whether the node is connected now.
	pub fn is_connected(&self) -> bool {
		self.connection.read().map(|c| c.is_some()).unwrap_or(false)
	}

	fn rpc(&self) -> Result<RpcClient, ChainError> {
		self.connection
			.read()
			.ok()
			.and_then(|c| c.as_ref().map(|(_, rpc)| rpc.clone()))
			.ok_or(ChainError::Unavailable)
	}

	fn api(&self) -> Result<OnlineClient<PolkadotConfig>, ChainError> {
		self.connection
			.read()
			.ok()
			.and_then(|c| c.as_ref().map(|(api, _)| api.clone()))
			.ok_or(ChainError::Unavailable)
	}

	fn disconnect(&self) {
		if let Ok(mut connection) = self.connection.write() {
			*connection = None;
		}
	}

	/// Calls a JSON-RPC method.
	pub async fn request<R: serde::de::DeserializeOwned>(
		&self,
		method: &str,
		params: Vec<serde_json::Value>,
	) -> Result<R, ChainError> {
		let rpc = self.rpc()?;
		let mut rpc_params = RpcParams::new();
		for param in params {
			rpc_params.push(param).map_err(|e| ChainError::Rpc(e.to_string()))?;
		}
		rpc.request(method, rpc_params).await.map_err(|e| match e {
			subxt::rpcs::Error::Client(_) => ChainError::Unavailable,
			other => ChainError::Rpc(other.to_string()),
		})
	}

	/// The device `device` at the last finalized block, from the cache or the chain; `None` if
	/// no such device exists.
	pub async fn device(&self, device: &[u8; 32]) -> Result<Option<DeviceInfo>, ChainError> {
		if let Some(known) = self.devices.read().ok().and_then(|d| d.get(device).cloned()) {
			return Ok(Some(known));
		}
		if self.unknown.read().map(|u| u.contains(device)).unwrap_or(false) {
			return Ok(None);
		}
		loop {
			let at = self.finalized.borrow().hash;
			let info = self.fetch_device(device, at).await?;
			// Kept only if no newer block was finalized meanwhile: the follower publishes a new
			// block before re-reading the devices its events name, so an entry read at an older
			// block is either refreshed by it or read again here.
			let (Ok(mut devices), Ok(mut unknown)) = (self.devices.write(), self.unknown.write())
			else {
				return Ok(info);
			};
			if self.finalized.borrow().hash == at {
				match &info {
					Some(known) => {
						devices.insert(*device, known.clone());
						drop((devices, unknown));
						self.keep(&[(*device, known.clone())], None);
					}
					None => {
						if unknown.len() >= MAX_UNKNOWN {
							unknown.clear();
						}
						unknown.insert(*device);
					}
				}
				return Ok(info);
			}
		}
	}

	/// The device `device` at block `at` (the best block if zero), read from the node.
	pub async fn fetch_device(
		&self,
		device: &[u8; 32],
		at: H256,
	) -> Result<Option<DeviceInfo>, ChainError> {
		Ok(self.fetch_view(device, at).await?.map(|view| view.info()))
	}

	async fn fetch_view(
		&self,
		device: &[u8; 32],
		at: H256,
	) -> Result<Option<DeviceView>, ChainError> {
		self.request("deviceRegistry_device", vec![hex_param(device), block_param(at)]).await
	}

	/// Serves the fleet of `owners`: reads their devices in one paged pass at the last finalized
	/// block (once there is one, retrying while the node is away), and from then on each device
	/// they register as its registration is finalized ([`Self::apply_block`]). Returns once the
	/// pass is done; does nothing for no owners or a second call.
	pub async fn serve_fleet(self: Arc<Self>, owners: Vec<AccountId32>) {
		let owners: HashSet<[u8; 32]> = owners.into_iter().map(Into::into).collect();
		if owners.is_empty() || self.fleet.set(owners.clone()).is_err() {
			return;
		}
		let mut finalized = self.finalized();
		loop {
			if finalized.wait_for(|f| !f.hash.is_zero()).await.is_err() {
				return;
			}
			match self.read_fleet(&owners).await {
				Ok(count) => {
					tracing::info!(devices = count, owners = owners.len(), "read the fleet");
					return;
				}
				Err(error) => {
					tracing::warn!(%error, "cannot read the fleet yet; retrying");
					tokio::time::sleep(Duration::from_secs(2)).await;
				}
			}
		}
	}

	/// Reads every device of `owners`, a page at a time, into the view: how many.
	async fn read_fleet(&self, owners: &HashSet<[u8; 32]>) -> Result<usize, ChainError> {
		let mut count = 0usize;
		for owner in owners {
			let mut cursor = serde_json::Value::Null;
			loop {
				let at = self.finalized.borrow().hash;
				let page: DevicePage = self
					.request(
						"deviceRegistry_devicesByOwner",
						vec![hex_param(owner), cursor.clone(), PAGE.into(), block_param(at)],
					)
					.await?;
				let read: Vec<([u8; 32], DeviceInfo)> =
					page.items.iter().map(|view| (view.id.0.clone().into(), view.info())).collect();
				{
					let (Ok(mut devices), Ok(mut unknown)) =
						(self.devices.write(), self.unknown.write())
					else {
						return Ok(count);
					};
					// As in `device`: a page read at a block no longer the last finalized one is
					// read again at the new one, so the follower refreshes whatever it adds.
					if self.finalized.borrow().hash != at {
						continue;
					}
					for (device, info) in &read {
						unknown.remove(device);
						devices.insert(*device, info.clone());
					}
				}
				self.keep(&read, None);
				count = count.saturating_add(read.len());
				match page.next {
					Some(next) => cursor = next.into(),
					None => break,
				}
			}
		}
		Ok(count)
	}

	/// The device `device` at the node's finalized head, read now, past the cache: for tools
	/// that act on the chain's latest state rather than follow it.
	pub async fn device_at_finalized_head(
		&self,
		device: &[u8; 32],
	) -> Result<Option<DeviceInfo>, ChainError> {
		let head = self.finalized_head().await?;
		self.fetch_device(device, head).await
	}

	/// The node's finalized head.
	pub async fn finalized_head(&self) -> Result<H256, ChainError> {
		self.request("chain_getFinalizedHead", vec![]).await
	}

	/// The highest anchor number the gateway has on chain.
	pub async fn last_seq(&self, gateway: &AccountId32) -> Result<Option<u64>, ChainError> {
		self.request("anchoring_lastSeq", vec![account_hex(gateway), serde_json::Value::Null]).await
	}

	/// The root and block of the gateway's anchor `seq` at `at` (the best block if `None`).
	pub async fn anchor(
		&self,
		gateway: &AccountId32,
		seq: u64,
		at: Option<H256>,
	) -> Result<Option<(H256, u32)>, ChainError> {
		#[derive(Deserialize)]
		struct AnchorView {
			digest: H256,
			block: u32,
		}
		let at = at.map_or(serde_json::Value::Null, |h| format!("{h:?}").into());
		let view: Option<AnchorView> =
			self.request("anchoring_anchor", vec![account_hex(gateway), seq.into(), at]).await?;
		Ok(view.map(|v| (v.digest, v.block)))
	}

	/// Signs and sends `anchorAggregate` for `aggregate` and waits until it is in a block:
	/// the block's number and hash, or an error (dropped, invalid, failed, node gone).
	pub async fn submit_aggregate(
		&self,
		key: &GatewayKey,
		aggregate: &crate::store::AggregateRecord,
		mortality: u64,
	) -> anyhow::Result<(u32, H256)> {
		let call = subxt::dynamic::tx(
			"DataAnchoring",
			"anchor_aggregate",
			vec![
				Value::from_bytes(<[u8; 32]>::from(key.id())),
				Value::u128(aggregate.seq.into()),
				Value::from_bytes(aggregate.root.0),
				Value::u128(aggregate.leaf_count.into()),
				Value::u128(aggregate.first_ts.into()),
				Value::u128(aggregate.last_ts.into()),
				Value::unnamed_variant("None", vec![]),
			],
		);
		self.submit(key, &call, mortality).await
	}

	/// Relays devices' batch roots as their `anchorBatch`, all in one `Utility.force_batch`
	/// sent by the gateway: the block it is in. An item the chain refuses does not stop the
	/// others; which ones landed is read back with [`Self::anchor`].
	pub async fn relay_batches(
		&self,
		key: &GatewayKey,
		batches: &[crate::wire::BatchSubmission],
		mortality: u64,
	) -> anyhow::Result<(u32, H256)> {
		let calls: Vec<Value> = batches
			.iter()
			.map(|batch| {
				let (scheme, signature): (&str, Vec<u8>) = match &batch.signature {
					sp_runtime::MultiSignature::Ed25519(s) => ("Ed25519", s.0.to_vec()),
					sp_runtime::MultiSignature::Sr25519(s) => ("Sr25519", s.0.to_vec()),
					sp_runtime::MultiSignature::Ecdsa(s) => ("Ecdsa", s.0.to_vec()),
					sp_runtime::MultiSignature::Eth(s) => ("Eth", s.0.to_vec()),
				};
				Value::unnamed_variant(
					"DataAnchoring",
					[Value::named_variant(
						"anchor_batch",
						[
							("device", Value::from_bytes(<[u8; 32]>::from(batch.device.clone()))),
							("seq", Value::u128(batch.seq.into())),
							("root", Value::from_bytes(batch.root.0)),
							("leaf_count", Value::u128(batch.leaf_count.into())),
							("first_ts", Value::u128(batch.first_ts.into())),
							("last_ts", Value::u128(batch.last_ts.into())),
							(
								"signature",
								Value::unnamed_variant(
									"Some",
									[Value::unnamed_variant(
										scheme,
										[Value::from_bytes(signature)],
									)],
								),
							),
						],
					)],
				)
			})
			.collect();
		let call =
			subxt::dynamic::tx("Utility", "force_batch", vec![Value::unnamed_composite(calls)]);
		self.submit(key, &call, mortality).await
	}

	/// Signs `call` with `signer`, with the nonce the node's pool expects, sends it and waits
	/// until it is in a block and succeeded: the block's number and hash.
	pub async fn submit(
		&self,
		signer: &GatewayKey,
		call: &subxt::tx::DynamicPayload<Vec<Value>>,
		mortality: u64,
	) -> anyhow::Result<(u32, H256)> {
		let api = self.api()?;
		let nonce = self.next_nonce(&signer.id()).await?;
		let params = subxt::config::PolkadotExtrinsicParamsBuilder::<PolkadotConfig>::new()
			.nonce(nonce)
			.mortal(mortality)
			.build();
		let mut txs = api.at_current_block().await?.transactions();
		let mut progress = txs.sign_and_submit_then_watch(call, signer, params).await?;
		use subxt::tx::TransactionStatus as S;
		while let Some(status) = progress.next().await {
			match status? {
				S::InBestBlock(in_block) | S::InFinalizedBlock(in_block) => {
					let hash = H256(in_block.block_hash().0);
					// The call itself may have failed (e.g. the number was used): say so.
					in_block.wait_for_success().await?;
					let number = api.at_block(in_block.block_hash()).await?.block_number();
					return Ok((u32::try_from(number).unwrap_or(u32::MAX), hash));
				}
				S::Error { message } | S::Invalid { message } | S::Dropped { message } => {
					anyhow::bail!("the transaction was not included: {message}")
				}
				_ => {}
			}
		}
		anyhow::bail!("the node stopped reporting on the transaction")
	}

	/// The nonce the node's pool expects next from `account` (its pending transactions
	/// counted). The system RPC takes accounts in SS58 only.
	pub async fn next_nonce(&self, account: &AccountId32) -> Result<u64, ChainError> {
		self.request("system_accountNextIndex", vec![crate::keys::address(account).into()]).await
	}

	/// Signs `calls` with `signer`, immortal, with consecutive nonces from the pool's next, and
	/// hands them all to the node's pool without waiting for blocks (32 submissions in flight):
	/// for many transactions sent at once.
	pub async fn submit_all_no_wait(
		&self,
		signer: &GatewayKey,
		calls: &[subxt::tx::DynamicPayload<Vec<Value>>],
	) -> anyhow::Result<()> {
		use futures::{stream, StreamExt, TryStreamExt};
		let api = self.api()?;
		let first = self.next_nonce(&signer.id()).await?;
		let txs = api.at_current_block().await?.transactions();
		let mut signed = Vec::with_capacity(calls.len());
		for (nonce, call) in (first..).zip(calls) {
			let params = subxt::config::PolkadotExtrinsicParamsBuilder::<PolkadotConfig>::new()
				.nonce(nonce)
				.immortal()
				.build();
			signed.push(txs.create_signable_offline(call, params)?.sign(signer)?);
		}
		stream::iter(signed)
			.map(|tx| async move { tx.submit().await.map(|_| ()) })
			.buffer_unordered(32)
			.try_collect::<Vec<()>>()
			.await?;
		Ok(())
	}

	/// Follows finalized blocks for as long as the gateway runs, reconnecting when the node goes
	/// away.
	pub async fn follow(self: Arc<Self>) {
		let mut last: Option<u32> = self.store.as_ref().and_then(|s| s.followed().ok().flatten());
		loop {
			if !self.is_connected() {
				match open(&self.url).await {
					Ok(connection) => {
						if let Ok(mut slot) = self.connection.write() {
							*slot = Some(connection);
						}
						tracing::info!(node = %self.url, "connected to the node");
					}
					Err(error) => {
						tracing::debug!(%error, "the node is not reachable");
						tokio::time::sleep(Duration::from_secs(2)).await;
						continue;
					}
				}
			}
			if let Err(error) = self.follow_once(&mut last).await {
				tracing::warn!(%error, "lost the node; reconnecting");
			}
			self.disconnect();
			self.metrics.chain_connected.set(0);
			tokio::time::sleep(Duration::from_secs(2)).await;
		}
	}

	async fn follow_once(&self, last: &mut Option<u32>) -> anyhow::Result<()> {
		let api = self.api()?;
		self.metrics.chain_connected.set(1);
		let mut blocks = api.stream_blocks().await?;
		while let Some(block) = blocks.next().await {
			let block = block?;
			let number = u32::try_from(block.number()).unwrap_or(u32::MAX);
			// A new subscription starts with a few finalized blocks the gateway may have
			// applied already: the view never moves back.
			if last.is_some_and(|last| number <= last) {
				continue;
			}
			// Blocks finalized while the gateway was away, or skipped by the stream.
			let from = last.map_or(number, |l| l.saturating_add(1));
			if number.saturating_sub(from) > MAX_REPLAY {
				self.refresh_all(number, H256(block.hash().0)).await?;
			} else {
				for missed in from..number {
					let at = api.at_block(missed).await?;
					self.apply_block(&api, missed, H256(at.block_hash().0)).await?;
				}
			}
			self.apply_block(&api, number, H256(block.hash().0)).await?;
			*last = Some(number);
		}
		anyhow::bail!("the finalized block stream ended")
	}

	async fn apply_block(
		&self,
		api: &OnlineClient<PolkadotConfig>,
		number: u32,
		hash: H256,
	) -> anyhow::Result<()> {
		let at = api.at_block(subxt::utils::H256(hash.0)).await?;
		let events = at.events().fetch().await?;
		let mut named = Vec::new();
		for event in events.iter() {
			let event = event?;
			if event.pallet_name() == "DeviceRegistry" {
				if let Ok(field) = event.decode_fields_unchecked_as::<DeviceField>() {
					named.push(field.device);
				}
			}
		}
		// Published first: a device read concurrently at the block before is then either cached
		// already (and refreshed below) or read again at this one (`device`).
		self.metrics.finalized_block.set(number.into());
		self.finalized.send_replace(Finalized { number, hash });
		let fleet = self.fleet.get();
		let mut changed = Vec::new();
		for device in named {
			// A new registration: the next reading asks the chain again.
			if let Ok(mut unknown) = self.unknown.write() {
				unknown.remove(&device);
			}
			let cached = self.devices.read().map(|d| d.contains_key(&device)).unwrap_or(false);
			if !cached && fleet.is_none() {
				continue;
			}
			// A device once registered always has a record (a revoked one keeps it).
			let Some(view) = self.fetch_view(&device, hash).await? else { continue };
			let owner: [u8; 32] = view.owner.0.clone().into();
			// Not known yet: kept only if it joined the fleet (registered or transferred to one
			// of its owners), so that its first reading does not wait for the node.
			if !cached && !fleet.is_some_and(|owners| owners.contains(&owner)) {
				continue;
			}
			let info = view.info();
			tracing::info!(device = %hex::encode(device), block = number, ?info, "device changed");
			if let Ok(mut devices) = self.devices.write() {
				devices.insert(device, info.clone());
			}
			changed.push((device, info));
		}
		self.keep(&changed, Some(number));
		Ok(())
	}

	/// Reads every known device again at block `number` (after a gap too long to replay).
	async fn refresh_all(&self, number: u32, hash: H256) -> anyhow::Result<()> {
		self.finalized.send_replace(Finalized { number, hash });
		let known: Vec<[u8; 32]> =
			self.devices.read().map(|d| d.keys().copied().collect()).unwrap_or_default();
		tracing::info!(devices = known.len(), block = number, "reading every known device again");
		let mut changed = Vec::with_capacity(known.len());
		if let Ok(mut unknown) = self.unknown.write() {
			unknown.clear();
		}
		for device in known {
			let Some(info) = self.fetch_device(&device, hash).await? else { continue };
			if let Ok(mut devices) = self.devices.write() {
				devices.insert(device, info.clone());
			}
			changed.push((device, info));
		}
		self.keep(&changed, Some(number));
		Ok(())
	}
}

async fn open(url: &str) -> anyhow::Result<(OnlineClient<PolkadotConfig>, RpcClient)> {
	let rpc = RpcClient::from_insecure_url(url).await?;
	let api = OnlineClient::<PolkadotConfig>::from_rpc_client(rpc.clone()).await?;
	Ok((api, rpc))
}

fn account_hex(account: &AccountId32) -> serde_json::Value {
	hex_param(account.as_ref())
}

/// An account or device id as an RPC parameter: `0x` and 64 hex digits.
fn hex_param(id: &[u8; 32]) -> serde_json::Value {
	format!("0x{}", hex::encode(id)).into()
}

/// A block parameter: its hash, or `null` (the best block) for zero.
fn block_param(at: H256) -> serde_json::Value {
	if at.is_zero() {
		serde_json::Value::Null
	} else {
		format!("{at:?}").into()
	}
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
	use super::*;
	use sp_core::{ed25519, Pair};

	#[test]
	fn a_kept_device_reads_back_as_it_was_and_garbage_reads_as_nothing() {
		let key: MultiSigner = ed25519::Pair::from_seed(&[3; 32]).public().into();
		for status in [DeviceStatus::Active, DeviceStatus::Suspended, DeviceStatus::Revoked] {
			let info = DeviceInfo { key: key.clone(), status };
			assert_eq!(decode_device(&encode_device(&info)), Some(info));
		}
		assert_eq!(decode_device(&[9, 9]), None);
	}
}
