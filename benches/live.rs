//! The gift before-callback (`Live.CallbackBeforeSendGift`) through the crate, against its
//! floor.
//!
//! ```text
//! cargo bench --bench live -- --warm-up-time 1 --measurement-time 3
//! ```
//!
//! Groups, all on Tencent's gift sample, signed:
//! - `a_floor`: `serde_json::from_slice` into the crate's `BeforeSendGift`, nothing else;
//! - `b_layer_router`: the request through `CallbackLayer` and a `CommandRouter` whose typed
//!   handler reads the gift and returns a `SendGiftReply`, via `oneshot`, the reply body
//!   read;
//! - `c_layer_handler_fn`: the same with `handler_fn` instead of the router;
//! - `send_gift_parts/event_parse`: `Event::parse` of the body, the body's share of the
//!   layer's work (the typed parse and the check of the body's `CallbackCommand`).
//!
//! Heap allocations per request are counted by a counting global allocator, and the ratio of
//! (b) and (c) to (a) is measured in alternating batches (robust to a shared machine's
//! changing load); both are printed before the timings. Requests are built outside the timed part and driven by polling with a no-op
//! waker: every future here is ready at once, so no executor's cost is measured.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant, UNIX_EPOCH};

use bytes::Bytes;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use http::Request;
use http_body::Body;
use http_body_util::Full;
use tencent_im_callback::live::{BeforeSendGift, SendGiftReply};
use tencent_im_callback::sign::Token;
use tencent_im_callback::test_util::{samples, CallbackRequest};
use tencent_im_callback::{handler_fn, Callback, CallbackLayer, Command, CommandRouter, Event};
use tower::{Layer, Service, ServiceExt};

/// Counts allocations and reallocations; frees are not counted.
struct CountingAllocator;

static ALLOCATED: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATED.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATED.fetch_add(1, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

const APP: u64 = 1400000000;
const TOKEN: &str = "console-token";
const NOW: u64 = 1_703_589_922;

/// The signed gift request; each iteration gets its own from cheap clones.
#[derive(Clone)]
struct GiftRequest {
    uri: http::Uri,
    body: Bytes,
}

impl GiftRequest {
    fn new() -> GiftRequest {
        let token = Token::new(TOKEN).expect("token");
        let body = samples::of(&Command::LIVE_BEFORE_SEND_GIFT).expect("the gift sample");
        let request = CallbackRequest::new(APP, Command::LIVE_BEFORE_SEND_GIFT)
            .body(body)
            .signed(&token, NOW);
        GiftRequest {
            uri: request.uri().parse().expect("uri"),
            body: request.body_bytes().clone(),
        }
    }

    fn build(&self) -> Request<Full<Bytes>> {
        let mut request = Request::new(Full::new(self.body.clone()));
        *request.method_mut() = http::Method::POST;
        *request.uri_mut() = self.uri.clone();
        request
    }
}

fn layer() -> CallbackLayer {
    CallbackLayer::builder()
        .sdk_app_id(APP)
        .token(TOKEN)
        .clock(|| UNIX_EPOCH + Duration::from_secs(NOW))
        .build()
        .expect("layer")
}

/// What a gift handler does at the least: look at the gift, decide, reply.
fn decide(gift: &BeforeSendGift) -> SendGiftReply {
    if black_box(gift.gift_water.coins) > Some(1_000_000) {
        SendGiftReply::Reject
    } else {
        SendGiftReply::Allow
    }
}

/// Polls a future that never waits until it is ready.
fn complete<F: std::future::Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
    }
}

/// Sends one request and reads the whole reply, as a server would before writing it out.
fn round_trip<S, B>(service: &S, request: Request<Full<Bytes>>) -> usize
where
    S: Service<Request<Full<Bytes>>, Response = http::Response<B>> + Clone,
    S::Error: std::fmt::Debug,
    B: Body<Data = Bytes>,
    B::Error: std::fmt::Debug,
{
    let response = complete(service.clone().oneshot(request)).expect("a response");
    assert_eq!(response.status(), 200);
    let mut body = std::pin::pin!(response.into_body());
    let mut cx = Context::from_waker(Waker::noop());
    let mut length = 0;
    while let Poll::Ready(Some(frame)) = body.as_mut().poll_frame(&mut cx) {
        if let Ok(data) = frame.expect("a frame").into_data() {
            length += data.len();
        }
    }
    length
}

/// Allocations per call of `run`, averaged after a warm-up.
fn allocations(mut run: impl FnMut()) -> f64 {
    const CALLS: usize = 10_000;
    for _ in 0..100 {
        run();
    }
    let before = ALLOCATED.load(Ordering::Relaxed);
    for _ in 0..CALLS {
        run();
    }
    (ALLOCATED.load(Ordering::Relaxed) - before) as f64 / CALLS as f64
}

/// The cost of `path` per request over the floor's, measured in alternating batches so that
/// both see the same load on a shared machine: the median of the rounds' ratios.
fn paired_ratio<S, B>(gift: &GiftRequest, service: &S) -> f64
where
    S: Service<Request<Full<Bytes>>, Response = http::Response<B>> + Clone,
    S::Error: std::fmt::Debug,
    B: Body<Data = Bytes>,
    B::Error: std::fmt::Debug,
{
    const ROUNDS: usize = 101;
    const BATCH: usize = 500;
    let mut ratios = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        let requests: Vec<_> = (0..BATCH).map(|_| gift.build()).collect();
        let started = Instant::now();
        for _ in 0..BATCH {
            black_box(serde_json::from_slice::<BeforeSendGift>(black_box(&gift.body)).unwrap());
        }
        let floor = started.elapsed();
        let started = Instant::now();
        for request in requests {
            black_box(round_trip(service, request));
        }
        ratios.push(started.elapsed().as_secs_f64() / floor.as_secs_f64());
    }
    ratios.sort_by(f64::total_cmp);
    ratios[ROUNDS / 2]
}

fn benches(c: &mut Criterion) {
    let gift = GiftRequest::new();
    let router = layer().layer(
        CommandRouter::new().on(|cb: Callback<BeforeSendGift>| async move { decide(cb.event()) }),
    );
    let handler = layer().layer(handler_fn(|cb: Callback<BeforeSendGift>| async move {
        decide(cb.event())
    }));

    // Both paths must accept the gift and allow it, or the comparison means nothing.
    let allowed = br#"{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}"#.len();
    assert_eq!(round_trip(&router, gift.build()), allowed);
    assert_eq!(round_trip(&handler, gift.build()), allowed);

    let floor = allocations(|| {
        black_box(serde_json::from_slice::<BeforeSendGift>(&gift.body).unwrap());
    });
    let through_router = allocations(|| {
        black_box(round_trip(&router, gift.build()));
    });
    let through_handler = allocations(|| {
        black_box(round_trip(&handler, gift.build()));
    });
    eprintln!(
        "allocations per request: (a) floor {floor:.1}; (b) layer + CommandRouter \
         {through_router:.1}; (c) layer + handler_fn {through_handler:.1} \
         (b and c include building the request: 1 allocation for its body)"
    );

    eprintln!(
        "time per request over the floor's, paired batches (median of 101 rounds): \
         (b) {:.2} ×; (c) {:.2} ×",
        paired_ratio(&gift, &router),
        paired_ratio(&gift, &handler)
    );

    let mut group = c.benchmark_group("send_gift");
    group.bench_function("a_floor", |b| {
        b.iter(|| serde_json::from_slice::<BeforeSendGift>(black_box(&gift.body)).unwrap())
    });
    group.bench_function("b_layer_router", |b| {
        b.iter_batched(
            || gift.build(),
            |request| round_trip(&router, request),
            BatchSize::SmallInput,
        )
    });
    group.bench_function("c_layer_handler_fn", |b| {
        b.iter_batched(
            || gift.build(),
            |request| round_trip(&handler, request),
            BatchSize::SmallInput,
        )
    });
    group.finish();

    // Where (b) and (c) spend their time beyond the floor: the body as the layer reads it
    // (the typed parse plus the check of the body's own `CallbackCommand`).
    let mut group = c.benchmark_group("send_gift_parts");
    group.bench_function("event_parse", |b| {
        b.iter(|| Event::parse(&Command::LIVE_BEFORE_SEND_GIFT, black_box(&gift.body)).unwrap())
    });
    group.finish();
}

criterion_group! {
    name = live;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = benches
}
criterion_main!(live);
