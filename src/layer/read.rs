//! Reading the request body within the limit into one `Bytes`.
//!
//! A callback body nearly always arrives as one frame (hyper hands a body that came in one
//! read as a single `Bytes`, and `Full` is one frame by construction). That frame is kept as
//! it came: no list of frames, no copy. Only a body split over several frames is gathered
//! into a buffer, sized from the body's size hint up to [`MAX_RESERVED_AHEAD`].

use std::future::Future;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use bytes::{Buf, BufMut, Bytes, BytesMut};
use http_body::Body;
use http_body_util::Limited;
use pin_project_lite::pin_project;

use crate::BoxError;

pin_project! {
    /// Resolves to the whole body, or to the first error: the limit's
    /// [`LengthLimitError`](http_body_util::LengthLimitError) or the transport's.
    pub(crate) struct ReadBody<B> {
        #[pin]
        body: Limited<B>,
        read: Read,
    }
}

/// At most this much room is reserved for frames yet to come; past it the buffer grows with
/// what arrives.
const MAX_RESERVED_AHEAD: usize = 64 * 1024;

/// What has been read so far.
enum Read {
    Nothing,
    One(Bytes),
    Gathered(BytesMut),
}

impl<B> ReadBody<B> {
    pub(crate) fn new(body: B, limit: usize) -> Self {
        ReadBody {
            body: Limited::new(body, limit),
            read: Read::Nothing,
        }
    }
}

impl Read {
    /// Adds a frame; `still_to_come` is the body's lower size hint after it, which the
    /// limit has already bounded.
    fn push(&mut self, mut data: impl Buf, still_to_come: u64) {
        if !data.has_remaining() {
            return;
        }
        *self = match std::mem::replace(self, Read::Nothing) {
            Read::Nothing => Read::One(data.copy_to_bytes(data.remaining())),
            Read::One(first) => {
                // The hint is what the client declared: it sizes the buffer only up to a
                // bound, so that two small frames cannot reserve the whole limit up front.
                let still_to_come = usize::try_from(still_to_come)
                    .unwrap_or(usize::MAX)
                    .min(MAX_RESERVED_AHEAD);
                let capacity = (first.len() + data.remaining()).saturating_add(still_to_come);
                let mut gathered = BytesMut::with_capacity(capacity);
                gathered.extend_from_slice(&first);
                gathered.put(data);
                Read::Gathered(gathered)
            }
            Read::Gathered(mut gathered) => {
                gathered.put(data);
                Read::Gathered(gathered)
            }
        };
    }

    fn finish(&mut self) -> Bytes {
        match std::mem::replace(self, Read::Nothing) {
            Read::Nothing => Bytes::new(),
            Read::One(bytes) => bytes,
            Read::Gathered(gathered) => gathered.freeze(),
        }
    }
}

impl<B> Future for ReadBody<B>
where
    B: Body,
    B::Error: Into<BoxError>,
{
    type Output = Result<Bytes, BoxError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut this = self.project();
        loop {
            let Some(frame) = ready!(this.body.as_mut().poll_frame(cx)?) else {
                return Poll::Ready(Ok(this.read.finish()));
            };
            // Trailers carry nothing a callback uses.
            if let Ok(data) = frame.into_data() {
                let still_to_come = this.body.size_hint().lower();
                this.read.push(data, still_to_come);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::VecDeque;

    use super::*;
    use http_body::Frame;
    use http_body_util::{Full, LengthLimitError};

    /// A body of ready frames, or errors, in order.
    struct Frames(VecDeque<Result<Frame<Bytes>, BoxError>>);

    impl Frames {
        fn data(parts: &[&'static [u8]]) -> Frames {
            Frames(
                parts
                    .iter()
                    .map(|part| Ok(Frame::data(Bytes::from_static(part))))
                    .collect(),
            )
        }
    }

    impl Body for Frames {
        type Data = Bytes;
        type Error = BoxError;

        fn poll_frame(
            mut self: Pin<&mut Self>,
            _: &mut Context<'_>,
        ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
            Poll::Ready(self.0.pop_front())
        }
    }

    fn read<B>(body: B, limit: usize) -> Result<Bytes, BoxError>
    where
        B: Body,
        B::Error: Into<BoxError>,
    {
        let mut future = std::pin::pin!(ReadBody::new(body, limit));
        match future
            .as_mut()
            .poll(&mut Context::from_waker(std::task::Waker::noop()))
        {
            Poll::Ready(read) => read,
            Poll::Pending => panic!("every frame is ready"),
        }
    }

    #[test]
    fn one_frame_is_kept_as_it_came() {
        let body = Bytes::from_static(b"{\"RoomId\":\"r1\"}");
        let read = read(Full::new(body.clone()), 1024).unwrap();
        assert_eq!(read, body);
        assert_eq!(read.as_ptr(), body.as_ptr(), "the frame is not copied");
    }

    #[test]
    fn several_frames_are_gathered_in_order() {
        let read = read(Frames::data(&[b"{\"Room", b"", b"Id\":", b"\"r1\"}"]), 1024).unwrap();
        assert_eq!(read, &b"{\"RoomId\":\"r1\"}"[..]);
    }

    #[test]
    fn an_empty_body_reads_as_empty() {
        assert!(read(Full::new(Bytes::new()), 1024).unwrap().is_empty());
        assert!(read(Frames::data(&[]), 1024).unwrap().is_empty());
    }

    #[test]
    fn a_body_over_the_limit_is_refused_in_one_frame_or_several() {
        let error = read(Full::new(Bytes::from_static(b"12345")), 4).unwrap_err();
        assert!(error.is::<LengthLimitError>());
        let error = read(Frames::data(&[b"12", b"34", b"5"]), 4).unwrap_err();
        assert!(error.is::<LengthLimitError>());
        assert_eq!(
            read(Frames::data(&[b"12", b"34"]), 4).unwrap(),
            &b"1234"[..]
        );
    }

    #[test]
    fn trailers_are_skipped() {
        let mut body = Frames::data(&[b"{", b"}"]);
        body.0
            .push_back(Ok(Frame::trailers(http::HeaderMap::new())));
        assert_eq!(read(body, 16).unwrap(), &b"{}"[..]);
    }

    #[test]
    fn a_transport_error_is_passed_on() {
        let mut body = Frames::data(&[b"{"]);
        body.0.push_back(Err("connection reset".into()));
        let error = read(body, 16).unwrap_err();
        assert_eq!(error.to_string(), "connection reset");
    }
}
