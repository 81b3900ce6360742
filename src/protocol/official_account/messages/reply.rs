//! The reply to `OfficialAccount.CallbackBeforeSendMsg`.

use crate::protocol::message::Rewrite;
use crate::protocol::reply::{Reply, TypedReply};

/// The reply to `OfficialAccount.CallbackBeforeSendMsg`: what happens to the message.
///
/// | variant | reply | the sender sees |
/// |---|---|---|
/// | [`Allow`](Self::Allow) | `ErrorCode` 0 | success; the message is delivered |
/// | [`Reject`](Self::Reject) | `ErrorCode` 1 | error 10016 |
/// | [`Discard`](Self::Discard) | `ErrorCode` 2 | success, but nobody receives it |
/// | [`Rewrite`](Self::Rewrite) | `ErrorCode` 0 with `MsgBody` and/or `CloudCustomData` | success; the rewritten message is delivered |
///
/// There is no custom rejection code: unlike the C2C and group pages, Tencent's Official
/// Account page documents no range of codes it passes on to the sender, and a code outside a
/// documented range has no documented effect. Every decision is sent with `ActionStatus`
/// `OK`. With no handler, the router answers "allow", as Tencent does on a timeout.
///
/// ```
/// use tencent_im_callback::official_account::SendMsgReply;
/// use tencent_im_callback::IntoReply;
///
/// assert_eq!(SendMsgReply::Allow.into_reply().error_code(), 0);
/// assert_eq!(SendMsgReply::Reject.into_reply().error_code(), 1);
/// assert_eq!(SendMsgReply::Discard.into_reply().error_code(), 2);
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub enum SendMsgReply {
    /// Deliver the message (`ErrorCode` 0). Also what Tencent does when no reply comes.
    #[default]
    Allow,
    /// Refuse it (`ErrorCode` 1): the sender gets error 10016.
    Reject,
    /// Drop it silently (`ErrorCode` 2): the sender sees success, nobody receives it.
    Discard,
    /// Deliver it with a new body and/or custom data (`ErrorCode` 0).
    Rewrite(Rewrite),
}

impl From<SendMsgReply> for Reply {
    fn from(reply: SendMsgReply) -> Reply {
        match reply {
            SendMsgReply::Allow => Reply::allow(),
            SendMsgReply::Reject => Reply::reject(),
            SendMsgReply::Discard => Reply::discard(),
            SendMsgReply::Rewrite(rewrite) => rewrite.into_reply(),
        }
    }
}

impl TypedReply for SendMsgReply {}
