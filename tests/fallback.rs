//! Deadlines and fallback replies (feature `deadline`), on tokio's paused clock: a late,
//! failing or panicking handler gets the fallback its command's policy names, in time.

mod common;

use std::time::Duration;

use common::*;
use http::StatusCode;
use tencent_im_callback::c2c::{BeforeSendMsg, SendMsgReply};
use tencent_im_callback::handler::fallback::{AfterFailure, FallbackCause, FallbackLayer};
use tencent_im_callback::room::DestroyRoom;
use tencent_im_callback::test_util::{samples, CallbackRequest};
use tencent_im_callback::{
    handler_fn, Callback, CallbackLayer, Command, CommandRouter, Event, Reply,
};
use tokio::time::Instant;
use tower::{Layer, ServiceExt};

const DEADLINE: Duration = Duration::from_millis(1500);
const GIFT: &str = "Live.CallbackBeforeSendGift";

fn callback_layer() -> CallbackLayer {
    CallbackLayer::builder().sdk_app_id(APP).build().unwrap()
}

fn message() -> CallbackRequest {
    CallbackRequest::new(APP, Command::C2C_BEFORE_SEND_MSG)
        .body(samples::of(&Command::C2C_BEFORE_SEND_MSG).unwrap())
}

fn gift() -> CallbackRequest {
    let command = Command::from_wire(GIFT);
    CallbackRequest::new(APP, command.clone()).body(samples::of(&command).unwrap_or("{}"))
}

fn destroy() -> CallbackRequest {
    CallbackRequest::new(APP, Command::ROOM_AFTER_DESTROY_ROOM).body(samples::DESTROY_ROOM)
}

/// A handler that takes 5 s, far past Tencent's 2.
async fn slow() -> Reply {
    tokio::time::sleep(Duration::from_secs(5)).await;
    Reply::ok()
}

/// Sends `request` through the layers and the handler; gives the status, the reply and how
/// long it took on the paused clock.
async fn send<H, Fut>(
    fallbacks: FallbackLayer,
    handler: H,
    request: CallbackRequest,
) -> (StatusCode, serde_json::Value, Duration)
where
    H: Fn(Callback<Event>) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future + Send + 'static,
    Fut::Output: tencent_im_callback::IntoReply,
{
    let service = callback_layer().layer(fallbacks.layer(handler_fn(handler)));
    let start = Instant::now();
    let response = service.oneshot(request.build()).await.unwrap();
    let took = start.elapsed();
    let status = response.status();
    (status, json_body(response.into_body()).await, took)
}

fn deadline() -> FallbackLayer {
    FallbackLayer::builder().deadline(DEADLINE).build()
}

#[tokio::test(start_paused = true)]
async fn a_slow_message_handler_gets_tencents_default_at_the_deadline() {
    let layer = deadline();
    let counters = layer.counters();
    let (status, reply, took) = send(layer, |_| slow(), message()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (reply["ActionStatus"].as_str(), reply["ErrorCode"].as_i64()),
        (Some("OK"), Some(0))
    );
    assert_eq!(took, DEADLINE);
    assert_eq!(counters.get(FallbackCause::Deadline), 1);
}

#[tokio::test(start_paused = true)]
async fn a_message_can_fail_closed() {
    let layer = FallbackLayer::builder()
        .deadline_for(Command::C2C_BEFORE_SEND_MSG, DEADLINE)
        .fallback::<BeforeSendMsg>(SendMsgReply::Reject)
        .build();
    let (status, reply, took) = send(layer, |_| slow(), message()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(reply["ErrorCode"], 1);
    assert_eq!(took, DEADLINE);
}

#[tokio::test(start_paused = true)]
async fn a_slow_gift_handler_is_refused_as_tencent_would() {
    let (status, reply, took) = send(deadline(), |_| slow(), gift()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(reply["ActionStatus"], "OK");
    assert_eq!(reply["ErrorCode"], 1);
    assert_eq!(took, DEADLINE);
}

#[tokio::test(start_paused = true)]
async fn a_slow_after_callback_fails_so_tencent_may_retry_or_is_acknowledged() {
    let (status, reply, took) = send(deadline(), |_| slow(), destroy()).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(reply["ActionStatus"], "FAIL");
    assert_eq!(took, DEADLINE);

    let acknowledge = FallbackLayer::builder()
        .deadline(DEADLINE)
        .after_failure(AfterFailure::Acknowledge)
        .build();
    let (status, reply, _) = send(acknowledge, |_| slow(), destroy()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(reply["ActionStatus"], "OK");
}

#[tokio::test(start_paused = true)]
async fn errors_and_panics_get_the_same_fallback() {
    let closed = || {
        FallbackLayer::builder()
            .deadline(DEADLINE)
            .fallback::<BeforeSendMsg>(SendMsgReply::Reject)
            .build()
    };
    let layer = closed();
    let counters = layer.counters();
    let failing = |_| async { Err::<Reply, _>(Reply::fail(7, "database down")) };
    let (status, reply, took) = send(layer, failing, message()).await;
    assert_eq!(
        (status, reply["ErrorCode"].as_i64()),
        (StatusCode::OK, Some(1))
    );
    assert_eq!(took, Duration::ZERO);
    assert_eq!(counters.get(FallbackCause::Error), 1);

    let layer = closed();
    let counters = layer.counters();
    let panicking = |_| async {
        if true {
            panic!("a bug in the moderation handler");
        }
        Reply::ok()
    };
    let (status, reply, _) = send(layer, panicking, message()).await;
    assert_eq!(
        (status, reply["ErrorCode"].as_i64()),
        (StatusCode::OK, Some(1))
    );
    assert_eq!(counters.get(FallbackCause::Panic), 1);

    // An after-callback's failure keeps its own FAIL reply by default.
    let (status, reply, _) = send(closed(), failing, destroy()).await;
    assert_eq!(
        (status, reply["ErrorCode"].as_i64()),
        (StatusCode::OK, Some(7))
    );
}

#[tokio::test(start_paused = true)]
async fn a_fast_handler_is_untouched() {
    let layer = deadline();
    let counters = layer.counters();
    let fast = |_| async { Reply::reject_with(120001, "blocked word") };
    let (status, reply, took) = send(layer, fast, message()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(reply["ErrorCode"], 120001);
    assert_eq!(reply["ErrorInfo"], "blocked word");
    assert_eq!(took, Duration::ZERO);
    assert_eq!(counters.total(), 0);
}

#[tokio::test(start_paused = true)]
async fn the_router_gets_the_same_treatment_and_commands_without_a_handler_keep_their_default() {
    let router = CommandRouter::new()
        .on(|_: Callback<BeforeSendMsg>| async {
            tokio::time::sleep(Duration::from_secs(5)).await;
            SendMsgReply::Allow
        })
        .on(|_: Callback<DestroyRoom>| async {});
    let layer = FallbackLayer::builder()
        .deadline_for_product(tencent_im_callback::command::Product::C2c, DEADLINE)
        .fallback::<BeforeSendMsg>(SendMsgReply::Discard)
        .build();
    let service = callback_layer().layer(layer.layer(router));
    let start = Instant::now();
    let response = service.clone().oneshot(message().build()).await.unwrap();
    assert_eq!(start.elapsed(), DEADLINE);
    assert_eq!(json_body(response.into_body()).await["ErrorCode"], 2);
    // No handler for the gift: the router's documented default (OK, allow), at once.
    let start = Instant::now();
    let response = service.oneshot(gift().build()).await.unwrap();
    assert_eq!(start.elapsed(), Duration::ZERO);
    assert_eq!(json_body(response.into_body()).await["ErrorCode"], 0);
}
