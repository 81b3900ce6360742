//! The replies to the group before-callbacks: what Tencent honours, and nothing else.
//!
//! Every decision is sent with `ActionStatus` `OK`, as Tencent's samples do; the decision is
//! the `ErrorCode`: `0` allow, `1` refuse (the caller gets error 10016), or a custom code in
//! [10100, 10200], which refuses and shows `ErrorInfo` to the caller.

use serde_json::Value;

use super::members::BeforeInviteJoinGroup;
use crate::protocol::refusal::{custom_code, named_in_request, with_field};
use crate::protocol::reply::{Reply, TypedReply};

pub use crate::protocol::refusal::CodeOutOfRange;

custom_code! {
    /// A custom refusal code for a group before-callback: Tencent refuses the action and
    /// passes the code and `ErrorInfo` on to the caller.
    ///
    /// ```
    /// use tencent_im_callback::group::GroupCode;
    ///
    /// assert_eq!(GroupCode::new(10150).map(GroupCode::get), Ok(10150));
    /// assert!(GroupCode::new(10099).is_err());
    /// assert!(GroupCode::new(10201).is_err());
    /// assert_eq!(GroupCode::MIN.get(), 10100);
    /// ```
    pub struct GroupCode in 10100..=10200;
}

/// The reply to `Group.CallbackBeforeCreateGroup`, `Group.CallbackBeforeApplyJoinGroup` and
/// `Group.CallbackBeforeCreateTopic`: allow, refuse, or refuse with a custom code. No reply
/// can change the group or topic.
///
/// A handler registered with [`CommandRouter::on`](crate::CommandRouter::on) for one of
/// these commands must return this type:
///
/// ```
/// use tencent_im_callback::group::{BeforeCreateGroup, GroupCode, GroupReply};
/// use tencent_im_callback::{Callback, CommandRouter, IntoReply};
///
/// let router = CommandRouter::new().on(|cb: Callback<BeforeCreateGroup>| async move {
///     match cb.event().name.as_deref() {
///         Some(name) if name.contains("spam") => {
///             GroupReply::reject_with(GroupCode::new(10101).unwrap(), "name refused")
///         }
///         _ => GroupReply::Allow,
///     }
/// });
/// # let _ = router;
/// assert_eq!(GroupReply::Reject.into_reply().error_code(), 1);
/// let custom = GroupReply::reject_with(GroupCode::MAX, "full").into_reply();
/// assert_eq!((custom.error_code(), custom.error_info()), (10200, "full"));
/// assert!(custom.is_ok());
/// ```
///
/// The invitation callback answers with [`InviteReply`] instead; a `GroupReply` does not
/// compile there:
///
/// ```compile_fail
/// use tencent_im_callback::group::{BeforeInviteJoinGroup, GroupReply};
/// use tencent_im_callback::{Callback, CommandRouter};
///
/// let router = CommandRouter::new()
///     .on(|_: Callback<BeforeInviteJoinGroup>| async { GroupReply::Allow });
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum GroupReply {
    /// Let it go ahead (`ErrorCode` 0). Also what Tencent does when no reply comes in time.
    #[default]
    Allow,
    /// Refuse it (`ErrorCode` 1): the caller gets error 10016.
    Reject,
    /// Refuse it with a custom code; Tencent shows the code and the text to the caller.
    RejectWith(GroupCode, String),
}

impl GroupReply {
    /// [`GroupReply::RejectWith`].
    pub fn reject_with(code: GroupCode, info: impl Into<String>) -> GroupReply {
        GroupReply::RejectWith(code, info.into())
    }
}

impl From<GroupReply> for Reply {
    fn from(reply: GroupReply) -> Reply {
        match reply {
            GroupReply::Allow => Reply::allow(),
            GroupReply::Reject => Reply::reject(),
            GroupReply::RejectWith(code, info) => Reply::reject_with(code.get(), info),
        }
    }
}

impl TypedReply for GroupReply {}

/// Invitees to turn away while the others join: accounts the invitation named, each once.
///
/// The only way to make one is from the callback itself, so that it can never name someone
/// who was not invited (Tencent's behaviour for such a name is undocumented).
///
/// ```
/// use tencent_im_callback::group::{BeforeInviteJoinGroup, RefusedInvitees};
///
/// let event: BeforeInviteJoinGroup = serde_json::from_str(
///     r#"{"GroupId":"@TGS#1","DestinationMembers":[{"Member_Account":"jared"},{"Member_Account":"leckie"}]}"#,
/// )?;
/// let refused = RefusedInvitees::new(&event, ["mallory", "jared", "jared"]);
/// assert_eq!(refused.accounts(), ["jared"]);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RefusedInvitees(Vec<String>);

impl RefusedInvitees {
    /// The accounts of `refused` that `event` invites, in the invitation's order; others
    /// are dropped.
    pub fn new<R: AsRef<str>>(
        event: &BeforeInviteJoinGroup,
        refused: impl IntoIterator<Item = R>,
    ) -> RefusedInvitees {
        RefusedInvitees(named_in_request(event.invitees(), refused))
    }

    /// The refused invitees.
    pub fn accounts(&self) -> &[String] {
        &self.0
    }

    /// Whether nobody is refused.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The reply to `Group.CallbackBeforeInviteJoinGroup`: allow, refuse everyone (plainly or
/// with a custom code), or admit the invitees but some (`RefusedMembers_Account`, sent with
/// `ErrorCode` 0).
///
/// ```
/// use tencent_im_callback::group::{BeforeInviteJoinGroup, InviteReply};
/// use tencent_im_callback::{Callback, CommandRouter, IntoReply};
///
/// let router = CommandRouter::new().on(|cb: Callback<BeforeInviteJoinGroup>| async move {
///     InviteReply::refuse(cb.event(), ["banned-user"])
/// });
/// # let _ = router;
/// let event: BeforeInviteJoinGroup = serde_json::from_str(
///     r#"{"GroupId":"g","DestinationMembers":[{"Member_Account":"jared"},{"Member_Account":"bob"}]}"#,
/// )?;
/// let reply = InviteReply::refuse(&event, ["jared", "nobody"]).into_reply();
/// assert_eq!(reply.error_code(), 0);
/// assert_eq!(reply.extra_fields()["RefusedMembers_Account"], serde_json::json!(["jared"]));
/// // Refusing only people who were not invited refuses nobody.
/// assert_eq!(InviteReply::refuse(&event, ["nobody"]), InviteReply::Allow);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum InviteReply {
    /// Admit every invitee (`ErrorCode` 0).
    #[default]
    Allow,
    /// Refuse the whole invitation (`ErrorCode` 1): the caller gets error 10016.
    Reject,
    /// Refuse the whole invitation with a custom code shown to the caller.
    RejectWith(GroupCode, String),
    /// Admit the invitees except these (`ErrorCode` 0 with `RefusedMembers_Account`).
    AllowExcept(RefusedInvitees),
}

impl InviteReply {
    /// Admit the invitees except those of `refused` the invitation names; with nobody left
    /// to refuse, [`InviteReply::Allow`].
    pub fn refuse<R: AsRef<str>>(
        event: &BeforeInviteJoinGroup,
        refused: impl IntoIterator<Item = R>,
    ) -> InviteReply {
        let refused = RefusedInvitees::new(event, refused);
        if refused.is_empty() {
            InviteReply::Allow
        } else {
            InviteReply::AllowExcept(refused)
        }
    }

    /// [`InviteReply::RejectWith`].
    pub fn reject_with(code: GroupCode, info: impl Into<String>) -> InviteReply {
        InviteReply::RejectWith(code, info.into())
    }
}

/// A decision that applies to the whole invitation.
impl From<GroupReply> for InviteReply {
    fn from(reply: GroupReply) -> InviteReply {
        match reply {
            GroupReply::Allow => InviteReply::Allow,
            GroupReply::Reject => InviteReply::Reject,
            GroupReply::RejectWith(code, info) => InviteReply::RejectWith(code, info),
        }
    }
}

impl From<InviteReply> for Reply {
    fn from(reply: InviteReply) -> Reply {
        match reply {
            InviteReply::Allow => Reply::allow(),
            InviteReply::Reject => Reply::reject(),
            InviteReply::RejectWith(code, info) => Reply::reject_with(code.get(), info),
            InviteReply::AllowExcept(refused) => with_field(
                Reply::allow(),
                "RefusedMembers_Account",
                Value::from(refused.0),
            ),
        }
    }
}

impl TypedReply for InviteReply {}
