//! [`ReplyLayer`] and [`ReplyService`]: any tower service whose results become Tencent's
//! JSON reply.

use std::convert::Infallible;
use std::fmt;
use std::task::{Context, Poll};

use http::{Response, StatusCode};
use tower_layer::Layer;
use tower_service::Service;

use crate::handler::{IntoReply, ReplyFuture};
use crate::protocol::reply::Reply;
use crate::response::ReplyBody;

/// A [`Layer`] that turns any tower service's results into Tencent's reply; see
/// [`ReplyService`].
#[derive(Debug, Clone, Copy, Default)]
pub struct ReplyLayer;

impl<S> Layer<S> for ReplyLayer {
    type Service = ReplyService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        ReplyService::new(inner)
    }
}

/// Wraps a tower service whose response and error both implement [`IntoReply`], making a
/// service that answers every request with Tencent's JSON reply and never fails.
///
/// An error from the inner service's `poll_ready` is final, as tower has it: that call and
/// every later one are answered with the error's reply, and the inner service is not polled
/// again. A panic in the inner service becomes a 500 FAIL reply, as with [`handler_fn`](super::handler_fn).
///
/// ```
/// use std::convert::Infallible;
/// use tencent_im_callback::handler::ReplyService;
/// use tencent_im_callback::{Callback, Event, Reply};
/// use tower::ServiceExt;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let inner = tower::service_fn(|request: http::Request<()>| async move {
///     let known = request.extensions().get::<Callback<Event>>().is_some();
///     Ok::<_, Infallible>(if known { Reply::ok() } else { Reply::fail(1, "no callback") })
/// });
/// let response = ReplyService::new(inner).oneshot(http::Request::new(())).await.unwrap();
/// assert_eq!(response.status(), 200);
/// let body = http_body_util::BodyExt::collect(response.into_body()).await.unwrap().to_bytes();
/// assert_eq!(&body[..], br#"{"ActionStatus":"FAIL","ErrorInfo":"no callback","ErrorCode":1}"#);
/// # }
/// ```
pub struct ReplyService<S> {
    inner: S,
    /// Set when the inner service failed to become ready: the answer to every call since.
    failed: Option<(StatusCode, Reply)>,
}

impl<S> ReplyService<S> {
    /// Wraps `inner`.
    pub fn new(inner: S) -> Self {
        ReplyService {
            inner,
            failed: None,
        }
    }

    /// The inner service.
    pub fn get_ref(&self) -> &S {
        &self.inner
    }

    /// The inner service, mutable.
    pub fn get_mut(&mut self) -> &mut S {
        &mut self.inner
    }

    /// Takes the inner service out.
    pub fn into_inner(self) -> S {
        self.inner
    }
}

impl<S: Clone> Clone for ReplyService<S> {
    fn clone(&self) -> Self {
        ReplyService {
            inner: self.inner.clone(),
            failed: self.failed.clone(),
        }
    }
}

impl<S: fmt::Debug> fmt::Debug for ReplyService<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReplyService")
            .field("inner", &self.inner)
            .finish_non_exhaustive()
    }
}

impl<S, R> Service<R> for ReplyService<S>
where
    S: Service<R>,
    S::Response: IntoReply,
    S::Error: IntoReply,
{
    type Response = Response<ReplyBody>;
    type Error = Infallible;
    type Future = ReplyFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        if self.failed.is_none() {
            if let Err(error) = std::task::ready!(self.inner.poll_ready(cx)) {
                self.failed = Some((error.status(), error.into_reply()));
            }
        }
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: R) -> Self::Future {
        match &self.failed {
            Some((status, reply)) => ReplyFuture::ready((*status, reply.clone()), None),
            None => ReplyFuture::start(|| self.inner.call(request), None),
        }
    }
}
