// Harness around a real, already-built `iotchain-node` binary.
//
// It builds nothing: it finds the binary, starts a throw-away `--dev --tmp`
// chain on free local ports, waits for the RPC to answer and connects an
// ApiPromise to it, exactly as a dApp would. The node is always stopped:
// by `stop()`, on SIGINT/SIGTERM, and (hard-killed) on process exit.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { ApiPromise, WsProvider } from '@polkadot/api';

const STARTUP_TIMEOUT_MS = 60_000;
const SHUTDOWN_GRACE_MS = 10_000;
const LOG_TAIL_LINES = 50;

/** Nodes started by this process that have not exited yet. */
const liveNodes = new Set();
/** Log directories of this process's nodes, cleaned up (or reported) at exit. */
const logDirs = [];

/** Path of the node binary: $IOTCHAIN_NODE, else $CARGO_TARGET_DIR/release/iotchain-node. */
export function nodeBinaryPath() {
  if (process.env.IOTCHAIN_NODE) return path.resolve(process.env.IOTCHAIN_NODE);
  const targetDir =
    process.env.CARGO_TARGET_DIR || path.join(os.homedir(), '.cache', 'iotchain', 'target');
  return path.join(targetDir, 'release', 'iotchain-node');
}

function assertExecutable(binary) {
  try {
    fs.accessSync(binary, fs.constants.X_OK);
  } catch {
    throw new Error(
      `iotchain-node binary not found or not executable at ${binary}.\n` +
        'The e2e tests do not build it: run `cargo build --release` first, or point ' +
        'IOTCHAIN_NODE (the binary) or CARGO_TARGET_DIR (its target dir) at an existing build.',
    );
  }
}

/**
 * `count` distinct free TCP ports on 127.0.0.1. All listeners are held open
 * together so the OS cannot hand out the same port twice, then released.
 */
export async function freePorts(count) {
  const servers = await Promise.all(
    Array.from({ length: count }, () =>
      new Promise((resolve, reject) => {
        const server = net.createServer();
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve(server));
      }),
    ),
  );
  const ports = servers.map((server) => server.address().port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

/** The last `lines` lines of a log file ('' if it cannot be read). */
export function logTail(logPath, lines = LOG_TAIL_LINES) {
  try {
    return fs.readFileSync(logPath, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

function describeLog(logPath) {
  return `node log: ${logPath}\n--- last ${LOG_TAIL_LINES} lines ---\n${logTail(logPath)}\n---`;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Rejects with `message` if `promise` has not settled after `ms`; never leaks the timer. */
export function withTimeout(promise, ms, message) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** One JSON-RPC call over HTTP POST (Substrate serves HTTP and WS on the same port). */
export async function rpcCall(rpcUrl, method, params = [], timeoutMs = 2_000) {
  const res = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = await res.json();
  if (body.error) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
  return body.result;
}

/** Stops a node process: SIGINT (clean shutdown, removes its --tmp dir), SIGKILL after a grace period. */
async function killNode(node) {
  if (!liveNodes.has(node)) return;
  node.child.kill('SIGINT');
  try {
    await withTimeout(node.exited, SHUTDOWN_GRACE_MS, 'grace period over');
  } catch {
    node.child.kill('SIGKILL');
    await node.exited;
  }
}

// Never leave a node behind. On 'exit' only synchronous work is possible, so
// stragglers get SIGKILL; the logs are kept (and their tails printed) only if
// this test file failed, otherwise they are deleted.
process.on('exit', (code) => {
  for (const node of liveNodes) node.child.kill('SIGKILL');
  const failed = code !== 0 || (process.exitCode ?? 0) !== 0;
  for (const { dir, logPath, reported } of logDirs) {
    if (failed || process.env.IOTCHAIN_E2E_KEEP_LOGS) {
      if (failed && !reported) console.error(describeLog(logPath));
    } else {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    await Promise.allSettled([...liveNodes].map(killNode));
    process.exit(128 + os.constants.signals[signal]);
  });
}

/**
 * Starts a node with a fresh database and connects to it: by default a dev
 * chain of its own (`--dev`: Alice validates).
 *
 * @param {object} [options]
 * @param {string[]} [options.chainArgs] what to run instead of `--dev`, e.g.
 *   `['--chain', 'dev', '--validator', '--bootnodes', addr]` for a second validator
 *   that joins another node's dev chain
 * @param {string[]} [options.extraArgs] additional node CLI arguments
 * @param {number} [options.timeoutMs] bound on "spawned" -> "API ready"
 * @param {number} [options.rpcPort] the RPC port (default: a free one), to restart a node where
 *   its clients expect it
 * @returns {Promise<{api: ApiPromise, rpcUrl: string, wsUrl: string, logPath: string, stop: () => Promise<void>}>}
 */
export async function startNode({
  chainArgs = ['--dev'],
  extraArgs = [],
  timeoutMs = STARTUP_TIMEOUT_MS,
  rpcPort: fixedRpcPort,
} = {}) {
  const binary = nodeBinaryPath();
  assertExecutable(binary);

  const [freeRpcPort, p2pPort, prometheusPort] = await freePorts(3);
  const rpcPort = fixedRpcPort ?? freeRpcPort;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iotchain-e2e-'));
  const logPath = path.join(dir, 'node.log');
  const logEntry = { dir, logPath, reported: false };
  logDirs.push(logEntry);

  // A database of its own that outlives the node if asked for (`--base-path` in extraArgs),
  // else a throw-away one.
  const args = [
    ...chainArgs,
    ...(extraArgs.includes('--base-path') ? [] : ['--tmp']),
    '--rpc-port', String(rpcPort),
    '--port', String(p2pPort),
    '--prometheus-port', String(prometheusPort),
    '--no-telemetry',
    '--no-mdns',
    ...extraArgs,
  ];
  // The child writes straight into the log file: no pipes to drain, and the
  // log survives even if this process dies.
  const logFd = fs.openSync(logPath, 'a');
  fs.writeSync(logFd, `$ ${binary} ${args.join(' ')}\n`);
  const child = spawn(binary, args, { stdio: ['ignore', logFd, logFd] });
  fs.closeSync(logFd);

  // `exited` settles when the process is gone, whether it exited or never
  // started (spawn 'error'); `spawnError` rejects only in the latter case.
  let spawnFailed;
  const spawnError = new Promise((_, reject) => {
    spawnFailed = reject;
  });
  spawnError.catch(() => {}); // observed below; avoid an unhandled rejection later
  const node = {
    child,
    exited: new Promise((resolve) => {
      const gone = (code, signal) => {
        liveNodes.delete(node);
        resolve({ code, signal });
      };
      child.once('exit', gone);
      child.once('error', (err) => {
        spawnFailed(err);
        gone(null, null);
      });
    }),
  };
  liveNodes.add(node);

  const rpcUrl = `http://127.0.0.1:${rpcPort}`;
  const wsUrl = `ws://127.0.0.1:${rpcPort}`;
  let api;

  const stop = async () => {
    if (api) {
      const connected = api;
      api = undefined;
      // Disconnect first so the WsProvider does not try to reconnect to a dying node.
      await connected.disconnect().catch(() => {});
    }
    await killNode(node);
  };

  try {
    const deadline = Date.now() + timeoutMs;
    await Promise.race([waitForRpc(rpcUrl, node, deadline), spawnError]);
    api = await withTimeout(
      ApiPromise.create({ provider: new WsProvider(wsUrl, 1_000), noInitWarn: true, throwOnConnect: true }),
      Math.max(deadline - Date.now(), 1_000),
      `API did not become ready at ${wsUrl} within ${timeoutMs} ms`,
    );
  } catch (err) {
    await stop();
    logEntry.reported = true;
    throw new Error(`iotchain-node failed to start: ${err.message}\n${describeLog(logPath)}`, { cause: err });
  }

  return { api, rpcUrl, wsUrl, logPath, stop, pid: child.pid };
}

/** Polls `system_health` until the node answers, it exits, or the deadline passes. */
async function waitForRpc(rpcUrl, node, deadline) {
  let lastError;
  while (Date.now() < deadline) {
    if (!liveNodes.has(node)) {
      const { code, signal } = await node.exited;
      throw new Error(`node exited early (code ${code}, signal ${signal})`);
    }
    try {
      await rpcCall(rpcUrl, 'system_health');
      return;
    } catch (err) {
      lastError = err; // connection refused until the RPC server is up
    }
    await sleep(250);
  }
  throw new Error(`RPC at ${rpcUrl} did not answer in time (last error: ${lastError?.message})`);
}
