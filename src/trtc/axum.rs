//! axum integration (feature `axum`): [`TrtcCallback`] as an extractor, and the replies and
//! rejections as responses.
//!
//! ```
//! use axum::{routing::post, Router};
//! use tencent_im_callback::trtc::{TrtcAck, TrtcCallback, TrtcEvent, TrtcLayer};
//!
//! async fn on_trtc(callback: TrtcCallback<TrtcEvent>) -> TrtcAck {
//!     println!("{} from app {}", callback.event().name(), callback.sdk_app_id());
//!     TrtcAck
//! }
//!
//! # fn main() -> Result<(), tencent_im_callback::trtc::TrtcConfigError> {
//! let app: Router = Router::new()
//!     .route("/trtc", post(on_trtc))
//!     .route_layer(TrtcLayer::builder().sdk_app_id(1400000000).key("consoleKey").build()?);
//! # Ok(())
//! # }
//! ```

use axum::extract::FromRequestParts;
use axum::response::{IntoResponse, Response};
use http::request::Parts;

use super::callback::TrtcCallback;
use super::event::FromTrtcEvent;
use super::handler::{TrtcAck, TrtcHandlerError};
use super::rejection::TrtcRejection;

/// Takes the verified callback the layer put in the request.
///
/// Without [`TrtcLayer`](super::TrtcLayer) on the route, the request is answered 500 (code
/// 50001). With one event type such as `TrtcCallback<EnterRoom>`, another event is answered
/// 500 (code 50002): take `TrtcCallback<TrtcEvent>` to receive every event on one URL. The
/// callback is moved out of the extensions, so extract it once per request.
impl<S, E> FromRequestParts<S> for TrtcCallback<E>
where
    S: Send + Sync,
    E: FromTrtcEvent + Send,
{
    type Rejection = TrtcHandlerError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        TrtcCallback::take_from(&mut parts.extensions)
    }
}

impl IntoResponse for TrtcAck {
    fn into_response(self) -> Response {
        self.to_response().into_response()
    }
}

impl IntoResponse for TrtcHandlerError {
    fn into_response(self) -> Response {
        self.to_response().into_response()
    }
}

impl IntoResponse for TrtcRejection {
    fn into_response(self) -> Response {
        self.to_response()
            .map(http_body_util::Full::new)
            .into_response()
    }
}
