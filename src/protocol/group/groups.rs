//! Groups themselves: creation (before and after), profile changes, destruction, a full
//! group, the daily creation quota; and the values every group body shares.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::protocol::event::envelope::envelope;
use crate::protocol::event::lenient::{refuse_scalars_quietly, Field, Key};
use crate::protocol::event::wire::{wire_enum, wire_object};

wire_enum! {
    /// `Type`: the kind of group. Tencent renamed some kinds; bodies carry old and new names.
    pub enum GroupType {
        /// A public group: anyone may apply to join.
        Public = "Public",
        /// The old name of a work group.
        Private = "Private",
        /// A work group: members are invited.
        Work = "Work",
        /// The old name of a meeting group.
        ChatRoom = "ChatRoom",
        /// A meeting group.
        Meeting = "Meeting",
        /// An audio-video chat room (live-streaming group).
        AvChatRoom = "AVChatRoom",
        /// A Community group, which holds topics.
        Community = "Community",
        /// A TUILiveKit live room seen as a group.
        Live = "Live",
    }
}

wire_enum! {
    /// `ShutUpAllMember`: whether every member is muted.
    pub enum MuteAll {
        /// Everyone is muted.
        On = "On",
        /// Nobody is muted for the whole group.
        Off = "Off",
    }
}

wire_enum! {
    /// `ApplyJoinOption`: how applications to join are handled.
    pub enum ApplyJoinOption {
        /// Anyone may join without approval.
        FreeAccess = "FreeAccess",
        /// An owner or admin must approve.
        NeedPermission = "NeedPermission",
        /// Nobody may apply.
        DisableApply = "DisableApply",
    }
}

wire_enum! {
    /// `InviteOption`: how invitations are handled.
    pub enum InviteOption {
        /// Invitees join without approval.
        FreeAccess = "FreeAccess",
        /// An owner or admin must approve.
        NeedPermission = "NeedPermission",
        /// Nobody may be invited.
        DisableInvite = "DisableInvite",
    }
}

wire_object! {
    /// One member in a member list: `{"Member_Account": "bob"}`.
    pub struct Member {
        /// The member's user id (kept digit for digit if sent as a number).
        pub member_account: String = "Member_Account",
    }
}

wire_object! {
    /// One custom group or topic field: `{"Key": "…", "Value": "…"}` (also read with
    /// lower-case keys).
    pub struct UserDefinedData {
        /// The field's name.
        pub key: String = "Key" | "key",
        /// Its value.
        pub value: Option<String> = "Value" | "value",
    }
}

/// The user ids of a member list, in order; none when the list is absent.
pub(crate) fn accounts(list: &Option<Vec<Member>>) -> impl Iterator<Item = &str> {
    list.iter()
        .flatten()
        .map(|member| member.member_account.as_str())
}

/// How many groups the user has already created (`CreateGroupNum` and its older names).
///
/// Tencent's pages give one number; one library reads the mainland page as an object of
/// counts per group type, so both shapes are read, and written back as received.
///
/// ```
/// use tencent_im_callback::group::GroupCount;
///
/// let total: GroupCount = serde_json::from_str("123")?;
/// assert_eq!(total.total(), 123);
/// let by_type: GroupCount = serde_json::from_str(r#"{"Public": 2, "Work": "3"}"#)?;
/// assert_eq!(by_type.total(), 5);
/// assert_eq!(serde_json::to_string(&by_type)?, r#"{"Public":2,"Work":3}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum GroupCount {
    /// One number (the documented shape).
    Total(u64),
    /// A count per group type, in the order received.
    ByType(Vec<(String, u64)>),
}

impl GroupCount {
    /// Every group counted, whatever the shape (saturating).
    pub fn total(&self) -> u64 {
        match self {
            GroupCount::Total(total) => *total,
            GroupCount::ByType(counts) => counts
                .iter()
                .fold(0u64, |sum, (_, count)| sum.saturating_add(*count)),
        }
    }
}

impl<'de> Deserialize<'de> for GroupCount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CountVisitor;
        impl<'de> Visitor<'de> for CountVisitor {
            type Value = GroupCount;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a count, or an object of counts per group type")
            }

            fn visit_u64<E: de::Error>(self, count: u64) -> Result<GroupCount, E> {
                Ok(GroupCount::Total(count))
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<GroupCount, E> {
                if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
                    if let Ok(count) = text.parse() {
                        return Ok(GroupCount::Total(count));
                    }
                }
                Err(E::invalid_value(de::Unexpected::Other("string"), &self))
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<GroupCount, A::Error> {
                let mut counts: Vec<(String, u64)> = Vec::new();
                while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
                    if counts.iter().any(|(seen, _)| *seen == key) {
                        return Err(de::Error::custom("a key appears twice in the same object"));
                    }
                    let count = map.next_value::<<u64 as Field>::Wire>()?;
                    counts.push((key.into_owned(), u64::from_wire(count)));
                }
                Ok(GroupCount::ByType(counts))
            }

            fn visit_seq<A: de::SeqAccess<'de>>(self, _: A) -> Result<GroupCount, A::Error> {
                Err(de::Error::invalid_type(de::Unexpected::Seq, &self))
            }

            refuse_scalars_quietly!(
                visit_bool(bool) => "boolean",
                visit_i64(i64) => "negative integer",
                visit_f64(f64) => "fractional or out-of-range number",
            );
        }
        deserializer.deserialize_any(CountVisitor)
    }
}

impl Serialize for GroupCount {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            GroupCount::Total(total) => serializer.serialize_u64(*total),
            GroupCount::ByType(counts) => {
                let mut map = serializer.serialize_map(Some(counts.len()))?;
                for (group_type, count) in counts {
                    map.serialize_entry(group_type, count)?;
                }
                map.end()
            }
        }
    }
}

impl Field for GroupCount {
    type Wire = GroupCount;

    fn from_wire(wire: GroupCount) -> GroupCount {
        wire
    }
}

wire_object! {
    /// `Group.CallbackBeforeCreateGroup`: a group is about to be created, by a client or the
    /// REST API. Reply with a [`GroupReply`](super::GroupReply); nothing in the reply can
    /// change the group. Carries no `GroupId` yet.
    ///
    /// ```
    /// use tencent_im_callback::group::{GroupType, BeforeCreateGroup};
    ///
    /// // The counter has had three names; the oldest is read like the newest.
    /// let body = r#"{"Owner_Account":"leckie","Type":"Public","CreatedNum":4,"EventTime":"1670574414123"}"#;
    /// let event: BeforeCreateGroup = serde_json::from_str(body)?;
    /// assert_eq!(event.group_type, Some(GroupType::Public));
    /// assert_eq!(event.create_group_num.as_ref().map(|n| n.total()), Some(4));
    /// assert_eq!(event.event_time, Some(1670574414123));
    /// // Written back under the current name, the time as the number it is.
    /// let json = serde_json::to_string(&event)?;
    /// assert!(json.contains(r#""CreateGroupNum":4"#) && json.contains(r#""EventTime":1670574414123"#));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct BeforeCreateGroup {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// Who asked for the group.
        pub operator_account: Option<String> = "Operator_Account",
        /// Who will own it.
        pub owner_account: Option<String> = "Owner_Account",
        /// The kind of group.
        pub group_type: Option<GroupType> = "Type",
        /// The group's name.
        pub name: Option<String> = "Name",
        /// How many groups of this type the user has already created (a count, not a time).
        pub create_group_num: Option<GroupCount> = "CreateGroupNum" | "CreatedGroupNum"
            | "CreatedNum",
        /// The initial members.
        pub member_list: Option<Vec<Member>> = "MemberList",
        /// How invitations will be handled (read by one library only; unconfirmed).
        pub invite_option: Option<InviteOption> = "InviteOption",
        /// When it happened, Unix **milliseconds** (a JSON string in Tencent's samples).
        pub event_time: Option<u64> = "EventTime",
    }
}

impl BeforeCreateGroup {
    /// The user ids of the initial members.
    pub fn members(&self) -> impl Iterator<Item = &str> {
        accounts(&self.member_list)
    }
}

wire_object! {
    /// `Group.CallbackAfterCreateGroup`: a group was created. Requires `GroupId` (which the
    /// English table spells `groupID`).
    pub struct AfterCreateGroup {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// The new group.
        pub group_id: String = "GroupId" | "groupID",
        /// Who created it.
        pub operator_account: Option<String> = "Operator_Account",
        /// Who owns it.
        pub owner_account: Option<String> = "Owner_Account",
        /// The kind of group.
        pub group_type: Option<GroupType> = "Type",
        /// The group's name.
        pub name: Option<String> = "Name",
        /// Its introduction (newer pages only).
        pub introduction: Option<String> = "Introduction",
        /// Its notice (newer pages only).
        pub notification: Option<String> = "Notification",
        /// The initial members.
        pub member_list: Option<Vec<Member>> = "MemberList",
        /// Custom group fields set at creation; only when custom group fields are enabled.
        pub user_defined_data_list: Option<Vec<UserDefinedData>> = "UserDefinedDataList",
        /// How many groups the user had created (read by one library here; undocumented).
        pub create_group_num: Option<GroupCount> = "CreateGroupNum" | "CreatedGroupNum"
            | "CreatedNum",
        /// When it happened, Unix **milliseconds** (a JSON string in Tencent's samples).
        pub event_time: Option<u64> = "EventTime",
    }
}

impl AfterCreateGroup {
    /// The user ids of the initial members.
    pub fn members(&self) -> impl Iterator<Item = &str> {
        accounts(&self.member_list)
    }
}

wire_object! {
    /// `Group.CallbackAfterGroupFull`: the group became full after a join, or a join failed
    /// because it was full. Requires `GroupId`.
    pub struct GroupFull {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// The group.
        pub group_id: String = "GroupId" | "groupID",
        /// When it happened, Unix **milliseconds** (a JSON string in Tencent's samples).
        pub event_time: Option<u64> = "EventTime",
    }
}

wire_object! {
    /// `Group.CallbackAfterGroupDestroyed`: a group was disbanded. Requires `GroupId`.
    /// `MemberList` is not sent for Community groups: absent, not empty.
    pub struct GroupDestroyed {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// The group.
        pub group_id: String = "GroupId" | "groupID",
        /// The kind of group.
        pub group_type: Option<GroupType> = "Type",
        /// Who owned it.
        pub owner_account: Option<String> = "Owner_Account",
        /// Its name (in the sample, not in the table).
        pub name: Option<String> = "Name",
        /// Its members when it was disbanded; absent for Community groups.
        pub member_list: Option<Vec<Member>> = "MemberList",
        /// When it happened, Unix **milliseconds** (absent in older versions).
        pub event_time: Option<u64> = "EventTime",
    }
}

impl GroupDestroyed {
    /// The user ids of the members (none for Community groups, whose list is not sent).
    pub fn members(&self) -> impl Iterator<Item = &str> {
        accounts(&self.member_list)
    }
}

wire_object! {
    /// `Group.CallbackAfterGroupInfoChanged`: a group's name, introduction, notice or avatar
    /// changed. Requires `GroupId`. **Only the changed fields are present**: `None` means
    /// "unchanged", `Some("")` means "cleared".
    ///
    /// ```
    /// use tencent_im_callback::group::GroupInfoChanged;
    ///
    /// let body = r#"{"GroupId":"@TGS#1","Notification":"","EventTime":1670574414123}"#;
    /// let event: GroupInfoChanged = serde_json::from_str(body)?;
    /// assert_eq!(event.notification.as_deref(), Some(""));
    /// assert_eq!(event.name, None);
    /// assert_eq!(serde_json::to_string(&event)?, body);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct GroupInfoChanged {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// The group.
        pub group_id: String = "GroupId" | "groupID",
        /// The kind of group.
        pub group_type: Option<GroupType> = "Type",
        /// Who changed it.
        pub operator_account: Option<String> = "Operator_Account",
        /// The new name, if it changed.
        pub name: Option<String> = "Name",
        /// The new introduction, if it changed.
        pub introduction: Option<String> = "Introduction",
        /// The new notice, if it changed.
        pub notification: Option<String> = "Notification",
        /// The new avatar URL, if it changed.
        pub face_url: Option<String> = "FaceUrl",
        /// Changed custom group fields (older versions of the callback only).
        pub user_defined_data_list: Option<Vec<UserDefinedData>> = "UserDefinedDataList",
        /// Mute-all switch, if it changed (read by one receiver; unconfirmed by Tencent).
        pub shut_up_all_member: Option<MuteAll> = "ShutUpAllMember",
        /// Join-application rule, if it changed (read by one receiver; unconfirmed).
        pub apply_join_option: Option<ApplyJoinOption> = "ApplyJoinOption",
        /// When it happened, Unix **milliseconds** (newer versions only).
        pub event_time: Option<u64> = "EventTime",
    }
}

wire_object! {
    /// `Group.CallbackOnDailyGroupQuotaAlarm`: the day's net number of new groups (created
    /// minus disbanded) passed 70 % of the daily limit. Carries no `GroupId`.
    pub struct DailyGroupQuotaAlarm {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// Groups created today, net (a count).
        pub quota_used: Option<u64> = "QuotaUsed",
        /// The daily limit (a count).
        pub quota: Option<u64> = "Quota",
        /// When it happened, Unix **milliseconds** (the table only says "timestamp").
        pub event_time: Option<u64> = "EventTime",
    }
}

envelope!(BeforeCreateGroup {
    command: callback_command,
    operator: operator_account,
    time_ms: event_time,
});

envelope!(AfterCreateGroup {
    command: callback_command,
    operator: operator_account,
    time_ms: event_time,
});

envelope!(GroupFull {
    command: callback_command,
    time_ms: event_time,
});

envelope!(GroupDestroyed {
    command: callback_command,
    time_ms: event_time,
});

envelope!(GroupInfoChanged {
    command: callback_command,
    operator: operator_account,
    time_ms: event_time,
});

envelope!(DailyGroupQuotaAlarm {
    command: callback_command,
    time_ms: event_time,
});
