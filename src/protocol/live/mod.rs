//! TUILiveKit callbacks (`Live.*`): live rooms, their metadata and quota, members, owners and
//! admins, battles (PK) and the gift before-callback.
//!
//! LiveKit also sends `Mic.CallbackAfterSeatInfoChanged` (typed in [`mic`](crate::mic), which
//! accepts both the TUIRoomKit and the TUILiveKit body) and
//! `Follow.CallbackAfterCloudRecordingChanged` (typed in [`follow`](crate::follow)).
//!
//! What LiveKit bodies have in common, and how this module reads it:
//!
//! - Account ids (`Owner_Account`, `Member_Account`, …) arrive as strings in some samples and
//!   as bare JSON numbers above 2^53 in others; both are read into `String`, digit for digit
//!   (a float would turn `144115216631667826` into `144115216631667840`), and written back as
//!   strings.
//! - `EventTime` is Unix **milliseconds** where present, and absent from create-room and the
//!   gift callback; every other time (`CreateTime`, `StartTime`, `EndTime`, `GiftWater.Time`)
//!   is Unix **seconds**, and battle `Duration`/`Timeout` are **milliseconds**. Each has an
//!   accessor returning a `SystemTime` or a `Duration` with the unit already applied.
//! - Enumerations that grew (`EventCause` gained `Kicked`) keep values no table lists.
//! - Fields Tencent adds without notice are kept in each body's `extra`.
//!
//! ```
//! use tencent_im_callback::live::{MemberState, MemberStateCause};
//! use tencent_im_callback::{Command, Event};
//!
//! let body = br#"{"CallbackCommand":"Live.CallbackAfterMemberStateChanged","RoomId":"r1",
//!                 "EventType":"Offline","EventCause":"Kicked",
//!                 "MemberList":[{"Member_Account":144115233775727695}],"EventTime":1703589922780}"#;
//! let Event::LiveAfterMemberStateChanged(event) =
//!     Event::parse(&Command::LIVE_AFTER_MEMBER_STATE_CHANGED, body)?
//! else {
//!     unreachable!()
//! };
//! assert_eq!(event.event_type, Some(MemberState::Offline));
//! assert_eq!(event.event_cause, Some(MemberStateCause::Kicked));
//! assert_eq!(event.accounts().collect::<Vec<_>>(), ["144115233775727695"]);
//! # Ok::<(), tencent_im_callback::event::BodyError>(())
//! ```

mod battle_shapes;
mod battles;
mod gifts;
mod members;
mod metadata;
mod quota;
mod rooms;

pub use battle_shapes::{BattleEndReason, FromRoomInfo};
pub use battles::{BattleRoom, CreateBattle, EndBattle, StartBattle};
pub use gifts::{
    BeforeSendGift, GiftRejectCode, GiftRejectCodeOutOfRange, GiftWater, SendGiftReply,
    NON_BLOCKING_GIFT_SWITCH,
};
pub use members::{
    AdminOp, ChangeOwner, Member, MemberState, MemberStateCause, MemberStateChanged, ModifyAdmin,
};
pub use metadata::{DelMetadata, MetadataItem, SetMetadata};
pub use quota::{CreateRoomReachingThreshold, RoomCount};
pub use rooms::{
    CreateRoom, DestroyRoom, DestroyType, RoomInfo, Statistic, UpdateRoomInfo, SYSTEM_OPERATOR,
};
