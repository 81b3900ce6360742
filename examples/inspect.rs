//! Shows how the crate judges one callback, for example one copied from an access log.
//!
//! ```text
//! cargo run --example inspect -- [--app-id N]... [--token T]... [--now UNIX_SECONDS] \
//!     [--window SECONDS] [--body-limit BYTES] 'QUERY_OR_URL' < body.json
//! ```
//!
//! The verdict is the layer's own: the example builds a `CallbackLayer` with these settings
//! and sends it one request, `POST` with the URL's query, the body from stdin and its
//! `Content-Length`. Without `--app-id`, the query's own `SdkAppid` is accepted; the body limit
//! is the layer's default unless `--body-limit` changes it.
//!
//! Accepted: exit 0 and one JSON line on stdout. Refused: exit 1 and one line on stderr that
//! starts with what failed: `query:`, `app-id:`, `signature:`, `size:`, `content-type:` or
//! `body:`. Usage errors: exit 2.
//! Only the crate's public API is used, exactly as an application would.

use std::convert::Infallible;
use std::io::Read;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http::{header, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full};
use tencent_im_callback::layer::{ConfigError, DEFAULT_BODY_LIMIT};
use tencent_im_callback::query::CallbackQuery;
use tencent_im_callback::{Callback, CallbackLayer, Event, Rejection};
use tower::{Layer, ServiceExt};

const USAGE: &str = "usage: inspect [--app-id N]... [--token T]... [--now UNIX_SECONDS] \
                     [--window SECONDS] [--body-limit BYTES] 'QUERY_OR_URL' < body";

struct Options {
    app_ids: Vec<u64>,
    tokens: Vec<String>,
    now: Option<SystemTime>,
    window: Option<Duration>,
    body_limit: usize,
    target: String,
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
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
    let request = match request(&options.target, body.into()) {
        Ok(request) => request,
        Err(message) => {
            eprintln!("{message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match judge(&options, request).await {
        Ok(Ok(line)) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Ok(Err(reason)) => {
            eprintln!("{reason}");
            ExitCode::FAILURE
        }
        Err(message) => {
            eprintln!("{message}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// The request as a server would hand it to the layer: `POST`, the target's query, the body
/// and its length.
fn request(target: &str, body: Bytes) -> Result<Request<Full<Bytes>>, String> {
    Request::post(format!("/callback?{}", query_of(target)))
        .header(header::CONTENT_LENGTH, body.len())
        .body(Full::new(body))
        .map_err(|error| format!("not a valid URL or query ({error}): {target:?}"))
}

/// Runs the request through the layer. `Ok(Ok(line))`: accepted, with the callback as one JSON
/// line; `Ok(Err(reason))`: refused; `Err`: the settings are not valid (a usage error).
async fn judge(
    options: &Options,
    request: Request<Full<Bytes>>,
) -> Result<Result<String, String>, String> {
    // The layer's answer to a refusal is a response; keep the rejection itself to say why.
    let refused = Arc::new(Mutex::new(None::<Rejection>));
    let mut layer = CallbackLayer::builder()
        .body_limit(options.body_limit)
        .rejection_response({
            let refused = Arc::clone(&refused);
            move |rejection| {
                *refused.lock().unwrap_or_else(|e| e.into_inner()) = Some(rejection.clone());
                rejection.to_response()
            }
        });
    if options.app_ids.is_empty() {
        // The query's own app id. When the query does not parse, the layer refuses it before
        // it looks at app ids, so any id does.
        let query = CallbackQuery::parse(request.uri().query().unwrap_or_default());
        layer = layer.sdk_app_id(query.map_or(0, |query| query.sdk_app_id()));
    }
    for &app_id in &options.app_ids {
        layer = layer.sdk_app_id(app_id);
    }
    for token in &options.tokens {
        layer = layer.token(token);
    }
    if let Some(window) = options.window {
        layer = layer.signature_window(window);
    }
    if let Some(now) = options.now {
        layer = layer.clock(move || now);
    }
    let layer = layer.build().map_err(|error| match error {
        ConfigError::Token { index, error } => format!("--token #{}: {error}", index + 1),
        ConfigError::ZeroBodyLimit => "--body-limit must be at least 1".to_owned(),
        other => other.to_string(),
    })?;

    let service = layer.layer(tower::service_fn(
        |request: Request<Full<Bytes>>| async move {
            Ok::<_, Infallible>(serialise(request.extensions().get::<Callback<Event>>()))
        },
    ));
    let response = match service.oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    };
    let status = response.status();
    let body = match response.into_body().collect().await {
        Ok(body) => body.to_bytes(),
        Err(never) => match never {},
    };
    let rejection = refused.lock().unwrap_or_else(|e| e.into_inner()).take();
    Ok(match rejection {
        Some(rejection) => Err(format!("{}: {rejection}", topic(&rejection))),
        None if status == StatusCode::OK => Ok(String::from_utf8_lossy(&body).into_owned()),
        None => Err(format!("body: {}", String::from_utf8_lossy(&body))),
    })
}

/// The handler: the callback as one JSON line, or 500 saying why not.
fn serialise(callback: Option<&Callback<Event>>) -> Response<Full<Bytes>> {
    let (status, text) = match callback.map(serde_json::to_string) {
        Some(Ok(line)) => (StatusCode::OK, line),
        Some(Err(error)) => (StatusCode::INTERNAL_SERVER_ERROR, error.to_string()),
        None => (StatusCode::INTERNAL_SERVER_ERROR, "no callback".to_owned()),
    };
    let mut response = Response::new(Full::new(Bytes::from(text)));
    *response.status_mut() = status;
    response
}

/// The word a refusal's line starts with: which check failed.
fn topic(rejection: &Rejection) -> &'static str {
    match rejection {
        Rejection::MethodNotAllowed => "method",
        Rejection::Query(_) => "query",
        Rejection::UnknownAppId(_) => "app-id",
        Rejection::CommandNotAllowed(_) => "command",
        Rejection::Signature(_) => "signature",
        Rejection::PayloadTooLarge { .. } => "size",
        Rejection::UnsupportedContentType => "content-type",
        Rejection::BodyRead(_) | Rejection::Body(_) => "body",
        _ => "refused",
    }
}

/// The query a server would receive for this URL, or the argument itself when it is a bare
/// query. As in RFC 3986, the fragment (from the first `#`, never sent) goes first, then the
/// query is what follows the first `?`: in `https://example.com/cb#?SdkAppid=1` there is
/// none. A URL (`scheme://…` or `/path`) without `?` has no query either.
fn query_of(target: &str) -> &str {
    let target = target.split_once('#').map_or(target, |(before, _)| before);
    match target.split_once('?') {
        Some((_, query)) => query,
        None if target.contains("://") || target.starts_with('/') => "",
        None => target,
    }
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Options, String> {
    let mut options = Options {
        app_ids: Vec::new(),
        tokens: Vec::new(),
        now: None,
        window: None,
        body_limit: DEFAULT_BODY_LIMIT,
        target: String::new(),
    };
    let mut target = None;
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--app-id" => options
                .app_ids
                .push(number(&value("--app-id")?, "--app-id")?),
            "--token" => options.tokens.push(value("--token")?),
            "--now" => {
                let seconds = number(&value("--now")?, "--now")?;
                let now = UNIX_EPOCH.checked_add(Duration::from_secs(seconds));
                options.now =
                    Some(now.ok_or(format!("--now {seconds} is past what the clock can hold"))?);
            }
            "--window" => {
                let seconds = number(&value("--window")?, "--window")?;
                options.window = Some(Duration::from_secs(seconds));
            }
            "--body-limit" => {
                let bytes = number(&value("--body-limit")?, "--body-limit")?;
                options.body_limit = usize::try_from(bytes)
                    .map_err(|_| format!("--body-limit {bytes} is too large"))?;
            }
            "-h" | "--help" => return Err("inspect: judge one Tencent callback".to_owned()),
            flag if flag.starts_with("--") => return Err(format!("unknown option {flag}")),
            _ if target.is_some() => return Err("give one query or URL".to_owned()),
            _ => target = Some(arg),
        }
    }
    options.target = target.ok_or("missing the query or URL")?;
    Ok(options)
}

fn number(text: &str, name: &str) -> Result<u64, String> {
    text.parse()
        .map_err(|_| format!("{name} takes a whole number, not {text:?}"))
}
