// A device's readings as its gateway holds them: a chart of one metric with the anomaly flags
// the gateway anchored beside each reading, and each reading's way to the Verify page.
import { useState } from 'preact/hooks';
import { shortHex } from '../lib/bytes';
import { deviceReadings, flagNames, type ReadingView } from '../lib/gateway';
import { Card, Empty, Show, useApp, useAsync } from '../ui';

/** The numeric top-level fields of a JSON payload. */
export function metricsOf(payload: string | null): Record<string, number> {
  try {
    const value: unknown = JSON.parse(payload ?? '');
    if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
    return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, number] => typeof entry[1] === 'number'));
  } catch {
    return {};
  }
}

export function openInVerify(view: ReadingView) {
  sessionStorage.setItem('iotchain.verify', JSON.stringify(view, null, 2));
  location.hash = '#/verify';
}

export function ReadingsCard({ device }: { device: string }) {
  const { settings, finalized } = useApp();
  const readings = useAsync(() => deviceReadings(settings.gatewayUrl, device), [device, settings.gatewayUrl, finalized?.number]);
  const [metric, setMetric] = useState<string | null>(null);
  return (
    <Card title={`Readings at the gateway ${settings.gatewayUrl}`} id="readings">
      <Show state={readings} what="the readings">
        {(items) => {
          if (items.length === 0) return <Empty>The gateway holds no readings of this device.</Empty>;
          const names = [...new Set(items.flatMap((r) => Object.keys(metricsOf(r.payload))))].sort();
          const shown = metric && names.includes(metric) ? metric : names[0];
          const flagged = items.filter((r) => r.annotation.flags !== 0).length;
          const aggregates = new Map<string, ReadingView['proof']>();
          for (const r of items) if (r.proof) aggregates.set(`${r.proof.gateway}/${r.proof.aggregateSeq}`, r.proof);
          return (
            <>
              <p>
                {items.length} readings, {items.filter((r) => r.status === 'final').length} final, {flagged} flagged by the gateway's detector.
                {names.length > 1 && (
                  <select aria-label="metric" value={shown} onChange={(e) => setMetric((e.target as HTMLSelectElement).value)}>
                    {names.map((name) => <option>{name}</option>)}
                  </select>
                )}
              </p>
              {aggregates.size > 0 && (
                <p class="hint" data-testid="aggregates">
                  Anchored in {[...aggregates.values()].slice(-5).map((p) => `aggregate #${p!.aggregateSeq}${p!.block ? ` (block #${p!.block})` : ''}`).join(', ')}
                  {aggregates.size > 5 && ` and ${aggregates.size - 5} more`} of gateway <code>{shortHex([...aggregates.values()][0]!.gateway)}</code>.
                </p>
              )}
              {shown && <Line readings={items} metric={shown} />}
              <table data-testid="readings">
                <thead><tr><th>seq</th><th>taken</th><th>payload</th><th>flags</th><th>status</th><th>aggregate</th><th /></tr></thead>
                <tbody>
                  {items.slice(-50).reverse().map((r) => (
                    <tr data-seq={r.envelope.seq} class={r.annotation.flags ? 'flagged' : ''}>
                      <td>{r.envelope.seq}</td>
                      <td>{new Date(r.envelope.timestamp).toLocaleString()}</td>
                      <td><code>{r.payload ?? shortHex(r.payloadHex)}</code></td>
                      <td>{flagNames(r.annotation.flags).join(', ') || '—'}</td>
                      <td>{r.status}</td>
                      <td>{r.proof ? `#${r.proof.aggregateSeq}${r.proof.block ? ` in block #${r.proof.block}` : ''}` : '—'}</td>
                      <td>{r.status === 'final' && <button onClick={() => openInVerify(r)}>Verify</button>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          );
        }}
      </Show>
    </Card>
  );
}

/** One metric over time; flagged readings as red dots. */
function Line({ readings, metric }: { readings: ReadingView[]; metric: string }) {
  const points = readings
    .map((r) => ({ t: r.envelope.timestamp, v: metricsOf(r.payload)[metric], flags: r.annotation.flags, seq: r.envelope.seq }))
    .filter((p): p is { t: number; v: number; flags: number; seq: number } => typeof p.v === 'number');
  if (points.length === 0) return null;
  const [width, height, pad] = [640, 160, 8];
  const [t0, t1] = [Math.min(...points.map((p) => p.t)), Math.max(...points.map((p) => p.t))];
  const [v0, v1] = [Math.min(...points.map((p) => p.v)), Math.max(...points.map((p) => p.v))];
  const x = (t: number) => pad + ((t - t0) / (t1 - t0 || 1)) * (width - 2 * pad);
  const y = (v: number) => height - pad - ((v - v0) / (v1 - v0 || 1)) * (height - 2 * pad);
  return (
    <svg class="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${metric} over time`} data-testid="reading-chart">
      <polyline fill="none" stroke="currentColor" points={points.map((p) => `${x(p.t)},${y(p.v)}`).join(' ')} />
      {points.map((p) => (
        <circle cx={x(p.t)} cy={y(p.v)} r={p.flags ? 4 : 2} class={p.flags ? 'flag' : ''}>
          <title>{`#${p.seq}: ${metric} = ${p.v}${p.flags ? ` (${flagNames(p.flags).join(', ')})` : ''}`}</title>
        </circle>
      ))}
      <text x={pad} y={12}>{v1}</text>
      <text x={pad} y={height - 2}>{v0}</text>
    </svg>
  );
}
