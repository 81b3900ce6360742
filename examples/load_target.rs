//! The targets of `scripts/load.sh`: one hyper server, run either bare (it reads each request
//! body and answers Tencent's OK reply, with no checks at all) or with `CallbackLayer` and a
//! `handler_fn` that answers OK in front. The two differ only by the crate, so their load
//! figures side by side are what the crate costs over raw hyper. Both run on one thread, so
//! that the load generator has the other core of a two-core machine to itself.
//!
//! A measuring target, not a template: it has no timeouts and no limits on connections or
//! requests, so that raw hyper is measured. To serve callbacks, copy `server` or `hyper`.
//!
//! ```text
//! LOAD_MODE=bare  LOAD_BIND=127.0.0.1:18081 cargo run --release --example load_target
//! LOAD_MODE=layer LOAD_BIND=127.0.0.1:18082 LOAD_TOKEN=load-test-token \
//!     cargo run --release --example load_target
//! ```

use std::convert::Infallible;

use bytes::Bytes;
use http::{header, HeaderValue, Request, Response};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use tencent_im_callback::{handler_fn, Callback, CallbackLayer, Event};
use tokio::net::TcpListener;
use tower::Layer;

const APP_ID: u64 = 1400000000;
const OK: &[u8] = br#"{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}"#;

/// The bare baseline: read the body as the callback endpoint does, then answer OK.
async fn bare(request: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    let _ = request.into_body().collect().await;
    let mut response = Response::new(Full::new(Bytes::from_static(OK)));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Ok(response)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mode = std::env::var("LOAD_MODE").unwrap_or_else(|_| "bare".to_owned());
    let bind = std::env::var("LOAD_BIND").unwrap_or_else(|_| "127.0.0.1:18081".to_owned());
    let mut layer = CallbackLayer::builder().sdk_app_id(APP_ID);
    if let Ok(token) = std::env::var("LOAD_TOKEN") {
        layer = layer.token(token);
    }
    let endpoint = layer
        .build()?
        .layer(handler_fn(|callback: Callback<Event>| async move {
            std::hint::black_box(callback.event());
        }));
    let listener = TcpListener::bind(&bind).await?;
    eprintln!(
        "{mode}: listening on http://{}/callback",
        listener.local_addr()?
    );
    loop {
        let (stream, _) = listener.accept().await?;
        let io = TokioIo::new(stream);
        match mode.as_str() {
            "layer" => {
                let service = TowerToHyperService::new(endpoint.clone());
                tokio::spawn(http1::Builder::new().serve_connection(io, service));
            }
            _ => {
                tokio::spawn(http1::Builder::new().serve_connection(io, service_fn(bare)));
            }
        }
    }
}
