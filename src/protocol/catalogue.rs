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
use super::{alert, follow, profile, sns, state};

// TUILiveKit.
use super::live;

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

    /// `State.StateChange`: a user logged in, logged out, lost the connection or set a custom status.
    StateStateChange, STATE_STATE_CHANGE = "State.StateChange"
        => state::StateChange, State, after,
        sample "im/State.StateChange.json";
    /// `Profile.CallbackPortraitSet`: a user's profile changed.
    ProfilePortraitSet, PROFILE_PORTRAIT_SET = "Profile.CallbackPortraitSet"
        => profile::PortraitSet, Profile, after,
        sample "im/Profile.CallbackPortraitSet.json";
    /// `Sns.CallbackPrevFriendAdd`: a client asks to add friends; the reply decides per target.
    SnsPrevFriendAdd, SNS_PREV_FRIEND_ADD = "Sns.CallbackPrevFriendAdd"
        => sns::PrevFriendAdd, Sns, before(sns::FriendReply),
        sample "im/Sns.CallbackPrevFriendAdd.json";
    /// `Sns.CallbackPrevFriendResponse`: a client answers friend requests; the reply decides per requester.
    SnsPrevFriendResponse, SNS_PREV_FRIEND_RESPONSE = "Sns.CallbackPrevFriendResponse"
        => sns::PrevFriendResponse, Sns, before(sns::FriendReply),
        sample "im/Sns.CallbackPrevFriendResponse.json";
    /// `Sns.CallbackFriendAdd`: friendships were made.
    SnsFriendAdd, SNS_FRIEND_ADD = "Sns.CallbackFriendAdd"
        => sns::FriendAdd, Sns, after,
        sample "im/Sns.CallbackFriendAdd.json";
    /// `Sns.CallbackFriendDelete`: friendships ended.
    SnsFriendDelete, SNS_FRIEND_DELETE = "Sns.CallbackFriendDelete"
        => sns::FriendDelete, Sns, after,
        sample "im/Sns.CallbackFriendDelete.json";
    /// `Sns.CallbackBlackListAdd`: users were blocked.
    SnsBlackListAdd, SNS_BLACK_LIST_ADD = "Sns.CallbackBlackListAdd"
        => sns::BlackListAdd, Sns, after,
        sample "im/Sns.CallbackBlackListAdd.json";
    /// `Sns.CallbackBlackListDelete`: users were unblocked.
    SnsBlackListDelete, SNS_BLACK_LIST_DELETE = "Sns.CallbackBlackListDelete"
        => sns::BlackListDelete, Sns, after,
        sample "im/Sns.CallbackBlackListDelete.json";
    /// `Follow.CallbackAfterFollowAdd`: a user followed others.
    FollowAfterFollowAdd, FOLLOW_AFTER_FOLLOW_ADD = "Follow.CallbackAfterFollowAdd"
        => follow::FollowAdd, Follow, after,
        sample "im/Follow.CallbackAfterFollowAdd.json";
    /// `Follow.CallbackAfterFollowDelete`: a user unfollowed others.
    FollowAfterFollowDelete, FOLLOW_AFTER_FOLLOW_DELETE = "Follow.CallbackAfterFollowDelete"
        => follow::FollowDelete, Follow, after,
        sample "im/Follow.CallbackAfterFollowDelete.json";
    /// `Group.CallbackBeforeCreateGroup`: a group is about to be created; the reply allows or refuses it.
    GroupBeforeCreateGroup, GROUP_BEFORE_CREATE_GROUP = "Group.CallbackBeforeCreateGroup"
        => group::BeforeCreateGroup, Group, before(group::GroupReply),
        sample "im/Group.CallbackBeforeCreateGroup.json";
    /// `Group.CallbackAfterCreateGroup`: a group was created.
    GroupAfterCreateGroup, GROUP_AFTER_CREATE_GROUP = "Group.CallbackAfterCreateGroup"
        => group::AfterCreateGroup, Group, after,
        sample "im/Group.CallbackAfterCreateGroup.json";
    /// `Group.CallbackBeforeApplyJoinGroup`: a user applies to join a group; the reply allows or refuses it.
    GroupBeforeApplyJoinGroup, GROUP_BEFORE_APPLY_JOIN_GROUP = "Group.CallbackBeforeApplyJoinGroup"
        => group::BeforeApplyJoinGroup, Group, before(group::GroupReply),
        sample "im/Group.CallbackBeforeApplyJoinGroup.json";
    /// `Group.CallbackBeforeInviteJoinGroup`: users are about to be invited into a group; the reply may refuse some.
    GroupBeforeInviteJoinGroup, GROUP_BEFORE_INVITE_JOIN_GROUP = "Group.CallbackBeforeInviteJoinGroup"
        => group::BeforeInviteJoinGroup, Group, before(group::InviteReply),
        sample "im/Group.CallbackBeforeInviteJoinGroup.json";
    /// `Group.CallbackAfterNewMemberJoin`: members joined a group.
    GroupAfterNewMemberJoin, GROUP_AFTER_NEW_MEMBER_JOIN = "Group.CallbackAfterNewMemberJoin"
        => group::NewMemberJoin, Group, after,
        sample "im/Group.CallbackAfterNewMemberJoin.json";
    /// `Group.CallbackAfterMemberExit`: members left a group or were removed.
    GroupAfterMemberExit, GROUP_AFTER_MEMBER_EXIT = "Group.CallbackAfterMemberExit"
        => group::MemberExit, Group, after,
        sample "im/Group.CallbackAfterMemberExit.json";
    /// `Group.CallbackAfterGroupFull`: a group is full.
    GroupAfterGroupFull, GROUP_AFTER_GROUP_FULL = "Group.CallbackAfterGroupFull"
        => group::GroupFull, Group, after,
        sample "im/Group.CallbackAfterGroupFull.json";
    /// `Group.CallbackAfterGroupDestroyed`: a group was disbanded.
    GroupAfterGroupDestroyed, GROUP_AFTER_GROUP_DESTROYED = "Group.CallbackAfterGroupDestroyed"
        => group::GroupDestroyed, Group, after,
        sample "im/Group.CallbackAfterGroupDestroyed.json";
    /// `Group.CallbackAfterGroupInfoChanged`: a group's profile changed (only the changed fields).
    GroupAfterGroupInfoChanged, GROUP_AFTER_GROUP_INFO_CHANGED = "Group.CallbackAfterGroupInfoChanged"
        => group::GroupInfoChanged, Group, after,
        sample "im/Group.CallbackAfterGroupInfoChanged.json";
    /// `Group.CallbackOnMemberStateChange`: AVChatRoom members came online or went offline.
    GroupOnMemberStateChange, GROUP_ON_MEMBER_STATE_CHANGE = "Group.CallbackOnMemberStateChange"
        => group::MemberStateChange, Group, after,
        sample "im/Group.CallbackOnMemberStateChange.json";
    /// `Group.CallbackBeforeCreateTopic`: a Community topic is about to be created; the reply allows or refuses it.
    GroupBeforeCreateTopic, GROUP_BEFORE_CREATE_TOPIC = "Group.CallbackBeforeCreateTopic"
        => group::BeforeCreateTopic, Group, before(group::GroupReply),
        sample "im/Group.CallbackBeforeCreateTopic.json";
    /// `Group.CallbackAfterCreateTopic`: a Community topic was created.
    GroupAfterCreateTopic, GROUP_AFTER_CREATE_TOPIC = "Group.CallbackAfterCreateTopic"
        => group::AfterCreateTopic, Group, after,
        sample "im/Group.CallbackAfterCreateTopic.json";
    /// `Group.CallbackAfterTopicDestroyed`: Community topics were deleted.
    GroupAfterTopicDestroyed, GROUP_AFTER_TOPIC_DESTROYED = "Group.CallbackAfterTopicDestroyed"
        => group::TopicDestroyed, Group, after,
        sample "im/Group.CallbackAfterTopicDestroyed.json";
    /// `Group.CallbackAfterTopicInfoChanged`: a Community topic's profile changed (only the changed fields).
    GroupAfterTopicInfoChanged, GROUP_AFTER_TOPIC_INFO_CHANGED = "Group.CallbackAfterTopicInfoChanged"
        => group::TopicInfoChanged, Group, after,
        sample "im/Group.CallbackAfterTopicInfoChanged.json";
    /// `Group.CallbackAfterMemberFieldChanged`: a member's role or name card changed (admin grants and revocations).
    GroupAfterMemberFieldChanged, GROUP_AFTER_MEMBER_FIELD_CHANGED = "Group.CallbackAfterMemberFieldChanged"
        => group::MemberFieldChanged, Group, after,
        sample "im/Group.CallbackAfterMemberFieldChanged.json";
    /// `Group.CallbackAfterGroupAttrChanged`: custom group attributes changed.
    GroupAfterGroupAttrChanged, GROUP_AFTER_GROUP_ATTR_CHANGED = "Group.CallbackAfterGroupAttrChanged"
        => group::GroupAttrChanged, Group, after,
        sample "im/Group.CallbackAfterGroupAttrChanged.json";
    /// `Group.CallbackAfterChangeGroupOwner`: a group's owner changed.
    GroupAfterChangeGroupOwner, GROUP_AFTER_CHANGE_GROUP_OWNER = "Group.CallbackAfterChangeGroupOwner"
        => group::ChangeGroupOwner, Group, after,
        sample "im/Group.CallbackAfterChangeGroupOwner.json";
    /// `Group.CallbackOnDailyGroupQuotaAlarm`: the day's new groups passed 70 % of the daily limit.
    GroupOnDailyGroupQuotaAlarm, GROUP_ON_DAILY_GROUP_QUOTA_ALARM = "Group.CallbackOnDailyGroupQuotaAlarm"
        => group::DailyGroupQuotaAlarm, Group, after,
        sample "im/Group.CallbackOnDailyGroupQuotaAlarm.json";
    /// `Alert.RequestOverLimit`: a REST API went over its rate limit.
    AlertRequestOverLimit, ALERT_REQUEST_OVER_LIMIT = "Alert.RequestOverLimit"
        => alert::RequestOverLimit, Alert, after,
        sample "im/Alert.RequestOverLimit.json";
    /// `OfficialAccount.CallbackBeforeCreateOfficialAccount`: an Official Account is about to be created; the reply allows or denies it.
    OfficialAccountBeforeCreateOfficialAccount, OFFICIAL_ACCOUNT_BEFORE_CREATE_OFFICIAL_ACCOUNT = "OfficialAccount.CallbackBeforeCreateOfficialAccount"
        => official_account::BeforeCreateOfficialAccount, OfficialAccount, before(official_account::CreateOfficialAccountReply),
        sample "im/OfficialAccount.CallbackBeforeCreateOfficialAccount.json";
    /// `OfficialAccount.CallbackAfterCreateOfficialAccount`: an Official Account was created.
    OfficialAccountAfterCreateOfficialAccount, OFFICIAL_ACCOUNT_AFTER_CREATE_OFFICIAL_ACCOUNT = "OfficialAccount.CallbackAfterCreateOfficialAccount"
        => official_account::AfterCreateOfficialAccount, OfficialAccount, after,
        sample "im/OfficialAccount.CallbackAfterCreateOfficialAccount.json";
    /// `OfficialAccount.CallbackAfterOfficialAccountInfoChanged`: an Official Account's profile changed (only the changed fields).
    OfficialAccountAfterOfficialAccountInfoChanged, OFFICIAL_ACCOUNT_AFTER_OFFICIAL_ACCOUNT_INFO_CHANGED = "OfficialAccount.CallbackAfterOfficialAccountInfoChanged"
        => official_account::OfficialAccountInfoChanged, OfficialAccount, after,
        sample "im/OfficialAccount.CallbackAfterOfficialAccountInfoChanged.json";
    /// `OfficialAccount.CallbackAfterOfficialAccountDestroyed`: an Official Account was destroyed.
    OfficialAccountAfterOfficialAccountDestroyed, OFFICIAL_ACCOUNT_AFTER_OFFICIAL_ACCOUNT_DESTROYED = "OfficialAccount.CallbackAfterOfficialAccountDestroyed"
        => official_account::OfficialAccountDestroyed, OfficialAccount, after,
        sample "im/OfficialAccount.CallbackAfterOfficialAccountDestroyed.json";
    /// `OfficialAccount.CallbackBeforeAddSubscriber`: users are about to subscribe to an Official Account; the reply may refuse some.
    OfficialAccountBeforeAddSubscriber, OFFICIAL_ACCOUNT_BEFORE_ADD_SUBSCRIBER = "OfficialAccount.CallbackBeforeAddSubscriber"
        => official_account::BeforeAddSubscriber, OfficialAccount, before(official_account::AddSubscriberReply),
        sample "im/OfficialAccount.CallbackBeforeAddSubscriber.json";
    /// `OfficialAccount.CallbackAfterAddSubscriber`: users subscribed to an Official Account.
    OfficialAccountAfterAddSubscriber, OFFICIAL_ACCOUNT_AFTER_ADD_SUBSCRIBER = "OfficialAccount.CallbackAfterAddSubscriber"
        => official_account::AfterAddSubscriber, OfficialAccount, after,
        sample "im/OfficialAccount.CallbackAfterAddSubscriber.json";
    /// `OfficialAccount.CallbackAfterOfficialAccountFull`: an Official Account reached its subscriber limit.
    OfficialAccountAfterOfficialAccountFull, OFFICIAL_ACCOUNT_AFTER_OFFICIAL_ACCOUNT_FULL = "OfficialAccount.CallbackAfterOfficialAccountFull"
        => official_account::OfficialAccountFull, OfficialAccount, after,
        sample "im/OfficialAccount.CallbackAfterOfficialAccountFull.json";
    /// `OfficialAccount.CallbackAfterDeleteSubscriber`: users unsubscribed from an Official Account.
    OfficialAccountAfterDeleteSubscriber, OFFICIAL_ACCOUNT_AFTER_DELETE_SUBSCRIBER = "OfficialAccount.CallbackAfterDeleteSubscriber"
        => official_account::AfterDeleteSubscriber, OfficialAccount, after,
        sample "im/OfficialAccount.CallbackAfterDeleteSubscriber.json";

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
