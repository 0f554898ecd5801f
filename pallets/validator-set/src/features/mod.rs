//! What the calls do (`do_*`, also called by other pallets and tests) and what clients read.

mod set;
#[cfg(any(feature = "try-runtime", test))]
mod try_state;
