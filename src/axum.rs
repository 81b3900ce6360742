//! axum integration (feature `axum`): [`Callback`] as an extractor, and the reply and
//! rejection types as responses.
//!
//! ```
//! use axum::{routing::post, Router};
//! use tencent_im_callback::{Callback, CallbackLayer, CreateRoom, Event, Reply};
//!
//! async fn on_callback(callback: Callback<Event>) -> Reply {
//!     if let Event::CreateRoom(created) = callback.event() {
//!         println!("room {:?} created", created.room_info.room_id);
//!     }
//!     Reply::ok()
//! }
//!
//! # fn main() -> Result<(), tencent_im_callback::ConfigError> {
//! let app: Router = Router::new()
//!     .route("/callback", post(on_callback))
//!     .route_layer(CallbackLayer::builder().app_id(1400000000).build()?);
//! # Ok(())
//! # }
//! ```

use axum::extract::FromRequestParts;
use axum::response::{IntoResponse, Response};
use http::request::Parts;

use crate::event::FromEvent;
use crate::{Callback, HandlerError, IntoReply, Rejection, Reply};

/// Takes the verified callback the layer put in the request.
///
/// Without [`CallbackLayer`](crate::CallbackLayer) on the route, the request is answered
/// with 500 and a FAIL reply saying so (code 50001). With a typed event such as
/// `Callback<CreateRoom>`, another command is answered with 500 (code 50002); use `Callback<Event>`
/// or a [`CommandRouter`](crate::CommandRouter) to take several commands on one URL. The
/// callback is moved out of the extensions, so extract it once per request.
impl<S, E> FromRequestParts<S> for Callback<E>
where
    S: Send + Sync,
    E: FromEvent + Send,
{
    type Rejection = HandlerError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Callback::take_from(&mut parts.extensions)
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        self.into_http_response().into_response()
    }
}

impl IntoResponse for HandlerError {
    fn into_response(self) -> Response {
        self.into_http_response().into_response()
    }
}

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        self.to_response()
            .map(http_body_util::Full::new)
            .into_response()
    }
}
