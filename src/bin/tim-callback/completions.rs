//! `tim-callback completions`: the shell completion script, generated from the command line's
//! own definition so that it never lags behind it.

use clap::CommandFactory;
use clap_complete::Shell;

use crate::{Cli, Failure};

/// Print the completion script for a shell.
///
/// Load it in your shell's start-up, or save it where your shell finds completions.
#[derive(clap::Args)]
#[command(verbatim_doc_comment, after_help = concat!(
    "Examples:
  tim-callback completions bash > ~/.local/share/bash-completion/completions/tim-callback
  tim-callback completions zsh > \"${fpath[1]}/_tim-callback\"
  tim-callback completions fish > ~/.config/fish/completions/tim-callback.fish",
    exit_codes!()
))]
pub struct Args {
    /// The shell.
    #[arg(verbatim_doc_comment, value_enum)]
    shell: Shell,
}

/// Prints the script on stdout.
pub fn run(args: Args) -> Result<(), Failure> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "tim-callback", &mut script);
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(&script)
        .and_then(|()| stdout.flush())
        .map_err(|error| Failure::fatal(format!("cannot write to stdout: {error}")))
}
