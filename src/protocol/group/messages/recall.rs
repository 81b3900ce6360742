//! `Group.CallbackAfterRecallMsg`.

use crate::protocol::event::envelope::envelope;
use crate::protocol::event::wire::wire_object;

wire_object! {
    /// One recalled message of `Group.CallbackAfterRecallMsg` (`MsgSeqList[]`).
    pub struct RecalledMsg {
        /// Its sequence number in the group.
        pub msg_seq: u64 = "MsgSeq",
    }
}

wire_object! {
    /// `Group.CallbackAfterRecallMsg`: group messages were recalled. Their senders are not
    /// reported.
    pub struct AfterRecallMsg {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// Who recalled them.
        pub operator_account: Option<String> = "Operator_Account",
        /// The group type.
        pub group_type: Option<String> = "Type",
        /// The group.
        pub group_id: String = "GroupId",
        /// The recalled messages.
        pub msg_seq_list: Vec<RecalledMsg> = "MsgSeqList",
        /// The topic, in Communities with topics.
        pub topic_id: Option<String> = "TopicId",
        /// When it happened, Unix **milliseconds** (sent as a string).
        pub event_time: Option<u64> = "EventTime",
    }
}

envelope!(AfterRecallMsg {
    command: callback_command,
    operator: operator_account,
    time_ms: event_time,
});
