//! [`CommandRouter`]: one handler per command on the single URL Tencent posts to.

use std::collections::HashMap;
use std::convert::Infallible;
use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use http::{Request, Response};
use http_body_util::Full;
use tower_service::Service;

use crate::event::FromEvent;
use crate::{Callback, Command, Event, HandlerError, IntoReply, ReplyFuture};

/// A typed event that belongs to exactly one command.
pub trait CommandEvent: FromEvent {
    /// The command whose body this event is.
    const COMMAND: Command;
}

/// The future of [`CommandRouter`]: boxed, since each command's handler has its own type.
pub type RouterFuture =
    Pin<Box<dyn Future<Output = Result<Response<Full<Bytes>>, Infallible>> + Send>>;

trait ErasedHandler: Send + Sync {
    fn call(&self, callback: Callback<Event>) -> RouterFuture;
}

struct Typed<F, E> {
    function: F,
    event: PhantomData<fn() -> E>,
}

impl<F, Fut, E> ErasedHandler for Typed<F, E>
where
    F: Fn(Callback<E>) -> Fut + Send + Sync,
    Fut: Future + Send + 'static,
    Fut::Output: IntoReply,
    E: FromEvent,
{
    fn call(&self, callback: Callback<Event>) -> RouterFuture {
        match callback.narrow::<E>() {
            Ok(callback) => Box::pin(ReplyFuture::start(|| (self.function)(callback))),
            Err(other) => Box::pin(ReplyFuture::<Fut>::ready(HandlerError::UnexpectedCommand(
                other.command().clone(),
            ))),
        }
    }
}

fn erase<F, Fut, E>(function: F) -> Arc<dyn ErasedHandler>
where
    F: Fn(Callback<E>) -> Fut + Send + Sync + 'static,
    Fut: Future + Send + 'static,
    Fut::Output: IntoReply,
    E: FromEvent + 'static,
{
    Arc::new(Typed {
        function,
        event: PhantomData,
    })
}

/// Sends each callback to the handler registered for its command.
///
/// Tencent posts every command to the one URL an app configures. Register a typed handler
/// per command with [`on`](Self::on), handlers for commands this crate does not model with
/// [`on_command`](Self::on_command), and optionally a [`fallback`](Self::fallback). A
/// command with no handler and no fallback is answered OK: after-callbacks ignore the reply,
/// and for IM before-callbacks OK means "no objection".
///
/// The router is a tower service (`Error = Infallible`) to put behind
/// [`CallbackLayer`](crate::CallbackLayer), with or without axum (in axum, use it with
/// `route_service`). Handler panics become 500 FAIL replies, as with
/// [`handler_fn`](crate::handler_fn).
///
/// ```
/// use tencent_im_callback::{Callback, CallbackLayer, CommandRouter, CreateRoom, Event, MemberLeave, Reply};
/// use tower::Layer;
///
/// # fn main() -> Result<(), tencent_im_callback::ConfigError> {
/// let router = CommandRouter::new()
///     .on(|cb: Callback<CreateRoom>| async move {
///         println!("created {:?}", cb.event().room_info.room_id);
///     })
///     .on(|cb: Callback<MemberLeave>| async move {
///         println!("{:?} left {}", cb.event().member_list_account, cb.event().room_id);
///         Reply::ok()
///     })
///     .on_command("Group.CallbackAfterCreateGroup", |cb: Callback<Event>| async move {
///         println!("group created: {}", String::from_utf8_lossy(cb.raw_body()));
///     })
///     .fallback(|cb: Callback<Event>| async move {
///         println!("unhandled {}", cb.command());
///     });
/// let service = CallbackLayer::builder().app_id(1400000000).build()?.layer(router);
/// # let _ = service;
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Default)]
#[must_use]
pub struct CommandRouter {
    handlers: Arc<HashMap<Command, Arc<dyn ErasedHandler>>>,
    fallback: Option<Arc<dyn ErasedHandler>>,
}

impl CommandRouter {
    /// A router with no handlers: every command is answered OK.
    pub fn new() -> Self {
        CommandRouter::default()
    }

    /// Handles the command of the typed event `E` (for example `Callback<CreateRoom>`).
    /// Registering a command again replaces its handler.
    pub fn on<F, Fut, E>(self, handler: F) -> Self
    where
        F: Fn(Callback<E>) -> Fut + Send + Sync + 'static,
        Fut: Future + Send + 'static,
        Fut::Output: IntoReply,
        E: CommandEvent + 'static,
    {
        self.insert(E::COMMAND, erase(handler))
    }

    /// Handles a command by its wire name, with the [`Event`] (for commands without a typed
    /// event, [`Event::Unknown`] with the body as received).
    pub fn on_command<F, Fut>(self, command: impl Into<Command>, handler: F) -> Self
    where
        F: Fn(Callback<Event>) -> Fut + Send + Sync + 'static,
        Fut: Future + Send + 'static,
        Fut::Output: IntoReply,
    {
        self.insert(command.into(), erase(handler))
    }

    /// Handles every command that has no handler of its own.
    pub fn fallback<F, Fut>(mut self, handler: F) -> Self
    where
        F: Fn(Callback<Event>) -> Fut + Send + Sync + 'static,
        Fut: Future + Send + 'static,
        Fut::Output: IntoReply,
    {
        self.fallback = Some(erase(handler));
        self
    }

    fn insert(mut self, command: Command, handler: Arc<dyn ErasedHandler>) -> Self {
        Arc::make_mut(&mut self.handlers).insert(command, handler);
        self
    }

    fn dispatch(&self, callback: Callback<Event>) -> RouterFuture {
        match self
            .handlers
            .get(callback.command())
            .or(self.fallback.as_ref())
        {
            Some(handler) => handler.call(callback),
            None => Box::pin(ReplyFuture::<std::future::Ready<()>>::ready(())),
        }
    }
}

impl fmt::Debug for CommandRouter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut commands: Vec<&str> = self.handlers.keys().map(Command::as_str).collect();
        commands.sort_unstable();
        f.debug_struct("CommandRouter")
            .field("commands", &commands)
            .field("fallback", &self.fallback.is_some())
            .finish()
    }
}

impl<B> Service<Request<B>> for CommandRouter {
    type Response = Response<Full<Bytes>>;
    type Error = Infallible;
    type Future = RouterFuture;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, mut request: Request<B>) -> Self::Future {
        match request.extensions_mut().remove::<Callback<Event>>() {
            Some(callback) => self.dispatch(callback),
            None => Box::pin(ReplyFuture::<std::future::Ready<()>>::ready(
                HandlerError::LayerNotInstalled,
            )),
        }
    }
}
