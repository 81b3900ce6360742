//! LiveKit bodies through the whole service: malformed ones get their documented status and a
//! FAIL reply without reaching the handler; the odd but valid ones (ids of 100 digits, both
//! spellings of `opType`, the table's types) reach it, with every digit kept.

mod common;

use std::sync::{Arc, Mutex};

use bytes::Bytes;
use common::*;
use http::Request;
use http_body_util::Full;
use serde_json::{json, Value};
use tencent_im_callback::sign::Token;
use tencent_im_callback::test_util::{samples, CallbackRequest};
use tencent_im_callback::{handler_fn, Callback, CallbackLayer, Command, Event};
use tower::{Layer, ServiceExt};

/// An account id of 100 digits: no integer type holds it, a float would round it.
const ID_100: &str = "1234567890123456789012345678901234567890123456789012345678901234567890\
                      123456789012345678901234567890";

struct Case {
    what: String,
    request: Request<Full<Bytes>>,
    status: u16,
    code: i64,
}

fn sample(command: &Command) -> Value {
    serde_json::from_str(samples::of(command).expect("a sample")).unwrap()
}

fn signed(command: &str, body: impl Into<Bytes>) -> Request<Full<Bytes>> {
    CallbackRequest::new(APP, command)
        .body(body)
        .signed(&Token::new(TOKEN).unwrap(), NOW)
        .build()
}

fn refused(what: impl Into<String>, command: &str, body: impl Into<Bytes>, code: i64) -> Case {
    Case {
        what: what.into(),
        request: signed(command, body),
        status: (code / 100) as u16,
        code,
    }
}

/// Sets the value at a path of object keys and array indices (`"RoomInfo/Owner_Account"`,
/// `"MemberList/0/Member_Account"`); `None` removes it.
fn with(mut body: Value, path: &str, value: Option<Value>) -> Value {
    let (parent, last) = path.rsplit_once('/').unwrap_or(("", path));
    let target = if parent.is_empty() {
        &mut body
    } else {
        body.pointer_mut(&format!("/{parent}"))
            .unwrap_or_else(|| panic!("no {parent}"))
    };
    match (target, value) {
        (Value::Object(map), Some(value)) => {
            map.insert(last.to_owned(), value);
        }
        (Value::Object(map), None) => {
            assert!(map.remove(last).is_some(), "no {path}");
        }
        (Value::Array(items), Some(value)) => items[last.parse::<usize>().unwrap()] = value,
        (other, _) => panic!("cannot set {path} in {other}"),
    }
    body
}

/// Every modelled field of every LiveKit body, each with a value its type refuses.
fn wrong_types() -> Vec<(Command, &'static str, Value)> {
    let wrong_string = || json!(true);
    let mut cases = Vec::new();
    let mut add = |command: Command, fields: &[(&'static str, Value)]| {
        for (path, value) in fields {
            cases.push((command.clone(), *path, value.clone()));
        }
    };
    let room_info = |prefix: &'static str| -> Vec<(&'static str, Value)> {
        let at = |field: &'static str| -> &'static str {
            Box::leak(format!("{prefix}{field}").into_boxed_str())
        };
        vec![
            (at("RoomId"), json!([])),
            (at("RoomName"), json!({})),
            (at("RoomType"), json!(1)),
            (at("Owner_Account"), json!(1.5)),
            (at("MaxMemberCount"), json!(-5)),
            (at("IsMessageDisabled"), json!("maybe")),
            (at("CustomInfo"), json!(false)),
            (at("IsSeatEnabled"), json!(2)),
            (at("TakeSeatMode"), json!({"x": 1})),
            (at("MaxSeatCount"), json!("many")),
            (at("CreateTime"), json!(1.5)),
            (at("IsPublicVisible"), json!([])),
            (at("CoverURL"), json!(7.25)),
            (at("Category"), json!("1,2")),
            (at("Category/0"), json!("one")),
            (at("ActivityStatus"), json!(true)),
            (at("ViewCount"), json!(-1)),
            (at("BackgroundURL"), json!([1])),
            (at("IsUnlimitedRoomEnabled"), json!("yes")),
            (at("Notice"), json!({})),
        ]
    };
    let mut create = vec![
        ("CallbackCommand", json!([])),
        ("Operator_Account", wrong_string()),
        ("RoomInfo", json!("r")),
        ("EventTime", json!("soon")),
    ];
    create.extend(room_info("RoomInfo/"));
    add(Command::LIVE_AFTER_CREATE_ROOM, &create);
    let mut destroy = vec![
        ("Operator_Account", json!({})),
        ("RoomId", json!(null)),
        ("EventType", json!(0)),
        ("EventTime", json!(-1)),
        ("RoomInfo", json!([])),
        ("Statistic", json!("none")),
        ("Statistic/TotalViewers", json!("0x10")),
        ("Statistic/TotalGiftsSent", json!(1.5)),
        ("Statistic/TotalGiftCoins", json!(-3)),
        ("Statistic/TotalUniqueGiftSenders", json!(true)),
        ("Statistic/TotalLikesReceived", json!([])),
    ];
    destroy.extend(room_info("RoomInfo/"));
    add(Command::LIVE_AFTER_DESTROY_ROOM, &destroy);
    add(
        Command::LIVE_AFTER_UPDATE_ROOM_INFO,
        &[
            ("RoomInfo", json!(1)),
            ("RoomInfo/ActivityStatus", json!(1.5)),
            ("EventTime", json!(true)),
        ],
    );
    add(
        Command::LIVE_AFTER_SET_METADATA,
        &[
            ("RoomId", json!(false)),
            ("Metadata", json!({"key1": "value1"})),
            ("Metadata/0", json!("key1")),
            ("Metadata/0/Key", json!(null)),
            ("Metadata/1/Value", json!(["value2"])),
        ],
    );
    add(
        Command::LIVE_AFTER_DEL_METADATA,
        &[("Keys", json!("key1")), ("Keys/1", json!({}))],
    );
    add(
        Command::LIVE_AFTER_CREATE_ROOM_REACHING_THRESHOLD,
        &[("Operator_Account", json!([])), ("EventTime", json!("1.5"))],
    );
    add(
        Command::LIVE_AFTER_MEMBER_STATE_CHANGED,
        &[
            ("RoomId", json!(1.5)),
            ("EventType", json!(true)),
            ("EventCause", json!(4)),
            ("MemberList", json!(["jared"])),
            ("MemberList/1/Member_Account", json!(false)),
        ],
    );
    add(
        Command::LIVE_AFTER_CHANGE_OWNER,
        &[
            ("CurrentOwner_Account", json!({})),
            ("OriginalOwner_Account", json!([])),
        ],
    );
    add(
        Command::LIVE_AFTER_MODIFY_ADMIN,
        &[
            ("Admin_Account", json!("user1")),
            ("Admin_Account/0", json!(1.5)),
            ("opType", json!(1)),
        ],
    );
    add(
        Command::LIVE_AFTER_CREATE_BATTLE,
        &[
            ("BattleId", json!(true)),
            ("FromRoomId", json!({})),
            ("ToRoomIdList", json!("pk-5")),
            ("Timeout", json!("30s")),
            ("Duration", json!(60.5)),
            ("NeedResponse", json!("perhaps")),
            ("ExtensionInfo", json!([])),
        ],
    );
    add(
        Command::LIVE_AFTER_START_BATTLE,
        &[
            ("Duration", json!(-60000)),
            ("CreateTime", json!("yesterday")),
            ("StartTime", json!(true)),
            ("FromRoomInfo", json!(3)),
            ("FromRoomInfo/RoomId", json!(false)),
            ("ToRoomList", json!({"RoomId": "pk-5"})),
            ("ToRoomList/0/Owner_Account", json!({})),
        ],
    );
    add(
        Command::LIVE_AFTER_END_BATTLE,
        &[
            ("EndTime", json!(1.5)),
            ("OpType", json!("time up")),
            ("OpType", json!(0.5)),
            ("FromRoomInfo", json!([])),
            ("FromRoomInfo/Score", json!("high")),
            ("ToRoomList/0/Score", json!(true)),
            ("ToRoomList/0/Owner_Account", json!(1e30)),
        ],
    );
    add(
        Command::LIVE_BEFORE_SEND_GIFT,
        &[
            ("Operator_Account", json!(false)),
            ("RoomId", json!({})),
            ("GiftWater", json!("gift1")),
            ("GiftWater/From_Account", json!(1.5)),
            ("GiftWater/To_Account", json!("to1")),
            ("GiftWater/To_Account/0", json!(null)),
            ("GiftWater/Time", json!("now")),
            ("GiftWater/GiftId", json!([])),
            ("GiftWater/Count", json!(-1)),
            ("GiftWater/Coins", json!(10.5)),
        ],
    );
    add(
        Command::FOLLOW_AFTER_CLOUD_RECORDING_CHANGED,
        &[
            ("EventGroupId", json!("three")),
            ("EventType", json!(-305)),
            ("CallbackTs", json!(true)),
            ("EventInfo", json!([])),
            ("EventInfo/RoomId", json!({})),
            ("EventInfo/EventTs", json!(1.5)),
            ("EventInfo/EventMsTs", json!("x")),
            ("EventInfo/UserId", json!(false)),
            ("EventInfo/TaskId", json!([])),
        ],
    );
    add(
        Command::MIC_AFTER_SEAT_INFO_CHANGED,
        &[
            ("SeatList/0/Member_Account", json!(1.5e300)),
            ("SeatList/0/IsTakenDisabled", json!("locked")),
        ],
    );
    cases
}

/// Required fields, each left out.
const REQUIRED: [(&str, &str); 18] = [
    ("Live.CallbackAfterCreateRoom", "RoomInfo"),
    ("Live.CallbackAfterUpdateRoomInfo", "RoomInfo"),
    ("Live.CallbackAfterDestroyRoom", "RoomId"),
    ("Live.CallbackAfterSetMetadata", "RoomId"),
    ("Live.CallbackAfterSetMetadata", "Metadata/0/Key"),
    ("Live.CallbackAfterDelMetadata", "RoomId"),
    ("Live.CallbackAfterMemberStateChanged", "RoomId"),
    (
        "Live.CallbackAfterMemberStateChanged",
        "MemberList/0/Member_Account",
    ),
    ("Live.CallbackAfterChangeOwner", "RoomId"),
    ("Live.CallbackAfterModifyAdmin", "RoomId"),
    ("Live.CallbackAfterCreateBattle", "BattleId"),
    ("Live.CallbackAfterStartBattle", "BattleId"),
    ("Live.CallbackAfterEndBattle", "ToRoomList/0/RoomId"),
    ("Live.CallbackAfterEndBattle", "FromRoomInfo/RoomId"),
    ("Live.CallbackBeforeSendGift", "RoomId"),
    ("Live.CallbackBeforeSendGift", "GiftWater"),
    ("Follow.CallbackAfterCloudRecordingChanged", "EventInfo"),
    (
        "Follow.CallbackAfterCloudRecordingChanged",
        "EventInfo/Payload",
    ),
];

fn refused_cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for (word, text) in [
        (
            "Live.CallbackAfterCreateBattle",
            include_str!("fixtures/live/Live.CallbackAfterCreateBattle.as-published.txt"),
        ),
        (
            "Live.CallbackAfterDestroyRoom",
            include_str!("fixtures/live/Live.CallbackAfterDestroyRoom.as-published.txt"),
        ),
        (
            "Live.CallbackAfterEndBattle",
            include_str!("fixtures/live/Live.CallbackAfterEndBattle.as-published.txt"),
        ),
        (
            "Live.CallbackAfterMemberStateChanged",
            include_str!("fixtures/live/Live.CallbackAfterMemberStateChanged.as-published.txt"),
        ),
        (
            "Live.CallbackAfterStartBattle",
            include_str!("fixtures/live/Live.CallbackAfterStartBattle.as-published.txt"),
        ),
        (
            "Live.CallbackAfterUpdateRoomInfo",
            include_str!("fixtures/live/Live.CallbackAfterUpdateRoomInfo.as-published.txt"),
        ),
        (
            "Mic.CallbackAfterSeatInfoChanged",
            include_str!("fixtures/live/Mic.CallbackAfterSeatInfoChanged.as-published.txt"),
        ),
    ] {
        cases.push(refused(format!("{word} as published"), word, text, 40003));
    }
    for (command, body) in samples::all() {
        let product = command.as_str();
        if !(product.starts_with("Live.") || product.starts_with("Follow.CallbackAfterCloud")) {
            continue;
        }
        let body = body.trim_end();
        cases.push(refused(
            format!("{command} truncated"),
            command.as_str(),
            body[..body.len() - 1].to_owned(),
            40003,
        ));
        cases.push(refused(
            format!("{command} with a trailing comma"),
            command.as_str(),
            format!("{},}}", &body[..body.len() - 1]),
            40003,
        ));
        cases.push(refused(
            format!("{command} as an array"),
            command.as_str(),
            format!("[{body}]"),
            40004,
        ));
    }
    for (command, path, value) in wrong_types() {
        let body = with(sample(&command), path, Some(value.clone()));
        cases.push(refused(
            format!("{command} {path} = {value}"),
            command.as_str(),
            body.to_string(),
            40004,
        ));
    }
    for (word, path) in REQUIRED {
        let body = with(sample(&Command::from_wire(word)), path, None);
        cases.push(refused(
            format!("{word} without {path}"),
            word,
            body.to_string(),
            40004,
        ));
    }
    cases.extend([
        refused(
            "opType and OpType together",
            "Live.CallbackAfterModifyAdmin",
            r#"{"RoomId":"r","opType":"add","OpType":"add"}"#,
            40004,
        ),
        refused(
            "a gift body under the create-battle command",
            "Live.CallbackAfterCreateBattle",
            samples::of(&Command::LIVE_BEFORE_SEND_GIFT).unwrap(),
            40005,
        ),
        refused(
            "del-metadata naming set-metadata, as its table says",
            "Live.CallbackAfterDelMetadata",
            samples::of(&Command::LIVE_AFTER_DEL_METADATA)
                .unwrap()
                .replace("DelMetadata", "SetMetadata"),
            40005,
        ),
        refused(
            "a 100-digit id with a fraction",
            "Live.CallbackAfterChangeOwner",
            format!(r#"{{"RoomId":"r","CurrentOwner_Account":{ID_100}.5}}"#),
            40004,
        ),
        refused(
            "a 100-digit id with an exponent",
            "Live.CallbackBeforeSendGift",
            format!(r#"{{"RoomId":"r","GiftWater":{{"From_Account":{ID_100}e2}}}}"#),
            40004,
        ),
    ]);
    let mut unsigned = refused(
        "an unsigned gift",
        "Live.CallbackBeforeSendGift",
        samples::of(&Command::LIVE_BEFORE_SEND_GIFT).unwrap(),
        40101,
    );
    unsigned.request = CallbackRequest::new(APP, Command::LIVE_BEFORE_SEND_GIFT)
        .body(samples::of(&Command::LIVE_BEFORE_SEND_GIFT).unwrap())
        .build();
    cases.push(unsigned);
    cases
}

fn layer() -> CallbackLayer {
    CallbackLayer::builder()
        .sdk_app_id(APP)
        .token(TOKEN)
        .clock(now)
        .build()
        .unwrap()
}

#[tokio::test]
async fn every_malformed_livekit_request_gets_its_fail_reply_and_never_the_handler() {
    let cases = refused_cases();
    assert!(cases.len() >= 180, "only {} cases", cases.len());
    let calls = Counter::default();
    let seen = calls.clone();
    let service = layer().layer(handler_fn(move |_: Callback<Event>| {
        seen.hit();
        async {}
    }));
    for case in cases {
        let response = service.clone().oneshot(case.request).await.unwrap();
        let status = response.status().as_u16();
        assert_eq!(
            response.headers()[http::header::CONTENT_TYPE],
            "application/json",
            "{}",
            case.what
        );
        let reply = json_body(response.into_body()).await;
        assert_eq!(
            (status, &reply["ErrorCode"]),
            (case.status, &json!(case.code)),
            "{}: {reply}",
            case.what
        );
        assert_eq!(reply["ActionStatus"], "FAIL", "{}", case.what);
        let info = reply["ErrorInfo"].as_str().unwrap_or_default();
        assert!(
            !info.is_empty() && info.len() < 300,
            "{}: {info}",
            case.what
        );
        assert!(!info.contains(ID_100), "{}: {info}", case.what);
        assert_eq!(calls.get(), 0, "{} reached the handler", case.what);
    }
}

/// A body the layer must accept, and what the handler must see in the event it gets.
struct Accepted {
    what: &'static str,
    command: &'static str,
    body: String,
    /// Each must appear, as written, in the event serialised again.
    written: Vec<String>,
}

fn accepted_cases() -> Vec<Accepted> {
    let account = |key: &str| format!(r#""{key}":"{ID_100}""#);
    vec![
        Accepted {
            what: "100-digit ids in destroy-room",
            command: "Live.CallbackAfterDestroyRoom",
            body: format!(
                r#"{{"Operator_Account":{ID_100},"RoomId":"r","RoomInfo":{{"Owner_Account":{ID_100}}}}}"#
            ),
            written: vec![account("Operator_Account"), account("Owner_Account")],
        },
        Accepted {
            what: "100-digit ids in member state",
            command: "Live.CallbackAfterMemberStateChanged",
            body: format!(
                r#"{{"RoomId":"r","EventType":"Offline","EventCause":"Kicked","MemberList":[{{"Member_Account":{ID_100}}}]}}"#
            ),
            written: vec![account("Member_Account"), r#""EventCause":"Kicked""#.into()],
        },
        Accepted {
            what: "100-digit ids in owner and admin changes",
            command: "Live.CallbackAfterChangeOwner",
            body: format!(
                r#"{{"RoomId":"r","CurrentOwner_Account":{ID_100},"OriginalOwner_Account":"{ID_100}"}}"#
            ),
            written: vec![
                account("CurrentOwner_Account"),
                account("OriginalOwner_Account"),
            ],
        },
        Accepted {
            what: "100-digit admin ids, OpType spelled with a capital",
            command: "Live.CallbackAfterModifyAdmin",
            body: format!(r#"{{"RoomId":"r","Admin_Account":[{ID_100}],"OpType":"add"}}"#),
            written: vec![
                format!(r#""Admin_Account":["{ID_100}"]"#),
                r#""opType":"add""#.into(),
            ],
        },
        Accepted {
            what: "100-digit battle owners, the caller as a string, a later end code",
            command: "Live.CallbackAfterEndBattle",
            body: format!(
                r#"{{"BattleId":"b","OpType":"7","FromRoomInfo":"pk-3","ToRoomList":[{{"RoomId":"pk-5","Owner_Account":{ID_100},"Score":-2}}]}}"#
            ),
            written: vec![
                account("Owner_Account"),
                r#""FromRoomInfo":"pk-3""#.into(),
                r#""OpType":7"#.into(),
                r#""Score":-2"#.into(),
            ],
        },
        Accepted {
            what: "100-digit gift sender and recipients",
            command: "Live.CallbackBeforeSendGift",
            body: format!(
                r#"{{"RoomId":"r","GiftWater":{{"From_Account":{ID_100},"To_Account":[{ID_100},"to1"],"Coins":"1000"}}}}"#
            ),
            written: vec![
                account("From_Account"),
                format!(r#""To_Account":["{ID_100}","to1"]"#),
                r#""Coins":1000"#.into(),
            ],
        },
        Accepted {
            what: "a 100-digit seat occupant, LiveKit's body",
            command: "Mic.CallbackAfterSeatInfoChanged",
            body: format!(
                r#"{{"RoomId":"r","SeatList":[{{"Index":0,"Member_Account":{ID_100}}},{{"Index":1}}]}}"#
            ),
            written: vec![account("Member_Account"), r#"{"Index":1}"#.into()],
        },
        Accepted {
            what: "room counts as the table types them",
            command: "Live.CallbackAfterCreateRoomReachingThreshold",
            body: r#"{"CurRoomCount":"400","MaxRoomCount":[500]}"#.into(),
            written: vec![
                r#""CurRoomCount":400"#.into(),
                r#""MaxRoomCount":[500]"#.into(),
            ],
        },
        Accepted {
            what: "the member-state command under its table name",
            command: "Live.CallbackMemberStateChanged",
            body: samples::of(&Command::LIVE_AFTER_MEMBER_STATE_CHANGED)
                .unwrap()
                .into(),
            written: vec![r#""MemberList":[{"Member_Account":"jared"}"#.into()],
        },
        Accepted {
            what: "a recording with a numeric room and a payload of another event",
            command: "Follow.CallbackAfterCloudRecordingChanged",
            body: format!(
                r#"{{"EventGroupId":3,"EventType":302,"EventInfo":{{"RoomId":{ID_100},"Payload":{{"LeaveCode":100,"Note":[1, 2]}}}}}}"#
            ),
            written: vec![
                account("RoomId"),
                r#""Payload":{"LeaveCode":100,"Note":[1,2]}"#.into(),
            ],
        },
    ]
}

#[tokio::test]
async fn odd_but_valid_livekit_bodies_reach_the_handler_digit_for_digit() {
    let seen: Arc<Mutex<Vec<Event>>> = Arc::default();
    let store = seen.clone();
    let service = layer().layer(handler_fn(move |cb: Callback<Event>| {
        store.lock().unwrap().push(cb.into_event());
        async {}
    }));
    for case in accepted_cases() {
        let response = service
            .clone()
            .oneshot(signed(case.command, case.body.clone()))
            .await
            .unwrap();
        let status = response.status();
        let reply = json_body(response.into_body()).await;
        assert_eq!(status, 200, "{}: {reply}", case.what);
        assert_eq!(
            reply,
            json!({"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}),
            "{}",
            case.what
        );
        let event = seen
            .lock()
            .unwrap()
            .pop()
            .unwrap_or_else(|| panic!("{}: the handler did not run", case.what));
        assert_eq!(event.command(), Command::from_wire(case.command));
        assert!(!matches!(event, Event::Unknown { .. } | Event::Unparsed(_)));
        let written = serde_json::to_string(&event).unwrap();
        for expected in &case.written {
            assert!(written.contains(expected), "{}: {written}", case.what);
        }
    }
    assert!(seen.lock().unwrap().is_empty());
}
