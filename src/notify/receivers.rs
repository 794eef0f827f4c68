//! Webhook receivers, the pure part: the hook path of a Receiver
//! (`/hook/<sha256(token+name+namespace)>`), and whether one incoming request is authentic and
//! wanted for each Receiver type (signatures and tokens compared in constant time, event-type
//! filters, payload shape). No I/O: the receiver server looks the Receiver up, calls
//! [`verify`], and annotates the resources.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use hmac::Mac;
use sha2::Digest;

use crate::api::notification::ReceiverType;

/// Why a request is refused.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum Error {
    /// The signature or token is missing or wrong (401).
    #[error("{0}")]
    Unauthorized(String),
    /// The payload or event type is not acceptable (400).
    #[error("{0}")]
    BadRequest(String),
    /// The type is not implemented here.
    #[error("receiver type '{0}' is not supported by this version of flux: {1}")]
    Unsupported(String, &'static str),
}

/// What a verified request asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Annotate the resources; the string names the event (for logs).
    Trigger(String),
    /// Answer 200 without touching anything (GitHub's `ping`).
    Pong,
}

/// `/hook/<hex sha256 of token + name + namespace>`, as Flux computes it.
pub fn webhook_path(token: &str, name: &str, namespace: &str) -> String {
    let digest = sha2::Sha256::digest(format!("{token}{name}{namespace}").as_bytes());
    format!("/hook/{}", crate::artifact::archive::hex(&digest))
}

/// Headers of a request, names in lower case.
pub type Headers = BTreeMap<String, String>;

fn header<'a>(h: &'a Headers, name: &str) -> Option<&'a str> {
    h.get(&name.to_ascii_lowercase()).map(String::as_str)
}

/// Constant-time equality of two byte strings.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn hmac_hex<M: Mac + hmac::digest::KeyInit>(key: &[u8], body: &[u8]) -> String {
    let mut m = <M as hmac::digest::KeyInit>::new_from_slice(key).expect("HMAC takes any key");
    m.update(body);
    crate::artifact::archive::hex(&m.finalize().into_bytes())
}

/// Checks `<algo>=<hex>` against the body's HMAC (sha1, sha256 or sha512).
fn check_prefixed_signature(
    sig: Option<&str>,
    token: &str,
    body: &[u8],
    what: &str,
) -> Result<(), Error> {
    let sig = sig.ok_or_else(|| Error::Unauthorized(format!("the {what} header is missing")))?;
    let (algo, hex) = sig
        .split_once('=')
        .ok_or_else(|| Error::Unauthorized(format!("the {what} header is malformed")))?;
    let want = match algo {
        "sha1" => hmac_hex::<hmac::Hmac<sha1::Sha1>>(token.as_bytes(), body),
        "sha256" => hmac_hex::<hmac::Hmac<sha2::Sha256>>(token.as_bytes(), body),
        "sha512" => hmac_hex::<hmac::Hmac<sha2::Sha512>>(token.as_bytes(), body),
        other => {
            return Err(Error::Unauthorized(format!(
                "the {what} header uses an unsupported algorithm {other:?}"
            )))
        }
    };
    if constant_time_eq(want.as_bytes(), hex.to_ascii_lowercase().as_bytes()) {
        Ok(())
    } else {
        Err(Error::Unauthorized(format!(
            "the {what} signature is invalid"
        )))
    }
}

fn check_token(got: Option<&str>, token: &str, what: &str) -> Result<(), Error> {
    match got {
        Some(g) if constant_time_eq(g.as_bytes(), token.as_bytes()) => Ok(()),
        Some(_) => Err(Error::Unauthorized(format!("the {what} is invalid"))),
        None => Err(Error::Unauthorized(format!("the {what} is missing"))),
    }
}

fn check_event(allowed: &[String], event: &str, sender: &str) -> Result<(), Error> {
    if allowed.is_empty() || allowed.iter().any(|e| e.eq_ignore_ascii_case(event)) {
        Ok(())
    } else {
        Err(Error::BadRequest(format!(
            "{sender} event '{event}' is not authorised"
        )))
    }
}

fn json_body(body: &[u8], sender: &str) -> Result<serde_json::Value, Error> {
    serde_json::from_slice(body)
        .map_err(|e| Error::BadRequest(format!("unable to parse {sender} payload: {e}")))
}

/// Verifies one request for a Receiver of type `kind` with the Secret's `token` and the
/// Receiver's `events` filter.
pub fn verify(
    kind: ReceiverType,
    token: &str,
    events: &[String],
    headers: &Headers,
    body: &[u8],
) -> Result<Verdict, Error> {
    match kind {
        ReceiverType::Generic => Ok(Verdict::Trigger(String::from("generic"))),
        ReceiverType::GenericHmac => {
            check_prefixed_signature(header(headers, "X-Signature"), token, body, "X-Signature")?;
            Ok(Verdict::Trigger(String::from("generic-hmac")))
        }
        ReceiverType::Github => {
            match header(headers, "X-Hub-Signature-256") {
                Some(s) => check_prefixed_signature(Some(s), token, body, "X-Hub-Signature-256")?,
                None => check_prefixed_signature(
                    header(headers, "X-Hub-Signature"),
                    token,
                    body,
                    "X-Hub-Signature",
                )?,
            }
            let event = header(headers, "X-GitHub-Event").ok_or_else(|| {
                Error::BadRequest(String::from("the X-GitHub-Event header is missing"))
            })?;
            json_body(body, "GitHub")?;
            if event == "ping" {
                return Ok(Verdict::Pong);
            }
            check_event(events, event, "GitHub")?;
            Ok(Verdict::Trigger(format!("GitHub {event}")))
        }
        ReceiverType::Gitlab => {
            check_token(header(headers, "X-Gitlab-Token"), token, "X-Gitlab-Token")?;
            let event = header(headers, "X-Gitlab-Event").unwrap_or_default();
            check_event(events, event, "GitLab")?;
            Ok(Verdict::Trigger(format!("GitLab {event}")))
        }
        ReceiverType::Bitbucket => {
            check_prefixed_signature(
                header(headers, "X-Hub-Signature"),
                token,
                body,
                "X-Hub-Signature",
            )?;
            let event = header(headers, "X-Event-Key").unwrap_or_default();
            check_event(events, event, "Bitbucket")?;
            json_body(body, "Bitbucket")?;
            Ok(Verdict::Trigger(format!("Bitbucket {event}")))
        }
        ReceiverType::Harbor => {
            check_token(
                header(headers, "Authorization"),
                token,
                "Harbor Authorization header",
            )?;
            json_body(body, "Harbor")?;
            Ok(Verdict::Trigger(String::from("Harbor")))
        }
        ReceiverType::Dockerhub => {
            let p = json_body(body, "DockerHub")?;
            let url = p["repository"]["repo_url"].as_str().unwrap_or_default();
            let tag = p["push_data"]["tag"].as_str().unwrap_or_default();
            if url.is_empty() {
                return Err(Error::BadRequest(String::from(
                    "DockerHub payload has no repository.repo_url",
                )));
            }
            Ok(Verdict::Trigger(format!("DockerHub {url}:{tag}")))
        }
        ReceiverType::Quay => {
            let p = json_body(body, "Quay")?;
            let url = p["docker_url"].as_str().unwrap_or_default();
            if url.is_empty() || !p["updated_tags"].is_array() {
                return Err(Error::BadRequest(String::from(
                    "Quay payload needs docker_url and updated_tags",
                )));
            }
            Ok(Verdict::Trigger(format!("Quay {url}")))
        }
        ReceiverType::Nexus => {
            let sig = header(headers, "X-Nexus-Webhook-Signature").ok_or_else(|| {
                Error::Unauthorized(String::from(
                    "the X-Nexus-Webhook-Signature header is missing",
                ))
            })?;
            let want = hmac_hex::<hmac::Hmac<sha1::Sha1>>(token.as_bytes(), body);
            if !constant_time_eq(want.as_bytes(), sig.to_ascii_lowercase().as_bytes()) {
                return Err(Error::Unauthorized(String::from(
                    "the X-Nexus-Webhook-Signature signature is invalid",
                )));
            }
            let p = json_body(body, "Nexus")?;
            let action = p["action"].as_str().unwrap_or_default().to_string();
            Ok(Verdict::Trigger(format!("Nexus {action}")))
        }
        ReceiverType::Acr => {
            let p = json_body(body, "ACR")?;
            let action = p["action"].as_str().unwrap_or_default();
            let repo = p["target"]["repository"].as_str().unwrap_or_default();
            if action.is_empty() || repo.is_empty() {
                return Err(Error::BadRequest(String::from(
                    "ACR payload needs action and target.repository",
                )));
            }
            Ok(Verdict::Trigger(format!("ACR {action} {repo}")))
        }
        ReceiverType::Cdevents => {
            let ce_type = header(headers, "Ce-Type")
                .ok_or_else(|| Error::BadRequest(String::from("the Ce-Type header is missing")))?;
            if !ce_type.starts_with("dev.cdevents.") {
                return Err(Error::BadRequest(format!(
                    "Ce-Type '{ce_type}' is not a CDEvent type"
                )));
            }
            check_event(events, ce_type, "CDEvent")?;
            let p = json_body(body, "CDEvent")?;
            if !p["context"].is_object() || !p["subject"].is_object() {
                return Err(Error::BadRequest(String::from(
                    "CDEvent payload needs context and subject",
                )));
            }
            Ok(Verdict::Trigger(format!("CDEvent {ce_type}")))
        }
        ReceiverType::Gcr => Err(Error::Unsupported(
            String::from("gcr"),
            "Google-signed OIDC tokens are not verified yet",
        )),
        // Needs the issuer's keys (I/O): verified in controllers::notification::hooks.
        ReceiverType::GenericOidc => Err(Error::Unsupported(
            String::from("generic-oidc"),
            "verified with the issuer's keys, not here",
        )),
    }
}

/// The delivery id a sender puts on each webhook, when it has one.
pub fn delivery_id(headers: &Headers) -> Option<String> {
    [
        "X-GitHub-Delivery",
        "X-Gitlab-Event-UUID",
        "X-Request-UUID",
        "X-Request-Id",
        "Ce-Id",
    ]
    .iter()
    .find_map(|h| header(headers, h).map(String::from))
    .filter(|s| !s.is_empty())
}

/// Remembers delivery ids per receiver so a replayed delivery does not trigger twice.
pub struct ReplayGuard(super::RecentSet<(String, String)>);

impl ReplayGuard {
    /// A guard that remembers deliveries for `window`.
    pub fn new(window: Duration) -> Self {
        ReplayGuard(super::RecentSet::new(window))
    }

    /// Whether this delivery is new (and records it).
    pub fn first_time(&self, receiver: &str, delivery: &str, now: Instant) -> bool {
        self.0
            .first_time((receiver.to_string(), delivery.to_string()), now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(pairs: &[(&str, &str)]) -> Headers {
        pairs
            .iter()
            .map(|(k, v)| (k.to_ascii_lowercase(), v.to_string()))
            .collect()
    }

    fn sig256(token: &str, body: &[u8]) -> String {
        format!(
            "sha256={}",
            hmac_hex::<hmac::Hmac<sha2::Sha256>>(token.as_bytes(), body)
        )
    }

    #[test]
    fn hook_path_is_sha256_of_token_name_namespace() {
        // sha256("tokenreceiverflux-system")
        let want =
            crate::artifact::archive::hex(&sha2::Sha256::digest(b"tokenreceiverflux-system"));
        assert_eq!(
            webhook_path("token", "receiver", "flux-system"),
            format!("/hook/{want}")
        );
    }

    #[test]
    fn github_checks_signature_event_and_answers_ping() {
        let body = br#"{"ref":"refs/heads/main"}"#;
        let events = vec![String::from("push")];
        let good = h(&[
            ("X-Hub-Signature-256", &sig256("s3", body)),
            ("X-GitHub-Event", "push"),
        ]);
        assert_eq!(
            verify(ReceiverType::Github, "s3", &events, &good, body),
            Ok(Verdict::Trigger("GitHub push".into()))
        );
        let bad = h(&[
            ("X-Hub-Signature-256", &sig256("other", body)),
            ("X-GitHub-Event", "push"),
        ]);
        assert!(matches!(
            verify(ReceiverType::Github, "s3", &events, &bad, body),
            Err(Error::Unauthorized(_))
        ));
        let ping = h(&[
            ("X-Hub-Signature-256", &sig256("s3", body)),
            ("X-GitHub-Event", "ping"),
        ]);
        assert_eq!(
            verify(ReceiverType::Github, "s3", &events, &ping, body),
            Ok(Verdict::Pong)
        );
        let issue = h(&[
            ("X-Hub-Signature-256", &sig256("s3", body)),
            ("X-GitHub-Event", "issues"),
        ]);
        assert_eq!(
            verify(ReceiverType::Github, "s3", &events, &issue, body),
            Err(Error::BadRequest(
                "GitHub event 'issues' is not authorised".into()
            ))
        );
    }

    #[test]
    fn token_and_signature_types_refuse_forgeries() {
        let body = br#"{"action":"push","target":{"repository":"app"},"docker_url":"quay.io/x","updated_tags":["1"]}"#;
        let cases: Vec<(ReceiverType, Headers, Headers)> = vec![
            (
                ReceiverType::GenericHmac,
                h(&[("X-Signature", &sig256("s3", body))]),
                h(&[("X-Signature", "sha256=00")]),
            ),
            (
                ReceiverType::Gitlab,
                h(&[("X-Gitlab-Token", "s3"), ("X-Gitlab-Event", "Push Hook")]),
                h(&[("X-Gitlab-Token", "nope"), ("X-Gitlab-Event", "Push Hook")]),
            ),
            (
                ReceiverType::Bitbucket,
                h(&[
                    ("X-Hub-Signature", &sig256("s3", body)),
                    ("X-Event-Key", "repo:refs_changed"),
                ]),
                h(&[("X-Event-Key", "repo:refs_changed")]),
            ),
            (
                ReceiverType::Harbor,
                h(&[("Authorization", "s3")]),
                h(&[("Authorization", "s4")]),
            ),
            (
                ReceiverType::Nexus,
                h(&[(
                    "X-Nexus-Webhook-Signature",
                    &hmac_hex::<hmac::Hmac<sha1::Sha1>>(b"s3", body),
                )]),
                h(&[("X-Nexus-Webhook-Signature", "abcd")]),
            ),
        ];
        for (kind, good, bad) in cases {
            assert!(
                matches!(
                    verify(kind, "s3", &[], &good, body),
                    Ok(Verdict::Trigger(_))
                ),
                "{kind:?}"
            );
            assert!(
                matches!(
                    verify(kind, "s3", &[], &bad, body),
                    Err(Error::Unauthorized(_))
                ),
                "{kind:?}"
            );
        }
    }

    #[test]
    fn payload_types_check_their_shape() {
        let dh = br#"{"push_data":{"tag":"1.0"},"repository":{"repo_url":"https://hub.docker.com/r/x/y"}}"#;
        assert!(verify(ReceiverType::Dockerhub, "", &[], &h(&[]), dh).is_ok());
        assert!(verify(ReceiverType::Dockerhub, "", &[], &h(&[]), b"{}").is_err());
        assert!(verify(ReceiverType::Quay, "", &[], &h(&[]), b"not json").is_err());
        assert!(verify(
            ReceiverType::Acr,
            "",
            &[],
            &h(&[]),
            br#"{"action":"push","target":{"repository":"a"}}"#
        )
        .is_ok());
        let cd = br#"{"context":{"id":"1","type":"dev.cdevents.artifact.published.0.1.1"},"subject":{"id":"x"}}"#;
        let events = vec![String::from("dev.cdevents.artifact.published.0.1.1")];
        assert!(verify(
            ReceiverType::Cdevents,
            "",
            &events,
            &h(&[("Ce-Type", "dev.cdevents.artifact.published.0.1.1")]),
            cd
        )
        .is_ok());
        assert!(verify(
            ReceiverType::Cdevents,
            "",
            &events,
            &h(&[("Ce-Type", "dev.cdevents.build.started.0.1.0")]),
            cd
        )
        .is_err());
    }

    #[test]
    fn replayed_deliveries_are_recognised() {
        let g = ReplayGuard::new(Duration::from_secs(3600));
        let t = Instant::now();
        assert!(g.first_time("ns/r", "d1", t));
        assert!(!g.first_time("ns/r", "d1", t + Duration::from_secs(5)));
        assert!(g.first_time("ns/other", "d1", t));
        assert!(g.first_time("ns/r", "d1", t + Duration::from_secs(3601)));
        assert_eq!(
            delivery_id(&h(&[("X-GitHub-Delivery", "abc")])).as_deref(),
            Some("abc")
        );
    }
}
