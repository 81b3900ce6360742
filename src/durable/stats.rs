//! [`Stats`]: the counters the sink and the workers keep in Redis.

use super::config::StreamKeys;

/// The counters in the stream's stats hash (`<stream>:stats`), raised by the same scripts that
/// do the work, so they survive crashes and add up across receivers and workers.
///
/// ```no_run
/// use tencent_im_callback::durable::{Stats, StreamKeys};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), redis::RedisError> {
/// let client = redis::Client::open("redis://127.0.0.1:6379")?;
/// let mut connection = client.get_multiplexed_async_connection().await?;
/// let stats = Stats::read(&mut connection, &StreamKeys::new("tim:callbacks")).await?;
/// println!("{} processed, {} duplicates suppressed", stats.processed, stats.duplicates);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Stats {
    /// Callbacks the sinks appended (and answered OK).
    pub appended: u64,
    /// Callbacks the sinks refused because the backlog was full.
    pub refused_full: u64,
    /// Entries whose handler succeeded and whose key was new: effects ran, key marked done.
    pub processed: u64,
    /// Entries whose key was already done: acknowledged without running effects.
    pub duplicates: u64,
    /// Entries taken over from a worker that held them longer than the visibility timeout.
    pub reclaimed: u64,
    /// Handler failures (each leaves its entry for another delivery).
    pub failed: u64,
    /// Entries moved to the dead-letter stream.
    pub dead_lettered: u64,
    /// Entries of commands without a handler, dropped as configured.
    pub dropped: u64,
}

impl Stats {
    /// Reads the counters of the stream with these keys; absent counters are zero.
    pub async fn read(
        connection: &mut impl redis::aio::ConnectionLike,
        keys: &StreamKeys,
    ) -> redis::RedisResult<Stats> {
        let fields: Vec<(String, u64)> = redis::cmd("HGETALL")
            .arg(keys.stats())
            .query_async(connection)
            .await?;
        let mut stats = Stats::default();
        for (name, value) in fields {
            let slot = match name.as_str() {
                "appended" => &mut stats.appended,
                "refused_full" => &mut stats.refused_full,
                "processed" => &mut stats.processed,
                "duplicates" => &mut stats.duplicates,
                "reclaimed" => &mut stats.reclaimed,
                "failed" => &mut stats.failed,
                "dead_lettered" => &mut stats.dead_lettered,
                "dropped" => &mut stats.dropped,
                _ => continue,
            };
            *slot = value;
        }
        Ok(stats)
    }
}
