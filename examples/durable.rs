//! Several replicas, no lost callbacks: receivers that put after-callbacks in a Redis stream
//! before answering OK, and workers that process them from there.
//!
//! ```text
//! eval "$(bash scripts/redis.sh start)"     # a Redis on loopback with AOF; exports REDIS_URL
//! cargo run --example durable --features redis -- receive    # POST /callback on TIM_BIND
//! cargo run --example durable --features redis -- work       # in another terminal
//! ```
//!
//! Environment, for both:
//!
//! - `REDIS_URL` (default `redis://127.0.0.1:6379`);
//! - `DURABLE_STREAM` (default `tim:callbacks`) and `DURABLE_GROUP` (default `tim-workers`);
//! - `TIM_SDKAPPID`, `TIM_CALLBACK_TOKEN`, `TIM_BIND`: the receiver's, as for the `server`
//!   example;
//! - `DURABLE_MAX_BACKLOG` (receiver, default 100000): entries the stream may hold before
//!   callbacks are refused with 503;
//! - `DURABLE_VISIBILITY_MS` (worker, default 30000): how long a worker may hold an entry before
//!   another takes it over;
//! - `DURABLE_EFFECTS` (worker, default `<stream>:effects`): the hash the worker's effect counts
//!   in.
//!
//! The receiver answers OK once Redis has the callback, 503 with a FAIL reply when Redis is down,
//! too slow or the backlog is full; before-callbacks are answered at once (allowed). The worker
//! writes one JSON line per delivery to stdout (`{"entry","key","deliveries","callback"}`: a
//! redelivered callback is printed again) and, exactly once per callback, adds 1 to its
//! idempotency key in the effects hash, in the same Redis script that marks the key done.
//! Ctrl-C or SIGTERM stops either gracefully.

use std::process::ExitCode;
use std::time::Duration;

use hyper::service::service_fn;
use serde::Serialize;
use tencent_im_callback::durable::{Consumer, Delivery, DurableSink, Handlers, Unhandled};
use tencent_im_callback::{Callback, Event};
use tokio::net::TcpListener;
use tower::Layer;

mod support;

use support::{shutdown_signal, Settings, PATH};

#[tokio::main]
async fn main() -> ExitCode {
    let result = match std::env::args().nth(1).as_deref() {
        Some("receive") => receive().await,
        Some("work") => work().await,
        _ => Err("usage: durable receive | durable work (settings from the environment)".into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("durable: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The Redis and stream settings both sides share.
struct Shared {
    client: redis::Client,
    stream: String,
}

impl Shared {
    fn from_env() -> Result<Shared, String> {
        let url = text("REDIS_URL", "redis://127.0.0.1:6379")?;
        let client = redis::Client::open(url.as_str())
            .map_err(|error| format!("REDIS_URL is not a Redis URL: {error}"))?;
        Ok(Shared {
            client,
            stream: text("DURABLE_STREAM", "tim:callbacks")?,
        })
    }
}

async fn receive() -> Result<(), String> {
    let settings = Settings::from_env()?;
    let layer = settings.layer()?;
    let shared = Shared::from_env()?;
    let sink = DurableSink::builder(shared.client)
        .stream(&shared.stream)
        .max_backlog(number("DURABLE_MAX_BACKLOG", 100_000)?)
        .build()
        .map_err(|error| error.to_string())?;
    let endpoint = layer.layer(sink);

    let shutdown = shutdown_signal().map_err(|error| format!("cannot watch signals: {error}"))?;
    let listener = TcpListener::bind(settings.bind)
        .await
        .map_err(|error| format!("cannot listen on {}: {error}", settings.bind))?;
    let address = listener
        .local_addr()
        .map_err(|error| format!("cannot read the bound address: {error}"))?;
    eprintln!(
        "listening on http://{address}{PATH}, storing after-callbacks in {:?}",
        shared.stream
    );
    let service = service_fn(move |request| support::respond(endpoint.clone(), request));
    support::serve(listener, service, support::Http1::new(), shutdown).await;
    eprintln!("stopped");
    Ok(())
}

async fn work() -> Result<(), String> {
    let shared = Shared::from_env()?;
    let effects = text("DURABLE_EFFECTS", &format!("{}:effects", shared.stream))?;
    // Every command is handled here, by the fallback; without one, commands with no handler
    // would go to the dead-letter stream (`Unhandled::DeadLetter`).
    let handlers = Handlers::new().fallback(move |delivery: Delivery<Event>| {
        let effects = effects.clone();
        async move { process(&delivery, &effects) }
    });
    let consumer = Consumer::builder(shared.client, handlers)
        .stream(&shared.stream)
        .group(text("DURABLE_GROUP", "tim-workers")?)
        .visibility_timeout(Duration::from_millis(number(
            "DURABLE_VISIBILITY_MS",
            30_000,
        )?))
        .unhandled(Unhandled::DeadLetter)
        .build()
        .map_err(|error| error.to_string())?;
    let shutdown = shutdown_signal().map_err(|error| format!("cannot watch signals: {error}"))?;
    eprintln!(
        "working as {} on {:?}, group {:?}",
        consumer.name(),
        consumer.keys().stream(),
        text("DURABLE_GROUP", "tim-workers")?
    );
    consumer
        .run(async {
            let signal = shutdown.await;
            eprintln!("{signal}: finishing the entries in hand");
        })
        .await;
    eprintln!("stopped");
    Ok(())
}

/// The work: a line on stdout (at least once), and 1 added to the key's count in Redis
/// (exactly once).
fn process(delivery: &Delivery<Event>, effects: &str) {
    #[derive(Serialize)]
    struct Line<'a> {
        entry: &'a str,
        key: &'a str,
        deliveries: u64,
        callback: &'a Callback<Event>,
    }
    let line = Line {
        entry: delivery.entry_id(),
        key: delivery.key(),
        deliveries: delivery.deliveries(),
        callback: delivery.callback(),
    };
    // A callback serialises without error (strings, numbers and raw JSON).
    if let Ok(text) = serde_json::to_string(&line) {
        println!("{text}");
    }
    delivery
        .effects()
        .push(redis::Cmd::hincr(effects, delivery.key(), 1));
}

/// An environment variable, or `default` when unset.
fn text(name: &str, default: &str) -> Result<String, String> {
    match std::env::var(name) {
        Ok(value) if !value.is_empty() => Ok(value),
        Ok(_) | Err(std::env::VarError::NotPresent) => Ok(default.to_owned()),
        Err(std::env::VarError::NotUnicode(_)) => Err(format!("{name} is not valid UTF-8")),
    }
}

/// A numeric environment variable, or `default` when unset.
fn number(name: &str, default: u64) -> Result<u64, String> {
    let value = text(name, &default.to_string())?;
    value
        .trim()
        .parse()
        .map_err(|_| format!("{name} must be a whole number, not {value:?}"))
}
