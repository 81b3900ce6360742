//! Property tests for TRTC event callbacks: no body makes the parser panic, every body it
//! accepts reads the same after being written back, and no altered body or signature passes
//! the signature check.

use proptest::prelude::*;
use serde_json::{json, Map, Value};
use tencent_im_callback::trtc::test_util::samples;
use tencent_im_callback::trtc::{
    verify, CallbackKey, TrtcEnvelope, TrtcEvent, TrtcEventInfo, TrtcSignatureError,
};

/// Arbitrary JSON whose keys are often the ones the events model, in their spellings.
fn json_value() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        Just("RoomId".to_owned()),
        Just("UserId".to_owned()),
        Just("TaskId".to_owned()),
        Just("EventTs".to_owned()),
        Just("EventMsTs".to_owned()),
        Just("EventTsMs".to_owned()),
        Just("Payload".to_owned()),
        Just("Status".to_owned()),
        Just("LeaveCode".to_owned()),
        Just("TencentVod".to_owned()),
        Just("FileList".to_owned()),
        Just("FileMessage".to_owned()),
        Just("CheckDetail".to_owned()),
        Just("StreamUserId".to_owned()),
        Just("StreamerUserId".to_owned()),
        Just("eventID".to_owned()),
        Just("eventId".to_owned()),
        Just("Role".to_owned()),
        Just("Tag".to_owned()),
        "[A-Za-z_]{0,8}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (0u64..2_000_000_000_000).prop_map(|n| Value::from(n.to_string())),
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

/// A modelled code, a neighbouring unknown one, or none.
fn codes() -> impl Strategy<Value = (u32, Option<u32>)> {
    let kinds = TrtcEvent::KINDS;
    prop_oneof![
        (0..kinds.len()).prop_map(move |at| (kinds[at].event_group_id, Some(kinds[at].event_type))),
        (0u32..16, prop::option::of(0u32..1600)),
    ]
}

/// Checks that a parsed body writes back to JSON that reads again, and that the written form
/// is a fixed point: read and written again, it is the same bytes and the same body. With
/// `exact`, the body read back also equals the first reading (true of compact input: kept
/// JSON is compared as text, and written compactly).
fn assert_round_trip(body: &[u8], exact: bool) -> Result<(), TestCaseError> {
    let Ok(envelope) = TrtcEnvelope::parse(body) else {
        return Ok(());
    };
    let _ = (
        envelope.event.name(),
        envelope.event.room_id().map(ToString::to_string),
        envelope.event.occurred_at(),
        envelope.idempotency_key(body),
    );
    let written = serde_json::to_vec(&envelope).unwrap();
    let again = TrtcEnvelope::parse(&written);
    prop_assert!(
        again.is_ok(),
        "{:?}: {}",
        again,
        String::from_utf8_lossy(&written)
    );
    let again = again.unwrap();
    if exact {
        prop_assert_eq!(&again, &envelope);
    }
    let rewritten = serde_json::to_vec(&again).unwrap();
    prop_assert_eq!(&rewritten, &written);
    prop_assert_eq!(TrtcEnvelope::parse(&rewritten).unwrap(), again);
    Ok(())
}

proptest! {
    #[test]
    fn no_bytes_make_the_parser_panic(body in prop::collection::vec(any::<u8>(), 0..300)) {
        assert_round_trip(&body, false)?;
    }

    #[test]
    fn samples_with_bytes_changed_never_make_it_panic(
        sample in 0..samples::ALL.len(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..6),
    ) {
        let mut body = samples::ALL[sample].body.as_bytes().to_vec();
        for (at, byte, operation) in edits {
            let at = at.index(body.len() + 1);
            match operation {
                0 if at < body.len() => body[at] = byte,
                1 => body.insert(at, byte),
                _ if at < body.len() => {
                    body.remove(at);
                }
                _ => {}
            }
        }
        assert_round_trip(&body, false)?;
    }

    #[test]
    fn any_event_info_of_any_code_round_trips(
        (group, code) in codes(),
        info in prop::collection::btree_map("[A-Za-z]{1,10}", json_value(), 0..8),
        payload in json_value(),
        callback_ts in prop::option::of(any::<u64>()),
        spelling in any::<bool>(),
    ) {
        let mut info: Map<String, Value> = info.into_iter().collect();
        info.insert("Payload".to_owned(), payload);
        let mut body = Map::new();
        body.insert("EventGroupId".to_owned(), json!(group));
        if let Some(code) = code {
            body.insert("EventType".to_owned(), json!(code));
        }
        if let Some(sent) = callback_ts {
            let name = if spelling { "CallbackTs" } else { "CallbackMsTs" };
            body.insert(name.to_owned(), json!(sent));
        }
        body.insert("EventInfo".to_owned(), Value::Object(info));
        assert_round_trip(&serde_json::to_vec(&Value::Object(body)).unwrap(), true)?;
    }

    #[test]
    fn no_changed_byte_passes_the_signature(
        at in any::<prop::sample::Index>(),
        flip in 1u8..=255,
    ) {
        let key = CallbackKey::new(samples::SIGNATURE_VECTOR_KEY).unwrap();
        let mut body = samples::SIGNATURE_VECTOR.to_vec();
        let at = at.index(body.len());
        body[at] ^= flip;
        prop_assert_eq!(
            verify([&key], samples::SIGNATURE_VECTOR_SIGN.as_bytes(), &body),
            Err(TrtcSignatureError::Mismatch)
        );
    }

    #[test]
    fn no_changed_signature_character_passes(
        at in 0usize..43,
        replacement in "[A-Za-z0-9+/]",
    ) {
        let key = CallbackKey::new(samples::SIGNATURE_VECTOR_KEY).unwrap();
        let mut sign = samples::SIGNATURE_VECTOR_SIGN.to_owned();
        prop_assume!(sign[at..at + 1] != replacement);
        sign.replace_range(at..at + 1, &replacement);
        let result = verify([&key], sign.as_bytes(), samples::SIGNATURE_VECTOR);
        prop_assert!(
            matches!(result, Err(TrtcSignatureError::Mismatch | TrtcSignatureError::Malformed)),
            "{:?}", result
        );
    }

    #[test]
    fn any_header_value_is_refused_or_verified_without_panicking(sign in prop::collection::vec(any::<u8>(), 0..60)) {
        let key = CallbackKey::new("someKey").unwrap();
        let result = verify([&key], &sign, b"{}");
        prop_assert!(result.is_err());
    }
}

#[test]
fn the_event_enum_stays_two_words() {
    assert_eq!(std::mem::size_of::<TrtcEvent>(), 16);
}
