// The payment-channel voucher payload, built byte for byte from docs/payments.md (section 3),
// never fetched from the runtime: shared by the payments e2e tests and the throughput benchmark.

import { bnToU8a, compactToU8a, hexToU8a, stringToU8a, u8aConcat, u8aToHex } from '@polkadot/util';

/**
 * The bytes a payer signs for a voucher: `("iotchain/voucher", genesis_hash, channel: u64,
 * cumulative_amount: u128)` in SCALE. `genesisHash` is hex or bytes.
 */
export function voucherPayload(genesisHash, channelId, cumulativeAmount) {
  const tag = stringToU8a('iotchain/voucher');
  return u8aConcat(
    compactToU8a(tag.length),
    tag,
    hexToU8a(typeof genesisHash === 'string' ? genesisHash : u8aToHex(genesisHash)),
    bnToU8a(BigInt(channelId), { bitLength: 64, isLe: true }),
    bnToU8a(BigInt(cumulativeAmount), { bitLength: 128, isLe: true }),
  );
}
