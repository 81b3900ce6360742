//! Both Tencent callback families on one axum app: the IM envelope (TUIRoomKit's `Room.*`
//! and `Mic.*`, any IM command) on `POST /callback`, and TRTC's event callbacks (rooms,
//! media, recording, relay…) on `POST /trtc`.
//!
//! ```text
//! TIM_SDKAPPID=1400000000 TIM_CALLBACK_TOKEN=console-token TRTC_CALLBACK_KEY=consoleKey \
//!     TIM_BIND=127.0.0.1:8080 cargo run --example both_families
//! ```
//!
//! Environment:
//!
//! - `TIM_SDKAPPID`: your app's SDKAppID (default `1400000000`, a demo value);
//! - `TIM_CALLBACK_TOKEN`: the IM callback-authentication token; unset, IM callbacks need no
//!   signature;
//! - `TRTC_CALLBACK_KEY`: the TRTC console's callback key; unset, TRTC callbacks are accepted
//!   unsigned (said so on stderr);
//! - `TIM_BIND`: the address to listen on (default `127.0.0.1:8080`).
//!
//! The two families differ in everything but the app id: the IM layer reads the query and
//! answers `{"ActionStatus":"OK",…}`, the TRTC layer reads the `SdkAppId` and `Sign` headers,
//! verifies an HMAC over the body and answers `{"code":0}`. Each route has its own layer
//! (`route_layer`), so each URL accepts only its own family. Every accepted callback goes to
//! a queue as one JSON line and is answered at once; a background task prints the lines.

use std::net::SocketAddr;
use std::process::ExitCode;

use axum::extract::State;
use axum::routing::post;
use axum::Router;
use tencent_im_callback::trtc::{TrtcAck, TrtcCallback, TrtcEvent, TrtcLayer};
use tencent_im_callback::{Callback, CallbackLayer, Event, Reply};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

const DEMO_APP_ID: u64 = 1400000000;
const DEFAULT_BIND: &str = "127.0.0.1:8080";

/// What the app is configured with.
pub struct Settings {
    /// The SDKAppID both families must carry.
    pub app_id: u64,
    /// The IM callback token, if IM callbacks are signed.
    pub token: Option<String>,
    /// The TRTC callback key, if TRTC callbacks are signed.
    pub trtc_key: Option<String>,
}

impl Settings {
    fn from_env() -> Result<(Settings, SocketAddr), String> {
        let read = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
        let app_id = match read("TIM_SDKAPPID") {
            Some(text) => text
                .trim()
                .parse()
                .map_err(|_| format!("TIM_SDKAPPID must be a number, not {text:?}"))?,
            None => DEMO_APP_ID,
        };
        let bind = read("TIM_BIND").unwrap_or_else(|| DEFAULT_BIND.to_owned());
        let bind = bind
            .parse()
            .map_err(|_| format!("TIM_BIND must be an address and port, not {bind:?}"))?;
        let settings = Settings {
            app_id,
            token: read("TIM_CALLBACK_TOKEN"),
            trtc_key: read("TRTC_CALLBACK_KEY"),
        };
        Ok((settings, bind))
    }
}

/// Where accepted callbacks go, one JSON line each.
pub type Queue = mpsc::Sender<String>;

/// Lines waiting for the printer; when full, callbacks are refused (and Tencent retries)
/// rather than queued without bound.
pub const QUEUE_CAPACITY: usize = 1024;

/// The app: `/callback` for the IM family, `/trtc` for TRTC events.
pub fn app(settings: &Settings, queue: Queue) -> Result<Router, String> {
    let mut im = CallbackLayer::builder().sdk_app_id(settings.app_id);
    if let Some(token) = &settings.token {
        im = im.token(token);
    }
    let im = im
        .build()
        .map_err(|error| format!("IM settings: {error}"))?;

    let trtc = TrtcLayer::builder().sdk_app_id(settings.app_id);
    let trtc = match &settings.trtc_key {
        Some(key) => trtc.key(key),
        None => {
            eprintln!("TRTC_CALLBACK_KEY is not set: TRTC callbacks are accepted unsigned");
            trtc.unsigned()
        }
    };
    let trtc = trtc
        .build()
        .map_err(|error| format!("TRTC settings: {error}"))?;

    let im_routes = Router::new()
        .route("/callback", post(on_im_callback))
        .route_layer(im);
    let trtc_routes = Router::new()
        .route("/trtc", post(on_trtc_event))
        .route_layer(trtc);
    Ok(im_routes.merge(trtc_routes).with_state(queue))
}

async fn on_im_callback(State(queue): State<Queue>, callback: Callback<Event>) -> Reply {
    // A callback always serialises; a full or closed queue means the server is overloaded or
    // stopping.
    match serde_json::to_string(&callback) {
        Ok(line) if queue.try_send(format!("im {line}")).is_ok() => Reply::ok(),
        _ => Reply::fail(1, "busy: the work queue is full"),
    }
}

async fn on_trtc_event(
    State(queue): State<Queue>,
    callback: TrtcCallback<TrtcEvent>,
) -> Result<TrtcAck, (http::StatusCode, &'static str)> {
    let line = serde_json::json!({
        "event": callback.event().name(),
        "idempotency_key": callback.idempotency_key(),
        "callback": callback,
    });
    // Anything but a 200 makes Tencent retry, which is what a busy server wants.
    queue
        .try_send(format!("trtc {line}"))
        .map(|()| TrtcAck)
        .map_err(|_| {
            (
                http::StatusCode::SERVICE_UNAVAILABLE,
                "busy: the work queue is full",
            )
        })
}

#[tokio::main]
async fn main() -> ExitCode {
    let (settings, bind) = match Settings::from_env() {
        Ok(found) => found,
        Err(message) => {
            eprintln!("both_families: {message}");
            return ExitCode::FAILURE;
        }
    };
    let (queue, mut lines) = mpsc::channel(QUEUE_CAPACITY);
    let app = match app(&settings, queue) {
        Ok(app) => app,
        Err(message) => {
            eprintln!("both_families: {message}");
            return ExitCode::FAILURE;
        }
    };
    tokio::spawn(async move {
        while let Some(line) = lines.recv().await {
            println!("{line}");
        }
    });
    let listener = match TcpListener::bind(bind).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("both_families: cannot listen on {bind}: {error}");
            return ExitCode::FAILURE;
        }
    };
    eprintln!("listening on http://{bind}: POST /callback (IM), POST /trtc (TRTC)");
    match axum::serve(listener, app).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("both_families: {error}");
            ExitCode::FAILURE
        }
    }
}
