// Payments: the account's escrow agreements, its payment channels (vouchers signed here, in the
// browser, and claimed), and its device rentals.
import { useState } from 'preact/hooks';
import { formatBalance, fromHex, shortHex, toHex } from '../lib/bytes';
import type { Page } from '../lib/chain';
import { submit } from '../lib/tx';
import { Card, Empty, ErrorBox, Field, Show, useApp, useAsync, useChain } from '../ui';

interface Agreement {
  id: number;
  payer: string;
  payee: string;
  amount: string;
  condition: unknown;
  deadline: number;
  status: unknown;
  claimable: boolean;
  refundable: boolean;
}

const condition = (value: unknown): string => {
  if (value === 'approval') return "the payer's approval";
  const c = value as { dataDelivered?: { device: string; seq: number; minReadings: number }; milestone?: { shipment: number; milestone: unknown } };
  if (c.dataDelivered) return `device ${shortHex(c.dataDelivered.device)} anchoring #${c.dataDelivered.seq} with ${c.dataDelivered.minReadings}+ readings`;
  if (c.milestone) return `shipment #${c.milestone.shipment} reaching ${JSON.stringify(c.milestone.milestone).replace(/"/g, '')}`;
  return JSON.stringify(value);
};

export function PaymentsPage() {
  const chain = useChain();
  const { account, finalized } = useApp();
  const me = account?.address ?? null;
  const state = useAsync(async () => {
    if (!me) return null;
    const [agreements, channels, rentals] = await Promise.all([
      chain.rpc<Page<Agreement>>('payments_agreementsByParty', [me, null, 100, null]),
      chain.api.query.M2mPayments.Channels.getEntries(),
      chain.api.query.M2mPayments.Rentals.getEntries(),
    ]);
    return {
      agreements: agreements.items,
      channels: channels.filter(({ value }) => value.payer === me || value.payee === me).map(({ keyArgs, value }) => ({ id: keyArgs[0], ...value })),
      rentals: rentals.filter(({ value }) => value.renter === me || value.owner === me).map(({ keyArgs, value }) => ({ device: keyArgs[0], ...value })),
    };
  }, [me, finalized?.number]);
  if (!me) return <Empty>Choose an account to see its payments.</Empty>;
  return (
    <Show state={state} what="the payments">
      {(found) =>
        found && (
          <>
            <Card title="Escrow agreements" id="agreements">
              {found.agreements.length === 0 ? (
                <Empty>No open agreements.</Empty>
              ) : (
                <table>
                  <thead><tr><th>#</th><th>payer → payee</th><th>amount</th><th>paid when</th><th>deadline</th><th>state</th></tr></thead>
                  <tbody>
                    {found.agreements.map((a) => (
                      <tr><td>{a.id}</td><td><code>{shortHex(a.payer)}</code> → <code>{shortHex(a.payee)}</code></td><td>{formatBalance(a.amount)}</td><td>{condition(a.condition)}</td><td>#{a.deadline}</td><td>{a.claimable ? 'claimable' : a.refundable ? 'refundable' : JSON.stringify(a.status).replace(/"/g, '')}</td></tr>
                    ))}
                  </tbody>
                </table>
              )}
            </Card>
            <Card title="Payment channels" id="channels">
              {found.channels.length === 0 ? (
                <Empty>No open channels.</Empty>
              ) : (
                found.channels.map((c) => <Channel channel={c} me={me} />)
              )}
            </Card>
            <Card title="Rentals" id="rentals">
              {found.rentals.length === 0 ? (
                <Empty>No rentals.</Empty>
              ) : (
                <table>
                  <thead><tr><th>device</th><th>renter</th><th>owner</th><th>blocks</th><th>rent held</th></tr></thead>
                  <tbody>
                    {found.rentals.map((r) => (
                      <tr><td><a href={`#/device/${r.device}`}><code>{shortHex(r.device)}</code></a></td><td><code>{shortHex(r.renter)}</code></td><td><code>{shortHex(r.owner)}</code></td><td>#{r.start}–#{r.end}</td><td>{formatBalance(r.rent_held)}</td></tr>
                    ))}
                  </tbody>
                </table>
              )}
            </Card>
          </>
        )
      }
    </Show>
  );
}

interface ChannelView {
  id: bigint;
  payer: string;
  payee: string;
  deposit: bigint;
  claimed: bigint;
  expires_at: number;
}

/** Amounts typed by people, in IOT with up to 12 decimals. */
function plancks(text: string): bigint | null {
  const match = /^(\d+)(?:\.(\d{1,12}))?$/.exec(text.trim());
  return match ? BigInt(match[1]) * 10n ** 12n + BigInt((match[2] ?? '').padEnd(12, '0')) : null;
}

function Channel({ channel, me }: { channel: ChannelView; me: string }) {
  const chain = useChain();
  const { account } = useApp();
  const [amount, setAmount] = useState('');
  const [voucher, setVoucher] = useState('');
  const [note, setNote] = useState<{ ok?: string; error?: string } | null>(null);
  const total = plancks(amount);

  async function sign() {
    if (!account?.signRaw || total === null) return;
    try {
      const payload = await chain.rpc<string>('payments_voucherPayload', [Number(channel.id), total.toString(), null]);
      setVoucher(toHex(account.signRaw(fromHex(payload))));
      setNote({ ok: `Voucher for ${formatBalance(total)} in all, signed here: hand it to the payee.` });
    } catch (error) {
      setNote({ error: String(error) });
    }
  }
  async function claim() {
    if (!account || total === null) return;
    try {
      const tx = chain.api.tx.M2mPayments.claim_voucher({ channel: channel.id, cumulative_amount: total, signature: { type: 'Sr25519', value: voucher.trim() } });
      const outcome = await submit(tx, account.signer, (step) => setNote({ ok: step }));
      setNote(outcome.ok ? { ok: `Claimed in block #${outcome.block}.` } : { error: outcome.error ?? 'refused' });
    } catch (error) {
      setNote({ error: String(error) });
    }
  }
  return (
    <div class="channel">
      <p>
        Channel #{String(channel.id)}: <code>{shortHex(channel.payer)}</code> → <code>{shortHex(channel.payee)}</code>, {formatBalance(channel.claimed)} of{' '}
        {formatBalance(channel.deposit)} claimed, open until #{channel.expires_at}.
      </p>
      <div class="inline">
        <Field label="total (IOT)"><input name="total" value={amount} onInput={(e) => setAmount((e.target as HTMLInputElement).value)} /></Field>
        {channel.payer === me && (
          <button disabled={total === null || !account?.signRaw} onClick={sign} title={account?.signRaw ? '' : 'vouchers are signed raw: use a dev account or sign with the device key'}>
            Sign voucher
          </button>
        )}
        {channel.payee === me && (
          <>
            <Field label="voucher signature"><input name="voucher" value={voucher} onInput={(e) => setVoucher((e.target as HTMLInputElement).value)} /></Field>
            <button disabled={total === null || !voucher} onClick={claim}>Claim</button>
          </>
        )}
      </div>
      {voucher && channel.payer === me && <p>Voucher: <code data-testid="voucher">{voucher}</code></p>}
      {note?.error && <ErrorBox title="Failed" detail={note.error} />}
      {note?.ok && <p class="state ok">{note.ok}</p>}
    </div>
  );
}
