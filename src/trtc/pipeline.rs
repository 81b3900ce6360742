//! The checks, in order: cheap ones on the request head first, so that no body is read
//! before they pass; then the signature over the exact bytes received, then the body's
//! shape, then its age.

use bytes::Bytes;
use http::{header, request::Parts, HeaderMap, Method};
use http_body::SizeHint;
use http_body_util::LengthLimitError;

use super::callback::TrtcCallback;
use super::config::Config;
use super::rejection::TrtcRejection;
use super::sign::{decode_sign, match_digest, TrtcSignatureError};

/// What the head checks established.
pub(crate) struct Head {
    pub(crate) sdk_app_id: u64,
    /// The decoded `Sign` header; `None` when the layer is unsigned.
    sign: Option<[u8; 32]>,
}

/// The one value of a header that must appear once: `Ok(None)` when absent, `Err(())` when
/// repeated. Header names are matched case-insensitively.
fn single<'a>(headers: &'a HeaderMap, name: &str) -> Result<Option<&'a [u8]>, ()> {
    let mut values = headers.get_all(name).iter();
    let first = values.next();
    if values.next().is_some() {
        return Err(());
    }
    Ok(first.map(|value| value.as_bytes()))
}

/// `SdkAppId`: decimal digits only, fitting in 64 bits.
fn parse_app_id(value: &[u8]) -> Option<u64> {
    if value.is_empty() || value.len() > 20 || !value.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(value).ok()?.parse().ok()
}

/// Everything decided from the request head alone.
pub(crate) fn admit_head(
    config: &Config,
    parts: &Parts,
    body_size: &SizeHint,
) -> Result<Head, TrtcRejection> {
    if parts.method != Method::POST {
        return Err(TrtcRejection::MethodNotAllowed);
    }
    let sdk_app_id = match single(&parts.headers, "sdkappid") {
        Err(()) => return Err(TrtcRejection::RepeatedAppId),
        Ok(None) => return Err(TrtcRejection::MissingAppId),
        Ok(Some(value)) => parse_app_id(value).ok_or(TrtcRejection::MalformedAppId)?,
    };
    if config.app(sdk_app_id).is_none() {
        return Err(TrtcRejection::UnknownAppId(sdk_app_id));
    }
    let sign = if config.signed {
        match single(&parts.headers, "sign") {
            Err(()) => return Err(TrtcSignatureError::Repeated.into()),
            Ok(None) => return Err(TrtcSignatureError::Missing.into()),
            Ok(Some(value)) => Some(decode_sign(value)?),
        }
    } else {
        None
    };
    let limit = config.body_limit;
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) || body_size.lower() > limit as u64 {
        return Err(TrtcRejection::PayloadTooLarge { limit });
    }
    Ok(Head { sdk_app_id, sign })
}

/// The body could not be read: over the limit while streaming, or the transport failed.
pub(crate) fn read_failure(error: &super::BoxError, limit: usize) -> TrtcRejection {
    if error.is::<LengthLimitError>() {
        TrtcRejection::PayloadTooLarge { limit }
    } else {
        TrtcRejection::BodyRead(error.to_string())
    }
}

/// Everything decided from the body: the signature over its exact bytes before anything
/// reads them, then the event, then its age.
pub(crate) fn admit_body(
    config: &Config,
    head: Head,
    body: Bytes,
) -> Result<TrtcCallback, TrtcRejection> {
    let key_index = match head.sign {
        Some(received) => {
            // The head checks found the app.
            let keys = config
                .app(head.sdk_app_id)
                .map_or(&[][..], |app| &app.keys[..]);
            let position = match_digest(
                keys.iter().map(|&index| &config.keys[index]),
                &received,
                &body,
            )?;
            Some(keys[position])
        }
        None => None,
    };
    let callback = TrtcCallback::from_parts(head.sdk_app_id, key_index, body)?;
    let callback_ts = callback
        .callback_ts()
        .ok_or(TrtcRejection::MissingCallbackTs)?;
    let now = config.now();
    if u128::from(callback_ts.0.abs_diff(now.0)) > config.window.as_millis() {
        return Err(TrtcRejection::OutsideWindow {
            callback_ts,
            now,
            window: config.window,
        });
    }
    Ok(callback)
}
