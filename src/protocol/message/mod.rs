//! The message model shared by the C2C, group, Official Account and chatbot callbacks: the
//! body (`MsgBody`) and its element types, message extensions, and what a before-send reply
//! may do beyond allow, reject and discard ([`Rewrite`]).
//!
//! Every documented element type (`TIMTextElem`, `TIMLocationElem`, `TIMFaceElem`,
//! `TIMCustomElem`, `TIMSoundElem`, `TIMImageElem`, `TIMFileElem`, `TIMVideoFileElem`,
//! `TIMRelayElem`) has its own content type; an element of any other type is kept as
//! received ([`UnknownElem`]), so a new element type from Tencent never fails a callback.

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
