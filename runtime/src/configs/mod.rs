//! Pallet configuration, one file per concern.

mod anchoring;
mod consensus;
mod devices;
mod monetary;
mod system;
mod utility;

pub use anchoring::*;
pub use consensus::*;
pub use devices::*;
pub use monetary::*;
pub use system::*;
