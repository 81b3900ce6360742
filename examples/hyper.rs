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
//! `service_fn` that routes by path; `support::serve` bounds each request's time and the
//! connections and requests open at once. Ctrl-C or SIGTERM stops the server gracefully,
//! within bounded time.

use std::convert::Infallible;
use std::process::ExitCode;

use bytes::Bytes;
use http::{Request, Response, StatusCode};
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Empty};
use hyper::body::Incoming;
use hyper::service::service_fn;
use tencent_im_callback::{handler_fn, Callback, Event};
use tokio::net::TcpListener;
use tower::{Layer, Service, ServiceExt};

mod support;

use support::{shutdown_signal, Protocols, Settings};

const PATH: &str = "/callback";
/// Every response body, boxed: the layer's, or our 404.
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
    let (queue, printer) = support::work_queue()?;
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

    let service = service_fn(move |request| respond(endpoint.clone(), request));
    support::serve(listener, service, Protocols::Http1, shutdown).await;

    // The only senders were in the handler, dropped with the connections: the printer ends
    // once it has printed what is queued, or the process exits without it.
    support::drain(printer).await
}

/// Sends `/callback` to the endpoint; any other path is a 404.
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
    Ok(endpoint.oneshot(request).await?.map(BodyExt::boxed))
}
