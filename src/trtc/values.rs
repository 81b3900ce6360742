//! The value types TRTC events share: times in their own units, room ids that are numbers or
//! strings, file lists that are a string or an array, and JSON of undocumented shape.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeSeq, Serializer};
use serde::Deserialize;
use serde_json::value::RawValue;

use super::reuse::{refuse_scalars_quietly, Compact};
use super::wire::WireField;

/// A Unix time in **milliseconds**: `CallbackTs`, `EventMsTs`, and the other `…Ms…` and
/// `…TimeStamp` fields Tencent documents in milliseconds.
///
/// A distinct type from [`UnixSecs`], so the two units cannot be mixed up; read from a
/// number or a string of digits, written as a number.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use tencent_im_callback::trtc::UnixMillis;
///
/// let at = UnixMillis(1_687_770_731_831);
/// assert_eq!(at.to_system_time(), Some(UNIX_EPOCH + Duration::from_millis(1_687_770_731_831)));
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnixMillis(pub u64);

impl UnixMillis {
    /// The time as a `SystemTime`; `None` when it does not fit.
    pub fn to_system_time(self) -> Option<SystemTime> {
        UNIX_EPOCH.checked_add(Duration::from_millis(self.0))
    }

    /// A `SystemTime` in milliseconds since the Unix epoch; `None` before the epoch or past
    /// `u64::MAX` milliseconds.
    pub fn from_system_time(time: SystemTime) -> Option<UnixMillis> {
        let millis = time.duration_since(UNIX_EPOCH).ok()?.as_millis();
        u64::try_from(millis).ok().map(UnixMillis)
    }
}

/// A Unix time in **seconds**: `EventTs` ("kept for compatibility"), and the timestamps of
/// the legacy flat 311 payload.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use tencent_im_callback::trtc::UnixSecs;
///
/// assert_eq!(UnixSecs(1_687_770_731).to_system_time(), Some(UNIX_EPOCH + Duration::from_secs(1_687_770_731)));
/// assert_eq!(UnixSecs(u64::MAX).to_system_time(), None);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnixSecs(pub u64);

impl UnixSecs {
    /// The time as a `SystemTime`; `None` when it does not fit.
    pub fn to_system_time(self) -> Option<SystemTime> {
        UNIX_EPOCH.checked_add(Duration::from_secs(self.0))
    }
}

macro_rules! unix_time_wire {
    ($($name:ident),*) => {$(
        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_u64(self.0)
            }
        }

        impl WireField for $name {
            type Wire = <u64 as WireField>::Wire;

            fn from_wire(wire: Self::Wire) -> $name {
                $name(<u64 as WireField>::from_wire(wire))
            }
        }
    )*};
}
unix_time_wire!(UnixMillis, UnixSecs);

/// A TRTC room id: a number for numeric rooms, a string for string rooms.
///
/// TRTC keeps the two kinds apart (room `12345` and room `"12345"` are different rooms), and
/// callbacks send the id "with the same type as the room id used by the client", so the kind
/// is kept and written back as it came.
///
/// ```
/// use tencent_im_callback::trtc::RoomId;
///
/// assert_eq!(RoomId::Number(12345).to_string(), "12345");
/// assert_ne!(RoomId::Number(12345), RoomId::Text("12345".into()));
/// assert_eq!(RoomId::Text("live-1".into()).as_text(), Some("live-1"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RoomId {
    /// A numeric room id, sent as a JSON number.
    Number(u64),
    /// A string room id, sent as a JSON string.
    Text(String),
}

impl RoomId {
    /// The numeric id, for numeric rooms.
    pub fn as_number(&self) -> Option<u64> {
        match self {
            RoomId::Number(id) => Some(*id),
            RoomId::Text(_) => None,
        }
    }

    /// The string id, for string rooms.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            RoomId::Number(_) => None,
            RoomId::Text(id) => Some(id),
        }
    }
}

impl fmt::Display for RoomId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RoomId::Number(id) => id.fmt(f),
            RoomId::Text(id) => f.write_str(id),
        }
    }
}

impl Serialize for RoomId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            RoomId::Number(id) => serializer.serialize_u64(*id),
            RoomId::Text(id) => serializer.serialize_str(id),
        }
    }
}

impl<'de> Deserialize<'de> for RoomId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RoomIdVisitor;
        impl Visitor<'_> for RoomIdVisitor {
            type Value = RoomId;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or a non-negative integer")
            }

            fn visit_u64<E: de::Error>(self, value: u64) -> Result<RoomId, E> {
                Ok(RoomId::Number(value))
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<RoomId, E> {
                Ok(RoomId::Text(value.to_owned()))
            }

            fn visit_string<E: de::Error>(self, value: String) -> Result<RoomId, E> {
                Ok(RoomId::Text(value))
            }

            refuse_scalars_quietly!(
                visit_bool(bool) => "boolean",
                visit_i64(i64) => "negative integer",
                visit_f64(f64) => "fractional or out-of-range number",
                visit_bytes(&[u8]) => "bytes",
            );
        }
        deserializer.deserialize_any(RoomIdVisitor)
    }
}

impl WireField for RoomId {
    type Wire = RoomId;

    fn from_wire(wire: RoomId) -> RoomId {
        wire
    }
}

/// `FileList`: one file name as a string (304; 310 on the 2022 page) or an array of them
/// (310 on the current page). Written back in the shape it came in.
///
/// ```
/// use tencent_im_callback::trtc::FileList;
///
/// let one = FileList::One("xx.m3u8".into());
/// let many = FileList::Many(vec!["a.mp4".into(), "b.mp4".into()]);
/// assert_eq!(one.files().collect::<Vec<_>>(), ["xx.m3u8"]);
/// assert_eq!(many.files().count(), 2);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileList {
    /// A single file name, as a JSON string.
    One(String),
    /// File names, as a JSON array.
    Many(Vec<String>),
}

impl FileList {
    /// Every file name, in order.
    pub fn files(&self) -> impl Iterator<Item = &str> {
        let (one, many): (Option<&String>, &[String]) = match self {
            FileList::One(name) => (Some(name), &[]),
            FileList::Many(names) => (None, names),
        };
        one.into_iter().chain(many).map(String::as_str)
    }
}

impl Serialize for FileList {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            FileList::One(name) => serializer.serialize_str(name),
            FileList::Many(names) => {
                let mut seq = serializer.serialize_seq(Some(names.len()))?;
                for name in names {
                    seq.serialize_element(name)?;
                }
                seq.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for FileList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FileListVisitor;
        impl<'de> Visitor<'de> for FileListVisitor {
            type Value = FileList;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a file name or an array of file names")
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<FileList, E> {
                Ok(FileList::One(value.to_owned()))
            }

            fn visit_string<E: de::Error>(self, value: String) -> Result<FileList, E> {
                Ok(FileList::One(value))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<FileList, A::Error> {
                let mut names = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
                while let Some(wire) = seq.next_element::<<String as WireField>::Wire>()? {
                    names.push(String::from_wire(wire));
                }
                Ok(FileList::Many(names))
            }

            refuse_scalars_quietly!(
                visit_bool(bool) => "boolean",
                visit_i64(i64) => "integer",
                visit_u64(u64) => "integer",
                visit_f64(f64) => "number",
                visit_bytes(&[u8]) => "bytes",
            );

            fn visit_map<A: de::MapAccess<'de>>(self, _: A) -> Result<FileList, A::Error> {
                Err(de::Error::invalid_type(de::Unexpected::Map, &self))
            }
        }
        deserializer.deserialize_any(FileListVisitor)
    }
}

impl WireField for FileList {
    type Wire = FileList;

    fn from_wire(wire: FileList) -> FileList {
        wire
    }
}

/// A documented field whose inner shape Tencent does not document (such as a moderation
/// result's `AudioSegments`), kept as its exact JSON text and written back compactly.
#[derive(Debug, Clone)]
pub struct RawJson(Box<RawValue>);

impl RawJson {
    /// The JSON text as received.
    pub fn get(&self) -> &str {
        self.0.get()
    }

    /// The value deserialised into `T`.
    pub fn parse<T: serde::de::DeserializeOwned>(&self) -> serde_json::Result<T> {
        serde_json::from_str(self.0.get())
    }
}

impl PartialEq for RawJson {
    fn eq(&self, other: &RawJson) -> bool {
        self.get() == other.get()
    }
}

impl Serialize for RawJson {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Compact(&self.0).serialize(serializer)
    }
}

impl WireField for RawJson {
    type Wire = Box<RawValue>;

    fn from_wire(wire: Box<RawValue>) -> RawJson {
        RawJson(wire)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read<T: WireField>(json: &str) -> Result<T, serde_json::Error> {
        serde_json::from_str::<T::Wire>(json).map(T::from_wire)
    }

    #[test]
    fn room_ids_keep_their_kind() {
        assert_eq!(read::<RoomId>("12345").unwrap(), RoomId::Number(12345));
        assert_eq!(
            read::<RoomId>("\"12345\"").unwrap(),
            RoomId::Text("12345".into())
        );
        assert_eq!(
            serde_json::to_string(&read::<RoomId>("\"x\\\"y\"").unwrap()).unwrap(),
            r#""x\"y""#
        );
        for json in ["-17", "1.5", "1e400", "true", "null", "[]", "{}"] {
            assert!(read::<RoomId>(json).is_err(), "{json}");
        }
        for json in ["-17", "1.5"] {
            let error = read::<RoomId>(json).unwrap_err();
            assert!(!error.to_string().contains(json), "{error}");
        }
    }

    #[test]
    fn times_are_read_leniently_and_written_as_numbers() {
        assert_eq!(
            read::<UnixSecs>("\"1622186275\"").unwrap(),
            UnixSecs(1622186275)
        );
        assert_eq!(
            serde_json::to_string(&read::<UnixSecs>("\"1622186275\"").unwrap()).unwrap(),
            "1622186275"
        );
        assert!(read::<UnixMillis>("-1").is_err());
        assert_eq!(
            UnixMillis::from_system_time(UNIX_EPOCH + Duration::from_millis(5)),
            Some(UnixMillis(5))
        );
        assert!(UnixMillis(u64::MAX).to_system_time().is_some());
    }

    #[test]
    fn file_lists_keep_their_shape() {
        for json in [r#""a.m3u8""#, r#"["a.mp4","b.mp4"]"#, "[]"] {
            let list = read::<FileList>(json).unwrap();
            assert_eq!(serde_json::to_string(&list).unwrap(), json);
        }
        assert!(read::<FileList>("3").is_err());
        assert!(read::<FileList>("{}").is_err());
    }

    #[test]
    fn raw_json_is_written_compactly() {
        let raw = read::<RawJson>("{ \"a\" :\n [ 1 ] }").unwrap();
        assert_eq!(raw.get(), "{ \"a\" :\n [ 1 ] }");
        assert_eq!(serde_json::to_string(&raw).unwrap(), r#"{"a":[1]}"#);
    }
}
