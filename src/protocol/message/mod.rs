//! The message model shared by the C2C, group, Official Account and chatbot callbacks: the
//! body (`MsgBody`) and its element types, message extensions, and what a before-send reply
//! may do beyond allow, reject and discard ([`Rewrite`]).
//!
//! Every documented element type (`TIMTextElem`, `TIMLocationElem`, `TIMFaceElem`,
//! `TIMCustomElem`, `TIMSoundElem`, `TIMImageElem`, `TIMFileElem`, `TIMVideoFileElem`,
//! `TIMRelayElem`) has its own content type; an element of any other type is kept as
//! received ([`UnknownElem`]), so a new element type from Tencent never fails a callback.
//!
//! # What is normalised when a body is written back
//!
//! A message body serialises to the JSON it was read from, field for field: nothing is
//! dropped, nothing invented (a field absent on the wire stays absent). The exceptions are
//! the lenient values, written in their documented types: a number sent as a string (the
//! `EventTime` of every group body, `"1670574414123"`) is written as a number, a coordinate
//! sent as an integer or a string is written as a fractional number (`114` → `114.0`), and a
//! field with two spellings is written under the documented one (`GroupId` of a push result
//! as `GroupID`, `SdkAppid` and `MsgId` of a moderation result as `SdkAppId` and `MsgID`,
//! `fileName` as `FileName`). Kept JSON (unknown fields and element contents) is written
//! without the whitespace between its tokens.

mod body;
mod element;
mod elems;
mod extension;
pub(crate) mod number;
mod rewrite;

pub use body::MsgBody;
pub use element::{MsgContent, MsgElement, MsgType, TypedElem};
pub use elems::{
    CustomElem, FaceElem, FileElem, ImageElem, ImageFormat, ImageInfo, ImageSize, LocationElem,
    RelayElem, RelayMsg, SoundElem, TextElem, UnknownElem, VideoFileElem,
};
pub use extension::{ExtensionOperation, MsgExtension};
pub use rewrite::{CodeOutOfRange, Rewrite};
