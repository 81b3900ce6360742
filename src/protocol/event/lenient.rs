//! Reading values the way Tencent really sends them, written once: Tencent's samples and
//! captured traffic carry booleans as strings, integers as strings, and account ids as JSON
//! numbers above 2^53.
//!
//! Each modelled field has a plain Rust type (`bool`, `u64`, `String`, …). [`Field`] names the
//! *wire* type that reads it leniently: booleans as `true` or `"true"`, integers as `5` or
//! `"5"`, ids as strings or as JSON numbers of any size kept digit for digit. None of the
//! error messages repeat the value that was refused, so an error never echoes the body.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{
    self, Deserialize, DeserializeOwned, Deserializer, SeqAccess, Unexpected, Visitor,
};
use serde_json::value::RawValue;

/// A field type of a modelled event, and how to read it off the wire.
pub(crate) trait Field: Sized {
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

impl<T: Field> Field for Option<T> {
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

/// Refuses every scalar a visitor does not handle itself, naming only the kind of value.
///
/// serde's default messages quote the offending value (`invalid type: string "…"`), which
/// would copy body content into error replies and logs. Visitors here are driven through
/// `deserialize_any` for the same reason: serde_json's typed entry points (`deserialize_map`,
/// `deserialize_seq`, …) build their own quoting message for a value of the wrong type.
macro_rules! refuse_scalars_quietly {
    () => {
        $crate::protocol::event::lenient::refuse_scalars_quietly!(
            visit_bool(bool) => "boolean",
            visit_i64(i64) => "integer",
            visit_u64(u64) => "integer",
            visit_f64(f64) => "number",
            visit_str(&str) => "string",
            visit_bytes(&[u8]) => "bytes",
        );
    };
    ($($method:ident($ty:ty) => $kind:literal),* $(,)?) => {
        $(
            fn $method<E: serde::de::Error>(self, _: $ty) -> Result<Self::Value, E> {
                Err(E::invalid_type(serde::de::Unexpected::Other($kind), &self))
            }
        )*
    };
}
pub(crate) use refuse_scalars_quietly;

impl Field for bool {
    type Wire = LenientBool;

    fn from_wire(wire: LenientBool) -> bool {
        wire.0
    }
}

/// `true`, `false`, their string forms in any case, and `0`/`1` as numbers or strings.
pub(crate) struct LenientBool(bool);

impl<'de> Deserialize<'de> for LenientBool {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct BoolVisitor;
        impl Visitor<'_> for BoolVisitor {
            type Value = LenientBool;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a boolean, \"true\" or \"false\"")
            }

            fn visit_bool<E: de::Error>(self, value: bool) -> Result<LenientBool, E> {
                Ok(LenientBool(value))
            }

            fn visit_u64<E: de::Error>(self, value: u64) -> Result<LenientBool, E> {
                match value {
                    0 => Ok(LenientBool(false)),
                    1 => Ok(LenientBool(true)),
                    _ => Err(E::invalid_value(Unexpected::Other("integer"), &self)),
                }
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<LenientBool, E> {
                if value.eq_ignore_ascii_case("true") || value == "1" {
                    Ok(LenientBool(true))
                } else if value.eq_ignore_ascii_case("false") || value == "0" {
                    Ok(LenientBool(false))
                } else {
                    Err(E::invalid_value(Unexpected::Other("string"), &self))
                }
            }

            refuse_scalars_quietly!(visit_i64(i64) => "integer", visit_f64(f64) => "number");
        }
        deserializer.deserialize_any(BoolVisitor)
    }
}

impl Field for u64 {
    type Wire = LenientU64;

    fn from_wire(wire: LenientU64) -> u64 {
        wire.0
    }
}

/// A non-negative integer as a JSON number or a string of decimal digits.
pub(crate) struct LenientU64(u64);

impl<'de> Deserialize<'de> for LenientU64 {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct U64Visitor;
        impl Visitor<'_> for U64Visitor {
            type Value = LenientU64;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(
                    "a non-negative integer that fits in 64 bits, or a string of its digits",
                )
            }

            fn visit_u64<E: de::Error>(self, value: u64) -> Result<LenientU64, E> {
                Ok(LenientU64(value))
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<LenientU64, E> {
                if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
                    if let Ok(number) = value.parse() {
                        return Ok(LenientU64(number));
                    }
                }
                Err(E::invalid_value(Unexpected::Other("string"), &self))
            }

            refuse_scalars_quietly!(
                visit_bool(bool) => "boolean",
                visit_i64(i64) => "negative integer",
                visit_f64(f64) => "fractional or out-of-range number",
            );
        }
        deserializer.deserialize_any(U64Visitor)
    }
}

impl Field for i64 {
    type Wire = LenientI64;

    fn from_wire(wire: LenientI64) -> i64 {
        wire.0
    }
}

/// A signed integer as a JSON number or a string of decimal digits with an optional `-`
/// (`UnreadMsgNum` is -1 when delivery failed; error codes may be negative).
pub(crate) struct LenientI64(i64);

impl<'de> Deserialize<'de> for LenientI64 {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct I64Visitor;
        impl Visitor<'_> for I64Visitor {
            type Value = LenientI64;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an integer that fits in 64 bits, or a string of its digits")
            }

            fn visit_i64<E: de::Error>(self, value: i64) -> Result<LenientI64, E> {
                Ok(LenientI64(value))
            }

            fn visit_u64<E: de::Error>(self, value: u64) -> Result<LenientI64, E> {
                i64::try_from(value)
                    .map(LenientI64)
                    .map_err(|_| E::invalid_value(Unexpected::Other("integer"), &self))
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<LenientI64, E> {
                let digits = value.strip_prefix('-').unwrap_or(value);
                if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                    if let Ok(number) = value.parse() {
                        return Ok(LenientI64(number));
                    }
                }
                Err(E::invalid_value(Unexpected::Other("string"), &self))
            }

            refuse_scalars_quietly!(
                visit_bool(bool) => "boolean",
                visit_f64(f64) => "fractional or out-of-range number",
            );
        }
        deserializer.deserialize_any(I64Visitor)
    }
}

impl Field for String {
    type Wire = LenientString;

    fn from_wire(wire: LenientString) -> String {
        wire.0
    }
}

/// A string, or an integer of any size kept as its exact decimal text.
///
/// Tencent sends some account ids as bare JSON numbers above 2^53
/// (`"Member_Account":144115233775727695`); reading them as numbers would round them, so the
/// raw JSON text is taken instead.
pub(crate) struct LenientString(String);

impl<'de> Deserialize<'de> for LenientString {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Box::<RawValue>::deserialize(deserializer)?;
        // The raw text's allocation becomes the string: no second buffer, no second parse
        // unless the string has escapes.
        let mut text = String::from(Box::<str>::from(raw));
        if text.starts_with('"') {
            if text.contains('\\') {
                return serde_json::from_str(&text)
                    .map(LenientString)
                    .map_err(|_| de::Error::custom("invalid string"));
            }
            text.pop();
            text.remove(0);
            return Ok(LenientString(text));
        }
        let digits = text.strip_prefix('-').unwrap_or(&text);
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            return Ok(LenientString(text));
        }
        let kind = match text.as_bytes().first() {
            Some(b'{') => "object",
            Some(b'[') => "array",
            Some(b't' | b'f') => "boolean",
            Some(b'n') => "null",
            _ => "fractional number",
        };
        Err(de::Error::invalid_type(
            Unexpected::Other(kind),
            &"a string or an integer",
        ))
    }
}

impl<T: Field> Field for Vec<T> {
    type Wire = List<T>;

    fn from_wire(wire: List<T>) -> Vec<T> {
        wire.0
    }
}

/// A JSON array whose elements are read as `T`'s wire type.
pub(crate) struct List<T>(Vec<T>);

impl<'de, T: Field> Deserialize<'de> for List<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ListVisitor<T>(PhantomData<T>);
        impl<'de, T: Field> Visitor<'de> for ListVisitor<T> {
            type Value = List<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<List<T>, A::Error> {
                // Cap the preallocation: the hint comes from the input.
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
                while let Some(wire) = seq.next_element::<T::Wire>()? {
                    items.push(T::from_wire(wire));
                }
                Ok(List(items))
            }

            refuse_scalars_quietly!();

            fn visit_map<A: de::MapAccess<'de>>(self, _: A) -> Result<List<T>, A::Error> {
                Err(de::Error::invalid_type(Unexpected::Map, &self))
            }
        }
        deserializer.deserialize_any(ListVisitor(PhantomData))
    }
}

/// An object key, borrowed from the input when it has no escapes.
pub(crate) struct Key<'de>(pub(crate) Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string key")
            }

            fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(key)))
            }

            fn visit_str<E: de::Error>(self, key: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(key.to_owned())))
            }

            fn visit_string<E: de::Error>(self, key: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(key)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read<T: Field>(json: &str) -> Result<T, serde_json::Error> {
        serde_json::from_str::<T::Wire>(json).map(T::from_wire)
    }

    #[test]
    fn booleans() {
        for (json, value) in [
            ("true", true),
            ("false", false),
            ("\"true\"", true),
            ("\"false\"", false),
            ("\"FALSE\"", false),
            ("1", true),
            ("0", false),
            ("\"1\"", true),
        ] {
            assert_eq!(read::<bool>(json).unwrap(), value, "{json}");
        }
        for json in ["2", "-1", "\"yes\"", "null", "[]", "{}", "0.5"] {
            assert!(read::<bool>(json).is_err(), "{json}");
        }
    }

    #[test]
    fn integers() {
        assert_eq!(read::<u64>("1670574414123").unwrap(), 1670574414123);
        assert_eq!(read::<u64>("\"1670574414123\"").unwrap(), 1670574414123);
        assert_eq!(read::<u64>("18446744073709551615").unwrap(), u64::MAX);
        for json in [
            "-1",
            "1.5",
            "18446744073709551616",
            "\"\"",
            "\"12a\"",
            "\" 1\"",
            "\"-1\"",
            "\"18446744073709551616\"",
            "true",
            "null",
            "{}",
        ] {
            assert!(read::<u64>(json).is_err(), "{json}");
        }
    }

    #[test]
    fn signed_integers() {
        assert_eq!(read::<i64>("-1").unwrap(), -1);
        assert_eq!(read::<i64>("\"-1\"").unwrap(), -1);
        assert_eq!(read::<i64>("7").unwrap(), 7);
        for json in ["1.5", "\"\"", "\"-\"", "9223372036854775808", "true", "{}"] {
            assert!(read::<i64>(json).is_err(), "{json}");
        }
    }

    #[test]
    fn ids_keep_every_digit() {
        assert_eq!(
            read::<String>("144115233775727695").unwrap(),
            "144115233775727695"
        );
        let huge = "123456789012345678901234567890";
        assert_eq!(read::<String>(huge).unwrap(), huge);
        assert_eq!(read::<String>("-42").unwrap(), "-42");
        assert_eq!(read::<String>(r#""user\u0031""#).unwrap(), "user1");
        assert_eq!(read::<String>(r#""say \"hi\"""#).unwrap(), "say \"hi\"");
        assert_eq!(read::<String>(r#""""#).unwrap(), "");
        assert_eq!(read::<String>(r#""中文""#).unwrap(), "中文");
        for json in ["1.5", "1e3", "true", "null", "[]", "{}"] {
            assert!(read::<String>(json).is_err(), "{json}");
        }
    }

    #[test]
    fn ids_keep_every_digit_through_a_json_value_too() {
        let value = serde_json::json!(144115233775727695u64);
        let id = serde_json::from_value::<LenientString>(value).unwrap();
        assert_eq!(id.0, "144115233775727695");
    }

    #[test]
    fn lists_read_their_elements_leniently() {
        assert_eq!(
            read::<Vec<String>>(r#"["a", 144115233775727695]"#).unwrap(),
            ["a", "144115233775727695"]
        );
        assert!(read::<Vec<String>>(r#""a""#).is_err());
    }

    #[test]
    fn null_is_absent_for_optional_fields() {
        assert_eq!(read::<Option<u64>>("null").unwrap(), None);
        assert_eq!(read::<Option<u64>>("\"7\"").unwrap(), Some(7));
    }

    #[test]
    fn messages_do_not_repeat_the_value() {
        let secret = "\"do-not-echo-this\"";
        for error in [
            read::<u64>(secret).unwrap_err(),
            read::<bool>(secret).unwrap_err(),
            read::<Vec<String>>(secret).unwrap_err(),
        ] {
            assert!(!error.to_string().contains("do-not-echo"), "{error}");
        }
        let error = read::<bool>("12345678").unwrap_err();
        assert!(!error.to_string().contains("12345678"), "{error}");
    }
}
