//! What a before-send reply may do beyond allow, reject and discard: rewrite the message
//! (only together with "allow"), or reject it with a code of the command's custom range.

use std::fmt;
use std::ops::RangeInclusive;

use crate::protocol::reply::Reply;

use super::body::MsgBody;

/// A message delivered with a new body and/or new custom data: the reply's `MsgBody` and
/// `CloudCustomData` next to `ErrorCode` 0.
///
/// Tencent honours a rewrite only with `ErrorCode` 0, so a rewrite is its own kind of
/// "allow" in every before-send reply type (such as
/// [`c2c::SendMsgReply::Rewrite`](crate::c2c::SendMsgReply::Rewrite)): it cannot be combined
/// with a rejection. A field left unset keeps the original. Tencent's pages of 2019–2022 said
/// that voice, image, file and video elements cannot be edited, only replaced (for example by
/// a text); the sentence was removed later, but keep to it.
///
/// ```
/// use tencent_im_callback::c2c::SendMsgReply;
/// use tencent_im_callback::message::{MsgBody, Rewrite};
/// use tencent_im_callback::IntoReply;
///
/// let reply = SendMsgReply::Rewrite(
///     Rewrite::new().msg_body(MsgBody::text("***")).cloud_custom_data("masked"),
/// )
/// .into_reply();
/// assert_eq!(
///     serde_json::to_value(&reply)?,
///     serde_json::json!({
///         "ActionStatus": "OK", "ErrorInfo": "", "ErrorCode": 0,
///         "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": "***"}}],
///         "CloudCustomData": "masked"
///     })
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct Rewrite {
    msg_body: Option<MsgBody>,
    cloud_custom_data: Option<String>,
}

impl Rewrite {
    /// A rewrite that changes nothing yet (sent alone, it is a plain "allow").
    pub fn new() -> Rewrite {
        Rewrite::default()
    }

    /// Delivers this body instead of the original.
    pub fn msg_body(mut self, body: impl Into<MsgBody>) -> Rewrite {
        self.msg_body = Some(body.into());
        self
    }

    /// Delivers this `CloudCustomData` instead of the original.
    pub fn cloud_custom_data(mut self, data: impl Into<String>) -> Rewrite {
        self.cloud_custom_data = Some(data.into());
        self
    }

    /// The new body, if set.
    pub fn body(&self) -> Option<&MsgBody> {
        self.msg_body.as_ref()
    }

    /// The new custom data, if set.
    pub fn custom_data(&self) -> Option<&str> {
        self.cloud_custom_data.as_deref()
    }

    /// The reply: `ErrorCode` 0 with the new fields.
    pub(crate) fn into_reply(self) -> Reply {
        let mut reply = Reply::allow();
        if let Some(body) = self.msg_body {
            // Serialising strings, numbers and kept JSON into a value cannot fail; were it
            // to, the reply must not say "allow" and deliver the unrewritten message.
            let Ok(body) = serde_json::to_value(body) else {
                return unsendable();
            };
            reply = match reply.try_with_field("MsgBody", body) {
                Ok(reply) => reply,
                Err(_) => return unsendable(),
            };
        }
        if let Some(data) = self.cloud_custom_data {
            reply = match reply.try_with_field("CloudCustomData", data) {
                Ok(reply) => reply,
                Err(_) => return unsendable(),
            };
        }
        reply
    }
}

fn unsendable() -> Reply {
    Reply::fail(50000, "the rewritten message could not be serialised")
}

/// A custom rejection code outside the command's documented range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeOutOfRange {
    code: u32,
    range: RangeInclusive<u32>,
}

impl CodeOutOfRange {
    pub(crate) fn check(code: u32, range: RangeInclusive<u32>) -> Result<u32, CodeOutOfRange> {
        if range.contains(&code) {
            Ok(code)
        } else {
            Err(CodeOutOfRange { code, range })
        }
    }

    /// The code that was refused.
    pub fn code(&self) -> u32 {
        self.code
    }

    /// The range the command accepts.
    pub fn range(&self) -> RangeInclusive<u32> {
        self.range.clone()
    }
}

impl fmt::Display for CodeOutOfRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "custom rejection code {} is outside the command's range [{}, {}]",
            self.code,
            self.range.start(),
            self.range.end()
        )
    }
}

impl std::error::Error for CodeOutOfRange {}
