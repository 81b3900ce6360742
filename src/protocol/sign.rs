//! Callback authentication: `Sign = hex(SHA-256(token ++ RequestTime))`.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::protocol::query::CallbackQuery;

/// The longest token Tencent's console accepts, in bytes.
pub const MAX_TOKEN_LEN: usize = 128;

/// How far `RequestTime` may be from now, either way, unless configured otherwise.
pub const DEFAULT_WINDOW: Duration = Duration::from_secs(60);

/// A callback-authentication token, as set in Tencent's console.
///
/// The token is a secret: its `Debug` output is redacted and it has no `Display`.
///
/// ```
/// use tencent_im_callback::sign::Token;
///
/// let token = Token::new("xxxxyyyy")?;
/// assert_eq!(format!("{token:?}"), "Token(<redacted>)");
/// assert!(Token::new("").is_err());
/// # Ok::<(), tencent_im_callback::sign::TokenError>(())
/// ```
#[derive(Clone)]
pub struct Token(String);

impl Token {
    /// Accepts a token of 1 to [`MAX_TOKEN_LEN`] bytes without leading or trailing
    /// whitespace (a token read from a file with its newline would never match).
    pub fn new(token: impl Into<String>) -> Result<Token, TokenError> {
        let token = token.into();
        match token.len() {
            0 => Err(TokenError::Empty),
            len if len > MAX_TOKEN_LEN => Err(TokenError::TooLong(len)),
            _ if token.trim() != token => Err(TokenError::Whitespace),
            _ => Ok(Token(token)),
        }
    }

    fn digest(&self, request_time: &str) -> [u8; 32] {
        Sha256::new()
            .chain_update(self.0.as_bytes())
            .chain_update(request_time.as_bytes())
            .finalize()
            .into()
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

/// Why a token was refused. The message never contains the token.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TokenError {
    /// The token is empty.
    Empty,
    /// The token is longer than [`MAX_TOKEN_LEN`] bytes; holds its length.
    TooLong(usize),
    /// The token starts or ends with whitespace.
    Whitespace,
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenError::Empty => f.write_str("callback token is empty"),
            TokenError::TooLong(len) => write!(
                f,
                "callback token is {len} bytes long; Tencent allows at most {MAX_TOKEN_LEN}"
            ),
            TokenError::Whitespace => {
                f.write_str("callback token starts or ends with whitespace; remove it")
            }
        }
    }
}

impl std::error::Error for TokenError {}

/// The `Sign` Tencent sends for `token` at `request_time` (Unix seconds): the lowercase hex
/// SHA-256 of the token followed by the decimal time. It is not an HMAC.
///
/// ```
/// use tencent_im_callback::sign::{sign, Token};
///
/// // Tencent's published example.
/// let token = Token::new("xxxxyyyy")?;
/// assert_eq!(
///     sign(&token, 1669872112),
///     "17773bc39a671d7b9aa835458704d2a6db81360a5940292b587d6d760d484061"
/// );
/// # Ok::<(), tencent_im_callback::sign::TokenError>(())
/// ```
pub fn sign(token: &Token, request_time: u64) -> String {
    hex::encode(token.digest(&request_time.to_string()))
}

/// Which configured token signed a request: its position in the order tokens were given
/// (counting from 0). Never the token itself; log it to see when an old token can be
/// retired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TokenId(usize);

impl TokenId {
    /// The token's position, counting from 0.
    pub fn index(self) -> usize {
        self.0
    }
}

impl fmt::Display for TokenId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "token #{}", self.0)
    }
}

/// Checks `Sign` and `RequestTime` against one or more tokens, or, when built with
/// [`unsigned`](Self::unsigned), accepts requests without a signature.
///
/// Several tokens support rotation: a request signed with any of them is accepted, and
/// [`verify`](Self::verify) says which one matched. A token can be bound to one app id (for
/// a server that receives several apps' callbacks, each with its own token); an unbound
/// token serves every app. `RequestTime` must lie within the window of now, in the past or
/// the future alike, and is checked before any hashing; the signatures are compared in
/// constant time, against every candidate token.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use tencent_im_callback::query::CallbackQuery;
/// use tencent_im_callback::sign::{SignatureVerifier, Token};
///
/// let verifier = SignatureVerifier::with_tokens([Token::new("xxxxyyyy")?])?;
/// let query = CallbackQuery::parse(
///     "SdkAppid=1400000000&CallbackCommand=Room.CallbackAfterCreateRoom&RequestTime=1669872112\
///      &Sign=17773bc39a671d7b9aa835458704d2a6db81360a5940292b587d6d760d484061",
/// )?;
/// let now = UNIX_EPOCH + Duration::from_secs(1669872130);
/// let matched = verifier.verify(&query, now)?;
/// assert_eq!(matched.map(|token| token.index()), Some(0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct SignatureVerifier {
    /// Each token with the app it is bound to (`None`: every app).
    tokens: Vec<(Option<u64>, Token)>,
    unsigned: bool,
    window: Duration,
}

/// [`SignatureVerifier::with_tokens`] was given no token: say
/// [`SignatureVerifier::unsigned`] instead if that is what you mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoTokens;

impl fmt::Display for NoTokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "no callback token given; use `SignatureVerifier::unsigned()` to accept unsigned callbacks",
        )
    }
}

impl std::error::Error for NoTokens {}

impl SignatureVerifier {
    /// A verifier that accepts requests without `Sign` (TUIRoomKit's Room callbacks have no
    /// token setting). Say so explicitly: a verifier is never unsigned by accident.
    pub fn unsigned() -> SignatureVerifier {
        SignatureVerifier {
            tokens: Vec::new(),
            unsigned: true,
            window: DEFAULT_WINDOW,
        }
    }

    /// A verifier for these tokens, each valid for every app, with the default window of
    /// 60 seconds. At least one token is required.
    pub fn with_tokens(
        tokens: impl IntoIterator<Item = Token>,
    ) -> Result<SignatureVerifier, NoTokens> {
        let tokens: Vec<_> = tokens.into_iter().map(|token| (None, token)).collect();
        if tokens.is_empty() {
            return Err(NoTokens);
        }
        Ok(SignatureVerifier {
            tokens,
            unsigned: false,
            window: DEFAULT_WINDOW,
        })
    }

    /// Release 0.1's constructor. Given no token it now refuses every request instead of
    /// accepting every one.
    #[deprecated(
        since = "0.2.0",
        note = "use `SignatureVerifier::with_tokens`, or `SignatureVerifier::unsigned()` to accept unsigned callbacks"
    )]
    pub fn new(tokens: impl IntoIterator<Item = Token>) -> SignatureVerifier {
        SignatureVerifier {
            tokens: tokens.into_iter().map(|token| (None, token)).collect(),
            unsigned: false,
            window: DEFAULT_WINDOW,
        }
    }

    /// Adds a token valid for every app (it gets the next [`TokenId`]). Adding a token to an
    /// unsigned verifier makes it require signatures.
    pub fn and_token(mut self, token: Token) -> SignatureVerifier {
        self.tokens.push((None, token));
        self.unsigned = false;
        self
    }

    /// Adds a token valid only for callbacks of `sdk_app_id`.
    pub fn and_token_for(mut self, sdk_app_id: u64, token: Token) -> SignatureVerifier {
        self.tokens.push((Some(sdk_app_id), token));
        self.unsigned = false;
        self
    }

    /// How far `RequestTime` may be from now, in either direction (whole seconds count).
    pub fn with_window(mut self, window: Duration) -> SignatureVerifier {
        self.window = window;
        self
    }

    /// The configured window.
    pub fn window(&self) -> Duration {
        self.window
    }

    /// Whether requests must be signed.
    pub fn is_enabled(&self) -> bool {
        !self.unsigned
    }

    /// How many tokens are configured.
    pub fn token_count(&self) -> usize {
        self.tokens.len()
    }

    /// Checks the query's `Sign` and `RequestTime` as of `now`, with the tokens that serve
    /// the query's app. Gives the token that matched, or `None` for an unsigned verifier.
    pub fn verify(
        &self,
        query: &CallbackQuery,
        now: SystemTime,
    ) -> Result<Option<TokenId>, SignatureError> {
        if self.unsigned {
            return Ok(None);
        }
        let (Some(request_time), Some(text)) = (query.request_time(), query.request_time_text())
        else {
            return Err(SignatureError::MissingRequestTime);
        };
        let Some(sign) = query.sign() else {
            return Err(SignatureError::MissingSign);
        };
        self.check_window(request_time, now)?;
        // The received sign is not secret: checking its shape may branch on it.
        let mut received = [0u8; 32];
        if sign.len() != 64 || hex::decode_to_slice(sign, &mut received).is_err() {
            return Err(SignatureError::Malformed);
        }
        // Which tokens serve an app is not secret either; the comparison with each of them
        // is made whatever the others gave, in constant time.
        let app = query.sdk_app_id();
        let mut matched = subtle::CtOption::new(0u64, subtle::Choice::from(0));
        for (index, (bound, token)) in self.tokens.iter().enumerate() {
            if bound.is_some_and(|bound| bound != app) {
                continue;
            }
            let this = subtle::CtOption::new(index as u64, token.digest(text).ct_eq(&received));
            matched = subtle::ConditionallySelectable::conditional_select(
                &matched,
                &this,
                matched.is_none() & this.is_some(),
            );
        }
        Option::<u64>::from(matched)
            .map(|index| Some(TokenId(index as usize)))
            .ok_or(SignatureError::Mismatch)
    }

    fn check_window(&self, request_time: u64, now: SystemTime) -> Result<(), SignatureError> {
        let now = now
            .duration_since(UNIX_EPOCH)
            .map_or(0, |since| since.as_secs());
        let window = self.window.as_secs();
        if request_time < now.saturating_sub(window) {
            Err(SignatureError::Expired {
                window_secs: window,
            })
        } else if request_time > now.saturating_add(window) {
            Err(SignatureError::FromTheFuture {
                window_secs: window,
            })
        } else {
            Ok(())
        }
    }
}

impl fmt::Debug for SignatureVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignatureVerifier")
            .field("tokens", &self.tokens.len())
            .field("unsigned", &self.unsigned)
            .field("window", &self.window)
            .finish()
    }
}

/// Why a callback's signature was refused. Messages never contain a token or a signature.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignatureError {
    /// A token is configured but the query has no `Sign`.
    MissingSign,
    /// A token is configured but the query has no `RequestTime`.
    MissingRequestTime,
    /// `RequestTime` is further in the past than the window allows.
    Expired {
        /// The window, in seconds.
        window_secs: u64,
    },
    /// `RequestTime` is further in the future than the window allows.
    FromTheFuture {
        /// The window, in seconds.
        window_secs: u64,
    },
    /// `Sign` is not 64 hexadecimal characters.
    Malformed,
    /// `Sign` matches none of the configured tokens.
    Mismatch,
}

impl fmt::Display for SignatureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignatureError::MissingSign => f.write_str(
                "query parameter `Sign` is missing; this endpoint requires signed callbacks",
            ),
            SignatureError::MissingRequestTime => f.write_str(
                "query parameter `RequestTime` is missing; this endpoint requires signed callbacks",
            ),
            SignatureError::Expired { window_secs } => write!(
                f,
                "`RequestTime` is more than {window_secs} s in the past; check the server clock"
            ),
            SignatureError::FromTheFuture { window_secs } => write!(
                f,
                "`RequestTime` is more than {window_secs} s in the future; check the server clock"
            ),
            SignatureError::Malformed => {
                f.write_str("query parameter `Sign` is not 64 hexadecimal characters")
            }
            SignatureError::Mismatch => {
                f.write_str("query parameter `Sign` does not match the configured callback token")
            }
        }
    }
}

impl std::error::Error for SignatureError {}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "xxxxyyyy";
    const TIME: u64 = 1669872112;
    const SIGN: &str = "17773bc39a671d7b9aa835458704d2a6db81360a5940292b587d6d760d484061";

    fn query(extra: &str) -> CallbackQuery {
        CallbackQuery::parse(&format!("SdkAppid=1&CallbackCommand=x{extra}")).unwrap()
    }

    fn signed(sign: &str) -> CallbackQuery {
        query(&format!("&RequestTime={TIME}&Sign={sign}"))
    }

    fn at(seconds: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(seconds)
    }

    fn verifier() -> SignatureVerifier {
        SignatureVerifier::with_tokens([Token::new(TOKEN).unwrap()]).unwrap()
    }

    #[test]
    fn tencent_published_vector() {
        assert_eq!(sign(&Token::new(TOKEN).unwrap(), TIME), SIGN);
        assert_eq!(
            verifier().verify(&signed(SIGN), at(TIME)),
            Ok(Some(TokenId(0)))
        );
    }

    #[test]
    fn upper_case_hex_is_accepted() {
        let upper = SIGN.to_ascii_uppercase();
        assert_eq!(
            verifier().verify(&signed(&upper), at(TIME)),
            Ok(Some(TokenId(0)))
        );
    }

    #[test]
    fn any_rotated_token_may_sign_and_is_named() {
        let verifier = SignatureVerifier::with_tokens([
            Token::new("new-token").unwrap(),
            Token::new(TOKEN).unwrap(),
        ])
        .unwrap();
        assert_eq!(
            verifier.verify(&signed(SIGN), at(TIME)),
            Ok(Some(TokenId(1)))
        );
        let other = sign(&Token::new("new-token").unwrap(), TIME);
        assert_eq!(
            verifier.verify(&signed(&other), at(TIME)),
            Ok(Some(TokenId(0)))
        );
    }

    #[test]
    fn tokens_bound_to_an_app_serve_that_app_only() {
        let verifier = SignatureVerifier::unsigned()
            .and_token_for(2, Token::new(TOKEN).unwrap())
            .and_token_for(1, Token::new("app-one").unwrap());
        let app_one = sign(&Token::new("app-one").unwrap(), TIME);
        assert_eq!(
            verifier.verify(&signed(&app_one), at(TIME)),
            Ok(Some(TokenId(1)))
        );
        // The query is for app 1: app 2's token does not sign for it.
        assert_eq!(
            verifier.verify(&signed(SIGN), at(TIME)),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn unsigned_is_explicit() {
        let verifier = SignatureVerifier::unsigned();
        assert!(!verifier.is_enabled());
        assert_eq!(verifier.verify(&query(""), at(TIME)), Ok(None));
        assert_eq!(SignatureVerifier::with_tokens([]).unwrap_err(), NoTokens);
    }

    #[test]
    #[allow(deprecated)]
    fn the_old_constructor_without_tokens_refuses_everything() {
        let verifier = SignatureVerifier::new([]);
        assert!(verifier.is_enabled());
        assert_eq!(
            verifier.verify(&signed(SIGN), at(TIME)),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn missing_parameters_fail_when_a_token_is_configured() {
        assert_eq!(
            verifier().verify(&query(&format!("&Sign={SIGN}")), at(TIME)),
            Err(SignatureError::MissingRequestTime)
        );
        assert_eq!(
            verifier().verify(&query(&format!("&RequestTime={TIME}")), at(TIME)),
            Err(SignatureError::MissingSign)
        );
    }

    #[test]
    fn malformed_signs_fail() {
        let mut non_hex = SIGN.to_owned();
        non_hex.replace_range(0..1, "g");
        for bad in [
            "",
            &SIGN[..63],
            &SIGN[..32],
            &format!("{SIGN}0"),
            &format!("{SIGN}{SIGN}"),
            &non_hex,
            "%C3%A9%C3%A9",
        ] {
            assert_eq!(
                verifier().verify(&signed(bad), at(TIME)),
                Err(SignatureError::Malformed),
                "sign {bad:?}"
            );
        }
    }

    #[test]
    fn a_wrong_sign_fails() {
        let wrong = sign(&Token::new("another").unwrap(), TIME);
        assert_eq!(
            verifier().verify(&signed(&wrong), at(TIME)),
            Err(SignatureError::Mismatch)
        );
        let next_second = sign(&Token::new(TOKEN).unwrap(), TIME + 1);
        assert_eq!(
            verifier().verify(&signed(&next_second), at(TIME)),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn the_window_is_inclusive_at_both_edges() {
        let v = verifier();
        assert_eq!(v.verify(&signed(SIGN), at(TIME + 60)), Ok(Some(TokenId(0))));
        assert_eq!(v.verify(&signed(SIGN), at(TIME - 60)), Ok(Some(TokenId(0))));
        assert_eq!(
            v.verify(&signed(SIGN), at(TIME + 61)),
            Err(SignatureError::Expired { window_secs: 60 })
        );
        assert_eq!(
            v.verify(&signed(SIGN), at(TIME - 61)),
            Err(SignatureError::FromTheFuture { window_secs: 60 })
        );
    }

    #[test]
    fn the_window_is_checked_before_the_sign() {
        // A garbage sign outside the window reports the time, proving no hashing happened first.
        assert_eq!(
            verifier().verify(&signed("zz"), at(TIME + 3600)),
            Err(SignatureError::Expired { window_secs: 60 })
        );
    }

    #[test]
    fn the_window_is_configurable() {
        let v = verifier().with_window(Duration::from_secs(5));
        assert_eq!(v.verify(&signed(SIGN), at(TIME + 5)), Ok(Some(TokenId(0))));
        assert!(v.verify(&signed(SIGN), at(TIME + 6)).is_err());
    }

    #[test]
    fn clocks_far_from_now_do_not_overflow() {
        let far = query(&format!("&RequestTime={}&Sign={SIGN}", u64::MAX));
        assert_eq!(
            verifier().verify(&far, at(TIME)),
            Err(SignatureError::FromTheFuture { window_secs: 60 })
        );
        assert_eq!(
            verifier().verify(&signed(SIGN), UNIX_EPOCH - Duration::from_secs(5)),
            Err(SignatureError::FromTheFuture { window_secs: 60 })
        );
    }

    #[test]
    fn secrets_stay_out_of_messages_and_debug() {
        let errors = [
            SignatureError::MissingSign,
            SignatureError::MissingRequestTime,
            SignatureError::Expired { window_secs: 60 },
            SignatureError::FromTheFuture { window_secs: 60 },
            SignatureError::Malformed,
            SignatureError::Mismatch,
        ];
        for error in errors {
            let text = format!("{error} {error:?}");
            assert!(!text.contains(TOKEN) && !text.contains(SIGN), "{text}");
        }
        let debug = format!("{:?}", verifier());
        assert!(!debug.contains(TOKEN), "{debug}");
    }

    #[test]
    fn token_length_is_bounded() {
        assert_eq!(Token::new("").unwrap_err(), TokenError::Empty);
        assert!(Token::new("a".repeat(MAX_TOKEN_LEN)).is_ok());
        assert_eq!(
            Token::new("a".repeat(MAX_TOKEN_LEN + 1)).unwrap_err(),
            TokenError::TooLong(MAX_TOKEN_LEN + 1)
        );
        for padded in ["token\n", " token", "\ttoken"] {
            assert_eq!(Token::new(padded).unwrap_err(), TokenError::Whitespace);
        }
    }
}
