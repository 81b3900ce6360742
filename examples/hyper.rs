//! The `server` example's endpoint on plain hyper 1 and hyper-util, without axum.
//!
//! ```text
//! TIM_SDKAPPID=1400000000 TIM_CALLBACK_TOKEN=console-token TIM_BIND=127.0.0.1:8080 \
//!     cargo run --example hyper
//! ```
//!
//! Same environment (`TIM_SDKAPPID`, default `1400000000`, a demo value;
//! `TIM_CALLBACK_TOKEN`, unset: no signature required; `TIM_BIND`, default `127.0.0.1:8080`),
//! same endpoint (`POST /callback`), same output: one JSON line per accepted callback on stdout,
//! logs on stderr. The service is `CallbackLayer` around `handler_fn`, adapted to hyper with a
//! `service_fn` that routes by path and bounds each request's time. Ctrl-C or SIGTERM stops the
//! server gracefully.

use std::convert::Infallible;
use std::env::VarError;
use std::future::Future;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use bytes::Bytes;
use http::{Request, Response, StatusCode};
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Empty};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tencent_im_callback::{
    handler_fn, Callback, CallbackLayer, ConfigError, Event, IntoReply, Reply,
};
use tokio::io::{AsyncWriteExt, BufWriter};
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tower::{Layer, Service, ServiceExt};

const DEMO_APP_ID: u64 = 1400000000;
const DEFAULT_BIND: &str = "127.0.0.1:8080";
const PATH: &str = "/callback";
/// Callbacks waiting for the background task.
const QUEUE_CAPACITY: usize = 1024;
/// How long a callback may wait for room in a full queue: well inside Tencent's 2 seconds.
const QUEUE_WAIT: Duration = Duration::from_secs(1);
/// How long a client may take to send a request's headers (idle keep-alive included).
const HEADER_TIMEOUT: Duration = Duration::from_secs(5);
/// How long one request may take from its headers to the reply, reading the body included.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// How long shutdown waits for requests in flight and for the queue to drain.
const GRACE: Duration = Duration::from_secs(10);

/// Every response body, boxed: the layer's, or one of ours (404, 408).
type Body = BoxBody<Bytes, Infallible>;

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("hyper: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), String> {
    let settings = Settings::from_env()?;
    let mut layer = CallbackLayer::builder()
        .app_id(settings.app_id)
        .rejection_response(|rejection| {
            eprintln!("refused ({}): {rejection}", rejection.status().as_u16());
            rejection.to_response()
        });
    if let Some(token) = settings.token {
        layer = layer.token(token);
    }
    let layer = layer.build().map_err(|error| match error {
        ConfigError::Token { error, .. } => format!("TIM_CALLBACK_TOKEN: {error}"),
        other => other.to_string(),
    })?;

    let (queue, callbacks) = mpsc::channel(QUEUE_CAPACITY);
    let printer = tokio::spawn(print_callbacks(callbacks));
    // The handler only queues the callback and replies at once.
    let endpoint = layer.layer(handler_fn(move |callback: Callback<Event>| {
        enqueue(queue.clone(), callback)
    }));

    let shutdown = shutdown_signal().map_err(|error| format!("cannot watch signals: {error}"))?;
    let listener = TcpListener::bind(settings.bind)
        .await
        .map_err(|error| format!("cannot listen on {}: {error}", settings.bind))?;
    let address = listener
        .local_addr()
        .map_err(|error| format!("cannot read the bound address: {error}"))?;
    eprintln!("listening on http://{address}{PATH}");

    // With a timer, `header_read_timeout` disconnects clients that send headers slowly or
    // keep idle connections open; `REQUEST_TIMEOUT` below covers slow bodies.
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
        let endpoint = endpoint.clone();
        let service = service_fn(move |request| respond(endpoint.clone(), request));
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                eprintln!("connection from {peer}: {error}");
            }
        });
    }
    drop(listener);
    drop(endpoint);
    if tokio::time::timeout(GRACE, graceful.shutdown())
        .await
        .is_err()
    {
        eprintln!("some connections were still open after {GRACE:?}");
    }

    match tokio::time::timeout(GRACE, printer).await {
        Ok(Ok(())) => eprintln!("stopped"),
        Ok(Err(error)) => return Err(format!("the printer task failed: {error}")),
        Err(_) => return Err(format!("the queue was not drained within {GRACE:?}")),
    }
    Ok(())
}

/// Sends `/callback` to the endpoint, within [`REQUEST_TIMEOUT`]; any other path is a 404.
async fn respond<S, B>(
    endpoint: S,
    request: Request<Incoming>,
) -> Result<Response<Body>, Infallible>
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
        Err(_) => {
            eprintln!("a request took longer than {REQUEST_TIMEOUT:?}: answered 408");
            let reply = Reply::fail(40801, "the request was not received in time");
            let response = (StatusCode::REQUEST_TIMEOUT, reply).into_http_response();
            Ok(response.map(BodyExt::boxed))
        }
    }
}

/// Hands the callback to the background task. A full queue gets a moment to make room (well
/// inside Tencent's 2 seconds); if it stays full the callback is refused with FAIL rather
/// than dropped silently, so it shows up as failed in Tencent's console.
async fn enqueue(
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

/// The background work: one JSON line per callback on stdout, flushed whenever the queue
/// runs empty.
async fn print_callbacks(mut callbacks: mpsc::Receiver<Callback<Event>>) {
    let mut stdout = BufWriter::new(tokio::io::stdout());
    while let Some(callback) = callbacks.recv().await {
        let mut line = match serde_json::to_string(&callback) {
            Ok(line) => line,
            Err(error) => {
                eprintln!("cannot serialise {}: {error}", callback.command());
                continue;
            }
        };
        line.push('\n');
        let mut written = stdout.write_all(line.as_bytes()).await;
        if written.is_ok() && callbacks.is_empty() {
            written = stdout.flush().await;
        }
        if let Err(error) = written {
            eprintln!("cannot write to stdout: {error}");
            return;
        }
    }
    if let Err(error) = stdout.flush().await {
        eprintln!("cannot write to stdout: {error}");
    }
}

/// Resolves with the signal's name on Ctrl-C (SIGINT) or SIGTERM.
#[cfg(unix)]
fn shutdown_signal() -> std::io::Result<impl Future<Output = &'static str>> {
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
fn shutdown_signal() -> std::io::Result<impl Future<Output = &'static str>> {
    Ok(async {
        match tokio::signal::ctrl_c().await {
            Ok(()) => "Ctrl-C",
            Err(_) => std::future::pending().await,
        }
    })
}

/// The settings read from the environment.
struct Settings {
    app_id: u64,
    token: Option<String>,
    bind: SocketAddr,
}

impl Settings {
    fn from_env() -> Result<Settings, String> {
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
}

/// An environment variable: `None` when unset, an error when it is not UTF-8.
fn env(name: &str) -> Result<Option<String>, String> {
    match std::env::var(name) {
        Ok(value) => Ok(Some(value)),
        Err(VarError::NotPresent) => Ok(None),
        Err(VarError::NotUnicode(_)) => Err(format!("{name} is not valid UTF-8")),
    }
}
