//! The future shared by [`ReplyService`](crate::ReplyService) and
//! [`HandlerFn`](crate::HandlerFn): run the handler, catch a panic, answer with the reply.

use std::convert::Infallible;
use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use bytes::Bytes;
use http::Response;
use http_body_util::Full;
use pin_project_lite::pin_project;

use crate::{HandlerError, IntoReply};

pin_project! {
    /// Resolves to the HTTP response for a handler's result; never fails.
    pub struct ReplyFuture<F> {
        #[pin]
        state: State<F>,
    }
}

pin_project! {
    #[project = StateProj]
    enum State<F> {
        Ready { response: Option<Response<Full<Bytes>>> },
        Running { #[pin] future: F },
    }
}

impl<F> ReplyFuture<F> {
    pub(crate) fn running(future: F) -> Self {
        ReplyFuture {
            state: State::Running { future },
        }
    }

    pub(crate) fn ready(reply: impl IntoReply) -> Self {
        ReplyFuture {
            state: State::Ready {
                response: Some(reply.into_http_response()),
            },
        }
    }

    /// Calls `start`; a panic in it becomes a 500 FAIL reply instead of unwinding further.
    pub(crate) fn start(start: impl FnOnce() -> F) -> Self {
        match catch_unwind(AssertUnwindSafe(start)) {
            Ok(future) => ReplyFuture::running(future),
            Err(_) => ReplyFuture::ready(HandlerError::Panicked),
        }
    }
}

impl<F> Future for ReplyFuture<F>
where
    F: Future,
    F::Output: IntoReply,
{
    type Output = Result<Response<Full<Bytes>>, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut state = self.project().state;
        let response = match state.as_mut().project() {
            StateProj::Ready { response } => {
                response.take().expect("future polled after completion")
            }
            // A panic while polling is caught here: the handler's state is dropped with the
            // future and never polled again, which is what makes asserting unwind safety sound.
            StateProj::Running { future } => {
                match ready!(catch_unwind(AssertUnwindSafe(|| future.poll(cx)))
                    .map_or(Poll::Ready(Err(HandlerError::Panicked)), |poll| poll
                        .map(Ok),))
                {
                    Ok(output) => output.into_http_response(),
                    Err(panicked) => panicked.into_http_response(),
                }
            }
        };
        state.set(State::Ready { response: None });
        Poll::Ready(Ok(response))
    }
}

impl<F> std::fmt::Debug for ReplyFuture<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReplyFuture").finish_non_exhaustive()
    }
}
