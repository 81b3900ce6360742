//! `tim-callback simulate`: a stand-in for Tencent. Sends Tencent's sample callbacks to an
//! endpoint as Tencent would, and judges the replies as Tencent would.

use std::io::Write;
use std::sync::Arc;

use serde_json::json;
use tokio::sync::mpsc;

use crate::client::Target;
use crate::driver::{self, Item, SendArgs};
use crate::output::{Output, OutputArgs};
use crate::settings::{SigningArgs, DEMO_APP_ID};
use crate::source::{select, Family, Im, Outgoing, Sample};
use crate::Failure;

/// Send Tencent's sample callbacks to an endpoint, as Tencent would.
///
/// Each chosen sample is POSTed to --url with the query Tencent adds (SdkAppid,
/// CallbackCommand, contenttype, ClientIP, OptPlatform; Sign and RequestTime when a token is
/// given, computed when each request is sent). A reply counts as OK when it is HTTP 200 with
/// "ActionStatus":"OK", as Tencent counts it. For a before-callback the line shows the reply's
/// decision: its ErrorCode and the fields it rewrites (MsgBody, CloudCustomData, ...).
///
/// Prints a line per request and a summary: sent, OK, refused by HTTP status, failed, and the
/// latency percentiles p50/p90/p99/max. Long runs show a progress line on stderr when it is a
/// terminal. Ctrl-C stops sending, waits for the replies in flight and prints the summary.
#[derive(clap::Args)]
#[command(verbatim_doc_comment, after_help = concat!(
    "Examples:
  tim-callback simulate                                   # every sample, once, unsigned
  tim-callback simulate Room                              # the Room product's samples
  tim-callback simulate C2C.CallbackBeforeSendMsg --json  # one command; JSON lines
  tim-callback simulate --token-file token.txt --url http://127.0.0.1:9000/im/callback
  tim-callback simulate --count 10000 --rate 500 --concurrency 8 --quiet
  tim-callback simulate --list",
    token_note!(),
    exit_codes!()
))]
pub struct Args {
    /// What to send: command words (C2C.CallbackBeforeSendMsg) or products (Room, Mic, C2C,
    /// Live, ...), in any case; nothing sends every sample.
    #[arg(verbatim_doc_comment, value_name = "NAME")]
    names: Vec<String>,
    /// The SdkAppid to send.
    #[arg(verbatim_doc_comment,
        long,
        visible_alias = "app-id",
        env = "TIM_SDKAPPID",
        default_value_t = DEMO_APP_ID,
        value_name = "SDKAPPID"
    )]
    sdk_app_id: u64,
    #[command(flatten)]
    signing: SigningArgs,
    /// Send this many callbacks in all, going round the chosen samples (default: each once).
    #[arg(verbatim_doc_comment, long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    count: Option<u64>,
    /// List the chosen samples (command, product, before or after) instead of sending them.
    #[arg(verbatim_doc_comment, long)]
    list: bool,
    #[command(flatten)]
    send: SendArgs,
    #[command(flatten)]
    output: OutputArgs,
}

/// Sends the chosen samples; `Failure::Refused` unless every reply is OK.
pub async fn run(args: Args) -> Result<(), Failure> {
    let family = Im {
        sdk_app_id: args.sdk_app_id,
        token: args.signing.token()?,
    };
    let samples = select(family.samples(), &args.names).map_err(Failure::Usage)?;
    if samples.is_empty() {
        return Err(Failure::usage("this build has no samples to send"));
    }
    if args.list {
        list(&samples, args.output.json);
        return Ok(());
    }
    let target = Target::parse(&args.send.url).map_err(Failure::Usage)?;
    let callbacks: Vec<Arc<dyn Outgoing>> = samples
        .iter()
        .map(|sample| family.outgoing(sample))
        .collect();
    let count = args.count.unwrap_or(callbacks.len() as u64);

    let (queue, items) = mpsc::channel(64);
    tokio::spawn(async move {
        for (callback, _) in callbacks.iter().cycle().zip(0..count) {
            let item = Item::Send {
                line: None,
                callback: Arc::clone(callback),
            };
            if queue.send(item).await.is_err() {
                break;
            }
        }
    });
    let output = Output::new(args.output, Some(count));
    let summary = driver::run(&args.send, target, items, output).await?;
    if summary.all_ok() {
        Ok(())
    } else {
        Err(Failure::Refused)
    }
}

/// Prints the samples, one a line.
fn list(samples: &[Sample], json: bool) {
    let mut stdout = std::io::stdout().lock();
    for sample in samples {
        let timing = if sample.before { "before" } else { "after" };
        let line = if json {
            json!({"command": sample.name, "product": sample.group, "timing": timing}).to_string()
        } else {
            format!("{}\t{}\t{timing}", sample.name, sample.group.unwrap_or("-"))
        };
        if writeln!(stdout, "{line}").is_err() {
            return;
        }
    }
}
