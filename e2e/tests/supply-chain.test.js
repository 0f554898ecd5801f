// Supply chain on a real dev node, observed through @polkadot/api and the
// `supplyChain_*` RPC methods: the cold chain of docs/supply-chain.md section 5.
//
// - a vaccine lot made from two input lots; a shipment with a 2-8 °C rule, two registered tracker
//   devices and an escrow (m2m-payments) waiting on its `Delivered` milestone;
// - custody producer -> carrier -> warehouse -> pharmacy, each handover accepted by its receiver;
// - a tracker-signed milestone and condition report relayed by a gateway, with the signed payloads
//   built in JS from the documented bytes, and the readings anchored as a Merkle batch whose root
//   is computed in JS (lib/merkle.js);
// - the pharmacy accepts and the carrier is paid in that very extrinsic;
// - a second shipment breaks the rule (11 °C): flagged, accepted without payment, refunded after
//   the escrow's deadline;
// - the provenance RPCs return the whole timeline;
// - the refusals, each by name and with no supply-chain event.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { Keyring } from '@polkadot/keyring';
import { stringToU8a, u8aToHex } from '@polkadot/util';
import { cryptoWaitReady, decodeAddress, mnemonicGenerate } from '@polkadot/util-crypto';

import { accountAt, parentHash, signAndWaitFinalized, signAndWaitInBlock } from '../lib/chain.js';
import { signAnchor } from '../lib/anchoring.js';
import { deviceAddress, deviceRegistration } from '../lib/devices.js';
import { leafOf, merkleTree } from '../lib/merkle.js';
import { rpcCall, startNode } from '../lib/node.js';
import { conditionPayload, le, milestonePayload, relayedMilestone as relayMilestone, relayedReport as relayReport, text } from '../lib/supply.js';

const TIMEOUT = { timeout: 240_000 };
const UNIT = 10n ** 12n;
const hex = (bytes) => u8aToHex(bytes);

describe('the documented report payloads, rebuilt in JS (no node)', () => {
  const g = `0x${'45'.repeat(32)}`;
  const dev = `0x${'11'.repeat(32)}`;
  const tag = '48696f74636861696e2f6d696c6573746f6e65';

  test('the milestone payload matches the worked example byte for byte', () => {
    const payload = milestonePayload({
      genesisHash: decodeHex(g), shipment: 7, device: decodeHex(dev), nonce: 2, kind: 'Arrived',
      location: 'DEHAM', evidence: { device: decodeHex(`0x${'22'.repeat(32)}`), seq: 5 },
    });
    assert.equal(payload.length, 144);
    assert.equal(
      hex(payload),
      `0x${tag}${'45'.repeat(32)}00` + '0700000000000000' + '11'.repeat(32) + '02000000' + '02' +
        '1444454841' + '4d' + '01' + '22'.repeat(32) + '0500000000000000',
    );
  });

  test('the condition payload matches the worked example byte for byte', () => {
    const payload = conditionPayload({
      genesisHash: decodeHex(g), shipment: 7, device: decodeHex(dev), nonce: 3, metric: 'Temperature',
      min: 250, max: 1100, start: 1700000000000, end: 1700000600000,
      anchor: { device: decodeHex(dev), seq: 6 },
    });
    assert.equal(payload.length, 161);
    assert.equal(
      hex(payload),
      `0x${tag}${'45'.repeat(32)}01` + '0700000000000000' + '11'.repeat(32) + '03000000' + '00' +
        'fa000000' + '4c040000' + '0068e5cf8b010000' + 'c08feecf8b010000' + '11'.repeat(32) +
        '0600000000000000',
    );
    // Negative values are two's complement.
    assert.equal(hex(le(-2050, 32)), '0xfef7ffff');
  });
});

function decodeHex(h) {
  return Uint8Array.from(Buffer.from(h.slice(2), 'hex'));
}

describe('supply chain: the cold chain', () => {
  let node;
  let api;
  let keyring;
  let alice;
  const acct = {}; // fresh funded accounts: one per role
  const dev = {}; // tracker device pairs: a, b (assigned), rogue (registered, not assigned)
  const id = {}; // device ids (SS58)
  const agreements = {}; // shipment -> agreement id
  const blocks = {}; // what later tests check
  let deadline8;
  const ROLES = ['producer', 'farm', 'carrier', 'warehouse', 'pharmacy', 'gateway', 'intruder', 'stranger'];
  const S7 = 7;
  const S8 = 8;
  const RULE = { metric: 'Temperature', min: 200, max: 800 };
  const PAY7 = 500n * UNIT;
  const PAY8 = 300n * UNIT;

  const rpc = (method, ...params) => rpcCall(node.rpcUrl, method, params, 10_000);
  const blockNumber = async (hash) => (await api.rpc.chain.getHeader(hash)).number.toNumber();
  const nextNonce = async (pair) => (await api.rpc.system.accountNextIndex(pair.address)).toNumber();
  const fields = (event) => Object.fromEntries(event.data.names.map((n, i) => [n, event.data[i].toJSON()]));
  const eventsOf = (events, section) => events.filter(({ event }) => event.section === section).map(({ event }) => event);
  const find = (events, def) => events.find(({ event }) => def.is(event))?.event;

  /** Sends several txs from one signer with consecutive nonces, all in the pool at once. */
  const inOrder = async (signer, txs) => {
    const nonce = await nextNonce(signer);
    return txs.map((tx, i) => signAndWaitInBlock(tx, signer, { nonce: nonce + i }));
  };
  const ok = (result, what) => {
    assert.equal(result.dispatchError, undefined, `${what} succeeded`);
    return result;
  };
  /** A refusal by name that emitted no supply-chain or payments event. */
  const refused = (result, name, what) => {
    assert.equal(result.dispatchError, `supplyChain.${name}`, what);
    assert.deepEqual(eventsOf(result.events, 'supplyChain').map((e) => e.method), [], `${what}: no supplyChain event`);
    assert.deepEqual(eventsOf(result.events, 'm2mPayments').map((e) => e.method), [], `${what}: no payments event`);
  };

  const readings = (device, t0, celsius) =>
    celsius.map((c, i) => stringToU8a(JSON.stringify({ device, i, t: t0 + i * 60_000, centiC: c })));

  /** The gateway relays `tracker`'s signed milestone; the signature is built from the documented bytes. */
  const relayedMilestone = (...args) => relayMilestone(api, ...args);
  const relayedReport = (...args) => relayReport(api, ...args);

  // The two anchored batches: tracker A's readings within 2-8 °C, tracker B's with an 11 °C excursion.
  const T0 = 1_700_000_000_000;
  const batchA = { celsius: [410, 450, 520, 620, 580, 430] };
  const batchB = { celsius: [400, 520, 780, 950, 1100, 700, 600] };

  before(async () => {
    await cryptoWaitReady();
    node = await startNode();
    api = node.api;
    keyring = new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 });
    alice = keyring.addFromUri('//Alice');
    for (const r of ROLES) acct[r] = keyring.addFromMnemonic(mnemonicGenerate());
    for (const d of ['a', 'b', 'rogue']) {
      dev[d] = keyring.addFromMnemonic(mnemonicGenerate());
      id[d] = deviceAddress(dev[d], api.registry.chainSS58);
      assert.equal(id[d], dev[d].address);
    }
    for (const [b, d] of [[batchA, 'a'], [batchB, 'b']]) {
      b.leaves = readings(id[d], T0, b.celsius).map(leafOf);
      b.tree = merkleTree(b.leaves);
      b.first = T0;
      b.last = T0 + (b.celsius.length - 1) * 60_000;
    }

    // Alice registers the three trackers (proofs of possession built in JS), lets the two shippers
    // put the trackers they use on their shipments (a tracker rides only with its owner's consent:
    // the shipper must be its owner or operator), and funds every role.
    const res = await signAndWaitInBlock(
      api.tx.utility.batchAll([
        api.tx.deviceRegistry.registerDevices(['a', 'b', 'rogue'].map((d) => deviceRegistration(api, alice.address, dev[d], { model: d }))),
        api.tx.deviceRegistry.addOperator(id.a, acct.producer.address),
        api.tx.deviceRegistry.addOperator(id.b, acct.producer.address),
        api.tx.deviceRegistry.addOperator(id.b, acct.farm.address),
        ...ROLES.map((r) => api.tx.balances.transferKeepAlive(acct[r].address, (r === 'pharmacy' ? 2_000n : 100n) * UNIT)),
      ]),
      alice,
    );
    ok(res, 'setup');
  });

  after(async () => {
    await node?.stop();
  });

  test('lots, manufacturing and escrows in one block', TIMEOUT, async () => {
    const { producer, farm, pharmacy, gateway, carrier } = acct;
    const best = (await api.rpc.chain.getHeader()).number.toNumber();
    deadline8 = best + 15;
    const sc = api.tx.supplyChain;
    const pending = [
      ...(await inOrder(producer, [
        sc.registerLot(100, text('09506000134352'), 5000, text('ipfs://antigen')),
        sc.registerLot(101, text('09506000134369'), 5000, text('ipfs://adjuvant')),
        sc.transform([100, 101], 200, text('09506000134376'), 5000, text('ipfs://vaccine')),
      ])),
      ...(await inOrder(farm, [sc.registerLot(300, text('09506000134383'), 1000, text('ipfs://batch-300'))])),
      ...(await inOrder(pharmacy, [
        api.tx.m2mPayments.createAgreement(carrier.address, PAY7, { Milestone: { shipment: S7, milestone: 'Delivered' } }, best + 10_000, null),
        api.tx.m2mPayments.createAgreement(carrier.address, PAY8, { Milestone: { shipment: S8, milestone: 'Delivered' } }, deadline8, null),
      ])),
    ];
    const [lot100, lot101, transformed, lot300, ag7, ag8] = await Promise.all(pending);
    [lot100, lot101, transformed, lot300, ag7, ag8].forEach((r, i) => ok(r, `step ${i}`));

    const t = fields(find(transformed.events, api.events.supplyChain.LotTransformed));
    assert.equal(t.lot, 200);
    assert.deepEqual(t.inputs, [100, 101]);
    assert.equal(t.holder, producer.address);
    agreements[S7] = fields(find(ag7.events, api.events.m2mPayments.AgreementCreated)).agreement;
    agreements[S8] = fields(find(ag8.events, api.events.m2mPayments.AgreementCreated)).agreement;
    const input = await rpc('supplyChain_lot', 100);
    assert.deepEqual(input.status, { consumed: { into: 200 } });
  });

  test('two shipments under a 2-8 °C rule with trackers and escrows; the deposit is held; the trackers anchor their readings', TIMEOUT, async () => {
    const { producer, farm, pharmacy, gateway } = acct;
    const [r7, r8] = await Promise.all([
      signAndWaitInBlock(api.tx.supplyChain.createShipment(S7, [200], pharmacy.address, [RULE], [id.a, id.b], agreements[S7]), producer),
      signAndWaitInBlock(api.tx.supplyChain.createShipment(S8, [300], pharmacy.address, [RULE], [id.b], agreements[S8]), farm),
    ]);
    ok(r7, 'shipment 7');
    ok(r8, 'shipment 8');
    const e = fields(find(r7.events, api.events.supplyChain.ShipmentCreated));
    const { shipmentDepositBase, shipmentDepositPerItem } = api.consts.supplyChain;
    const deposit = shipmentDepositBase.toBigInt() + 4n * shipmentDepositPerItem.toBigInt(); // 1 lot + 2 trackers + 1 rule
    assert.equal(BigInt(e.deposit), deposit);
    assert.equal(e.agreement, agreements[S7]);
    const before = await accountAt(api, producer.address, await parentHash(api, r7.blockHash));
    const afterB = await accountAt(api, producer.address, r7.blockHash);
    assert.equal(afterB.reserved - before.reserved, deposit, 'the deposit is held from the shipper');

    const s = await rpc('supplyChain_shipment', S7);
    assert.equal(s.status, 'inTransit');
    assert.equal(s.custodian, producer.address);
    assert.deepEqual(s.conditions, [{ metric: 'temperature', min: 200, max: 800 }]);
    assert.deepEqual(s.trackers, [{ device: id.a, nonce: 0 }, { device: id.b, nonce: 0 }]);

    // The trackers' readings of this journey, anchored by the gateway after the shipments exist:
    // evidence anchored before a shipment was created is refused (EvidenceBeforeShipment).
    const [anchA, anchB] = await Promise.all(await inOrder(gateway, [
      api.tx.dataAnchoring.anchorBatch(id.a, 1, hex(batchA.tree.root), batchA.leaves.length, batchA.first, batchA.last,
        signAnchor(api, dev.a, { device: id.a, seq: 1, digest: batchA.tree.root, leafCount: batchA.leaves.length, firstTs: batchA.first, lastTs: batchA.last })),
      api.tx.dataAnchoring.anchorBatch(id.b, 1, hex(batchB.tree.root), batchB.leaves.length, batchB.first, batchB.last,
        signAnchor(api, dev.b, { device: id.b, seq: 1, digest: batchB.tree.root, leafCount: batchB.leaves.length, firstTs: batchB.first, lastTs: batchB.last })),
    ]));
    for (const [r, d] of [[anchA, 'a'], [anchB, 'b']]) {
      ok(r, `anchor ${d}`);
      const e = fields(find(r.events, api.events.dataAnchoring.BatchAnchored));
      assert.equal(e.device, id[d]);
      assert.equal(e.root, hex((d === 'a' ? batchA : batchB).tree.root), 'the chain stored the JS Merkle root');
    }
  });

  test('the excursion is flagged; refusals by name (non-anchored evidence, reused lot)', TIMEOUT, async () => {
    const { producer, farm, gateway, carrier, pharmacy } = acct;
    const anchorB = { device: id.b, seq: 1 };
    const [handover7, notAnchored, handover8, reuse, breach] = await Promise.all([
      ...(await inOrder(producer, [
        api.tx.supplyChain.handover(S7, carrier.address, text('DEHAM')),
        api.tx.supplyChain.recordMilestone(S7, 'PickedUp', text('DEHAM'), { device: id.a, seq: 99 }, null),
      ])),
      ...(await inOrder(farm, [
        api.tx.supplyChain.handover(S8, pharmacy.address, text('NLAMS')),
        api.tx.supplyChain.createShipment(9, [300], pharmacy.address, [RULE], [id.b], null),
      ])),
      signAndWaitInBlock(relayedReport(S8, dev.b, 0, 400, 1100, batchB.first, batchB.last, anchorB), gateway),
    ]);
    ok(handover7, 'handover 7');
    ok(handover8, 'handover 8');
    refused(notAnchored, 'EvidenceNotAnchored', 'evidence never anchored');
    refused(reuse, 'LotInOpenShipment', 'lot 300 in a second open shipment');
    assert.equal(await rpc('supplyChain_shipment', 9), null, 'no shipment 9');

    ok(breach, 'the excursion report');
    const reported = fields(find(breach.events, api.events.supplyChain.ConditionReported));
    assert.equal(reported.breached, true);
    assert.equal(reported.relayer, gateway.address);
    const flaggedEvent = find(breach.events, api.events.supplyChain.ConditionBreached);
    const flagged = fields(flaggedEvent);
    assert.equal(flaggedEvent.data.metric.type, 'Temperature');
    assert.equal(flagged.shipment, S8);
    assert.equal(flagged.device, id.b);
    assert.equal(flagged.observedMin, 400);
    assert.equal(flagged.observedMax, 1100);
    assert.equal(flagged.ruleMin, 200);
    assert.equal(flagged.ruleMax, 800);
    assert.deepEqual(flagged.anchor, anchorB);
    const s8 = await rpc('supplyChain_shipment', S8);
    assert.equal(s8.status, 'conditionBreached');
    assert.equal(s8.firstBreach, flagged.historyIndex);
    assert.deepEqual(s8.trackers, [{ device: id.b, nonce: 1 }]);
  });

  test('refusals by name: non-custodian handover, accepting a handover meant for another, untracked device', TIMEOUT, async () => {
    const { carrier, intruder, stranger, gateway } = acct;
    const before8 = await rpc('supplyChain_shipment', S8);
    const [accepted, wrongRecipient, notCustodian, notTracker] = await Promise.all([
      signAndWaitInBlock(api.tx.supplyChain.acceptHandover(S7), carrier),
      signAndWaitInBlock(api.tx.supplyChain.acceptHandover(S8), intruder),
      signAndWaitInBlock(api.tx.supplyChain.handover(S8, stranger.address, text('XXXXX')), stranger),
      signAndWaitInBlock(relayedMilestone(S7, dev.rogue, 0, 'PickedUp', 'DEHAM', null), gateway),
    ]);
    ok(accepted, 'carrier accepts');
    const h = fields(find(accepted.events, api.events.supplyChain.HandoverAccepted));
    assert.equal(h.from, acct.producer.address);
    assert.equal(h.to, carrier.address);
    refused(wrongRecipient, 'NotHandoverRecipient', 'accepting a handover offered to the pharmacy');
    refused(notCustodian, 'NotCustodian', 'a handover by a non-custodian');
    refused(notTracker, 'NotTracker', 'a milestone signed by a device not assigned');
    const after8 = await rpc('supplyChain_shipment', S8);
    assert.deepEqual(after8, before8, 'shipment 8 unchanged');
    const s7 = await rpc('supplyChain_shipment', S7);
    assert.equal(s7.custodian, carrier.address);
    assert.equal(s7.historyLen, 2, 'created + one custody move, nothing from the rogue device');
  });

  test('tracker-signed pickup and in-range report; the breached shipment is accepted without payment', TIMEOUT, async () => {
    const { gateway, carrier, warehouse, pharmacy } = acct;
    const anchorA = { device: id.a, seq: 1 };
    const [[milestone, report], handover, accept8] = await Promise.all([
      Promise.all(await inOrder(gateway, [
        relayedMilestone(S7, dev.a, 0, 'PickedUp', 'DEHAM', anchorA),
        relayedReport(S7, dev.a, 1, 410, 620, batchA.first, batchA.last, anchorA),
      ])),
      signAndWaitInBlock(api.tx.supplyChain.handover(S7, warehouse.address, text('NLRTM')), carrier),
      signAndWaitInBlock(api.tx.supplyChain.acceptDelivery(S8), pharmacy),
    ]);
    ok(milestone, 'relayed milestone');
    const mEvent = find(milestone.events, api.events.supplyChain.MilestoneRecorded);
    const m = fields(mEvent);
    assert.equal(mEvent.data.kind.type, 'PickedUp');
    assert.deepEqual(m.reporter, { tracker: { device: id.a, relayer: gateway.address } });
    assert.deepEqual(m.evidence, anchorA);
    ok(report, 'in-range report');
    const c = fields(find(report.events, api.events.supplyChain.ConditionReported));
    assert.equal(c.breached, false);
    assert.equal(find(report.events, api.events.supplyChain.ConditionBreached), undefined);
    ok(handover, 'carrier offers to the warehouse');

    ok(accept8, 'pharmacy accepts breached shipment 8');
    const d = fields(find(accept8.events, api.events.supplyChain.DeliveryAccepted));
    assert.equal(d.milestoneSignalled, false);
    assert.equal(find(accept8.events, api.events.m2mPayments.AgreementReleasedOnMilestone), undefined, 'no payment');
    const carrierBefore = await accountAt(api, carrier.address, await parentHash(api, accept8.blockHash));
    const carrierAfter = await accountAt(api, carrier.address, accept8.blockHash);
    // The carrier's own handover is in this block too: it paid a fee, but received nothing.
    assert.ok(carrierAfter.free < carrierBefore.free, 'the carrier was not paid for shipment 8');
    assert.ok((await api.query.m2mPayments.agreements(agreements[S8])).isSome, 'the escrow of shipment 8 stays open');
    assert.equal((await rpc('supplyChain_shipment', S8)).status, 'delivered');
  });

  test('warehouse -> pharmacy; the pharmacy accepts and the carrier is paid in that block', TIMEOUT, async () => {
    const { warehouse, pharmacy, carrier } = acct;
    ok(await signAndWaitInBlock(api.tx.supplyChain.acceptHandover(S7), warehouse), 'warehouse accepts');
    ok(await signAndWaitInBlock(api.tx.supplyChain.handover(S7, pharmacy.address, text('NLAMS')), warehouse), 'offer to pharmacy');
    const res = await signAndWaitFinalized(api.tx.supplyChain.acceptDelivery(S7), pharmacy);
    ok(res, 'pharmacy accepts delivery');
    blocks.delivered = res.blockHash;
    const names = eventsOf(res.events, 'supplyChain').map((e) => e.method);
    assert.deepEqual(names, ['HandoverAccepted', 'DeliveryAccepted']);
    const d = fields(find(res.events, api.events.supplyChain.DeliveryAccepted));
    assert.equal(d.milestoneSignalled, true);
    assert.deepEqual(d.lots, [200]);
    const relEvent = find(res.events, api.events.m2mPayments.AgreementReleasedOnMilestone);
    assert.ok(relEvent, 'payments.AgreementReleasedOnMilestone in the acceptance extrinsic');
    assert.equal(relEvent.data.milestone.type, 'Delivered');
    const rel = fields(relEvent);
    assert.equal(rel.agreement, agreements[S7]);
    assert.equal(rel.shipment, S7);
    assert.equal(rel.payer, pharmacy.address);
    assert.equal(rel.payee, carrier.address);
    assert.equal(BigInt(rel.amount), PAY7);
    const before = await accountAt(api, carrier.address, await parentHash(api, res.blockHash));
    const afterB = await accountAt(api, carrier.address, res.blockHash);
    assert.equal(afterB.free - before.free, PAY7, "the carrier's free balance rose by the amount in that block");

    const s = await rpc('supplyChain_shipment', S7);
    assert.equal(s.status, 'delivered');
    assert.equal(s.custodian, pharmacy.address);
    assert.equal((await rpc('supplyChain_lot', 200)).holder, pharmacy.address);

    const twice = await signAndWaitInBlock(api.tx.supplyChain.acceptDelivery(S7), pharmacy);
    refused(twice, 'AlreadyDelivered', 'delivering twice');
  });

  test('the provenance RPCs return the whole timeline', TIMEOUT, async () => {
    const { producer, carrier, warehouse, pharmacy, gateway } = acct;
    const pages = [];
    let cursor = null;
    do {
      const page = await rpc('supplyChain_history', S7, cursor, 3);
      assert.ok(page.items.length <= 3);
      pages.push(...page.items);
      cursor = page.next;
    } while (cursor !== null);
    assert.deepEqual(pages.map((e) => e.index), [0, 1, 2, 3, 4, 5, 6]);
    // Each event is an object with one key, its type.
    const events = pages.map((e) => Object.values(e.event)[0]);
    assert.deepEqual(pages.map((e) => Object.keys(e.event)), [
      ['created'], ['custodyTransferred'], ['milestone'], ['conditionReport'], ['custodyTransferred'], ['custodyTransferred'], ['delivered'],
    ]);
    assert.deepEqual([events[1].from, events[1].to, events[1].location], [producer.address, carrier.address, text('DEHAM')]);
    assert.equal(events[2].kind, 'pickedUp');
    assert.deepEqual(events[2].evidence, { device: id.a, seq: 1 });
    assert.deepEqual(events[2].reporter, { tracker: { device: id.a, relayer: gateway.address } });
    assert.equal(events[3].observedMax, 620);
    assert.deepEqual(events[3].anchor, { device: id.a, seq: 1 });
    assert.deepEqual([events[4].from, events[4].to], [carrier.address, warehouse.address]);
    assert.deepEqual([events[5].from, events[5].to], [warehouse.address, pharmacy.address]);
    assert.equal(events[6].milestoneSignalled, true);
    assert.equal(pages[6].block, await blockNumber(blocks.delivered));
    for (let i = 1; i < pages.length; i++) assert.ok(pages[i].block >= pages[i - 1].block);
    // The page of 7 entries at a limit of 7 is the last: no empty page follows.
    const all = await rpc('supplyChain_history', S7, null, 7);
    assert.deepEqual(all.items, pages);
    assert.equal(all.next, null);
    const defaults = await rpc('supplyChain_history', S7);
    assert.deepEqual(defaults, all, 'cursor and limit may be omitted');

    const prov = await rpc('supplyChain_lotProvenance', 200);
    assert.equal(prov.truncated, false);
    assert.deepEqual(prov.lots.map((step) => [step.lot.id, step.depth]), [[200, 0], [100, 1], [101, 1]]);
    assert.deepEqual(prov.lots[0].lot.shipments, [S7]);
    assert.deepEqual(prov.lots[0].lot.inputs, [100, 101]);

    const byCarrier = await rpc('supplyChain_shipmentsByParty', carrier.address);
    assert.deepEqual(byCarrier.items.map((s) => s.id), [S7]);
    assert.equal(byCarrier.next, null);
    // Accounts may be passed as 0x hex too.
    const byPharmacy = await rpc('supplyChain_shipmentsByParty', u8aToHex(decodeAddress(pharmacy.address)));
    assert.deepEqual(byPharmacy.items.map((s) => s.id), [S7, S8]);
    assert.equal(byPharmacy.next, null);
    const paged = await rpc('supplyChain_shipmentsByParty', pharmacy.address, null, 1);
    assert.deepEqual(paged.items.map((s) => s.id), [S7]);
    assert.equal(paged.next, S7);
    const rest = await rpc('supplyChain_shipmentsByParty', pharmacy.address, paged.next, 1);
    assert.deepEqual(rest.items.map((s) => s.id), [S8]);
    assert.equal(rest.next, null, 'an exactly full last page has no next');
    assert.equal(typeof rest.items[0].deposit, 'string', 'balances are decimal strings');
  });

  test("the breached shipment's escrow refunds after its deadline", TIMEOUT, async () => {
    const { pharmacy, stranger } = acct;
    while ((await api.rpc.chain.getHeader()).number.toNumber() < deadline8) {
      await new Promise((r) => setTimeout(r, 2_000));
    }
    const res = await signAndWaitInBlock(api.tx.m2mPayments.refund(agreements[S8]), stranger);
    assert.equal(res.dispatchError, undefined);
    const e = fields(find(res.events, api.events.m2mPayments.AgreementRefunded));
    assert.equal(e.payer, pharmacy.address);
    assert.equal(BigInt(e.amount), PAY8);
    const before = await accountAt(api, pharmacy.address, await parentHash(api, res.blockHash));
    const afterB = await accountAt(api, pharmacy.address, res.blockHash);
    assert.ok(afterB.free - before.free >= PAY8, 'the pharmacy got the amount back (and its storage deposit)');
    assert.equal(afterB.free - before.free, before.reserved - afterB.reserved, 'released from its holds, nothing else');
    assert.ok((await api.query.m2mPayments.agreements(agreements[S8])).isNone);
  });
});
