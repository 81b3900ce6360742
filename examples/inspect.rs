//! Shows how the crate judges one callback, for example one copied from an access log.
//!
//! ```text
//! cargo run --example inspect -- [--app-id N]... [--token T]... [--now UNIX_SECONDS] \
//!     [--window SECONDS] 'QUERY_OR_URL' < body.json
//! ```
//!
//! Accepted: exit 0 and one JSON line on stdout. Refused: exit 1 and one line on stderr that
//! starts with `query:`, `app-id:`, `signature:` or `body:`. Usage errors: exit 2.
//! Only the crate's public API is used, exactly as an application would.

use std::io::Read;
use std::process::ExitCode;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use tencent_im_callback::query::CallbackQuery;
use tencent_im_callback::sign::{SignatureVerifier, Token};
use tencent_im_callback::Callback;

const USAGE: &str = "usage: inspect [--app-id N]... [--token T]... [--now UNIX_SECONDS] \
                     [--window SECONDS] 'QUERY_OR_URL' < body";

struct Options {
    app_ids: Vec<u64>,
    verifier: SignatureVerifier,
    now: SystemTime,
    target: String,
}

fn main() -> ExitCode {
    let options = match parse_args(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let mut body = Vec::new();
    if let Err(error) = std::io::stdin().read_to_end(&mut body) {
        eprintln!("cannot read the body from stdin: {error}");
        return ExitCode::from(2);
    }
    match judge(&options, body.into()) {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(reason) => {
            eprintln!("{reason}");
            ExitCode::FAILURE
        }
    }
}

/// The checks in the order the layer makes them; the first failure is the verdict.
fn judge(options: &Options, body: Bytes) -> Result<String, String> {
    let query =
        CallbackQuery::parse(query_of(&options.target)).map_err(|e| format!("query: {e}"))?;
    if !options.app_ids.is_empty() && !options.app_ids.contains(&query.sdk_app_id()) {
        return Err(format!(
            "app-id: SdkAppid {} is not one of the expected app ids",
            query.sdk_app_id()
        ));
    }
    options
        .verifier
        .verify(&query, options.now)
        .map_err(|e| format!("signature: {e}"))?;
    let callback = Callback::from_parts(query, body).map_err(|e| format!("body: {e}"))?;
    serde_json::to_string(&callback).map_err(|e| format!("body: {e}"))
}

/// The query part of a full URL, or the argument itself when it is a bare query.
fn query_of(target: &str) -> &str {
    let query = target.split_once('?').map_or(target, |(_, query)| query);
    query.split_once('#').map_or(query, |(query, _)| query)
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Options, String> {
    let mut app_ids = Vec::new();
    let mut tokens = Vec::new();
    let mut now = SystemTime::now();
    let mut window = None;
    let mut target = None;
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--app-id" => app_ids.push(number(&value("--app-id")?, "--app-id")?),
            "--token" => tokens.push(Token::new(value("--token")?).map_err(|e| e.to_string())?),
            "--now" => now = UNIX_EPOCH + Duration::from_secs(number(&value("--now")?, "--now")?),
            "--window" => window = Some(number(&value("--window")?, "--window")?),
            "-h" | "--help" => return Err("inspect: judge one Tencent callback".to_owned()),
            flag if flag.starts_with("--") => return Err(format!("unknown option {flag}")),
            _ if target.is_some() => return Err("give one query or URL".to_owned()),
            _ => target = Some(arg),
        }
    }
    let mut verifier = if tokens.is_empty() {
        SignatureVerifier::unsigned()
    } else {
        SignatureVerifier::with_tokens(tokens).map_err(|error| error.to_string())?
    };
    if let Some(seconds) = window {
        verifier = verifier.with_window(Duration::from_secs(seconds));
    }
    Ok(Options {
        app_ids,
        verifier,
        now,
        target: target.ok_or("missing the query or URL")?,
    })
}

fn number(text: &str, name: &str) -> Result<u64, String> {
    text.parse()
        .map_err(|_| format!("{name} takes a whole number of seconds or an id, not {text:?}"))
}
