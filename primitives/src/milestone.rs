//! Supply-chain milestones, and the hook through which payments react to them.
//!
//! The supply-chain pallet records milestones of shipments; the payments pallet holds escrows
//! whose condition is "shipment S reached milestone M". Neither depends on the other: supply
//! chain calls a [`MilestoneHandler`] (payments in the runtime, `()` elsewhere) and, before
//! linking an escrow to a shipment, checks it through [`EscrowLookup`].

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_runtime::Weight;

/// The id of a shipment, chosen by whoever creates it (e.g. an SSCC).
pub type ShipmentId = u64;

/// The id of an escrow agreement, assigned by the payments pallet.
pub type AgreementId = u64;

/// A step in a shipment's journey.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase", rename_all_fields = "camelCase"))]
pub enum MilestoneKind {
	/// The carrier collected the goods.
	PickedUp,
	/// The goods left a site.
	Departed,
	/// The goods reached a site.
	Arrived,
	/// Customs released the goods.
	CustomsCleared,
	/// The receiver accepted the delivery.
	Delivered,
	/// A milestone of the shipper's own, by code.
	Custom(u16),
}

impl MilestoneKind {
	/// Whether the supply chain reports this milestone to its [`MilestoneHandler`].
	///
	/// Only `Delivered` is: the receiver's own acceptance. The other milestones are attested by
	/// tracker devices the shipper chose, which is evidence for the record but not a trigger
	/// that may move someone else's money; payments refuses escrows that wait on them.
	pub fn is_reported(&self) -> bool {
		matches!(self, MilestoneKind::Delivered)
	}
}

/// The two accounts a shipment binds: who sent it and who receives it.
///
/// Shipment ids are chosen by their creators, first come first served, so an id alone says
/// nothing about whose shipment it is; the parties do. Payments pays a milestone escrow only if
/// its payer is one of them.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct ShipmentParties<AccountId> {
	/// The account that created the shipment.
	pub shipper: AccountId,
	/// The account the shipment is addressed to, who alone can accept the delivery.
	pub receiver: AccountId,
}

/// Reacts to shipments reaching milestones: payments releases the escrows waiting on them.
pub trait MilestoneHandler<AccountId> {
	/// The shipment `shipment` between `parties` reached `milestone` (one for which
	/// [`MilestoneKind::is_reported`] holds). Returns the weight used, at most
	/// [`Self::max_weight`].
	///
	/// Called in the same block, and the same storage transaction, as the call that recorded the
	/// milestone; it must not fail that call.
	fn on_milestone(
		shipment: ShipmentId,
		milestone: MilestoneKind,
		parties: &ShipmentParties<AccountId>,
	) -> Weight;

	/// The most weight one [`Self::on_milestone`] may use, which the caller includes in its own
	/// weight.
	fn max_weight() -> Weight;
}

impl<AccountId> MilestoneHandler<AccountId> for () {
	fn on_milestone(_: ShipmentId, _: MilestoneKind, _: &ShipmentParties<AccountId>) -> Weight {
		Weight::zero()
	}

	fn max_weight() -> Weight {
		Weight::zero()
	}
}

/// What the payments pallet tells others about an escrow agreement.
pub trait EscrowLookup<AccountId> {
	/// The shipment milestone the agreement waits on, if it is open and has such a condition.
	fn milestone_condition(agreement: AgreementId) -> Option<(ShipmentId, MilestoneKind)>;

	/// The agreement's payer and payee, if it exists.
	fn parties(agreement: AgreementId) -> Option<(AccountId, AccountId)>;
}

impl<AccountId> EscrowLookup<AccountId> for () {
	fn milestone_condition(_: AgreementId) -> Option<(ShipmentId, MilestoneKind)> {
		None
	}

	fn parties(_: AgreementId) -> Option<(AccountId, AccountId)> {
		None
	}
}
