//! Malformed bodies of the IM-GROUPS.md family through the whole service: each gets its
//! documented status and a FAIL reply in valid JSON, and no handler ever runs — neither the
//! catch-all nor the typed before-callback handlers.

mod common;

use bytes::Bytes;
use common::*;
use http::Request;
use http_body_util::Full;
use serde_json::{json, Value};
use tencent_im_callback::group::{
    BeforeApplyJoinGroup, BeforeCreateGroup, BeforeCreateTopic, BeforeInviteJoinGroup, GroupReply,
    InviteReply,
};
use tencent_im_callback::official_account::{
    AddSubscriberReply, BeforeAddSubscriber, BeforeCreateOfficialAccount,
    CreateOfficialAccountReply,
};
use tencent_im_callback::sign::Token;
use tencent_im_callback::sns::{FriendReply, PrevFriendAdd, PrevFriendResponse};
use tencent_im_callback::test_util::{samples, CallbackRequest};
use tencent_im_callback::{Callback, CallbackLayer, Command, CommandRouter, Event};
use tower::{Layer, ServiceExt};

struct Case {
    what: String,
    request: Request<Full<Bytes>>,
    status: u16,
    code: i64,
    /// The position a syntax error must name.
    position: Option<(usize, usize)>,
}

fn case(what: &str, command: &Command, body: impl Into<Bytes>, status: u16, code: i64) -> Case {
    Case {
        what: what.to_owned(),
        request: CallbackRequest::new(APP, command.clone())
            .body(body)
            .signed(&Token::new(TOKEN).unwrap(), NOW)
            .build(),
        status,
        code,
        position: None,
    }
}

/// The 37 commands of IM-GROUPS.md with their samples.
fn family() -> Vec<(Command, &'static str)> {
    [
        Command::STATE_STATE_CHANGE,
        Command::PROFILE_PORTRAIT_SET,
        Command::SNS_PREV_FRIEND_ADD,
        Command::SNS_PREV_FRIEND_RESPONSE,
        Command::SNS_FRIEND_ADD,
        Command::SNS_FRIEND_DELETE,
        Command::SNS_BLACK_LIST_ADD,
        Command::SNS_BLACK_LIST_DELETE,
        Command::FOLLOW_AFTER_FOLLOW_ADD,
        Command::FOLLOW_AFTER_FOLLOW_DELETE,
        Command::GROUP_BEFORE_CREATE_GROUP,
        Command::GROUP_AFTER_CREATE_GROUP,
        Command::GROUP_BEFORE_APPLY_JOIN_GROUP,
        Command::GROUP_BEFORE_INVITE_JOIN_GROUP,
        Command::GROUP_AFTER_NEW_MEMBER_JOIN,
        Command::GROUP_AFTER_MEMBER_EXIT,
        Command::GROUP_AFTER_GROUP_FULL,
        Command::GROUP_AFTER_GROUP_DESTROYED,
        Command::GROUP_AFTER_GROUP_INFO_CHANGED,
        Command::GROUP_ON_MEMBER_STATE_CHANGE,
        Command::GROUP_BEFORE_CREATE_TOPIC,
        Command::GROUP_AFTER_CREATE_TOPIC,
        Command::GROUP_AFTER_TOPIC_DESTROYED,
        Command::GROUP_AFTER_TOPIC_INFO_CHANGED,
        Command::GROUP_AFTER_MEMBER_FIELD_CHANGED,
        Command::GROUP_AFTER_GROUP_ATTR_CHANGED,
        Command::GROUP_AFTER_CHANGE_GROUP_OWNER,
        Command::GROUP_ON_DAILY_GROUP_QUOTA_ALARM,
        Command::ALERT_REQUEST_OVER_LIMIT,
        Command::OFFICIAL_ACCOUNT_BEFORE_CREATE_OFFICIAL_ACCOUNT,
        Command::OFFICIAL_ACCOUNT_AFTER_CREATE_OFFICIAL_ACCOUNT,
        Command::OFFICIAL_ACCOUNT_AFTER_OFFICIAL_ACCOUNT_INFO_CHANGED,
        Command::OFFICIAL_ACCOUNT_AFTER_OFFICIAL_ACCOUNT_DESTROYED,
        Command::OFFICIAL_ACCOUNT_BEFORE_ADD_SUBSCRIBER,
        Command::OFFICIAL_ACCOUNT_AFTER_ADD_SUBSCRIBER,
        Command::OFFICIAL_ACCOUNT_AFTER_OFFICIAL_ACCOUNT_FULL,
        Command::OFFICIAL_ACCOUNT_AFTER_DELETE_SUBSCRIBER,
    ]
    .into_iter()
    .map(|command| {
        let body = samples::of(&command).expect("every command has a sample");
        (command, body)
    })
    .collect()
}

/// The samples Tencent published as invalid JSON.
fn as_published() -> Vec<(Command, &'static str)> {
    macro_rules! published {
        ($($command:ident => $file:literal,)*) => {
            vec![$((Command::$command, include_str!(concat!("fixtures/im/", $file, ".as-published.txt"))),)*]
        };
    }
    published! {
        GROUP_BEFORE_CREATE_GROUP => "Group.CallbackBeforeCreateGroup",
        GROUP_AFTER_CREATE_GROUP => "Group.CallbackAfterCreateGroup",
        GROUP_BEFORE_APPLY_JOIN_GROUP => "Group.CallbackBeforeApplyJoinGroup",
        GROUP_BEFORE_INVITE_JOIN_GROUP => "Group.CallbackBeforeInviteJoinGroup",
        GROUP_AFTER_NEW_MEMBER_JOIN => "Group.CallbackAfterNewMemberJoin",
        GROUP_AFTER_MEMBER_EXIT => "Group.CallbackAfterMemberExit",
        GROUP_AFTER_GROUP_FULL => "Group.CallbackAfterGroupFull",
        GROUP_AFTER_GROUP_DESTROYED => "Group.CallbackAfterGroupDestroyed",
        GROUP_AFTER_GROUP_INFO_CHANGED => "Group.CallbackAfterGroupInfoChanged",
        GROUP_ON_MEMBER_STATE_CHANGE => "Group.CallbackOnMemberStateChange",
        GROUP_BEFORE_CREATE_TOPIC => "Group.CallbackBeforeCreateTopic",
        GROUP_AFTER_CREATE_TOPIC => "Group.CallbackAfterCreateTopic",
        GROUP_AFTER_TOPIC_DESTROYED => "Group.CallbackAfterTopicDestroyed",
        GROUP_AFTER_TOPIC_INFO_CHANGED => "Group.CallbackAfterTopicInfoChanged",
        GROUP_AFTER_MEMBER_FIELD_CHANGED => "Group.CallbackAfterMemberFieldChanged",
        GROUP_AFTER_GROUP_ATTR_CHANGED => "Group.CallbackAfterGroupAttrChanged",
        GROUP_AFTER_CHANGE_GROUP_OWNER => "Group.CallbackAfterChangeGroupOwner",
        GROUP_ON_DAILY_GROUP_QUOTA_ALARM => "Group.CallbackOnDailyGroupQuotaAlarm",
        OFFICIAL_ACCOUNT_BEFORE_CREATE_OFFICIAL_ACCOUNT => "OfficialAccount.CallbackBeforeCreateOfficialAccount",
        OFFICIAL_ACCOUNT_AFTER_CREATE_OFFICIAL_ACCOUNT => "OfficialAccount.CallbackAfterCreateOfficialAccount",
        OFFICIAL_ACCOUNT_AFTER_OFFICIAL_ACCOUNT_INFO_CHANGED => "OfficialAccount.CallbackAfterOfficialAccountInfoChanged",
        OFFICIAL_ACCOUNT_AFTER_OFFICIAL_ACCOUNT_DESTROYED => "OfficialAccount.CallbackAfterOfficialAccountDestroyed",
        OFFICIAL_ACCOUNT_BEFORE_ADD_SUBSCRIBER => "OfficialAccount.CallbackBeforeAddSubscriber",
        OFFICIAL_ACCOUNT_AFTER_ADD_SUBSCRIBER => "OfficialAccount.CallbackAfterAddSubscriber",
        OFFICIAL_ACCOUNT_AFTER_OFFICIAL_ACCOUNT_FULL => "OfficialAccount.CallbackAfterOfficialAccountFull",
        OFFICIAL_ACCOUNT_AFTER_DELETE_SUBSCRIBER => "OfficialAccount.CallbackAfterDeleteSubscriber",
    }
}

/// A value of a type that `value`'s field does not take.
fn wrong_for(value: &Value) -> Value {
    match value {
        // Strings also take integers (ids may be numbers), so only a container is wrong.
        Value::String(_) => json!([true]),
        Value::Number(_) => json!("not a number"),
        Value::Array(_) | Value::Object(_) => json!("x"),
        Value::Bool(_) | Value::Null => json!({"x": 1}),
    }
}

fn cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for (command, text) in as_published() {
        let error = serde_json::from_str::<Value>(text).unwrap_err();
        let mut refused = case(
            &format!("{command} as published"),
            &command,
            text,
            400,
            40003,
        );
        refused.position = Some((error.line(), error.column()));
        cases.push(refused);
    }
    for (command, body) in family() {
        let sample: Value = serde_json::from_str(body).unwrap();
        let fields = sample.as_object().unwrap();
        // Every top-level field with a value of the wrong type.
        for (key, value) in fields {
            let mut mutated = sample.clone();
            mutated[key] = wrong_for(value);
            cases.push(case(
                &format!("{command}: {key} of the wrong type"),
                &command,
                mutated.to_string(),
                400,
                40004,
            ));
        }
        // Every field of the first element of a list, and of a nested object.
        for (key, value) in fields {
            let inner = match value {
                Value::Array(items) => match items.first() {
                    Some(Value::Object(first)) => first.clone(),
                    _ => continue,
                },
                Value::Object(object) => object.clone(),
                _ => continue,
            };
            for (inner_key, inner_value) in &inner {
                let mut mutated = sample.clone();
                let target = match &mut mutated[key] {
                    Value::Array(items) => &mut items[0],
                    other => other,
                };
                target[inner_key] = wrong_for(inner_value);
                cases.push(case(
                    &format!("{command}: {key}.{inner_key} of the wrong type"),
                    &command,
                    mutated.to_string(),
                    400,
                    40004,
                ));
            }
        }
        let trimmed = body.trim_end();
        cases.push(case(
            &format!("{command}: cut in half"),
            &command,
            trimmed[..trimmed.len() / 2].to_owned(),
            400,
            40003,
        ));
        for not_an_object in ["[]", "1", "\"x\"", "null", "true"] {
            cases.push(case(
                &format!("{command}: body {not_an_object}"),
                &command,
                not_an_object,
                400,
                40004,
            ));
        }
        let mut surrogate = sample.clone();
        surrogate["Unknown"] = json!("placeholder");
        cases.push(case(
            &format!("{command}: lone surrogate"),
            &command,
            surrogate
                .to_string()
                .replace("\"placeholder\"", "\"\\udc00\""),
            400,
            40004,
        ));
        let mut huge = sample.clone();
        huge["EventTime"] = json!(0);
        cases.push(case(
            &format!("{command}: EventTime beyond any number"),
            &command,
            huge.to_string()
                .replace("\"EventTime\":0", "\"EventTime\":1e400"),
            400,
            40004,
        ));
    }
    let group_full = samples::of(&Command::GROUP_AFTER_GROUP_FULL).unwrap();
    for (what, command, body, code) in [
        (
            "a group body without GroupId",
            Command::GROUP_AFTER_NEW_MEMBER_JOIN,
            r#"{"Type":"Public","NewMemberList":[]}"#.to_owned(),
            40004,
        ),
        (
            "GroupId under both spellings",
            Command::GROUP_AFTER_GROUP_FULL,
            r#"{"GroupId":"a","groupID":"b"}"#.to_owned(),
            40004,
        ),
        (
            "the group counter under two names",
            Command::GROUP_BEFORE_CREATE_GROUP,
            r#"{"CreateGroupNum":1,"CreatedGroupNum":2}"#.to_owned(),
            40004,
        ),
        (
            "the changed member under both names",
            Command::GROUP_AFTER_MEMBER_FIELD_CHANGED,
            r#"{"GroupId":"g","Member_Account":"a","Modified_Account":"b"}"#.to_owned(),
            40004,
        ),
        (
            "a topic body without TopicId",
            Command::GROUP_AFTER_CREATE_TOPIC,
            r#"{"GroupId":"g"}"#.to_owned(),
            40004,
        ),
        (
            "a state change without its user",
            Command::STATE_STATE_CHANGE,
            r#"{"Info":{"Action":"Login"}}"#.to_owned(),
            40004,
        ),
        (
            "a friend pair without its target",
            Command::SNS_BLACK_LIST_ADD,
            r#"{"PairList":[{"From_Account":"a"}]}"#.to_owned(),
            40004,
        ),
        (
            "a follow target without To_Account",
            Command::FOLLOW_AFTER_FOLLOW_ADD,
            r#"{"From_Account":"a","FollowList":[{"Nick":"b"}]}"#.to_owned(),
            40004,
        ),
        (
            "a per-type group counter that is not a count",
            Command::GROUP_BEFORE_CREATE_GROUP,
            r#"{"CreateGroupNum":{"Public":-1}}"#.to_owned(),
            40004,
        ),
        (
            "a group body under another group command",
            Command::GROUP_AFTER_CREATE_GROUP,
            group_full.to_owned(),
            40005,
        ),
        (
            "an Official Account body under a group command",
            Command::GROUP_AFTER_GROUP_FULL,
            samples::of(&Command::OFFICIAL_ACCOUNT_AFTER_OFFICIAL_ACCOUNT_FULL)
                .unwrap()
                .to_owned(),
            40005,
        ),
    ] {
        cases.push(case(what, &command, body, 400, code));
    }
    cases
}

/// A router with a handler for every before-callback of the family, each counting.
fn router(calls: &Counter) -> CommandRouter {
    let hit = |calls: &Counter| {
        let calls = calls.clone();
        move || calls.hit()
    };
    let (a, b, c, d) = (hit(calls), hit(calls), hit(calls), hit(calls));
    let (e, f, g, h, i) = (hit(calls), hit(calls), hit(calls), hit(calls), hit(calls));
    CommandRouter::new()
        .on(move |_: Callback<BeforeCreateGroup>| {
            a();
            async { GroupReply::Allow }
        })
        .on(move |_: Callback<BeforeApplyJoinGroup>| {
            b();
            async { GroupReply::Allow }
        })
        .on(move |_: Callback<BeforeCreateTopic>| {
            c();
            async { GroupReply::Allow }
        })
        .on(move |_: Callback<BeforeInviteJoinGroup>| {
            d();
            async { InviteReply::Allow }
        })
        .on(move |cb: Callback<PrevFriendAdd>| {
            e();
            async move { FriendReply::allow_all(cb.event()) }
        })
        .on(move |cb: Callback<PrevFriendResponse>| {
            f();
            async move { FriendReply::allow_all(cb.event()) }
        })
        .on(move |_: Callback<BeforeCreateOfficialAccount>| {
            g();
            async { CreateOfficialAccountReply::Allow }
        })
        .on(move |_: Callback<BeforeAddSubscriber>| {
            h();
            async { AddSubscriberReply::Allow }
        })
        .fallback(move |_: Callback<Event>| {
            i();
            async {}
        })
}

#[tokio::test]
async fn every_malformed_body_gets_its_documented_fail_reply() {
    let layer = CallbackLayer::builder()
        .sdk_app_id(APP)
        .token(TOKEN)
        .clock(now)
        .build()
        .unwrap();
    let calls = Counter::default();
    let service = layer.layer(router(&calls));
    let cases = cases();
    assert!(cases.len() > 400, "only {} cases", cases.len());
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
        assert_eq!(reply.as_object().unwrap().len(), 3, "{}", case.what);
        let info = reply["ErrorInfo"].as_str().unwrap_or_default();
        assert!(
            !info.is_empty() && info.len() < 300,
            "{}: {info}",
            case.what
        );
        if let Some((line, column)) = case.position {
            assert!(
                info.contains(&format!("line {line}, column {column}")),
                "{}: {info}",
                case.what
            );
        }
    }
    assert_eq!(calls.get(), 0, "a malformed request reached a handler");
}

#[tokio::test]
async fn the_corrected_samples_do_reach_the_handlers() {
    let layer = CallbackLayer::builder()
        .sdk_app_id(APP)
        .token(TOKEN)
        .clock(now)
        .build()
        .unwrap();
    let calls = Counter::default();
    let service = layer.layer(router(&calls));
    let family = family();
    for (command, body) in &family {
        let response = service
            .clone()
            .oneshot(case("sample", command, *body, 200, 0).request)
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{command}");
    }
    assert_eq!(calls.get(), family.len());
}
