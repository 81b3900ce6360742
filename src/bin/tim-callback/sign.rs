//! `tim-callback sign`: `Sign` and `RequestTime` for a token and a time, or the whole query or
//! URL Tencent would post to, so that a request can be written by hand.

use std::io::Write;

use serde_json::json;
use tencent_im_callback::sign::sign;
use tencent_im_callback::test_util::CallbackRequest;
use tencent_im_callback::Command;

use crate::settings::{unix_now, TokenArgs, DEMO_APP_ID};
use crate::Failure;

/// Print Sign and RequestTime for a token and a time, for a request written by hand.
///
/// Sign is the lowercase hex SHA-256 of the token followed by RequestTime in decimal, as
/// Tencent computes it. By default prints `Sign=...` and `RequestTime=...` on two lines;
/// --query prints the whole query Tencent would send, --url the full URL to POST to.
#[derive(clap::Args)]
#[command(verbatim_doc_comment, after_help = concat!(
    "Examples:
  tim-callback sign --token-file token.txt
  tim-callback sign --token-file token.txt --time 1669872112 --json
  curl -H 'Content-Type: application/json' --data @body.json \\
    \"$(tim-callback sign --token-file token.txt --command Room.CallbackAfterCreateRoom \\
        --url https://example.com/callback)\"",
    token_note!(),
    exit_codes!()
))]
pub struct Args {
    #[command(flatten)]
    token: TokenArgs,
    /// RequestTime, in Unix seconds (default: now). Tencent's receivers accept a time within
    /// a minute or so of theirs.
    #[arg(verbatim_doc_comment, long, value_name = "UNIX_SECONDS")]
    time: Option<u64>,
    /// Print the whole query string instead: SdkAppid, CallbackCommand, contenttype, ClientIP,
    /// OptPlatform, Sign and RequestTime.
    #[arg(
        verbatim_doc_comment,
        long,
        requires = "command",
        conflicts_with = "url"
    )]
    query: bool,
    /// Print the full URL to POST to instead: this URL with the query appended.
    #[arg(verbatim_doc_comment, long, value_name = "URL", requires = "command")]
    url: Option<String>,
    /// The CallbackCommand of --query and --url.
    #[arg(verbatim_doc_comment, long, value_name = "COMMAND")]
    command: Option<String>,
    /// The SdkAppid of --query and --url.
    #[arg(verbatim_doc_comment,
        long,
        visible_alias = "app-id",
        env = "TIM_SDKAPPID",
        default_value_t = DEMO_APP_ID,
        value_name = "SDKAPPID"
    )]
    sdk_app_id: u64,
    /// Print one JSON object: {"Sign","RequestTime"}, with "query" or "url" when asked for.
    #[arg(verbatim_doc_comment, long)]
    json: bool,
}

/// Prints the signature.
pub fn run(args: Args) -> Result<(), Failure> {
    let Some(secret) = args.token.token()? else {
        return Err(Failure::usage(
            "no token: give --token-file, --token or TIM_CALLBACK_TOKEN",
        ));
    };
    if args.command.as_deref() == Some("") {
        return Err(Failure::usage("--command must not be empty"));
    }
    let time = match args.time {
        Some(time) => time,
        None => unix_now()?,
    };
    let signature = sign(secret.token(), time);
    let query = args.command.as_deref().map(|command| {
        CallbackRequest::new(args.sdk_app_id, Command::from_wire(command))
            .signed(secret.token(), time)
            .query()
    });
    let url = match (&args.url, &query) {
        (Some(url), Some(query)) => Some(with_query(url, query)?),
        _ => None,
    };
    let text = if args.json {
        let mut object = json!({"Sign": signature, "RequestTime": time});
        if let (true, Some(query)) = (args.query, &query) {
            object["query"] = json!(query);
        }
        if let Some(url) = &url {
            object["url"] = json!(url);
        }
        object.to_string()
    } else if let Some(url) = url {
        url
    } else if let (true, Some(query)) = (args.query, query) {
        query
    } else {
        format!("Sign={signature}\nRequestTime={time}")
    };
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{text}")
        .and_then(|()| stdout.flush())
        .map_err(|error| Failure::fatal(format!("cannot write to stdout: {error}")))
}

/// `url` with `query` appended after its own query, if it has one.
fn with_query(url: &str, query: &str) -> Result<String, Failure> {
    if url.contains('#') {
        return Err(Failure::usage(format!(
            "--url {url:?} has a fragment (#...): a query appended after it would never be sent"
        )));
    }
    let separator = match url.split_once('?') {
        None => "?",
        Some((_, "")) => "",
        Some((_, own)) if own.ends_with('&') => "",
        Some(_) => "&",
    };
    Ok(format!("{url}{separator}{query}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_goes_after_the_urls_own() {
        let url = |base: &str| with_query(base, "a=1").ok();
        assert_eq!(
            url("https://e.com/cb").as_deref(),
            Some("https://e.com/cb?a=1")
        );
        assert_eq!(
            url("https://e.com/cb?t=2").as_deref(),
            Some("https://e.com/cb?t=2&a=1")
        );
        assert_eq!(
            url("https://e.com/cb?").as_deref(),
            Some("https://e.com/cb?a=1")
        );
        assert_eq!(
            url("https://e.com/cb?t=2&").as_deref(),
            Some("https://e.com/cb?t=2&a=1")
        );
        assert_eq!(url("https://e.com/cb#x"), None);
    }
}
