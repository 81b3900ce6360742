//! Counting the fallback replies a [`FallbackLayer`](super::FallbackLayer) sent.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use super::policy::FallbackCause;

/// How many fallback replies were sent, by cause. Relaxed atomics; clone the handle freely.
#[derive(Clone, Default)]
pub struct FallbackCounters(Arc<[AtomicU64; 3]>);

impl FallbackCounters {
    fn slot(&self, cause: FallbackCause) -> &AtomicU64 {
        &self.0[match cause {
            FallbackCause::Deadline => 0,
            FallbackCause::Error => 1,
            FallbackCause::Panic => 2,
        }]
    }

    pub(crate) fn count(&self, cause: FallbackCause) {
        self.slot(cause).fetch_add(1, Ordering::Relaxed);
    }

    /// Fallbacks sent for this cause.
    pub fn get(&self, cause: FallbackCause) -> u64 {
        self.slot(cause).load(Ordering::Relaxed)
    }

    /// Fallbacks sent for any cause.
    pub fn total(&self) -> u64 {
        [
            FallbackCause::Deadline,
            FallbackCause::Error,
            FallbackCause::Panic,
        ]
        .into_iter()
        .map(|cause| self.get(cause))
        .sum()
    }
}

impl fmt::Debug for FallbackCounters {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FallbackCounters")
            .field("deadline", &self.get(FallbackCause::Deadline))
            .field("error", &self.get(FallbackCause::Error))
            .field("panic", &self.get(FallbackCause::Panic))
            .finish()
    }
}
