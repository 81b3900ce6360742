//! TRTC event callbacks: `TrtcEnvelope::parse` on the body, and the whole `TrtcLayer` +
//! `handler_fn` service on a request built around it.
//!
//! Input layout: `flags`, then the body. With `flags` bits 0-1 = 3, the 44 bytes after
//! `flags` are the `Sign` header and the body follows them.
//!
//! `flags`:
//! - bits 0-1, the `Sign` header: 0 signed with the layer's key; 1 signed with another key;
//!   2 none; 3 the next 44 input bytes as given (inputs whose bytes are not a valid header
//!   value are skipped);
//! - bit 2: `SdkAppId` is another app's;
//! - bit 3: GET instead of POST;
//! - bit 4: send `Content-Length` with the body's real length;
//! - bit 5: send `Content-Length: 1000000`;
//! - bit 6: the replay window is wide open (otherwise the clock is fixed, so only a body whose
//!   `CallbackTs` is within 5 minutes of Unix time 1700000000 s passes);
//! - bit 7: the layer is unsigned.
//!
//! Checks, for the parser: no panic; a parsed body serialises and parses again (to an equal
//! value when the input has no whitespace: kept JSON is compared as text and written
//! compactly), and the written form is a fixed point; every accessor and the idempotency key
//! work. For the
//! service: no panic; the future and the body complete without waiting; the status is one of
//! 200/400/401/403/405/413; `Content-Type: application/json`; the body is `{"code":0}` on 200
//! and otherwise a JSON object with a `code` whose hundreds are the status and a non-empty
//! `message`; the handler ran exactly when the status is 200, and then saw the body sent, an
//! event equal to a fresh parse of it, and the key that signed it.
#![no_main]

use std::cell::RefCell;
use std::future::Future;
use std::pin::pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, UNIX_EPOCH};

use bytes::Bytes;
use http::{header, HeaderValue, Method, Request};
use http_body::Body;
use http_body_util::Full;
use libfuzzer_sys::fuzz_target;
use tencent_im_callback::trtc::test_util::TrtcRequest;
use tencent_im_callback::trtc::{
    handler_fn, CallbackKey, TrtcCallback, TrtcEnvelope, TrtcEvent, TrtcEventInfo, TrtcLayer,
};
use tower_layer::Layer;
use tower_service::Service;

const APP_ID: u64 = 1400000000;
const KEY: &str = "fuzzCallbackKey";
/// The fixed clock, in seconds.
const NOW: u64 = 1_700_000_000;
/// Small enough for fuzz inputs to go over it.
const BODY_LIMIT: usize = 2048;
/// Polls before a future or body that should never wait is declared stuck.
const MAX_POLLS: usize = 64;

static HANDLER_CALLS: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// The body of the request in flight, and whether it was signed with the layer's key.
    static SENT: RefCell<(Bytes, bool)> = const { RefCell::new((Bytes::new(), false)) };
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

/// The parser on its own: round trips and accessors.
fn check_parser(body: &[u8]) {
    let envelope = match TrtcEnvelope::parse(body) {
        Ok(envelope) => envelope,
        Err(error) => {
            let _ = (error.to_string(), error.kind(), error.path(), error.line());
            return;
        }
    };
    let event = &envelope.event;
    let _ = (
        event.kind(),
        event.name(),
        event.event_group_id(),
        event.event_type(),
        event.room_id().map(ToString::to_string),
        event.user_id(),
        event.task_id(),
        event.event_ms_ts(),
        event.occurred_at(),
        envelope.sent_at(),
        envelope.idempotency_key(body),
    );
    let json = serde_json::to_vec(&envelope).expect("an envelope always serialises");
    let again = TrtcEnvelope::parse(&json).unwrap_or_else(|error| {
        panic!(
            "the serialised body does not parse again: {error}\nbody: {envelope:?}\njson: {}",
            String::from_utf8_lossy(&json)
        )
    });
    // Kept JSON is compared as text and written compactly, so only a compact input reads
    // back equal; the written form is a fixed point whatever the input.
    if !body.iter().any(|b| b.is_ascii_whitespace()) {
        assert_eq!(
            again,
            envelope,
            "the body changed through serialisation\njson: {}",
            String::from_utf8_lossy(&json)
        );
    }
    let json_again = serde_json::to_vec(&again).expect("an envelope always serialises");
    assert_eq!(
        String::from_utf8_lossy(&json_again),
        String::from_utf8_lossy(&json),
        "serialisation is not stable"
    );
    assert_eq!(
        TrtcEnvelope::parse(&json_again).expect("the written form parses"),
        again,
        "the written form is not a fixed point"
    );
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let (raw_sign, body) = if flags & 0b11 == 3 {
        if rest.len() < 44 {
            return;
        }
        (Some(&rest[..44]), &rest[44..])
    } else {
        (None, rest)
    };
    check_parser(body);

    let body = Bytes::copy_from_slice(body);
    let key = CallbackKey::new(KEY).unwrap();
    let app_id = if flags & 0x04 != 0 { APP_ID + 1 } else { APP_ID };
    let mut request = TrtcRequest::new(app_id, body.clone());
    request = match flags & 0b11 {
        0 => request.signed(&key),
        1 => request.signed(&CallbackKey::new("otherKey").unwrap()),
        _ => request,
    };
    if flags & 0x08 != 0 {
        request = request.method(Method::GET);
    }
    let mut request: Request<Full<Bytes>> = request.build();
    if let Some(raw) = raw_sign {
        let Ok(value) = HeaderValue::from_bytes(raw) else {
            return;
        };
        request.headers_mut().insert("sign", value);
    }
    let headers = request.headers_mut();
    headers.remove(header::CONTENT_LENGTH);
    if flags & 0x10 != 0 {
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
    }
    if flags & 0x20 != 0 {
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from_static("1000000"));
    }

    let unsigned = flags & 0x80 != 0;
    let mut builder = TrtcLayer::builder()
        .sdk_app_id(APP_ID)
        .clock(|| UNIX_EPOCH + Duration::from_secs(NOW))
        .body_limit(BODY_LIMIT);
    builder = if unsigned { builder.unsigned() } else { builder.key(KEY) };
    if flags & 0x40 != 0 {
        builder = builder.replay_window(Duration::MAX);
    }
    let layer = builder.build().expect("a valid configuration");
    let mut service = layer.layer(handler_fn(|cb: TrtcCallback<TrtcEvent>| async move {
        HANDLER_CALLS.fetch_add(1, Ordering::SeqCst);
        assert_eq!(cb.sdk_app_id(), APP_ID);
        SENT.with(|sent| {
            let (body, signed_with_key) = &*sent.borrow();
            assert_eq!(cb.raw_body(), body);
            if *signed_with_key {
                assert_eq!(cb.key_index(), Some(0));
            }
        });
        let reparsed = TrtcEnvelope::parse(cb.raw_body()).expect("the body parsed once");
        assert_eq!(&reparsed, cb.envelope());
        let _ = cb.idempotency_key();
    }));

    SENT.with(|sent| *sent.borrow_mut() = (body.clone(), flags & 0b11 == 0 && !unsigned));
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
        [200, 400, 401, 403, 405, 413].contains(&status),
        "unexpected status {status}"
    );
    assert_eq!(handler_ran, status == 200, "handler ran: {handler_ran}, status {status}");
    assert_eq!(
        response.headers().get(header::CONTENT_TYPE),
        Some(&HeaderValue::from_static("application/json")),
        "status {status}"
    );
    let bytes = collect(response.into_body());
    if status == 200 {
        assert_eq!(bytes, br#"{"code":0}"#);
        return;
    }
    let reply: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_else(|error| {
        panic!("the reply is not JSON ({error}): {:?}", String::from_utf8_lossy(&bytes))
    });
    let code = reply["code"].as_u64().expect("code is an integer");
    assert_eq!(code / 100, u64::from(status), "code {code} for status {status}");
    let message = reply["message"].as_str().expect("message is a string");
    assert!(!message.is_empty(), "a rejection without a message");
});
