//! What the sink and the workers report through `tracing` (feature `tracing`): appends,
//! refusals, acknowledgements, duplicates, failures, reclaims and dead letters. Never bodies;
//! command words are recorded quoted and escaped (`?`), since they come from requests.
//! Without the feature every function here compiles to nothing.
#![cfg_attr(not(feature = "tracing"), allow(unused_variables))]

use super::{Record, SinkRefusal};

/// An after-callback is in the stream.
pub(super) fn appended(record: &Record, entry: &str) {
    #[cfg(feature = "tracing")]
    tracing::debug!(
        command = ?record.command(),
        key = ?record.key(),
        entry,
        "appended a callback to the stream"
    );
}

/// An append was not confirmed.
pub(super) fn append_refused(
    record: &Record,
    refusal: &SinkRefusal,
    error: Option<&redis::RedisError>,
) {
    #[cfg(feature = "tracing")]
    tracing::warn!(
        command = ?record.command(),
        error_code = refusal.error_code(),
        reason = %refusal,
        redis_error = error.map(tracing::field::display),
        "refused a callback with 503"
    );
}

/// An entry was processed (its handler succeeded and its key was marked done) and
/// acknowledged.
pub(super) fn acknowledged(entry: &str, key: &str, deliveries: u64) {
    #[cfg(feature = "tracing")]
    tracing::debug!(entry, key = ?key, deliveries, "processed and acknowledged");
}

/// An entry's key was already done: acknowledged without effect.
pub(super) fn duplicate(entry: &str, key: &str) {
    #[cfg(feature = "tracing")]
    tracing::info!(entry, key = ?key, "duplicate suppressed and acknowledged");
}

/// A handler failed; the entry stays pending and is delivered again after the visibility
/// timeout.
pub(super) fn failed(entry: &str, command: &str, deliveries: u64, reason: &str) {
    #[cfg(feature = "tracing")]
    tracing::warn!(
        entry,
        command = ?command,
        deliveries,
        reason,
        "handler failed; the entry will be delivered again"
    );
}

/// Entries left pending by a stopped or slow worker were taken over.
pub(super) fn reclaimed(count: usize) {
    #[cfg(feature = "tracing")]
    tracing::info!(
        count,
        "reclaimed entries pending longer than the visibility timeout"
    );
}

/// An entry went to the dead-letter stream.
pub(super) fn dead_lettered(entry: &str, deliveries: u64, reason: &str) {
    #[cfg(feature = "tracing")]
    tracing::warn!(
        entry,
        deliveries,
        reason,
        "moved an entry to the dead-letter stream"
    );
}

/// An entry of a command without a handler was dropped, as configured.
pub(super) fn dropped(entry: &str, command: &str) {
    #[cfg(feature = "tracing")]
    tracing::info!(entry, command = ?command, "no handler: acknowledged and dropped");
}

/// Redis failed a worker's command; the worker waits and tries again.
pub(super) fn redis_error(doing: &str, error: &redis::RedisError) {
    #[cfg(feature = "tracing")]
    tracing::warn!(doing, error = %error, "Redis error");
}
