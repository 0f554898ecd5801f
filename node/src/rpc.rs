//! The node's JSON-RPC: Substrate's standard methods plus the runtime's own.
//!
//! `sc_service` adds the standard `chain_*`, `state_*`, `author_*`, `system_*` and the new
//! JSON-RPC spec methods; [`create_full`] adds those served by this runtime. A pallet's RPC
//! module joins with one `module.merge(...)` line.

use std::sync::Arc;

use iotchain_runtime::{opaque::Block, AccountId, Balance, BlockNumber, Nonce};
use jsonrpsee::RpcModule;
use sc_transaction_pool_api::TransactionPool;
use sp_api::ProvideRuntimeApi;
use sp_block_builder::BlockBuilder;
use sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata};

/// What the RPC handlers need from the node.
pub struct FullDeps<C, P> {
	/// The client, to call runtime APIs and read blocks.
	pub client: Arc<C>,
	/// The transaction pool, for nonces that count pending transactions.
	pub pool: Arc<P>,
}

/// The RPC methods of IoTChain beyond Substrate's standard ones.
///
/// Each pallet's methods are served by one `iotchain_rpc::Reader` over the client, so its
/// `*ApiServer` trait is named to pick them.
pub fn create_full<C, P>(
	deps: FullDeps<C, P>,
) -> Result<RpcModule<()>, Box<dyn std::error::Error + Send + Sync>>
where
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ HeaderMetadata<Block, Error = BlockChainError>
		+ Send
		+ Sync
		+ 'static,
	C::Api: substrate_frame_rpc_system::AccountNonceApi<Block, AccountId, Nonce>
		+ pallet_transaction_payment_rpc::TransactionPaymentRuntimeApi<Block, Balance>
		+ pallet_device_registry_rpc::DeviceRegistryRuntimeApi<Block, AccountId, Balance, BlockNumber>
		+ pallet_data_anchoring_rpc::DataAnchoringRuntimeApi<Block, AccountId, BlockNumber>
		+ pallet_m2m_payments_rpc::M2mPaymentsRuntimeApi<Block, AccountId, Balance, BlockNumber>
		+ pallet_supply_chain_rpc::SupplyChainRuntimeApi<Block, AccountId, Balance, BlockNumber>
		+ pallet_data_market_rpc::DataMarketRuntimeApi<Block, AccountId, Balance>
		+ pallet_energy_market_rpc::EnergyMarketRuntimeApi<Block, AccountId, Balance>
		+ BlockBuilder<Block>,
	P: TransactionPool + 'static,
{
	use pallet_data_anchoring_rpc::{Anchoring, AnchoringApiServer};
	use pallet_data_market_rpc::{DataMarket, DataMarketApiServer};
	use pallet_device_registry_rpc::{DeviceRegistry, DeviceRegistryApiServer};
	use pallet_energy_market_rpc::{EnergyMarket, EnergyMarketApiServer};
	use pallet_m2m_payments_rpc::{Payments, PaymentsApiServer};
	use pallet_supply_chain_rpc::{SupplyChain, SupplyChainApiServer};
	use pallet_transaction_payment_rpc::{TransactionPayment, TransactionPaymentApiServer};
	use substrate_frame_rpc_system::{System, SystemApiServer};

	let FullDeps { client, pool } = deps;
	let mut module = RpcModule::new(());

	module.merge(System::new(client.clone(), pool).into_rpc())?;
	module.merge(TransactionPayment::new(client.clone()).into_rpc())?;
	module.merge(DeviceRegistryApiServer::into_rpc(DeviceRegistry::new(client.clone())))?;
	module.merge(AnchoringApiServer::into_rpc(Anchoring::new(client.clone())))?;
	module.merge(PaymentsApiServer::into_rpc(Payments::new(client.clone())))?;
	module.merge(SupplyChainApiServer::into_rpc(SupplyChain::new(client.clone())))?;
	module.merge(DataMarketApiServer::into_rpc(DataMarket::new(client.clone())))?;
	module.merge(EnergyMarketApiServer::into_rpc(EnergyMarket::new(client)))?;

	Ok(module)
}
