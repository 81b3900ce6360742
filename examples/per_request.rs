//! Runs one of the benchmarked paths N times on the signed create-room sample, for counting
//! instructions with callgrind (`scripts/callgrind.sh`), which runs it with N and 2N and
//! takes the difference: instructions per request, a figure machine noise does not move.
//!
//! ```text
//! cargo run --release --example per_request -- MODE N
//! ```
//!
//! Modes (the code is `examples/baselines`, the same the criterion bench and the load
//! targets run):
//!
//! - `a`: `serde_json::from_slice` into the crate's `CreateRoom` alone;
//! - `a2`: the same into a plain `#[derive(Deserialize)]` struct of the same fields;
//! - `floor`: the floor's whole work: `SdkAppid`, `Sign` (SHA-256) and the plain parse;
//! - `b`: a signed request through `CallbackLayer` + `handler_fn`, via `oneshot`;
//! - `c`: the same inside an `axum::Router`;
//! - `d`: the hand-written axum handler in an `axum::Router`;
//! - `query`: `CallbackQuery::parse` of the signed request's query alone, a part of (b).
//!
//! Each request goes through [`measured`], a function that is never inlined, so that
//! `valgrind --tool=callgrind --toggle-collect='*per_request::measured*'` counts what it
//! does and not the building of the request (which a server's HTTP layer does, and which the
//! criterion bench leaves out of its timings too). What the path returns is dropped inside
//! it: freeing the event and the response is part of the work.

use std::hint::black_box;
use std::process::ExitCode;

use axum::body::Body;
use http_body_util::Full;
use tencent_im_callback::query::CallbackQuery;
use tower::ServiceExt;

mod baselines;

use baselines::{complete, fixed_now, Template};

/// One request: what callgrind counts.
#[inline(never)]
fn measured<R>(work: impl FnOnce() -> R) {
    drop(black_box(work()));
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(mode), Some(Ok(count))) = (args.next(), args.next().map(|n| n.parse::<u64>())) else {
        eprintln!("usage: per_request a|a2|floor|b|c|d|query ITERATIONS");
        return ExitCode::FAILURE;
    };
    let template = Template::new();
    let body = template.body.clone();
    let query = template.query().to_owned();
    let service = baselines::crate_service(fixed_now);
    let crate_router = baselines::crate_router(fixed_now);
    let handwritten = baselines::handwritten_router();

    // Every path must accept the request, or the count means nothing.
    let accepted = match mode.as_str() {
        "a" | "a2" => true,
        "query" => CallbackQuery::parse(&query).is_ok(),
        "floor" => baselines::floor(&query, &body).is_ok(),
        "b" => complete(service.clone().oneshot(template.request(Full::new)))
            .is_ok_and(|response| response.status() == 200),
        "c" => complete(crate_router.clone().oneshot(template.request(Body::from)))
            .is_ok_and(|response| response.status() == 200),
        // (d) answers its FAIL replies with 200: read the reply (its keys come sorted).
        "d" => {
            let response = complete(handwritten.clone().oneshot(template.request(Body::from)));
            let bytes = complete(http_body_util::BodyExt::collect(
                response.expect("infallible").into_body(),
            ))
            .expect("in memory")
            .to_bytes();
            bytes.starts_with(br#"{"ActionStatus":"OK","#)
        }
        other => {
            eprintln!("unknown mode {other:?}: a, a2, floor, b, c, d or query");
            return ExitCode::FAILURE;
        }
    };
    if !accepted {
        eprintln!("mode {mode}: the signed sample was refused");
        return ExitCode::FAILURE;
    }

    for _ in 0..count {
        match mode.as_str() {
            "a" => measured(|| baselines::parse_crate_struct(black_box(&body))),
            "a2" => measured(|| baselines::parse_plain_struct(black_box(&body))),
            "floor" => measured(|| baselines::floor(black_box(&query), black_box(&body))),
            "query" => measured(|| CallbackQuery::parse(black_box(&query))),
            "b" => {
                let request = template.request(Full::new);
                measured(|| complete(service.clone().oneshot(request)));
            }
            "c" => {
                let request = template.request(Body::from);
                measured(|| complete(crate_router.clone().oneshot(request)));
            }
            _ => {
                let request = template.request(Body::from);
                measured(|| complete(handwritten.clone().oneshot(request)));
            }
        }
    }
    ExitCode::SUCCESS
}
