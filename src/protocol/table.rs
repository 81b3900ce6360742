//! The macro behind the command table (`catalogue.rs`): from one entry per command it
//! generates everything that only dispatches on the command, so that modelling a command is
//! one entry, its body type and its sample.
//!
//! An entry reads
//!
//! ```text
//! /// Doc line.
//! RoomAfterCreateRoom, ROOM_AFTER_CREATE_ROOM = "Room.CallbackAfterCreateRoom" | "alias"
//!     => room::CreateRoom, Room, after, sample "room-after-create-room.json";
//! C2cBeforeSendMsg, C2C_BEFORE_SEND_MSG = "C2C.CallbackBeforeSendMsg"
//!     => c2c::BeforeSendMsg, C2c, before(c2c::SendMsgReply), sample "im/C2C.CallbackBeforeSendMsg.json";
//! ```
//!
//! and generates: the private `KnownCommand` list behind [`Command`], one associated constant
//! per command on [`Command`], the [`CommandInfo`] of each, the [`Event`] enum (a boxed
//! variant per command), its parsing and accessors, each body's [`FromEvent`] and
//! [`CommandEvent`], and (feature `test-util`) the list of samples.
//!
//! [`Command`]: crate::command::Command
//! [`CommandInfo`]: crate::command::CommandInfo
//! [`Event`]: crate::event::Event
//! [`FromEvent`]: crate::event::FromEvent
//! [`CommandEvent`]: crate::event::CommandEvent

/// The reply type of an entry: what its handlers return.
macro_rules! reply_of {
    (after) => {
        $crate::protocol::reply::AnyReply
    };
    (before($reply:ty)) => {
        $reply
    };
}
pub(crate) use reply_of;

/// The [`Timing`](crate::command::Timing) of an entry.
macro_rules! timing_of {
    (after) => {
        $crate::protocol::command::Timing::After
    };
    (before($reply:ty)) => {
        $crate::protocol::command::Timing::Before
    };
}
pub(crate) use timing_of;

macro_rules! command_table {
    ($(
        $(#[$doc:meta])*
        $variant:ident, $constant:ident = $wire:literal $(| $alias:literal)*
            => $body:ty, $product:ident, $timing:ident $(($reply:ty))?
            $(, sample $sample:literal)?;
    )*) => {
        /// The commands of the table, one variant each; [`Command`] wraps one.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub(crate) enum KnownCommand {
            $($variant,)*
        }

        impl KnownCommand {
            /// Every modelled command, in table order.
            pub(crate) const ALL: &'static [KnownCommand] = &[$(KnownCommand::$variant,)*];

            /// The command of a wire word or alias, exactly as spelled.
            pub(crate) fn from_wire(word: &str) -> Option<KnownCommand> {
                match word {
                    $($wire $(| $alias)* => Some(KnownCommand::$variant),)*
                    _ => None,
                }
            }

            /// The facts the table holds about the command.
            pub(crate) fn info(self) -> &'static CommandInfo {
                match self {
                    $(KnownCommand::$variant => &CommandInfo {
                        name: $wire,
                        aliases: &[$($alias),*],
                        product: Product::$product,
                        timing: $crate::protocol::table::timing_of!($timing $(($reply))?),
                        variant: stringify!($variant),
                        body: stringify!($body),
                    },)*
                }
            }
        }

        impl Command {
            $(
                $(#[$doc])*
                pub const $constant: Command = Command::known(KnownCommand::$variant);
            )*
        }

        /// A callback body, typed by its command: one boxed variant per modelled command.
        ///
        /// Commands this crate does not model arrive as [`Event::Unknown`] with their JSON
        /// kept exactly, so a new Tencent command never breaks an endpoint. When the layer is
        /// set to hand over bodies that do not fit their type
        /// ([`MismatchedBodies::Deliver`](crate::layer::MismatchedBodies::Deliver)), they
        /// arrive as [`Event::Unparsed`].
        ///
        /// Variants are named after the wire name without `Callback`:
        /// `Room.CallbackAfterCreateRoom` is `Event::RoomAfterCreateRoom`. Bodies are boxed,
        /// so an `Event` stays small however large one body is.
        ///
        /// ```
        /// use tencent_im_callback::{Command, Event};
        ///
        /// let body = br#"{"CallbackCommand":"Room.CallbackAfterDestroyRoom","Operator_Account":"admin",
        ///                 "RoomId":"tandy-test-rest","EventTime":1703589922780}"#;
        /// match Event::parse(&Command::ROOM_AFTER_DESTROY_ROOM, body)? {
        ///     Event::RoomAfterDestroyRoom(event) => assert_eq!(event.room_id, "tandy-test-rest"),
        ///     other => panic!("unexpected {other:?}"),
        /// }
        /// # Ok::<(), tencent_im_callback::event::BodyError>(())
        /// ```
        ///
        /// The modelled commands:
        ///
        /// | command | variant | body | product | kind |
        /// |---|---|---|---|---|
        $(
            #[doc = concat!(
                "| `", $wire, "`", $(" (also `", $alias, "`)",)* " | `", stringify!($variant),
                "` | [`", stringify!($body), "`](crate::", stringify!($body), ") | ",
                stringify!($product), " | ", stringify!($timing), " |"
            )]
        )*
        ///
        /// Adding a variant for a command that used to arrive as [`Event::Unknown`] is a
        /// minor release (the enum is `#[non_exhaustive]`), and the CHANGELOG names each such
        /// command: code that matched it as `Unknown` must match its new variant.
        #[derive(Debug, Clone)]
        #[non_exhaustive]
        pub enum Event {
            $(
                $(#[$doc])*
                $variant(Box<$body>),
            )*
            /// Any other command, with its body as received (checked to be a JSON object).
            Unknown {
                /// The command word.
                command: Command,
                /// The body's exact JSON text.
                body: Box<RawValue>,
            },
            /// A modelled command whose body is valid JSON but does not fit its type; only
            /// when the layer is set to deliver such bodies.
            Unparsed(Box<Unparsed>),
        }

        impl Event {
            /// Parses the body of a modelled command.
            pub(crate) fn parse_known(command: KnownCommand, body: &[u8]) -> Result<Event, BodyError> {
                match command {
                    $(KnownCommand::$variant => {
                        from_json::<$body>(body).map(|event| Event::$variant(Box::new(event)))
                    })*
                }
            }

            /// The command this event answers to.
            pub fn command(&self) -> Command {
                match self {
                    $(Event::$variant(_) => Command::$constant,)*
                    Event::Unknown { command, .. } => command.clone(),
                    Event::Unparsed(unparsed) => unparsed.command().clone(),
                }
            }

            /// The envelope facts of a modelled body.
            pub fn envelope(&self) -> Option<&dyn Envelope> {
                match self {
                    $(Event::$variant(event) => Some(&**event),)*
                    Event::Unknown { .. } | Event::Unparsed(_) => None,
                }
            }
        }

        impl PartialEq for Event {
            fn eq(&self, other: &Event) -> bool {
                match (self, other) {
                    $((Event::$variant(a), Event::$variant(b)) => a == b,)*
                    (
                        Event::Unknown { command, body },
                        Event::Unknown { command: other_command, body: other_body },
                    ) => {
                        command == other_command
                            && $crate::protocol::event::extra::same_json(body.get(), other_body.get())
                    }
                    (Event::Unparsed(a), Event::Unparsed(b)) => a == b,
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
                    $(Event::$variant(event) => event.serialize(serializer),)*
                    Event::Unknown { body, .. } => Compact(body).serialize(serializer),
                    Event::Unparsed(unparsed) => Compact(unparsed.body()).serialize(serializer),
                }
            }
        }

        $(
            impl FromEvent for $body {
                fn from_event(event: Event) -> Result<Self, Event> {
                    match event {
                        Event::$variant(inner) => Ok(*inner),
                        other => Err(other),
                    }
                }
            }

            impl From<$body> for Event {
                fn from(event: $body) -> Event {
                    Event::$variant(Box::new(event))
                }
            }

            impl CommandEvent for $body {
                const COMMAND: Command = Command::$constant;
                type Reply = $crate::protocol::table::reply_of!($timing $(($reply))?);
            }
        )*

        /// Tencent's sample body of each command that has one, with its command.
        #[cfg(feature = "test-util")]
        pub(crate) const SAMPLES: &[(Command, &str)] = &[
            $($(
                (Command::$constant, include_str!(concat!("../../tests/fixtures/", $sample))),
            )?)*
        ];
    };
}
pub(crate) use command_table;
