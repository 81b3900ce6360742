//! IM chatbot callbacks (`Bot.*`, and `Chatbot.OnC2CSignalMessage`): messages sent to a bot,
//! one-to-one or by @-mentioning it in a group.

use std::time::SystemTime;

use super::event::envelope::{envelope, seconds};
use super::event::wire::wire_object;
use super::event::RawJson;
use super::message::MsgBody;

wire_object! {
    /// `Bot.OnC2CMessage`: a one-to-one message to a bot account went through delivery. Like
    /// `C2C.CallbackAfterSendMsg`, with its own `ErrorInfo` (the delivery result's text): check
    /// [`delivered`](Self::delivered).
    pub struct OnC2cMessage {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// The sender.
        pub from_account: String = "From_Account",
        /// The bot (`@RBT#…`).
        pub to_account: String = "To_Account",
        /// The message sequence number (32-bit unsigned).
        pub msg_seq: Option<u64> = "MsgSeq",
        /// The message random (32-bit unsigned).
        pub msg_random: Option<u64> = "MsgRandom",
        /// When the message was sent, Unix **seconds** (see [`sent_at`](Self::sent_at)).
        pub msg_time: Option<u64> = "MsgTime",
        /// `<MsgSeq>_<MsgRandom>_<MsgTime>`.
        pub msg_key: Option<String> = "MsgKey",
        /// 1 for an online-only message, else 0.
        pub online_only_flag: Option<u64> = "OnlineOnlyFlag",
        /// The delivery result: 0 delivered, otherwise Tencent's error code.
        pub send_msg_result: Option<i64> = "SendMsgResult",
        /// The delivery result's text.
        pub error_info: Option<String> = "ErrorInfo",
        /// The bot's unread one-to-one messages (modelled by other libraries; not in Tencent's
        /// sample).
        pub unread_msg_num: Option<i64> = "UnreadMsgNum",
        /// The message's elements.
        pub msg_body: MsgBody = "MsgBody",
        /// The message's custom data.
        pub cloud_custom_data: Option<String> = "CloudCustomData",
        /// When the callback was raised, Unix **milliseconds**.
        pub event_time: Option<u64> = "EventTime",
    }
}

envelope!(OnC2cMessage {
    command: callback_command,
    time_ms: event_time,
});

impl OnC2cMessage {
    /// Whether the message reached the bot: `SendMsgResult` is 0 (or, in a body without it,
    /// `UnreadMsgNum` is not -1).
    pub fn delivered(&self) -> bool {
        match self.send_msg_result {
            Some(result) => result == 0,
            None => self.unread_msg_num != Some(-1),
        }
    }

    /// `MsgTime` as a `SystemTime` (the wire value is in seconds).
    pub fn sent_at(&self) -> Option<SystemTime> {
        seconds(self.msg_time)
    }
}

wire_object! {
    /// `Bot.OnGroupMessage`: a user @-mentioned bots in a group (not raised for @all). Its
    /// `EventTime` is a number, unlike other group bodies'.
    pub struct OnGroupMessage {
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
        /// The message's sequence number in the group.
        pub msg_seq: Option<u64> = "MsgSeq",
        /// When the message was sent, Unix **seconds** (see [`sent_at`](Self::sent_at)).
        pub msg_time: Option<u64> = "MsgTime",
        /// 1 for an online-only message, else 0 (ignored for live-streaming groups).
        pub online_only_flag: Option<u64> = "OnlineOnlyFlag",
        /// The message's elements (the mention is in the text, such as `@@RBT#001 hello`).
        pub msg_body: MsgBody = "MsgBody",
        /// The bots mentioned (`@RBT#…`).
        pub at_robots_account: Option<Vec<String>> = "AtRobots_Account",
        /// The message's custom data.
        pub cloud_custom_data: Option<String> = "CloudCustomData",
        /// The topic, in Communities with topics.
        pub topic_id: Option<String> = "TopicId",
        /// When the callback was raised, Unix **milliseconds**.
        pub event_time: Option<u64> = "EventTime",
    }
}

envelope!(OnGroupMessage {
    command: callback_command,
    operator: operator_account,
    time_ms: event_time,
});

impl OnGroupMessage {
    /// `MsgTime` as a `SystemTime` (the wire value is in seconds).
    pub fn sent_at(&self) -> Option<SystemTime> {
        seconds(self.msg_time)
    }
}

wire_object! {
    /// `Chatbot.OnC2CSignalMessage`: a bot's custom pass-through (signal) message. Known only
    /// from a client library (`doocs/qcloud-im-server-sdk-java`); no Tencent page or sample
    /// describes it, so every field is optional and `Data` is kept as received.
    pub struct OnC2cSignalMessage {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// The sender.
        pub from_account: Option<String> = "From_Account",
        /// The recipient.
        pub to_account: Option<String> = "To_Account",
        /// The message sequence number.
        pub msg_seq: Option<u64> = "MsgSeq",
        /// The message random.
        pub msg_random: Option<u64> = "MsgRandom",
        /// The message's key.
        pub msg_key: Option<String> = "MsgKey",
        /// When the callback was raised, Unix **milliseconds**.
        pub event_time: Option<u64> = "EventTime",
        /// The `data` of the pass-through protocol, exactly as received.
        pub data: Option<RawJson> = "Data",
    }
}

envelope!(OnC2cSignalMessage {
    command: callback_command,
    time_ms: event_time,
});
