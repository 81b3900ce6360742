//! [`DurableSink`]: the tower service behind `CallbackLayer` that appends after-callbacks to a
//! Redis stream and answers OK only once Redis has them.

use std::fmt;
use std::future::{poll_fn, Future};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, SystemTime};

use crate::response::ReplyBody;
use http::{Request, Response, StatusCode};
use tower_service::Service;

use crate::handler::{CommandRouter, HandlerError, IntoReply};
use crate::protocol::callback::Callback;
use crate::protocol::event::Event;
use crate::protocol::reply::Reply;

use super::config::{self, BuildError, StreamKeys};
use super::{is_before_callback, trace, Record};

/// Appends and counts in one step, so that the length check and the append cannot be
/// separated by another receiver's append. `false` (nil) when the backlog is full.
const APPEND: &str = r"
if redis.call('XLEN', KEYS[1]) >= tonumber(ARGV[1]) then
  redis.call('HINCRBY', KEYS[2], 'refused_full', 1)
  return false
end
local id = redis.call('XADD', KEYS[1], '*', unpack(ARGV, 2))
redis.call('HINCRBY', KEYS[2], 'appended', 1)
return id
";

/// A tower service to put behind [`CallbackLayer`](crate::CallbackLayer): it appends each
/// verified **after-callback** to a Redis stream as a [`Record`] and answers OK only after
/// Redis confirmed the append. **Before-callbacks** are never queued: their reply is Tencent's
/// decision, so they go to an inline service (see [`SinkBuilder::before`]); by default they are
/// allowed (plain OK). Which is which is decided by
/// [`is_before_callback`](super::is_before_callback).
///
/// When the append cannot be confirmed, the answer is a FAIL reply with HTTP 503 (a
/// [`SinkRefusal`]), visible to Tencent (which retries when retries are on) and to monitoring:
///
/// | status | code | when |
/// |---|---|---|
/// | 503 | 50301 | the stream already holds [`max_backlog`](SinkBuilder::max_backlog) entries |
/// | 503 | 50302 | Redis answered with an error, cannot be reached, or the connection broke |
/// | 503 | 50303 | Redis did not answer within the [`budget`](SinkBuilder::budget) |
///
/// After a 50302 or a 50303 the append may still have happened (Redis ran it and the answer
/// came late, or the connection broke on the way back): the callback is then processed, and a
/// retry of it is a duplicate that the workers' deduplication suppresses.
///
/// The backlog is bounded by the stream's length, checked and appended in one Lua script.
/// Nothing is trimmed: workers delete entries once they acknowledged them, so the length is
/// the number of callbacks not yet processed, and nothing unprocessed is ever dropped to make
/// room.
///
/// An acknowledged append is as durable as Redis makes it: run Redis with `appendonly yes`;
/// `appendfsync everysec` (Redis's default with AOF) can lose about the last second of
/// acknowledged appends on a power loss or crash, `appendfsync always` loses none at the cost
/// of an fsync per write. Without AOF, a Redis restart loses everything since the last
/// snapshot.
///
/// ```no_run
/// use tencent_im_callback::durable::DurableSink;
/// use tencent_im_callback::{Callback, CallbackLayer, CommandRouter, Event, Reply};
/// use tower::Layer;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let client = redis::Client::open("redis://127.0.0.1:6379")?;
/// // Before-callbacks are answered here, inline; after-callbacks go to the stream.
/// let before = CommandRouter::new().on_command(
///     "C2C.CallbackBeforeSendMsg",
///     |_: Callback<Event>| async { Reply::allow() },
/// );
/// let sink = DurableSink::builder(client)
///     .stream("tim:callbacks")
///     .before(before)
///     .build()?;
/// let service = CallbackLayer::builder().sdk_app_id(1400000000).build()?.layer(sink);
/// # let _ = service;
/// # Ok(())
/// # }
/// ```
pub struct DurableSink<S = CommandRouter> {
    shared: Arc<Shared>,
    before: S,
}

struct Shared {
    connection: redis::aio::ConnectionManager,
    keys: StreamKeys,
    max_backlog: u64,
    budget: Duration,
    append: redis::Script,
}

impl DurableSink {
    /// Starts configuring a sink that talks to Redis through `client`.
    pub fn builder(client: redis::Client) -> SinkBuilder {
        SinkBuilder {
            client,
            stream: config::DEFAULT_STREAM.to_owned(),
            max_backlog: config::DEFAULT_MAX_BACKLOG,
            budget: config::DEFAULT_BUDGET,
            before: CommandRouter::new(),
        }
    }
}

impl<S> DurableSink<S> {
    /// The Redis keys this sink writes to.
    pub fn keys(&self) -> &StreamKeys {
        &self.shared.keys
    }

    /// Appends a record, as the service does for each after-callback: `Ok` with the entry's id
    /// once Redis confirmed it.
    pub async fn append(&self, record: &Record) -> Result<String, SinkRefusal> {
        self.shared.append(record).await
    }
}

impl Shared {
    async fn append(&self, record: &Record) -> Result<String, SinkRefusal> {
        let mut invocation = self.append.prepare_invoke();
        invocation
            .key(self.keys.stream())
            .key(self.keys.stats())
            .arg(self.max_backlog);
        for (name, value) in record.fields() {
            invocation.arg(name).arg(value.as_ref());
        }
        let mut connection = self.connection.clone();
        let outcome = tokio::time::timeout(
            self.budget,
            invocation.invoke_async::<Option<String>>(&mut connection),
        )
        .await;
        match outcome {
            Ok(Ok(Some(id))) => {
                trace::appended(record, &id);
                Ok(id)
            }
            Ok(Ok(None)) => {
                trace::append_refused(record, &SinkRefusal::BacklogFull, None);
                Err(SinkRefusal::BacklogFull)
            }
            Ok(Err(error)) => {
                let refusal = if error.is_timeout() {
                    SinkRefusal::TooSlow
                } else {
                    SinkRefusal::Unavailable
                };
                trace::append_refused(record, &refusal, Some(&error));
                Err(refusal)
            }
            Err(_) => {
                trace::append_refused(record, &SinkRefusal::TooSlow, None);
                Err(SinkRefusal::TooSlow)
            }
        }
    }
}

impl<S: Clone> Clone for DurableSink<S> {
    fn clone(&self) -> Self {
        DurableSink {
            shared: Arc::clone(&self.shared),
            before: self.before.clone(),
        }
    }
}

impl<S: fmt::Debug> fmt::Debug for DurableSink<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DurableSink")
            .field("keys", &self.shared.keys)
            .field("max_backlog", &self.shared.max_backlog)
            .field("budget", &self.shared.budget)
            .field("before", &self.before)
            .finish_non_exhaustive()
    }
}

/// The future of [`DurableSink`].
pub type SinkFuture<E> = Pin<Box<dyn Future<Output = Result<Response<ReplyBody>, E>> + Send>>;

impl<S, B> Service<Request<B>> for DurableSink<S>
where
    S: Service<Request<B>, Response = Response<ReplyBody>> + Clone + Send + 'static,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
    B: Send + 'static,
{
    type Response = Response<ReplyBody>;
    type Error = S::Error;
    type Future = SinkFuture<S::Error>;

    /// Always ready: Redis's capacity shows in each append's answer, and the inline service
    /// is made ready in the request's future, only for before-callbacks.
    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, mut request: Request<B>) -> Self::Future {
        let before = match request.extensions().get::<Callback<Event>>() {
            Some(callback) => is_before_callback(callback.command().as_str()),
            None => {
                return Box::pin(std::future::ready(Ok(
                    HandlerError::LayerNotInstalled.into_http_response()
                )))
            }
        };
        if before {
            let mut inline = self.before.clone();
            return Box::pin(async move {
                poll_fn(|cx| inline.poll_ready(cx)).await?;
                inline.call(request).await
            });
        }
        let received_at = SystemTime::now();
        let record = request
            .extensions_mut()
            .remove::<Callback<Event>>()
            .map(|callback| Record::from_callback(&callback, received_at));
        let shared = Arc::clone(&self.shared);
        Box::pin(async move {
            let Some(record) = record else {
                return Ok(HandlerError::LayerNotInstalled.into_http_response());
            };
            Ok(shared
                .append(&record)
                .await
                .map(|_| ())
                .into_http_response())
        })
    }
}

/// Builds a [`DurableSink`]; see [`DurableSink::builder`].
#[must_use]
pub struct SinkBuilder<S = CommandRouter> {
    client: redis::Client,
    stream: String,
    max_backlog: u64,
    budget: Duration,
    before: S,
}

impl<S> SinkBuilder<S> {
    /// The stream to append to. Default: [`DEFAULT_STREAM`](super::DEFAULT_STREAM).
    pub fn stream(mut self, name: impl Into<String>) -> Self {
        self.stream = name.into();
        self
    }

    /// How many entries the stream may hold (callbacks appended and not yet processed) before
    /// appends are refused with 503. Default: [`DEFAULT_MAX_BACKLOG`](super::DEFAULT_MAX_BACKLOG).
    pub fn max_backlog(mut self, entries: u64) -> Self {
        self.max_backlog = entries;
        self
    }

    /// How long to wait for Redis to confirm an append before answering 503. Default 1 s; at
    /// most 2 s, Tencent's own limit.
    pub fn budget(mut self, budget: Duration) -> Self {
        self.budget = budget;
        self
    }

    /// The service that answers before-callbacks inline, such as a
    /// [`CommandRouter`] with a handler per before-callback. It receives
    /// the request as the layer passed it, `Callback<Event>` extension included. Default:
    /// `CommandRouter::new()`, which allows everything (plain OK).
    pub fn before<T>(self, service: T) -> SinkBuilder<T> {
        SinkBuilder {
            client: self.client,
            stream: self.stream,
            max_backlog: self.max_backlog,
            budget: self.budget,
            before: service,
        }
    }

    /// Checks the settings and sets up the connection, which is made on first use and
    /// re-made whenever it breaks. Call inside a Tokio runtime.
    pub fn build(self) -> Result<DurableSink<S>, BuildError> {
        let stream = config::name("stream", self.stream)?;
        if self.max_backlog == 0 {
            return Err(BuildError::Zero("max_backlog"));
        }
        if self.budget.is_zero() || self.budget > config::MAX_BUDGET {
            return Err(BuildError::Budget(self.budget));
        }
        // The budget is enforced here, per append; the connection's own limit only clears
        // answers that never come.
        let connection = config::connect(self.client, self.budget * 2)?;
        Ok(DurableSink {
            shared: Arc::new(Shared {
                connection,
                keys: StreamKeys::new(stream),
                max_backlog: self.max_backlog,
                budget: self.budget,
                append: redis::Script::new(APPEND),
            }),
            before: self.before,
        })
    }
}

impl<S: fmt::Debug> fmt::Debug for SinkBuilder<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SinkBuilder")
            .field("stream", &self.stream)
            .field("max_backlog", &self.max_backlog)
            .field("budget", &self.budget)
            .field("before", &self.before)
            .finish_non_exhaustive()
    }
}

/// Why the sink did not confirm an append; each answers HTTP 503 with a FAIL reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SinkRefusal {
    /// 50301: the stream holds `max_backlog` entries already.
    BacklogFull,
    /// 50302: Redis answered with an error, could not be reached, or the connection broke.
    Unavailable,
    /// 50303: Redis did not answer within the budget; the append may still happen.
    TooSlow,
}

impl SinkRefusal {
    /// The stable `ErrorCode`.
    pub fn error_code(&self) -> i64 {
        match self {
            SinkRefusal::BacklogFull => 50301,
            SinkRefusal::Unavailable => 50302,
            SinkRefusal::TooSlow => 50303,
        }
    }
}

impl fmt::Display for SinkRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SinkRefusal::BacklogFull => "busy: the backlog of unprocessed callbacks is full",
            SinkRefusal::Unavailable => {
                "storage unavailable: the callback may not have been stored"
            }
            SinkRefusal::TooSlow => "storage too slow: the callback may not have been stored",
        })
    }
}

impl std::error::Error for SinkRefusal {}

impl IntoReply for SinkRefusal {
    fn status(&self) -> StatusCode {
        StatusCode::SERVICE_UNAVAILABLE
    }

    fn into_reply(self) -> Reply {
        Reply::fail(self.error_code(), self.to_string())
    }
}
