//! [`CommandRouter`]: one handler per command on the single URL Tencent posts to.

use std::collections::HashMap;
use std::convert::Infallible;
use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use http::{Request, Response};
use tower_service::Service;

use crate::handler::{HandlerError, IntoReply, ReplyFor, ReplyFuture};
use crate::protocol::callback::Callback;
use crate::protocol::command::Command;
use crate::protocol::event::{CommandEvent, Event, FromEvent};
use crate::response::{FailHook, ReplyBody};

type BoxedResponse = Pin<Box<dyn Future<Output = Result<Response<ReplyBody>, Infallible>> + Send>>;

/// The future of [`CommandRouter`]. Each command's handler has its own future type, so this
/// one is boxed.
pub struct RouterFuture(BoxedResponse);

impl RouterFuture {
    fn new<F>(future: ReplyFuture<F>) -> RouterFuture
    where
        F: Future + Send + 'static,
        F::Output: IntoReply,
    {
        RouterFuture(Box::pin(future))
    }
}

impl Future for RouterFuture {
    type Output = Result<Response<ReplyBody>, Infallible>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.0.as_mut().poll(cx)
    }
}

impl fmt::Debug for RouterFuture {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RouterFuture").finish_non_exhaustive()
    }
}

trait ErasedHandler: Send + Sync {
    fn call(&self, callback: Callback<Event>, hook: Option<FailHook>) -> RouterFuture;
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
    fn call(&self, callback: Callback<Event>, hook: Option<FailHook>) -> RouterFuture {
        match callback.narrow::<E>() {
            Ok(callback) => {
                RouterFuture::new(ReplyFuture::start(|| (self.function)(callback), hook))
            }
            Err(other) => RouterFuture::new(ReplyFuture::<Fut>::ready(
                HandlerError::UnexpectedCommand(other.command().clone()),
                hook,
            )),
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
/// and for before-callbacks OK means "allow", which is also what Tencent does when no
/// reply comes in time (for all but `Live.CallbackBeforeSendGift`).
///
/// A handler registered with `on` for a before-callback returns that command's typed reply
/// (such as [`c2c::SendMsgReply`](crate::c2c::SendMsgReply)); the compiler refuses any
/// other. After-callbacks' handlers return anything that is [`IntoReply`].
///
/// The router is a tower service (`Error = Infallible`) to put behind
/// [`CallbackLayer`](crate::CallbackLayer), with or without axum (in axum, use it with
/// `route_service`). Handler panics become 500 FAIL replies, as with
/// [`handler_fn`](super::handler_fn).
///
/// ```
/// use tencent_im_callback::c2c::{BeforeSendMsg, SendMsgReply};
/// use tencent_im_callback::room::{CreateRoom, MemberLeave};
/// use tencent_im_callback::{Callback, CallbackLayer, CommandRouter, Event, Reply};
/// use tower::Layer;
///
/// # fn main() -> Result<(), tencent_im_callback::layer::ConfigError> {
/// let router = CommandRouter::new()
///     .on(|cb: Callback<CreateRoom>| async move {
///         println!("created {:?}", cb.event().room_info.room_id);
///     })
///     .on(|cb: Callback<MemberLeave>| async move {
///         println!("{:?} left {}", cb.event().member_list_account, cb.event().room_id);
///         Reply::ok()
///     })
///     .on(|cb: Callback<BeforeSendMsg>| async move {
///         if cb.event().from_account == "spammer" {
///             SendMsgReply::Reject
///         } else {
///             SendMsgReply::Allow
///         }
///     })
///     .on_command("Group.CallbackAfterCreateGroup", |cb: Callback<Event>| async move {
///         println!("group created: {}", String::from_utf8_lossy(cb.raw_body()));
///     })
///     .fallback(|cb: Callback<Event>| async move {
///         println!("unhandled {}", cb.command());
///     });
/// let service = CallbackLayer::builder().sdk_app_id(1400000000).build()?.layer(router);
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

    /// Handles the command of the typed body `E` (for example `Callback<CreateRoom>`).
    /// Registering a command again replaces its handler.
    ///
    /// The handler's result must fit the command ([`ReplyFor`]): a before-callback's typed
    /// reply, or anything [`IntoReply`] for an after-callback. A before-callback's handler
    /// that returns the untyped [`Reply`](crate::Reply) does not compile:
    ///
    /// ```compile_fail
    /// use tencent_im_callback::c2c::BeforeSendMsg;
    /// use tencent_im_callback::{Callback, CommandRouter, Reply};
    ///
    /// let router = CommandRouter::new().on(|_: Callback<BeforeSendMsg>| async { Reply::ok() });
    /// ```
    pub fn on<F, Fut, E>(self, handler: F) -> Self
    where
        F: Fn(Callback<E>) -> Fut + Send + Sync + 'static,
        Fut: Future + Send + 'static,
        Fut::Output: IntoReply + ReplyFor<E::Reply>,
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

    fn dispatch(&self, callback: Callback<Event>, hook: Option<FailHook>) -> RouterFuture {
        match self
            .handlers
            .get(callback.command())
            .or(self.fallback.as_ref())
        {
            Some(handler) => handler.call(callback, hook),
            None => RouterFuture::new(ReplyFuture::<std::future::Ready<()>>::ready((), hook)),
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
    type Response = Response<ReplyBody>;
    type Error = Infallible;
    type Future = RouterFuture;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, mut request: Request<B>) -> Self::Future {
        let hook = request.extensions().get::<FailHook>().cloned();
        match Callback::<Event>::take_from(request.extensions_mut()) {
            Ok(callback) => self.dispatch(callback, hook),
            Err(error) => {
                RouterFuture::new(ReplyFuture::<std::future::Ready<()>>::ready(error, hook))
            }
        }
    }
}
