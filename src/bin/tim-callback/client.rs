//! The HTTP/1.1 client of `simulate` and `replay`: the endpoint's URL, and a connection that is
//! kept alive between requests and opened again when the server closed it.

use std::time::{Duration, Instant};

use bytes::Bytes;
use http::header::{HeaderValue, CONTENT_LENGTH, CONTENT_TYPE, HOST};
use http::uri::{Scheme, Uri};
use http::{Method, Request, Response};
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::client::conn::http1::{self, SendRequest};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

/// Where callbacks are sent: a plain `http://` URL, to which each request appends the query
/// Tencent adds, after any query the URL already has (as Tencent does with the URL configured
/// in its console).
#[derive(Debug, Clone)]
pub struct Target {
    address: String,
    host: HeaderValue,
    path: String,
    query: Option<String>,
}

impl Target {
    /// Reads `--url`. Only `http://`: the tool has no TLS, so an `https://` endpoint is reached
    /// through its plain-HTTP side, or with `curl` and `tim-callback sign --url`.
    pub fn parse(url: &str) -> Result<Target, String> {
        let uri: Uri = url
            .parse()
            .map_err(|error| format!("--url {url:?} is not a URL: {error}"))?;
        if uri.scheme() == Some(&Scheme::HTTPS) {
            return Err(format!(
                "--url {url}: https is not supported (the tool speaks plain HTTP); send to the \
                 plain-HTTP address behind your TLS proxy, or use curl with `tim-callback sign --url`"
            ));
        }
        let (Some(authority), true) = (uri.authority(), uri.scheme() == Some(&Scheme::HTTP)) else {
            return Err(format!(
                "--url must be an http:// URL such as http://127.0.0.1:8080/callback, not {url:?}"
            ));
        };
        if authority.as_str().contains('@') {
            // Not repeated: it may hold a password.
            return Err("--url: user information (user:password@) is not supported".to_owned());
        }
        let host = uri.host().unwrap_or_default();
        let port = uri.port_u16().unwrap_or(80);
        let path = match uri.path() {
            "" => "/".to_owned(),
            path => path.to_owned(),
        };
        Ok(Target {
            address: format!("{host}:{port}"),
            host: HeaderValue::from_str(authority.as_str())
                .map_err(|_| format!("--url {url:?}: the host is not a valid Host header"))?,
            path,
            query: uri
                .query()
                .filter(|query| !query.is_empty())
                .map(str::to_owned),
        })
    }

    /// A POST of `body` to this URL with `query` appended, with the headers Tencent sends.
    pub fn post(&self, query: &str, body: Bytes) -> Result<Request<Full<Bytes>>, String> {
        let path_and_query = match &self.query {
            Some(own) => format!("{}?{own}&{query}", self.path),
            None => format!("{}?{query}", self.path),
        };
        Request::builder()
            .method(Method::POST)
            .uri(&path_and_query)
            .header(HOST, self.host.clone())
            .header(CONTENT_TYPE, "application/json")
            .header(CONTENT_LENGTH, body.len())
            .body(Full::new(body))
            .map_err(|error| format!("cannot make a request to {path_and_query:?}: {error}"))
    }

    /// Tries to connect until the server accepts or `wait` has passed, so that the tool can be
    /// started right after the server.
    pub async fn wait_until_listening(&self, wait: Duration) -> Result<(), String> {
        let deadline = Instant::now() + wait;
        loop {
            let error = match TcpStream::connect(&self.address).await {
                Ok(_) => return Ok(()),
                Err(error) => error,
            };
            if Instant::now() >= deadline {
                return Err(format!(
                    "cannot connect to {} (waited {wait:?}): {error}",
                    self.address
                ));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// One keep-alive connection to the target, opened when first needed and again whenever the
/// server has closed it.
pub struct Connection {
    sender: Option<SendRequest<Full<Bytes>>>,
}

impl Connection {
    /// A connection not opened yet.
    pub fn new() -> Connection {
        Connection { sender: None }
    }

    /// Sends `request` and gives the response, its body still to be read. A request the
    /// connection could not take before writing it (the server had just closed an idle
    /// connection) is sent again once on a new connection; one that may have reached the server
    /// is never sent twice.
    pub async fn send(
        &mut self,
        target: &Target,
        mut request: Request<Full<Bytes>>,
    ) -> Result<Response<Incoming>, String> {
        let mut fresh = false;
        loop {
            let sender = match &mut self.sender {
                Some(sender) if !sender.is_closed() => sender,
                _ => {
                    fresh = true;
                    self.sender.insert(connect(target).await?)
                }
            };
            if sender.ready().await.is_err() {
                self.sender = None;
                if fresh {
                    return Err("the connection closed before the request was sent".to_owned());
                }
                continue;
            }
            match sender.try_send_request(request).await {
                Ok(response) => return Ok(response),
                Err(mut error) => {
                    self.sender = None;
                    match error.take_message() {
                        Some(unsent) if !fresh => request = unsent,
                        _ => return Err(with_causes(error.error())),
                    }
                }
            }
        }
    }
}

/// Opens a connection to the target and drives it in a task of its own.
async fn connect(target: &Target) -> Result<SendRequest<Full<Bytes>>, String> {
    let stream = TcpStream::connect(&target.address)
        .await
        .map_err(|error| format!("cannot connect to {}: {error}", target.address))?;
    // Callbacks are small and sent one per connection at a time: no batching delay.
    let _ = stream.set_nodelay(true);
    let (sender, connection) = http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|error| format!("HTTP handshake failed: {}", with_causes(&error)))?;
    // The connection's errors reach the sender's next request.
    tokio::spawn(async move {
        let _ = connection.await;
    });
    Ok(sender)
}

/// An error with its causes, as `outer: inner: root`: hyper's own messages are terse.
pub fn with_causes(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_follows_the_urls_own() {
        let target = Target::parse("http://127.0.0.1:8080/cb?tenant=7").unwrap();
        let request = target.post("SdkAppid=1", Bytes::new()).unwrap();
        assert_eq!(request.uri(), "/cb?tenant=7&SdkAppid=1");
        assert_eq!(request.headers()[HOST], "127.0.0.1:8080");

        let target = Target::parse("http://localhost").unwrap();
        assert_eq!(target.address, "localhost:80");
        let request = target.post("SdkAppid=1", Bytes::new()).unwrap();
        assert_eq!(request.uri(), "/?SdkAppid=1");

        let target = Target::parse("http://[::1]:9000/callback").unwrap();
        assert_eq!(target.address, "[::1]:9000");
    }

    #[test]
    fn only_plain_http_urls_are_taken() {
        for url in [
            "https://example.com/cb",
            "ftp://example.com/cb",
            "/callback",
            "example.com:8080",
            "http://user:secret@example.com/cb",
            "not a url",
        ] {
            let error = Target::parse(url).unwrap_err();
            assert!(!error.is_empty(), "{url}");
            assert!(!error.contains("secret"), "{error}");
        }
    }
}
