//! The gateway's durable state, in one `redb` file (`gateway.redb` in the data directory).
//!
//! A reading is acknowledged only after the write transaction that stored it has committed, and
//! redb commits durably (fsync) by default: a `kill -9` or a power cut after the acknowledgement
//! cannot lose it, and one cut mid-write leaves the last committed state (redb's copy-on-write
//! B-trees never overwrite committed pages).
//!
//! Tables:
//! - `readings`: arrival number → the accepted reading ([`StoredReading`], SCALE), written once,
//!   when it is accepted. Keyed by arrival, a commit appends to the end of the table, whatever
//!   the number of devices it holds readings of;
//! - `by_device`: `(device, seq)` → arrival number, the index of reads by device and of
//!   retransmissions. It is written in bulk, sorted, once at least [`INDEX_EVERY`] readings (or
//!   eight per device) wait for it, so that a device's page of the index is written once for
//!   many of its readings instead of once per commit. Readings not in it yet are indexed in
//!   memory (`recent`), rebuilt from `readings` at start (`meta.indexed_to` on);
//! - `heads`: device → the highest number accepted from it (numbers must rise), written with
//!   the index and kept in memory meanwhile;
//! - `aggregates`: the gateway's anchor number → [`AggregateRecord`]. An aggregate takes the
//!   oldest readings not in one yet, in arrival order (so each device's readings are anchored
//!   in its own order): `meta.queued_from` is the first reading not in one, and
//!   `aggregate_starts` maps each aggregate's first arrival number to it, so a reading's place
//!   is found from its arrival number, and building an aggregate rewrites no reading;
//! - `aggregate_leaves`: the gateway's anchor number → its tree's leaves, 32 bytes each: a
//!   reading's proof is taken from the tree, rebuilt from them when asked for (the last few
//!   trees are kept in memory), rather than stored with each reading;
//! - `devices`: the registry as the gateway last read it (each device's key and status, or
//!   "unknown"), and `meta.followed`, the last finalized block whose events it applied: after a
//!   restart the gateway checks readings of the devices it knew even while the node is away, and
//!   catches up with the blocks it missed. These writes are not fsynced on their own (they can
//!   be read again from the chain); the next durable commit makes them durable;
//! - `batches`: devices' own batch roots the gateway relays ([`StoredBatch`]), with
//!   `batch_queue` (order of arrival → key, not yet on chain) and `batch_unfinal` (on chain,
//!   not final);
//! - `meta`: counters (`next_arrival`, `queued_from`, `indexed_to`, `next_batch`,
//!   `next_aggregate`, `followed`) and the store's `format` (a store written by an older
//!   gateway, in another format, is refused at start).
//!
//! Moving readings from the queue into an aggregate is one write transaction: a reading is in
//! exactly one aggregate or still queued, never both or neither.

use std::{
	collections::{BTreeMap, HashMap},
	path::Path,
	sync::{Arc, Mutex, PoisonError, RwLock},
};

use codec::{Decode, Encode};
use iotchain_primitives::{merkle, reading::annotation_leaf, ReadingEnvelope};
use redb::{Database, ReadableDatabase, ReadableTable, TableDefinition};
use sp_core::H256;
use sp_runtime::AccountId32;

use crate::{anomaly::Annotation, wire::BatchSubmission};

const READINGS: TableDefinition<u64, &[u8]> = TableDefinition::new("readings");
const BY_DEVICE: TableDefinition<([u8; 32], u64), u64> = TableDefinition::new("by_device");
const HEADS: TableDefinition<[u8; 32], u64> = TableDefinition::new("heads");
const AGGREGATES: TableDefinition<u64, &[u8]> = TableDefinition::new("aggregates");
const AGGREGATE_STARTS: TableDefinition<u64, (u64, u32)> = TableDefinition::new("aggregate_starts");
const AGGREGATE_LEAVES: TableDefinition<u64, &[u8]> = TableDefinition::new("aggregate_leaves");
const META: TableDefinition<&str, u64> = TableDefinition::new("meta");
const DEVICES: TableDefinition<[u8; 32], &[u8]> = TableDefinition::new("devices");
const BATCHES: TableDefinition<([u8; 32], u64), &[u8]> = TableDefinition::new("batches");
const BATCH_QUEUE: TableDefinition<u64, ([u8; 32], u64)> = TableDefinition::new("batch_queue");
const BATCH_UNFINAL: TableDefinition<([u8; 32], u64), ()> = TableDefinition::new("batch_unfinal");
/// Aggregates' trees kept in memory: the latest, whose proofs are being pushed and asked for.
const TREES_KEPT: usize = 4;
/// Readings waiting for the `by_device` index before it is written: at least this many, and
/// at least eight per device among them, at most [`INDEX_MAX`].
const INDEX_EVERY: usize = 65_536;
/// Readings waiting for the index at most (an entry of 48 bytes each, in a `BTreeMap`).
const INDEX_MAX: usize = 1 << 20;
/// The first batch root's place in `batch_queue`: new ones are numbered up from it, and those
/// put back (their block was not the one finalized) down from the first in line, so neither
/// ever takes the other's place.
const BATCHES_FROM: u64 = 1 << 32;
/// Readings read in one read transaction by [`Store::aggregate_readings`].
pub const READ_CHUNK: usize = 1_024;

const NEXT_ARRIVAL: &str = "next_arrival";
const QUEUED_FROM: &str = "queued_from";
const INDEXED_TO: &str = "indexed_to";
const NEXT_BATCH: &str = "next_batch";
const NEXT_AGGREGATE: &str = "next_aggregate";
const FOLLOWED: &str = "followed";
const FORMAT: &str = "format";

/// The store's format: 3 since readings are kept by arrival number and indexed by device in
/// bulk (2: by device, with their places in an aggregate apart; 1: with their proofs).
const STORE_FORMAT: u64 = 3;

/// A reading the gateway accepted.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub struct StoredReading {
	/// The envelope as the device signed it.
	pub envelope: ReadingEnvelope<AccountId32>,
	/// The payload bytes exactly as the device sent them.
	pub payload: Vec<u8>,
	/// What the gateway's detector saw in it.
	pub annotation: Annotation,
	/// When the gateway accepted it (ms since the Unix epoch).
	pub accepted_at: u64,
	/// Its arrival number: its place in the order the gateway accepted readings.
	pub arrival: u64,
	/// Its place in an aggregate, once it has one (found from its arrival number, not kept
	/// with it).
	#[codec(skip)]
	pub placement: Option<Placement>,
}

impl StoredReading {
	/// The envelope's leaf.
	pub fn leaf(&self) -> H256 {
		self.envelope.leaf()
	}

	/// The annotation's leaf, beside the envelope's in the aggregate.
	pub fn annotation_leaf(&self) -> H256 {
		self.leaves().1
	}

	/// Both leaves, the envelope's and the annotation's, hashing the envelope once.
	pub fn leaves(&self) -> (H256, H256) {
		let leaf = self.leaf();
		(leaf, annotation_leaf(&leaf, &self.annotation))
	}
}

/// Where a reading sits in an aggregate.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub struct Placement {
	/// The aggregate: the gateway's anchor number.
	pub aggregate: u64,
	/// The envelope's leaf index (even; the annotation's is the next one).
	pub leaf_index: u32,
	/// The siblings from the envelope's leaf to the root; the first is the annotation leaf's
	/// node.
	pub proof: Vec<H256>,
}

/// Where an aggregate is on its way to finality.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode)]
pub enum AggregateStatus {
	/// Built; not yet seen in a block.
	Pending,
	/// Seen in block `block` (hash `hash`), not yet final.
	InBlock {
		/// The block number.
		block: u32,
		/// The block hash.
		hash: H256,
	},
	/// In block `block`, finalized by GRANDPA.
	Final {
		/// The block number.
		block: u32,
		/// The block hash.
		hash: H256,
	},
}

/// One aggregate anchor of the gateway.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub struct AggregateRecord {
	/// The gateway's anchor number.
	pub seq: u64,
	/// The Merkle root.
	pub root: H256,
	/// Leaves: two per reading, envelope then annotation.
	pub leaf_count: u32,
	/// The earliest reading timestamp.
	pub first_ts: u64,
	/// The latest reading timestamp.
	pub last_ts: u64,
	/// Its first reading's arrival number: its readings are the `leaf_count / 2` from there,
	/// in leaf order.
	pub first_arrival: u64,
	/// When the aggregate was built (ms).
	pub created_at: u64,
	/// Where it is.
	pub status: AggregateStatus,
}

impl AggregateRecord {
	/// How many readings it holds.
	pub fn readings(&self) -> u32 {
		self.leaf_count / 2
	}

	/// Its readings' arrival numbers.
	pub fn arrivals(&self) -> std::ops::Range<u64> {
		self.first_arrival..self.first_arrival.saturating_add(u64::from(self.readings()))
	}
}

/// Where a relayed batch root is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode)]
pub enum BatchStatus {
	/// Accepted, not yet on chain.
	Queued,
	/// In block `block`, not yet final.
	InBlock {
		/// The block number.
		block: u32,
	},
	/// In block `block`, finalized.
	Final {
		/// The block number.
		block: u32,
	},
	/// The chain refused it (its number was used, the device was suspended meanwhile, …).
	RefusedByChain,
}

/// A device's batch root the gateway accepted to relay.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub struct StoredBatch {
	/// The batch as the device signed it.
	pub batch: BatchSubmission,
	/// When the gateway accepted it (ms).
	pub accepted_at: u64,
	/// Where it is.
	pub status: BatchStatus,
}

/// What accepting a batch root came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BatchOutcome {
	/// Stored now.
	Accepted(StoredBatch),
	/// The same batch was accepted before.
	Duplicate(StoredBatch),
	/// Another batch holds this number.
	Replayed,
}

/// A device as the chain module keeps it: its id and its encoded record.
pub type KeptDevice = ([u8; 32], Vec<u8>);

/// What storing a reading came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreOutcome {
	/// Stored now.
	Accepted(StoredReading),
	/// The same envelope was accepted before: the stored reading (a retransmission).
	Duplicate(StoredReading),
	/// The number was used by another envelope, or is below the device's highest.
	Replayed,
}

/// A store error: the database failed.
pub type Error = redb::Error;

fn db_err(error: impl Into<redb::Error>) -> Error {
	error.into()
}

/// A snapshot with the tables a placed reading is read from.
struct Reader {
	txn: redb::ReadTransaction,
	readings: redb::ReadOnlyTable<u64, &'static [u8]>,
	starts: redb::ReadOnlyTable<u64, (u64, u32)>,
}

/// Readings stored and not yet in the `by_device` index: `(device, seq)` → arrival number.
type Recent = BTreeMap<([u8; 32], u64), u64>;

/// The store.
pub struct Store {
	db: Database,
	/// Each device's highest accepted number, as committed: read from `heads` once per device,
	/// then kept here, so that a new reading (the usual case) costs no lookup at all.
	heads: Mutex<HashMap<[u8; 32], u64>>,
	/// The readings committed and not yet in `by_device`, and how many devices they are of.
	/// Added to only after their commit and emptied only after the commit that indexed them,
	/// so a reader that looks here first, then in a snapshot, finds every committed reading.
	recent: RwLock<(Recent, usize)>,
	/// The last [`TREES_KEPT`] aggregates' trees, by anchor number, the most recent last.
	trees: Mutex<Vec<(u64, Arc<merkle::Tree>)>>,
	/// [`INDEX_EVERY`], but for tests.
	index_every: usize,
}

impl Store {
	/// Opens (or creates) the store in `dir`, with a page cache of `cache_mib` MiB.
	pub fn open(dir: &Path, cache_mib: usize) -> anyhow::Result<Self> {
		std::fs::create_dir_all(dir)
			.map_err(|e| anyhow::anyhow!("cannot create {}: {e}", dir.display()))?;
		let path = dir.join("gateway.redb");
		let db =
			Database::builder().set_cache_size(cache_mib.saturating_mul(1 << 20)).create(&path)?;
		let txn = db.begin_write()?;
		let empty = txn.list_tables()?.next().is_none();
		{
			let mut meta = txn.open_table(META)?;
			let format = meta.get(FORMAT)?.map(|v| v.value());
			match format {
				Some(STORE_FORMAT) => {}
				None if empty => {
					meta.insert(FORMAT, STORE_FORMAT)?;
				}
				_ => anyhow::bail!(
					"{} was written by another version of the gateway (store format {}, this one \
					 reads {STORE_FORMAT}); move it away to start afresh",
					path.display(),
					format.unwrap_or(1),
				),
			}
		}
		txn.open_table(READINGS)?;
		txn.open_table(BY_DEVICE)?;
		txn.open_table(HEADS)?;
		txn.open_table(AGGREGATES)?;
		txn.open_table(AGGREGATE_STARTS)?;
		txn.open_table(AGGREGATE_LEAVES)?;
		txn.open_table(DEVICES)?;
		txn.open_table(BATCHES)?;
		txn.open_table(BATCH_QUEUE)?;
		txn.open_table(BATCH_UNFINAL)?;
		txn.commit()?;

		// The readings not indexed yet, and their devices' heads, from the readings themselves.
		let mut heads = HashMap::new();
		let mut recent = Recent::new();
		{
			let txn = db.begin_read()?;
			let indexed_to = meta_value(&txn, INDEXED_TO)?.unwrap_or(0);
			for entry in txn.open_table(READINGS)?.range(indexed_to..)? {
				let (arrival, bytes) = entry?;
				let reading = decode_reading(bytes.value())?;
				let device: [u8; 32] = reading.envelope.device.into();
				recent.insert((device, reading.envelope.seq), arrival.value());
				heads.insert(device, reading.envelope.seq);
			}
		}
		let devices = heads.len();
		Ok(Self {
			db,
			heads: Mutex::new(heads),
			recent: RwLock::new((recent, devices)),
			trees: Mutex::default(),
			index_every: INDEX_EVERY,
		})
	}

	/// The store, writing the index once `every` readings wait for it (and eight per device).
	#[cfg(test)]
	fn indexing_every(self, every: usize) -> Self {
		Self { index_every: every, ..self }
	}

	/// Stores readings in one durable transaction, deciding each against the device's
	/// highest number; `annotate` is called with the index (in `readings`) of each new reading,
	/// in order, just before it is stored (the detector sees exactly the readings that are
	/// accepted).
	///
	/// A number above the device's highest is new, and is stored without looking for it; only
	/// one at or below it is looked up, to tell a retransmission from a replay. New readings are
	/// appended; once enough wait for the `by_device` index, this transaction writes it too.
	pub fn accept(
		&self,
		readings: Vec<(ReadingEnvelope<AccountId32>, Vec<u8>, u64)>,
		mut annotate: impl FnMut(usize, &ReadingEnvelope<AccountId32>) -> Annotation,
	) -> Result<Vec<StoreOutcome>, Error> {
		// Only the writer calls this, one call at a time; the heads lock is never contended.
		let mut known = self.heads.lock().unwrap_or_else(PoisonError::into_inner);
		// Heads read or raised in this transaction, kept only once it commits.
		let mut touched: HashMap<[u8; 32], Option<u64>> = HashMap::new();
		// The readings this transaction stores, and how many devices among them had none
		// waiting for the index before.
		let mut added = Recent::new();
		let mut new_devices = 0usize;
		let txn = self.db.begin_write().map_err(db_err)?;
		let mut outcomes = Vec::with_capacity(readings.len());
		let indexed;
		{
			let mut stored = txn.open_table(READINGS).map_err(db_err)?;
			let index = txn.open_table(BY_DEVICE).map_err(db_err)?;
			let heads = txn.open_table(HEADS).map_err(db_err)?;
			let mut meta = txn.open_table(META).map_err(db_err)?;
			let mut arrival =
				meta.get(NEXT_ARRIVAL).map_err(db_err)?.map(|v| v.value()).unwrap_or(0);
			let recent = self.recent.read().unwrap_or_else(PoisonError::into_inner);
			for (index_in, (envelope, payload, accepted_at)) in readings.into_iter().enumerate() {
				let device: [u8; 32] = envelope.device.clone().into();
				let key = (device, envelope.seq);
				let head = match touched.get(&device) {
					Some(head) => *head,
					None => {
						let head = match known.get(&device) {
							Some(head) => Some(*head),
							None => heads.get(device).map_err(db_err)?.map(|v| v.value()),
						};
						touched.insert(device, head);
						head
					}
				};
				if head.is_some_and(|head| envelope.seq <= head) {
					let existing = match added.get(&key).or_else(|| recent.0.get(&key)) {
						Some(arrival) => Some(*arrival),
						None => index.get(key).map_err(db_err)?.map(|v| v.value()),
					};
					let existing = match existing {
						Some(arrival) => stored
							.get(arrival)
							.map_err(db_err)?
							.map(|bytes| decode_reading(bytes.value()))
							.transpose()?,
						None => None,
					};
					outcomes.push(match existing {
						Some(existing)
							if existing.envelope == envelope && existing.payload == payload =>
						{
							StoreOutcome::Duplicate(existing)
						}
						_ => StoreOutcome::Replayed,
					});
					continue;
				}
				let annotation = annotate(index_in, &envelope);
				let reading = StoredReading {
					envelope,
					payload,
					annotation,
					accepted_at,
					arrival,
					placement: None,
				};
				stored.insert(arrival, reading.encode().as_slice()).map_err(db_err)?;
				let of_device = (device, 0)..=(device, u64::MAX);
				if added.range(of_device.clone()).next().is_none()
					&& recent.0.range(of_device).next().is_none()
				{
					new_devices = new_devices.saturating_add(1);
				}
				touched.insert(device, Some(key.1));
				added.insert(key, arrival);
				arrival = arrival.saturating_add(1);
				outcomes.push(StoreOutcome::Accepted(reading));
			}
			meta.insert(NEXT_ARRIVAL, arrival).map_err(db_err)?;
			let waiting = recent.0.len().saturating_add(added.len());
			let devices = recent.1.saturating_add(new_devices);
			indexed = waiting >= INDEX_MAX
				|| (waiting >= self.index_every && waiting >= devices.saturating_mul(8));
			if indexed {
				drop((index, heads));
				self.write_index(&txn, recent.0.iter().chain(added.iter()))?;
				meta.insert(INDEXED_TO, arrival).map_err(db_err)?;
			}
		}
		txn.commit().map_err(db_err)?;
		known.extend(touched.into_iter().filter_map(|(device, head)| Some((device, head?))));
		let mut recent = self.recent.write().unwrap_or_else(PoisonError::into_inner);
		if indexed {
			*recent = (Recent::new(), 0);
		} else {
			// One by one: `BTreeMap::append` would rebuild the whole map at every commit.
			recent.0.extend(added);
			recent.1 = recent.1.saturating_add(new_devices);
		}
		Ok(outcomes)
	}

	/// Writes `waiting` into `by_device`, and each device's highest number among them into
	/// `heads`: `waiting` is sorted by device and number, or is two such runs, the second
	/// newer (so a device's last head written is its highest).
	fn write_index<'a>(
		&self,
		txn: &redb::WriteTransaction,
		waiting: impl Iterator<Item = (&'a ([u8; 32], u64), &'a u64)>,
	) -> Result<(), Error> {
		let mut index = txn.open_table(BY_DEVICE).map_err(db_err)?;
		let mut heads = txn.open_table(HEADS).map_err(db_err)?;
		let mut last: Option<([u8; 32], u64)> = None;
		for (key, arrival) in waiting {
			index.insert(key, arrival).map_err(db_err)?;
			if let Some((device, seq)) = last.filter(|(device, _)| *device != key.0) {
				heads.insert(device, seq).map_err(db_err)?;
			}
			last = Some(*key);
		}
		if let Some((device, seq)) = last {
			heads.insert(device, seq).map_err(db_err)?;
		}
		Ok(())
	}

	/// The next aggregate number, or `None` if the gateway has not learnt it from the chain yet.
	pub fn next_aggregate(&self) -> Result<Option<u64>, Error> {
		meta_value(&self.db.begin_read().map_err(db_err)?, NEXT_AGGREGATE)
	}

	/// Sets the next aggregate number (from the chain's `lastSeq + 1` on a gateway's first run).
	pub fn set_next_aggregate(&self, seq: u64) -> Result<(), Error> {
		let txn = self.db.begin_write().map_err(db_err)?;
		txn.open_table(META).map_err(db_err)?.insert(NEXT_AGGREGATE, seq).map_err(db_err)?;
		txn.commit().map_err(db_err)
	}

	/// Every device the gateway has read from the registry, as the chain module encoded it.
	pub fn devices(&self) -> Result<Vec<KeptDevice>, Error> {
		let txn = self.db.begin_read().map_err(db_err)?;
		let table = txn.open_table(DEVICES).map_err(db_err)?;
		let mut out = Vec::new();
		for entry in table.iter().map_err(db_err)? {
			let (device, bytes) = entry.map_err(db_err)?;
			out.push((device.value(), bytes.value().to_vec()));
		}
		Ok(out)
	}

	/// Records devices as read at finalized block `followed` (if given, also the last block
	/// applied). Not fsynced: it can be read again from the chain.
	pub fn put_devices(
		&self,
		devices: &[([u8; 32], Vec<u8>)],
		followed: Option<u32>,
	) -> Result<(), Error> {
		let mut txn = self.db.begin_write().map_err(db_err)?;
		txn.set_durability(redb::Durability::None).map_err(db_err)?;
		{
			let mut table = txn.open_table(DEVICES).map_err(db_err)?;
			for (device, bytes) in devices {
				table.insert(*device, bytes.as_slice()).map_err(db_err)?;
			}
			if let Some(block) = followed {
				txn.open_table(META)
					.map_err(db_err)?
					.insert(FOLLOWED, u64::from(block))
					.map_err(db_err)?;
			}
		}
		txn.commit().map_err(db_err)
	}

	/// The last finalized block whose registry events the gateway applied.
	pub fn followed(&self) -> Result<Option<u32>, Error> {
		let txn = self.db.begin_read().map_err(db_err)?;
		let meta = txn.open_table(META).map_err(db_err)?;
		Ok(meta.get(FOLLOWED).map_err(db_err)?.and_then(|v| u32::try_from(v.value()).ok()))
	}

	/// Stores a batch root to relay, unless its number is taken.
	pub fn accept_batch(
		&self,
		batch: BatchSubmission,
		accepted_at: u64,
	) -> Result<BatchOutcome, Error> {
		let txn = self.db.begin_write().map_err(db_err)?;
		let outcome = {
			let mut batches = txn.open_table(BATCHES).map_err(db_err)?;
			let key = (<[u8; 32]>::from(batch.device.clone()), batch.seq);
			let existing = batches.get(key).map_err(db_err)?.map(|b| decode_batch(b.value()));
			match existing.transpose()? {
				Some(existing) if existing.batch == batch => BatchOutcome::Duplicate(existing),
				Some(_) => BatchOutcome::Replayed,
				None => {
					let mut meta = txn.open_table(META).map_err(db_err)?;
					let order =
						meta.get(NEXT_BATCH).map_err(db_err)?.map_or(BATCHES_FROM, |v| v.value());
					let stored = StoredBatch { batch, accepted_at, status: BatchStatus::Queued };
					batches.insert(key, stored.encode().as_slice()).map_err(db_err)?;
					txn.open_table(BATCH_QUEUE)
						.map_err(db_err)?
						.insert(order, key)
						.map_err(db_err)?;
					meta.insert(NEXT_BATCH, order.saturating_add(1)).map_err(db_err)?;
					BatchOutcome::Accepted(stored)
				}
			}
		};
		txn.commit().map_err(db_err)?;
		Ok(outcome)
	}

	/// Up to `max` batch roots not yet on chain, oldest first.
	pub fn queued_batches(&self, max: usize) -> Result<Vec<StoredBatch>, Error> {
		let txn = self.db.begin_read().map_err(db_err)?;
		let queue = txn.open_table(BATCH_QUEUE).map_err(db_err)?;
		let batches = txn.open_table(BATCHES).map_err(db_err)?;
		let mut out = Vec::new();
		for entry in queue.iter().map_err(db_err)?.take(max) {
			let (_, key) = entry.map_err(db_err)?;
			if let Some(bytes) = batches.get(key.value()).map_err(db_err)? {
				out.push(decode_batch(bytes.value())?);
			}
		}
		Ok(out)
	}

	/// Batch roots on chain and not yet final.
	pub fn unfinal_batches(&self) -> Result<Vec<StoredBatch>, Error> {
		let txn = self.db.begin_read().map_err(db_err)?;
		let unfinal = txn.open_table(BATCH_UNFINAL).map_err(db_err)?;
		let batches = txn.open_table(BATCHES).map_err(db_err)?;
		let mut out = Vec::new();
		for entry in unfinal.iter().map_err(db_err)? {
			let (key, _) = entry.map_err(db_err)?;
			if let Some(bytes) = batches.get(key.value()).map_err(db_err)? {
				out.push(decode_batch(bytes.value())?);
			}
		}
		Ok(out)
	}

	/// Records where batch `(device, seq)` is: out of the queue once on chain (or refused by
	/// it), out of the unfinal set once final.
	pub fn set_batch_status(
		&self,
		device: [u8; 32],
		seq: u64,
		status: BatchStatus,
	) -> Result<(), Error> {
		let txn = self.db.begin_write().map_err(db_err)?;
		{
			let key = (device, seq);
			let mut batches = txn.open_table(BATCHES).map_err(db_err)?;
			let Some(stored) = batches.get(key).map_err(db_err)?.map(|b| decode_batch(b.value()))
			else {
				return Ok(());
			};
			let stored = StoredBatch { status, ..stored? };
			batches.insert(key, stored.encode().as_slice()).map_err(db_err)?;
			let mut queue = txn.open_table(BATCH_QUEUE).map_err(db_err)?;
			queue.retain(|_, queued| queued != key).map_err(db_err)?;
			if status == BatchStatus::Queued {
				// Back in the queue (its block was not the one finalized): first in line.
				let first =
					queue.first().map_err(db_err)?.map_or(BATCHES_FROM, |(order, _)| order.value());
				queue.insert(first.saturating_sub(1), key).map_err(db_err)?;
			}
			let mut unfinal = txn.open_table(BATCH_UNFINAL).map_err(db_err)?;
			match status {
				BatchStatus::InBlock { .. } => {
					unfinal.insert(key, ()).map_err(db_err)?;
				}
				_ => {
					unfinal.remove(key).map_err(db_err)?;
				}
			}
		}
		txn.commit().map_err(db_err)
	}

	/// The batch root `(device, seq)`.
	pub fn batch(&self, device: [u8; 32], seq: u64) -> Result<Option<StoredBatch>, Error> {
		let txn = self.db.begin_read().map_err(db_err)?;
		let table = txn.open_table(BATCHES).map_err(db_err)?;
		table.get((device, seq)).map_err(db_err)?.map(|b| decode_batch(b.value())).transpose()
	}

	/// Readings waiting for an aggregate.
	pub fn queue_depth(&self) -> Result<u64, Error> {
		let txn = self.db.begin_read().map_err(db_err)?;
		let next = meta_value(&txn, NEXT_ARRIVAL)?.unwrap_or(0);
		Ok(next.saturating_sub(meta_value(&txn, QUEUED_FROM)?.unwrap_or(0)))
	}

	/// Moves up to `max` queued readings, oldest first, into a new aggregate. `None` if the
	/// queue is empty or the next number is not known yet.
	///
	/// The readings are read and the tree built from a snapshot, while the writer goes on
	/// storing new readings; then one write transaction takes them off the queue. Only this
	/// method takes readings off the queue, and the writer only adds after its end, so the
	/// snapshot's first readings are still the queue's first.
	pub fn build_aggregate(&self, max: u32, now: u64) -> Result<Option<AggregateRecord>, Error> {
		let snapshot = self.db.begin_read().map_err(db_err)?;
		let Some(seq) = meta_value(&snapshot, NEXT_AGGREGATE)? else { return Ok(None) };
		let first_arrival = meta_value(&snapshot, QUEUED_FROM)?.unwrap_or(0);
		let table = snapshot.open_table(READINGS).map_err(db_err)?;
		let mut leaves = Vec::new();
		let (mut first_ts, mut last_ts) = (u64::MAX, 0);
		let mut expected = first_arrival;
		for entry in table.range(first_arrival..).map_err(db_err)?.take(max as usize) {
			let (arrival, bytes) = entry.map_err(db_err)?;
			if arrival.value() != expected {
				return Err(redb::Error::Corrupted(format!("reading {expected} is missing")));
			}
			expected = expected.saturating_add(1);
			let reading = decode_reading(bytes.value())?;
			let (envelope_leaf, annotation_leaf) = reading.leaves();
			leaves.push(envelope_leaf);
			leaves.push(annotation_leaf);
			first_ts = first_ts.min(reading.envelope.timestamp);
			last_ts = last_ts.max(reading.envelope.timestamp);
		}
		drop((table, snapshot));
		let Some(tree) = merkle::Tree::new(&leaves) else { return Ok(None) };
		let record = AggregateRecord {
			seq,
			root: tree.root(),
			leaf_count: tree.leaf_count(),
			first_ts,
			last_ts,
			first_arrival,
			created_at: now,
			status: AggregateStatus::Pending,
		};

		let txn = self.db.begin_write().map_err(db_err)?;
		{
			let mut meta = txn.open_table(META).map_err(db_err)?;
			if meta.get(NEXT_AGGREGATE).map_err(db_err)?.map(|v| v.value()) != Some(seq) {
				// Not this method's snapshot any more (never, with one anchorer): try again.
				return Ok(None);
			}
			meta.insert(QUEUED_FROM, expected).map_err(db_err)?;
			meta.insert(NEXT_AGGREGATE, seq.saturating_add(1)).map_err(db_err)?;
			txn.open_table(AGGREGATE_STARTS)
				.map_err(db_err)?
				.insert(first_arrival, (seq, record.readings()))
				.map_err(db_err)?;
			let bytes: Vec<u8> = leaves.iter().flat_map(|leaf| leaf.0).collect();
			txn.open_table(AGGREGATE_LEAVES)
				.map_err(db_err)?
				.insert(seq, bytes.as_slice())
				.map_err(db_err)?;
			txn.open_table(AGGREGATES)
				.map_err(db_err)?
				.insert(seq, record.encode().as_slice())
				.map_err(db_err)?;
		}
		txn.commit().map_err(db_err)?;
		self.keep_tree(seq, Arc::new(tree));
		Ok(Some(record))
	}

	/// Keeps aggregate `seq`'s tree in memory, forgetting the oldest kept beyond
	/// [`TREES_KEPT`].
	fn keep_tree(&self, seq: u64, tree: Arc<merkle::Tree>) {
		let mut trees = self.trees.lock().unwrap_or_else(PoisonError::into_inner);
		trees.retain(|(kept, _)| *kept != seq);
		if trees.len() >= TREES_KEPT {
			trees.remove(0);
		}
		trees.push((seq, tree));
	}

	/// Aggregate `seq`'s tree: kept in memory, or rebuilt from its stored leaves.
	fn tree(
		&self,
		txn: &redb::ReadTransaction,
		seq: u64,
	) -> Result<Option<Arc<merkle::Tree>>, Error> {
		let kept = self.trees.lock().unwrap_or_else(PoisonError::into_inner);
		if let Some((_, tree)) = kept.iter().find(|(kept, _)| *kept == seq) {
			return Ok(Some(tree.clone()));
		}
		drop(kept);
		let table = txn.open_table(AGGREGATE_LEAVES).map_err(db_err)?;
		let Some(bytes) = table.get(seq).map_err(db_err)? else { return Ok(None) };
		let leaves: Vec<H256> = bytes.value().chunks_exact(32).map(H256::from_slice).collect();
		let Some(tree) = merkle::Tree::new(&leaves).map(Arc::new) else { return Ok(None) };
		self.keep_tree(seq, tree.clone());
		Ok(Some(tree))
	}

	/// `reading` with its place in an aggregate and its proof, if it has one yet.
	fn placed(
		&self,
		txn: &redb::ReadTransaction,
		starts: &redb::ReadOnlyTable<u64, (u64, u32)>,
		mut reading: StoredReading,
	) -> Result<StoredReading, Error> {
		let Some(start) = starts.range(..=reading.arrival).map_err(db_err)?.next_back() else {
			return Ok(reading);
		};
		let (first, place) = start.map_err(db_err)?;
		let (aggregate, count) = place.value();
		let offset = reading.arrival.saturating_sub(first.value());
		if offset >= u64::from(count) {
			return Ok(reading);
		}
		let leaf_index = u32::try_from(offset.saturating_mul(2)).unwrap_or(u32::MAX);
		let tree = self.tree(txn, aggregate)?.ok_or_else(|| {
			redb::Error::Corrupted(format!("aggregate {aggregate} has no stored leaves"))
		})?;
		let proof = tree.proof(leaf_index).map(|p| p.siblings).ok_or_else(|| {
			redb::Error::Corrupted(format!("aggregate {aggregate} has no leaf {leaf_index}"))
		})?;
		reading.placement = Some(Placement { aggregate, leaf_index, proof });
		Ok(reading)
	}

	/// Records where aggregate `seq` is.
	pub fn set_status(&self, seq: u64, status: AggregateStatus) -> Result<(), Error> {
		let txn = self.db.begin_write().map_err(db_err)?;
		{
			let mut table = txn.open_table(AGGREGATES).map_err(db_err)?;
			let record = match table.get(seq).map_err(db_err)? {
				Some(bytes) => decode_aggregate(bytes.value())?,
				None => return Ok(()),
			};
			let record = AggregateRecord { status, ..record };
			table.insert(seq, record.encode().as_slice()).map_err(db_err)?;
		}
		txn.commit().map_err(db_err)
	}

	/// Aggregate `seq`.
	pub fn aggregate(&self, seq: u64) -> Result<Option<AggregateRecord>, Error> {
		let txn = self.db.begin_read().map_err(db_err)?;
		let table = txn.open_table(AGGREGATES).map_err(db_err)?;
		table.get(seq).map_err(db_err)?.map(|bytes| decode_aggregate(bytes.value())).transpose()
	}

	/// The aggregates not final yet, oldest first.
	pub fn unfinished(&self) -> Result<Vec<AggregateRecord>, Error> {
		let txn = self.db.begin_read().map_err(db_err)?;
		let table = txn.open_table(AGGREGATES).map_err(db_err)?;
		let mut out = Vec::new();
		// Aggregates become final in order, so the unfinished ones are the last few: walk back.
		for entry in table.iter().map_err(db_err)?.rev() {
			let (_, bytes) = entry.map_err(db_err)?;
			let record = decode_aggregate(bytes.value())?;
			if matches!(record.status, AggregateStatus::Final { .. }) {
				break;
			}
			out.push(record);
		}
		out.reverse();
		Ok(out)
	}

	/// The arrival number of reading `(device, seq)`, and a snapshot that holds it (or, if
	/// there is no such reading, a snapshot).
	fn find(
		&self,
		device: [u8; 32],
		seq: u64,
	) -> Result<(redb::ReadTransaction, Option<u64>), Error> {
		// The readings waiting for the index first, then a snapshot: a reading indexed in
		// between is in the snapshot, as the index was committed before it left `recent`.
		let waiting = self.recent_of(device, seq, seq).first().map(|(_, arrival)| *arrival);
		let txn = self.db.begin_read().map_err(db_err)?;
		let arrival = match waiting {
			Some(arrival) => Some(arrival),
			None => txn
				.open_table(BY_DEVICE)
				.map_err(db_err)?
				.get((device, seq))
				.map_err(db_err)?
				.map(|v| v.value()),
		};
		Ok((txn, arrival))
	}

	/// `device`'s readings waiting for the index with numbers in `from..=to`: (number, arrival).
	fn recent_of(&self, device: [u8; 32], from: u64, to: u64) -> Vec<(u64, u64)> {
		let recent = self.recent.read().unwrap_or_else(PoisonError::into_inner);
		recent.0.range((device, from)..=(device, to)).map(|((_, seq), a)| (*seq, *a)).collect()
	}

	/// A snapshot's tables for reading readings with their places ([`Self::at`]).
	fn reader(&self, txn: redb::ReadTransaction) -> Result<Reader, Error> {
		let readings = txn.open_table(READINGS).map_err(db_err)?;
		let starts = txn.open_table(AGGREGATE_STARTS).map_err(db_err)?;
		Ok(Reader { txn, readings, starts })
	}

	/// The reading with arrival number `arrival`, placed.
	fn at(&self, reader: &Reader, arrival: u64) -> Result<Option<StoredReading>, Error> {
		let Some(bytes) = reader.readings.get(arrival).map_err(db_err)? else { return Ok(None) };
		self.placed(&reader.txn, &reader.starts, decode_reading(bytes.value())?).map(Some)
	}

	/// The reading `(device, seq)`.
	pub fn reading(&self, device: [u8; 32], seq: u64) -> Result<Option<StoredReading>, Error> {
		let (txn, arrival) = self.find(device, seq)?;
		match arrival {
			Some(arrival) => self.at(&self.reader(txn)?, arrival),
			None => Ok(None),
		}
	}

	/// Up to `limit` readings of `device` with numbers from `from` up, and the number to ask
	/// from for the next page (`None` on the last page).
	pub fn readings(
		&self,
		device: [u8; 32],
		from: u64,
		limit: usize,
	) -> Result<(Vec<StoredReading>, Option<u64>), Error> {
		// Those waiting for the index are newer than every indexed one of the device; a reading
		// indexed meanwhile may be in both, once.
		let waiting = self.recent_of(device, from, u64::MAX);
		let txn = self.db.begin_read().map_err(db_err)?;
		let mut found: BTreeMap<u64, u64> = BTreeMap::new();
		let index = txn.open_table(BY_DEVICE).map_err(db_err)?;
		for entry in index.range((device, from)..=(device, u64::MAX)).map_err(db_err)? {
			if found.len() > limit {
				break;
			}
			let (key, arrival) = entry.map_err(db_err)?;
			found.insert(key.value().1, arrival.value());
		}
		found.extend(waiting);
		drop(index);
		let reader = self.reader(txn)?;
		let mut items = Vec::new();
		let mut next = None;
		for (seq, arrival) in found {
			if items.len() == limit {
				next = Some(seq);
				break;
			}
			if let Some(reading) = self.at(&reader, arrival)? {
				items.push(reading);
			}
		}
		Ok((items, next))
	}

	/// Aggregate `record`'s readings from its `from`th, [`READ_CHUNK`] at most, placed, in leaf
	/// order, from one snapshot.
	pub fn aggregate_readings(
		&self,
		record: &AggregateRecord,
		from: u32,
	) -> Result<Vec<StoredReading>, Error> {
		let txn = self.db.begin_read().map_err(db_err)?;
		let starts = txn.open_table(AGGREGATE_STARTS).map_err(db_err)?;
		self.aggregate_chunk(&txn, record, from)?
			.into_iter()
			.map(|reading| self.placed(&txn, &starts, reading))
			.collect()
	}

	/// When each of aggregate `record`'s readings from its `from`th ([`READ_CHUNK`] at most) was
	/// accepted, in leaf order.
	pub fn accepted_times(&self, record: &AggregateRecord, from: u32) -> Result<Vec<u64>, Error> {
		let txn = self.db.begin_read().map_err(db_err)?;
		Ok(self.aggregate_chunk(&txn, record, from)?.iter().map(|r| r.accepted_at).collect())
	}

	fn aggregate_chunk(
		&self,
		txn: &redb::ReadTransaction,
		record: &AggregateRecord,
		from: u32,
	) -> Result<Vec<StoredReading>, Error> {
		let arrivals = record.arrivals();
		let start = arrivals.start.saturating_add(u64::from(from)).min(arrivals.end);
		let end = start.saturating_add(READ_CHUNK as u64).min(arrivals.end);
		let table = txn.open_table(READINGS).map_err(db_err)?;
		let mut out = Vec::with_capacity(usize::try_from(end.saturating_sub(start)).unwrap_or(0));
		for entry in table.range(start..end).map_err(db_err)? {
			out.push(decode_reading(entry.map_err(db_err)?.1.value())?);
		}
		Ok(out)
	}

	/// `device`'s readings in aggregate `record`, placed, by number: read from the device's
	/// newest back to the first older than the aggregate.
	pub fn device_readings_in(
		&self,
		device: [u8; 32],
		record: &AggregateRecord,
	) -> Result<Vec<StoredReading>, Error> {
		let arrivals = record.arrivals();
		let waiting = self.recent_of(device, 0, u64::MAX);
		let txn = self.db.begin_read().map_err(db_err)?;
		let index = txn.open_table(BY_DEVICE).map_err(db_err)?;
		let mut found: BTreeMap<u64, u64> = waiting.into_iter().collect();
		for entry in index.range((device, 0)..=(device, u64::MAX)).map_err(db_err)?.rev() {
			let (key, arrival) = entry.map_err(db_err)?;
			if arrival.value() < arrivals.start {
				break;
			}
			found.insert(key.value().1, arrival.value());
		}
		drop(index);
		let reader = self.reader(txn)?;
		let mut out = Vec::new();
		for arrival in found.into_values().filter(|arrival| arrivals.contains(arrival)) {
			out.extend(self.at(&reader, arrival)?);
		}
		Ok(out)
	}
}

fn meta_value(txn: &redb::ReadTransaction, name: &str) -> Result<Option<u64>, Error> {
	let meta = txn.open_table(META).map_err(db_err)?;
	Ok(meta.get(name).map_err(db_err)?.map(|v| v.value()))
}

fn corrupt(what: &str, error: codec::Error) -> Error {
	redb::Error::Corrupted(format!("a stored {what} does not decode: {error}"))
}

fn decode_reading(mut bytes: &[u8]) -> Result<StoredReading, Error> {
	StoredReading::decode(&mut bytes).map_err(|e| corrupt("reading", e))
}

fn decode_batch(mut bytes: &[u8]) -> Result<StoredBatch, Error> {
	StoredBatch::decode(&mut bytes).map_err(|e| corrupt("batch", e))
}

fn decode_aggregate(mut bytes: &[u8]) -> Result<AggregateRecord, Error> {
	AggregateRecord::decode(&mut bytes).map_err(|e| corrupt("aggregate", e))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]
mod tests {
	use super::*;
	use redb::ReadableTableMetadata;
	use sp_core::{ed25519, Pair};

	const GENESIS: H256 = H256::repeat_byte(0x45);

	fn reading(
		key: &ed25519::Pair,
		seq: u64,
		payload: &str,
	) -> (ReadingEnvelope<AccountId32>, Vec<u8>, u64) {
		let device = AccountId32::new(key.public().0);
		let payload_digest = merkle::reading_leaf(payload.as_bytes());
		let message = iotchain_primitives::reading::reading_payload(
			&GENESIS,
			&device,
			seq,
			1_000 + seq,
			&payload_digest,
		);
		let envelope = ReadingEnvelope {
			device,
			seq,
			timestamp: 1_000 + seq,
			payload_digest,
			signature: key.sign(&message).into(),
		};
		(envelope, payload.as_bytes().to_vec(), 5)
	}

	fn no_flags(_: usize, _: &ReadingEnvelope<AccountId32>) -> Annotation {
		Annotation::default()
	}

	#[test]
	fn numbers_must_rise_and_a_retransmission_is_a_duplicate() {
		let dir = tempfile::tempdir().unwrap();
		let store = Store::open(dir.path(), 16).unwrap();
		let key = ed25519::Pair::from_seed(&[1; 32]);
		let outcomes = store
			.accept(
				vec![reading(&key, 3, "a"), reading(&key, 3, "a"), reading(&key, 2, "b")],
				no_flags,
			)
			.unwrap();
		assert!(matches!(outcomes[0], StoreOutcome::Accepted(_)));
		assert!(matches!(outcomes[1], StoreOutcome::Duplicate(_)), "the same envelope again");
		assert_eq!(outcomes[2], StoreOutcome::Replayed, "below the highest");
		let outcomes = store.accept(vec![reading(&key, 3, "other")], no_flags).unwrap();
		assert_eq!(outcomes[0], StoreOutcome::Replayed, "another envelope under a used number");
		assert_eq!(store.queue_depth().unwrap(), 1);
	}

	#[test]
	fn an_aggregate_takes_the_queue_in_order_with_proofs_that_verify() {
		let dir = tempfile::tempdir().unwrap();
		let store = Store::open(dir.path(), 16).unwrap();
		let a = ed25519::Pair::from_seed(&[1; 32]);
		let b = ed25519::Pair::from_seed(&[2; 32]);
		let batch = vec![reading(&a, 0, "1"), reading(&b, 0, "2"), reading(&a, 1, "3")];
		store.accept(batch, no_flags).unwrap();
		assert_eq!(store.build_aggregate(10, 0).unwrap(), None, "no number from the chain yet");
		store.set_next_aggregate(7).unwrap();
		let record = store.build_aggregate(2, 0).unwrap().unwrap();
		assert_eq!((record.seq, record.leaf_count, record.readings()), (7, 4, 2));
		assert_eq!(store.queue_depth().unwrap(), 1);
		let stored = store.reading(a.public().0, 0).unwrap().unwrap();
		let placement = stored.placement.clone().unwrap();
		assert_eq!((placement.aggregate, placement.leaf_index), (7, 0));
		assert!(merkle::verify(&record.root, &stored.leaf(), 0, 4, &placement.proof));
		assert_eq!(placement.proof[0], merkle::leaf_node(&stored.annotation_leaf()));
		let next = store.build_aggregate(10, 0).unwrap().unwrap();
		assert_eq!((next.seq, next.first_arrival, next.readings()), (8, 2, 1));
		let members = store.aggregate_readings(&next, 0).unwrap();
		assert_eq!(members.len(), 1);
		assert_eq!(
			(members[0].envelope.seq, members[0].placement.clone().unwrap().aggregate),
			(1, 8)
		);
		assert_eq!(store.build_aggregate(10, 0).unwrap(), None);
		assert_eq!(store.unfinished().unwrap().len(), 2);
		store.set_status(7, AggregateStatus::Final { block: 3, hash: H256::zero() }).unwrap();
		assert_eq!(store.unfinished().unwrap().iter().map(|r| r.seq).collect::<Vec<_>>(), [8]);
		// Reopened, with no tree in memory: the proof is rebuilt from the stored leaves.
		drop(store);
		let store = Store::open(dir.path(), 16).unwrap();
		let again = store.reading(a.public().0, 0).unwrap().unwrap();
		assert_eq!(again.placement, Some(placement));
		let last = store.reading(a.public().0, 1).unwrap().unwrap().placement.unwrap();
		assert_eq!((last.aggregate, last.leaf_index, last.proof.len()), (8, 0, 1));
	}

	#[test]
	fn a_batch_root_is_queued_once_then_leaves_the_queue_on_chain_and_the_unfinal_set_once_final() {
		let dir = tempfile::tempdir().unwrap();
		let store = Store::open(dir.path(), 16).unwrap();
		let key = ed25519::Pair::from_seed(&[1; 32]);
		let batch = BatchSubmission {
			device: AccountId32::new(key.public().0),
			seq: 4,
			root: H256::repeat_byte(1),
			leaf_count: 10,
			first_ts: 1,
			last_ts: 2,
			signature: key.sign(b"x").into(),
		};
		assert!(matches!(store.accept_batch(batch.clone(), 9).unwrap(), BatchOutcome::Accepted(_)));
		assert!(
			matches!(store.accept_batch(batch.clone(), 10).unwrap(), BatchOutcome::Duplicate(s) if s.accepted_at == 9)
		);
		let other = BatchSubmission { root: H256::repeat_byte(2), ..batch.clone() };
		assert_eq!(store.accept_batch(other, 10).unwrap(), BatchOutcome::Replayed);
		assert_eq!(store.queued_batches(10).unwrap().len(), 1);
		let device = key.public().0;
		store.set_batch_status(device, 4, BatchStatus::InBlock { block: 7 }).unwrap();
		assert!(store.queued_batches(10).unwrap().is_empty());
		assert_eq!(store.unfinal_batches().unwrap().len(), 1);
		store.set_batch_status(device, 4, BatchStatus::Final { block: 7 }).unwrap();
		assert!(store.unfinal_batches().unwrap().is_empty());
		// Two roots relayed in one block that was not the one finalized both go back in line.
		let two: Vec<_> = (5..7).map(|seq| BatchSubmission { seq, ..batch.clone() }).collect();
		for (at, batch) in two.iter().enumerate() {
			store.accept_batch(batch.clone(), at as u64).unwrap();
			store.set_batch_status(device, batch.seq, BatchStatus::InBlock { block: 8 }).unwrap();
		}
		assert!(store.queued_batches(10).unwrap().is_empty());
		for batch in &two {
			store.set_batch_status(device, batch.seq, BatchStatus::Queued).unwrap();
		}
		let queued = store.queued_batches(10).unwrap();
		assert_eq!(queued.iter().map(|s| s.batch.seq).collect::<Vec<_>>(), [6, 5]);
		assert_eq!(
			store.batch(device, 4).unwrap().unwrap().status,
			BatchStatus::Final { block: 7 }
		);
	}

	#[test]
	fn what_was_committed_survives_reopening_and_pages_by_number() {
		let dir = tempfile::tempdir().unwrap();
		let key = ed25519::Pair::from_seed(&[1; 32]);
		{
			let store = Store::open(dir.path(), 16).unwrap();
			store.accept((0..5).map(|s| reading(&key, s, "x")).collect(), no_flags).unwrap();
		}
		let store = Store::open(dir.path(), 16).unwrap();
		let (page, next) = store.readings(key.public().0, 0, 2).unwrap();
		assert_eq!(page.iter().map(|r| r.envelope.seq).collect::<Vec<_>>(), [0, 1]);
		assert_eq!(next, Some(2));
		let (page, next) = store.readings(key.public().0, 4, 2).unwrap();
		assert_eq!((page.len(), next), (1, None));
		assert_eq!(store.queue_depth().unwrap(), 5);
		// The device's highest number is read back too: a lower one is a replay, the same
		// envelope a duplicate, a higher one new.
		let outcomes = store
			.accept(
				vec![reading(&key, 2, "other"), reading(&key, 4, "x"), reading(&key, 5, "x")],
				no_flags,
			)
			.unwrap();
		assert_eq!(outcomes[0], StoreOutcome::Replayed);
		assert!(matches!(outcomes[1], StoreOutcome::Duplicate(_)));
		assert!(matches!(&outcomes[2], StoreOutcome::Accepted(r) if r.arrival == 5));
	}

	#[test]
	fn readings_are_found_before_during_and_after_their_index_is_written() {
		let dir = tempfile::tempdir().unwrap();
		let a = ed25519::Pair::from_seed(&[1; 32]);
		let b = ed25519::Pair::from_seed(&[2; 32]);
		let (ida, idb) = (a.public().0, b.public().0);
		let waiting = |store: &Store| store.recent.read().unwrap().0.len();
		{
			let store = Store::open(dir.path(), 16).unwrap().indexing_every(4);
			store.set_next_aggregate(0).unwrap();
			// Six of a's and two of b's wait: fewer than eight per device.
			store.accept((0..6).map(|s| reading(&a, s, "a")).collect(), no_flags).unwrap();
			store.accept(vec![reading(&b, 0, "b"), reading(&b, 1, "b")], no_flags).unwrap();
			assert_eq!(waiting(&store), 8);
			assert_eq!(store.reading(ida, 4).unwrap().unwrap().arrival, 4);
			// An aggregate of the first five, while they wait for the index.
			let first = store.build_aggregate(5, 0).unwrap().unwrap();
			// Eight more of a's: sixteen waiting, eight per device: the index is written.
			store.accept((6..14).map(|s| reading(&a, s, "a")).collect(), no_flags).unwrap();
			assert_eq!(waiting(&store), 0, "indexed");
			// A retransmission stores nothing, so it does not count its device as waiting.
			let outcomes = store.accept(vec![reading(&b, 0, "b")], no_flags).unwrap();
			assert!(matches!(&outcomes[0], StoreOutcome::Duplicate(r) if r.arrival == 6));
			assert_eq!(*store.recent.read().unwrap(), (Recent::new(), 0));
			store.accept(vec![reading(&a, 14, "a"), reading(&b, 2, "b")], no_flags).unwrap();
			assert_eq!(waiting(&store), 2);
			// Pages run across the index and what waits for it, by number.
			let (page, next) = store.readings(ida, 11, 3).unwrap();
			assert_eq!(page.iter().map(|r| r.envelope.seq).collect::<Vec<_>>(), [11, 12, 13]);
			assert_eq!(next, Some(14));
			let (page, next) = store.readings(ida, 14, 3).unwrap();
			assert_eq!((page.len(), page[0].arrival, next), (1, 16, None));
			let (page, _) = store.readings(idb, 0, 10).unwrap();
			assert_eq!(page.iter().map(|r| r.envelope.seq).collect::<Vec<_>>(), [0, 1, 2]);
			// An indexed number again: the same envelope is a duplicate, another a replay.
			let outcomes = store
				.accept(
					vec![reading(&a, 3, "a"), reading(&a, 3, "x"), reading(&b, 1, "b")],
					no_flags,
				)
				.unwrap();
			assert!(matches!(&outcomes[0], StoreOutcome::Duplicate(r) if r.arrival == 3));
			assert_eq!(outcomes[1], StoreOutcome::Replayed);
			assert!(matches!(&outcomes[2], StoreOutcome::Duplicate(r) if r.arrival == 7));
			// The first aggregate's readings of a device, by number; proofs from its tree.
			let of_a = store.device_readings_in(ida, &first).unwrap();
			assert_eq!(of_a.iter().map(|r| r.envelope.seq).collect::<Vec<_>>(), [0, 1, 2, 3, 4]);
			assert!(store.device_readings_in(idb, &first).unwrap().is_empty());
			let placement = of_a[4].placement.clone().unwrap();
			assert_eq!((placement.aggregate, placement.leaf_index), (0, 8));
			assert!(merkle::verify(&first.root, &of_a[4].leaf(), 8, 10, &placement.proof));
		}
		// Reopened: what waited for the index waits again, and the heads are as they were.
		let store = Store::open(dir.path(), 16).unwrap().indexing_every(4);
		assert_eq!(waiting(&store), 2);
		let outcomes = store
			.accept(
				vec![reading(&a, 14, "other"), reading(&b, 2, "b"), reading(&a, 15, "a")],
				no_flags,
			)
			.unwrap();
		assert_eq!(outcomes[0], StoreOutcome::Replayed);
		assert!(matches!(&outcomes[1], StoreOutcome::Duplicate(r) if r.arrival == 17));
		assert!(matches!(&outcomes[2], StoreOutcome::Accepted(r) if r.arrival == 18));
		assert_eq!(store.reading(ida, 13).unwrap().unwrap().arrival, 15);
		assert_eq!(store.queue_depth().unwrap(), 19 - 5);
		let second = store.build_aggregate(100, 0).unwrap().unwrap();
		assert_eq!((second.first_arrival, second.readings()), (5, 14));
		let chunk = store.aggregate_readings(&second, 10).unwrap();
		assert_eq!(chunk.iter().map(|r| r.arrival).collect::<Vec<_>>(), [15, 16, 17, 18]);
		assert!(chunk.iter().all(|r| r.placement.as_ref().is_some_and(|p| p.aggregate == 1)));
		assert_eq!(store.accepted_times(&second, 10).unwrap(), [5; 4]);
		assert_eq!(store.queue_depth().unwrap(), 0);
	}

	#[test]
	fn a_store_of_another_format_is_refused_and_left_as_it_is() {
		// Readings as the first two formats kept them, by device and number.
		const OLD_READINGS: TableDefinition<([u8; 32], u64), &[u8]> =
			TableDefinition::new("readings");
		for format in [None, Some(2)] {
			let dir = tempfile::tempdir().unwrap();
			let path = dir.path().join("gateway.redb");
			{
				// The first format has no `format` in `meta`; the second says 2.
				let db = Database::create(&path).unwrap();
				let txn = db.begin_write().unwrap();
				txn.open_table(OLD_READINGS).unwrap().insert(([1; 32], 1), &[0u8][..]).unwrap();
				if let Some(format) = format {
					txn.open_table(META).unwrap().insert(FORMAT, format).unwrap();
				}
				txn.commit().unwrap();
			}
			let error = Store::open(dir.path(), 16).err().unwrap().to_string();
			let expected = format!("store format {}, this one reads 3", format.unwrap_or(1));
			assert!(error.contains(&expected), "{error}");
			let db = Database::create(&path).unwrap();
			let txn = db.begin_read().unwrap();
			assert_eq!(txn.open_table(OLD_READINGS).unwrap().len().unwrap(), 1, "nothing changed");
			let tables: Vec<String> = txn
				.list_tables()
				.unwrap()
				.map(|t| redb::TableHandle::name(&t).to_string())
				.collect();
			let expected_tables = if format.is_some() { 2 } else { 1 };
			assert_eq!(tables.len(), expected_tables, "no table added: {tables:?}");
			if format.is_none() {
				assert!(txn.open_table(META).is_err(), "no format written");
			}
		}
	}
}
