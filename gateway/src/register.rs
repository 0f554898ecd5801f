//! `iotchain-gateway register`: the gateway's owner registers it on chain as a device of kind
//! `Gateway` (the gateway's key signs the registry's proof of possession, the owner sends the
//! transaction and holds the deposit) and funds its account, which pays for its aggregates.

use std::path::PathBuf;

use iotchain_primitives::{domain, signed_payload};
use subxt::dynamic::Value;

use crate::{
	chain::Chain,
	config::Config,
	keys::{self, GatewayKey},
	metrics::Metrics,
};

/// IOT in plancks.
const UNIT: u128 = 1_000_000_000_000;

/// Arguments of `register`.
#[derive(clap::Args)]
pub struct RegisterArgs {
	/// The gateway's configuration file (its node and key file).
	#[arg(long)]
	config: Option<PathBuf>,
	/// The owner's secret URI (a mnemonic, a `0x` seed, or `//Alice` on a development chain).
	#[arg(long)]
	owner: String,
	/// IOT to transfer from the owner to the gateway's account, for its fees (0: none).
	#[arg(long, default_value_t = 10)]
	fund: u128,
}

/// The registration `register_device` takes: the device's key (`scheme` `"Sr25519"` or
/// `"Ed25519"` and its bytes), its proof of possession (the signature of
/// `("iotchain/register", genesis, owner, key)` with that key) and its kind.
pub fn registration(scheme: &str, public: [u8; 32], proof: [u8; 64], kind: &str) -> Value {
	Value::named_composite([
		("key", Value::unnamed_variant(scheme, [Value::from_bytes(public)])),
		("proof", Value::unnamed_variant(scheme, [Value::from_bytes(proof)])),
		("kind", Value::unnamed_variant(kind, [])),
		("manufacturer", Value::from_bytes(b"")),
		("model", Value::from_bytes(b"iotchain-gateway")),
		("metadata", Value::from_bytes(b"")),
		("content_hash", Value::unnamed_variant("None", [])),
	])
}

/// Runs `register`.
pub async fn run(args: RegisterArgs) -> anyhow::Result<()> {
	let config = match &args.config {
		Some(path) => Config::load(path)?,
		None => Config::default(),
	};
	let gateway = GatewayKey::load(&config.key_file)?;
	let owner = GatewayKey::from_uri(&args.owner)?;
	let chain = Chain::connect(&config.node, std::sync::Arc::new(Metrics::new()?), None).await?;
	let genesis = chain.genesis();
	let existing = chain.device(&gateway.id().into()).await?;
	if existing.is_none() {
		let proof = gateway.sign_raw(&signed_payload(
			domain::REGISTER,
			&genesis,
			&(owner.id(), gateway.signer()),
		));
		let call = subxt::dynamic::tx(
			"DeviceRegistry",
			"register_device",
			vec![registration("Sr25519", gateway.public(), proof, "Gateway")],
		);
		let (block, _) = chain.submit(&owner, &call, 64).await?;
		tracing::info!(block, gateway = %keys::address(&gateway.id()), "gateway registered");
	} else {
		tracing::info!(gateway = %keys::address(&gateway.id()), "gateway already registered");
	}
	if args.fund > 0 {
		let call = subxt::dynamic::tx(
			"Balances",
			"transfer_keep_alive",
			vec![
				Value::unnamed_variant("Id", [Value::from_bytes(<[u8; 32]>::from(gateway.id()))]),
				Value::u128(args.fund.saturating_mul(UNIT)),
			],
		);
		let (block, _) = chain.submit(&owner, &call, 64).await?;
		tracing::info!(block, iot = args.fund, "gateway funded");
	}
	println!(
		"{}",
		serde_json::json!({ "gateway": keys::address(&gateway.id()), "owner": keys::address(&owner.id()) })
	);
	Ok(())
}
