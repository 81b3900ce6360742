//! Why the TRTC layer refused a request: the HTTP status, a stable code and a message.

use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use http::{header, HeaderValue, Response, StatusCode};

use super::error::{TrtcBodyError, TrtcBodyErrorKind};
use super::sign::TrtcSignatureError;
use super::values::UnixMillis;

/// Why [`TrtcLayer`](super::TrtcLayer) refused a request before the inner service ran.
///
/// The response has the status below, `Content-Type: application/json` and the body
/// `{"code":<code>,"message":"<why>"}` (`Allow: POST` too for a wrong method). TRTC ignores
/// reply bodies and only counts a 200 as delivered, so the body is for you: your logs, your
/// load balancer's, a `curl` by hand. Its `code` field is the one Tencent's suggested success
/// reply `{"code":0}` has, and a refusal's is never 0. Every refusal makes Tencent retry
/// (immediately, then every 10 s for a minute), which a genuine but broken body cannot
/// escape: fix the cause, do not answer 200.
///
/// In the order of the checks (the head first: no body is read before they pass):
///
/// | status | code  | reason |
/// |--------|-------|--------|
/// | 405    | 40501 | the method is not POST |
/// | 400    | 40001 | the `SdkAppId` header is missing, repeated, or not a decimal number |
/// | 403    | 40301 | `SdkAppId` is not one of the configured app ids |
/// | 401    | 40101 | the `Sign` header is missing (signed configuration) |
/// | 401    | 40103 | the `Sign` header is repeated, or not 44 characters of standard padded Base64 |
/// | 413    | 41301 | the body is larger than the limit (by `Content-Length`, or while reading) |
/// | 400    | 40002 | the body could not be read |
/// | 401    | 40104 | `Sign` matches no key configured for this app id |
/// | 400    | 40003 | the body is not valid JSON |
/// | 400    | 40004 | the body has the wrong shape (a wrong type, `EventGroupId` or `EventInfo` missing, a key twice) |
/// | 401    | 40105 | the body has no `CallbackTs` (or `CallbackMsTs`), so its age cannot be checked |
/// | 401    | 40102 | `CallbackTs` is outside the replay window |
///
/// ```
/// use tencent_im_callback::trtc::{TrtcRejection, TrtcSignatureError};
///
/// let rejection = TrtcRejection::Signature(TrtcSignatureError::Mismatch);
/// assert_eq!(rejection.status().as_u16(), 401);
/// assert_eq!(rejection.code(), 40104);
/// assert_eq!(
///     rejection.to_response().body().as_ref(),
///     br#"{"code":40104,"message":"header `Sign` matches no configured callback key"}"#
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TrtcRejection {
    /// The method is not POST.
    MethodNotAllowed,
    /// No `SdkAppId` header.
    MissingAppId,
    /// More than one `SdkAppId` header.
    RepeatedAppId,
    /// The `SdkAppId` header is not a decimal number.
    MalformedAppId,
    /// `SdkAppId` is not one of the configured app ids.
    UnknownAppId(u64),
    /// The `Sign` header is missing, malformed, or matches no key.
    Signature(TrtcSignatureError),
    /// The body is larger than the limit.
    PayloadTooLarge {
        /// The configured limit in bytes.
        limit: usize,
    },
    /// Reading the body failed (the client went away, or the transport failed).
    BodyRead(String),
    /// The body could not be read as a TRTC event.
    Body(TrtcBodyError),
    /// The body has no `CallbackTs` or `CallbackMsTs`.
    MissingCallbackTs,
    /// `CallbackTs` is further from now than the replay window.
    OutsideWindow {
        /// The body's `CallbackTs`.
        callback_ts: UnixMillis,
        /// The layer's clock when it checked.
        now: UnixMillis,
        /// The configured window.
        window: Duration,
    },
}

impl TrtcRejection {
    /// The HTTP status of the rejection response.
    pub fn status(&self) -> StatusCode {
        match self {
            TrtcRejection::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            TrtcRejection::MissingAppId
            | TrtcRejection::RepeatedAppId
            | TrtcRejection::MalformedAppId
            | TrtcRejection::BodyRead(_)
            | TrtcRejection::Body(_) => StatusCode::BAD_REQUEST,
            TrtcRejection::UnknownAppId(_) => StatusCode::FORBIDDEN,
            TrtcRejection::Signature(_)
            | TrtcRejection::MissingCallbackTs
            | TrtcRejection::OutsideWindow { .. } => StatusCode::UNAUTHORIZED,
            TrtcRejection::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
        }
    }

    /// The stable code of the response body (see the table above).
    pub fn code(&self) -> u32 {
        match self {
            TrtcRejection::MethodNotAllowed => 40501,
            TrtcRejection::MissingAppId
            | TrtcRejection::RepeatedAppId
            | TrtcRejection::MalformedAppId => 40001,
            TrtcRejection::UnknownAppId(_) => 40301,
            TrtcRejection::Signature(error) => match error {
                TrtcSignatureError::Missing => 40101,
                TrtcSignatureError::Mismatch => 40104,
                _ => 40103,
            },
            TrtcRejection::PayloadTooLarge { .. } => 41301,
            TrtcRejection::BodyRead(_) => 40002,
            TrtcRejection::Body(error) => match error.kind() {
                TrtcBodyErrorKind::Syntax => 40003,
                _ => 40004,
            },
            TrtcRejection::MissingCallbackTs => 40105,
            TrtcRejection::OutsideWindow { .. } => 40102,
        }
    }

    /// Whether this is the noise any public endpoint gets (a wrong method, no or someone
    /// else's app id) rather than something about a request that claims to be yours: logged
    /// at DEBUG rather than WARN with the `tracing` feature.
    #[cfg_attr(not(feature = "tracing"), allow(dead_code))]
    pub(crate) fn is_noise(&self) -> bool {
        matches!(
            self,
            TrtcRejection::MethodNotAllowed
                | TrtcRejection::MissingAppId
                | TrtcRejection::RepeatedAppId
                | TrtcRejection::MalformedAppId
                | TrtcRejection::UnknownAppId(_)
        )
    }

    /// The response: the status, `Content-Type: application/json`, the body
    /// `{"code":<code>,"message":"<why>"}`, and `Allow: POST` for a wrong method.
    pub fn to_response(&self) -> Response<Bytes> {
        let body = serde_json::json!({ "code": self.code(), "message": self.to_string() });
        let mut response = Response::new(Bytes::from(body.to_string()));
        *response.status_mut() = self.status();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        if *self == TrtcRejection::MethodNotAllowed {
            headers.insert(header::ALLOW, HeaderValue::from_static("POST"));
        }
        response
    }
}

impl fmt::Display for TrtcRejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TrtcRejection::MethodNotAllowed => f.write_str("TRTC callbacks are sent with POST"),
            TrtcRejection::MissingAppId => f.write_str("header `SdkAppId` is missing"),
            TrtcRejection::RepeatedAppId => {
                f.write_str("header `SdkAppId` is given more than once")
            }
            TrtcRejection::MalformedAppId => {
                f.write_str("header `SdkAppId` is not a decimal application id")
            }
            TrtcRejection::UnknownAppId(id) => {
                write!(f, "SdkAppId {id} is not configured for this endpoint")
            }
            TrtcRejection::Signature(error) => error.fmt(f),
            TrtcRejection::PayloadTooLarge { limit } => {
                write!(f, "body is larger than the limit of {limit} bytes")
            }
            TrtcRejection::BodyRead(reason) => write!(f, "failed to read the body: {reason}"),
            TrtcRejection::Body(error) => error.fmt(f),
            TrtcRejection::MissingCallbackTs => f.write_str(
                "body has neither `CallbackTs` nor `CallbackMsTs`: its age cannot be checked",
            ),
            TrtcRejection::OutsideWindow {
                callback_ts,
                now,
                window,
            } => {
                let (distance, direction) = if callback_ts <= now {
                    (now.0 - callback_ts.0, "in the past")
                } else {
                    (callback_ts.0 - now.0, "in the future")
                };
                write!(
                    f,
                    "`CallbackTs` is {:.3} s {direction}, outside the replay window of {} s",
                    distance as f64 / 1000.0,
                    window.as_secs_f64()
                )
            }
        }
    }
}

impl std::error::Error for TrtcRejection {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            TrtcRejection::Signature(error) => Some(error),
            TrtcRejection::Body(error) => Some(error),
            _ => None,
        }
    }
}

impl From<TrtcSignatureError> for TrtcRejection {
    fn from(error: TrtcSignatureError) -> Self {
        TrtcRejection::Signature(error)
    }
}

impl From<TrtcBodyError> for TrtcRejection {
    fn from(error: TrtcBodyError) -> Self {
        TrtcRejection::Body(error)
    }
}
