//! `tim-callback inspect`: its verdict is the layer's, refusals included, and no argument makes
//! it panic.

use serde_json::Value;
use tencent_im_callback::layer::DEFAULT_BODY_LIMIT;
use tencent_im_callback::sign::{sign, Token};
use tencent_im_callback::test_util::samples;

use crate::{run, tool, Run, TempFile, TOKEN};

const APP: &str = "1400000000";
const URL: &str = "https://example.com/cb?SdkAppid=1400000000\
                   &CallbackCommand=Room.CallbackAfterDestroyRoom&contenttype=json";

/// What inspect said.
type Verdict = Run;

/// Runs inspect with these arguments and `body` on stdin.
fn inspect(args: &[&str], body: &[u8]) -> Verdict {
    let mut all = vec!["inspect"];
    all.extend_from_slice(args);
    run(&all, body)
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

#[test]
fn tokens_come_from_files_and_the_environment_too() {
    let token = Token::new(TOKEN).expect("a token");
    let now = 1_700_000_000;
    let url = format!("{URL}&RequestTime={now}&Sign={}", sign(&token, now));
    let now = now.to_string();
    let file = TempFile::new("inspect-token", &format!("{TOKEN}\n"));
    let verdict = inspect(
        &["--token-file", file.arg(), "--now", &now, &url],
        samples::DESTROY_ROOM.as_bytes(),
    );
    verdict.assert_code(0).assert_no_token();

    let mut command = tool();
    command
        .env("TIM_CALLBACK_TOKEN", TOKEN)
        .args(["inspect", "--now", &now, &url]);
    crate::finish(command, samples::DESTROY_ROOM.as_bytes())
        .assert_code(0)
        .assert_no_token();

    // The environment's token checks unsigned callbacks too, unless --unsigned.
    let mut command = tool();
    command
        .env("TIM_CALLBACK_TOKEN", TOKEN)
        .args(["inspect", "--now", &now, URL]);
    let verdict = crate::finish(command, samples::DESTROY_ROOM.as_bytes());
    assert_refused(&verdict, "signature:");
    verdict.assert_no_token();
    let mut command = tool();
    command
        .env("TIM_CALLBACK_TOKEN", TOKEN)
        .args(["inspect", "--unsigned", URL]);
    crate::finish(command, samples::DESTROY_ROOM.as_bytes()).assert_code(0);
}

#[test]
fn a_wrong_token_is_refused_without_being_repeated() {
    let signed_with = Token::new("another-token").expect("a token");
    let now = 1_700_000_000;
    let url = format!("{URL}&RequestTime={now}&Sign={}", sign(&signed_with, now));
    let now = now.to_string();
    let verdict = inspect(
        &["--token", TOKEN, "--now", &now, &url],
        samples::DESTROY_ROOM.as_bytes(),
    );
    assert_refused(&verdict, "signature:");
    verdict.assert_no_token();
}

#[test]
fn bad_bodies_are_refused_as_the_layer_refuses_them() {
    assert_refused(&inspect(&[URL], b"{not json"), "body:");
    assert_refused(&inspect(&[URL], b"{}"), "body:");
    assert_refused(&inspect(&["--app-id", "1400000001", URL], b"{}"), "app-id:");
}
