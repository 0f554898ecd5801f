// Council motions that spend from the treasury and upgrade the runtime, on a
// real dev node of their own, as council members meet them in Polkadot.js Apps.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { blake2AsHex, cryptoWaitReady, mnemonicGenerate } from '@polkadot/util-crypto';

import {
  finalizedNumber,
  findEvent,
  freeBalanceAt,
  signAndWaitFinalized,
  waitForFinalizedAtLeast,
} from '../lib/chain.js';
import { councilMotion } from '../lib/governance.js';
import { startNode } from '../lib/node.js';

const TIMEOUT = { timeout: 300_000 };
const UNIT = 10n ** 12n;

/** The Wasm runtime one spec_version up, built by scripts/build-upgrade-runtime.sh. */
function upgradeWasmPath() {
  if (process.env.IOTCHAIN_UPGRADE_WASM) return process.env.IOTCHAIN_UPGRADE_WASM;
  const target = process.env.CARGO_TARGET_DIR || path.join(os.homedir(), '.cache', 'iotchain', 'target');
  return path.join(target, 'release', 'wbuild', 'iotchain-runtime', 'target', 'wasm32v1-none', 'release',
    'iotchain_runtime_upgrade.wasm');
}

describe('treasury and runtime upgrade', () => {
  let node;
  let api;
  let alice; // the dev validator, a council member and the sudo key
  let bob; // council member
  let charlie; // council member

  before(async () => {
    await cryptoWaitReady();
    node = await startNode();
    api = node.api;
    const keyring = new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 });
    [alice, bob, charlie] = ['//Alice', '//Bob', '//Charlie'].map((uri) => keyring.addFromUri(uri));
  });

  after(async () => {
    await node?.stop();
  });

  test('a treasury spend approved by the council pays out', TIMEOUT, async () => {
    const beneficiary = new Keyring({ type: 'sr25519' }).addFromMnemonic(mnemonicGenerate());
    const amount = 250n * UNIT;
    const motion = await councilMotion(api, {
      proposer: alice,
      call: api.tx.treasury.spend(null, amount, beneficiary.address, null),
      threshold: 2,
      ayes: [bob],
    });
    assert.equal(motion.outcome, 'Executed');
    assert.equal(motion.result, undefined);
    const approved = findEvent(motion.events, api.events.treasury.AssetSpendApproved);
    assert.ok(approved, 'treasury.AssetSpendApproved');
    const index = approved.data.index.toNumber();

    const payout = await signAndWaitFinalized(api.tx.treasury.payout(index), charlie);
    assert.equal(payout.dispatchError, undefined);
    assert.ok(findEvent(payout.events, api.events.treasury.Paid), 'treasury.Paid');
    assert.equal(await freeBalanceAt(api, beneficiary.address, payout.blockHash), amount);
  });

  test('a council-approved runtime upgrade raises spec_version and the chain goes on', TIMEOUT, async () => {
    const code = fs.readFileSync(upgradeWasmPath());
    const codeHash = blake2AsHex(code, 256);
    const specBefore = api.runtimeVersion.specVersion.toNumber();

    // Applying code that was not authorized is refused.
    const early = await signAndWaitFinalized(api.tx.system.applyAuthorizedUpgrade(u8aToHex(code)), bob);
    assert.equal(early.dispatchError, 'system.NothingAuthorized');

    // One motion: whitelist `system.authorizeUpgrade(hash)` and dispatch it with Root.
    const authorize = api.tx.system.authorizeUpgrade(codeHash);
    const motion = await councilMotion(api, {
      proposer: alice,
      call: api.tx.utility.batchAll([
        api.tx.whitelist.whitelistCall(blake2AsHex(authorize.method.toU8a(), 256)),
        api.tx.whitelist.dispatchWhitelistedCallWithPreimage(authorize),
      ]),
      threshold: 2,
      ayes: [bob],
    });
    assert.equal(motion.outcome, 'Executed');
    assert.equal(motion.result, undefined);
    assert.ok(findEvent(motion.events, api.events.system.UpgradeAuthorized), 'system.UpgradeAuthorized');
    assert.equal((await api.query.system.authorizedUpgrade()).unwrap().codeHash.toHex(), codeHash);

    // Other code than the authorized one is refused.
    const wrong = await signAndWaitFinalized(api.tx.system.applyAuthorizedUpgrade(u8aToHex(code.subarray(0, 1024))), bob);
    assert.equal(wrong.dispatchError, 'system.Unauthorized');

    // Anyone may apply the authorized code. The upgrade block's events are not decoded here: while
    // @polkadot/api swaps its registry to the new runtime's, decoding that block's events fails
    // now and then ("Unable to decode storage system.events", both runtimes' metadata being
    // identical but for spec_version). The chain itself says whether the code changed.
    const upgrade = await api.tx.system.applyAuthorizedUpgrade(u8aToHex(code)).signAsync(charlie);
    await api.rpc.author.submitExtrinsic(upgrade);
    const deadline = Date.now() + 120_000;
    for (;;) {
      const head = await api.rpc.chain.getFinalizedHead();
      if ((await api.rpc.state.getRuntimeVersion(head)).specVersion.toNumber() === specBefore + 1) break;
      assert.ok(Date.now() < deadline, 'the new runtime runs in a finalized block within two minutes');
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
    assert.ok((await api.query.system.authorizedUpgrade()).isNone, 'the authorization was used up');

    const start = await finalizedNumber(api);
    await waitForFinalizedAtLeast(api, start + 3, 90_000);
    const version = await api.rpc.state.getRuntimeVersion();
    assert.equal(version.specVersion.toNumber(), specBefore + 1);
    assert.equal(version.specName.toString(), 'iotchain');
  });
});
