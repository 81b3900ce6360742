//! Group 9, Conversational AI and speech-to-text, AI transcription 1.0
//! (`EVENT_GROUP_AI_SERVICE`, codes 901–906, 908, 909; 907 is not documented).
//!
//! The `EventInfo` has `EventMsTs`, `TaskId`, `RoomId` (a string in every sample),
//! `RoomIdType` and a `Payload`; no `UserId` or `EventTs` at that level. The tables spell the
//! send time `CallbackMsTs`, the samples `CallbackTs`: both are read. One of the older page's
//! examples has no `EventType` at all; such a body arrives as an unknown group-9 event.

use serde_json::Number;

use super::payload::{LeaveCodePayload, StatusPayload};
use super::values::{RoomId, UnixMillis};
use super::wire::{event_info, trtc_object};

/// A group-9 `EventInfo` around its `Payload`.
macro_rules! ai_event {
    ($(#[$meta:meta])* $name:ident($payload:ty)) => {
        trtc_object! {
            $(#[$meta])*
            pub struct $name {
                /// When the event happened, in milliseconds (typed String in the table, sent
                /// as a number: both are read).
                pub event_ms_ts: Option<UnixMillis> = "EventMsTs" | "EventTsMs",
                /// The AI task.
                pub task_id: Option<String> = "TaskId",
                /// The room.
                pub room_id: Option<RoomId> = "RoomId",
                /// `0` numeric room id, `1` string room id.
                pub room_id_type: Option<u64> = "RoomIdType" | "RoomType",
                /// What happened.
                pub payload: $payload = "Payload",
            }
        }
        event_info!($name: room_id, task_id, event_ms_ts);
    };
}

ai_event! {
    /// 901 `EVENT_TYPE_AI_SERVICE_START`: the AI task started; `Payload.Status` `0` ok, `1`
    /// failed. Samples: `9-901-ai-service-start*.json`.
    AiServiceStart(StatusPayload)
}

ai_event! {
    /// 902 `EVENT_TYPE_AI_SERVICE_STOP`: the AI task stopped; see [`LeaveCodePayload`].
    /// Sample: `9-902-ai-service-stop.json`.
    AiServiceStop(LeaveCodePayload)
}

trtc_object! {
    /// The `Payload` of 903, 904 and 905: one turn of the conversation.
    pub struct AiSpeechPayload {
        /// Who spoke (the bot, on 905).
        pub user_id: Option<String> = "UserId",
        /// The sentence (903, 905).
        pub text: Option<String> = "Text",
        /// Where the sentence starts, in milliseconds (903; an offset, judging by the
        /// sample's `1234`).
        pub start_time_ms: Option<u64> = "StartTimeMs",
        /// Where the sentence ends, in milliseconds (903).
        pub end_time_ms: Option<u64> = "EndTimeMs",
        /// The conversation round.
        pub round_id: Option<String> = "RoundId",
    }
}

ai_event! {
    /// 903 `EVENT_TYPE_AI_SERVICE_MSG`: a complete sentence (a recognised one, or the LLM's
    /// whole reply). Sample: `9-903-ai-service-msg.json`.
    AiServiceMessage(AiSpeechPayload)
}

ai_event! {
    /// 904 `EVENT_TYPE_AI_START_OF_SPEECH`: speech recognition heard a sentence start.
    /// Sample: `9-904-ai-start-of-speech.json`.
    AiStartOfSpeech(AiSpeechPayload)
}

ai_event! {
    /// 905 `EVENT_TYPE_AI_SPEAKING_FINISHED`: the AI finished speaking in a round. Sample:
    /// `9-905-ai-speaking-finished.json`.
    AiSpeakingFinished(AiSpeechPayload)
}

trtc_object! {
    /// `Tag` of a metric.
    pub struct AiMetricTag {
        /// The conversation round.
        pub round_id: Option<String> = "RoundId",
        /// The error code (908).
        pub code: Option<i64> = "Code",
        /// The error text (908).
        pub message: Option<String> = "Message",
    }
}

trtc_object! {
    /// The `Payload` of 906 and 908.
    pub struct AiMetricPayload {
        /// `asr_latency`, `llm_network_latency`, `llm_first_token`, `tts_network_latency`,
        /// `tts_first_frame_latency`, `tts_discontinuity`, `interruption`; `llm_error` on 908.
        pub metric: Option<String> = "Metric",
        /// The value (906); its unit is undocumented (milliseconds, judging by the names).
        pub value: Option<Number> = "Value",
        /// The round, and on 908 the error.
        pub tag: Option<AiMetricTag> = "Tag",
    }
}

ai_event! {
    /// 906 `EVENT_TYPE_AI_METRIC_MESSAGE`: an LLM or TTS metric. Sample:
    /// `9-906-ai-metric-message.json`.
    AiMetric(AiMetricPayload)
}

ai_event! {
    /// 908 `EVENT_TYPE_AI_ERROR_METRIC_CALLBACK`: an LLM or TTS call failed. Sample:
    /// `9-908-ai-error-metric.json`.
    AiErrorMetric(AiMetricPayload)
}

trtc_object! {
    /// The `Payload` of 909.
    pub struct AiSessionStatusPayload {
        /// `session_ready`: a string here, unlike every other `Status`.
        pub status: Option<String> = "Status",
    }
}

ai_event! {
    /// 909 `EVENT_TYPE_AI_SESSION_STATUS_CALLBACK`: the AI's audio and video channels are up.
    /// Sample: `9-909-ai-session-status.json`.
    AiSessionStatus(AiSessionStatusPayload)
}
