//! Finding `\uXXXX` escapes that name half of a UTF-16 surrogate pair with no other half.
//!
//! JSON's grammar allows them, but they stand for no Unicode character: no Rust string can
//! hold one, and text copied through with one in it cannot be read back as a string. The
//! crate refuses them wherever they stand, modelled field or not, so that every body it
//! accepts is text it can write out and read back.

/// The offset of the first unpaired surrogate escape in `json`, if any.
///
/// Backslashes stand only inside strings in valid JSON, so escapes are found by looking at
/// runs of backslashes: in an odd run, the last one starts an escape. Bodies without a
/// backslash cost one `memchr` pass.
pub(crate) fn find_lone(json: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = memchr::memchr(b'\\', &json[from..]) {
        let start = from + found;
        let run = json[start..].iter().take_while(|&&b| b == b'\\').count();
        from = start + run;
        if run % 2 == 0 {
            continue;
        }
        let escape = from - 1;
        match unit_at(json, escape) {
            Some(0xD800..=0xDBFF) => {
                if !matches!(unit_at(json, escape + 6), Some(0xDC00..=0xDFFF)) {
                    return Some(escape);
                }
                from = escape + 12;
            }
            Some(0xDC00..=0xDFFF) => return Some(escape),
            _ => {}
        }
    }
    None
}

/// The code unit of a `\uXXXX` escape starting at `at`.
fn unit_at(json: &[u8], at: usize) -> Option<u16> {
    let escape = json.get(at..at + 6)?;
    if &escape[..2] != b"\\u" {
        return None;
    }
    let hex = std::str::from_utf8(&escape[2..]).ok()?;
    u16::from_str_radix(hex, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::find_lone;

    #[test]
    fn pairs_and_other_escapes_pass() {
        for json in [
            r#"{"a":"plain"}"#,
            r#"{"a":"\ud83d\ude00"}"#,
            r#"{"a":"\uD83D\uDE00 and \u0041"}"#,
            r#"{"a":"\\ud800"}"#,
            r#"{"a":"\\\\ud800"}"#,
            r#"{"a":"\n\"\\"}"#,
        ] {
            assert_eq!(find_lone(json.as_bytes()), None, "{json}");
        }
    }

    #[test]
    fn unpaired_halves_are_found() {
        for (json, at) in [
            (r#"{"a":"\ud800"}"#, 6),
            (r#"{"a":"\udc00"}"#, 6),
            (r#"{"a":"x\ud800\u0041"}"#, 7),
            (r#"{"\ud800":1}"#, 2),
            (r#"{"a":"\\\ud800"}"#, 8),
            (r#"{"a":"\ud83d\\ude00"}"#, 6),
            (r#"{"a":"\ud83d\ud83d\ude00"}"#, 6),
            (r#"{"a":"\ud800"#, 6),
        ] {
            assert_eq!(find_lone(json.as_bytes()), Some(at), "{json}");
        }
    }
}
