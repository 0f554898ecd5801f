// The edge gateway on a real dev node and a real Mosquitto broker, driven as devices and an
// operator drive it:
//
// - the operator makes a key (`keygen`), registers and funds the gateway (`register`) and runs
//   it; devices are registered on chain by their owner;
// - devices post readings over HTTP (JSON) and publish them over MQTT (binary); each gets a
//   receipt signed by the gateway, then, once GRANDPA has finalized the aggregate, its proof,
//   which `anchoring_verifyReading` proves on chain, anomaly annotation included;
// - every refusal (forged, replayed, unknown, suspended, revoked, rotated-away key, oversized,
//   malformed, …) is named, counted, and changes nothing;
// - `kill -9` of the gateway mid-stream, then a restart: every reading is anchored exactly once;
// - the node stopped for 30 s: readings are accepted and buffered, then anchored.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';

import { Keyring } from '@polkadot/keyring';
import { compactToU8a, hexToU8a, stringToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsU8a, cryptoWaitReady, decodeAddress, mnemonicGenerate, sr25519Verify } from '@polkadot/util-crypto';

import { signAndWaitFinalized } from '../lib/chain.js';
import { deviceRegistration, multiSigner, rotationPayload, scaleBytes, signWith } from '../lib/devices.js';
import {
  connectMqtt,
  eventually,
  gatewayCli,
  gatewayGet,
  gatewayMetric,
  gatewayPost,
  gatewayPostBulk,
  prepareGateway,
  startBroker,
  startGateway,
} from '../lib/gateway.js';
import { anchorPayload } from '../lib/anchoring.js';
import { leafOf, merkleTree, merkleVerify } from '../lib/merkle.js';
import { freePorts, rpcCall, startNode } from '../lib/node.js';
import { envelopeBytes, envelopeJson, envelopeLeaf, signReading } from '../lib/readings.js';

const SS58 = 4242;
const run = promisify(execFile);
const hash = (bytes) => blake2AsU8a(bytes, 256);
const hex = (bytes) => u8aToHex(bytes);
const u64le = (n) => {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(n), true);
  return out;
};
const deviceHex = (pair) => hex(pair.publicKey).slice(2);
const FINAL_TIMEOUT = 90_000;

describe('the edge gateway on a real node and broker', { timeout: 900_000 }, () => {
  const keyring = new Keyring({ type: 'sr25519' });
  let node;
  let api;
  let broker;
  let prepared;
  let gateway;
  let alice;
  let genesisHash;
  const baseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'iotchain-gw-node-'));
  let rpcPort;
  const devices = {};
  /** Every (device, seq) the gateway acknowledged, to check exactly-once anchoring at the end. */
  const acknowledged = new Map();

  const nodeArgs = () => ({ extraArgs: ['--base-path', baseDir], rpcPort });

  /** A reading of `pair` for `device` (default: its own id), as the JSON and binary forms. */
  function reading(pair, seq, payload = `{"t":${20 + (seq % 7)}}`, { device, timestamp = Date.now() } = {}) {
    const envelope = signReading(pair, { genesisHash, device, seq, timestamp, payload });
    return {
      envelope,
      json: { envelope: envelopeJson(envelope, SS58), payload },
      binary: u8aConcat(envelopeBytes(envelope), stringToU8a(payload)),
    };
  }

  function remember(receipt) {
    const key = `${receipt.device}/${receipt.seq}`;
    acknowledged.set(key, receipt.envelopeLeaf);
  }

  /**
   * Whether the gateway signed `receipt`, whose documented bytes are `message`: the receipt's
   * leaf H(message) is proven under its group's root, and the gateway's signature of
   * ("iotchain/receipts", genesis, gateway, root, leafCount) verifies.
   */
  function receiptSigned(receipt, message) {
    const { root, leafIndex, leafCount, siblings } = receipt.group;
    const gatewayId = decodeAddress(prepared.gateway);
    const proven = merkleVerify(hexToU8a(root), leafOf(message), leafIndex, leafCount, siblings.map((sibling) => hexToU8a(sibling))); // not `.map(hexToU8a)`: the index would be a bitLength
    const signed = u8aConcat(scaleBytes(stringToU8a('iotchain/receipts')), genesisHash, gatewayId, hexToU8a(root),
      new Uint8Array(new Uint32Array([leafCount]).buffer));
    return proven && receipt.signature.type === 'sr25519' && sr25519Verify(signed, receipt.signature.signature, gatewayId);
  }

  /** The receipt is the gateway's, over the documented bytes. */
  function assertReceipt(receipt, envelope) {
    assert.equal(receipt.gateway, prepared.gateway);
    assert.equal(receipt.seq, Number(envelope.seq));
    assert.equal(receipt.envelopeLeaf, hex(envelopeLeaf(envelope)));
    const message = u8aConcat(
      scaleBytes(stringToU8a('iotchain/receipt')),
      genesisHash,
      decodeAddress(prepared.gateway),
      envelope.device,
      u64le(envelope.seq),
      receipt.envelopeLeaf,
      receipt.annotationLeaf,
      u64le(receipt.acceptedAt),
    );
    assert.ok(receiptSigned(receipt, message), `receipt signature: ${JSON.stringify(receipt)}`);
    const forged = u8aConcat(message.slice(0, -1), [message.at(-1) ^ 1]);
    assert.ok(!receiptSigned(receipt, forged), 'a changed byte fails');
  }

  /** A final reading's proof verifies on chain, and its annotation is the one anchored. */
  async function assertProven(view, envelope) {
    assert.equal(view.status, 'final');
    const { proof } = view;
    const answer = await rpcCall(node.rpcUrl, 'anchoring_verifyReading', [
      proof.gateway,
      proof.aggregateSeq,
      envelopeJson(envelope, SS58),
      proof.leafIndex,
      proof.proof,
      proof.blockHash,
    ]);
    assert.ok(answer.proven, `proven: ${JSON.stringify(answer)}`);
    assert.equal(answer.proven.gateway, prepared.gateway);
    assert.equal(answer.proven.block, proof.block);
    assert.ok(answer.proven.deviceSignature.valid, 'the device signature is valid');
    // The annotation leaf sits beside the envelope's: the proof's first sibling is its node.
    const annotation = view.annotation.flags === 0 && view.annotation.metrics.length === 0 ? [0, 0] : null;
    if (annotation) {
      const leaf = hash(u8aConcat(scaleBytes(stringToU8a('iotchain/annotation')), envelopeLeaf(envelope), annotation));
      assert.equal(view.annotationLeaf, hex(leaf));
    }
    assert.equal(proof.leafIndex % 2, 0, 'envelopes sit at even leaves');
    assert.equal(proof.proof[0], hex(hash(view.annotationLeaf)));
    assert.ok(merkleVerify(proof.root, envelopeLeaf(envelope), proof.leafIndex, proof.leafCount, proof.proof));
  }

  /** Waits until the gateway has processed the chain's finalized head (its registry view). */
  async function caughtUp() {
    const head = (await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead())).number.toNumber();
    await eventually(async () => (await gatewayGet(gateway, '/v1/status')).body.finalizedBlock >= head, 30_000, `the gateway at #${head}`);
  }

  async function finalView(pair, seq) {
    return eventually(async () => {
      const { body } = await gatewayGet(gateway, `/v1/devices/0x${deviceHex(pair)}/readings/${seq}`);
      return body?.status === 'final' ? body : null;
    }, FINAL_TIMEOUT, `reading ${seq} final`);
  }

  before(async () => {
    await cryptoWaitReady();
    alice = keyring.addFromUri('//Alice');
    [rpcPort] = await freePorts(1);
    node = await startNode(nodeArgs());
    api = node.api;
    genesisHash = api.genesisHash.toU8a();
    broker = await startBroker();
    // Alice's fleet: the gateway reads her devices at start and as she registers more.
    prepared = await prepareGateway({
      nodeUrl: node.wsUrl, mqttPort: broker.port, limits: { max_payload: 256, max_bulk: 8 }, fleetOwners: [alice.address],
    });
    // The operator registers and funds its gateway with the CLI.
    const registered = await gatewayCli(['register', '--config', prepared.config, '--owner', '//Alice', '--fund', '100']);
    assert.equal(registered.gateway, prepared.gateway);

    // The devices, registered in one batch by their owner before the gateway starts.
    const ed = new Keyring({ type: 'ed25519' });
    for (const name of ['http', 'rotating', 'suspended', 'revoked', 'stream', 'batcher', 'quiet', 'hubA', 'hubB']) {
      devices[name] = ed.addFromUri(mnemonicGenerate());
    }
    devices.mqtt = keyring.addFromUri(mnemonicGenerate());
    const registrations = Object.values(devices).map((pair) => deviceRegistration(api, alice.address, pair));
    const { dispatchError } = await signAndWaitFinalized(api.tx.deviceRegistry.registerDevices(registrations), alice);
    assert.equal(dispatchError, undefined);
    gateway = await startGateway(prepared);
    await caughtUp();
    // The gateway itself and every device above, read in one paged pass before any reading.
    await eventually(async () => (await gatewayGet(gateway, '/v1/status')).body.devicesKnown >= 9, 30_000, 'the fleet read');
  });

  after(async () => {
    await gateway?.stop().catch(() => gateway?.kill9());
    await broker?.stop();
    await node?.stop();
    if (!process.exitCode) fs.rmSync(baseDir, { recursive: true, force: true });
  });

  test('a reading posted as JSON gets a receipt signed by the gateway, then a proof the chain verifies', async () => {
    const { envelope, json } = reading(devices.http, 1);
    const { status, body } = await gatewayPost(gateway, json);
    assert.equal(status, 200, JSON.stringify(body));
    assertReceipt(body.receipt, envelope);
    remember(body.receipt);
    const view = await finalView(devices.http, 1);
    assert.equal(view.payload, json.payload);
    await assertProven(view, envelope);
    const { status: statusAgain } = await gatewayGet(gateway, '/v1/status');
    assert.equal(statusAgain, 200);
  });

  test('a device publishing over MQTT gets receipts, then proofs pushed once final', async (t) => {
    const pair = devices.mqtt;
    const client = await connectMqtt(broker.url);
    t.after(() => client.endAsync());
    const receipts = [];
    const proofs = [];
    client.on('message', (topic, message) => {
      const body = JSON.parse(message.toString());
      (topic.endsWith('/receipts') ? receipts : proofs).push(body);
    });
    await client.subscribeAsync(`iotchain/v1/devices/${deviceHex(pair)}/+`, { qos: 1 });
    const sent = [1, 2, 3].map((seq) => reading(pair, seq));
    for (const { binary } of sent) {
      await client.publishAsync(`iotchain/v1/devices/${deviceHex(pair)}/readings/bin`, Buffer.from(binary), { qos: 1 });
    }
    await eventually(() => receipts.length === 3, 30_000, 'three receipts');
    for (const [i, { receipt }] of receipts.entries()) {
      assert.ok(receipt, JSON.stringify(receipts[i]));
      assertReceipt(receipt, sent[i].envelope);
      remember(receipt);
    }
    await eventually(() => proofs.length === 3, FINAL_TIMEOUT, 'three proofs');
    const finalized = await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead());
    for (const view of proofs) {
      const { envelope } = sent[view.envelope.seq - 1];
      assert.ok(view.proof.block <= finalized.number.toNumber(), 'pushed only once final');
      await assertProven(view, envelope);
    }
  });

  test('every bad reading is refused by name, counted, and changes nothing', async () => {
    const pair = devices.http;
    const stranger = new Keyring({ type: 'ed25519' }).addFromUri(mnemonicGenerate());
    const accepted = await gatewayMetric(gateway, 'readings_accepted_total');
    const first = reading(pair, 5);
    const accept = await gatewayPost(gateway, first.json);
    assert.equal(accept.status, 200);
    remember(accept.body.receipt);

    const forged = reading(stranger, 6, '{"t":1}', { device: pair.publicKey });
    const digest = reading(pair, 7);
    digest.json.payload = '{"t":99}';
    const cases = [
      ['badSignature', 403, forged.json],
      ['replayedSequence', 409, reading(pair, 5, '{"t":2}').json],
      ['replayedSequence', 409, reading(pair, 4).json],
      ['unknownDevice', 404, reading(stranger, 1).json],
      ['payloadTooLarge', 413, reading(pair, 8, 'x'.repeat(300)).json],
      ['digestMismatch', 400, digest.json],
      ['timestampInFuture', 400, reading(pair, 9, '{}', { timestamp: Date.now() + 3_600_000 }).json],
      ['timestampTooOld', 400, reading(pair, 10, '{}', { timestamp: Date.now() - 30 * 86_400_000 }).json],
      ['malformed', 400, { envelope: { device: 'nope' }, payload: '' }],
      ['malformed', 400, reading(pair, 11).binary.slice(0, 100)],
    ];
    for (const [reason, status, submission] of cases) {
      const before = await gatewayMetric(gateway, 'readings_refused_total', { reason });
      const answer = await gatewayPost(gateway, submission);
      assert.equal(answer.status, status, `${reason}: ${JSON.stringify(answer.body)}`);
      assert.equal(answer.body.refused, reason);
      assert.equal(await gatewayMetric(gateway, 'readings_refused_total', { reason }), before + 1, `${reason} counted`);
    }
    // The same envelope again is a retransmission: its receipt, not a second reading.
    const again = await gatewayPost(gateway, first.json);
    assert.equal(again.status, 200);
    assert.equal(again.body.receipt.envelopeLeaf, accept.body.receipt.envelopeLeaf);
    assert.equal(await gatewayMetric(gateway, 'readings_accepted_total'), accepted + 2);
    for (const seq of [4, 6, 7, 8, 9, 10, 11]) {
      const { status } = await gatewayGet(gateway, `/v1/devices/0x${deviceHex(pair)}/readings/${seq}`);
      assert.equal(status, 404, `reading ${seq} was not stored`);
    }
    // Over MQTT, a topic naming another device.
    const client = await connectMqtt(broker.url);
    const answers = [];
    client.on('message', (_, message) => answers.push(JSON.parse(message.toString())));
    await client.subscribeAsync(`iotchain/v1/devices/${deviceHex(stranger)}/receipts`, { qos: 1 });
    await client.publishAsync(`iotchain/v1/devices/${deviceHex(stranger)}/readings/bin`, Buffer.from(reading(pair, 12).binary), { qos: 1 });
    await eventually(() => answers.length === 1, 15_000, 'the refusal');
    assert.deepEqual(answers[0], { seq: 12, refused: 'topicMismatch', temporary: false });
    await client.endAsync();
  });

  test("a forwarder's bulk submissions, over HTTP and MQTT, are answered reading by reading", async (t) => {
    const { hubA, hubB } = devices;
    const stranger = new Keyring({ type: 'ed25519' }).addFromUri(mnemonicGenerate());
    const bulkBinary = (frames) => u8aConcat(compactToU8a(frames.length), ...frames.map((frame) => scaleBytes(frame)));
    const accepted = await gatewayMetric(gateway, 'readings_accepted_total');
    const refusedBefore = Object.fromEntries(await Promise.all(['badSignature', 'replayedSequence', 'malformed', 'tooManyReadings']
      .map(async (reason) => [reason, await gatewayMetric(gateway, 'readings_refused_total', { reason })])));

    // Over HTTP, JSON: two devices' readings, with a forgery, a replay and an unreadable item
    // among them; each is answered on its own, in order.
    const good = [reading(hubA, 1), reading(hubB, 1), reading(hubA, 2), reading(hubB, 2)];
    const forged = reading(stranger, 3, '{"t":1}', { device: hubA.publicKey });
    const replay = reading(hubA, 1, '{"t":0}');
    const items = [good[0].json, good[1].json, good[2].json, forged.json, replay.json, { envelope: { device: 'nope' } }, good[3].json];
    const { status, body } = await gatewayPostBulk(gateway, { readings: items });
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.answers.length, 7);
    for (const [i, index] of [0, 1, 2, 6].entries()) {
      assertReceipt(body.answers[index].receipt, good[i].envelope);
      remember(body.answers[index].receipt);
    }
    assert.deepEqual(body.answers[3], { seq: 3, refused: 'badSignature', temporary: false });
    assert.deepEqual(body.answers[4], { seq: 1, refused: 'replayedSequence', temporary: false });
    assert.deepEqual(body.answers[5], { seq: null, refused: 'malformed', temporary: false });

    // Over MQTT, binary, on a forwarder's topic; the answers come back on its receipts topic.
    const client = await connectMqtt(broker.url);
    t.after(() => client.endAsync());
    const answers = [];
    client.on('message', (_, message) => answers.push(JSON.parse(message.toString())));
    await client.subscribeAsync('iotchain/v1/forwarders/field-hub-1/receipts', { qos: 1 });
    const sent = [reading(hubA, 4), reading(hubB, 3)];
    const topic = 'iotchain/v1/forwarders/field-hub-1/readings/bin';
    await client.publishAsync(topic, Buffer.from(bulkBinary(sent.map((r) => r.binary))), { qos: 1 });
    await eventually(() => answers.length === 1, 30_000, 'the bulk answer');
    assert.equal(answers[0].answers.length, 2);
    for (const [i, { receipt }] of answers[0].answers.entries()) {
      assertReceipt(receipt, sent[i].envelope);
      remember(receipt);
    }
    // A message that is not a bulk submission, and one over `limits.max_bulk` (8 here), are
    // refused whole: nothing in them is stored.
    // One reading announced, of 2 bytes, and only 1 byte there.
    await client.publishAsync(topic, Buffer.from([0x04, 0x08, 0xff]), { qos: 1 });
    const tooMany = Array.from({ length: 9 }, (_, i) => reading(hubB, 10 + i));
    await client.publishAsync(topic, Buffer.from(bulkBinary(tooMany.map((r) => r.binary))), { qos: 1 });
    await eventually(() => answers.length === 3, 30_000, 'two refusals');
    assert.deepEqual(answers[1], { seq: null, refused: 'malformed', temporary: false });
    assert.deepEqual(answers[2], { seq: null, refused: 'tooManyReadings', temporary: false });
    const overHttp = await gatewayPostBulk(gateway, bulkBinary(tooMany.map((r) => r.binary)));
    assert.equal(overHttp.status, 413);
    assert.equal(overHttp.body.refused, 'tooManyReadings');
    for (const seq of [10, 18]) {
      assert.equal((await gatewayGet(gateway, `/v1/devices/0x${deviceHex(hubB)}/readings/${seq}`)).status, 404);
    }
    assert.equal(await gatewayMetric(gateway, 'readings_accepted_total'), accepted + 6);
    const expected = { badSignature: 1, replayedSequence: 1, malformed: 2, tooManyReadings: 2 };
    for (const [reason, more] of Object.entries(expected)) {
      assert.equal(await gatewayMetric(gateway, 'readings_refused_total', { reason }), refusedBefore[reason] + more, reason);
    }

    // Each accepted reading is proven on its own once final, whoever forwarded it.
    await assertProven(await finalView(hubA, 4), sent[0].envelope);
    await assertProven(await finalView(hubB, 2), good[3].envelope);
  });

  test('suspension, revocation and key rotation apply to the next reading once final', async () => {
    const { suspended, revoked, rotating } = devices;
    for (const pair of [suspended, revoked, rotating]) {
      const { status, body } = await gatewayPost(gateway, reading(pair, 1).json);
      assert.equal(status, 200, JSON.stringify(body));
      remember(body.receipt);
    }
    const rotated = new Keyring({ type: 'ed25519' }).addFromUri(mnemonicGenerate());
    const proof = signWith(rotated, rotationPayload({ genesisHash, device: rotating.address, oldPair: rotating, newPair: rotated }));
    const { dispatchError } = await signAndWaitFinalized(api.tx.utility.batchAll([
      api.tx.deviceRegistry.suspend(suspended.address),
      api.tx.deviceRegistry.revoke(revoked.address),
      api.tx.deviceRegistry.rotateKey(rotating.address, multiSigner(rotated), proof),
    ]), alice);
    assert.equal(dispatchError, undefined);
    await caughtUp();
    const expectations = [
      [suspended, undefined, 'deviceSuspended'],
      [revoked, undefined, 'deviceRevoked'],
      [rotating, undefined, 'badSignature'],
    ];
    for (const [pair, device, reason] of expectations) {
      await eventually(async () => {
        const { body } = await gatewayPost(gateway, reading(pair, 2, '{}', { device }).json);
        return body?.refused === reason;
      }, 30_000, reason);
    }
    const { status, body } = await gatewayPost(gateway, reading(rotated, 2, '{}', { device: rotating.publicKey }).json);
    assert.equal(status, 200, `the new key is accepted: ${JSON.stringify(body)}`);
    remember(body.receipt);
    await signAndWaitFinalized(api.tx.deviceRegistry.resume(suspended.address), alice);
    await caughtUp();
    await eventually(async () => {
      const answer = await gatewayPost(gateway, reading(suspended, 3).json);
      if (answer.status === 200) remember(answer.body.receipt);
      return answer.status === 200;
    }, 30_000, 'resumed device accepted');
  });

  test('a device that buffers relays its own signed batch roots through the gateway', async () => {
    const pair = devices.batcher;
    const readings = Array.from({ length: 100 }, (_, i) => `{"t":${i}}`);
    const leaves = readings.map((r) => leafOf(stringToU8a(r)));
    const tree = merkleTree(leaves);
    const t0 = Date.now();
    const batch = (seq, { root = tree.root, leafCount = 100, signer = pair } = {}) => {
      const fields = { device: pair.publicKey, seq, digest: root, leafCount, firstTs: t0, lastTs: t0 + 99 };
      const signature = signer.sign(anchorPayload({ genesisHash, ...fields }));
      return {
        json: { device: hex(pair.publicKey), seq, root: hex(root), leafCount, firstTs: t0, lastTs: t0 + 99,
          signature: { type: 'ed25519', signature: hex(signature) } },
        binary: u8aConcat(pair.publicKey, u64le(seq), root, new Uint8Array(new Uint32Array([leafCount]).buffer),
          u64le(t0), u64le(t0 + 99), [0], signature),
      };
    };
    const post = (body) => fetch(`${gateway.httpUrl}/v1/batches`, {
      method: 'POST',
      headers: { 'content-type': body instanceof Uint8Array ? 'application/octet-stream' : 'application/json' },
      body: body instanceof Uint8Array ? body : JSON.stringify(body),
    }).then(async (res) => ({ status: res.status, body: await res.json() }));

    const accepted = await post(batch(0).json);
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    const receipt = accepted.body.batchReceipt;
    const message = u8aConcat(scaleBytes(stringToU8a('iotchain/receipt')), genesisHash, decodeAddress(prepared.gateway),
      pair.publicKey, u64le(0), tree.root, new Uint8Array(32), u64le(receipt.acceptedAt));
    assert.ok(receiptSigned(receipt, message), 'batch receipt');
    assert.equal((await post(batch(0).json)).body.batchReceipt.acceptedAt, receipt.acceptedAt, 'a retransmission');
    const stranger = new Keyring({ type: 'ed25519' }).addFromUri(mnemonicGenerate());
    for (const [reason, status, body] of [
      ['replayedSequence', 409, batch(0, { root: leaves[0] }).json],
      ['badSignature', 403, batch(1, { signer: stranger }).json],
      ['invalidBatch', 422, batch(1, { leafCount: 0 }).json],
      ['malformed', 400, batch(1).binary.slice(0, 150)],
    ]) {
      const answer = await post(body);
      assert.equal(answer.status, status, `${reason}: ${JSON.stringify(answer.body)}`);
      assert.equal(answer.body.refused, reason);
    }

    // The next root over MQTT, binary; its receipt and, once final, its status come back.
    const client = await connectMqtt(broker.url);
    const messages = [];
    client.on('message', (topic, m) => messages.push({ topic, body: JSON.parse(m.toString()) }));
    await client.subscribeAsync(`iotchain/v1/devices/${deviceHex(pair)}/+`, { qos: 1 });
    await client.publishAsync(`iotchain/v1/devices/${deviceHex(pair)}/batches/bin`, Buffer.from(batch(1).binary), { qos: 1 });
    await eventually(() => messages.some((m) => m.body.batchReceipt?.seq === 1), 15_000, 'the batch receipt');
    await eventually(
      () => [0, 1].every((seq) => messages.some((m) => m.topic.endsWith('/proofs') && m.body.batch?.seq === seq && m.body.batch.status === 'final')),
      FINAL_TIMEOUT,
      'both roots final',
    );
    await client.endAsync();
    const { body: view } = await gatewayGet(gateway, `/v1/devices/0x${deviceHex(pair)}/batches/0`);
    assert.equal(view.status, 'final');
    // The device proves any reading of its batch on chain, with its own leaves.
    const proof = tree.proof(37);
    const answer = await rpcCall(node.rpcUrl, 'anchoring_verifyProof', [hex(pair.publicKey), 0, hex(leaves[37]), 37, proof.map(hex), null]);
    assert.equal(answer.proven.block, view.block);
  });

  test('the documented JS device registers itself and gets receipts, as the README shows', async () => {
    const script = path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..', 'docs', 'devices', 'device.mjs');
    const { stdout } = await run(process.execPath, [script, '--gateway', prepared.httpUrl, '--register-with', '//Alice',
      '--node', node.wsUrl, '--count', '2', '--interval', '0'], { timeout: 120_000 });
    const answers = stdout.split('\n').filter((line) => /^\s+\d{3} /.test(line));
    assert.equal(answers.length, 2, stdout);
    for (const line of answers) {
      assert.match(line, /^\s+200 \{"receipt":/, stdout);
      remember(JSON.parse(line.trim().slice(4)).receipt);
    }
  });

  test('kill -9 of the gateway mid-stream, then a restart: nothing acknowledged is lost or anchored twice', async () => {
    const pair = devices.stream;
    const client = await connectMqtt(broker.url, { clean: false, clientId: `device-${deviceHex(pair).slice(0, 16)}` });
    const receipts = new Map();
    client.on('message', (_, message) => {
      const body = JSON.parse(message.toString());
      if (body.receipt) receipts.set(body.receipt.seq, body.receipt);
    });
    await client.subscribeAsync(`iotchain/v1/devices/${deviceHex(pair)}/receipts`, { qos: 1 });
    const total = 200;
    const sent = [];
    for (let seq = 1; seq <= total; seq++) {
      const r = reading(pair, seq);
      sent.push(r);
      await client.publishAsync(`iotchain/v1/devices/${deviceHex(pair)}/readings/bin`, Buffer.from(r.binary), { qos: 1 });
      if (seq === total / 2) {
        await eventually(() => receipts.size > 0, 15_000, 'first receipts');
        await gateway.kill9();
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const beforeRestart = new Map(receipts);
    gateway = await startGateway(prepared);
    await eventually(() => receipts.size === total, 60_000, `${total} receipts (have ${receipts.size})`);
    for (const [seq, receipt] of beforeRestart) {
      assert.equal(receipts.get(seq).envelopeLeaf, receipt.envelopeLeaf, 'a receipt is never contradicted');
    }
    for (const receipt of receipts.values()) remember(receipt);
    const last = await finalView(pair, total);
    await assertProven(last, sent[total - 1].envelope);
    // Every reading, final, once: the device's history, paged.
    const seen = [];
    let cursor = 0;
    for (;;) {
      const { body } = await gatewayGet(gateway, `/v1/devices/0x${deviceHex(pair)}/readings?cursor=${cursor}&limit=100`);
      seen.push(...body.items);
      if (body.next === null) break;
      cursor = body.next;
    }
    assert.deepEqual(seen.map((v) => v.envelope.seq), sent.map((_, i) => i + 1));
    await eventually(async () => {
      const { body } = await gatewayGet(gateway, `/v1/devices/0x${deviceHex(pair)}/readings?cursor=1&limit=100`);
      return body.items.every((v) => v.status === 'final');
    }, FINAL_TIMEOUT, 'all final');
    await client.endAsync();
  });

  test('with the node stopped for 30 s readings are buffered, then anchored', async () => {
    // A device Alice registers now, while the gateway runs: it joins the fleet once final.
    const late = new Keyring({ type: 'ed25519' }).addFromUri(mnemonicGenerate());
    const { dispatchError } = await signAndWaitFinalized(
      api.tx.deviceRegistry.registerDevices([deviceRegistration(api, alice.address, late)]), alice);
    assert.equal(dispatchError, undefined);
    await caughtUp();
    await node.stop();
    const stoppedAt = Date.now();
    const pair = devices.http;
    const sent = [];
    const firsts = [];
    try {
      // The first readings ever of two devices of the fleet, one read at start and one as it
      // registered: accepted without the node.
      for (const quiet of [devices.quiet, late]) {
        const r = reading(quiet, 1);
        const { status, body } = await gatewayPost(gateway, r.json);
        assert.equal(status, 200, `a first reading while the node is away: ${JSON.stringify(body)}`);
        remember(body.receipt);
        firsts.push([quiet, r]);
      }
      for (let seq = 20; seq < 30; seq++) {
        const r = reading(pair, seq);
        const { status, body } = await gatewayPost(gateway, r.json);
        assert.equal(status, 200, `accepted while the node is away: ${JSON.stringify(body)}`);
        remember(body.receipt);
        sent.push(r);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
      const { body: status } = await gatewayGet(gateway, '/v1/status');
      assert.equal(status.chainConnected, false);
      for (let seq = 20; seq < 30; seq++) {
        const { body } = await gatewayGet(gateway, `/v1/devices/0x${deviceHex(pair)}/readings/${seq}`);
        assert.ok(['queued', 'pending'].includes(body.status), `reading ${seq} waits: ${body.status}`);
      }
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, 30_000 - (Date.now() - stoppedAt))));
    } finally {
      node = await startNode(nodeArgs());
      api = node.api;
    }
    for (const [i, r] of sent.entries()) {
      const view = await finalView(pair, 20 + i);
      await assertProven(view, r.envelope);
    }
    for (const [quiet, r] of firsts) await assertProven(await finalView(quiet, 1), r.envelope);
  });

  test('every acknowledged reading is in exactly one final aggregate', async () => {
    // The gateway's aggregates on chain, paged: two leaves per reading.
    let leaves = 0;
    let cursor = null;
    for (;;) {
      const page = await rpcCall(node.rpcUrl, 'anchoring_anchors', [prepared.gateway, cursor, null, null]);
      for (const anchor of page.items) leaves += anchor.leafCount;
      if (page.next === null) break;
      cursor = page.next;
    }
    await eventually(async () => {
      const { body } = await gatewayGet(gateway, '/v1/status');
      return body.queueDepth === 0;
    }, FINAL_TIMEOUT, 'an empty queue');
    assert.equal(leaves / 2, acknowledged.size, 'one pair of leaves per acknowledged reading');
  });
});
