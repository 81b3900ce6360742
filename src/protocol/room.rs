//! TUIRoomKit room callbacks (`Room.*`).

use std::time::SystemTime;

use super::event::envelope::envelope;
use super::event::time::from_unix_secs;
use super::event::wire::{wire_enum, wire_object};

wire_enum! {
    /// `RoomType`. Callbacks send `Meeting`; the REST API says `Conference`, LiveKit `Live`.
    pub enum RoomType {
        /// A meeting room.
        Meeting = "Meeting",
        /// The REST API's name for a meeting room.
        Conference = "Conference",
        /// A live-streaming room.
        Live = "Live",
    }
}

wire_enum! {
    /// `RoomStatus`.
    pub enum RoomStatus {
        /// Closed.
        None = "None",
        /// Scheduled, not started yet.
        NotStarted = "NotStarted",
        /// In progress.
        Running = "Running",
    }
}

wire_enum! {
    /// `TakeSeatMode`: how members get a seat.
    pub enum TakeSeatMode {
        /// Seats are off.
        None = "None",
        /// Anyone may take a free seat.
        FreeToTake = "FreeToTake",
        /// Members must apply and be approved.
        ApplyToTake = "ApplyToTake",
    }
}

wire_enum! {
    /// `Type` of a member enter or leave callback.
    pub enum MemberChange {
        /// The members entered.
        Enter = "Enter",
        /// The members left on their own.
        Leave = "Leave",
        /// The members were removed by someone else.
        Kicked = "Kicked",
        /// The members' heartbeat timed out.
        Expired = "Expired",
    }
}

wire_object! {
    /// `RoomInfo`: a room's settings. Every field is optional: create-room sends most of
    /// them, update-room-info only the ones that changed.
    pub struct RoomInfo {
        /// Room id.
        pub room_id: Option<String> = "RoomId",
        /// Display name.
        pub room_name: Option<String> = "RoomName",
        /// Kind of room.
        pub room_type: Option<RoomType> = "RoomType",
        /// The owner's user id.
        pub owner_account: Option<String> = "Owner_Account",
        /// Capacity.
        pub max_member_count: Option<u64> = "MaxMemberCount",
        /// Number of seats.
        pub max_seat_count: Option<u64> = "MaxSeatCount",
        /// Video is off for everyone.
        pub is_video_disabled: Option<bool> = "IsVideoDisabled",
        /// Audio is muted for everyone.
        pub is_audio_disabled: Option<bool> = "IsAudioDisabled",
        /// Text messages are off for everyone.
        pub is_message_disabled: Option<bool> = "IsMessageDisabled",
        /// Screen sharing is off.
        pub is_screen_sharing_disabled: Option<bool> = "IsScreenSharingDisabled",
        /// Cloud recording is off.
        pub is_cloud_recording_disabled: Option<bool> = "IsCloudRecordingDisabled",
        /// The app's own data (at most 500 bytes).
        pub custom_info: Option<String> = "CustomInfo",
        /// Scheduled start, Unix seconds.
        pub schedule_start_time: Option<u64> = "ScheduleStartTime",
        /// Scheduled end, Unix seconds.
        pub schedule_end_time: Option<u64> = "ScheduleEndTime",
        /// Status.
        pub room_status: Option<RoomStatus> = "RoomStatus",
        /// Whether the room has seats.
        pub is_seat_enabled: Option<bool> = "IsSeatEnabled",
        /// How seats are taken.
        pub take_seat_mode: Option<TakeSeatMode> = "TakeSeatMode",
        /// Creation time, Unix seconds.
        pub create_time: Option<u64> = "CreateTime",
        /// Current number of members (REST API room info).
        pub member_count: Option<u64> = "MemberCount",
    }
}

impl RoomInfo {
    /// `CreateTime` as a `SystemTime`.
    pub fn created_at(&self) -> Option<SystemTime> {
        from_unix_secs(self.create_time?)
    }

    /// `ScheduleStartTime` as a `SystemTime`.
    pub fn scheduled_start(&self) -> Option<SystemTime> {
        from_unix_secs(self.schedule_start_time?)
    }

    /// `ScheduleEndTime` as a `SystemTime`.
    pub fn scheduled_end(&self) -> Option<SystemTime> {
        from_unix_secs(self.schedule_end_time?)
    }
}

wire_object! {
    /// `Room.CallbackAfterCreateRoom`: a room was created. Requires `RoomInfo`.
    pub struct CreateRoom {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// Who created the room.
        pub operator_account: Option<String> = "Operator_Account",
        /// The new room.
        pub room_info: RoomInfo = "RoomInfo",
        /// Users invited to the scheduled meeting (may repeat a user).
        pub schedule_invitee_list_account: Option<Vec<String>> = "ScheduleInviteeList_Account",
        /// When it happened, Unix **milliseconds**.
        pub event_time: Option<u64> = "EventTime",
    }
}

wire_object! {
    /// `Room.CallbackAfterDestroyRoom`: a room was dissolved. Requires `RoomId`.
    pub struct DestroyRoom {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// Who dissolved the room.
        pub operator_account: Option<String> = "Operator_Account",
        /// The room.
        pub room_id: String = "RoomId",
        /// When it happened, Unix **milliseconds**.
        pub event_time: Option<u64> = "EventTime",
    }
}

wire_object! {
    /// `Room.CallbackAfterUpdateRoomInfo`: settings changed. Requires `RoomInfo`, which holds
    /// only some fields.
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
    /// `Room.CallbackAfterMemberEnter`: members entered a room. Requires `RoomId`.
    pub struct MemberEnter {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// Who caused it.
        pub operator_account: Option<String> = "Operator_Account",
        /// The room.
        pub room_id: String = "RoomId",
        /// Members in the room now.
        pub member_count: Option<u64> = "MemberCount",
        /// `Enter`.
        pub change: Option<MemberChange> = "Type",
        /// The members who entered.
        pub member_list_account: Option<Vec<String>> = "MemberList_Account",
        /// When it happened, Unix **milliseconds**.
        pub event_time: Option<u64> = "EventTime",
    }
}

wire_object! {
    /// `Room.CallbackAfterMemberLeave`: members left, were kicked, or timed out. Requires
    /// `RoomId`.
    pub struct MemberLeave {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// Who caused it.
        pub operator_account: Option<String> = "Operator_Account",
        /// The room.
        pub room_id: String = "RoomId",
        /// Members in the room now.
        pub member_count: Option<u64> = "MemberCount",
        /// `Leave`, `Kicked` or `Expired`.
        pub change: Option<MemberChange> = "Type",
        /// The members who left.
        pub member_list_account: Option<Vec<String>> = "MemberList_Account",
        /// Why, in Tencent's words.
        pub reason: Option<String> = "Reason",
        /// When it happened, Unix **milliseconds**.
        pub event_time: Option<u64> = "EventTime",
    }
}

envelope!(CreateRoom {
    command: callback_command,
    operator: operator_account,
    time_ms: event_time,
});

envelope!(DestroyRoom {
    command: callback_command,
    operator: operator_account,
    time_ms: event_time,
});

envelope!(UpdateRoomInfo {
    command: callback_command,
    operator: operator_account,
    time_ms: event_time,
});

envelope!(MemberEnter {
    command: callback_command,
    operator: operator_account,
    time_ms: event_time,
});

envelope!(MemberLeave {
    command: callback_command,
    operator: operator_account,
    time_ms: event_time,
});
