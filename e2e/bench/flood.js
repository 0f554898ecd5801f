// The measuring half of the throughput benchmark: a watcher that follows the node's best and
// finalized heads (every block's extrinsic hashes, timestamp and consumed weight), and a flood
// that submits pre-signed transactions as fast as the node accepts them and times each one from
// submission to inclusion and to finality.

import { hexToU8a } from '@polkadot/util';
import { blake2AsHex } from '@polkadot/util-crypto';

/** Percentile `p` (0-100) of `values` (nearest rank); NaN for none. */
export function percentile(values, p) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

/**
 * Follows the chain: each new best block is fetched (its extrinsics hashed, its `Timestamp::Now`
 * and `System::BlockWeight` read) in order, and reported to the current listener with the time
 * its header arrived; each finalized head marks it and its unfinalized ancestors finalized.
 */
export class ChainWatcher {
  constructor(api) {
    this.api = api;
    this.provider = api._rpcCore.provider;
    this.blocks = new Map(); // hash -> block record
    this.listener = undefined;
    this.queue = Promise.resolve();
    this.keys = {
      now: api.query.timestamp.now.key(),
      weight: api.query.system.blockWeight.key(),
    };
  }

  async start() {
    this.unsubscribeNew = await this.api.rpc.chain.subscribeNewHeads((header) => {
      const seenAt = performance.now();
      this.queue = this.queue.then(() => this.record(header.hash.toHex(), header, seenAt)).catch((err) => {
        console.error(`watcher: ${err.message}`);
      });
    });
    this.unsubscribeFinal = await this.api.rpc.chain.subscribeFinalizedHeads((header) => {
      const seenAt = performance.now();
      this.queue = this.queue.then(() => this.finalize(header.hash.toHex(), seenAt));
    });
  }

  stop() {
    this.unsubscribeNew?.();
    this.unsubscribeFinal?.();
  }

  /** Reads a block once: parent first if it was skipped (only back to the first one seen). */
  async record(hash, header, seenAt) {
    if (this.blocks.has(hash)) return this.blocks.get(hash);
    const parentHash = header.parentHash.toHex();
    if (this.blocks.size > 0 && !this.blocks.has(parentHash)) {
      const parent = await this.api.rpc.chain.getHeader(parentHash);
      if (parent.number.toNumber() >= this.firstNumber) await this.record(parentHash, parent, seenAt);
    }
    const [block, changes] = await Promise.all([
      this.provider.send('chain_getBlock', [hash]),
      this.provider.send('state_queryStorageAt', [[this.keys.now, this.keys.weight], hash]),
    ]);
    // Genesis has neither value: `null` decodes as zero.
    // (Given as bytes: a hex string would be read as a number, not as SCALE.)
    const values = new Map(changes[0].changes.map(([key, value]) => [key, value ? hexToU8a(value) : undefined]));
    const weight = this.api.createType('FrameSupportDispatchPerDispatchClassWeight', values.get(this.keys.weight));
    const record = {
      hash,
      parentHash,
      number: header.number.toNumber(),
      seenAt,
      finalizedAt: undefined,
      timestamp: this.api.createType('u64', values.get(this.keys.now)).toNumber(),
      normalRefTime: weight.normal.refTime.toBigInt(),
      txHashes: block.block.extrinsics.map((hex) => blake2AsHex(hexToU8a(hex), 256)),
      length: block.block.extrinsics.reduce((sum, hex) => sum + (hex.length - 2) / 2, 0),
    };
    this.firstNumber ??= record.number;
    this.blocks.set(hash, record);
    this.listener?.onBlock(record);
    return record;
  }

  async finalize(hash, seenAt) {
    let record = this.blocks.get(hash);
    while (record && record.finalizedAt === undefined) {
      record.finalizedAt = seenAt;
      this.listener?.onFinalized(record);
      record = this.blocks.get(record.parentHash);
    }
  }
}

/**
 * Submits `txs` (`{hex, hash}`, in order) over `providers` with `inFlight` requests outstanding
 * at a time, and waits until every accepted transaction is finalized, or until `stallMs` pass
 * without progress. Returns each transaction's times and the blocks that carried them.
 */
export async function flood(watcher, providers, txs, { inFlight, stallMs, onProgress }) {
  const byHash = new Map(txs.map((tx, index) => [tx.hash, { index }]));
  const carried = new Map(); // block hash -> { record, count }
  const rejected = new Map(); // reason -> count
  let accepted = 0;
  let included = 0;
  let finalized = 0;
  let lastProgress = performance.now();

  watcher.listener = {
    onBlock(record) {
      let count = 0;
      for (const hash of record.txHashes) {
        const entry = byHash.get(hash);
        if (entry && entry.includedAt === undefined) {
          entry.includedAt = record.seenAt;
          entry.block = record.hash;
          count += 1;
        }
      }
      if (count === 0) return;
      included += count;
      lastProgress = performance.now();
      carried.set(record.hash, { record, count });
      onProgress?.({ record, count, included, accepted, total: txs.length });
    },
    onFinalized(record) {
      const entry = carried.get(record.hash);
      if (!entry) return;
      finalized += entry.count;
      lastProgress = performance.now();
    },
  };

  let next = 0;
  const started = performance.now();
  const worker = async (provider) => {
    while (next < txs.length) {
      const tx = txs[next];
      next += 1;
      const entry = byHash.get(tx.hash);
      entry.submittedAt = performance.now();
      try {
        await provider.send('author_submitExtrinsic', [tx.hex]);
        accepted += 1;
      } catch (err) {
        entry.rejected = true;
        const reason = String(err.message ?? err).slice(0, 120);
        rejected.set(reason, (rejected.get(reason) ?? 0) + 1);
      }
    }
  };
  const workers = Array.from({ length: inFlight }, (_, i) => worker(providers[i % providers.length]));
  await Promise.all(workers);
  const submittedIn = performance.now() - started;
  lastProgress = Math.max(lastProgress, performance.now());

  // Finalized blocks are attributed in the watcher's queue: wait for it to catch up each round.
  while (finalized < accepted && performance.now() - lastProgress < stallMs) {
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await watcher.queue;
  watcher.listener = undefined;

  // Finality only counts for transactions also seen included (a finalized block whose inclusion
  // was seen): a dropped transaction has neither.
  for (const { record } of carried.values()) {
    if (record.finalizedAt === undefined) continue;
    for (const hash of record.txHashes) {
      const entry = byHash.get(hash);
      if (entry && entry.block === record.hash) entry.finalizedAt = record.finalizedAt;
    }
  }
  return {
    entries: [...byHash.values()],
    blocks: [...carried.values()].sort((a, b) => a.record.number - b.record.number),
    accepted,
    rejected,
    submittedIn,
  };
}
