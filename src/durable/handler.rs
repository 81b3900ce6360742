//! [`Handlers`]: one handler per command for the workers, and the [`Delivery`] each receives.

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;
use std::time::SystemTime;

use http::StatusCode;

use crate::handler::IntoReply;
use crate::protocol::callback::Callback;
use crate::protocol::command::Command;
use crate::protocol::event::{CommandEvent, Event, FromEvent};

use super::Effects;

/// One delivery of a stored callback to a worker's handler: the typed callback, rebuilt from
/// the stream without re-verifying, with what the stream knows about it.
///
/// `E` is [`Event`] for [`Handlers::on_command`] and [`Handlers::fallback`], or the typed event
/// of [`Handlers::on`].
#[derive(Debug)]
pub struct Delivery<E = Event> {
    callback: Callback<E>,
    key: String,
    entry: String,
    deliveries: u64,
    received_at: SystemTime,
    effects: Effects,
}

impl Delivery<Event> {
    pub(super) fn new(
        callback: Callback<Event>,
        key: String,
        entry: String,
        deliveries: u64,
        received_at: SystemTime,
        effects: Effects,
    ) -> Self {
        Delivery {
            callback,
            key,
            entry,
            deliveries,
            received_at,
            effects,
        }
    }

    // The error hands the whole delivery back, so it is as large as the success.
    #[allow(clippy::result_large_err)]
    fn narrow<E: FromEvent>(self) -> Result<Delivery<E>, Delivery<Event>> {
        let Delivery {
            callback,
            key,
            entry,
            deliveries,
            received_at,
            effects,
        } = self;
        match callback.narrow::<E>() {
            Ok(callback) => Ok(Delivery {
                callback,
                key,
                entry,
                deliveries,
                received_at,
                effects,
            }),
            Err(callback) => Err(Delivery {
                callback,
                key,
                entry,
                deliveries,
                received_at,
                effects,
            }),
        }
    }
}

impl<E> Delivery<E> {
    /// The callback.
    pub fn callback(&self) -> &Callback<E> {
        &self.callback
    }

    /// The typed event.
    pub fn event(&self) -> &E {
        self.callback.event()
    }

    /// Takes the callback.
    pub fn into_callback(self) -> Callback<E> {
        self.callback
    }

    /// The callback's idempotency key, as the receiver computed it: use it to make effects
    /// outside Redis idempotent too (a unique column in your database, say).
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The stream entry's id.
    pub fn entry_id(&self) -> &str {
        &self.entry
    }

    /// How many times this entry has been delivered, this time included (1 the first time).
    pub fn deliveries(&self) -> u64 {
        self.deliveries
    }

    /// When the receiver accepted the callback.
    pub fn received_at(&self) -> SystemTime {
        self.received_at
    }

    /// The Redis commands to run together with marking the callback done; see [`Effects`].
    pub fn effects(&self) -> &Effects {
        &self.effects
    }
}

/// The future of an erased handler: `Ok` when it succeeded, else why not.
pub(super) type Outcome = Pin<Box<dyn Future<Output = Result<(), String>> + Send>>;

pub(super) trait ErasedHandler: Send + Sync {
    fn call(&self, delivery: Delivery<Event>) -> Outcome;
}

struct Typed<F, E> {
    function: F,
    event: PhantomData<fn() -> E>,
}

impl<F, Fut, E> ErasedHandler for Typed<F, E>
where
    F: Fn(Delivery<E>) -> Fut + Send + Sync,
    Fut: Future + Send + 'static,
    Fut::Output: IntoReply,
    E: FromEvent,
{
    fn call(&self, delivery: Delivery<Event>) -> Outcome {
        match delivery.narrow::<E>() {
            Ok(delivery) => {
                let future = (self.function)(delivery);
                Box::pin(async move { judge(future.await) })
            }
            Err(other) => {
                let command = other.callback.command().as_str().to_owned();
                Box::pin(std::future::ready(Err(format!(
                    "this handler does not take {command:?} callbacks"
                ))))
            }
        }
    }
}

/// A handler succeeded when its result is HTTP 200 with `ActionStatus` OK, as the layer would
/// have answered Tencent.
fn judge(output: impl IntoReply) -> Result<(), String> {
    let status = output.status();
    let reply = output.into_reply();
    if status == StatusCode::OK && reply.is_ok() {
        Ok(())
    } else {
        let info: String = reply.error_info().chars().take(200).collect();
        Err(format!(
            "the handler answered {} with ErrorCode {}: {info:?}",
            status.as_u16(),
            reply.error_code()
        ))
    }
}

fn erase<F, Fut, E>(function: F) -> Arc<dyn ErasedHandler>
where
    F: Fn(Delivery<E>) -> Fut + Send + Sync + 'static,
    Fut: Future + Send + 'static,
    Fut::Output: IntoReply,
    E: FromEvent + 'static,
{
    Arc::new(Typed {
        function,
        event: PhantomData,
    })
}

/// The workers' handlers: one per command, as with [`CommandRouter`](crate::CommandRouter),
/// each taking a [`Delivery`] instead of a bare `Callback` and returning anything that
/// implements [`IntoReply`] (`()`, `Reply`, `Result<(), YourError>`, …).
///
/// A handler **succeeded** when what it returned would be answered HTTP 200 with `ActionStatus`
/// OK; the entry is then marked done and acknowledged. Anything else (a FAIL reply, another
/// status, a panic) is a failure: the entry stays pending and is delivered again, to any worker,
/// after the visibility timeout, and goes to the dead-letter stream after the configured number
/// of deliveries.
///
/// A command with no handler (and no [`fallback`](Self::fallback)) is never acknowledged
/// silently: the consumer dead-letters it, or drops it with a log line when configured to
/// ([`Unhandled`](super::Unhandled)).
///
/// ```
/// use tencent_im_callback::durable::{Delivery, Handlers};
/// use tencent_im_callback::room::DestroyRoom;
/// use tencent_im_callback::{Event, Reply};
///
/// let handlers = Handlers::new()
///     .on(|delivery: Delivery<DestroyRoom>| async move {
///         println!("room {} is gone", delivery.event().room_id);
///     })
///     .on_command("Group.CallbackAfterNewMemberJoin", |delivery: Delivery<Event>| async move {
///         if delivery.deliveries() > 3 {
///             return Reply::fail(1, "giving up on this one");
///         }
///         Reply::ok()
///     });
/// assert!(handlers.handles(&"Room.CallbackAfterDestroyRoom".into()));
/// assert!(!handlers.handles(&"Room.CallbackAfterCreateRoom".into()));
/// ```
#[derive(Clone, Default)]
#[must_use]
pub struct Handlers {
    handlers: HashMap<Command, Arc<dyn ErasedHandler>>,
    fallback: Option<Arc<dyn ErasedHandler>>,
}

impl Handlers {
    /// No handlers yet.
    pub fn new() -> Self {
        Handlers::default()
    }

    /// Handles the command of the typed event `E` (for example `Delivery<CreateRoom>`).
    /// Registering a command again replaces its handler.
    pub fn on<F, Fut, E>(mut self, handler: F) -> Self
    where
        F: Fn(Delivery<E>) -> Fut + Send + Sync + 'static,
        Fut: Future + Send + 'static,
        Fut::Output: IntoReply,
        E: CommandEvent + 'static,
    {
        self.handlers.insert(E::COMMAND, erase(handler));
        self
    }

    /// Handles a command by its wire name, with the [`Event`] (for commands without a typed
    /// event, [`Event::Unknown`] with the body as received).
    pub fn on_command<F, Fut>(mut self, command: impl Into<Command>, handler: F) -> Self
    where
        F: Fn(Delivery<Event>) -> Fut + Send + Sync + 'static,
        Fut: Future + Send + 'static,
        Fut::Output: IntoReply,
    {
        self.handlers.insert(command.into(), erase(handler));
        self
    }

    /// Handles every command that has no handler of its own.
    pub fn fallback<F, Fut>(mut self, handler: F) -> Self
    where
        F: Fn(Delivery<Event>) -> Fut + Send + Sync + 'static,
        Fut: Future + Send + 'static,
        Fut::Output: IntoReply,
    {
        self.fallback = Some(erase(handler));
        self
    }

    /// Whether `command` has a handler (its own or the fallback).
    pub fn handles(&self, command: &Command) -> bool {
        self.find(command).is_some()
    }

    pub(super) fn find(&self, command: &Command) -> Option<Arc<dyn ErasedHandler>> {
        self.handlers
            .get(command)
            .or(self.fallback.as_ref())
            .map(Arc::clone)
    }
}

impl fmt::Debug for Handlers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut commands: Vec<&str> = self.handlers.keys().map(Command::as_str).collect();
        commands.sort_unstable();
        f.debug_struct("Handlers")
            .field("commands", &commands)
            .field("fallback", &self.fallback.is_some())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::query::CallbackQuery;
    use crate::protocol::reply::Reply;
    use crate::protocol::room::DestroyRoom;
    use bytes::Bytes;

    fn delivery(command: &str, body: &'static str) -> Delivery<Event> {
        let query = CallbackQuery::parse(&format!("SdkAppid=1&CallbackCommand={command}")).unwrap();
        let callback = Callback::from_parts(query, Bytes::from_static(body.as_bytes())).unwrap();
        Delivery::new(
            callback,
            "k".into(),
            "1-0".into(),
            1,
            SystemTime::UNIX_EPOCH,
            Effects::default(),
        )
    }

    async fn run(handlers: &Handlers, delivery: Delivery<Event>) -> Option<Result<(), String>> {
        let handler = handlers.find(delivery.callback().command())?;
        Some(handler.call(delivery).await)
    }

    #[tokio::test]
    async fn typed_handlers_get_their_event_and_judge_by_the_reply() {
        let handlers = Handlers::new()
            .on(|d: Delivery<DestroyRoom>| async move {
                if d.event().room_id == "bad" {
                    Reply::fail(7, "no such room")
                } else {
                    Reply::ok()
                }
            })
            .on_command("X.Reject", |_: Delivery<Event>| async {
                (StatusCode::ACCEPTED, Reply::ok())
            });
        let ok = run(
            &handlers,
            delivery("Room.CallbackAfterDestroyRoom", r#"{"RoomId":"r"}"#),
        )
        .await;
        assert_eq!(ok, Some(Ok(())));
        let failed = run(
            &handlers,
            delivery("Room.CallbackAfterDestroyRoom", r#"{"RoomId":"bad"}"#),
        )
        .await
        .unwrap()
        .unwrap_err();
        assert!(failed.contains("ErrorCode 7"), "{failed}");
        let status = run(&handlers, delivery("X.Reject", "{}")).await.unwrap();
        assert!(status.unwrap_err().contains("202"));
        assert_eq!(run(&handlers, delivery("X.Other", "{}")).await, None);
    }

    #[tokio::test]
    async fn the_fallback_takes_the_rest() {
        let handlers = Handlers::new().fallback(|d: Delivery<Event>| async move {
            d.effects().push(redis::cmd("PING"));
            assert_eq!(d.effects().len(), 1);
        });
        assert!(handlers.handles(&"Anything.Else".into()));
        assert_eq!(run(&handlers, delivery("A.B", "{}")).await, Some(Ok(())));
    }
}
