// Energy markets: each market's terms and float, its intervals not yet settled (orders, the
// clearing price, the meters' proven readings) and its settled history. Everything is read
// through the energyMarket_* RPC methods, as any client would (docs/energy-market.md).
import { formatBalance, shortHex } from '../lib/bytes';
import type { Page } from '../lib/chain';
import { Card, Empty, Show, useApp, useAsync, useChain } from '../ui';

interface Terms {
  intervalMs: number;
  gridBuyPrice: string;
  gridSellPrice: string;
  maxIntervalWh: number;
}

interface Market {
  id: number;
  operator: string;
  terms: Terms;
  start: number;
  members: number;
  openIntervals: number;
  float: string;
  reserved: string;
  currentInterval: number | null;
}

interface Order {
  meter: string;
  account: string;
  side: 'buy' | 'sell';
  quantity: number;
  price: string;
  filled: number;
  held: string;
}

interface Interval {
  interval: number;
  start: number;
  end: number;
  reportDeadline: number;
  orders: Order[];
  clearing: { price: string; volume: number; reserved: string } | null;
  readings: { meter: string; exportedWh: number; importedWh: number }[];
}

interface Settled {
  interval: number;
  price: string;
  volume: number;
  delivered: number;
  paidToGrid: string;
  paidByGrid: string;
}

/** A price per watt-hour as IOT per kWh, the unit energy is priced in. */
const perKwh = (perWh: string) => `${formatBalance(BigInt(perWh) * 1000n)}/kWh`;
const time = (ms: number) => new Date(ms).toLocaleTimeString();

export function MarketsPage() {
  const chain = useChain();
  const { finalized } = useApp();
  const state = useAsync(() => chain.rpc<Page<Market>>('energyMarket_markets', [null, 100, null]), [finalized?.number]);
  return (
    <Show state={state} what="the energy markets">
      {(page) => (
        <Card title="Energy markets" id="markets">
          {page.items.length === 0 ? (
            <Empty>No energy market yet: an operator opens one with energyMarket.createMarket.</Empty>
          ) : (
            <table>
              <thead><tr><th>#</th><th>operator (grid)</th><th>interval</th><th>grid buys / sells at</th><th>members</th><th>open intervals</th></tr></thead>
              <tbody>
                {page.items.map((m) => (
                  <tr>
                    <td><a href={`#/market/${m.id}`}>#{m.id}</a></td>
                    <td><code>{shortHex(m.operator)}</code></td>
                    <td>{m.terms.intervalMs / 1000} s</td>
                    <td>{perKwh(m.terms.gridSellPrice)} / {perKwh(m.terms.gridBuyPrice)}</td>
                    <td>{m.members}</td>
                    <td>{m.openIntervals}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      )}
    </Show>
  );
}

export function MarketPage({ id }: { id: string }) {
  const chain = useChain();
  const { finalized } = useApp();
  const market = Number(id);
  const state = useAsync(async () => {
    const [view, intervals, history] = await Promise.all([
      chain.rpc<Market | null>('energyMarket_market', [market, null]),
      chain.rpc<Page<Interval>>('energyMarket_intervals', [market, null, 100, null]),
      chain.rpc<Settled[]>('energyMarket_history', [market, null]),
    ]);
    return { view, intervals: intervals.items.sort((a, b) => a.interval - b.interval), history };
  }, [market, finalized?.number]);
  if (!Number.isInteger(market) || market < 0) return <Empty>No such market: {id}</Empty>;
  return (
    <Show state={state} what={`market #${id}`}>
      {({ view, intervals, history }) =>
        !view ? (
          <Empty>No market #{market}: it never existed or was closed.</Empty>
        ) : (
          <>
            <Card title={`Energy market #${market}`} id="market">
              <dl class="facts" data-testid="market-facts">
                <dt>operator (grid)</dt><dd><code>{view.operator}</code></dd>
                <dt>interval</dt><dd>{view.terms.intervalMs / 1000} s; now #{view.currentInterval ?? '–'}</dd>
                <dt>the grid sells at</dt><dd>{perKwh(view.terms.gridBuyPrice)}</dd>
                <dt>the grid buys at</dt><dd>{perKwh(view.terms.gridSellPrice)}</dd>
                <dt>a connection carries</dt><dd>{view.terms.maxIntervalWh} Wh an interval</dd>
                <dt>members</dt><dd>{view.members}</dd>
                <dt>grid float</dt><dd>{formatBalance(view.float)} ({formatBalance(view.reserved)} reserved)</dd>
              </dl>
            </Card>
            <Card title="Intervals not yet settled" id="intervals">
              {intervals.length === 0 ? <Empty>No orders waiting.</Empty> : intervals.map((i) => <IntervalCard interval={i} />)}
            </Card>
            <Card title="Settlements" id="settlements">
              {history.length === 0 ? (
                <Empty>No interval settled yet.</Empty>
              ) : (
                <table>
                  <thead><tr><th>interval</th><th>clearing price</th><th>traded</th><th>delivered</th><th>paid to the grid</th><th>paid by the grid</th></tr></thead>
                  <tbody>
                    {history.map((s) => (
                      <tr data-interval={s.interval}>
                        <td>#{s.interval}</td>
                        <td>{s.volume === 0 ? 'no match' : perKwh(s.price)}</td>
                        <td>{s.volume} Wh</td>
                        <td>{s.delivered} Wh</td>
                        <td>{formatBalance(s.paidToGrid)}</td>
                        <td>{formatBalance(s.paidByGrid)}</td>
                      </tr>
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

function IntervalCard({ interval: i }: { interval: Interval }) {
  const reading = (meter: string) => i.readings.find((r) => r.meter === meter);
  return (
    <section class="interval" data-interval={i.interval}>
      <h3>
        #{i.interval}: {time(i.start)}–{time(i.end)} ·{' '}
        {i.clearing ? (i.clearing.volume === 0 ? 'cleared, no match' : `cleared at ${perKwh(i.clearing.price)} for ${i.clearing.volume} Wh`) : 'open for orders until it starts'}
      </h3>
      <table>
        <thead><tr><th>meter</th><th>side</th><th>Wh</th><th>limit</th><th>matched</th><th>held</th><th>metered (out / in)</th></tr></thead>
        <tbody>
          {i.orders.map((o) => {
            const metered = reading(o.meter);
            return (
              <tr>
                <td><a href={`#/device/${o.meter}`}><code>{shortHex(o.meter)}</code></a></td>
                <td>{o.side}</td>
                <td>{o.quantity}</td>
                <td>{perKwh(o.price)}</td>
                <td>{i.clearing ? `${o.filled} Wh` : '–'}</td>
                <td>{formatBalance(o.held)}</td>
                <td>{metered ? `${metered.exportedWh} / ${metered.importedWh} Wh` : '–'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
