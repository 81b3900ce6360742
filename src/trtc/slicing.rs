//! Group 10, cloud slicing (codes 1001–1006).
//!
//! The `EventInfo` has `RoomId`, `EventTs` (seconds), `EventMsTs` (milliseconds), `UserId`
//! (the slicing robot), `TaskId` and a `Payload`; 1004 adds the anchor's `StreamUserId`
//! (group 11's samples spell it `StreamerUserId`: both are read, on every slicing event).
//! Tencent publishes no sample for this group.

use super::payload::{ErrorPayload, LeaveCodePayload, StatusPayload};
use super::values::{RoomId, UnixMillis, UnixSecs};
use super::wire::{event_info, trtc_object};

/// A group-10 `EventInfo` around its `Payload`.
macro_rules! slice_event {
    ($(#[$meta:meta])* $name:ident($payload:ty)) => {
        trtc_object! {
            $(#[$meta])*
            pub struct $name {
                /// The room.
                pub room_id: Option<RoomId> = "RoomId",
                /// When the event happened, in seconds.
                pub event_ts: Option<UnixSecs> = "EventTs",
                /// When the event happened, in milliseconds: the time to order events by.
                pub event_ms_ts: Option<UnixMillis> = "EventMsTs" | "EventTsMs",
                /// The slicing robot's user id.
                pub user_id: Option<String> = "UserId",
                /// The anchor whose stream is sliced (documented on 1004).
                pub stream_user_id: Option<String> = "StreamUserId" | "StreamerUserId",
                /// The slicing task.
                pub task_id: Option<String> = "TaskId",
                /// What happened.
                pub payload: $payload = "Payload",
            }
        }
        event_info!($name: room_id, user_id, task_id, event_ms_ts, event_ts);
    };
}

slice_event! {
    /// 1001 `EVENT_TYPE_CLOUD_SLICE_START`: the slicing module started; `Payload.Status` `0`
    /// ok, `1` failed.
    SliceStart(StatusPayload)
}

slice_event! {
    /// 1002 `EVENT_TYPE_CLOUD_SLICE_STOP`: the slicing module exited; see
    /// [`LeaveCodePayload`].
    SliceStop(LeaveCodePayload)
}

slice_event! {
    /// 1003 `EVENT_TYPE_CLOUD_SLICE_UPLOAD_START`: the upload task started (COS only);
    /// `Payload.Status` `0` ok, `1` failed.
    SliceUploadStart(StatusPayload)
}

trtc_object! {
    /// The `Payload` of 1004, "the slice result": its fields are undocumented, so all are
    /// kept in `extra`.
    pub struct SliceResultPayload {}
}

slice_event! {
    /// 1004 `EVENT_TYPE_CLOUD_SLICE_FILE_INFO`: a screenshot or audio slice was uploaded
    /// (COS only).
    SliceFileInfo(SliceResultPayload)
}

slice_event! {
    /// 1005 `EVENT_TYPE_CLOUD_SLICE_UPLOAD_STOP`: the upload finished (COS only).
    SliceUploadStop(StatusPayload)
}

slice_event! {
    /// 1006 `EVENT_TYPE_CLOUD_SLICE_UPLOAD_ERROR`: a slice could not be delivered.
    SliceUploadError(ErrorPayload)
}
