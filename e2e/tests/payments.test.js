// Machine-to-machine payments on a real dev node, observed through @polkadot/api and the
// `payments_*` RPC methods, against docs/payments.md and the JSON of docs/rpc.md:
//
// (a) a delivery on `DataDelivered`: the payee's drone anchors its proof of delivery, the payee
//     cannot claim before the payer's challenge period is over, the payer checks and releases;
//     a payee's anchor of anything is disputed by the payer in its challenge period;
// (b) a metered printer: 500 vouchers signed in JS over payload bytes built from the doc alone,
//     one claim midway and a close, three transactions in all;
// (c) a rental ended early with an exact pro-rata refund, and one settled by a third party after
//     its expiry and grace period;
// (d) a deadline refund and an arbiter's split after a dispute;
// (e) a milestone escrow is not paid by a stranger's shipment with the same id;
// and the rejections, by error name, with nothing moved but the submitter's fee.
//
// Alice (the dev chain's only block author, who earns 20% of every fee) only funds accounts:
// every balance checked exactly belongs to a fresh account that authors nothing.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { Keyring } from '@polkadot/keyring';
import { stringToHex, u8aToHex } from '@polkadot/util';
import { cryptoWaitReady, mnemonicGenerate, signatureVerify } from '@polkadot/util-crypto';

import { accountAt, findEvent, parentHash, signAndWaitInBlock } from '../lib/chain.js';
import { deviceRegistration } from '../lib/devices.js';
import { voucherPayload } from '../lib/payments.js';
import { rpcCall, startNode } from '../lib/node.js';

const TIMEOUT = { timeout: 240_000 };

const UNIT = 10n ** 12n;
const MILLI = 10n ** 9n;


/** An event's named fields as JSON. */
const eventFields = (event) => Object.fromEntries(event.data.names.map((name, i) => [name, event.data[i].toJSON()]));

describe('the voucher payload, rebuilt in JS (no node)', () => {
  test('matches the worked example of docs/payments.md byte for byte', () => {
    const payload = voucherPayload(`0x${'45'.repeat(32)}`, 7, 1_000_000n);
    assert.equal(payload.length, 73);
    assert.equal(
      u8aToHex(payload),
      '0x40696f74636861696e2f766f7563686572' + '45'.repeat(32) + '0700000000000000' + '40420f00000000000000000000000000',
    );
    // 0.5 IOT as the doc's printer example shows it.
    assert.equal(u8aToHex(voucherPayload(`0x${'45'.repeat(32)}`, 0, 500n * MILLI).subarray(57)), '0x0088526a740000000000000000000000');
  });
});

describe('m2m payments', () => {
  let node;
  let api;
  let keyring;
  let alice;
  const acct = {}; // fresh, funded accounts by role
  const dev = {}; // device key pairs
  const setup = {}; // what `before` created and the tests check

  const ROLES = [
    'shop', 'droneOp', 'drone', // (a)
    'printerPayer', 'printer', 'payer2', 'payee2', // (b) and the voucher rejections
    'owner', 'renter1', 'renter2', 'settler', // (c)
    'refundPayer', 'refundPayee', 'splitPayer', 'splitPayee', 'arbiter', // (d)
    'rentRented', 'rentUnlisted', 'stranger', // rejections
    'receiver', 'carrier', 'thief', 'accomplice', // (e)
  ];

  const rpc = (method, ...params) => rpcCall(node.rpcUrl, method, params);
  const freshPair = () => keyring.addFromMnemonic(mnemonicGenerate());
  const bestNumber = async () => (await api.rpc.chain.getHeader()).number.toNumber();
  const blockNumber = async (hash) => (await api.rpc.chain.getHeader(hash)).number.toNumber();
  const nextNonce = async (pair) => (await api.rpc.system.accountNextIndex(pair.address)).toNumber();

  /** Sends and asserts success; resolves with the result. */
  const ok = async (tx, signer, what, options) => {
    const result = await signAndWaitInBlock(tx, signer, options);
    assert.equal(result.dispatchError, undefined, `${what} succeeded`);
    return result;
  };

  /** The fee of an extrinsic, checked to be paid by `payer` with no tip. */
  const feeOf = ({ events }, payer) => {
    const feePaid = findEvent(events, api.events.transactionPayment.TransactionFeePaid);
    assert.ok(feePaid, 'TransactionFeePaid emitted');
    assert.equal(feePaid.data.who.toString(), payer.address, 'fee paid by the signer');
    assert.equal(feePaid.data.tip.toBigInt(), 0n);
    return feePaid.data.actualFee.toBigInt();
  };

  /** `{free, reserved}` change of `pair` between the parent of block `first` and block `last`. */
  const delta = async (pair, first, last = first) => {
    const before = await accountAt(api, pair.address, await parentHash(api, first));
    const after = await accountAt(api, pair.address, last);
    return { free: after.free - before.free, reserved: after.reserved - before.reserved };
  };

  /** Resolves once the best block number is at least `n`. */
  const waitForBest = async (n) => {
    while ((await bestNumber()) < n) await new Promise((resolve) => setTimeout(resolve, 1_000));
  };

  const eventOf = (result, name) => {
    const event = findEvent(result.events, api.events.m2mPayments[name]);
    assert.ok(event, `m2mPayments.${name} emitted`);
    return eventFields(event);
  };

  before(async () => {
    await cryptoWaitReady();
    node = await startNode();
    api = node.api;
    keyring = new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 });
    alice = keyring.addFromUri('//Alice');
    for (const role of ROLES) acct[role] = freshPair();
    for (const name of ['drone', 'r1', 'r2', 'r3']) dev[name] = name === 'drone' ? acct.drone : freshPair();

    // Round 1: Alice funds everyone.
    await ok(
      api.tx.utility.batchAll(ROLES.map((role) => api.tx.balances.transferKeepAlive(acct[role].address, 20n * UNIT))),
      alice,
      'funding',
    );

    // Round 2: the drone operator registers its drone (whose own account anchors); the owner
    // registers three devices (r1 and r2 to rent out, r3 never listed); channels 0 and 1 of
    // payer2 (the rejections' channel and "another channel").
    const expiresAt = (await bestNumber()) + 2_000;
    const payer2Nonce = await nextNonce(acct.payer2);
    const [, , ch0, ch1] = await Promise.all([
      ok(api.tx.deviceRegistry.registerDevice(deviceRegistration(api, acct.droneOp.address, dev.drone)), acct.droneOp, 'drone registration'),
      ok(
        api.tx.deviceRegistry.registerDevices(['r1', 'r2', 'r3'].map((n) => deviceRegistration(api, acct.owner.address, dev[n]))),
        acct.owner,
        'rental devices registration',
      ),
      ok(api.tx.m2mPayments.openChannel(acct.payee2.address, 100n * MILLI, expiresAt), acct.payer2, 'open channel A', { nonce: payer2Nonce }),
      ok(api.tx.m2mPayments.openChannel(acct.payee2.address, 100n * MILLI, expiresAt), acct.payer2, 'open channel B', { nonce: payer2Nonce + 1 }),
    ]);
    setup.rejChannel = eventOf(ch0, 'ChannelOpened').channel;
    setup.otherChannel = eventOf(ch1, 'ChannelOpened').channel;

    // Round 3: the drone anchors seq 0 (not yet the proof of delivery); the owner lists r1 and
    // r2 at 1 mIOT per block, 1..1000 blocks, 0.1 IOT security; (d)'s two agreements.
    const now = await bestNumber();
    const list = (device) => api.tx.m2mPayments.listDevice(device.address, MILLI, 1, 1_000, 100n * MILLI, null);
    const [, , refund, split] = await Promise.all([
      ok(api.tx.dataAnchoring.anchor(dev.drone.address, 0, `0x${'00'.repeat(32)}`, null), acct.drone, 'anchor seq 0'),
      ok(api.tx.utility.batchAll([list(dev.r1), list(dev.r2)]), acct.owner, 'listing r1 and r2'),
      ok(api.tx.m2mPayments.createAgreement(acct.refundPayee.address, 3n * UNIT, 'Approval', now + 8, null), acct.refundPayer, 'refundable agreement'),
      ok(api.tx.m2mPayments.createAgreement(acct.splitPayee.address, 2n * UNIT, 'Approval', now + 1_000, acct.arbiter.address), acct.splitPayer, 'arbitrated agreement'),
    ]);
    setup.refund = { result: refund, ...eventOf(refund, 'AgreementCreated') };
    setup.split = { result: split, ...eventOf(split, 'AgreementCreated') };

    // Round 4: renter2 rents r2 for 2 blocks; it is settled after expiry by the last test.
    const rented = await ok(api.tx.m2mPayments.rent(dev.r2.address, 2), acct.renter2, 'rent r2');
    setup.expiring = { result: rented, ...eventOf(rented, 'DeviceRented') };
  });

  after(async () => {
    await node?.stop();
  });

  test('(a) a delivery is paid once the drone anchored the named proof and the payer had its say', TIMEOUT, async () => {
    const { shop, droneOp, drone } = acct;
    const amount = 2n * UNIT;
    const deadline = (await bestNumber()) + 500;
    const condition = { DataDelivered: { device: drone.address, seq: 1, minReadings: 1 } };
    const created = await ok(api.tx.m2mPayments.createAgreement(droneOp.address, amount, condition, deadline, null), shop, 'create_agreement');
    const { agreement: id, deposit } = eventOf(created, 'AgreementCreated');
    const createdDelta = await delta(shop, created.blockHash);
    assert.deepEqual(createdDelta, { free: -(amount + BigInt(deposit) + feeOf(created, shop)), reserved: amount + BigInt(deposit) });
    const json = await rpc('payments_agreement', id);
    assert.equal(json.payer, shop.address);
    assert.equal(json.payee, droneOp.address);
    assert.equal(json.amount, amount.toString());
    assert.deepEqual(json.condition, { dataDelivered: { device: drone.address, seq: 1, minReadings: 1 } });
    assert.equal(json.status, 'open');
    assert.equal(json.deposit, BigInt(deposit).toString());
    assert.equal(json.deadline, deadline);
    assert.equal(json.claimable, false);
    assert.equal(json.refundable, false);
    // A page of one, the last; the account may be given as SS58 or as 0x hex.
    assert.deepEqual(await rpc('payments_agreementsByParty', droneOp.address), { items: [json], next: null });
    assert.deepEqual(await rpc('payments_agreementsByParty', u8aToHex(droneOp.publicKey), null, 1), { items: [json], next: null });

    // Only seq 0 is anchored: claiming is rejected, nothing moves but droneOp's fee.
    const early = await signAndWaitInBlock(api.tx.m2mPayments.claim(id), droneOp);
    assert.equal(early.dispatchError, 'm2mPayments.ConditionNotMet');
    assert.deepEqual(await delta(droneOp, early.blockHash), { free: -feeOf(early, droneOp), reserved: 0n });
    assert.deepEqual(await delta(shop, early.blockHash), { free: 0n, reserved: 0n });
    assert.deepEqual(await rpc('payments_agreement', id), json);

    // The drone anchors its proof of delivery as seq 1. The payee claims at once: refused, the
    // payer has `DataChallengePeriod` blocks to check the data first.
    await ok(api.tx.dataAnchoring.anchor(drone.address, 1, `0x${'d1'.repeat(32)}`, null), drone, 'anchor seq 1');
    assert.equal((await rpc('payments_agreement', id)).claimable, false);
    const tooSoon = await signAndWaitInBlock(api.tx.m2mPayments.claim(id), droneOp);
    assert.equal(tooSoon.dispatchError, 'm2mPayments.ChallengePeriodNotOver');
    assert.deepEqual(await delta(shop, tooSoon.blockHash), { free: 0n, reserved: 0n });

    // The shop checks the proof and releases.
    const released = await ok(api.tx.m2mPayments.release(id), shop, 'release');
    assert.deepEqual(eventOf(released, 'AgreementReleased'), { agreement: id, payer: shop.address, payee: droneOp.address, amount: Number(amount) });
    assert.deepEqual(await delta(droneOp, released.blockHash), { free: amount, reserved: 0n });
    assert.deepEqual(await delta(shop, released.blockHash), { free: BigInt(deposit) - feeOf(released, shop), reserved: -(amount + BigInt(deposit)) });
    assert.equal(await rpc('payments_agreement', id), null);
  });

  test('(a) a payee who anchors anything itself is not paid: the payer disputes in its challenge period', TIMEOUT, async () => {
    const { shop, droneOp, drone } = acct;
    const deadline = (await bestNumber()) + 500;
    const shopNonce = await nextNonce(shop);
    const [created, approval] = await Promise.all([
      ok(
        api.tx.m2mPayments.createAgreement(droneOp.address, UNIT, { DataDelivered: { device: drone.address, seq: 7, minReadings: 1 } }, deadline, null),
        shop,
        'create_agreement on seq 7',
        { nonce: shopNonce },
      ),
      ok(api.tx.m2mPayments.createAgreement(droneOp.address, UNIT, 'Approval', deadline, null), shop, 'a second agreement', { nonce: shopNonce + 1 }),
    ]);
    const { agreement: id } = eventOf(created, 'AgreementCreated');
    const ids = [id, eventOf(approval, 'AgreementCreated').agreement].sort((x, y) => x - y);

    // The payee's two agreements a page of one at a time: `next` is the id the next page starts
    // after, and the exactly full last page says it is the last.
    const first = await rpc('payments_agreementsByParty', droneOp.address, null, 1);
    assert.deepEqual({ ids: first.items.map((agreement) => agreement.id), next: first.next }, { ids: [ids[0]], next: ids[0] });
    const second = await rpc('payments_agreementsByParty', droneOp.address, first.next, 1);
    assert.deepEqual({ ids: second.items.map((agreement) => agreement.id), next: second.next }, { ids: [ids[1]], next: null });

    // The payee controls the drone: it anchors any digest at seq 7 and claims in the same block.
    const nonce = await nextNonce(drone);
    const [anchored, claimed] = await Promise.all([
      ok(api.tx.dataAnchoring.anchor(drone.address, 7, `0x${'ee'.repeat(32)}`, null), drone, 'anchor garbage at seq 7', { nonce }),
      signAndWaitInBlock(api.tx.m2mPayments.claim(id), droneOp),
    ]);
    assert.ok(anchored);
    assert.ok(['m2mPayments.ChallengePeriodNotOver', 'm2mPayments.ConditionNotMet'].includes(claimed.dispatchError), claimed.dispatchError);
    assert.deepEqual(await delta(droneOp, claimed.blockHash), { free: -feeOf(claimed, droneOp), reserved: 0n });

    // The shop finds the data wanting and disputes within its challenge period.
    const disputed = await ok(api.tx.m2mPayments.dispute(id), shop, 'dispute by the payer');
    const ev = eventOf(disputed, 'AgreementDisputed');
    assert.equal(ev.by, shop.address);
    const json = await rpc('payments_agreement', id);
    assert.deepEqual(json.status, { disputed: { by: shop.address, timeoutAt: ev.timeoutAt, milestoneReached: false } });
    const after = await signAndWaitInBlock(api.tx.m2mPayments.claim(id), droneOp);
    assert.equal(after.dispatchError, 'm2mPayments.AgreementDisputed');
  });

  test('(b) a metered printer: 500 vouchers, one claim midway and a close, three fees in all', TIMEOUT, async () => {
    const { printerPayer: payer, printer } = acct;
    const deposit = UNIT;
    const perPage = MILLI;
    const opened = await ok(api.tx.m2mPayments.openChannel(printer.address, deposit, (await bestNumber()) + 1_000), payer, 'open_channel');
    const { channel, storage_deposit: sd, storageDeposit } = eventOf(opened, 'ChannelOpened');
    const storage = BigInt(sd ?? storageDeposit);
    assert.deepEqual(await delta(payer, opened.blockHash), { free: -(deposit + storage + feeOf(opened, payer)), reserved: deposit + storage });

    // 500 vouchers over payloads built in JS; the node's payload agrees for the last one.
    const vouchers = [];
    for (let page = 1; page <= 500; page++) {
      const total = perPage * BigInt(page);
      const payload = voucherPayload(api.genesisHash.toHex(), channel, total);
      const signature = payer.sign(payload);
      assert.ok(signatureVerify(payload, signature, payer.address).isValid, `the printer checks voucher ${page}`);
      vouchers.push({ cumulativeAmount: total, signature: { Sr25519: u8aToHex(signature) } });
    }
    const fromNode = await rpc('payments_voucherPayload', channel, (500n * perPage).toString());
    assert.equal(fromNode, u8aToHex(voucherPayload(api.genesisHash.toHex(), channel, 500n * perPage)));

    const midway = vouchers[249];
    const claimed = await ok(api.tx.m2mPayments.claimVoucher(channel, midway.cumulativeAmount, midway.signature), printer, 'claim_voucher');
    const claimEvent = eventOf(claimed, 'VoucherClaimed');
    assert.equal(BigInt(claimEvent.paid), 250n * perPage);
    assert.equal(BigInt(claimEvent.remaining), deposit - 250n * perPage);
    const mid = await rpc('payments_channel', channel);
    assert.equal(mid.id, channel);
    assert.equal(mid.payer, payer.address);
    assert.equal(mid.deposit, deposit.toString());
    assert.equal(mid.claimed, (250n * perPage).toString());
    assert.equal(mid.remaining, (deposit - 250n * perPage).toString());
    assert.equal(mid.state, 'open');
    assert.equal(mid.claimDeadline, mid.expiresAt);
    assert.equal(mid.storageDeposit, storage.toString());

    const last = vouchers[499];
    const closed = await ok(api.tx.m2mPayments.closeChannel(channel, last), printer, 'close_channel');
    const closeEvent = eventOf(closed, 'ChannelClosed');
    assert.equal(BigInt(closeEvent.claimed), 500n * perPage);
    assert.equal(BigInt(closeEvent.refunded), deposit - 500n * perPage);
    assert.equal(await rpc('payments_channel', channel), null);

    // Over the three transactions: the printer has exactly the voucher total less its two fees,
    // the payer paid exactly the total and its one fee (remainder and storage deposit back).
    assert.deepEqual(await delta(printer, claimed.blockHash, closed.blockHash), {
      free: 500n * perPage - feeOf(claimed, printer) - feeOf(closed, printer),
      reserved: 0n,
    });
    assert.deepEqual(await delta(payer, opened.blockHash, closed.blockHash), { free: -(500n * perPage) - feeOf(opened, payer), reserved: 0n });
  });

  test('vouchers with a bad signature, for another channel or not above the claimed are rejected; one above the deposit pays the deposit', TIMEOUT, async () => {
    const { payer2, payee2 } = acct;
    const ch = setup.rejChannel;
    const sign = (signer, channel, amount) => ({ Sr25519: u8aToHex(signer.sign(voucherPayload(api.genesisHash.toHex(), channel, amount))) });
    const before = await rpc('payments_channel', ch);
    const nonce = await nextNonce(payee2);
    const sends = [
      ['valid 50 mIOT', 50n * MILLI, sign(payer2, ch, 50n * MILLI), undefined],
      ['bad signature', 60n * MILLI, sign(payee2, ch, 60n * MILLI), 'm2mPayments.InvalidVoucherSignature'],
      ['another channel', 60n * MILLI, sign(payer2, setup.otherChannel, 60n * MILLI), 'm2mPayments.InvalidVoucherSignature'],
      ['above the deposit: pays the rest of it', 200n * MILLI, sign(payer2, ch, 200n * MILLI), undefined],
      ['below the claimed', 40n * MILLI, sign(payer2, ch, 40n * MILLI), 'm2mPayments.VoucherNotAboveClaimed'],
    ];
    const results = await Promise.all(
      sends.map(([, amount, signature], i) => signAndWaitInBlock(api.tx.m2mPayments.claimVoucher(ch, amount, signature), payee2, { nonce: nonce + i })),
    );
    let fees = 0n;
    for (const [i, [what, , , error]] of sends.entries()) {
      assert.equal(results[i].dispatchError, error, what);
      if (error) assert.equal(findEvent(results[i].events, api.events.m2mPayments.VoucherClaimed), undefined, `${what}: no payout`);
      fees += feeOf(results[i], payee2);
    }
    const first = results[0].blockHash;
    const lastBlock = (await Promise.all(results.map(async (r) => [await blockNumber(r.blockHash), r.blockHash]))).sort((x, y) => x[0] - y[0]).at(-1)[1];
    assert.equal(BigInt(eventOf(results[3], 'VoucherClaimed').paid), 50n * MILLI);
    assert.deepEqual(await delta(payee2, first, lastBlock), { free: 100n * MILLI - fees, reserved: 0n });
    assert.deepEqual(await delta(payer2, first, lastBlock), { free: 0n, reserved: -(100n * MILLI) });
    const afterJson = await rpc('payments_channel', ch);
    assert.equal(afterJson.claimed, (100n * MILLI).toString());
    assert.equal(afterJson.remaining, '0');
    assert.deepEqual({ ...afterJson, claimed: before.claimed, remaining: before.remaining }, before);
  });

  test('(c) a rental ended early refunds the unused blocks exactly, pro rata', TIMEOUT, async () => {
    const { owner, renter1 } = acct;
    const blocks = 50;
    const rented = await ok(api.tx.m2mPayments.rent(dev.r1.address, blocks), renter1, 'rent');
    const ev = eventOf(rented, 'DeviceRented');
    assert.equal(BigInt(ev.rent), MILLI * BigInt(blocks));
    assert.equal(ev.start, await blockNumber(rented.blockHash));
    assert.equal(ev.end, ev.start + blocks);
    assert.deepEqual(await delta(renter1, rented.blockHash), {
      free: -(MILLI * BigInt(blocks) + 100n * MILLI + feeOf(rented, renter1)),
      reserved: MILLI * BigInt(blocks) + 100n * MILLI,
    });
    assert.equal(await rpc('payments_currentUser', dev.r1.address), renter1.address);
    const rental = await rpc('payments_rental', dev.r1.address);
    assert.equal(rental.device, dev.r1.address);
    assert.equal(rental.renter, renter1.address);
    assert.equal(rental.owner, owner.address);
    assert.equal(rental.rentHeld, (MILLI * BigInt(blocks)).toString());
    assert.equal(rental.phase, 'inUse');
    const listing = await rpc('payments_listing', dev.r1.address);
    assert.deepEqual(
      { device: listing.device, owner: listing.owner, pricePerBlock: listing.pricePerBlock, minBlocks: listing.minBlocks, maxBlocks: listing.maxBlocks, securityDeposit: listing.securityDeposit },
      { device: dev.r1.address, owner: owner.address, pricePerBlock: MILLI.toString(), minBlocks: 1, maxBlocks: 1_000, securityDeposit: (100n * MILLI).toString() },
    );
    setup.early = { rented, ...ev };

    // Rejections while r1 is rented, each from its own account, in one block.
    const [again, unlisted, notParty] = await Promise.all([
      signAndWaitInBlock(api.tx.m2mPayments.rent(dev.r1.address, 5), acct.rentRented),
      signAndWaitInBlock(api.tx.m2mPayments.rent(dev.r3.address, 5), acct.rentUnlisted),
      signAndWaitInBlock(api.tx.m2mPayments.release(setup.split.agreement), acct.stranger),
    ]);
    assert.equal(again.dispatchError, 'm2mPayments.DeviceRented');
    assert.equal(unlisted.dispatchError, 'm2mPayments.NotListed');
    assert.equal(notParty.dispatchError, 'm2mPayments.NotPayer');
    for (const [result, who] of [[again, acct.rentRented], [unlisted, acct.rentUnlisted], [notParty, acct.stranger]]) {
      assert.deepEqual(await delta(who, result.blockHash), { free: -feeOf(result, who), reserved: 0n });
    }
    assert.deepEqual(await rpc('payments_rental', dev.r1.address), rental);
    assert.equal(await rpc('payments_rental', dev.r3.address), null);
    assert.equal(await rpc('payments_listing', dev.r3.address), null);
    assert.equal((await rpc('payments_agreement', setup.split.agreement)).status, 'open');
    assert.deepEqual(await delta(acct.splitPayer, notParty.blockHash), { free: 0n, reserved: 0n });

    const ended = await ok(api.tx.m2mPayments.endRental(dev.r1.address), renter1, 'end_rental');
    const used = (await blockNumber(ended.blockHash)) - ev.start;
    const end = eventOf(ended, 'RentalEnded');
    assert.equal(end.used_blocks ?? end.usedBlocks, used);
    // At least the listing's minimum of 1 block is paid.
    const paid = MILLI * BigInt(Math.max(used, 1));
    const refunded = MILLI * BigInt(blocks - used);
    assert.equal(BigInt(end.rent_paid ?? end.rentPaid), paid);
    assert.equal(BigInt(end.rent_refunded ?? end.rentRefunded), refunded);
    assert.deepEqual(await delta(owner, ended.blockHash), { free: paid, reserved: 0n });
    assert.deepEqual(await delta(renter1, ended.blockHash), { free: refunded - feeOf(ended, renter1), reserved: -(paid + refunded) });
    assert.equal(await rpc('payments_currentUser', dev.r1.address), null);
    setup.early.ended = ended;
  });

  test('(d) an arbiter splits a disputed agreement', TIMEOUT, async () => {
    const { splitPayer, splitPayee, arbiter } = acct;
    const { agreement: id, amount, deposit } = setup.split;
    const disputed = await ok(api.tx.m2mPayments.dispute(id), splitPayee, 'dispute');
    // The dispute ends by itself DisputeTimeout blocks later if the arbiter never rules.
    const disputedAt = (await api.rpc.chain.getHeader(disputed.blockHash)).number.toNumber();
    assert.deepEqual(eventOf(disputed, 'AgreementDisputed'), {
      agreement: id,
      by: splitPayee.address,
      timeoutAt: disputedAt + api.consts.m2mPayments.disputeTimeout.toNumber(),
    });
    assert.deepEqual(Object.keys((await rpc('payments_agreement', id)).status), ['disputed']);
    const toPayee = 1_500n * MILLI;
    const resolved = await ok(api.tx.m2mPayments.resolve(id, toPayee), arbiter, 'resolve');
    const ev = eventOf(resolved, 'AgreementResolved');
    assert.equal(BigInt(ev.to_payee ?? ev.toPayee), toPayee);
    assert.equal(BigInt(ev.to_payer ?? ev.toPayer), BigInt(amount) - toPayee);
    assert.deepEqual(await delta(splitPayee, resolved.blockHash), { free: toPayee, reserved: 0n });
    assert.deepEqual(await delta(splitPayer, resolved.blockHash), {
      free: BigInt(amount) - toPayee + BigInt(deposit),
      reserved: -(BigInt(amount) + BigInt(deposit)),
    });
    assert.deepEqual(await delta(arbiter, resolved.blockHash), { free: -feeOf(resolved, arbiter), reserved: 0n });
    assert.equal(await rpc('payments_agreement', id), null);
  });

  test('(d) an agreement is refunded to its payer from its deadline on', TIMEOUT, async () => {
    const { refundPayer, refundPayee, stranger } = acct;
    const { agreement: id, amount, deposit, deadline } = setup.refund;
    await waitForBest(deadline);
    const refunded = await ok(api.tx.m2mPayments.refund(id), stranger, 'refund by anyone');
    assert.deepEqual(eventOf(refunded, 'AgreementRefunded'), { agreement: id, payer: refundPayer.address, amount });
    assert.deepEqual(await delta(refundPayer, refunded.blockHash), {
      free: BigInt(amount) + BigInt(deposit),
      reserved: -(BigInt(amount) + BigInt(deposit)),
    });
    assert.deepEqual(await delta(refundPayee, refunded.blockHash), { free: 0n, reserved: 0n });
    assert.equal(await rpc('payments_agreement', id), null);
  });

  test('(c) rentals are settled by their owner at once, by anyone else only after the grace period', TIMEOUT, async () => {
    const { owner, renter1, renter2, settler } = acct;
    // r2, rented for 2 blocks by renter2 in `before`, ran to its end; the grace period is an hour.
    const r2 = await rpc('payments_rental', dev.r2.address);
    assert.equal(r2.end, setup.expiring.end);
    assert.equal(r2.settleableFrom, setup.expiring.end + 600);
    assert.equal(r2.phase, 'gracePeriod');
    const early = await signAndWaitInBlock(api.tx.m2mPayments.settle(dev.r2.address), settler);
    assert.equal(early.dispatchError, 'm2mPayments.GracePeriodNotOver');
    assert.deepEqual(await delta(renter2, early.blockHash), { free: 0n, reserved: 0n });

    // The owner has checked both devices and waives the rest of the grace period.
    const nonce = await nextNonce(owner);
    const [s2, s1] = await Promise.all([
      ok(api.tx.m2mPayments.settle(dev.r2.address), owner, 'settle r2', { nonce }),
      ok(api.tx.m2mPayments.settle(dev.r1.address), owner, 'settle r1', { nonce: nonce + 1 }),
    ]);
    const e2 = eventOf(s2, 'RentalSettled');
    assert.equal(BigInt(e2.rent_paid ?? e2.rentPaid), 2n * MILLI);
    assert.equal(BigInt(e2.deposit_returned ?? e2.depositReturned), 100n * MILLI);
    const e1 = eventOf(s1, 'RentalSettled');
    assert.equal(BigInt(e1.rent_paid ?? e1.rentPaid), 0n, 'r1 rent was paid when it ended');

    // renter2: paid exactly 2 blocks of rent and its rent fee from before `rent` to after settle.
    const rent2Fee = feeOf(setup.expiring.result, renter2);
    assert.deepEqual(await delta(renter2, setup.expiring.result.blockHash, s2.blockHash), { free: -(2n * MILLI) - rent2Fee, reserved: 0n });
    // renter1: paid exactly the used blocks, and its two fees.
    const used = BigInt(await blockNumber(setup.early.ended.blockHash) - setup.early.start);
    const fee2 = feeOf(s2, owner);
    const fee1 = feeOf(s1, owner);
    assert.deepEqual(await delta(renter1, setup.early.rented.blockHash, s1.blockHash), {
      free: -(MILLI * (used > 1n ? used : 1n)) - feeOf(setup.early.rented, renter1) - feeOf(setup.early.ended, renter1),
      reserved: 0n,
    });
    // The owner: r2's 2 blocks of rent at its settlement, nothing more for r1 (paid when it ended).
    const ownerDelta = s1.blockHash === s2.blockHash
      ? await delta(owner, s2.blockHash)
      : { r2: await delta(owner, s2.blockHash), r1: await delta(owner, s1.blockHash) };
    assert.deepEqual(ownerDelta, s1.blockHash === s2.blockHash
      ? { free: 2n * MILLI - fee2 - fee1, reserved: 0n }
      : { r2: { free: 2n * MILLI - fee2, reserved: 0n }, r1: { free: -fee1, reserved: 0n } });
    assert.equal(await rpc('payments_rental', dev.r2.address), null);
    assert.equal(await rpc('payments_rental', dev.r1.address), null);
    assert.notEqual(await rpc('payments_listing', dev.r2.address), null, 'still listed after the rental');
  });
  test('(e) a milestone escrow is paid only by a shipment of its payer\'s, not by a stranger\'s with the same id', TIMEOUT, async () => {
    const { receiver, carrier, thief, accomplice } = acct;
    const SHIPMENT = 424_242;
    const text = (value) => stringToHex(value);
    const deadline = (await bestNumber()) + 1_000;

    // Escrows on milestones the supply chain never reports are refused.
    const arrived = await signAndWaitInBlock(
      api.tx.m2mPayments.createAgreement(carrier.address, UNIT, { Milestone: { shipment: SHIPMENT, milestone: 'Arrived' } }, deadline, null),
      receiver,
    );
    assert.equal(arrived.dispatchError, 'm2mPayments.MilestoneNotReported');

    // The receiver pays the carrier on delivery of shipment 424242, before anyone created it.
    const created = await ok(
      api.tx.m2mPayments.createAgreement(carrier.address, 2n * UNIT, { Milestone: { shipment: SHIPMENT, milestone: 'Delivered' } }, deadline, null),
      receiver,
      'escrow on delivery',
    );
    const { agreement: id } = eventOf(created, 'AgreementCreated');

    // A stranger takes the id: his own lot, a shipment to his accomplice, handed over and
    // accepted as delivered.
    const thiefNonce = await nextNonce(thief);
    await Promise.all([
      ok(api.tx.supplyChain.registerLot(9_424_242, text('09506000999999'), 1, text('ipfs://nothing')), thief, 'thief lot', { nonce: thiefNonce }),
      ok(api.tx.supplyChain.createShipment(SHIPMENT, [9_424_242], accomplice.address, [], [], null), thief, 'thief shipment', { nonce: thiefNonce + 1 }),
      ok(api.tx.supplyChain.handover(SHIPMENT, accomplice.address, text('XXXXX')), thief, 'thief handover', { nonce: thiefNonce + 2 }),
    ]);
    const delivered = await ok(api.tx.supplyChain.acceptDelivery(SHIPMENT), accomplice, 'accomplice accepts');

    // Nothing is paid: the agreement's payer is neither the shipper nor the receiver.
    assert.equal(findEvent(delivered.events, api.events.m2mPayments.AgreementReleasedOnMilestone), undefined);
    assert.deepEqual(await delta(carrier, delivered.blockHash), { free: 0n, reserved: 0n });
    assert.deepEqual(await delta(receiver, delivered.blockHash), { free: 0n, reserved: 0n });
    const json = await rpc('payments_agreement', id);
    assert.equal(json.status, 'open');
    assert.equal(json.amount, (2n * UNIT).toString());
  });
});
