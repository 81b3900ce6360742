//! The URL query Tencent appends to every callback, parsed once.

use std::fmt;
use std::net::IpAddr;

use crate::{Command, Platform};

/// The facts Tencent puts in a callback's URL query.
///
/// Parameter names match without regard to case (`SdkAppid`, `SdkAppId`, `sdkappid`), values
/// are percent-decoded, unknown parameters are ignored, and a known parameter given twice is
/// refused: Tencent never repeats one, so a repeat is a bug or an attempt to confuse the check.
///
/// ```
/// use tencent_im_callback::{CallbackQuery, Command, Platform};
///
/// let query = CallbackQuery::parse(
///     "SdkAppid=1400000000&CallbackCommand=Room.CallbackAfterCreateRoom\
///      &contenttype=json&ClientIP=127.0.0.1&OptPlatform=iOS",
/// )?;
/// assert_eq!(query.sdk_app_id(), 1400000000);
/// assert_eq!(query.command(), &Command::CreateRoom);
/// assert_eq!(query.platform(), Some(&Platform::Ios));
/// assert!(query.client_ip_addr().is_some_and(|ip| ip.is_loopback()));
/// # Ok::<(), tencent_im_callback::QueryError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallbackQuery {
    sdk_app_id: u64,
    command: Command,
    content_type: Option<String>,
    client_ip: Option<String>,
    platform: Option<Platform>,
    sign: Option<String>,
    request_time: Option<RequestTime>,
}

/// `RequestTime` as a number, and as the exact text the signature was computed over.
#[derive(Debug, Clone, PartialEq, Eq)]
struct RequestTime {
    seconds: u64,
    text: String,
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
}

impl Param {
    const ALL: [Param; 7] = [
        Param::SdkAppid,
        Param::CallbackCommand,
        Param::ContentType,
        Param::ClientIp,
        Param::OptPlatform,
        Param::Sign,
        Param::RequestTime,
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
        }
    }

    fn recognise(name: &str) -> Option<Param> {
        Param::ALL
            .into_iter()
            .find(|param| param.name().eq_ignore_ascii_case(name))
    }
}

impl CallbackQuery {
    /// Parses a query string such as `SdkAppid=1400000000&CallbackCommand=…`.
    ///
    /// A leading `?` is allowed. `SdkAppid` and `CallbackCommand` are required; `SdkAppid`
    /// and `RequestTime` must be decimal numbers that fit in a `u64`.
    pub fn parse(query: &str) -> Result<CallbackQuery, QueryError> {
        let query = query.strip_prefix('?').unwrap_or(query);
        let mut seen: [Option<String>; Param::ALL.len()] = Default::default();
        for (name, value) in form_urlencoded::parse(query.as_bytes()) {
            let Some(param) = Param::recognise(&name) else {
                continue;
            };
            let slot = &mut seen[param as usize];
            if slot.is_some() {
                return Err(QueryError::Duplicate(param.name()));
            }
            *slot = Some(value.into_owned());
        }
        let mut take = |param: Param| seen[param as usize].take();

        let sdk_app_id = match take(Param::SdkAppid) {
            Some(text) => parse_decimal(Param::SdkAppid, &text)?,
            None => return Err(QueryError::Missing(Param::SdkAppid.name())),
        };
        let command = match take(Param::CallbackCommand) {
            Some(word) if word.is_empty() => {
                return Err(QueryError::Empty(Param::CallbackCommand.name()))
            }
            Some(word) => Command::from_wire(&word),
            None => return Err(QueryError::Missing(Param::CallbackCommand.name())),
        };
        let request_time = match take(Param::RequestTime) {
            Some(text) => Some(RequestTime {
                seconds: parse_decimal(Param::RequestTime, &text)?,
                text,
            }),
            None => None,
        };
        Ok(CallbackQuery {
            sdk_app_id,
            command,
            content_type: take(Param::ContentType),
            client_ip: take(Param::ClientIp).filter(|ip| !ip.is_empty()),
            platform: take(Param::OptPlatform)
                .filter(|platform| !platform.is_empty())
                .map(|platform| Platform::from_wire(&platform)),
            sign: take(Param::Sign),
            request_time,
        })
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
        self.content_type.as_deref()
    }

    /// The `ClientIP` parameter exactly as given.
    pub fn client_ip(&self) -> Option<&str> {
        self.client_ip.as_deref()
    }

    /// The `ClientIP` parameter as an address, when it is a valid IPv4 or IPv6 address.
    pub fn client_ip_addr(&self) -> Option<IpAddr> {
        self.client_ip.as_deref()?.parse().ok()
    }

    /// The `OptPlatform` parameter.
    pub fn platform(&self) -> Option<&Platform> {
        self.platform.as_ref()
    }

    /// The `Sign` parameter as given (present only when callback authentication is on).
    pub fn sign(&self) -> Option<&str> {
        self.sign.as_deref()
    }

    /// The `RequestTime` parameter, in Unix seconds.
    pub fn request_time(&self) -> Option<u64> {
        self.request_time.as_ref().map(|time| time.seconds)
    }

    /// `RequestTime` exactly as received: the signature covers this text.
    pub(crate) fn request_time_text(&self) -> Option<&str> {
        self.request_time.as_ref().map(|time| time.text.as_str())
    }
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
}

impl QueryError {
    /// The parameter at fault, as Tencent spells it.
    pub fn param(&self) -> &'static str {
        match self {
            QueryError::Missing(param)
            | QueryError::Duplicate(param)
            | QueryError::Empty(param)
            | QueryError::NotANumber(param)
            | QueryError::OutOfRange(param) => param,
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
        }
    }
}

impl std::error::Error for QueryError {}

#[cfg(test)]
mod tests {
    use super::*;

    const CREATE: &str = "SdkAppid=1400000000&CallbackCommand=Room.CallbackAfterCreateRoom";

    #[test]
    fn reads_every_parameter() {
        let query = CallbackQuery::parse(
            "?SdkAppid=1400000000&CallbackCommand=Room.CallbackAfterCreateRoom&contenttype=json\
             &ClientIP=%3A%3A1&OptPlatform=Web&Sign=abc&RequestTime=1669872112&extra=1",
        )
        .unwrap();
        assert_eq!(query.sdk_app_id(), 1400000000);
        assert_eq!(query.command(), &Command::CreateRoom);
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
        let query = CallbackQuery::parse(&format!("{CREATE}&ClientIP=&OptPlatform=")).unwrap();
        assert_eq!(query.client_ip(), None);
        assert_eq!(query.platform(), None);
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
    fn unknown_parameters_may_repeat() {
        assert!(CallbackQuery::parse(&format!("{CREATE}&x=1&x=2")).is_ok());
    }
}
