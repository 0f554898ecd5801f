// The signed payloads and the Merkle tree of docs/anchoring.md and the device registry, byte for
// byte, so the browser signs and checks exactly what the chain does.
import { ed25519, sr25519 } from '@polkadot-labs/hdkd-helpers';
import { accountBytes, blake2, concat, equal, fromHex, scaleTag, u64le } from './bytes';

export type KeyType = 'ed25519' | 'sr25519' | 'ecdsa';
const SCHEME: Record<KeyType, number> = { ed25519: 0, sr25519: 1, ecdsa: 2 };

/** A key as the chain's RPC writes it. */
export interface PublicKey {
  type: KeyType;
  publicKey: string;
}

/** SCALE `MultiSigner`: the scheme byte, then the key. */
export const multiSignerBytes = (key: PublicKey): Uint8Array => concat(Uint8Array.of(SCHEME[key.type]), fromHex(key.publicKey));

/** `("iotchain/register", genesis, owner, device_key)`: what a device signs to be registered by `owner`. */
export const registrationPayload = (genesis: string, owner: string, key: PublicKey): Uint8Array =>
  concat(scaleTag('iotchain/register'), fromHex(genesis), accountBytes(owner), multiSignerBytes(key));

/** `("iotchain/rotate", genesis, device, old_key, new_key)`: what the new key signs to take over. */
export const rotationPayload = (genesis: string, device: string, oldKey: PublicKey, newKey: PublicKey): Uint8Array =>
  concat(scaleTag('iotchain/rotate'), fromHex(genesis), accountBytes(device), multiSignerBytes(oldKey), multiSignerBytes(newKey));

/** `("iotchain/reading", genesis, device, seq, timestamp, payload_digest)`: the 129 bytes a device signs. */
export const readingPayload = (genesis: string, envelope: Envelope): Uint8Array =>
  concat(
    scaleTag('iotchain/reading'),
    fromHex(genesis),
    accountBytes(envelope.device),
    u64le(envelope.seq),
    u64le(envelope.timestamp),
    fromHex(envelope.payloadDigest),
  );

/** A reading envelope as the gateway and the RPC write it. */
export interface Envelope {
  device: string;
  seq: number;
  timestamp: number;
  payloadDigest: string;
  signature: { type: KeyType; signature: string };
}

/** The envelope's SCALE bytes: device, seq, timestamp, digest, then the `MultiSignature`. */
export const envelopeBytes = (envelope: Envelope): Uint8Array =>
  concat(
    accountBytes(envelope.device),
    u64le(envelope.seq),
    u64le(envelope.timestamp),
    fromHex(envelope.payloadDigest),
    Uint8Array.of(SCHEME[envelope.signature.type]),
    fromHex(envelope.signature.signature),
  );

/** Whether `signature` is `key`'s over `message` (ed25519 and sr25519; ECDSA is left to the chain). */
export function verifySignature(key: PublicKey, message: Uint8Array, signature: string): boolean | null {
  const sig = fromHex(signature);
  const public_ = fromHex(key.publicKey);
  try {
    if (key.type === 'ed25519') return ed25519.verify(sig, message, public_);
    if (key.type === 'sr25519') return sr25519.verify(sig, message, public_);
  } catch {
    return false;
  }
  return null;
}

/**
 * Whether `siblings` lead from `leaf` at `leafIndex` of `leafCount` leaves to `root`
 * (docs/anchoring.md section 2: level-0 nodes are H(leaf), an odd level's last node is promoted).
 */
export function merkleVerify(root: Uint8Array, leaf: Uint8Array, leafIndex: number, leafCount: number, siblings: Uint8Array[]): boolean {
  if (!Number.isInteger(leafIndex) || leafIndex < 0 || leafIndex >= leafCount) return false;
  let node = blake2(leaf);
  let position = leafIndex;
  let width = leafCount;
  let next = 0;
  while (width > 1) {
    if (position % 2 === 1) {
      if (next >= siblings.length) return false;
      node = blake2(concat(siblings[next++], node));
    } else if (position + 1 < width) {
      if (next >= siblings.length) return false;
      node = blake2(concat(node, siblings[next++]));
    }
    position = Math.floor(position / 2);
    width = Math.ceil(width / 2);
  }
  return next === siblings.length && equal(node, root);
}
