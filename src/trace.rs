//! What the crate reports through `tracing` (feature `tracing`): a span per accepted callback,
//! an event per rejection, the layer's start-up choice, and handler errors. Never tokens,
//! signatures or bodies. Without the feature every function here compiles to nothing.
//!
//! Levels: refusals that scanners cause (wrong method, malformed query, unknown app id, a
//! command not allowed) at DEBUG; signature failures at WARN; refusals of requests that had
//! passed authentication (genuine traffic dropped) at WARN.

use crate::layer::Rejection;
use crate::protocol::callback::Callback;

/// The span an accepted callback's handler runs in.
pub(crate) struct CallbackSpan {
    #[cfg(feature = "tracing")]
    span: tracing::Span,
}

impl CallbackSpan {
    #[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
    pub(crate) fn new(callback: &Callback) -> Self {
        CallbackSpan {
            #[cfg(feature = "tracing")]
            span: tracing::info_span!(
                "tencent_callback",
                command = callback.command().as_str(),
                sdk_app_id = callback.sdk_app_id(),
                client_ip = callback.client_ip(),
                platform = callback.platform().map(crate::query::Platform::as_str),
                token = callback.signed_with().map(|token| token.index()),
            ),
        }
    }

    /// Runs `f` inside the span.
    pub(crate) fn in_scope<R>(&self, f: impl FnOnce() -> R) -> R {
        #[cfg(feature = "tracing")]
        let _entered = self.span.enter();
        f()
    }
}

/// Reports a refused request with its status, code and reason, at the level its kind
/// deserves.
#[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
pub(crate) fn rejected(rejection: &Rejection) {
    #[cfg(feature = "tracing")]
    {
        use crate::layer::RejectionKind;
        use crate::IntoReply;
        let status = rejection.status().as_u16();
        let error_code = rejection.error_code();
        match rejection.kind() {
            RejectionKind::MethodNotAllowed
            | RejectionKind::Query
            | RejectionKind::UnknownAppId
            | RejectionKind::CommandNotAllowed => tracing::debug!(
                status,
                error_code,
                reason = %rejection,
                "refused a request that is not a callback for this endpoint"
            ),
            kind if kind.after_authentication() => tracing::warn!(
                status,
                error_code,
                reason = %rejection,
                "refused an authenticated Tencent callback: Tencent applies its own default"
            ),
            _ => tracing::warn!(
                status,
                error_code,
                reason = %rejection,
                "refused a callback whose signature did not verify"
            ),
        }
    }
}

/// Says, when a layer is built without a token, that it accepts unsigned callbacks.
#[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
pub(crate) fn accepts_unsigned(app_ids: &[u64]) {
    #[cfg(feature = "tracing")]
    tracing::info!(
        sdk_app_ids = ?app_ids,
        "no callback token configured: this layer accepts unsigned callbacks"
    );
}

/// Reports a handler's error, whose message is not sent back.
#[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
pub(crate) fn handler_failed(error: &(dyn std::error::Error + 'static)) {
    #[cfg(feature = "tracing")]
    tracing::error!(error = %error, "a callback handler failed");
}

/// Reports a fallback reply sent in place of a failed or late handler's.
#[cfg(feature = "deadline")]
#[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
pub(crate) fn fallback(
    command: &crate::protocol::command::Command,
    cause: crate::handler::fallback::FallbackCause,
    reply: &crate::protocol::reply::Reply,
) {
    #[cfg(feature = "tracing")]
    tracing::warn!(
        command = command.as_str(),
        cause = cause.as_str(),
        error_code = reply.error_code(),
        action_status = if reply.is_ok() { "OK" } else { "FAIL" },
        "sent the fallback reply for a callback handler"
    );
}
