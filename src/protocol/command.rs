//! The `CallbackCommand` word that names a callback, and what the command table knows of it.
//!
//! # Why `Command` is an opaque type
//!
//! A command is either one of the commands this crate models (about eighty, and growing) or
//! any other word Tencent sends. `Command` is a struct with one associated constant per
//! modelled command (as `http::Method` has `Method::GET`), not an enum with a variant per
//! command and an `Other(String)`:
//!
//! - an unknown word can never be built to hold a known one: [`Command::from_wire`] maps
//!   every known word (and alias) to its constant, so `Command::from_wire("Room.CallbackAfterCreateRoom")`
//!   equals [`Command::ROOM_AFTER_CREATE_ROOM`] however it was made;
//! - modelling one more command adds a constant, which breaks nobody's `match`;
//! - the constants live under product-prefixed names (`ROOM_AFTER_CREATE_ROOM`,
//!   `LIVE_AFTER_CREATE_ROOM`), so commands of different products never collide.
//!
//! ```
//! use tencent_im_callback::command::{Command, Product, Timing};
//!
//! let cmd: Command = "Room.CallbackAfterCreateRoom".parse().unwrap();
//! assert_eq!(cmd, Command::ROOM_AFTER_CREATE_ROOM);
//! // Older pages spell the update command without "After"; both mean the same.
//! let old = Command::from_wire("Room.CallbackUpdateRoomInfo");
//! assert_eq!(old, Command::ROOM_AFTER_UPDATE_ROOM_INFO);
//! assert_eq!(old.as_str(), "Room.CallbackAfterUpdateRoomInfo");
//! // What the table says of a command.
//! let info = Command::C2C_BEFORE_SEND_MSG.info().unwrap();
//! assert_eq!((info.product(), info.timing()), (Product::C2c, Timing::Before));
//! // Anything else is kept as given.
//! let new = Command::from_wire("Live.CallbackAfterSomethingNew");
//! assert_eq!(new.as_str(), "Live.CallbackAfterSomethingNew");
//! assert!(!new.is_modelled());
//! assert_eq!(new.product(), Some(Product::Live));
//! ```

use std::fmt;
use std::str::FromStr;

pub(crate) use super::catalogue::KnownCommand;

/// The command word Tencent puts in the `CallbackCommand` query parameter and body field.
///
/// See the [module documentation](self) for why this is not an enum. Compare with the
/// associated constants (`Command::ROOM_AFTER_CREATE_ROOM`, …) or with
/// [`CommandEvent::COMMAND`](crate::event::CommandEvent::COMMAND) of a body type.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Command(Repr);

#[derive(Clone, PartialEq, Eq, Hash)]
enum Repr {
    Known(KnownCommand),
    Other(Box<str>),
}

impl Command {
    pub(crate) const fn known(command: KnownCommand) -> Command {
        Command(Repr::Known(command))
    }

    /// Reads a command word. Known words (and aliases) map to their constant, anything else
    /// is kept as given. This never fails; an empty word is refused by the query parser.
    pub fn from_wire(word: &str) -> Command {
        match KnownCommand::from_wire(word) {
            Some(known) => Command::known(known),
            None => Command(Repr::Other(word.into())),
        }
    }

    /// Every command this crate models, in table order.
    pub fn modelled() -> impl ExactSizeIterator<Item = Command> {
        KnownCommand::ALL.iter().map(|&known| Command::known(known))
    }

    /// The canonical wire name (`Room.CallbackAfterCreateRoom`, …), or the word as received.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Known(known) => known.info().name,
            Repr::Other(word) => word,
        }
    }

    /// What the command table knows of this command; `None` for commands it does not model.
    pub fn info(&self) -> Option<&'static CommandInfo> {
        self.known_command().map(KnownCommand::info)
    }

    pub(crate) fn known_command(&self) -> Option<KnownCommand> {
        match self.0 {
            Repr::Known(known) => Some(known),
            Repr::Other(_) => None,
        }
    }

    /// Whether this command has a typed event in this crate.
    pub fn is_modelled(&self) -> bool {
        matches!(self.0, Repr::Known(_))
    }

    /// The product the command belongs to: from the table, or for other commands from the
    /// word's prefix (`Live.` …) when it is a known product's.
    pub fn product(&self) -> Option<Product> {
        match self.info() {
            Some(info) => Some(info.product),
            None => Product::from_prefix(self.as_str()),
        }
    }

    /// Before or after: from the table, or for other commands from the word
    /// (`…CallbackBefore…` and `…CallbackPrev…` are before-callbacks, as in every Tencent
    /// command so far).
    pub fn timing(&self) -> Timing {
        match self.info() {
            Some(info) => info.timing,
            None => Timing::of_word(self.as_str()),
        }
    }

    /// The word for an error message or a log line: control characters and quotes escaped,
    /// at most 64 characters. The word comes from the request, so it is not trusted.
    pub(crate) fn for_message(&self) -> String {
        const LIMIT: usize = 64;
        let word = self.as_str();
        let mut shown: String = word
            .chars()
            .take(LIMIT)
            .flat_map(char::escape_debug)
            .collect();
        if word.chars().nth(LIMIT).is_some() {
            shown.push('…');
        }
        shown
    }
}

/// The names of release 0.1, when `Command` was an enum of the six Room/Mic commands.
#[allow(non_upper_case_globals, non_snake_case)]
impl Command {
    /// `Room.CallbackAfterCreateRoom`.
    #[deprecated(since = "0.2.0", note = "use `Command::ROOM_AFTER_CREATE_ROOM`")]
    pub const CreateRoom: Command = Command::ROOM_AFTER_CREATE_ROOM;
    /// `Room.CallbackAfterDestroyRoom`.
    #[deprecated(since = "0.2.0", note = "use `Command::ROOM_AFTER_DESTROY_ROOM`")]
    pub const DestroyRoom: Command = Command::ROOM_AFTER_DESTROY_ROOM;
    /// `Room.CallbackAfterUpdateRoomInfo`.
    #[deprecated(since = "0.2.0", note = "use `Command::ROOM_AFTER_UPDATE_ROOM_INFO`")]
    pub const UpdateRoomInfo: Command = Command::ROOM_AFTER_UPDATE_ROOM_INFO;
    /// `Room.CallbackAfterMemberEnter`.
    #[deprecated(since = "0.2.0", note = "use `Command::ROOM_AFTER_MEMBER_ENTER`")]
    pub const MemberEnter: Command = Command::ROOM_AFTER_MEMBER_ENTER;
    /// `Room.CallbackAfterMemberLeave`.
    #[deprecated(since = "0.2.0", note = "use `Command::ROOM_AFTER_MEMBER_LEAVE`")]
    pub const MemberLeave: Command = Command::ROOM_AFTER_MEMBER_LEAVE;
    /// `Mic.CallbackAfterSeatInfoChanged`.
    #[deprecated(since = "0.2.0", note = "use `Command::MIC_AFTER_SEAT_INFO_CHANGED`")]
    pub const SeatInfoChanged: Command = Command::MIC_AFTER_SEAT_INFO_CHANGED;
    /// The six commands of release 0.1.
    #[deprecated(
        since = "0.2.0",
        note = "use `Command::modelled()`, which lists every command"
    )]
    pub const MODELLED: [Command; 6] = [
        Command::ROOM_AFTER_CREATE_ROOM,
        Command::ROOM_AFTER_DESTROY_ROOM,
        Command::ROOM_AFTER_UPDATE_ROOM_INFO,
        Command::ROOM_AFTER_MEMBER_ENTER,
        Command::ROOM_AFTER_MEMBER_LEAVE,
        Command::MIC_AFTER_SEAT_INFO_CHANGED,
    ];

    /// Release 0.1's `Command::from_wire(word)`: now the same as [`Command::from_wire`], so a
    /// known word gives its constant.
    #[deprecated(since = "0.2.0", note = "use `Command::from_wire`")]
    pub fn Other(word: String) -> Command {
        Command::from_wire(&word)
    }
}

impl fmt::Debug for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Command").field(&self.as_str()).finish()
    }
}

impl fmt::Display for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Command {
    type Err = std::convert::Infallible;

    fn from_str(word: &str) -> Result<Self, Self::Err> {
        Ok(Command::from_wire(word))
    }
}

impl From<&str> for Command {
    fn from(word: &str) -> Self {
        Command::from_wire(word)
    }
}

impl From<&Command> for Command {
    fn from(command: &Command) -> Self {
        command.clone()
    }
}

/// What the command table holds about one modelled command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommandInfo {
    pub(crate) name: &'static str,
    pub(crate) aliases: &'static [&'static str],
    pub(crate) product: Product,
    pub(crate) timing: Timing,
    pub(crate) variant: &'static str,
    pub(crate) body: &'static str,
}

impl CommandInfo {
    /// The canonical wire name.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// Other spellings Tencent documents for the same command.
    pub fn aliases(&self) -> &'static [&'static str] {
        self.aliases
    }

    /// The product.
    pub fn product(&self) -> Product {
        self.product
    }

    /// Before or after.
    pub fn timing(&self) -> Timing {
        self.timing
    }

    /// The name of its [`Event`](crate::Event) variant, such as `RoomAfterCreateRoom`.
    pub fn variant(&self) -> &'static str {
        self.variant
    }

    /// The path of its body type within the crate, such as `room::CreateRoom`.
    pub fn body_type(&self) -> &'static str {
        self.body
    }
}

/// Whether a callback comes before the action (its reply decides) or after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Timing {
    /// A before-callback: Tencent waits for the reply to decide whether the action goes
    /// ahead; a missing or failed reply gets Tencent's default for the command.
    Before,
    /// An after-callback: the action happened; the reply is only acknowledged.
    After,
}

impl Timing {
    /// The timing a command word implies, as every Tencent command so far spells it.
    pub fn of_word(word: &str) -> Timing {
        let name = word.split_once('.').map_or(word, |(_, name)| name);
        if name.starts_with("CallbackBefore") || name.starts_with("CallbackPrev") {
            Timing::Before
        } else {
            Timing::After
        }
    }
}

macro_rules! products {
    ($($(#[$doc:meta])* $variant:ident = $prefix:literal,)*) => {
        /// The Tencent product (the command word's prefix) a callback belongs to.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Product {
            $($(#[$doc])* #[doc = concat!("\n\nPrefix: `", $prefix, ".`")] $variant,)*
        }

        impl Product {
            /// The command prefix, such as `Room`.
            pub fn prefix(self) -> &'static str {
                match self {
                    $(Product::$variant => $prefix,)*
                }
            }

            /// The product whose prefix a command word starts with.
            pub fn from_prefix(word: &str) -> Option<Product> {
                let (prefix, _) = word.split_once('.')?;
                match prefix {
                    $($prefix => Some(Product::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

products! {
    /// TUIRoomKit rooms.
    Room = "Room",
    /// TUIRoomKit and TUILiveKit seats.
    Mic = "Mic",
    /// TUILiveKit live rooms.
    Live = "Live",
    /// IM one-to-one messages.
    C2c = "C2C",
    /// IM groups and group messages.
    Group = "Group",
    /// IM relationships (friends and block lists).
    Sns = "Sns",
    /// IM user profiles.
    Profile = "Profile",
    /// IM online state.
    State = "State",
    /// IM Official Accounts.
    OfficialAccount = "OfficialAccount",
    /// IM chatbots.
    Bot = "Bot",
    /// IM chatbots' pass-through messages (known from a client library only).
    Chatbot = "Chatbot",
    /// IM push results.
    Push = "Push",
    /// IM content moderation results.
    ContentCallback = "ContentCallback",
    /// Follow relationships and LiveKit recording.
    Follow = "Follow",
    /// IM usage alerts.
    Alert = "Alert",
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_modelled_command_round_trips_through_its_names() {
        for command in Command::modelled() {
            let info = command.info().unwrap();
            assert_eq!(Command::from_wire(command.as_str()), command);
            for alias in info.aliases() {
                assert_eq!(Command::from_wire(alias), command);
            }
            assert!(command.is_modelled());
            assert_eq!(Product::from_prefix(command.as_str()), Some(info.product()));
            assert_eq!(Timing::of_word(command.as_str()), info.timing());
        }
    }

    #[test]
    #[allow(deprecated)]
    fn an_unknown_word_never_differs_from_the_same_known_word() {
        let made = Command::Other("Room.CallbackAfterCreateRoom".into());
        assert_eq!(made, Command::ROOM_AFTER_CREATE_ROOM);
        assert_eq!(Command::CreateRoom, Command::ROOM_AFTER_CREATE_ROOM);
        assert_eq!(Command::MODELLED.len(), 6);
    }

    #[test]
    fn unknown_words_are_kept_exactly() {
        let command = Command::from_wire("Live.CallbackBeforeSomethingNew");
        assert_eq!(command.to_string(), "Live.CallbackBeforeSomethingNew");
        assert!(!command.is_modelled());
        assert_eq!(command.info(), None);
        assert_eq!(command.timing(), Timing::Before);
        assert_eq!(command.product(), Some(Product::Live));
    }

    #[test]
    fn words_in_messages_are_escaped_and_bounded() {
        let forged = Command::from_wire("X\n2026-01-01 ERROR forged \"line\"");
        assert_eq!(
            forged.for_message(),
            "X\\n2026-01-01 ERROR forged \\\"line\\\""
        );
        let long = Command::from_wire(&"a".repeat(100));
        assert_eq!(long.for_message(), format!("{}…", "a".repeat(64)));
    }

    #[test]
    fn matching_is_exact_about_case() {
        // Tencent always sends the exact spelling; a different case is a different word.
        assert!(!Command::from_wire("room.callbackaftercreateroom").is_modelled());
    }
}
