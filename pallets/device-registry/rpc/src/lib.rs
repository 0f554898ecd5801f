//! The device registry's JSON-RPC methods.
//!
//! - `deviceRegistry_device(id, at?)`: a device by id (SS58), or `null`.
//! - `deviceRegistry_deviceByKey(key, at?)`: the device holding a key, or `null`. `key` is the
//!   SCALE encoding of the key as a `MultiSigner`, in hex: `0x00` then 32 bytes for ed25519,
//!   `0x01` then 32 bytes for sr25519, `0x02` then 33 bytes for ECDSA (the bytes the proofs of
//!   possession carry).
//! - `deviceRegistry_devicesByOwner(owner, start?, limit?, at?)`: one page of an owner's devices
//!   and the cursor of the next page; `start` is that cursor (the last device of the previous
//!   page), `limit` is capped at [`MAX_DEVICES_PAGE`].
//! - `deviceRegistry_didDocument(id, at?)`: the device's W3C DID Core document, or `null`.
//!
//! Accounts are SS58 strings with the chain's prefix; byte strings and hashes are `0x` hex;
//! balances are decimal strings, since they may not fit a JavaScript number.
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
//! those that hold now) are IoTChain's own properties. A revoked device's document is
//! `{ id, deactivated: true, deviceStatus: "revoked" }`.

use std::{fmt::Display, marker::PhantomData, sync::Arc};

use codec::{Codec, DecodeAll};
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::{
		error::{ErrorCode, ErrorObject},
		ErrorObjectOwned,
	},
};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::{
	crypto::{Ss58AddressFormat, Ss58Codec},
	Bytes, H256,
};
use sp_runtime::{
	traits::{Block as BlockT, UniqueSaturatedInto},
	AccountId32, MultiSigner,
};

pub use pallet_device_registry_runtime_api::{
	CertificationView, DeviceKind, DeviceRegistryApi as DeviceRegistryRuntimeApi, DeviceStatus,
	DeviceView, MAX_DEVICES_PAGE,
};

/// A device as the RPC returns it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Device {
	/// The device's id, SS58.
	pub id: String,
	/// Its owner (its last owner, once revoked), SS58.
	pub owner: String,
	/// The key it signs with now (its last key, once revoked).
	pub key: DeviceKey,
	/// `active`, `suspended` or `revoked`.
	pub status: String,
	/// `sensor`, `actuator`, `gateway`, `meter`, `tracker`, `vehicle` or `other`.
	pub kind: String,
	/// Who made it, as stored.
	pub manufacturer: Bytes,
	/// Its model, as stored.
	pub model: Bytes,
	/// A URI or CID of a datasheet or a DID document, as stored.
	pub metadata: Bytes,
	/// The hash of the document `metadata` points to.
	pub content_hash: Option<H256>,
	/// The block it was registered in.
	pub registered_at: u64,
	/// What is held from the owner for it, in plancks.
	pub deposit: String,
	/// Accounts allowed to act for it besides its owner, SS58.
	pub operators: Vec<String>,
	/// The account it is offered to, SS58, if a transfer is pending.
	pub pending_transfer: Option<String>,
	/// Its certifications that hold now.
	pub certifications: Vec<Certification>,
}

/// A device's public key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceKey {
	/// `ed25519`, `sr25519` or `ecdsa`.
	#[serde(rename = "type")]
	pub scheme: String,
	/// The raw public key: 32 bytes, or 33 (compressed) for ECDSA.
	pub public_key: Bytes,
}

/// A certification as the RPC returns it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Certification {
	/// Who certified the device, SS58.
	pub certifier: String,
	/// The hash of the certificate or test report.
	pub claim_hash: H256,
	/// The first block at which it no longer holds.
	pub expires_at: u64,
}

/// One page of an owner's devices.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DevicesPage {
	/// The devices of this page.
	pub devices: Vec<Device>,
	/// What to pass as `start` for the next page; `null` after the last page.
	pub next: Option<String>,
}

/// The `deviceRegistry_*` JSON-RPC methods.
#[rpc(client, server)]
pub trait DeviceRegistryApi<BlockHash> {
	/// The device with id `id`, revoked ones included.
	#[method(name = "deviceRegistry_device")]
	fn device(&self, id: AccountId32, at: Option<BlockHash>) -> RpcResult<Option<Device>>;

	/// The device that holds `key` (a SCALE-encoded `MultiSigner`) now.
	#[method(name = "deviceRegistry_deviceByKey")]
	fn device_by_key(&self, key: Bytes, at: Option<BlockHash>) -> RpcResult<Option<Device>>;

	/// One page of the devices `owner` owns, after the device `start`.
	#[method(name = "deviceRegistry_devicesByOwner")]
	fn devices_by_owner(
		&self,
		owner: AccountId32,
		start: Option<AccountId32>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<DevicesPage>;

	/// The W3C DID Core document of the device with id `id`.
	#[method(name = "deviceRegistry_didDocument")]
	fn did_document(&self, id: AccountId32, at: Option<BlockHash>) -> RpcResult<Option<Value>>;
}

/// The error code of a failed runtime API call.
pub const RUNTIME_ERROR: i32 = 1;

/// Serves the `deviceRegistry_*` methods from the runtime API.
pub struct DeviceRegistry<C, Block, Balance> {
	client: Arc<C>,
	ss58_format: Ss58AddressFormat,
	_marker: PhantomData<fn() -> (Block, Balance)>,
}

impl<C, Block, Balance> DeviceRegistry<C, Block, Balance> {
	/// Serves the methods from `client`, writing accounts and DIDs with SS58 prefix
	/// `ss58_prefix` (the chain's).
	pub fn new(client: Arc<C>, ss58_prefix: u16) -> Self {
		Self { client, ss58_format: Ss58AddressFormat::custom(ss58_prefix), _marker: PhantomData }
	}
}

impl<C, Block, Balance> DeviceRegistry<C, Block, Balance>
where
	Block: BlockT,
	C: HeaderBackend<Block>,
{
	fn at(&self, at: Option<Block::Hash>) -> Block::Hash {
		at.unwrap_or_else(|| self.client.info().best_hash)
	}
}

impl<C, Block, Balance> DeviceRegistryApiServer<<Block as BlockT>::Hash>
	for DeviceRegistry<C, Block, Balance>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: DeviceRegistryRuntimeApi<Block, Balance>,
	Balance: Codec + Display + Send + Sync + 'static,
{
	fn device(&self, id: AccountId32, at: Option<Block::Hash>) -> RpcResult<Option<Device>> {
		let view = self.client.runtime_api().device(self.at(at), id).map_err(runtime_error)?;
		Ok(view.map(|view| device_json(&view, self.ss58_format)))
	}

	fn device_by_key(&self, key: Bytes, at: Option<Block::Hash>) -> RpcResult<Option<Device>> {
		let key = MultiSigner::decode_all(&mut &key[..]).map_err(|error| {
			ErrorObject::owned(
				ErrorCode::InvalidParams.code(),
				"`key` is not a SCALE-encoded MultiSigner",
				Some(error.to_string()),
			)
		})?;
		let view =
			self.client.runtime_api().device_by_key(self.at(at), key).map_err(runtime_error)?;
		Ok(view.map(|view| device_json(&view, self.ss58_format)))
	}

	fn devices_by_owner(
		&self,
		owner: AccountId32,
		start: Option<AccountId32>,
		limit: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<DevicesPage> {
		let limit = limit.unwrap_or(MAX_DEVICES_PAGE).min(MAX_DEVICES_PAGE);
		let views = self
			.client
			.runtime_api()
			.devices_by_owner(self.at(at), owner, start, limit)
			.map_err(runtime_error)?;
		let full_page = u32::try_from(views.len()).is_ok_and(|len| len >= limit && len > 0);
		let next = full_page
			.then(|| views.last().map(|view| view.id.to_ss58check_with_version(self.ss58_format)))
			.flatten();
		let devices = views.iter().map(|view| device_json(view, self.ss58_format)).collect();
		Ok(DevicesPage { devices, next })
	}

	fn did_document(&self, id: AccountId32, at: Option<Block::Hash>) -> RpcResult<Option<Value>> {
		let view = self.client.runtime_api().device(self.at(at), id).map_err(runtime_error)?;
		Ok(view.map(|view| did_document(&view, self.ss58_format)))
	}
}

fn runtime_error(error: impl std::fmt::Debug) -> ErrorObjectOwned {
	ErrorObject::owned(
		RUNTIME_ERROR,
		"Unable to query the device registry",
		Some(format!("{error:?}")),
	)
}

fn status_name(status: DeviceStatus) -> &'static str {
	match status {
		DeviceStatus::Active => "active",
		DeviceStatus::Suspended => "suspended",
		DeviceStatus::Revoked => "revoked",
	}
}

fn kind_name(kind: DeviceKind) -> &'static str {
	match kind {
		DeviceKind::Sensor => "sensor",
		DeviceKind::Actuator => "actuator",
		DeviceKind::Gateway => "gateway",
		DeviceKind::Meter => "meter",
		DeviceKind::Tracker => "tracker",
		DeviceKind::Vehicle => "vehicle",
		DeviceKind::Other => "other",
	}
}

fn scheme_name(key: &MultiSigner) -> &'static str {
	match key {
		MultiSigner::Ed25519(_) => "ed25519",
		MultiSigner::Sr25519(_) => "sr25519",
		MultiSigner::Ecdsa(_) => "ecdsa",
		MultiSigner::Eth(_) => "eth",
	}
}

/// A device view as JSON, with accounts in SS58 of `format`.
pub fn device_json<Balance: Display, BlockNumber: UniqueSaturatedInto<u64> + Copy>(
	view: &DeviceView<Balance, BlockNumber>,
	format: Ss58AddressFormat,
) -> Device {
	let ss58 = |account: &AccountId32| account.to_ss58check_with_version(format);
	Device {
		id: ss58(&view.id),
		owner: ss58(&view.owner),
		key: DeviceKey {
			scheme: scheme_name(&view.key).into(),
			public_key: view.key.as_ref().to_vec().into(),
		},
		status: status_name(view.status).into(),
		kind: kind_name(view.kind).into(),
		manufacturer: view.manufacturer.clone().into(),
		model: view.model.clone().into(),
		metadata: view.metadata.clone().into(),
		content_hash: view.content_hash,
		registered_at: view.registered_at.unique_saturated_into(),
		deposit: view.deposit.to_string(),
		operators: view.operators.iter().map(ss58).collect(),
		pending_transfer: view.pending_transfer.as_ref().map(ss58),
		certifications: view
			.certifications
			.iter()
			.map(|certification| Certification {
				certifier: ss58(&certification.certifier),
				claim_hash: certification.claim_hash,
				expires_at: certification.expires_at.unique_saturated_into(),
			})
			.collect(),
	}
}

/// The `did:iotchain` DID of an account, with its SS58 in `format`.
pub fn did(account: &AccountId32, format: Ss58AddressFormat) -> String {
	format!("did:iotchain:{}", account.to_ss58check_with_version(format))
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

/// The W3C DID Core document of a device (see the crate docs for its shape).
pub fn did_document<Balance, BlockNumber: UniqueSaturatedInto<u64> + Copy>(
	view: &DeviceView<Balance, BlockNumber>,
	format: Ss58AddressFormat,
) -> Value {
	let id = did(&view.id, format);
	if view.status == DeviceStatus::Revoked {
		return json!({
			"@context": ["https://www.w3.org/ns/did/v1"],
			"id": id,
			"deactivated": true,
			"deviceStatus": status_name(view.status),
		});
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
	let mut verification_method = serde_json::Map::new();
	verification_method.insert("id".into(), Value::String(key_id.clone()));
	verification_method.insert("type".into(), Value::String(key_type.into()));
	verification_method.insert("controller".into(), Value::String(id.clone()));
	verification_method.insert(public_key.0.into(), Value::String(public_key.1));
	let usable = view.status == DeviceStatus::Active;
	let relationship = if usable { vec![key_id.clone()] } else { vec![] };

	let context: Vec<&str> =
		["https://www.w3.org/ns/did/v1"].into_iter().chain(key_context).collect();
	let mut document = json!({
		"@context": context,
		"id": id,
		"controller": did(&view.owner, format),
		"verificationMethod": [verification_method],
		"authentication": relationship,
		"assertionMethod": relationship,
		"deviceStatus": status_name(view.status),
		"deviceKind": kind_name(view.kind),
		"manufacturer": text(&view.manufacturer),
		"model": text(&view.model),
		"certifications": view.certifications.iter().map(|certification| {
			let expires_at: u64 = certification.expires_at.unique_saturated_into();
			json!({
				"certifier": did(&certification.certifier, format),
				"claimHash": format!("{:?}", certification.claim_hash),
				"expiresAt": expires_at,
			})
		}).collect::<Vec<_>>(),
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
			if let (Some(hash), Some(service)) = (view.content_hash, service.as_object_mut()) {
				service.insert("contentHash".into(), Value::String(format!("{hash:?}")));
			}
			fields.insert("service".into(), json!([service]));
		}
	}
	document
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
	use sp_core::{ecdsa, ed25519, sr25519};

	const FORMAT: u16 = 4242;

	fn view(key: MultiSigner, status: DeviceStatus) -> DeviceView<u128, u32> {
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

	fn format() -> Ss58AddressFormat {
		Ss58AddressFormat::custom(FORMAT)
	}

	#[test]
	fn ed25519_key_is_multibase_with_the_ed25519_multicodec() {
		// Every ed25519 key in multibase form starts so: `z` + base58btc of 0xed 0x01 and the key.
		let key = MultiSigner::Ed25519(ed25519::Public::from_raw([0; 32]));
		assert!(public_key_multibase(&key).starts_with("z6Mk"));
	}

	#[test]
	fn did_document_names_key_controller_relationships_and_certifications() {
		let key = MultiSigner::Sr25519(sr25519::Public::from_raw([8; 32]));
		let document = did_document(&view(key.clone(), DeviceStatus::Active), format());

		let id = format!(
			"did:iotchain:{}",
			AccountId32::new([1; 32]).to_ss58check_with_version(format())
		);
		let key_id = format!("{id}#{}", public_key_multibase(&key));
		assert_eq!(document["id"], id);
		assert_eq!(document["controller"], did(&AccountId32::new([2; 32]), format()));
		assert_eq!(document["verificationMethod"][0]["id"], key_id);
		assert_eq!(document["verificationMethod"][0]["type"], "Sr25519VerificationKey2020");
		assert_eq!(document["verificationMethod"][0]["controller"], id);
		assert_eq!(
			document["verificationMethod"][0]["publicKeyMultibase"],
			public_key_multibase(&key)
		);
		assert_eq!(document["authentication"], json!([key_id]));
		assert_eq!(document["assertionMethod"], json!([key_id]));
		assert_eq!(document["deviceStatus"], "active");
		assert_eq!(document["deviceKind"], "tracker");
		assert_eq!(
			document["certifications"][0]["certifier"],
			did(&AccountId32::new([4; 32]), format())
		);
		assert_eq!(document["certifications"][0]["claimHash"], format!("0x{}", "05".repeat(32)));
		assert_eq!(document["certifications"][0]["expiresAt"], 100);
		assert_eq!(document["service"][0]["serviceEndpoint"], "ipfs://bafy");
	}

	#[test]
	fn ecdsa_key_is_given_in_hex() {
		let key = MultiSigner::Ecdsa(ecdsa::Public::from_raw([2; 33]));
		let document = did_document(&view(key, DeviceStatus::Active), format());

		let method = &document["verificationMethod"][0];
		assert_eq!(method["type"], "EcdsaSecp256k1VerificationKey2019");
		assert_eq!(method["publicKeyHex"], "02".repeat(33));
	}

	#[test]
	fn a_suspended_device_cannot_authenticate() {
		let key = MultiSigner::Ed25519(ed25519::Public::from_raw([8; 32]));
		let document = did_document(&view(key, DeviceStatus::Suspended), format());

		assert_eq!(document["authentication"], json!([]));
		assert_eq!(document["assertionMethod"], json!([]));
		assert_eq!(document["deviceStatus"], "suspended");
	}

	#[test]
	fn a_revoked_device_is_deactivated() {
		let key = MultiSigner::Ed25519(ed25519::Public::from_raw([8; 32]));
		let document = did_document(&view(key, DeviceStatus::Revoked), format());

		assert_eq!(document["deactivated"], true);
		assert!(document.get("verificationMethod").is_none());
	}

	#[test]
	fn device_json_uses_ss58_hex_and_decimal_strings() {
		let key = MultiSigner::Sr25519(sr25519::Public::from_raw([8; 32]));
		let json = serde_json::to_value(device_json(&view(key, DeviceStatus::Active), format()))
			.expect("a device serializes");

		assert_eq!(json["id"], AccountId32::new([1; 32]).to_ss58check_with_version(format()));
		assert_eq!(
			json["key"],
			json!({ "type": "sr25519", "publicKey": format!("0x{}", "08".repeat(32)) })
		);
		assert_eq!(json["manufacturer"], "0x41636d65");
		assert_eq!(json["deposit"], "1000000000000000000000");
		assert_eq!(json["registeredAt"], 7);
		assert_eq!(json["pendingTransfer"], Value::Null);
	}
}
