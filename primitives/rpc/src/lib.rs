//! What every IoTChain RPC crate shares, so that each of them only forwards a method to its
//! runtime API (`docs/rpc.md` is the convention they follow):
//!
//! - [`Reader`]: the runtime API at the block `at`, or at the best block when `at` is `null`,
//!   with one error for a failed read ([`RUNTIME_ERROR`]);
//! - [`Account`]: an account parameter, SS58 (the chain's prefix or any registered one) or
//!   `0x` and 64 hex digits, since PAPI users hold accounts as hex;
//! - [`Amount`]: an amount parameter, a decimal string or a JSON number;
//! - [`invalid_params`]: the error of a parameter that parses but cannot be used.
//!
//! Answers are the runtime's own types, serialized by their `serde` derives.

use std::{marker::PhantomData, sync::Arc};

use jsonrpsee::{
	core::RpcResult,
	types::{error::ErrorCode, ErrorObject, ErrorObjectOwned},
};
use serde::{de::Error as _, Deserialize, Deserializer};
use sp_api::{ApiError, ProvideRuntimeApi};
use sp_blockchain::HeaderBackend;
use sp_core::crypto::Ss58Codec;
use sp_runtime::{traits::Block as BlockT, AccountId32};

/// The error code of a read the runtime could not answer: the runtime API failed, or the
/// runtime at that block does not have it.
pub const RUNTIME_ERROR: i32 = 1;

/// Reads the chain through the runtime APIs of a client.
pub struct Reader<C, Block> {
	client: Arc<C>,
	_block: PhantomData<fn() -> Block>,
}

impl<C, Block> Reader<C, Block>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block>,
{
	/// Reads through `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client, _block: PhantomData }
	}

	/// Calls `read` with the runtime API at block `at`, or at the best block if `at` is `None`;
	/// a failure is a [`RUNTIME_ERROR`].
	pub fn read<R>(
		&self,
		at: Option<Block::Hash>,
		read: impl FnOnce(&C::Api, Block::Hash) -> Result<R, ApiError>,
	) -> RpcResult<R> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		read(&*self.client.runtime_api(), at).map_err(runtime_error)
	}
}

fn runtime_error(error: ApiError) -> ErrorObjectOwned {
	ErrorObject::owned(RUNTIME_ERROR, "The runtime could not answer", Some(error.to_string()))
}

/// The error of a parameter that parses but cannot be used: JSON-RPC's invalid params
/// (-32602), with `detail` as its data.
pub fn invalid_params(message: &str, detail: impl ToString) -> ErrorObjectOwned {
	ErrorObject::owned(ErrorCode::InvalidParams.code(), message, Some(detail.to_string()))
}

/// An account parameter: SS58 or `0x` and 64 hex digits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account(pub AccountId32);

impl From<Account> for AccountId32 {
	fn from(account: Account) -> Self {
		account.0
	}
}

impl<'de> Deserialize<'de> for Account {
	fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
		let text = String::deserialize(deserializer)?;
		if let Some(hex) = text.strip_prefix("0x") {
			let bytes = sp_core::bytes::from_hex(hex)
				.map_err(|_| D::Error::custom("an account in hex is 0x and 64 hex digits"))?;
			let raw = <[u8; 32]>::try_from(bytes)
				.map_err(|_| D::Error::custom("an account in hex is 0x and 64 hex digits"))?;
			return Ok(Self(AccountId32::new(raw)));
		}
		AccountId32::from_ss58check(&text)
			.map(Self)
			.map_err(|error| D::Error::custom(format!("not an SS58 account: {error}")))
	}
}

/// An amount parameter: a decimal string (any size) or a JSON number (exact in JavaScript up
/// to 2^53).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Amount(pub u128);

impl Amount {
	/// The amount as a `Balance`, or an invalid-params error naming the parameter `name`.
	pub fn to_balance<Balance: TryFrom<u128>>(self, name: &str) -> RpcResult<Balance> {
		Balance::try_from(self.0)
			.map_err(|_| invalid_params(&format!("`{name}` is too large"), self.0))
	}
}

impl<'de> Deserialize<'de> for Amount {
	fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
		#[derive(Deserialize)]
		#[serde(untagged)]
		enum Given {
			Number(u64),
			Decimal(String),
		}
		match Given::deserialize(deserializer)? {
			Given::Number(value) => Ok(Self(u128::from(value))),
			Given::Decimal(text) => text
				.parse()
				.map(Self)
				.map_err(|_| D::Error::custom("an amount is a decimal string or a number")),
		}
	}
}

#[cfg(test)]
mod tests {
	#![allow(clippy::expect_used)]

	use super::*;
	use serde_json::json;
	use sp_core::crypto::{Ss58AddressFormat, Ss58AddressFormatRegistry};

	fn account(value: serde_json::Value) -> Result<Account, serde_json::Error> {
		serde_json::from_value(value)
	}

	#[test]
	fn accounts_are_read_from_ss58_or_hex() {
		let id = AccountId32::new([7; 32]);
		let generic =
			id.to_ss58check_with_version(Ss58AddressFormatRegistry::SubstrateAccount.into());
		assert_eq!(account(json!(generic)).expect("SS58"), Account(id.clone()));
		let hex = format!("0x{}", "07".repeat(32));
		assert_eq!(account(json!(hex)).expect("hex"), Account(id));
	}

	#[test]
	fn malformed_accounts_are_refused() {
		assert!(account(json!("0x0707")).is_err());
		assert!(account(json!(format!("0x{}", "zz".repeat(32)))).is_err());
		assert!(account(json!("not an address")).is_err());
		let unknown_prefix =
			AccountId32::new([7; 32]).to_ss58check_with_version(Ss58AddressFormat::custom(9999));
		assert!(account(json!(unknown_prefix)).is_err());
	}

	#[test]
	fn amounts_are_decimal_strings_or_numbers() {
		let amount = |value| serde_json::from_value::<Amount>(value);
		assert_eq!(amount(json!(12)).expect("number"), Amount(12));
		assert_eq!(amount(json!(u128::MAX.to_string())).expect("string"), Amount(u128::MAX));
		assert!(amount(json!("12.5")).is_err());
		assert!(amount(json!(-1)).is_err());
		assert!(Amount(u128::from(u64::MAX) + 1).to_balance::<u64>("amount").is_err());
	}
}
