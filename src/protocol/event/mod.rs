//! Typed callback bodies: [`Event`], the traits every body type implements, and what is kept
//! of what the crate does not model.

pub(crate) mod compact;
pub(crate) mod envelope;
pub(crate) mod error;
pub(crate) mod extra;
pub(crate) mod lenient;
mod raw;
mod surrogate;
pub(crate) mod time;
mod unparsed;
pub(crate) mod wire;

use serde_json::value::RawValue;

pub use super::catalogue::Event;
pub use envelope::Envelope;
pub use error::{BodyError, BodyErrorKind, NESTING_LIMIT};
pub use extra::ExtraFields;
pub use raw::RawJson;
pub use unparsed::Unparsed;

use crate::protocol::command::Command;
use error::from_json;
use lenient::Field;

/// What to do with an authenticated body that is valid JSON but does not fit its command's
/// type (a field of another type or shape: Tencent changed something).
///
/// - [`Refuse`](Self::Refuse), the default: answer 400 with code 40004. Tencent then applies
///   its own default for the command (for most before-callbacks: let the action through),
///   and the refusal is counted and logged. Choose it when a wrong body must never reach
///   your code.
/// - [`Deliver`](Self::Deliver): hand the handler an [`Event::Unparsed`] with the exact JSON
///   and the reason. Choose it when losing a genuine callback is worse than handling raw
///   JSON, for example for an archive or a queue.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum MismatchedBodies {
    /// Refuse with 40004.
    #[default]
    Refuse,
    /// Deliver as [`Event::Unparsed`].
    Deliver,
}

impl Event {
    /// Reads the body of a callback whose query named `command`.
    ///
    /// Fails when the body is not JSON, has the wrong shape for the command (see each body
    /// type for its required fields), or names a different command in its own
    /// `CallbackCommand`.
    pub fn parse(command: &Command, body: &[u8]) -> Result<Event, BodyError> {
        Event::parse_with(command, body, MismatchedBodies::Refuse)
    }

    /// [`Event::parse`], delivering a body of the wrong shape as [`Event::Unparsed`] when
    /// asked to.
    pub fn parse_with(
        command: &Command,
        body: &[u8],
        mismatched: MismatchedBodies,
    ) -> Result<Event, BodyError> {
        let Some(known) = command.known_command() else {
            let raw: Box<RawValue> = from_json(body)?;
            let named: BodyCommand = from_json(raw.get().as_bytes())?;
            check_command(command, named.0.as_deref())?;
            return Ok(Event::Unknown {
                command: command.clone(),
                body: raw,
            });
        };
        match Event::parse_known(known, body) {
            Ok(event) => {
                check_command(
                    command,
                    event.envelope().and_then(Envelope::callback_command),
                )?;
                Ok(event)
            }
            // A body of another command usually lacks this one's fields; say what is really
            // wrong when the body names its command.
            Err(error) if error.kind() == BodyErrorKind::Data => {
                let named = from_json::<BodyCommand>(body).ok();
                if let Some(named) = &named {
                    check_command(command, named.0.as_deref())?;
                }
                match (mismatched, named) {
                    (MismatchedBodies::Deliver, Some(_)) => {
                        let raw: Box<RawValue> = from_json(body)?;
                        Ok(Event::Unparsed(Box::new(Unparsed::new(
                            command.clone(),
                            raw,
                            error,
                        ))))
                    }
                    _ => Err(error),
                }
            }
            Err(error) => Err(error),
        }
    }

    /// `Operator_Account`: who caused the event (modelled events that carry it).
    pub fn operator_account(&self) -> Option<&str> {
        self.envelope()?.operator_account()
    }

    /// `EventTime`, Unix milliseconds (modelled events that carry it).
    pub fn event_time(&self) -> Option<u64> {
        self.envelope()?.event_time_millis()
    }

    /// `EventTime` as a `SystemTime`.
    pub fn occurred_at(&self) -> Option<std::time::SystemTime> {
        self.envelope()?.occurred_at()
    }

    /// The room a Room or Mic event concerns.
    #[deprecated(
        since = "0.2.0",
        note = "match the event and read its `room_id` or `room_info.room_id`"
    )]
    pub fn room_id(&self) -> Option<&str> {
        match self {
            Event::RoomAfterCreateRoom(e) => e.room_info.room_id.as_deref(),
            Event::RoomAfterUpdateRoomInfo(e) => e.room_info.room_id.as_deref(),
            Event::RoomAfterDestroyRoom(e) => Some(&e.room_id),
            Event::RoomAfterMemberEnter(e) => Some(&e.room_id),
            Event::RoomAfterMemberLeave(e) => Some(&e.room_id),
            Event::MicAfterSeatInfoChanged(e) => Some(&e.room_id),
            _ => None,
        }
    }
}

fn check_command(query_command: &Command, body_command: Option<&str>) -> Result<(), BodyError> {
    match body_command {
        // The body nearly always repeats the query's own canonical word: no table lookup.
        Some(word)
            if word != query_command.as_str() && Command::from_wire(word) != *query_command =>
        {
            Err(BodyError::command_mismatch(query_command))
        }
        _ => Ok(()),
    }
}

/// The `CallbackCommand` a body names, read on its own: for commands without a typed event
/// (checking too that the body is an object), and to explain a body that did not fit. Other
/// fields are skipped unread.
struct BodyCommand(Option<String>);

impl<'de> serde::Deserialize<'de> for BodyCommand {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct BodyCommandVisitor;
        impl<'de> serde::de::Visitor<'de> for BodyCommandVisitor {
            type Value = BodyCommand;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }

            lenient::refuse_scalars_quietly!();

            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                _: A,
            ) -> Result<BodyCommand, A::Error> {
                Err(serde::de::Error::invalid_type(
                    serde::de::Unexpected::Seq,
                    &self,
                ))
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<BodyCommand, A::Error> {
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
                Ok(BodyCommand(callback_command.map(String::from_wire)))
            }
        }
        deserializer.deserialize_any(BodyCommandVisitor)
    }
}

/// Body types a [`Callback`](crate::Callback) can be narrowed to: [`Event`] itself and each
/// typed body.
pub trait FromEvent: Sized {
    /// Takes the typed body out, or gives the event back when it is another command's.
    // The error hands the whole event back.
    #[allow(clippy::result_large_err)]
    fn from_event(event: Event) -> Result<Self, Event>;
}

impl FromEvent for Event {
    fn from_event(event: Event) -> Result<Self, Event> {
        Ok(event)
    }
}

/// A typed body that belongs to exactly one command, and what its handlers reply.
///
/// Every command of the table has its own body type, so routing by type is routing by
/// command. `Reply` is the before-callback's typed reply (such as
/// [`c2c::SendMsgReply`](crate::c2c::SendMsgReply)), or
/// [`AnyReply`](crate::handler::AnyReply) for after-callbacks, whose handlers may return
/// anything that is [`IntoReply`](crate::IntoReply).
pub trait CommandEvent: FromEvent + Envelope {
    /// The command whose body this is.
    const COMMAND: Command;
    /// What a handler of this command returns.
    type Reply;
}
