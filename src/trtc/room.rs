//! Group 1, room events (`EVENT_GROUP_ROOM`, codes 101–105).
//!
//! Every `EventInfo` here has `RoomId` (a number for numeric rooms, a string for string
//! rooms), `EventTs` (seconds), `EventMsTs` (milliseconds; absent before 2022) and, except on
//! 102, `UserId`. Apps configured for callbacks before 2021-07-30 also get `UniqueId` on
//! entries and exits, to pair the repeated 103/104 of network switches and re-entries.
//!
//! Leaving a room sends only 104, not 202/204: those fire only when a user turns their
//! video or audio off.

use super::values::{RoomId, UnixMillis, UnixSecs};
use super::wire::{code_enum, event_info, trtc_object};

code_enum! {
    /// `Role`: the user's role in the room.
    pub enum Role {
        /// `MEMBER_TRTC_ANCHOR`: an anchor, who may publish.
        Anchor = 20,
        /// `MEMBER_TRTC_VIEWER`: audience.
        Audience = 21,
    }
}

code_enum! {
    /// `TerminalType`: the user's device.
    pub enum TerminalType {
        /// Windows.
        Windows = 1,
        /// Android.
        Android = 2,
        /// iOS.
        Ios = 3,
        /// Linux.
        Linux = 4,
        /// Any other device.
        Other = 100,
    }
}

code_enum! {
    /// `UserType`: the SDK the user joined with.
    pub enum UserType {
        /// WebRTC.
        WebRtc = 1,
        /// A mini program (小程序).
        MiniProgram = 2,
        /// The native SDK.
        NativeSdk = 3,
    }
}

code_enum! {
    /// `Reason` of an entry (103).
    pub enum EnterReason {
        /// A normal entry.
        Normal = 1,
        /// Re-entry after a network switch.
        NetworkSwitch = 2,
        /// Re-entry after a timeout.
        TimeoutRetry = 3,
        /// Entry for cross-room co-anchoring.
        CrossRoom = 4,
    }
}

code_enum! {
    /// `Reason` of an exit (104).
    pub enum ExitReason {
        /// A normal exit.
        Normal = 1,
        /// The user timed out. A force-killed Android app also arrives as this.
        Timeout = 2,
        /// The user was removed from the room.
        Kicked = 3,
        /// Cross-room co-anchoring was cancelled.
        CrossRoomCancelled = 4,
        /// The process was force-killed.
        ProcessKilled = 5,
    }
}

/// A group-1 `EventInfo`: the fields every room event has, then the event's own.
macro_rules! room_event {
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
                $($fields)*
            }
        }
        event_info!($name: room_id, user_id, event_ms_ts, event_ts);
    };
}

room_event! {
    /// 101 `EVENT_TYPE_CREATE_ROOM`: a room was created (when its first user entered).
    /// Sample: `1-101-create-room.json`.
    CreateRoom {
        /// The user whose entry created the room.
        pub user_id: Option<String> = "UserId",
    }
}

room_event! {
    /// 102 `EVENT_TYPE_DISMISS_ROOM`: a room was dismissed. Tencent's sample sends `RoomId` as
    /// a string and no `UserId`.
    DismissRoom {
        /// Not documented for this event; kept should Tencent send it.
        pub user_id: Option<String> = "UserId",
    }
}

room_event! {
    /// 103 `EVENT_TYPE_ENTER_ROOM`: a user entered a room. Samples: `1-103-enter-room.json`,
    /// and the legacy `1-103-enter-room.legacy-uniqueid.*.json` with `UniqueId` and no
    /// `EventMsTs`.
    EnterRoom {
        /// The user.
        pub user_id: Option<String> = "UserId",
        /// Legacy: identifies one entry, so that repeated 103/104 can be paired; only for
        /// apps configured before 2021-07-30.
        pub unique_id: Option<u64> = "UniqueId",
        /// The user's role.
        pub role: Option<Role> = "Role",
        /// The user's device.
        pub terminal_type: Option<TerminalType> = "TerminalType",
        /// The user's SDK.
        pub user_type: Option<UserType> = "UserType",
        /// Why the user entered.
        pub reason: Option<EnterReason> = "Reason",
    }
}

room_event! {
    /// 104 `EVENT_TYPE_EXIT_ROOM`: a user left a room. Sample: `1-104-exit-room.json`.
    ExitRoom {
        /// The user.
        pub user_id: Option<String> = "UserId",
        /// Legacy: pairs this exit with its entry; only for apps configured before
        /// 2021-07-30.
        pub unique_id: Option<u64> = "UniqueId",
        /// The user's role.
        pub role: Option<Role> = "Role",
        /// Why the user left.
        pub reason: Option<ExitReason> = "Reason",
    }
}

room_event! {
    /// 105 `EVENT_TYPE_CHANGE_ROLE`: a user switched role. Sample: `1-105-change-role.json`.
    ChangeRole {
        /// The user.
        pub user_id: Option<String> = "UserId",
        /// The new role.
        pub role: Option<Role> = "Role",
    }
}
