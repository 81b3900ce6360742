//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http_body::{Body, Frame};
use http_body_util::BodyExt;
use serde_json::Value;

pub const APP: u64 = 1400000000;
pub const TOKEN: &str = "console-token";
pub const NOW: u64 = 1_703_589_922;

pub fn now() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(NOW)
}

/// Counts how often something ran.
#[derive(Clone, Default)]
pub struct Counter(Arc<AtomicUsize>);

impl Counter {
    pub fn hit(&self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }

    pub fn get(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}

/// Collects a response body and parses it as JSON.
pub async fn json_body<B>(body: B) -> Value
where
    B: Body,
    B::Error: std::fmt::Debug,
{
    let bytes = body.collect().await.expect("body").to_bytes();
    serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("not JSON ({e}): {bytes:?}"))
}

/// A body delivered in chunks with no size hint, like a chunked upload.
pub struct Chunked {
    chunks: VecDeque<Result<Bytes, std::io::Error>>,
}

impl Chunked {
    pub fn new(chunks: impl IntoIterator<Item = Bytes>) -> Self {
        Chunked {
            chunks: chunks.into_iter().map(Ok).collect(),
        }
    }

    /// Delivers `chunks`, then fails as a dropped connection would.
    pub fn failing_after(chunks: impl IntoIterator<Item = Bytes>) -> Self {
        let mut body = Chunked::new(chunks);
        body.chunks.push_back(Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "connection reset by peer",
        )));
        body
    }
}

impl Body for Chunked {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
        Poll::Ready(self.chunks.pop_front().map(|chunk| chunk.map(Frame::data)))
    }
}

/// A body that must never be read: polling it fails the test.
pub struct Untouchable;

impl Body for Untouchable {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
        panic!("the body was read although the request should have been refused first")
    }
}
