//! `C2C.CallbackAfterC2CMsgExtension`.

use crate::protocol::event::envelope::envelope;
use crate::protocol::event::wire::wire_object;
use crate::protocol::message::{ExtensionOperation, MsgExtension};

wire_object! {
    /// `C2C.CallbackAfterC2CMsgExtension`: keys of a one-to-one message's extension were set,
    /// deleted or cleared. Who did it is not reported.
    pub struct AfterMsgExtension {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// The message's sender.
        pub from_account: Option<String> = "From_Account",
        /// The message's recipient.
        pub to_account: Option<String> = "To_Account",
        /// The message's key.
        pub msg_key: Option<String> = "MsgKey",
        /// Set, delete or clear.
        pub operate_type: Option<ExtensionOperation> = "OperateType",
        /// The changed keys (empty on clear).
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
