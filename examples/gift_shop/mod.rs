//! The `gifts` example's logic, apart from serving it: the wallet, the decision on each gift,
//! the router that answers `Live.CallbackBeforeSendGift`, and the background printer.
//! `tests/gifts_example.rs` includes this file to drive the same app without a socket.
// The test uses only a part of this module.
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{BufWriter, Write};
use std::sync::{Arc, Mutex, PoisonError};

use axum::Router;
use serde_json::json;
use tencent_im_callback::live::{BeforeSendGift, GiftRejectCode, SendGiftReply};
use tencent_im_callback::{Callback, CallbackLayer, CommandRouter};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

/// The sender's balance is lower than the gift's cost.
pub const INSUFFICIENT_BALANCE: GiftRejectCode = code(102101);
/// The sender has no wallet here.
pub const UNKNOWN_SENDER: GiftRejectCode = code(102102);
/// The gift names no sender or no price, or its cost overflows.
pub const UNPRICEABLE_GIFT: GiftRejectCode = code(102103);

/// A code in Tencent's range, checked when the example compiles.
const fn code(value: i64) -> GiftRejectCode {
    match GiftRejectCode::new(value) {
        Some(code) => code,
        None => panic!("gift refusal codes are in [102100, 102200]"),
    }
}

/// Balances used when `GIFT_BALANCES` is unset: `from` is the sender of Tencent's sample, so
/// `simulate` sees its gift allowed.
pub const DEMO_BALANCES: &str = "from=5000,alice=300,bob=0";

/// Decision lines waiting for the printer; a full queue drops the line, never the reply.
const LINE_QUEUE: usize = 1024;

/// Coins per user, in memory, shared by every request.
#[derive(Clone, Debug, Default)]
pub struct Wallet(Arc<Mutex<HashMap<String, u64>>>);

impl Wallet {
    /// Balances written `user=coins,user=coins`.
    pub fn parse(text: &str) -> Result<Wallet, String> {
        let mut balances = HashMap::new();
        for entry in text
            .split(',')
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
        {
            let (user, coins) = entry
                .split_once('=')
                .ok_or_else(|| format!("{entry:?} is not user=coins"))?;
            let coins = coins.trim().parse().map_err(|_| {
                format!("the balance of {:?} is not a number of coins", user.trim())
            })?;
            balances.insert(user.trim().to_owned(), coins);
        }
        Ok(Wallet(Arc::new(Mutex::new(balances))))
    }

    /// The balances of `GIFT_BALANCES`, or [`DEMO_BALANCES`] when it is unset.
    pub fn from_env() -> Result<Wallet, String> {
        match std::env::var("GIFT_BALANCES") {
            Ok(text) => Wallet::parse(&text).map_err(|error| format!("GIFT_BALANCES: {error}")),
            Err(std::env::VarError::NotPresent) => {
                eprintln!("GIFT_BALANCES is not set: using the demo balances {DEMO_BALANCES}");
                Wallet::parse(DEMO_BALANCES)
            }
            Err(std::env::VarError::NotUnicode(_)) => {
                Err("GIFT_BALANCES is not valid UTF-8".to_owned())
            }
        }
    }

    /// A user's balance, in coins.
    pub fn balance(&self, user: &str) -> Option<u64> {
        self.balances().get(user).copied()
    }

    fn balances(&self) -> std::sync::MutexGuard<'_, HashMap<String, u64>> {
        // Nothing panics while holding the lock; were it poisoned, the map is still whole.
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Decides on a gift: debits the sender and allows it, or refuses it with a code Tencent
    /// passes on to the sender. Touches only memory, so it answers in microseconds.
    ///
    /// The cost is `Coins × Count`: Tencent does not say whether `Coins` is per gift or for
    /// the whole `Count`; adjust to your gift catalogue.
    pub fn decide(&self, gift: &BeforeSendGift) -> Decision {
        let water = &gift.gift_water;
        let sender = water
            .from_account
            .as_deref()
            .filter(|user| !user.is_empty());
        let cost = water
            .coins
            .and_then(|coins| coins.checked_mul(water.count.unwrap_or(1)));
        let (reply, balance) = match (sender, cost) {
            (None, _) => (
                SendGiftReply::reject_with(UNPRICEABLE_GIFT, "the gift names no sender"),
                None,
            ),
            (Some(_), None) => (
                SendGiftReply::reject_with(UNPRICEABLE_GIFT, "the gift has no price"),
                None,
            ),
            (Some(sender), Some(cost)) => {
                let mut balances = self.balances();
                match balances.get_mut(sender) {
                    None => (
                        SendGiftReply::reject_with(UNKNOWN_SENDER, "no wallet for this sender"),
                        None,
                    ),
                    Some(balance) if *balance < cost => (
                        SendGiftReply::reject_with(INSUFFICIENT_BALANCE, "not enough coins"),
                        Some(*balance),
                    ),
                    Some(balance) => {
                        *balance -= cost;
                        (SendGiftReply::Allow, Some(*balance))
                    }
                }
            }
        };
        let (decision, code) = match &reply {
            SendGiftReply::Allow => ("allow", 0),
            SendGiftReply::RejectWith { code, .. } => ("reject", code.get()),
            _ => ("reject", 1),
        };
        let line = json!({
            "room": gift.room_id,
            "from": sender,
            "to": water.to_account,
            "gift": water.gift_id,
            "count": water.count,
            "cost": cost,
            "decision": decision,
            "code": code,
            "balance": balance,
        });
        Decision {
            reply,
            line: line.to_string(),
        }
    }
}

/// What was decided on one gift: the reply, and the JSON line that records it.
#[derive(Debug)]
pub struct Decision {
    /// The answer to Tencent.
    pub reply: SendGiftReply,
    /// One JSON object, without a line break.
    pub line: String,
}

/// The endpoint, `POST /callback`: the layer verifies each callback; the router answers
/// gifts from the wallet, and every other command with OK. Each decision's line is queued
/// for the printer; the reply never waits for it.
pub fn app(layer: CallbackLayer, wallet: Wallet, lines: mpsc::Sender<String>) -> Router {
    let router = CommandRouter::new().on(move |callback: Callback<BeforeSendGift>| {
        let decision = wallet.decide(callback.event());
        if lines.try_send(decision.line).is_err() {
            eprintln!("the decision printer is behind: a decision line was dropped");
        }
        std::future::ready(decision.reply)
    });
    Router::new()
        .route_service("/callback", router)
        .route_layer(layer)
}

/// The queue decision lines go through, and the background worker that prints them on
/// stdout, one per line. The worker ends once every sender is gone and the queue is empty.
pub fn printer() -> (mpsc::Sender<String>, JoinHandle<()>) {
    let (lines, mut queued) = mpsc::channel::<String>(LINE_QUEUE);
    let worker = tokio::task::spawn_blocking(move || {
        let mut stdout = BufWriter::new(std::io::stdout().lock());
        while let Some(first) = queued.blocking_recv() {
            let mut next = Some(first);
            while let Some(line) = next {
                if writeln!(stdout, "{line}").is_err() {
                    return;
                }
                next = queued.try_recv().ok();
            }
            if stdout.flush().is_err() {
                return;
            }
        }
    });
    (lines, worker)
}
