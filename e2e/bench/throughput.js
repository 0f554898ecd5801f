#!/usr/bin/env node
// IoTChain's throughput benchmark (run it through `scripts/bench-throughput`).
//
// Starts a throw-away `--dev` node with raised transaction-pool limits and, for each workload,
// prepares its accounts on chain, signs every transaction up front, floods the node with them
// and reports: included transactions per second, block fullness (share of the normal-dispatch
// weight limit used), p50/p95 latency from submission to inclusion and to finality, and the
// weight ceiling (how many such transactions fit in a block) the rate is a fraction of. The
// `aggregate` workload runs once per aggregate size and also reports device readings finalized
// per second and chain transactions per million readings. After the runs, the node's own log
// gives how long the proposer took to prepare each block built with a backlog, against the time
// Aura gives it.
// With `--out FILE` the table, the machine and the command go into FILE (docs/benchmarks.md),
// between the markers `<!-- bench-throughput:begin -->` and `<!-- bench-throughput:end -->`.

import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { WsProvider } from '@polkadot/api';
import { bnToU8a, hexToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';

import { nodeBinaryPath, startNode } from '../lib/node.js';
import { failuresIn } from './accounts.js';
import { ChainWatcher, flood, percentile } from './flood.js';
import { WORKLOADS } from './workloads.js';

const USAGE = `usage: scripts/bench-throughput [options]
  --workloads LIST   comma-separated, from: ${Object.keys(WORKLOADS).join(',')} (default: all)
  --signers N        accounts (or devices, or channels) signing each workload (default 500)
  --per-signer K     transactions each of them signs (default 48); a workload sends N x K
  --leaves L         readings per anchor_batch (default 1024)
  --aggregate-sizes LIST
                     envelopes per anchor_aggregate, one run each (default 1024,16384,1048576)
  --connections C    WebSocket connections submitting (default 8)
  --in-flight W      submissions outstanding at once (default 256)
  --out FILE         write the results into FILE between the bench-throughput markers
  --bench-node PATH  a runtime-benchmarks build of the node, for \`benchmark machine\`
                     (default: $CARGO_TARGET_DIR/release/iotchain-node-benchmarks, if present)
  --base-path DIR    keep the node's database in DIR (e.g. to benchmark storage on it after)
  --smoke            a tiny run that only checks the harness (4 signers x 3 transactions,
                     8 leaves, aggregates of 1024); fails unless every transaction is
                     finalized and succeeded
  -h, --help         this text`;

const { values: opts } = parseArgs({
  options: {
    workloads: { type: 'string', default: Object.keys(WORKLOADS).join(',') },
    signers: { type: 'string' },
    'per-signer': { type: 'string' },
    leaves: { type: 'string' },
    'aggregate-sizes': { type: 'string' },
    connections: { type: 'string', default: '8' },
    'in-flight': { type: 'string', default: '256' },
    out: { type: 'string' },
    'bench-node': { type: 'string' },
    'base-path': { type: 'string' },
    smoke: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (opts.help) {
  console.log(USAGE);
  process.exit(0);
}

function positive(name, value, fallback) {
  const n = Number(value ?? fallback);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`--${name} must be a positive integer, got ${value}\n${USAGE}`);
    process.exit(2);
  }
  return n;
}

const config = {
  workloads: opts.workloads.split(',').map((name) => name.trim()),
  signers: positive('signers', opts.signers, opts.smoke ? 4 : 500),
  perSigner: positive('per-signer', opts['per-signer'], opts.smoke ? 3 : 48),
  leaves: positive('leaves', opts.leaves, opts.smoke ? 8 : 1024),
  aggregateSizes: (opts['aggregate-sizes'] ?? (opts.smoke ? '1024' : '1024,16384,1048576'))
    .split(',')
    .map((size) => positive('aggregate-sizes', size.trim())),
  connections: positive('connections', opts.connections),
  inFlight: positive('in-flight', opts['in-flight']),
};
for (const name of config.workloads) {
  if (!WORKLOADS[name]) {
    console.error(`unknown workload '${name}'\n${USAGE}`);
    process.exit(2);
  }
}

/** Node flags for a flood: room in the pool for every transaction of a workload and more. */
const POOL_FLAGS = ['--pool-limit', '1000000', '--pool-kbytes', '4000000', '--rpc-max-connections', '1000'];
/** Give up on a workload when no transaction was included or finalized for this long. */
const STALL_MS = 60_000;
/** The share of a slot Aura gives the proposer to build a block (node/src/service.rs). */
const PROPOSAL_SLOT_SHARE = 2 / 3;

const log = (...parts) => console.log(...parts);
const fmt = (n, digits = 0) =>
  Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '-';
const seconds = (ms) => (Number.isFinite(ms) ? `${fmt(ms / 1000, 2)} s` : '-');

/** How many transactions like `sample` fit in one block: by weight, and by length. */
async function ceilingOf(api, sample, limits) {
  // Called raw: @polkadot/api's `call.transactionPaymentApi.queryInfo` encodes the extrinsic
  // in a way the runtime cannot decode.
  const args = u8aConcat(hexToU8a(sample.hex), bnToU8a(sample.length, { bitLength: 32, isLe: true }));
  const raw = await api.rpc.state.call('TransactionPaymentApi_query_info', u8aToHex(args));
  const info = api.createType('RuntimeDispatchInfo', raw);
  const refTime = info.weight.refTime.toBigInt() + limits.baseExtrinsic;
  const byWeight = Number(limits.maxNormal / refTime);
  const byLength = Math.floor(limits.maxNormalLength / sample.length);
  return { refTime, byWeight, byLength, perBlock: Math.min(byWeight, byLength) };
}

/**
 * The runs: one per workload, and one per aggregate size for `aggregate`, each with the readings
 * (or transfers, claims) one of its transactions carries.
 */
function runsOf(workloads) {
  return workloads.flatMap((name) => {
    const workload = WORKLOADS[name];
    if (name === 'aggregate') {
      return config.aggregateSizes.map((size) => ({ name: `aggregate of ${fmt(size)}`, workload, perTx: size }));
    }
    return [{ name, workload, perTx: workload.perTx ?? config.leaves }];
  });
}

function summarize({ name, workload, perTx }, run, ceiling, limits, watcher) {
  const included = run.entries.filter((entry) => entry.includedAt !== undefined);
  const finalized = included.filter((entry) => entry.finalizedAt !== undefined);
  const blocks = run.blocks.map(({ record }) => record);
  const first = blocks[0];
  const last = blocks.at(-1);
  const before = first && watcher.blocks.get(first.parentHash);
  const spanMs = first ? last.timestamp - (before ? before.timestamp : first.timestamp - limits.slotMs) : Number.NaN;
  // Blocks built with a backlog in the pool: all but the first (built while the flood was
  // still arriving) and the last (which took what was left), when there are such blocks.
  const saturated = blocks.length > 2 ? blocks.slice(1, -1) : blocks;
  const fullness = saturated.map((block) => Number(block.normalRefTime) / Number(limits.maxNormal));
  const counts = new Map(run.blocks.map(({ record, count }) => [record.hash, count]));
  const backlogTxs = saturated.reduce((sum, block) => sum + counts.get(block.hash), 0);
  const tps = included.length / (spanMs / 1000);
  return {
    name,
    call: workload.call,
    unit: workload.unit,
    perTx,
    sent: run.entries.length,
    accepted: run.accepted,
    rejected: run.rejected,
    included: included.length,
    finalized: finalized.length,
    blocks: blocks.length,
    spanMs,
    tps,
    unitsPerSecond: tps * perTx,
    finalizedTps: finalized.length / (spanMs / 1000),
    // The rate while blocks are built with a backlog: what each such block carried.
    sustainedTps: backlogTxs / saturated.length / (limits.slotMs / 1000),
    submitRate: run.accepted / (run.submittedIn / 1000),
    fullnessMean: fullness.reduce((a, b) => a + b, 0) / fullness.length,
    fullnessMin: Math.min(...fullness),
    maxPerBlock: Math.max(0, ...run.blocks.map(({ count }) => count)),
    backlogBlocks: saturated.map((block) => block.hash),
    firstBlock: first?.number,
    lastBlock: last?.number,
    reexecution: undefined,
    inclusion: included.map((entry) => entry.includedAt - entry.submittedAt),
    finality: finalized.map((entry) => entry.finalizedAt - entry.submittedAt),
    ceiling,
    ceilingTps: ceiling.perBlock / (limits.slotMs / 1000),
    failures: new Map(),
  };
}

async function countFailures(api, result, run) {
  for (const { record } of run.blocks) {
    const events = await (await api.at(record.hash)).query.system.events();
    for (const [reason, count] of failuresIn(api, events)) {
      result.failures.set(reason, (result.failures.get(reason) ?? 0) + count);
    }
  }
}

/** The Rust figure for the same trees: `primitives/examples/merkle_rate.rs` on one core. */
function rustTreeRate(leaves) {
  log(`\n==> Merkle trees of ${leaves} readings in Rust (cargo run --example merkle_rate)`);
  try {
    const out = execFileSync(
      'cargo',
      ['run', '--release', '--locked', '--quiet', '-p', 'iotchain-primitives', '--example', 'merkle_rate', '--', String(leaves)],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 600_000 },
    ).trim();
    log(`    ${out}`);
    return out;
  } catch (err) {
    return `(not measured: ${err.message.split('\n')[0]})`;
  }
}

function machine(benchNode) {
  const cpu = (() => {
    try {
      return fs.readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.*)$/m)?.[1] ?? os.cpus()[0]?.model;
    } catch {
      return os.cpus()[0]?.model;
    }
  })();
  const facts = {
    cpu,
    cores: os.availableParallelism(),
    memoryGiB: os.totalmem() / 2 ** 30,
    kernel: `${os.type()} ${os.release()}`,
    nodeVersion: '',
    commit: '',
    machineBench: '',
  };
  try {
    facts.nodeVersion = execFileSync(nodeBinaryPath(), ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    facts.nodeVersion = '(unknown)';
  }
  try {
    facts.commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).trim();
    if (dirty) facts.commit += ' + uncommitted changes';
  } catch {
    facts.commit = '(unknown)';
  }
  if (benchNode && fs.existsSync(benchNode)) {
    log(`\n==> benchmark machine (${benchNode})`);
    // With --allow-fail it exits 0 even below the reference hardware; the table goes to the log.
    const run = spawnSync(benchNode, ['benchmark', 'machine', '--chain', 'dev', '--allow-fail'], {
      encoding: 'utf8',
      timeout: 300_000,
    });
    facts.machineBench = `${run.stdout ?? ''}${run.stderr ?? ''}`
      .split('\n')
      .map((line) => line.replace(LOG_PREFIX, '').trimEnd())
      .filter((line) => /^[+|]/.test(line) || /benchmarks in total/.test(line))
      .join('\n');
    log(facts.machineBench);
  }
  return facts;
}

/** The timestamp a node log line starts with. */
const LOG_PREFIX = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+/;

/**
 * Re-executes each workload's blocks from the node's database (`benchmark block`, as a
 * validator importing them would) and records how long they took against their weight.
 */
function reexecute(benchNode, basePath, results) {
  for (const result of results) {
    if (result.firstBlock === undefined) continue;
    log(`\n==> benchmark block --from ${result.firstBlock} --to ${result.lastBlock} (${result.name})`);
    const run = spawnSync(
      benchNode,
      ['benchmark', 'block', '--chain', 'dev', '--base-path', basePath, '--from', String(result.firstBlock),
        '--to', String(result.lastBlock), '--repeat', '3'],
      { encoding: 'utf8', timeout: 600_000 },
    );
    const pattern = /Block (\d+) with\s+(\d+) tx used\s+([\d.]+)% of its weight \(\s*([\d,]+) of\s+([\d,]+) ns\)/;
    let tookNs = 0;
    let weightNs = 0;
    let txs = 0;
    for (const line of `${run.stdout ?? ''}${run.stderr ?? ''}`.split('\n')) {
      const match = line.match(pattern);
      if (!match) continue;
      log(`    ${line.replace(LOG_PREFIX, '').trim()}`);
      // Only blocks that carried the workload (a session change's block carries none).
      if (Number(match[2]) <= 1) continue;
      txs += Number(match[2]) - 1;
      tookNs += Number(match[4].replaceAll(',', ''));
      weightNs += Number(match[5].replaceAll(',', ''));
    }
    if (txs > 0) result.reexecution = { txs, tookNs, weightNs };
  }
}

/**
 * The proposer's "Prepared block for proposing" lines of the node's log, by the hash of the block
 * as imported: the proposer logs the hash before Aura seals the block, and Aura's "Pre-sealed"
 * line gives the hash after.
 */
function proposerTimes(logPath) {
  const prepared =
    /Prepared block for proposing at (\d+) \((\d+) ms\) hash: (0x[0-9a-f]{64}); parent_hash: [^;]*; end: (\w+); extrinsics_count: (\d+)/;
  const sealed = /Pre-sealed block for proposal at \d+\. Hash now (0x[0-9a-f]{64}), previously (0x[0-9a-f]{64})/;
  const beforeSeal = new Map();
  const times = new Map();
  let text = '';
  try {
    text = fs.readFileSync(logPath, 'utf8');
  } catch {
    return times;
  }
  for (const line of text.split('\n')) {
    let match = line.match(prepared);
    if (match) {
      beforeSeal.set(match[3], { number: Number(match[1]), ms: Number(match[2]), end: match[4], extrinsics: Number(match[5]) });
      continue;
    }
    match = line.match(sealed);
    if (match && beforeSeal.has(match[2])) times.set(match[1], beforeSeal.get(match[2]));
  }
  return times;
}

/** Each result's backlog blocks as the proposer prepared them (from the node's log). */
function attachProposerTimes(results, logPath) {
  const times = proposerTimes(logPath);
  for (const result of results) {
    result.proposed = result.backlogBlocks.map((hash) => times.get(hash)).filter(Boolean);
  }
}

function table(results) {
  const rows = [
    [
      'workload',
      'call',
      'included tx/s',
      'tx/s in backlog blocks',
      'ceiling tx/s',
      'of ceiling',
      'block fullness',
      'inclusion p50 / p95',
      'finality p50 / p95',
      'per second',
    ],
  ];
  for (const r of results) {
    rows.push([
      r.name,
      `\`${r.call}\``,
      fmt(r.tps),
      fmt(r.sustainedTps),
      fmt(r.ceilingTps),
      `${fmt((100 * r.tps) / r.ceilingTps, 1)}%`,
      `${fmt(100 * r.fullnessMean, 1)}%`,
      `${seconds(percentile(r.inclusion, 50))} / ${seconds(percentile(r.inclusion, 95))}`,
      `${seconds(percentile(r.finality, 50))} / ${seconds(percentile(r.finality, 95))}`,
      `${fmt(r.unitsPerSecond)} ${r.unit}`,
    ]);
  }
  return markdownTable(rows);
}

/** `rows` (the first one the header) as a Markdown table. */
function markdownTable(rows) {
  const lines = rows.map((row) => `| ${row.join(' | ')} |`);
  lines.splice(1, 0, `|${rows[0].map(() => '---').join('|')}|`);
  return lines.join('\n');
}

function details(results, limits) {
  const rows = [
    ['workload', 'sent', 'included', 'finalized', 'failed', 'blocks', 'most per block', 'weight per tx', 'fit per block (weight / length)', 'import time per tx', 'import time / weight', 'submitted tx/s'],
  ];
  for (const r of results) {
    const failed = [...r.failures.values()].reduce((a, b) => a + b, 0);
    rows.push([
      r.name,
      fmt(r.sent),
      fmt(r.included),
      fmt(r.finalized),
      fmt(failed),
      fmt(r.blocks),
      fmt(r.maxPerBlock),
      `${fmt(Number(r.ceiling.refTime) / 1e6, 1)} µs`,
      `${fmt(r.ceiling.byWeight)} / ${fmt(r.ceiling.byLength)}`,
      r.reexecution ? `${fmt(r.reexecution.tookNs / r.reexecution.txs / 1000, 1)} µs` : '-',
      r.reexecution ? `${fmt((100 * r.reexecution.tookNs) / r.reexecution.weightNs, 1)}%` : '-',
      fmt(r.submitRate),
    ]);
  }
  return [
    markdownTable(rows),
    '',
    `Normal-dispatch weight limit per block: ${fmt(Number(limits.maxNormal) / 1e12, 3)} s of reference time; ` +
      `base weight of every extrinsic: ${fmt(Number(limits.baseExtrinsic) / 1e6, 1)} µs; ` +
      `block time ${fmt(limits.slotMs / 1000)} s. Included tx/s counts every transaction of the workload over ` +
      'the time from the block before the first that carried one to the last (a block that carried ' +
      'none in between, such as a session change, counts); tx/s in backlog blocks is what each block ' +
      'built with a backlog carried, per block time. Block fullness is over the blocks built with a backlog ' +
      '(all that carried the workload but the first and the last). Import time is `benchmark block` ' +
      're-executing the carrying blocks from the database, as a validator importing them does ' +
      '(per transaction, the block base and inherents included).',
  ].join('\n');
}

/** Readings per second finalized and chain transactions per million readings, per workload. */
function readingsTable(results) {
  const anchor = results.find((r) => r.name === 'anchor');
  const rows = [
    ['workload', 'readings per tx', 'tx/s finalized', 'device readings/s finalized', 'chain tx per million readings',
      'weight per tx', 'weight / anchor\'s'],
  ];
  for (const r of results.filter((x) => x.unit === 'readings')) {
    rows.push([
      r.name,
      fmt(r.perTx),
      fmt(r.finalizedTps),
      fmt(r.finalizedTps * r.perTx),
      fmt(1e6 / r.perTx, r.perTx > 1e6 / 100 ? 2 : 0),
      `${fmt(Number(r.ceiling.refTime) / 1e6, 1)} µs`,
      anchor ? `${fmt(Number(r.ceiling.refTime) / Number(anchor.ceiling.refTime), 3)}×` : '-',
    ]);
  }
  return markdownTable(rows);
}

/** How long the proposer took to prepare each workload's backlog blocks, against its budget. */
function proposerTable(results, limits) {
  const budgetMs = limits.slotMs * PROPOSAL_SLOT_SHARE;
  const rows = [['workload', 'backlog blocks', 'extrinsics per block', 'prepared in (mean / max)', 'of the proposal time', 'ended by']];
  for (const r of results) {
    if (!r.proposed?.length) continue;
    const ms = r.proposed.map(({ ms: took }) => took);
    const max = Math.max(...ms);
    const ends = new Map();
    for (const { end } of r.proposed) ends.set(end, (ends.get(end) ?? 0) + 1);
    rows.push([
      r.name,
      fmt(r.proposed.length),
      fmt(r.proposed.reduce((sum, { extrinsics }) => sum + extrinsics, 0) / r.proposed.length),
      `${fmt(ms.reduce((a, b) => a + b, 0) / ms.length)} ms / ${fmt(max)} ms`,
      `${fmt((100 * max) / budgetMs, 1)}%`,
      [...ends].map(([end, count]) => `${end} ×${count}`).join(', '),
    ]);
  }
  return [
    markdownTable(rows),
    '',
    `From the node's log (\`Prepared block for proposing at N (T ms)\`): the time the proposer took to build each ` +
      `block of the flood built with a backlog, against the ${fmt(budgetMs / 1000, 1)} s Aura gives it ` +
      `(${fmt(PROPOSAL_SLOT_SHARE * 100)}% of the ${fmt(limits.slotMs / 1000)} s slot), and what ended it ` +
      `(\`HitBlockWeightLimit\`: the block's weight was full). A block's weight limit is ` +
      `${fmt(Number(limits.maxBlock) / 1e12, 3)} s of reference time; building a block also executes it, so a ` +
      'full block prepared in less than that shows its weights are not under-estimated on this machine.',
  ].join('\n');
}

/** What the gateway did in JavaScript for the aggregates, before the flood. */
function gatewayText(gatewayWork) {
  const sizes = gatewayWork
    .map(
      (w) =>
        `${fmt(w.size)} envelopes: signed at ${fmt(w.signedPerSecond)} readings/s, leaves and tree hashed at ` +
        `${fmt(w.hashedPerSecond)} readings/s, then ${fmt(w.aggregates)} aggregates at ` +
        `${fmt(w.pathMsPerAggregate, 2)} ms each`,
    )
    .join('; ');
  return (
    'Aggregates: signing a million envelopes is gateway work, not chain work, and the chain sees only each ' +
    'aggregate\'s root, leaf count and time range. So for each size the client builds one real tree, in ' +
    'JavaScript on one core, from real envelopes: each signed with the documented reading payload by one of ' +
    '1,024 devices (ed25519 and ECDSA keys in turn; the device also hashes its payload), then each envelope\'s ' +
    'leaf and the Merkle tree over them hashed as the gateway does. Every aggregate of the run then gets a ' +
    'distinct root by replacing the tree\'s last envelope with one of its own (a bench device\'s reading ' +
    'numbered by the aggregate) and recomputing only that envelope\'s path; the other envelopes are the same ' +
    `in every aggregate of a size. Per size: ${sizes}. The gateways (one per signer, registered as kind ` +
    '`Gateway`) send their aggregates themselves, unsigned. Device readings per second finalized are ' +
    'aggregates finalized per second times their envelopes; a single anchor carries one reading and a batch ' +
    'the readings of one device.'
  );
}

function report(results, limits, facts, treeRate, rustRate, command, gatewayWork) {
  const byName = Object.fromEntries(results.map((r) => [r.name, r]));
  const ratios = [];
  if (byName.transfer) {
    for (const r of results.filter((x) => x.name !== 'transfer')) {
      ratios.push(`${r.name} / transfer: ${fmt(r.tps / byName.transfer.tps, 2)}×`);
    }
  }
  const lines = [
    '<!-- bench-throughput:begin (written by scripts/bench-throughput; do not edit by hand) -->',
    `Run on ${new Date().toISOString().slice(0, 10)} at commit \`${facts.commit}\` with \`${facts.nodeVersion}\`.`,
    '',
    `Machine: ${facts.cpu}, ${facts.cores} cores, ${fmt(facts.memoryGiB)} GiB, ${facts.kernel}. ` +
      'The node and the benchmark client share it.',
    '',
    'Reproduce:',
    '',
    '```sh',
    command,
    '```',
    '',
    table(results),
    '',
    ratios.length ? `Ratios in this run: ${ratios.join('; ')}.` : '',
    '',
    details(results, limits),
    '',
    readingsTable(results),
  ];
  if (gatewayWork?.length) lines.push('', gatewayText(gatewayWork));
  if (results.some((r) => r.proposed?.length)) lines.push('', proposerTable(results, limits));
  if (treeRate) {
    lines.push(
      '',
      `Merkle trees built by the client before the flood (JavaScript, one core): ${fmt(treeRate.trees)} trees of ` +
        `${fmt(config.leaves)} readings at ${fmt(treeRate.readingsPerSecond)} readings/s.`,
    );
  }
  if (rustRate) {
    lines.push('', `The same trees in Rust (\`iotchain_primitives::merkle\`, one core): ${rustRate}.`);
  }
  const failures = results.filter((r) => r.failures.size > 0 || r.rejected.size > 0);
  for (const r of failures) {
    lines.push('', `${r.name}: failed dispatches ${JSON.stringify(Object.fromEntries(r.failures))}, ` +
      `rejected by the pool ${JSON.stringify(Object.fromEntries(r.rejected))}`);
  }
  if (facts.machineBench) {
    lines.push('', '`iotchain-node benchmark machine` on the same machine, in the same run:', '', '```', facts.machineBench, '```');
  }
  lines.push('<!-- bench-throughput:end -->');
  return lines.join('\n');
}

function writeInto(file, section) {
  const begin = /<!-- bench-throughput:begin[^>]*-->/;
  const end = '<!-- bench-throughput:end -->';
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const start = current.search(begin);
  const stop = current.indexOf(end);
  const next =
    start >= 0 && stop > start
      ? current.slice(0, start) + section + current.slice(stop + end.length)
      : `${current}${current.endsWith('\n') || current === '' ? '' : '\n'}\n${section}\n`;
  fs.writeFileSync(file, next);
}

async function main() {
  await cryptoWaitReady();
  const command = `scripts/bench-throughput ${process.argv.slice(2).join(' ')}`.trim();
  log(`==> starting a --dev node (${nodeBinaryPath()}) with raised pool limits`);
  const benchNode = opts['bench-node'] ?? path.join(path.dirname(nodeBinaryPath()), 'iotchain-node-benchmarks');
  const canBench = !opts.smoke && fs.existsSync(benchNode);
  // A database that outlives the node, for `benchmark block` to re-execute the flood's blocks.
  const dbDir = opts['base-path']
    ? path.resolve(opts['base-path'])
    : canBench
      ? fs.mkdtempSync(path.join(os.tmpdir(), 'iotchain-bench-db-'))
      : undefined;
  const node = await startNode({ extraArgs: [...POOL_FLAGS, ...(dbDir ? ['--base-path', dbDir] : [])] });
  const { api, wsUrl } = node;
  const providers = [];
  const watcher = new ChainWatcher(api);
  const ctx = { signers: config.signers, perSigner: config.perSigner, leaves: config.leaves };
  const results = [];
  let exitCode = 0;
  try {
    const weights = api.consts.system.blockWeights;
    const limits = {
      maxNormal: weights.perClass.normal.maxTotal.unwrap().refTime.toBigInt(),
      maxBlock: weights.maxBlock.refTime.toBigInt(),
      baseExtrinsic: weights.perClass.normal.baseExtrinsic.refTime.toBigInt(),
      maxNormalLength: api.consts.system.blockLength.max.normal.toNumber(),
      slotMs: (await api.call.auraApi.slotDuration()).toNumber(),
    };
    for (let i = 0; i < config.connections; i += 1) {
      const provider = new WsProvider(wsUrl, false);
      await provider.connect();
      await provider.isReady;
      providers.push(provider);
    }
    await watcher.start();

    for (const spec of runsOf(config.workloads)) {
      const { name, workload, perTx } = spec;
      log(`\n==> ${name}: ${workload.describe}`);
      let t = performance.now();
      const txs = await workload.prepare(api, ctx, perTx);
      log(`    prepared and signed ${fmt(txs.length)} transactions from ${fmt(config.signers)} signers in ${seconds(performance.now() - t)}`);
      const ceiling = await ceilingOf(api, txs[0], limits);
      log(`    weight ${fmt(Number(ceiling.refTime) / 1e6, 1)} µs with the extrinsic base; a block fits ${fmt(ceiling.perBlock)}`);
      t = performance.now();
      const run = await flood(watcher, providers, txs, {
        inFlight: config.inFlight,
        stallMs: STALL_MS,
        onProgress: ({ record, count, included, total }) => {
          const fullness = (100 * Number(record.normalRefTime)) / Number(limits.maxNormal);
          log(`    #${record.number}: ${fmt(count)} included (${fmt(included)}/${fmt(total)}), block ${fmt(fullness, 1)}% full, ${fmt(record.length / 1024)} KiB`);
        },
      });
      const result = summarize(spec, run, ceiling, limits, watcher);
      await countFailures(api, result, run);
      results.push(result);
      log(
        `    ${fmt(result.tps)} tx/s included (${fmt(result.unitsPerSecond)} ${result.unit}/s), ` +
          `${fmt((100 * result.tps) / result.ceilingTps, 1)}% of the ${fmt(result.ceilingTps)} tx/s ceiling; ` +
          `submitted at ${fmt(result.submitRate)} tx/s; flood took ${seconds(performance.now() - t)}`,
      );
      const failed = [...result.failures.values()].reduce((a, b) => a + b, 0);
      if (result.finalized !== result.sent || failed > 0) {
        exitCode = 1;
        console.error(
          `    ${name}: ${result.sent - result.finalized} of ${result.sent} transactions not finalized, ${failed} failed ` +
            `${JSON.stringify(Object.fromEntries(result.failures))}, rejected ${JSON.stringify(Object.fromEntries(result.rejected))}`,
        );
      }
    }

    watcher.stop();
    await node.stop();
    attachProposerTimes(results, node.logPath);
    if (canBench) reexecute(benchNode, dbDir, results);
    const facts = machine(canBench ? benchNode : undefined);
    const rustRate = !opts.smoke && config.workloads.includes('batch') ? rustTreeRate(config.leaves) : undefined;
    const section = report(results, limits, facts, ctx.treeRate, rustRate, command, ctx.gatewayWork);
    log(`\n${section}`);
    if (opts.out) {
      writeInto(opts.out, section);
      log(`\nwritten into ${opts.out}`);
    }
  } finally {
    watcher.stop();
    await Promise.all(providers.map((provider) => provider.disconnect().catch(() => {})));
    await node.stop();
    if (dbDir && !opts['base-path']) fs.rmSync(dbDir, { recursive: true, force: true });
  }
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
