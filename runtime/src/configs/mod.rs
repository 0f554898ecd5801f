//! Pallet configuration, one file per concern.

mod anchoring;
mod consensus;
mod devices;
mod energy;
mod governance;
mod market;
mod monetary;
mod payments;
mod supply_chain;
mod system;
mod utility;
mod validators;

pub use anchoring::*;
pub use consensus::*;
pub use devices::*;
pub use energy::*;
pub use governance::*;
pub use market::*;
pub use monetary::*;
pub use payments::*;
pub use supply_chain::*;
pub use system::*;
pub use validators::*;
