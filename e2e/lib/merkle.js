// IoTChain's Merkle tree of readings, rebuilt in JavaScript from docs/anchoring.md
// (section 2) alone: a second, independent implementation of what the runtime does with
// polkadot-sdk's `binary-merkle-tree`, so the e2e tests can check the chain against the spec.
//
//   H(x)   BLAKE2b-256 (no key, salt or personalisation)
//   leaf   H(reading)                 32 bytes per reading, in batch order (never sorted)
//   level0 H(leaf)                    every leaf is hashed once more on entering the tree
//   inner  H(left ‖ right)            nodes 2i and 2i+1 of a level make node i above
//   odd    the last node of an odd level is promoted unchanged (not hashed, not duplicated)
//   root   the single node left; a one-leaf tree's root is H(leaf); there is no empty tree
//   proof  the siblings met on the way up, bottom-up; promoted levels add nothing
//
// Leaves, roots and siblings are 32-byte Uint8Arrays; use `u8aToHex` to print them.

import { u8aConcat, u8aEq } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';

/** H(x): BLAKE2b with a 32-byte digest. */
export const hash = (bytes) => blake2AsU8a(bytes, 256);

/** The leaf of one reading (its exact bytes): H(reading). Also the digest a single `anchor` takes. */
export const leafOf = (reading) => hash(reading);

/** The level above `level`: pairs hashed left ‖ right, an odd last node promoted unchanged. */
function parentLevel(level) {
  const above = [];
  for (let i = 0; i < level.length; i += 2) {
    above.push(i + 1 < level.length ? hash(u8aConcat(level[i], level[i + 1])) : level[i]);
  }
  return above;
}

/** Every level of the tree over `leaves`, from level 0 (the hashed leaves) up to [root]. */
function levelsOf(leaves) {
  if (leaves.length === 0) throw new Error('a Merkle tree has at least one leaf');
  const levels = [leaves.map((leaf) => hash(leaf))];
  while (levels.at(-1).length > 1) levels.push(parentLevel(levels.at(-1)));
  return levels;
}

/**
 * The tree over `leaves` (at least one), built once: `{ root, leafCount, proof(leafIndex) }`,
 * where `proof` returns the leaf's siblings bottom-up.
 */
export function merkleTree(leaves) {
  const levels = levelsOf(leaves);
  const proof = (leafIndex) => {
    if (!Number.isInteger(leafIndex) || leafIndex < 0 || leafIndex >= leaves.length) {
      throw new RangeError(`no leaf ${leafIndex} in a tree of ${leaves.length}`);
    }
    const siblings = [];
    let pos = leafIndex;
    for (const level of levels.slice(0, -1)) {
      if (pos % 2 === 1) siblings.push(level[pos - 1]);
      else if (pos + 1 < level.length) siblings.push(level[pos + 1]);
      // else: the last node of an odd level, promoted: no sibling at this level
      pos = Math.floor(pos / 2);
    }
    return siblings;
  };
  return { root: levels.at(-1)[0], leafCount: leaves.length, proof };
}

/** The root of the tree over `leaves` (at least one). */
export const merkleRoot = (leaves) => merkleTree(leaves).root;

/** The proof (siblings, bottom-up) of the leaf at `leafIndex` in the tree over `leaves`. */
export const merkleProof = (leaves, leafIndex) => merkleTree(leaves).proof(leafIndex);

/**
 * Whether `siblings` prove `leaf` at `leafIndex` in a tree of `leafCount` leaves with `root`.
 * Every sibling must be used exactly once, which binds the proof to `leafIndex`.
 */
export function merkleVerify(root, leaf, leafIndex, leafCount, siblings) {
  if (leafIndex < 0 || leafIndex >= leafCount) return false;
  let node = hash(leaf);
  let pos = leafIndex;
  let width = leafCount;
  let next = 0;
  while (width > 1) {
    if (pos % 2 === 1) {
      if (next >= siblings.length) return false;
      node = hash(u8aConcat(siblings[next++], node)); // right child: sibling on the left
    } else if (pos + 1 < width) {
      if (next >= siblings.length) return false;
      node = hash(u8aConcat(node, siblings[next++])); // left child with a partner
    } // else: promoted unchanged
    pos = Math.floor(pos / 2);
    width = Math.ceil(width / 2);
  }
  return next === siblings.length && u8aEq(node, root);
}
