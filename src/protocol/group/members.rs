//! Group members: applications and invitations (before), joins, exits, member profile
//! changes (the only admin grant/revoke signal), owner changes, and AVChatRoom presence.

use super::groups::{accounts, GroupType, Member};
use crate::protocol::event::envelope::envelope;
use crate::protocol::event::wire::{wire_enum, wire_object};

wire_enum! {
    /// `JoinType`: how the new members joined.
    pub enum JoinType {
        /// They applied and were approved (or needed no approval).
        Apply = "Apply",
        /// They were invited (or added through the REST API).
        Invited = "Invited",
    }
}

wire_enum! {
    /// `ExitType`: how the members left.
    pub enum ExitType {
        /// Someone removed them.
        Kicked = "Kicked",
        /// They left on their own.
        Quit = "Quit",
    }
}

wire_enum! {
    /// `Role`: a member's role after a member profile change.
    pub enum MemberRole {
        /// Made an admin (the only admin-grant signal Tencent sends).
        Admin = "Admin",
        /// Made an ordinary member again (admin revoked).
        Member = "Member",
    }
}

wire_enum! {
    /// `EventType` of an AVChatRoom presence change.
    pub enum PresenceChange {
        /// The members came online (or entered).
        Online = "Online",
        /// The members went offline (or left).
        Offline = "Offline",
    }
}

wire_enum! {
    /// `EventCause` of an AVChatRoom presence change (newer pages only).
    pub enum PresenceCause {
        /// Heartbeats stopped for at least 20 seconds.
        HeartbeatInterrupt = "HeartbeatInterrupt",
        /// Heartbeats came back.
        HeartbeatRecover = "HeartbeatRecover",
        /// The user's first entry, once across devices.
        Join = "Join",
        /// The user's last exit, once across devices.
        Quit = "Quit",
    }
}

wire_object! {
    /// `Group.CallbackBeforeApplyJoinGroup`: a user applies to join a group. Reply with a
    /// [`GroupReply`](super::GroupReply); allowing does not bypass admin approval when the
    /// group requires it. Requires `GroupId`.
    pub struct BeforeApplyJoinGroup {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// The group.
        pub group_id: String = "GroupId" | "groupID",
        /// The kind of group.
        pub group_type: Option<GroupType> = "Type",
        /// The applicant (spelled `Requestor`; the relationship callbacks say `Requester`,
        /// also read here).
        pub requestor_account: Option<String> = "Requestor_Account" | "Requester_Account",
        /// When it happened, Unix **milliseconds** (a JSON string in Tencent's samples).
        pub event_time: Option<u64> = "EventTime",
    }
}

wire_object! {
    /// `Group.CallbackBeforeInviteJoinGroup`: users are about to be invited into a group.
    /// Reply with an [`InviteReply`](super::InviteReply), which may refuse some invitees
    /// and admit the rest. Requires `GroupId`.
    pub struct BeforeInviteJoinGroup {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// The group.
        pub group_id: String = "GroupId" | "groupID",
        /// The kind of group.
        pub group_type: Option<GroupType> = "Type",
        /// The inviter.
        pub operator_account: Option<String> = "Operator_Account",
        /// The invitees.
        pub destination_members: Option<Vec<Member>> = "DestinationMembers",
        /// When it happened, Unix **milliseconds** (a JSON string in Tencent's samples).
        pub event_time: Option<u64> = "EventTime",
    }
}

impl BeforeInviteJoinGroup {
    /// The user ids of the invitees.
    pub fn invitees(&self) -> impl Iterator<Item = &str> {
        accounts(&self.destination_members)
    }
}

wire_object! {
    /// `Group.CallbackAfterNewMemberJoin`: members joined (approved application, invitation
    /// or REST add). Requires `GroupId`.
    pub struct NewMemberJoin {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// The group.
        pub group_id: String = "GroupId" | "groupID",
        /// The kind of group.
        pub group_type: Option<GroupType> = "Type",
        /// How they joined.
        pub join_type: Option<JoinType> = "JoinType",
        /// Who caused it.
        pub operator_account: Option<String> = "Operator_Account",
        /// The new members.
        pub new_member_list: Option<Vec<Member>> = "NewMemberList",
        /// When it happened, Unix **milliseconds** (a JSON string in Tencent's samples).
        pub event_time: Option<u64> = "EventTime",
    }
}

impl NewMemberJoin {
    /// The user ids of the new members.
    pub fn members(&self) -> impl Iterator<Item = &str> {
        accounts(&self.new_member_list)
    }
}

wire_object! {
    /// `Group.CallbackAfterMemberExit`: members quit or were removed. Requires `GroupId`.
    pub struct MemberExit {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// The group.
        pub group_id: String = "GroupId" | "groupID",
        /// The kind of group.
        pub group_type: Option<GroupType> = "Type",
        /// How they left.
        pub exit_type: Option<ExitType> = "ExitType",
        /// The operator per the sample, "the user leaving" per the table: for `Kicked`, it
        /// may be either.
        pub operator_account: Option<String> = "Operator_Account",
        /// The members who left (possibly empty for a member quitting on their own).
        pub exit_member_list: Option<Vec<Member>> = "ExitMemberList",
        /// When it happened, Unix **milliseconds** (a JSON string in Tencent's samples).
        pub event_time: Option<u64> = "EventTime",
    }
}

impl MemberExit {
    /// The user ids of the members who left. When the list is absent or empty and the
    /// member quit, the one who left is the operator.
    pub fn members(&self) -> impl Iterator<Item = &str> {
        let listed = self
            .exit_member_list
            .as_ref()
            .is_some_and(|l| !l.is_empty());
        let quitter = match (listed, &self.exit_type) {
            (false, Some(ExitType::Quit)) => self.operator_account.as_deref(),
            _ => None,
        };
        accounts(&self.exit_member_list).chain(quitter)
    }
}

wire_object! {
    /// `Group.CallbackAfterMemberFieldChanged`: a member's role or name card changed — the
    /// only signal of an admin being made or unmade. Requires `GroupId` and the member
    /// (`Member_Account`, also read as `Modified_Account`).
    pub struct MemberFieldChanged {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// The group.
        pub group_id: String = "GroupId" | "groupID",
        /// The kind of group.
        pub group_type: Option<GroupType> = "Type",
        /// Who made the change.
        pub operator_account: Option<String> = "Operator_Account",
        /// The member whose profile changed.
        pub member_account: String = "Member_Account" | "Modified_Account",
        /// The member's role now.
        pub role: Option<MemberRole> = "Role",
        /// The member's new name card.
        pub name_card: Option<String> = "NameCard",
        /// When it happened, Unix **milliseconds** (a JSON string in Tencent's samples).
        pub event_time: Option<u64> = "EventTime",
    }
}

wire_object! {
    /// `Group.CallbackAfterChangeGroupOwner`: ownership moved. Requires `GroupId`.
    pub struct ChangeGroupOwner {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// The group.
        pub group_id: String = "GroupId" | "groupID",
        /// The kind of group.
        pub group_type: Option<GroupType> = "Type",
        /// Who made the change.
        pub operator_account: Option<String> = "Operator_Account",
        /// The previous owner.
        pub old_owner_account: Option<String> = "OldOwner_Account",
        /// The new owner.
        pub new_owner_account: Option<String> = "NewOwner_Account",
        /// When it happened, Unix **milliseconds** (a JSON string in Tencent's samples).
        pub event_time: Option<u64> = "EventTime",
    }
}

wire_object! {
    /// `Group.CallbackOnMemberStateChange`: AVChatRoom members came online or went offline
    /// (also the first entry and last exit). Requires `GroupId`; no `EventTime` documented.
    pub struct MemberStateChange {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// The group.
        pub group_id: String = "GroupId" | "groupID",
        /// The kind of group (one library reads it; not documented).
        pub group_type: Option<GroupType> = "Type",
        /// Online or offline.
        pub event_type: Option<PresenceChange> = "EventType",
        /// Why (newer table only; no sample shows it).
        pub event_cause: Option<PresenceCause> = "EventCause",
        /// The members concerned.
        pub member_list: Option<Vec<Member>> = "MemberList",
        /// When it happened, Unix **milliseconds** (not documented for this callback).
        pub event_time: Option<u64> = "EventTime",
    }
}

impl MemberStateChange {
    /// The user ids of the members concerned.
    pub fn members(&self) -> impl Iterator<Item = &str> {
        accounts(&self.member_list)
    }
}

envelope!(BeforeApplyJoinGroup {
    command: callback_command,
    time_ms: event_time,
});

envelope!(BeforeInviteJoinGroup {
    command: callback_command,
    operator: operator_account,
    time_ms: event_time,
});

envelope!(NewMemberJoin {
    command: callback_command,
    operator: operator_account,
    time_ms: event_time,
});

envelope!(MemberExit {
    command: callback_command,
    operator: operator_account,
    time_ms: event_time,
});

envelope!(MemberFieldChanged {
    command: callback_command,
    operator: operator_account,
    time_ms: event_time,
});

envelope!(ChangeGroupOwner {
    command: callback_command,
    operator: operator_account,
    time_ms: event_time,
});

envelope!(MemberStateChange {
    command: callback_command,
    time_ms: event_time,
});
