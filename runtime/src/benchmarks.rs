//! The pallets whose benchmarks the node's `benchmark pallet` command runs.

pub use frame_benchmarking::baseline::Pallet as BaselineBench;
pub use frame_system_benchmarking::{
	extensions::Pallet as SystemExtensionsBench, Pallet as SystemBench,
};

pub use crate::{
	Balances, DataAnchoring, DataMarket, DeviceRegistry, M2mPayments, Runtime, Sudo, SupplyChain,
	Timestamp, TransactionPayment, Utility, ValidatorSet,
};

impl frame_system_benchmarking::Config for Runtime {}
impl frame_benchmarking::baseline::Config for Runtime {}
impl pallet_transaction_payment::BenchmarkConfig for Runtime {}

frame_benchmarking::define_benchmarks!(
	[frame_benchmarking, BaselineBench::<Runtime>]
	[frame_system, SystemBench::<Runtime>]
	[frame_system_extensions, SystemExtensionsBench::<Runtime>]
	[pallet_balances, Balances]
	[pallet_timestamp, Timestamp]
	[pallet_transaction_payment, TransactionPayment]
	[pallet_sudo, Sudo]
	[pallet_utility, Utility]
	[pallet_device_registry, DeviceRegistry]
	[pallet_data_anchoring, DataAnchoring]
	[pallet_m2m_payments, M2mPayments]
	[pallet_supply_chain, SupplyChain]
	[pallet_data_market, DataMarket]
	[pallet_energy_market, EnergyMarket]
	[pallet_validator_set, ValidatorSet]
);

/// What the IoTChain pallets' benchmarks need from the other pallets, done once in the real
/// pallets: the chain's time, a registered device, an anchor.
pub mod helpers {
	use crate::{AccountId, Balances, DataAnchoring, DeviceRegistry, UNIT};
	use frame_support::traits::fungible::Mutate;
	use pallet_data_anchoring::AnchorKind;
	use pallet_device_registry::{DeviceKind, DeviceRegistration};
	use sp_core::{crypto::KeyTypeId, sr25519, H256};
	use sp_runtime::{traits::IdentifyAccount, MultiSignature, MultiSigner};

	/// Sets the chain's clock to `moment` (milliseconds), as the timestamp inherent does before
	/// any transaction of a block.
	pub fn set_time(moment: u64) {
		pallet_timestamp::Now::<crate::Runtime>::put(moment);
	}

	/// Registers the sr25519 key `public`, held in the benchmark keystore under `key_type`, as
	/// an active device of kind `kind` owned by `owner`, who is given what the deposit takes.
	/// Does nothing for a key the keystore cannot sign with.
	pub fn register_device(
		owner: &AccountId,
		key_type: KeyTypeId,
		public: &sr25519::Public,
		kind: DeviceKind,
	) {
		Balances::set_balance(owner, Balances::free_balance(owner).saturating_add(1_000 * UNIT));
		let key = MultiSigner::Sr25519(*public);
		let payload = DeviceRegistry::registration_payload(owner, &key);
		let Some(proof) = sp_io::crypto::sr25519_sign(key_type, public, &payload) else { return };
		let _ = DeviceRegistry::do_register_device(
			owner,
			DeviceRegistration {
				key,
				proof: proof.into(),
				kind,
				manufacturer: Default::default(),
				model: Default::default(),
				metadata: Default::default(),
				content_hash: None,
			},
		);
	}

	/// A new sr25519 key in the benchmark keystore under `key_type`, registered as an active
	/// device of kind `kind` owned by `owner`; returns the device's id.
	pub fn new_device(owner: &AccountId, key_type: KeyTypeId, kind: DeviceKind) -> AccountId {
		let public = sp_io::crypto::sr25519_generate(key_type, None);
		register_device(owner, key_type, &public, kind);
		MultiSigner::Sr25519(public).into_account()
	}

	/// `device`'s signature of `message` with its sr25519 key in the benchmark keystore under
	/// `key_type` (an all-zero signature, which verifies nothing, if the keystore has none).
	pub fn sign(key_type: KeyTypeId, device: &AccountId, message: &[u8]) -> MultiSignature {
		let public = sr25519::Public::from_raw(*device.as_ref());
		sp_io::crypto::sr25519_sign(key_type, &public, message)
			.map(MultiSignature::Sr25519)
			.unwrap_or(MultiSignature::Sr25519(sr25519::Signature::from_raw([0; 64])))
	}

	/// The gateway `gateway` anchors its aggregate `seq` of `leaf_count` leaves under `root`, at
	/// the chain's current time, paying the fee itself.
	pub fn anchor_aggregate(gateway: &AccountId, seq: u64, root: H256, leaf_count: u32) {
		let moment = pallet_timestamp::Now::<crate::Runtime>::get();
		fund(gateway);
		let _ = DataAnchoring::do_anchor(
			gateway,
			gateway.clone(),
			seq,
			root,
			AnchorKind::Aggregate { leaf_count, first_ts: moment, last_ts: moment },
			None,
		);
	}

	/// Gives `who` what the benchmarks' fees and deposits take.
	pub fn fund(who: &AccountId) {
		Balances::set_balance(who, 1_000 * UNIT);
	}

	/// The sr25519 device `device` (whose id is its key's account) anchors one reading as
	/// `seq`, paying the fee itself.
	pub fn anchor(device: &AccountId, seq: u64) {
		Balances::set_balance(device, 1_000 * UNIT);
		let _ = DataAnchoring::do_anchor(
			device,
			device.clone(),
			seq,
			H256::repeat_byte(1),
			AnchorKind::Reading,
			None,
		);
	}
}
