//! The in-process paths of `benches/callback.rs`, timed in alternation: the ratios that
//! machine noise moves least.
//!
//! ```text
//! cargo bench --bench side_by_side                 # ROUNDS=300 BLOCK=500
//! ROUNDS=50 cargo bench --bench side_by_side       # a quick look
//! ```
//!
//! Criterion times one path for seconds, then the next; on a shared machine whose speed
//! drifts by tens of percent within a minute, two paths measured a minute apart are
//! compared at two different speeds. Here every round runs a block of `BLOCK` requests of
//! each path, one path after the other (a few milliseconds in all), and each path's time per
//! request is compared with (a)'s from the same round. A round's ratio is taken at one
//! machine speed; the median over the rounds is the figure, the quartiles its spread.
//!
//! The paths are `examples/baselines`, as in the criterion bench, the load targets and the
//! instruction counts: (a) the crate's `CreateRoom` parse, (a′) the plain struct, `floor`
//! (`SdkAppid` + `Sign` + the plain parse, by hand), (b) `CallbackLayer` + `handler_fn`, (c)
//! the same in an `axum::Router`, (d) the hand-written axum handler. Requests are built
//! before each block, outside its timing, and every response is dropped inside it.

use std::hint::black_box;
use std::time::{Duration, Instant};

use axum::body::Body;
use http_body_util::Full;
use tower::ServiceExt;

#[path = "../examples/baselines/mod.rs"]
mod baselines;

use baselines::{complete, fixed_now, Template};

/// The paths, in the order of each round.
const PATHS: [&str; 6] = ["a", "a2", "floor", "b", "c", "d"];

fn main() {
    let rounds = setting("ROUNDS", 300);
    let block = setting("BLOCK", 500);
    assert!(
        rounds > 0 && block > 0,
        "ROUNDS and BLOCK must be at least 1"
    );
    let template = Template::new();
    let body = template.body.clone();
    let query = template.query().to_owned();
    let service = baselines::crate_service(fixed_now);
    let crate_router = baselines::crate_router(fixed_now);
    let handwritten = baselines::handwritten_router();
    assert!(
        baselines::floor(&query, &body).is_ok(),
        "the floor refused the sample"
    );
    let accepted = complete(service.clone().oneshot(template.request(Full::new)));
    assert_eq!(accepted.map(|response| response.status()).unwrap(), 200);
    let accepted = complete(crate_router.clone().oneshot(template.request(Body::from)));
    assert_eq!(accepted.map(|response| response.status()).unwrap(), 200);

    // Nanoseconds per request, per path, per round.
    let mut times = vec![Vec::with_capacity(rounds); PATHS.len()];
    let mut full_requests = Vec::with_capacity(block);
    let mut axum_requests = Vec::with_capacity(block);
    for round in 0..=rounds {
        let mut round_times = [0.0; PATHS.len()];
        for (path, time) in round_times.iter_mut().enumerate() {
            full_requests.clear();
            axum_requests.clear();
            match PATHS[path] {
                "b" => full_requests.extend((0..block).map(|_| template.request(Full::new))),
                "c" | "d" => axum_requests.extend((0..block).map(|_| template.request(Body::from))),
                _ => {}
            }
            let start = Instant::now();
            match PATHS[path] {
                "a" => (0..block)
                    .for_each(|_| drop(black_box(baselines::parse_crate_struct(black_box(&body))))),
                "a2" => (0..block)
                    .for_each(|_| drop(black_box(baselines::parse_plain_struct(black_box(&body))))),
                "floor" => (0..block).for_each(|_| {
                    drop(black_box(baselines::floor(
                        black_box(&query),
                        black_box(&body),
                    )))
                }),
                "b" => full_requests.drain(..).for_each(|request| {
                    drop(black_box(complete(service.clone().oneshot(request))))
                }),
                "c" => axum_requests.drain(..).for_each(|request| {
                    drop(black_box(complete(crate_router.clone().oneshot(request))))
                }),
                _ => axum_requests.drain(..).for_each(|request| {
                    drop(black_box(complete(handwritten.clone().oneshot(request))))
                }),
            }
            *time = nanos(start.elapsed()) / block as f64;
        }
        // Round 0 warms caches and the allocator up; it is not counted.
        if round > 0 {
            for (path, time) in round_times.into_iter().enumerate() {
                times[path].push(time);
            }
        }
    }

    println!("{rounds} rounds of {block} requests per path, in alternation");
    println!(
        "{:<8} {:>14} {:>24} {:>24}",
        "path", "ns/request", "÷ (a), median (IQR)", "÷ floor, median (IQR)"
    );
    let floor = PATHS
        .iter()
        .position(|path| *path == "floor")
        .expect("a path");
    for (path, name) in PATHS.iter().enumerate() {
        println!(
            "{name:<8} {:>14.0} {:>24} {:>24}",
            quartiles(times[path].clone())[1],
            spread(ratios(&times[path], &times[0])),
            spread(ratios(&times[path], &times[floor])),
        );
    }
}

fn setting(name: &str, default: usize) -> usize {
    match std::env::var(name) {
        Ok(value) => value
            .parse()
            .unwrap_or_else(|_| panic!("{name} must be a whole number, not {value:?}")),
        Err(_) => default,
    }
}

fn nanos(elapsed: Duration) -> f64 {
    elapsed.as_secs_f64() * 1e9
}

/// Round by round, `path`'s time over `base`'s.
fn ratios(path: &[f64], base: &[f64]) -> Vec<f64> {
    path.iter()
        .zip(base)
        .map(|(path, base)| path / base)
        .collect()
}

/// The first quartile, the median and the third quartile.
fn quartiles(mut values: Vec<f64>) -> [f64; 3] {
    values.sort_by(f64::total_cmp);
    let at = |fraction: f64| values[((values.len() - 1) as f64 * fraction).round() as usize];
    [at(0.25), at(0.5), at(0.75)]
}

fn spread(values: Vec<f64>) -> String {
    let [low, median, high] = quartiles(values);
    format!("{median:.2} ({low:.2}–{high:.2})")
}
