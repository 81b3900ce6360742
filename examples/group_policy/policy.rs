//! The group policy itself, apart from serving: a [`CommandRouter`] whose handlers cap how
//! many groups each user creates per day, turn away denied invitees, and log joins, exits
//! and owner changes as JSON lines.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};
use tencent_im_callback::event::Envelope;
use tencent_im_callback::group::{
    BeforeCreateGroup, BeforeInviteJoinGroup, ChangeGroupOwner, GroupCode, GroupReply, InviteReply,
    MemberExit, NewMemberJoin,
};
use tencent_im_callback::{Callback, CommandRouter};

/// Groups a user may create per day when `GROUP_POLICY_DAILY_CAP` is unset.
pub const DEFAULT_DAILY_CAP: u32 = 5;
const DAY_MS: u64 = 24 * 60 * 60 * 1000;
/// The code refusing a group over the cap; Tencent shows it and the text to the user.
const OVER_CAP: GroupCode = GroupCode::MIN;

/// What the policy enforces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicySettings {
    /// Groups one user may create per day (UTC).
    pub daily_cap: u32,
    /// Users nobody may invite into a group.
    pub deny: HashSet<String>,
}

impl PolicySettings {
    /// From `GROUP_POLICY_DAILY_CAP` (default 5) and `GROUP_POLICY_DENY` (user ids separated
    /// by commas; default none).
    #[cfg_attr(test, allow(dead_code))]
    pub fn from_env() -> Result<PolicySettings, String> {
        let var = |name: &str| match std::env::var(name) {
            Ok(value) => Ok(Some(value)),
            Err(std::env::VarError::NotPresent) => Ok(None),
            Err(std::env::VarError::NotUnicode(_)) => Err(format!("{name} is not valid UTF-8")),
        };
        PolicySettings::from_values(
            var("GROUP_POLICY_DAILY_CAP")?.as_deref(),
            var("GROUP_POLICY_DENY")?.as_deref(),
        )
    }

    /// From the two variables' values.
    pub fn from_values(cap: Option<&str>, deny: Option<&str>) -> Result<PolicySettings, String> {
        let daily_cap = match cap.map(str::trim) {
            None | Some("") => DEFAULT_DAILY_CAP,
            Some(text) => text.parse().map_err(|_| {
                format!("GROUP_POLICY_DAILY_CAP must be a whole number such as 5, not {text:?}")
            })?,
        };
        let deny = deny
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|user| !user.is_empty())
            .map(str::to_owned)
            .collect();
        Ok(PolicySettings { daily_cap, deny })
    }
}

/// Groups created per user on one day.
#[derive(Default)]
struct DailyCounts {
    day: u64,
    per_user: HashMap<String, u32>,
}

/// The policy's state, shared by every handler: the counts in memory, the log output.
#[derive(Clone)]
pub struct Policy {
    settings: Arc<PolicySettings>,
    counts: Arc<Mutex<DailyCounts>>,
    log: Arc<Mutex<dyn Write + Send>>,
}

impl Policy {
    /// A policy writing its JSON lines to `log`.
    pub fn new(settings: PolicySettings, log: impl Write + Send + 'static) -> Policy {
        Policy {
            settings: Arc::new(settings),
            counts: Arc::default(),
            log: Arc::new(Mutex::new(log)),
        }
    }

    /// The router to serve behind `CallbackLayer`. Commands without a handler here are
    /// answered OK, so every other before-callback is allowed.
    pub fn router(&self) -> CommandRouter {
        let (create, invite) = (self.clone(), self.clone());
        let (join, exit, owner) = (self.clone(), self.clone(), self.clone());
        CommandRouter::new()
            .on(move |cb: Callback<BeforeCreateGroup>| {
                let reply = create.on_create(cb.event());
                async move { reply }
            })
            .on(move |cb: Callback<BeforeInviteJoinGroup>| {
                let reply = invite.on_invite(cb.event());
                async move { reply }
            })
            .on(move |cb: Callback<NewMemberJoin>| {
                let event = cb.event();
                join.log(json!({
                    "event": "join",
                    "group_id": event.group_id,
                    "join_type": event.join_type.as_ref().map(|t| t.as_str()),
                    "operator": event.operator_account,
                    "members": event.members().collect::<Vec<_>>(),
                    "at_ms": event.event_time,
                }));
                async {}
            })
            .on(move |cb: Callback<MemberExit>| {
                let event = cb.event();
                exit.log(json!({
                    "event": "exit",
                    "group_id": event.group_id,
                    "exit_type": event.exit_type.as_ref().map(|t| t.as_str()),
                    "operator": event.operator_account,
                    "members": event.members().collect::<Vec<_>>(),
                    "at_ms": event.event_time,
                }));
                async {}
            })
            .on(move |cb: Callback<ChangeGroupOwner>| {
                let event = cb.event();
                owner.log(json!({
                    "event": "owner_change",
                    "group_id": event.group_id,
                    "old_owner": event.old_owner_account,
                    "new_owner": event.new_owner_account,
                    "operator": event.operator_account,
                    "at_ms": event.event_time,
                }));
                async {}
            })
    }

    /// Counts the group against its owner's day (the creator's when no owner is named),
    /// refusing it once the cap is reached. The day is the callback's (`EventTime`, UTC),
    /// else the server clock's. A group refused later for another reason still counts.
    fn on_create(&self, event: &BeforeCreateGroup) -> GroupReply {
        let Some(user) = event
            .owner_account
            .as_deref()
            .or(event.operator_account.as_deref())
        else {
            return GroupReply::Allow;
        };
        let day = event.event_time_millis().unwrap_or_else(now_ms) / DAY_MS;
        let mut counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        if day > counts.day {
            // Only today is kept: memory stays bounded by one day's creators.
            *counts = DailyCounts {
                day,
                per_user: HashMap::new(),
            };
        }
        let created = counts.per_user.entry(user.to_owned()).or_insert(0);
        if *created >= self.settings.daily_cap {
            eprintln!("refused a group for {user:?}: {created} created today");
            return GroupReply::reject_with(
                OVER_CAP,
                format!(
                    "daily limit of {} new groups reached",
                    self.settings.daily_cap
                ),
            );
        }
        *created += 1;
        GroupReply::Allow
    }

    /// Admits every invitee but those on the deny list.
    fn on_invite(&self, event: &BeforeInviteJoinGroup) -> InviteReply {
        let reply = InviteReply::refuse(event, &self.settings.deny);
        if let InviteReply::AllowExcept(refused) = &reply {
            eprintln!(
                "refused invitees {:?} into {:?}",
                refused.accounts(),
                event.group_id
            );
        }
        reply
    }

    /// Writes one JSON line. A log that cannot be written is reported, never fatal: the
    /// callback is still answered.
    fn log(&self, line: Value) {
        let mut log = self.log.lock().unwrap_or_else(PoisonError::into_inner);
        let written = serde_json::to_writer(&mut *log, &line)
            .map_err(std::io::Error::from)
            .and_then(|()| log.write_all(b"\n"))
            .and_then(|()| log.flush());
        if let Err(error) = written {
            eprintln!("cannot write the log: {error}");
        }
    }
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| {
            u64::try_from(since.as_millis()).unwrap_or(u64::MAX)
        })
}
