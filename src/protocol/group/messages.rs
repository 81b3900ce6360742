//! Group message callbacks (IM-MESSAGES.md): before and after a group message is sent, a
//! failed delivery, recall, read receipts and message extensions.
//!
//! `Group.CallbackBeforeSendMsg` is the one before-callback: its handler returns a
//! [`SendMsgReply`] that allows, rejects (with code 1, or a custom code in [10100, 10200]),
//! silently discards, or rewrites the message. TUILiveKit sends the same command for the
//! bullet comments of its rooms (`Type` `Live`, no `OnlineOnlyFlag`).
//!
//! Group bodies send `EventTime` as a JSON string (`"1670574414123"`) where the tables say
//! integer; both are read, and it is written back as a number.

mod extension;
mod recall;
mod receipt;
mod reply;
mod send;

pub use extension::AfterMsgExtension;
pub use recall::{AfterRecallMsg, RecalledMsg};
pub use receipt::{AfterReadReceipt, MsgReceipt, ReceiptMember};
pub use reply::{SendMsgRejection, SendMsgReply};
pub use send::{AfterSendMsg, BeforeSendMsg, SendMsgException};
