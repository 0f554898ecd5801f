// Helpers for the data-anchoring e2e tests: the anchor payload built byte for byte from its
// documented layout (docs/anchoring.md section 3), never fetched from the runtime, so the tests
// check the chain against its documentation. Device registration and signing come from
// lib/devices.js.

import { bnToU8a, stringToU8a, u8aConcat, u8aToU8a } from '@polkadot/util';
import { decodeAddress } from '@polkadot/util-crypto';

import { scaleBytes, signWith } from './devices.js';

const u32le = (n) => bnToU8a(BigInt(n), { bitLength: 32, isLe: true });
const u64le = (n) => bnToU8a(BigInt(n), { bitLength: 64, isLe: true });

/** 32 raw bytes of a hash (hex or bytes) or of an account (SS58 address, hex or bytes). */
function raw32(value, what) {
  const bytes = typeof value === 'string' && !value.startsWith('0x') ? decodeAddress(value) : u8aToU8a(value);
  if (bytes.length !== 32) throw new Error(`${what} must be 32 bytes, got ${bytes.length}`);
  return bytes;
}

/**
 * The 140 bytes a device signs for an anchor:
 * `("iotchain/anchor", genesis_hash, device, seq: u64, digest, leaf_count: u32, first_ts: u64,
 * last_ts: u64)` in SCALE. A single reading signs `leafCount = firstTs = lastTs = 0`.
 */
export function anchorPayload({ genesisHash, device, seq, digest, leafCount = 0, firstTs = 0, lastTs = 0 }) {
  return u8aConcat(
    scaleBytes(stringToU8a('iotchain/anchor')),
    raw32(genesisHash, 'genesis hash'),
    raw32(device, 'device'),
    u64le(seq),
    raw32(digest, 'digest'),
    u32le(leafCount),
    u64le(firstTs),
    u64le(lastTs),
  );
}

/** The device's `MultiSignature` of its anchor payload (fields as for `anchorPayload`). */
export function signAnchor(api, devicePair, fields) {
  return signWith(devicePair, anchorPayload({ genesisHash: api.genesisHash, ...fields }));
}

/** The `Anchors` storage key part of `seq`: its 8 big-endian bytes. */
export const seqKey = (seq) => bnToU8a(BigInt(seq), { bitLength: 64, isLe: false });
