//! Deduplication: an idempotency key is marked done after its handler succeeded, together with
//! the handler's Redis-side [`Effects`], in one Lua script.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use redis::aio::ConnectionManager;

use super::config::{millis, StreamKeys};

/// Marks the key done and runs the effects only when the key is not done yet, then
/// acknowledges and deletes the entry either way. Lua scripts run without interleaving, so two
/// workers finishing duplicates at once cannot both run the effects.
///
/// `KEYS`: stream, stats, done key. `ARGV`: group, entry id, expiry in ms, the number of
/// effect commands, then each command as its argument count followed by its arguments.
const FINISH: &str = r"
local fresh = redis.call('EXISTS', KEYS[3]) == 0
if fresh then
  local at = 5
  for _ = 1, tonumber(ARGV[4]) do
    local count = tonumber(ARGV[at])
    redis.call(unpack(ARGV, at + 1, at + count))
    at = at + 1 + count
  end
  redis.call('SET', KEYS[3], ARGV[2], 'PX', ARGV[3])
  redis.call('HINCRBY', KEYS[2], 'processed', 1)
else
  redis.call('HINCRBY', KEYS[2], 'duplicates', 1)
end
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
redis.call('XDEL', KEYS[1], ARGV[2])
if fresh then
  return 1
end
return 0
";

/// Redis commands a handler wants run **together with marking its callback done**: in one Lua
/// script, after checking that the callback's idempotency key is not done yet, and only then.
///
/// This is the one way to get an effect exactly once: a worker that crashes after the handler
/// but before the script ran leaves neither the effects nor the mark, and the delivery is
/// repeated; a duplicate finds the mark and runs nothing. Effects the handler has outside Redis
/// (a database write, a message sent) happen at least once.
///
/// Why a script rather than `MULTI`/`EXEC`: a transaction runs every queued command, so its
/// effects could not depend on whether the key was already done. The script checks the key
/// (`EXISTS`), runs the effects, then sets the mark with its expiry: a `SET NX` that nothing can
/// interleave with, since Redis runs a script alone.
///
/// The commands run in the order given, on the stream's Redis. Redis does not roll back: a
/// command that fails while running (a wrong type, say) leaves the commands before it applied,
/// the key unmarked and the entry unacknowledged, so the delivery is repeated and those
/// commands run again. Keep effects to commands that cannot fail that way. Commands added
/// after the handler returned are ignored.
///
/// ```
/// use tencent_im_callback::durable::{Delivery, Handlers};
/// use tencent_im_callback::room::MemberEnter;
///
/// let handlers = Handlers::new().on(|delivery: Delivery<MemberEnter>| async move {
///     // One more entry for the room, exactly once per callback.
///     let room = delivery.event().room_id.clone();
///     delivery.effects().push(redis::Cmd::hincr("room:entries", room, 1));
/// });
/// # let _ = handlers;
/// ```
#[derive(Clone, Default)]
pub struct Effects {
    commands: Arc<Mutex<Vec<redis::Cmd>>>,
}

impl Effects {
    /// Adds a command, such as `redis::Cmd::hincr("counts", "key", 1)` or
    /// `redis::cmd("XADD").arg("out").arg("*").arg("k").arg("v")`.
    pub fn push(&self, command: redis::Cmd) {
        self.lock().push(command);
    }

    /// How many commands were added.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether no command was added.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub(super) fn take(&self) -> Vec<redis::Cmd> {
        std::mem::take(&mut *self.lock())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<redis::Cmd>> {
        // A handler that panicked while pushing has failed anyway; the list stays usable.
        self.commands.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Shows how many commands there are, not their arguments (which may carry user data).
impl fmt::Debug for Effects {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Effects")
            .field("commands", &self.len())
            .finish()
    }
}

/// How an entry ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Finished {
    /// The key was new: effects ran, the key is marked done.
    Processed,
    /// The key was done already: nothing ran.
    Duplicate,
}

/// Why the effects could not be sent.
#[derive(Debug)]
pub(super) enum FinishError {
    /// An effect uses a cursor argument, which only `SCAN`-like commands have.
    Cursor,
    /// Redis failed the script.
    Redis(redis::RedisError),
}

impl fmt::Display for FinishError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FinishError::Cursor => f.write_str("an effect command has a cursor argument"),
            FinishError::Redis(error) => write!(f, "marking the key done failed: {error}"),
        }
    }
}

/// The deduplication step of one stream and group.
pub(super) struct Dedup {
    finish: redis::Script,
    ttl: Duration,
}

impl Dedup {
    pub(super) fn new(ttl: Duration) -> Dedup {
        Dedup {
            finish: redis::Script::new(FINISH),
            ttl,
        }
    }

    /// Whether the key is done already (a cheap look before running the handler).
    pub(super) async fn is_done(
        &self,
        connection: &mut ConnectionManager,
        done_key: &str,
    ) -> redis::RedisResult<bool> {
        redis::cmd("EXISTS")
            .arg(done_key)
            .query_async(connection)
            .await
    }

    /// Runs the effects and marks the key done unless it is done already, then acknowledges
    /// and deletes the entry.
    pub(super) async fn finish(
        &self,
        connection: &mut ConnectionManager,
        keys: &StreamKeys,
        group: &str,
        entry: &str,
        done_key: &str,
        effects: Vec<redis::Cmd>,
    ) -> Result<Finished, FinishError> {
        let mut invocation = self.finish.prepare_invoke();
        invocation
            .key(keys.stream())
            .key(keys.stats())
            .key(done_key)
            .arg(group)
            .arg(entry)
            .arg(millis(self.ttl))
            .arg(effects.len());
        for command in &effects {
            invocation.arg(command.args_iter().len());
            for arg in command.args_iter() {
                match arg {
                    redis::Arg::Simple(bytes) => invocation.arg(bytes),
                    _ => return Err(FinishError::Cursor),
                };
            }
        }
        match invocation.invoke_async::<i64>(connection).await {
            Ok(1) => Ok(Finished::Processed),
            Ok(_) => Ok(Finished::Duplicate),
            Err(error) => Err(FinishError::Redis(error)),
        }
    }
}
