//! The reply to `C2C.CallbackBeforeSendMsg`.

use std::ops::RangeInclusive;

use crate::protocol::message::{CodeOutOfRange, Rewrite};
use crate::protocol::reply::{Reply, TypedReply};

/// The reply to `C2C.CallbackBeforeSendMsg`: what happens to the message.
///
/// Each variant is one thing Tencent honours; nothing else can be sent:
///
/// | variant | reply | the sender sees |
/// |---|---|---|
/// | [`Allow`](Self::Allow) | `ErrorCode` 0 | success; the message is delivered |
/// | [`Reject`](Self::Reject) | `ErrorCode` 1 | error 20006 |
/// | [`RejectWith`](Self::RejectWith) | a code in [120001, 130000] and its `ErrorInfo` | that code and text |
/// | [`Discard`](Self::Discard) | `ErrorCode` 2 | success, but nobody receives it |
/// | [`Rewrite`](Self::Rewrite) | `ErrorCode` 0 with `MsgBody` and/or `CloudCustomData` | success; the rewritten message is delivered |
///
/// Every decision is sent with `ActionStatus` `OK`, as Tencent documents; the decision is
/// the `ErrorCode`. A rewrite exists only as a kind of "allow", because Tencent ignores a
/// rewritten body sent with any other code. A handler registered for the command with
/// [`CommandRouter::on`](crate::CommandRouter::on) must return this type. With no handler
/// for the command, the router answers "allow" — what Tencent itself does when the reply
/// does not come within its 2-second timeout, so an endpoint that is down and one that has
/// no opinion behave the same.
///
/// ```
/// use tencent_im_callback::c2c::{BeforeSendMsg, SendMsgReply};
/// use tencent_im_callback::message::{MsgBody, Rewrite};
/// use tencent_im_callback::{Callback, CommandRouter, IntoReply};
///
/// let router = CommandRouter::new().on(|cb: Callback<BeforeSendMsg>| async move {
///     let text = cb.event().msg_body.plain_text();
///     if text.contains("casino") {
///         SendMsgReply::reject_with(120001, "no gambling ads").unwrap_or(SendMsgReply::Reject)
///     } else if text.contains("darn") {
///         SendMsgReply::Rewrite(Rewrite::new().msg_body(MsgBody::text(text.replace("darn", "****"))))
///     } else {
///         SendMsgReply::Allow
///     }
/// });
/// # let _ = router;
///
/// assert_eq!(SendMsgReply::Allow.into_reply().error_code(), 0);
/// assert_eq!(SendMsgReply::Reject.into_reply().error_code(), 1);
/// assert_eq!(SendMsgReply::Discard.into_reply().error_code(), 2);
/// let custom = SendMsgReply::reject_with(120001, "no gambling ads")?.into_reply();
/// assert_eq!((custom.error_code(), custom.error_info()), (120001, "no gambling ads"));
/// assert!(custom.is_ok());
/// // Outside [120001, 130000] Tencent would not pass the code on: refused.
/// assert!(SendMsgReply::reject_with(10100, "group range").is_err());
/// # Ok::<(), tencent_im_callback::message::CodeOutOfRange>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub enum SendMsgReply {
    /// Deliver the message (`ErrorCode` 0). Also what Tencent does when no reply comes.
    #[default]
    Allow,
    /// Refuse it (`ErrorCode` 1): the sender gets error 20006.
    Reject,
    /// Refuse it with a custom code in [120001, 130000] and a text, both passed on to the
    /// sender.
    RejectWith(SendMsgRejection),
    /// Drop it silently (`ErrorCode` 2): the sender sees success, nobody receives it.
    Discard,
    /// Deliver it with a new body and/or custom data (`ErrorCode` 0).
    Rewrite(Rewrite),
}

impl SendMsgReply {
    /// [`RejectWith`](Self::RejectWith) a custom code; `Err` when the code is outside
    /// [120001, 130000].
    pub fn reject_with(code: u32, info: impl Into<String>) -> Result<SendMsgReply, CodeOutOfRange> {
        SendMsgRejection::new(code, info).map(SendMsgReply::RejectWith)
    }
}

/// A rejection with a custom code of `C2C.CallbackBeforeSendMsg`'s range, [120001, 130000]:
/// Tencent passes the code and the text on to the sending client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendMsgRejection {
    code: u32,
    info: String,
}

impl SendMsgRejection {
    /// The codes Tencent accepts for this command.
    pub const CODES: RangeInclusive<u32> = 120_001..=130_000;

    /// A rejection with `code` and `info`; `Err` when the code is outside [`Self::CODES`].
    pub fn new(code: u32, info: impl Into<String>) -> Result<SendMsgRejection, CodeOutOfRange> {
        Ok(SendMsgRejection {
            code: CodeOutOfRange::check(code, Self::CODES)?,
            info: info.into(),
        })
    }

    /// The code.
    pub fn code(&self) -> u32 {
        self.code
    }

    /// The text passed on to the sender.
    pub fn info(&self) -> &str {
        &self.info
    }
}

impl From<SendMsgReply> for Reply {
    fn from(reply: SendMsgReply) -> Reply {
        match reply {
            SendMsgReply::Allow => Reply::allow(),
            SendMsgReply::Reject => Reply::reject(),
            SendMsgReply::RejectWith(rejection) => {
                Reply::reject_with(i64::from(rejection.code), rejection.info)
            }
            SendMsgReply::Discard => Reply::discard(),
            SendMsgReply::Rewrite(rewrite) => rewrite.into_reply(),
        }
    }
}

impl TypedReply for SendMsgReply {}
