//! Sending for `simulate` and `replay`: callbacks from a queue are sent at most `--rate` per
//! second, at most `--concurrency` at once, each signed when it is sent; each outcome is
//! printed and counted, and the summary decides the exit code.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::StatusCode;
use http_body_util::{BodyExt, Limited};
use serde_json::{Map, Value};
use tencent_im_callback::Reply;
use tokio::sync::{mpsc, Semaphore};
use tokio::time::MissedTickBehavior;

use crate::client::{with_causes, Connection, Target};
use crate::output::Output;
use crate::settings::unix_now;
use crate::source::Outgoing;
use crate::summary::Summary;
use crate::Failure;

/// The largest reply read; Tencent's replies are a few hundred bytes.
const REPLY_LIMIT: usize = 1024 * 1024;
/// How often the progress line is redrawn.
const PROGRESS_EVERY: Duration = Duration::from_millis(200);

/// The sending flags `simulate` and `replay` share.
#[derive(clap::Args)]
pub struct SendArgs {
    /// Where to send: a plain http:// URL; Tencent's query is appended to the URL's own.
    #[arg(
        verbatim_doc_comment,
        long,
        env = "TIM_CALLBACK_URL",
        default_value = "http://127.0.0.1:8080/callback"
    )]
    pub url: String,
    /// Send at most this many callbacks per second, 0.001 to 1000000 (default: as fast as
    /// replies come).
    #[arg(verbatim_doc_comment, long, value_name = "PER_SECOND", value_parser = parse_rate)]
    pub rate: Option<f64>,
    /// Requests in flight at once, each on a keep-alive connection of its own. With 1, they
    /// are sent in order, each after the previous reply.
    #[arg(verbatim_doc_comment, long, default_value_t = 1, value_name = "N",
          value_parser = clap::value_parser!(u16).range(1..=256))]
    pub concurrency: u16,
    /// How long to wait for each reply before counting the request as failed.
    #[arg(verbatim_doc_comment, long, default_value_t = 10, value_name = "SECONDS",
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: u64,
    /// Until the server accepts connections, retry for this long (so the tool can be started
    /// right after the server).
    #[arg(verbatim_doc_comment, long, default_value_t = 10, value_name = "SECONDS",
          value_parser = clap::value_parser!(u64).range(0..=3600))]
    pub wait: u64,
}

/// `--rate`: callbacks per second, from one every 1000 seconds to a million a second.
fn parse_rate(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(rate) if (0.001..=1e6).contains(&rate) => Ok(rate),
        _ => Err("a number of callbacks per second, from 0.001 to 1000000".to_owned()),
    }
}

/// What the sending queue holds.
pub enum Item {
    /// A callback to send; `line` is where it came from in `replay`'s input.
    Send {
        /// The input line, for `replay`.
        line: Option<u64>,
        /// The callback.
        callback: Arc<dyn Outgoing>,
    },
    /// An input line that cannot be sent, and why.
    Malformed {
        /// Its number, counting from 1.
        line: u64,
        /// Why it cannot be sent.
        error: String,
    },
}

/// One request's outcome.
pub struct Exchange {
    /// Its place in the order of sending, counting from 1.
    pub n: u64,
    /// The input line it came from, for `replay`.
    pub line: Option<u64>,
    /// The command word.
    pub name: String,
    /// The reply, or why there was none.
    pub result: Result<Replied, String>,
}

/// A reply.
pub struct Replied {
    /// Its HTTP status.
    pub status: StatusCode,
    /// From sending the request to the end of the reply.
    pub latency: Duration,
    /// The reply body.
    pub body: Bytes,
    /// The body as Tencent's reply, when it is one.
    pub reply: Option<Reply>,
    /// For a before-callback answered OK, what the reply decided.
    pub decision: Option<Decision>,
}

impl Replied {
    /// Whether Tencent counts this reply as a success: HTTP 200 and `"ActionStatus":"OK"`.
    pub fn is_ok(&self) -> bool {
        self.status == StatusCode::OK && self.reply.as_ref().is_some_and(Reply::is_ok)
    }
}

/// What a before-callback's reply decided.
pub struct Decision {
    /// `ErrorCode`: 0 lets the action go ahead; other codes refuse it (for a message, 1
    /// refuses and 2 drops it silently).
    pub error_code: i64,
    /// `ErrorInfo`.
    pub error_info: String,
    /// The fields the reply sets to something other than what the callback sent, such as
    /// `MsgBody` or `CloudCustomData`: what Tencent will use instead.
    pub rewritten: Vec<String>,
}

/// What the reporter gets.
enum Report {
    Exchange(Exchange),
    Malformed { line: u64, error: String },
}

/// Sends what `items` holds to `target` and prints each outcome; ends when the queue is
/// closed and every reply is in, or on Ctrl-C (then requests in flight still finish). Fails
/// only when the target does not accept connections within `--wait`.
pub async fn run(
    args: &SendArgs,
    target: Target,
    mut items: mpsc::Receiver<Item>,
    mut output: Output,
) -> Result<Summary, Failure> {
    target
        .wait_until_listening(Duration::from_secs(args.wait))
        .await
        .map_err(Failure::Fatal)?;

    let (reports, mut reported) = mpsc::channel::<Report>(256);
    let reporter = tokio::spawn(async move {
        let mut summary = Summary::default();
        let mut progress = tokio::time::interval(PROGRESS_EVERY);
        progress.set_missed_tick_behavior(MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                report = reported.recv() => match report {
                    Some(Report::Exchange(exchange)) => {
                        match &exchange.result {
                            Ok(replied) => summary.reply(
                                replied.is_ok(),
                                replied.status.as_u16(),
                                replied.latency,
                            ),
                            Err(_) => summary.failure(),
                        }
                        output.exchange(&exchange);
                    }
                    Some(Report::Malformed { line, error }) => {
                        summary.malformed_line();
                        output.malformed(line, &error);
                    }
                    None => break,
                },
                _ = progress.tick() => output.tick(&summary),
            }
        }
        (summary, output)
    });

    let target = Arc::new(target);
    let concurrency = u32::from(args.concurrency);
    let slots = Arc::new(Semaphore::new(concurrency as usize));
    let idle: Arc<Mutex<Vec<Connection>>> = Arc::default();
    let timeout = Duration::from_secs(args.timeout);
    let mut pace = args.rate.map(|rate| {
        let mut pace = tokio::time::interval(Duration::from_secs_f64(1.0 / rate));
        pace.set_missed_tick_behavior(MissedTickBehavior::Delay);
        pace
    });
    let interrupt = tokio::signal::ctrl_c();
    tokio::pin!(interrupt);
    let mut interrupted = false;
    let mut n = 0;
    loop {
        let item = tokio::select! {
            item = items.recv() => item,
            _ = &mut interrupt => {
                interrupted = true;
                break;
            }
        };
        let (line, callback) = match item {
            None => break,
            Some(Item::Malformed { line, error }) => {
                let _ = reports.send(Report::Malformed { line, error }).await;
                continue;
            }
            Some(Item::Send { line, callback }) => (line, callback),
        };
        if let Some(pace) = &mut pace {
            tokio::select! {
                _ = pace.tick() => {}
                _ = &mut interrupt => {
                    interrupted = true;
                    break;
                }
            }
        }
        let slot = tokio::select! {
            slot = Arc::clone(&slots).acquire_owned() => slot,
            _ = &mut interrupt => {
                interrupted = true;
                break;
            }
        };
        let Ok(slot) = slot else {
            break;
        };
        n += 1;
        let mut connection = take(&idle).unwrap_or_else(Connection::new);
        let target = Arc::clone(&target);
        let idle = Arc::clone(&idle);
        let reports = reports.clone();
        tokio::spawn(async move {
            let result = exchange(&target, &mut connection, &*callback, timeout).await;
            give_back(&idle, connection);
            let exchange = Exchange {
                n,
                line,
                name: callback.name().to_owned(),
                result,
            };
            // The slot is freed once the outcome is reported, so that with one request at a
            // time the outcomes are printed in order.
            let _ = reports.send(Report::Exchange(exchange)).await;
            drop(slot);
        });
    }
    // Every request in flight holds a slot: once all are free, all are reported.
    let _ = slots.acquire_many(concurrency).await;
    drop(reports);
    let (mut summary, mut output) = reporter
        .await
        .map_err(|error| Failure::fatal(format!("the reporter failed: {error}")))?;
    summary.interrupted = interrupted;
    output.finish(&summary);
    Ok(summary)
}

/// An idle connection, if there is one.
fn take(idle: &Mutex<Vec<Connection>>) -> Option<Connection> {
    idle.lock().unwrap_or_else(PoisonError::into_inner).pop()
}

/// Returns a connection to the idle ones.
fn give_back(idle: &Mutex<Vec<Connection>>, connection: Connection) {
    idle.lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(connection);
}

/// Sends one callback, signed now, and reads the reply within `timeout`.
async fn exchange(
    target: &Target,
    connection: &mut Connection,
    callback: &dyn Outgoing,
    timeout: Duration,
) -> Result<Replied, String> {
    let now = unix_now().map_err(|_| "the system clock is before 1970".to_owned())?;
    let request = callback.request(target, now)?;
    let started = Instant::now();
    let sent = tokio::time::timeout(timeout, async {
        let response = connection.send(target, request).await?;
        let status = response.status();
        let body = Limited::new(response.into_body(), REPLY_LIMIT)
            .collect()
            .await
            .map_err(|error| {
                let error = with_causes(&*error);
                format!("{status}, then reading the reply failed: {error}")
            })?;
        Ok::<_, String>((status, body.to_bytes()))
    })
    .await;
    let latency = started.elapsed();
    let (status, body) = match sent {
        Ok(result) => result?,
        Err(_) => {
            // The connection is in the middle of an exchange: start afresh.
            *connection = Connection::new();
            return Err(format!("no reply within {timeout:?}"));
        }
    };
    let reply: Option<Reply> = serde_json::from_slice(&body).ok();
    let decision = match &reply {
        Some(reply) if callback.decides() && reply.is_ok() => Some(Decision {
            error_code: reply.error_code(),
            error_info: reply.error_info().to_owned(),
            rewritten: rewritten(callback.body(), reply.extra_fields()),
        }),
        _ => None,
    };
    Ok(Replied {
        status,
        latency,
        body,
        reply,
        decision,
    })
}

/// The reply's extra fields whose value differs from the callback's own field of that name.
fn rewritten(sent: &[u8], fields: &Map<String, Value>) -> Vec<String> {
    let sent: Map<String, Value> = serde_json::from_slice(sent).unwrap_or_default();
    fields
        .iter()
        .filter(|(name, value)| sent.get(name.as_str()) != Some(value))
        .map(|(name, _)| name.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_fields_set_to_something_new_are_rewritten() {
        let sent = br#"{"MsgBody":[{"MsgType":"TIMTextElem"}],"CloudCustomData":"a"}"#;
        let reply = json!({"MsgBody": [{"MsgType": "TIMTextElem"}], "CloudCustomData": "b"});
        let Value::Object(fields) = reply else {
            unreachable!()
        };
        assert_eq!(rewritten(sent, &fields), ["CloudCustomData"]);
        assert_eq!(
            rewritten(b"not json", &fields),
            ["CloudCustomData", "MsgBody"]
        );
    }

    #[test]
    fn rates_are_positive_and_bounded() {
        assert_eq!(parse_rate("2.5"), Ok(2.5));
        assert_eq!(parse_rate("0.001"), Ok(0.001));
        for bad in ["0", "1e-300", "-1", "NaN", "inf", "1e7", "fast"] {
            assert!(parse_rate(bad).is_err(), "{bad}");
        }
    }
}
