//! The targets of `scripts/load.sh`: one hyper HTTP/1 server on a single-threaded runtime
//! (so that the load generator has the other core of a two-core machine), in one of these
//! modes (`LOAD_MODE`):
//!
//! - `bare`: reads each body and answers Tencent's OK reply, with no checks at all;
//! - `floor`: the necessary work by hand, nothing more: `SdkAppid` compared, `Sign` checked
//!   against SHA-256 of the token and `RequestTime`, the body parsed with `serde_json` into a
//!   plain `#[derive(Deserialize)]` struct of the create-room fields, the fixed OK reply (401,
//!   403 or 400 when a check fails). The limit for this work on this stack;
//! - `layer`: `CallbackLayer` + `handler_fn`, the crate's path on plain hyper;
//! - `axum-crate`: the criterion bench's (c), an `axum::Router` with `CallbackLayer` as
//!   `route_layer` and a `Callback<Event>` extractor;
//! - `axum-handwritten`: the criterion bench's (d), the common hand-written axum handler
//!   (`Query<HashMap>`, `Bytes` → `serde_json::Value`, `json!` reply).
//!
//! The floor, (c) and (d) are the very code the bench measures (`examples/baselines`). Every
//! mode but `bare` checks signatures made with the token `console-token` for app id
//! 1400000000; the crate's modes also check `RequestTime` against the clock (60 s).
//!
//! A measuring target, not a template: it has no timeouts and no limits on connections,
//! requests or bodies, so that raw hyper is measured. To serve callbacks, copy `server` or
//! `hyper`.
//!
//! ```text
//! LOAD_MODE=floor LOAD_BIND=127.0.0.1:18082 cargo run --release --example load_target
//! ```

use std::convert::Infallible;
use std::time::SystemTime;

use bytes::Bytes;
use http::{header, HeaderValue, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;

mod baselines;

use baselines::OK;

const MODES: &str = "bare, floor, layer, axum-crate or axum-handwritten";

fn json_response(status: StatusCode, body: &'static [u8]) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from_static(body)));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

/// The bare baseline: read the body as the callback endpoint does, then answer OK.
async fn bare(request: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    let _ = request.into_body().collect().await;
    Ok(json_response(StatusCode::OK, OK))
}

/// The floor: [`baselines::floor`] on the query and the body, then the fixed reply.
async fn floor(request: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    let (parts, body) = request.into_parts();
    let Ok(body) = body.collect().await.map(|collected| collected.to_bytes()) else {
        return Ok(json_response(StatusCode::BAD_REQUEST, b"{}"));
    };
    match baselines::floor(parts.uri.query().unwrap_or_default(), &body) {
        Ok(event) => {
            std::hint::black_box(&event.RoomInfo.RoomId);
            Ok(json_response(StatusCode::OK, OK))
        }
        Err(refused) => {
            let status = StatusCode::from_u16(refused.status()).expect("a valid status");
            let fail = br#"{"ActionStatus":"FAIL","ErrorInfo":"refused","ErrorCode":1}"#;
            Ok(json_response(status, fail))
        }
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mode = std::env::var("LOAD_MODE").unwrap_or_else(|_| "bare".to_owned());
    let bind = std::env::var("LOAD_BIND").unwrap_or_else(|_| "127.0.0.1:18081".to_owned());
    if !["bare", "floor", "layer", "axum-crate", "axum-handwritten"].contains(&mode.as_str()) {
        return Err(format!("LOAD_MODE must be {MODES}, not {mode:?}").into());
    }
    let layer = baselines::crate_service(SystemTime::now);
    let crate_router = baselines::crate_router(SystemTime::now);
    let handwritten = baselines::handwritten_router();
    let listener = TcpListener::bind(&bind).await?;
    eprintln!(
        "{mode}: listening on http://{}/callback",
        listener.local_addr()?
    );
    loop {
        let (stream, _) = listener.accept().await?;
        let io = TokioIo::new(stream);
        let http = http1::Builder::new();
        match mode.as_str() {
            "floor" => {
                tokio::spawn(http.serve_connection(io, service_fn(floor)));
            }
            "layer" => {
                let service = TowerToHyperService::new(layer.clone());
                tokio::spawn(http.serve_connection(io, service));
            }
            "axum-crate" => {
                let service = TowerToHyperService::new(crate_router.clone());
                tokio::spawn(http.serve_connection(io, service));
            }
            "axum-handwritten" => {
                let service = TowerToHyperService::new(handwritten.clone());
                tokio::spawn(http.serve_connection(io, service));
            }
            _ => {
                tokio::spawn(http.serve_connection(io, service_fn(bare)));
            }
        }
    }
}
