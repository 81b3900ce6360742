//! `serve` and `simulate` against each other: every sample is sent and printed once, signed or
//! not, and what is refused is counted and sets the exit code.

use std::collections::BTreeMap;

use serde_json::Value;
use tencent_im_callback::test_util::samples;

use crate::{run, tool, Server, TempFile, APP, TOKEN};

/// The commands of the callbacks a server printed, with how often each was printed.
fn printed_commands(stdout: &str) -> BTreeMap<String, usize> {
    let mut commands = BTreeMap::new();
    for line in stdout.lines() {
        let callback: Value =
            serde_json::from_str(line).unwrap_or_else(|error| panic!("{error}: {line}"));
        assert_eq!(callback["sdk_app_id"], APP, "{line}");
        let command = callback["command"].as_str().expect("a command").to_owned();
        *commands.entry(command).or_default() += 1;
    }
    commands
}

/// Every sample's command, once.
fn every_sample() -> BTreeMap<String, usize> {
    samples::all()
        .map(|(command, _)| (command.as_str().to_owned(), 1))
        .collect()
}

#[test]
fn every_sample_round_trips_unsigned() {
    let server = Server::start(&[]);
    let url = server.url();
    let sent = run(&["simulate", "--url", &url, "--json"], b"");
    sent.assert_code(0);
    let lines = sent.json_lines();
    let summary = lines.last().expect("a summary");
    assert_eq!(summary["kind"], "summary");
    assert_eq!(summary["sent"], samples::all().len());
    assert_eq!(summary["ok"], samples::all().len());
    for latency in ["p50", "p90", "p99", "max"] {
        assert!(summary["latency_ms"][latency].is_number(), "{summary}");
    }
    let requests: Vec<&Value> = lines.iter().filter(|l| l["kind"] == "request").collect();
    assert_eq!(requests.len(), samples::all().len());
    assert!(requests.iter().all(|request| request["status"] == 200));

    let (status, served) = server.stop();
    assert!(status.success(), "{}", served.stderr);
    assert_eq!(printed_commands(&served.stdout), every_sample());
}

#[test]
fn every_sample_round_trips_signed_and_unsigned_ones_are_refused() {
    let token_file = TempFile::new("serve-token", &format!("{TOKEN}\n"));
    let server = Server::start(&["--token-file", token_file.arg()]);
    let url = server.url();

    // Signed with the token from the environment.
    let mut simulate = tool();
    simulate
        .env("TIM_CALLBACK_TOKEN", TOKEN)
        .args(["simulate", "--url", &url]);
    let signed = crate::finish(simulate, b"");
    signed.assert_code(0).assert_no_token();
    let all = samples::all().len();
    let summary = format!("sent {all}: {all} OK, 0 refused, 0 failed");
    assert!(signed.stdout.contains(&summary), "{}", signed.stdout);

    // Signed with the flag, a product's samples only.
    run(&["simulate", "--url", &url, "--token", TOKEN, "Room"], b"")
        .assert_code(0)
        .assert_no_token();

    // Unsigned: refused with 401, counted by status, exit code 1.
    let refused = run(
        &[
            "simulate",
            "--url",
            &url,
            "--json",
            "Room.CallbackAfterDestroyRoom",
        ],
        b"",
    );
    refused.assert_code(1);
    let lines = refused.json_lines();
    let summary = lines.last().expect("a summary");
    assert_eq!(summary["ok"], 0, "{summary}");
    assert_eq!(summary["refused_by_status"]["401"], 1, "{summary}");
    assert_eq!(lines[0]["reply"]["ErrorCode"], 40101, "{}", lines[0]);

    let (status, served) = server.stop();
    assert!(status.success(), "{}", served.stderr);
    served.assert_no_token();
    let rooms = samples::all()
        .filter(|(command, _)| command.as_str().starts_with("Room."))
        .count();
    let printed = printed_commands(&served.stdout);
    assert_eq!(
        printed.values().sum::<usize>(),
        samples::all().len() + rooms
    );
    assert!(served.stderr.contains("refused (401)"), "{}", served.stderr);
}

#[test]
fn a_before_callbacks_decision_is_shown() {
    let server = Server::start(&[]);
    let url = server.url();
    let sent = run(
        &[
            "simulate",
            "--url",
            &url,
            "--json",
            "C2C.CallbackBeforeSendMsg",
        ],
        b"",
    );
    sent.assert_code(0);
    let request = &sent.json_lines()[0];
    assert_eq!(request["decision"]["error_code"], 0, "{request}");
    assert_eq!(request["decision"]["rewritten"], Value::Array(vec![]));
    let text = run(&["simulate", "--url", &url, "C2C"], b"");
    text.assert_code(0);
    assert!(
        text.stdout
            .contains("decision: ErrorCode 0, nothing rewritten"),
        "{}",
        text.stdout
    );
    server.stop();
}

#[test]
fn sustained_sends_go_round_the_samples() {
    let server = Server::start(&[]);
    let url = server.url();
    let count = samples::all().len() * 3 + 1;
    let sent = run(
        &[
            "simulate",
            "--url",
            &url,
            "--count",
            &count.to_string(),
            "--rate",
            "200",
            "--concurrency",
            "4",
            "--quiet",
            "--json",
        ],
        b"",
    );
    sent.assert_code(0);
    let lines = sent.json_lines();
    assert_eq!(lines.len(), 1, "--quiet prints the summary only");
    assert_eq!(lines[0]["sent"], count);
    assert_eq!(lines[0]["ok"], count);
    let (_, served) = server.stop();
    assert_eq!(served.stdout.lines().count(), count);
}

#[test]
fn an_unreachable_url_fails_and_bad_names_are_usage_errors() {
    // A port that was free a moment ago: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port();
    let url = format!("http://127.0.0.1:{port}/callback");
    let failed = run(&["simulate", "--url", &url, "--wait", "0"], b"");
    failed.assert_code(1);
    assert!(
        failed.stderr.contains("cannot connect"),
        "{}",
        failed.stderr
    );

    let unknown = run(&["simulate", "Nothing.CallbackNothing"], b"");
    unknown.assert_code(2);
    assert!(
        unknown.stderr.contains("no sample is named"),
        "{}",
        unknown.stderr
    );
    for url in ["https://example.com/cb", "not a url"] {
        run(&["simulate", "--url", url], b"").assert_code(2);
    }
    for flag in [["--count", "0"], ["--rate", "0"], ["--concurrency", "0"]] {
        run(&["simulate", flag[0], flag[1]], b"").assert_code(2);
    }
}

#[test]
fn the_list_names_every_sample() {
    let listed = run(&["simulate", "--list"], b"");
    listed.assert_code(0);
    assert_eq!(listed.stdout.lines().count(), samples::all().len());
    let c2c = run(&["simulate", "--list", "--json", "c2c"], b"");
    for sample in c2c.json_lines() {
        assert_eq!(sample["product"], "C2C", "{sample}");
    }
}

/// A server that answers one request with `status` and `reply`, then closes: what a handler
/// of the user's own might answer. Connections that close without a request (the tool's check
/// that the server listens) are skipped. Gives its URL and, once answered, the request head.
fn answer_once(status: u16, reply: &'static str) -> (String, std::thread::JoinHandle<String>) {
    use std::io::{BufRead, BufReader, Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let url = format!(
        "http://{}/hook",
        listener.local_addr().expect("its address")
    );
    let answered = std::thread::spawn(move || loop {
        let (stream, _) = listener.accept().expect("a connection");
        let mut reader = BufReader::new(stream);
        let mut head = String::new();
        let mut length = 0;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).expect("a request head") == 0 {
                break;
            }
            if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = value.trim().parse().expect("a length");
            }
            head.push_str(&line);
            if line == "\r\n" {
                break;
            }
        }
        if !head.ends_with("\r\n\r\n") {
            continue;
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).expect("the body");
        let mut stream = reader.into_inner();
        write!(
            stream,
            "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{reply}",
            reply.len()
        )
        .expect("the reply");
        return head;
    });
    (url, answered)
}

#[test]
fn a_rewriting_refusal_is_shown_as_decided() {
    // The sample sends "your cloud custom data": only MsgBody is new.
    let reply = r#"{"ActionStatus":"OK","ErrorInfo":"blocked","ErrorCode":1,
        "MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"***"}}],
        "CloudCustomData":"your cloud custom data"}"#;
    let (url, answered) = answer_once(200, reply);
    let sent = run(
        &[
            "simulate",
            "--url",
            &url,
            "--json",
            "C2C.CallbackBeforeSendMsg",
        ],
        b"",
    );
    sent.assert_code(0);
    let request = &sent.json_lines()[0];
    assert_eq!(request["decision"]["error_code"], 1, "{request}");
    assert_eq!(request["decision"]["error_info"], "blocked", "{request}");
    assert_eq!(
        request["decision"]["rewritten"],
        serde_json::json!(["MsgBody"])
    );
    let head = answered.join().expect("the server");
    assert!(
        head.starts_with(
            "POST /hook?SdkAppid=1400000000&CallbackCommand=C2C.CallbackBeforeSendMsg&"
        ),
        "{head}"
    );

    let (url, _) = answer_once(200, r#"{"ActionStatus":"OK","ErrorCode":2}"#);
    let text = run(
        &["simulate", "--url", &url, "C2C.CallbackBeforeSendMsg"],
        b"",
    );
    text.assert_code(0);
    assert!(
        text.stdout
            .contains("decision: ErrorCode 2, nothing rewritten"),
        "{}",
        text.stdout
    );
}

#[test]
fn replies_that_are_not_tencents_are_refused() {
    let (url, _) = answer_once(200, "<html>maintenance</html>");
    let sent = run(
        &["simulate", "--url", &url, "Room.CallbackAfterDestroyRoom"],
        b"",
    );
    sent.assert_code(1);
    assert!(sent.stdout.contains("200 -"), "{}", sent.stdout);
    assert!(
        sent.stdout
            .contains("not Tencent's reply: <html>maintenance</html>"),
        "{}",
        sent.stdout
    );
    assert!(
        sent.stdout.contains("1 refused (200 ×1)"),
        "{}",
        sent.stdout
    );
}

#[test]
fn serve_answers_only_its_path() {
    let server = Server::start(&["--path", "/im/callback"]);
    let other = server.url();
    let own = other.replace("/callback", "/im/callback");
    run(&["simulate", "--url", &own, "Room"], b"").assert_code(0);
    let missed = run(&["simulate", "--url", &other, "--json", "Mic"], b"");
    missed.assert_code(1);
    let summary = missed.json_lines().pop().expect("a summary");
    assert_eq!(summary["refused_by_status"]["404"], 1, "{summary}");
    let (_, served) = server.stop();
    assert!(served.stdout.lines().all(|line| line.contains("\"Room.")));
}
