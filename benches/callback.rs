//! The cost of the crate's whole path against the floor and against a hand-written handler.
//!
//! ```text
//! cargo bench --bench callback -- --save-baseline plain
//! cargo bench --bench callback --features tracing -- --baseline plain   # (e): tracing on
//! ```
//!
//! Groups, all on Tencent's create-room sample:
//! - `a_floor`: `serde_json::from_slice` into the crate's `CreateRoom`, nothing else;
//! - `b_layer_oneshot`: a signed request through `CallbackLayer` + `handler_fn`, via `oneshot`;
//! - `c_layer_in_axum`: the same inside an `axum::Router`;
//! - `d_handwritten_axum`: the common hand-written handler in the same kind of `axum::Router`.
//!
//! - `parts`: the query parse and the signature check alone.
//! - `deadline` (with `--features deadline`): (b) inside a tokio runtime's context, without and
//!   with a `FallbackLayer` holding a deadline: the cost of the deadline on the fast path.
//!
//! (e), the `tracing` feature compiled in with no subscriber installed, is the second command:
//! criterion reports each benchmark's change against the first run's baseline. Heap
//! allocations per request for (b) and (d) are counted by a counting global allocator and
//! printed before the timings. Requests are driven by polling once with a no-op waker: every
//! future here is ready at once, so no executor's cost is measured.

use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::HashMap;
use std::convert::Infallible;
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::body::{Body, Bytes};
use axum::extract::Query;
use axum::routing::post;
use axum::{Json, Router};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use http::{Request, Response};
use http_body_util::Full;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use tencent_im_callback::query::CallbackQuery;
use tencent_im_callback::room::CreateRoom;
use tencent_im_callback::sign::{SignatureVerifier, Token};
use tencent_im_callback::test_util::{samples, CallbackRequest};
use tencent_im_callback::{handler_fn, Callback, CallbackLayer, Command, Event};
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
    fn new() -> Self {
        let token = Token::new(TOKEN).expect("token");
        let request = CallbackRequest::new(APP, Command::ROOM_AFTER_CREATE_ROOM)
            .body(samples::CREATE_ROOM)
            .signed(&token, NOW);
        Template {
            uri: request.uri().parse().expect("uri"),
            body: request.body_bytes().clone(),
        }
    }

    fn request<B>(&self, body: impl FnOnce(Bytes) -> B) -> Request<B> {
        let mut request = Request::new(body(self.body.clone()));
        *request.method_mut() = http::Method::POST;
        *request.uri_mut() = self.uri.clone();
        request
    }
}

fn layer() -> CallbackLayer {
    CallbackLayer::builder()
        .sdk_app_id(APP)
        .token(TOKEN)
        .clock(now)
        .build()
        .expect("layer")
}

fn crate_service() -> impl Service<
    Request<Full<Bytes>>,
    Response = Response<
        tencent_im_callback::layer::CallbackBody<tencent_im_callback::response::ReplyBody>,
    >,
    Error = Infallible,
> + Clone {
    layer().layer(handler_fn(|cb: Callback<Event>| async move {
        if let Event::RoomAfterCreateRoom(created) = cb.event() {
            black_box(&created.room_info.room_id);
        }
    }))
}

async fn crate_axum_handler(cb: Callback<Event>) -> tencent_im_callback::Reply {
    if let Event::RoomAfterCreateRoom(created) = cb.event() {
        black_box(&created.room_info.room_id);
    }
    tencent_im_callback::Reply::ok()
}

fn crate_router() -> Router {
    Router::new()
        .route("/callback", post(crate_axum_handler))
        .route_layer(layer())
}

/// How teams write it today.
async fn handwritten(Query(query): Query<HashMap<String, String>>, body: Bytes) -> Json<Value> {
    let fail = |code: i64, info: &str| {
        Json(json!({"ActionStatus": "FAIL", "ErrorInfo": info, "ErrorCode": code}))
    };
    if query.get("SdkAppid").map(String::as_str) != Some("1400000000") {
        return fail(1, "wrong SdkAppid");
    }
    let Some(command) = query.get("CallbackCommand") else {
        return fail(2, "no command");
    };
    let (Some(sign), Some(time)) = (query.get("Sign"), query.get("RequestTime")) else {
        return fail(3, "unsigned");
    };
    let expected = hex::encode(Sha256::digest(format!("{TOKEN}{time}")));
    if &expected != sign {
        return fail(4, "bad sign");
    }
    let Ok(event) = serde_json::from_slice::<Value>(&body) else {
        return fail(5, "bad body");
    };
    if command == "Room.CallbackAfterCreateRoom" {
        black_box(event["RoomInfo"]["RoomId"].as_str());
    }
    Json(json!({"ActionStatus": "OK", "ErrorInfo": "", "ErrorCode": 0}))
}

fn handwritten_router() -> Router {
    Router::new().route("/callback", post(handwritten))
}

/// Drives a future that completes without waiting on IO (all of these do: the bodies are in
/// memory), so no executor's cost is added to what is measured.
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

fn benches(c: &mut Criterion) {
    let template = Template::new();
    let service = crate_service();
    let crate_router = crate_router();
    let handwritten = handwritten_router();

    // Every path must accept the request, or the comparison means nothing.
    for response in [
        complete(service.clone().oneshot(template.request(Full::new))).map(|r| r.status()),
        complete(crate_router.clone().oneshot(template.request(Body::from))).map(|r| r.status()),
        complete(handwritten.clone().oneshot(template.request(Body::from))).map(|r| r.status()),
    ] {
        assert_eq!(response.unwrap(), 200);
    }

    let crate_allocations = allocations_per_request(|| {
        complete(service.clone().oneshot(template.request(Full::new))).unwrap();
    });
    let handwritten_allocations = allocations_per_request(|| {
        complete(handwritten.clone().oneshot(template.request(Body::from))).unwrap();
    });
    eprintln!(
        "allocations per request: (b) crate layer + handler_fn {crate_allocations:.1}; \
         (d) hand-written axum handler {handwritten_allocations:.1}"
    );

    let mut group = c.benchmark_group("create_room");
    group.bench_function("a_floor", |b| {
        b.iter(|| serde_json::from_slice::<CreateRoom>(black_box(&template.body)).unwrap())
    });
    // The request is built outside the timed part: a server's HTTP layer builds it.
    group.bench_function("b_layer_oneshot", |b| {
        b.iter_batched(
            || template.request(Full::new),
            |request| complete(service.clone().oneshot(request)),
            BatchSize::SmallInput,
        )
    });
    group.bench_function("c_layer_in_axum", |b| {
        b.iter_batched(
            || template.request(Body::from),
            |request| complete(crate_router.clone().oneshot(request)),
            BatchSize::SmallInput,
        )
    });
    group.bench_function("d_handwritten_axum", |b| {
        b.iter_batched(
            || template.request(Body::from),
            |request| complete(handwritten.clone().oneshot(request)),
            BatchSize::SmallInput,
        )
    });
    group.finish();

    // Where (b) spends its time beyond the parse: the two steps before the body is read.
    let mut group = c.benchmark_group("parts");
    let query_text = template.uri.query().unwrap_or_default().to_owned();
    let query = CallbackQuery::parse(&query_text).unwrap();
    let verifier = SignatureVerifier::with_tokens([Token::new(TOKEN).unwrap()]).unwrap();
    group.bench_function("query_parse", |b| {
        b.iter(|| CallbackQuery::parse(black_box(&query_text)).unwrap())
    });
    group.bench_function("signature_verify", |b| {
        b.iter(|| verifier.verify(black_box(&query), now()).unwrap())
    });
    group.finish();

    #[cfg(feature = "deadline")]
    deadline(c, &template);
}

/// (b) with and without a deadline, side by side, in a runtime's context so that the
/// deadline is armed; the handler answers at once, as most do.
#[cfg(feature = "deadline")]
fn deadline(c: &mut Criterion, template: &Template) {
    use tencent_im_callback::handler::FallbackLayer;

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("runtime");
    let _context = runtime.enter();
    let plain = crate_service();
    let with_deadline = layer().layer(
        FallbackLayer::builder()
            .deadline(Duration::from_millis(1500))
            .build()
            .layer(handler_fn(|cb: Callback<Event>| async move {
                if let Event::RoomAfterCreateRoom(created) = cb.event() {
                    black_box(&created.room_info.room_id);
                }
            })),
    );
    let allocations = allocations_per_request(|| {
        complete(with_deadline.clone().oneshot(template.request(Full::new))).unwrap();
    });
    eprintln!("allocations per request: (b) with a deadline {allocations:.1}");
    let mut group = c.benchmark_group("deadline");
    group.bench_function("b_without", |b| {
        b.iter_batched(
            || template.request(Full::new),
            |request| complete(plain.clone().oneshot(request)),
            BatchSize::SmallInput,
        )
    });
    group.bench_function("b_with_deadline", |b| {
        b.iter_batched(
            || template.request(Full::new),
            |request| complete(with_deadline.clone().oneshot(request)),
            BatchSize::SmallInput,
        )
    });
    group.finish();
}

criterion_group! {
    name = callback;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    targets = benches
}
criterion_main!(callback);
