//! The response body of the TRTC service: the inner service's body, or a rejection's JSON.
//! It is the IM layer's response body: one implementation serves both envelopes.

/// The body of a [`TrtcService`](super::TrtcService) response: the inner service's body for
/// accepted requests, the rejection's JSON for refused ones. Its error type is the inner
/// body's, so an infallible body stays infallible.
pub type TrtcResponseBody<B> = crate::layer::CallbackBody<B>;
