//! The layer's settings, validated once when the layer is built.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http::Response;

use crate::{CallbackLayer, Command, Rejection, SignatureVerifier, Token, TokenError};

/// The default body limit: 256 KiB.
pub const DEFAULT_BODY_LIMIT: usize = 256 * 1024;

type Clock = Arc<dyn Fn() -> SystemTime + Send + Sync>;
type RejectionResponder = Arc<dyn Fn(&Rejection) -> Response<Bytes> + Send + Sync>;

/// Settings shared by every clone of the layer and its services.
pub(crate) struct Config {
    pub(crate) app_ids: Vec<u64>,
    pub(crate) commands: Option<Vec<Command>>,
    pub(crate) verifier: SignatureVerifier,
    pub(crate) body_limit: usize,
    clock: Option<Clock>,
    responder: Option<RejectionResponder>,
}

impl Config {
    pub(crate) fn now(&self) -> SystemTime {
        self.clock
            .as_ref()
            .map_or_else(SystemTime::now, |clock| clock())
    }

    pub(crate) fn respond(&self, rejection: &Rejection) -> Response<Bytes> {
        match &self.responder {
            Some(responder) => responder(rejection),
            None => rejection.to_response(),
        }
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("app_ids", &self.app_ids)
            .field("commands", &self.commands)
            .field("signature", &self.verifier)
            .field("body_limit", &self.body_limit)
            .field("custom_clock", &self.clock.is_some())
            .field("custom_rejection_response", &self.responder.is_some())
            .finish()
    }
}

/// Builds a [`CallbackLayer`]; see [`CallbackLayer::builder`].
///
/// Every setting is checked once, in [`build`](Self::build).
#[derive(Clone, Default)]
#[must_use]
pub struct CallbackLayerBuilder {
    app_ids: Vec<u64>,
    tokens: Vec<String>,
    window: Option<Duration>,
    commands: Option<Vec<Command>>,
    body_limit: Option<usize>,
    clock: Option<Clock>,
    responder: Option<RejectionResponder>,
}

impl CallbackLayerBuilder {
    /// Accepts callbacks for this `SdkAppid`. Required; call again to accept several apps.
    pub fn app_id(mut self, sdk_app_id: u64) -> Self {
        self.app_ids.push(sdk_app_id);
        self
    }

    /// Adds a callback-authentication token (as set in Tencent's console). With at least one,
    /// every request must carry a valid `Sign` and `RequestTime`; several tokens allow
    /// rotation. Tokens of 1 to 128 bytes are accepted.
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.tokens.push(token.into());
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

    /// Replaces the rejection response. The default is [`Rejection::to_response`]: a 4xx
    /// status and a FAIL reply.
    ///
    /// ```
    /// use tencent_im_callback::CallbackLayer;
    ///
    /// // Answer every rejection with HTTP 200, keeping the FAIL reply.
    /// let layer = CallbackLayer::builder()
    ///     .app_id(1400000000)
    ///     .rejection_response(|rejection| {
    ///         let mut response = rejection.to_response();
    ///         *response.status_mut() = http::StatusCode::OK;
    ///         response
    ///     })
    ///     .build()?;
    /// # Ok::<(), tencent_im_callback::ConfigError>(())
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
        let tokens = self
            .tokens
            .into_iter()
            .enumerate()
            .map(|(index, token)| {
                Token::new(token).map_err(|error| ConfigError::Token { index, error })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let body_limit = self.body_limit.unwrap_or(DEFAULT_BODY_LIMIT);
        if body_limit == 0 {
            return Err(ConfigError::ZeroBodyLimit);
        }
        let mut verifier = SignatureVerifier::new(tokens);
        if let Some(window) = self.window {
            verifier = verifier.with_window(window);
        }
        Ok(CallbackLayer::from_config(Config {
            app_ids: self.app_ids,
            commands: self.commands,
            verifier,
            body_limit,
            clock: self.clock,
            responder: self.responder,
        }))
    }
}

impl fmt::Debug for CallbackLayerBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CallbackLayerBuilder")
            .field("app_ids", &self.app_ids)
            .field("tokens", &self.tokens.len())
            .field("window", &self.window)
            .field("commands", &self.commands)
            .field("body_limit", &self.body_limit)
            .finish_non_exhaustive()
    }
}

/// Why a layer's settings were refused. Messages never contain a token.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigError {
    /// No app id was given: the layer must know which `SdkAppid` is yours.
    NoAppId,
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
                f.write_str("no app id configured: call `app_id` with your SdkAppID")
            }
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
