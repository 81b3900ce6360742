//! One port for both: a gRPC service for browsers (gRPC-web) and the Tencent callback route.
//!
//! ```text
//! TIM_SDKAPPID=1400000000 TIM_CALLBACK_TOKEN=console-token TIM_BIND=127.0.0.1:8080 \
//!     cargo run --example tonic_web --features axum
//! ```
//!
//! The gRPC service is tonic-health's `grpc.health.v1.Health` (no protoc needed); a real app
//! adds its own services to the same `Routes`. `POST /callback` takes Tencent's callbacks and
//! queues each for a background thread that writes it as one JSON line on stdout, as the
//! `server` example does. The environment is the `server` example's:
//! `TIM_SDKAPPID` (default `1400000000`, a demo value), `TIM_CALLBACK_TOKEN` (unset: no
//! signature required), `TIM_BIND` (default `127.0.0.1:8080`).
//!
//! Ask for the health status as a browser would (an empty `HealthCheckRequest` in a gRPC-web
//! frame); the reply carries the status `SERVING` (protobuf `08 01`) and a `grpc-status:0`
//! trailer frame:
//!
//! ```text
//! printf '\0\0\0\0\0' | curl -s --data-binary @- -H 'content-type: application/grpc-web+proto' \
//!     http://127.0.0.1:8080/grpc.health.v1.Health/Check | od -c
//! ```
//!
//! Native gRPC clients speak HTTP/2 without TLS ("h2c", with prior knowledge) to the same
//! port, for example `grpc_health_probe -addr=127.0.0.1:8080`.
//!
//! Served with hyper's automatic builder, which tells HTTP/1.1 (browsers' gRPC-web, Tencent)
//! from HTTP/2 by a connection's first bytes, with the `server` example's timeouts and limits
//! (`support::serve`). Ctrl-C or SIGTERM stops it gracefully, within bounded time, reporting
//! `NOT_SERVING` to health watchers first.

use std::process::ExitCode;

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::Router;
use hyper_util::service::TowerToHyperService;
use tencent_im_callback::layer::DEFAULT_BODY_LIMIT;
use tencent_im_callback::{Callback, CallbackLayer, Event, Reply};
use tokio::net::TcpListener;
use tonic::service::Routes;
use tonic_health::server::{health_reporter, HealthReporter};
use tonic_health::ServingStatus;
use tonic_web::GrpcWebLayer;

mod support;

use support::{shutdown_signal, Protocols, Queue, Settings};

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("tonic_web: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), String> {
    let settings = Settings::from_env()?;
    let layer = settings.layer()?;
    let (queue, printer) = support::work_queue()?;
    let (reporter, app) = app(layer, queue);

    let signal = shutdown_signal().map_err(|error| format!("cannot watch signals: {error}"))?;
    let listener = TcpListener::bind(settings.bind)
        .await
        .map_err(|error| format!("cannot listen on {}: {error}", settings.bind))?;
    let address = listener
        .local_addr()
        .map_err(|error| format!("cannot read the bound address: {error}"))?;
    eprintln!("listening on http://{address}/callback");
    eprintln!("gRPC-web health check at http://{address}/grpc.health.v1.Health/Check");

    let shutdown = async move {
        let signal = signal.await;
        reporter
            .set_service_status("", ServingStatus::NotServing)
            .await;
        signal
    };
    let service = TowerToHyperService::new(app);
    support::serve(listener, service, Protocols::Http1AndH2c, shutdown).await;

    // The only senders were in the router, dropped with the connections: the printer ends
    // once it has printed what is queued, or the process exits without it.
    support::drain(printer).await
}

/// The whole app: the callback route beside the gRPC-web services; and the health reporter,
/// to change the status the health service reports.
fn app(layer: CallbackLayer, queue: Queue) -> (HealthReporter, Router) {
    let (reporter, health) = health_reporter();
    // A gRPC message is held whole while it is decoded (4 MiB by default): give messages the
    // callbacks' body limit, so that the bound on bodies in flight holds for both.
    let health = health.max_decoding_message_size(DEFAULT_BODY_LIMIT);
    // `GrpcWebLayer` translates gRPC-web requests, passes HTTP/2 requests through untouched,
    // and answers every other HTTP/1 request with 400 Bad Request. Around the whole app it
    // would answer Tencent's plain HTTP/1 POSTs to /callback with 400, so it wraps the gRPC
    // routes only. Paths neither side knows reach tonic's fallback (gRPC `Unimplemented`),
    // which is behind the layer too: a plain HTTP/1 request there gets 400.
    let grpc = Routes::new(health)
        .into_axum_router()
        .layer(GrpcWebLayer::new());
    let callbacks = Router::new()
        .route("/callback", post(on_callback))
        .route_layer(layer)
        .with_state(queue);
    (reporter, callbacks.merge(grpc))
}

/// Queues the callback for the background thread and replies at once. Printing in the handler
/// would block a runtime thread whenever stdout blocks.
async fn on_callback(State(queue): State<Queue>, callback: Callback<Event>) -> (StatusCode, Reply) {
    support::enqueue(queue, callback).await
}
