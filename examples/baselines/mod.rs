//! The paths that the benchmarks compare, defined once and shared by the criterion bench
//! (`benches/callback.rs`, through `#[path]`), the load targets (`examples/load_target.rs`)
//! and the instruction counts (`examples/per_request.rs`, run by `scripts/callgrind.sh`), so
//! that the three measure exactly the same code:
//!
//! - (a) the crate's `CreateRoom` parsed alone ([`parse_crate_struct`]);
//! - (a′) a plain `#[derive(Deserialize)]` struct of the same fields parsed alone
//!   ([`PlainCreateRoom`]): what the crate's leniency costs is (a) − (a′);
//! - the floor: the necessary work by hand, nothing more ([`floor`]): `SdkAppid` compared,
//!   `Sign` checked against SHA-256 of the token and `RequestTime`, the body parsed into
//!   [`PlainCreateRoom`];
//! - (b) `CallbackLayer` + `handler_fn` ([`crate_service`]);
//! - (c) the same inside an `axum::Router` ([`crate_router`]);
//! - (d) the common hand-written axum handler ([`handwritten_router`]).
//!
//! Not a template: no limits, no timeouts. Every path uses the one token [`TOKEN`].
// Each user takes a part of this module.
#![allow(dead_code)]

use std::collections::HashMap;
use std::convert::Infallible;
use std::hint::black_box;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::Query;
use axum::routing::post;
use axum::{Json, Router};
use http::{Request, Response};
use http_body_util::Full;
use serde::Deserialize;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use tencent_im_callback::layer::CallbackService;
use tencent_im_callback::response::ReplyBody;
use tencent_im_callback::room::CreateRoom;
use tencent_im_callback::sign::Token;
use tencent_im_callback::test_util::{samples, CallbackRequest};
use tencent_im_callback::{handler_fn, Callback, CallbackLayer, Command, Event};
use tower::Layer;

/// The app id every path accepts.
pub const APP_ID: u64 = 1400000000;
/// The callback token every path checks signatures with.
pub const TOKEN: &str = "console-token";
/// The fixed clock of the in-process measurements: the request is signed at this time.
pub const NOW: u64 = 1_703_589_922;
/// Tencent's OK reply.
pub const OK: &[u8] = br#"{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}"#;

/// The fixed clock of the in-process measurements.
pub fn fixed_now() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(NOW)
}

/// The signed create-room request Tencent would send; rebuilt per request from cheap clones.
#[derive(Clone)]
pub struct Template {
    pub uri: http::Uri,
    pub body: Bytes,
}

impl Template {
    /// Signed at [`NOW`] with [`TOKEN`].
    pub fn new() -> Self {
        let token = Token::new(TOKEN).expect("token");
        let request = CallbackRequest::new(APP_ID, Command::ROOM_AFTER_CREATE_ROOM)
            .body(samples::CREATE_ROOM)
            .signed(&token, NOW);
        Template {
            uri: request.uri().parse().expect("uri"),
            body: request.body_bytes().clone(),
        }
    }

    /// The query string, as the floor reads it.
    pub fn query(&self) -> &str {
        self.uri.query().unwrap_or_default()
    }

    pub fn request<B>(&self, body: impl FnOnce(Bytes) -> B) -> Request<B> {
        let mut request = Request::new(body(self.body.clone()));
        *request.method_mut() = http::Method::POST;
        *request.uri_mut() = self.uri.clone();
        request
    }
}

/// Drives a future that completes without waiting on IO (all of these do: the bodies are in
/// memory), so no executor's cost is added to what is measured.
pub fn complete<F: std::future::Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    for _ in 0..1000 {
        if let std::task::Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
    }
    panic!("the future kept waiting although nothing it needs is outside memory")
}

// ---------------------------------------------------------------------------------------
// (a) and (a′): the parse alone.

/// (a): the crate's lenient `CreateRoom`.
pub fn parse_crate_struct(body: &[u8]) -> CreateRoom {
    serde_json::from_slice::<CreateRoom>(body).expect("the sample parses")
}

/// (a′): the create-room fields as a team would declare them, with serde's derive and
/// nothing else: strings for Tencent's enums, no leniency (`"false"` or `"300"` would be
/// refused), unknown fields skipped, account ids above 2^53 not kept digit for digit.
#[derive(Debug, Deserialize)]
#[allow(non_snake_case)]
pub struct PlainCreateRoom {
    pub CallbackCommand: Option<String>,
    pub Operator_Account: Option<String>,
    pub RoomInfo: PlainRoomInfo,
    pub ScheduleInviteeList_Account: Option<Vec<String>>,
    pub EventTime: Option<u64>,
}

/// `RoomInfo`, plain.
#[derive(Debug, Deserialize)]
#[allow(non_snake_case)]
pub struct PlainRoomInfo {
    pub RoomId: Option<String>,
    pub RoomName: Option<String>,
    pub RoomType: Option<String>,
    pub Owner_Account: Option<String>,
    pub MaxMemberCount: Option<u64>,
    pub MaxSeatCount: Option<u64>,
    pub IsVideoDisabled: Option<bool>,
    pub IsAudioDisabled: Option<bool>,
    pub IsMessageDisabled: Option<bool>,
    pub IsScreenSharingDisabled: Option<bool>,
    pub IsCloudRecordingDisabled: Option<bool>,
    pub CustomInfo: Option<String>,
    pub ScheduleStartTime: Option<u64>,
    pub ScheduleEndTime: Option<u64>,
    pub RoomStatus: Option<String>,
    pub IsSeatEnabled: Option<bool>,
    pub TakeSeatMode: Option<String>,
    pub CreateTime: Option<u64>,
    pub MemberCount: Option<u64>,
}

/// (a′): the plain struct.
pub fn parse_plain_struct(body: &[u8]) -> PlainCreateRoom {
    serde_json::from_slice::<PlainCreateRoom>(body).expect("the sample parses")
}

// ---------------------------------------------------------------------------------------
// The floor: the necessary work by hand.

/// Why the floor refused a request, with the HTTP status it answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    AppId,
    Signature,
    Body,
}

impl Refused {
    pub fn status(self) -> u16 {
        match self {
            Refused::AppId => 403,
            Refused::Signature => 401,
            Refused::Body => 400,
        }
    }
}

/// The work any correct receiver must do, by hand and nothing more: `SdkAppid` compared,
/// `Sign` (64 hex digits) compared with SHA-256 of the token and `RequestTime`, the body
/// parsed into [`PlainCreateRoom`]. No method, command, time-window, size or encoding checks
/// (each costs nanoseconds); the query is split on `&` and `=` without percent-decoding
/// (Tencent's values need none).
pub fn floor(query: &str, body: &[u8]) -> Result<PlainCreateRoom, Refused> {
    let (mut app_id, mut sign, mut time) = (None, None, None);
    for pair in query.split('&') {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        match name {
            "SdkAppid" => app_id = Some(value),
            "Sign" => sign = Some(value),
            "RequestTime" => time = Some(value),
            _ => {}
        }
    }
    if app_id.and_then(|id| id.parse::<u64>().ok()) != Some(APP_ID) {
        return Err(Refused::AppId);
    }
    let (Some(sign), Some(time)) = (sign, time) else {
        return Err(Refused::Signature);
    };
    let mut received = [0u8; 32];
    hex::decode_to_slice(sign, &mut received).map_err(|_| Refused::Signature)?;
    let expected = Sha256::new()
        .chain_update(TOKEN)
        .chain_update(time)
        .finalize();
    if expected.as_slice() != received {
        return Err(Refused::Signature);
    }
    serde_json::from_slice(body).map_err(|_| Refused::Body)
}

// ---------------------------------------------------------------------------------------
// (b), (c): the crate.

/// The layer every crate path uses, with the given clock.
pub fn layer(clock: fn() -> SystemTime) -> CallbackLayer {
    CallbackLayer::builder()
        .sdk_app_id(APP_ID)
        .token(TOKEN)
        .clock(clock)
        .build()
        .expect("layer")
}

/// (b)'s handler: reads the room id of a create-room callback, answers OK.
pub fn crate_handler() -> impl tower::Service<
    Request<Full<Bytes>>,
    Response = Response<ReplyBody>,
    Error = Infallible,
    Future: Send,
> + Clone
       + Send
       + 'static {
    handler_fn(|cb: Callback<Event>| async move {
        if let Event::RoomAfterCreateRoom(created) = cb.event() {
            black_box(&created.room_info.room_id);
        }
    })
}

/// (b): `CallbackLayer` + `handler_fn`; a service for any request body.
pub fn crate_service(
    clock: fn() -> SystemTime,
) -> CallbackService<
    impl tower::Service<
            Request<Full<Bytes>>,
            Response = Response<ReplyBody>,
            Error = Infallible,
            Future: Send,
        > + Clone
        + Send
        + 'static,
> {
    layer(clock).layer(crate_handler())
}

async fn crate_axum_handler(cb: Callback<Event>) -> tencent_im_callback::Reply {
    if let Event::RoomAfterCreateRoom(created) = cb.event() {
        black_box(&created.room_info.room_id);
    }
    tencent_im_callback::Reply::ok()
}

/// (c): the crate inside an `axum::Router` (`route_layer`, `Callback<Event>` extractor).
pub fn crate_router(clock: fn() -> SystemTime) -> Router {
    Router::new()
        .route("/callback", post(crate_axum_handler))
        .route_layer(layer(clock))
}

// ---------------------------------------------------------------------------------------
// (d): how teams write it today.

async fn handwritten(Query(query): Query<HashMap<String, String>>, body: Bytes) -> Json<Value> {
    let fail = |code: i64, info: &str| {
        Json(json!({"ActionStatus": "FAIL", "ErrorInfo": info, "ErrorCode": code}))
    };
    if query.get("SdkAppid").map(String::as_str) != Some("1400000000") {
        return fail(1, "wrong SdkAppid");
    }
    let Some(command) = query.get("CallbackCommand") else {
        return fail(2, "no command");
    };
    let (Some(sign), Some(time)) = (query.get("Sign"), query.get("RequestTime")) else {
        return fail(3, "unsigned");
    };
    let expected = hex::encode(Sha256::digest(format!("{TOKEN}{time}")));
    if &expected != sign {
        return fail(4, "bad sign");
    }
    let Ok(event) = serde_json::from_slice::<Value>(&body) else {
        return fail(5, "bad body");
    };
    if command == "Room.CallbackAfterCreateRoom" {
        black_box(event["RoomInfo"]["RoomId"].as_str());
    }
    Json(json!({"ActionStatus": "OK", "ErrorInfo": "", "ErrorCode": 0}))
}

/// (d): `Query<HashMap>`, `Bytes` → `serde_json::Value`, manual checks, `json!` reply. Note
/// that it answers its FAIL replies with status 200, as such handlers often do.
pub fn handwritten_router() -> Router {
    Router::new().route("/callback", post(handwritten))
}
