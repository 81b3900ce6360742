//! Receive Tencent Cloud IM, TUIRoomKit and TUILiveKit third-party callbacks in any tower
//! stack.
//!
//! Tencent POSTs each callback to your URL with `SdkAppid` and `CallbackCommand` (and, when
//! callback authentication is on, `Sign` and `RequestTime`) in the query and a JSON body, and
//! waits 2 seconds for `{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}`.
//!
//! The crate is laid out by the stage of a request each part serves:
//!
//! - the protocol model, without HTTP types: [`query`] (the URL query), [`command`] (command
//!   words and the table of modelled commands), [`sign`](mod@sign) (the signature), [`event`] (the
//!   typed [`Event`] and what every body shares), [`reply`] (the reply value), and one module
//!   per product with its body types and before-callback replies: [`room`], [`mic`],
//!   [`c2c`];
//! - [`layer`]: [`CallbackLayer`] verifies the request (method, `SdkAppid`, command,
//!   signature), reads the body within a limit, parses it into an [`Event`] and gives the
//!   inner service a [`Callback`] in the request extensions; a refused request gets a
//!   [`Rejection`] reply;
//! - [`response`]: the one renderer of every reply the crate sends;
//! - [`handler`]: [`handler_fn`], [`CommandRouter`] and [`ReplyLayer`] turn what handlers
//!   return ([`IntoReply`]) into Tencent's [`Reply`]; the router types each before-callback's
//!   handler to return that command's reply;
//! - integrations behind features: `axum` (the [`Callback`] extractor and responses),
//!   `tracing` (a span per callback, an event per rejection), `test-util` (building Tencent's
//!   requests and samples in tests).
//!
//! ```
//! use tencent_im_callback::test_util::{samples, CallbackRequest};
//! use tencent_im_callback::{handler_fn, Callback, CallbackLayer, Command, Event, Reply};
//! use tower::{Layer, ServiceExt};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let service = CallbackLayer::builder()
//!     .sdk_app_id(1400000000)
//!     .build()?
//!     .layer(handler_fn(|cb: Callback<Event>| async move {
//!         match cb.event() {
//!             Event::RoomAfterCreateRoom(created) => {
//!                 println!("created {:?}", created.room_info.room_id)
//!             }
//!             other => println!("{}", other.command()),
//!         }
//!         Ok::<_, Reply>(Reply::ok())
//!     }));
//!
//! let request = CallbackRequest::new(1400000000, Command::ROOM_AFTER_CREATE_ROOM)
//!     .body(samples::CREATE_ROOM)
//!     .build();
//! let response = service.oneshot(request).await?;
//! assert_eq!(response.status(), 200);
//! # Ok(())
//! # }
//! ```
//!
//! A complete axum app (feature `axum`), with one handler per command on the one URL Tencent
//! posts to; the before-callback's handler must return that command's typed reply:
//!
//! ```no_run
//! # #[cfg(feature = "axum")]
//! # mod app {
//! use axum::{routing::post, Router};
//! use tencent_im_callback::c2c::{BeforeSendMsg, SendMsgReply};
//! use tencent_im_callback::room::{CreateRoom, MemberLeave};
//! use tencent_im_callback::{Callback, CallbackLayer, CommandRouter, Event, Reply};
//!
//! async fn on_callback(callback: Callback<Event>) -> Reply {
//!     println!("{} from app {}", callback.command(), callback.sdk_app_id());
//!     Reply::ok()
//! }
//!
//! pub async fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     let layer = CallbackLayer::builder()
//!         .sdk_app_id(1400000000)
//!         .token("console-token")
//!         .build()?;
//!     let router = CommandRouter::new()
//!         .on(|cb: Callback<CreateRoom>| async move { println!("{:?}", cb.event().room_info) })
//!         .on(|cb: Callback<MemberLeave>| async move { println!("{:?}", cb.event().reason) })
//!         .on(|cb: Callback<BeforeSendMsg>| async move {
//!             if cb.event().to_account == "blocked" { SendMsgReply::Reject } else { SendMsgReply::Allow }
//!         });
//!     let app = Router::new()
//!         .route("/callback", post(on_callback))
//!         .route_service("/im", router)
//!         .route_layer(layer);
//!     let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//!     axum::serve(listener, app).await?;
//!     Ok(())
//! }
//! # }
//! # fn main() {}
//! ```
//!
//! Release 0.2 moved most names from the crate root into these modules; the old root names
//! still compile as deprecated aliases, and `CHANGELOG.md` lists every change with its
//! migration. The README has axum, hyper and tonic-web set-ups, the configuration and the
//! rejection codes.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(all(doctest, feature = "axum", feature = "test-util"))]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

#[cfg(feature = "axum")]
mod axum;
pub mod handler;
pub mod layer;
mod protocol;
pub mod response;
mod trace;

#[cfg(feature = "test-util")]
#[cfg_attr(docsrs, doc(cfg(feature = "test-util")))]
pub mod test_util;

pub use protocol::{command, event, query, reply, sign};

// Product modules.
pub use protocol::{follow, group, mic, official_account, room};
// IM messages.
pub use protocol::c2c;
// IM groups, relationships, profile, state, alerts.

// TUILiveKit.

pub use command::Command;
pub use event::Event;
pub use handler::{handler_fn, CommandRouter, IntoReply, ReplyLayer};
pub use layer::{CallbackLayer, Rejection};
pub use protocol::callback::Callback;
pub use reply::Reply;

/// The boxed error type of bodies and services, as in tower and http-body-util.
pub(crate) type BoxError = Box<dyn std::error::Error + Send + Sync>;

mod deprecated_names;
#[allow(deprecated)]
pub use deprecated_names::*;
