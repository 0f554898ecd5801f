//! The runtime APIs: how the node, wallets and dApps call into the runtime.

use alloc::vec::Vec;
use frame_support::{
	genesis_builder_helper::{build_state, get_preset},
	view_functions::{ViewFunctionDispatchError, ViewFunctionId},
	weights::Weight,
};
use iotchain_primitives::Page;
use pallet_data_anchoring_runtime_api::{
	AnchorView, ProofVerdict, ReadingEnvelope, ReadingVerdict,
};
use pallet_data_market_runtime_api::{GrantView, ListingId, ListingView as StreamListingView};
use pallet_device_registry_runtime_api::{DeviceView, DevicesPage, KeyHistoryPage};
use pallet_energy_market_runtime_api::{
	IntervalIndex, IntervalView, MarketId, MarketView, SettledInterval,
};
use pallet_grandpa::AuthorityId as GrandpaId;
use pallet_m2m_payments_runtime_api::{
	AgreementId, AgreementView, ChannelId, ChannelView, ListingView, RentalView,
};
use pallet_supply_chain_runtime_api::{
	HistoryEntryView, LotId, LotProvenance, LotView, ShipmentId, ShipmentView,
};
use sp_api::impl_runtime_apis;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_core::{crypto::KeyTypeId, OpaqueMetadata, H256};
use sp_runtime::{
	traits::{Block as BlockT, NumberFor},
	transaction_validity::{TransactionSource, TransactionValidity},
	ApplyExtrinsicResult, ExtrinsicInclusionMode, MultiSigner,
};
use sp_session::OpaqueGeneratedSessionKeys;
use sp_version::RuntimeVersion;

use crate::{
	genesis_config_presets, AccountId, Aura, Balance, Block, BlockNumber, DataAnchoring,
	DataMarket, DeviceRegistry, EnergyMarket, Executive, Grandpa, InherentDataExt, M2mPayments,
	Nonce, Runtime, RuntimeCall, RuntimeGenesisConfig, SessionKeys, SupplyChain, System,
	TransactionPayment, VERSION,
};

impl_runtime_apis! {
	impl sp_api::Core<Block> for Runtime {
		fn version() -> RuntimeVersion {
			VERSION
		}

		fn execute_block(block: <Block as BlockT>::LazyBlock) {
			Executive::execute_block(block);
		}

		fn initialize_block(header: &<Block as BlockT>::Header) -> ExtrinsicInclusionMode {
			Executive::initialize_block(header)
		}
	}

	impl sp_api::Metadata<Block> for Runtime {
		fn metadata() -> OpaqueMetadata {
			OpaqueMetadata::new(Runtime::metadata().into())
		}

		fn metadata_at_version(version: u32) -> Option<OpaqueMetadata> {
			Runtime::metadata_at_version(version)
		}

		fn metadata_versions() -> Vec<u32> {
			Runtime::metadata_versions()
		}
	}

	impl frame_support::view_functions::runtime_api::RuntimeViewFunction<Block> for Runtime {
		fn execute_view_function(
			id: ViewFunctionId,
			input: Vec<u8>,
		) -> Result<Vec<u8>, ViewFunctionDispatchError> {
			Runtime::execute_view_function(id, input)
		}
	}

	impl sp_block_builder::BlockBuilder<Block> for Runtime {
		fn apply_extrinsic(extrinsic: <Block as BlockT>::Extrinsic) -> ApplyExtrinsicResult {
			Executive::apply_extrinsic(extrinsic)
		}

		fn finalize_block() -> <Block as BlockT>::Header {
			Executive::finalize_block()
		}

		fn inherent_extrinsics(data: sp_inherents::InherentData) -> Vec<<Block as BlockT>::Extrinsic> {
			data.create_extrinsics()
		}

		fn check_inherents(
			block: <Block as BlockT>::LazyBlock,
			data: sp_inherents::InherentData,
		) -> sp_inherents::CheckInherentsResult {
			data.check_extrinsics(&block)
		}
	}

	impl sp_transaction_pool::runtime_api::TaggedTransactionQueue<Block> for Runtime {
		fn validate_transaction(
			source: TransactionSource,
			tx: <Block as BlockT>::Extrinsic,
			block_hash: <Block as BlockT>::Hash,
		) -> TransactionValidity {
			Executive::validate_transaction(source, tx, block_hash)
		}
	}

	impl sp_offchain::OffchainWorkerApi<Block> for Runtime {
		fn offchain_worker(header: &<Block as BlockT>::Header) {
			Executive::offchain_worker(header)
		}
	}

	impl sp_consensus_aura::AuraApi<Block, AuraId> for Runtime {
		fn slot_duration() -> sp_consensus_aura::SlotDuration {
			sp_consensus_aura::SlotDuration::from_millis(Aura::slot_duration())
		}

		fn authorities() -> Vec<AuraId> {
			pallet_aura::Authorities::<Runtime>::get().into_inner()
		}
	}

	impl sp_session::SessionKeys<Block> for Runtime {
		fn generate_session_keys(owner: Vec<u8>, seed: Option<Vec<u8>>) -> OpaqueGeneratedSessionKeys {
			SessionKeys::generate(&owner, seed).into()
		}

		fn decode_session_keys(encoded: Vec<u8>) -> Option<Vec<(Vec<u8>, KeyTypeId)>> {
			SessionKeys::decode_into_raw_public_keys(&encoded)
		}
	}

	impl sp_consensus_grandpa::GrandpaApi<Block> for Runtime {
		fn grandpa_authorities() -> sp_consensus_grandpa::AuthorityList {
			Grandpa::grandpa_authorities()
		}

		fn current_set_id() -> sp_consensus_grandpa::SetId {
			Grandpa::current_set_id()
		}

		fn submit_report_equivocation_unsigned_extrinsic(
			_equivocation_proof: sp_consensus_grandpa::EquivocationProof<
				<Block as BlockT>::Hash,
				NumberFor<Block>,
			>,
			_key_owner_proof: sp_consensus_grandpa::OpaqueKeyOwnershipProof,
		) -> Option<()> {
			// Equivocation reports are not wired yet (see `configs/consensus.rs`).
			None
		}

		fn generate_key_ownership_proof(
			_set_id: sp_consensus_grandpa::SetId,
			_authority_id: GrandpaId,
		) -> Option<sp_consensus_grandpa::OpaqueKeyOwnershipProof> {
			// `KeyOwnerProof` is the uninhabited `Void`: there is no proof to give.
			None
		}
	}

	impl frame_system_rpc_runtime_api::AccountNonceApi<Block, AccountId, Nonce> for Runtime {
		fn account_nonce(account: AccountId) -> Nonce {
			System::account_nonce(account)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentApi<Block, Balance> for Runtime {
		fn query_info(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment_rpc_runtime_api::RuntimeDispatchInfo<Balance> {
			crate::configs::TransactionFees::query_info(uxt, len)
		}

		fn query_fee_details(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			crate::configs::TransactionFees::query_fee_details(uxt, len)
		}

		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}

		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentCallApi<Block, Balance, RuntimeCall>
		for Runtime
	{
		fn query_call_info(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::RuntimeDispatchInfo<Balance> {
			crate::configs::TransactionFees::query_call_info(call, len)
		}

		fn query_call_fee_details(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			crate::configs::TransactionFees::query_call_fee_details(call, len)
		}

		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}

		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_device_registry_runtime_api::DeviceRegistryApi<Block, AccountId, Balance, BlockNumber>
		for Runtime
	{
		fn device(id: AccountId) -> Option<DeviceView<AccountId, Balance, BlockNumber>> {
			DeviceRegistry::device(&id)
		}

		fn device_by_key(key: MultiSigner) -> Option<DeviceView<AccountId, Balance, BlockNumber>> {
			DeviceRegistry::device_by_key(&key)
		}

		fn devices_by_owner(
			owner: AccountId,
			cursor: Option<AccountId>,
			limit: u32,
		) -> DevicesPage<AccountId, Balance, BlockNumber> {
			DeviceRegistry::devices_by_owner(&owner, cursor, limit)
		}

		fn key_history(
			device: AccountId,
			cursor: Option<u32>,
			limit: u32,
		) -> Option<KeyHistoryPage<BlockNumber>> {
			DeviceRegistry::key_history(&device, cursor, limit)
		}
	}

	impl pallet_data_anchoring_runtime_api::DataAnchoringApi<Block, AccountId, BlockNumber> for Runtime {
		fn anchor(device: AccountId, seq: u64) -> Option<AnchorView<BlockNumber>> {
			DataAnchoring::anchor_view(&device, seq)
		}

		fn anchors(
			device: AccountId,
			cursor: Option<u64>,
			limit: u32,
		) -> Page<AnchorView<BlockNumber>, u64> {
			DataAnchoring::anchors_page(&device, cursor, limit)
		}

		fn last_seq(device: AccountId) -> Option<u64> {
			DataAnchoring::last_seq(&device)
		}

		fn verify_proof(
			device: AccountId,
			seq: u64,
			leaf: H256,
			leaf_index: u32,
			proof: Vec<H256>,
		) -> ProofVerdict<BlockNumber> {
			DataAnchoring::verify_reading(&device, seq, &leaf, leaf_index, &proof).into()
		}

		fn verify_reading(
			gateway: AccountId,
			seq: u64,
			envelope: ReadingEnvelope<AccountId>,
			leaf_index: u32,
			proof: Vec<H256>,
		) -> ReadingVerdict<AccountId, BlockNumber> {
			DataAnchoring::verify_reading_envelope(&gateway, seq, &envelope, leaf_index, &proof)
		}
	}

	impl pallet_m2m_payments_runtime_api::M2mPaymentsApi<Block, AccountId, Balance, BlockNumber>
		for Runtime
	{
		fn agreement(id: AgreementId) -> Option<AgreementView<AccountId, Balance, BlockNumber>> {
			M2mPayments::agreement(id)
		}

		fn agreements_by_party(
			party: AccountId,
			cursor: Option<AgreementId>,
			limit: u32,
		) -> Page<
			AgreementView<AccountId, Balance, BlockNumber>,
			AgreementId,
		> {
			M2mPayments::agreements_by_party(&party, cursor, limit)
		}

		fn channel(id: ChannelId) -> Option<ChannelView<AccountId, Balance, BlockNumber>> {
			M2mPayments::channel(id)
		}

		fn listing(device: AccountId) -> Option<ListingView<AccountId, Balance, BlockNumber>> {
			M2mPayments::listing(&device)
		}

		fn rental(device: AccountId) -> Option<RentalView<AccountId, Balance, BlockNumber>> {
			M2mPayments::rental(&device)
		}

		fn current_user(device: AccountId) -> Option<AccountId> {
			M2mPayments::current_user(&device)
		}

		fn voucher_payload(channel: ChannelId, cumulative_amount: Balance) -> Vec<u8> {
			M2mPayments::voucher_payload(channel, cumulative_amount)
		}
	}

	impl pallet_data_market_runtime_api::DataMarketApi<Block, AccountId, Balance> for Runtime {
		fn listing(id: ListingId) -> Option<StreamListingView<AccountId, Balance>> {
			DataMarket::listing(id)
		}

		fn listings(
			cursor: Option<ListingId>,
			limit: u32,
		) -> Page<StreamListingView<AccountId, Balance>, ListingId> {
			DataMarket::listings(cursor, limit)
		}

		fn grant(listing: ListingId, buyer: AccountId) -> Option<GrantView<AccountId, Balance>> {
			DataMarket::grant(listing, &buyer)
		}

		fn grants_by_buyer(
			buyer: AccountId,
			cursor: Option<ListingId>,
			limit: u32,
		) -> Page<GrantView<AccountId, Balance>, ListingId> {
			DataMarket::grants_by_buyer(&buyer, cursor, limit)
		}

		fn grants_by_listing(
			listing: ListingId,
			cursor: Option<AccountId>,
			limit: u32,
		) -> Page<GrantView<AccountId, Balance>, AccountId> {
			DataMarket::grants_by_listing(listing, cursor, limit)
		}

		fn has_access(listing: ListingId, buyer: AccountId, from: u64, until: u64) -> bool {
			DataMarket::has_access(listing, &buyer, from, until)
		}
	}

	impl pallet_energy_market_runtime_api::EnergyMarketApi<Block, AccountId, Balance> for Runtime {
		fn market(id: MarketId) -> Option<MarketView<AccountId, Balance>> {
			EnergyMarket::market(id)
		}

		fn markets(
			cursor: Option<MarketId>,
			limit: u32,
		) -> Page<MarketView<AccountId, Balance>, MarketId> {
			EnergyMarket::markets(cursor, limit)
		}

		fn members(
			market: MarketId,
			cursor: Option<AccountId>,
			limit: u32,
		) -> Page<AccountId, AccountId> {
			EnergyMarket::members(market, cursor, limit)
		}

		fn interval(
			market: MarketId,
			interval: IntervalIndex,
		) -> Option<IntervalView<AccountId, Balance>> {
			EnergyMarket::interval(market, interval)
		}

		fn intervals(
			market: MarketId,
			cursor: Option<IntervalIndex>,
			limit: u32,
		) -> Page<IntervalView<AccountId, Balance>, IntervalIndex> {
			EnergyMarket::intervals(market, cursor, limit)
		}

		fn history(market: MarketId) -> Vec<SettledInterval<Balance>> {
			EnergyMarket::history(market)
		}
	}

	impl pallet_supply_chain_runtime_api::SupplyChainApi<Block, AccountId, Balance, BlockNumber>
		for Runtime
	{
		fn shipment(id: ShipmentId) -> Option<ShipmentView<Balance, BlockNumber>> {
			SupplyChain::shipment(id)
		}

		fn history(
			shipment: ShipmentId,
			cursor: Option<u32>,
			limit: u32,
		) -> Page<HistoryEntryView<BlockNumber>, u32> {
			SupplyChain::history(shipment, cursor, limit)
		}

		fn lot(id: LotId) -> Option<LotView<BlockNumber>> {
			SupplyChain::lot(id)
		}

		fn lot_provenance(id: LotId) -> Option<LotProvenance<BlockNumber>> {
			SupplyChain::lot_provenance(id)
		}

		fn shipments_by_party(
			party: AccountId,
			cursor: Option<ShipmentId>,
			limit: u32,
		) -> Page<ShipmentView<Balance, BlockNumber>, ShipmentId> {
			SupplyChain::shipments_by_party(&party, cursor, limit)
		}
	}

	impl sp_genesis_builder::GenesisBuilder<Block> for Runtime {
		fn build_state(config: Vec<u8>) -> sp_genesis_builder::Result {
			build_state::<RuntimeGenesisConfig>(config)
		}

		fn get_preset(id: &Option<sp_genesis_builder::PresetId>) -> Option<Vec<u8>> {
			get_preset::<RuntimeGenesisConfig>(id, genesis_config_presets::get_preset)
		}

		fn preset_names() -> Vec<sp_genesis_builder::PresetId> {
			genesis_config_presets::preset_names()
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	impl frame_benchmarking::Benchmark<Block> for Runtime {
		fn benchmark_metadata(extra: bool) -> (
			Vec<frame_benchmarking::BenchmarkList>,
			Vec<frame_support::traits::StorageInfo>,
		) {
			use frame_benchmarking::BenchmarkList;
			use frame_support::traits::StorageInfoTrait;
			use crate::benchmarks::*;

			let mut list = Vec::<BenchmarkList>::new();
			list_benchmarks!(list, extra);

			let storage_info = crate::AllPalletsWithSystem::storage_info();
			(list, storage_info)
		}

		fn dispatch_benchmark(
			config: frame_benchmarking::BenchmarkConfig
		) -> Result<Vec<frame_benchmarking::BenchmarkBatch>, alloc::string::String> {
			use frame_benchmarking::BenchmarkBatch;
			use frame_support::traits::WhitelistedStorageKeys;
			use crate::benchmarks::*;

			let mut whitelist = crate::AllPalletsWithSystem::whitelisted_storage_keys();
			// Keys every transaction of a block finds in memory, as polkadot-sdk's own runtimes
			// whitelist theirs: the timestamp, which the timestamp inherent writes before any
			// transaction, and the treasury's account, which every transaction's fee is paid into
			// (`configs::monetary::DealWithFees`), so that only a block's first fee reads it.
			whitelist.push(pallet_timestamp::Now::<Runtime>::hashed_key().to_vec().into());
			whitelist.push(
				frame_system::Account::<Runtime>::hashed_key_for(
					crate::configs::TreasuryAccount::get(),
				)
				.into(),
			);
			let mut batches = Vec::<BenchmarkBatch>::new();
			let params = (&config, &whitelist);
			add_benchmarks!(params, batches);
			Ok(batches)
		}
	}

	#[cfg(feature = "try-runtime")]
	impl frame_try_runtime::TryRuntime<Block> for Runtime {
		fn on_runtime_upgrade(checks: frame_try_runtime::UpgradeCheckSelect) -> (Weight, Weight) {
			// try-runtime is an off-chain tool: a failed check must stop it with a backtrace.
			#[allow(clippy::unwrap_used)]
			let weight = Executive::try_runtime_upgrade(checks).unwrap();
			(weight, crate::configs::RuntimeBlockWeights::get().max_block)
		}

		fn execute_block(
			block: <Block as BlockT>::LazyBlock,
			state_root_check: bool,
			signature_check: bool,
			select: frame_try_runtime::TryStateSelect,
		) -> Weight {
			// As above: an off-chain tool that must stop loudly.
			#[allow(clippy::expect_used)]
			Executive::try_execute_block(block, state_root_check, signature_check, select)
				.expect("execute-block failed")
		}
	}
}
