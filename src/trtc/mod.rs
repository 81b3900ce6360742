//! TRTC event callbacks: the second Tencent envelope, for apps on TUIRoomKit and TUILiveKit
//! that also receive TRTC's events (rooms entered and left, media started and stopped, cloud
//! recording, CDN relay, screenshots, stream ingest, web-page recording, Conversational AI,
//! slicing, moderation, transcription).
//!
//! It is not the IM envelope: no query string; the headers `SdkAppId` and
//! `Sign = base64(HMAC-SHA256(callback key, raw body bytes))`; a JSON body
//! `{"EventGroupId", "EventType", "CallbackTs", "EventInfo"}` naming the event by two numbers;
//! a 200 expected within 5 seconds (Tencent suggests the body `{"code":0}`), and retries
//! (immediately, then every 10 s for a minute) otherwise.
//!
//! - [`TrtcLayer`] checks the method, `SdkAppId`, the signature over the exact bytes received
//!   (several keys for rotation, keys bound per app id where configured) and the body's age,
//!   then hands the inner service a [`TrtcCallback`] in the request extensions; a refused
//!   request gets a [`TrtcRejection`].
//! - [`handler_fn`] runs an async function per callback and answers `{"code":0}`, or 500 on an
//!   error or a panic; with the `axum` feature, [`TrtcCallback`] is an extractor and
//!   [`TrtcAck`] a response.
//! - [`TrtcEvent`] has one variant per `(EventGroupId, EventType)` ([`TrtcEvent::KINDS`]),
//!   each with its typed `EventInfo` in its group's module ([`room`], [`media`],
//!   [`recording`], [`relay`], [`screenshot`], [`ingest`], [`web_recording`],
//!   [`ai_conversation`], [`slicing`], [`moderation`], [`transcription`]); unknown groups and
//!   codes pass through as [`UnknownEvent`] with their JSON kept.
//! - Every event offers its ids and times through [`TrtcEventInfo`], an ordering
//!   ([`sort_by_event_time`]) and an idempotency key ([`TrtcCallback::idempotency_key`]):
//!   Tencent always retries and may deliver out of order.
//!
//! ```
//! use tencent_im_callback::trtc::test_util::{samples, TrtcRequest};
//! use tencent_im_callback::trtc::{handler_fn, CallbackKey, TrtcCallback, TrtcEvent, TrtcLayer};
//! use tower::{Layer, ServiceExt};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let service = TrtcLayer::builder()
//!     .sdk_app_id(1400000000)
//!     .key("consoleKey")
//!     .clock(samples::clock(samples::VOD_COMMIT))
//!     .build()?
//!     .layer(handler_fn(|cb: TrtcCallback<TrtcEvent>| async move {
//!         match cb.event() {
//!             TrtcEvent::VodCommit(commit) => println!("recorded {:?}", commit.payload.file().video_url),
//!             other => println!("{} ({})", other.name(), cb.idempotency_key()),
//!         }
//!     }));
//!
//! let request = TrtcRequest::new(1400000000, samples::VOD_COMMIT)
//!     .signed(&CallbackKey::new("consoleKey")?)
//!     .build();
//! let response = service.oneshot(request).await?;
//! assert_eq!(response.status(), 200);
//! # Ok(())
//! # }
//! ```
//!
//! # Reading bodies as Tencent sends them
//!
//! Tencent's pages disagree with each other and with its samples; the types accept every
//! published variant and keep what they do not model:
//!
//! - `CallbackTs` or `CallbackMsTs`; `EventMsTs` or `EventTsMs`; `Status` or `LeaveCode` (305);
//!   `StreamUserId` or `StreamerUserId`; `eventID` or `eventId`; `RoomType` or `RoomIdType`.
//!   Each such field has one Rust name and lists its other spellings: it takes whichever the
//!   body has and is written back under the documented name (the first listed). When a body
//!   has both, the documented one wins unless it is `null`, and the other is kept in `extra`,
//!   so that writing the event back and reading it again gives the same event.
//! - Numbers as strings (`EventTs`, `EventMsTs`, `BeginTimeStamp`…); `RoomId` as a number or a
//!   string, kept apart ([`RoomId`]); `TaskId` always a string (a number is kept as its
//!   digits).
//! - Times in their own units: [`UnixMillis`] and [`UnixSecs`] are distinct types, converted to
//!   `SystemTime` by their unit; the legacy flat 311 payload's seconds are typed as seconds.
//! - Recording 311 payloads flat or nested under `TencentVod`
//!   ([`recording::VodCommitPayload::file`]); 304/310 `FileList` as a string or an array
//!   ([`FileList`]); the legacy `UniqueId` of room events.
//! - Unknown fields in `extra` ([`ExtraFields`](crate::ExtraFields)); absent fields stay
//!   absent when written back.
//! - Published text that is not JSON (comments, missing commas) is refused with a
//!   [`TrtcBodyError`] naming the line and column.
//!
//! # Security notes
//!
//! - `Sign` covers every body byte and nothing else: not `SdkAppId`, not the time. The layer
//!   verifies before parsing, compares in constant time, and refuses any other encoding than
//!   standard padded Base64.
//! - A captured request can be replayed: the replay window on the signed `CallbackTs`
//!   ([`DEFAULT_REPLAY_WINDOW`], 5 minutes) bounds that, and the idempotency key drops
//!   duplicates within it. Serve the endpoint over HTTPS.
//! - Keys are secrets: [`CallbackKey`]'s `Debug` is redacted, and no error, log or callback
//!   carries a key (callbacks say which key matched by index).
//! - What Tencent sends when no key is configured is undocumented; accepting unsigned
//!   callbacks is an explicit [`TrtcLayerBuilder::unsigned`].

#[cfg(feature = "axum")]
mod axum;
mod body;
mod callback;
mod config;
mod error;
mod event;
mod future;
mod handler;
mod layer;
mod pipeline;
mod rejection;
mod reuse;
mod sign;
mod table;
mod trace;
mod values;
mod wire;

pub mod ai_conversation;
pub mod ingest;
pub mod media;
pub mod moderation;
pub mod payload;
pub mod recording;
pub mod relay;
pub mod room;
pub mod screenshot;
pub mod slicing;
pub mod transcription;
pub mod web_recording;

#[cfg(feature = "test-util")]
#[cfg_attr(docsrs, doc(cfg(feature = "test-util")))]
pub mod test_util;

pub use body::TrtcResponseBody;
pub use callback::TrtcCallback;
pub use config::{TrtcConfigError, TrtcLayerBuilder, DEFAULT_BODY_LIMIT, DEFAULT_REPLAY_WINDOW};
pub use error::{TrtcBodyError, TrtcBodyErrorKind};
pub use event::{sort_by_event_time, FromTrtcEvent, TrtcEnvelope, TrtcEventInfo, UnknownEvent};
pub use future::TrtcResponseFuture;
pub use handler::{
    handler_fn, IntoTrtcResponse, TrtcAck, TrtcHandlerError, TrtcHandlerFn, TrtcHandlerFuture,
    ACK_BODY,
};
pub use layer::{TrtcLayer, TrtcService};
pub use rejection::TrtcRejection;
pub use sign::{
    decode_sign, verify, CallbackKey, KeyError, TrtcSignatureError, MAX_KEY_LEN, SIGN_LEN,
};
pub use table::{TrtcEvent, TrtcEventKind};
pub use values::{FileList, RawJson, RoomId, UnixMillis, UnixSecs};

/// The boxed error type of bodies, as in tower and http-body-util.
pub(crate) type BoxError = Box<dyn std::error::Error + Send + Sync>;
