//! The `group_policy` example: its policy through `oneshot`, and the example binary over
//! HTTP (built on demand, bound to a free port, stopped with SIGTERM).

#[path = "../examples/group_policy/policy.rs"]
mod policy;

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Child, Command as Process, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use common::*;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use policy::{Policy, PolicySettings, DEFAULT_DAILY_CAP};
use serde_json::{json, Value};
use tencent_im_callback::sign::Token;
use tencent_im_callback::test_util::{samples, CallbackRequest};
use tencent_im_callback::{CallbackLayer, Command};
use tower::{Layer, ServiceExt};

/// A log the test can read back.
#[derive(Clone, Default)]
struct Lines(Arc<Mutex<Vec<u8>>>);

impl Write for Lines {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Lines {
    fn json(&self) -> Vec<Value> {
        let text = String::from_utf8(self.0.lock().unwrap().clone()).unwrap();
        text.lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect()
    }
}

fn settings(cap: u32, deny: &str) -> PolicySettings {
    PolicySettings::from_values(Some(&cap.to_string()), Some(deny)).unwrap()
}

/// `body` with its `EventTime` replaced (a day is 86 400 000 ms).
fn at(body: &str, event_time: u64) -> String {
    let mut value: Value = serde_json::from_str(body).unwrap();
    value["EventTime"] = json!(event_time.to_string());
    value.to_string()
}

async fn send(policy: &Policy, command: Command, body: impl Into<Bytes>) -> Value {
    let layer = CallbackLayer::builder().sdk_app_id(APP).build().unwrap();
    let request = CallbackRequest::new(APP, command).body(body).build();
    let response = layer.layer(policy.router()).oneshot(request).await.unwrap();
    assert_eq!(response.status(), 200);
    json_body(response.into_body()).await
}

const CREATE: Command = Command::GROUP_BEFORE_CREATE_GROUP;
const DAY: u64 = 86_400_000;
const MONDAY: u64 = 1_670_574_414_123;

fn create_sample() -> &'static str {
    samples::of(&CREATE).unwrap()
}

#[test]
fn settings_default_and_refuse_nonsense() {
    let defaults = PolicySettings::from_values(None, None).unwrap();
    assert_eq!(defaults.daily_cap, DEFAULT_DAILY_CAP);
    assert!(defaults.deny.is_empty());
    let set = PolicySettings::from_values(Some(" 2 "), Some("a, b,,c ")).unwrap();
    assert_eq!(set.daily_cap, 2);
    assert_eq!(set.deny.len(), 3);
    assert!(set.deny.contains("b"));
    assert!(PolicySettings::from_values(Some("-1"), None).is_err());
    assert!(PolicySettings::from_values(Some("five"), None).is_err());
}

#[tokio::test]
async fn each_user_creates_at_most_the_cap_per_day() {
    let policy = Policy::new(settings(2, ""), Lines::default());
    let allow = json!({"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0});
    for _ in 0..2 {
        assert_eq!(
            send(&policy, CREATE, at(create_sample(), MONDAY)).await,
            allow
        );
    }
    let refused = send(&policy, CREATE, at(create_sample(), MONDAY + 1)).await;
    assert_eq!(refused["ActionStatus"], "OK");
    assert_eq!(refused["ErrorCode"], 10100);
    assert_eq!(refused["ErrorInfo"], "daily limit of 2 new groups reached");
    // Someone else still may.
    let other = create_sample().replace(
        "\"Owner_Account\": \"leckie\"",
        "\"Owner_Account\": \"bob\"",
    );
    assert_eq!(send(&policy, CREATE, at(&other, MONDAY)).await, allow);
    // The next day starts afresh.
    assert_eq!(
        send(&policy, CREATE, at(create_sample(), MONDAY + DAY)).await,
        allow
    );
    // A body without owner or operator cannot be counted: allowed.
    assert_eq!(send(&policy, CREATE, r#"{"Type":"Public"}"#).await, allow);
}

#[tokio::test]
async fn denied_users_are_kept_out_of_invitations() {
    let policy = Policy::new(settings(5, "jared,mallory"), Lines::default());
    let invite = Command::GROUP_BEFORE_INVITE_JOIN_GROUP;
    let reply = send(&policy, invite.clone(), samples::of(&invite).unwrap()).await;
    assert_eq!(
        reply,
        serde_json::from_str::<Value>(include_str!(
            "fixtures/im/Group.CallbackBeforeInviteJoinGroup.reply.json"
        ))
        .unwrap()
    );
    let nobody_denied = Policy::new(settings(5, "mallory"), Lines::default());
    let reply = send(
        &nobody_denied,
        invite.clone(),
        samples::of(&invite).unwrap(),
    )
    .await;
    assert_eq!(
        reply,
        json!({"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0})
    );
}

#[tokio::test]
async fn joins_exits_and_owner_changes_are_json_lines() {
    let lines = Lines::default();
    let policy = Policy::new(settings(5, ""), lines.clone());
    for command in [
        Command::GROUP_AFTER_NEW_MEMBER_JOIN,
        Command::GROUP_AFTER_MEMBER_EXIT,
        Command::GROUP_AFTER_CHANGE_GROUP_OWNER,
        // Not logged, answered OK.
        Command::GROUP_AFTER_GROUP_FULL,
        Command::SNS_FRIEND_ADD,
    ] {
        let reply = send(&policy, command.clone(), samples::of(&command).unwrap()).await;
        assert_eq!(reply["ErrorCode"], 0, "{command}");
    }
    assert_eq!(
        lines.json(),
        [
            json!({"event":"join","group_id":"@TGS#2J4SZEAEL","join_type":"Apply",
                   "operator":"leckie","members":["jared","tommy"],"at_ms":1670574414123u64}),
            json!({"event":"exit","group_id":"@TGS#2J4SZEAEL","exit_type":"Kicked",
                   "operator":"leckie","members":["jared","tommy"],"at_ms":1670574414123u64}),
            json!({"event":"owner_change","group_id":"@TGS#2TTV7VSII","old_owner":"user1",
                   "new_owner":"user2","operator":"admin","at_ms":1670574414123u64}),
        ]
    );
}

// ── The binary over HTTP ────────────────────────────────────────────────────────────

/// The example binary next to this test's. Under cargo it is (re)built first — a no-op
/// when up to date, and `cargo test --test group_policy_example` alone does not build
/// examples; otherwise it must exist.
fn example_binary() -> PathBuf {
    let test = std::env::current_exe().unwrap();
    let profile_dir = test.parent().and_then(|deps| deps.parent()).unwrap();
    let binary = profile_dir
        .join("examples")
        .join(format!("group_policy{}", std::env::consts::EXE_SUFFIX));
    match std::env::var_os("CARGO") {
        Some(cargo) => {
            let target_dir = profile_dir.parent().unwrap();
            let mut build = Process::new(cargo);
            build
                .args(["build", "--all-features", "--example", "group_policy"])
                .arg("--target-dir")
                .arg(target_dir)
                .current_dir(env!("CARGO_MANIFEST_DIR"));
            if profile_dir
                .file_name()
                .is_some_and(|name| name == "release")
            {
                build.arg("--release");
            }
            let status = build.status().expect("cargo runs");
            assert!(status.success(), "building the example failed");
        }
        None => assert!(binary.exists(), "{} is missing", binary.display()),
    }
    binary
}

/// The running example; killed if the test fails before stopping it.
struct Server {
    child: Child,
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(cap: &str, deny: &str) -> Server {
    let mut child = Process::new(example_binary())
        .env("TIM_SDKAPPID", APP.to_string())
        .env("TIM_CALLBACK_TOKEN", TOKEN)
        .env("TIM_BIND", "127.0.0.1:0")
        .env("GROUP_POLICY_DAILY_CAP", cap)
        .env("GROUP_POLICY_DENY", deny)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the example starts");
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut url = None;
    let mut line = String::new();
    while url.is_none() && Instant::now() < deadline {
        line.clear();
        if stderr.read_line(&mut line).unwrap() == 0 {
            break;
        }
        url = line.trim().strip_prefix("listening on ").map(str::to_owned);
    }
    let url = url.expect("the example said where it listens");
    // Keep draining stderr so the server never blocks on it.
    std::thread::spawn(move || {
        let mut rest = String::new();
        let _ = stderr.read_to_string(&mut rest);
    });
    Server { child, url }
}

async fn post(url: &str, command: Command, body: &str) -> Value {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let callback = CallbackRequest::new(APP, command)
        .body(body.to_owned())
        .signed(&Token::new(TOKEN).unwrap(), now);
    let target = format!("{url}?{}", callback.query());
    let mut request = callback.build();
    *request.uri_mut() = target.parse().unwrap();
    let client = Client::builder(TokioExecutor::new()).build_http::<Full<Bytes>>();
    let response = client.request(request).await.unwrap();
    assert_eq!(response.status(), 200);
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    serde_json::from_slice(&bytes).unwrap()
}

#[cfg(unix)]
#[tokio::test]
async fn the_example_serves_the_policy_over_http_and_stops_on_sigterm() {
    let mut server = start("1", "jared");
    let url = server.url.clone();
    let first = post(&url, CREATE, &at(create_sample(), MONDAY)).await;
    assert_eq!(first["ErrorCode"], 0);
    let second = post(&url, CREATE, &at(create_sample(), MONDAY)).await;
    assert_eq!(second["ErrorCode"], 10100);
    let invite = Command::GROUP_BEFORE_INVITE_JOIN_GROUP;
    let reply = post(&url, invite.clone(), samples::of(&invite).unwrap()).await;
    assert_eq!(reply["RefusedMembers_Account"], json!(["jared"]));
    let join = Command::GROUP_AFTER_NEW_MEMBER_JOIN;
    post(&url, join.clone(), samples::of(&join).unwrap()).await;

    let pid = server.child.id().to_string();
    let signalled = Process::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(signalled.success());
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "the example did not stop");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status}");
    let mut stdout = String::new();
    server
        .child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    let lines: Vec<Value> = stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 1, "{stdout}");
    assert_eq!(lines[0]["event"], "join");
    assert_eq!(lines[0]["members"], json!(["jared", "tommy"]));
}
