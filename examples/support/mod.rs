//! What the server examples share: settings from the environment, and the serving code of
//! `tim-callback serve` (`src/bin/tim-callback/serving.rs`), included here rather than copied:
//! the layer that logs refusals, the background queue that prints one JSON line per callback,
//! serving with timeouts and limits until a graceful shutdown that always ends, and the
//! shutdown signal.
// Each example uses a part of this module.
#![allow(dead_code)]

use std::env::VarError;
use std::net::SocketAddr;

use tencent_im_callback::layer::ConfigError;
use tencent_im_callback::CallbackLayer;

#[path = "../../src/bin/tim-callback/serving.rs"]
mod serving;

pub use serving::*;

const DEMO_APP_ID: u64 = 1400000000;
const DEFAULT_BIND: &str = "127.0.0.1:8080";

/// The settings read from the environment: `TIM_SDKAPPID` (default `1400000000`, a demo
/// value), `TIM_CALLBACK_TOKEN` (unset: no signature required), `TIM_BIND` (default
/// `127.0.0.1:8080`). `tim-callback serve` reads the same variables.
pub struct Settings {
    pub app_id: u64,
    pub token: Option<String>,
    pub bind: SocketAddr,
}

impl Settings {
    pub fn from_env() -> Result<Settings, String> {
        let app_id = match env("TIM_SDKAPPID")? {
            Some(text) => text.trim().parse().map_err(|_| {
                format!("TIM_SDKAPPID must be a number such as 1400000000, not {text:?}")
            })?,
            None => {
                eprintln!(
                    "TIM_SDKAPPID is not set: using the demo value {DEMO_APP_ID}; \
                     set it to your app's SDKAppID"
                );
                DEMO_APP_ID
            }
        };
        let token = env("TIM_CALLBACK_TOKEN")?;
        if token.is_none() {
            eprintln!("TIM_CALLBACK_TOKEN is not set: callbacks are accepted without a signature");
        }
        let bind = env("TIM_BIND")?.unwrap_or_else(|| DEFAULT_BIND.to_owned());
        let bind = bind.parse().map_err(|_| {
            format!("TIM_BIND must be an address and port such as {DEFAULT_BIND}, not {bind:?}")
        })?;
        Ok(Settings {
            app_id,
            token,
            bind,
        })
    }

    /// The layer for these settings, logging why each refused request was refused.
    pub fn layer(&self) -> Result<CallbackLayer, String> {
        serving::logging_layer(self.app_id, self.token.as_deref()).map_err(|error| match error {
            ConfigError::Token { error, .. } => format!("TIM_CALLBACK_TOKEN: {error}"),
            other => other.to_string(),
        })
    }
}

/// An environment variable: `None` when unset, an error when it is not UTF-8.
fn env(name: &str) -> Result<Option<String>, String> {
    match std::env::var(name) {
        Ok(value) => Ok(Some(value)),
        Err(VarError::NotPresent) => Ok(None),
        Err(VarError::NotUnicode(_)) => Err(format!("{name} is not valid UTF-8")),
    }
}

/// The path the plain-hyper examples serve callbacks on.
pub const PATH: &str = "/callback";

/// The response body of [`respond`]: the endpoint's, or an empty 404.
pub type Body = http_body_util::combinators::BoxBody<bytes::Bytes, std::convert::Infallible>;

/// Sends [`PATH`] to `endpoint`; any other path is a 404.
pub async fn respond<S, B>(
    endpoint: S,
    request: http::Request<hyper::body::Incoming>,
) -> Result<http::Response<Body>, std::convert::Infallible>
where
    S: tower::Service<
        http::Request<hyper::body::Incoming>,
        Response = http::Response<B>,
        Error = std::convert::Infallible,
    >,
    B: http_body::Body<Data = bytes::Bytes, Error = std::convert::Infallible>
        + Send
        + Sync
        + 'static,
{
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    if request.uri().path() != PATH {
        let mut response = http::Response::new(http_body_util::Empty::new().boxed());
        *response.status_mut() = http::StatusCode::NOT_FOUND;
        return Ok(response);
    }
    Ok(endpoint.oneshot(request).await?.map(BodyExt::boxed))
}
