//! Settings several subcommands share: the app id and the callback token, with where each
//! may come from (a flag, an environment variable, a file).

use std::env::VarError;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use tencent_im_callback::sign::Token;

use crate::Failure;

/// The environment variable holding the callback token.
pub const TOKEN_VARIABLE: &str = "TIM_CALLBACK_TOKEN";
/// The app id used when none is given: the demo value of Tencent's documentation.
pub const DEMO_APP_ID: u64 = 1400000000;
/// The longest token file read, in bytes: far more than any token (at most 128 bytes).
const TOKEN_FILE_LIMIT: u64 = 4096;

/// `--token` and `--token-file`, with `TIM_CALLBACK_TOKEN` when neither is given.
#[derive(clap::Args)]
pub struct TokenArgs {
    /// The callback-authentication token of Tencent's console. Visible in `ps` and kept in
    /// shell history: prefer --token-file or TIM_CALLBACK_TOKEN.
    #[arg(
        verbatim_doc_comment,
        long,
        value_name = "TOKEN",
        conflicts_with = "token_file"
    )]
    token: Option<String>,
    /// Read the token from this file: its only line (a trailing newline is ignored).
    #[arg(verbatim_doc_comment, long, value_name = "PATH")]
    token_file: Option<PathBuf>,
}

impl TokenArgs {
    /// The token: from the file, the flag, or else the environment; `None` when none is given.
    /// Checked as the layer checks tokens; errors never contain the token.
    pub fn token(&self) -> Result<Option<Secret>, Failure> {
        if let Some(path) = &self.token_file {
            return read_token_file(path).map(Some);
        }
        if let Some(token) = &self.token {
            return Secret::new(token.clone(), "--token").map(Some);
        }
        match std::env::var(TOKEN_VARIABLE) {
            Ok(token) => Secret::new(token, TOKEN_VARIABLE).map(Some),
            Err(VarError::NotPresent) => Ok(None),
            Err(VarError::NotUnicode(_)) => Err(Failure::usage(format!(
                "{TOKEN_VARIABLE} is not valid UTF-8"
            ))),
        }
    }
}

/// [`TokenArgs`] and `--unsigned`, which leaves `TIM_CALLBACK_TOKEN` aside.
#[derive(clap::Args)]
pub struct SigningArgs {
    #[command(flatten)]
    token: TokenArgs,
    /// No signature, even when TIM_CALLBACK_TOKEN is set.
    #[arg(verbatim_doc_comment, long, conflicts_with_all = ["token", "token_file"])]
    unsigned: bool,
}

impl SigningArgs {
    /// The token, or `None` for unsigned callbacks.
    pub fn token(&self) -> Result<Option<Secret>, Failure> {
        if self.unsigned {
            return Ok(None);
        }
        self.token.token()
    }
}

/// A token, checked, with where it came from for messages. Its `Debug` is redacted.
#[derive(Clone)]
pub struct Secret {
    text: String,
    token: Token,
}

impl Secret {
    /// Checks `text` as the layer would; `origin` names where it came from in the error.
    pub fn new(text: String, origin: &str) -> Result<Secret, Failure> {
        match Token::new(text.clone()) {
            Ok(token) => Ok(Secret { text, token }),
            Err(error) => Err(Failure::usage(format!("{origin}: {error}"))),
        }
    }

    /// The token, for signing.
    pub fn token(&self) -> &Token {
        &self.token
    }

    /// The token's text, for the layer's builder.
    pub fn text(&self) -> &str {
        &self.text
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// Reads a token file: one line, its line ending ignored. Errors name the file, never its
/// content.
pub fn read_token_file(path: &Path) -> Result<Secret, Failure> {
    let shown = path.display();
    let bytes = read_bounded(path, TOKEN_FILE_LIMIT)
        .map_err(|error| Failure::usage(format!("--token-file {shown}: {error}")))?;
    let Ok(mut text) = String::from_utf8(bytes) else {
        return Err(Failure::usage(format!(
            "--token-file {shown}: not valid UTF-8"
        )));
    };
    if text.ends_with('\n') {
        text.pop();
        if text.ends_with('\r') {
            text.pop();
        }
    }
    Secret::new(text, &format!("--token-file {shown}"))
}

/// A file's bytes, refused when it is longer than `limit`.
fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|error| error.to_string())?;
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| error.to_string())?;
    if bytes.len() as u64 > limit {
        return Err(format!("longer than {limit} bytes: not a token file"));
    }
    Ok(bytes)
}

/// The current time in Unix seconds.
pub fn unix_now() -> Result<u64, Failure> {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs())
        .map_err(|_| Failure::fatal("the system clock is before 1970"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_file_loses_its_line_ending_and_nothing_else() {
        let dir = std::env::temp_dir().join(format!("tim-callback-token-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for (content, accepted) in [
            ("console-token\n", true),
            ("console-token\r\n", true),
            ("console-token", true),
            (" console-token\n", false),
            ("console-token\n\n", false),
            ("", false),
        ] {
            let path = dir.join("token");
            std::fs::write(&path, content).unwrap();
            let secret = read_token_file(&path);
            assert_eq!(secret.is_ok(), accepted, "{content:?}");
            match secret {
                Ok(secret) => assert_eq!(secret.text(), "console-token"),
                Err(Failure::Usage(message)) => {
                    assert!(!message.contains("console-token"), "{message}")
                }
                Err(other) => panic!("{other:?}"),
            }
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn secrets_are_redacted() {
        let secret = Secret::new("console-token".to_owned(), "--token").unwrap();
        assert_eq!(format!("{secret:?}"), "Secret(<redacted>)");
        let Err(Failure::Usage(message)) = Secret::new(" leaked".to_owned(), "--token") else {
            panic!("a token with a leading space was accepted");
        };
        assert!(!message.contains("leaked"), "{message}");
    }
}
