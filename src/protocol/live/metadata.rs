//! Room metadata set and deleted (`Live.CallbackAfterSetMetadata`,
//! `Live.CallbackAfterDelMetadata`).

use crate::protocol::event::envelope::envelope;
use crate::protocol::event::wire::wire_object;

wire_object! {
    /// One key of `Metadata`. Requires `Key`.
    pub struct MetadataItem {
        /// The key.
        pub key: String = "Key",
        /// Its new value.
        pub value: Option<String> = "Value",
    }
}

wire_object! {
    /// `Live.CallbackAfterSetMetadata`: metadata keys of a room were set, by a client or the
    /// REST API. Requires `RoomId`.
    pub struct SetMetadata {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// Who set them.
        pub operator_account: Option<String> = "Operator_Account",
        /// The room.
        pub room_id: String = "RoomId",
        /// The keys set, with their values.
        pub metadata: Option<Vec<MetadataItem>> = "Metadata",
        /// When it happened, Unix **milliseconds**.
        pub event_time: Option<u64> = "EventTime",
    }
}

wire_object! {
    /// `Live.CallbackAfterDelMetadata`: metadata keys of a room were deleted. Requires
    /// `RoomId`. (Its table says the command is `Live.CallbackAfterSetMetadata`, a
    /// copy-paste; the body names `Live.CallbackAfterDelMetadata`, and a body naming another
    /// command than the query is refused.)
    pub struct DelMetadata {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// Who deleted them.
        pub operator_account: Option<String> = "Operator_Account",
        /// The room.
        pub room_id: String = "RoomId",
        /// The keys deleted.
        pub keys: Option<Vec<String>> = "Keys",
        /// When it happened, Unix **milliseconds**.
        pub event_time: Option<u64> = "EventTime",
    }
}

envelope!(SetMetadata {
    command: callback_command,
    operator: operator_account,
    time_ms: event_time,
});

envelope!(DelMetadata {
    command: callback_command,
    operator: operator_account,
    time_ms: event_time,
});
