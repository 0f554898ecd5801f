//! Built-in chain specifications: `dev` and `local`. Anything else is read from a JSON file.

use iotchain_runtime::{SS58_PREFIX, TOKEN_DECIMALS, TOKEN_SYMBOL, WASM_BINARY};
use sc_service::ChainType;
use sp_genesis_builder::{DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};

/// The chain specification of IoTChain networks.
pub type ChainSpec = sc_service::GenericChainSpec;

/// What wallets show for the native token and addresses.
fn properties() -> sc_chain_spec::Properties {
	let mut properties = sc_chain_spec::Properties::new();
	properties.insert("tokenSymbol".into(), TOKEN_SYMBOL.into());
	properties.insert("tokenDecimals".into(), TOKEN_DECIMALS.into());
	properties.insert("ss58Format".into(), SS58_PREFIX.into());
	properties
}

fn wasm_binary() -> Result<&'static [u8], String> {
	WASM_BINARY.ok_or_else(|| "The runtime's Wasm binary was not built.".to_string())
}

/// A single-validator development chain (Alice), with a sudo key.
pub fn development_config() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm_binary()?, None)
		.with_name("IoTChain Development")
		.with_id("iotchain_dev")
		.with_chain_type(ChainType::Development)
		.with_genesis_config_preset_name(DEV_RUNTIME_PRESET)
		.with_properties(properties())
		.build())
}

/// A two-validator local network (Alice and Bob).
pub fn local_testnet_config() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm_binary()?, None)
		.with_name("IoTChain Local Testnet")
		.with_id("iotchain_local")
		.with_chain_type(ChainType::Local)
		.with_genesis_config_preset_name(LOCAL_TESTNET_RUNTIME_PRESET)
		.with_properties(properties())
		.build())
}

/// The chain specification named `id`: `dev`, `local`, or the path of a JSON file.
pub fn load(id: &str) -> Result<Box<dyn sc_service::ChainSpec>, String> {
	Ok(match id {
		"dev" => Box::new(development_config()?),
		"" | "local" => Box::new(local_testnet_config()?),
		path if std::path::Path::new(path).is_file() => {
			Box::new(ChainSpec::from_json_file(std::path::PathBuf::from(path))?)
		}
		other => {
			return Err(format!(
				"Unknown chain '{other}': use 'dev', 'local' or the path of a chain-spec JSON file."
			))
		}
	})
}
