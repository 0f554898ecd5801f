// Device keys made in the browser (ed25519), kept in this browser's storage so that the same
// page can later sign the device's key rotation; the secret seed is shown to be put on the device.
import { ed25519 } from '@polkadot-labs/hdkd-helpers';
import { fromHex, toHex } from './bytes';
import type { PublicKey } from './payloads';

export interface DeviceKey {
  key: PublicKey;
  seed: string;
  sign(message: Uint8Array): string;
}

export function deviceKeyFromSeed(seed: string): DeviceKey {
  const secret = fromHex(seed);
  if (secret.length !== 32) throw new Error('an ed25519 seed is 32 bytes');
  return {
    key: { type: 'ed25519', publicKey: toHex(ed25519.getPublicKey(secret)) },
    seed,
    sign: (message) => toHex(ed25519.sign(message, secret)),
  };
}

export function newDeviceKey(): DeviceKey {
  const key = deviceKeyFromSeed(toHex(crypto.getRandomValues(new Uint8Array(32))));
  const kept = JSON.parse(localStorage.getItem('iotchain.deviceKeys') ?? '{}') as Record<string, string>;
  kept[key.key.publicKey] = key.seed;
  localStorage.setItem('iotchain.deviceKeys', JSON.stringify(kept));
  return key;
}

/** The key made here earlier for `publicKey`, if this browser made it. */
export function keptDeviceKey(publicKey: string): DeviceKey | null {
  const kept = JSON.parse(localStorage.getItem('iotchain.deviceKeys') ?? '{}') as Record<string, string>;
  const seed = kept[publicKey.toLowerCase()] ?? kept[publicKey];
  return seed ? deviceKeyFromSeed(seed) : null;
}
