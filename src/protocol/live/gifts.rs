//! The gift before-callback (`Live.CallbackBeforeSendGift`) and its typed reply.

use std::fmt;
use std::time::SystemTime;

use crate::protocol::event::envelope::{envelope, seconds};
use crate::protocol::event::wire::wire_object;
use crate::protocol::reply::{Reply, TypedReply};

/// The pseudo-command that switches the gift before-callback to non-blocking mode: add it to
/// `CallbackCommandList` (LiveKit's `set_callback` / `update_callback` REST API) and a gift
/// goes through when your reply is missing, late or broken. It is a configuration switch
/// (inferred from Tencent's command list; note the casing `CallBack`); no callback carries
/// it. See [`SendGiftReply`] for the default, blocking mode.
pub const NON_BLOCKING_GIFT_SWITCH: &str = "Live.CallbackBeforeCallBackNotBlock";

wire_object! {
    /// `GiftWater`: the gift being sent.
    pub struct GiftWater {
        /// The sender's user id.
        pub from_account: Option<String> = "From_Account",
        /// The recipients' user ids.
        pub to_account: Option<Vec<String>> = "To_Account",
        /// When it was sent, Unix **seconds** (the table just says "timestamp"); see
        /// [`GiftWater::sent_at`].
        pub time: Option<u64> = "Time",
        /// The gift.
        pub gift_id: Option<String> = "GiftId",
        /// How many of it.
        pub count: Option<u64> = "Count",
        /// The gift's value, in coins (Tencent does not say whether per gift or for all
        /// `Count`).
        pub coins: Option<u64> = "Coins",
    }
}

impl GiftWater {
    /// `Time` as a `SystemTime` (the wire value is in seconds).
    pub fn sent_at(&self) -> Option<SystemTime> {
        seconds(self.time)
    }
}

wire_object! {
    /// `Live.CallbackBeforeSendGift`: a viewer is about to send a gift from a client. Reply
    /// with a [`SendGiftReply`] — within 2 seconds, or the gift is blocked. Requires `RoomId`
    /// and `GiftWater`. There is no `EventTime`; the gift's own time is
    /// [`GiftWater::sent_at`].
    pub struct BeforeSendGift {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// Who sent the gift request (the table says "battle request", a copy-paste).
        pub operator_account: Option<String> = "Operator_Account",
        /// The room.
        pub room_id: String = "RoomId",
        /// The gift.
        pub gift_water: GiftWater = "GiftWater",
    }
}

impl BeforeSendGift {
    /// `GiftWater.Time` as a `SystemTime` (the wire value is in seconds).
    pub fn sent_at(&self) -> Option<SystemTime> {
        self.gift_water.sent_at()
    }
}

envelope!(BeforeSendGift {
    command: callback_command,
    operator: operator_account,
});

/// The reply to `Live.CallbackBeforeSendGift`: whether the gift goes through.
///
/// Every decision is sent with `ActionStatus` `OK`; the decision is the `ErrorCode`: `0` the
/// gift goes through, `1` it is refused, a code in \[102100, 102200\] ([`GiftRejectCode`]) it
/// is refused and Tencent passes the code on to the sender. `2` does **not** mean "discard"
/// here as it does for IM messages, so this type cannot send it. A handler registered for the
/// command with [`CommandRouter::on`](crate::CommandRouter::on) must return this type.
///
/// **The budget is 2 seconds, and the callback fails closed.** If Tencent's live backend has
/// no usable reply within 2 seconds — a slow handler, an HTTP status other than 200, a body
/// that is not JSON, or a request this crate's layer refused (bad signature, clock skew, a
/// body that does not fit) — **the gift is blocked**, and the streamer silently loses it.
/// Only the non-blocking configuration ([`NON_BLOCKING_GIFT_SWITCH`] in the callback command
/// list) lets gifts through in those cases. A handler error (`Err` from the handler) is
/// answered with the error's reply, a `FAIL` (usually with HTTP 500), so the gift is blocked
/// too. So
/// decide from what you hold in memory and reply at once; do the slow work (ledgers,
/// notifications) in the background — the crate's `gifts` example shows how.
///
/// ```
/// use tencent_im_callback::live::{GiftRejectCode, SendGiftReply};
/// use tencent_im_callback::IntoReply;
///
/// assert_eq!(SendGiftReply::Allow.into_reply().error_code(), 0);
/// assert_eq!(SendGiftReply::Reject.into_reply().error_code(), 1);
/// let low_balance = GiftRejectCode::new(102101).expect("in range");
/// let reply = SendGiftReply::reject_with(low_balance, "balance too low").into_reply();
/// assert_eq!((reply.error_code(), reply.error_info()), (102101, "balance too low"));
/// assert!(reply.is_ok());
/// // Codes outside the range cannot be built.
/// assert!(GiftRejectCode::new(2).is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SendGiftReply {
    /// The gift goes through (`ErrorCode` 0).
    Allow,
    /// The gift is refused (`ErrorCode` 1).
    Reject,
    /// The gift is refused with a code Tencent passes on to the sender, and a message.
    RejectWith {
        /// The code, in \[102100, 102200\].
        code: GiftRejectCode,
        /// The message (`ErrorInfo`).
        info: String,
    },
}

impl SendGiftReply {
    /// [`SendGiftReply::RejectWith`] with this code and message.
    pub fn reject_with(code: GiftRejectCode, info: impl Into<String>) -> SendGiftReply {
        SendGiftReply::RejectWith {
            code,
            info: info.into(),
        }
    }
}

impl From<SendGiftReply> for Reply {
    fn from(reply: SendGiftReply) -> Reply {
        match reply {
            SendGiftReply::Allow => Reply::allow(),
            SendGiftReply::Reject => Reply::reject(),
            SendGiftReply::RejectWith { code, info } => Reply::reject_with(code.get(), info),
        }
    }
}

impl TypedReply for SendGiftReply {}

/// A gift refusal code Tencent passes on to the sender: only \[102100, 102200\] can be built.
///
/// ```
/// use tencent_im_callback::live::GiftRejectCode;
///
/// const NOT_ENOUGH_COINS: GiftRejectCode = match GiftRejectCode::new(102101) {
///     Some(code) => code,
///     None => panic!("out of range"),
/// };
/// assert_eq!(NOT_ENOUGH_COINS.get(), 102101);
/// assert!(GiftRejectCode::try_from(102201).is_err());
/// assert_eq!(GiftRejectCode::MIN.get(), 102100);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GiftRejectCode(i64);

impl GiftRejectCode {
    /// The lowest code: 102100.
    pub const MIN: GiftRejectCode = GiftRejectCode(102_100);
    /// The highest code: 102200.
    pub const MAX: GiftRejectCode = GiftRejectCode(102_200);

    /// The code, if it is in \[102100, 102200\].
    pub const fn new(code: i64) -> Option<GiftRejectCode> {
        if code >= GiftRejectCode::MIN.0 && code <= GiftRejectCode::MAX.0 {
            Some(GiftRejectCode(code))
        } else {
            None
        }
    }

    /// The code.
    pub const fn get(self) -> i64 {
        self.0
    }
}

impl TryFrom<i64> for GiftRejectCode {
    type Error = GiftRejectCodeOutOfRange;

    fn try_from(code: i64) -> Result<GiftRejectCode, GiftRejectCodeOutOfRange> {
        GiftRejectCode::new(code).ok_or(GiftRejectCodeOutOfRange(code))
    }
}

impl fmt::Display for GiftRejectCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A code outside \[102100, 102200\] was given to [`GiftRejectCode::try_from`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GiftRejectCodeOutOfRange(i64);

impl GiftRejectCodeOutOfRange {
    /// The code that was refused.
    pub fn code(&self) -> i64 {
        self.0
    }
}

impl fmt::Display for GiftRejectCodeOutOfRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "gift refusal code {} is outside [102100, 102200]",
            self.0
        )
    }
}

impl std::error::Error for GiftRejectCodeOutOfRange {}
