//! The crash test: two receivers and two workers (the `durable` example, as real processes) on
//! loopback, one Redis. 10,000 after-callbacks go to both receivers from a client that retries
//! whatever did not get OK, as Tencent does with retries on; meanwhile one worker and one
//! receiver are killed with SIGKILL and restarted. At the end every callback answered OK has
//! been processed, each effect (a count in Redis, written in the same script as the
//! deduplication mark) exactly once, and nothing was processed that was never sent.

mod redis_server;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use tencent_im_callback::durable::{Stats, StreamKeys};
use tencent_im_callback::idempotency::idempotency_key;

use redis_server::{free_port, shared_url, unique};

const CALLBACKS: usize = 10_000;
const CONCURRENCY: usize = 24;
const COMMAND: &str = "Room.CallbackAfterMemberEnter";
const APP: u64 = 1400000000;
/// Short, so that what the killed worker held is reclaimed quickly.
const VISIBILITY_MS: u64 = 1500;

fn body(index: usize) -> String {
    format!(
        r#"{{"CallbackCommand":"{COMMAND}","RoomId":"crash-room-{index}","EventTime":{},"MemberList_Account":["user-{index}"],"Type":"Enter"}}"#,
        1_700_000_000_000u64 + index as u64
    )
}

/// The `durable` example next to this test binary (`target/<profile>/examples/durable`),
/// built with the same target directory when it is missing.
fn durable_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("the test binary lives in target/<profile>/deps");
    let binary = profile_dir.join("examples").join("durable");
    if !binary.exists() {
        let target_dir = profile_dir.parent().expect("target/<profile>");
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let mut build = Command::new(cargo);
        build
            .args(["build", "--example", "durable", "--features", "redis"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("CARGO_TARGET_DIR", target_dir);
        if profile_dir
            .file_name()
            .is_some_and(|name| name == "release")
        {
            build.arg("--release");
        }
        let status = build.status().expect("cargo runs");
        assert!(status.success(), "cargo build --example durable failed");
    }
    assert!(
        binary.exists(),
        "the durable example is not at {}",
        binary.display()
    );
    binary
}

/// The processes under test; all are killed when this is dropped, whatever happened.
struct Processes {
    binary: PathBuf,
    logs: PathBuf,
    env: Vec<(String, String)>,
    receivers: Vec<(u16, Child)>,
    workers: Vec<Child>,
    started: usize,
}

impl Processes {
    fn spawn(&mut self, role: &str, extra: &[(&str, String)]) -> Child {
        self.started += 1;
        let log = self.logs.join(format!("{role}-{}.log", self.started));
        let stderr = std::fs::File::create(&log).expect("a log file");
        let mut command = Command::new(&self.binary);
        command
            .arg(role)
            .env_remove("TIM_CALLBACK_TOKEN")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(stderr);
        for (name, value) in &self.env {
            command.env(name, value);
        }
        for (name, value) in extra {
            command.env(name, value);
        }
        let child = command
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start `durable {role}`: {e}"));
        wait_for_line(
            &log,
            if role == "work" {
                "working as"
            } else {
                "listening on"
            },
        );
        child
    }

    fn start_receiver(&mut self, port: u16) -> Child {
        self.spawn("receive", &[("TIM_BIND", format!("127.0.0.1:{port}"))])
    }

    fn start_worker(&mut self) -> Child {
        self.spawn("work", &[])
    }
}

impl Drop for Processes {
    fn drop(&mut self) {
        for child in self
            .workers
            .iter_mut()
            .chain(self.receivers.iter_mut().map(|(_, child)| child))
        {
            let _ = child.kill();
            let _ = child.wait();
        }
        let _ = std::fs::remove_dir_all(&self.logs);
    }
}

fn wait_for_line(log: &Path, needle: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let text = std::fs::read_to_string(log).unwrap_or_default();
        if text.contains(needle) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "no {needle:?} from the durable example within 20 s; its log:\n{text}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// What happened to one callback on the client's side.
#[derive(Default, Clone, Copy)]
struct Outcome {
    attempts: usize,
    ok: bool,
}

/// Posts callback `index` until a receiver answers 200 with `ActionStatus` OK, switching
/// receivers after each failure; gives up after 200 attempts.
async fn deliver(
    client: &Client<hyper_util::client::legacy::connect::HttpConnector, Full<Bytes>>,
    ports: &[u16],
    index: usize,
) -> Outcome {
    let body = Bytes::from(body(index));
    let mut outcome = Outcome::default();
    while outcome.attempts < 200 {
        let port = ports[(index + outcome.attempts) % ports.len()];
        outcome.attempts += 1;
        let request = http::Request::post(format!(
            "http://127.0.0.1:{port}/callback?SdkAppid={APP}&CallbackCommand={COMMAND}&contenttype=json"
        ))
        .body(Full::new(body.clone()))
        .expect("a request");
        let answered = tokio::time::timeout(Duration::from_secs(5), async {
            let response = client.request(request).await.ok()?;
            let status = response.status();
            let bytes = response.into_body().collect().await.ok()?.to_bytes();
            let reply: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
            Some(status == 200 && reply["ActionStatus"] == "OK")
        })
        .await;
        if let Ok(Some(true)) = answered {
            outcome.ok = true;
            return outcome;
        }
        let pause = if outcome.attempts < 5 { 20 } else { 200 };
        tokio::time::sleep(Duration::from_millis(pause)).await;
    }
    outcome
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_acknowledged_callback_is_lost_when_processes_crash() {
    let started = Instant::now();
    let url = shared_url();
    let stream = unique("crash");
    let effects = format!("{stream}:effects");
    let logs = std::env::temp_dir().join(unique("crash-logs").replace(':', "-"));
    std::fs::create_dir_all(&logs).expect("a log directory");
    let mut processes = Processes {
        binary: durable_binary(),
        logs,
        env: vec![
            ("REDIS_URL".into(), url.clone()),
            ("DURABLE_STREAM".into(), stream.clone()),
            ("DURABLE_EFFECTS".into(), effects.clone()),
            ("DURABLE_VISIBILITY_MS".into(), VISIBILITY_MS.to_string()),
            ("DURABLE_MAX_BACKLOG".into(), (CALLBACKS * 10).to_string()),
            ("TIM_SDKAPPID".into(), APP.to_string()),
        ],
        receivers: Vec::new(),
        workers: Vec::new(),
        started: 0,
    };
    let ports = [free_port(), free_port()];
    for port in ports {
        let child = processes.start_receiver(port);
        processes.receivers.push((port, child));
    }
    for _ in 0..2 {
        let child = processes.start_worker();
        processes.workers.push(child);
    }

    // The client: CONCURRENCY tasks taking callbacks in turn, each retried until OK.
    let client = Client::builder(TokioExecutor::new()).build_http::<Full<Bytes>>();
    let next = Arc::new(AtomicUsize::new(0));
    let answered_ok = Arc::new(AtomicUsize::new(0));
    let outcomes = Arc::new(Mutex::new(vec![Outcome::default(); CALLBACKS]));
    let mut tasks = Vec::new();
    for _ in 0..CONCURRENCY {
        let (client, next, answered_ok, outcomes) = (
            client.clone(),
            Arc::clone(&next),
            Arc::clone(&answered_ok),
            Arc::clone(&outcomes),
        );
        tasks.push(tokio::spawn(async move {
            loop {
                let index = next.fetch_add(1, Ordering::SeqCst);
                if index >= CALLBACKS {
                    return;
                }
                let outcome = deliver(&client, &ports, index).await;
                if outcome.ok {
                    answered_ok.fetch_add(1, Ordering::SeqCst);
                }
                outcomes.lock().unwrap()[index] = outcome;
            }
        }));
    }

    // The crashes, while callbacks flow: a worker at a quarter, a receiver at half.
    let wait_for = |share: usize| {
        let answered_ok = Arc::clone(&answered_ok);
        async move {
            while answered_ok.load(Ordering::SeqCst) < CALLBACKS * share / 4 {
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        }
    };
    wait_for(1).await;
    let worker = &mut processes.workers[0];
    worker.kill().expect("SIGKILL the worker");
    worker.wait().expect("the killed worker is reaped");
    println!(
        "killed worker 0 at {} OK",
        answered_ok.load(Ordering::SeqCst)
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    let restarted = processes.start_worker();
    processes.workers[0] = restarted;

    wait_for(2).await;
    let (port, receiver) = &mut processes.receivers[0];
    let port = *port;
    receiver.kill().expect("SIGKILL the receiver");
    receiver.wait().expect("the killed receiver is reaped");
    println!(
        "killed receiver 0 at {} OK",
        answered_ok.load(Ordering::SeqCst)
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    let restarted = processes.start_receiver(port);
    processes.receivers[0].1 = restarted;

    for task in tasks {
        task.await.expect("a client task");
    }
    let sent_at = started.elapsed();

    // Wait until the stream is drained: nothing left, nothing pending.
    let keys = StreamKeys::new(&stream);
    let mut redis = redis::Client::open(url.as_str())
        .unwrap()
        .get_multiplexed_async_connection()
        .await
        .expect("a Redis connection");
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        let length: u64 = redis::cmd("XLEN")
            .arg(&stream)
            .query_async(&mut redis)
            .await
            .unwrap();
        let pending: (u64, redis::Value, redis::Value, redis::Value) = redis::cmd("XPENDING")
            .arg(&stream)
            .arg("tim-workers")
            .query_async(&mut redis)
            .await
            .unwrap();
        if length == 0 && pending.0 == 0 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the stream was not drained within 90 s: {length} entries, {} pending",
            pending.0
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    let outcomes = outcomes.lock().unwrap().clone();
    let sent: HashMap<String, usize> = (0..CALLBACKS)
        .map(|index| {
            (
                idempotency_key(COMMAND, body(index).as_bytes()).into_string(),
                index,
            )
        })
        .collect();
    assert_eq!(sent.len(), CALLBACKS, "every callback has its own key");
    let counts: HashMap<String, u64> = redis::cmd("HGETALL")
        .arg(&effects)
        .query_async(&mut redis)
        .await
        .unwrap();
    let dead: u64 = redis::cmd("XLEN")
        .arg(keys.dead_letter())
        .query_async(&mut redis)
        .await
        .unwrap();
    let stats = Stats::read(&mut redis, &keys).await.unwrap();

    let answered: HashSet<&String> = sent
        .iter()
        .filter(|(_, index)| outcomes[**index].ok)
        .map(|(key, _)| key)
        .collect();
    let attempts: usize = outcomes.iter().map(|outcome| outcome.attempts).sum();
    let retried = outcomes
        .iter()
        .filter(|outcome| outcome.attempts > 1)
        .count();
    println!(
        "crash test: sent {CALLBACKS}, answered OK {}, requests {attempts} ({retried} callbacks \
         retried), appended {}, processed {}, duplicates suppressed {}, reclaimed {}, handler \
         failures {}, dead letters {dead}, effects counted {}; sent in {:.1} s, drained in {:.1} s",
        answered.len(),
        stats.appended,
        stats.processed,
        stats.duplicates,
        stats.reclaimed,
        stats.failed,
        counts.len(),
        sent_at.as_secs_f64(),
        started.elapsed().as_secs_f64(),
    );

    // Every callback answered OK was processed; each effect exactly once; nothing unsent.
    let missing: Vec<&&String> = answered
        .iter()
        .filter(|key| !counts.contains_key(key.as_str()))
        .take(5)
        .collect();
    assert!(
        missing.is_empty(),
        "answered OK but never processed: {missing:?}"
    );
    let repeated: Vec<(&String, &u64)> = counts.iter().filter(|(_, &n)| n != 1).take(5).collect();
    assert!(
        repeated.is_empty(),
        "effects not exactly once: {repeated:?}"
    );
    let unsent: Vec<&String> = counts
        .keys()
        .filter(|key| !sent.contains_key(*key))
        .take(5)
        .collect();
    assert!(unsent.is_empty(), "processed but never sent: {unsent:?}");
    assert_eq!(dead, 0, "nothing was dead-lettered");
    assert_eq!(stats.processed, counts.len() as u64);
    assert_eq!(
        stats.appended,
        stats.processed + stats.duplicates,
        "every appended entry was processed or suppressed as a duplicate"
    );
    assert_eq!(
        answered.len(),
        CALLBACKS,
        "the client got OK for every callback in the end"
    );
}
