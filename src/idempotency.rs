//! Idempotency keys: one stable key per callback, for deduplication.
//!
//! Tencent sends no delivery id, and a callback it retries may arrive twice. Each callback gets
//! an [`IdempotencyKey`] from its command word and body, always with the command in it (so a
//! recall never collides with its send), and derived per command family:
//!
//! | commands | natural key |
//! |---|---|
//! | `C2C.*` | `MsgKey` |
//! | `Group.*` whose name contains `Msg` | `GroupId` (or `GroupID`) and `MsgSeq` |
//! | `Room.*`, `Mic.*`, `Live.*` | the room id (`RoomId`, else `RoomInfo.RoomId`) and `EventTime` |
//! | every other command | none: the digest |
//!
//! A body that lacks its family's fields (a recall carries `MsgSeqList`, not `MsgSeq`), has
//! one of them empty, longer than [`MAX_NATURAL_VALUE`] bytes or of another type than a string
//! or an integer, is not a JSON object, or names another command in its own `CallbackCommand`,
//! falls back to the digest: SHA-256 of the command and the exact body bytes
//! ([`callback_digest`]). **The digest suppresses only byte-identical retries**: a retry whose
//! body differs in any byte (a field reordered, a number spelt differently) gets another key.
//!
//! Natural keys are only as unique as Tencent makes them: two room events of the same command
//! for the same room in the same millisecond share a key, and the second would be taken for a
//! duplicate of the first. Integers and integer strings give the same key (`"MsgSeq":42` and
//! `"MsgSeq":"42"`).
//!
//! The key's text is `<command>|<Field>=<value>|…` for a natural key and
//! `<command>|sha256=<64 hex digits>` for the digest, with `%`, `|`, `=`, spaces, control
//! characters and non-ASCII bytes of the command and values percent-encoded, so that distinct
//! inputs never give the same text.
//!
//! ```
//! use tencent_im_callback::idempotency::idempotency_key;
//!
//! let send = idempotency_key("C2C.CallbackAfterSendMsg", br#"{"MsgKey":"123_456_789"}"#);
//! assert_eq!(send.as_str(), "C2C.CallbackAfterSendMsg|MsgKey=123_456_789");
//! assert!(send.is_natural());
//!
//! // The recall of the same message carries the same MsgKey, and another key.
//! let recall = idempotency_key("C2C.CallbackAfterMsgWithDraw", br#"{"MsgKey":"123_456_789"}"#);
//! assert_ne!(send, recall);
//!
//! // No natural key: the digest of command and body.
//! let other = idempotency_key("Sns.CallbackFriendAdd", br#"{"PairList":[]}"#);
//! assert!(other.as_str().starts_with("Sns.CallbackFriendAdd|sha256="));
//! assert!(!other.is_natural());
//! ```

use std::fmt;

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::protocol::command::Command;

/// The longest natural-key value used, in bytes; longer values fall back to the digest.
pub const MAX_NATURAL_VALUE: usize = 256;

/// What is percent-encoded in a key's parts: the separators, `%` itself, spaces and control
/// characters (non-ASCII bytes always are).
const KEY_PART: &AsciiSet = &CONTROLS.add(b' ').add(b'%').add(b'|').add(b'=');

/// The deduplication key of one callback; see the [module documentation](self) for how it is
/// derived.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IdempotencyKey {
    text: String,
    natural: bool,
}

impl IdempotencyKey {
    /// The key as text: `<command>|<Field>=<value>|…` or `<command>|sha256=<hex>`.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether the key comes from the body's natural key (`false`: from the digest).
    pub fn is_natural(&self) -> bool {
        self.natural
    }

    /// The key's text, owned.
    pub fn into_string(self) -> String {
        self.text
    }
}

impl fmt::Display for IdempotencyKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl AsRef<str> for IdempotencyKey {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

/// The idempotency key of the callback with this command word and body (the exact bytes
/// received). Never fails: a body that is not JSON, or lacks its natural key, gets the digest.
pub fn idempotency_key(command: &str, body: &[u8]) -> IdempotencyKey {
    match natural_key(command, body) {
        Some(parts) => {
            let mut text = encode(command);
            for (name, value) in parts {
                text.push('|');
                text.push_str(name);
                text.push('=');
                text.push_str(&encode(&value));
            }
            IdempotencyKey {
                text,
                natural: true,
            }
        }
        None => IdempotencyKey {
            text: format!(
                "{}|sha256={}",
                encode(command),
                callback_digest(command, body)
            ),
            natural: false,
        },
    }
}

/// SHA-256 of a command and a body, as 64 lowercase hexadecimal digits: the hash of the
/// command's length in bytes as 8 bytes big-endian, the command word, then the body bytes.
///
/// ```
/// use tencent_im_callback::idempotency::callback_digest;
///
/// let digest = callback_digest("Room.CallbackAfterDestroyRoom", br#"{"RoomId":"r1"}"#);
/// assert_eq!(digest.len(), 64);
/// assert_ne!(digest, callback_digest("Room.CallbackAfterDestroyRoom", br#"{"RoomId":"r2"}"#));
/// ```
pub fn callback_digest(command: &str, body: &[u8]) -> String {
    let length = u64::try_from(command.len()).unwrap_or(u64::MAX);
    let digest = Sha256::new()
        .chain_update(length.to_be_bytes())
        .chain_update(command.as_bytes())
        .chain_update(body)
        .finalize();
    hex::encode(digest)
}

fn encode(part: &str) -> String {
    utf8_percent_encode(part, KEY_PART).to_string()
}

/// Which fields make a command's natural key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    /// `C2C.*`: `MsgKey`.
    OneToOne,
    /// `Group.*Msg*`: `GroupId` and `MsgSeq`.
    GroupMessage,
    /// `Room.*`, `Mic.*`, `Live.*`: the room id and `EventTime`.
    Room,
    /// No natural key.
    None,
}

fn family(command: &str) -> Family {
    let (product, name) = command.split_once('.').unwrap_or(("", command));
    match product {
        "C2C" => Family::OneToOne,
        "Group" if name.contains("Msg") => Family::GroupMessage,
        "Room" | "Mic" | "Live" => Family::Room,
        _ => Family::None,
    }
}

/// The natural key's named parts, or `None` when the command has none or the body lacks it.
fn natural_key(command: &str, body: &[u8]) -> Option<Vec<(&'static str, String)>> {
    let family = family(command);
    if family == Family::None {
        return None;
    }
    let fields: NaturalFields = serde_json::from_slice(body).ok()?;
    if let Some(named) = &fields.callback_command {
        if Command::from_wire(named) != Command::from_wire(command) {
            return None;
        }
    }
    let parts = match family {
        Family::OneToOne => vec![("MsgKey", fields.msg_key?.0)],
        Family::GroupMessage => vec![
            ("GroupId", fields.group_id.or(fields.group_id_upper)?.0),
            ("MsgSeq", fields.msg_seq?.0),
        ],
        Family::Room => {
            let room = fields
                .room_id
                .or_else(|| fields.room_info.and_then(|info| info.room_id))?;
            vec![("RoomId", room.0), ("EventTime", fields.event_time?.0)]
        }
        Family::None => return None,
    };
    let usable = parts
        .iter()
        .all(|(_, value)| !value.is_empty() && value.len() <= MAX_NATURAL_VALUE);
    usable.then_some(parts)
}

/// The few fields natural keys are made of; every other field is skipped unread.
#[derive(Deserialize)]
struct NaturalFields {
    #[serde(rename = "CallbackCommand")]
    callback_command: Option<String>,
    #[serde(rename = "MsgKey")]
    msg_key: Option<Scalar>,
    #[serde(rename = "GroupId")]
    group_id: Option<Scalar>,
    #[serde(rename = "GroupID")]
    group_id_upper: Option<Scalar>,
    #[serde(rename = "MsgSeq")]
    msg_seq: Option<Scalar>,
    #[serde(rename = "RoomId")]
    room_id: Option<Scalar>,
    #[serde(rename = "RoomInfo")]
    room_info: Option<RoomRef>,
    #[serde(rename = "EventTime")]
    event_time: Option<Scalar>,
}

#[derive(Deserialize)]
struct RoomRef {
    #[serde(rename = "RoomId")]
    room_id: Option<Scalar>,
}

/// A string or an integer, as text: Tencent sends some integers as strings.
struct Scalar(String);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ScalarVisitor;
        impl Visitor<'_> for ScalarVisitor {
            type Value = Scalar;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or an integer")
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<Scalar, E> {
                Ok(Scalar(value.to_owned()))
            }

            fn visit_string<E: de::Error>(self, value: String) -> Result<Scalar, E> {
                Ok(Scalar(value))
            }

            fn visit_u64<E: de::Error>(self, value: u64) -> Result<Scalar, E> {
                Ok(Scalar(value.to_string()))
            }

            fn visit_i64<E: de::Error>(self, value: i64) -> Result<Scalar, E> {
                Ok(Scalar(value.to_string()))
            }
        }
        deserializer.deserialize_any(ScalarVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(command: &str, body: &str) -> String {
        idempotency_key(command, body.as_bytes()).into_string()
    }

    fn digest_key(command: &str, body: &str) -> String {
        format!(
            "{command}|sha256={}",
            callback_digest(command, body.as_bytes())
        )
    }

    #[test]
    fn one_to_one_messages_use_msg_key() {
        let body = r#"{"CallbackCommand":"C2C.CallbackAfterSendMsg","From_Account":"a",
                       "MsgKey":"2052187155_58936_1622185226","MsgSeq":58936}"#;
        assert_eq!(
            key("C2C.CallbackAfterSendMsg", body),
            "C2C.CallbackAfterSendMsg|MsgKey=2052187155_58936_1622185226"
        );
        assert!(idempotency_key("C2C.CallbackAfterSendMsg", body.as_bytes()).is_natural());
    }

    #[test]
    fn a_recall_never_collides_with_its_send() {
        let body = r#"{"MsgKey":"k1"}"#;
        assert_ne!(
            key("C2C.CallbackAfterSendMsg", body),
            key("C2C.CallbackAfterMsgWithDraw", body)
        );
        let group = r#"{"GroupId":"@TGS#1","MsgSeq":7}"#;
        assert_ne!(
            key("Group.CallbackAfterSendMsg", group),
            key("Group.CallbackAfterRecallMsg", group)
        );
    }

    #[test]
    fn group_messages_use_group_and_sequence() {
        let number = key(
            "Group.CallbackAfterSendMsg",
            r#"{"GroupId":"@TGS#2J4SZEAEL","MsgSeq":123,"MsgBody":[]}"#,
        );
        assert_eq!(
            number,
            "Group.CallbackAfterSendMsg|GroupId=@TGS#2J4SZEAEL|MsgSeq=123"
        );
        let text = key(
            "Group.CallbackAfterSendMsg",
            r#"{"MsgSeq":"123","GroupID":"@TGS#2J4SZEAEL"}"#,
        );
        assert_eq!(number, text);
    }

    #[test]
    fn room_events_use_room_and_event_time() {
        assert_eq!(
            key(
                "Room.CallbackAfterMemberEnter",
                r#"{"RoomId":"r1","EventTime":1703589922780,"MemberList_Account":["a"]}"#
            ),
            "Room.CallbackAfterMemberEnter|RoomId=r1|EventTime=1703589922780"
        );
        assert_eq!(
            key(
                "Room.CallbackAfterCreateRoom",
                r#"{"RoomInfo":{"RoomId":"r1","RoomName":"x"},"EventTime":"1703589922780"}"#
            ),
            "Room.CallbackAfterCreateRoom|RoomId=r1|EventTime=1703589922780"
        );
        assert_eq!(
            key(
                "Mic.CallbackAfterSeatInfoChanged",
                r#"{"RoomId":"r1","EventTime":5}"#
            ),
            "Mic.CallbackAfterSeatInfoChanged|RoomId=r1|EventTime=5"
        );
        assert!(key(
            "Live.CallbackAfterSendGift",
            r#"{"RoomId":"r","EventTime":1}"#
        )
        .ends_with("|RoomId=r|EventTime=1"));
    }

    #[test]
    fn bodies_without_their_natural_key_fall_back_to_the_digest() {
        let cases = [
            ("C2C.CallbackAfterMsgReport", r#"{"Report_Account":"a"}"#),
            (
                "Group.CallbackAfterRecallMsg",
                r#"{"GroupId":"g","MsgSeqList":[{"MsgSeq":1}]}"#,
            ),
            ("Group.CallbackAfterSendMsg", r#"{"MsgSeq":1}"#),
            ("Room.CallbackAfterMemberEnter", r#"{"RoomId":"r1"}"#),
            ("Room.CallbackAfterMemberEnter", r#"{"EventTime":1}"#),
            (
                "Room.CallbackAfterMemberEnter",
                r#"{"RoomId":"","EventTime":1}"#,
            ),
            (
                "Room.CallbackAfterMemberEnter",
                r#"{"RoomId":"r","EventTime":1.5}"#,
            ),
            (
                "Room.CallbackAfterMemberEnter",
                r#"{"RoomId":["r"],"EventTime":1}"#,
            ),
            (
                "Room.CallbackAfterMemberEnter",
                r#"{"RoomId":"r","EventTime":null}"#,
            ),
            ("Room.CallbackAfterMemberEnter", r#"["RoomId","r"]"#),
            ("Room.CallbackAfterMemberEnter", "not json"),
            ("Room.CallbackAfterMemberEnter", ""),
        ];
        for (command, body) in cases {
            let found = idempotency_key(command, body.as_bytes());
            assert!(!found.is_natural(), "{command} {body}");
            assert_eq!(
                found.as_str(),
                digest_key(command, body),
                "{command} {body}"
            );
        }
    }

    #[test]
    fn commands_without_a_natural_key_use_the_digest() {
        for command in [
            "Sns.CallbackFriendAdd",
            "Group.CallbackAfterNewMemberJoin",
            "State.StateChange",
            "NoDot",
        ] {
            let body = r#"{"MsgKey":"k","GroupId":"g","MsgSeq":1,"RoomId":"r","EventTime":1}"#;
            assert_eq!(key(command, body), digest_key(command, body));
        }
    }

    #[test]
    fn the_digest_suppresses_only_byte_identical_bodies() {
        let command = "Group.CallbackAfterNewMemberJoin";
        let a = key(
            command,
            r#"{"GroupId":"g","NewMemberList":[{"Member_Account":"a"}]}"#,
        );
        assert_eq!(
            a,
            key(
                command,
                r#"{"GroupId":"g","NewMemberList":[{"Member_Account":"a"}]}"#
            )
        );
        assert_ne!(
            a,
            key(
                command,
                r#"{"GroupId":"g", "NewMemberList":[{"Member_Account":"a"}]}"#
            )
        );
        // The command is part of the digest.
        assert_ne!(callback_digest("A.B", b"{}"), callback_digest("A.C", b"{}"));
        // The length prefix keeps command and body apart.
        assert_ne!(
            callback_digest("A.B", b"x{}"),
            callback_digest("A.Bx", b"{}")
        );
    }

    #[test]
    fn a_body_naming_another_command_gets_the_digest() {
        let body =
            r#"{"CallbackCommand":"Room.CallbackAfterMemberLeave","RoomId":"r","EventTime":1}"#;
        assert!(!idempotency_key("Room.CallbackAfterMemberEnter", body.as_bytes()).is_natural());
        // The older spelling of the update command is the same command.
        let body = r#"{"CallbackCommand":"Room.CallbackUpdateRoomInfo","RoomInfo":{"RoomId":"r"},"EventTime":1}"#;
        assert!(idempotency_key("Room.CallbackAfterUpdateRoomInfo", body.as_bytes()).is_natural());
    }

    #[test]
    fn separators_in_values_are_encoded() {
        let tricky = key(
            "Group.CallbackAfterSendMsg",
            r#"{"GroupId":"g|MsgSeq=1","MsgSeq":2}"#,
        );
        assert_eq!(
            tricky,
            "Group.CallbackAfterSendMsg|GroupId=g%7CMsgSeq%3D1|MsgSeq=2"
        );
        assert_ne!(
            tricky,
            key(
                "Group.CallbackAfterSendMsg",
                r#"{"GroupId":"g","MsgSeq":1}"#
            )
        );
        assert_eq!(
            key("C2C.CallbackAfterSendMsg", r#"{"MsgKey":"a b\n%é"}"#),
            "C2C.CallbackAfterSendMsg|MsgKey=a%20b%0A%25%C3%A9"
        );
    }

    #[test]
    fn long_values_fall_back_to_the_digest() {
        let long = "r".repeat(MAX_NATURAL_VALUE + 1);
        let body = format!(r#"{{"RoomId":"{long}","EventTime":1}}"#);
        assert!(!idempotency_key("Room.CallbackAfterMemberEnter", body.as_bytes()).is_natural());
        let fits = "r".repeat(MAX_NATURAL_VALUE);
        let body = format!(r#"{{"RoomId":"{fits}","EventTime":1}}"#);
        assert!(idempotency_key("Room.CallbackAfterMemberEnter", body.as_bytes()).is_natural());
    }

    #[test]
    fn arbitrary_bytes_never_panic() {
        const ALPHABET: &[u8] = b"{}[]\":,0123456789RoomIdEventTime \\u";
        let mut state: u32 = 0x9e37_79b9;
        for length in 0..200 {
            let body: Vec<u8> = (0..length)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 17;
                    state ^= state << 5;
                    ALPHABET[state as usize % ALPHABET.len()]
                })
                .collect();
            let found = idempotency_key("Room.CallbackAfterMemberEnter", &body);
            assert!(found.as_str().starts_with("Room.CallbackAfterMemberEnter|"));
        }
    }
}
