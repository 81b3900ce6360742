//! The one table of modelled TRTC events. Each entry is `(EventGroupId, EventType, type,
//! Tencent's constant, summary)`; the type's name is also the [`TrtcEvent`] variant's. This
//! generates the enum, its dispatch and names, the list of kinds, and each type's conversions,
//! so that modelling another code is one line here and its type in its group's module.

use serde::ser::{Serialize, Serializer};
use serde_json::value::RawValue;

use super::error::TrtcBodyError;
use super::event::{check_object, read_info, FromTrtcEvent, TrtcEventInfo, UnknownEvent};
use super::reuse::ExtraFields;
use super::{
    ai_conversation, ingest, media, moderation, recording, relay, room, screenshot, slicing,
    transcription, web_recording,
};

/// One modelled TRTC event code, as listed in [`TrtcEvent::KINDS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct TrtcEventKind {
    /// `EventGroupId`.
    pub event_group_id: u32,
    /// `EventType`.
    pub event_type: u32,
    /// The [`TrtcEvent`] variant, which is also the event type's name (`EnterRoom`).
    pub name: &'static str,
    /// Tencent's constant (`EVENT_TYPE_ENTER_ROOM`), spelled as its table has it; `None` where
    /// the page gives none.
    pub constant: Option<&'static str>,
    /// What happened, in a few words.
    pub summary: &'static str,
}

macro_rules! trtc_events {
    ($(
        ($group:literal, $code:literal, $module:ident :: $name:ident, $constant:expr, $summary:literal),
    )*) => {
        /// A TRTC event, typed by its `(EventGroupId, EventType)`.
        ///
        /// Each variant holds its group's typed `EventInfo` (boxed, so the enum stays two
        /// words). Codes this crate does not model, new groups and bodies without `EventType`
        /// arrive as [`TrtcEvent::Unknown`] with their `EventInfo` kept exactly: Tencent adds
        /// codes and fields without notice, and an endpoint must not refuse them.
        ///
        /// ```
        /// use tencent_im_callback::trtc::{TrtcEnvelope, TrtcEvent};
        ///
        /// let body = include_bytes!("../../tests/fixtures/trtc/3-311-vod-commit.json");
        /// match TrtcEnvelope::parse(body)?.event {
        ///     TrtcEvent::VodCommit(commit) => {
        ///         let file = commit.payload.file();
        ///         assert_eq!(file.file_id, Some("xxxx"));
        ///         assert_eq!(file.video_url, Some("http://xxxx"));
        ///     }
        ///     other => panic!("unexpected {}", other.name()),
        /// }
        /// # Ok::<(), tencent_im_callback::trtc::TrtcBodyError>(())
        /// ```
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum TrtcEvent {
            $(
                #[doc = concat!("`", $group, "`/`", $code, "`: ", $summary, ".")]
                $name(Box<$module::$name>),
            )*
            /// Any other group or code, or a body without `EventType`.
            Unknown(Box<UnknownEvent>),
        }

        impl TrtcEvent {
            /// Every modelled code, in the order of Tencent's tables.
            pub const KINDS: &'static [TrtcEventKind] = &[$(
                TrtcEventKind {
                    event_group_id: $group,
                    event_type: $code,
                    name: stringify!($name),
                    constant: $constant,
                    summary: $summary,
                },
            )*];

            /// Types `EventInfo` by its group and code. `body` is the whole body `info` was
            /// read from, for error positions; `None` when `info` stands alone.
            pub(crate) fn from_parts(
                event_group_id: u32,
                event_type: Option<u32>,
                info: &RawValue,
                body: Option<&[u8]>,
            ) -> Result<TrtcEvent, TrtcBodyError> {
                match (event_group_id, event_type) {
                    $(
                        ($group, Some($code)) => {
                            read_info::<$module::$name>(info, body).map(|event| TrtcEvent::$name(Box::new(event)))
                        }
                    )*
                    _ => Ok(TrtcEvent::Unknown(Box::new(UnknownEvent::new(event_group_id, event_type, info)))),
                }
            }

            /// Types `EventInfo` as it is read, by its group and code.
            pub(crate) fn deserialize_info<'de, D: serde::Deserializer<'de>>(
                event_group_id: u32,
                event_type: u32,
                deserializer: D,
            ) -> Result<TrtcEvent, D::Error> {
                match (event_group_id, event_type) {
                    $(
                        ($group, $code) => <$module::$name as serde::Deserialize>::deserialize(deserializer)
                            .map(|event| TrtcEvent::$name(Box::new(event))),
                    )*
                    _ => {
                        let info = <Box<RawValue> as serde::Deserialize>::deserialize(deserializer)?;
                        check_object(&info)?;
                        Ok(TrtcEvent::Unknown(Box::new(UnknownEvent::new(event_group_id, Some(event_type), &info))))
                    }
                }
            }

            /// The modelled code this event is; `None` for [`TrtcEvent::Unknown`].
            pub fn kind(&self) -> Option<&'static TrtcEventKind> {
                match self {
                    $(
                        TrtcEvent::$name(_) => Some(&TrtcEventKind {
                            event_group_id: $group,
                            event_type: $code,
                            name: stringify!($name),
                            constant: $constant,
                            summary: $summary,
                        }),
                    )*
                    TrtcEvent::Unknown(_) => None,
                }
            }

            /// `EventGroupId`.
            pub fn event_group_id(&self) -> u32 {
                match self {
                    $( TrtcEvent::$name(_) => $group, )*
                    TrtcEvent::Unknown(unknown) => unknown.event_group_id,
                }
            }

            /// `EventType`; `None` only for an unknown event whose body had none.
            pub fn event_type(&self) -> Option<u32> {
                match self {
                    $( TrtcEvent::$name(_) => Some($code), )*
                    TrtcEvent::Unknown(unknown) => unknown.event_type,
                }
            }

            /// The variant's name (`EnterRoom`), or `Unknown`.
            pub fn name(&self) -> &'static str {
                match self {
                    $( TrtcEvent::$name(_) => stringify!($name), )*
                    TrtcEvent::Unknown(_) => "Unknown",
                }
            }

            /// The `EventInfo` fields this crate does not model, kept as received (at the
            /// `EventInfo` level; payloads keep theirs in their own `extra`). `None` for an
            /// unknown event, whose whole `EventInfo` is kept.
            pub fn extra(&self) -> Option<&ExtraFields> {
                match self {
                    $( TrtcEvent::$name(event) => Some(&event.extra), )*
                    TrtcEvent::Unknown(_) => None,
                }
            }

            /// The event's ids and times, whatever its type.
            pub fn info(&self) -> &dyn TrtcEventInfo {
                match self {
                    $( TrtcEvent::$name(event) => &**event, )*
                    TrtcEvent::Unknown(unknown) => &**unknown,
                }
            }
        }

        /// Serialises the `EventInfo` as Tencent's JSON: modelled fields under their
        /// documented names, unknown fields and unknown events' JSON as received but compact
        /// (no whitespace between tokens, so never a line break).
        impl Serialize for TrtcEvent {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    $( TrtcEvent::$name(event) => event.serialize(serializer), )*
                    TrtcEvent::Unknown(unknown) => unknown.serialize(serializer),
                }
            }
        }

        $(
            impl From<$module::$name> for TrtcEvent {
                fn from(event: $module::$name) -> TrtcEvent {
                    TrtcEvent::$name(Box::new(event))
                }
            }

            impl FromTrtcEvent for $module::$name {
                fn from_trtc_event(event: TrtcEvent) -> Result<Self, TrtcEvent> {
                    match event {
                        TrtcEvent::$name(inner) => Ok(*inner),
                        other => Err(other),
                    }
                }
            }
        )*
    };
}

trtc_events! {
    (1, 101, room::CreateRoom, Some("EVENT_TYPE_CREATE_ROOM"), "a room was created"),
    (1, 102, room::DismissRoom, Some("EVENT_TYPE_DISMISS_ROOM"), "a room was dismissed"),
    (1, 103, room::EnterRoom, Some("EVENT_TYPE_ENTER_ROOM"), "a user entered a room"),
    (1, 104, room::ExitRoom, Some("EVENT_TYPE_EXIT_ROOM"), "a user left a room"),
    (1, 105, room::ChangeRole, Some("EVENT_TYPE_CHANGE_ROLE"), "a user switched role"),
    (2, 201, media::StartVideo, Some("EVENT_TYPE_START_VIDEO"), "main video publishing started"),
    (2, 202, media::StopVideo, Some("EVENT_TYPE_STOP_VIDEO"), "main video publishing stopped"),
    (2, 203, media::StartAudio, Some("EVENT_TYPE_START_AUDIO"), "audio publishing started"),
    (2, 204, media::StopAudio, Some("EVENT_TYPE_STOP_AUDIO"), "audio publishing stopped"),
    (2, 205, media::StartAssist, Some("EVENT_TYPE_START_ASSIT"), "sub-stream (screen sharing) publishing started"),
    (2, 206, media::StopAssist, Some("EVENT_TYPE_STOP_ASSIT"), "sub-stream (screen sharing) publishing stopped"),
    (3, 301, recording::RecorderStart, Some("EVENT_TYPE_CLOUD_RECORDING_RECORDER_START"), "the cloud recording module started"),
    (3, 302, recording::RecorderStop, Some("EVENT_TYPE_CLOUD_RECORDING_RECORDER_STOP"), "the cloud recording module exited"),
    (3, 303, recording::UploadStart, Some("EVENT_TYPE_CLOUD_RECORDING_UPLOAD_START"), "the recording upload task started"),
    (3, 304, recording::FileInfo, Some("EVENT_TYPE_CLOUD_RECORDING_FILE_INFO"), "the first M3U8 file was uploaded"),
    (3, 305, recording::UploadStop, Some("EVENT_TYPE_CLOUD_RECORDING_UPLOAD_STOP"), "the HLS upload finished"),
    (3, 306, recording::Failover, Some("EVENT_TYPE_CLOUD_RECORDING_FAILOVER"), "the recording task migrated"),
    (3, 307, recording::FileSlice, Some("EVENT_TYPE_CLOUD_RECORDING_FILE_SLICE"), "the first TS slice was uploaded"),
    (3, 308, recording::UploadError, Some("EVENT_TYPE_CLOUD_RECORDING_UPLOAD_ERROR"), "the upload module hit an error"),
    (3, 309, recording::DownloadImageError, Some("EVENT_TYPE_CLOUD_RECORDING_DOWNLOAD_IMAGE_ERROR"), "an image could not be downloaded or decoded"),
    (3, 310, recording::Mp4Stop, Some("EVENT_TYPE_CLOUD_RECORDING_MP4_STOP"), "MP4 files were uploaded"),
    (3, 311, recording::VodCommit, Some("EVENT_TYPE_CLOUD_RECORDING_VOD_COMMIT"), "a file was uploaded to VOD"),
    (3, 312, recording::VodStop, Some("EVENT_TYPE_CLOUD_RECORDING_VOD_STOP"), "the VOD task ended"),
    (4, 401, relay::CdnPublishStatus, Some("EVENT_TYPE_CLOUD_PUBLISH_CDN_STATUS"), "the relay status of one CDN URL changed"),
    (6, 601, screenshot::VideoScreenshot, Some("EVENT_TYPE_VIDEO_SCREENSHOT"), "a video screenshot was uploaded"),
    (7, 701, ingest::StreamIngestStart, Some("EVENT_TYPE_STREAM_INGEST_START"), "an input stream started"),
    (7, 702, ingest::StreamIngestStop, Some("EVENT_TYPE_STREAM_INGEST_STOP"), "an input stream stopped"),
    (8, 801, web_recording::WebRecorderStart, Some("EVENT_TYPE_WEB_RECORDER_START"), "the web-page recording module started"),
    (8, 802, web_recording::WebRecorderStop, Some("EVENT_TYPE_WEB_RECORDER_STOP"), "the web-page recording module exited"),
    (8, 803, web_recording::WebRecorderStatusUpdate, Some("EVENT_TYPE_WEB_RECORDER_STATUS_UPDATE"), "a web-page recording paused, resumed or refreshed"),
    (8, 804, web_recording::WebRecorderResourceLimit, Some("EVENT_TYPE_WEB_RECORDER_RESOURCE_LIMIT"), "a resource limit ended a web-page recording"),
    (9, 901, ai_conversation::AiServiceStart, Some("EVENT_TYPE_AI_SERVICE_START"), "an AI task started"),
    (9, 902, ai_conversation::AiServiceStop, Some("EVENT_TYPE_AI_SERVICE_STOP"), "an AI task stopped"),
    (9, 903, ai_conversation::AiServiceMessage, Some("EVENT_TYPE_AI_SERVICE_MSG"), "a complete sentence was recognised or spoken"),
    (9, 904, ai_conversation::AiStartOfSpeech, Some("EVENT_TYPE_AI_START_OF_SPEECH"), "speech recognition heard a sentence start"),
    (9, 905, ai_conversation::AiSpeakingFinished, Some("EVENT_TYPE_AI_SPEAKING_FINISHED"), "the AI finished speaking in a round"),
    (9, 906, ai_conversation::AiMetric, Some("EVENT_TYPE_AI_METRIC_MESSAGE"), "an LLM or TTS metric"),
    (9, 908, ai_conversation::AiErrorMetric, Some("EVENT_TYPE_AI_ERROR_METRIC_CALLBACK"), "an LLM or TTS call failed"),
    (9, 909, ai_conversation::AiSessionStatus, Some("EVENT_TYPE_AI_SESSION_STATUS_CALLBACK"), "the AI session is ready"),
    (10, 1001, slicing::SliceStart, Some("EVENT_TYPE_CLOUD_SLICE_START"), "the cloud slicing module started"),
    (10, 1002, slicing::SliceStop, Some("EVENT_TYPE_CLOUD_SLICE_STOP"), "the cloud slicing module exited"),
    (10, 1003, slicing::SliceUploadStart, Some("EVENT_TYPE_CLOUD_SLICE_UPLOAD_START"), "the slice upload task started"),
    (10, 1004, slicing::SliceFileInfo, Some("EVENT_TYPE_CLOUD_SLICE_FILE_INFO"), "a screenshot or audio slice was uploaded"),
    (10, 1005, slicing::SliceUploadStop, Some("EVENT_TYPE_CLOUD_SLICE_UPLOAD_STOP"), "the slice upload finished"),
    (10, 1006, slicing::SliceUploadError, Some("EVENT_TYPE_CLOUD_SLICE_UPLOAD_ERROR"), "a slice could not be delivered"),
    (11, 1101, moderation::ModerationStart, Some("EVENT_TYPE_CLOUD_Moderation_START"), "the cloud moderation module started"),
    (11, 1102, moderation::ModerationStop, Some("EVENT_TYPE_CLOUD_Moderation_STOP"), "the cloud moderation module exited"),
    (11, 1103, moderation::ModerationSendStart, Some("EVENT_TYPE_CLOUD_Moderation_SEND_START"), "moderation started sending slices"),
    (11, 1104, moderation::ModerationResult, Some("EVENT_TYPE_CLOUD_Moderation_TASK_INFO"), "a moderation result"),
    (11, 1105, moderation::ModerationSendStop, Some("EVENT_TYPE_CLOUD_Moderation_SEND_STOP"), "moderation stopped sending slices"),
    (11, 1106, moderation::ModerationUploadError, Some("EVENT_TYPE_CLOUD_Moderation_UPLOAD_ERROR"), "a slice could not be sent for moderation"),
    (14, 1401, transcription::TranscriptionStart, None, "AI transcription and translation 2.0 started"),
}

impl TrtcEventInfo for TrtcEvent {
    fn room_id(&self) -> Option<&super::RoomId> {
        self.info().room_id()
    }
    fn user_id(&self) -> Option<&str> {
        self.info().user_id()
    }
    fn task_id(&self) -> Option<&str> {
        self.info().task_id()
    }
    fn event_ms_ts(&self) -> Option<super::UnixMillis> {
        self.info().event_ms_ts()
    }
    fn event_ts(&self) -> Option<super::UnixSecs> {
        self.info().event_ts()
    }
    fn occurred_at(&self) -> Option<std::time::SystemTime> {
        self.info().occurred_at()
    }
}

impl TrtcEvent {
    /// Types an `EventInfo` given apart from its body (as an IM-style envelope may carry it),
    /// by its group and code.
    ///
    /// ```
    /// use tencent_im_callback::trtc::TrtcEvent;
    ///
    /// let event = TrtcEvent::from_event_info(3, Some(305), br#"{"TaskId":"t","Payload":{"Status":0}}"#)?;
    /// assert_eq!(event.name(), "UploadStop");
    /// # Ok::<(), tencent_im_callback::trtc::TrtcBodyError>(())
    /// ```
    pub fn from_event_info(
        event_group_id: u32,
        event_type: Option<u32>,
        event_info: &[u8],
    ) -> Result<TrtcEvent, TrtcBodyError> {
        let info: &RawValue = super::error::from_json(event_info)?;
        if !info.get().starts_with('{') {
            return Err(TrtcBodyError::not_an_object());
        }
        TrtcEvent::from_parts(event_group_id, event_type, info, None)
    }
}
