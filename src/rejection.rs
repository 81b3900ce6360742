//! Why the layer refused a request: the HTTP status, a stable error code and a message.

use std::fmt;

use bytes::Bytes;
use http::{header, HeaderValue, Response, StatusCode};

use crate::{BodyError, BodyErrorKind, Command, QueryError, Reply, SignatureError};

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
/// ```
/// use tencent_im_callback::Rejection;
///
/// let rejection = Rejection::UnknownAppId(42);
/// assert_eq!(rejection.status().as_u16(), 403);
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
    /// Reading the body failed (the client went away, or the transport failed).
    BodyRead(String),
    /// The body could not be read as the command's event.
    Body(BodyError),
}

impl Rejection {
    /// The HTTP status of the rejection response.
    pub fn status(&self) -> StatusCode {
        match self {
            Rejection::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Rejection::Query(_) | Rejection::BodyRead(_) | Rejection::Body(_) => {
                StatusCode::BAD_REQUEST
            }
            Rejection::UnknownAppId(_) | Rejection::CommandNotAllowed(_) => StatusCode::FORBIDDEN,
            Rejection::Signature(_) => StatusCode::UNAUTHORIZED,
            Rejection::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Rejection::UnsupportedContentType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        }
    }

    /// The stable `ErrorCode` of the FAIL reply (see the table above).
    pub fn error_code(&self) -> i64 {
        match self {
            Rejection::MethodNotAllowed => 40501,
            Rejection::Query(_) => 40001,
            Rejection::UnknownAppId(_) => 40301,
            Rejection::CommandNotAllowed(_) => 40302,
            Rejection::Signature(error) => match error {
                SignatureError::MissingSign | SignatureError::MissingRequestTime => 40101,
                SignatureError::Expired { .. } | SignatureError::FromTheFuture { .. } => 40102,
                SignatureError::Malformed => 40103,
                SignatureError::Mismatch => 40104,
            },
            Rejection::PayloadTooLarge { .. } => 41301,
            Rejection::UnsupportedContentType => 41501,
            Rejection::BodyRead(_) => 40002,
            Rejection::Body(error) => match error.kind() {
                BodyErrorKind::Syntax => 40003,
                BodyErrorKind::CommandMismatch => 40005,
                BodyErrorKind::Data => 40004,
            },
        }
    }

    /// The FAIL reply: `{"ActionStatus":"FAIL","ErrorInfo":<message>,"ErrorCode":<code>}`.
    pub fn reply(&self) -> Reply {
        Reply::fail(self.error_code(), self.to_string())
    }

    /// The default rejection response: the status, `Content-Type: application/json`, the FAIL
    /// reply as body, and `Allow: POST` for a wrong method.
    pub fn to_response(&self) -> Response<Bytes> {
        let mut response = Response::new(Bytes::from(self.reply().to_json()));
        *response.status_mut() = self.status();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        if *self == Rejection::MethodNotAllowed {
            headers.insert(header::ALLOW, HeaderValue::from_static("POST"));
        }
        response
    }
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
            Rejection::BodyRead(reason) => write!(f, "failed to read the body: {reason}"),
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
