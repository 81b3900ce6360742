//! A value kept exactly as received, for fields whose content the crate does not type.

use std::fmt;

use serde::de::{Deserialize, DeserializeOwned, Deserializer};
use serde::{Serialize, Serializer};
use serde_json::value::RawValue;

use super::compact::Compact;
use super::lenient::Field;

/// A JSON value kept as its exact text: an element of a type the crate does not know, a
/// payload another product defines. Serialised compactly (the same JSON on one line), like
/// every kept value.
///
/// ```
/// use tencent_im_callback::event::RawJson;
///
/// let raw: RawJson = serde_json::from_str(r#"{ "a": [1, 2] }"#)?;
/// assert_eq!(raw.get(), r#"{ "a": [1, 2] }"#);
/// assert_eq!(serde_json::to_string(&raw)?, r#"{"a":[1,2]}"#);
/// let value: serde_json::Value = raw.parse_as()?;
/// assert_eq!(value["a"][1], 2);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone)]
pub struct RawJson(Box<RawValue>);

impl RawJson {
    /// The exact JSON text as received.
    pub fn get(&self) -> &str {
        self.0.get()
    }

    /// The raw value.
    pub fn as_raw_value(&self) -> &RawValue {
        &self.0
    }

    /// The value deserialised into `T`.
    pub fn parse_as<T: DeserializeOwned>(&self) -> serde_json::Result<T> {
        serde_json::from_str(self.0.get())
    }

    /// Wraps JSON text, checking that it is one JSON value.
    pub fn from_string(json: String) -> serde_json::Result<RawJson> {
        RawValue::from_string(json).map(RawJson)
    }
}

impl From<Box<RawValue>> for RawJson {
    fn from(raw: Box<RawValue>) -> RawJson {
        RawJson(raw)
    }
}

impl fmt::Debug for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("RawJson").field(&self.0.get()).finish()
    }
}

/// Equal when the two are the same JSON value up to whitespace between tokens.
impl PartialEq for RawJson {
    fn eq(&self, other: &Self) -> bool {
        super::extra::same_json(self.0.get(), other.0.get())
    }
}

impl Default for RawJson {
    fn default() -> Self {
        RawJson(RawValue::NULL.to_owned())
    }
}

impl<'de> Deserialize<'de> for RawJson {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Box::<RawValue>::deserialize(deserializer).map(RawJson)
    }
}

impl Serialize for RawJson {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Compact(&self.0).serialize(serializer)
    }
}

impl Field for RawJson {
    type Wire = RawJson;

    fn from_wire(wire: RawJson) -> RawJson {
        wire
    }
}
