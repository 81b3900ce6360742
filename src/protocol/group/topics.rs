//! Community topics: creation (before and after), deletion and profile changes. None of
//! these carries an `EventTime`, and two lack the identifier one would expect.

use super::groups::{GroupType, UserDefinedData};
use crate::protocol::event::envelope::envelope;
use crate::protocol::event::wire::wire_object;

wire_object! {
    /// `Group.CallbackBeforeCreateTopic`: a topic is about to be created in a Community
    /// group. Reply with a [`GroupReply`](super::GroupReply). As documented, the body
    /// names **neither the Community (`GroupId`) nor the topic**; both are read if Tencent
    /// ever sends them.
    pub struct BeforeCreateTopic {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// Who asked for the topic.
        pub operator_account: Option<String> = "Operator_Account",
        /// The kind of group (`Community`).
        pub group_type: Option<GroupType> = "Type",
        /// The topic's name.
        pub name: Option<String> = "Name",
        /// The Community (not documented; absent in Tencent's sample).
        pub group_id: Option<String> = "GroupId" | "groupID",
        /// When it happened, Unix **milliseconds** (not documented for this callback).
        pub event_time: Option<u64> = "EventTime",
    }
}

wire_object! {
    /// `Group.CallbackAfterCreateTopic`: a topic was created. Requires `GroupId` and
    /// `TopicId`.
    pub struct AfterCreateTopic {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// The Community.
        pub group_id: String = "GroupId" | "groupID",
        /// The new topic, such as `@TGS#_@TGS#cQVLVHIM62CJ@TOPIC#_@TOPIC#cRTE3HIM62C5`.
        pub topic_id: String = "TopicId",
        /// Who created it.
        pub operator_account: Option<String> = "Operator_Account",
        /// Who owns it.
        pub owner_account: Option<String> = "Owner_Account",
        /// The kind of group (`Community`).
        pub group_type: Option<GroupType> = "Type",
        /// The topic's name.
        pub name: Option<String> = "Name",
        /// Custom topic fields.
        pub user_defined_data_list: Option<Vec<UserDefinedData>> = "UserDefinedDataList",
        /// When it happened, Unix **milliseconds** (not documented for this callback).
        pub event_time: Option<u64> = "EventTime",
    }
}

wire_object! {
    /// `Group.CallbackAfterTopicDestroyed`: topics were deleted. Requires `GroupId`; no
    /// `Operator_Account`.
    pub struct TopicDestroyed {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// The Community.
        pub group_id: String = "GroupId" | "groupID",
        /// The kind of group (`Community`).
        pub group_type: Option<GroupType> = "Type",
        /// The deleted topics (an array, although the table says "String").
        pub topic_id_list: Option<Vec<String>> = "TopicIdList",
        /// When it happened, Unix **milliseconds** (not documented for this callback).
        pub event_time: Option<u64> = "EventTime",
    }
}

wire_object! {
    /// `Group.CallbackAfterTopicInfoChanged`: a topic's name, introduction, notice or avatar
    /// changed. Requires `GroupId`. **Only the changed fields are present**, and, as
    /// documented, the body does **not name the topic** (`TopicId` is read if Tencent
    /// ever sends it).
    pub struct TopicInfoChanged {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// The Community.
        pub group_id: String = "GroupId" | "groupID",
        /// The topic (not documented; absent in Tencent's sample and tables).
        pub topic_id: Option<String> = "TopicId",
        /// The kind of group (`Community`).
        pub group_type: Option<GroupType> = "Type",
        /// Who changed it.
        pub operator_account: Option<String> = "Operator_Account",
        /// The new name, if it changed.
        pub name: Option<String> = "Name",
        /// The new introduction, if it changed.
        pub introduction: Option<String> = "Introduction",
        /// The new notice, if it changed.
        pub notification: Option<String> = "Notification",
        /// The new avatar URL, if it changed.
        pub face_url: Option<String> = "FaceUrl",
        /// When it happened, Unix **milliseconds** (not documented for this callback).
        pub event_time: Option<u64> = "EventTime",
    }
}

envelope!(BeforeCreateTopic {
    command: callback_command,
    operator: operator_account,
    time_ms: event_time,
});

envelope!(AfterCreateTopic {
    command: callback_command,
    operator: operator_account,
    time_ms: event_time,
});

envelope!(TopicDestroyed {
    command: callback_command,
    time_ms: event_time,
});

envelope!(TopicInfoChanged {
    command: callback_command,
    operator: operator_account,
    time_ms: event_time,
});
