//! The TRTC signature: `Sign = base64(HMAC-SHA256(callback key, raw body bytes))`.

use std::fmt;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use subtle::{ConditionallySelectable, ConstantTimeEq};

/// The longest callback key Tencent's console accepts.
pub const MAX_KEY_LEN: usize = 32;

/// The length of a `Sign` header: the 32-byte digest in standard Base64 with padding.
pub const SIGN_LEN: usize = 44;

/// A TRTC callback key (回调密钥), as set in the TRTC console: 1 to 32 ASCII letters and
/// digits. One key signs every callback URL of an application.
///
/// The key is a secret: its `Debug` output is redacted, it has no `Display`, and the HMAC key
/// schedule is computed once here, so each request costs only the body's hashing.
///
/// ```
/// use tencent_im_callback::trtc::CallbackKey;
///
/// // Tencent's published vector (trtc.io/document/54912).
/// let key = CallbackKey::new("123654")?;
/// let body = include_bytes!("../../tests/fixtures/trtc/signature-vector.body");
/// assert_eq!(key.sign(body), "kkoFeO3Oh2ZHnjtg8tEAQhtXK16/KI05W3BQff8IvGA=");
/// assert_eq!(format!("{key:?}"), "CallbackKey(<redacted>)");
/// assert!(CallbackKey::new("with space").is_err());
/// # Ok::<(), tencent_im_callback::trtc::KeyError>(())
/// ```
#[derive(Clone)]
pub struct CallbackKey {
    mac: Hmac<Sha256>,
}

impl CallbackKey {
    /// Accepts a key of 1 to [`MAX_KEY_LEN`] ASCII letters and digits, the console's rule (a
    /// key pasted with a newline or a space would never match).
    pub fn new(key: impl AsRef<str>) -> Result<CallbackKey, KeyError> {
        let key = key.as_ref();
        if key.is_empty() {
            return Err(KeyError::Empty);
        }
        if key.len() > MAX_KEY_LEN {
            return Err(KeyError::TooLong(key.len()));
        }
        if !key.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(KeyError::NotAlphanumeric);
        }
        // HMAC takes keys of any length; this cannot fail.
        let mac = Hmac::<Sha256>::new_from_slice(key.as_bytes()).map_err(|_| KeyError::Empty)?;
        Ok(CallbackKey { mac })
    }

    /// The 32-byte HMAC-SHA256 of `body` under this key.
    pub(crate) fn digest(&self, body: &[u8]) -> [u8; 32] {
        let mut mac = self.mac.clone();
        mac.update(body);
        mac.finalize().into_bytes().into()
    }

    /// The `Sign` header Tencent sends for `body`: standard Base64 with padding, 44
    /// characters.
    pub fn sign(&self, body: &[u8]) -> String {
        let mut out = [0u8; SIGN_LEN];
        // 32 bytes always encode to exactly 44 characters.
        let written = STANDARD
            .encode_slice(self.digest(body), &mut out)
            .unwrap_or(0);
        String::from_utf8_lossy(&out[..written]).into_owned()
    }

    /// Checks a `Sign` value against `body`, in constant time.
    pub fn verify(&self, sign: &[u8], body: &[u8]) -> Result<(), TrtcSignatureError> {
        verify(std::iter::once(self), sign, body).map(drop)
    }
}

impl fmt::Debug for CallbackKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CallbackKey(<redacted>)")
    }
}

/// Why a callback key was refused. The message never contains the key.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyError {
    /// The key is empty.
    Empty,
    /// The key is longer than [`MAX_KEY_LEN`]; holds its length.
    TooLong(usize),
    /// The key holds something other than ASCII letters and digits.
    NotAlphanumeric,
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyError::Empty => f.write_str("callback key is empty"),
            KeyError::TooLong(len) => write!(
                f,
                "callback key is {len} bytes long; the TRTC console allows at most {MAX_KEY_LEN}"
            ),
            KeyError::NotAlphanumeric => f.write_str(
                "callback key holds characters other than ASCII letters and digits \
                 (whitespace or a line break?)",
            ),
        }
    }
}

impl std::error::Error for KeyError {}

/// Why a `Sign` header was refused. No variant carries the header or the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TrtcSignatureError {
    /// No `Sign` header.
    Missing,
    /// More than one `Sign` header.
    Repeated,
    /// Not 44 characters of standard Base64 with padding encoding 32 bytes: hex, the URL-safe
    /// alphabet, missing padding, whitespace or a wrong length.
    Malformed,
    /// Well-formed, but no configured key produces it for this body.
    Mismatch,
}

impl fmt::Display for TrtcSignatureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TrtcSignatureError::Missing => "header `Sign` is missing",
            TrtcSignatureError::Repeated => "header `Sign` is given more than once",
            TrtcSignatureError::Malformed => {
                "header `Sign` is not 44 characters of standard Base64 (with `+`, `/` and `=` \
                 padding) encoding a 32-byte HMAC-SHA256"
            }
            TrtcSignatureError::Mismatch => "header `Sign` matches no configured callback key",
        })
    }
}

impl std::error::Error for TrtcSignatureError {}

/// Decodes a `Sign` value strictly: exactly 44 characters of the standard alphabet with
/// canonical `=` padding, decoding to 32 bytes. Anything else is
/// [`TrtcSignatureError::Malformed`], including surrounding or inner whitespace.
pub fn decode_sign(sign: &[u8]) -> Result<[u8; 32], TrtcSignatureError> {
    if sign.len() != SIGN_LEN {
        return Err(TrtcSignatureError::Malformed);
    }
    // The received sign is not secret: checking its shape may branch on it.
    let mut buffer = [0u8; 48];
    match STANDARD.decode_slice(sign, &mut buffer) {
        Ok(32) => {
            let mut digest = [0u8; 32];
            digest.copy_from_slice(&buffer[..32]);
            Ok(digest)
        }
        _ => Err(TrtcSignatureError::Malformed),
    }
}

/// Checks a `Sign` value against `body` with each key, and says which matched, counting from
/// 0 in the order given.
///
/// Every key is tried and the digests are compared in constant time, so the time taken
/// depends on the number of keys and the body's length, never on which key matched or how
/// much of the digest did.
///
/// ```
/// use tencent_im_callback::trtc::{verify, CallbackKey, TrtcSignatureError};
///
/// let old = CallbackKey::new("oldKey1")?;
/// let new = CallbackKey::new("newKey2")?;
/// let body = br#"{"EventGroupId":1,"EventType":101,"CallbackTs":1,"EventInfo":{}}"#;
/// let sign = new.sign(body);
/// assert_eq!(verify([&old, &new], sign.as_bytes(), body), Ok(1));
/// assert_eq!(verify([&old], sign.as_bytes(), body), Err(TrtcSignatureError::Mismatch));
/// # Ok::<(), tencent_im_callback::trtc::KeyError>(())
/// ```
pub fn verify<'k>(
    keys: impl IntoIterator<Item = &'k CallbackKey>,
    sign: &[u8],
    body: &[u8],
) -> Result<usize, TrtcSignatureError> {
    match_digest(keys, &decode_sign(sign)?, body)
}

/// [`verify`] with the `Sign` header already decoded.
pub(crate) fn match_digest<'k>(
    keys: impl IntoIterator<Item = &'k CallbackKey>,
    received: &[u8; 32],
    body: &[u8],
) -> Result<usize, TrtcSignatureError> {
    let mut found = subtle::Choice::from(0);
    let mut index = 0u64;
    for (at, key) in keys.into_iter().enumerate() {
        let matched = key.digest(body).ct_eq(received);
        index.conditional_assign(&(at as u64), matched & !found);
        found |= matched;
    }
    if bool::from(found) {
        Ok(index as usize)
    } else {
        Err(TrtcSignatureError::Mismatch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VECTOR_BODY: &[u8] = include_bytes!("../../tests/fixtures/trtc/signature-vector.body");
    const VECTOR_SIGN: &str = "kkoFeO3Oh2ZHnjtg8tEAQhtXK16/KI05W3BQff8IvGA=";

    #[test]
    fn the_published_vector_verifies() {
        let key = CallbackKey::new("123654").unwrap();
        assert_eq!(key.sign(VECTOR_BODY), VECTOR_SIGN);
        assert_eq!(key.verify(VECTOR_SIGN.as_bytes(), VECTOR_BODY), Ok(()));
    }

    #[test]
    fn other_encodings_of_the_right_digest_are_malformed() {
        let key = CallbackKey::new("123654").unwrap();
        let digest = key.digest(VECTOR_BODY);
        let url_safe = VECTOR_SIGN.replace('/', "_");
        for sign in [
            hex::encode(digest),
            url_safe,
            VECTOR_SIGN.trim_end_matches('=').to_owned(),
            format!(" {}", &VECTOR_SIGN[1..]),
            format!("{VECTOR_SIGN} "),
            format!("{VECTOR_SIGN}="),
            VECTOR_SIGN[..43].to_owned() + "\t",
            String::new(),
        ] {
            assert_eq!(
                key.verify(sign.as_bytes(), VECTOR_BODY),
                Err(TrtcSignatureError::Malformed),
                "{sign:?}"
            );
        }
    }

    #[test]
    fn a_non_canonical_last_character_is_malformed() {
        // `A` and `B` differ only in the two bits the 32-byte digest does not use.
        let canonical = "A".repeat(42) + "A=";
        assert!(decode_sign(canonical.as_bytes()).is_ok());
        let loose = "A".repeat(42) + "B=";
        assert_eq!(
            decode_sign(loose.as_bytes()),
            Err(TrtcSignatureError::Malformed)
        );
    }

    #[test]
    fn the_first_matching_key_is_reported() {
        let a = CallbackKey::new("a").unwrap();
        let b = CallbackKey::new("b").unwrap();
        let sign = b.sign(b"body");
        assert_eq!(verify([&a, &b, &b], sign.as_bytes(), b"body"), Ok(1));
        assert_eq!(
            verify([] as [&CallbackKey; 0], sign.as_bytes(), b"body"),
            Err(TrtcSignatureError::Mismatch)
        );
    }

    #[test]
    fn keys_follow_the_console_rule() {
        assert_eq!(CallbackKey::new("").unwrap_err(), KeyError::Empty);
        assert_eq!(
            CallbackKey::new("a".repeat(33)).unwrap_err(),
            KeyError::TooLong(33)
        );
        for key in ["key\n", " key", "ke-y", "ключ"] {
            assert_eq!(
                CallbackKey::new(key).unwrap_err(),
                KeyError::NotAlphanumeric
            );
        }
        assert!(CallbackKey::new("a".repeat(32)).is_ok());
    }
}
