//! TUIRoomKit seat callbacks (`Mic.*`).

use super::event::envelope::envelope;
use super::event::wire::wire_object;

wire_object! {
    /// One seat of a room.
    pub struct Seat {
        /// Seat number.
        pub index: Option<u64> = "Index",
        /// Who sits there; absent or empty for a free seat. Tencent may send it as a bare
        /// number; it is kept digit for digit.
        pub member_account: Option<String> = "Member_Account",
        /// Nobody may take this seat.
        pub is_taken_disabled: Option<bool> = "IsTakenDisabled",
        /// Video is off on this seat.
        pub is_video_disabled: Option<bool> = "IsVideoDisabled",
        /// Audio is off on this seat.
        pub is_audio_disabled: Option<bool> = "IsAudioDisabled",
    }
}

impl Seat {
    /// Whether nobody sits on this seat.
    pub fn is_free(&self) -> bool {
        self.member_account.as_deref().is_none_or(str::is_empty)
    }
}

wire_object! {
    /// `Mic.CallbackAfterSeatInfoChanged`: the seats of a room changed. Requires `RoomId`.
    pub struct SeatInfoChanged {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// Who caused it.
        pub operator_account: Option<String> = "Operator_Account",
        /// The room.
        pub room_id: String = "RoomId",
        /// The seats.
        pub seat_list: Option<Vec<Seat>> = "SeatList",
        /// When it happened, Unix **milliseconds**.
        pub event_time: Option<u64> = "EventTime",
    }
}

envelope!(SeatInfoChanged {
    command: callback_command,
    operator: operator_account,
    time_ms: event_time,
});
