// The energy market on a real dev node and the real gateway, as a neighbourhood lives it
// (docs/energy-market.md):
//
// - the grid operator (a fresh account, not a validator, so that no block reward blurs its
//   balance) opens a market of 30-second intervals and admits five meters:
//   three prosumers (Bob, Charlie, Dave) and two consumers (Eve, Ferdie);
// - before two intervals begin, each member bids or asks through its meter; each interval clears
//   at one price;
// - after each interval, the meters sign their readings (a `MeterReading` payload) and post them
//   to the gateway, which anchors them in its aggregates; the gateway's proofs prove them on
//   chain, and the interval settles against what the meters measured: a seller's surplus and
//   shortfall, a buyer's unused energy, each priced as the docs say;
// - every balance is checked to the planck against the mechanism's arithmetic;
// - the Console, in Debian's Chromium, shows the market, its clearing prices and settlements.
//
// The last test saves a screenshot into $CONSOLE_SCREENSHOTS (default: a temporary directory).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { Keyring } from '@polkadot/keyring';
import { stringToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { cryptoWaitReady, mnemonicGenerate } from '@polkadot/util-crypto';

import { accountAt, findEvent, signAndWaitFinalized } from '../lib/chain.js';
import { launchBrowser, serveConsole } from '../lib/console.js';
import { registerDevice, scaleBytes } from '../lib/devices.js';
import { eventually, gatewayCli, gatewayGet, gatewayPost, prepareGateway, startGateway } from '../lib/gateway.js';
import { freePorts, rpcCall, startNode } from '../lib/node.js';
import { envelopeJson, signReading } from '../lib/readings.js';

const INTERVAL_MS = 30_000;
/** The grid's tariffs per watt-hour (0.3 and 0.08 IOT per kWh) and a connection's capacity. */
const GRID_BUY = 300_000_000n;
const GRID_SELL = 80_000_000n;
const CAPACITY = 10_000n;
const FLOAT = 10n ** 15n;

const uintLe = (n, bytes) => {
  const out = new Uint8Array(bytes);
  const view = new DataView(out.buffer);
  if (bytes === 4) view.setUint32(0, Number(n), true);
  else view.setBigUint64(0, BigInt(n), true);
  return out;
};

/** A `MeterReading` payload, byte for byte from docs/energy-market.md (section 4). */
const meterReading = (market, interval, exportedWh, importedWh) => u8aConcat(
  scaleBytes(stringToU8a('iotchain/meter-reading')),
  uintLe(market, 4),
  uintLe(interval, 4),
  uintLe(exportedWh, 8),
  uintLe(importedWh, 8),
);

describe('the energy market on a real node and gateway', { timeout: 900_000 }, () => {
  const keyring = new Keyring({ type: 'sr25519' });
  let node;
  let api;
  let gateway;
  let site;
  let browser;
  let ss58;
  let grid;
  const people = {}; // name -> pair
  const meters = {}; // name -> meter pair
  let market;
  let start;
  let first; // the first of the two traded intervals
  let second; // the second, an interval apart, so that each has its whole report window
  const fees = new Map(); // address -> fees paid since the snapshot
  const snapshot = {}; // address -> { free, reserved } before the market
  const flows = new Map(); // address -> net money from the settlements, by the docs' arithmetic
  let paidByGrid = 0n;
  let seq = 0;

  const flow = (address, amount) => flows.set(address, (flows.get(address) ?? 0n) + amount);

  /** Submits `tx` signed by `pair`, finalized; asserts success; counts its fee. */
  async function submit(tx, pair) {
    const result = await signAndWaitFinalized(tx, pair);
    assert.equal(result.dispatchError, undefined, `${tx.method.section}.${tx.method.method} failed`);
    const paid = findEvent(result.events, api.events.transactionPayment.TransactionFeePaid);
    fees.set(pair.address, (fees.get(pair.address) ?? 0n) + paid.data.actualFee.toBigInt() + paid.data.tip.toBigInt());
    return result;
  }

  const energyEvents = (result) => result.events
    .map(({ event }) => event)
    .filter((event) => event.section === 'energyMarket');

  const chainNow = async () => (await api.query.timestamp.now()).toNumber();
  const intervalStart = (interval) => start + interval * INTERVAL_MS;
  const waitForChainTime = (moment) =>
    eventually(async () => (await chainNow()) >= moment, 600_000, `chain time ${moment}`);

  /**
   * Each `[name, exported, imported]` meter signs its reading of `interval` once it has ended
   * and posts it to the gateway; once the gateway's aggregates are final, the operator proves them all
   * on chain in one batch.
   */
  async function meterReadings(interval, readings) {
    await waitForChainTime(intervalStart(interval + 1));
    const posted = [];
    for (const [name, exported, imported] of readings) {
      const payload = meterReading(market, interval, exported, imported);
      const envelope = signReading(meters[name], { genesisHash: api.genesisHash, seq: ++seq, timestamp: Date.now(), payload });
      const { status, body } = await gatewayPost(gateway, { envelope: envelopeJson(envelope, ss58), payloadHex: u8aToHex(payload) });
      assert.equal(status, 200, JSON.stringify(body));
      posted.push({ name, seq: envelope.seq });
    }
    const reports = [];
    for (const { name, seq: number } of posted) {
      let view;
      await eventually(async () => {
        view = (await gatewayGet(gateway, `/v1/devices/${meters[name].address}/readings/${number}`)).body;
        return view?.status === 'final';
      }, 120_000, `${name}'s reading final`);
      const { envelope, proof } = view;
      reports.push(api.tx.energyMarket.reportReading(market, interval, {
        gateway: proof.gateway,
        aggregateSeq: proof.aggregateSeq,
        envelope: {
          device: envelope.device,
          seq: envelope.seq,
          timestamp: envelope.timestamp,
          payloadDigest: envelope.payloadDigest,
          signature: { Sr25519: envelope.signature.signature },
        },
        payload: view.payloadHex,
        leafIndex: proof.leafIndex,
        proof: proof.proof,
      }));
    }
    const result = await submit(api.tx.utility.batchAll(reports), grid);
    const reported = energyEvents(result)
      .filter((event) => event.method === 'ReadingReported')
      .map(({ data }) => [data.meter.toString(), data.exportedWh.toNumber(), data.importedWh.toNumber()]);
    assert.deepEqual(reported, readings.map(([name, exported, imported]) => [meters[name].address, exported, imported]));
  }

  /** Clears `interval`, which has begun, and checks its price and volume. */
  async function clear(interval, price, volume) {
    await waitForChainTime(intervalStart(interval));
    const cleared = await submit(api.tx.energyMarket.clearInterval(market, interval), grid);
    const event = findEvent(cleared.events, api.events.energyMarket.IntervalCleared).data;
    assert.deepEqual([event.price.toBigInt(), event.volume.toNumber()], [price, volume]);
  }

  /**
   * Settles `interval` (Dave's account, anyone's) and checks each position's event against the
   * docs' arithmetic at `price`: `sold` and `bought` by member, `metered` by member.
   */
  async function settleAndCheck(interval, price, positions) {
    const result = await submit(api.tx.energyMarket.settleInterval(market, interval), people.dave);
    const events = energyEvents(result);
    let toGrid = 0n;
    for (const [name, side, traded, measured] of positions) {
      const who = people[name].address;
      const event = events.find((e) => ['SellerSettled', 'BuyerSettled'].includes(e.method) &&
        e.data.account.toString() === who);
      assert.ok(event, `${name} was settled`);
      const amount = (key) => event.data[key].toBigInt();
      if (side === 'sell') {
        const delivered = traded < measured ? traded : measured;
        const short = traded - delivered;
        const surplus = measured - delivered;
        assert.equal(event.method, 'SellerSettled');
        assert.deepEqual(
          [amount('paid'), amount('shortfallCost'), amount('surplusPaid')],
          [price * delivered, (GRID_BUY - price) * short, GRID_SELL * surplus],
          `${name}'s sale`,
        );
        flow(who, price * delivered - (GRID_BUY - price) * short + GRID_SELL * surplus);
        toGrid += GRID_BUY * short;
        paidByGrid += GRID_SELL * surplus;
      } else {
        const taken = traded < measured ? traded : measured;
        const unused = traded - taken;
        assert.equal(event.method, 'BuyerSettled');
        assert.deepEqual([amount('paid'), amount('unusedPaid')], [price * traded, GRID_SELL * unused], `${name}'s purchase`);
        flow(who, -price * traded + GRID_SELL * unused);
        paidByGrid += GRID_SELL * unused;
      }
    }
    const settled = events.find((e) => e.method === 'IntervalSettled').data.summary;
    assert.equal(settled.price.toBigInt(), price);
    assert.equal(settled.paidToGrid.toBigInt(), toGrid);
    flow(grid.address, toGrid);
    return result;
  }

  before(async () => {
    await cryptoWaitReady();
    node = await startNode();
    api = node.api;
    ss58 = api.registry.chainSS58;
    keyring.setSS58Format(ss58);
    const sudo = keyring.addFromUri('//Alice');
    grid = keyring.addFromUri('//Grid');
    for (const name of ['bob', 'charlie', 'dave', 'eve', 'ferdie']) {
      people[name] = keyring.addFromUri(`//${name[0].toUpperCase()}${name.slice(1)}`);
      meters[name] = keyring.createFromUri(mnemonicGenerate(), {}, 'sr25519');
    }
    const owners = Object.values(people).map((pair) => pair.address);
    const prepared = await prepareGateway({ nodeUrl: node.wsUrl, intervalMs: 6_000, fleetOwners: owners });
    await gatewayCli(['register', '--config', prepared.config, '--owner', '//Alice', '--fund', '100']);
    gateway = await startGateway(prepared);
    const funded = await signAndWaitFinalized(api.tx.balances.transferKeepAlive(grid.address, 2n * FLOAT), sudo);
    assert.equal(funded.dispatchError, undefined, 'the operator is funded');
    await Promise.all(Object.keys(people).map((name) =>
      registerDevice(api, people[name], meters[name], { kind: 'Meter' })));
    const head = (await api.rpc.chain.getFinalizedHead()).toHex();
    for (const pair of [grid, ...Object.values(people)]) snapshot[pair.address] = await accountAt(api, pair.address, head);
  });

  after(async () => {
    await browser?.close();
    site?.stop();
    await gateway?.stop().catch(() => gateway.kill9());
    await node?.stop();
  });

  test('the operator opens a market and admits five meters', async () => {
    const terms = { intervalMs: INTERVAL_MS, gridBuyPrice: GRID_BUY, gridSellPrice: GRID_SELL, maxIntervalWh: CAPACITY };
    const created = await submit(api.tx.energyMarket.createMarket(terms, FLOAT), grid);
    const event = findEvent(created.events, api.events.energyMarket.MarketCreated).data;
    market = event.market.toNumber();
    start = event.start.toNumber();
    const admit = Object.values(meters).map((meter) => api.tx.energyMarket.addMember(market, meter.address));
    await submit(api.tx.utility.batchAll(admit), grid);
    const view = await rpcCall(node.rpcUrl, 'energyMarket_market', [market, null]);
    assert.deepEqual(
      [view.members, view.float, view.terms.gridBuyPrice, view.terms.gridSellPrice],
      [5, String(FLOAT), String(GRID_BUY), String(GRID_SELL)],
    );
    const members = await rpcCall(node.rpcUrl, 'energyMarket_members', [market, null, null, null]);
    assert.equal(members.items.length, 5);
  });

  test('the members bid and ask for two intervals, and each clears at one price', async () => {
    // Two intervals far enough ahead that every order is in before the first begins.
    first = Math.floor(((await chainNow()) - start) / INTERVAL_MS) + 3;
    second = first + 2;
    const orders = {
      bob: [['Sell', first, 1_000, 120_000_000], ['Sell', second, 400, 140_000_000]],
      charlie: [['Sell', first, 800, 150_000_000]],
      dave: [['Sell', first, 500, 200_000_000], ['Sell', second, 700, 100_000_000]],
      eve: [['Buy', first, 1_200, 250_000_000], ['Buy', second, 300, 130_000_000]],
      ferdie: [['Buy', first, 600, 180_000_000], ['Buy', second, 900, 220_000_000]],
    };
    await Promise.all(Object.entries(orders).map(async ([name, list]) => {
      const calls = list.map(([side, interval, wh, price]) =>
        api.tx.energyMarket.placeOrder(market, interval, meters[name].address, side, wh, price));
      await submit(calls.length === 1 ? calls[0] : api.tx.utility.batchAll(calls), people[name]);
    }));
    const book = await rpcCall(node.rpcUrl, 'energyMarket_interval', [market, first, null]);
    assert.equal(book.orders.length, 5);
    assert.equal(book.clearing, null);

    await clear(first, 165_000_000n, 1_800);
    const view = await rpcCall(node.rpcUrl, 'energyMarket_interval', [market, first, null]);
    const fill = (name) => view.orders.find((order) => order.meter === meters[name].address).filled;
    assert.deepEqual(['bob', 'charlie', 'dave', 'eve', 'ferdie'].map(fill), [1_000, 800, 0, 1_200, 600]);
  });

  test('the first interval settles against its meters: a surplus, a shortfall, unused energy', async () => {
    // Bob fed in 500 Wh more than he sold; Charlie 300 Wh less; Ferdie took 200 Wh less.
    await meterReadings(first, [['bob', 1_500, 0], ['charlie', 500, 20], ['eve', 0, 1_200], ['ferdie', 0, 400]]);
    await settleAndCheck(first, 165_000_000n, [
      ['bob', 'sell', 1_000n, 1_500n],
      ['charlie', 'sell', 800n, 500n],
      ['eve', 'buy', 1_200n, 1_200n],
      ['ferdie', 'buy', 600n, 400n],
    ]);
    assert.equal(await rpcCall(node.rpcUrl, 'energyMarket_interval', [market, first, null]), null);
  });

  test('the second interval is delivered exactly, and every balance is right to the planck', async () => {
    await clear(second, 180_000_000n, 900);
    await meterReadings(second, [['dave', 700, 0], ['bob', 200, 0], ['ferdie', 0, 900]]);
    const result = await settleAndCheck(second, 180_000_000n, [
      ['dave', 'sell', 700n, 700n],
      ['bob', 'sell', 200n, 200n],
      ['ferdie', 'buy', 900n, 900n],
    ]);
    // Eve's bid did not cross: it is settled with nothing traded, its funds returned.
    const history = await rpcCall(node.rpcUrl, 'energyMarket_history', [market, null]);
    assert.deepEqual(history.map((h) => [h.interval, h.price, h.volume, h.delivered]), [
      [first, '165000000', 1_800, 1_500],
      [second, '180000000', 900, 900],
    ]);

    const head = result.blockHash;
    const marketNow = (await api.query.energyMarket.markets(market)).unwrap();
    const deposit = marketNow.deposit.toBigInt();
    assert.equal(marketNow.float.toBigInt(), FLOAT - paidByGrid);
    assert.equal(marketNow.reserved.toBigInt(), 0n);
    // The members: what the settlements paid them, less their fees; nothing of theirs held.
    // The operator: what the grid was paid, less its fees, the deposit and the float it put up; the
    // float less what the grid paid out stays held with the deposit.
    for (const pair of [grid, ...Object.values(people)]) {
      const now = await accountAt(api, pair.address, head);
      const before = snapshot[pair.address];
      const putUp = pair === grid ? deposit + FLOAT : 0n;
      const held = pair === grid ? deposit + FLOAT - paidByGrid : 0n;
      assert.equal(now.free, before.free + (flows.get(pair.address) ?? 0n) - (fees.get(pair.address) ?? 0n) - putUp,
        `${pair.address}'s free balance`);
      assert.equal(now.reserved, before.reserved + held, `${pair.address}'s held balance`);
    }
  });

  test('the Console shows the market, its clearing prices and its settlements', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iotchain-energy-console-'));
    const [port] = await freePorts(1);
    site = await serveConsole(port, node.wsUrl, gateway.httpUrl, path.join(dir, 'console.log'));
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (error) => console.log(`page error: ${error.message}`));
    const home = `${site.url}/?node=${encodeURIComponent(node.wsUrl)}&gateway=${encodeURIComponent(gateway.httpUrl)}`;
    await page.goto(`${home}#/markets`);
    const link = `#markets a[href="#/market/${market}"]`;
    await page.waitForSelector(link, { timeout: 60_000 });
    await page.click(link);
    await page.waitForSelector(`#settlements tr[data-interval="${second}"]`, { timeout: 60_000 });
    const rows = await page.$$eval('#settlements tbody tr', (trs) =>
      trs.map((tr) => [...tr.children].map((td) => td.textContent.trim())));
    assert.deepEqual(rows.map((row) => row.slice(0, 4)), [
      [`#${first}`, '0.165 IOT/kWh', '1800 Wh', '1500 Wh'],
      [`#${second}`, '0.18 IOT/kWh', '900 Wh', '900 Wh'],
    ]);
    const terms = await page.textContent('#market');
    assert.match(terms, /the grid sells at\s*0\.3 IOT\/kWh/);
    assert.match(terms, /the grid buys at\s*0\.08 IOT\/kWh/);
    const shots = process.env.CONSOLE_SCREENSHOTS ? path.resolve(process.env.CONSOLE_SCREENSHOTS) : dir;
    fs.mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, 'energy-market.png'), fullPage: true });
  });
});
