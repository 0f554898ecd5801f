//! The gateway's own key: its identity on chain (a registered device of kind `Gateway`), the
//! account that pays for its aggregates, and the signer of its receipts.
//!
//! The key file is JSON, `{ "scheme": "sr25519", "seed": "0x…" }`, written by `keygen` with
//! mode 0600. The seed is the 32-byte sr25519 mini secret key, as `subkey` takes it.

use std::{io::Write, path::Path};

use serde::{Deserialize, Serialize};
use sp_core::{crypto::Ss58Codec, sr25519, Pair};
use sp_runtime::{AccountId32, MultiSignature, MultiSigner};
use subxt::PolkadotConfig;

/// The chain's SS58 prefix, for the addresses the gateway prints and serves.
pub const SS58_PREFIX: u16 = 4242;

/// The address of `account` with the chain's prefix.
pub fn address(account: &AccountId32) -> String {
	account.to_ss58check_with_version(SS58_PREFIX.into())
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyFile {
	scheme: String,
	#[serde(with = "sp_core::bytes")]
	seed: Vec<u8>,
}

/// The gateway's sr25519 key pair.
#[derive(Clone)]
pub struct GatewayKey {
	pair: sr25519::Pair,
}

impl GatewayKey {
	/// A new random key.
	pub fn generate() -> (Self, [u8; 32]) {
		let (pair, seed) = sr25519::Pair::generate();
		(Self { pair }, seed)
	}

	/// The key of a 32-byte seed.
	pub fn from_seed(seed: &[u8; 32]) -> Self {
		Self { pair: sr25519::Pair::from_seed(seed) }
	}

	/// The sr25519 key of a secret URI: a mnemonic, a `0x` seed, or a dev path such as
	/// `//Alice`, as `subkey` reads them.
	pub fn from_uri(uri: &str) -> anyhow::Result<Self> {
		let pair = sr25519::Pair::from_string(uri, None)
			.map_err(|e| anyhow::anyhow!("not a secret URI: {e:?}"))?;
		Ok(Self { pair })
	}

	/// Writes a new key file at `path`, readable by its owner only; refuses to overwrite one.
	pub fn create_file(path: &Path) -> anyhow::Result<Self> {
		let (key, seed) = Self::generate();
		let json =
			serde_json::to_vec_pretty(&KeyFile { scheme: "sr25519".into(), seed: seed.to_vec() })?;
		let mut options = std::fs::OpenOptions::new();
		options.write(true).create_new(true);
		#[cfg(unix)]
		std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
		let mut file = options
			.open(path)
			.map_err(|e| anyhow::anyhow!("cannot create {}: {e}", path.display()))?;
		file.write_all(&json)?;
		file.sync_all()?;
		Ok(key)
	}

	/// Reads a key file.
	pub fn load(path: &Path) -> anyhow::Result<Self> {
		let text = std::fs::read(path).map_err(|e| {
			anyhow::anyhow!(
				"cannot read the key file {}: {e} (make one with `keygen`)",
				path.display()
			)
		})?;
		let file: KeyFile = serde_json::from_slice(&text)
			.map_err(|e| anyhow::anyhow!("{} is not a key file: {e}", path.display()))?;
		anyhow::ensure!(
			file.scheme == "sr25519",
			"{}: only sr25519 keys are supported",
			path.display()
		);
		let seed = <[u8; 32]>::try_from(file.seed.as_slice())
			.map_err(|_| anyhow::anyhow!("{}: the seed is 32 bytes", path.display()))?;
		Ok(Self::from_seed(&seed))
	}

	/// The gateway's id on chain: the account of its public key.
	pub fn id(&self) -> AccountId32 {
		AccountId32::new(self.pair.public().0)
	}

	/// The public key as the device registry records it.
	pub fn signer(&self) -> MultiSigner {
		self.pair.public().into()
	}

	/// The raw sr25519 public key.
	pub fn public(&self) -> [u8; 32] {
		self.pair.public().0
	}

	/// The raw sr25519 signature of `message`.
	pub fn sign_raw(&self, message: &[u8]) -> [u8; 64] {
		self.pair.sign(message).0
	}

	/// Signs `message`.
	pub fn sign(&self, message: &[u8]) -> MultiSignature {
		self.pair.sign(message).into()
	}
}

impl subxt::tx::Signer<PolkadotConfig> for GatewayKey {
	fn account_id(&self) -> subxt::utils::AccountId32 {
		subxt::utils::AccountId32(self.pair.public().0)
	}

	fn sign(&self, signer_payload: &[u8]) -> subxt::utils::MultiSignature {
		subxt::utils::MultiSignature::Sr25519(self.pair.sign(signer_payload).0)
	}
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
	use super::*;

	#[test]
	fn a_key_file_round_trips_and_is_never_overwritten() {
		let dir = tempfile::tempdir().unwrap();
		let path = dir.path().join("gateway.key");
		let key = GatewayKey::create_file(&path).unwrap();
		assert_eq!(GatewayKey::load(&path).unwrap().id(), key.id());
		assert!(GatewayKey::create_file(&path).is_err(), "an existing key is kept");
		#[cfg(unix)]
		{
			use std::os::unix::fs::PermissionsExt;
			let mode = std::fs::metadata(&path).unwrap().permissions().mode();
			assert_eq!(mode & 0o777, 0o600);
		}
		std::fs::write(&path, br#"{"scheme":"ed25519","seed":"0x00"}"#).unwrap();
		assert!(GatewayKey::load(&path).is_err());
	}

	#[test]
	fn signatures_verify_with_the_gateways_key() {
		let key = GatewayKey::from_seed(&[7; 32]);
		let signature = key.sign(b"receipt");
		assert!(iotchain_primitives::verify_signature(&key.signer(), &signature, b"receipt"));
		assert!(address(&key.id()).starts_with('m'));
	}
}
