//! The cost of the message path: `C2C.CallbackBeforeSendMsg` with one text element, through
//! `CallbackLayer` and a `CommandRouter` whose moderation handler masks a word and returns a
//! rewrite, against the floor (the typed parse of that body alone).
//!
//! ```text
//! cargo bench --bench messages -- --warm-up-time 1 --measurement-time 3
//! ```
//!
//! Groups, all on Tencent's `C2C.CallbackBeforeSendMsg` sample, signed:
//! - `a_floor`: `serde_json::from_slice::<c2c::BeforeSendMsg>`, nothing else;
//! - `b_rewrite`: the whole path via `oneshot`, the handler rewriting "red" to "***": the
//!   response holds the rendered reply with the new `MsgBody` (as in `benches/callback.rs`,
//!   the response is then dropped, not sent);
//! - `c_allow`: the same handler on a message it lets through unchanged.
//!
//! Heap allocations per request are counted by a counting global allocator and printed
//! before the timings, with the ratio of the medians printed by criterion. Requests are built
//! outside the timed part and driven by polling with a no-op waker: every future here is
//! ready at once, so no executor's cost is measured.

use std::alloc::{GlobalAlloc, Layout, System};
use std::convert::Infallible;
use std::future::{ready, Ready};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use http::{Request, Response};
use http_body_util::{BodyExt, Full};
use tencent_im_callback::c2c::{BeforeSendMsg, SendMsgReply};
use tencent_im_callback::layer::CallbackBody;
use tencent_im_callback::message::{Rewrite, TextElem};
use tencent_im_callback::response::ReplyBody;
use tencent_im_callback::sign::Token;
use tencent_im_callback::test_util::{samples, CallbackRequest};
use tencent_im_callback::{Callback, CallbackLayer, Command, CommandRouter};
use tower::{Layer, Service, ServiceExt};

/// Counts every allocation made through the global allocator.
struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

const APP: u64 = 1400000000;
const TOKEN: &str = "console-token";
const NOW: u64 = 1_703_589_922;
/// The word the handler masks; Tencent's sample says "red packet".
const MASKED: &str = "red";

fn now() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(NOW)
}

/// The signed request Tencent would send; rebuilt per iteration from cheap clones.
#[derive(Clone)]
struct Template {
    uri: http::Uri,
    body: Bytes,
}

impl Template {
    fn new(body: impl Into<Bytes>) -> Self {
        let token = Token::new(TOKEN).expect("token");
        let request = CallbackRequest::new(APP, Command::C2C_BEFORE_SEND_MSG)
            .body(body)
            .signed(&token, NOW);
        Template {
            uri: request.uri().parse().expect("uri"),
            body: request.body_bytes().clone(),
        }
    }

    fn request(&self) -> Request<Full<Bytes>> {
        let mut request = Request::new(Full::new(self.body.clone()));
        *request.method_mut() = http::Method::POST;
        *request.uri_mut() = self.uri.clone();
        request
    }
}

/// A moderation handler: masks [`MASKED`] in the text elements and returns the rewrite, or
/// allows the message when the word is absent.
fn moderate(cb: Callback<BeforeSendMsg>) -> Ready<SendMsgReply> {
    let body = &cb.event().msg_body;
    if !body.plain_text().contains(MASKED) {
        return ready(SendMsgReply::Allow);
    }
    let mut body = body.clone();
    for text in body.all_mut::<TextElem>() {
        text.text = text.text.replace(MASKED, "***");
    }
    ready(SendMsgReply::Rewrite(Rewrite::new().msg_body(body)))
}

fn service() -> impl Service<
    Request<Full<Bytes>>,
    Response = Response<CallbackBody<ReplyBody>>,
    Error = Infallible,
> + Clone {
    CallbackLayer::builder()
        .sdk_app_id(APP)
        .token(TOKEN)
        .clock(now)
        .build()
        .expect("layer")
        .layer(CommandRouter::new().on(moderate))
}

/// Drives a future that completes without waiting on IO.
fn complete<F: std::future::Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    for _ in 0..1000 {
        if let std::task::Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
    }
    panic!("the future kept waiting although nothing it needs is outside memory")
}

/// One request through the whole path: the response, its reply already rendered.
fn round_trip<S>(service: &S, request: Request<Full<Bytes>>) -> Response<CallbackBody<ReplyBody>>
where
    S: Service<
            Request<Full<Bytes>>,
            Response = Response<CallbackBody<ReplyBody>>,
            Error = Infallible,
        > + Clone,
{
    complete(service.clone().oneshot(request)).expect("infallible")
}

/// The reply of a request, as JSON (outside the timed part).
fn reply_of<S>(service: &S, request: Request<Full<Bytes>>) -> serde_json::Value
where
    S: Service<
            Request<Full<Bytes>>,
            Response = Response<CallbackBody<ReplyBody>>,
            Error = Infallible,
        > + Clone,
{
    let body = complete(round_trip(service, request).into_body().collect())
        .expect("in-memory body")
        .to_bytes();
    serde_json::from_slice(&body).expect("a JSON reply")
}

/// Allocations per request, averaged over many requests after a warm-up.
fn allocations_per_request(mut run: impl FnMut()) -> f64 {
    const ROUNDS: usize = 10_000;
    for _ in 0..100 {
        run();
    }
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    for _ in 0..ROUNDS {
        run();
    }
    (ALLOCATIONS.load(Ordering::Relaxed) - before) as f64 / ROUNDS as f64
}

/// Nanoseconds per run of each closure: the fastest of many batches, the closures taking
/// turns (request building included for the service paths, as it is cheap clones).
fn interleaved_fastest<const N: usize>(mut runs: [&mut dyn FnMut(); N]) -> [f64; N] {
    const BATCHES: usize = 300;
    const PER_BATCH: usize = 200;
    let mut fastest = [f64::INFINITY; N];
    for _ in 0..BATCHES {
        for (run, best) in runs.iter_mut().zip(&mut fastest) {
            let started = std::time::Instant::now();
            for _ in 0..PER_BATCH {
                run();
            }
            let per_run = started.elapsed().as_nanos() as f64 / PER_BATCH as f64;
            *best = best.min(per_run);
        }
    }
    fastest
}

fn benches(c: &mut Criterion) {
    let sample = samples::of(&Command::C2C_BEFORE_SEND_MSG).expect("sample");
    let rewrite = Template::new(sample);
    let allow = Template::new(sample.replace("red packet", "hello there"));
    let service = service();

    // Both paths must decide as intended, or the comparison means nothing.
    let reply = reply_of(&service, rewrite.request());
    assert_eq!(reply["MsgBody"][0]["MsgContent"]["Text"], "*** packet");
    let reply = reply_of(&service, allow.request());
    assert_eq!(reply["ErrorCode"], 0);
    assert!(reply.get("MsgBody").is_none());

    let floor = allocations_per_request(|| {
        black_box(serde_json::from_slice::<BeforeSendMsg>(&rewrite.body).unwrap());
    });
    let rewriting = allocations_per_request(|| {
        black_box(round_trip(&service, rewrite.request()));
    });
    let allowing = allocations_per_request(|| {
        black_box(round_trip(&service, allow.request()));
    });
    eprintln!(
        "allocations per request: (a) floor {floor:.1}; (b) layer + router + rewrite \
         {rewriting:.1}; (c) layer + router + allow {allowing:.1}"
    );

    // The machine this runs on is shared: the fastest of many short batches, run in turn,
    // is a steadier comparison than medians taken one after the other.
    let fastest = interleaved_fastest([
        &mut || {
            black_box(serde_json::from_slice::<BeforeSendMsg>(&rewrite.body).unwrap());
        },
        &mut || {
            black_box(round_trip(&service, rewrite.request()));
        },
        &mut || {
            black_box(round_trip(&service, allow.request()));
        },
    ]);
    eprintln!(
        "fastest of interleaved batches, per request: (a) {:.0} ns; (b) {:.0} ns = {:.2} x (a); \
         (c) {:.0} ns = {:.2} x (a)",
        fastest[0],
        fastest[1],
        fastest[1] / fastest[0],
        fastest[2],
        fastest[2] / fastest[0]
    );

    let mut group = c.benchmark_group("c2c_before_send_msg");
    group.bench_function("a_floor", |b| {
        b.iter(|| serde_json::from_slice::<BeforeSendMsg>(black_box(&rewrite.body)).unwrap())
    });
    group.bench_function("b_rewrite", |b| {
        b.iter_batched(
            || rewrite.request(),
            |request| round_trip(&service, request),
            BatchSize::SmallInput,
        )
    });
    group.bench_function("c_allow", |b| {
        b.iter_batched(
            || allow.request(),
            |request| round_trip(&service, request),
            BatchSize::SmallInput,
        )
    });
    group.finish();
}

criterion_group! {
    name = messages;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = benches
}
criterion_main!(messages);
