//! Counting what the layer accepted and refused, for monitoring.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use super::rejection::RejectionKind;

/// How many requests a layer (and every service made from it) accepted, and refused for
/// each reason. Cheap relaxed atomics; clone the handle freely.
///
/// A genuine before-callback that is refused lets Tencent apply its own default silently,
/// so watch [`refused_after_authentication`](Self::refused_after_authentication) in
/// particular.
///
/// ```
/// use tencent_im_callback::layer::RejectionKind;
/// use tencent_im_callback::CallbackLayer;
///
/// let layer = CallbackLayer::builder().sdk_app_id(1400000000).build()?;
/// let counters = layer.counters();
/// assert_eq!(counters.accepted(), 0);
/// assert_eq!(counters.refused(RejectionKind::SignatureMismatch), 0);
/// # Ok::<(), tencent_im_callback::layer::ConfigError>(())
/// ```
#[derive(Clone, Default)]
pub struct Counters(Arc<Inner>);

#[derive(Default)]
struct Inner {
    accepted: AtomicU64,
    refused: [AtomicU64; KINDS],
}

const KINDS: usize = 14;

impl Counters {
    pub(crate) fn count_accepted(&self) {
        self.0.accepted.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn count_refused(&self, kind: RejectionKind) {
        self.slot(kind).fetch_add(1, Ordering::Relaxed);
    }

    fn slot(&self, kind: RejectionKind) -> &AtomicU64 {
        let index = RejectionKind::ALL
            .iter()
            .position(|known| *known == kind)
            .unwrap_or(KINDS - 1);
        &self.0.refused[index]
    }

    /// Requests handed to the inner service.
    pub fn accepted(&self) -> u64 {
        self.0.accepted.load(Ordering::Relaxed)
    }

    /// Requests refused for this reason.
    pub fn refused(&self, kind: RejectionKind) -> u64 {
        self.slot(kind).load(Ordering::Relaxed)
    }

    /// Requests refused for any reason.
    pub fn refused_total(&self) -> u64 {
        RejectionKind::ALL
            .iter()
            .map(|&kind| self.refused(kind))
            .sum()
    }

    /// Requests refused after they had passed authentication: genuine traffic dropped.
    pub fn refused_after_authentication(&self) -> u64 {
        RejectionKind::ALL
            .iter()
            .filter(|kind| kind.after_authentication())
            .map(|&kind| self.refused(kind))
            .sum()
    }

    /// Every reason with its count, in the order of [`RejectionKind::ALL`].
    pub fn iter(&self) -> impl Iterator<Item = (RejectionKind, u64)> + '_ {
        RejectionKind::ALL
            .iter()
            .map(|&kind| (kind, self.refused(kind)))
    }
}

impl fmt::Debug for Counters {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        map.entry(&"accepted", &self.accepted());
        for (kind, count) in self.iter().filter(|(_, count)| *count > 0) {
            map.entry(&kind, &count);
        }
        map.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn there_is_a_counter_for_every_kind() {
        assert_eq!(RejectionKind::ALL.len(), KINDS);
        let counters = Counters::default();
        for (n, &kind) in RejectionKind::ALL.iter().enumerate() {
            for _ in 0..=n {
                counters.count_refused(kind);
            }
        }
        for (n, &kind) in RejectionKind::ALL.iter().enumerate() {
            assert_eq!(counters.refused(kind), n as u64 + 1);
        }
    }
}
