//! The two number shapes message bodies add to the lenient field types: fractional numbers
//! (`TIMLocationElem` coordinates) and small integer codes with documented meanings
//! (`PushPlatform`, `OperateType`, …), both read the way Tencent's other numbers are.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, Unexpected, Visitor};

use crate::protocol::event::lenient::{refuse_scalars_quietly, Field};

impl Field for f64 {
    type Wire = LenientF64;

    fn from_wire(wire: LenientF64) -> f64 {
        wire.0
    }
}

/// A finite number, as a JSON number or a string holding one (`"22.5"`).
pub(crate) struct LenientF64(f64);

impl<'de> Deserialize<'de> for LenientF64 {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct F64Visitor;
        impl Visitor<'_> for F64Visitor {
            type Value = LenientF64;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number, or a string holding one")
            }

            fn visit_f64<E: de::Error>(self, value: f64) -> Result<LenientF64, E> {
                Ok(LenientF64(value))
            }

            // Integers as large as 2^64 lose precision as f64; so do such coordinates on
            // Tencent's side.
            #[allow(clippy::cast_precision_loss)]
            fn visit_u64<E: de::Error>(self, value: u64) -> Result<LenientF64, E> {
                Ok(LenientF64(value as f64))
            }

            #[allow(clippy::cast_precision_loss)]
            fn visit_i64<E: de::Error>(self, value: i64) -> Result<LenientF64, E> {
                Ok(LenientF64(value as f64))
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<LenientF64, E> {
                // Only the characters of a JSON number: no "inf", "NaN" or blanks.
                let plausible = !value.is_empty()
                    && value.bytes().all(|b| {
                        b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E')
                    });
                match value.parse::<f64>() {
                    Ok(number) if plausible && number.is_finite() => Ok(LenientF64(number)),
                    _ => Err(E::invalid_value(Unexpected::Other("string"), &self)),
                }
            }

            refuse_scalars_quietly!(visit_bool(bool) => "boolean");
        }
        deserializer.deserialize_any(F64Visitor)
    }
}

/// Defines an integer code whose documented values have names and whose other values are
/// kept in `Other(u64)`: read as a number or a string of digits, written as a number.
macro_rules! code_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $(
                $(#[$variant_meta:meta])*
                $variant:ident = $value:literal,
            )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $(
                $(#[$variant_meta])*
                #[doc = concat!("\n\nWire value: `", $value, "`.")]
                $variant,
            )*
            /// A value no Tencent table lists, as received.
            Other(u64),
        }

        impl $name {
            /// Reads a wire value; undocumented values become `Other`.
            pub fn from_code(code: u64) -> $name {
                match code {
                    $( $value => $name::$variant, )*
                    other => $name::Other(other),
                }
            }

            /// The wire value.
            pub fn code(self) -> u64 {
                match self {
                    $( $name::$variant => $value, )*
                    $name::Other(code) => code,
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_u64(self.code())
            }
        }

        impl $crate::protocol::event::lenient::Field for $name {
            type Wire = <u64 as $crate::protocol::event::lenient::Field>::Wire;

            fn from_wire(wire: Self::Wire) -> $name {
                $name::from_code(<u64 as $crate::protocol::event::lenient::Field>::from_wire(wire))
            }
        }
    };
}
pub(crate) use code_enum;

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str) -> Result<f64, serde_json::Error> {
        serde_json::from_str::<LenientF64>(json).map(|wire| wire.0)
    }

    #[test]
    fn numbers_and_numeric_strings() {
        assert_eq!(read("22.5").unwrap(), 22.5);
        assert_eq!(read("-113").unwrap(), -113.0);
        assert_eq!(read("7").unwrap(), 7.0);
        assert_eq!(read("\"31.25\"").unwrap(), 31.25);
        for json in [
            "\"inf\"", "\"NaN\"", "\"\"", "\" 1\"", "true", "null", "[]", "{}",
        ] {
            assert!(read(json).is_err(), "{json}");
        }
    }

    #[test]
    fn errors_do_not_repeat_the_value() {
        let error = read("\"do-not-echo\"").unwrap_err();
        assert!(!error.to_string().contains("do-not-echo"), "{error}");
    }
}
