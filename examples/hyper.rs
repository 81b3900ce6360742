//! The `server` example's endpoint on plain hyper 1 and hyper-util, without axum: what
//! `tim-callback serve` runs.
//!
//! ```text
//! TIM_SDKAPPID=1400000000 TIM_CALLBACK_TOKEN=console-token TIM_BIND=127.0.0.1:8080 \
//!     cargo run --example hyper
//! ```
//!
//! Same environment (`TIM_SDKAPPID`, default `1400000000`, a demo value;
//! `TIM_CALLBACK_TOKEN`, unset: no signature required; `TIM_BIND`, default `127.0.0.1:8080`),
//! same endpoint (`POST /callback`), same output: one JSON line per accepted callback on stdout,
//! logs on stderr. The service (`support::endpoint`) is `CallbackLayer` around `handler_fn`,
//! adapted to hyper with a `service_fn` that routes by path; `support::serve` bounds each
//! request's time and the connections and requests open at once. Both are the serving code of
//! `tim-callback serve`, which is this example with flags. Ctrl-C or SIGTERM stops the server
//! gracefully, within bounded time.

use std::process::ExitCode;

mod support;

use support::Settings;

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
    support::run(layer, settings.bind, "/callback".to_owned()).await
}
