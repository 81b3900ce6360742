//! Answering TUILiveKit's gift before-callback (`Live.CallbackBeforeSendGift`) within its
//! budget: check the sender's balance in memory, debit and allow, or refuse with a code
//! Tencent passes on to the sender.
//!
//! ```text
//! TIM_SDKAPPID=1400000000 TIM_CALLBACK_TOKEN=console-token TIM_BIND=127.0.0.1:8080 \
//! GIFT_BALANCES=alice=5000,bob=20 cargo run --example gifts
//! ```
//!
//! Environment: `TIM_SDKAPPID` (default `1400000000`, a demo value), `TIM_CALLBACK_TOKEN`
//! (unset: no signature required), `TIM_BIND` (default `127.0.0.1:8080`), and
//! `GIFT_BALANCES`, the coins of each user as `user=coins,…` (unset: a demo set in which
//! `from`, the sender of Tencent's sample, has 5000).
//!
//! Tencent gives the gift callback **2 seconds** and fails closed: without a usable reply in
//! time the gift is blocked (unless non-blocking mode is configured). So the handler decides
//! from memory and replies at once — `ErrorCode` 0 after debiting the sender, or 102101 (not
//! enough coins), 102102 (unknown sender), 102103 (no sender or no price) — and everything
//! else happens in the background: here, one JSON line per decision on stdout,
//! `{"room","from","to","gift","count","cost","decision","code","balance"}`, written by a
//! worker thread so a slow stdout never delays a reply. A real service would also record the
//! debit durably there; if it must ask a remote wallet, bound that call well inside the 2
//! seconds and decide what a timeout means.
//!
//! The endpoint is `POST /callback`; other LiveKit callbacks are answered OK. Logs go to
//! stderr, starting with `listening on http://ADDR/callback`. Ctrl-C or SIGTERM stops the
//! server gracefully. Try it with
//! `cargo run --example simulate --features test-util -- --url URL Live`.

use std::process::ExitCode;
use std::time::Duration;

use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;

mod gift_shop;
mod support;

use support::{shutdown_signal, Settings};

/// How long shutdown waits for the printer to write the last decisions.
const DRAIN: Duration = Duration::from_secs(10);

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("gifts: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), String> {
    let settings = Settings::from_env()?;
    let wallet = gift_shop::Wallet::from_env()?;
    let (lines, printer) = gift_shop::printer();
    let app = gift_shop::app(settings.layer()?, wallet, lines);

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

    support::serve(
        listener,
        TowerToHyperService::new(app),
        support::Http1::new(),
        shutdown,
    )
    .await;

    // The app, and with it every sender of decision lines, is gone: the printer ends once it
    // has written what is queued.
    match tokio::time::timeout(DRAIN, printer).await {
        Ok(Ok(())) => {
            eprintln!("stopped");
            Ok(())
        }
        Ok(Err(error)) => Err(format!("the printer failed: {error}")),
        Err(_) => Err(format!("the decisions were not printed within {DRAIN:?}")),
    }
}
