//! One verified callback: the query's facts, the typed event and the exact bytes received.

use std::net::IpAddr;

use bytes::Bytes;
use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::protocol::command::Command;
use crate::protocol::event::{BodyError, Event, FromEvent, MismatchedBodies};
use crate::protocol::query::{CallbackQuery, Platform};
use crate::protocol::sign::TokenId;

/// A verified callback, as the layer hands it to handlers.
///
/// `E` is [`Event`] (any command) or one typed body such as
/// [`room::CreateRoom`](crate::room::CreateRoom), after [`Callback::narrow`].
///
/// ```
/// use bytes::Bytes;
/// use tencent_im_callback::query::CallbackQuery;
/// use tencent_im_callback::room::CreateRoom;
/// use tencent_im_callback::{Callback, Event};
///
/// let query = CallbackQuery::parse("SdkAppid=1400000000&CallbackCommand=Room.CallbackAfterCreateRoom")?;
/// let body = Bytes::from_static(br#"{"RoomInfo":{"RoomId":"r1"},"EventTime":1703589922780}"#);
/// let callback = Callback::from_parts(query, body)?;
/// assert_eq!(callback.sdk_app_id(), 1400000000);
/// let created: Callback<CreateRoom> = callback.narrow().expect("a create-room callback");
/// assert_eq!(created.event().room_info.room_id.as_deref(), Some("r1"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Callback<E = Event> {
    query: CallbackQuery,
    event: E,
    raw_body: Bytes,
    token: Option<TokenId>,
}

impl Callback<Event> {
    /// Parses the body for the query's command. No app id or signature check happens here:
    /// the layer does those before it gets this far.
    pub fn from_parts(query: CallbackQuery, raw_body: Bytes) -> Result<Self, BodyError> {
        Callback::verified(query, raw_body, None, MismatchedBodies::Refuse)
    }

    /// A callback whose query passed the checks, signed with `token`.
    pub(crate) fn verified(
        query: CallbackQuery,
        raw_body: Bytes,
        token: Option<TokenId>,
        mismatched: MismatchedBodies,
    ) -> Result<Self, BodyError> {
        let event = Event::parse_with(query.command(), &raw_body, mismatched)?;
        Ok(Callback {
            query,
            event,
            raw_body,
            token,
        })
    }

    /// Narrows to one typed event, or gives the callback back unchanged when it is another
    /// command's.
    // The error hands the whole callback back, so it is as large as the success.
    #[allow(clippy::result_large_err)]
    pub fn narrow<E: FromEvent>(self) -> Result<Callback<E>, Callback<Event>> {
        let Callback {
            query,
            event,
            raw_body,
            token,
        } = self;
        match E::from_event(event) {
            Ok(event) => Ok(Callback {
                query,
                event,
                raw_body,
                token,
            }),
            Err(event) => Err(Callback {
                query,
                event,
                raw_body,
                token,
            }),
        }
    }
}

impl<E> Callback<E> {
    /// The typed event.
    pub fn event(&self) -> &E {
        &self.event
    }

    /// The typed event, mutable.
    pub fn event_mut(&mut self) -> &mut E {
        &mut self.event
    }

    /// Takes the typed event.
    pub fn into_event(self) -> E {
        self.event
    }

    /// All the query's facts.
    pub fn query(&self) -> &CallbackQuery {
        &self.query
    }

    /// `SdkAppid` (already checked against the configured app ids).
    pub fn sdk_app_id(&self) -> u64 {
        self.query.sdk_app_id()
    }

    /// `CallbackCommand`.
    pub fn command(&self) -> &Command {
        self.query.command()
    }

    /// `ClientIP` as given.
    pub fn client_ip(&self) -> Option<&str> {
        self.query.client_ip()
    }

    /// `ClientIP` as an address, when it parses as one.
    pub fn client_ip_addr(&self) -> Option<IpAddr> {
        self.query.client_ip_addr()
    }

    /// `OptPlatform`.
    pub fn platform(&self) -> Option<&Platform> {
        self.query.platform()
    }

    /// `RequestTime`, Unix seconds (present when callbacks are signed).
    pub fn request_time(&self) -> Option<u64> {
        self.query.request_time()
    }

    /// `RequestID` (or `RequestId`), an undocumented query parameter seen in real traffic,
    /// as given. Nobody has shown that a retry keeps it: do not deduplicate on it.
    pub fn request_id(&self) -> Option<&str> {
        self.query.request_id()
    }

    /// Which configured token signed this callback (`None` when the layer accepts unsigned
    /// callbacks). Never the token itself.
    pub fn signed_with(&self) -> Option<TokenId> {
        self.token
    }

    /// The key that identifies this callback for deduplication: the body's natural key with
    /// the command where it has one, a digest of command and body otherwise (see
    /// [`idempotency`](crate::idempotency) for the derivation per command).
    pub fn idempotency_key(&self) -> crate::idempotency::IdempotencyKey {
        crate::idempotency::idempotency_key(self.command().as_str(), &self.raw_body)
    }

    /// The exact bytes of the body as received.
    ///
    /// A body that arrived in one frame is kept as it came, which may be a share of the
    /// server's read buffer: see [`detach`](Self::detach) before keeping the callback beyond
    /// its request.
    pub fn raw_body(&self) -> &Bytes {
        &self.raw_body
    }

    /// The same callback, holding a copy of its body instead of a share of the buffer it
    /// was read into.
    ///
    /// A body that arrived in one read is a slice of the connection's read buffer (hyper's
    /// starts at 8 KiB), and the layer keeps it as it came, so that answering within the
    /// request copies nothing. A callback kept after its request (in a queue, a batch,
    /// another task) keeps that whole buffer alive with it. Detach callbacks you keep: each
    /// then holds only its own bytes (always a copy, whatever the body was read from).
    /// Measured with a full queue of 1,024 callbacks in the `server` example (see
    /// `BENCHMARKS.md`): 9.2 MiB kept as they came, 3.9 MiB detached.
    ///
    /// ```
    /// # use tencent_im_callback::{Callback, Event};
    /// # fn keep(callback: Callback<Event>, queue: &mut Vec<Callback<Event>>) {
    /// queue.push(callback.detach());
    /// # }
    /// ```
    #[must_use = "the detached callback is returned; the original still shares the buffer"]
    pub fn detach(self) -> Self {
        Callback {
            raw_body: Bytes::copy_from_slice(&self.raw_body),
            ..self
        }
    }
}

/// A callback serialises as one JSON object: `{"sdk_app_id", "command", "client_ip",
/// "platform", "event"}`, with the event under Tencent's field names. This is the line format
/// of the `inspect` and `server` examples, handy for logs and queues.
impl<E: Serialize> Serialize for Callback<E> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut object = serializer.serialize_struct("Callback", 5)?;
        object.serialize_field("sdk_app_id", &self.sdk_app_id())?;
        object.serialize_field("command", self.command().as_str())?;
        object.serialize_field("client_ip", &self.client_ip())?;
        object.serialize_field("platform", &self.platform().map(Platform::as_str))?;
        object.serialize_field("event", &self.event)?;
        object.end()
    }
}
