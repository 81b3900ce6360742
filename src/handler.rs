//! The reply wrapper: handlers and services whose results become Tencent's JSON reply.

use std::convert::Infallible;
use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::task::{Context, Poll};

use bytes::Bytes;
use http::{Request, Response, StatusCode};
use http_body_util::Full;
use tower_layer::Layer;
use tower_service::Service;

use crate::event::FromEvent;
use crate::{Callback, IntoReply, Reply, ReplyFuture};

/// Makes a tower service from an async function that takes a [`Callback`].
///
/// The function is `Fn`: the layer clones the service for each request, so state a handler
/// keeps must live behind an `Arc` (a counter, a channel sender, a connection pool).
///
/// `E` is [`Event`](crate::Event) for every command, or one typed event such as
/// [`CreateRoom`](crate::CreateRoom) (another command then gets a 500 FAIL reply: route
/// commands with [`CommandRouter`](crate::CommandRouter) instead). What the function returns
/// becomes the reply through [`IntoReply`]. The service never fails: a panic in the function
/// becomes a 500 FAIL reply (code 50003) through `catch_unwind`, and the panic hook still
/// reports it; with `panic = "abort"` the process aborts as usual.
///
/// ```
/// use tencent_im_callback::{handler_fn, Callback, CreateRoom};
///
/// let service = handler_fn(|cb: Callback<CreateRoom>| async move {
///     println!("room {:?} created", cb.event().room_info.room_id);
/// });
/// # let _ = service;
/// ```
pub fn handler_fn<F, Fut, E>(function: F) -> HandlerFn<F, E>
where
    F: Fn(Callback<E>) -> Fut,
    Fut: Future,
    Fut::Output: IntoReply,
    E: FromEvent,
{
    HandlerFn {
        function,
        event: PhantomData,
    }
}

/// The service made by [`handler_fn`].
pub struct HandlerFn<F, E> {
    function: F,
    event: PhantomData<fn() -> E>,
}

impl<F: Clone, E> Clone for HandlerFn<F, E> {
    fn clone(&self) -> Self {
        HandlerFn {
            function: self.function.clone(),
            event: PhantomData,
        }
    }
}

impl<F, E> fmt::Debug for HandlerFn<F, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HandlerFn")
            .field("event", &std::any::type_name::<E>())
            .finish_non_exhaustive()
    }
}

impl<F, Fut, E, B> Service<Request<B>> for HandlerFn<F, E>
where
    F: Fn(Callback<E>) -> Fut,
    Fut: Future,
    Fut::Output: IntoReply,
    E: FromEvent,
{
    type Response = Response<Full<Bytes>>;
    type Error = Infallible;
    type Future = ReplyFuture<Fut>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, mut request: Request<B>) -> Self::Future {
        match Callback::<E>::take_from(request.extensions_mut()) {
            Ok(callback) => ReplyFuture::start(|| (self.function)(callback)),
            Err(error) => ReplyFuture::ready(error),
        }
    }
}

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
/// again. A panic in the inner service becomes a 500 FAIL reply, as with [`handler_fn`].
///
/// ```
/// use std::convert::Infallible;
/// use tencent_im_callback::{Callback, Event, Reply, ReplyService};
///
/// let inner = tower::service_fn(|request: http::Request<http_body_util::Full<bytes::Bytes>>| async move {
///     let known = request.extensions().get::<Callback<Event>>().is_some();
///     Ok::<_, Infallible>(if known { Reply::ok() } else { Reply::fail(1, "no callback") })
/// });
/// let service = ReplyService::new(inner);
/// # let _ = service;
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
    type Response = Response<Full<Bytes>>;
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
            Some((status, reply)) => ReplyFuture::ready((*status, reply.clone())),
            None => ReplyFuture::start(|| self.inner.call(request)),
        }
    }
}
