// Accounts and setup transactions for the throughput benchmark: deterministic sr25519 key pairs,
// funded from Alice in batches, and a helper that submits many setup transactions at once and
// waits until every one of them is finalized and succeeded.

import { Keyring } from '@polkadot/keyring';
import { stringToU8a } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';

import { describeDispatchError, signAndWaitFinalized } from '../lib/chain.js';

export const UNIT = 10n ** 12n;
export const MILLI = 10n ** 9n;

/** Transfers per `utility.batchAll` when funding accounts: well inside one block. */
const FUNDING_BATCH = 250;

/**
 * `count` sr25519 key pairs for `role`, from seeds derived by hashing `iotchain-bench/role/i`:
 * the same accounts on every run, and cheap to make (no key derivation path).
 */
export function keyPairs(role, count) {
  const keyring = new Keyring({ type: 'sr25519' });
  return Array.from({ length: count }, (_, i) =>
    keyring.addFromSeed(blake2AsU8a(stringToU8a(`iotchain-bench/${role}/${i}`), 256)),
  );
}

/** Alice, Bob, ... of the dev chain. */
export function devPair(name) {
  return new Keyring({ type: 'sr25519' }).addFromUri(`//${name}`);
}

/**
 * Submits `txs` (unsigned calls) from `signer` with consecutive nonces, all at once, and waits
 * until each is finalized; throws on the first failed dispatch. Setup only: never timed.
 */
export async function submitAllFinalized(api, signer, txs, what) {
  const [results] = await eachSubmitsFinalized(api, [signer], () => txs, what);
  return results;
}

/** Sends `amount` from Alice to every pair in `pairs`, in `utility.batchAll`s; waits for finality. */
export async function fund(api, pairs, amount) {
  const alice = devPair('Alice');
  const batches = [];
  for (let i = 0; i < pairs.length; i += FUNDING_BATCH) {
    const transfers = pairs
      .slice(i, i + FUNDING_BATCH)
      .map((pair) => api.tx.balances.transferKeepAlive(pair.address, amount));
    batches.push(api.tx.utility.batchAll(transfers));
  }
  await submitAllFinalized(api, alice, batches, 'funding batch');
}

/**
 * Every signer in `signers` sends its calls (from `callsOf(signer, index)`) at once, each with
 * its next nonce, and waits for finality; throws on the first failure. Setup only.
 */
export async function eachSubmitsFinalized(api, signers, callsOf, what) {
  const all = await Promise.all(
    signers.map(async (signer, index) => {
      const calls = callsOf(signer, index);
      const first = (await api.rpc.system.accountNextIndex(signer.address)).toNumber();
      return Promise.all(
        calls.map((tx, k) => signAndWaitFinalized(tx, signer, { nonce: first + k, timeoutMs: 300_000 })),
      );
    }),
  );
  for (const results of all) {
    for (const result of results) {
      if (result.dispatchError) throw new Error(`${what} failed: ${result.dispatchError}`);
    }
  }
  return all;
}

/** Counts `ExtrinsicFailed` events per error name among `events` (EventRecords). */
export function failuresIn(api, events) {
  const failures = new Map();
  for (const { event } of events) {
    if (!api.events.system.ExtrinsicFailed.is(event)) continue;
    const name = describeDispatchError(api.registry, event.data.dispatchError);
    failures.set(name, (failures.get(name) ?? 0) + 1);
  }
  return failures;
}
