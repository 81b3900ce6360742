//! What the TRTC layer reports through `tracing` (feature `tracing`): a span per accepted
//! callback, and an event per refusal, at DEBUG for the noise any public endpoint gets (a
//! wrong method, no or someone else's app id) and at WARN for the rest (signature failures,
//! and bodies refused once they claimed to be yours). Never a key, a `Sign` or a body.
//! Without the feature every function here compiles to nothing.

use super::callback::TrtcCallback;
use super::rejection::TrtcRejection;

/// The span an accepted callback's inner service runs in.
pub(crate) struct TrtcSpan {
    #[cfg(feature = "tracing")]
    span: tracing::Span,
}

impl TrtcSpan {
    #[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
    pub(crate) fn new(callback: &TrtcCallback) -> Self {
        TrtcSpan {
            #[cfg(feature = "tracing")]
            span: tracing::info_span!(
                "trtc_callback",
                sdk_app_id = callback.sdk_app_id(),
                event_group_id = callback.event_group_id(),
                event_type = callback.event_type(),
                event = callback.event().name(),
                key_index = callback.key_index(),
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
pub(crate) fn rejected(rejection: &TrtcRejection) {
    #[cfg(feature = "tracing")]
    if rejection.is_noise() {
        tracing::debug!(
            status = rejection.status().as_u16(),
            code = rejection.code(),
            reason = %rejection,
            "refused a TRTC callback"
        );
    } else {
        tracing::warn!(
            status = rejection.status().as_u16(),
            code = rejection.code(),
            reason = %rejection,
            "refused a TRTC callback"
        );
    }
}
