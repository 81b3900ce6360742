//! The checks, in order: cheap ones on the request head first, so that no body is read or
//! parsed before they pass; then the body.

use bytes::Bytes;
use http::{header, request::Parts, Method, Response};
use http_body::SizeHint;
use http_body_util::LengthLimitError;

use super::config::Config;
use super::rejection::{BodyReadError, Rejection};
use crate::protocol::callback::Callback;
use crate::protocol::query::CallbackQuery;
use crate::protocol::sign::TokenId;
use crate::trace;

/// What passed the head checks: the query, and the token that signed it.
pub(crate) struct Head {
    pub(crate) query: CallbackQuery,
    pub(crate) token: Option<TokenId>,
}

/// Steps 1 to 7, decided from the request head alone.
pub(crate) fn admit_head(
    config: &Config,
    parts: &Parts,
    body_size: &SizeHint,
) -> Result<Head, Rejection> {
    if parts.method != Method::POST {
        return Err(Rejection::MethodNotAllowed);
    }
    let query = CallbackQuery::parse(parts.uri.query().unwrap_or_default())?;
    if !config.app_ids.contains(&query.sdk_app_id()) {
        return Err(Rejection::UnknownAppId(query.sdk_app_id()));
    }
    if let Some(commands) = &config.commands {
        if !commands.contains(query.command()) {
            return Err(Rejection::CommandNotAllowed(query.command().clone()));
        }
    }
    let token = config.verifier.verify(&query, config.now())?;
    let limit = config.body_limit;
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) || body_size.lower() > limit as u64 {
        return Err(Rejection::PayloadTooLarge { limit });
    }
    if query
        .content_type()
        .is_some_and(|content_type| !content_type.eq_ignore_ascii_case("json"))
    {
        return Err(Rejection::UnsupportedContentType);
    }
    Ok(Head { query, token })
}

/// Step 8's failure: over the limit while streaming, or the transport failed.
pub(crate) fn read_failure(error: crate::BoxError, limit: usize) -> Rejection {
    if error.is::<LengthLimitError>() {
        Rejection::PayloadTooLarge { limit }
    } else {
        Rejection::BodyRead(BodyReadError::new(error))
    }
}

/// Step 9: parse the body as the query's command.
pub(crate) fn admit_body(config: &Config, head: Head, body: Bytes) -> Result<Callback, Rejection> {
    Callback::verified(head.query, body, head.token, config.mismatched).map_err(Rejection::Body)
}

/// Counts and reports a refusal, and gives its response.
pub(crate) fn refuse(config: &Config, rejection: &Rejection) -> Response<Bytes> {
    config.counters.count_refused(rejection.kind());
    trace::rejected(rejection);
    config.respond(rejection)
}
