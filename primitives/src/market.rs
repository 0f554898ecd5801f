//! What a data-market buyer signs to read a stream from a gateway (`docs/data-market.md`,
//! section 8): no password, no session, one signed request per read, good at one gateway, for
//! one window of one listing, within a minute of when it was made, once.

use alloc::vec::Vec;
use sp_core::H256;
use sp_runtime::{traits::Verify, AccountId32, MultiSignature};

use crate::signing::{domain, signed_payload};

/// How far a request's `issued_at` may be from the gateway's clock, either way, in
/// milliseconds: a request is good for at most twice this long.
pub const REQUEST_WINDOW_MS: u64 = 60_000;

/// The bytes a buyer signs to read listing `listing`'s stream over `[from, until)` (chain
/// milliseconds) from gateway `gateway`:
/// `("iotchain/data-request", genesis_hash, gateway, buyer, listing, from, until, issued_at,
/// nonce)` SCALE-encoded, `issued_at` being the buyer's clock in milliseconds and `nonce` 16
/// random bytes.
#[allow(clippy::too_many_arguments, reason = "each field of the documented payload, in order")]
pub fn data_request_payload(
	genesis_hash: &H256,
	gateway: &AccountId32,
	buyer: &AccountId32,
	listing: u64,
	from: u64,
	until: u64,
	issued_at: u64,
	nonce: &[u8; 16],
) -> Vec<u8> {
	signed_payload(
		domain::DATA_REQUEST,
		genesis_hash,
		&(gateway, buyer, listing, from, until, issued_at, nonce),
	)
}

/// Whether `signature` is the sr25519 or ed25519 signature of `message` by the key whose
/// account is `buyer`: of the bytes themselves, or of the bytes wrapped in `<Bytes>` and
/// `</Bytes>` as browser wallets sign raw messages.
pub fn is_signed_by_account(
	buyer: &AccountId32,
	signature: &MultiSignature,
	message: &[u8],
) -> bool {
	if !matches!(signature, MultiSignature::Sr25519(_) | MultiSignature::Ed25519(_)) {
		return false;
	}
	let mut wrapped = Vec::with_capacity(message.len().saturating_add(15));
	wrapped.extend_from_slice(b"<Bytes>");
	wrapped.extend_from_slice(message);
	wrapped.extend_from_slice(b"</Bytes>");
	signature.verify(message, buyer) || signature.verify(&wrapped[..], buyer)
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
	use super::*;
	use sp_core::{ed25519, sr25519, Pair};

	const GENESIS: H256 = H256::repeat_byte(7);

	fn payload(buyer: &AccountId32) -> Vec<u8> {
		data_request_payload(&GENESIS, &AccountId32::new([1; 32]), buyer, 4, 10, 20, 30, &[9; 16])
	}

	#[test]
	fn the_payload_is_the_documented_bytes() {
		let buyer = AccountId32::new([2; 32]);
		let mut expected = vec![21 << 2];
		expected.extend_from_slice(b"iotchain/data-request");
		expected.extend_from_slice(GENESIS.as_bytes());
		expected.extend_from_slice(&[1; 32]);
		expected.extend_from_slice(&[2; 32]);
		for field in [4u64, 10, 20, 30] {
			expected.extend_from_slice(&field.to_le_bytes());
		}
		expected.extend_from_slice(&[9; 16]);
		assert_eq!(payload(&buyer), expected);
	}

	#[test]
	fn a_buyers_key_signs_raw_or_wrapped_and_no_one_else_does() {
		let sr = sr25519::Pair::from_seed(&[3; 32]);
		let ed = ed25519::Pair::from_seed(&[4; 32]);
		let sr_buyer = AccountId32::new(sr.public().0);
		let ed_buyer = AccountId32::new(ed.public().0);
		let message = payload(&sr_buyer);
		assert!(is_signed_by_account(&sr_buyer, &sr.sign(&message).into(), &message));
		let wrapped = [b"<Bytes>".as_slice(), &message, b"</Bytes>"].concat();
		assert!(is_signed_by_account(&sr_buyer, &sr.sign(&wrapped).into(), &message));
		let message = payload(&ed_buyer);
		assert!(is_signed_by_account(&ed_buyer, &ed.sign(&message).into(), &message));
		// Another key, another message, or another buyer's account.
		assert!(!is_signed_by_account(&sr_buyer, &ed.sign(&message).into(), &message));
		assert!(!is_signed_by_account(&ed_buyer, &ed.sign(b"other").into(), &message));
		assert!(!is_signed_by_account(&sr_buyer, &sr.sign(b"other").into(), &message));
	}
}
