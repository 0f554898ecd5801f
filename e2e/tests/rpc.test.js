// Every IoTChain JSON-RPC method, called on a real node with state behind it, and every answer
// checked against the one convention of docs/rpc.md: camelCase fields and enum values, balances
// as decimal strings, accounts as SS58 with the chain's prefix, hashes and bytes as 0x hex,
// numbers that JavaScript holds exactly, lists as { items, next } pages. The node must serve
// exactly the methods docs/rpc.md lists, and this test must call each of them.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { Keyring } from '@polkadot/keyring';
import { stringToHex, u8aToHex } from '@polkadot/util';
import { checkAddress, cryptoWaitReady, decodeAddress, mnemonicGenerate } from '@polkadot/util-crypto';

import { signAndWaitInBlock } from '../lib/chain.js';
import { deviceRegistration } from '../lib/devices.js';
import { rpcCall, startNode } from '../lib/node.js';
import { aggregate, envelopeJson, signAggregate, signReading } from '../lib/readings.js';

const TIMEOUT = { timeout: 240_000 };
const NAMESPACES = ['deviceRegistry_', 'anchoring_', 'payments_', 'supplyChain_', 'dataMarket_', 'energyMarket_'];
const DOCS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'rpc.md');
const UNIT = 10n ** 12n;
const MILLI = UNIT / 1000n;
const LOT = 4_242;
const SHIPMENT = 4_243;

/** Field names whose values are balances: decimal strings by the convention. */
const BALANCE_FIELD = /(deposit|amount|price\w*|rent|fee|claimed|remaining|balance|paid|refunded|charged)$/i;
const CAMEL = /^[a-z][A-Za-z0-9]*$/;
const HEX = /^0x([0-9a-f]{2})*$/;
const DECIMAL = /^(0|[1-9][0-9]*)$/;

/** The methods docs/rpc.md documents: its `### \`name\`` headings. */
function documentedMethods() {
  const text = fs.readFileSync(DOCS, 'utf8');
  return [...text.matchAll(/^###\s+`([A-Za-z]+_[A-Za-z]+)`/gm)].map((match) => match[1]).sort();
}

/**
 * Every place in `value` that breaks the convention, as `path: why` lines. `ss58Format` is the
 * chain's prefix.
 */
function conventionBreaks(value, ss58Format, where = '$', field = '') {
  const breaks = [];
  if (value === null) return breaks;
  if (Array.isArray(value)) {
    value.forEach((item, i) => breaks.push(...conventionBreaks(item, ss58Format, `${where}[${i}]`, field)));
    return breaks;
  }
  switch (typeof value) {
    case 'object':
      for (const [key, inner] of Object.entries(value)) {
        if (!CAMEL.test(key)) breaks.push(`${where}.${key}: field name is not camelCase`);
        breaks.push(...conventionBreaks(inner, ss58Format, `${where}.${key}`, key));
      }
      return breaks;
    case 'number':
      if (!Number.isSafeInteger(value) || value < 0) breaks.push(`${where}: ${value} is not a safe non-negative integer`);
      if (BALANCE_FIELD.test(field)) breaks.push(`${where}: the balance ${value} is a number, not a decimal string`);
      return breaks;
    case 'boolean':
      return breaks;
    case 'string': {
      if (BALANCE_FIELD.test(field)) {
        if (!DECIMAL.test(value)) breaks.push(`${where}: balance ${JSON.stringify(value)} is not a decimal string`);
        return breaks;
      }
      if (DECIMAL.test(value)) return breaks; // a balance whose field name the pattern above misses
      if (value.startsWith('0x')) {
        if (!HEX.test(value)) breaks.push(`${where}: ${JSON.stringify(value)} is not lowercase 0x hex of whole bytes`);
        return breaks;
      }
      if (CAMEL.test(value) && value.length < 40) return breaks; // an enum value
      const [isAddress, why] = checkAddress(value, ss58Format);
      if (!isAddress) breaks.push(`${where}: ${JSON.stringify(value)} is neither an enum value, 0x hex, nor SS58 of prefix ${ss58Format} (${why})`);
      return breaks;
    }
    default:
      breaks.push(`${where}: unexpected ${typeof value}`);
      return breaks;
  }
}

describe('JSON-RPC convention', () => {
  let node;
  let api;
  let rpc;
  let ss58Format;
  let alice;
  let bob;
  let sensorPair;
  let sensor;
  let meterPair;
  let agreements;
  let channel;
  let streamListing;
  let streamGrant;
  const called = new Set();

  /** Calls `method` and checks its answer against the convention; resolves with the answer. */
  const call = async (method, params) => {
    called.add(method);
    const answer = await rpc(method, ...params);
    const breaks = conventionBreaks(answer, ss58Format);
    assert.deepEqual(breaks, [], `${method}(${JSON.stringify(params)}) answered ${JSON.stringify(answer)}`);
    return answer;
  };

  /** Checks that `answer` is a page and returns it. */
  const page = (answer, method) => {
    assert.deepEqual(Object.keys(answer).sort(), ['items', 'next'], `${method} answers a { items, next } page`);
    assert.ok(Array.isArray(answer.items), `${method}: items is a list`);
    return answer;
  };

  const ok = async (tx, signer, what) => {
    const result = await signAndWaitInBlock(tx, signer);
    assert.equal(result.dispatchError, undefined, `${what} succeeded`);
    return result;
  };
  const eventOf = (result, pallet, name) => {
    const record = result.events.find(({ event }) => api.events[pallet][name].is(event));
    assert.ok(record, `${pallet}.${name} was emitted`);
    return record.event.data;
  };

  before(async () => {
    await cryptoWaitReady();
    node = await startNode();
    api = node.api;
    rpc = (method, ...params) => rpcCall(node.rpcUrl, method, params);
    ss58Format = api.registry.chainSS58;
    const keyring = new Keyring({ type: 'sr25519', ss58Format });
    alice = keyring.addFromUri('//Alice');
    bob = keyring.addFromUri('//Bob');
    sensorPair = keyring.addFromUri(mnemonicGenerate());
    sensor = sensorPair.address;
    meterPair = keyring.addFromUri(mnemonicGenerate());

    // Alice registers and funds a sensor, lists it, makes two agreements with Bob, opens a
    // channel to him, registers a lot and ships it to him: one of everything the RPC reads.
    const best = (await api.rpc.chain.getHeader()).number.toNumber();
    const setup = await ok(api.tx.utility.batchAll([
      api.tx.deviceRegistry.registerDevice(deviceRegistration(api, alice.address, sensorPair, { model: 'rpc-walk' })),
      api.tx.balances.transferKeepAlive(sensor, UNIT),
      api.tx.m2mPayments.listDevice(sensor, MILLI, 1, 1_000, 100n * MILLI, null),
      api.tx.m2mPayments.createAgreement(bob.address, UNIT, 'Approval', best + 1_000, null),
      api.tx.m2mPayments.createAgreement(bob.address, 2n * UNIT, 'Approval', best + 1_000, null),
      api.tx.m2mPayments.openChannel(bob.address, 100n * MILLI, best + 1_000),
      api.tx.supplyChain.registerLot(LOT, stringToHex('09506000134352'), 10, stringToHex('ipfs://rpc-walk')),
      api.tx.supplyChain.createShipment(SHIPMENT, [LOT], bob.address, [], [], null),
      api.tx.dataMarket.listStream(sensor, {
        schema: `0x${'5c'.repeat(32)}`,
        licence: `0x${'11'.repeat(32)}`,
        pricePerPeriod: MILLI,
        periodMs: 60_000,
        minReadings: 1,
        maxSubscribers: 10,
      }),
      // An energy market of one meter, with an ask two intervals ahead.
      api.tx.deviceRegistry.registerDevice(deviceRegistration(api, alice.address, meterPair, { kind: 'Meter' })),
      api.tx.energyMarket.createMarket(
        { intervalMs: 30_000, gridBuyPrice: 300_000_000, gridSellPrice: 80_000_000, maxIntervalWh: 10_000 },
        UNIT,
      ),
      api.tx.energyMarket.addMember(0, meterPair.address),
      api.tx.energyMarket.placeOrder(0, 2, meterPair.address, 'Sell', 1_000, 120_000_000),
    ]), alice, 'the setup batch');
    streamListing = eventOf(setup, 'dataMarket', 'StreamListed').listing.toNumber();
    agreements = setup.events
      .filter(({ event }) => api.events.m2mPayments.AgreementCreated.is(event))
      .map(({ event }) => event.data.agreement.toNumber());
    assert.equal(agreements.length, 2, 'two agreements were created');
    channel = eventOf(setup, 'm2mPayments', 'ChannelOpened').channel.toNumber();

    // The sensor anchors a reading itself; Bob rents it.
    await Promise.all([
      ok(api.tx.dataAnchoring.anchor(sensor, 0, `0x${'d1'.repeat(32)}`, null), sensorPair, 'the anchor'),
      ok(api.tx.m2mPayments.rent(sensor, 5), bob, 'the rental'),
    ]);
    // Bob buys two minutes of the sensor's stream.
    const subscribed = await ok(api.tx.dataMarket.subscribe(streamListing, 2), bob, 'the subscription');
    const { fromPeriod, untilPeriod } = eventOf(subscribed, 'dataMarket', 'Subscribed');
    streamGrant = { from: fromPeriod.toNumber(), until: untilPeriod.toNumber() };
  });

  after(async () => {
    await node?.stop();
  });

  test('the node serves exactly the methods docs/rpc.md documents', TIMEOUT, async () => {
    const { methods } = await rpc('rpc_methods');
    const served = methods.filter((method) => NAMESPACES.some((prefix) => method.startsWith(prefix))).sort();
    assert.ok(served.length > 0, 'the node serves IoTChain methods');
    assert.deepEqual(documentedMethods(), served);
  });

  test('every method answers by the convention', TIMEOUT, async () => {
    const sensorKey = { type: 'sr25519', publicKey: u8aToHex(sensorPair.publicKey) };
    const digest = `0x${'d1'.repeat(32)}`;

    // Device registry.
    const device = await call('deviceRegistry_device', [sensor, null]);
    assert.equal(device.id, sensor);
    assert.equal(device.owner, alice.address);
    assert.deepEqual(device.key, sensorKey);
    assert.equal(device.status, 'active');
    assert.deepEqual(await call('deviceRegistry_deviceByKey', [sensorKey, null]), device);
    const owned = page(await call('deviceRegistry_devicesByOwner', [alice.address, null, null, null]), 'devicesByOwner');
    // The sensor and the energy market's meter, in the index's order.
    assert.deepEqual(owned.items.map((item) => item.id).sort(), [sensor, meterPair.address].sort());
    assert.deepEqual(owned.items.find((item) => item.id === sensor), device);
    assert.equal(owned.next, null);
    const did = await rpc('deviceRegistry_didDocument', sensor, null);
    called.add('deviceRegistry_didDocument');
    assert.equal(did.id, `did:iotchain:${sensor}`, 'the DID document is the W3C format, outside the convention');
    const keys = page(await call('deviceRegistry_keyHistory', [sensor, null, null, null]), 'keyHistory');
    assert.deepEqual(keys, { items: [{ key: sensorKey, since: device.registeredAt, until: null }], next: null });

    // Anchoring.
    const anchor = await call('anchoring_anchor', [sensor, 0, null]);
    assert.equal(anchor.digest, digest);
    const anchors = page(await call('anchoring_anchors', [sensor, null, null, null]), 'anchors');
    assert.deepEqual(anchors.items.length, 1);
    assert.equal(anchors.next, null);
    assert.equal(await call('anchoring_lastSeq', [sensor, null]), 0);
    await call('anchoring_verifyProof', [sensor, 0, digest, 0, [], null]);
    await call('anchoring_verifyProof', [sensor, 0, `0x${'00'.repeat(32)}`, 0, [], null]);

    // A gateway Alice registers anchors an aggregate of one envelope the sensor signed.
    const gatewayPair = new Keyring({ type: 'ed25519', ss58Format }).addFromUri(mnemonicGenerate());
    const envelope = signReading(sensorPair, {
      genesisHash: api.genesisHash, seq: 1, timestamp: 1_767_225_600_000, payload: '21.5',
    });
    const { root, firstTs, lastTs } = aggregate([envelope]);
    const gatewaySignature = signAggregate(api, gatewayPair, {
      gateway: gatewayPair.address, seq: 0, root, leafCount: 1, firstTs, lastTs,
    });
    await ok(api.tx.utility.batchAll([
      api.tx.deviceRegistry.registerDevice(deviceRegistration(api, alice.address, gatewayPair, { kind: 'Gateway' })),
      api.tx.dataAnchoring.anchorAggregate(gatewayPair.address, 0, root, 1, firstTs, lastTs, gatewaySignature),
    ]), alice, 'the aggregate');
    const reading = await call('anchoring_verifyReading',
      [gatewayPair.address, 0, envelopeJson(envelope, ss58Format), 0, [], null]);
    assert.deepEqual(reading.proven.deviceSignature, { valid: { key: sensorKey } });
    assert.deepEqual(
      await call('anchoring_verifyReading', [sensor, 0, envelopeJson(envelope), 0, [], null]),
      { notProven: 'notAnAggregate' },
    );

    // Payments.
    const first = await call('payments_agreement', [agreements[0], null]);
    assert.equal(first.payee, bob.address);
    assert.equal(first.amount, UNIT.toString());
    const byParty = page(await call('payments_agreementsByParty', [alice.address, null, null, null]), 'agreementsByParty');
    assert.equal(byParty.items.length, 2);
    assert.equal(byParty.next, null);
    await call('payments_channel', [channel, null]);
    await call('payments_listing', [sensor, null]);
    await call('payments_rental', [sensor, null]);
    assert.equal(await call('payments_currentUser', [sensor, null]), bob.address);
    const payload = await call('payments_voucherPayload', [channel, '1000', null]);
    assert.match(payload, HEX);

    // Supply chain.
    const shipment = await call('supplyChain_shipment', [SHIPMENT, null]);
    assert.equal(shipment.receiver, bob.address);
    page(await call('supplyChain_history', [SHIPMENT, null, null, null]), 'history');
    await call('supplyChain_lot', [LOT, null]);
    await call('supplyChain_lotProvenance', [LOT, null]);
    page(await call('supplyChain_shipmentsByParty', [alice.address, null, null, null]), 'shipmentsByParty');

    // Data market.
    const listing = await call('dataMarket_listing', [streamListing, null]);
    assert.equal(listing.seller, alice.address);
    assert.equal(listing.terms.pricePerPeriod, MILLI.toString());
    const listings = page(await call('dataMarket_listings', [null, null, null]), 'listings');
    assert.deepEqual(listings, { items: [listing], next: null });
    const grant = await call('dataMarket_grant', [streamListing, bob.address, null]);
    assert.deepEqual([grant.buyer, grant.fromPeriod, grant.untilPeriod], [bob.address, streamGrant.from, streamGrant.until]);
    assert.equal(grant.held, (2n * MILLI).toString());
    assert.deepEqual(page(await call('dataMarket_grantsByBuyer', [bob.address, null, null, null]), 'grantsByBuyer'),
      { items: [grant], next: null });
    assert.deepEqual(page(await call('dataMarket_grantsByListing', [streamListing, null, null, null]), 'grantsByListing'),
      { items: [grant], next: null });
    assert.equal(await call('dataMarket_hasAccess', [streamListing, bob.address, grant.accessFrom, grant.accessUntil, null]), true);
    assert.equal(await call('dataMarket_hasAccess', [streamListing, alice.address, grant.accessFrom, grant.accessUntil, null]), false);

    // Energy market.
    const market = await call('energyMarket_market', [0, null]);
    assert.deepEqual([market.operator, market.members, market.float], [alice.address, 1, UNIT.toString()]);
    assert.deepEqual(page(await call('energyMarket_markets', [null, null, null]), 'markets'), { items: [market], next: null });
    assert.deepEqual(page(await call('energyMarket_members', [0, null, null, null]), 'members'),
      { items: [meterPair.address], next: null });
    const interval = await call('energyMarket_interval', [0, 2, null]);
    assert.deepEqual(interval.orders.map((order) => [order.meter, order.side, order.quantity, order.price]),
      [[meterPair.address, 'sell', 1_000, '120000000']]);
    assert.equal(interval.clearing, null);
    assert.deepEqual(page(await call('energyMarket_intervals', [0, null, null, null]), 'intervals'),
      { items: [interval], next: null });
    assert.deepEqual(await call('energyMarket_history', [0, null]), []);

    assert.deepEqual([...called].sort(), documentedMethods(), 'this test called every documented method');
  });

  test('a page cut short names its next cursor, and the next page ends the list', TIMEOUT, async () => {
    const firstPage = page(await call('payments_agreementsByParty', [alice.address, null, 1, null]), 'first page');
    assert.equal(firstPage.items.length, 1);
    assert.notEqual(firstPage.next, null, 'a page with more behind it names its cursor');
    const secondPage = page(await call('payments_agreementsByParty', [alice.address, firstPage.next, 1, null]), 'second page');
    assert.equal(secondPage.items.length, 1);
    assert.equal(secondPage.next, null, 'an exactly full last page says so');
    assert.notDeepEqual(secondPage.items[0], firstPage.items[0]);
  });

  test('accounts may be passed as SS58 or hex, and bad parameters are refused by name', TIMEOUT, async () => {
    const asHex = u8aToHex(decodeAddress(alice.address));
    assert.deepEqual(
      await call('deviceRegistry_devicesByOwner', [asHex, null, null, null]),
      await call('deviceRegistry_devicesByOwner', [alice.address, null, null, null]),
    );
    await assert.rejects(rpc('deviceRegistry_device', '0x1234', null), /-32602/);
    await assert.rejects(rpc('deviceRegistry_device', 'not-an-account', null), /-32602/);
    await assert.rejects(rpc('payments_voucherPayload', channel, '1.5', null), /-32602/);
  });

  test('a read at an unknown block is a runtime error, code 1', TIMEOUT, async () => {
    await assert.rejects(rpc('anchoring_lastSeq', sensor, `0x${'ee'.repeat(32)}`), /"code":1\b/);
  });
});
