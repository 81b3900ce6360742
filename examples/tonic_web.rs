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
//! from HTTP/2 by a connection's first bytes (the `Http1AndH2c` protocol below), with the `server`
//! example's timeouts and limits (`support::serve`). Ctrl-C or SIGTERM stops it gracefully, within bounded time, reporting
//! `NOT_SERVING` to health watchers first.

use std::convert::Infallible;
use std::process::ExitCode;

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::Router;
use bytes::Bytes;
use http::{Request, Response};
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulConnection;
use hyper_util::service::TowerToHyperService;
use tencent_im_callback::layer::DEFAULT_BODY_LIMIT;
use tencent_im_callback::{Callback, CallbackLayer, Event, Reply};
use tokio::net::TcpStream;
use tonic::service::Routes;
use tonic_health::server::{health_reporter, HealthReporter};
use tonic_health::ServingStatus;
use tonic_web::GrpcWebLayer;

mod support;

use support::{BoxError, Protocol, Queue, Settings, HEADER_TIMEOUT, READ_BUFFER};

/// Requests open at once on one HTTP/2 connection.
const MAX_STREAMS: u32 = 32;

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

    let (listener, signal) = support::listen(settings.bind, "/callback").await?;
    let address = listener
        .local_addr()
        .map_err(|error| format!("cannot read the bound address: {error}"))?;
    eprintln!("gRPC-web health check at http://{address}/grpc.health.v1.Health/Check");

    let shutdown = async move {
        let signal = signal.await;
        reporter
            .set_service_status("", ServingStatus::NotServing)
            .await;
        signal
    };
    let service = TowerToHyperService::new(app);
    support::serve(listener, service, Http1AndH2c::new(), shutdown).await;

    // The only senders were in the router, dropped with the connections: the printer ends
    // once it has printed what is queued, or the process exits without it.
    support::drain(printer).await
}

/// HTTP/1.1 and HTTP/2 with prior knowledge (h2c), told apart by a connection's first bytes:
/// gRPC clients beside gRPC-web browsers and Tencent's callbacks. HTTP/1 has the limits of
/// `support::Http1`; HTTP/2 at most [`MAX_STREAMS`] requests open on a connection, and
/// flow-control windows of `support::READ_BUFFER`.
struct Http1AndH2c(auto::Builder<TokioExecutor>);

impl Http1AndH2c {
    fn new() -> Http1AndH2c {
        let mut builder = auto::Builder::new(TokioExecutor::new());
        builder
            .http1()
            .timer(TokioTimer::new())
            .header_read_timeout(HEADER_TIMEOUT)
            .max_buf_size(READ_BUFFER);
        let window = READ_BUFFER as u32;
        builder
            .http2()
            .max_concurrent_streams(MAX_STREAMS)
            .initial_stream_window_size(window)
            .initial_connection_window_size(window);
        Http1AndH2c(builder)
    }
}

impl Protocol for Http1AndH2c {
    fn serve_connection<S, B>(
        &self,
        io: TokioIo<TcpStream>,
        service: S,
    ) -> impl GracefulConnection<Error: Into<BoxError> + Send> + Send
    where
        S: hyper::service::Service<Request<Incoming>, Response = Response<B>, Error = Infallible>
            + Clone
            + Send
            + 'static,
        S::Future: Send + 'static,
        B: http_body::Body<Data = Bytes> + Send + 'static,
        B::Error: Into<BoxError>,
    {
        self.0.serve_connection(io, service)
    }
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
