// Governance on a real dev node, as council members and validators meet it in
// Polkadot.js Apps: fees fund the treasury and the block author, council
// motions change the validator set; what governance forbids is refused by name.
// Treasury spends and runtime upgrades are in treasury-upgrade.test.js, on a
// node of their own, so that both files run at once.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { Keyring } from '@polkadot/keyring';
import { stringToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { cryptoWaitReady, encodeAddress, mnemonicGenerate } from '@polkadot/util-crypto';

import {
  finalizedNumber,
  findEvent,
  freeBalanceAt,
  parentHash,
  signAndWaitFinalized,
  waitForFinalizedAtLeast,
} from '../lib/chain.js';
import { councilMotion } from '../lib/governance.js';
import { rpcCall, startNode } from '../lib/node.js';

const TIMEOUT = { timeout: 300_000 };
const UNIT = 10n ** 12n;

describe('governance', () => {
  let node;
  let api;
  let daveNode; // Dave's own validator node, joining Alice's chain
  let alice; // the dev validator, a council member and the sudo key
  let bob; // council member
  let charlie; // council member
  let dave; // not on the council; becomes a validator

  before(async () => {
    await cryptoWaitReady();
    node = await startNode();
    api = node.api;
    const keyring = new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 });
    [alice, bob, charlie, dave] = ['//Alice', '//Bob', '//Charlie', '//Dave'].map((uri) => keyring.addFromUri(uri));
  });

  after(async () => {
    await daveNode?.stop();
    await node?.stop();
  });

  test('the council is Alice, Bob and Charlie, and the validator is Alice', async () => {
    const members = (await api.query.council.members()).map(String);
    assert.deepEqual(members.sort(), [alice.address, bob.address, charlie.address].sort());
    assert.deepEqual((await api.query.session.validators()).map(String), [alice.address]);
  });

  test('a fee goes 80% to the treasury and 20% to the block author', TIMEOUT, async () => {
    const treasury = treasuryAccount(api);
    const recipient = new Keyring({ type: 'sr25519' }).addFromMnemonic(mnemonicGenerate());
    const { blockHash, events } = await signAndWaitFinalized(
      api.tx.balances.transferKeepAlive(recipient.address, UNIT),
      bob,
    );
    const fee = findEvent(events, api.events.transactionPayment.TransactionFeePaid).data.actualFee.toBigInt();
    const block = await api.rpc.chain.getBlock(blockHash);
    const signed = block.block.extrinsics.filter((x) => x.isSigned);
    assert.equal(signed.length, 1, 'the block holds only this transaction');

    const parent = await parentHash(api, blockHash);
    const treasuryGain = (await freeBalanceAt(api, treasury, blockHash)) - (await freeBalanceAt(api, treasury, parent));
    const authorGain = (await freeBalanceAt(api, alice.address, blockHash)) - (await freeBalanceAt(api, alice.address, parent));
    assert.equal(treasuryGain, (fee * 80n) / 100n, 'the treasury got 80% of the fee');
    assert.equal(authorGain, fee - treasuryGain, 'the author (Alice) got the rest');
  });

  test('a non-member cannot propose a motion', TIMEOUT, async () => {
    const call = api.tx.system.remark('not a councillor');
    const { outcome, error } = await councilMotion(api, { proposer: dave, call, threshold: 2 });
    assert.equal(outcome, 'Rejected');
    assert.equal(error, 'council.NotMember');
    assert.equal((await api.query.council.proposals()).length, 0, 'no motion is open');
  });

  test('a council motion with the threshold met adds a validator at the session change', TIMEOUT, async () => {
    // Dave runs his own node on Alice's chain; it makes his session keys and proves he owns them.
    // (Each validator needs its own node: a GRANDPA voter votes with one key.)
    const listen = await rpcCall(node.rpcUrl, 'system_localListenAddresses');
    const bootnode = listen.find((addr) => addr.startsWith('/ip4/127.0.0.1/tcp/'));
    assert.ok(bootnode, `Alice's node listens on 127.0.0.1 (${listen})`);
    daveNode = await startNode({ chainArgs: ['--chain', 'dev', '--validator', '--unsafe-force-node-key-generation', '--bootnodes', bootnode] });
    const { keys, proof } = await rpcCall(daveNode.rpcUrl, 'author_rotateKeysWithOwner', [u8aToHex(dave.publicKey)]);
    const setKeys = await signAndWaitFinalized(api.tx.session.setKeys(keys, proof), dave);
    assert.equal(setKeys.dispatchError, undefined);

    const { outcome, result, index, hash } = await councilMotionWithDuplicateVote(
      api.tx.validatorSet.addValidator(dave.address),
    );
    assert.equal(outcome, 'Executed');
    assert.equal(result, undefined, 'the call succeeded');
    assert.ok(index >= 0 && hash);
    assert.deepEqual((await api.query.validatorSet.validators()).map(String), [alice.address, dave.address]);

    // Planned at the next session boundary, active at the one after (sessions are 10 blocks).
    const deadline = Date.now() + 200_000;
    while (!(await api.query.session.validators()).map(String).includes(dave.address)) {
      assert.ok(Date.now() < deadline, 'Dave became a validator within two sessions');
      await new Promise((resolve) => setTimeout(resolve, 3_000));
    }
    // Alice and Dave now take turns authoring, and GRANDPA needs both their votes.
    const finalized = await finalizedNumber(api);
    assert.ok((await waitForFinalizedAtLeast(api, finalized + 2, 90_000)) >= finalized + 2);
  });

  /** Proposes `call` with threshold 2; Alice and Bob vote aye, Bob's second vote is refused; then it closes. */
  async function councilMotionWithDuplicateVote(call) {
    const lengthBound = call.method.encodedLength;
    const proposed = await signAndWaitFinalized(api.tx.council.propose(2, call, lengthBound), alice);
    const { proposalIndex, proposalHash } = findEvent(proposed.events, api.events.council.Proposed).data;
    const [index, hash] = [proposalIndex.toNumber(), proposalHash.toHex()];

    const [own, first] = await Promise.all([
      signAndWaitFinalized(api.tx.council.vote(hash, index, true), alice),
      signAndWaitFinalized(api.tx.council.vote(hash, index, true), bob),
    ]);
    assert.equal(own.dispatchError, undefined);
    assert.equal(first.dispatchError, undefined);
    const again = await signAndWaitFinalized(api.tx.council.vote(hash, index, true), bob);
    assert.equal(again.dispatchError, 'council.DuplicateVote', 'a second vote by the same member is refused');
    const voting = (await api.query.council.voting(hash)).unwrap();
    assert.equal(voting.ayes.length, 2, 'still two ayes: Alice and Bob');

    const { weight } = await api.call.transactionPaymentCallApi.queryCallInfo(call, lengthBound);
    const closed = await signAndWaitFinalized(api.tx.council.close(hash, index, weight, lengthBound), charlie);
    const executed = findEvent(closed.events, api.events.council.Executed);
    return {
      index,
      hash,
      outcome: executed ? 'Executed' : 'not executed',
      result: executed?.data.result.isOk ? undefined : executed?.data.result.toString(),
    };
  }

  test('a motion below the threshold executes nothing', TIMEOUT, async () => {
    const before = (await api.query.validatorSet.validators()).map(String);
    // Voted down: Alice for, Bob and Charlie against.
    const disapproved = await councilMotion(api, {
      proposer: alice,
      call: api.tx.validatorSet.removeValidator(dave.address),
      threshold: 2,
      nays: [bob, charlie],
    });
    assert.equal(disapproved.outcome, 'Disapproved');
    // One member alone: the motion runs at once, with one third of the council behind it.
    const alone = await councilMotion(api, {
      proposer: alice,
      call: api.tx.validatorSet.removeValidator(dave.address),
      threshold: 1,
    });
    assert.equal(alone.outcome, 'Executed');
    assert.equal(alone.result, 'BadOrigin', 'a third of the council is not the governance origin');
    assert.deepEqual((await api.query.validatorSet.validators()).map(String), before, 'the set is unchanged');
  });

  test('removing validators below the minimum is refused', TIMEOUT, async () => {
    const removeDave = await councilMotion(api, {
      proposer: alice,
      call: api.tx.validatorSet.removeValidator(dave.address),
      threshold: 2,
      ayes: [bob],
    });
    assert.equal(removeDave.outcome, 'Executed');
    assert.equal(removeDave.result, undefined);

    const removeAlice = await councilMotion(api, {
      proposer: alice,
      call: api.tx.validatorSet.removeValidator(alice.address),
      threshold: 2,
      ayes: [bob],
    });
    assert.equal(removeAlice.outcome, 'Executed');
    assert.equal(removeAlice.result, 'validatorSet.TooFewValidators');
    assert.deepEqual((await api.query.validatorSet.validators()).map(String), [alice.address]);
  });

  test('a validator cannot drop its session keys; a removed one can', TIMEOUT, async () => {
    // The attack: validators purge their keys and pallet-session leaves them out of the next
    // session, down to an empty set. session.purgeKeys is refused to everyone...
    const direct = await signAndWaitFinalized(api.tx.session.purgeKeys(), alice);
    assert.equal(direct.dispatchError, 'system.CallFiltered');
    const nested = await signAndWaitFinalized(api.tx.utility.batchAll([api.tx.session.purgeKeys()]), alice);
    assert.equal(nested.dispatchError, 'system.CallFiltered', 'also inside a batch');
    // ...and validatorSet.purgeKeys refuses a validator in the set.
    const own = await signAndWaitFinalized(api.tx.validatorSet.purgeKeys(), alice);
    assert.equal(own.dispatchError, 'validatorSet.StillValidator');
    assert.ok((await api.query.session.nextKeys(alice.address)).isSome, "Alice's keys are still registered");

    // Dave, removed by the previous motion, drops his keys and gets the 10 IOT deposit back.
    const heldBefore = (await api.query.system.account(dave.address)).data.reserved.toBigInt();
    const purged = await signAndWaitFinalized(api.tx.validatorSet.purgeKeys(), dave);
    assert.equal(purged.dispatchError, undefined);
    assert.ok(findEvent(purged.events, api.events.validatorSet.KeysPurged), 'validatorSet.KeysPurged');
    assert.ok((await api.query.session.nextKeys(dave.address)).isNone, "Dave's keys are gone");
    const heldAfter = (await api.query.system.account(dave.address)).data.reserved.toBigInt();
    assert.equal(api.consts.session.keyDeposit.toBigInt(), 10n * UNIT);
    assert.equal(heldBefore - heldAfter, 10n * UNIT, 'the key deposit was returned');
  });
});

/** The treasury's account: "modl", its 8-byte pallet id, zero padding (as `PalletId::into_account_truncating`). */
function treasuryAccount(api) {
  const id = api.consts.treasury.palletId.toU8a();
  return encodeAddress(u8aConcat(stringToU8a('modl'), id, new Uint8Array(32 - 4 - id.length)), api.registry.chainSS58);
}
