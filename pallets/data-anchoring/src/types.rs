//! Types of the data-anchoring pallet.

use alloc::vec::Vec;
use codec::{Decode, Encode};
use frame_support::traits::fungible;
use scale_info::TypeInfo;

pub use iotchain_primitives::{AnchorKind, AnchorRecord, AnchoredAt, NotProven};

use crate::Config;

/// The balance of the currency anchor fees are paid in.
pub type BalanceOf<T> =
	<<T as Config>::Currency as fungible::Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// Anchor fees taken from their payer, on their way to `FeeDestination`.
pub type CreditOf<T> =
	fungible::Credit<<T as frame_system::Config>::AccountId, <T as Config>::Currency>;

/// A sequence number as it is stored in [`crate::Anchors`]' keys: big-endian, so that a device's
/// anchors iterate in sequence order.
pub type SeqKey = [u8; 8];

/// The storage key part of sequence number `seq`.
pub fn seq_key(seq: u64) -> SeqKey {
	seq.to_be_bytes()
}

/// The sequence number of a storage key part.
pub fn seq_of(key: SeqKey) -> u64 {
	u64::from_be_bytes(key)
}

/// One page of a device's anchors, in sequence order.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct AnchorsPage<BlockNumber> {
	/// Sequence numbers and their records, ascending.
	pub anchors: Vec<(u64, AnchorRecord<BlockNumber>)>,
	/// The sequence number the next page starts at, or `None` if this page is the last.
	pub next_seq: Option<u64>,
}

/// The key type the benchmarks keep their device keys under in the keystore.
#[cfg(feature = "runtime-benchmarks")]
pub const BENCHMARK_KEY_TYPE: sp_core::crypto::KeyTypeId = sp_core::crypto::KeyTypeId(*b"anch");

/// Creates devices for the benchmarks in whatever registry the runtime uses.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper {
	/// Registers the device of `key` as an `Active` device, so that it may anchor.
	///
	/// `key` is an sr25519 key held in the benchmark keystore under [`BENCHMARK_KEY_TYPE`], so an
	/// implementation can sign a proof of possession with `sp_io::crypto::sr25519_sign`.
	fn register_active_device(key: &sp_runtime::MultiSigner);
}
