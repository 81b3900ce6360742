//! The cost of a group callback through the crate's whole path against its floor.
//!
//! ```text
//! cargo bench --bench groups -- --warm-up-time 1 --measurement-time 3
//! ```
//!
//! Body: `Group.CallbackAfterNewMemberJoin` with its `EventTime` as a string (as Tencent's
//! samples send it) and 50 new members.
//! - `a_floor`: `serde_json::from_slice` into the crate's `NewMemberJoin`, nothing else;
//! - `b_layer_oneshot`: the signed request through `CallbackLayer` + `CommandRouter` with a
//!   typed handler, via `oneshot`.
//!
//! Before the timings it prints the heap allocations per request of both, counted by a
//! counting global allocator, and checks that the request is accepted. Futures are polled
//! with a no-op waker: everything here is ready at once, so no executor's cost is measured.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use http::Request;
use http_body_util::Full;
use tencent_im_callback::group::NewMemberJoin;
use tencent_im_callback::sign::Token;
use tencent_im_callback::test_util::CallbackRequest;
use tencent_im_callback::{Callback, CallbackLayer, Command, CommandRouter};
use tower::{Layer, ServiceExt};

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
const MEMBERS: usize = 50;

fn now() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(NOW)
}

/// Tencent's sample shape with 50 members, pretty-printed as Tencent sends it.
fn body() -> String {
    let members: Vec<String> = (0..MEMBERS)
        .map(|i| {
            format!("        {{\n            \"Member_Account\": \"member_{i:04}\"\n        }}")
        })
        .collect();
    format!(
        "{{\n    \"CallbackCommand\": \"Group.CallbackAfterNewMemberJoin\",\n    \
         \"GroupId\" : \"@TGS#2J4SZEAEL\",\n    \"Type\": \"Public\",\n    \
         \"JoinType\": \"Apply\",\n    \"Operator_Account\": \"leckie\",\n    \
         \"NewMemberList\": [\n{}\n    ],\n    \"EventTime\":\"1670574414123\"\n}}\n",
        members.join(",\n")
    )
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
        let request = CallbackRequest::new(APP, Command::GROUP_AFTER_NEW_MEMBER_JOIN)
            .body(body())
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

fn service() -> tencent_im_callback::layer::CallbackService<CommandRouter> {
    let layer = CallbackLayer::builder()
        .sdk_app_id(APP)
        .token(TOKEN)
        .clock(now)
        .build()
        .expect("layer");
    layer.layer(
        CommandRouter::new().on(|cb: Callback<NewMemberJoin>| async move {
            black_box(cb.event().members().count());
        }),
    )
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

/// Allocations per run, averaged over many runs after a warm-up.
fn allocations_per_run(mut run: impl FnMut()) -> f64 {
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
    let service = service();

    // The request must be accepted and the body typed as expected, or nothing is measured.
    let response = complete(service.clone().oneshot(template.request())).expect("infallible");
    assert_eq!(response.status(), 200);
    let parsed: NewMemberJoin = serde_json::from_slice(&template.body).expect("body");
    assert_eq!(parsed.members().count(), MEMBERS);
    assert_eq!(parsed.event_time, Some(1_670_574_414_123));

    let floor = allocations_per_run(|| {
        black_box(serde_json::from_slice::<NewMemberJoin>(black_box(&template.body)).unwrap());
    });
    let layer = allocations_per_run(|| {
        complete(service.clone().oneshot(template.request())).unwrap();
    });
    eprintln!(
        "allocations per request ({MEMBERS} members, {} bytes): (a) floor {floor:.1}; \
         (b) layer + router {layer:.1}",
        template.body.len()
    );

    let mut group = c.benchmark_group("new_member_join");
    group.bench_function("a_floor", |b| {
        b.iter(|| serde_json::from_slice::<NewMemberJoin>(black_box(&template.body)).unwrap())
    });
    // The request is built outside the timed part: a server's HTTP layer builds it.
    group.bench_function("b_layer_oneshot", |b| {
        b.iter_batched(
            || template.request(),
            |request| complete(service.clone().oneshot(request)),
            BatchSize::SmallInput,
        )
    });
    group.finish();
}

criterion_group! {
    name = groups;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = benches
}
criterion_main!(groups);
