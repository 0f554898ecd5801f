// Foundation behaviour of an IoTChain dev node, observed purely through the
// public JSON-RPC with @polkadot/api, as a dApp would: block production and
// finality, balance transfers and their fees, readable dispatch errors,
// metadata decodability and chain properties.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady, mnemonicGenerate } from '@polkadot/util-crypto';

import {
  finalizedNumber,
  findEvent,
  freeBalanceAt,
  parentHash,
  signAndWaitFinalized,
  waitForFinalizedAtLeast,
} from '../lib/chain.js';
import { walkMetadata } from '../lib/metadata.js';
import { rpcCall, startNode } from '../lib/node.js';

const TOKEN_DECIMALS = 12;
const PALLETS = ['System', 'Timestamp', 'Aura', 'Grandpa', 'Balances', 'TransactionPayment', 'Sudo', 'Utility'];

// Every step has its own internal bounds; this is the backstop so a hung RPC
// call fails its test (and the node still gets stopped) instead of hanging the run.
const TIMEOUT = { timeout: 180_000 };

// pallet-balances (polkadot-sdk stable2609) `transfer_keep_alive` goes through
// `fungible::Mutate::transfer`, whose `can_withdraw` check maps a too-low
// balance to `TokenError::FundsUnavailable`.
const OVERDRAFT_ERROR = 'Token.FundsUnavailable';

describe('foundation', () => {
  let node;
  let api;
  let keyring;
  let alice;
  let bob; // sends the checked transfers: Alice authors every dev block and earns a share of fees
  let amount; // a transfer amount far above the existential deposit

  const freshAccount = () => keyring.addFromMnemonic(mnemonicGenerate());

  /** The TransactionFeePaid event of an extrinsic, checked to be paid by `payer` with no tip. */
  const feePaidBy = (events, payer) => {
    const feePaid = findEvent(events, api.events.transactionPayment.TransactionFeePaid);
    assert.ok(feePaid, 'the extrinsic emitted transactionPayment.TransactionFeePaid');
    const { who, actualFee, tip } = feePaid.data;
    assert.equal(who.toString(), payer.address, 'the fee was paid by the signer');
    assert.equal(tip.toBigInt(), 0n, 'no tip was given');
    return actualFee.toBigInt(); // includes the tip, which is zero here
  };

  before(async () => {
    await cryptoWaitReady();
    node = await startNode();
    api = node.api;
    keyring = new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 });
    alice = keyring.addFromUri('//Alice');
    bob = keyring.addFromUri('//Bob');

    const unit = 10n ** BigInt(TOKEN_DECIMALS);
    const existentialDeposit = api.consts.balances.existentialDeposit.toBigInt();
    amount = 10n * unit > 1000n * existentialDeposit ? 10n * unit : 1000n * existentialDeposit;
  });

  after(async () => {
    await node?.stop();
  });

  test('blocks are produced and GRANDPA finalizes them', TIMEOUT, async () => {
    const start = await finalizedNumber(api);
    // Dev blocks come every 6 s and GRANDPA follows closely: +2 takes ~12-18 s.
    const reached = await waitForFinalizedAtLeast(api, start + 2, 60_000);
    assert.ok(reached >= start + 2, `finalized #${reached} >= #${start + 2}`);
  });

  test('transferKeepAlive moves exactly the amount and charges exactly the reported fee', TIMEOUT, async () => {
    const recipient = freshAccount();

    const { blockHash, events, dispatchError } = await signAndWaitFinalized(
      api.tx.balances.transferKeepAlive(recipient.address, amount),
      bob,
    );
    assert.equal(dispatchError, undefined, 'the transfer succeeded');

    const transfer = findEvent(events, api.events.balances.Transfer);
    assert.ok(transfer, 'balances.Transfer was emitted');
    assert.equal(transfer.data.from.toString(), bob.address);
    assert.equal(transfer.data.to.toString(), recipient.address);
    assert.equal(transfer.data.amount.toBigInt(), amount);
    const fee = feePaidBy(events, bob);
    assert.ok(fee > 0n, 'a non-zero fee was charged');

    // Compare the state right before and right after the inclusion block, so
    // activity in other blocks cannot interfere.
    const parent = await parentHash(api, blockHash);
    assert.equal(await freeBalanceAt(api, recipient.address, parent), 0n, 'recipient is fresh');
    assert.equal(await freeBalanceAt(api, recipient.address, blockHash), amount);
    const bobBefore = await freeBalanceAt(api, bob.address, parent);
    const bobAfter = await freeBalanceAt(api, bob.address, blockHash);
    assert.equal(bobBefore - bobAfter, amount + fee, 'Bob paid exactly amount + fee');
  });

  test('a transfer beyond the balance fails with a named error and moves only the fee', TIMEOUT, async () => {
    const sender = freshAccount();
    const recipient = freshAccount();

    const funding = await signAndWaitFinalized(api.tx.balances.transferKeepAlive(sender.address, amount), alice);
    assert.equal(funding.dispatchError, undefined, 'the sender was funded');

    // Twice what the sender owns: the fee is payable, the transfer is not.
    const { blockHash, events, dispatchError } = await signAndWaitFinalized(
      api.tx.balances.transferKeepAlive(recipient.address, 2n * amount),
      sender,
    );
    assert.equal(dispatchError, OVERDRAFT_ERROR);
    assert.ok(findEvent(events, api.events.system.ExtrinsicFailed), 'system.ExtrinsicFailed was emitted');
    assert.equal(findEvent(events, api.events.balances.Transfer), undefined, 'no balances.Transfer');
    const fee = feePaidBy(events, sender);

    const parent = await parentHash(api, blockHash);
    const senderBefore = await freeBalanceAt(api, sender.address, parent);
    const senderAfter = await freeBalanceAt(api, sender.address, blockHash);
    assert.equal(senderBefore - senderAfter, fee, 'the sender lost exactly the fee');
    assert.equal(await freeBalanceAt(api, recipient.address, blockHash), 0n, 'the recipient got nothing');
  });

  test('the whole metadata decodes with no custom type definitions', TIMEOUT, async (t) => {
    const metadata = api.runtimeMetadata;
    assert.ok(metadata.version >= 14, `metadata v${metadata.version} is at least v14`);

    const pallets = metadata.asLatest.pallets.map(({ name }) => name.toString());
    for (const pallet of PALLETS) assert.ok(pallets.includes(pallet), `pallet ${pallet} is in the runtime`);

    const counts = walkMetadata(api.registry, metadata, api.consts);
    t.diagnostic(`checked ${JSON.stringify(counts)}`);
    for (const [category, count] of Object.entries(counts)) {
      assert.ok(count > 0, `checked at least one item of ${category}`);
    }

    const versions = (await api.call.metadata.metadataVersions()).map((v) => v.toNumber());
    for (const version of [15, 16]) {
      assert.ok(versions.includes(version), `runtime serves metadata v${version} (serves ${versions})`);
    }
  });

  test('chain properties advertise the token to clients', TIMEOUT, async () => {
    // Raw RPC, as any client sees it before applying its own defaults.
    const properties = await rpcCall(node.rpcUrl, 'system_properties');
    assert.equal(typeof properties.tokenSymbol, 'string');
    assert.ok(properties.tokenSymbol.length > 0, 'tokenSymbol is non-empty');
    assert.equal(properties.tokenDecimals, TOKEN_DECIMALS);
    assert.equal(typeof properties.ss58Format, 'number');

    // ... and @polkadot/api picked them up.
    assert.equal(api.registry.chainDecimals[0], TOKEN_DECIMALS);
    assert.equal(api.registry.chainTokens[0], properties.tokenSymbol);
    assert.equal(api.registry.chainSS58, properties.ss58Format);
  });
});
