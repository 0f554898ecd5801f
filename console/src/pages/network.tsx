// Network: best and finalized blocks (live), the runtime, the validators, and the council's
// pending motions.
import { useEffect, useState } from 'preact/hooks';
import { shortHex } from '../lib/bytes';
import { Card, Empty, Show, useApp, useAsync, useChain } from '../ui';

export function NetworkPage() {
  const chain = useChain();
  const { best, finalized, status } = useApp();
  const [recent, setRecent] = useState<{ number: number; hash: string; events: number }[]>([]);
  useEffect(() => {
    const subscription = chain.client.finalizedBlock$.subscribe(async (block) => {
      const events = await chain.api.query.System.Events.getValue({ at: block.hash });
      setRecent((list) => [{ number: block.number, hash: block.hash, events: events.length }, ...list.filter((b) => b.number !== block.number)].slice(0, 10));
    });
    return () => subscription.unsubscribe();
  }, [chain]);
  const state = useAsync(async () => {
    const [version, validators, aura, proposals, members] = await Promise.all([
      chain.api.constants.System.Version(),
      chain.api.query.ValidatorSet.Validators.getValue(),
      chain.api.query.Aura.Authorities.getValue(),
      chain.api.query.Council.Proposals.getValue(),
      chain.api.query.Council.Members.getValue(),
    ]);
    const motions = await Promise.all(
      proposals.map(async (hash) => {
        const [call, votes] = await Promise.all([chain.api.query.Council.ProposalOf.getValue(hash), chain.api.query.Council.Voting.getValue(hash)]);
        return { hash, call: call ? `${call.type}.${(call.value as { type: string }).type}` : '?', votes };
      }),
    );
    return { version, validators, aura, motions, members };
  }, [finalized?.number]);
  return (
    <>
      <Card title={`${chain.chainName} (${chain.chainType})`} id="network">
        <dl class="facts" data-testid="network-facts">
          <dt>node</dt><dd><code>{chain.url}</code> — {status}</dd>
          <dt>best block</dt><dd data-testid="best">{best ? `#${best.number} ${shortHex(best.hash)}` : '…'}</dd>
          <dt>finalized block</dt><dd data-testid="finalized">{finalized ? `#${finalized.number} ${shortHex(finalized.hash)}` : '…'}</dd>
          <dt>genesis</dt><dd><code>{chain.genesis}</code></dd>
        </dl>
        <h3>Recently finalized</h3>
        {recent.length === 0 ? <Empty>Waiting for the next finalized block…</Empty> : (
          <table>
            <thead><tr><th>block</th><th>hash</th><th>events</th></tr></thead>
            <tbody>{recent.map((b) => <tr><td>#{b.number}</td><td><code>{shortHex(b.hash)}</code></td><td>{b.events}</td></tr>)}</tbody>
          </table>
        )}
      </Card>
      <Show state={state} what="the runtime and validators">
        {({ version, validators, aura, motions, members }) => (
          <>
            <Card title="Runtime" id="runtime">
              <p>{version.spec_name} version {version.spec_version}, transaction version {version.transaction_version}.</p>
            </Card>
            <Card title={`Validators (${validators.length})`} id="validators">
              <ul>{validators.map((v) => <li><code>{v}</code></li>)}</ul>
              <p class="hint">{aura.length} Aura authorities this session.</p>
            </Card>
            <Card title="Council motions" id="motions">
              <p class="hint">{members.length} council members.</p>
              {motions.length === 0 ? <Empty>No pending motions.</Empty> : (
                <table>
                  <thead><tr><th>motion</th><th>call</th><th>ayes / threshold</th><th>nays</th><th>ends</th></tr></thead>
                  <tbody>
                    {motions.map((m) => (
                      <tr><td><code>{shortHex(m.hash)}</code></td><td>{m.call}</td><td>{m.votes ? `${m.votes.ayes.length} / ${m.votes.threshold}` : '?'}</td><td>{m.votes?.nays.length ?? '?'}</td><td>{m.votes ? `#${m.votes.end}` : '?'}</td></tr>
                    ))}
                  </tbody>
                </table>
              )}
            </Card>
          </>
        )}
      </Show>
    </>
  );
}
