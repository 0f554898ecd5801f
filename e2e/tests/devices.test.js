// The device registry's fleet story, on a real node through
// @polkadot/api and the deviceRegistry_* RPC, as a fleet operator's dApp would
// drive it.
//
// Device keys are made in JS and sign their proofs of possession over payloads
// built here from the byte-for-byte spec in the pallet docs (lib/devices.js),
// never by asking the runtime. Alice registers an ed25519 sensor, an sr25519
// tracker and a fleet of 20 meters (ed25519, sr25519 and ECDSA); every RPC
// method is queried; a gateway becomes an operator; a certifier admitted
// through sudo certifies the sensor; Alice offers it to Bob, who accepts,
// rotates its key (which voids the certification, made for the old key),
// suspends, resumes and revokes it. Deposits, record fees and fees are
// checked to the planck at each step, by reading the state right before and
// right after the inclusion block (net of the fee share the block author,
// Alice on a dev chain, may earn); steps that only feed the next one move on
// once included, and are checked to be final later. Then bad input, all
// submitted at once from different accounts: each is rejected by its error
// name and changes nothing but the signer's fee.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import {
  blake2AsHex,
  blake2AsU8a,
  cryptoWaitReady,
  decodeAddress,
  ed25519PairFromSeed,
  encodeAddress,
  mnemonicGenerate,
} from '@polkadot/util-crypto';

import {
  accountAt,
  depositedIn,
  findEvent,
  isFinalized,
  parentHash,
  signAndWaitFinalized,
  signAndWaitInBlock,
} from '../lib/chain.js';
import {
  REGISTER_TAG,
  ROTATE_TAG,
  bytesArg,
  deviceAddress,
  deviceDepositHeld,
  deviceRegistration,
  deviceKeyJson,
  didOf,
  expectedDeposit,
  multiSigner,
  multiSignerBytes,
  publicKeyMultibase,
  registerDevice,
  registrationPayload,
  rotationPayload,
  signWith,
} from '../lib/devices.js';
import { rpcCall, startNode } from '../lib/node.js';

// Every step has its own internal bounds; this is the backstop so a hung RPC
// call fails its test (and the node still gets stopped) instead of hanging the run.
const TIMEOUT = { timeout: 180_000 };

const FLEET_SIZE = 20;
const PAGE_LIMIT = 10;

const DID_CONTEXT = 'https://www.w3.org/ns/did/v1';
// How each key scheme appears in a DID document (see the RPC crate docs).
const DID_KEYS = {
  ed25519: { type: 'Ed25519VerificationKey2020', context: ['https://w3id.org/security/suites/ed25519-2020/v1'] },
  sr25519: { type: 'Sr25519VerificationKey2020', context: [] },
  ecdsa: { type: 'EcdsaSecp256k1VerificationKey2019', context: ['https://w3id.org/security/suites/secp256k1-2019/v1'] },
};
// The fleet mixes every scheme a device may use.
const FLEET_SCHEMES = ['ed25519', 'sr25519', 'ecdsa'];

// What the devices say about themselves. Lengths differ, so the per-byte
// deposit is exercised, not just the base.
const SENSOR = {
  kind: 'Sensor',
  manufacturer: 'Acme Sensors',
  model: 'TH-200',
  metadata: 'ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi',
  contentHash: blake2AsHex('TH-200 datasheet, rev. 3'),
};
const TRACKER = { kind: 'Tracker', manufacturer: 'Globex', model: 'GT-9', metadata: '' };
const meter = (i) => ({
  kind: 'Meter',
  manufacturer: 'Initech',
  model: 'EM-1',
  metadata: `https://fleet.example/meters/${i}`,
});

describe('device registry: the fleet story', () => {
  let node;
  let api;
  let keyring;
  let ss58;
  let alice; // fleet owner, also the dev chain's sudo key
  let bob; // buys the sensor from Alice
  let dave; // a test lab, admitted as certifier
  let gateway; // operates the sensor for Alice

  // Device keys, made here as a device would make them.
  let sensorKey; // ed25519: the sensor's original key
  let sensorNewKey; // sr25519: the key Bob rotates to
  let trackerKey; // sr25519
  let fleetKeys; // 20 meters, ed25519, sr25519 and ECDSA in turn

  let sensor; // the sensor's id (SS58); it never changes
  let sensorDeposit;
  let sensorRegisteredAt;
  let claimHash;
  let certifiedUntil;
  let bobHeldBeforeAccepting;

  // Blocks this story read from as soon as they were included, to save the
  // 2-3 blocks finality takes; a later test checks they all became final.
  const provisional = [];
  /** Signs and submits `tx`, resolving once it is in a block (see `provisional`). */
  const included = async (tx, signer) => {
    const result = await signAndWaitInBlock(tx, signer);
    provisional.push({ call: `${tx.method.section}.${tx.method.method}`, blockHash: result.blockHash });
    return result;
  };

  const deviceKeypair = (type) => keyring.createFromUri(mnemonicGenerate(), {}, type);
  const rpc = (method, ...params) => rpcCall(node.rpcUrl, `deviceRegistry_${method}`, params);
  const registry = async (blockHash) => (await api.at(blockHash)).query.deviceRegistry;
  const blockNumber = async (blockHash) => (await api.rpc.chain.getHeader(blockHash)).number.toNumber();

  /** The one-off, non-refundable fee every registration pays for the device's permanent record. */
  const recordFee = () => api.consts.deviceRegistry.recordFee.toBigInt();

  /** The TransactionFeePaid event of an extrinsic, checked to be paid by `payer` with no tip. */
  const feePaidBy = (events, payer) => {
    const feePaid = findEvent(events, api.events.transactionPayment.TransactionFeePaid);
    assert.ok(feePaid, 'the extrinsic emitted transactionPayment.TransactionFeePaid');
    const { who, actualFee, tip } = feePaid.data;
    assert.equal(who.toString(), payer.address, 'the fee was paid by the signer');
    assert.equal(tip.toBigInt(), 0n, 'no tip was given');
    return actualFee.toBigInt();
  };

  /**
   * `address`'s free, reserved and device-deposit-held balances right before
   * and right after `blockHash` (or from `beforeHash` on, over several blocks),
   * and `freeChange`: how its free balance moved other than by what it earned
   * as block author. The runtime may pay the author a share of every fee in its
   * block (`balances.Deposit`), and Alice authors every dev block; that share is
   * taken out so that what the registry and the signer's own fees did is exact.
   */
  const balancesAround = async (address, blockHash, beforeHash) => {
    const start = beforeHash ?? (await parentHash(api, blockHash));
    const snapshot = async (hash) => ({
      ...(await accountAt(api, address, hash)),
      held: await deviceDepositHeld(api, address, hash),
    });
    let earnedAsAuthor = 0n;
    for (let hash = blockHash; hash !== start; hash = await parentHash(api, hash)) {
      const { author } = await api.derive.chain.getHeader(hash);
      if (author?.toString() === address) earnedAsAuthor += await depositedIn(api, hash, address);
    }
    const [before, after] = [await snapshot(start), await snapshot(blockHash)];
    return { before, after, earnedAsAuthor, freeChange: after.free - before.free - earnedAsAuthor };
  };

  /** The events of `eventDef` among an extrinsic's events. */
  const eventsOf = (events, eventDef) => events.filter(({ event }) => eventDef.is(event)).map(({ event }) => event);

  /** What deviceRegistry_device returns for a live device, built from what the test knows. */
  const deviceJson = ({ id, owner, keyPair, status = 'active', description, registeredAt, deposit, ...rest }) => ({
    id,
    owner,
    key: { type: keyPair.type, publicKey: u8aToHex(keyPair.publicKey) },
    status,
    kind: description.kind.toLowerCase(),
    manufacturer: bytesArg(description.manufacturer),
    model: bytesArg(description.model),
    metadata: bytesArg(description.metadata),
    contentHash: description.contentHash ?? null,
    registeredAt,
    deposit: deposit.toString(),
    operators: [],
    pendingTransfer: null,
    certifications: [],
    ...rest,
  });

  /** What deviceRegistry_didDocument returns for a live device (W3C DID Core, see the RPC crate docs). */
  const didDocument = ({ id, owner, keyPair, status = 'active', description, certifications = [] }) => {
    const did = didOf(id, ss58);
    const keyId = `${did}#${publicKeyMultibase(keyPair)}`;
    const usable = status === 'active' ? [keyId] : [];
    const { type, context } = DID_KEYS[keyPair.type];
    const document = {
      '@context': [DID_CONTEXT, ...context],
      id: did,
      controller: didOf(owner, ss58),
      verificationMethod: [
        {
          id: keyId,
          type,
          controller: did,
          // ECDSA keys in hex without 0x, the others in multibase.
          ...(keyPair.type === 'ecdsa'
            ? { publicKeyHex: u8aToHex(keyPair.publicKey, -1, false) }
            : { publicKeyMultibase: publicKeyMultibase(keyPair) }),
        },
      ],
      authentication: usable,
      assertionMethod: usable,
      deviceStatus: status,
      deviceKind: description.kind.toLowerCase(),
      manufacturer: description.manufacturer,
      model: description.model,
      certifications,
    };
    if (description.metadata) {
      const service = { id: `${did}#metadata`, type: 'DeviceMetadata', serviceEndpoint: description.metadata };
      if (description.contentHash) service.contentHash = description.contentHash;
      document.service = [service];
    }
    return document;
  };

  before(async () => {
    await cryptoWaitReady();
    node = await startNode();
    api = node.api;
    ss58 = api.registry.chainSS58;
    keyring = new Keyring({ type: 'sr25519', ss58Format: ss58 });
    alice = keyring.addFromUri('//Alice');
    bob = keyring.addFromUri('//Bob');
    dave = keyring.addFromUri('//Dave');
    gateway = keyring.addFromUri(mnemonicGenerate());

    sensorKey = deviceKeypair('ed25519');
    sensorNewKey = deviceKeypair('sr25519');
    trackerKey = deviceKeypair('sr25519');
    fleetKeys = Array.from({ length: FLEET_SIZE }, (_, i) => deviceKeypair(FLEET_SCHEMES[i % FLEET_SCHEMES.length]));
    sensor = deviceAddress(sensorKey, ss58);
  });

  after(async () => {
    await node?.stop();
  });

  test('the JS proof builder reproduces the worked examples of the pallet docs', () => {
    // pallets/device-registry/src/lib.rs: genesis 0x45…45, owner 0x11…11.
    const genesisHash = new Uint8Array(32).fill(0x45);
    const owner = new Uint8Array(32).fill(0x11);

    const sr25519Key = { type: 'sr25519', publicKey: new Uint8Array(32).fill(0x22) };
    const payload = registrationPayload({ genesisHash, owner, devicePair: sr25519Key });
    assert.equal(payload.length, 115);
    assert.equal(
      u8aToHex(payload),
      `0x44${Buffer.from(REGISTER_TAG).toString('hex')}${'45'.repeat(32)}${'11'.repeat(32)}01${'22'.repeat(32)}`,
    );

    // The ed25519 key with secret seed 0x01…01; ed25519 signatures are deterministic.
    const firmware = keyring.createFromPair(ed25519PairFromSeed(new Uint8Array(32).fill(1)), {}, 'ed25519');
    assert.equal(u8aToHex(firmware.publicKey), '0x8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c');
    assert.equal(
      u8aToHex(firmware.sign(registrationPayload({ genesisHash, owner, devicePair: firmware }))),
      '0x618c13246d9806c8d3497c907e66356a8b5b6b70888fddcb0335eb88698dbe77' +
        '13dbda01ebc12e96d6952ca29a67ef7e59c2c64ed651c8f0de1bac40309be303',
    );
  });

  test('Alice registers an ed25519 sensor with its proof of possession; the exact deposit is held', TIMEOUT, async () => {
    const { blockHash, events, dispatchError } = await signAndWaitFinalized(
      api.tx.deviceRegistry.registerDevice(deviceRegistration(api, alice.address, sensorKey, SENSOR)),
      alice,
    );
    assert.equal(dispatchError, undefined, 'the registration succeeded');
    sensorDeposit = expectedDeposit(api, SENSOR);
    sensorRegisteredAt = await blockNumber(blockHash);

    const [registered, ...more] = eventsOf(events, api.events.deviceRegistry.DeviceRegistered);
    assert.equal(more.length, 0, 'one DeviceRegistered');
    assert.equal(registered.data.device.toString(), sensor, 'the id is the account of the device key');
    assert.equal(registered.data.device.toHex(), u8aToHex(sensorKey.publicKey));
    assert.equal(registered.data.owner.toString(), alice.address);
    assert.ok(registered.data.key.isEd25519, 'an ed25519 key');
    assert.equal(registered.data.key.asEd25519.toHex(), u8aToHex(sensorKey.publicKey));
    assert.ok(registered.data.kind.isSensor);
    assert.equal(registered.data.deposit.toBigInt(), sensorDeposit);
    assert.equal(registered.data.recordFee.toBigInt(), recordFee(), 'the one-off record fee');

    // State, at the inclusion block.
    const state = await registry(blockHash);
    const record = (await state.devices(sensor)).unwrap();
    assert.equal(record.owner.toString(), alice.address);
    assert.ok(record.status.isActive);
    assert.equal(record.deposit.toBigInt(), sensorDeposit);
    assert.equal((await state.deviceByKey(multiSigner(sensorKey))).unwrap().toString(), sensor);
    assert.ok((await state.devicesByOwner(alice.address, sensor)).isSome, 'listed under Alice');

    // DepositBase + DepositPerByte * (manufacturer + model + metadata bytes), from the runtime's constants.
    const { depositBase, depositPerByte } = api.consts.deviceRegistry;
    const describedBytes = SENSOR.manufacturer.length + SENSOR.model.length + SENSOR.metadata.length;
    assert.equal(sensorDeposit, depositBase.toBigInt() + depositPerByte.toBigInt() * BigInt(describedBytes));

    const fee = feePaidBy(events, alice);
    const { before: was, after: now, freeChange } = await balancesAround(alice.address, blockHash);
    assert.equal(now.held - was.held, sensorDeposit, 'DeviceRegistry.DeviceDeposit hold grew by the deposit');
    assert.equal(now.reserved - was.reserved, sensorDeposit, 'reserved grew by the deposit');
    assert.equal(freeChange, -(sensorDeposit + recordFee() + fee), 'free fell by deposit + record fee + fee');
  });

  test('an sr25519 tracker, and 20 meters (ed25519, sr25519, ECDSA) in one register_devices', TIMEOUT, async () => {
    const maxBatch = api.consts.deviceRegistry.maxBatchRegistrations.toNumber();
    assert.ok(FLEET_SIZE <= maxBatch, `a batch of ${FLEET_SIZE} is within MaxBatchRegistrations (${maxBatch})`);

    // Two of Alice's transactions at once: explicit consecutive nonces.
    const nonce = (await api.rpc.system.accountNextIndex(alice.address)).toNumber();
    const fleetRegistrations = fleetKeys.map((key, i) => deviceRegistration(api, alice.address, key, meter(i)));
    const [{ result: tracker }, fleet] = await Promise.all([
      registerDevice(api, alice, trackerKey, TRACKER, { nonce }), // the helper other tests use
      signAndWaitFinalized(api.tx.deviceRegistry.registerDevices(fleetRegistrations), alice, { nonce: nonce + 1 }),
    ]);
    assert.equal(tracker.dispatchError, undefined, 'the tracker registered');
    assert.equal(fleet.dispatchError, undefined, 'the fleet registered');

    const [trackerRegistered] = eventsOf(tracker.events, api.events.deviceRegistry.DeviceRegistered);
    assert.equal(trackerRegistered.data.device.toString(), deviceAddress(trackerKey, ss58));
    assert.ok(trackerRegistered.data.key.isSr25519, 'an sr25519 key');
    assert.equal(trackerRegistered.data.key.asSr25519.toHex(), u8aToHex(trackerKey.publicKey));
    assert.equal(trackerRegistered.data.deposit.toBigInt(), expectedDeposit(api, TRACKER));

    const fleetRegistered = eventsOf(fleet.events, api.events.deviceRegistry.DeviceRegistered);
    assert.equal(fleetRegistered.length, FLEET_SIZE, `${FLEET_SIZE} DeviceRegistered events from one extrinsic`);
    fleetRegistered.forEach((event, i) => {
      assert.equal(event.data.device.toString(), deviceAddress(fleetKeys[i], ss58), `meter ${i} in batch order`);
      assert.equal(event.data.key.type.toLowerCase(), fleetKeys[i].type, `meter ${i}'s key scheme`);
      assert.equal(event.data.key.value.toHex(), u8aToHex(fleetKeys[i].publicKey), `meter ${i}'s key`);
      assert.equal(event.data.owner.toString(), alice.address);
      assert.equal(event.data.deposit.toBigInt(), expectedDeposit(api, meter(i)), `meter ${i}'s deposit`);
    });
    const fleetDeposits = fleetKeys.reduce((sum, _, i) => sum + expectedDeposit(api, meter(i)), 0n);

    // Alice did nothing else: from before the first inclusion block to after the
    // last, she paid exactly both deposits and both fees.
    const [first, last] = (
      await Promise.all([tracker, fleet].map(async (r) => ({ ...r, number: await blockNumber(r.blockHash) })))
    ).sort((a, b) => a.number - b.number);
    const { before: was, after: now, freeChange } = await balancesAround(
      alice.address,
      last.blockHash,
      await parentHash(api, first.blockHash),
    );
    const deposits = expectedDeposit(api, TRACKER) + fleetDeposits;
    assert.equal(now.held - was.held, deposits, 'hold grew by the 21 deposits');
    const fees = feePaidBy(tracker.events, alice) + feePaidBy(fleet.events, alice);
    const recordFees = recordFee() * BigInt(1 + FLEET_SIZE);
    assert.equal(freeChange, -(deposits + recordFees + fees), 'free fell by the 21 deposits + 21 record fees + both fees');

    const owned = await (await registry(last.blockHash)).devicesByOwner.keys(alice.address);
    assert.equal(owned.length, 2 + FLEET_SIZE, 'Alice owns 22 devices');
  });

  test('deviceRegistry_* RPC: device, deviceByKey, devicesByOwner (paged), didDocument', TIMEOUT, async () => {
    const expectedSensor = deviceJson({
      id: sensor,
      owner: alice.address,
      keyPair: sensorKey,
      description: SENSOR,
      registeredAt: sensorRegisteredAt,
      deposit: sensorDeposit,
    });
    assert.deepEqual(await rpc('device', sensor), expectedSensor);
    assert.deepEqual(await rpc('deviceByKey', deviceKeyJson(sensorKey)), expectedSensor);

    const tracker = await rpc('deviceByKey', deviceKeyJson(trackerKey));
    assert.equal(tracker.id, deviceAddress(trackerKey, ss58));
    assert.deepEqual(tracker.key, { type: 'sr25519', publicKey: u8aToHex(trackerKey.publicKey) });
    assert.equal(tracker.kind, 'tracker');
    assert.equal(tracker.deposit, expectedDeposit(api, TRACKER).toString());

    // An ECDSA meter: its id is the BLAKE2b-256 of its 33-byte compressed key.
    const ecdsaIndex = FLEET_SCHEMES.indexOf('ecdsa');
    const ecdsaMeter = fleetKeys[ecdsaIndex];
    assert.equal(ecdsaMeter.publicKey.length, 33);
    const ecdsaJson = await rpc('deviceByKey', deviceKeyJson(ecdsaMeter));
    assert.equal(ecdsaJson.id, encodeAddress(blake2AsU8a(ecdsaMeter.publicKey, 256), ss58));
    assert.deepEqual(ecdsaJson, await rpc('device', deviceAddress(ecdsaMeter, ss58)));
    assert.deepEqual(ecdsaJson.key, { type: 'ecdsa', publicKey: u8aToHex(ecdsaMeter.publicKey) });
    assert.deepEqual(
      await rpc('didDocument', ecdsaJson.id),
      didDocument({ id: ecdsaJson.id, owner: alice.address, keyPair: ecdsaMeter, description: meter(ecdsaIndex) }),
    );

    const stranger = deviceKeypair('ed25519');
    assert.equal(await rpc('device', deviceAddress(stranger, ss58)), null, 'an unknown id is null');
    assert.equal(await rpc('deviceByKey', deviceKeyJson(stranger)), null, 'an unknown key is null');
    await assert.rejects(
      rpc('deviceByKey', u8aToHex(multiSignerBytes(stranger))),
      /"code":-32602/,
      'a key is { type, publicKey }, not its SCALE encoding: an invalid-params error',
    );
    await assert.rejects(
      rpc('deviceByKey', { type: 'ed25519', publicKey: u8aToHex(stranger.publicKey.subarray(1)) }),
      /"code":-32602/,
      'a key of the wrong length for its type is an invalid-params error',
    );

    // 22 devices, 10 a page: 10, 10, 2; each page's `next` is its last device, and the
    // next page starts after it.
    const pages = [];
    let cursor = null;
    do {
      const page = await rpc('devicesByOwner', alice.address, cursor, PAGE_LIMIT);
      pages.push(page);
      cursor = page.next;
      assert.ok(pages.length <= 3, 'paging ends');
    } while (cursor !== null);
    assert.deepEqual(
      pages.map(({ items }) => items.length),
      [10, 10, 2],
    );
    assert.deepEqual(
      pages.map(({ next }) => next),
      [pages[0].items[9].id, pages[1].items[9].id, null],
    );
    // By name, with the owner as PAPI holds it (hex), and no limit (the default, the cap).
    const byName = await rpcCall(node.rpcUrl, 'deviceRegistry_devicesByOwner', {
      owner: u8aToHex(decodeAddress(alice.address)),
      cursor: pages[0].next,
    });
    assert.deepEqual(byName, { items: [...pages[1].items, ...pages[2].items], next: null });
    const listed = pages.flatMap(({ items }) => items);
    const ids = listed.map(({ id }) => id);
    assert.equal(new Set(ids).size, ids.length, 'no device appears twice');
    const allOfThem = [sensorKey, trackerKey, ...fleetKeys].map((key) => deviceAddress(key, ss58));
    assert.deepEqual([...ids].sort(), [...allOfThem].sort(), 'the pages together list all 22 devices');
    assert.ok(listed.every(({ owner }) => owner === alice.address));
    assert.deepEqual(
      listed.find(({ id }) => id === sensor),
      expectedSensor,
    );
    assert.deepEqual(await rpc('devicesByOwner', bob.address, null, PAGE_LIMIT), { items: [], next: null });

    const document = await rpc('didDocument', sensor);
    assert.equal(document.id, `did:iotchain:${encodeAddress(sensorKey.publicKey, 4242)}`);
    assert.equal(document.controller, `did:iotchain:${alice.address}`);
    assert.ok(publicKeyMultibase(sensorKey).startsWith('z6Mk'), 'ed25519 multibase keys start with z6Mk');
    assert.deepEqual(
      document,
      didDocument({ id: sensor, owner: alice.address, keyPair: sensorKey, description: SENSOR }),
    );

    const trackerDocument = await rpc('didDocument', deviceAddress(trackerKey, ss58));
    assert.equal(trackerDocument.verificationMethod[0].type, 'Sr25519VerificationKey2020');
    assert.equal(trackerDocument.service, undefined, 'no metadata, no service');
    assert.equal(await rpc('didDocument', deviceAddress(stranger, ss58)), null);
  });

  test('governance (sudo) admits Dave, a test lab, as a certifier', TIMEOUT, async () => {
    const { blockHash, events, dispatchError } = await included(
      api.tx.sudo.sudo(api.tx.deviceRegistry.addCertifier(dave.address)),
      alice,
    );
    assert.equal(dispatchError, undefined);
    const sudid = findEvent(events, api.events.sudo.Sudid);
    assert.ok(sudid?.data.sudoResult.isOk, 'the sudo call dispatched successfully');
    assert.equal(findEvent(events, api.events.deviceRegistry.CertifierAdded)?.data.certifier.toString(), dave.address);
    assert.ok((await (await registry(blockHash)).certifiers(dave.address)).isSome);
  });

  // Different signers, different state: both go in at once (usually one block).
  describe('the gateway and the test lab, at once', { concurrency: true }, () => {
    test('Alice adds a gateway as an operator of the sensor', TIMEOUT, async () => {
      const { blockHash, events, dispatchError } = await signAndWaitFinalized(
        api.tx.deviceRegistry.addOperator(sensor, gateway.address),
        alice,
      );
      assert.equal(dispatchError, undefined);

      const added = findEvent(events, api.events.deviceRegistry.OperatorAdded);
      assert.ok(added, 'OperatorAdded was emitted');
      assert.equal(added.data.device.toString(), sensor);
      assert.equal(added.data.operator.toString(), gateway.address);

      const operators = await (await registry(blockHash)).operators(sensor);
      assert.deepEqual(
        [...operators].map((account) => account.toString()),
        [gateway.address],
      );
      assert.deepEqual((await rpc('device', sensor, blockHash)).operators, [gateway.address]);

      const { before: was, after: now, freeChange } = await balancesAround(alice.address, blockHash);
      assert.equal(now.held, was.held, 'operators cost no deposit');
      assert.equal(freeChange, -feePaidBy(events, alice), 'Alice paid the fee only');
    });

    test('Dave certifies the sensor; the RPC and the DID document list the certification', TIMEOUT, async () => {
      claimHash = blake2AsHex('Acme TH-200 conformance test report #42');
      certifiedUntil = (await blockNumber(await api.rpc.chain.getFinalizedHead())) + 10_000;
      const { blockHash, events, dispatchError } = await signAndWaitFinalized(
        api.tx.deviceRegistry.certify(sensor, claimHash, certifiedUntil),
        dave,
      );
      assert.equal(dispatchError, undefined);
      const certified = findEvent(events, api.events.deviceRegistry.DeviceCertified);
      assert.equal(certified.data.device.toString(), sensor);
      assert.equal(certified.data.certifier.toString(), dave.address);
      assert.equal(certified.data.claimHash.toHex(), claimHash);
      assert.equal(certified.data.expiresAt.toNumber(), certifiedUntil);

      assert.ok((await (await registry(blockHash)).certifications(sensor, dave.address)).isSome);
      assert.deepEqual((await rpc('device', sensor, blockHash)).certifications, [
        { certifier: dave.address, claimHash, expiresAt: certifiedUntil },
      ]);
      assert.deepEqual(
        await rpc('didDocument', sensor, blockHash),
        didDocument({
          id: sensor,
          owner: alice.address,
          keyPair: sensorKey,
          description: SENSOR,
          certifications: [{ certifier: didOf(dave.address, ss58), claimHash, expiresAt: certifiedUntil }],
        }),
      );
    });
  });

  test('Alice offers the sensor to Bob, Bob accepts: the deposit moves from her hold to his', TIMEOUT, async () => {
    const offer = await included(api.tx.deviceRegistry.offerTransfer(sensor, bob.address), alice);
    assert.equal(offer.dispatchError, undefined);
    const offered = findEvent(offer.events, api.events.deviceRegistry.TransferOffered);
    assert.deepEqual(
      [offered.data.device, offered.data.from, offered.data.to].map(String),
      [sensor, alice.address, bob.address],
    );
    assert.equal((await rpc('device', sensor, offer.blockHash)).pendingTransfer, bob.address);
    assert.equal((await rpc('device', sensor, offer.blockHash)).owner, alice.address, 'still Alice until accepted');

    // Bob's witness: the key he inspected and the most deposit he will hold.
    const { blockHash, events, dispatchError } = await signAndWaitFinalized(
      api.tx.deviceRegistry.acceptTransfer(sensor, multiSigner(sensorKey), sensorDeposit),
      bob,
    );
    assert.equal(dispatchError, undefined);
    const accepted = findEvent(events, api.events.deviceRegistry.TransferAccepted);
    assert.deepEqual(
      [accepted.data.device, accepted.data.from, accepted.data.to].map(String),
      [sensor, alice.address, bob.address],
    );
    assert.equal(accepted.data.deposit.toBigInt(), sensorDeposit);

    // Alice sent nothing in that block: her hold for the sensor is released
    // exactly, to her free balance. Bob's hold grows by exactly as much, out of
    // his free balance, and he paid the fee.
    const aliceSide = await balancesAround(alice.address, blockHash);
    assert.equal(aliceSide.before.held - aliceSide.after.held, sensorDeposit, "Alice's hold released the deposit");
    assert.equal(aliceSide.freeChange, sensorDeposit, 'Alice got it back, free');
    const bobSide = await balancesAround(bob.address, blockHash);
    bobHeldBeforeAccepting = bobSide.before.held;
    assert.equal(bobSide.after.held - bobSide.before.held, sensorDeposit, "Bob's hold grew by the same deposit");
    assert.equal(bobSide.after.reserved - bobSide.before.reserved, sensorDeposit);
    assert.equal(bobSide.freeChange, -(sensorDeposit + feePaidBy(events, bob)), 'Bob paid deposit + fee');

    // The new owner controls it; the previous owner's operators are gone, the certification stays.
    const state = await registry(blockHash);
    assert.ok((await state.devicesByOwner(bob.address, sensor)).isSome, 'listed under Bob');
    assert.ok((await state.devicesByOwner(alice.address, sensor)).isNone, 'no longer under Alice');
    assert.ok((await state.pendingTransfers(sensor)).isNone, 'the offer is consumed');
    assert.deepEqual(
      await rpc('device', sensor, blockHash),
      deviceJson({
        id: sensor,
        owner: bob.address,
        keyPair: sensorKey,
        description: SENSOR,
        registeredAt: sensorRegisteredAt,
        deposit: sensorDeposit,
        certifications: [{ certifier: dave.address, claimHash, expiresAt: certifiedUntil }],
      }),
    );
    assert.equal((await rpc('didDocument', sensor, blockHash)).controller, didOf(bob.address, ss58));
    const bobsPage = await rpc('devicesByOwner', bob.address, null, PAGE_LIMIT, blockHash);
    assert.deepEqual(
      bobsPage.items.map(({ id }) => id),
      [sensor],
    );
  });

  test('Bob rotates the sensor to a new sr25519 key, which proves possession; the id stays, the certification lapses', TIMEOUT, async () => {
    const payload = rotationPayload({
      genesisHash: api.genesisHash,
      device: sensor,
      oldPair: sensorKey,
      newPair: sensorNewKey,
    });
    const { blockHash, events, dispatchError } = await included(
      api.tx.deviceRegistry.rotateKey(sensor, multiSigner(sensorNewKey), signWith(sensorNewKey, payload)),
      bob,
    );
    assert.equal(dispatchError, undefined);

    const rotated = findEvent(events, api.events.deviceRegistry.KeyRotated);
    assert.equal(rotated.data.device.toString(), sensor);
    assert.equal(rotated.data.oldKey.asEd25519.toHex(), u8aToHex(sensorKey.publicKey));
    assert.equal(rotated.data.newKey.asSr25519.toHex(), u8aToHex(sensorNewKey.publicKey));

    const found = await rpc('deviceByKey', deviceKeyJson(sensorNewKey), blockHash);
    assert.equal(found.id, sensor, 'the new key finds the sensor, under its old id');
    assert.deepEqual(found.key, { type: 'sr25519', publicKey: u8aToHex(sensorNewKey.publicKey) });
    const byOldKey = await rpc('deviceByKey', deviceKeyJson(sensorKey), blockHash);
    assert.equal(byOldKey, null, 'the old key finds nothing');
    const rotatedAt = await blockNumber(blockHash);
    assert.deepEqual(
      await rpc('keyHistory', sensor, null, null, blockHash),
      {
        items: [
          { key: deviceKeyJson(sensorKey), since: sensorRegisteredAt, until: rotatedAt },
          { key: deviceKeyJson(sensorNewKey), since: rotatedAt, until: null },
        ],
        next: null,
      },
      'the old key stays in the history, held up to the block before the rotation',
    );
    const state = await registry(blockHash);
    assert.equal((await state.deviceByKey(multiSigner(sensorNewKey))).unwrap().toString(), sensor);
    assert.ok((await state.deviceByKey(multiSigner(sensorKey))).isNone);

    // Dave vouched for the hardware key: the certification stays stored but no longer counts.
    assert.ok((await state.certifications(sensor, dave.address)).isSome, 'the certification is still stored');
    assert.deepEqual((await rpc('device', sensor, blockHash)).certifications, [], 'it no longer counts');

    const document = await rpc('didDocument', sensor, blockHash);
    assert.equal(document.id, didOf(sensor, ss58), 'the DID does not change');
    assert.deepEqual(document.verificationMethod, [
      {
        id: `${didOf(sensor, ss58)}#${publicKeyMultibase(sensorNewKey)}`,
        type: 'Sr25519VerificationKey2020',
        controller: didOf(sensor, ss58),
        publicKeyMultibase: publicKeyMultibase(sensorNewKey),
      },
    ]);
  });

  test('Bob suspends the sensor: status suspended, its key no longer authenticates', TIMEOUT, async () => {
    const { blockHash, events, dispatchError } = await included(api.tx.deviceRegistry.suspend(sensor), bob);
    assert.equal(dispatchError, undefined);
    assert.equal(findEvent(events, api.events.deviceRegistry.DeviceSuspended)?.data.device.toString(), sensor);
    assert.ok((await (await registry(blockHash)).devices(sensor)).unwrap().status.isSuspended);

    assert.equal((await rpc('device', sensor, blockHash)).status, 'suspended');
    const document = await rpc('didDocument', sensor, blockHash);
    assert.equal(document.deviceStatus, 'suspended');
    assert.deepEqual(document.authentication, []);
    assert.deepEqual(document.assertionMethod, []);
  });

  test('Bob resumes the sensor: active again', TIMEOUT, async () => {
    const { blockHash, events, dispatchError } = await included(api.tx.deviceRegistry.resume(sensor), bob);
    assert.equal(dispatchError, undefined);
    assert.equal(findEvent(events, api.events.deviceRegistry.DeviceResumed)?.data.device.toString(), sensor);

    assert.equal((await rpc('device', sensor, blockHash)).status, 'active');
    assert.deepEqual(
      await rpc('didDocument', sensor, blockHash),
      didDocument({
        id: sensor,
        owner: bob.address,
        keyPair: sensorNewKey,
        description: SENSOR,
        certifications: [],
      }),
    );
  });

  test('Bob revokes the sensor: the deposit comes back exactly (the record fee does not), a tombstone stays', TIMEOUT, async () => {
    const { blockHash, events, dispatchError } = await signAndWaitFinalized(api.tx.deviceRegistry.revoke(sensor), bob);
    assert.equal(dispatchError, undefined);
    const revoked = findEvent(events, api.events.deviceRegistry.DeviceRevoked);
    assert.equal(revoked.data.device.toString(), sensor);
    assert.equal(revoked.data.owner.toString(), bob.address);
    assert.equal(revoked.data.depositReleased.toBigInt(), sensorDeposit);

    const { before: was, after: now, freeChange } = await balancesAround(bob.address, blockHash);
    assert.equal(now.held, bobHeldBeforeAccepting, "Bob's hold is back to what it was before he accepted");
    assert.equal(was.held - now.held, sensorDeposit);
    assert.equal(freeChange, sensorDeposit - feePaidBy(events, bob), 'free rose by deposit - fee');

    const state = await registry(blockHash);
    const tombstone = (await state.devices(sensor)).unwrap();
    assert.ok(tombstone.status.isRevoked, 'a revoked record stays');
    assert.equal(tombstone.deposit.toBigInt(), 0n);
    assert.equal(
      (await state.deviceByKey(multiSigner(sensorNewKey))).unwrap().toString(),
      sensor,
      'the last key stays bound to the tombstone',
    );
    assert.ok((await state.devicesByOwner(bob.address, sensor)).isNone, 'no longer listed under Bob');
    assert.ok((await state.certifications(sensor, dave.address)).isNone, 'certifications are removed');

    const device = await rpc('device', sensor, blockHash);
    assert.equal(device.status, 'revoked');
    assert.equal(device.deposit, '0');
    assert.deepEqual(device.certifications, []);
    assert.equal(await rpc('deviceByKey', deviceKeyJson(sensorNewKey), blockHash), null);
    assert.deepEqual(await rpc('devicesByOwner', bob.address, null, PAGE_LIMIT, blockHash), {
      items: [],
      next: null,
    });
    assert.deepEqual(await rpc('didDocument', sensor, blockHash), {
      '@context': [DID_CONTEXT],
      id: didOf(sensor, ss58),
      deactivated: true,
      deviceStatus: 'revoked',
    });
  });

  test('every block the story read from before it was final is final now', TIMEOUT, async () => {
    assert.ok(provisional.length > 0);
    for (const { call, blockHash } of provisional) {
      assert.ok(await isFinalized(api, blockHash), `${call}'s block ${blockHash} is finalized and canonical`);
    }
  });

  describe('bad input is rejected by its error name and moves nothing but the fee', () => {
    // Every attempt comes from its own well-known dev account, so they can all
    // be in flight at once (one or two blocks for all of them) and each
    // signer's balances change only through its own extrinsic.
    const attempts = new Map();

    /**
     * An attempt: `signer` sends `tx`, which must fail with `error`; `watch`
     * reads, at a block, the state the attempt must leave unchanged.
     */
    const attempt = (name, signer, tx, error, watch) => {
      const outcome = signAndWaitFinalized(tx, signer).then(
        (result) => ({ result }),
        (failure) => ({ failure }),
      );
      attempts.set(name, { signer, error, watch, outcome });
    };

    const check = (name) => async () => {
      const { signer, error, watch, outcome } = attempts.get(name);
      const { result, failure } = await outcome;
      if (failure) throw failure;
      const { blockHash, events, dispatchError } = result;

      assert.equal(dispatchError, error);
      assert.ok(findEvent(events, api.events.system.ExtrinsicFailed), 'system.ExtrinsicFailed was emitted');
      const registryEvents = events.filter(({ event }) => event.section === 'deviceRegistry');
      assert.deepEqual(registryEvents, [], 'no deviceRegistry events');

      const parent = await parentHash(api, blockHash);
      assert.deepEqual(await watch(blockHash), await watch(parent), 'the watched state is unchanged');
      const { before: was, after: now, freeChange } = await balancesAround(signer.address, blockHash);
      assert.equal(now.held, was.held, 'nothing more or less is held');
      assert.equal(now.reserved, was.reserved);
      assert.equal(freeChange, -feePaidBy(events, signer), 'the signer lost exactly the fee');
    };

    /** The encoded state a registration attempt of `key` must not create: record, key index, owner index. */
    const registrationState = (key, owner) => async (blockHash) => {
      const state = await registry(blockHash);
      const id = deviceAddress(key, ss58);
      return {
        record: (await state.devices(id)).toHex(),
        byKey: (await state.deviceByKey(multiSigner(key))).toHex(),
        owned: (await state.devicesByOwner.keys(owner.address)).length,
      };
    };

    /** A device's whole stored state, encoded. */
    const deviceState = (id, extra = async () => ({})) => async (blockHash) => {
      const state = await registry(blockHash);
      return {
        record: (await state.devices(id)).toHex(),
        operators: (await state.operators(id)).toHex(),
        pending: (await state.pendingTransfers(id)).toHex(),
        ...(await extra(state)),
      };
    };

    before(async () => {
      const dev = (name) => keyring.addFromUri(`//${name}`);
      const genesisHash = api.genesisHash;
      const register = (owner, key, description, proof) =>
        api.tx.deviceRegistry.registerDevice(
          deviceRegistration(api, owner.address, key, { ...description, ...(proof ? { proof } : {}) }),
        );
      const [meter0, meter1, meter2, meter3, meter4] = fleetKeys.map((key) => deviceAddress(key, ss58));

      {
        const signer = dev('Eve');
        const key = deviceKeypair('ed25519');
        const forger = deviceKeypair('ed25519');
        const payload = registrationPayload({ genesisHash, owner: signer.address, devicePair: key });
        attempt(
          'forged',
          signer,
          register(signer, key, meter(100), signWith(forger, payload)),
          'deviceRegistry.InvalidProof',
          registrationState(key, signer),
        );
      }
      {
        const signer = dev('Ferdie');
        const key = deviceKeypair('sr25519');
        const payload = registrationPayload({ genesisHash, owner: bob.address, devicePair: key });
        attempt(
          'other owner',
          signer,
          register(signer, key, meter(101), signWith(key, payload)),
          'deviceRegistry.InvalidProof',
          registrationState(key, signer),
        );
      }
      {
        const signer = dev('Alice//stash');
        const key = deviceKeypair('ed25519');
        const payload = registrationPayload({ genesisHash, owner: signer.address, devicePair: key, tag: ROTATE_TAG });
        attempt(
          'wrong tag',
          signer,
          register(signer, key, meter(102), signWith(key, payload)),
          'deviceRegistry.InvalidProof',
          registrationState(key, signer),
        );
      }
      {
        const signer = dev('Bob//stash');
        const key = deviceKeypair('ed25519');
        const otherNetwork = new Uint8Array(32).fill(0x45);
        const payload = registrationPayload({ genesisHash: otherNetwork, owner: signer.address, devicePair: key });
        attempt(
          'other genesis',
          signer,
          register(signer, key, meter(103), signWith(key, payload)),
          'deviceRegistry.InvalidProof',
          registrationState(key, signer),
        );
      }
      {
        // A valid proof, for the signer, of a key one of Alice's meters holds.
        const signer = dev('Charlie');
        attempt(
          'key taken',
          signer,
          register(signer, fleetKeys[0], meter(0)),
          'deviceRegistry.KeyAlreadyRegistered',
          deviceState(meter0, async (state) => ({
            signerOwns: (await state.devicesByOwner.keys(signer.address)).length,
          })),
        );
      }
      {
        // The revoked sensor's original key was rotated away, but its id is a tombstone.
        const signer = dave;
        attempt(
          'tombstone',
          signer,
          register(signer, sensorKey, SENSOR),
          'deviceRegistry.DeviceRevoked',
          deviceState(sensor, async (state) => ({ byKey: (await state.deviceByKey(multiSigner(sensorKey))).toHex() })),
        );
      }
      attempt('non-owner', bob, api.tx.deviceRegistry.suspend(meter1), 'deviceRegistry.NotOwner', deviceState(meter1));
      {
        // The sr25519 identity "signs" anything: R the identity, s = 0 (plus schnorrkel's marker bit).
        const signer = dev('Charlie//stash');
        const identity = new Uint8Array(32);
        const forgery = new Uint8Array(64);
        forgery[63] = 0x80;
        attempt(
          'weak key',
          signer,
          api.tx.deviceRegistry.registerDevice({
            key: { Sr25519: identity },
            proof: { Sr25519: forgery },
            kind: 'Sensor',
            manufacturer: '0x',
            model: '0x',
            metadata: '0x',
            contentHash: null,
          }),
          'deviceRegistry.WeakKey',
          async (blockHash) => ({
            record: (await (await registry(blockHash)).devices(encodeAddress(identity, ss58))).toHex(),
          }),
        );
      }
      {
        // A valid proof of the key the revoked sensor last held: it stays bound to the tombstone.
        const signer = dev('Dave//stash');
        attempt(
          'retired key',
          signer,
          register(signer, sensorNewKey, meter(104)),
          'deviceRegistry.KeyRetired',
          registrationState(sensorNewKey, signer),
        );
      }
      attempt(
        'not offered',
        dev('Eve//stash'),
        api.tx.deviceRegistry.acceptTransfer(meter2, multiSigner(fleetKeys[2]), expectedDeposit(api, meter(2))),
        'deviceRegistry.NoPendingTransfer',
        deviceState(meter2),
      );
      {
        const signer = dev('Ferdie//stash');
        attempt(
          'not a certifier',
          signer,
          api.tx.deviceRegistry.certify(meter3, blake2AsHex('self-certified'), 1_000_000),
          'deviceRegistry.NotCertifier',
          deviceState(meter3, async (state) => ({
            certification: (await state.certifications(meter3, signer.address)).toHex(),
            certifier: (await state.certifiers(signer.address)).toHex(),
          })),
        );
      }
      {
        // Alice owns meter 4, but the rotation proof is not the new key's.
        const newKey = deviceKeypair('ed25519');
        const payload = rotationPayload({ genesisHash, device: meter4, oldPair: fleetKeys[4], newPair: newKey });
        attempt(
          'forged rotation',
          alice,
          api.tx.deviceRegistry.rotateKey(meter4, multiSigner(newKey), signWith(deviceKeypair('ed25519'), payload)),
          'deviceRegistry.InvalidProof',
          deviceState(meter4, async (state) => ({ newKey: (await state.deviceByKey(multiSigner(newKey))).toHex() })),
        );
      }
    });

    test('a forged proof (signed by another key) is deviceRegistry.InvalidProof', TIMEOUT, check('forged'));
    test('a proof signed for another owner is deviceRegistry.InvalidProof', TIMEOUT, check('other owner'));
    test('a proof with the rotation tag is deviceRegistry.InvalidProof', TIMEOUT, check('wrong tag'));
    test("a proof for another network's genesis is deviceRegistry.InvalidProof", TIMEOUT, check('other genesis'));
    test('a key another device holds is deviceRegistry.KeyAlreadyRegistered', TIMEOUT, check('key taken'));
    test("a revoked device's id is never registered again: deviceRegistry.DeviceRevoked", TIMEOUT, check('tombstone'));
    test("Bob suspending Alice's meter is deviceRegistry.NotOwner", TIMEOUT, check('non-owner'));
    test('the sr25519 identity key with a forged proof is deviceRegistry.WeakKey', TIMEOUT, check('weak key'));
    test("the revoked sensor's last key is deviceRegistry.KeyRetired", TIMEOUT, check('retired key'));
    test('accepting a device nobody offered is deviceRegistry.NoPendingTransfer', TIMEOUT, check('not offered'));
    test('certifying without being a certifier is deviceRegistry.NotCertifier', TIMEOUT, check('not a certifier'));
    test('a key rotation proved by another key is deviceRegistry.InvalidProof', TIMEOUT, check('forged rotation'));

    // Over-long input does not decode: the node refuses it before it reaches a block, and the
    // signer pays nothing (these run after the attempts above, so the signers are free again).
    test('MaxMetadataLen + 1 bytes of metadata, or MaxBatchRegistrations + 1 registrations, do not decode', TIMEOUT, async () => {
      const dev = (name) => keyring.addFromUri(`//${name}`);
      const tooLong = 'x'.repeat(api.consts.deviceRegistry.maxMetadataLen.toNumber() + 1);
      const metadataSigner = dev('Charlie//stash');
      const batchSigner = dev('Dave//stash');
      const count = api.consts.deviceRegistry.maxBatchRegistrations.toNumber() + 1;
      const keys = Array.from({ length: count }, () => deviceKeypair('ed25519'));
      const oversized = [
        [
          metadataSigner,
          api.tx.deviceRegistry.registerDevice(
            deviceRegistration(api, metadataSigner.address, deviceKeypair('ed25519'), { ...meter(105), metadata: tooLong }),
          ),
        ],
        [
          batchSigner,
          api.tx.deviceRegistry.registerDevices(
            keys.map((key, i) => deviceRegistration(api, batchSigner.address, key, meter(200 + i))),
          ),
        ],
      ];
      for (const [signer, tx] of oversized) {
        const nonce = (await api.rpc.system.accountNextIndex(signer.address)).toNumber();
        const free = (await api.query.system.account(signer.address)).data.free.toBigInt();
        await assert.rejects(signAndWaitFinalized(tx, signer), /1002|1010|decode|Bad input/i, 'the node refuses it');
        assert.equal((await api.rpc.system.accountNextIndex(signer.address)).toNumber(), nonce, 'no nonce used');
        assert.equal((await api.query.system.account(signer.address)).data.free.toBigInt(), free, 'no fee paid');
      }
    });
  });
});
