//! Why a callback body was refused.

use std::fmt;

use serde::de::DeserializeOwned;

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

/// Deserialises a body, tracking the JSON path only when there is an error to report, so the
/// common case pays nothing for it.
pub(crate) fn from_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, BodyError> {
    let error = match serde_json::from_slice(body) {
        Ok(value) => return Ok(value),
        Err(error) => error,
    };
    if !error.is_data() {
        return Err(BodyError::from_serde(BodyErrorKind::Syntax, None, &error));
    }
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let (path, error) = match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Err(tracked) => (Some(tracked.path().to_string()), tracked.into_inner()),
        // Cannot happen: the same input failed a moment ago.
        Ok(_) => (None, error),
    };
    Err(BodyError::from_serde(BodyErrorKind::Data, path, &error))
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
        BodyError {
            kind,
            message,
            path,
            line: error.line(),
            column: error.column(),
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
