//! The future shared by [`ReplyService`](super::ReplyService),
//! [`HandlerFn`](super::HandlerFn) and [`CommandRouter`](super::CommandRouter): run the
//! handler, catch a panic, answer with the reply.

use std::convert::Infallible;
use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use http::Response;
use pin_project_lite::pin_project;

use crate::handler::{HandlerError, IntoReply};
use crate::response::{render_body, FailHook, ReplyBody};

pin_project! {
    /// Resolves to the HTTP response for a handler's result; never fails.
    pub struct ReplyFuture<F> {
        #[pin]
        state: State<F>,
        hook: Option<FailHook>,
    }
}

pin_project! {
    #[project = StateProj]
    enum State<F> {
        Ready { response: Option<Response<ReplyBody>> },
        Running { #[pin] future: F },
    }
}

impl<F> ReplyFuture<F> {
    pub(crate) fn ready(reply: impl IntoReply, hook: Option<FailHook>) -> Self {
        let response = respond(reply, hook.as_ref());
        ReplyFuture {
            state: State::Ready {
                response: Some(response),
            },
            hook: None,
        }
    }

    /// Calls `start`; a panic in it becomes a 500 FAIL reply instead of unwinding further.
    pub(crate) fn start(start: impl FnOnce() -> F, hook: Option<FailHook>) -> Self {
        match catch_unwind(AssertUnwindSafe(start)) {
            Ok(future) => ReplyFuture {
                state: State::Running { future },
                hook,
            },
            Err(_) => {
                let mut response = respond(HandlerError::Panicked, hook.as_ref());
                response.extensions_mut().insert(HandlerFailure::Panicked);
                ReplyFuture {
                    state: State::Ready {
                        response: Some(response),
                    },
                    hook: None,
                }
            }
        }
    }
}

fn respond(reply: impl IntoReply, hook: Option<&FailHook>) -> Response<ReplyBody> {
    let status = reply.status();
    let reply = reply.into_reply();
    let mut response = render_body(status, &reply, hook);
    if !reply.is_ok() {
        response.extensions_mut().insert(HandlerFailure::Failed);
    }
    response
}

/// Marks a response whose handler failed (a FAIL reply) or panicked, for the
/// [`FallbackLayer`](crate::handler::FallbackLayer) to replace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HandlerFailure {
    Failed,
    Panicked,
}

impl<F> Future for ReplyFuture<F>
where
    F: Future,
    F::Output: IntoReply,
{
    type Output = Result<Response<ReplyBody>, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let mut state = this.state;
        let response = match state.as_mut().project() {
            StateProj::Ready { response } => {
                response.take().expect("future polled after completion")
            }
            // A panic while polling is caught here: the handler's state is dropped with the
            // future and never polled again, which is what makes asserting unwind safety sound.
            StateProj::Running { future } => {
                match ready!(catch_unwind(AssertUnwindSafe(|| future.poll(cx)))
                    .map_or(Poll::Ready(Err(HandlerError::Panicked)), |poll| poll
                        .map(Ok)))
                {
                    Ok(output) => respond(output, this.hook.as_ref()),
                    Err(panicked) => {
                        let mut response = respond(panicked, this.hook.as_ref());
                        response.extensions_mut().insert(HandlerFailure::Panicked);
                        response
                    }
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
