//! Before-callbacks and after-callbacks, told apart by the command word.

/// Whether `command` is a before-callback: one whose reply is Tencent's decision (allow,
/// reject, rewrite), so it must be answered inline and can never be deferred to a queue.
///
/// The rule: the part after the product prefix (after the first `.`) starts with
/// `CallbackBefore` or `CallbackPrev`. `C2C.CallbackBeforeSendMsg`,
/// `Group.CallbackBeforeCreateGroup`, `Sns.CallbackPrevFriendAdd` and
/// `Live.CallbackBeforeSendGift` are before-callbacks; `Room.CallbackAfterCreateRoom`,
/// `Sns.CallbackFriendAdd` and `State.StateChange` are not.
///
/// ```
/// use tencent_im_callback::durable::is_before_callback;
///
/// assert!(is_before_callback("C2C.CallbackBeforeSendMsg"));
/// assert!(is_before_callback("Sns.CallbackPrevFriendAdd"));
/// assert!(!is_before_callback("Room.CallbackAfterMemberEnter"));
/// ```
pub fn is_before_callback(command: &str) -> bool {
    // The command table says for the commands it models; the word's shape for the others.
    crate::protocol::command::Command::from_wire(command).timing()
        == crate::protocol::command::Timing::Before
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn before_callbacks_are_named_before_or_prev() {
        for command in [
            "C2C.CallbackBeforeSendMsg",
            "Group.CallbackBeforeSendMsg",
            "Group.CallbackBeforeCreateGroup",
            "Group.CallbackBeforeApplyJoinGroup",
            "Sns.CallbackPrevFriendAdd",
            "Sns.CallbackPrevFriendResponse",
            "Live.CallbackBeforeSendGift",
            "CallbackBeforeSendMsg",
        ] {
            assert!(is_before_callback(command), "{command}");
        }
    }

    #[test]
    fn everything_else_is_an_after_callback() {
        for command in [
            "Room.CallbackAfterCreateRoom",
            "Room.CallbackUpdateRoomInfo",
            "Mic.CallbackAfterSeatInfoChanged",
            "C2C.CallbackAfterSendMsg",
            "C2C.CallbackAfterMsgWithDraw",
            "Group.CallbackAfterNewMemberJoin",
            "Sns.CallbackFriendAdd",
            "State.StateChange",
            "X.CallbackAfterBeforeSomething",
            "X.BeforeCallback",
            "X.callbackbeforesendmsg",
            "",
        ] {
            assert!(!is_before_callback(command), "{command}");
        }
    }
}
