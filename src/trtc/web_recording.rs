//! Group 8, web-page recording (codes 801–804).
//!
//! The `EventInfo` has `EventMsTs`, `TaskId` and a `Payload` of `Status` and `EventMessage`;
//! no `RoomId`, `UserId` or `EventTs`. The table lists `EventMessage` beside `TaskId`, every
//! sample sends it in `Payload`: both places are read, and `event_message()` gives whichever
//! is present. The recorded file then arrives as a group-3 311, the end as 312.

use super::values::UnixMillis;
use super::wire::{event_info, trtc_object};

trtc_object! {
    /// The `Payload` of a web-page recording event.
    pub struct WebRecorderPayload {
        /// The state; its values depend on the code (see each event).
        pub status: Option<u64> = "Status",
        /// A description, such as `Success`, `PageRefresh` or `Over time limit`.
        pub event_message: Option<String> = "EventMessage",
    }
}

/// A group-8 `EventInfo`.
macro_rules! web_recorder_event {
    ($(#[$meta:meta])* $name:ident) => {
        trtc_object! {
            $(#[$meta])*
            pub struct $name {
                /// When the event happened, in milliseconds: the time to order events by.
                pub event_ms_ts: Option<UnixMillis> = "EventMsTs" | "EventTsMs",
                /// The web-page recording task.
                pub task_id: Option<String> = "TaskId",
                /// Where the table puts `EventMessage` (the samples put it in `Payload`).
                pub event_message: Option<String> = "EventMessage",
                /// The state.
                pub payload: WebRecorderPayload = "Payload",
            }
        }
        event_info!($name: task_id, event_ms_ts);

        impl $name {
            /// `EventMessage`, from `Payload` or from `EventInfo`.
            pub fn event_message(&self) -> Option<&str> {
                self.payload
                    .event_message
                    .as_deref()
                    .or(self.event_message.as_deref())
            }
        }
    };
}

web_recorder_event! {
    /// 801 `EVENT_TYPE_WEB_RECORDER_START`: the page-recording module started.
    /// `Payload.Status`: `1` started, `2` failed to start, `3` abnormal exit while recording,
    /// `4` task migrated (3 and 4 are handled automatically), `5` task error, stopped with no
    /// more retries. Sample: `8-801-web-recorder-start.json`.
    WebRecorderStart
}

web_recorder_event! {
    /// 802 `EVENT_TYPE_WEB_RECORDER_STOP`: the module exited normally (`Payload.Status` `1`,
    /// `Success`).
    WebRecorderStop
}

web_recorder_event! {
    /// 803 `EVENT_TYPE_WEB_RECORDER_STATUS_UPDATE`: `Payload.Status` `1` page refreshed
    /// (`PageRefresh`), `2` paused (`RecordPaused`), `3` resumed (`RecordResume`). Sample:
    /// `8-803-web-recorder-status-update.json`.
    WebRecorderStatusUpdate
}

web_recorder_event! {
    /// 804 `EVENT_TYPE_WEB_RECORDER_RESOURCE_LIMIT`: a limit ended the task;
    /// `Payload.Status` `1` maximum duration reached, `2` a video source above 1920×1080.
    /// Sample: `8-804-web-recorder-resource-limit.json`.
    WebRecorderResourceLimit
}
