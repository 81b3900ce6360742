//! Build the requests Tencent would send, for your own tests (feature `test-util`).
//!
//! ```
//! use tencent_im_callback::sign::Token;
//! use tencent_im_callback::test_util::{samples, CallbackRequest};
//! use tencent_im_callback::{handler_fn, Callback, CallbackLayer, Command, Event};
//! use tower::{Layer, ServiceExt};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let token = Token::new("console-token")?;
//! let now = std::time::SystemTime::now()
//!     .duration_since(std::time::UNIX_EPOCH)?
//!     .as_secs();
//! let service = CallbackLayer::builder()
//!     .sdk_app_id(1400000000)
//!     .token("console-token")
//!     .build()?
//!     .layer(handler_fn(|cb: Callback<Event>| async move {
//!         assert_eq!(cb.command(), &Command::ROOM_AFTER_CREATE_ROOM);
//!     }));
//!
//! let request = CallbackRequest::new(1400000000, Command::ROOM_AFTER_CREATE_ROOM)
//!     .body(samples::CREATE_ROOM)
//!     .signed(&token, now)
//!     .build();
//! let response = service.oneshot(request).await?;
//! assert_eq!(response.status(), 200);
//! # Ok(())
//! # }
//! ```

use bytes::Bytes;
use http::{header, HeaderValue, Method, Request};
use http_body_util::Full;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;

use crate::protocol::command::Command;
use crate::protocol::event::Event;
use crate::protocol::sign::{sign, Token};

/// Everything but the characters a query value never needs escaped.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b':');

pub mod messages;

fn encode(text: &str) -> String {
    utf8_percent_encode(text, QUERY_VALUE).to_string()
}

/// Tencent's published sample bodies, exactly as documented (with the comments and trailing
/// commas of samples that are not valid JSON as published removed), one for every modelled
/// command that has one.
pub mod samples {
    use crate::protocol::catalogue::SAMPLES;
    use crate::protocol::command::Command;

    /// `Room.CallbackAfterCreateRoom`.
    pub const CREATE_ROOM: &str = include_str!("../tests/fixtures/room-after-create-room.json");
    /// `Room.CallbackAfterDestroyRoom`.
    pub const DESTROY_ROOM: &str = include_str!("../tests/fixtures/room-after-destroy-room.json");
    /// `Room.CallbackAfterUpdateRoomInfo`.
    pub const UPDATE_ROOM_INFO: &str =
        include_str!("../tests/fixtures/room-after-update-room-info.json");
    /// `Room.CallbackAfterMemberEnter`.
    pub const MEMBER_ENTER: &str = include_str!("../tests/fixtures/room-after-member-enter.json");
    /// `Room.CallbackAfterMemberLeave`.
    pub const MEMBER_LEAVE: &str = include_str!("../tests/fixtures/room-after-member-leave.json");
    /// `Mic.CallbackAfterSeatInfoChanged`, with a member id sent as a number above 2^53.
    pub const SEAT_INFO_CHANGED: &str =
        include_str!("../tests/fixtures/mic-after-seat-info-changed.json");

    /// Every sample with its command, in the command table's order.
    pub fn all() -> impl ExactSizeIterator<Item = (Command, &'static str)> + Clone {
        SAMPLES
            .iter()
            .map(|(command, body)| (command.clone(), *body))
    }

    /// The sample of one command, if it has one.
    pub fn of(command: &Command) -> Option<&'static str> {
        SAMPLES
            .iter()
            .find(|(sampled, _)| sampled == command)
            .map(|(_, body)| *body)
    }

    /// The samples of one product's commands.
    pub fn of_product(
        product: crate::command::Product,
    ) -> impl Iterator<Item = (Command, &'static str)> {
        all().filter(move |(command, _)| command.product() == Some(product))
    }
}

/// A callback request as Tencent sends it: `POST` to a path with `SdkAppid`,
/// `CallbackCommand`, `contenttype=json`, `ClientIP` and `OptPlatform` in the query, and
/// `Sign`/`RequestTime` when signed. Each optional parameter can be changed or left out.
#[derive(Debug, Clone)]
#[must_use]
pub struct CallbackRequest {
    path: String,
    sdk_app_id: String,
    command: String,
    content_type: Option<String>,
    client_ip: Option<String>,
    platform: Option<String>,
    signature: Option<(String, u64)>,
    extra: Vec<(String, String)>,
    body: Bytes,
}

impl CallbackRequest {
    /// A request for this app and command with an empty JSON object as body, client IP
    /// `127.0.0.1` and platform `RESTAPI`, to the path `/callback`.
    pub fn new(sdk_app_id: u64, command: impl Into<Command>) -> Self {
        CallbackRequest {
            path: "/callback".to_owned(),
            sdk_app_id: sdk_app_id.to_string(),
            command: command.into().as_str().to_owned(),
            content_type: Some("json".to_owned()),
            client_ip: Some("127.0.0.1".to_owned()),
            platform: Some("RESTAPI".to_owned()),
            signature: None,
            extra: Vec::new(),
            body: Bytes::from_static(b"{}"),
        }
    }

    /// A request carrying this event, serialised as Tencent would, under its command.
    pub fn event(sdk_app_id: u64, event: &Event) -> Self {
        CallbackRequest::new(sdk_app_id, event.command()).json(event)
    }

    /// The body, as raw bytes (anything, including invalid JSON).
    pub fn body(mut self, body: impl Into<Bytes>) -> Self {
        self.body = body.into();
        self
    }

    /// The body, serialised as JSON.
    pub fn json(self, body: &impl Serialize) -> Self {
        // Serialising a value to JSON in memory only fails for maps with non-string keys.
        let bytes = serde_json::to_vec(body).unwrap_or_else(|error| {
            panic!("CallbackRequest::json: the body does not serialise as JSON: {error}")
        });
        self.body(bytes)
    }

    /// The path the request is sent to (default `/callback`).
    pub fn path(mut self, path: impl Into<String>) -> Self {
        self.path = path.into();
        self
    }

    /// `contenttype` (default `json`), or `None` to leave it out.
    pub fn content_type(mut self, content_type: Option<&str>) -> Self {
        self.content_type = content_type.map(str::to_owned);
        self
    }

    /// `ClientIP`, or `None` to leave it out.
    pub fn client_ip(mut self, client_ip: Option<&str>) -> Self {
        self.client_ip = client_ip.map(str::to_owned);
        self
    }

    /// `OptPlatform`, or `None` to leave it out.
    pub fn platform(mut self, platform: Option<&str>) -> Self {
        self.platform = platform.map(str::to_owned);
        self
    }

    /// Signs the request with `token` at `request_time` (Unix seconds).
    pub fn signed(mut self, token: &Token, request_time: u64) -> Self {
        self.signature = Some((sign(token, request_time), request_time));
        self
    }

    /// Adds a raw query parameter after the standard ones (for unusual or malformed queries).
    pub fn query_param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.extra.push((name.into(), value.into()));
        self
    }

    /// The query string, percent-encoded, without the leading `?`.
    pub fn query(&self) -> String {
        let mut pairs: Vec<(&str, String)> = vec![
            ("SdkAppid", self.sdk_app_id.clone()),
            ("CallbackCommand", self.command.clone()),
        ];
        if let Some(content_type) = &self.content_type {
            pairs.push(("contenttype", content_type.clone()));
        }
        if let Some(client_ip) = &self.client_ip {
            pairs.push(("ClientIP", client_ip.clone()));
        }
        if let Some(platform) = &self.platform {
            pairs.push(("OptPlatform", platform.clone()));
        }
        if let Some((sign, request_time)) = &self.signature {
            pairs.push(("Sign", sign.clone()));
            pairs.push(("RequestTime", request_time.to_string()));
        }
        pairs.extend(
            self.extra
                .iter()
                .map(|(name, value)| (name.as_str(), value.clone())),
        );
        pairs
            .iter()
            .map(|(name, value)| format!("{}={}", encode(name), encode(value)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// The path and query, as in the request line.
    pub fn uri(&self) -> String {
        format!("{}?{}", self.path, self.query())
    }

    /// The body bytes.
    pub fn body_bytes(&self) -> &Bytes {
        &self.body
    }

    /// The request, with a `Full<Bytes>` body.
    pub fn build(self) -> Request<Full<Bytes>> {
        self.build_with(Full::new)
    }

    /// The request, with the body type of your stack (for example `axum::body::Body::from`).
    pub fn build_with<B>(self, make_body: impl FnOnce(Bytes) -> B) -> Request<B> {
        let uri = self.uri();
        let length = HeaderValue::from(self.body.len());
        let mut request = Request::new(make_body(self.body));
        *request.method_mut() = Method::POST;
        // A path given by the caller that is not a valid URI is a bug in the test itself.
        *request.uri_mut() = uri.parse().unwrap_or_else(|error| {
            panic!("CallbackRequest: invalid path or query {uri:?}: {error}")
        });
        request.headers_mut().insert(header::CONTENT_LENGTH, length);
        request
    }
}
