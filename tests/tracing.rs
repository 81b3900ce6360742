//! What the `tracing` feature reports: a span per callback, an event per rejection, and never
//! a token, a signature or a body.

mod common;

use std::fmt::Debug;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use common::*;
use tencent_im_callback::sign::{sign, Token};
use tencent_im_callback::test_util::{samples, CallbackRequest};
use tencent_im_callback::{handler_fn, Callback, CallbackLayer, Command, Event};
use tower::{Layer, ServiceExt};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event as TracingEvent, Metadata, Subscriber};

/// Records every span and event as a line of text.
#[derive(Clone, Default)]
struct Recorder {
    lines: Arc<Mutex<Vec<String>>>,
    next_id: Arc<AtomicU64>,
}

struct Line(String);

impl Visit for Line {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.0.push_str(&format!(" {}={:?}", field.name(), value));
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut line = Line(format!("span {}", span.metadata().name()));
        span.record(&mut line);
        self.lines.lock().unwrap().push(line.0);
        Id::from_u64(self.next_id.fetch_add(1, Ordering::SeqCst) + 1)
    }

    fn record(&self, _: &Id, _: &Record<'_>) {}

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &TracingEvent<'_>) {
        let mut line = Line(format!("event {}", event.metadata().level()));
        event.record(&mut line);
        self.lines.lock().unwrap().push(line.0);
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

fn record(requests: Vec<http::Request<http_body_util::Full<bytes::Bytes>>>) -> Vec<String> {
    let recorder = Recorder::default();
    let lines = recorder.lines.clone();
    tracing::subscriber::with_default(recorder, || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        runtime.block_on(async {
            let layer = CallbackLayer::builder()
                .sdk_app_id(APP)
                .token(TOKEN)
                .clock(now)
                .build()
                .unwrap();
            for request in requests {
                let service = layer.layer(handler_fn(|_: Callback<Event>| async {
                    tracing::info!("inside the handler");
                }));
                service.oneshot(request).await.unwrap();
            }
        });
    });
    let lines = lines.lock().unwrap().clone();
    lines
}

#[test]
fn an_accepted_callback_runs_in_a_span_with_its_facts() {
    let token = Token::new(TOKEN).unwrap();
    let request = CallbackRequest::new(APP, Command::ROOM_AFTER_CREATE_ROOM)
        .body(samples::CREATE_ROOM)
        .platform(Some("iOS"))
        .signed(&token, NOW)
        .build();
    let lines = record(vec![request]);
    assert_eq!(
        lines,
        [
            "span tencent_callback command=\"Room.CallbackAfterCreateRoom\" sdk_app_id=1400000000 \
             client_ip=\"127.0.0.1\" platform=\"iOS\" token=0",
            "event INFO message=inside the handler",
        ]
    );
}

#[test]
fn each_rejection_is_an_event_with_its_reason_and_no_secret() {
    let token = Token::new(TOKEN).unwrap();
    let wrong = Token::new("wrong-token").unwrap();
    let requests = vec![
        CallbackRequest::new(APP, Command::ROOM_AFTER_CREATE_ROOM)
            .signed(&wrong, NOW)
            .build(),
        CallbackRequest::new(APP, Command::ROOM_AFTER_DESTROY_ROOM)
            .body("{\"RoomId\":{\"private\":\"body text\"}}")
            .signed(&token, NOW)
            .build(),
    ];
    let forged = CallbackRequest::new(APP, "X\nERROR forged line")
        .body(samples::DESTROY_ROOM)
        .signed(&token, NOW)
        .build();
    let requests = requests.into_iter().chain([forged]).collect();
    let lines = record(requests);
    assert_eq!(lines.len(), 3, "{lines:?}");
    // A command word from the request never puts a raw newline into a log line.
    assert!(lines[2].contains("error_code=40005"), "{lines:?}");
    assert!(lines.iter().all(|line| !line.contains('\n')), "{lines:?}");
    assert!(lines[0].starts_with("event WARN"), "{lines:?}");
    assert!(
        lines[0].contains("status=401 error_code=40104"),
        "{lines:?}"
    );
    assert!(
        lines[1].contains("status=400 error_code=40004"),
        "{lines:?}"
    );
    for secret in [
        TOKEN.to_owned(),
        sign(&token, NOW),
        sign(&wrong, NOW),
        "wrong-token".to_owned(),
        "body text".to_owned(),
    ] {
        assert!(
            lines.iter().all(|line| !line.contains(&secret)),
            "{secret} in {lines:?}"
        );
    }
}

#[test]
fn scanner_noise_is_debug_and_dropped_genuine_traffic_is_warn() {
    let token = Token::new(TOKEN).unwrap();
    let requests = vec![
        CallbackRequest::new(APP + 1, Command::ROOM_AFTER_CREATE_ROOM)
            .signed(&token, NOW)
            .build(),
        CallbackRequest::new(APP, Command::ROOM_AFTER_DESTROY_ROOM)
            .body("{")
            .signed(&token, NOW)
            .build(),
    ];
    let lines = record(requests);
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[0].starts_with("event DEBUG"), "{lines:?}");
    assert!(lines[0].contains("error_code=40301"), "{lines:?}");
    assert!(lines[1].starts_with("event WARN"), "{lines:?}");
    assert!(lines[1].contains("authenticated"), "{lines:?}");
}

#[cfg(feature = "redis")]
mod redis_server;

/// The durable hand-off (feature `redis`) reports appends, failures, reclaims, dead letters and
/// acknowledgements, never a body.
#[cfg(feature = "redis")]
#[test]
fn the_durable_hand_off_reports_its_progress_and_failures() {
    use std::time::Duration;
    use tencent_im_callback::durable::{
        Consumer, Delivery, DurableSink, Handlers, Stats, StreamKeys,
    };
    use tencent_im_callback::Reply;

    let url = redis_server::shared_url();
    let stream = redis_server::unique("tracing");
    let recorder = Recorder::default();
    let lines = recorder.lines.clone();
    tracing::subscriber::with_default(recorder, || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let client = redis::Client::open(url.as_str()).unwrap();
            let sink = DurableSink::builder(client.clone())
                .stream(&stream)
                .build()
                .unwrap();
            let service = CallbackLayer::builder()
                .sdk_app_id(APP)
                .build()
                .unwrap()
                .layer(sink);
            for room in ["fine", "broken"] {
                let body = format!(
                    r#"{{"RoomId":"{room}","EventTime":1,"MemberList_Account":["private body text"]}}"#
                );
                let request = CallbackRequest::new(APP, "Room.CallbackAfterMemberEnter")
                    .body(body)
                    .build();
                let response = service.clone().oneshot(request).await.unwrap();
                assert_eq!(response.status(), 200);
            }
            let handlers = Handlers::new().on_command(
                "Room.CallbackAfterMemberEnter",
                |delivery: Delivery<Event>| async move {
                    let room = match delivery.event() {
                        Event::RoomAfterMemberEnter(entered) => Some(entered.room_id.as_str()),
                        _ => None,
                    };
                    if room == Some("broken") {
                        Reply::fail(7, "cannot handle this room")
                    } else {
                        Reply::ok()
                    }
                },
            );
            let consumer = Consumer::builder(client.clone(), handlers)
                .stream(&stream)
                .visibility_timeout(Duration::from_millis(100))
                .max_deliveries(2)
                .build()
                .unwrap();
            let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
            let worker = tokio::spawn(consumer.run(async move {
                let _ = stopped.await;
            }));
            let mut connection = client.get_multiplexed_async_connection().await.unwrap();
            let keys = StreamKeys::new(&stream);
            for _ in 0..500 {
                let stats = Stats::read(&mut connection, &keys).await.unwrap();
                if stats.processed == 1 && stats.dead_lettered == 1 {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            stop.send(()).unwrap();
            worker.await.unwrap();
        });
    });
    let lines = lines.lock().unwrap().clone();
    for expected in [
        "appended a callback to the stream",
        "processed and acknowledged",
        "handler failed; the entry will be delivered again",
        "reclaimed entries pending longer than the visibility timeout",
        "moved an entry to the dead-letter stream",
    ] {
        assert!(
            lines.iter().any(|line| line.contains(expected)),
            "no {expected:?} in {lines:?}"
        );
    }
    assert!(
        lines.iter().all(|line| !line.contains("private body text")),
        "{lines:?}"
    );
}
