// The gateway's HTTP reads (docs/gateway.md): a device's readings with their proofs.
import type { Envelope } from './payloads';

export interface ReadingView {
  status: 'queued' | 'pending' | 'inBlock' | 'final';
  envelope: Envelope;
  payload: string | null;
  payloadHex: string;
  annotation: { flags: number; metrics: { name: string; flags: number }[] };
  annotationLeaf: string;
  acceptedAt: number;
  proof: {
    gateway: string;
    aggregateSeq: number;
    leafIndex: number;
    leafCount: number;
    root: string;
    proof: string[];
    block: number | null;
    blockHash: string | null;
  } | null;
}

export const FLAGS: [number, string][] = [
  [1, 'spike'],
  [2, 'drift'],
  [4, 'stuck'],
];

export const flagNames = (flags: number) => FLAGS.filter(([bit]) => flags & bit).map(([, name]) => name);

export async function gatewayGet<T>(gatewayUrl: string, path: string): Promise<T | null> {
  let response: Response;
  try {
    response = await fetch(`${gatewayUrl}${path}`);
  } catch {
    throw new Error(`The gateway at ${gatewayUrl} cannot be reached.`);
  }
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`The gateway answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** Up to `max` readings of `device`, oldest first. */
export async function deviceReadings(gatewayUrl: string, device: string, max = 500): Promise<ReadingView[]> {
  const items: ReadingView[] = [];
  let cursor: number | null = 0;
  while (cursor !== null && items.length < max) {
    const page: { items: ReadingView[]; next: number | null } | null = await gatewayGet(gatewayUrl, `/v1/devices/${device}/readings?cursor=${cursor}&limit=100`);
    if (!page) break;
    items.push(...page.items);
    cursor = page.next;
  }
  return items;
}
