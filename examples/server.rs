//! The quick start: receive Tencent callbacks with axum.
//!
//! ```text
//! TIM_SDKAPPID=1400000000 TIM_CALLBACK_TOKEN=console-token TIM_BIND=127.0.0.1:8080 \
//!     cargo run --example server --features axum
//! ```
//!
//! Environment:
//!
//! - `TIM_SDKAPPID`: your app's SDKAppID (default `1400000000`, a demo value);
//! - `TIM_CALLBACK_TOKEN`: the callback-authentication token set in Tencent's console; when it
//!   is unset, callbacks need no signature;
//! - `TIM_BIND`: the address to listen on (default `127.0.0.1:8080`).
//!
//! The endpoint is `POST /callback`. Each accepted callback is written to stdout as one JSON
//! line, `{"sdk_app_id","command","client_ip","platform","event"}`; logs go to stderr.
//! Tencent waits 2 seconds for the reply, so the handler only queues the callback and replies
//! OK at once; a background task does the work (here, printing). Ctrl-C or SIGTERM stops the
//! server gracefully. Try it with `cargo run --example simulate --features test-util`.

use std::future::Future;
use std::process::ExitCode;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tencent_im_callback::{Callback, Event, Reply};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

mod support;

use support::{shutdown_signal, Settings};

/// How long a client may take to send a request's headers; this also closes idle
/// keep-alive connections.
const HEADER_TIMEOUT: Duration = Duration::from_secs(5);
/// How long one request may take from its headers to the reply, reading the body included:
/// a body trickled in byte by byte cannot hold a connection longer than this.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// How long shutdown waits for requests in flight and for the queue to drain.
const GRACE: Duration = Duration::from_secs(10);

type Queue = mpsc::Sender<Callback<Event>>;

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("server: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), String> {
    let settings = Settings::from_env()?;
    let layer = settings.layer()?;
    let (queue, printer) = support::work_queue();

    let app = Router::new()
        .route("/callback", post(on_callback))
        // `route_layer`: the layer guards `/callback` only; other paths stay plain 404s.
        .route_layer(layer)
        .layer(middleware::from_fn(request_deadline))
        .with_state(queue);

    // Registered before the port opens, so a signal sent as soon as the server listens is
    // already a graceful stop.
    let shutdown = shutdown_signal().map_err(|error| format!("cannot watch signals: {error}"))?;
    let listener = TcpListener::bind(settings.bind)
        .await
        .map_err(|error| format!("cannot listen on {}: {error}", settings.bind))?;
    let address = listener
        .local_addr()
        .map_err(|error| format!("cannot read the bound address: {error}"))?;
    eprintln!("listening on http://{address}/callback");

    serve(listener, app, shutdown).await;

    // The only senders were in the router, dropped with the connections: the printer ends
    // once it has printed what is queued.
    match tokio::time::timeout(GRACE, printer).await {
        Ok(Ok(())) => eprintln!("stopped"),
        Ok(Err(error)) => return Err(format!("the printer task failed: {error}")),
        Err(_) => return Err(format!("the queue was not drained within {GRACE:?}")),
    }
    Ok(())
}

/// Queues the callback for the background task and replies at once.
async fn on_callback(State(queue): State<Queue>, callback: Callback<Event>) -> (StatusCode, Reply) {
    support::enqueue(queue, callback).await
}

/// Answers 408 when a request, body included, takes longer than [`REQUEST_TIMEOUT`].
async fn request_deadline(request: Request, next: Next) -> Response {
    match tokio::time::timeout(REQUEST_TIMEOUT, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            eprintln!("a request took longer than {REQUEST_TIMEOUT:?}: answered 408");
            let reply = Reply::fail(40801, "the request was not received in time");
            (StatusCode::REQUEST_TIMEOUT, reply).into_response()
        }
    }
}

/// Serves HTTP/1.1 until `shutdown` resolves, then lets requests in flight finish.
///
/// `axum::serve` has no knob for a header timeout, so connections are served with hyper's
/// HTTP/1 builder directly: with a timer and `header_read_timeout`, a client that sends its
/// headers slowly, or keeps an idle connection open, is disconnected. Slow bodies are
/// handled by `request_deadline`.
async fn serve(listener: TcpListener, app: Router, shutdown: impl Future<Output = &'static str>) {
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT);
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Such as too many open files: wait a little rather than spin.
                    eprintln!("accept failed: {error}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            signal = &mut shutdown => {
                eprintln!("{signal}: shutting down");
                break;
            }
        };
        let service = TowerToHyperService::new(app.clone());
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                eprintln!("connection from {peer}: {error}");
            }
        });
    }
    drop(listener);
    drop(app);
    if tokio::time::timeout(GRACE, graceful.shutdown())
        .await
        .is_err()
    {
        eprintln!("some connections were still open after {GRACE:?}");
    }
}
