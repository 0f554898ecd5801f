// Helpers for the data-anchoring e2e tests: the signed payloads built byte for byte from the
// documented layouts (docs/anchoring.md section 3; the registry's proof of possession in
// pallets/device-registry/src/lib.rs), never fetched from the runtime, so the tests check the
// chain against its documentation.

import { bnToU8a, compactToU8a, stringToU8a, u8aConcat, u8aToU8a } from '@polkadot/util';
import { decodeAddress } from '@polkadot/util-crypto';

/** A SCALE `Vec<u8>` of ASCII `text`: compact length, then the bytes (the domain tags). */
const scaleBytes = (text) => {
  const bytes = stringToU8a(text);
  return u8aConcat(compactToU8a(bytes.length), bytes);
};
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
    scaleBytes('iotchain/anchor'),
    raw32(genesisHash, 'genesis hash'),
    raw32(device, 'device'),
    u64le(seq),
    raw32(digest, 'digest'),
    u32le(leafCount),
    u64le(firstTs),
    u64le(lastTs),
  );
}

/**
 * The proof-of-possession payload an sr25519 device key signs to be registered by `owner`:
 * `("iotchain/register", genesis_hash, owner, MultiSigner::Sr25519(key))` in SCALE.
 */
export function registrationPayload({ genesisHash, owner, devicePair }) {
  if (devicePair.type !== 'sr25519') throw new Error('only sr25519 device keys are handled here');
  return u8aConcat(
    scaleBytes('iotchain/register'),
    raw32(genesisHash, 'genesis hash'),
    raw32(owner, 'owner'),
    new Uint8Array([0x01]), // MultiSigner::Sr25519
    devicePair.publicKey,
  );
}

/**
 * The `DeviceRegistration` argument of `deviceRegistry.registerDevice(s)` for an sr25519
 * device key pair, owned by `owner`, with its proof of possession.
 */
export function deviceRegistration(api, owner, devicePair, { model = 'e2e-sensor' } = {}) {
  const payload = registrationPayload({ genesisHash: api.genesisHash, owner, devicePair });
  return {
    key: { Sr25519: devicePair.publicKey },
    proof: { Sr25519: devicePair.sign(payload) },
    kind: 'Sensor',
    manufacturer: 'IoTChain e2e',
    model,
    metadata: '',
    contentHash: null,
  };
}

/** The device's `MultiSignature` of its anchor payload (fields as for `anchorPayload`). */
export function signAnchor(api, devicePair, fields) {
  const payload = anchorPayload({ genesisHash: api.genesisHash, ...fields });
  return { Sr25519: devicePair.sign(payload) };
}

/** The `Anchors` storage key part of `seq`: its 8 big-endian bytes. */
export const seqKey = (seq) => bnToU8a(BigInt(seq), { bitLength: 64, isLe: false });
