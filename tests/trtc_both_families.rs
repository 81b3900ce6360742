//! The `both_families` example over real HTTP on loopback: IM callbacks on `/callback`, TRTC
//! events on `/trtc`, each refused on the other's URL.

#[allow(dead_code)]
#[path = "../examples/both_families.rs"]
mod both_families;

use std::net::SocketAddr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http::{Request, Response};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use serde_json::Value;
use tencent_im_callback::sign::Token;
use tencent_im_callback::test_util::{samples as im_samples, CallbackRequest};
use tencent_im_callback::trtc::test_util::{samples, TrtcRequest};
use tencent_im_callback::trtc::CallbackKey;
use tencent_im_callback::Command;
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

const APP: u64 = 1400000000;
const TOKEN: &str = "console-token";
const KEY: &str = "consoleKey";

/// The example's app on a loopback port; aborted when dropped.
struct Server {
    address: SocketAddr,
    lines: mpsc::Receiver<String>,
    task: JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(trtc_key: Option<&str>) -> Server {
    let settings = both_families::Settings {
        app_id: APP,
        token: Some(TOKEN.to_owned()),
        trtc_key: trtc_key.map(str::to_owned),
    };
    let (queue, lines) = mpsc::channel(both_families::QUEUE_CAPACITY);
    let app = both_families::app(&settings, queue).expect("valid settings");
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("local address");
    let task = tokio::spawn(async move {
        axum::serve(listener, app).await.expect("axum::serve");
    });
    Server {
        address,
        lines,
        task,
    }
}

/// Sends `request` (its URI a path and query) over a fresh connection and collects the
/// response.
async fn send(server: &Server, request: Request<Full<Bytes>>) -> Response<Bytes> {
    let client: Client<HttpConnector, Full<Bytes>> = Client::builder(TokioExecutor::new())
        .pool_max_idle_per_host(0)
        .build_http();
    let (mut parts, body) = request.into_parts();
    let path = parts.uri.path_and_query().map_or("/", |path| path.as_str());
    parts.uri = format!("http://{}{path}", server.address)
        .parse()
        .expect("absolute URI");
    let exchange = async {
        let response = client
            .request(Request::from_parts(parts, body))
            .await
            .expect("the server answers");
        let (parts, body) = response.into_parts();
        let body = body.collect().await.expect("the whole body").to_bytes();
        Response::from_parts(parts, body)
    };
    tokio::time::timeout(Duration::from_secs(30), exchange)
        .await
        .expect("the exchange finished")
}

fn json(response: &Response<Bytes>) -> Value {
    serde_json::from_slice(response.body()).unwrap_or_else(|error| {
        panic!("not JSON ({error}): {:?}", response.body());
    })
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("after 1970")
        .as_secs()
}

fn now_millis() -> String {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("after 1970")
        .as_millis()
        .to_string()
}

/// Tencent's 103 sample, sent now: the sample's own `CallbackTs` is years old.
fn fresh_enter_room() -> String {
    samples::ENTER_ROOM.replace("1687770731932", &now_millis())
}

fn im_request() -> Request<Full<Bytes>> {
    CallbackRequest::new(APP, Command::ROOM_AFTER_CREATE_ROOM)
        .body(im_samples::CREATE_ROOM)
        .signed(&Token::new(TOKEN).unwrap(), now_secs())
        .build()
}

fn trtc_request(body: &str) -> TrtcRequest {
    TrtcRequest::new(APP, body.to_owned()).signed(&CallbackKey::new(KEY).unwrap())
}

#[tokio::test]
async fn each_family_is_answered_on_its_own_url() {
    let mut server = serve(Some(KEY)).await;

    let response = send(&server, im_request()).await;
    assert_eq!(response.status(), 200);
    assert_eq!(json(&response)["ActionStatus"], "OK");
    let line = server.lines.recv().await.expect("an IM line");
    assert!(line.starts_with("im "), "{line}");
    let logged: Value = serde_json::from_str(&line[3..]).unwrap();
    assert_eq!(logged["command"], "Room.CallbackAfterCreateRoom");

    let body = fresh_enter_room();
    let response = send(&server, trtc_request(&body).build()).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.body().as_ref(), br#"{"code":0}"#);
    assert_eq!(response.headers()["content-type"], "application/json");
    let line = server.lines.recv().await.expect("a TRTC line");
    let logged: Value = serde_json::from_str(line.strip_prefix("trtc ").unwrap()).unwrap();
    assert_eq!(logged["event"], "EnterRoom");
    assert_eq!(
        logged["idempotency_key"],
        "trtc:1:103:n12345:test::1687770731831"
    );
    assert_eq!(logged["callback"]["key_index"], 0);
    assert_eq!(logged["callback"]["body"]["EventInfo"]["Role"], 21);

    // A TRTC event on the IM URL: no query, refused by the IM layer.
    let response = send(&server, trtc_request(&body).path("/callback").build()).await;
    assert_eq!(response.status(), 400);
    assert_eq!(json(&response)["ActionStatus"], "FAIL");
    // An IM callback on the TRTC URL: no `SdkAppId` header, refused by the TRTC layer.
    let mut request = im_request();
    let path = request
        .uri()
        .path_and_query()
        .unwrap()
        .as_str()
        .replace("/callback", "/trtc");
    *request.uri_mut() = path.parse().unwrap();
    let response = send(&server, request).await;
    assert_eq!(response.status(), 400);
    assert_eq!(json(&response)["code"], 40001);
    // Nothing else reached a handler.
    assert!(server.lines.try_recv().is_err());
}

#[tokio::test]
async fn trtc_refusals_over_the_wire() {
    let mut server = serve(Some(KEY)).await;
    let body = fresh_enter_room();

    let wrong_key = TrtcRequest::new(APP, body.clone())
        .signed(&CallbackKey::new("otherKey").unwrap())
        .build();
    let response = send(&server, wrong_key).await;
    assert_eq!(response.status(), 401);
    assert_eq!(json(&response)["code"], 40104);

    let get = trtc_request(&body).method(http::Method::GET).build();
    let response = send(&server, get).await;
    assert_eq!(response.status(), 405);

    let stale = trtc_request(samples::ENTER_ROOM).build();
    let response = send(&server, stale).await;
    assert_eq!(response.status(), 401);
    assert_eq!(json(&response)["code"], 40102);

    let invalid = trtc_request(samples::INVALID[0].body).build();
    let response = send(&server, invalid).await;
    assert_eq!(response.status(), 400);
    assert_eq!(json(&response)["code"], 40003);

    // The signature is over the bytes as sent, pretty-printed with tabs or not.
    let pretty = String::from_utf8(samples::SIGNATURE_VECTOR.to_vec())
        .unwrap()
        .replace("1664209748188", &now_millis());
    let response = send(&server, trtc_request(&pretty).build()).await;
    assert_eq!(response.status(), 200, "{:?}", response.body());
    assert!(server.lines.recv().await.unwrap().contains("StopAudio"));
    assert!(server.lines.try_recv().is_err());
}

#[tokio::test]
async fn unsigned_trtc_when_no_key_is_set() {
    let mut server = serve(None).await;
    let response = send(&server, TrtcRequest::new(APP, fresh_enter_room()).build()).await;
    assert_eq!(response.status(), 200);
    let line = server.lines.recv().await.unwrap();
    let logged: Value = serde_json::from_str(line.strip_prefix("trtc ").unwrap()).unwrap();
    assert_eq!(logged["callback"]["key_index"], Value::Null);
}
