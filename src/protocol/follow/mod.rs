//! Follow callbacks (`Follow.*`): follow relationships, and TUILiveKit's cloud recording.

// Follow relationships (IM-GROUPS.md; LIVE.md for live rooms).

// Cloud recording (LIVE.md).
mod recording;
pub use recording::*;
