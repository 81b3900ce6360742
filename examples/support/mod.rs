//! What the server examples share: settings from the environment, the layer built from them,
//! the background queue that prints one JSON line per callback, serving with timeouts and
//! limits until a graceful shutdown that always ends, and the shutdown signal.
// Each example uses a part of this module.
#![allow(dead_code)]

use std::convert::Infallible;
use std::env::VarError;
use std::future::Future;
use std::io::{self, BufWriter, Write};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::{Request, Response, StatusCode};
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Either, Empty};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use tencent_im_callback::layer::ConfigError;
use tencent_im_callback::response::ReplyBody;
use tencent_im_callback::{Callback, CallbackLayer, Event, IntoReply, Reply};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, oneshot, watch, OwnedSemaphorePermit, Semaphore};
use tower::{Service, ServiceExt};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

const DEMO_APP_ID: u64 = 1400000000;
const DEFAULT_BIND: &str = "127.0.0.1:8080";
/// Callbacks waiting for the background task.
const QUEUE_CAPACITY: usize = 1024;
/// How long a callback may wait for room in a full queue: well inside Tencent's 2 seconds.
const QUEUE_WAIT: Duration = Duration::from_secs(1);
/// Callbacks written between two flushes of stdout, at most.
const BATCH: u64 = 64;

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
            .sdk_app_id(self.app_id)
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

/// The queue handlers put callbacks in; cheap to clone.
#[derive(Clone)]
pub struct Queue {
    sender: mpsc::Sender<Callback<Event>>,
    counts: Arc<Counts>,
}

/// The printer's side: it ends once every [`Queue`] is gone and the queue is drained.
pub struct Printer {
    done: oneshot::Receiver<io::Result<()>>,
    counts: Arc<Counts>,
}

/// Callbacks acknowledged (queued, so answered OK) and callbacks written out, to tell at
/// shutdown how many acknowledged callbacks were lost.
#[derive(Default)]
struct Counts {
    acknowledged: AtomicU64,
    written: AtomicU64,
}

impl Counts {
    fn unwritten(&self) -> u64 {
        let written = self.written.load(Ordering::Relaxed);
        self.acknowledged
            .load(Ordering::Relaxed)
            .saturating_sub(written)
    }
}

/// The queue handlers put callbacks in, and the background worker that prints them. The
/// worker is a plain thread of its own, not a runtime's blocking task: writing to stdout
/// blocks, for ever if its reader stopped (a full pipe, a pager, a log shipper that is down),
/// and the runtime waits for its blocking tasks when it shuts down, so it could not exit.
/// Nothing waits for this thread; [`drain`] gives it a bounded time. It writes in batches,
/// flushing whenever the queue runs empty or a batch is full.
pub fn work_queue() -> Result<(Queue, Printer), String> {
    let (sender, callbacks) = mpsc::channel(QUEUE_CAPACITY);
    let (finished, done) = oneshot::channel();
    let counts = Arc::new(Counts::default());
    let written = Arc::clone(&counts);
    std::thread::Builder::new()
        .name("printer".to_owned())
        .spawn(move || {
            let result = print_callbacks(callbacks, &written);
            if let Err(error) = &result {
                eprintln!("cannot write to stdout: {error}; callbacks are refused from now on");
            }
            // The receiver is gone once `drain` has stopped waiting.
            let _ = finished.send(result);
        })
        .map_err(|error| format!("cannot start the printer thread: {error}"))?;
    let queue = Queue {
        sender,
        counts: Arc::clone(&counts),
    };
    Ok((queue, Printer { done, counts }))
}

/// Hands the callback to the background thread and replies at once. A full queue gets a moment
/// to make room; if it stays full the callback is refused with FAIL rather than dropped
/// silently, so that it shows up as failed in Tencent's console.
pub async fn enqueue(queue: Queue, callback: Callback<Event>) -> (StatusCode, Reply) {
    match tokio::time::timeout(QUEUE_WAIT, queue.sender.send(callback)).await {
        Ok(Ok(())) => {
            queue.counts.acknowledged.fetch_add(1, Ordering::Relaxed);
            (StatusCode::OK, Reply::ok())
        }
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
/// sender is gone and the queue is drained, or when stdout fails. A callback counts as
/// written once the batch it is in is flushed.
fn print_callbacks(
    mut callbacks: mpsc::Receiver<Callback<Event>>,
    counts: &Counts,
) -> io::Result<()> {
    let mut stdout = BufWriter::new(io::stdout().lock());
    while let Some(first) = callbacks.blocking_recv() {
        write_line(&mut stdout, &first)?;
        let mut batch = 1;
        while batch < BATCH {
            let Ok(callback) = callbacks.try_recv() else {
                break;
            };
            write_line(&mut stdout, &callback)?;
            batch += 1;
        }
        stdout.flush()?;
        counts.written.fetch_add(batch, Ordering::Relaxed);
    }
    Ok(())
}

/// A callback serialises without error (strings, numbers and raw JSON), so any failure here
/// is the output's.
fn write_line(out: &mut impl Write, callback: &Callback<Event>) -> io::Result<()> {
    serde_json::to_writer(&mut *out, callback).map_err(io::Error::from)?;
    out.write_all(b"\n")
}

/// Resolves with the signal's name on Ctrl-C (SIGINT) or SIGTERM.
#[cfg(unix)]
pub fn shutdown_signal() -> io::Result<impl Future<Output = &'static str>> {
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
pub fn shutdown_signal() -> io::Result<impl Future<Output = &'static str>> {
    Ok(async {
        match tokio::signal::ctrl_c().await {
            Ok(()) => "Ctrl-C",
            Err(_) => std::future::pending().await,
        }
    })
}

/// How long a client may take to send a request's headers, and how long a connection may
/// stay idle (no request in flight) before it is closed.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(5);
/// How long one request may take from its headers to the reply, reading the body included:
/// a body trickled in byte by byte cannot hold a connection longer than this.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// How long shutdown waits for requests in flight, then again for the queue to drain.
const GRACE: Duration = Duration::from_secs(10);
/// Connections open at once; more wait in the listen backlog. Each is a file descriptor.
pub const MAX_CONNECTIONS: u32 = 256;
/// Requests handled at once, whatever their connections: each may hold a body of up to the
/// layer's limit while it is read, so this bounds the memory bodies take.
pub const MAX_REQUESTS: usize = 64;
/// How long a request waits for one of the [`MAX_REQUESTS`] slots before it is answered 503.
const SLOT_WAIT: Duration = Duration::from_millis(500);
/// What a connection buffers of what it received and nobody has read yet, at most: hyper's
/// HTTP/1 read buffer (which also bounds a request head), the HTTP/2 flow-control windows.
pub const READ_BUFFER: usize = 64 * 1024;
/// Requests open at once on one HTTP/2 connection.
const MAX_STREAMS: u32 = 32;

/// The protocols a server speaks.
#[derive(Clone, Copy)]
pub enum Protocols {
    /// HTTP/1.1 only: Tencent's callbacks.
    Http1,
    /// HTTP/1.1 and HTTP/2 with prior knowledge (h2c), told apart by a connection's first
    /// bytes: gRPC clients beside gRPC-web browsers and Tencent's callbacks.
    Http1AndH2c,
}

/// Serves until `shutdown` resolves, then lets requests in flight finish (for at most
/// [`GRACE`]). Every limit lives here:
///
/// - at most [`MAX_CONNECTIONS`] connections, and [`MAX_REQUESTS`] requests at once, a
///   request waiting at most [`SLOT_WAIT`] for its turn (503 after that);
/// - a request has [`REQUEST_TIMEOUT`] to be read and answered (408 after that);
/// - HTTP/1 request heads are read within [`HEADER_TIMEOUT`] (hyper's `header_read_timeout`),
///   and a connection with no request in flight for as long is closed gracefully: an idle
///   keep-alive connection, an HTTP/2 one, or one that never sent enough to tell its protocol;
/// - what a connection buffers is bounded by [`READ_BUFFER`].
pub async fn serve<S, B>(
    listener: TcpListener,
    service: S,
    protocols: Protocols,
    shutdown: impl Future<Output = &'static str>,
) where
    S: hyper::service::Service<Request<Incoming>, Response = Response<B>, Error = Infallible>
        + Clone
        + Send
        + 'static,
    S::Future: Send + 'static,
    B: http_body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<BoxError>,
{
    let builder = Arc::new(builder(protocols));
    let connections = Arc::new(Semaphore::new(MAX_CONNECTIONS as usize));
    let requests = Arc::new(Semaphore::new(MAX_REQUESTS));
    let (stop, stopping) = watch::channel(false);
    tokio::pin!(shutdown);
    loop {
        let (stream, peer, slot) = tokio::select! {
            accepted = accept(&listener, &connections) => accepted,
            signal = &mut shutdown => {
                eprintln!("{signal}: shutting down");
                break;
            }
        };
        let connection = serve_connection(
            Arc::clone(&builder),
            stream,
            service.clone(),
            Arc::clone(&requests),
            stopping.clone(),
        );
        tokio::spawn(async move {
            // The slot is held until the connection is closed.
            let _slot = slot;
            if let Err(error) = connection.await {
                eprintln!("connection from {peer}: {error}");
            }
        });
    }
    drop(listener);
    stop.send_replace(true);
    // Each open connection holds a slot: once every slot is free, every connection is closed.
    if tokio::time::timeout(GRACE, connections.acquire_many(MAX_CONNECTIONS))
        .await
        .is_err()
    {
        let open = MAX_CONNECTIONS as usize - connections.available_permits();
        eprintln!("{open} connections were still open after {GRACE:?}: cut off");
    }
}

/// The connection builder: hyper's automatic one, for HTTP/1 only or for both protocols.
fn builder(protocols: Protocols) -> auto::Builder<TokioExecutor> {
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT)
        .max_buf_size(READ_BUFFER);
    match protocols {
        Protocols::Http1 => builder.http1_only(),
        Protocols::Http1AndH2c => {
            let window = READ_BUFFER as u32;
            builder
                .http2()
                .max_concurrent_streams(MAX_STREAMS)
                .initial_stream_window_size(window)
                .initial_connection_window_size(window);
            builder
        }
    }
}

/// Waits for a free connection slot, then for a connection. A failure such as too many open
/// files is logged and retried after a pause rather than in a spin.
async fn accept(
    listener: &TcpListener,
    slots: &Arc<Semaphore>,
) -> (TcpStream, SocketAddr, OwnedSemaphorePermit) {
    let slot = Arc::clone(slots)
        .acquire_owned()
        .await
        .expect("the connection slots are never closed");
    loop {
        match listener.accept().await {
            Ok((stream, peer)) => return (stream, peer, slot),
            Err(error) => {
                eprintln!("accept failed: {error}");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    }
}

/// Serves one connection until it ends, it has been idle for [`HEADER_TIMEOUT`] (then it is
/// closed gracefully: a response still being sent is finished), or the server stops (then
/// it is closed gracefully too, but what is in flight gets at most [`GRACE`]).
async fn serve_connection<S, B>(
    builder: Arc<auto::Builder<TokioExecutor>>,
    stream: TcpStream,
    service: S,
    requests: Arc<Semaphore>,
    mut stopping: watch::Receiver<bool>,
) -> Result<(), BoxError>
where
    S: hyper::service::Service<Request<Incoming>, Response = Response<B>, Error = Infallible>
        + Clone
        + Send
        + 'static,
    S::Future: Send + 'static,
    B: http_body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<BoxError>,
{
    let activity = Activity::default();
    let busy = activity.clone();
    let service = service_fn(move |request| {
        let busy = busy.begin();
        let response = within_limits(service.clone(), Arc::clone(&requests), request);
        async move {
            let response = response.await;
            drop(busy);
            response
        }
    });
    let connection = builder.serve_connection(TokioIo::new(stream), service);
    tokio::pin!(connection);
    let stopped = async {
        // This fails only once `serve` has returned and dropped the sender: a stop as well.
        let _ = stopping.wait_for(|&stop| stop).await;
    };
    tokio::pin!(stopped);
    tokio::select! {
        result = connection.as_mut() => return result,
        () = activity.idle(HEADER_TIMEOUT) => {
            connection.as_mut().graceful_shutdown();
            tokio::select! {
                result = connection.as_mut() => return result,
                () = &mut stopped => {}
            }
        }
        () = &mut stopped => connection.as_mut().graceful_shutdown(),
    }
    tokio::time::timeout(GRACE, connection)
        .await
        .unwrap_or(Ok(()))
}

/// One request within the limits: it waits at most [`SLOT_WAIT`] for one of the
/// [`MAX_REQUESTS`] slots (503 after that), then has [`REQUEST_TIMEOUT`] to be read and
/// answered (408 after that). The slot is free again as soon as the answer is ready.
async fn within_limits<S, B>(
    service: S,
    requests: Arc<Semaphore>,
    request: Request<Incoming>,
) -> Result<Response<Either<B, ReplyBody>>, Infallible>
where
    S: hyper::service::Service<Request<Incoming>, Response = Response<B>, Error = Infallible>,
{
    let Ok(Ok(_slot)) = tokio::time::timeout(SLOT_WAIT, requests.acquire()).await else {
        eprintln!("{MAX_REQUESTS} requests are in flight: answered 503");
        let busy = (
            StatusCode::SERVICE_UNAVAILABLE,
            Reply::fail(50302, "busy: too many requests at once"),
        );
        return Ok(busy.into_http_response().map(Either::Right));
    };
    match tokio::time::timeout(REQUEST_TIMEOUT, service.call(request)).await {
        Ok(response) => Ok(response?.map(Either::Left)),
        Err(_) => {
            eprintln!("a request took longer than {REQUEST_TIMEOUT:?}: answered 408");
            let too_slow = (
                StatusCode::REQUEST_TIMEOUT,
                Reply::fail(40801, "the request was not received in time"),
            );
            Ok(too_slow.into_http_response().map(Either::Right))
        }
    }
}

/// A connection's requests in flight, to tell when it is idle.
#[derive(Clone)]
struct Activity(Arc<watch::Sender<usize>>);

/// One request in flight, until dropped.
struct Busy(Activity);

impl Default for Activity {
    fn default() -> Self {
        Activity(Arc::new(watch::Sender::new(0)))
    }
}

impl Activity {
    fn begin(&self) -> Busy {
        self.0.send_modify(|in_flight| *in_flight += 1);
        Busy(self.clone())
    }

    /// Resolves once no request has been in flight for `period`.
    async fn idle(&self, period: Duration) {
        let mut in_flight = self.0.subscribe();
        loop {
            // The sender is `self`'s: neither wait can fail.
            let _ = in_flight.wait_for(|&in_flight| in_flight == 0).await;
            if tokio::time::timeout(period, in_flight.changed())
                .await
                .is_err()
            {
                return;
            }
        }
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        (self.0).0.send_modify(|in_flight| *in_flight -= 1);
    }
}

/// Waits (at most [`GRACE`]) for the printer to write what is queued; it ends once every
/// [`Queue`] is gone. Otherwise says how many acknowledged callbacks were not written; the
/// caller then exits without waiting for the printer any longer.
pub async fn drain(printer: Printer) -> Result<(), String> {
    let outcome = tokio::time::timeout(GRACE, printer.done).await;
    let lost = printer.counts.unwritten();
    match outcome {
        Ok(Ok(Ok(()))) => {
            eprintln!("stopped");
            Ok(())
        }
        Ok(Ok(Err(error))) => Err(format!(
            "stdout failed ({error}): {lost} acknowledged callbacks were not written"
        )),
        Ok(Err(_)) => Err(format!(
            "the printer failed: {lost} acknowledged callbacks were not written"
        )),
        Err(_) => Err(format!(
            "the queue was not drained within {GRACE:?}: \
             {lost} acknowledged callbacks were not written"
        )),
    }
}

/// The path the plain-hyper examples serve callbacks on.
pub const PATH: &str = "/callback";

/// The response body of [`respond`]: the endpoint's, or an empty 404.
pub type Body = BoxBody<Bytes, Infallible>;

/// Sends `/callback` to the endpoint; any other path is a 404.
pub async fn respond<S, B>(
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
    Ok(endpoint.oneshot(request).await?.map(BodyExt::boxed))
}
