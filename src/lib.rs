//! Receive Tencent Cloud IM and TUIRoomKit third-party callbacks in any tower stack.
//!
//! Tencent POSTs each callback to your URL with `SdkAppid` and `CallbackCommand` (and, when
//! callback authentication is on, `Sign` and `RequestTime`) in the query and a JSON body, and
//! waits 2 seconds for `{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}`.
//!
//! - [`CallbackLayer`] verifies the request (method, `SdkAppid`, command, signature), reads the
//!   body within a limit, parses it into an [`Event`] and gives the inner service a
//!   [`Callback`] in the request extensions; a refused request gets a [`Rejection`] reply.
//! - [`handler_fn`], [`CommandRouter`] and [`ReplyLayer`] turn what handlers return
//!   ([`IntoReply`]) into Tencent's [`Reply`].
//! - The protocol pieces work on their own, without HTTP types: [`CallbackQuery`],
//!   [`SignatureVerifier`], [`Event::parse`], [`Reply`].
//!
//! ```
//! use tencent_im_callback::test_util::{samples, CallbackRequest};
//! use tencent_im_callback::{handler_fn, Callback, CallbackLayer, Command, Event, Reply};
//! use tower::{Layer, ServiceExt};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let service = CallbackLayer::builder()
//!     .app_id(1400000000)
//!     .build()?
//!     .layer(handler_fn(|cb: Callback<Event>| async move {
//!         match cb.event() {
//!             Event::CreateRoom(created) => println!("created {:?}", created.room_info.room_id),
//!             other => println!("{}", other.command()),
//!         }
//!         Ok::<_, Reply>(Reply::ok())
//!     }));
//!
//! let request = CallbackRequest::new(1400000000, Command::CreateRoom)
//!     .body(samples::CREATE_ROOM)
//!     .build();
//! let response = service.oneshot(request).await?;
//! assert_eq!(response.status(), 200);
//! # Ok(())
//! # }
//! ```
//!
//! A complete axum app (feature `axum`), with one handler per command on the one URL Tencent
//! posts to:
//!
//! ```no_run
//! # #[cfg(feature = "axum")]
//! # mod app {
//! use axum::{routing::post, Router};
//! use tencent_im_callback::{Callback, CallbackLayer, CommandRouter, CreateRoom, Event, MemberLeave, Reply};
//!
//! async fn on_callback(callback: Callback<Event>) -> Reply {
//!     println!("{} from app {}", callback.command(), callback.sdk_app_id());
//!     Reply::ok()
//! }
//!
//! pub async fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     let layer = CallbackLayer::builder()
//!         .app_id(1400000000)
//!         .token("console-token")
//!         .build()?;
//!     let rooms = CommandRouter::new()
//!         .on(|cb: Callback<CreateRoom>| async move { println!("{:?}", cb.event().room_info) })
//!         .on(|cb: Callback<MemberLeave>| async move { println!("{:?}", cb.event().reason) });
//!     let app = Router::new()
//!         .route("/callback", post(on_callback))
//!         .route_service("/rooms", rooms)
//!         .route_layer(layer);
//!     let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//!     axum::serve(listener, app).await?;
//!     Ok(())
//! }
//! # }
//! # fn main() {}
//! ```
//!
//! Features: `axum` (the [`Callback`] extractor and responses), `tracing` (a span per
//! callback, an event per rejection), `test-util` (building Tencent's requests in tests). The
//! README has axum, hyper and tonic-web set-ups, the configuration and the rejection codes.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(all(doctest, feature = "axum", feature = "test-util"))]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

#[cfg(feature = "axum")]
mod axum;
mod body;
mod callback;
mod command;
mod config;
mod event;
mod future;
mod handler;
mod into_reply;
mod layer;
mod pipeline;
mod platform;
mod query;
mod rejection;
mod reply;
mod reply_future;
mod router;
mod sign;
mod trace;
pub mod trtc;

#[cfg(feature = "test-util")]
#[cfg_attr(docsrs, doc(cfg(feature = "test-util")))]
pub mod test_util;

pub use body::CallbackBody;
pub use callback::Callback;
pub use command::Command;
pub use config::{CallbackLayerBuilder, ConfigError, DEFAULT_BODY_LIMIT};
pub use event::{
    BodyError, BodyErrorKind, CreateRoom, DestroyRoom, Event, ExtraFields, FromEvent, MemberChange,
    MemberEnter, MemberLeave, RoomInfo, RoomStatus, RoomType, Seat, SeatInfoChanged, TakeSeatMode,
    UpdateRoomInfo, NESTING_LIMIT,
};
pub use future::ResponseFuture;
pub use handler::{handler_fn, HandlerFn, ReplyLayer, ReplyService};
pub use into_reply::{HandlerError, IntoReply};
pub use layer::{CallbackLayer, CallbackService};
pub use platform::Platform;
pub use query::{CallbackQuery, QueryError};
pub use rejection::Rejection;
pub use reply::{ActionStatus, Reply};
pub use reply_future::ReplyFuture;
pub use router::{CommandEvent, CommandRouter, RouterFuture};
pub use sign::{
    sign, SignatureError, SignatureVerifier, Token, TokenError, DEFAULT_WINDOW, MAX_TOKEN_LEN,
};

/// The boxed error type of bodies and services, as in tower and http-body-util.
pub(crate) type BoxError = Box<dyn std::error::Error + Send + Sync>;
