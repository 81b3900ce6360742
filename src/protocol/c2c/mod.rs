//! IM one-to-one message callbacks (`C2C.*`): before and after a message is sent, read
//! reports and receipts, recall, edit and message extensions.
//!
//! `C2C.CallbackBeforeSendMsg` is the one before-callback: its handler returns a
//! [`SendMsgReply`] that allows, rejects (with code 1, or a custom code in
//! [120001, 130000]), silently discards, or rewrites the message.

mod extension;
mod modify;
mod read;
mod recall;
mod reply;
mod send;

pub use extension::AfterMsgExtension;
pub use modify::AfterModifyMsg;
pub use read::{AfterMsgReadReceipt, AfterMsgReport, ReceiptedMsg};
pub use recall::AfterMsgWithdraw;
pub use reply::{SendMsgRejection, SendMsgReply};
pub use send::{AfterSendMsg, BeforeSendMsg};
