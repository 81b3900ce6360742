//! `MsgBody`: the elements of a message, looked up by type.

use std::borrow::Cow;
use std::ops::{Deref, DerefMut};

use serde::de::{Deserialize, Deserializer};
use serde::ser::{Serialize, Serializer};

use crate::protocol::event::lenient::Field;

use super::element::{MsgElement, TypedElem};
use super::elems::TextElem;

/// `MsgBody`: a message's elements, in the order received.
///
/// Tencent does not promise an order (a text may follow an image or a custom element), so
/// look elements up by type ([`find`](Self::find), [`all`](Self::all)) rather than by index.
/// It dereferences to the list of [`MsgElement`]s for everything else.
///
/// ```
/// use tencent_im_callback::message::{CustomElem, MsgBody, MsgElement, TextElem};
///
/// let body: MsgBody = serde_json::from_str(r#"[
///     {"MsgType":"TIMCustomElem","MsgContent":{"Data":"{\"level\":1}"}},
///     {"MsgType":"TIMTextElem","MsgContent":{"Text":"red "}},
///     {"MsgType":"TIMTextElem","MsgContent":{"Text":"packet"}}
/// ]"#)?;
/// assert_eq!(body.plain_text(), "red packet");
/// // `Data` stays the string it was sent as.
/// assert_eq!(body.find::<CustomElem>().unwrap().data.as_deref(), Some(r#"{"level":1}"#));
/// assert_eq!(body.all::<TextElem>().count(), 2);
///
/// let rewritten = MsgBody::from(vec![MsgElement::text("***")]);
/// assert_eq!(
///     serde_json::to_string(&rewritten)?,
///     r#"[{"MsgType":"TIMTextElem","MsgContent":{"Text":"***"}}]"#
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MsgBody(Vec<MsgElement>);

impl MsgBody {
    /// An empty body.
    pub fn new() -> MsgBody {
        MsgBody::default()
    }

    /// A body of one text element.
    pub fn text(text: impl Into<String>) -> MsgBody {
        MsgBody(vec![MsgElement::text(text)])
    }

    /// The first element of type `T` (for `TIMCustomElem`, the only one a message may
    /// have).
    pub fn find<T: TypedElem>(&self) -> Option<&T> {
        self.0.iter().find_map(MsgElement::as_typed)
    }

    /// Every element of type `T`, in order.
    pub fn all<T: TypedElem>(&self) -> impl Iterator<Item = &T> {
        self.0.iter().filter_map(MsgElement::as_typed)
    }

    /// Every element of type `T`, mutably, in order: for rewriting a message in place.
    pub fn all_mut<T: TypedElem>(&mut self) -> impl Iterator<Item = &mut T> {
        self.0.iter_mut().filter_map(MsgElement::as_typed_mut)
    }

    /// The text of every `TIMTextElem`, in order, joined without a separator (a message's
    /// text elements are parts of one text, with stickers or images between them). Borrowed
    /// when the body has at most one text element.
    pub fn plain_text(&self) -> Cow<'_, str> {
        let mut texts = self.all::<TextElem>();
        let Some(first) = texts.next() else {
            return Cow::Borrowed("");
        };
        let Some(second) = texts.next() else {
            return Cow::Borrowed(&first.text);
        };
        let mut joined = String::with_capacity(first.text.len() + second.text.len());
        joined.push_str(&first.text);
        joined.push_str(&second.text);
        for text in texts {
            joined.push_str(&text.text);
        }
        Cow::Owned(joined)
    }

    /// Appends an element.
    pub fn push(&mut self, element: impl Into<MsgElement>) {
        self.0.push(element.into());
    }

    /// The elements.
    pub fn into_vec(self) -> Vec<MsgElement> {
        self.0
    }
}

impl Deref for MsgBody {
    type Target = Vec<MsgElement>;

    fn deref(&self) -> &Vec<MsgElement> {
        &self.0
    }
}

impl DerefMut for MsgBody {
    fn deref_mut(&mut self) -> &mut Vec<MsgElement> {
        &mut self.0
    }
}

impl From<Vec<MsgElement>> for MsgBody {
    fn from(elements: Vec<MsgElement>) -> MsgBody {
        MsgBody(elements)
    }
}

impl FromIterator<MsgElement> for MsgBody {
    fn from_iter<I: IntoIterator<Item = MsgElement>>(elements: I) -> MsgBody {
        MsgBody(elements.into_iter().collect())
    }
}

impl IntoIterator for MsgBody {
    type Item = MsgElement;
    type IntoIter = std::vec::IntoIter<MsgElement>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a MsgBody {
    type Item = &'a MsgElement;
    type IntoIter = std::slice::Iter<'a, MsgElement>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<'de> Deserialize<'de> for MsgBody {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = <Vec<MsgElement> as Field>::Wire::deserialize(deserializer)?;
        Ok(MsgBody(<Vec<MsgElement> as Field>::from_wire(wire)))
    }
}

impl Serialize for MsgBody {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl Field for MsgBody {
    type Wire = MsgBody;

    fn from_wire(wire: MsgBody) -> MsgBody {
        wire
    }
}
