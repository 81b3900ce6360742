//! IM user profile callbacks (`Profile.*`).

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::ser::{Serialize, Serializer};

use super::event::envelope::envelope;
use super::event::lenient::{refuse_scalars_quietly, Field};
use super::event::wire::wire_object;

/// A profile item's value: an integer for integer tags (such as a birthday or a level), a
/// string for the others. Tencent's table types it "uint32/string".
///
/// ```
/// use tencent_im_callback::profile::ProfileValue;
///
/// let level: ProfileValue = serde_json::from_str("7")?;
/// assert_eq!(level.as_integer(), Some(7));
/// let nick: ProfileValue = serde_json::from_str(r#""nick1""#)?;
/// assert_eq!(nick.as_str(), Some("nick1"));
/// assert_eq!(serde_json::to_string(&level)?, "7");
/// assert_eq!(serde_json::to_string(&nick)?, r#""nick1""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProfileValue {
    /// An integer value, sent as a JSON number.
    Integer(i64),
    /// A string value.
    Text(String),
}

impl ProfileValue {
    /// The integer, for an integer value.
    pub fn as_integer(&self) -> Option<i64> {
        match self {
            ProfileValue::Integer(value) => Some(*value),
            ProfileValue::Text(_) => None,
        }
    }

    /// The string, for a string value.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            ProfileValue::Integer(_) => None,
            ProfileValue::Text(text) => Some(text),
        }
    }
}

impl<'de> Deserialize<'de> for ProfileValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ValueVisitor;
        impl<'de> Visitor<'de> for ValueVisitor {
            type Value = ProfileValue;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or an integer that fits in 64 bits")
            }

            fn visit_i64<E: de::Error>(self, value: i64) -> Result<ProfileValue, E> {
                Ok(ProfileValue::Integer(value))
            }

            fn visit_u64<E: de::Error>(self, value: u64) -> Result<ProfileValue, E> {
                i64::try_from(value)
                    .map(ProfileValue::Integer)
                    .map_err(|_| E::invalid_value(de::Unexpected::Other("integer"), &self))
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<ProfileValue, E> {
                Ok(ProfileValue::Text(value.to_owned()))
            }

            fn visit_string<E: de::Error>(self, value: String) -> Result<ProfileValue, E> {
                Ok(ProfileValue::Text(value))
            }

            refuse_scalars_quietly!(
                visit_bool(bool) => "boolean",
                visit_f64(f64) => "fractional or out-of-range number",
                visit_bytes(&[u8]) => "bytes",
            );

            fn visit_seq<A: de::SeqAccess<'de>>(self, _: A) -> Result<ProfileValue, A::Error> {
                Err(de::Error::invalid_type(de::Unexpected::Seq, &self))
            }

            fn visit_map<A: de::MapAccess<'de>>(self, _: A) -> Result<ProfileValue, A::Error> {
                Err(de::Error::invalid_type(de::Unexpected::Map, &self))
            }
        }
        deserializer.deserialize_any(ValueVisitor)
    }
}

impl Serialize for ProfileValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            ProfileValue::Integer(value) => serializer.serialize_i64(*value),
            ProfileValue::Text(text) => serializer.serialize_str(text),
        }
    }
}

impl Field for ProfileValue {
    type Wire = ProfileValue;

    fn from_wire(wire: ProfileValue) -> ProfileValue {
        wire
    }
}

wire_object! {
    /// One changed profile item: a tag such as `Tag_Profile_IM_Nick` and its new value.
    pub struct ProfileItem {
        /// The profile tag (`Tag_Profile_IM_…` for standard fields, `Tag_Profile_Custom_…`
        /// for the app's own).
        pub tag: String = "Tag",
        /// The new value.
        pub value: Option<ProfileValue> = "Value",
    }
}

wire_object! {
    /// `Profile.CallbackPortraitSet`: a user's profile was changed by a client or through
    /// the REST API. Requires `From_Account`.
    ///
    /// ```
    /// use tencent_im_callback::profile::{PortraitSet, ProfileValue};
    ///
    /// let body = r#"{"From_Account":"id1","ProfileItem":[{"Tag":"Tag_Profile_IM_Level","Value":3},
    ///                {"Tag":"Tag_Profile_IM_Nick","Value":"nick1"}],"EventTime":1656921052497}"#;
    /// let event: PortraitSet = serde_json::from_str(body)?;
    /// assert_eq!(event.value_of("Tag_Profile_IM_Level"), Some(&ProfileValue::Integer(3)));
    /// assert_eq!(event.value_of("Tag_Profile_IM_Nick").and_then(ProfileValue::as_str), Some("nick1"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct PortraitSet {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// Who made the change.
        pub operator_account: Option<String> = "Operator_Account",
        /// Whose profile changed.
        pub from_account: String = "From_Account",
        /// The changed items.
        pub profile_item: Option<Vec<ProfileItem>> = "ProfileItem",
        /// When it happened, Unix **milliseconds**.
        pub event_time: Option<u64> = "EventTime",
    }
}

impl PortraitSet {
    /// The new value of a tag, if the tag changed.
    pub fn value_of(&self, tag: &str) -> Option<&ProfileValue> {
        self.profile_item
            .iter()
            .flatten()
            .find(|item| item.tag == tag)
            .and_then(|item| item.value.as_ref())
    }
}

envelope!(PortraitSet {
    command: callback_command,
    operator: operator_account,
    time_ms: event_time,
});
