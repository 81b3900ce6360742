//! IM groups, relationships, profile, online state, Official Accounts, alerts and follow
//! (IM-GROUPS.md): every sample, every documented quirk, every before-callback reply.
//!
//! Normalisations a re-serialised body may differ from Tencent's sample by, and no other:
//! - an integer sent as a string is written as a number (`"EventTime":"1670574414123"` →
//!   `1670574414123`; any field whose documented type is an integer);
//! - an account id sent as a number is written as a string (`*_Account`);
//! - a key read under an alias is written under its canonical spelling (`groupID` →
//!   `GroupId`, `CreatedNum`/`CreatedGroupNum` → `CreateGroupNum`, `Modified_Account` →
//!   `Member_Account`, `TagName` ↔ `GroupName`, `Requestor_Account` ↔ `Requester_Account`,
//!   `Key`/`key` and `Value`/`value` as each list documents them);
//! - whitespace between tokens is dropped, and `null` counts as absent.
//!
//! Absent fields stay absent; unknown fields and unknown enum values are kept.

mod common;

use std::time::{Duration, UNIX_EPOCH};

use common::*;
use serde_json::{json, Map, Value};
use tencent_im_callback::event::{BodyErrorKind, Envelope};
use tencent_im_callback::follow::{FollowAdd, FollowDelete, FollowTarget};
use tencent_im_callback::group::{
    AfterCreateGroup, AttrOperation, BeforeApplyJoinGroup, BeforeCreateGroup, BeforeCreateTopic,
    BeforeInviteJoinGroup, ChangeGroupOwner, ExitType, GroupAttrChanged, GroupCode, GroupCount,
    GroupDestroyed, GroupInfoChanged, GroupReply, GroupType, InviteReply, JoinType, MemberExit,
    MemberFieldChanged, MemberRole, MemberStateChange, MuteAll, NewMemberJoin, PresenceCause,
    PresenceChange, RefusedInvitees, TopicDestroyed, TopicInfoChanged,
};
use tencent_im_callback::official_account::{
    AddSubscriberReply, BeforeAddSubscriber, BeforeCreateOfficialAccount,
    CreateOfficialAccountReply, OfficialAccountCode, OfficialAccountInfoChanged,
};
use tencent_im_callback::profile::{PortraitSet, ProfileValue};
use tencent_im_callback::query::Platform;
use tencent_im_callback::sns::{
    AddType, ClientCmd, FriendAdd, FriendCode, FriendDecision, FriendReply, PrevFriendAdd,
    PrevFriendResponse, ResponseAction,
};
use tencent_im_callback::state::{DevicePlatform, StateAction, StateChange, StateReason};
use tencent_im_callback::test_util::{samples, CallbackRequest};
use tencent_im_callback::{
    Callback, CallbackLayer, Command, CommandRouter, Event, IntoReply, Reply,
};
use tower::{Layer, ServiceExt};

/// The 37 commands of IM-GROUPS.md, in its order.
const COMMANDS: [Command; 37] = [
    Command::STATE_STATE_CHANGE,
    Command::PROFILE_PORTRAIT_SET,
    Command::SNS_PREV_FRIEND_ADD,
    Command::SNS_PREV_FRIEND_RESPONSE,
    Command::SNS_FRIEND_ADD,
    Command::SNS_FRIEND_DELETE,
    Command::SNS_BLACK_LIST_ADD,
    Command::SNS_BLACK_LIST_DELETE,
    Command::FOLLOW_AFTER_FOLLOW_ADD,
    Command::FOLLOW_AFTER_FOLLOW_DELETE,
    Command::GROUP_BEFORE_CREATE_GROUP,
    Command::GROUP_AFTER_CREATE_GROUP,
    Command::GROUP_BEFORE_APPLY_JOIN_GROUP,
    Command::GROUP_BEFORE_INVITE_JOIN_GROUP,
    Command::GROUP_AFTER_NEW_MEMBER_JOIN,
    Command::GROUP_AFTER_MEMBER_EXIT,
    Command::GROUP_AFTER_GROUP_FULL,
    Command::GROUP_AFTER_GROUP_DESTROYED,
    Command::GROUP_AFTER_GROUP_INFO_CHANGED,
    Command::GROUP_ON_MEMBER_STATE_CHANGE,
    Command::GROUP_BEFORE_CREATE_TOPIC,
    Command::GROUP_AFTER_CREATE_TOPIC,
    Command::GROUP_AFTER_TOPIC_DESTROYED,
    Command::GROUP_AFTER_TOPIC_INFO_CHANGED,
    Command::GROUP_AFTER_MEMBER_FIELD_CHANGED,
    Command::GROUP_AFTER_GROUP_ATTR_CHANGED,
    Command::GROUP_AFTER_CHANGE_GROUP_OWNER,
    Command::GROUP_ON_DAILY_GROUP_QUOTA_ALARM,
    Command::ALERT_REQUEST_OVER_LIMIT,
    Command::OFFICIAL_ACCOUNT_BEFORE_CREATE_OFFICIAL_ACCOUNT,
    Command::OFFICIAL_ACCOUNT_AFTER_CREATE_OFFICIAL_ACCOUNT,
    Command::OFFICIAL_ACCOUNT_AFTER_OFFICIAL_ACCOUNT_INFO_CHANGED,
    Command::OFFICIAL_ACCOUNT_AFTER_OFFICIAL_ACCOUNT_DESTROYED,
    Command::OFFICIAL_ACCOUNT_BEFORE_ADD_SUBSCRIBER,
    Command::OFFICIAL_ACCOUNT_AFTER_ADD_SUBSCRIBER,
    Command::OFFICIAL_ACCOUNT_AFTER_OFFICIAL_ACCOUNT_FULL,
    Command::OFFICIAL_ACCOUNT_AFTER_DELETE_SUBSCRIBER,
];

/// The samples Tencent published as invalid JSON, with their command.
const AS_PUBLISHED: [(Command, &str); 26] = [
    (
        Command::GROUP_BEFORE_CREATE_GROUP,
        include_str!("fixtures/im/Group.CallbackBeforeCreateGroup.as-published.txt"),
    ),
    (
        Command::GROUP_AFTER_CREATE_GROUP,
        include_str!("fixtures/im/Group.CallbackAfterCreateGroup.as-published.txt"),
    ),
    (
        Command::GROUP_BEFORE_APPLY_JOIN_GROUP,
        include_str!("fixtures/im/Group.CallbackBeforeApplyJoinGroup.as-published.txt"),
    ),
    (
        Command::GROUP_BEFORE_INVITE_JOIN_GROUP,
        include_str!("fixtures/im/Group.CallbackBeforeInviteJoinGroup.as-published.txt"),
    ),
    (
        Command::GROUP_AFTER_NEW_MEMBER_JOIN,
        include_str!("fixtures/im/Group.CallbackAfterNewMemberJoin.as-published.txt"),
    ),
    (
        Command::GROUP_AFTER_MEMBER_EXIT,
        include_str!("fixtures/im/Group.CallbackAfterMemberExit.as-published.txt"),
    ),
    (
        Command::GROUP_AFTER_GROUP_FULL,
        include_str!("fixtures/im/Group.CallbackAfterGroupFull.as-published.txt"),
    ),
    (
        Command::GROUP_AFTER_GROUP_DESTROYED,
        include_str!("fixtures/im/Group.CallbackAfterGroupDestroyed.as-published.txt"),
    ),
    (
        Command::GROUP_AFTER_GROUP_INFO_CHANGED,
        include_str!("fixtures/im/Group.CallbackAfterGroupInfoChanged.as-published.txt"),
    ),
    (
        Command::GROUP_ON_MEMBER_STATE_CHANGE,
        include_str!("fixtures/im/Group.CallbackOnMemberStateChange.as-published.txt"),
    ),
    (
        Command::GROUP_BEFORE_CREATE_TOPIC,
        include_str!("fixtures/im/Group.CallbackBeforeCreateTopic.as-published.txt"),
    ),
    (
        Command::GROUP_AFTER_CREATE_TOPIC,
        include_str!("fixtures/im/Group.CallbackAfterCreateTopic.as-published.txt"),
    ),
    (
        Command::GROUP_AFTER_TOPIC_DESTROYED,
        include_str!("fixtures/im/Group.CallbackAfterTopicDestroyed.as-published.txt"),
    ),
    (
        Command::GROUP_AFTER_TOPIC_INFO_CHANGED,
        include_str!("fixtures/im/Group.CallbackAfterTopicInfoChanged.as-published.txt"),
    ),
    (
        Command::GROUP_AFTER_MEMBER_FIELD_CHANGED,
        include_str!("fixtures/im/Group.CallbackAfterMemberFieldChanged.as-published.txt"),
    ),
    (
        Command::GROUP_AFTER_GROUP_ATTR_CHANGED,
        include_str!("fixtures/im/Group.CallbackAfterGroupAttrChanged.as-published.txt"),
    ),
    (
        Command::GROUP_AFTER_CHANGE_GROUP_OWNER,
        include_str!("fixtures/im/Group.CallbackAfterChangeGroupOwner.as-published.txt"),
    ),
    (
        Command::GROUP_ON_DAILY_GROUP_QUOTA_ALARM,
        include_str!("fixtures/im/Group.CallbackOnDailyGroupQuotaAlarm.as-published.txt"),
    ),
    (
        Command::OFFICIAL_ACCOUNT_BEFORE_CREATE_OFFICIAL_ACCOUNT,
        include_str!(
            "fixtures/im/OfficialAccount.CallbackBeforeCreateOfficialAccount.as-published.txt"
        ),
    ),
    (
        Command::OFFICIAL_ACCOUNT_AFTER_CREATE_OFFICIAL_ACCOUNT,
        include_str!(
            "fixtures/im/OfficialAccount.CallbackAfterCreateOfficialAccount.as-published.txt"
        ),
    ),
    (
        Command::OFFICIAL_ACCOUNT_AFTER_OFFICIAL_ACCOUNT_INFO_CHANGED,
        include_str!(
            "fixtures/im/OfficialAccount.CallbackAfterOfficialAccountInfoChanged.as-published.txt"
        ),
    ),
    (
        Command::OFFICIAL_ACCOUNT_AFTER_OFFICIAL_ACCOUNT_DESTROYED,
        include_str!(
            "fixtures/im/OfficialAccount.CallbackAfterOfficialAccountDestroyed.as-published.txt"
        ),
    ),
    (
        Command::OFFICIAL_ACCOUNT_BEFORE_ADD_SUBSCRIBER,
        include_str!("fixtures/im/OfficialAccount.CallbackBeforeAddSubscriber.as-published.txt"),
    ),
    (
        Command::OFFICIAL_ACCOUNT_AFTER_ADD_SUBSCRIBER,
        include_str!("fixtures/im/OfficialAccount.CallbackAfterAddSubscriber.as-published.txt"),
    ),
    (
        Command::OFFICIAL_ACCOUNT_AFTER_OFFICIAL_ACCOUNT_FULL,
        include_str!(
            "fixtures/im/OfficialAccount.CallbackAfterOfficialAccountFull.as-published.txt"
        ),
    ),
    (
        Command::OFFICIAL_ACCOUNT_AFTER_DELETE_SUBSCRIBER,
        include_str!("fixtures/im/OfficialAccount.CallbackAfterDeleteSubscriber.as-published.txt"),
    ),
];

fn sample(command: &Command) -> &'static str {
    samples::of(command).unwrap_or_else(|| panic!("{command} has no sample"))
}

fn parse(command: &Command, body: &str) -> Event {
    Event::parse(command, body.as_bytes()).unwrap_or_else(|error| panic!("{command}: {error}"))
}

/// A typed body of `command`'s sample.
fn typed<T: serde::de::DeserializeOwned>(command: &Command) -> T {
    serde_json::from_str(sample(command)).unwrap_or_else(|error| panic!("{command}: {error}"))
}

/// The normalisations documented at the top of this file, applied to Tencent's JSON.
fn normalise(key: &str, value: &mut Value) {
    match value {
        Value::Object(map) => {
            let renamed: Map<String, Value> = std::mem::take(map)
                .into_iter()
                .map(|(k, mut v)| {
                    normalise(&k, &mut v);
                    (canonical(&k).to_owned(), v)
                })
                .collect();
            *map = renamed;
        }
        Value::Array(items) => items.iter_mut().for_each(|v| normalise(key, v)),
        Value::String(text)
            if ["EventTime", "CreateGroupNum", "QuotaUsed", "Quota"].contains(&key) =>
        {
            *value = json!(text.parse::<u64>().unwrap())
        }
        Value::Number(number) if key.ends_with("_Account") => *value = json!(number.to_string()),
        _ => {}
    }
}

fn canonical(key: &str) -> &str {
    match key {
        "groupID" => "GroupId",
        "CreatedNum" | "CreatedGroupNum" => "CreateGroupNum",
        "Modified_Account" => "Member_Account",
        other => other,
    }
}

#[test]
fn the_table_models_every_command_of_the_document_with_its_sample() {
    for command in &COMMANDS {
        assert!(command.is_modelled(), "{command}");
        let body = sample(command);
        let event = parse(command, body);
        assert_eq!(&event.command(), command);
        assert!(!matches!(event, Event::Unknown { .. } | Event::Unparsed(_)));
        assert_eq!(
            event.envelope().unwrap().callback_command(),
            Some(command.as_str())
        );
    }
    let before: Vec<&str> = COMMANDS
        .iter()
        .filter(|c| c.timing() == tencent_im_callback::command::Timing::Before)
        .map(|c| c.info().unwrap().name())
        .collect();
    assert_eq!(
        before,
        [
            "Sns.CallbackPrevFriendAdd",
            "Sns.CallbackPrevFriendResponse",
            "Group.CallbackBeforeCreateGroup",
            "Group.CallbackBeforeApplyJoinGroup",
            "Group.CallbackBeforeInviteJoinGroup",
            "Group.CallbackBeforeCreateTopic",
            "OfficialAccount.CallbackBeforeCreateOfficialAccount",
            "OfficialAccount.CallbackBeforeAddSubscriber",
        ]
    );
}

#[test]
fn every_sample_re_serialises_to_its_normalised_input() {
    for command in &COMMANDS {
        let body = sample(command);
        let mut expected: Value = serde_json::from_str(body).unwrap();
        normalise("", &mut expected);
        let event = parse(command, body);
        let actual = serde_json::to_value(&event).unwrap();
        assert_eq!(actual, expected, "{command}");
        // And once more: what is written reads back as the same event.
        let again = parse(command, &serde_json::to_string(&event).unwrap());
        assert_eq!(again, event, "{command}");
    }
}

#[test]
fn samples_as_published_are_syntax_errors_naming_line_and_column() {
    for (command, text) in AS_PUBLISHED {
        let where_json_fails = serde_json::from_str::<Value>(text).unwrap_err();
        let error = Event::parse(&command, text.as_bytes()).unwrap_err();
        assert_eq!(error.kind(), BodyErrorKind::Syntax, "{command}");
        assert_eq!(
            (error.line(), error.column()),
            (where_json_fails.line(), where_json_fails.column()),
            "{command}"
        );
        assert!(error.line() > 1 && error.column() > 0, "{command}");
        let message = error.to_string();
        assert!(
            message.contains(&format!("line {}, column {}", error.line(), error.column())),
            "{command}: {message}"
        );
    }
}

#[test]
fn the_livekit_copies_of_the_follow_samples_parse_the_same() {
    for (command, body) in [
        (
            Command::FOLLOW_AFTER_FOLLOW_ADD,
            include_str!("fixtures/live/Follow.CallbackAfterFollowAdd.json"),
        ),
        (
            Command::FOLLOW_AFTER_FOLLOW_DELETE,
            include_str!("fixtures/live/Follow.CallbackAfterFollowDelete.json"),
        ),
    ] {
        assert_eq!(parse(&command, body), parse(&command, sample(&command)));
    }
}

// ── Times ────────────────────────────────────────────────────────────────────────────

#[test]
fn event_time_is_milliseconds_as_a_string_a_number_or_absent() {
    let ms = 1_670_574_414_123u64;
    let at = UNIX_EPOCH + Duration::from_millis(ms);
    for body in [
        r#"{"GroupId":"g","EventTime":"1670574414123"}"#,
        r#"{"GroupId":"g","EventTime":1670574414123}"#,
    ] {
        let event = parse(&Command::GROUP_AFTER_GROUP_FULL, body);
        assert_eq!(event.event_time(), Some(ms));
        assert_eq!(event.occurred_at(), Some(at));
    }
    let event = parse(&Command::GROUP_AFTER_GROUP_FULL, r#"{"GroupId":"g"}"#);
    assert_eq!((event.event_time(), event.occurred_at()), (None, None));
    assert_eq!(
        serde_json::to_string(&event).unwrap(),
        r#"{"GroupId":"g"}"#,
        "absent stays absent"
    );
    // Every body of the family answers with the same unit.
    for command in &COMMANDS {
        let event = parse(command, sample(command));
        if let Some(time) = event.event_time() {
            assert!(
                time > 1_600_000_000_000,
                "{command}: {time} is not milliseconds"
            );
        }
    }
    let state: StateChange = typed(&Command::STATE_STATE_CHANGE);
    assert_eq!(
        state.occurred_at(),
        Some(UNIX_EPOCH + Duration::from_millis(1_629_883_332_497))
    );
}

#[test]
fn a_fractional_or_negative_event_time_is_refused_by_path() {
    for body in [
        r#"{"GroupId":"g","EventTime":"16705x"}"#,
        r#"{"GroupId":"g","EventTime":-1}"#,
        r#"{"GroupId":"g","EventTime":1.5}"#,
    ] {
        let error = Event::parse(&Command::GROUP_AFTER_GROUP_FULL, body.as_bytes()).unwrap_err();
        assert_eq!(error.kind(), BodyErrorKind::Data);
        assert_eq!(error.path(), Some("EventTime"));
        assert!(!error.to_string().contains("16705x"), "{error}");
    }
}

// ── Groups ───────────────────────────────────────────────────────────────────────────

#[test]
fn before_create_group_reads_every_name_of_its_counter() {
    let event: BeforeCreateGroup = typed(&Command::GROUP_BEFORE_CREATE_GROUP);
    assert_eq!(event.create_group_num, Some(GroupCount::Total(123)));
    assert_eq!(event.group_type, Some(GroupType::Public));
    assert_eq!(event.members().collect::<Vec<_>>(), ["bob", "peter"]);
    assert_eq!(event.operator_account(), Some("leckie"));
    for key in ["CreateGroupNum", "CreatedGroupNum", "CreatedNum"] {
        let body = format!(r#"{{"Owner_Account":"u","{key}":"7"}}"#);
        let event: BeforeCreateGroup = serde_json::from_str(&body).unwrap();
        assert_eq!(event.create_group_num, Some(GroupCount::Total(7)), "{key}");
        assert_eq!(
            serde_json::to_string(&event).unwrap(),
            r#"{"Owner_Account":"u","CreateGroupNum":7}"#
        );
    }
    // One library reads the counter as an object of counts per group type.
    let body = r#"{"CreatedGroupNum":{"Public":2,"Work":1},"InviteOption":"DisableInvite"}"#;
    let event: BeforeCreateGroup = serde_json::from_str(body).unwrap();
    let count = event.create_group_num.unwrap();
    assert_eq!(
        count,
        GroupCount::ByType(vec![("Public".into(), 2), ("Work".into(), 1)])
    );
    assert_eq!(count.total(), 3);
    // Two spellings in one body are the same field given twice.
    let error = Event::parse(
        &Command::GROUP_BEFORE_CREATE_GROUP,
        br#"{"CreateGroupNum":1,"CreatedNum":2}"#,
    )
    .unwrap_err();
    assert!(error.to_string().contains("duplicate"), "{error}");
}

#[test]
fn after_create_group_reads_groupid_in_both_spellings_and_custom_fields() {
    let event: AfterCreateGroup = typed(&Command::GROUP_AFTER_CREATE_GROUP);
    assert_eq!(event.group_id, "@TGS#2J4SZEAEL");
    let fields = event.user_defined_data_list.as_ref().unwrap();
    assert_eq!(
        (fields[1].key.as_str(), fields[1].value.as_deref()),
        ("UserDefined2", Some("world"))
    );
    assert_eq!((event.introduction, event.notification), (None, None));
    let event: AfterCreateGroup =
        serde_json::from_str(r#"{"groupID":"@TGS#x","Introduction":"hi","Notification":""}"#)
            .unwrap();
    assert_eq!(event.group_id, "@TGS#x");
    assert_eq!(event.notification.as_deref(), Some(""));
    assert_eq!(
        serde_json::to_string(&event).unwrap(),
        r#"{"GroupId":"@TGS#x","Introduction":"hi","Notification":""}"#
    );
}

#[test]
fn info_changed_bodies_carry_only_what_changed() {
    let event: GroupInfoChanged = typed(&Command::GROUP_AFTER_GROUP_INFO_CHANGED);
    assert_eq!(event.notification.as_deref(), Some("NewNotification"));
    assert_eq!(
        (&event.name, &event.introduction, &event.face_url),
        (&None, &None, &None)
    );
    assert_eq!(event.user_defined_data_list, None);
    // The older generation: all four fields, custom fields, no EventTime, and the mute
    // switch one receiver reads.
    let older = r#"{"GroupId":"g","Type":"Work","Operator_Account":"o","Name":"n","Introduction":"i",
        "Notification":"","FaceUrl":"http://f","UserDefinedDataList":[{"Key":"k","Value":"v"}],
        "ShutUpAllMember":"On","ApplyJoinOption":"NeedPermission"}"#;
    let event: GroupInfoChanged = serde_json::from_str(older).unwrap();
    assert_eq!(event.group_type, Some(GroupType::Work));
    assert_eq!(event.user_defined_data_list.as_ref().unwrap()[0].key, "k");
    assert_eq!(event.shut_up_all_member, Some(MuteAll::On));
    assert_eq!(event.event_time, None);
    let topic: TopicInfoChanged = typed(&Command::GROUP_AFTER_TOPIC_INFO_CHANGED);
    assert_eq!(topic.topic_id, None, "Tencent does not say which topic");
    assert_eq!(topic.face_url.as_deref(), Some("http://this.is.face.url"));
    let account: OfficialAccountInfoChanged =
        serde_json::from_str(r#"{"Official_Account":"@TOA#_a","Organization":"org"}"#).unwrap();
    assert_eq!(
        (account.organization.as_deref(), account.name.as_deref()),
        (Some("org"), None)
    );
}

#[test]
fn destroyed_community_groups_have_no_member_list() {
    let event: GroupDestroyed = typed(&Command::GROUP_AFTER_GROUP_DESTROYED);
    assert_eq!(event.members().count(), 3);
    let body = r#"{"GroupId":"@TGS#_c","Type":"Community","Owner_Account":"o"}"#;
    let event: GroupDestroyed = serde_json::from_str(body).unwrap();
    assert_eq!(event.group_type, Some(GroupType::Community));
    assert_eq!(event.member_list, None);
    assert_eq!(event.members().count(), 0);
    assert_eq!(serde_json::to_string(&event).unwrap(), body);
    let empty = r#"{"GroupId":"g","MemberList":[]}"#;
    let event: GroupDestroyed = serde_json::from_str(empty).unwrap();
    assert_eq!(event.member_list, Some(vec![]), "empty is not absent");
    assert_eq!(serde_json::to_string(&event).unwrap(), empty);
}

#[test]
fn group_types_old_new_and_unknown_are_kept() {
    for (wire, kind) in [
        ("Private", GroupType::Private),
        ("ChatRoom", GroupType::ChatRoom),
        ("AVChatRoom", GroupType::AvChatRoom),
        ("Meeting", GroupType::Meeting),
        ("BChatRoom", GroupType::Other("BChatRoom".into())),
    ] {
        let body = format!(r#"{{"GroupId":"g","Type":"{wire}"}}"#);
        let event: GroupDestroyed = serde_json::from_str(&body).unwrap();
        assert_eq!(event.group_type, Some(kind));
        assert_eq!(serde_json::to_string(&event).unwrap(), body);
    }
}

#[test]
fn members_join_and_exit_typed() {
    let join: NewMemberJoin = typed(&Command::GROUP_AFTER_NEW_MEMBER_JOIN);
    assert_eq!(join.join_type, Some(JoinType::Apply));
    assert_eq!(join.members().collect::<Vec<_>>(), ["jared", "tommy"]);
    let exit: MemberExit = typed(&Command::GROUP_AFTER_MEMBER_EXIT);
    assert_eq!(exit.exit_type, Some(ExitType::Kicked));
    assert_eq!(exit.members().collect::<Vec<_>>(), ["jared", "tommy"]);
    // A member quitting with an empty list: the one who left is the operator.
    let quit: MemberExit = serde_json::from_str(
        r#"{"GroupId":"g","ExitType":"Quit","Operator_Account":"self","ExitMemberList":[]}"#,
    )
    .unwrap();
    assert_eq!(quit.members().collect::<Vec<_>>(), ["self"]);
    let join: NewMemberJoin =
        serde_json::from_str(r#"{"GroupId":"g","JoinType":"Imported","NewMemberList":[{"Member_Account":144115233775727695}]}"#)
            .unwrap();
    assert_eq!(join.join_type, Some(JoinType::Other("Imported".into())));
    assert_eq!(join.members().collect::<Vec<_>>(), ["144115233775727695"]);
}

#[test]
fn member_field_changes_name_the_member_either_way() {
    let event: MemberFieldChanged = typed(&Command::GROUP_AFTER_MEMBER_FIELD_CHANGED);
    assert_eq!(event.member_account, "123456");
    assert_eq!(event.role, Some(MemberRole::Admin));
    let event: MemberFieldChanged =
        serde_json::from_str(r#"{"GroupId":"g","Modified_Account":"u","Role":"Member"}"#).unwrap();
    assert_eq!(event.member_account, "u");
    assert_eq!(event.role, Some(MemberRole::Member));
    assert_eq!(
        serde_json::to_string(&event).unwrap(),
        r#"{"GroupId":"g","Member_Account":"u","Role":"Member"}"#
    );
    let error = Event::parse(
        &Command::GROUP_AFTER_MEMBER_FIELD_CHANGED,
        br#"{"GroupId":"g"}"#,
    )
    .unwrap_err();
    assert!(error.to_string().contains("Member_Account"), "{error}");
}

#[test]
fn group_attributes_use_lower_case_keys_custom_fields_capitalised_ones() {
    let event: GroupAttrChanged = typed(&Command::GROUP_AFTER_GROUP_ATTR_CHANGED);
    assert_eq!(event.option_type, Some(AttrOperation::Set));
    let attrs = event.group_attr.as_ref().unwrap();
    assert_eq!(
        (attrs[0].key.as_str(), attrs[0].value.as_deref()),
        ("key1", Some("value1"))
    );
    let text = serde_json::to_string(&event).unwrap();
    assert!(
        text.contains(r#"{"key":"key1","value":"value1"}"#),
        "{text}"
    );
    // The other casing is read too, and written as the list documents it.
    let event: GroupAttrChanged =
        serde_json::from_str(r#"{"GroupId":"g","OptionType":"delete","GroupAttr":[{"Key":"k"}]}"#)
            .unwrap();
    assert_eq!(event.option_type, Some(AttrOperation::Delete));
    assert_eq!(event.group_attr.as_ref().unwrap()[0].value, None);
    assert!(serde_json::to_string(&event)
        .unwrap()
        .contains(r#""GroupAttr":[{"key":"k"}]"#));
    let created: AfterCreateGroup =
        serde_json::from_str(r#"{"GroupId":"g","UserDefinedDataList":[{"key":"k","value":"v"}]}"#)
            .unwrap();
    assert!(serde_json::to_string(&created)
        .unwrap()
        .contains(r#"[{"Key":"k","Value":"v"}]"#));
}

#[test]
fn owner_changes_and_presence() {
    let owner: ChangeGroupOwner = typed(&Command::GROUP_AFTER_CHANGE_GROUP_OWNER);
    assert_eq!(
        (
            owner.old_owner_account.as_deref(),
            owner.new_owner_account.as_deref()
        ),
        (Some("user1"), Some("user2"))
    );
    let presence: MemberStateChange = typed(&Command::GROUP_ON_MEMBER_STATE_CHANGE);
    assert_eq!(presence.event_type, Some(PresenceChange::Offline));
    assert_eq!(
        presence.event_cause, None,
        "the sample lacks the cause it documents"
    );
    assert_eq!(presence.event_time, None);
    let presence: MemberStateChange = serde_json::from_str(
        r#"{"GroupId":"g","EventType":"Online","EventCause":"Join","MemberList":[{"Member_Account":"a"}]}"#,
    )
    .unwrap();
    assert_eq!(presence.event_cause, Some(PresenceCause::Join));
    assert_eq!(presence.members().collect::<Vec<_>>(), ["a"]);
}

#[test]
fn topic_bodies_without_the_ids_one_expects() {
    let before: BeforeCreateTopic = typed(&Command::GROUP_BEFORE_CREATE_TOPIC);
    assert_eq!(before.group_id, None);
    assert_eq!(before.group_type, Some(GroupType::Community));
    assert_eq!(before.name.as_deref(), Some("MyFirstTopic"));
    let destroyed: TopicDestroyed = typed(&Command::GROUP_AFTER_TOPIC_DESTROYED);
    assert_eq!(destroyed.topic_id_list.as_ref().unwrap().len(), 2);
    assert_eq!(Envelope::operator_account(&destroyed), None);
    let Event::GroupAfterCreateTopic(created) = parse(
        &Command::GROUP_AFTER_CREATE_TOPIC,
        sample(&Command::GROUP_AFTER_CREATE_TOPIC),
    ) else {
        panic!("not a topic");
    };
    assert_eq!(
        created.topic_id,
        "@TGS#_@TGS#cQVLVHIM62CJ@TOPIC#_@TOPIC#cRTE3HIM62C5"
    );
    let error =
        Event::parse(&Command::GROUP_AFTER_CREATE_TOPIC, br#"{"GroupId":"g"}"#).unwrap_err();
    assert!(error.to_string().contains("TopicId"), "{error}");
}

#[test]
fn group_bodies_require_their_group_id() {
    for command in &COMMANDS {
        if command.product() != Some(tencent_im_callback::command::Product::Group) {
            continue;
        }
        let result = Event::parse(command, b"{}");
        let needs_id = ![
            Command::GROUP_BEFORE_CREATE_GROUP,
            Command::GROUP_BEFORE_CREATE_TOPIC,
            Command::GROUP_ON_DAILY_GROUP_QUOTA_ALARM,
        ]
        .contains(command);
        match result {
            Err(error) => {
                assert!(needs_id, "{command}: {error}");
                assert_eq!(error.kind(), BodyErrorKind::Data);
                assert!(error.to_string().contains("GroupId"), "{command}: {error}");
            }
            Ok(event) => {
                assert!(!needs_id, "{command} parsed without GroupId");
                assert_eq!(serde_json::to_string(&event).unwrap(), "{}");
            }
        }
    }
}

// ── Relationships, profile, state, follow, alert ────────────────────────────────────

#[test]
fn friend_requests_and_answers() {
    let add: PrevFriendAdd = typed(&Command::SNS_PREV_FRIEND_ADD);
    assert_eq!(add.add_type, Some(AddType::Both));
    assert!(!add.is_forced());
    assert_eq!(add.targets().collect::<Vec<_>>(), ["id1", "id2"]);
    let item = &add.friend_item.as_ref().unwrap()[0];
    assert_eq!(item.group_name.as_deref(), Some("group1"));
    let answer: PrevFriendResponse = typed(&Command::SNS_PREV_FRIEND_RESPONSE);
    let items = answer.response_friend_item.as_ref().unwrap();
    assert_eq!(items[1].response_action, Some(ResponseAction::Reject));
    assert_eq!(items[1].tag_name.as_deref(), Some("group2"));
    // The same concept under the other page's name, and the other spelling of Requester.
    let add: PrevFriendAdd = serde_json::from_str(
        r#"{"Requestor_Account":"r","From_Account":"f","FriendItem":[{"To_Account":"t","TagName":"g"}]}"#,
    )
    .unwrap();
    assert_eq!(add.requester_account.as_deref(), Some("r"));
    assert_eq!(
        add.friend_item.as_ref().unwrap()[0].group_name.as_deref(),
        Some("g")
    );
    assert_eq!(
        serde_json::to_string(&add).unwrap(),
        r#"{"Requester_Account":"r","From_Account":"f","FriendItem":[{"To_Account":"t","GroupName":"g"}]}"#
    );
    let apply: BeforeApplyJoinGroup =
        serde_json::from_str(r#"{"GroupId":"g","Requester_Account":"r"}"#).unwrap();
    assert_eq!(apply.requestor_account.as_deref(), Some("r"));
}

#[test]
fn friendships_keep_the_client_command_spelling() {
    let event: FriendAdd = typed(&Command::SNS_FRIEND_ADD);
    assert_eq!(event.client_cmd, Some(ClientCmd::FriendAdd));
    assert!(event.is_forced());
    assert_eq!(event.admin(), None);
    assert_eq!(event.pair_list[0].initiator_account.as_deref(), Some("id"));
    for (wire, request) in [
        ("friend_add", true),
        ("FriendAdd", true),
        ("friend_response", false),
        ("FriendResponse", false),
    ] {
        let body = format!(r#"{{"PairList":[],"ClientCmd":"{wire}","Admin_Account":"admin"}}"#);
        let event: FriendAdd = serde_json::from_str(&body).unwrap();
        let cmd = event.client_cmd.as_ref().unwrap();
        assert_eq!((cmd.is_request(), cmd.is_response()), (request, !request));
        assert_eq!(event.admin(), Some("admin"));
        assert_eq!(serde_json::to_string(&event).unwrap(), body);
    }
    let error = Event::parse(
        &Command::SNS_FRIEND_DELETE,
        br#"{"CallbackCommand":"Sns.CallbackFriendDelete"}"#,
    )
    .unwrap_err();
    assert!(error.to_string().contains("PairList"), "{error}");
}

#[test]
fn profile_values_are_integers_or_strings() {
    let event: PortraitSet = typed(&Command::PROFILE_PORTRAIT_SET);
    assert_eq!(
        event.value_of("Tag_Profile_IM_Nick"),
        Some(&ProfileValue::Text("nick1".into()))
    );
    let body = r#"{"From_Account":"u","ProfileItem":[{"Tag":"Tag_Profile_IM_BirthDay","Value":19900101},{"Tag":"Tag_Profile_IM_Level","Value":-1},{"Tag":"Tag_Profile_IM_Nick","Value":""}]}"#;
    let event: PortraitSet = serde_json::from_str(body).unwrap();
    assert_eq!(
        event.value_of("Tag_Profile_IM_BirthDay"),
        Some(&ProfileValue::Integer(19900101))
    );
    assert_eq!(serde_json::to_string(&event).unwrap(), body);
    for bad in ["1.5", "true", "[1]", r#"{"a":1}"#, "18446744073709551615"] {
        let body = format!(r#"{{"From_Account":"u","ProfileItem":[{{"Tag":"T","Value":{bad}}}]}}"#);
        let error = Event::parse(&Command::PROFILE_PORTRAIT_SET, body.as_bytes()).unwrap_err();
        assert_eq!(error.path(), Some("ProfileItem[0].Value"), "{bad}");
    }
}

#[test]
fn state_changes_with_custom_status_kicked_devices_and_legacy_bodies() {
    let event: StateChange = typed(&Command::STATE_STATE_CHANGE);
    assert_eq!(event.info.action, Some(StateAction::Login));
    assert_eq!(event.info.reason, Some(StateReason::Register));
    assert_eq!(event.user(), "testuser316");
    let platforms: Vec<Platform> = event
        .kicked_platforms()
        .map(DevicePlatform::platform)
        .collect();
    assert_eq!(platforms, [Platform::Windows, Platform::Android]);
    // The older Logout body: no EventTime, no KickedDevice.
    let legacy = r#"{"CallbackCommand":"State.StateChange","Info":{"Action":"Logout","To_Account":"u","Reason":"Unregister"}}"#;
    let event = parse(&Command::STATE_STATE_CHANGE, legacy);
    assert_eq!(event.event_time(), None);
    let Event::StateStateChange(state) = &event else {
        panic!("not a state change");
    };
    assert_eq!(state.info.action, Some(StateAction::Logout));
    assert_eq!(state.kicked_device, None);
    assert_eq!(serde_json::to_string(&event).unwrap(), legacy);
    // Custom status, wherever it stands; platforms in other spellings.
    let body = r#"{"Info":{"Action":"CustomStatusChange","To_Account":"u","Reason":"SetCustomStatus"},"CustomStatus":"busy","KickedDevice":[{"Platform":"IOS"},{"Platform":"iPad"},{"Platform":"HarmonyOS"}]}"#;
    let state: StateChange = serde_json::from_str(body).unwrap();
    assert_eq!(state.custom_status(), Some("busy"));
    let platforms: Vec<Platform> = state
        .kicked_platforms()
        .map(DevicePlatform::platform)
        .collect();
    assert_eq!(
        platforms,
        [
            Platform::Ios,
            Platform::IPad,
            Platform::Other("HarmonyOS".into())
        ]
    );
    assert_eq!(
        serde_json::to_value(&state).unwrap(),
        serde_json::from_str::<Value>(body).unwrap(),
        "spellings kept"
    );
    let reason: StateChange = serde_json::from_str(
        r#"{"Info":{"To_Account":"u","Action":"Disconnect","Reason":"TimeOut"}}"#,
    )
    .unwrap();
    assert_eq!(reason.info.reason, Some(StateReason::TimeOut));
}

#[test]
fn follow_targets_in_both_shapes() {
    let add: FollowAdd = typed(&Command::FOLLOW_AFTER_FOLLOW_ADD);
    assert_eq!(
        add.targets().collect::<Vec<_>>(),
        ["UserID_002", "UserID_003"]
    );
    assert!(matches!(
        add.follow_list.as_ref().unwrap()[0],
        FollowTarget::Entry(_)
    ));
    let delete: FollowDelete = typed(&Command::FOLLOW_AFTER_FOLLOW_DELETE);
    assert_eq!(
        delete.targets().collect::<Vec<_>>(),
        ["UserID_002", "UserID_003"]
    );
    assert!(matches!(
        delete.to_account.as_ref().unwrap()[0],
        FollowTarget::Account(_)
    ));
    // Each list in the other callback's shape, as its table describes it.
    let add: FollowAdd =
        serde_json::from_str(r#"{"From_Account":"a","FollowList":["b",7]}"#).unwrap();
    assert_eq!(add.targets().collect::<Vec<_>>(), ["b", "7"]);
    let delete: FollowDelete = serde_json::from_str(
        r#"{"From_Account":"a","To_Account":[{"To_Account":"b","Nick":"x"}]}"#,
    )
    .unwrap();
    assert_eq!(delete.targets().collect::<Vec<_>>(), ["b"]);
    assert_eq!(
        serde_json::to_string(&delete).unwrap(),
        r#"{"From_Account":"a","To_Account":[{"To_Account":"b","Nick":"x"}]}"#
    );
    for bad in ["true", "[1]", "null", "1.5", r#"{"Nick":"x"}"#] {
        let body = format!(r#"{{"From_Account":"a","FollowList":[{bad}]}}"#);
        let error = Event::parse(&Command::FOLLOW_AFTER_FOLLOW_ADD, body.as_bytes()).unwrap_err();
        assert_eq!(error.kind(), BodyErrorKind::Data, "{bad}");
        assert_eq!(error.path(), Some("FollowList[0]"), "{bad}");
    }
}

#[test]
fn alerts_and_quota_alarms() {
    let Event::AlertRequestOverLimit(alert) = parse(
        &Command::ALERT_REQUEST_OVER_LIMIT,
        sample(&Command::ALERT_REQUEST_OVER_LIMIT),
    ) else {
        panic!("not an alert");
    };
    assert_eq!(alert.api().as_deref(), Some("openim/batchsendmsg"));
    assert_eq!((alert.request, alert.limit), (Some(510), Some(200)));
    let Event::GroupOnDailyGroupQuotaAlarm(alarm) = parse(
        &Command::GROUP_ON_DAILY_GROUP_QUOTA_ALARM,
        sample(&Command::GROUP_ON_DAILY_GROUP_QUOTA_ALARM),
    ) else {
        panic!("not an alarm");
    };
    assert_eq!((alarm.quota_used, alarm.quota), (Some(7321), Some(10000)));
}

#[test]
fn unknown_fields_are_kept_everywhere() {
    for command in &COMMANDS {
        let mut body: Value = serde_json::from_str(sample(command)).unwrap();
        body["FutureField"] = json!({"Nested": [1, 144115233775727695u64]});
        let text = body.to_string();
        let event = parse(command, &text);
        let out: Value = serde_json::to_value(&event).unwrap();
        assert_eq!(out["FutureField"], body["FutureField"], "{command}");
    }
}

// ── Replies ──────────────────────────────────────────────────────────────────────────

fn reply_sample(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

fn as_json(reply: impl IntoReply) -> Value {
    serde_json::to_value(reply.into_reply()).unwrap()
}

#[test]
fn group_replies_are_tencents_samples() {
    for (reply, text) in [
        (
            GroupReply::Reject,
            include_str!("fixtures/im/Group.CallbackBeforeCreateGroup.reply.json"),
        ),
        (
            GroupReply::Reject,
            include_str!("fixtures/im/Group.CallbackBeforeApplyJoinGroup.reply.json"),
        ),
        (
            GroupReply::Reject,
            include_str!("fixtures/im/Group.CallbackBeforeCreateTopic.reply.json"),
        ),
    ] {
        assert_eq!(as_json(reply), reply_sample(text));
    }
    let invite: BeforeInviteJoinGroup = typed(&Command::GROUP_BEFORE_INVITE_JOIN_GROUP);
    assert_eq!(
        as_json(InviteReply::refuse(&invite, ["jared"])),
        reply_sample(include_str!(
            "fixtures/im/Group.CallbackBeforeInviteJoinGroup.reply.json"
        ))
    );
    assert_eq!(
        as_json(GroupReply::Allow),
        json!({"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0})
    );
    assert_eq!(
        as_json(GroupReply::reject_with(
            GroupCode::new(10150).unwrap(),
            "closed"
        )),
        json!({"ActionStatus":"OK","ErrorInfo":"closed","ErrorCode":10150})
    );
}

#[test]
fn group_codes_only_in_their_range() {
    assert_eq!(GroupCode::new(10100).unwrap().get(), 10100);
    assert_eq!(GroupCode::new(10200).unwrap().get(), 10200);
    for code in [0, 1, 2, 10099, 10201, 120001, -10150] {
        let error = GroupCode::new(code).unwrap_err();
        assert_eq!(error.code(), code);
    }
    assert!(GroupCode::try_from(10101_i64).is_ok());
    assert_eq!(i64::from(GroupCode::MAX), 10200);
    assert_eq!(FriendCode::MIN.get(), 38000);
    assert!(FriendCode::new(39000).is_ok() && FriendCode::new(37999).is_err());
    assert_eq!(
        (
            OfficialAccountCode::MIN.get(),
            OfficialAccountCode::MAX.get()
        ),
        (120001, 130000)
    );
    assert!(OfficialAccountCode::new(120000).is_err());
}

#[test]
fn only_invitees_can_be_refused() {
    let invite: BeforeInviteJoinGroup = typed(&Command::GROUP_BEFORE_INVITE_JOIN_GROUP);
    assert_eq!(invite.invitees().collect::<Vec<_>>(), ["jared", "leckie"]);
    let refused = RefusedInvitees::new(&invite, ["leckie", "mallory", "jared", "leckie"]);
    assert_eq!(refused.accounts(), ["jared", "leckie"]);
    assert_eq!(
        InviteReply::refuse(&invite, ["mallory"]),
        InviteReply::Allow
    );
    assert_eq!(
        InviteReply::refuse(&invite, Vec::<String>::new()),
        InviteReply::Allow
    );
    assert_eq!(InviteReply::from(GroupReply::Reject), InviteReply::Reject);
    let reply = InviteReply::refuse(&invite, ["leckie".to_owned()]).into_reply();
    assert_eq!(
        reply.extra_fields()["RefusedMembers_Account"],
        json!(["leckie"])
    );
    assert_eq!(reply.error_code(), 0);
    let none: BeforeInviteJoinGroup = serde_json::from_str(r#"{"GroupId":"g"}"#).unwrap();
    assert!(RefusedInvitees::new(&none, ["x"]).is_empty());
}

#[test]
fn friend_replies_are_tencents_samples() {
    let add: PrevFriendAdd = typed(&Command::SNS_PREV_FRIEND_ADD);
    assert_eq!(
        as_json(FriendReply::allow_all(&add)),
        reply_sample(include_str!(
            "fixtures/im/Sns.CallbackPrevFriendAdd.reply.json"
        ))
    );
    let answer: PrevFriendResponse = typed(&Command::SNS_PREV_FRIEND_RESPONSE);
    assert_eq!(
        as_json(FriendReply::allow_all(&answer)),
        reply_sample(include_str!(
            "fixtures/im/Sns.CallbackPrevFriendResponse.reply.json"
        ))
    );
    let refused = FriendReply::refuse_all(&answer, FriendCode::MAX, "closed");
    assert_eq!(
        as_json(refused.clone())["ResultItem"][1],
        json!({"To_Account":"id2","ResultCode":39000,"ResultInfo":"closed"})
    );
    assert_eq!(refused.results()[0].to_account(), "id1");
    let mixed = FriendReply::decide(&add, |to| {
        if to == "id1" {
            FriendDecision::Allow
        } else {
            FriendDecision::refuse(FriendCode::new(38500).unwrap(), "no")
        }
    });
    assert_eq!(mixed.results()[0].decision(), &FriendDecision::Allow);
    assert_eq!(as_json(mixed)["ResultItem"][1]["ResultCode"], json!(38500));
}

#[test]
fn official_account_replies_are_tencents_samples() {
    assert_eq!(
        as_json(CreateOfficialAccountReply::Reject),
        reply_sample(include_str!(
            "fixtures/im/OfficialAccount.CallbackBeforeCreateOfficialAccount.reply.json"
        ))
    );
    assert_eq!(
        as_json(CreateOfficialAccountReply::reject_with(
            OfficialAccountCode::new(120500).unwrap(),
            "taken"
        )),
        json!({"ActionStatus":"OK","ErrorInfo":"taken","ErrorCode":120500})
    );
    // Tencent's sample plus the prose's name for the same list: both are sent.
    let subscribe: BeforeAddSubscriber = typed(&Command::OFFICIAL_ACCOUNT_BEFORE_ADD_SUBSCRIBER);
    let mut expected = reply_sample(include_str!(
        "fixtures/im/OfficialAccount.CallbackBeforeAddSubscriber.reply.json"
    ));
    expected["RefusedMembers_Account"] = expected["RefusedSubscribers_Account"].clone();
    assert_eq!(
        as_json(AddSubscriberReply::refuse(
            &subscribe,
            ["jared", "stranger"]
        )),
        expected
    );
    assert_eq!(
        AddSubscriberReply::refuse(&subscribe, ["stranger"]),
        AddSubscriberReply::Allow
    );
    assert_eq!(as_json(AddSubscriberReply::Reject)["ErrorCode"], 1);
}

// ── Through the layer and the router ────────────────────────────────────────────────

fn layer() -> CallbackLayer {
    CallbackLayer::builder().sdk_app_id(APP).build().unwrap()
}

fn router() -> CommandRouter {
    CommandRouter::new()
        .on(|cb: Callback<BeforeCreateGroup>| async move {
            assert_eq!(cb.event().owner_account.as_deref(), Some("leckie"));
            GroupReply::Reject
        })
        .on(|_: Callback<BeforeApplyJoinGroup>| async { GroupReply::Reject })
        .on(|_: Callback<BeforeCreateTopic>| async { GroupReply::Reject })
        .on(|cb: Callback<BeforeInviteJoinGroup>| async move {
            InviteReply::refuse(cb.event(), ["jared"])
        })
        .on(|cb: Callback<PrevFriendAdd>| async move { FriendReply::allow_all(cb.event()) })
        .on(|cb: Callback<PrevFriendResponse>| async move {
            Ok::<_, Reply>(FriendReply::allow_all(cb.event()))
        })
        .on(|_: Callback<BeforeCreateOfficialAccount>| async { CreateOfficialAccountReply::Reject })
        .on(|cb: Callback<BeforeAddSubscriber>| async move {
            AddSubscriberReply::refuse(cb.event(), ["jared"])
        })
        .on(|_: Callback<NewMemberJoin>| async {})
}

async fn reply_to(service: CommandRouter, command: &Command) -> (u16, Value) {
    let request = CallbackRequest::new(APP, command.clone())
        .body(sample(command))
        .build();
    let response = layer().layer(service).oneshot(request).await.unwrap();
    (
        response.status().as_u16(),
        json_body(response.into_body()).await,
    )
}

#[tokio::test]
async fn typed_handlers_answer_with_tencents_reply_samples() {
    let mut subscriber = reply_sample(include_str!(
        "fixtures/im/OfficialAccount.CallbackBeforeAddSubscriber.reply.json"
    ));
    subscriber["RefusedMembers_Account"] = json!(["jared"]);
    for (command, expected) in [
        (
            Command::GROUP_BEFORE_CREATE_GROUP,
            reply_sample(include_str!(
                "fixtures/im/Group.CallbackBeforeCreateGroup.reply.json"
            )),
        ),
        (
            Command::GROUP_BEFORE_APPLY_JOIN_GROUP,
            reply_sample(include_str!(
                "fixtures/im/Group.CallbackBeforeApplyJoinGroup.reply.json"
            )),
        ),
        (
            Command::GROUP_BEFORE_CREATE_TOPIC,
            reply_sample(include_str!(
                "fixtures/im/Group.CallbackBeforeCreateTopic.reply.json"
            )),
        ),
        (
            Command::GROUP_BEFORE_INVITE_JOIN_GROUP,
            reply_sample(include_str!(
                "fixtures/im/Group.CallbackBeforeInviteJoinGroup.reply.json"
            )),
        ),
        (
            Command::SNS_PREV_FRIEND_ADD,
            reply_sample(include_str!(
                "fixtures/im/Sns.CallbackPrevFriendAdd.reply.json"
            )),
        ),
        (
            Command::SNS_PREV_FRIEND_RESPONSE,
            reply_sample(include_str!(
                "fixtures/im/Sns.CallbackPrevFriendResponse.reply.json"
            )),
        ),
        (
            Command::OFFICIAL_ACCOUNT_BEFORE_CREATE_OFFICIAL_ACCOUNT,
            reply_sample(include_str!(
                "fixtures/im/OfficialAccount.CallbackBeforeCreateOfficialAccount.reply.json"
            )),
        ),
        (Command::OFFICIAL_ACCOUNT_BEFORE_ADD_SUBSCRIBER, subscriber),
    ] {
        assert_eq!(
            reply_to(router(), &command).await,
            (200, expected),
            "{command}"
        );
    }
}

#[tokio::test]
async fn unhandled_commands_of_the_family_are_allowed() {
    for command in &COMMANDS {
        let (status, reply) = reply_to(CommandRouter::new(), command).await;
        assert_eq!(status, 200, "{command}");
        assert_eq!(
            reply,
            json!({"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}),
            "{command}"
        );
    }
}

#[test]
fn the_reply_samples_as_published_are_not_json() {
    for text in [
        include_str!("fixtures/im/Group.CallbackBeforeCreateGroup.reply.as-published.txt"),
        include_str!("fixtures/im/Group.CallbackBeforeApplyJoinGroup.reply.as-published.txt"),
        include_str!("fixtures/im/Group.CallbackBeforeCreateTopic.reply.as-published.txt"),
        include_str!("fixtures/im/Group.CallbackBeforeInviteJoinGroup.reply.as-published.txt"),
        include_str!(
            "fixtures/im/OfficialAccount.CallbackBeforeCreateOfficialAccount.reply.as-published.txt"
        ),
        include_str!(
            "fixtures/im/OfficialAccount.CallbackBeforeAddSubscriber.reply.as-published.txt"
        ),
    ] {
        // What the crate sends is always valid JSON; Tencent's own samples are not.
        assert!(serde_json::from_str::<Value>(text).is_err());
    }
}

#[test]
fn the_fuzz_seeds_of_the_family_hold_the_event_target_property() {
    // The `event` fuzz target's check, on its seeds: whatever command the first byte picks,
    // a body that parses serialises to JSON that parses to the same event, and again to the
    // same bytes.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/event");
    let commands: Vec<Command> = Command::modelled().collect();
    let mut seeds = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if !path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("im-")
        {
            continue;
        }
        let data = std::fs::read(&path).unwrap();
        let (&selector, body) = data.split_first().unwrap();
        seeds += 1;
        let Some(command) = commands.get(usize::from(selector) % (commands.len() + 1)) else {
            continue;
        };
        let Ok(event) = Event::parse(command, body) else {
            continue;
        };
        let json = serde_json::to_vec(&event).unwrap();
        let again = Event::parse(command, &json).unwrap();
        assert_eq!(again, event, "{}", path.display());
        assert_eq!(
            serde_json::to_vec(&again).unwrap(),
            json,
            "{}",
            path.display()
        );
    }
    assert!(seeds >= 47, "only {seeds} seeds");
}
