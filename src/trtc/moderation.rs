//! Group 11, cloud moderation or "content understanding" (codes 1101–1106), with Tencent
//! TIANYU, Shumei or NetEase Yidun as provider.
//!
//! The `EventInfo` is as group 10's: `RoomId` (a string in every sample), `EventTs`
//! (seconds; a string in Tencent's 1102 sample), `EventMsTs`, `UserId` (the moderation
//! robot), `TaskId`, a `Payload`, and on 1104 the anchor's `StreamerUserId` (group 10 spells
//! it `StreamUserId`: both are read). The 1104 and 1106 constants differ between Tencent's
//! table and its section headers (`…_TASK_INFO`/`…_FILE_INFO`, `…_UPLOAD_ERROR`/`…_SEND_ERROR`).

use serde_json::Number;

use super::payload::{ErrorPayload, LeaveCodePayload, StatusPayload};
use super::values::{RawJson, RoomId, UnixMillis, UnixSecs};
use super::wire::{code_enum, event_info, trtc_object};

/// A group-11 `EventInfo` around its `Payload`.
macro_rules! moderation_event {
    ($(#[$meta:meta])* $name:ident($payload:ty)) => {
        trtc_object! {
            $(#[$meta])*
            pub struct $name {
                /// The room.
                pub room_id: Option<RoomId> = "RoomId",
                /// When the event happened, in seconds.
                pub event_ts: Option<UnixSecs> = "EventTs",
                /// When the event happened, in milliseconds: the time to order events by.
                pub event_ms_ts: Option<UnixMillis> = "EventMsTs" | "EventTsMs",
                /// The moderation robot's user id.
                pub user_id: Option<String> = "UserId",
                /// The anchor whose stream was moderated (on 1104).
                pub streamer_user_id: Option<String> = "StreamerUserId" | "StreamUserId",
                /// The moderation task.
                pub task_id: Option<String> = "TaskId",
                /// What happened.
                pub payload: $payload = "Payload",
            }
        }
        event_info!($name: room_id, user_id, task_id, event_ms_ts, event_ts);
    };
}

moderation_event! {
    /// 1101 `EVENT_TYPE_CLOUD_Moderation_START`: the moderation module started;
    /// `Payload.Status` `0` ok, `1` failed. Sample: `11-1101-moderation-start.json` (the
    /// published text lacks a comma).
    ModerationStart(StatusPayload)
}

moderation_event! {
    /// 1102 `EVENT_TYPE_CLOUD_Moderation_STOP`: the moderation module exited; see
    /// [`LeaveCodePayload`].
    ModerationStop(LeaveCodePayload)
}

moderation_event! {
    /// 1103 `EVENT_TYPE_CLOUD_Moderation_SEND_START`: the task started sending slices;
    /// `Payload.Status` `0`. Sample: `11-1103-moderation-send-start.json`.
    ModerationSendStart(StatusPayload)
}

code_enum! {
    /// `MediaType` of a moderation result.
    pub enum ModerationMediaType {
        /// Speech.
        Audio = 1,
        /// An image.
        Image = 2,
    }
}

code_enum! {
    /// `Suggest`: what the provider advises.
    pub enum Suggestion {
        /// Let it pass.
        Pass = 0,
        /// Review it by hand.
        Review = 1,
        /// Block it.
        Block = 2,
    }
}

trtc_object! {
    /// One entry of `CheckDetail`: the result for one label.
    pub struct CheckDetail {
        /// The label.
        pub label: Option<String> = "Label",
        /// The scene (in the samples only).
        pub scene: Option<String> = "Scene",
        /// The advice for this label.
        pub suggest: Option<Suggestion> = "Suggest",
        /// The keywords that matched.
        pub keywords: Option<Vec<String>> = "Keywords",
        /// The score.
        pub score: Option<Number> = "Score",
        /// A description (in the samples only).
        pub desc: Option<String> = "Desc",
        /// Where in the audio (shape undocumented; `{}` in the samples).
        pub audio_segments: Option<RawJson> = "AudioSegments",
        /// Where in the image (shape undocumented; `{}` in the samples).
        pub image_location: Option<RawJson> = "ImageLocation",
    }
}

trtc_object! {
    /// The `Payload` of 1104: one review result.
    pub struct ModerationResultPayload {
        /// The moderated data's id.
        pub data_id: Option<String> = "DataId",
        /// The provider's request id.
        pub request_id: Option<String> = "RequestId",
        /// Speech or image.
        pub media_type: Option<ModerationMediaType> = "MediaType",
        /// The overall advice.
        pub suggest: Option<Suggestion> = "Suggest",
        /// `Normal`, `Ad`, `Porn`, `Abuse`, `Illegal`, `Polity`, `Terror`, `Sexy`, `QRCode`
        /// or `Custom`.
        pub label: Option<String> = "Label",
        /// The image's URL (empty for speech).
        pub image: Option<String> = "Image",
        /// Text read from the image (in the samples only).
        pub image_ocr: Option<String> = "ImageOcr",
        /// A rate (in the samples only: `100`, `90`).
        pub rate: Option<Number> = "Rate",
        /// The audio's URL (empty for images).
        pub audio: Option<String> = "Audio",
        /// The recognised speech.
        pub audio_text: Option<String> = "AudioText",
        /// The result per label.
        pub check_detail: Option<Vec<CheckDetail>> = "CheckDetail",
    }
}

moderation_event! {
    /// 1104 `EVENT_TYPE_CLOUD_Moderation_TASK_INFO` (section header: `…_FILE_INFO`): a review
    /// result. Samples: `11-1104-moderation-result.{audio,image}.json`.
    ModerationResult(ModerationResultPayload)
}

moderation_event! {
    /// 1105 `EVENT_TYPE_CLOUD_Moderation_SEND_STOP`: the task stopped sending slices. Sample:
    /// `11-1105-moderation-send-stop.json`.
    ModerationSendStop(StatusPayload)
}

moderation_event! {
    /// 1106 `EVENT_TYPE_CLOUD_Moderation_UPLOAD_ERROR` (section header: `…_SEND_ERROR`): a
    /// slice could not be sent. Sample: `11-1106-moderation-upload-error.json`.
    ModerationUploadError(ErrorPayload)
}
