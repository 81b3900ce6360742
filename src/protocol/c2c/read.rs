//! `C2C.CallbackAfterMsgReport` (a read watermark) and `C2C.CallbackAfterMsgReadReceipt`
//! (per-message read receipts).

use std::time::SystemTime;

use crate::protocol::event::envelope::{envelope, seconds};
use crate::protocol::event::wire::wire_object;

wire_object! {
    /// `C2C.CallbackAfterMsgReport`: a user marked a one-to-one conversation read, up to a
    /// time (a watermark, not a message: there is no `MsgKey` and no `EventTime`).
    pub struct AfterMsgReport {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// The user who reported "read".
        pub report_account: String = "Report_Account",
        /// The other side of the conversation.
        pub peer_account: String = "Peer_Account",
        /// Read up to this time, Unix **seconds** (unit inferred from Tencent's sample; see
        /// [`last_read_at`](Self::last_read_at)).
        pub last_read_time: Option<u64> = "LastReadTime",
        /// The reporter's unread one-to-one messages over all conversations.
        pub unread_msg_num: Option<i64> = "UnreadMsgNum",
    }
}

envelope!(AfterMsgReport {
    command: callback_command,
});

impl AfterMsgReport {
    /// `LastReadTime` as a `SystemTime` (the wire value is in seconds).
    pub fn last_read_at(&self) -> Option<SystemTime> {
        seconds(self.last_read_time)
    }
}

wire_object! {
    /// One receipted message of `C2C.CallbackAfterMsgReadReceipt` (`C2CMsgInfo[]`).
    pub struct ReceiptedMsg {
        /// Its sender (the receipt's `Peer_Account`).
        pub from_account: Option<String> = "From_Account",
        /// Its recipient (the reader, the receipt's `Operator_Account`).
        pub to_account: Option<String> = "To_Account",
        /// Its key.
        pub msg_key: Option<String> = "MsgKey",
        /// Its client id (starts with a 64-bit TinyID, kept as text).
        pub msg_id: Option<String> = "MsgId",
    }
}

wire_object! {
    /// `C2C.CallbackAfterMsgReadReceipt`: a user sent read receipts for one-to-one messages.
    pub struct AfterMsgReadReceipt {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// The reader, who sent the receipt.
        pub operator_account: Option<String> = "Operator_Account",
        /// The other side of the conversation.
        pub peer_account: Option<String> = "Peer_Account",
        /// The receipted messages.
        pub c2c_msg_info: Vec<ReceiptedMsg> = "C2CMsgInfo",
        /// When the receipt was sent, Unix **milliseconds**.
        pub event_time: Option<u64> = "EventTime",
    }
}

envelope!(AfterMsgReadReceipt {
    command: callback_command,
    operator: operator_account,
    time_ms: event_time,
});
