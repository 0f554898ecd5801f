//! Weights measured on this runtime by `scripts/benchmark-weights.sh`, never written by hand:
//! the block and extrinsic base weights (`benchmark overhead`), ParityDB's read and write
//! weights (`benchmark storage`), and the Substrate pallets every transaction pays for
//! (`benchmark pallet`). IoTChain's own pallets keep theirs in `pallets/*/src/weights.rs`.

pub mod block_weights;
pub mod extrinsic_weights;
pub mod frame_system;
pub mod frame_system_extensions;
pub mod pallet_balances;
pub mod pallet_sudo;
pub mod pallet_timestamp;
pub mod pallet_transaction_payment;
pub mod pallet_utility;
// The generated file documents the struct fields of a constant expression.
#[allow(unused_doc_comments)]
pub mod paritydb_weights;

pub use block_weights::BlockExecutionWeight;
pub use extrinsic_weights::ExtrinsicBaseWeight;
pub use paritydb_weights::constants::ParityDbWeight;
