//! The durable hand-off against a real Redis on loopback: the sink's answers, the backlog bound,
//! Redis going away and coming back, and the workers' deduplication, retries, reclaims and dead
//! letters.

mod redis_server;

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use redis::aio::MultiplexedConnection;
use serde_json::Value;
use tencent_im_callback::durable::{
    Consumer, Delivery, DurableSink, Handlers, Record, Stats, StreamKeys, Unhandled,
};
use tencent_im_callback::layer::CallbackService;
use tencent_im_callback::room::MemberEnter;
use tencent_im_callback::test_util::CallbackRequest;
use tencent_im_callback::{Callback, CallbackLayer, CommandRouter, Event, Reply};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tower::{Layer, ServiceExt};

use redis_server::{shared_url, unique, RedisServer};

const APP: u64 = 1400000000;

fn client(url: &str) -> redis::Client {
    redis::Client::open(url).unwrap_or_else(|e| panic!("bad Redis URL {url}: {e}"))
}

async fn connection(url: &str) -> MultiplexedConnection {
    client(url)
        .get_multiplexed_async_connection()
        .await
        .unwrap_or_else(|e| panic!("cannot connect to Redis at {url}: {e}"))
}

fn receiver(url: &str, stream: &str) -> CallbackService<DurableSink> {
    let sink = DurableSink::builder(client(url))
        .stream(stream)
        .build()
        .unwrap();
    CallbackLayer::builder()
        .sdk_app_id(APP)
        .build()
        .unwrap()
        .layer(sink)
}

fn member_enter(room: &str, time: u64) -> String {
    format!(
        r#"{{"CallbackCommand":"Room.CallbackAfterMemberEnter","RoomId":"{room}","EventTime":{time},"MemberList_Account":["u1"]}}"#
    )
}

async fn send<S>(service: &S, command: &str, body: String) -> (u16, Value)
where
    S: tower::Service<
            http::Request<Full<Bytes>>,
            Response = http::Response<
                tencent_im_callback::layer::CallbackBody<tencent_im_callback::response::ReplyBody>,
            >,
        > + Clone,
    S::Error: std::fmt::Debug,
{
    let request = CallbackRequest::new(APP, command).body(body).build();
    let response = service.clone().oneshot(request).await.unwrap();
    let status = response.status().as_u16();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&bytes).unwrap())
}

async fn xlen(connection: &mut MultiplexedConnection, stream: &str) -> u64 {
    redis::cmd("XLEN")
        .arg(stream)
        .query_async(connection)
        .await
        .unwrap()
}

async fn entries(
    connection: &mut MultiplexedConnection,
    stream: &str,
) -> Vec<HashMap<String, Vec<u8>>> {
    type Entries = Vec<(String, Vec<(String, Vec<u8>)>)>;
    let reply: Entries = redis::cmd("XRANGE")
        .arg(stream)
        .arg("-")
        .arg("+")
        .query_async(connection)
        .await
        .unwrap();
    reply
        .into_iter()
        .map(|(_, fields)| fields.into_iter().collect())
        .collect()
}

/// A running worker, stopped by [`Worker::stop`].
struct Worker {
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
}

impl Worker {
    fn start(consumer: Consumer) -> Worker {
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(consumer.run(async move {
            let _ = stopped.await;
        }));
        Worker {
            stop: Some(stop),
            task,
        }
    }

    async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        tokio::time::timeout(Duration::from_secs(10), &mut self.task)
            .await
            .expect("the worker stops within 10 s")
            .expect("the worker task ends cleanly");
    }
}

/// Waits (up to 20 s) until the stats satisfy `done`; returns them.
async fn wait_for_stats(url: &str, stream: &str, done: impl Fn(&Stats) -> bool) -> Stats {
    let mut connection = connection(url).await;
    let keys = StreamKeys::new(stream);
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let stats = Stats::read(&mut connection, &keys).await.unwrap();
        if done(&stats) {
            return stats;
        }
        assert!(
            Instant::now() < deadline,
            "gave up waiting; stats: {stats:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn counting_handlers(effects_hash: &str) -> Handlers {
    let hash = effects_hash.to_owned();
    Handlers::new().on(move |delivery: Delivery<MemberEnter>| {
        let hash = hash.clone();
        async move {
            delivery
                .effects()
                .push(redis::Cmd::hincr(&hash, delivery.key(), 1));
        }
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_callbacks_are_stored_before_the_ok() {
    let url = shared_url();
    let stream = unique("stored");
    let service = receiver(&url, &stream);
    let body = member_enter("r1", 1703589922780);
    let (status, reply) = send(&service, "Room.CallbackAfterMemberEnter", body.clone()).await;
    assert_eq!((status, &reply["ActionStatus"]), (200, &Value::from("OK")));

    let mut connection = connection(&url).await;
    let stored = entries(&mut connection, &stream).await;
    assert_eq!(stored.len(), 1);
    let record = Record::from_fields(
        stored[0]
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_slice())),
    )
    .unwrap();
    assert_eq!(record.sdk_app_id(), APP);
    assert_eq!(record.command(), "Room.CallbackAfterMemberEnter");
    assert_eq!(record.body().as_ref(), body.as_bytes());
    assert_eq!(
        record.key(),
        "Room.CallbackAfterMemberEnter|RoomId=r1|EventTime=1703589922780"
    );
    match record.to_callback().unwrap().event() {
        Event::RoomAfterMemberEnter(event) => assert_eq!(event.room_id, "r1"),
        other => panic!("unexpected {other:?}"),
    }
    let stats = Stats::read(&mut connection, &StreamKeys::new(&stream))
        .await
        .unwrap();
    assert_eq!(stats.appended, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn before_callbacks_are_answered_inline_and_never_queued() {
    let url = shared_url();
    let stream = unique("before");
    let mut connection = connection(&url).await;
    let body = tencent_im_callback::test_util::samples::of(
        &tencent_im_callback::Command::C2C_BEFORE_SEND_MSG,
    )
    .unwrap();

    // The default: allowed with a plain OK.
    let service = receiver(&url, &stream);
    let (status, reply) = send(&service, "C2C.CallbackBeforeSendMsg", body.into()).await;
    assert_eq!(status, 200);
    assert_eq!(
        reply,
        serde_json::json!({"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0})
    );

    // An inline router decides.
    let calls = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&calls);
    let router =
        CommandRouter::new().on_command("C2C.CallbackBeforeSendMsg", move |_: Callback<Event>| {
            seen.fetch_add(1, Ordering::SeqCst);
            async { Reply::reject_with(120001, "not today") }
        });
    let sink = DurableSink::builder(client(&url))
        .stream(&stream)
        .before(router)
        .build()
        .unwrap();
    let service = CallbackLayer::builder()
        .sdk_app_id(APP)
        .build()
        .unwrap()
        .layer(sink);
    let (status, reply) = send(&service, "C2C.CallbackBeforeSendMsg", body.into()).await;
    assert_eq!(status, 200);
    assert_eq!(reply["ErrorCode"], 120001);
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    let friend = tencent_im_callback::test_util::samples::of(
        &tencent_im_callback::Command::from_wire("Sns.CallbackPrevFriendAdd"),
    )
    .unwrap();
    let (_, reply) = send(&service, "Sns.CallbackPrevFriendAdd", friend.into()).await;
    assert_eq!(reply["ErrorCode"], 0);

    assert_eq!(xlen(&mut connection, &stream).await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_backlog_is_refused_with_503_and_nothing_is_dropped() {
    let url = shared_url();
    let stream = unique("full");
    let sink = DurableSink::builder(client(&url))
        .stream(&stream)
        .max_backlog(2)
        .build()
        .unwrap();
    let service = CallbackLayer::builder()
        .sdk_app_id(APP)
        .build()
        .unwrap()
        .layer(sink);
    for time in 1..=2 {
        let (status, _) = send(
            &service,
            "Room.CallbackAfterMemberEnter",
            member_enter("r", time),
        )
        .await;
        assert_eq!(status, 200);
    }
    let (status, reply) = send(
        &service,
        "Room.CallbackAfterMemberEnter",
        member_enter("r", 3),
    )
    .await;
    assert_eq!(status, 503);
    assert_eq!(reply["ActionStatus"], "FAIL");
    assert_eq!(reply["ErrorCode"], 50301);
    let mut connection = connection(&url).await;
    assert_eq!(xlen(&mut connection, &stream).await, 2);
    let stats = Stats::read(&mut connection, &StreamKeys::new(&stream))
        .await
        .unwrap();
    assert_eq!((stats.appended, stats.refused_full), (2, 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_down_is_a_503_within_the_budget_and_acknowledged_entries_survive_a_restart() {
    let dir = redis_server::fresh_dir();
    let mut server = RedisServer::start_in(&dir, false);
    let url = server.url();
    let stream = unique("outage");
    let sink = DurableSink::builder(client(&url))
        .stream(&stream)
        .budget(Duration::from_millis(300))
        .build()
        .unwrap();
    let service = CallbackLayer::builder()
        .sdk_app_id(APP)
        .build()
        .unwrap()
        .layer(sink);
    let (status, _) = send(
        &service,
        "Room.CallbackAfterMemberEnter",
        member_enter("r", 1),
    )
    .await;
    assert_eq!(status, 200);

    server.stop();
    for time in 2..=3 {
        let started = Instant::now();
        let (status, reply) = send(
            &service,
            "Room.CallbackAfterMemberEnter",
            member_enter("r", time),
        )
        .await;
        let took = started.elapsed();
        assert_eq!(status, 503, "{reply}");
        assert_eq!(reply["ActionStatus"], "FAIL");
        let code = reply["ErrorCode"].as_i64().unwrap();
        assert!(code == 50302 || code == 50303, "{reply}");
        assert!(
            took < Duration::from_millis(1500),
            "answered after {took:?}"
        );
    }

    // Back on the same port and directory: the append-only file brings the entry back, and
    // the same sink reconnects by itself.
    let port = server.port();
    let restarted = RedisServer::start_on(port, &dir).expect("Redis restarts");
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let (status, _) = send(
            &service,
            "Room.CallbackAfterMemberEnter",
            member_enter("r", 4),
        )
        .await;
        if status == 200 {
            break;
        }
        assert!(Instant::now() < deadline, "the sink did not recover");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mut connection = connection(&restarted.url()).await;
    let stored = entries(&mut connection, &stream).await;
    let bodies: Vec<&[u8]> = stored
        .iter()
        .map(|fields| fields["body"].as_slice())
        .collect();
    assert!(bodies.contains(&member_enter("r", 1).as_bytes()));
    assert!(bodies.contains(&member_enter("r", 4).as_bytes()));
    drop(restarted);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redis_slower_than_the_budget_is_a_503_and_the_append_may_still_land() {
    // Its own Redis: pausing writes would hold up the other tests.
    let server = RedisServer::start();
    let url = server.url();
    let stream = unique("slow");
    let sink = DurableSink::builder(client(&url))
        .stream(&stream)
        .budget(Duration::from_millis(200))
        .build()
        .unwrap();
    let service = CallbackLayer::builder()
        .sdk_app_id(APP)
        .build()
        .unwrap()
        .layer(sink);
    let (status, _) = send(
        &service,
        "Room.CallbackAfterMemberEnter",
        member_enter("s", 1),
    )
    .await;
    assert_eq!(status, 200, "the connection is up");

    let mut connection = connection(&url).await;
    let _: () = redis::cmd("CLIENT")
        .arg("PAUSE")
        .arg(1000)
        .arg("WRITE")
        .query_async(&mut connection)
        .await
        .unwrap();
    let started = Instant::now();
    let (status, reply) = send(
        &service,
        "Room.CallbackAfterMemberEnter",
        member_enter("s", 2),
    )
    .await;
    let took = started.elapsed();
    assert_eq!(status, 503, "{reply}");
    assert_eq!(reply["ErrorCode"], 50303, "{reply}");
    assert!(took < Duration::from_millis(800), "answered after {took:?}");

    // Once Redis resumes, the append that was answered 503 lands after all: a retry of it is a
    // duplicate, for the workers' deduplication.
    let deadline = Instant::now() + Duration::from_secs(10);
    while xlen(&mut connection, &stream).await < 2 {
        assert!(Instant::now() < deadline, "the paused append never landed");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workers_process_each_key_once_acknowledge_and_delete() {
    let url = shared_url();
    let stream = unique("once");
    let effects = format!("{stream}:effects");
    let service = receiver(&url, &stream);
    for body in [
        member_enter("a", 1),
        member_enter("b", 2),
        member_enter("a", 1),
    ] {
        let (status, _) = send(&service, "Room.CallbackAfterMemberEnter", body).await;
        assert_eq!(status, 200);
    }
    let consumer = Consumer::builder(client(&url), counting_handlers(&effects))
        .stream(&stream)
        .build()
        .unwrap();
    let worker = Worker::start(consumer);
    let stats = wait_for_stats(&url, &stream, |s| s.processed + s.duplicates == 3).await;
    worker.stop().await;
    assert_eq!((stats.processed, stats.duplicates), (2, 1));

    let mut connection = connection(&url).await;
    let counts: HashMap<String, u64> = redis::cmd("HGETALL")
        .arg(&effects)
        .query_async(&mut connection)
        .await
        .unwrap();
    assert_eq!(counts.len(), 2);
    assert!(counts.values().all(|&count| count == 1), "{counts:?}");
    assert_eq!(
        xlen(&mut connection, &stream).await,
        0,
        "acknowledged entries are deleted"
    );
    let done: bool = redis::cmd("EXISTS")
        .arg(StreamKeys::new(&stream).done("Room.CallbackAfterMemberEnter|RoomId=a|EventTime=1"))
        .query_async(&mut connection)
        .await
        .unwrap();
    assert!(done);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn racing_workers_run_effects_once() {
    let url = shared_url();
    let stream = unique("race");
    let effects = format!("{stream}:effects");
    let service = receiver(&url, &stream);
    for _ in 0..20 {
        let (status, _) = send(
            &service,
            "Room.CallbackAfterMemberEnter",
            member_enter("same", 9),
        )
        .await;
        assert_eq!(status, 200);
    }
    let hash = effects.clone();
    let slow = move || {
        let hash = hash.clone();
        Handlers::new().on(move |delivery: Delivery<MemberEnter>| {
            let hash = hash.clone();
            async move {
                // Long enough for the other worker to pick up a duplicate meanwhile.
                tokio::time::sleep(Duration::from_millis(20)).await;
                delivery
                    .effects()
                    .push(redis::Cmd::hincr(&hash, delivery.key(), 1));
            }
        })
    };
    let workers = [
        Worker::start(
            Consumer::builder(client(&url), slow())
                .stream(&stream)
                .batch(1)
                .build()
                .unwrap(),
        ),
        Worker::start(
            Consumer::builder(client(&url), slow())
                .stream(&stream)
                .batch(1)
                .build()
                .unwrap(),
        ),
    ];
    let stats = wait_for_stats(&url, &stream, |s| s.processed + s.duplicates == 20).await;
    for worker in workers {
        worker.stop().await;
    }
    assert_eq!(stats.processed, 1);
    let mut connection = connection(&url).await;
    let count: u64 = redis::cmd("HGET")
        .arg(&effects)
        .arg("Room.CallbackAfterMemberEnter|RoomId=same|EventTime=9")
        .query_async(&mut connection)
        .await
        .unwrap();
    assert_eq!(count, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failures_are_retried_then_dead_lettered() {
    let url = shared_url();
    let stream = unique("dead");
    let service = receiver(&url, &stream);
    let (status, _) = send(
        &service,
        "Room.CallbackAfterMemberEnter",
        member_enter("x", 1),
    )
    .await;
    assert_eq!(status, 200);
    let attempts = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&attempts);
    let handlers = Handlers::new().on(move |delivery: Delivery<MemberEnter>| {
        counted.fetch_add(1, Ordering::SeqCst);
        let deliveries = delivery.deliveries();
        async move { Reply::fail(9, format!("failing on delivery {deliveries}")) }
    });
    let consumer = Consumer::builder(client(&url), handlers)
        .stream(&stream)
        .visibility_timeout(Duration::from_millis(200))
        .max_deliveries(3)
        .build()
        .unwrap();
    let worker = Worker::start(consumer);
    let stats = wait_for_stats(&url, &stream, |s| s.dead_lettered == 1).await;
    worker.stop().await;
    assert_eq!(attempts.load(Ordering::SeqCst), 3);
    assert_eq!(
        stats.failed, 2,
        "the third failure goes straight to the dead letters"
    );
    assert!(stats.reclaimed >= 2);

    let mut connection = connection(&url).await;
    assert_eq!(xlen(&mut connection, &stream).await, 0);
    let dead = entries(&mut connection, StreamKeys::new(&stream).dead_letter()).await;
    assert_eq!(dead.len(), 1);
    assert_eq!(dead[0]["body"], member_enter("x", 1).as_bytes());
    assert_eq!(dead[0]["dead_deliveries"], b"3");
    let reason = String::from_utf8_lossy(&dead[0]["dead_reason"]).into_owned();
    assert!(reason.contains("failing on delivery 3"), "{reason}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panicking_handler_is_a_failure_and_the_entry_comes_back() {
    let url = shared_url();
    let stream = unique("panic");
    let service = receiver(&url, &stream);
    let (status, _) = send(
        &service,
        "Room.CallbackAfterMemberEnter",
        member_enter("p", 1),
    )
    .await;
    assert_eq!(status, 200);
    let seen = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&seen);
    let handlers = Handlers::new().on(move |delivery: Delivery<MemberEnter>| {
        counted.fetch_add(1, Ordering::SeqCst);
        assert!(
            delivery.deliveries() > 1,
            "first delivery: panic on purpose"
        );
        async {}
    });
    let consumer = Consumer::builder(client(&url), handlers)
        .stream(&stream)
        .visibility_timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let worker = Worker::start(consumer);
    let stats = wait_for_stats(&url, &stream, |s| s.processed == 1).await;
    worker.stop().await;
    assert_eq!(seen.load(Ordering::SeqCst), 2);
    assert_eq!(stats.failed, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crashed_workers_entries_are_reclaimed() {
    let url = shared_url();
    let stream = unique("reclaim");
    let effects = format!("{stream}:effects");
    let service = receiver(&url, &stream);
    for time in 1..=3 {
        let (status, _) = send(
            &service,
            "Room.CallbackAfterMemberEnter",
            member_enter("c", time),
        )
        .await;
        assert_eq!(status, 200);
    }
    // A worker that reads and dies before acknowledging anything.
    let mut connection = connection(&url).await;
    let _: () = redis::cmd("XGROUP")
        .arg("CREATE")
        .arg(&stream)
        .arg("tim-workers")
        .arg("0")
        .query_async(&mut connection)
        .await
        .unwrap();
    let _: redis::Value = redis::cmd("XREADGROUP")
        .arg("GROUP")
        .arg("tim-workers")
        .arg("ghost")
        .arg("COUNT")
        .arg(10)
        .arg("STREAMS")
        .arg(&stream)
        .arg(">")
        .query_async(&mut connection)
        .await
        .unwrap();

    let deliveries = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&deliveries);
    let hash = effects.clone();
    let handlers = Handlers::new().on(move |delivery: Delivery<MemberEnter>| {
        seen.fetch_add(delivery.deliveries() as usize, Ordering::SeqCst);
        delivery
            .effects()
            .push(redis::Cmd::hincr(&hash, delivery.key(), 1));
        async {}
    });
    let consumer = Consumer::builder(client(&url), handlers)
        .stream(&stream)
        .visibility_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let worker = Worker::start(consumer);
    let stats = wait_for_stats(&url, &stream, |s| s.processed == 3).await;
    worker.stop().await;
    assert_eq!(stats.reclaimed, 3);
    assert_eq!(
        deliveries.load(Ordering::SeqCst),
        6,
        "each was on its second delivery"
    );
    let pending: (u64, redis::Value, redis::Value, redis::Value) = redis::cmd("XPENDING")
        .arg(&stream)
        .arg("tim-workers")
        .query_async(&mut connection)
        .await
        .unwrap();
    assert_eq!(pending.0, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commands_without_a_handler_are_dead_lettered_or_dropped_never_silently() {
    let url = shared_url();
    for (unhandled, name) in [
        (Unhandled::DeadLetter, "unhandled-dead"),
        (Unhandled::Drop, "unhandled-drop"),
    ] {
        let stream = unique(name);
        let service = receiver(&url, &stream);
        let (status, _) = send(
            &service,
            "Group.CallbackAfterNewMemberJoin",
            r#"{"GroupId":"g"}"#.into(),
        )
        .await;
        assert_eq!(status, 200);
        let consumer = Consumer::builder(client(&url), counting_handlers("unused"))
            .stream(&stream)
            .unhandled(unhandled)
            .build()
            .unwrap();
        let worker = Worker::start(consumer);
        let stats = wait_for_stats(&url, &stream, |s| s.dead_lettered + s.dropped == 1).await;
        worker.stop().await;
        let mut connection = connection(&url).await;
        let dead = entries(&mut connection, StreamKeys::new(&stream).dead_letter()).await;
        match unhandled {
            Unhandled::Drop => assert_eq!((stats.dropped, dead.len()), (1, 0)),
            _ => {
                assert_eq!((stats.dead_lettered, dead.len()), (1, 1));
                let reason = String::from_utf8_lossy(&dead[0]["dead_reason"]).into_owned();
                assert!(reason.contains("no handler"), "{reason}");
            }
        }
        assert_eq!(xlen(&mut connection, &stream).await, 0);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn entries_that_are_not_records_are_dead_lettered_as_they_were() {
    let url = shared_url();
    let stream = unique("garbage");
    let mut connection = connection(&url).await;
    let _: String = redis::cmd("XADD")
        .arg(&stream)
        .arg("*")
        .arg("v")
        .arg("2")
        .arg("whatever")
        .arg("x")
        .query_async(&mut connection)
        .await
        .unwrap();
    let consumer = Consumer::builder(client(&url), counting_handlers("unused"))
        .stream(&stream)
        .build()
        .unwrap();
    let worker = Worker::start(consumer);
    wait_for_stats(&url, &stream, |s| s.dead_lettered == 1).await;
    worker.stop().await;
    let dead = entries(&mut connection, StreamKeys::new(&stream).dead_letter()).await;
    assert_eq!(dead[0]["v"], b"2");
    assert_eq!(dead[0]["whatever"], b"x");
    let reason = String::from_utf8_lossy(&dead[0]["dead_reason"]).into_owned();
    assert!(reason.contains("version"), "{reason}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_stops_promptly_and_redis_errors_do_not_end_it() {
    // A Redis that goes away under a running worker: it keeps trying, and stops on request.
    let mut server = RedisServer::start();
    let url = server.url();
    let stream = unique("stop");
    let consumer = Consumer::builder(client(&url), counting_handlers("unused"))
        .stream(&stream)
        .build()
        .unwrap();
    let worker = Worker::start(consumer);
    tokio::time::sleep(Duration::from_millis(300)).await;
    server.stop();
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(!worker.task.is_finished());
    let started = Instant::now();
    worker.stop().await;
    assert!(started.elapsed() < Duration::from_secs(6));
}

#[test]
fn building_outside_a_runtime_is_an_error_not_a_panic() {
    let error = DurableSink::builder(client("redis://127.0.0.1:1"))
        .build()
        .unwrap_err();
    assert!(error.to_string().contains("Tokio runtime"), "{error}");
}

#[tokio::test]
async fn settings_are_checked() {
    let budget = DurableSink::builder(client("redis://127.0.0.1:1"))
        .budget(Duration::from_secs(3))
        .build()
        .unwrap_err();
    assert!(budget.to_string().contains("budget"), "{budget}");
    let backlog = DurableSink::builder(client("redis://127.0.0.1:1"))
        .max_backlog(0)
        .build()
        .unwrap_err();
    assert!(backlog.to_string().contains("max_backlog"), "{backlog}");
    let group = Consumer::builder(client("redis://127.0.0.1:1"), Handlers::new())
        .group("")
        .build()
        .unwrap_err();
    assert!(group.to_string().contains("group"), "{group}");
    let deliveries = Consumer::builder(client("redis://127.0.0.1:1"), Handlers::new())
        .max_deliveries(0)
        .build()
        .unwrap_err();
    assert!(
        deliveries.to_string().contains("max_deliveries"),
        "{deliveries}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sink_without_the_layer_says_so() {
    let url = shared_url();
    let sink = DurableSink::builder(client(&url))
        .stream(unique("nolayer"))
        .build()
        .unwrap();
    let request = http::Request::post("/")
        .body(Full::new(Bytes::new()))
        .unwrap();
    let response = sink
        .oneshot(request)
        .await
        .unwrap_or_else(|never: Infallible| match never {});
    assert_eq!(response.status(), 500);
}
