//! `Payload` shapes several groups share.

use super::wire::trtc_object;

trtc_object! {
    /// The `Payload` of the events that report one status: module and upload starts and
    /// stops (301, 303, 306, 312, 901, 1001, 1003, 1005, 1101, 1103, 1105, 1401). What each
    /// value means is on the event's type; `0` is success everywhere.
    pub struct StatusPayload {
        /// `Status`.
        pub status: Option<u64> = "Status",
    }
}

trtc_object! {
    /// The `Payload` of the events that say why a cloud module exited (302, 902, 1002, 1102).
    ///
    /// `LeaveCode`: `0` stopped through the API, `1` the app removed the robot, `2` the app
    /// dismissed the room, `3` the server removed the robot, `4` the server dismissed the room,
    /// `99` only the robot was left and it timed out; recording and slicing add `100` (room or
    /// timeout exit: restart the task) and `101` (the same user id entered the room again);
    /// Conversational AI adds `98` (internal error: retry).
    pub struct LeaveCodePayload {
        /// `LeaveCode`.
        pub leave_code: Option<u64> = "LeaveCode",
    }
}

trtc_object! {
    /// The `Payload` of a delivery error with a numeric code (1006, 1106; the sample is
    /// `{"Code": 10002, "Message": "BadRequest"}`).
    pub struct ErrorPayload {
        /// `Code`.
        pub code: Option<i64> = "Code",
        /// `Message`.
        pub message: Option<String> = "Message",
    }
}
