//! The `inspect` example as a process: its verdict is the layer's, refusals included, and no
//! argument makes it panic.

mod binaries;

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::Value;
use tencent_im_callback::layer::DEFAULT_BODY_LIMIT;
use tencent_im_callback::sign::{sign, Token};
use tencent_im_callback::test_util::samples;

const APP: &str = "1400000000";
const URL: &str = "https://example.com/cb?SdkAppid=1400000000\
                   &CallbackCommand=Room.CallbackAfterDestroyRoom&contenttype=json";

/// What inspect said: its exit code, stdout and stderr.
struct Verdict {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs inspect with these arguments and `body` on stdin.
fn inspect(args: &[&str], body: &[u8]) -> Verdict {
    let mut child = Command::new(binaries::example("inspect"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start inspect");
    let mut stdin = child.stdin.take().expect("stdin is piped");
    // A usage error exits without reading stdin: a failed write is no failure of the test.
    let _ = stdin.write_all(body);
    drop(stdin);
    let output = child.wait_with_output().expect("inspect's output");
    Verdict {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Asserts inspect refused the callback (exit 1), saying so with `prefix`.
fn assert_refused(verdict: &Verdict, prefix: &str) {
    assert_eq!(verdict.code, Some(1), "{}", verdict.stderr);
    assert!(verdict.stdout.is_empty(), "{}", verdict.stdout);
    assert!(
        verdict.stderr.starts_with(prefix),
        "expected {prefix:?}: {}",
        verdict.stderr
    );
}

/// A destroy-room body of exactly `len` bytes: the sample, padded with an unknown field.
fn body_of_len(len: usize) -> String {
    let start = r#"{"CallbackCommand":"Room.CallbackAfterDestroyRoom","RoomId":"r1","Pad":""#;
    let end = r#""}"#;
    format!("{start}{}{end}", "x".repeat(len - start.len() - end.len()))
}

#[test]
fn accepts_a_signed_callback() {
    let token = Token::new("console-token").expect("a token");
    let now = 1_700_000_000;
    let url = format!("{URL}&RequestTime={now}&Sign={}", sign(&token, now));
    let now = now.to_string();
    let verdict = inspect(
        &[
            "--app-id",
            APP,
            "--token",
            "console-token",
            "--now",
            &now,
            &url,
        ],
        samples::DESTROY_ROOM.as_bytes(),
    );
    assert_eq!(verdict.code, Some(0), "{}", verdict.stderr);
    let lines: Vec<&str> = verdict.stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{}", verdict.stdout);
    let callback: Value = serde_json::from_str(lines[0]).expect("one JSON line");
    assert_eq!(callback["sdk_app_id"], 1400000000);
    assert_eq!(callback["command"], "Room.CallbackAfterDestroyRoom");
    assert_eq!(callback["event"]["RoomId"], "tandy-test-rest");
}

#[test]
fn accepts_the_querys_own_app_id_without_app_id_options() {
    let verdict = inspect(&[URL], samples::DESTROY_ROOM.as_bytes());
    assert_eq!(verdict.code, Some(0), "{}", verdict.stderr);
}

#[test]
fn refuses_a_content_type_other_than_json() {
    let url = URL.replace("contenttype=json", "contenttype=xml");
    let verdict = inspect(&[&url], samples::DESTROY_ROOM.as_bytes());
    assert_refused(&verdict, "content-type:");
}

#[test]
fn refuses_a_body_over_the_default_limit() {
    let body = body_of_len(DEFAULT_BODY_LIMIT + 1);
    assert_refused(&inspect(&[URL], body.as_bytes()), "size:");
    let body = body_of_len(DEFAULT_BODY_LIMIT);
    let verdict = inspect(&[URL], body.as_bytes());
    assert_eq!(verdict.code, Some(0), "{}", verdict.stderr);
}

#[test]
fn honours_the_body_limit_option() {
    let sample = samples::DESTROY_ROOM.as_bytes();
    let exact = sample.len().to_string();
    let verdict = inspect(&["--body-limit", &exact, URL], sample);
    assert_eq!(verdict.code, Some(0), "{}", verdict.stderr);
    let short = (sample.len() - 1).to_string();
    assert_refused(&inspect(&["--body-limit", &short, URL], sample), "size:");

    let large = body_of_len(DEFAULT_BODY_LIMIT + 1);
    let verdict = inspect(&["--body-limit", "1048576", URL], large.as_bytes());
    assert_eq!(verdict.code, Some(0), "{}", verdict.stderr);
}

#[test]
fn out_of_range_arguments_are_usage_errors_not_panics() {
    for now in ["18446744073709551615", "18446744073709551616", "-1", "x"] {
        let verdict = inspect(&["--now", now, URL], samples::DESTROY_ROOM.as_bytes());
        assert_eq!(verdict.code, Some(2), "--now {now}: {}", verdict.stderr);
        assert!(!verdict.stderr.contains("panicked"), "{}", verdict.stderr);
    }
    let verdict = inspect(
        &["--body-limit", "0", URL],
        samples::DESTROY_ROOM.as_bytes(),
    );
    assert_eq!(verdict.code, Some(2), "{}", verdict.stderr);
}

#[test]
fn a_question_mark_in_the_fragment_is_no_query() {
    let url = URL.replace("cb?", "cb#?");
    let verdict = inspect(&[&url], samples::DESTROY_ROOM.as_bytes());
    assert_refused(&verdict, "query:");
    assert!(verdict.stderr.contains("SdkAppid"), "{}", verdict.stderr);
    // The same refusal as a URL without any query.
    let bare = inspect(
        &["https://example.com/cb"],
        samples::DESTROY_ROOM.as_bytes(),
    );
    assert_eq!(bare.stderr, verdict.stderr);
    // A fragment after the query is not part of it.
    let verdict = inspect(&[&format!("{URL}#top")], samples::DESTROY_ROOM.as_bytes());
    assert_eq!(verdict.code, Some(0), "{}", verdict.stderr);
}
