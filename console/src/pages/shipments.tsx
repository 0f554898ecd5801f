// Shipments: an account's shipments; one shipment's custody chain and milestones on a timeline
// and a map, its conditions against the anchored condition reports with breaches marked, its
// escrow and whether it paid, and the provenance tree of the lots it carries.
import { useState } from 'preact/hooks';
import { formatBalance, fromHex, normalizeAccount, shortHex } from '../lib/bytes';
import type { Page } from '../lib/chain';
import { Card, Empty, ErrorBox, Show, link, useApp, useAsync, useChain } from '../ui';

type Named = string | Record<string, unknown>;
interface Rule {
  metric: Named;
  min: number;
  max: number;
}
export interface ShipmentView {
  id: number;
  shipper: string;
  receiver: string;
  custodian: string;
  pendingHandover: { to: string; location: string; offeredAt: number } | null;
  lots: number[];
  trackers: { device: string; nonce: number }[];
  conditions: Rule[];
  agreement: number | null;
  status: string;
  firstBreach: number | null;
  deposit: string;
  createdAt: number;
  deadline: number;
  historyLen: number;
}
interface Entry {
  index: number;
  block: number;
  moment: number;
  event: Record<string, Record<string, unknown>>;
}
interface LotView {
  id: number;
  producer: string;
  holder: string;
  productCode: string;
  quantity: number;
  inputs: number[];
  status: Named;
  shipments: number[];
}

const named = (value: Named): string => (typeof value === 'string' ? value : Object.entries(value).map(([k, v]) => `${k} ${typeof v === 'object' ? JSON.stringify(v) : v}`).join(''));
const text = (hex: unknown) => {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(fromHex(String(hex)));
  } catch {
    return String(hex);
  }
};
/** A metric's value in its unit: temperature in centi-°C shown as °C, and so on. */
const UNITS: Record<string, [number, string]> = { temperature: [100, '°C'], humidity: [100, '% RH'], shock: [1000, 'g'], tilt: [100, '°'], light: [1, 'lux'] };
const inUnit = (metric: Named, value: number) => {
  const [scale, unit] = UNITS[named(metric)] ?? [1, ''];
  return `${(value / scale).toLocaleString('en-US')} ${unit}`.trim();
};

/** UN/LOCODEs of the world's main ports and hubs, for the map; `lat,lon` locations work too. */
const PLACES: Record<string, [number, number]> = {
  DEHAM: [53.55, 9.99], NLRTM: [51.92, 4.48], NLAMS: [52.37, 4.9], BEANR: [51.22, 4.4], DEBRE: [53.08, 8.8], DEFRA: [50.11, 8.68], DEMUC: [48.14, 11.58], DEBER: [52.52, 13.4],
  FRPAR: [48.86, 2.35], FRLEH: [49.49, 0.11], GBLON: [51.51, -0.13], GBFXT: [51.96, 1.35], ESVLC: [39.47, -0.38], ESMAD: [40.42, -3.7], ITGOA: [44.41, 8.93], ITMIL: [45.46, 9.19],
  CHBSL: [47.56, 7.59], CHZRH: [47.38, 8.54], PLGDN: [54.35, 18.65], DKCPH: [55.68, 12.57], SEGOT: [57.71, 11.97], USNYC: [40.71, -74.0], USLAX: [33.74, -118.27], USCHI: [41.88, -87.63],
  USMEM: [35.15, -90.05], CNSHA: [31.23, 121.47], CNSZX: [22.54, 114.06], SGSIN: [1.29, 103.85], HKHKG: [22.32, 114.17], JPTYO: [35.68, 139.69], KRPUS: [35.1, 129.04], AEJEA: [25.01, 55.06],
  INBOM: [19.08, 72.88], BRSSZ: [-23.96, -46.33], ZADUR: [-29.86, 31.03], AUSYD: [-33.87, 151.21],
};
function place(location: string): [number, number] | null {
  const code = location.trim().toUpperCase().replace(/\s+/g, '');
  if (PLACES[code]) return PLACES[code];
  const match = /^(-?\d+(?:\.\d+)?),\s*(-?\d+(?:\.\d+)?)$/.exec(location.trim());
  return match ? [Number(match[1]), Number(match[2])] : null;
}

export function ShipmentsPage() {
  const chain = useChain();
  const { account, finalized } = useApp();
  const [id, setId] = useState('');
  const party = account ? normalizeAccount(account.address) : null;
  const shipments = useAsync(async () => (party ? chain.rpc<Page<ShipmentView>>('supplyChain_shipmentsByParty', [party, null, 100, null]) : null), [party, finalized?.number]);
  return (
    <>
      <Card title="Find a shipment" id="find">
        <form
          class="inline"
          onSubmit={(e) => {
            e.preventDefault();
            location.hash = `#/shipment/${id.trim()}`;
          }}
        >
          <input name="shipment" placeholder="shipment id" value={id} onInput={(e) => setId((e.target as HTMLInputElement).value)} />
          <button type="submit" disabled={!/^\d+$/.test(id.trim())}>Open</button>
        </form>
      </Card>
      <Card title="Your shipments" id="shipments">
        {!party ? (
          <Empty>Choose an account to see the shipments it took part in.</Empty>
        ) : (
          <Show state={shipments} what="the shipments">
            {(page) =>
              !page || page.items.length === 0 ? (
                <Empty>This account took part in no shipment.</Empty>
              ) : (
                <table>
                  <thead><tr><th>shipment</th><th>status</th><th>custodian</th><th>lots</th><th>history</th></tr></thead>
                  <tbody>
                    {page.items.map((s) => (
                      <tr><td><a href={link(`/shipment/${s.id}`)}>#{s.id}</a></td><td><span class={`chip ${s.status}`}>{s.status}</span></td><td><code>{shortHex(s.custodian)}</code></td><td>{s.lots.join(', ')}</td><td>{s.historyLen} entries</td></tr>
                    ))}
                  </tbody>
                </table>
              )
            }
          </Show>
        )}
      </Card>
    </>
  );
}

export function ShipmentPage({ id }: { id: string }) {
  const chain = useChain();
  const { finalized } = useApp();
  const valid = /^\d+$/.test(id);
  const state = useAsync(async () => {
    if (!valid) return null;
    const shipment = await chain.rpc<ShipmentView | null>('supplyChain_shipment', [Number(id), null]);
    if (!shipment) return null;
    const history = await chain.all<Entry>('supplyChain_history', [shipment.id], 2_048);
    const agreement = shipment.agreement === null ? null : await chain.rpc<Record<string, unknown> | null>('payments_agreement', [shipment.agreement, null]);
    const provenance = await Promise.all(
      shipment.lots.map((lot) => chain.rpc<{ lots: { depth: number; lot: LotView }[]; truncated: boolean } | null>('supplyChain_lotProvenance', [lot, null])),
    );
    return { shipment, history, agreement, provenance };
  }, [id, finalized?.number]);
  if (!valid) return <ErrorBox title={`"${id}" is not a shipment id`} detail="A shipment id is a number." />;
  return (
    <Show state={state} what={`shipment ${id}`}>
      {(found) =>
        !found ? (
          <ErrorBox title="Unknown shipment" detail={`No shipment ${id} exists on this chain.`} />
        ) : (
          <>
            <Summary shipment={found.shipment} history={found.history} agreement={found.agreement} />
            <Timeline history={found.history} />
            <RouteMap history={found.history} />
            <Conditions shipment={found.shipment} history={found.history} />
            <Provenance trees={found.provenance} />
          </>
        )
      }
    </Show>
  );
}

function Summary({ shipment, history, agreement }: { shipment: ShipmentView; history: Entry[]; agreement: Record<string, unknown> | null }) {
  const delivered = history.find((e) => e.event.delivered)?.event.delivered;
  const escrow =
    shipment.agreement === null
      ? 'no escrow'
      : agreement
        ? `escrow #${shipment.agreement}: ${formatBalance(String(agreement.amount))} held for ${shortHex(String(agreement.payee))}, ${named(agreement.status as Named)}`
        : delivered?.milestoneSignalled
          ? `escrow #${shipment.agreement}: paid to the carrier on delivery`
          : `escrow #${shipment.agreement}: ended without payment on delivery (refundable to the payer after its deadline)`;
  return (
    <Card title={`Shipment #${shipment.id}`} id="shipment">
      <dl class="facts" data-testid="shipment-facts">
        <dt>status</dt><dd><span class={`chip ${shipment.status}`} data-testid="shipment-status">{shipment.status}</span>{shipment.firstBreach !== null && <> — first breach at history entry {shipment.firstBreach}</>}</dd>
        <dt>shipper → receiver</dt><dd><code>{shortHex(shipment.shipper)}</code> → <code>{shortHex(shipment.receiver)}</code></dd>
        <dt>custodian</dt><dd><code>{shipment.custodian}</code>{shipment.pendingHandover && <> (handing over to <code>{shortHex(shipment.pendingHandover.to)}</code> at {text(shipment.pendingHandover.location)})</>}</dd>
        <dt>lots</dt><dd>{shipment.lots.join(', ')}</dd>
        <dt>trackers</dt><dd>{shipment.trackers.map((t) => <a href={link(`/device/${t.device}`)}><code>{shortHex(t.device)} </code></a>)}</dd>
        <dt>escrow</dt><dd data-testid="escrow">{escrow}</dd>
        <dt>created · deadline</dt><dd>block #{shipment.createdAt} · block #{shipment.deadline}</dd>
      </dl>
    </Card>
  );
}

function describe(entry: Entry): string {
  const [kind, fields] = Object.entries(entry.event)[0] ?? ['?', {}];
  switch (kind) {
    case 'created':
      return `created by ${shortHex(String(fields.shipper))} for ${shortHex(String(fields.receiver))}`;
    case 'custodyTransferred':
      return `custody ${shortHex(String(fields.from))} → ${shortHex(String(fields.to))} at ${text(fields.location)}`;
    case 'milestone': {
      const reporter = fields.reporter as Record<string, Record<string, unknown>>;
      const by = reporter.tracker ? `tracker ${shortHex(String(reporter.tracker.device))}` : `custodian ${shortHex(String(reporter.custodian))}`;
      return `${named(fields.kind as Named)} at ${text(fields.location)}, signed by ${by}${fields.evidence ? `, evidence anchor #${(fields.evidence as { seq: number }).seq}` : ''}`;
    }
    case 'conditionReport':
      return `${named(fields.metric as Named)} ${inUnit(fields.metric as Named, Number(fields.observedMin))} to ${inUnit(fields.metric as Named, Number(fields.observedMax))}${fields.breached ? ' — BREACH' : ''}, anchor ${shortHex(String((fields.anchor as { device: string }).device))} #${(fields.anchor as { seq: number }).seq}`;
    case 'delivered':
      return `delivered to ${shortHex(String(fields.receiver))}${fields.milestoneSignalled ? ', escrow released' : ', no payment (a rule was broken)'}`;
    case 'rejected':
      return `rejected by ${shortHex(String(fields.receiver))}: ${text(fields.reason)}`;
    case 'expired':
      return `closed as expired by ${shortHex(String(fields.by))}`;
    default:
      return kind;
  }
}

function Timeline({ history }: { history: Entry[] }) {
  return (
    <Card title="Custody and milestones" id="timeline">
      {history.length === 0 ? (
        <Empty>No history.</Empty>
      ) : (
        <ol class="timeline" data-testid="timeline">
          {history.map((entry) => {
            const kind = Object.keys(entry.event)[0] ?? '';
            const breach = kind === 'conditionReport' && entry.event.conditionReport?.breached;
            return (
              <li class={`${kind}${breach ? ' breach' : ''}`} data-kind={kind}>
                <time>{new Date(entry.moment).toLocaleString()}</time> <span class="block">#{entry.block}</span> {describe(entry)}
              </li>
            );
          })}
        </ol>
      )}
    </Card>
  );
}

/** Where custody changed hands and milestones happened, in order, on an equirectangular map. */
function RouteMap({ history }: { history: Entry[] }) {
  const stops = history
    .map((entry) => {
      const fields = entry.event.custodyTransferred ?? entry.event.milestone;
      return fields ? text(fields.location) : null;
    })
    .filter((location): location is string => !!location)
    .filter((location, i, all) => all[i - 1] !== location);
  const placed = stops.map((name) => ({ name, at: place(name) })).filter((s): s is { name: string; at: [number, number] } => !!s.at);
  if (stops.length === 0) return null;
  return (
    <Card title="Route" id="map">
      {placed.length > 0 && <Equirectangular stops={placed} />}
      <p class="hint">Stops: {stops.join(' → ')}{placed.length < stops.length && ' (locations that are neither a known UN/LOCODE nor "lat,lon" are listed but not drawn)'}</p>
    </Card>
  );
}

/** The stops on a latitude/longitude grid, true to scale at their middle latitude. */
function Equirectangular({ stops }: { stops: { name: string; at: [number, number] }[] }) {
  const [width, height, margin] = [640, 260, 36];
  const lats = stops.map((s) => s.at[0]);
  const lons = stops.map((s) => s.at[1]);
  const span = Math.max(Math.max(...lats) - Math.min(...lats), Math.max(...lons) - Math.min(...lons), 2);
  const [midLat, midLon] = [(Math.max(...lats) + Math.min(...lats)) / 2, (Math.max(...lons) + Math.min(...lons)) / 2];
  const squeeze = Math.max(0.2, Math.cos((midLat * Math.PI) / 180));
  const scale = Math.min((width - 2 * margin) / (span * 1.5 * squeeze), (height - 2 * margin) / (span * 1.5));
  // Grid lines every 1, 2, 5, … degrees: at most 8 across the wider of the two visible spans.
  const visible = Math.max(width / (scale * squeeze), height / scale);
  const grid = [1, 2, 5, 10, 20, 30].find((g) => visible / g <= 8) ?? 45;
  const x = (lon: number) => width / 2 + (lon - midLon) * squeeze * scale;
  const y = (lat: number) => height / 2 - (lat - midLat) * scale;
  const lonLines: number[] = [];
  for (let lon = Math.ceil((midLon - width / 2 / scale / squeeze) / grid) * grid; x(lon) < width; lon += grid) lonLines.push(lon);
  const latLines: number[] = [];
  for (let lat = Math.ceil((midLat - height / 2 / scale) / grid) * grid; y(lat) > 0; lat += grid) latLines.push(lat);
  return (
    <svg class="map" viewBox={`0 0 ${width} ${height}`} role="img" aria-label="route map" data-testid="route-map">
      {lonLines.map((lon) => (
        <g class="grid">
          <line x1={x(lon)} x2={x(lon)} y1={0} y2={height} />
          <text x={x(lon) + 2} y={height - 4}>{`${Math.abs(lon)}°${lon < 0 ? 'W' : 'E'}`}</text>
        </g>
      ))}
      {latLines.map((lat) => (
        <g class="grid">
          <line x1={0} x2={width} y1={y(lat)} y2={y(lat)} />
          <text x={4} y={y(lat) - 3}>{`${Math.abs(lat)}°${lat < 0 ? 'S' : 'N'}`}</text>
        </g>
      ))}
      <polyline points={stops.map((s) => `${x(s.at[1])},${y(s.at[0])}`).join(' ')} />
      {stops.map((s, i) => (
        <g class="stop">
          <circle cx={x(s.at[1])} cy={y(s.at[0])} r={5} />
          <text x={x(s.at[1]) + 8} y={y(s.at[0]) - 6}>{`${i + 1}. ${s.name}`}</text>
        </g>
      ))}
    </svg>
  );
}

function Conditions({ shipment, history }: { shipment: ShipmentView; history: Entry[] }) {
  const reports = history
    .filter((e) => e.event.conditionReport)
    .map((e) => e.event.conditionReport as { metric: Named; observedMin: number; observedMax: number; windowStart: number; breached: boolean });
  if (shipment.conditions.length === 0) return null;
  return (
    <Card title="Conditions against the anchored reports" id="conditions">
      {shipment.conditions.map((rule) => {
        const mine = reports.filter((r) => named(r.metric as Named) === named(rule.metric));
        const values = mine.flatMap((r) => [Number(r.observedMin), Number(r.observedMax)]).concat([rule.min, rule.max]);
        const [lo, hi] = [Math.min(...values), Math.max(...values)];
        const [width, height, pad] = [640, 160, 14];
        const y = (v: number) => height - pad - ((v - lo) / (hi - lo || 1)) * (height - 2 * pad);
        const step = (width - 2 * pad) / Math.max(mine.length, 1);
        return (
          <div>
            <p>
              {named(rule.metric)} must stay within {inUnit(rule.metric, rule.min)} and {inUnit(rule.metric, rule.max)}: {mine.length} {mine.length === 1 ? 'report' : 'reports'},{' '}
              <strong data-testid="breaches">{mine.filter((r) => r.breached).length} breached</strong>.
            </p>
            {mine.length > 0 && (
              <svg class="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${named(rule.metric)} reports`} data-testid="condition-chart">
                <rect class="band" x={pad} y={y(rule.max)} width={width - 2 * pad} height={Math.max(1, y(rule.min) - y(rule.max))} />
                {[rule.min, rule.max].map((limit) => (
                  <g class="limit">
                    <line x1={pad} x2={width - pad} y1={y(limit)} y2={y(limit)} />
                    <text x={width - pad - 2} y={y(limit) - 3} text-anchor="end">{inUnit(rule.metric, limit)}</text>
                  </g>
                ))}
                {mine.map((r, i) => {
                  const bar = Math.min(40, step - 8);
                  const left = pad + i * step + (step - bar) / 2;
                  return (
                    <g>
                      <rect class={r.breached ? 'breach' : 'within'} x={left} width={bar} y={y(r.observedMax)} height={Math.max(2, y(r.observedMin) - y(r.observedMax))}>
                        <title>{`${inUnit(rule.metric, r.observedMin)} to ${inUnit(rule.metric, r.observedMax)}${r.breached ? ': breach' : ''}, ${new Date(r.windowStart).toLocaleString()}`}</title>
                      </rect>
                      <text x={left + bar + 4} y={y(r.observedMax) + 10}>{`${inUnit(rule.metric, r.observedMin)}–${inUnit(rule.metric, r.observedMax)}`}</text>
                    </g>
                  );
                })}
              </svg>
            )}
          </div>
        );
      })}
    </Card>
  );
}

function lotStatus(status: Named): string {
  if (typeof status === 'string') return status;
  const { inShipment, consumed } = status as { inShipment?: number; consumed?: { into: number } };
  if (inShipment !== undefined) return `in shipment #${inShipment}`;
  if (consumed) return `made into lot ${consumed.into}`;
  return named(status);
}

function Provenance({ trees }: { trees: ({ lots: { depth: number; lot: LotView }[]; truncated: boolean } | null)[] }) {
  return (
    <Card title="Provenance of the lots" id="provenance">
      {trees.map((tree) =>
        !tree ? null : (
          <ul class="tree" data-testid="provenance">
            {tree.lots.map(({ depth, lot }) => (
              <li style={{ marginLeft: `${depth * 1.5}em` }}>
                lot {lot.id}: {text(lot.productCode)} × {lot.quantity}, made by <code>{shortHex(lot.producer)}</code>
                {lot.inputs.length > 0 && <> from lots {lot.inputs.join(', ')}</>}, {lotStatus(lot.status)}
                {lot.shipments.length > 0 && <> — shipped in {lot.shipments.map((s) => <a href={link(`/shipment/${s}`)}>#{s} </a>)}</>}
              </li>
            ))}
            {tree.truncated && <li>older lots left out</li>}
          </ul>
        ),
      )}
    </Card>
  );
}
