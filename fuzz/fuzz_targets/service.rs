//! The whole service: `CallbackLayer` in front of a `handler_fn`, one request per input.
//!
//! Input layout: `flags`, then the query bytes up to the first 0xFF, then the body (with no
//! 0xFF at all, the query part is empty and everything after `flags` is the body).
//!
//! `flags`:
//! - bits 0-1, how the query is made: 0 the query bytes as they are; 1 a standard prefix
//!   (`SdkAppid=1400000000&CallbackCommand=…&contenttype=json`) then `&` and the query bytes;
//!   2 the same plus a valid `RequestTime` and `Sign`; 3 the query bytes plus a valid
//!   `RequestTime` and `Sign`.
//! - bits 2-4, the command of the standard prefix (as in the `event` target).
//! - bits 5-6: 0 or 1 POST; 2 POST with `Content-Length: 1000000`; 3 GET.
//! - bit 7: send `Content-Length` with the body's real length.
//!
//! Checks: no panic; the future and the body complete without waiting (a `Full` body never
//! waits); the status is one of 200/400/401/403/405/413/415/500; the body is a JSON object with
//! `ActionStatus`, `ErrorCode` and `ErrorInfo`, `OK`/0 on 200 and `FAIL` with a code of the
//! status's family otherwise; the handler ran exactly when the status is 200, and then saw
//! the body sent and an event equal to a fresh parse of it.
#![no_main]

use std::cell::RefCell;
use std::future::Future;
use std::pin::pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;
use std::task::{Context, Poll, Waker};
use std::time::{Duration, UNIX_EPOCH};

use bytes::Bytes;
use http::{header, HeaderValue, Method, Request, Uri};
use http_body::Body;
use http_body_util::Full;
use libfuzzer_sys::fuzz_target;
use tencent_im_callback::sign::{sign, Token};
use tencent_im_callback::{handler_fn, Callback, CallbackLayer, Command, Event};
use tower_layer::Layer;
use tower_service::Service;

const APP_ID: u64 = 1400000000;
const TOKEN: &str = "fuzz-callback-token";
/// The fixed clock, and the `RequestTime` of signed queries.
const NOW: u64 = 1_700_000_000;
/// Small enough for fuzz inputs to go over it.
const BODY_LIMIT: usize = 1024;
/// Polls before a future or body that should never wait is declared stuck.
const MAX_POLLS: usize = 64;

static HANDLER_CALLS: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// The body of the request in flight, for the handler to compare with.
    static SENT_BODY: RefCell<Bytes> = const { RefCell::new(Bytes::new()) };
}

/// The first byte picks the command: every modelled one (from the command table), then an
/// unmodelled one.
fn command(selector: u8) -> Command {
    let count = Command::modelled().len();
    match usize::from(selector) % (count + 1) {
        i if i < count => Command::modelled().nth(i).expect("in range"),
        _ => Command::from_wire("Future.CallbackAfterSomethingNew"),
    }
}

fn signature() -> &'static str {
    static SIGN: OnceLock<String> = OnceLock::new();
    SIGN.get_or_init(|| sign(&Token::new(TOKEN).unwrap(), NOW))
}

/// `FUZZ_DEBUG=1` prints each response, to see what an input reaches.
fn debug() -> bool {
    static DEBUG: OnceLock<bool> = OnceLock::new();
    *DEBUG.get_or_init(|| std::env::var_os("FUZZ_DEBUG").is_some())
}

fn build_query(flags: u8, raw: &[u8]) -> Vec<u8> {
    let mode = flags & 0b11;
    let mut query = Vec::new();
    if mode == 1 || mode == 2 {
        let command = command(flags >> 2);
        let mut prefix = form_urlencoded::Serializer::new(String::new());
        prefix
            .append_pair("SdkAppid", &APP_ID.to_string())
            .append_pair("CallbackCommand", command.as_str())
            .append_pair("contenttype", "json");
        query.extend_from_slice(prefix.finish().as_bytes());
        if !raw.is_empty() {
            query.push(b'&');
        }
    }
    query.extend_from_slice(raw);
    if mode == 2 || mode == 3 {
        query.extend_from_slice(format!("&RequestTime={NOW}&Sign={}", signature()).as_bytes());
    }
    query
}

/// Polls a future that never waits to completion.
fn complete<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    for _ in 0..MAX_POLLS {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
    }
    panic!("the response future did not complete in {MAX_POLLS} polls");
}

/// Reads a body that never waits to the end.
fn collect<B>(body: B) -> Vec<u8>
where
    B: Body,
    B::Data: AsRef<[u8]>,
    B::Error: std::fmt::Debug,
{
    let mut body = pin!(body);
    let mut cx = Context::from_waker(Waker::noop());
    let mut bytes = Vec::new();
    for _ in 0..MAX_POLLS {
        match body.as_mut().poll_frame(&mut cx) {
            Poll::Ready(None) => return bytes,
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(data) = frame.data_ref() {
                    bytes.extend_from_slice(data.as_ref());
                }
            }
            Poll::Ready(Some(Err(error))) => panic!("the response body failed: {error:?}"),
            Poll::Pending => {}
        }
    }
    panic!("the response body did not end in {MAX_POLLS} polls");
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let (raw_query, body) = match rest.iter().position(|&b| b == 0xFF) {
        Some(at) => (&rest[..at], &rest[at + 1..]),
        None => (&[][..], rest),
    };
    let mut uri = b"/cb?".to_vec();
    uri.extend_from_slice(&build_query(flags, raw_query));
    let Ok(uri) = Uri::from_maybe_shared(Bytes::from(uri)) else {
        return;
    };
    let body = Bytes::copy_from_slice(body);

    let mut request = Request::new(Full::new(body.clone()));
    *request.uri_mut() = uri;
    *request.method_mut() = if (flags >> 5) & 0b11 == 3 {
        Method::GET
    } else {
        Method::POST
    };
    if flags & 0x80 != 0 {
        request
            .headers_mut()
            .insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
    }
    if (flags >> 5) & 0b11 == 2 {
        request
            .headers_mut()
            .insert(header::CONTENT_LENGTH, HeaderValue::from_static("1000000"));
    }

    let layer = CallbackLayer::builder()
        .sdk_app_id(APP_ID)
        .token(TOKEN)
        .clock(|| UNIX_EPOCH + Duration::from_secs(NOW))
        .body_limit(BODY_LIMIT)
        .build()
        .expect("a valid configuration");
    let mut service = layer.layer(handler_fn(|cb: Callback<Event>| async move {
        HANDLER_CALLS.fetch_add(1, Ordering::SeqCst);
        assert_eq!(cb.sdk_app_id(), APP_ID);
        SENT_BODY.with(|sent| assert_eq!(cb.raw_body(), &*sent.borrow()));
        let reparsed = Event::parse(cb.command(), cb.raw_body()).expect("the body parsed once");
        assert_eq!(&reparsed, cb.event());
        assert_eq!(&cb.event().command(), cb.command());
    }));

    SENT_BODY.with(|sent| *sent.borrow_mut() = body.clone());
    let calls_before = HANDLER_CALLS.load(Ordering::SeqCst);

    let mut cx = Context::from_waker(Waker::noop());
    match Service::<Request<Full<Bytes>>>::poll_ready(&mut service, &mut cx) {
        Poll::Ready(Ok(())) => {}
        Poll::Ready(Err(error)) => match error {},
        Poll::Pending => panic!("the service is not ready"),
    }
    let response = match complete(service.call(request)) {
        Ok(response) => response,
        Err(error) => match error {},
    };
    let handler_ran = HANDLER_CALLS.load(Ordering::SeqCst) != calls_before;

    let status = response.status().as_u16();
    assert!(
        [200, 400, 401, 403, 405, 413, 415, 500].contains(&status),
        "unexpected status {status}"
    );
    assert_eq!(
        handler_ran,
        status == 200,
        "handler ran: {handler_ran}, status {status}"
    );
    assert_eq!(
        response.headers().get(header::CONTENT_TYPE),
        Some(&HeaderValue::from_static("application/json")),
        "status {status}"
    );

    let bytes = collect(response.into_body());
    if debug() {
        eprintln!(
            "status {status}, handler ran: {handler_ran}, reply {}",
            String::from_utf8_lossy(&bytes)
        );
    }
    let reply: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_else(|error| {
        panic!(
            "the reply is not JSON ({error}): {:?}",
            String::from_utf8_lossy(&bytes)
        )
    });
    let action = reply["ActionStatus"]
        .as_str()
        .expect("ActionStatus is a string");
    let code = reply["ErrorCode"]
        .as_i64()
        .expect("ErrorCode is an integer");
    let info = reply["ErrorInfo"].as_str().expect("ErrorInfo is a string");
    if status == 200 {
        assert_eq!((action, code, info), ("OK", 0, ""));
    } else {
        assert_eq!(action, "FAIL", "status {status}");
        assert_eq!(
            code / 100,
            i64::from(status),
            "ErrorCode {code} for status {status}"
        );
        assert!(!info.is_empty(), "a rejection without ErrorInfo");
    }
});
