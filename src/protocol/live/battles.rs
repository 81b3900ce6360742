//! Battles (PK) between live rooms: created, started, ended (`Live.CallbackAfterCreateBattle`,
//! `Live.CallbackAfterStartBattle`, `Live.CallbackAfterEndBattle`).
//!
//! Units differ inside one body: `Duration` and `Timeout` are **milliseconds**, `CreateTime`,
//! `StartTime` and `EndTime` are Unix **seconds**, `EventTime` Unix **milliseconds**. The
//! accessors apply them: [`StartBattle::duration`] is a `Duration`, [`StartBattle::started_at`]
//! a `SystemTime`.

use std::time::{Duration, SystemTime};

use super::battle_shapes::{BattleEndReason, FromRoomInfo};
use crate::protocol::event::envelope::{envelope, seconds};
use crate::protocol::event::wire::wire_object;

wire_object! {
    /// A room in a battle: `FromRoomInfo` (the caller) or an element of `ToRoomList` (the
    /// callees). Requires `RoomId`.
    pub struct BattleRoom {
        /// The room.
        pub room_id: String = "RoomId",
        /// The room's host; a string (start-battle) or a bare number above 2^53
        /// (end-battle), kept digit for digit.
        pub owner_account: Option<String> = "Owner_Account",
        /// The room's score in the battle (end-battle only).
        pub score: Option<i64> = "Score",
    }
}

wire_object! {
    /// `Live.CallbackAfterCreateBattle`: a host invited other rooms to a battle. Requires
    /// `BattleId`.
    ///
    /// ```
    /// use std::time::Duration;
    /// use tencent_im_callback::{Command, Event};
    ///
    /// let body = br#"{"CallbackCommand":"Live.CallbackAfterCreateBattle","BattleId":"b1",
    ///     "FromRoomId":"pk-3","ToRoomIdList":["pk-5"],"Timeout":30000,"Duration":60000,
    ///     "NeedResponse":true,"EventTime":1739954005000}"#;
    /// let Event::LiveAfterCreateBattle(event) = Event::parse(&Command::LIVE_AFTER_CREATE_BATTLE, body)? else {
    ///     unreachable!()
    /// };
    /// assert_eq!(event.duration(), Some(Duration::from_secs(60)));
    /// assert_eq!(event.timeout(), Some(Duration::from_secs(30)));
    /// # Ok::<(), tencent_im_callback::event::BodyError>(())
    /// ```
    pub struct CreateBattle {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// Who started the battle request.
        pub operator_account: Option<String> = "Operator_Account",
        /// The battle (an opaque, base64-like string with `/`, `+`, `=`).
        pub battle_id: String = "BattleId",
        /// The caller's room.
        pub from_room_id: Option<String> = "FromRoomId",
        /// The invited rooms.
        pub to_room_id_list: Option<Vec<String>> = "ToRoomIdList",
        /// How long the callees have to answer when `NeedResponse` is true, in
        /// **milliseconds**; see [`CreateBattle::timeout`].
        pub timeout_ms: Option<u64> = "Timeout",
        /// How long the battle lasts once started, in **milliseconds**; see
        /// [`CreateBattle::duration`].
        pub duration_ms: Option<u64> = "Duration",
        /// `false`: the battle starts at once; `true`: it waits for the callees to answer.
        pub need_response: Option<bool> = "NeedResponse",
        /// The app's own data for the battle.
        pub extension_info: Option<String> = "ExtensionInfo",
        /// When it happened, Unix **milliseconds**.
        pub event_time: Option<u64> = "EventTime",
    }
}

impl CreateBattle {
    /// `Duration` as a `Duration` (the wire value is in milliseconds).
    pub fn duration(&self) -> Option<Duration> {
        self.duration_ms.map(Duration::from_millis)
    }

    /// `Timeout` as a `Duration` (the wire value is in milliseconds).
    pub fn timeout(&self) -> Option<Duration> {
        self.timeout_ms.map(Duration::from_millis)
    }
}

wire_object! {
    /// `Live.CallbackAfterStartBattle`: a battle started, at once (`NeedResponse` false) or
    /// once every callee answered and one accepted. Requires `BattleId`. There is no
    /// `Operator_Account`.
    pub struct StartBattle {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// The battle.
        pub battle_id: String = "BattleId",
        /// How long the battle lasts, in **milliseconds**; see [`StartBattle::duration`].
        pub duration_ms: Option<u64> = "Duration",
        /// When the battle was created, Unix **seconds**; see [`StartBattle::created_at`].
        pub create_time: Option<u64> = "CreateTime",
        /// When the battle started, Unix **seconds**; see [`StartBattle::started_at`].
        pub start_time: Option<u64> = "StartTime",
        /// The caller's room (an object in the samples, a String in the table).
        pub from_room_info: Option<FromRoomInfo> = "FromRoomInfo",
        /// The callees' rooms.
        pub to_room_list: Option<Vec<BattleRoom>> = "ToRoomList",
        /// When it happened, Unix **milliseconds**.
        pub event_time: Option<u64> = "EventTime",
    }
}

impl StartBattle {
    /// `Duration` as a `Duration` (the wire value is in milliseconds).
    pub fn duration(&self) -> Option<Duration> {
        self.duration_ms.map(Duration::from_millis)
    }

    /// `CreateTime` as a `SystemTime` (the wire value is in seconds).
    pub fn created_at(&self) -> Option<SystemTime> {
        seconds(self.create_time)
    }

    /// `StartTime` as a `SystemTime` (the wire value is in seconds).
    pub fn started_at(&self) -> Option<SystemTime> {
        seconds(self.start_time)
    }

    /// When the battle is due to end: `StartTime` (seconds) plus `Duration` (milliseconds).
    pub fn ends_at(&self) -> Option<SystemTime> {
        self.started_at()?.checked_add(self.duration()?)
    }
}

wire_object! {
    /// `Live.CallbackAfterEndBattle`: a battle ended — time up, every host left, or nobody
    /// accepted. Requires `BattleId`. There is no `Operator_Account`.
    ///
    /// ```
    /// use std::time::Duration;
    /// use tencent_im_callback::live::BattleEndReason;
    /// use tencent_im_callback::{Command, Event};
    ///
    /// let body = br#"{"CallbackCommand":"Live.CallbackAfterEndBattle","BattleId":"b1","Duration":30000,
    ///     "CreateTime":1739956115,"StartTime":1739956115,"EndTime":1739956145,"OpType":0,
    ///     "FromRoomInfo":{"RoomId":"pk-3","Score":0,"Owner_Account":144115245353757792},
    ///     "ToRoomList":[{"RoomId":"pk-5","Score":3,"Owner_Account":144115245442327522}],
    ///     "EventTime":1739956146119}"#;
    /// let Event::LiveAfterEndBattle(event) = Event::parse(&Command::LIVE_AFTER_END_BATTLE, body)? else {
    ///     unreachable!()
    /// };
    /// assert_eq!(event.op_type, Some(BattleEndReason::TimeUp));
    /// let lasted = event.ended_at().unwrap().duration_since(event.started_at().unwrap())?;
    /// assert_eq!(Some(lasted), event.duration());
    /// assert_eq!(event.to_room_list.unwrap()[0].owner_account.as_deref(), Some("144115245442327522"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub struct EndBattle {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// The battle.
        pub battle_id: String = "BattleId",
        /// How long the battle was set to last, in **milliseconds**; see
        /// [`EndBattle::duration`].
        pub duration_ms: Option<u64> = "Duration",
        /// When the battle was created, Unix **seconds**; see [`EndBattle::created_at`].
        pub create_time: Option<u64> = "CreateTime",
        /// When the battle started, Unix **seconds**; see [`EndBattle::started_at`].
        pub start_time: Option<u64> = "StartTime",
        /// When the battle ended, Unix **seconds**; see [`EndBattle::ended_at`].
        pub end_time: Option<u64> = "EndTime",
        /// Why it ended.
        pub op_type: Option<BattleEndReason> = "OpType",
        /// The caller's room and score (an object in the samples, a String in the table).
        pub from_room_info: Option<FromRoomInfo> = "FromRoomInfo",
        /// The callees' rooms and scores.
        pub to_room_list: Option<Vec<BattleRoom>> = "ToRoomList",
        /// When it happened, Unix **milliseconds**.
        pub event_time: Option<u64> = "EventTime",
    }
}

impl EndBattle {
    /// `Duration` as a `Duration` (the wire value is in milliseconds).
    pub fn duration(&self) -> Option<Duration> {
        self.duration_ms.map(Duration::from_millis)
    }

    /// `CreateTime` as a `SystemTime` (the wire value is in seconds).
    pub fn created_at(&self) -> Option<SystemTime> {
        seconds(self.create_time)
    }

    /// `StartTime` as a `SystemTime` (the wire value is in seconds).
    pub fn started_at(&self) -> Option<SystemTime> {
        seconds(self.start_time)
    }

    /// `EndTime` as a `SystemTime` (the wire value is in seconds).
    pub fn ended_at(&self) -> Option<SystemTime> {
        seconds(self.end_time)
    }
}

envelope!(CreateBattle {
    command: callback_command,
    operator: operator_account,
    time_ms: event_time,
});

envelope!(StartBattle {
    command: callback_command,
    time_ms: event_time,
});

envelope!(EndBattle {
    command: callback_command,
    time_ms: event_time,
});
