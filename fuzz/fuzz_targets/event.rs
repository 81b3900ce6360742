//! `Event::parse` on an arbitrary body under a command picked by the first byte.
//!
//! Checks: no panic; a parsed event answers to the command; serialising it with serde_json
//! and parsing the result again gives an equal event, which serialises to the same bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tencent_im_callback::{Command, Event};

/// The first byte picks the command: every modelled one (from the command table), then an
/// unmodelled one.
fn command(selector: u8) -> Command {
    let count = Command::modelled().len();
    match usize::from(selector) % (count + 1) {
        i if i < count => Command::modelled().nth(i).expect("in range"),
        _ => Command::from_wire("Future.CallbackAfterSomethingNew"),
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let command = command(selector);
    let event = match Event::parse(&command, body) {
        Ok(event) => event,
        Err(error) => {
            // Errors render without panicking.
            let _ = (error.to_string(), error.kind(), error.path());
            return;
        }
    };
    assert_eq!(
        event.command(),
        command,
        "the event answers to another command"
    );

    // Accessors never panic.
    let _ = (
        event.operator_account(),
        event.envelope().and_then(|envelope| envelope.callback_command()),
        event.event_time(),
        event.occurred_at(),
    );

    let json = serde_json::to_vec(&event).expect("an event always serialises");
    let again = match Event::parse(&command, &json) {
        Ok(again) => again,
        Err(error) => panic!(
            "the serialised event does not parse again: {error}\nevent: {event:?}\njson: {}",
            String::from_utf8_lossy(&json)
        ),
    };
    assert_eq!(
        again,
        event,
        "the event changed through serialisation\njson: {}",
        String::from_utf8_lossy(&json)
    );
    let json_again = serde_json::to_vec(&again).expect("an event always serialises");
    assert_eq!(
        String::from_utf8_lossy(&json_again),
        String::from_utf8_lossy(&json),
        "serialisation is not stable"
    );
});
