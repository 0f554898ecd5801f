// Devices: an owner's devices, registration (one, or many from CSV), and one device's record,
// DID document, actions, anchors, gateway readings with anomaly flags, rentals and channels.
import { useEffect, useState } from 'preact/hooks';
import { blake2, formatBalance, fromHex, normalizeAccount, shortHex, ss58 } from '../lib/bytes';
import type { Page } from '../lib/chain';
import { keptDeviceKey, newDeviceKey } from '../lib/devicekeys';
import { registrationPayload, rotationPayload, type KeyType, type PublicKey } from '../lib/payloads';
import { submit } from '../lib/tx';
import { Card, Empty, ErrorBox, Field, Show, link, useApp, useAsync, useChain } from '../ui';
import { ReadingsCard } from './readings';

export interface DeviceView {
  id: string;
  owner: string;
  key: PublicKey;
  status: 'active' | 'suspended' | 'revoked';
  kind: string;
  manufacturer: string;
  model: string;
  metadata: string;
  contentHash: string | null;
  registeredAt: number;
  deposit: string;
  operators: string[];
  pendingTransfer: string | null;
  certifications: { certifier: string; claimHash: string; expiresAt: number }[];
}

export const KINDS = ['sensor', 'actuator', 'gateway', 'meter', 'tracker', 'vehicle', 'other'];
const PAGE = 25;

const capital = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
const text = (hex: string) => {
  const bytes = fromHex(hex);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return hex;
  }
};
const bytesOf = (value: string) => new TextEncoder().encode(value);
const papiKey = (key: PublicKey) => ({ type: capital(key.type) as 'Ed25519' | 'Sr25519' | 'Ecdsa', value: key.publicKey });
const papiSignature = (type: KeyType, signature: string) => ({ type: capital(type) as 'Ed25519' | 'Sr25519' | 'Ecdsa', value: signature });

/** The device id of a key: the key itself, or BLAKE2b-256 of an ECDSA key's 33 bytes. */
export const deviceIdOf = (key: PublicKey) => ss58(key.type === 'ecdsa' ? blake2(fromHex(key.publicKey)) : fromHex(key.publicKey));

export function StatusChip({ status }: { status: string }) {
  return <span class={`chip ${status}`}>{status}</span>;
}

export function DevicesPage({ owner: routeOwner }: { owner?: string }) {
  const chain = useChain();
  const { account, finalized } = useApp();
  const owner = normalizeAccount(routeOwner ?? account?.address ?? '');
  const [pages, setPages] = useState(1);
  const devices = useAsync(async () => {
    if (!owner) return { items: [] as DeviceView[], next: null as unknown };
    const items: DeviceView[] = [];
    let cursor: unknown = null;
    for (let page = 0; page < pages; page++) {
      const answer = await chain.rpc<Page<DeviceView>>('deviceRegistry_devicesByOwner', [owner, cursor, PAGE, null]);
      items.push(...answer.items);
      cursor = answer.next;
      if (cursor === null) break;
    }
    return { items, next: cursor };
  }, [owner, pages, finalized?.number]);

  if (routeOwner && !owner) return <ErrorBox title={`"${routeOwner}" is not an account address`} />;
  return (
    <>
      <Card title={owner ? `Devices of ${shortHex(owner, 8)}` : 'Devices'} id="devices">
        {!owner ? (
          <Empty>Choose an account (top right) to see its devices, or open #/devices/&lt;owner address&gt;.</Empty>
        ) : (
          <Show state={devices} what="the devices">
            {({ items, next }) =>
              items.length === 0 ? (
                <Empty>No devices yet. Register one below.</Empty>
              ) : (
                <>
                  <table data-testid="device-list">
                    <thead>
                      <tr><th>device</th><th>kind</th><th>status</th><th>certifications</th><th>registered</th></tr>
                    </thead>
                    <tbody>
                      {items.map((device) => (
                        <tr data-device={device.id}>
                          <td><a href={link(`/device/${device.id}`)}>{shortHex(device.id, 10)}</a></td>
                          <td>{device.kind}</td>
                          <td><StatusChip status={device.status} /></td>
                          <td>{device.certifications.length}</td>
                          <td>#{device.registeredAt}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  {next !== null && <button onClick={() => setPages(pages + 1)}>Load more</button>}
                </>
              )
            }
          </Show>
        )}
      </Card>
      <RegisterCard onDone={devices.reload} />
      <BulkCard onDone={devices.reload} />
    </>
  );
}

interface Registration {
  key: PublicKey;
  proof: string;
  kind: string;
  manufacturer: string;
  model: string;
  metadata: string;
}

function registrationArgs(r: Registration) {
  return {
    key: papiKey(r.key),
    proof: papiSignature(r.key.type, r.proof),
    kind: { type: capital(r.kind) as 'Sensor' | 'Actuator' | 'Gateway' | 'Meter' | 'Tracker' | 'Vehicle' | 'Other', value: undefined },
    manufacturer: bytesOf(r.manufacturer),
    model: bytesOf(r.model),
    metadata: bytesOf(r.metadata),
    content_hash: undefined,
  };
}

/** What a transaction is doing, for the forms. */
function useProgress() {
  const [progress, setProgress] = useState<{ step: string; error?: string; done?: string } | null>(null);
  return { progress, setProgress };
}

function Progress({ progress }: { progress: { step: string; error?: string; done?: string } | null }) {
  if (!progress) return null;
  if (progress.error) return <ErrorBox title="Failed" detail={progress.error} />;
  return <p class={progress.done ? 'state ok' : 'state loading'} role="status">{progress.done ?? progress.step}</p>;
}

function RegisterCard({ onDone }: { onDone(): void }) {
  const chain = useChain();
  const { account } = useApp();
  const [source, setSource] = useState<'generate' | 'paste'>('generate');
  const [form, setForm] = useState({ kind: 'sensor', manufacturer: '', model: '', metadata: '', keyType: 'ed25519', publicKey: '', proof: '' });
  const [seed, setSeed] = useState<string | null>(null);
  const { progress, setProgress } = useProgress();
  const set = (field: string) => (e: Event) => setForm({ ...form, [field]: (e.target as HTMLInputElement).value });

  async function register(e: Event) {
    e.preventDefault();
    if (!account) return setProgress({ step: '', error: 'Choose an account to register with.' });
    try {
      let key: PublicKey;
      let proof: string;
      if (source === 'generate') {
        const made = newDeviceKey();
        key = made.key;
        proof = made.sign(registrationPayload(chain.genesis, account.address, key));
        setSeed(made.seed);
      } else {
        key = { type: form.keyType as KeyType, publicKey: form.publicKey.trim() };
        proof = form.proof.trim();
        fromHex(key.publicKey);
        fromHex(proof);
      }
      const tx = chain.api.tx.DeviceRegistry.register_device({
        registration: registrationArgs({ key, proof, kind: form.kind, manufacturer: form.manufacturer, model: form.model, metadata: form.metadata }),
      });
      setProgress({ step: 'signing…' });
      const outcome = await submit(tx, account.signer, (step) => setProgress({ step }));
      if (!outcome.ok) return setProgress({ step: '', error: `The chain refused it: ${outcome.error}` });
      setProgress({ step: '', done: `Registered ${deviceIdOf(key)} in block #${outcome.block}.` });
      onDone();
    } catch (error) {
      setProgress({ step: '', error: String(error instanceof Error ? error.message : error) });
    }
  }

  return (
    <Card title="Register a device" id="register">
      <form onSubmit={register} class="grid">
        <Field label="kind">
          <select name="kind" value={form.kind} onChange={set('kind')}>
            {KINDS.map((kind) => <option value={kind}>{kind}</option>)}
          </select>
        </Field>
        <Field label="manufacturer"><input name="manufacturer" value={form.manufacturer} onInput={set('manufacturer')} /></Field>
        <Field label="model"><input name="model" value={form.model} onInput={set('model')} /></Field>
        <Field label="metadata (URI or CID)"><input name="metadata" value={form.metadata} onInput={set('metadata')} /></Field>
        <fieldset>
          <legend>the device's key</legend>
          <label><input type="radio" name="source" checked={source === 'generate'} onChange={() => setSource('generate')} /> make an ed25519 key here and sign its proof</label>
          <label><input type="radio" name="source" checked={source === 'paste'} onChange={() => setSource('paste')} /> paste the key and the proof the device signed</label>
          {source === 'paste' && (
            <>
              <Field label="key type">
                <select name="keyType" value={form.keyType} onChange={set('keyType')}>
                  <option>ed25519</option><option>sr25519</option><option>ecdsa</option>
                </select>
              </Field>
              <Field label="public key (0x…)"><input name="publicKey" value={form.publicKey} onInput={set('publicKey')} /></Field>
              <Field label={`proof: the key's signature of ("iotchain/register", genesis, ${account ? shortHex(account.address) : 'owner'}, key)`}>
                <input name="proof" value={form.proof} onInput={set('proof')} />
              </Field>
            </>
          )}
        </fieldset>
        <button type="submit" disabled={!account}>Register</button>
      </form>
      <Progress progress={progress} />
      {seed && progress?.done && (
        <p class="secret">The device's secret seed, to put on the device (kept in this browser too): <code data-testid="device-seed">{seed}</code></p>
      )}
    </Card>
  );
}

/** `keyType,publicKey,proof,kind,manufacturer,model,metadata`, one device a line; an empty key makes one here. */
export function parseCsv(csv: string, owner: string, genesis: string): Registration[] {
  const lines = csv.split(/\r?\n/).map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
  if (lines[0]?.toLowerCase().startsWith('keytype')) lines.shift();
  if (lines.length === 0) throw new Error('no devices in the file');
  return lines.map((line, index) => {
    const [keyType = '', publicKey = '', proof = '', kind = 'sensor', manufacturer = '', model = '', metadata = ''] = line.split(',').map((cell) => cell.trim());
    const where = `line ${index + 1}`;
    if (!KINDS.includes(kind.toLowerCase())) throw new Error(`${where}: unknown kind "${kind}"`);
    if (!publicKey) {
      const made = newDeviceKey();
      return { key: made.key, proof: made.sign(registrationPayload(genesis, owner, made.key)), kind: kind.toLowerCase(), manufacturer, model, metadata };
    }
    if (!['ed25519', 'sr25519', 'ecdsa'].includes(keyType)) throw new Error(`${where}: key type must be ed25519, sr25519 or ecdsa`);
    try {
      fromHex(publicKey);
      fromHex(proof);
    } catch (error) {
      throw new Error(`${where}: ${(error as Error).message}`);
    }
    return { key: { type: keyType as KeyType, publicKey }, proof, kind: kind.toLowerCase(), manufacturer, model, metadata };
  });
}

function BulkCard({ onDone }: { onDone(): void }) {
  const chain = useChain();
  const { account } = useApp();
  const { progress, setProgress } = useProgress();
  async function upload(e: Event) {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (!file || !account) return;
    try {
      const registrations = parseCsv(await file.text(), account.address, chain.genesis);
      const max = await chain.api.constants.DeviceRegistry.MaxBatchRegistrations();
      if (registrations.length > max) throw new Error(`${registrations.length} devices: at most ${max} in one registration`);
      const tx = chain.api.tx.DeviceRegistry.register_devices({ registrations: registrations.map(registrationArgs) });
      const outcome = await submit(tx, account.signer, (step) => setProgress({ step }));
      if (!outcome.ok) return setProgress({ step: '', error: `The chain refused them: ${outcome.error}` });
      setProgress({ step: '', done: `Registered ${registrations.length} devices in block #${outcome.block}.` });
      onDone();
    } catch (error) {
      setProgress({ step: '', error: String(error instanceof Error ? error.message : error) });
    }
  }
  return (
    <Card title="Register many from a CSV file" id="bulk">
      <p class="hint">
        One device a line: <code>keyType,publicKey,proof,kind,manufacturer,model,metadata</code>. Leave the key and proof empty to make an
        ed25519 key here. All or nothing: one bad line registers none.
      </p>
      <input type="file" name="csv" accept=".csv,text/csv" disabled={!account} onChange={upload} />
      <Progress progress={progress} />
    </Card>
  );
}

export function DevicePage({ id }: { id: string }) {
  const chain = useChain();
  const { finalized } = useApp();
  const device = normalizeAccount(id);
  const view = useAsync(async () => (device ? chain.rpc<DeviceView | null>('deviceRegistry_device', [device, null]) : null), [device, finalized?.number]);
  if (!device) return <ErrorBox title={`"${id}" is not a device id`} detail="A device id is an SS58 address or 0x and 64 hex digits." />;
  return (
    <Show state={view} what="the device">
      {(found) =>
        !found ? (
          <ErrorBox title="Unknown device" detail={`No device ${device} is registered on this chain.`} />
        ) : (
          <>
            <DeviceCard device={found} onChange={view.reload} />
            <AnchorsCard device={found.id} />
            <ReadingsCard device={found.id} />
            <RentalsCard device={found.id} />
          </>
        )
      }
    </Show>
  );
}

function DeviceCard({ device, onChange }: { device: DeviceView; onChange(): void }) {
  const chain = useChain();
  const { account } = useApp();
  const { progress, setProgress } = useProgress();
  const [to, setTo] = useState('');
  const did = useAsync(() => chain.rpc<unknown>('deviceRegistry_didDocument', [device.id, null]), [device.id, device.key.publicKey, device.status]);
  const mine = account && (account.address === device.owner || device.operators.includes(account.address));

  async function act(label: string, tx: Parameters<typeof submit>[0]) {
    if (!account) return;
    try {
      const outcome = await submit(tx, account.signer, (step) => setProgress({ step: `${label}: ${step}` }));
      setProgress(outcome.ok ? { step: '', done: `${label}: done in block #${outcome.block}.` } : { step: '', error: `${label}: ${outcome.error}` });
      onChange();
    } catch (error) {
      setProgress({ step: '', error: `${label}: ${String(error instanceof Error ? error.message : error)}` });
    }
  }
  function rotate() {
    const made = newDeviceKey();
    const signed = made.sign(rotationPayload(chain.genesis, device.id, device.key, made.key));
    return act('rotate key', chain.api.tx.DeviceRegistry.rotate_key({ device: device.id, new_key: papiKey(made.key), proof: papiSignature('ed25519', signed) }));
  }

  return (
    <Card title={`Device ${shortHex(device.id, 10)}`} id="device">
      <dl class="facts" data-testid="device-facts">
        <dt>id</dt><dd><code>{device.id}</code></dd>
        <dt>status</dt><dd><StatusChip status={device.status} /></dd>
        <dt>kind</dt><dd>{device.kind}</dd>
        <dt>owner</dt><dd><a href={link(`/devices/${device.owner}`)}><code>{device.owner}</code></a></dd>
        <dt>key</dt><dd>{device.key.type} <code>{shortHex(device.key.publicKey, 10)}</code>{keptDeviceKey(device.key.publicKey) && ' (made in this browser)'}</dd>
        <dt>manufacturer · model</dt><dd>{text(device.manufacturer) || '—'} · {text(device.model) || '—'}</dd>
        <dt>metadata</dt><dd>{text(device.metadata) || '—'}</dd>
        <dt>registered</dt><dd>block #{device.registeredAt}, deposit {formatBalance(device.deposit)}</dd>
        <dt>operators</dt><dd>{device.operators.length ? device.operators.map((o) => <code>{shortHex(o)} </code>) : 'none'}</dd>
        <dt>transfer</dt><dd>{device.pendingTransfer ? <>offered to <code>{device.pendingTransfer}</code></> : 'none pending'}</dd>
        <dt>certifications</dt>
        <dd>
          {device.certifications.length === 0
            ? 'none'
            : device.certifications.map((c) => (
                <div>
                  by <code>{shortHex(c.certifier)}</code>, claim <code>{shortHex(c.claimHash)}</code>, until #{c.expiresAt}
                </div>
              ))}
        </dd>
      </dl>
      {mine && device.status !== 'revoked' && (
        <div class="actions">
          {device.status === 'active' && <button onClick={() => act('suspend', chain.api.tx.DeviceRegistry.suspend({ device: device.id }))}>Suspend</button>}
          {device.status === 'suspended' && <button onClick={() => act('resume', chain.api.tx.DeviceRegistry.resume({ device: device.id }))}>Resume</button>}
          <button onClick={rotate}>Rotate to a key made here</button>
          <span class="inline">
            <input placeholder="new owner's address" value={to} onInput={(e) => setTo((e.target as HTMLInputElement).value)} />
            <button
              disabled={!normalizeAccount(to)}
              onClick={() => act('offer transfer', chain.api.tx.DeviceRegistry.offer_transfer({ device: device.id, to: { type: 'Id', value: normalizeAccount(to)! } }))}
            >
              Offer transfer
            </button>
          </span>
          {device.pendingTransfer && <button onClick={() => act('cancel transfer', chain.api.tx.DeviceRegistry.cancel_transfer({ device: device.id }))}>Cancel transfer</button>}
        </div>
      )}
      <Progress progress={progress} />
      <details>
        <summary>DID document</summary>
        <Show state={did} what="the DID document">
          {(document) => <pre data-testid="did-document">{JSON.stringify(document, null, 2)}</pre>}
        </Show>
      </details>
    </Card>
  );
}

interface AnchorView {
  seq: number;
  kind: 'reading' | 'batch' | 'aggregate';
  digest: string;
  leafCount: number;
  firstTs: number | null;
  lastTs: number | null;
  block: number;
  moment: number;
}

function AnchorsCard({ device }: { device: string }) {
  const chain = useChain();
  const { finalized } = useApp();
  const [cursor, setCursor] = useState<number | null>(null);
  const [shown, setShown] = useState<AnchorView[]>([]);
  const page = useAsync(() => chain.rpc<Page<AnchorView>>('anchoring_anchors', [device, cursor, 100, null]), [device, cursor, finalized?.number]);
  useEffect(() => {
    if (!page.value) return;
    const byseq = new Map(shown.map((a) => [a.seq, a]));
    for (const anchor of page.value.items) byseq.set(anchor.seq, anchor);
    setShown([...byseq.values()].sort((a, b) => a.seq - b.seq));
  }, [page.value]);
  return (
    <Card title="Anchors and aggregates" id="anchors">
      <Show state={page} what="the anchors">
        {(answer) =>
          shown.length === 0 ? (
            <Empty>This device has anchored nothing itself{answer.next === null ? '' : ' yet'}. Readings sent through a gateway are anchored in the gateway's aggregates (below).</Empty>
          ) : (
            <>
              <Bars points={shown.map((a) => ({ x: a.moment, y: a.leafCount, label: `#${a.seq}: ${a.leafCount} at block ${a.block}` }))} />
              <table>
                <thead><tr><th>seq</th><th>kind</th><th>readings</th><th>block</th><th>time</th><th>digest</th></tr></thead>
                <tbody>
                  {shown.map((a) => (
                    <tr><td>{a.seq}</td><td>{a.kind}</td><td>{a.leafCount}</td><td>#{a.block}</td><td>{new Date(a.moment).toLocaleString()}</td><td><code>{shortHex(a.digest)}</code></td></tr>
                  ))}
                </tbody>
              </table>
              {answer.next !== null && <button onClick={() => setCursor(answer.next as number)}>Load more</button>}
            </>
          )
        }
      </Show>
    </Card>
  );
}

/** A bar per point, over time. */
export function Bars({ points }: { points: { x: number; y: number; label: string }[] }) {
  if (points.length === 0) return null;
  const width = 640;
  const height = 80;
  const max = Math.max(...points.map((p) => p.y), 1);
  const bar = Math.max(2, Math.min(24, width / points.length - 2));
  return (
    <svg class="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label="anchors over time">
      {points.map((p, i) => {
        const h = Math.max(2, (p.y / max) * (height - 4));
        return (
          <rect x={(i * width) / points.length} y={height - h} width={bar} height={h}>
            <title>{p.label}</title>
          </rect>
        );
      })}
    </svg>
  );
}

function RentalsCard({ device }: { device: string }) {
  const chain = useChain();
  const { finalized } = useApp();
  const state = useAsync(async () => {
    const [listing, rental, user] = await Promise.all([
      chain.rpc<Record<string, unknown> | null>('payments_listing', [device, null]),
      chain.rpc<Record<string, unknown> | null>('payments_rental', [device, null]),
      chain.rpc<string | null>('payments_currentUser', [device, null]),
    ]);
    const channels = (await chain.api.query.M2mPayments.Channels.getEntries()).filter(({ value }) => value.payer === device || value.payee === device);
    return { listing, rental, user, channels };
  }, [device, finalized?.number]);
  return (
    <Card title="Rentals and channels" id="rentals">
      <Show state={state} what="rentals and channels">
        {({ listing, rental, user, channels }) => (
          <>
            <p>{listing ? <>Listed for rent at {formatBalance(String(listing.pricePerBlock))} a block, {String(listing.minBlocks)}–{String(listing.maxBlocks)} blocks.</> : 'Not listed for rent.'}</p>
            <p>{rental ? <>Rented by <code>{String(rental.renter)}</code> from #{String(rental.start)} to #{String(rental.end)} ({String(rental.phase)}).</> : 'No rental.'}</p>
            <p>{user ? <>In use by <code>{user}</code>.</> : 'Nobody uses it now.'}</p>
            {channels.length === 0 ? (
              <p>No payment channels.</p>
            ) : (
              <table>
                <thead><tr><th>channel</th><th>payer</th><th>payee</th><th>deposit</th><th>claimed</th></tr></thead>
                <tbody>
                  {channels.map(({ keyArgs, value }) => (
                    <tr><td>{String(keyArgs[0])}</td><td><code>{shortHex(value.payer)}</code></td><td><code>{shortHex(value.payee)}</code></td><td>{formatBalance(value.deposit)}</td><td>{formatBalance(value.claimed)}</td></tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
      </Show>
    </Card>
  );
}
