//! The HTTP requests each Provider type sends for one event: pure functions from the provider
//! settings and the event (metadata already merged) to zero or more [`Request`]s.
//!
//! Payloads follow what Flux's notifiers send (field names, colours, titles) and what each
//! service documents. Nothing here opens a connection; `controllers::notification` sends the
//! requests, with retries, timeouts, proxies and CA bundles. NATS is described by a
//! [`NatsPublish`] and Google Pub/Sub (which needs an OAuth token first) by a [`PubSubPublish`];
//! the types that need another protocol (Azure Event Hub's AMQP, OTLP) are refused with a reason.

use std::collections::BTreeMap;

use base64::Engine as _;
use serde_json::{json, Value};

use super::Event;
use crate::api::notification::ProviderType;
mod alerting;
mod chat;
mod forges;
mod messaging;

pub use alerting::*;
pub use chat::*;
pub use forges::*;
pub use messaging::*;

/// What can stop a provider from building its requests.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum Error {
    /// A setting the type needs is missing or malformed.
    #[error("{provider} provider: {message}")]
    Config {
        /// The provider type.
        provider: &'static str,
        /// What is wrong.
        message: String,
    },
    /// The type exists in Flux but is not implemented here.
    #[error("provider type '{0}' is not supported by this version of flux: {1}")]
    Unsupported(String, &'static str),
}

type Result<T> = std::result::Result<T, Error>;

/// The HTTP method of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// POST.
    Post,
    /// PUT (Matrix).
    Put,
    /// GET (existing commit statuses, comments, the token's user).
    Get,
    /// PATCH (editing a pull request comment).
    Patch,
}

/// One HTTP request a provider sends.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// Method.
    pub method: Method,
    /// URL.
    pub url: String,
    /// Headers (name, value).
    pub headers: Vec<(String, String)>,
    /// Body.
    pub body: Vec<u8>,
}

impl Request {
    fn json(url: impl Into<String>, body: &Value) -> Request {
        Request {
            method: Method::Post,
            url: url.into(),
            headers: vec![(
                String::from("Content-Type"),
                String::from("application/json"),
            )],
            body: serde_json::to_vec(body).unwrap_or_default(),
        }
    }

    fn header(mut self, name: &str, value: impl Into<String>) -> Request {
        self.headers.push((name.to_string(), value.into()));
        self
    }

    fn bearer(self, token: &str) -> Request {
        self.header("Authorization", format!("Bearer {token}"))
    }

    fn basic(self, user: &str, password: &str) -> Request {
        let enc = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
        self.header("Authorization", format!("Basic {enc}"))
    }
}

/// A Provider's settings after its Secrets are read: `address`, `token`, `username`,
/// `password` and `headers` from `secretRef` override the spec.
#[derive(Debug, Clone, Default)]
pub struct Target {
    /// The provider type.
    pub kind: Option<ProviderType>,
    /// Endpoint (spec.address or the Secret's `address`).
    pub address: String,
    /// spec.channel.
    pub channel: Option<String>,
    /// spec.username (or the Secret's `username`).
    pub username: Option<String>,
    /// The Secret's `password`.
    pub password: Option<String>,
    /// The Secret's `token`.
    pub token: Option<String>,
    /// The Secret's `headers` (generic and generic-hmac).
    pub headers: BTreeMap<String, String>,
    /// The commit status key (`<kind>/<name>/<provider uid prefix>` or `commitStatusExpr`).
    pub commit_status: String,
    /// The Provider's UID (pull/merge request comment keys).
    pub provider_uid: String,
}

impl Target {
    fn token(&self, provider: &'static str) -> Result<&str> {
        self.token
            .as_deref()
            .filter(|t| !t.is_empty())
            .ok_or_else(|| Error::Config {
                provider,
                message: String::from("the Secret's 'token' key is required"),
            })
    }
}

/// Whether a type posts commit statuses (and so only takes events with a revision).
pub fn is_commit_status(t: ProviderType) -> bool {
    matches!(
        t,
        ProviderType::Github
            | ProviderType::Gitlab
            | ProviderType::Gitea
            | ProviderType::Bitbucket
            | ProviderType::Bitbucketserver
            | ProviderType::Azuredevops
    )
}

/// Whether an event only refreshes commit statuses (`commit_status: update`), which only
/// commit status providers take.
fn is_commit_status_update(event: &Event) -> bool {
    event.metadata.get("commit_status").map(String::as_str) == Some("update")
}

/// Flux's name of a provider type (`generic-hmac`, `msteams`, ...).
pub fn type_name(t: ProviderType) -> String {
    serde_json::to_value(t)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default()
}

/// The requests a provider sends for `event` (whose metadata is already merged). An empty
/// list means the provider skips this event (e.g. a commit status for a Progressing event).
pub fn requests(t: &Target, event: &Event) -> Result<Vec<Request>> {
    let kind = t.kind.ok_or(Error::Config {
        provider: "unknown",
        message: String::from("no type"),
    })?;
    let commit_update = is_commit_status_update(event);
    if is_commit_status(kind) {
        if event.reason == "Progressing" {
            return Ok(vec![]);
        }
        return commit_status(kind, t, event).map(|r| vec![r]);
    }
    // Commit status refreshes are only for commit status providers.
    if commit_update {
        return Ok(vec![]);
    }
    let mut md = event.metadata.clone();
    md.remove("commit_status");
    let one = |r: Request| Ok(vec![r]);
    match kind {
        ProviderType::Generic => one(generic(t, event)),
        ProviderType::GenericHmac => one(generic_hmac(t, event)?),
        ProviderType::Slack => one(slack(t, event, &md)),
        ProviderType::Discord => one(discord(t, event, &md)),
        ProviderType::Rocket => one(rocket(t, event, &md)),
        ProviderType::Msteams => one(msteams(t, event, &md)),
        ProviderType::Googlechat => one(googlechat(t, event, &md)),
        ProviderType::Webex => one(webex(t, event, &md)?),
        ProviderType::Telegram => one(telegram(t, event, &md)?),
        ProviderType::Matrix => one(matrix(t, event, &md)?),
        ProviderType::Lark => one(lark(t, event, &md)),
        ProviderType::Zulip => one(zulip(t, event, &md)?),
        ProviderType::Zoom => one(zoom(t, event, &md)),
        ProviderType::Alertmanager => one(alertmanager(t, event, &md)),
        ProviderType::Opsgenie => one(opsgenie(t, event, &md)?),
        ProviderType::Pagerduty => pagerduty(t, event, &md),
        ProviderType::Grafana => one(grafana(t, event, &md)),
        ProviderType::Datadog => one(datadog(t, event, &md)?),
        ProviderType::Sentry => one(sentry(t, event, &md)?),
        ProviderType::Incidentio => one(incidentio(t, event, &md)?),
        ProviderType::Githubdispatch => one(github_dispatch(t, event, &md)?),
        ProviderType::Nats => Err(Error::Config {
            provider: "nats",
            message: String::from("publishes over the NATS protocol (see nats_publish), not HTTP"),
        }),
        ProviderType::Azureeventhub => Err(Error::Unsupported(
            type_name(kind),
            "Azure Event Hub (AMQP) client not built in",
        )),
        ProviderType::Googlepubsub => Err(Error::Config {
            provider: "googlepubsub",
            message: String::from("needs an access token first (see pubsub_publish)"),
        }),
        ProviderType::Otel => Err(Error::Unsupported(
            type_name(kind),
            "OTLP exporter not built in",
        )),
        ProviderType::Githubpullrequestcomment
        | ProviderType::Gitlabmergerequestcomment
        | ProviderType::Giteapullrequestcomment => Err(Error::Config {
            provider: "change request comment",
            message: String::from("reads existing comments first (see change_request_comment)"),
        }),
        ProviderType::Github
        | ProviderType::Gitlab
        | ProviderType::Gitea
        | ProviderType::Bitbucket
        | ProviderType::Bitbucketserver
        | ProviderType::Azuredevops => unreachable_commit_status(kind),
    }
}

fn unreachable_commit_status(kind: ProviderType) -> Result<Vec<Request>> {
    Err(Error::Unsupported(
        type_name(kind),
        "commit status types are handled above",
    ))
}

/// `<kind>/<name>.<namespace>` with the kind lowercased, the title most chat payloads use.
fn object_title(e: &Event) -> String {
    let o = &e.involved_object;
    format!("{}/{}.{}", o.kind.to_lowercase(), o.name, o.namespace)
}

fn is_error(e: &Event) -> bool {
    e.severity == "error"
}

/// Percent-encodes a path segment (everything but RFC 3986's unreserved characters).
pub fn url_escape(s: &str) -> String {
    use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
    const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    utf8_percent_encode(s, SEGMENT).to_string()
}

fn form_escape(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}
#[cfg(test)]
mod tests {
    use super::*;

    fn event(severity: &str, reason: &str) -> Event {
        serde_json::from_value(json!({
            "involvedObject": {"kind": "Kustomization", "namespace": "apps", "name": "web",
                "uid": "7d0cdc51-ddcf-4743-b223-83ca5c699632",
                "apiVersion": "kustomize.toolkit.fluxcd.io/v1"},
            "severity": severity, "timestamp": "2026-11-25T10:00:00.123Z",
            "message": "health check failed", "reason": reason,
            "reportingController": "kustomize-controller", "reportingInstance": "kc-1",
            "metadata": {"revision": "main@sha1:0123456789abcdef0123456789abcdef01234567"}}))
        .unwrap()
    }

    fn target(kind: ProviderType, address: &str) -> Target {
        Target {
            kind: Some(kind),
            address: address.into(),
            token: Some("tok".into()),
            commit_status: "kustomization/web/0c9c2e41".into(),
            ..Default::default()
        }
    }

    fn body(r: &Request) -> Value {
        serde_json::from_slice(&r.body).unwrap()
    }

    fn header<'a>(r: &'a Request, name: &str) -> Option<&'a str> {
        r.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    #[test]
    fn reasons_become_lower_case_words() {
        let (n, d) = name_and_description(&event("info", "ReconciliationSucceeded"));
        assert_eq!(
            (n.as_str(), d.as_str()),
            ("kustomization/web", "reconciliation succeeded")
        );
        let (_, d) = name_and_description(&event("info", "HealthCheckFailed"));
        assert_eq!(d, "health check failed");
    }

    #[test]
    fn revisions_yield_commit_shas() {
        assert_eq!(commit_sha("main@sha1:abc123").as_deref(), Some("abc123"));
        assert_eq!(commit_sha("main/abc123").as_deref(), Some("abc123"));
        assert_eq!(commit_sha("sha1:abc123").as_deref(), Some("abc123"));
        assert_eq!(commit_sha("v1.0.0@sha256:zz"), None);
        assert_eq!(
            default_commit_status(&event("info", "x"), "0C9C2E41-aaaa-bbbb"),
            "kustomization/web/0c9c2e41"
        );
    }

    #[test]
    fn git_addresses_parse_like_flux() {
        let a = GitAddress::parse("https://github.com/org/repo.git", "github").unwrap();
        assert_eq!(a.github_api(), "https://api.github.com");
        assert_eq!(a.id, "org/repo");
        let a = GitAddress::parse("git@gitlab.com:group/sub/repo", "gitlab").unwrap();
        assert_eq!(
            a,
            GitAddress {
                host: "https://gitlab.com".into(),
                id: "group/sub/repo".into()
            }
        );
        let a = GitAddress::parse("http://127.0.0.1:8080/org/repo", "github").unwrap();
        assert_eq!(a.github_api(), "http://127.0.0.1:8080/api/v3");
        assert!(GitAddress::parse("https://github.com/org", "github").is_err());
    }

    #[test]
    fn commit_status_providers_post_states_by_severity() {
        let sha = "0123456789abcdef0123456789abcdef01234567";
        let ok = event("info", "ReconciliationSucceeded");
        let bad = event("error", "HealthCheckFailed");
        let gh = target(ProviderType::Github, "https://github.com/org/repo");
        let r = &requests(&gh, &ok).unwrap()[0];
        assert_eq!(
            r.url,
            format!("https://api.github.com/repos/org/repo/statuses/{sha}")
        );
        assert_eq!(
            body(r),
            json!({"state": "success", "context": "kustomization/web/0c9c2e41", "description": "reconciliation succeeded"})
        );
        assert_eq!(header(r, "Authorization"), Some("Bearer tok"));
        assert_eq!(body(&requests(&gh, &bad).unwrap()[0])["state"], "failure");
        assert!(requests(&gh, &event("info", "Progressing"))
            .unwrap()
            .is_empty());

        let gl = target(ProviderType::Gitlab, "https://gitlab.com/group/sub/repo");
        let r = &requests(&gl, &bad).unwrap()[0];
        assert_eq!(
            r.url,
            format!("https://gitlab.com/api/v4/projects/group%2Fsub%2Frepo/statuses/{sha}")
        );
        assert_eq!(body(r)["state"], "failed");
        assert_eq!(header(r, "PRIVATE-TOKEN"), Some("tok"));

        let gt = target(ProviderType::Gitea, "https://gitea.example.com/org/repo");
        let r = &requests(&gt, &ok).unwrap()[0];
        assert_eq!(
            r.url,
            format!("https://gitea.example.com/api/v1/repos/org/repo/statuses/{sha}")
        );
        assert_eq!(header(r, "Authorization"), Some("token tok"));

        let mut bb = target(ProviderType::Bitbucket, "https://bitbucket.org/org/repo");
        bb.token = Some("user:pass".into());
        let r = &requests(&bb, &bad).unwrap()[0];
        assert_eq!(
            r.url,
            format!(
                "https://api.bitbucket.org/2.0/repositories/org/repo/commit/{sha}/statuses/build"
            )
        );
        assert_eq!(body(r)["state"], "FAILED");
        assert_eq!(body(r)["key"].as_str().unwrap().len(), 40);
        assert_eq!(header(r, "Authorization"), Some("Basic dXNlcjpwYXNz"));

        let bs = target(
            ProviderType::Bitbucketserver,
            "https://bb.example.com/scm/proj/repo.git",
        );
        let r = &requests(&bs, &ok).unwrap()[0];
        assert_eq!(
            r.url,
            format!(
                "https://bb.example.com/rest/api/1.0/projects/proj/repos/repo/commits/{sha}/builds"
            )
        );

        let az = target(
            ProviderType::Azuredevops,
            "https://dev.azure.com/org/proj/_git/repo",
        );
        let r = &requests(&az, &bad).unwrap()[0];
        assert_eq!(r.url, format!("https://dev.azure.com/org/proj/_apis/git/repositories/repo/commits/{sha}/statuses?api-version=6.0"));
        assert_eq!(
            body(r),
            json!({"state": "error", "description": "health check failed", "context": {"genre": "fluxcd", "name": "kustomization/web/0c9c2e41"}})
        );
        let mut no_rev = ok.clone();
        no_rev.metadata.clear();
        let err = requests(&gh, &no_rev).unwrap_err();
        assert!(err.to_string().contains("missing revision"), "{err}");
    }

    #[test]
    fn unchanged_commit_statuses_are_recognised() {
        let ok = event("info", "ReconciliationSucceeded");
        let gh = target(ProviderType::Github, "https://github.com/org/repo");
        let post = &requests(&gh, &ok).unwrap()[0];
        let get = status_lookup(ProviderType::Github, post).unwrap();
        assert_eq!(get.method, Method::Get);
        assert_eq!(
            get.url,
            "https://api.github.com/repos/org/repo/commits/0123456789abcdef0123456789abcdef01234567/statuses?per_page=50"
        );
        assert_eq!(header(&get, "Authorization"), Some("Bearer tok"));
        let same = json!([{"state": "success", "context": "kustomization/web/0c9c2e41", "description": "reconciliation succeeded"},
            {"state": "failure", "context": "kustomization/web/0c9c2e41", "description": "older"}]);
        assert!(duplicate_status(ProviderType::Github, post, &same));
        let changed = json!([{"state": "failure", "context": "kustomization/web/0c9c2e41", "description": "health check failed"}]);
        assert!(!duplicate_status(ProviderType::Github, post, &changed));
        assert!(!duplicate_status(ProviderType::Github, post, &json!([])));
        let gl = target(ProviderType::Gitlab, "https://gitlab.com/group/repo");
        let post = &requests(&gl, &ok).unwrap()[0];
        assert_eq!(
            status_lookup(ProviderType::Gitlab, post).unwrap().url,
            "https://gitlab.com/api/v4/projects/group%2Frepo/repository/commits/0123456789abcdef0123456789abcdef01234567/statuses?name=kustomization%2Fweb%2F0c9c2e41"
        );
        let az = target(
            ProviderType::Azuredevops,
            "https://dev.azure.com/org/proj/_git/repo",
        );
        let post = &requests(&az, &ok).unwrap()[0];
        let existing = json!({"value": [{"state": "succeeded", "description": "reconciliation succeeded",
            "context": {"genre": "fluxcd", "name": "kustomization/web/0c9c2e41"}}]});
        assert!(duplicate_status(ProviderType::Azuredevops, post, &existing));
    }

    #[test]
    fn commit_status_updates_reach_only_commit_status_providers() {
        let mut e = event("info", "ReconciliationSucceeded");
        e.metadata.insert("commit_status".into(), "update".into());
        let slack = target(ProviderType::Slack, "https://hooks.slack.com/x");
        assert!(requests(&slack, &e).unwrap().is_empty());
        let gh = target(ProviderType::Github, "https://github.com/org/repo");
        assert_eq!(requests(&gh, &e).unwrap().len(), 1);
    }

    #[test]
    fn msteams_sends_an_adaptive_card_or_a_legacy_message_card() {
        let e = event("error", "HealthCheckFailed");
        let r = &requests(
            &target(
                ProviderType::Msteams,
                "https://prod.logic.azure.com/workflows/x",
            ),
            &e,
        )
        .unwrap()[0];
        let b = body(r);
        assert_eq!(b["type"], "message");
        let card = &b["attachments"][0]["content"];
        assert_eq!(card["type"], "AdaptiveCard");
        assert_eq!(card["body"][0]["text"], "kustomization/web.apps");
        assert_eq!(card["body"][0]["color"], "attention");
        assert_eq!(card["body"][1]["text"], "health check failed");
        assert_eq!(
            card["body"][2]["facts"],
            json!([{"title": "revision", "value": "main@sha1:0123456789abcdef0123456789abcdef01234567"}])
        );
        let r = &requests(
            &target(
                ProviderType::Msteams,
                "https://example.webhook.office.com/webhookb2/x",
            ),
            &e,
        )
        .unwrap()[0];
        assert_eq!(body(r)["@type"], "MessageCard");
        assert_eq!(body(r)["themeColor"], "FF0000");
    }

    #[test]
    fn chat_providers_build_their_documented_payloads() {
        let e = event("error", "HealthCheckFailed");
        let gc = &requests(
            &target(
                ProviderType::Googlechat,
                "https://chat.googleapis.com/v1/spaces/x",
            ),
            &e,
        )
        .unwrap()[0];
        let b = body(gc);
        assert_eq!(b["cards"][0]["header"]["title"], "kustomization/web.apps");
        assert_eq!(b["cards"][0]["header"]["subtitle"], "kustomize-controller");
        assert_eq!(
            b["cards"][0]["sections"][0]["widgets"][0]["textParagraph"]["text"],
            "<font color=\"#ff0000\">health check failed</font>"
        );
        assert_eq!(
            b["cards"][0]["sections"][1]["widgets"][0]["keyValue"]["topLabel"],
            "revision"
        );

        let mut tg = target(ProviderType::Telegram, "");
        tg.channel = Some("-100123".into());
        let r = &requests(&tg, &e).unwrap()[0];
        assert_eq!(r.url, "https://api.telegram.org/bottok/sendMessage");
        assert_eq!(body(r)["chat_id"], "-100123");
        assert!(body(r)["text"]
            .as_str()
            .unwrap()
            .starts_with("🚨 <b>kustomization/web.apps</b>\nhealth check failed"));

        let mut mx = target(ProviderType::Matrix, "https://matrix.example.org");
        mx.channel = Some("!room:example.org".into());
        let r = &requests(&mx, &e).unwrap()[0];
        assert_eq!(r.method, Method::Put);
        assert!(r.url.starts_with(
            "https://matrix.example.org/_matrix/client/r0/rooms/%21room%3Aexample.org/send/m.room.message/"
        ));
        assert_eq!(body(r)["msgtype"], "m.text");
        assert!(body(r)["body"]
            .as_str()
            .unwrap()
            .starts_with("🚨 kustomization/web.apps\nhealth check failed\n- revision: "));

        let lk = &requests(
            &target(ProviderType::Lark, "https://open.larksuite.com/x"),
            &e,
        )
        .unwrap()[0];
        assert_eq!(body(lk)["card"]["header"]["template"], "red");
        assert_eq!(body(lk)["msg_type"], "interactive");

        let mut zu = target(
            ProviderType::Zulip,
            "https://org.zulipchat.com/api/v1/messages",
        );
        zu.username = Some("bot@org.zulipchat.com".into());
        zu.password = Some("key".into());
        zu.channel = Some("flux/alerts".into());
        let r = &requests(&zu, &e).unwrap()[0];
        let form = String::from_utf8(r.body.clone()).unwrap();
        assert!(
            form.starts_with("type=stream&to=flux&topic=alerts&content="),
            "{form}"
        );
        assert!(header(r, "Authorization").unwrap().starts_with("Basic "));
    }

    #[test]
    fn ops_providers_build_their_documented_payloads() {
        let e = event("error", "HealthCheckFailed");
        let mut md_event = e.clone();
        md_event
            .metadata
            .insert("summary".into(), "prod cluster".into());
        let am = &requests(
            &target(ProviderType::Alertmanager, "http://am:9093/api/v2/alerts"),
            &md_event,
        )
        .unwrap()[0];
        let a = &body(am)[0];
        assert_eq!(
            a["labels"]["alertname"],
            "FluxKustomizationHealthcheckfailed"
        );
        assert_eq!(a["annotations"]["summary"], "prod cluster");
        assert!(a["labels"].get("summary").is_none());
        assert_eq!(a["startsAt"], "2026-11-25T10:00:00Z");
        assert_eq!(header(am, "Authorization"), Some("Bearer tok"));

        let og = &requests(
            &target(ProviderType::Opsgenie, "https://api.opsgenie.com/v2/alerts"),
            &e,
        )
        .unwrap()[0];
        assert_eq!(body(og)["message"], "Kustomization/web");
        assert_eq!(body(og)["details"]["severity"], "error");
        assert_eq!(header(og, "Authorization"), Some("GenieKey tok"));

        let mut pd = target(ProviderType::Pagerduty, "https://events.pagerduty.com/x");
        pd.channel = Some("routing".into());
        let rs = requests(&pd, &e).unwrap();
        assert_eq!(rs.len(), 1);
        assert_eq!(rs[0].url, "https://events.pagerduty.com/v2/enqueue");
        assert_eq!(body(&rs[0])["event_action"], "trigger");
        assert_eq!(
            body(&rs[0])["payload"]["summary"],
            "health check failed: kustomization/web"
        );
        let rs = requests(&pd, &event("info", "ReconciliationSucceeded")).unwrap();
        assert_eq!(rs.len(), 2);
        assert_eq!(body(&rs[0])["event_action"], "resolve");
        assert_eq!(rs[1].url, "https://events.pagerduty.com/v2/change/enqueue");

        let gf = &requests(
            &target(ProviderType::Grafana, "https://grafana/api/annotations"),
            &e,
        )
        .unwrap()[0];
        let tags = body(gf)["tags"].clone();
        assert_eq!(tags[0], "flux");
        assert!(tags.as_array().unwrap().contains(&json!(
            "revision: main@sha1|0123456789abcdef0123456789abcdef01234567"
        )));

        let dd = &requests(
            &target(ProviderType::Datadog, "https://api.datadoghq.eu"),
            &e,
        )
        .unwrap()[0];
        assert_eq!(dd.url, "https://api.datadoghq.eu/api/v1/events");
        assert_eq!(body(dd)["alert_type"], "error");
        assert_eq!(header(dd, "DD-API-KEY"), Some("tok"));

        let se = &requests(
            &target(
                ProviderType::Sentry,
                "https://pubkey@o1.ingest.sentry.io/42",
            ),
            &e,
        )
        .unwrap()[0];
        assert_eq!(se.url, "https://o1.ingest.sentry.io/api/42/envelope/");
        let text = String::from_utf8(se.body.clone()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            serde_json::from_str::<Value>(lines[1]).unwrap()["type"],
            "event"
        );
        assert_eq!(
            serde_json::from_str::<Value>(lines[2]).unwrap()["level"],
            "error"
        );
        assert!(header(se, "X-Sentry-Auth")
            .unwrap()
            .contains("sentry_key=pubkey"));

        let gd = &requests(
            &target(ProviderType::Githubdispatch, "https://github.com/org/repo"),
            &e,
        )
        .unwrap()[0];
        assert_eq!(gd.url, "https://api.github.com/repos/org/repo/dispatches");
        assert_eq!(body(gd)["event_type"], "kustomization/web.apps");
        assert_eq!(body(gd)["client_payload"]["involvedObject"]["name"], "web");
    }

    #[test]
    fn missing_settings_and_unsupported_types_are_named() {
        let e = event("error", "HealthCheckFailed");
        let mut t = target(ProviderType::Opsgenie, "https://api.opsgenie.com/v2/alerts");
        t.token = None;
        let err = requests(&t, &e).unwrap_err().to_string();
        assert_eq!(
            err,
            "opsgenie provider: the Secret's 'token' key is required"
        );
        let err = requests(&target(ProviderType::Otel, "http://x"), &e)
            .unwrap_err()
            .to_string();
        assert!(err.contains("'otel'"), "{err}");
    }

    #[test]
    fn pubsub_publishes_base64_event_json_with_header_attributes_and_signs_a_verifiable_jwt() {
        let pem = crate::notify::openssl_rsa_pem();
        let key_json = json!({"type": "service_account", "client_email": "flux@p.iam.gserviceaccount.com",
            "private_key": pem, "private_key_id": "k1", "token_uri": "https://oauth2.example/token"});
        let e = event("info", "ReconciliationSucceeded");
        let mut t = target(ProviderType::Googlepubsub, "my-project");
        t.channel = Some("flux-events".into());
        t.token = Some(key_json.to_string());
        t.headers = BTreeMap::from([("team".to_string(), "a".to_string())]);
        let p = pubsub_publish(&t, &e).unwrap().unwrap();
        assert_eq!(
            p.url("https://pubsub.googleapis.com"),
            "https://pubsub.googleapis.com/v1/projects/my-project/topics/flux-events:publish"
        );
        let body: Value = serde_json::from_slice(&p.body).unwrap();
        let data = base64::engine::general_purpose::STANDARD
            .decode(body["messages"][0]["data"].as_str().unwrap())
            .unwrap();
        assert_eq!(data, generic(&t, &e).body);
        assert_eq!(body["messages"][0]["attributes"], json!({"team": "a"}));
        // The JWT carries Google's claims and verifies with the key's public half.
        let sa = p.credentials.unwrap();
        assert!(!format!("{sa:?}").contains("PRIVATE KEY"));
        let jwt = sa.assertion(PUBSUB_SCOPE, 1_796_202_000).unwrap();
        let parts: Vec<&str> = jwt.split('.').collect();
        assert_eq!(parts.len(), 3);
        let dec = |s: &str| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(s)
                .unwrap()
        };
        let header: Value = serde_json::from_slice(&dec(parts[0])).unwrap();
        assert_eq!(header, json!({"alg": "RS256", "typ": "JWT", "kid": "k1"}));
        let claims: Value = serde_json::from_slice(&dec(parts[1])).unwrap();
        assert_eq!(
            claims,
            json!({"iss": "flux@p.iam.gserviceaccount.com", "scope": PUBSUB_SCOPE,
                "aud": "https://oauth2.example/token", "iat": 1_796_202_000i64, "exp": 1_796_205_600i64})
        );
        let (public, _) = crate::notify::openssl_rsa_public(&pem);
        let mut check = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
        check.validate_exp = false;
        check.validate_aud = false;
        jsonwebtoken::decode::<Value>(
            &jwt,
            &jsonwebtoken::DecodingKey::from_rsa_pem(public.as_bytes()).unwrap(),
            &check,
        )
        .expect("the JWT signature verifies");
        // Without a token the workload's identity is used; bad settings are named.
        t.token = None;
        assert_eq!(pubsub_publish(&t, &e).unwrap().unwrap().credentials, None);
        t.token = Some(json!({"type": "authorized_user"}).to_string());
        assert!(pubsub_publish(&t, &e)
            .unwrap_err()
            .to_string()
            .contains("must be a service account key"));
        t.token = None;
        t.channel = None;
        assert!(pubsub_publish(&t, &e)
            .unwrap_err()
            .to_string()
            .contains("topic ID cannot be empty"));
        t.channel = Some("a/b".into());
        assert!(pubsub_publish(&t, &e).is_err());
        t.channel = Some("t".into());
        t.address = String::new();
        assert!(pubsub_publish(&t, &e)
            .unwrap_err()
            .to_string()
            .contains("project ID cannot be empty"));
    }

    #[test]
    fn change_request_comments_find_their_own_marked_comment_and_edit_it_else_create_one() {
        let mut e = event("error", "HealthCheckFailed");
        e.metadata.insert("change_request".into(), "7".into());
        e.metadata.insert("revision".into(), "main@sha1:abc".into());
        let uid = "0c9c2e41-aaaa-bbbb-cccc-000000000000";
        let mut t = target(
            ProviderType::Githubpullrequestcomment,
            "https://github.com/org/app",
        );
        t.provider_uid = uid.into();
        let c = change_request_comment(&t, &e).unwrap().unwrap();
        let o = &e.involved_object;
        let marker = format!(
            "<!-- flux-pr-comment-key:{uid}/{}/{}/{} -->",
            o.kind, o.namespace, o.name
        );
        assert_eq!(c.marker, marker);
        assert_eq!(c.whoami.url, "https://api.github.com/user");
        assert_eq!(c.whoami.method, Method::Get);
        assert_eq!(
            c.list.url,
            "https://api.github.com/repos/org/app/issues/7/comments?sort=created&direction=asc&per_page=100"
        );
        assert_eq!(
            c.create.url,
            "https://api.github.com/repos/org/app/issues/7/comments"
        );
        assert_eq!(header(&c.create, "Authorization"), Some("Bearer tok"));
        let text = body(&c.create)["body"].as_str().unwrap().to_string();
        assert_eq!(
            text,
            format!(
                "{marker}\n\n## Flux Status\n\n⚠️ {}/{}/{}\n\n{}\n\nMetadata:\n* `revision`: main@sha1:abc\n",
                o.kind, o.namespace, o.name, e.message
            )
        );
        assert_eq!(
            c.login(&json!({"login": "flux-bot"})).as_deref(),
            Some("flux-bot")
        );
        let comments = json!([
            {"id": 1, "user": {"login": "someone"}, "body": marker},
            {"id": 2, "user": {"login": "flux-bot"}, "body": "unrelated"},
            {"id": 3, "user": {"login": "flux-bot"}, "body": format!("{marker}\nold")},
        ]);
        assert_eq!(c.existing(&comments, "flux-bot"), Some(3));
        assert_eq!(c.existing(&json!([]), "flux-bot"), None);
        let edit = c.update(3);
        assert_eq!(edit.method, Method::Patch);
        assert_eq!(
            edit.url,
            "https://api.github.com/repos/org/app/issues/comments/3"
        );
        assert_eq!(edit.body, c.create.body);

        // GitLab: notes of the merge request, PUT to edit, the author's username.
        t.kind = Some(ProviderType::Gitlabmergerequestcomment);
        t.address = "https://gitlab.com/group/sub/app".into();
        let g = change_request_comment(&t, &e).unwrap().unwrap();
        assert!(g.marker.starts_with("<!-- flux-mr-comment-key:"));
        assert_eq!(
            g.create.url,
            "https://gitlab.com/api/v4/projects/group%2Fsub%2Fapp/merge_requests/7/notes"
        );
        assert_eq!(header(&g.list, "PRIVATE-TOKEN"), Some("tok"));
        assert_eq!(g.login(&json!({"username": "bot"})).as_deref(), Some("bot"));
        let notes = json!([{"id": 5, "author": {"username": "bot"}, "body": g.marker}]);
        assert_eq!(g.existing(&notes, "bot"), Some(5));
        assert_eq!(g.update(5).method, Method::Put);
        assert!(g.update(5).url.ends_with("/merge_requests/7/notes/5"));

        // Gitea: /api/v1, token auth.
        t.kind = Some(ProviderType::Giteapullrequestcomment);
        t.address = "https://gitea.example.com/org/app".into();
        let gt = change_request_comment(&t, &e).unwrap().unwrap();
        assert_eq!(
            gt.create.url,
            "https://gitea.example.com/api/v1/repos/org/app/issues/7/comments"
        );
        assert_eq!(header(&gt.create, "Authorization"), Some("token tok"));
        assert!(gt
            .update(9)
            .url
            .ends_with("/api/v1/repos/org/app/issues/comments/9"));

        // No change request: skipped; a malformed one is named.
        let mut plain = e.clone();
        plain.metadata.remove("change_request");
        assert_eq!(change_request_comment(&t, &plain).unwrap(), None);
        plain
            .metadata
            .insert("change_request".into(), "seven".into());
        assert!(change_request_comment(&t, &plain)
            .unwrap_err()
            .to_string()
            .contains("invalid \"change_request\""));
    }

    #[test]
    fn nats_publishes_the_event_json_on_the_channel_subject() {
        let e = event("info", "ReconciliationSucceeded");
        let mut t = target(ProviderType::Nats, "nats://a:4222, nats://b:4222");
        t.channel = Some("flux.events".into());
        t.username = Some("flux".into());
        t.password = Some("s3cret".into());
        let p = nats_publish(&t, &e).unwrap().unwrap();
        assert_eq!(p.servers, ["nats://a:4222", "nats://b:4222"]);
        assert_eq!(p.subject, "flux.events");
        assert_eq!(p.credentials, Some(("flux".into(), "s3cret".into())));
        assert_eq!(p.payload, generic(&t, &e).body);
        // A user without a password sends no credentials, as Flux.
        t.password = None;
        assert_eq!(nats_publish(&t, &e).unwrap().unwrap().credentials, None);
        // Commit status refreshes are skipped.
        let mut update = e.clone();
        update
            .metadata
            .insert("commit_status".into(), "update".into());
        assert_eq!(nats_publish(&t, &update).unwrap(), None);
        // Missing or malformed settings are named.
        t.channel = None;
        assert!(nats_publish(&t, &e)
            .unwrap_err()
            .to_string()
            .contains("subject (channel) cannot be empty"));
        t.channel = Some("a b".into());
        assert!(nats_publish(&t, &e)
            .unwrap_err()
            .to_string()
            .contains("whitespace"));
        t.address = " ".into();
        assert!(nats_publish(&t, &e)
            .unwrap_err()
            .to_string()
            .contains("server (address) cannot be empty"));
    }
}
