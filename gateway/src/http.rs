//! The HTTP API (`axum`): ingest, reads of readings with their proofs, status and metrics.
//!
//! | method and path | what |
//! |---|---|
//! | `POST /v1/readings` | one submission, JSON (`Content-Type: application/json`) or binary (`application/octet-stream`); `200` with the receipt, or `4xx`/`503` with `{ "refused": reason }` |
//! | `POST /v1/readings/bulk` | several submissions, any devices', JSON `{ "readings": […] }` or binary (a SCALE `Vec<Vec<u8>>` of binary submissions), at most `limits.max_bulk`; `200 { "answers": […] }`, one receipt or refusal per reading in order, or `4xx` with `{ "refused": reason }` if the message as a whole is unreadable or too large |
//! | `GET /v1/devices/{device}/readings/{seq}` | the reading with its status and proof; `404` if the gateway has not accepted it |
//! | `GET /v1/devices/{device}/readings?cursor=&limit=` | the device's readings by number, paged as `{ "items", "next" }` |
//! | `POST /v1/batches` | a device's own batch root to relay, JSON or binary; `200` with the batch receipt, or a refusal |
//! | `GET /v1/devices/{device}/batches/{seq}` | a relayed batch root and where it is |
//! | `GET /v1/market/{listing}/readings`, `GET /v1/market/{listing}/live` | a data-market stream, to the holder of a grant only (`market`) |
//! | `GET /v1/status` | the gateway's id, the chain's genesis hash, the finalized block, the devices it knows, the queue |
//! | `GET /metrics` | Prometheus metrics |
//!
//! Every answer allows any origin (CORS `Access-Control-Allow-Origin: *`, for `GET` and `POST`
//! with `Content-Type`): a browser app such as the Console, served from elsewhere, reads
//! readings and proofs, which are public evidence, and no request carries credentials.

use std::sync::Arc;

use axum::{
	body::Bytes,
	extract::{DefaultBodyLimit, Path, Query, State},
	http::{header::CONTENT_TYPE, HeaderMap, HeaderName, Method, StatusCode},
	response::{IntoResponse, Response},
	routing::{get, post},
	Json, Router,
};
use serde::{Deserialize, Serialize};
use sp_core::H256;
use sp_runtime::AccountId32;
use tower_http::cors::{Any, CorsLayer};

use crate::{
	chain::Chain,
	ingest::{Ingest, Transport},
	keys::GatewayKey,
	market::{self, Market},
	metrics::Metrics,
	store::{Store, StoredReading},
	view::{batch_view, reading_view, ReadingView},
	wire::{self, ss58, Refusal, Refused},
};

/// Readings per page at most, and by default.
pub const MAX_PAGE: usize = 100;

/// What the handlers share.
#[derive(Clone)]
pub struct Api {
	/// The checks and the writer.
	pub ingest: Arc<Ingest>,
	/// The store.
	pub store: Arc<Store>,
	/// The chain.
	pub chain: Arc<Chain>,
	/// The gateway's key.
	pub key: GatewayKey,
	/// The metrics.
	pub metrics: Arc<Metrics>,
	/// The data market's live events and the buyers' requests already served.
	pub market: Market,
	/// The largest body accepted: the largest envelope and payload.
	pub max_body: usize,
}

/// The router.
pub fn router(api: Api) -> Router {
	let limit = api.max_body;
	let bulk_limit = api.ingest.max_bulk_bytes();
	Router::new()
		.route("/v1/readings", post(submit))
		.route("/v1/readings/bulk", post(submit_bulk).layer(DefaultBodyLimit::max(bulk_limit)))
		.route("/v1/devices/{device}/readings", get(readings))
		.route("/v1/devices/{device}/readings/{seq}", get(reading))
		.route("/v1/batches", post(submit_batch))
		.route("/v1/devices/{device}/batches/{seq}", get(batch))
		.route("/v1/market/{listing}/readings", get(market::readings))
		.route("/v1/market/{listing}/live", get(market::live))
		.route("/v1/status", get(status))
		.route("/metrics", get(metrics))
		.layer(DefaultBodyLimit::max(limit))
		.layer(
			CorsLayer::new()
				.allow_origin(Any)
				.allow_methods([Method::GET, Method::POST])
				.allow_headers([
					CONTENT_TYPE,
					HeaderName::from_static("x-iotchain-buyer"),
					HeaderName::from_static("x-iotchain-issued"),
					HeaderName::from_static("x-iotchain-nonce"),
					HeaderName::from_static("x-iotchain-signature"),
				]),
		)
		.with_state(api)
}

fn status_of(refusal: Refusal) -> StatusCode {
	match refusal {
		Refusal::RateLimited => StatusCode::TOO_MANY_REQUESTS,
		Refusal::ChainUnavailable | Refusal::StoreUnavailable => StatusCode::SERVICE_UNAVAILABLE,
		Refusal::UnknownDevice => StatusCode::NOT_FOUND,
		Refusal::DeviceSuspended | Refusal::DeviceRevoked | Refusal::BadSignature => {
			StatusCode::FORBIDDEN
		}
		Refusal::ReplayedSequence => StatusCode::CONFLICT,
		Refusal::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
		Refusal::InvalidBatch => StatusCode::UNPROCESSABLE_ENTITY,
		Refusal::TooManyReadings => StatusCode::PAYLOAD_TOO_LARGE,
		_ => StatusCode::BAD_REQUEST,
	}
}

async fn submit(State(api): State<Api>, headers: HeaderMap, body: Bytes) -> Response {
	let submission =
		if is_binary(&headers) { wire::from_binary(&body) } else { wire::from_json(&body) };
	let seq = submission.as_ref().ok().map(|s| s.envelope.seq);
	match api.ingest.submit(submission, Transport::Http).await {
		Ok(receipt) => {
			(StatusCode::OK, Json(serde_json::json!({ "receipt": receipt }))).into_response()
		}
		Err(refusal) => (status_of(refusal), Json(Refused::new(refusal, seq))).into_response(),
	}
}

async fn submit_bulk(State(api): State<Api>, headers: HeaderMap, body: Bytes) -> Response {
	let readings = if is_binary(&headers) {
		wire::bulk_from_binary(&body, api.ingest.max_bulk())
	} else {
		wire::bulk_from_json(&body, api.ingest.max_bulk())
	};
	let readings = match readings {
		Ok(readings) => readings,
		Err(refusal) => {
			api.ingest.count_refusal(refusal);
			return (status_of(refusal), Json(Refused::new(refusal, None))).into_response();
		}
	};
	Json(api.ingest.submit_many(readings, Transport::Http).await).into_response()
}

fn is_binary(headers: &HeaderMap) -> bool {
	headers
		.get(CONTENT_TYPE)
		.and_then(|v| v.to_str().ok())
		.is_some_and(|v| v.starts_with("application/octet-stream"))
}

async fn submit_batch(State(api): State<Api>, headers: HeaderMap, body: Bytes) -> Response {
	let batch = if is_binary(&headers) {
		wire::batch_from_binary(&body)
	} else {
		wire::batch_from_json(&body)
	};
	let seq = batch.as_ref().ok().map(|b| b.seq);
	match api.ingest.submit_batch(batch, Transport::Http).await {
		Ok(receipt) => Json(serde_json::json!({ "batchReceipt": receipt })).into_response(),
		Err(refusal) => (status_of(refusal), Json(Refused::new(refusal, seq))).into_response(),
	}
}

async fn batch(State(api): State<Api>, Path((device, seq)): Path<(String, u64)>) -> Response {
	let Some(device) = parse_device(&device) else { return not_found("unknownDevice") };
	match api.store.batch(device, seq) {
		Ok(Some(stored)) => Json(batch_view(&stored)).into_response(),
		Ok(None) => not_found("unknownBatch"),
		Err(error) => store_failed(error),
	}
}

fn parse_device(text: &str) -> Option<[u8; 32]> {
	let account: iotchain_rpc::Account =
		serde_json::from_value(serde_json::Value::String(text.into())).ok()?;
	Some(account.0.into())
}

fn not_found(what: &str) -> Response {
	(StatusCode::NOT_FOUND, Json(serde_json::json!({ "error": what }))).into_response()
}

fn view(api: &Api, reading: &StoredReading) -> Result<ReadingView, redb::Error> {
	let aggregate = match &reading.placement {
		Some(placement) => api.store.aggregate(placement.aggregate)?,
		None => None,
	};
	Ok(reading_view(&api.key.id(), reading, aggregate.as_ref()))
}

fn store_failed(error: redb::Error) -> Response {
	tracing::error!(%error, "the store failed");
	(StatusCode::SERVICE_UNAVAILABLE, Json(serde_json::json!({ "error": "storeUnavailable" })))
		.into_response()
}

async fn reading(State(api): State<Api>, Path((device, seq)): Path<(String, u64)>) -> Response {
	let Some(device) = parse_device(&device) else { return not_found("unknownDevice") };
	match api.store.reading(device, seq).and_then(|r| r.map(|r| view(&api, &r)).transpose()) {
		Ok(Some(view)) => Json(view).into_response(),
		Ok(None) => not_found("unknownReading"),
		Err(error) => store_failed(error),
	}
}

/// The page parameters.
#[derive(Deserialize)]
struct PageQuery {
	cursor: Option<u64>,
	limit: Option<usize>,
}

/// A page of readings.
#[derive(Serialize)]
struct Page {
	items: Vec<ReadingView>,
	next: Option<u64>,
}

async fn readings(
	State(api): State<Api>,
	Path(device): Path<String>,
	Query(page): Query<PageQuery>,
) -> Response {
	let Some(device) = parse_device(&device) else { return not_found("unknownDevice") };
	let limit = page.limit.unwrap_or(MAX_PAGE).clamp(1, MAX_PAGE);
	let (items, next) = match api.store.readings(device, page.cursor.unwrap_or(0), limit) {
		Ok(found) => found,
		Err(error) => return store_failed(error),
	};
	// Each aggregate the page's readings sit in, read once: a page of 100 readings usually
	// shares one or two aggregates of tens of thousands of members.
	let mut aggregates = std::collections::BTreeMap::new();
	for placement in items.iter().filter_map(|reading| reading.placement.as_ref()) {
		if let std::collections::btree_map::Entry::Vacant(entry) =
			aggregates.entry(placement.aggregate)
		{
			match api.store.aggregate(placement.aggregate) {
				Ok(record) => entry.insert(record),
				Err(error) => return store_failed(error),
			};
		}
	}
	let gateway = api.key.id();
	let views: Vec<ReadingView> = items
		.iter()
		.map(|reading| {
			let aggregate = reading
				.placement
				.as_ref()
				.and_then(|placement| aggregates.get(&placement.aggregate))
				.and_then(Option::as_ref);
			reading_view(&gateway, reading, aggregate)
		})
		.collect();
	Json(Page { items: views, next }).into_response()
}

/// The gateway's status.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Status {
	gateway: String,
	genesis_hash: H256,
	chain_connected: bool,
	finalized_block: u32,
	devices_known: usize,
	queue_depth: u64,
	next_aggregate: Option<u64>,
}

async fn status(State(api): State<Api>) -> Response {
	let gateway: AccountId32 = api.key.id();
	Json(Status {
		gateway: ss58(&gateway),
		genesis_hash: api.chain.genesis(),
		chain_connected: api.chain.is_connected(),
		finalized_block: api.chain.finalized().borrow().number,
		devices_known: api.chain.devices_known(),
		queue_depth: api.store.queue_depth().unwrap_or(0),
		next_aggregate: api.store.next_aggregate().unwrap_or(None),
	})
	.into_response()
}

async fn metrics(State(api): State<Api>) -> Response {
	([(CONTENT_TYPE, "text/plain; version=0.0.4")], api.metrics.render()).into_response()
}
