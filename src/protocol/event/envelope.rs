//! The facts many bodies share, read the same way whatever the body.

use std::time::SystemTime;

use super::time::{from_unix_millis, from_unix_secs};

/// The envelope facts a callback body may carry: the command it names, who caused it and
/// when. Every answer is optional, because many bodies lack some of them (C2C messages have
/// no `Operator_Account`, `ContentCallback.ResultNotify` no `CallbackCommand`, push results
/// carry their times in seconds).
///
/// Every typed body implements it; [`Event::envelope`](crate::Event::envelope) gives it for
/// any modelled event.
///
/// ```
/// use tencent_im_callback::event::Envelope;
/// use tencent_im_callback::{Command, Event};
///
/// let body = br#"{"RoomId":"r1","Operator_Account":"admin","EventTime":"1703589922780"}"#;
/// let event = Event::parse(&Command::ROOM_AFTER_DESTROY_ROOM, body)?;
/// let envelope = event.envelope().unwrap();
/// assert_eq!(envelope.operator_account(), Some("admin"));
/// assert_eq!(envelope.event_time_millis(), Some(1703589922780));
/// assert_eq!(envelope.callback_command(), None);
/// # Ok::<(), tencent_im_callback::event::BodyError>(())
/// ```
pub trait Envelope {
    /// The `CallbackCommand` the body itself names, if it names one.
    fn callback_command(&self) -> Option<&str> {
        None
    }

    /// `Operator_Account`: who caused the event, if the body says.
    fn operator_account(&self) -> Option<&str> {
        None
    }

    /// When the event happened, in Unix milliseconds (`EventTime`; converted from seconds
    /// for the bodies whose documents give seconds).
    fn event_time_millis(&self) -> Option<u64> {
        None
    }

    /// When the event happened.
    fn occurred_at(&self) -> Option<SystemTime> {
        from_unix_millis(self.event_time_millis()?)
    }
}

/// Implements [`Envelope`] for a body from the fields that hold its facts:
/// `envelope!(Type { command: field, operator: field, time_ms: field })`, each part optional;
/// `time_s: field` for a time in seconds. Fields may be `String`/`u64` or their `Option`s.
macro_rules! envelope {
    ($name:ty {
        $(command: $command:ident,)?
        $(operator: $operator:ident,)?
        $(time_ms: $time_ms:ident,)?
        $(time_s: $time_s:ident,)?
    }) => {
        impl $crate::protocol::event::Envelope for $name {
            $(
                fn callback_command(&self) -> Option<&str> {
                    $crate::protocol::event::envelope::OptionalStr::optional_str(&self.$command)
                }
            )?
            $(
                fn operator_account(&self) -> Option<&str> {
                    $crate::protocol::event::envelope::OptionalStr::optional_str(&self.$operator)
                }
            )?
            $(
                fn event_time_millis(&self) -> Option<u64> {
                    $crate::protocol::event::envelope::OptionalU64::optional_u64(&self.$time_ms)
                }
            )?
            $(
                fn event_time_millis(&self) -> Option<u64> {
                    $crate::protocol::event::envelope::OptionalU64::optional_u64(&self.$time_s)?
                        .checked_mul(1000)
                }
            )?
        }

        impl $name {
            /// When the event happened, if the body says (see
            /// [`Envelope::occurred_at`](crate::event::Envelope::occurred_at)).
            pub fn occurred_at(&self) -> Option<std::time::SystemTime> {
                $crate::protocol::event::Envelope::occurred_at(self)
            }
        }
    };
}
pub(crate) use envelope;

/// A string field, required or optional.
pub(crate) trait OptionalStr {
    fn optional_str(&self) -> Option<&str>;
}

impl OptionalStr for String {
    fn optional_str(&self) -> Option<&str> {
        Some(self)
    }
}

impl OptionalStr for Option<String> {
    fn optional_str(&self) -> Option<&str> {
        self.as_deref()
    }
}

/// An integer field, required or optional.
pub(crate) trait OptionalU64 {
    fn optional_u64(&self) -> Option<u64>;
}

impl OptionalU64 for u64 {
    fn optional_u64(&self) -> Option<u64> {
        Some(*self)
    }
}

impl OptionalU64 for Option<u64> {
    fn optional_u64(&self) -> Option<u64> {
        *self
    }
}

/// A time in seconds as a `SystemTime`, for bodies' other time fields.
pub(crate) fn seconds(secs: Option<u64>) -> Option<SystemTime> {
    from_unix_secs(secs?)
}
