//! The content of each documented message element type (`MsgContent` by `MsgType`).

use crate::protocol::event::compact::compact;
use crate::protocol::event::wire::wire_object;
use crate::protocol::event::RawJson;

use super::body::MsgBody;
use super::number::code_enum;

wire_object! {
    /// `TIMTextElem`: text. Its `Text` is also the offline-push text.
    pub struct TextElem {
        /// The text.
        pub text: String = "Text",
    }
}

impl TextElem {
    /// A text element.
    pub fn new(text: impl Into<String>) -> TextElem {
        TextElem {
            text: text.into(),
            ..TextElem::default()
        }
    }
}

wire_object! {
    /// `TIMLocationElem`: a location (push text `[Location]`).
    pub struct LocationElem {
        /// A description of the place.
        pub desc: Option<String> = "Desc",
        /// Latitude, degrees.
        pub latitude: Option<f64> = "Latitude",
        /// Longitude, degrees.
        pub longitude: Option<f64> = "Longitude",
    }
}

wire_object! {
    /// `TIMFaceElem`: an emoji or sticker (push text `[Face]`).
    pub struct FaceElem {
        /// The sticker's index, as the app defines it.
        pub index: Option<u64> = "Index",
        /// Extra data, as the app defines it.
        pub data: Option<String> = "Data",
    }
}

wire_object! {
    /// `TIMCustomElem`: the app's own message. At most one per message. `Data` is kept
    /// exactly as the string it is, never decoded or re-encoded, even when it holds JSON.
    pub struct CustomElem {
        /// The app's payload (often JSON inside a string). Not sent to APNs.
        pub data: Option<String> = "Data",
        /// The description; also the offline-push text.
        pub desc: Option<String> = "Desc",
        /// Extension data, passed to APNs as `ext`.
        pub ext: Option<String> = "Ext",
        /// The push sound.
        pub sound: Option<String> = "Sound",
    }
}

impl CustomElem {
    /// A custom element carrying `data`.
    pub fn with_data(data: impl Into<String>) -> CustomElem {
        CustomElem {
            data: Some(data.into()),
            ..CustomElem::default()
        }
    }
}

wire_object! {
    /// `TIMSoundElem`: a voice message. The SDK 2.x/3.x format has only `UUID`, `Size` and
    /// `Second`.
    pub struct SoundElem {
        /// Where to download it.
        pub url: Option<String> = "Url",
        /// Its id.
        pub uuid: Option<String> = "UUID",
        /// Its size, bytes.
        pub size: Option<u64> = "Size",
        /// Its length, seconds.
        pub second: Option<u64> = "Second",
        /// The download flag; Tencent documents it as always 2.
        pub download_flag: Option<u64> = "Download_Flag",
    }
}

code_enum! {
    /// `ImageFormat` of a `TIMImageElem`.
    pub enum ImageFormat {
        /// JPG.
        Jpg = 1,
        /// GIF.
        Gif = 2,
        /// PNG.
        Png = 3,
        /// BMP.
        Bmp = 4,
        /// Any other format.
        Unknown = 255,
    }
}

code_enum! {
    /// `Type` of one image in a `TIMImageElem`'s `ImageInfoArray`.
    pub enum ImageSize {
        /// The original image.
        Original = 1,
        /// The large version.
        Large = 2,
        /// The thumbnail.
        Thumbnail = 3,
    }
}

wire_object! {
    /// One image of a `TIMImageElem`: the original, large or thumbnail version.
    pub struct ImageInfo {
        /// Which version this is.
        pub size_type: Option<ImageSize> = "Type",
        /// Its size, bytes (0 allowed).
        pub size: Option<u64> = "Size",
        /// Its width, pixels (0 allowed).
        pub width: Option<u64> = "Width",
        /// Its height, pixels (0 allowed).
        pub height: Option<u64> = "Height",
        /// Where to download it (`URL`, upper-case here, unlike `Url` elsewhere).
        pub url: Option<String> = "URL",
    }
}

wire_object! {
    /// `TIMImageElem`: an image, in up to three versions.
    pub struct ImageElem {
        /// The image's id.
        pub uuid: Option<String> = "UUID",
        /// Its format.
        pub image_format: Option<ImageFormat> = "ImageFormat",
        /// The original, large and thumbnail versions.
        pub image_info_array: Option<Vec<ImageInfo>> = "ImageInfoArray",
    }
}

wire_object! {
    /// `TIMFileElem`: a file. The SDK 2.x/3.x format lacks `Url` and `Download_Flag`.
    pub struct FileElem {
        /// Where to download it.
        pub url: Option<String> = "Url",
        /// Its id.
        pub uuid: Option<String> = "UUID",
        /// Its size, bytes.
        pub file_size: Option<u64> = "FileSize",
        /// Its name (Tencent's English table spells it `fileName`; read too).
        pub file_name: Option<String> = "FileName" | "fileName",
        /// The download flag; Tencent documents it as always 2.
        pub download_flag: Option<u64> = "Download_Flag",
    }
}

wire_object! {
    /// `TIMVideoFileElem`: a video and its thumbnail. The SDK 2.x/3.x format lacks the URLs
    /// and download flags.
    pub struct VideoFileElem {
        /// Where to download the video.
        pub video_url: Option<String> = "VideoUrl",
        /// The video's id.
        pub video_uuid: Option<String> = "VideoUUID",
        /// The video's size, bytes.
        pub video_size: Option<u64> = "VideoSize",
        /// The video's length, seconds (web clients send 0).
        pub video_second: Option<u64> = "VideoSecond",
        /// The video's format, such as `mp4`.
        pub video_format: Option<String> = "VideoFormat",
        /// The video's download flag (no underscore, unlike `Download_Flag`); always 2.
        pub video_download_flag: Option<u64> = "VideoDownloadFlag",
        /// Where to download the thumbnail.
        pub thumb_url: Option<String> = "ThumbUrl",
        /// The thumbnail's id.
        pub thumb_uuid: Option<String> = "ThumbUUID",
        /// The thumbnail's size, bytes.
        pub thumb_size: Option<u64> = "ThumbSize",
        /// The thumbnail's width, pixels.
        pub thumb_width: Option<u64> = "ThumbWidth",
        /// The thumbnail's height, pixels.
        pub thumb_height: Option<u64> = "ThumbHeight",
        /// The thumbnail's format, such as `JPG`.
        pub thumb_format: Option<String> = "ThumbFormat",
        /// The thumbnail's download flag; always 2.
        pub thumb_download_flag: Option<u64> = "ThumbDownloadFlag",
    }
}

wire_object! {
    /// One forwarded message inside a `TIMRelayElem`'s `MsgList`.
    pub struct RelayMsg {
        /// Its sender.
        pub from_account: Option<String> = "From_Account",
        /// Its recipient (one-to-one messages only).
        pub to_account: Option<String> = "To_Account",
        /// Its group (group messages only).
        pub group_id: Option<String> = "GroupId",
        /// Its sequence number.
        pub msg_seq: Option<u64> = "MsgSeq",
        /// Its random.
        pub msg_random: Option<u64> = "MsgRandom",
        /// When it was sent, Unix **seconds**.
        pub msg_time_stamp: Option<u64> = "MsgTimeStamp",
        /// Its elements (recursively, they may forward messages again).
        pub msg_body: Option<MsgBody> = "MsgBody",
        /// Its custom data.
        pub cloud_custom_data: Option<String> = "CloudCustomData",
    }
}

impl RelayMsg {
    /// `MsgTimeStamp` as a `SystemTime` (the wire value is in seconds).
    pub fn sent_at(&self) -> Option<std::time::SystemTime> {
        crate::protocol::event::envelope::seconds(self.msg_time_stamp)
    }
}

wire_object! {
    /// `TIMRelayElem`: merged forwarded messages (native SDK 5.2.210+, web 2.10.1+). Carries
    /// either the messages themselves (`MsgList`, when they total 12 KB or less) or the key to
    /// fetch them (`JsonMsgKey`).
    pub struct RelayElem {
        /// The title of the forwarded chat.
        pub title: Option<String> = "Title",
        /// How many messages are forwarded.
        pub msg_num: Option<u64> = "MsgNum",
        /// The text shown by clients that cannot display merged messages.
        pub compatible_text: Option<String> = "CompatibleText",
        /// The summary lines.
        pub abstract_list: Option<Vec<String>> = "AbstractList",
        /// The forwarded messages, when they total 12 KB or less.
        pub msg_list: Option<Vec<RelayMsg>> = "MsgList",
        /// The key to fetch the forwarded messages, when they are larger.
        pub json_msg_key: Option<String> = "JsonMsgKey",
    }
}

/// An element whose `MsgType` this crate does not know (such as `TIMGroupTipElem`), kept as
/// received: a new element type never makes a message callback fail.
///
/// Two unknown elements are equal when their type and their content's JSON are, whatever the
/// whitespace between the content's tokens (the content is written compactly).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct UnknownElem {
    /// The `MsgType`, as received.
    pub msg_type: String,
    /// The `MsgContent` exactly as received (`None` when the element had none).
    pub msg_content: Option<RawJson>,
}

impl PartialEq for UnknownElem {
    fn eq(&self, other: &UnknownElem) -> bool {
        self.msg_type == other.msg_type
            && match (&self.msg_content, &other.msg_content) {
                (Some(a), Some(b)) => a == b || compact(a.get()) == compact(b.get()),
                (None, None) => true,
                _ => false,
            }
    }
}
