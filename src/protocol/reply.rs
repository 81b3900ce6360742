//! The JSON reply Tencent expects to every callback.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// `ActionStatus`: whether the app handled the callback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ActionStatus {
    /// `OK`: handled. Before-callbacks also answer `OK` when they reject (see [`Reply::reject`]).
    #[serde(rename = "OK")]
    Ok,
    /// `FAIL`: the app could not handle the callback.
    #[serde(rename = "FAIL")]
    Fail,
}

/// The three reply fields; anything else attached with [`Reply::try_with_field`] must not reuse them.
const RESERVED: [&str; 3] = ["ActionStatus", "ErrorInfo", "ErrorCode"];

/// The reply body: `{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}` and its variations.
///
/// For a before-callback, return its typed reply instead (such as
/// [`c2c::SendMsgReply`](crate::c2c::SendMsgReply) or
/// [`group::SendMsgReply`](crate::group::SendMsgReply)): it can only say what Tencent
/// honours for that command (custom codes inside the command's range, a rewrite only with
/// "allow"), and [`CommandRouter`](crate::CommandRouter) requires it. `Reply` stays for raw
/// uses: after-callbacks, unmodelled commands, custom middleware.
///
/// After-callbacks (all Room callbacks) ignore the reply beyond checking it is JSON with
/// HTTP 200. IM before-callbacks read `ErrorCode`: `0` allow, `1` reject, `2` silently
/// discard, or a custom code; a before-send-message reply may also rewrite the message with
/// extra top-level fields such as `MsgBody` or `CloudCustomData`.
///
/// ```
/// use tencent_im_callback::Reply;
/// use serde_json::json;
///
/// assert_eq!(
///     serde_json::to_string(&Reply::ok()).unwrap(),
///     r#"{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}"#
/// );
/// let rewrite = Reply::allow().try_with_field("CloudCustomData", json!("checked"))?;
/// assert_eq!(
///     serde_json::to_value(&rewrite).unwrap(),
///     json!({"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,"CloudCustomData":"checked"})
/// );
/// # Ok::<(), tencent_im_callback::reply::ReservedField>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reply {
    #[serde(rename = "ActionStatus")]
    action_status: ActionStatus,
    #[serde(rename = "ErrorInfo", default)]
    error_info: String,
    #[serde(rename = "ErrorCode", default)]
    error_code: i64,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

impl Reply {
    /// The standard success reply: `OK`, code `0`, no info.
    pub fn ok() -> Reply {
        Reply {
            action_status: ActionStatus::Ok,
            error_info: String::new(),
            error_code: 0,
            extra: Map::new(),
        }
    }

    /// A failure: `FAIL` with a code and a message for Tencent's logs.
    pub fn fail(error_code: i64, error_info: impl Into<String>) -> Reply {
        Reply {
            action_status: ActionStatus::Fail,
            error_info: error_info.into(),
            error_code,
            extra: Map::new(),
        }
    }

    /// Before-callbacks: let the action go ahead (code `0`). The same as [`Reply::ok`].
    pub fn allow() -> Reply {
        Reply::ok()
    }

    /// Before-callbacks: refuse the action (code `1`); the sender is told it failed.
    pub fn reject() -> Reply {
        Reply::ok().with_error_code(1)
    }

    /// Before-send-message callbacks: drop the message silently (code `2`); the sender sees
    /// success but nobody receives it.
    pub fn discard() -> Reply {
        Reply::ok().with_error_code(2)
    }

    /// Before-callbacks: refuse with a custom code and message, which Tencent passes on to the
    /// client. Tencent reads custom codes in [120001, 130000] for one-to-one messages and in
    /// [10100, 10200] for groups.
    pub fn reject_with(error_code: i64, error_info: impl Into<String>) -> Reply {
        Reply::ok()
            .with_error_code(error_code)
            .with_error_info(error_info)
    }

    /// Replaces `ErrorCode`.
    pub fn with_error_code(mut self, error_code: i64) -> Reply {
        self.error_code = error_code;
        self
    }

    /// Replaces `ErrorInfo`.
    pub fn with_error_info(mut self, error_info: impl Into<String>) -> Reply {
        self.error_info = error_info.into();
        self
    }

    /// Adds a top-level field, such as `MsgBody` or `CloudCustomData` to rewrite a message.
    ///
    /// The three standard names (`ActionStatus`, `ErrorInfo`, `ErrorCode`) are set through
    /// their own methods and are refused here.
    pub fn try_with_field(
        mut self,
        name: impl Into<String>,
        value: impl Into<Value>,
    ) -> Result<Reply, ReservedField> {
        let name = name.into();
        match RESERVED.iter().find(|reserved| **reserved == name) {
            Some(reserved) => Err(ReservedField(reserved)),
            None => {
                self.extra.insert(name, value.into());
                Ok(self)
            }
        }
    }

    /// Release 0.1's [`try_with_field`](Self::try_with_field), which silently ignores a
    /// standard name.
    #[deprecated(
        since = "0.2.0",
        note = "use `try_with_field`, which refuses standard names"
    )]
    pub fn with_field(self, name: impl Into<String>, value: impl Into<Value>) -> Reply {
        let kept = self.clone();
        self.try_with_field(name, value).unwrap_or(kept)
    }

    /// `ActionStatus`.
    pub fn action_status(&self) -> ActionStatus {
        self.action_status
    }

    /// `ErrorCode`.
    pub fn error_code(&self) -> i64 {
        self.error_code
    }

    /// `ErrorInfo`.
    pub fn error_info(&self) -> &str {
        &self.error_info
    }

    /// The extra top-level fields.
    pub fn extra_fields(&self) -> &Map<String, Value> {
        &self.extra
    }

    /// Whether `ActionStatus` is `OK`.
    pub fn is_ok(&self) -> bool {
        self.action_status == ActionStatus::Ok
    }

    /// The reply as JSON bytes.
    pub fn to_json(&self) -> Vec<u8> {
        // Serialising strings, integers and JSON values cannot fail; were it ever to, the
        // answer must not claim success.
        serde_json::to_vec(self).unwrap_or_else(|_| UNSERIALISABLE_JSON.to_vec())
    }
}

impl Default for Reply {
    fn default() -> Self {
        Reply::ok()
    }
}

/// [`Reply::try_with_field`] was given one of the three standard names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReservedField(&'static str);

impl std::fmt::Display for ReservedField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "`{}` is a standard reply field; set it with its own method",
            self.0
        )
    }
}

impl std::error::Error for ReservedField {}

/// A before-callback's typed reply: a value that can only say what Tencent honours for its
/// command. Handlers registered for a before-callback return its typed reply (see
/// [`CommandEvent::Reply`](crate::event::CommandEvent::Reply)).
pub trait TypedReply: Into<Reply> {}

/// The reply type of after-callbacks: their handlers may return anything that is
/// [`IntoReply`](crate::IntoReply), since Tencent only checks that the answer is an OK
/// reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct AnyReply;

/// The FAIL reply sent in place of a reply that could not be serialised.
const UNSERIALISABLE_JSON: &[u8] =
    br#"{"ActionStatus":"FAIL","ErrorInfo":"the reply could not be serialised","ErrorCode":50000}"#;

/// [`Reply::ok`] as bytes, exactly as Tencent documents it.
pub(crate) const OK_JSON: &[u8] = br#"{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}"#;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ok_is_exactly_tencents_reply() {
        assert_eq!(Reply::ok().to_json(), OK_JSON);
        assert_eq!(serde_json::to_vec(&Reply::default()).unwrap(), OK_JSON);
    }

    #[test]
    fn fail_carries_code_and_info() {
        let reply = Reply::fail(4001, "room unknown");
        assert_eq!(
            String::from_utf8(reply.to_json()).unwrap(),
            r#"{"ActionStatus":"FAIL","ErrorInfo":"room unknown","ErrorCode":4001}"#
        );
        assert!(!reply.is_ok());
    }

    #[test]
    fn before_callback_helpers_use_tencents_codes() {
        assert_eq!(Reply::allow().error_code(), 0);
        assert_eq!(Reply::reject().error_code(), 1);
        assert_eq!(Reply::discard().error_code(), 2);
        for reply in [
            Reply::reject(),
            Reply::discard(),
            Reply::reject_with(120001, "no"),
        ] {
            assert_eq!(reply.action_status(), ActionStatus::Ok);
        }
        assert_eq!(Reply::reject_with(10100, "spam").error_info(), "spam");
    }

    #[test]
    fn extra_fields_follow_the_standard_three() {
        let body = json!([{"MsgType": "TIMTextElem", "MsgContent": {"Text": "***"}}]);
        let reply = Reply::allow()
            .try_with_field("MsgBody", body.clone())
            .unwrap();
        let text = String::from_utf8(reply.to_json()).unwrap();
        assert!(text.starts_with(r#"{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,"MsgBody":"#));
        assert_eq!(reply.extra_fields()["MsgBody"], body);
    }

    #[test]
    fn reserved_names_are_refused() {
        assert_eq!(
            Reply::ok().try_with_field("ErrorCode", 9),
            Err(ReservedField("ErrorCode"))
        );
        assert!(Reply::ok().try_with_field("ActionStatus", "FAIL").is_err());
    }

    #[test]
    fn replies_parse_back() {
        let reply: Reply = serde_json::from_slice(OK_JSON).unwrap();
        assert_eq!(reply, Reply::ok());
        let rewrite = Reply::allow()
            .try_with_field("CloudCustomData", "x")
            .unwrap();
        assert_eq!(
            serde_json::from_slice::<Reply>(&rewrite.to_json()).unwrap(),
            rewrite
        );
    }
}
