//! How TRTC `EventInfo` objects are read and written, generated once.
//!
//! - [`WireField`]: each field type and the lenient wire type that reads it (integers as
//!   numbers or digit strings, ids as strings or numbers, `null` as absent);
//! - `trtc_object!`: a struct with named fields, its lenient `Deserialize` and its
//!   `Serialize` under Tencent's names. A field may list other spellings Tencent uses for it
//!   (`"EventMsTs" | "EventTsMs"`, through a [`Slot`]): the documented (first) spelling wins;
//!   another is read when the documented one is absent or `null`, and otherwise kept in
//!   `extra` as received. The field is written back under the documented name, so a body
//!   read and written again reads the same. The same spelling twice is an error.
//! - `code_enum!`: numeric codes that keep values no table lists;
//! - `event_info!`: the [`TrtcEventInfo`](super::TrtcEventInfo) accessors of an event type.
//!
//! Like the IM side's readers, no error message here repeats the value it refused.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, SeqAccess, Unexpected, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;

use super::reuse::{refuse_scalars_quietly, ExtraFields, Field};

/// A field type of a TRTC object, and how to read it off the wire.
pub(crate) trait WireField: Sized {
    /// What is deserialised from JSON before conversion into `Self`.
    type Wire: DeserializeOwned;

    /// Converts the wire value.
    fn from_wire(wire: Self::Wire) -> Self;

    /// The value of a field missing from the body; `None` makes the field required.
    fn when_absent() -> Option<Self> {
        None
    }

    /// Whether the field is left out when serialising (an absent optional field).
    fn is_absent(&self) -> bool {
        false
    }
}

impl<T: WireField> WireField for Option<T> {
    /// JSON `null` counts as absent.
    type Wire = Option<T::Wire>;

    fn from_wire(wire: Self::Wire) -> Self {
        wire.map(T::from_wire)
    }

    fn when_absent() -> Option<Self> {
        Some(None)
    }

    fn is_absent(&self) -> bool {
        self.is_none()
    }
}

/// A non-negative integer as a number or a string of digits (the IM side's reader).
impl WireField for u64 {
    type Wire = <u64 as Field>::Wire;

    fn from_wire(wire: Self::Wire) -> u64 {
        <u64 as Field>::from_wire(wire)
    }
}

/// A string, or an integer of any size kept as its decimal text (the IM side's reader).
impl WireField for String {
    type Wire = <String as Field>::Wire;

    fn from_wire(wire: Self::Wire) -> String {
        <String as Field>::from_wire(wire)
    }
}

/// A signed integer as a number or a string of digits (the IM side's reader).
impl WireField for i64 {
    type Wire = <i64 as Field>::Wire;

    fn from_wire(wire: Self::Wire) -> i64 {
        <i64 as Field>::from_wire(wire)
    }
}

impl WireField for serde_json::Number {
    type Wire = LenientNumber;

    fn from_wire(wire: LenientNumber) -> serde_json::Number {
        wire.0
    }
}

impl<T: WireField> WireField for Vec<T> {
    type Wire = WireList<T>;

    fn from_wire(wire: WireList<T>) -> Vec<T> {
        wire.0
    }
}

/// Any JSON number, or a string holding one (the unit and range of such values are
/// undocumented, so nothing is assumed about them).
pub(crate) struct LenientNumber(serde_json::Number);

impl<'de> Deserialize<'de> for LenientNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NumberVisitor;
        impl Visitor<'_> for NumberVisitor {
            type Value = LenientNumber;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number, or a string holding one")
            }

            fn visit_u64<E: de::Error>(self, value: u64) -> Result<LenientNumber, E> {
                Ok(LenientNumber(value.into()))
            }

            fn visit_i64<E: de::Error>(self, value: i64) -> Result<LenientNumber, E> {
                Ok(LenientNumber(value.into()))
            }

            fn visit_f64<E: de::Error>(self, value: f64) -> Result<LenientNumber, E> {
                serde_json::Number::from_f64(value)
                    .map(LenientNumber)
                    .ok_or_else(|| E::invalid_value(Unexpected::Other("number"), &self))
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<LenientNumber, E> {
                value
                    .parse()
                    .map(LenientNumber)
                    .map_err(|_| E::invalid_value(Unexpected::Other("string"), &self))
            }

            refuse_scalars_quietly!(visit_bool(bool) => "boolean");
        }
        deserializer.deserialize_any(NumberVisitor)
    }
}

/// A JSON array whose elements are read as `T`'s wire type.
pub(crate) struct WireList<T>(Vec<T>);

impl<'de, T: WireField> Deserialize<'de> for WireList<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ListVisitor<T>(PhantomData<T>);
        impl<'de, T: WireField> Visitor<'de> for ListVisitor<T> {
            type Value = WireList<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<WireList<T>, A::Error> {
                // Cap the preallocation: the hint comes from the input.
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
                while let Some(wire) = seq.next_element::<T::Wire>()? {
                    items.push(T::from_wire(wire));
                }
                Ok(WireList(items))
            }

            refuse_scalars_quietly!();

            fn visit_map<A: de::MapAccess<'de>>(self, _: A) -> Result<WireList<T>, A::Error> {
                Err(de::Error::invalid_type(Unexpected::Map, &self))
            }
        }
        deserializer.deserialize_any(ListVisitor(PhantomData))
    }
}

/// One field of an object being read, under its documented spelling or another.
///
/// The documented spelling is read as it comes. Another spelling is kept as raw JSON until
/// the object ends: it becomes the value only if the documented spelling is absent or `null`,
/// and goes to `extra` otherwise. Writing the value back under the documented name and the
/// kept spelling from `extra` then reads the same again.
pub(crate) struct Slot<T> {
    value: Option<T>,
    other: Option<(&'static str, Box<RawValue>)>,
}

impl<T: WireField> Slot<T> {
    pub(crate) fn new() -> Self {
        Slot {
            value: None,
            other: None,
        }
    }

    fn has_value(&self) -> bool {
        self.value.as_ref().is_some_and(|value| !value.is_absent())
    }

    /// Reads the value under its documented spelling `name`.
    pub(crate) fn documented<'de, A: MapAccess<'de>>(
        &mut self,
        name: &'static str,
        map: &mut A,
        extra: &mut ExtraFields,
    ) -> Result<(), A::Error> {
        use de::Error;
        if self.value.is_some() {
            return Err(A::Error::duplicate_field(name));
        }
        self.value = Some(T::from_wire(map.next_value::<T::Wire>()?));
        if self.has_value() {
            if let Some((other, raw)) = self.other.take() {
                extra
                    .insert_new(other.to_owned(), raw)
                    .map_err(A::Error::custom)?;
            }
        }
        Ok(())
    }

    /// Reads the value under another spelling, `name`.
    pub(crate) fn other<'de, A: MapAccess<'de>>(
        &mut self,
        name: &'static str,
        map: &mut A,
        extra: &mut ExtraFields,
    ) -> Result<(), A::Error> {
        use de::Error;
        let raw: Box<RawValue> = map.next_value()?;
        match &self.other {
            Some((seen, _)) if *seen == name => Err(A::Error::duplicate_field(name)),
            Some(_) => extra
                .insert_new(name.to_owned(), raw)
                .map_err(A::Error::custom),
            None if self.has_value() => extra
                .insert_new(name.to_owned(), raw)
                .map_err(A::Error::custom),
            None => {
                self.other = Some((name, raw));
                Ok(())
            }
        }
    }

    /// The field's value once the object has ended; `name` is its documented spelling.
    pub(crate) fn finish<E: de::Error>(self, name: &'static str) -> Result<T, E> {
        if self.has_value() {
            return self.value.ok_or_else(|| E::missing_field(name));
        }
        if let Some((other, raw)) = self.other {
            return serde_json::from_str::<T::Wire>(raw.get())
                .map(T::from_wire)
                .map_err(|error| {
                    let message = error.to_string();
                    let message = message
                        .rfind(" at line ")
                        .map_or(&message[..], |at| &message[..at]);
                    E::custom(format_args!("field `{other}` is invalid: {message}"))
                });
        }
        match self.value {
            Some(absent) => Ok(absent),
            None => T::when_absent().ok_or_else(|| E::missing_field(name)),
        }
    }
}

/// Defines a TRTC object: the struct, its lenient `Deserialize` and its `Serialize` under
/// Tencent's field names.
///
/// Each field is `name: Type = "WireName"`, optionally followed by `| "OtherSpelling"`. A
/// field whose type is an `Option` may be absent; any other is required. Unknown keys go to
/// `extra`; the same key twice is an error.
macro_rules! trtc_object {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $(
                $(#[$field_meta:meta])*
                pub $field:ident: $ty:ty = $wire:literal $(| $alias:literal)*,
            )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq)]
        #[non_exhaustive]
        pub struct $name {
            $(
                $(#[$field_meta])*
                #[doc = concat!("\n\nWire name: `", $wire, "`", $("; also read as `", $alias, "`",)* ".")]
                pub $field: $ty,
            )*
            /// Fields Tencent sent that this crate does not model, kept as received.
            pub extra: $crate::trtc::reuse::ExtraFields,
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct ObjectVisitor;
                impl<'de> serde::de::Visitor<'de> for ObjectVisitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str("a JSON object")
                    }

                    $crate::trtc::reuse::refuse_scalars_quietly!();

                    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, _: A) -> Result<$name, A::Error> {
                        Err(serde::de::Error::invalid_type(serde::de::Unexpected::Seq, &self))
                    }

                    #[allow(unused_mut)]
                    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<$name, A::Error> {
                        use serde::de::Error;
                        $( let mut $field = $crate::trtc::wire::Slot::<$ty>::new(); )*
                        let mut extra = $crate::trtc::reuse::ExtraFields::default();
                        while let Some($crate::trtc::reuse::Key(key)) = map.next_key()? {
                            match &*key {
                                $(
                                    $wire => $field.documented($wire, &mut map, &mut extra)?,
                                    $( $alias => $field.other($alias, &mut map, &mut extra)?, )*
                                )*
                                _ => {
                                    let raw = map.next_value()?;
                                    extra.insert_new(key.into_owned(), raw).map_err(A::Error::custom)?;
                                }
                            }
                        }
                        Ok($name {
                            $( $field: $field.finish($wire)?, )*
                            extra,
                        })
                    }
                }
                deserializer.deserialize_any(ObjectVisitor)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                #[allow(unused_imports)]
                use $crate::trtc::wire::WireField;
                use serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(None)?;
                $(
                    if !WireField::is_absent(&self.$field) {
                        map.serialize_entry($wire, &self.$field)?;
                    }
                )*
                for (name, raw) in self.extra.iter() {
                    map.serialize_entry(name, &$crate::trtc::reuse::Compact(raw))?;
                }
                map.end()
            }
        }

        impl $crate::trtc::wire::WireField for $name {
            type Wire = $name;

            fn from_wire(wire: $name) -> $name {
                wire
            }
        }
    };
}
pub(crate) use trtc_object;

/// Defines a numeric code whose values no table lists are kept in an `Unknown(u64)` variant.
/// Read leniently (a number or a string of digits), written as a number.
macro_rules! code_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $(
                $(#[$variant_meta:meta])*
                $variant:ident = $code:literal,
            )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $(
                $(#[$variant_meta])*
                #[doc = concat!("\n\nWire value: `", stringify!($code), "`.")]
                $variant,
            )*
            /// A value no Tencent table lists, as received.
            Unknown(u64),
        }

        impl $name {
            /// Reads a wire value; values no table lists become `Unknown`.
            pub fn from_code(code: u64) -> $name {
                match code {
                    $( $code => $name::$variant, )*
                    other => $name::Unknown(other),
                }
            }

            /// The wire value.
            pub fn code(self) -> u64 {
                match self {
                    $( $name::$variant => $code, )*
                    $name::Unknown(code) => code,
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_u64(self.code())
            }
        }

        impl $crate::trtc::wire::WireField for $name {
            type Wire = <u64 as $crate::trtc::wire::WireField>::Wire;

            fn from_wire(wire: Self::Wire) -> $name {
                $name::from_code(<u64 as $crate::trtc::wire::WireField>::from_wire(wire))
            }
        }
    };
}
pub(crate) use code_enum;

/// Implements [`TrtcEventInfo`](crate::trtc::TrtcEventInfo) for an event type from the
/// listed fields, each an `Option` of the same name: `room_id`, `user_id`, `task_id`,
/// `event_ms_ts`, `event_ts`.
macro_rules! event_info {
    ($name:ident: $($accessor:ident),* $(,)?) => {
        impl $crate::trtc::TrtcEventInfo for $name {
            $( $crate::trtc::wire::event_info!(@ $accessor); )*
        }
    };
    (@ room_id) => {
        fn room_id(&self) -> Option<&$crate::trtc::RoomId> {
            self.room_id.as_ref()
        }
    };
    (@ user_id) => {
        fn user_id(&self) -> Option<&str> {
            self.user_id.as_deref()
        }
    };
    (@ task_id) => {
        fn task_id(&self) -> Option<&str> {
            self.task_id.as_deref()
        }
    };
    (@ event_ms_ts) => {
        fn event_ms_ts(&self) -> Option<$crate::trtc::UnixMillis> {
            self.event_ms_ts
        }
    };
    (@ event_ts) => {
        fn event_ts(&self) -> Option<$crate::trtc::UnixSecs> {
            self.event_ts
        }
    };
}
pub(crate) use event_info;

#[cfg(test)]
mod tests {
    use super::*;

    fn read<T: WireField>(json: &str) -> Result<T, serde_json::Error> {
        serde_json::from_str::<T::Wire>(json).map(T::from_wire)
    }

    #[test]
    fn signed_integers() {
        assert_eq!(read::<i64>("-5").unwrap(), -5);
        assert_eq!(read::<i64>("\"-5\"").unwrap(), -5);
        assert_eq!(read::<i64>("10002").unwrap(), 10002);
        for json in [
            "1.5",
            "\"\"",
            "\"-\"",
            "\"1e3\"",
            "9223372036854775808",
            "true",
            "{}",
        ] {
            assert!(read::<i64>(json).is_err(), "{json}");
        }
    }

    #[test]
    fn numbers_keep_their_kind() {
        assert_eq!(
            read::<serde_json::Number>("218").unwrap().to_string(),
            "218"
        );
        assert_eq!(read::<serde_json::Number>("-2").unwrap().to_string(), "-2");
        assert_eq!(
            read::<serde_json::Number>("0.5").unwrap().to_string(),
            "0.5"
        );
        assert_eq!(
            read::<serde_json::Number>("\"42\"").unwrap().to_string(),
            "42"
        );
        for json in ["\"NaN\"", "\"\"", "true", "[]"] {
            assert!(read::<serde_json::Number>(json).is_err(), "{json}");
        }
    }

    #[test]
    fn refusals_do_not_repeat_the_value() {
        for error in [
            read::<i64>("\"do-not-echo\"").unwrap_err(),
            read::<serde_json::Number>("\"do-not-echo\"").unwrap_err(),
            read::<Vec<String>>("\"do-not-echo\"").unwrap_err(),
        ] {
            assert!(!error.to_string().contains("do-not-echo"), "{error}");
        }
    }
}
