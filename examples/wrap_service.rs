//! Put an existing tower service, written without this crate in mind, behind
//! [`CallbackLayer`].
//!
//! ```text
//! cargo run --example wrap_service --features test-util
//! ```
//!
//! The service below is an ordinary `tower::service_fn` from `http::Request` to
//! `http::Response`. Behind the layer it receives only verified callbacks, each with the same
//! headers, URI and body bytes Tencent sent plus a typed `Callback<Event>` in the request
//! extensions, which it reads itself. Requests the layer refuses never reach it.
//!
//! The program builds the stack, drives Tencent's sample callbacks and one forged request
//! through it with `tower::ServiceExt::oneshot`, prints what happened, and exits 0 when
//! everything went as described.

use std::convert::Infallible;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http::{header, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full};
use tencent_im_callback::layer::CallbackBody;
use tencent_im_callback::sign::Token;
use tencent_im_callback::test_util::{samples, CallbackRequest};
use tencent_im_callback::{Callback, CallbackLayer, Command, Event, Reply};
use tower::{Layer, Service, ServiceExt};

const APP_ID: u64 = 1400000000;
const TOKEN: &str = "console-token";

/// How many callbacks the existing service has seen.
static SEEN: AtomicUsize = AtomicUsize::new(0);

/// The existing service: plain `http` types in and out. It reads the verified callback from
/// the request extensions, reads the body as it always did, and answers with Tencent's reply.
async fn existing_service(
    request: Request<Full<Bytes>>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let Some(callback) = request.extensions().get::<Callback<Event>>().cloned() else {
        // Mounted somewhere without the layer: refuse rather than trust the request.
        let mut response = Response::new(Full::new(Bytes::from_static(b"no callback")));
        *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
        return Ok(response);
    };
    SEEN.fetch_add(1, Ordering::SeqCst);
    let path = request.uri().path().to_owned();
    // The body is still there, byte for byte as Tencent sent it.
    let Ok(body) = request.into_body().collect().await;
    println!(
        "  the service saw {} on {path}: {} body bytes, typed as {}",
        callback.command(),
        body.to_bytes().len(),
        variant(callback.event()),
    );
    let mut response = Response::new(Full::new(Bytes::from(Reply::ok().to_json())));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("application/json"),
    );
    Ok(response)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("wrap_service: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), String> {
    let layer = CallbackLayer::builder()
        .sdk_app_id(APP_ID)
        .token(TOKEN)
        .build()
        .map_err(|error| format!("the layer's settings: {error}"))?;
    let service = layer.layer(tower::service_fn(existing_service));

    let token = Token::new(TOKEN).map_err(|error| error.to_string())?;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_err(|_| "the system clock is before 1970".to_owned())?
        .as_secs();

    let all = samples::all();
    for (command, body) in all.clone() {
        let request = CallbackRequest::new(APP_ID, command)
            .body(body)
            .signed(&token, now)
            .build();
        let (status, reply) = call(&service, request).await;
        println!("{status} {reply}");
        if status != StatusCode::OK {
            return Err(format!("a signed sample was refused: {status} {reply}"));
        }
    }

    // A forged callback: the right app id, a signature made with another token.
    let forger = Token::new("guessed").map_err(|error| error.to_string())?;
    let request = CallbackRequest::new(APP_ID, Command::ROOM_AFTER_DESTROY_ROOM)
        .body(samples::DESTROY_ROOM)
        .signed(&forger, now)
        .build();
    let (status, reply) = call(&service, request).await;
    println!("forged: {status} {reply}");
    if status != StatusCode::UNAUTHORIZED {
        return Err(format!(
            "the forged callback was not refused: {status} {reply}"
        ));
    }

    let seen = SEEN.load(Ordering::SeqCst);
    println!(
        "the service saw {seen} callbacks out of {} requests",
        all.len() + 1
    );
    if seen != all.len() {
        return Err(format!(
            "expected the service to see {} callbacks",
            all.len()
        ));
    }
    Ok(())
}

/// Sends one request through the stack; gives the status and the body as text.
async fn call<S>(service: &S, request: Request<Full<Bytes>>) -> (StatusCode, String)
where
    S: Service<
            Request<Full<Bytes>>,
            Response = Response<CallbackBody<Full<Bytes>>>,
            Error = Infallible,
        > + Clone,
{
    // The layer's error type is the inner service's: `Infallible` here, so no error to handle.
    let Ok(response) = service.clone().oneshot(request).await;
    let status = response.status();
    let Ok(body) = response.into_body().collect().await;
    (
        status,
        String::from_utf8_lossy(&body.to_bytes()).into_owned(),
    )
}

/// The name of the event's variant, to show the body arrived typed.
fn variant(event: &Event) -> &'static str {
    match event {
        Event::RoomAfterCreateRoom(_) => "Event::RoomAfterCreateRoom",
        Event::RoomAfterDestroyRoom(_) => "Event::RoomAfterDestroyRoom",
        Event::RoomAfterUpdateRoomInfo(_) => "Event::RoomAfterUpdateRoomInfo",
        Event::RoomAfterMemberEnter(_) => "Event::RoomAfterMemberEnter",
        Event::RoomAfterMemberLeave(_) => "Event::RoomAfterMemberLeave",
        Event::MicAfterSeatInfoChanged(_) => "Event::MicAfterSeatInfoChanged",
        _ => "another event",
    }
}
