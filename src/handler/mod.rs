//! The handler side: functions and services whose results become Tencent's reply.
//!
//! - [`handler_fn`]: an async function of a [`Callback`](crate::Callback) as a service;
//! - [`CommandRouter`]: one handler per command on the one URL Tencent posts to, typed so
//!   that a before-callback's handler returns that command's reply;
//! - [`ReplyLayer`] / [`ReplyService`]: any tower service whose response and error are
//!   [`IntoReply`];
//! - [`IntoReply`]: what handlers may return, and [`HandlerError`]: why a handler could not
//!   run.

mod extract;
#[cfg(feature = "deadline")]
#[cfg_attr(docsrs, doc(cfg(feature = "deadline")))]
pub mod fallback;
mod handler_fn;
mod into_reply;
mod reply_for;
pub(crate) mod reply_future;
mod reply_service;
mod router;

pub use handler_fn::{handler_fn, HandlerFn};
pub use into_reply::{HandlerError, IntoReply};
pub use reply_for::ReplyFor;
pub use reply_future::ReplyFuture;
pub use reply_service::{ReplyLayer, ReplyService};
pub use router::{CommandRouter, RouterFuture};

pub use crate::protocol::reply::AnyReply;
#[cfg(feature = "deadline")]
pub use fallback::{FallbackLayer, FallbackService};
