//! Body fields this crate does not model, kept exactly as received.

use std::collections::btree_map::{BTreeMap, Entry};

use serde::de::DeserializeOwned;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::value::RawValue;

use super::compact::Compact;

/// The fields of a callback body that no table lists, kept as their exact JSON text.
///
/// Tencent adds fields without notice. They are kept rather than refused, re-serialised with
/// the event, and can be read with [`ExtraFields::get_as`]. Keeping the raw text means even
/// numbers too large for `f64` survive unchanged.
///
/// ```
/// use tencent_im_callback::{Command, Event};
///
/// let body = br#"{"RoomId":"r1","Region":"ap-guangzhou","Shards":[1,2]}"#;
/// let Event::RoomAfterDestroyRoom(event) = Event::parse(&Command::ROOM_AFTER_DESTROY_ROOM, body)? else {
///     unreachable!()
/// };
/// assert_eq!(event.extra.get("Shards").map(|raw| raw.get()), Some("[1,2]"));
/// assert_eq!(event.extra.get_as::<String>("Region").unwrap()?, "ap-guangzhou");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct ExtraFields(BTreeMap<String, Box<RawValue>>);

impl ExtraFields {
    /// The raw JSON of a field, if present.
    pub fn get(&self, name: &str) -> Option<&RawValue> {
        self.0.get(name).map(|raw| &**raw)
    }

    /// A field deserialised into `T`, if present.
    pub fn get_as<T: DeserializeOwned>(&self, name: &str) -> Option<serde_json::Result<T>> {
        self.get(name).map(|raw| serde_json::from_str(raw.get()))
    }

    /// Every kept field, in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &RawValue)> {
        self.0.iter().map(|(name, raw)| (name.as_str(), &**raw))
    }

    /// How many fields are kept.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether no unmodelled field was present.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Keeps a field; a name seen before is an error (JSON objects with duplicate keys are
    /// ambiguous, and keeping either copy would lose the other).
    pub(crate) fn insert_new(
        &mut self,
        name: String,
        raw: Box<RawValue>,
    ) -> Result<(), &'static str> {
        match self.0.entry(name) {
            Entry::Vacant(slot) => {
                slot.insert(raw);
                Ok(())
            }
            // The key came from the body: say what is wrong, not which key.
            Entry::Occupied(_) => Err("a key appears twice in the same object"),
        }
    }
}

/// Serialises as a JSON object of the kept fields, each written compactly (the same JSON
/// value without whitespace between tokens); [`ExtraFields::get`] still gives the exact text.
impl Serialize for ExtraFields {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, raw) in &self.0 {
            map.serialize_entry(name, &Compact(raw))?;
        }
        map.end()
    }
}

/// Equal when they hold the same fields with the same JSON values: a value pretty-printed and
/// the same value written compactly are equal, as they serialise the same.
impl PartialEq for ExtraFields {
    fn eq(&self, other: &Self) -> bool {
        self.0.len() == other.0.len()
            && self
                .0
                .iter()
                .zip(&other.0)
                .all(|((a, x), (b, y))| a == b && same_json(x.get(), y.get()))
    }
}

/// Whether two JSON texts are the same value up to whitespace between tokens.
pub(crate) fn same_json(a: &str, b: &str) -> bool {
    a == b || super::compact::compact(a) == super::compact::compact(b)
}
