//! TUILiveKit's cloud-recording callback (`Follow.CallbackAfterCloudRecordingChanged`): a
//! TRTC recording event (event group 3) carried in the IM callback envelope.

use std::time::SystemTime;

use serde::de::DeserializeOwned;

use crate::protocol::event::envelope::{envelope, seconds};
use crate::protocol::event::time::from_unix_millis;
use crate::protocol::event::wire::wire_object;
use crate::protocol::event::RawJson;

wire_object! {
    /// `EventInfo` of a recording event: what every TRTC recording event carries, and its
    /// `Payload`, whose members depend on `EventType`, kept as received. Requires `Payload`.
    pub struct RecordingEventInfo {
        /// The room (TRTC sends a string or a number; either is kept digit for digit).
        pub room_id: Option<String> = "RoomId",
        /// When it happened, Unix **seconds** (TRTC keeps it for compatibility and advises
        /// `EventMsTs`); see [`RecordingEventInfo::occurred_at_second`].
        pub event_ts: Option<u64> = "EventTs",
        /// When it happened, Unix **milliseconds**; see [`RecordingEventInfo::occurred_at`].
        pub event_ms_ts: Option<u64> = "EventMsTs",
        /// The user id of the recording robot.
        pub user_id: Option<String> = "UserId",
        /// The recording task (an opaque string).
        pub task_id: Option<String> = "TaskId",
        /// The event's payload, by `EventType` (for 305, "upload finished": `{"Status": n}`),
        /// exactly as received.
        pub payload: RawJson = "Payload",
    }
}

impl RecordingEventInfo {
    /// `EventMsTs` as a `SystemTime` (the wire value is in milliseconds).
    pub fn occurred_at(&self) -> Option<SystemTime> {
        from_unix_millis(self.event_ms_ts?)
    }

    /// `EventTs` as a `SystemTime` (the wire value is in whole seconds).
    pub fn occurred_at_second(&self) -> Option<SystemTime> {
        seconds(self.event_ts)
    }
}

wire_object! {
    /// `Follow.CallbackAfterCloudRecordingChanged`: a live stream's cloud recording started,
    /// stopped or progressed. Sent by the Chat backend with the IM query; the body is
    /// `CallbackCommand` plus a TRTC recording event (event group 3) at top level. Requires
    /// `EventInfo` with its `Payload`. There is no `EventTime` and no `Operator_Account`.
    ///
    /// The `Follow.` prefix looks like a template copy-paste, but it is the only name Tencent
    /// documents. The TRTC part is typed up to `EventInfo`; the per-event `Payload` is kept as
    /// received: read it with [`payload_as`](CloudRecordingChanged::payload_as), or its
    /// `Status` with [`payload_status`](CloudRecordingChanged::payload_status).
    ///
    /// ```
    /// use tencent_im_callback::{Command, Event};
    ///
    /// let body = br#"{"CallbackCommand":"Follow.CallbackAfterCloudRecordingChanged","EventGroupId":3,
    ///     "EventType":305,"CallbackTs":1752580150082,"EventInfo":{"RoomId":"635055",
    ///     "EventTs":1752580150,"EventMsTs":1752580150081,"UserId":"user1","TaskId":"t1",
    ///     "Payload":{"Status":0}}}"#;
    /// let Event::FollowAfterCloudRecordingChanged(event) =
    ///     Event::parse(&Command::FOLLOW_AFTER_CLOUD_RECORDING_CHANGED, body)?
    /// else {
    ///     unreachable!()
    /// };
    /// assert_eq!(event.event_type, Some(305));
    /// assert_eq!(event.payload().get(), r#"{"Status":0}"#);
    /// assert_eq!(event.payload_status(), Some(0));
    /// let payload: serde_json::Value = event.payload_as()?;
    /// assert_eq!(payload["Status"], 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub struct CloudRecordingChanged {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// The TRTC event group: 3 for cloud recording.
        pub event_group_id: Option<u64> = "EventGroupId",
        /// The TRTC event code (301 recording started … 312 VOD task ended; the sample is 305,
        /// upload finished).
        pub event_type: Option<u64> = "EventType",
        /// When Tencent sent the callback, Unix **milliseconds**; see
        /// [`CloudRecordingChanged::sent_at`].
        pub callback_ts: Option<u64> = "CallbackTs",
        /// The event.
        pub event_info: RecordingEventInfo = "EventInfo",
    }
}

impl CloudRecordingChanged {
    /// `CallbackTs` as a `SystemTime` (the wire value is in milliseconds).
    pub fn sent_at(&self) -> Option<SystemTime> {
        from_unix_millis(self.callback_ts?)
    }

    /// `EventInfo.Payload`, exactly as received.
    pub fn payload(&self) -> &RawJson {
        &self.event_info.payload
    }

    /// `EventInfo.Payload` deserialised into `T` (such as a TRTC recording payload type, or
    /// `serde_json::Value`).
    pub fn payload_as<T: DeserializeOwned>(&self) -> serde_json::Result<T> {
        self.event_info.payload.parse_as()
    }

    /// `EventInfo.Payload.Status`, when the payload has it as an integer (301, 303, 305,
    /// 306, 310, 311, 312: `0` is success; the other values depend on `EventType`).
    pub fn payload_status(&self) -> Option<i64> {
        self.payload_as::<PayloadStatus>().ok()?.status
    }
}

/// The one payload member LIVE.md documents, read on its own; other members are skipped.
#[derive(serde::Deserialize)]
struct PayloadStatus {
    #[serde(rename = "Status")]
    status: Option<i64>,
}

envelope!(CloudRecordingChanged {
    command: callback_command,
});
