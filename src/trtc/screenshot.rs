//! Group 6, SDK video-screenshot upload (`EVENT_GROUP_SCREEN_SHOT`, code 601).
//!
//! Unlike every other group, the `EventInfo` uses lower camel case with `ID`/`URL`
//! (`eventID`, `roomID`, `userID`, `pictureURL`); the table spells the first `eventId`, and
//! both are read. There is no `EventTs`, `EventMsTs` or `TaskId`: the screenshot's own
//! `timestamp` (milliseconds) is the event time.

use std::time::SystemTime;

use super::event::TrtcEventInfo;
use super::values::{RoomId, UnixMillis};
use super::wire::trtc_object;

trtc_object! {
    /// 601 `EVENT_TYPE_VIDEO_SCREENSHOT`: a screenshot was uploaded. Sample:
    /// `6-601-video-screenshot.json`.
    pub struct VideoScreenshot {
        /// The event id (it looks like the uploaded object's name).
        pub event_id: Option<String> = "eventID" | "eventId",
        /// The client's `extraInfo`.
        pub callback_data: Option<String> = "callbackData",
        /// Where the screenshot is (COS or S3).
        pub picture_url: Option<String> = "pictureURL",
        /// `0` success.
        pub code: Option<i64> = "code",
        /// A description.
        pub msg: Option<String> = "msg",
        /// The room.
        pub room_id: Option<RoomId> = "roomID",
        /// `BigStream` or `SubStream`.
        pub stream_type: Option<String> = "streamType",
        /// The user whose video this is.
        pub user_id: Option<String> = "userID",
        /// When the screenshot was taken, in milliseconds.
        pub timestamp: Option<UnixMillis> = "timestamp",
    }
}

/// No `EventMsTs` in this group: [`TrtcEventInfo::occurred_at`] is the screenshot's
/// `timestamp`.
impl TrtcEventInfo for VideoScreenshot {
    fn room_id(&self) -> Option<&RoomId> {
        self.room_id.as_ref()
    }

    fn user_id(&self) -> Option<&str> {
        self.user_id.as_deref()
    }

    fn occurred_at(&self) -> Option<SystemTime> {
        self.timestamp?.to_system_time()
    }
}
