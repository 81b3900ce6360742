//! The 0.2 API: typed routing by command, explicit authentication, bound tokens, counters,
//! one renderer and hook for every FAIL reply, mismatched bodies, and the axum extractors.

mod common;

use std::error::Error;

use common::*;
use http::{header, StatusCode};
use http_body_util::BodyExt;
use tencent_im_callback::c2c::{BeforeSendMsg, SendMsgReply};
use tencent_im_callback::event::{MismatchedBodies, Unparsed};
use tencent_im_callback::layer::{ConfigError, RejectionKind};
use tencent_im_callback::room::CreateRoom;
use tencent_im_callback::sign::Token;
use tencent_im_callback::test_util::{samples, CallbackRequest};
use tencent_im_callback::{
    handler_fn, Callback, CallbackLayer, Command, CommandRouter, Event, IntoReply, Rejection, Reply,
};
use tower::{Layer, ServiceExt};

fn signed(command: Command, body: &'static str) -> CallbackRequest {
    CallbackRequest::new(APP, command)
        .body(body)
        .signed(&Token::new(TOKEN).unwrap(), NOW)
}

#[tokio::test]
async fn a_before_callback_handler_answers_with_its_typed_reply() {
    let router = CommandRouter::new().on(|cb: Callback<BeforeSendMsg>| async move {
        if cb.event().from_account == "jared" {
            SendMsgReply::Discard
        } else {
            SendMsgReply::Allow
        }
    });
    let service = CallbackLayer::builder()
        .sdk_app_id(APP)
        .build()
        .unwrap()
        .layer(router);
    let sample = samples::of(&Command::C2C_BEFORE_SEND_MSG).unwrap();
    let request = CallbackRequest::new(APP, Command::C2C_BEFORE_SEND_MSG).body(sample);
    let response = service.oneshot(request.build()).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let reply = json_body(response.into_body()).await;
    assert_eq!(reply["ActionStatus"], "OK");
    assert_eq!(reply["ErrorCode"], 2);
}

#[test]
fn the_table_tells_product_and_timing_and_the_event_stays_small() {
    let info = Command::C2C_BEFORE_SEND_MSG.info().unwrap();
    assert_eq!(info.variant(), "C2cBeforeSendMsg");
    assert_eq!(info.body_type(), "c2c::BeforeSendMsg");
    // Bodies are boxed: an event is a few words however large a body is.
    assert!(
        std::mem::size_of::<Event>() <= 48,
        "{}",
        std::mem::size_of::<Event>()
    );
    println!(
        "size_of::<Event>() = {}, size_of::<Callback<Event>>() = {}",
        std::mem::size_of::<Event>(),
        std::mem::size_of::<Callback<Event>>()
    );
}

#[tokio::test]
async fn a_known_word_given_as_text_is_the_known_command() {
    let service = CallbackLayer::builder()
        .sdk_app_id(APP)
        .allow_command(Command::from_wire("Room.CallbackAfterCreateRoom"))
        .build()
        .unwrap()
        .layer(handler_fn(|_: Callback<CreateRoom>| async {}));
    let request = CallbackRequest::new(APP, Command::ROOM_AFTER_CREATE_ROOM)
        .body(samples::CREATE_ROOM)
        .build();
    assert_eq!(service.oneshot(request).await.unwrap().status(), 200);
}

#[test]
fn unsigned_and_a_token_together_are_refused() {
    let error = CallbackLayer::builder()
        .sdk_app_id(APP)
        .unsigned()
        .token(TOKEN)
        .build()
        .unwrap_err();
    assert_eq!(error, ConfigError::UnsignedWithToken);
}

#[tokio::test]
async fn tokens_bound_to_an_app_sign_that_app_only_and_the_match_is_named() {
    let other_app = APP + 1;
    let layer = CallbackLayer::builder()
        .sdk_app_id(APP)
        .sdk_app_id(other_app)
        .token_for(other_app, "other-token")
        .token_for(APP, TOKEN)
        .clock(now)
        .build()
        .unwrap();
    let service = layer.layer(handler_fn(|cb: Callback<Event>| async move {
        let token = cb.signed_with().map(|token| token.index());
        Reply::ok().try_with_field("token", token).unwrap()
    }));
    let response = service
        .clone()
        .oneshot(signed(Command::ROOM_AFTER_DESTROY_ROOM, samples::DESTROY_ROOM).build())
        .await
        .unwrap();
    assert_eq!(json_body(response.into_body()).await["token"], 1);
    // The other app's token does not sign this app's callbacks.
    let crossed = CallbackRequest::new(APP, Command::ROOM_AFTER_DESTROY_ROOM)
        .body(samples::DESTROY_ROOM)
        .signed(&Token::new("other-token").unwrap(), NOW)
        .build();
    let response = service.oneshot(crossed).await.unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        layer.counters().refused(RejectionKind::SignatureMismatch),
        1
    );
    assert_eq!(layer.counters().accepted(), 1);
}

#[tokio::test]
async fn refusals_are_counted_by_reason() {
    let layer = CallbackLayer::builder().sdk_app_id(APP).build().unwrap();
    let service = layer.layer(handler_fn(|_: Callback<Event>| async {}));
    let requests = [
        CallbackRequest::new(APP + 1, Command::ROOM_AFTER_DESTROY_ROOM).build(),
        CallbackRequest::new(APP, Command::ROOM_AFTER_DESTROY_ROOM)
            .body("{")
            .build(),
        CallbackRequest::new(APP, Command::ROOM_AFTER_DESTROY_ROOM)
            .body(r#"{"RoomId":[]}"#)
            .build(),
        CallbackRequest::new(APP, Command::ROOM_AFTER_DESTROY_ROOM)
            .body(samples::DESTROY_ROOM)
            .build(),
    ];
    for request in requests {
        service.clone().oneshot(request).await.unwrap();
    }
    let counters = layer.counters();
    assert_eq!(counters.refused(RejectionKind::UnknownAppId), 1);
    assert_eq!(counters.refused(RejectionKind::BodySyntax), 1);
    assert_eq!(counters.refused(RejectionKind::BodyShape), 1);
    assert_eq!(counters.refused_total(), 3);
    assert_eq!(counters.refused_after_authentication(), 2);
    assert_eq!(counters.accepted(), 1);
}

#[tokio::test]
async fn mismatched_bodies_can_be_delivered_unparsed() {
    let layer = CallbackLayer::builder()
        .sdk_app_id(APP)
        .mismatched_bodies(MismatchedBodies::Deliver)
        .build()
        .unwrap();
    let service = layer.layer(handler_fn(|cb: Callback<Event>| async move {
        match cb.event() {
            Event::Unparsed(unparsed) => {
                let unparsed: &Unparsed = unparsed;
                assert_eq!(unparsed.command(), &Command::ROOM_AFTER_MEMBER_ENTER);
                assert_eq!(
                    unparsed.body().get(),
                    r#"{"RoomId":"r","MemberCount":"many"}"#
                );
                assert_eq!(unparsed.error().path(), Some("MemberCount"));
                Reply::ok()
            }
            _ => Reply::fail(1, "expected an unparsed event"),
        }
    }));
    let request = CallbackRequest::new(APP, Command::ROOM_AFTER_MEMBER_ENTER)
        .body(r#"{"RoomId":"r","MemberCount":"many"}"#)
        .build();
    let response = service.clone().oneshot(request).await.unwrap();
    assert_eq!(json_body(response.into_body()).await["ErrorCode"], 0);
    // Invalid JSON is still refused, and so is a body naming another command.
    for body in [
        "{",
        r#"{"CallbackCommand":"Room.CallbackAfterCreateRoom","RoomId":[]}"#,
    ] {
        let request = CallbackRequest::new(APP, Command::ROOM_AFTER_MEMBER_ENTER)
            .body(body)
            .build();
        let response = service.clone().oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{body}");
    }
}

#[tokio::test]
async fn one_hook_shapes_rejections_handler_errors_and_panics_alike() {
    let layer = CallbackLayer::builder()
        .sdk_app_id(APP)
        .map_fail_response(|parts, reply| {
            parts.status = StatusCode::OK;
            parts
                .headers
                .insert("x-error-code", reply.error_code().into());
        })
        .build()
        .unwrap();
    let service = layer.layer(handler_fn(|cb: Callback<Event>| async move {
        match cb.event() {
            Event::RoomAfterCreateRoom(_) => panic!("a handler bug"),
            _ => Err::<(), Box<dyn Error + Send + Sync>>("postgres://user:secret@db".into()),
        }
    }));
    let cases = [
        (
            CallbackRequest::new(APP + 1, Command::ROOM_AFTER_DESTROY_ROOM),
            40301,
        ),
        (
            CallbackRequest::new(APP, Command::ROOM_AFTER_CREATE_ROOM).body(samples::CREATE_ROOM),
            50003,
        ),
        (
            CallbackRequest::new(APP, Command::ROOM_AFTER_DESTROY_ROOM).body(samples::DESTROY_ROOM),
            50004,
        ),
    ];
    for (request, code) in cases {
        let response = service.clone().oneshot(request.build()).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            response.headers()["x-error-code"],
            code.to_string().as_str()
        );
        let body = response.into_body().collect().await.unwrap().to_bytes();
        let text = std::str::from_utf8(&body).unwrap();
        assert!(!text.contains("secret"), "{text}");
        assert!(text.contains("\"FAIL\""), "{text}");
    }
}

#[test]
fn a_rejection_renders_the_same_through_either_path() {
    let direct = Rejection::MethodNotAllowed.to_response();
    let through_reply = Rejection::MethodNotAllowed.into_http_response();
    assert_eq!(direct.status(), through_reply.status());
    assert_eq!(direct.headers(), through_reply.headers());
    assert_eq!(direct.headers()[header::ALLOW], "POST");
}

#[tokio::test]
async fn a_failed_body_read_keeps_its_source() {
    let seen = std::sync::Arc::new(std::sync::Mutex::new(None));
    let kept = seen.clone();
    let layer_with_hook = CallbackLayer::builder()
        .sdk_app_id(APP)
        .rejection_response(move |rejection| {
            *kept.lock().unwrap() = rejection.source().map(|source| source.to_string());
            rejection.to_response()
        })
        .build()
        .unwrap();
    let service = layer_with_hook.layer(handler_fn(|_: Callback<Event>| async {}));
    let request = CallbackRequest::new(APP, Command::ROOM_AFTER_DESTROY_ROOM)
        .body(samples::DESTROY_ROOM)
        .build_with(|bytes| Chunked::failing_after([bytes]));
    let response = service.oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(seen.lock().unwrap().is_some());
}

#[tokio::test]
async fn axum_takes_an_optional_callback_and_explains_a_second_extraction() {
    use axum::routing::post;

    async fn optional(
        created: Option<Callback<CreateRoom>>,
        any: Option<Callback<Event>>,
    ) -> Reply {
        // A create-room callback goes to the first; anything else is left for the second.
        let answer = match (created, any) {
            (Some(_), None) => "created",
            (None, Some(_)) => "other",
            _ => "neither",
        };
        Reply::ok().try_with_field("seen", answer).unwrap()
    }
    async fn twice(_: Callback<Event>, _: Callback<Event>) -> Reply {
        Reply::ok()
    }
    let app = axum::Router::new()
        .route("/optional", post(optional))
        .route("/twice", post(twice))
        .route_layer(CallbackLayer::builder().sdk_app_id(APP).build().unwrap());
    for (command, body, seen) in [
        (
            Command::ROOM_AFTER_CREATE_ROOM,
            samples::CREATE_ROOM,
            "created",
        ),
        (
            Command::ROOM_AFTER_DESTROY_ROOM,
            samples::DESTROY_ROOM,
            "other",
        ),
    ] {
        let request = CallbackRequest::new(APP, command)
            .path("/optional")
            .body(body)
            .build_with(axum::body::Body::from);
        let response = app.clone().oneshot(request).await.unwrap();
        let reply = json_body(response.into_body()).await;
        assert_eq!(reply["seen"], seen, "{reply}");
    }
    let request = CallbackRequest::new(APP, Command::ROOM_AFTER_DESTROY_ROOM)
        .path("/twice")
        .body(samples::DESTROY_ROOM)
        .build_with(axum::body::Body::from);
    let response = app.oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let reply = json_body(response.into_body()).await;
    assert_eq!(reply["ErrorCode"], 50005);
    assert!(reply["ErrorInfo"]
        .as_str()
        .unwrap()
        .contains("already taken"));
}
