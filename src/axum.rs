//! axum integration (feature `axum`): [`Callback`] as an extractor, and the reply and
//! rejection types as responses.
//!
//! ```
//! use axum::{routing::post, Router};
//! use tencent_im_callback::{Callback, CallbackLayer, Event, Reply};
//!
//! async fn on_callback(callback: Callback<Event>) -> Reply {
//!     if let Event::RoomAfterCreateRoom(created) = callback.event() {
//!         println!("room {:?} created", created.room_info.room_id);
//!     }
//!     Reply::ok()
//! }
//!
//! # fn main() -> Result<(), tencent_im_callback::layer::ConfigError> {
//! let app: Router = Router::new()
//!     .route("/callback", post(on_callback))
//!     .route_layer(CallbackLayer::builder().sdk_app_id(1400000000).build()?);
//! # Ok(())
//! # }
//! ```

use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::response::{IntoResponse, Response};
use http::request::Parts;

use crate::handler::{HandlerError, IntoReply};
use crate::layer::Rejection;
use crate::protocol::callback::Callback;
use crate::protocol::event::FromEvent;
use crate::protocol::reply::Reply;

/// Takes the verified callback the layer put in the request.
///
/// Without [`CallbackLayer`](crate::CallbackLayer) on the route, the request is answered
/// with 500 and a FAIL reply saying so (code 50001). With a typed body such as
/// `Callback<CreateRoom>`, another command is answered with 500 (code 50002); use
/// `Callback<Event>`, `Option<Callback<CreateRoom>>`, or a
/// [`CommandRouter`](crate::CommandRouter) to take several commands on one URL. The callback
/// is moved out of the extensions: a second extraction in the same request is answered with
/// 500 and a message saying it was already taken (code 50005).
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

/// `Option<Callback<E>>`: `None` without the layer, when the callback is another command's
/// (it is then left in place for another extractor), or when another extractor took it.
impl<S, E> OptionalFromRequestParts<S> for Callback<E>
where
    S: Send + Sync,
    E: FromEvent + Send,
{
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Option<Self>, Self::Rejection> {
        match Callback::take_from(&mut parts.extensions) {
            Ok(callback) => Ok(Some(callback)),
            Err(_) => Ok(None),
        }
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
        self.into_http_response().into_response()
    }
}
