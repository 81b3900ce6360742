//! The response future of [`CallbackService`](super::CallbackService): read the body within
//! the limit, then call the inner service.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{ready, Context, Poll};

use bytes::Bytes;
use http::{request::Parts, Request, Response};
use http_body::Body;
use http_body_util::Full;
use pin_project_lite::pin_project;
use tower_service::Service;

use super::body::CallbackBody;
use super::checks::{admit_body, read_failure, refuse, Head};
use super::config::Config;
use super::read::ReadBody;
use crate::trace::CallbackSpan;
use crate::BoxError;

pin_project! {
    /// The future returned by [`CallbackService`](super::CallbackService).
    pub struct ResponseFuture<S, B>
    where
        S: Service<Request<Full<Bytes>>>,
        B: Body,
        B::Error: Into<BoxError>,
    {
        #[pin]
        state: State<S, B>,
    }
}

pin_project! {
    #[project = StateProj]
    enum State<S, B>
    where
        S: Service<Request<Full<Bytes>>>,
        B: Body,
        B::Error: Into<BoxError>,
    {
        Rejected { response: Option<Response<Bytes>> },
        Reading { #[pin] body: ReadBody<B>, admitted: Option<Admitted<S>> },
        Calling { #[pin] future: S::Future, span: CallbackSpan },
    }
}

/// What passed the head checks and waits for the body: the readied inner service included.
struct Admitted<S> {
    parts: Parts,
    head: Head,
    service: S,
    config: Arc<Config>,
}

impl<S, B> ResponseFuture<S, B>
where
    S: Service<Request<Full<Bytes>>>,
    B: Body,
    B::Error: Into<BoxError>,
{
    pub(crate) fn rejected(response: Response<Bytes>) -> Self {
        ResponseFuture {
            state: State::Rejected {
                response: Some(response),
            },
        }
    }

    pub(crate) fn reading(
        parts: Parts,
        body: B,
        head: Head,
        service: S,
        config: Arc<Config>,
    ) -> Self {
        ResponseFuture {
            state: State::Reading {
                body: ReadBody::new(body, config.body_limit),
                admitted: Some(Admitted {
                    parts,
                    head,
                    service,
                    config,
                }),
            },
        }
    }
}

impl<S, B, ResBody> Future for ResponseFuture<S, B>
where
    S: Service<Request<Full<Bytes>>, Response = Response<ResBody>>,
    B: Body,
    B::Error: Into<BoxError>,
{
    type Output = Result<Response<CallbackBody<ResBody>>, S::Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        loop {
            let mut this = self.as_mut().project();
            match this.state.as_mut().project() {
                StateProj::Rejected { response } => {
                    let response = response.take().expect("future polled after completion");
                    return Poll::Ready(Ok(response.map(CallbackBody::rejection)));
                }
                StateProj::Reading { body, admitted } => {
                    let read = ready!(body.poll(cx));
                    let Admitted {
                        mut parts,
                        head,
                        mut service,
                        config,
                    } = admitted.take().expect("future polled after completion");
                    let admitted = read
                        .map_err(|error| read_failure(error, config.body_limit))
                        .and_then(|body| admit_body(&config, head, body));
                    let next = match admitted {
                        Ok(callback) => {
                            config.counters.count_accepted();
                            let span = CallbackSpan::new(&callback);
                            let body = Full::new(callback.raw_body().clone());
                            parts.extensions.insert(callback);
                            if let Some(hook) = &config.fail_hook {
                                parts.extensions.insert(hook.clone());
                            }
                            let request = Request::from_parts(parts, body);
                            State::Calling {
                                future: span.in_scope(|| service.call(request)),
                                span,
                            }
                        }
                        Err(rejection) => State::Rejected {
                            response: Some(refuse(&config, &rejection)),
                        },
                    };
                    this.state.set(next);
                }
                StateProj::Calling { future, span } => {
                    let response = ready!(span.in_scope(|| future.poll(cx)))?;
                    return Poll::Ready(Ok(response.map(CallbackBody::service)));
                }
            }
        }
    }
}

impl<S, B> std::fmt::Debug for ResponseFuture<S, B>
where
    S: Service<Request<Full<Bytes>>>,
    B: Body,
    B::Error: Into<BoxError>,
{
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = match &self.state {
            State::Rejected { .. } => "rejected",
            State::Reading { .. } => "reading the body",
            State::Calling { .. } => "calling the inner service",
        };
        f.debug_struct("ResponseFuture")
            .field("state", &state)
            .finish()
    }
}
