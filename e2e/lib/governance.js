// Council motions as a dApp or Polkadot.js Apps user makes them: propose, vote, close.

import { findEvent, signAndWaitFinalized } from './chain.js';

/**
 * Proposes `call` to the council with `threshold` ayes needed, votes aye as the
 * proposer, has each of `ayes` and `nays` vote, then closes the motion. (Proposing
 * is not voting: the proposer votes like any member.) With `threshold` 1 the
 * motion executes at once and nothing is voted on.
 *
 * Resolves with `{ index, hash, outcome, events }`: `outcome` is 'Executed',
 * 'Disapproved' or 'Closed'; for 'Executed', `result` is undefined when the call
 * succeeded, else its error as "section.Name".
 */
export async function councilMotion(api, { proposer, call, threshold, ayes = [], nays = [] }) {
  const lengthBound = call.method.encodedLength;
  const proposed = await signAndWaitFinalized(
    api.tx.council.propose(threshold, call, lengthBound),
    proposer,
  );
  if (proposed.dispatchError) {
    return { outcome: 'Rejected', error: proposed.dispatchError, events: proposed.events };
  }
  if (threshold <= 1) {
    return { outcome: 'Executed', ...executedResult(api, proposed.events), events: proposed.events };
  }

  const { proposalIndex, proposalHash } = findEvent(proposed.events, api.events.council.Proposed).data;
  const index = proposalIndex.toNumber();
  const hash = proposalHash.toHex();
  for (const [voters, aye] of [[[proposer, ...ayes], true], [nays, false]]) {
    await Promise.all(
      voters.map(async (voter) => {
        const vote = await signAndWaitFinalized(api.tx.council.vote(hash, index, aye), voter);
        if (vote.dispatchError) throw new Error(`vote by ${voter.address}: ${vote.dispatchError}`);
      }),
    );
  }

  const { weight } = await api.call.transactionPaymentCallApi.queryCallInfo(call, lengthBound);
  const closed = await signAndWaitFinalized(
    api.tx.council.close(hash, index, weight, lengthBound),
    proposer,
  );
  if (closed.dispatchError) throw new Error(`close: ${closed.dispatchError}`);
  if (findEvent(closed.events, api.events.council.Disapproved)) {
    return { index, hash, outcome: 'Disapproved', events: closed.events };
  }
  if (findEvent(closed.events, api.events.council.Executed)) {
    return { index, hash, outcome: 'Executed', ...executedResult(api, closed.events), events: closed.events };
  }
  return { index, hash, outcome: 'Closed', events: closed.events };
}

/** The `result` of a `council.Executed` event: undefined on success, else "section.Name". */
function executedResult(api, events) {
  const executed = findEvent(events, api.events.council.Executed);
  if (!executed) return { result: 'not executed' };
  const { result } = executed.data;
  if (result.isOk) return { result: undefined };
  const error = result.asErr;
  if (error.isModule) {
    const { section, name } = api.registry.findMetaError(error.asModule);
    return { result: `${section}.${name}` };
  }
  return { result: error.type };
}
