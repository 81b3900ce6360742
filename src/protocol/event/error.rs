//! Why a callback body was refused.

use std::fmt;

use serde::de::DeserializeOwned;

use super::surrogate;
use crate::Command;

/// What kind of problem a [`BodyError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BodyErrorKind {
    /// The body is not valid JSON (including a truncated body).
    Syntax,
    /// Valid JSON of the wrong shape: a wrong type, a missing required field, a duplicate key.
    Data,
    /// The body's `CallbackCommand` differs from the query's.
    CommandMismatch,
}

/// Why a callback body could not be read as its event.
///
/// The message says where (JSON path, line and column) and what was expected. It never
/// repeats content of the body, so it is safe to send back and to log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyError {
    kind: BodyErrorKind,
    message: String,
    path: Option<String>,
    line: usize,
    column: usize,
}

impl BodyError {
    /// The kind of problem.
    pub fn kind(&self) -> BodyErrorKind {
        self.kind
    }

    /// Where in the JSON the problem is, such as `RoomInfo.MaxMemberCount` or
    /// `SeatList[0].Index` (`.` for the top-level object). Only for [`BodyErrorKind::Data`].
    pub fn path(&self) -> Option<&str> {
        self.path.as_deref()
    }

    /// The 1-based line of the problem in the body, 0 when it concerns no position.
    pub fn line(&self) -> usize {
        self.line
    }

    /// The 1-based column of the problem in the body, 0 when it concerns no position.
    pub fn column(&self) -> usize {
        self.column
    }

    pub(crate) fn command_mismatch(query_command: &Command) -> BodyError {
        BodyError {
            kind: BodyErrorKind::CommandMismatch,
            message: format!(
                "the body's `CallbackCommand` differs from the query's `{}`",
                query_command.for_message()
            ),
            path: Some("CallbackCommand".to_owned()),
            line: 0,
            column: 0,
        }
    }
}

/// The deepest nesting of arrays and objects read into modelled types (serde_json's limit).
/// Values under unmodelled fields are kept as text and may nest deeper.
pub const NESTING_LIMIT: usize = 128;

/// Deserialises a body, tracking the JSON path only when there is an error to report, so the
/// common case pays nothing for it.
///
/// A body that is valid JSON is never reported as a syntax error: a number too large for
/// its field, or nesting past [`NESTING_LIMIT`] where a modelled value stands, is a
/// [`BodyErrorKind::Data`] error. Lone UTF-16 surrogate escapes (`"\ud800"`) are refused
/// wherever they stand, as no Rust string (and no UTF-8 output) can hold them.
pub(crate) fn from_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, BodyError> {
    if let Some(offset) = surrogate::find_lone(body) {
        return Err(match validate(body) {
            Ok(()) => BodyError::lone_surrogate(body, offset),
            Err(syntax) => syntax,
        });
    }
    let error = match serde_json::from_slice(body) {
        Ok(value) => return Ok(value),
        Err(error) => error,
    };
    if !error.is_data() {
        // serde_json reports a number out of range and too deep a nesting as syntax errors;
        // the body is only invalid JSON if a validating pass without conversions says so.
        validate(body)?;
    }
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let (path, error) = match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Err(tracked) => (Some(tracked.path().to_string()), tracked.into_inner()),
        // Cannot happen: the same input failed a moment ago.
        Ok(_) => (None, error),
    };
    Err(BodyError::from_serde(BodyErrorKind::Data, path, &error))
}

/// Checks that `body` is one JSON value in UTF-8, without converting numbers and at any
/// depth.
fn validate(body: &[u8]) -> Result<(), BodyError> {
    let text = std::str::from_utf8(body)
        .map_err(|error| BodyError::syntax_at(body, error.valid_up_to(), "invalid UTF-8"))?;
    serde_json::from_str::<serde::de::IgnoredAny>(text)
        .map(drop)
        .map_err(|error| BodyError::from_serde(BodyErrorKind::Syntax, None, &error))
}

impl BodyError {
    fn from_serde(
        kind: BodyErrorKind,
        path: Option<String>,
        error: &serde_json::Error,
    ) -> BodyError {
        let mut message = error.to_string();
        // serde_json appends the position; it is kept in `line`/`column` instead.
        if let Some(position) = message.rfind(" at line ") {
            message.truncate(position);
        }
        if message == "recursion limit exceeded" {
            message =
                format!("arrays and objects nest deeper than the limit of {NESTING_LIMIT} levels");
        }
        BodyError {
            kind,
            message,
            path,
            line: error.line(),
            column: error.column(),
        }
    }
}

impl BodyError {
    fn lone_surrogate(body: &[u8], offset: usize) -> BodyError {
        BodyError::at(
            BodyErrorKind::Data,
            body,
            offset,
            "a string holds an unpaired UTF-16 surrogate escape, which is not Unicode text",
        )
    }

    fn syntax_at(body: &[u8], offset: usize, message: &str) -> BodyError {
        BodyError::at(BodyErrorKind::Syntax, body, offset, message)
    }

    /// An error at a byte offset, counted in lines and 1-based byte columns as serde_json
    /// counts them.
    fn at(kind: BodyErrorKind, body: &[u8], offset: usize, message: &str) -> BodyError {
        let before = &body[..offset];
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |at| at + 1);
        BodyError {
            kind,
            message: message.to_owned(),
            path: None,
            line: before.iter().filter(|&&b| b == b'\n').count() + 1,
            column: offset - line_start + 1,
        }
    }
}

impl fmt::Display for BodyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.kind, self.path.as_deref()) {
            (BodyErrorKind::Syntax, _) => write!(f, "body is not valid JSON: {}", self.message)?,
            (BodyErrorKind::CommandMismatch, _) => f.write_str(&self.message)?,
            (BodyErrorKind::Data, Some(path)) if path != "." => {
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

impl std::error::Error for BodyError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_past_the_limit_says_so() {
        // Modelled values are shallow and unmodelled ones are kept as text at any depth; a
        // type read through serde's recursive parser meets the limit.
        let depth = NESTING_LIMIT + 10;
        let deep = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let error = from_json::<serde_json::Value>(deep.as_bytes()).unwrap_err();
        assert_eq!(error.kind(), BodyErrorKind::Data);
        assert!(
            error
                .to_string()
                .contains("nest deeper than the limit of 128"),
            "{error}"
        );
    }

    #[test]
    fn invalid_utf8_is_a_syntax_error_with_its_position() {
        let error = from_json::<serde_json::Value>(b"{\"a\":\n \"\xff\"}").unwrap_err();
        assert_eq!(error.kind(), BodyErrorKind::Syntax);
        assert_eq!(error.line(), 2);
    }
}
