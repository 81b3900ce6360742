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
}
