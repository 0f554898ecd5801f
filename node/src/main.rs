//! The IoTChain node: Aura block production, GRANDPA finality and JSON-RPC for IoT dApps.

#![warn(missing_docs)]
// `sc_cli::Error` and `sc_service::Error`, which every Substrate node returns, are large enums
// defined upstream; boxing them here would only add noise at every call site.
#![allow(clippy::result_large_err)]

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod chain_spec;
mod cli;
mod command;
mod rpc;
mod service;

fn main() -> sc_cli::Result<()> {
	command::run()
}
