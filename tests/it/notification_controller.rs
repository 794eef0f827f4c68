//! `flux serve notification-controller` on the real control plane: events posted to its event
//! server reach every Provider type's (recorded) endpoint with the documented request, Alerts
//! filter as Flux's do, Receivers of every type trigger reconciles only for authentic requests,
//! a failing Kustomization's event travels kustomize-controller → notification-controller →
//! provider, and both HTTP servers' metrics are exposed.

use crate::support;

use std::collections::BTreeMap;
use std::time::Duration;

use crate::support::recorder::{Recorded, Recorder};
use hmac::Mac;
use kube::api::{Api, DynamicObject};
use serde_json::{json, Value};

const SHA: &str = "0123456789abcdef0123456789abcdef01234567";

async fn apply(client: &kube::Client, ns: &str, obj: Value) {
    let mut cluster = flux::cluster::Cluster::new(client.clone());
    let mut obj = obj;
    obj["metadata"]["namespace"] = json!(ns);
    cluster.apply(&obj).await.expect("apply");
}

async fn secret(client: &kube::Client, ns: &str, name: &str, data: &[(&str, &str)]) {
    let data: BTreeMap<&str, &str> = data.iter().cloned().collect();
    apply(
        client,
        ns,
        json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": name}, "stringData": data}),
    )
    .await;
}

/// Starts the notification-controller for `ns`; returns (serve, events port, receiver port).
fn start(ns: &str, controllers: &[&str]) -> (support::Serve, u16, u16) {
    let (ep, rp) = (support::free_port(), support::free_port());
    let serve = support::serve(
        controllers,
        ns,
        &[
            &format!("--events-addr=127.0.0.1:{ep}"),
            &format!("--receiverAddr=127.0.0.1:{rp}"),
        ],
    );
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", ep)).is_ok()
            && std::net::TcpStream::connect(("127.0.0.1", rp)).is_ok()
        {
            return (serve, ep, rp);
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("notification servers did not start: {}", serve.log());
}

fn event(ns: &str, severity: &str, reason: &str, message: &str) -> Value {
    json!({
        "involvedObject": {"kind": "Kustomization", "namespace": ns, "name": "web",
            "uid": "7d0cdc51-ddcf-4743-b223-83ca5c699632", "apiVersion": "kustomize.toolkit.fluxcd.io/v1"},
        "severity": severity, "timestamp": "2026-11-25T10:00:00Z", "message": message, "reason": reason,
        "reportingController": "kustomize-controller", "reportingInstance": "kc-0",
        "metadata": {"kustomize.toolkit.fluxcd.io/revision": format!("main@sha1:{SHA}")},
    })
}

async fn post(port: u16, path: &str, headers: &[(&str, &str)], body: Vec<u8>) -> u16 {
    let mut req = reqwest::Client::new().post(format!("http://127.0.0.1:{port}{path}"));
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    req.body(body).send().await.expect("post").status().as_u16()
}

/// One provider under test: type, address, extra spec fields, Secret data.
type ProviderCase = (&'static str, String, Value, Vec<(&'static str, String)>);

/// Receiver cases: type, events, good headers, forged headers.
type ReceiverCase<'a> = (
    &'a str,
    Vec<&'a str>,
    Vec<(String, String)>,
    Vec<(String, String)>,
);

fn provider_table(base: &str) -> Vec<ProviderCase> {
    let host = base.trim_start_matches("http://").to_string();
    vec![
        (
            "generic",
            format!("{base}/generic"),
            json!({}),
            vec![("headers", "X-Team: ops\n".into())],
        ),
        (
            "generic-hmac",
            format!("{base}/hmac"),
            json!({}),
            vec![("token", "hmac-key".into())],
        ),
        (
            "slack",
            format!("{base}/slack"),
            json!({"channel": "#ops"}),
            vec![("token", "xoxb-1".into())],
        ),
        (
            "discord",
            format!("{base}/discord/1/abc"),
            json!({}),
            vec![],
        ),
        (
            "rocket",
            format!("{base}/rocket"),
            json!({"channel": "ops", "username": "flux"}),
            vec![],
        ),
        ("msteams", format!("{base}/teams"), json!({}), vec![]),
        ("googlechat", format!("{base}/gchat"), json!({}), vec![]),
        (
            "webex",
            format!("{base}/webex"),
            json!({"channel": "room-1"}),
            vec![("token", "wx".into())],
        ),
        (
            "telegram",
            base.to_string(),
            json!({"channel": "-100"}),
            vec![("token", "tg".into())],
        ),
        (
            "matrix",
            base.to_string(),
            json!({"channel": "!room:x"}),
            vec![("token", "mx".into())],
        ),
        ("lark", format!("{base}/lark"), json!({}), vec![]),
        (
            "zulip",
            format!("{base}/api/v1/messages"),
            json!({"channel": "flux"}),
            vec![("username", "bot@zulip".into()), ("password", "zk".into())],
        ),
        (
            "zoom",
            format!("{base}/zoom"),
            json!({}),
            vec![("token", "zt".into())],
        ),
        (
            "alertmanager",
            format!("{base}/api/v2/alerts"),
            json!({}),
            vec![],
        ),
        (
            "opsgenie",
            format!("{base}/v2/alerts"),
            json!({}),
            vec![("token", "og".into())],
        ),
        (
            "pagerduty",
            format!("{base}/pd"),
            json!({"channel": "route-key"}),
            vec![],
        ),
        (
            "grafana",
            format!("{base}/api/annotations"),
            json!({}),
            vec![("token", "gf".into())],
        ),
        (
            "datadog",
            base.to_string(),
            json!({}),
            vec![("token", "dd".into())],
        ),
        (
            "sentry",
            format!("http://pubkey@{host}/42"),
            json!({}),
            vec![],
        ),
        (
            "incidentio",
            format!("{base}/incident"),
            json!({}),
            vec![("token", "io".into())],
        ),
        (
            "githubdispatch",
            format!("{base}/org/dispatch"),
            json!({}),
            vec![("token", "gd".into())],
        ),
        (
            "github",
            format!("{base}/org/repo"),
            json!({}),
            vec![("token", "gh".into())],
        ),
        (
            "gitlab",
            format!("{base}/group/repo"),
            json!({}),
            vec![("token", "gl".into())],
        ),
        (
            "gitea",
            format!("{base}/org/repo"),
            json!({}),
            vec![("token", "gt".into())],
        ),
        (
            "bitbucket",
            format!("{base}/org/repo"),
            json!({}),
            vec![("token", "user:pass".into())],
        ),
        (
            "bitbucketserver",
            format!("{base}/scm/proj/repo.git"),
            json!({}),
            vec![("token", "bs".into())],
        ),
        (
            "azuredevops",
            format!("{base}/org/proj/_git/repo"),
            json!({}),
            vec![("token", "az".into())],
        ),
    ]
}

fn one<'a>(reqs: &'a [Recorded], method: &str, prefix: &str, contains: &str) -> &'a Recorded {
    let found: Vec<&Recorded> = reqs
        .iter()
        .filter(|r| {
            r.method == method
                && r.path.starts_with(prefix)
                && String::from_utf8_lossy(&r.body).contains(contains)
        })
        .collect();
    assert_eq!(
        found.len(),
        1,
        "{method} {prefix} with {contains:?}: {found:#?}"
    );
    found[0]
}

#[tokio::test(flavor = "multi_thread")]
async fn every_provider_type_sends_its_documented_request_for_info_and_error_events() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "nc-providers").await;
    let rec = Recorder::start().await;
    let base = rec.url();
    let table = provider_table(&base);
    for (t, address, extra, data) in &table {
        let name = t.replace('-', "");
        let mut spec = json!({"type": t, "address": address});
        for (k, v) in extra.as_object().unwrap() {
            spec[k] = v.clone();
        }
        if !data.is_empty() {
            let d: Vec<(&str, &str)> = data.iter().map(|(k, v)| (*k, v.as_str())).collect();
            secret(&client, &ns, &format!("{name}-secret"), &d).await;
            spec["secretRef"] = json!({"name": format!("{name}-secret")});
        }
        apply(
            &client,
            &ns,
            json!({"apiVersion": "notification.toolkit.fluxcd.io/v1beta3", "kind": "Provider",
            "metadata": {"name": name}, "spec": spec}),
        )
        .await;
        apply(
            &client,
            &ns,
            json!({"apiVersion": "notification.toolkit.fluxcd.io/v1beta3", "kind": "Alert",
            "metadata": {"name": name}, "spec": {"providerRef": {"name": name},
                "eventSources": [{"kind": "Kustomization", "name": "*"}],
                "eventMetadata": {"cluster": "prod-eu"}}}),
        )
        .await;
    }
    let (serve, ep, _rp) = start(&ns, &["notification-controller"]);
    let info = serde_json::to_vec(&event(
        &ns,
        "info",
        "ReconciliationSucceeded",
        "Applied revision: main",
    ))
    .unwrap();
    let error = serde_json::to_vec(&event(
        &ns,
        "error",
        "HealthCheckFailed",
        "health check failed",
    ))
    .unwrap();
    assert_eq!(
        post(ep, "/", &[], info.clone()).await,
        202,
        "{}",
        serve.log()
    );
    assert_eq!(post(ep, "/", &[], error).await, 202);
    // The same event again within the rate-limit window is refused.
    assert_eq!(post(ep, "/", &[], info).await, 429);
    // pagerduty also sends a change event for info; commit status providers look up the
    // commit's statuses first (GET).
    let want = table.len() * 2 + 1;
    let posts = |r: &[Recorded]| r.iter().filter(|x| x.method != "GET").count();
    let reqs = rec
        .wait_for(60, "a request per provider and event", |r| {
            posts(r) >= want && r.len() >= want + 12
        })
        .await;
    assert_eq!(posts(&reqs), want, "{reqs:#?}");
    assert_eq!(reqs.len() - want, 12, "{reqs:#?}");
    let lookups = reqs
        .iter()
        .filter(|r| {
            r.method == "GET"
                && r.path == format!("/api/v3/repos/org/repo/commits/{SHA}/statuses?per_page=50")
        })
        .count();
    assert_eq!(lookups, 2);

    // generic: the event itself, merged metadata, gotk-component and the Secret's headers.
    let g = one(&reqs, "POST", "/generic", "Applied revision");
    assert_eq!(g.header("gotk-component"), Some("kustomize-controller"));
    assert_eq!(g.header("x-team"), Some("ops"));
    let body = g.json();
    assert_eq!(body["involvedObject"]["name"], "web");
    assert_eq!(
        body["metadata"],
        json!({"cluster": "prod-eu", "revision": format!("main@sha1:{SHA}")})
    );
    // generic-hmac: the signature verifies independently.
    for r in reqs.iter().filter(|r| r.path == "/hmac") {
        let mut m = hmac::Hmac::<sha2::Sha256>::new_from_slice(b"hmac-key").unwrap();
        m.update(&r.body);
        let hex: String = m
            .finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(
            r.header("x-signature"),
            Some(format!("sha256={hex}").as_str())
        );
    }
    // slack (chat.postMessage with a token), discord, rocket
    let s = one(&reqs, "POST", "/slack", "danger");
    assert_eq!(s.header("authorization"), Some("Bearer xoxb-1"));
    assert_eq!(s.json()["channel"], "#ops");
    assert_eq!(
        s.json()["attachments"][0]["author_name"],
        format!("kustomization/web.{ns}")
    );
    one(&reqs, "POST", "/slack", "good");
    one(&reqs, "POST", "/discord/1/abc/slack", "danger");
    assert_eq!(
        one(&reqs, "POST", "/rocket", "#0076D7").json()["username"],
        "flux"
    );
    one(&reqs, "POST", "/rocket", "#FF0000");
    // msteams adaptive card, googlechat card, webex markdown, telegram, matrix, lark, zulip, zoom
    let t = one(&reqs, "POST", "/teams", "attention").json();
    assert_eq!(
        t["attachments"][0]["contentType"],
        "application/vnd.microsoft.card.adaptive"
    );
    assert_eq!(
        one(&reqs, "POST", "/gchat", "Applied").json()["cards"][0]["header"]["subtitle"],
        "kustomize-controller"
    );
    let w = one(&reqs, "POST", "/webex", "💣");
    assert_eq!(w.header("authorization"), Some("Bearer wx"));
    assert_eq!(w.json()["roomId"], "room-1");
    assert_eq!(
        one(&reqs, "POST", "/bottg/sendMessage", "🚨").json()["chat_id"],
        "-100"
    );
    let m = one(
        &reqs,
        "PUT",
        "/_matrix/client/r0/rooms/%21room%3Ax/send/m.room.message/",
        "🚨",
    );
    assert_eq!(m.header("authorization"), Some("Bearer mx"));
    assert_eq!(
        one(&reqs, "POST", "/lark", "red").json()["msg_type"],
        "interactive"
    );
    let z = one(&reqs, "POST", "/api/v1/messages", "health+check+failed");
    assert_eq!(
        z.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        one(&reqs, "POST", "/zoom", "🚨").header("authorization"),
        Some("zt")
    );
    // ops
    let am = one(&reqs, "POST", "/api/v2/alerts", "HealthCheckFailed").json();
    assert_eq!(
        am[0]["labels"]["alertname"],
        "FluxKustomizationHealthcheckfailed"
    );
    assert_eq!(am[0]["labels"]["cluster"], "prod-eu");
    let og = one(&reqs, "POST", "/v2/alerts", "\"severity\":\"error\"");
    assert_eq!(og.header("authorization"), Some("GenieKey og"));
    assert_eq!(
        one(&reqs, "POST", "/v2/enqueue", "trigger").json()["routing_key"],
        "route-key"
    );
    one(&reqs, "POST", "/v2/enqueue", "resolve");
    one(
        &reqs,
        "POST",
        "/v2/change/enqueue",
        "reconciliation succeeded",
    );
    let annotations: Vec<&Recorded> = reqs
        .iter()
        .filter(|r| r.path == "/api/annotations")
        .collect();
    assert_eq!(annotations.len(), 2);
    assert_eq!(annotations[0].header("authorization"), Some("Bearer gf"));
    assert_eq!(annotations[0].json()["tags"][0], "flux");
    assert_eq!(
        one(&reqs, "POST", "/api/v1/events", "\"alert_type\":\"error\"").header("dd-api-key"),
        Some("dd")
    );
    let se = one(&reqs, "POST", "/api/42/envelope/", "\"level\":\"error\"");
    assert!(se
        .header("x-sentry-auth")
        .unwrap()
        .contains("sentry_key=pubkey"));
    one(
        &reqs,
        "POST",
        "/api/42/envelope/",
        "\"type\":\"transaction\"",
    );
    assert_eq!(
        one(&reqs, "POST", "/incident", "firing").header("authorization"),
        Some("Bearer io")
    );
    assert_eq!(
        one(
            &reqs,
            "POST",
            "/api/v3/repos/org/dispatch/dispatches",
            "health"
        )
        .json()["event_type"],
        format!("kustomization/web.{ns}")
    );
    // commit statuses: success for info, failure for errors, keyed by kind/name/provider uid
    let gh = one(
        &reqs,
        "POST",
        &format!("/api/v3/repos/org/repo/statuses/{SHA}"),
        "failure",
    );
    assert_eq!(gh.header("authorization"), Some("Bearer gh"));
    assert!(gh.json()["context"]
        .as_str()
        .unwrap()
        .starts_with("kustomization/web/"));
    one(
        &reqs,
        "POST",
        &format!("/api/v3/repos/org/repo/statuses/{SHA}"),
        "success",
    );
    assert_eq!(
        one(
            &reqs,
            "POST",
            &format!("/api/v4/projects/group%2Frepo/statuses/{SHA}"),
            "failed"
        )
        .header("private-token"),
        Some("gl")
    );
    assert_eq!(
        one(
            &reqs,
            "POST",
            &format!("/api/v1/repos/org/repo/statuses/{SHA}"),
            "failure"
        )
        .header("authorization"),
        Some("token gt")
    );
    one(
        &reqs,
        "POST",
        &format!("/2.0/repositories/org/repo/commit/{SHA}/statuses/build"),
        "SUCCESSFUL",
    );
    one(
        &reqs,
        "POST",
        &format!("/rest/api/1.0/projects/proj/repos/repo/commits/{SHA}/builds"),
        "FAILED",
    );
    let az = one(
        &reqs,
        "POST",
        &format!("/org/proj/_apis/git/repositories/repo/commits/{SHA}/statuses"),
        "\"error\"",
    );
    assert_eq!(az.json()["context"]["genre"], "fluxcd");
    // A status the commit already carries is not posted again.
    let context = gh.json()["context"].as_str().unwrap().to_string();
    let existing = json!([{"state": "success", "context": context, "description": "reconciliation succeeded"}]);
    rec.respond(
        &format!("/api/v3/repos/org/repo/commits/{SHA}/statuses"),
        200,
        existing.to_string().as_bytes(),
    );
    let again = serde_json::to_vec(&event(
        &ns,
        "info",
        "ReconciliationSucceeded",
        "Applied revision: main again",
    ))
    .unwrap();
    assert_eq!(post(ep, "/", &[], again).await, 202);
    let before = reqs.len();
    rec.wait_for(60, "the second info event", |r| {
        r[before..].iter().any(|x| x.path == "/generic")
            && r[before..].iter().filter(|x| x.method == "GET").count() >= 6
    })
    .await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let reqs = rec.requests();
    let later = &reqs[before..];
    assert!(
        !later
            .iter()
            .any(|x| x.method == "POST" && x.path.starts_with("/api/v3/repos/org/repo/statuses/")),
        "{later:#?}"
    );
    assert!(
        later
            .iter()
            .any(|x| x.method == "POST" && x.path.starts_with("/api/v4/projects/")),
        "{later:#?}"
    );
    // No secret value in the controller's log.
    let log = serve.log();
    for s in ["hmac-key", "xoxb-1", "user:pass", "GenieKey"] {
        assert!(!log.contains(s), "log leaks {s}: {log}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn alerts_filter_by_source_labels_severity_messages_and_suspend_and_unreachable_providers_fail_cleanly(
) {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "nc-alerts").await;
    let rec = Recorder::start().await;
    let base = rec.url();
    // A live object with labels for matchLabels.
    apply(&client, &ns, json!({"apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization",
        "metadata": {"name": "web", "labels": {"team": "a"}, "annotations": {"event.toolkit.fluxcd.io/owner": "team-a"}},
        "spec": {"interval": "10m", "prune": true, "sourceRef": {"kind": "GitRepository", "name": "none"}, "suspend": true}})).await;
    let alerts = [
        (
            "by-name",
            json!({"eventSources": [{"kind": "Kustomization", "name": "web"}]}),
        ),
        (
            "wrong-kind",
            json!({"eventSources": [{"kind": "GitRepository", "name": "web"}]}),
        ),
        (
            "wrong-ns",
            json!({"eventSources": [{"kind": "Kustomization", "name": "*", "namespace": "elsewhere"}]}),
        ),
        (
            "labels-a",
            json!({"eventSources": [{"kind": "Kustomization", "name": "*", "matchLabels": {"team": "a"}}]}),
        ),
        (
            "labels-b",
            json!({"eventSources": [{"kind": "Kustomization", "name": "*", "matchLabels": {"team": "b"}}]}),
        ),
        (
            "errors-only",
            json!({"eventSeverity": "error", "eventSources": [{"kind": "Kustomization", "name": "*"}]}),
        ),
        (
            "include",
            json!({"inclusionList": ["^Applied"], "eventSources": [{"kind": "Kustomization", "name": "*"}]}),
        ),
        (
            "exclude",
            json!({"exclusionList": ["Applied"], "eventSources": [{"kind": "Kustomization", "name": "*"}]}),
        ),
        (
            "suspended",
            json!({"suspend": true, "eventSources": [{"kind": "Kustomization", "name": "*"}]}),
        ),
        (
            "unreachable",
            json!({"eventSources": [{"kind": "Kustomization", "name": "web"}]}),
        ),
    ];
    for (name, mut spec) in alerts {
        let address = if name == "unreachable" {
            format!("http://127.0.0.1:{}/gone", support::free_port())
        } else {
            format!("{base}/{name}")
        };
        apply(
            &client,
            &ns,
            json!({"apiVersion": "notification.toolkit.fluxcd.io/v1beta3", "kind": "Provider",
            "metadata": {"name": name}, "spec": {"type": "generic", "address": address}}),
        )
        .await;
        spec["providerRef"] = json!({"name": name});
        apply(
            &client,
            &ns,
            json!({"apiVersion": "notification.toolkit.fluxcd.io/v1beta3", "kind": "Alert",
            "metadata": {"name": name}, "spec": spec}),
        )
        .await;
    }
    let (serve, ep, _) = start(&ns, &["notification-controller"]);
    let info = serde_json::to_vec(&event(
        &ns,
        "info",
        "ReconciliationSucceeded",
        "Applied revision: main",
    ))
    .unwrap();
    let error = serde_json::to_vec(&event(
        &ns,
        "error",
        "HealthCheckFailed",
        "health check failed",
    ))
    .unwrap();
    assert_eq!(post(ep, "/", &[], info).await, 202);
    assert_eq!(post(ep, "/", &[], error).await, 202);
    assert_eq!(post(ep, "/", &[], b"{not json".to_vec()).await, 400);
    assert_eq!(
        post(ep, "/", &[], br#"{"involvedObject":{"kind":"K"}}"#.to_vec()).await,
        400
    );
    // Too large: 413 as soon as the server has read past the limit, then it closes the
    // connection without reading the rest (as Go's server does past its discard budget), so a
    // client still writing may see the close before the answer.
    let oversized = reqwest::Client::new()
        .post(format!("http://127.0.0.1:{ep}/"))
        .body(vec![b' '; 4 * 1024 * 1024])
        .send()
        .await;
    match oversized {
        Ok(r) => assert_eq!(r.status().as_u16(), 413),
        Err(e) => {
            let why = format!("{e:?}");
            assert!(
                why.contains("Broken pipe") || why.contains("Connection reset"),
                "{why}"
            );
        }
    }
    // by-name 2, labels-a 2, errors-only 1, include 1, exclude 1 = 7
    let reqs = rec
        .wait_for(30, "the matching alerts' requests", |r| r.len() >= 7)
        .await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let reqs = if rec.requests().len() > reqs.len() {
        rec.requests()
    } else {
        reqs
    };
    let count = |p: &str| reqs.iter().filter(|r| r.path == format!("/{p}")).count();
    assert_eq!(
        [
            count("by-name"),
            count("wrong-kind"),
            count("wrong-ns"),
            count("labels-a"),
            count("labels-b"),
            count("errors-only"),
            count("include"),
            count("exclude"),
            count("suspended")
        ],
        [2, 0, 0, 2, 0, 1, 1, 1, 0],
        "{reqs:#?}"
    );
    assert_eq!(
        reqs.iter().find(|r| r.path == "/include").unwrap().json()["severity"],
        "info"
    );
    // The object's event annotation travels as metadata.
    assert_eq!(
        reqs.iter().find(|r| r.path == "/by-name").unwrap().json()["metadata"]["owner"],
        "team-a"
    );
    // The unreachable provider ends in a Warning event on its Alert, and the server keeps serving.
    let msg = notification_failed(&client, &ns, "unreachable", &serve).await;
    assert!(
        msg.contains("Provider") && msg.contains("unreachable"),
        "{msg}"
    );
    let again =
        serde_json::to_vec(&event(&ns, "error", "HealthCheckFailed", "still failing")).unwrap();
    assert_eq!(post(ep, "/", &[], again).await, 202);
}

/// The message of the `NotificationFailed` event on Alert `alert` (waits up to 40 s).
async fn notification_failed(
    client: &kube::Client,
    ns: &str,
    alert: &str,
    serve: &support::Serve,
) -> String {
    let events: Api<k8s_openapi::api::core::v1::Event> = Api::namespaced(client.clone(), ns);
    for _ in 0..200 {
        let l = events.list(&Default::default()).await.unwrap();
        if let Some(e) = l.items.into_iter().find(|e| {
            e.reason.as_deref() == Some("NotificationFailed")
                && e.involved_object.name.as_deref() == Some(alert)
        }) {
            return e.message.unwrap_or_default();
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("no NotificationFailed event for {alert}: {}", serve.log())
}

fn sign256(key: &str, body: &[u8]) -> String {
    let mut m = hmac::Hmac::<sha2::Sha256>::new_from_slice(key.as_bytes()).unwrap();
    m.update(body);
    let hex: String = m
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("sha256={hex}")
}

fn sign_nexus(key: &str, body: &[u8]) -> String {
    let mut m = hmac::Hmac::<sha1::Sha1>::new_from_slice(key.as_bytes()).unwrap();
    m.update(body);
    m.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

async fn requested_at(client: &kube::Client, ns: &str, name: &str) -> Option<String> {
    let ar = kube::api::ApiResource::erase::<flux::api::source::GitRepository>(&());
    let api: Api<DynamicObject> = Api::namespaced_with(client.clone(), ns, &ar);
    api.get(name)
        .await
        .unwrap()
        .metadata
        .annotations
        .unwrap_or_default()
        .get("reconcile.fluxcd.io/requestedAt")
        .cloned()
}

#[tokio::test(flavor = "multi_thread")]
async fn receivers_trigger_reconciles_only_for_authentic_requests() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "nc-receivers").await;
    let token = "s3cr3t-token";
    secret(&client, &ns, "webhook-token", &[("token", token)]).await;
    let push = br#"{"ref":"refs/heads/main","action":"push","target":{"repository":"app"},"docker_url":"quay.io/o/app","updated_tags":["1.0"],"push_data":{"tag":"1.0"},"repository":{"repo_url":"https://hub.docker.com/r/o/app"},"context":{"id":"1"},"subject":{"id":"app"}}"#.to_vec();
    let ce = "dev.cdevents.artifact.published.0.1.1";
    // (type, events, good headers, bad headers)
    let cases: Vec<ReceiverCase> = vec![
        ("generic", vec![], vec![], vec![]),
        (
            "generic-hmac",
            vec![],
            vec![("X-Signature".into(), sign256(token, &push))],
            vec![("X-Signature".into(), sign256("forged", &push))],
        ),
        (
            "github",
            vec!["push"],
            vec![
                ("X-Hub-Signature-256".into(), sign256(token, &push)),
                ("X-GitHub-Event".into(), "push".into()),
                ("X-GitHub-Delivery".into(), "d-1".into()),
            ],
            vec![
                ("X-Hub-Signature-256".into(), sign256("forged", &push)),
                ("X-GitHub-Event".into(), "push".into()),
            ],
        ),
        (
            "gitlab",
            vec!["Push Hook"],
            vec![
                ("X-Gitlab-Token".into(), token.into()),
                ("X-Gitlab-Event".into(), "Push Hook".into()),
            ],
            vec![
                ("X-Gitlab-Token".into(), "forged".into()),
                ("X-Gitlab-Event".into(), "Push Hook".into()),
            ],
        ),
        (
            "bitbucket",
            vec!["repo:refs_changed"],
            vec![
                ("X-Hub-Signature".into(), sign256(token, &push)),
                ("X-Event-Key".into(), "repo:refs_changed".into()),
            ],
            vec![
                ("X-Hub-Signature".into(), sign256("forged", &push)),
                ("X-Event-Key".into(), "repo:refs_changed".into()),
            ],
        ),
        (
            "harbor",
            vec![],
            vec![("Authorization".into(), token.into())],
            vec![("Authorization".into(), "forged".into())],
        ),
        ("dockerhub", vec![], vec![], vec![]),
        ("quay", vec![], vec![], vec![]),
        (
            "nexus",
            vec![],
            vec![("X-Nexus-Webhook-Signature".into(), sign_nexus(token, &push))],
            vec![(
                "X-Nexus-Webhook-Signature".into(),
                sign_nexus("forged", &push),
            )],
        ),
        ("acr", vec![], vec![], vec![]),
        (
            "cdevents",
            vec![ce],
            vec![("Ce-Type".into(), ce.into())],
            vec![("Ce-Type".into(), "dev.cdevents.build.started.0.1.0".into())],
        ),
    ];
    for (t, events, _, _) in &cases {
        let name = t.replace('-', "");
        apply(
            &client,
            &ns,
            json!({"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "GitRepository",
            "metadata": {"name": format!("target-{name}"), "labels": {"receiver": name.clone()}},
            "spec": {"interval": "1h", "url": "https://example.com/repo", "suspend": true}}),
        )
        .await;
        // One receiver selects by name, the next ones by label, to cover both.
        let resource = if name.len() % 2 == 0 {
            json!({"kind": "GitRepository", "name": format!("target-{name}")})
        } else {
            json!({"kind": "GitRepository", "name": "*", "matchLabels": {"receiver": name.clone()}})
        };
        apply(
            &client,
            &ns,
            json!({"apiVersion": "notification.toolkit.fluxcd.io/v1", "kind": "Receiver",
            "metadata": {"name": name}, "spec": {"type": t, "events": events,
                "secretRef": {"name": "webhook-token"}, "resources": [resource]}}),
        )
        .await;
    }
    let (serve, _ep, rp) = start(&ns, &["notification-controller"]);
    let api: Api<flux::api::notification::Receiver> = Api::namespaced(client.clone(), &ns);
    for (t, _, good, bad) in &cases {
        let name = t.replace('-', "");
        let mut path = None;
        for _ in 0..150 {
            let r = api.get(&name).await.unwrap();
            if let Some(p) = r.status.as_ref().and_then(|s| s.webhook_path.clone()) {
                let ready = r.status.as_ref().unwrap().conditions.iter().any(|c| {
                    c.type_ == "Ready"
                        && c.status == "True"
                        && c.message == format!("Receiver initialized for path: {p}")
                });
                assert!(ready, "{:?}", r.status);
                path = Some(p);
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let path = path.unwrap_or_else(|| panic!("{t}: no webhookPath; {}", serve.log()));
        let want = flux::notify::receivers::webhook_path(token, &name, &ns);
        assert_eq!(path, want);
        let target = format!("target-{name}");
        if !bad.is_empty() {
            let hdrs: Vec<(&str, &str)> =
                bad.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let code = post(rp, &path, &hdrs, push.clone()).await;
            assert!(code == 401 || code == 400, "{t}: forged request got {code}");
            assert_eq!(
                requested_at(&client, &ns, &target).await,
                None,
                "{t}: forged request triggered"
            );
        }
        let hdrs: Vec<(&str, &str)> = good.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(
            post(rp, &path, &hdrs, push.clone()).await,
            200,
            "{t}: {}",
            serve.log()
        );
        let first = requested_at(&client, &ns, &target).await;
        assert!(first.is_some(), "{t}: not triggered");
        if *t == "github" {
            // A replayed delivery is refused and changes nothing.
            tokio::time::sleep(Duration::from_millis(20)).await;
            assert_eq!(post(rp, &path, &hdrs, push.clone()).await, 409);
            assert_eq!(requested_at(&client, &ns, &target).await, first);
            // ping is answered without a trigger.
            let ping = [
                ("X-Hub-Signature-256", sign256(token, &push)),
                ("X-GitHub-Event", "ping".to_string()),
            ];
            let hdrs: Vec<(&str, &str)> = ping.iter().map(|(k, v)| (*k, v.as_str())).collect();
            assert_eq!(post(rp, &path, &hdrs, push.clone()).await, 200);
            assert_eq!(requested_at(&client, &ns, &target).await, first);
        }
    }
    assert_eq!(post(rp, "/hook/0000", &[], push.clone()).await, 404);
    // Metrics of both servers and the Receiver reconciler, parsed from the exposition.
    let (code, body) = support::http_get(serve.metrics_port, "/metrics");
    assert_eq!(code, 200);
    let text = String::from_utf8(body).unwrap();
    let value = |prefix: &str| -> f64 {
        text.lines()
            .filter(|l| l.starts_with(prefix))
            .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
            .sum()
    };
    assert!(
        value("gotk_receiver_http_request_duration_seconds_count{code=\"200\"") >= 11.0,
        "{text}"
    );
    assert!(
        value("gotk_receiver_http_request_duration_seconds_count{code=\"401\"") >= 5.0,
        "{text}"
    );
    assert!(
        value("gotk_receiver_http_request_duration_seconds_count{code=\"409\"") >= 1.0,
        "{text}"
    );
    assert!(
        text.contains("# TYPE gotk_receiver_http_requests_inflight gauge"),
        "{text}"
    );
    assert!(
        value("gotk_reconcile_duration_seconds_count{kind=\"Receiver\"") >= 11.0,
        "{text}"
    );
}

/// Resident memory of a process, in MiB.
fn rss_mib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb / 1024)
}

/// Sends the head of a POST and part of its body, then nothing more; returns the stream.
async fn stalled_post(port: u16, path: &str) -> tokio::net::TcpStream {
    use tokio::io::AsyncWriteExt;
    let mut s = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .expect("connect");
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: 3000000\r\n\r\n{}",
        "x".repeat(200)
    );
    s.write_all(head.as_bytes()).await.expect("write");
    s
}

/// Reads what the server answers (its status code), or `None` if it closed without one.
async fn answer(s: &mut tokio::net::TcpStream) -> Option<u16> {
    use tokio::io::AsyncReadExt;
    let mut buf = vec![0u8; 256];
    let n = s.read(&mut buf).await.ok()?;
    let text = String::from_utf8_lossy(&buf[..n]);
    text.strip_prefix("HTTP/1.1 ")?.get(..3)?.parse().ok()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_receiver_server_bounds_hostile_clients_and_keeps_serving_webhooks() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "nc-hostile").await;
    let token = "s3cr3t-token";
    secret(&client, &ns, "webhook-token", &[("token", token)]).await;
    apply(
        &client,
        &ns,
        json!({"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "GitRepository",
        "metadata": {"name": "target"},
        "spec": {"interval": "1h", "url": "https://example.com/repo", "suspend": true}}),
    )
    .await;
    apply(
        &client,
        &ns,
        json!({"apiVersion": "notification.toolkit.fluxcd.io/v1", "kind": "Receiver",
        "metadata": {"name": "hook"}, "spec": {"type": "generic",
            "secretRef": {"name": "webhook-token"},
            "resources": [{"kind": "GitRepository", "name": "target"}]}}),
    )
    .await;
    let (serve, _ep, rp) = start(&ns, &["notification-controller"]);
    let path = flux::notify::receivers::webhook_path(token, "hook", &ns);
    let api: Api<flux::api::notification::Receiver> = Api::namespaced(client.clone(), &ns);
    for _ in 0..150 {
        let r = api.get("hook").await.unwrap();
        if r.status.and_then(|s| s.webhook_path).as_deref() == Some(path.as_str()) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let pid = serve.child.0.id();
    let before = rss_mib(pid);
    let started = std::time::Instant::now();

    // 1. An idle connection (no request at all) is closed after the header timeout.
    let idle = tokio::net::TcpStream::connect(("127.0.0.1", rp))
        .await
        .unwrap();
    let idle = tokio::spawn(async move {
        let mut idle = idle;
        let code = answer(&mut idle).await;
        (code, std::time::Instant::now())
    });

    // 2. Four hundred clients that send half a body to a path no Receiver has: answered 404
    // at once, without the server reading (or buffering) their bodies.
    let mut unknown = Vec::new();
    for i in 0..400 {
        unknown.push(stalled_post(rp, &format!("/hook/{i:064}")).await);
    }
    for s in &mut unknown {
        assert_eq!(answer(s).await, Some(404));
    }
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "{:?}",
        started.elapsed()
    );

    // 3. Clients that stall in the middle of a body to the real path: as many as there are
    // body slots wait for the deadline (then 408); the others are turned away at once (503).
    let mut slow = Vec::new();
    for _ in 0..100 {
        slow.push(stalled_post(rp, &path).await);
    }
    let first_answers = futures::future::join_all(slow.into_iter().map(|mut s| async move {
        let got = tokio::time::timeout(Duration::from_secs(1), answer(&mut s)).await;
        (s, got)
    }))
    .await;
    let mut turned_away = 0;
    let mut waiting = Vec::new();
    for (s, got) in first_answers {
        match got {
            Ok(Some(503)) => turned_away += 1,
            Ok(other) => panic!("a stalled body got {other:?}"),
            Err(_) => waiting.push(s),
        }
    }
    assert!(turned_away >= 50, "{turned_away} turned away");

    // 4. Meanwhile a real webhook is served, quickly.
    let t = std::time::Instant::now();
    let code = post(rp, &path, &[], b"{}".to_vec()).await;
    // Every body slot may be held by a stalled client: then a 503, never a hang.
    assert!(code == 200 || code == 503, "{code}");
    assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());

    // 5. The stalled bodies are cut at the deadline.
    for mut s in waiting {
        let code = tokio::time::timeout(Duration::from_secs(45), answer(&mut s))
            .await
            .expect("a stalled body was never answered");
        assert_eq!(code, Some(408));
    }
    let (code, closed_at) = idle.await.unwrap();
    assert_eq!(code, None, "an idle connection got an answer");
    assert!(
        closed_at.duration_since(started) < Duration::from_secs(14),
        "idle connection kept {:?}",
        closed_at.duration_since(started)
    );
    // With slots free again, the webhook triggers.
    assert_eq!(post(rp, &path, &[], b"{}".to_vec()).await, 200);
    assert!(requested_at(&client, &ns, "target").await.is_some());
    let after = rss_mib(pid);
    eprintln!(
        "receiver under 400 + 100 stalled clients: {turned_away} turned away, RSS {before} -> {after} MiB"
    );
    assert!(
        after < before + 150,
        "resident memory grew from {before} MiB to {after} MiB"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failing_kustomization_alerts_through_the_notification_controller() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "nc-roundtrip").await;
    let rec = Recorder::start().await;
    apply(&client, &ns, json!({"apiVersion": "notification.toolkit.fluxcd.io/v1beta3", "kind": "Provider",
        "metadata": {"name": "hook"}, "spec": {"type": "generic", "address": format!("{}/alerts", rec.url())}})).await;
    apply(&client, &ns, json!({"apiVersion": "notification.toolkit.fluxcd.io/v1beta3", "kind": "Alert",
        "metadata": {"name": "errors"}, "spec": {"providerRef": {"name": "hook"}, "eventSeverity": "error",
            "eventSources": [{"kind": "Kustomization", "name": "*"}]}})).await;
    let (serve, ep, _) = start(&ns, &["kustomize-controller", "notification-controller"]);
    apply(
        &client,
        &ns,
        json!({"apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization",
        "metadata": {"name": "broken"}, "spec": {"interval": "10m", "prune": true, "path": "./",
            "sourceRef": {"kind": "GitRepository", "name": "does-not-exist"}}}),
    )
    .await;
    let reqs = rec
        .wait_for(60, "the kustomize-controller's error event", |r| {
            r.iter().any(|x| x.path == "/alerts")
        })
        .await;
    let e = reqs.iter().find(|x| x.path == "/alerts").unwrap().json();
    assert_eq!(e["involvedObject"]["kind"], "Kustomization");
    assert_eq!(e["involvedObject"]["name"], "broken");
    assert_eq!(e["severity"], "error");
    assert_eq!(e["reportingController"], "kustomize-controller");
    assert!(
        e["message"].as_str().unwrap().contains("does-not-exist"),
        "{e}"
    );
    // The kustomize-controller posted over loopback to the in-process event server. (It
    // records its reconcile metrics after the status patch, so give it a moment.)
    let mut text = String::new();
    for _ in 0..100 {
        let (code, body) = support::http_get(serve.metrics_port, "/metrics");
        assert_eq!(code, 200);
        text = String::from_utf8(body).unwrap();
        if text.contains(
            "gotk_reconcile_duration_seconds_count{kind=\"Kustomization\",name=\"broken\"",
        ) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        text.lines()
            .any(|l| l.starts_with("gotk_event_http_request_duration_seconds_count{code=\"202\"")),
        "{text}"
    );
    assert!(
        text.lines().any(|l| l.starts_with(
            "gotk_reconcile_duration_seconds_count{kind=\"Kustomization\",name=\"broken\""
        )),
        "{text}"
    );
    // The CLI shows the static objects as Flux does, and counts the failing Kustomization.
    let (ok, out, err) = support::flux(&["get", "alerts", "-n", &ns]);
    assert!(ok, "{err}");
    assert_eq!(
        out.lines()
            .nth(1)
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .as_deref(),
        Some("errors False True Alert is Ready"),
        "{out}"
    );
    let (ok, out, _) = support::flux(&["get", "alert-providers", "-n", &ns]);
    assert!(ok && out.contains("Provider is Ready"), "{out}");
    let (ok, out, err) = support::flux(&["stats", "-n", &ns]);
    assert!(ok, "{err}");
    let row = |k: &str| {
        out.lines()
            .find(|l| l.starts_with(k))
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
    };
    assert_eq!(
        row("Kustomization").as_deref(),
        Some("Kustomization 0 1 0 -"),
        "{out}"
    );
    assert_eq!(row("Alert ").as_deref(), Some("Alert 1 0 0 -"), "{out}");
    let (ok, _, err) = support::flux(&["suspend", "alert", "errors", "-n", &ns]);
    assert!(ok, "{err}");
    let (ok, out, _) = support::flux(&["stats", "-n", &ns]);
    assert!(ok);
    assert!(
        out.lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>().join(" ") == "Alert 0 0 1 -"),
        "{out}"
    );
    let (ok, _, err) = support::flux(&["resume", "alert", "errors", "-n", &ns]);
    assert!(ok, "{err}");
    let (ok, out, _) = support::flux(&["export", "alert", "errors", "-n", &ns]);
    assert!(
        ok && out.contains("kind: Alert") && !out.contains("status"),
        "{out}"
    );
    let _ = ep;
}

/// Debian's nats-server on a free loopback port with one user; killed when dropped.
fn nats_server(user: &str, pass: &str) -> (support::ChildGuard, u16) {
    let bin = ["nats-server", "/usr/sbin/nats-server"]
        .into_iter()
        .find(|b| {
            std::process::Command::new(b)
                .arg("--version")
                .output()
                .is_ok()
        })
        .expect("nats-server (Debian package nats-server; scripts/setup.sh installs it)");
    let port = support::free_port();
    let child = support::ChildGuard(
        std::process::Command::new(bin)
            .args(["-a", "127.0.0.1", "-p", &port.to_string()])
            .args(["--user", user, "--pass", pass])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("starting nats-server"),
    );
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return (child, port);
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("nats-server did not start on {port}");
}

/// A subscriber on `subject` (NATS's text protocol); the messages it receives arrive on the
/// channel.
fn nats_subscribe(
    port: u16,
    user: &str,
    pass: &str,
    subject: &str,
) -> std::sync::mpsc::Receiver<Vec<u8>> {
    use std::io::{BufRead, Read, Write};
    let stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    let mut w = stream.try_clone().unwrap();
    let mut r = std::io::BufReader::new(stream);
    let mut line = String::new();
    r.read_line(&mut line).unwrap();
    assert!(line.starts_with("INFO "), "{line}");
    write!(
        w,
        "CONNECT {}\r\nSUB {subject} 1\r\nPING\r\n",
        json!({"verbose": false, "user": user, "pass": pass})
    )
    .unwrap();
    line.clear();
    r.read_line(&mut line).unwrap();
    assert_eq!(line.trim_end(), "PONG", "subscriber not accepted");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || loop {
        let mut line = String::new();
        if r.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let l = line.trim_end();
        if l == "PING" {
            let _ = w.write_all(b"PONG\r\n");
        } else if let Some(rest) = l.strip_prefix("MSG ") {
            let len: usize = rest.rsplit(' ').next().unwrap().parse().unwrap();
            let mut buf = vec![0; len + 2];
            r.read_exact(&mut buf).unwrap();
            buf.truncate(len);
            if tx.send(buf).is_err() {
                return;
            }
        }
    });
    rx
}

#[tokio::test(flavor = "multi_thread")]
async fn nats_provider_publishes_the_event_to_a_real_nats_server_and_reports_refusals() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "nc-nats").await;
    let (_nats, port) = nats_server("flux", "n4ts-pass");
    let messages = nats_subscribe(port, "flux", "n4ts-pass", "flux.events");
    secret(
        &client,
        &ns,
        "nats-auth",
        &[("username", "flux"), ("password", "n4ts-pass")],
    )
    .await;
    secret(
        &client,
        &ns,
        "nats-wrong",
        &[("username", "flux"), ("password", "wrong-pass")],
    )
    .await;
    for (name, secret_name, source) in [
        ("nats", "nats-auth", "web"),
        ("nats-wrong", "nats-wrong", "api"),
    ] {
        apply(&client, &ns, json!({"apiVersion": "notification.toolkit.fluxcd.io/v1beta3", "kind": "Provider",
            "metadata": {"name": name}, "spec": {"type": "nats", "address": format!("nats://127.0.0.1:{port}"),
            "channel": "flux.events", "secretRef": {"name": secret_name}}})).await;
        apply(
            &client,
            &ns,
            json!({"apiVersion": "notification.toolkit.fluxcd.io/v1beta3", "kind": "Alert",
            "metadata": {"name": name}, "spec": {"providerRef": {"name": name},
            "eventSources": [{"kind": "Kustomization", "name": source}]}}),
        )
        .await;
    }
    let (serve, ep, _) = start(&ns, &["notification-controller"]);

    // The event arrives on the subject as the event JSON.
    let body = serde_json::to_vec(&event(
        &ns,
        "error",
        "HealthCheckFailed",
        "health check failed",
    ))
    .unwrap();
    assert_eq!(post(ep, "/", &[], body).await, 202);
    let got = tokio::task::spawn_blocking(move || messages.recv_timeout(Duration::from_secs(30)))
        .await
        .unwrap()
        .unwrap_or_else(|_| panic!("nothing published: {}", serve.log()));
    let msg: Value = serde_json::from_slice(&got).unwrap();
    assert_eq!(msg["involvedObject"]["name"], "web");
    assert_eq!(msg["reason"], "HealthCheckFailed");
    assert_eq!(msg["severity"], "error");
    assert_eq!(msg["message"], "health check failed");
    assert_eq!(msg["reportingController"], "kustomize-controller");

    // A wrong password: the server's refusal becomes a NotificationFailed event on the Alert,
    // without the password.
    let mut api_event = event(&ns, "error", "HealthCheckFailed", "api failed");
    api_event["involvedObject"]["name"] = json!("api");
    assert_eq!(
        post(ep, "/", &[], serde_json::to_vec(&api_event).unwrap()).await,
        202
    );
    let msg = notification_failed(&client, &ns, "nats-wrong", &serve).await;
    assert!(msg.contains("Authorization Violation"), "{msg}");
    assert!(!msg.contains("wrong-pass"), "{msg}");
    assert!(!serve.log().contains("wrong-pass"));
}

/// The fields of an `application/x-www-form-urlencoded` body.
fn form_fields(body: &[u8]) -> BTreeMap<String, String> {
    let decode = |s: &str| {
        let s = s.replace('+', " ");
        let b = s.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'%' && i + 2 < b.len() {
                out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
                i += 3;
            } else {
                out.push(b[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    };
    String::from_utf8_lossy(body)
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (decode(k), decode(v)))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn googlepubsub_provider_gets_a_token_with_the_service_account_and_publishes_through_the_proxy(
) {
    use base64::Engine;
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "nc-pubsub").await;
    // Stand-ins for Google's token endpoint and pubsub.googleapis.com (reached through a real
    // HTTP CONNECT proxy and a TLS front holding a certificate for that name).
    let rec = Recorder::start().await;
    rec.respond(
        "/token",
        200,
        br#"{"access_token":"ya29.standin","expires_in":3599,"token_type":"Bearer"}"#,
    );
    rec.respond("/v1/projects/", 200, br#"{"messageIds":["1"]}"#);
    let tls = support::tls_proxy::TlsProxy::start_for(rec.port, &["pubsub.googleapis.com"]);
    let proxy = support::http_proxy::HttpProxy::start_mapped(
        None,
        vec![("pubsub.googleapis.com:443".into(), tls.port)],
    );
    let pem = openssl_rsa_pem();
    let sa = json!({"type": "service_account", "project_id": "my-project", "private_key_id": "k1",
        "private_key": pem, "client_email": "flux@my-project.iam.gserviceaccount.com",
        "token_uri": format!("{}/token", rec.url())});
    secret(
        &client,
        &ns,
        "pubsub-sa",
        &[("token", &sa.to_string()), ("headers", "team: platform\n")],
    )
    .await;
    secret(&client, &ns, "pubsub-ca", &[("ca.crt", &tls.ca_pem)]).await;
    secret(
        &client,
        &ns,
        "pubsub-proxy",
        &[("address", &format!("http://127.0.0.1:{}", proxy.port))],
    )
    .await;
    apply(
        &client,
        &ns,
        json!({"apiVersion": "notification.toolkit.fluxcd.io/v1beta3", "kind": "Provider",
        "metadata": {"name": "pubsub"}, "spec": {"type": "googlepubsub", "address": "my-project",
        "channel": "flux-events", "secretRef": {"name": "pubsub-sa"},
        "certSecretRef": {"name": "pubsub-ca"}, "proxySecretRef": {"name": "pubsub-proxy"}}}),
    )
    .await;
    apply(
        &client,
        &ns,
        json!({"apiVersion": "notification.toolkit.fluxcd.io/v1beta3", "kind": "Alert",
        "metadata": {"name": "pubsub"}, "spec": {"providerRef": {"name": "pubsub"},
        "eventSources": [{"kind": "Kustomization", "name": "web"}]}}),
    )
    .await;
    let (serve, ep, _) = start(&ns, &["notification-controller"]);
    let event_json = event(&ns, "error", "HealthCheckFailed", "health check failed");
    assert_eq!(
        post(ep, "/", &[], serde_json::to_vec(&event_json).unwrap()).await,
        202
    );
    let mut published = None;
    for _ in 0..150 {
        published = rec
            .requests()
            .into_iter()
            .find(|r| r.path.starts_with("/v1/projects/"));
        if published.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let published = published
        .unwrap_or_else(|| panic!("nothing published: {:?}\n{}", rec.requests(), serve.log()));
    // The token request: Google's JWT bearer grant, signed for the Pub/Sub scope.
    let token_req = rec
        .requests()
        .into_iter()
        .find(|r| r.path == "/token")
        .expect("a token request");
    let form = form_fields(&token_req.body);
    assert_eq!(
        form["grant_type"],
        "urn:ietf:params:oauth:grant-type:jwt-bearer"
    );
    let claims = form["assertion"].split('.').nth(1).unwrap();
    let claims: Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(claims)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(claims["iss"], "flux@my-project.iam.gserviceaccount.com");
    assert_eq!(claims["scope"], "https://www.googleapis.com/auth/pubsub");
    // The publish call: Google's REST path, the token, the event as base64 data, the Secret's
    // headers as attributes; it went through the proxy.
    assert_eq!(published.method, "POST");
    assert_eq!(
        published.path,
        "/v1/projects/my-project/topics/flux-events:publish"
    );
    assert_eq!(
        published.header("authorization"),
        Some("Bearer ya29.standin")
    );
    let body = published.json();
    let data = base64::engine::general_purpose::STANDARD
        .decode(body["messages"][0]["data"].as_str().unwrap())
        .unwrap();
    let sent: Value = serde_json::from_slice(&data).unwrap();
    assert_eq!(sent["involvedObject"]["name"], "web");
    assert_eq!(sent["message"], "health check failed");
    assert_eq!(body["messages"][0]["attributes"]["team"], "platform");
    assert!(proxy.forwarded.load(std::sync::atomic::Ordering::SeqCst) >= 1);
    assert!(!serve.log().contains("PRIVATE KEY"));
}

#[tokio::test(flavor = "multi_thread")]
async fn pull_request_comment_provider_creates_then_edits_one_comment_per_object() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "nc-prc").await;
    let rec = Recorder::start().await;
    rec.respond("/api/v3/user", 200, br#"{"login":"flux-bot","id":1}"#);
    rec.respond("/api/v3/repos/org/app/issues/7/comments", 200, b"[]");
    secret(&client, &ns, "gh-token", &[("token", "ghp_standin")]).await;
    apply(
        &client,
        &ns,
        json!({"apiVersion": "notification.toolkit.fluxcd.io/v1beta3", "kind": "Provider",
        "metadata": {"name": "pr"}, "spec": {"type": "githubpullrequestcomment",
        "address": format!("{}/org/app", rec.url()), "secretRef": {"name": "gh-token"}}}),
    )
    .await;
    apply(
        &client,
        &ns,
        json!({"apiVersion": "notification.toolkit.fluxcd.io/v1beta3", "kind": "Alert",
        "metadata": {"name": "pr"}, "spec": {"providerRef": {"name": "pr"},
        "eventSources": [{"kind": "Kustomization", "name": "*"}]}}),
    )
    .await;
    let providers: Api<DynamicObject> = Api::namespaced_with(
        client.clone(),
        &ns,
        &flux::cluster::api_resource(
            "notification.toolkit.fluxcd.io/v1beta3",
            "Provider",
            "providers",
        ),
    );
    let uid = providers.get("pr").await.unwrap().metadata.uid.unwrap();
    let (serve, ep, _) = start(&ns, &["notification-controller"]);
    let with_pr = |message: &str| {
        let mut e = event(&ns, "error", "HealthCheckFailed", message);
        e["metadata"]["event.toolkit.fluxcd.io/change_request"] = json!("7");
        serde_json::to_vec(&e).unwrap()
    };
    let wait_for = |method: &'static str, path: &'static str| {
        let rec = &rec;
        let serve = &serve;
        async move {
            for _ in 0..150 {
                if let Some(r) = rec
                    .requests()
                    .into_iter()
                    .find(|r| r.method == method && r.path == path)
                {
                    return r;
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            panic!(
                "no {method} {path}: {:?}\n{}",
                rec.requests()
                    .iter()
                    .map(|r| format!("{} {}", r.method, r.path))
                    .collect::<Vec<_>>(),
                serve.log()
            );
        }
    };

    // An event without a change request makes no call.
    let plain = serde_json::to_vec(&event(&ns, "error", "HealthCheckFailed", "no pr")).unwrap();
    assert_eq!(post(ep, "/", &[], plain).await, 202);
    // The first event for the object creates a comment carrying its key marker.
    assert_eq!(post(ep, "/", &[], with_pr("first failure")).await, 202);
    let created = wait_for("POST", "/api/v3/repos/org/app/issues/7/comments").await;
    assert_eq!(created.header("authorization"), Some("Bearer ghp_standin"));
    let marker = format!("<!-- flux-pr-comment-key:{uid}/Kustomization/{ns}/web -->");
    let text = created.json()["body"].as_str().unwrap().to_string();
    assert!(text.starts_with(&marker), "{text}");
    assert!(text.contains("## Flux Status"), "{text}");
    assert!(text.contains("first failure"), "{text}");
    let calls: Vec<String> = rec
        .requests()
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert_eq!(
        calls,
        [
            "GET /api/v3/user".to_string(),
            "GET /api/v3/repos/org/app/issues/7/comments?sort=created&direction=asc&per_page=100"
                .to_string(),
            "POST /api/v3/repos/org/app/issues/7/comments".to_string(),
        ],
        "the event without a change request made calls"
    );
    // The next event edits that comment (found by author and marker) instead of adding one.
    let listing = json!([
        {"id": 41, "user": {"login": "someone-else"}, "body": marker},
        {"id": 42, "user": {"login": "flux-bot"}, "body": text},
    ]);
    rec.respond(
        "/api/v3/repos/org/app/issues/7/comments",
        200,
        listing.to_string().as_bytes(),
    );
    assert_eq!(post(ep, "/", &[], with_pr("second failure")).await, 202);
    let edited = wait_for("PATCH", "/api/v3/repos/org/app/issues/comments/42").await;
    assert!(edited.json()["body"]
        .as_str()
        .unwrap()
        .contains("second failure"));
    let posts = rec.requests().iter().filter(|r| r.method == "POST").count();
    assert_eq!(posts, 1, "a second comment was created");
}

/// A stand-in OIDC issuer (as GitHub Actions' token service): discovery document and JWKS on
/// loopback, tokens signed with an RSA key made by the openssl CLI.
struct OidcIssuer {
    url: String,
    key: jsonwebtoken::EncodingKey,
}

/// A PKCS#8 RSA key (PEM) made by the openssl CLI.
fn openssl_rsa_pem() -> String {
    let out = std::process::Command::new("openssl")
        .args([
            "genpkey",
            "-algorithm",
            "RSA",
            "-pkeyopt",
            "rsa_keygen_bits:2048",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// A signing key made by the openssl CLI, and its modulus (for the JWKS).
fn openssl_rsa() -> (jsonwebtoken::EncodingKey, Vec<u8>) {
    use std::io::Write;
    let pem = openssl_rsa_pem();
    let mut child = std::process::Command::new("openssl")
        .args(["rsa", "-noout", "-modulus"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(pem.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let hex = String::from_utf8(out.stdout).unwrap();
    let modulus = hex::decode(hex.trim().trim_start_matches("Modulus=")).unwrap();
    (
        jsonwebtoken::EncodingKey::from_rsa_pem(pem.as_bytes()).unwrap(),
        modulus,
    )
}

fn b64url(b: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)
}

impl OidcIssuer {
    async fn start() -> OidcIssuer {
        let (key, modulus) = openssl_rsa();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
        let discovery = json!({"issuer": url, "jwks_uri": format!("{url}/jwks"),
            "id_token_signing_alg_values_supported": ["RS256"]});
        let jwks = json!({"keys": [{"kty": "RSA", "kid": "k1", "alg": "RS256", "use": "sig",
            "n": b64url(&modulus), "e": b64url(&[1, 0, 1])}]});
        let app = axum::Router::new()
            .route(
                "/.well-known/openid-configuration",
                axum::routing::get(move || {
                    let d = discovery.clone();
                    async move {
                        (
                            [(axum::http::header::CONTENT_TYPE, "application/json")],
                            d.to_string(),
                        )
                    }
                }),
            )
            .route(
                "/jwks",
                axum::routing::get(move || {
                    let j = jwks.clone();
                    async move {
                        (
                            [(axum::http::header::CONTENT_TYPE, "application/json")],
                            j.to_string(),
                        )
                    }
                }),
            );
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        OidcIssuer { url, key }
    }

    /// A token for `claims` signed with `key` (the issuer's own unless another is given).
    fn token(&self, claims: &Value, key: Option<&jsonwebtoken::EncodingKey>) -> String {
        let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256);
        header.kid = Some("k1".into());
        jsonwebtoken::encode(&header, claims, key.unwrap_or(&self.key)).unwrap()
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn generic_oidc_receiver_triggers_only_for_verified_tokens_that_pass_its_validations() {
    let client = support::client().await;
    support::ensure_crds(&client).await;
    let ns = support::namespace(&client, "nc-oidc").await;
    let issuer = OidcIssuer::start().await;
    for name in ["app", "other"] {
        apply(&client, &ns, json!({"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "GitRepository",
            "metadata": {"name": name}, "spec": {"interval": "1h", "url": "https://example.com/repo", "suspend": true}})).await;
    }
    // No Secret for generic-oidc (Flux 2.9 refuses one); `other` only for its own repository.
    apply(&client, &ns, json!({"apiVersion": "notification.toolkit.fluxcd.io/v1", "kind": "Receiver",
        "metadata": {"name": "ci"}, "spec": {"type": "generic-oidc",
        "resources": [{"kind": "GitRepository", "name": "app"},
            {"kind": "GitRepository", "name": "other", "filter": "claims.repository == 'org/other'"}],
        "oidcProviders": [{"issuerURL": issuer.url, "audience": "flux-hook",
            "variables": [{"name": "repo", "expression": "claims.repository"}],
            "validations": [{"expression": "vars.repo == 'org/app'", "message": "only org/app may deploy"},
                {"expression": "claims.ref == 'refs/heads/main'", "message": "only main may deploy"}]}]}})).await;
    let (serve, _ep, rp) = start(&ns, &["notification-controller"]);
    // A Receiver whose resource filter does not compile stalls, as in Flux.
    apply(&client, &ns, json!({"apiVersion": "notification.toolkit.fluxcd.io/v1", "kind": "Receiver",
        "metadata": {"name": "broken"}, "spec": {"type": "generic", "secretRef": {"name": "none"},
        "resources": [{"kind": "GitRepository", "name": "app", "filter": "res.metadata.name =="}]}})).await;
    let path = flux::notify::receivers::webhook_path("", "ci", &ns);
    let api: Api<flux::api::notification::Receiver> = Api::namespaced(client.clone(), &ns);
    for _ in 0..150 {
        let r = api.get("ci").await.unwrap();
        if r.status.and_then(|s| s.webhook_path) == Some(path.clone()) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let now = chrono::Utc::now().timestamp();
    let claims = |repo: &str, aud: &str| {
        json!({"iss": issuer.url, "aud": aud, "sub": format!("repo:{repo}:ref:refs/heads/main"),
            "repository": repo, "ref": "refs/heads/main", "iat": now, "exp": now + 300})
    };
    let body = b"{}".to_vec();
    let bearer = |t: &str| format!("Bearer {t}");

    // Refused, nothing triggered: no token, a token failing the validations, the wrong audience,
    // a token signed by another key.
    assert_eq!(post(rp, &path, &[], body.clone()).await, 401);
    let evil = issuer.token(&claims("org/evil", "flux-hook"), None);
    assert_eq!(
        post(
            rp,
            &path,
            &[("Authorization", &bearer(&evil))],
            body.clone()
        )
        .await,
        401
    );
    let wrong_aud = issuer.token(&claims("org/app", "someone-else"), None);
    assert_eq!(
        post(
            rp,
            &path,
            &[("Authorization", &bearer(&wrong_aud))],
            body.clone()
        )
        .await,
        401
    );
    let (stranger, _) = openssl_rsa();
    let forged = issuer.token(&claims("org/app", "flux-hook"), Some(&stranger));
    assert_eq!(
        post(
            rp,
            &path,
            &[("Authorization", &bearer(&forged))],
            body.clone()
        )
        .await,
        401
    );
    assert_eq!(requested_at(&client, &ns, "app").await, None);
    let log = serve.log();
    assert!(log.contains("only org/app may deploy"), "{log}");
    assert!(!log.contains("only main may deploy"), "{log}");

    // A verified token that passes every validation triggers the reconcile.
    let good = issuer.token(&claims("org/app", "flux-hook"), None);
    assert_eq!(
        post(
            rp,
            &path,
            &[("Authorization", &bearer(&good))],
            body.clone()
        )
        .await,
        200,
        "{}",
        serve.log()
    );
    assert!(requested_at(&client, &ns, "app").await.is_some());
    assert_eq!(requested_at(&client, &ns, "other").await, None);

    // `flux trigger receiver --type generic-oidc`: the token from --oidc-token, or fetched
    // from a stand-in of the GitHub Actions token endpoint for --oidc-audience (the default
    // audience, `notification-controller`, is refused by this Receiver: 401 is not retried).
    let actions = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let actions_url = format!(
        "http://127.0.0.1:{}/token?api-version=2.0",
        actions.local_addr().unwrap().port()
    );
    let tokens: std::collections::HashMap<String, String> =
        ["flux-hook", "notification-controller"]
            .iter()
            .map(|aud| (aud.to_string(), issuer.token(&claims("org/app", aud), None)))
            .collect();
    let app = axum::Router::new().route(
        "/token",
        axum::routing::get(
            move |headers: axum::http::HeaderMap, uri: axum::http::Uri| {
                let tokens = tokens.clone();
                async move {
                    let q: std::collections::HashMap<String, String> =
                        reqwest::Url::parse(&format!("http://stand-in{uri}"))
                            .unwrap()
                            .query_pairs()
                            .map(|(k, v)| (k.into_owned(), v.into_owned()))
                            .collect();
                    let authorized = headers
                        .get("authorization")
                        .is_some_and(|v| v == "bearer runner-token");
                    match (authorized, q.get("audience").and_then(|a| tokens.get(a))) {
                        (true, Some(t)) if q.contains_key("api-version") => {
                            (axum::http::StatusCode::OK, json!({"value": t}).to_string())
                        }
                        _ => (axum::http::StatusCode::FORBIDDEN, "no".to_string()),
                    }
                }
            },
        ),
    );
    tokio::spawn(async move {
        let _ = axum::serve(actions, app).await;
    });
    let trigger = |extra: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_flux"))
            .args([
                "trigger",
                "receiver",
                "ci",
                "-n",
                &ns,
                "--type",
                "generic-oidc",
            ])
            .arg(format!("--url=http://127.0.0.1:{rp}"))
            .args(["--retries", "0"])
            .args(extra)
            .env("ACTIONS_ID_TOKEN_REQUEST_URL", &actions_url)
            .env("ACTIONS_ID_TOKEN_REQUEST_TOKEN", "runner-token")
            .env_remove("FLUX_TRIGGER_RECEIVER_OIDC_TOKEN")
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (ok, err) = trigger(&["--oidc-provider", "github", "--oidc-audience", "flux-hook"]);
    assert!(ok, "{err}");
    assert!(
        err.contains(&format!("✔ Receiver {ns}/ci triggered")),
        "{err}"
    );
    let (ok, err) = trigger(&["--oidc-token", &good]);
    assert!(ok, "{err}");
    let (ok, err) = trigger(&["--oidc-provider", "forgejo"]);
    assert!(!ok);
    assert!(err.contains("failed with status 401 Unauthorized"), "{err}");
    assert!(!err.contains("retrying"), "{err}");
    let (ok, err) = trigger(&[]);
    assert!(!ok);
    assert!(
        err.contains("no OIDC token provided: set --oidc-provider, --oidc-token or the FLUX_TRIGGER_RECEIVER_OIDC_TOKEN environment variable"),
        "{err}"
    );

    let broken = api.get("broken").await.unwrap();
    let ready = broken
        .status
        .as_ref()
        .and_then(|s| s.conditions.iter().find(|c| c.type_ == "Ready"))
        .cloned()
        .expect("Ready condition on the broken Receiver");
    assert_eq!(ready.reason, "InvalidCELExpression");
    assert!(
        ready.message.starts_with("Reconciliation failed terminally due to configuration error: invalid filter expression for resources[0] (kind=\"GitRepository\", name=\"app\")"),
        "{}",
        ready.message
    );
}
