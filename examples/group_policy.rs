//! A small group policy service: it caps how many groups each user may create per day,
//! keeps denied users out of invitations, and logs joins, exits and owner changes.
//!
//! ```text
//! TIM_SDKAPPID=1400000000 TIM_CALLBACK_TOKEN=console-token TIM_BIND=127.0.0.1:8080 \
//! GROUP_POLICY_DAILY_CAP=5 GROUP_POLICY_DENY=spammer1,spammer2 \
//!     cargo run --example group_policy
//! ```
//!
//! Environment: `TIM_SDKAPPID`, `TIM_CALLBACK_TOKEN` and `TIM_BIND` as in the `server`
//! example; `GROUP_POLICY_DAILY_CAP`, groups one user may create per UTC day (default 5);
//! `GROUP_POLICY_DENY`, user ids nobody may invite, separated by commas (default none).
//!
//! - `Group.CallbackBeforeCreateGroup`: counts each allowed group against its owner's day
//!   and refuses the ones over the cap with code 10100, which Tencent shows to the user. The
//!   counts live in memory (lost on restart).
//! - `Group.CallbackBeforeInviteJoinGroup`: admits the invitees but the denied ones
//!   (`RefusedMembers_Account`).
//! - `Group.CallbackAfterNewMemberJoin`, `Group.CallbackAfterMemberExit`,
//!   `Group.CallbackAfterChangeGroupOwner`: one JSON line each on stdout.
//! - Every other command is answered OK (before-callbacks are allowed).
//!
//! The endpoint is `POST /callback`; logs go to stderr; Ctrl-C or SIGTERM stops it. Try it
//! with `cargo run --example simulate --features test-util -- Group`.

use std::process::ExitCode;

use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;

#[path = "group_policy/policy.rs"]
mod policy;
mod support;

use policy::{Policy, PolicySettings};
use support::{shutdown_signal, Settings};

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("group_policy: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), String> {
    let settings = Settings::from_env()?;
    let layer = settings.layer()?;
    let policy_settings = PolicySettings::from_env()?;
    eprintln!(
        "at most {} new groups per user per day; {} users denied invitations",
        policy_settings.daily_cap,
        policy_settings.deny.len()
    );
    let policy = Policy::new(policy_settings, std::io::stdout());
    let app = axum::Router::new()
        .route_service("/callback", policy.router())
        .route_layer(layer);

    let shutdown = shutdown_signal().map_err(|error| format!("cannot watch signals: {error}"))?;
    let listener = TcpListener::bind(settings.bind)
        .await
        .map_err(|error| format!("cannot listen on {}: {error}", settings.bind))?;
    let address = listener
        .local_addr()
        .map_err(|error| format!("cannot read the bound address: {error}"))?;
    eprintln!("listening on http://{address}/callback");

    support::serve(
        listener,
        TowerToHyperService::new(app),
        support::Http1::new(),
        shutdown,
    )
    .await;
    eprintln!("stopped");
    Ok(())
}
