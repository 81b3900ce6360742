//! The response body: the inner service's body, or a rejection's FAIL reply.

use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use pin_project_lite::pin_project;

pin_project! {
    /// The body of a [`CallbackService`](super::CallbackService) response: the inner
    /// service's body for accepted requests, the FAIL reply for rejected ones.
    pub struct CallbackBody<B> {
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

impl<B> CallbackBody<B> {
    pub(crate) fn rejection(bytes: Bytes) -> Self {
        CallbackBody {
            inner: Inner::Rejection {
                bytes: Some(bytes).filter(|bytes| !bytes.is_empty()),
            },
        }
    }

    pub(crate) fn service(body: B) -> Self {
        CallbackBody {
            inner: Inner::Service { body },
        }
    }
}

impl<B> Body for CallbackBody<B>
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

impl<B> std::fmt::Debug for CallbackBody<B> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.inner {
            Inner::Rejection { .. } => f.write_str("CallbackBody::Rejection"),
            Inner::Service { .. } => f.write_str("CallbackBody::Service"),
        }
    }
}
