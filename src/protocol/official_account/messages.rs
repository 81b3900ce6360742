//! Official Account message callbacks (IM-MESSAGES.md): before and after an Official Account
//! broadcasts a message to its subscribers, and recall.
//!
//! `OfficialAccount.CallbackBeforeSendMsg` is the one before-callback: its handler returns a
//! [`SendMsgReply`] that allows, rejects, silently discards, or rewrites the message.

mod recall;
mod reply;
mod send;

pub use recall::{AfterMsgWithdraw, WithdrawnMsg};
pub use reply::SendMsgReply;
pub use send::{AfterSendMsg, BeforeSendMsg};
