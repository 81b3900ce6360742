//! Typed callback bodies.

pub(crate) mod compact;
mod error;
mod extra;
pub(crate) mod lenient;
mod mic;
mod modelled;
mod room;
mod surrogate;
mod time;
mod wire;

use std::time::SystemTime;

use serde::{Serialize, Serializer};
use serde_json::value::RawValue;

pub use error::{BodyError, BodyErrorKind, NESTING_LIMIT};
pub use extra::ExtraFields;
pub use mic::{Seat, SeatInfoChanged};
pub use room::{
    CreateRoom, DestroyRoom, MemberChange, MemberEnter, MemberLeave, RoomInfo, RoomStatus,
    RoomType, TakeSeatMode, UpdateRoomInfo,
};

use crate::Command;
use error::from_json;
use lenient::Field;

modelled::modelled_events! {
    /// `Room.CallbackAfterCreateRoom`.
    CreateRoom,
    /// `Room.CallbackAfterDestroyRoom`.
    DestroyRoom,
    /// `Room.CallbackAfterUpdateRoomInfo`.
    UpdateRoomInfo,
    /// `Room.CallbackAfterMemberEnter`.
    MemberEnter,
    /// `Room.CallbackAfterMemberLeave`.
    MemberLeave,
    /// `Mic.CallbackAfterSeatInfoChanged`.
    SeatInfoChanged,
}

impl Event {
    /// Reads the body of a callback whose query named `command`.
    ///
    /// Fails when the body is not JSON, has the wrong shape for the command (see each event
    /// type for its required fields), or names a different command in its own
    /// `CallbackCommand`.
    pub fn parse(command: &Command, body: &[u8]) -> Result<Event, BodyError> {
        let Some(parsed) = Event::parse_modelled(command, body) else {
            let body: Box<RawValue> = from_json(body)?;
            let envelope: Envelope = from_json(body.get().as_bytes())?;
            check_command(command, envelope.callback_command.as_deref())?;
            return Ok(Event::Unknown {
                command: command.clone(),
                body,
            });
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

    /// `EventTime` as a `SystemTime`.
    pub fn occurred_at(&self) -> Option<SystemTime> {
        time::from_unix_millis(self.event_time()?)
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
