// Who signs: the accounts of a polkadot-js compatible browser extension where one is present,
// and the well-known dev accounts on a development chain.
import { sr25519CreateDerive } from '@polkadot-labs/hdkd';
import { DEV_PHRASE, entropyToMiniSecret, mnemonicToEntropy } from '@polkadot-labs/hdkd-helpers';
import type { PolkadotSigner } from 'polkadot-api';
import { connectInjectedExtension, getInjectedExtensions } from 'polkadot-api/pjs-signer';
import { getPolkadotSigner } from 'polkadot-api/signer';
import { ss58 } from './bytes';

export interface Account {
  name: string;
  address: string;
  source: string;
  signer: PolkadotSigner;
  /**
   * Signs bytes as they are, for payloads the chain checks raw (payment vouchers). Dev accounts
   * only: an extension's `signRaw` wraps what it signs in `<Bytes>…</Bytes>`.
   */
  signRaw?: (bytes: Uint8Array) => Uint8Array;
}

const DEV_NAMES = ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie'];

export function devAccounts(): Account[] {
  const derive = sr25519CreateDerive(entropyToMiniSecret(mnemonicToEntropy(DEV_PHRASE)));
  return DEV_NAMES.map((name) => {
    const pair = derive(`//${name}`);
    return {
      name,
      address: ss58(pair.publicKey),
      source: 'dev',
      signer: getPolkadotSigner(pair.publicKey, 'Sr25519', pair.sign),
      signRaw: (bytes: Uint8Array) => pair.sign(bytes),
    };
  });
}

/** The accounts every enabled extension shares with this page; none if there is no extension. */
export async function extensionAccounts(): Promise<Account[]> {
  const accounts: Account[] = [];
  for (const name of getInjectedExtensions()) {
    try {
      const extension = await connectInjectedExtension(name, 'IoTChain Console');
      for (const account of extension.getAccounts()) {
        accounts.push({ name: account.name ?? account.address, address: account.address, source: name, signer: account.polkadotSigner });
      }
    } catch {
      // An extension the user declined, or one that failed: its accounts are not offered.
    }
  }
  return accounts;
}
