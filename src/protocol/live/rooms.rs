//! Live rooms: created, updated and destroyed (`Live.CallbackAfterCreateRoom`,
//! `Live.CallbackAfterUpdateRoomInfo`, `Live.CallbackAfterDestroyRoom`).

use std::time::SystemTime;

use crate::protocol::event::envelope::envelope;
use crate::protocol::event::time::from_unix_secs;
use crate::protocol::event::wire::{wire_enum, wire_object};
use crate::protocol::room::{RoomType, TakeSeatMode};

/// The `Operator_Account` Tencent sends when the system, not a user, acted (observed on
/// destroy-room with `EventType` `DestroyBySystem`).
pub const SYSTEM_OPERATOR: &str = "@TIM#SYSTEM";

wire_object! {
    /// `RoomInfo` of a live room. Every field is optional: create-room sends most of them,
    /// update-room-info only the ones that changed, destroy-room a snapshot that real traffic
    /// sends without `Category`.
    ///
    /// ```
    /// use tencent_im_callback::live::RoomInfo;
    ///
    /// let room: RoomInfo = serde_json::from_str(
    ///     r#"{"RoomId":"live-1","Owner_Account":144115216631667826,"Category":[1,2],"CreateTime":1703589922}"#,
    /// )?;
    /// assert_eq!(room.owner_account.as_deref(), Some("144115216631667826"));
    /// assert_eq!(room.category.as_deref(), Some(&[1, 2][..]));
    /// assert!(room.created_at().is_some());
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct RoomInfo {
        /// Room id. Not in destroy-room's table, but present in its real traffic.
        pub room_id: Option<String> = "RoomId",
        /// Display name.
        pub room_name: Option<String> = "RoomName",
        /// Kind of room: `Live` (the tables say "Meeting", copied from TUIRoomKit).
        pub room_type: Option<RoomType> = "RoomType",
        /// The host's user id; sent as a string or as a bare number above 2^53, kept digit
        /// for digit either way.
        pub owner_account: Option<String> = "Owner_Account",
        /// Capacity, in members.
        pub max_member_count: Option<u64> = "MaxMemberCount",
        /// Text messages are off for everyone.
        pub is_message_disabled: Option<bool> = "IsMessageDisabled",
        /// The app's own data.
        pub custom_info: Option<String> = "CustomInfo",
        /// Whether the room has seats.
        pub is_seat_enabled: Option<bool> = "IsSeatEnabled",
        /// How seats are taken.
        pub take_seat_mode: Option<TakeSeatMode> = "TakeSeatMode",
        /// Number of seats.
        pub max_seat_count: Option<u64> = "MaxSeatCount",
        /// Creation time, Unix **seconds** (the table calls it "scheduled meeting start time",
        /// copied from TUIRoomKit); see [`RoomInfo::created_at`].
        pub create_time: Option<u64> = "CreateTime",
        /// Whether the room is listed publicly.
        pub is_public_visible: Option<bool> = "IsPublicVisible",
        /// Cover image URL.
        pub cover_url: Option<String> = "CoverURL",
        /// Category tags: an integer array.
        pub category: Option<Vec<u64>> = "Category",
        /// Activity status: a tag the app defines.
        pub activity_status: Option<i64> = "ActivityStatus",
        /// Total number of room entries (one user entering twice counts twice).
        pub view_count: Option<u64> = "ViewCount",
        /// Background image URL.
        pub background_url: Option<String> = "BackgroundURL",
        /// Room mixing for high concurrency is on (default false).
        pub is_unlimited_room_enabled: Option<bool> = "IsUnlimitedRoomEnabled",
        /// The room notice (at most 100 bytes); accepted by the REST API's update, so it may
        /// appear in update-room-info (inferred, not in the callback tables).
        pub notice: Option<String> = "Notice",
    }
}

impl RoomInfo {
    /// `CreateTime` as a `SystemTime` (the wire value is in seconds).
    pub fn created_at(&self) -> Option<SystemTime> {
        from_unix_secs(self.create_time?)
    }
}

wire_enum! {
    /// `EventType` of destroy-room: who dissolved the room.
    pub enum DestroyType {
        /// The owner, a client or the REST API dissolved it.
        ByUser = "DestroyByUser",
        /// Tencent dissolved it automatically when it was empty.
        BySystem = "DestroyBySystem",
    }
}

wire_object! {
    /// `Statistic` of destroy-room: the room's totals. Absent from real traffic seen so far.
    pub struct Statistic {
        /// Total room entries (one user entering twice counts twice).
        pub total_viewers: Option<u64> = "TotalViewers",
        /// Total number of gifts sent.
        pub total_gifts_sent: Option<u64> = "TotalGiftsSent",
        /// Total value of the gifts sent, in coins.
        pub total_gift_coins: Option<u64> = "TotalGiftCoins",
        /// Number of distinct gift senders.
        pub total_unique_gift_senders: Option<u64> = "TotalUniqueGiftSenders",
        /// Total likes received.
        pub total_likes_received: Option<u64> = "TotalLikesReceived",
    }
}

wire_object! {
    /// `Live.CallbackAfterCreateRoom`: a live room was created, by a client or the REST API.
    /// Requires `RoomInfo`. `EventTime` is in the table but not in Tencent's sample, so it
    /// may be absent.
    pub struct CreateRoom {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// Who created the room.
        pub operator_account: Option<String> = "Operator_Account",
        /// The new room.
        pub room_info: RoomInfo = "RoomInfo",
        /// When it happened, Unix **milliseconds**; may be absent.
        pub event_time: Option<u64> = "EventTime",
    }
}

wire_object! {
    /// `Live.CallbackAfterUpdateRoomInfo`: a live room's settings changed. Requires
    /// `RoomInfo`, which holds only what changed.
    pub struct UpdateRoomInfo {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// Who changed the room.
        pub operator_account: Option<String> = "Operator_Account",
        /// The changed settings.
        pub room_info: RoomInfo = "RoomInfo",
        /// When it happened, Unix **milliseconds**.
        pub event_time: Option<u64> = "EventTime",
    }
}

wire_object! {
    /// `Live.CallbackAfterDestroyRoom`: a live room was dissolved, by a user or automatically
    /// when empty. Requires `RoomId`.
    ///
    /// The 2024 version of the body has neither `RoomInfo` nor `Statistic`; the current one
    /// documents both, and real traffic carries `RoomInfo` without `Statistic` — a destroy by
    /// the system comes from `Operator_Account` [`SYSTEM_OPERATOR`] (`@TIM#SYSTEM`).
    ///
    /// ```
    /// use tencent_im_callback::live::DestroyType;
    /// use tencent_im_callback::{Command, Event};
    ///
    /// let body = br#"{"CallbackCommand":"Live.CallbackAfterDestroyRoom","Operator_Account":"@TIM#SYSTEM",
    ///     "RoomId":"live-1","EventType":"DestroyBySystem","EventTime":1756950000000,
    ///     "RoomInfo":{"RoomId":"live-1","Owner_Account":"host"}}"#;
    /// let Event::LiveAfterDestroyRoom(event) = Event::parse(&Command::LIVE_AFTER_DESTROY_ROOM, body)? else {
    ///     unreachable!()
    /// };
    /// assert!(event.is_by_system());
    /// assert_eq!(event.event_type, Some(DestroyType::BySystem));
    /// assert!(event.statistic.is_none());
    /// # Ok::<(), tencent_im_callback::event::BodyError>(())
    /// ```
    pub struct DestroyRoom {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// Who dissolved the room; [`SYSTEM_OPERATOR`] when Tencent did.
        pub operator_account: Option<String> = "Operator_Account",
        /// The room.
        pub room_id: String = "RoomId",
        /// Who dissolved it: a user or the system.
        pub event_type: Option<DestroyType> = "EventType",
        /// When it happened, Unix **milliseconds**.
        pub event_time: Option<u64> = "EventTime",
        /// The room as it was (newer bodies only).
        pub room_info: Option<RoomInfo> = "RoomInfo",
        /// The room's totals (documented; absent from real traffic so far).
        pub statistic: Option<Statistic> = "Statistic",
    }
}

impl DestroyRoom {
    /// Whether Tencent dissolved the room on its own: `EventType` is `DestroyBySystem` or the
    /// operator is [`SYSTEM_OPERATOR`].
    pub fn is_by_system(&self) -> bool {
        self.event_type == Some(DestroyType::BySystem)
            || self.operator_account.as_deref() == Some(SYSTEM_OPERATOR)
    }
}

envelope!(CreateRoom {
    command: callback_command,
    operator: operator_account,
    time_ms: event_time,
});

envelope!(UpdateRoomInfo {
    command: callback_command,
    operator: operator_account,
    time_ms: event_time,
});

envelope!(DestroyRoom {
    command: callback_command,
    operator: operator_account,
    time_ms: event_time,
});
