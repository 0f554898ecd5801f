//! The device registry's JSON-RPC methods. They forward to the runtime API and answer with the
//! pallet's own view types; `docs/rpc.md` has every parameter and an example answer.
//!
//! - `deviceRegistry_device(id, at?)`: a device by id, revoked ones included, or `null`.
//! - `deviceRegistry_deviceByKey(key, at?)`: the device holding `key` now, or `null`; `key` is
//!   written as the answers write keys, `{ "type": "sr25519", "publicKey": "0x…" }`.
//! - `deviceRegistry_devicesByOwner(owner, cursor?, limit?, at?)`: one page `{ items, next }` of
//!   an owner's devices; the page starts after the device `cursor` (the `next` of the page
//!   before, `null` for the first page); `limit` defaults to and is capped at
//!   [`MAX_DEVICES_PAGE`].
//! - `deviceRegistry_didDocument(id, at?)`: the device's W3C DID Core document, or `null`.
//! - `deviceRegistry_keyHistory(device, cursor?, limit?, at?)`: one page `{ items, next }` of the
//!   keys the device held, oldest first, each `{ key, since, until }`, or `null` for an unknown
//!   device; the page starts after the key at place `cursor` (the `next` of the page before,
//!   `null` for the first page); `limit` defaults to and is capped at [`MAX_KEY_HISTORY_PAGE`].
//!
//! Accounts are answered in SS58 with the chain's prefix and accepted in SS58 or `0x` hex.
//!
//! ## The `did:iotchain` documents
//!
//! A device's DID is `did:iotchain:<SS58 of its id>`. Its document lists the current key as the
//! only verification method (`Ed25519VerificationKey2020` or `Sr25519VerificationKey2020` with
//! `publicKeyMultibase`, `EcdsaSecp256k1VerificationKey2019` with `publicKeyHex`), its id
//! fragment being the key's multibase form, so a rotated key gets a new id. The owner's DID is
//! the document's `controller`. While the device is active the key is referenced from
//! `authentication` and `assertionMethod`; while suspended those are empty. Metadata that is
//! UTF-8 text appears as a `DeviceMetadata` service. `deviceStatus`, `deviceKind`,
//! `manufacturer`, `model` and `certifications` (certifier DID, claim hash, expiry block, only
//! those that hold now) are IoTChain's own properties; status and kind are written as in
//! `deviceRegistry_device`. A revoked device's document is
//! `{ @context, id, deactivated: true, deviceStatus: "revoked" }`.

use codec::Codec;
use iotchain_rpc::{Account, Reader};
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::{error::ErrorCode, ErrorObject},
};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_runtime::{traits::Block as BlockT, AccountId32, MultiSigner};

pub use pallet_device_registry_runtime_api::{
	CertificationView, DeviceKind, DeviceRegistryApi as DeviceRegistryRuntimeApi, DeviceStatus,
	DeviceView, DevicesPage, KeyHistoryPage, KeyPeriod, MAX_DEVICES_PAGE, MAX_KEY_HISTORY_PAGE,
};

/// A key parameter, written as the answers write keys: `{ "type", "publicKey" }`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Key(#[serde(with = "iotchain_primitives::json::signer")] pub MultiSigner);

/// The `deviceRegistry_*` JSON-RPC methods.
#[rpc(
	server,
	server_bounds(
		BlockHash: serde::de::DeserializeOwned + Send + Sync + 'static,
		AccountId: Clone + Serialize + Send + Sync + 'static,
		Balance: Clone + std::fmt::Display + Send + Sync + 'static,
		BlockNumber: Clone + Serialize + Send + Sync + 'static
	)
)]
pub trait DeviceRegistryApi<BlockHash, AccountId, Balance, BlockNumber> {
	/// The device with id `id`, revoked ones included.
	#[method(name = "deviceRegistry_device")]
	fn device(
		&self,
		id: Account,
		at: Option<BlockHash>,
	) -> RpcResult<Option<DeviceView<AccountId, Balance, BlockNumber>>>;

	/// The device that holds `key` now.
	#[method(name = "deviceRegistry_deviceByKey")]
	fn device_by_key(
		&self,
		key: Key,
		at: Option<BlockHash>,
	) -> RpcResult<Option<DeviceView<AccountId, Balance, BlockNumber>>>;

	/// One page of the devices `owner` owns, after the device `cursor`.
	#[method(name = "deviceRegistry_devicesByOwner")]
	fn devices_by_owner(
		&self,
		owner: Account,
		cursor: Option<Account>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<DevicesPage<AccountId, Balance, BlockNumber>>;

	/// The W3C DID Core document of the device with id `id`.
	#[method(name = "deviceRegistry_didDocument")]
	fn did_document(&self, id: Account, at: Option<BlockHash>) -> RpcResult<Option<Value>>;

	/// One page of the keys the device with id `device` held, oldest first, after the key at
	/// place `cursor`.
	#[method(name = "deviceRegistry_keyHistory")]
	fn key_history(
		&self,
		device: Account,
		cursor: Option<u32>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Option<KeyHistoryPage<BlockNumber>>>;
}

/// Serves the `deviceRegistry_*` methods: the shared [`Reader`] over a client, built with
/// `DeviceRegistry::new(client)`.
pub type DeviceRegistry<C, Block> = Reader<C, Block>;

impl<C, Block, AccountId, Balance, BlockNumber>
	DeviceRegistryApiServer<Block::Hash, AccountId, Balance, BlockNumber> for Reader<C, Block>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: DeviceRegistryRuntimeApi<Block, AccountId, Balance, BlockNumber>,
	AccountId: Codec + Clone + From<AccountId32> + Serialize + Send + Sync + 'static,
	Balance: Codec + Clone + std::fmt::Display + Send + Sync + 'static,
	BlockNumber: Codec + Clone + Serialize + Send + Sync + 'static,
{
	fn device(
		&self,
		id: Account,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<DeviceView<AccountId, Balance, BlockNumber>>> {
		self.read(at, |api, at| api.device(at, AccountId32::from(id).into()))
	}

	fn device_by_key(
		&self,
		key: Key,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<DeviceView<AccountId, Balance, BlockNumber>>> {
		self.read(at, |api, at| api.device_by_key(at, key.0))
	}

	fn devices_by_owner(
		&self,
		owner: Account,
		cursor: Option<Account>,
		limit: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<DevicesPage<AccountId, Balance, BlockNumber>> {
		let (owner, cursor) = (AccountId32::from(owner).into(), cursor.map(account));
		let limit = limit.unwrap_or(MAX_DEVICES_PAGE);
		self.read(at, |api, at| api.devices_by_owner(at, owner, cursor, limit))
	}

	fn did_document(&self, id: Account, at: Option<Block::Hash>) -> RpcResult<Option<Value>> {
		let view = self.read(at, |api, at| api.device(at, account(id)))?;
		view.as_ref().map(did_document).transpose().map_err(|error| {
			ErrorObject::owned(
				ErrorCode::InternalError.code(),
				"The device does not serialize",
				Some(error.to_string()),
			)
		})
	}

	fn key_history(
		&self,
		device: Account,
		cursor: Option<u32>,
		limit: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<KeyHistoryPage<BlockNumber>>> {
		let (device, limit) = (account(device), limit.unwrap_or(MAX_KEY_HISTORY_PAGE));
		self.read(at, |api, at| api.key_history(at, device, cursor, limit))
	}
}

fn account<AccountId: From<AccountId32>>(account: Account) -> AccountId {
	AccountId32::from(account).into()
}

/// The multicodec code of a public key type, as unsigned varint bytes.
fn multicodec_prefix(key: &MultiSigner) -> [u8; 2] {
	match key {
		MultiSigner::Ed25519(_) => [0xed, 0x01],
		MultiSigner::Sr25519(_) => [0xef, 0x01],
		MultiSigner::Ecdsa(_) | MultiSigner::Eth(_) => [0xe7, 0x01],
	}
}

/// A public key in multibase form: `z`, then base58btc of the multicodec prefix and the key.
pub fn public_key_multibase(key: &MultiSigner) -> String {
	let mut bytes = multicodec_prefix(key).to_vec();
	bytes.extend_from_slice(key.as_ref());
	format!("z{}", bs58::encode(bytes).into_string())
}

/// The `did:iotchain` DID of an account as the views write it (SS58 with the chain's prefix).
fn did(account: &Value) -> String {
	format!("did:iotchain:{}", account.as_str().unwrap_or_default())
}

/// The W3C DID Core document of a device (see the crate docs for its shape). The device's
/// fields are taken from its JSON, so they read as in `deviceRegistry_device`.
///
/// # Errors
///
/// The view's serialization error, which its types never make.
#[allow(
	clippy::indexing_slicing,
	reason = "indexing a `serde_json::Value` by a key yields `null` when the key is missing"
)]
pub fn did_document<AccountId, Balance, BlockNumber>(
	view: &DeviceView<AccountId, Balance, BlockNumber>,
) -> serde_json::Result<Value>
where
	AccountId: Serialize,
	Balance: std::fmt::Display,
	BlockNumber: Serialize,
{
	let json = serde_json::to_value(view)?;
	let id = did(&json["id"]);
	if view.status == DeviceStatus::Revoked {
		return Ok(json!({
			"@context": ["https://www.w3.org/ns/did/v1"],
			"id": id,
			"deactivated": true,
			"deviceStatus": json["status"],
		}));
	}

	let key_id = format!("{id}#{}", public_key_multibase(&view.key));
	let (key_type, key_context, public_key) = match &view.key {
		MultiSigner::Ed25519(_) => (
			"Ed25519VerificationKey2020",
			Some("https://w3id.org/security/suites/ed25519-2020/v1"),
			("publicKeyMultibase", public_key_multibase(&view.key)),
		),
		MultiSigner::Sr25519(_) => (
			"Sr25519VerificationKey2020",
			None,
			("publicKeyMultibase", public_key_multibase(&view.key)),
		),
		MultiSigner::Ecdsa(_) | MultiSigner::Eth(_) => (
			"EcdsaSecp256k1VerificationKey2019",
			Some("https://w3id.org/security/suites/secp256k1-2019/v1"),
			("publicKeyHex", hex(view.key.as_ref())),
		),
	};
	let mut verification_method = Map::new();
	verification_method.insert("id".into(), Value::String(key_id.clone()));
	verification_method.insert("type".into(), Value::String(key_type.into()));
	verification_method.insert("controller".into(), Value::String(id.clone()));
	verification_method.insert(public_key.0.into(), Value::String(public_key.1));
	let relationship = if view.status == DeviceStatus::Active { vec![key_id] } else { vec![] };

	let certifications: Vec<Value> = json["certifications"]
		.as_array()
		.into_iter()
		.flatten()
		.map(|certification| {
			json!({
				"certifier": did(&certification["certifier"]),
				"claimHash": certification["claimHash"],
				"expiresAt": certification["expiresAt"],
			})
		})
		.collect();
	let context: Vec<&str> =
		["https://www.w3.org/ns/did/v1"].into_iter().chain(key_context).collect();
	let mut document = json!({
		"@context": context,
		"id": id,
		"controller": did(&json["owner"]),
		"verificationMethod": [verification_method],
		"authentication": relationship,
		"assertionMethod": relationship,
		"deviceStatus": json["status"],
		"deviceKind": json["kind"],
		"manufacturer": text(&view.manufacturer),
		"model": text(&view.model),
		"certifications": certifications,
	});
	if let (Ok(endpoint), Some(fields)) =
		(core::str::from_utf8(&view.metadata), document.as_object_mut())
	{
		if !endpoint.is_empty() {
			let mut service = json!({
				"id": format!("{id}#metadata"),
				"type": "DeviceMetadata",
				"serviceEndpoint": endpoint,
			});
			if let (Some(service), false) = (service.as_object_mut(), json["contentHash"].is_null())
			{
				service.insert("contentHash".into(), json["contentHash"].clone());
			}
			fields.insert("service".into(), json!([service]));
		}
	}
	Ok(document)
}

/// UTF-8 text as a string, anything else as `0x` hex.
fn text(bytes: &[u8]) -> String {
	core::str::from_utf8(bytes).map(str::to_owned).unwrap_or_else(|_| format!("0x{}", hex(bytes)))
}

fn hex(bytes: &[u8]) -> String {
	bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

#[cfg(test)]
mod tests {
	// A panic in a test is a failed test.
	#![allow(clippy::indexing_slicing, clippy::expect_used)]

	use super::*;
	use sp_core::{ecdsa, ed25519, sr25519, H256};

	// The SS58 of accounts [n; 32] with the generic prefix 42, which tests serialize with.
	const ONE: &str = "5C62Ck4UrFPiBtoCmeSrgF7x9yv9mn38446dhCpsi2mLHiFT";
	const TWO: &str = "5C7LYpP2ZH3tpKbvVvwiVe54AapxErdPBbvkYhe6y9ZBkqWt";
	const THREE: &str = "5C8etthaGJi5SkQeEDSaK32ABBjkhwDeK9ksQCTLEGM3EH14";
	const FOUR: &str = "5C9yEy27yLNG5BDMxVwS8RyGBneZB1ouShazFhGZVP8thK5z";

	fn view(key: MultiSigner, status: DeviceStatus) -> DeviceView<AccountId32, u128, u32> {
		DeviceView {
			id: AccountId32::new([1; 32]),
			owner: AccountId32::new([2; 32]),
			key,
			status,
			kind: DeviceKind::Tracker,
			manufacturer: b"Acme".to_vec(),
			model: b"T-1000".to_vec(),
			metadata: b"ipfs://bafy".to_vec(),
			content_hash: Some(H256::repeat_byte(9)),
			registered_at: 7,
			deposit: 1_000_000_000_000_000_000_000,
			operators: vec![AccountId32::new([3; 32])],
			pending_transfer: None,
			certifications: vec![CertificationView {
				certifier: AccountId32::new([4; 32]),
				claim_hash: H256::repeat_byte(5),
				expires_at: 100,
			}],
		}
	}

	fn sr25519_key() -> MultiSigner {
		MultiSigner::Sr25519(sr25519::Public::from_raw([8; 32]))
	}

	fn document(view: &DeviceView<AccountId32, u128, u32>) -> Value {
		did_document(view).expect("a device serializes")
	}

	#[test]
	fn a_device_is_camel_case_with_ss58_hex_and_a_decimal_deposit() {
		let json = serde_json::to_value(view(sr25519_key(), DeviceStatus::Active))
			.expect("a device serializes");

		assert_eq!(
			json,
			json!({
				"id": ONE,
				"owner": TWO,
				"key": { "type": "sr25519", "publicKey": format!("0x{}", "08".repeat(32)) },
				"status": "active",
				"kind": "tracker",
				"manufacturer": "0x41636d65",
				"model": "0x542d31303030",
				"metadata": "0x697066733a2f2f62616679",
				"contentHash": format!("0x{}", "09".repeat(32)),
				"registeredAt": 7,
				"deposit": "1000000000000000000000",
				"operators": [THREE],
				"pendingTransfer": null,
				"certifications": [{
					"certifier": FOUR,
					"claimHash": format!("0x{}", "05".repeat(32)),
					"expiresAt": 100,
				}],
			})
		);
		let back: DeviceView<AccountId32, u128, u32> =
			serde_json::from_value(json).expect("a device reads back");
		assert_eq!(back, view(sr25519_key(), DeviceStatus::Active));
	}

	#[test]
	fn a_page_is_items_and_the_next_cursor() {
		let page: DevicesPage<AccountId32, u128, u32> = DevicesPage {
			items: vec![view(sr25519_key(), DeviceStatus::Suspended)],
			next: Some(AccountId32::new([1; 32])),
		};
		let json = serde_json::to_value(page).expect("a page serializes");

		assert_eq!(json["next"], ONE);
		assert_eq!(json["items"][0]["status"], "suspended");
		assert_eq!(json["items"][0]["kind"], "tracker");
	}

	#[test]
	fn a_key_history_page_is_keys_with_since_and_until() {
		let page: KeyHistoryPage<u32> = KeyHistoryPage {
			items: vec![
				KeyPeriod { key: sr25519_key(), since: 7, until: Some(12) },
				KeyPeriod {
					key: MultiSigner::Ed25519(ed25519::Public::from_raw([1; 32])),
					since: 12,
					until: None,
				},
			],
			next: Some(1),
		};
		let json = serde_json::to_value(&page).expect("a key history page serializes");

		assert_eq!(
			json,
			json!({
				"items": [
					{
						"key": { "type": "sr25519", "publicKey": format!("0x{}", "08".repeat(32)) },
						"since": 7,
						"until": 12,
					},
					{
						"key": { "type": "ed25519", "publicKey": format!("0x{}", "01".repeat(32)) },
						"since": 12,
						"until": null,
					},
				],
				"next": 1,
			})
		);
		let back: KeyHistoryPage<u32> =
			serde_json::from_value(json).expect("a key history page reads back");
		assert_eq!(back, page);
	}

	#[test]
	fn a_key_parameter_is_written_as_answers_write_keys() {
		let key: Key = serde_json::from_value(
			json!({ "type": "ecdsa", "publicKey": format!("0x{}", "02".repeat(33)) }),
		)
		.expect("a key parses");
		assert_eq!(key.0, MultiSigner::Ecdsa(ecdsa::Public::from_raw([2; 33])));
		assert!(serde_json::from_value::<Key>(json!(format!("0x01{}", "08".repeat(32)))).is_err());
	}

	#[test]
	fn ed25519_key_is_multibase_with_the_ed25519_multicodec() {
		// Every ed25519 key in multibase form starts so: `z` + base58btc of 0xed 0x01 and the key.
		let key = MultiSigner::Ed25519(ed25519::Public::from_raw([0; 32]));
		assert!(public_key_multibase(&key).starts_with("z6Mk"));
	}

	#[test]
	fn did_document_names_key_controller_relationships_and_certifications() {
		let key = sr25519_key();
		let document = document(&view(key.clone(), DeviceStatus::Active));

		let id = format!("did:iotchain:{ONE}");
		let key_id = format!("{id}#{}", public_key_multibase(&key));
		assert_eq!(
			document,
			json!({
				"@context": ["https://www.w3.org/ns/did/v1"],
				"id": id,
				"controller": format!("did:iotchain:{TWO}"),
				"verificationMethod": [{
					"id": key_id,
					"type": "Sr25519VerificationKey2020",
					"controller": id,
					"publicKeyMultibase": public_key_multibase(&key),
				}],
				"authentication": [key_id],
				"assertionMethod": [key_id],
				"deviceStatus": "active",
				"deviceKind": "tracker",
				"manufacturer": "Acme",
				"model": "T-1000",
				"certifications": [{
					"certifier": format!("did:iotchain:{FOUR}"),
					"claimHash": format!("0x{}", "05".repeat(32)),
					"expiresAt": 100,
				}],
				"service": [{
					"id": format!("{id}#metadata"),
					"type": "DeviceMetadata",
					"serviceEndpoint": "ipfs://bafy",
					"contentHash": format!("0x{}", "09".repeat(32)),
				}],
			})
		);
	}

	#[test]
	fn ecdsa_key_is_given_in_hex() {
		let key = MultiSigner::Ecdsa(ecdsa::Public::from_raw([2; 33]));
		let document = document(&view(key, DeviceStatus::Active));

		let method = &document["verificationMethod"][0];
		assert_eq!(method["type"], "EcdsaSecp256k1VerificationKey2019");
		assert_eq!(method["publicKeyHex"], "02".repeat(33));
	}

	#[test]
	fn a_suspended_device_cannot_authenticate() {
		let key = MultiSigner::Ed25519(ed25519::Public::from_raw([8; 32]));
		let document = document(&view(key, DeviceStatus::Suspended));

		assert_eq!(document["authentication"], json!([]));
		assert_eq!(document["assertionMethod"], json!([]));
		assert_eq!(document["deviceStatus"], "suspended");
	}

	#[test]
	fn a_revoked_device_is_deactivated() {
		let key = MultiSigner::Ed25519(ed25519::Public::from_raw([8; 32]));
		let document = document(&view(key, DeviceStatus::Revoked));

		assert_eq!(
			document,
			json!({
				"@context": ["https://www.w3.org/ns/did/v1"],
				"id": format!("did:iotchain:{ONE}"),
				"deactivated": true,
				"deviceStatus": "revoked",
			})
		);
	}
}
