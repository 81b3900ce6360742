//! IM cloud-moderation results (`ContentCallback.ResultNotify`): what Tencent's content
//! moderation decided about a message, a profile or a relationship.
//!
//! The body names **no `CallbackCommand`**: the command is the query's. It spells the app id
//! `SdkAppId` (the query says `SdkAppid`) and the message id `MsgID` (elsewhere `MsgId`);
//! both spellings are read. `TextContent` is an array of strings on the newer page and a
//! string on the older one; both are kept as sent.
//!
//! ```
//! use tencent_im_callback::moderation::{ResultNotify, Scene};
//!
//! let body = br#"{"Scene":"C2C","SdkAppId":1400187352,"From_Account":"jared",
//!     "ContactItem":{"ContactType":1,"To_Account":"Jonh"},"ContentType":"Text",
//!     "TextContent":["aaabbbccc","1234567"],"MsgID":"1434460578_4137340972_1661154487",
//!     "CtxcbResult":1,"CtxcbKeywords":["aaabbbccc"]}"#;
//! let result: ResultNotify = serde_json::from_slice(body)?;
//! assert_eq!(result.scene, Some(Scene::C2c));
//! assert!(result.blocked());
//! let text: Vec<&str> = result.text_content.as_ref().unwrap().iter().collect();
//! assert_eq!(text, ["aaabbbccc", "1234567"]);
//! # Ok::<(), serde_json::Error>(())
//! ```

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, SeqAccess, Visitor};
use serde::ser::{Serialize, Serializer};

use super::event::envelope::envelope;
use super::event::lenient::{refuse_scalars_quietly, Field};
use super::event::wire::{wire_enum, wire_object};
use super::message::number::code_enum;

wire_enum! {
    /// `Scene`: what was moderated.
    pub enum Scene {
        /// A one-to-one message.
        C2c = "C2C",
        /// A one-to-one custom message.
        C2cCustom = "C2CCustom",
        /// A group message.
        Group = "Group",
        /// A group custom message.
        GroupCustom = "GroupCustom",
        /// A group's profile.
        GroupInfo = "GroupInfo",
        /// A group member's profile.
        GroupMemberInfo = "GroupMemberInfo",
        /// A relationship (friend remarks, groups).
        RelationChain = "RelationChain",
        /// A user's profile.
        UserInfo = "UserInfo",
    }
}

wire_enum! {
    /// `ContentType`: the kind of content moderated.
    pub enum ContentType {
        /// Text (see `TextContent`).
        Text = "Text",
        /// An image (see `FileURL`).
        Image = "Image",
        /// Audio (see `FileURL`).
        Audio = "Audio",
        /// Video (see `FileURL`).
        Video = "Video",
    }
}

code_enum! {
    /// `ContactType`: the kind of conversation.
    pub enum ContactType {
        /// One-to-one (`To_Account` is set).
        C2c = 1,
        /// Group (`ToGroupId` is set).
        Group = 2,
    }
}

wire_object! {
    /// `ContactItem`: the conversation the moderated content was sent in.
    pub struct ContactItem {
        /// One-to-one or group.
        pub contact_type: Option<ContactType> = "ContactType",
        /// The recipient (one-to-one).
        pub to_account: Option<String> = "To_Account",
        /// The group (group).
        pub to_group_id: Option<String> = "ToGroupId",
    }
}

/// `TextContent`: the moderated text, as a list of strings (newer page) or one string (older
/// page); kept in the shape it was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextContent {
    /// Sent as an array of strings.
    List(Vec<String>),
    /// Sent as one string.
    Text(String),
}

impl TextContent {
    /// The texts, whichever shape they came in.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        let (list, text): (&[String], Option<&str>) = match self {
            TextContent::List(list) => (list, None),
            TextContent::Text(text) => (&[], Some(text)),
        };
        list.iter().map(String::as_str).chain(text)
    }
}

impl<'de> Deserialize<'de> for TextContent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextContentVisitor;
        impl<'de> Visitor<'de> for TextContentVisitor {
            type Value = TextContent;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or an array of strings")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<TextContent, E> {
                Ok(TextContent::Text(text.to_owned()))
            }

            fn visit_string<E: de::Error>(self, text: String) -> Result<TextContent, E> {
                Ok(TextContent::Text(text))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<TextContent, A::Error> {
                let mut list = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
                while let Some(text) = seq.next_element::<PlainString>()? {
                    list.push(text.0);
                }
                Ok(TextContent::List(list))
            }

            fn visit_map<A: de::MapAccess<'de>>(self, _: A) -> Result<TextContent, A::Error> {
                Err(de::Error::invalid_type(de::Unexpected::Map, &self))
            }

            refuse_scalars_quietly!(
                visit_bool(bool) => "boolean",
                visit_i64(i64) => "integer",
                visit_u64(u64) => "integer",
                visit_f64(f64) => "number",
                visit_bytes(&[u8]) => "bytes",
            );
        }
        deserializer.deserialize_any(TextContentVisitor)
    }
}

/// A JSON string, and nothing else, refused without repeating the value.
struct PlainString(String);

impl<'de> Deserialize<'de> for PlainString {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct StringVisitor;
        impl<'de> Visitor<'de> for StringVisitor {
            type Value = PlainString;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<PlainString, E> {
                Ok(PlainString(text.to_owned()))
            }

            fn visit_string<E: de::Error>(self, text: String) -> Result<PlainString, E> {
                Ok(PlainString(text))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<PlainString, A::Error> {
                Err(de::Error::invalid_type(de::Unexpected::Seq, &self))
            }

            fn visit_map<A: de::MapAccess<'de>>(self, _: A) -> Result<PlainString, A::Error> {
                Err(de::Error::invalid_type(de::Unexpected::Map, &self))
            }

            refuse_scalars_quietly!(
                visit_bool(bool) => "boolean",
                visit_i64(i64) => "integer",
                visit_u64(u64) => "integer",
                visit_f64(f64) => "number",
                visit_bytes(&[u8]) => "bytes",
            );
        }
        deserializer.deserialize_any(StringVisitor)
    }
}

impl Serialize for TextContent {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            TextContent::List(list) => list.serialize(serializer),
            TextContent::Text(text) => serializer.serialize_str(text),
        }
    }
}

impl Field for TextContent {
    type Wire = Self;

    fn from_wire(wire: Self) -> Self {
        wire
    }
}

wire_object! {
    /// `ContentCallback.ResultNotify`: cloud moderation's verdict on a piece of content (by
    /// default only violations are reported). Dispatched on the query's command: the body
    /// has none.
    pub struct ResultNotify {
        /// A command word, should a body ever carry one (Tencent's does not).
        pub callback_command: Option<String> = "CallbackCommand",
        /// What was moderated.
        pub scene: Option<Scene> = "Scene",
        /// The app (spelled `SdkAppId` here; `SdkAppid` is read too).
        pub sdk_app_id: Option<u64> = "SdkAppId" | "SdkAppid",
        /// The author of the content.
        pub from_account: Option<String> = "From_Account",
        /// The conversation it was sent in.
        pub contact_item: Option<ContactItem> = "ContactItem",
        /// The kind of content.
        pub content_type: Option<ContentType> = "ContentType",
        /// The moderated text (text content).
        pub text_content: Option<TextContent> = "TextContent",
        /// The moderated file (image, audio and video content).
        pub file_url: Option<String> = "FileURL",
        /// The message: its `MsgKey` for one-to-one messages, its `MsgSeq` (as a string) for
        /// group messages. Spelled `MsgID` here; `MsgId` is read too.
        pub msg_id: Option<String> = "MsgID" | "MsgId",
        /// 1 blocked, 0 passed (see [`blocked`](Self::blocked)).
        pub ctxcb_result: Option<u64> = "CtxcbResult",
        /// The moderation request's id.
        pub ctxcb_request_id: Option<String> = "CtxcbRequestId",
        /// The keywords that matched.
        pub ctxcb_keywords: Option<Vec<String>> = "CtxcbKeywords",
        /// The suggestion, such as `Block` or `Review`.
        pub ctxcb_suggestion: Option<String> = "CtxcbSuggestion",
        /// The label, such as `Porn`.
        pub ctxcb_label: Option<String> = "CtxcbLabel",
        /// The sub-label.
        pub ctxcb_sub_label: Option<String> = "CtxcbSubLabel",
        /// The sub-label's description.
        pub ctxcb_sub_label_desc: Option<String> = "CtxcbSubLabelDesc",
        /// The custom library that matched.
        pub ctxcb_lib_name: Option<String> = "CtxcbLibName",
        /// The message's custom data.
        pub cloud_custom_data: Option<String> = "CloudCustomData",
    }
}

envelope!(ResultNotify {
    command: callback_command,
});

impl ResultNotify {
    /// Whether moderation blocked the content (`CtxcbResult` 1).
    pub fn blocked(&self) -> bool {
        self.ctxcb_result == Some(1)
    }
}
