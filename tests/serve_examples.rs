//! The serving examples (`server`, `hyper`, `tonic_web`) as real processes: shutdown ends in
//! bounded time even when stdout blocks or a client is slow, slow and silent connections are
//! closed, the limits on connections and requests hold, and `tonic_web` serves gRPC over h2c
//! beside the callbacks over HTTP/1.1.

mod binaries;
// The examples' own limits and timeouts, so that these tests follow them.
#[path = "../examples/support/mod.rs"]
mod support;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::Stdio;
use std::time::{Duration, Instant};

use binaries::{callback_path, closed_within, parse_response, post, Running};
use bytes::Bytes;
use http::{HeaderMap, Request};
use http_body_util::{BodyExt, Full};
use hyper_util::rt::{TokioExecutor, TokioIo};
use tencent_im_callback::test_util::samples;

/// Shutdown takes up to twice the examples' 10 s grace (requests in flight, then the queue);
/// generous on top, for a busy machine.
const EXIT_LIMIT: Duration = Duration::from_secs(40);
/// More callbacks than a pipe (64 KiB on Linux) and the printer's buffer hold, fewer than the
/// queue does: all are acknowledged, most cannot be written.
const CALLBACKS: usize = 800;

/// stdout is a pipe nobody reads: after SIGTERM the queue cannot drain, and the example must
/// still exit, with an error that counts the acknowledged callbacks it did not write.
fn exits_although_stdout_blocks(name: &str) {
    let mut server = Running::start(name, Stdio::piped());
    let path = callback_path("Room.CallbackAfterCreateRoom");
    for _ in 0..CALLBACKS {
        let (status, reply) = post(server.address, &path, samples::CREATE_ROOM);
        assert_eq!(status, 200, "{reply}");
    }
    server.terminate();
    let Some(status) = server.wait(EXIT_LIMIT) else {
        panic!(
            "{name} still runs {EXIT_LIMIT:?} after SIGTERM:\n{}",
            server.stderr()
        );
    };
    let stderr = server.stderr_to_end();
    assert_eq!(status.code(), Some(1), "{stderr}");
    let lost = stderr
        .lines()
        .find(|line| line.contains("acknowledged callbacks were not written"))
        .and_then(|line| {
            line.rsplit_once(": ")?
                .1
                .split(' ')
                .next()?
                .parse::<usize>()
                .ok()
        })
        .unwrap_or_else(|| panic!("no count of lost callbacks:\n{stderr}"));
    assert!(lost > 0 && lost <= CALLBACKS, "{lost} lost:\n{stderr}");
}

#[test]
fn server_exits_although_stdout_blocks() {
    exits_although_stdout_blocks("server");
}

#[test]
fn hyper_exits_although_stdout_blocks() {
    exits_although_stdout_blocks("hyper");
}

/// A half-sent request head, half the HTTP/2 preface, or nothing at all: each connection is
/// closed after the header timeout instead of being held open.
#[test]
fn tonic_web_closes_slow_and_silent_connections() {
    let server = Running::start("tonic_web", Stdio::null());
    let starts: [&[u8]; 3] = [
        b"POST /callback HTTP/1.1\r\nHost: example.com\r\nContent-Le",
        b"PRI * HTTP/2.0\r\n",
        b"",
    ];
    let mut connections: Vec<TcpStream> = starts
        .iter()
        .map(|start| {
            let mut stream = TcpStream::connect(server.address).expect("connect");
            stream.write_all(start).expect("send");
            stream
        })
        .collect();
    for (start, stream) in starts.iter().zip(&mut connections) {
        assert!(
            closed_within(stream, Duration::from_secs(30)),
            "a connection that sent {:?} is still open:\n{}",
            String::from_utf8_lossy(start),
            server.stderr()
        );
    }
}

/// A client trickling a body in byte by byte does not keep the server alive after SIGTERM.
#[test]
fn tonic_web_stops_while_a_client_trickles_a_body() {
    let mut server = Running::start("tonic_web", Stdio::null());
    let mut slow = TcpStream::connect(server.address).expect("connect");
    write!(
        slow,
        "POST {} HTTP/1.1\r\nHost: example.com\r\nContent-Length: 1000\r\n\r\n{{",
        callback_path("Room.CallbackAfterDestroyRoom")
    )
    .expect("send the head");
    // A byte every 200 ms, for a minute: longer than the test waits.
    let trickle = std::thread::spawn(move || {
        for _ in 0..300 {
            std::thread::sleep(Duration::from_millis(200));
            if slow.write_all(b" ").is_err() {
                break;
            }
        }
    });
    std::thread::sleep(Duration::from_millis(500));
    server.terminate();
    let Some(status) = server.wait(EXIT_LIMIT) else {
        panic!(
            "tonic_web still runs {EXIT_LIMIT:?} after SIGTERM:\n{}",
            server.stderr()
        );
    };
    let stderr = server.stderr_to_end();
    assert!(status.success(), "{status}:\n{stderr}");
    trickle.join().expect("the trickling client");
}

/// gRPC over HTTP/2 without TLS reaches the health service, a callback over HTTP/1.1 on the
/// same port is printed, and both protocols stop cleanly.
#[test]
fn tonic_web_serves_grpc_over_h2c_beside_callbacks() {
    let mut server = Running::start("tonic_web", Stdio::piped());
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let (trailers, reply) = runtime.block_on(health_check(server.address));
    assert_eq!(trailers["grpc-status"], "0", "{trailers:?}");
    // One frame holding `status: SERVING` (field 1, value 1).
    assert_eq!(&reply[..], [0, 0, 0, 0, 2, 0x08, 0x01]);

    let path = callback_path("Room.CallbackAfterDestroyRoom");
    let (status, reply) = post(server.address, &path, samples::DESTROY_ROOM);
    assert_eq!(status, 200, "{reply}");

    server.terminate();
    let status = server.wait(EXIT_LIMIT);
    let stderr = server.stderr_to_end();
    assert!(status.is_some_and(|status| status.success()), "{stderr}");
    let mut stdout = String::new();
    let mut pipe = server.child.stdout.take().expect("stdout is piped");
    pipe.read_to_string(&mut stdout).expect("stdout");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{stdout}");
    let expected = r#"{"sdk_app_id":1400000000,"command":"Room.CallbackAfterDestroyRoom","#;
    assert!(lines[0].starts_with(expected), "{stdout}");
}

/// Asks the health service, over HTTP/2 with prior knowledge, for the server's status: the
/// reply's trailers and body.
async fn health_check(address: SocketAddr) -> (HeaderMap, Bytes) {
    let stream = tokio::net::TcpStream::connect(address)
        .await
        .expect("connect");
    let (mut grpc, connection) =
        hyper::client::conn::http2::handshake(TokioExecutor::new(), TokioIo::new(stream))
            .await
            .expect("an HTTP/2 handshake");
    tokio::spawn(connection);
    // An empty `HealthCheckRequest` in a gRPC frame: not compressed, 0 bytes long.
    let request = Request::post(format!("http://{address}/grpc.health.v1.Health/Check"))
        .header("content-type", "application/grpc")
        .header("te", "trailers")
        .body(Full::new(Bytes::from_static(&[0, 0, 0, 0, 0])))
        .expect("a request");
    let response = grpc.send_request(request).await.expect("a gRPC response");
    assert_eq!(response.status(), 200);
    let body = response.into_body().collect().await.expect("the reply");
    let trailers = body.trailers().cloned().expect("gRPC trailers");
    (trailers, body.to_bytes())
}

/// With every request slot taken by a client sending its body slowly, the next request is
/// answered 503 rather than read: bodies in flight stay within `MAX_REQUESTS` × body limit.
#[test]
fn server_refuses_requests_beyond_the_limit() {
    let server = Running::start("server", Stdio::null());
    let path = callback_path("Room.CallbackAfterDestroyRoom");
    let _holders: Vec<TcpStream> = (0..support::MAX_REQUESTS)
        .map(|_| {
            let mut stream = TcpStream::connect(server.address).expect("connect");
            write!(
                stream,
                "POST {path} HTTP/1.1\r\nHost: example.com\r\nContent-Length: 1000\r\n\r\n{{"
            )
            .expect("send the head");
            stream
        })
        .collect();
    // The holders are answered 408 after the request timeout; until then a probe that finds
    // them all in flight is refused. Probes before that are served.
    let deadline = Instant::now() + support::REQUEST_TIMEOUT;
    loop {
        let (status, reply) = post(server.address, &path, samples::DESTROY_ROOM);
        if status == 503 {
            assert!(reply.contains("50302"), "{reply}");
            break;
        }
        assert_eq!(status, 200, "{reply}");
        assert!(
            Instant::now() < deadline,
            "no request was refused:\n{}",
            server.stderr()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// With every connection slot taken, a new connection waits in the listen backlog, unserved,
/// and is served as soon as a slot is free.
#[test]
fn server_holds_connections_beyond_the_limit_in_the_backlog() {
    let server = Running::start("server", Stdio::null());
    let holders: Vec<TcpStream> = (0..support::MAX_CONNECTIONS)
        .map(|_| {
            let mut stream = TcpStream::connect(server.address).expect("connect");
            stream
                .write_all(b"POST /callback HTTP/1.1\r\n")
                .expect("send");
            stream
        })
        .collect();
    let path = callback_path("Room.CallbackAfterDestroyRoom");
    let body = samples::DESTROY_ROOM;
    let mut probe = TcpStream::connect(server.address).expect("the backlog takes it");
    write!(
        probe,
        "POST {path} HTTP/1.1\r\nHost: example.com\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    )
    .expect("send the request");
    // The holders are closed after the header timeout (5 s); well before, the probe waits.
    probe
        .set_read_timeout(Some(Duration::from_secs(1)))
        .expect("read timeout");
    let mut byte = [0; 1];
    let waited = probe.read(&mut byte);
    assert!(
        waited.as_ref().is_err_and(|error| matches!(
            error.kind(),
            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
        )),
        "served although every connection slot was taken: {waited:?}"
    );
    drop(holders);
    probe
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("read timeout");
    let mut response = String::new();
    probe.read_to_string(&mut response).expect("the response");
    let (status, reply) = parse_response(&response);
    assert_eq!(status, 200, "{reply}");
}
