//! `C2C.CallbackBeforeSendMsg` and `C2C.CallbackAfterSendMsg`.

use std::time::SystemTime;

use crate::protocol::event::envelope::{envelope, seconds};
use crate::protocol::event::wire::wire_object;
use crate::protocol::message::MsgBody;

wire_object! {
    /// `C2C.CallbackBeforeSendMsg`: a one-to-one message is about to be delivered. Reply
    /// with a [`SendMsgReply`](super::SendMsgReply). Requires `From_Account`, `To_Account`
    /// and `MsgBody`.
    ///
    /// ```
    /// use tencent_im_callback::c2c::BeforeSendMsg;
    ///
    /// let body = br#"{"CallbackCommand":"C2C.CallbackBeforeSendMsg","From_Account":"jared",
    ///     "To_Account":"Jonh","MsgTime":1557481126,
    ///     "MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"red packet"}}]}"#;
    /// let event: BeforeSendMsg = serde_json::from_slice(body)?;
    /// assert_eq!(event.msg_body.plain_text(), "red packet");
    /// assert_eq!(
    ///     event.sent_at(),
    ///     Some(std::time::UNIX_EPOCH + std::time::Duration::from_secs(1557481126))
    /// );
    /// # Ok::<(), serde_json::Error>(())
    /// ```
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
        /// When the message was sent, Unix **seconds** (see [`sent_at`](Self::sent_at)).
        pub msg_time: Option<u64> = "MsgTime",
        /// `<MsgSeq>_<MsgRandom>_<MsgTime>`: the message's key, used to recall it.
        pub msg_key: Option<String> = "MsgKey",
        /// 1 for an online-only message, else 0.
        pub online_only_flag: Option<u64> = "OnlineOnlyFlag",
        /// The message's elements.
        pub msg_body: MsgBody = "MsgBody",
        /// The message's custom data (a string, often JSON); absent when it has none.
        pub cloud_custom_data: Option<String> = "CloudCustomData",
        /// The client's message id, `<senderTinyID>-<clientTime>-<random>` (newer bodies).
        pub msg_id: Option<String> = "MsgId",
        /// When the callback was raised, Unix **milliseconds** (newer bodies).
        pub event_time: Option<u64> = "EventTime",
    }
}

envelope!(BeforeSendMsg {
    command: callback_command,
    time_ms: event_time,
});

impl BeforeSendMsg {
    /// `MsgTime` as a `SystemTime` (the wire value is in seconds).
    pub fn sent_at(&self) -> Option<SystemTime> {
        seconds(self.msg_time)
    }

    /// Whether the message is online-only (`OnlineOnlyFlag` 1).
    pub fn is_online_only(&self) -> bool {
        self.online_only_flag == Some(1)
    }
}

wire_object! {
    /// `C2C.CallbackAfterSendMsg`: a one-to-one message went through delivery — **also when
    /// delivery failed** (then `SendMsgResult` is not 0 and `UnreadMsgNum` is -1): check
    /// [`delivered`](Self::delivered) before archiving it. Not raised for messages the
    /// before-callback rejected; carries the rewritten message when it rewrote one.
    ///
    /// The body has an `ErrorInfo` of its own (the delivery result's text), which is not the
    /// reply's.
    pub struct AfterSendMsg {
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
        /// When the message was sent, Unix **seconds** (see [`sent_at`](Self::sent_at)).
        pub msg_time: Option<u64> = "MsgTime",
        /// `<MsgSeq>_<MsgRandom>_<MsgTime>`: the message's key, used to recall it.
        pub msg_key: Option<String> = "MsgKey",
        /// 1 for an online-only message, else 0.
        pub online_only_flag: Option<u64> = "OnlineOnlyFlag",
        /// The delivery result: 0 delivered, otherwise Tencent's error code.
        pub send_msg_result: Option<i64> = "SendMsgResult",
        /// The delivery result's text (`"send msg succeed"`, or the error).
        pub error_info: Option<String> = "ErrorInfo",
        /// The recipient's unread one-to-one messages over all conversations; -1 when
        /// delivery failed.
        pub unread_msg_num: Option<i64> = "UnreadMsgNum",
        /// The message's elements.
        pub msg_body: MsgBody = "MsgBody",
        /// The message's custom data; absent when it has none.
        pub cloud_custom_data: Option<String> = "CloudCustomData",
        /// The client's message id (in Tencent's field table, not its sample).
        pub msg_id: Option<String> = "MsgId",
        /// When the callback was raised, Unix **milliseconds** (newer bodies).
        pub event_time: Option<u64> = "EventTime",
    }
}

envelope!(AfterSendMsg {
    command: callback_command,
    time_ms: event_time,
});

impl AfterSendMsg {
    /// Whether the message reached the recipient: `SendMsgResult` is 0 (or, in a body
    /// without it, `UnreadMsgNum` is not -1).
    ///
    /// ```
    /// use tencent_im_callback::c2c::AfterSendMsg;
    ///
    /// let failed: AfterSendMsg = serde_json::from_str(r#"{"From_Account":"a","To_Account":"b",
    ///     "SendMsgResult":80001,"ErrorInfo":"dirty word","UnreadMsgNum":-1,"MsgBody":[]}"#)?;
    /// assert!(!failed.delivered());
    /// assert_eq!(failed.delivery_error(), Some((80001, "dirty word")));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn delivered(&self) -> bool {
        match self.send_msg_result {
            Some(result) => result == 0,
            None => self.unread_msg_num != Some(-1),
        }
    }

    /// The delivery error code and text, when delivery failed.
    pub fn delivery_error(&self) -> Option<(i64, &str)> {
        match self.send_msg_result {
            Some(0) | None => None,
            Some(code) => Some((code, self.error_info.as_deref().unwrap_or_default())),
        }
    }

    /// `MsgTime` as a `SystemTime` (the wire value is in seconds).
    pub fn sent_at(&self) -> Option<SystemTime> {
        seconds(self.msg_time)
    }

    /// Whether the message is online-only (`OnlineOnlyFlag` 1).
    pub fn is_online_only(&self) -> bool {
        self.online_only_flag == Some(1)
    }
}
