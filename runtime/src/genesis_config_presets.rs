//! Genesis presets: `development` (one authority, Alice, with a sudo key) and `local_testnet`
//! (Alice and Bob as authorities), both with the well-known development accounts funded.

use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{PresetId, DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

use crate::{
	AccountId, AuraConfig, BalancesConfig, GrandpaConfig, RuntimeGenesisConfig, SudoConfig, UNIT,
};

/// What each development account starts with: a million tokens.
pub const ENDOWMENT: crate::Balance = 1_000_000 * UNIT;

/// A genesis state with the given authorities, funded accounts and sudo key.
fn genesis(
	authorities: Vec<(AuraId, GrandpaId)>,
	endowed_accounts: Vec<AccountId>,
	root: AccountId,
) -> Value {
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed_accounts.into_iter().map(|who| (who, ENDOWMENT)).collect(),
		},
		aura: AuraConfig {
			authorities: authorities.iter().map(|(aura, _)| aura.clone()).collect(),
		},
		grandpa: GrandpaConfig {
			authorities: authorities.into_iter().map(|(_, grandpa)| (grandpa, 1)).collect(),
		},
		sudo: SudoConfig { key: Some(root) },
	})
}

/// The session keys of a well-known development authority.
fn authority(name: Sr25519Keyring, grandpa: Ed25519Keyring) -> (AuraId, GrandpaId) {
	(name.public().into(), grandpa.public().into())
}

/// The well-known development accounts (Alice to Ferdie and their stashes).
fn dev_accounts() -> Vec<AccountId> {
	Sr25519Keyring::iter()
		.filter(|k| !matches!(k, Sr25519Keyring::One | Sr25519Keyring::Two))
		.map(Sr25519Keyring::to_account_id)
		.collect()
}

/// A single-authority chain for development: Alice authors and finalizes every block.
pub fn development_config_genesis() -> Value {
	genesis(
		vec![authority(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
		dev_accounts(),
		Sr25519Keyring::Alice.to_account_id(),
	)
}

/// A two-authority local network: Alice and Bob take turns and both vote on finality.
pub fn local_config_genesis() -> Value {
	genesis(
		vec![
			authority(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
			authority(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
		],
		dev_accounts(),
		Sr25519Keyring::Alice.to_account_id(),
	)
}

/// The JSON patch of the preset `id`, or `None` if there is no such preset.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		DEV_RUNTIME_PRESET => development_config_genesis(),
		LOCAL_TESTNET_RUNTIME_PRESET => local_config_genesis(),
		_ => return None,
	};
	serde_json::to_vec(&patch).ok()
}

/// The names of the presets this runtime offers.
pub fn preset_names() -> Vec<PresetId> {
	vec![PresetId::from(DEV_RUNTIME_PRESET), PresetId::from(LOCAL_TESTNET_RUNTIME_PRESET)]
}

#[cfg(test)]
mod tests {
	use super::*;

	fn preset(name: &str) -> Value {
		let bytes = get_preset(&PresetId::from(name)).expect("listed presets exist");
		serde_json::from_slice(&bytes).expect("presets are JSON")
	}

	#[test]
	fn development_has_alice_as_only_authority_and_sudo() {
		let dev = preset(DEV_RUNTIME_PRESET);
		assert_eq!(dev["aura"]["authorities"].as_array().map(Vec::len), Some(1));
		assert_eq!(dev["grandpa"]["authorities"].as_array().map(Vec::len), Some(1));
		assert_eq!(
			dev["sudo"]["key"],
			serde_json::to_value(Sr25519Keyring::Alice.to_account_id()).expect("json")
		);
		assert_eq!(dev["balances"]["balances"].as_array().map(Vec::len), Some(12));
	}

	#[test]
	fn local_testnet_has_alice_and_bob_as_authorities() {
		let local = preset(LOCAL_TESTNET_RUNTIME_PRESET);
		assert_eq!(local["aura"]["authorities"].as_array().map(Vec::len), Some(2));
		assert_eq!(local["grandpa"]["authorities"].as_array().map(Vec::len), Some(2));
	}

	#[test]
	fn unknown_preset_is_none() {
		assert!(get_preset(&PresetId::from("mainnet")).is_none());
		assert_eq!(preset_names().len(), 2);
	}
}
