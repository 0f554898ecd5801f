// The IoTChain Console in a real headless Chromium (Debian's, driven by playwright-core) against
// a real dev node and gateway, as its users use it:
//
// - a fleet owner registers a device in the browser (the device key made and its proof signed
//   there) and sees it listed;
// - the device sends readings through the gateway; its page charts them;
// - an auditor verifies one on the Verify page, every step against the chain, then a tampered
//   copy fails at the step that was changed, and a malformed one is refused with a reason;
// - the cold-chain walkthrough's shipment, with a temperature breach, on its page; the
//   pharmacy's payments;
// - the network page follows new blocks live; an unknown device and a node that goes away each
//   show a clear message.
//
// Each test saves a screenshot into $CONSOLE_SCREENSHOTS (default: a temporary directory);
// `CONSOLE_SCREENSHOTS=../docs/console node --test tests/console.test.js` refreshes the docs'.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { Keyring } from '@polkadot/keyring';
import { hexToU8a, stringToU8a, u8aToHex } from '@polkadot/util';
import { cryptoWaitReady, encodeAddress, mnemonicGenerate } from '@polkadot/util-crypto';

import { signAnchor } from '../lib/anchoring.js';
import { signAndWaitFinalized } from '../lib/chain.js';
import { launchBrowser, serveConsole } from '../lib/console.js';
import { deviceRegistration, registrationPayload } from '../lib/devices.js';
import { eventually, gatewayCli, gatewayGet, gatewayPost, prepareGateway, startGateway } from '../lib/gateway.js';
import { leafOf, merkleTree } from '../lib/merkle.js';
import { freePorts, rpcCall, startNode } from '../lib/node.js';
import { envelopeJson, signReading } from '../lib/readings.js';
import { relayedMilestone, relayedReport, text } from '../lib/supply.js';

const SS58 = 4242;
const TIMEOUT = { timeout: 240_000 };
const UNIT = 10n ** 12n;

describe('the Console in a real browser against a real node and gateway', { timeout: 900_000 }, () => {
  const keyring = new Keyring({ type: 'sr25519', ss58Format: SS58 });
  const shots = process.env.CONSOLE_SCREENSHOTS ? path.resolve(process.env.CONSOLE_SCREENSHOTS) : fs.mkdtempSync(path.join(os.tmpdir(), 'iotchain-console-'));
  let node;
  let api;
  let gateway;
  let site;
  let browser;
  let page;
  let alice;
  let home;
  /** The device registered in the browser: its id and its key, from the seed the page showed. */
  const device = {};

  const rpc = (method, ...params) => rpcCall(node.rpcUrl, method, params, 10_000);
  const shoot = (name) => page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
  const go = async (hash) => {
    await page.goto(`${home}#${hash}`);
    await page.waitForSelector('.dot.connected', { timeout: 30_000 });
  };

  before(async () => {
    await cryptoWaitReady();
    fs.mkdirSync(shots, { recursive: true });
    alice = keyring.addFromUri('//Alice');
    node = await startNode();
    api = node.api;
    // A detector that flags after 5 readings (60 by default), so a short stream shows a spike.
    const prepared = await prepareGateway({ nodeUrl: node.wsUrl, fleetOwners: [alice.address], anomaly: { warmup: 5 } });
    await gatewayCli(['register', '--config', prepared.config, '--owner', '//Alice', '--fund', '100']);
    gateway = await startGateway(prepared);
    const [port] = await freePorts(1);
    site = await serveConsole(port, node.wsUrl, gateway.httpUrl, path.join(prepared.dir, 'console.log'));
    home = `${site.url}/?node=${encodeURIComponent(node.wsUrl)}&gateway=${encodeURIComponent(gateway.httpUrl)}`;
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (error) => console.log(`page error: ${error.message}`));
  });

  after(async () => {
    await browser?.close();
    site?.stop();
    await gateway?.stop().catch(() => gateway?.kill9());
    await node?.stop();
  });

  test('a fleet owner registers a device in the browser and sees it listed', TIMEOUT, async () => {
    await go('/devices');
    // Alice's one device so far: the gateway she registered.
    await page.waitForSelector(`tr[data-device="${gateway.gateway}"]`);
    await page.fill('input[name=manufacturer]', 'Acme');
    await page.fill('input[name=model]', 'T-1000');
    await page.fill('input[name=metadata]', 'ipfs://bafy-thermo');
    await page.click('button:has-text("Register")');
    await page.waitForSelector('.state.ok:has-text("Registered")', { timeout: 90_000 });
    const seed = await page.textContent('[data-testid=device-seed]');
    device.pair = new Keyring({ type: 'ed25519' }).addFromSeed(hexToU8a(seed));
    device.id = encodeAddress(device.pair.publicKey, SS58);

    // On chain, as the page said: Alice's, active, with the key whose seed the page showed.
    const view = await rpc('deviceRegistry_device', device.id, null);
    assert.equal(view.owner, alice.address);
    assert.equal(view.status, 'active');
    assert.deepEqual(view.key, { type: 'ed25519', publicKey: u8aToHex(device.pair.publicKey) });
    assert.equal(view.model, u8aToHex(stringToU8a('T-1000')));
    // Listed without a reload, once the page sees the next finalized block.
    await page.waitForSelector(`tr[data-device="${device.id}"]`, { timeout: 30_000 });
    assert.match(await page.textContent(`tr[data-device="${device.id}"]`), /sensor\s*active/);

    // Two more from a CSV file, all or nothing: one whose key and proof the device made itself
    // (pasted in the file), one whose key the browser makes.
    const own = new Keyring({ type: 'sr25519', ss58Format: SS58 }).addFromUri(mnemonicGenerate());
    const proof = u8aToHex(own.sign(registrationPayload({ genesisHash: api.genesisHash, owner: alice.address, devicePair: own })));
    const csv = `keyType,publicKey,proof,kind,manufacturer,model,metadata\nsr25519,${u8aToHex(own.publicKey)},${proof},meter,Acme,M-2,\n,,,tracker,Acme,T-9,\n`;
    // A bad line first: nothing is sent, and the line is named.
    await page.setInputFiles('input[name=csv]', { name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('sr25519,0x12,0x34,toaster,,,\n') });
    await page.waitForSelector('#bulk [role=alert]:has-text("line 1: unknown kind")');
    await page.setInputFiles('input[name=csv]', { name: 'fleet.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.waitForSelector('#bulk .state.ok:has-text("Registered 2 devices")', { timeout: 90_000 });
    await page.waitForSelector(`tr[data-device="${own.address}"]`, { timeout: 30_000 });
    assert.match(await page.textContent(`tr[data-device="${own.address}"]`), /meter\s*active/);
    const owned = await rpc('deviceRegistry_devicesByOwner', alice.address, null, null, null);
    assert.deepEqual(owned.items.map((d) => d.kind).sort(), ['gateway', 'meter', 'sensor', 'tracker'], "the gateway and Alice's three devices");
    await shoot('devices');
  });

  test("the device's readings through the gateway are charted on its page, a spike flagged", TIMEOUT, async () => {
    const genesisHash = api.genesisHash.toU8a();
    const temperatures = [21.0, 21.2, 21.1, 21.3, 21.2, 21.4, 21.3, 21.5, 21.4, 80.0, 21.6, 21.5];
    for (const [i, t] of temperatures.entries()) {
      const payload = JSON.stringify({ t });
      const envelope = signReading(device.pair, { genesisHash, seq: i + 1, timestamp: Date.now() - (temperatures.length - i) * 1_000, payload });
      const { status, body } = await gatewayPost(gateway, { envelope: envelopeJson(envelope, SS58), payload });
      assert.equal(status, 200, JSON.stringify(body));
    }
    await eventually(async () => {
      const { body } = await gatewayGet(gateway, `/v1/devices/${device.id}/readings/${temperatures.length}`);
      return body?.status === 'final';
    }, 90_000, 'the readings final');

    await go(`/device/${device.id}`);
    await page.waitForSelector('[data-testid=device-facts]');
    assert.match(await page.textContent('[data-testid=device-facts]'), /Acme · T-1000/);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=readings] tr[data-seq]').length === 12, null, { timeout: 30_000 });
    assert.equal(await page.locator('[data-testid=reading-chart] circle').count(), 12);
    assert.match(await page.textContent('#readings'), /12 readings, 12 final, 1 flagged/);
    // The 80 °C reading, flagged by the gateway's detector in the anchored annotation.
    assert.equal(await page.locator('[data-testid=reading-chart] circle.flag').count(), 1);
    assert.match(await page.textContent('[data-testid=readings] tr.flagged'), /^10.*spike/);
    await shoot('device');

    // Its owner suspends it from its page (the gateway then refuses its readings), and resumes it.
    await page.click('#device button:has-text("Suspend")');
    await page.waitForSelector('#device .state.ok:has-text("suspend: done")', { timeout: 60_000 });
    await page.waitForSelector('#device .chip.suspended');
    assert.equal((await rpc('deviceRegistry_device', device.id, null)).status, 'suspended');
    await page.click('#device button:has-text("Resume")');
    await page.waitForSelector('#device .state.ok:has-text("resume: done")', { timeout: 60_000 });
    await page.waitForSelector('#device .chip.active');
    assert.equal((await rpc('deviceRegistry_device', device.id, null)).status, 'active');

    // Rotated to a key the browser makes (its proof signed there): the chain holds the new key,
    // and the old one is history.
    await page.click('#device button:has-text("Rotate to a key made here")');
    await page.waitForSelector('#device .state.ok:has-text("rotate key: done")', { timeout: 60_000 });
    const rotated = await rpc('deviceRegistry_device', device.id, null);
    assert.equal(rotated.key.type, 'ed25519');
    assert.notEqual(rotated.key.publicKey, u8aToHex(device.pair.publicKey));
    await page.waitForSelector(`#device dd:has-text("${rotated.key.publicKey.slice(0, 12)}")`);

    // Offered to Bob, then the offer withdrawn.
    const bob = keyring.addFromUri('//Bob').address;
    await page.fill('#device input[placeholder="new owner\'s address"]', bob);
    await page.click('#device button:has-text("Offer transfer")');
    await page.waitForSelector('#device .state.ok:has-text("offer transfer: done")', { timeout: 60_000 });
    assert.equal((await rpc('deviceRegistry_device', device.id, null)).pendingTransfer, bob);
    await page.click('#device button:has-text("Cancel transfer")');
    await page.waitForSelector('#device .state.ok:has-text("cancel transfer: done")', { timeout: 60_000 });
    assert.equal((await rpc('deviceRegistry_device', device.id, null)).pendingTransfer, null);
  });

  test('an auditor verifies a reading, a changed byte fails at its step, a malformed one is refused', TIMEOUT, async () => {
    await page.click('[data-testid=readings] tr[data-seq="3"] button:has-text("Verify")');
    await page.waitForSelector('[data-testid=summary]', { timeout: 30_000 });
    const summary = await page.textContent('[data-testid=summary]');
    assert.match(summary, new RegExp(`Device ${device.id} signed reading #3`));
    assert.match(summary, /with ed25519 key 0x/);
    assert.match(summary, /aggregate #\d+, anchored in block #\d+/);
    const verdicts = await page.$$eval('[data-testid=steps] li', (items) => items.map((li) => [li.dataset.step, li.dataset.verdict]));
    assert.deepEqual(verdicts, [
      ['payload', 'ok'], ['aggregate on chain', 'ok'], ['in the aggregate', 'ok'], ['device signature', 'ok'], ['final', 'ok'], ['the chain agrees', 'ok'],
    ]);
    await shoot('verify');

    // The payload changed (text and bytes alike): the digest the device signed no longer holds.
    const original = JSON.parse(await page.inputValue('textarea[name=reading]'));
    const verifyWith = async (view) => {
      await page.fill('textarea[name=reading]', JSON.stringify(view, null, 2));
      await page.click('button:has-text("Verify")');
      await page.waitForSelector('[data-testid=summary]', { timeout: 30_000 });
      return Object.fromEntries(await page.$$eval('[data-testid=steps] li', (items) => items.map((li) => [li.dataset.step, li.dataset.verdict])));
    };
    const changedPayload = { ...original, payload: '{"t":31.1}', payloadHex: u8aToHex(stringToU8a('{"t":31.1}')) };
    let steps = await verifyWith(changedPayload);
    assert.equal(steps.payload, 'fail');
    assert.equal(steps['in the aggregate'], 'ok', 'the envelope itself was not changed');
    assert.match(await page.textContent('[data-testid=summary]'), /^Fails at: payload$/);
    await shoot('verify-tampered');

    // The envelope's time changed by 1 ms: its leaf leaves the tree and its signature fails.
    steps = await verifyWith({ ...original, envelope: { ...original.envelope, timestamp: original.envelope.timestamp + 1 } });
    assert.equal(steps.payload, 'ok');
    assert.equal(steps['in the aggregate'], 'fail');
    assert.equal(steps['device signature'], 'fail');
    assert.equal(steps['the chain agrees'], 'fail');

    // Not a reading at all: refused with the reason, nothing checked.
    await page.fill('textarea[name=reading]', '{"envelope": {"device": "nobody"}}');
    await page.click('button:has-text("Verify")');
    await page.waitForSelector('[role=alert]:has-text("This is not a reading with a proof")');
    assert.match(await page.textContent('[role=alert]'), /the envelope has no "seq"/);
  });

  test("the cold-chain shipment's custody, route, breach and unpaid escrow on its page", TIMEOUT, async () => {
    const bob = keyring.addFromUri('//Bob'); // the pharmacy
    const charlie = keyring.addFromUri('//Charlie'); // the carrier, relaying its tracker's reports
    const tracker = keyring.addFromMnemonic(mnemonicGenerate());
    const RULE = { metric: 'Temperature', min: 200, max: 800 };
    const ok = (result, what) => assert.equal(result.dispatchError, undefined, what);

    // The walkthrough of docs/supply-chain.md section 5, for shipment 8 with its excursion.
    const best = (await api.rpc.chain.getHeader()).number.toNumber();
    ok(await signAndWaitFinalized(api.tx.utility.batchAll([
      api.tx.deviceRegistry.registerDevices([deviceRegistration(api, alice.address, tracker, { kind: 'Tracker', model: 'cold-1' })]),
      api.tx.supplyChain.registerLot(100, text('09506000134352'), 5000, text('ipfs://antigen')),
      api.tx.supplyChain.registerLot(101, text('09506000134369'), 5000, text('ipfs://adjuvant')),
      api.tx.supplyChain.transform([100, 101], 200, text('09506000134376'), 5000, text('ipfs://vaccine')),
    ]), alice), 'lots and tracker');
    const agreement = await signAndWaitFinalized(
      api.tx.m2mPayments.createAgreement(charlie.address, 300n * UNIT, { Milestone: { shipment: 8, milestone: 'Delivered' } }, best + 10_000, null), bob);
    ok(agreement, 'escrow');
    const agreementId = agreement.events.find(({ event }) => api.events.m2mPayments.AgreementCreated.is(event)).event.data.agreement.toNumber();
    ok(await signAndWaitFinalized(api.tx.utility.batchAll([
      api.tx.supplyChain.createShipment(8, [200], bob.address, [RULE], [tracker.address], agreementId),
      api.tx.supplyChain.handover(8, charlie.address, text('DEHAM')),
    ]), alice), 'shipment');
    const t0 = Date.now() - 600_000;
    const celsius = [400, 520, 780, 950, 1100, 700, 600];
    const tree = merkleTree(celsius.map((c, i) => leafOf(stringToU8a(JSON.stringify({ i, centiC: c })))));
    const anchor = { device: tracker.address, seq: 1 };
    const fields = { device: tracker.address, seq: 1, digest: tree.root, leafCount: celsius.length, firstTs: t0, lastTs: t0 + 360_000 };
    ok(await signAndWaitFinalized(api.tx.utility.batchAll([
      api.tx.supplyChain.acceptHandover(8),
      api.tx.dataAnchoring.anchorBatch(tracker.address, 1, u8aToHex(tree.root), celsius.length, fields.firstTs, fields.lastTs, signAnchor(api, tracker, fields)),
      relayedMilestone(api, 8, tracker, 0, 'PickedUp', 'DEHAM', anchor),
      relayedReport(api, 8, tracker, 1, 400, 1100, fields.firstTs, fields.lastTs, anchor),
      api.tx.supplyChain.handover(8, bob.address, text('NLAMS')),
    ]), charlie), 'carriage with an excursion');
    ok(await signAndWaitFinalized(api.tx.supplyChain.acceptDelivery(8), bob), 'delivery');
    const shipment = await rpc('supplyChain_shipment', 8, null);
    assert.equal(shipment.status, 'delivered');
    assert.notEqual(shipment.firstBreach, null);

    await go('/shipment/8');
    await page.waitForSelector('[data-testid=timeline]');
    assert.equal(await page.textContent('[data-testid=shipment-status]'), 'delivered');
    const kinds = await page.$$eval('[data-testid=timeline] li', (items) => items.map((li) => li.dataset.kind));
    assert.deepEqual(kinds, ['created', 'custodyTransferred', 'milestone', 'conditionReport', 'custodyTransferred', 'delivered']);
    assert.match(await page.textContent('[data-testid=timeline] li.breach'), /temperature 4 °C to 11 °C — BREACH/);
    assert.equal(await page.textContent('[data-testid=breaches]'), '1 breached');
    assert.equal(await page.locator('[data-testid=condition-chart] rect.breach').count(), 1);
    assert.match(await page.textContent('[data-testid=escrow]'), new RegExp(`escrow #${agreementId}: 300 IOT held for .*open`));
    assert.equal(await page.locator('[data-testid=route-map] circle').count(), 2, 'DEHAM and NLAMS on the map');
    const tree200 = await page.textContent('[data-testid=provenance]');
    assert.match(tree200, /lot 200: 09506000134376 × 5000[\s\S]*lot 100[\s\S]*lot 101/);
    await shoot('shipment');

    // The pharmacy's payments: the escrow still held (refundable after its deadline), a channel
    // to the carrier whose voucher is signed in the browser and claimed there by the carrier,
    // and the device registered above, rented from Alice.
    ok(await signAndWaitFinalized(api.tx.m2mPayments.listDevice(device.id, UNIT / 1_000n, 1, 1_000, 10n * UNIT, null), alice), 'listing');
    const opened = await signAndWaitFinalized(api.tx.utility.batchAll([
      api.tx.m2mPayments.openChannel(charlie.address, 50n * UNIT, best + 1_000),
      api.tx.m2mPayments.rent(device.id, 20),
    ]), bob);
    ok(opened, 'channel and rental');
    const channel = opened.events.find(({ event }) => api.events.m2mPayments.ChannelOpened.is(event)).event.data.channel.toNumber();

    await go('/payments');
    await page.selectOption('select[aria-label=account]', { label: 'Bob (dev)' });
    await page.waitForSelector('#agreements td:has-text("shipment #8 reaching delivered")', { timeout: 30_000 });
    await page.waitForSelector(`#rentals a[href="#/device/${device.id}"]`);
    await page.fill('#channels input[name=total]', '5');
    await page.click('#channels button:has-text("Sign voucher")');
    const voucher = (await page.textContent('[data-testid=voucher]')).trim();
    assert.match(voucher, /^0x[0-9a-f]{128}$/);
    await shoot('payments');

    await page.selectOption('select[aria-label=account]', { label: 'Charlie (dev)' });
    await page.fill('#channels input[name=total]', '5');
    await page.fill('#channels input[name=voucher]', voucher);
    await page.click('#channels button:has-text("Claim")');
    await page.waitForSelector('#channels .state.ok:has-text("Claimed in block")', { timeout: 60_000 });
    const claimed = await rpc('payments_channel', channel, null);
    assert.equal(claimed.claimed, (5n * UNIT).toString(), 'the carrier was paid the voucher signed in the browser');
  });

  test('the network page follows the chain live; an unknown device and a node gone away are told', TIMEOUT, async () => {
    await go('/network');
    await page.waitForSelector('[data-testid=finalized]:has-text("#")');
    const first = Number((await page.textContent('[data-testid=finalized]')).match(/#(\d+)/)[1]);
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid=finalized]').textContent.match(/#(\d+)/)[1]) > n, first, { timeout: 30_000 });
    assert.match(await page.textContent('[data-testid=network-facts]'), /connected/);
    assert.match(await page.textContent('#validators'), new RegExp(alice.address));
    await shoot('network');

    const stranger = new Keyring({ type: 'ed25519', ss58Format: SS58 }).addFromUri(mnemonicGenerate()).address;
    await go(`/device/${stranger}`);
    await page.waitForSelector('[role=alert]:has-text("Unknown device")');
    await go('/device/not-an-address');
    await page.waitForSelector('[role=alert]:has-text("is not a device id")');

    await go('/network');
    await node.stop();
    await page.waitForSelector('[role=alert]:has-text("went away")', { timeout: 30_000 });
    await shoot('node-away');
  });
});
