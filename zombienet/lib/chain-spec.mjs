// The chain spec of the local four-validator network: the node's own `local` chain with Alice,
// Bob, Charlie and Dave as its Aura and GRANDPA authorities.
//
// It asks the built node for everything (it builds nothing and changes no Rust code):
//   1. `iotchain-node export-chain-spec --chain local`         the plain spec and its genesis patch
//   2. `iotchain-node key inspect --scheme sr25519|ed25519 //Name` the dev authorities' public keys
//   3. patches the authorities into the genesis patch, in whichever shape the runtime has:
//      - `session.keys` present (pallet-session): one entry per validator, in the shape of the
//        entries already there, and `aura`/`grandpa` authorities emptied (session sets them);
//      - otherwise `aura.authorities` and `grandpa.authorities` directly;
//      and any other list of the preset's validator accounts (e.g. a validator-set pallet's
//      initial validators) becomes the four validators' accounts;
//   4. `iotchain-node export-chain-spec --chain patched.json --raw` (or `build-spec --raw`).
// If the runtime's `local` preset already has these four authorities, the patch changes nothing.
//
// CLI: node lib/chain-spec.mjs <output-dir>   writes local-4-plain.json and local-4-raw.json there
//      and prints the raw spec's path.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { VALIDATOR_NAMES, assertExecutable, nodeBinaryPath } from './network.mjs';

/** The validators, in genesis authority order. */
export const VALIDATORS = VALIDATOR_NAMES;

const capitalize = (name) => name.charAt(0).toUpperCase() + name.slice(1);

function run(binary, args) {
  return execFileSync(binary, args, { encoding: 'utf8', maxBuffer: 256 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** `{ss58, hex}` of the dev key `//Name` in `scheme`, SS58 in the generic format (42) like the spec's. */
function devKey(binary, scheme, uri) {
  const out = JSON.parse(
    run(binary, ['key', 'inspect', '--scheme', scheme, '--network', 'substrate', '--output-type', 'json', uri]),
  );
  return { ss58: out.ss58Address, hex: out.publicKey.toLowerCase() };
}

/** The public keys of the dev authority `name`: Aura (sr25519), GRANDPA (ed25519) and accounts. */
export function authorityKeys(binary, name) {
  const uri = `//${capitalize(name)}`;
  return {
    name,
    account: devKey(binary, 'sr25519', uri),
    stash: devKey(binary, 'sr25519', `${uri}//stash`),
    aura: devKey(binary, 'sr25519', uri),
    grandpa: devKey(binary, 'ed25519', uri),
  };
}

/** Which of a dev authority's keys `value` is (by SS58 or hex), or undefined. */
function whichKey(keys, value) {
  if (typeof value !== 'string') return undefined;
  const v = value.toLowerCase();
  for (const kind of ['grandpa', 'aura', 'stash', 'account']) {
    if (keys[kind].ss58.toLowerCase() === v || keys[kind].hex === v) return kind;
  }
  return undefined;
}

/** `value` re-expressed for another authority: same kind of key, same encoding (SS58 or hex). */
function translate(fromKeys, toKeys, value, fallbackKind) {
  const kind = whichKey(fromKeys, value) ?? fallbackKind;
  const isHex = typeof value === 'string' && value.startsWith('0x');
  return isHex ? toKeys[kind].hex : toKeys[kind].ss58;
}

/**
 * Patches the genesis `config` (a runtime genesis patch or full config) in place so that the
 * authorities are `authorities` (from `authorityKeys`). Returns a list of what it changed.
 */
export function patchAuthorities(config, authorities, aliceKeys = authorities[0]) {
  const changes = [];
  // The accounts the preset treats as validators, to find other lists of them.
  let presetValidatorAccounts = [];

  if (Array.isArray(config.session?.keys) && config.session.keys.length > 0) {
    // pallet-session: [account, validatorId, {aura, grandpa, ...}]; copy the first entry's shape.
    const template = config.session.keys[0];
    const templateOwner = findAuthorityOf(template, aliceKeys);
    presetValidatorAccounts = config.session.keys.map((entry) => entry[0]);
    config.session.keys = authorities.map((keys) => [
      translate(templateOwner, keys, template[0], 'account'),
      translate(templateOwner, keys, template[1], 'account'),
      Object.fromEntries(
        Object.entries(template[2]).map(([field, value]) => [
          field,
          translate(templateOwner, keys, value, field === 'grandpa' ? 'grandpa' : 'aura'),
        ]),
      ),
    ]);
    changes.push(`session.keys: ${authorities.length} validators (${Object.keys(template[2]).join(', ')})`);
    // Session hands the keys to Aura and GRANDPA at genesis; they must not be set twice.
    if (config.aura?.authorities?.length) {
      config.aura.authorities = [];
      changes.push('aura.authorities: emptied (set by session)');
    }
    if (config.grandpa?.authorities?.length) {
      config.grandpa.authorities = [];
      changes.push('grandpa.authorities: emptied (set by session)');
    }
  } else {
    if (!Array.isArray(config.aura?.authorities) || !Array.isArray(config.grandpa?.authorities)) {
      throw new Error(
        'the genesis patch has neither session.keys nor aura.authorities and grandpa.authorities: ' +
          `sections are ${Object.keys(config).join(', ')}`,
      );
    }
    presetValidatorAccounts = config.aura.authorities;
    const weight = config.grandpa.authorities[0]?.[1] ?? 1;
    const hexAura = String(config.aura.authorities[0] ?? '').startsWith('0x');
    const hexGrandpa = String(config.grandpa.authorities[0]?.[0] ?? '').startsWith('0x');
    config.aura.authorities = authorities.map((k) => (hexAura ? k.aura.hex : k.aura.ss58));
    config.grandpa.authorities = authorities.map((k) => [hexGrandpa ? k.grandpa.hex : k.grandpa.ss58, weight]);
    changes.push(`aura.authorities and grandpa.authorities: ${authorities.length} validators`);
  }

  // Any other list of exactly the preset's validator accounts (e.g. a validator-set pallet).
  const presetSet = new Set(presetValidatorAccounts.map((a) => String(a).toLowerCase()));
  const isPresetList = (value) =>
    Array.isArray(value) &&
    value.length === presetSet.size &&
    value.every((a) => typeof a === 'string' && presetSet.has(a.toLowerCase()));
  for (const [section, sectionConfig] of Object.entries(config)) {
    if (['session', 'aura', 'grandpa', 'balances'].includes(section)) continue;
    if (!sectionConfig || typeof sectionConfig !== 'object' || presetSet.size === 0) continue;
    for (const [field, value] of Object.entries(sectionConfig)) {
      if (!isPresetList(value)) continue;
      try {
        const owner = findAuthorityOf([value[0]], aliceKeys);
        sectionConfig[field] = authorities.map((keys) => translate(owner, keys, value[0], 'account'));
        changes.push(`${section}.${field}: ${authorities.length} validators`);
      } catch (err) {
        changes.push(`warning: ${section}.${field} lists the preset's validators but was left as is (${err.message})`);
      }
    }
  }
  return changes;
}

/** The keys of whichever dev authority `entry` (a session-keys entry or a list) belongs to. */
function findAuthorityOf(entry, aliceKeys) {
  // Entries are translated from Alice's shape: any key of Alice found tells us the mapping.
  const values = entry.flatMap((v) => (v && typeof v === 'object' ? Object.values(v) : [v]));
  if (values.some((v) => whichKey(aliceKeys, v))) return aliceKeys;
  throw new Error(
    `cannot map the preset's authority entry ${JSON.stringify(entry)} to a dev key: ` +
      'expected //Alice (sr25519/ed25519) or //Alice//stash in the first entry',
  );
}

/** The genesis config object of a plain spec (a `patch` since polkadot-sdk's genesis builder). */
function genesisConfigOf(spec) {
  const runtimeGenesis = spec.genesis?.runtimeGenesis;
  const config = runtimeGenesis?.patch ?? runtimeGenesis?.config;
  if (!config) throw new Error('the plain chain spec has no genesis.runtimeGenesis.patch or .config');
  return config;
}

/**
 * Writes `local-4-plain.json` and `local-4-raw.json` into `dir` and returns
 * `{plainPath, rawPath, changes}`.
 */
export function buildLocal4Spec(dir, binary = nodeBinaryPath()) {
  assertExecutable(binary);
  fs.mkdirSync(dir, { recursive: true });
  const plain = JSON.parse(run(binary, ['export-chain-spec', '--chain', 'local']));
  const config = genesisConfigOf(plain);
  const authorities = VALIDATORS.map((name) => authorityKeys(binary, name));
  const changes = patchAuthorities(config, authorities);
  plain.name = `${plain.name} (4 validators)`;
  plain.bootNodes = [];

  const plainPath = path.join(dir, 'local-4-plain.json');
  const rawPath = path.join(dir, 'local-4-raw.json');
  fs.writeFileSync(plainPath, `${JSON.stringify(plain, null, 2)}\n`);
  try {
    run(binary, ['export-chain-spec', '--chain', plainPath, '--raw', '--output', rawPath]);
  } catch (err) {
    // Older CLIs: `build-spec` does the same conversion.
    const raw = run(binary, ['build-spec', '--chain', plainPath, '--raw', '--disable-default-bootnode']);
    fs.writeFileSync(rawPath, raw);
    changes.push(`raw spec via build-spec (export-chain-spec failed: ${err.message.split('\n')[0]})`);
  }
  const raw = JSON.parse(fs.readFileSync(rawPath, 'utf8'));
  if (!raw.genesis?.raw?.top) throw new Error(`${rawPath} is not a raw chain spec`);
  return { plainPath, rawPath, changes };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node lib/chain-spec.mjs <output-dir>');
    process.exit(2);
  }
  try {
    const { rawPath, changes } = buildLocal4Spec(path.resolve(dir));
    for (const change of changes) console.error(`chain spec: ${change}`);
    console.log(rawPath);
  } catch (err) {
    console.error(`chain spec: ${err.message}`);
    process.exit(1);
  }
}
