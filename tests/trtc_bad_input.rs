//! Every kind of bad TRTC request, each checked for its status, its code, its JSON body, and
//! that the handler never ran; refusals decided on the head never read the body.

mod common;

use std::time::{Duration, UNIX_EPOCH};

use bytes::Bytes;
use common::{Chunked, Counter, Untouchable};
use http::{Method, Request};
use http_body_util::{BodyExt, Full};
use serde_json::Value;
use tencent_im_callback::trtc::test_util::{samples, TrtcRequest};
use tencent_im_callback::trtc::{handler_fn, CallbackKey, TrtcCallback, TrtcLayer, TrtcService};
use tower::{Layer, ServiceExt};

const APP: u64 = 1400000000;
const LIMIT: usize = 4096;
const VECTOR_SENT_MS: u64 = 1664209748188;

/// The layer with Tencent's vector key, its clock a second after the vector was sent, and a
/// counting handler.
fn service(
    ran: &Counter,
) -> TrtcService<
    impl tower::Service<
            Request<Full<Bytes>>,
            Response = http::Response<Full<Bytes>>,
            Error = std::convert::Infallible,
        > + Clone,
> {
    let ran = ran.clone();
    TrtcLayer::builder()
        .sdk_app_id(APP)
        .key(samples::SIGNATURE_VECTOR_KEY)
        .body_limit(LIMIT)
        .clock(|| UNIX_EPOCH + Duration::from_millis(VECTOR_SENT_MS + 1_000))
        .build()
        .expect("valid settings")
        .layer(handler_fn(move |_: TrtcCallback| {
            let ran = ran.clone();
            async move { ran.hit() }
        }))
}

fn key() -> CallbackKey {
    CallbackKey::new(samples::SIGNATURE_VECTOR_KEY).unwrap()
}

/// Tencent's vector, signed as published.
fn vector() -> TrtcRequest {
    TrtcRequest::new(APP, samples::SIGNATURE_VECTOR).sign_header(samples::SIGNATURE_VECTOR_SIGN)
}

/// Sends `request` and checks the refusal: status, `Content-Type`, a JSON body of exactly
/// `code` and a non-empty `message` that repeats neither the key nor the `Sign`, and a
/// handler that did not run. Returns the message.
async fn refused<B>(request: Request<B>, status: u16, code: u32) -> String
where
    B: http_body::Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let ran = Counter::default();
    let sign = request
        .headers()
        .get("sign")
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned());
    let response = service(&ran).oneshot(request).await.unwrap();
    assert_eq!(response.status().as_u16(), status, "status");
    assert_eq!(response.headers()["content-type"], "application/json");
    let body = response.into_body().collect().await.unwrap().to_bytes();
    let json: Value = serde_json::from_slice(&body).expect("a JSON body");
    let object = json.as_object().expect("a JSON object");
    assert_eq!(object.len(), 2, "{json}");
    assert_eq!(json["code"], code, "{json}");
    let message = json["message"].as_str().expect("a message").to_owned();
    assert!(!message.is_empty());
    assert!(
        !message.contains(samples::SIGNATURE_VECTOR_KEY),
        "{message}"
    );
    if let Some(sign) = sign.filter(|sign| sign.len() > 8) {
        assert!(!message.contains(&sign), "{message}");
    }
    assert_eq!(ran.get(), 0, "the handler ran for a refused request");
    message
}

/// The same request with a body that must not be read.
fn untouched(request: Request<Full<Bytes>>) -> Request<Untouchable> {
    request.map(|_| Untouchable)
}

#[tokio::test]
async fn the_vector_itself_is_accepted() {
    let ran = Counter::default();
    let response = service(&ran).oneshot(vector().build()).await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(ran.get(), 1);
}

#[tokio::test]
async fn base64_variants_are_malformed() {
    let sign = samples::SIGNATURE_VECTOR_SIGN;
    let hex = "924a0578edce8766479e3b60f2d100421b572b5ebf288d395b70507dff08bc60";
    let variants = [
        ("unpadded", sign.trim_end_matches('=').to_owned()),
        ("URL-safe alphabet", sign.replace('/', "_")),
        (
            "URL-safe, unpadded",
            sign.replace('/', "_").trim_end_matches('=').to_owned(),
        ),
        ("leading space", format!(" {sign}")),
        ("trailing space", format!("{sign} ")),
        ("inner space", format!("{} {}", &sign[..20], &sign[21..])),
        ("tab", format!("{}\t{}", &sign[..20], &sign[21..])),
        ("too short", sign[..40].to_owned()),
        ("too long", format!("{}AAAA", &sign[..43])),
        ("double padding", format!("{}==", &sign[..42])),
        ("hex", hex.to_owned()),
        ("empty", String::new()),
        ("non-canonical last character", format!("{}B=", &sign[..42])),
    ];
    for (name, value) in variants {
        let request = vector().sign_header(value).build();
        let message = refused(untouched(request), 401, 40103).await;
        assert!(message.contains("standard Base64"), "{name}: {message}");
    }
}

#[tokio::test]
async fn headers_repeated_or_missing() {
    let repeated_sign = vector()
        .header("SIGN", samples::SIGNATURE_VECTOR_SIGN)
        .build();
    let message = refused(untouched(repeated_sign), 401, 40103).await;
    assert!(message.contains("more than once"), "{message}");

    let repeated_app = vector().header("sdkappid", APP.to_string()).build();
    let message = refused(untouched(repeated_app), 400, 40001).await;
    assert!(message.contains("more than once"), "{message}");

    let no_sign = TrtcRequest::new(APP, samples::SIGNATURE_VECTOR).build();
    let message = refused(untouched(no_sign), 401, 40101).await;
    assert_eq!(message, "header `Sign` is missing");

    let no_app = vector().sdk_app_id_header(None).build();
    let message = refused(untouched(no_app), 400, 40001).await;
    assert_eq!(message, "header `SdkAppId` is missing");
}

#[tokio::test]
async fn malformed_app_ids() {
    for value in [
        "",
        "abc",
        "+1400000000",
        "-1",
        "1400000000 ",
        "1.4e9",
        "0x5",
        "184467440737095516160",
    ] {
        let request = vector().sdk_app_id_header(Some(value)).build();
        let message = refused(untouched(request), 400, 40001).await;
        assert_eq!(
            message, "header `SdkAppId` is not a decimal application id",
            "{value:?}"
        );
    }
}

#[tokio::test]
async fn unknown_app_id() {
    let request = TrtcRequest::new(1400000001, samples::SIGNATURE_VECTOR)
        .sign_header(samples::SIGNATURE_VECTOR_SIGN)
        .build();
    let message = refused(untouched(request), 403, 40301).await;
    assert_eq!(
        message,
        "SdkAppId 1400000001 is not configured for this endpoint"
    );
}

#[tokio::test]
async fn wrong_method() {
    for method in [Method::GET, Method::PUT, Method::HEAD, Method::OPTIONS] {
        let request = untouched(vector().method(method.clone()).build());
        let ran = Counter::default();
        let response = service(&ran).oneshot(request).await.unwrap();
        assert_eq!(response.status(), 405, "{method}");
        assert_eq!(response.headers()["allow"], "POST");
        let request = untouched(vector().method(method).build());
        refused(request, 405, 40501).await;
    }
}

#[tokio::test]
async fn body_changed_by_one_byte() {
    let mut body = samples::SIGNATURE_VECTOR.to_vec();
    for at in [0, 100, body.len() - 1] {
        let original = body[at];
        body[at] ^= 0x01;
        let request = vector().body(body.clone()).build();
        let message = refused(request, 401, 40104).await;
        assert_eq!(message, "header `Sign` matches no configured callback key");
        body[at] = original;
    }
    // A well-formed signature from another key.
    let other = CallbackKey::new("otherKey").unwrap();
    let request = TrtcRequest::new(APP, samples::SIGNATURE_VECTOR)
        .signed(&other)
        .build();
    refused(request, 401, 40104).await;
}

#[tokio::test]
async fn too_large() {
    let big = vec![b' '; LIMIT + 1];
    // Declared too large: refused before reading.
    let declared = TrtcRequest::new(APP, big.clone()).signed(&key()).build();
    let message = refused(untouched(declared), 413, 41301).await;
    assert_eq!(message, "body is larger than the limit of 4096 bytes");
    // Streamed without a length, over the limit while reading.
    let chunks = big
        .chunks(1000)
        .map(Bytes::copy_from_slice)
        .collect::<Vec<_>>();
    let mut streamed = TrtcRequest::new(APP, big.clone())
        .signed(&key())
        .build()
        .map(|_| Chunked::new(chunks));
    streamed.headers_mut().remove("content-length");
    refused(streamed, 413, 41301).await;
    // A lying Content-Length below the real size does not help.
    let mut lying = TrtcRequest::new(APP, big).signed(&key()).build();
    lying.headers_mut().insert("content-length", 10.into());
    let chunks = vec![Bytes::from(vec![b' '; LIMIT + 1])];
    refused(lying.map(|_| Chunked::new(chunks)), 413, 41301).await;
}

#[tokio::test]
async fn body_read_failure() {
    let chunks = vec![Bytes::from_static(b"{\"EventGroupId\":")];
    let mut request = vector().build().map(|_| Chunked::failing_after(chunks));
    request.headers_mut().remove("content-length");
    let message = refused(request, 400, 40002).await;
    assert!(message.starts_with("failed to read the body"), "{message}");
}

/// A signed request for `body`, sent at the vector's time.
fn signed(body: impl Into<Bytes>) -> Request<Full<Bytes>> {
    TrtcRequest::new(APP, body).signed(&key()).build()
}

#[tokio::test]
async fn stale_or_missing_callback_ts() {
    let stale = String::from_utf8(samples::SIGNATURE_VECTOR.to_vec())
        .unwrap()
        .replace("1664209748188", "1664209148188");
    let message = refused(signed(stale), 401, 40102).await;
    assert_eq!(
        message,
        "`CallbackTs` is 601.000 s in the past, outside the replay window of 300 s"
    );
    let missing = r#"{"EventGroupId":2,"EventType":204,"EventInfo":{"RoomId":8489}}"#;
    let message = refused(signed(missing), 401, 40105).await;
    assert!(message.contains("`CallbackTs`"), "{message}");
    // The published 103 sample of 2021: genuine, signed, but years old.
    let old = samples::get("1-103-enter-room.signature-note-body.json").unwrap();
    refused(signed(old), 401, 40102).await;
}

#[tokio::test]
async fn invalid_json() {
    for sample in samples::INVALID {
        let message = refused(signed(sample.body), 400, 40003).await;
        assert!(
            message.starts_with("body is not valid JSON: ") && message.contains("(line "),
            "{}: {message}",
            sample.file
        );
    }
    for body in [
        &b""[..],
        b"{",
        b"{\"EventGroupId\":1,}",
        b"\xff\xfe",
        b"{\"EventGroupId\":1,\"EventInfo\":{}} x",
        b"{'EventGroupId':1}",
    ] {
        refused(signed(Bytes::from_static(body)), 400, 40003).await;
    }
}

#[tokio::test]
async fn wrong_shape() {
    for (body, path) in [
        ("[]", None),
        ("42", None),
        ("\"text\"", None),
        (r#"{"EventType":101,"CallbackTs":1,"EventInfo":{}}"#, None),
        (r#"{"EventGroupId":1,"EventType":101,"CallbackTs":1}"#, None),
        (
            r#"{"EventGroupId":1,"EventType":101,"CallbackTs":1,"EventInfo":"x"}"#,
            None,
        ),
        (
            r#"{"EventGroupId":1,"EventType":101,"CallbackTs":1,"EventInfo":{},"EventInfo":{}}"#,
            None,
        ),
        (
            r#"{"EventGroupId":-1,"CallbackTs":1,"EventInfo":{}}"#,
            Some("EventGroupId"),
        ),
        (
            r#"{"EventGroupId":1,"CallbackTs":true,"EventInfo":{}}"#,
            Some("CallbackTs"),
        ),
        (
            r#"{"EventGroupId":1,"EventType":103,"CallbackTs":1,"EventInfo":{"RoomId":1.5}}"#,
            Some("EventInfo.RoomId"),
        ),
        (
            r#"{"EventGroupId":3,"EventType":311,"CallbackTs":1,"EventInfo":{"Payload":[]}}"#,
            Some("EventInfo.Payload"),
        ),
        (
            r#"{"EventGroupId":11,"EventType":1104,"CallbackTs":1,"EventInfo":{"Payload":{"CheckDetail":[{"Keywords":[{}]}]}}}"#,
            Some("EventInfo.Payload.CheckDetail[0].Keywords[0]"),
        ),
    ] {
        let message = refused(signed(body), 400, 40004).await;
        if let Some(path) = path {
            assert!(
                message.starts_with(&format!("body field `{path}` is invalid")),
                "{body}: {message}"
            );
        }
        assert!(message.contains("(line 1, column "), "{body}: {message}");
    }
}

#[tokio::test]
async fn messages_never_echo_the_body() {
    let secret = "do-not-echo-this-value";
    for body in [
        format!(r#"{{"EventGroupId":"{secret}","CallbackTs":1,"EventInfo":{{}}}}"#),
        format!(
            r#"{{"EventGroupId":1,"EventType":103,"CallbackTs":1,"EventInfo":{{"Role":"{secret}"}}}}"#
        ),
        format!(
            r#"{{"EventGroupId":1,"EventType":103,"CallbackTs":1,"EventInfo":{{"RoomId":{{"{secret}":1}}}}}}"#
        ),
        format!(r#"{{"EventGroupId":1,"{secret}":1,"{secret}":2,"EventInfo":{{}}}}"#),
    ] {
        let message = refused(signed(body.clone()), 400, 40004).await;
        assert!(!message.contains(secret), "{message}");
    }
}
