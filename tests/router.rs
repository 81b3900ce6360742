//! Per-command dispatch with `CommandRouter`.

mod common;

use std::sync::{Arc, Mutex};

use common::*;
use serde_json::json;
use tencent_im_callback::room::{CreateRoom, MemberLeave};
use tencent_im_callback::test_util::{samples, CallbackRequest};
use tencent_im_callback::{Callback, CallbackLayer, Command, CommandRouter, Event, Reply};
use tower::{Layer, ServiceExt};

fn layer() -> CallbackLayer {
    CallbackLayer::builder().sdk_app_id(APP).build().unwrap()
}

type Log = Arc<Mutex<Vec<String>>>;

fn router(log: &Log) -> CommandRouter {
    let (created, left, group) = (log.clone(), log.clone(), log.clone());
    CommandRouter::new()
        .on(move |cb: Callback<CreateRoom>| {
            let room = cb.event().room_info.room_id.clone().unwrap_or_default();
            created.lock().unwrap().push(format!("created {room}"));
            async {}
        })
        .on(move |cb: Callback<MemberLeave>| {
            left.lock()
                .unwrap()
                .push(format!("left {}", cb.event().room_id));
            async { Reply::fail(42, "kept for the test") }
        })
        .on_command(
            "Group.CallbackAfterCreateGroup",
            move |cb: Callback<Event>| {
                group
                    .lock()
                    .unwrap()
                    .push(format!("group {}", cb.raw_body().len()));
                async {}
            },
        )
}

async fn reply_of(
    service: impl tower::Service<
        http::Request<http_body_util::Full<bytes::Bytes>>,
        Response = http::Response<impl http_body::Body<Error = impl std::fmt::Debug>>,
        Error = std::convert::Infallible,
    >,
    request: CallbackRequest,
) -> (u16, serde_json::Value) {
    let response = service.oneshot(request.build()).await.unwrap();
    (
        response.status().as_u16(),
        json_body(response.into_body()).await,
    )
}

#[tokio::test]
async fn each_command_reaches_its_own_handler() {
    let log = Log::default();
    let service = layer().layer(router(&log));
    let (_, reply) = reply_of(
        service.clone(),
        CallbackRequest::new(APP, Command::ROOM_AFTER_CREATE_ROOM).body(samples::CREATE_ROOM),
    )
    .await;
    assert_eq!(reply["ActionStatus"], "OK");
    let (_, reply) = reply_of(
        service.clone(),
        CallbackRequest::new(APP, Command::ROOM_AFTER_MEMBER_LEAVE).body(samples::MEMBER_LEAVE),
    )
    .await;
    assert_eq!(reply["ErrorCode"], 42);
    let (_, reply) = reply_of(
        service,
        CallbackRequest::new(APP, "Group.CallbackAfterCreateGroup").body(r#"{"GroupId":"g"}"#),
    )
    .await;
    assert_eq!(reply["ActionStatus"], "OK");
    assert_eq!(
        *log.lock().unwrap(),
        ["created tandy-test-rest", "left rid-123", "group 15"]
    );
}

#[tokio::test]
async fn unregistered_commands_are_answered_ok_by_default() {
    let log = Log::default();
    let (status, reply) = reply_of(
        layer().layer(router(&log)),
        CallbackRequest::new(APP, Command::ROOM_AFTER_DESTROY_ROOM).body(samples::DESTROY_ROOM),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        reply,
        json!({"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0})
    );
    assert!(log.lock().unwrap().is_empty());
}

#[tokio::test]
async fn the_fallback_takes_unregistered_commands() {
    let log = Log::default();
    let seen = log.clone();
    let service = layer().layer(router(&log).fallback(move |cb: Callback<Event>| {
        seen.lock()
            .unwrap()
            .push(format!("fallback {}", cb.command()));
        async { Reply::reject() }
    }));
    let (_, reply) = reply_of(
        service,
        CallbackRequest::new(APP, "Future.CallbackBeforeSomething").body("{}"),
    )
    .await;
    assert_eq!(reply["ErrorCode"], 1);
    assert_eq!(
        *log.lock().unwrap(),
        ["fallback Future.CallbackBeforeSomething"]
    );
}

#[tokio::test]
async fn the_old_update_spelling_reaches_the_update_handler() {
    let log = Log::default();
    let seen = log.clone();
    let service = layer().layer(CommandRouter::new().on(
        move |cb: Callback<tencent_im_callback::room::UpdateRoomInfo>| {
            seen.lock()
                .unwrap()
                .push(cb.event().room_info.room_id.clone().unwrap_or_default());
            async {}
        },
    ));
    reply_of(
        service,
        CallbackRequest::new(APP, "Room.CallbackUpdateRoomInfo").body(samples::UPDATE_ROOM_INFO),
    )
    .await;
    assert_eq!(*log.lock().unwrap(), ["rid-123"]);
}

#[tokio::test]
async fn a_panicking_handler_is_a_fail_reply() {
    let service = layer().layer(
        CommandRouter::new().on(|cb: Callback<CreateRoom>| async move {
            if cb.sdk_app_id() == APP {
                panic!("bug in a handler");
            }
        }),
    );
    let (status, reply) = reply_of(
        service,
        CallbackRequest::new(APP, Command::ROOM_AFTER_CREATE_ROOM).body(samples::CREATE_ROOM),
    )
    .await;
    assert_eq!((status, reply["ErrorCode"].clone()), (500, json!(50003)));
}

#[tokio::test]
async fn without_the_layer_the_router_says_so() {
    let (status, reply) = reply_of(
        CommandRouter::new(),
        CallbackRequest::new(APP, Command::ROOM_AFTER_CREATE_ROOM).body(samples::CREATE_ROOM),
    )
    .await;
    assert_eq!((status, reply["ErrorCode"].clone()), (500, json!(50001)));
}

#[test]
fn debug_lists_the_commands() {
    let text = format!("{:?}", router(&Log::default()));
    assert!(text.contains("Room.CallbackAfterCreateRoom"), "{text}");
    assert!(text.contains("Group.CallbackAfterCreateGroup"), "{text}");
}
