//! `tim-callback replay`: sends the JSON lines `serve` wrote to another endpoint, each signed
//! again with the current time: to move traffic to a new deployment, or to test a consumer.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::PathBuf;
use std::sync::Arc;

use bytes::Bytes;
use serde::Deserialize;
use serde_json::value::RawValue;
use tencent_im_callback::test_util::CallbackRequest;
use tencent_im_callback::Command;
use tokio::sync::mpsc;

use crate::client::Target;
use crate::driver::{self, Item, SendArgs};
use crate::output::{Output, OutputArgs};
use crate::settings::{Secret, SigningArgs};
use crate::source::ImCallback;
use crate::Failure;

/// The longest input line read; longer ones are reported as malformed and skipped. `serve`
/// accepts bodies of up to 256 KiB, so its lines are far shorter.
const MAX_LINE: usize = 4 * 1024 * 1024;

/// Send the JSON lines `tim-callback serve` wrote to an endpoint, signed again now.
///
/// Each line, {"sdk_app_id","command","client_ip","platform","event"}, is POSTed to --url as
/// Tencent would have sent it: the event as the body, the app id, command, client IP and
/// platform in the query, and Sign with RequestTime computed when the request is sent (with a
/// token). Lines are sent in order; malformed lines are reported with their line number,
/// counted in the summary and skipped; blank lines are skipped silently.
///
/// Prints a line per request and a summary (sent, OK, refused by HTTP status, failed,
/// malformed lines, latency percentiles p50/p90/p99/max), as `simulate` does.
#[derive(clap::Args)]
#[command(verbatim_doc_comment, after_help = concat!(
    "Examples:
  tim-callback serve > callbacks.jsonl
  tim-callback replay callbacks.jsonl --url http://new-deployment:8080/callback --token-file token.txt
  tim-callback serve | tim-callback replay --url http://127.0.0.1:9090/callback --unsigned
  tim-callback replay callbacks.jsonl --sdk-app-id 1400000001 --rate 50 --json",
    token_note!(),
    exit_codes!()
))]
pub struct Args {
    /// The lines to send, as `serve` wrote them; `-` reads stdin.
    #[arg(verbatim_doc_comment, value_name = "FILE", default_value = "-")]
    input: PathBuf,
    /// Send every line under this SdkAppid instead of the one it was received for.
    #[arg(
        verbatim_doc_comment,
        long,
        visible_alias = "app-id",
        value_name = "SDKAPPID"
    )]
    sdk_app_id: Option<u64>,
    #[command(flatten)]
    signing: SigningArgs,
    #[command(flatten)]
    send: SendArgs,
    #[command(flatten)]
    output: OutputArgs,
}

/// One line `serve` wrote: `Callback<Event>` serialised.
#[derive(Deserialize)]
struct Recorded<'a> {
    sdk_app_id: u64,
    command: String,
    #[serde(default)]
    client_ip: Option<String>,
    #[serde(default)]
    platform: Option<String>,
    #[serde(borrow)]
    event: &'a RawValue,
}

/// Sends every line; `Failure::Refused` unless every line was sent and accepted.
pub async fn run(args: Args) -> Result<(), Failure> {
    let token = args.signing.token()?;
    let target = Target::parse(&args.send.url).map_err(Failure::Usage)?;
    let input: Box<dyn Read + Send> = if args.input.as_os_str() == "-" {
        Box::new(io::stdin())
    } else {
        let file = File::open(&args.input).map_err(|error| {
            Failure::usage(format!("cannot open {}: {error}", args.input.display()))
        })?;
        Box::new(file)
    };
    let (queue, items) = mpsc::channel(64);
    let sdk_app_id = args.sdk_app_id;
    // Reading blocks: a thread of its own feeds the queue.
    std::thread::Builder::new()
        .name("reader".to_owned())
        .spawn(move || read(BufReader::new(input), &queue, sdk_app_id, token))
        .map_err(|error| Failure::fatal(format!("cannot start the reader thread: {error}")))?;
    let output = Output::new(args.output, None);
    let summary = driver::run(&args.send, target, items, output).await?;
    if summary.all_ok() {
        Ok(())
    } else {
        Err(Failure::Refused)
    }
}

/// Reads `input` line by line into the queue, until its end, a read error (reported as the
/// line that could not be read) or the queue's close.
fn read(
    mut input: impl BufRead,
    queue: &mpsc::Sender<Item>,
    sdk_app_id: Option<u64>,
    token: Option<Secret>,
) {
    let mut number = 0;
    loop {
        number += 1;
        let item = match next_line(&mut input) {
            Ok(None) => return,
            Ok(Some(Line::TooLong)) => Item::Malformed {
                line: number,
                error: format!("longer than {MAX_LINE} bytes"),
            },
            Ok(Some(Line::Text(text))) => {
                if text.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                match callback(&text, sdk_app_id, token.clone()) {
                    Ok(callback) => Item::Send {
                        line: Some(number),
                        callback: Arc::new(callback),
                    },
                    Err(error) => Item::Malformed {
                        line: number,
                        error,
                    },
                }
            }
            Err(error) => {
                let item = Item::Malformed {
                    line: number,
                    error: format!("cannot read: {error}"),
                };
                let _ = queue.blocking_send(item);
                return;
            }
        };
        if queue.blocking_send(item).is_err() {
            return;
        }
    }
}

/// The callback one line describes.
fn callback(
    text: &[u8],
    sdk_app_id: Option<u64>,
    token: Option<Secret>,
) -> Result<ImCallback, String> {
    let recorded: Recorded = serde_json::from_slice(text).map_err(|error| {
        format!("not a line `serve` writes ({{\"sdk_app_id\",\"command\",\"client_ip\",\"platform\",\"event\"}}): {error}")
    })?;
    if recorded.command.is_empty() {
        return Err("the command is empty".to_owned());
    }
    let event = recorded.event.get();
    if !event.starts_with('{') {
        return Err("the event is not a JSON object".to_owned());
    }
    let command = Command::from_wire(&recorded.command);
    let request = CallbackRequest::new(sdk_app_id.unwrap_or(recorded.sdk_app_id), &command)
        .client_ip(recorded.client_ip.as_deref())
        .platform(recorded.platform.as_deref())
        .body(Bytes::copy_from_slice(event.as_bytes()));
    Ok(ImCallback::new(&command, request, token))
}

/// One line of input, without its line ending.
enum Line {
    Text(Vec<u8>),
    TooLong,
}

/// The next line, at most [`MAX_LINE`] bytes; the rest of a longer one is skipped. `None` at
/// the end of the input.
fn next_line(input: &mut impl BufRead) -> io::Result<Option<Line>> {
    let mut line = Vec::new();
    let read = input
        .by_ref()
        .take(MAX_LINE as u64 + 1)
        .read_until(b'\n', &mut line)?;
    if read == 0 {
        return Ok(None);
    }
    if line.last() == Some(&b'\n') {
        line.pop();
        if line.last() == Some(&b'\r') {
            line.pop();
        }
        return Ok(Some(Line::Text(line)));
    }
    if line.len() <= MAX_LINE {
        // The last line, without a newline.
        return Ok(Some(Line::Text(line)));
    }
    loop {
        let skipped = input.fill_buf()?;
        if skipped.is_empty() {
            break;
        }
        match memchr::memchr(b'\n', skipped) {
            Some(end) => {
                input.consume(end + 1);
                break;
            }
            None => {
                let all = skipped.len();
                input.consume(all);
            }
        }
    }
    Ok(Some(Line::TooLong))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Outgoing;

    const LINE: &str = r#"{"sdk_app_id":1400000000,"command":"Room.CallbackAfterDestroyRoom","client_ip":"10.0.0.1","platform":"Web","event":{"RoomId":"r1"}}"#;

    #[test]
    fn a_line_becomes_the_callback_tencent_sent() {
        let sent = callback(LINE.as_bytes(), None, None).unwrap();
        assert_eq!(sent.name(), "Room.CallbackAfterDestroyRoom");
        assert_eq!(&sent.body()[..], br#"{"RoomId":"r1"}"#);
        let target = Target::parse("http://127.0.0.1:1/cb").unwrap();
        let request = sent.request(&target, 1_700_000_000).unwrap();
        assert_eq!(
            request.uri().query().unwrap(),
            "SdkAppid=1400000000&CallbackCommand=Room.CallbackAfterDestroyRoom\
             &contenttype=json&ClientIP=10.0.0.1&OptPlatform=Web"
        );
        let moved = callback(LINE.as_bytes(), Some(1400000001), None).unwrap();
        let request = moved.request(&target, 1_700_000_000).unwrap();
        assert!(request
            .uri()
            .query()
            .unwrap()
            .starts_with("SdkAppid=1400000001&"));
    }

    #[test]
    fn malformed_lines_say_why() {
        for line in [
            "not json",
            "{}",
            r#"{"sdk_app_id":"x","command":"C","event":{}}"#,
            r#"{"sdk_app_id":1,"command":"","event":{}}"#,
            r#"{"sdk_app_id":1,"command":"C","event":[1]}"#,
            r#"{"sdk_app_id":-1,"command":"C","event":{}}"#,
        ] {
            assert!(callback(line.as_bytes(), None, None).is_err(), "{line}");
        }
    }

    #[test]
    fn lines_are_split_bounded_and_numbered() {
        let long = "x".repeat(MAX_LINE + 10);
        let input = format!("{LINE}\r\n\n{long}\nbad\n{LINE}");
        let (queue, mut items) = mpsc::channel(16);
        read(io::Cursor::new(input), &queue, None, None);
        drop(queue);
        let mut seen = Vec::new();
        while let Ok(item) = items.try_recv() {
            seen.push(match item {
                Item::Send { line, .. } => format!("send {}", line.unwrap()),
                Item::Malformed { line, .. } => format!("malformed {line}"),
            });
        }
        assert_eq!(seen, ["send 1", "malformed 3", "malformed 4", "send 5"]);
    }
}
