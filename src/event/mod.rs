//! Typed callback bodies.

mod error;
mod extra;
pub(crate) mod lenient;
mod mic;
mod room;
mod time;
mod wire;

use std::time::SystemTime;

use serde::{Serialize, Serializer};
use serde_json::value::RawValue;

pub use error::{BodyError, BodyErrorKind};
pub use extra::ExtraFields;
pub use mic::{Seat, SeatInfoChanged};
pub use room::{
    CreateRoom, DestroyRoom, MemberChange, MemberEnter, MemberLeave, RoomInfo, RoomStatus,
    RoomType, TakeSeatMode, UpdateRoomInfo,
};

use crate::Command;
use error::from_json;
use lenient::Field;

/// A callback body, typed by its command.
///
/// Commands this crate does not model yet arrive as [`Event::Unknown`] with their JSON kept
/// exactly, so a new Tencent command never breaks an endpoint.
///
/// ```
/// use tencent_im_callback::{Command, Event};
///
/// let body = br#"{"CallbackCommand":"Room.CallbackAfterDestroyRoom","Operator_Account":"admin",
///                 "RoomId":"tandy-test-rest","EventTime":1703589922780}"#;
/// match Event::parse(&Command::DestroyRoom, body)? {
///     Event::DestroyRoom(event) => assert_eq!(event.room_id, "tandy-test-rest"),
///     other => panic!("unexpected {other:?}"),
/// }
/// # Ok::<(), tencent_im_callback::BodyError>(())
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Event {
    /// `Room.CallbackAfterCreateRoom`.
    CreateRoom(CreateRoom),
    /// `Room.CallbackAfterDestroyRoom`.
    DestroyRoom(DestroyRoom),
    /// `Room.CallbackAfterUpdateRoomInfo`.
    UpdateRoomInfo(UpdateRoomInfo),
    /// `Room.CallbackAfterMemberEnter`.
    MemberEnter(MemberEnter),
    /// `Room.CallbackAfterMemberLeave`.
    MemberLeave(MemberLeave),
    /// `Mic.CallbackAfterSeatInfoChanged`.
    SeatInfoChanged(SeatInfoChanged),
    /// Any other command, with its body as received (checked to be a JSON object).
    Unknown {
        /// The command word.
        command: Command,
        /// The body's exact JSON text.
        body: Box<RawValue>,
    },
}

impl Event {
    /// Reads the body of a callback whose query named `command`.
    ///
    /// Fails when the body is not JSON, has the wrong shape for the command (see each event
    /// type for its required fields), or names a different command in its own
    /// `CallbackCommand`.
    pub fn parse(command: &Command, body: &[u8]) -> Result<Event, BodyError> {
        let parsed = match command {
            Command::CreateRoom => from_json(body).map(Event::CreateRoom),
            Command::DestroyRoom => from_json(body).map(Event::DestroyRoom),
            Command::UpdateRoomInfo => from_json(body).map(Event::UpdateRoomInfo),
            Command::MemberEnter => from_json(body).map(Event::MemberEnter),
            Command::MemberLeave => from_json(body).map(Event::MemberLeave),
            Command::SeatInfoChanged => from_json(body).map(Event::SeatInfoChanged),
            Command::Other(_) => {
                let body: Box<RawValue> = from_json(body)?;
                let envelope: Envelope = from_json(body.get().as_bytes())?;
                check_command(command, envelope.callback_command.as_deref())?;
                return Ok(Event::Unknown {
                    command: command.clone(),
                    body,
                });
            }
        };
        match parsed {
            Ok(event) => {
                check_command(command, event.body_command())?;
                Ok(event)
            }
            // A body of another command usually lacks this one's fields; say what is really
            // wrong when the body names its command.
            Err(error) if error.kind() == BodyErrorKind::Data => {
                if let Ok(envelope) = from_json::<Envelope>(body) {
                    check_command(command, envelope.callback_command.as_deref())?;
                }
                Err(error)
            }
            Err(error) => Err(error),
        }
    }

    /// The command this event answers to.
    pub fn command(&self) -> Command {
        match self {
            Event::CreateRoom(_) => Command::CreateRoom,
            Event::DestroyRoom(_) => Command::DestroyRoom,
            Event::UpdateRoomInfo(_) => Command::UpdateRoomInfo,
            Event::MemberEnter(_) => Command::MemberEnter,
            Event::MemberLeave(_) => Command::MemberLeave,
            Event::SeatInfoChanged(_) => Command::SeatInfoChanged,
            Event::Unknown { command, .. } => command.clone(),
        }
    }

    /// `Operator_Account`: who caused the event (modelled events only).
    pub fn operator_account(&self) -> Option<&str> {
        match self {
            Event::CreateRoom(e) => e.operator_account.as_deref(),
            Event::DestroyRoom(e) => e.operator_account.as_deref(),
            Event::UpdateRoomInfo(e) => e.operator_account.as_deref(),
            Event::MemberEnter(e) => e.operator_account.as_deref(),
            Event::MemberLeave(e) => e.operator_account.as_deref(),
            Event::SeatInfoChanged(e) => e.operator_account.as_deref(),
            Event::Unknown { .. } => None,
        }
    }

    /// The room the event concerns (modelled events only).
    pub fn room_id(&self) -> Option<&str> {
        match self {
            Event::CreateRoom(e) => e.room_info.room_id.as_deref(),
            Event::UpdateRoomInfo(e) => e.room_info.room_id.as_deref(),
            Event::DestroyRoom(e) => Some(&e.room_id),
            Event::MemberEnter(e) => Some(&e.room_id),
            Event::MemberLeave(e) => Some(&e.room_id),
            Event::SeatInfoChanged(e) => Some(&e.room_id),
            Event::Unknown { .. } => None,
        }
    }

    /// `EventTime`, Unix milliseconds (modelled events only).
    pub fn event_time(&self) -> Option<u64> {
        match self {
            Event::CreateRoom(e) => e.event_time,
            Event::DestroyRoom(e) => e.event_time,
            Event::UpdateRoomInfo(e) => e.event_time,
            Event::MemberEnter(e) => e.event_time,
            Event::MemberLeave(e) => e.event_time,
            Event::SeatInfoChanged(e) => e.event_time,
            Event::Unknown { .. } => None,
        }
    }

    /// `EventTime` as a `SystemTime`.
    pub fn occurred_at(&self) -> Option<SystemTime> {
        time::from_unix_millis(self.event_time()?)
    }

    fn body_command(&self) -> Option<&str> {
        match self {
            Event::CreateRoom(e) => e.callback_command.as_deref(),
            Event::DestroyRoom(e) => e.callback_command.as_deref(),
            Event::UpdateRoomInfo(e) => e.callback_command.as_deref(),
            Event::MemberEnter(e) => e.callback_command.as_deref(),
            Event::MemberLeave(e) => e.callback_command.as_deref(),
            Event::SeatInfoChanged(e) => e.callback_command.as_deref(),
            Event::Unknown { .. } => None,
        }
    }
}

impl PartialEq for Event {
    fn eq(&self, other: &Event) -> bool {
        match (self, other) {
            (Event::CreateRoom(a), Event::CreateRoom(b)) => a == b,
            (Event::DestroyRoom(a), Event::DestroyRoom(b)) => a == b,
            (Event::UpdateRoomInfo(a), Event::UpdateRoomInfo(b)) => a == b,
            (Event::MemberEnter(a), Event::MemberEnter(b)) => a == b,
            (Event::MemberLeave(a), Event::MemberLeave(b)) => a == b,
            (Event::SeatInfoChanged(a), Event::SeatInfoChanged(b)) => a == b,
            (
                Event::Unknown { command, body },
                Event::Unknown {
                    command: other_command,
                    body: other_body,
                },
            ) => command == other_command && body.get() == other_body.get(),
            _ => false,
        }
    }
}

fn check_command(query_command: &Command, body_command: Option<&str>) -> Result<(), BodyError> {
    match body_command {
        Some(word) if Command::from_wire(word) != *query_command => {
            Err(BodyError::command_mismatch(query_command))
        }
        _ => Ok(()),
    }
}

/// What every body shares: read for commands without a typed event, to check that the body is
/// an object and that its command agrees with the query. Other fields are skipped unread.
struct Envelope {
    callback_command: Option<String>,
}

impl<'de> serde::Deserialize<'de> for Envelope {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EnvelopeVisitor;
        impl<'de> serde::de::Visitor<'de> for EnvelopeVisitor {
            type Value = Envelope;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }

            lenient::refuse_scalars_quietly!();

            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, _: A) -> Result<Envelope, A::Error> {
                Err(serde::de::Error::invalid_type(
                    serde::de::Unexpected::Seq,
                    &self,
                ))
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Envelope, A::Error> {
                let mut callback_command = None;
                while let Some(lenient::Key(key)) = map.next_key()? {
                    if key != "CallbackCommand" {
                        map.next_value::<serde::de::IgnoredAny>()?;
                    } else if callback_command.is_some() {
                        return Err(serde::de::Error::duplicate_field("CallbackCommand"));
                    } else {
                        callback_command = map.next_value::<Option<lenient::LenientString>>()?;
                    }
                }
                Ok(Envelope {
                    callback_command: callback_command.map(String::from_wire),
                })
            }
        }
        deserializer.deserialize_any(EnvelopeVisitor)
    }
}

/// Serialises the event as Tencent's JSON: modelled fields under their wire names, unknown
/// fields as received, lenient values in their documented types.
impl Serialize for Event {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Event::CreateRoom(e) => e.serialize(serializer),
            Event::DestroyRoom(e) => e.serialize(serializer),
            Event::UpdateRoomInfo(e) => e.serialize(serializer),
            Event::MemberEnter(e) => e.serialize(serializer),
            Event::MemberLeave(e) => e.serialize(serializer),
            Event::SeatInfoChanged(e) => e.serialize(serializer),
            Event::Unknown { body, .. } => body.serialize(serializer),
        }
    }
}

/// Event types a [`Callback`](crate::Callback) can be narrowed to: [`Event`] itself and each
/// typed event.
pub trait FromEvent: Sized {
    /// Takes the typed event out, or gives the event back when it is another command's.
    // The error hands the whole event back, so it is as large as the success.
    #[allow(clippy::result_large_err)]
    fn from_event(event: Event) -> Result<Self, Event>;
}

impl FromEvent for Event {
    fn from_event(event: Event) -> Result<Self, Event> {
        Ok(event)
    }
}

macro_rules! from_event {
    ($($variant:ident),*) => {
        $(
            impl FromEvent for $variant {
                fn from_event(event: Event) -> Result<Self, Event> {
                    match event {
                        Event::$variant(inner) => Ok(inner),
                        other => Err(other),
                    }
                }
            }

            impl From<$variant> for Event {
                fn from(event: $variant) -> Event {
                    Event::$variant(event)
                }
            }
        )*
    };
}

from_event!(
    CreateRoom,
    DestroyRoom,
    UpdateRoomInfo,
    MemberEnter,
    MemberLeave,
    SeatInfoChanged
);
