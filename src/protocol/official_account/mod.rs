//! IM Official Account callbacks (`OfficialAccount.*`): their messages, and the accounts and
//! their subscribers.

// Official Account messages (IM-MESSAGES.md).

// Official Accounts and subscribers (IM-GROUPS.md).
mod accounts;
pub use accounts::*;
