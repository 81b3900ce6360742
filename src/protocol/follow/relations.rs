//! Follow relationships: a user followed or unfollowed others. Chat sends these callbacks;
//! TUILiveKit documents the same two for live rooms, with the same bodies.

use serde::de::{self, Deserialize, Deserializer, Unexpected};
use serde::ser::{Serialize, Serializer};
use serde_json::value::RawValue;

use crate::protocol::event::envelope::envelope;
use crate::protocol::event::lenient::Field;
use crate::protocol::event::wire::wire_object;

wire_object! {
    /// A followed user as an object: `{"To_Account": "UserID_002"}`.
    pub struct FollowEntry {
        /// The followed user.
        pub to_account: String = "To_Account",
    }
}

/// One user in a follow list. The two follow callbacks shape it differently — an object
/// `{"To_Account": …}` in `FollowList` (follow), a bare string in `To_Account` (unfollow,
/// whose table nevertheless says "user objects") — so both shapes are read in both lists,
/// and each is written back in the shape it came in.
///
/// ```
/// use tencent_im_callback::follow::FollowTarget;
///
/// let object: FollowTarget = serde_json::from_str(r#"{"To_Account":"u2"}"#)?;
/// let bare: FollowTarget = serde_json::from_str(r#""u2""#)?;
/// assert_eq!(object.account(), bare.account());
/// assert_eq!(serde_json::to_string(&object)?, r#"{"To_Account":"u2"}"#);
/// assert_eq!(serde_json::to_string(&bare)?, r#""u2""#);
/// // Ids sent as numbers keep every digit.
/// let big: FollowTarget = serde_json::from_str("144115233775727695")?;
/// assert_eq!(big.account(), "144115233775727695");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum FollowTarget {
    /// A bare user id (a string, or a number kept digit for digit).
    Account(String),
    /// An object with `To_Account` (and any other fields, kept).
    Entry(FollowEntry),
}

impl FollowTarget {
    /// The user id, whatever the shape.
    pub fn account(&self) -> &str {
        match self {
            FollowTarget::Account(account) => account,
            FollowTarget::Entry(entry) => &entry.to_account,
        }
    }
}

impl<'de> Deserialize<'de> for FollowTarget {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Taken whole first: a number must keep its digits, which only the raw text does.
        let raw = Box::<RawValue>::deserialize(deserializer)?;
        let text = raw.get();
        if text.starts_with('{') {
            serde_json::from_str::<FollowEntry>(text)
                .map(FollowTarget::Entry)
                .map_err(|_| {
                    de::Error::invalid_value(
                        Unexpected::Map,
                        &"an object with a `To_Account` string",
                    )
                })
        } else {
            serde_json::from_str::<<String as Field>::Wire>(text)
                .map(|account| FollowTarget::Account(String::from_wire(account)))
                .map_err(|_| {
                    let kind = match text.as_bytes().first() {
                        Some(b'[') => "array",
                        Some(b't' | b'f') => "boolean",
                        Some(b'n') => "null",
                        _ => "fractional number",
                    };
                    de::Error::invalid_type(
                        Unexpected::Other(kind),
                        &"a user id, or an object with `To_Account`",
                    )
                })
        }
    }
}

impl Serialize for FollowTarget {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            FollowTarget::Account(account) => serializer.serialize_str(account),
            FollowTarget::Entry(entry) => entry.serialize(serializer),
        }
    }
}

impl Field for FollowTarget {
    type Wire = FollowTarget;

    fn from_wire(wire: FollowTarget) -> FollowTarget {
        wire
    }
}

wire_object! {
    /// `Follow.CallbackAfterFollowAdd`: a user followed others (by client or REST API; also
    /// TUILiveKit's follow). Requires `From_Account`.
    ///
    /// ```
    /// use tencent_im_callback::follow::FollowAdd;
    ///
    /// let body = r#"{"From_Account":"u1","FollowList":[{"To_Account":"u2"},{"To_Account":"u3"}]}"#;
    /// let event: FollowAdd = serde_json::from_str(body)?;
    /// assert_eq!(event.targets().collect::<Vec<_>>(), ["u2", "u3"]);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct FollowAdd {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// The follower.
        pub from_account: String = "From_Account",
        /// The users followed (objects `{"To_Account": …}`; bare ids are read too).
        pub follow_list: Option<Vec<FollowTarget>> = "FollowList",
        /// When it happened, Unix **milliseconds**.
        pub event_time: Option<u64> = "EventTime",
    }
}

impl FollowAdd {
    /// The user ids of the users followed.
    pub fn targets(&self) -> impl Iterator<Item = &str> {
        self.follow_list.iter().flatten().map(FollowTarget::account)
    }
}

wire_object! {
    /// `Follow.CallbackAfterFollowDelete`: a user unfollowed others (by client or REST API;
    /// also TUILiveKit's unfollow). Requires `From_Account`. Unlike the follow callback, the
    /// targets are an array named `To_Account`.
    ///
    /// ```
    /// use tencent_im_callback::follow::FollowDelete;
    ///
    /// let body = r#"{"From_Account":"u1","To_Account":["u2",{"To_Account":"u3"}]}"#;
    /// let event: FollowDelete = serde_json::from_str(body)?;
    /// assert_eq!(event.targets().collect::<Vec<_>>(), ["u2", "u3"]);
    /// assert_eq!(serde_json::to_string(&event)?, body);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct FollowDelete {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// The user who unfollowed.
        pub from_account: String = "From_Account",
        /// The users unfollowed (bare ids; objects `{"To_Account": …}` are read too).
        pub to_account: Option<Vec<FollowTarget>> = "To_Account",
        /// When it happened, Unix **milliseconds**.
        pub event_time: Option<u64> = "EventTime",
    }
}

impl FollowDelete {
    /// The user ids of the users unfollowed.
    pub fn targets(&self) -> impl Iterator<Item = &str> {
        self.to_account.iter().flatten().map(FollowTarget::account)
    }
}

envelope!(FollowAdd {
    command: callback_command,
    time_ms: event_time,
});

envelope!(FollowDelete {
    command: callback_command,
    time_ms: event_time,
});
