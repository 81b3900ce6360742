//! The HTTP side of the `moderate` example: the axum app that answers Tencent's before-send
//! callbacks for one-to-one and group messages with the policy's decision, and reports each
//! decision as one JSON line. Tests include this file as it is.

// Each user of this file (the example, its tests) uses a part of it.
#![allow(dead_code)]

use std::future::{ready, Ready};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::Request;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use http::StatusCode;
use serde_json::{json, Value};
use tencent_im_callback::handler::FallbackLayer;
use tencent_im_callback::message::Rewrite;
use tencent_im_callback::{c2c, group, Callback, CallbackLayer, CommandRouter, Reply};

use crate::policy::{Verdict, WordList};

/// The code a one-to-one message with a blocked word is rejected with (C2C's custom range is
/// [120001, 130000]); the sender's client receives it with [`REJECTED_INFO`].
pub const C2C_REJECT_CODE: u32 = 120_001;
/// The code a group message with a blocked word is rejected with (group range [10100,
/// 10200]).
pub const GROUP_REJECT_CODE: u32 = 10_100;
/// The text sent to the sender with a rejection.
pub const REJECTED_INFO: &str = "the message contains a blocked word";
/// How long one request may take, body included.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// Where decision lines go: one JSON object per call, without the line break.
pub type DecisionLog = Arc<dyn Fn(&Value) + Send + Sync>;

/// The handler's deadline and what a message gets when the policy misses it, fails or
/// panics: Tencent's own default (allow), or, failing closed, a refusal.
pub fn fallbacks(fail_closed: bool, deadline: Duration) -> FallbackLayer {
    let fallbacks = FallbackLayer::builder().deadline(deadline);
    let fallbacks = if fail_closed {
        fallbacks
            .fallback::<c2c::BeforeSendMsg>(c2c::SendMsgReply::Reject)
            .fallback::<group::BeforeSendMsg>(group::SendMsgReply::Reject)
    } else {
        fallbacks
    };
    fallbacks.build()
}

/// The app: `POST /callback` behind `layer`; `C2C.CallbackBeforeSendMsg` and
/// `Group.CallbackBeforeSendMsg` get the policy's decision, every other command an OK; a
/// decision that misses its deadline, fails or panics gets `fallbacks`'s.
pub fn app(
    layer: CallbackLayer,
    words: Arc<WordList>,
    log: DecisionLog,
    fallbacks: FallbackLayer,
) -> Router {
    let router = CommandRouter::new()
        .on({
            let (words, log) = (words.clone(), log.clone());
            move |cb: Callback<c2c::BeforeSendMsg>| -> Ready<c2c::SendMsgReply> {
                let event = cb.event();
                let verdict = words.judge(&event.msg_body);
                let reply = c2c_reply(&verdict);
                log(&decision(
                    cb.command().as_str(),
                    json!({"from": event.from_account, "to": event.to_account}),
                    &verdict,
                    &reply.clone().into(),
                ));
                ready(reply)
            }
        })
        .on(
            move |cb: Callback<group::BeforeSendMsg>| -> Ready<group::SendMsgReply> {
                let event = cb.event();
                let verdict = words.judge(&event.msg_body);
                let reply = group_reply(&verdict);
                log(&decision(
                    cb.command().as_str(),
                    json!({"from": event.from_account, "group": event.group_id}),
                    &verdict,
                    &reply.clone().into(),
                ));
                ready(reply)
            },
        );
    Router::new()
        .route_service("/callback", tower::Layer::layer(&fallbacks, router))
        // `route_layer`: the layer guards `/callback` only; other paths stay plain 404s.
        .route_layer(layer)
        .layer(middleware::from_fn(request_deadline))
}

fn c2c_reply(verdict: &Verdict) -> c2c::SendMsgReply {
    match verdict {
        Verdict::Allow => c2c::SendMsgReply::Allow,
        // The code is a constant inside the range; `Reject` (code 1) is the fallback the
        // type asks for.
        Verdict::Block { .. } => c2c::SendMsgReply::reject_with(C2C_REJECT_CODE, REJECTED_INFO)
            .unwrap_or(c2c::SendMsgReply::Reject),
        Verdict::Mask { body, .. } => {
            c2c::SendMsgReply::Rewrite(Rewrite::new().msg_body(body.clone()))
        }
    }
}

fn group_reply(verdict: &Verdict) -> group::SendMsgReply {
    match verdict {
        Verdict::Allow => group::SendMsgReply::Allow,
        Verdict::Block { .. } => group::SendMsgReply::reject_with(GROUP_REJECT_CODE, REJECTED_INFO)
            .unwrap_or(group::SendMsgReply::Reject),
        Verdict::Mask { body, .. } => {
            group::SendMsgReply::Rewrite(Rewrite::new().msg_body(body.clone()))
        }
    }
}

/// The decision line: the command, who and where, the decision, the words that caused it
/// and the code sent. The message text itself is not logged.
fn decision(command: &str, parties: Value, verdict: &Verdict, reply: &Reply) -> Value {
    let (decision, words) = match verdict {
        Verdict::Allow => ("allow", Vec::new()),
        Verdict::Block { word } => ("reject", vec![word.clone()]),
        Verdict::Mask { words, .. } => ("mask", words.clone()),
    };
    let mut line = json!({
        "command": command,
        "decision": decision,
        "words": words,
        "error_code": reply.error_code(),
    });
    if let (Some(line), Value::Object(parties)) = (line.as_object_mut(), parties) {
        line.extend(parties);
    }
    line
}

/// Answers 408 when a request, body included, takes longer than [`REQUEST_TIMEOUT`].
async fn request_deadline(request: Request, next: Next) -> Response {
    match tokio::time::timeout(REQUEST_TIMEOUT, next.run(request)).await {
        Ok(response) => response,
        Err(_) => (
            StatusCode::REQUEST_TIMEOUT,
            Reply::fail(40801, "the request was not received in time"),
        )
            .into_response(),
    }
}
