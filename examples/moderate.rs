//! A complete moderation endpoint for IM messages: one-to-one and group messages are checked
//! against a word list before Tencent delivers them.
//!
//! ```text
//! TIM_SDKAPPID=1400000000 TIM_CALLBACK_TOKEN=console-token TIM_BIND=127.0.0.1:8080 \
//! TIM_WORDS_FILE=words.txt cargo run --example moderate --all-features
//! ```
//!
//! Configure `C2C.CallbackBeforeSendMsg` and `Group.CallbackBeforeSendMsg` (发单聊消息之前回调,
//! 群内发言之前回调) in Tencent's console to post to `http://HOST/callback`. For each message:
//!
//! - a blocked word in its text: rejected with a custom code (120001 for one-to-one messages,
//!   10100 for groups) and the text "the message contains a blocked word", which the
//!   sender's client receives;
//! - a masked word: each occurrence replaced by one `*` per character, and the rewritten
//!   message delivered;
//! - otherwise: delivered unchanged.
//!
//! Environment: `TIM_SDKAPPID`, `TIM_CALLBACK_TOKEN` and `TIM_BIND` as for the `server`
//! example; `TIM_WORDS_FILE`, the word list (format in `moderate/policy.rs`: one word per
//! line, `#` comments, a `!` prefix or a `[block]` section for blocked words, `[mask]` or no
//! section for masked ones); unset, a small built-in list is used.
//!
//! Each decision is printed on stdout as one JSON line, such as
//! `{"command":"C2C.CallbackBeforeSendMsg","decision":"mask","words":["darn"],"error_code":0,"from":"jared","to":"Jonh"}`
//! (the message text is not printed); logs go to stderr. Every other command is answered OK.
//! If the endpoint is down or slower than 2 seconds, Tencent delivers the message
//! unmoderated — its default for these callbacks. Ctrl-C or SIGTERM stops it. Try it with
//! `cargo run --example simulate --features test-util -- C2C Group`.

use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;

use hyper_util::service::TowerToHyperService;
use serde_json::Value;
use tokio::net::TcpListener;

mod support;

#[path = "moderate/app.rs"]
mod app;
#[path = "moderate/policy.rs"]
mod policy;

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("moderate: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), String> {
    let settings = support::Settings::from_env()?;
    let layer = settings.layer()?;
    let words = policy::WordList::from_env()?;
    eprintln!(
        "moderating with {} blocked and {} masked words",
        words.blocked().len(),
        words.masked().len()
    );
    // `TIM_FAIL_CLOSED=1`: a message the policy could not judge in time (default
    // `TIM_DEADLINE_MS=1500`), or judged with an error or a panic, is refused rather than let
    // through as Tencent would.
    let fail_closed = matches!(
        std::env::var("TIM_FAIL_CLOSED").as_deref(),
        Ok("1" | "true" | "yes")
    );
    let deadline = match std::env::var("TIM_DEADLINE_MS") {
        Ok(text) => text
            .trim()
            .parse()
            .map_err(|_| format!("TIM_DEADLINE_MS must be milliseconds, not {text:?}"))?,
        Err(_) => 1500,
    };
    eprintln!(
        "deadline {deadline} ms; failing {}",
        if fail_closed {
            "closed"
        } else {
            "open, as Tencent does"
        }
    );
    let fallbacks = app::fallbacks(fail_closed, std::time::Duration::from_millis(deadline));
    let app = app::app(layer, Arc::new(words), Arc::new(print_decision), fallbacks);

    // Registered before the port opens, so a signal sent as soon as the server listens is
    // already a graceful stop.
    let shutdown =
        support::shutdown_signal().map_err(|error| format!("cannot watch signals: {error}"))?;
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
    eprintln!("stopped");
    Ok(())
}

/// One JSON line on stdout. A decision line is short and stdout flushes per line, so the
/// write is done in place rather than through a queue.
fn print_decision(line: &Value) {
    let mut out = std::io::stdout().lock();
    if let Err(error) = writeln!(out, "{line}") {
        eprintln!("cannot write to stdout: {error}");
    }
}
