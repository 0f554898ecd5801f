//! What an energy meter reports to an energy market: the energy it measured in one of the
//! market's intervals, as the payload of a signed reading envelope ([`crate::ReadingEnvelope`]).
//!
//! The payload is the SCALE encoding of
//!
//! ```text
//! ("iotchain/meter-reading", market, interval, exported_wh, imported_wh)
//! ```
//!
//! `market` and `interval` (u32 each, little-endian) name the market interval, so that one
//! reading can never settle another interval; `exported_wh` and `imported_wh` (u64 each) are the
//! energy the meter measured flowing out to the grid and in from it over the interval, in
//! watt-hours. The envelope's `payload_digest` is BLAKE2b-256 of these bytes and the meter's
//! signature covers the digest, so the figures are as tamper-evident as any reading once their
//! envelope is anchored. `docs/energy-market.md` writes the bytes out.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

use crate::signing::domain;

/// The energy one meter measured over one market interval.
#[derive(
	Clone,
	Copy,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct MeterReading {
	/// The market the interval is of.
	pub market: u32,
	/// The interval's number in the market.
	pub interval: u32,
	/// The energy that flowed out of the meter's site to the grid, in watt-hours.
	pub exported_wh: u64,
	/// The energy that flowed into the site from the grid, in watt-hours.
	pub imported_wh: u64,
}

/// The number of bytes of a meter reading's payload.
pub const METER_READING_LEN: usize = 1 + 22 + 4 + 4 + 8 + 8;

impl MeterReading {
	/// The payload bytes a meter signs the digest of.
	pub fn payload(&self) -> Vec<u8> {
		(domain::METER_READING, self.market, self.interval, self.exported_wh, self.imported_wh)
			.encode()
	}

	/// The reading in `payload`, or `None` unless `payload` is exactly a meter reading's bytes.
	pub fn from_payload(payload: &[u8]) -> Option<Self> {
		let (tag, market, interval, exported_wh, imported_wh) =
			<(Vec<u8>, u32, u32, u64, u64)>::decode(&mut &payload[..]).ok()?;
		let exact = payload.len() == METER_READING_LEN;
		(exact && tag == domain::METER_READING).then_some(Self {
			market,
			interval,
			exported_wh,
			imported_wh,
		})
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	const READING: MeterReading =
		MeterReading { market: 2, interval: 7, exported_wh: 1_500, imported_wh: 20 };

	#[test]
	fn the_payload_is_the_documented_bytes() {
		let mut expected = vec![22 << 2];
		expected.extend_from_slice(b"iotchain/meter-reading");
		expected.extend_from_slice(&2u32.to_le_bytes());
		expected.extend_from_slice(&7u32.to_le_bytes());
		expected.extend_from_slice(&1_500u64.to_le_bytes());
		expected.extend_from_slice(&20u64.to_le_bytes());
		assert_eq!(READING.payload(), expected);
		assert_eq!(expected.len(), METER_READING_LEN);
		// docs/energy-market.md, section 4.
		let documented = "58696f74636861696e2f6d657465722d72656164696e67\
			0200000007000000dc05000000000000\
			1400000000000000";
		let example = MeterReading { market: 2, interval: 7, exported_wh: 1_500, imported_wh: 20 };
		let hex: String = example.payload().iter().map(|byte| format!("{byte:02x}")).collect();
		assert_eq!(hex, documented);
	}

	#[test]
	fn a_payload_reads_back_only_if_it_is_exactly_a_reading() {
		let payload = READING.payload();
		assert_eq!(MeterReading::from_payload(&payload), Some(READING));
		let mut longer = payload.clone();
		longer.push(0);
		assert_eq!(MeterReading::from_payload(&longer), None);
		assert_eq!(MeterReading::from_payload(&payload[..payload.len() - 1]), None);
		let other_tag = (b"iotchain/meter-readinG".as_slice(), 2u32, 7u32, 1u64, 2u64).encode();
		assert_eq!(MeterReading::from_payload(&other_tag), None);
		assert_eq!(MeterReading::from_payload(br#"{"wh":1500}"#), None);
	}
}
