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
use super::{bot, c2c, group, moderation, official_account, push};
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
    /// reply allows, refuses, drops or rewrites it.
    C2cBeforeSendMsg, C2C_BEFORE_SEND_MSG = "C2C.CallbackBeforeSendMsg"
        => c2c::BeforeSendMsg, C2c, before(c2c::SendMsgReply),
        sample "im/C2C.CallbackBeforeSendMsg.json";
    /// `C2C.CallbackAfterSendMsg`: a one-to-one message went through delivery (also when it
    /// failed: see `delivered()`).
    C2cAfterSendMsg, C2C_AFTER_SEND_MSG = "C2C.CallbackAfterSendMsg"
        => c2c::AfterSendMsg, C2c, after, sample "im/C2C.CallbackAfterSendMsg.json";
    /// `C2C.CallbackAfterMsgReport`: a one-to-one conversation was marked read.
    C2cAfterMsgReport, C2C_AFTER_MSG_REPORT = "C2C.CallbackAfterMsgReport"
        => c2c::AfterMsgReport, C2c, after, sample "im/C2C.CallbackAfterMsgReport.json";
    /// `C2C.CallbackAfterMsgWithDraw`: a one-to-one message was recalled.
    C2cAfterMsgWithDraw, C2C_AFTER_MSG_WITHDRAW = "C2C.CallbackAfterMsgWithDraw"
        => c2c::AfterMsgWithdraw, C2c, after, sample "im/C2C.CallbackAfterMsgWithDraw.json";
    /// `C2C.CallbackAfterModifyMsg`: a one-to-one message was edited.
    C2cAfterModifyMsg, C2C_AFTER_MODIFY_MSG = "C2C.CallbackAfterModifyMsg"
        => c2c::AfterModifyMsg, C2c, after, sample "im/C2C.CallbackAfterModifyMsg.json";
    /// `C2C.CallbackAfterMsgReadReceipt`: read receipts for one-to-one messages were sent.
    C2cAfterMsgReadReceipt, C2C_AFTER_MSG_READ_RECEIPT = "C2C.CallbackAfterMsgReadReceipt"
        => c2c::AfterMsgReadReceipt, C2c, after,
        sample "im/C2C.CallbackAfterMsgReadReceipt.json";
    /// `C2C.CallbackAfterC2CMsgExtension`: a one-to-one message's extension keys changed.
    C2cAfterC2cMsgExtension, C2C_AFTER_C2C_MSG_EXTENSION = "C2C.CallbackAfterC2CMsgExtension"
        => c2c::AfterMsgExtension, C2c, after,
        sample "im/C2C.CallbackAfterC2CMsgExtension.json";
    /// `Group.CallbackBeforeSendMsg`: a group message (or a TUILiveKit bullet comment) is
    /// about to be delivered; the reply allows, refuses, drops or rewrites it.
    GroupBeforeSendMsg, GROUP_BEFORE_SEND_MSG = "Group.CallbackBeforeSendMsg"
        => group::BeforeSendMsg, Group, before(group::SendMsgReply),
        sample "im/Group.CallbackBeforeSendMsg.json";
    /// `Group.CallbackAfterSendMsg`: a group message was delivered.
    GroupAfterSendMsg, GROUP_AFTER_SEND_MSG = "Group.CallbackAfterSendMsg"
        => group::AfterSendMsg, Group, after, sample "im/Group.CallbackAfterSendMsg.json";
    /// `Group.CallbackSendMsgException`: delivering a group message failed.
    GroupSendMsgException, GROUP_SEND_MSG_EXCEPTION = "Group.CallbackSendMsgException"
        => group::SendMsgException, Group, after,
        sample "im/Group.CallbackSendMsgException.json";
    /// `Group.CallbackAfterRecallMsg`: group messages were recalled.
    GroupAfterRecallMsg, GROUP_AFTER_RECALL_MSG = "Group.CallbackAfterRecallMsg"
        => group::AfterRecallMsg, Group, after, sample "im/Group.CallbackAfterRecallMsg.json";
    /// `Group.CallbackAfterReadReceipt`: read receipts for group messages were sent.
    GroupAfterReadReceipt, GROUP_AFTER_READ_RECEIPT = "Group.CallbackAfterReadReceipt"
        => group::AfterReadReceipt, Group, after,
        sample "im/Group.CallbackAfterReadReceipt.json";
    /// `Group.CallbackAfterGroupMsgExtension`: a group message's extension keys changed.
    GroupAfterGroupMsgExtension, GROUP_AFTER_GROUP_MSG_EXTENSION =
        "Group.CallbackAfterGroupMsgExtension"
        => group::AfterMsgExtension, Group, after,
        sample "im/Group.CallbackAfterGroupMsgExtension.json";
    /// `Bot.OnC2CMessage`: a one-to-one message to a chatbot.
    BotOnC2cMessage, BOT_ON_C2C_MESSAGE = "Bot.OnC2CMessage"
        => bot::OnC2cMessage, Bot, after, sample "im/Bot.OnC2CMessage.json";
    /// `Bot.OnGroupMessage`: chatbots were @-mentioned in a group.
    BotOnGroupMessage, BOT_ON_GROUP_MESSAGE = "Bot.OnGroupMessage"
        => bot::OnGroupMessage, Bot, after, sample "im/Bot.OnGroupMessage.json";
    /// `Chatbot.OnC2CSignalMessage`: a chatbot's pass-through message (known from a client
    /// library only; its sample is constructed from that library's fields, not Tencent's).
    ChatbotOnC2cSignalMessage, CHATBOT_ON_C2C_SIGNAL_MESSAGE = "Chatbot.OnC2CSignalMessage"
        => bot::OnC2cSignalMessage, Chatbot, after,
        sample "im/Chatbot.OnC2CSignalMessage.constructed.json";
    /// `OfficialAccount.CallbackBeforeSendMsg`: an Official Account's message is about to be
    /// delivered; the reply allows, refuses, drops or rewrites it.
    OfficialAccountBeforeSendMsg, OFFICIAL_ACCOUNT_BEFORE_SEND_MSG =
        "OfficialAccount.CallbackBeforeSendMsg"
        => official_account::BeforeSendMsg, OfficialAccount,
        before(official_account::SendMsgReply),
        sample "im/OfficialAccount.CallbackBeforeSendMsg.json";
    /// `OfficialAccount.CallbackAfterSendMsg`: an Official Account's message was delivered.
    OfficialAccountAfterSendMsg, OFFICIAL_ACCOUNT_AFTER_SEND_MSG =
        "OfficialAccount.CallbackAfterSendMsg"
        => official_account::AfterSendMsg, OfficialAccount, after,
        sample "im/OfficialAccount.CallbackAfterSendMsg.json";
    /// `OfficialAccount.CallbackAfterMsgWithDraw`: an Official Account's messages were
    /// recalled.
    OfficialAccountAfterMsgWithDraw, OFFICIAL_ACCOUNT_AFTER_MSG_WITHDRAW =
        "OfficialAccount.CallbackAfterMsgWithDraw"
        => official_account::AfterMsgWithdraw, OfficialAccount, after,
        sample "im/OfficialAccount.CallbackAfterMsgWithDraw.json";
    /// `Push.OfflinePush`: a batch of offline-push results (the command is only inside each
    /// result).
    PushOfflinePush, PUSH_OFFLINE_PUSH = "Push.OfflinePush"
        => push::OfflinePushBatch, Push, after, sample "im/Push.OfflinePush.json";
    /// `Push.AllMemberPush`: a batch of all-user, tag or user-id push results.
    PushAllMemberPush, PUSH_ALL_MEMBER_PUSH = "Push.AllMemberPush"
        => push::AllMemberPushBatch, Push, after, sample "im/Push.AllMemberPush.json";
    /// `ContentCallback.ResultNotify`: cloud moderation's verdict (the body names no
    /// command).
    ContentCallbackResultNotify, CONTENT_CALLBACK_RESULT_NOTIFY = "ContentCallback.ResultNotify"
        => moderation::ResultNotify, ContentCallback, after,
        sample "im/ContentCallback.ResultNotify.json";

    // ── IM groups, relationships, profile, online state, Official Accounts, alerts,
    //    follow (IM-GROUPS.md) ────────────────────────────────────────────────────────────

    // ── TUILiveKit (LIVE.md) ─────────────────────────────────────────────────────────────
}
