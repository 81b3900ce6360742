//! The body every TRTC event callback shares, `{"EventGroupId", "EventType", "CallbackTs",
//! "EventInfo"}`, and what every event offers whatever its group: ids, times, ordering and an
//! idempotency key.

use std::fmt;
use std::marker::PhantomData;
use std::time::SystemTime;

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Unexpected,
    Visitor,
};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde::Deserialize;
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};

use super::error::{self, TrtcBodyError};
use super::reuse::{refuse_scalars_quietly, ExtraFields, Key};
use super::table::TrtcEvent;
use super::values::{RawJson, RoomId, UnixMillis, UnixSecs};
use super::wire::{trtc_object, Slot, WireField};

/// What every TRTC event can say about itself, whatever its group: the ids and times most
/// groups carry. Each method gives `None` where the event's group has no such field.
///
/// Implemented by every event type, by [`TrtcEvent`], [`UnknownEvent`] (read from its kept
/// JSON where possible), [`TrtcEnvelope`] and [`TrtcCallback`](super::TrtcCallback).
///
/// ```
/// use tencent_im_callback::trtc::{RoomId, TrtcEnvelope, TrtcEventInfo, UnixMillis};
///
/// let body = br#"{"EventGroupId":1,"EventType":104,"CallbackTs":1687770731922,"EventInfo":
///   {"RoomId":12345,"EventTs":1687770731,"EventMsTs":1687770731898,"UserId":"test","Role":20,"Reason":1}}"#;
/// let envelope = TrtcEnvelope::parse(body)?;
/// assert_eq!(envelope.event.room_id(), Some(&RoomId::Number(12345)));
/// assert_eq!(envelope.event.user_id(), Some("test"));
/// assert_eq!(envelope.event.event_ms_ts(), Some(UnixMillis(1687770731898)));
/// # Ok::<(), tencent_im_callback::trtc::TrtcBodyError>(())
/// ```
pub trait TrtcEventInfo {
    /// `RoomId` (`roomID` in group 6).
    fn room_id(&self) -> Option<&RoomId> {
        None
    }

    /// `UserId` (`userID` in group 6): the user, or the robot of a cloud task.
    fn user_id(&self) -> Option<&str> {
        None
    }

    /// `TaskId`: the cloud task (recording, relay, ingest, AI, slicing, moderation).
    fn task_id(&self) -> Option<&str> {
        None
    }

    /// `EventMsTs` (also spelled `EventTsMs`): when the event happened, in milliseconds. The
    /// time to order events by: Tencent says callbacks may arrive out of order.
    fn event_ms_ts(&self) -> Option<UnixMillis> {
        None
    }

    /// `EventTs`: when the event happened, in whole seconds ("kept for compatibility").
    fn event_ts(&self) -> Option<UnixSecs> {
        None
    }

    /// When the event happened: `EventMsTs` when present, else `EventTs` (each converted by
    /// its own unit), else a group's own event time (group 6's `timestamp`).
    fn occurred_at(&self) -> Option<SystemTime> {
        self.event_ms_ts()
            .and_then(UnixMillis::to_system_time)
            .or_else(|| self.event_ts()?.to_system_time())
    }
}

impl<T: TrtcEventInfo + ?Sized> TrtcEventInfo for &T {
    fn room_id(&self) -> Option<&RoomId> {
        (**self).room_id()
    }
    fn user_id(&self) -> Option<&str> {
        (**self).user_id()
    }
    fn task_id(&self) -> Option<&str> {
        (**self).task_id()
    }
    fn event_ms_ts(&self) -> Option<UnixMillis> {
        (**self).event_ms_ts()
    }
    fn event_ts(&self) -> Option<UnixSecs> {
        (**self).event_ts()
    }
    fn occurred_at(&self) -> Option<SystemTime> {
        (**self).occurred_at()
    }
}

/// Sorts events (or envelopes, or callbacks) by [`TrtcEventInfo::event_ms_ts`], oldest
/// first. The sort is stable: events with the same time, and events without one (which come
/// first), keep the order they arrived in.
///
/// Tencent retries and may deliver out of order; after sorting, an event older than the last
/// one applied for the same room, user or task is stale.
///
/// ```
/// use tencent_im_callback::trtc::{sort_by_event_time, TrtcEnvelope, TrtcEventInfo, UnixMillis};
///
/// let late = TrtcEnvelope::parse(br#"{"EventGroupId":2,"EventType":202,"EventInfo":{"RoomId":1,"EventMsTs":20}}"#)?;
/// let early = TrtcEnvelope::parse(br#"{"EventGroupId":2,"EventType":201,"EventInfo":{"RoomId":1,"EventMsTs":10}}"#)?;
/// let mut events = vec![late, early];
/// sort_by_event_time(&mut events);
/// assert_eq!(events[0].event.event_ms_ts(), Some(UnixMillis(10)));
/// # Ok::<(), tencent_im_callback::trtc::TrtcBodyError>(())
/// ```
pub fn sort_by_event_time<T: TrtcEventInfo>(events: &mut [T]) {
    events.sort_by_key(|event| event.event_ms_ts());
}

/// Characters escaped in the parts of an idempotency key: controls, the separator `:` and
/// `%` itself (non-ASCII is always escaped), so that no two different events' parts run
/// together into the same key.
const KEY_PART: &AsciiSet = &CONTROLS.add(b':').add(b'%').add(b' ');

/// The idempotency key of an event; see [`TrtcCallback::idempotency_key`](super::TrtcCallback::idempotency_key).
pub(crate) fn idempotency_key(
    event_group_id: u32,
    event_type: Option<u32>,
    info: &dyn TrtcEventInfo,
    raw_body: &[u8],
) -> String {
    let event_type = event_type.map_or_else(String::new, |code| code.to_string());
    let identified =
        info.room_id().is_some() || info.user_id().is_some() || info.task_id().is_some();
    match info.event_ms_ts() {
        Some(UnixMillis(millis)) if identified => {
            let room = match info.room_id() {
                Some(RoomId::Number(id)) => format!("n{id}"),
                Some(RoomId::Text(id)) => format!("s{}", utf8_percent_encode(id, KEY_PART)),
                None => String::new(),
            };
            let part = |text: Option<&str>| {
                text.map_or_else(String::new, |text| {
                    utf8_percent_encode(text, KEY_PART).to_string()
                })
            };
            format!(
                "trtc:{event_group_id}:{event_type}:{room}:{}:{}:{millis}",
                part(info.user_id()),
                part(info.task_id()),
            )
        }
        _ => format!(
            "trtc:{event_group_id}:{event_type}:sha256:{}",
            hex::encode(Sha256::digest(raw_body))
        ),
    }
}

/// Event types a [`TrtcCallback`](super::TrtcCallback) can be narrowed to: [`TrtcEvent`]
/// itself, each event type, [`UnknownEvent`] and
/// [`RecordingEvent`](super::recording::RecordingEvent).
pub trait FromTrtcEvent: Sized {
    /// Takes the typed event out, or gives the event back when it is another one.
    fn from_trtc_event(event: TrtcEvent) -> Result<Self, TrtcEvent>;
}

impl FromTrtcEvent for TrtcEvent {
    fn from_trtc_event(event: TrtcEvent) -> Result<Self, TrtcEvent> {
        Ok(event)
    }
}

impl FromTrtcEvent for UnknownEvent {
    fn from_trtc_event(event: TrtcEvent) -> Result<Self, TrtcEvent> {
        match event {
            TrtcEvent::Unknown(unknown) => Ok(*unknown),
            other => Err(other),
        }
    }
}

trtc_object! {
    /// The fields most groups share, read (best effort) from an unknown event's JSON.
    pub struct Common {
        /// `RoomId`.
        pub room_id: Option<RoomId> = "RoomId",
        /// `EventTs`, seconds.
        pub event_ts: Option<UnixSecs> = "EventTs",
        /// `EventMsTs`, milliseconds.
        pub event_ms_ts: Option<UnixMillis> = "EventMsTs" | "EventTsMs",
        /// `UserId`.
        pub user_id: Option<String> = "UserId",
        /// `TaskId`.
        pub task_id: Option<String> = "TaskId",
    }
}

/// An event this crate does not model: a new group or code, or a body without `EventType`
/// (one of Tencent's group-9 examples has none). Its `EventInfo` is kept as received.
///
/// Tencent adds groups and codes without notice; such events are verified and passed on,
/// never refused. The common ids and times are read from the kept JSON where they have the
/// usual names and types.
///
/// ```
/// use tencent_im_callback::trtc::{TrtcEnvelope, TrtcEvent, TrtcEventInfo};
///
/// let body = br#"{"EventGroupId":12,"EventType":1207,"CallbackTs":1,"EventInfo":{"TaskId":"t1","New":[1]}}"#;
/// let TrtcEvent::Unknown(unknown) = TrtcEnvelope::parse(body)?.event else { unreachable!() };
/// assert_eq!((unknown.event_group_id, unknown.event_type), (12, Some(1207)));
/// assert_eq!(unknown.event_info.get(), r#"{"TaskId":"t1","New":[1]}"#);
/// assert_eq!(unknown.task_id(), Some("t1"));
/// # Ok::<(), tencent_im_callback::trtc::TrtcBodyError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct UnknownEvent {
    /// `EventGroupId`.
    pub event_group_id: u32,
    /// `EventType`, when the body has one.
    pub event_type: Option<u32>,
    /// `EventInfo`, exactly as received.
    pub event_info: RawJson,
    common: Common,
}

impl UnknownEvent {
    pub(crate) fn new(event_group_id: u32, event_type: Option<u32>, event_info: &RawValue) -> Self {
        UnknownEvent {
            event_group_id,
            event_type,
            event_info: RawJson::from_wire(event_info.to_owned()),
            common: serde_json::from_str(event_info.get()).unwrap_or_default(),
        }
    }
}

impl TrtcEventInfo for UnknownEvent {
    fn room_id(&self) -> Option<&RoomId> {
        self.common.room_id.as_ref()
    }
    fn user_id(&self) -> Option<&str> {
        self.common.user_id.as_deref()
    }
    fn task_id(&self) -> Option<&str> {
        self.common.task_id.as_deref()
    }
    fn event_ms_ts(&self) -> Option<UnixMillis> {
        self.common.event_ms_ts
    }
    fn event_ts(&self) -> Option<UnixSecs> {
        self.common.event_ts
    }
}

impl Serialize for UnknownEvent {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.event_info.serialize(serializer)
    }
}

/// A TRTC event-callback body: the envelope every group shares, around the typed event.
///
/// `E` is [`TrtcEvent`] after [`TrtcEnvelope::parse`]; [`TrtcEnvelope::map`] narrows it.
///
/// Read leniently, as Tencent sends it: `EventGroupId`, `EventType` and the times as numbers
/// or digit strings; the send time as `CallbackTs` or `CallbackMsTs` (group 7, and group 9's
/// tables); no `EventType` at all (kept as an [`UnknownEvent`]); unknown top-level fields kept
/// in `extra`. `EventGroupId` and an `EventInfo` object are required.
///
/// Serialises back as Tencent's JSON, the send time under `CallbackTs`.
///
/// ```
/// use tencent_im_callback::trtc::{room::EnterRoom, TrtcEnvelope, TrtcEvent, UnixMillis};
///
/// let body = include_bytes!("../../tests/fixtures/trtc/1-103-enter-room.json");
/// let envelope = TrtcEnvelope::parse(body)?;
/// assert_eq!((envelope.event_group_id, envelope.event_type), (1, Some(103)));
/// assert_eq!(envelope.callback_ts, Some(UnixMillis(1687770731932)));
/// let TrtcEvent::EnterRoom(entered) = &envelope.event else { unreachable!() };
/// assert_eq!(entered.user_id.as_deref(), Some("test"));
/// # Ok::<(), tencent_im_callback::trtc::TrtcBodyError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct TrtcEnvelope<E = TrtcEvent> {
    /// `EventGroupId`.
    pub event_group_id: u32,
    /// `EventType`, when the body has one.
    pub event_type: Option<u32>,
    /// `CallbackTs` (or `CallbackMsTs`): when Tencent sent the callback, in milliseconds.
    /// Retries re-send the same body, so this is the first attempt's time.
    pub callback_ts: Option<UnixMillis>,
    /// The typed `EventInfo`.
    pub event: E,
    /// Top-level fields this crate does not model, kept as received (for example the
    /// `CallbackCommand` of an IM-style envelope that carries a TRTC body).
    pub extra: ExtraFields,
}

impl TrtcEnvelope<TrtcEvent> {
    /// Reads a TRTC event-callback body. No signature check happens here: the layer checks
    /// the signature over these exact bytes before reading them.
    pub fn parse(body: &[u8]) -> Result<TrtcEnvelope, TrtcBodyError> {
        let raw: RawEnvelope<'_> = error::from_json(body)?;
        let event = match raw.info {
            Info::Typed(event) => event,
            Info::Raw(info) => {
                TrtcEvent::from_parts(raw.event_group_id, raw.event_type, info, Some(body))?
            }
        };
        Ok(TrtcEnvelope {
            event_group_id: raw.event_group_id,
            event_type: raw.event_type,
            callback_ts: raw.callback_ts,
            event,
            extra: raw.extra,
        })
    }

    /// An envelope around `event`, with its group and code, sent at `callback_ts`: for
    /// simulators and tests.
    pub fn new(event: TrtcEvent, callback_ts: Option<UnixMillis>) -> TrtcEnvelope {
        TrtcEnvelope {
            event_group_id: event.event_group_id(),
            event_type: event.event_type(),
            callback_ts,
            event,
            extra: ExtraFields::default(),
        }
    }
}

impl<E> TrtcEnvelope<E> {
    /// The same envelope with its event converted.
    pub fn map<F>(self, convert: impl FnOnce(E) -> F) -> TrtcEnvelope<F> {
        TrtcEnvelope {
            event_group_id: self.event_group_id,
            event_type: self.event_type,
            callback_ts: self.callback_ts,
            event: convert(self.event),
            extra: self.extra,
        }
    }

    /// `CallbackTs` as a `SystemTime`.
    pub fn sent_at(&self) -> Option<SystemTime> {
        self.callback_ts?.to_system_time()
    }
}

impl<E: TrtcEventInfo> TrtcEnvelope<E> {
    /// The event's idempotency key, given the body it was read from; see
    /// [`TrtcCallback::idempotency_key`](super::TrtcCallback::idempotency_key).
    pub fn idempotency_key(&self, raw_body: &[u8]) -> String {
        idempotency_key(self.event_group_id, self.event_type, &self.event, raw_body)
    }
}

impl<E: TrtcEventInfo> TrtcEventInfo for TrtcEnvelope<E> {
    fn room_id(&self) -> Option<&RoomId> {
        self.event.room_id()
    }
    fn user_id(&self) -> Option<&str> {
        self.event.user_id()
    }
    fn task_id(&self) -> Option<&str> {
        self.event.task_id()
    }
    fn event_ms_ts(&self) -> Option<UnixMillis> {
        self.event.event_ms_ts()
    }
    fn event_ts(&self) -> Option<UnixSecs> {
        self.event.event_ts()
    }
    fn occurred_at(&self) -> Option<SystemTime> {
        self.event.occurred_at()
    }
}

impl<E: Serialize> Serialize for TrtcEnvelope<E> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("EventGroupId", &self.event_group_id)?;
        if let Some(event_type) = self.event_type {
            map.serialize_entry("EventType", &event_type)?;
        }
        if let Some(callback_ts) = self.callback_ts {
            map.serialize_entry("CallbackTs", &callback_ts)?;
        }
        map.serialize_entry("EventInfo", &self.event)?;
        for (name, raw) in self.extra.iter() {
            map.serialize_entry(name, &super::reuse::Compact(raw))?;
        }
        map.end()
    }
}

/// The reading of a body: the envelope, and `EventInfo` typed on the way when its group and
/// code came before it (as in every body Tencent publishes), or else borrowed as raw JSON
/// until they are known.
struct RawEnvelope<'a> {
    event_group_id: u32,
    event_type: Option<u32>,
    callback_ts: Option<UnixMillis>,
    info: Info<'a>,
    extra: ExtraFields,
}

enum Info<'a> {
    Typed(TrtcEvent),
    Raw(&'a RawValue),
}

/// Types `EventInfo` as it is read, for a known group and code.
struct InfoSeed {
    event_group_id: u32,
    event_type: u32,
}

impl<'de> DeserializeSeed<'de> for InfoSeed {
    type Value = TrtcEvent;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<TrtcEvent, D::Error> {
        TrtcEvent::deserialize_info(self.event_group_id, self.event_type, deserializer)
    }
}

/// Refuses an unknown event's `EventInfo` that is not an object.
pub(crate) fn check_object<E: de::Error>(info: &RawValue) -> Result<(), E> {
    if info.get().starts_with('{') {
        Ok(())
    } else {
        Err(E::invalid_type(
            Unexpected::Other("non-object `EventInfo`"),
            &"an `EventInfo` object",
        ))
    }
}

/// Reads an event code: a non-negative integer below 2^32, as a number or digit string.
fn next_code<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Option<u32>, A::Error> {
    let Some(wire) = map.next_value::<Option<<u64 as WireField>::Wire>>()? else {
        return Ok(None);
    };
    u32::try_from(u64::from_wire(wire)).map(Some).map_err(|_| {
        de::Error::invalid_value(Unexpected::Other("integer"), &"an integer below 2^32")
    })
}

impl<'de> Deserialize<'de> for RawEnvelope<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EnvelopeVisitor;
        impl<'de> Visitor<'de> for EnvelopeVisitor {
            type Value = RawEnvelope<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }

            refuse_scalars_quietly!();

            fn visit_seq<A: de::SeqAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
                Err(de::Error::invalid_type(Unexpected::Seq, &self))
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                use de::Error;
                let mut group: Option<Option<u32>> = None;
                let mut event_type: Option<Option<u32>> = None;
                let mut sent = Slot::<Option<UnixMillis>>::new();
                let mut info: Option<Info<'de>> = None;
                let mut extra = ExtraFields::default();
                while let Some(Key(key)) = map.next_key()? {
                    match &*key {
                        "EventGroupId" if group.is_some() => {
                            return Err(A::Error::duplicate_field("EventGroupId"))
                        }
                        "EventGroupId" => group = Some(next_code(&mut map)?),
                        "EventType" if event_type.is_some() => {
                            return Err(A::Error::duplicate_field("EventType"))
                        }
                        "EventType" => event_type = Some(next_code(&mut map)?),
                        "EventInfo" if info.is_some() => {
                            return Err(A::Error::duplicate_field("EventInfo"))
                        }
                        "EventInfo" => {
                            info = Some(match (group, event_type) {
                                (Some(Some(event_group_id)), Some(Some(event_type))) => {
                                    Info::Typed(map.next_value_seed(InfoSeed {
                                        event_group_id,
                                        event_type,
                                    })?)
                                }
                                _ => Info::Raw(map.next_value()?),
                            })
                        }
                        "CallbackTs" => sent.documented("CallbackTs", &mut map, &mut extra)?,
                        "CallbackMsTs" => sent.other("CallbackMsTs", &mut map, &mut extra)?,
                        _ => {
                            let raw = map.next_value()?;
                            extra
                                .insert_new(key.into_owned(), raw)
                                .map_err(A::Error::custom)?;
                        }
                    }
                }
                let event_group_id = group
                    .flatten()
                    .ok_or_else(|| A::Error::missing_field("EventGroupId"))?;
                let info = info.ok_or_else(|| A::Error::missing_field("EventInfo"))?;
                if let Info::Raw(raw) = info {
                    check_object(raw)?;
                }
                Ok(RawEnvelope {
                    event_group_id,
                    event_type: event_type.flatten(),
                    callback_ts: sent.finish("CallbackTs")?,
                    info,
                    extra,
                })
            }
        }
        deserializer.deserialize_any(EnvelopeVisitor)
    }
}

/// Reads a typed `EventInfo` from its raw text; when that fails, reads the whole body again
/// with the path tracked, so the error's path (`EventInfo.Payload.Status`), line and column
/// are the body's.
pub(crate) fn read_info<T: DeserializeOwned>(
    info: &RawValue,
    body: Option<&[u8]>,
) -> Result<T, TrtcBodyError> {
    match serde_json::from_str(info.get()) {
        Ok(value) => Ok(value),
        Err(first) => Err(match body {
            Some(body) => error::locate::<InEventInfo<T>>(body, &first),
            None => error::locate::<T>(info.get().as_bytes(), &first),
        }),
    }
}

/// A body read only for its `EventInfo`, as `T`: the slow path of [`read_info`].
struct InEventInfo<T>(PhantomData<T>);

impl<'de, T: DeserializeOwned> Deserialize<'de> for InEventInfo<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct InfoVisitor<T>(PhantomData<T>);
        impl<'de, T: DeserializeOwned> Visitor<'de> for InfoVisitor<T> {
            type Value = InEventInfo<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                while let Some(Key(key)) = map.next_key()? {
                    if key == "EventInfo" {
                        map.next_value::<T>()?;
                    } else {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                Ok(InEventInfo(PhantomData))
            }
        }
        deserializer.deserialize_any(InfoVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trtc::TrtcBodyErrorKind;

    #[test]
    fn event_info_errors_carry_the_body_s_path_and_position() {
        let body = b"{\"EventGroupId\":3,\"EventType\":301,\"CallbackTs\":1,\n\"EventInfo\":{\"Payload\":{\"Status\":true}}}";
        let error = TrtcEnvelope::parse(body).unwrap_err();
        assert_eq!(error.kind(), TrtcBodyErrorKind::Data);
        assert_eq!(error.path(), Some("EventInfo.Payload.Status"));
        assert_eq!(error.line(), 2);
        assert!(error.to_string().contains("boolean"), "{error}");
    }

    #[test]
    fn event_info_before_its_group_and_code_reads_the_same() {
        let first = br#"{"EventGroupId":3,"EventType":305,"CallbackTs":1,"EventInfo":{"TaskId":"t","Payload":{"LeaveCode":2}}}"#;
        let last = br#"{"EventInfo":{"TaskId":"t","Payload":{"LeaveCode":2}},"CallbackTs":1,"EventType":305,"EventGroupId":3}"#;
        assert_eq!(
            TrtcEnvelope::parse(first).unwrap(),
            TrtcEnvelope::parse(last).unwrap()
        );
        let bad =
            b"{\"EventInfo\":\n{\"Payload\":{\"Status\":[]}},\"EventType\":301,\"EventGroupId\":3}";
        let error = TrtcEnvelope::parse(bad).unwrap_err();
        assert_eq!(error.path(), Some("EventInfo.Payload.Status"));
        assert_eq!(error.line(), 2);
    }

    #[test]
    fn the_envelope_needs_a_group_and_an_event_info_object() {
        for (body, message) in [
            (r#"{"EventInfo":{}}"#, "missing field `EventGroupId`"),
            (r#"{"EventGroupId":1}"#, "missing field `EventInfo`"),
            (
                r#"{"EventGroupId":1,"EventInfo":[]}"#,
                "an `EventInfo` object",
            ),
            (
                r#"{"EventGroupId":4294967296,"EventInfo":{}}"#,
                "below 2^32",
            ),
            (
                r#"{"EventGroupId":1,"EventGroupId":1,"EventInfo":{}}"#,
                "duplicate field",
            ),
            (r#"[]"#, "expected a JSON object"),
        ] {
            let error = TrtcEnvelope::parse(body.as_bytes()).unwrap_err();
            assert_eq!(error.kind(), TrtcBodyErrorKind::Data, "{body}");
            assert!(error.to_string().contains(message), "{body}: {error}");
        }
    }

    #[test]
    fn the_documented_send_time_spelling_wins_and_the_other_is_kept() {
        for body in [
            r#"{"EventGroupId":7,"CallbackMsTs":5,"CallbackTs":6,"EventInfo":{}}"#,
            r#"{"EventGroupId":7,"CallbackTs":6,"CallbackMsTs":5,"EventInfo":{}}"#,
        ] {
            let envelope = TrtcEnvelope::parse(body.as_bytes()).unwrap();
            assert_eq!(envelope.callback_ts, Some(UnixMillis(6)));
            assert_eq!(
                envelope.extra.get("CallbackMsTs").map(RawValue::get),
                Some("5")
            );
            let written = serde_json::to_vec(&envelope).unwrap();
            assert_eq!(TrtcEnvelope::parse(&written).unwrap(), envelope);
        }
        let null_documented =
            br#"{"EventGroupId":7,"CallbackTs":null,"CallbackMsTs":5,"EventInfo":{}}"#;
        let envelope = TrtcEnvelope::parse(null_documented).unwrap();
        assert_eq!(envelope.callback_ts, Some(UnixMillis(5)));
        assert!(envelope.extra.is_empty());
        for twice in [
            r#"{"EventGroupId":7,"CallbackMsTs":5,"CallbackMsTs":6,"EventInfo":{}}"#,
            r#"{"EventGroupId":7,"CallbackTs":null,"CallbackTs":6,"EventInfo":{}}"#,
        ] {
            assert!(TrtcEnvelope::parse(twice.as_bytes()).is_err(), "{twice}");
        }
        let bad_other = br#"{"EventGroupId":7,"CallbackMsTs":true,"EventInfo":{}}"#;
        let error = TrtcEnvelope::parse(bad_other).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("field `CallbackMsTs` is invalid: invalid type: boolean"),
            "{error}"
        );
    }

    #[test]
    fn idempotency_keys_cannot_run_together() {
        let key = |info: &str| {
            let body = format!(r#"{{"EventGroupId":1,"EventType":104,"EventInfo":{info}}}"#);
            TrtcEnvelope::parse(body.as_bytes())
                .unwrap()
                .idempotency_key(body.as_bytes())
        };
        let a = key(r#"{"RoomId":"a:b","UserId":"c","EventMsTs":1}"#);
        let b = key(r#"{"RoomId":"a","UserId":"b:c","EventMsTs":1}"#);
        assert_ne!(a, b);
        assert_eq!(a, "trtc:1:104:sa%3Ab:c::1");
        assert_ne!(
            key(r#"{"RoomId":1,"EventMsTs":1}"#),
            key(r#"{"RoomId":"1","EventMsTs":1}"#)
        );
        assert!(key(r#"{"RoomId":1}"#).starts_with("trtc:1:104:sha256:"));
    }
}
