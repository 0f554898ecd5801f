//! How fast one core builds the Merkle trees behind `anchor_batch`: the work a gateway does before
//! it anchors a batch of readings, with the same code the runtime verifies proofs with.
//!
//! ```sh
//! cargo run --release -p iotchain-primitives --example merkle_rate -- [LEAVES] [TREES]
//! ```
//!
//! Prints one line: trees, readings per tree, seconds, and readings per second on one core.

use std::{hint::black_box, time::Instant};

use iotchain_primitives::merkle::{reading_leaf, root};

/// A reading's bytes: the tree it belongs to and its position there (16 bytes).
fn reading(tree: u64, position: u64) -> [u8; 16] {
	let mut bytes = [0u8; 16];
	let (head, tail) = bytes.split_at_mut(8);
	head.copy_from_slice(&tree.to_le_bytes());
	tail.copy_from_slice(&position.to_le_bytes());
	bytes
}

fn main() -> Result<(), String> {
	let mut args = std::env::args().skip(1);
	let mut number = |default: u64, what: &str| -> Result<u64, String> {
		args.next().map_or(Ok(default), |arg| {
			arg.parse::<u64>()
				.ok()
				.filter(|n| *n > 0)
				.ok_or_else(|| format!("{what} must be a positive integer, got {arg}"))
		})
	};
	let leaves = number(1024, "LEAVES")?;
	let trees = number(2000, "TREES")?;

	let started = Instant::now();
	for tree in 0..trees {
		let readings: Vec<_> =
			(0..leaves).map(|position| reading_leaf(&reading(tree, position))).collect();
		black_box(root(&readings).ok_or("a tree has at least one leaf")?);
	}
	let seconds = started.elapsed().as_secs_f64();
	let readings = (trees as f64) * (leaves as f64);
	println!(
		"{trees} trees of {leaves} readings in {seconds:.3} s: {:.0} readings/s on one core",
		readings / seconds
	);
	Ok(())
}
