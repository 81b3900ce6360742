//! `Group.CallbackAfterReadReceipt`.

use crate::protocol::event::envelope::envelope;
use crate::protocol::event::wire::wire_object;

wire_object! {
    /// A member who has read a message (`ReadReceiptMembers[]`).
    pub struct ReceiptMember {
        /// The member's user id.
        pub member_account: String = "Member_Account",
    }
}

wire_object! {
    /// The read state of one group message (`GroupMsgReceiptList[]`).
    pub struct MsgReceipt {
        /// The message's sequence number.
        pub msg_seq: Option<u64> = "MsgSeq",
        /// How many members have read it.
        pub read_num: Option<u64> = "ReadNum",
        /// How many have not.
        pub unread_num: Option<u64> = "UnreadNum",
        /// The members who read it.
        pub read_receipt_members: Option<Vec<ReceiptMember>> = "ReadReceiptMembers",
    }
}

wire_object! {
    /// `Group.CallbackAfterReadReceipt`: members sent read receipts for group messages (not
    /// for Communities).
    pub struct AfterReadReceipt {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// The group.
        pub group_id: String = "GroupId",
        /// The group type.
        pub group_type: Option<String> = "Type",
        /// The messages and their read state.
        pub group_msg_receipt_list: Vec<MsgReceipt> = "GroupMsgReceiptList",
        /// When it happened, Unix **milliseconds** (sent as a string).
        pub event_time: Option<u64> = "EventTime",
    }
}

envelope!(AfterReadReceipt {
    command: callback_command,
    time_ms: event_time,
});
