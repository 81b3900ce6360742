//! The layer's settings, validated once when the layer is built and shared by every clone.

use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

use bytes::Bytes;
use http::Response;

use super::counters::Counters;
use super::rejection::Rejection;
use crate::protocol::command::Command;
use crate::protocol::event::MismatchedBodies;
use crate::protocol::sign::SignatureVerifier;
use crate::response::{render, FailHook};

pub(crate) type Clock = Arc<dyn Fn() -> SystemTime + Send + Sync>;
pub(crate) type RejectionResponder = Arc<dyn Fn(&Rejection) -> Response<Bytes> + Send + Sync>;

/// Settings shared by every clone of the layer and its services.
pub(crate) struct Config {
    pub(crate) app_ids: Vec<u64>,
    pub(crate) commands: Option<Vec<Command>>,
    pub(crate) verifier: SignatureVerifier,
    pub(crate) body_limit: usize,
    pub(crate) mismatched: MismatchedBodies,
    pub(crate) clock: Option<Clock>,
    pub(crate) responder: Option<RejectionResponder>,
    pub(crate) fail_hook: Option<FailHook>,
    pub(crate) counters: Counters,
}

impl Config {
    pub(crate) fn now(&self) -> SystemTime {
        self.clock
            .as_ref()
            .map_or_else(SystemTime::now, |clock| clock())
    }

    /// The response to a rejection: the custom responder's, or the crate's rendering shaped
    /// by the fail hook.
    pub(crate) fn respond(&self, rejection: &Rejection) -> Response<Bytes> {
        match &self.responder {
            Some(responder) => responder(rejection),
            None => render(
                rejection.kind().status(),
                &rejection.reply(),
                self.fail_hook.as_ref(),
            ),
        }
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("app_ids", &self.app_ids)
            .field("commands", &self.commands)
            .field("signature", &self.verifier)
            .field("body_limit", &self.body_limit)
            .field("mismatched", &self.mismatched)
            .field("custom_clock", &self.clock.is_some())
            .field("custom_rejection_response", &self.responder.is_some())
            .field("fail_hook", &self.fail_hook.is_some())
            .finish()
    }
}
