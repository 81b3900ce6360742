//! The room-quota alert (`Live.CallbackAfterCreateRoomReachingThreshold`) and its counts,
//! whose documented types contradict Tencent's sample.

use serde::de::{Deserialize, Deserializer};
use serde::{Serialize, Serializer};
use serde_json::value::RawValue;

use crate::protocol::event::envelope::envelope;
use crate::protocol::event::lenient::Field;
use crate::protocol::event::wire::wire_object;
use crate::protocol::event::RawJson;

/// A room count of the quota alert: `CurRoomCount` (documented as a String) or
/// `MaxRoomCount` (documented as an Array), both sent as JSON numbers in Tencent's sample.
///
/// A JSON integer or a string of its digits is the count; any other value — the shapes the
/// table announces but no sample shows — is kept exactly as received, never refused.
///
/// ```
/// use tencent_im_callback::live::RoomCount;
///
/// let count: RoomCount = serde_json::from_str("400")?;
/// assert_eq!(count.get(), Some(400));
/// let count: RoomCount = serde_json::from_str(r#""400""#)?;
/// assert_eq!(count, RoomCount::Number(400));
/// let listed: RoomCount = serde_json::from_str("[500]")?;
/// assert_eq!(listed.get(), None);
/// assert_eq!(serde_json::to_string(&listed)?, "[500]");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum RoomCount {
    /// The count, from a JSON integer or a string of digits; written back as a number.
    Number(u64),
    /// Any other value (a string that is not a count, an array, …), kept as received.
    Other(RawJson),
}

impl RoomCount {
    /// The count, when Tencent sent one as an integer.
    pub fn get(&self) -> Option<u64> {
        match self {
            RoomCount::Number(count) => Some(*count),
            RoomCount::Other(_) => None,
        }
    }
}

impl<'de> Deserialize<'de> for RoomCount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Box::<RawValue>::deserialize(deserializer)?;
        let text = raw.get();
        let digits = text
            .strip_prefix('"')
            .and_then(|quoted| quoted.strip_suffix('"'))
            .unwrap_or(text);
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            if let Ok(count) = digits.parse() {
                return Ok(RoomCount::Number(count));
            }
        }
        Ok(RoomCount::Other(RawJson::from(raw)))
    }
}

impl Serialize for RoomCount {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            RoomCount::Number(count) => serializer.serialize_u64(*count),
            RoomCount::Other(raw) => raw.serialize(serializer),
        }
    }
}

impl Field for RoomCount {
    type Wire = RoomCount;

    fn from_wire(wire: RoomCount) -> RoomCount {
        wire
    }
}

wire_object! {
    /// `Live.CallbackAfterCreateRoomReachingThreshold`: a room was created while the number of
    /// live rooms reached 70 % of the app's quota. No field is required; there is no `RoomId`.
    ///
    /// ```
    /// use tencent_im_callback::{Command, Event};
    ///
    /// let body = br#"{"CallbackCommand":"Live.CallbackAfterCreateRoomReachingThreshold",
    ///     "Operator_Account":"admin","EventTime":1739966441121,"CurRoomCount":"400","MaxRoomCount":500}"#;
    /// let Event::LiveAfterCreateRoomReachingThreshold(event) =
    ///     Event::parse(&Command::LIVE_AFTER_CREATE_ROOM_REACHING_THRESHOLD, body)?
    /// else {
    ///     unreachable!()
    /// };
    /// assert_eq!(event.usage(), Some((400, 500)));
    /// # Ok::<(), tencent_im_callback::event::BodyError>(())
    /// ```
    pub struct CreateRoomReachingThreshold {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// Who created the room that reached the threshold.
        pub operator_account: Option<String> = "Operator_Account",
        /// When it happened, Unix **milliseconds**.
        pub event_time: Option<u64> = "EventTime",
        /// Live rooms now, in rooms (documented as a String; a number in the sample).
        pub cur_room_count: Option<RoomCount> = "CurRoomCount",
        /// The app's room quota, in rooms (documented as an Array; a number in the sample).
        pub max_room_count: Option<RoomCount> = "MaxRoomCount",
    }
}

impl CreateRoomReachingThreshold {
    /// `(CurRoomCount, MaxRoomCount)` when both are counts.
    pub fn usage(&self) -> Option<(u64, u64)> {
        Some((
            self.cur_room_count.as_ref()?.get()?,
            self.max_room_count.as_ref()?.get()?,
        ))
    }
}

envelope!(CreateRoomReachingThreshold {
    command: callback_command,
    operator: operator_account,
    time_ms: event_time,
});
