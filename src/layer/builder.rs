//! [`CallbackLayerBuilder`]: the layer's settings, checked once in `build`.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http::{response::Parts, Response};

use super::config::{Clock, Config, RejectionResponder};
use super::counters::Counters;
use super::rejection::Rejection;
use super::CallbackLayer;
use crate::protocol::command::Command;
use crate::protocol::event::MismatchedBodies;
use crate::protocol::reply::Reply;
use crate::protocol::sign::{SignatureVerifier, Token, TokenError};
use crate::response::FailHook;

/// The default body limit: 256 KiB.
pub const DEFAULT_BODY_LIMIT: usize = 256 * 1024;

/// Builds a [`CallbackLayer`]; see [`CallbackLayer::builder`].
///
/// Every setting is checked once, in [`build`](Self::build).
#[derive(Clone, Default)]
#[must_use]
pub struct CallbackLayerBuilder {
    app_ids: Vec<u64>,
    tokens: Vec<(Option<u64>, String)>,
    unsigned: bool,
    window: Option<Duration>,
    commands: Option<Vec<Command>>,
    body_limit: Option<usize>,
    mismatched: MismatchedBodies,
    clock: Option<Clock>,
    responder: Option<RejectionResponder>,
    fail_hook: Option<FailHook>,
}

impl CallbackLayerBuilder {
    /// Accepts callbacks for this `SdkAppid`. Required; call again to accept several apps.
    pub fn sdk_app_id(mut self, sdk_app_id: u64) -> Self {
        self.app_ids.push(sdk_app_id);
        self
    }

    /// Release 0.1's name of [`sdk_app_id`](Self::sdk_app_id).
    #[deprecated(
        since = "0.2.0",
        note = "use `sdk_app_id`, the name used everywhere else"
    )]
    pub fn app_id(self, sdk_app_id: u64) -> Self {
        self.sdk_app_id(sdk_app_id)
    }

    /// Adds a callback-authentication token (as set in Tencent's console) for every app.
    /// With at least one token, every request must carry a valid `Sign` and `RequestTime`;
    /// several tokens allow rotation, and [`Callback::signed_with`](crate::Callback::signed_with)
    /// tells which one signed. Tokens of 1 to 128 bytes are accepted.
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.tokens.push((None, token.into()));
        self
    }

    /// Adds a token that signs only `sdk_app_id`'s callbacks, for a server that receives
    /// several apps' callbacks, each with its own token.
    pub fn token_for(mut self, sdk_app_id: u64, token: impl Into<String>) -> Self {
        self.tokens.push((Some(sdk_app_id), token.into()));
        self
    }

    /// Accepts callbacks without a signature, saying so explicitly. This is also what a layer
    /// with no token does (TUIRoomKit's Room callbacks have no token setting), but then it
    /// logs at startup that it accepts unsigned callbacks. Refused together with a token.
    pub fn unsigned(mut self) -> Self {
        self.unsigned = true;
        self
    }

    /// What to do with an authenticated body that is valid JSON but does not fit its
    /// command's type. Default: [`MismatchedBodies::Refuse`].
    pub fn mismatched_bodies(mut self, mismatched: MismatchedBodies) -> Self {
        self.mismatched = mismatched;
        self
    }

    /// How far `RequestTime` may be from now, either way. Default: 60 seconds.
    pub fn signature_window(mut self, window: Duration) -> Self {
        self.window = Some(window);
        self
    }

    /// Accepts only the commands given through this method (call it once per command);
    /// others are refused with 403. By default every command is accepted.
    pub fn allow_command(mut self, command: impl Into<Command>) -> Self {
        self.commands
            .get_or_insert_with(Vec::new)
            .push(command.into());
        self
    }

    /// The largest body accepted, in bytes. Default: [`DEFAULT_BODY_LIMIT`] (256 KiB).
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = Some(bytes);
        self
    }

    /// Replaces the clock used for the signature window (for tests).
    pub fn clock(mut self, clock: impl Fn() -> SystemTime + Send + Sync + 'static) -> Self {
        self.clock = Some(Arc::new(clock));
        self
    }

    /// Shapes every FAIL response the crate renders behind this layer: its rejections, and
    /// the FAIL replies of [`handler_fn`](crate::handler_fn) and
    /// [`CommandRouter`](crate::CommandRouter) (handler errors and panics). Typed
    /// before-callback decisions are OK replies and are not touched.
    ///
    /// ```
    /// use tencent_im_callback::CallbackLayer;
    ///
    /// // Answer every failure with HTTP 200, keeping the FAIL reply, and tag it.
    /// let layer = CallbackLayer::builder()
    ///     .sdk_app_id(1400000000)
    ///     .map_fail_response(|parts, reply| {
    ///         parts.status = http::StatusCode::OK;
    ///         parts.headers.insert("x-callback-error", reply.error_code().into());
    ///     })
    ///     .build()?;
    /// # Ok::<(), tencent_im_callback::layer::ConfigError>(())
    /// ```
    pub fn map_fail_response(
        mut self,
        hook: impl Fn(&mut Parts, &Reply) + Send + Sync + 'static,
    ) -> Self {
        self.fail_hook = Some(FailHook::new(hook));
        self
    }

    /// Replaces the rejection response entirely (the fail hook is then not applied to
    /// rejections). The default renders [`Rejection::reply`] with its status, as
    /// [`Rejection::to_response`] does.
    ///
    /// ```
    /// use tencent_im_callback::CallbackLayer;
    ///
    /// // Log each rejection, then answer as the crate does.
    /// let layer = CallbackLayer::builder()
    ///     .sdk_app_id(1400000000)
    ///     .rejection_response(|rejection| {
    ///         eprintln!("refused: {rejection}");
    ///         rejection.to_response()
    ///     })
    ///     .build()?;
    /// # Ok::<(), tencent_im_callback::layer::ConfigError>(())
    /// ```
    pub fn rejection_response(
        mut self,
        respond: impl Fn(&Rejection) -> Response<Bytes> + Send + Sync + 'static,
    ) -> Self {
        self.responder = Some(Arc::new(respond));
        self
    }

    /// Checks the settings and builds the layer.
    pub fn build(self) -> Result<CallbackLayer, ConfigError> {
        if self.app_ids.is_empty() {
            return Err(ConfigError::NoAppId);
        }
        if self.unsigned && !self.tokens.is_empty() {
            return Err(ConfigError::UnsignedWithToken);
        }
        let mut verifier = SignatureVerifier::unsigned();
        for (index, (app, token)) in self.tokens.into_iter().enumerate() {
            let token = Token::new(token).map_err(|error| ConfigError::Token { index, error })?;
            verifier = match app {
                Some(app) => verifier.and_token_for(app, token),
                None => verifier.and_token(token),
            };
        }
        if let Some(window) = self.window {
            verifier = verifier.with_window(window);
        }
        let body_limit = self.body_limit.unwrap_or(DEFAULT_BODY_LIMIT);
        if body_limit == 0 {
            return Err(ConfigError::ZeroBodyLimit);
        }
        if !verifier.is_enabled() && !self.unsigned {
            crate::trace::accepts_unsigned(&self.app_ids);
        }
        Ok(CallbackLayer::from_config(Config {
            app_ids: self.app_ids,
            commands: self.commands,
            verifier,
            body_limit,
            mismatched: self.mismatched,
            clock: self.clock,
            responder: self.responder,
            fail_hook: self.fail_hook,
            counters: Counters::default(),
        }))
    }
}

impl fmt::Debug for CallbackLayerBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CallbackLayerBuilder")
            .field("app_ids", &self.app_ids)
            .field("tokens", &self.tokens.len())
            .field("unsigned", &self.unsigned)
            .field("window", &self.window)
            .field("commands", &self.commands)
            .field("body_limit", &self.body_limit)
            .field("mismatched", &self.mismatched)
            .finish_non_exhaustive()
    }
}

/// Why a layer's settings were refused. Messages never contain a token.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigError {
    /// No app id was given: the layer must know which `SdkAppid` is yours.
    NoAppId,
    /// [`unsigned`](CallbackLayerBuilder::unsigned) was asked for together with a token.
    UnsignedWithToken,
    /// A token is invalid.
    Token {
        /// Which token, counting from 0 in the order given.
        index: usize,
        /// What is wrong with it.
        error: TokenError,
    },
    /// The body limit is zero.
    ZeroBodyLimit,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::NoAppId => {
                f.write_str("no app id configured: call `sdk_app_id` with your SdkAppID")
            }
            ConfigError::UnsignedWithToken => f.write_str(
                "`unsigned` and a token were both given: choose signed or unsigned callbacks",
            ),
            ConfigError::Token { index, error } => write!(f, "token #{index}: {error}"),
            ConfigError::ZeroBodyLimit => f.write_str("the body limit must be at least 1 byte"),
        }
    }
}

impl std::error::Error for ConfigError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ConfigError::Token { error, .. } => Some(error),
            _ => None,
        }
    }
}
