//! Group 2, media events (`EVENT_GROUP_MEDIA`, codes 201–206): a user started or stopped
//! publishing main video, audio, or the sub-stream (screen sharing; Tencent's constants spell
//! it `ASSIT`).
//!
//! Every `EventInfo` has `RoomId`, `EventTs` (seconds), `EventMsTs` (milliseconds) and
//! `UserId`; the stop events add `Reason`, always `0` in Tencent's samples, its values
//! undocumented.

use super::values::{RoomId, UnixMillis, UnixSecs};
use super::wire::{event_info, trtc_object};

/// A group-2 `EventInfo`: the fields every media event has, then the event's own.
macro_rules! media_event {
    ($(#[$meta:meta])* $name:ident { $($fields:tt)* }) => {
        trtc_object! {
            $(#[$meta])*
            pub struct $name {
                /// The room.
                pub room_id: Option<RoomId> = "RoomId",
                /// When the event happened, in seconds ("kept for compatibility").
                pub event_ts: Option<UnixSecs> = "EventTs",
                /// When the event happened, in milliseconds: the time to order events by.
                pub event_ms_ts: Option<UnixMillis> = "EventMsTs" | "EventTsMs",
                /// The publishing user.
                pub user_id: Option<String> = "UserId",
                $($fields)*
            }
        }
        event_info!($name: room_id, user_id, event_ms_ts, event_ts);
    };
}

media_event! {
    /// 201 `EVENT_TYPE_START_VIDEO`: the user started publishing main video. Sample:
    /// `2-201-start-video.json`.
    StartVideo {}
}

media_event! {
    /// 202 `EVENT_TYPE_STOP_VIDEO`: the user stopped publishing main video.
    StopVideo {
        /// Why; values undocumented (`0` in every sample).
        pub reason: Option<u64> = "Reason",
    }
}

media_event! {
    /// 203 `EVENT_TYPE_START_AUDIO`: the user started publishing audio. Sample:
    /// `2-203-start-audio.json`.
    StartAudio {}
}

media_event! {
    /// 204 `EVENT_TYPE_STOP_AUDIO`: the user stopped publishing audio. Samples:
    /// `2-204-stop-audio.json`, and Tencent's signature vector.
    StopAudio {
        /// Why; values undocumented (`0` in every sample).
        pub reason: Option<u64> = "Reason",
    }
}

media_event! {
    /// 205 `EVENT_TYPE_START_ASSIT` (sic): the user started publishing the sub-stream
    /// (screen sharing). Sample: `2-205-start-assist.json`.
    StartAssist {}
}

media_event! {
    /// 206 `EVENT_TYPE_STOP_ASSIT` (sic): the user stopped publishing the sub-stream. Sample:
    /// `2-206-stop-assist.json`.
    StopAssist {
        /// Why; values undocumented (`0` in every sample).
        pub reason: Option<u64> = "Reason",
    }
}
