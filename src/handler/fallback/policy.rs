//! What the [`FallbackLayer`](super::FallbackLayer) decides per command: the deadline, and the
//! reply sent when the handler misses it, fails or panics.

use std::collections::HashMap;
use std::time::Duration;

use http::StatusCode;

use crate::protocol::command::{Command, Product, Timing};
use crate::protocol::reply::Reply;

/// The wire name of the one before-callback Tencent fails closed: without a reply in time,
/// the gift is blocked (unless the app configured non-blocking mode).
const FAIL_CLOSED: &[&str] = &["Live.CallbackBeforeSendGift"];

/// What an after-callback's failed or late handler answers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum AfterFailure {
    /// Answer FAIL with 503, so that Tencent counts the callback as failed and retries it
    /// where the app turned retries on. A handler's own FAIL reply is kept. The default: as
    /// without the layer, where a late reply is a failure to Tencent.
    #[default]
    Fail,
    /// Answer OK: the work is lost, and logged (`tracing`) and counted as such.
    Acknowledge,
}

/// Why a fallback reply was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FallbackCause {
    /// The handler did not answer within its deadline; it was dropped.
    Deadline,
    /// The handler answered with a FAIL reply (an error).
    Error,
    /// The handler panicked.
    Panic,
}

impl FallbackCause {
    /// A short name for logs and metrics.
    pub fn as_str(self) -> &'static str {
        match self {
            FallbackCause::Deadline => "deadline",
            FallbackCause::Error => "error",
            FallbackCause::Panic => "panic",
        }
    }
}

/// The settings, shared by every clone of the layer.
#[derive(Debug, Clone, Default)]
pub(crate) struct Policy {
    pub(crate) deadline: Option<Duration>,
    pub(crate) deadlines_by_command: HashMap<Command, Duration>,
    pub(crate) deadlines_by_product: HashMap<Product, Duration>,
    pub(crate) fallbacks: HashMap<Command, Reply>,
    pub(crate) after_failure: AfterFailure,
}

impl Policy {
    /// The deadline of a command: its own, its product's, or the default.
    pub(crate) fn deadline_of(&self, command: &Command) -> Option<Duration> {
        self.deadlines_by_command
            .get(command)
            .or_else(|| {
                command
                    .product()
                    .and_then(|product| self.deadlines_by_product.get(&product))
            })
            .copied()
            .or(self.deadline)
    }

    /// The reply to send for a command whose handler missed its deadline, failed or
    /// panicked; `None` keeps the handler's own FAIL reply.
    pub(crate) fn fallback_of(
        &self,
        command: &Command,
        cause: FallbackCause,
    ) -> Option<(StatusCode, Reply)> {
        if let Some(reply) = self.fallbacks.get(command) {
            return Some((StatusCode::OK, reply.clone()));
        }
        match (command.timing(), self.after_failure, cause) {
            (Timing::Before, _, _) => Some((StatusCode::OK, tencent_default(command))),
            (Timing::After, AfterFailure::Acknowledge, _) => Some((StatusCode::OK, Reply::ok())),
            (Timing::After, AfterFailure::Fail, FallbackCause::Deadline) => Some((
                StatusCode::SERVICE_UNAVAILABLE,
                Reply::fail(50310, "the handler did not answer within its deadline"),
            )),
            (Timing::After, AfterFailure::Fail, _) => None,
        }
    }
}

/// What Tencent itself does with a before-callback that gets no usable reply in time: let
/// the action go ahead, except for the commands it fails closed (gifts).
pub fn tencent_default(command: &Command) -> Reply {
    if FAIL_CLOSED.contains(&command.as_str()) {
        Reply::reject()
    } else {
        Reply::allow()
    }
}
