#!/usr/bin/env node
// Fault tests on the local four-validator network (alice, bob, charlie, dave + a full node),
// started as plain processes by lib/network.mjs so that nodes can be stopped and started again
// on the same base path and keys (zombienet's native provider cannot keep a node down across
// steps). Every check reads the nodes' JSON-RPC or Prometheus figures, every wait is bounded,
// and the network is always torn down: on success, on failure, on Ctrl-C or SIGTERM.
//
//   1. one of four validators down: blocks and GRANDPA finality continue (3 of 4 > 2/3)
//   2. it comes back: catches up to the finalized head, authors a block and votes again
//   3. two of four down: blocks continue with gaps, finality stalls
//   4. one of them back: finality resumes and catches up by itself
//   5. the full node restarted on its database comes back at the finalized hash it had
//   6. a fresh node (empty database, warp sync) syncs to the same finalized hash
//
// usage: node faults.mjs --chain-spec <raw spec> [--dir DIR] [--results <file.json>] [--keep]
//   --dir   base paths, logs and <node>.pid files go there (default: a new directory in /tmp)
//   --keep  keep them after a successful run too (they are always kept after a failure)
// Prints one PASS/FAIL line per test with its timings and, last, `N passed, N failed`.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { authorityKeys } from './lib/chain-spec.mjs';
import {
  LocalNetwork,
  SLOT_MS,
  VALIDATOR_NAMES,
  auraSlot,
  rpcCall,
  sleep,
  waitFor,
} from './lib/network.mjs';

const { values: opts } = parseArgs({
  options: {
    'chain-spec': { type: 'string' },
    results: { type: 'string' },
    dir: { type: 'string' },
    keep: { type: 'boolean', default: Boolean(process.env.IOTCHAIN_FAULTS_KEEP) },
  },
});
if (!opts['chain-spec']) {
  console.error('usage: node faults.mjs --chain-spec <raw spec> [--dir DIR] [--results <file.json>] [--keep]');
  process.exit(2);
}

// Bounds of the waits, in ms.
const WARMUP_MS = 120_000; // all nodes connected and finalizing after the start
const PROGRESS_MS = 90_000; // finality advancing by FINALITY_STEP blocks with one validator down
const CATCH_UP_MS = 90_000; // a restarted node reaching the others' heads
const AUTHOR_MS = 8 * SLOT_MS + 30_000; // a returning validator's next slot, plus finality
const SETTLE_MS = 2 * SLOT_MS; // after stopping two validators, before the stall window
const STALL_WINDOW_MS = 6 * SLOT_MS; // finality must not move in this window
const RESUME_MS = 120_000; // finality resuming after one of the two returns
const SYNC_MS = 120_000; // a fresh node syncing
const FINALITY_STEP = 3;
const OUTAGE_SLOTS = 8; // slots watched with one validator down

const started = Date.now();
const dir = opts.dir ? path.resolve(opts.dir) : fs.mkdtempSync(path.join(os.tmpdir(), 'iotchain-faults-'));
fs.mkdirSync(dir, { recursive: true });
const net = new LocalNetwork({ chainSpec: path.resolve(opts['chain-spec']), dir });
const results = [];
let teardownDone;

const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
const log = (msg) => console.log(`  [${secs(Date.now() - started).padStart(7)}] ${msg}`);

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/** Stops every node (once, however often it is called); keeps the directory after a failure. */
function teardown({ interrupted = false } = {}) {
  teardownDone ??= (async () => {
    await net.stopAll();
    const failed = interrupted || results.some((r) => !r.ok);
    if (opts.keep || failed) console.log(`  node logs and databases kept in ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  })();
  return teardownDone;
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    console.log(`\n${signal}: stopping the network`);
    await teardown({ interrupted: true });
    process.exit(128 + os.constants.signals[signal]);
  });
}

// ---- chain helpers --------------------------------------------------------------------------

const running = () => net.names.filter((name) => net.isRunning(name));

async function statuses(names = running()) {
  const entries = await Promise.all(names.map(async (name) => [name, await net.status(name)]));
  return Object.fromEntries(entries);
}

function describe(all) {
  return Object.entries(all)
    .map(([name, s]) => `${name} #${s.best}/#${s.finalized} (${s.peers} peers)`)
    .join(', ');
}

/** A Prometheus figure of node `name` (first sample of `metric`, optionally filtered by labels). */
async function metric(name, metricName, labels = {}) {
  const samples = await net.metrics(name);
  const sample = samples.find(
    (s) => s.name === metricName && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
  return sample?.value;
}

/** Aura authorities (sr25519 public keys, hex) as the runtime reports them at `hash`. */
async function auraAuthorities(name, hash) {
  const hex = await rpcCall(net.node(name).rpcUrl, 'state_call', ['AuraApi_authorities', '0x', hash]);
  const bytes = Buffer.from(hex.slice(2), 'hex');
  // SCALE Vec<[u8; 32]>: compact length (single-byte mode up to 63), then the keys.
  const mode = bytes[0] & 3;
  assert(mode === 0, 'more than 63 Aura authorities');
  const count = bytes[0] >> 2;
  return Array.from({ length: count }, (_, i) => `0x${bytes.subarray(1 + 32 * i, 33 + 32 * i).toString('hex')}`);
}

let keyNames; // Aura public key (hex) -> validator name
const authoritiesAt = new Map(); // block hash -> Aura authorities' names in its state

/** The Aura authorities (names) in the state of block `hash`: who owns which slot after it. */
async function authorities(name, hash) {
  if (!authoritiesAt.has(hash)) {
    authoritiesAt.set(hash, (await auraAuthorities(name, hash)).map((key) => keyNames[key] ?? key));
  }
  return authoritiesAt.get(hash);
}

/** `[{number, hash, slot, author, owners}]` of blocks `from..to` on `name`'s best chain. */
async function blocks(name, from, to) {
  const out = [];
  for (let n = from; n <= to; n++) {
    const hash = await net.blockHash(name, n);
    if (!hash) break;
    const header = await net.header(name, hash);
    const slot = auraSlot(header);
    // A block's slot belongs to authorities[slot % count] of its parent's state.
    const owners = n === 0 ? [] : await authorities(name, header.parentHash);
    out.push({ number: n, hash, slot, author: owners[slot % owners.length], owners });
  }
  return out;
}

/** "N blocks in S slots, every X s; empty slots: ..." for consecutive `list` from `blocks()`. */
function production(list) {
  if (list.length < 2) return `${list.length} block(s)`;
  const span = list.at(-1).slot - list[0].slot;
  const missed = {};
  for (let i = 1; i < list.length; i++) {
    const { owners } = list[i];
    for (let s = list[i - 1].slot + 1; s < list[i].slot; s++) {
      const who = owners[s % owners.length];
      missed[who] = (missed[who] ?? 0) + 1;
    }
  }
  const gaps = Object.entries(missed).map(([who, n]) => `${n} of ${who}'s`).join(', ') || 'none';
  return (
    `${list.length - 1} blocks in ${span} slots after #${list[0].number}, ` +
    `one every ${secs((span * SLOT_MS) / (list.length - 1))}; empty slots: ${gaps}`
  );
}

/** Blocks `from..to` agree on every node in `names` (same hash at each height). */
async function sameChain(names, from, to) {
  for (let n = from; n <= to; n++) {
    const hashes = await Promise.all(names.map((name) => net.blockHash(name, n)));
    if (new Set(hashes).size !== 1) {
      throw new Error(`nodes disagree on block #${n}: ${names.map((x, i) => `${x}=${hashes[i]}`).join(' ')}`);
    }
  }
}

/** Starts any stopped node again and waits until every node has caught up with alice. */
async function restoreNetwork() {
  for (const name of net.names) {
    if (!net.isRunning(name)) {
      log(`restoring: starting ${name} again`);
      await net.start(name);
    }
  }
  const { value } = await waitFor(
    'every node to reach alice\'s finalized block',
    async () => {
      const all = await statuses();
      const target = all.alice.finalized;
      return Object.values(all).every((s) => s.finalized >= target && s.peers >= 3) && all;
    },
    { timeoutMs: CATCH_UP_MS },
  );
  return value;
}

async function test(title, body) {
  console.log(`\n${title}`);
  const t0 = Date.now();
  try {
    const summary = await body();
    results.push({ title, ok: true, ms: Date.now() - t0, summary });
    console.log(`PASS ${title} (${secs(Date.now() - t0)})${summary ? `: ${summary}` : ''}`);
  } catch (err) {
    results.push({ title, ok: false, ms: Date.now() - t0, error: err.message });
    console.log(`FAIL ${title} (${secs(Date.now() - t0)}): ${err.message}`);
    for (const name of net.names) {
      console.log(`  --- last lines of ${name}'s log (${net.node(name).logPath}) ---`);
      console.log(net.logTail(name, 12).replace(/^/gm, '  | '));
    }
  }
}

// ---- the tests ------------------------------------------------------------------------------

async function main() {
  await net.init();
  log(`starting alice, bob, charlie, dave (validators) and full in ${dir}`);
  await net.startAll();
  for (const name of net.names) log(`${name.padEnd(7)} ${net.node(name).wsUrl}`);
  const warm = await waitFor(
    `all nodes connected (>= 3 peers) and finality at #${FINALITY_STEP}`,
    async () => {
      const all = await statuses();
      return Object.values(all).every((s) => s.peers >= 3 && s.finalized >= FINALITY_STEP) && all;
    },
    { timeoutMs: WARMUP_MS },
  );
  log(`network finalizing after ${secs(warm.ms)}: ${describe(warm.value)}`);

  keyNames = Object.fromEntries(VALIDATOR_NAMES.map((name) => [authorityKeys(net.binary, name).aura.hex, name]));
  const genesisAuthorities = await authorities('alice', await net.blockHash('alice', 0));
  log(`Aura authorities at genesis (slot % ${genesisAuthorities.length}): ${genesisAuthorities.join(', ')}`);
  assert(
    [...genesisAuthorities].sort().join() === [...VALIDATOR_NAMES].sort().join(),
    `expected alice, bob, charlie and dave as Aura authorities, the chain has ${genesisAuthorities.join(', ')}`,
  );

  // Each test leaves the network as the next one expects; after a failure, the next test
  // restores it (restarts stopped nodes) where it needs to.
  await test('1. one of four validators down (dave): blocks and finality continue', async () => {
    await net.stop('dave');
    const t0 = Date.now();
    const before = await net.status('alice');
    log(`dave stopped; alice at #${before.best}, finalized #${before.finalized}`);
    const { ms } = await waitFor(
      `finality to advance ${FINALITY_STEP} blocks without dave`,
      async () => {
        const all = await statuses();
        return Object.values(all).every((s) => s.finalized >= before.finalized + FINALITY_STEP);
      },
      { timeoutMs: PROGRESS_MS },
    );
    log(`finalized #${before.finalized} -> #${before.finalized + FINALITY_STEP} on every running node in ${secs(ms)}`);
    // Watch block production for OUTAGE_SLOTS slots in all.
    await sleep(Math.max(0, t0 + OUTAGE_SLOTS * SLOT_MS - Date.now()));
    const after = await statuses();
    const made = await blocks('alice', before.best, after.alice.best);
    assert(made.length - 1 >= OUTAGE_SLOTS / 2, `only ${made.length - 1} blocks in ${OUTAGE_SLOTS} slots`);
    assert(!made.slice(1).some((b) => b.author === 'dave'), 'a block was authored in dave\'s slot while dave was down');
    const lag = Math.max(...Object.values(after).map((s) => s.best - s.finalized));
    assert(lag <= 4, `finality fell ${lag} blocks behind the best block`);
    await sameChain(running(), before.finalized, Math.min(...Object.values(after).map((s) => s.finalized)));
    log(`${production(made)}; finality ${lag} blocks behind best`);
    log(describe(after));
    return `finality +${FINALITY_STEP} in ${secs(ms)}, ${lag} behind best; ${production(made)}`;
  });

  await test('2. dave back: catches up to the finalized head, authors a block and votes again', async () => {
    if (net.isRunning('dave')) await net.stop('dave'); // test 1 failed before stopping it
    const t0 = Date.now();
    await net.start('dave');
    const rpcUpMs = Date.now() - t0;
    const head = await net.status('alice');
    const caughtUp = await waitFor(
      `dave to reach alice's finalized #${head.finalized} and best #${head.best}`,
      async () => {
        const [dave, alice] = await Promise.all([net.status('dave'), net.status('alice')]);
        return dave.finalized >= head.finalized && dave.best >= Math.min(head.best, alice.best - 1) && dave;
      },
      { timeoutMs: CATCH_UP_MS },
    );
    const catchUpMs = Date.now() - t0;
    assert(
      (await net.blockHash('dave', head.finalized)) === head.finalizedHash,
      `dave's block #${head.finalized} differs from alice's finalized block`,
    );
    log(`dave's RPC up after ${secs(rpcUpMs)}, caught up with #${head.finalized} after ${secs(catchUpMs)}`);

    // It takes part again: a block in dave's slot, finalized, and GRANDPA precommits of its own.
    let authored;
    await waitFor(
      'a finalized block authored by dave',
      async () => {
        const alice = await net.status('alice');
        const made = await blocks('alice', head.best + 1, alice.finalized);
        authored = made.find((b) => b.author === 'dave');
        return authored;
      },
      { timeoutMs: AUTHOR_MS, intervalMs: 2_000 },
    );
    const authoredMs = Date.now() - t0;
    log(`dave authored #${authored.number} (slot ${authored.slot}), finalized, ${secs(authoredMs)} after its start`);
    const votes = await waitFor(
      'dave to cast GRANDPA precommits',
      async () => {
        const v = await metric('dave', 'substrate_finality_grandpa_precommits_total');
        return v >= 2 && v;
      },
      { timeoutMs: 30_000 },
    );
    const fullVotes = await metric('full', 'substrate_finality_grandpa_precommits_total');
    log(`dave has cast ${votes.value} precommits since its start (the full node, not a voter: ${fullVotes ?? 0})`);
    return (
      `caught up in ${secs(catchUpMs)}, authored finalized #${authored.number} after ${secs(authoredMs)}, ` +
      `${votes.value} precommits`
    );
  });

  let stall;
  await test('3. two of four validators down (charlie, dave): blocks continue with gaps, finality stalls', async () => {
    if (!net.isRunning('dave')) await restoreNetwork();
    await Promise.all([net.stop('charlie'), net.stop('dave')]);
    const t0 = Date.now();
    const atStop = await net.status('alice');
    log(`charlie and dave stopped; waiting ${secs(SETTLE_MS)} for votes in flight`);
    await sleep(SETTLE_MS);
    const start = await statuses();
    log(`stall window of ${secs(STALL_WINDOW_MS)} starts: ${describe(start)}`);
    const finalizedSeen = new Set();
    const windowEnd = Date.now() + STALL_WINDOW_MS;
    while (Date.now() < windowEnd) {
      const all = await statuses();
      for (const s of Object.values(all)) finalizedSeen.add(s.finalized);
      await sleep(2_000);
    }
    const end = await statuses();
    for (const s of Object.values(end)) finalizedSeen.add(s.finalized);
    const made = await blocks('alice', atStop.best, end.alice.best);
    log(`window over: ${describe(end)}`);
    log(`finalized numbers seen in the window: ${[...finalizedSeen].sort((a, b) => a - b).join(', ')}`);
    log(production(made));
    const slots = Math.floor((Date.now() - t0) / SLOT_MS);
    assert(made.length - 1 >= slots / 2 - 1, `only ${made.length - 1} new blocks in ${slots} slots`);
    assert(
      made.slice(1).every((b) => b.author === 'alice' || b.author === 'bob'),
      'a block was authored in a stopped validator\'s slot',
    );
    assert(
      made.some((b, i) => i > 0 && b.slot - made[i - 1].slot > 1),
      'no empty slot in the window, although half of the authorities are down',
    );
    const stalledAt = start.alice.finalized;
    assert(
      finalizedSeen.size === 1 && finalizedSeen.has(stalledAt),
      `finality moved during the window (seen ${[...finalizedSeen].join(', ')})`,
    );
    stall = { at: stalledAt, since: t0, bestAtEnd: end.alice.best };
    return `${production(made)}; finalized stuck at #${stalledAt} for ${secs(Date.now() - t0)}`;
  });

  await test('4. dave back (3 of 4): finality resumes and catches up without intervention', async () => {
    assert(stall, 'test 3 did not leave a stalled network');
    const t0 = Date.now();
    await net.start('dave');
    const rpcUpMs = Date.now() - t0;
    const resumed = await waitFor(
      `finality to move past #${stall.at}`,
      async () => (await net.status('alice')).finalized > stall.at,
      { timeoutMs: RESUME_MS, intervalMs: 500 },
    );
    const resumedMs = Date.now() - t0;
    const bestAtResume = (await net.status('alice')).best;
    const target = Math.max(stall.bestAtEnd, bestAtResume - 3);
    await waitFor(
      `finality to catch up with #${target} on every running node`,
      async () => {
        const all = await statuses();
        return Object.values(all).every((s) => s.finalized >= target && s.best - s.finalized <= 4);
      },
      { timeoutMs: RESUME_MS, intervalMs: 500 },
    );
    const caughtUpMs = Date.now() - t0;
    const all = await statuses();
    await sameChain(running(), stall.at, Math.min(...Object.values(all).map((s) => s.finalized)));
    log(
      `dave's RPC up after ${secs(rpcUpMs)}; finality resumed ${secs(resumedMs)} after dave's start ` +
        `(${secs(Date.now() - stall.since)} after the outage began); caught up (#${target}) after ${secs(caughtUpMs)}`,
    );
    log(describe(all));
    // Charlie comes back as well, for the next tests.
    const restore0 = Date.now();
    await restoreNetwork();
    log(`charlie back and caught up in ${secs(Date.now() - restore0)}`);
    return `finality resumed ${secs(resumedMs)} after dave's start and caught up with #${target} after ${secs(caughtUpMs)}`;
  });

  await test('5. full node restarted on its database: same finalized hash, nothing lost', async () => {
    await restoreNetwork();
    const before = await net.status('full');
    const earlyHashes = await Promise.all(
      Array.from({ length: before.finalized + 1 }, (_, n) => net.blockHash('full', n)),
    );
    await net.stop('full');
    log(`full stopped at finalized #${before.finalized} ${before.finalizedHash}`);
    const t0 = Date.now();
    await net.start('full');
    const finalizedHash = await rpcCall(net.node('full').rpcUrl, 'chain_getFinalizedHead');
    const first = await net.header('full', finalizedHash);
    const firstNumber = parseInt(first.number, 16);
    log(
      `full restarted in ${secs(Date.now() - t0)}; first finalized head it reports: #${firstNumber} ${finalizedHash}` +
        (finalizedHash === before.finalizedHash ? ' (the same block)' : ''),
    );
    assert(firstNumber >= before.finalized, `finalized went back from #${before.finalized} to #${firstNumber}`);
    assert(
      (await net.blockHash('full', before.finalized)) === before.finalizedHash,
      `block #${before.finalized} is not the finalized block it had`,
    );
    const afterHashes = await Promise.all(earlyHashes.map((_, n) => net.blockHash('full', n)));
    const lost = afterHashes.findIndex((h, n) => h !== earlyHashes[n]);
    assert(lost === -1, `block #${lost} changed or is missing after the restart`);
    const block = await rpcCall(net.node('full').rpcUrl, 'chain_getBlock', [before.finalizedHash]);
    assert(block?.block?.extrinsics?.length >= 1, 'the finalized block\'s body is missing after the restart');
    const { ms } = await waitFor(
      'the restarted full node to follow finality again',
      async () => (await net.status('full')).finalized > before.finalized,
      { timeoutMs: CATCH_UP_MS },
    );
    return (
      `came back at #${firstNumber}${finalizedHash === before.finalizedHash ? ' (same hash)' : ''}, ` +
      `all ${earlyHashes.length} blocks intact, following finality again after ${secs(ms)}`
    );
  });

  await test('6. a fresh node (empty database, warp sync) syncs to the same finalized hash', async () => {
    await net.stop('full');
    const basePath = path.join(dir, 'full-fresh');
    const t0 = Date.now();
    await net.start('full', { basePath, sync: 'warp' });
    const head = await net.status('alice');
    log(`fresh full node started (warp sync); alice finalized #${head.finalized} ${head.finalizedHash}`);
    // Finalized that far and holding the block by number: a warp sync reports the finalized
    // number of the proof it imported a moment before the block is found by its number.
    await waitFor(
      `the fresh node to finalize #${head.finalized} and hold it`,
      async () =>
        (await net.status('full')).finalized >= head.finalized &&
        (await net.blockHash('full', head.finalized)) !== null,
      { timeoutMs: SYNC_MS },
    );
    const hash = await net.blockHash('full', head.finalized);
    assert(hash === head.finalizedHash, `the fresh node's block #${head.finalized} is ${hash}, not ${head.finalizedHash}`);
    const syncedMs = Date.now() - t0;
    log(`synced: its block #${head.finalized} is alice's finalized block, ${secs(syncedMs)} after its start`);
    // And it keeps following the chain.
    const follows = await waitFor(
      'the fresh node to follow finality past the synced block',
      async () => (await net.status('full')).finalized > head.finalized,
      { timeoutMs: CATCH_UP_MS },
    );
    log(`it followed finality ${secs(follows.ms)} later: ${describe({ full: await net.status('full') })}`);
    const current = net.logTail('full', 10_000).split('\n=== ').at(-1); // this start's lines
    const warp = current.split('\n').filter((line) => /warp sync/i.test(line));
    for (const line of warp.slice(0, 3)) log(`  log: ${line.trim()}`);
    const mode = warp.some((line) => /warp sync is complete/i.test(line))
      ? 'warp sync'
      : 'full sync (no completed warp sync in its log)';
    return `finalized #${head.finalized} with the same hash ${secs(syncedMs)} after its start, by ${mode}`;
  });
}

let exitCode = 0;
try {
  await main();
} catch (err) {
  console.log(`\nFAIL setting up the network: ${err.message}`);
  results.push({ title: 'setting up the network', ok: false, error: err.message });
  for (const name of net.names ?? []) {
    if (net.nodes.has(name)) console.log(`  --- ${name} ---\n${net.logTail(name, 12).replace(/^/gm, '  | ')}`);
  }
} finally {
  await teardown();
}
const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
if (failed > 0) exitCode = 1;
console.log(`\nfault tests: ${passed} passed, ${failed} failed in ${secs(Date.now() - started)}`);
if (opts.results) fs.writeFileSync(opts.results, JSON.stringify({ passed, failed, results }, null, 2));
process.exit(exitCode);
