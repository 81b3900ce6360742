//! Official Accounts and their subscribers: creation (before and after), profile changes,
//! destruction, a full account, subscriptions (before and after) and unsubscriptions.
//!
//! Account ids look like `@TOA#_…`; user ids that look numeric are strings (`"107867"`).
//! Create and destroy are triggered through the REST API only. `EventTime` is a JSON number
//! (milliseconds) in every sample.

use serde_json::Value;

use crate::protocol::event::envelope::envelope;
use crate::protocol::event::wire::wire_object;
use crate::protocol::refusal::{custom_code, named_in_request, with_field};
use crate::protocol::reply::{Reply, TypedReply};

pub use crate::protocol::refusal::CodeOutOfRange;

wire_object! {
    /// One subscriber: `{"Subscriber_Account": "jared"}`.
    pub struct Subscriber {
        /// The subscriber's user id.
        pub subscriber_account: String = "Subscriber_Account",
    }
}

/// The user ids of a subscriber list, in order; none when the list is absent.
fn subscribers(list: &Option<Vec<Subscriber>>) -> impl Iterator<Item = &str> {
    list.iter()
        .flatten()
        .map(|subscriber| subscriber.subscriber_account.as_str())
}

wire_object! {
    /// `OfficialAccount.CallbackBeforeCreateOfficialAccount`: an Official Account is about
    /// to be created. Reply with a [`CreateOfficialAccountReply`]. Carries no
    /// `Official_Account` yet.
    pub struct BeforeCreateOfficialAccount {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// Who asked for it.
        pub operator_account: Option<String> = "Operator_Account",
        /// Who will own it.
        pub owner_account: Option<String> = "Owner_Account",
        /// Its name.
        pub name: Option<String> = "Name",
        /// When it happened, Unix **milliseconds**.
        pub event_time: Option<u64> = "EventTime",
    }
}

wire_object! {
    /// `OfficialAccount.CallbackAfterCreateOfficialAccount`: an Official Account was
    /// created. Requires `Official_Account`.
    pub struct AfterCreateOfficialAccount {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// The new account, `@TOA#_…`.
        pub official_account: String = "Official_Account",
        /// Who created it.
        pub operator_account: Option<String> = "Operator_Account",
        /// Who owns it.
        pub owner_account: Option<String> = "Owner_Account",
        /// Its name.
        pub name: Option<String> = "Name",
        /// When it happened, Unix **milliseconds**.
        pub event_time: Option<u64> = "EventTime",
    }
}

wire_object! {
    /// `OfficialAccount.CallbackAfterOfficialAccountInfoChanged`: an account's profile
    /// changed. Requires `Official_Account`. **Only the changed fields are present**: `None`
    /// means "unchanged".
    pub struct OfficialAccountInfoChanged {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// The account.
        pub official_account: String = "Official_Account",
        /// Who changed it.
        pub operator_account: Option<String> = "Operator_Account",
        /// The new introduction, if it changed.
        pub introduction: Option<String> = "Introduction",
        /// The new name, if it changed.
        pub name: Option<String> = "Name",
        /// The new avatar URL, if it changed.
        pub face_url: Option<String> = "FaceUrl",
        /// The new organization, if it changed.
        pub organization: Option<String> = "Organization",
        /// When it happened, Unix **milliseconds**.
        pub event_time: Option<u64> = "EventTime",
    }
}

wire_object! {
    /// `OfficialAccount.CallbackAfterOfficialAccountDestroyed`: an account was destroyed.
    /// Requires `Official_Account`.
    pub struct OfficialAccountDestroyed {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// The account.
        pub official_account: String = "Official_Account",
        /// Who owned it.
        pub owner_account: Option<String> = "Owner_Account",
        /// Its name.
        pub name: Option<String> = "Name",
        /// When it happened, Unix **milliseconds**.
        pub event_time: Option<u64> = "EventTime",
    }
}

wire_object! {
    /// `OfficialAccount.CallbackBeforeAddSubscriber`: users are about to subscribe. Reply
    /// with an [`AddSubscriberReply`], which may refuse some of them. Requires
    /// `Official_Account`.
    pub struct BeforeAddSubscriber {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// The account.
        pub official_account: String = "Official_Account",
        /// Who caused it.
        pub operator_account: Option<String> = "Operator_Account",
        /// The users about to subscribe.
        pub subscribe_account_list: Option<Vec<Subscriber>> = "SubscribeAccountList",
        /// When it happened, Unix **milliseconds**.
        pub event_time: Option<u64> = "EventTime",
    }
}

impl BeforeAddSubscriber {
    /// The user ids of the users about to subscribe.
    pub fn subscribers(&self) -> impl Iterator<Item = &str> {
        subscribers(&self.subscribe_account_list)
    }
}

wire_object! {
    /// `OfficialAccount.CallbackAfterAddSubscriber`: users subscribed. Requires
    /// `Official_Account`.
    pub struct AfterAddSubscriber {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// The account.
        pub official_account: String = "Official_Account",
        /// Who caused it.
        pub operator_account: Option<String> = "Operator_Account",
        /// The new subscribers.
        pub subscribe_account_list: Option<Vec<Subscriber>> = "SubscribeAccountList",
        /// When it happened, Unix **milliseconds**.
        pub event_time: Option<u64> = "EventTime",
    }
}

impl AfterAddSubscriber {
    /// The user ids of the new subscribers.
    pub fn subscribers(&self) -> impl Iterator<Item = &str> {
        subscribers(&self.subscribe_account_list)
    }
}

wire_object! {
    /// `OfficialAccount.CallbackAfterOfficialAccountFull`: the account reached its
    /// subscriber limit. Requires `Official_Account`.
    pub struct OfficialAccountFull {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// The account.
        pub official_account: String = "Official_Account",
        /// When it happened, Unix **milliseconds**.
        pub event_time: Option<u64> = "EventTime",
    }
}

wire_object! {
    /// `OfficialAccount.CallbackAfterDeleteSubscriber`: users unsubscribed or were removed.
    /// Requires `Official_Account`.
    pub struct AfterDeleteSubscriber {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// The account.
        pub official_account: String = "Official_Account",
        /// Who caused it.
        pub operator_account: Option<String> = "Operator_Account",
        /// The former subscribers.
        pub subscribe_account_list: Option<Vec<Subscriber>> = "SubscribeAccountList",
        /// When it happened, Unix **milliseconds**.
        pub event_time: Option<u64> = "EventTime",
    }
}

impl AfterDeleteSubscriber {
    /// The user ids of the former subscribers.
    pub fn subscribers(&self) -> impl Iterator<Item = &str> {
        subscribers(&self.subscribe_account_list)
    }
}

custom_code! {
    /// A custom refusal code for creating an Official Account, passed on to the caller.
    ///
    /// ```
    /// use tencent_im_callback::official_account::OfficialAccountCode;
    ///
    /// assert!(OfficialAccountCode::new(120001).is_ok());
    /// assert!(OfficialAccountCode::new(10100).is_err(), "the group range does not apply");
    /// ```
    pub struct OfficialAccountCode in 120001..=130000;
}

/// The reply to `OfficialAccount.CallbackBeforeCreateOfficialAccount`: allow, deny, or deny
/// with a custom code in [120001, 130000]. Sent with `ActionStatus` `OK`.
///
/// ```
/// use tencent_im_callback::official_account::{
///     BeforeCreateOfficialAccount, CreateOfficialAccountReply, OfficialAccountCode,
/// };
/// use tencent_im_callback::{Callback, CommandRouter, IntoReply};
///
/// let router = CommandRouter::new().on(|cb: Callback<BeforeCreateOfficialAccount>| async move {
///     if cb.event().name.as_deref() == Some("Official") {
///         CreateOfficialAccountReply::reject_with(OfficialAccountCode::MIN, "name reserved")
///     } else {
///         CreateOfficialAccountReply::Allow
///     }
/// });
/// # let _ = router;
/// assert_eq!(CreateOfficialAccountReply::Reject.into_reply().error_code(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum CreateOfficialAccountReply {
    /// Create it (`ErrorCode` 0).
    #[default]
    Allow,
    /// Deny it (`ErrorCode` 1).
    Reject,
    /// Deny it with a custom code and text passed on to the caller.
    RejectWith(OfficialAccountCode, String),
}

impl CreateOfficialAccountReply {
    /// [`CreateOfficialAccountReply::RejectWith`].
    pub fn reject_with(
        code: OfficialAccountCode,
        info: impl Into<String>,
    ) -> CreateOfficialAccountReply {
        CreateOfficialAccountReply::RejectWith(code, info.into())
    }
}

impl From<CreateOfficialAccountReply> for Reply {
    fn from(reply: CreateOfficialAccountReply) -> Reply {
        match reply {
            CreateOfficialAccountReply::Allow => Reply::allow(),
            CreateOfficialAccountReply::Reject => Reply::reject(),
            CreateOfficialAccountReply::RejectWith(code, info) => {
                Reply::reject_with(code.get(), info)
            }
        }
    }
}

impl TypedReply for CreateOfficialAccountReply {}

/// Would-be subscribers to turn away while the others subscribe: users the callback names,
/// each once. Made only from the callback, so it never names anyone else.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RefusedSubscribers(Vec<String>);

impl RefusedSubscribers {
    /// The users of `refused` that `event` is about to subscribe, in its order; others are
    /// dropped.
    pub fn new<R: AsRef<str>>(
        event: &BeforeAddSubscriber,
        refused: impl IntoIterator<Item = R>,
    ) -> RefusedSubscribers {
        RefusedSubscribers(named_in_request(event.subscribers(), refused))
    }

    /// The refused users.
    pub fn accounts(&self) -> &[String] {
        &self.0
    }

    /// Whether nobody is refused.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The reply to `OfficialAccount.CallbackBeforeAddSubscriber`: allow, refuse everyone, or
/// admit all but some.
///
/// Tencent's page names the list of refused users `RefusedSubscribers_Account` in its
/// sample and table but `RefusedMembers_Account` in its prose, and nobody knows which one
/// Tencent reads: a partial refusal sends **both**, with the same users.
///
/// ```
/// use tencent_im_callback::official_account::{AddSubscriberReply, BeforeAddSubscriber};
/// use tencent_im_callback::IntoReply;
///
/// let event: BeforeAddSubscriber = serde_json::from_str(
///     r#"{"Official_Account":"@TOA#_a","SubscribeAccountList":[{"Subscriber_Account":"jared"}]}"#,
/// )?;
/// let reply = AddSubscriberReply::refuse(&event, ["jared"]).into_reply();
/// assert_eq!(reply.error_code(), 0);
/// assert_eq!(reply.extra_fields()["RefusedSubscribers_Account"], serde_json::json!(["jared"]));
/// assert_eq!(reply.extra_fields()["RefusedMembers_Account"], serde_json::json!(["jared"]));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum AddSubscriberReply {
    /// Let everyone subscribe (`ErrorCode` 0).
    #[default]
    Allow,
    /// Refuse everyone (`ErrorCode` 1).
    Reject,
    /// Let everyone subscribe except these (`ErrorCode` 0 with the refused list).
    AllowExcept(RefusedSubscribers),
}

impl AddSubscriberReply {
    /// Admit everyone except those of `refused` the callback names; with nobody left to
    /// refuse, [`AddSubscriberReply::Allow`].
    pub fn refuse<R: AsRef<str>>(
        event: &BeforeAddSubscriber,
        refused: impl IntoIterator<Item = R>,
    ) -> AddSubscriberReply {
        let refused = RefusedSubscribers::new(event, refused);
        if refused.is_empty() {
            AddSubscriberReply::Allow
        } else {
            AddSubscriberReply::AllowExcept(refused)
        }
    }
}

impl From<AddSubscriberReply> for Reply {
    fn from(reply: AddSubscriberReply) -> Reply {
        match reply {
            AddSubscriberReply::Allow => Reply::allow(),
            AddSubscriberReply::Reject => Reply::reject(),
            AddSubscriberReply::AllowExcept(refused) => {
                let list = Value::from(refused.0);
                let reply = with_field(Reply::allow(), "RefusedSubscribers_Account", list.clone());
                with_field(reply, "RefusedMembers_Account", list)
            }
        }
    }
}

impl TypedReply for AddSubscriberReply {}

envelope!(BeforeCreateOfficialAccount {
    command: callback_command,
    operator: operator_account,
    time_ms: event_time,
});

envelope!(AfterCreateOfficialAccount {
    command: callback_command,
    operator: operator_account,
    time_ms: event_time,
});

envelope!(OfficialAccountInfoChanged {
    command: callback_command,
    operator: operator_account,
    time_ms: event_time,
});

envelope!(OfficialAccountDestroyed {
    command: callback_command,
    time_ms: event_time,
});

envelope!(BeforeAddSubscriber {
    command: callback_command,
    operator: operator_account,
    time_ms: event_time,
});

envelope!(AfterAddSubscriber {
    command: callback_command,
    operator: operator_account,
    time_ms: event_time,
});

envelope!(OfficialAccountFull {
    command: callback_command,
    time_ms: event_time,
});

envelope!(AfterDeleteSubscriber {
    command: callback_command,
    operator: operator_account,
    time_ms: event_time,
});
