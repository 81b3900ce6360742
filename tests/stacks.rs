//! The layer over real HTTP on loopback, in the stacks the examples use: axum (with
//! `route_layer` and with `Router::layer`; the `Callback` extractor and a `CommandRouter`),
//! plain hyper through `TowerToHyperService`, and the callback route beside a gRPC-web service.

mod common;

use std::convert::Infallible;
use std::net::SocketAddr;
use std::time::Duration;

use axum::extract::State;
use axum::routing::post;
use axum::Router;
use bytes::Bytes;
use common::{now, Counter, APP, NOW, TOKEN};
use http::{header, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::service::TowerToHyperService;
use serde_json::Value;
use tencent_im_callback::room::CreateRoom;
use tencent_im_callback::sign::Token;
use tencent_im_callback::test_util::{samples, CallbackRequest};
use tencent_im_callback::{
    handler_fn, Callback, CallbackLayer, Command, CommandRouter, Event, Reply,
};
use tokio::net::TcpListener;
use tokio::task::{JoinHandle, JoinSet};
use tower::Layer;

/// The body limit of the layer under test: above every sample.
const LIMIT: usize = 16 * 1024;
const OK_REPLY: &str = r#"{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}"#;

fn layer() -> CallbackLayer {
    CallbackLayer::builder()
        .sdk_app_id(APP)
        .token(TOKEN)
        .clock(now)
        .body_limit(LIMIT)
        .build()
        .expect("valid settings")
}

fn token() -> Token {
    Token::new(TOKEN).expect("valid token")
}

/// A server on a loopback port; its task is aborted when this is dropped.
struct Server {
    address: SocketAddr,
    task: JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn listen() -> (TcpListener, SocketAddr) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("local address");
    (listener, address)
}

/// Serves an axum app with `axum::serve`.
async fn serve_axum(app: Router) -> Server {
    let (listener, address) = listen().await;
    let task = tokio::spawn(async move {
        axum::serve(listener, app).await.expect("axum::serve");
    });
    Server { address, task }
}

/// Serves a tower service with hyper's HTTP/1 connection and `TowerToHyperService`. The
/// connections live in a `JoinSet` owned by the task, so aborting the task closes them.
async fn serve_hyper<S, B>(service: S) -> Server
where
    S: tower::Service<Request<Incoming>, Response = Response<B>, Error = Infallible>,
    S: Clone + Send + 'static,
    S::Future: Send + 'static,
    B: http_body::Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let (listener, address) = listen().await;
    let task = tokio::spawn(async move {
        let mut connections = JoinSet::new();
        loop {
            let (stream, _) = listener.accept().await.expect("accept");
            let service = TowerToHyperService::new(service.clone());
            connections.spawn(
                hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service),
            );
        }
    });
    Server { address, task }
}

/// Sends raw requests to a server over HTTP/1.1, one connection per request (no pooling, so
/// a connection the server closed after a rejection is never reused).
struct RawClient {
    client: Client<HttpConnector, Full<Bytes>>,
    address: SocketAddr,
}

impl RawClient {
    fn new(server: &Server) -> Self {
        RawClient {
            client: Client::builder(TokioExecutor::new())
                .pool_max_idle_per_host(0)
                .build_http(),
            address: server.address,
        }
    }

    /// Sends `request` (its URI a path and query) and collects the response.
    async fn send(&self, request: Request<Full<Bytes>>) -> Response<Bytes> {
        let (mut parts, body) = request.into_parts();
        let path = parts.uri.path_and_query().map_or("/", |path| path.as_str());
        parts.uri = format!("http://{}{path}", self.address)
            .parse()
            .expect("absolute URI");
        let exchange = async {
            let response = self
                .client
                .request(Request::from_parts(parts, body))
                .await
                .expect("the server answers");
            let (parts, body) = response.into_parts();
            let body = body.collect().await.expect("the whole body").to_bytes();
            Response::from_parts(parts, body)
        };
        // Only a guard against a hung test, never reached when things work.
        tokio::time::timeout(Duration::from_secs(30), exchange)
            .await
            .expect("the exchange finished")
    }
}

/// A request for `command` to `path`, signed with the layer's token at its clock's time.
fn signed(path: &str, command: Command, body: &'static str) -> CallbackRequest {
    CallbackRequest::new(APP, command)
        .path(path)
        .body(body)
        .signed(&token(), NOW)
}

/// Every sample is accepted with Tencent's exact OK reply; `handled` counts them.
async fn assert_samples_accepted(client: &RawClient, path: &str, handled: &Counter) {
    let before = handled.get();
    for (command, body) in samples::all() {
        let response = client
            .send(signed(path, command.clone(), body).build())
            .await;
        assert_eq!(response.status(), StatusCode::OK, "{command} on {path}");
        assert_eq!(
            response.headers()[header::CONTENT_TYPE],
            "application/json",
            "{command}"
        );
        assert_eq!(response.body(), OK_REPLY, "{command} on {path}");
    }
    assert_eq!(handled.get() - before, samples::all().len(), "{path}");
}

/// Each refusal travels over the wire with its status and FAIL reply; `handled` does not move.
async fn assert_rejections(client: &RawClient, path: &str, handled: &Counter) {
    let before = handled.get();

    let get = Request::get(signed(path, Command::ROOM_AFTER_DESTROY_ROOM, "").uri())
        .body(Full::default())
        .expect("request");
    let response = client.send(get).await;
    assert_eq!(response.headers()[header::ALLOW], "POST");
    assert_fail(response, StatusCode::METHOD_NOT_ALLOWED, 40501);

    let no_query = Request::post(path)
        .body(Full::new(Bytes::from_static(
            samples::DESTROY_ROOM.as_bytes(),
        )))
        .expect("request");
    assert_fail(client.send(no_query).await, StatusCode::BAD_REQUEST, 40001);

    let repeated = signed(
        path,
        Command::ROOM_AFTER_DESTROY_ROOM,
        samples::DESTROY_ROOM,
    )
    .query_param("SdkAppid", APP.to_string())
    .build();
    assert_fail(client.send(repeated).await, StatusCode::BAD_REQUEST, 40001);

    let other_app = CallbackRequest::new(APP + 1, Command::ROOM_AFTER_DESTROY_ROOM)
        .path(path)
        .body(samples::DESTROY_ROOM)
        .signed(&token(), NOW)
        .build();
    assert_fail(client.send(other_app).await, StatusCode::FORBIDDEN, 40301);

    let unsigned = CallbackRequest::new(APP, Command::ROOM_AFTER_DESTROY_ROOM)
        .path(path)
        .body(samples::DESTROY_ROOM)
        .build();
    assert_fail(client.send(unsigned).await, StatusCode::UNAUTHORIZED, 40101);

    let forged = CallbackRequest::new(APP, Command::ROOM_AFTER_DESTROY_ROOM)
        .path(path)
        .body(samples::DESTROY_ROOM)
        .signed(&Token::new("not-the-token").expect("valid token"), NOW)
        .build();
    assert_fail(client.send(forged).await, StatusCode::UNAUTHORIZED, 40104);

    let oversized = signed(path, Command::ROOM_AFTER_DESTROY_ROOM, "")
        .body(vec![b' '; LIMIT + 1])
        .build();
    assert_fail(
        client.send(oversized).await,
        StatusCode::PAYLOAD_TOO_LARGE,
        41301,
    );

    let xml = CallbackRequest::new(APP, Command::ROOM_AFTER_DESTROY_ROOM)
        .path(path)
        .content_type(Some("xml"))
        .body(samples::DESTROY_ROOM)
        .signed(&token(), NOW)
        .build();
    assert_fail(
        client.send(xml).await,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        41501,
    );

    let truncated = signed(path, Command::ROOM_AFTER_DESTROY_ROOM, r#"{"RoomId":"#).build();
    assert_fail(client.send(truncated).await, StatusCode::BAD_REQUEST, 40003);

    assert_eq!(handled.get(), before, "a handler ran for a refused request");
}

/// A refusal: the status, a JSON FAIL reply with exactly the three fields and this code.
fn assert_fail(response: Response<Bytes>, status: StatusCode, code: i64) {
    let text = String::from_utf8_lossy(response.body()).into_owned();
    assert_eq!(response.status(), status, "{text}");
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "application/json",
        "{text}"
    );
    let reply: Value = serde_json::from_slice(response.body())
        .unwrap_or_else(|error| panic!("not JSON ({error}): {text}"));
    let fields = reply.as_object().expect("a JSON object");
    assert_eq!(fields.len(), 3, "{text}");
    assert_eq!(reply["ActionStatus"], "FAIL", "{text}");
    assert_eq!(reply["ErrorCode"], code, "{text}");
    assert!(
        reply["ErrorInfo"]
            .as_str()
            .is_some_and(|info| !info.is_empty()),
        "{text}"
    );
}

/// An axum handler taking the extractor; counts what it handled.
async fn counted(State(handled): State<Counter>, callback: Callback<Event>) -> Reply {
    assert_eq!(callback.sdk_app_id(), APP);
    handled.hit();
    Reply::ok()
}

#[tokio::test]
async fn axum_with_route_layer_the_extractor_and_a_command_router() {
    let handled = Counter::default();
    // Every command the router dispatched, and how many went to each handler.
    let routed = Counter::default();
    let created = Counter::default();
    let others = Counter::default();
    let rooms = CommandRouter::new()
        .on({
            let (routed, created) = (routed.clone(), created.clone());
            move |callback: Callback<CreateRoom>| {
                assert_eq!(
                    callback.event().room_info.room_id.as_deref(),
                    Some("tandy-test-rest")
                );
                routed.hit();
                created.hit();
                async {}
            }
        })
        .fallback({
            let (routed, others) = (routed.clone(), others.clone());
            move |_: Callback<Event>| {
                routed.hit();
                others.hit();
                async {}
            }
        });
    let app = Router::new()
        .route("/callback", post(counted))
        .route_service("/rooms", rooms)
        .route_layer(layer())
        .with_state(handled.clone());
    let server = serve_axum(app).await;
    let client = RawClient::new(&server);

    assert_samples_accepted(&client, "/callback", &handled).await;
    assert_rejections(&client, "/callback", &handled).await;

    assert_samples_accepted(&client, "/rooms", &routed).await;
    assert_eq!((created.get(), others.get()), (1, samples::all().len() - 1));
    assert_rejections(&client, "/rooms", &routed).await;

    // `route_layer` guards the routes only: other paths are axum's plain 404.
    let elsewhere = signed(
        "/elsewhere",
        Command::ROOM_AFTER_DESTROY_ROOM,
        samples::DESTROY_ROOM,
    )
    .build();
    let response = client.send(elsewhere).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(handled.get(), samples::all().len());
}

#[tokio::test]
async fn axum_with_router_layer_and_the_extractor() {
    let handled = Counter::default();
    let app = Router::new()
        .route("/callback", post(counted))
        .layer(layer())
        .with_state(handled.clone());
    let server = serve_axum(app).await;
    let client = RawClient::new(&server);

    assert_samples_accepted(&client, "/callback", &handled).await;
    assert_rejections(&client, "/callback", &handled).await;
}

#[tokio::test]
async fn plain_hyper_with_handler_fn() {
    let handled = Counter::default();
    let seen = handled.clone();
    let service = layer().layer(handler_fn(move |_: Callback<Event>| {
        seen.hit();
        async { Reply::ok() }
    }));
    let server = serve_hyper(service).await;
    let client = RawClient::new(&server);

    assert_samples_accepted(&client, "/callback", &handled).await;
    assert_rejections(&client, "/callback", &handled).await;
}

/// The `tonic_web` example's composition: the callback route beside the gRPC health service,
/// `GrpcWebLayer` around the gRPC routes only.
fn callback_beside_grpc_web(handled: Counter) -> Router {
    let (_reporter, health) = tonic_health::server::health_reporter();
    let grpc = tonic::service::Routes::new(health)
        .into_axum_router()
        .layer(tonic_web::GrpcWebLayer::new());
    Router::new()
        .route("/callback", post(counted))
        .route_layer(layer())
        .with_state(handled)
        .merge(grpc)
}

#[tokio::test]
async fn tonic_web_callback_route_beside_grpc_web_health() {
    let handled = Counter::default();
    let server = serve_axum(callback_beside_grpc_web(handled.clone())).await;
    let client = RawClient::new(&server);

    assert_samples_accepted(&client, "/callback", &handled).await;
    assert_rejections(&client, "/callback", &handled).await;

    // A browser's health check: an empty HealthCheckRequest in one uncompressed frame.
    let check = Request::post("/grpc.health.v1.Health/Check")
        .header(header::CONTENT_TYPE, "application/grpc-web+proto")
        .body(Full::new(Bytes::from_static(&[0, 0, 0, 0, 0])))
        .expect("request");
    let response = client.send(check).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "application/grpc-web+proto"
    );
    let frames = grpc_web_frames(response.body());
    assert_eq!(frames.len(), 2, "{frames:?}");
    // A data frame: HealthCheckResponse { status: SERVING }, field 1 varint 1.
    assert_eq!(frames[0], (0x00, vec![0x08, 0x01]));
    // Then the trailers frame.
    assert_eq!(frames[1].0, 0x80);
    let trailers = String::from_utf8(frames[1].1.clone()).expect("ASCII trailers");
    assert!(
        trailers
            .split("\r\n")
            .any(|line| line.trim().eq_ignore_ascii_case("grpc-status:0")),
        "{trailers:?}"
    );

    // Why the layer wraps the gRPC routes only: any other HTTP/1 request gets 400 from it.
    let plain = Request::post("/grpc.health.v1.Health/Check")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Full::new(Bytes::from_static(b"{}")))
        .expect("request");
    assert_eq!(client.send(plain).await.status(), StatusCode::BAD_REQUEST);
    assert_eq!(handled.get(), samples::all().len());
}

/// Splits a gRPC-web body into (flags, payload) frames.
fn grpc_web_frames(mut body: &[u8]) -> Vec<(u8, Vec<u8>)> {
    let mut frames = Vec::new();
    while !body.is_empty() {
        assert!(body.len() >= 5, "a truncated frame header: {body:?}");
        let length = u32::from_be_bytes([body[1], body[2], body[3], body[4]]) as usize;
        assert!(body.len() >= 5 + length, "a truncated frame: {body:?}");
        frames.push((body[0], body[5..5 + length].to_vec()));
        body = &body[5 + length..];
    }
    frames
}
