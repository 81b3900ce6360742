//! The `moderate` example: its word-list format, its decisions through the whole service
//! (`oneshot`), and the built binary over real HTTP.

#[path = "../examples/moderate/app.rs"]
mod app;
#[path = "../examples/moderate/policy.rs"]
mod policy;

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;
use serde_json::{json, Value};
use tencent_im_callback::message::{CustomElem, MsgBody, MsgElement};
use tencent_im_callback::sign::Token;
use tencent_im_callback::test_util::{messages, samples, CallbackRequest};
use tencent_im_callback::{CallbackLayer, Command};
use tower::ServiceExt;

use policy::{Verdict, WordList};

const WORDS: &str = "\
# test list
darn
!casino
[block]
scam   # trailing comment
[mask]
heck
Ünïcode
";

#[test]
fn the_word_list_format() {
    let list = WordList::parse(WORDS).unwrap();
    assert_eq!(list.blocked(), ["casino", "scam"]);
    assert_eq!(
        list.masked(),
        ["darn", "heck", "Ünïcode".to_ascii_lowercase().as_str()]
    );
    assert_eq!(WordList::parse("").unwrap().blocked().len(), 0);
    assert_eq!(
        WordList::parse("a\n[shout]\n").unwrap_err(),
        "line 2: unknown section [shout]; use [block] or [mask]"
    );
    assert_eq!(
        WordList::parse("\n\n!  \n").unwrap_err(),
        "line 3: `!` without a word"
    );
    let built_in = WordList::parse(policy::BUILT_IN).unwrap();
    assert!(!built_in.blocked().is_empty() && !built_in.masked().is_empty());
}

#[test]
fn masking_is_per_character_and_ignores_ascii_case() {
    let words = vec!["darn".to_owned(), "長い".to_owned()];
    assert_eq!(policy::mask("Darn it, DARN", &words), "**** it, ****");
    assert_eq!(policy::mask("とても長い話", &words), "とても**話");
    assert_eq!(policy::mask("darndarn", &words), "********");
    assert_eq!(policy::mask("nothing", &words), "nothing");
}

#[test]
fn verdicts() {
    let list = WordList::parse(WORDS).unwrap();
    assert_eq!(list.judge(&MsgBody::text("hello")), Verdict::Allow);
    assert_eq!(
        list.judge(&MsgBody::text("big CASINO night, darn")),
        Verdict::Block {
            word: "casino".into()
        }
    );
    // A blocked word split over two text elements is still found.
    let split: MsgBody = vec![MsgElement::text("sc"), MsgElement::text("am")].into();
    assert_eq!(
        list.judge(&split),
        Verdict::Block {
            word: "scam".into()
        }
    );
    // Masking rewrites the text elements only; other elements pass untouched.
    let mut body = MsgBody::text("oh heck, darn");
    body.push(CustomElem::with_data("darn stays in data"));
    let Verdict::Mask {
        words,
        body: masked,
    } = list.judge(&body)
    else {
        panic!("not masked")
    };
    assert_eq!(words, ["darn", "heck"]);
    assert_eq!(masked.plain_text(), "oh ****, ****");
    assert_eq!(masked[1], body[1]);
}

type Lines = Arc<Mutex<Vec<Value>>>;

fn service(lines: &Lines) -> axum::Router {
    let layer = CallbackLayer::builder()
        .sdk_app_id(APP)
        .token(TOKEN)
        .clock(now)
        .build()
        .unwrap();
    let lines = lines.clone();
    app::app(
        layer,
        Arc::new(WordList::parse(WORDS).unwrap()),
        Arc::new(move |line: &Value| lines.lock().unwrap().push(line.clone())),
        app::fallbacks(false, Duration::from_millis(1500)),
    )
}

/// A policy that fails (here its decision log panics) gets the fallback: Tencent's default,
/// allow, or a refusal when the example fails closed.
#[tokio::test]
async fn a_failing_policy_fails_open_or_closed_as_configured() {
    for (fail_closed, code) in [(false, 0), (true, 1)] {
        let layer = CallbackLayer::builder().sdk_app_id(APP).build().unwrap();
        let service = app::app(
            layer,
            Arc::new(WordList::parse(WORDS).unwrap()),
            Arc::new(|_: &Value| panic!("the decision log is down")),
            app::fallbacks(fail_closed, Duration::from_millis(1500)),
        );
        let request = CallbackRequest::new(APP, Command::C2C_BEFORE_SEND_MSG)
            .body(samples::of(&Command::C2C_BEFORE_SEND_MSG).unwrap())
            .build_with(axum::body::Body::from);
        let response = service.oneshot(request).await.unwrap();
        assert_eq!(response.status(), 200);
        let reply = json_body(response.into_body()).await;
        assert_eq!(reply["ActionStatus"], "OK");
        assert_eq!(reply["ErrorCode"], code, "fail closed: {fail_closed}");
    }
}

async fn send(lines: &Lines, request: CallbackRequest) -> Value {
    let request = request
        .signed(&Token::new(TOKEN).unwrap(), NOW)
        .build_with(axum::body::Body::from);
    let response = service(lines).oneshot(request).await.unwrap();
    assert_eq!(response.status(), 200);
    json_body(response.into_body()).await
}

#[tokio::test]
async fn decisions_through_the_whole_service() {
    let lines = Lines::default();

    let reply = send(&lines, messages::c2c_text(APP, "jared", "Jonh", "hello")).await;
    assert_eq!(
        reply,
        json!({"ActionStatus": "OK", "ErrorInfo": "", "ErrorCode": 0})
    );

    let reply = send(
        &lines,
        messages::c2c_text(APP, "jared", "Jonh", "try my Casino"),
    )
    .await;
    assert_eq!(
        reply,
        json!({"ActionStatus": "OK", "ErrorInfo": app::REJECTED_INFO, "ErrorCode": 120001})
    );

    let reply = send(&lines, messages::c2c_text(APP, "jared", "Jonh", "darn you")).await;
    assert_eq!(reply["ErrorCode"], 0);
    assert_eq!(
        reply["MsgBody"],
        json!([{"MsgType": "TIMTextElem", "MsgContent": {"Text": "**** you"}}])
    );

    let reply = send(
        &lines,
        messages::group_text(APP, "@TGS#1", "jared", "a scam"),
    )
    .await;
    assert_eq!(reply["ErrorCode"], 10100);
    assert_eq!(reply["ActionStatus"], "OK");

    let reply = send(&lines, messages::group_text(APP, "@TGS#1", "jared", "heck")).await;
    assert_eq!(
        reply["MsgBody"],
        json!([{"MsgType": "TIMTextElem", "MsgContent": {"Text": "****"}}])
    );

    // Tencent's own samples: "red packet" is on no list.
    for command in [Command::C2C_BEFORE_SEND_MSG, Command::GROUP_BEFORE_SEND_MSG] {
        let request =
            CallbackRequest::new(APP, command.clone()).body(samples::of(&command).unwrap());
        assert_eq!(send(&lines, request).await["ErrorCode"], 0);
    }
    // Other commands are answered OK, and not logged.
    let request = CallbackRequest::new(APP, Command::C2C_AFTER_SEND_MSG)
        .body(samples::of(&Command::C2C_AFTER_SEND_MSG).unwrap());
    assert_eq!(send(&lines, request).await["ErrorCode"], 0);

    let lines = lines.lock().unwrap();
    let decisions: Vec<(&str, &str, i64)> = lines
        .iter()
        .map(|line| {
            (
                line["command"].as_str().unwrap(),
                line["decision"].as_str().unwrap(),
                line["error_code"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        decisions,
        [
            ("C2C.CallbackBeforeSendMsg", "allow", 0),
            ("C2C.CallbackBeforeSendMsg", "reject", 120001),
            ("C2C.CallbackBeforeSendMsg", "mask", 0),
            ("Group.CallbackBeforeSendMsg", "reject", 10100),
            ("Group.CallbackBeforeSendMsg", "mask", 0),
            ("C2C.CallbackBeforeSendMsg", "allow", 0),
            ("Group.CallbackBeforeSendMsg", "allow", 0),
        ]
    );
    assert_eq!(lines[1]["words"], json!(["casino"]));
    assert_eq!(
        (&lines[1]["from"], &lines[1]["to"]),
        (&json!("jared"), &json!("Jonh"))
    );
    assert_eq!(lines[3]["group"], "@TGS#1");
    // The message text is never logged.
    assert!(lines
        .iter()
        .all(|line| !line.to_string().contains("try my")));
}

#[tokio::test]
async fn refused_requests_never_reach_the_policy() {
    let lines = Lines::default();
    let request = messages::c2c_text(APP, "a", "b", "casino").build_with(axum::body::Body::from); // unsigned
    let response = service(&lines).oneshot(request).await.unwrap();
    assert_eq!(response.status(), 401);
    assert!(lines.lock().unwrap().is_empty());
}

#[cfg(unix)]
mod over_http {
    use std::io::{BufRead, BufReader, Read};
    use std::path::PathBuf;
    use std::process::{Child, Command as Process, Stdio};
    use std::time::Duration;

    use bytes::Bytes;
    use http_body_util::{BodyExt, Full};
    use hyper_util::client::legacy::Client;
    use hyper_util::rt::TokioExecutor;
    use serde_json::Value;
    use tencent_im_callback::sign::Token;
    use tencent_im_callback::test_util::messages;

    const APP: u64 = 1400000001;
    const TOKEN: &str = "example-token";

    /// The example binary, built with the test's own target directory if it is missing.
    fn example_binary() -> PathBuf {
        let test_binary = std::env::current_exe().unwrap();
        // target/<profile>/deps/moderate_example-… → target/<profile>
        let profile_dir = test_binary.parent().unwrap().parent().unwrap();
        let binary = profile_dir.join("examples").join("moderate");
        if !binary.exists() {
            let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
            let target_dir = profile_dir.parent().unwrap();
            let status = Process::new(cargo)
                .args(["build", "--all-features", "--example", "moderate"])
                .env("CARGO_TARGET_DIR", target_dir)
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .status()
                .unwrap();
            assert!(status.success(), "building the example failed");
        }
        binary
    }

    struct Server {
        child: Child,
        url: String,
        stdout: BufReader<std::process::ChildStdout>,
    }

    impl Drop for Server {
        fn drop(&mut self) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }

    fn start(words_file: &std::path::Path) -> Server {
        let mut child = Process::new(example_binary())
            .env("TIM_SDKAPPID", APP.to_string())
            .env("TIM_CALLBACK_TOKEN", TOKEN)
            .env("TIM_BIND", "127.0.0.1:0")
            .env("TIM_WORDS_FILE", words_file)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let mut url = None;
        let mut seen = String::new();
        for _ in 0..20 {
            let mut line = String::new();
            if stderr.read_line(&mut line).unwrap() == 0 {
                break;
            }
            seen.push_str(&line);
            if let Some(address) = line.trim().strip_prefix("listening on ") {
                url = Some(address.to_owned());
                break;
            }
        }
        let url = url.unwrap_or_else(|| panic!("the example did not start:\n{seen}"));
        // Keep draining stderr so the server never blocks on it.
        std::thread::spawn(move || {
            let mut rest = String::new();
            let _ = stderr.read_to_string(&mut rest);
        });
        let stdout = BufReader::new(child.stdout.take().unwrap());
        Server { child, url, stdout }
    }

    async fn post(url: &str, request: tencent_im_callback::test_util::CallbackRequest) -> Value {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        let request = request.signed(&Token::new(TOKEN).unwrap(), now);
        let target = format!("{url}?{}", request.query());
        let mut request = request.build();
        *request.uri_mut() = target.parse().unwrap();
        let client = Client::builder(TokioExecutor::new()).build_http::<Full<Bytes>>();
        let response = tokio::time::timeout(Duration::from_secs(10), client.request(request))
            .await
            .expect("a reply within 10 s")
            .unwrap();
        assert_eq!(response.status(), 200);
        let body = response.into_body().collect().await.unwrap().to_bytes();
        serde_json::from_slice(&body).unwrap()
    }

    #[tokio::test]
    async fn the_example_moderates_over_http_and_stops_on_sigterm() {
        let dir = std::env::temp_dir().join(format!("moderate-example-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let words = dir.join("words.txt");
        std::fs::write(&words, "[block]\nlottery\n[mask]\nfrak\n").unwrap();
        let mut server = start(&words);

        let reply = post(
            &server.url,
            messages::c2c_text(APP, "a", "b", "win the LOTTERY"),
        )
        .await;
        assert_eq!(
            (reply["ErrorCode"].as_i64(), reply["ActionStatus"].as_str()),
            (Some(120001), Some("OK"))
        );
        let reply = post(
            &server.url,
            messages::group_text(APP, "@TGS#g", "a", "frak this"),
        )
        .await;
        assert_eq!(reply["MsgBody"][0]["MsgContent"]["Text"], "**** this");
        let reply = post(&server.url, messages::c2c_text(APP, "a", "b", "fine")).await;
        assert_eq!(reply["ErrorCode"], 0);
        assert!(reply.get("MsgBody").is_none());

        let mut decisions = Vec::new();
        for _ in 0..3 {
            let mut line = String::new();
            server.stdout.read_line(&mut line).unwrap();
            let line: Value = serde_json::from_str(&line).unwrap();
            decisions.push(line["decision"].as_str().unwrap().to_owned());
        }
        assert_eq!(decisions, ["reject", "mask", "allow"]);

        let status = Process::new("kill")
            .args(["-TERM", &server.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let deadline = std::time::Instant::now() + Duration::from_secs(15);
        let exit = loop {
            if let Some(exit) = server.child.try_wait().unwrap() {
                break exit;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "no exit after SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(50));
        };
        assert!(exit.success(), "{exit}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_bad_word_list_stops_the_example_with_a_message() {
        let dir = std::env::temp_dir().join(format!("moderate-bad-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let words = dir.join("words.txt");
        std::fs::write(&words, "[loud]\n").unwrap();
        let output = Process::new(example_binary())
            .env("TIM_BIND", "127.0.0.1:0")
            .env("TIM_WORDS_FILE", &words)
            .output()
            .unwrap();
        assert!(!output.status.success());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("line 1: unknown section [loud]"),
            "{stderr}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
