//! How IoTChain's runtime types are written in JSON, for the `serde` derives the runtime's own
//! types carry under `std` (the RPC serves those types as they are; `docs/rpc.md` is the
//! convention):
//!
//! - field names and enum variants are camelCase (`"inTransit"`, `{ "custom": 7 }`);
//! - balances are decimal strings ([`balance`], [`option_balance`]), since a `u128` does not
//!   fit a JavaScript number;
//! - accounts are SS58 with the chain's prefix (`AccountId32`'s own serde, whose prefix the node
//!   sets at start); hashes are `0x` hex (`H256`'s own serde); byte strings are `0x` hex
//!   ([`bytes`], for a `Vec<u8>` or a `BoundedVec<u8, _>` alike);
//! - public keys are `{ "type": "sr25519", "publicKey": "0x…" }` ([`signer`]);
//! - block numbers, sequence numbers, ids and times in milliseconds are JSON numbers.

/// A balance as a decimal string: `#[serde(with = "iotchain_primitives::json::balance")]`.
pub mod balance {
	use core::{fmt::Display, str::FromStr};
	use serde::{de::Error, Deserialize, Deserializer, Serializer};

	/// Writes `balance` as a decimal string.
	pub fn serialize<S: Serializer, B: Display>(
		balance: &B,
		serializer: S,
	) -> Result<S::Ok, S::Error> {
		serializer.collect_str(balance)
	}

	/// Reads a balance from a decimal string.
	pub fn deserialize<'de, D: Deserializer<'de>, B: FromStr>(
		deserializer: D,
	) -> Result<B, D::Error> {
		let text = alloc::string::String::deserialize(deserializer)?;
		text.parse().map_err(|_| D::Error::custom("a balance is a decimal string"))
	}
}

/// A byte string as `0x` hex: `#[serde(with = "iotchain_primitives::json::bytes")]`, for a
/// plain vector (in views) or a bounded one (in storage) alike.
pub mod bytes {
	use alloc::vec::Vec;
	use serde::{de::Error, Deserializer, Serializer};

	/// Writes `bytes` as `0x` hex.
	pub fn serialize<S: Serializer, Bytes: AsRef<[u8]>>(
		bytes: &Bytes,
		serializer: S,
	) -> Result<S::Ok, S::Error> {
		sp_core::bytes::serialize(bytes.as_ref(), serializer)
	}

	/// Reads `0x` hex into `Bytes`, which may refuse it as too long.
	pub fn deserialize<'de, D: Deserializer<'de>, Bytes: TryFrom<Vec<u8>>>(
		deserializer: D,
	) -> Result<Bytes, D::Error> {
		Bytes::try_from(sp_core::bytes::deserialize(deserializer)?)
			.map_err(|_| D::Error::custom("the byte string is too long"))
	}
}

/// An optional balance as a decimal string or `null`.
pub mod option_balance {
	use core::{fmt::Display, str::FromStr};
	use serde::{de::Error, Deserialize, Deserializer, Serializer};

	/// Writes `balance` as a decimal string, or `null`.
	pub fn serialize<S: Serializer, B: Display>(
		balance: &Option<B>,
		serializer: S,
	) -> Result<S::Ok, S::Error> {
		match balance {
			Some(balance) => serializer.collect_str(balance),
			None => serializer.serialize_none(),
		}
	}

	/// Reads a balance from a decimal string, or `null`.
	pub fn deserialize<'de, D: Deserializer<'de>, B: FromStr>(
		deserializer: D,
	) -> Result<Option<B>, D::Error> {
		Option::<alloc::string::String>::deserialize(deserializer)?
			.map(|text| text.parse().map_err(|_| D::Error::custom("a balance is a decimal string")))
			.transpose()
	}
}

/// A public key as `{ "type": "ed25519" | "sr25519" | "ecdsa", "publicKey": "0x…" }`:
/// `#[serde(with = "iotchain_primitives::json::signer")]`.
pub mod signer {
	use alloc::vec::Vec;
	use serde::{de::Error, Deserialize, Deserializer, Serialize, Serializer};
	use sp_core::{ecdsa, ed25519, sr25519};
	use sp_runtime::MultiSigner;

	#[derive(Serialize, Deserialize)]
	#[serde(rename_all = "camelCase")]
	struct Key {
		#[serde(rename = "type")]
		scheme: alloc::string::String,
		#[serde(with = "sp_core::bytes")]
		public_key: Vec<u8>,
	}

	/// The name of the key's signature scheme.
	pub fn scheme(key: &MultiSigner) -> &'static str {
		match key {
			MultiSigner::Ed25519(_) => "ed25519",
			MultiSigner::Sr25519(_) => "sr25519",
			MultiSigner::Ecdsa(_) => "ecdsa",
			MultiSigner::Eth(_) => "eth",
		}
	}

	/// Writes `key` as its scheme and raw public key.
	pub fn serialize<S: Serializer>(key: &MultiSigner, serializer: S) -> Result<S::Ok, S::Error> {
		Key { scheme: scheme(key).into(), public_key: key.as_ref().to_vec() }.serialize(serializer)
	}

	/// Reads a key from its scheme and raw public key.
	pub fn deserialize<'de, D: Deserializer<'de>>(
		deserializer: D,
	) -> Result<MultiSigner, D::Error> {
		let Key { scheme, public_key } = Key::deserialize(deserializer)?;
		let wrong_length = || D::Error::custom("the public key's length does not fit its type");
		Ok(match scheme.as_str() {
			"ed25519" => {
				ed25519::Public::try_from(&public_key[..]).map_err(|()| wrong_length())?.into()
			}
			"sr25519" => {
				sr25519::Public::try_from(&public_key[..]).map_err(|()| wrong_length())?.into()
			}
			"ecdsa" => {
				ecdsa::Public::try_from(&public_key[..]).map_err(|()| wrong_length())?.into()
			}
			_ => return Err(D::Error::custom("the key type is ed25519, sr25519 or ecdsa")),
		})
	}
}

/// A signature as `{ "type": "sr25519", "signature": "0x…" }`, its scheme named as keys name
/// theirs (`signer`).
pub mod signature {
	use alloc::vec::Vec;
	use serde::{de::Error as _, Deserialize, Deserializer, Serialize, Serializer};
	use sp_core::{ecdsa, ed25519, sr25519};
	use sp_runtime::MultiSignature;

	#[derive(Serialize, Deserialize)]
	struct Signature {
		#[serde(rename = "type")]
		scheme: alloc::string::String,
		#[serde(with = "sp_core::bytes")]
		signature: Vec<u8>,
	}

	/// The name of the signature's scheme.
	pub fn scheme(signature: &MultiSignature) -> &'static str {
		match signature {
			MultiSignature::Ed25519(_) => "ed25519",
			MultiSignature::Sr25519(_) => "sr25519",
			MultiSignature::Ecdsa(_) => "ecdsa",
			MultiSignature::Eth(_) => "eth",
		}
	}

	/// Writes `signature` as its scheme and raw bytes.
	pub fn serialize<S: Serializer>(
		signature: &MultiSignature,
		serializer: S,
	) -> Result<S::Ok, S::Error> {
		let bytes: &[u8] = match signature {
			MultiSignature::Ed25519(sig) => sig.as_ref(),
			MultiSignature::Sr25519(sig) => sig.as_ref(),
			MultiSignature::Ecdsa(sig) => sig.as_ref(),
			MultiSignature::Eth(sig) => sig.as_ref(),
		};
		Signature { scheme: scheme(signature).into(), signature: bytes.to_vec() }
			.serialize(serializer)
	}

	/// Reads a signature from its scheme and raw bytes.
	pub fn deserialize<'de, D: Deserializer<'de>>(
		deserializer: D,
	) -> Result<MultiSignature, D::Error> {
		let Signature { scheme, signature } = Signature::deserialize(deserializer)?;
		let wrong_length = || D::Error::custom("the signature's length does not fit its type");
		Ok(match scheme.as_str() {
			"ed25519" => {
				ed25519::Signature::try_from(&signature[..]).map_err(|()| wrong_length())?.into()
			}
			"sr25519" => {
				sr25519::Signature::try_from(&signature[..]).map_err(|()| wrong_length())?.into()
			}
			"ecdsa" => {
				ecdsa::Signature::try_from(&signature[..]).map_err(|()| wrong_length())?.into()
			}
			_ => return Err(D::Error::custom("the signature type is ed25519, sr25519 or ecdsa")),
		})
	}
}

#[cfg(test)]
mod tests {
	#![allow(clippy::expect_used)]

	use serde::{Deserialize, Serialize};
	use serde_json::json;
	use sp_core::sr25519;
	use sp_runtime::{MultiSignature, MultiSigner};

	#[derive(Serialize, Deserialize, PartialEq, Debug)]
	#[serde(rename_all = "camelCase")]
	struct Sample {
		#[serde(with = "super::balance")]
		amount: u128,
		#[serde(with = "super::option_balance")]
		cap: Option<u128>,
		#[serde(with = "super::signer")]
		key: MultiSigner,
	}

	#[derive(Serialize, Deserialize, PartialEq, Debug)]
	struct Signed {
		#[serde(with = "super::signature")]
		signature: MultiSignature,
	}

	#[test]
	fn signatures_name_their_type() {
		let signed = Signed { signature: sr25519::Signature::from_raw([9; 64]).into() };
		let value = serde_json::to_value(&signed).expect("serializes");
		assert_eq!(
			value,
			json!({ "signature": { "type": "sr25519", "signature": format!("0x{}", "09".repeat(64)) } })
		);
		assert_eq!(serde_json::from_value::<Signed>(value).expect("reads back"), signed);
		let short = json!({ "signature": { "type": "ed25519", "signature": "0x09" } });
		assert!(serde_json::from_value::<Signed>(short).is_err());
	}

	#[test]
	fn balances_are_strings_and_keys_name_their_type() {
		let sample =
			Sample { amount: u128::MAX, cap: None, key: sr25519::Public::from_raw([7; 32]).into() };
		let value = serde_json::to_value(&sample).expect("serializes");
		assert_eq!(
			value,
			json!({
				"amount": u128::MAX.to_string(),
				"cap": null,
				"key": { "type": "sr25519", "publicKey": format!("0x{}", "07".repeat(32)) },
			})
		);
		assert_eq!(serde_json::from_value::<Sample>(value).expect("reads back"), sample);
	}

	#[test]
	fn a_key_of_the_wrong_length_or_type_is_refused() {
		let short =
			json!({ "amount": "1", "cap": "2", "key": { "type": "ed25519", "publicKey": "0x07" } });
		assert!(serde_json::from_value::<Sample>(short).is_err());
		let unknown =
			json!({ "amount": "1", "cap": "2", "key": { "type": "rsa", "publicKey": "0x07" } });
		assert!(serde_json::from_value::<Sample>(unknown).is_err());
	}
}
