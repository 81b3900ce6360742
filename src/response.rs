//! The one renderer of replies into HTTP responses, used by the layer (rejections) and the
//! handler side (handler results, handler errors, panics) alike, so that every reply the
//! crate sends has the same shape: the status, `Content-Type: application/json`, the reply
//! as the body, and `Allow: POST` on a 405.

use std::fmt;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use http::{header, response::Parts, HeaderMap, HeaderValue, Response, StatusCode};
use http_body::{Body, Frame, SizeHint};
use http_body_util::Full;

use crate::protocol::reply::{Reply, OK_JSON};

/// The body of every reply the crate renders: the reply's JSON, in one frame.
#[derive(Debug, Clone, Default)]
pub struct ReplyBody(Full<Bytes>);

impl ReplyBody {
    /// A body of these bytes.
    pub fn new(bytes: Bytes) -> ReplyBody {
        ReplyBody(Full::new(bytes))
    }
}

impl Body for ReplyBody {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        Pin::new(&mut self.get_mut().0).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.0.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.0.size_hint()
    }
}

/// Shapes every FAIL response the crate renders (rejections, handler errors, panics), for
/// example to answer them with 200 or to add a header. Set it with
/// [`CallbackLayerBuilder::map_fail_response`](crate::layer::CallbackLayerBuilder::map_fail_response).
#[derive(Clone)]
pub struct FailHook(Arc<HookFn>);

type HookFn = dyn Fn(&mut Parts, &Reply) + Send + Sync;

impl FailHook {
    pub(crate) fn new(hook: impl Fn(&mut Parts, &Reply) + Send + Sync + 'static) -> FailHook {
        FailHook(Arc::new(hook))
    }
}

impl fmt::Debug for FailHook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("FailHook")
    }
}

/// Renders a reply with its status. The plain OK reply is sent without serialising; a FAIL
/// reply goes through `hook` when there is one.
pub(crate) fn render(
    status: StatusCode,
    reply: &Reply,
    hook: Option<&FailHook>,
) -> Response<Bytes> {
    let bytes = if *reply == Reply::ok() {
        Bytes::from_static(OK_JSON)
    } else {
        Bytes::from(reply.to_json())
    };
    let mut response = Response::new(bytes);
    *response.status_mut() = status;
    let allow = status == StatusCode::METHOD_NOT_ALLOWED;
    // Sized for the headers it gets: an empty map grows to room for six on its first insert.
    let headers = response.headers_mut();
    *headers = HeaderMap::with_capacity(1 + usize::from(allow));
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    if allow {
        headers.insert(header::ALLOW, HeaderValue::from_static("POST"));
    }
    match hook {
        Some(FailHook(hook)) if !reply.is_ok() => {
            let (mut parts, body) = response.into_parts();
            hook(&mut parts, reply);
            Response::from_parts(parts, body)
        }
        _ => response,
    }
}

/// [`render`] with the crate's response body.
pub(crate) fn render_body(
    status: StatusCode,
    reply: &Reply,
    hook: Option<&FailHook>,
) -> Response<ReplyBody> {
    render(status, reply, hook).map(ReplyBody::new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_405_says_which_method_to_use() {
        let response = render(StatusCode::METHOD_NOT_ALLOWED, &Reply::fail(1, "x"), None);
        assert_eq!(response.headers()[header::ALLOW], "POST");
        let response = render(StatusCode::OK, &Reply::ok(), None);
        assert!(response.headers().get(header::ALLOW).is_none());
        assert_eq!(response.body().as_ref(), OK_JSON);
    }

    #[test]
    fn the_hook_shapes_fail_replies_only() {
        let hook = FailHook::new(|parts, _| parts.status = StatusCode::OK);
        let fail = render(StatusCode::BAD_REQUEST, &Reply::fail(1, "x"), Some(&hook));
        assert_eq!(fail.status(), StatusCode::OK);
        let rejected = render(StatusCode::IM_A_TEAPOT, &Reply::reject(), Some(&hook));
        assert_eq!(rejected.status(), StatusCode::IM_A_TEAPOT);
    }
}
