//! Defaults, the Redis keys a stream uses, and why a sink or consumer was not built.

use std::fmt;
use std::time::Duration;

/// The stream's default name.
pub const DEFAULT_STREAM: &str = "tim:callbacks";
/// The consumer group's default name.
pub const DEFAULT_GROUP: &str = "tim-workers";
/// How long the sink waits for Redis to confirm an append: 1 s, half of Tencent's 2 s.
pub const DEFAULT_BUDGET: Duration = Duration::from_secs(1);
/// The longest budget accepted: Tencent gives up after 2 seconds.
pub const MAX_BUDGET: Duration = Duration::from_secs(2);
/// How many entries the stream may hold before the sink refuses new ones.
pub const DEFAULT_MAX_BACKLOG: u64 = 100_000;
/// How long an entry may stay with a worker, unacknowledged, before another worker takes it.
pub const DEFAULT_VISIBILITY_TIMEOUT: Duration = Duration::from_secs(30);
/// How many deliveries an entry gets before it goes to the dead-letter stream.
pub const DEFAULT_MAX_DELIVERIES: u64 = 5;
/// How long an idempotency key stays marked done.
pub const DEFAULT_DEDUP_TTL: Duration = Duration::from_secs(24 * 60 * 60);
/// How many entries a worker reads or reclaims at a time.
pub const DEFAULT_BATCH: usize = 16;

/// The Redis keys used for one stream, all derived from its name:
///
/// | key | type | what |
/// |---|---|---|
/// | `<stream>` | stream | the work queue: one entry per after-callback not yet processed |
/// | `<stream>:dead` | stream | entries given up on, with the reason |
/// | `<stream>:done:<idempotency key>` | string, with an expiry | the key was processed (deduplication) |
/// | `<stream>:stats` | hash | counters: `appended`, `refused_full`, `processed`, `duplicates`, `reclaimed`, `failed`, `dead_lettered`, `dropped` |
///
/// With Redis Cluster, put a hash tag in the stream's name (`{tim}:callbacks`) so that all of
/// them live in one slot, as the sink's and the workers' scripts require.
///
/// ```
/// use tencent_im_callback::durable::StreamKeys;
///
/// let keys = StreamKeys::new("tim:callbacks");
/// assert_eq!(keys.dead_letter(), "tim:callbacks:dead");
/// assert_eq!(keys.done("C2C.CallbackAfterSendMsg|MsgKey=k"), "tim:callbacks:done:C2C.CallbackAfterSendMsg|MsgKey=k");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamKeys {
    stream: String,
    dead_letter: String,
    done_prefix: String,
    stats: String,
}

impl StreamKeys {
    /// The keys of the stream named `stream`.
    pub fn new(stream: impl Into<String>) -> StreamKeys {
        let stream = stream.into();
        StreamKeys {
            dead_letter: format!("{stream}:dead"),
            done_prefix: format!("{stream}:done:"),
            stats: format!("{stream}:stats"),
            stream,
        }
    }

    /// The stream.
    pub fn stream(&self) -> &str {
        &self.stream
    }

    /// The dead-letter stream.
    pub fn dead_letter(&self) -> &str {
        &self.dead_letter
    }

    /// The key that marks an idempotency key done.
    pub fn done(&self, idempotency_key: &str) -> String {
        format!("{}{idempotency_key}", self.done_prefix)
    }

    /// The counters' hash.
    pub fn stats(&self) -> &str {
        &self.stats
    }
}

/// Why a [`DurableSink`](super::DurableSink) or a [`Consumer`](super::Consumer) was not built.
#[derive(Debug)]
#[non_exhaustive]
pub enum BuildError {
    /// A name (stream, group, consumer) is empty.
    EmptyName(&'static str),
    /// A number that must be at least 1 is zero (the setting is named).
    Zero(&'static str),
    /// The budget is zero or longer than Tencent's 2 seconds.
    Budget(Duration),
    /// `build` was called outside a Tokio runtime; the Redis connection needs one.
    NoRuntime,
    /// The Redis connection could not be set up.
    Redis(redis::RedisError),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::EmptyName(what) => write!(f, "the {what} name is empty"),
            BuildError::Zero(what) => write!(f, "`{what}` must be at least 1"),
            BuildError::Budget(budget) => write!(
                f,
                "the budget must be more than 0 and at most {MAX_BUDGET:?} (Tencent waits 2 s), not {budget:?}"
            ),
            BuildError::NoRuntime => {
                f.write_str("build the sink or consumer inside a Tokio runtime")
            }
            BuildError::Redis(error) => write!(f, "cannot set up the Redis connection: {error}"),
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BuildError::Redis(error) => Some(error),
            _ => None,
        }
    }
}

/// A lazily connecting, reconnecting connection, which needs a Tokio runtime.
pub(super) fn connect(
    client: redis::Client,
    response_timeout: Duration,
) -> Result<redis::aio::ConnectionManager, BuildError> {
    if tokio::runtime::Handle::try_current().is_err() {
        return Err(BuildError::NoRuntime);
    }
    let config = redis::aio::ConnectionManagerConfig::new()
        .set_connection_timeout(Some(Duration::from_secs(1)))
        .set_response_timeout(Some(response_timeout))
        .set_max_delay(Duration::from_secs(1));
    redis::aio::ConnectionManager::new_lazy_with_config(client, config).map_err(BuildError::Redis)
}

/// Refuses an empty name.
pub(super) fn name(what: &'static str, value: String) -> Result<String, BuildError> {
    if value.is_empty() {
        Err(BuildError::EmptyName(what))
    } else {
        Ok(value)
    }
}

/// Redis wants whole milliseconds; anything shorter than one is one.
pub(super) fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis())
        .unwrap_or(u64::MAX)
        .max(1)
}
