//! [`FallbackLayer`]: the app, not Tencent's timeout, decides what a slow, failing or
//! panicking handler answers (feature `deadline`).
//!
//! Tencent waits 2 seconds (IM before-callbacks: fixed). When the reply is late, not 200 or
//! not JSON, Tencent applies its own default, which differs by command: an IM message is
//! delivered (fail open), a LiveKit gift is blocked (fail closed). Put this layer between
//! [`CallbackLayer`](crate::CallbackLayer) and the handler
//! ([`handler_fn`](crate::handler_fn), [`CommandRouter`](crate::CommandRouter)) to choose:
//!
//! - a **deadline** per command, per product or for all (1.5 s leaves room inside Tencent's
//!   2 s), measured from when the layer hands the request on; when it passes, the handler is
//!   dropped and the fallback reply is sent at once;
//! - a **fallback reply** per before-callback, in that command's own typed reply, used on
//!   deadline, handler error (a FAIL reply) and panic alike. Without one, the fallback is
//!   what Tencent would do itself ([`tencent_default`]):
//!
//!   | before-callback | default fallback |
//!   |---|---|
//!   | every IM before-callback (messages, groups, relationships, Official Accounts) | allow |
//!   | `Live.CallbackBeforeSendGift` | reject |
//!
//!   For replies that list targets (invitees, friend requests, subscribers) the fallback is
//!   all-or-nothing: a list needs the callback's body, which a fallback does not have;
//! - for **after-callbacks**, [`AfterFailure`]: answer FAIL (503) so that Tencent retries
//!   where retries are on (the default), or answer OK and lose the work, logged.
//!
//! A command with no handler keeps its documented default (OK, allow): the fallback is for
//! handlers that exist and fail. Every fallback taken is reported through `tracing` (command,
//! cause, reply) and counted ([`FallbackLayer::counters`]). The deadline uses tokio's timer
//! (a paused clock in tests works); outside a tokio runtime there is no deadline, and a
//! handler that answers at once costs no timer.
//!
//! ```
//! use std::time::Duration;
//! use tencent_im_callback::c2c::{BeforeSendMsg, SendMsgReply};
//! use tencent_im_callback::handler::FallbackLayer;
//! use tencent_im_callback::{Callback, CallbackLayer, CommandRouter};
//! use tower::ServiceBuilder;
//!
//! # fn main() -> Result<(), tencent_im_callback::layer::ConfigError> {
//! let moderation = CommandRouter::new().on(|cb: Callback<BeforeSendMsg>| async move {
//!     // A slow moderation check...
//!     SendMsgReply::Allow
//! });
//! let fallbacks = FallbackLayer::builder()
//!     .deadline(Duration::from_millis(1500))
//!     // Fail closed: a message nobody could check is refused.
//!     .fallback::<BeforeSendMsg>(SendMsgReply::Reject)
//!     .build();
//! let counters = fallbacks.counters();
//! let service = ServiceBuilder::new()
//!     .layer(CallbackLayer::builder().sdk_app_id(1400000000).build()?)
//!     .layer(fallbacks)
//!     .service(moderation);
//! # let _ = (service, counters);
//! # Ok(())
//! # }
//! ```

mod counters;
mod future;
mod policy;

use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use http::{Request, Response};
use tower_layer::Layer;
use tower_service::Service;

pub use counters::FallbackCounters;
pub use future::FallbackFuture;
pub use policy::{tencent_default, AfterFailure, FallbackCause};

use crate::protocol::callback::Callback;
use crate::protocol::command::{Command, Product};
use crate::protocol::event::{CommandEvent, Event};
use crate::protocol::reply::{Reply, TypedReply};
use crate::response::ReplyBody;
use policy::Policy;

/// Deadlines and fallback replies for the handler behind it; see the
/// [module documentation](self).
#[derive(Debug, Clone)]
pub struct FallbackLayer {
    policy: Arc<Policy>,
    counters: FallbackCounters,
}

impl FallbackLayer {
    /// Starts configuring the layer. With nothing configured it changes nothing but
    /// replacing failed before-callback replies with Tencent's own default.
    pub fn builder() -> FallbackLayerBuilder {
        FallbackLayerBuilder::default()
    }

    /// How many fallback replies this layer (and every service made from it) sent.
    pub fn counters(&self) -> FallbackCounters {
        self.counters.clone()
    }
}

impl<S> Layer<S> for FallbackLayer {
    type Service = FallbackService<S>;

    fn layer(&self, inner: S) -> FallbackService<S> {
        FallbackService {
            inner,
            policy: Arc::clone(&self.policy),
            counters: self.counters.clone(),
        }
    }
}

/// Builds a [`FallbackLayer`].
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct FallbackLayerBuilder {
    policy: Policy,
}

impl FallbackLayerBuilder {
    /// The deadline of every command without a more specific one.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.policy.deadline = Some(deadline);
        self
    }

    /// The deadline of one command.
    pub fn deadline_for(mut self, command: impl Into<Command>, deadline: Duration) -> Self {
        self.policy
            .deadlines_by_command
            .insert(command.into(), deadline);
        self
    }

    /// The deadline of a product's commands (`Product::C2c`, `Product::Live`, …).
    pub fn deadline_for_product(mut self, product: Product, deadline: Duration) -> Self {
        self.policy.deadlines_by_product.insert(product, deadline);
        self
    }

    /// The fallback reply of a before-callback, in its own reply type.
    pub fn fallback<E>(mut self, reply: E::Reply) -> Self
    where
        E: CommandEvent,
        E::Reply: TypedReply,
    {
        self.policy.fallbacks.insert(E::COMMAND, reply.into());
        self
    }

    /// The fallback reply of a command by its word, untyped (for commands this crate does
    /// not model).
    pub fn fallback_reply(mut self, command: impl Into<Command>, reply: Reply) -> Self {
        self.policy.fallbacks.insert(command.into(), reply);
        self
    }

    /// What after-callbacks answer when their handler misses its deadline or fails.
    pub fn after_failure(mut self, after_failure: AfterFailure) -> Self {
        self.policy.after_failure = after_failure;
        self
    }

    /// The layer.
    pub fn build(self) -> FallbackLayer {
        FallbackLayer {
            policy: Arc::new(self.policy),
            counters: FallbackCounters::default(),
        }
    }
}

/// The service made by [`FallbackLayer`].
#[derive(Debug, Clone)]
pub struct FallbackService<S> {
    inner: S,
    policy: Arc<Policy>,
    counters: FallbackCounters,
}

impl<S> FallbackService<S> {
    /// The inner service.
    pub fn get_ref(&self) -> &S {
        &self.inner
    }

    /// The inner service, mutable.
    pub fn get_mut(&mut self) -> &mut S {
        &mut self.inner
    }

    /// Takes the inner service out.
    pub fn into_inner(self) -> S {
        self.inner
    }
}

impl<S, B> Service<Request<B>> for FallbackService<S>
where
    S: Service<Request<B>, Response = Response<ReplyBody>>,
{
    type Response = Response<ReplyBody>;
    type Error = S::Error;
    type Future = FallbackFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        let command = request
            .extensions()
            .get::<Callback<Event>>()
            .map(|callback| callback.command().clone());
        FallbackFuture::new(
            self.inner.call(request),
            command,
            Arc::clone(&self.policy),
            self.counters.clone(),
        )
    }
}
