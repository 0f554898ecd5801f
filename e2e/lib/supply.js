// The supply chain's device-signed reports, byte for byte from docs/supply-chain.md section 4,
// and the relayed calls that carry them.
import { bnToU8a, compactToU8a, stringToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { decodeAddress } from '@polkadot/util-crypto';

const scaleBytes = (u8a) => u8aConcat(compactToU8a(u8a.length), u8a);
/** `n` little-endian in `bits` bits, two's complement when negative. */
export const le = (n, bits) => bnToU8a(BigInt(n), { bitLength: bits, isLe: true, isNegative: n < 0 });
const raw = (account) => (typeof account === 'string' && !account.startsWith('0x') ? decodeAddress(account) : account);
const head = (genesisHash, type, shipment, device, nonce) =>
  u8aConcat(scaleBytes(stringToU8a('iotchain/milestone')), genesisHash, [type], le(shipment, 64), raw(device), le(nonce, 32));
const KINDS = { PickedUp: 0, Departed: 1, Arrived: 2, CustomsCleared: 3 };
const METRICS = { Temperature: 0, Humidity: 1, Shock: 2, Tilt: 3, Light: 4 };
/** A location or reason as the calls take bytes: `0x` hex of its UTF-8. */
export const text = (s) => u8aToHex(stringToU8a(s));

export const milestonePayload = ({ genesisHash, shipment, device, nonce, kind, location, evidence }) =>
  u8aConcat(
    head(genesisHash, 0, shipment, device, nonce),
    [KINDS[kind]],
    scaleBytes(stringToU8a(location)),
    evidence ? u8aConcat([1], raw(evidence.device), le(evidence.seq, 64)) : [0],
  );

export const conditionPayload = ({ genesisHash, shipment, device, nonce, metric, min, max, start, end, anchor }) =>
  u8aConcat(
    head(genesisHash, 1, shipment, device, nonce),
    [METRICS[metric]],
    le(min, 32),
    le(max, 32),
    le(start, 64),
    le(end, 64),
    raw(anchor.device),
    le(anchor.seq, 64),
  );

/** `recordMilestone` carrying `tracker`'s (an sr25519 pair) signed milestone, for a relayer to send. */
export function relayedMilestone(api, shipment, tracker, nonce, kind, location, evidence) {
  const payload = milestonePayload({ genesisHash: api.genesisHash, shipment, device: tracker.address, nonce, kind, location, evidence });
  return api.tx.supplyChain.recordMilestone(shipment, kind, text(location), evidence ?? null, {
    device: tracker.address, signature: { Sr25519: tracker.sign(payload) },
  });
}

/** `reportCondition` of a temperature window, signed by `tracker`, for a relayer to send. */
export function relayedReport(api, shipment, tracker, nonce, min, max, start, end, anchor) {
  const payload = conditionPayload({
    genesisHash: api.genesisHash, shipment, device: tracker.address, nonce, metric: 'Temperature', min, max, start, end, anchor,
  });
  return api.tx.supplyChain.reportCondition(shipment, 'Temperature', min, max, start, end, anchor, {
    device: tracker.address, signature: { Sr25519: tracker.sign(payload) },
  });
}
