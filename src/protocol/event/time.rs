//! Tencent's timestamps as `SystemTime`: `EventTime` is in milliseconds, every other time in
//! seconds. Out-of-range values give `None` rather than a panic.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A Unix time in milliseconds (`EventTime`).
pub(crate) fn from_unix_millis(millis: u64) -> Option<SystemTime> {
    UNIX_EPOCH.checked_add(Duration::from_millis(millis))
}

/// A Unix time in seconds (`CreateTime`, `ScheduleStartTime`, `ScheduleEndTime`).
pub(crate) fn from_unix_secs(secs: u64) -> Option<SystemTime> {
    UNIX_EPOCH.checked_add(Duration::from_secs(secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_are_not_mixed_up() {
        let millis = from_unix_millis(1_703_589_922_780).unwrap();
        let secs = from_unix_secs(1_703_589_922).unwrap();
        assert_eq!(
            millis.duration_since(secs).unwrap(),
            Duration::from_millis(780)
        );
    }

    #[test]
    fn huge_values_do_not_panic() {
        assert_eq!(from_unix_secs(u64::MAX), None);
        assert!(from_unix_millis(u64::MAX).is_some());
    }
}
