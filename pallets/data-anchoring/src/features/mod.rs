//! The pallet's logic, one file per concern; the dispatchables in `lib.rs` only check the origin
//! and call in here.

mod anchor;
mod read;
#[cfg(any(feature = "try-runtime", test))]
mod try_state;
