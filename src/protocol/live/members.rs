//! Who is in a live room and who runs it: member state, owner change, admin changes
//! (`Live.CallbackAfterMemberStateChanged`, `Live.CallbackAfterChangeOwner`,
//! `Live.CallbackAfterModifyAdmin`).

use crate::protocol::event::envelope::envelope;
use crate::protocol::event::wire::{wire_enum, wire_object};

wire_enum! {
    /// `EventType` of member state: whether the members are now in the room.
    pub enum MemberState {
        /// The members are in the room (after `Enter` or `HeartbeatRecover`, inferred).
        Online = "Online",
        /// The members are gone (after `Leave`, `HeartbeatInterrupt` or `Kicked`, inferred).
        Offline = "Offline",
    }
}

wire_enum! {
    /// `EventCause` of member state: why it changed. Tencent added `Kicked` in 2026; causes
    /// added later arrive as [`MemberStateCause::Other`].
    pub enum MemberStateCause {
        /// The members entered the room.
        Enter = "Enter",
        /// The members left on their own.
        Leave = "Leave",
        /// The members' heartbeat stopped.
        HeartbeatInterrupt = "HeartbeatInterrupt",
        /// The members' heartbeat came back.
        HeartbeatRecover = "HeartbeatRecover",
        /// The owner or an admin removed the members.
        Kicked = "Kicked",
    }
}

wire_object! {
    /// An element of `MemberList`. Requires `Member_Account`.
    pub struct Member {
        /// The member's user id (a string, or a bare number kept digit for digit).
        pub member_account: String = "Member_Account",
    }
}

wire_object! {
    /// `Live.CallbackAfterMemberStateChanged` (the table spells it
    /// `Live.CallbackMemberStateChanged`; both are accepted): members entered, left, lost or
    /// recovered their heartbeat, or were kicked. Requires `RoomId`. There is no
    /// `Operator_Account`; the callbacks stop when the room is dissolved.
    pub struct MemberStateChanged {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// The room.
        pub room_id: String = "RoomId",
        /// `Online` or `Offline`.
        pub event_type: Option<MemberState> = "EventType",
        /// Why: `Enter`, `Leave`, `HeartbeatInterrupt`, `HeartbeatRecover`, `Kicked`, or a
        /// later cause, kept.
        pub event_cause: Option<MemberStateCause> = "EventCause",
        /// The members concerned.
        pub member_list: Option<Vec<Member>> = "MemberList",
        /// When it happened, Unix **milliseconds**.
        pub event_time: Option<u64> = "EventTime",
    }
}

impl MemberStateChanged {
    /// The user ids of `MemberList`, in order.
    pub fn accounts(&self) -> impl Iterator<Item = &str> {
        self.member_list
            .iter()
            .flatten()
            .map(|member| member.member_account.as_str())
    }
}

wire_object! {
    /// `Live.CallbackAfterChangeOwner`: the room has a new owner. Requires `RoomId`.
    pub struct ChangeOwner {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// The room.
        pub room_id: String = "RoomId",
        /// When it happened, Unix **milliseconds**.
        pub event_time: Option<u64> = "EventTime",
        /// Who changed the owner (in the sample, not in the Chinese table).
        pub operator_account: Option<String> = "Operator_Account",
        /// The new owner's user id.
        pub current_owner_account: Option<String> = "CurrentOwner_Account",
        /// The previous owner's user id.
        pub original_owner_account: Option<String> = "OriginalOwner_Account",
    }
}

wire_enum! {
    /// `opType` of an admin change.
    pub enum AdminOp {
        /// The users became admins.
        Add = "add",
        /// The users are no longer admins.
        Delete = "delete",
    }
}

wire_object! {
    /// `Live.CallbackAfterModifyAdmin`: admins were added or removed. Requires `RoomId`.
    ///
    /// Tencent spells the operation `opType` (lower-case first letter, unlike every other
    /// field of the family); `OpType` is read too, and it is written back as `opType`.
    ///
    /// ```
    /// use tencent_im_callback::live::AdminOp;
    /// use tencent_im_callback::{Command, Event};
    ///
    /// let body = br#"{"RoomId":"r1","Admin_Account":["user1"],"OpType":"delete"}"#;
    /// let Event::LiveAfterModifyAdmin(event) = Event::parse(&Command::LIVE_AFTER_MODIFY_ADMIN, body)? else {
    ///     unreachable!()
    /// };
    /// assert_eq!(event.op_type, Some(AdminOp::Delete));
    /// assert!(serde_json::to_string(&event)?.contains(r#""opType":"delete""#));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub struct ModifyAdmin {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// The room.
        pub room_id: String = "RoomId",
        /// When it happened, Unix **milliseconds**.
        pub event_time: Option<u64> = "EventTime",
        /// Who changed the admins.
        pub operator_account: Option<String> = "Operator_Account",
        /// The users whose admin role changed.
        pub admin_account: Option<Vec<String>> = "Admin_Account",
        /// Whether they were added or removed.
        pub op_type: Option<AdminOp> = "opType" | "OpType",
    }
}

envelope!(MemberStateChanged {
    command: callback_command,
    time_ms: event_time,
});

envelope!(ChangeOwner {
    command: callback_command,
    operator: operator_account,
    time_ms: event_time,
});

envelope!(ModifyAdmin {
    command: callback_command,
    operator: operator_account,
    time_ms: event_time,
});
