//! The protocol model: the URL query, commands and their table, the signature, the typed
//! bodies of each product and the reply value. Nothing here names an HTTP type.

pub(crate) mod callback;
pub(crate) mod catalogue;
pub mod command;
pub mod event;
mod platform;
pub mod query;
pub mod reply;
pub mod sign;
pub(crate) mod table;

// Product modules: the body types and before-callback replies of each product.

// TUIRoomKit.
pub mod mic;
pub mod room;

// IM messages (IM-MESSAGES.md).
pub mod bot;
pub mod c2c;
pub mod message;
pub mod moderation;
pub mod push;

// Shared by the IM families.
pub mod follow;
pub mod group;
pub mod official_account;

// IM groups, relationships, profile, state, alerts (IM-GROUPS.md).
pub mod alert;
pub mod profile;
mod refusal;
pub mod sns;
pub mod state;

// TUILiveKit (LIVE.md).
pub mod live;
