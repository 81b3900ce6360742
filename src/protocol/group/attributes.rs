//! Custom group attributes: the key-value store a group carries besides its custom fields.

use super::groups::GroupType;
use crate::protocol::event::envelope::envelope;
use crate::protocol::event::wire::{wire_enum, wire_object};

wire_enum! {
    /// `OptionType`: what was done to the attributes (listed in the sample's comment only).
    pub enum AttrOperation {
        /// The attributes were reset to the listed ones.
        Set = "set",
        /// The listed attributes were added or changed.
        Modify = "modify",
        /// Every attribute was removed.
        Clear = "clear",
        /// The listed attributes were removed.
        Delete = "delete",
    }
}

wire_object! {
    /// One group attribute: `{"key": "…", "value": "…"}` — lower-case, unlike every other
    /// key-value list of these callbacks (capitalised `Key`/`Value` are read too).
    pub struct GroupAttr {
        /// The attribute's name.
        pub key: String = "key" | "Key",
        /// Its value (absent for a deletion).
        pub value: Option<String> = "value" | "Value",
    }
}

wire_object! {
    /// `Group.CallbackAfterGroupAttrChanged`: custom group attributes were set, modified,
    /// cleared or deleted. Requires `GroupId`.
    ///
    /// ```
    /// use tencent_im_callback::group::{AttrOperation, GroupAttrChanged};
    ///
    /// let body = r#"{"GroupId":"@TGS#1","OptionType":"modify","GroupAttr":[{"key":"k","value":"v"}]}"#;
    /// let event: GroupAttrChanged = serde_json::from_str(body)?;
    /// assert_eq!(event.option_type, Some(AttrOperation::Modify));
    /// assert_eq!(event.group_attr.as_ref().unwrap()[0].key, "k");
    /// assert_eq!(serde_json::to_string(&event)?, body);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct GroupAttrChanged {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// The group.
        pub group_id: String = "GroupId" | "groupID",
        /// The kind of group.
        pub group_type: Option<GroupType> = "Type",
        /// Who changed them.
        pub operator_account: Option<String> = "Operator_Account",
        /// What was done.
        pub option_type: Option<AttrOperation> = "OptionType",
        /// The attributes concerned.
        pub group_attr: Option<Vec<GroupAttr>> = "GroupAttr",
        /// When it happened, Unix **milliseconds** (a JSON string in Tencent's samples).
        pub event_time: Option<u64> = "EventTime",
    }
}

envelope!(GroupAttrChanged {
    command: callback_command,
    operator: operator_account,
    time_ms: event_time,
});
