//! `tim-callback serve`: a ready endpoint that verifies callbacks and prints one JSON line per
//! accepted callback, for trying a console configuration or a tunnel.

use std::net::SocketAddr;

use crate::settings::{SigningArgs, DEMO_APP_ID};
use crate::{serving, Failure};

/// Serve a verifying callback endpoint; print one JSON line per accepted callback.
///
/// Each accepted callback is answered OK at once and written to stdout as one line,
/// {"sdk_app_id","command","client_ip","platform","event"}, with the event in Tencent's JSON:
/// the input of `tim-callback replay`. Refusals and other logs go to stderr, starting with
/// `listening on http://ADDRESS/PATH`.
///
/// The endpoint is bounded as the crate's examples are: request heads within 5 s, whole
/// requests within 10 s, 256 connections and 64 requests at once, bodies up to 256 KiB, a queue
/// of 1024 callbacks (503 when it stays full). Ctrl-C or SIGTERM stops it within bounded time;
/// exit 1 if callbacks that were acknowledged could not be written.
#[derive(clap::Args)]
#[command(verbatim_doc_comment, after_help = concat!(
    "Examples:
  TIM_CALLBACK_TOKEN=... tim-callback serve --sdk-app-id 1400000000
  tim-callback serve --token-file token.txt --bind 0.0.0.0:8080 --path /im/callback | tee callbacks.jsonl",
    token_note!(),
    exit_codes!()
))]
pub struct Args {
    /// Accept callbacks of this app (default: 1400000000, the documentation's demo value).
    #[arg(
        verbatim_doc_comment,
        long,
        visible_alias = "app-id",
        env = "TIM_SDKAPPID",
        value_name = "SDKAPPID"
    )]
    sdk_app_id: Option<u64>,
    #[command(flatten)]
    signing: SigningArgs,
    /// The address and port to listen on; port 0 picks a free one.
    #[arg(
        verbatim_doc_comment,
        long,
        env = "TIM_BIND",
        default_value = "127.0.0.1:8080"
    )]
    bind: SocketAddr,
    /// The path Tencent posts to; any other path is answered 404.
    #[arg(verbatim_doc_comment, long, default_value = "/callback")]
    path: String,
}

/// Serves until Ctrl-C or SIGTERM.
pub async fn run(args: Args) -> Result<(), Failure> {
    if !args.path.starts_with('/') || args.path.contains(['?', '#']) {
        return Err(Failure::usage(format!(
            "--path must be a path such as /callback, not {:?}",
            args.path
        )));
    }
    let sdk_app_id = args.sdk_app_id.unwrap_or_else(|| {
        eprintln!(
            "no --sdk-app-id or TIM_SDKAPPID: accepting the demo app {DEMO_APP_ID}; \
             give your app's SDKAppID"
        );
        DEMO_APP_ID
    });
    let token = args.signing.token()?;
    if token.is_none() {
        eprintln!("no token: callbacks are accepted without a signature");
    }
    let layer = serving::logging_layer(sdk_app_id, token.as_ref().map(|token| token.text()))
        .map_err(|error| Failure::usage(error.to_string()))?;
    serving::run(layer, args.bind, args.path)
        .await
        .map_err(Failure::Fatal)
}
