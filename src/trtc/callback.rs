//! One verified TRTC callback: who sent it, which key signed it, the typed event and the
//! exact bytes received.

use std::time::SystemTime;

use bytes::Bytes;
use http::Extensions;
use serde::ser::{Serialize, SerializeStruct, Serializer};
use sha2::{Digest, Sha256};

use super::event::{idempotency_key, FromTrtcEvent, TrtcEnvelope, TrtcEventInfo};
use super::handler::TrtcHandlerError;
use super::table::TrtcEvent;
use super::values::{RoomId, UnixMillis, UnixSecs};
use super::TrtcBodyError;

/// A verified TRTC callback, as [`TrtcLayer`](super::TrtcLayer) hands it to the inner
/// service in the request extensions.
///
/// `E` is [`TrtcEvent`] (any event), or one event type such as
/// [`EnterRoom`](super::room::EnterRoom) after [`TrtcCallback::narrow`].
///
/// ```
/// use bytes::Bytes;
/// use tencent_im_callback::trtc::{room::EnterRoom, TrtcCallback};
///
/// let body = Bytes::from_static(include_bytes!("../../tests/fixtures/trtc/1-103-enter-room.json"));
/// let callback = TrtcCallback::from_parts(1400000000, Some(0), body)?;
/// assert_eq!(callback.event().name(), "EnterRoom");
/// let entered: TrtcCallback<EnterRoom> = callback.narrow().expect("an enter-room event");
/// assert_eq!(entered.event().user_id.as_deref(), Some("test"));
/// assert_eq!(entered.idempotency_key(), "trtc:1:103:n12345:test::1687770731831");
/// # Ok::<(), tencent_im_callback::trtc::TrtcBodyError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct TrtcCallback<E = TrtcEvent> {
    sdk_app_id: u64,
    key_index: Option<usize>,
    raw_body: Bytes,
    envelope: TrtcEnvelope<E>,
}

impl TrtcCallback<TrtcEvent> {
    /// Reads the body. No app id or signature check happens here: the layer does those
    /// before it gets this far, and says which key matched (`None`: unsigned).
    pub fn from_parts(
        sdk_app_id: u64,
        key_index: Option<usize>,
        raw_body: Bytes,
    ) -> Result<TrtcCallback, TrtcBodyError> {
        let envelope = TrtcEnvelope::parse(&raw_body)?;
        Ok(TrtcCallback {
            sdk_app_id,
            key_index,
            raw_body,
            envelope,
        })
    }

    /// Narrows to one event type, or gives the callback back unchanged when it is another
    /// event.
    // The error hands the whole callback back, so it is as large as the success.
    #[allow(clippy::result_large_err)]
    pub fn narrow<E: FromTrtcEvent>(self) -> Result<TrtcCallback<E>, TrtcCallback> {
        let TrtcCallback {
            sdk_app_id,
            key_index,
            raw_body,
            envelope,
        } = self;
        let TrtcEnvelope {
            event_group_id,
            event_type,
            callback_ts,
            event,
            extra,
        } = envelope;
        match E::from_trtc_event(event) {
            Ok(event) => Ok(TrtcCallback {
                sdk_app_id,
                key_index,
                raw_body,
                envelope: TrtcEnvelope {
                    event_group_id,
                    event_type,
                    callback_ts,
                    event,
                    extra,
                },
            }),
            Err(event) => Err(TrtcCallback {
                sdk_app_id,
                key_index,
                raw_body,
                envelope: TrtcEnvelope {
                    event_group_id,
                    event_type,
                    callback_ts,
                    event,
                    extra,
                },
            }),
        }
    }
}

impl<E: FromTrtcEvent> TrtcCallback<E> {
    /// Takes the verified callback the layer put in `extensions`, narrowed to `E`. When it is
    /// another event's, it is left in place.
    pub(crate) fn take_from(
        extensions: &mut Extensions,
    ) -> Result<TrtcCallback<E>, TrtcHandlerError> {
        let callback = extensions
            .remove::<TrtcCallback>()
            .ok_or(TrtcHandlerError::LayerNotInstalled)?;
        callback.narrow::<E>().map_err(|other| {
            let error = TrtcHandlerError::UnexpectedEvent {
                event_group_id: other.event_group_id(),
                event_type: other.event_type(),
            };
            extensions.insert(other);
            error
        })
    }
}

impl<E> TrtcCallback<E> {
    /// The typed event.
    pub fn event(&self) -> &E {
        &self.envelope.event
    }

    /// The typed event, mutable.
    pub fn event_mut(&mut self) -> &mut E {
        &mut self.envelope.event
    }

    /// Takes the typed event.
    pub fn into_event(self) -> E {
        self.envelope.event
    }

    /// The whole body, typed: the envelope's fields around the event.
    pub fn envelope(&self) -> &TrtcEnvelope<E> {
        &self.envelope
    }

    /// Takes the typed body.
    pub fn into_envelope(self) -> TrtcEnvelope<E> {
        self.envelope
    }

    /// The `SdkAppId` header (already checked against the configured app ids).
    pub fn sdk_app_id(&self) -> u64 {
        self.sdk_app_id
    }

    /// Which configured key verified the `Sign` header, counting from 0 in the order the keys
    /// were given to the builder; `None` when the layer is configured unsigned. Never the key.
    pub fn key_index(&self) -> Option<usize> {
        self.key_index
    }

    /// The exact bytes of the body as received (and as signed). A body that arrived in one
    /// frame may be a share of the server's read buffer: see [`detach`](Self::detach) before
    /// keeping the callback beyond its request.
    pub fn raw_body(&self) -> &Bytes {
        &self.raw_body
    }

    /// The same callback, holding a copy of its body instead of a share of the connection's
    /// read buffer, which it would otherwise keep alive; as
    /// [`Callback::detach`](crate::Callback::detach).
    #[must_use = "the detached callback is returned; the original still shares the buffer"]
    pub fn detach(self) -> Self {
        TrtcCallback {
            raw_body: Bytes::copy_from_slice(&self.raw_body),
            ..self
        }
    }

    /// `EventGroupId`.
    pub fn event_group_id(&self) -> u32 {
        self.envelope.event_group_id
    }

    /// `EventType`, when the body has one.
    pub fn event_type(&self) -> Option<u32> {
        self.envelope.event_type
    }

    /// `CallbackTs` (or `CallbackMsTs`), milliseconds.
    pub fn callback_ts(&self) -> Option<UnixMillis> {
        self.envelope.callback_ts
    }

    /// `CallbackTs` as a `SystemTime`: when Tencent first sent this callback.
    pub fn sent_at(&self) -> Option<SystemTime> {
        self.envelope.sent_at()
    }

    /// SHA-256 of the raw body. Retries re-send the same bytes, so this identifies a
    /// delivery's body exactly.
    pub fn body_sha256(&self) -> [u8; 32] {
        Sha256::digest(&self.raw_body).into()
    }
}

impl<E: TrtcEventInfo> TrtcCallback<E> {
    /// A key to deduplicate this event on: Tencent always retries (immediately, then every
    /// 10 s for a minute), sends no delivery id, and may deliver one event several times.
    ///
    /// `trtc:<EventGroupId>:<EventType>:<room>:<UserId>:<TaskId>:<EventMsTs>` when the event
    /// has `EventMsTs` and at least one of room, user and task (`<room>` is `n12345` for a
    /// numeric room, `s<id>` for a string room; absent parts are empty; `:`, `%`, spaces,
    /// controls and non-ASCII in the parts are percent-encoded, so different events never
    /// run together). Otherwise `trtc:<EventGroupId>:<EventType>:sha256:<hex digest of the
    /// raw body>`.
    ///
    /// Two events of the same code, room, user and task in the same millisecond share a key
    /// (two relay URLs of one task changing state at once, for example); where that matters,
    /// deduplicate on [`TrtcCallback::body_sha256`] as well.
    pub fn idempotency_key(&self) -> String {
        idempotency_key(
            self.envelope.event_group_id,
            self.envelope.event_type,
            &self.envelope.event,
            &self.raw_body,
        )
    }
}

impl<E: TrtcEventInfo> TrtcEventInfo for TrtcCallback<E> {
    fn room_id(&self) -> Option<&RoomId> {
        self.envelope.room_id()
    }
    fn user_id(&self) -> Option<&str> {
        self.envelope.user_id()
    }
    fn task_id(&self) -> Option<&str> {
        self.envelope.task_id()
    }
    fn event_ms_ts(&self) -> Option<UnixMillis> {
        self.envelope.event_ms_ts()
    }
    fn event_ts(&self) -> Option<UnixSecs> {
        self.envelope.event_ts()
    }
    fn occurred_at(&self) -> Option<SystemTime> {
        self.envelope.occurred_at()
    }
}

/// A callback serialises as one JSON object, `{"sdk_app_id", "key_index", "body"}`, with the
/// body under Tencent's field names: a line format for logs and queues.
impl<E: Serialize> Serialize for TrtcCallback<E> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut object = serializer.serialize_struct("TrtcCallback", 3)?;
        object.serialize_field("sdk_app_id", &self.sdk_app_id)?;
        object.serialize_field("key_index", &self.key_index)?;
        object.serialize_field("body", &self.envelope)?;
        object.end()
    }
}
