//! The `CallbackCommand` word that names a callback.

use std::fmt;
use std::str::FromStr;

/// The command word Tencent puts in the `CallbackCommand` query parameter and body field.
///
/// The six TUIRoomKit Room/Mic commands have their own variants; every other command word
/// (IM, LiveKit, commands Tencent adds later) is kept as [`Command::Other`], so nothing is
/// refused only because this crate does not model it yet.
///
/// ```
/// use tencent_im_callback::Command;
///
/// let cmd: Command = "Room.CallbackAfterCreateRoom".parse().unwrap();
/// assert_eq!(cmd, Command::CreateRoom);
/// // Older pages spell the update command without "After"; both mean the same.
/// let old: Command = "Room.CallbackUpdateRoomInfo".parse().unwrap();
/// assert_eq!(old, Command::UpdateRoomInfo);
/// assert_eq!(old.as_str(), "Room.CallbackAfterUpdateRoomInfo");
/// // Anything else is kept as given.
/// let im: Command = "C2C.CallbackBeforeSendMsg".parse().unwrap();
/// assert_eq!(im.as_str(), "C2C.CallbackBeforeSendMsg");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Command {
    /// `Room.CallbackAfterCreateRoom`: a room was created.
    CreateRoom,
    /// `Room.CallbackAfterDestroyRoom`: a room was dissolved.
    DestroyRoom,
    /// `Room.CallbackAfterUpdateRoomInfo` (older pages: `Room.CallbackUpdateRoomInfo`).
    UpdateRoomInfo,
    /// `Room.CallbackAfterMemberEnter`: members entered a room.
    MemberEnter,
    /// `Room.CallbackAfterMemberLeave`: members left, were kicked, or timed out.
    MemberLeave,
    /// `Mic.CallbackAfterSeatInfoChanged`: the seat list of a room changed.
    SeatInfoChanged,
    /// Any other command word, exactly as received. Build commands with
    /// [`Command::from_wire`] (or `parse`), which maps known words to their variants: an
    /// `Other` holding a known word would never equal that word's variant.
    Other(String),
}

/// The wire name of each modelled command, and the older alias Tencent still documents.
const KNOWN: &[(&str, Command)] = &[
    ("Room.CallbackAfterCreateRoom", Command::CreateRoom),
    ("Room.CallbackAfterDestroyRoom", Command::DestroyRoom),
    ("Room.CallbackAfterUpdateRoomInfo", Command::UpdateRoomInfo),
    ("Room.CallbackUpdateRoomInfo", Command::UpdateRoomInfo),
    ("Room.CallbackAfterMemberEnter", Command::MemberEnter),
    ("Room.CallbackAfterMemberLeave", Command::MemberLeave),
    ("Mic.CallbackAfterSeatInfoChanged", Command::SeatInfoChanged),
];

impl Command {
    /// Every command this crate models with a typed event.
    pub const MODELLED: [Command; 6] = [
        Command::CreateRoom,
        Command::DestroyRoom,
        Command::UpdateRoomInfo,
        Command::MemberEnter,
        Command::MemberLeave,
        Command::SeatInfoChanged,
    ];

    /// Reads a command word. Known words (and aliases) map to their variant, anything else to
    /// [`Command::Other`]. This never fails; an empty word is rejected by the query parser.
    pub fn from_wire(word: &str) -> Command {
        KNOWN
            .iter()
            .find(|(name, _)| *name == word)
            .map(|(_, command)| command.clone())
            .unwrap_or_else(|| Command::Other(word.to_owned()))
    }

    /// The canonical wire name (`Room.CallbackAfterCreateRoom`, …), or the word as received.
    pub fn as_str(&self) -> &str {
        match self {
            Command::CreateRoom => "Room.CallbackAfterCreateRoom",
            Command::DestroyRoom => "Room.CallbackAfterDestroyRoom",
            Command::UpdateRoomInfo => "Room.CallbackAfterUpdateRoomInfo",
            Command::MemberEnter => "Room.CallbackAfterMemberEnter",
            Command::MemberLeave => "Room.CallbackAfterMemberLeave",
            Command::SeatInfoChanged => "Mic.CallbackAfterSeatInfoChanged",
            Command::Other(word) => word,
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

    /// Whether this command has a typed event in this crate (is not [`Command::Other`]).
    pub fn is_modelled(&self) -> bool {
        !matches!(self, Command::Other(_))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_modelled_command_round_trips_through_its_wire_name() {
        for command in Command::MODELLED {
            assert_eq!(Command::from_wire(command.as_str()), command);
            assert!(command.is_modelled());
        }
    }

    #[test]
    fn the_old_update_spelling_is_an_alias() {
        assert_eq!(
            Command::from_wire("Room.CallbackUpdateRoomInfo"),
            Command::UpdateRoomInfo
        );
    }

    #[test]
    fn unknown_words_are_kept_exactly() {
        let command = Command::from_wire("Live.CallbackBeforeSendGift");
        assert_eq!(
            command,
            Command::Other("Live.CallbackBeforeSendGift".into())
        );
        assert_eq!(command.to_string(), "Live.CallbackBeforeSendGift");
        assert!(!command.is_modelled());
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
        assert!(matches!(
            Command::from_wire("room.callbackaftercreateroom"),
            Command::Other(_)
        ));
    }
}
