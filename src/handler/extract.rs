//! Taking the verified callback out of a request's extensions.

use http::Extensions;

use crate::event::{Event, FromEvent};
use crate::handler::HandlerError;
use crate::protocol::callback::Callback;

/// Left in the extensions when the callback is taken, so that a second extraction is told
/// what happened rather than that the layer is missing.
#[derive(Debug, Clone, Copy)]
struct Taken;

impl<E: FromEvent> Callback<E> {
    /// Takes the verified callback the layer put in `extensions`, narrowed to `E`. When it is
    /// another command's, it is left in place.
    pub(crate) fn take_from(extensions: &mut Extensions) -> Result<Callback<E>, HandlerError> {
        let Some(callback) = extensions.remove::<Callback<Event>>() else {
            return Err(if extensions.get::<Taken>().is_some() {
                HandlerError::AlreadyTaken
            } else {
                HandlerError::LayerNotInstalled
            });
        };
        match callback.narrow::<E>() {
            Ok(callback) => {
                extensions.insert(Taken);
                Ok(callback)
            }
            Err(other) => {
                let command = other.command().clone();
                extensions.insert(other);
                Err(HandlerError::UnexpectedCommand(command))
            }
        }
    }
}
