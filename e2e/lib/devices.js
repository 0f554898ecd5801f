// Device registry helpers: proofs of possession built in JS from the byte-for-byte
// spec in the pallet docs (pallets/device-registry/src/lib.rs), never by asking
// the runtime, plus registration, deposit and DID helpers shared by the tests
// that need registered devices (device registry, anchoring, supply chain).
//
// Signed payloads are SCALE tuples: the domain tag as Vec<u8> (compact length,
// then ASCII), the 32-byte genesis hash, then the fields. Keys are MultiSigners:
// a variant byte (0x00 ed25519, 0x01 sr25519, 0x02 ECDSA) then the public key.

import { compactToU8a, stringToU8a, u8aConcat, u8aToHex, u8aToU8a } from '@polkadot/util';
import { base58Encode, blake2AsU8a, decodeAddress, encodeAddress } from '@polkadot/util-crypto';

import { signAndWaitFinalized } from './chain.js';

/** Domain tag of the registration proof. */
export const REGISTER_TAG = 'iotchain/register';
/** Domain tag of the key-rotation proof. */
export const ROTATE_TAG = 'iotchain/rotate';

/** MultiSigner / MultiSignature variant bytes and the names @polkadot/api gives the variants. */
const SCHEMES = {
  ed25519: { variant: 0x00, name: 'Ed25519', multicodec: [0xed, 0x01] },
  sr25519: { variant: 0x01, name: 'Sr25519', multicodec: [0xef, 0x01] },
  ecdsa: { variant: 0x02, name: 'Ecdsa', multicodec: [0xe7, 0x01] },
};

function scheme(pair) {
  const found = SCHEMES[pair.type];
  if (!found) throw new Error(`devices cannot use ${pair.type} keys`);
  return found;
}

/** SCALE `Vec<u8>`: compact length prefix, then the bytes. */
export function scaleBytes(bytes) {
  const u8a = u8aToU8a(bytes);
  return u8aConcat(compactToU8a(u8a.length), u8a);
}

/** A key pair's public key as a SCALE-encoded `MultiSigner` (variant byte, then the key). */
export function multiSignerBytes(pair) {
  return u8aConcat([scheme(pair).variant], pair.publicKey);
}

/** A key pair's public key as the deviceRegistry_* RPC writes and reads keys: `{ type, publicKey }`. */
export function deviceKeyJson(pair) {
  scheme(pair);
  return { type: pair.type, publicKey: u8aToHex(pair.publicKey) };
}

/** A key pair's public key as @polkadot/api takes a `MultiSigner` (or the pallet's `DeviceKey`). */
export function multiSigner(pair) {
  return { [scheme(pair).name]: pair.publicKey };
}

/** The `MultiSignature` of `pair` over `message` (raw bytes), as @polkadot/api takes it. */
export function signWith(pair, message) {
  return { [scheme(pair).name]: pair.sign(message) };
}

/**
 * A device's id (`MultiSigner::into_account`): the public key itself for
 * ed25519 and sr25519, the BLAKE2b-256 of the compressed key for ECDSA.
 */
export function deviceIdBytes(pair) {
  return pair.type === 'ecdsa' ? blake2AsU8a(pair.publicKey, 256) : pair.publicKey;
}

/** A device's id as an SS58 address with `ss58Format`. */
export function deviceAddress(pair, ss58Format) {
  return encodeAddress(deviceIdBytes(pair), ss58Format);
}

/** The raw 32-byte account id of an address (or the bytes themselves). */
function accountBytes(account) {
  return typeof account === 'string' ? decodeAddress(account) : u8aToU8a(account);
}

/**
 * The registration payload, byte for byte:
 * `("iotchain/register", genesis_hash, owner: AccountId32, device_key: MultiSigner)`.
 * `tag` is overridable only to build wrong proofs on purpose.
 */
export function registrationPayload({ genesisHash, owner, devicePair, tag = REGISTER_TAG }) {
  return u8aConcat(
    scaleBytes(stringToU8a(tag)),
    u8aToU8a(genesisHash),
    accountBytes(owner),
    multiSignerBytes(devicePair),
  );
}

/**
 * The key-rotation payload, signed by the new key:
 * `("iotchain/rotate", genesis_hash, device: AccountId32, old_key: MultiSigner, new_key: MultiSigner)`.
 */
export function rotationPayload({ genesisHash, device, oldPair, newPair, tag = ROTATE_TAG }) {
  return u8aConcat(
    scaleBytes(stringToU8a(tag)),
    u8aToU8a(genesisHash),
    accountBytes(device),
    multiSignerBytes(oldPair),
    multiSignerBytes(newPair),
  );
}

/**
 * Text or bytes as the `0x` hex @polkadot/api needs for a `Vec<u8>` argument
 * (a Uint8Array would be read as already length-prefixed).
 */
export function bytesArg(value) {
  return u8aToHex(typeof value === 'string' ? stringToU8a(value) : value);
}

/**
 * A `DeviceRegistration` for `owner`, with `devicePair`'s proof of possession.
 * `proof` overrides the proof (to submit wrong ones on purpose).
 */
export function deviceRegistration(
  api,
  owner,
  devicePair,
  { kind = 'Sensor', manufacturer = '', model = '', metadata = '', contentHash = null, proof } = {},
) {
  return {
    key: multiSigner(devicePair),
    proof: proof ?? signWith(devicePair, registrationPayload({ genesisHash: api.genesisHash, owner, devicePair })),
    kind,
    manufacturer: bytesArg(manufacturer),
    model: bytesArg(model),
    metadata: bytesArg(metadata),
    contentHash,
  };
}

/** Bytes the per-byte deposit is charged for: manufacturer + model + metadata. */
export function describedBytes({ manufacturer = '', model = '', metadata = '' } = {}) {
  const len = (value) => u8aToU8a(typeof value === 'string' ? stringToU8a(value) : value).length;
  return len(manufacturer) + len(model) + len(metadata);
}

/** The deposit the runtime's constants require for a device description: base + per byte. */
export function expectedDeposit(api, description) {
  const { depositBase, depositPerByte } = api.consts.deviceRegistry;
  return depositBase.toBigInt() + depositPerByte.toBigInt() * BigInt(describedBytes(description));
}

/** What is held from `address` under `DeviceRegistry.DeviceDeposit`, at `blockHash` (default: best). */
export async function deviceDepositHeld(api, address, blockHash) {
  const query = blockHash ? (await api.at(blockHash)).query : api.query;
  const holds = await query.balances.holds(address);
  return holds
    .filter(({ id }) => id.isDeviceRegistry && id.asDeviceRegistry.isDeviceDeposit)
    .reduce((sum, { amount }) => sum + amount.toBigInt(), 0n);
}

/**
 * `ownerPair` registers `devicePair` (which signs its proof of possession) and
 * waits for finality. Throws if the registration fails. Resolves with the
 * device's SS58 id, its deposit and the extrinsic's result.
 */
export async function registerDevice(api, ownerPair, devicePair, description = {}, options = {}) {
  const tx = api.tx.deviceRegistry.registerDevice(deviceRegistration(api, ownerPair.address, devicePair, description));
  const result = await signAndWaitFinalized(tx, ownerPair, options);
  if (result.dispatchError) throw new Error(`register_device failed: ${result.dispatchError}`);
  const registered = result.events.find(({ event }) => api.events.deviceRegistry.DeviceRegistered.is(event));
  if (!registered) throw new Error('register_device emitted no DeviceRegistered');
  return {
    device: deviceAddress(devicePair, api.registry.chainSS58),
    deposit: registered.event.data.deposit.toBigInt(),
    result,
  };
}

/** The `did:iotchain` DID of an account: `did:iotchain:<SS58 with ss58Format>`. */
export function didOf(account, ss58Format) {
  return `did:iotchain:${encodeAddress(accountBytes(account), ss58Format)}`;
}

/** A public key in multibase form: `z` + base58btc(multicodec prefix ‖ key). */
export function publicKeyMultibase(pair) {
  return `z${base58Encode(u8aConcat(scheme(pair).multicodec, pair.publicKey))}`;
}
