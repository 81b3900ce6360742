//! `Group.CallbackBeforeSendMsg`, `Group.CallbackAfterSendMsg` and
//! `Group.CallbackSendMsgException`.

use std::time::SystemTime;

use crate::protocol::event::envelope::{envelope, seconds};
use crate::protocol::event::wire::wire_object;
use crate::protocol::message::MsgBody;

wire_object! {
    /// `Group.CallbackBeforeSendMsg`: a group message is about to be delivered. Reply with a
    /// [`SendMsgReply`](super::SendMsgReply). Requires `GroupId`, `From_Account` and
    /// `MsgBody`. The message has no sequence number yet.
    ///
    /// ```
    /// use tencent_im_callback::group::BeforeSendMsg;
    ///
    /// let body = br#"{"GroupId":"@TGS#2J4SZEAEL","Type":"Community","From_Account":"jared",
    ///     "MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"red packet"}}],
    ///     "EventTime":"1670574414123"}"#;
    /// let event: BeforeSendMsg = serde_json::from_slice(body)?;
    /// // EventTime arrives as a string in group bodies; it is read as the number it is.
    /// assert_eq!(event.event_time, Some(1670574414123));
    /// assert_eq!(event.msg_body.plain_text(), "red packet");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct BeforeSendMsg {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// The group (for TUILiveKit, the room).
        pub group_id: String = "GroupId",
        /// The group type: `Public`, `Private`/`Work`, `ChatRoom`/`Meeting`, `AVChatRoom`,
        /// `Community`, or `Live` for TUILiveKit rooms.
        pub group_type: Option<String> = "Type",
        /// The sender.
        pub from_account: String = "From_Account",
        /// Who made the request (tells an admin's request from the sender's own).
        pub operator_account: Option<String> = "Operator_Account",
        /// The send request's random (32-bit unsigned).
        pub random: Option<u64> = "Random",
        /// 1 for an online-only message, else 0 (absent for TUILiveKit rooms).
        pub online_only_flag: Option<u64> = "OnlineOnlyFlag",
        /// The message's elements.
        pub msg_body: MsgBody = "MsgBody",
        /// The message's custom data.
        pub cloud_custom_data: Option<String> = "CloudCustomData",
        /// The topic, in Communities with topics.
        pub topic_id: Option<String> = "TopicId",
        /// The client's message id (TUILiveKit bodies).
        pub msg_id: Option<String> = "MsgId",
        /// When the callback was raised, Unix **milliseconds** (sent as a string).
        pub event_time: Option<u64> = "EventTime",
    }
}

envelope!(BeforeSendMsg {
    command: callback_command,
    operator: operator_account,
    time_ms: event_time,
});

wire_object! {
    /// `Group.CallbackAfterSendMsg`: a group message was delivered. Raised only on success;
    /// failures come as [`SendMsgException`].
    pub struct AfterSendMsg {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// The group (for TUILiveKit, the room).
        pub group_id: String = "GroupId",
        /// The group type.
        pub group_type: Option<String> = "Type",
        /// The sender.
        pub from_account: String = "From_Account",
        /// Who made the request.
        pub operator_account: Option<String> = "Operator_Account",
        /// The send request's random (32-bit unsigned).
        pub random: Option<u64> = "Random",
        /// The client's message id (in some versions of Tencent's sample).
        pub msg_id: Option<String> = "MsgId",
        /// The message's sequence number in the group: larger is later.
        pub msg_seq: Option<u64> = "MsgSeq",
        /// When the message was sent, Unix **seconds** (see [`sent_at`](Self::sent_at)).
        pub msg_time: Option<u64> = "MsgTime",
        /// 1 for an online-only message, else 0.
        pub online_only_flag: Option<u64> = "OnlineOnlyFlag",
        /// The message's elements.
        pub msg_body: MsgBody = "MsgBody",
        /// The message's custom data.
        pub cloud_custom_data: Option<String> = "CloudCustomData",
        /// The topic, in Communities with topics.
        pub topic_id: Option<String> = "TopicId",
        /// When the callback was raised, Unix **milliseconds** (sent as a string).
        pub event_time: Option<u64> = "EventTime",
    }
}

envelope!(AfterSendMsg {
    command: callback_command,
    operator: operator_account,
    time_ms: event_time,
});

impl AfterSendMsg {
    /// `MsgTime` as a `SystemTime` (the wire value is in seconds).
    pub fn sent_at(&self) -> Option<SystemTime> {
        seconds(self.msg_time)
    }
}

wire_object! {
    /// `Group.CallbackSendMsgException`: delivering a group message **failed** (the group
    /// does not exist, a frequency limit, a security strike, the sender is muted). The body
    /// carries its own `ErrorCode` and `ErrorInfo` — the failure's, not the reply's; the
    /// reply is always `OK`/0/`""`.
    pub struct SendMsgException {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// The group.
        pub group_id: String = "GroupId",
        /// The group type.
        pub group_type: Option<String> = "Type",
        /// The sender.
        pub from_account: String = "From_Account",
        /// Who made the request.
        pub operator_account: Option<String> = "Operator_Account",
        /// The send request's random (32-bit unsigned).
        pub random: Option<u64> = "Random",
        /// 1 for an online-only message, else 0.
        pub online_only_flag: Option<u64> = "OnlineOnlyFlag",
        /// The message's elements.
        pub msg_body: MsgBody = "MsgBody",
        /// The message's custom data.
        pub cloud_custom_data: Option<String> = "CloudCustomData",
        /// The topic, in Communities with topics.
        pub topic_id: Option<String> = "TopicId",
        /// The failure's error code (such as 10023).
        pub error_code: Option<i64> = "ErrorCode",
        /// The failure's text.
        pub error_info: Option<String> = "ErrorInfo",
        /// When the callback was raised, Unix **milliseconds** (sent as a string).
        pub event_time: Option<u64> = "EventTime",
    }
}

envelope!(SendMsgException {
    command: callback_command,
    operator: operator_account,
    time_ms: event_time,
});

impl SendMsgException {
    /// Always `false`: this callback reports a message that was not delivered (see
    /// [`error_code`](Self::error_code) for why).
    pub fn delivered(&self) -> bool {
        false
    }
}
