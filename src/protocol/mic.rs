//! Seat callbacks (`Mic.*`), sent by TUIRoomKit and by TUILiveKit.

use super::event::envelope::envelope;
use super::event::wire::wire_object;

wire_object! {
    /// One seat of a room.
    ///
    /// A free seat has no occupant: TUILiveKit leaves `Member_Account` out, TUIRoomKit sends
    /// it empty. [`Seat::is_free`] and [`Seat::member`] treat both alike; the body is written
    /// back as it came (absent stays absent, empty stays empty).
    ///
    /// ```
    /// use tencent_im_callback::mic::Seat;
    ///
    /// let livekit_free: Seat = serde_json::from_str(r#"{"Index":2,"IsTakenDisabled":true}"#)?;
    /// let room_free: Seat = serde_json::from_str(r#"{"Index":2,"Member_Account":""}"#)?;
    /// let taken: Seat = serde_json::from_str(r#"{"Index":1,"Member_Account":144115233775727695}"#)?;
    /// assert!(livekit_free.is_free() && room_free.is_free());
    /// assert_eq!(taken.member(), Some("144115233775727695"));
    /// assert_eq!(serde_json::to_string(&livekit_free)?, r#"{"Index":2,"IsTakenDisabled":true}"#);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct Seat {
        /// Seat number.
        pub index: Option<u64> = "Index",
        /// Who sits there; absent (TUILiveKit) or empty (TUIRoomKit) for a free seat.
        /// Tencent may send it as a bare number above 2^53; it is kept digit for digit.
        pub member_account: Option<String> = "Member_Account",
        /// Nobody may take this seat (the seat is locked).
        pub is_taken_disabled: Option<bool> = "IsTakenDisabled",
        /// Video is off on this seat.
        pub is_video_disabled: Option<bool> = "IsVideoDisabled",
        /// Audio is off on this seat.
        pub is_audio_disabled: Option<bool> = "IsAudioDisabled",
    }
}

impl Seat {
    /// Whether nobody sits on this seat: `Member_Account` absent or empty.
    pub fn is_free(&self) -> bool {
        self.member_account.as_deref().is_none_or(str::is_empty)
    }

    /// Who sits on this seat; `None` for a free seat.
    pub fn member(&self) -> Option<&str> {
        self.member_account
            .as_deref()
            .filter(|account| !account.is_empty())
    }
}

wire_object! {
    /// `Mic.CallbackAfterSeatInfoChanged`: the seats of a room changed. Requires `RoomId`.
    ///
    /// One command, two documented bodies, both accepted: TUIRoomKit's has `Operator_Account`
    /// and an empty `Member_Account` for a free seat; TUILiveKit's has no `Operator_Account`
    /// and no `Member_Account` for a free seat, and sends occupants' ids as bare numbers
    /// above 2^53.
    ///
    /// ```
    /// use tencent_im_callback::{Command, Event};
    ///
    /// let livekit = br#"{"CallbackCommand":"Mic.CallbackAfterSeatInfoChanged","RoomId":"rid-123",
    ///     "SeatList":[{"Index":1,"Member_Account":144115233775727695},{"Index":2}],
    ///     "EventTime":1670574414123}"#;
    /// let Event::MicAfterSeatInfoChanged(event) =
    ///     Event::parse(&Command::MIC_AFTER_SEAT_INFO_CHANGED, livekit)?
    /// else {
    ///     unreachable!()
    /// };
    /// assert_eq!(event.operator_account, None);
    /// let occupants: Vec<Option<&str>> = event.seats().iter().map(|seat| seat.member()).collect();
    /// assert_eq!(occupants, [Some("144115233775727695"), None]);
    /// # Ok::<(), tencent_im_callback::event::BodyError>(())
    /// ```
    pub struct SeatInfoChanged {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// Who caused it (TUIRoomKit only; TUILiveKit's body has none).
        pub operator_account: Option<String> = "Operator_Account",
        /// The room.
        pub room_id: String = "RoomId",
        /// The seats.
        pub seat_list: Option<Vec<Seat>> = "SeatList",
        /// When it happened, Unix **milliseconds**.
        pub event_time: Option<u64> = "EventTime",
    }
}

impl SeatInfoChanged {
    /// The seats; empty when `SeatList` is absent.
    pub fn seats(&self) -> &[Seat] {
        self.seat_list.as_deref().unwrap_or_default()
    }
}

envelope!(SeatInfoChanged {
    command: callback_command,
    operator: operator_account,
    time_ms: event_time,
});
