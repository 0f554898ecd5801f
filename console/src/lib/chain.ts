// One connection to a node: PAPI's typed API from the descriptors generated from the runtime's
// Wasm, the project's own JSON-RPC reads (docs/rpc.md), and the live best and finalized blocks.
import { iotchain } from '@polkadot-api/descriptors';
import { createClient, type PolkadotClient, type TypedApi } from 'polkadot-api';
import { getWsProvider } from 'polkadot-api/ws';

export type Api = TypedApi<typeof iotchain>;

export type NodeStatus = 'connecting' | 'connected' | 'unreachable';

export interface Head {
  number: number;
  hash: string;
}

export interface Chain {
  client: PolkadotClient;
  api: Api;
  url: string;
  genesis: string;
  chainName: string;
  chainType: string;
  /** One of the project's JSON-RPC methods (docs/rpc.md), positional parameters. */
  rpc<T>(method: string, params: unknown[]): Promise<T>;
  /** Every page of a paged method, `params` before `cursor`, at most `max` items. */
  all<T>(method: string, params: unknown[], max?: number): Promise<T[]>;
}

export interface Page<T> {
  items: T[];
  next: unknown;
}

/** Connects to `url`; `onStatus` hears each change of the socket, reconnections included. */
export async function connect(url: string, onStatus: (status: NodeStatus) => void): Promise<Chain> {
  const provider = getWsProvider(url, {
    onStatusChanged: (status) => {
      onStatus(status.type === 'CONNECTED' ? 'connected' : status.type === 'CONNECTING' ? 'connecting' : 'unreachable');
    },
    timeout: 5_000,
  });
  const client = createClient(provider);
  const rpc = <T,>(method: string, params: unknown[]) => client._request<T>(method, params);
  const [genesis, chainName, chainType] = await Promise.all([
    rpc<string>('chain_getBlockHash', [0]),
    rpc<string>('system_chain', []),
    rpc<string>('system_chainType', []),
  ]);
  const api = client.getTypedApi(iotchain);
  const all = async <T,>(method: string, params: unknown[], max = 10_000) => {
    const items: T[] = [];
    let cursor: unknown = null;
    do {
      const page: Page<T> = await rpc<Page<T>>(method, [...params, cursor, null, null]);
      items.push(...page.items);
      cursor = page.next;
    } while (cursor !== null && items.length < max);
    return items;
  };
  return { client, api, url, genesis, chainName, chainType, rpc, all };
}

/** A dispatch error as a name people can read: `DeviceRegistry.DeviceAlreadyExists`. */
export function errorName(dispatchError: { type: string; value: unknown } | undefined): string {
  if (!dispatchError) return 'unknown error';
  const { type, value } = dispatchError;
  if (type === 'Module' && value && typeof value === 'object' && 'type' in value) {
    const inner = value as { type: string; value?: { type?: string } };
    return `${inner.type}.${inner.value?.type ?? '?'}`;
  }
  if (value && typeof value === 'object' && 'type' in value) return `${type}.${(value as { type: string }).type}`;
  return type;
}
