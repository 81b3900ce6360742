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
//! OK at once; a background thread does the work (here, printing). Ctrl-C or SIGTERM stops the
//! server gracefully, within bounded time: if stdout blocks and the queue cannot be written
//! out in time, it exits with an error saying how many acknowledged callbacks were not
//! written. Timeouts and limits on connections, requests and bodies are in `support::serve`
//! (the serving code of `tim-callback serve`). Try it with `tim-callback simulate`, or
//! `cargo run --features cli -- simulate` in this repository.

use std::process::ExitCode;

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::Router;
use hyper_util::service::TowerToHyperService;
use tencent_im_callback::{Callback, Event, Reply};

mod support;

use support::{Http1, Queue, Settings};

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
    let (queue, printer) = support::work_queue()?;

    let app = Router::new()
        .route("/callback", post(on_callback))
        // `route_layer`: the layer guards `/callback` only; other paths stay plain 404s.
        .route_layer(layer)
        .with_state(queue);

    let (listener, shutdown) = support::listen(settings.bind, "/callback").await?;
    // `axum::serve` has no knob for a header timeout, a request deadline or connection limits,
    // so the router is served with hyper's builder directly.
    let service = TowerToHyperService::new(app);
    support::serve(listener, service, Http1::new(), shutdown).await;

    // The only senders were in the router, dropped with the connections: the printer ends
    // once it has printed what is queued, or the process exits without it.
    support::drain(printer).await
}

/// Queues the callback for the background task and replies at once.
async fn on_callback(State(queue): State<Queue>, callback: Callback<Event>) -> (StatusCode, Reply) {
    support::enqueue(queue, callback).await
}
