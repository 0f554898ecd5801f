//! Genesis presets: `development` (one validator, Alice, and a sudo key) and `local_testnet`
//! (Alice and Bob as validators, no sudo key: the council governs). Both fund the well-known
//! development accounts and the treasury, and seat Alice, Bob and Charlie on the council.

use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use serde_json::Value;
use sp_genesis_builder::{PresetId, DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

use crate::{
	configs::TreasuryAccount, AccountId, Balance, BalancesConfig, BlockNumber,
	CouncilMembershipConfig, RuntimeGenesisConfig, SessionConfig, SessionKeys, SudoConfig,
	ValidatorSetConfig, HOURS, MINUTES, UNIT,
};

/// What each development account starts with: a million tokens.
pub const ENDOWMENT: Balance = 1_000_000 * UNIT;

/// What the treasury starts with, so that governance can fund work from day one.
pub const TREASURY_ENDOWMENT: Balance = 100_000 * UNIT;

/// A validator at genesis: its account and session keys.
struct Validator {
	account: AccountId,
	keys: SessionKeys,
}

/// The well-known development validator `name`: its sr25519 account and Aura key, its ed25519
/// GRANDPA key.
fn validator(name: Sr25519Keyring, grandpa: Ed25519Keyring) -> Validator {
	Validator {
		account: name.to_account_id(),
		keys: SessionKeys { aura: name.public().into(), grandpa: grandpa.public().into() },
	}
}

/// Blocks per session on the development chain: a minute, so that validator-set changes show
/// within two minutes in development and in the end-to-end tests.
pub const DEV_SESSION_LENGTH: BlockNumber = MINUTES;

/// Blocks per session on `local_testnet`, as on a production network: an hour. Every rotating
/// block carries no transactions, so short sessions cost block space.
pub const LOCAL_SESSION_LENGTH: BlockNumber = HOURS;

/// A genesis state with the given validators, session length, council and sudo key.
fn genesis(
	validators: Vec<Validator>,
	session_length: BlockNumber,
	council: Vec<AccountId>,
	root: Option<AccountId>,
) -> Value {
	let mut balances: Vec<(AccountId, Balance)> =
		dev_accounts().into_iter().map(|who| (who, ENDOWMENT)).collect();
	balances.push((TreasuryAccount::get(), TREASURY_ENDOWMENT));

	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig { balances },
		validator_set: ValidatorSetConfig {
			validators: validators.iter().map(|v| v.account.clone()).collect(),
			session_length,
		},
		session: SessionConfig {
			keys: validators.into_iter().map(|v| (v.account.clone(), v.account, v.keys)).collect(),
		},
		council_membership: CouncilMembershipConfig {
			members: council.try_into().unwrap_or_default(),
		},
		sudo: SudoConfig { key: root },
	})
}

/// The well-known development accounts (Alice to Ferdie and their stashes).
fn dev_accounts() -> Vec<AccountId> {
	Sr25519Keyring::iter()
		.filter(|k| !matches!(k, Sr25519Keyring::One | Sr25519Keyring::Two))
		.map(Sr25519Keyring::to_account_id)
		.collect()
}

/// The development council: Alice, Bob and Charlie.
fn dev_council() -> Vec<AccountId> {
	[Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie]
		.into_iter()
		.map(Sr25519Keyring::to_account_id)
		.collect()
}

/// A single-validator chain for development: Alice authors and finalizes every block and holds
/// the sudo key.
pub fn development_config_genesis() -> Value {
	genesis(
		vec![validator(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
		DEV_SESSION_LENGTH,
		dev_council(),
		Some(Sr25519Keyring::Alice.to_account_id()),
	)
}

/// A two-validator local network: Alice and Bob take turns and both vote on finality. There is
/// no sudo key; the council governs.
pub fn local_config_genesis() -> Value {
	genesis(
		vec![
			validator(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
			validator(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
		],
		LOCAL_SESSION_LENGTH,
		dev_council(),
		None,
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
	fn development_has_alice_as_only_validator_and_sudo() {
		let dev = preset(DEV_RUNTIME_PRESET);
		let alice = serde_json::to_value(Sr25519Keyring::Alice.to_account_id()).expect("json");
		assert_eq!(dev["validatorSet"]["validators"], Value::Array(vec![alice.clone()]));
		assert_eq!(dev["session"]["keys"].as_array().map(Vec::len), Some(1));
		assert_eq!(dev["sudo"]["key"], alice);
		assert_eq!(dev["validatorSet"]["sessionLength"], 10);
		// Twelve development accounts and the treasury.
		assert_eq!(dev["balances"]["balances"].as_array().map(Vec::len), Some(13));
		assert_eq!(dev["councilMembership"]["members"].as_array().map(Vec::len), Some(3));
	}

	#[test]
	fn local_testnet_has_alice_and_bob_as_validators_and_no_sudo() {
		let local = preset(LOCAL_TESTNET_RUNTIME_PRESET);
		assert_eq!(local["validatorSet"]["validators"].as_array().map(Vec::len), Some(2));
		assert_eq!(local["session"]["keys"].as_array().map(Vec::len), Some(2));
		assert_eq!(local["sudo"]["key"], Value::Null);
		assert_eq!(local["validatorSet"]["sessionLength"], 600, "an hour of 6-second blocks");
		assert_eq!(local["councilMembership"]["members"].as_array().map(Vec::len), Some(3));
	}

	#[test]
	fn unknown_preset_is_none() {
		assert!(get_preset(&PresetId::from("mainnet")).is_none());
		assert_eq!(preset_names().len(), 2);
	}
}
