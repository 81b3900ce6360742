//! Serving callbacks: the layer that logs refusals, the background queue that prints one JSON
//! line per callback, serving with timeouts and limits until a graceful shutdown that always
//! ends, and the shutdown signal.
//!
//! This is the one implementation of `tim-callback serve` and of the serving examples
//! (`server`, `hyper`, `tonic_web`), which include it through `examples/support/mod.rs`. It
//! uses only what the `cli` feature brings (hyper's HTTP/1 server, no HTTP/2); the
//! `tonic_web` example adds HTTP/2 with a [`Protocol`] of its own.

use std::convert::Infallible;
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
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulConnection;
use tencent_im_callback::response::ReplyBody;
use tencent_im_callback::{handler_fn, Callback, CallbackLayer, Event, IntoReply, Reply};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, oneshot, watch, OwnedSemaphorePermit, Semaphore};
use tower_layer::Layer;
use tower_service::Service;

/// The boxed error of bodies and connections, as in hyper.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Callbacks waiting for the background task.
const QUEUE_CAPACITY: usize = 1024;
/// How long a callback may wait for room in a full queue: well inside Tencent's 2 seconds.
const QUEUE_WAIT: Duration = Duration::from_secs(1);
/// Callbacks written between two flushes of stdout, at most.
const BATCH: u64 = 64;

/// The layer for one app, checking signatures with `token` when there is one (and saying so
/// explicitly when there is none). It logs why each refused request was refused, then answers
/// as the crate does by default.
pub fn logging_layer(
    sdk_app_id: u64,
    token: Option<&str>,
) -> Result<CallbackLayer, tencent_im_callback::layer::ConfigError> {
    let layer = CallbackLayer::builder()
        .sdk_app_id(sdk_app_id)
        .rejection_response(|rejection| {
            eprintln!("refused ({}): {rejection}", rejection.status().as_u16());
            rejection.to_response()
        });
    match token {
        Some(token) => layer.token(token),
        None => layer.unsigned(),
    }
    .build()
}

/// Registers the shutdown signals, then listens on `bind` and says so on stderr:
/// `listening on http://ADDRESS/PATH`. The signals are watched before the port opens, so a
/// signal sent as soon as the server listens is already a graceful stop.
pub async fn listen(
    bind: SocketAddr,
    path: &str,
) -> Result<(TcpListener, impl Future<Output = &'static str>), String> {
    let shutdown = shutdown_signal().map_err(|error| format!("cannot watch signals: {error}"))?;
    let listener = TcpListener::bind(bind)
        .await
        .map_err(|error| format!("cannot listen on {bind}: {error}"))?;
    let address = listener
        .local_addr()
        .map_err(|error| format!("cannot read the bound address: {error}"))?;
    eprintln!("listening on http://{address}{path}");
    Ok((listener, shutdown))
}

/// Serves `layer` on `bind` at `path` over HTTP/1.1 until Ctrl-C or SIGTERM: each accepted
/// callback is queued and written to stdout as one JSON line by a background thread, any other
/// path is a 404. `tim-callback serve` and the `hyper` example are this function.
pub async fn run(layer: CallbackLayer, bind: SocketAddr, path: String) -> Result<(), String> {
    let (queue, printer) = work_queue()?;
    let (listener, shutdown) = listen(bind, &path).await?;
    serve(
        listener,
        endpoint(layer, queue, path),
        Http1::new(),
        shutdown,
    )
    .await;
    // The only senders were in the endpoint, dropped with the connections: the printer ends
    // once it has printed what is queued, or the process exits without it.
    drain(printer).await
}

/// Every response body of [`endpoint`], boxed: the layer's, or a 404's.
type EndpointBody = BoxBody<Bytes, Infallible>;

/// `CallbackLayer` around a handler that only queues the callback and replies at once, adapted
/// to hyper with a `service_fn` that routes by path: `path` reaches the layer, any other
/// path is a 404.
pub fn endpoint(
    layer: CallbackLayer,
    queue: Queue,
    path: String,
) -> impl hyper::service::Service<
    Request<Incoming>,
    Response = Response<EndpointBody>,
    Error = Infallible,
    Future = impl Future<Output = Result<Response<EndpointBody>, Infallible>> + Send,
> + Clone
       + Send
       + 'static {
    let callbacks = layer.layer(handler_fn(move |callback: Callback<Event>| {
        enqueue(queue.clone(), callback)
    }));
    let path: Arc<str> = path.into();
    service_fn(move |request: Request<Incoming>| {
        let mut callbacks = callbacks.clone();
        let path = Arc::clone(&path);
        async move {
            if request.uri().path() != &*path {
                let mut response = Response::new(Empty::new().boxed());
                *response.status_mut() = StatusCode::NOT_FOUND;
                return Ok(response);
            }
            let ready = std::future::poll_fn(|context| {
                Service::<Request<Incoming>>::poll_ready(&mut callbacks, context)
            })
            .await;
            let response = match ready {
                Ok(()) => callbacks.call(request).await,
                Err(never) => match never {},
            };
            match response {
                Ok(response) => Ok(response.map(BodyExt::boxed)),
                Err(never) => match never {},
            }
        }
    })
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
    // Detached, a queued callback holds its own bytes, not its connection's read buffer.
    match tokio::time::timeout(QUEUE_WAIT, queue.sender.send(callback.detach())).await {
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
/// HTTP/1 read buffer (which also bounds a request head), and what a [`Protocol`] that adds
/// HTTP/2 gives its flow-control windows.
pub const READ_BUFFER: usize = 64 * 1024;

/// How a server speaks on each connection. [`Http1`] is all Tencent's callbacks need; the
/// `tonic_web` example implements it for hyper-util's automatic builder, to add HTTP/2 for
/// gRPC clients.
pub trait Protocol: Send + Sync + 'static {
    /// Serves one connection with `service` until it ends or, once shut down gracefully, its
    /// requests in flight are answered.
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
        B::Error: Into<BoxError>;
}

/// HTTP/1.1 only, as Tencent sends callbacks: request heads are read within
/// [`HEADER_TIMEOUT`], and a connection buffers at most [`READ_BUFFER`].
pub struct Http1(http1::Builder);

impl Http1 {
    /// hyper's HTTP/1 connection builder with these limits.
    pub fn new() -> Http1 {
        let mut builder = http1::Builder::new();
        builder
            .timer(TokioTimer::new())
            .header_read_timeout(HEADER_TIMEOUT)
            .max_buf_size(READ_BUFFER);
        Http1(builder)
    }
}

impl Default for Http1 {
    fn default() -> Http1 {
        Http1::new()
    }
}

impl Protocol for Http1 {
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
    protocol: impl Protocol,
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
    let protocol = Arc::new(protocol);
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
            Arc::clone(&protocol),
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
    protocol: Arc<impl Protocol>,
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
    let connection = protocol.serve_connection(TokioIo::new(stream), service);
    tokio::pin!(connection);
    let stopped = async {
        // This fails only once `serve` has returned and dropped the sender: a stop as well.
        let _ = stopping.wait_for(|&stop| stop).await;
    };
    tokio::pin!(stopped);
    tokio::select! {
        result = connection.as_mut() => return result.map_err(Into::into),
        () = activity.idle(HEADER_TIMEOUT) => {
            connection.as_mut().graceful_shutdown();
            tokio::select! {
                result = connection.as_mut() => return result.map_err(Into::into),
                () = &mut stopped => {}
            }
        }
        () = &mut stopped => connection.as_mut().graceful_shutdown(),
    }
    match tokio::time::timeout(GRACE, connection).await {
        Ok(result) => result.map_err(Into::into),
        Err(_) => Ok(()),
    }
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
