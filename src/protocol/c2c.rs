//! IM one-to-one message callbacks (`C2C.*`).

use super::event::envelope::envelope;
use super::event::wire::wire_object;
use super::reply::{Reply, TypedReply};

wire_object! {
    /// `C2C.CallbackBeforeSendMsg`: a one-to-one message is about to be delivered. Reply
    /// with a [`SendMsgReply`]. Requires `From_Account` and `To_Account`.
    pub struct BeforeSendMsg {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// The sender's user id.
        pub from_account: String = "From_Account",
        /// The recipient's user id.
        pub to_account: String = "To_Account",
        /// The message sequence number (32-bit unsigned).
        pub msg_seq: Option<u64> = "MsgSeq",
        /// The message random (32-bit unsigned).
        pub msg_random: Option<u64> = "MsgRandom",
        /// When the message was sent, Unix **seconds**.
        pub msg_time: Option<u64> = "MsgTime",
        /// `<MsgSeq>_<MsgRandom>_<MsgTime>`: the message's key, used to recall it.
        pub msg_key: Option<String> = "MsgKey",
        /// 1 for an online-only message.
        pub online_only_flag: Option<u64> = "OnlineOnlyFlag",
        /// The message's custom data.
        pub cloud_custom_data: Option<String> = "CloudCustomData",
        /// The client's message id.
        pub msg_id: Option<String> = "MsgId",
        /// When it happened, Unix **milliseconds** (newer bodies only).
        pub event_time: Option<u64> = "EventTime",
    }
}

envelope!(BeforeSendMsg {
    command: callback_command,
    time_ms: event_time,
});

impl BeforeSendMsg {
    /// `MsgTime` as a `SystemTime` (the wire value is in seconds).
    pub fn sent_at(&self) -> Option<std::time::SystemTime> {
        super::event::envelope::seconds(self.msg_time)
    }
}

/// The reply to `C2C.CallbackBeforeSendMsg`: what happens to the message.
///
/// Every decision is sent with `ActionStatus` `OK`, as Tencent documents; the decision is
/// the `ErrorCode`. A handler registered for the command with
/// [`CommandRouter::on`](crate::CommandRouter::on) must return this type.
///
/// ```
/// use tencent_im_callback::c2c::SendMsgReply;
/// use tencent_im_callback::IntoReply;
///
/// assert_eq!(SendMsgReply::Allow.into_reply().error_code(), 0);
/// assert_eq!(SendMsgReply::Reject.into_reply().error_code(), 1);
/// assert_eq!(SendMsgReply::Discard.into_reply().error_code(), 2);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum SendMsgReply {
    /// Deliver the message (`ErrorCode` 0). Also what Tencent does when no reply comes.
    #[default]
    Allow,
    /// Refuse it (`ErrorCode` 1): the sender gets error 20006.
    Reject,
    /// Drop it silently (`ErrorCode` 2): the sender sees success, nobody receives it.
    Discard,
}

impl From<SendMsgReply> for Reply {
    fn from(reply: SendMsgReply) -> Reply {
        match reply {
            SendMsgReply::Allow => Reply::allow(),
            SendMsgReply::Reject => Reply::reject(),
            SendMsgReply::Discard => Reply::discard(),
        }
    }
}

impl TypedReply for SendMsgReply {}
