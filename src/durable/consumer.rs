//! [`Consumer`]: a worker that reads the stream in a consumer group, runs the handlers,
//! deduplicates, acknowledges, reclaims what crashed workers left, and dead-letters.

use std::fmt;
use std::future::{poll_fn, Future};
use std::pin::{pin, Pin};
use std::task::Poll;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use redis::aio::ConnectionManager;
use redis::{ErrorKind, RedisError, RedisResult, Value};

use super::config::{self, millis, BuildError, StreamKeys};
use super::dead_letter::Graveyard;
use super::dedup::{Dedup, Finished};
use super::{trace, Delivery, Effects, Handlers, Record, Unhandled};

/// The longest a read waits for new entries; also bounds how long a shutdown waits for it.
const MAX_READ_BLOCK: Duration = Duration::from_secs(1);
/// The first pause after a Redis error; it doubles up to [`MAX_PAUSE`].
const FIRST_PAUSE: Duration = Duration::from_millis(100);
const MAX_PAUSE: Duration = Duration::from_secs(5);

/// A worker: reads the stream as one consumer of a consumer group and hands each entry to its
/// [`Handlers`].
///
/// For each entry, in order:
///
/// 1. an entry delivered more than [`max_deliveries`](ConsumerBuilder::max_deliveries) times,
///    or that is not a valid [`Record`], goes to the dead-letter stream;
/// 2. when its idempotency key is already marked done, it is acknowledged as a duplicate
///    without running a handler;
/// 3. a command without a handler is dead-lettered or dropped ([`Unhandled`]);
/// 4. the handler runs (in a task of its own: a panic is a failure, not a crash);
/// 5. on success, one Lua script checks the key again, runs the handler's [`Effects`], marks
///    the key done (`SET` with an expiry), acknowledges (`XACK`) and deletes (`XDEL`) the entry;
///    on failure the entry stays pending, is delivered again after the visibility timeout, and
///    goes to the dead-letter stream once it has had `max_deliveries`.
///
/// Entries left pending longer than the [visibility timeout](ConsumerBuilder::visibility_timeout)
/// by a worker that crashed or stalled are taken over with `XAUTOCLAIM` (Redis 6.2 or later).
///
/// # Guarantees
///
/// Every entry is delivered **at least once**. Deduplication marks a key done only after its
/// handler succeeded, so a crash between the handler's effect and the mark repeats the effect:
/// effects outside Redis happen at least once (make them idempotent with
/// [`Delivery::key`]), and **exactly once only for the [`Effects`]** written in the same
/// script as the mark. Duplicates are suppressed as long as the mark lives
/// ([`dedup_ttl`](ConsumerBuilder::dedup_ttl)) and only as well as the key tells them apart
/// (see [`idempotency`](crate::idempotency)). A handler that runs longer than the visibility
/// timeout may be run a second time by another worker.
///
/// Acknowledged entries are deleted, so that the stream's length is the backlog the
/// [`DurableSink`](super::DurableSink) bounds: use one consumer group per stream.
///
/// ```no_run
/// use tencent_im_callback::durable::{Consumer, Delivery, Handlers, Unhandled};
/// use tencent_im_callback::Event;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let handlers = Handlers::new().on_command(
///     "Room.CallbackAfterMemberEnter",
///     |delivery: Delivery<Event>| async move {
///         // Counted exactly once per callback, however often it is delivered.
///         delivery.effects().push(redis::Cmd::hincr("entries", delivery.key(), 1));
///     },
/// );
/// let client = redis::Client::open("redis://127.0.0.1:6379")?;
/// let consumer = Consumer::builder(client, handlers)
///     .stream("tim:callbacks")
///     .group("tim-workers")
///     .unhandled(Unhandled::DeadLetter)
///     .build()?;
/// consumer.run(async { tokio::signal::ctrl_c().await.ok(); }).await;
/// # Ok(())
/// # }
/// ```
pub struct Consumer {
    connection: ConnectionManager,
    keys: StreamKeys,
    group: String,
    name: String,
    handlers: Handlers,
    unhandled: Unhandled,
    visibility_timeout: Duration,
    max_deliveries: u64,
    batch: usize,
    dedup: Dedup,
    graveyard: Graveyard,
}

/// One entry as read from the stream, fields in their order.
struct Entry {
    id: String,
    fields: Vec<(String, Vec<u8>)>,
    /// The name of a field whose value is not a string, if any.
    malformed: Option<String>,
    deliveries: u64,
}

impl Consumer {
    /// Starts configuring a worker that talks to Redis through `client` and runs `handlers`.
    pub fn builder(client: redis::Client, handlers: Handlers) -> ConsumerBuilder {
        ConsumerBuilder {
            client,
            handlers,
            stream: config::DEFAULT_STREAM.to_owned(),
            group: config::DEFAULT_GROUP.to_owned(),
            name: None,
            unhandled: Unhandled::default(),
            visibility_timeout: config::DEFAULT_VISIBILITY_TIMEOUT,
            max_deliveries: config::DEFAULT_MAX_DELIVERIES,
            dedup_ttl: config::DEFAULT_DEDUP_TTL,
            batch: config::DEFAULT_BATCH,
        }
    }

    /// This worker's consumer name in the group.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The Redis keys this worker uses.
    pub fn keys(&self) -> &StreamKeys {
        &self.keys
    }

    /// Works until `shutdown` resolves, then returns once the entries in hand are done (at
    /// most one batch; a read in progress ends within a second). Creates the consumer group
    /// (and the stream) when missing, starting from the stream's first entry. Redis errors
    /// never end the loop: the worker logs them (feature `tracing`), waits (100 ms, doubling
    /// up to 5 s) and tries again; what it could not finish stays pending and is reclaimed.
    pub async fn run<F: Future>(mut self, shutdown: F) {
        let mut shutdown = pin!(shutdown);
        let mut pause = FIRST_PAUSE;
        while let Err(error) = self.create_group().await {
            trace::redis_error("creating the consumer group", &error);
            if pause_or_stop(&mut pause, shutdown.as_mut()).await {
                return;
            }
        }
        pause = FIRST_PAUSE;
        let reclaim_every =
            (self.visibility_timeout / 2).clamp(Duration::from_millis(10), Duration::from_secs(10));
        let block = reclaim_every.min(MAX_READ_BLOCK);
        let mut cursor = String::from("0-0");
        let mut next_reclaim = Instant::now();
        while !stopped(shutdown.as_mut()).await {
            let mut batch = Vec::new();
            if Instant::now() >= next_reclaim {
                match self.reclaim(&mut cursor).await {
                    Ok(entries) => {
                        // A cursor not back at the start means more may wait: look again soon.
                        next_reclaim = if cursor == "0-0" {
                            Instant::now() + reclaim_every
                        } else {
                            Instant::now()
                        };
                        batch = entries;
                    }
                    Err(error) => {
                        trace::redis_error("reclaiming entries", &error);
                        if pause_or_stop(&mut pause, shutdown.as_mut()).await {
                            return;
                        }
                        continue;
                    }
                }
            }
            if batch.is_empty() {
                match self.read_new(block).await {
                    Ok(entries) => batch = entries,
                    Err(error) => {
                        trace::redis_error("reading new entries", &error);
                        if pause_or_stop(&mut pause, shutdown.as_mut()).await {
                            return;
                        }
                        continue;
                    }
                }
            }
            pause = FIRST_PAUSE;
            for entry in batch {
                self.process(entry).await;
            }
        }
    }

    async fn create_group(&mut self) -> RedisResult<()> {
        let created: RedisResult<Value> = redis::cmd("XGROUP")
            .arg("CREATE")
            .arg(self.keys.stream())
            .arg(&self.group)
            .arg("0")
            .arg("MKSTREAM")
            .query_async(&mut self.connection)
            .await;
        match created {
            Ok(_) => Ok(()),
            Err(error) if error.code() == Some("BUSYGROUP") => Ok(()),
            Err(error) => Err(error),
        }
    }

    /// New entries for this consumer, waiting at most `block` for some.
    async fn read_new(&mut self, block: Duration) -> RedisResult<Vec<Entry>> {
        let reply: Value = redis::cmd("XREADGROUP")
            .arg("GROUP")
            .arg(&self.group)
            .arg(&self.name)
            .arg("COUNT")
            .arg(self.batch)
            .arg("BLOCK")
            .arg(millis(block))
            .arg("STREAMS")
            .arg(self.keys.stream())
            .arg(">")
            .query_async(&mut self.connection)
            .await?;
        let mut entries = Vec::new();
        for (_, stream_entries) in pairs(reply)? {
            entries.extend(parse_entries(stream_entries)?);
        }
        Ok(entries)
    }

    /// Takes over entries pending longer than the visibility timeout, with how often each has
    /// been delivered (this delivery included). Moves `cursor` on.
    async fn reclaim(&mut self, cursor: &mut String) -> RedisResult<Vec<Entry>> {
        let reply: Value = redis::cmd("XAUTOCLAIM")
            .arg(self.keys.stream())
            .arg(&self.group)
            .arg(&self.name)
            .arg(millis(self.visibility_timeout))
            .arg(&*cursor)
            .arg("COUNT")
            .arg(self.batch)
            .query_async(&mut self.connection)
            .await?;
        let mut parts = items(reply)?.into_iter();
        let (Some(next), Some(claimed)) = (parts.next(), parts.next()) else {
            return Err(shape("XAUTOCLAIM"));
        };
        *cursor = text(next).ok_or_else(|| shape("XAUTOCLAIM"))?;
        let mut entries = parse_entries(claimed)?;
        if entries.is_empty() {
            return Ok(entries);
        }
        let mut pipe = redis::pipe();
        for entry in &entries {
            pipe.cmd("XPENDING")
                .arg(self.keys.stream())
                .arg(&self.group)
                .arg(&entry.id)
                .arg(&entry.id)
                .arg(1);
        }
        pipe.cmd("HINCRBY")
            .arg(self.keys.stats())
            .arg("reclaimed")
            .arg(entries.len())
            .ignore();
        let pending: Vec<Value> = pipe.query_async(&mut self.connection).await?;
        trace::reclaimed(entries.len());
        for (entry, pending) in entries.iter_mut().zip(pending) {
            // [[id, consumer, idle ms, deliveries]]; empty when it was acknowledged meanwhile.
            entry.deliveries = items(pending)?
                .into_iter()
                .next()
                .and_then(|row| items(row).ok()?.into_iter().nth(3))
                .and_then(integer)
                .unwrap_or(0);
        }
        entries.retain(|entry| entry.deliveries > 0);
        Ok(entries)
    }

    async fn process(&mut self, entry: Entry) {
        let fields: Vec<(&str, &[u8])> = entry
            .fields
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_slice()))
            .collect();
        if entry.deliveries > self.max_deliveries {
            let reason = format!(
                "delivered {} times without success (max_deliveries is {})",
                entry.deliveries, self.max_deliveries
            );
            return self.bury(&entry, &fields, &reason).await;
        }
        if let Some(name) = &entry.malformed {
            let reason = format!("field {name:?} is not a string");
            return self.bury(&entry, &fields, &reason).await;
        }
        let record = match Record::from_fields(fields.iter().copied()) {
            Ok(record) => record,
            Err(error) => return self.bury(&entry, &fields, &error.to_string()).await,
        };
        let callback = match record.to_callback() {
            Ok(callback) => callback,
            Err(error) => return self.bury(&entry, &fields, &error.to_string()).await,
        };
        let done_key = self.keys.done(record.key());
        match self.dedup.is_done(&mut self.connection, &done_key).await {
            Ok(false) => {}
            Ok(true) => {
                return self
                    .finish(&entry, &done_key, record.key(), Vec::new())
                    .await
            }
            Err(error) => return trace::redis_error("checking the idempotency key", &error),
        }
        let Some(handler) = self.handlers.find(callback.command()) else {
            return match self.unhandled {
                Unhandled::Drop => {
                    let dropped = self
                        .graveyard
                        .discard(
                            &mut self.connection,
                            &self.keys,
                            &self.group,
                            &entry.id,
                            "dropped",
                        )
                        .await;
                    match dropped {
                        Ok(()) => trace::dropped(&entry.id, record.command()),
                        Err(error) => trace::redis_error("dropping an unhandled entry", &error),
                    }
                }
                Unhandled::DeadLetter => {
                    let reason = format!("no handler for {:?}", record.command());
                    self.bury(&entry, &fields, &reason).await
                }
            };
        };
        let effects = Effects::default();
        let delivery = Delivery::new(
            callback,
            record.key().to_owned(),
            entry.id.clone(),
            entry.deliveries,
            record.received_at(),
            effects.clone(),
        );
        let outcome = match tokio::spawn(async move { handler.call(delivery).await }).await {
            Ok(outcome) => outcome,
            Err(error) if error.is_panic() => Err("the handler panicked".to_owned()),
            Err(_) => Err("the handler was cancelled".to_owned()),
        };
        match outcome {
            Ok(()) => {
                self.finish(&entry, &done_key, record.key(), effects.take())
                    .await;
            }
            Err(reason) => self.fail(&entry, &fields, record.command(), &reason).await,
        }
    }

    async fn finish(&mut self, entry: &Entry, done_key: &str, key: &str, effects: Vec<redis::Cmd>) {
        let finished = self
            .dedup
            .finish(
                &mut self.connection,
                &self.keys,
                &self.group,
                &entry.id,
                done_key,
                effects,
            )
            .await;
        match finished {
            Ok(Finished::Processed) => trace::acknowledged(&entry.id, key, entry.deliveries),
            Ok(Finished::Duplicate) => trace::duplicate(&entry.id, key),
            // Left pending: delivered again after the visibility timeout, and dead-lettered
            // once it has had its deliveries.
            Err(error) => trace::failed(&entry.id, key, entry.deliveries, &error.to_string()),
        }
    }

    async fn fail(&mut self, entry: &Entry, fields: &[(&str, &[u8])], command: &str, reason: &str) {
        trace::failed(&entry.id, command, entry.deliveries, reason);
        if entry.deliveries >= self.max_deliveries {
            return self.bury(entry, fields, reason).await;
        }
        let counted: RedisResult<i64> = redis::cmd("HINCRBY")
            .arg(self.keys.stats())
            .arg("failed")
            .arg(1)
            .query_async(&mut self.connection)
            .await;
        if let Err(error) = counted {
            trace::redis_error("counting a failure", &error);
        }
    }

    async fn bury(&mut self, entry: &Entry, fields: &[(&str, &[u8])], reason: &str) {
        let buried = self
            .graveyard
            .bury(
                &mut self.connection,
                &self.keys,
                &self.group,
                &self.name,
                &entry.id,
                fields,
                entry.deliveries,
                reason,
            )
            .await;
        match buried {
            Ok(()) => trace::dead_lettered(&entry.id, entry.deliveries, reason),
            Err(error) => trace::redis_error("moving an entry to the dead-letter stream", &error),
        }
    }
}

impl fmt::Debug for Consumer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Consumer")
            .field("keys", &self.keys)
            .field("group", &self.group)
            .field("name", &self.name)
            .field("handlers", &self.handlers)
            .field("unhandled", &self.unhandled)
            .field("visibility_timeout", &self.visibility_timeout)
            .field("max_deliveries", &self.max_deliveries)
            .field("batch", &self.batch)
            .finish_non_exhaustive()
    }
}

/// Whether `shutdown` has resolved, without waiting. It is never polled again once it has.
async fn stopped<F: Future>(mut shutdown: Pin<&mut F>) -> bool {
    poll_fn(|cx| Poll::Ready(shutdown.as_mut().poll(cx).is_ready())).await
}

/// Waits `pause` (then doubles it, up to [`MAX_PAUSE`]) unless `shutdown` resolves first;
/// `true` when it did.
async fn pause_or_stop<F: Future>(pause: &mut Duration, shutdown: Pin<&mut F>) -> bool {
    let wait = *pause;
    *pause = (*pause * 2).min(MAX_PAUSE);
    tokio::select! {
        _ = shutdown => true,
        _ = tokio::time::sleep(wait) => false,
    }
}

fn shape(command: &'static str) -> RedisError {
    RedisError::from((
        ErrorKind::UnexpectedReturnType,
        "unexpected reply shape",
        command.to_owned(),
    ))
}

/// The items of an array reply (nil is empty).
fn items(value: Value) -> RedisResult<Vec<Value>> {
    match value {
        Value::Array(items) | Value::Set(items) => Ok(items),
        Value::Nil => Ok(Vec::new()),
        _ => Err(shape("an array")),
    }
}

/// The key–value pairs of a map reply (RESP3) or of an array of two-item arrays (RESP2).
fn pairs(value: Value) -> RedisResult<Vec<(Value, Value)>> {
    if let Value::Map(pairs) = value {
        return Ok(pairs);
    }
    items(value)?
        .into_iter()
        .map(|pair| {
            let mut pair = items(pair)?.into_iter();
            match (pair.next(), pair.next()) {
                (Some(key), Some(value)) => Ok((key, value)),
                _ => Err(shape("a pair")),
            }
        })
        .collect()
}

fn bytes(value: Value) -> Option<Vec<u8>> {
    match value {
        Value::BulkString(bytes) => Some(bytes),
        Value::SimpleString(text) => Some(text.into_bytes()),
        Value::Int(number) => Some(number.to_string().into_bytes()),
        _ => None,
    }
}

fn text(value: Value) -> Option<String> {
    String::from_utf8(bytes(value)?).ok()
}

fn integer(value: Value) -> Option<u64> {
    match value {
        Value::Int(number) => u64::try_from(number).ok(),
        other => text(other)?.parse().ok(),
    }
}

/// Stream entries, `[[id, [field, value, …]], …]`, first delivery assumed. Entries deleted
/// while pending come as `[id, nil]` from some commands; they are skipped.
fn parse_entries(value: Value) -> RedisResult<Vec<Entry>> {
    let mut entries = Vec::new();
    for (id, fields) in pairs(value)? {
        let id = text(id).ok_or_else(|| shape("an entry id"))?;
        if fields == Value::Nil {
            continue;
        }
        let mut entry = Entry {
            id,
            fields: Vec::new(),
            malformed: None,
            deliveries: 1,
        };
        let mut flat = items(fields)?.into_iter();
        while let Some(name) = flat.next() {
            let name = bytes(name).ok_or_else(|| shape("a field name"))?;
            let name = String::from_utf8_lossy(&name).into_owned();
            match flat.next().and_then(bytes) {
                Some(value) => entry.fields.push((name, value)),
                None => {
                    entry.malformed.get_or_insert(name);
                }
            }
        }
        entries.push(entry);
    }
    Ok(entries)
}

/// Builds a [`Consumer`]; see [`Consumer::builder`].
#[must_use]
pub struct ConsumerBuilder {
    client: redis::Client,
    handlers: Handlers,
    stream: String,
    group: String,
    name: Option<String>,
    unhandled: Unhandled,
    visibility_timeout: Duration,
    max_deliveries: u64,
    dedup_ttl: Duration,
    batch: usize,
}

impl ConsumerBuilder {
    /// The stream to read. Default: [`DEFAULT_STREAM`](super::DEFAULT_STREAM).
    pub fn stream(mut self, name: impl Into<String>) -> Self {
        self.stream = name.into();
        self
    }

    /// The consumer group, shared by all workers. Default: [`DEFAULT_GROUP`](super::DEFAULT_GROUP).
    pub fn group(mut self, name: impl Into<String>) -> Self {
        self.group = name.into();
        self
    }

    /// This worker's name in the group. Default: `worker-<pid>-<time>`, new for every process,
    /// so a restarted worker leaves what its predecessor held to the reclaim. Names of stopped
    /// workers stay listed in `XINFO CONSUMERS` with nothing pending; `XGROUP DELCONSUMER`
    /// removes them.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// What to do with a command without a handler. Default: [`Unhandled::DeadLetter`].
    pub fn unhandled(mut self, unhandled: Unhandled) -> Self {
        self.unhandled = unhandled;
        self
    }

    /// How long an entry may stay with a worker, unacknowledged, before another takes it over
    /// (and how long a failed entry waits before its next delivery). Keep handlers shorter.
    /// Default: 30 s.
    pub fn visibility_timeout(mut self, timeout: Duration) -> Self {
        self.visibility_timeout = timeout;
        self
    }

    /// How many deliveries an entry gets before it is moved to the dead-letter stream.
    /// Default: 5.
    pub fn max_deliveries(mut self, deliveries: u64) -> Self {
        self.max_deliveries = deliveries;
        self
    }

    /// How long a processed key stays marked done, suppressing duplicates. Make it longer than
    /// Tencent's retries and your own redeliveries can take. Default: 24 hours.
    pub fn dedup_ttl(mut self, ttl: Duration) -> Self {
        self.dedup_ttl = ttl;
        self
    }

    /// How many entries to read or reclaim at a time. Default: 16.
    pub fn batch(mut self, entries: usize) -> Self {
        self.batch = entries;
        self
    }

    /// Checks the settings and sets up the connection (made on first use, re-made whenever it
    /// breaks). Call inside a Tokio runtime. Give each worker its own client's consumer, not a
    /// connection shared with a sink: a worker's blocking reads would hold up its appends.
    pub fn build(self) -> Result<Consumer, BuildError> {
        let stream = config::name("stream", self.stream)?;
        let group = config::name("group", self.group)?;
        let name = match self.name {
            Some(name) => config::name("consumer", name)?,
            None => default_name(),
        };
        if self.max_deliveries == 0 {
            return Err(BuildError::Zero("max_deliveries"));
        }
        if self.batch == 0 {
            return Err(BuildError::Zero("batch"));
        }
        if self.visibility_timeout.is_zero() {
            return Err(BuildError::Zero("visibility_timeout"));
        }
        if self.dedup_ttl.is_zero() {
            return Err(BuildError::Zero("dedup_ttl"));
        }
        let connection = config::connect(self.client, MAX_READ_BLOCK + Duration::from_secs(5))?;
        Ok(Consumer {
            connection,
            keys: StreamKeys::new(stream),
            group,
            name,
            handlers: self.handlers,
            unhandled: self.unhandled,
            visibility_timeout: self.visibility_timeout,
            max_deliveries: self.max_deliveries,
            batch: self.batch,
            dedup: Dedup::new(self.dedup_ttl),
            graveyard: Graveyard::new(),
        })
    }
}

impl fmt::Debug for ConsumerBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConsumerBuilder")
            .field("handlers", &self.handlers)
            .field("stream", &self.stream)
            .field("group", &self.group)
            .field("name", &self.name)
            .field("unhandled", &self.unhandled)
            .field("visibility_timeout", &self.visibility_timeout)
            .field("max_deliveries", &self.max_deliveries)
            .field("dedup_ttl", &self.dedup_ttl)
            .field("batch", &self.batch)
            .finish_non_exhaustive()
    }
}

fn default_name() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.subsec_nanos());
    format!("worker-{}-{nanos:08x}", std::process::id())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bulk(text: &str) -> Value {
        Value::BulkString(text.as_bytes().to_vec())
    }

    #[test]
    fn entries_keep_their_field_order() {
        let reply = Value::Array(vec![
            Value::Array(vec![
                bulk("1-0"),
                Value::Array(vec![bulk("v"), bulk("1"), bulk("body"), bulk("{}")]),
            ]),
            Value::Array(vec![bulk("2-0"), Value::Nil]),
            Value::Array(vec![bulk("3-0"), Value::Array(vec![bulk("v"), Value::Nil])]),
        ]);
        let entries = parse_entries(reply).unwrap();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].id, "1-0");
        assert_eq!(
            entries[0].fields,
            vec![
                ("v".to_owned(), b"1".to_vec()),
                ("body".to_owned(), b"{}".to_vec())
            ]
        );
        assert_eq!(entries[1].malformed.as_deref(), Some("v"));
    }

    #[test]
    fn odd_replies_are_errors_not_panics() {
        for reply in [
            Value::Int(1),
            Value::Array(vec![Value::Int(1)]),
            Value::Array(vec![Value::Array(vec![Value::Nil, Value::Nil])]),
            Value::Array(vec![Value::Array(vec![bulk("1-0"), Value::Int(3)])]),
        ] {
            assert!(parse_entries(reply).is_err());
        }
        assert_eq!(integer(bulk("12")), Some(12));
        assert_eq!(integer(Value::Int(-1)), None);
    }
}
