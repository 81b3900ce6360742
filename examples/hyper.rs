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
use tencent_im_callback::{handler_fn, Callback, Event, IntoReply, Reply};
use tokio::net::TcpListener;
use tower::{Layer, Service, ServiceExt};

mod support;

use support::{shutdown_signal, Settings};

const PATH: &str = "/callback";
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
    let layer = settings.layer()?;
    let (queue, printer) = support::work_queue();
    // The handler only queues the callback and replies at once.
    let endpoint = layer.layer(handler_fn(move |callback: Callback<Event>| {
        support::enqueue(queue.clone(), callback)
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
