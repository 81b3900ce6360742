//! The cost of a signed TRTC event through the crate's layer, against its floor.
//!
//! ```text
//! cargo bench --bench trtc
//! ```
//!
//! All on Tencent's 103 (enter room) sample, signed with a callback key:
//! - `a_floor`: what any receiver must do, written by hand at its cheapest: decode the `Sign`
//!   header, HMAC-SHA256 the body (from a precomputed key schedule) and compare, then
//!   `serde_json::from_slice` into a plain `#[derive(Deserialize)]` struct of the envelope and
//!   the 103's fields;
//! - `b_layer_oneshot`: the request through `TrtcLayer` + `handler_fn`, via `oneshot`: header
//!   checks, body collection, the same HMAC, the lenient typed parse that keeps unknown fields,
//!   the replay window, the `TrtcCallback` in the extensions, the `{"code":0}` response;
//! - `c_envelope_parse` and `d_hmac_verify`: the layer's two main steps on their own.
//!
//! Heap allocations per request for (a) and (b) are counted by a counting global allocator
//! and printed before the timings. Requests are built outside the timed part and driven by
//! polling with a no-op waker: every future here is ready at once, so no executor's cost is
//! measured.

use std::alloc::{GlobalAlloc, Layout, System};
use std::convert::Infallible;
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use bytes::Bytes;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use hmac::{Hmac, KeyInit, Mac};
use http::{Request, Response};
use http_body_util::Full;
use serde::Deserialize;
use sha2::Sha256;
use tencent_im_callback::trtc::test_util::{samples, TrtcRequest};
use tencent_im_callback::trtc::{
    handler_fn, verify, CallbackKey, TrtcCallback, TrtcEnvelope, TrtcEvent, TrtcLayer,
    TrtcResponseBody,
};
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
const KEY: &str = "consoleKey";

/// The 103 sample as a plain serde struct: what a hand-written receiver would declare.
#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct PlainBody {
    event_group_id: u32,
    event_type: u32,
    callback_ts: u64,
    event_info: PlainEnterRoom,
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct PlainEnterRoom {
    room_id: u64,
    event_ts: u64,
    event_ms_ts: u64,
    user_id: String,
    role: u32,
    terminal_type: u32,
    user_type: u32,
    reason: u32,
}

/// The floor: decode `Sign`, HMAC the body, compare, parse.
fn floor(mac: &Hmac<Sha256>, sign: &[u8], body: &[u8]) -> PlainBody {
    let mut digest = [0u8; 48];
    let length = STANDARD.decode_slice(sign, &mut digest).unwrap();
    let mut mac = mac.clone();
    mac.update(body);
    mac.verify_slice(&digest[..length]).unwrap();
    serde_json::from_slice(body).unwrap()
}

/// The signed request, rebuilt per iteration from cheap clones.
#[derive(Clone)]
struct Template {
    body: Bytes,
    sign: http::HeaderValue,
}

impl Template {
    fn new() -> Self {
        let request =
            TrtcRequest::new(APP, samples::ENTER_ROOM).signed(&CallbackKey::new(KEY).unwrap());
        Template {
            sign: request.sign_value().unwrap().parse().unwrap(),
            body: request.body_bytes().clone(),
        }
    }

    fn request(&self) -> Request<Full<Bytes>> {
        let mut request = Request::new(Full::new(self.body.clone()));
        *request.method_mut() = http::Method::POST;
        *request.uri_mut() = http::Uri::from_static("/trtc");
        let headers = request.headers_mut();
        headers.insert("sdkappid", http::HeaderValue::from_static("1400000000"));
        headers.insert("sign", self.sign.clone());
        headers.insert(http::header::CONTENT_LENGTH, self.body.len().into());
        request
    }
}

fn crate_service() -> impl Service<
    Request<Full<Bytes>>,
    Response = Response<TrtcResponseBody<Full<Bytes>>>,
    Error = Infallible,
> + Clone {
    TrtcLayer::builder()
        .sdk_app_id(APP)
        .key(KEY)
        .clock(samples::clock(samples::ENTER_ROOM))
        .build()
        .unwrap()
        .layer(handler_fn(|cb: TrtcCallback<TrtcEvent>| async move {
            if let TrtcEvent::EnterRoom(entered) = cb.event() {
                black_box(&entered.user_id);
            }
        }))
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
    let mac = Hmac::<Sha256>::new_from_slice(KEY.as_bytes()).unwrap();
    let key = CallbackKey::new(KEY).unwrap();
    let sign = template.sign.as_bytes().to_vec();

    // Both paths must accept the request, or the comparison means nothing.
    let response = complete(service.clone().oneshot(template.request())).unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(floor(&mac, &sign, &template.body).event_info.room_id, 12345);

    let floor_allocations = allocations_per_request(|| {
        black_box(floor(&mac, &sign, &template.body));
    });
    let crate_allocations = allocations_per_request(|| {
        complete(service.clone().oneshot(template.request())).unwrap();
    });
    let building = allocations_per_request(|| {
        black_box(template.request());
    });
    eprintln!(
        "allocations per request: (a) floor {floor_allocations:.1}; \
         (b) TrtcLayer + handler_fn {:.1} (plus {building:.1} for building the request)",
        crate_allocations - building
    );

    let mut group = c.benchmark_group("trtc");
    group.bench_function("a_floor", |b| {
        b.iter(|| floor(&mac, black_box(&sign), black_box(&template.body)))
    });
    group.bench_function("b_layer_oneshot", |b| {
        b.iter_batched(
            || template.request(),
            |request| complete(service.clone().oneshot(request)),
            BatchSize::SmallInput,
        )
    });
    group.bench_function("c_envelope_parse", |b| {
        b.iter(|| TrtcEnvelope::parse(black_box(&template.body)).unwrap())
    });
    group.bench_function("d_hmac_verify", |b| {
        b.iter(|| verify([&key], black_box(&sign), black_box(&template.body)).unwrap())
    });
    group.finish();
}

criterion_group! {
    name = trtc;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    targets = benches
}
criterion_main!(trtc);
