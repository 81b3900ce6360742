//! The TRTC layer's settings, validated once when the layer is built.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use super::layer::TrtcLayer;
use super::sign::{CallbackKey, KeyError};
use super::values::UnixMillis;

/// The default body limit: 64 KiB. Tencent documents no maximum; its largest sample (a
/// moderation result) is about 1.4 KB.
pub const DEFAULT_BODY_LIMIT: usize = 64 * 1024;

/// The default replay window: 5 minutes either side of now.
///
/// The signature covers no time, but the signed body carries `CallbackTs`, and retries
/// re-send the same body: Tencent retries immediately, then every 10 s until a minute after
/// the first try, each attempt allowed 5 s, so a genuine retry can arrive about 65 s after its
/// `CallbackTs`. Five minutes leaves room for that, for clock skew between Tencent and your
/// server, and for queueing on the way, while a body captured earlier than that can no
/// longer be replayed.
pub const DEFAULT_REPLAY_WINDOW: Duration = Duration::from_secs(300);

type Clock = Arc<dyn Fn() -> SystemTime + Send + Sync>;

/// One accepted app id and the keys that may sign for it.
pub(crate) struct App {
    pub(crate) id: u64,
    /// Indexes into [`Config::keys`]; empty when unsigned.
    pub(crate) keys: Vec<usize>,
}

/// Settings shared by every clone of the layer and its services.
pub(crate) struct Config {
    pub(crate) apps: Vec<App>,
    pub(crate) keys: Vec<CallbackKey>,
    pub(crate) signed: bool,
    pub(crate) body_limit: usize,
    pub(crate) window: Duration,
    clock: Option<Clock>,
}

impl Config {
    pub(crate) fn app(&self, id: u64) -> Option<&App> {
        self.apps.iter().find(|app| app.id == id)
    }

    pub(crate) fn now(&self) -> UnixMillis {
        let now = self
            .clock
            .as_ref()
            .map_or_else(SystemTime::now, |clock| clock());
        // A clock before 1970 counts as 1970.
        UnixMillis::from_system_time(now).unwrap_or_default()
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TrtcConfig")
            .field(
                "app_ids",
                &self.apps.iter().map(|app| app.id).collect::<Vec<_>>(),
            )
            .field("keys", &self.keys.len())
            .field("signed", &self.signed)
            .field("body_limit", &self.body_limit)
            .field("replay_window", &self.window)
            .field("custom_clock", &self.clock.is_some())
            .finish()
    }
}

/// Builds a [`TrtcLayer`]; see [`TrtcLayer::builder`].
///
/// Every setting is checked once, in [`build`](Self::build). A layer needs at least one app
/// id, and either keys or an explicit [`unsigned`](Self::unsigned).
///
/// ```
/// use tencent_im_callback::trtc::{TrtcConfigError, TrtcLayer};
///
/// // Two apps; app 1400000001 has a key of its own, the other takes the shared ones
/// // (old and new while rotating).
/// let layer = TrtcLayer::builder()
///     .sdk_app_id(1400000000)
///     .key("oldSharedKey")
///     .key("newSharedKey")
///     .key_for(1400000001, "ownKey")
///     .build()?;
///
/// assert_eq!(TrtcLayer::builder().sdk_app_id(1).build().unwrap_err(), TrtcConfigError::NoKey);
/// # Ok::<(), TrtcConfigError>(())
/// ```
#[derive(Clone, Default)]
#[must_use]
pub struct TrtcLayerBuilder {
    app_ids: Vec<u64>,
    /// Each key with the app it is bound to (`None`: every app without keys of its own).
    keys: Vec<(Option<u64>, String)>,
    unsigned: bool,
    body_limit: Option<usize>,
    window: Option<Duration>,
    clock: Option<Clock>,
}

impl TrtcLayerBuilder {
    /// Accepts callbacks whose `SdkAppId` header is this app id. Call again for several apps.
    pub fn sdk_app_id(mut self, sdk_app_id: u64) -> Self {
        self.app_ids.push(sdk_app_id);
        self
    }

    /// Adds a callback key for every app that has no key of its own. Several keys allow
    /// rotation: a body signed with any of them is accepted, and the callback says which
    /// ([`TrtcCallback::key_index`](super::TrtcCallback::key_index)).
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.keys.push((None, key.into()));
        self
    }

    /// Adds a callback key for one app only, and accepts that app id. An app with keys of
    /// its own accepts only those: a key leaked from one app cannot sign for another.
    pub fn key_for(mut self, sdk_app_id: u64, key: impl Into<String>) -> Self {
        self.keys.push((Some(sdk_app_id), key.into()));
        self
    }

    /// Accepts callbacks without checking `Sign`, for apps that set no callback key in the
    /// TRTC console. Then anyone who knows your URL and app id can post events: prefer a key.
    /// Cannot be combined with keys.
    pub fn unsigned(mut self) -> Self {
        self.unsigned = true;
        self
    }

    /// The largest body accepted, in bytes. Default: [`DEFAULT_BODY_LIMIT`] (64 KiB).
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = Some(bytes);
        self
    }

    /// How far `CallbackTs` may be from now, in the past or the future. Default:
    /// [`DEFAULT_REPLAY_WINDOW`] (5 minutes; see there why). It must cover Tencent's minute of
    /// retries plus clock skew.
    pub fn replay_window(mut self, window: Duration) -> Self {
        self.window = Some(window);
        self
    }

    /// Replaces the clock used for the replay window (for tests).
    pub fn clock(mut self, clock: impl Fn() -> SystemTime + Send + Sync + 'static) -> Self {
        self.clock = Some(Arc::new(clock));
        self
    }

    /// Checks the settings and builds the layer.
    pub fn build(self) -> Result<TrtcLayer, TrtcConfigError> {
        let mut app_ids = Vec::new();
        for id in self
            .app_ids
            .iter()
            .copied()
            .chain(self.keys.iter().filter_map(|(app, _)| *app))
        {
            if !app_ids.contains(&id) {
                app_ids.push(id);
            }
        }
        if app_ids.is_empty() {
            return Err(TrtcConfigError::NoAppId);
        }
        match (self.unsigned, self.keys.is_empty()) {
            (true, false) => return Err(TrtcConfigError::UnsignedWithKeys),
            (false, true) => return Err(TrtcConfigError::NoKey),
            _ => {}
        }
        let keys = self
            .keys
            .iter()
            .enumerate()
            .map(|(index, (_, key))| {
                CallbackKey::new(key).map_err(|error| TrtcConfigError::Key { index, error })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut apps = Vec::with_capacity(app_ids.len());
        for id in app_ids {
            let own: Vec<usize> = (0..self.keys.len())
                .filter(|&index| self.keys[index].0 == Some(id))
                .collect();
            let keys = if own.is_empty() {
                (0..self.keys.len())
                    .filter(|&index| self.keys[index].0.is_none())
                    .collect()
            } else {
                own
            };
            if !self.unsigned && keys.is_empty() {
                return Err(TrtcConfigError::AppWithoutKey(id));
            }
            apps.push(App { id, keys });
        }
        let body_limit = self.body_limit.unwrap_or(DEFAULT_BODY_LIMIT);
        if body_limit == 0 {
            return Err(TrtcConfigError::ZeroBodyLimit);
        }
        Ok(TrtcLayer::from_config(Config {
            apps,
            keys,
            signed: !self.unsigned,
            body_limit,
            window: self.window.unwrap_or(DEFAULT_REPLAY_WINDOW),
            clock: self.clock,
        }))
    }
}

impl fmt::Debug for TrtcLayerBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TrtcLayerBuilder")
            .field("app_ids", &self.app_ids)
            .field("keys", &self.keys.len())
            .field("unsigned", &self.unsigned)
            .field("body_limit", &self.body_limit)
            .field("replay_window", &self.window)
            .finish_non_exhaustive()
    }
}

/// Why a TRTC layer's settings were refused. Messages never contain a key.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TrtcConfigError {
    /// No app id was given.
    NoAppId,
    /// Neither a key nor [`unsigned`](TrtcLayerBuilder::unsigned) was given: whether
    /// callbacks must be signed is an explicit choice.
    NoKey,
    /// Keys and [`unsigned`](TrtcLayerBuilder::unsigned) were both given.
    UnsignedWithKeys,
    /// An app id has no key: no shared key, and none of its own.
    AppWithoutKey(u64),
    /// A key is invalid.
    Key {
        /// Which key, counting from 0 in the order given (shared and per-app keys together).
        index: usize,
        /// What is wrong with it.
        error: KeyError,
    },
    /// The body limit is zero.
    ZeroBodyLimit,
}

impl fmt::Display for TrtcConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TrtcConfigError::NoAppId => {
                f.write_str("no app id configured: call `sdk_app_id` with your SDKAppID")
            }
            TrtcConfigError::NoKey => f.write_str(
                "no callback key configured: add the console's key with `key`, or call \
                 `unsigned` to accept unsigned callbacks",
            ),
            TrtcConfigError::UnsignedWithKeys => {
                f.write_str("`unsigned` and callback keys cannot be combined")
            }
            TrtcConfigError::AppWithoutKey(id) => write!(
                f,
                "app id {id} has no callback key: add a shared `key` or an `key_for` for it"
            ),
            TrtcConfigError::Key { index, error } => write!(f, "callback key #{index}: {error}"),
            TrtcConfigError::ZeroBodyLimit => f.write_str("the body limit must be at least 1 byte"),
        }
    }
}

impl std::error::Error for TrtcConfigError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            TrtcConfigError::Key { error, .. } => Some(error),
            _ => None,
        }
    }
}
