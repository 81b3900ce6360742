//! Receive Tencent Cloud IM and TUIRoomKit third-party callbacks in any tower stack.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

#[cfg(feature = "axum")]
mod axum;
mod body;
mod callback;
mod command;
mod config;
mod event;
mod future;
mod handler;
mod into_reply;
mod layer;
mod pipeline;
mod platform;
mod query;
mod rejection;
mod reply;
mod reply_future;
mod router;
mod sign;
mod trace;

#[cfg(feature = "test-util")]
#[cfg_attr(docsrs, doc(cfg(feature = "test-util")))]
pub mod test_util;

pub use body::CallbackBody;
pub use callback::Callback;
pub use command::Command;
pub use config::{CallbackLayerBuilder, ConfigError, DEFAULT_BODY_LIMIT};
pub use event::{
    BodyError, BodyErrorKind, CreateRoom, DestroyRoom, Event, ExtraFields, FromEvent, MemberChange,
    MemberEnter, MemberLeave, RoomInfo, RoomStatus, RoomType, Seat, SeatInfoChanged, TakeSeatMode,
    UpdateRoomInfo,
};
pub use future::ResponseFuture;
pub use handler::{handler_fn, HandlerFn, ReplyLayer, ReplyService};
pub use into_reply::{HandlerError, IntoReply};
pub use layer::{CallbackLayer, CallbackService};
pub use platform::Platform;
pub use query::{CallbackQuery, QueryError};
pub use rejection::Rejection;
pub use reply::{ActionStatus, Reply};
pub use reply_future::ReplyFuture;
pub use router::{CommandEvent, CommandRouter, RouterFuture};
pub use sign::{
    sign, SignatureError, SignatureVerifier, Token, TokenError, DEFAULT_WINDOW, MAX_TOKEN_LEN,
};

/// The boxed error type of bodies and services, as in tower and http-body-util.
pub(crate) type BoxError = Box<dyn std::error::Error + Send + Sync>;
