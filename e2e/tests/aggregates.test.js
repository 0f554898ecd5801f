// Aggregates on a real dev node: devices sign readings, a gateway anchors them by the thousand in
// one transaction, and anyone proves one reading alone, through @polkadot/api and
// `anchoring_verifyReading`, as a fleet, its gateway and an auditor would:
//
// - 50 devices with ed25519, sr25519 and ECDSA keys sign reading envelopes built in JS from the
//   documented bytes (lib/readings.js, independent of the runtime's encoding);
// - a JS gateway aggregates them into one Merkle tree, and its operator relays the gateway's
//   signed `anchor_aggregate`, paying the transaction fee and the AnchorFee;
// - chosen readings are proven with their device's key, block, time and gateway; a changed byte,
//   a forged device signature, the wrong aggregate or a device's own batch are told apart;
// - a reading stays verifiable after its device rotates its key or is revoked, and a reading
//   signed with a key already rotated away from is `invalid`;
// - a suspended gateway, a device that is not a gateway and a replayed aggregate are refused by
//   name and change nothing; their sender pays the transaction fee and the AnchorFee, which the
//   runtime charges with the fee whatever the call does.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { blake2AsU8a, cryptoWaitReady, mnemonicGenerate, secp256k1Recover } from '@polkadot/util-crypto';

import { findEvent, freeBalanceAt, parentHash, signAndWaitFinalized, signAndWaitInBlock } from '../lib/chain.js';
import { signAnchor } from '../lib/anchoring.js';
import {
  deviceAddress,
  deviceKeyJson,
  deviceRegistration,
  multiSigner,
  rotationPayload,
  signWith,
} from '../lib/devices.js';
import { merkleVerify } from '../lib/merkle.js';
import { rpcCall, startNode } from '../lib/node.js';
import {
  aggregate,
  aggregatePayload,
  envelopeBytes,
  envelopeJson,
  envelopeLeaf,
  readingPayload,
  rootAlongPath,
  signReading,
} from '../lib/readings.js';

const TIMEOUT = { timeout: 180_000 };
const UNIT = 10n ** 12n;
const FLEET_SIZE = 50;
const SCHEMES = ['ed25519', 'sr25519', 'ecdsa'];
/** 2026-01-01T00:00:00Z, the readings' first timestamp by the devices' clocks. */
const T0 = 1_767_225_600_000;
const hex = (bytes) => u8aToHex(bytes);
const zeros = (byte) => `0x${byte.repeat(32)}`;

/** An event's named fields as JSON. */
const eventFields = (event) => Object.fromEntries(event.data.names.map((name, i) => [name, event.data[i].toJSON()]));

describe('reading envelopes and aggregates, rebuilt in JS (no node)', () => {
  const keyring = new Keyring({ type: 'sr25519' });
  before(cryptoWaitReady);

  test('the reading payload is the documented 129 bytes (the worked example primitives pin)', () => {
    const payload = readingPayload({
      genesisHash: zeros('45'),
      device: zeros('11'),
      seq: 7,
      timestamp: 1_767_225_600_000,
      payloadDigest: zeros('22'),
    });
    assert.equal(payload.length, 129);
    assert.equal(
      hex(payload),
      '0x40696f74636861696e2f72656164696e67' + // compact length 16, then "iotchain/reading"
        '45'.repeat(32) + // genesis hash
        '11'.repeat(32) + // device
        '0700000000000000' + // seq 7
        '00a8da769b010000' + // timestamp 1_767_225_600_000 = 0x019b_76da_a800
        '22'.repeat(32), // payload digest
    );
  });

  test('an envelope is device, seq, timestamp, digest and MultiSignature: 145 or 146 bytes', () => {
    for (const [type, variant, length] of [['ed25519', 0, 145], ['sr25519', 1, 145], ['ecdsa', 2, 146]]) {
      const pair = keyring.createFromUri(mnemonicGenerate(), {}, type);
      const fields = { genesisHash: zeros('45'), seq: 7, timestamp: T0, payload: '{"celsius":21.5}' };
      const envelope = signReading(pair, fields);
      const bytes = envelopeBytes(envelope);
      assert.equal(bytes.length, length, `${type} envelope`);
      assert.deepEqual(bytes.subarray(0, 32), envelope.device);
      assert.equal(hex(bytes.subarray(32, 48)), '0x0700000000000000' + '00a8da769b010000');
      assert.deepEqual(bytes.subarray(48, 80), blake2AsU8a('{"celsius":21.5}', 256), 'the payload digest');
      assert.equal(bytes[80], variant, `${type} is MultiSignature variant ${variant}`);
      assert.deepEqual(bytes.subarray(81), envelope.signature.bytes);
      assert.deepEqual(envelopeLeaf(envelope), blake2AsU8a(bytes, 256), 'the leaf hashes the whole envelope');

      const message = readingPayload({ genesisHash: zeros('45'), ...envelope });
      if (type === 'ecdsa') {
        // What the chain does with an ECDSA MultiSignature: recover the key from the signature
        // over BLAKE2b-256 of the message. The keyring hashed the message that way.
        const sig = envelope.signature.bytes;
        assert.deepEqual(secp256k1Recover(blake2AsU8a(message, 256), sig, sig[64]), pair.publicKey);
      } else {
        assert.ok(pair.verify(message, envelope.signature.bytes, pair.publicKey));
      }
    }
  });

  test('the aggregate payload is the anchor payload under the tag "iotchain/aggregate": 143 bytes', () => {
    const payload = aggregatePayload({
      genesisHash: zeros('45'), gateway: zeros('11'), seq: 5, root: zeros('22'), leafCount: 1000, firstTs: 1, lastTs: 2,
    });
    assert.equal(payload.length, 143);
    assert.equal(
      hex(payload),
      '0x48696f74636861696e2f616767726567617465' + // compact length 18, then "iotchain/aggregate"
        '45'.repeat(32) +
        '11'.repeat(32) +
        '0500000000000000' + // seq 5
        '22'.repeat(32) + // root
        'e8030000' + // leaf_count 1000
        '0100000000000000' + // first_ts 1
        '0200000000000000', // last_ts 2
    );
  });

  test('a gateway recomputes its root along one path when it replaces a leaf', () => {
    const pair = keyring.createFromUri(mnemonicGenerate(), {}, 'ed25519');
    const sign = (seq) => signReading(pair, { genesisHash: zeros('45'), seq, timestamp: T0 + seq, payload: `r${seq}` });
    const envelopes = Array.from({ length: 13 }, (_, seq) => sign(seq));
    const before = aggregate(envelopes);
    assert.equal(before.leafCount, 13);
    assert.equal(before.firstTs, BigInt(T0));
    assert.equal(before.lastTs, BigInt(T0 + 12));
    const replaced = aggregate([...envelopes.slice(0, 12), sign(99)]);
    assert.deepEqual(rootAlongPath(envelopeLeaf(sign(99)), 12, 13, before.proof(12)), replaced.root);
    assert.notDeepEqual(replaced.root, before.root);
  });
});

describe('aggregates', () => {
  let node;
  let api;
  let ss58;
  let keyring;
  let alice; // owns the 50 devices
  let operator; // owns the gateways and relays their aggregates
  let anchorFee;
  const fleet = []; // { pair, address } for 50 devices, schemes in turn
  const gateways = {}; // gateway (active), standby (suspended later), lamp (a sensor, not a gateway)
  const relayers = {}; // one funded account per refused attempt
  const REFUSED = ['suspended', 'notGateway', 'replay'];

  // What the tests below learn and build on.
  const aggregates = {}; // seq -> aggregate() and { block, moment, blockHash }
  let forgedIndex; // the leaf of aggregate 0 whose device signature is another key's
  let batchSeq; // a device's own batch anchor over the same leaves as aggregate 0
  let rotatedKey; // device 1's key after the rotation

  const rpc = (method, ...params) => rpcCall(node.rpcUrl, method, params);
  const freshPair = (type = 'sr25519') => keyring.createFromUri(mnemonicGenerate(), {}, type);
  const blockNumber = async (blockHash) => (await api.rpc.chain.getHeader(blockHash)).number.toNumber();
  const momentAt = async (blockHash) => (await (await api.at(blockHash)).query.timestamp.now()).toNumber();
  const nextNonce = async (pair) => (await api.rpc.system.accountNextIndex(pair.address)).toNumber();
  const sign = (pair, fields) => signReading(pair, { genesisHash: api.genesisHash, ...fields });

  /** The fee of an extrinsic, checked to be paid by `payer` with no tip. */
  const feePaidBy = (events, payer) => {
    const feePaid = findEvent(events, api.events.transactionPayment.TransactionFeePaid);
    assert.ok(feePaid, 'the extrinsic emitted transactionPayment.TransactionFeePaid');
    assert.equal(feePaid.data.who.toString(), payer.address, 'the fee was paid by the signer');
    assert.equal(feePaid.data.tip.toBigInt(), 0n, 'no tip was given');
    return feePaid.data.actualFee.toBigInt();
  };

  /** `payer`'s free balance lost in block `blockHash`. */
  const spentIn = async (payer, blockHash) =>
    (await freeBalanceAt(api, payer.address, await parentHash(api, blockHash))) -
    (await freeBalanceAt(api, payer.address, blockHash));

  /** `anchoring_verifyReading` of envelope `index` of aggregate `seq` (or `envelope` instead). */
  const verify = (seq, index, { envelope, gateway = gateways.gateway.address, against = seq } = {}) => {
    const { envelopes, proof } = aggregates[seq];
    return rpc('anchoring_verifyReading', gateway, against, envelopeJson(envelope ?? envelopes[index], ss58), index,
      proof(index).map(hex));
  };

  /** What `anchoring_verifyReading` answers for a reading of aggregate `seq` signed by `device`. */
  const proven = (seq, device, deviceSignature) => ({
    proven: {
      gateway: gateways.gateway.address,
      aggregateSeq: seq,
      block: aggregates[seq].block,
      moment: aggregates[seq].moment,
      leafCount: aggregates[seq].leafCount,
      device,
      deviceSignature,
    },
  });

  /** Signs `anchor_aggregate` for `gateway` (a pair) over `agg`, relayed. */
  const relayedAggregate = (gateway, seq, agg) => {
    const { root, leafCount, firstTs, lastTs } = agg;
    const signature = signWith(gateway.pair, aggregatePayload({
      genesisHash: api.genesisHash, gateway: gateway.address, seq, root, leafCount, firstTs, lastTs,
    }));
    return api.tx.dataAnchoring.anchorAggregate(gateway.address, seq, root, leafCount, firstTs, lastTs, signature);
  };

  /** Records where aggregate `seq` was anchored, after checking its event and fee. */
  const recordAnchored = async (seq, result, relayer) => {
    const { blockHash, events, dispatchError } = result;
    assert.equal(dispatchError, undefined, `aggregate ${seq} was anchored`);
    const agg = aggregates[seq];
    agg.blockHash = blockHash;
    agg.block = await blockNumber(blockHash);
    agg.moment = await momentAt(blockHash);
    const event = findEvent(events, api.events.dataAnchoring.AggregateAnchored);
    assert.ok(event, 'dataAnchoring.AggregateAnchored was emitted');
    assert.deepEqual(eventFields(event), {
      gateway: gateways.gateway.address,
      seq,
      root: hex(agg.root),
      leafCount: agg.leafCount,
      firstTs: Number(agg.firstTs),
      lastTs: Number(agg.lastTs),
      block: agg.block,
      moment: agg.moment,
      gap: 0,
      relayer: relayer.address,
    });
    // The relayer paid the transaction fee and the AnchorFee, nothing else.
    assert.equal(await spentIn(relayer, blockHash), feePaidBy(events, relayer) + anchorFee);
    assert.deepEqual(await rpc('anchoring_anchor', gateways.gateway.address, seq, blockHash), {
      seq,
      kind: 'aggregate',
      digest: hex(agg.root),
      leafCount: agg.leafCount,
      firstTs: Number(agg.firstTs),
      lastTs: Number(agg.lastTs),
      block: agg.block,
      moment: agg.moment,
    });
  };

  before(async () => {
    await cryptoWaitReady();
    node = await startNode();
    api = node.api;
    ss58 = api.registry.chainSS58;
    keyring = new Keyring({ type: 'sr25519', ss58Format: ss58 });
    alice = keyring.addFromUri('//Alice');
    operator = freshPair();
    anchorFee = api.consts.dataAnchoring.anchorFee.toBigInt();
    for (let i = 0; i < FLEET_SIZE; i++) {
      const pair = freshPair(SCHEMES[i % SCHEMES.length]);
      fleet.push({ pair, address: deviceAddress(pair, ss58) });
    }
    for (const name of ['gateway', 'standby', 'lamp']) {
      const pair = freshPair('ed25519');
      gateways[name] = { pair, address: deviceAddress(pair, ss58) };
    }
    for (const name of REFUSED) relayers[name] = freshPair();

    // Alice registers the fleet in two bulk registrations (at most MaxBatchRegistrations each)
    // and funds the operator and the relayers, in one transaction.
    const perCall = api.consts.deviceRegistry.maxBatchRegistrations.toNumber();
    const registrations = fleet.map(({ pair }, i) => deviceRegistration(api, alice.address, pair, { model: `meter-${i}` }));
    const bulk = [];
    for (let i = 0; i < registrations.length; i += perCall) {
      bulk.push(api.tx.deviceRegistry.registerDevices(registrations.slice(i, i + perCall)));
    }
    const funded = await signAndWaitInBlock(api.tx.utility.batchAll([
      ...bulk,
      ...[operator, ...Object.values(relayers)].map((pair) => api.tx.balances.transferKeepAlive(pair.address, 10n * UNIT)),
    ]), alice);
    assert.equal(funded.dispatchError, undefined, 'the fleet registered, the operator and relayers funded');
    const registered = funded.events.filter(({ event }) => api.events.deviceRegistry.DeviceRegistered.is(event));
    assert.equal(registered.length, FLEET_SIZE);

    // The operator registers its two gateways and a lamp (a sensor), and suspends the standby.
    const { gateway, standby, lamp } = gateways;
    const own = await signAndWaitInBlock(api.tx.utility.batchAll([
      api.tx.deviceRegistry.registerDevices([
        deviceRegistration(api, operator.address, gateway.pair, { kind: 'Gateway', model: 'edge-gw' }),
        deviceRegistration(api, operator.address, standby.pair, { kind: 'Gateway', model: 'edge-gw' }),
        deviceRegistration(api, operator.address, lamp.pair, { kind: 'Sensor', model: 'lamp' }),
      ]),
      api.tx.deviceRegistry.suspend(standby.address),
    ]), operator);
    assert.equal(own.dispatchError, undefined, 'the gateways registered, the standby suspended');
    const standbyRecord = (await api.query.deviceRegistry.devices(standby.address)).unwrap();
    assert.equal(standbyRecord.kind.toString(), 'Gateway');
    assert.ok(standbyRecord.status.isSuspended);
  });

  after(async () => {
    await node?.stop();
  });

  test('the operator relays a gateway-signed aggregate of 50 devices\' readings', TIMEOUT, async () => {
    // Every device signs two readings; one more leaf claims device 0's reading 99, signed by a key
    // that is not device 0's (the gateway includes it: the chain checks no envelope).
    const envelopes = [];
    for (const seq of [1, 2]) {
      for (const [i, { pair }] of fleet.entries()) {
        const payload = JSON.stringify({ i, seq, celsius: 20 + i / 10 });
        envelopes.push(sign(pair, { seq, timestamp: T0 + seq * 60_000 + i, payload }));
      }
    }
    const impostor = freshPair(fleet[0].pair.type);
    forgedIndex = envelopes.length;
    envelopes.push(sign(impostor, { device: fleet[0].address, seq: 99, timestamp: T0 + 180_000, payload: 'forged' }));
    aggregates[0] = aggregate(envelopes);
    assert.equal(aggregates[0].leafCount, 2 * FLEET_SIZE + 1);

    // Device 3 anchors a batch of its own over the very same leaves, relayed by Alice.
    const device = fleet[3];
    const agg = aggregates[0];
    batchSeq = 0;
    const batch = api.tx.dataAnchoring.anchorBatch(device.address, batchSeq, agg.root, agg.leafCount, agg.firstTs, agg.lastTs,
      signAnchor(api, device.pair, { device: device.address, seq: batchSeq, digest: agg.root, leafCount: agg.leafCount,
        firstTs: agg.firstTs, lastTs: agg.lastTs }));

    const [anchored, batched] = await Promise.all([
      signAndWaitFinalized(relayedAggregate(gateways.gateway, 0, agg), operator),
      signAndWaitFinalized(batch, alice),
    ]);
    await recordAnchored(0, anchored, operator);
    assert.equal(batched.dispatchError, undefined, 'device 3 anchored its own batch');
    assert.ok(findEvent(batched.events, api.events.dataAnchoring.BatchAnchored));
    assert.equal(await rpc('anchoring_lastSeq', gateways.gateway.address), 0);
  });

  test('chosen readings of each key scheme are proven with their device\'s key, block, time and gateway', TIMEOUT, async () => {
    // Devices 0, 1, 2 (ed25519, sr25519, ECDSA) at both seqs, and the middle and last genuine leaves.
    const chosen = [0, 1, 2, FLEET_SIZE, FLEET_SIZE + 1, FLEET_SIZE + 2, 37, 2 * FLEET_SIZE - 1];
    const { root, leafCount, proof, leaves } = aggregates[0];
    for (const index of chosen) {
      const { pair, address } = fleet[index % FLEET_SIZE];
      assert.ok(merkleVerify(root, leaves[index], index, leafCount, proof(index)), 'the JS verifier agrees');
      assert.deepEqual(
        await verify(0, index),
        proven(0, address, { valid: { key: deviceKeyJson(pair) } }),
        `reading ${index} (${pair.type})`,
      );
    }
    // The device may be given as 0x hex too (an ECDSA device's id is the hash of its key).
    const ecdsa = aggregates[0].envelopes[2];
    assert.deepEqual(
      await rpc('anchoring_verifyReading', gateways.gateway.address, 0, envelopeJson(ecdsa), 2, proof(2).map(hex)),
      await verify(0, 2),
    );
  });

  test('a reading with one changed byte is not proven', TIMEOUT, async () => {
    const original = aggregates[0].envelopes[FLEET_SIZE + 1];
    const changes = {
      timestamp: { ...original, timestamp: original.timestamp + 1n },
      seq: { ...original, seq: original.seq + 1n },
      payloadDigest: { ...original, payloadDigest: Uint8Array.from(original.payloadDigest, (b, i) => (i === 0 ? b ^ 1 : b)) },
      signature: {
        ...original,
        signature: { ...original.signature, bytes: original.signature.bytes.map((b, i) => (i === 5 ? b ^ 1 : b)) },
      },
    };
    for (const [what, envelope] of Object.entries(changes)) {
      assert.equal(envelopeBytes(envelope).filter((b, i) => b !== envelopeBytes(original)[i]).length, 1, `one byte of ${what}`);
      assert.deepEqual(await verify(0, FLEET_SIZE + 1, { envelope }), { notProven: 'mismatch' }, `${what} changed`);
    }
  });

  test('a leaf whose device signature was forged is proven in the aggregate, its signature invalid', TIMEOUT, async () => {
    assert.deepEqual(
      await verify(0, forgedIndex),
      proven(0, fleet[0].address, { invalid: { key: deviceKeyJson(fleet[0].pair) } }),
    );
  });

  test('a reading proven against a device\'s own batch anchor is notAnAggregate', TIMEOUT, async () => {
    // The same root and leaves: anchoring_verifyProof proves the leaf, but a batch has no envelopes.
    const { leaves, proof } = aggregates[0];
    const device = fleet[3].address;
    assert.ok((await rpc('anchoring_verifyProof', device, batchSeq, hex(leaves[5]), 5, proof(5).map(hex))).proven);
    assert.deepEqual(await verify(0, 5, { gateway: device, against: batchSeq }), { notProven: 'notAnAggregate' });
  });

  test('after a rotation and a revocation, old readings still verify with the key held then', TIMEOUT, async () => {
    // Alice rotates device 1 (sr25519) to a new key and revokes device 2 (ECDSA), in one block.
    const [, rotating, revoked] = fleet;
    rotatedKey = freshPair('ed25519');
    const proof = signWith(rotatedKey, rotationPayload({
      genesisHash: api.genesisHash, device: rotating.address, oldPair: rotating.pair, newPair: rotatedKey,
    }));
    const { dispatchError, blockHash } = await signAndWaitInBlock(api.tx.utility.batchAll([
      api.tx.deviceRegistry.rotateKey(rotating.address, multiSigner(rotatedKey), proof),
      api.tx.deviceRegistry.revoke(revoked.address),
    ]), alice);
    assert.equal(dispatchError, undefined, 'rotated and revoked');
    const registry = (await api.at(blockHash)).query.deviceRegistry;
    assert.equal((await registry.devices(rotating.address)).unwrap().key.asEd25519.toHex(), hex(rotatedKey.publicKey));
    assert.ok((await registry.devices(revoked.address)).unwrap().status.isRevoked);

    for (const index of [1, FLEET_SIZE + 1]) {
      assert.deepEqual(await verify(0, index), proven(0, rotating.address, { valid: { key: deviceKeyJson(rotating.pair) } }),
        `device 1's reading ${index} with the key it held when aggregate 0 was anchored`);
    }
    for (const index of [2, FLEET_SIZE + 2]) {
      assert.deepEqual(await verify(0, index), proven(0, revoked.address, { valid: { key: deviceKeyJson(revoked.pair) } }),
        `the revoked device's reading ${index}`);
    }
  });

  test('a reading signed with a key rotated away from, anchored after the rotation, is invalid', TIMEOUT, async () => {
    const rotating = fleet[1];
    // Aggregate 1, after the rotation: device 1's reading 3 under its old (stolen?) key, its
    // reading 4 under the new one, and a reading of every other active device.
    const envelopes = [
      sign(rotating.pair, { device: rotating.address, seq: 3, timestamp: T0 + 240_000, payload: 'old key' }),
      sign(rotatedKey, { device: rotating.address, seq: 4, timestamp: T0 + 240_001, payload: 'new key' }),
      ...fleet.slice(3).map(({ pair }, i) => sign(pair, { seq: 3, timestamp: T0 + 240_002 + i, payload: `r${i}` })),
    ];
    aggregates[1] = aggregate(envelopes);
    const anchored = await signAndWaitFinalized(relayedAggregate(gateways.gateway, 1, aggregates[1]), operator);
    await recordAnchored(1, anchored, operator);

    assert.deepEqual(await verify(1, 0), proven(1, rotating.address, { invalid: { key: deviceKeyJson(rotatedKey) } }));
    assert.deepEqual(await verify(1, 1), proven(1, rotating.address, { valid: { key: deviceKeyJson(rotatedKey) } }));
    assert.deepEqual(await verify(1, 2), proven(1, fleet[3].address, { valid: { key: deviceKeyJson(fleet[3].pair) } }));
  });

  test('a reading proven against another aggregate is not proven', TIMEOUT, async () => {
    // Reading 0 of aggregate 0 against aggregate 1 (same gateway, other root), with a path of the
    // length aggregate 1's tree has; its own path is for a tree of another size.
    const { envelopes } = aggregates[0];
    const otherPath = aggregates[1].proof(0).map(hex);
    assert.deepEqual(
      await rpc('anchoring_verifyReading', gateways.gateway.address, 1, envelopeJson(envelopes[0], ss58), 0, otherPath),
      { notProven: 'mismatch' },
    );
    assert.notEqual(aggregates[0].proof(0).length, otherPath.length);
    assert.deepEqual(await verify(0, 0, { against: 1 }), { notProven: 'wrongProofLength' });
    assert.deepEqual(await verify(0, 0, { against: 77 }), { notProven: 'unknownAnchor' });
    // And the aggregate's leaf count bounds the index: a leaf of aggregate 0 beyond aggregate 1's.
    const late = aggregates[0].leafCount - 1;
    assert.ok(late >= aggregates[1].leafCount);
    assert.deepEqual(await verify(0, late, { against: 1 }), { notProven: 'leafIndexOutOfRange' });
  });

  describe('refused aggregates change nothing', () => {
    const outcomes = {};

    before(async () => {
      const { gateway, standby, lamp } = gateways;
      const agg = aggregate([sign(fleet[4].pair, { seq: 9, timestamp: T0 + 600_000, payload: 'late' })]);
      const attempts = {
        suspended: { gateway: standby, seq: 0, tx: relayedAggregate(standby, 0, agg) },
        notGateway: { gateway: lamp, seq: 0, tx: relayedAggregate(lamp, 0, agg) },
        // Aggregate 0 again, the gateway's valid signature and all, by someone else.
        replay: { gateway, seq: 0, tx: relayedAggregate(gateway, 0, aggregates[0]) },
      };
      await Promise.all(Object.entries(attempts).map(async ([name, attempt]) => {
        const before = await rpc('anchoring_anchor', attempt.gateway.address, attempt.seq);
        outcomes[name] = { ...attempt, before, result: await signAndWaitFinalized(attempt.tx, relayers[name]) };
      }));
    });

    /**
     * The attempt failed with `error`, emitted no anchoring event and changed no anchor; its
     * sender paid the transaction fee and the AnchorFee (charged with the fee, kept on failure).
     */
    const assertRefused = async (name, error) => {
      const { gateway, seq, before, result } = outcomes[name];
      const { blockHash, events, dispatchError } = result;
      assert.equal(dispatchError, `dataAnchoring.${error}`);
      const blockEvents = await (await api.at(blockHash)).query.system.events();
      const anchoring = blockEvents.filter(({ event }) => event.section === 'dataAnchoring');
      assert.deepEqual(anchoring.map(({ event }) => event.method), [], 'no anchoring event in the block');
      assert.deepEqual(await rpc('anchoring_anchor', gateway.address, seq, blockHash), before, 'the anchor is unchanged');
      assert.equal(await spentIn(relayers[name], blockHash), feePaidBy(events, relayers[name]) + anchorFee,
        'the sender paid the fee and the AnchorFee, nothing else');
    };

    test('a suspended gateway is refused with DeviceSuspended', TIMEOUT, async () => {
      await assertRefused('suspended', 'DeviceSuspended');
      assert.equal(outcomes.suspended.before, null);
    });

    test('a device that is not of kind Gateway is refused with NotGateway', TIMEOUT, async () => {
      await assertRefused('notGateway', 'NotGateway');
      assert.equal(outcomes.notGateway.before, null);
    });

    test('a replayed aggregate is refused with AlreadyAnchored', TIMEOUT, async () => {
      await assertRefused('replay', 'AlreadyAnchored');
      assert.equal(outcomes.replay.before.digest, hex(aggregates[0].root));
    });
  });

  test('the gateway may also send its aggregate itself, unsigned', TIMEOUT, async () => {
    // Its own account pays: fund it first, then anchor aggregate 2 with no signature.
    const { gateway } = gateways;
    const agg = aggregate([sign(fleet[5].pair, { seq: 10, timestamp: T0 + 700_000, payload: 'by the gateway' })]);
    const funding = await signAndWaitInBlock(api.tx.balances.transferKeepAlive(gateway.address, UNIT), operator);
    assert.equal(funding.dispatchError, undefined);
    const sender = { address: gateway.address };
    const result = await signAndWaitFinalized(
      api.tx.dataAnchoring.anchorAggregate(gateway.address, 2, agg.root, 1, agg.firstTs, agg.lastTs, null), gateway.pair);
    assert.equal(result.dispatchError, undefined);
    const event = eventFields(findEvent(result.events, api.events.dataAnchoring.AggregateAnchored));
    assert.equal(event.relayer, null);
    assert.equal(await spentIn(sender, result.blockHash), feePaidBy(result.events, sender) + anchorFee);
    aggregates[2] = { ...agg, block: event.block, moment: event.moment };
    assert.deepEqual(await verify(2, 0), proven(2, fleet[5].address, { valid: { key: deviceKeyJson(fleet[5].pair) } }));
    assert.equal(await nextNonce(gateway.pair), 1);
  });
});
