//! IM online state callbacks (`State.*`).

use super::event::envelope::envelope;
use super::event::wire::{wire_enum, wire_object};
use super::platform::Platform;

wire_enum! {
    /// `Info.Action`: what happened to the user's connection.
    pub enum StateAction {
        /// Logged in or reconnected.
        Login = "Login",
        /// Logged out.
        Logout = "Logout",
        /// The connection was lost (closed, or heartbeats stopped for 400 seconds).
        Disconnect = "Disconnect",
        /// The user set a custom status (Chinese page only).
        CustomStatusChange = "CustomStatusChange",
    }
}

wire_enum! {
    /// `Info.Reason`: why, for each action.
    pub enum StateReason {
        /// A login or reconnection (`Login`).
        Register = "Register",
        /// A logout (`Logout`).
        Unregister = "Unregister",
        /// The connection closed (`Disconnect`): network lost, process killed, tab closed.
        LinkClose = "LinkClose",
        /// Heartbeats stopped (`Disconnect`).
        TimeOut = "TimeOut",
        /// A custom status was set (`CustomStatusChange`).
        SetCustomStatus = "SetCustomStatus",
    }
}

wire_enum! {
    /// `KickedDevice[].Platform`: the kind of device logged out by a new login.
    pub enum DevicePlatform {
        /// An iPhone.
        Ios = "iOS",
        /// An Android device.
        Android = "Android",
        /// A browser.
        Web = "Web",
        /// A Windows PC.
        Windows = "Windows",
        /// An iPad.
        IPad = "iPad",
        /// A Mac.
        Mac = "Mac",
        /// A Linux machine.
        Linux = "Linux",
    }
}

impl DevicePlatform {
    /// The same platform as the query's `OptPlatform` names it, with the other spellings
    /// Tencent uses (`IOS`, `IPad`, `macOS`, any case) mapped to their platform.
    ///
    /// ```
    /// use tencent_im_callback::query::Platform;
    /// use tencent_im_callback::state::DevicePlatform;
    ///
    /// assert_eq!(DevicePlatform::from_wire("IOS").platform(), Platform::Ios);
    /// assert_eq!(DevicePlatform::IPad.platform(), Platform::IPad);
    /// ```
    pub fn platform(&self) -> Platform {
        Platform::from_wire(self.as_str())
    }
}

wire_object! {
    /// `Info`: whose state changed, and how. Requires `To_Account`.
    pub struct StateInfo {
        /// What happened.
        pub action: Option<StateAction> = "Action",
        /// The user whose state changed.
        pub to_account: String = "To_Account",
        /// Why.
        pub reason: Option<StateReason> = "Reason",
        /// The custom status, for `CustomStatusChange` (the Chinese table lists it right
        /// after `Reason`; no sample shows where it stands).
        pub custom_status: Option<String> = "CustomStatus",
    }
}

wire_object! {
    /// One device logged out by a login elsewhere.
    pub struct KickedDevice {
        /// The kind of device.
        pub platform: Option<DevicePlatform> = "Platform",
    }
}

wire_object! {
    /// `State.StateChange`: a user logged in, logged out, lost the connection or set a
    /// custom status. Requires `Info`.
    ///
    /// `Disconnect` can arrive up to 400 seconds late and a reconnection suppresses it; a
    /// device kicked by a new login yields `Login` only (new SDKs) or `Login` and `Logout`
    /// (old ones): order by [`occurred_at`](Self::occurred_at), not by arrival. Older bodies
    /// carry no `EventTime` and no `KickedDevice`.
    ///
    /// ```
    /// use tencent_im_callback::state::{StateAction, StateChange, StateReason};
    ///
    /// let body = r#"{"Info":{"Action":"CustomStatusChange","To_Account":"u1",
    ///                "Reason":"SetCustomStatus","CustomStatus":"away"},"EventTime":1629883332497}"#;
    /// let event: StateChange = serde_json::from_str(body)?;
    /// assert_eq!(event.info.action, Some(StateAction::CustomStatusChange));
    /// assert_eq!(event.info.reason, Some(StateReason::SetCustomStatus));
    /// assert_eq!(event.custom_status(), Some("away"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct StateChange {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// When it happened, Unix **milliseconds** (absent in older bodies).
        pub event_time: Option<u64> = "EventTime",
        /// Whose state changed, and how.
        pub info: StateInfo = "Info",
        /// Devices this login logged out; only when a login kicked others.
        pub kicked_device: Option<Vec<KickedDevice>> = "KickedDevice",
        /// The custom status, were Tencent to send it beside `Info` rather than in it.
        pub custom_status: Option<String> = "CustomStatus",
    }
}

impl StateChange {
    /// The user whose state changed.
    pub fn user(&self) -> &str {
        &self.info.to_account
    }

    /// The custom status, wherever the body carries it (`Info.CustomStatus` first).
    pub fn custom_status(&self) -> Option<&str> {
        self.info
            .custom_status
            .as_deref()
            .or(self.custom_status.as_deref())
    }

    /// The platforms of the devices this login logged out.
    pub fn kicked_platforms(&self) -> impl Iterator<Item = &DevicePlatform> {
        self.kicked_device
            .iter()
            .flatten()
            .filter_map(|device| device.platform.as_ref())
    }
}

envelope!(StateChange {
    command: callback_command,
    time_ms: event_time,
});
