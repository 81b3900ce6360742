//! Before-send callbacks built around a message, for testing your own moderation handlers.
//!
//! ```
//! use tencent_im_callback::c2c::{BeforeSendMsg, SendMsgReply};
//! use tencent_im_callback::test_util::messages;
//! use tencent_im_callback::{CallbackLayer, Callback, CommandRouter};
//! use tower::{Layer, ServiceExt};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let service = CallbackLayer::builder().sdk_app_id(1400000000).build()?.layer(
//!     CommandRouter::new().on(|cb: Callback<BeforeSendMsg>| async move {
//!         if cb.event().msg_body.plain_text().contains("casino") {
//!             SendMsgReply::Reject
//!         } else {
//!             SendMsgReply::Allow
//!         }
//!     }),
//! );
//! let request = messages::c2c_text(1400000000, "alice", "bob", "visit my casino").build();
//! let response = service.oneshot(request).await?;
//! let reply: serde_json::Value = serde_json::from_slice(
//!     &http_body_util::BodyExt::collect(response.into_body()).await?.to_bytes(),
//! )?;
//! assert_eq!(reply["ErrorCode"], 1);
//! # Ok(())
//! # }
//! ```

use crate::protocol::command::Command;
use crate::protocol::message::MsgBody;
use crate::protocol::{c2c, group, official_account};

use super::CallbackRequest;

/// The `MsgTime` (Unix seconds) and `MsgSeq`/`MsgRandom` of the built messages: fixed, so
/// that a test's requests are the same on every run.
const MSG_TIME: u64 = 1_700_000_000;
const MSG_SEQ: u64 = 1;
const MSG_RANDOM: u64 = 1_234_567;
/// The same instant as `MSG_TIME`, in milliseconds, for `EventTime`.
const EVENT_TIME: u64 = MSG_TIME * 1000;

/// `C2C.CallbackBeforeSendMsg` for a message of one text element from `from` to `to`, as
/// Tencent would send it (unsigned; add [`CallbackRequest::signed`] for a token).
pub fn c2c_text(
    sdk_app_id: u64,
    from: impl Into<String>,
    to: impl Into<String>,
    text: impl Into<String>,
) -> CallbackRequest {
    c2c_message(sdk_app_id, from, to, MsgBody::text(text))
}

/// `C2C.CallbackBeforeSendMsg` for a message of any elements from `from` to `to`.
pub fn c2c_message(
    sdk_app_id: u64,
    from: impl Into<String>,
    to: impl Into<String>,
    body: MsgBody,
) -> CallbackRequest {
    let event = c2c::BeforeSendMsg {
        callback_command: Some(Command::C2C_BEFORE_SEND_MSG.as_str().to_owned()),
        from_account: from.into(),
        to_account: to.into(),
        msg_seq: Some(MSG_SEQ),
        msg_random: Some(MSG_RANDOM),
        msg_time: Some(MSG_TIME),
        msg_key: Some(format!("{MSG_SEQ}_{MSG_RANDOM}_{MSG_TIME}")),
        online_only_flag: Some(0),
        msg_body: body,
        event_time: Some(EVENT_TIME),
        ..c2c::BeforeSendMsg::default()
    };
    CallbackRequest::new(sdk_app_id, Command::C2C_BEFORE_SEND_MSG).json(&event)
}

/// `Group.CallbackBeforeSendMsg` for a message of one text element sent by `from` to the
/// group `group_id` (a `Public` group; `EventTime` as the string group bodies carry).
pub fn group_text(
    sdk_app_id: u64,
    group_id: impl Into<String>,
    from: impl Into<String>,
    text: impl Into<String>,
) -> CallbackRequest {
    group_message(sdk_app_id, group_id, from, MsgBody::text(text))
}

/// `Group.CallbackBeforeSendMsg` for a message of any elements sent by `from` to the group
/// `group_id`.
pub fn group_message(
    sdk_app_id: u64,
    group_id: impl Into<String>,
    from: impl Into<String>,
    body: MsgBody,
) -> CallbackRequest {
    let from = from.into();
    let event = group::BeforeSendMsg {
        callback_command: Some(Command::GROUP_BEFORE_SEND_MSG.as_str().to_owned()),
        group_id: group_id.into(),
        group_type: Some("Public".to_owned()),
        operator_account: Some(from.clone()),
        from_account: from,
        random: Some(MSG_RANDOM),
        online_only_flag: Some(0),
        msg_body: body,
        ..group::BeforeSendMsg::default()
    };
    let request = CallbackRequest::new(sdk_app_id, Command::GROUP_BEFORE_SEND_MSG);
    // Group bodies send `EventTime` as a string; so does this one.
    match serde_json::to_value(&event) {
        Ok(mut json) => {
            json["EventTime"] = serde_json::Value::String(EVENT_TIME.to_string());
            request.json(&json)
        }
        Err(_) => request.json(&event),
    }
}

/// `OfficialAccount.CallbackBeforeSendMsg` for a message of one text element broadcast by
/// the Official Account `account`.
pub fn official_account_text(
    sdk_app_id: u64,
    account: impl Into<String>,
    text: impl Into<String>,
) -> CallbackRequest {
    let event = official_account::BeforeSendMsg {
        callback_command: Some(
            Command::OFFICIAL_ACCOUNT_BEFORE_SEND_MSG
                .as_str()
                .to_owned(),
        ),
        official_account: account.into(),
        online_only_flag: Some(0),
        msg_body: MsgBody::text(text),
        event_time: Some(EVENT_TIME),
        ..official_account::BeforeSendMsg::default()
    };
    CallbackRequest::new(sdk_app_id, Command::OFFICIAL_ACCOUNT_BEFORE_SEND_MSG).json(&event)
}
