//! IM group callbacks (`Group.*`): group messages, and groups, members, attributes and
//! Community topics.

// Group messages (IM-MESSAGES.md).
mod messages;
pub use messages::*;

// Groups, members, attributes and topics (IM-GROUPS.md).
mod attributes;
mod groups;
mod members;
mod replies;
mod topics;
pub use attributes::*;
pub use groups::*;
pub use members::*;
pub use replies::*;
pub use topics::*;
