// Chain-level helpers shared by the tests: submitting extrinsics, reading
// balances at a given block, and waiting for finality.

import { withTimeout } from './node.js';

const TX_TIMEOUT_MS = 120_000;

/**
 * A dispatch error as a readable "Section.Name" string:
 *  - module errors via the metadata, e.g. `balances.InsufficientBalance`
 *    (section as named by @polkadot/api, i.e. like `api.tx.balances`);
 *  - enum-with-inner errors as `${type}.${inner}`, e.g. `Token.FundsUnavailable`,
 *    `Arithmetic.Underflow`;
 *  - unit errors as their name, e.g. `BadOrigin`.
 */
export function describeDispatchError(registry, dispatchError) {
  if (dispatchError.isModule) {
    const { section, name } = registry.findMetaError(dispatchError.asModule);
    return `${section}.${name}`;
  }
  const inner = dispatchError.value.toJSON(); // null for unit variants
  if (inner === null) return dispatchError.type;
  return `${dispatchError.type}.${typeof inner === 'string' ? inner : JSON.stringify(inner)}`;
}

/**
 * Signs and submits `tx`, resolving once it is in a finalized block with
 * `{blockHash, txHash, events, dispatchError}`: `events` are that extrinsic's
 * events only, `dispatchError` is undefined on success or a string from
 * `describeDispatchError`. Rejects if the pool rejects, drops or replaces the
 * transaction, or if it is not finalized within `timeoutMs`.
 *
 * `nonce` (optional) signs with that nonce instead of the next one the node
 * knows of, so that one account can have several transactions in the pool at
 * once (e.g. two in the same block): fetch `system.accountNextIndex` once and
 * count up.
 */
export function signAndWaitFinalized(tx, signer, { timeoutMs = TX_TIMEOUT_MS, nonce } = {}) {
  return signAndWait(tx, signer, { until: 'finalized', timeoutMs, nonce });
}

/**
 * Like `signAndWaitFinalized`, but resolves as soon as `tx` is in a block of
 * the best chain, with that block's hash: for a step that the next one only
 * needs included, to save the 2-3 blocks finality takes. Whoever uses it
 * should check later that the block was finalized (`isFinalized`).
 */
export function signAndWaitInBlock(tx, signer, { timeoutMs = TX_TIMEOUT_MS, nonce } = {}) {
  return signAndWait(tx, signer, { until: 'inBlock', timeoutMs, nonce });
}

function signAndWait(tx, signer, { until, timeoutMs, nonce }) {
  return new Promise((resolve, reject) => {
    let unsubscribe;
    let done = false;
    const finish = (err, value) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      unsubscribe?.();
      if (err) reject(err);
      else resolve(value);
    };
    const timer = setTimeout(
      () => finish(new Error(`extrinsic not ${until === 'inBlock' ? 'in a block' : 'finalized'} in ${timeoutMs} ms`)),
      timeoutMs,
    );

    tx.signAndSend(signer, nonce === undefined ? {} : { nonce }, (result) => {
      const { status } = result;
      if (status.isInvalid || status.isDropped || status.isUsurped || status.isFinalityTimeout) {
        finish(new Error(`extrinsic ${result.txHash.toHex()} ${status.type}`));
      } else if (until === 'inBlock' ? status.isInBlock : status.isFinalized) {
        finish(null, {
          blockHash: (until === 'inBlock' ? status.asInBlock : status.asFinalized).toHex(),
          txHash: result.txHash.toHex(),
          events: result.events,
          dispatchError: result.dispatchError
            ? describeDispatchError(tx.registry, result.dispatchError)
            : undefined,
        });
      }
    }).then(
      (unsub) => {
        unsubscribe = unsub;
        if (done) unsub(); // finished before the subscription handle arrived
      },
      (err) => finish(err), // e.g. the RPC refused it outright (1010 invalid transaction)
    );
  });
}

/** Resolves with the finalized block number once it reaches `n`; rejects after `timeoutMs`. */
export async function waitForFinalizedAtLeast(api, n, timeoutMs) {
  let reachedTarget;
  const reached = new Promise((resolve) => {
    reachedTarget = resolve;
  });
  const subscription = api.rpc.chain.subscribeFinalizedHeads((header) => {
    const number = header.number.toNumber();
    if (number >= n) reachedTarget(number);
  });
  try {
    await subscription;
    return await withTimeout(reached, timeoutMs, `finalized block did not reach #${n} within ${timeoutMs} ms`);
  } finally {
    subscription.then((unsubscribe) => unsubscribe(), () => {});
  }
}

/** Whether `blockHash` is finalized: on the canonical chain, at or below the finalized head. */
export async function isFinalized(api, blockHash) {
  const { number } = await api.rpc.chain.getHeader(blockHash);
  if (number.toNumber() > (await finalizedNumber(api))) return false;
  return (await api.rpc.chain.getBlockHash(number)).toHex() === blockHash;
}

/** The current finalized block number. */
export async function finalizedNumber(api) {
  const hash = await api.rpc.chain.getFinalizedHead();
  return (await api.rpc.chain.getHeader(hash)).number.toNumber();
}

/** Free balance of `address` in the state at `blockHash`, as a BigInt. */
export async function freeBalanceAt(api, address, blockHash) {
  const apiAt = await api.at(blockHash);
  const { data } = await apiAt.query.system.account(address);
  return data.free.toBigInt();
}

/** `{free, reserved}` of `address` in the state at `blockHash`, as BigInts (`reserved` includes holds). */
export async function accountAt(api, address, blockHash) {
  const apiAt = await api.at(blockHash);
  const { data } = await apiAt.query.system.account(address);
  return { free: data.free.toBigInt(), reserved: data.reserved.toBigInt() };
}

/**
 * What `balances.Deposit` events of block `blockHash` paid to `address`, as a
 * BigInt: e.g. the block author's share of the block's transaction fees.
 */
export async function depositedIn(api, blockHash, address) {
  const events = await (await api.at(blockHash)).query.system.events();
  return events
    .filter(({ event }) => api.events.balances.Deposit.is(event) && event.data.who.toString() === address)
    .reduce((sum, { event }) => sum + event.data.amount.toBigInt(), 0n);
}

/** Hash of the parent of `blockHash`. */
export async function parentHash(api, blockHash) {
  return (await api.rpc.chain.getHeader(blockHash)).parentHash.toHex();
}

/** The first event among `events` (EventRecords) matching `eventDef` (e.g. `api.events.system.ExtrinsicFailed`). */
export function findEvent(events, eventDef) {
  return events.find(({ event }) => eventDef.is(event))?.event;
}
