//! One port for both: a gRPC service for browsers (gRPC-web) and the Tencent callback route.
//!
//! ```text
//! TIM_SDKAPPID=1400000000 TIM_CALLBACK_TOKEN=console-token TIM_BIND=127.0.0.1:8080 \
//!     cargo run --example tonic_web --features axum
//! ```
//!
//! The gRPC service is tonic-health's `grpc.health.v1.Health` (no protoc needed); a real app
//! adds its own services to the same `Routes`. `POST /callback` takes Tencent's callbacks and
//! writes each as one JSON line on stdout. The environment is the `server` example's:
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
//! Served with `axum::serve` (HTTP/1.1, as browsers' gRPC-web uses) to stay short; see the
//! `server` example for header and body timeouts. Ctrl-C or SIGTERM stops it gracefully,
//! reporting `NOT_SERVING` to health watchers first.

use std::process::ExitCode;

use axum::routing::post;
use axum::Router;
use tencent_im_callback::{Callback, CallbackLayer, Event, Reply};
use tokio::net::TcpListener;
use tonic::service::Routes;
use tonic_health::server::{health_reporter, HealthReporter};
use tonic_health::ServingStatus;
use tonic_web::GrpcWebLayer;

mod support;

use support::{shutdown_signal, Settings};

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
    let (reporter, app) = app(layer);

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
        eprintln!("{}: shutting down", signal.await);
        reporter
            .set_service_status("", ServingStatus::NotServing)
            .await;
    };
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(|error| format!("serving failed: {error}"))?;
    eprintln!("stopped");
    Ok(())
}

/// The whole app: the callback route beside the gRPC-web services; and the health reporter,
/// to change the status the health service reports.
fn app(layer: CallbackLayer) -> (HealthReporter, Router) {
    let (reporter, health) = health_reporter();
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
        .route_layer(layer);
    (reporter, callbacks.merge(grpc))
}

/// Writes the callback as one JSON line and replies OK. Printing is quick; for slower work,
/// queue the callback and reply at once, as the `server` example does.
async fn on_callback(callback: Callback<Event>) -> Reply {
    match serde_json::to_string(&callback) {
        Ok(line) => println!("{line}"),
        Err(error) => eprintln!("cannot serialise {}: {error}", callback.command()),
    }
    Reply::ok()
}
