//! The reply to the friend before-callbacks: a decision per target, not one `ErrorCode`.

use serde_json::{json, Value};

use super::requests::{PrevFriendAdd, PrevFriendResponse};
use crate::protocol::refusal::{custom_code, with_field};
use crate::protocol::reply::{Reply, TypedReply};

pub use crate::protocol::refusal::CodeOutOfRange;

custom_code! {
    /// A code refusing one target of a friend request or answer (`ResultCode`); Tencent
    /// asks that refusals use [38000, 39000].
    ///
    /// ```
    /// use tencent_im_callback::sns::FriendCode;
    ///
    /// assert!(FriendCode::new(38000).is_ok());
    /// assert!(FriendCode::new(39001).is_err());
    /// assert!(FriendCode::new(0).is_err(), "0 allows: use FriendDecision::Allow");
    /// ```
    pub struct FriendCode in 38000..=39000;
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::PrevFriendAdd {}
    impl Sealed for super::PrevFriendResponse {}
}

/// The two callbacks a [`FriendReply`] answers: their targets are what it decides on.
pub trait FriendRequest: sealed::Sealed {
    /// The user ids the reply must decide on, in order.
    fn target_accounts(&self) -> impl Iterator<Item = &str>;
}

impl FriendRequest for PrevFriendAdd {
    fn target_accounts(&self) -> impl Iterator<Item = &str> {
        self.targets()
    }
}

impl FriendRequest for PrevFriendResponse {
    fn target_accounts(&self) -> impl Iterator<Item = &str> {
        self.targets()
    }
}

/// What happens to one target.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FriendDecision {
    /// Let this friendship go ahead (`ResultCode` 0).
    Allow,
    /// Refuse it, with a code in [38000, 39000] and a text (`ResultInfo`).
    Refuse(FriendCode, String),
}

impl FriendDecision {
    /// [`FriendDecision::Refuse`].
    pub fn refuse(code: FriendCode, info: impl Into<String>) -> FriendDecision {
        FriendDecision::Refuse(code, info.into())
    }
}

/// One target's decision, as sent in `ResultItem`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FriendResult {
    to_account: String,
    decision: FriendDecision,
}

impl FriendResult {
    /// The target (`To_Account`).
    pub fn to_account(&self) -> &str {
        &self.to_account
    }

    /// What happens to it.
    pub fn decision(&self) -> &FriendDecision {
        &self.decision
    }

    fn to_json(&self) -> Value {
        let (code, info) = match &self.decision {
            FriendDecision::Allow => (0, ""),
            FriendDecision::Refuse(code, info) => (code.get(), info.as_str()),
        };
        json!({"To_Account": self.to_account, "ResultCode": code, "ResultInfo": info})
    }
}

/// The reply to `Sns.CallbackPrevFriendAdd` and `Sns.CallbackPrevFriendResponse`: one
/// decision for each target of the request (`ResultItem`), sent with `ErrorCode` 0
/// ("processed").
///
/// It is made from the callback itself, so it decides on exactly the request's targets.
///
/// ```
/// use tencent_im_callback::sns::{FriendCode, FriendDecision, FriendReply, PrevFriendAdd};
/// use tencent_im_callback::IntoReply;
///
/// let event: PrevFriendAdd = serde_json::from_str(
///     r#"{"From_Account":"id","FriendItem":[{"To_Account":"id1"},{"To_Account":"id2"}]}"#,
/// )?;
/// let reply = FriendReply::decide(&event, |to| match to {
///     "id2" => FriendDecision::refuse(FriendCode::MIN, "no"),
///     _ => FriendDecision::Allow,
/// });
/// assert_eq!(
///     serde_json::to_value(reply.into_reply())?,
///     serde_json::json!({"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","ResultItem":[
///         {"To_Account":"id1","ResultCode":0,"ResultInfo":""},
///         {"To_Account":"id2","ResultCode":38000,"ResultInfo":"no"}]})
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
///
/// A handler of these commands must return it; a group reply does not compile:
///
/// ```compile_fail
/// use tencent_im_callback::group::GroupReply;
/// use tencent_im_callback::sns::PrevFriendResponse;
/// use tencent_im_callback::{Callback, CommandRouter};
///
/// let router = CommandRouter::new()
///     .on(|_: Callback<PrevFriendResponse>| async { GroupReply::Allow });
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FriendReply {
    results: Vec<FriendResult>,
}

impl FriendReply {
    /// Decides on each target of `request` in turn.
    pub fn decide(
        request: &impl FriendRequest,
        mut decide: impl FnMut(&str) -> FriendDecision,
    ) -> FriendReply {
        let results = request
            .target_accounts()
            .map(|to_account| FriendResult {
                decision: decide(to_account),
                to_account: to_account.to_owned(),
            })
            .collect();
        FriendReply { results }
    }

    /// Allows every target.
    pub fn allow_all(request: &impl FriendRequest) -> FriendReply {
        FriendReply::decide(request, |_| FriendDecision::Allow)
    }

    /// Refuses every target with the same code and text.
    pub fn refuse_all(
        request: &impl FriendRequest,
        code: FriendCode,
        info: impl Into<String>,
    ) -> FriendReply {
        let decision = FriendDecision::Refuse(code, info.into());
        FriendReply::decide(request, |_| decision.clone())
    }

    /// The decisions, one per target, in the request's order.
    pub fn results(&self) -> &[FriendResult] {
        &self.results
    }
}

impl From<FriendReply> for Reply {
    fn from(reply: FriendReply) -> Reply {
        let items: Vec<Value> = reply.results.iter().map(FriendResult::to_json).collect();
        with_field(Reply::ok(), "ResultItem", Value::Array(items))
    }
}

impl TypedReply for FriendReply {}
