//! Typed events against Tencent's published samples and the ways real traffic differs.

use serde_json::{json, Value};
use tencent_im_callback::command::Product;
use tencent_im_callback::event::BodyErrorKind;
use tencent_im_callback::room::{CreateRoom, MemberChange, RoomStatus, RoomType, TakeSeatMode};
use tencent_im_callback::test_util::samples;
use tencent_im_callback::{Command, Event};

fn parse(command: &str, body: &str) -> Event {
    Event::parse(&Command::from_wire(command), body.as_bytes())
        .unwrap_or_else(|error| panic!("{command}: {error}"))
}

/// Rewrites the lenient forms Tencent sends into the types the crate documents: booleans sent
/// as strings become booleans, integers sent as strings become numbers, account ids sent as
/// numbers become strings.
fn normalise(key: &str, value: &mut Value) {
    match value {
        Value::Object(map) => map.iter_mut().for_each(|(k, v)| normalise(k, v)),
        Value::Array(items) => items.iter_mut().for_each(|v| normalise(key, v)),
        Value::String(text) if key.starts_with("Is") => *value = json!(text == "true"),
        Value::String(text) if key.ends_with("Time") || key.ends_with("Count") => {
            *value = json!(text.parse::<u64>().unwrap())
        }
        Value::Number(number) if key.ends_with("_Account") || key == "RoomId" => {
            *value = json!(number.to_string())
        }
        _ => {}
    }
}

#[test]
fn every_modelled_command_has_a_sample_that_parses_as_it() {
    let sampled: Vec<Command> = samples::all().map(|(command, _)| command).collect();
    for command in Command::modelled() {
        assert!(sampled.contains(&command), "{command} has no sample");
    }
    for (command, body) in samples::all() {
        let event = parse(command.as_str(), body);
        assert_eq!(event.command(), command);
        assert!(!matches!(event, Event::Unknown { .. } | Event::Unparsed(_)));
        // Some bodies name no command (push batches, moderation results).
        if let Some(named) = event.envelope().unwrap().callback_command() {
            assert_eq!(Command::from_wire(named), command);
        }
    }
}

/// The Room and Mic samples; each product's own tests check its samples the same way, with
/// its own documented normalisations.
#[test]
fn every_room_sample_re_serialises_to_its_normalised_input() {
    let room = samples::of_product(Product::Room).chain(samples::of_product(Product::Mic));
    for (command, body) in room {
        let mut expected: Value = serde_json::from_str(body).unwrap();
        normalise("", &mut expected);
        let actual = serde_json::to_value(parse(command.as_str(), body)).unwrap();
        assert_eq!(actual, expected, "{command}");
    }
}

#[test]
fn the_as_published_update_sample_is_a_clean_syntax_error() {
    let body = include_str!("fixtures/room-after-update-room-info.as-published.txt");
    let error = Event::parse(&Command::ROOM_AFTER_UPDATE_ROOM_INFO, body.as_bytes()).unwrap_err();
    assert_eq!(error.kind(), BodyErrorKind::Syntax);
    assert_eq!(error.line(), 1);
    assert!(error.to_string().contains("line 1"), "{error}");
}

#[test]
fn create_room_fields_are_typed() {
    let Event::RoomAfterCreateRoom(event) =
        parse("Room.CallbackAfterCreateRoom", samples::CREATE_ROOM)
    else {
        panic!("not a create-room event");
    };
    let room = &event.room_info;
    assert_eq!(event.operator_account.as_deref(), Some("admin"));
    assert_eq!(room.room_type, Some(RoomType::Meeting));
    assert_eq!(room.room_status, Some(RoomStatus::Running));
    assert_eq!(room.take_seat_mode, Some(TakeSeatMode::ApplyToTake));
    assert_eq!(room.max_member_count, Some(300));
    assert_eq!(room.is_cloud_recording_disabled, Some(true));
    assert_eq!(
        event.schedule_invitee_list_account.as_deref(),
        Some(&["user2".to_owned(), "user3".to_owned(), "user3".to_owned()][..])
    );
    // EventTime is milliseconds, CreateTime seconds: the same instant to within a second.
    let occurred = event.occurred_at().unwrap();
    let created = room.created_at().unwrap();
    assert_eq!(occurred.duration_since(created).unwrap().as_millis(), 780);
    assert!(room.scheduled_end().unwrap() > room.scheduled_start().unwrap());
}

#[test]
fn booleans_sent_as_strings_come_back_as_booleans() {
    let Event::RoomAfterUpdateRoomInfo(event) = parse(
        "Room.CallbackAfterUpdateRoomInfo",
        samples::UPDATE_ROOM_INFO,
    ) else {
        panic!("not an update event");
    };
    assert_eq!(event.room_info.is_cloud_recording_disabled, Some(false));
    let json = serde_json::to_value(&event).unwrap();
    assert_eq!(json["RoomInfo"]["IsCloudRecordingDisabled"], json!(false));
}

#[test]
fn huge_account_ids_survive_digit_for_digit() {
    let Event::MicAfterSeatInfoChanged(event) = parse(
        "Mic.CallbackAfterSeatInfoChanged",
        samples::SEAT_INFO_CHANGED,
    ) else {
        panic!("not a seat event");
    };
    let seat = &event.seat_list.as_ref().unwrap()[0];
    assert_eq!(seat.member_account.as_deref(), Some("144115233775727695"));
    assert!(!seat.is_free());
    let beyond_u64 =
        r#"{"RoomId":"r","SeatList":[{"Member_Account":98765432109876543210987654321}]}"#;
    let Event::MicAfterSeatInfoChanged(event) =
        parse("Mic.CallbackAfterSeatInfoChanged", beyond_u64)
    else {
        panic!("not a seat event");
    };
    assert_eq!(
        event.seat_list.unwrap()[0].member_account.as_deref(),
        Some("98765432109876543210987654321")
    );
}

#[test]
fn integers_sent_as_strings_are_read() {
    let body = r#"{"RoomId":"r","MemberCount":"20","EventTime":"1670574414123","Type":"Enter"}"#;
    let Event::RoomAfterMemberEnter(event) = parse("Room.CallbackAfterMemberEnter", body) else {
        panic!("not an enter event");
    };
    assert_eq!(event.member_count, Some(20));
    assert_eq!(event.event_time, Some(1670574414123));
    assert_eq!(event.change, Some(MemberChange::Enter));
}

#[test]
fn unknown_fields_and_enum_values_are_kept() {
    let body = r#"{"RoomId":"r","Type":"Banished","Reason":"x","Region":{"Id":7},
                  "Big":123456789012345678901234567890}"#;
    let Event::RoomAfterMemberLeave(event) = parse("Room.CallbackAfterMemberLeave", body) else {
        panic!("not a leave event");
    };
    assert_eq!(event.change, Some(MemberChange::Other("Banished".into())));
    assert_eq!(event.extra.len(), 2);
    assert_eq!(
        event.extra.get("Big").unwrap().get(),
        "123456789012345678901234567890"
    );
    let text = serde_json::to_string(&event).unwrap();
    assert!(
        text.contains(r#""Big":123456789012345678901234567890"#),
        "{text}"
    );
    assert!(text.contains(r#""Type":"Banished""#), "{text}");
    assert!(text.contains(r#""Region":{"Id":7}"#), "{text}");
}

#[test]
fn room_info_fields_may_all_be_missing() {
    let Event::RoomAfterCreateRoom(event) =
        parse("Room.CallbackAfterCreateRoom", r#"{"RoomInfo":{}}"#)
    else {
        panic!("not a create-room event");
    };
    assert_eq!(*event, CreateRoom::default());
    assert_eq!(serde_json::to_string(&event).unwrap(), r#"{"RoomInfo":{}}"#);
}

#[test]
fn missing_required_fields_name_the_field() {
    for (command, body, field) in [
        (
            "Room.CallbackAfterDestroyRoom",
            r#"{"EventTime":1}"#,
            "RoomId",
        ),
        (
            "Room.CallbackAfterCreateRoom",
            r#"{"EventTime":1}"#,
            "RoomInfo",
        ),
        ("Room.CallbackAfterUpdateRoomInfo", r#"{}"#, "RoomInfo"),
        ("Room.CallbackAfterMemberEnter", r#"{}"#, "RoomId"),
        ("Room.CallbackAfterMemberLeave", r#"{}"#, "RoomId"),
        (
            "Mic.CallbackAfterSeatInfoChanged",
            r#"{"SeatList":[]}"#,
            "RoomId",
        ),
    ] {
        let error = Event::parse(&Command::from_wire(command), body.as_bytes()).unwrap_err();
        assert_eq!(error.kind(), BodyErrorKind::Data);
        assert!(error.to_string().contains(field), "{command}: {error}");
    }
}

#[test]
fn wrong_types_report_path_and_position_without_echoing() {
    let body = "{\"RoomId\":\"r\",\n\"SeatList\":[{\"Index\":1},{\"Index\":\"secret-value\"}]}";
    let error = Event::parse(&Command::MIC_AFTER_SEAT_INFO_CHANGED, body.as_bytes()).unwrap_err();
    assert_eq!(error.kind(), BodyErrorKind::Data);
    assert_eq!(error.path(), Some("SeatList[1].Index"));
    assert_eq!(error.line(), 2);
    assert!(error.column() > 0);
    let message = error.to_string();
    assert!(message.contains("SeatList[1].Index"), "{message}");
    assert!(!message.contains("secret-value"), "{message}");

    let body = r#"{"RoomInfo":{"IsVideoDisabled":"perhaps"}}"#;
    let error = Event::parse(&Command::ROOM_AFTER_CREATE_ROOM, body.as_bytes()).unwrap_err();
    assert_eq!(error.path(), Some("RoomInfo.IsVideoDisabled"));
    assert!(!error.to_string().contains("perhaps"), "{error}");
}

#[test]
fn a_body_that_is_not_an_object_is_refused_without_echo() {
    for command in [
        "Room.CallbackAfterDestroyRoom",
        "Group.CallbackAfterCreateGroup",
    ] {
        for body in [r#""hidden""#, "[1,2]", "42", "null", "true"] {
            let error = Event::parse(&Command::from_wire(command), body.as_bytes()).unwrap_err();
            assert_eq!(error.kind(), BodyErrorKind::Data, "{command} {body}");
            assert!(!error.to_string().contains("hidden"), "{error}");
        }
    }
}

#[test]
fn duplicate_keys_are_refused() {
    for (body, message) in [
        (r#"{"RoomId":"a","RoomId":"b"}"#, "duplicate field `RoomId`"),
        // An unknown key is the body's own text: it is not repeated in the message.
        (
            r#"{"RoomId":"a","Secret\n":1,"Secret\n":2}"#,
            "a key appears twice in the same object",
        ),
    ] {
        let error = Event::parse(&Command::ROOM_AFTER_DESTROY_ROOM, body.as_bytes()).unwrap_err();
        assert_eq!(error.kind(), BodyErrorKind::Data);
        assert!(error.to_string().contains(message), "{error}");
        assert!(!error.to_string().contains("Secret"), "{error}");
    }
}

#[test]
fn the_body_command_must_agree_with_the_query() {
    let body = r#"{"CallbackCommand":"Room.CallbackAfterCreateRoom","RoomId":"r"}"#;
    let error = Event::parse(&Command::ROOM_AFTER_DESTROY_ROOM, body.as_bytes()).unwrap_err();
    assert_eq!(error.kind(), BodyErrorKind::CommandMismatch);
    let error = Event::parse(
        &Command::from_wire("C2C.CallbackAfterSendMsg"),
        body.as_bytes(),
    )
    .unwrap_err();
    assert_eq!(error.kind(), BodyErrorKind::CommandMismatch);
    // The old spelling of update-room-info is the same command.
    let body = r#"{"CallbackCommand":"Room.CallbackUpdateRoomInfo","RoomInfo":{}}"#;
    assert!(Event::parse(&Command::ROOM_AFTER_UPDATE_ROOM_INFO, body.as_bytes()).is_ok());
}

#[test]
fn unmodelled_commands_keep_their_body_exactly() {
    let body = r#"{"CallbackCommand":"Future.CallbackAfterSomethingNew","Info":{"Action":"Login","To_Account":1},"EventTime":"1"}"#;
    let command = Command::from_wire("Future.CallbackAfterSomethingNew");
    let event = Event::parse(&command, body.as_bytes()).unwrap();
    let Event::Unknown {
        command: seen,
        body: raw,
    } = &event
    else {
        panic!("expected an unknown event");
    };
    assert_eq!(seen, &command);
    assert_eq!(raw.get(), body);
    assert_eq!(serde_json::to_string(&event).unwrap(), body);
}

#[test]
fn truncated_and_garbled_bodies_are_syntax_errors() {
    let full = samples::CREATE_ROOM.trim_end();
    for cut in [1, 10, full.len() / 2, full.len() - 1] {
        let error =
            Event::parse(&Command::ROOM_AFTER_CREATE_ROOM, &full.as_bytes()[..cut]).unwrap_err();
        assert_eq!(error.kind(), BodyErrorKind::Syntax, "cut at {cut}");
    }
    for body in [
        &b""[..],
        b"{\"RoomId\":\"\xff\"}",
        b"{\"RoomId\":\"a\"} trailing",
        b"{\"RoomId\":\"a\",}",
    ] {
        let error = Event::parse(&Command::ROOM_AFTER_DESTROY_ROOM, body).unwrap_err();
        assert_eq!(error.kind(), BodyErrorKind::Syntax);
    }
}

#[test]
fn deep_nesting_neither_overflows_nor_is_lost() {
    let nested = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    // Where a modelled value is expected, it is refused.
    let deep = format!("{{\"RoomId\":{nested}}}");
    assert!(Event::parse(&Command::ROOM_AFTER_DESTROY_ROOM, deep.as_bytes()).is_err());
    // In a field nobody models it is valid JSON: kept as it is, without recursion.
    let deep = format!("{{\"RoomId\":\"r\",\"X\":{nested}}}");
    let Event::RoomAfterDestroyRoom(event) = parse("Room.CallbackAfterDestroyRoom", &deep) else {
        panic!("not a destroy event");
    };
    assert_eq!(event.extra.get("X").unwrap().get(), nested);
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(Event::parse(&Command::from_wire("X.Y"), deep.as_bytes()).is_err());
    // Deep values inside an unmodelled command's body are kept, not walked.
    let deep = format!("{{\"CallbackCommand\":\"X.Y\",\"X\":{nested}}}");
    let event = Event::parse(&Command::from_wire("X.Y"), deep.as_bytes());
    assert!(matches!(event, Ok(Event::Unknown { .. })), "{event:?}");
}

#[test]
fn valid_json_of_the_wrong_shape_is_never_called_invalid_json() {
    let error = Event::parse(
        &Command::ROOM_AFTER_MEMBER_ENTER,
        br#"{"RoomId":"r","MemberCount":1e400}"#,
    )
    .unwrap_err();
    assert_eq!(error.kind(), BodyErrorKind::Data);
    assert_eq!(error.path(), Some("MemberCount"));
    assert!(!error.to_string().contains("not valid JSON"), "{error}");
    // A number no float holds is still kept, as written, where nobody models it.
    let Event::RoomAfterMemberEnter(event) = parse(
        "Room.CallbackAfterMemberEnter",
        r#"{"RoomId":"r","Huge":1e400}"#,
    ) else {
        panic!("not a member-enter event");
    };
    assert_eq!(event.extra.get("Huge").unwrap().get(), "1e400");
}

#[test]
fn lone_surrogates_are_refused_wherever_they_stand() {
    for (command, body) in [
        ("Room.CallbackAfterDestroyRoom", r#"{"RoomId":"\ud800"}"#),
        (
            "Room.CallbackAfterDestroyRoom",
            r#"{"RoomId":"r","X":["\udfff"]}"#,
        ),
        (
            "Room.CallbackAfterDestroyRoom",
            r#"{"RoomId":"r","\ud800":1}"#,
        ),
        ("Group.CallbackAfterCreateGroup", r#"{"GroupId":"\ud800"}"#),
    ] {
        let error = Event::parse(&Command::from_wire(command), body.as_bytes()).unwrap_err();
        assert_eq!(error.kind(), BodyErrorKind::Data, "{body}");
        assert!(error.to_string().contains("surrogate"), "{error}");
        assert_eq!(error.line(), 1);
    }
    // A proper pair is a character like any other.
    let Event::RoomAfterDestroyRoom(event) = parse(
        "Room.CallbackAfterDestroyRoom",
        r#"{"RoomId":"\ud83d\ude00","X":"\ud83d\ude00"}"#,
    ) else {
        panic!("not a destroy event");
    };
    assert_eq!(event.room_id, "😀");
    // Invalid JSON with a lone surrogate in it is still invalid JSON.
    let error = Event::parse(
        &Command::ROOM_AFTER_DESTROY_ROOM,
        br#"{"RoomId":"\ud800",}"#,
    )
    .unwrap_err();
    assert_eq!(error.kind(), BodyErrorKind::Syntax);
}

#[test]
fn serialised_events_are_one_line_and_the_same_json() {
    let pretty_unknown = "{\r\n  \"MsgKey\" : \"x\",\r\"Notes\":[\n{\"sdk_app_id\":1}\n]\n}";
    let event = parse("C2C.CallbackAfterSomethingNew", pretty_unknown);
    let line = serde_json::to_string(&event).unwrap();
    assert_eq!(line, r#"{"MsgKey":"x","Notes":[{"sdk_app_id":1}]}"#);
    // The exact bytes are still there.
    let Event::Unknown { body, .. } = &event else {
        panic!("modelled?")
    };
    assert_eq!(body.get(), pretty_unknown);

    let pretty_modelled =
        "{\"RoomId\":\"r1\",\"Notes\":[\n{\"sdk_app_id\":1,\"command\":\"X\"}\n]}";
    let event = parse("Room.CallbackAfterDestroyRoom", pretty_modelled);
    let line = serde_json::to_string(&event).unwrap();
    assert_eq!(
        line,
        r#"{"RoomId":"r1","Notes":[{"sdk_app_id":1,"command":"X"}]}"#
    );
    let Event::RoomAfterDestroyRoom(destroyed) = &event else {
        panic!("not a destroy event")
    };
    assert!(destroyed.extra.get("Notes").unwrap().get().contains('\n'));
    assert_eq!(
        serde_json::to_string(&destroyed.extra).unwrap(),
        r#"{"Notes":[{"sdk_app_id":1,"command":"X"}]}"#
    );
}

#[test]
fn kept_json_compares_as_json_not_as_text() {
    for (command, pretty) in [
        (
            "Room.CallbackAfterDestroyRoom",
            "{\"RoomId\":\"r\",\"X\":[1, 2]}",
        ),
        ("Future.CallbackAfterSomethingNew", "{ \"X\" : [1,\n2] }"),
    ] {
        let event = parse(command, pretty);
        let again = parse(command, &serde_json::to_string(&event).unwrap());
        assert_eq!(event, again, "{command}");
    }
    let a = parse(
        "Room.CallbackAfterDestroyRoom",
        r#"{"RoomId":"r","X":[1,2]}"#,
    );
    let b = parse(
        "Room.CallbackAfterDestroyRoom",
        r#"{"RoomId":"r","X":[1,3]}"#,
    );
    assert_ne!(a, b);
}
