//! [`IntoReply`]: what a handler may return, and how it becomes Tencent's JSON reply.

use std::convert::Infallible;
use std::fmt;

use bytes::Bytes;
use http::{header, HeaderValue, Response, StatusCode};
use http_body_util::Full;

use crate::reply::OK_JSON;
use crate::{BodyError, Command, Rejection, Reply};

/// Turns a handler's result into a [`Reply`] and the HTTP status to send it with.
///
/// Implemented for `()` (OK), [`Reply`], `Result<T, E>` where both sides implement it,
/// `(StatusCode, T)`, and this crate's errors. Implement it for your own error types to
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

    /// The HTTP response: the status, `Content-Type: application/json` and the reply.
    fn into_http_response(self) -> Response<Full<Bytes>>
    where
        Self: Sized,
    {
        let status = self.status();
        reply_response(status, &self.into_reply())
    }
}

/// A reply as an HTTP response; the plain OK reply is sent without serialising.
pub(crate) fn reply_response(status: StatusCode, reply: &Reply) -> Response<Full<Bytes>> {
    let bytes = if *reply == Reply::ok() {
        Bytes::from_static(OK_JSON)
    } else {
        Bytes::from(reply.to_json())
    };
    let mut response = Response::new(Full::new(bytes));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
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

impl IntoReply for Rejection {
    fn status(&self) -> StatusCode {
        Rejection::status(self)
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
}

impl HandlerError {
    /// The stable `ErrorCode`.
    pub fn error_code(&self) -> i64 {
        match self {
            HandlerError::LayerNotInstalled => 50001,
            HandlerError::UnexpectedCommand(_) => 50002,
            HandlerError::Panicked => 50003,
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
