//! The relationship after-callbacks: friendships and block-list entries, as pairs of users.

use crate::protocol::event::envelope::envelope;
use crate::protocol::event::wire::{wire_enum, wire_object};

wire_enum! {
    /// `ClientCmd`: what made a friendship. Tencent documents two spellings of each value,
    /// kept as received; match on [`is_request`](Self::is_request) and
    /// [`is_response`](Self::is_response) to accept both.
    pub enum ClientCmd {
        /// A friend request (snake-case spelling).
        FriendAdd = "friend_add",
        /// A friend request (Pascal-case spelling).
        FriendAddPascal = "FriendAdd",
        /// An accepted friend request (snake-case spelling).
        FriendResponse = "friend_response",
        /// An accepted friend request (Pascal-case spelling).
        FriendResponsePascal = "FriendResponse",
    }
}

impl ClientCmd {
    /// A friend request, in either spelling.
    pub fn is_request(&self) -> bool {
        matches!(self, ClientCmd::FriendAdd | ClientCmd::FriendAddPascal)
    }

    /// An answer to a friend request, in either spelling.
    pub fn is_response(&self) -> bool {
        matches!(
            self,
            ClientCmd::FriendResponse | ClientCmd::FriendResponsePascal
        )
    }
}

wire_object! {
    /// One relationship: `From_Account` has `To_Account` as a friend (or blocked).
    pub struct FriendPair {
        /// The user whose list changed.
        pub from_account: String = "From_Account",
        /// The user added to or removed from it.
        pub to_account: String = "To_Account",
        /// Who started it (friend additions only).
        pub initiator_account: Option<String> = "Initiator_Account",
    }
}

wire_object! {
    /// `Sns.CallbackFriendAdd`: friendships were made (a one-way add, an accepted request,
    /// an admin's forced add; importing friends through the REST API does not trigger it).
    /// Requires `PairList`. No `EventTime` is documented.
    ///
    /// ```
    /// use tencent_im_callback::sns::FriendAdd;
    ///
    /// let body = r#"{"PairList":[{"From_Account":"a","To_Account":"b"}],"ClientCmd":"FriendAdd","Admin_Account":""}"#;
    /// let event: FriendAdd = serde_json::from_str(body)?;
    /// assert!(event.client_cmd.as_ref().is_some_and(|cmd| cmd.is_request()));
    /// assert_eq!(event.admin(), None);
    /// // The spelling Tencent used is kept.
    /// assert_eq!(serde_json::to_string(&event)?, body);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct FriendAdd {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// The new relationships.
        pub pair_list: Vec<FriendPair> = "PairList",
        /// What made them.
        pub client_cmd: Option<ClientCmd> = "ClientCmd",
        /// The admin when made through the REST API, `""` otherwise.
        pub admin_account: Option<String> = "Admin_Account",
        /// 1 when forced by an admin, 0 otherwise.
        pub force_flag: Option<u64> = "ForceFlag",
        /// When it happened, Unix **milliseconds** (not documented for this callback).
        pub event_time: Option<u64> = "EventTime",
    }
}

impl FriendAdd {
    /// The admin who made the friendships through the REST API (an empty
    /// `Admin_Account` means none).
    pub fn admin(&self) -> Option<&str> {
        self.admin_account
            .as_deref()
            .filter(|admin| !admin.is_empty())
    }

    /// Whether an admin forced the add (`ForceFlag` 1).
    pub fn is_forced(&self) -> bool {
        self.force_flag == Some(1)
    }
}

wire_object! {
    /// `Sns.CallbackFriendDelete`: friendships ended. A two-way delete lists both
    /// directions as separate pairs. Requires `PairList`.
    pub struct FriendDelete {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// The ended relationships.
        pub pair_list: Vec<FriendPair> = "PairList",
        /// When it happened, Unix **milliseconds** (not documented for this callback).
        pub event_time: Option<u64> = "EventTime",
    }
}

wire_object! {
    /// `Sns.CallbackBlackListAdd`: `From_Account` blocked `To_Account` (capital L in the
    /// command, as Tencent spells it). Requires `PairList`.
    pub struct BlackListAdd {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// Who blocked whom.
        pub pair_list: Vec<FriendPair> = "PairList",
        /// When it happened, Unix **milliseconds** (not documented for this callback).
        pub event_time: Option<u64> = "EventTime",
    }
}

wire_object! {
    /// `Sns.CallbackBlackListDelete`: `From_Account` unblocked `To_Account`. Requires
    /// `PairList`.
    pub struct BlackListDelete {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// Who unblocked whom.
        pub pair_list: Vec<FriendPair> = "PairList",
        /// When it happened, Unix **milliseconds** (not documented for this callback).
        pub event_time: Option<u64> = "EventTime",
    }
}

envelope!(FriendAdd {
    command: callback_command,
    time_ms: event_time,
});

envelope!(FriendDelete {
    command: callback_command,
    time_ms: event_time,
});

envelope!(BlackListAdd {
    command: callback_command,
    time_ms: event_time,
});

envelope!(BlackListDelete {
    command: callback_command,
    time_ms: event_time,
});
