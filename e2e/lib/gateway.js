// Harness around the real `iotchain-gateway` binary and a real Mosquitto broker.
//
// Like lib/node.js it builds nothing: it finds the binary, writes a throw-away configuration
// and key, starts a broker of its own on a free port (persistence on, as an operator runs it),
// and starts, kills (`kill -9`) and restarts the gateway exactly as an operator would. Every
// process is stopped at exit; logs are kept when a test failed.

import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import mqtt from 'mqtt';

import { freePorts, withTimeout } from './node.js';

const run = promisify(execFile);
const STARTUP_TIMEOUT_MS = 60_000;

/** Processes started by this module that have not exited yet. */
const live = new Set();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** Path of the gateway binary: $IOTCHAIN_GATEWAY, else $CARGO_TARGET_DIR/release/iotchain-gateway. */
export function gatewayBinaryPath() {
  if (process.env.IOTCHAIN_GATEWAY) return path.resolve(process.env.IOTCHAIN_GATEWAY);
  const targetDir = process.env.CARGO_TARGET_DIR || path.join(os.homedir(), '.cache', 'iotchain', 'target');
  return path.join(targetDir, 'release', 'iotchain-gateway');
}

function track(child, logPath) {
  live.add(child);
  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    });
  });
  return { child, exited, logPath };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts Mosquitto on a free local port with persistence in a directory of its own. */
export async function startBroker() {
  const [port] = await freePorts(1);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iotchain-broker-'));
  const config = path.join(dir, 'mosquitto.conf');
  fs.writeFileSync(
    config,
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous true',
      'persistence true',
      `persistence_location ${dir}/`,
      'max_queued_messages 1000000',
      'max_inflight_messages 1000',
      `user ${os.userInfo().username}`,
      '',
    ].join('\n'),
  );
  const logPath = path.join(dir, 'mosquitto.log');
  const log = fs.openSync(logPath, 'a');
  const binary = process.env.IOTCHAIN_MOSQUITTO ?? (fs.existsSync('/usr/sbin/mosquitto') ? '/usr/sbin/mosquitto' : 'mosquitto');
  const child = spawn(binary, ['-c', config], { stdio: ['ignore', log, log] });
  fs.closeSync(log);
  const broker = { ...track(child, logPath), port, url: `mqtt://127.0.0.1:${port}`, dir };
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const client = await connectMqtt(broker.url, { reconnectPeriod: 0 });
      await client.endAsync();
      break;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`mosquitto did not start: ${error}\n${fs.readFileSync(logPath, 'utf8')}`);
      await sleep(100);
    }
  }
  broker.stop = async () => {
    child.kill('SIGTERM');
    await broker.exited;
  };
  return broker;
}

/** An MQTT client connected to `url`. */
export function connectMqtt(url, options = {}) {
  return mqtt.connectAsync(url, { connectTimeout: 5_000, ...options });
}

/** `iotchain-gateway <args>`; resolves with its stdout parsed as JSON (the last line). */
export async function gatewayCli(args) {
  const { stdout } = await run(gatewayBinaryPath(), args, { timeout: 120_000 });
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

/**
 * A gateway's directory: a new key (`keygen`) and a configuration for the node at `nodeUrl`
 * and the broker on `mqttPort` (none: HTTP only), anchoring every `intervalMs` up to
 * `maxReadings` readings at a time, with a store cache of `cacheMib` MiB (the gateway's
 * defaults if not given).
 */
export async function prepareGateway({ nodeUrl, mqttPort, intervalMs = 2_000, maxReadings, cacheMib, limits = {}, fleetOwners = [], anomaly = {} }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iotchain-gateway-'));
  const [httpPort] = await freePorts(1);
  const keyFile = path.join(dir, 'gateway.key');
  const { gateway, publicKey } = await gatewayCli(['keygen', '--out', keyFile]);
  const toml = [
    `node = "${nodeUrl}"`,
    `data_dir = "${path.join(dir, 'data')}"`,
    `key_file = "${keyFile}"`,
    `fleet_owners = ${JSON.stringify(fleetOwners)}`,
    ...(cacheMib ? [`cache_mib = ${cacheMib}`] : []),
    '[http]',
    `listen = "127.0.0.1:${httpPort}"`,
    '[anchor]',
    `interval_ms = ${intervalMs}`,
    `lead_ms = ${Math.min(2_000, intervalMs / 2)}`,
    ...(maxReadings ? [`max_readings = ${maxReadings}`] : []),
    '[limits]',
    ...Object.entries({ max_future_ms: 60_000, rate_per_sec: 1000.0, burst: 1000.0, ...limits }).map(
      ([k, v]) => `${k} = ${typeof v === 'number' && !Number.isInteger(v) ? v : JSON.stringify(v)}`,
    ),
    ...(Object.keys(anomaly).length ? ['[anomaly]', ...Object.entries(anomaly).map(([k, v]) => `${k} = ${v}`)] : []),
    ...(mqttPort ? ['[mqtt]', `port = ${mqttPort}`, `client_id = "gw-${path.basename(dir)}"`] : []),
    '',
  ].join('\n');
  const config = path.join(dir, 'gateway.toml');
  fs.writeFileSync(config, toml);
  return { dir, config, keyFile, gateway, publicKey, httpUrl: `http://127.0.0.1:${httpPort}` };
}

/** Starts `iotchain-gateway run` for a prepared gateway and waits until it answers over HTTP. */
export async function startGateway(prepared) {
  const logPath = path.join(prepared.dir, `gateway-${Date.now()}.log`);
  const log = fs.openSync(logPath, 'a');
  const child = spawn(gatewayBinaryPath(), ['run', '--config', prepared.config], {
    stdio: ['ignore', log, log],
    env: { ...process.env, RUST_LOG: process.env.RUST_LOG ?? 'info' },
  });
  fs.closeSync(log);
  const running = { ...track(child, logPath), ...prepared };
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    try {
      const res = await fetch(`${prepared.httpUrl}/v1/status`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the gateway did not start:\n${fs.readFileSync(logPath, 'utf8')}`);
    await sleep(100);
  }
  running.kill9 = async () => {
    child.kill('SIGKILL');
    await running.exited;
  };
  running.stop = async () => {
    child.kill('SIGTERM');
    await withTimeout(running.exited, 10_000, 'the gateway did not stop on SIGTERM');
  };
  running.log = () => fs.readFileSync(logPath, 'utf8');
  return running;
}

/** GET a gateway path as JSON: `{ status, body }`. */
export async function gatewayGet(gateway, pathname) {
  const res = await fetch(`${gateway.httpUrl}${pathname}`);
  return { status: res.status, body: await res.json().catch(() => null) };
}

/** POST a submission (an object as JSON, or bytes as the binary form): `{ status, body }`. */
export async function gatewayPost(gateway, submission) {
  const binary = submission instanceof Uint8Array;
  const res = await fetch(`${gateway.httpUrl}/v1/readings`, {
    method: 'POST',
    headers: { 'content-type': binary ? 'application/octet-stream' : 'application/json' },
    body: binary ? submission : JSON.stringify(submission),
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}

/**
 * Posts a bulk submission to the gateway: `{ readings }` as JSON, or a `Uint8Array` as the
 * binary form (a SCALE `Vec<Vec<u8>>` of binary submissions).
 */
export async function gatewayPostBulk(gateway, bulk) {
  const binary = bulk instanceof Uint8Array;
  const res = await fetch(`${gateway.httpUrl}/v1/readings/bulk`, {
    method: 'POST',
    headers: { 'content-type': binary ? 'application/octet-stream' : 'application/json' },
    body: binary ? bulk : JSON.stringify(bulk),
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}

/** A metric's value from the gateway's `/metrics` (summed over its label sets matching `labels`). */
export async function gatewayMetric(gateway, name, labels = {}) {
  const text = await (await fetch(`${gateway.httpUrl}/metrics`)).text();
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`iotchain_gateway_${name}`)) continue;
    const match = line.match(/^(\w+)(?:\{([^}]*)\})?\s+(\S+)$/);
    if (!match || match[1] !== `iotchain_gateway_${name}`) continue;
    const got = Object.fromEntries((match[2] ?? '').split(',').filter(Boolean).map((kv) => {
      const [k, v] = kv.split('=');
      return [k, v.replace(/"/g, '')];
    }));
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) total += Number(match[3]);
  }
  return total;
}

/** Polls `check` every 250 ms until it returns a truthy value, or throws after `timeoutMs`. */
export async function eventually(check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await check();
      if (last) return last;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${last})`);
    await sleep(250);
  }
}
