//! The two battle values with a shape of their own: `FromRoomInfo` (an object in the samples,
//! a String in the table) and `OpType` (an integer code that may grow).

use std::fmt;

use serde::de::value::MapAccessDeserializer;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Unexpected, Visitor};
use serde::{Serialize, Serializer};

use super::battles::BattleRoom;
use crate::protocol::event::lenient::{refuse_scalars_quietly, Field};

/// `FromRoomInfo` of start- and end-battle: the caller's room.
///
/// Tencent's samples send an object `{RoomId, Owner_Account[, Score]}`; the table types it as
/// a String. An object is read as a [`BattleRoom`]; a string is kept as received.
///
/// ```
/// use tencent_im_callback::live::FromRoomInfo;
///
/// let caller: FromRoomInfo =
///     serde_json::from_str(r#"{"RoomId":"pk-3","Owner_Account":144115245353757792}"#)?;
/// assert_eq!(caller.room_id(), Some("pk-3"));
/// assert_eq!(caller.room().and_then(|room| room.owner_account.as_deref()), Some("144115245353757792"));
/// let text: FromRoomInfo = serde_json::from_str(r#""pk-3""#)?;
/// assert_eq!(text, FromRoomInfo::Text("pk-3".into()));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum FromRoomInfo {
    /// The caller's room, as the samples send it.
    Room(BattleRoom),
    /// A string, as the table types the field; kept as received.
    Text(String),
}

impl FromRoomInfo {
    /// The room, when Tencent sent an object.
    pub fn room(&self) -> Option<&BattleRoom> {
        match self {
            FromRoomInfo::Room(room) => Some(room),
            FromRoomInfo::Text(_) => None,
        }
    }

    /// The caller's room id, when Tencent sent an object.
    pub fn room_id(&self) -> Option<&str> {
        self.room().map(|room| room.room_id.as_str())
    }
}

impl<'de> Deserialize<'de> for FromRoomInfo {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FromRoomInfoVisitor;
        impl<'de> Visitor<'de> for FromRoomInfoVisitor {
            type Value = FromRoomInfo;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a room object or a string")
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<FromRoomInfo, A::Error> {
                BattleRoom::deserialize(MapAccessDeserializer::new(map)).map(FromRoomInfo::Room)
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<FromRoomInfo, E> {
                Ok(FromRoomInfo::Text(text.to_owned()))
            }

            fn visit_string<E: de::Error>(self, text: String) -> Result<FromRoomInfo, E> {
                Ok(FromRoomInfo::Text(text))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<FromRoomInfo, A::Error> {
                Err(de::Error::invalid_type(Unexpected::Seq, &self))
            }

            refuse_scalars_quietly!(
                visit_bool(bool) => "boolean",
                visit_i64(i64) => "integer",
                visit_u64(u64) => "integer",
                visit_f64(f64) => "number",
                visit_bytes(&[u8]) => "bytes",
            );
        }
        deserializer.deserialize_any(FromRoomInfoVisitor)
    }
}

impl Serialize for FromRoomInfo {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            FromRoomInfo::Room(room) => room.serialize(serializer),
            FromRoomInfo::Text(text) => serializer.serialize_str(text),
        }
    }
}

impl Field for FromRoomInfo {
    type Wire = FromRoomInfo;

    fn from_wire(wire: FromRoomInfo) -> FromRoomInfo {
        wire
    }
}

/// `OpType` of end-battle: why the battle ended, an integer code. Codes no table lists are
/// kept in [`BattleEndReason::Other`]. A string of digits is read as the code; the code is
/// written back as a JSON number.
///
/// ```
/// use tencent_im_callback::live::BattleEndReason;
///
/// let reason: BattleEndReason = serde_json::from_str("1")?;
/// assert_eq!(reason, BattleEndReason::AllOwnersLeft);
/// assert_eq!(serde_json::from_str::<BattleEndReason>("7")?, BattleEndReason::Other(7));
/// assert_eq!(BattleEndReason::NeverStarted.code(), 2);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BattleEndReason {
    /// `0`: the battle's time was up.
    TimeUp,
    /// `1`: every host left after the battle started.
    AllOwnersLeft,
    /// `2`: the battle was created but ended without starting (nobody accepted).
    NeverStarted,
    /// A code no table lists, as received.
    Other(i64),
}

impl BattleEndReason {
    /// The reason of a wire code.
    pub fn from_code(code: i64) -> BattleEndReason {
        match code {
            0 => BattleEndReason::TimeUp,
            1 => BattleEndReason::AllOwnersLeft,
            2 => BattleEndReason::NeverStarted,
            other => BattleEndReason::Other(other),
        }
    }

    /// The wire code.
    pub fn code(self) -> i64 {
        match self {
            BattleEndReason::TimeUp => 0,
            BattleEndReason::AllOwnersLeft => 1,
            BattleEndReason::NeverStarted => 2,
            BattleEndReason::Other(code) => code,
        }
    }
}

impl<'de> Deserialize<'de> for BattleEndReason {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CodeVisitor;
        impl Visitor<'_> for CodeVisitor {
            type Value = BattleEndReason;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an integer code, or a string of its digits")
            }

            fn visit_i64<E: de::Error>(self, code: i64) -> Result<BattleEndReason, E> {
                Ok(BattleEndReason::from_code(code))
            }

            fn visit_u64<E: de::Error>(self, code: u64) -> Result<BattleEndReason, E> {
                i64::try_from(code)
                    .map(BattleEndReason::from_code)
                    .map_err(|_| E::invalid_value(Unexpected::Other("integer"), &self))
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<BattleEndReason, E> {
                let digits = text.strip_prefix('-').unwrap_or(text);
                if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                    if let Ok(code) = text.parse() {
                        return Ok(BattleEndReason::from_code(code));
                    }
                }
                Err(E::invalid_value(Unexpected::Other("string"), &self))
            }

            refuse_scalars_quietly!(
                visit_bool(bool) => "boolean",
                visit_f64(f64) => "fractional or out-of-range number",
                visit_bytes(&[u8]) => "bytes",
            );
        }
        deserializer.deserialize_any(CodeVisitor)
    }
}

impl Serialize for BattleEndReason {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(self.code())
    }
}

impl Field for BattleEndReason {
    type Wire = BattleEndReason;

    fn from_wire(wire: BattleEndReason) -> BattleEndReason {
        wire
    }
}
