// Reading envelopes and gateway aggregates, built byte for byte from their documented layout
// (docs/anchoring.md; `primitives/src/reading.rs`), never with the runtime's type registry: a
// second, independent implementation, so the e2e tests check the chain against its spec.
//
//   payload   what a device signs for one reading, 129 bytes: SCALE of
//             ("iotchain/reading", genesis_hash, device, seq: u64, timestamp: u64, payload_digest)
//             = 0x40 "iotchain/reading" ‖ genesis(32) ‖ device(32) ‖ seq LE(8) ‖ timestamp LE(8) ‖ digest(32)
//   envelope  device(32) ‖ seq LE(8) ‖ timestamp LE(8) ‖ payload_digest(32) ‖ MultiSignature
//             (0x00 ed25519 / 0x01 sr25519 / 0x02 ECDSA, then 64 or 65 bytes): 145 or 146 bytes
//   leaf      BLAKE2b-256 of the envelope's bytes, signature included; the tree is lib/merkle.js's
//   aggregate what a gateway signs to have its aggregate relayed, 143 bytes: SCALE of
//             ("iotchain/aggregate", genesis_hash, gateway, seq: u64, root, leaf_count: u32,
//             first_ts: u64, last_ts: u64)
//
// ed25519 and sr25519 keys sign the payload itself; an ECDSA key signs its BLAKE2b-256, which is
// what @polkadot/keyring's ECDSA pairs do and what the chain's `MultiSignature` verifies.

import { stringToU8a, u8aConcat, u8aToHex, u8aToU8a } from '@polkadot/util';
import { blake2AsU8a, decodeAddress, encodeAddress } from '@polkadot/util-crypto';

import { deviceIdBytes, scaleBytes } from './devices.js';
import { merkleTree } from './merkle.js';

/** Domain tag of a device's signature of one reading. */
export const READING_TAG = 'iotchain/reading';
/** Domain tag of a gateway's signature of an aggregate. */
export const AGGREGATE_TAG = 'iotchain/aggregate';

/** `MultiSignature` variant bytes and the names @polkadot/api gives the variants. */
const SCHEMES = {
  ed25519: { variant: 0x00, name: 'Ed25519', length: 64 },
  sr25519: { variant: 0x01, name: 'Sr25519', length: 64 },
  ecdsa: { variant: 0x02, name: 'Ecdsa', length: 65 },
};

/** `n` as `bytes` little-endian bytes (a SCALE u32 or u64); throws if it does not fit. */
function uintLe(n, bytes) {
  const out = new Uint8Array(bytes);
  const view = new DataView(out.buffer);
  const value = BigInt(n);
  if (value < 0n || value >= 1n << BigInt(8 * bytes)) throw new RangeError(`${n} is not a u${8 * bytes}`);
  if (bytes === 4) view.setUint32(0, Number(value), true);
  else view.setBigUint64(0, value, true);
  return out;
}
const u32le = (n) => uintLe(n, 4);
const u64le = (n) => uintLe(n, 8);

/** H(x): BLAKE2b-256, the payload digest of a reading's bytes and the leaf of an envelope. */
const hash = (bytes) => blake2AsU8a(bytes, 256);

/** 32 raw bytes of a hash (hex or bytes) or of an account (SS58 address, hex or bytes). */
function raw32(value, what) {
  const bytes = typeof value === 'string' && !value.startsWith('0x') ? decodeAddress(value) : u8aToU8a(value);
  if (bytes.length !== 32) throw new Error(`${what} must be 32 bytes, got ${bytes.length}`);
  return bytes;
}

/** The digest an envelope carries for a reading's payload bytes (text or bytes): BLAKE2b-256. */
export const payloadDigestOf = (payload) => hash(typeof payload === 'string' ? stringToU8a(payload) : payload);

/**
 * The 129 bytes a device signs for one reading:
 * `("iotchain/reading", genesis_hash, device, seq: u64, timestamp: u64, payload_digest)` in SCALE.
 */
export function readingPayload({ genesisHash, device, seq, timestamp, payloadDigest }) {
  return u8aConcat(
    scaleBytes(stringToU8a(READING_TAG)),
    raw32(genesisHash, 'genesis hash'),
    raw32(device, 'device'),
    u64le(seq),
    u64le(timestamp),
    raw32(payloadDigest, 'payload digest'),
  );
}

/**
 * A reading envelope signed by `signer` (a keyring pair) for `device` (default: the device whose
 * id `signer`'s key gives; pass it to sign for a device after a rotation, or to forge):
 * `{ device, seq, timestamp, payloadDigest, signature: { type, bytes } }`, byte fields as
 * Uint8Arrays, `seq` and `timestamp` as BigInts. Give `payload` (its bytes are hashed) or
 * `payloadDigest`.
 */
export function signReading(signer, { genesisHash, device, seq, timestamp, payload, payloadDigest }) {
  const scheme = SCHEMES[signer.type];
  if (!scheme) throw new Error(`devices cannot sign with ${signer.type} keys`);
  const envelope = {
    device: device === undefined ? deviceIdBytes(signer) : raw32(device, 'device'),
    seq: BigInt(seq),
    timestamp: BigInt(timestamp),
    payloadDigest: payloadDigest === undefined ? payloadDigestOf(payload) : raw32(payloadDigest, 'payload digest'),
  };
  const bytes = signer.sign(readingPayload({ genesisHash, ...envelope }));
  if (bytes.length !== scheme.length) throw new Error(`a ${signer.type} signature is ${scheme.length} bytes`);
  return { ...envelope, signature: { type: signer.type, bytes } };
}

/** The envelope's SCALE encoding: device, seq, timestamp, payload digest, `MultiSignature`. */
export function envelopeBytes({ device, seq, timestamp, payloadDigest, signature }) {
  const scheme = SCHEMES[signature.type];
  if (!scheme || signature.bytes.length !== scheme.length) {
    throw new Error(`not a ${signature.type} signature of ${scheme?.length} bytes`);
  }
  return u8aConcat(raw32(device, 'device'), u64le(seq), u64le(timestamp), raw32(payloadDigest, 'payload digest'),
    [scheme.variant], signature.bytes);
}

/** The envelope's leaf in an aggregate: BLAKE2b-256 of its encoding, signature included. */
export const envelopeLeaf = (envelope) => hash(envelopeBytes(envelope));

/**
 * The envelope as `anchoring_verifyReading` takes it: device as SS58 with `ss58Format` (as 0x hex
 * without it), numbers as numbers, bytes as 0x hex, the signature as `{ type, signature }`.
 */
export function envelopeJson({ device, seq, timestamp, payloadDigest, signature }, ss58Format) {
  return {
    device: ss58Format === undefined ? u8aToHex(device) : encodeAddress(device, ss58Format),
    seq: Number(seq),
    timestamp: Number(timestamp),
    payloadDigest: u8aToHex(payloadDigest),
    signature: { type: signature.type, signature: u8aToHex(signature.bytes) },
  };
}

/**
 * What a gateway does with the envelopes it collected: the Merkle tree over their leaves, in the
 * order given, with its root, leaf count and the time range of their timestamps, the fields of
 * `anchor_aggregate`. `proof(i)` gives envelope i's siblings, bottom-up.
 */
export function aggregate(envelopes) {
  const leaves = envelopes.map(envelopeLeaf);
  const tree = merkleTree(leaves);
  let firstTs = envelopes[0].timestamp;
  let lastTs = firstTs;
  for (const { timestamp } of envelopes) {
    if (timestamp < firstTs) firstTs = timestamp;
    if (timestamp > lastTs) lastTs = timestamp;
  }
  return { envelopes, leaves, root: tree.root, leafCount: leaves.length, firstTs, lastTs, proof: tree.proof };
}

/**
 * The root of a tree of `leafCount` leaves in which `leaf` sits at `leafIndex` with `siblings`
 * (bottom-up): how a gateway recomputes its root after replacing one leaf, along that leaf's
 * path only. The same walk as `merkleVerify` in lib/merkle.js, returning the root it reaches.
 */
export function rootAlongPath(leaf, leafIndex, leafCount, siblings) {
  let node = hash(leaf);
  let pos = leafIndex;
  let width = leafCount;
  let next = 0;
  while (width > 1) {
    if (pos % 2 === 1) node = hash(u8aConcat(siblings[next++], node));
    else if (pos + 1 < width) node = hash(u8aConcat(node, siblings[next++]));
    pos = Math.floor(pos / 2);
    width = Math.ceil(width / 2);
  }
  if (next !== siblings.length) throw new Error(`${siblings.length} siblings for a path that has ${next}`);
  return node;
}

/**
 * The 143 bytes a gateway signs to have an aggregate relayed:
 * `("iotchain/aggregate", genesis_hash, gateway, seq: u64, root, leaf_count: u32, first_ts: u64,
 * last_ts: u64)` in SCALE.
 */
export function aggregatePayload({ genesisHash, gateway, seq, root, leafCount, firstTs, lastTs }) {
  return u8aConcat(
    scaleBytes(stringToU8a(AGGREGATE_TAG)),
    raw32(genesisHash, 'genesis hash'),
    raw32(gateway, 'gateway'),
    u64le(seq),
    raw32(root, 'root'),
    u32le(leafCount),
    u64le(firstTs),
    u64le(lastTs),
  );
}

/**
 * The gateway's `MultiSignature` of its aggregate payload, as @polkadot/api takes it (fields as
 * for `aggregatePayload`; the genesis hash is `api`'s).
 */
export function signAggregate(api, gatewayPair, fields) {
  const scheme = SCHEMES[gatewayPair.type];
  if (!scheme) throw new Error(`gateways cannot sign with ${gatewayPair.type} keys`);
  return { [scheme.name]: gatewayPair.sign(aggregatePayload({ genesisHash: api.genesisHash, ...fields })) };
}
