//! A modelled command's body that is valid JSON but does not fit its type.

use serde_json::value::RawValue;

use super::BodyError;
use crate::protocol::command::Command;

/// The body of a modelled command that did not fit its type, handed over as received.
///
/// Only seen when the layer is set to
/// [`MismatchedBodies::Deliver`](super::MismatchedBodies::Deliver): the request was
/// authenticated and its body is valid JSON, but a field has a type or shape the crate does
/// not expect (Tencent changed something). The handler gets the exact JSON and the reason,
/// so that no genuine callback is lost to a type change.
#[derive(Debug, Clone)]
pub struct Unparsed {
    command: Command,
    body: Box<RawValue>,
    error: BodyError,
}

impl Unparsed {
    pub(crate) fn new(command: Command, body: Box<RawValue>, error: BodyError) -> Unparsed {
        Unparsed {
            command,
            body,
            error,
        }
    }

    /// The command.
    pub fn command(&self) -> &Command {
        &self.command
    }

    /// The body's exact JSON text.
    pub fn body(&self) -> &RawValue {
        &self.body
    }

    /// Why the body did not fit its type.
    pub fn error(&self) -> &BodyError {
        &self.error
    }
}

impl PartialEq for Unparsed {
    fn eq(&self, other: &Self) -> bool {
        self.command == other.command
            && super::extra::same_json(self.body.get(), other.body.get())
            && self.error == other.error
    }
}
