//! The command table: every modelled command once, with its wire name (and aliases), its
//! product, whether it is a before- or after-callback (and for a before-callback, its reply
//! type), its body type and its sample. Everything that only dispatches on the command is
//! generated from this list by [`command_table!`](super::table).
//!
//! To model a command: add its entry here, its body type in its product module, and its
//! sample under `tests/fixtures/`. Nothing else lists commands.

use serde::{Serialize, Serializer};
use serde_json::value::RawValue;

use super::command::{Command, CommandInfo, Product};
use super::event::compact::Compact;
use super::event::error::from_json;
use super::event::{BodyError, CommandEvent, Envelope, FromEvent, Unparsed};
// TUIRoomKit.
use super::{mic, room};
// IM messages.
use super::c2c;
// IM groups, relationships, profile, online state, Official Accounts, alerts, follow.

// TUILiveKit.
use super::{follow, live};

super::table::command_table! {
    // ── TUIRoomKit: Room and Mic ───────────────────────────────────────────────────────

    /// `Room.CallbackAfterCreateRoom`: a room was created.
    RoomAfterCreateRoom, ROOM_AFTER_CREATE_ROOM = "Room.CallbackAfterCreateRoom"
        => room::CreateRoom, Room, after, sample "room-after-create-room.json";
    /// `Room.CallbackAfterDestroyRoom`: a room was dissolved.
    RoomAfterDestroyRoom, ROOM_AFTER_DESTROY_ROOM = "Room.CallbackAfterDestroyRoom"
        => room::DestroyRoom, Room, after, sample "room-after-destroy-room.json";
    /// `Room.CallbackAfterUpdateRoomInfo` (older pages: `Room.CallbackUpdateRoomInfo`): a
    /// room's settings changed.
    RoomAfterUpdateRoomInfo, ROOM_AFTER_UPDATE_ROOM_INFO = "Room.CallbackAfterUpdateRoomInfo"
        | "Room.CallbackUpdateRoomInfo"
        => room::UpdateRoomInfo, Room, after, sample "room-after-update-room-info.json";
    /// `Room.CallbackAfterMemberEnter`: members entered a room.
    RoomAfterMemberEnter, ROOM_AFTER_MEMBER_ENTER = "Room.CallbackAfterMemberEnter"
        => room::MemberEnter, Room, after, sample "room-after-member-enter.json";
    /// `Room.CallbackAfterMemberLeave`: members left, were kicked, or timed out.
    RoomAfterMemberLeave, ROOM_AFTER_MEMBER_LEAVE = "Room.CallbackAfterMemberLeave"
        => room::MemberLeave, Room, after, sample "room-after-member-leave.json";
    /// `Mic.CallbackAfterSeatInfoChanged`: the seats of a room changed.
    MicAfterSeatInfoChanged, MIC_AFTER_SEAT_INFO_CHANGED = "Mic.CallbackAfterSeatInfoChanged"
        => mic::SeatInfoChanged, Mic, after, sample "mic-after-seat-info-changed.json";
    // ── IM messages: C2C, group and Official Account messages, chatbots, push results,
    //    content moderation (IM-MESSAGES.md) ─────────────────────────────────────────────

    /// `C2C.CallbackBeforeSendMsg`: a one-to-one message is about to be delivered; the
    /// reply allows, refuses or drops it.
    C2cBeforeSendMsg, C2C_BEFORE_SEND_MSG = "C2C.CallbackBeforeSendMsg"
        => c2c::BeforeSendMsg, C2c, before(c2c::SendMsgReply),
        sample "im/C2C.CallbackBeforeSendMsg.json";

    // ── IM groups, relationships, profile, online state, Official Accounts, alerts,
    //    follow (IM-GROUPS.md) ────────────────────────────────────────────────────────────

    // ── TUILiveKit (LIVE.md) ─────────────────────────────────────────────────────────────

    /// `Live.CallbackAfterCreateRoom`: a live room was created.
    LiveAfterCreateRoom, LIVE_AFTER_CREATE_ROOM = "Live.CallbackAfterCreateRoom"
        => live::CreateRoom, Live, after, sample "live/Live.CallbackAfterCreateRoom.json";
    /// `Live.CallbackAfterDestroyRoom`: a live room was dissolved, by a user or the system.
    LiveAfterDestroyRoom, LIVE_AFTER_DESTROY_ROOM = "Live.CallbackAfterDestroyRoom"
        => live::DestroyRoom, Live, after, sample "live/Live.CallbackAfterDestroyRoom.json";
    /// `Live.CallbackAfterUpdateRoomInfo`: a live room's settings changed.
    LiveAfterUpdateRoomInfo, LIVE_AFTER_UPDATE_ROOM_INFO = "Live.CallbackAfterUpdateRoomInfo"
        => live::UpdateRoomInfo, Live, after,
        sample "live/Live.CallbackAfterUpdateRoomInfo.json";
    /// `Live.CallbackAfterSetMetadata`: room metadata keys were set.
    LiveAfterSetMetadata, LIVE_AFTER_SET_METADATA = "Live.CallbackAfterSetMetadata"
        => live::SetMetadata, Live, after, sample "live/Live.CallbackAfterSetMetadata.json";
    /// `Live.CallbackAfterDelMetadata`: room metadata keys were deleted.
    LiveAfterDelMetadata, LIVE_AFTER_DEL_METADATA = "Live.CallbackAfterDelMetadata"
        => live::DelMetadata, Live, after, sample "live/Live.CallbackAfterDelMetadata.json";
    /// `Live.CallbackAfterCreateRoomReachingThreshold`: the number of live rooms reached 70 %
    /// of the quota.
    LiveAfterCreateRoomReachingThreshold, LIVE_AFTER_CREATE_ROOM_REACHING_THRESHOLD =
        "Live.CallbackAfterCreateRoomReachingThreshold"
        => live::CreateRoomReachingThreshold, Live, after,
        sample "live/Live.CallbackAfterCreateRoomReachingThreshold.json";
    /// `Live.CallbackAfterMemberStateChanged` (its table: `Live.CallbackMemberStateChanged`):
    /// members entered, left, lost or recovered their heartbeat, or were kicked.
    LiveAfterMemberStateChanged, LIVE_AFTER_MEMBER_STATE_CHANGED =
        "Live.CallbackAfterMemberStateChanged" | "Live.CallbackMemberStateChanged"
        => live::MemberStateChanged, Live, after,
        sample "live/Live.CallbackAfterMemberStateChanged.json";
    /// `Live.CallbackAfterChangeOwner`: a live room has a new owner.
    LiveAfterChangeOwner, LIVE_AFTER_CHANGE_OWNER = "Live.CallbackAfterChangeOwner"
        => live::ChangeOwner, Live, after, sample "live/Live.CallbackAfterChangeOwner.json";
    /// `Live.CallbackAfterModifyAdmin`: admins were added or removed.
    LiveAfterModifyAdmin, LIVE_AFTER_MODIFY_ADMIN = "Live.CallbackAfterModifyAdmin"
        => live::ModifyAdmin, Live, after, sample "live/Live.CallbackAfterModifyAdmin.json";
    /// `Live.CallbackAfterCreateBattle`: a battle (PK) was created.
    LiveAfterCreateBattle, LIVE_AFTER_CREATE_BATTLE = "Live.CallbackAfterCreateBattle"
        => live::CreateBattle, Live, after, sample "live/Live.CallbackAfterCreateBattle.json";
    /// `Live.CallbackAfterStartBattle`: a battle started.
    LiveAfterStartBattle, LIVE_AFTER_START_BATTLE = "Live.CallbackAfterStartBattle"
        => live::StartBattle, Live, after, sample "live/Live.CallbackAfterStartBattle.json";
    /// `Live.CallbackAfterEndBattle`: a battle ended.
    LiveAfterEndBattle, LIVE_AFTER_END_BATTLE = "Live.CallbackAfterEndBattle"
        => live::EndBattle, Live, after, sample "live/Live.CallbackAfterEndBattle.json";
    /// `Live.CallbackBeforeSendGift`: a gift is about to be sent; the reply lets it through
    /// or refuses it, and no reply within 2 seconds blocks it.
    LiveBeforeSendGift, LIVE_BEFORE_SEND_GIFT = "Live.CallbackBeforeSendGift"
        => live::BeforeSendGift, Live, before(live::SendGiftReply),
        sample "live/Live.CallbackBeforeSendGift.json";
    /// `Follow.CallbackAfterCloudRecordingChanged`: a live stream's cloud recording changed
    /// state (a TRTC recording event in the IM envelope).
    FollowAfterCloudRecordingChanged, FOLLOW_AFTER_CLOUD_RECORDING_CHANGED =
        "Follow.CallbackAfterCloudRecordingChanged"
        => follow::CloudRecordingChanged, Follow, after,
        sample "live/Follow.CallbackAfterCloudRecordingChanged.json";
}
