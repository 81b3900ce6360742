//! The root names of release 0.1 that moved into modules, kept as deprecated aliases so that
//! code written for 0.1 still compiles (with a warning saying where each name went). Traits
//! and re-exported functions cannot be aliased; the CHANGELOG lists those moves.
#![allow(missing_docs)]

macro_rules! moved {
    ($($name:ident => $note:literal $($path:ident)::+,)*) => {
        $(
            #[deprecated(since = "0.2.0", note = $note)]
            #[doc = concat!("Moved to [`", stringify!($($path)::+), "`](crate::", stringify!($($path)::+), ").")]
            pub type $name = crate::$($path)::+;
        )*
    };
}

moved! {
    CallbackLayerBuilder => "moved to `layer::CallbackLayerBuilder`" layer::CallbackLayerBuilder,
    ConfigError => "moved to `layer::ConfigError`" layer::ConfigError,
    CreateRoom => "moved to `room::CreateRoom`" room::CreateRoom,
    DestroyRoom => "moved to `room::DestroyRoom`" room::DestroyRoom,
    UpdateRoomInfo => "moved to `room::UpdateRoomInfo`" room::UpdateRoomInfo,
    MemberEnter => "moved to `room::MemberEnter`" room::MemberEnter,
    MemberLeave => "moved to `room::MemberLeave`" room::MemberLeave,
    MemberChange => "moved to `room::MemberChange`" room::MemberChange,
    RoomInfo => "moved to `room::RoomInfo`" room::RoomInfo,
    RoomStatus => "moved to `room::RoomStatus`" room::RoomStatus,
    RoomType => "moved to `room::RoomType`" room::RoomType,
    TakeSeatMode => "moved to `room::TakeSeatMode`" room::TakeSeatMode,
    Seat => "moved to `mic::Seat`" mic::Seat,
    SeatInfoChanged => "moved to `mic::SeatInfoChanged`" mic::SeatInfoChanged,
    BodyError => "moved to `event::BodyError`" event::BodyError,
    BodyErrorKind => "moved to `event::BodyErrorKind`" event::BodyErrorKind,
    ExtraFields => "moved to `event::ExtraFields`" event::ExtraFields,
    HandlerError => "moved to `handler::HandlerError`" handler::HandlerError,
    Platform => "moved to `query::Platform`" query::Platform,
    CallbackQuery => "moved to `query::CallbackQuery`" query::CallbackQuery,
    QueryError => "moved to `query::QueryError`" query::QueryError,
    ActionStatus => "moved to `reply::ActionStatus`" reply::ActionStatus,
    SignatureError => "moved to `sign::SignatureError`" sign::SignatureError,
    SignatureVerifier => "moved to `sign::SignatureVerifier`" sign::SignatureVerifier,
    Token => "moved to `sign::Token`" sign::Token,
    TokenError => "moved to `sign::TokenError`" sign::TokenError,
}

/// Moved to [`handler::ReplyService`](crate::handler::ReplyService).
#[deprecated(since = "0.2.0", note = "moved to `handler::ReplyService`")]
pub type ReplyService<S> = crate::handler::ReplyService<S>;
/// Moved to [`layer::CallbackService`](crate::layer::CallbackService).
#[deprecated(since = "0.2.0", note = "moved to `layer::CallbackService`")]
pub type CallbackService<S> = crate::layer::CallbackService<S>;
/// Moved to [`layer::ResponseFuture`](crate::layer::ResponseFuture).
#[deprecated(since = "0.2.0", note = "moved to `layer::ResponseFuture`")]
pub type ResponseFuture<S, B> = crate::layer::ResponseFuture<S, B>;
/// Moved to [`handler::ReplyFuture`](crate::handler::ReplyFuture).
#[deprecated(since = "0.2.0", note = "moved to `handler::ReplyFuture`")]
pub type ReplyFuture<F> = crate::handler::ReplyFuture<F>;
/// Moved to [`handler::HandlerFn`](crate::handler::HandlerFn).
#[deprecated(since = "0.2.0", note = "moved to `handler::HandlerFn`")]
pub type HandlerFn<F, E> = crate::handler::HandlerFn<F, E>;
/// Moved to [`handler::RouterFuture`](crate::handler::RouterFuture).
#[deprecated(since = "0.2.0", note = "moved to `handler::RouterFuture`")]
pub type RouterFuture = crate::handler::RouterFuture;

/// Moved to [`layer::DEFAULT_BODY_LIMIT`](crate::layer::DEFAULT_BODY_LIMIT).
#[deprecated(since = "0.2.0", note = "moved to `layer::DEFAULT_BODY_LIMIT`")]
pub const DEFAULT_BODY_LIMIT: usize = crate::layer::DEFAULT_BODY_LIMIT;
/// Moved to [`sign::DEFAULT_WINDOW`](crate::sign::DEFAULT_WINDOW).
#[deprecated(since = "0.2.0", note = "moved to `sign::DEFAULT_WINDOW`")]
pub const DEFAULT_WINDOW: std::time::Duration = crate::sign::DEFAULT_WINDOW;
/// Moved to [`sign::MAX_TOKEN_LEN`](crate::sign::MAX_TOKEN_LEN).
#[deprecated(since = "0.2.0", note = "moved to `sign::MAX_TOKEN_LEN`")]
pub const MAX_TOKEN_LEN: usize = crate::sign::MAX_TOKEN_LEN;

/// Moved to [`sign::sign`](crate::sign::sign).
#[deprecated(since = "0.2.0", note = "moved to `sign::sign`")]
pub fn sign(token: &crate::sign::Token, request_time: u64) -> String {
    crate::sign::sign(token, request_time)
}
/// Moved to [`layer::CallbackBody`](crate::layer::CallbackBody).
#[deprecated(since = "0.2.0", note = "moved to `layer::CallbackBody`")]
pub type CallbackBody<B> = crate::layer::CallbackBody<B>;
