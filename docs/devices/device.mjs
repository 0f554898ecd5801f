#!/usr/bin/env node
// An IoTChain device in one file: signs readings with its ed25519 key and sends them to a gateway.
// Copy it and replace `takeReading` with your sensor.
//
//   node docs/devices/device.mjs [--gateway http://127.0.0.1:8090] [--seed 0x<64 hex>]
//                                [--device 0x<64 hex>] [--seq-start N] [--count 3] [--interval 1]
//                                [--register-with //Alice [--node ws://127.0.0.1:9944]]
//   node docs/devices/device.mjs --self-test
//
// Node 20 or later. It needs @polkadot/util and @polkadot/util-crypto: installed beside the script
// (`npm install @polkadot/util @polkadot/util-crypto`), or, in the IoTChain repository, those of
// e2e/ (`cd e2e && npm ci`), which it finds on its own.
//
// What a device sends (docs/anchoring.md section 7 gives every byte):
//   signed bytes (129)  0x40 "iotchain/reading" ‖ genesis hash ‖ device ‖ seq (u64 LE)
//                       ‖ timestamp (u64 LE, ms since the Unix epoch) ‖ BLAKE2b-256(payload)
//   submission (JSON)   { "envelope": { device, seq, timestamp, payloadDigest,
//                         signature: { type: "ed25519", signature } }, "payload": "<the exact text hashed>" }
//                       ("payloadHex": "0x…" instead of "payload" for a binary payload)
// The gateway answers 200 with { "receipt": … }, its signed promise to anchor the reading, or
// 4xx/503 with { "refused": "<reason>", "temporary": bool }.
//
// Without --seed the device makes a new key and prints its seed: keep it, it is the device's
// secret. The gateway takes readings only from devices registered on chain (else it refuses
// them as "unknownDevice"), so register the printed device id first (deviceRegistry.register):
// on a development chain, --register-with //Alice has the script do it (the owner's secret URI
// signs `registerDevice` with the device's proof of possession; this needs @polkadot/api too).
// Each reading needs a number above the device's highest so far ("replayedSequence" otherwise):
// --seq-start defaults to the current time in milliseconds, so runs one after the other never
// reuse a number. --device is for a device whose key was rotated: it keeps the id it was
// registered with and signs with its new key.

import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';

/** A package from beside the script, or else from the IoTChain repository's e2e/node_modules. */
async function load(name) {
  try {
    return await import(name);
  } catch (error) {
    if (error.code !== 'ERR_MODULE_NOT_FOUND') throw error;
  }
  return createRequire(new URL('../../e2e/package.json', import.meta.url))(name);
}

const { hexToU8a, stringToU8a, u8aConcat, u8aEq, u8aToHex } = await load('@polkadot/util');
const { blake2AsU8a, ed25519PairFromSeed, ed25519Sign } = await load('@polkadot/util-crypto');

const READING_TAG = stringToU8a('iotchain/reading');
const ED25519 = 0x00; // the MultiSignature scheme byte of an ed25519 signature

/** BLAKE2b-256, the chain's hash. */
const hash = (bytes) => blake2AsU8a(bytes, 256);

/** A u64 as 8 little-endian bytes. */
function u64le(n) {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(n), true);
  return out;
}

/** 32 bytes from hex, with or without 0x. */
function bytes32(hex, what) {
  const bytes = hexToU8a(hex.startsWith('0x') ? hex : `0x${hex}`);
  if (bytes.length !== 32 || !/^(0x)?[0-9a-fA-F]{64}$/.test(hex)) throw new Error(`${what} must be 32 bytes in hex`);
  return bytes;
}

/** The device: its key pair, its id (the public key it was registered with) and its chain. */
function makeDevice(seed, genesisHash, device) {
  const pair = ed25519PairFromSeed(seed);
  return { pair, id: device ?? pair.publicKey, genesisHash };
}

/**
 * One signed reading: the envelope in JSON as the gateway takes it, the submission to POST, and
 * the envelope's 145 SCALE bytes (whose BLAKE2b-256 is its leaf, which the gateway's receipt names).
 */
function signReading({ pair, id, genesisHash }, seq, timestamp, payload) {
  const payloadDigest = hash(stringToU8a(payload));
  const signed = u8aConcat([READING_TAG.length << 2], READING_TAG, genesisHash, id, u64le(seq), u64le(timestamp),
    payloadDigest);
  const signature = ed25519Sign(signed, pair);
  const envelopeBytes = u8aConcat(id, u64le(seq), u64le(timestamp), payloadDigest, [ED25519], signature);
  const envelope = {
    device: u8aToHex(id),
    seq,
    timestamp,
    payloadDigest: u8aToHex(payloadDigest),
    signature: { type: 'ed25519', signature: u8aToHex(signature) },
  };
  return { signed, envelope, envelopeBytes, submission: { envelope, payload } };
}

/** The reading to send: replace with your sensor's. Any bytes do; the gateway never parses them. */
function takeReading() {
  return JSON.stringify({ t: Math.round(200 + Math.random() * 50) / 10 });
}

/** The worked example of docs/anchoring.md section 7, recomputed: exits 0 printing OK, or 1. */
function selfTest() {
  const device = makeDevice(new Uint8Array(32).fill(1), new Uint8Array(32).fill(0x45));
  const { signed, envelope, envelopeBytes } = signReading(device, 7, 1767225600000, '{"t":21.5}');
  const checks = [
    ['device id', envelope.device, '0x8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c'],
    ['payload digest', envelope.payloadDigest, '0x84706f69ba29b15ca7ec4188f747d0a10de6ce165afd6154aee3469f9f4617e2'],
    ['signed bytes', signed.length, 129],
    ['signature', envelope.signature.signature,
      '0x62d7f81a7f65b7d3b182de02c936b2f4973ad8e1341b3c18545be3ab271113df'
      + '4d97e57af4054b2f9505ddb479f8b09fa059dfd632405053f2e98dbba3530507'],
    ['envelope', envelopeBytes.length, 145],
    ['envelope leaf', u8aToHex(hash(envelopeBytes)),
      '0x344618c25ab23bcf4b9c59b11fb504336334a4c513224f68ecee439c71146ae1'],
  ];
  let failed = false;
  for (const [what, got, want] of checks) {
    if (got !== want) {
      console.error(`${what}: got ${got}, want ${want}`);
      failed = true;
    }
  }
  if (!u8aEq(envelopeBytes.subarray(0, 32), device.id)) {
    console.error('the envelope does not start with the device id');
    failed = true;
  }
  console.log(failed ? 'FAILED' : 'OK');
  process.exit(failed ? 1 : 0);
}

function parseArgs(argv) {
  const options = { gateway: 'http://127.0.0.1:8090', count: 3, interval: 1, node: 'ws://127.0.0.1:9944' };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--self-test') {
      options.selfTest = true;
      continue;
    }
    if (flag === '--help' || flag === '-h') {
      console.log('usage: device.mjs [--gateway URL] [--seed HEX] [--device HEX] [--seq-start N] [--count N]'
        + ' [--interval SECONDS] [--register-with OWNER_URI [--node WS_URL]] | --self-test');
      process.exit(0);
    }
    const value = argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    switch (flag) {
      case '--gateway': options.gateway = value.replace(/\/+$/, ''); break;
      case '--seed': options.seed = bytes32(value, '--seed'); break;
      case '--device': options.device = bytes32(value, '--device'); break;
      case '--seq-start': options.seqStart = Number(value); break;
      case '--count': options.count = Number(value); break;
      case '--interval': options.interval = Number(value); break;
      case '--register-with': options.registerWith = value; break;
      case '--node': options.node = value; break;
      default: throw new Error(`unknown option ${flag} (--help lists them)`);
    }
  }
  // The JSON numbers must stay exact: a number above 2^53 - 1 would be rounded.
  if (options.seqStart !== undefined && !(Number.isSafeInteger(options.seqStart) && options.seqStart >= 0)) {
    throw new Error('--seq-start must be an integer from 0 to 2^53 - 1');
  }
  if (!(Number.isSafeInteger(options.count) && options.count > 0)) throw new Error('--count must be a positive integer');
  if (!(options.interval >= 0)) throw new Error('--interval must be a number of seconds');
  return options;
}

/** GET or POST JSON; the answer's status and parsed body (the text if it is not JSON). */
async function request(url, body) {
  const response = await fetch(url, body === undefined ? {} : {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) };
  } catch {
    return { status: response.status, body: text };
  }
}

/**
 * Registers the device on chain, owned by the account of secret URI `ownerUri`: the device signs
 * its proof of possession, `("iotchain/register", genesis_hash, owner, key)` in SCALE (key as a
 * MultiSigner: 0x00 then the ed25519 public key), and the owner sends `registerDevice`. Resolves
 * once the registration is final.
 */
async function register(device, ownerUri, nodeUrl) {
  const { ApiPromise, WsProvider } = await load('@polkadot/api');
  const { Keyring } = await load('@polkadot/keyring');
  const api = await ApiPromise.create({ provider: new WsProvider(nodeUrl), noInitWarn: true });
  try {
    const owner = new Keyring({ type: 'sr25519' }).addFromUri(ownerUri);
    const tag = stringToU8a('iotchain/register');
    const key = u8aConcat([ED25519], device.pair.publicKey);
    const proof = ed25519Sign(u8aConcat([tag.length << 2], tag, device.genesisHash, owner.publicKey, key), device.pair);
    const tx = api.tx.deviceRegistry.registerDevice({
      key: { Ed25519: device.pair.publicKey },
      proof: { Ed25519: proof },
      kind: 'Sensor',
      manufacturer: '0x',
      model: '0x',
      metadata: '0x',
      contentHash: null,
    });
    await new Promise((resolve, reject) => {
      tx.signAndSend(owner, ({ status, dispatchError }) => {
        if (dispatchError) reject(new Error(`registerDevice failed: ${dispatchError.toString()}`));
        else if (status.isFinalized) resolve();
      }).catch(reject);
    });
    console.log(`registered on chain by ${owner.address}`);
  } finally {
    await api.disconnect();
  }
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.selfTest) selfTest();

  let seed = options.seed;
  if (!seed) {
    seed = new Uint8Array(randomBytes(32));
    console.log(`new device seed ${u8aToHex(seed)} (keep it secret: it is the device's key)`);
  }

  const status = await request(`${options.gateway}/v1/status`);
  if (status.status !== 200 || typeof status.body?.genesisHash !== 'string') {
    throw new Error(`GET ${options.gateway}/v1/status answered ${status.status}: ${JSON.stringify(status.body)}`);
  }
  const device = makeDevice(seed, bytes32(status.body.genesisHash, 'genesisHash'), options.device);
  console.log(`gateway ${status.body.gateway}, chain ${status.body.genesisHash}`);
  console.log(`device  ${u8aToHex(device.id)} (public key ${u8aToHex(device.pair.publicKey)})`);

  if (options.registerWith) await register(device, options.registerWith, options.node);

  const seqStart = options.seqStart ?? Date.now();
  for (let n = 0; n < options.count; n++) {
    if (n > 0) await new Promise((resolve) => setTimeout(resolve, options.interval * 1000));
    const payload = takeReading();
    const { submission, envelopeBytes } = signReading(device, seqStart + n, Date.now(), payload);
    let answer = await request(`${options.gateway}/v1/readings`, submission);
    // Just registered: the gateway sees a registration once its block is final and applied.
    for (let tries = 0; options.registerWith && answer.body?.refused === 'unknownDevice' && tries < 10; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      answer = await request(`${options.gateway}/v1/readings`, submission);
    }
    console.log(`reading ${submission.envelope.seq} ${payload} leaf ${u8aToHex(hash(envelopeBytes))}`);
    console.log(`  ${answer.status} ${JSON.stringify(answer.body)}`);
  }
}

main().catch((error) => {
  console.error(`device: ${error.message}${error.cause ? ` (${error.cause.message ?? error.cause})` : ''}`);
  process.exit(1);
});
