//! TRTC event callbacks: Tencent's samples and signature vector, every documented quirk, the
//! table of events, and the layer's accepted path.

mod common;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use common::{json_body, Counter};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tencent_im_callback::trtc::recording::RecordingEvent;
use tencent_im_callback::trtc::room::{EnterReason, ExitRoom, Role, TerminalType, UserType};
use tencent_im_callback::trtc::test_util::{samples, TrtcRequest};
use tencent_im_callback::trtc::{
    handler_fn, sort_by_event_time, verify, CallbackKey, FileList, RoomId, TrtcBodyErrorKind,
    TrtcCallback, TrtcConfigError, TrtcEnvelope, TrtcEvent, TrtcEventInfo, TrtcLayer,
    TrtcSignatureError, UnixMillis, UnixSecs, ACK_BODY,
};
use tower::{Layer, ServiceExt};

const APP: u64 = 1400000000;
const KEY: &str = "consoleKey";

fn parse(body: &str) -> TrtcEnvelope {
    TrtcEnvelope::parse(body.as_bytes()).unwrap_or_else(|error| panic!("{error}: {body}"))
}

fn sample(file: &str) -> TrtcEnvelope {
    parse(samples::get(file).unwrap_or_else(|| panic!("no sample {file}")))
}

fn key() -> CallbackKey {
    CallbackKey::new(KEY).unwrap()
}

// ---------------------------------------------------------------------------------------------
// Samples

#[test]
fn every_published_sample_parses_as_the_event_its_name_says() {
    assert_eq!(samples::ALL.len(), 52);
    for sample in samples::ALL {
        let envelope = parse(sample.body);
        let mut numbers = sample.file.split('-').map(|part| part.parse::<u32>());
        let (group, code) = (
            numbers.next().unwrap().unwrap(),
            numbers.next().unwrap().unwrap(),
        );
        assert_eq!(envelope.event_group_id, group, "{}", sample.file);
        assert_eq!(envelope.event_type, Some(code), "{}", sample.file);
        let kind = envelope
            .event
            .kind()
            .unwrap_or_else(|| panic!("{} is not modelled", sample.file));
        assert_eq!((kind.event_group_id, kind.event_type), (group, code));
        assert!(envelope.callback_ts.is_some(), "{}", sample.file);
        // Every field of every sample's `EventInfo` has a Rust name.
        let extra = envelope.event.extra().unwrap();
        assert!(extra.is_empty(), "{}: unmodelled {:?}", sample.file, extra);
        assert!(envelope.extra.is_empty(), "{}", sample.file);
    }
}

#[test]
fn samples_serialise_back_to_what_they_parse_from() {
    for sample in samples::ALL {
        let envelope = parse(sample.body);
        let written = serde_json::to_string(&envelope).unwrap();
        assert!(!written.contains('\n'), "{}", sample.file);
        assert_eq!(parse(&written), envelope, "{}", sample.file);
        // Same JSON value, but for the spellings and string numbers normalised.
        let normalised = |text: &str| {
            text.replace("\"EventTsMs\"", "\"EventMsTs\"")
                .replace("\"CallbackMsTs\"", "\"CallbackTs\"")
        };
        let mut input: Value = serde_json::from_str(&normalised(sample.body)).unwrap();
        let output: Value = serde_json::from_str(&written).unwrap();
        for (path, field) in [
            ("/EventInfo/EventTs", "EventTs"),
            ("/EventInfo/EventMsTs", "EventMsTs"),
        ] {
            if let Some(Value::String(digits)) = input.pointer(path).cloned() {
                *input.pointer_mut(path).unwrap() = json!(digits.parse::<u64>().unwrap());
                assert!(output.pointer(path).unwrap().is_u64(), "{field}");
            }
        }
        assert_eq!(input, output, "{}", sample.file);
    }
}

#[test]
fn every_invalid_published_sample_is_refused_naming_line_and_column() {
    assert_eq!(samples::INVALID.len(), 9);
    for sample in samples::INVALID {
        let error = TrtcEnvelope::parse(sample.body.as_bytes()).unwrap_err();
        assert_eq!(error.kind(), TrtcBodyErrorKind::Syntax, "{}", sample.file);
        assert!(error.line() > 0 && error.column() > 0, "{}", sample.file);
        let message = error.to_string();
        assert!(
            message.starts_with("body is not valid JSON: ")
                && message.ends_with(&format!(
                    "(line {}, column {})",
                    error.line(),
                    error.column()
                )),
            "{}: {message}",
            sample.file
        );
    }
    // Spot checks of where Tencent's mistakes are.
    let at = |file: &str| {
        let error = TrtcEnvelope::parse(samples::get(file).unwrap().as_bytes()).unwrap_err();
        (error.line(), error.column(), error.to_string())
    };
    let (line, _, message) = at("1-103-enter-room.legacy-uniqueid.en.as-published.txt");
    assert_eq!(line, 2, "the first `#` comment: {message}");
    let (line, _, message) = at("3-308-upload-error.as-published.txt");
    assert_eq!(line, 6, "the second JSON value: {message}");
    assert!(message.contains("trailing characters"), "{message}");
    let (line, _, message) = at("3-309-download-image-error.v45169.as-published.txt");
    assert_eq!(line, 12, "the trailing comma: {message}");
    let (line, _, _) = at("3-311-vod-commit.legacy-zh.as-published.txt");
    assert_eq!(line, 19, "the first `xxxx` placeholder");
    let (line, _, _) = at("4-401-cdn-publish-status.as-published.txt");
    assert_eq!(line, 13, "`Status`, after the missing comma");
    let (line, column, _) = at("11-1101-moderation-start.as-published.txt");
    assert_eq!(line, 1);
    assert!(column > 300, "deep in the one-line sample: {column}");
}

#[test]
fn every_repaired_sample_parses_and_its_published_text_does_not() {
    for invalid in samples::INVALID {
        let same_stem = invalid.file.replace(".as-published.txt", ".json");
        let without_language = invalid.file.replace(".zh.as-published.txt", ".json");
        let repaired = samples::get(&same_stem)
            .or_else(|| samples::get(&without_language))
            .unwrap_or_else(|| panic!("no repaired sample for {}", invalid.file));
        parse(repaired);
    }
}

// ---------------------------------------------------------------------------------------------
// The signature

#[test]
fn tencents_published_vector_verifies() {
    let key = CallbackKey::new(samples::SIGNATURE_VECTOR_KEY).unwrap();
    assert_eq!(samples::SIGNATURE_VECTOR.len(), 207);
    assert_eq!(
        key.sign(samples::SIGNATURE_VECTOR),
        samples::SIGNATURE_VECTOR_SIGN
    );
    assert_eq!(
        verify(
            [&key],
            samples::SIGNATURE_VECTOR_SIGN.as_bytes(),
            samples::SIGNATURE_VECTOR
        ),
        Ok(0)
    );
    // The same bytes under the sample naming scheme.
    assert_eq!(
        samples::get("2-204-stop-audio.signature-vector.json")
            .unwrap()
            .as_bytes(),
        samples::SIGNATURE_VECTOR
    );
}

#[test]
fn the_vector_s_body_changed_in_any_way_does_not_verify() {
    let key = CallbackKey::new(samples::SIGNATURE_VECTOR_KEY).unwrap();
    let body = std::str::from_utf8(samples::SIGNATURE_VECTOR).unwrap();
    let value: Value = serde_json::from_str(body).unwrap();
    let reordered = format!(
        "{{\"EventType\":204,\"EventGroupId\":2,\"CallbackTs\":1664209748188,\"EventInfo\":{}}}",
        serde_json::to_string(&value["EventInfo"]).unwrap()
    );
    let variants = [
        (
            "escapes kept",
            body.replace('\n', "\\n").replace('\t', "\\t"),
        ),
        (
            "escapes and quotes kept",
            body.replace('\n', "\\n")
                .replace('\t', "\\t")
                .replace('"', "\\\""),
        ),
        ("compact", serde_json::to_string(&value).unwrap()),
        ("re-indented", serde_json::to_string_pretty(&value).unwrap()),
        ("tabs as spaces", body.replace('\t', "        ")),
        ("keys reordered", reordered),
        ("trailing LF", format!("{body}\n")),
        ("CRLF", body.replace('\n', "\r\n")),
    ];
    for (name, changed) in variants {
        assert_ne!(changed, body, "{name}");
        assert_eq!(
            key.verify(
                samples::SIGNATURE_VECTOR_SIGN.as_bytes(),
                changed.as_bytes()
            ),
            Err(TrtcSignatureError::Mismatch),
            "{name}"
        );
    }
    // The right digest in other encodings.
    let hex = "924a0578edce8766479e3b60f2d100421b572b5ebf288d395b70507dff08bc60";
    let url_safe = samples::SIGNATURE_VECTOR_SIGN.replace('/', "_");
    for sign in [hex, url_safe.as_str()] {
        assert_eq!(
            key.verify(sign.as_bytes(), samples::SIGNATURE_VECTOR),
            Err(TrtcSignatureError::Malformed),
            "{sign}"
        );
    }
}

#[tokio::test]
async fn the_vector_passes_the_layer_and_reaches_the_handler_as_sent() {
    let seen = Counter::default();
    let hits = seen.clone();
    let service = TrtcLayer::builder()
        .sdk_app_id(APP)
        .key(samples::SIGNATURE_VECTOR_KEY)
        .clock(|| UNIX_EPOCH + Duration::from_millis(1664209748188 + 1_000))
        .build()
        .unwrap()
        .layer(tower::service_fn(
            move |request: http::Request<http_body_util::Full<Bytes>>| {
                let hits = hits.clone();
                async move {
                    let callback = request
                        .extensions()
                        .get::<TrtcCallback>()
                        .cloned()
                        .expect("the layer's callback");
                    assert_eq!(callback.raw_body().as_ref(), samples::SIGNATURE_VECTOR);
                    let detached = callback.clone().detach();
                    assert_eq!(detached.raw_body(), callback.raw_body());
                    assert_ne!(detached.raw_body().as_ptr(), callback.raw_body().as_ptr());
                    assert_eq!(detached.event(), callback.event());
                    assert_eq!(callback.key_index(), Some(0));
                    assert_eq!(callback.sdk_app_id(), APP);
                    let body = request.into_body().collect().await.unwrap().to_bytes();
                    assert_eq!(body.as_ref(), samples::SIGNATURE_VECTOR);
                    let TrtcEvent::StopAudio(stop) = callback.event() else {
                        panic!("a 204")
                    };
                    assert_eq!(stop.room_id, Some(RoomId::Number(8489)));
                    assert_eq!(stop.reason, Some(0));
                    hits.hit();
                    Ok::<_, std::convert::Infallible>(http::Response::new(
                        http_body_util::Full::new(Bytes::from_static(ACK_BODY.as_bytes())),
                    ))
                }
            },
        ));
    let request = TrtcRequest::new(APP, samples::SIGNATURE_VECTOR)
        .sign_header(samples::SIGNATURE_VECTOR_SIGN)
        .build();
    let response = service.oneshot(request).await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(seen.get(), 1);
}

#[test]
fn pretty_and_compact_bodies_both_verify() {
    let key = key();
    for file in [
        "1-103-enter-room.signature-note-body.json",
        "7-701-stream-ingest-start.compact-from-signature-note.json",
    ] {
        let body = samples::get(file).unwrap().as_bytes();
        let sign = key.sign(body);
        assert_eq!(sign.len(), 44);
        assert!(sign.ends_with('='));
        assert_eq!(key.verify(sign.as_bytes(), body), Ok(()), "{file}");
    }
}

// ---------------------------------------------------------------------------------------------
// Quirks

#[test]
fn send_time_drift_callback_ms_ts() {
    let ingest = sample("7-701-stream-ingest-start.compact-from-signature-note.json");
    assert_eq!(ingest.callback_ts, Some(UnixMillis(1701937900012)));
    let TrtcEvent::StreamIngestStart(start) = &ingest.event else {
        panic!("a 701")
    };
    assert_eq!(start.status, Some(0));
    assert!(start.task_id.as_deref().unwrap().ends_with(".."));
    assert_eq!(
        parse(r#"{"EventGroupId":9,"EventType":901,"CallbackMsTs":7,"EventInfo":{"Payload":{}}}"#)
            .callback_ts,
        Some(UnixMillis(7))
    );
}

#[test]
fn event_time_drift_event_ts_ms() {
    let relay = sample("4-401-cdn-publish-status.json");
    assert_eq!(relay.event.event_ms_ts(), Some(UnixMillis(1622186275913)));
    let TrtcEvent::CdnPublishStatus(status) = &relay.event else {
        panic!("a 401")
    };
    use tencent_im_callback::trtc::relay::CdnPublishState;
    assert_eq!(status.payload.status, Some(CdnPublishState::Running));
    assert_eq!(status.room_type, Some(1));
    // Written back under the documented name.
    let written = serde_json::to_value(&relay).unwrap();
    assert_eq!(written["EventInfo"]["EventMsTs"], json!(1622186275913u64));
    assert!(written["EventInfo"].get("EventTsMs").is_none());
}

#[test]
fn numbers_sent_as_strings() {
    for file in [
        "3-301-recorder-start.json",
        "3-307-file-slice.json",
        "3-311-vod-commit.legacy-zh-flat-payload-seconds.json",
    ] {
        let envelope = sample(file);
        assert!(envelope.event.event_ts().is_some(), "{file}");
    }
    assert_eq!(
        sample("3-301-recorder-start.json").event.event_ts(),
        Some(UnixSecs(1622186275))
    );
    let ms_as_string = parse(
        r#"{"EventGroupId":7,"EventType":702,"CallbackMsTs":"5","EventInfo":{"EventMsTs":"1701937900012","TaskId":"t","Status":"0"}}"#,
    );
    assert_eq!(ms_as_string.callback_ts, Some(UnixMillis(5)));
    assert_eq!(
        ms_as_string.event.event_ms_ts(),
        Some(UnixMillis(1701937900012))
    );
    let TrtcEvent::FileSlice(slice) = sample("3-307-file-slice.json").event else {
        panic!("a 307")
    };
    assert_eq!(
        slice.payload.begin_time_stamp,
        Some(UnixMillis(1622186279144))
    );
    let string_begin = parse(
        r#"{"EventGroupId":3,"EventType":307,"EventInfo":{"Payload":{"BeginTimeStamp":"1622186279144"}}}"#,
    );
    let TrtcEvent::FileSlice(slice) = string_begin.event else {
        panic!("a 307")
    };
    assert_eq!(
        slice.payload.begin_time_stamp,
        Some(UnixMillis(1622186279144))
    );
}

#[test]
fn room_ids_as_numbers_or_strings_and_task_ids_always_strings() {
    assert_eq!(
        sample("1-101-create-room.json").event.room_id(),
        Some(&RoomId::Number(12345))
    );
    assert_eq!(
        sample("3-306-failover.json").event.room_id(),
        Some(&RoomId::Text("20015".into()))
    );
    assert_eq!(
        sample("6-601-video-screenshot.json").event.room_id(),
        Some(&RoomId::Text("464884".into()))
    );
    // 102 as Tencent's sample has it: a string room and no user.
    let dismissed = parse(
        r#"{"EventGroupId":1,"EventType":102,"CallbackTs":1,"EventInfo":{"RoomId":"12345","EventTs":1,"EventMsTs":2}}"#,
    );
    assert_eq!(
        dismissed.event.room_id(),
        Some(&RoomId::Text("12345".into()))
    );
    assert_eq!(dismissed.event.user_id(), None);
    // The relay table types TaskId as a number: kept as its digits.
    let numeric_task = parse(
        r#"{"EventGroupId":4,"EventType":401,"EventInfo":{"TaskId":123456789012345678901,"Payload":{}}}"#,
    );
    assert_eq!(numeric_task.event.task_id(), Some("123456789012345678901"));
    // Placeholders are strings like any other.
    assert_eq!(
        sample("8-801-web-recorder-start.json").event.task_id(),
        Some("-m9-bVVU7id***K-m928oZWQndiborbEWH3zY-lIXlprc-gQvQE")
    );
}

#[test]
fn fields_named_differently_on_different_pages() {
    use tencent_im_callback::trtc::recording::UploadStop;
    use tencent_im_callback::trtc::screenshot::VideoScreenshot;
    use tencent_im_callback::trtc::slicing::SliceFileInfo;

    // 305: `Status` (samples) and `LeaveCode` (the current table).
    for body in [
        r#"{"EventGroupId":3,"EventType":305,"EventInfo":{"Payload":{"Status":1}}}"#,
        r#"{"EventGroupId":3,"EventType":305,"EventInfo":{"Payload":{"LeaveCode":1}}}"#,
    ] {
        let TrtcEvent::UploadStop(stop) = parse(body).event else {
            panic!("a 305")
        };
        let stop: UploadStop = *stop;
        assert_eq!(stop.payload.status, Some(1), "{body}");
        assert!(stop.payload.extra.is_empty());
    }
    // Both at once: the documented spelling wins, the other is kept.
    let TrtcEvent::UploadStop(both) = parse(
        r#"{"EventGroupId":3,"EventType":305,"EventInfo":{"Payload":{"LeaveCode":2,"Status":1}}}"#,
    )
    .event
    else {
        panic!("a 305")
    };
    assert_eq!(both.payload.status, Some(1));
    assert_eq!(
        both.payload.extra.get("LeaveCode").map(|raw| raw.get()),
        Some("2")
    );
    let written = serde_json::to_string(&TrtcEvent::UploadStop(both.clone())).unwrap();
    assert_eq!(written, r#"{"Payload":{"Status":1,"LeaveCode":2}}"#);

    // `StreamUserId` (group 10's table) and `StreamerUserId` (group 11's samples).
    for name in ["StreamUserId", "StreamerUserId"] {
        let body = format!(
            r#"{{"EventGroupId":10,"EventType":1004,"EventInfo":{{"{name}":"anchor","Payload":{{"Url":"x"}}}}}}"#
        );
        let TrtcEvent::SliceFileInfo(info) = parse(&body).event else {
            panic!("a 1004")
        };
        let info: SliceFileInfo = *info;
        assert_eq!(info.stream_user_id.as_deref(), Some("anchor"), "{name}");
        // The slice result's shape is undocumented: kept whole.
        assert_eq!(
            info.payload.extra.get("Url").map(|raw| raw.get()),
            Some("\"x\"")
        );
    }
    let TrtcEvent::ModerationResult(result) = sample("11-1104-moderation-result.audio.json").event
    else {
        panic!("a 1104")
    };
    assert_eq!(
        result.streamer_user_id.as_deref(),
        Some("SliceCustomUploadCase6-user0")
    );

    // `eventID` (sample) and `eventId` (table).
    for name in ["eventID", "eventId"] {
        let body = format!(
            r#"{{"EventGroupId":6,"EventType":601,"EventInfo":{{"{name}":"shot.jpg","timestamp":1698410059693}}}}"#
        );
        let TrtcEvent::VideoScreenshot(shot) = parse(&body).event else {
            panic!("a 601")
        };
        let shot: VideoScreenshot = *shot;
        assert_eq!(shot.event_id.as_deref(), Some("shot.jpg"), "{name}");
        assert_eq!(
            shot.occurred_at(),
            Some(UNIX_EPOCH + Duration::from_millis(1698410059693))
        );
    }
}

#[test]
fn recording_payloads_flat_or_nested_in_their_own_units() {
    let file = |name: &str| {
        let TrtcEvent::VodCommit(commit) = sample(name).event else {
            panic!("a 311")
        };
        commit
    };
    let nested = file("3-311-vod-commit.json");
    let vod = nested.payload.file();
    assert_eq!(vod.file_id, Some("xxxx"));
    assert_eq!(vod.cache_file, Some("xxxx.mp4"));
    assert_eq!(
        vod.end,
        Some(UNIX_EPOCH + Duration::from_millis(1622186282153))
    );
    let flat = file("3-311-vod-commit.legacy-zh-flat-payload-seconds.json");
    assert_eq!(flat.payload.status, None);
    assert!(flat.payload.tencent_vod.is_none());
    let vod = flat.payload.file();
    assert_eq!(vod.user_id, Some("anchor1"));
    assert_eq!(vod.track_type, Some("video"));
    assert_eq!(
        vod.start,
        Some(UNIX_EPOCH + Duration::from_secs(1622186279))
    );
    assert_eq!(vod.end, Some(UNIX_EPOCH + Duration::from_secs(1622186811)));
    let failed = file("3-311-vod-commit.failed.json");
    assert_eq!(failed.payload.status, Some(1));
    assert_eq!(failed.payload.errmsg.as_deref(), Some("xxx"));
    assert_eq!(failed.payload.file().video_url, None);
    let v2022 = file("3-311-vod-commit.v2022.json");
    assert_eq!(v2022.payload.file().start, None);
    assert_eq!(v2022.payload.file().video_url, Some("http://xxxx"));
}

#[test]
fn file_lists_as_a_string_or_an_array() {
    let TrtcEvent::FileInfo(info) = sample("3-304-file-info.json").event else {
        panic!("a 304")
    };
    assert_eq!(
        info.payload.file_list,
        Some(FileList::One("xx.m3u8".into()))
    );
    let TrtcEvent::Mp4Stop(stop) = sample("3-310-mp4-stop.json").event else {
        panic!("a 310")
    };
    let files: Vec<_> = stop.payload.file_list.as_ref().unwrap().files().collect();
    assert_eq!(files, ["xxxx1.mp4", "xxxx2.mp4"]);
    let messages = stop.payload.file_message.as_ref().unwrap();
    assert_eq!(messages.len(), 2);
    assert_eq!(messages[0].media_id.as_deref(), Some("main"));
    assert_eq!(
        messages[0].start_time_stamp,
        Some(UnixMillis(1622186279145))
    );
    let TrtcEvent::Mp4Stop(old) = sample("3-310-mp4-stop.v2022-no-FileMessage.json").event else {
        panic!("a 310")
    };
    assert!(old.payload.file_message.is_none());
}

#[test]
fn the_legacy_unique_id_and_the_room_codes() {
    let TrtcEvent::EnterRoom(entered) = sample("1-103-enter-room.legacy-uniqueid.en.json").event
    else {
        panic!("a 103")
    };
    assert_eq!(entered.unique_id, Some(1615554922656));
    assert_eq!(entered.event_ms_ts, None);
    assert_eq!(entered.role, Some(Role::Anchor));
    assert_eq!(entered.terminal_type, Some(TerminalType::Ios));
    assert_eq!(entered.user_type, Some(UserType::NativeSdk));
    assert_eq!(entered.reason, Some(EnterReason::Normal));
    // No EventMsTs: the time falls back to EventTs, in seconds.
    assert_eq!(
        TrtcEvent::EnterRoom(entered).occurred_at(),
        Some(UNIX_EPOCH + Duration::from_secs(1615554922))
    );
    // Codes no table lists are kept.
    let TrtcEvent::ExitRoom(exit) =
        parse(r#"{"EventGroupId":1,"EventType":104,"EventInfo":{"Role":22,"Reason":"9"}}"#).event
    else {
        panic!("a 104")
    };
    let exit: ExitRoom = *exit;
    assert_eq!(exit.role, Some(Role::Unknown(22)));
    assert_eq!(exit.reason.map(|reason| reason.code()), Some(9));
    assert_eq!(
        serde_json::to_value(&exit).unwrap(),
        json!({"Role": 22, "Reason": 9})
    );
}

#[test]
fn the_same_key_with_different_types_per_event() {
    let TrtcEvent::AiSessionStatus(status) = sample("9-909-ai-session-status.json").event else {
        panic!("a 909")
    };
    assert_eq!(status.payload.status.as_deref(), Some("session_ready"));
    let TrtcEvent::AiServiceStart(start) = sample("9-901-ai-service-start.json").event else {
        panic!("a 901")
    };
    assert_eq!(start.payload.status, Some(0));
    let TrtcEvent::AiMetric(metric) = sample("9-906-ai-metric-message.json").event else {
        panic!("a 906")
    };
    assert_eq!(
        metric
            .payload
            .value
            .as_ref()
            .map(ToString::to_string)
            .as_deref(),
        Some("218")
    );
    let TrtcEvent::UploadError(error) = sample("3-308-upload-error.json").event else {
        panic!("a 308")
    };
    assert_eq!(error.payload.code.as_deref(), Some("xx"));
    let TrtcEvent::ModerationUploadError(error) =
        sample("11-1106-moderation-upload-error.json").event
    else {
        panic!("a 1106")
    };
    assert_eq!(error.payload.code, Some(10002));
}

#[test]
fn moderation_results_are_typed_to_their_leaves() {
    use tencent_im_callback::trtc::moderation::{ModerationMediaType, Suggestion};
    let TrtcEvent::ModerationResult(result) = sample("11-1104-moderation-result.image.json").event
    else {
        panic!("a 1104")
    };
    let payload = &result.payload;
    assert_eq!(payload.media_type, Some(ModerationMediaType::Image));
    assert_eq!(payload.suggest, Some(Suggestion::Block));
    assert!(payload
        .image_ocr
        .as_deref()
        .unwrap()
        .starts_with("Movable Type"));
    assert!(payload.extra.is_empty());
    let detail = &payload.check_detail.as_ref().unwrap()[0];
    assert_eq!(detail.scene.as_deref(), Some("Ad"));
    assert_eq!(detail.keywords.as_deref(), Some(&[][..]));
    assert_eq!(detail.audio_segments.as_ref().unwrap().get(), "{}");
    assert!(detail.extra.is_empty());
}

#[test]
fn unknown_groups_codes_and_missing_codes_pass_through_with_their_json() {
    let unknown = parse(
        r#"{"EventGroupId":12,"EventType":1201,"CallbackTs":1,"EventInfo":{"RoomId":"r","EventMsTs":9,"Brand":{"new":true}},"Extra":1}"#,
    );
    let TrtcEvent::Unknown(event) = &unknown.event else {
        panic!("unknown")
    };
    assert_eq!((event.event_group_id, event.event_type), (12, Some(1201)));
    assert_eq!(
        event.event_info.get(),
        r#"{"RoomId":"r","EventMsTs":9,"Brand":{"new":true}}"#
    );
    assert_eq!(unknown.event.room_id(), Some(&RoomId::Text("r".into())));
    assert_eq!(unknown.event.event_ms_ts(), Some(UnixMillis(9)));
    assert_eq!(unknown.extra.get("Extra").map(|raw| raw.get()), Some("1"));
    assert_eq!(unknown.event.name(), "Unknown");
    assert_eq!(unknown.event.kind(), None);
    // A known group with a new code, and one of Tencent's group-9 examples without a code.
    let new_code = parse(r#"{"EventGroupId":1,"EventType":106,"EventInfo":{}}"#);
    assert_eq!(new_code.event.event_type(), Some(106));
    assert!(matches!(new_code.event, TrtcEvent::Unknown(_)));
    let no_code = parse(
        r#"{"EventGroupId":9,"CallbackTs":1687770730166,"EventInfo":{"EventMsTs":1622186275757,"TaskId":"xx","RoomId":"1234","RoomIdType":0,"Payload":{"Status":0}}}"#,
    );
    let TrtcEvent::Unknown(event) = &no_code.event else {
        panic!("unknown")
    };
    assert_eq!((event.event_group_id, event.event_type), (9, None));
    assert_eq!(no_code.event.task_id(), Some("xx"));
    // An unknown event whose fields have unusual types is still passed on.
    let odd = parse(r#"{"EventGroupId":99,"EventType":9901,"EventInfo":{"RoomId":[1]}}"#);
    assert_eq!(odd.event.room_id(), None);
    // Unknown fields of a known event are kept and written back.
    let known =
        parse(r#"{"EventGroupId":2,"EventType":201,"EventInfo":{"RoomId":1,"New":{"a": [1, 2]}}}"#);
    assert_eq!(
        known.event.extra().unwrap().get("New").map(|raw| raw.get()),
        Some(r#"{"a": [1, 2]}"#)
    );
    assert_eq!(
        serde_json::to_string(&known).unwrap(),
        r#"{"EventGroupId":2,"EventType":201,"EventInfo":{"RoomId":1,"New":{"a":[1,2]}}}"#
    );
}

#[test]
fn absent_fields_stay_absent() {
    let written = serde_json::to_string(&sample("1-105-change-role.json")).unwrap();
    assert!(!written.contains("Reason"), "{written}");
    assert!(!written.contains("null"), "{written}");
    let TrtcEvent::ChangeRole(change) =
        parse(r#"{"EventGroupId":1,"EventType":105,"EventInfo":{"Role":null}}"#).event
    else {
        panic!("a 105")
    };
    assert_eq!(change.role, None, "null counts as absent");
}

#[test]
fn wrong_shapes_name_their_path() {
    for (body, path) in [
        (
            r#"{"EventGroupId":1,"EventType":103,"EventInfo":{"Role":"anchor"}}"#,
            "EventInfo.Role",
        ),
        (
            r#"{"EventGroupId":3,"EventType":310,"EventInfo":{"Payload":{"FileMessage":[{"StartTimeStamp":-1}]}}}"#,
            "EventInfo.Payload.FileMessage[0].StartTimeStamp",
        ),
        (
            r#"{"EventGroupId":3,"EventType":311,"EventInfo":{}}"#,
            "EventInfo",
        ),
        (r#"{"EventGroupId":"one","EventInfo":{}}"#, "EventGroupId"),
        (
            r#"{"EventGroupId":2,"EventType":201,"EventInfo":{"UserId":"a","UserId":"b"}}"#,
            "EventInfo",
        ),
    ] {
        let error = TrtcEnvelope::parse(body.as_bytes()).unwrap_err();
        assert_eq!(error.kind(), TrtcBodyErrorKind::Data, "{body}");
        assert_eq!(error.path(), Some(path), "{body}: {error}");
    }
}

// ---------------------------------------------------------------------------------------------
// The table

#[test]
fn the_table_lists_52_codes_once_each() {
    let kinds = TrtcEvent::KINDS;
    assert_eq!(kinds.len(), 52);
    let mut seen = std::collections::HashSet::new();
    for kind in kinds {
        assert!(
            seen.insert((kind.event_group_id, kind.event_type)),
            "{kind:?}"
        );
        assert_eq!(kind.event_type / 100, kind.event_group_id, "{kind:?}");
        // A minimal body of each code types as that code.
        let body = format!(
            r#"{{"EventGroupId":{},"EventType":{},"CallbackTs":1,"EventInfo":{{"Payload":{{}}}}}}"#,
            kind.event_group_id, kind.event_type
        );
        let event = parse(&body).event;
        assert_eq!(event.kind(), Some(kind));
        assert_eq!(event.name(), kind.name);
        assert_eq!(
            (event.event_group_id(), event.event_type()),
            (kind.event_group_id, Some(kind.event_type))
        );
    }
    let groups: std::collections::BTreeSet<_> = kinds.iter().map(|k| k.event_group_id).collect();
    assert_eq!(
        groups.into_iter().collect::<Vec<_>>(),
        [1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 14]
    );
    assert!(kinds
        .iter()
        .all(|kind| kind.constant.is_some() || kind.event_type == 1401));
}

#[test]
fn envelopes_built_from_events_serialise_as_tencent_s_bodies() {
    let entered = sample("1-103-enter-room.json").event;
    let envelope = TrtcEnvelope::new(entered, Some(UnixMillis(1)));
    let written = serde_json::to_value(&envelope).unwrap();
    assert_eq!(written["EventGroupId"], 1);
    assert_eq!(written["EventType"], 103);
    assert_eq!(written["CallbackTs"], 1);
    assert_eq!(written["EventInfo"]["UserId"], "test");
}

// ---------------------------------------------------------------------------------------------
// Order and idempotency

#[test]
fn events_sort_by_event_ms_ts_and_dedupe_by_key() {
    let mut events: Vec<TrtcEnvelope> = [
        "1-104-exit-room.json",
        "1-103-enter-room.json",
        "1-103-enter-room.legacy-uniqueid.en.json",
        "1-101-create-room.json",
    ]
    .into_iter()
    .map(sample)
    .collect();
    sort_by_event_time(&mut events);
    let order: Vec<_> = events.iter().map(|e| e.event.event_ms_ts()).collect();
    assert_eq!(
        order,
        [
            None,
            Some(UnixMillis(1687770730160)),
            Some(UnixMillis(1687770731831)),
            Some(UnixMillis(1687770731898)),
        ]
    );

    let callback = |body: &str| {
        TrtcCallback::from_parts(APP, None, Bytes::copy_from_slice(body.as_bytes())).unwrap()
    };
    let enter = callback(samples::ENTER_ROOM);
    assert_eq!(
        enter.idempotency_key(),
        "trtc:1:103:n12345:test::1687770731831"
    );
    // A retry with another send time is the same event.
    let retried = samples::ENTER_ROOM.replace("1687770731932", "1687770741932");
    assert_eq!(
        callback(&retried).idempotency_key(),
        enter.idempotency_key()
    );
    let recording = callback(samples::get("3-301-recorder-start.json").unwrap());
    assert_eq!(
        recording.idempotency_key(),
        "trtc:3:301:sxx:xx:xx:1622186275757"
    );
    // No EventMsTs: the body's digest.
    let legacy = callback(samples::get("1-103-enter-room.legacy-uniqueid.en.json").unwrap());
    assert_eq!(
        legacy.idempotency_key(),
        format!("trtc:1:103:sha256:{}", hex_digest(legacy.raw_body()))
    );
    let screenshot = callback(samples::get("6-601-video-screenshot.json").unwrap());
    assert!(screenshot
        .idempotency_key()
        .starts_with("trtc:6:601:sha256:"));
    // Odd characters cannot forge another key.
    let odd = callback(
        r#"{"EventGroupId":1,"EventType":104,"EventInfo":{"RoomId":"a b%","UserId":"用户:1","EventMsTs":3}}"#,
    );
    assert_eq!(
        odd.idempotency_key(),
        "trtc:1:104:sa%20b%25:%E7%94%A8%E6%88%B7%3A1::3"
    );
}

fn hex_digest(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Recording events on their own

#[test]
fn recording_events_read_from_im_style_envelopes() {
    let follow = samples::get("related/Follow.CallbackAfterCloudRecordingChanged.json").unwrap();
    let event: RecordingEvent = serde_json::from_str(follow).unwrap();
    assert_eq!(event.event_type(), Some(305));
    assert_eq!(
        event.task_id(),
        Some("-m9-bVVU7id***K-m928oZWQndiborbEWH3zY-lIXlprc-gQvQE")
    );
    // The whole Follow body also reads as a TRTC body, its command kept.
    let envelope = parse(follow);
    assert_eq!(
        envelope.extra.get("CallbackCommand").map(|raw| raw.get()),
        Some("\"Follow.CallbackAfterCloudRecordingChanged\"")
    );
    // TUICallKit nests the recording body under `Callback`, `EventMsTs` after `Payload`.
    let call: Value =
        serde_json::from_str(samples::get("related/Call.CallbackAfterRecordChanged.json").unwrap())
            .unwrap();
    let event: RecordingEvent = serde_json::from_value(call["Callback"].clone()).unwrap();
    let RecordingEvent::RecorderStart(start) = &event else {
        panic!("a 301")
    };
    assert_eq!(start.payload.status, Some(0));
    assert_eq!(event.event_ms_ts(), Some(UnixMillis(1774425607077)));
    assert!(
        start.extra.get("KitType").is_none(),
        "KitType is outside EventInfo"
    );
    // Round trip through TrtcEvent, and refusal of other groups.
    let as_trtc = TrtcEvent::from(event.clone());
    assert_eq!(as_trtc.name(), "RecorderStart");
    let other: Result<RecordingEvent, _> =
        serde_json::from_str(r#"{"EventGroupId":1,"EventType":101,"EventInfo":{}}"#);
    assert!(other.is_err());
    let unknown = RecordingEvent::from_event_info(Some(399), b"{\"TaskId\":\"t\"}").unwrap();
    assert!(matches!(unknown, RecordingEvent::Unknown(_)));
    assert_eq!(unknown.event_type(), Some(399));
}

// ---------------------------------------------------------------------------------------------
// The layer's accepted path and configuration

fn layer_at(body: &str) -> tencent_im_callback::trtc::TrtcLayerBuilder {
    TrtcLayer::builder().clock(samples::clock(body))
}

#[tokio::test]
async fn handlers_get_typed_callbacks_and_answer_code_0() {
    let hits = Counter::default();
    let seen = hits.clone();
    let service = layer_at(samples::EXIT_ROOM)
        .sdk_app_id(APP)
        .key(KEY)
        .build()
        .unwrap()
        .layer(handler_fn(move |cb: TrtcCallback<ExitRoom>| {
            let seen = seen.clone();
            async move {
                assert_eq!(cb.event().user_id.as_deref(), Some("test"));
                assert_eq!(cb.sdk_app_id(), APP);
                assert_eq!(cb.callback_ts(), Some(UnixMillis(1687770731922)));
                seen.hit();
            }
        }));
    let request = TrtcRequest::new(APP, samples::EXIT_ROOM)
        .signed(&key())
        .build();
    let response = service.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    let body = response.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(body.as_ref(), br#"{"code":0}"#);
    assert_eq!(hits.get(), 1);

    // Another event for this handler: 500, code 50002.
    let request = TrtcRequest::new(APP, samples::ENTER_ROOM)
        .signed(&key())
        .build();
    let response = service.oneshot(request).await.unwrap();
    assert_eq!(response.status(), 500);
    assert_eq!(
        json_body(response.into_body()).await,
        json!({"code": 50002, "message": "this handler does not take TRTC event 1/103"})
    );
}

#[tokio::test]
async fn handler_errors_and_panics_answer_500_with_json() {
    let layer = layer_at(samples::ENTER_ROOM)
        .sdk_app_id(APP)
        .key(KEY)
        .build()
        .unwrap();
    let request = || {
        TrtcRequest::new(APP, samples::ENTER_ROOM)
            .signed(&key())
            .build()
    };

    let failing = layer.layer(handler_fn(|_: TrtcCallback| async {
        Err::<(), _>("database unavailable")
    }));
    let response = failing.oneshot(request()).await.unwrap();
    assert_eq!(response.status(), 500);
    assert_eq!(
        json_body(response.into_body()).await,
        json!({"code": 50004, "message": "the handler failed: database unavailable"})
    );

    let long = layer.layer(handler_fn(|_: TrtcCallback| async {
        Err::<(), _>("é".repeat(2000))
    }));
    let response = long.oneshot(request()).await.unwrap();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    assert!(body.len() < 1100, "{}", body.len());
    serde_json::from_slice::<Value>(&body).expect("still JSON after the cut");

    let panicking = layer.layer(handler_fn(|cb: TrtcCallback| async move {
        if cb.sdk_app_id() == APP {
            panic!("handler bug");
        }
    }));
    let response = panicking.oneshot(request()).await.unwrap();
    assert_eq!(response.status(), 500);
    assert_eq!(json_body(response.into_body()).await["code"], 50003);

    // Without the layer.
    let bare = handler_fn(|_: TrtcCallback| async {});
    let response = bare.oneshot(request()).await.unwrap();
    assert_eq!(response.status(), 500);
    assert_eq!(json_body(response.into_body()).await["code"], 50001);
}

#[tokio::test]
async fn keys_rotate_and_bind_to_their_app() {
    const OTHER_APP: u64 = 1400000001;
    let layer = layer_at(samples::ENTER_ROOM)
        .sdk_app_id(APP)
        .key("oldKey")
        .key("newKey")
        .key_for(OTHER_APP, "otherKey")
        .build()
        .unwrap();
    let index = |app: u64, key: &str| {
        let layer = layer.clone();
        let key = CallbackKey::new(key).unwrap();
        async move {
            let (tx, rx) = std::sync::mpsc::channel();
            let service = layer.layer(handler_fn(move |cb: TrtcCallback| {
                let tx = tx.clone();
                async move { tx.send(cb.key_index()).unwrap() }
            }));
            let request = TrtcRequest::new(app, samples::ENTER_ROOM)
                .signed(&key)
                .build();
            let response = service.oneshot(request).await.unwrap();
            let status = response.status().as_u16();
            let code = json_body(response.into_body()).await["code"].clone();
            (status, code, rx.try_recv().ok().flatten())
        }
    };
    assert_eq!(index(APP, "oldKey").await, (200, json!(0), Some(0)));
    assert_eq!(index(APP, "newKey").await, (200, json!(0), Some(1)));
    assert_eq!(index(OTHER_APP, "otherKey").await, (200, json!(0), Some(2)));
    // A key of one app does not sign for another.
    assert_eq!(index(APP, "otherKey").await, (401, json!(40104), None));
    assert_eq!(index(OTHER_APP, "newKey").await, (401, json!(40104), None));
}

#[tokio::test]
async fn unsigned_is_an_explicit_choice() {
    assert_eq!(
        TrtcLayer::builder().sdk_app_id(APP).build().unwrap_err(),
        TrtcConfigError::NoKey
    );
    assert_eq!(
        TrtcLayer::builder()
            .sdk_app_id(APP)
            .key(KEY)
            .unsigned()
            .build()
            .unwrap_err(),
        TrtcConfigError::UnsignedWithKeys
    );
    let service = layer_at(samples::ENTER_ROOM)
        .sdk_app_id(APP)
        .unsigned()
        .build()
        .unwrap()
        .layer(handler_fn(|cb: TrtcCallback| async move {
            assert_eq!(cb.key_index(), None);
        }));
    // With or without a `Sign`, valid or not: nothing is checked.
    for request in [
        TrtcRequest::new(APP, samples::ENTER_ROOM).build(),
        TrtcRequest::new(APP, samples::ENTER_ROOM)
            .sign_header("not base64")
            .build(),
    ] {
        let response = service.clone().oneshot(request).await.unwrap();
        assert_eq!(response.status(), 200);
    }
}

#[test]
fn configuration_errors_never_show_a_key() {
    for (builder, expected) in [
        (TrtcLayer::builder().key(KEY), TrtcConfigError::NoAppId),
        (
            TrtcLayer::builder().sdk_app_id(1).key_for(2, KEY),
            TrtcConfigError::AppWithoutKey(1),
        ),
        (
            TrtcLayer::builder().sdk_app_id(1).key(KEY).body_limit(0),
            TrtcConfigError::ZeroBodyLimit,
        ),
    ] {
        assert_eq!(builder.build().unwrap_err(), expected);
    }
    let error = TrtcLayer::builder()
        .sdk_app_id(1)
        .key(KEY)
        .key("secret with space\n")
        .build()
        .unwrap_err();
    assert!(
        matches!(error, TrtcConfigError::Key { index: 1, .. }),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(!message.contains("secret"), "{message}");
    // Debug output of the builder and the layer shows no key.
    let builder = TrtcLayer::builder().sdk_app_id(1).key("topSecretKey1");
    assert!(!format!("{builder:?}").contains("topSecretKey1"));
    let layer = builder.build().unwrap();
    assert!(!format!("{layer:?}").contains("topSecretKey1"));
    assert_eq!(
        format!("{:?}", CallbackKey::new("topSecretKey1").unwrap()),
        "CallbackKey(<redacted>)"
    );
}

#[tokio::test]
async fn the_replay_window_allows_retries_and_refuses_old_captures() {
    let sent = UNIX_EPOCH + Duration::from_millis(1687770731932);
    let status_at = |now: SystemTime, window: Option<Duration>| async move {
        let mut builder = TrtcLayer::builder()
            .sdk_app_id(APP)
            .key(KEY)
            .clock(move || now);
        if let Some(window) = window {
            builder = builder.replay_window(window);
        }
        let service = builder
            .build()
            .unwrap()
            .layer(handler_fn(|_: TrtcCallback| async {}));
        let request = TrtcRequest::new(APP, samples::ENTER_ROOM)
            .signed(&key())
            .build();
        let response = service.oneshot(request).await.unwrap();
        (
            response.status().as_u16(),
            json_body(response.into_body()).await,
        )
    };
    // Tencent's last retry, a minute and its 5-second timeout after the first try.
    assert_eq!(status_at(sent + Duration::from_secs(65), None).await.0, 200);
    assert_eq!(
        status_at(sent + Duration::from_secs(300), None).await.0,
        200
    );
    assert_eq!(
        status_at(sent - Duration::from_secs(300), None).await.0,
        200
    );
    let (status, body) = status_at(sent + Duration::from_millis(300_001), None).await;
    assert_eq!((status, body["code"].clone()), (401, json!(40102)));
    assert_eq!(
        body["message"],
        "`CallbackTs` is 300.001 s in the past, outside the replay window of 300 s"
    );
    let (status, body) = status_at(sent - Duration::from_secs(301), None).await;
    assert_eq!((status, body["code"].clone()), (401, json!(40102)));
    assert!(body["message"].as_str().unwrap().contains("in the future"));
    let narrow = Some(Duration::from_secs(10));
    assert_eq!(
        status_at(sent + Duration::from_secs(11), narrow).await.0,
        401
    );
}

#[tokio::test]
async fn accepted_responses_fit_tencent_s_2000_bytes() {
    let service = layer_at(samples::ENTER_ROOM)
        .sdk_app_id(APP)
        .key(KEY)
        .build()
        .unwrap()
        .layer(handler_fn(|_: TrtcCallback| async {}));
    let request = TrtcRequest::new(APP, samples::ENTER_ROOM)
        .signed(&key())
        .build();
    let response = service.oneshot(request).await.unwrap();
    let headers: usize = response
        .headers()
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len() + 4)
        .sum();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    assert!("HTTP/1.1 200 OK\r\n".len() + headers + 2 + body.len() < 2000);
}
