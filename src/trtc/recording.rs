//! Group 3, on-cloud recording (codes 301–312), and [`RecordingEvent`], the recording events
//! on their own, for IM-style envelopes that carry them (TUILiveKit's
//! `Follow.CallbackAfterCloudRecordingChanged`, TUICallKit's `Call.CallbackAfterRecordChanged`).
//!
//! Every `EventInfo` has `RoomId` (a string in every sample), `EventTs` (seconds; a string in
//! several samples), `EventMsTs` (milliseconds; only on the current page), `UserId` (the
//! recording robot), `TaskId` (opaque, Base64-like, kept as a string) and a `Payload` per
//! code. 301–309 are intermediate states; success is 311 and the whole task is done at 312.
//! Web-page recording (group 8) also ends with 311 and 312.

use std::fmt;
use std::time::SystemTime;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Unexpected, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;

use super::event::{FromTrtcEvent, TrtcEventInfo, UnknownEvent};
use super::payload::{LeaveCodePayload, StatusPayload};
use super::reuse::{refuse_scalars_quietly, Key};
use super::table::TrtcEvent;
use super::values::{FileList, RoomId, UnixMillis, UnixSecs};
use super::wire::{event_info, trtc_object, WireField};
use super::TrtcBodyError;

/// A group-3 `EventInfo`: the fields every recording event has, around its `Payload`.
macro_rules! recording_event {
    ($(#[$meta:meta])* $name:ident($payload:ty)) => {
        trtc_object! {
            $(#[$meta])*
            pub struct $name {
                /// The room.
                pub room_id: Option<RoomId> = "RoomId",
                /// When the event happened, in seconds (Tencent: "not recommended, use
                /// `EventMsTs`").
                pub event_ts: Option<UnixSecs> = "EventTs",
                /// When the event happened, in milliseconds: the time to order events by.
                pub event_ms_ts: Option<UnixMillis> = "EventMsTs" | "EventTsMs",
                /// The recording robot's user id.
                pub user_id: Option<String> = "UserId",
                /// The recording task.
                pub task_id: Option<String> = "TaskId",
                /// What happened.
                pub payload: $payload = "Payload",
            }
        }
        event_info!($name: room_id, user_id, task_id, event_ms_ts, event_ts);
    };
}

recording_event! {
    /// 301 `…_RECORDER_START`: the recording module started; `Payload.Status` `0` ok, `1`
    /// failed. Sample: `3-301-recorder-start.json`.
    RecorderStart(StatusPayload)
}

recording_event! {
    /// 302 `…_RECORDER_STOP`: the recording module exited; see [`LeaveCodePayload`]. On
    /// `100` (room or timeout exit), Tencent's advice is to restart the task.
    RecorderStop(LeaveCodePayload)
}

recording_event! {
    /// 303 `…_UPLOAD_START`: the upload task started (COS storage only); `Payload.Status` `0`
    /// ok, `1` failed. Sample: `3-303-upload-start.json`.
    UploadStart(StatusPayload)
}

trtc_object! {
    /// The `Payload` of 304.
    pub struct FileInfoPayload {
        /// The M3U8 file name (a string here).
        pub file_list: Option<FileList> = "FileList",
    }
}

recording_event! {
    /// 304 `…_FILE_INFO`: the first M3U8 file was generated and uploaded (API recording to
    /// COS only). Sample: `3-304-file-info.json`.
    FileInfo(FileInfoPayload)
}

trtc_object! {
    /// The `Payload` of 305.
    pub struct UploadStopPayload {
        /// `0` everything uploaded, `1` finished with at least one file stuck on the server
        /// or backup, `2` the stuck files were uploaded later. The current table names this
        /// field `LeaveCode`, the samples and older pages `Status`: both are read.
        pub status: Option<u64> = "Status" | "LeaveCode",
    }
}

recording_event! {
    /// 305 `…_UPLOAD_STOP`: the HLS upload finished (COS only). Sample:
    /// `3-305-upload-stop.json`.
    UploadStop(UploadStopPayload)
}

recording_event! {
    /// 306 `…_FAILOVER`: the task migrated to a new node; `Payload.Status` `0` done. Sample:
    /// `3-306-failover.json`.
    Failover(StatusPayload)
}

trtc_object! {
    /// The `Payload` of 307.
    pub struct FileSlicePayload {
        /// The M3U8 file name.
        pub file_name: Option<String> = "FileName",
        /// The recorded user.
        pub user_id: Option<String> = "UserId",
        /// `audio`, `video` or `audio_video`.
        pub track_type: Option<String> = "TrackType",
        /// When the slice begins, in milliseconds (a string on one page, a number in the
        /// samples: both are read).
        pub begin_time_stamp: Option<UnixMillis> = "BeginTimeStamp",
    }
}

recording_event! {
    /// 307 `…_FILE_SLICE`: the M3U8 was generated and its first TS slice uploaded (API
    /// recording to COS only). Sample: `3-307-file-slice.json`.
    FileSlice(FileSlicePayload)
}

trtc_object! {
    /// The `Payload` of 308: the third-party storage's error.
    pub struct UploadErrorPayload {
        /// The storage's error code, a string such as `InvalidParameter`.
        pub code: Option<String> = "Code",
        /// The storage's message.
        pub message: Option<String> = "Message",
    }
}

recording_event! {
    /// 308 `…_UPLOAD_ERROR`: the upload module hit an error (third-party storage). Only on
    /// the older recording pages. Sample: `3-308-upload-error.json`.
    UploadError(UploadErrorPayload)
}

trtc_object! {
    /// The `Payload` of 309.
    pub struct DownloadImageErrorPayload {
        /// The image that failed.
        pub url: Option<String> = "Url",
    }
}

recording_event! {
    /// 309 `…_DOWNLOAD_IMAGE_ERROR`: an image (background, watermark) could not be
    /// downloaded or decoded. Samples: `3-309-download-image-error*.json`.
    DownloadImageError(DownloadImageErrorPayload)
}

trtc_object! {
    /// One file of a 310 `FileMessage`.
    pub struct Mp4File {
        /// The file name.
        pub file_name: Option<String> = "FileName",
        /// The recorded user; empty in mixed mode.
        pub user_id: Option<String> = "UserId",
        /// `audio`, `video` or `audio_video`.
        pub track_type: Option<String> = "TrackType",
        /// `main`, `aux` or `mix`.
        pub media_id: Option<String> = "MediaId",
        /// Where the file starts, in milliseconds.
        pub start_time_stamp: Option<UnixMillis> = "StartTimeStamp",
        /// Where the file ends, in milliseconds.
        pub end_time_stamp: Option<UnixMillis> = "EndTimeStamp",
    }
}

trtc_object! {
    /// The `Payload` of 310.
    pub struct Mp4StopPayload {
        /// `0` done, `1` finished with files stuck on the server, `2` abnormal exit (pulling
        /// the HLS from COS failed, for example).
        pub status: Option<u64> = "Status",
        /// The MP4 files (an array now, a string on the 2022 page: both are read).
        pub file_list: Option<FileList> = "FileList",
        /// Each file's details (added after 2022).
        pub file_message: Option<Vec<Mp4File>> = "FileMessage",
    }
}

recording_event! {
    /// 310 `…_MP4_STOP`: the MP4 task finished and its files were uploaded to COS; may fire
    /// once per file. Samples: `3-310-mp4-stop.json`, `3-310-mp4-stop.v2022-no-FileMessage.json`.
    Mp4Stop(Mp4StopPayload)
}

trtc_object! {
    /// `TencentVod` in a 311 `Payload`: the file uploaded to VOD.
    pub struct TencentVod {
        /// The recorded user.
        pub user_id: Option<String> = "UserId",
        /// `audio`, `video` or `audio_video`.
        pub track_type: Option<String> = "TrackType",
        /// `main`, `aux` or `mix`.
        pub media_id: Option<String> = "MediaId",
        /// The VOD file id.
        pub file_id: Option<String> = "FileId",
        /// The file's playback URL.
        pub video_url: Option<String> = "VideoUrl",
        /// The file name kept on the server while the upload is not done.
        pub cache_file: Option<String> = "CacheFile",
        /// Where the file starts, in milliseconds.
        pub start_time_stamp: Option<UnixMillis> = "StartTimeStamp",
        /// Where the file ends, in milliseconds.
        pub end_time_stamp: Option<UnixMillis> = "EndTimeStamp",
    }
}

trtc_object! {
    /// The `Payload` of 311, in either layout Tencent has sent: the file nested under
    /// `TencentVod` (current), or its fields directly in `Payload` (the Chinese page of about
    /// 2021, with `BeginTimeStamp`/`EndTimeStamp` in **seconds** and no `Status`).
    /// [`VodCommitPayload::file`] reads whichever is there.
    pub struct VodCommitPayload {
        /// `0` uploaded, `1` stuck on the server, `2` the VOD upload failed.
        pub status: Option<u64> = "Status",
        /// What went wrong, when `status` is not `0`.
        pub errmsg: Option<String> = "Errmsg",
        /// The file (current layout).
        pub tencent_vod: Option<TencentVod> = "TencentVod",
        /// Legacy flat layout: the recorded user.
        pub user_id: Option<String> = "UserId",
        /// Legacy flat layout: `audio`, `video` or `audio_video`.
        pub track_type: Option<String> = "TrackType",
        /// Legacy flat layout: `main`, `aux` or `mix`.
        pub media_id: Option<String> = "MediaId",
        /// Legacy flat layout: the VOD file id.
        pub file_id: Option<String> = "FileId",
        /// Legacy flat layout: the playback URL.
        pub video_url: Option<String> = "VideoUrl",
        /// Legacy flat layout: the file name kept on the server.
        pub cache_file: Option<String> = "CacheFile",
        /// Legacy flat layout: where the file starts, in **seconds**.
        pub begin_time_stamp: Option<UnixSecs> = "BeginTimeStamp",
        /// Legacy flat layout: where the file ends, in **seconds**.
        pub end_time_stamp: Option<UnixSecs> = "EndTimeStamp",
    }
}

/// The file a 311 reports, whichever layout the payload used, with its times converted from
/// their layout's unit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct VodFile<'a> {
    /// The recorded user.
    pub user_id: Option<&'a str>,
    /// `audio`, `video` or `audio_video`.
    pub track_type: Option<&'a str>,
    /// `main`, `aux` or `mix`.
    pub media_id: Option<&'a str>,
    /// The VOD file id.
    pub file_id: Option<&'a str>,
    /// The playback URL.
    pub video_url: Option<&'a str>,
    /// The file name kept on the server.
    pub cache_file: Option<&'a str>,
    /// Where the file starts.
    pub start: Option<SystemTime>,
    /// Where the file ends.
    pub end: Option<SystemTime>,
}

impl VodCommitPayload {
    /// The file, from `TencentVod` when present (times in milliseconds), else from the legacy
    /// flat fields (times in seconds).
    ///
    /// ```
    /// use std::time::{Duration, UNIX_EPOCH};
    /// use tencent_im_callback::trtc::{TrtcEnvelope, TrtcEvent};
    ///
    /// let nested = include_bytes!("../../tests/fixtures/trtc/3-311-vod-commit.json");
    /// let flat = include_bytes!("../../tests/fixtures/trtc/3-311-vod-commit.legacy-zh-flat-payload-seconds.json");
    /// for (body, start) in [
    ///     (&nested[..], UNIX_EPOCH + Duration::from_millis(1622186279153)),
    ///     (&flat[..], UNIX_EPOCH + Duration::from_secs(1622186279)),
    /// ] {
    ///     let TrtcEvent::VodCommit(commit) = TrtcEnvelope::parse(body)?.event else { unreachable!() };
    ///     assert_eq!(commit.payload.file().start, Some(start));
    /// }
    /// # Ok::<(), tencent_im_callback::trtc::TrtcBodyError>(())
    /// ```
    pub fn file(&self) -> VodFile<'_> {
        match &self.tencent_vod {
            Some(vod) => VodFile {
                user_id: vod.user_id.as_deref(),
                track_type: vod.track_type.as_deref(),
                media_id: vod.media_id.as_deref(),
                file_id: vod.file_id.as_deref(),
                video_url: vod.video_url.as_deref(),
                cache_file: vod.cache_file.as_deref(),
                start: vod.start_time_stamp.and_then(UnixMillis::to_system_time),
                end: vod.end_time_stamp.and_then(UnixMillis::to_system_time),
            },
            None => VodFile {
                user_id: self.user_id.as_deref(),
                track_type: self.track_type.as_deref(),
                media_id: self.media_id.as_deref(),
                file_id: self.file_id.as_deref(),
                video_url: self.video_url.as_deref(),
                cache_file: self.cache_file.as_deref(),
                start: self.begin_time_stamp.and_then(UnixSecs::to_system_time),
                end: self.end_time_stamp.and_then(UnixSecs::to_system_time),
            },
        }
    }
}

recording_event! {
    /// 311 `…_VOD_COMMIT`: a file was uploaded to VOD (VOD storage, or console
    /// auto-recording). Tencent: "wait 30 s to 3 min for the file to be complete". Samples:
    /// `3-311-vod-commit*.json`.
    VodCommit(VodCommitPayload)
}

recording_event! {
    /// 312 `…_VOD_STOP`: the VOD task ended; `Payload.Status` `0` normal, `1` abnormal.
    /// Sample: `3-312-vod-stop.json`.
    VodStop(StatusPayload)
}

macro_rules! recording_events {
    ($($name:ident,)*) => {
        /// A recording event (group 3) on its own: the [`TrtcEvent`] variants of group 3, for
        /// code that takes only recording events, such as an IM-style envelope carrying one.
        ///
        /// It deserialises from any JSON object holding `EventType` and `EventInfo` (and
        /// `EventGroupId`, which must then be 3), other keys ignored: a TRTC recording body,
        /// or TUILiveKit's `Follow.CallbackAfterCloudRecordingChanged`, which puts them at its
        /// top level beside `CallbackCommand`. Codes without a type here arrive as
        /// [`RecordingEvent::Unknown`].
        ///
        /// ```
        /// use tencent_im_callback::trtc::recording::RecordingEvent;
        ///
        /// let body = include_str!("../../tests/fixtures/trtc/related/Follow.CallbackAfterCloudRecordingChanged.json");
        /// let event: RecordingEvent = serde_json::from_str(body)?;
        /// let RecordingEvent::UploadStop(stop) = &event else { unreachable!() };
        /// assert_eq!(stop.payload.status, Some(0));
        /// assert_eq!(event.event_type(), Some(305));
        /// # Ok::<(), serde_json::Error>(())
        /// ```
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum RecordingEvent {
            $(
                #[doc = concat!("See [`", stringify!($name), "`].")]
                $name(Box<$name>),
            )*
            /// Another group-3 code, or a group-3 body without `EventType`.
            Unknown(Box<UnknownEvent>),
        }

        impl FromTrtcEvent for RecordingEvent {
            fn from_trtc_event(event: TrtcEvent) -> Result<Self, TrtcEvent> {
                match event {
                    $( TrtcEvent::$name(event) => Ok(RecordingEvent::$name(event)), )*
                    TrtcEvent::Unknown(event) if event.event_group_id == 3 => {
                        Ok(RecordingEvent::Unknown(event))
                    }
                    other => Err(other),
                }
            }
        }

        impl From<RecordingEvent> for TrtcEvent {
            fn from(event: RecordingEvent) -> TrtcEvent {
                match event {
                    $( RecordingEvent::$name(event) => TrtcEvent::$name(event), )*
                    RecordingEvent::Unknown(event) => TrtcEvent::Unknown(event),
                }
            }
        }

        impl RecordingEvent {
            /// The event's ids and times.
            pub fn info(&self) -> &dyn TrtcEventInfo {
                match self {
                    $( RecordingEvent::$name(event) => &**event, )*
                    RecordingEvent::Unknown(event) => &**event,
                }
            }

            /// The variant's name (`VodCommit`), or `Unknown`.
            pub fn name(&self) -> &'static str {
                match self {
                    $( RecordingEvent::$name(_) => stringify!($name), )*
                    RecordingEvent::Unknown(_) => "Unknown",
                }
            }
        }

        impl serde::Serialize for RecordingEvent {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    $( RecordingEvent::$name(event) => event.serialize(serializer), )*
                    RecordingEvent::Unknown(event) => event.serialize(serializer),
                }
            }
        }
    };
}

recording_events! {
    RecorderStart, RecorderStop, UploadStart, FileInfo, UploadStop, Failover, FileSlice,
    UploadError, DownloadImageError, Mp4Stop, VodCommit, VodStop,
}

impl RecordingEvent {
    /// Types a recording `EventInfo` given on its own, by its `EventType`.
    pub fn from_event_info(
        event_type: Option<u32>,
        event_info: &[u8],
    ) -> Result<RecordingEvent, TrtcBodyError> {
        let event = TrtcEvent::from_event_info(3, event_type, event_info)?;
        // Group 3 always converts.
        RecordingEvent::from_trtc_event(event).map_err(|_| TrtcBodyError::not_an_object())
    }

    /// `EventType`; `None` only for an unknown event whose body had none.
    pub fn event_type(&self) -> Option<u32> {
        match self {
            RecordingEvent::Unknown(event) => event.event_type,
            known => TrtcEvent::KINDS
                .iter()
                .find(|kind| kind.event_group_id == 3 && kind.name == known.name())
                .map(|kind| kind.event_type),
        }
    }
}

impl TrtcEventInfo for RecordingEvent {
    fn room_id(&self) -> Option<&RoomId> {
        self.info().room_id()
    }
    fn user_id(&self) -> Option<&str> {
        self.info().user_id()
    }
    fn task_id(&self) -> Option<&str> {
        self.info().task_id()
    }
    fn event_ms_ts(&self) -> Option<UnixMillis> {
        self.info().event_ms_ts()
    }
    fn event_ts(&self) -> Option<UnixSecs> {
        self.info().event_ts()
    }
}

impl<'de> Deserialize<'de> for RecordingEvent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RecordingVisitor;
        impl<'de> Visitor<'de> for RecordingVisitor {
            type Value = RecordingEvent;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object with `EventType` and `EventInfo`")
            }

            refuse_scalars_quietly!();

            fn visit_seq<A: de::SeqAccess<'de>>(self, _: A) -> Result<RecordingEvent, A::Error> {
                Err(de::Error::invalid_type(Unexpected::Seq, &self))
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RecordingEvent, A::Error> {
                use de::Error;
                let mut event_type: Option<Option<u64>> = None;
                let mut event_info: Option<Box<RawValue>> = None;
                while let Some(Key(key)) = map.next_key()? {
                    match &*key {
                        "EventGroupId" => {
                            let wire = map.next_value::<<Option<u64> as WireField>::Wire>()?;
                            if Option::<u64>::from_wire(wire).is_some_and(|group| group != 3) {
                                return Err(A::Error::invalid_value(
                                    Unexpected::Other("another group"),
                                    &"`EventGroupId` 3 (recording)",
                                ));
                            }
                        }
                        "EventType" if event_type.is_some() => {
                            return Err(A::Error::duplicate_field("EventType"));
                        }
                        "EventType" => {
                            let wire = map.next_value::<<Option<u64> as WireField>::Wire>()?;
                            event_type = Some(Option::<u64>::from_wire(wire));
                        }
                        "EventInfo" if event_info.is_some() => {
                            return Err(A::Error::duplicate_field("EventInfo"));
                        }
                        "EventInfo" => event_info = Some(map.next_value()?),
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                let event_info = event_info.ok_or_else(|| A::Error::missing_field("EventInfo"))?;
                let event_type = match event_type.flatten() {
                    Some(code) => Some(u32::try_from(code).map_err(|_| {
                        A::Error::invalid_value(Unexpected::Other("integer"), &"a code below 2^32")
                    })?),
                    None => None,
                };
                RecordingEvent::from_event_info(event_type, event_info.get().as_bytes())
                    .map_err(A::Error::custom)
            }
        }
        deserializer.deserialize_any(RecordingVisitor)
    }
}
