//! What the before-callback replies of groups, relationships and Official Accounts share:
//! custom refusal codes, and lists of refused accounts.
//!
//! Each family honours its own range of custom codes (groups [10100, 10200], relationships
//! [38000, 39000], Official Accounts [120001, 130000]); a code outside it is not passed on to
//! the client. Each family has a newtype whose constructor only accepts its range, generated
//! here once. A partial refusal names accounts of the request; accounts the request did not
//! name are dropped, since refusing them means nothing.

use std::fmt;

use serde_json::Value;

use super::reply::Reply;

/// A custom code outside the range Tencent honours for the callback it was meant for.
///
/// ```
/// use tencent_im_callback::group::GroupCode;
///
/// let error = GroupCode::new(120001).unwrap_err();
/// assert_eq!((error.code(), error.min(), error.max()), (120001, 10100, 10200));
/// assert_eq!(
///     error.to_string(),
///     "custom code 120001 is outside [10100, 10200], the range Tencent honours here"
/// );
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CodeOutOfRange {
    code: i64,
    min: i64,
    max: i64,
}

impl CodeOutOfRange {
    pub(crate) const fn new(code: i64, min: i64, max: i64) -> CodeOutOfRange {
        CodeOutOfRange { code, min, max }
    }

    /// The code that was refused.
    pub fn code(&self) -> i64 {
        self.code
    }

    /// The lowest code of the range.
    pub fn min(&self) -> i64 {
        self.min
    }

    /// The highest code of the range.
    pub fn max(&self) -> i64 {
        self.max
    }
}

impl fmt::Display for CodeOutOfRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "custom code {} is outside [{}, {}], the range Tencent honours here",
            self.code, self.min, self.max
        )
    }
}

impl std::error::Error for CodeOutOfRange {}

/// Defines a custom-code newtype accepting only `[$min, $max]`:
/// `custom_code! { /// docs \n pub struct GroupCode in 10100..=10200; }`.
macro_rules! custom_code {
    (
        $(#[$meta:meta])*
        pub struct $name:ident in $min:literal ..= $max:literal;
    ) => {
        $(#[$meta])*
        #[doc = concat!("\n\nOnly codes in [", $min, ", ", $max, "] can be made.")]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(i64);

        impl $name {
            #[doc = concat!("The lowest code Tencent honours here, ", $min, ".")]
            pub const MIN: $name = $name($min);
            #[doc = concat!("The highest code Tencent honours here, ", $max, ".")]
            pub const MAX: $name = $name($max);

            /// The code, or why Tencent would not honour it.
            pub const fn new(
                code: i64,
            ) -> Result<$name, $crate::protocol::refusal::CodeOutOfRange> {
                if code >= $min && code <= $max {
                    Ok($name(code))
                } else {
                    Err($crate::protocol::refusal::CodeOutOfRange::new(code, $min, $max))
                }
            }

            /// The code as sent in `ErrorCode` or `ResultCode`.
            pub const fn get(self) -> i64 {
                self.0
            }
        }

        impl TryFrom<i64> for $name {
            type Error = $crate::protocol::refusal::CodeOutOfRange;

            fn try_from(code: i64) -> Result<$name, Self::Error> {
                $name::new(code)
            }
        }

        impl From<$name> for i64 {
            fn from(code: $name) -> i64 {
                code.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    };
}
pub(crate) use custom_code;

/// The accounts of `refused` that the request named (`requested`), once each, in the
/// request's order.
pub(crate) fn named_in_request<'a, R: AsRef<str>>(
    requested: impl IntoIterator<Item = &'a str>,
    refused: impl IntoIterator<Item = R>,
) -> Vec<String> {
    let refused: Vec<R> = refused.into_iter().collect();
    let mut kept: Vec<String> = Vec::new();
    for account in requested {
        let is_refused = refused.iter().any(|r| r.as_ref() == account);
        if is_refused && !kept.iter().any(|k| k == account) {
            kept.push(account.to_owned());
        }
    }
    kept
}

/// `reply` with an extra top-level field. The names used here are never the three standard
/// ones; were one ever refused, the answer is a FAIL reply rather than a reply that silently
/// lacks the field.
pub(crate) fn with_field(reply: Reply, name: &str, value: Value) -> Reply {
    match reply.try_with_field(name, value) {
        Ok(reply) => reply,
        Err(reserved) => Reply::fail(50000, reserved.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_requested_accounts_are_kept_once_in_request_order() {
        let kept = named_in_request(["a", "b", "c", "b"], ["c", "x", "a", "a"]);
        assert_eq!(kept, ["a", "c"]);
        assert!(named_in_request(["a"], Vec::<String>::new()).is_empty());
    }

    #[test]
    fn extra_fields_are_added() {
        let reply = with_field(
            Reply::allow(),
            "RefusedMembers_Account",
            Value::from(vec!["a"]),
        );
        assert_eq!(reply.extra_fields()["RefusedMembers_Account"][0], "a");
        assert_eq!(
            with_field(Reply::allow(), "ErrorCode", Value::Null).error_code(),
            50000
        );
    }
}
