//! The URL query Tencent appends to every callback, parsed once.

use std::borrow::Cow;
use std::fmt;
use std::net::IpAddr;

use percent_encoding::percent_decode_str;

pub use super::platform::Platform;
use crate::protocol::command::Command;

/// The facts Tencent puts in a callback's URL query.
///
/// Parameter names match without regard to case (`SdkAppid`, `SdkAppId`, `sdkappid`), values
/// are percent-decoded, unknown parameters are ignored, and a known parameter given twice is
/// refused: Tencent never repeats one, so a repeat is a bug or an attempt to confuse the check.
/// `WebhookCommand` is accepted as another name of `CallbackCommand` (both may be given if
/// they agree), and the undocumented `RequestID` is kept.
///
/// ```
/// use tencent_im_callback::query::{CallbackQuery, Platform};
/// use tencent_im_callback::Command;
///
/// let query = CallbackQuery::parse(
///     "SdkAppid=1400000000&CallbackCommand=Room.CallbackAfterCreateRoom\
///      &contenttype=json&ClientIP=127.0.0.1&OptPlatform=iOS",
/// )?;
/// assert_eq!(query.sdk_app_id(), 1400000000);
/// assert_eq!(query.command(), &Command::ROOM_AFTER_CREATE_ROOM);
/// assert_eq!(query.platform(), Some(&Platform::Ios));
/// assert!(query.client_ip_addr().is_some_and(|ip| ip.is_loopback()));
/// # Ok::<(), tencent_im_callback::query::QueryError>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct CallbackQuery {
    sdk_app_id: u64,
    command: Command,
    platform: Option<Platform>,
    request_time: Option<u64>,
    /// The text values kept, decoded, one after another in a single allocation.
    text: String,
    content_type: Option<Span>,
    client_ip: Option<Span>,
    sign: Option<Span>,
    request_time_text: Option<Span>,
    request_id: Option<Span>,
}

/// Where a kept value lies in [`CallbackQuery::text`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    start: usize,
    end: usize,
}

/// The query parameters this crate reads, under Tencent's spelling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Param {
    SdkAppid,
    CallbackCommand,
    ContentType,
    ClientIp,
    OptPlatform,
    Sign,
    RequestTime,
    RequestId,
    WebhookCommand,
}

impl Param {
    const ALL: [Param; 9] = [
        Param::SdkAppid,
        Param::CallbackCommand,
        Param::ContentType,
        Param::ClientIp,
        Param::OptPlatform,
        Param::Sign,
        Param::RequestTime,
        Param::RequestId,
        Param::WebhookCommand,
    ];

    fn name(self) -> &'static str {
        match self {
            Param::SdkAppid => "SdkAppid",
            Param::CallbackCommand => "CallbackCommand",
            Param::ContentType => "contenttype",
            Param::ClientIp => "ClientIP",
            Param::OptPlatform => "OptPlatform",
            Param::Sign => "Sign",
            Param::RequestTime => "RequestTime",
            // Also `RequestId`: names match in any case.
            Param::RequestId => "RequestID",
            Param::WebhookCommand => "WebhookCommand",
        }
    }

    fn recognise(name: &str) -> Option<Param> {
        // Tencent's own spellings first: a match on the exact text compiles to a switch on
        // the length and a word comparison or two, far cheaper than comparing without case.
        let exact = match name {
            "SdkAppid" => Param::SdkAppid,
            "CallbackCommand" => Param::CallbackCommand,
            "contenttype" => Param::ContentType,
            "ClientIP" => Param::ClientIp,
            "OptPlatform" => Param::OptPlatform,
            "Sign" => Param::Sign,
            "RequestTime" => Param::RequestTime,
            "RequestID" => Param::RequestId,
            "WebhookCommand" => Param::WebhookCommand,
            // Names differ in length or first letter, so this is one comparison in most
            // cases.
            _ => {
                return Param::ALL.into_iter().find(|param| {
                    let known = param.name();
                    known.len() == name.len() && known.eq_ignore_ascii_case(name)
                })
            }
        };
        Some(exact)
    }
}

impl CallbackQuery {
    /// Parses a query string such as `SdkAppid=1400000000&CallbackCommand=…`.
    ///
    /// A leading `?` is allowed. `SdkAppid` and `CallbackCommand` are required; `SdkAppid`
    /// and `RequestTime` must be decimal numbers that fit in a `u64`.
    pub fn parse(query: &str) -> Result<CallbackQuery, QueryError> {
        let query = query.strip_prefix('?').unwrap_or(query);
        // Tencent's queries need no decoding; look once instead of once per value.
        let encoded = needs_decoding(query);
        let decode = |text| {
            if encoded {
                decode(text)
            } else {
                Some(Cow::Borrowed(text))
            }
        };
        let mut seen: [Option<Cow<'_, str>>; Param::ALL.len()] = Default::default();
        for (name, value) in pairs(query) {
            let Some(param) = decode(name).and_then(|name| Param::recognise(&name)) else {
                continue;
            };
            let slot = &mut seen[param as usize];
            if slot.is_some() {
                return Err(QueryError::Duplicate(param.name()));
            }
            *slot = Some(decode(value).ok_or(QueryError::NotUtf8(param.name()))?);
        }
        let mut take = |param: Param| seen[param as usize].take();

        let sdk_app_id = match take(Param::SdkAppid) {
            Some(text) => parse_decimal(Param::SdkAppid, &text)?,
            None => return Err(QueryError::Missing(Param::SdkAppid.name())),
        };
        // `WebhookCommand` is the newest overview table's name for `CallbackCommand`; both
        // may be given only when they agree.
        let command = match (take(Param::CallbackCommand), take(Param::WebhookCommand)) {
            (Some(word), Some(alias)) if word != alias => {
                return Err(QueryError::Duplicate(Param::CallbackCommand.name()))
            }
            (Some(word), _) | (None, Some(word)) if word.is_empty() => {
                return Err(QueryError::Empty(Param::CallbackCommand.name()))
            }
            (Some(word), _) | (None, Some(word)) => Command::from_wire(&word),
            (None, None) => return Err(QueryError::Missing(Param::CallbackCommand.name())),
        };
        let request_time_text = take(Param::RequestTime);
        let request_time = match &request_time_text {
            Some(text) => Some(parse_decimal(Param::RequestTime, text)?),
            None => None,
        };
        let platform = take(Param::OptPlatform)
            .filter(|platform| !platform.is_empty())
            .map(|platform| Platform::from_wire(&platform));
        let kept = [
            take(Param::ContentType).filter(|content_type| !content_type.is_empty()),
            take(Param::ClientIp).filter(|ip| !ip.is_empty()),
            take(Param::Sign),
            request_time_text,
            take(Param::RequestId).filter(|id| !id.is_empty()),
        ];
        let mut text = String::with_capacity(kept.iter().flatten().map(|value| value.len()).sum());
        let [content_type, client_ip, sign, request_time_text, request_id] = kept.map(|value| {
            value.map(|value| {
                let start = text.len();
                text.push_str(&value);
                Span {
                    start,
                    end: text.len(),
                }
            })
        });
        Ok(CallbackQuery {
            sdk_app_id,
            command,
            platform,
            request_time,
            text,
            content_type,
            client_ip,
            sign,
            request_time_text,
            request_id,
        })
    }

    fn kept(&self, span: Option<Span>) -> Option<&str> {
        span.map(|span| &self.text[span.start..span.end])
    }

    /// The `SdkAppid` the callback claims to be for. Check it is yours.
    pub fn sdk_app_id(&self) -> u64 {
        self.sdk_app_id
    }

    /// The `CallbackCommand`.
    pub fn command(&self) -> &Command {
        &self.command
    }

    /// The `contenttype` parameter as given (Tencent sends `json`).
    pub fn content_type(&self) -> Option<&str> {
        self.kept(self.content_type)
    }

    /// The `ClientIP` parameter exactly as given.
    pub fn client_ip(&self) -> Option<&str> {
        self.kept(self.client_ip)
    }

    /// The `ClientIP` parameter as an address, when it is a valid IPv4 or IPv6 address.
    pub fn client_ip_addr(&self) -> Option<IpAddr> {
        self.client_ip()?.parse().ok()
    }

    /// The `OptPlatform` parameter.
    pub fn platform(&self) -> Option<&Platform> {
        self.platform.as_ref()
    }

    /// The `Sign` parameter as given (present only when callback authentication is on).
    pub fn sign(&self) -> Option<&str> {
        self.kept(self.sign)
    }

    /// The `RequestTime` parameter, in Unix seconds.
    pub fn request_time(&self) -> Option<u64> {
        self.request_time
    }

    /// The undocumented `RequestID` (or `RequestId`) parameter seen in real traffic, as
    /// given: a UUID, or for `State.StateChange` a compound such as
    /// `<number>-<number>-Login-Register`. Nobody has shown that a retry keeps it.
    pub fn request_id(&self) -> Option<&str> {
        self.kept(self.request_id)
    }

    /// `RequestTime` exactly as received: the signature covers this text.
    pub(crate) fn request_time_text(&self) -> Option<&str> {
        self.kept(self.request_time_text)
    }
}

/// Shows every parameter but `Sign`, which is only said to be present.
impl fmt::Debug for CallbackQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CallbackQuery")
            .field("sdk_app_id", &self.sdk_app_id)
            .field("command", &self.command)
            .field("content_type", &self.content_type())
            .field("client_ip", &self.client_ip())
            .field("platform", &self.platform)
            .field("sign", &self.sign.map(|_| "<present>"))
            .field("request_time", &self.request_time)
            .field("request_id", &self.request_id())
            .finish()
    }
}

/// The `name=value` pairs of a query, split at `&` and at each pair's first `=` (a pair
/// without one is a name with an empty value); empty pairs are skipped. One pass of the
/// `memchr` crate finds every separator, where splitting at each `&` and then at each `=`
/// would start a new search per separator.
fn pairs(query: &str) -> impl Iterator<Item = (&str, &str)> {
    let bytes = query.as_bytes();
    let is_equals = move |at: usize| bytes.get(at) == Some(&b'=');
    // Every `&` and `=`, then the end, which closes the last pair.
    let mut separators =
        memchr::memchr2_iter(b'&', b'=', bytes).chain(std::iter::once(query.len()));
    let mut start = 0;
    std::iter::from_fn(move || loop {
        let first = separators.next()?;
        // Both separators are ASCII, so every index here lies on a character boundary.
        let (name, value, end) = if is_equals(first) {
            // The value runs to the next `&` (or the end), and may hold more `=`.
            let end = separators
                .by_ref()
                .find(|&at| !is_equals(at))
                .unwrap_or(query.len());
            (&query[start..first], &query[first + 1..end], end)
        } else {
            (&query[start..first], "", first)
        };
        let empty = end == start;
        start = end + 1;
        if !empty {
            return Some((name, value));
        }
    })
}

/// Whether any `%XX` or `+` needs decoding. Written without an early exit, so that the
/// compiler can check many bytes at a time.
fn needs_decoding(query: &str) -> bool {
    query
        .bytes()
        .fold(false, |found, b| found | (b == b'%') | (b == b'+'))
}

/// Decodes one name or value of an `application/x-www-form-urlencoded` query: `+` is a
/// space, `%XX` a byte. `None` when the bytes are not UTF-8. Borrows when there is nothing
/// to decode.
fn decode(text: &str) -> Option<Cow<'_, str>> {
    if !text.bytes().any(|b| b == b'%' || b == b'+') {
        return Some(Cow::Borrowed(text));
    }
    let spaced = text.replace('+', " ");
    let decoded = percent_decode_str(&spaced).decode_utf8().ok()?;
    Some(Cow::Owned(decoded.into_owned()))
}

fn parse_decimal(param: Param, text: &str) -> Result<u64, QueryError> {
    if text.is_empty() {
        return Err(QueryError::Empty(param.name()));
    }
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(QueryError::NotANumber(param.name()));
    }
    text.parse()
        .map_err(|_| QueryError::OutOfRange(param.name()))
}

/// Why a callback's URL query was refused. Each variant names the parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum QueryError {
    /// A required parameter is absent.
    Missing(&'static str),
    /// A parameter appears more than once.
    Duplicate(&'static str),
    /// A parameter that needs a value has an empty one.
    Empty(&'static str),
    /// A numeric parameter holds something other than decimal digits.
    NotANumber(&'static str),
    /// A numeric parameter is too large for a 64-bit unsigned number.
    OutOfRange(&'static str),
    /// A parameter's percent-decoded value is not UTF-8.
    NotUtf8(&'static str),
}

impl QueryError {
    /// The parameter at fault, as Tencent spells it.
    pub fn param(&self) -> &'static str {
        match self {
            QueryError::Missing(param)
            | QueryError::Duplicate(param)
            | QueryError::Empty(param)
            | QueryError::NotANumber(param)
            | QueryError::OutOfRange(param)
            | QueryError::NotUtf8(param) => param,
        }
    }
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let param = self.param();
        match self {
            QueryError::Missing(_) => write!(f, "query parameter `{param}` is missing"),
            QueryError::Duplicate(_) => {
                write!(f, "query parameter `{param}` is given more than once")
            }
            QueryError::Empty(_) => write!(f, "query parameter `{param}` is empty"),
            QueryError::NotANumber(_) => {
                write!(f, "query parameter `{param}` is not a decimal number")
            }
            QueryError::OutOfRange(_) => write!(f, "query parameter `{param}` is too large"),
            QueryError::NotUtf8(_) => {
                write!(
                    f,
                    "query parameter `{param}` is not UTF-8 once percent-decoded"
                )
            }
        }
    }
}

impl std::error::Error for QueryError {}

#[cfg(test)]
mod tests {
    use super::*;

    const CREATE: &str = "SdkAppid=1400000000&CallbackCommand=Room.CallbackAfterCreateRoom";

    /// What `pairs` must give: split at `&`, skip empty pairs, split at the first `=`.
    fn split_pairs(query: &str) -> Vec<(&str, &str)> {
        query
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
            .collect()
    }

    #[test]
    fn pairs_split_as_the_standard_splits_do() {
        for query in [
            "", "&", "&&", "=", "==", "a", "a=", "=b", "a=b=c", "&&a=1&&b", "a&=&b=", "a=&=b&",
            "é=ü&ß", "a=1&a=2", CREATE,
        ] {
            assert_eq!(
                pairs(query).collect::<Vec<_>>(),
                split_pairs(query),
                "{query:?}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn pairs_split_any_text_as_the_standard_splits_do(query in "[a=&é%+]{0,40}") {
            proptest::prop_assert_eq!(pairs(&query).collect::<Vec<_>>(), split_pairs(&query));
        }
    }

    #[test]
    fn reads_every_parameter() {
        let query = CallbackQuery::parse(
            "?SdkAppid=1400000000&CallbackCommand=Room.CallbackAfterCreateRoom&contenttype=json\
             &ClientIP=%3A%3A1&OptPlatform=Web&Sign=abc&RequestTime=1669872112&extra=1",
        )
        .unwrap();
        assert_eq!(query.sdk_app_id(), 1400000000);
        assert_eq!(query.command(), &Command::ROOM_AFTER_CREATE_ROOM);
        assert_eq!(query.content_type(), Some("json"));
        assert_eq!(query.client_ip(), Some("::1"));
        assert_eq!(query.client_ip_addr(), Some("::1".parse().unwrap()));
        assert_eq!(query.platform(), Some(&Platform::Web));
        assert_eq!(query.sign(), Some("abc"));
        assert_eq!(query.request_time(), Some(1669872112));
        assert_eq!(query.request_time_text(), Some("1669872112"));
    }

    #[test]
    fn names_match_without_case() {
        for name in ["SdkAppid", "SdkAppId", "sdkappid", "SDKAPPID", "SDKAppID"] {
            let query = CallbackQuery::parse(&format!(
                "{name}=7&callbackcommand=Room.CallbackAfterCreateRoom"
            ))
            .unwrap();
            assert_eq!(query.sdk_app_id(), 7);
        }
    }

    #[test]
    fn a_client_ip_that_is_not_an_address_is_kept_as_text() {
        let query = CallbackQuery::parse(&format!("{CREATE}&ClientIP=unknown")).unwrap();
        assert_eq!(query.client_ip(), Some("unknown"));
        assert_eq!(query.client_ip_addr(), None);
    }

    #[test]
    fn empty_optional_values_count_as_absent() {
        let query =
            CallbackQuery::parse(&format!("{CREATE}&ClientIP=&OptPlatform=&contenttype=")).unwrap();
        assert_eq!(query.client_ip(), None);
        assert_eq!(query.platform(), None);
        assert_eq!(query.content_type(), None);
    }

    #[test]
    fn malformed_queries_are_refused_with_the_parameter_named() {
        let cases: &[(&str, QueryError)] = &[
            ("", QueryError::Missing("SdkAppid")),
            ("CallbackCommand=x", QueryError::Missing("SdkAppid")),
            ("SdkAppid=1", QueryError::Missing("CallbackCommand")),
            (
                "SdkAppid=1&CallbackCommand=",
                QueryError::Empty("CallbackCommand"),
            ),
            ("SdkAppid=&CallbackCommand=x", QueryError::Empty("SdkAppid")),
            (
                "SdkAppid=abc&CallbackCommand=x",
                QueryError::NotANumber("SdkAppid"),
            ),
            (
                "SdkAppid=-1&CallbackCommand=x",
                QueryError::NotANumber("SdkAppid"),
            ),
            (
                "SdkAppid=+1&CallbackCommand=x",
                QueryError::NotANumber("SdkAppid"),
            ),
            (
                "SdkAppid=1.0&CallbackCommand=x",
                QueryError::NotANumber("SdkAppid"),
            ),
            (
                "SdkAppid=%201&CallbackCommand=x",
                QueryError::NotANumber("SdkAppid"),
            ),
            (
                "SdkAppid=18446744073709551616&CallbackCommand=x",
                QueryError::OutOfRange("SdkAppid"),
            ),
            (
                "SdkAppid=1&SdkAppid=1&CallbackCommand=x",
                QueryError::Duplicate("SdkAppid"),
            ),
            (
                "SdkAppid=1&sdkappid=2&CallbackCommand=x",
                QueryError::Duplicate("SdkAppid"),
            ),
            (
                "SdkAppid=1&CallbackCommand=x&CallbackCommand=y",
                QueryError::Duplicate("CallbackCommand"),
            ),
            (
                "SdkAppid=1&CallbackCommand=x&Sign=a&sign=b",
                QueryError::Duplicate("Sign"),
            ),
            (
                "SdkAppid=1&CallbackCommand=x&RequestTime=soon",
                QueryError::NotANumber("RequestTime"),
            ),
            (
                "SdkAppid=1&CallbackCommand=x&RequestTime=",
                QueryError::Empty("RequestTime"),
            ),
            (
                "SdkAppid=1&CallbackCommand=x&RequestTime=99999999999999999999",
                QueryError::OutOfRange("RequestTime"),
            ),
            (
                "SdkAppid=1&CallbackCommand=x&OptPlatform=Web&OptPlatform=Web",
                QueryError::Duplicate("OptPlatform"),
            ),
        ];
        for (query, expected) in cases {
            let error = CallbackQuery::parse(query).unwrap_err();
            assert_eq!(&error, expected, "query {query:?}");
            assert!(error.to_string().contains(expected.param()));
        }
    }

    #[test]
    fn values_are_percent_and_plus_decoded() {
        let query = CallbackQuery::parse(&format!(
            "{CREATE}&ClientIP=2001%3Adb8%3A%3A1&OptPlatform=i%4FS&contenttype=a+b&Sign=%ZZ"
        ))
        .unwrap();
        assert_eq!(query.client_ip(), Some("2001:db8::1"));
        assert_eq!(query.platform(), Some(&Platform::Ios));
        assert_eq!(query.content_type(), Some("a b"));
        assert_eq!(query.sign(), Some("%ZZ"));
        let query = CallbackQuery::parse("Sdk%41ppid=5&CallbackCommand=x&%FF=%FF").unwrap();
        assert_eq!(query.sdk_app_id(), 5);
        assert_eq!(
            CallbackQuery::parse("SdkAppid=5&CallbackCommand=x&ClientIP=%FF"),
            Err(QueryError::NotUtf8("ClientIP"))
        );
    }

    #[test]
    fn unknown_parameters_may_repeat() {
        assert!(CallbackQuery::parse(&format!("{CREATE}&x=1&x=2")).is_ok());
    }

    #[test]
    fn webhook_command_is_another_name_for_callback_command() {
        let query =
            CallbackQuery::parse("SdkAppid=1&WebhookCommand=Room.CallbackAfterCreateRoom").unwrap();
        assert_eq!(query.command(), &Command::ROOM_AFTER_CREATE_ROOM);
        let both = "SdkAppid=1&CallbackCommand=A.B&WebhookCommand=A.B";
        assert_eq!(
            CallbackQuery::parse(both).unwrap().command().as_str(),
            "A.B"
        );
        let differing = "SdkAppid=1&CallbackCommand=A.B&WebhookCommand=A.C";
        assert_eq!(
            CallbackQuery::parse(differing),
            Err(QueryError::Duplicate("CallbackCommand"))
        );
    }

    #[test]
    fn the_request_id_is_kept_as_given() {
        for name in ["RequestID", "RequestId"] {
            let query = CallbackQuery::parse(&format!(
                "SdkAppid=1&CallbackCommand=x&{name}=12-34-Login-Register"
            ))
            .unwrap();
            assert_eq!(query.request_id(), Some("12-34-Login-Register"));
        }
        let twice = "SdkAppid=1&CallbackCommand=x&RequestID=a&RequestId=b";
        assert_eq!(
            CallbackQuery::parse(twice),
            Err(QueryError::Duplicate("RequestID"))
        );
    }
}
