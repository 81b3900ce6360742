//! Property tests: no input makes the parsers panic, and no altered signature passes.

use std::time::{Duration, UNIX_EPOCH};

use proptest::prelude::*;
use serde_json::Value;
use tencent_im_callback::query::CallbackQuery;
use tencent_im_callback::sign::{sign, SignatureVerifier, Token};
use tencent_im_callback::{Command, Event};

fn commands() -> impl Strategy<Value = Command> {
    prop_oneof![
        Just(Command::ROOM_AFTER_CREATE_ROOM),
        Just(Command::ROOM_AFTER_DESTROY_ROOM),
        Just(Command::ROOM_AFTER_UPDATE_ROOM_INFO),
        Just(Command::ROOM_AFTER_MEMBER_ENTER),
        Just(Command::ROOM_AFTER_MEMBER_LEAVE),
        Just(Command::MIC_AFTER_SEAT_INFO_CHANGED),
        "[A-Za-z.]{1,20}".prop_map(|word| Command::from_wire(&word)),
    ]
}

/// Arbitrary JSON whose keys are often the ones the events model.
fn json() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        Just("RoomId".to_owned()),
        Just("RoomInfo".to_owned()),
        Just("SeatList".to_owned()),
        Just("Member_Account".to_owned()),
        Just("IsVideoDisabled".to_owned()),
        Just("EventTime".to_owned()),
        Just("CallbackCommand".to_owned()),
        Just("Type".to_owned()),
        "[A-Za-z_]{0,8}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        ".{0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
            prop::collection::btree_map(key.clone(), inner, 0..6)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

const TOKEN: &str = "xxxxyyyy";
const TIME: u64 = 1669872112;

fn signed_query(sign: &str) -> String {
    let sign = percent_encoding::utf8_percent_encode(sign, percent_encoding::NON_ALPHANUMERIC);
    format!(
        "SdkAppid=1400000000&CallbackCommand=Room.CallbackAfterCreateRoom&RequestTime={TIME}&Sign={sign}"
    )
}

proptest! {
    #[test]
    fn the_query_parser_never_panics(query in ".{0,200}") {
        let _ = CallbackQuery::parse(&query);
    }

    #[test]
    fn the_query_parser_never_panics_on_near_valid_queries(
        parts in prop::collection::vec(
            (
                prop_oneof![
                    Just("SdkAppid"), Just("sdkappid"), Just("CallbackCommand"), Just("Sign"),
                    Just("RequestTime"), Just("ClientIP"), Just("OptPlatform"), Just("x"),
                ],
                "[0-9a-zA-Z%+.=&:]{0,24}",
            ),
            0..8,
        )
    ) {
        let query: Vec<String> = parts.iter().map(|(name, value)| format!("{name}={value}")).collect();
        let _ = CallbackQuery::parse(&query.join("&"));
    }

    #[test]
    fn the_event_parser_never_panics_on_bytes(command in commands(), body in prop::collection::vec(any::<u8>(), 0..256)) {
        let _ = Event::parse(&command, &body);
    }

    #[test]
    fn the_event_parser_never_panics_on_json(command in commands(), body in json()) {
        let bytes = serde_json::to_vec(&body).unwrap();
        if let Ok(event) = Event::parse(&command, &bytes) {
            // Whatever is accepted re-serialises.
            serde_json::to_vec(&event).unwrap();
        }
    }

    /// Whatever is accepted serialises to one line, and the same body pretty-printed or
    /// compact serialises to the same text, which reads back as the same event.
    #[test]
    fn accepted_bodies_serialise_to_one_identical_line(command in commands(), extra in json()) {
        let mut body = serde_json::json!({
            "RoomId": "r1",
            "RoomInfo": {"RoomId": "r1", "IsVideoDisabled": "false"},
            "CallbackCommand": command.as_str(),
        });
        body["Extra\n"] = extra.clone();
        body["Nested"] = serde_json::json!({"a": [extra, {"b": "line\r\nbreak"}]});
        let compact = serde_json::to_vec(&body).unwrap();
        let pretty = serde_json::to_vec_pretty(&body).unwrap();
        let (Ok(from_compact), Ok(from_pretty)) =
            (Event::parse(&command, &compact), Event::parse(&command, &pretty))
        else {
            return Ok(());
        };
        let a = serde_json::to_string(&from_compact).unwrap();
        let b = serde_json::to_string(&from_pretty).unwrap();
        prop_assert!(!a.contains(['\r', '\n']), "{}", a);
        prop_assert_eq!(&a, &b);
        let again = Event::parse(&command, a.as_bytes()).unwrap();
        prop_assert_eq!(serde_json::to_string(&again).unwrap(), a);
    }

    #[test]
    fn any_single_character_change_to_a_valid_sign_is_refused(index in 0usize..64, replacement in any::<char>()) {
        let token = Token::new(TOKEN).unwrap();
        let good = sign(&token, TIME);
        let original = good.as_bytes()[index] as char;
        prop_assume!(!replacement.eq_ignore_ascii_case(&original));
        let mut bad = good.clone();
        bad.replace_range(index..=index, replacement.encode_utf8(&mut [0; 4]));
        let verifier = SignatureVerifier::with_tokens([token]).unwrap();
        let now = UNIX_EPOCH + Duration::from_secs(TIME);
        let query = CallbackQuery::parse(&signed_query(&bad)).unwrap();
        prop_assert!(verifier.verify(&query, now).is_err());
        let query = CallbackQuery::parse(&signed_query(&good)).unwrap();
        prop_assert!(verifier.verify(&query, now).is_ok());
    }
}
