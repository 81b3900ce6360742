//! The one list of modelled events. Each entry is the name of an [`Event`] variant, of its
//! typed struct and of its [`Command`] variant, all three the same; this generates what the
//! list implies, so that modelling another command is one line here, its struct, and its wire
//! name in `Command`.

/// Generates [`Event`], the methods that only dispatch on its variant, and each event's
/// [`FromEvent`], `From`, [`CommandEvent`](crate::CommandEvent) and `occurred_at`.
macro_rules! modelled_events {
    ($($(#[$doc:meta])* $name:ident,)*) => {
        /// A callback body, typed by its command.
        ///
        /// Commands this crate does not model yet arrive as [`Event::Unknown`] with their JSON
        /// kept exactly, so a new Tencent command never breaks an endpoint.
        ///
        /// ```
        /// use tencent_im_callback::{Command, Event};
        ///
        /// let body = br#"{"CallbackCommand":"Room.CallbackAfterDestroyRoom","Operator_Account":"admin",
        ///                 "RoomId":"tandy-test-rest","EventTime":1703589922780}"#;
        /// match Event::parse(&Command::DestroyRoom, body)? {
        ///     Event::DestroyRoom(event) => assert_eq!(event.room_id, "tandy-test-rest"),
        ///     other => panic!("unexpected {other:?}"),
        /// }
        /// # Ok::<(), tencent_im_callback::BodyError>(())
        /// ```
        #[derive(Debug, Clone)]
        #[non_exhaustive]
        pub enum Event {
            $($(#[$doc])* $name($name),)*
            /// Any other command, with its body as received (checked to be a JSON object).
            Unknown {
                /// The command word.
                command: Command,
                /// The body's exact JSON text.
                body: Box<RawValue>,
            },
        }

        impl Event {
            /// Parses the body of a modelled command; `None` for any other command.
            fn parse_modelled(command: &Command, body: &[u8]) -> Option<Result<Event, BodyError>> {
                match command {
                    $(Command::$name => Some(from_json(body).map(Event::$name)),)*
                    _ => None,
                }
            }

            /// The command this event answers to.
            pub fn command(&self) -> Command {
                match self {
                    $(Event::$name(_) => Command::$name,)*
                    Event::Unknown { command, .. } => command.clone(),
                }
            }

            /// `Operator_Account`: who caused the event (modelled events only).
            pub fn operator_account(&self) -> Option<&str> {
                match self {
                    $(Event::$name(event) => event.operator_account.as_deref(),)*
                    Event::Unknown { .. } => None,
                }
            }

            /// `EventTime`, Unix milliseconds (modelled events only).
            pub fn event_time(&self) -> Option<u64> {
                match self {
                    $(Event::$name(event) => event.event_time,)*
                    Event::Unknown { .. } => None,
                }
            }

            /// The `CallbackCommand` the body itself names, if any.
            fn body_command(&self) -> Option<&str> {
                match self {
                    $(Event::$name(event) => event.callback_command.as_deref(),)*
                    Event::Unknown { .. } => None,
                }
            }
        }

        impl PartialEq for Event {
            fn eq(&self, other: &Event) -> bool {
                match (self, other) {
                    $((Event::$name(a), Event::$name(b)) => a == b,)*
                    (
                        Event::Unknown { command, body },
                        Event::Unknown { command: other_command, body: other_body },
                    ) => command == other_command && body.get() == other_body.get(),
                    _ => false,
                }
            }
        }

        /// Serialises the event as Tencent's JSON: modelled fields under their wire names,
        /// unknown fields and unmodelled bodies as received but compact (no whitespace
        /// between tokens, so never a line break), lenient values in their documented types.
        impl Serialize for Event {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    $(Event::$name(event) => event.serialize(serializer),)*
                    Event::Unknown { body, .. } => compact::Compact(body).serialize(serializer),
                }
            }
        }

        $(
            impl FromEvent for $name {
                fn from_event(event: Event) -> Result<Self, Event> {
                    match event {
                        Event::$name(inner) => Ok(inner),
                        other => Err(other),
                    }
                }
            }

            impl From<$name> for Event {
                fn from(event: $name) -> Event {
                    Event::$name(event)
                }
            }

            impl crate::CommandEvent for $name {
                const COMMAND: Command = Command::$name;
            }

            impl $name {
                /// `EventTime` as a `SystemTime` (the wire value is in milliseconds).
                pub fn occurred_at(&self) -> Option<SystemTime> {
                    time::from_unix_millis(self.event_time?)
                }
            }
        )*
    };
}
pub(crate) use modelled_events;
