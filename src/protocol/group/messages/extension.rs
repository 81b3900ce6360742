//! `Group.CallbackAfterGroupMsgExtension`.

use crate::protocol::event::envelope::envelope;
use crate::protocol::event::wire::wire_object;
use crate::protocol::message::{ExtensionOperation, MsgExtension};

wire_object! {
    /// `Group.CallbackAfterGroupMsgExtension`: keys of a group message's extension were set,
    /// deleted or cleared. Its `EventTime` is a number, unlike other group bodies'.
    pub struct AfterMsgExtension {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// The group.
        pub group_id: String = "GroupId",
        /// The message's sequence number.
        pub msg_seq: Option<u64> = "MsgSeq",
        /// Set, delete or clear.
        pub operate_type: Option<ExtensionOperation> = "OperateType",
        /// The changed keys (`Value` `""` on delete; empty on clear).
        pub extension_list: Option<Vec<MsgExtension>> = "ExtensionList",
        /// The latest version of the message's whole extension set.
        pub seq: Option<u64> = "Seq",
        /// When it happened, Unix **milliseconds**.
        pub event_time: Option<u64> = "EventTime",
    }
}

envelope!(AfterMsgExtension {
    command: callback_command,
    time_ms: event_time,
});
