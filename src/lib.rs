//! Receive Tencent Cloud IM and TUIRoomKit third-party callbacks in any tower stack.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

mod callback;
mod command;
mod event;
mod platform;
mod query;
mod reply;
mod sign;

pub use callback::Callback;
pub use command::Command;
pub use event::{
    BodyError, BodyErrorKind, CreateRoom, DestroyRoom, Event, ExtraFields, FromEvent, MemberChange,
    MemberEnter, MemberLeave, RoomInfo, RoomStatus, RoomType, Seat, SeatInfoChanged, TakeSeatMode,
    UpdateRoomInfo,
};
pub use platform::Platform;
pub use query::{CallbackQuery, QueryError};
pub use reply::{ActionStatus, Reply};
pub use sign::{
    sign, SignatureError, SignatureVerifier, Token, TokenError, DEFAULT_WINDOW, MAX_TOKEN_LEN,
};
