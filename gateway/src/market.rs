//! Delivery of data-market streams (`docs/data-market.md`, section 8): a listed device's
//! readings, with their proofs, served only to an account whose grant on the chain covers the
//! time asked for.
//!
//! | method and path | what |
//! |---|---|
//! | `GET /v1/market/{listing}/readings?from=&until=&cursor=&limit=` | the readings of `[from, until)` by number, paged as `{ "items", "next" }` |
//! | `GET /v1/market/{listing}/live?from=&until=` (WebSocket) | each reading of `[from, until)` as the gateway accepts it (`queued`), then again with its proof once final |
//!
//! Every request carries the buyer's signature of
//! [`iotchain_primitives::market::data_request_payload`] in four headers: `X-IoTChain-Buyer`
//! (the account, SS58 or `0x` hex), `X-IoTChain-Issued` (ms), `X-IoTChain-Nonce` (16 bytes,
//! `0x` hex) and `X-IoTChain-Signature` (64 bytes, `0x` hex, sr25519 or ed25519). A request is
//! good at this gateway only, for the window it names, within
//! [`iotchain_primitives::market::REQUEST_WINDOW_MS`] of the gateway's clock, and once: the
//! gateway remembers each `(buyer, nonce)` until it would be too old anyway. A browser's WebSocket
//! cannot set headers, so `live` also takes the four as query parameters (`buyer`, `issued`,
//! `nonce`, `signature`).
//!
//! Then the gateway asks the chain, at its last finalized block, whether the buyer's grant covers
//! `[from, until)` (`dataMarket_hasAccess`) and which device the listing sells
//! (`dataMarket_listing`). Refusals are JSON `{ "refused": reason }`: `badRequest` (400),
//! `staleRequest`, `replayedRequest`, `badSignature` (401), `noAccess` (403), `unknownListing`
//! (404), `chainUnavailable`, `storeUnavailable`, `busy` (503).

use std::{
	collections::HashMap,
	sync::{Arc, Mutex},
};

use axum::{
	extract::{
		ws::{Message, WebSocket, WebSocketUpgrade},
		Path, Query, State,
	},
	http::{HeaderMap, StatusCode},
	response::{IntoResponse, Response},
	Json,
};
use iotchain_primitives::market::{data_request_payload, is_signed_by_account, REQUEST_WINDOW_MS};
use serde::{Deserialize, Serialize};
use sp_core::H256;
use sp_runtime::{AccountId32, MultiSignature};
use tokio::sync::broadcast;

use crate::{
	chain::ChainError,
	http::{Api, MAX_PAGE},
	ingest::now_ms,
	store::{AggregateRecord, StoredReading},
	view::{reading_view, ReadingView},
};

/// Requests remembered at most; beyond, new requests wait (`503`) until old ones expire.
const MAX_REMEMBERED: usize = 100_000;
/// Readings a page scans at most, matching or not, before it answers with a cursor.
const MAX_SCAN: usize = 10 * MAX_PAGE;

/// What the gateway tells its live subscribers.
#[derive(Clone)]
pub enum LiveEvent {
	/// A reading was accepted (stored, not yet anchored).
	Accepted(Arc<StoredReading>),
	/// An aggregate became final: its readings now have their proofs.
	Final(Arc<AggregateRecord>),
}

/// The requests served in the last two request windows: `(buyer, nonce)` → when it may be
/// forgotten (ms).
type Served = HashMap<(AccountId32, [u8; 16]), u64>;

/// The hub of live events, and the requests already served.
#[derive(Clone)]
pub struct Market {
	live: broadcast::Sender<LiveEvent>,
	served: Arc<Mutex<Served>>,
}

impl Default for Market {
	fn default() -> Self {
		Self { live: broadcast::channel(4096).0, served: Arc::default() }
	}
}

impl Market {
	/// Tells the live subscribers, if there are any.
	pub fn tell(&self, event: impl FnOnce() -> LiveEvent) {
		if self.live.receiver_count() > 0 {
			let _ = self.live.send(event());
		}
	}

	/// Remembers `(buyer, nonce)` until `expires`; `false` if it was served already.
	fn first_use(&self, buyer: &AccountId32, nonce: [u8; 16], now: u64) -> Result<bool, Refusal> {
		let mut served = self.served.lock().map_err(|_| Refusal::Busy)?;
		if served.len() >= MAX_REMEMBERED {
			served.retain(|_, expires| *expires > now);
			if served.len() >= MAX_REMEMBERED {
				return Err(Refusal::Busy);
			}
		}
		let expires = now.saturating_add(REQUEST_WINDOW_MS.saturating_mul(2));
		Ok(served.insert((buyer.clone(), nonce), expires).is_none())
	}
}

/// Why a request for a stream is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
	/// A header or parameter is missing or malformed, or the window is empty.
	BadRequest,
	/// `issued` is more than the request window away from the gateway's clock.
	StaleRequest,
	/// This buyer's nonce was used already.
	ReplayedRequest,
	/// The signature is not the buyer's, over this request at this gateway.
	BadSignature,
	/// The buyer's grant does not cover the window.
	NoAccess,
	/// No such listing.
	UnknownListing,
	/// The node cannot answer now.
	ChainUnavailable,
	/// The gateway's store cannot be read now.
	StoreUnavailable,
	/// Too many requests to remember; try again shortly.
	Busy,
}

impl Refusal {
	fn name(self) -> &'static str {
		match self {
			Self::BadRequest => "badRequest",
			Self::StaleRequest => "staleRequest",
			Self::ReplayedRequest => "replayedRequest",
			Self::BadSignature => "badSignature",
			Self::NoAccess => "noAccess",
			Self::UnknownListing => "unknownListing",
			Self::ChainUnavailable => "chainUnavailable",
			Self::StoreUnavailable => "storeUnavailable",
			Self::Busy => "busy",
		}
	}

	fn status(self) -> StatusCode {
		match self {
			Self::BadRequest => StatusCode::BAD_REQUEST,
			Self::StaleRequest | Self::ReplayedRequest | Self::BadSignature => {
				StatusCode::UNAUTHORIZED
			}
			Self::NoAccess => StatusCode::FORBIDDEN,
			Self::UnknownListing => StatusCode::NOT_FOUND,
			Self::ChainUnavailable | Self::StoreUnavailable | Self::Busy => {
				StatusCode::SERVICE_UNAVAILABLE
			}
		}
	}
}

impl IntoResponse for Refusal {
	fn into_response(self) -> Response {
		(self.status(), Json(serde_json::json!({ "refused": self.name() }))).into_response()
	}
}

impl From<ChainError> for Refusal {
	fn from(_: ChainError) -> Self {
		Self::ChainUnavailable
	}
}

/// The window and page asked for, and (for `live`) the signature fields.
#[derive(Deserialize)]
pub struct WindowQuery {
	from: u64,
	until: u64,
	cursor: Option<u64>,
	limit: Option<usize>,
	buyer: Option<String>,
	issued: Option<u64>,
	nonce: Option<String>,
	signature: Option<String>,
}

/// A buyer's signed request, as read from its headers (or query).
struct SignedRequest {
	buyer: AccountId32,
	issued: u64,
	nonce: [u8; 16],
	signature: MultiSignature,
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
	headers.get(name).and_then(|value| value.to_str().ok())
}

fn hex_bytes(text: &str) -> Option<Vec<u8>> {
	hex::decode(text.strip_prefix("0x").unwrap_or(text)).ok()
}

impl SignedRequest {
	fn parse(
		buyer: Option<&str>,
		issued: Option<&str>,
		nonce: Option<&str>,
		signature: Option<&str>,
	) -> Result<Self, Refusal> {
		let buyer: iotchain_rpc::Account = serde_json::from_value(serde_json::Value::String(
			buyer.ok_or(Refusal::BadRequest)?.into(),
		))
		.map_err(|_| Refusal::BadRequest)?;
		let issued = issued.and_then(|text| text.parse().ok()).ok_or(Refusal::BadRequest)?;
		let nonce = nonce
			.and_then(hex_bytes)
			.and_then(|bytes| <[u8; 16]>::try_from(bytes).ok())
			.ok_or(Refusal::BadRequest)?;
		let signature = signature
			.and_then(hex_bytes)
			.and_then(|bytes| <[u8; 64]>::try_from(bytes).ok())
			.ok_or(Refusal::BadRequest)?;
		// sr25519 or ed25519: the same 64 bytes are tried as both against the buyer's key.
		let signature = MultiSignature::Sr25519(sp_core::sr25519::Signature::from_raw(signature));
		Ok(Self { buyer: buyer.0, issued, nonce, signature })
	}

	fn from_headers(headers: &HeaderMap) -> Result<Self, Refusal> {
		Self::parse(
			header(headers, "x-iotchain-buyer"),
			header(headers, "x-iotchain-issued"),
			header(headers, "x-iotchain-nonce"),
			header(headers, "x-iotchain-signature"),
		)
	}

	fn from_query(query: &WindowQuery) -> Result<Self, Refusal> {
		let issued = query.issued.map(|issued| issued.to_string());
		Self::parse(
			query.buyer.as_deref(),
			issued.as_deref(),
			query.nonce.as_deref(),
			query.signature.as_deref(),
		)
	}

	/// Whether this request, for `listing` over `[from, until)` at `gateway` on the chain of
	/// `genesis`, is the buyer's own, fresh and new.
	fn check(
		&self,
		market: &Market,
		genesis: &H256,
		gateway: &AccountId32,
		listing: u64,
		(from, until): (u64, u64),
	) -> Result<(), Refusal> {
		if from >= until {
			return Err(Refusal::BadRequest);
		}
		let now = now_ms();
		if self.issued.abs_diff(now) > REQUEST_WINDOW_MS {
			return Err(Refusal::StaleRequest);
		}
		let message = data_request_payload(
			genesis,
			gateway,
			&self.buyer,
			listing,
			from,
			until,
			self.issued,
			&self.nonce,
		);
		let MultiSignature::Sr25519(raw) = &self.signature else {
			return Err(Refusal::BadSignature);
		};
		let as_ed25519 = MultiSignature::Ed25519(sp_core::ed25519::Signature::from_raw(raw.0));
		if !is_signed_by_account(&self.buyer, &self.signature, &message)
			&& !is_signed_by_account(&self.buyer, &as_ed25519, &message)
		{
			return Err(Refusal::BadSignature);
		}
		if !market.first_use(&self.buyer, self.nonce, now)? {
			return Err(Refusal::ReplayedRequest);
		}
		Ok(())
	}
}

/// What the chain says of a listing: the one field the gateway needs.
#[derive(Deserialize)]
struct ListingDevice {
	device: iotchain_rpc::Account,
}

/// Checks the request and the buyer's grant; the listing's device.
async fn authorize(
	api: &Api,
	request: &SignedRequest,
	listing: u64,
	window: (u64, u64),
) -> Result<[u8; 32], Refusal> {
	request.check(&api.market, &api.chain.genesis(), &api.key.id(), listing, window)?;
	let at = api.chain.finalized().borrow().hash;
	let at = if at.is_zero() { serde_json::Value::Null } else { format!("{at:?}").into() };
	let found: Option<ListingDevice> =
		api.chain.request("dataMarket_listing", vec![listing.into(), at.clone()]).await?;
	let device = found.ok_or(Refusal::UnknownListing)?.device;
	let buyer = format!("0x{}", hex::encode(request.buyer.as_ref() as &[u8]));
	let allowed: bool = api
		.chain
		.request(
			"dataMarket_hasAccess",
			vec![listing.into(), buyer.into(), window.0.into(), window.1.into(), at],
		)
		.await?;
	if !allowed {
		return Err(Refusal::NoAccess);
	}
	Ok(device.0.into())
}

/// A page of a stream's readings.
#[derive(Serialize)]
struct Page {
	items: Vec<ReadingView>,
	next: Option<u64>,
}

/// `GET /v1/market/{listing}/readings`: the readings of the window, with their proofs.
pub async fn readings(
	State(api): State<Api>,
	Path(listing): Path<u64>,
	Query(query): Query<WindowQuery>,
	headers: HeaderMap,
) -> Response {
	let request = match SignedRequest::from_headers(&headers) {
		Ok(request) => request,
		Err(refusal) => return refusal.into_response(),
	};
	let window = (query.from, query.until);
	let device = match authorize(&api, &request, listing, window).await {
		Ok(device) => device,
		Err(refusal) => return refusal.into_response(),
	};
	let limit = query.limit.unwrap_or(MAX_PAGE).clamp(1, MAX_PAGE);
	match page(&api, device, window, query.cursor.unwrap_or(0), limit) {
		Ok(page) => Json(page).into_response(),
		Err(error) => {
			tracing::error!(%error, "the store failed");
			Refusal::StoreUnavailable.into_response()
		}
	}
}

/// Up to `limit` of `device`'s readings taken in `window`, from number `cursor` up, scanning
/// at most [`MAX_SCAN`] readings.
fn page(
	api: &Api,
	device: [u8; 32],
	(from, until): (u64, u64),
	cursor: u64,
	limit: usize,
) -> Result<Page, redb::Error> {
	let (scanned, mut next) = api.store.readings(device, cursor, MAX_SCAN)?;
	let mut items = Vec::new();
	for reading in scanned {
		if (from..until).contains(&reading.envelope.timestamp) {
			if items.len() == limit {
				next = Some(reading.envelope.seq);
				break;
			}
			let aggregate = match &reading.placement {
				Some(placement) => api.store.aggregate(placement.aggregate)?,
				None => None,
			};
			items.push(reading_view(&api.key.id(), &reading, aggregate.as_ref()));
		}
	}
	Ok(Page { items, next })
}

/// `GET /v1/market/{listing}/live` (WebSocket): the window's readings as they come, then with
/// their proofs once final.
pub async fn live(
	State(api): State<Api>,
	Path(listing): Path<u64>,
	Query(query): Query<WindowQuery>,
	headers: HeaderMap,
	upgrade: WebSocketUpgrade,
) -> Response {
	let request =
		SignedRequest::from_headers(&headers).or_else(|_| SignedRequest::from_query(&query));
	let request = match request {
		Ok(request) => request,
		Err(refusal) => return refusal.into_response(),
	};
	let window = (query.from, query.until);
	let device = match authorize(&api, &request, listing, window).await {
		Ok(device) => device,
		Err(refusal) => return refusal.into_response(),
	};
	let events = api.market.live.subscribe();
	upgrade.on_upgrade(move |socket| stream(api, socket, events, device, window))
}

/// Sends the window's readings of `device` as events come, until the window is over or the
/// buyer goes.
async fn stream(
	api: Api,
	mut socket: WebSocket,
	mut events: broadcast::Receiver<LiveEvent>,
	device: [u8; 32],
	(from, until): (u64, u64),
) {
	let in_window = |reading: &StoredReading| {
		<[u8; 32]>::from(reading.envelope.device.clone()) == device
			&& (from..until).contains(&reading.envelope.timestamp)
	};
	let gateway = api.key.id();
	loop {
		let left = until.saturating_sub(now_ms()).saturating_add(REQUEST_WINDOW_MS);
		let event = tokio::select! {
			event = events.recv() => event,
			_ = tokio::time::sleep(std::time::Duration::from_millis(left)) => break,
			incoming = socket.recv() => match incoming {
				Some(Ok(Message::Close(_))) | None | Some(Err(_)) => break,
				Some(Ok(_)) => continue,
			},
		};
		let views: Vec<ReadingView> = match event {
			Ok(LiveEvent::Accepted(reading)) if in_window(&reading) => {
				vec![reading_view(&gateway, &reading, None)]
			}
			Ok(LiveEvent::Final(record)) => api
				.store
				.device_readings_in(device, &record)
				.unwrap_or_default()
				.into_iter()
				.filter(|reading| in_window(reading))
				.map(|reading| reading_view(&gateway, &reading, Some(&record)))
				.collect(),
			Ok(LiveEvent::Accepted(_)) => continue,
			Err(broadcast::error::RecvError::Lagged(missed)) => {
				tracing::warn!(
					missed,
					"a live subscriber fell behind; it may read the gap by page"
				);
				continue;
			}
			Err(broadcast::error::RecvError::Closed) => break,
		};
		for view in views {
			let Ok(text) = serde_json::to_string(&view) else { continue };
			if socket.send(Message::Text(text.into())).await.is_err() {
				return;
			}
		}
		if now_ms() >= until.saturating_add(REQUEST_WINDOW_MS) {
			break;
		}
	}
	let _ = socket.send(Message::Close(None)).await;
}

#[cfg(test)]
// Test code: a panic is a failed test.
#[allow(clippy::unwrap_used, clippy::arithmetic_side_effects)]
mod tests {
	use super::*;
	use sp_core::{sr25519, Pair};

	const GENESIS: H256 = H256::repeat_byte(0x45);

	fn gateway() -> AccountId32 {
		AccountId32::new([7; 32])
	}

	fn signed(pair: &sr25519::Pair, issued: u64, nonce: [u8; 16]) -> SignedRequest {
		let buyer = AccountId32::new(pair.public().0);
		let message = data_request_payload(&GENESIS, &gateway(), &buyer, 3, 10, 20, issued, &nonce);
		SignedRequest { buyer, issued, nonce, signature: pair.sign(&message).into() }
	}

	#[test]
	fn a_request_is_good_once_within_its_window_at_its_gateway() {
		let market = Market::default();
		let pair = sr25519::Pair::from_seed(&[1; 32]);
		let now = now_ms();
		let request = signed(&pair, now, [1; 16]);
		assert_eq!(request.check(&market, &GENESIS, &gateway(), 3, (10, 20)), Ok(()));
		// The same request again: replayed.
		assert_eq!(
			request.check(&market, &GENESIS, &gateway(), 3, (10, 20)),
			Err(Refusal::ReplayedRequest)
		);
		// Another window, listing, gateway or chain than the one signed.
		let fresh = signed(&pair, now, [2; 16]);
		for (genesis, gateway, listing, window) in [
			(GENESIS, gateway(), 3, (10, 21)),
			(GENESIS, gateway(), 4, (10, 20)),
			(GENESIS, AccountId32::new([8; 32]), 3, (10, 20)),
			(H256::repeat_byte(1), gateway(), 3, (10, 20)),
		] {
			assert_eq!(
				fresh.check(&market, &genesis, &gateway, listing, window),
				Err(Refusal::BadSignature)
			);
		}
		// Too old or too far ahead.
		let stale = signed(&pair, now - REQUEST_WINDOW_MS - 1_000, [3; 16]);
		assert_eq!(
			stale.check(&market, &GENESIS, &gateway(), 3, (10, 20)),
			Err(Refusal::StaleRequest)
		);
		let ahead = signed(&pair, now + REQUEST_WINDOW_MS + 1_000, [4; 16]);
		assert_eq!(
			ahead.check(&market, &GENESIS, &gateway(), 3, (10, 20)),
			Err(Refusal::StaleRequest)
		);
		// Another buyer's signature.
		let mut stranger = signed(&sr25519::Pair::from_seed(&[2; 32]), now, [5; 16]);
		stranger.buyer = AccountId32::new(pair.public().0);
		assert_eq!(
			stranger.check(&market, &GENESIS, &gateway(), 3, (10, 20)),
			Err(Refusal::BadSignature)
		);
		// An empty window.
		assert_eq!(
			signed(&pair, now, [6; 16]).check(&market, &GENESIS, &gateway(), 3, (20, 20)),
			Err(Refusal::BadRequest)
		);
	}

	#[test]
	fn headers_parse_or_are_refused() {
		let mut headers = HeaderMap::new();
		assert!(matches!(SignedRequest::from_headers(&headers), Err(Refusal::BadRequest)));
		let buyer = AccountId32::new([1; 32]);
		headers
			.insert("x-iotchain-buyer", format!("0x{}", hex::encode([1u8; 32])).parse().unwrap());
		headers.insert("x-iotchain-issued", "123".parse().unwrap());
		headers
			.insert("x-iotchain-nonce", format!("0x{}", hex::encode([2u8; 16])).parse().unwrap());
		headers.insert(
			"x-iotchain-signature",
			format!("0x{}", hex::encode([3u8; 64])).parse().unwrap(),
		);
		let request = SignedRequest::from_headers(&headers).unwrap();
		assert_eq!((request.buyer, request.issued, request.nonce), (buyer, 123, [2; 16]));
		headers.insert("x-iotchain-nonce", "0x0102".parse().unwrap());
		assert!(matches!(SignedRequest::from_headers(&headers), Err(Refusal::BadRequest)));
	}
}
