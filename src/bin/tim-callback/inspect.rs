//! `tim-callback inspect`: how the crate judges one callback, for example one copied from an
//! access log. The verdict is the layer's own: a `CallbackLayer` with these settings gets one
//! request, `POST` with the URL's query, the body from stdin and its `Content-Length`.

use std::convert::Infallible;
use std::io::Read;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http::{header, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full};
use tencent_im_callback::layer::DEFAULT_BODY_LIMIT;
use tencent_im_callback::query::CallbackQuery;
use tencent_im_callback::{Callback, CallbackLayer, Event, Rejection};
use tower_layer::Layer;
use tower_service::Service;

use crate::settings::{read_token_file, Secret, TOKEN_VARIABLE};
use crate::Failure;

/// Judge one callback exactly as CallbackLayer does; the body is read from stdin.
///
/// A CallbackLayer is built with these settings and sent one request: POST, with the query of
/// QUERY_OR_URL and the body from stdin with its Content-Length. Without --sdk-app-id, the
/// query's own SdkAppid is accepted.
///
/// Accepted: exit 0 and the callback as one JSON line on stdout,
/// {"sdk_app_id","command","client_ip","platform","event"}. Refused: exit 1 and one line on
/// stderr that starts with what failed: `query:`, `app-id:`, `signature:`, `size:`,
/// `content-type:` or `body:`.
#[derive(clap::Args)]
#[command(verbatim_doc_comment, after_help = concat!(
    "Examples:
  tim-callback inspect 'https://example.com/cb?SdkAppid=1400000000&CallbackCommand=Room.CallbackAfterDestroyRoom' < body.json
  tim-callback inspect --token-file token.txt --now 1700000000 'SdkAppid=1400000000&CallbackCommand=...&Sign=...&RequestTime=1700000000' < body.json",
    token_note!(),
    "
Several --token or --token-file options are all accepted, as during a token rotation.",
    exit_codes!()
))]
pub struct Args {
    /// The URL Tencent posted to, or only its query.
    #[arg(verbatim_doc_comment, value_name = "QUERY_OR_URL")]
    target: String,
    /// Accept this SdkAppid; repeat for several (default: the query's own).
    #[arg(
        verbatim_doc_comment,
        long = "sdk-app-id",
        visible_alias = "app-id",
        value_name = "SDKAPPID"
    )]
    app_ids: Vec<u64>,
    /// Check the signature with this token; repeatable. Visible in `ps` and kept in shell
    /// history: prefer --token-file or TIM_CALLBACK_TOKEN.
    #[arg(verbatim_doc_comment, long = "token", value_name = "TOKEN")]
    tokens: Vec<String>,
    /// Check the signature with the token in this file; repeatable.
    #[arg(verbatim_doc_comment, long = "token-file", value_name = "PATH")]
    token_files: Vec<PathBuf>,
    /// No signature check, even when TIM_CALLBACK_TOKEN is set.
    #[arg(verbatim_doc_comment, long, conflicts_with_all = ["tokens", "token_files"])]
    unsigned: bool,
    /// Judge at this time (Unix seconds) instead of now.
    #[arg(verbatim_doc_comment, long, value_name = "UNIX_SECONDS")]
    now: Option<u64>,
    /// How far RequestTime may be from now, either way, in seconds (default: 60).
    #[arg(verbatim_doc_comment, long, value_name = "SECONDS")]
    window: Option<u64>,
    /// The largest body accepted, in bytes.
    #[arg(verbatim_doc_comment, long, value_name = "BYTES", default_value_t = DEFAULT_BODY_LIMIT)]
    body_limit: usize,
}

/// Judges the callback: prints it when accepted; `Failure::Refused` when refused.
pub async fn run(args: Args) -> Result<(), Failure> {
    let tokens = tokens(&args)?;
    let now = match args.now {
        Some(seconds) => Some(
            UNIX_EPOCH
                .checked_add(Duration::from_secs(seconds))
                .ok_or_else(|| {
                    Failure::usage(format!("--now {seconds} is past what the clock can hold"))
                })?,
        ),
        None => None,
    };
    let body = read_body(args.body_limit)?;
    let request = request(&args.target, body)?;
    match judge(&args, &tokens, now, request).await? {
        Ok(line) => {
            println!("{line}");
            Ok(())
        }
        Err(reason) => {
            eprintln!("{reason}");
            Err(Failure::Refused)
        }
    }
}

/// The tokens: from the files and flags, or else from the environment, unless `--unsigned`.
fn tokens(args: &Args) -> Result<Vec<Secret>, Failure> {
    let mut tokens = Vec::new();
    for path in &args.token_files {
        tokens.push(read_token_file(path)?);
    }
    for (index, token) in args.tokens.iter().enumerate() {
        tokens.push(Secret::new(
            token.clone(),
            &format!("--token #{}", index + 1),
        )?);
    }
    if tokens.is_empty() && !args.unsigned {
        if let Some(token) = std::env::var_os(TOKEN_VARIABLE) {
            let token = token
                .into_string()
                .map_err(|_| Failure::usage(format!("{TOKEN_VARIABLE} is not valid UTF-8")))?;
            tokens.push(Secret::new(token, TOKEN_VARIABLE)?);
        }
    }
    Ok(tokens)
}

/// The body from stdin: at most one byte more than the limit, which is enough for the layer to
/// refuse a larger body by its `Content-Length`, as it would any.
fn read_body(limit: usize) -> Result<Bytes, Failure> {
    let mut body = Vec::new();
    let most = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    std::io::stdin()
        .lock()
        .take(most)
        .read_to_end(&mut body)
        .map_err(|error| Failure::usage(format!("cannot read the body from stdin: {error}")))?;
    Ok(body.into())
}

/// The request as a server would hand it to the layer: `POST`, the target's query, the body
/// and its length.
fn request(target: &str, body: Bytes) -> Result<Request<Full<Bytes>>, Failure> {
    Request::post(format!("/callback?{}", query_of(target)))
        .header(header::CONTENT_LENGTH, body.len())
        .body(Full::new(body))
        .map_err(|error| Failure::usage(format!("not a valid URL or query ({error}): {target:?}")))
}

/// Runs the request through the layer. `Ok(Ok(line))`: accepted, with the callback as one JSON
/// line; `Ok(Err(reason))`: refused; `Err`: the settings are not valid (a usage error).
async fn judge(
    args: &Args,
    tokens: &[Secret],
    now: Option<SystemTime>,
    request: Request<Full<Bytes>>,
) -> Result<Result<String, String>, Failure> {
    // The layer's answer to a refusal is a response; keep the rejection itself to say why.
    let refused = Arc::new(Mutex::new(None::<Rejection>));
    let mut layer = CallbackLayer::builder()
        .body_limit(args.body_limit)
        .rejection_response({
            let refused = Arc::clone(&refused);
            move |rejection| {
                *refused.lock().unwrap_or_else(PoisonError::into_inner) = Some(rejection.clone());
                rejection.to_response()
            }
        });
    if args.app_ids.is_empty() {
        // The query's own app id. When the query does not parse, the layer refuses it before
        // it looks at app ids, so any id does.
        let query = CallbackQuery::parse(request.uri().query().unwrap_or_default());
        layer = layer.sdk_app_id(query.map_or(0, |query| query.sdk_app_id()));
    }
    for &app_id in &args.app_ids {
        layer = layer.sdk_app_id(app_id);
    }
    for token in tokens {
        layer = layer.token(token.text());
    }
    if tokens.is_empty() {
        layer = layer.unsigned();
    }
    if let Some(window) = args.window {
        layer = layer.signature_window(Duration::from_secs(window));
    }
    if let Some(now) = now {
        layer = layer.clock(move || now);
    }
    let layer = layer
        .build()
        .map_err(|error| Failure::usage(error.to_string()))?;

    let mut service = layer.layer(Answer(|request: Request<Full<Bytes>>| {
        serialise(request.extensions().get::<Callback<Event>>())
    }));
    let ready = std::future::poll_fn(|context| {
        Service::<Request<Full<Bytes>>>::poll_ready(&mut service, context)
    });
    let response = match ready.await {
        Ok(()) => service.call(request).await,
        Err(never) => match never {},
    };
    let response = match response {
        Ok(response) => response,
        Err(never) => match never {},
    };
    let status = response.status();
    let body = match response.into_body().collect().await {
        Ok(body) => body.to_bytes(),
        Err(never) => match never {},
    };
    let rejection = refused
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .take();
    Ok(match rejection {
        Some(rejection) => Err(format!("{}: {rejection}", topic(&rejection))),
        None if status == StatusCode::OK => Ok(String::from_utf8_lossy(&body).into_owned()),
        None => Err(format!("body: {}", String::from_utf8_lossy(&body))),
    })
}

/// The inner service: answers each request with a function.
#[derive(Clone)]
struct Answer<F>(F);

impl<F> Service<Request<Full<Bytes>>> for Answer<F>
where
    F: Fn(Request<Full<Bytes>>) -> Response<Full<Bytes>>,
{
    type Response = Response<Full<Bytes>>;
    type Error = Infallible;
    type Future = std::future::Ready<Result<Self::Response, Infallible>>;

    fn poll_ready(
        &mut self,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), Infallible>> {
        std::task::Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request<Full<Bytes>>) -> Self::Future {
        std::future::ready(Ok((self.0)(request)))
    }
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

#[cfg(test)]
mod tests {
    use super::query_of;

    #[test]
    fn the_query_is_what_a_server_would_receive() {
        assert_eq!(query_of("https://example.com/cb?a=1#b"), "a=1");
        assert_eq!(query_of("https://example.com/cb#?a=1"), "");
        assert_eq!(query_of("/cb"), "");
        assert_eq!(query_of("a=1&b=2"), "a=1&b=2");
    }
}
