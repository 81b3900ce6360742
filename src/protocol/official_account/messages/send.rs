//! `OfficialAccount.CallbackBeforeSendMsg` and `OfficialAccount.CallbackAfterSendMsg`.

use std::time::SystemTime;

use crate::protocol::event::envelope::{envelope, seconds};
use crate::protocol::event::wire::wire_object;
use crate::protocol::message::MsgBody;

wire_object! {
    /// `OfficialAccount.CallbackBeforeSendMsg`: an Official Account's message is about to be
    /// delivered to its subscribers. Reply with a [`SendMsgReply`](super::SendMsgReply).
    /// There is no sender and no sequence number. Requires `Official_Account` and `MsgBody`.
    pub struct BeforeSendMsg {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// The Official Account (`@TOA#_…`).
        pub official_account: String = "Official_Account",
        /// 1 for an online-only message, else 0.
        pub online_only_flag: Option<u64> = "OnlineOnlyFlag",
        /// The message's elements.
        pub msg_body: MsgBody = "MsgBody",
        /// The message's custom data.
        pub cloud_custom_data: Option<String> = "CloudCustomData",
        /// When the callback was raised, Unix **milliseconds**.
        pub event_time: Option<u64> = "EventTime",
    }
}

envelope!(BeforeSendMsg {
    command: callback_command,
    time_ms: event_time,
});

wire_object! {
    /// `OfficialAccount.CallbackAfterSendMsg`: an Official Account's message was delivered to
    /// its subscribers.
    pub struct AfterSendMsg {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// The Official Account.
        pub official_account: String = "Official_Account",
        /// The message's key, `<Seq>_1_<ServerTime>`; recalls it through the REST API.
        pub msg_key: Option<String> = "MsgKey",
        /// When the message was sent, Unix **seconds** (see [`sent_at`](Self::sent_at)).
        pub msg_time: Option<u64> = "MsgTime",
        /// 1 for an online-only message, else 0.
        pub online_only_flag: Option<u64> = "OnlineOnlyFlag",
        /// The message's elements.
        pub msg_body: MsgBody = "MsgBody",
        /// The message's custom data.
        pub cloud_custom_data: Option<String> = "CloudCustomData",
        /// When the callback was raised, Unix **milliseconds**.
        pub event_time: Option<u64> = "EventTime",
    }
}

envelope!(AfterSendMsg {
    command: callback_command,
    time_ms: event_time,
});

impl AfterSendMsg {
    /// `MsgTime` as a `SystemTime` (the wire value is in seconds).
    pub fn sent_at(&self) -> Option<SystemTime> {
        seconds(self.msg_time)
    }
}
