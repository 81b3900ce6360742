//! Giving up on an entry: to the dead-letter stream, or dropped when no handler wants it.

use std::time::SystemTime;

use redis::aio::ConnectionManager;

use super::config::StreamKeys;

/// Copies the entry to the dead-letter stream, then acknowledges and deletes it, in one step.
///
/// `KEYS`: stream, stats, dead-letter stream. `ARGV`: group, entry id, the counter to raise,
/// then the dead-letter entry's fields and values.
const DEAD_LETTER: &str = r"
redis.call('XADD', KEYS[3], '*', unpack(ARGV, 4))
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
redis.call('XDEL', KEYS[1], ARGV[2])
redis.call('HINCRBY', KEYS[2], ARGV[3], 1)
return 1
";

/// Acknowledges and deletes the entry, and raises a counter.
///
/// `KEYS`: stream, stats. `ARGV`: group, entry id, the counter to raise.
const DISCARD: &str = r"
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
redis.call('XDEL', KEYS[1], ARGV[2])
redis.call('HINCRBY', KEYS[2], ARGV[3], 1)
return 1
";

/// What to do with an entry whose command has no handler.
///
/// There is no silent option: either the entry is kept in the dead-letter stream, or it is
/// dropped with a log line (feature `tracing`) and counted (`dropped` in the stats hash).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Unhandled {
    /// Move it to the dead-letter stream (the default).
    #[default]
    DeadLetter,
    /// Acknowledge and delete it, with a log line and the `dropped` counter.
    Drop,
}

/// The dead-letter and drop steps of one stream and group.
pub(super) struct Graveyard {
    dead_letter: redis::Script,
    discard: redis::Script,
}

impl Graveyard {
    pub(super) fn new() -> Graveyard {
        Graveyard {
            dead_letter: redis::Script::new(DEAD_LETTER),
            discard: redis::Script::new(DISCARD),
        }
    }

    /// Moves the entry to the dead-letter stream: its fields exactly as they were, followed by
    /// `dead_reason`, `dead_entry` (its id), `dead_deliveries`, `dead_consumer` and `dead_ms`.
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn bury(
        &self,
        connection: &mut ConnectionManager,
        keys: &StreamKeys,
        group: &str,
        consumer: &str,
        entry: &str,
        fields: &[(&str, &[u8])],
        deliveries: u64,
        reason: &str,
    ) -> redis::RedisResult<()> {
        let now = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |since| since.as_millis());
        let mut invocation = self.dead_letter.prepare_invoke();
        invocation
            .key(keys.stream())
            .key(keys.stats())
            .key(keys.dead_letter())
            .arg(group)
            .arg(entry)
            .arg("dead_lettered");
        for (name, value) in fields {
            invocation.arg(*name).arg(*value);
        }
        invocation
            .arg("dead_reason")
            .arg(reason)
            .arg("dead_entry")
            .arg(entry)
            .arg("dead_deliveries")
            .arg(deliveries)
            .arg("dead_consumer")
            .arg(consumer)
            .arg("dead_ms")
            .arg(now.to_string());
        invocation.invoke_async::<i64>(connection).await.map(|_| ())
    }

    /// Acknowledges and deletes the entry, counting it as `counter`.
    pub(super) async fn discard(
        &self,
        connection: &mut ConnectionManager,
        keys: &StreamKeys,
        group: &str,
        entry: &str,
        counter: &str,
    ) -> redis::RedisResult<()> {
        self.discard
            .key(keys.stream())
            .key(keys.stats())
            .arg(group)
            .arg(entry)
            .arg(counter)
            .invoke_async::<i64>(connection)
            .await
            .map(|_| ())
    }
}
