// Bytes as the chain writes them: 0x hex, SCALE's little-endian integers and compact lengths,
// BLAKE2b-256 and SS58 (prefix 4242).
import { blake2b256, ss58Decode, ss58Encode } from '@polkadot-labs/hdkd-helpers';

export const SS58_PREFIX = 4242;

export function toHex(bytes: Uint8Array): string {
  let out = '0x';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}

/** Bytes from `0x` hex; throws on anything else, with the reason. */
export function fromHex(hex: string): Uint8Array {
  if (typeof hex !== 'string' || !/^0x([0-9a-fA-F]{2})*$/.test(hex)) throw new Error(`not 0x hex: ${String(hex).slice(0, 20)}`);
  const out = new Uint8Array((hex.length - 2) / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 + 2 * i, 4 + 2 * i), 16);
  return out;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

export function u64le(value: number | bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(value), true);
  return out;
}

export function u32le(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value, true);
  return out;
}

/** SCALE `Vec<u8>` of a short ASCII tag (compact length, single-byte mode: under 64 bytes). */
export function scaleTag(tag: string): Uint8Array {
  const bytes = new TextEncoder().encode(tag);
  if (bytes.length >= 64) throw new Error('tag too long');
  return concat(Uint8Array.of(bytes.length << 2), bytes);
}

export const blake2 = (bytes: Uint8Array): Uint8Array => blake2b256(bytes);

/** SS58 with IoTChain's prefix. */
export const ss58 = (publicKey: Uint8Array): string => ss58Encode(publicKey, SS58_PREFIX);

/** The 32 bytes of an account given as SS58 (any prefix) or `0x` hex; throws if neither. */
export function accountBytes(account: string): Uint8Array {
  const text = account.trim();
  if (text.startsWith('0x')) {
    const bytes = fromHex(text);
    if (bytes.length !== 32) throw new Error('an account is 32 bytes');
    return bytes;
  }
  const [payload] = ss58Decode(text);
  if (payload.length !== 32) throw new Error('not an account address');
  return payload;
}

/** The account in IoTChain's SS58, or `null` if it is not one. */
export function normalizeAccount(account: string): string | null {
  try {
    return ss58(accountBytes(account));
  } catch {
    return null;
  }
}

/** Planck amounts (12 decimals) for people: `1.5 IOT`. */
export function formatBalance(plancks: bigint | string, symbol = 'IOT', decimals = 12): string {
  const value = BigInt(plancks);
  const unit = 10n ** BigInt(decimals);
  const whole = value / unit;
  const fraction = (value % unit).toString().padStart(decimals, '0').replace(/0+$/, '').slice(0, 4);
  return `${whole.toLocaleString('en-US')}${fraction ? `.${fraction}` : ''} ${symbol}`;
}

export const shortHex = (hex: string, keep = 6): string => (hex.length > 2 * keep + 4 ? `${hex.slice(0, keep + 2)}…${hex.slice(-keep)}` : hex);
