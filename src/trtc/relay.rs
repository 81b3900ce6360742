//! Group 4, relay to CDN and stream mixing (`EVENT_GROUP_CLOUD_PUBLISH`, code 401), for tasks
//! started with `StartPublishCdnStream` (there is no separate mixing callback).
//!
//! Tencent's sample spells the event time `EventTsMs` where the table says `EventMsTs` (both
//! are read), sends `TaskId` as a string where the table says Number (kept as a string), and
//! has no `EventTs`. Callbacks "may arrive out of order": order them by `EventMsTs`.

use super::values::{RoomId, UnixMillis};
use super::wire::{code_enum, event_info, trtc_object};

code_enum! {
    /// `Payload.Status` of 401 (`PUBLISH_CDN_STREAM_STATE_*`). Typical sequences: `1→2` on
    /// start, `2→5→0` on stop, `2→3→2` after a recovered interruption, `2→3→4→0` on failure.
    pub enum CdnPublishState {
        /// `IDLE`: not started, or ended (sent once).
        Idle = 0,
        /// `CONNECTING` (every 5 s, for at most 60 s).
        Connecting = 1,
        /// `RUNNING` (sent once).
        Running = 2,
        /// `RECOVERING`: interrupted, reconnecting (every 5 s, for at most 60 s).
        Recovering = 3,
        /// `FAILURE` (sent once).
        Failure = 4,
        /// `DISCONNECTING` (sent once).
        Disconnecting = 5,
    }
}

trtc_object! {
    /// The `Payload` of 401.
    pub struct CdnPublishPayload {
        /// The relay target this status is about.
        pub url: Option<String> = "Url",
        /// The relay's state.
        pub status: Option<CdnPublishState> = "Status",
        /// The error code, on failures.
        pub error_code: Option<i64> = "ErrorCode",
        /// The error text, on failures.
        pub error_msg: Option<String> = "ErrorMsg",
    }
}

trtc_object! {
    /// 401 `EVENT_TYPE_CLOUD_PUBLISH_CDN_STATUS`: the relay status of one target URL
    /// changed. Sample: `4-401-cdn-publish-status.json`.
    pub struct CdnPublishStatus {
        /// The room.
        pub room_id: Option<RoomId> = "RoomId",
        /// `0` numeric room id, `1` string room id.
        pub room_type: Option<u64> = "RoomType" | "RoomIdType",
        /// When the event happened, in milliseconds: the time to order events by.
        pub event_ms_ts: Option<UnixMillis> = "EventMsTs" | "EventTsMs",
        /// The user id the task publishes as.
        pub user_id: Option<String> = "UserId",
        /// The relay task.
        pub task_id: Option<String> = "TaskId",
        /// What changed.
        pub payload: CdnPublishPayload = "Payload",
    }
}

event_info!(CdnPublishStatus: room_id, user_id, task_id, event_ms_ts);
