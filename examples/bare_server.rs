//! The load-test baseline: a bare hyper server that reads each request body and answers
//! Tencent's OK reply, with no checks at all. `scripts/load.sh` drives it and the `server`
//! example with the same load, so the difference is what the crate (and the example's
//! printing) costs over raw hyper.
//!
//! ```text
//! BARE_BIND=127.0.0.1:8081 cargo run --release --example bare_server
//! ```

use std::convert::Infallible;

use bytes::Bytes;
use http::{header, HeaderValue, Request, Response};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

const OK: &[u8] = br#"{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}"#;

async fn ok(request: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    // Read the body as the callback endpoint does, and drop it.
    let _ = request.into_body().collect().await;
    let mut response = Response::new(Full::new(Bytes::from_static(OK)));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Ok(response)
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let bind = std::env::var("BARE_BIND").unwrap_or_else(|_| "127.0.0.1:8081".to_owned());
    let listener = TcpListener::bind(&bind).await?;
    eprintln!("listening on http://{}/callback", listener.local_addr()?);
    loop {
        let (stream, _) = listener.accept().await?;
        tokio::spawn(http1::Builder::new().serve_connection(TokioIo::new(stream), service_fn(ok)));
    }
}
