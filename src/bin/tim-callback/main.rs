//! `tim-callback`: Tencent Cloud IM, TUIRoomKit and TUILiveKit callbacks from the command line.
//!
//! Install with `cargo install tencent-im-callback --features cli`. One subcommand per file:
//!
//! - `serve` ([`serve`]): a verifying endpoint that prints one JSON line per callback, served
//!   by [`serving`], the serving examples' own code;
//! - `simulate` ([`simulate`]) and `replay` ([`replay`]): send Tencent's samples, or lines that
//!   `serve` wrote, to an endpoint ([`client`], [`driver`]), with a progress line
//!   ([`output`]) and a summary ([`summary`]); what they send comes from [`source`];
//! - `inspect` ([`inspect`]): judge one callback through the real `CallbackLayer`;
//! - `sign` ([`sign`]): `Sign` and `RequestTime` for a hand-written request;
//! - `completions` ([`completions`]): shell completions.
//!
//! Settings shared by several subcommands (the app id, the token) are in [`settings`].
#![forbid(unsafe_code)]

/// The exit codes, as every `--help` ends with them (a macro, for `concat!`).
macro_rules! exit_codes {
    () => {
        "

Exit codes:
  0  everything was accepted (serve: stopped cleanly, every callback written)
  1  something was refused or failed: a callback, a reply, a line, the connection
  2  usage error: a bad flag, value, URL, token or file"
    };
}

/// What the help of every subcommand that takes a token says about it.
macro_rules! token_note {
    () => {
        "

The token comes from --token-file or --token, else from TIM_CALLBACK_TOKEN. A flag is
visible to other users in `ps` and kept in your shell history: prefer the file or the
environment variable. The token is never printed."
    };
}

mod client;
mod completions;
mod driver;
mod inspect;
mod output;
mod replay;
mod serve;
mod serving;
mod settings;
mod sign;
mod simulate;
mod source;
mod summary;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// The top-level help's closing text.
const TOP_AFTER_HELP: &str = concat!(
    "Examples:
  tim-callback serve --sdk-app-id 1400000000 --token-file token.txt > callbacks.jsonl
  tim-callback simulate --url http://127.0.0.1:8080/callback Room C2C.CallbackBeforeSendMsg
  tim-callback replay callbacks.jsonl --url http://127.0.0.1:9090/callback
  tim-callback inspect 'https://example.com/cb?SdkAppid=1400000000&CallbackCommand=...' < body.json
  tim-callback sign --token-file token.txt --command Room.CallbackAfterCreateRoom --url https://example.com/cb
  tim-callback completions bash > ~/.local/share/bash-completion/completions/tim-callback",
    token_note!(),
    exit_codes!()
);

/// Tencent Cloud IM, TUIRoomKit and TUILiveKit third-party callbacks from the command line:
/// serve a verifying endpoint, send Tencent's samples, replay captured callbacks, judge one
/// callback, sign a request by hand.
#[derive(Parser)]
#[command(name = "tim-callback", version, verbatim_doc_comment, after_help = TOP_AFTER_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Serve(serve::Args),
    Simulate(simulate::Args),
    Replay(replay::Args),
    Inspect(inspect::Args),
    Sign(sign::Args),
    Completions(completions::Args),
}

/// Why a subcommand did not succeed, and so the exit code.
#[derive(Debug)]
pub enum Failure {
    /// Something was refused or failed (exit 1); what has been printed already says what.
    Refused,
    /// A failure to report on stderr (exit 1): cannot listen, cannot connect, ...
    Fatal(String),
    /// A usage error (exit 2): a bad value, URL, token or file.
    Usage(String),
}

impl Failure {
    /// A usage error.
    pub fn usage(message: impl Into<String>) -> Failure {
        Failure::Usage(message.into())
    }

    /// A failure to report.
    pub fn fatal(message: impl Into<String>) -> Failure {
        Failure::Fatal(message.into())
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let name = match &cli.command {
        Command::Serve(_) => "serve",
        Command::Simulate(_) => "simulate",
        Command::Replay(_) => "replay",
        Command::Inspect(_) => "inspect",
        Command::Sign(_) => "sign",
        Command::Completions(_) => "completions",
    };
    let result = match cli.command {
        Command::Serve(args) => with_runtime(serve::run(args)),
        Command::Simulate(args) => with_runtime(simulate::run(args)),
        Command::Replay(args) => with_runtime(replay::run(args)),
        Command::Inspect(args) => with_runtime(inspect::run(args)),
        Command::Sign(args) => sign::run(args),
        Command::Completions(args) => completions::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Refused) => ExitCode::FAILURE,
        Err(Failure::Fatal(message)) => {
            eprintln!("tim-callback {name}: {message}");
            ExitCode::FAILURE
        }
        Err(Failure::Usage(message)) => {
            eprintln!(
                "error: {message}\n\nFor more information, try 'tim-callback {name} --help'."
            );
            ExitCode::from(2)
        }
    }
}

/// Runs a subcommand on a multi-threaded runtime.
fn with_runtime(
    subcommand: impl std::future::Future<Output = Result<(), Failure>>,
) -> Result<(), Failure> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|error| Failure::fatal(format!("cannot start the async runtime: {error}")))?;
    runtime.block_on(subcommand)
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::Cli;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }
}
