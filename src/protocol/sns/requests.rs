//! The two relationship before-callbacks: a friend request, and the answer to one.

use crate::protocol::event::envelope::envelope;
use crate::protocol::event::wire::{wire_enum, wire_object};

wire_enum! {
    /// `AddType`: whether the friendship is one-way or both ways.
    pub enum AddType {
        /// One-way: only the requester adds the target.
        Single = "Add_Type_Single",
        /// Both ways (Tencent's default).
        Both = "Add_Type_Both",
    }
}

wire_enum! {
    /// `ResponseAction`: how a friend request is answered.
    pub enum ResponseAction {
        /// Agree and add the requester back.
        AgreeAndAdd = "Response_Action_AgreeAndAdd",
        /// Agree without adding back.
        Agree = "Response_Action_Agree",
        /// Refuse.
        Reject = "Response_Action_Reject",
    }
}

wire_object! {
    /// One target of a friend request.
    pub struct FriendItem {
        /// The user to befriend.
        pub to_account: String = "To_Account",
        /// The remark the requester gives the target.
        pub remark: Option<String> = "Remark",
        /// The friend group (tag) to file the target under; the answer callback calls the
        /// same thing `TagName`, also read here.
        pub group_name: Option<String> = "GroupName" | "TagName",
        /// Where the request comes from, `AddSource_Type_…`.
        pub add_source: Option<String> = "AddSource",
        /// The message sent with the request.
        pub add_wording: Option<String> = "AddWording",
    }
}

wire_object! {
    /// `Sns.CallbackPrevFriendAdd`: a client asks to add friends (requests made through the
    /// REST API do not trigger it). Reply with a [`FriendReply`](super::FriendReply), one
    /// decision per target. Requires `From_Account`.
    pub struct PrevFriendAdd {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// Who sent the request (`Requester`; the group callbacks' `Requestor` spelling is
        /// read too).
        pub requester_account: Option<String> = "Requester_Account" | "Requestor_Account",
        /// Who adds the friends.
        pub from_account: String = "From_Account",
        /// The targets, one item each.
        pub friend_item: Option<Vec<FriendItem>> = "FriendItem",
        /// One-way or both ways.
        pub add_type: Option<AddType> = "AddType",
        /// 1 when an admin forces the add, 0 otherwise.
        pub force_add_flags: Option<u64> = "ForceAddFlags",
        /// When it happened, Unix **milliseconds**.
        pub event_time: Option<u64> = "EventTime",
    }
}

impl PrevFriendAdd {
    /// The user ids of the targets, in order.
    pub fn targets(&self) -> impl Iterator<Item = &str> {
        self.friend_item
            .iter()
            .flatten()
            .map(|item| item.to_account.as_str())
    }

    /// Whether an admin forces the add (`ForceAddFlags` 1).
    pub fn is_forced(&self) -> bool {
        self.force_add_flags == Some(1)
    }
}

wire_object! {
    /// One answered request in a friend-request answer.
    pub struct ResponseFriendItem {
        /// The requester being answered.
        pub to_account: String = "To_Account",
        /// The remark the responder gives the requester.
        pub remark: Option<String> = "Remark",
        /// The friend group (tag) to file the requester under; the request callback calls
        /// the same thing `GroupName`, also read here.
        pub tag_name: Option<String> = "TagName" | "GroupName",
        /// The answer.
        pub response_action: Option<ResponseAction> = "ResponseAction",
    }
}

wire_object! {
    /// `Sns.CallbackPrevFriendResponse`: a client answers friend requests (answers made
    /// through the REST API do not trigger it). Reply with a
    /// [`FriendReply`](super::FriendReply), one decision per answered requester. Requires
    /// `From_Account`.
    pub struct PrevFriendResponse {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// Who sent the answer (`Requester`; `Requestor` is read too).
        pub requester_account: Option<String> = "Requester_Account" | "Requestor_Account",
        /// The responder.
        pub from_account: String = "From_Account",
        /// The answered requests.
        pub response_friend_item: Option<Vec<ResponseFriendItem>> = "ResponseFriendItem",
        /// When it happened, Unix **milliseconds**.
        pub event_time: Option<u64> = "EventTime",
    }
}

impl PrevFriendResponse {
    /// The user ids of the answered requesters, in order.
    pub fn targets(&self) -> impl Iterator<Item = &str> {
        self.response_friend_item
            .iter()
            .flatten()
            .map(|item| item.to_account.as_str())
    }
}

envelope!(PrevFriendAdd {
    command: callback_command,
    time_ms: event_time,
});

envelope!(PrevFriendResponse {
    command: callback_command,
    time_ms: event_time,
});
