//! No acknowledged callback lost: after-callbacks handed off to a Redis stream, processed by
//! workers (feature `redis`).
//!
//! Tencent does not retry after-callbacks unless the app turned retries on, and then only on
//! failure: once a receiver answered OK, the callback exists only where the receiver put it.
//! Here it is put in a Redis stream before the OK is sent, and workers in a consumer group
//! process it from there.
//!
//! ```text
//! Tencent ──▶ load balancer ──▶ receivers: CallbackLayer + DurableSink
//!                                   │ XADD; OK only once Redis confirmed it
//!                                   ▼
//!              Redis: <stream>, <stream>:done:<key>, <stream>:dead, <stream>:stats
//!                                   │ XREADGROUP, XAUTOCLAIM     ▲ one script: effects,
//!                                   ▼                            │ mark done, XACK, XDEL
//!                        workers: Consumer + Handlers ───────────┘
//! ```
//!
//! - **Receivers** ([`DurableSink`] behind [`CallbackLayer`](crate::CallbackLayer)) verify each
//!   callback, append it as a [`Record`] and answer OK only once Redis confirmed the append;
//!   when Redis is down, slower than the budget (1 s by default) or the backlog is full, they
//!   answer HTTP 503 with a FAIL reply, so the failure shows in Tencent's console and in your
//!   monitoring and Tencent retries when retries are on. Before-callbacks are answered inline,
//!   never queued ([`is_before_callback`]).
//! - **Workers** ([`Consumer`] with [`Handlers`]) read the stream in one consumer group,
//!   deduplicate by [idempotency key](crate::idempotency), run one handler per command,
//!   acknowledge after success, take over what a crashed worker left after the visibility
//!   timeout, and move entries that keep failing to a dead-letter stream.
//!
//! # Guarantees
//!
//! - A callback answered OK is in Redis, as durable as Redis's persistence makes it (below).
//! - Every stored callback is delivered to a worker **at least once**, until a handler
//!   succeeds or it reaches the dead-letter stream; entries are deleted only once acknowledged,
//!   and the backlog bound refuses new callbacks rather than dropping stored ones.
//! - Deduplication marks a key done **after** its handler succeeded, so a crash between an
//!   effect and the mark repeats the effect. The guarantee is at-least-once delivery with
//!   duplicates suppressed, and **exactly-once effects only for effects written in the same
//!   Redis script as the mark** ([`Effects`]). Duplicates are recognised only as well as the
//!   idempotency key tells callbacks apart: by the body's natural key where the command has
//!   one, otherwise by the digest, which catches only byte-identical retries.
//!
//! Nothing stronger is promised: effects outside Redis (a database write, a push message)
//! happen at least once; make them idempotent with [`Delivery::key`].
//!
//! # Running Redis
//!
//! Run Redis 6.2 or later (`XAUTOCLAIM`) with the append-only file on: `appendonly yes`. With
//! `appendfsync everysec` (the default once AOF is on) Redis fsyncs the file once a second, so
//! a power loss or a crash of the machine or of Redis can lose about the last second of
//! acknowledged appends (Redis allows up to two when the disk is slow); with `appendfsync
//! always` nothing acknowledged is lost, at the cost of an fsync per write. Without AOF, a
//! restart loses everything since the last snapshot. Do not set an eviction policy that
//! can evict the stream (`maxmemory-policy noeviction`, the default, is right).
//!
//! The stream is **inside the trust boundary**: workers rebuild callbacks from it without
//! checking signatures again ([`Record::to_callback`]). Whoever can write to it can make workers
//! act on callbacks Tencent never sent, so keep Redis private (network, `requirepass` or ACLs,
//! TLS through `rediss://` URLs with the `redis` crate's TLS features).
//!
//! # Putting it together
//!
//! ```no_run
//! use tencent_im_callback::durable::{Consumer, Delivery, DurableSink, Handlers, Unhandled};
//! use tencent_im_callback::{CallbackLayer, Event};
//! use tower::Layer;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // In each receiver:
//! let sink = DurableSink::builder(redis::Client::open("redis://127.0.0.1:6379")?).build()?;
//! let receiver = CallbackLayer::builder().sdk_app_id(1400000000).build()?.layer(sink);
//! # let _ = receiver;
//!
//! // In each worker:
//! let handlers = Handlers::new().fallback(|delivery: Delivery<Event>| async move {
//!     println!("{} {}", delivery.callback().command(), delivery.key());
//! });
//! let consumer = Consumer::builder(redis::Client::open("redis://127.0.0.1:6379")?, handlers)
//!     .unhandled(Unhandled::DeadLetter)
//!     .build()?;
//! consumer.run(async { tokio::signal::ctrl_c().await.ok(); }).await;
//! # Ok(())
//! # }
//! ```
//!
//! `examples/durable.rs` runs either side from the command line (`receive` or `work`).

mod config;
mod consumer;
mod dead_letter;
mod dedup;
mod handler;
mod phase;
mod record;
mod sink;
mod stats;
mod trace;

pub use config::{
    BuildError, StreamKeys, DEFAULT_BATCH, DEFAULT_BUDGET, DEFAULT_DEDUP_TTL, DEFAULT_GROUP,
    DEFAULT_MAX_BACKLOG, DEFAULT_MAX_DELIVERIES, DEFAULT_STREAM, DEFAULT_VISIBILITY_TIMEOUT,
    MAX_BUDGET,
};
pub use consumer::{Consumer, ConsumerBuilder};
pub use dead_letter::Unhandled;
pub use dedup::Effects;
pub use handler::{Delivery, Handlers};
pub use phase::is_before_callback;
pub use record::{Record, RecordError, RECORD_VERSION};
pub use sink::{DurableSink, SinkBuilder, SinkFuture, SinkRefusal};
pub use stats::Stats;
