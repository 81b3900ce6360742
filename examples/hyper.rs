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

use std::process::ExitCode;

use hyper::service::service_fn;
use tencent_im_callback::{handler_fn, Callback, Event};
use tokio::net::TcpListener;
use tower::Layer;

mod support;

use support::{shutdown_signal, Protocols, Settings, PATH};

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

    let service = service_fn(move |request| support::respond(endpoint.clone(), request));
    support::serve(listener, service, Protocols::Http1, shutdown).await;

    // The only senders were in the handler, dropped with the connections: the printer ends
    // once it has printed what is queued, or the process exits without it.
    support::drain(printer).await
}
