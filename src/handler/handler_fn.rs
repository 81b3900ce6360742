//! [`handler_fn`]: an async function of a [`Callback`] as a tower service.

use std::convert::Infallible;
use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::task::{Context, Poll};

use http::{Request, Response};
use tower_service::Service;

use crate::handler::{HandlerError, IntoReply, ReplyFuture};
use crate::protocol::callback::Callback;
use crate::protocol::event::FromEvent;
use crate::response::{FailHook, ReplyBody};

/// Makes a tower service from an async function that takes a [`Callback`].
///
/// The function is `Fn`: the layer clones the service for each request, so state a handler
/// keeps must live behind an `Arc` (a counter, a channel sender, a connection pool).
///
/// `E` is [`Event`](crate::Event) for every command, or one typed body such as
/// [`room::CreateRoom`](crate::room::CreateRoom); another command is then answered OK, as
/// [`CommandRouter`](crate::CommandRouter) answers commands without a handler (route
/// several commands with the router). What the function returns
/// becomes the reply through [`IntoReply`]. The service never fails: a panic in the function
/// becomes a 500 FAIL reply (code 50003) through `catch_unwind`, and the panic hook still
/// reports it; with `panic = "abort"` the process aborts as usual.
///
/// ```
/// use tencent_im_callback::room::CreateRoom;
/// use tencent_im_callback::{handler_fn, Callback};
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
    type Response = Response<ReplyBody>;
    type Error = Infallible;
    type Future = ReplyFuture<Fut>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, mut request: Request<B>) -> Self::Future {
        let hook = request.extensions().get::<FailHook>().cloned();
        match Callback::<E>::take_from(request.extensions_mut()) {
            Ok(callback) => ReplyFuture::start(|| (self.function)(callback), hook),
            // Another command than this handler's: answered as the router answers commands
            // nobody handles.
            Err(HandlerError::UnexpectedCommand(_)) => ReplyFuture::ready((), hook),
            Err(error) => ReplyFuture::ready(error, hook),
        }
    }
}
