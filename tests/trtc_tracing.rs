//! What the `tracing` feature reports for TRTC callbacks: a span per accepted callback, a
//! DEBUG event for scanner noise, a WARN event for signature failures and for authenticated
//! bodies that are refused; never a key, a `Sign` or body content.

use std::fmt::Debug;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http::Method;
use http_body_util::Full;
use tencent_im_callback::trtc::test_util::{samples, TrtcRequest};
use tencent_im_callback::trtc::{handler_fn, CallbackKey, TrtcCallback, TrtcLayer};
use tower::{Layer, ServiceExt};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

const APP: u64 = 1400000000;
const KEY: &str = "consoleKey";

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

    fn event(&self, event: &Event<'_>) {
        let mut line = Line(format!("event {}", event.metadata().level()));
        event.record(&mut line);
        self.lines.lock().unwrap().push(line.0);
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

fn record(requests: Vec<http::Request<Full<Bytes>>>) -> Vec<String> {
    let recorder = Recorder::default();
    let lines = recorder.lines.clone();
    tracing::subscriber::with_default(recorder, || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        runtime.block_on(async {
            let layer = TrtcLayer::builder()
                .sdk_app_id(APP)
                .key(KEY)
                .clock(samples::clock(samples::ENTER_ROOM))
                .build()
                .unwrap();
            for request in requests {
                let service = layer.layer(handler_fn(|_: TrtcCallback| async {
                    tracing::info!("inside the handler");
                }));
                service.oneshot(request).await.unwrap();
            }
        });
    });
    let lines = lines.lock().unwrap().clone();
    lines
}

fn key() -> CallbackKey {
    CallbackKey::new(KEY).unwrap()
}

#[test]
fn an_accepted_callback_runs_in_a_span_with_its_facts() {
    let request = TrtcRequest::new(APP, samples::ENTER_ROOM)
        .signed(&key())
        .build();
    assert_eq!(
        record(vec![request]),
        [
            "span trtc_callback sdk_app_id=1400000000 event_group_id=1 event_type=103 \
             event=\"EnterRoom\" key_index=0",
            "event INFO message=inside the handler",
        ]
    );
}

#[test]
fn scanner_noise_is_debug_and_the_rest_is_warn_without_secrets() {
    let wrong = CallbackKey::new("wrongKey").unwrap();
    let private = samples::ENTER_ROOM.replace("\"test\"", "{\"private\":\"body text\"}");
    let requests = vec![
        TrtcRequest::new(APP, samples::ENTER_ROOM)
            .method(Method::GET)
            .build(),
        TrtcRequest::new(1, samples::ENTER_ROOM)
            .signed(&key())
            .build(),
        TrtcRequest::new(APP, samples::ENTER_ROOM)
            .signed(&wrong)
            .build(),
        TrtcRequest::new(
            APP,
            samples::EXIT_ROOM.replace("1687770731922", "1600000000000"),
        )
        .signed(&key())
        .build(),
        TrtcRequest::new(APP, private).signed(&key()).build(),
    ];
    let secrets = [
        KEY.to_owned(),
        "wrongKey".to_owned(),
        key().sign(samples::ENTER_ROOM.as_bytes()),
        wrong.sign(samples::ENTER_ROOM.as_bytes()),
        "body text".to_owned(),
    ];
    let lines = record(requests);
    assert_eq!(lines.len(), 5, "{lines:?}");
    assert!(
        lines[0].starts_with("event DEBUG") && lines[0].contains("status=405 code=40501"),
        "{lines:?}"
    );
    assert!(
        lines[1].starts_with("event DEBUG") && lines[1].contains("status=403 code=40301"),
        "{lines:?}"
    );
    assert!(
        lines[2].starts_with("event WARN") && lines[2].contains("status=401 code=40104"),
        "{lines:?}"
    );
    assert!(
        lines[3].starts_with("event WARN") && lines[3].contains("status=401 code=40102"),
        "{lines:?}"
    );
    assert!(
        lines[4].starts_with("event WARN") && lines[4].contains("status=400 code=40004"),
        "{lines:?}"
    );
    for secret in secrets {
        assert!(
            lines.iter().all(|line| !line.contains(&secret)),
            "{secret} in {lines:?}"
        );
    }
}
