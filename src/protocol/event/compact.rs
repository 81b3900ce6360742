//! Raw JSON kept from a body, written back compactly.
//!
//! Unmodelled fields and unmodelled bodies are kept as the exact text received, which may be
//! pretty-printed. Writing that text verbatim would put raw line breaks into output that is
//! meant to hold one callback per line, and a crafted body could forge whole lines. So kept
//! JSON is serialised without the whitespace between its tokens: the same JSON value, on
//! one line. JSON strings cannot hold a raw CR or LF, so the output never does.

use serde::{Serialize, Serializer};
use serde_json::value::RawValue;

/// Serialises kept raw JSON without insignificant whitespace.
pub(crate) struct Compact<'a>(pub(crate) &'a RawValue);

impl Serialize for Compact<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let text = self.0.get();
        if !text.bytes().any(is_json_whitespace) {
            return self.0.serialize(serializer);
        }
        // The text was checked to be JSON when it was kept, and compacting keeps it JSON.
        let compact = RawValue::from_string(compact(text)).map_err(serde::ser::Error::custom)?;
        compact.serialize(serializer)
    }
}

fn is_json_whitespace(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r')
}

/// `text` (valid JSON) without the whitespace outside its strings.
pub(crate) fn compact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    for c in text.chars() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
        } else if c.is_ascii() && is_json_whitespace(c as u8) {
            continue;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(json: &str) -> String {
        let raw: Box<RawValue> = serde_json::from_str(json).unwrap();
        serde_json::to_string(&Compact(&raw)).unwrap()
    }

    #[test]
    fn whitespace_between_tokens_goes() {
        assert_eq!(
            written("{\r\n  \"a\" : [ 1 ,\t2 ],\n\"b\":{ }\n}"),
            r#"{"a":[1,2],"b":{}}"#
        );
    }

    #[test]
    fn strings_are_untouched() {
        let json = r#"{ "a b" : " x \" y \\ " , "c": "\n \t" }"#;
        assert_eq!(written(json), r#"{"a b":" x \" y \\ ","c":"\n \t"}"#);
        let value: serde_json::Value = serde_json::from_str(json).unwrap();
        let back: serde_json::Value = serde_json::from_str(&written(json)).unwrap();
        assert_eq!(value, back);
    }

    #[test]
    fn compact_text_is_written_as_it_is() {
        assert_eq!(written(r#"{"a":1e400}"#), r#"{"a":1e400}"#);
        assert_eq!(written(" \"中文\" "), "\"中文\"");
    }
}
