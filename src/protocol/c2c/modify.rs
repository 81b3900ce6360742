//! `C2C.CallbackAfterModifyMsg`.

use std::time::SystemTime;

use crate::protocol::event::envelope::{envelope, seconds};
use crate::protocol::event::wire::wire_object;
use crate::protocol::message::MsgBody;

wire_object! {
    /// `C2C.CallbackAfterModifyMsg`: a one-to-one message was edited (new in 2026); carries
    /// the message as it is after the edit.
    pub struct AfterModifyMsg {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// Who edited it.
        pub operator_account: Option<String> = "Operator_Account",
        /// The message's original sender.
        pub from_account: String = "From_Account",
        /// Its recipient.
        pub to_account: String = "To_Account",
        /// Its sequence number.
        pub msg_seq: Option<u64> = "MsgSeq",
        /// Its random.
        pub msg_random: Option<u64> = "MsgRandom",
        /// When it was originally sent, Unix **seconds** (see [`sent_at`](Self::sent_at)).
        pub msg_time: Option<u64> = "MsgTime",
        /// `<MsgSeq>_<MsgRandom>_<MsgTime>`.
        pub msg_key: Option<String> = "MsgKey",
        /// The elements after the edit.
        pub msg_body: MsgBody = "MsgBody",
        /// The custom data after the edit.
        pub cloud_custom_data: Option<String> = "CloudCustomData",
        /// When it was edited, Unix **milliseconds**.
        pub event_time: Option<u64> = "EventTime",
    }
}

envelope!(AfterModifyMsg {
    command: callback_command,
    operator: operator_account,
    time_ms: event_time,
});

impl AfterModifyMsg {
    /// `MsgTime` as a `SystemTime` (the wire value is in seconds).
    pub fn sent_at(&self) -> Option<SystemTime> {
        seconds(self.msg_time)
    }
}
