//! Why a TRTC body could not be read as its event.

use std::fmt;

use serde::de::IgnoredAny;
use serde::Deserialize;

/// What kind of problem a [`TrtcBodyError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TrtcBodyErrorKind {
    /// The body is not one valid JSON value (including a truncated body, comments, a missing
    /// comma, a trailing comma, two values one after the other, or invalid UTF-8).
    Syntax,
    /// Valid JSON of the wrong shape: a wrong type, a missing required field, a key given
    /// twice, a number out of range.
    Data,
}

/// Why a TRTC callback body could not be read as its event.
///
/// The message says where (JSON path, line and column) and what was expected. It never
/// repeats content of the body, so it is safe to send back and to log.
///
/// ```
/// use tencent_im_callback::trtc::{TrtcBodyErrorKind, TrtcEnvelope};
///
/// // Tencent's published 1101 sample lacks the comma before "Payload".
/// let body = br#"{"EventGroupId": 11, "EventType": 1101, "CallbackTs": 1,
///   "EventInfo": {"TaskId": "t" "Payload": {"Status": 0}}}"#;
/// let error = TrtcEnvelope::parse(body).unwrap_err();
/// assert_eq!(error.kind(), TrtcBodyErrorKind::Syntax);
/// assert_eq!((error.line(), error.column()), (2, 31));
/// assert_eq!(error.to_string(), "body is not valid JSON: expected `,` or `}` (line 2, column 31)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrtcBodyError {
    kind: TrtcBodyErrorKind,
    message: String,
    path: Option<String>,
    line: usize,
    column: usize,
}

impl TrtcBodyError {
    /// The kind of problem.
    pub fn kind(&self) -> TrtcBodyErrorKind {
        self.kind
    }

    /// Where in the JSON the problem is, such as `EventInfo.Payload.Status` (`.` for the
    /// top-level object). Only for [`TrtcBodyErrorKind::Data`].
    pub fn path(&self) -> Option<&str> {
        self.path.as_deref()
    }

    /// The 1-based line of the problem in the body, 0 when it concerns no position.
    pub fn line(&self) -> usize {
        self.line
    }

    /// The 1-based column (in bytes) of the problem in the body, 0 when it concerns no
    /// position.
    pub fn column(&self) -> usize {
        self.column
    }

    /// A shape problem of an `EventInfo` given on its own: it is not an object.
    pub(crate) fn not_an_object() -> TrtcBodyError {
        TrtcBodyError {
            kind: TrtcBodyErrorKind::Data,
            message: "expected an `EventInfo` object".to_owned(),
            path: Some(".".to_owned()),
            line: 0,
            column: 0,
        }
    }

    fn from_serde(
        kind: TrtcBodyErrorKind,
        path: Option<String>,
        error: &serde_json::Error,
    ) -> TrtcBodyError {
        let mut message = error.to_string();
        // serde_json appends the position; it is kept in `line`/`column` instead.
        if let Some(position) = message.rfind(" at line ") {
            message.truncate(position);
        }
        if message == "recursion limit exceeded" {
            message =
                "arrays and objects nest deeper than serde_json's limit of 128 levels".to_owned();
        }
        TrtcBodyError {
            kind,
            message,
            path,
            line: error.line(),
            column: error.column(),
        }
    }

    /// A syntax error at a byte offset, counted in lines and 1-based byte columns as
    /// serde_json counts them.
    fn syntax_at(body: &[u8], offset: usize, message: &str) -> TrtcBodyError {
        let before = &body[..offset];
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |at| at + 1);
        TrtcBodyError {
            kind: TrtcBodyErrorKind::Syntax,
            message: message.to_owned(),
            path: None,
            line: before.iter().filter(|&&b| b == b'\n').count() + 1,
            column: offset - line_start + 1,
        }
    }
}

/// Deserialises `body`, tracking the JSON path only when there is an error to report, so the
/// common case pays nothing for it.
///
/// A body that is valid JSON is never reported as a syntax error: a number too large for its
/// field, or nesting past serde_json's limit where a typed value stands, is a data error.
pub(crate) fn from_json<'a, T: Deserialize<'a>>(body: &'a [u8]) -> Result<T, TrtcBodyError> {
    let error = match serde_json::from_slice(body) {
        Ok(value) => return Ok(value),
        Err(error) => error,
    };
    // A shape error can come before a syntax error further on (two JSON values one after
    // the other), and serde_json reports numbers out of range and too deep a nesting as
    // syntax errors: the body is invalid JSON exactly when a validating pass without
    // conversions says so.
    validate(body)?;
    Err(locate::<T>(body, &error))
}

/// The data error of a body known to be valid JSON that failed to read as `T`: read again
/// with the JSON path tracked, for the path and the position.
pub(crate) fn locate<'a, T: Deserialize<'a>>(
    body: &'a [u8],
    first: &serde_json::Error,
) -> TrtcBodyError {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Err(tracked) => TrtcBodyError::from_serde(
            TrtcBodyErrorKind::Data,
            Some(tracked.path().to_string()),
            tracked.inner(),
        ),
        // Only when the first failure came from a check after the value (trailing
        // characters), which `validate` reports first; kept total all the same.
        Ok(_) => TrtcBodyError::from_serde(TrtcBodyErrorKind::Data, None, first),
    }
}

/// Checks that `body` is one JSON value in UTF-8, without converting numbers.
fn validate(body: &[u8]) -> Result<(), TrtcBodyError> {
    let text = std::str::from_utf8(body)
        .map_err(|error| TrtcBodyError::syntax_at(body, error.valid_up_to(), "invalid UTF-8"))?;
    serde_json::from_str::<IgnoredAny>(text)
        .map(drop)
        .map_err(|error| TrtcBodyError::from_serde(TrtcBodyErrorKind::Syntax, None, &error))
}

impl fmt::Display for TrtcBodyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.kind, self.path.as_deref()) {
            (TrtcBodyErrorKind::Syntax, _) => {
                write!(f, "body is not valid JSON: {}", self.message)?
            }
            (TrtcBodyErrorKind::Data, Some(path)) if path != "." => {
                write!(f, "body field `{path}` is invalid: {}", self.message)?
            }
            _ => write!(f, "body is invalid: {}", self.message)?,
        }
        if self.line > 0 {
            write!(f, " (line {}, column {})", self.line, self.column)?;
        }
        Ok(())
    }
}

impl std::error::Error for TrtcBodyError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_is_a_syntax_error_with_its_position() {
        let error = from_json::<serde_json::Value>(b"{\"a\":\n \"\xff\"}").unwrap_err();
        assert_eq!(error.kind(), TrtcBodyErrorKind::Syntax);
        assert_eq!((error.line(), error.column()), (2, 3));
    }

    #[test]
    fn numbers_out_of_range_are_data_errors() {
        #[derive(Deserialize, Debug)]
        struct Small {
            #[allow(dead_code)]
            n: u8,
        }
        let error = from_json::<Small>(b"{\"n\": 300}").unwrap_err();
        assert_eq!(error.kind(), TrtcBodyErrorKind::Data);
        assert_eq!(error.path(), Some("n"));
    }

    #[test]
    fn two_values_are_a_syntax_error() {
        let error = from_json::<serde_json::Value>(b"{}\n\n{}").unwrap_err();
        assert_eq!(error.kind(), TrtcBodyErrorKind::Syntax);
        assert_eq!(error.line(), 3);
        assert!(error.to_string().contains("trailing characters"), "{error}");
    }
}
