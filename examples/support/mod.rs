//! What the server examples share: settings from the environment, the layer built from them,
//! the background queue that prints one JSON line per callback, serving HTTP/1.1 with
//! timeouts until a graceful shutdown, and the shutdown signal.
// Each example uses a part of this module.
#![allow(dead_code)]

use std::convert::Infallible;
use std::env::VarError;
use std::future::Future;
use std::io::{BufWriter, Write};
use std::net::SocketAddr;
use std::time::Duration;

use bytes::Bytes;
use http::{Request, Response, StatusCode};
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Empty};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tencent_im_callback::{Callback, CallbackLayer, ConfigError, Event, IntoReply, Reply};
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tower::{Service, ServiceExt};

const DEMO_APP_ID: u64 = 1400000000;
const DEFAULT_BIND: &str = "127.0.0.1:8080";
/// Callbacks waiting for the background task.
const QUEUE_CAPACITY: usize = 1024;
/// How long a callback may wait for room in a full queue: well inside Tencent's 2 seconds.
const QUEUE_WAIT: Duration = Duration::from_secs(1);

/// The settings read from the environment: `TIM_SDKAPPID` (default `1400000000`, a demo
/// value), `TIM_CALLBACK_TOKEN` (unset: no signature required), `TIM_BIND` (default
/// `127.0.0.1:8080`).
pub struct Settings {
    pub app_id: u64,
    pub token: Option<String>,
    pub bind: SocketAddr,
}

impl Settings {
    pub fn from_env() -> Result<Settings, String> {
        let app_id = match env("TIM_SDKAPPID")? {
            Some(text) => text.trim().parse().map_err(|_| {
                format!("TIM_SDKAPPID must be a number such as 1400000000, not {text:?}")
            })?,
            None => {
                eprintln!(
                    "TIM_SDKAPPID is not set: using the demo value {DEMO_APP_ID}; \
                     set it to your app's SDKAppID"
                );
                DEMO_APP_ID
            }
        };
        let token = env("TIM_CALLBACK_TOKEN")?;
        if token.is_none() {
            eprintln!("TIM_CALLBACK_TOKEN is not set: callbacks are accepted without a signature");
        }
        let bind = env("TIM_BIND")?.unwrap_or_else(|| DEFAULT_BIND.to_owned());
        let bind = bind.parse().map_err(|_| {
            format!("TIM_BIND must be an address and port such as {DEFAULT_BIND}, not {bind:?}")
        })?;
        Ok(Settings {
            app_id,
            token,
            bind,
        })
    }

    /// The layer for these settings; it logs why each refused request was refused, then
    /// answers as the crate does by default.
    pub fn layer(&self) -> Result<CallbackLayer, String> {
        let mut layer = CallbackLayer::builder()
            .app_id(self.app_id)
            .rejection_response(|rejection| {
                eprintln!("refused ({}): {rejection}", rejection.status().as_u16());
                rejection.to_response()
            });
        if let Some(token) = &self.token {
            layer = layer.token(token);
        }
        layer.build().map_err(|error| match error {
            ConfigError::Token { error, .. } => format!("TIM_CALLBACK_TOKEN: {error}"),
            other => other.to_string(),
        })
    }
}

/// An environment variable: `None` when unset, an error when it is not UTF-8.
fn env(name: &str) -> Result<Option<String>, String> {
    match std::env::var(name) {
        Ok(value) => Ok(Some(value)),
        Err(VarError::NotPresent) => Ok(None),
        Err(VarError::NotUnicode(_)) => Err(format!("{name} is not valid UTF-8")),
    }
}

/// The queue handlers put callbacks in, and the background worker that prints them. The
/// worker is a thread of its own: writing to stdout blocks, and it writes in batches,
/// flushing whenever the queue runs empty.
pub fn work_queue() -> (mpsc::Sender<Callback<Event>>, JoinHandle<()>) {
    let (queue, callbacks) = mpsc::channel(QUEUE_CAPACITY);
    (
        queue,
        tokio::task::spawn_blocking(move || print_callbacks(callbacks)),
    )
}

/// Hands the callback to the background task and replies at once. A full queue gets a moment
/// to make room; if it stays full the callback is refused with FAIL rather than dropped
/// silently, so that it shows up as failed in Tencent's console.
pub async fn enqueue(
    queue: mpsc::Sender<Callback<Event>>,
    callback: Callback<Event>,
) -> (StatusCode, Reply) {
    match tokio::time::timeout(QUEUE_WAIT, queue.send(callback)).await {
        Ok(Ok(())) => (StatusCode::OK, Reply::ok()),
        Ok(Err(_)) | Err(_) => {
            eprintln!("the work queue is full or closed: refused a callback");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Reply::fail(50301, "busy: the work queue is full"),
            )
        }
    }
}

/// The background work: one JSON line per callback on stdout. Blocks; ends when every
/// sender is gone and the queue is drained.
fn print_callbacks(mut callbacks: mpsc::Receiver<Callback<Event>>) {
    let mut stdout = BufWriter::new(std::io::stdout().lock());
    while let Some(first) = callbacks.blocking_recv() {
        let mut next = Some(first);
        while let Some(callback) = next {
            if let Err(error) = write_line(&mut stdout, &callback) {
                eprintln!("cannot write to stdout: {error}");
                return;
            }
            next = callbacks.try_recv().ok();
        }
        if let Err(error) = stdout.flush() {
            eprintln!("cannot write to stdout: {error}");
            return;
        }
    }
}

/// A callback serialises without error (strings, numbers and raw JSON), so any failure here
/// is the output's.
fn write_line(out: &mut impl Write, callback: &Callback<Event>) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, callback).map_err(std::io::Error::from)?;
    out.write_all(b"\n")
}

/// Resolves with the signal's name on Ctrl-C (SIGINT) or SIGTERM.
#[cfg(unix)]
pub fn shutdown_signal() -> std::io::Result<impl Future<Output = &'static str>> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => "Ctrl-C",
            _ = terminate.recv() => "SIGTERM",
        }
    })
}

/// Resolves on Ctrl-C.
#[cfg(not(unix))]
pub fn shutdown_signal() -> std::io::Result<impl Future<Output = &'static str>> {
    Ok(async {
        match tokio::signal::ctrl_c().await {
            Ok(()) => "Ctrl-C",
            Err(_) => std::future::pending().await,
        }
    })
}

/// How long a client may take to send a request's headers; this also closes idle
/// keep-alive connections.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(5);
/// How long one request may take from its headers to the reply, reading the body included:
/// a body trickled in byte by byte cannot hold a connection longer than this.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// How long shutdown waits for requests in flight and for the queue to drain.
const GRACE: Duration = Duration::from_secs(10);

/// The answer to a request that took longer than [`REQUEST_TIMEOUT`].
pub fn too_slow() -> (StatusCode, Reply) {
    eprintln!("a request took longer than {REQUEST_TIMEOUT:?}: answered 408");
    (
        StatusCode::REQUEST_TIMEOUT,
        Reply::fail(40801, "the request was not received in time"),
    )
}

/// The path the examples serve callbacks on.
pub const PATH: &str = "/callback";
/// Every response body of [`respond`], boxed: the endpoint's, or one of ours (404, 408).
pub type BoxedBody = BoxBody<Bytes, Infallible>;

/// For plain hyper: sends [`PATH`] to the endpoint, within [`REQUEST_TIMEOUT`]; any other path
/// is a 404.
pub async fn respond<S, B>(
    endpoint: S,
    request: Request<Incoming>,
) -> Result<Response<BoxedBody>, Infallible>
where
    S: Service<Request<Incoming>, Response = Response<B>, Error = Infallible>,
    B: http_body::Body<Data = Bytes, Error = Infallible> + Send + Sync + 'static,
{
    if request.uri().path() != PATH {
        let mut response = Response::new(Empty::new().boxed());
        *response.status_mut() = StatusCode::NOT_FOUND;
        return Ok(response);
    }
    match tokio::time::timeout(REQUEST_TIMEOUT, endpoint.oneshot(request)).await {
        Ok(response) => Ok(response?.map(BodyExt::boxed)),
        Err(_) => Ok(too_slow().into_http_response().map(BodyExt::boxed)),
    }
}

/// Serves HTTP/1.1 until `shutdown` resolves, then lets requests in flight finish (for at
/// most [`GRACE`]). With a timer and `header_read_timeout`, a client that sends its headers
/// slowly, or keeps an idle connection open, is disconnected; slow bodies are each
/// example's request timeout's business.
pub async fn serve_http1<S, B>(
    listener: TcpListener,
    service: S,
    shutdown: impl Future<Output = &'static str>,
) where
    S: hyper::service::Service<http::Request<Incoming>, Response = http::Response<B>>
        + Clone
        + Send
        + 'static,
    S::Future: Send + 'static,
    S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    B: http_body::Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
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
        let connection =
            graceful.watch(http.serve_connection(TokioIo::new(stream), service.clone()));
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                eprintln!("connection from {peer}: {error}");
            }
        });
    }
    drop(listener);
    drop(service);
    if tokio::time::timeout(GRACE, graceful.shutdown())
        .await
        .is_err()
    {
        eprintln!("some connections were still open after {GRACE:?}");
    }
}

/// Waits for the printer to write what is queued; it ends once every sender is gone.
pub async fn drain(printer: JoinHandle<()>) -> Result<(), String> {
    match tokio::time::timeout(GRACE, printer).await {
        Ok(Ok(())) => {
            eprintln!("stopped");
            Ok(())
        }
        Ok(Err(error)) => Err(format!("the printer task failed: {error}")),
        Err(_) => Err(format!("the queue was not drained within {GRACE:?}")),
    }
}
