// Data anchoring on a real dev node, observed through @polkadot/api and the
// `anchoring_*` RPC methods, as a device, a gateway and an auditor would:
//
// - a device registered by its owner anchors single readings itself, gaps reported;
// - a relayer anchors batches of 1,000 readings under the device's signature, with Merkle roots
//   and anchor payloads built in JS from docs/anchoring.md alone (lib/merkle.js,
//   lib/anchoring.js), a second implementation independent of the runtime's;
// - proofs of chosen readings verify through `anchoring_verifyProof`, altered ones do not;
// - replays, sequence numbers too far ahead, bad signatures and inactive devices are rejected by
//   name and change nothing but the submitter's transaction fee;
// - an observer who copies a device's relayed anchor 42 and gets it in first does not make its
//   anchor 41 impossible: each (device, seq) is single-use, in any order.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { Keyring } from '@polkadot/keyring';
import { stringToU8a, u8aToHex } from '@polkadot/util';
import { cryptoWaitReady, decodeAddress, mnemonicGenerate } from '@polkadot/util-crypto';

import { findEvent, freeBalanceAt, parentHash, signAndWaitFinalized } from '../lib/chain.js';
import { anchorPayload, seqKey, signAnchor } from '../lib/anchoring.js';
import { deviceRegistration } from '../lib/devices.js';
import { leafOf, merkleRoot, merkleTree, merkleVerify } from '../lib/merkle.js';
import { rpcCall, startNode } from '../lib/node.js';

// Every step has its own internal bounds; this is the backstop so a hung RPC
// call fails its test (and the node still gets stopped) instead of hanging the run.
const TIMEOUT = { timeout: 180_000 };

const UNIT = 10n ** 12n;
const BATCH_SIZE = 1_000;
const hex = (bytes) => u8aToHex(bytes); // not `.map(u8aToHex)`: map's index would be a bitLength
const zeros = (byte) => `0x${byte.repeat(32)}`;

/** An event's named fields as JSON, e.g. `{ device: '5F…', seq: 4, gap: 0, relayer: null }`. */
const eventFields = (event) => Object.fromEntries(event.data.names.map((name, i) => [name, event.data[i].toJSON()]));

/** The readings of one batch: the exact bytes the device hashed, one per second from `t0`. */
function makeBatch(device, batch, t0) {
  const readings = Array.from({ length: BATCH_SIZE }, (_, i) =>
    stringToU8a(JSON.stringify({ device, batch, i, t: t0 + i * 1_000, celsius: 20 + ((i * 7) % 50) / 10 })),
  );
  const leaves = readings.map(leafOf);
  return { readings, leaves, tree: merkleTree(leaves), firstTs: t0, lastTs: t0 + (BATCH_SIZE - 1) * 1_000 };
}

// The documented known answers, checked without a node: if these fail, the JS implementation
// (or the doc) is wrong, and every on-chain comparison below would be meaningless.
describe('the documented spec, rebuilt in JS (no node)', () => {
  const knownLeaves = (n) => Array.from({ length: n }, (_, i) => leafOf(stringToU8a(`reading ${i}`)));

  test('the Merkle tree matches the known answers of docs/anchoring.md', () => {
    assert.equal(hex(knownLeaves(1)[0]), '0xdd431f54bf527c03e3bef9ad587033c90057fec20ca10702173d683bb116d143');
    assert.equal(hex(knownLeaves(5)[4]), '0x1112bffb4010f8fc83beedfe00cfbdbad4b0756d7a11b275be0c4973c572d99c');
    const roots = {
      1: '0x58d8c10ff35502ebd151b5a75c143441f540d18a98b4d8aff5c019bca6aeba2c',
      2: '0xb3b09f0609cfde27c239ea41d06c63756a9fb295a3dd582c0a4bd49f12eb0b42',
      3: '0x7cb6026087b9b4ecddaf8e952447756102f8e0dfb2302ac83cb0561fab7e1e8b',
      5: '0xe79962e4aa1edcf8c901722da831b47e405448042dc7075bd8f85c11fbaec1f6',
      1000: '0xce272a0715e60e3aca42a466510bdfff52871be7b57103e581a35a245212b489',
    };
    for (const [n, root] of Object.entries(roots)) {
      assert.equal(hex(merkleRoot(knownLeaves(Number(n)))), root, `root of ${n} leaves`);
    }

    const five = merkleTree(knownLeaves(5));
    assert.deepEqual(five.proof(0).map(hex), [
      '0x69b09c6313671df9dbfff6e02ff16c33fdea9f3ee092735c1f75b581eee7157a',
      '0x926500f3609f80913d004cb7fee53327f2c35fc0d4e9c08c7e2945c90e6c64ab',
      '0xd990f182b5f2c3574d87caea0c2abd7741154efa9c46d8de428514e248d0978a',
    ]);
    assert.deepEqual(five.proof(2).map(hex), [
      '0x6d3da24ae4b2aaa9e3482a6f04cb4cf33fc17a6f5d186dc70f7d04c6bda26e03',
      '0xb3b09f0609cfde27c239ea41d06c63756a9fb295a3dd582c0a4bd49f12eb0b42',
      '0xd990f182b5f2c3574d87caea0c2abd7741154efa9c46d8de428514e248d0978a',
    ]);
    // Leaf 4 is promoted twice, then meets the root of leaves 0-3 on its left.
    assert.deepEqual(five.proof(4).map(hex), ['0x8fe0b476de81aea58e39d5cb771760287a82ec15907091f0ee67d6133b284874']);

    const thousand = merkleTree(knownLeaves(1000));
    assert.deepEqual(thousand.proof(999).map(hex), [
      '0x467c66d9c2893d4b9097d94bfba2f6bfd5ced614ea35b3a933fceebd53815e4c',
      '0x43f4be593bef2cb6d01fc8d48f82120ddce5f14fd6ce449411f4e0696b66b2cf',
      '0x5b8d7a909a76d849a8c14a68af1cc0ad4fd2b76e0fcb0f82bf4133661cebe613',
      '0x59cab5c6060ea296bd7ba95fdb2cbbf3247629edf770f8048d04507eaa52a640',
      '0xfeb25f9b8d0fe41b8479d81b40ae31b7427b3ee4312ecc1ce81d09f87d2c8b63',
      '0x38c56ecebd8526ae4a5432c2d3f011c038384d43e4e2437077ec341aae788181',
      '0xdad6eef971157ac735d2ee26827958a95b6da6deb101ae1eb9591e1a1e7895b1',
      '0xf5020252f9f5df47956b31327237a1d4a1820eb95f696fd6391945d2b1ff04b7',
    ]);

    // Our own verify accepts every proof and binds it to its index.
    const leaves = knownLeaves(1000);
    for (let i = 0; i < leaves.length; i++) {
      assert.ok(merkleVerify(thousand.root, leaves[i], i, 1000, thousand.proof(i)), `leaf ${i} verifies`);
    }
    assert.equal(merkleVerify(thousand.root, leaves[2], 3, 1000, thousand.proof(2)), false, 'not at another index');
  });

  test('the anchor payload matches the worked example of docs/anchoring.md byte for byte', () => {
    const fields = { genesisHash: zeros('45'), device: zeros('11'), seq: 5, digest: zeros('22') };
    const batch = anchorPayload({ ...fields, leafCount: 1000, firstTs: 1, lastTs: 2 });
    assert.equal(batch.length, 140);
    assert.equal(
      hex(batch),
      '0x3c696f74636861696e2f616e63686f72' + // tag "iotchain/anchor"
        '45'.repeat(32) +
        '11'.repeat(32) +
        '0500000000000000' + // seq 5
        '22'.repeat(32) +
        'e8030000' + // leaf_count 1000
        '0100000000000000' + // first_ts 1
        '0200000000000000', // last_ts 2
    );
    const reading = anchorPayload(fields);
    assert.equal(reading.length, 140);
    assert.deepEqual(reading.subarray(0, 120), batch.subarray(0, 120), 'a reading shares the first 120 bytes');
    assert.equal(hex(reading.subarray(120)), `0x${'00'.repeat(20)}`, 'then 20 zero bytes');
  });
});

describe('data anchoring', () => {
  let node;
  let api;
  let keyring;
  let alice; // owns every device
  let bob; // the relayer of story 2: not the owner, not the device
  let anchorFee;
  // Devices: `sensor` anchors itself and through Bob; `neighbour` is another active device;
  // `retired` is revoked and `paused` suspended before the rejection tests.
  const devices = {};
  // One funded account per rejected anchor, so they can all go in the same block and each
  // submitter's balance shows exactly what it paid.
  const relayers = {};
  const RELAYERS = ['retention', 'replay', 'tooFarAhead', 'forged', 'otherDevicesSignature', 'otherDeviceNamed',
    'otherSeq', 'notDevice', 'revoked', 'suspended', 'observer'];

  // What the tests below learn and build on.
  const readings = {}; // seq -> bytes of sensor's single readings
  const batches = {}; // seq -> makeBatch() and the device's signature Bob relayed
  const anchored = {}; // seq -> {block, moment} of sensor's anchors

  const rpc = (method, ...params) => rpcCall(node.rpcUrl, method, params);
  const freshPair = () => keyring.addFromMnemonic(mnemonicGenerate());
  const blockNumber = async (blockHash) => (await api.rpc.chain.getHeader(blockHash)).number.toNumber();
  const momentAt = async (blockHash) => (await (await api.at(blockHash)).query.timestamp.now()).toNumber();
  const nextNonce = async (pair) => (await api.rpc.system.accountNextIndex(pair.address)).toNumber();

  /** The fee of an extrinsic, checked to be paid by `payer` with no tip. */
  const feePaidBy = (events, payer) => {
    const feePaid = findEvent(events, api.events.transactionPayment.TransactionFeePaid);
    assert.ok(feePaid, 'the extrinsic emitted transactionPayment.TransactionFeePaid');
    assert.equal(feePaid.data.who.toString(), payer.address, 'the fee was paid by the signer');
    assert.equal(feePaid.data.tip.toBigInt(), 0n, 'no tip was given');
    return feePaid.data.actualFee.toBigInt();
  };

  /** `payer`'s free balance lost between the parent of `first` and `last` (block hashes). */
  const spentBetween = async (payer, first, last) =>
    (await freeBalanceAt(api, payer.address, await parentHash(api, first))) -
    (await freeBalanceAt(api, payer.address, last));

  /** Submits `txs` from one signer with consecutive nonces, all at once; resolves in their order. */
  const submitInOrder = async (signer, txs) => {
    const nonce = await nextNonce(signer);
    return Promise.all(txs.map((tx, i) => signAndWaitFinalized(tx, signer, { nonce: nonce + i })));
  };

  /** The anchor as `anchoring_anchor` should show it. */
  const expectedAnchor = (seq, digest, { block, moment }, batch) => ({
    seq,
    kind: batch ? 'batch' : 'reading',
    digest,
    leafCount: batch ? BATCH_SIZE : 1,
    firstTs: batch ? batch.firstTs : null,
    lastTs: batch ? batch.lastTs : null,
    block,
    moment,
  });

  before(async () => {
    await cryptoWaitReady();
    node = await startNode();
    api = node.api;
    keyring = new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 });
    alice = keyring.addFromUri('//Alice');
    bob = keyring.addFromUri('//Bob');
    anchorFee = api.consts.dataAnchoring.anchorFee.toBigInt();

    for (const name of ['sensor', 'neighbour', 'retired', 'paused']) devices[name] = freshPair();
    for (const name of RELAYERS) relayers[name] = freshPair();

    // Alice registers the four devices (each with its proof of possession, built in JS) and
    // funds the sensor's own account and the relayers, in one transaction.
    const registrations = Object.entries(devices).map(([name, pair]) =>
      deviceRegistration(api, alice.address, pair, { model: name }),
    );
    const funded = [devices.sensor, ...Object.values(relayers)];
    const { events, dispatchError } = await signAndWaitFinalized(
      api.tx.utility.batchAll([
        api.tx.deviceRegistry.registerDevices(registrations),
        ...funded.map((pair) => api.tx.balances.transferKeepAlive(pair.address, 10n * UNIT)),
      ]),
      alice,
    );
    assert.equal(dispatchError, undefined, 'devices registered and accounts funded');
    const registered = events
      .filter(({ event }) => api.events.deviceRegistry.DeviceRegistered.is(event))
      .map(({ event }) => event.data.device.toString());
    assert.deepEqual(registered.sort(), Object.values(devices).map((pair) => pair.address).sort());
  });

  after(async () => {
    await node?.stop();
  });

  test('a device anchors single readings itself; the skipped sequence numbers show as a gap', TIMEOUT, async () => {
    const sensor = devices.sensor;
    readings[0] = stringToU8a(JSON.stringify({ device: sensor.address, seq: 0, celsius: 21.5 }));
    readings[3] = stringToU8a(JSON.stringify({ device: sensor.address, seq: 3, celsius: 21.7 }));

    // Sent by the device's own account, no signature; seq 1 and 2 are skipped.
    const results = await submitInOrder(sensor, [0, 3].map((seq) =>
      api.tx.dataAnchoring.anchor(sensor.address, seq, leafOf(readings[seq]), null),
    ));

    let fees = 0n;
    for (const [i, seq] of [0, 3].entries()) {
      const { blockHash, events, dispatchError } = results[i];
      assert.equal(dispatchError, undefined, `anchor ${seq} succeeded`);
      const block = await blockNumber(blockHash);
      const moment = await momentAt(blockHash);
      const event = findEvent(events, api.events.dataAnchoring.Anchored);
      assert.ok(event, `dataAnchoring.Anchored for seq ${seq}`);
      assert.deepEqual(eventFields(event), {
        device: sensor.address,
        seq,
        digest: hex(leafOf(readings[seq])),
        block,
        moment,
        gap: seq === 0 ? 0 : 2,
        relayer: null,
      });
      anchored[seq] = { block, moment };
      fees += feePaidBy(events, sensor);

      assert.deepEqual(
        await rpc('anchoring_anchor', sensor.address, seq),
        expectedAnchor(seq, hex(leafOf(readings[seq])), anchored[seq]),
      );
    }
    assert.ok(Math.abs(anchored[3].moment - Date.now()) < 120_000, 'moment is the chain time, in ms since the epoch');
    assert.equal(await rpc('anchoring_lastSeq', sensor.address), 3);
    assert.equal(await rpc('anchoring_anchor', sensor.address, 1), null, 'skipped seq 1 has no anchor');

    // The device paid both transaction fees and the AnchorFee of each anchor, nothing else.
    const spent = await spentBetween(sensor, results[0].blockHash, results[1].blockHash);
    assert.equal(spent, fees + 2n * anchorFee);
  });

  test('a relayer anchors batches of 1,000 readings under the device\'s signature', TIMEOUT, async () => {
    const sensor = devices.sensor;
    const t0 = Date.now() - 3 * 3_600_000; // the device's own clock: three hours of readings
    const seqs = [4, 5, 6];
    const txs = seqs.map((seq, k) => {
      const batch = makeBatch(sensor.address, k, t0 + k * 3_600_000);
      batches[seq] = batch;
      // The device signs the payload built in JS from the documented layout; Bob only relays.
      const fields = { seq, digest: batch.tree.root, leafCount: BATCH_SIZE, firstTs: batch.firstTs, lastTs: batch.lastTs };
      batch.signature = signAnchor(api, sensor, { device: sensor.address, ...fields });
      return api.tx.dataAnchoring.anchorBatch(
        sensor.address, seq, batch.tree.root, BATCH_SIZE, batch.firstTs, batch.lastTs, batch.signature,
      );
    });
    const results = await submitInOrder(bob, txs);

    let fees = 0n;
    for (const [i, seq] of seqs.entries()) {
      const { blockHash, events, dispatchError } = results[i];
      assert.equal(dispatchError, undefined, `batch ${seq} succeeded`);
      const batch = batches[seq];
      const block = await blockNumber(blockHash);
      const moment = await momentAt(blockHash);
      const event = findEvent(events, api.events.dataAnchoring.BatchAnchored);
      assert.ok(event, `dataAnchoring.BatchAnchored for seq ${seq}`);
      assert.deepEqual(eventFields(event), {
        device: sensor.address,
        seq,
        root: hex(batch.tree.root),
        leafCount: BATCH_SIZE,
        firstTs: batch.firstTs,
        lastTs: batch.lastTs,
        block,
        moment,
        gap: 0,
        relayer: bob.address,
      });
      anchored[seq] = { block, moment };
      fees += feePaidBy(events, bob);

      assert.deepEqual(
        await rpc('anchoring_anchor', sensor.address, seq),
        expectedAnchor(seq, hex(batch.tree.root), anchored[seq], batch),
      );
      // The stored record, read straight from storage as docs/anchoring.md section 5 says.
      const record = (await api.query.dataAnchoring.anchors(sensor.address, seqKey(seq))).unwrap();
      assert.equal(record.digest.toHex(), hex(batch.tree.root));
      assert.deepEqual(record.kind.toJSON(), {
        batch: { leafCount: BATCH_SIZE, firstTs: batch.firstTs, lastTs: batch.lastTs },
      });
      assert.equal(record.block.toNumber(), block);
      assert.equal(record.moment.toNumber(), moment);
    }
    assert.equal(await rpc('anchoring_lastSeq', sensor.address), 6);
    assert.equal((await api.query.dataAnchoring.lastSeq(sensor.address)).unwrap().toNumber(), 6);

    // The relayer, not the device, paid the fees and the AnchorFees.
    assert.equal(await spentBetween(bob, results[0].blockHash, results[2].blockHash), fees + 3n * anchorFee);
  });

  test('anchoring_anchors pages through the device\'s anchors in sequence order', TIMEOUT, async () => {
    const address = devices.sensor.address;
    const seqsOf = (page) => page.items.map(({ seq }) => seq);

    // The first page passes no cursor; each next page passes the `next` of the one before.
    const first = await rpc('anchoring_anchors', address, null, 2);
    assert.deepEqual(seqsOf(first), [0, 3]);
    assert.equal(first.next, 3, 'next is the seq of the page\'s last anchor');
    assert.deepEqual(first.items[1], expectedAnchor(3, hex(leafOf(readings[3])), anchored[3]));

    const second = await rpc('anchoring_anchors', address, first.next, 2);
    assert.deepEqual(seqsOf(second), [4, 5]);
    assert.equal(second.next, 5);
    assert.deepEqual(second.items[0], expectedAnchor(4, hex(batches[4].tree.root), anchored[4], batches[4]));

    const last = await rpc('anchoring_anchors', address, second.next, 2);
    assert.deepEqual(seqsOf(last), [6]);
    assert.equal(last.next, null, 'the last page says so');

    // An exactly full last page ends the list too: no empty page after it.
    assert.deepEqual(await rpc('anchoring_anchors', address, 4, 2), {
      items: [
        expectedAnchor(5, hex(batches[5].tree.root), anchored[5], batches[5]),
        expectedAnchor(6, hex(batches[6].tree.root), anchored[6], batches[6]),
      ],
      next: null,
    });
    // A cursor inside a gap starts at the next anchor; without a limit a page holds up to 1000.
    assert.deepEqual(seqsOf(await rpc('anchoring_anchors', address, 1, 10)), [3, 4, 5, 6]);
    assert.deepEqual(seqsOf(await rpc('anchoring_anchors', address)), [0, 3, 4, 5, 6]);
    assert.deepEqual(await rpc('anchoring_anchors', address, 6, 10), { items: [], next: null });

    // By name, with the device as 0x hex (as PAPI users hold it).
    const byName = await rpcCall(node.rpcUrl, 'anchoring_anchors', {
      device: u8aToHex(decodeAddress(address)),
      cursor: 3,
      limit: 1,
    });
    assert.deepEqual(byName, { items: [second.items[0]], next: 4 });
  });

  test('proofs of chosen readings verify through anchoring_verifyProof', TIMEOUT, async () => {
    const address = devices.sensor.address;
    const proven = ({ block, moment }) => ({ proven: { block, moment } });
    // First, last, middle, an odd index, and readings of the other batches. Leaf 999 sits
    // where 1,000 leaves make odd levels (125, 63 nodes): its path is promoted, with 8 siblings.
    const chosen = [[4, 0], [4, 999], [4, 500], [4, 333], [5, 1], [6, 998]];
    for (const [seq, index] of chosen) {
      const { leaves, tree, readings: bytes } = batches[seq];
      const leaf = leafOf(bytes[index]); // from the reading itself, as an auditor holds it
      assert.deepEqual(leaf, leaves[index]);
      const proof = tree.proof(index);
      assert.ok(merkleVerify(tree.root, leaf, index, BATCH_SIZE, proof), 'the JS verifier agrees');
      assert.deepEqual(
        await rpc('anchoring_verifyProof', address, seq, hex(leaf), index, proof.map(hex)),
        proven(anchored[seq]),
        `reading ${index} of batch ${seq}`,
      );
    }
    assert.equal(batches[4].tree.proof(999).length, 8, 'leaf 999 has a shortened (promoted) path');

    // A single reading: its own digest, leaf 0, no siblings.
    assert.deepEqual(
      await rpc('anchoring_verifyProof', address, 3, hex(leafOf(readings[3])), 0, []),
      proven(anchored[3]),
    );
  });

  test('a reading with one changed byte is not proven (mismatch)', TIMEOUT, async () => {
    const address = devices.sensor.address;
    const notProven = (reason) => ({ notProven: reason });
    const { readings: bytes, tree } = batches[4];

    const altered = bytes[500].slice();
    altered[altered.length - 2] ^= 0x01; // one digit of the temperature
    assert.notDeepEqual(altered, bytes[500]);
    assert.deepEqual(
      await rpc('anchoring_verifyProof', address, 4, hex(leafOf(altered)), 500, tree.proof(500).map(hex)),
      notProven('mismatch'),
    );

    const alteredReading = readings[3].slice();
    alteredReading[0] ^= 0x01;
    assert.deepEqual(
      await rpc('anchoring_verifyProof', address, 3, hex(leafOf(alteredReading)), 0, []),
      notProven('mismatch'),
      'a single reading changed by one byte',
    );

    // The genuine reading against another batch's anchor.
    assert.deepEqual(
      await rpc('anchoring_verifyProof', address, 5, hex(leafOf(bytes[500])), 500, tree.proof(500).map(hex)),
      notProven('mismatch'),
    );
  });

  test('a genuine reading at a wrong leaf index, or with a malformed proof, is not proven', TIMEOUT, async () => {
    const address = devices.sensor.address;
    const notProven = (reason) => ({ notProven: reason });
    const { leaves, tree } = batches[4];
    const verify = (leaf, index, proof, seq = 4) =>
      rpc('anchoring_verifyProof', address, seq, hex(leaf), index, proof.map(hex));

    // Leaf 2 with its own (valid) proof, claimed at index 3: same proof length, wrong path.
    assert.deepEqual(await verify(leaves[2], 3, tree.proof(2)), notProven('mismatch'));
    // Leaf 991's 10 siblings at index 992, whose path (in the promoted node of leaves 992-999) has 8.
    assert.equal(tree.proof(991).length, 10);
    assert.equal(tree.proof(992).length, 8);
    assert.deepEqual(await verify(leaves[991], 992, tree.proof(991)), notProven('wrongProofLength'));
    // Past the end of the batch.
    assert.deepEqual(await verify(leaves[2], BATCH_SIZE, tree.proof(2)), notProven('leafIndexOutOfRange'));
    // A sibling short, or one too many.
    assert.deepEqual(await verify(leaves[2], 2, tree.proof(2).slice(1)), notProven('wrongProofLength'));
    assert.deepEqual(await verify(leaves[2], 2, [...tree.proof(2), leaves[0]]), notProven('wrongProofLength'));
    // A skipped sequence number has no anchor to prove against.
    assert.deepEqual(await verify(leaves[2], 2, tree.proof(2), 2), notProven('unknownAnchor'));
  });

  describe('rejected anchors change nothing', () => {
    const outcomes = {}; // relayer name -> {result, device, seq, before: {lastSeq, anchor}}
    const digest = leafOf(stringToU8a('a reading nobody will anchor'));

    before(async () => {
      const { retired, paused, sensor, neighbour } = devices;

      // The retired device anchors once (relayed, first anchor at seq 5: gap 5) while Alice
      // suspends the paused one; then Alice revokes the retired device.
      const retiredReading = leafOf(stringToU8a('retired device, last words'));
      const [retention, suspension] = await Promise.all([
        signAndWaitFinalized(
          api.tx.dataAnchoring.anchor(retired.address, 5, retiredReading,
            signAnchor(api, retired, { device: retired.address, seq: 5, digest: retiredReading })),
          relayers.retention,
        ),
        signAndWaitFinalized(api.tx.deviceRegistry.suspend(paused.address), alice),
      ]);
      assert.equal(retention.dispatchError, undefined, 'the retired device anchored before revocation');
      const event = findEvent(retention.events, api.events.dataAnchoring.Anchored);
      assert.equal(event.data.gap.toNumber(), 5, 'a first anchor at seq 5 reports a gap of 5');
      assert.equal(event.data.relayer.unwrap().toString(), relayers.retention.address);
      outcomes.retentionAnchor = { digest: hex(retiredReading), block: await blockNumber(retention.blockHash) };
      assert.equal(suspension.dispatchError, undefined, 'the paused device was suspended');
      assert.ok(findEvent(suspension.events, api.events.deviceRegistry.DeviceSuspended));

      const revocation = await signAndWaitFinalized(api.tx.deviceRegistry.revoke(retired.address), alice);
      assert.equal(revocation.dispatchError, undefined, 'the retired device was revoked');
      assert.ok(findEvent(revocation.events, api.events.deviceRegistry.DeviceRevoked));

      // Each attempt, by its own relayer: the device and seq it targets, and its signature (or
      // the whole call); all are sent at once.
      const sign = (pair, fields) => signAnchor(api, pair, { digest, ...fields });
      const maxSeqJump = api.consts.dataAnchoring.maxSeqJump.toNumber();
      const batch4 = batches[4];
      const attempts = {
        // Bob's batch anchor 4 again, the very signature he relayed and all, by someone else.
        replay: { device: sensor, seq: 4, tx: api.tx.dataAnchoring.anchorBatch(
          sensor.address, 4, batch4.tree.root, BATCH_SIZE, batch4.firstTs, batch4.lastTs, batch4.signature) },
        // A genuine signature of a number that skips MaxSeqJump + 1 numbers above the highest (6).
        tooFarAhead: { device: sensor, seq: 6 + maxSeqJump + 2,
          signature: sign(sensor, { device: sensor.address, seq: 6 + maxSeqJump + 2 }) },
        // The right payload, signed by a key that is no device's.
        forged: { device: sensor, seq: 7, signature: sign(freshPair(), { device: sensor.address, seq: 7 }) },
        // The neighbour's genuine signature of its own anchor 7, passed off as the sensor's.
        otherDevicesSignature: { device: sensor, seq: 7,
          signature: sign(neighbour, { device: neighbour.address, seq: 7 }) },
        // The sensor's own key, but over a payload naming the neighbour.
        otherDeviceNamed: { device: sensor, seq: 7, signature: sign(sensor, { device: neighbour.address, seq: 7 }) },
        // The sensor's signature of seq 8, sent as seq 7.
        otherSeq: { device: sensor, seq: 7, signature: sign(sensor, { device: sensor.address, seq: 8 }) },
        // A relayer without any signature.
        notDevice: { device: sensor, seq: 7, signature: null },
        // Genuine signatures of inactive devices.
        revoked: { device: retired, seq: 6, signature: sign(retired, { device: retired.address, seq: 6 }) },
        suspended: { device: paused, seq: 0, signature: sign(paused, { device: paused.address, seq: 0 }) },
      };

      const atBest = async ({ device, seq }) => ({
        lastSeq: await rpc('anchoring_lastSeq', device.address),
        anchor: await rpc('anchoring_anchor', device.address, seq),
      });
      await Promise.all(Object.entries(attempts).map(async ([name, attempt]) => {
        const tx = attempt.tx ?? api.tx.dataAnchoring.anchor(attempt.device.address, attempt.seq, digest, attempt.signature);
        const before = await atBest(attempt);
        const result = await signAndWaitFinalized(tx, relayers[name]);
        outcomes[name] = { ...attempt, before, result };
      }));
    });

    /**
     * The attempt failed with `error`, emitted no anchoring event (in its whole block), left the
     * device's last seq and the anchor at its seq as they were, and cost its sender the
     * transaction fee and the AnchorFee, which the runtime charges with it whether or not the
     * anchor succeeds (docs/fees.md), and nothing else.
     */
    const assertRejected = async (name, error) => {
      const { device, seq, before, result } = outcomes[name];
      const { blockHash, events, dispatchError } = result;
      assert.equal(dispatchError, `dataAnchoring.${error}`);
      assert.ok(findEvent(events, api.events.system.ExtrinsicFailed), 'system.ExtrinsicFailed was emitted');

      const blockEvents = await (await api.at(blockHash)).query.system.events();
      const anchoringEvents = blockEvents.filter(({ event }) => event.section === 'dataAnchoring');
      assert.deepEqual(anchoringEvents.map(({ event }) => event.method), [], 'no anchoring event in the block');

      const parent = await parentHash(api, blockHash);
      for (const at of [parent, blockHash]) {
        assert.equal(await rpc('anchoring_lastSeq', device.address, at), before.lastSeq, 'last seq unchanged');
        assert.deepEqual(await rpc('anchoring_anchor', device.address, seq, at), before.anchor, `anchor ${seq} unchanged`);
      }

      const fee = feePaidBy(events, relayers[name]);
      assert.equal(
        await spentBetween(relayers[name], blockHash, blockHash),
        fee + anchorFee,
        'the sender paid the transaction fee and the AnchorFee, nothing else',
      );
    };

    test('replaying an anchor (the same seq, with its valid signature) fails with AlreadyAnchored', TIMEOUT, async () => {
      await assertRejected('replay', 'AlreadyAnchored');
      assert.equal(outcomes.replay.before.anchor.digest, hex(batches[4].tree.root), 'anchor 4 still holds the original root');
    });

    test('a seq more than MaxSeqJump numbers above the highest fails with SequenceTooFarAhead', TIMEOUT, async () => {
      await assertRejected('tooFarAhead', 'SequenceTooFarAhead');
      assert.equal(outcomes.tooFarAhead.before.anchor, null);
      assert.equal(outcomes.tooFarAhead.before.lastSeq, 6);
    });

    test('a forged device signature fails with InvalidSignature', TIMEOUT, async () => {
      await assertRejected('forged', 'InvalidSignature');
    });

    test('another device\'s signature fails with InvalidSignature', TIMEOUT, async () => {
      await assertRejected('otherDevicesSignature', 'InvalidSignature');
    });

    test('the device\'s signature of a payload naming another device fails with InvalidSignature', TIMEOUT, async () => {
      await assertRejected('otherDeviceNamed', 'InvalidSignature');
    });

    test('the device\'s signature for another seq fails with InvalidSignature', TIMEOUT, async () => {
      await assertRejected('otherSeq', 'InvalidSignature');
    });

    test('a relayer with no device signature fails with NotDevice', TIMEOUT, async () => {
      await assertRejected('notDevice', 'NotDevice');
    });

    test('an anchor for a revoked device fails with DeviceRevoked; its past anchors remain', TIMEOUT, async () => {
      await assertRejected('revoked', 'DeviceRevoked');
      const { retired } = devices;
      assert.equal(outcomes.revoked.before.lastSeq, 5);
      const kept = await rpc('anchoring_anchor', retired.address, 5);
      assert.equal(kept.digest, outcomes.retentionAnchor.digest);
      assert.equal(kept.block, outcomes.retentionAnchor.block);
      assert.deepEqual(
        await rpc('anchoring_verifyProof', retired.address, 5, kept.digest, 0, []),
        { proven: { block: kept.block, moment: kept.moment } },
        'a revoked device\'s reading is still provable',
      );
    });

    test('an anchor for a suspended device fails with DeviceSuspended', TIMEOUT, async () => {
      await assertRejected('suspended', 'DeviceSuspended');
      assert.equal(outcomes.suspended.before.lastSeq, null);
    });
  });

  test('an observer who copies anchor 42 first does not make anchor 41 impossible', TIMEOUT, async () => {
    const { neighbour } = devices;
    const observer = relayers.observer;
    const reading = (seq) => leafOf(stringToU8a(JSON.stringify({ device: neighbour.address, seq, celsius: 19.5 })));
    // The device signs two anchors for its gateway (Bob) to relay; anyone who sees one in the pool
    // can put the same call, signature and all, in a transaction of his own.
    const signatures = Object.fromEntries([41, 42].map((seq) =>
      [seq, signAnchor(api, neighbour, { device: neighbour.address, seq, digest: reading(seq) })]));
    const relayed = (seq) => api.tx.dataAnchoring.anchor(neighbour.address, seq, reading(seq), signatures[seq]);

    // The observer copies the relayed anchor 42 into his own transaction and gets it in first.
    const copied = await signAndWaitFinalized(relayed(42), observer);
    assert.equal(copied.dispatchError, undefined, 'the copied anchor 42 went in');
    assert.equal(eventFields(findEvent(copied.events, api.events.dataAnchoring.Anchored)).relayer, observer.address);
    assert.equal(await rpc('anchoring_lastSeq', neighbour.address), 42);

    // Bob's anchor 41 still goes in: it fills a number below the highest and skips nothing.
    const late = await signAndWaitFinalized(relayed(41), bob);
    assert.equal(late.dispatchError, undefined, 'anchor 41 succeeds after 42');
    const event = findEvent(late.events, api.events.dataAnchoring.Anchored);
    assert.deepEqual(eventFields(event), {
      device: neighbour.address,
      seq: 41,
      digest: hex(reading(41)),
      block: await blockNumber(late.blockHash),
      moment: await momentAt(late.blockHash),
      gap: 0,
      relayer: bob.address,
    });
    assert.equal(await rpc('anchoring_lastSeq', neighbour.address), 42, 'the highest stays 42');
    const page = await rpc('anchoring_anchors', neighbour.address, null, 10);
    assert.deepEqual(page.items.map(({ seq, digest }) => [seq, digest]), [[41, hex(reading(41))], [42, hex(reading(42))]]);

    // Each number is single-use: Bob's own copy of 42, now a replay, is refused by name.
    const replay = await signAndWaitFinalized(relayed(42), bob);
    assert.equal(replay.dispatchError, 'dataAnchoring.AlreadyAnchored');
  });
});
