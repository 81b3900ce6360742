//! The summary of a `simulate` or `replay` run: what was sent, what was accepted, what was
//! refused by which status, and the latency percentiles.

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::{json, Value};

/// Tencent gives up on a reply after 2 seconds; slower replies are counted.
pub const TENCENT_TIMEOUT: Duration = Duration::from_secs(2);

/// The counts of one run so far.
#[derive(Debug, Default, Clone)]
pub struct Summary {
    /// Requests sent (or attempted: failures included).
    pub sent: u64,
    /// Replies Tencent counts as success: HTTP 200 with `"ActionStatus":"OK"`.
    pub ok: u64,
    /// Other replies, by HTTP status (a 200 whose body is not an OK reply included).
    pub refused: BTreeMap<u16, u64>,
    /// Requests that got no reply: no connection, a broken one, no reply in time.
    pub failed: u64,
    /// Input lines that could not be sent (`replay`).
    pub malformed: u64,
    /// Replies slower than [`TENCENT_TIMEOUT`].
    pub slow: u64,
    /// Whether the run was stopped by Ctrl-C before it sent everything.
    pub interrupted: bool,
    latencies: Vec<Duration>,
}

/// The latency of the replies at the 50th, 90th and 99th percentile, and the slowest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Percentiles {
    /// Half the replies came at least this fast.
    pub p50: Duration,
    /// 90 % came at least this fast.
    pub p90: Duration,
    /// 99 % came at least this fast.
    pub p99: Duration,
    /// The slowest reply.
    pub max: Duration,
}

impl Summary {
    /// Counts a reply: `ok` when Tencent would count it as a success.
    pub fn reply(&mut self, ok: bool, status: u16, latency: Duration) {
        self.sent += 1;
        if ok {
            self.ok += 1;
        } else {
            *self.refused.entry(status).or_default() += 1;
        }
        if latency > TENCENT_TIMEOUT {
            self.slow += 1;
        }
        self.latencies.push(latency);
    }

    /// Counts a request that got no reply.
    pub fn failure(&mut self) {
        self.sent += 1;
        self.failed += 1;
    }

    /// Counts an input line that could not be sent.
    pub fn malformed_line(&mut self) {
        self.malformed += 1;
    }

    /// Replies that were not OK, whatever their status.
    pub fn refused_total(&self) -> u64 {
        self.refused.values().sum()
    }

    /// Whether everything was sent and accepted: exit code 0.
    pub fn all_ok(&self) -> bool {
        self.ok == self.sent && self.malformed == 0 && !self.interrupted
    }

    /// The latency percentiles of the replies (failures have none); `None` before any reply.
    pub fn percentiles(&self) -> Option<Percentiles> {
        let mut sorted = self.latencies.clone();
        sorted.sort_unstable();
        Some(Percentiles {
            p50: nearest_rank(&sorted, 50)?,
            p90: nearest_rank(&sorted, 90)?,
            p99: nearest_rank(&sorted, 99)?,
            max: *sorted.last()?,
        })
    }

    /// The summary for people, in a few lines.
    pub fn to_text(&self) -> String {
        let mut text = format!(
            "sent {}: {} OK, {} refused",
            self.sent,
            self.ok,
            self.refused_total()
        );
        if !self.refused.is_empty() {
            let by_status: Vec<String> = self
                .refused
                .iter()
                .map(|(status, count)| format!("{status} ×{count}"))
                .collect();
            text.push_str(&format!(" ({})", by_status.join(", ")));
        }
        text.push_str(&format!(", {} failed", self.failed));
        if self.malformed > 0 {
            text.push_str(&format!(", {} malformed lines", self.malformed));
        }
        if let Some(latency) = self.percentiles() {
            text.push_str(&format!(
                "\nlatency: p50 {}, p90 {}, p99 {}, max {}",
                milliseconds(latency.p50),
                milliseconds(latency.p90),
                milliseconds(latency.p99),
                milliseconds(latency.max)
            ));
        }
        if self.slow > 0 {
            text.push_str(&format!(
                "\n{} replies took longer than Tencent waits ({TENCENT_TIMEOUT:?})",
                self.slow
            ));
        }
        if self.interrupted {
            text.push_str("\ninterrupted: not everything was sent");
        }
        text
    }

    /// The summary for scripts: one JSON object, `"kind":"summary"`.
    pub fn to_json(&self) -> Value {
        let refused: serde_json::Map<String, Value> = self
            .refused
            .iter()
            .map(|(status, count)| (status.to_string(), json!(count)))
            .collect();
        let latency = self.percentiles().map(|latency| {
            json!({
                "p50": millis(latency.p50),
                "p90": millis(latency.p90),
                "p99": millis(latency.p99),
                "max": millis(latency.max),
            })
        });
        json!({
            "kind": "summary",
            "sent": self.sent,
            "ok": self.ok,
            "refused": self.refused_total(),
            "refused_by_status": refused,
            "failed": self.failed,
            "malformed": self.malformed,
            "slow": self.slow,
            "interrupted": self.interrupted,
            "latency_ms": latency,
        })
    }
}

/// The smallest value at least `percent` % of `sorted` are at or below: the nearest-rank
/// percentile.
fn nearest_rank(sorted: &[Duration], percent: usize) -> Option<Duration> {
    let rank = (sorted.len() * percent).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

/// A latency in milliseconds with microsecond precision, for JSON.
pub fn millis(latency: Duration) -> f64 {
    (latency.as_secs_f64() * 1e6).round() / 1e3
}

/// A latency for people: `0.84 ms`, `12.3 ms`, `250 ms`, `2.50 s`.
pub fn milliseconds(latency: Duration) -> String {
    let ms = latency.as_secs_f64() * 1e3;
    if ms < 10.0 {
        format!("{ms:.2} ms")
    } else if ms < 100.0 {
        format!("{ms:.1} ms")
    } else if ms < 1000.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{:.2} s", ms / 1e3)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn percentiles_are_nearest_rank() {
        let mut summary = Summary::default();
        assert_eq!(summary.percentiles(), None);
        for n in (1..=100).rev() {
            summary.reply(true, 200, ms(n));
        }
        let latency = summary.percentiles().unwrap();
        assert_eq!(
            (latency.p50, latency.p90, latency.p99, latency.max),
            (ms(50), ms(90), ms(99), ms(100))
        );

        let mut one = Summary::default();
        one.reply(true, 200, ms(7));
        let latency = one.percentiles().unwrap();
        assert_eq!(
            (latency.p50, latency.p99, latency.max),
            (ms(7), ms(7), ms(7))
        );
    }

    #[test]
    fn refusals_are_counted_by_status_and_decide_the_exit_code() {
        let mut summary = Summary::default();
        summary.reply(true, 200, ms(1));
        assert!(summary.all_ok());
        summary.reply(false, 401, ms(1));
        summary.reply(false, 401, ms(3000));
        summary.reply(false, 200, ms(1));
        summary.failure();
        assert!(!summary.all_ok());
        assert_eq!(summary.refused_total(), 3);
        assert_eq!(
            (summary.sent, summary.ok, summary.failed, summary.slow),
            (5, 1, 1, 1)
        );
        let text = summary.to_text();
        assert!(
            text.starts_with("sent 5: 1 OK, 3 refused (200 ×1, 401 ×2), 1 failed"),
            "{text}"
        );
        let json = summary.to_json();
        assert_eq!(json["refused_by_status"]["401"], 2);
        assert_eq!(json["latency_ms"]["max"], 3000.0);

        let mut lines = Summary::default();
        lines.malformed_line();
        assert!(!lines.all_ok());
    }

    #[test]
    fn latencies_read_well() {
        assert_eq!(milliseconds(Duration::from_micros(840)), "0.84 ms");
        assert_eq!(milliseconds(Duration::from_micros(12_340)), "12.3 ms");
        assert_eq!(milliseconds(ms(250)), "250 ms");
        assert_eq!(milliseconds(ms(2500)), "2.50 s");
        assert_eq!(millis(Duration::from_nanos(1_234_567)), 1.235);
    }
}
