//! What the layer reports through `tracing` (feature `tracing`): a span per accepted callback
//! and an event per rejection. Never tokens, signatures or bodies. Without the feature every
//! function here compiles to nothing.

use crate::{Callback, Rejection};

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
                platform = callback.platform().map(crate::Platform::as_str),
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

/// Reports a refused request with its status, code and reason.
#[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
pub(crate) fn rejected(rejection: &Rejection) {
    #[cfg(feature = "tracing")]
    tracing::warn!(
        status = rejection.status().as_u16(),
        error_code = rejection.error_code(),
        reason = %rejection,
        "rejected a Tencent callback"
    );
}
