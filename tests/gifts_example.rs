//! The `gifts` example: its app through `oneshot`, and the binary over HTTP, started on a free
//! port and stopped with SIGTERM.

mod common;

#[path = "../examples/gift_shop/mod.rs"]
mod gift_shop;

use common::*;
use serde_json::{json, Value};
use tencent_im_callback::test_util::{samples, CallbackRequest};
use tencent_im_callback::{CallbackLayer, Command};
use tokio::sync::mpsc;
use tower::ServiceExt;

const GIFT: &str = include_str!("fixtures/live/Live.CallbackBeforeSendGift.json");

/// The sample gift (1 × 1000 coins from `from`) with another sender.
fn gift_from(sender: &str) -> String {
    GIFT.replace(
        r#""From_Account": "from""#,
        &format!(r#""From_Account": "{sender}""#),
    )
}

async fn send(app: &axum::Router, command: Command, body: String) -> (u16, Value) {
    let request = CallbackRequest::new(APP, command).body(body).build();
    let response = app.clone().oneshot(request).await.unwrap();
    (
        response.status().as_u16(),
        json_body(response.into_body()).await,
    )
}

#[tokio::test]
async fn gifts_are_allowed_while_the_balance_lasts_then_refused_with_an_in_range_code() {
    let wallet = gift_shop::Wallet::parse("from=1500, poor=10").unwrap();
    let (lines, mut printed) = mpsc::channel(16);
    let layer = CallbackLayer::builder().sdk_app_id(APP).build().unwrap();
    let app = gift_shop::app(layer, wallet.clone(), lines);

    let ok = json!({"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0});
    assert_eq!(
        send(&app, Command::LIVE_BEFORE_SEND_GIFT, GIFT.to_owned()).await,
        (200, ok.clone())
    );
    assert_eq!(wallet.balance("from"), Some(500));
    let (status, reply) = send(&app, Command::LIVE_BEFORE_SEND_GIFT, GIFT.to_owned()).await;
    assert_eq!(status, 200);
    assert_eq!(reply["ActionStatus"], "OK");
    assert_eq!(reply["ErrorCode"], gift_shop::INSUFFICIENT_BALANCE.get());
    assert_eq!(wallet.balance("from"), Some(500));
    let (_, reply) = send(&app, Command::LIVE_BEFORE_SEND_GIFT, gift_from("stranger")).await;
    assert_eq!(reply["ErrorCode"], gift_shop::UNKNOWN_SENDER.get());
    let (_, reply) = send(&app, Command::LIVE_BEFORE_SEND_GIFT, gift_from("poor")).await;
    assert_eq!(reply["ErrorCode"], 102101);
    let unpriced = GIFT.replace(r#""Coins": 1000"#, r#""Coins": null"#);
    let (_, reply) = send(&app, Command::LIVE_BEFORE_SEND_GIFT, unpriced).await;
    assert_eq!(reply["ErrorCode"], gift_shop::UNPRICEABLE_GIFT.get());
    for code in [102101, 102102, 102103] {
        assert!((102100..=102200).contains(&code));
    }

    // Other LiveKit callbacks are answered OK and decide nothing.
    for (command, body) in samples::all().filter(|(command, _)| {
        command.as_str().starts_with("Live.") && *command != Command::LIVE_BEFORE_SEND_GIFT
    }) {
        assert_eq!(
            send(&app, command, body.to_owned()).await,
            (200, ok.clone())
        );
    }

    // One JSON line per decision, in order.
    drop(app);
    let mut decisions = Vec::new();
    while let Some(line) = printed.recv().await {
        assert!(!line.contains('\n'));
        decisions.push(serde_json::from_str::<Value>(&line).unwrap());
    }
    let seen: Vec<(&str, i64)> = decisions
        .iter()
        .map(|d| (d["decision"].as_str().unwrap(), d["code"].as_i64().unwrap()))
        .collect();
    assert_eq!(
        seen,
        [
            ("allow", 0),
            ("reject", 102101),
            ("reject", 102102),
            ("reject", 102101),
            ("reject", 102103),
        ]
    );
    assert_eq!(
        decisions[0],
        json!({"room":"room_id","from":"from","to":["to1"],"gift":"gift1","count":1,
               "cost":1000,"decision":"allow","code":0,"balance":500})
    );
}

#[test]
fn balances_are_read_from_text() {
    let wallet = gift_shop::Wallet::parse(gift_shop::DEMO_BALANCES).unwrap();
    assert_eq!(wallet.balance("from"), Some(5000));
    assert_eq!(wallet.balance("bob"), Some(0));
    assert!(gift_shop::Wallet::parse("")
        .unwrap()
        .balance("from")
        .is_none());
    assert!(gift_shop::Wallet::parse("alice").is_err());
    assert!(gift_shop::Wallet::parse("alice=lots").is_err());
    assert!(gift_shop::Wallet::parse("alice=-1").is_err());
}

#[cfg(unix)]
mod over_http {
    use std::io::{BufRead, BufReader, Read};
    use std::path::PathBuf;
    use std::process::{Child, Command as Process, Stdio};
    use std::sync::mpsc as std_mpsc;
    use std::time::{Duration, SystemTime, UNIX_EPOCH};

    use bytes::Bytes;
    use http_body_util::{BodyExt, Full};
    use hyper_util::client::legacy::connect::HttpConnector;
    use hyper_util::client::legacy::Client;
    use hyper_util::rt::TokioExecutor;
    use serde_json::Value;
    use tencent_im_callback::sign::Token;
    use tencent_im_callback::test_util::CallbackRequest;
    use tencent_im_callback::Command;

    use super::{gift_from, APP, GIFT};

    const TOKEN: &str = "gifts-example-token";

    /// The example binary next to this test's binary; built first if it is missing.
    fn example_binary() -> PathBuf {
        let test_binary = std::env::current_exe().unwrap();
        // target/<profile>/deps/<this test> → target/<profile>
        let profile_dir = test_binary.parent().unwrap().parent().unwrap().to_owned();
        let binary = profile_dir
            .join("examples")
            .join(format!("gifts{}", std::env::consts::EXE_SUFFIX));
        if !binary.exists() {
            let cargo = std::env::var("CARGO")
                .ok()
                .or(option_env!("CARGO").map(str::to_owned))
                .unwrap_or_else(|| "cargo".to_owned());
            let mut build = Process::new(cargo);
            build
                .args([
                    "build",
                    "--all-features",
                    "--example",
                    "gifts",
                    "--target-dir",
                ])
                .arg(profile_dir.parent().unwrap())
                .current_dir(env!("CARGO_MANIFEST_DIR"));
            if profile_dir
                .file_name()
                .is_some_and(|name| name == "release")
            {
                build.arg("--release");
            }
            let status = build.status().expect("cargo runs");
            assert!(status.success(), "building the gifts example failed");
        }
        binary
    }

    /// The server, and its stderr line by line.
    struct Server {
        child: Child,
        stderr: std_mpsc::Receiver<String>,
    }

    impl Server {
        fn start(balances: &str) -> (Server, String) {
            let mut child = Process::new(example_binary())
                .env_remove("TIM_SDKAPPID")
                .env("TIM_BIND", "127.0.0.1:0")
                .env("TIM_CALLBACK_TOKEN", TOKEN)
                .env("GIFT_BALANCES", balances)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("the example starts");
            let (lines, stderr) = std_mpsc::channel();
            let pipe = child.stderr.take().unwrap();
            std::thread::spawn(move || {
                for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                    if lines.send(line).is_err() {
                        break;
                    }
                }
            });
            let server = Server { child, stderr };
            let url = loop {
                let line = server
                    .stderr
                    .recv_timeout(Duration::from_secs(30))
                    .expect("the example says where it listens");
                if let Some(url) = line.strip_prefix("listening on ") {
                    break url.to_owned();
                }
            };
            (server, url)
        }

        /// Stops it with SIGTERM; gives its exit success, stdout and the rest of stderr.
        fn stop(mut self) -> (bool, String, Vec<String>) {
            let pid = self.child.id().to_string();
            let killed = Process::new("kill").args(["-TERM", &pid]).status().unwrap();
            assert!(killed.success());
            let mut waited = Duration::ZERO;
            let status = loop {
                if let Some(status) = self.child.try_wait().unwrap() {
                    break status;
                }
                assert!(waited < Duration::from_secs(15), "no graceful stop");
                std::thread::sleep(Duration::from_millis(50));
                waited += Duration::from_millis(50);
            };
            let mut stdout = String::new();
            self.child
                .stdout
                .take()
                .unwrap()
                .read_to_string(&mut stdout)
                .unwrap();
            let stderr = self.stderr.try_iter().collect();
            (status.success(), stdout, stderr)
        }
    }

    impl Drop for Server {
        fn drop(&mut self) {
            // Only when a test failed before `stop`: the server must not outlive the test.
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }

    async fn post(url: &str, body: String, signed: bool) -> (u16, Value) {
        let mut request = CallbackRequest::new(APP, Command::LIVE_BEFORE_SEND_GIFT).body(body);
        if signed {
            let now = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap()
                .as_secs();
            request = request.signed(&Token::new(TOKEN).unwrap(), now);
        }
        let target = format!("{url}?{}", request.query());
        let mut request = request.build();
        *request.uri_mut() = target.parse().unwrap();
        let client: Client<HttpConnector, Full<Bytes>> =
            Client::builder(TokioExecutor::new()).build(HttpConnector::new());
        let response = client.request(request).await.unwrap();
        let status = response.status().as_u16();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (status, serde_json::from_slice(&bytes).unwrap())
    }

    #[tokio::test]
    async fn the_binary_answers_gifts_and_stops_on_sigterm() {
        let (server, url) = Server::start("from=1500");
        assert!(url.starts_with("http://127.0.0.1:") && url.ends_with("/callback"));

        let (status, reply) = post(&url, GIFT.to_owned(), true).await;
        assert_eq!((status, reply["ErrorCode"].as_i64()), (200, Some(0)));
        let (status, reply) = post(&url, GIFT.to_owned(), true).await;
        assert_eq!((status, reply["ErrorCode"].as_i64()), (200, Some(102101)));
        assert_eq!(reply["ActionStatus"], "OK");
        let (_, reply) = post(&url, gift_from("stranger"), true).await;
        assert_eq!(reply["ErrorCode"], 102102);
        // Unsigned: refused by the layer, so no decision is made (and Tencent would block
        // the gift).
        let (status, reply) = post(&url, GIFT.to_owned(), false).await;
        assert_eq!((status, reply["ErrorCode"].as_i64()), (401, Some(40101)));

        let (success, stdout, stderr) = server.stop();
        assert!(success, "exit status: stderr {stderr:?}");
        assert!(
            stderr.iter().any(|line| line == "SIGTERM: shutting down"),
            "{stderr:?}"
        );
        let decisions: Vec<Value> = stdout
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect();
        let codes: Vec<i64> = decisions
            .iter()
            .map(|d| d["code"].as_i64().unwrap())
            .collect();
        assert_eq!(codes, [0, 102101, 102102]);
        assert_eq!(decisions[0]["balance"], 500);
    }
}
