//! What `simulate` and `replay` send.
//!
//! A [`Family`] is a set of callbacks that share a sender's conventions: its samples, and how
//! one becomes a request (which parameters, where the signature goes). [`Im`] is Tencent IM's
//! (TUIRoomKit and TUILiveKit included): `test_util`'s samples, signed in the query. A family
//! signed otherwise, in headers over the body for instance, sets them in its
//! [`Outgoing::request`]; the sending, counting and printing are the same for every family.
//! Each callback to send is an [`Outgoing`], built and signed just before it is sent, so that a
//! long run's requests all carry the current time.

use std::sync::Arc;

use bytes::Bytes;
use http::Request;
use http_body_util::Full;
use tencent_im_callback::command::{Command, Timing};
use tencent_im_callback::test_util::{samples, CallbackRequest};

use crate::client::Target;
use crate::settings::Secret;

/// One callback to send.
pub trait Outgoing: Send + Sync {
    /// Its name in output: the command word.
    fn name(&self) -> &str;
    /// Whether the reply decides what happens (a before-callback): then output shows the
    /// decision.
    fn decides(&self) -> bool;
    /// The body sent.
    fn body(&self) -> &Bytes;
    /// The request to `target`, signed at `now` (Unix seconds) if the family signs.
    fn request(&self, target: &Target, now: u64) -> Result<Request<Full<Bytes>>, String>;
}

/// A family of callbacks with samples.
pub trait Family {
    /// Every sample, in the family's order.
    fn samples(&self) -> Vec<Sample>;
    /// The callback that sends `sample`.
    fn outgoing(&self, sample: &Sample) -> Arc<dyn Outgoing>;
}

/// One sample body and the names that select it.
#[derive(Debug, Clone)]
pub struct Sample {
    /// Its name: the command word.
    pub name: String,
    /// Other spellings of the name.
    pub aliases: &'static [&'static str],
    /// The group it belongs to, a name that selects all its members: the product prefix.
    pub group: Option<&'static str>,
    /// Whether the reply decides (a before-callback).
    pub before: bool,
    /// The body.
    pub body: &'static str,
}

impl Sample {
    /// Whether `name` selects this sample: its name, an alias or its group, in any case.
    fn is_named(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
            || self
                .aliases
                .iter()
                .any(|alias| alias.eq_ignore_ascii_case(name))
            || self
                .group
                .is_some_and(|group| group.eq_ignore_ascii_case(name))
    }
}

/// The samples `names` select, in the family's order; all of them when `names` is empty. A
/// name that selects nothing is an error that lists the groups.
pub fn select(samples: Vec<Sample>, names: &[String]) -> Result<Vec<Sample>, String> {
    for name in names {
        if !samples.iter().any(|sample| sample.is_named(name)) {
            let mut groups: Vec<&str> = Vec::new();
            for group in samples.iter().filter_map(|sample| sample.group) {
                if !groups.contains(&group) {
                    groups.push(group);
                }
            }
            return Err(format!(
                "no sample is named {name:?}: name a command (see --list) or one of {}",
                groups.join(", ")
            ));
        }
    }
    Ok(samples
        .into_iter()
        .filter(|sample| names.is_empty() || names.iter().any(|name| sample.is_named(name)))
        .collect())
}

/// Tencent IM's callbacks: `POST` with `SdkAppid`, `CallbackCommand`, `contenttype`,
/// `ClientIP` and `OptPlatform` in the query, and `Sign` with `RequestTime` when signed.
pub struct Im {
    /// The app every sample is sent for.
    pub sdk_app_id: u64,
    /// The token to sign with, if any.
    pub token: Option<Secret>,
}

impl Family for Im {
    fn samples(&self) -> Vec<Sample> {
        samples::all()
            .map(|(command, body)| Sample {
                name: command.as_str().to_owned(),
                aliases: command.info().map_or(&[], |info| info.aliases()),
                group: command.product().map(|product| product.prefix()),
                before: command.timing() == Timing::Before,
                body,
            })
            .collect()
    }

    fn outgoing(&self, sample: &Sample) -> Arc<dyn Outgoing> {
        let command = Command::from_wire(&sample.name);
        let request = CallbackRequest::new(self.sdk_app_id, &command).body(sample.body);
        Arc::new(ImCallback::new(&command, request, self.token.clone()))
    }
}

/// One IM callback: the request as Tencent would send it, signed when it is sent.
pub struct ImCallback {
    request: CallbackRequest,
    name: String,
    before: bool,
    token: Option<Secret>,
}

impl ImCallback {
    /// Sends `request`, built for `command`, signed with `token` if there is one.
    pub fn new(command: &Command, request: CallbackRequest, token: Option<Secret>) -> ImCallback {
        ImCallback {
            name: command.as_str().to_owned(),
            before: command.timing() == Timing::Before,
            request,
            token,
        }
    }
}

impl Outgoing for ImCallback {
    fn name(&self) -> &str {
        &self.name
    }

    fn decides(&self) -> bool {
        self.before
    }

    fn body(&self) -> &Bytes {
        self.request.body_bytes()
    }

    fn request(&self, target: &Target, now: u64) -> Result<Request<Full<Bytes>>, String> {
        let query = match &self.token {
            Some(secret) => self.request.clone().signed(secret.token(), now).query(),
            None => self.request.query(),
        };
        target.post(&query, self.request.body_bytes().clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn im() -> Im {
        Im {
            sdk_app_id: 1400000000,
            token: None,
        }
    }

    fn names(selected: &[Sample]) -> Vec<&str> {
        selected.iter().map(|sample| sample.name.as_str()).collect()
    }

    #[test]
    fn names_select_commands_aliases_and_products_in_any_case() {
        let all = im().samples();
        assert_eq!(all.len(), samples::all().len());
        assert_eq!(select(all.clone(), &[]).unwrap().len(), all.len());

        let chosen = select(all.clone(), &["room.callbackafterdestroyroom".into()]).unwrap();
        assert_eq!(names(&chosen), ["Room.CallbackAfterDestroyRoom"]);
        let chosen = select(all.clone(), &["Room.CallbackUpdateRoomInfo".into()]).unwrap();
        assert_eq!(names(&chosen), ["Room.CallbackAfterUpdateRoomInfo"]);

        let rooms = select(all.clone(), &["Room".into()]).unwrap();
        assert!(!rooms.is_empty());
        assert!(rooms.iter().all(|sample| sample.name.starts_with("Room.")));
        let c2c = select(all.clone(), &["c2c".into()]).unwrap();
        assert!(c2c.iter().all(|sample| sample.name.starts_with("C2C.")));
        assert!(c2c.iter().any(|sample| sample.before));

        let error = select(all, &["Nothing".into()]).unwrap_err();
        assert!(error.contains("Room") && error.contains("C2C"), "{error}");
    }

    #[test]
    fn a_signed_callback_is_signed_at_the_time_it_is_sent() {
        let token = Secret::new("console-token".to_owned(), "--token").unwrap();
        let family = Im {
            sdk_app_id: 1400000000,
            token: Some(token.clone()),
        };
        let sample =
            &select(family.samples(), &["Room.CallbackAfterDestroyRoom".into()]).unwrap()[0];
        let outgoing = family.outgoing(sample);
        assert_eq!(outgoing.name(), "Room.CallbackAfterDestroyRoom");
        assert!(!outgoing.decides());
        let target = Target::parse("http://127.0.0.1:8080/callback").unwrap();
        let request = outgoing.request(&target, 1_700_000_000).unwrap();
        let sign = tencent_im_callback::sign::sign(token.token(), 1_700_000_000);
        let query = request.uri().query().unwrap();
        assert!(
            query.contains(&format!("Sign={sign}&RequestTime=1700000000")),
            "{query}"
        );
        assert!(
            query.starts_with("SdkAppid=1400000000&CallbackCommand=Room."),
            "{query}"
        );
    }
}
