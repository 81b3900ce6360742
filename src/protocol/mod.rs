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

pub mod c2c;
pub mod mic;
pub mod room;
