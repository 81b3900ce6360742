//! `replay`: what one `serve` printed, sent to another, arrives as the same callbacks; bad
//! lines are reported with their number and counted.

use tencent_im_callback::test_util::samples;

use crate::{finish, run, tool, Server, TempFile, TOKEN};

/// What a fresh unsigned `serve` prints for every sample.
fn recorded() -> String {
    let server = Server::start(&[]);
    run(&["simulate", "--url", &server.url()], b"").assert_code(0);
    let (status, served) = server.stop();
    assert!(status.success(), "{}", served.stderr);
    assert_eq!(served.stdout.lines().count(), samples::all().len());
    served.stdout
}

#[test]
fn a_recorded_file_replays_as_the_same_callbacks_signed_again() {
    let recording = TempFile::new("recording.jsonl", &recorded());
    let token_file = TempFile::new("replay-token", TOKEN);
    let second = Server::start(&["--token-file", token_file.arg()]);

    // Unsigned, the second server refuses every line.
    let refused = run(&["replay", recording.arg(), "--url", &second.url()], b"");
    refused.assert_code(1);

    let mut replay = tool();
    replay.env("TIM_CALLBACK_TOKEN", TOKEN).args([
        "replay",
        recording.arg(),
        "--url",
        &second.url(),
        "--json",
    ]);
    let replayed = finish(replay, b"");
    replayed.assert_code(0).assert_no_token();
    let lines = replayed.json_lines();
    let summary = lines.last().expect("a summary");
    assert_eq!(summary["sent"], samples::all().len(), "{summary}");
    assert_eq!(summary["ok"], samples::all().len(), "{summary}");
    assert_eq!(lines[0]["line"], 1);

    let (status, served) = second.stop();
    assert!(status.success(), "{}", served.stderr);
    let original = std::fs::read_to_string(&recording.path).expect("the recording");
    assert_eq!(served.stdout, original);
}

#[test]
fn malformed_lines_are_reported_by_number_and_counted() {
    let recording = recorded();
    let mut lines: Vec<&str> = recording.lines().collect();
    lines.insert(1, "not json at all");
    lines.insert(2, "");
    lines.insert(
        3,
        r#"{"sdk_app_id":1400000000,"command":"Room.CallbackAfterDestroyRoom"}"#,
    );
    let input = lines.join("\n");

    let server = Server::start(&[]);
    let replayed = run(&["replay", "--url", &server.url()], input.as_bytes());
    replayed.assert_code(1);
    assert!(
        replayed.stderr.contains("line 2: malformed"),
        "{}",
        replayed.stderr
    );
    assert!(
        replayed.stderr.contains("line 4: malformed"),
        "{}",
        replayed.stderr
    );
    assert!(!replayed.stderr.contains("line 3"), "{}", replayed.stderr);
    assert!(replayed.stderr.contains("panicked").then_some(()).is_none());
    let summary = format!("sent {n}: {n} OK", n = samples::all().len());
    assert!(replayed.stdout.contains(&summary), "{}", replayed.stdout);
    assert!(
        replayed.stdout.contains("2 malformed lines"),
        "{}",
        replayed.stdout
    );

    let json = run(
        &["replay", "--url", &server.url(), "--json", "-"],
        input.as_bytes(),
    );
    json.assert_code(1);
    let malformed: Vec<u64> = json
        .json_lines()
        .iter()
        .filter(|line| line["kind"] == "malformed")
        .map(|line| line["line"].as_u64().expect("a line number"))
        .collect();
    assert_eq!(malformed, [2, 4]);
    assert_eq!(json.json_lines().last().expect("a summary")["malformed"], 2);

    let (_, served) = server.stop();
    assert_eq!(served.stdout.lines().count(), 2 * samples::all().len());
}

#[test]
fn a_missing_file_is_a_usage_error() {
    let missing = run(&["replay", "/nonexistent/callbacks.jsonl"], b"");
    missing.assert_code(2);
    assert!(missing.stderr.contains("cannot open"), "{}", missing.stderr);
}
