//! [`Record`]: a verified callback as one stream entry, and the way back to a typed callback.

use std::borrow::Cow;
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::idempotency::{callback_digest, idempotency_key};
use crate::protocol::callback::Callback;
use crate::protocol::event::{BodyError, Event};
use crate::protocol::query::{CallbackQuery, QueryError};

/// The encoding version this crate writes (field `v`) and the only one it reads.
pub const RECORD_VERSION: u32 = 1;

/// What is left unencoded in the rebuilt query: letters, digits and `-._~`.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A verified callback as stored in the stream: the query's facts, when it was received, the
/// exact body bytes, a digest and the idempotency key.
///
/// # Encoding, version 1
///
/// One stream entry, field names and values as Redis strings (numbers in decimal):
///
/// | field | value | |
/// |---|---|---|
/// | `v` | `1` | required, first |
/// | `app` | `SdkAppid` | required |
/// | `cmd` | `CallbackCommand`, canonical spelling | required |
/// | `ip` | `ClientIP` as given | absent when the query had none |
/// | `plat` | `OptPlatform`, canonical spelling | absent when the query had none |
/// | `rt` | `RequestTime`, Unix seconds | absent when the callback was unsigned |
/// | `recv_ms` | when the receiver accepted it, Unix milliseconds | required |
/// | `body` | the body, byte for byte | required |
/// | `digest` | [`callback_digest`] of `cmd` and `body` | required, checked when read |
/// | `key` | the [`idempotency_key`](crate::idempotency::idempotency_key), computed by the receiver | required |
///
/// `Sign` and `contenttype` are not kept: the record is verified once, by the receiver. Readers of version 1
/// ignore fields they do not know, so fields may be added without a new version; a change that
/// a version-1 reader would misread gets a new `v`, and records of another version are
/// refused ([`RecordError::Version`]), never guessed at.
///
/// # Trust
///
/// [`Record::to_callback`] rebuilds the typed callback **without checking the signature or the
/// app id again**: the stream is inside the trust boundary. Only your receivers may write to
/// it; anyone who can write to the stream can make workers act on callbacks Tencent never
/// sent. Protect Redis accordingly (bind to a private network, `requirepass` or ACLs, TLS).
///
/// ```
/// use bytes::Bytes;
/// use std::time::{Duration, UNIX_EPOCH};
/// use tencent_im_callback::durable::Record;
/// use tencent_im_callback::query::CallbackQuery;
/// use tencent_im_callback::Callback;
///
/// let query = CallbackQuery::parse(
///     "SdkAppid=1400000000&CallbackCommand=Room.CallbackAfterDestroyRoom&ClientIP=10.0.0.1",
/// )?;
/// let callback = Callback::from_parts(query, Bytes::from_static(br#"{"RoomId":"r1","EventTime":7}"#))?;
/// let record = Record::from_callback(&callback, UNIX_EPOCH + Duration::from_secs(1_700_000_000));
/// assert_eq!(record.key(), "Room.CallbackAfterDestroyRoom|RoomId=r1|EventTime=7");
///
/// // Written as stream fields, read back, and typed again.
/// let fields = record.fields();
/// let read = Record::from_fields(fields.iter().map(|(name, value)| (*name, value.as_ref())))?;
/// assert_eq!(read, record);
/// assert_eq!(read.to_callback()?, callback);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Record {
    sdk_app_id: u64,
    command: String,
    client_ip: Option<String>,
    platform: Option<String>,
    request_time: Option<u64>,
    received_ms: u64,
    body: Bytes,
    digest: String,
    key: String,
}

impl Record {
    /// The record of a verified callback received at `received_at`: the digest and the
    /// idempotency key are computed here.
    pub fn from_callback<E>(callback: &Callback<E>, received_at: SystemTime) -> Record {
        let command = callback.command().as_str().to_owned();
        let body = callback.raw_body().clone();
        Record {
            sdk_app_id: callback.sdk_app_id(),
            digest: callback_digest(&command, &body),
            key: idempotency_key(&command, &body).into_string(),
            client_ip: callback.client_ip().map(str::to_owned),
            platform: callback
                .platform()
                .map(|platform| platform.as_str().to_owned()),
            request_time: callback.request_time(),
            received_ms: unix_millis(received_at),
            command,
            body,
        }
    }

    /// The stream entry's fields, in order, `v` first.
    pub fn fields(&self) -> Vec<(&'static str, Cow<'_, [u8]>)> {
        let number = |value: u64| Cow::Owned(value.to_string().into_bytes());
        let text = |value: &str| Cow::Owned(value.as_bytes().to_vec());
        let mut fields = vec![
            ("v", number(u64::from(RECORD_VERSION))),
            ("app", number(self.sdk_app_id)),
            ("cmd", text(&self.command)),
        ];
        if let Some(ip) = &self.client_ip {
            fields.push(("ip", text(ip)));
        }
        if let Some(platform) = &self.platform {
            fields.push(("plat", text(platform)));
        }
        if let Some(request_time) = self.request_time {
            fields.push(("rt", number(request_time)));
        }
        fields.push(("recv_ms", number(self.received_ms)));
        fields.push(("body", Cow::Borrowed(&self.body[..])));
        fields.push(("digest", text(&self.digest)));
        fields.push(("key", text(&self.key)));
        fields
    }

    /// Reads a record from a stream entry's fields (any order). Refuses another version, a
    /// missing or repeated field, a malformed number or text, and a body that does not match
    /// its digest.
    pub fn from_fields<'a>(
        fields: impl IntoIterator<Item = (&'a str, &'a [u8])>,
    ) -> Result<Record, RecordError> {
        let mut slots: [Option<&[u8]>; FIELDS.len()] = Default::default();
        for (name, value) in fields {
            let Some(index) = FIELDS.iter().position(|known| *known == name) else {
                continue;
            };
            if slots[index].replace(value).is_some() {
                return Err(RecordError::Repeated(FIELDS[index]));
            }
        }
        let [v, app, cmd, ip, plat, rt, recv_ms, body, digest, key] = slots;
        match v {
            Some(b"1") => {}
            Some(other) => {
                return Err(RecordError::Version(
                    String::from_utf8_lossy(other).chars().take(16).collect(),
                ))
            }
            None => return Err(RecordError::Missing("v")),
        }
        let required =
            |name: &'static str, value: Option<&'a [u8]>| value.ok_or(RecordError::Missing(name));
        let record = Record {
            sdk_app_id: decimal("app", required("app", app)?)?,
            command: utf8("cmd", required("cmd", cmd)?)?,
            client_ip: ip.map(|ip| utf8("ip", ip)).transpose()?,
            platform: plat.map(|plat| utf8("plat", plat)).transpose()?,
            request_time: rt.map(|rt| decimal("rt", rt)).transpose()?,
            received_ms: decimal("recv_ms", required("recv_ms", recv_ms)?)?,
            body: Bytes::copy_from_slice(required("body", body)?),
            digest: utf8("digest", required("digest", digest)?)?,
            key: utf8("key", required("key", key)?)?,
        };
        if record.command.is_empty() {
            return Err(RecordError::Invalid("cmd"));
        }
        if record.key.is_empty() {
            return Err(RecordError::Invalid("key"));
        }
        if callback_digest(&record.command, &record.body) != record.digest {
            return Err(RecordError::DigestMismatch);
        }
        Ok(record)
    }

    /// The typed callback again, **without re-verifying**: the query is rebuilt from the
    /// record (values percent-encoded) and parsed with [`CallbackQuery::parse`], and the body
    /// with [`Callback::from_parts`]. Fails only when the record no longer parses, for example
    /// when a newer version of this crate reads bodies more strictly than the receiver did.
    pub fn to_callback(&self) -> Result<Callback<Event>, RecordError> {
        let query = CallbackQuery::parse(&self.query_string()).map_err(RecordError::Query)?;
        Callback::from_parts(query, self.body.clone()).map_err(RecordError::Body)
    }

    /// The query string the callback is rebuilt from (no `Sign`, no `contenttype`).
    fn query_string(&self) -> String {
        let mut query = format!(
            "SdkAppid={}&CallbackCommand={}",
            self.sdk_app_id,
            utf8_percent_encode(&self.command, QUERY_VALUE)
        );
        if let Some(ip) = &self.client_ip {
            query.push_str("&ClientIP=");
            query.extend(utf8_percent_encode(ip, QUERY_VALUE));
        }
        if let Some(platform) = &self.platform {
            query.push_str("&OptPlatform=");
            query.extend(utf8_percent_encode(platform, QUERY_VALUE));
        }
        if let Some(request_time) = self.request_time {
            query.push_str(&format!("&RequestTime={request_time}"));
        }
        query
    }

    /// `SdkAppid`.
    pub fn sdk_app_id(&self) -> u64 {
        self.sdk_app_id
    }

    /// `CallbackCommand`, canonical spelling.
    pub fn command(&self) -> &str {
        &self.command
    }

    /// `ClientIP` as given.
    pub fn client_ip(&self) -> Option<&str> {
        self.client_ip.as_deref()
    }

    /// `OptPlatform`, canonical spelling.
    pub fn platform(&self) -> Option<&str> {
        self.platform.as_deref()
    }

    /// `RequestTime`, Unix seconds.
    pub fn request_time(&self) -> Option<u64> {
        self.request_time
    }

    /// When the receiver accepted the callback.
    pub fn received_at(&self) -> SystemTime {
        UNIX_EPOCH + Duration::from_millis(self.received_ms)
    }

    /// The exact body bytes received.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// SHA-256 of command and body, hexadecimal ([`callback_digest`]).
    pub fn digest(&self) -> &str {
        &self.digest
    }

    /// The idempotency key the receiver computed.
    pub fn key(&self) -> &str {
        &self.key
    }
}

/// Shows everything but the body, which is only measured: bodies carry users' messages.
impl fmt::Debug for Record {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Record")
            .field("sdk_app_id", &self.sdk_app_id)
            .field("command", &self.command)
            .field("client_ip", &self.client_ip)
            .field("platform", &self.platform)
            .field("request_time", &self.request_time)
            .field("received_ms", &self.received_ms)
            .field("body_len", &self.body.len())
            .field("digest", &self.digest)
            .field("key", &self.key)
            .finish()
    }
}

/// The field names of version 1, in the order of the slots in [`Record::from_fields`].
const FIELDS: [&str; 10] = [
    "v", "app", "cmd", "ip", "plat", "rt", "recv_ms", "body", "digest", "key",
];

fn unix_millis(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH).map_or(0, |since| {
        u64::try_from(since.as_millis()).unwrap_or(u64::MAX)
    })
}

fn utf8(name: &'static str, value: &[u8]) -> Result<String, RecordError> {
    String::from_utf8(value.to_vec()).map_err(|_| RecordError::Invalid(name))
}

fn decimal(name: &'static str, value: &[u8]) -> Result<u64, RecordError> {
    if value.is_empty() || !value.iter().all(u8::is_ascii_digit) {
        return Err(RecordError::Invalid(name));
    }
    std::str::from_utf8(value)
        .ok()
        .and_then(|text| text.parse().ok())
        .ok_or(RecordError::Invalid(name))
}

/// Why a stream entry is not a usable record. Messages name fields, never their contents.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RecordError {
    /// `v` is not `1` (the value, at most 16 characters).
    Version(String),
    /// A required field is absent.
    Missing(&'static str),
    /// A field appears more than once.
    Repeated(&'static str),
    /// A field is not a decimal number, not UTF-8, or empty where it may not be.
    Invalid(&'static str),
    /// The body does not match `digest`: the entry was changed or damaged.
    DigestMismatch,
    /// The rebuilt query does not parse.
    Query(QueryError),
    /// The body does not parse as its command's event.
    Body(BodyError),
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecordError::Version(version) => {
                write!(f, "record version {version:?} is not supported (only 1)")
            }
            RecordError::Missing(name) => write!(f, "record field `{name}` is missing"),
            RecordError::Repeated(name) => write!(f, "record field `{name}` is repeated"),
            RecordError::Invalid(name) => write!(f, "record field `{name}` is malformed"),
            RecordError::DigestMismatch => {
                f.write_str("the record's body does not match its digest")
            }
            RecordError::Query(error) => write!(f, "the record's query does not parse: {error}"),
            RecordError::Body(error) => write!(f, "the record's body does not parse: {error}"),
        }
    }
}

impl std::error::Error for RecordError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            RecordError::Query(error) => Some(error),
            RecordError::Body(error) => Some(error),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn callback(query: &str, body: &'static str) -> Callback<Event> {
        let query = CallbackQuery::parse(query).unwrap();
        Callback::from_parts(query, Bytes::from_static(body.as_bytes())).unwrap()
    }

    fn round_trip(record: &Record) -> Record {
        let fields = record.fields();
        Record::from_fields(fields.iter().map(|(name, value)| (*name, value.as_ref()))).unwrap()
    }

    const AT: u64 = 1_703_589_922_780;

    fn at() -> SystemTime {
        UNIX_EPOCH + Duration::from_millis(AT)
    }

    #[test]
    fn every_query_fact_survives_the_round_trip() {
        let original = callback(
            "SdkAppid=1400000000&CallbackCommand=Room.CallbackAfterMemberEnter&contenttype=json\
             &ClientIP=2001%3Adb8%3A%3A1&OptPlatform=ios&Sign=abc&RequestTime=1703589922",
            r#"{"RoomId":"r 1","EventTime":1703589922780,"MemberList_Account":["a"]}"#,
        );
        let record = Record::from_callback(&original, at());
        assert_eq!(record.platform(), Some("iOS"));
        assert_eq!(record.received_at(), at());
        let read = round_trip(&record);
        assert_eq!(read, record);
        let back = read.to_callback().unwrap();
        assert_eq!(back.event(), original.event());
        assert_eq!(back.raw_body(), original.raw_body());
        assert_eq!(back.sdk_app_id(), 1400000000);
        assert_eq!(back.client_ip(), Some("2001:db8::1"));
        assert_eq!(back.platform(), original.platform());
        assert_eq!(back.request_time(), Some(1703589922));
        assert_eq!(back.query().sign(), None);
        // Neither `Sign` nor `contenttype` is kept.
        assert_eq!(back.query().content_type(), None);
    }

    #[test]
    fn unusual_text_is_percent_encoded_in_the_rebuilt_query() {
        let original = callback(
            "SdkAppid=1&CallbackCommand=X.A%2BB%26C%3DD%20%C3%A9&ClientIP=a%26b%2B&OptPlatform=Harmony+OS",
            r#"{"a":1}"#,
        );
        assert_eq!(original.command().as_str(), "X.A+B&C=D é");
        let back = round_trip(&Record::from_callback(&original, at()))
            .to_callback()
            .unwrap();
        assert_eq!(back, original);
        assert_eq!(back.client_ip(), Some("a&b+"));
        assert_eq!(back.platform().map(|p| p.as_str()), Some("Harmony OS"));
    }

    #[test]
    fn the_fields_are_the_documented_ones() {
        let record = Record::from_callback(
            &callback(
                "SdkAppid=7&CallbackCommand=Room.CallbackAfterDestroyRoom",
                r#"{"RoomId":"r1"}"#,
            ),
            at(),
        );
        let fields = record.fields();
        let names: Vec<&str> = fields.iter().map(|(name, _)| *name).collect();
        assert_eq!(
            names,
            ["v", "app", "cmd", "recv_ms", "body", "digest", "key"]
        );
        assert_eq!(fields[0].1.as_ref(), b"1");
        assert_eq!(fields[1].1.as_ref(), b"7");
        assert_eq!(fields[3].1.as_ref(), AT.to_string().as_bytes());
        assert_eq!(fields[4].1.as_ref(), br#"{"RoomId":"r1"}"#);
        assert_eq!(
            fields[6].1.as_ref(),
            record.key().as_bytes(),
            "the key is the receiver's"
        );
    }

    fn damaged(change: impl FnOnce(&mut Vec<(&'static str, Vec<u8>)>)) -> RecordError {
        let record = Record::from_callback(
            &callback(
                "SdkAppid=7&CallbackCommand=Room.CallbackAfterDestroyRoom&RequestTime=5",
                r#"{"RoomId":"r1"}"#,
            ),
            at(),
        );
        let mut fields: Vec<(&'static str, Vec<u8>)> = record
            .fields()
            .into_iter()
            .map(|(name, value)| (name, value.into_owned()))
            .collect();
        change(&mut fields);
        Record::from_fields(fields.iter().map(|(name, value)| (*name, value.as_slice())))
            .unwrap_err()
    }

    fn set(fields: &mut [(&'static str, Vec<u8>)], name: &str, value: &[u8]) {
        for field in fields.iter_mut().filter(|field| field.0 == name) {
            field.1 = value.to_vec();
        }
    }

    #[test]
    fn damaged_entries_are_refused_with_the_field_named() {
        assert_eq!(
            damaged(|f| set(f, "v", b"2")),
            RecordError::Version("2".into())
        );
        assert_eq!(
            damaged(|f| f.retain(|(n, _)| *n != "v")),
            RecordError::Missing("v")
        );
        assert_eq!(
            damaged(|f| f.retain(|(n, _)| *n != "body")),
            RecordError::Missing("body")
        );
        assert_eq!(
            damaged(|f| f.push(("cmd", b"x".to_vec()))),
            RecordError::Repeated("cmd")
        );
        assert_eq!(
            damaged(|f| set(f, "app", b"-1")),
            RecordError::Invalid("app")
        );
        assert_eq!(damaged(|f| set(f, "rt", b"")), RecordError::Invalid("rt"));
        assert_eq!(
            damaged(|f| set(f, "recv_ms", b"99999999999999999999")),
            RecordError::Invalid("recv_ms")
        );
        assert_eq!(damaged(|f| set(f, "key", b"")), RecordError::Invalid("key"));
        assert_eq!(
            damaged(|f| set(f, "cmd", b"\xff")),
            RecordError::Invalid("cmd")
        );
        assert_eq!(
            damaged(|f| set(f, "body", br#"{"RoomId":"r2"}"#)),
            RecordError::DigestMismatch
        );
        assert_eq!(
            damaged(|f| set(f, "cmd", b"Room.CallbackAfterMemberEnter")),
            RecordError::DigestMismatch
        );
        // Unknown fields are ignored.
        let fine = damaged(|f| {
            f.push(("future", b"x".to_vec()));
            set(f, "v", b"")
        });
        assert_eq!(fine, RecordError::Version(String::new()));
    }

    #[test]
    fn a_body_that_no_longer_parses_is_reported() {
        let record = Record::from_callback(
            &callback(
                "SdkAppid=7&CallbackCommand=Room.CallbackAfterDestroyRoom",
                r#"{"RoomId":"r1"}"#,
            ),
            at(),
        );
        let mut fields: Vec<(&'static str, Vec<u8>)> = record
            .fields()
            .into_iter()
            .map(|(name, value)| (name, value.into_owned()))
            .collect();
        let body = br#"{"EventTime":1}"#;
        set(&mut fields, "body", body);
        let digest = callback_digest("Room.CallbackAfterDestroyRoom", body);
        set(&mut fields, "digest", digest.as_bytes());
        let read =
            Record::from_fields(fields.iter().map(|(name, value)| (*name, value.as_slice())))
                .unwrap();
        assert!(matches!(read.to_callback(), Err(RecordError::Body(_))));
    }

    #[test]
    fn debug_never_shows_the_body() {
        let record = Record::from_callback(
            &callback(
                "SdkAppid=7&CallbackCommand=C2C.CallbackAfterSendMsg",
                r#"{"From_Account":"a","To_Account":"b","MsgKey":"k","SendMsgResult":0,
                    "MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"secret words"}}]}"#,
            ),
            at(),
        );
        let shown = format!("{record:?}");
        assert!(!shown.contains("secret"), "{shown}");
        assert!(shown.contains("body_len"));
    }
}
