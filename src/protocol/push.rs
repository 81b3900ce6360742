//! IM push-result callbacks (`Push.*`, push plugin): what became of offline pushes and of
//! all-user / tag / user-id pushes.
//!
//! Both arrive **batched**: the body is `{"Events":[…]}` with 1 to 100 results, and the
//! command word appears only inside each result. Their `EventTime` is in **seconds** (the only
//! message callbacks that use seconds for it), and their result fields are `ErrCode` and
//! `ErrInfo`.
//!
//! ```
//! use tencent_im_callback::push::{OfflinePushBatch, PushStage};
//!
//! let body = br#"{"Events":[
//!     {"CallbackCommand":"Push.OfflinePush","EventType":2,"EventTime":1557481127,
//!      "GroupID":"@TGS#12DEVUDHQ","PushStage":2,"ErrCode":0},
//!     {"CallbackCommand":"Push.OfflinePush","EventType":1,"EventTime":1557481127,
//!      "MsgKey":"48374_2837546_1557481126","PushStage":1,"ErrCode":0}]}"#;
//! let batch: OfflinePushBatch = serde_json::from_slice(body)?;
//! let delivered = batch.iter().filter(|push| push.push_stage == Some(PushStage::Delivered));
//! assert_eq!(delivered.count(), 1);
//! // Seconds on the wire, read as such.
//! assert_eq!(
//!     batch.events[0].occurred_at(),
//!     Some(std::time::UNIX_EPOCH + std::time::Duration::from_secs(1557481127))
//! );
//! assert_eq!(batch.events[0].group_id.as_deref(), Some("@TGS#12DEVUDHQ"));
//! # Ok::<(), serde_json::Error>(())
//! ```

use std::time::SystemTime;

use super::event::envelope::{envelope, seconds};
use super::event::wire::wire_object;
use super::event::RawJson;
use super::message::number::code_enum;

code_enum! {
    /// `PushPlatform`: the push channel.
    pub enum PushPlatform {
        /// Unknown (also every online push).
        Unknown = 0,
        /// Apple APNs.
        Apns = 1,
        /// Xiaomi.
        Xiaomi = 2,
        /// Huawei.
        Huawei = 3,
        /// Google FCM.
        Fcm = 4,
        /// Meizu.
        Meizu = 5,
        /// OPPO.
        Oppo = 6,
        /// vivo.
        Vivo = 7,
        /// Honor.
        Honor = 8,
    }
}

code_enum! {
    /// `PushStage`: how far a push got.
    pub enum PushStage {
        /// Sent to the push channel.
        Sent = 1,
        /// Delivered to the device.
        Delivered = 2,
        /// Clicked by the user.
        Clicked = 3,
    }
}

code_enum! {
    /// `EventType` of `Push.OfflinePush`: the conversation the message belongs to.
    pub enum PushedChat {
        /// A one-to-one message (the result has `MsgKey`).
        C2c = 1,
        /// A group message (the result has `GroupID`).
        Group = 2,
    }
}

code_enum! {
    /// `EventType` of `Push.AllMemberPush`: how the push went out.
    pub enum PushChannel {
        /// An offline push.
        Offline = 1,
        /// An online push.
        Online = 2,
    }
}

wire_object! {
    /// One result of a `Push.OfflinePush` batch.
    pub struct OfflinePush {
        /// `Push.OfflinePush`.
        pub callback_command: Option<String> = "CallbackCommand",
        /// One-to-one or group message.
        pub event_type: Option<PushedChat> = "EventType",
        /// When it happened, Unix **seconds** (see [`occurred_at`](Self::occurred_at)).
        pub event_time: Option<u64> = "EventTime",
        /// The message's sender.
        pub from_account: Option<String> = "From_Account",
        /// The pushed user.
        pub to_account: Option<String> = "To_Account",
        /// The push channel.
        pub push_platform: Option<PushPlatform> = "PushPlatform",
        /// How far the push got.
        pub push_stage: Option<PushStage> = "PushStage",
        /// The message's key (one-to-one messages).
        pub msg_key: Option<String> = "MsgKey",
        /// The group (group messages). Spelled `GroupID` here, `GroupId` everywhere else;
        /// both are read, `GroupID` is written.
        pub group_id: Option<String> = "GroupID" | "GroupId",
        /// The message's sequence number.
        pub msg_seq: Option<u64> = "MsgSeq",
        /// The message's random (documented as empty for group messages, yet sent).
        pub msg_random: Option<u64> = "MsgRandom",
        /// When the message was sent, Unix **seconds** (see [`sent_at`](Self::sent_at)).
        pub msg_time: Option<u64> = "MsgTime",
        /// The push's id.
        pub push_id: Option<String> = "PushID",
        /// 0 when the push succeeded, else the error code.
        pub err_code: Option<i64> = "ErrCode",
        /// The error text; may be empty.
        pub err_info: Option<String> = "ErrInfo",
    }
}

envelope!(OfflinePush {
    command: callback_command,
    time_s: event_time,
});

impl OfflinePush {
    /// `MsgTime` as a `SystemTime` (the wire value is in seconds).
    pub fn sent_at(&self) -> Option<SystemTime> {
        seconds(self.msg_time)
    }

    /// Whether the push succeeded (`ErrCode` 0 or absent).
    pub fn succeeded(&self) -> bool {
        self.err_code.unwrap_or(0) == 0
    }
}

wire_object! {
    /// `Push.OfflinePush`: a batch of 1 to 100 offline-push results. The batch names no command
    /// and no time; each result does.
    pub struct OfflinePushBatch {
        /// The results.
        pub events: Vec<OfflinePush> = "Events",
    }
}

envelope!(OfflinePushBatch {});

impl OfflinePushBatch {
    /// The results, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, OfflinePush> {
        self.events.iter()
    }
}

impl<'a> IntoIterator for &'a OfflinePushBatch {
    type Item = &'a OfflinePush;
    type IntoIter = std::slice::Iter<'a, OfflinePush>;

    fn into_iter(self) -> Self::IntoIter {
        self.events.iter()
    }
}

impl IntoIterator for OfflinePushBatch {
    type Item = OfflinePush;
    type IntoIter = std::vec::IntoIter<OfflinePush>;

    fn into_iter(self) -> Self::IntoIter {
        self.events.into_iter()
    }
}

wire_object! {
    /// One result of a `Push.AllMemberPush` batch (a push to all users, tags or user ids).
    pub struct AllMemberPush {
        /// `Push.AllMemberPush`.
        pub callback_command: Option<String> = "CallbackCommand",
        /// Offline or online push.
        pub event_type: Option<PushChannel> = "EventType",
        /// The push task.
        pub task_id: Option<String> = "TaskId",
        /// The app's own id from the push request (in Tencent's table only).
        pub data_id: Option<String> = "DataId",
        /// When the task started, Unix **seconds** (see [`task_started_at`](Self::task_started_at)).
        pub task_time: Option<u64> = "TaskTime",
        /// When it happened, Unix **seconds** (see [`occurred_at`](Self::occurred_at)).
        pub event_time: Option<u64> = "EventTime",
        /// The pushed user.
        pub to_account: Option<String> = "To_Account",
        /// The push channel (`Unknown` for online pushes).
        pub push_platform: Option<PushPlatform> = "PushPlatform",
        /// The device type (in Tencent's table only, with no type or meaning given; kept as
        /// received).
        pub device_type: Option<RawJson> = "DeviceType",
        /// How far the push got.
        pub push_stage: Option<PushStage> = "PushStage",
        /// 0 when the push succeeded, else the error code.
        pub err_code: Option<i64> = "ErrCode",
        /// The error text; may be empty.
        pub err_info: Option<String> = "ErrInfo",
    }
}

envelope!(AllMemberPush {
    command: callback_command,
    time_s: event_time,
});

impl AllMemberPush {
    /// `TaskTime` as a `SystemTime` (the wire value is in seconds).
    pub fn task_started_at(&self) -> Option<SystemTime> {
        seconds(self.task_time)
    }

    /// Whether the push succeeded (`ErrCode` 0 or absent).
    pub fn succeeded(&self) -> bool {
        self.err_code.unwrap_or(0) == 0
    }
}

wire_object! {
    /// `Push.AllMemberPush`: a batch of push results for all-user, tag or user-id pushes. The
    /// batch names no command and no time; each result does.
    pub struct AllMemberPushBatch {
        /// The results.
        pub events: Vec<AllMemberPush> = "Events",
    }
}

envelope!(AllMemberPushBatch {});

impl AllMemberPushBatch {
    /// The results, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, AllMemberPush> {
        self.events.iter()
    }
}

impl<'a> IntoIterator for &'a AllMemberPushBatch {
    type Item = &'a AllMemberPush;
    type IntoIter = std::slice::Iter<'a, AllMemberPush>;

    fn into_iter(self) -> Self::IntoIter {
        self.events.iter()
    }
}

impl IntoIterator for AllMemberPushBatch {
    type Item = AllMemberPush;
    type IntoIter = std::vec::IntoIter<AllMemberPush>;

    fn into_iter(self) -> Self::IntoIter {
        self.events.into_iter()
    }
}
