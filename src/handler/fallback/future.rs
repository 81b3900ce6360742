//! The future of [`FallbackService`](super::FallbackService): the handler's future, raced
//! against its deadline, with a failed or late answer replaced by the fallback reply.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use http::Response;
use pin_project_lite::pin_project;
use tokio::time::{Instant, Sleep};

use super::counters::FallbackCounters;
use super::policy::{FallbackCause, Policy};
use crate::handler::reply_future::HandlerFailure;
use crate::protocol::command::Command;
use crate::response::{render_body, ReplyBody};

pin_project! {
    /// The future returned by [`FallbackService`](super::FallbackService).
    pub struct FallbackFuture<F> {
        #[pin]
        inner: F,
        // Made on the first poll that finds the handler not ready, so that a handler that
        // answers at once costs no timer.
        #[pin]
        timer: Option<Sleep>,
        deadline: Option<(Instant, Duration)>,
        command: Option<Command>,
        policy: Arc<Policy>,
        counters: FallbackCounters,
    }
}

impl<F> FallbackFuture<F> {
    pub(crate) fn new(
        inner: F,
        command: Option<Command>,
        policy: Arc<Policy>,
        counters: FallbackCounters,
    ) -> Self {
        let deadline = command
            .as_ref()
            .and_then(|command| policy.deadline_of(command))
            // The timer is tokio's: without a runtime there is no deadline.
            .filter(|_| tokio::runtime::Handle::try_current().is_ok())
            .map(|after| (Instant::now(), after));
        FallbackFuture {
            inner,
            timer: None,
            deadline,
            command,
            policy,
            counters,
        }
    }
}

impl<F, E> Future for FallbackFuture<F>
where
    F: Future<Output = Result<Response<ReplyBody>, E>>,
{
    type Output = Result<Response<ReplyBody>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut this = self.project();
        if let Poll::Ready(result) = this.inner.poll(cx) {
            let response = result?;
            let cause = match response.extensions().get::<HandlerFailure>() {
                None => return Poll::Ready(Ok(response)),
                Some(HandlerFailure::Failed) => FallbackCause::Error,
                Some(HandlerFailure::Panicked) => FallbackCause::Panic,
            };
            let fallback = fallback(this.command.as_ref(), this.policy, this.counters, cause);
            return Poll::Ready(Ok(fallback.unwrap_or(response)));
        }
        let Some((start, after)) = *this.deadline else {
            return Poll::Pending;
        };
        if this.timer.is_none() {
            this.timer
                .set(Some(tokio::time::sleep_until(start + after)));
        }
        if let Some(timer) = this.timer.as_pin_mut() {
            if timer.poll(cx).is_ready() {
                let cause = FallbackCause::Deadline;
                let fallback = fallback(this.command.as_ref(), this.policy, this.counters, cause);
                // A command without a fallback (an after-callback whose policy keeps the
                // handler's reply) still gets an answer in time.
                let response = fallback.unwrap_or_else(|| {
                    render_body(
                        http::StatusCode::SERVICE_UNAVAILABLE,
                        &crate::protocol::reply::Reply::fail(
                            50310,
                            "the handler did not answer within its deadline",
                        ),
                        None,
                    )
                });
                return Poll::Ready(Ok(response));
            }
        }
        Poll::Pending
    }
}

/// The fallback response for `cause`, counted and reported; `None` keeps the handler's.
fn fallback(
    command: Option<&Command>,
    policy: &Policy,
    counters: &FallbackCounters,
    cause: FallbackCause,
) -> Option<Response<ReplyBody>> {
    let command = command?;
    let (status, reply) = policy.fallback_of(command, cause)?;
    counters.count(cause);
    crate::trace::fallback(command, cause, &reply);
    Some(render_body(status, &reply, None))
}

impl<F> std::fmt::Debug for FallbackFuture<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FallbackFuture")
            .field("command", &self.command)
            .finish_non_exhaustive()
    }
}
