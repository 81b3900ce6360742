//! Message extensions: the key/value pairs set on a sent message.

use crate::protocol::event::wire::wire_object;

use super::number::code_enum;

code_enum! {
    /// `OperateType` of a message-extension callback.
    pub enum ExtensionOperation {
        /// Keys were set.
        Set = 1,
        /// Keys were deleted (their `Value` is `""`).
        Delete = 2,
        /// All keys were cleared (`ExtensionList` is empty).
        Clear = 3,
    }
}

wire_object! {
    /// One changed key of a message's extension (`ExtensionList[]`).
    pub struct MsgExtension {
        /// The key.
        pub key: String = "Key",
        /// Its value; `""` when deleted.
        pub value: Option<String> = "Value",
        /// The version of this key/value.
        pub seq: Option<u64> = "Seq",
    }
}
