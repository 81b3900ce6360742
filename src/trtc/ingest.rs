//! Group 7, input online media stream (`EVENT_GROUP_STREAM_INGEST`, codes 701–702), for
//! tasks started with `StartStreamIngest`.
//!
//! The body spells its send time `CallbackMsTs` (read as the envelope's `callback_ts`); the
//! `EventInfo` has no `RoomId`, `UserId`, `EventTs` or `Payload`: `Status` stands directly
//! in it. Callbacks "may arrive out of order": order them by `EventMsTs`.

use super::values::UnixMillis;
use super::wire::{event_info, trtc_object};

/// A group-7 `EventInfo`.
macro_rules! ingest_event {
    ($(#[$meta:meta])* $name:ident, $status:literal) => {
        trtc_object! {
            $(#[$meta])*
            pub struct $name {
                /// When the event happened, in milliseconds (typed String in the table, sent
                /// as a number: both are read).
                pub event_ms_ts: Option<UnixMillis> = "EventMsTs" | "EventTsMs",
                /// The ingest task.
                pub task_id: Option<String> = "TaskId",
                #[doc = $status]
                pub status: Option<u64> = "Status",
            }
        }
        event_info!($name: task_id, event_ms_ts);
    };
}

ingest_event! {
    /// 701 `EVENT_TYPE_STREAM_INGEST_START`. Sample:
    /// `7-701-stream-ingest-start.compact-from-signature-note.json`.
    StreamIngestStart,
    "`0` started (sent once); `1` failed to start (sent once; after three failures, check \
     the source URL); `2` retrying, at 0, 1 and 3 s, one callback each (within a minute of \
     the start: the URL or RTMP failed; later: the source or network is unstable)."
}

ingest_event! {
    /// 702 `EVENT_TYPE_STREAM_INGEST_STOP` (no sample published).
    StreamIngestStop,
    "`0` stopped."
}
