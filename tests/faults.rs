//! Faults: a client that leaves mid-body, a body that trickles in, and a handler slower than
//! Tencent's 2-second budget.

mod common;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::{json_body, Counter, APP};
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tencent_im_callback::test_util::{samples, CallbackRequest};
use tencent_im_callback::{handler_fn, Callback, CallbackLayer, Command, Event, IntoReply, Reply};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tower::{Layer, ServiceExt};

/// Counts requests whose handling has started and not yet been dropped.
#[derive(Clone, Default)]
struct InFlight(Arc<AtomicUsize>);

struct Guard(Arc<AtomicUsize>);

impl InFlight {
    fn enter(&self) -> Guard {
        self.0.fetch_add(1, Ordering::SeqCst);
        Guard(self.0.clone())
    }

    fn get(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Serves the layer in front of a counting handler on loopback, each request bounded by
/// `request_timeout` the way `examples/server.rs` bounds it (a 408 FAIL reply).
async fn serve(
    handled: Counter,
    in_flight: InFlight,
    request_timeout: Duration,
) -> (SocketAddr, tokio::task::JoinHandle<()>) {
    let service = CallbackLayer::builder()
        .sdk_app_id(APP)
        .build()
        .unwrap()
        .layer(handler_fn(move |_: Callback<Event>| {
            handled.hit();
            async {}
        }));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let task = tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let service = service.clone();
            let in_flight = in_flight.clone();
            let bounded =
                tower::service_fn(move |request: http::Request<hyper::body::Incoming>| {
                    let guard = in_flight.enter();
                    let service = service.clone();
                    async move {
                        let _guard = guard;
                        let response =
                            match tokio::time::timeout(request_timeout, service.oneshot(request))
                                .await
                            {
                                Ok(response) => response?.map(http_body_util::BodyExt::boxed),
                                Err(_) => (
                                    http::StatusCode::REQUEST_TIMEOUT,
                                    Reply::fail(40801, "the request was not received in time"),
                                )
                                    .into_http_response()
                                    .map(http_body_util::BodyExt::boxed),
                            };
                        Ok::<_, std::convert::Infallible>(response)
                    }
                });
            let mut http = http1::Builder::new();
            http.timer(TokioTimer::new())
                .header_read_timeout(Duration::from_secs(5));
            let connection =
                http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(bounded));
            tokio::spawn(connection);
        }
    });
    (address, task)
}

/// The request head Tencent would send for `body`, announcing `length` bytes.
fn head(length: usize) -> String {
    let uri = CallbackRequest::new(APP, Command::ROOM_AFTER_DESTROY_ROOM).uri();
    format!("POST {uri} HTTP/1.1\r\nhost: localhost\r\ncontent-length: {length}\r\n\r\n")
}

/// Reads a whole response and returns its status code.
async fn read_status(stream: &mut TcpStream) -> u16 {
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response).await;
    let text = String::from_utf8_lossy(&response);
    text.split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0)
}

async fn send_valid(address: SocketAddr) -> u16 {
    let body = samples::DESTROY_ROOM;
    let mut stream = TcpStream::connect(address).await.unwrap();
    let request = head(body.len()).replace("\r\n\r\n", "\r\nconnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    stream.write_all(body.as_bytes()).await.unwrap();
    read_status(&mut stream).await
}

/// Waits (bounded) until nothing is in flight.
async fn settle(in_flight: &InFlight) -> usize {
    for _ in 0..500 {
        if in_flight.get() == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    in_flight.get()
}

#[tokio::test]
async fn a_client_that_leaves_mid_body_leaves_nothing_behind() {
    let (handled, in_flight) = (Counter::default(), InFlight::default());
    let (address, server) =
        serve(handled.clone(), in_flight.clone(), Duration::from_secs(30)).await;
    for _ in 0..20 {
        let mut stream = TcpStream::connect(address).await.unwrap();
        stream.write_all(head(1000).as_bytes()).await.unwrap();
        stream.write_all(b"{\"RoomId\":\"half").await.unwrap();
        drop(stream);
    }
    assert_eq!(
        settle(&in_flight).await,
        0,
        "requests still in flight after their clients left"
    );
    assert_eq!(handled.get(), 0);
    // The server keeps serving.
    assert_eq!(send_valid(address).await, 200);
    assert_eq!(handled.get(), 1);
    server.abort();
}

#[tokio::test]
async fn a_trickling_body_is_cut_off_by_the_request_timeout() {
    let (handled, in_flight) = (Counter::default(), InFlight::default());
    let (address, server) = serve(
        handled.clone(),
        in_flight.clone(),
        Duration::from_millis(300),
    )
    .await;
    let body = samples::DESTROY_ROOM.as_bytes();
    let mut stream = TcpStream::connect(address).await.unwrap();
    stream.write_all(head(body.len()).as_bytes()).await.unwrap();
    // One byte every 50 ms would take several seconds; the server answers first.
    let (mut reader, mut writer) = stream.into_split();
    let trickle = tokio::spawn(async move {
        for byte in body {
            if writer.write_all(&[*byte]).await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    });
    let mut response = vec![0; 1024];
    let read = reader.read(&mut response).await.unwrap();
    let text = String::from_utf8_lossy(&response[..read]);
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    assert!(text.contains("\"ErrorCode\":40801"), "{text}");
    trickle.abort();
    assert_eq!(handled.get(), 0);
    assert_eq!(settle(&in_flight).await, 0);
    assert_eq!(send_valid(address).await, 200);
    server.abort();
}

/// The README's pattern: queue the event, reply at once, do the slow work in the background.
#[tokio::test(start_paused = true)]
async fn reply_then_process() {
    let (queue, mut events) = mpsc::channel::<Callback<Event>>(16);
    let done = Counter::default();
    let worker_done = done.clone();
    let worker = tokio::spawn(async move {
        while let Some(callback) = events.recv().await {
            // Slower than Tencent's 2-second budget.
            tokio::time::sleep(Duration::from_secs(5)).await;
            assert_eq!(callback.command(), &Command::ROOM_AFTER_DESTROY_ROOM);
            worker_done.hit();
        }
    });
    let service = CallbackLayer::builder()
        .sdk_app_id(APP)
        .build()
        .unwrap()
        .layer(handler_fn(move |callback: Callback<Event>| {
            let queue = queue.clone();
            async move {
                match tokio::time::timeout(Duration::from_secs(1), queue.send(callback.detach()))
                    .await
                {
                    Ok(Ok(())) => Reply::ok(),
                    _ => Reply::fail(1, "busy: the work queue is full"),
                }
            }
        }));
    let started = tokio::time::Instant::now();
    let request = CallbackRequest::new(APP, Command::ROOM_AFTER_DESTROY_ROOM)
        .body(samples::DESTROY_ROOM)
        .build();
    let response = service.oneshot(request).await.unwrap();
    // With the clock paused, no virtual time passes unless something waits on it.
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(json_body(response.into_body()).await["ActionStatus"], "OK");
    assert_eq!(done.get(), 0, "the reply waited for the slow work");
    tokio::time::sleep(Duration::from_secs(6)).await;
    assert_eq!(done.get(), 1);
    worker.abort();
}
