//! [`IntoReply`]: what a handler may return, and how it becomes Tencent's JSON reply.

use std::convert::Infallible;
use std::fmt;

use http::{Response, StatusCode};

use crate::layer::Rejection;
use crate::protocol::command::Command;
use crate::protocol::event::BodyError;
use crate::protocol::reply::{Reply, TypedReply};
use crate::response::{render_body, ReplyBody};

/// Turns a handler's result into a [`Reply`] and the HTTP status to send it with.
///
/// Implemented for `()` (OK), [`Reply`], every before-callback's typed reply,
/// `Result<T, E>` where both sides implement it, `(StatusCode, T)`, this crate's errors, and
/// `Box<dyn Error + Send + Sync>` (a generic 500 FAIL reply that does not repeat the error's
/// message; the message is logged through `tracing` instead), so that `?` works on any error
/// in a handler. Implement it for your own error types to
/// choose their `ErrorCode` and `ErrorInfo`:
///
/// ```
/// use tencent_im_callback::{IntoReply, Reply};
///
/// enum AppError {
///     Database,
/// }
///
/// impl IntoReply for AppError {
///     fn into_reply(self) -> Reply {
///         match self {
///             AppError::Database => Reply::fail(5001, "storage unavailable"),
///         }
///     }
/// }
///
/// let result: Result<(), AppError> = Err(AppError::Database);
/// assert_eq!(result.into_reply().error_code(), 5001);
/// ```
pub trait IntoReply {
    /// The HTTP status. The default, 200, is what Tencent expects: it reads the JSON.
    fn status(&self) -> StatusCode {
        StatusCode::OK
    }

    /// The reply.
    fn into_reply(self) -> Reply;

    /// The HTTP response: the status, `Content-Type: application/json` and the reply,
    /// rendered as every reply of the crate is (see [`response`](crate::response)).
    fn into_http_response(self) -> Response<ReplyBody>
    where
        Self: Sized,
    {
        let status = self.status();
        render_body(status, &self.into_reply(), None)
    }
}

impl<T: TypedReply> IntoReply for T {
    fn into_reply(self) -> Reply {
        self.into()
    }
}

impl IntoReply for () {
    fn into_reply(self) -> Reply {
        Reply::ok()
    }
}

impl IntoReply for Reply {
    fn into_reply(self) -> Reply {
        self
    }
}

impl IntoReply for Infallible {
    fn into_reply(self) -> Reply {
        match self {}
    }
}

impl<T: IntoReply, E: IntoReply> IntoReply for Result<T, E> {
    fn status(&self) -> StatusCode {
        match self {
            Ok(value) => value.status(),
            Err(error) => error.status(),
        }
    }

    fn into_reply(self) -> Reply {
        match self {
            Ok(value) => value.into_reply(),
            Err(error) => error.into_reply(),
        }
    }
}

impl<T: IntoReply> IntoReply for (StatusCode, T) {
    fn status(&self) -> StatusCode {
        self.0
    }

    fn into_reply(self) -> Reply {
        self.1.into_reply()
    }
}

/// A rejection's status and FAIL reply; its response is the one the layer sends (with
/// `Allow: POST` on a 405).
impl IntoReply for Rejection {
    fn status(&self) -> StatusCode {
        self.kind().status()
    }

    fn into_reply(self) -> Reply {
        self.reply()
    }
}

impl IntoReply for BodyError {
    fn status(&self) -> StatusCode {
        StatusCode::BAD_REQUEST
    }

    fn into_reply(self) -> Reply {
        Rejection::Body(self).reply()
    }
}

/// Why a handler could not run; each answers 500 with a FAIL reply.
///
/// | code  | reason |
/// |-------|--------|
/// | 50001 | no `Callback` in the request: the layer is not installed in front of the handler |
/// | 50002 | the handler takes one command's event and got another command |
/// | 50003 | the handler panicked |
/// | 50004 | the handler returned an error (`Box<dyn Error + Send + Sync>`) |
/// | 50005 | the callback was already taken from this request by another extractor |
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum HandlerError {
    /// The request has no `Callback` extension.
    LayerNotInstalled,
    /// The handler takes a typed event of another command.
    UnexpectedCommand(Command),
    /// The handler panicked. The panic is caught (`catch_unwind`); the panic hook still
    /// reports it.
    Panicked,
    /// The handler returned an error; its message is logged, not sent.
    Failed,
    /// The callback was already taken out of this request (extracted twice).
    AlreadyTaken,
}

impl HandlerError {
    /// The stable `ErrorCode`.
    pub fn error_code(&self) -> i64 {
        match self {
            HandlerError::LayerNotInstalled => 50001,
            HandlerError::UnexpectedCommand(_) => 50002,
            HandlerError::Panicked => 50003,
            HandlerError::Failed => 50004,
            HandlerError::AlreadyTaken => 50005,
        }
    }
}

impl fmt::Display for HandlerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HandlerError::LayerNotInstalled => f.write_str(
                "no verified callback on this request: install CallbackLayer on this route",
            ),
            HandlerError::UnexpectedCommand(command) => {
                write!(
                    f,
                    "this handler does not take `{}` callbacks",
                    command.for_message()
                )
            }
            HandlerError::Panicked => f.write_str("the callback handler panicked"),
            HandlerError::Failed => f.write_str("the callback handler failed"),
            HandlerError::AlreadyTaken => f.write_str(
                "the callback was already taken from this request: extract it once per request",
            ),
        }
    }
}

impl std::error::Error for HandlerError {}

impl IntoReply for HandlerError {
    fn status(&self) -> StatusCode {
        StatusCode::INTERNAL_SERVER_ERROR
    }

    fn into_reply(self) -> Reply {
        Reply::fail(self.error_code(), self.to_string())
    }
}

/// A handler's error as a generic 500 FAIL reply (code 50004). The error's message may hold
/// anything (a database URL, a user's data), so it is not sent: it is logged through
/// `tracing` (feature `tracing`) at ERROR.
impl IntoReply for Box<dyn std::error::Error + Send + Sync> {
    fn status(&self) -> StatusCode {
        StatusCode::INTERNAL_SERVER_ERROR
    }

    fn into_reply(self) -> Reply {
        crate::trace::handler_failed(&*self);
        HandlerError::Failed.into_reply()
    }
}
