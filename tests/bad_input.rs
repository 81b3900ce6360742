//! A corpus of malformed requests through the whole service: each gets its documented status
//! and a valid JSON FAIL reply, and none reaches the handler or panics.

mod common;

use bytes::Bytes;
use common::*;
use http::{Method, Request};
use http_body_util::Full;
use serde_json::{json, Value};
use tencent_im_callback::sign::{sign, Token};
use tencent_im_callback::test_util::{samples, CallbackRequest};
use tencent_im_callback::{handler_fn, Callback, CallbackLayer, Command, Event};
use tower::{Layer, ServiceExt};

struct Case {
    what: String,
    request: Request<Full<Bytes>>,
    status: u16,
    code: i64,
}

fn token() -> Token {
    Token::new(TOKEN).unwrap()
}

fn signed_query(command: &str) -> String {
    format!(
        "SdkAppid={APP}&CallbackCommand={command}&contenttype=json&ClientIP=127.0.0.1\
         &OptPlatform=Web&Sign={}&RequestTime={NOW}",
        sign(&token(), NOW)
    )
}

fn raw(what: &str, query: &str, body: impl Into<Bytes>, status: u16, code: i64) -> Case {
    Case {
        what: what.to_owned(),
        request: Request::post(format!("/callback?{query}"))
            .body(Full::new(body.into()))
            .unwrap(),
        status,
        code,
    }
}

fn body(what: &str, command: Command, body: impl Into<Bytes>, status: u16, code: i64) -> Case {
    Case {
        what: what.to_owned(),
        request: CallbackRequest::new(APP, command)
            .body(body)
            .signed(&token(), NOW)
            .build(),
        status,
        code,
    }
}

fn query_cases() -> Vec<Case> {
    let create = "Room.CallbackAfterCreateRoom";
    let good = signed_query(create);
    let ok_body = samples::CREATE_ROOM;
    let mut cases = vec![
        raw("empty query", "", ok_body, 400, 40001),
        raw("only separators", "&&&=&", ok_body, 400, 40001),
        raw(
            "SdkAppid empty",
            &good.replace("SdkAppid=1400000000", "SdkAppid="),
            ok_body,
            400,
            40001,
        ),
        raw(
            "SdkAppid negative",
            &good.replace("SdkAppid=1400000000", "SdkAppid=-1400000000"),
            ok_body,
            400,
            40001,
        ),
        raw(
            "SdkAppid hex",
            &good.replace("SdkAppid=1400000000", "SdkAppid=0x5F5E1000"),
            ok_body,
            400,
            40001,
        ),
        raw(
            "SdkAppid beyond 64 bits",
            &good.replace("SdkAppid=1400000000", "SdkAppid=99999999999999999999999"),
            ok_body,
            400,
            40001,
        ),
        raw(
            "SdkAppid with spaces",
            &good.replace("SdkAppid=1400000000", "SdkAppid=+1400000000+"),
            ok_body,
            400,
            40001,
        ),
        raw(
            "SdkAppid as %-encoded digits of another app",
            &good.replace("SdkAppid=1400000000", "SdkAppid=%31"),
            ok_body,
            403,
            40301,
        ),
        raw(
            "SdkAppid twice, same value",
            &format!("{good}&SdkAppid=1400000000"),
            ok_body,
            400,
            40001,
        ),
        raw(
            "SdkAppid twice, other case",
            &format!("{good}&SDKAPPID=1"),
            ok_body,
            400,
            40001,
        ),
        raw(
            "SdkAppid twice, %-encoded name",
            &format!("{good}&Sdk%41ppid=1"),
            ok_body,
            400,
            40001,
        ),
        raw(
            "CallbackCommand missing",
            &good.replace(&format!("CallbackCommand={create}&"), ""),
            ok_body,
            400,
            40001,
        ),
        raw(
            "CallbackCommand empty",
            &good.replace(create, ""),
            ok_body,
            400,
            40001,
        ),
        raw(
            "CallbackCommand twice",
            &format!("{good}&CallbackCommand={create}"),
            ok_body,
            400,
            40001,
        ),
        raw(
            "RequestTime not a number",
            &good.replace(&format!("RequestTime={NOW}"), "RequestTime=now"),
            ok_body,
            400,
            40001,
        ),
        raw(
            "RequestTime beyond 64 bits",
            &good.replace(
                &format!("RequestTime={NOW}"),
                "RequestTime=184467440737095516160",
            ),
            ok_body,
            400,
            40001,
        ),
        raw(
            "RequestTime in milliseconds",
            &good.replace(
                &format!("RequestTime={NOW}"),
                &format!("RequestTime={NOW}000"),
            ),
            ok_body,
            401,
            40102,
        ),
        raw(
            "RequestTime zero",
            &good.replace(&format!("RequestTime={NOW}"), "RequestTime=0"),
            ok_body,
            401,
            40102,
        ),
        raw(
            "Sign empty",
            &good.replace(&format!("Sign={}", sign(&token(), NOW)), "Sign="),
            ok_body,
            401,
            40103,
        ),
        raw(
            "Sign twice",
            &format!("{good}&Sign=abc"),
            ok_body,
            400,
            40001,
        ),
        raw(
            "Sign with invalid %-escape",
            &good.replace("Sign=", "Sign=%G1"),
            ok_body,
            401,
            40103,
        ),
        raw(
            "Sign of the next second",
            &good.replace(&sign(&token(), NOW), &sign(&token(), NOW + 1)),
            ok_body,
            401,
            40104,
        ),
        raw(
            "Sign with a NUL",
            &good.replace("Sign=", "Sign=%00"),
            ok_body,
            401,
            40103,
        ),
        raw(
            "contenttype xml",
            &good.replace("contenttype=json", "contenttype=xml"),
            ok_body,
            415,
            41501,
        ),
        raw(
            "contenttype empty is absent; the body's command then differs",
            &good.replace("contenttype=json", "contenttype="),
            samples::DESTROY_ROOM,
            400,
            40005,
        ),
        raw(
            "contenttype twice",
            &format!("{good}&contenttype=json"),
            ok_body,
            400,
            40001,
        ),
        raw(
            "invalid UTF-8 in a %-escape of the command",
            &good.replace(create, "%FF%FE"),
            ok_body,
            400,
            40001,
        ),
    ];
    let mut get = raw("GET instead of POST", &good, ok_body, 405, 40501);
    *get.request.method_mut() = Method::GET;
    cases.push(get);
    let mut put = raw("PUT instead of POST", &good, ok_body, 405, 40501);
    *put.request.method_mut() = Method::PUT;
    cases.push(put);
    cases
}

fn body_cases() -> Vec<Case> {
    let create = samples::CREATE_ROOM.trim_end();
    let mut cases = vec![
        body(
            "empty body",
            Command::ROOM_AFTER_CREATE_ROOM,
            "",
            400,
            40003,
        ),
        body(
            "truncated in a string",
            Command::ROOM_AFTER_CREATE_ROOM,
            create[..40].to_owned(),
            400,
            40003,
        ),
        body(
            "truncated before the end",
            Command::ROOM_AFTER_CREATE_ROOM,
            create[..create.len() - 1].to_owned(),
            400,
            40003,
        ),
        body(
            "trailing garbage",
            Command::ROOM_AFTER_DESTROY_ROOM,
            format!("{}x", samples::DESTROY_ROOM.trim_end()),
            400,
            40003,
        ),
        body(
            "trailing comma",
            Command::ROOM_AFTER_DESTROY_ROOM,
            r#"{"RoomId":"r",}"#,
            400,
            40003,
        ),
        body(
            "comment",
            Command::ROOM_AFTER_DESTROY_ROOM,
            "{\"RoomId\":\"r\" // x\n}",
            400,
            40003,
        ),
        body(
            "single quotes",
            Command::ROOM_AFTER_DESTROY_ROOM,
            "{'RoomId':'r'}",
            400,
            40003,
        ),
        body(
            "invalid UTF-8 in a string",
            Command::ROOM_AFTER_DESTROY_ROOM,
            &b"{\"RoomId\":\"\xc3\x28\"}"[..],
            400,
            40003,
        ),
        body(
            "invalid UTF-8 outside strings",
            Command::ROOM_AFTER_DESTROY_ROOM,
            &b"{\"RoomId\":\"r\"\xff}"[..],
            400,
            40003,
        ),
        body(
            "raw NUL in a string",
            Command::ROOM_AFTER_DESTROY_ROOM,
            &b"{\"RoomId\":\"a\x00b\"}"[..],
            400,
            40003,
        ),
        body(
            "lone surrogate escape",
            Command::ROOM_AFTER_DESTROY_ROOM,
            r#"{"RoomId":"\ud800"}"#,
            400,
            40004,
        ),
        body(
            "lone surrogate escape in an unmodelled field",
            Command::ROOM_AFTER_DESTROY_ROOM,
            r#"{"RoomId":"r","Note":"\udc00"}"#,
            400,
            40004,
        ),
        body(
            "lone surrogate escape in a key",
            Command::ROOM_AFTER_DESTROY_ROOM,
            r#"{"RoomId":"r","\ud800":1}"#,
            400,
            40004,
        ),
        body(
            "lone surrogate escape in an unmodelled command",
            Command::from_wire("Future.CallbackAfterSomethingNew"),
            r#"{"GroupId":"\ud800x"}"#,
            400,
            40004,
        ),
        body(
            "a number too large for its integer field",
            Command::ROOM_AFTER_MEMBER_ENTER,
            r#"{"RoomId":"r","MemberCount":1e400}"#,
            400,
            40004,
        ),
        body(
            "a number too large for a float, in an unmodelled field",
            Command::ROOM_AFTER_MEMBER_ENTER,
            r#"{"RoomId":"r","Extra":1e400,"MemberCount":"x"}"#,
            400,
            40004,
        ),
        body(
            "deeply nested where a string belongs",
            Command::ROOM_AFTER_DESTROY_ROOM,
            format!(
                "{{\"RoomId\":{}{}}}",
                "[".repeat(10_000),
                "]".repeat(10_000)
            ),
            400,
            40004,
        ),
        body(
            "deeply nested objects",
            Command::ROOM_AFTER_CREATE_ROOM,
            format!("{}1{}", "{\"a\":".repeat(10_000), "}".repeat(10_000)),
            400,
            40004,
        ),
        body(
            "a JSON array",
            Command::ROOM_AFTER_CREATE_ROOM,
            "[]",
            400,
            40004,
        ),
        body(
            "a JSON string",
            Command::ROOM_AFTER_CREATE_ROOM,
            "\"RoomInfo\"",
            400,
            40004,
        ),
        body(
            "JSON null",
            Command::ROOM_AFTER_CREATE_ROOM,
            "null",
            400,
            40004,
        ),
        body(
            "duplicate modelled key",
            Command::ROOM_AFTER_DESTROY_ROOM,
            r#"{"RoomId":"a","RoomId":"b"}"#,
            400,
            40004,
        ),
        body(
            "duplicate unknown key",
            Command::ROOM_AFTER_DESTROY_ROOM,
            r#"{"RoomId":"a","X":1,"X":1}"#,
            400,
            40004,
        ),
        body(
            "EventTime beyond 64 bits",
            Command::ROOM_AFTER_DESTROY_ROOM,
            r#"{"RoomId":"a","EventTime":184467440737095516160}"#,
            400,
            40004,
        ),
        body(
            "EventTime negative",
            Command::ROOM_AFTER_DESTROY_ROOM,
            r#"{"RoomId":"a","EventTime":-1}"#,
            400,
            40004,
        ),
        body(
            "EventTime fractional",
            Command::ROOM_AFTER_DESTROY_ROOM,
            r#"{"RoomId":"a","EventTime":1.5}"#,
            400,
            40004,
        ),
        body(
            "MemberCount as a word",
            Command::ROOM_AFTER_MEMBER_ENTER,
            r#"{"RoomId":"a","MemberCount":"twenty"}"#,
            400,
            40004,
        ),
        body(
            "Index as a bool",
            Command::MIC_AFTER_SEAT_INFO_CHANGED,
            r#"{"RoomId":"a","SeatList":[{"Index":true}]}"#,
            400,
            40004,
        ),
        body(
            "SeatList as an object",
            Command::MIC_AFTER_SEAT_INFO_CHANGED,
            r#"{"RoomId":"a","SeatList":{}}"#,
            400,
            40004,
        ),
        body(
            "member list of objects",
            Command::ROOM_AFTER_MEMBER_LEAVE,
            r#"{"RoomId":"a","MemberList_Account":[{}]}"#,
            400,
            40004,
        ),
        body(
            "body command of another callback",
            Command::ROOM_AFTER_DESTROY_ROOM,
            samples::CREATE_ROOM,
            400,
            40005,
        ),
        body(
            "unknown command, body is an array",
            Command::from_wire("Future.CallbackAfterSomethingNew"),
            "[1]",
            400,
            40004,
        ),
        body(
            "unknown command, invalid JSON",
            Command::from_wire("Future.CallbackAfterSomethingNew"),
            "{",
            400,
            40003,
        ),
        body(
            "a megabyte string",
            Command::ROOM_AFTER_DESTROY_ROOM,
            format!("{{\"RoomId\":\"{}\"}}", "x".repeat(1 << 20)),
            413,
            41301,
        ),
    ];
    // Every modelled field of create-room with a value of the wrong type.
    let sample: Value = serde_json::from_str(create).unwrap();
    for (field, wrong) in [
        ("CallbackCommand", json!([])),
        ("Operator_Account", json!(true)),
        ("RoomInfo", json!("r")),
        ("ScheduleInviteeList_Account", json!("user2")),
        ("EventTime", json!("soon")),
    ] {
        let mut mutated = sample.clone();
        mutated[field] = wrong;
        let what = format!("create-room {field} of the wrong type");
        cases.push(body(
            &what,
            Command::ROOM_AFTER_CREATE_ROOM,
            mutated.to_string(),
            400,
            40004,
        ));
    }
    for (field, wrong) in [
        ("RoomId", json!([])),
        ("RoomName", json!({})),
        ("RoomType", json!(1)),
        ("Owner_Account", json!(1.5)),
        ("MaxMemberCount", json!(-5)),
        ("MaxSeatCount", json!("many")),
        ("IsVideoDisabled", json!("maybe")),
        ("IsAudioDisabled", json!(2)),
        ("IsMessageDisabled", json!([])),
        ("IsScreenSharingDisabled", json!({})),
        ("IsCloudRecordingDisabled", json!(0.5)),
        ("CustomInfo", json!(false)),
        ("ScheduleStartTime", json!(true)),
        ("ScheduleEndTime", json!([1])),
        ("RoomStatus", json!(false)),
        ("IsSeatEnabled", json!("yes")),
        ("TakeSeatMode", json!({"x": 1})),
        ("CreateTime", json!(-1)),
    ] {
        let mut mutated = sample.clone();
        mutated["RoomInfo"][field] = wrong;
        let what = format!("create-room RoomInfo.{field} of the wrong type");
        cases.push(body(
            &what,
            Command::ROOM_AFTER_CREATE_ROOM,
            mutated.to_string(),
            400,
            40004,
        ));
    }
    cases
}

#[tokio::test]
async fn every_malformed_request_gets_its_documented_fail_reply() {
    let layer = CallbackLayer::builder()
        .sdk_app_id(APP)
        .token(TOKEN)
        .clock(now)
        .build()
        .unwrap();
    let cases: Vec<Case> = query_cases().into_iter().chain(body_cases()).collect();
    assert!(cases.len() >= 40, "only {} cases", cases.len());
    let calls = Counter::default();
    let seen = calls.clone();
    let service = layer.layer(handler_fn(move |_: Callback<Event>| {
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
        assert!(!info.contains(TOKEN), "{}: {info}", case.what);
    }
    assert_eq!(calls.get(), 0, "a malformed request reached the handler");
}
