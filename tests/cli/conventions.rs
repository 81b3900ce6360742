//! What every subcommand keeps to: help with examples and exit codes, no token in help even
//! when one is set, usage errors as exit code 2, completions for the usual shells, a version.

use crate::{finish, run, tool, TOKEN};

const SUBCOMMANDS: [&str; 6] = [
    "serve",
    "simulate",
    "replay",
    "inspect",
    "sign",
    "completions",
];

#[test]
fn every_subcommand_has_help_with_examples_and_exit_codes() {
    for subcommand in SUBCOMMANDS {
        let mut command = tool();
        command
            .env("TIM_CALLBACK_TOKEN", TOKEN)
            .args([subcommand, "--help"]);
        let help = finish(command, b"");
        help.assert_code(0).assert_no_token();
        for part in ["Usage: tim-callback", "Examples:", "Exit codes:"] {
            assert!(help.stdout.contains(part), "{subcommand}: {}", help.stdout);
        }
    }
    let top = run(&["--help"], b"");
    top.assert_code(0);
    for subcommand in SUBCOMMANDS {
        assert!(top.stdout.contains(subcommand), "{}", top.stdout);
    }
}

#[test]
fn usage_errors_exit_with_2() {
    for args in [
        &["frobnicate"][..],
        &["simulate", "--no-such-flag"],
        &["serve", "--bind", "not-an-address"],
        &["serve", "--path", "no-slash"],
        &["simulate", "--token", TOKEN, "--unsigned"],
        &["completions", "tcsh"],
    ] {
        run(args, b"").assert_code(2).assert_no_token();
    }
    run(&[], b"").assert_code(2);
}

#[test]
fn completions_for_the_usual_shells() {
    for shell in ["bash", "zsh", "fish"] {
        let script = run(&["completions", shell], b"");
        script.assert_code(0);
        assert!(script.stdout.contains("tim-callback"), "{shell}");
        assert!(script.stdout.contains("simulate"), "{shell}");
    }
}

#[test]
fn the_version_is_the_crates() {
    let version = run(&["--version"], b"");
    version.assert_code(0);
    assert_eq!(
        version.stdout.trim(),
        format!("tim-callback {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn serve_refuses_to_start_on_a_taken_port() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let address = taken.local_addr().expect("its address").to_string();
    let serve = run(&["serve", "--bind", &address], b"");
    serve.assert_code(1);
    assert!(serve.stderr.contains("cannot listen"), "{}", serve.stderr);
}
