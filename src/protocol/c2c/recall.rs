//! `C2C.CallbackAfterMsgWithDraw`.

use crate::protocol::event::envelope::envelope;
use crate::protocol::event::wire::wire_object;

wire_object! {
    /// `C2C.CallbackAfterMsgWithDraw` (sic, `WithDraw`): a one-to-one message was recalled.
    /// There is no `Operator_Account` and no `EventTime`.
    pub struct AfterMsgWithdraw {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// The recalled message's sender.
        pub from_account: String = "From_Account",
        /// Its recipient.
        pub to_account: String = "To_Account",
        /// Its key.
        pub msg_key: Option<String> = "MsgKey",
        /// The recipient's unread one-to-one messages over all conversations.
        pub unread_msg_num: Option<i64> = "UnreadMsgNum",
    }
}

envelope!(AfterMsgWithdraw {
    command: callback_command,
});
