//! Merkle trees over batches of readings.
//!
//! A device that takes thousands of readings anchors one Merkle root for all of them; anyone who
//! later holds a reading and a proof can show that it was in the batch. The tree is
//! polkadot-sdk's [`binary_merkle_tree`] with BLAKE2b-256 ([`BlakeTwo256`]); these helpers fix
//! how IoTChain uses it, the same in the runtime (no_std) and off chain (std). `docs/anchoring.md`
//! states the same rules for implementations in other languages.
//!
//! # The tree, exactly
//!
//! Write `H(x)` for BLAKE2b with a 32-byte output (no key, no salt, no personalisation) and `‖`
//! for concatenation.
//!
//! - **Leaf.** A leaf is 32 bytes: the BLAKE2b-256 digest of one reading, `leaf = H(reading)`
//!   ([`reading_leaf`]). How a device serialises a reading before hashing it is up to the
//!   device; the chain only ever sees the 32 bytes.
//! - **Level 0.** Each leaf enters the tree hashed once more: `node = H(leaf)`, a hash of 32
//!   bytes ([`leaf_node`]). Inner nodes hash 64 bytes, so a leaf can never be passed off as an
//!   inner node or the other way round.
//! - **Inner nodes.** Walking a level from left to right, nodes `2i` and `2i + 1` make the parent
//!   `H(left ‖ right)` at index `i` of the level above. Nothing is sorted.
//! - **Odd nodes.** When a level has an odd number of nodes, the last one has no partner: it is
//!   promoted to the level above unchanged (not hashed, not duplicated).
//! - **Root.** The single node left at the top. A one-leaf tree's root is `H(leaf)`. An empty
//!   tree has no root: batches hold at least one reading.
//!
//! # Proofs
//!
//! A proof of leaf `leaf_index` (0-based) in a tree of `leaf_count` leaves is the list of sibling
//! nodes met on the way from the leaf up to the root, bottom-up: at each level where the node has
//! a partner, that partner is the next element; at a level where the node is promoted it adds
//! nothing. To verify, start from `H(leaf)` with `position = leaf_index` and
//! `width = leaf_count`, and while `width > 1`:
//!
//! - if `position` is odd, combine `H(sibling ‖ node)` with the next sibling;
//! - else if `position + 1 < width`, combine `H(node ‖ sibling)`;
//! - else (the last node of an odd level) keep the node as it is;
//!
//! then `position = position / 2` and `width = ceil(width / 2)`. The proof is valid when every
//! sibling has been used exactly once and the node reached equals the root. Requiring the exact
//! number of siblings ([`proof_len`]) binds the proof to `leaf_index`, so a reading cannot be
//! proven at another place in the batch.
//!
//! The root does not commit to `leaf_count`: the same proof can pass for two counts in which the
//! leaf's path has the same shape. A verifier takes the count from a source it trusts; the
//! chain keeps the count the device signed with the root.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode};
use scale_info::TypeInfo;
use sp_core::{Hasher as _, H256};
use sp_runtime::traits::BlakeTwo256;

/// A proof that a leaf is in a tree: the siblings bottom-up and where the leaf sits.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub struct MerkleProof {
	/// The root of the tree the proof is for.
	pub root: H256,
	/// The leaf's position in the batch, from 0.
	pub leaf_index: u32,
	/// How many leaves the tree has.
	pub leaf_count: u32,
	/// The sibling nodes from the leaf's level up, promoted levels skipped.
	pub siblings: Vec<H256>,
}

/// The leaf of a reading: its BLAKE2b-256 digest.
pub fn reading_leaf(reading: &[u8]) -> H256 {
	BlakeTwo256::hash(reading)
}

/// The level-0 node of a leaf: the leaf's 32 bytes hashed once more.
pub fn leaf_node(leaf: &H256) -> H256 {
	BlakeTwo256::hash(leaf.as_bytes())
}

/// The root of the tree over `leaves`, or `None` for no leaves or more than `u32::MAX`.
pub fn root(leaves: &[H256]) -> Option<H256> {
	if leaves.is_empty() || u32::try_from(leaves.len()).is_err() {
		return None;
	}
	Some(binary_merkle_tree::merkle_root::<BlakeTwo256, _>(leaves))
}

/// The proof of the leaf at `leaf_index`, or `None` if there is no such leaf.
pub fn proof(leaves: &[H256], leaf_index: u32) -> Option<MerkleProof> {
	let leaf_count = u32::try_from(leaves.len()).ok()?;
	if leaf_index >= leaf_count {
		return None;
	}
	// Cannot panic: the crate panics only for a `leaf_index` past the last leaf, excluded above.
	let generated = binary_merkle_tree::merkle_proof::<BlakeTwo256, _, _>(leaves, leaf_index);
	Some(MerkleProof { root: generated.root, leaf_index, leaf_count, siblings: generated.proof })
}

/// How many siblings a proof of leaf `leaf_index` in a tree of `leaf_count` leaves has, or
/// `None` if the tree has no such leaf. At most 32, since `leaf_count` is a `u32`.
pub fn proof_len(leaf_index: u32, leaf_count: u32) -> Option<usize> {
	if leaf_index >= leaf_count {
		return None;
	}
	let (mut position, mut width, mut len) = (leaf_index, leaf_count, 0usize);
	while width > 1 {
		let promoted = position & 1 == 0 && position.saturating_add(1) == width;
		if !promoted {
			len = len.saturating_add(1);
		}
		position >>= 1;
		width = width.div_ceil(2);
	}
	Some(len)
}

/// Whether `siblings` prove `leaf` at `leaf_index` in the tree of `leaf_count` leaves with
/// `root`.
///
/// The crate's `verify_proof` does the hashing; this adds the check that the proof has exactly
/// the siblings the leaf's position calls for, which the crate leaves out.
pub fn verify(
	root: &H256,
	leaf: &H256,
	leaf_index: u32,
	leaf_count: u32,
	siblings: &[H256],
) -> bool {
	proof_len(leaf_index, leaf_count) == Some(siblings.len())
		&& binary_merkle_tree::verify_proof::<BlakeTwo256, _, _>(
			root,
			siblings.iter().copied(),
			leaf_count,
			leaf_index,
			leaf,
		)
}

/// A whole tree kept level by level, for whoever needs the proofs of many of its leaves: a
/// gateway proving every reading of an aggregate builds it once in `O(n)` and then answers each
/// proof in `O(log n)`, where [`proof`] rebuilds the tree for every leaf. Same tree, same proofs.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Tree {
	/// `levels[0]` are the level-0 nodes (`H(leaf)`), the last level is the root alone.
	levels: Vec<Vec<H256>>,
}

impl Tree {
	/// The tree over `leaves`, or `None` for no leaves or more than `u32::MAX`.
	pub fn new(leaves: &[H256]) -> Option<Self> {
		if leaves.is_empty() || u32::try_from(leaves.len()).is_err() {
			return None;
		}
		let mut levels = Vec::new();
		let mut level: Vec<H256> = leaves.iter().map(leaf_node).collect();
		while level.len() > 1 {
			let above = level
				.chunks(2)
				.map(|pair| match pair {
					[left, right] => {
						let mut both = [0u8; 64];
						let (first, second) = both.split_at_mut(32);
						first.copy_from_slice(left.as_bytes());
						second.copy_from_slice(right.as_bytes());
						BlakeTwo256::hash(&both)
					}
					// The last node of an odd level is promoted as it is.
					[single, ..] => *single,
					[] => H256::zero(),
				})
				.collect();
			levels.push(core::mem::replace(&mut level, above));
		}
		levels.push(level);
		Some(Self { levels })
	}

	/// The root.
	pub fn root(&self) -> H256 {
		self.levels.last().and_then(|top| top.first()).copied().unwrap_or_default()
	}

	/// How many leaves the tree has.
	pub fn leaf_count(&self) -> u32 {
		self.levels.first().map_or(0, |level| u32::try_from(level.len()).unwrap_or(u32::MAX))
	}

	/// The proof of the leaf at `leaf_index`, or `None` if there is no such leaf.
	pub fn proof(&self, leaf_index: u32) -> Option<MerkleProof> {
		let leaf_count = self.leaf_count();
		if leaf_index >= leaf_count {
			return None;
		}
		let mut siblings = Vec::new();
		let mut position = usize::try_from(leaf_index).ok()?;
		for level in self.levels.iter().take(self.levels.len().saturating_sub(1)) {
			let partner = position ^ 1;
			if let Some(sibling) = level.get(partner) {
				siblings.push(*sibling);
			}
			position >>= 1;
		}
		Some(MerkleProof { root: self.root(), leaf_index, leaf_count, siblings })
	}
}

#[cfg(test)]
// Test code: a panic is a failed test.
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]
mod tests {
	use super::*;

	fn h(hex: &str) -> H256 {
		let mut bytes = [0u8; 32];
		for (i, byte) in bytes.iter_mut().enumerate() {
			*byte = u8::from_str_radix(hex.get(2 * i..2 * i + 2).unwrap_or("zz"), 16)
				.unwrap_or_else(|_| panic!("bad hex {hex}"));
		}
		H256(bytes)
	}

	/// The leaves of the known-answer vectors: `reading_leaf("reading <i>")`.
	fn leaves(n: u32) -> Vec<H256> {
		(0..n).map(|i| reading_leaf(format!("reading {i}").as_bytes())).collect()
	}

	/// The spec in `docs/anchoring.md`, written out level by level without the crate.
	fn reference_root(leaves: &[H256]) -> H256 {
		let mut level: Vec<H256> = leaves.iter().map(leaf_node).collect();
		while level.len() > 1 {
			level = level
				.chunks(2)
				.map(|pair| match pair {
					[left, right] => BlakeTwo256::hash(&[left.0, right.0].concat()),
					[single] => *single,
					_ => unreachable!("chunks of two"),
				})
				.collect();
		}
		level[0]
	}

	/// The spec's verification loop, written out without the crate.
	fn reference_verify(
		root: &H256,
		leaf: &H256,
		index: u32,
		count: u32,
		siblings: &[H256],
	) -> bool {
		if index >= count {
			return false;
		}
		let (mut node, mut position, mut width) = (leaf_node(leaf), index, count);
		let mut siblings = siblings.iter();
		while width > 1 {
			if position % 2 == 1 {
				let Some(sibling) = siblings.next() else { return false };
				node = BlakeTwo256::hash(&[sibling.0, node.0].concat());
			} else if position + 1 < width {
				let Some(sibling) = siblings.next() else { return false };
				node = BlakeTwo256::hash(&[node.0, sibling.0].concat());
			}
			position /= 2;
			width = width.div_ceil(2);
		}
		siblings.next().is_none() && node == *root
	}

	#[test]
	fn a_kept_tree_gives_the_same_root_and_proofs_as_the_crate() {
		for count in 1..=40u32 {
			let leaves = leaves(count);
			let tree = Tree::new(&leaves).unwrap();
			assert_eq!(tree.root(), root(&leaves).unwrap(), "{count} leaves");
			assert_eq!(tree.leaf_count(), count);
			for index in 0..count {
				assert_eq!(tree.proof(index), proof(&leaves, index), "leaf {index} of {count}");
			}
			assert_eq!(tree.proof(count), None);
		}
		assert_eq!(Tree::new(&[]), None);
	}

	#[test]
	fn leaf_is_the_blake2_256_of_the_reading() {
		assert_eq!(
			reading_leaf(b"reading 0"),
			h("dd431f54bf527c03e3bef9ad587033c90057fec20ca10702173d683bb116d143")
		);
		assert_eq!(leaf_node(&reading_leaf(b"reading 0")), root(&leaves(1)).unwrap());
	}

	#[test]
	fn roots_match_the_known_answers() {
		// Computed by an independent Python implementation of docs/anchoring.md.
		let expected = [
			(1, "58d8c10ff35502ebd151b5a75c143441f540d18a98b4d8aff5c019bca6aeba2c"),
			(2, "b3b09f0609cfde27c239ea41d06c63756a9fb295a3dd582c0a4bd49f12eb0b42"),
			(3, "7cb6026087b9b4ecddaf8e952447756102f8e0dfb2302ac83cb0561fab7e1e8b"),
			(5, "e79962e4aa1edcf8c901722da831b47e405448042dc7075bd8f85c11fbaec1f6"),
			(1000, "ce272a0715e60e3aca42a466510bdfff52871be7b57103e581a35a245212b489"),
		];
		for (n, root_hex) in expected {
			assert_eq!(root(&leaves(n)), Some(h(root_hex)), "{n} leaves");
			assert_eq!(reference_root(&leaves(n)), h(root_hex), "{n} leaves, reference");
		}
	}

	#[test]
	fn proofs_match_the_known_answers() {
		let five = leaves(5);
		let cases: [(u32, &[&str]); 3] = [
			(
				0,
				&[
					"69b09c6313671df9dbfff6e02ff16c33fdea9f3ee092735c1f75b581eee7157a",
					"926500f3609f80913d004cb7fee53327f2c35fc0d4e9c08c7e2945c90e6c64ab",
					"d990f182b5f2c3574d87caea0c2abd7741154efa9c46d8de428514e248d0978a",
				],
			),
			(
				2,
				&[
					"6d3da24ae4b2aaa9e3482a6f04cb4cf33fc17a6f5d186dc70f7d04c6bda26e03",
					"b3b09f0609cfde27c239ea41d06c63756a9fb295a3dd582c0a4bd49f12eb0b42",
					"d990f182b5f2c3574d87caea0c2abd7741154efa9c46d8de428514e248d0978a",
				],
			),
			// The last of five leaves is promoted twice and meets its only sibling at the top.
			(4, &["8fe0b476de81aea58e39d5cb771760287a82ec15907091f0ee67d6133b284874"]),
		];
		for (index, siblings) in cases {
			let proof = proof(&five, index).unwrap();
			assert_eq!(proof.siblings, siblings.iter().map(|s| h(s)).collect::<Vec<_>>());
			assert_eq!((proof.leaf_index, proof.leaf_count), (index, 5));
			assert!(verify(&proof.root, &five[index as usize], index, 5, &proof.siblings));
		}

		let thousand = leaves(1000);
		let last = proof(&thousand, 999).unwrap();
		assert_eq!(
			last.siblings,
			[
				"467c66d9c2893d4b9097d94bfba2f6bfd5ced614ea35b3a933fceebd53815e4c",
				"43f4be593bef2cb6d01fc8d48f82120ddce5f14fd6ce449411f4e0696b66b2cf",
				"5b8d7a909a76d849a8c14a68af1cc0ad4fd2b76e0fcb0f82bf4133661cebe613",
				"59cab5c6060ea296bd7ba95fdb2cbbf3247629edf770f8048d04507eaa52a640",
				"feb25f9b8d0fe41b8479d81b40ae31b7427b3ee4312ecc1ce81d09f87d2c8b63",
				"38c56ecebd8526ae4a5432c2d3f011c038384d43e4e2437077ec341aae788181",
				"dad6eef971157ac735d2ee26827958a95b6da6deb101ae1eb9591e1a1e7895b1",
				"f5020252f9f5df47956b31327237a1d4a1820eb95f696fd6391945d2b1ff04b7",
			]
			.map(h)
		);
	}

	#[test]
	fn every_proof_verifies_here_in_the_crate_and_in_the_reference() {
		for n in (1..=70).chain([127, 128, 129, 1000]) {
			let leaves = leaves(n);
			let root = root(&leaves).unwrap();
			for index in 0..n {
				let proof = proof(&leaves, index).unwrap();
				let leaf = &leaves[index as usize];
				assert_eq!(proof.root, root);
				assert_eq!(Some(proof.siblings.len()), proof_len(index, n), "n={n} i={index}");
				assert!(verify(&root, leaf, index, n, &proof.siblings), "n={n} i={index}");
				assert!(reference_verify(&root, leaf, index, n, &proof.siblings));
				assert!(binary_merkle_tree::verify_proof::<BlakeTwo256, _, _>(
					&root,
					proof.siblings.clone(),
					n,
					index,
					leaf,
				));
			}
		}
	}

	#[test]
	fn tampered_leaf_fails() {
		for n in [1, 2, 3, 5, 1000] {
			let leaves = leaves(n);
			let root = root(&leaves).unwrap();
			for index in [0, n / 2, n - 1] {
				let proof = proof(&leaves, index).unwrap();
				let mut tampered = leaves[index as usize];
				tampered.0[31] ^= 1;
				assert!(!verify(&root, &tampered, index, n, &proof.siblings), "n={n} i={index}");
				assert!(!binary_merkle_tree::verify_proof::<BlakeTwo256, _, _>(
					&root,
					proof.siblings.clone(),
					n,
					index,
					&tampered,
				));
			}
		}
	}

	#[test]
	fn tampered_sibling_or_root_fails() {
		let leaves = leaves(5);
		let proof = proof(&leaves, 1).unwrap();
		let mut siblings = proof.siblings.clone();
		siblings[1].0[0] ^= 0x80;
		assert!(!verify(&proof.root, &leaves[1], 1, 5, &siblings));
		let mut root = proof.root;
		root.0[5] ^= 1;
		assert!(!verify(&root, &leaves[1], 1, 5, &proof.siblings));
	}

	#[test]
	fn wrong_index_fails() {
		for n in [2, 3, 5, 1000] {
			let leaves = leaves(n);
			let root = root(&leaves).unwrap();
			for index in 0..n.min(40) {
				let proof = proof(&leaves, index).unwrap();
				let leaf = &leaves[index as usize];
				for other in (0..n).filter(|other| *other != index) {
					assert!(
						!verify(&root, leaf, other, n, &proof.siblings),
						"n={n}: leaf {index} proven at {other}"
					);
					assert!(!reference_verify(&root, leaf, other, n, &proof.siblings));
				}
			}
		}
	}

	#[test]
	fn crate_alone_accepts_a_proof_at_another_index_with_the_same_turns() {
		// Why `verify` checks the proof's length: in a tree of 5, the last leaf's single
		// sibling is on its left, as is leaf 3's first; the crate then accepts leaf 4's proof
		// for position 3.
		let leaves = leaves(5);
		let proof = proof(&leaves, 4).unwrap();
		assert!(binary_merkle_tree::verify_proof::<BlakeTwo256, _, _>(
			&proof.root,
			proof.siblings.clone(),
			5,
			3,
			&leaves[4],
		));
		assert!(!verify(&proof.root, &leaves[4], 3, 5, &proof.siblings));
	}

	#[test]
	fn wrong_leaf_count_or_index_out_of_range_fails() {
		let leaves = leaves(5);
		let proof = proof(&leaves, 4).unwrap();
		// With six leaves, leaf 4 would have a partner at level 0.
		assert!(!verify(&proof.root, &leaves[4], 4, 6, &proof.siblings));
		assert!(!verify(&proof.root, &leaves[4], 5, 5, &proof.siblings));
		assert!(!verify(&proof.root, &leaves[4], 0, 0, &[]));
	}

	#[test]
	fn the_root_does_not_commit_to_the_leaf_count() {
		// Leaf 2 takes the same path in trees of 5 and 6 leaves, so the same proof passes for
		// both counts: the count must come from a trusted place (the device-signed anchor).
		let leaves = leaves(5);
		let proof = proof(&leaves, 2).unwrap();
		assert!(verify(&proof.root, &leaves[2], 2, 6, &proof.siblings));
	}

	#[test]
	fn extra_or_missing_siblings_fail() {
		let leaves = leaves(5);
		let proof = proof(&leaves, 4).unwrap();
		let mut longer = proof.siblings.clone();
		longer.push(H256::zero());
		assert!(!verify(&proof.root, &leaves[4], 4, 5, &longer));
		assert!(!verify(&proof.root, &leaves[4], 4, 5, &[]));
	}

	#[test]
	fn empty_tree_and_missing_leaf_have_no_root_or_proof() {
		assert_eq!(root(&[]), None);
		assert_eq!(proof(&[], 0), None);
		assert_eq!(proof(&leaves(3), 3), None);
		assert_eq!(proof_len(0, 0), None);
		assert_eq!(proof_len(3, 3), None);
	}

	#[test]
	fn proof_len_is_at_most_the_tree_height() {
		assert_eq!(proof_len(0, 1), Some(0));
		assert_eq!(proof_len(4, 5), Some(1));
		assert_eq!(proof_len(0, 1 << 20), Some(20));
		assert_eq!(proof_len(0, u32::MAX), Some(32));
		assert!(proof_len(u32::MAX - 1, u32::MAX).is_some_and(|len| len <= 32));
	}

	#[test]
	fn single_leaf_root_is_its_node_and_its_proof_is_empty() {
		let one = leaves(1);
		let proof = proof(&one, 0).unwrap();
		assert!(proof.siblings.is_empty());
		assert_eq!(proof.root, leaf_node(&one[0]));
		assert!(verify(&proof.root, &one[0], 0, 1, &[]));
		assert!(!verify(&one[0], &one[0], 0, 1, &[]), "the root is not the leaf itself");
	}
}
