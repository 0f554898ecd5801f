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
    help: { type: 'boolean' },
  },
});
if (opts.help) {
  console.log('scripts/bench-gateway [--smoke] [--out FILE] [--rate R] [--duration S]');
  process.exit(0);
}

const log = (...args) => console.error(...args);
const fmt = (n, digits = 0) =>
  n === null || n === undefined ? '–' : Number(n).toLocaleString('en-US', { maximumFractionDigits: digits });

/** The runs: devices × transport, offered rate and duration. */
const RUNS = opts.smoke
  ? [
      { devices: 20, via: 'mqtt', rate: 50, duration: 3 },
      { devices: 20, via: 'http', rate: 50, duration: 3 },
    ]
  : [
      { devices: 1_000, via: 'mqtt' },
      { devices: 1_000, via: 'http' },
      { devices: 100_000, via: 'mqtt' },
      { devices: 100_000, via: 'http' },
    ].map((run) => ({ rate: Number(opts.rate ?? 20_000), duration: Number(opts.duration ?? 15), ...run }));

/** Peak resident memory of a process, in MiB (VmHWM). */
function peakMemoryMiB(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(status.match(/VmHWM:\s+(\d+)/)?.[1] ?? 0);
  return kb / 1024;
}

function simulate(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(gatewayBinaryPath(), ['simulate', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`simulate exited with ${code}`));
      const lines = out.trim().split('\n');
      resolve(JSON.parse(lines[lines.length - 1]));
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
    '| devices | via | offered/s | accepted/s | refused | publish → receipt p50 / p95 | publish → final p50 / p95 | chain tx per million readings | gateway peak memory |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    const refused = Object.entries(r.refused).map(([k, v]) => `${k} ${v}`).join(', ') || '0';
    lines.push(
      `| ${fmt(r.devices)} | ${r.via} | ${fmt(r.offeredPerSec)} | ${fmt(r.acceptedPerSec)} | ${refused} | ` +
        `${fmt(r.receiptP50Ms)} / ${fmt(r.receiptP95Ms)} ms | ${fmt(r.finalP50Ms / 1000, 1)} / ${fmt(r.finalP95Ms / 1000, 1)} s | ` +
        `${fmt(r.txPerMillion, 2)} | ${fmt(r.memoryMiB)} MiB |`,
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
      limits: { rate_per_sec: 1_000_000.0, burst: 1_000_000.0 },
    });
    await gatewayCli(['register', '--config', prepared.config, '--owner', '//Alice', '--fund', '1000']);
    gateway = await startGateway(prepared);
    for (const [i, run] of RUNS.entries()) {
      log(`==> ${fmt(run.devices)} devices over ${run.via}, ${fmt(run.rate)} readings/s for ${run.duration} s`);
      const aggregatesBefore = await gatewayMetric(gateway, 'aggregates_submitted_total');
      const result = await simulate([
        '--node', node.wsUrl,
        '--devices', String(run.devices),
        '--rate', String(run.rate),
        '--duration', String(run.duration),
        '--via', run.via,
        '--http', prepared.httpUrl.replace('http://', ''),
        '--mqtt', `127.0.0.1:${broker.port}`,
        '--connections', run.via === 'http' ? '64' : '8',
        '--key-seed', String(run.devices),
        '--settle', opts.smoke ? '60' : '120',
        // Each run its own numbers: above anything the devices used in an earlier run.
      ]);
      const aggregates = (await gatewayMetric(gateway, 'aggregates_submitted_total')) - aggregatesBefore;
      result.txPerMillion = result.accepted ? (aggregates / result.accepted) * 1e6 : null;
      result.memoryMiB = peakMemoryMiB(gateway.child.pid);
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
