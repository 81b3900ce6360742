//! The bad-input corpus for IM message bodies, through the whole service: every malformed
//! body gets its documented status and a FAIL JSON reply without reaching the handler, and
//! the unusual-but-valid ones (unknown element types, full push batches, long texts) are
//! accepted.

mod common;

use bytes::Bytes;
use common::*;
use http::Request;
use http_body_util::Full;
use serde_json::{json, Value};
use tencent_im_callback::message::{MsgContent, MsgType};
use tencent_im_callback::sign::Token;
use tencent_im_callback::test_util::{samples, CallbackRequest};
use tencent_im_callback::{handler_fn, Callback, CallbackLayer, Command, Event};
use tower::{Layer, ServiceExt};

struct Case {
    what: String,
    request: Request<Full<Bytes>>,
    status: u16,
    code: i64,
}

fn signed(command: &Command, body: impl Into<Bytes>) -> Request<Full<Bytes>> {
    CallbackRequest::new(APP, command.clone())
        .body(body)
        .signed(&Token::new(TOKEN).unwrap(), NOW)
        .build()
}

fn case(what: impl Into<String>, command: &Command, body: impl Into<Bytes>, code: i64) -> Case {
    Case {
        what: what.into(),
        request: signed(command, body),
        status: 400,
        code,
    }
}

/// The commands of this family.
fn message_commands() -> Vec<Command> {
    [
        "C2C.CallbackBeforeSendMsg",
        "C2C.CallbackAfterSendMsg",
        "C2C.CallbackAfterMsgReport",
        "C2C.CallbackAfterMsgWithDraw",
        "C2C.CallbackAfterModifyMsg",
        "C2C.CallbackAfterMsgReadReceipt",
        "C2C.CallbackAfterC2CMsgExtension",
        "Group.CallbackBeforeSendMsg",
        "Group.CallbackAfterSendMsg",
        "Group.CallbackSendMsgException",
        "Group.CallbackAfterRecallMsg",
        "Group.CallbackAfterReadReceipt",
        "Group.CallbackAfterGroupMsgExtension",
        "Bot.OnC2CMessage",
        "Bot.OnGroupMessage",
        "Chatbot.OnC2CSignalMessage",
        "OfficialAccount.CallbackBeforeSendMsg",
        "OfficialAccount.CallbackAfterSendMsg",
        "OfficialAccount.CallbackAfterMsgWithDraw",
        "Push.OfflinePush",
        "Push.AllMemberPush",
        "ContentCallback.ResultNotify",
    ]
    .into_iter()
    .map(Command::from_wire)
    .collect()
}

/// A value of a type no field of this family accepts where `value` stands: an array where
/// an object is expected, an object anywhere else (strings, numbers, arrays).
fn wrong_for(value: &Value) -> Value {
    match value {
        Value::Object(_) => json!([1]),
        _ => json!({"wrong": true}),
    }
}

/// Every path to a value in `value`, as object keys and array indexes.
fn paths(value: &Value, prefix: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                prefix.push(Step::Key(key.clone()));
                out.push(prefix.clone());
                paths(inner, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(items) => {
            for (index, inner) in items.iter().enumerate() {
                prefix.push(Step::Index(index));
                out.push(prefix.clone());
                paths(inner, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

fn at<'a>(value: &'a mut Value, path: &[Step]) -> &'a mut Value {
    path.iter().fold(value, |value, step| match step {
        Step::Key(key) => &mut value[key.as_str()],
        Step::Index(index) => &mut value[*index],
    })
}

fn shown(path: &[Step]) -> String {
    path.iter()
        .map(|step| match step {
            Step::Key(key) => format!(".{key}"),
            Step::Index(index) => format!("[{index}]"),
        })
        .collect()
}

/// Every field of every sample of the family, one at a time, with a value of the wrong type.
fn wrong_type_cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for command in message_commands() {
        let sample: Value = serde_json::from_str(samples::of(&command).unwrap()).unwrap();
        let mut all = Vec::new();
        paths(&sample, &mut Vec::new(), &mut all);
        for path in all {
            // `Data` of the chatbot signal message is kept as received, whatever its type.
            if command.as_str() == "Chatbot.OnC2CSignalMessage" && shown(&path) == ".Data" {
                continue;
            }
            let mut mutated = sample.clone();
            let slot = at(&mut mutated, &path);
            *slot = wrong_for(slot);
            cases.push(case(
                format!("{command}{} of the wrong type", shown(&path)),
                &command,
                mutated.to_string(),
                40004,
            ));
        }
    }
    cases
}

/// Malformed message bodies beyond a wrong type in one field.
fn shape_cases() -> Vec<Case> {
    let c2c = Command::C2C_BEFORE_SEND_MSG;
    let group = Command::GROUP_BEFORE_SEND_MSG;
    let message = |elements: &str| {
        format!(r#"{{"From_Account":"a","To_Account":"b","MsgBody":[{elements}]}}"#)
    };
    vec![
        case("MsgBody an object", &c2c, r#"{"From_Account":"a","To_Account":"b","MsgBody":{}}"#, 40004),
        case("MsgBody null", &c2c, r#"{"From_Account":"a","To_Account":"b","MsgBody":null}"#, 40004),
        case("MsgBody missing", &c2c, r#"{"From_Account":"a","To_Account":"b"}"#, 40004),
        case("element a string", &c2c, message(r#""TIMTextElem""#), 40004),
        case("element an array", &c2c, message(r#"["TIMTextElem"]"#), 40004),
        case("element null", &c2c, message("null"), 40004),
        case("element without MsgType", &c2c, message(r#"{"MsgContent":{"Text":"x"}}"#), 40004),
        case("known element without MsgContent", &c2c, message(r#"{"MsgType":"TIMTextElem"}"#), 40004),
        case("MsgType a number", &c2c, message(r#"{"MsgType":1,"MsgContent":{}}"#), 40004),
        case("MsgType null", &c2c, message(r#"{"MsgType":null,"MsgContent":{}}"#), 40004),
        case(
            "MsgType twice",
            &c2c,
            message(r#"{"MsgType":"TIMTextElem","MsgType":"TIMFaceElem","MsgContent":{"Text":"x"}}"#),
            40004,
        ),
        case(
            "MsgContent twice",
            &c2c,
            message(r#"{"MsgType":"TIMTextElem","MsgContent":{"Text":"x"},"MsgContent":{}}"#),
            40004,
        ),
        case(
            "an extra element key twice",
            &c2c,
            message(r#"{"MsgType":"TIMTextElem","MsgContent":{"Text":"x"},"N":1,"N":2}"#),
            40004,
        ),
        case(
            "content before type, of the wrong shape",
            &c2c,
            message(r#"{"MsgContent":{"Text":[]},"MsgType":"TIMTextElem"}"#),
            40004,
        ),
        case("Text missing", &c2c, message(r#"{"MsgType":"TIMTextElem","MsgContent":{}}"#), 40004),
        case(
            "Latitude not a number",
            &c2c,
            message(r#"{"MsgType":"TIMLocationElem","MsgContent":{"Latitude":"north"}}"#),
            40004,
        ),
        case(
            "Latitude infinite as a string",
            &c2c,
            message(r#"{"MsgType":"TIMLocationElem","MsgContent":{"Latitude":"inf"}}"#),
            40004,
        ),
        case(
            "ImageInfoArray an object",
            &c2c,
            message(r#"{"MsgType":"TIMImageElem","MsgContent":{"ImageInfoArray":{}}}"#),
            40004,
        ),
        case(
            "ImageFormat negative",
            &c2c,
            message(r#"{"MsgType":"TIMImageElem","MsgContent":{"ImageFormat":-1}}"#),
            40004,
        ),
        case(
            "relay MsgList of strings",
            &c2c,
            message(r#"{"MsgType":"TIMRelayElem","MsgContent":{"MsgList":["x"]}}"#),
            40004,
        ),
        case(
            "relay nested body of the wrong shape",
            &c2c,
            message(
                r#"{"MsgType":"TIMRelayElem","MsgContent":{"MsgList":[{"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":1.5}}]}]}}"#,
            ),
            40004,
        ),
        case(
            "custom Data an object (never re-encoded, so never accepted as one)",
            &c2c,
            message(r#"{"MsgType":"TIMCustomElem","MsgContent":{"Data":{"level":1}}}"#),
            40004,
        ),
        case("MsgSeq negative", &c2c, r#"{"From_Account":"a","To_Account":"b","MsgBody":[],"MsgSeq":-1}"#, 40004),
        case(
            "UnreadMsgNum beyond 64 bits",
            &Command::C2C_AFTER_SEND_MSG,
            r#"{"From_Account":"a","To_Account":"b","MsgBody":[],"UnreadMsgNum":-99999999999999999999}"#,
            40004,
        ),
        case(
            "group EventTime a word",
            &group,
            r#"{"GroupId":"g","From_Account":"a","MsgBody":[],"EventTime":"soon"}"#,
            40004,
        ),
        case("push Events an object", &Command::PUSH_OFFLINE_PUSH, r#"{"Events":{}}"#, 40004),
        case("push Events of strings", &Command::PUSH_OFFLINE_PUSH, r#"{"Events":["x"]}"#, 40004),
        case(
            "push result with GroupID and GroupId",
            &Command::PUSH_OFFLINE_PUSH,
            r#"{"Events":[{"GroupID":"a","GroupId":"b"}]}"#,
            40004,
        ),
        case(
            "moderation TextContent of numbers",
            &Command::CONTENT_CALLBACK_RESULT_NOTIFY,
            r#"{"TextContent":[1,2]}"#,
            40004,
        ),
        case(
            "moderation with SdkAppId and SdkAppid",
            &Command::CONTENT_CALLBACK_RESULT_NOTIFY,
            r#"{"SdkAppId":1,"SdkAppid":1}"#,
            40004,
        ),
        case(
            "moderation body an array",
            &Command::CONTENT_CALLBACK_RESULT_NOTIFY,
            "[]",
            40004,
        ),
        case("truncated message", &c2c, r#"{"From_Account":"a","MsgBody":[{"MsgType":"#, 40003),
        case(
            "body naming another message command",
            &Command::GROUP_AFTER_SEND_MSG,
            samples::of(&group).unwrap(),
            40005,
        ),
        case(
            "a 300 KiB text element (over the default 256 KiB limit)",
            &c2c,
            message(&format!(
                r#"{{"MsgType":"TIMTextElem","MsgContent":{{"Text":"{}"}}}}"#,
                "x".repeat(300 << 10)
            )),
            41301,
        ),
    ]
    .into_iter()
    .map(|mut case| {
        if case.code == 41301 {
            case.status = 413;
        }
        case
    })
    .collect()
}

fn service(
    calls: Counter,
) -> impl tower::Service<
    Request<Full<Bytes>>,
    Response = http::Response<
        tencent_im_callback::layer::CallbackBody<tencent_im_callback::response::ReplyBody>,
    >,
    Error = std::convert::Infallible,
> + Clone {
    CallbackLayer::builder()
        .sdk_app_id(APP)
        .token(TOKEN)
        .clock(now)
        .build()
        .unwrap()
        .layer(handler_fn(move |cb: Callback<Event>| {
            calls.hit();
            async move {
                assert!(!matches!(
                    cb.event(),
                    Event::Unknown { .. } | Event::Unparsed(_)
                ));
            }
        }))
}

#[tokio::test]
async fn every_malformed_message_body_gets_its_documented_fail_reply() {
    let cases: Vec<Case> = wrong_type_cases()
        .into_iter()
        .chain(shape_cases())
        .collect();
    assert!(cases.len() > 300, "only {} cases", cases.len());
    let calls = Counter::default();
    let service = service(calls.clone());
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
        assert!(
            !info.contains("wrong"),
            "{}: the value is echoed: {info}",
            case.what
        );
        assert_eq!(calls.get(), 0, "{} reached the handler", case.what);
    }
}

/// Sends a body that must be accepted; gives the event the handler saw.
async fn accepted(command: &Command, body: String) -> Event {
    let calls = Counter::default();
    let seen = std::sync::Arc::new(std::sync::Mutex::new(None));
    let keep = seen.clone();
    let counted = calls.clone();
    let service = CallbackLayer::builder()
        .sdk_app_id(APP)
        .token(TOKEN)
        .clock(now)
        .build()
        .unwrap()
        .layer(handler_fn(move |cb: Callback<Event>| {
            counted.hit();
            *keep.lock().unwrap() = Some(cb.into_event());
            async {}
        }));
    let response = service.oneshot(signed(command, body)).await.unwrap();
    let status = response.status();
    let reply = json_body(response.into_body()).await;
    assert_eq!(
        (status.as_u16(), &reply["ActionStatus"]),
        (200, &json!("OK")),
        "{reply}"
    );
    assert_eq!(calls.get(), 1);
    let event = seen.lock().unwrap().take().unwrap();
    event
}

#[tokio::test]
async fn unknown_element_types_are_accepted_and_kept() {
    let body = json!({
        "From_Account": "a", "To_Account": "b",
        "MsgBody": [
            {"MsgType": "TIMGroupTipElem", "MsgContent": {"OpType": 1}},
            {"MsgType": "TIMGroupSystemNoticeElem", "MsgContent": [1, {"x": null}]},
            {"MsgType": "TIMFutureElem", "MsgContent": "a string"},
            {"MsgType": "TIMNothingElem"},
            {"MsgContent": {"Text": "typed after all"}, "MsgType": "TIMTextElem"}
        ]
    });
    let event = accepted(&Command::C2C_BEFORE_SEND_MSG, body.to_string()).await;
    let Event::C2cBeforeSendMsg(event) = event else {
        panic!("not typed")
    };
    let kinds: Vec<MsgType> = event.msg_body.iter().map(|e| e.msg_type()).collect();
    assert_eq!(kinds[4], MsgType::Text);
    assert!(
        matches!(&event.msg_body[1].content, MsgContent::Unknown(u) if u.msg_content.as_ref().unwrap().get() == r#"[1,{"x":null}]"#)
    );
    assert_eq!(event.msg_body.plain_text(), "typed after all");
    assert_eq!(serde_json::to_value(&*event).unwrap(), body);
}

#[tokio::test]
async fn a_full_push_batch_is_accepted() {
    let item = |i: usize| {
        json!({"CallbackCommand": "Push.OfflinePush", "EventType": 1 + i % 2, "EventTime": 1557481127,
               "From_Account": "user1", "To_Account": format!("user{i}"), "PushPlatform": i % 9,
               "PushStage": 1 + i % 3, "MsgKey": "48374_2837546_1557481126", "MsgSeq": i,
               "PushID": format!("push-{i}"), "ErrCode": 0, "ErrInfo": "OK"})
    };
    let body = json!({"Events": (0..100).map(item).collect::<Vec<_>>()});
    let Event::PushOfflinePush(batch) =
        accepted(&Command::PUSH_OFFLINE_PUSH, body.to_string()).await
    else {
        panic!("not typed")
    };
    assert_eq!(batch.events.len(), 100);
    assert!(batch.iter().all(|push| push.succeeded()));
    assert_eq!(batch.events[99].to_account.as_deref(), Some("user99"));

    let item = |i: usize| {
        json!({"CallbackCommand": "Push.AllMemberPush", "EventType": 1, "TaskId": format!("t{i}"),
               "TaskTime": 1557481127, "EventTime": 1557481128, "To_Account": format!("u{i}"),
               "PushPlatform": 1, "PushStage": 2, "ErrCode": 0, "ErrInfo": "OK"})
    };
    let body = json!({"Events": (0..100).map(item).collect::<Vec<_>>()});
    let Event::PushAllMemberPush(batch) =
        accepted(&Command::PUSH_ALL_MEMBER_PUSH, body.to_string()).await
    else {
        panic!("not typed")
    };
    assert_eq!(batch.iter().count(), 100);
}

#[tokio::test]
async fn twelve_kilobyte_text_elements_are_accepted() {
    let text = "长".repeat(4 << 10); // 12 KiB of UTF-8
    assert_eq!(text.len(), 12 << 10);
    let element = json!({"MsgType": "TIMTextElem", "MsgContent": {"Text": text}});
    let body = json!({"From_Account": "a", "To_Account": "b", "MsgBody": vec![element; 12]});
    let Event::C2cBeforeSendMsg(event) =
        accepted(&Command::C2C_BEFORE_SEND_MSG, body.to_string()).await
    else {
        panic!("not typed")
    };
    assert_eq!(event.msg_body.plain_text().len(), 12 * (12 << 10));
    let body = json!({"GroupId": "g", "From_Account": "a", "EventTime": "1",
                      "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": "x".repeat(12 << 10)}}]});
    assert!(matches!(
        accepted(&Command::GROUP_BEFORE_SEND_MSG, body.to_string()).await,
        Event::GroupBeforeSendMsg(_)
    ));
}
