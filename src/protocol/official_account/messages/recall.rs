//! `OfficialAccount.CallbackAfterMsgWithDraw`.

use crate::protocol::event::envelope::envelope;
use crate::protocol::event::wire::wire_object;

wire_object! {
    /// One recalled message (`WithdrawMsgList[]`).
    pub struct WithdrawnMsg {
        /// Its key.
        pub msg_key: String = "MsgKey",
    }
}

wire_object! {
    /// `OfficialAccount.CallbackAfterMsgWithDraw` (sic, `WithDraw`): an Official Account's
    /// messages were recalled.
    pub struct AfterMsgWithdraw {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// The Official Account (one Tencent sample spells its prefix `#TOA#_`, not `@TOA#_`;
        /// kept as sent).
        pub official_account: String = "Official_Account",
        /// The recalled messages.
        pub withdraw_msg_list: Vec<WithdrawnMsg> = "WithdrawMsgList",
        /// When it happened, Unix **milliseconds**.
        pub event_time: Option<u64> = "EventTime",
    }
}

envelope!(AfterMsgWithdraw {
    command: callback_command,
    time_ms: event_time,
});
