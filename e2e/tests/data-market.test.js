// The data market on a real dev node and the real gateway, as its users live it
// (docs/data-market.md):
//
// - Bob lists his sensor's stream (30-second periods, 2 readings promised per period);
// - Charlie subscribes for three periods; his money for each is held on his own account;
// - the sensor posts readings to the gateway in the first two periods and goes silent in the
//   third; Charlie receives them live over a WebSocket and, with their proofs, over HTTP, each
//   request signed with his account key; Dave, who bought nothing, is refused, and so is a
//   replayed or forged request;
// - Bob proves the delivered periods on chain with the gateway's proofs; after the third
//   period's grace, Eve (anyone) settles: Bob is paid for two periods, Charlie refunded for the
//   silent one, every balance checked to the planck.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { Keyring } from '@polkadot/keyring';
import { stringToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { cryptoWaitReady, decodeAddress, mnemonicGenerate, randomAsU8a } from '@polkadot/util-crypto';
// Node 22's own WebSocket, or on Node 20 the `ws` package's, as @polkadot/api itself uses.
import { WebSocket } from '@polkadot/x-ws';

import { accountAt, findEvent, signAndWaitFinalized } from '../lib/chain.js';
import { registerDevice, scaleBytes } from '../lib/devices.js';
import { eventually, gatewayCli, gatewayGet, gatewayPost, prepareGateway, startGateway } from '../lib/gateway.js';
import { rpcCall, startNode } from '../lib/node.js';
import { envelopeJson, signReading } from '../lib/readings.js';

const UNIT = 10n ** 12n;
const PERIOD_MS = 30_000;
const PROMISED = 2;
const PRICE = UNIT;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const u64le = (n) => {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(n), true);
  return out;
};

describe('the data market on a real node and gateway', { timeout: 900_000 }, () => {
  const keyring = new Keyring({ type: 'sr25519' });
  let node;
  let api;
  let gateway;
  let prepared;
  let bob;
  let charlie;
  let dave;
  let eve;
  let sensor;
  let ss58;
  let listing;
  let start;
  let grant; // { fromPeriod, untilPeriod }
  let window; // [accessFrom, accessUntil)
  const posted = []; // { envelope, period }
  const fees = new Map(); // address -> fees paid since the snapshot
  const snapshot = {}; // address -> { free, reserved } before the market
  const live = []; // what the live socket delivered

  /** Submits `tx` signed by `pair`, finalized; asserts success; counts its fee. */
  async function submit(tx, pair) {
    const result = await signAndWaitFinalized(tx, pair);
    assert.equal(result.dispatchError, undefined, `${tx.method.section}.${tx.method.method} failed`);
    const paid = findEvent(result.events, api.events.transactionPayment.TransactionFeePaid);
    assert.equal(paid.data.who.toString(), pair.address);
    fees.set(pair.address, (fees.get(pair.address) ?? 0n) + paid.data.actualFee.toBigInt() + paid.data.tip.toBigInt());
    return result;
  }

  /** The four signed-request fields for `buyer` reading `[from, until)` of the listing. */
  function signRequest(buyer, from, until, { issued = Date.now(), nonce = randomAsU8a(16), signer = buyer } = {}) {
    const message = u8aConcat(
      scaleBytes(stringToU8a('iotchain/data-request')),
      api.genesisHash,
      decodeAddress(prepared.gateway),
      decodeAddress(buyer.address),
      u64le(listing),
      u64le(from),
      u64le(until),
      u64le(issued),
      nonce,
    );
    return { buyer: buyer.address, issued, nonce: u8aToHex(nonce), signature: u8aToHex(signer.sign(message)) };
  }

  /** GET the window's readings as `buyer`, with the request's headers. */
  async function readAs(buyer, from, until, options = {}) {
    const signed = options.signed ?? signRequest(buyer, from, until, options);
    const res = await fetch(`${prepared.httpUrl}/v1/market/${listing}/readings?from=${from}&until=${until}`, {
      headers: options.unsigned ? {} : {
        'x-iotchain-buyer': signed.buyer,
        'x-iotchain-issued': String(signed.issued),
        'x-iotchain-nonce': signed.nonce,
        'x-iotchain-signature': signed.signature,
      },
    });
    return { status: res.status, body: await res.json().catch(() => null), signed };
  }

  /** Waits until the gateway has followed the chain's finality up to `blockHash`'s block. */
  async function gatewayFollowed(blockHash) {
    const number = (await api.rpc.chain.getHeader(blockHash)).number.toNumber();
    await eventually(async () => (await gatewayGet(gateway, '/v1/status')).body?.finalizedBlock >= number,
      60_000, `the gateway to follow block #${number}`);
  }

  const chainNow = async () => (await api.query.timestamp.now()).toNumber();
  const periodStart = (period) => start + period * PERIOD_MS;
  async function waitForChainTime(moment) {
    await eventually(async () => (await chainNow()) >= moment, 600_000, `chain time ${moment}`);
  }

  before(async () => {
    await cryptoWaitReady();
    node = await startNode();
    api = node.api;
    ss58 = api.registry.chainSS58;
    keyring.setSS58Format(ss58);
    [bob, charlie, dave, eve] = ['//Bob', '//Charlie', '//Dave', '//Eve'].map((uri) => keyring.addFromUri(uri));
    prepared = await prepareGateway({ nodeUrl: node.wsUrl, intervalMs: 6_000, fleetOwners: [bob.address] });
    await gatewayCli(['register', '--config', prepared.config, '--owner', '//Alice', '--fund', '100']);
    gateway = await startGateway(prepared);
    sensor = keyring.createFromUri(mnemonicGenerate(), {}, 'sr25519');
    await registerDevice(api, bob, sensor);
    const head = (await api.rpc.chain.getFinalizedHead()).toHex();
    for (const pair of [bob, charlie, eve]) snapshot[pair.address] = await accountAt(api, pair.address, head);
  });

  after(async () => {
    await gateway?.stop().catch(() => gateway.kill9());
    await node?.stop();
  });

  test('the seller lists the stream and the buyer subscribes for three periods', async () => {
    const terms = {
      schema: u8aToHex(new Uint8Array(32).fill(0x5c)),
      licence: u8aToHex(new Uint8Array(32).fill(0x11)),
      pricePerPeriod: PRICE,
      periodMs: PERIOD_MS,
      minReadings: PROMISED,
      maxSubscribers: 2,
    };
    const listed = await submit(api.tx.dataMarket.listStream(sensor.address, terms), bob);
    const event = findEvent(listed.events, api.events.dataMarket.StreamListed);
    listing = event.data.listing.toNumber();
    start = event.data.start.toNumber();
    const view = await rpcCall(node.rpcUrl, 'dataMarket_listing', [listing, null]);
    const id = (address) => u8aToHex(decodeAddress(address));
    assert.deepEqual(
      { device: id(view.device), seller: id(view.seller), price: view.terms.pricePerPeriod, delisted: view.delisted },
      { device: u8aToHex(sensor.publicKey), seller: u8aToHex(bob.publicKey), price: String(PRICE), delisted: false },
    );

    const subscribed = await submit(api.tx.dataMarket.subscribe(listing, 3), charlie);
    // The gateway answers from the chain's finalized state as it has followed it: wait until it
    // has seen the block of the grant, as a buyer's client would retry until then.
    await gatewayFollowed(subscribed.blockHash);
    const { fromPeriod, untilPeriod, held } = findEvent(subscribed.events, api.events.dataMarket.Subscribed).data;
    grant = { fromPeriod: fromPeriod.toNumber(), untilPeriod: untilPeriod.toNumber() };
    assert.equal(grant.untilPeriod - grant.fromPeriod, 3);
    assert.equal(held.toBigInt(), 3n * PRICE);
    window = [periodStart(grant.fromPeriod), periodStart(grant.untilPeriod)];
    const access = await rpcCall(node.rpcUrl, 'dataMarket_hasAccess', [listing, charlie.address, ...window, null]);
    assert.equal(access, true);
    const none = await rpcCall(node.rpcUrl, 'dataMarket_hasAccess', [listing, dave.address, ...window, null]);
    assert.equal(none, false);
    const page = await rpcCall(node.rpcUrl, 'dataMarket_grantsByBuyer', [charlie.address, null, null, null]);
    assert.deepEqual(page.items.map((item) => [item.listing, item.accessFrom, item.accessUntil]), [[listing, ...window]]);
  });

  test('the sensor delivers in two periods and the buyer receives its readings live', async () => {
    const signed = signRequest(charlie, ...window);
    const query = new URLSearchParams({ from: window[0], until: window[1], ...signed, issued: String(signed.issued) });
    const socket = new WebSocket(`${prepared.httpUrl.replace('http', 'ws')}/v1/market/${listing}/live?${query}`);
    socket.onmessage = (message) => live.push(JSON.parse(String(message.data)));
    await new Promise((resolve, reject) => {
      socket.onopen = resolve;
      socket.onerror = reject;
    });
    try {
      let seq = 0;
      for (const period of [grant.fromPeriod, grant.fromPeriod + 1]) {
        for (const offset of [3_000, 9_000, 15_000]) {
          // Readings in the middle of the period by the chain's clock, stamped by the sensor's.
          await waitForChainTime(periodStart(period) + offset);
          const payload = `{"t":${20 + seq}}`;
          const envelope = signReading(sensor, { genesisHash: api.genesisHash, seq: ++seq, timestamp: Date.now(), payload });
          const { status, body } = await gatewayPost(gateway, { envelope: envelopeJson(envelope, ss58), payload });
          assert.equal(status, 200, JSON.stringify(body));
          posted.push({ envelope, period });
        }
      }
      // Live: each reading as accepted, then again with its proof once final.
      await eventually(
        () => live.filter((view) => view.status === 'final').length === posted.length,
        120_000,
        'every posted reading final on the live socket',
      );
      assert.deepEqual(
        [...new Set(live.map((view) => view.envelope.seq))].sort((a, b) => a - b),
        posted.map(({ envelope }) => Number(envelope.seq)),
      );
      assert.ok(live.some((view) => view.status === 'queued'), 'readings come as they are accepted');
    } finally {
      socket.close();
    }
  });

  test('the buyer reads them with proofs over HTTP; others and replays are refused', async () => {
    const got = await readAs(charlie, ...window);
    assert.equal(got.status, 200, JSON.stringify(got.body));
    assert.equal(got.body.items.length, posted.length);
    for (const [index, view] of got.body.items.entries()) {
      assert.equal(view.status, 'final');
      assert.equal(view.envelope.seq, Number(posted[index].envelope.seq));
    }
    // Each is proven on chain: the device's signature under the gateway's final aggregate.
    const { envelope, proof } = got.body.items[0];
    const verdict = await rpcCall(node.rpcUrl, 'anchoring_verifyReading', [
      proof.gateway, proof.aggregateSeq, envelope, proof.leafIndex, proof.proof, proof.blockHash,
    ]);
    assert.ok(verdict.proven?.deviceSignature.valid, JSON.stringify(verdict));

    // The same signed request again: replayed. Dave bought nothing. A stranger's signature, a
    // window beyond the grant, a request with no signature: each refused with its reason.
    const replay = await readAs(charlie, ...window, { signed: got.signed });
    assert.deepEqual([replay.status, replay.body], [401, { refused: 'replayedRequest' }]);
    const stranger = await readAs(dave, ...window);
    assert.deepEqual([stranger.status, stranger.body], [403, { refused: 'noAccess' }]);
    const forged = await readAs(charlie, ...window, { signer: dave });
    assert.deepEqual([forged.status, forged.body], [401, { refused: 'badSignature' }]);
    const beyond = await readAs(charlie, window[0], window[1] + PERIOD_MS);
    assert.deepEqual([beyond.status, beyond.body], [403, { refused: 'noAccess' }]);
    const stale = await readAs(charlie, ...window, { issued: Date.now() - 120_000 });
    assert.deepEqual([stale.status, stale.body], [401, { refused: 'staleRequest' }]);
    const unsigned = await readAs(charlie, ...window, { unsigned: true });
    assert.deepEqual([unsigned.status, unsigned.body], [400, { refused: 'badRequest' }]);
  });

  test('the seller proves the delivered periods with the gateway\'s proofs', async () => {
    const got = await readAs(charlie, ...window);
    for (const period of [grant.fromPeriod, grant.fromPeriod + 1]) {
      const seqs = posted.filter((p) => p.period === period).map((p) => Number(p.envelope.seq));
      const proofs = got.body.items
        .filter((view) => seqs.includes(view.envelope.seq))
        .slice(0, PROMISED)
        .map(({ envelope, proof }) => ({
          Aggregated: {
            gateway: proof.gateway,
            aggregateSeq: proof.aggregateSeq,
            envelope: {
              device: envelope.device,
              seq: envelope.seq,
              timestamp: envelope.timestamp,
              payloadDigest: envelope.payloadDigest,
              signature: { Sr25519: envelope.signature.signature },
            },
            leafIndex: proof.leafIndex,
            proof: proof.proof,
          },
        }));
      const result = await submit(api.tx.dataMarket.proveDelivery(listing, period, proofs), bob);
      const proven = findEvent(result.events, api.events.dataMarket.DeliveryProven);
      assert.equal(proven.data.readings.toNumber(), PROMISED);
    }
  });

  test('after the grace, anyone settles: two periods paid, the silent one refunded, to the planck', async () => {
    const grace = api.consts.dataMarket.deliveryGrace.toNumber();
    await waitForChainTime(periodStart(grant.untilPeriod) + grace);
    const result = await submit(api.tx.dataMarket.settle(listing, charlie.address), eve);
    const outcomes = result.events
      .map(({ event }) => event)
      .filter((event) => event.section === 'dataMarket')
      .map((event) => [event.method, event.data.period?.toNumber() ?? null]);
    assert.deepEqual(outcomes, [
      ['PeriodPaid', grant.fromPeriod],
      ['PeriodPaid', grant.fromPeriod + 1],
      ['PeriodRefunded', grant.fromPeriod + 2],
      ['GrantEnded', null],
    ]);

    const head = result.blockHash;
    const listingDeposit = (await api.query.dataMarket.listings(listing)).unwrap().deposit.toBigInt();
    const bobNow = await accountAt(api, bob.address, head);
    const charlieNow = await accountAt(api, charlie.address, head);
    const eveNow = await accountAt(api, eve.address, head);
    // Charlie paid two periods and his fees; nothing of his stays held.
    assert.equal(charlieNow.free, snapshot[charlie.address].free - 2n * PRICE - fees.get(charlie.address));
    assert.equal(charlieNow.reserved, snapshot[charlie.address].reserved);
    // Bob was paid two periods, less his fees; his listing's deposit stays held while it is listed.
    assert.equal(bobNow.free, snapshot[bob.address].free + 2n * PRICE - fees.get(bob.address) - listingDeposit);
    assert.equal(bobNow.reserved, snapshot[bob.address].reserved + listingDeposit);
    // Eve paid only her fee.
    assert.equal(eveNow.free, snapshot[eve.address].free - fees.get(eve.address));
    // The grant is gone, and with it the buyer's access.
    assert.equal(await rpcCall(node.rpcUrl, 'dataMarket_grant', [listing, charlie.address, null]), null);
    await gatewayFollowed(result.blockHash);
    const after = await readAs(charlie, ...window);
    assert.deepEqual([after.status, after.body], [403, { refused: 'noAccess' }]);
  });
});
