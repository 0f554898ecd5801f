// Verify: a reading as the gateway hands it out (envelope, payload, proof), checked step by
// step against the chain, in the browser and by the chain's own `anchoring_verifyReading`.
import { useEffect, useState } from 'preact/hooks';
import { blake2, equal, fromHex, normalizeAccount, shortHex, toHex } from '../lib/bytes';
import type { Chain } from '../lib/chain';
import type { ReadingView } from '../lib/gateway';
import { envelopeBytes, merkleVerify, readingPayload, verifySignature, type Envelope, type PublicKey } from '../lib/payloads';
import { Card, ErrorBox, useApp, useChain } from '../ui';
import type { DeviceView } from './devices';

type Verdict = 'ok' | 'fail' | 'skip';
interface Step {
  name: string;
  verdict: Verdict;
  detail: string;
}

interface AnchorView {
  kind: string;
  digest: string;
  leafCount: number;
  block: number;
  moment: number;
}

/** The reading, or why it cannot be checked at all. */
export function parseReading(text: string): ReadingView {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`not JSON: ${(error as Error).message}`);
  }
  const view = value as Partial<ReadingView>;
  const envelope = view?.envelope as Partial<Envelope> | undefined;
  if (!envelope || typeof envelope !== 'object') throw new Error('no "envelope"');
  for (const field of ['device', 'seq', 'timestamp', 'payloadDigest', 'signature'] as const) {
    if (envelope[field] === undefined) throw new Error(`the envelope has no "${field}"`);
  }
  if (!normalizeAccount(String(envelope.device))) throw new Error('the envelope\'s "device" is not an account');
  if (!Number.isSafeInteger(envelope.seq) || !Number.isSafeInteger(envelope.timestamp)) throw new Error('"seq" and "timestamp" must be whole numbers');
  if (typeof view.payload !== 'string' && typeof view.payloadHex !== 'string') throw new Error('no "payload" or "payloadHex"');
  if (!view.proof || typeof view.proof !== 'object') throw new Error('no "proof": the gateway gives one once the reading is in an aggregate');
  const proof = view.proof;
  if (!normalizeAccount(String(proof.gateway)) || !Number.isSafeInteger(proof.aggregateSeq) || !Number.isSafeInteger(proof.leafIndex) || !Number.isSafeInteger(proof.leafCount) || !Array.isArray(proof.proof)) {
    throw new Error('the proof needs "gateway", "aggregateSeq", "leafIndex", "leafCount" and "proof"');
  }
  try {
    fromHex(String(envelope.payloadDigest));
    fromHex(String(envelope.signature?.signature));
    fromHex(String(proof.root));
    proof.proof.forEach((sibling) => fromHex(sibling));
    if (view.payloadHex !== undefined) fromHex(view.payloadHex);
  } catch (error) {
    throw new Error(`a field is not hex: ${(error as Error).message}`);
  }
  return view as ReadingView;
}

async function check(chain: Chain, finalizedNumber: number, view: ReadingView): Promise<{ steps: Step[]; summary: string | null }> {
  const steps: Step[] = [];
  const step = (name: string, verdict: Verdict, detail: string) => steps.push({ name, verdict, detail });
  const { envelope, proof } = view;
  if (!proof) throw new Error('no proof');
  const device = normalizeAccount(envelope.device)!;
  const gateway = normalizeAccount(proof.gateway)!;

  // 1. The payload is what the device signed the digest of.
  const payload = view.payloadHex !== undefined ? fromHex(view.payloadHex) : new TextEncoder().encode(view.payload ?? '');
  const textMatches = view.payload == null || view.payloadHex === undefined || equal(new TextEncoder().encode(view.payload), payload);
  const digestOk = textMatches && equal(blake2(payload), fromHex(envelope.payloadDigest));
  step('payload', digestOk ? 'ok' : 'fail', digestOk ? `BLAKE2b-256 of the ${payload.length} payload bytes is the envelope's digest` : textMatches ? 'the payload does not hash to the digest the device signed: it was changed' : 'the payload text and its hex differ');

  // 2. The aggregate the proof names, as the chain holds it.
  const anchor = await chain.rpc<AnchorView | null>('anchoring_anchor', [gateway, proof.aggregateSeq, null]);
  const anchorOk = anchor !== null && anchor.kind === 'aggregate' && equal(fromHex(anchor.digest), fromHex(proof.root)) && anchor.leafCount === proof.leafCount;
  step(
    'aggregate on chain',
    anchorOk ? 'ok' : 'fail',
    anchor === null
      ? `gateway ${shortHex(gateway)} has no anchor #${proof.aggregateSeq}`
      : anchorOk
        ? `gateway ${shortHex(gateway)}'s aggregate #${proof.aggregateSeq}: root ${shortHex(anchor.digest)}, ${anchor.leafCount} leaves, block #${anchor.block}, ${new Date(anchor.moment).toISOString()}`
        : `the chain's aggregate #${proof.aggregateSeq} has root ${shortHex(anchor.digest)} and ${anchor.leafCount} leaves, not the proof's ${shortHex(proof.root)} and ${proof.leafCount}`,
  );

  // 3. The envelope is a leaf of that aggregate.
  const leaf = blake2(envelopeBytes(envelope));
  const pathOk = merkleVerify(fromHex(anchor?.digest ?? proof.root), leaf, proof.leafIndex, proof.leafCount, proof.proof.map((sibling) => fromHex(sibling)));
  step('in the aggregate', pathOk ? 'ok' : 'fail', pathOk ? `the envelope's leaf ${shortHex(toHex(leaf))} is leaf ${proof.leafIndex} of ${proof.leafCount}` : 'the Merkle path from the envelope does not reach the root: the envelope or the path was changed');

  // 4. The device signed it, with the key it held at that block.
  const blockHash = anchor ? await chain.rpc<string | null>('chain_getBlockHash', [anchor.block]) : null;
  const then = blockHash ? await chain.rpc<DeviceView | null>('deviceRegistry_device', [device, blockHash]) : null;
  let key: PublicKey | null = then?.key ?? null;
  if (!then) {
    step('device signature', 'fail', `no device ${shortHex(device)} was registered ${anchor ? `at block #${anchor.block}` : ''}`);
  } else {
    const signed = verifySignature(then.key, readingPayload(chain.genesis, envelope), envelope.signature.signature);
    const schemeOk = envelope.signature.type === then.key.type;
    step(
      'device signature',
      signed && schemeOk ? 'ok' : signed === null ? 'skip' : 'fail',
      signed && schemeOk
        ? `device ${shortHex(device)} (${then.kind}, owner ${shortHex(then.owner)}) signed reading #${envelope.seq} with its ${then.key.type} key ${shortHex(then.key.publicKey)}`
        : signed === null
          ? 'an ECDSA signature: checked by the chain below'
          : `not the signature of the device's ${then.key.type} key ${shortHex(then.key.publicKey)} at block #${anchor?.block}`,
    );
  }

  // 5. Final: GRANDPA has finalized the block, and it is the block the proof names.
  if (anchor) {
    const final = anchor.block <= finalizedNumber;
    const sameBlock = !proof.blockHash || proof.blockHash === blockHash;
    step('final', final && sameBlock ? 'ok' : 'fail', !sameBlock ? `the proof names block ${shortHex(proof.blockHash ?? '')}, the chain's block #${anchor.block} is ${shortHex(blockHash ?? '')}` : final ? `block #${anchor.block} is finalized (finalized head #${finalizedNumber})` : `block #${anchor.block} is not final yet`);
  }

  // 6. The chain's own verdict.
  const answer = await chain.rpc<{ proven?: { deviceSignature: unknown; block: number }; notProven?: string }>('anchoring_verifyReading', [
    gateway,
    proof.aggregateSeq,
    { device: envelope.device, seq: envelope.seq, timestamp: envelope.timestamp, payloadDigest: envelope.payloadDigest, signature: envelope.signature },
    proof.leafIndex,
    proof.proof,
    null,
  ]);
  const signature = answer.proven?.deviceSignature as { valid?: { key: PublicKey } } | string | undefined;
  const chainOk = !!answer.proven && typeof signature === 'object' && !!signature?.valid;
  if (chainOk && typeof signature === 'object' && signature.valid) key = signature.valid.key;
  step('the chain agrees', chainOk ? 'ok' : 'fail', chainOk ? 'anchoring_verifyReading: proven, with a valid device signature' : `anchoring_verifyReading: ${answer.notProven ?? JSON.stringify(signature)}`);

  const allOk = steps.every((s) => s.verdict !== 'fail');
  const summary = allOk && anchor && key
    ? `Device ${device} signed reading #${envelope.seq} (taken ${new Date(envelope.timestamp).toISOString()}) with ${key.type} key ${key.publicKey}; it is leaf ${proof.leafIndex} of gateway ${gateway}'s aggregate #${proof.aggregateSeq}, anchored in block #${anchor.block} at ${new Date(anchor.moment).toISOString()}.`
    : null;
  return { steps, summary };
}

export function VerifyPage() {
  const chain = useChain();
  const { finalized } = useApp();
  const [text, setText] = useState(() => sessionStorage.getItem('iotchain.verify') ?? '');
  const [result, setResult] = useState<{ steps: Step[]; summary: string | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(input = text) {
    setResult(null);
    setError(null);
    let view: ReadingView;
    try {
      view = parseReading(input);
    } catch (reason) {
      return setError((reason as Error).message);
    }
    setBusy(true);
    try {
      setResult(await check(chain, finalized?.number ?? 0, view));
    } catch (reason) {
      setError(`The chain could not be asked: ${(reason as Error).message}`);
    } finally {
      setBusy(false);
    }
  }
  useEffect(() => {
    if (text) void run(text);
  }, []);

  async function dropped(e: DragEvent) {
    e.preventDefault();
    const file = e.dataTransfer?.files[0];
    if (file) {
      const content = await file.text();
      setText(content);
      void run(content);
    }
  }

  return (
    <>
      <Card title="Verify a reading" id="verify">
        <p class="hint">
          Drop or paste a reading as the gateway hands it out (<code>GET /v1/devices/&#123;device&#125;/readings/&#123;seq&#125;</code> or its
          MQTT <code>proofs</code> topic): its envelope, payload and proof. Every step is checked against the chain.
        </p>
        <textarea
          name="reading"
          rows={12}
          value={text}
          onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
          onDragOver={(e) => e.preventDefault()}
          onDrop={dropped}
          placeholder='{ "envelope": { … }, "payload": "…", "proof": { … } }'
        />
        <button onClick={() => run()} disabled={busy || !text.trim()}>
          {busy ? 'Checking…' : 'Verify'}
        </button>
      </Card>
      {error && <ErrorBox title="This is not a reading with a proof" detail={error} />}
      {result && (
        <Card title={result.summary ? 'Verified' : 'Does not verify'} id="verdict">
          {result.summary ? <p class="state ok" data-testid="summary">{result.summary}</p> : <p class="state error" data-testid="summary">Fails at: {result.steps.filter((s) => s.verdict === 'fail').map((s) => s.name).join(', ')}</p>}
          <ol class="steps" data-testid="steps">
            {result.steps.map((s) => (
              <li class={s.verdict} data-step={s.name} data-verdict={s.verdict}>
                <strong>{s.verdict === 'ok' ? '✔' : s.verdict === 'fail' ? '✘' : '–'} {s.name}</strong>: {s.detail}
              </li>
            ))}
          </ol>
        </Card>
      )}
    </>
  );
}


