//! What a handler of a given command may return.

use crate::handler::IntoReply;
use crate::protocol::reply::{AnyReply, TypedReply};

/// Handler results that fit a command whose reply type is `R`
/// ([`CommandEvent::Reply`](crate::event::CommandEvent::Reply)).
///
/// After-callbacks (`R` = [`AnyReply`]) take anything that is [`IntoReply`]. A
/// before-callback takes only its typed reply, or a `Result` of it whose error is
/// [`IntoReply`] (the error becomes a FAIL reply, and Tencent applies its own default).
#[diagnostic::on_unimplemented(
    message = "this handler returns `{Self}`, which does not answer a command whose reply type is `{R}`",
    note = "a before-callback's handler returns its typed reply (or a `Result` of it); after-callbacks take anything that is `IntoReply`"
)]
pub trait ReplyFor<R> {}

impl<T: IntoReply> ReplyFor<AnyReply> for T {}

impl<R: TypedReply> ReplyFor<R> for R {}

impl<R: TypedReply, E: IntoReply> ReplyFor<R> for Result<R, E> {}
