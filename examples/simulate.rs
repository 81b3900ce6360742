//! A stand-in for Tencent during local development: sends Tencent's sample callbacks to your
//! endpoint, as Tencent would, and checks the replies.
//!
//! ```text
//! cargo run --example simulate --features test-util -- \
//!     [--url http://127.0.0.1:8080/callback] [--app-id N] [--token T] [--wait SECONDS] \
//!     [COMMAND...]
//! ```
//!
//! Each sample (`Room.CallbackAfterCreateRoom`, `C2C.CallbackBeforeSendMsg`, ...; give command
//! words, or products such as `C2C` or `Group`, to send only those) is POSTed to the URL with the query Tencent adds
//! (`SdkAppid`, `CallbackCommand`, `contenttype`, `ClientIP`, `OptPlatform`, and `Sign` with
//! `RequestTime` when `--token` is given). The defaults match the `server` example's: URL
//! `http://127.0.0.1:8080/callback`, app id `1400000000`, no token. Until the server accepts
//! connections, it retries for `--wait` seconds (default 10), so it can be started right after
//! the server.
//!
//! Prints one line per command: the HTTP status and the reply body; for before-callbacks a
//! second line with the decision (`ErrorCode` and its meaning, and whether `MsgBody` and
//! `CloudCustomData` were rewritten). Exit 0 when every reply is HTTP 200 with
//! `"ActionStatus":"OK"`, 1 otherwise, 2 for usage errors.

use std::process::ExitCode;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http::uri::{Scheme, Uri};
use http::StatusCode;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use tencent_im_callback::command::Timing;
use tencent_im_callback::sign::Token;
use tencent_im_callback::test_util::{samples, CallbackRequest};
use tencent_im_callback::{Command, Reply};
use tokio::net::TcpStream;

const USAGE: &str = "usage: simulate [--url URL] [--app-id N] [--token T] [--wait SECONDS] \
                     [COMMAND...]";
const DEFAULT_URL: &str = "http://127.0.0.1:8080/callback";
const DEFAULT_APP_ID: u64 = 1400000000;
const DEFAULT_WAIT: u64 = 10;
/// Tencent gives up after 2 seconds; a slower reply is reported.
const TENCENT_TIMEOUT: Duration = Duration::from_secs(2);
/// How long to wait for one reply before counting it as failed.
const REPLY_TIMEOUT: Duration = Duration::from_secs(10);

struct Options {
    url: Uri,
    app_id: u64,
    token: Option<Token>,
    wait: Duration,
    samples: Vec<(Command, &'static str)>,
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let options = match parse_args(std::env::args().skip(1)) {
        Ok(Some(options)) => options,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("simulate: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if let Err(message) = wait_for_server(&options.url, options.wait).await {
        eprintln!("simulate: {message}");
        return ExitCode::FAILURE;
    }

    let client = Client::builder(TokioExecutor::new()).build(HttpConnector::new());
    let mut failed = 0;
    for (command, body) in &options.samples {
        match send(&client, &options, command, body).await {
            Ok((status, reply)) => {
                println!("{command}: {status} {}", String::from_utf8_lossy(&reply));
                if command.timing() == Timing::Before {
                    println!("{command}: decision: {}", decision(&reply));
                }
                if let Err(reason) = judge(status, &reply) {
                    eprintln!("simulate: {command}: {reason}");
                    failed += 1;
                }
            }
            Err(message) => {
                println!("{command}: {message}");
                failed += 1;
            }
        }
    }
    let sent = options.samples.len();
    if failed == 0 {
        eprintln!("simulate: {sent} of {sent} accepted");
        ExitCode::SUCCESS
    } else {
        eprintln!("simulate: {failed} of {sent} not accepted");
        ExitCode::FAILURE
    }
}

/// Sends one sample as Tencent would; gives the status and the reply body.
async fn send(
    client: &Client<HttpConnector, Full<Bytes>>,
    options: &Options,
    command: &Command,
    body: &'static str,
) -> Result<(StatusCode, Bytes), String> {
    let mut callback = CallbackRequest::new(options.app_id, command.clone()).body(body);
    if let Some(token) = &options.token {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_err(|_| "the system clock is before 1970".to_owned())?
            .as_secs();
        callback = callback.signed(token, now);
    }
    // Tencent appends its parameters to the configured URL, after any query it already has.
    let separator = if options.url.query().is_some() {
        '&'
    } else {
        '?'
    };
    let target = format!("{}{separator}{}", options.url, callback.query());
    let mut request = callback.build();
    *request.uri_mut() = target
        .parse()
        .map_err(|error| format!("cannot make a URL of {target:?}: {error}"))?;

    let started = Instant::now();
    let exchange = async {
        let response = client
            .request(request)
            .await
            .map_err(|error| format!("request failed: {}", with_causes(&error)))?;
        let status = response.status();
        let reply = response.into_body().collect().await.map_err(|error| {
            format!(
                "{status}, then reading the reply failed: {}",
                with_causes(&error)
            )
        })?;
        Ok::<_, String>((status, reply.to_bytes()))
    };
    let result = tokio::time::timeout(REPLY_TIMEOUT, exchange)
        .await
        .map_err(|_| format!("no reply within {REPLY_TIMEOUT:?}"))?;
    let elapsed = started.elapsed();
    if elapsed > TENCENT_TIMEOUT {
        eprintln!(
            "simulate: {command} took {elapsed:?}; Tencent gives up after {TENCENT_TIMEOUT:?}"
        );
    }
    result
}

/// Whether Tencent would count the reply as a success, and why not.
fn judge(status: StatusCode, reply: &[u8]) -> Result<(), String> {
    if status != StatusCode::OK {
        return Err(format!(
            "HTTP {status}: Tencent counts any status but 200 as a failure"
        ));
    }
    let reply: Reply = serde_json::from_slice(reply)
        .map_err(|error| format!("the reply is not Tencent's JSON reply: {error}"))?;
    if !reply.is_ok() {
        return Err(format!(
            "ActionStatus FAIL, ErrorCode {}: {}",
            reply.error_code(),
            reply.error_info()
        ));
    }
    Ok(())
}

/// What a before-callback's reply decides: its `ErrorCode` and its meaning, and whether it
/// rewrites the message (`MsgBody`, `CloudCustomData`).
fn decision(reply: &[u8]) -> String {
    let Ok(reply) = serde_json::from_slice::<Reply>(reply) else {
        return "none (not Tencent's JSON reply)".to_owned();
    };
    let meaning = match reply.error_code() {
        0 => "allow",
        1 => "reject",
        2 => "discard",
        _ => "reject with a custom code",
    };
    let rewritten = |field: &str| {
        if reply.extra_fields().contains_key(field) {
            "yes"
        } else {
            "no"
        }
    };
    format!(
        "ErrorCode {} ({meaning}), MsgBody rewritten: {}, CloudCustomData rewritten: {}",
        reply.error_code(),
        rewritten("MsgBody"),
        rewritten("CloudCustomData")
    )
}

/// An error with its causes, as `outer: inner: root`: hyper's own messages are terse.
fn with_causes(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// Tries to connect to the URL's host until it accepts or `wait` has passed.
async fn wait_for_server(url: &Uri, wait: Duration) -> Result<(), String> {
    let host = url.host().unwrap_or_default();
    let address = format!("{host}:{}", url.port_u16().unwrap_or(80));
    let deadline = Instant::now() + wait;
    loop {
        let error = match TcpStream::connect(&address).await {
            Ok(_) => return Ok(()),
            Err(error) => error,
        };
        if Instant::now() >= deadline {
            return Err(format!(
                "cannot connect to {address} after {wait:?}: {error}"
            ));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// `Ok(None)` asks for the usage text.
fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Option<Options>, String> {
    let mut url = DEFAULT_URL.to_owned();
    let mut app_id = DEFAULT_APP_ID;
    let mut token = None;
    let mut wait = DEFAULT_WAIT;
    let mut commands = Vec::new();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--url" => url = value("--url")?,
            "--app-id" => app_id = number(&value("--app-id")?, "--app-id")?,
            "--token" => {
                let text = value("--token")?;
                token = Some(Token::new(text).map_err(|error| format!("--token: {error}"))?);
            }
            "--wait" => wait = number(&value("--wait")?, "--wait")?,
            "-h" | "--help" => return Ok(None),
            flag if flag.starts_with('-') => return Err(format!("unknown option {flag}")),
            _ => commands.push(arg),
        }
    }

    let url: Uri = url
        .parse()
        .map_err(|error| format!("--url {url:?} is not a URL: {error}"))?;
    if url.scheme() != Some(&Scheme::HTTP) || url.host().is_none() {
        return Err(format!(
            "--url must be a plain http:// URL such as {DEFAULT_URL}, not {url}"
        ));
    }

    // A name chooses a command (`C2C.CallbackBeforeSendMsg`) or a product's commands (`C2C`).
    let chosen = |sample: &Command, name: &str| {
        sample.as_str() == name || sample.product().is_some_and(|p| p.prefix() == name)
    };
    let all: Vec<(Command, &str)> = samples::all().collect();
    for name in &commands {
        if !all.iter().any(|(sample, _)| chosen(sample, name)) {
            let known: Vec<&str> = all.iter().map(|(sample, _)| sample.as_str()).collect();
            return Err(format!(
                "no sample for {name:?}; name a product or one of: {}",
                known.join(", ")
            ));
        }
    }
    let samples = all
        .into_iter()
        .filter(|(sample, _)| {
            commands.is_empty() || commands.iter().any(|name| chosen(sample, name))
        })
        .collect();

    Ok(Some(Options {
        url,
        app_id,
        token,
        wait: Duration::from_secs(wait),
        samples,
    }))
}

fn number(text: &str, name: &str) -> Result<u64, String> {
    text.parse()
        .map_err(|_| format!("{name} takes a whole number, not {text:?}"))
}
