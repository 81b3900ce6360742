//! IM relationship callbacks (`Sns.*`): friend requests and answers (before-callbacks with a
//! per-target reply), friendships made and ended, and block lists.
//!
//! ```
//! use tencent_im_callback::sns::{FriendDecision, FriendCode, FriendReply, PrevFriendAdd};
//! use tencent_im_callback::{Callback, CommandRouter};
//!
//! // Refuse friend requests to the support account, allow the others.
//! let router = CommandRouter::new().on(|cb: Callback<PrevFriendAdd>| async move {
//!     FriendReply::decide(cb.event(), |to_account| {
//!         if to_account == "support" {
//!             FriendDecision::refuse(FriendCode::new(38001).unwrap(), "support takes no friends")
//!         } else {
//!             FriendDecision::Allow
//!         }
//!     })
//! });
//! # let _ = router;
//! ```

mod pairs;
mod reply;
mod requests;

pub use pairs::*;
pub use reply::*;
pub use requests::*;
