//! `sign`: Tencent's published vector, and the query and URL for a hand-written request.

use crate::{finish, run, tool, TempFile, TOKEN};

/// Tencent's published example: token `xxxxyyyy` at `1669872112`.
const VECTOR: &str = "17773bc39a671d7b9aa835458704d2a6db81360a5940292b587d6d760d484061";

#[test]
fn signs_tencents_published_vector() {
    let signed = run(
        &["sign", "--token", "xxxxyyyy", "--time", "1669872112"],
        b"",
    );
    signed.assert_code(0);
    assert_eq!(
        signed.stdout,
        format!("Sign={VECTOR}\nRequestTime=1669872112\n")
    );

    let file = TempFile::new("vector-token", "xxxxyyyy\n");
    let json = run(
        &[
            "sign",
            "--token-file",
            file.arg(),
            "--time",
            "1669872112",
            "--json",
        ],
        b"",
    );
    json.assert_code(0);
    let signed = &json.json_lines()[0];
    assert_eq!(signed["Sign"], VECTOR);
    assert_eq!(signed["RequestTime"], 1669872112);
}

#[test]
fn prints_the_query_and_the_url_to_post_to() {
    let mut command = tool();
    command.env("TIM_CALLBACK_TOKEN", "xxxxyyyy").args([
        "sign",
        "--time",
        "1669872112",
        "--command",
        "Room.CallbackAfterCreateRoom",
        "--query",
    ]);
    let query = finish(command, b"");
    query.assert_code(0);
    assert_eq!(
        query.stdout.trim_end(),
        format!(
            "SdkAppid=1400000000&CallbackCommand=Room.CallbackAfterCreateRoom&contenttype=json\
             &ClientIP=127.0.0.1&OptPlatform=RESTAPI&Sign={VECTOR}&RequestTime=1669872112"
        )
    );

    let url = run(
        &[
            "sign",
            "--token",
            "xxxxyyyy",
            "--time",
            "1669872112",
            "--sdk-app-id",
            "1400000001",
            "--command",
            "Room.CallbackAfterCreateRoom",
            "--url",
            "https://example.com/cb?tenant=7",
        ],
        b"",
    );
    url.assert_code(0);
    assert!(
        url.stdout
            .starts_with("https://example.com/cb?tenant=7&SdkAppid=1400000001&CallbackCommand="),
        "{}",
        url.stdout
    );
    assert!(
        url.stdout.contains(&format!("&Sign={VECTOR}&")),
        "{}",
        url.stdout
    );
}

#[test]
fn without_a_good_token_it_is_a_usage_error_that_never_shows_it() {
    run(&["sign"], b"").assert_code(2);
    let spaced = format!(" {TOKEN}");
    run(&["sign", "--token", &spaced], b"")
        .assert_code(2)
        .assert_no_token();
    let empty = TempFile::new("empty-token", "");
    run(&["sign", "--token-file", empty.arg()], b"").assert_code(2);
    run(&["sign", "--token", TOKEN, "--query"], b"")
        .assert_code(2)
        .assert_no_token();
    let current = run(&["sign", "--token", TOKEN], b"");
    current.assert_code(0).assert_no_token();
}
