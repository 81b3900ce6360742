//! Group 14, AI transcription and translation 2.0 (code 1401; the page's further codes are
//! not covered and arrive as unknown events).
//!
//! The `EventInfo` has `EventMsTs`, `TaskId`, `RoomId` (a string in the sample),
//! `RoomIdType`, `RobotId` and a `Payload`.

use super::payload::StatusPayload;
use super::values::{RoomId, UnixMillis};
use super::wire::{event_info, trtc_object};

trtc_object! {
    /// 1401 "Start AI Transcription and Translation 2.0"; `Payload.Status` `0` started.
    /// Sample: `14-1401-ai-transcription2-start.json`.
    pub struct TranscriptionStart {
        /// When the event happened, in milliseconds: the time to order events by.
        pub event_ms_ts: Option<UnixMillis> = "EventMsTs" | "EventTsMs",
        /// The transcription task.
        pub task_id: Option<String> = "TaskId",
        /// The room.
        pub room_id: Option<RoomId> = "RoomId",
        /// `0` numeric room id, `1` string room id.
        pub room_id_type: Option<u64> = "RoomIdType" | "RoomType",
        /// The transcription robot's user id.
        pub robot_id: Option<String> = "RobotId",
        /// The state.
        pub payload: StatusPayload = "Payload",
    }
}

event_info!(TranscriptionStart: room_id, task_id, event_ms_ts);
