//! Answering TRTC callbacks: [`handler_fn`] runs an async function per verified callback and
//! turns what it returns into the reply Tencent expects.

use std::convert::Infallible;
use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use bytes::Bytes;
use http::{header, HeaderValue, Request, Response, StatusCode};
use http_body_util::Full;
use pin_project_lite::pin_project;
use tower_service::Service;

use super::callback::TrtcCallback;
use super::event::FromTrtcEvent;

/// The body of the success reply, Tencent's recommendation: `{"code":0}`.
pub const ACK_BODY: &str = r#"{"code":0}"#;

/// The longest message an error reply carries, in bytes: with the status line, the headers
/// and the JSON around it, the reply stays well within the 2,000 bytes Tencent allows a
/// whole response.
const MAX_MESSAGE: usize = 1024;

/// The success reply: HTTP 200 with `Content-Type: application/json` and `{"code":0}`.
///
/// TRTC only checks for a 200 within 5 seconds and ignores the body; `{"code":0}` is what it
/// suggests "for protocol friendliness". The whole response is about 70 bytes, well within
/// the 2,000 bytes Tencent allows. With the `axum` feature it is an axum response too.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TrtcAck;

impl TrtcAck {
    /// The reply as an HTTP response.
    pub fn to_response(self) -> Response<Full<Bytes>> {
        json_response(StatusCode::OK, Bytes::from_static(ACK_BODY.as_bytes()))
    }
}

fn json_response(status: StatusCode, body: Bytes) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(body));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

/// Why a handler did not acknowledge a callback; each answers HTTP 500 with
/// `{"code":<code>,"message":"<why>"}`, and Tencent retries.
///
/// | code  | reason |
/// |-------|--------|
/// | 50001 | no `TrtcCallback` in the request: [`TrtcLayer`](super::TrtcLayer) is not in front of the handler |
/// | 50002 | the handler takes one event type and got another |
/// | 50003 | the handler panicked |
/// | 50004 | the handler returned an error (its message follows, cut to 1 KiB) |
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TrtcHandlerError {
    /// The request has no `TrtcCallback` extension.
    LayerNotInstalled,
    /// The handler takes another event type.
    UnexpectedEvent {
        /// The callback's `EventGroupId`.
        event_group_id: u32,
        /// The callback's `EventType`.
        event_type: Option<u32>,
    },
    /// The handler panicked. The panic is caught (`catch_unwind`); the panic hook still
    /// reports it.
    Panicked,
    /// The handler returned an error; holds its message.
    Failed(String),
}

impl TrtcHandlerError {
    /// The stable code.
    pub fn code(&self) -> u32 {
        match self {
            TrtcHandlerError::LayerNotInstalled => 50001,
            TrtcHandlerError::UnexpectedEvent { .. } => 50002,
            TrtcHandlerError::Panicked => 50003,
            TrtcHandlerError::Failed(_) => 50004,
        }
    }

    /// The response: 500, `Content-Type: application/json`, `{"code","message"}`.
    pub fn to_response(&self) -> Response<Full<Bytes>> {
        let mut message = self.to_string();
        if message.len() > MAX_MESSAGE {
            let mut end = MAX_MESSAGE;
            while !message.is_char_boundary(end) {
                end -= 1;
            }
            message.truncate(end);
        }
        let body = serde_json::json!({ "code": self.code(), "message": message });
        json_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            Bytes::from(body.to_string()),
        )
    }
}

impl fmt::Display for TrtcHandlerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TrtcHandlerError::LayerNotInstalled => f.write_str(
                "no verified TRTC callback on this request: install TrtcLayer on this route",
            ),
            TrtcHandlerError::UnexpectedEvent {
                event_group_id,
                event_type,
            } => match event_type {
                Some(code) => write!(
                    f,
                    "this handler does not take TRTC event {event_group_id}/{code}"
                ),
                None => write!(
                    f,
                    "this handler does not take TRTC group {event_group_id} events without a code"
                ),
            },
            TrtcHandlerError::Panicked => f.write_str("the TRTC callback handler panicked"),
            TrtcHandlerError::Failed(message) => write!(f, "the handler failed: {message}"),
        }
    }
}

impl std::error::Error for TrtcHandlerError {}

/// What a [`handler_fn`] function may return: `()` or [`TrtcAck`] (200 `{"code":0}`), or a
/// `Result` of those and any error that is `Display` (an error answers 500 with its message,
/// and Tencent retries).
pub trait IntoTrtcResponse {
    /// The HTTP response.
    fn into_trtc_response(self) -> Response<Full<Bytes>>;
}

impl IntoTrtcResponse for () {
    fn into_trtc_response(self) -> Response<Full<Bytes>> {
        TrtcAck.to_response()
    }
}

impl IntoTrtcResponse for TrtcAck {
    fn into_trtc_response(self) -> Response<Full<Bytes>> {
        self.to_response()
    }
}

impl IntoTrtcResponse for TrtcHandlerError {
    fn into_trtc_response(self) -> Response<Full<Bytes>> {
        self.to_response()
    }
}

impl<T: IntoTrtcResponse, E: fmt::Display> IntoTrtcResponse for Result<T, E> {
    fn into_trtc_response(self) -> Response<Full<Bytes>> {
        match self {
            Ok(value) => value.into_trtc_response(),
            Err(error) => TrtcHandlerError::Failed(error.to_string()).to_response(),
        }
    }
}

/// Makes a tower service from an async function that takes a [`TrtcCallback`], to put
/// behind [`TrtcLayer`](super::TrtcLayer).
///
/// `E` is [`TrtcEvent`](super::TrtcEvent) for every event, one event type such as
/// [`EnterRoom`](super::room::EnterRoom), or
/// [`RecordingEvent`](super::recording::RecordingEvent); a callback of another type is
/// answered 500 (code 50002). What the function returns becomes the reply through
/// [`IntoTrtcResponse`]. The service never fails: a panic in the function becomes a 500 (code
/// 50003). The function is `Fn`: the layer clones the service per request, so keep shared
/// state behind an `Arc`.
///
/// Tencent waits 5 seconds for the 200; hand slow work to a queue and return at once.
///
/// ```
/// use tencent_im_callback::trtc::{handler_fn, recording::VodCommit, TrtcCallback};
///
/// let service = handler_fn(|cb: TrtcCallback<VodCommit>| async move {
///     let file = cb.event().payload.file();
///     match file.video_url {
///         Some(url) => {
///             println!("recorded: {url}");
///             Ok(())
///         }
///         None => Err(format!("no URL yet, status {:?}", cb.event().payload.status)),
///     }
/// });
/// # let _ = service;
/// ```
pub fn handler_fn<F, Fut, E>(function: F) -> TrtcHandlerFn<F, E>
where
    F: Fn(TrtcCallback<E>) -> Fut,
    Fut: Future,
    Fut::Output: IntoTrtcResponse,
    E: FromTrtcEvent,
{
    TrtcHandlerFn {
        function,
        event: PhantomData,
    }
}

/// The service made by [`handler_fn`].
pub struct TrtcHandlerFn<F, E> {
    function: F,
    event: PhantomData<fn() -> E>,
}

impl<F: Clone, E> Clone for TrtcHandlerFn<F, E> {
    fn clone(&self) -> Self {
        TrtcHandlerFn {
            function: self.function.clone(),
            event: PhantomData,
        }
    }
}

impl<F, E> fmt::Debug for TrtcHandlerFn<F, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TrtcHandlerFn")
            .field("event", &std::any::type_name::<E>())
            .finish_non_exhaustive()
    }
}

impl<F, Fut, E, B> Service<Request<B>> for TrtcHandlerFn<F, E>
where
    F: Fn(TrtcCallback<E>) -> Fut,
    Fut: Future,
    Fut::Output: IntoTrtcResponse,
    E: FromTrtcEvent,
{
    type Response = Response<Full<Bytes>>;
    type Error = Infallible;
    type Future = TrtcHandlerFuture<Fut>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, mut request: Request<B>) -> Self::Future {
        match TrtcCallback::<E>::take_from(request.extensions_mut()) {
            Ok(callback) => match catch_unwind(AssertUnwindSafe(|| (self.function)(callback))) {
                Ok(future) => TrtcHandlerFuture::running(future),
                Err(_) => TrtcHandlerFuture::ready(TrtcHandlerError::Panicked.to_response()),
            },
            Err(error) => TrtcHandlerFuture::ready(error.to_response()),
        }
    }
}

pin_project! {
    /// The future of [`TrtcHandlerFn`]: runs the handler, catches a panic, answers with the
    /// reply. Never fails.
    pub struct TrtcHandlerFuture<F> {
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

impl<F> TrtcHandlerFuture<F> {
    fn running(future: F) -> Self {
        TrtcHandlerFuture {
            state: State::Running { future },
        }
    }

    fn ready(response: Response<Full<Bytes>>) -> Self {
        TrtcHandlerFuture {
            state: State::Ready {
                response: Some(response),
            },
        }
    }
}

impl<F> Future for TrtcHandlerFuture<F>
where
    F: Future,
    F::Output: IntoTrtcResponse,
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
                let polled = catch_unwind(AssertUnwindSafe(|| {
                    future.poll(cx).map(IntoTrtcResponse::into_trtc_response)
                }));
                match polled {
                    Ok(poll) => ready!(poll),
                    Err(_) => TrtcHandlerError::Panicked.to_response(),
                }
            }
        };
        state.set(State::Ready { response: None });
        Poll::Ready(Ok(response))
    }
}

impl<F> fmt::Debug for TrtcHandlerFuture<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TrtcHandlerFuture").finish_non_exhaustive()
    }
}
