//! What `simulate` and `replay` print: a line per request and the summary on stdout, for people
//! (coloured on a terminal unless `NO_COLOR` is set) or as JSON lines for scripts; a progress
//! line on stderr during long runs, only when stderr is a terminal.

use std::io::{self, IsTerminal, Write};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::driver::{Exchange, Replied};
use crate::summary::{millis, milliseconds, Summary};

/// How long a run goes before the progress line appears: short runs never show it.
const PROGRESS_AFTER: Duration = Duration::from_secs(1);
/// The width of the command column: most command words fit.
const NAME_WIDTH: usize = 36;
/// How much of a reply that is not Tencent's JSON is shown.
const SHOWN_REPLY: usize = 200;

/// The output flags every sending subcommand takes.
#[derive(clap::Args, Clone, Copy)]
pub struct OutputArgs {
    /// Print JSON lines: one per request ("kind":"request"), per malformed line
    /// ("kind":"malformed") and the summary ("kind":"summary").
    #[arg(verbatim_doc_comment, long)]
    pub json: bool,
    /// Print only the summary, not a line per request.
    #[arg(verbatim_doc_comment, long, short)]
    pub quiet: bool,
}

/// Where a run's lines go.
pub struct Output {
    args: OutputArgs,
    colour: bool,
    progress: Option<Progress>,
    /// Set once stdout failed (a closed pipe): nothing more is written there.
    stdout_failed: bool,
}

impl Output {
    /// Output for these flags; `total` is how many requests the run will send, if known.
    pub fn new(args: OutputArgs, total: Option<u64>) -> Output {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
        Output {
            args,
            colour: !args.json && !no_color && io::stdout().is_terminal(),
            progress: io::stderr().is_terminal().then(|| Progress {
                started: Instant::now(),
                visible: false,
                total,
            }),
            stdout_failed: false,
        }
    }

    /// One request's outcome.
    pub fn exchange(&mut self, exchange: &Exchange) {
        if self.args.quiet {
            return;
        }
        let line = if self.args.json {
            exchange_json(exchange).to_string()
        } else {
            self.exchange_text(exchange)
        };
        self.stdout_line(&line);
    }

    /// An input line that could not be sent.
    pub fn malformed(&mut self, line: u64, error: &str) {
        if self.args.json {
            let report = json!({"kind": "malformed", "line": line, "error": error});
            self.stdout_line(&report.to_string());
        } else {
            self.hide_progress();
            let _ = writeln!(io::stderr(), "line {line}: malformed: {error}");
        }
    }

    /// Redraws the progress line, if it is shown at all.
    pub fn tick(&mut self, summary: &Summary) {
        if let Some(progress) = &mut self.progress {
            progress.draw(summary);
        }
    }

    /// The summary, last.
    pub fn finish(&mut self, summary: &Summary) {
        let text = if self.args.json {
            summary.to_json().to_string()
        } else {
            summary.to_text()
        };
        self.stdout_line(&text);
    }

    fn stdout_line(&mut self, line: &str) {
        self.hide_progress();
        if self.stdout_failed {
            return;
        }
        let mut stdout = io::stdout().lock();
        if writeln!(stdout, "{line}")
            .and_then(|()| stdout.flush())
            .is_err()
        {
            self.stdout_failed = true;
        }
    }

    fn hide_progress(&mut self) {
        if let Some(progress) = &mut self.progress {
            progress.hide();
        }
    }

    fn exchange_text(&self, exchange: &Exchange) -> String {
        let at = exchange
            .line
            .map_or_else(String::new, |line| format!("line {line}: "));
        let name = &exchange.name;
        match &exchange.result {
            Ok(replied) => {
                let status = replied.status.as_u16();
                let action = match &replied.reply {
                    Some(reply) if reply.is_ok() => "OK",
                    Some(_) => "FAIL",
                    None => "-",
                };
                let verdict = self.paint(&format!("{status} {action:<4}"), replied.is_ok());
                let latency = milliseconds(replied.latency);
                format!(
                    "{at}{verdict} {name:<NAME_WIDTH$} {latency:>9}{}",
                    detail(replied)
                )
            }
            Err(error) => {
                let verdict = self.paint("no reply", false);
                format!("{at}{verdict} {name:<NAME_WIDTH$} {error}")
            }
        }
    }

    /// `text` in green (good) or red, when colour is on.
    fn paint(&self, text: &str, good: bool) -> String {
        if !self.colour {
            return text.to_owned();
        }
        let colour = if good { 32 } else { 31 };
        format!("\x1b[{colour}m{text}\x1b[0m")
    }
}

/// What follows a reply's status: why it was refused, or a before-callback's decision.
fn detail(replied: &Replied) -> String {
    let Some(reply) = &replied.reply else {
        return format!("  not Tencent's reply: {}", shown(&replied.body));
    };
    if !replied.is_ok() {
        return format!(
            "  ErrorCode {}: {}",
            reply.error_code(),
            reply.error_info().escape_debug()
        );
    }
    let Some(decision) = &replied.decision else {
        return String::new();
    };
    let mut text = format!("  decision: ErrorCode {}", decision.error_code);
    if !decision.error_info.is_empty() {
        text.push_str(&format!(" ({})", decision.error_info.escape_debug()));
    }
    if decision.rewritten.is_empty() {
        text.push_str(", nothing rewritten");
    } else {
        text.push_str(&format!(", rewrites {}", decision.rewritten.join(", ")));
    }
    text
}

/// The start of a reply body that is not Tencent's JSON, printable on one line.
fn shown(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut shown: String = text
        .chars()
        .take(SHOWN_REPLY)
        .flat_map(char::escape_debug)
        .collect();
    if text.chars().nth(SHOWN_REPLY).is_some() {
        shown.push('…');
    }
    if shown.is_empty() {
        shown.push_str("(empty)");
    }
    shown
}

/// One request as a JSON object, `"kind":"request"`.
fn exchange_json(exchange: &Exchange) -> Value {
    let mut object = json!({
        "kind": "request",
        "n": exchange.n,
        "command": exchange.name,
    });
    if let Some(line) = exchange.line {
        object["line"] = json!(line);
    }
    match &exchange.result {
        Ok(replied) => {
            object["status"] = json!(replied.status.as_u16());
            object["ok"] = json!(replied.is_ok());
            object["latency_ms"] = json!(millis(replied.latency));
            object["reply"] = match serde_json::from_slice::<Value>(&replied.body) {
                Ok(reply) => reply,
                Err(_) => json!(String::from_utf8_lossy(&replied.body)),
            };
            if let Some(decision) = &replied.decision {
                object["decision"] = json!({
                    "error_code": decision.error_code,
                    "error_info": decision.error_info,
                    "rewritten": decision.rewritten,
                });
            }
        }
        Err(error) => {
            object["status"] = Value::Null;
            object["ok"] = json!(false);
            object["error"] = json!(error);
        }
    }
    object
}

/// The progress line on stderr, shown once a run has gone on for [`PROGRESS_AFTER`].
struct Progress {
    started: Instant,
    visible: bool,
    total: Option<u64>,
}

impl Progress {
    fn draw(&mut self, summary: &Summary) {
        let elapsed = self.started.elapsed();
        if elapsed < PROGRESS_AFTER {
            return;
        }
        let sent = match self.total {
            Some(total) => format!("{}/{total}", summary.sent),
            None => summary.sent.to_string(),
        };
        let rate = summary.sent as f64 / elapsed.as_secs_f64();
        let mut stderr = io::stderr().lock();
        let _ = write!(
            stderr,
            "\r\x1b[2Ksent {sent} · {} OK · {} refused · {} failed · {rate:.0}/s",
            summary.ok,
            summary.refused_total(),
            summary.failed,
        );
        let _ = stderr.flush();
        self.visible = true;
    }

    fn hide(&mut self) {
        if self.visible {
            let mut stderr = io::stderr().lock();
            let _ = write!(stderr, "\r\x1b[2K");
            let _ = stderr.flush();
            self.visible = false;
        }
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        self.hide_progress();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies_that_are_not_json_are_shown_on_one_bounded_line() {
        assert_eq!(shown(b"line one\nline two"), "line one\\nline two");
        assert_eq!(shown(b""), "(empty)");
        let long = "x".repeat(500);
        assert_eq!(shown(long.as_bytes()).chars().count(), SHOWN_REPLY + 1);
    }
}
