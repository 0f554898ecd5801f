#!/usr/bin/env node
// Starts the local four-validator network (alice, bob, charlie, dave + the full node `full`)
// with the launcher the fault tests use (lib/network.mjs), prints where to reach each node, and
// keeps it running until Ctrl-C / SIGTERM, which stop every node. `scripts/network.sh` runs this.
//
// usage: node start-network.mjs [--dir DIR] [--rpc-port-base PORT]
//   --dir DIR             keep chain spec, databases and logs in DIR (reused on the next start);
//                         default: a temporary directory under /tmp, deleted on exit
//   --rpc-port-base PORT  RPC ports PORT..PORT+4 (alice..full); default: free ports

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { buildLocal4Spec } from './lib/chain-spec.mjs';
import { LocalNetwork, nodeBinaryPath, assertExecutable, waitFor } from './lib/network.mjs';

const { values: opts } = parseArgs({
  options: {
    dir: { type: 'string' },
    'rpc-port-base': { type: 'string' },
  },
});

const binary = nodeBinaryPath();
assertExecutable(binary);
const persistent = Boolean(opts.dir);
const dir = persistent ? path.resolve(opts.dir) : fs.mkdtempSync(path.join(os.tmpdir(), 'iotchain-network-'));
fs.mkdirSync(dir, { recursive: true });

// A kept directory keeps its chain spec: its databases belong to that genesis.
let chainSpec = path.join(dir, 'spec', 'local-4-raw.json');
if (!fs.existsSync(chainSpec)) chainSpec = buildLocal4Spec(path.join(dir, 'spec'), binary).rawPath;

const rpcPortBase = opts['rpc-port-base'] ? Number(opts['rpc-port-base']) : undefined;
const net = new LocalNetwork({ binary, chainSpec, dir, rpcPortBase });

let stopping = false;
async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping the network ...');
  await net.stopAll();
  if (!persistent) fs.rmSync(dir, { recursive: true, force: true });
  console.log(persistent ? `Stopped. State kept in ${dir}` : 'Stopped.');
  process.exit(code);
}
process.once('SIGINT', () => shutdown(0));
process.once('SIGTERM', () => shutdown(0));

try {
  await net.init();
  console.log(`Starting alice, bob, charlie, dave (validators) and full (full node) in ${dir} ...`);
  await net.startAll();
  await waitFor(
    'the nodes to connect',
    async () => {
      const all = await Promise.all(net.names.map((name) => net.status(name)));
      return all.every((s) => s.peers >= 3);
    },
    { timeoutMs: 60_000 },
  );
} catch (err) {
  console.error(`Could not start the network: ${err.message}`);
  await shutdown(1);
}

const rows = net.names.map((name) => {
  const n = net.node(name);
  return `  ${name.padEnd(8)} ${(n.validator ? 'validator' : 'full node').padEnd(10)} ${n.wsUrl.padEnd(22)} ` +
    `metrics ${n.metricsUrl.padEnd(36)} log ${n.logPath}`;
});
const alice = net.node('alice');
console.log(`
IoTChain local network: 4 validators (Aura + GRANDPA), 1 full node, chain spec ${chainSpec}
  node     role       RPC (WebSocket and HTTP)
${rows.join('\n')}

  Polkadot.js Apps: https://polkadot.js.org/apps/?rpc=${encodeURIComponent(alice.wsUrl)}#/explorer
  Health:           curl -s -H 'Content-Type: application/json' \\
                      -d '{"id":1,"jsonrpc":"2.0","method":"system_health"}' ${alice.rpcUrl}

Stop it with Ctrl-C (or: kill ${process.pid}); every node is stopped${persistent ? '' : ' and the directory deleted'}.
`);

// Report nodes that die while the network runs.
for (const name of net.names) {
  net.node(name).exited.then(({ code, signal }) => {
    if (!stopping) console.error(`${name} exited (code ${code}, signal ${signal}); see ${net.node(name).logPath}`);
  });
}
setInterval(() => {}, 1 << 30); // keep running until a signal arrives
