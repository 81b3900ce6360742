//! Follow callbacks (`Follow.*`): follow relationships, and TUILiveKit's cloud recording.

// Follow relationships (IM-GROUPS.md; LIVE.md for live rooms).
mod relations;
pub use relations::*;

// Cloud recording (LIVE.md).
mod recording;
pub use recording::*;
