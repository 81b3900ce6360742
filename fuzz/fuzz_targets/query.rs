//! `CallbackQuery::parse` on arbitrary text.
//!
//! Checks: no panic; a leading `?` changes nothing; and a parsed query, written back out
//! from its accessors, parses again to the same values.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tencent_im_callback::query::{CallbackQuery, Platform};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = CallbackQuery::parse(text);

    if !text.starts_with('?') {
        assert_eq!(
            CallbackQuery::parse(&format!("?{text}")),
            parsed,
            "a leading `?` changed the result"
        );
    }

    let query = match parsed {
        Ok(query) => query,
        Err(error) => {
            // Every error names the parameter at fault, and its message says so.
            assert!(error.to_string().contains(error.param()));
            return;
        }
    };

    // Accessors never panic.
    let _ = query.client_ip_addr();
    let _ = query.platform().map(Platform::as_str);
    if let Some(ip) = query.client_ip() {
        assert!(!ip.is_empty(), "an empty ClientIP must count as absent");
    }
    assert!(
        !query.command().as_str().is_empty(),
        "an empty command was accepted"
    );

    // Write the query back out from what was read, and read it again.
    let mut out = form_urlencoded::Serializer::new(String::new());
    out.append_pair("SdkAppid", &query.sdk_app_id().to_string())
        .append_pair("CallbackCommand", query.command().as_str());
    if let Some(content_type) = query.content_type() {
        out.append_pair("contenttype", content_type);
    }
    if let Some(ip) = query.client_ip() {
        out.append_pair("ClientIP", ip);
    }
    if let Some(platform) = query.platform() {
        out.append_pair("OptPlatform", platform.as_str());
    }
    if let Some(sign) = query.sign() {
        out.append_pair("Sign", sign);
    }
    if let Some(time) = query.request_time() {
        out.append_pair("RequestTime", &time.to_string());
    }
    let rebuilt = out.finish();
    let again = CallbackQuery::parse(&rebuilt)
        .unwrap_or_else(|error| panic!("rebuilt query {rebuilt:?} was refused: {error}"));
    assert_eq!(again.sdk_app_id(), query.sdk_app_id());
    assert_eq!(again.command(), query.command());
    assert_eq!(again.content_type(), query.content_type());
    assert_eq!(again.client_ip(), query.client_ip());
    assert_eq!(again.platform(), query.platform());
    assert_eq!(again.sign(), query.sign());
    assert_eq!(again.request_time(), query.request_time());
});
