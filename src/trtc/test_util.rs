//! Build the requests TRTC would send, for your own tests (feature `test-util`), and
//! Tencent's published sample bodies.
//!
//! ```
//! use tencent_im_callback::trtc::test_util::{samples, TrtcRequest};
//! use tencent_im_callback::trtc::CallbackKey;
//!
//! let key = CallbackKey::new("consoleKey")?;
//! let request = TrtcRequest::new(1400000000, samples::ENTER_ROOM).signed(&key).build();
//! assert_eq!(request.method(), "POST");
//! assert_eq!(request.headers()["sdkappid"], "1400000000");
//! assert_eq!(request.headers()["sign"], key.sign(samples::ENTER_ROOM.as_bytes()).as_str());
//! # Ok::<(), tencent_im_callback::trtc::KeyError>(())
//! ```

use bytes::Bytes;
use http::{header, HeaderName, HeaderValue, Method, Request};
use http_body_util::Full;

use super::event::TrtcEnvelope;
use super::sign::CallbackKey;

/// Tencent's published TRTC sample bodies, byte for byte as the crate's fixtures hold them
/// (`tests/fixtures/trtc/`, with their provenance in `SOURCES.md` there).
pub mod samples {
    use std::time::SystemTime;

    use crate::trtc::TrtcEnvelope;

    /// One sample: its file name (`<group>-<code>-<name>[.<variant>]`) and its text.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    #[non_exhaustive]
    pub struct Sample {
        /// The fixture's file name.
        pub file: &'static str,
        /// The body.
        pub body: &'static str,
    }

    macro_rules! samples {
        ($($file:literal),* $(,)?) => {
            &[$(Sample { file: $file, body: include_str!(concat!("../../tests/fixtures/trtc/", $file)) },)*]
        };
    }

    /// `1-103-enter-room.json`: a user entered room 12345.
    pub const ENTER_ROOM: &str = include_str!("../../tests/fixtures/trtc/1-103-enter-room.json");
    /// `1-104-exit-room.json`: the user left.
    pub const EXIT_ROOM: &str = include_str!("../../tests/fixtures/trtc/1-104-exit-room.json");
    /// `3-311-vod-commit.json`: a recording was uploaded to VOD.
    pub const VOD_COMMIT: &str = include_str!("../../tests/fixtures/trtc/3-311-vod-commit.json");
    /// Tencent's signature vector (a 204 event): 207 bytes of cJSON output with LF and TAB,
    /// signed with [`SIGNATURE_VECTOR_KEY`] as [`SIGNATURE_VECTOR_SIGN`].
    pub const SIGNATURE_VECTOR: &[u8] =
        include_bytes!("../../tests/fixtures/trtc/signature-vector.body");
    /// The key of Tencent's signature vector.
    pub const SIGNATURE_VECTOR_KEY: &str = "123654";
    /// The `Sign` Tencent publishes for [`SIGNATURE_VECTOR`].
    pub const SIGNATURE_VECTOR_SIGN: &str = "kkoFeO3Oh2ZHnjtg8tEAQhtXK16/KI05W3BQff8IvGA=";

    /// Every valid sample body of a TRTC event callback, in the order of Tencent's tables:
    /// each parses as a [`TrtcEnvelope`].
    pub const ALL: &[Sample] = samples![
        "1-101-create-room.json",
        "1-103-enter-room.json",
        "1-103-enter-room.legacy-uniqueid.en.json",
        "1-103-enter-room.legacy-uniqueid.zh.json",
        "1-103-enter-room.signature-note-body.json",
        "1-104-exit-room.json",
        "1-105-change-role.json",
        "2-201-start-video.json",
        "2-203-start-audio.json",
        "2-204-stop-audio.json",
        "2-204-stop-audio.signature-vector.json",
        "2-205-start-assist.json",
        "2-206-stop-assist.json",
        "3-301-recorder-start.json",
        "3-303-upload-start.json",
        "3-304-file-info.json",
        "3-305-upload-stop.json",
        "3-306-failover.json",
        "3-307-file-slice.json",
        "3-308-upload-error.json",
        "3-309-download-image-error.json",
        "3-309-download-image-error.v45169.json",
        "3-310-mp4-stop.json",
        "3-310-mp4-stop.v2022-no-FileMessage.json",
        "3-311-vod-commit.failed.json",
        "3-311-vod-commit.json",
        "3-311-vod-commit.legacy-zh-flat-payload-seconds.json",
        "3-311-vod-commit.legacy-zh.json",
        "3-311-vod-commit.v2022.json",
        "3-312-vod-stop.json",
        "4-401-cdn-publish-status.json",
        "6-601-video-screenshot.json",
        "7-701-stream-ingest-start.compact-from-signature-note.json",
        "8-801-web-recorder-start.json",
        "8-803-web-recorder-status-update.json",
        "8-804-web-recorder-resource-limit.json",
        "9-901-ai-service-start.json",
        "9-901-ai-service-start.packet-example-68331.json",
        "9-902-ai-service-stop.json",
        "9-903-ai-service-msg.json",
        "9-904-ai-start-of-speech.json",
        "9-905-ai-speaking-finished.json",
        "9-906-ai-metric-message.json",
        "9-908-ai-error-metric.json",
        "9-909-ai-session-status.json",
        "11-1101-moderation-start.json",
        "11-1103-moderation-send-start.json",
        "11-1104-moderation-result.audio.json",
        "11-1104-moderation-result.image.json",
        "11-1105-moderation-send-stop.json",
        "11-1106-moderation-upload-error.json",
        "14-1401-ai-transcription2-start.json",
    ];

    /// The samples as Tencent published them where that text is not JSON (comments, missing
    /// or trailing commas, two values, placeholders): a receiver must refuse each with a
    /// clear error. Each has a repaired `.json` in [`ALL`].
    pub const INVALID: &[Sample] = samples![
        "1-103-enter-room.legacy-uniqueid.en.as-published.txt",
        "1-103-enter-room.legacy-uniqueid.zh.as-published.txt",
        "3-308-upload-error.as-published.txt",
        "3-309-download-image-error.v45169.as-published.txt",
        "3-311-vod-commit.legacy-zh.as-published.txt",
        "4-401-cdn-publish-status.as-published.txt",
        "4-401-cdn-publish-status.zh.as-published.txt",
        "11-1101-moderation-start.as-published.txt",
        "11-1104-moderation-result.image.as-published.txt",
    ];

    /// IM-style envelopes that carry a recording event (TUILiveKit's
    /// `Follow.CallbackAfterCloudRecordingChanged`, TUICallKit's
    /// `Call.CallbackAfterRecordChanged`): not TRTC callbacks, but the recording event in them
    /// reads as a [`RecordingEvent`](crate::trtc::recording::RecordingEvent).
    pub const RELATED: &[Sample] = samples![
        "related/Follow.CallbackAfterCloudRecordingChanged.json",
        "related/Call.CallbackAfterRecordChanged.json",
    ];

    /// The sample of this file name, from [`ALL`], [`INVALID`] or [`RELATED`].
    pub fn get(file: &str) -> Option<&'static str> {
        ALL.iter()
            .chain(INVALID)
            .chain(RELATED)
            .find(|sample| sample.file == file)
            .map(|sample| sample.body)
    }

    /// A clock stopped at a body's `CallbackTs`, for
    /// [`TrtcLayerBuilder::clock`](crate::trtc::TrtcLayerBuilder::clock): Tencent's samples
    /// are years old, and the replay window would refuse them at the real time.
    ///
    /// # Panics
    ///
    /// When the body does not parse or has no `CallbackTs`: a mistake in the test itself.
    pub fn clock(body: &str) -> impl Fn() -> SystemTime + Clone + Send + Sync + 'static {
        let sent = TrtcEnvelope::parse(body.as_bytes())
            .ok()
            .and_then(|envelope| envelope.sent_at())
            .unwrap_or_else(|| panic!("samples::clock: the body has no readable `CallbackTs`"));
        move || sent
    }
}

/// How a [`TrtcRequest`] gets its `Sign` header.
#[derive(Debug, Clone)]
enum Sign {
    None,
    Key(CallbackKey),
    Value(String),
}

/// A TRTC event callback as Tencent sends it: `POST` to a path (default `/trtc`), headers
/// `Content-Type: application/json`, `SdkAppId` and (once signed) `Sign`, the body as given,
/// no query string. The signature is computed in [`build`](Self::build), over the final
/// body; each header can be replaced, repeated or left out to build bad requests.
#[derive(Debug, Clone)]
#[must_use]
pub struct TrtcRequest {
    method: Method,
    path: String,
    sdk_app_id: Option<String>,
    sign: Sign,
    headers: Vec<(String, String)>,
    body: Bytes,
}

impl TrtcRequest {
    /// An unsigned request for this app with this body.
    pub fn new(sdk_app_id: u64, body: impl Into<Bytes>) -> Self {
        TrtcRequest {
            method: Method::POST,
            path: "/trtc".to_owned(),
            sdk_app_id: Some(sdk_app_id.to_string()),
            sign: Sign::None,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// A request carrying this body, serialised compactly as Tencent's JSON.
    pub fn envelope(sdk_app_id: u64, envelope: &TrtcEnvelope) -> Self {
        // Serialising a value to JSON in memory only fails for maps with non-string keys.
        let body = serde_json::to_vec(envelope).unwrap_or_else(|error| {
            panic!("TrtcRequest::envelope: the body does not serialise as JSON: {error}")
        });
        TrtcRequest::new(sdk_app_id, body)
    }

    /// Signs the final body with `key`.
    pub fn signed(mut self, key: &CallbackKey) -> Self {
        self.sign = Sign::Key(key.clone());
        self
    }

    /// Sends this exact `Sign` value instead (for malformed or wrong signatures).
    pub fn sign_header(mut self, value: impl Into<String>) -> Self {
        self.sign = Sign::Value(value.into());
        self
    }

    /// Replaces the `SdkAppId` header's value, or leaves the header out with `None`.
    pub fn sdk_app_id_header(mut self, value: Option<&str>) -> Self {
        self.sdk_app_id = value.map(str::to_owned);
        self
    }

    /// Adds a header after the standard ones; a name already present is repeated.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The method (default `POST`).
    pub fn method(mut self, method: Method) -> Self {
        self.method = method;
        self
    }

    /// The path (default `/trtc`).
    pub fn path(mut self, path: impl Into<String>) -> Self {
        self.path = path.into();
        self
    }

    /// Replaces the body (anything, including invalid JSON).
    pub fn body(mut self, body: impl Into<Bytes>) -> Self {
        self.body = body.into();
        self
    }

    /// The body bytes.
    pub fn body_bytes(&self) -> &Bytes {
        &self.body
    }

    /// The `Sign` header the request will carry, if any.
    pub fn sign_value(&self) -> Option<String> {
        match &self.sign {
            Sign::None => None,
            Sign::Key(key) => Some(key.sign(&self.body)),
            Sign::Value(value) => Some(value.clone()),
        }
    }

    /// The request, with a `Full<Bytes>` body.
    ///
    /// # Panics
    ///
    /// When a header name or value, or the path, is not valid in HTTP: a mistake in the test
    /// itself.
    pub fn build(self) -> Request<Full<Bytes>> {
        self.build_with(Full::new)
    }

    /// The request, with the body type of your stack (for example `axum::body::Body::from`).
    ///
    /// # Panics
    ///
    /// As [`build`](Self::build).
    pub fn build_with<B>(self, make_body: impl FnOnce(Bytes) -> B) -> Request<B> {
        let sign = self.sign_value();
        let length = HeaderValue::from(self.body.len());
        let mut request = Request::new(make_body(self.body));
        *request.method_mut() = self.method;
        *request.uri_mut() = self
            .path
            .parse()
            .unwrap_or_else(|error| panic!("TrtcRequest: invalid path {:?}: {error}", self.path));
        let headers = request.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        headers.insert(header::CONTENT_LENGTH, length);
        let standard = [("SdkAppId", self.sdk_app_id), ("Sign", sign)];
        let extra = self
            .headers
            .into_iter()
            .map(|(name, value)| (name, Some(value)));
        for (name, value) in standard
            .into_iter()
            .map(|(name, value)| (name.to_owned(), value))
            .chain(extra)
        {
            let Some(value) = value else { continue };
            let header_name = HeaderName::try_from(name.as_str()).unwrap_or_else(|error| {
                panic!("TrtcRequest: invalid header name {name:?}: {error}")
            });
            let header_value = HeaderValue::try_from(value.as_str()).unwrap_or_else(|error| {
                panic!("TrtcRequest: invalid value for header {name:?}: {error}")
            });
            headers.append(header_name, header_value);
        }
        request
    }
}
