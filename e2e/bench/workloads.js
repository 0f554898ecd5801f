// The throughput benchmark's workloads. Each one prepares its accounts on chain (untimed), then
// signs all of its transactions up front, so that signing is never what the flood measures:
//   transfer  balances.transfer_keep_alive between funded accounts: the Substrate baseline
//   anchor    data_anchoring.anchor of one reading, signed by the device itself
//   batch     data_anchoring.anchor_batch of a Merkle root over `leaves` readings
//   aggregate data_anchoring.anchor_aggregate by a gateway, of the Merkle root over a given number
//             of reading envelopes signed by devices (see `gatewayTree`)
//   claim     m2m_payments.claim_voucher by a payment channel's payee, with the payer's voucher

import { Keyring } from '@polkadot/keyring';
import { bnToU8a, stringToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';

import { deviceRegistration } from '../lib/devices.js';
import { leafOf, merkleRoot, merkleTree } from '../lib/merkle.js';
import { voucherPayload } from '../lib/payments.js';
import { envelopeLeaf, rootAlongPath, signReading } from '../lib/readings.js';
import { MILLI, UNIT, devPair, eachSubmitsFinalized, fund, keyPairs, submitAllFinalized } from './accounts.js';

/** What each signer of a workload is given to pay fees (and deposits) from. */
const SIGNER_FUNDS = 100n * UNIT;
/** What each payer locks in its channel; claims take `MILLI` per voucher step. */
const CHANNEL_DEPOSIT = 10n * UNIT;

const u32le = (n) => bnToU8a(BigInt(n), { bitLength: 32, isLe: true });
const u64le = (n) => bnToU8a(BigInt(n), { bitLength: 64, isLe: true });

/**
 * A signer of the flood: `pair` and its next nonce. Transactions are signed immortal, with the
 * nonce given, so nothing is fetched from the node per transaction.
 */
function signer(pair, nonce) {
  return { pair, nonce };
}

/** Signs `call` as `who` with its next nonce, offline; `{hex, hash, length}`. */
function signOffline(api, call, who) {
  call.sign(who.pair, {
    blockHash: api.genesisHash,
    genesisHash: api.genesisHash,
    nonce: who.nonce,
    runtimeVersion: api.runtimeVersion,
    signedExtensions: api.registry.signedExtensions,
  });
  who.nonce += 1;
  return { hex: call.toHex(), hash: call.hash.toHex(), length: call.encodedLength };
}

async function nextNonces(api, pairs) {
  return Promise.all(
    pairs.map(async (pair) => signer(pair, (await api.rpc.system.accountNextIndex(pair.address)).toNumber())),
  );
}

/**
 * Signs `perSigner` transactions for every signer, interleaved (nonce n of every signer before
 * nonce n + 1 of any), as the submitter sends them in this order.
 */
async function interleaved(signers, perSigner, make) {
  const txs = [];
  for (let k = 0; k < perSigner; k += 1) {
    for (const [index, who] of signers.entries()) {
      txs.push(make(who, index, k));
      // Let the WebSocket connections breathe (pings, subscriptions) while signing.
      if (txs.length % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return txs;
}

/** Devices for the anchoring workloads, registered by Alice and funded (shared by both). */
async function anchoringDevices(api, ctx, count) {
  if (ctx.devices && ctx.devices.length >= count) return ctx.devices.slice(0, count);
  const pairs = keyPairs('device', count);
  const alice = devPair('Alice');
  const registered = await Promise.all(pairs.map((pair) => api.query.deviceRegistry.devices(pair.address)));
  const missing = pairs.filter((_, i) => registered[i].isNone);
  const perCall = api.consts.deviceRegistry.maxBatchRegistrations.toNumber();
  const calls = [];
  for (let i = 0; i < missing.length; i += perCall) {
    const chunk = missing.slice(i, i + perCall);
    calls.push(
      api.tx.deviceRegistry.registerDevices(
        chunk.map((pair) => deviceRegistration(api, alice.address, pair, { model: 'bench-sensor' })),
      ),
    );
  }
  if (calls.length > 0) await submitAllFinalized(api, alice, calls, 'device registration');
  await fund(api, pairs, SIGNER_FUNDS);
  const lastSeqs = await Promise.all(pairs.map((pair) => api.query.dataAnchoring.lastSeq(pair.address)));
  ctx.devices = pairs.map((pair, i) => ({
    pair,
    nextSeq: lastSeqs[i].isSome ? lastSeqs[i].unwrap().toBigInt() + 1n : 1n,
  }));
  return ctx.devices;
}

/** A reading's bytes: device index, sequence number and position in its batch. */
const reading = (device, seq, position) => u8aConcat(u32le(device), u64le(seq), u32le(position));

/** Devices whose signed readings the aggregates' trees are built from. */
const READING_DEVICES = 1_024;
/**
 * Their key schemes, in turn: the two that microcontroller crypto libraries and secure elements
 * offer (sr25519 is also valid on chain, but signs about 5 times slower in JavaScript).
 */
const READING_SCHEMES = ['ed25519', 'ecdsa'];
/** The devices' clock at the first reading of every tree: 2026-01-01T00:00:00Z. */
const READINGS_FROM = 1_767_225_600_000n;

/** Key pairs from seeds derived by hashing `iotchain-bench/role/i`, of `schemes` in turn. */
function schemePairs(role, count, schemes) {
  const keyrings = Object.fromEntries(schemes.map((type) => [type, new Keyring({ type })]));
  return Array.from({ length: count }, (_, i) =>
    keyrings[schemes[i % schemes.length]].addFromSeed(blake2AsU8a(stringToU8a(`iotchain-bench/${role}/${i}`), 256)),
  );
}

/**
 * A gateway's work for one aggregate size, done once per size: `size` reading envelopes, each
 * signed by one of `READING_DEVICES` devices (reading `k` by device `k mod 1,024`, numbered
 * `k div 1,024`, one millisecond apart), their leaves and the Merkle tree over them, each step
 * timed. Only what the aggregates of the run need is kept: the root's inputs along the last
 * envelope's path (its siblings) and the time range.
 */
async function gatewayTree(api, size) {
  const devices = schemePairs('reading-device', READING_DEVICES, READING_SCHEMES);
  const genesisHash = api.genesisHash;
  const leaves = new Array(size);
  let signMs = 0;
  let hashMs = 0;
  for (let k = 0; k < size; k += 1) {
    const started = performance.now();
    const index = k % READING_DEVICES;
    const envelope = signReading(devices[index], {
      genesisHash,
      seq: Math.floor(k / READING_DEVICES),
      timestamp: READINGS_FROM + BigInt(k),
      payload: reading(index, k, 0),
    });
    const signed = performance.now();
    signMs += signed - started;
    leaves[k] = envelopeLeaf(envelope);
    hashMs += performance.now() - signed;
    // Let the WebSocket connections breathe (pings, subscriptions) during a long build.
    if (k % 1_000 === 999) await new Promise((resolve) => setImmediate(resolve));
  }
  const treeStarted = performance.now();
  const tree = merkleTree(leaves);
  const siblings = tree.proof(size - 1);
  hashMs += performance.now() - treeStarted;
  return {
    size,
    siblings,
    firstTs: READINGS_FROM,
    lastTs: READINGS_FROM + BigInt(size - 1),
    signedPerSecond: size / (signMs / 1000),
    hashedPerSecond: size / (hashMs / 1000),
  };
}

/** Gateways for the aggregate workload, registered by Alice as kind `Gateway` and funded. */
async function aggregateGateways(api, ctx, count) {
  if (ctx.gateways && ctx.gateways.length >= count) return ctx.gateways.slice(0, count);
  const pairs = keyPairs('gateway', count);
  const alice = devPair('Alice');
  const registered = await Promise.all(pairs.map((pair) => api.query.deviceRegistry.devices(pair.address)));
  const missing = pairs.filter((_, i) => registered[i].isNone);
  const perCall = api.consts.deviceRegistry.maxBatchRegistrations.toNumber();
  const calls = [];
  for (let i = 0; i < missing.length; i += perCall) {
    const chunk = missing.slice(i, i + perCall);
    calls.push(
      api.tx.deviceRegistry.registerDevices(
        chunk.map((pair) => deviceRegistration(api, alice.address, pair, { kind: 'Gateway', model: 'bench-gateway' })),
      ),
    );
  }
  if (calls.length > 0) await submitAllFinalized(api, alice, calls, 'gateway registration');
  await fund(api, pairs, SIGNER_FUNDS);
  const lastSeqs = await Promise.all(pairs.map((pair) => api.query.dataAnchoring.lastSeq(pair.address)));
  ctx.gateways = pairs.map((pair, i) => ({
    pair,
    nextSeq: lastSeqs[i].isSome ? lastSeqs[i].unwrap().toBigInt() + 1n : 0n,
  }));
  return ctx.gateways;
}

export const WORKLOADS = {
  transfer: {
    call: 'balances.transfer_keep_alive',
    describe: 'transfers between funded accounts (the Substrate baseline)',
    unit: 'transfers',
    perTx: 1,
    async prepare(api, { signers, perSigner }) {
      const pairs = keyPairs('sender', signers);
      await fund(api, pairs, SIGNER_FUNDS);
      const who = await nextNonces(api, pairs);
      return interleaved(who, perSigner, (from, index) =>
        signOffline(api, api.tx.balances.transferKeepAlive(pairs[(index + 1) % pairs.length].address, MILLI), from),
      );
    },
  },

  anchor: {
    call: 'data_anchoring.anchor',
    describe: 'one reading anchored, signed by the device itself',
    unit: 'readings',
    perTx: 1,
    async prepare(api, ctx) {
      const devices = await anchoringDevices(api, ctx, ctx.signers);
      const who = await nextNonces(api, devices.map(({ pair }) => pair));
      return interleaved(who, ctx.perSigner, (from, index) => {
        const device = devices[index];
        const seq = device.nextSeq;
        device.nextSeq += 1n;
        const digest = leafOf(reading(index, seq, 0));
        return signOffline(api, api.tx.dataAnchoring.anchor(from.pair.address, seq, digest, null), from);
      });
    },
  },

  batch: {
    call: 'data_anchoring.anchor_batch',
    describe: 'a Merkle root over a batch of readings, signed by the device itself',
    unit: 'readings',
    perTx: null, // the batch size, set from --leaves
    async prepare(api, ctx) {
      const devices = await anchoringDevices(api, ctx, ctx.signers);
      const who = await nextNonces(api, devices.map(({ pair }) => pair));
      let treeMs = 0;
      const txs = await interleaved(who, ctx.perSigner, (from, index) => {
        const device = devices[index];
        const seq = device.nextSeq;
        device.nextSeq += 1n;
        const started = performance.now();
        const leaves = Array.from({ length: ctx.leaves }, (_, position) => leafOf(reading(index, seq, position)));
        const root = merkleRoot(leaves);
        treeMs += performance.now() - started;
        const firstTs = 1_700_000_000_000n + seq * 60_000n;
        const call = api.tx.dataAnchoring.anchorBatch(
          from.pair.address,
          seq,
          root,
          ctx.leaves,
          firstTs,
          firstTs + 59_000n,
          null,
        );
        return signOffline(api, call, from);
      });
      ctx.treeRate = {
        trees: txs.length,
        readingsPerSecond: (txs.length * ctx.leaves) / (treeMs / 1000),
      };
      return txs;
    },
  },

  aggregate: {
    call: 'data_anchoring.anchor_aggregate',
    describe: 'a Merkle root over device-signed reading envelopes, sent by the gateway itself',
    unit: 'readings',
    perTx: null, // the aggregate size, one run per --aggregate-sizes entry
    async prepare(api, ctx, size) {
      const gateways = await aggregateGateways(api, ctx, ctx.signers);
      const tree = await gatewayTree(api, size);
      // Each aggregate's own last envelope: a bench device's reading numbered by the aggregate,
      // so every root of the run differs; only that envelope's path is recomputed.
      const [benchDevice] = schemePairs('aggregate-device', 1, ['ed25519']);
      ctx.aggregateCount = ctx.aggregateCount ?? 0;
      const who = await nextNonces(api, gateways.map(({ pair }) => pair));
      let pathMs = 0;
      const txs = await interleaved(who, ctx.perSigner, (from, index) => {
        const gateway = gateways[index];
        const seq = gateway.nextSeq;
        gateway.nextSeq += 1n;
        const started = performance.now();
        const own = signReading(benchDevice, {
          genesisHash: api.genesisHash,
          seq: ctx.aggregateCount,
          timestamp: tree.lastTs,
          payload: u64le(ctx.aggregateCount),
        });
        ctx.aggregateCount += 1;
        const root = rootAlongPath(envelopeLeaf(own), size - 1, size, tree.siblings);
        pathMs += performance.now() - started;
        const call = api.tx.dataAnchoring.anchorAggregate(
          from.pair.address, seq, root, size, tree.firstTs, tree.lastTs, null,
        );
        return signOffline(api, call, from);
      });
      ctx.gatewayWork = [
        ...(ctx.gatewayWork ?? []),
        { ...tree, siblings: undefined, aggregates: txs.length, pathMsPerAggregate: pathMs / txs.length },
      ];
      return txs;
    },
  },

  claim: {
    call: 'm2m_payments.claim_voucher',
    describe: "a payment channel's payee claims the payer's latest voucher",
    unit: 'claims',
    perTx: 1,
    async prepare(api, { signers, perSigner }) {
      const payers = keyPairs('payer', signers);
      const payees = keyPairs('payee', signers);
      await fund(api, [...payers, ...payees], SIGNER_FUNDS);
      const best = (await api.rpc.chain.getHeader()).number.toNumber();
      const opened = await eachSubmitsFinalized(
        api,
        payers,
        (payer, i) => [api.tx.m2mPayments.openChannel(payees[i].address, CHANNEL_DEPOSIT, best + 100_000)],
        'open_channel',
      );
      const channels = opened.map(([result]) => {
        const event = result.events.find(({ event }) => api.events.m2mPayments.ChannelOpened.is(event));
        if (!event) throw new Error('open_channel emitted no ChannelOpened');
        return event.event.data.channel.toBigInt();
      });
      const who = await nextNonces(api, payees);
      const genesis = api.genesisHash.toU8a();
      return interleaved(who, perSigner, (from, index, k) => {
        const cumulative = BigInt(k + 1) * MILLI;
        const voucher = payers[index].sign(voucherPayload(genesis, channels[index], cumulative));
        const call = api.tx.m2mPayments.claimVoucher(channels[index], cumulative, { Sr25519: u8aToHex(voucher) });
        return signOffline(api, call, from);
      });
    },
  },
};
