//! The layer and the reply wrapper through `tower::ServiceExt::oneshot`.

mod common;

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use common::*;
use http::{header, Request, Response, StatusCode};
use http_body_util::Full;
use serde_json::{json, Value};
use tencent_im_callback::room::CreateRoom;
use tencent_im_callback::sign::Token;
use tencent_im_callback::test_util::{samples, CallbackRequest};
use tencent_im_callback::{handler_fn, Callback, CallbackLayer, Command, Event, Reply, ReplyLayer};
use tower::{Layer, Service, ServiceExt};

fn layer() -> CallbackLayer {
    CallbackLayer::builder()
        .sdk_app_id(APP)
        .token(TOKEN)
        .clock(now)
        .body_limit(1024)
        .build()
        .unwrap()
}

fn token() -> Token {
    Token::new(TOKEN).unwrap()
}

/// A signed request for a sample.
fn signed(command: Command, body: &'static str) -> CallbackRequest {
    CallbackRequest::new(APP, command)
        .body(body)
        .signed(&token(), NOW)
}

/// Sends `request` through `layer` in front of a counting handler; returns the status, the
/// JSON reply and how often the handler ran.
async fn send<B>(layer: &CallbackLayer, request: Request<B>) -> (StatusCode, Value, usize)
where
    B: http_body::Body + 'static,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let counter = Counter::default();
    let seen = counter.clone();
    let service = layer.layer(handler_fn(move |_: Callback<Event>| {
        seen.hit();
        async {}
    }));
    let response = service.oneshot(request).await.unwrap();
    assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
    let status = response.status();
    (status, json_body(response.into_body()).await, counter.get())
}

async fn assert_refused<B>(layer: &CallbackLayer, request: Request<B>, status: u16, code: i64)
where
    B: http_body::Body + 'static,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let (actual, reply, calls) = send(layer, request).await;
    assert_eq!(actual.as_u16(), status, "{reply}");
    assert_eq!(reply["ActionStatus"], "FAIL", "{reply}");
    assert_eq!(reply["ErrorCode"], code, "{reply}");
    assert!(!reply["ErrorInfo"].as_str().unwrap().is_empty());
    assert_eq!(reply.as_object().unwrap().len(), 3, "{reply}");
    assert_eq!(calls, 0, "the handler ran for a refused request");
}

#[tokio::test]
async fn a_valid_signed_callback_gets_the_exact_ok_reply() {
    let request = signed(Command::ROOM_AFTER_CREATE_ROOM, samples::CREATE_ROOM).build();
    let service = layer().layer(handler_fn(|_: Callback<Event>| async {}));
    let response = service.oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let bytes = http_body_util::BodyExt::collect(response.into_body())
        .await
        .unwrap()
        .to_bytes();
    assert_eq!(
        &bytes[..],
        br#"{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}"#
    );
}

#[tokio::test]
async fn step_1_only_post_is_accepted() {
    let mut request = signed(Command::ROOM_AFTER_CREATE_ROOM, samples::CREATE_ROOM).build();
    *request.method_mut() = http::Method::GET;
    let response = layer()
        .layer(handler_fn(|_: Callback<Event>| async {}))
        .oneshot(request)
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(response.headers()[header::ALLOW], "POST");
    assert_eq!(
        json_body(response.into_body()).await,
        json!({"ActionStatus":"FAIL","ErrorCode":40501,"ErrorInfo":"Tencent callbacks are sent with POST"})
    );
}

#[tokio::test]
async fn step_2_a_malformed_query_is_refused() {
    for uri in [
        "/callback",
        "/callback?CallbackCommand=Room.CallbackAfterCreateRoom",
        "/callback?SdkAppid=abc&CallbackCommand=Room.CallbackAfterCreateRoom",
        "/callback?SdkAppid=1400000000&SdkAppId=1400000000&CallbackCommand=Room.CallbackAfterCreateRoom",
        "/callback?SdkAppid=1400000000",
    ] {
        let request = Request::post(uri).body(Full::new(Bytes::from_static(b"{}"))).unwrap();
        assert_refused(&layer(), request, 400, 40001).await;
    }
    let request = signed(Command::ROOM_AFTER_CREATE_ROOM, samples::CREATE_ROOM)
        .query_param("Sign", "again")
        .build();
    let (status, reply, _) = send(&layer(), request).await;
    assert_eq!(status, 400);
    assert_eq!(
        reply,
        json!({"ActionStatus":"FAIL","ErrorCode":40001,
               "ErrorInfo":"query parameter `Sign` is given more than once"})
    );
}

#[tokio::test]
async fn step_3_another_apps_callback_is_refused() {
    let request = CallbackRequest::new(1400000001, Command::ROOM_AFTER_CREATE_ROOM)
        .body(samples::CREATE_ROOM)
        .signed(&token(), NOW)
        .build();
    let (status, reply, calls) = send(&layer(), request).await;
    assert_eq!((status.as_u16(), calls), (403, 0));
    assert_eq!(
        reply,
        json!({"ActionStatus":"FAIL","ErrorCode":40301,
               "ErrorInfo":"SdkAppid 1400000001 is not configured for this endpoint"})
    );
}

#[tokio::test]
async fn several_apps_may_be_accepted() {
    let layer = CallbackLayer::builder()
        .sdk_app_id(1)
        .sdk_app_id(2)
        .build()
        .unwrap();
    for app in [1, 2] {
        let request = CallbackRequest::new(app, Command::ROOM_AFTER_DESTROY_ROOM)
            .body(samples::DESTROY_ROOM)
            .build();
        assert_eq!(send(&layer, request).await.2, 1);
    }
}

#[tokio::test]
async fn step_4_commands_outside_the_allowed_set_are_refused() {
    let layer = CallbackLayer::builder()
        .sdk_app_id(APP)
        .allow_command(Command::ROOM_AFTER_CREATE_ROOM)
        .allow_command("Room.CallbackAfterDestroyRoom")
        .build()
        .unwrap();
    let request = CallbackRequest::new(APP, Command::ROOM_AFTER_MEMBER_ENTER)
        .body(samples::MEMBER_ENTER)
        .build();
    assert_refused(&layer, request, 403, 40302).await;
    // The word comes from the request: it is escaped in the message, never a raw newline.
    let request = CallbackRequest::new(APP, "Forged\nERROR line").build();
    let (_, reply, _) = send(&layer, request).await;
    assert_eq!(
        reply["ErrorInfo"],
        "CallbackCommand `Forged\\nERROR line` is not accepted by this endpoint"
    );
    for (command, body) in [
        (Command::ROOM_AFTER_CREATE_ROOM, samples::CREATE_ROOM),
        (Command::ROOM_AFTER_DESTROY_ROOM, samples::DESTROY_ROOM),
    ] {
        let request = CallbackRequest::new(APP, command).body(body).build();
        assert_eq!(send(&layer, request).await.2, 1);
    }
}

#[tokio::test]
async fn step_5_signatures() {
    let unsigned =
        CallbackRequest::new(APP, Command::ROOM_AFTER_CREATE_ROOM).body(samples::CREATE_ROOM);
    assert_refused(&layer(), unsigned.clone().build(), 401, 40101).await;
    // Only RequestTime.
    let request = unsigned
        .clone()
        .query_param("RequestTime", NOW.to_string())
        .build();
    assert_refused(&layer(), request, 401, 40101).await;
    // Stale and future, one second past the window either way.
    for time in [NOW - 61, NOW + 61] {
        let request = unsigned.clone().signed(&token(), time).build();
        assert_refused(&layer(), request, 401, 40102).await;
    }
    // At the edges of the window.
    for time in [NOW - 60, NOW + 60] {
        let request = unsigned.clone().signed(&token(), time).build();
        assert_eq!(send(&layer(), request).await.0, StatusCode::OK);
    }
    // Wrong token.
    let request = unsigned
        .clone()
        .signed(&Token::new("other").unwrap(), NOW)
        .build();
    assert_refused(&layer(), request, 401, 40104).await;
    // Malformed.
    let request = unsigned
        .clone()
        .query_param("Sign", "abc")
        .query_param("RequestTime", NOW.to_string())
        .build();
    assert_refused(&layer(), request, 401, 40103).await;
}

#[tokio::test]
async fn rotated_tokens_are_all_accepted() {
    let layer = CallbackLayer::builder()
        .sdk_app_id(APP)
        .token("old-token")
        .token(TOKEN)
        .clock(now)
        .build()
        .unwrap();
    for token in ["old-token", TOKEN] {
        let request = CallbackRequest::new(APP, Command::ROOM_AFTER_CREATE_ROOM)
            .body(samples::CREATE_ROOM)
            .signed(&Token::new(token).unwrap(), NOW)
            .build();
        assert_eq!(send(&layer, request).await.2, 1);
    }
}

#[tokio::test]
async fn the_signature_window_is_configurable() {
    let layer = CallbackLayer::builder()
        .sdk_app_id(APP)
        .token(TOKEN)
        .clock(now)
        .signature_window(Duration::from_secs(5))
        .build()
        .unwrap();
    let request = signed(Command::ROOM_AFTER_CREATE_ROOM, samples::CREATE_ROOM);
    assert_eq!(
        send(&layer, request.clone().signed(&token(), NOW - 5).build())
            .await
            .2,
        1
    );
    assert_refused(
        &layer,
        request.signed(&token(), NOW - 6).build(),
        401,
        40102,
    )
    .await;
}

#[tokio::test]
async fn without_a_token_unsigned_callbacks_pass() {
    let layer = CallbackLayer::builder().sdk_app_id(APP).build().unwrap();
    let request = CallbackRequest::new(APP, Command::ROOM_AFTER_CREATE_ROOM)
        .body(samples::CREATE_ROOM)
        .build();
    assert_eq!(send(&layer, request).await.2, 1);
}

#[tokio::test]
async fn step_6_a_declared_length_over_the_limit_is_refused_unread() {
    let request =
        signed(Command::ROOM_AFTER_CREATE_ROOM, samples::CREATE_ROOM).build_with(|_| Untouchable);
    let (mut parts, body) = request.into_parts();
    parts.headers.insert(header::CONTENT_LENGTH, 1025.into());
    assert_refused(&layer(), Request::from_parts(parts, body), 413, 41301).await;
}

#[tokio::test]
async fn step_6_a_size_hint_over_the_limit_is_refused_unread() {
    let big = Bytes::from(vec![b' '; 1025]);
    let mut request = signed(Command::ROOM_AFTER_CREATE_ROOM, samples::CREATE_ROOM)
        .body(big)
        .build();
    request.headers_mut().remove(header::CONTENT_LENGTH);
    assert_refused(&layer(), request, 413, 41301).await;
}

#[tokio::test]
async fn head_checks_come_before_the_body_is_read() {
    // Each of these must be refused without polling the body.
    let cases = [
        (
            CallbackRequest::new(7, Command::ROOM_AFTER_CREATE_ROOM),
            403,
            40301,
        ),
        (
            CallbackRequest::new(APP, Command::ROOM_AFTER_CREATE_ROOM),
            401,
            40101,
        ),
        (
            CallbackRequest::new(APP, Command::ROOM_AFTER_CREATE_ROOM)
                .signed(&token(), NOW)
                .content_type(Some("xml")),
            415,
            41501,
        ),
    ];
    for (request, status, code) in cases {
        assert_refused(&layer(), request.build_with(|_| Untouchable), status, code).await;
    }
}

#[tokio::test]
async fn step_7_a_content_type_other_than_json_is_refused() {
    let request = CallbackRequest::new(APP, Command::ROOM_AFTER_DESTROY_ROOM)
        .content_type(Some("xml"))
        .signed(&token(), NOW)
        .build_with(|_| Untouchable);
    assert_refused(&layer(), request, 415, 41501).await;
    // Any case of `json` is fine, and so is no parameter at all.
    for content_type in [Some("JSON"), Some("Json"), None] {
        let request = signed(Command::ROOM_AFTER_DESTROY_ROOM, samples::DESTROY_ROOM)
            .content_type(content_type)
            .build();
        assert_eq!(send(&layer(), request).await.2, 1, "{content_type:?}");
    }
}

#[tokio::test]
async fn step_8_a_chunked_body_growing_past_the_limit_is_refused() {
    let chunks = (0..5).map(|_| Bytes::from(vec![b' '; 300]));
    let request = signed(Command::ROOM_AFTER_CREATE_ROOM, samples::CREATE_ROOM)
        .build_with(|_| Chunked::new(chunks));
    assert_refused(&layer(), request, 413, 41301).await;
}

#[tokio::test]
async fn step_8_a_body_that_fails_to_arrive_is_refused() {
    let request = signed(Command::ROOM_AFTER_CREATE_ROOM, samples::CREATE_ROOM)
        .build_with(|_| Chunked::failing_after([Bytes::from_static(b"{\"Room")]));
    let (status, reply, calls) = send(&layer(), request).await;
    assert_eq!((status.as_u16(), calls), (400, 0));
    assert_eq!(reply["ErrorCode"], 40002);
    assert_eq!(
        reply["ErrorInfo"],
        "failed to read the body: connection reset by peer"
    );
}

#[tokio::test]
async fn a_chunked_body_within_the_limit_is_reassembled() {
    let (first, second) = samples::DESTROY_ROOM.split_at(20);
    let counter = Counter::default();
    let seen = counter.clone();
    let service = layer().layer(handler_fn(move |cb: Callback<Event>| {
        assert_eq!(cb.raw_body(), samples::DESTROY_ROOM.as_bytes());
        seen.hit();
        async {}
    }));
    let request =
        signed(Command::ROOM_AFTER_DESTROY_ROOM, samples::DESTROY_ROOM).build_with(|_| {
            Chunked::new([
                Bytes::from_static(first.as_bytes()),
                Bytes::from_static(second.as_bytes()),
            ])
        });
    assert_eq!(service.oneshot(request).await.unwrap().status(), 200);
    assert_eq!(counter.get(), 1);
}

/// A one-frame body reaches the handler as it came (a share of the server's buffer, no
/// copy); `detach` gives the callback bytes of its own, equal to them.
#[tokio::test]
async fn a_one_frame_body_is_shared_until_the_callback_is_detached() {
    // The body as a slice of a larger buffer, as hyper hands it over.
    let buffer = Bytes::from(format!("{}{}", samples::DESTROY_ROOM, " ".repeat(8000)));
    let body = buffer.slice(..samples::DESTROY_ROOM.len());
    let buffer_range = buffer.as_ptr_range();
    let kept = Arc::new(std::sync::Mutex::new(Vec::new()));
    let queue = Arc::clone(&kept);
    let service = layer().layer(handler_fn(move |cb: Callback<Event>| {
        assert!(buffer_range.contains(&cb.raw_body().as_ptr()), "not copied");
        let detached = cb.detach();
        assert!(!buffer_range.contains(&detached.raw_body().as_ptr()));
        assert_eq!(detached.raw_body(), samples::DESTROY_ROOM.as_bytes());
        assert!(matches!(detached.event(), Event::RoomAfterDestroyRoom(_)));
        queue.lock().unwrap().push(detached);
        async {}
    }));
    let request = signed(Command::ROOM_AFTER_DESTROY_ROOM, samples::DESTROY_ROOM)
        .build_with(|_| Full::new(body));
    assert_eq!(service.oneshot(request).await.unwrap().status(), 200);
    assert_eq!(kept.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn step_9_bodies_that_do_not_parse_are_refused() {
    let cases = [
        (Command::ROOM_AFTER_CREATE_ROOM, "{\"RoomInfo\":", 40003),
        (
            Command::ROOM_AFTER_UPDATE_ROOM_INFO,
            include_str!("fixtures/room-after-update-room-info.as-published.txt"),
            40003,
        ),
        (Command::ROOM_AFTER_DESTROY_ROOM, "{\"EventTime\":1}", 40004),
        (Command::ROOM_AFTER_DESTROY_ROOM, "{\"RoomId\":[1]}", 40004),
        (
            Command::ROOM_AFTER_DESTROY_ROOM,
            samples::CREATE_ROOM,
            40005,
        ),
    ];
    for (command, body, code) in cases {
        let request = signed(command, body).build();
        assert_refused(&layer(), request, 400, code).await;
    }
    let request = signed(
        Command::ROOM_AFTER_DESTROY_ROOM,
        "{\"RoomId\":{\"secret\":1}}",
    )
    .build();
    let (_, reply, _) = send(&layer(), request).await;
    assert_eq!(
        reply["ErrorInfo"],
        "body field `RoomId` is invalid: invalid type: object, expected a string or an integer (line 1, column 23)"
    );
}

#[tokio::test]
async fn every_sample_reaches_the_handler_typed_with_its_exact_bytes() {
    for (command, body) in samples::all() {
        let counter = Counter::default();
        let seen = counter.clone();
        let expected = command.clone();
        // The default body limit: some samples (push batches) are larger than `layer()`'s.
        let layer = CallbackLayer::builder()
            .sdk_app_id(APP)
            .token(TOKEN)
            .clock(now)
            .build()
            .unwrap();
        let service = layer.layer(handler_fn(move |cb: Callback<Event>| {
            assert_eq!(cb.command(), &expected);
            assert_eq!(cb.event().command(), expected);
            assert_eq!(cb.raw_body(), body.as_bytes());
            assert_eq!(cb.sdk_app_id(), APP);
            assert_eq!(cb.request_time(), Some(NOW));
            assert_eq!(cb.client_ip(), Some("127.0.0.1"));
            assert_eq!(cb.platform().map(|p| p.as_str()), Some("RESTAPI"));
            seen.hit();
            async { Reply::ok() }
        }));
        let response = service
            .oneshot(signed(command, body).build())
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(counter.get(), 1);
    }
}

#[tokio::test]
async fn the_old_update_command_spelling_is_accepted() {
    let request = CallbackRequest::new(APP, "Room.CallbackUpdateRoomInfo")
        .body(samples::UPDATE_ROOM_INFO)
        .signed(&token(), NOW)
        .build();
    assert_eq!(send(&layer(), request).await.2, 1);
}

#[tokio::test]
async fn unmodelled_commands_pass_through_verified() {
    let body = r#"{"CallbackCommand":"Future.CallbackAfterSomethingNew","GroupId":"@TGS#1"}"#;
    let service = layer().layer(handler_fn(move |cb: Callback<Event>| async move {
        match cb.event() {
            Event::Unknown { command, body: raw } => {
                assert_eq!(command.as_str(), "Future.CallbackAfterSomethingNew");
                assert_eq!(raw.get(), body);
                Ok(Reply::ok())
            }
            other => Err(Reply::fail(1, format!("unexpected {other:?}"))),
        }
    }));
    let request = signed(Command::from_wire("Future.CallbackAfterSomethingNew"), body).build();
    let response = service.oneshot(request).await.unwrap();
    assert_eq!(json_body(response.into_body()).await["ActionStatus"], "OK");
}

#[tokio::test]
async fn the_inner_service_sees_the_request_untouched_with_the_extension() {
    let inner = tower::service_fn(|request: Request<Full<Bytes>>| async move {
        assert_eq!(request.uri().path(), "/hook");
        assert!(request
            .uri()
            .query()
            .unwrap()
            .contains("SdkAppid=1400000000"));
        assert_eq!(request.headers()["x-trace"], "abc");
        let callback = request
            .extensions()
            .get::<Callback<Event>>()
            .unwrap()
            .clone();
        let body = http_body_util::BodyExt::collect(request.into_body())
            .await
            .unwrap();
        assert_eq!(body.to_bytes(), samples::MEMBER_LEAVE.as_bytes());
        assert!(matches!(callback.event(), Event::RoomAfterMemberLeave(_)));
        Ok::<_, Infallible>(Response::new(Full::new(Bytes::from_static(b"done"))))
    });
    let mut request = signed(Command::ROOM_AFTER_MEMBER_LEAVE, samples::MEMBER_LEAVE)
        .path("/hook")
        .build();
    request
        .headers_mut()
        .insert("x-trace", "abc".parse().unwrap());
    let response = layer().layer(inner).oneshot(request).await.unwrap();
    let bytes = http_body_util::BodyExt::collect(response.into_body())
        .await
        .unwrap();
    assert_eq!(bytes.to_bytes(), "done");
}

#[tokio::test]
async fn a_typed_handler_gets_its_event() {
    let service = layer().layer(handler_fn(|cb: Callback<CreateRoom>| async move {
        assert_eq!(
            cb.event().room_info.room_id.as_deref(),
            Some("tandy-test-rest")
        );
    }));
    let response = service
        .clone()
        .oneshot(signed(Command::ROOM_AFTER_CREATE_ROOM, samples::CREATE_ROOM).build())
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    // Another command is answered as the router answers commands nobody handles: OK.
    let response = service
        .oneshot(signed(Command::ROOM_AFTER_DESTROY_ROOM, samples::DESTROY_ROOM).build())
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(json_body(response.into_body()).await["ErrorCode"], 0);
}

#[tokio::test]
async fn handler_results_become_replies() {
    let service = layer().layer(handler_fn(|cb: Callback<Event>| async move {
        match cb.event() {
            Event::RoomAfterCreateRoom(_) => Err(Reply::fail(7, "not today")),
            _ => Ok((StatusCode::ACCEPTED, Reply::ok())),
        }
    }));
    let response = service
        .clone()
        .oneshot(signed(Command::ROOM_AFTER_CREATE_ROOM, samples::CREATE_ROOM).build())
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        json_body(response.into_body()).await,
        json!({"ActionStatus":"FAIL","ErrorInfo":"not today","ErrorCode":7})
    );
    let response = service
        .oneshot(signed(Command::ROOM_AFTER_DESTROY_ROOM, samples::DESTROY_ROOM).build())
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::ACCEPTED);
}

#[tokio::test]
async fn a_panicking_handler_gets_a_fail_reply() {
    let service = layer().layer(handler_fn(|cb: Callback<Event>| async move {
        if cb.sdk_app_id() == APP {
            panic!("handler bug");
        }
    }));
    let response = service
        .oneshot(signed(Command::ROOM_AFTER_CREATE_ROOM, samples::CREATE_ROOM).build())
        .await
        .unwrap();
    assert_eq!(response.status(), 500);
    assert_eq!(
        json_body(response.into_body()).await,
        json!({"ActionStatus":"FAIL","ErrorInfo":"the callback handler panicked","ErrorCode":50003})
    );
}

#[tokio::test]
async fn a_handler_that_panics_before_its_future_gets_a_fail_reply() {
    #[allow(unreachable_code)]
    let service = handler_fn(|_: Callback<Event>| {
        panic!("synchronous bug");
        async {}
    });
    let response = layer()
        .layer(service)
        .oneshot(signed(Command::ROOM_AFTER_CREATE_ROOM, samples::CREATE_ROOM).build())
        .await
        .unwrap();
    assert_eq!(response.status(), 500);
}

#[tokio::test]
async fn a_handler_without_the_layer_says_so() {
    let response = handler_fn(|_: Callback<Event>| async {})
        .oneshot(signed(Command::ROOM_AFTER_CREATE_ROOM, samples::CREATE_ROOM).build())
        .await
        .unwrap();
    assert_eq!(response.status(), 500);
    let reply = json_body(response.into_body()).await;
    assert_eq!(reply["ErrorCode"], 50001);
    assert!(reply["ErrorInfo"]
        .as_str()
        .unwrap()
        .contains("CallbackLayer"));
}

#[tokio::test]
async fn the_reply_layer_wraps_existing_services() {
    #[derive(Debug)]
    struct Unavailable;
    impl tencent_im_callback::IntoReply for Unavailable {
        fn status(&self) -> StatusCode {
            StatusCode::SERVICE_UNAVAILABLE
        }
        fn into_reply(self) -> Reply {
            Reply::fail(9, "try later")
        }
    }
    let inner = tower::service_fn(|request: Request<Full<Bytes>>| async move {
        match request
            .extensions()
            .get::<Callback<Event>>()
            .map(Callback::event)
        {
            Some(Event::RoomAfterCreateRoom(_)) => Ok(Reply::ok()),
            _ => Err(Unavailable),
        }
    });
    let service = layer().layer(ReplyLayer.layer(inner));
    let ok = service
        .clone()
        .oneshot(signed(Command::ROOM_AFTER_CREATE_ROOM, samples::CREATE_ROOM).build())
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    let failed = service
        .oneshot(signed(Command::ROOM_AFTER_DESTROY_ROOM, samples::DESTROY_ROOM).build())
        .await
        .unwrap();
    assert_eq!(failed.status(), 503);
    assert_eq!(json_body(failed.into_body()).await["ErrorCode"], 9);
}

/// Not ready on the first poll, then ready; counts calls. A clone starts unready.
#[derive(Default)]
struct SlowToStart {
    polled: bool,
    calls: Counter,
}

impl Clone for SlowToStart {
    fn clone(&self) -> Self {
        SlowToStart {
            polled: false,
            calls: self.calls.clone(),
        }
    }
}

impl Service<Request<Full<Bytes>>> for SlowToStart {
    type Response = Response<Full<Bytes>>;
    type Error = Infallible;
    type Future = std::future::Ready<Result<Self::Response, Infallible>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        if self.polled {
            Poll::Ready(Ok(()))
        } else {
            self.polled = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }

    fn call(&mut self, _: Request<Full<Bytes>>) -> Self::Future {
        assert!(self.polled, "called without being ready");
        self.calls.hit();
        std::future::ready(Ok(Response::new(Full::default())))
    }
}

#[tokio::test]
async fn readiness_is_passed_through_and_the_readied_service_is_called() {
    let inner = SlowToStart::default();
    let calls = inner.calls.clone();
    let mut service = layer().layer(inner);
    let waker = std::task::Waker::noop();
    let mut cx = Context::from_waker(waker);
    assert!(Service::<Request<Full<Bytes>>>::poll_ready(&mut service, &mut cx).is_pending());
    assert!(Service::<Request<Full<Bytes>>>::poll_ready(&mut service, &mut cx).is_ready());
    let response = service
        .call(signed(Command::ROOM_AFTER_CREATE_ROOM, samples::CREATE_ROOM).build())
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(calls.get(), 1);
    // The clone left behind has not been readied.
    assert!(!service.get_ref().polled);
}

#[tokio::test]
async fn a_refused_request_leaves_the_readied_service_in_place() {
    let mut service = layer().layer(SlowToStart::default());
    let mut cx = Context::from_waker(std::task::Waker::noop());
    while Service::<Request<Full<Bytes>>>::poll_ready(&mut service, &mut cx).is_pending() {}
    let refused = CallbackRequest::new(7, Command::ROOM_AFTER_CREATE_ROOM).build();
    assert_eq!(service.call(refused).await.unwrap().status(), 403);
    // Still the readied instance: the next request is served without a new poll_ready.
    assert!(service.get_ref().polled);
    let accepted = signed(Command::ROOM_AFTER_CREATE_ROOM, samples::CREATE_ROOM).build();
    assert_eq!(service.call(accepted).await.unwrap().status(), 200);
    assert_eq!(service.get_ref().calls.get(), 1);
}

#[derive(Clone)]
struct Broken;

impl Service<Request<Full<Bytes>>> for Broken {
    type Response = Response<Full<Bytes>>;
    type Error = std::io::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Err(std::io::Error::other("backend down")))
    }

    fn call(&mut self, _: Request<Full<Bytes>>) -> Self::Future {
        unreachable!("never ready")
    }
}

#[tokio::test]
async fn readiness_errors_are_the_inner_services() {
    let error = layer()
        .layer(Broken)
        .oneshot(signed(Command::ROOM_AFTER_CREATE_ROOM, samples::CREATE_ROOM).build())
        .await
        .unwrap_err();
    assert_eq!(error.to_string(), "backend down");
}

#[tokio::test]
async fn rejections_can_be_reshaped() {
    let layer = CallbackLayer::builder()
        .sdk_app_id(APP)
        .rejection_response(|rejection| {
            let mut response = rejection.to_response();
            *response.status_mut() = StatusCode::OK;
            response
        })
        .build()
        .unwrap();
    let request = CallbackRequest::new(9, Command::ROOM_AFTER_CREATE_ROOM).build();
    let (status, reply, _) = send(&layer, request).await;
    assert_eq!(status, 200);
    assert_eq!(reply["ErrorCode"], 40301);
}

#[test]
fn invalid_settings_fail_at_build() {
    use tencent_im_callback::layer::ConfigError;
    assert_eq!(
        CallbackLayer::builder().build().unwrap_err(),
        ConfigError::NoAppId
    );
    let error = CallbackLayer::builder()
        .sdk_app_id(1)
        .token("")
        .build()
        .unwrap_err();
    assert!(matches!(error, ConfigError::Token { index: 0, .. }));
    let long = "t".repeat(129);
    let error = CallbackLayer::builder()
        .sdk_app_id(1)
        .token(&long)
        .build()
        .unwrap_err();
    assert!(!error.to_string().contains(&long));
    assert_eq!(
        CallbackLayer::builder()
            .sdk_app_id(1)
            .body_limit(0)
            .build()
            .unwrap_err(),
        ConfigError::ZeroBodyLimit
    );
}

#[test]
fn debug_output_hides_tokens() {
    let layer = layer();
    let service = layer.layer(handler_fn(|_: Callback<Event>| async {}));
    for text in [
        format!("{layer:?}"),
        format!("{service:?}"),
        format!("{:?}", CallbackLayer::builder().token(TOKEN)),
    ] {
        assert!(!text.contains(TOKEN), "{text}");
    }
}

/// The examples write each callback as `serde_json::to_writer(&callback)` plus a newline: a
/// pretty-printed body, modelled or not, must still give exactly one line, and a body cannot
/// forge a record on a line of its own.
#[tokio::test]
async fn pretty_printed_bodies_give_one_output_line() {
    let lines = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let written = std::sync::Arc::clone(&lines);
    let service = layer().layer(handler_fn(move |cb: Callback<Event>| {
        let written = std::sync::Arc::clone(&written);
        async move {
            let mut line = serde_json::to_vec(&cb).unwrap();
            line.push(b'\n');
            written.lock().unwrap().push(line);
        }
    }));
    let pretty_create =
        serde_json::to_string_pretty(&serde_json::from_str::<Value>(samples::CREATE_ROOM).unwrap())
            .unwrap();
    let forged = "{\"RoomId\":\"r1\",\"Notes\":[\n{\"sdk_app_id\":1,\"command\":\"X\",\
                  \"client_ip\":null,\"platform\":null,\"event\":{}}\n]}";
    let bodies = [
        (Command::ROOM_AFTER_CREATE_ROOM, pretty_create),
        (Command::ROOM_AFTER_DESTROY_ROOM, forged.to_owned()),
        (
            Command::from_wire("C2C.CallbackAfterSomethingNew"),
            "{\r\"MsgKey\":\"x\"\r}".to_owned(),
        ),
    ];
    for (command, body) in bodies {
        let request = CallbackRequest::new(APP, command)
            .body(body)
            .signed(&token(), NOW)
            .build();
        let response = service.clone().oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
    }
    for line in lines.lock().unwrap().iter() {
        let text = std::str::from_utf8(line).unwrap();
        assert_eq!(text.matches(['\n', '\r']).count(), 1, "{text}");
        assert!(text.ends_with('\n'));
        let record: Value = serde_json::from_str(text).unwrap();
        assert_eq!(record["sdk_app_id"], APP);
    }
    assert_eq!(lines.lock().unwrap().len(), 3);
}
