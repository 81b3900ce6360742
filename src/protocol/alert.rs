//! IM usage alerts (`Alert.*`).

use super::event::envelope::envelope;
use super::event::wire::wire_object;

wire_object! {
    /// `Alert.RequestOverLimit`: calls to a REST API went over its rate limit. No
    /// `EventTime` is documented; the query carries no `ClientIP`.
    ///
    /// ```
    /// use tencent_im_callback::alert::RequestOverLimit;
    ///
    /// let body = r#"{"CallbackCommand":"Alert.RequestOverLimit","ServiceName":"openim","Command":"batchsendmsg","Request":510,"Limit":200}"#;
    /// let alert: RequestOverLimit = serde_json::from_str(body)?;
    /// assert_eq!(alert.api(), Some("openim/batchsendmsg".to_owned()));
    /// assert_eq!((alert.request, alert.limit), (Some(510), Some(200)));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct RequestOverLimit {
        /// The command word repeated in the body.
        pub callback_command: Option<String> = "CallbackCommand",
        /// The REST service, such as `openim`.
        pub service_name: Option<String> = "ServiceName",
        /// The REST command of that service, such as `batchsendmsg`.
        pub command: Option<String> = "Command",
        /// The observed rate, requests per second.
        pub request: Option<u64> = "Request",
        /// The limit, requests per second.
        pub limit: Option<u64> = "Limit",
        /// When it happened, Unix **milliseconds** (not documented for this callback).
        pub event_time: Option<u64> = "EventTime",
    }
}

impl RequestOverLimit {
    /// `service/command`, the REST API's path as Tencent writes it (`openim/batchsendmsg`).
    pub fn api(&self) -> Option<String> {
        Some(format!(
            "{}/{}",
            self.service_name.as_deref()?,
            self.command.as_deref()?
        ))
    }
}

envelope!(RequestOverLimit {
    command: callback_command,
    time_ms: event_time,
});
