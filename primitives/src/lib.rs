//! # IoTChain primitives
//!
//! What IoTChain's pallets share without depending on each other:
//! - [`signing`]: the one convention for everything a device or a user signs off chain, a SCALE
//!   tuple that starts with a domain tag and the genesis hash, and its verification;
//! - [`device`]: the device lookup and key history traits the device registry offers to the
//!   other pallets;
//! - [`anchor`]: the anchor lookup trait the data-anchoring pallet offers to the other pallets,
//!   its record of an anchor and the payload a device signs to have an anchor relayed;
//! - [`reading`]: the reading envelope, one reading signed by its device, which gateways
//!   aggregate;
//! - [`merkle`]: the Merkle tree batches of readings are anchored with: root, proof, verify;
//! - [`milestone`]: supply-chain milestones, the hook payments releases escrows through, and
//!   the escrow lookup supply chain links shipments to payments with;
//! - [`page`]: the page every list read returns, with the cursor of the next page;
//! - [`energy`]: what an energy meter reports of one market interval, as a reading's payload;
//! - `funds` (with `frame`): holding, releasing and paying held funds, as every pallet does;
//! - `json` (with `std`): how the runtime's types are written in JSON for the RPC;
//! - `chain` (with `frame`): the genesis hash and the chain's clock, as pallets read them, and
//!   the time benchmarks run at.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod anchor;
#[cfg(feature = "frame")]
pub mod chain;
pub mod device;
pub mod energy;
#[cfg(feature = "frame")]
pub mod funds;
#[cfg(feature = "std")]
pub mod json;
pub mod market;
pub mod merkle;
pub mod milestone;
pub mod page;
pub mod reading;
pub mod signing;

pub use anchor::{AnchorKind, AnchorLookup, AnchorRecord, AnchoredAt, NotProven};
pub use device::{ActiveDevice, DeviceKind, DeviceLookup, DeviceStatus, KeyHistory};
pub use energy::MeterReading;
pub use milestone::{
	AgreementId, EscrowLookup, MilestoneHandler, MilestoneKind, ShipmentId, ShipmentParties,
};
pub use page::Page;
pub use reading::ReadingEnvelope;
pub use signing::{domain, signed_payload, verify_signature};
