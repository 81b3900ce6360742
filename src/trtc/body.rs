//! The response body of the TRTC service: the inner service's body, or a rejection's.

use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use pin_project_lite::pin_project;

pin_project! {
    /// The body of a [`TrtcService`](super::TrtcService) response: the inner service's body
    /// for accepted requests, the rejection's JSON for refused ones. Its error type is the
    /// inner body's, so an infallible body stays infallible.
    pub struct TrtcResponseBody<B> {
        #[pin]
        inner: Inner<B>,
    }
}

pin_project! {
    #[project = InnerProj]
    enum Inner<B> {
        Rejection { bytes: Option<Bytes> },
        Service { #[pin] body: B },
    }
}

impl<B> TrtcResponseBody<B> {
    pub(crate) fn rejection(bytes: Bytes) -> Self {
        TrtcResponseBody {
            inner: Inner::Rejection {
                bytes: Some(bytes).filter(|bytes| !bytes.is_empty()),
            },
        }
    }

    pub(crate) fn service(body: B) -> Self {
        TrtcResponseBody {
            inner: Inner::Service { body },
        }
    }
}

impl<B> Body for TrtcResponseBody<B>
where
    B: Body,
    B::Data: From<Bytes>,
{
    type Data = B::Data;
    type Error = B::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        match self.project().inner.project() {
            InnerProj::Rejection { bytes } => {
                Poll::Ready(bytes.take().map(|bytes| Ok(Frame::data(bytes.into()))))
            }
            InnerProj::Service { body } => body.poll_frame(cx),
        }
    }

    fn is_end_stream(&self) -> bool {
        match &self.inner {
            Inner::Rejection { bytes } => bytes.is_none(),
            Inner::Service { body } => body.is_end_stream(),
        }
    }

    fn size_hint(&self) -> SizeHint {
        match &self.inner {
            Inner::Rejection { bytes } => {
                SizeHint::with_exact(bytes.as_ref().map_or(0, |bytes| bytes.len() as u64))
            }
            Inner::Service { body } => body.size_hint(),
        }
    }
}

impl<B> std::fmt::Debug for TrtcResponseBody<B> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.inner {
            Inner::Rejection { .. } => f.write_str("TrtcResponseBody::Rejection"),
            Inner::Service { .. } => f.write_str("TrtcResponseBody::Service"),
        }
    }
}
