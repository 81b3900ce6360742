//! TUILiveKit callbacks: every sample against its type, every quirk LIVE.md lists, the gift
//! reply, and the seat callback of both products.

mod common;

use std::time::{Duration, UNIX_EPOCH};

use common::*;
use serde_json::{json, Value};
use tencent_im_callback::command::{Product, Timing};
use tencent_im_callback::event::{BodyErrorKind, Envelope};
use tencent_im_callback::follow::CloudRecordingChanged;
use tencent_im_callback::live::{
    AdminOp, BattleEndReason, BeforeSendGift, DestroyType, FromRoomInfo, GiftRejectCode,
    MemberState, MemberStateCause, RoomCount, SendGiftReply, SYSTEM_OPERATOR,
};
use tencent_im_callback::room::{RoomType, TakeSeatMode};
use tencent_im_callback::test_util::{samples, CallbackRequest};
use tencent_im_callback::{Callback, CallbackLayer, Command, CommandRouter, Event, IntoReply};
use tower::{Layer, ServiceExt};

/// Every LiveKit command this crate models, with its sample under `tests/fixtures/live/`.
const LIVEKIT: [(&str, &str); 14] = [
    (
        "Live.CallbackAfterCreateRoom",
        include_str!("fixtures/live/Live.CallbackAfterCreateRoom.json"),
    ),
    (
        "Live.CallbackAfterDestroyRoom",
        include_str!("fixtures/live/Live.CallbackAfterDestroyRoom.json"),
    ),
    (
        "Live.CallbackAfterUpdateRoomInfo",
        include_str!("fixtures/live/Live.CallbackAfterUpdateRoomInfo.json"),
    ),
    (
        "Live.CallbackAfterSetMetadata",
        include_str!("fixtures/live/Live.CallbackAfterSetMetadata.json"),
    ),
    (
        "Live.CallbackAfterDelMetadata",
        include_str!("fixtures/live/Live.CallbackAfterDelMetadata.json"),
    ),
    (
        "Live.CallbackAfterCreateRoomReachingThreshold",
        include_str!("fixtures/live/Live.CallbackAfterCreateRoomReachingThreshold.json"),
    ),
    (
        "Live.CallbackAfterMemberStateChanged",
        include_str!("fixtures/live/Live.CallbackAfterMemberStateChanged.json"),
    ),
    (
        "Live.CallbackAfterChangeOwner",
        include_str!("fixtures/live/Live.CallbackAfterChangeOwner.json"),
    ),
    (
        "Live.CallbackAfterModifyAdmin",
        include_str!("fixtures/live/Live.CallbackAfterModifyAdmin.json"),
    ),
    (
        "Live.CallbackAfterCreateBattle",
        include_str!("fixtures/live/Live.CallbackAfterCreateBattle.json"),
    ),
    (
        "Live.CallbackAfterStartBattle",
        include_str!("fixtures/live/Live.CallbackAfterStartBattle.json"),
    ),
    (
        "Live.CallbackAfterEndBattle",
        include_str!("fixtures/live/Live.CallbackAfterEndBattle.json"),
    ),
    (
        "Live.CallbackBeforeSendGift",
        include_str!("fixtures/live/Live.CallbackBeforeSendGift.json"),
    ),
    (
        "Follow.CallbackAfterCloudRecordingChanged",
        include_str!("fixtures/live/Follow.CallbackAfterCloudRecordingChanged.json"),
    ),
];

/// The LiveKit page's seat sample: no `Operator_Account`, the occupant as a number > 2^53.
const LIVEKIT_SEATS: &str = include_str!("fixtures/live/Mic.CallbackAfterSeatInfoChanged.json");

/// Tencent's texts that are not valid JSON, with the line and column where the parser stops
/// (a `//` comment, or the missing comma of update-room-info and the seat sample).
const AS_PUBLISHED: [(&str, &str, usize, usize); 7] = [
    (
        "Live.CallbackAfterCreateBattle",
        include_str!("fixtures/live/Live.CallbackAfterCreateBattle.as-published.txt"),
        4,
        66,
    ),
    (
        "Live.CallbackAfterDestroyRoom",
        include_str!("fixtures/live/Live.CallbackAfterDestroyRoom.as-published.txt"),
        5,
        34,
    ),
    (
        "Live.CallbackAfterEndBattle",
        include_str!("fixtures/live/Live.CallbackAfterEndBattle.as-published.txt"),
        8,
        18,
    ),
    (
        "Live.CallbackAfterMemberStateChanged",
        include_str!("fixtures/live/Live.CallbackAfterMemberStateChanged.as-published.txt"),
        4,
        27,
    ),
    (
        "Live.CallbackAfterStartBattle",
        include_str!("fixtures/live/Live.CallbackAfterStartBattle.as-published.txt"),
        3,
        65,
    ),
    (
        "Live.CallbackAfterUpdateRoomInfo",
        include_str!("fixtures/live/Live.CallbackAfterUpdateRoomInfo.as-published.txt"),
        16,
        1,
    ),
    (
        "Mic.CallbackAfterSeatInfoChanged",
        include_str!("fixtures/live/Mic.CallbackAfterSeatInfoChanged.as-published.txt"),
        6,
        13,
    ),
];

fn parse(command: &str, body: &str) -> Event {
    Event::parse(&Command::from_wire(command), body.as_bytes())
        .unwrap_or_else(|error| panic!("{command}: {error}"))
}

/// The one normalisation LiveKit samples need: account ids sent as JSON numbers (above 2^53)
/// are written back as strings of the same digits. Everything else — values, absent fields,
/// nested objects, kept payloads — must come back as it was sent. Key order is not compared
/// (unmodelled fields are written after the modelled ones), nor insignificant whitespace.
fn normalise(key: &str, value: &mut Value) {
    match value {
        Value::Object(map) => map.iter_mut().for_each(|(k, v)| normalise(k, v)),
        Value::Array(items) => items.iter_mut().for_each(|v| normalise(key, v)),
        Value::Number(number) if key.ends_with("_Account") => *value = json!(number.to_string()),
        _ => {}
    }
}

/// Parses with every number kept as written, so that ids above 2^53 compare exactly.
fn exact(json: &str) -> Value {
    serde_json::from_str(json).unwrap()
}

#[test]
fn every_livekit_command_is_in_the_table_with_its_sample() {
    for (word, body) in LIVEKIT {
        let command = Command::from_wire(word);
        assert!(command.is_modelled(), "{word}");
        assert_eq!(samples::of(&command), Some(body), "{word}");
        let expected = if word.starts_with("Follow.") {
            Product::Follow
        } else {
            Product::Live
        };
        assert_eq!(command.product(), Some(expected), "{word}");
        let timing = if word == "Live.CallbackBeforeSendGift" {
            Timing::Before
        } else {
            Timing::After
        };
        assert_eq!(command.timing(), timing, "{word}");
    }
    // The simulator and the test utilities pick up every `Live.*` command from the table.
    let live: Vec<Command> = samples::of_product(Product::Live)
        .map(|(command, _)| command)
        .collect();
    assert_eq!(live.len(), 13);
}

#[test]
fn every_livekit_sample_re_serialises_to_its_normalised_input() {
    let all = LIVEKIT
        .iter()
        .copied()
        .chain([("Mic.CallbackAfterSeatInfoChanged", LIVEKIT_SEATS)]);
    for (command, body) in all {
        let event = parse(command, body);
        assert_eq!(event.command(), Command::from_wire(command));
        assert!(!matches!(event, Event::Unknown { .. } | Event::Unparsed(_)));
        let mut expected = exact(body);
        normalise("", &mut expected);
        let written = serde_json::to_string(&event).unwrap();
        assert!(!written.contains('\n'), "{command}: {written}");
        assert_eq!(exact(&written), expected, "{command}");
        // And once more: what was written reads back and is written the same way. (Kept raw
        // values compare by their text, which the first writing compacted.)
        let again = serde_json::to_string(&parse(command, &written)).unwrap();
        assert_eq!(again, written, "{command}");
    }
}

#[test]
fn as_published_texts_are_syntax_errors_naming_line_and_column() {
    for (command, text, line, column) in AS_PUBLISHED {
        let error = Event::parse(&Command::from_wire(command), text.as_bytes()).unwrap_err();
        assert_eq!(error.kind(), BodyErrorKind::Syntax, "{command}");
        assert_eq!((error.line(), error.column()), (line, column), "{command}");
        let position = format!("(line {line}, column {column})");
        assert!(error.to_string().contains(&position), "{command}: {error}");
    }
}

#[tokio::test]
async fn as_published_texts_are_answered_400_40003_by_the_layer() {
    let calls = Counter::default();
    let seen = calls.clone();
    let service = CallbackLayer::builder()
        .sdk_app_id(APP)
        .build()
        .unwrap()
        .layer(tencent_im_callback::handler_fn(
            move |_: Callback<Event>| {
                seen.hit();
                async {}
            },
        ));
    for (command, text, line, column) in AS_PUBLISHED {
        let request = CallbackRequest::new(APP, command).body(text).build();
        let response = service.clone().oneshot(request).await.unwrap();
        assert_eq!(response.status(), 400, "{command}");
        let reply = json_body(response.into_body()).await;
        assert_eq!(reply["ActionStatus"], "FAIL", "{command}");
        assert_eq!(reply["ErrorCode"], 40003, "{command}");
        let info = reply["ErrorInfo"].as_str().unwrap();
        assert!(
            info.contains(&format!("line {line}, column {column}")),
            "{command}: {info}"
        );
    }
    assert_eq!(calls.get(), 0);
}

#[test]
fn account_ids_above_2_pow_53_keep_every_digit() {
    let Event::LiveAfterDestroyRoom(destroyed) = parse(LIVEKIT[1].0, LIVEKIT[1].1) else {
        panic!("not a destroy event");
    };
    let room = destroyed.room_info.as_ref().unwrap();
    assert_eq!(room.owner_account.as_deref(), Some("144115216631667826"));
    // What a float parser would have made of it.
    assert_ne!((144115216631667826u64 as f64) as u64, 144115216631667826u64);

    let Event::LiveAfterEndBattle(ended) = parse(LIVEKIT[11].0, LIVEKIT[11].1) else {
        panic!("not an end-battle event");
    };
    let caller = ended.from_room_info.as_ref().unwrap().room().unwrap();
    assert_eq!(caller.owner_account.as_deref(), Some("144115245353757792"));
    assert_eq!(
        ended.to_room_list.as_ref().unwrap()[0]
            .owner_account
            .as_deref(),
        Some("144115245442327522")
    );

    let Event::MicAfterSeatInfoChanged(seats) =
        parse("Mic.CallbackAfterSeatInfoChanged", LIVEKIT_SEATS)
    else {
        panic!("not a seat event");
    };
    assert_eq!(seats.seats()[0].member(), Some("144115233775727695"));
}

#[test]
fn the_same_ids_arrive_as_strings_elsewhere() {
    let Event::LiveAfterCreateRoom(created) = parse(LIVEKIT[0].0, LIVEKIT[0].1) else {
        panic!("not a create event");
    };
    assert_eq!(created.room_info.owner_account.as_deref(), Some("user3"));
    let Event::LiveAfterStartBattle(started) = parse(LIVEKIT[10].0, LIVEKIT[10].1) else {
        panic!("not a start-battle event");
    };
    let caller = started.from_room_info.as_ref().unwrap().room().unwrap();
    assert_eq!(caller.owner_account.as_deref(), Some("brennan"));
    assert_eq!(caller.score, None);
}

#[test]
fn create_room_is_typed_and_its_missing_event_time_stays_missing() {
    let Event::LiveAfterCreateRoom(created) = parse(LIVEKIT[0].0, LIVEKIT[0].1) else {
        panic!("not a create event");
    };
    let room = &created.room_info;
    assert_eq!(created.operator_account.as_deref(), Some("admin"));
    assert_eq!(room.room_type, Some(RoomType::Live));
    assert_eq!(room.take_seat_mode, Some(TakeSeatMode::ApplyToTake));
    assert_eq!(room.category.as_deref(), Some(&[1, 2][..]));
    assert_eq!(room.max_seat_count, Some(16));
    assert_eq!(room.is_public_visible, Some(true));
    assert_eq!(room.cover_url.as_deref(), Some("cover url"));
    assert_eq!(
        room.created_at(),
        Some(UNIX_EPOCH + Duration::from_secs(1703589922))
    );
    assert_eq!(created.event_time, None);
    assert_eq!(created.occurred_at(), None);
    assert!(room.extra.is_empty() && created.extra.is_empty());
    let written = serde_json::to_value(&created).unwrap();
    assert!(written.get("EventTime").is_none());
}

#[test]
fn destroy_room_with_statistic_and_a_system_destroy_without() {
    let Event::LiveAfterDestroyRoom(destroyed) = parse(LIVEKIT[1].0, LIVEKIT[1].1) else {
        panic!("not a destroy event");
    };
    assert_eq!(destroyed.event_type, Some(DestroyType::ByUser));
    assert!(!destroyed.is_by_system());
    let room = destroyed.room_info.as_ref().unwrap();
    assert_eq!(room.activity_status, Some(0));
    assert_eq!(room.view_count, Some(0));
    assert_eq!(room.is_unlimited_room_enabled, Some(true));
    assert_eq!(room.background_url.as_deref(), Some("background url"));
    let statistic = destroyed.statistic.as_ref().unwrap();
    assert_eq!(statistic.total_gift_coins, Some(0));
    assert_eq!(statistic.total_likes_received, Some(0));

    // Observed traffic (September 2025): the system operator, `RoomInfo` with its `RoomId`,
    // the owner as a string, a name in `\u` escapes, empty URLs, no `Category`, no
    // `Statistic`.
    let body = r#"{"CallbackCommand":"Live.CallbackAfterDestroyRoom","Operator_Account":"@TIM#SYSTEM",
        "RoomId":"live_1001","EventType":"DestroyBySystem","EventTime":1756958400123,
        "RoomInfo":{"RoomId":"live_1001","RoomName":"\u76f4\u64ad\u95f4","RoomType":"Live",
        "Owner_Account":"1001","IsSeatEnabled":true,"TakeSeatMode":"ApplyToTake",
        "MaxMemberCount":1000,"MaxSeatCount":9,"CustomInfo":"","IsMessageDisabled":false,
        "CoverURL":"","ActivityStatus":0,"IsPublicVisible":true,"ViewCount":12,
        "BackgroundURL":"","IsUnlimitedRoomEnabled":false}}"#;
    let Event::LiveAfterDestroyRoom(destroyed) = parse("Live.CallbackAfterDestroyRoom", body)
    else {
        panic!("not a destroy event");
    };
    assert_eq!(destroyed.operator_account.as_deref(), Some(SYSTEM_OPERATOR));
    assert_eq!(destroyed.operator_account(), Some("@TIM#SYSTEM"));
    assert!(destroyed.is_by_system());
    assert_eq!(destroyed.event_type, Some(DestroyType::BySystem));
    assert!(destroyed.statistic.is_none());
    let room = destroyed.room_info.as_ref().unwrap();
    assert_eq!(room.room_id.as_deref(), Some("live_1001"));
    assert_eq!(room.room_name.as_deref(), Some("直播间"));
    assert_eq!(room.category, None);
    let written = serde_json::to_value(&destroyed).unwrap();
    assert_eq!(written, exact(body));
    assert!(written.get("Statistic").is_none());

    // The 2024 version: neither `RoomInfo` nor `Statistic`.
    let old = r#"{"CallbackCommand":"Live.CallbackAfterDestroyRoom","Operator_Account":"admin",
        "RoomId":"tandy-test-rest","EventType":"DestroyByUser","EventTime":1703589922780}"#;
    let Event::LiveAfterDestroyRoom(destroyed) = parse("Live.CallbackAfterDestroyRoom", old) else {
        panic!("not a destroy event");
    };
    assert!(destroyed.room_info.is_none() && destroyed.statistic.is_none());
    assert_eq!(serde_json::to_value(&destroyed).unwrap(), exact(old));
}

#[test]
fn update_room_info_is_partial() {
    let Event::LiveAfterUpdateRoomInfo(updated) = parse(LIVEKIT[2].0, LIVEKIT[2].1) else {
        panic!("not an update event");
    };
    let room = &updated.room_info;
    assert_eq!(room.room_id.as_deref(), Some("live-room"));
    assert_eq!(room.activity_status, Some(1));
    assert_eq!(room.category.as_deref(), Some(&[1, 2, 3][..]));
    assert_eq!(room.owner_account, None);
    assert_eq!(updated.event_time, Some(1670574414123));
}

#[test]
fn metadata_set_and_deleted() {
    let Event::LiveAfterSetMetadata(set) = parse(LIVEKIT[3].0, LIVEKIT[3].1) else {
        panic!("not a set-metadata event");
    };
    let items = set.metadata.as_ref().unwrap();
    assert_eq!(
        items
            .iter()
            .map(|item| (item.key.as_str(), item.value.as_deref()))
            .collect::<Vec<_>>(),
        [("key1", Some("value1")), ("key2", Some("value2"))]
    );
    let Event::LiveAfterDelMetadata(deleted) = parse(LIVEKIT[4].0, LIVEKIT[4].1) else {
        panic!("not a del-metadata event");
    };
    assert_eq!(deleted.keys.as_deref().unwrap(), ["key1", "key2"]);
    assert_eq!(deleted.room_id, "live-room1111");
    // The table's "Fixed as Live.CallbackAfterSetMetadata" is a copy-paste: a body that
    // names another command than the query is refused.
    let body = LIVEKIT[4].1.replace("DelMetadata", "SetMetadata");
    let error = Event::parse(&Command::LIVE_AFTER_DEL_METADATA, body.as_bytes()).unwrap_err();
    assert_eq!(error.kind(), BodyErrorKind::CommandMismatch);
}

#[test]
fn room_counts_accept_the_sample_and_the_table_types() {
    let Event::LiveAfterCreateRoomReachingThreshold(alert) = parse(LIVEKIT[5].0, LIVEKIT[5].1)
    else {
        panic!("not a threshold event");
    };
    assert_eq!(alert.usage(), Some((400, 500)));
    assert_eq!(alert.cur_room_count, Some(RoomCount::Number(400)));

    // The table: `CurRoomCount` String, `MaxRoomCount` Array.
    let body = r#"{"CallbackCommand":"Live.CallbackAfterCreateRoomReachingThreshold",
        "Operator_Account":"admin","EventTime":1739966441121,"CurRoomCount":"400","MaxRoomCount":[ 500 ]}"#;
    let Event::LiveAfterCreateRoomReachingThreshold(alert) =
        parse("Live.CallbackAfterCreateRoomReachingThreshold", body)
    else {
        panic!("not a threshold event");
    };
    assert_eq!(alert.cur_room_count.as_ref().unwrap().get(), Some(400));
    let Some(RoomCount::Other(kept)) = &alert.max_room_count else {
        panic!("the array was not kept: {:?}", alert.max_room_count);
    };
    assert_eq!(kept.get(), "[ 500 ]");
    assert_eq!(alert.usage(), None);
    // A digit string comes back as the number it holds; the array as it was.
    let written = serde_json::to_value(&alert).unwrap();
    assert_eq!(written["CurRoomCount"], json!(400));
    assert_eq!(written["MaxRoomCount"], json!([500]));
    // Nothing about a count is refused: a word is kept too.
    let body = r#"{"CurRoomCount":"many","MaxRoomCount":-1}"#;
    let Event::LiveAfterCreateRoomReachingThreshold(alert) =
        parse("Live.CallbackAfterCreateRoomReachingThreshold", body)
    else {
        panic!("not a threshold event");
    };
    assert_eq!(serde_json::to_value(&alert).unwrap(), exact(body));
}

#[test]
fn member_state_causes_old_new_and_future() {
    let Event::LiveAfterMemberStateChanged(changed) = parse(LIVEKIT[6].0, LIVEKIT[6].1) else {
        panic!("not a member-state event");
    };
    assert_eq!(changed.event_type, Some(MemberState::Online));
    assert_eq!(changed.event_cause, Some(MemberStateCause::Enter));
    assert_eq!(changed.accounts().collect::<Vec<_>>(), ["jared", "tommy"]);
    assert_eq!(changed.operator_account(), None);

    for (cause, expected) in [
        ("Leave", MemberStateCause::Leave),
        ("HeartbeatInterrupt", MemberStateCause::HeartbeatInterrupt),
        ("HeartbeatRecover", MemberStateCause::HeartbeatRecover),
        ("Kicked", MemberStateCause::Kicked),
        ("Banished", MemberStateCause::Other("Banished".into())),
    ] {
        let body = format!(
            r#"{{"RoomId":"r","EventType":"Offline","EventCause":"{cause}","MemberList":[{{"Member_Account":"u"}}]}}"#
        );
        let Event::LiveAfterMemberStateChanged(changed) =
            parse("Live.CallbackAfterMemberStateChanged", &body)
        else {
            panic!("not a member-state event");
        };
        assert_eq!(changed.event_cause.as_ref(), Some(&expected));
        assert_eq!(serde_json::to_value(&changed).unwrap(), exact(&body));
    }
}

#[test]
fn member_state_is_read_under_both_documented_names() {
    let table_name = Command::from_wire("Live.CallbackMemberStateChanged");
    assert_eq!(table_name, Command::LIVE_AFTER_MEMBER_STATE_CHANGED);
    assert_eq!(table_name.as_str(), "Live.CallbackAfterMemberStateChanged");
    assert_eq!(
        Command::LIVE_AFTER_MEMBER_STATE_CHANGED
            .info()
            .unwrap()
            .aliases(),
        ["Live.CallbackMemberStateChanged"]
    );
    // A body naming the table's spelling under a query naming the sample's, and the reverse.
    let body = LIVEKIT[6].1.replace(
        "Live.CallbackAfterMemberStateChanged",
        "Live.CallbackMemberStateChanged",
    );
    assert!(matches!(
        Event::parse(&Command::LIVE_AFTER_MEMBER_STATE_CHANGED, body.as_bytes()),
        Ok(Event::LiveAfterMemberStateChanged(_))
    ));
    assert!(matches!(
        Event::parse(&table_name, LIVEKIT[6].1.as_bytes()),
        Ok(Event::LiveAfterMemberStateChanged(_))
    ));
}

#[test]
fn owner_and_admin_changes() {
    let Event::LiveAfterChangeOwner(changed) = parse(LIVEKIT[7].0, LIVEKIT[7].1) else {
        panic!("not a change-owner event");
    };
    assert_eq!(changed.current_owner_account.as_deref(), Some("user2"));
    assert_eq!(changed.original_owner_account.as_deref(), Some("user1"));
    assert_eq!(changed.operator_account(), Some("admin"));
    assert_eq!(changed.event_time_millis(), Some(1703589922780));

    let Event::LiveAfterModifyAdmin(modified) = parse(LIVEKIT[8].0, LIVEKIT[8].1) else {
        panic!("not a modify-admin event");
    };
    assert_eq!(modified.op_type, Some(AdminOp::Add));
    assert_eq!(
        modified.admin_account.as_deref().unwrap(),
        ["user1", "user2"]
    );
}

#[test]
fn op_type_is_read_in_either_case_and_written_as_tencent_spells_it() {
    for key in ["opType", "OpType"] {
        let body = format!(r#"{{"RoomId":"r","{key}":"delete"}}"#);
        let Event::LiveAfterModifyAdmin(modified) = parse("Live.CallbackAfterModifyAdmin", &body)
        else {
            panic!("not a modify-admin event");
        };
        assert_eq!(modified.op_type, Some(AdminOp::Delete));
        assert!(modified.extra.is_empty());
        assert_eq!(
            serde_json::to_string(&modified).unwrap(),
            r#"{"RoomId":"r","opType":"delete"}"#
        );
    }
    // Both spellings at once are ambiguous.
    let error = Event::parse(
        &Command::LIVE_AFTER_MODIFY_ADMIN,
        br#"{"RoomId":"r","opType":"add","OpType":"delete"}"#,
    )
    .unwrap_err();
    assert_eq!(error.kind(), BodyErrorKind::Data);
    assert!(
        error.to_string().contains("duplicate field `opType`"),
        "{error}"
    );
    // An operation added later is kept.
    let Event::LiveAfterModifyAdmin(modified) = parse(
        "Live.CallbackAfterModifyAdmin",
        r#"{"RoomId":"r","opType":"replace"}"#,
    ) else {
        panic!("not a modify-admin event");
    };
    assert_eq!(modified.op_type, Some(AdminOp::Other("replace".into())));
}

#[test]
fn battle_durations_are_milliseconds_and_battle_times_seconds() {
    let Event::LiveAfterCreateBattle(created) = parse(LIVEKIT[9].0, LIVEKIT[9].1) else {
        panic!("not a create-battle event");
    };
    assert_eq!(created.timeout(), Some(Duration::from_secs(30)));
    assert_eq!(created.duration(), Some(Duration::from_secs(60)));
    assert_eq!(created.need_response, Some(false));
    assert_eq!(created.to_room_id_list.as_deref().unwrap(), ["pk-5"]);
    assert_eq!(
        created.battle_id,
        "4siHsNsWN/T3aub9zKraqPbSEGRX2z6gs3LDFi+d/3M="
    );

    let Event::LiveAfterStartBattle(started) = parse(LIVEKIT[10].0, LIVEKIT[10].1) else {
        panic!("not a start-battle event");
    };
    let start = UNIX_EPOCH + Duration::from_secs(1739954005);
    assert_eq!(started.started_at(), Some(start));
    assert_eq!(started.created_at(), Some(start));
    assert_eq!(started.ends_at(), Some(start + Duration::from_secs(60)));
    // EventTime is milliseconds: the same instant as StartTime's seconds here.
    assert_eq!(started.occurred_at(), Some(start));
    assert_eq!(started.operator_account(), None);

    let Event::LiveAfterEndBattle(ended) = parse(LIVEKIT[11].0, LIVEKIT[11].1) else {
        panic!("not an end-battle event");
    };
    let lasted = ended
        .ended_at()
        .unwrap()
        .duration_since(ended.started_at().unwrap())
        .unwrap();
    assert_eq!(Some(lasted), ended.duration());
    assert_eq!(ended.op_type, Some(BattleEndReason::TimeUp));
    assert_eq!(
        ended
            .occurred_at()
            .unwrap()
            .duration_since(ended.ended_at().unwrap())
            .unwrap(),
        Duration::from_millis(1119)
    );
}

#[test]
fn battle_end_reasons_and_caller_shapes() {
    for (op, reason) in [
        ("1", BattleEndReason::AllOwnersLeft),
        ("2", BattleEndReason::NeverStarted),
        ("\"2\"", BattleEndReason::NeverStarted),
        ("9", BattleEndReason::Other(9)),
    ] {
        let body = format!(r#"{{"BattleId":"b","OpType":{op}}}"#);
        let Event::LiveAfterEndBattle(ended) = parse("Live.CallbackAfterEndBattle", &body) else {
            panic!("not an end-battle event");
        };
        assert_eq!(ended.op_type, Some(reason), "{op}");
    }
    // `FromRoomInfo` as the table types it (String): kept as received.
    let body = r#"{"BattleId":"b","FromRoomInfo":"pk-3","ToRoomList":[{"RoomId":"pk-5"}]}"#;
    let Event::LiveAfterStartBattle(started) = parse("Live.CallbackAfterStartBattle", body) else {
        panic!("not a start-battle event");
    };
    assert_eq!(
        started.from_room_info,
        Some(FromRoomInfo::Text("pk-3".into()))
    );
    assert_eq!(started.from_room_info.as_ref().unwrap().room_id(), None);
    assert_eq!(serde_json::to_value(&started).unwrap(), exact(body));
    // An object is typed: a wrong field inside it is named by its path.
    let error = Event::parse(
        &Command::LIVE_AFTER_START_BATTLE,
        br#"{"BattleId":"b","FromRoomInfo":{"RoomId":"pk-3","Score":"high"}}"#,
    )
    .unwrap_err();
    assert_eq!(error.kind(), BodyErrorKind::Data);
    assert_eq!(error.path(), Some("FromRoomInfo.Score"));
    assert!(!error.to_string().contains("high"), "{error}");
}

#[test]
fn the_gift_body_has_no_event_time_and_a_time_in_seconds() {
    let Event::LiveBeforeSendGift(gift) = parse(LIVEKIT[12].0, LIVEKIT[12].1) else {
        panic!("not a gift event");
    };
    let water = &gift.gift_water;
    assert_eq!(water.from_account.as_deref(), Some("from"));
    assert_eq!(water.to_account.as_deref().unwrap(), ["to1"]);
    assert_eq!(water.gift_id.as_deref(), Some("gift1"));
    assert_eq!((water.count, water.coins), (Some(1), Some(1000)));
    assert_eq!(
        gift.sent_at(),
        Some(UNIX_EPOCH + Duration::from_secs(1703589922))
    );
    assert_eq!(gift.occurred_at(), None);
    assert_eq!(gift.operator_account(), Some("brennanli"));
}

#[test]
fn the_gift_reply_says_only_what_tencent_honours() {
    assert_eq!(
        serde_json::to_value(SendGiftReply::Allow.into_reply()).unwrap(),
        exact(include_str!(
            "fixtures/live/Live.CallbackBeforeSendGift.reply.json"
        ))
    );
    assert_eq!(SendGiftReply::Reject.into_reply().error_code(), 1);
    assert_eq!(GiftRejectCode::new(102099), None);
    assert_eq!(GiftRejectCode::new(102201), None);
    assert_eq!(GiftRejectCode::new(2), None);
    assert_eq!(GiftRejectCode::new(-102100), None);
    assert_eq!(GiftRejectCode::new(102100), Some(GiftRejectCode::MIN));
    assert_eq!(GiftRejectCode::new(102200), Some(GiftRejectCode::MAX));
    let error = GiftRejectCode::try_from(1).unwrap_err();
    assert_eq!(error.code(), 1);
    assert!(error.to_string().contains("[102100, 102200]"));
    for code in 102100..=102200 {
        let code = GiftRejectCode::new(code).unwrap();
        let reply = SendGiftReply::reject_with(code, "no").into_reply();
        assert_eq!(reply.error_code(), code.get());
        assert!(reply.is_ok());
    }
}

#[tokio::test]
async fn a_gift_handler_returns_the_typed_reply_through_the_router() {
    let gifts = Counter::default();
    let seen = gifts.clone();
    let router = CommandRouter::new().on(move |cb: Callback<BeforeSendGift>| {
        seen.hit();
        let coins = cb.event().gift_water.coins.unwrap_or_default();
        async move {
            if coins > 500 {
                SendGiftReply::reject_with(GiftRejectCode::new(102150).unwrap(), "too dear")
            } else {
                SendGiftReply::Allow
            }
        }
    });
    let service = CallbackLayer::builder()
        .sdk_app_id(APP)
        .build()
        .unwrap()
        .layer(router);
    let request = CallbackRequest::new(APP, Command::LIVE_BEFORE_SEND_GIFT)
        .body(LIVEKIT[12].1)
        .build();
    let response = service.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        json_body(response.into_body()).await,
        json!({"ActionStatus":"OK","ErrorInfo":"too dear","ErrorCode":102150})
    );
    let cheap = LIVEKIT[12].1.replace("1000", "100");
    let request = CallbackRequest::new(APP, Command::LIVE_BEFORE_SEND_GIFT)
        .body(cheap)
        .build();
    let response = service.oneshot(request).await.unwrap();
    assert_eq!(
        json_body(response.into_body()).await,
        json!({"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0})
    );
    assert_eq!(gifts.get(), 2);
}

#[test]
fn the_recording_callback_types_its_envelope_and_keeps_its_payload() {
    let Event::FollowAfterCloudRecordingChanged(recording) = parse(LIVEKIT[13].0, LIVEKIT[13].1)
    else {
        panic!("not a recording event");
    };
    assert_eq!(recording.event_group_id, Some(3));
    assert_eq!(recording.event_type, Some(305));
    assert_eq!(
        recording.sent_at(),
        Some(UNIX_EPOCH + Duration::from_millis(1752580150082))
    );
    let info = &recording.event_info;
    assert_eq!(info.room_id.as_deref(), Some("635055"));
    assert_eq!(info.user_id.as_deref(), Some("user1"));
    assert_eq!(
        info.task_id.as_deref(),
        Some("-m9-bVVU7id***K-m928oZWQndiborbEWH3zY-lIXlprc-gQvQE")
    );
    assert_eq!(
        info.occurred_at(),
        Some(UNIX_EPOCH + Duration::from_millis(1752580150081))
    );
    assert_eq!(
        info.occurred_at_second(),
        Some(UNIX_EPOCH + Duration::from_secs(1752580150))
    );
    // The payload is kept as received, whitespace included; written compactly.
    assert_eq!(recording.payload().get(), "{\n\"Status\": 0\n}");
    assert_eq!(recording.payload_status(), Some(0));
    let payload: Value = recording.payload_as().unwrap();
    assert_eq!(payload, json!({"Status": 0}));
    // No EventTime, no operator.
    assert_eq!(recording.occurred_at(), None);
    assert_eq!(recording.operator_account(), None);

    // Another event of the group: its payload members are kept whatever they are.
    let body = r#"{"CallbackCommand":"Follow.CallbackAfterCloudRecordingChanged","EventGroupId":3,
        "EventType":302,"CallbackTs":1,"EventInfo":{"RoomId":20015,"EventTs":"1622186275",
        "UserId":"robot","TaskId":"t","Payload":{"LeaveCode":100}}}"#;
    let Event::FollowAfterCloudRecordingChanged(recording) =
        parse("Follow.CallbackAfterCloudRecordingChanged", body)
    else {
        panic!("not a recording event");
    };
    assert_eq!(recording.payload_status(), None);
    assert_eq!(recording.payload().get(), r#"{"LeaveCode":100}"#);
    assert_eq!(recording.event_info.room_id.as_deref(), Some("20015"));
    assert_eq!(recording.event_info.event_ts, Some(1622186275));
    let typed: CloudRecordingChanged = serde_json::from_str(body).unwrap();
    assert_eq!(Event::from(typed), recording_event(body));
}

fn recording_event(body: &str) -> Event {
    parse("Follow.CallbackAfterCloudRecordingChanged", body)
}

#[test]
fn the_seat_callback_accepts_both_products_bodies() {
    // TUIRoomKit: with `Operator_Account`.
    let Event::MicAfterSeatInfoChanged(room) = parse(
        "Mic.CallbackAfterSeatInfoChanged",
        samples::SEAT_INFO_CHANGED,
    ) else {
        panic!("not a seat event");
    };
    assert_eq!(room.operator_account.as_deref(), Some("user1"));
    // TUILiveKit: without.
    let Event::MicAfterSeatInfoChanged(live) =
        parse("Mic.CallbackAfterSeatInfoChanged", LIVEKIT_SEATS)
    else {
        panic!("not a seat event");
    };
    assert_eq!(live.operator_account, None);
    assert_eq!(live.room_id, "rid-123");
    assert_eq!(live.event_time, Some(1670574414123));

    // Free seats: absent (LiveKit) or empty (Room); occupied seats.
    let body = r#"{"RoomId":"r","SeatList":[
        {"Index":0,"Member_Account":144115233775727695,"IsTakenDisabled":false},
        {"Index":1,"IsTakenDisabled":true,"IsVideoDisabled":false,"IsAudioDisabled":true},
        {"Index":2,"Member_Account":""},
        {"Index":3,"Member_Account":"alice"}]}"#;
    let Event::MicAfterSeatInfoChanged(seats) = parse("Mic.CallbackAfterSeatInfoChanged", body)
    else {
        panic!("not a seat event");
    };
    let seen: Vec<(bool, Option<&str>)> = seats
        .seats()
        .iter()
        .map(|seat| (seat.is_free(), seat.member()))
        .collect();
    assert_eq!(
        seen,
        [
            (false, Some("144115233775727695")),
            (true, None),
            (true, None),
            (false, Some("alice")),
        ]
    );
    assert_eq!(seats.seats()[1].member_account, None);
    assert_eq!(seats.seats()[2].member_account.as_deref(), Some(""));
    // Absent stays absent, empty stays empty.
    let mut expected = exact(body);
    normalise("", &mut expected);
    assert_eq!(serde_json::to_value(&seats).unwrap(), expected);
    // No seat list at all.
    let Event::MicAfterSeatInfoChanged(none) =
        parse("Mic.CallbackAfterSeatInfoChanged", r#"{"RoomId":"r"}"#)
    else {
        panic!("not a seat event");
    };
    assert!(none.seats().is_empty());
}

#[test]
fn unknown_fields_are_kept_in_every_live_body() {
    for (command, body) in LIVEKIT {
        let mut value = exact(body);
        value["FutureField"] = json!({"Nested": [1, 2, 3]});
        let text = value.to_string();
        let event = parse(command, &text);
        let written = serde_json::to_value(&event).unwrap();
        assert_eq!(
            written["FutureField"],
            json!({"Nested": [1, 2, 3]}),
            "{command}"
        );
    }
}

#[tokio::test]
async fn livekit_queries_without_client_ip_and_platform_are_accepted() {
    // The sample URLs of change-owner and modify-admin carry only `SdkAppid`,
    // `CallbackCommand` and `contenttype`.
    let calls = Counter::default();
    let seen = calls.clone();
    let service = CallbackLayer::builder()
        .sdk_app_id(APP)
        .build()
        .unwrap()
        .layer(tencent_im_callback::handler_fn(
            move |cb: Callback<Event>| {
                assert_eq!((cb.client_ip(), cb.platform()), (None, None));
                seen.hit();
                async {}
            },
        ));
    for (command, body) in [LIVEKIT[7], LIVEKIT[8], LIVEKIT[6]] {
        let request = CallbackRequest::new(APP, command)
            .client_ip(None)
            .platform(None)
            .body(body)
            .build();
        let response = service.clone().oneshot(request).await.unwrap();
        assert_eq!(response.status(), 200, "{command}");
    }
    assert_eq!(calls.get(), 3);
}

#[tokio::test]
async fn the_newest_overview_query_names_are_accepted() {
    // The newest overview table names the parameter `WebhookCommand` and spells `SdkAppId`.
    let service = CallbackLayer::builder()
        .sdk_app_id(APP)
        .build()
        .unwrap()
        .layer(tencent_im_callback::handler_fn(
            |cb: Callback<Event>| async move {
                assert!(matches!(cb.event(), Event::LiveAfterChangeOwner(_)));
            },
        ));
    let request = http::Request::post(format!(
        "/callback?SdkAppId={APP}&WebhookCommand=Live.CallbackAfterChangeOwner&contenttype=json"
    ))
    .body(http_body_util::Full::new(bytes::Bytes::from_static(
        LIVEKIT[7].1.as_bytes(),
    )))
    .unwrap();
    let response = service.oneshot(request).await.unwrap();
    assert_eq!(response.status(), 200);
}
