//! The layer: [`CallbackLayer`] verifies each request, reads and parses its body, and hands
//! the inner service a typed [`Callback`](crate::Callback); a refused request gets a
//! [`Rejection`] reply.
//!
//! One file per part, as tower-http keeps its middleware: the builder and its settings, the
//! checks in order, the response future, the response body, the rejection and its kinds,
//! and the counters.

mod body;
mod builder;
mod checks;
mod config;
mod counters;
mod future;
pub(crate) mod read;
mod rejection;

use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use http::{Request, Response};
use http_body::Body;
use http_body_util::Full;
use tower_layer::Layer;
use tower_service::Service;

pub use crate::protocol::event::MismatchedBodies;
pub use body::CallbackBody;
pub use builder::{CallbackLayerBuilder, ConfigError, DEFAULT_BODY_LIMIT};
pub use counters::Counters;
pub use future::ResponseFuture;
pub use rejection::{BodyReadError, Rejection, RejectionKind};

use checks::admit_head;
use config::Config;

/// A tower [`Layer`] that verifies Tencent callbacks and hands them to the inner service as a
/// typed [`Callback`](crate::Callback) in the request extensions.
///
/// For each request, in this order (cheap checks on the head first; the body is read only
/// once they pass):
/// the method is POST; the query parses; `SdkAppid` is one of yours; the command is allowed;
/// `RequestTime` and `Sign` are valid (when a token is configured); `Content-Length` is within
/// the body limit; `contenttype` is `json`; the body is read within the limit and parsed as
/// the command's event. A failed check answers with a [`Rejection`] response and the inner
/// service is not called. Otherwise the inner service receives the request with its headers
/// and URI untouched, the same body bytes as a `Full<Bytes>`, and a `Callback<Event>`
/// extension. Every decision is counted ([`counters`](Self::counters)).
///
/// ```
/// use tencent_im_callback::{handler_fn, Callback, CallbackLayer, Event, Reply};
/// use tower::{Layer, ServiceExt};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let layer = CallbackLayer::builder().sdk_app_id(1400000000).build()?;
/// let service = layer.layer(handler_fn(|cb: Callback<Event>| async move {
///     match cb.event() {
///         Event::RoomAfterDestroyRoom(event) => println!("room {} is gone", event.room_id),
///         _ => {}
///     }
///     Ok::<_, Reply>(Reply::ok())
/// }));
///
/// let request = http::Request::post(
///     "/callback?SdkAppid=1400000000&CallbackCommand=Room.CallbackAfterDestroyRoom",
/// )
/// .body(http_body_util::Full::new(bytes::Bytes::from_static(br#"{"RoomId":"r1"}"#)))?;
/// let response = service.oneshot(request).await?;
/// assert_eq!(response.status(), 200);
/// assert_eq!(layer.counters().accepted(), 1);
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct CallbackLayer {
    config: Arc<Config>,
}

impl CallbackLayer {
    /// Starts configuring a layer. At least one app id is required.
    pub fn builder() -> CallbackLayerBuilder {
        CallbackLayerBuilder::default()
    }

    pub(crate) fn from_config(config: Config) -> Self {
        CallbackLayer {
            config: Arc::new(config),
        }
    }

    /// What this layer, and every service made from it, accepted and refused.
    pub fn counters(&self) -> Counters {
        self.config.counters.clone()
    }
}

impl<S> Layer<S> for CallbackLayer {
    type Service = CallbackService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        CallbackService {
            inner,
            config: Arc::clone(&self.config),
        }
    }
}

/// The service made by [`CallbackLayer`]; see there for what it checks.
///
/// Its error type is the inner service's, so an `Infallible` inner service (as axum
/// requires) gives an `Infallible` service.
///
/// `poll_ready` is the inner service's, and the readied inner service is the one that
/// handles the request. It is taken when the head checks pass, so whatever capacity it
/// reserved (a concurrency-limit permit, a buffer slot) is held while the body is read:
/// bound slow clients with the body limit and your server's timeouts.
#[derive(Clone, Debug)]
pub struct CallbackService<S> {
    inner: S,
    config: Arc<Config>,
}

impl<S> CallbackService<S> {
    /// What the layer that made this service accepted and refused.
    pub fn counters(&self) -> Counters {
        self.config.counters.clone()
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

impl<S, B, ResBody> Service<Request<B>> for CallbackService<S>
where
    S: Service<Request<Full<Bytes>>, Response = Response<ResBody>> + Clone,
    B: Body,
    B::Error: Into<crate::BoxError>,
{
    type Response = Response<CallbackBody<ResBody>>;
    type Error = S::Error;
    type Future = ResponseFuture<S, B>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        let (parts, body) = request.into_parts();
        match admit_head(&self.config, &parts, &body.size_hint()) {
            Ok(admitted) => {
                // The readied service goes with this request; a fresh clone waits for the
                // next one. A refused request leaves the readied service (and any capacity
                // it reserved) in place for the next request.
                let clone = self.inner.clone();
                let service = std::mem::replace(&mut self.inner, clone);
                ResponseFuture::reading(parts, body, admitted, service, Arc::clone(&self.config))
            }
            Err(rejection) => ResponseFuture::rejected(checks::refuse(&self.config, &rejection)),
        }
    }
}
