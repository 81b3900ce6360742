//! Why the layer refused a request: the HTTP status, a stable error code and a message.

use std::fmt;

use bytes::Bytes;
use http::{Response, StatusCode};

use crate::protocol::command::Command;
use crate::protocol::event::{BodyError, BodyErrorKind};
use crate::protocol::query::QueryError;
use crate::protocol::reply::Reply;
use crate::protocol::sign::SignatureError;
use crate::response::render;

/// Why [`CallbackLayer`](crate::CallbackLayer) refused a request before the handler ran.
///
/// Each reason has its own HTTP status and its own stable, non-zero `ErrorCode` (the status
/// times 100 plus a number), sent in a FAIL reply:
///
/// | status | code  | reason |
/// |--------|-------|--------|
/// | 405    | 40501 | the method is not POST |
/// | 400    | 40001 | the URL query is malformed ([`QueryError`]) |
/// | 403    | 40301 | `SdkAppid` is not one of the configured app ids |
/// | 403    | 40302 | `CallbackCommand` is not among the allowed commands |
/// | 401    | 40101 | `Sign` or `RequestTime` is missing while a token is configured |
/// | 401    | 40102 | `RequestTime` is outside the window |
/// | 401    | 40103 | `Sign` is not 64 hexadecimal characters |
/// | 401    | 40104 | `Sign` matches no configured token |
/// | 413    | 41301 | the body is larger than the limit |
/// | 415    | 41501 | the `contenttype` parameter is not `json` |
/// | 400    | 40002 | the body could not be read |
/// | 400    | 40003 | the body is not valid JSON |
/// | 400    | 40004 | the body has the wrong shape for its command |
/// | 400    | 40005 | the body's `CallbackCommand` differs from the query's |
///
/// A body that is valid JSON is never called "not valid JSON": a value of the wrong type, a
/// number too large for its field, a lone UTF-16 surrogate escape (refused wherever it
/// stands) and nesting past [`NESTING_LIMIT`](crate::event::NESTING_LIMIT) where a modelled
/// value stands are all 40004.
///
/// ```
/// use tencent_im_callback::layer::RejectionKind;
/// use tencent_im_callback::{IntoReply, Rejection};
///
/// let rejection = Rejection::UnknownAppId(42);
/// assert_eq!(rejection.status().as_u16(), 403);
/// assert_eq!(rejection.kind(), RejectionKind::UnknownAppId);
/// assert_eq!(rejection.error_code(), 40301);
/// assert_eq!(rejection.reply().error_info(), "SdkAppid 42 is not configured for this endpoint");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rejection {
    /// The method is not POST.
    MethodNotAllowed,
    /// The URL query is malformed.
    Query(QueryError),
    /// `SdkAppid` is not one of the configured app ids.
    UnknownAppId(u64),
    /// The command is not among the allowed commands.
    CommandNotAllowed(Command),
    /// The signature check failed.
    Signature(SignatureError),
    /// The body is larger than the limit (by `Content-Length` or while reading).
    PayloadTooLarge {
        /// The configured limit in bytes.
        limit: usize,
    },
    /// The `contenttype` query parameter is present and is not `json`.
    UnsupportedContentType,
    /// Reading the body failed (the client went away, or the transport failed); the
    /// transport's error is kept as the [`source`](std::error::Error::source).
    BodyRead(BodyReadError),
    /// The body could not be read as the command's event.
    Body(BodyError),
}

impl Rejection {
    /// The reason, without its details: what the layer counts.
    pub fn kind(&self) -> RejectionKind {
        match self {
            Rejection::MethodNotAllowed => RejectionKind::MethodNotAllowed,
            Rejection::Query(_) => RejectionKind::Query,
            Rejection::UnknownAppId(_) => RejectionKind::UnknownAppId,
            Rejection::CommandNotAllowed(_) => RejectionKind::CommandNotAllowed,
            Rejection::Signature(error) => match error {
                SignatureError::MissingSign | SignatureError::MissingRequestTime => {
                    RejectionKind::SignatureMissing
                }
                SignatureError::Expired { .. } | SignatureError::FromTheFuture { .. } => {
                    RejectionKind::SignatureExpired
                }
                SignatureError::Malformed => RejectionKind::SignatureMalformed,
                _ => RejectionKind::SignatureMismatch,
            },
            Rejection::PayloadTooLarge { .. } => RejectionKind::PayloadTooLarge,
            Rejection::UnsupportedContentType => RejectionKind::UnsupportedContentType,
            Rejection::BodyRead(_) => RejectionKind::BodyRead,
            Rejection::Body(error) => match error.kind() {
                BodyErrorKind::Syntax => RejectionKind::BodySyntax,
                BodyErrorKind::CommandMismatch => RejectionKind::CommandMismatch,
                _ => RejectionKind::BodyShape,
            },
        }
    }

    /// The stable `ErrorCode` of the FAIL reply (see the table above).
    pub fn error_code(&self) -> i64 {
        self.kind().error_code()
    }

    /// The FAIL reply: `{"ActionStatus":"FAIL","ErrorInfo":<message>,"ErrorCode":<code>}`.
    pub fn reply(&self) -> Reply {
        Reply::fail(self.error_code(), self.to_string())
    }

    /// The default rejection response: the status, `Content-Type: application/json`, the FAIL
    /// reply as body, and `Allow: POST` for a wrong method, rendered as every reply of the
    /// crate is.
    pub fn to_response(&self) -> Response<Bytes> {
        render(self.kind().status(), &self.reply(), None)
    }

    /// Whether the request proved it came from Tencent (or no token is required) before it
    /// was refused: such a refusal drops genuine traffic, and Tencent applies its own
    /// default to it.
    pub fn after_authentication(&self) -> bool {
        self.kind().after_authentication()
    }
}

macro_rules! rejection_kinds {
    ($($(#[$doc:meta])* $kind:ident = $status:ident, $code:literal, $authenticated:literal;)*) => {
        /// Why the layer refused a request, without the details: each has its own status and
        /// `ErrorCode`, and the layer counts each (see
        /// [`CallbackLayer::counters`](super::CallbackLayer::counters)).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum RejectionKind {
            $($(#[$doc])* $kind,)*
        }

        impl RejectionKind {
            /// Every kind, in the order of the table on [`Rejection`].
            pub const ALL: &'static [RejectionKind] = &[$(RejectionKind::$kind,)*];

            /// The HTTP status.
            pub fn status(self) -> StatusCode {
                match self {
                    $(RejectionKind::$kind => StatusCode::$status,)*
                }
            }

            /// The stable `ErrorCode`.
            pub fn error_code(self) -> i64 {
                match self {
                    $(RejectionKind::$kind => $code,)*
                }
            }

            /// Whether a request refused for this reason had passed authentication.
            pub fn after_authentication(self) -> bool {
                match self {
                    $(RejectionKind::$kind => $authenticated,)*
                }
            }
        }
    };
}

rejection_kinds! {
    /// 40501: the method is not POST.
    MethodNotAllowed = METHOD_NOT_ALLOWED, 40501, false;
    /// 40001: the URL query is malformed.
    Query = BAD_REQUEST, 40001, false;
    /// 40301: `SdkAppid` is not configured.
    UnknownAppId = FORBIDDEN, 40301, false;
    /// 40302: the command is not allowed.
    CommandNotAllowed = FORBIDDEN, 40302, false;
    /// 40101: `Sign` or `RequestTime` is missing.
    SignatureMissing = UNAUTHORIZED, 40101, false;
    /// 40102: `RequestTime` is outside the window.
    SignatureExpired = UNAUTHORIZED, 40102, false;
    /// 40103: `Sign` is not 64 hexadecimal characters.
    SignatureMalformed = UNAUTHORIZED, 40103, false;
    /// 40104: `Sign` matches no token.
    SignatureMismatch = UNAUTHORIZED, 40104, false;
    /// 41301: the body is larger than the limit.
    PayloadTooLarge = PAYLOAD_TOO_LARGE, 41301, true;
    /// 41501: `contenttype` is not `json`.
    UnsupportedContentType = UNSUPPORTED_MEDIA_TYPE, 41501, true;
    /// 40002: the body could not be read.
    BodyRead = BAD_REQUEST, 40002, true;
    /// 40003: the body is not valid JSON.
    BodySyntax = BAD_REQUEST, 40003, true;
    /// 40004: the body has the wrong shape for its command.
    BodyShape = BAD_REQUEST, 40004, true;
    /// 40005: the body's `CallbackCommand` differs from the query's.
    CommandMismatch = BAD_REQUEST, 40005, true;
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rejection::MethodNotAllowed => f.write_str("Tencent callbacks are sent with POST"),
            Rejection::Query(error) => error.fmt(f),
            Rejection::UnknownAppId(id) => {
                write!(f, "SdkAppid {id} is not configured for this endpoint")
            }
            Rejection::CommandNotAllowed(command) => {
                write!(
                    f,
                    "CallbackCommand `{}` is not accepted by this endpoint",
                    command.for_message()
                )
            }
            Rejection::Signature(error) => error.fmt(f),
            Rejection::PayloadTooLarge { limit } => {
                write!(f, "body is larger than the limit of {limit} bytes")
            }
            Rejection::UnsupportedContentType => {
                f.write_str("query parameter `contenttype` must be `json`")
            }
            Rejection::BodyRead(error) => write!(f, "failed to read the body: {error}"),
            Rejection::Body(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for Rejection {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Rejection::Query(error) => Some(error),
            Rejection::Signature(error) => Some(error),
            Rejection::Body(error) => Some(error),
            Rejection::BodyRead(error) => Some(error),
            _ => None,
        }
    }
}

impl From<QueryError> for Rejection {
    fn from(error: QueryError) -> Self {
        Rejection::Query(error)
    }
}

impl From<SignatureError> for Rejection {
    fn from(error: SignatureError) -> Self {
        Rejection::Signature(error)
    }
}

impl From<BodyError> for Rejection {
    fn from(error: BodyError) -> Self {
        Rejection::Body(error)
    }
}

/// Why the body could not be read: the transport's error, shared so that the rejection can
/// be cloned and compared (two are equal when their messages are).
#[derive(Debug, Clone)]
pub struct BodyReadError(std::sync::Arc<dyn std::error::Error + Send + Sync>);

impl BodyReadError {
    pub(crate) fn new(error: crate::BoxError) -> BodyReadError {
        BodyReadError(std::sync::Arc::from(error))
    }
}

impl fmt::Display for BodyReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for BodyReadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.0)
    }
}

impl PartialEq for BodyReadError {
    fn eq(&self, other: &Self) -> bool {
        self.to_string() == other.to_string()
    }
}

impl Eq for BodyReadError {}
