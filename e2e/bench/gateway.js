// The edge gateway's benchmark (scripts/bench-gateway): a throw-away --dev node, a Mosquitto
// broker and the real gateway on this machine, loaded by `iotchain-gateway simulate` with
// 1,000 and 100,000 registered devices over MQTT and over HTTP. For each run it records:
// readings a second accepted (verified and durably stored), publish → receipt and publish →
// final proof (p50, p95), chain transactions per million readings, and the gateway's peak
// memory. A benchmark, not a timed test: nothing is asserted about speed.
//
//   scripts/bench-gateway --out docs/benchmarks.md   # the full run behind docs/benchmarks.md
//   scripts/bench-gateway --smoke                     # the harness check scripts/test.sh runs

import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';

import { gatewayBinaryPath, gatewayCli, gatewayMetric, prepareGateway, startBroker, startGateway } from '../lib/gateway.js';
import { startNode } from '../lib/node.js';

const { values: opts } = parseArgs({
  options: {
    smoke: { type: 'boolean' },
    out: { type: 'string' },
    rate: { type: 'string' },
    duration: { type: 'string' },
    devices: { type: 'string' },
    via: { type: 'string' },
    kind: { type: 'string' },
    bulk: { type: 'string' },
    cache: { type: 'string' },
    help: { type: 'boolean' },
  },
});
if (opts.help) {
  console.log('scripts/bench-gateway [--smoke] [--out FILE] [--rate R] [--duration S] [--devices N,..] [--via mqtt|http] [--kind throughput|bulk|latency] [--bulk N] [--cache MiB]');
  process.exit(0);
}

const log = (...args) => console.error(...args);
const fmt = (n, digits = 0) =>
  n === null || n === undefined ? '–' : Number(n).toLocaleString('en-US', { maximumFractionDigits: digits });

/**
 * The runs, for each fleet size and transport:
 * - `throughput`: closed loop (MQTT: each of 8 connections keeps at most 64 readings waiting
 *   for their receipt; HTTP: 64 connections, one request at a time), so the load is what the
 *   gateway sustains: accepted/s is its capacity on this machine;
 * - `latency`: open loop at a rate well under that capacity, for publish → receipt and
 *   publish → final proof as a device sees them.
 */
/** Readings per message in the `bulk` runs: a forwarder's bulk submissions. */
const BULK = Number(opts.bulk ?? 256);
const FLEETS = opts.smoke ? [20] : (opts.devices?.split(',').map(Number) ?? [1_000, 100_000]);
const RUNS = FLEETS.flatMap((devices) =>
  (opts.via ? [opts.via] : ['mqtt', 'http']).flatMap((via) =>
    opts.smoke
      ? [
          { devices, via, kind: 'latency', rate: 50, duration: 3 },
          { devices, via, kind: 'bulk', rate: 50, duration: 2, bulk: 10 },
        ]
      : [
          { devices, via, kind: 'throughput', rate: Number(opts.rate ?? 10_000), duration: Number(opts.duration ?? 12) },
          { devices, via, kind: 'bulk', rate: 100_000, duration: 4, bulk: BULK },
          { devices, via, kind: 'latency', rate: 500, duration: 20 },
        ].filter((run) => !opts.kind || run.kind === opts.kind),
  ),
);

/** The gateway's pipeline counters: its commits and batch verifications (sums and counts). */
async function pipeline(gateway) {
  const names = ['commit_seconds_sum', 'commit_seconds_count', 'commit_readings_sum', 'verify_batch_signatures_sum', 'verify_batch_signatures_count'];
  const values = await Promise.all(names.map((name) => gatewayMetric(gateway, name)));
  return Object.fromEntries(names.map((name, i) => [name, values[i]]));
}

/** Resident memory of a process, now and at its peak so far, in MiB (VmRSS, VmHWM). */
function memoryMiB(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name) => Number(status.match(new RegExp(`${name}:\\s+(\\d+)`))?.[1] ?? 0) / 1024;
  return { rss: field('VmRSS'), peak: field('VmHWM') };
}

/** CPU seconds a process has used so far (user + system), from /proc/<pid>/stat. */
function cpuSeconds(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the command; in ticks of 1/100 s.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/**
 * Runs `iotchain-gateway simulate` and resolves with its result, and with the CPU seconds each
 * process used from when the load generator starts publishing to its end (`pids`: name → pid;
 * the load generator is `simulate`).
 */
function simulate(args, pids = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(gatewayBinaryPath(), ['simulate', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let before = null;
    child.stderr.on('data', (chunk) => {
      process.stderr.write(chunk);
      // The load generator says when its devices are registered: the load starts then.
      if (!before && /publishing/.test(String(chunk))) {
        before = Object.fromEntries(Object.entries({ ...pids, simulate: child.pid }).map(([k, pid]) => [k, cpuSeconds(pid)]));
      }
    });
    const sample = () => Object.fromEntries(Object.entries({ ...pids, simulate: child.pid }).map(([k, pid]) => [k, cpuSeconds(pid)]));
    let last = null;
    const timer = setInterval(() => {
      last = sample();
    }, 200);
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.once('exit', (code) => {
      clearInterval(timer);
      if (code !== 0) return reject(new Error(`simulate exited with ${code}`));
      const lines = out.trim().split('\n');
      const result = JSON.parse(lines[lines.length - 1]);
      if (before && last) {
        result.cpuSeconds = Object.fromEntries(Object.keys(before).map((k) => [k, last[k] - before[k]]));
      }
      resolve(result);
    });
  });
}

function machine() {
  const cpu = fs.readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? 'unknown';
  const memGiB = os.totalmem() / 2 ** 30;
  let commit = '(unknown)';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    // not a checkout
  }
  return `${os.cpus().length} cores (${cpu}), ${memGiB.toFixed(0)} GiB, ${os.type()} ${os.release()}, commit ${commit}`;
}

function section(results, command) {
  const lines = [
    '<!-- bench-gateway:begin -->',
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machine()}, with \`${command}\`. The node,`,
    'Mosquitto, the gateway and the load generator all ran on this machine at once.',
    '',
    '| devices | via | run | offered | accepted/s | refused | publish → receipt p50 / p95 | publish → final p50 / p95 | chain tx per million readings | gateway memory (peak) |',
    '|---:|---|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    const refused = Object.entries(r.refused).map(([k, v]) => `${k} ${v}`).join(', ') || '0';
    const offered =
      r.kind === 'latency' ? `${fmt(r.offeredPerSec)}/s` : `${fmt(r.offered)} closed loop${r.bulk > 1 ? `, ${r.bulk} a message` : ''}`;
    lines.push(
      `| ${fmt(r.devices)} | ${r.via} | ${r.kind} | ${offered} | ${fmt(r.acceptedPerSec)} | ${refused} | ` +
        `${fmt(r.receiptP50Ms, 1)} / ${fmt(r.receiptP95Ms, 1)} ms | ${fmt(r.finalP50Ms / 1000, 1)} / ${fmt(r.finalP95Ms / 1000, 1)} s | ` +
        `${fmt(r.txPerMillion, 2)} | ${fmt(r.memory.rss)} MiB (${fmt(r.memory.peak)}) |`,
    );
  }
  lines.push(
    '',
    'CPU time per 1,000 accepted readings, by process, in the throughput and bulk runs (user + system,',
    'from `/proc/<pid>/stat`, from the first publish to the end of the run, proofs included):',
    '',
    '| devices | via | run | gateway | Mosquitto | node | load generator | all (of 2 cores × the run) |',
    '|---:|---|---|---:|---:|---:|---:|---:|',
  );
  for (const r of results.filter((x) => x.kind !== 'latency' && x.cpuSeconds)) {
    const per = (k) => (r.cpuSeconds[k] / r.accepted) * 1000;
    const all = Object.values(r.cpuSeconds).reduce((a, b) => a + b, 0);
    const wall = r.acceptSeconds + 30;
    lines.push(
      `| ${fmt(r.devices)} | ${r.via} | ${r.kind} | ${fmt(per('gateway') * 1000)} ms | ${fmt(per('mosquitto') * 1000)} ms | ` +
        `${fmt(per('node') * 1000)} ms | ${fmt(per('simulate') * 1000)} ms | ${fmt((all / (2 * wall)) * 100)}% |`,
    );
  }
  lines.push(
    '',
    "The gateway's pipeline in each run, from its metrics: the writer's commits (each one fsync)",
    'and the batch verifications of the devices\' signatures:',
    '',
    '| devices | via | run | commits | readings per commit | time per commit | signatures per batch verification |',
    '|---:|---|---|---:|---:|---:|---:|',
  );
  for (const r of results.filter((x) => x.pipeline)) {
    const p = r.pipeline;
    const commits = p.commit_seconds_count;
    lines.push(
      `| ${fmt(r.devices)} | ${r.via} | ${r.kind} | ${fmt(commits)} | ${fmt(commits ? p.commit_readings_sum / commits : null, 1)} | ` +
        `${fmt(commits ? (p.commit_seconds_sum / commits) * 1000 : null, 1)} ms | ` +
        `${fmt(p.verify_batch_signatures_count ? p.verify_batch_signatures_sum / p.verify_batch_signatures_count : null, 1)} |`,
    );
  }
  lines.push('<!-- bench-gateway:end -->');
  return lines.join('\n');
}

function writeInto(file, text) {
  const begin = '<!-- bench-gateway:begin -->';
  const end = '<!-- bench-gateway:end -->';
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const start = current.indexOf(begin);
  const stop = current.indexOf(end);
  const next =
    start >= 0 && stop > start
      ? current.slice(0, start) + text + current.slice(stop + end.length)
      : `${current}${current.endsWith('\n') ? '' : '\n'}\n${text}\n`;
  fs.writeFileSync(file, next);
}

async function main() {
  const command = `scripts/bench-gateway ${process.argv.slice(2).join(' ')}`.trim();
  const node = await startNode({ extraArgs: ['--pool-limit', '100000', '--pool-kbytes', '200000'] });
  const broker = await startBroker();
  const results = [];
  let gateway;
  try {
    const prepared = await prepareGateway({
      nodeUrl: node.wsUrl,
      mqttPort: broker.port,
      intervalMs: 6_000,
      // Room in each interval's aggregate for 50,000 readings a second and more.
      maxReadings: 524_288,
      cacheMib: opts.cache ? Number(opts.cache) : undefined,
      limits: { rate_per_sec: 1_000_000.0, burst: 1_000_000.0 },
      // The load generator's devices are //Alice's: the gateway reads them as they register.
      fleetOwners: ['5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY'],
    });
    await gatewayCli(['register', '--config', prepared.config, '--owner', '//Alice', '--fund', '1000']);
    gateway = await startGateway(prepared);
    for (const [i, run] of RUNS.entries()) {
      log(`==> ${fmt(run.devices)} devices over ${run.via}, ${run.kind}: ${fmt(run.rate * run.duration)} readings`);
      const aggregatesBefore = await gatewayMetric(gateway, 'aggregates_submitted_total');
      const pipelineBefore = await pipeline(gateway);
      const result = await simulate([
        '--node', node.wsUrl,
        '--devices', String(run.devices),
        '--rate', String(run.rate),
        '--duration', String(run.duration),
        '--via', run.via,
        '--http', prepared.httpUrl.replace('http://', ''),
        '--mqtt', `127.0.0.1:${broker.port}`,
        '--connections', run.via === 'http' ? (run.bulk ? '64' : '64') : '8',
        '--window', run.via !== 'mqtt' || run.kind === 'latency' ? '0' : String(run.bulk ? run.bulk * 16 : 64),
        '--bulk', String(run.bulk ?? 1),
        '--key-seed', String(run.devices),
        '--settle', '90',
      ], { gateway: gateway.child.pid, mosquitto: broker.child.pid, node: node.pid });
      const aggregates = (await gatewayMetric(gateway, 'aggregates_submitted_total')) - aggregatesBefore;
      result.txPerMillion = result.accepted ? (aggregates / result.accepted) * 1e6 : null;
      result.memory = memoryMiB(gateway.child.pid);
      const pipelineAfter = await pipeline(gateway);
      result.pipeline = Object.fromEntries(Object.keys(pipelineAfter).map((k) => [k, pipelineAfter[k] - pipelineBefore[k]]));
      result.kind = run.kind;
      log(JSON.stringify(result));
      results.push(result);
      if (opts.smoke && (result.accepted !== run.rate * run.duration || result.final !== result.accepted)) {
        throw new Error(`smoke run ${i}: ${result.accepted} accepted, ${result.final} final of ${run.rate * run.duration}`);
      }
    }
  } finally {
    await gateway?.stop().catch(() => gateway?.kill9());
    await broker.stop();
    await node.stop();
  }
  const text = section(results, command);
  console.log(text);
  if (opts.out) writeInto(opts.out, text);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
