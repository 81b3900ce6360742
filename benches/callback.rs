//! The cost of the crate's whole path against the floor and against a hand-written handler.
//!
//! ```text
//! cargo bench --bench callback -- --save-baseline plain
//! cargo bench --bench callback --features tracing -- --baseline plain   # (e): tracing on
//! ```
//!
//! Groups, all on Tencent's create-room sample:
//! - `a_floor`: `serde_json::from_slice` into the crate's `CreateRoom`, nothing else;
//! - `a2_plain_struct_floor`: the same into a plain `#[derive(Deserialize)]` struct of the
//!   create-room fields (a′): (a) − (a′) is what the crate's leniency costs;
//! - `b_layer_oneshot`: a signed request through `CallbackLayer` + `handler_fn`, via `oneshot`;
//! - `c_layer_in_axum`: the same inside an `axum::Router`;
//! - `d_handwritten_axum`: the common hand-written handler in the same kind of `axum::Router`.
//!
//! - `parts`: the query parse and the signature check alone.
//! - `floor`: the load targets' floor, by hand: `SdkAppid`, `Sign` (SHA-256) and the plain
//!   parse of (a′).
//! - `deadline` (with `--features deadline`): (b) inside a tokio runtime's context, without and
//!   with a `FallbackLayer` holding a deadline: the cost of the deadline on the fast path.
//!
//! The paths are defined once in `examples/baselines`, shared with the load targets
//! (`examples/load_target.rs`) and the instruction counts (`examples/per_request.rs`, run by
//! `scripts/callgrind.sh`).
//!
//! (e), the `tracing` feature compiled in with no subscriber installed, is the second command:
//! criterion reports each benchmark's change against the first run's baseline. Heap
//! allocations per request for (a), (a′), (b) and (d) are counted by a counting global
//! allocator and printed before the timings. Requests are driven by polling once with a no-op waker: every
//! future here is ready at once, so no executor's cost is measured.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::body::Body;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use http_body_util::Full;
use tencent_im_callback::query::CallbackQuery;
use tencent_im_callback::room::CreateRoom;
use tencent_im_callback::sign::{SignatureVerifier, Token};
use tower::ServiceExt;

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

// The paths compared, shared with the load targets and the instruction counts.
#[path = "../examples/baselines/mod.rs"]
mod baselines;

use baselines::{complete, fixed_now as now, Template, TOKEN};

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
    let service = baselines::crate_service(now);
    let crate_router = baselines::crate_router(now);
    let handwritten = baselines::handwritten_router();

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
    let floor_allocations = allocations_per_request(|| {
        black_box(serde_json::from_slice::<CreateRoom>(&template.body).unwrap());
    });
    let plain_allocations = allocations_per_request(|| {
        black_box(baselines::parse_plain_struct(&template.body));
    });
    eprintln!(
        "allocations per request: (a) crate struct parse {floor_allocations:.1}; \
         (a') plain struct parse {plain_allocations:.1}; \
         (b) crate layer + handler_fn {crate_allocations:.1}; \
         (d) hand-written axum handler {handwritten_allocations:.1}"
    );

    let mut group = c.benchmark_group("create_room");
    group.bench_function("a_floor", |b| {
        b.iter(|| serde_json::from_slice::<CreateRoom>(black_box(&template.body)).unwrap())
    });
    group.bench_function("a2_plain_struct_floor", |b| {
        b.iter(|| baselines::parse_plain_struct(black_box(&template.body)))
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

    // The floor of the load targets: app id, signature and plain parse, by hand.
    let mut group = c.benchmark_group("floor");
    group.bench_function("sign_and_plain_parse", |b| {
        b.iter(|| baselines::floor(black_box(&query_text), black_box(&template.body)).unwrap())
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
    use tencent_im_callback::{handler_fn, Callback, Event};
    use tower::Layer;

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("runtime");
    let _context = runtime.enter();
    let plain = baselines::crate_service(now);
    let with_deadline = baselines::layer(now).layer(
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
