//! IM message callbacks (IM-MESSAGES.md): every sample parses into its type and re-serialises
//! to the same JSON up to the documented normalisations, Tencent's invalid samples are clean
//! syntax errors, every documented quirk is absorbed, and the before-send replies are exactly
//! Tencent's.

mod common;

use std::time::{Duration, UNIX_EPOCH};

use common::*;
use http::StatusCode;
use serde_json::{json, Value};
use tencent_im_callback::event::{BodyErrorKind, Envelope};
use tencent_im_callback::message::{
    CodeOutOfRange, CustomElem, ExtensionOperation, ImageElem, ImageFormat, ImageSize,
    LocationElem, MsgBody, MsgContent, MsgElement, MsgType, RelayElem, Rewrite, TextElem,
};
use tencent_im_callback::moderation::{ContactType, ContentType, Scene, TextContent};
use tencent_im_callback::push::{PushChannel, PushPlatform, PushStage, PushedChat};
use tencent_im_callback::test_util::{messages, samples, CallbackRequest};
use tencent_im_callback::{
    bot, c2c, group, moderation, official_account, push, Callback, CallbackLayer, Command,
    CommandRouter, Event, IntoReply, Reply,
};
use tower::{Layer, ServiceExt};

/// The commands of IM-MESSAGES.md, all 22.
const MESSAGE_COMMANDS: [&str; 22] = [
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
];

fn parse(command: &str, body: &str) -> Event {
    Event::parse(&Command::from_wire(command), body.as_bytes())
        .unwrap_or_else(|error| panic!("{command}: {error}"))
}

fn typed<T: tencent_im_callback::event::FromEvent>(command: &str, body: &str) -> T {
    T::from_event(parse(command, body)).unwrap_or_else(|other| panic!("{other:?}"))
}

fn sample(command: &str) -> &'static str {
    samples::of(&Command::from_wire(command)).unwrap_or_else(|| panic!("no sample for {command}"))
}

/// The documented normalisations of this family, and only those: an `EventTime` sent as a
/// string of digits (every group body) is written back as the number it is. Everything
/// else must come back exactly: nothing dropped, nothing invented.
fn normalise(key: &str, value: &mut Value) {
    match value {
        Value::Object(map) => map.iter_mut().for_each(|(k, v)| normalise(k, v)),
        Value::Array(items) => items.iter_mut().for_each(|v| normalise(key, v)),
        Value::String(text) if key == "EventTime" => {
            *value = json!(text
                .parse::<u64>()
                .expect("a string EventTime holds digits"))
        }
        _ => {}
    }
}

fn assert_round_trip(command: &str, body: &str) {
    let mut expected: Value = serde_json::from_str(body).unwrap();
    normalise("", &mut expected);
    let event = parse(command, body);
    assert!(
        !matches!(event, Event::Unknown { .. } | Event::Unparsed(_)),
        "{command} is not modelled"
    );
    assert_eq!(event.command(), Command::from_wire(command));
    let actual = serde_json::to_value(&event).unwrap();
    assert_eq!(actual, expected, "{command}");
    // And the written JSON parses again into the same event.
    let again = parse(command, &serde_json::to_string(&event).unwrap());
    assert_eq!(again, event, "{command}");
}

#[test]
fn all_22_commands_are_modelled_with_a_sample() {
    for command in MESSAGE_COMMANDS {
        let command = Command::from_wire(command);
        assert!(command.is_modelled(), "{command}");
        assert!(samples::of(&command).is_some(), "{command}");
    }
    let before: Vec<&str> = MESSAGE_COMMANDS
        .iter()
        .copied()
        .filter(|c| Command::from_wire(c).timing() == tencent_im_callback::command::Timing::Before)
        .collect();
    assert_eq!(
        before,
        [
            "C2C.CallbackBeforeSendMsg",
            "Group.CallbackBeforeSendMsg",
            "OfficialAccount.CallbackBeforeSendMsg"
        ]
    );
}

#[test]
fn every_sample_re_serialises_to_its_normalised_input() {
    for command in MESSAGE_COMMANDS {
        assert_round_trip(command, sample(command));
    }
    // The second sample of the group extension page.
    assert_round_trip(
        "Group.CallbackAfterGroupMsgExtension",
        include_str!("fixtures/im/Group.CallbackAfterGroupMsgExtension.op2-delete.json"),
    );
}

#[test]
fn group_event_time_strings_are_the_only_normalisation() {
    let body = sample("Group.CallbackBeforeSendMsg");
    assert!(body.contains(r#""EventTime": "1670574414123""#));
    let event: group::BeforeSendMsg = typed("Group.CallbackBeforeSendMsg", body);
    assert_eq!(event.event_time, Some(1670574414123));
    let text = serde_json::to_string(&event).unwrap();
    assert!(text.contains(r#""EventTime":1670574414123"#), "{text}");
}

/// Each published text that is not valid JSON, with the command it belongs to.
const AS_PUBLISHED: [(&str, &str); 22] = [
    (
        "Bot.OnC2CMessage",
        include_str!("fixtures/im/Bot.OnC2CMessage.as-published.txt"),
    ),
    (
        "Bot.OnGroupMessage",
        include_str!("fixtures/im/Bot.OnGroupMessage.as-published.txt"),
    ),
    (
        "C2C.CallbackAfterC2CMsgExtension",
        include_str!("fixtures/im/C2C.CallbackAfterC2CMsgExtension.as-published.txt"),
    ),
    (
        "C2C.CallbackAfterMsgReadReceipt",
        include_str!("fixtures/im/C2C.CallbackAfterMsgReadReceipt.as-published.txt"),
    ),
    (
        "C2C.CallbackAfterMsgReport",
        include_str!("fixtures/im/C2C.CallbackAfterMsgReport.as-published.txt"),
    ),
    (
        "C2C.CallbackAfterMsgWithDraw",
        include_str!("fixtures/im/C2C.CallbackAfterMsgWithDraw.as-published.txt"),
    ),
    (
        "C2C.CallbackAfterSendMsg",
        include_str!("fixtures/im/C2C.CallbackAfterSendMsg.as-published.txt"),
    ),
    (
        "C2C.CallbackBeforeSendMsg",
        include_str!("fixtures/im/C2C.CallbackBeforeSendMsg.as-published.txt"),
    ),
    (
        "C2C.CallbackBeforeSendMsg",
        include_str!("fixtures/im/C2C.CallbackBeforeSendMsg.reply.as-published.txt"),
    ),
    (
        "Group.CallbackAfterGroupMsgExtension",
        include_str!("fixtures/im/Group.CallbackAfterGroupMsgExtension.as-published.txt"),
    ),
    (
        "Group.CallbackAfterReadReceipt",
        include_str!("fixtures/im/Group.CallbackAfterReadReceipt.as-published.txt"),
    ),
    (
        "Group.CallbackAfterRecallMsg",
        include_str!("fixtures/im/Group.CallbackAfterRecallMsg.as-published.txt"),
    ),
    (
        "Group.CallbackAfterSendMsg",
        include_str!("fixtures/im/Group.CallbackAfterSendMsg.as-published.txt"),
    ),
    (
        "Group.CallbackBeforeSendMsg",
        include_str!("fixtures/im/Group.CallbackBeforeSendMsg.as-published.txt"),
    ),
    (
        "Group.CallbackBeforeSendMsg",
        include_str!("fixtures/im/Group.CallbackBeforeSendMsg.reply.as-published.txt"),
    ),
    (
        "Group.CallbackSendMsgException",
        include_str!("fixtures/im/Group.CallbackSendMsgException.as-published.txt"),
    ),
    (
        "OfficialAccount.CallbackAfterMsgWithDraw",
        include_str!("fixtures/im/OfficialAccount.CallbackAfterMsgWithDraw.as-published.txt"),
    ),
    (
        "OfficialAccount.CallbackAfterSendMsg",
        include_str!("fixtures/im/OfficialAccount.CallbackAfterSendMsg.as-published.txt"),
    ),
    (
        "OfficialAccount.CallbackBeforeSendMsg",
        include_str!("fixtures/im/OfficialAccount.CallbackBeforeSendMsg.as-published.txt"),
    ),
    (
        "OfficialAccount.CallbackBeforeSendMsg",
        include_str!("fixtures/im/OfficialAccount.CallbackBeforeSendMsg.reply.as-published.txt"),
    ),
    (
        "Push.AllMemberPush",
        include_str!("fixtures/im/Push.AllMemberPush.as-published.txt"),
    ),
    (
        "Push.OfflinePush",
        include_str!("fixtures/im/Push.OfflinePush.as-published.txt"),
    ),
];

/// Whether the position points at a defect Tencent's text is known for: a `//` comment, a
/// `....` placeholder, or (the reject-reply sample) the comment after a value.
fn points_at_a_defect(text: &str, line: usize) -> bool {
    let line = text.lines().nth(line - 1).unwrap_or_default();
    line.contains("//") || line.contains("....")
}

#[test]
fn as_published_samples_are_syntax_errors_naming_line_and_column() {
    for (command, text) in AS_PUBLISHED {
        let error = Event::parse(&Command::from_wire(command), text.as_bytes()).unwrap_err();
        assert_eq!(error.kind(), BodyErrorKind::Syntax, "{command}: {error}");
        assert!(error.line() > 0 && error.column() > 0, "{command}: {error}");
        assert!(points_at_a_defect(text, error.line()), "{command}: {error}");
        let position = format!("(line {}, column {})", error.line(), error.column());
        assert!(error.to_string().contains(&position), "{command}: {error}");
    }
}

#[tokio::test]
async fn as_published_samples_are_refused_with_40003_through_the_layer() {
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
    for (command, text) in AS_PUBLISHED {
        let request = CallbackRequest::new(APP, command).body(text).build();
        let response = service.clone().oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{command}");
        let reply = json_body(response.into_body()).await;
        assert_eq!(reply["ActionStatus"], "FAIL", "{command}");
        assert_eq!(reply["ErrorCode"], 40003, "{command}");
        let info = reply["ErrorInfo"].as_str().unwrap();
        assert!(
            info.contains("(line ") && info.contains(", column "),
            "{command}: {info}"
        );
    }
    assert_eq!(calls.get(), 0);
}

// ── Replies ─────────────────────────────────────────────────────────────────────────────

fn reply_json(reply: impl IntoReply) -> Value {
    serde_json::to_value(reply.into_reply()).unwrap()
}

/// The elements of Tencent's rewrite-reply samples, built through the API.
fn rewritten_body(desc: &str, data: &str) -> MsgBody {
    let mut custom = CustomElem::default();
    custom.desc = Some(desc.to_owned());
    custom.data = Some(data.to_owned());
    let mut body = MsgBody::text("red packet");
    body.push(custom);
    body
}

#[test]
fn c2c_rewrite_reply_is_tencents_sample_exactly() {
    let expected: Value = serde_json::from_str(include_str!(
        "fixtures/im/C2C.CallbackBeforeSendMsg.reply.json"
    ))
    .unwrap();
    let reply = c2c::SendMsgReply::Rewrite(
        Rewrite::new()
            // The sample's spaces are Tencent's and are kept.
            .msg_body(rewritten_body(" CustomElement.MemberLevel ", " LV1"))
            .cloud_custom_data("your new cloud custom data"),
    );
    assert_eq!(reply_json(reply), expected);
}

#[test]
fn group_rewrite_reply_is_tencents_sample_exactly() {
    let expected: Value = serde_json::from_str(include_str!(
        "fixtures/im/Group.CallbackBeforeSendMsg.reply.json"
    ))
    .unwrap();
    let reply = group::SendMsgReply::Rewrite(
        Rewrite::new()
            .msg_body(rewritten_body("CustomElement.MemberLevel", "LV1"))
            .cloud_custom_data("your cloud custom data"),
    );
    assert_eq!(reply_json(reply), expected);
}

#[test]
fn official_account_reject_reply_is_tencents_sample_exactly() {
    let expected: Value = serde_json::from_str(include_str!(
        "fixtures/im/OfficialAccount.CallbackBeforeSendMsg.reply.json"
    ))
    .unwrap();
    assert_eq!(reply_json(official_account::SendMsgReply::Reject), expected);
}

#[test]
fn every_decision_is_sent_with_action_status_ok() {
    let ok =
        |code: i64, info: &str| json!({"ActionStatus": "OK", "ErrorInfo": info, "ErrorCode": code});
    assert_eq!(reply_json(c2c::SendMsgReply::Allow), ok(0, ""));
    assert_eq!(reply_json(c2c::SendMsgReply::Reject), ok(1, ""));
    assert_eq!(reply_json(c2c::SendMsgReply::Discard), ok(2, ""));
    assert_eq!(
        reply_json(c2c::SendMsgReply::reject_with(120001, "blocked word").unwrap()),
        ok(120001, "blocked word")
    );
    assert_eq!(reply_json(group::SendMsgReply::Allow), ok(0, ""));
    assert_eq!(reply_json(group::SendMsgReply::Reject), ok(1, ""));
    assert_eq!(reply_json(group::SendMsgReply::Discard), ok(2, ""));
    assert_eq!(
        reply_json(group::SendMsgReply::reject_with(10200, "spam").unwrap()),
        ok(10200, "spam")
    );
    assert_eq!(reply_json(official_account::SendMsgReply::Allow), ok(0, ""));
    assert_eq!(
        reply_json(official_account::SendMsgReply::Discard),
        ok(2, "")
    );
    // A rewrite that changes nothing is a plain allow.
    assert_eq!(
        reply_json(c2c::SendMsgReply::Rewrite(Rewrite::new())),
        ok(0, "")
    );
    // Only the custom data.
    assert_eq!(
        reply_json(official_account::SendMsgReply::Rewrite(
            Rewrite::new().cloud_custom_data("x")
        )),
        json!({"ActionStatus": "OK", "ErrorInfo": "", "ErrorCode": 0, "CloudCustomData": "x"})
    );
}

#[test]
fn custom_codes_are_accepted_only_inside_their_documented_range() {
    for (code, accepted) in [
        (0, false),
        (1, false),
        (10100, false),
        (120000, false),
        (120001, true),
        (125000, true),
        (130000, true),
        (130001, false),
        (u32::MAX, false),
    ] {
        assert_eq!(
            c2c::SendMsgReply::reject_with(code, "x").is_ok(),
            accepted,
            "C2C {code}"
        );
        assert_eq!(
            c2c::SendMsgRejection::new(code, "x").is_ok(),
            accepted,
            "C2C {code}"
        );
    }
    for (code, accepted) in [
        (2, false),
        (10099, false),
        (10100, true),
        (10150, true),
        (10200, true),
        (10201, false),
        (120001, false),
    ] {
        assert_eq!(
            group::SendMsgReply::reject_with(code, "x").is_ok(),
            accepted,
            "group {code}"
        );
    }
    let error: CodeOutOfRange = c2c::SendMsgReply::reject_with(10100, "x").unwrap_err();
    assert_eq!(error.code(), 10100);
    assert_eq!(error.range(), 120001..=130000);
    assert_eq!(
        error.to_string(),
        "custom rejection code 10100 is outside the command's range [120001, 130000]"
    );
    let rejection = group::SendMsgRejection::new(10100, "spam").unwrap();
    assert_eq!((rejection.code(), rejection.info()), (10100, "spam"));
    assert_eq!(group::SendMsgRejection::CODES, 10100..=10200);
}

async fn decide(router: CommandRouter, request: CallbackRequest) -> Value {
    let service = CallbackLayer::builder()
        .sdk_app_id(APP)
        .build()
        .unwrap()
        .layer(router);
    let response = service.oneshot(request.build()).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    json_body(response.into_body()).await
}

#[tokio::test]
async fn typed_handlers_decide_each_before_send_callback() {
    let router = CommandRouter::new()
        .on(|cb: Callback<c2c::BeforeSendMsg>| async move {
            let text = cb.event().msg_body.plain_text();
            if text.contains("casino") {
                c2c::SendMsgReply::reject_with(120001, "no gambling").unwrap()
            } else if text.contains("darn") {
                c2c::SendMsgReply::Rewrite(
                    Rewrite::new().msg_body(MsgBody::text(text.replace("darn", "****"))),
                )
            } else {
                c2c::SendMsgReply::Allow
            }
        })
        .on(|cb: Callback<group::BeforeSendMsg>| async move {
            if cb.event().msg_body.plain_text().contains("spam") {
                group::SendMsgReply::Discard
            } else {
                group::SendMsgReply::reject_with(10100, "groups are read-only").unwrap()
            }
        })
        .on(|_: Callback<official_account::BeforeSendMsg>| async {
            official_account::SendMsgReply::Reject
        });

    let reply = decide(
        router.clone(),
        messages::c2c_text(APP, "a", "b", "my casino"),
    )
    .await;
    assert_eq!(
        (reply["ErrorCode"].clone(), reply["ErrorInfo"].clone()),
        (json!(120001), json!("no gambling"))
    );
    let reply = decide(router.clone(), messages::c2c_text(APP, "a", "b", "darn it")).await;
    assert_eq!(reply["ErrorCode"], 0);
    assert_eq!(
        reply["MsgBody"],
        json!([{"MsgType": "TIMTextElem", "MsgContent": {"Text": "**** it"}}])
    );
    let reply = decide(router.clone(), messages::c2c_text(APP, "a", "b", "hello")).await;
    assert_eq!(
        reply,
        json!({"ActionStatus": "OK", "ErrorInfo": "", "ErrorCode": 0})
    );
    let reply = decide(
        router.clone(),
        messages::group_text(APP, "@TGS#1", "a", "spam!"),
    )
    .await;
    assert_eq!(reply["ErrorCode"], 2);
    let reply = decide(
        router.clone(),
        messages::group_text(APP, "@TGS#1", "a", "hi"),
    )
    .await;
    assert_eq!(reply["ErrorCode"], 10100);
    let reply = decide(
        router,
        messages::official_account_text(APP, "@TOA#_1", "news"),
    )
    .await;
    assert_eq!(reply["ErrorCode"], 1);
    assert_eq!(reply["ActionStatus"], "OK");
}

#[tokio::test]
async fn a_before_send_callback_without_a_handler_is_allowed() {
    let reply = decide(
        CommandRouter::new(),
        messages::group_text(APP, "g", "a", "x"),
    )
    .await;
    assert_eq!(
        reply,
        json!({"ActionStatus": "OK", "ErrorInfo": "", "ErrorCode": 0})
    );
}

#[test]
fn test_util_builds_before_send_callbacks_around_a_text() {
    let request = messages::c2c_text(APP, "alice", "bob", "hello");
    let event: c2c::BeforeSendMsg = typed(
        "C2C.CallbackBeforeSendMsg",
        std::str::from_utf8(request.body_bytes()).unwrap(),
    );
    assert_eq!(
        (event.from_account.as_str(), event.to_account.as_str()),
        ("alice", "bob")
    );
    assert_eq!(event.msg_body.plain_text(), "hello");
    assert_eq!(event.msg_key.as_deref(), Some("1_1234567_1700000000"));
    assert!(request
        .query()
        .contains("CallbackCommand=C2C.CallbackBeforeSendMsg"));

    let request = messages::group_text(APP, "@TGS#g", "alice", "hi all");
    let body: Value = serde_json::from_slice(request.body_bytes()).unwrap();
    assert_eq!(
        body["EventTime"], "1700000000000",
        "group bodies send it as a string"
    );
    let event: group::BeforeSendMsg = typed(
        "Group.CallbackBeforeSendMsg",
        std::str::from_utf8(request.body_bytes()).unwrap(),
    );
    assert_eq!(event.group_id, "@TGS#g");
    assert_eq!(event.msg_body.plain_text(), "hi all");

    let mut body = MsgBody::text("look");
    body.push(CustomElem::with_data("{}"));
    let request = messages::c2c_message(APP, "a", "b", body.clone());
    let event: c2c::BeforeSendMsg = typed(
        "C2C.CallbackBeforeSendMsg",
        std::str::from_utf8(request.body_bytes()).unwrap(),
    );
    assert_eq!(event.msg_body, body);
}

// ── Quirks ──────────────────────────────────────────────────────────────────────────────

#[test]
fn times_are_offered_in_their_documented_units() {
    let at = |secs: u64, millis: u64| UNIX_EPOCH + Duration::from_millis(secs * 1000 + millis);
    // C2C: MsgTime seconds; EventTime milliseconds.
    let body = r#"{"From_Account":"a","To_Account":"b","MsgTime":1557481126,"EventTime":1557481126789,"MsgBody":[]}"#;
    let event: c2c::BeforeSendMsg = typed("C2C.CallbackBeforeSendMsg", body);
    assert_eq!(event.sent_at(), Some(at(1557481126, 0)));
    assert_eq!(event.occurred_at(), Some(at(1557481126, 789)));
    // Read reports: LastReadTime seconds.
    let event: c2c::AfterMsgReport = typed(
        "C2C.CallbackAfterMsgReport",
        sample("C2C.CallbackAfterMsgReport"),
    );
    assert_eq!(event.last_read_at(), Some(at(1614754606, 0)));
    assert_eq!(event.occurred_at(), None);
    // Group: EventTime a string of milliseconds.
    let event: group::AfterSendMsg = typed(
        "Group.CallbackAfterSendMsg",
        sample("Group.CallbackAfterSendMsg"),
    );
    assert_eq!(event.occurred_at(), Some(at(1670574414, 123)));
    assert_eq!(event.sent_at(), Some(at(1490686222, 0)));
    // Push: EventTime, TaskTime and MsgTime all seconds.
    let batch: push::AllMemberPushBatch = typed("Push.AllMemberPush", sample("Push.AllMemberPush"));
    let first = &batch.events[0];
    assert_eq!(first.occurred_at(), Some(at(1557481128, 0)));
    assert_eq!(first.event_time_millis(), Some(1557481128000));
    assert_eq!(first.task_started_at(), Some(at(1557481127, 0)));
    let batch: push::OfflinePushBatch = typed("Push.OfflinePush", sample("Push.OfflinePush"));
    assert_eq!(batch.events[0].occurred_at(), Some(at(1557481127, 0)));
    assert_eq!(batch.events[0].sent_at(), Some(at(1557481126, 0)));
    // The batch itself names no time and no command.
    assert_eq!(batch.occurred_at(), None);
    assert_eq!(batch.callback_command(), None);
}

#[test]
fn after_send_bodies_say_whether_the_message_was_delivered() {
    let event: c2c::AfterSendMsg = typed(
        "C2C.CallbackAfterSendMsg",
        sample("C2C.CallbackAfterSendMsg"),
    );
    assert!(event.delivered());
    assert_eq!(event.delivery_error(), None);
    // The request's own ErrorInfo is a field of the body, not swallowed as an envelope.
    assert_eq!(event.error_info.as_deref(), Some("send msg succeed"));

    let failed = sample("C2C.CallbackAfterSendMsg")
        .replace(r#""SendMsgResult": 0"#, r#""SendMsgResult": 80001"#)
        .replace(r#""UnreadMsgNum": 7"#, r#""UnreadMsgNum": -1"#)
        .replace("send msg succeed", "dirty word");
    let event: c2c::AfterSendMsg = typed("C2C.CallbackAfterSendMsg", &failed);
    assert!(!event.delivered());
    assert_eq!(event.unread_msg_num, Some(-1));
    assert_eq!(event.delivery_error(), Some((80001, "dirty word")));
    assert!(serde_json::to_string(&event)
        .unwrap()
        .contains(r#""UnreadMsgNum":-1"#));
    // Without SendMsgResult, UnreadMsgNum -1 still says it failed.
    let event: c2c::AfterSendMsg = typed(
        "C2C.CallbackAfterSendMsg",
        r#"{"From_Account":"a","To_Account":"b","UnreadMsgNum":"-1","MsgBody":[]}"#,
    );
    assert!(!event.delivered());

    let event: bot::OnC2cMessage = typed("Bot.OnC2CMessage", sample("Bot.OnC2CMessage"));
    assert!(event.delivered());

    let event: group::SendMsgException = typed(
        "Group.CallbackSendMsgException",
        sample("Group.CallbackSendMsgException"),
    );
    assert!(!event.delivered());
    assert_eq!(event.error_code, Some(10023));
    assert_eq!(
        event.error_info.as_deref(),
        Some("msg count exceeds limit,please retry later")
    );
}

#[test]
fn push_batches_are_iterated_as_typed_results() {
    let batch: push::OfflinePushBatch = typed("Push.OfflinePush", sample("Push.OfflinePush"));
    assert_eq!(batch.events.len(), 2);
    let kinds: Vec<_> = batch.iter().map(|push| push.event_type).collect();
    assert_eq!(kinds, [Some(PushedChat::C2c), Some(PushedChat::Group)]);
    for push in &batch {
        assert_eq!(push.callback_command.as_deref(), Some("Push.OfflinePush"));
        assert_eq!(push.push_platform, Some(PushPlatform::Apns));
        assert_eq!(push.push_stage, Some(PushStage::Sent));
        assert!(push.succeeded());
    }
    // GroupID (capital D) in push results; GroupId is read too and written as GroupID.
    assert_eq!(batch.events[1].group_id.as_deref(), Some("@TGS#12DEVUDHQ"));
    let body = r#"{"Events":[{"GroupId":"g","PushPlatform":9,"EventType":"2"}]}"#;
    let batch: push::OfflinePushBatch = typed("Push.OfflinePush", body);
    assert_eq!(batch.events[0].group_id.as_deref(), Some("g"));
    assert_eq!(batch.events[0].push_platform, Some(PushPlatform::Other(9)));
    assert_eq!(
        serde_json::to_string(&batch).unwrap(),
        r#"{"Events":[{"EventType":2,"PushPlatform":9,"GroupID":"g"}]}"#
    );

    let batch: push::AllMemberPushBatch = typed("Push.AllMemberPush", sample("Push.AllMemberPush"));
    let channels: Vec<_> = batch.into_iter().map(|push| push.event_type).collect();
    assert_eq!(
        channels,
        [Some(PushChannel::Offline), Some(PushChannel::Online)]
    );
    // The table-only fields.
    let body = r#"{"Events":[{"DataId":"d1","DeviceType":{"x":1}}]}"#;
    let batch: push::AllMemberPushBatch = typed("Push.AllMemberPush", body);
    assert_eq!(batch.events[0].data_id.as_deref(), Some("d1"));
    assert_eq!(
        batch.events[0].device_type.as_ref().unwrap().get(),
        r#"{"x":1}"#
    );
}

#[test]
fn moderation_results_take_every_documented_spelling_and_shape() {
    let event: moderation::ResultNotify = typed(
        "ContentCallback.ResultNotify",
        sample("ContentCallback.ResultNotify"),
    );
    assert_eq!(event.callback_command, None);
    assert_eq!(event.scene, Some(Scene::C2c));
    assert_eq!(event.sdk_app_id, Some(1400187352));
    assert_eq!(event.content_type, Some(ContentType::Text));
    let contact = event.contact_item.as_ref().unwrap();
    assert_eq!(contact.contact_type, Some(ContactType::C2c));
    assert_eq!(contact.to_account.as_deref(), Some("Jonh"));
    assert_eq!(
        event.msg_id.as_deref(),
        Some("1434460578_4137340972_1661154487")
    );
    assert!(event.blocked());
    assert_eq!(event.ctxcb_sub_label_desc.as_deref(), Some("影射XX"));
    assert_eq!(
        event.text_content,
        Some(TextContent::List(vec![
            "aaabbbccc".into(),
            "1234567".into()
        ]))
    );

    // The older page's spellings and shapes: SdkAppid, MsgId, TextContent as one string —
    // kept in the shape they came in; the alternative key names are written as documented.
    let older = r#"{"Scene":"Group","SdkAppid":1,"MsgId":"130","TextContent":"bad words",
                    "ContactItem":{"ContactType":2,"ToGroupId":"@TGS#1"},"CtxcbResult":0}"#;
    let event: moderation::ResultNotify = typed("ContentCallback.ResultNotify", older);
    assert_eq!(event.sdk_app_id, Some(1));
    assert_eq!(event.msg_id.as_deref(), Some("130"));
    assert_eq!(
        event.text_content,
        Some(TextContent::Text("bad words".into()))
    );
    assert_eq!(
        event
            .text_content
            .as_ref()
            .unwrap()
            .iter()
            .collect::<Vec<_>>(),
        ["bad words"]
    );
    assert!(!event.blocked());
    let text = serde_json::to_string(&event).unwrap();
    assert!(text.contains(r#""TextContent":"bad words""#), "{text}");
    assert!(
        text.contains(r#""SdkAppId":1"#) && text.contains(r#""MsgID":"130""#),
        "{text}"
    );
    // Both spellings at once are ambiguous.
    assert!(Event::parse(
        &Command::CONTENT_CALLBACK_RESULT_NOTIFY,
        br#"{"MsgID":"a","MsgId":"b"}"#
    )
    .is_err());
    for wrong in [
        r#"{"TextContent":1}"#,
        r#"{"TextContent":[1]}"#,
        r#"{"TextContent":{}}"#,
    ] {
        let error =
            Event::parse(&Command::CONTENT_CALLBACK_RESULT_NOTIFY, wrong.as_bytes()).unwrap_err();
        assert_eq!(error.kind(), BodyErrorKind::Data, "{wrong}");
    }
}

#[test]
fn request_bodies_keep_their_own_error_fields() {
    let body = sample("Group.CallbackSendMsgException");
    let event = parse("Group.CallbackSendMsgException", body);
    let json = serde_json::to_value(&event).unwrap();
    assert_eq!(json["ErrorCode"], 10023);
    assert_eq!(
        json["ErrorInfo"],
        "msg count exceeds limit,please retry later"
    );
}

#[test]
fn dispatch_is_by_the_query_command() {
    // No CallbackCommand in the body at all.
    let event = parse(
        "ContentCallback.ResultNotify",
        sample("ContentCallback.ResultNotify"),
    );
    assert!(matches!(event, Event::ContentCallbackResultNotify(_)));
    // Batches carry it only inside each item.
    let event = parse("Push.OfflinePush", sample("Push.OfflinePush"));
    assert!(matches!(event, Event::PushOfflinePush(_)));
    // A body naming another command is still refused.
    let error = Event::parse(
        &Command::GROUP_AFTER_SEND_MSG,
        sample("Group.CallbackBeforeSendMsg").as_bytes(),
    )
    .unwrap_err();
    assert_eq!(error.kind(), BodyErrorKind::CommandMismatch);
}

#[test]
fn absent_fields_stay_absent() {
    let body = r#"{"From_Account":"a","To_Account":"b","MsgBody":[{"MsgType":"TIMCustomElem","MsgContent":{}}]}"#;
    let event = parse("C2C.CallbackBeforeSendMsg", body);
    assert_eq!(serde_json::to_string(&event).unwrap(), body);
    let body = r#"{"GroupId":"g","From_Account":"a","MsgBody":[]}"#;
    let event = parse("Group.CallbackBeforeSendMsg", body);
    assert_eq!(serde_json::to_string(&event).unwrap(), body);
    let body = r#"{"Events":[{}]}"#;
    let event = parse("Push.AllMemberPush", body);
    assert_eq!(serde_json::to_string(&event).unwrap(), body);
    let event = parse("ContentCallback.ResultNotify", "{}");
    assert_eq!(serde_json::to_string(&event).unwrap(), "{}");
    let event = parse("Chatbot.OnC2CSignalMessage", "{}");
    assert_eq!(serde_json::to_string(&event).unwrap(), "{}");
}

#[test]
fn required_fields_are_named_when_missing() {
    for (command, body, field) in [
        (
            "C2C.CallbackBeforeSendMsg",
            r#"{"From_Account":"a","To_Account":"b"}"#,
            "MsgBody",
        ),
        (
            "C2C.CallbackAfterSendMsg",
            r#"{"To_Account":"b","MsgBody":[]}"#,
            "From_Account",
        ),
        (
            "Group.CallbackBeforeSendMsg",
            r#"{"From_Account":"a","MsgBody":[]}"#,
            "GroupId",
        ),
        (
            "OfficialAccount.CallbackBeforeSendMsg",
            r#"{"MsgBody":[]}"#,
            "Official_Account",
        ),
        ("Push.OfflinePush", r#"{}"#, "Events"),
        (
            "Group.CallbackAfterRecallMsg",
            r#"{"GroupId":"g"}"#,
            "MsgSeqList",
        ),
    ] {
        let error = Event::parse(&Command::from_wire(command), body.as_bytes()).unwrap_err();
        assert_eq!(error.kind(), BodyErrorKind::Data, "{command}");
        assert!(error.to_string().contains(field), "{command}: {error}");
    }
}

// ── MsgBody ─────────────────────────────────────────────────────────────────────────────

const EVERY_ELEMENT: &str = r#"[
    {"MsgType":"TIMTextElem","MsgContent":{"Text":"hello "}},
    {"MsgType":"TIMLocationElem","MsgContent":{"Desc":"office","Latitude":22.5,"Longitude":113.93}},
    {"MsgType":"TIMFaceElem","MsgContent":{"Index":1,"Data":"content"}},
    {"MsgType":"TIMCustomElem","MsgContent":{"Data":"{\"level\": 1}","Desc":"push text","Ext":"e","Sound":"dingdong.aiff"}},
    {"MsgType":"TIMSoundElem","MsgContent":{"Url":"https://x/s","UUID":"s1","Size":8000,"Second":4,"Download_Flag":2}},
    {"MsgType":"TIMImageElem","MsgContent":{"UUID":"i1","ImageFormat":1,"ImageInfoArray":[
        {"Type":1,"Size":1800,"Width":640,"Height":480,"URL":"https://x/1"},
        {"Type":3,"Size":0,"Width":0,"Height":0,"URL":"https://x/3"}]}},
    {"MsgType":"TIMFileElem","MsgContent":{"Url":"https://x/f","UUID":"f1","FileSize":1773552,"FileName":"a.pdf","Download_Flag":2}},
    {"MsgType":"TIMVideoFileElem","MsgContent":{"VideoUrl":"https://x/v","VideoUUID":"v1","VideoSize":1,"VideoSecond":0,"VideoFormat":"mp4","VideoDownloadFlag":2,"ThumbUrl":"https://x/t","ThumbUUID":"t1","ThumbSize":2,"ThumbWidth":3,"ThumbHeight":4,"ThumbFormat":"JPG","ThumbDownloadFlag":2}},
    {"MsgContent":{"Title":"chat","MsgNum":1,"CompatibleText":"upgrade","AbstractList":["a: hi"],
        "MsgList":[{"From_Account":"a","To_Account":"b","MsgSeq":1,"MsgRandom":2,"MsgTimeStamp":1557481126,
            "MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"world"}}],"CloudCustomData":""}]},
     "MsgType":"TIMRelayElem"},
    {"MsgType":"TIMGroupTipElem","MsgContent":{"OpType":1,"List":[144115233406643804]}},
    {"MsgType":"TIMSomethingNew"},
    {"MsgType":"TIMTextElem","MsgContent":{"Text":"again"},"Note":"kept"}
]"#;

#[test]
fn every_element_type_is_typed_and_unknown_ones_are_kept() {
    let body: MsgBody = serde_json::from_str(EVERY_ELEMENT).unwrap();
    let types: Vec<MsgType> = body.iter().map(MsgElement::msg_type).collect();
    assert_eq!(
        types,
        [
            MsgType::Text,
            MsgType::Location,
            MsgType::Face,
            MsgType::Custom,
            MsgType::Sound,
            MsgType::Image,
            MsgType::File,
            MsgType::VideoFile,
            MsgType::Relay,
            MsgType::Other("TIMGroupTipElem".into()),
            MsgType::Other("TIMSomethingNew".into()),
            MsgType::Text,
        ]
    );
    // Lookup by type, not index.
    assert_eq!(body.plain_text(), "hello again");
    let location = body.find::<LocationElem>().unwrap();
    assert_eq!(
        (location.latitude, location.longitude),
        (Some(22.5), Some(113.93))
    );
    let custom = body.find::<CustomElem>().unwrap();
    assert_eq!(
        custom.data.as_deref(),
        Some(r#"{"level": 1}"#),
        "Data stays the string sent"
    );
    let image = body.find::<ImageElem>().unwrap();
    assert_eq!(image.image_format, Some(ImageFormat::Jpg));
    let sizes: Vec<_> = image
        .image_info_array
        .iter()
        .flatten()
        .map(|info| info.size_type)
        .collect();
    assert_eq!(
        sizes,
        [Some(ImageSize::Original), Some(ImageSize::Thumbnail)]
    );
    let relay = body.find::<RelayElem>().unwrap();
    let forwarded = &relay.msg_list.as_ref().unwrap()[0];
    assert_eq!(forwarded.msg_body.as_ref().unwrap().plain_text(), "world");
    assert_eq!(
        forwarded.sent_at(),
        Some(UNIX_EPOCH + Duration::from_secs(1557481126))
    );
    let MsgContent::Unknown(tip) = &body[9].content else {
        panic!("not kept as unknown")
    };
    assert_eq!(tip.msg_type, "TIMGroupTipElem");
    assert_eq!(
        tip.msg_content.as_ref().unwrap().get(),
        r#"{"OpType":1,"List":[144115233406643804]}"#,
        "kept digit for digit"
    );
    assert_eq!(body[11].extra.get("Note").unwrap().get(), r#""kept""#);

    // Written back: the same JSON (the relay element's keys in the usual order).
    let expected: Value = serde_json::from_str(EVERY_ELEMENT).unwrap();
    assert_eq!(serde_json::to_value(&body).unwrap(), expected);
    let text = serde_json::to_string(&body).unwrap();
    assert!(
        text.contains(r#"{"MsgType":"TIMSomethingNew"}"#),
        "no MsgContent invented"
    );
    assert!(text.contains("144115233406643804"));
}

#[test]
fn an_unknown_element_never_fails_a_message_callback() {
    let body = sample("C2C.CallbackBeforeSendMsg").replace("TIMTextElem", "TIMFutureElem");
    let event: c2c::BeforeSendMsg = typed("C2C.CallbackBeforeSendMsg", &body);
    assert_eq!(event.msg_body.plain_text(), "");
    assert_eq!(
        event.msg_body[0].msg_type(),
        MsgType::Other("TIMFutureElem".into())
    );
    assert_round_trip("C2C.CallbackBeforeSendMsg", &body);
}

#[test]
fn a_known_element_of_the_wrong_shape_is_refused_with_its_path() {
    for (content, path) in [
        (
            r#"{"MsgType":"TIMTextElem","MsgContent":{"Text":{}}}"#,
            "MsgBody[0].MsgContent.Text",
        ),
        (r#"{"MsgType":"TIMTextElem"}"#, "MsgBody[0]"),
        (r#"{"MsgContent":{}}"#, "MsgBody[0]"),
        (r#"{"MsgType":7,"MsgContent":{}}"#, "MsgBody[0].MsgType"),
        (
            r#"{"MsgType":"TIMFaceElem","MsgContent":{"Index":"one"}}"#,
            "MsgBody[0].MsgContent.Index",
        ),
        (
            r#"{"MsgType":"TIMLocationElem","MsgContent":{"Latitude":"north"}}"#,
            "MsgBody[0].MsgContent.Latitude",
        ),
        (r#""TIMTextElem""#, "MsgBody[0]"),
    ] {
        let body = format!(r#"{{"From_Account":"a","To_Account":"b","MsgBody":[{content}]}}"#);
        let error = Event::parse(&Command::C2C_BEFORE_SEND_MSG, body.as_bytes()).unwrap_err();
        assert_eq!(error.kind(), BodyErrorKind::Data, "{content}");
        assert_eq!(error.path(), Some(path), "{content}: {error}");
    }
    // Content before type: still typed, still refused when wrong.
    let body = r#"{"From_Account":"a","To_Account":"b","MsgBody":[{"MsgContent":{"Text":1.5},"MsgType":"TIMTextElem"}]}"#;
    let error = Event::parse(&Command::C2C_BEFORE_SEND_MSG, body.as_bytes()).unwrap_err();
    assert_eq!(error.kind(), BodyErrorKind::Data);
    assert!(!error.to_string().contains("1.5"), "{error}");
}

#[test]
fn lenient_values_inside_elements_are_written_in_their_documented_types() {
    let body: MsgBody = serde_json::from_str(
        r#"[{"MsgType":"TIMLocationElem","MsgContent":{"Latitude":"22.5","Longitude":114}},
            {"MsgType":"TIMSoundElem","MsgContent":{"Size":"8000"}}]"#,
    )
    .unwrap();
    assert_eq!(
        serde_json::to_string(&body).unwrap(),
        r#"[{"MsgType":"TIMLocationElem","MsgContent":{"Latitude":22.5,"Longitude":114.0}},{"MsgType":"TIMSoundElem","MsgContent":{"Size":8000}}]"#
    );
}

#[test]
fn bodies_can_be_rewritten_in_place() {
    let event: group::BeforeSendMsg = typed(
        "Group.CallbackBeforeSendMsg",
        sample("Group.CallbackBeforeSendMsg"),
    );
    let mut body = event.msg_body.clone();
    for text in body.all_mut::<TextElem>() {
        text.text = text.text.replace("red", "***");
    }
    assert_eq!(body.plain_text(), "*** packet");
    let reply = group::SendMsgReply::Rewrite(Rewrite::new().msg_body(body)).into_reply();
    assert_eq!(reply.error_code(), 0);
    assert_eq!(
        reply.extra_fields()["MsgBody"],
        json!([{"MsgType": "TIMTextElem", "MsgContent": {"Text": "*** packet"}}])
    );
    // The untyped reply stays available for raw uses.
    let raw = Reply::allow().try_with_field("MsgBody", json!([])).unwrap();
    assert_eq!(raw.error_code(), 0);
}

#[test]
fn every_other_body_is_typed() {
    let event: c2c::AfterMsgReadReceipt = typed(
        "C2C.CallbackAfterMsgReadReceipt",
        sample("C2C.CallbackAfterMsgReadReceipt"),
    );
    assert_eq!(event.operator_account(), Some("jared"));
    assert_eq!(
        event.c2c_msg_info[0].msg_id.as_deref(),
        Some("144115433090395387-1769139578-24064952")
    );
    let event: c2c::AfterMsgExtension = typed(
        "C2C.CallbackAfterC2CMsgExtension",
        sample("C2C.CallbackAfterC2CMsgExtension"),
    );
    assert_eq!(event.operate_type, Some(ExtensionOperation::Set));
    assert_eq!(event.extension_list.as_ref().unwrap().len(), 3);
    let event: group::AfterMsgExtension = typed(
        "Group.CallbackAfterGroupMsgExtension",
        include_str!("fixtures/im/Group.CallbackAfterGroupMsgExtension.op2-delete.json"),
    );
    assert_eq!(event.operate_type, Some(ExtensionOperation::Delete));
    assert_eq!(event.extension_list.unwrap()[0].value.as_deref(), Some(""));
    let event: c2c::AfterModifyMsg = typed(
        "C2C.CallbackAfterModifyMsg",
        sample("C2C.CallbackAfterModifyMsg"),
    );
    assert_eq!(event.msg_body.plain_text(), "2026-01-30T11:20:26.548Z");
    let event: c2c::AfterMsgWithdraw = typed(
        "C2C.CallbackAfterMsgWithDraw",
        sample("C2C.CallbackAfterMsgWithDraw"),
    );
    assert_eq!(event.msg_key.as_deref(), Some("48374_2837546_1557481126"));
    let event: group::AfterRecallMsg = typed(
        "Group.CallbackAfterRecallMsg",
        sample("Group.CallbackAfterRecallMsg"),
    );
    assert_eq!(event.msg_seq_list[0].msg_seq, 130);
    let event: group::AfterReadReceipt = typed(
        "Group.CallbackAfterReadReceipt",
        sample("Group.CallbackAfterReadReceipt"),
    );
    assert_eq!(event.group_msg_receipt_list[1].unread_num, Some(6));
    let event: bot::OnGroupMessage = typed("Bot.OnGroupMessage", sample("Bot.OnGroupMessage"));
    assert_eq!(
        event.at_robots_account.as_deref(),
        Some(&["@RBT#001".to_owned()][..])
    );
    let event: bot::OnC2cSignalMessage = typed(
        "Chatbot.OnC2CSignalMessage",
        sample("Chatbot.OnC2CSignalMessage"),
    );
    assert_eq!(event.data.unwrap().get(), r#""{\"cmd\":\"typing\"}""#);
    let event: official_account::AfterMsgWithdraw = typed(
        "OfficialAccount.CallbackAfterMsgWithDraw",
        sample("OfficialAccount.CallbackAfterMsgWithDraw"),
    );
    assert_eq!(event.official_account, "#TOA#_123");
    assert_eq!(event.withdraw_msg_list[0].msg_key, "71_1_1698741698");
    let event: official_account::AfterSendMsg = typed(
        "OfficialAccount.CallbackAfterSendMsg",
        sample("OfficialAccount.CallbackAfterSendMsg"),
    );
    assert_eq!(
        event.sent_at(),
        Some(UNIX_EPOCH + Duration::from_secs(1490686222))
    );
}

/// The fuzz seeds of this family hold what the `event` fuzz target checks: the first byte
/// picks the command (its index in the table), the body parses as it, and its JSON parses
/// back into the same event, written the same way.
#[test]
fn the_fuzz_seeds_pick_their_command_and_round_trip() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/event");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let Some(command) = MESSAGE_COMMANDS.iter().find(|c| name.starts_with(**c)) else {
            continue;
        };
        let data = std::fs::read(&path).unwrap();
        let (&selector, body) = data.split_first().unwrap();
        let picked = Command::modelled().nth(usize::from(selector)).unwrap();
        assert_eq!(picked, Command::from_wire(command), "{name}");
        let event = Event::parse(&picked, body).unwrap_or_else(|e| panic!("{name}: {e}"));
        let json = serde_json::to_vec(&event).unwrap();
        let again = Event::parse(&picked, &json).unwrap();
        assert_eq!(again, event, "{name}");
        assert_eq!(serde_json::to_vec(&again).unwrap(), json, "{name}");
        checked += 1;
    }
    assert!(checked >= MESSAGE_COMMANDS.len(), "only {checked} seeds");
}
