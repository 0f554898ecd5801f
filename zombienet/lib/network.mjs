// Launcher of the local four-validator network as plain processes: alice, bob, charlie and dave
// (validators, with their dev Aura and GRANDPA keys via `--alice` ...) and `full` (a full node),
// on 127.0.0.1 ports chosen at start, with base paths under one directory.
//
// It is what the fault tests and `scripts/network.sh` use: unlike zombienet's native provider it
// can stop a node and start it again later on the same base path, keys and ports. It builds
// nothing. Every node runs in its own process group; `stop()` sends SIGINT (clean shutdown) and
// SIGKILL after a grace period, and nodes still running when this process exits are killed.

import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const VALIDATOR_NAMES = ['alice', 'bob', 'charlie', 'dave'];
export const FULL_NODE_NAMES = ['full'];
/** Aura slot duration of the runtime, in ms. */
export const SLOT_MS = 6_000;

const STARTUP_TIMEOUT_MS = 60_000;
const SHUTDOWN_GRACE_MS = 15_000;

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Path of the node binary: $IOTCHAIN_NODE, else $CARGO_TARGET_DIR/release/iotchain-node. */
export function nodeBinaryPath() {
  if (process.env.IOTCHAIN_NODE) return path.resolve(process.env.IOTCHAIN_NODE);
  const targetDir = process.env.CARGO_TARGET_DIR || path.join(os.homedir(), '.cache', 'iotchain', 'target');
  return path.join(targetDir, 'release', 'iotchain-node');
}

export function assertExecutable(binary) {
  try {
    fs.accessSync(binary, fs.constants.X_OK);
  } catch {
    throw new Error(
      `iotchain-node binary not found or not executable at ${binary}. Nothing here builds it: ` +
        'run `cargo build --release -p iotchain-node` first, or set IOTCHAIN_NODE (the binary) ' +
        'or CARGO_TARGET_DIR (its target dir).',
    );
  }
}

/** `count` distinct free TCP ports on 127.0.0.1 (all held open together, then released). */
export async function freePorts(count) {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
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

/** Whether `port` on 127.0.0.1 can be listened on right now. */
async function portIsFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** One JSON-RPC call over HTTP (the node serves HTTP and WebSocket on its RPC port). */
export async function rpcCall(url, method, params = [], timeoutMs = 3_000) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = await res.json();
  if (body.error) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
  return body.result;
}

/** Prometheus text format -> [{name, labels, value}]. */
export function parseMetrics(text) {
  const samples = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([^}]*)\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const labels = {};
    for (const [, k, v] of (m[3] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[k] = v;
    samples.push({ name: m[1], labels, value: Number(m[4]) });
  }
  return samples;
}

/** The Aura slot in a header's pre-runtime digest, or undefined. */
export function auraSlot(header) {
  for (const log of header.digest?.logs ?? []) {
    // PreRuntime (0x06), engine "aura", SCALE Vec<u8> of 8 bytes (compact 0x20), u64 LE slot.
    if (log.startsWith('0x066175726120') && log.length >= 14 + 16) {
      const bytes = Buffer.from(log.slice(14, 30), 'hex');
      return Number(bytes.readBigUInt64LE(0));
    }
  }
  return undefined;
}

/** Polls `check` (returns a truthy value when done) every `intervalMs` until `timeoutMs`. */
export async function waitFor(description, check, { timeoutMs, intervalMs = 1_000 } = {}) {
  const start = Date.now();
  let lastError;
  for (;;) {
    try {
      const value = await check();
      if (value) return { value, ms: Date.now() - start };
    } catch (err) {
      lastError = err;
    }
    if (Date.now() - start >= timeoutMs) {
      const why = lastError ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${description}${why}`);
    }
    await sleep(intervalMs);
  }
}

/** Process groups of nodes still running; killed if this process exits without stopping them. */
const liveGroups = new Set();
process.on('exit', () => {
  for (const pid of liveGroups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

/** The peer id of a node key (hex secret), as the node computes it. */
function peerIdOf(binary, nodeKeyHex) {
  return execFileSync(binary, ['key', 'inspect-node-key'], { input: nodeKeyHex, encoding: 'utf8' }).trim();
}

export class LocalNetwork {
  /**
   * @param {object} options
   * @param {string} options.chainSpec path of the (raw) chain spec
   * @param {string} options.dir directory for base paths and logs (created)
   * @param {string} [options.binary] node binary (default: nodeBinaryPath())
   * @param {number} [options.rpcPortBase] use RPC ports base, base+1, ... instead of free ones
   * @param {string[]} [options.extraArgs] extra node arguments for every node
   */
  constructor({ chainSpec, dir, binary = nodeBinaryPath(), rpcPortBase, extraArgs = [] }) {
    assertExecutable(binary);
    this.binary = binary;
    this.chainSpec = chainSpec;
    this.dir = dir;
    this.rpcPortBase = rpcPortBase;
    this.extraArgs = extraArgs;
    this.names = [...VALIDATOR_NAMES, ...FULL_NODE_NAMES];
    this.nodes = new Map();
  }

  /** Chooses ports and node keys; call once before starting nodes. */
  async init() {
    fs.mkdirSync(this.dir, { recursive: true });
    const count = this.names.length;
    const ports = await freePorts(count * 3);
    let rpcPorts = ports.slice(0, count);
    if (this.rpcPortBase) {
      rpcPorts = this.names.map((_, i) => this.rpcPortBase + i);
      for (const port of rpcPorts) {
        if (!(await portIsFree(port))) throw new Error(`RPC port ${port} on 127.0.0.1 is in use`);
      }
    }
    this.names.forEach((name, i) => {
      // A fixed node key per name, so that peer ids (and bootnode addresses) survive restarts.
      const nodeKey = crypto.createHash('sha256').update(`iotchain-local-4/${name}`).digest('hex');
      const node = {
        name,
        validator: VALIDATOR_NAMES.includes(name),
        rpcPort: rpcPorts[i],
        p2pPort: ports[count + i],
        prometheusPort: ports[2 * count + i],
        nodeKey,
        peerId: peerIdOf(this.binary, nodeKey),
        basePath: path.join(this.dir, name),
        logPath: path.join(this.dir, `${name}.log`),
        child: undefined,
        exited: undefined,
        starts: 0,
      };
      node.rpcUrl = `http://127.0.0.1:${node.rpcPort}`;
      node.wsUrl = `ws://127.0.0.1:${node.rpcPort}`;
      node.metricsUrl = `http://127.0.0.1:${node.prometheusPort}/metrics`;
      node.multiaddr = `/ip4/127.0.0.1/tcp/${node.p2pPort}/p2p/${node.peerId}`;
      this.nodes.set(name, node);
    });
    return this;
  }

  node(name) {
    const node = this.nodes.get(name);
    if (!node) throw new Error(`no node named ${name}`);
    return node;
  }

  isRunning(name) {
    return Boolean(this.node(name).child);
  }

  /** The node's command line. */
  args(name, { basePath, sync } = {}) {
    const node = this.node(name);
    const bootnodes = [...this.nodes.values()].filter((n) => n.name !== name).map((n) => n.multiaddr);
    return [
      '--chain', this.chainSpec,
      '--base-path', basePath ?? node.basePath,
      // `--alice` ... : name, `--validator`, and the dev Aura and GRANDPA keys in the keystore.
      ...(node.validator ? [`--${name}`] : ['--name', name]),
      '--listen-addr', `/ip4/127.0.0.1/tcp/${node.p2pPort}`,
      '--rpc-port', String(node.rpcPort),
      '--prometheus-port', String(node.prometheusPort),
      '--node-key', node.nodeKey,
      '--bootnodes', ...bootnodes,
      '--no-mdns',
      '--no-telemetry',
      ...(sync ? ['--sync', sync] : []),
      ...this.extraArgs,
    ];
  }

  /**
   * Starts node `name` and waits until its RPC answers.
   * @param {object} [options]
   * @param {string} [options.basePath] another base path (e.g. an empty one for a fresh node)
   * @param {string} [options.sync] `--sync` mode (full, warp, ...)
   */
  async start(name, options = {}) {
    const node = this.node(name);
    if (node.child) throw new Error(`${name} is already running`);
    const args = this.args(name, options);
    const logFd = fs.openSync(node.logPath, 'a');
    fs.writeSync(logFd, `\n=== ${new Date().toISOString()} start #${++node.starts}: ${this.binary} ${args.join(' ')}\n`);
    const child = spawn(this.binary, args, { stdio: ['ignore', logFd, logFd], detached: true });
    fs.closeSync(logFd);
    node.child = child;
    liveGroups.add(child.pid);
    // For wrappers that must clean up even if this process is killed outright (run-tests.sh).
    const pidFile = path.join(this.dir, `${name}.pid`);
    if (child.pid) fs.writeFileSync(pidFile, `${child.pid}\n`);
    node.exited = new Promise((resolve) => {
      const gone = (code, signal) => {
        liveGroups.delete(child.pid);
        fs.rmSync(pidFile, { force: true });
        if (node.child === child) node.child = undefined;
        resolve({ code, signal });
      };
      child.once('exit', gone);
      child.once('error', () => gone(null, null));
    });
    const deadline = Date.now() + STARTUP_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (node.child !== child) {
        const { code, signal } = await node.exited;
        throw new Error(`${name} exited at start (code ${code}, signal ${signal}); log: ${node.logPath}\n${this.logTail(name)}`);
      }
      try {
        await rpcCall(node.rpcUrl, 'system_health', [], 1_000);
        return node;
      } catch {
        await sleep(250);
      }
    }
    throw new Error(`${name}'s RPC did not answer within ${STARTUP_TIMEOUT_MS / 1000} s; log: ${node.logPath}`);
  }

  /** Stops node `name`: `signal` (SIGINT: clean shutdown) to its process group, SIGKILL after a grace period. */
  async stop(name, { signal = 'SIGINT', graceMs = SHUTDOWN_GRACE_MS } = {}) {
    const node = this.node(name);
    const child = node.child;
    if (!child) return;
    const kill = (sig) => {
      try {
        process.kill(-child.pid, sig);
      } catch {
        // already gone
      }
    };
    kill(signal);
    const timer = setTimeout(() => kill('SIGKILL'), graceMs);
    await node.exited;
    clearTimeout(timer);
  }

  async startAll() {
    // The first node is everyone's bootnode; the others can start together.
    await this.start(this.names[0]);
    await Promise.all(this.names.slice(1).map((name) => this.start(name)));
  }

  async stopAll() {
    await Promise.all(this.names.map((name) => this.stop(name)));
  }

  /** `{best, finalized, finalizedHash, peers, isSyncing}` from the node's RPC. */
  async status(name) {
    const { rpcUrl } = this.node(name);
    const [best, finalizedHash, health] = await Promise.all([
      rpcCall(rpcUrl, 'chain_getHeader'),
      rpcCall(rpcUrl, 'chain_getFinalizedHead'),
      rpcCall(rpcUrl, 'system_health'),
    ]);
    const finalized = await rpcCall(rpcUrl, 'chain_getHeader', [finalizedHash]);
    return {
      best: parseInt(best.number, 16),
      finalized: parseInt(finalized.number, 16),
      finalizedHash,
      peers: health.peers,
      isSyncing: health.isSyncing,
    };
  }

  /** The node's Prometheus samples. */
  async metrics(name) {
    const res = await fetch(this.node(name).metricsUrl, { signal: AbortSignal.timeout(3_000) });
    return parseMetrics(await res.text());
  }

  /** Hash of block `number` on the node's best chain (null if it does not have it). */
  async blockHash(name, number) {
    return rpcCall(this.node(name).rpcUrl, 'chain_getBlockHash', [number]);
  }

  async header(name, hash) {
    return rpcCall(this.node(name).rpcUrl, 'chain_getHeader', hash ? [hash] : []);
  }

  /** The last `lines` lines of the node's log. */
  logTail(name, lines = 40) {
    try {
      return fs.readFileSync(this.node(name).logPath, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  }
}
