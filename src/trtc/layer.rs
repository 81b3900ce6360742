//! [`TrtcLayer`] and [`TrtcService`]: the tower middleware for TRTC event callbacks.

use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use http::{Request, Response};
use http_body::Body;
use http_body_util::Full;
use tower_layer::Layer;
use tower_service::Service;

use super::body::TrtcResponseBody;
use super::config::{Config, TrtcLayerBuilder};
use super::future::TrtcResponseFuture;
use super::pipeline::admit_head;
use super::trace;
use super::BoxError;

/// A tower [`Layer`] that verifies TRTC event callbacks and hands them to the inner service
/// as a typed [`TrtcCallback`](super::TrtcCallback) in the request extensions.
///
/// For each request, in this order (the head first; the body is read only once those pass):
/// the method is POST; there is exactly one `SdkAppId` header and it is one of yours; there
/// is exactly one `Sign` header of the right shape (unless configured
/// [`unsigned`](TrtcLayerBuilder::unsigned)); `Content-Length` is within the body limit; the
/// body is read within the limit; `Sign` is the HMAC-SHA256 of the exact bytes received under
/// one of the app's keys (compared in constant time, before anything reads the bytes); the
/// body parses as a TRTC event; its `CallbackTs` is within the replay window. A failed check
/// answers with a [`TrtcRejection`](super::TrtcRejection) response and the inner service is
/// not called. Otherwise the inner service receives the request with its headers and URI
/// untouched, the same body bytes as a `Full<Bytes>`, and a `TrtcCallback` extension.
/// The query string plays no part: TRTC sends none.
///
/// ```
/// use tencent_im_callback::trtc::test_util::{samples, TrtcRequest};
/// use tencent_im_callback::trtc::{handler_fn, CallbackKey, TrtcCallback, TrtcEvent, TrtcLayer};
/// use tower::{Layer, ServiceExt};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let layer = TrtcLayer::builder()
///     .sdk_app_id(1400000000)
///     .key("consoleKey")
///     .clock(samples::clock(samples::ENTER_ROOM))
///     .build()?;
/// let service = layer.layer(handler_fn(|cb: TrtcCallback<TrtcEvent>| async move {
///     if let TrtcEvent::EnterRoom(entered) = cb.event() {
///         println!("{:?} entered {:?}", entered.user_id, entered.room_id);
///     }
/// }));
///
/// let request = TrtcRequest::new(1400000000, samples::ENTER_ROOM)
///     .signed(&CallbackKey::new("consoleKey")?)
///     .build();
/// let response = service.oneshot(request).await?;
/// assert_eq!(response.status(), 200);
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct TrtcLayer {
    config: Arc<Config>,
}

impl TrtcLayer {
    /// Starts configuring a layer. At least one app id is required, and either a key or an
    /// explicit [`unsigned`](TrtcLayerBuilder::unsigned).
    pub fn builder() -> TrtcLayerBuilder {
        TrtcLayerBuilder::default()
    }

    pub(crate) fn from_config(config: Config) -> Self {
        TrtcLayer {
            config: Arc::new(config),
        }
    }
}

impl<S> Layer<S> for TrtcLayer {
    type Service = TrtcService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        TrtcService {
            inner,
            config: Arc::clone(&self.config),
        }
    }
}

/// The service made by [`TrtcLayer`]; see there for what it checks.
///
/// Its error type is the inner service's, so an `Infallible` inner service (as axum
/// requires) gives an `Infallible` service.
///
/// `poll_ready` is the inner service's, and the readied inner service is the one that
/// handles the request. It is taken when the head checks pass, so whatever capacity it
/// reserved (a concurrency-limit permit, a buffer slot) is held while the body is read:
/// bound slow clients with the body limit and your server's timeouts. A refused request
/// leaves the readied service in place for the next one.
#[derive(Clone, Debug)]
pub struct TrtcService<S> {
    inner: S,
    config: Arc<Config>,
}

impl<S> TrtcService<S> {
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

impl<S, B, ResBody> Service<Request<B>> for TrtcService<S>
where
    S: Service<Request<Full<Bytes>>, Response = Response<ResBody>> + Clone,
    B: Body,
    B::Error: Into<BoxError>,
{
    type Response = Response<TrtcResponseBody<ResBody>>;
    type Error = S::Error;
    type Future = TrtcResponseFuture<S, B>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        let (parts, body) = request.into_parts();
        match admit_head(&self.config, &parts, &body.size_hint()) {
            Ok(head) => {
                // The readied service goes with this request; a fresh clone waits for the
                // next one.
                let clone = self.inner.clone();
                let service = std::mem::replace(&mut self.inner, clone);
                TrtcResponseFuture::reading(parts, body, head, service, Arc::clone(&self.config))
            }
            Err(rejection) => {
                trace::rejected(&rejection);
                TrtcResponseFuture::rejected(rejection.to_response())
            }
        }
    }
}
