//! One element of a message body: `{"MsgType": "...", "MsgContent": {...}}`, typed by its
//! `MsgType`, with unknown types kept as received.

use std::borrow::{Borrow, BorrowMut};
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::value::RawValue;

use crate::protocol::event::compact::Compact;
use crate::protocol::event::lenient::{refuse_scalars_quietly, Field, Key};
use crate::protocol::event::wire::wire_enum;
use crate::protocol::event::{ExtraFields, RawJson};

use super::elems::{
    CustomElem, FaceElem, FileElem, ImageElem, LocationElem, RelayElem, SoundElem, TextElem,
    UnknownElem, VideoFileElem,
};

wire_enum! {
    /// `MsgType`: the type of a message element.
    pub enum MsgType {
        /// Text.
        Text = "TIMTextElem",
        /// A location.
        Location = "TIMLocationElem",
        /// An emoji or sticker.
        Face = "TIMFaceElem",
        /// The app's own message.
        Custom = "TIMCustomElem",
        /// A voice message.
        Sound = "TIMSoundElem",
        /// An image.
        Image = "TIMImageElem",
        /// A file.
        File = "TIMFileElem",
        /// A video.
        VideoFile = "TIMVideoFileElem",
        /// Merged forwarded messages.
        Relay = "TIMRelayElem",
    }
}

/// `MsgContent`, typed by the element's `MsgType`. The larger contents are boxed, so that an
/// element of a text stays small; [`MsgElement::as_typed`] reaches through the box.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum MsgContent {
    /// `TIMTextElem`.
    Text(TextElem),
    /// `TIMLocationElem`.
    Location(LocationElem),
    /// `TIMFaceElem`.
    Face(FaceElem),
    /// `TIMCustomElem`.
    Custom(Box<CustomElem>),
    /// `TIMSoundElem`.
    Sound(Box<SoundElem>),
    /// `TIMImageElem`.
    Image(Box<ImageElem>),
    /// `TIMFileElem`.
    File(Box<FileElem>),
    /// `TIMVideoFileElem`.
    VideoFile(Box<VideoFileElem>),
    /// `TIMRelayElem`.
    Relay(Box<RelayElem>),
    /// Any other `MsgType`, kept as received.
    Unknown(UnknownElem),
}

impl MsgContent {
    /// The `MsgType` wire name, such as `TIMTextElem`.
    pub fn msg_type_str(&self) -> &str {
        match self {
            MsgContent::Text(_) => "TIMTextElem",
            MsgContent::Location(_) => "TIMLocationElem",
            MsgContent::Face(_) => "TIMFaceElem",
            MsgContent::Custom(_) => "TIMCustomElem",
            MsgContent::Sound(_) => "TIMSoundElem",
            MsgContent::Image(_) => "TIMImageElem",
            MsgContent::File(_) => "TIMFileElem",
            MsgContent::VideoFile(_) => "TIMVideoFileElem",
            MsgContent::Relay(_) => "TIMRelayElem",
            MsgContent::Unknown(unknown) => &unknown.msg_type,
        }
    }
}

/// One element of a message body (`TIMMsgElement`): its typed content, and any other keys
/// the element object carried, kept.
///
/// Keys may come in any order (Tencent's relay sample writes `MsgContent` first). An element
/// whose `MsgType` the crate does not know becomes [`MsgContent::Unknown`] with its content
/// as received; a known `MsgType` whose content has the wrong shape is refused like any
/// other wrong field.
///
/// ```
/// use tencent_im_callback::message::{MsgContent, MsgElement, TextElem};
///
/// let element: MsgElement =
///     serde_json::from_str(r#"{"MsgContent":{"Text":"hi"},"MsgType":"TIMTextElem"}"#)?;
/// assert_eq!(element.as_typed::<TextElem>().map(|t| t.text.as_str()), Some("hi"));
///
/// let new: MsgElement =
///     serde_json::from_str(r#"{"MsgType":"TIMGroupTipElem","MsgContent":{"OpType":1}}"#)?;
/// let MsgContent::Unknown(unknown) = &new.content else { unreachable!() };
/// assert_eq!(unknown.msg_content.as_ref().unwrap().get(), r#"{"OpType":1}"#);
/// assert_eq!(
///     serde_json::to_string(&new)?,
///     r#"{"MsgType":"TIMGroupTipElem","MsgContent":{"OpType":1}}"#
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct MsgElement {
    /// The content, typed by `MsgType`.
    pub content: MsgContent,
    /// Keys of the element object other than `MsgType` and `MsgContent`, kept as received.
    pub extra: ExtraFields,
}

impl MsgElement {
    /// An element with this content and nothing else.
    pub fn new(content: MsgContent) -> MsgElement {
        MsgElement {
            content,
            extra: ExtraFields::default(),
        }
    }

    /// A `TIMTextElem` holding `text`.
    pub fn text(text: impl Into<String>) -> MsgElement {
        MsgElement::new(MsgContent::Text(TextElem::new(text)))
    }

    /// The `MsgType`.
    pub fn msg_type(&self) -> MsgType {
        MsgType::from_wire(self.content.msg_type_str())
    }

    /// The content as the element type `T`, if the element is one.
    pub fn as_typed<T: TypedElem>(&self) -> Option<&T> {
        T::from_content(&self.content)
    }

    /// The content as the element type `T`, mutably, if the element is one.
    pub fn as_typed_mut<T: TypedElem>(&mut self) -> Option<&mut T> {
        T::from_content_mut(&mut self.content)
    }
}

/// An element content type with its `MsgType`: what [`MsgElement::as_typed`] and
/// [`MsgBody::find`](super::MsgBody::find) look up.
pub trait TypedElem: Sized + 'static {
    /// The `MsgType` of this content.
    const MSG_TYPE: MsgType;

    /// The content, if it is of this type.
    fn from_content(content: &MsgContent) -> Option<&Self>;

    /// The content, mutably, if it is of this type.
    fn from_content_mut(content: &mut MsgContent) -> Option<&mut Self>;

    /// Wraps the content.
    fn into_content(self) -> MsgContent;
}

macro_rules! typed_elems {
    ($($ty:ident => $variant:ident,)*) => {
        $(
            impl TypedElem for $ty {
                const MSG_TYPE: MsgType = MsgType::$variant;

                fn from_content(content: &MsgContent) -> Option<&$ty> {
                    match content {
                        MsgContent::$variant(inner) => Some(Borrow::borrow(inner)),
                        _ => None,
                    }
                }

                fn from_content_mut(content: &mut MsgContent) -> Option<&mut $ty> {
                    match content {
                        MsgContent::$variant(inner) => Some(BorrowMut::borrow_mut(inner)),
                        _ => None,
                    }
                }

                fn into_content(self) -> MsgContent {
                    MsgContent::$variant(self.into())
                }
            }

            impl From<$ty> for MsgElement {
                fn from(content: $ty) -> MsgElement {
                    MsgElement::new(MsgContent::$variant(content.into()))
                }
            }
        )*

        /// Reads a known type's content from the map being visited.
        fn read_known<'de, A: MapAccess<'de>>(
            msg_type: &MsgType,
            map: &mut A,
        ) -> Result<Option<MsgContent>, A::Error> {
            Ok(Some(match msg_type {
                $(MsgType::$variant => MsgContent::$variant(map.next_value::<$ty>()?.into()),)*
                MsgType::Other(_) => return Ok(None),
            }))
        }

        /// Reads a known type's content from its kept text (content sent before the type).
        fn parse_known<E: de::Error>(
            msg_type: &MsgType,
            raw: &RawValue,
        ) -> Result<Option<MsgContent>, E> {
            Ok(Some(match msg_type {
                $(
                    MsgType::$variant => MsgContent::$variant(
                        serde_json::from_str::<$ty>(raw.get()).map_err(E::custom)?.into(),
                    ),
                )*
                MsgType::Other(_) => return Ok(None),
            }))
        }
    };
}

typed_elems! {
    TextElem => Text,
    LocationElem => Location,
    FaceElem => Face,
    CustomElem => Custom,
    SoundElem => Sound,
    ImageElem => Image,
    FileElem => File,
    VideoFileElem => VideoFile,
    RelayElem => Relay,
}

/// What was read under `MsgContent`.
enum Content {
    Typed(MsgContent),
    Raw(Box<RawValue>),
}

impl<'de> Deserialize<'de> for MsgElement {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ElementVisitor;
        impl<'de> Visitor<'de> for ElementVisitor {
            type Value = MsgElement;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a message element object")
            }

            refuse_scalars_quietly!();

            fn visit_seq<A: de::SeqAccess<'de>>(self, _: A) -> Result<MsgElement, A::Error> {
                Err(de::Error::invalid_type(de::Unexpected::Seq, &self))
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<MsgElement, A::Error> {
                let mut msg_type: Option<MsgType> = None;
                let mut content: Option<Content> = None;
                let mut extra = ExtraFields::default();
                while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
                    match &*key {
                        "MsgType" => {
                            if msg_type.is_some() {
                                return Err(de::Error::duplicate_field("MsgType"));
                            }
                            msg_type = Some(map.next_value::<MsgType>()?);
                        }
                        "MsgContent" => {
                            if content.is_some() {
                                return Err(de::Error::duplicate_field("MsgContent"));
                            }
                            // The usual order, type first: read the content straight into
                            // its type.
                            let typed = match &msg_type {
                                Some(known) => read_known(known, &mut map)?,
                                None => None,
                            };
                            content = Some(match typed {
                                Some(typed) => Content::Typed(typed),
                                None => Content::Raw(map.next_value()?),
                            });
                        }
                        _ => {
                            let raw = map.next_value()?;
                            extra
                                .insert_new(key.into_owned(), raw)
                                .map_err(de::Error::custom)?;
                        }
                    }
                }
                let msg_type = msg_type.ok_or_else(|| de::Error::missing_field("MsgType"))?;
                let content = match content {
                    Some(Content::Typed(typed)) => typed,
                    Some(Content::Raw(raw)) => match parse_known(&msg_type, &raw)? {
                        Some(typed) => typed,
                        None => unknown(msg_type, Some(raw)),
                    },
                    None if matches!(msg_type, MsgType::Other(_)) => unknown(msg_type, None),
                    None => return Err(de::Error::missing_field("MsgContent")),
                };
                Ok(MsgElement { content, extra })
            }
        }
        deserializer.deserialize_any(ElementVisitor)
    }
}

fn unknown(msg_type: MsgType, raw: Option<Box<RawValue>>) -> MsgContent {
    let msg_type = match msg_type {
        MsgType::Other(name) => name,
        known => known.as_str().to_owned(),
    };
    MsgContent::Unknown(UnknownElem {
        msg_type,
        msg_content: raw.map(RawJson::from),
    })
}

impl Serialize for MsgElement {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("MsgType", self.content.msg_type_str())?;
        match &self.content {
            MsgContent::Text(inner) => map.serialize_entry("MsgContent", inner)?,
            MsgContent::Location(inner) => map.serialize_entry("MsgContent", inner)?,
            MsgContent::Face(inner) => map.serialize_entry("MsgContent", inner)?,
            MsgContent::Custom(inner) => map.serialize_entry("MsgContent", inner)?,
            MsgContent::Sound(inner) => map.serialize_entry("MsgContent", inner)?,
            MsgContent::Image(inner) => map.serialize_entry("MsgContent", inner)?,
            MsgContent::File(inner) => map.serialize_entry("MsgContent", inner)?,
            MsgContent::VideoFile(inner) => map.serialize_entry("MsgContent", inner)?,
            MsgContent::Relay(inner) => map.serialize_entry("MsgContent", inner)?,
            MsgContent::Unknown(unknown) => {
                if let Some(raw) = &unknown.msg_content {
                    map.serialize_entry("MsgContent", raw)?;
                }
            }
        }
        for (name, raw) in self.extra.iter() {
            map.serialize_entry(name, &Compact(raw))?;
        }
        map.end()
    }
}

impl Field for MsgElement {
    type Wire = MsgElement;

    fn from_wire(wire: MsgElement) -> MsgElement {
        wire
    }
}
