//! FluxCloud (the v1 event forwarder) settings → notification-controller Providers and Alerts.
//! Webhook URLs and tokens are secrets: the Providers reference Secrets the user creates from
//! the manual steps; their values are never written.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::fluxd::EnvValue;
use super::report::Report;

/// Where FluxCloud read a setting from, said for the manual step.
fn source_of(env: &BTreeMap<String, EnvValue>, key: &str, ns: &str) -> Option<String> {
    Some(match env.get(key)? {
        EnvValue::Plain(_) => format!("the value of {key} in the FluxCloud Deployment ({ns})"),
        EnvValue::Secret { name, key: k } => format!("Secret {ns}/{name} key {k}"),
        EnvValue::ConfigMap { name, key: k } => format!("ConfigMap {ns}/{name} key {k}"),
    })
}

fn plain<'a>(env: &'a BTreeMap<String, EnvValue>, key: &str) -> Option<&'a str> {
    match env.get(key) {
        Some(EnvValue::Plain(v)) if !v.is_empty() => Some(v),
        _ => None,
    }
}

fn provider(name: &str, ns: &str, spec: Value) -> Value {
    json!({"apiVersion": "notification.toolkit.fluxcd.io/v1beta3", "kind": "Provider",
        "metadata": {"name": name, "namespace": ns}, "spec": spec})
}

fn alert(name: &str, ns: &str, provider: &str, source_ns: Option<&str>) -> Value {
    let sources: Vec<Value> = ["GitRepository", "Kustomization", "HelmRelease"]
        .iter()
        .map(|k| {
            let mut s = json!({"kind": k, "name": "*"});
            if let Some(n) = source_ns {
                s["namespace"] = json!(n);
            }
            s
        })
        .collect();
    json!({"apiVersion": "notification.toolkit.fluxcd.io/v1beta3", "kind": "Alert",
        "metadata": {"name": name, "namespace": ns},
        "spec": {"providerRef": {"name": provider}, "eventSeverity": "info", "eventSources": sources}})
}

/// Providers and Alerts for FluxCloud's environment (`fluxcloud_ns` is where it ran, for the
/// manual steps); `ns` is the Flux v2 namespace.
pub fn convert(
    env: &BTreeMap<String, EnvValue>,
    fluxcloud_ns: &str,
    ns: &str,
    report: &mut Report,
) -> Vec<Value> {
    let mut out = vec![];
    let exporters = plain(env, "EXPORTER_TYPE").unwrap_or("slack");
    let secret_step = |report: &mut Report, secret: &str, pairs: &[(&str, &str)]| {
        let froms: Vec<String> = pairs
            .iter()
            .filter_map(|(k, var)| source_of(env, var, fluxcloud_ns).map(|s| format!("{k} = {s}")))
            .collect();
        let literals: Vec<String> = pairs
            .iter()
            .filter(|(_, var)| env.contains_key(*var))
            .map(|(k, _)| format!("--from-literal={k}=<{k}>"))
            .collect();
        report.manual(format!(
            "create Secret {ns}/{secret}: kubectl -n {ns} create secret generic {secret} {} (values: {})",
            literals.join(" "),
            froms.join("; ")
        ));
    };
    for exporter in exporters.split(',').map(str::trim) {
        match exporter {
            "slack" => {
                let username = plain(env, "SLACK_USERNAME").unwrap_or("Flux Deployer");
                let token = env.contains_key("SLACK_TOKEN");
                let channels = plain(env, "SLACK_CHANNEL").unwrap_or("");
                let routes: Vec<(String, Option<String>)> = channels
                    .split(',')
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(|c| match c.split_once('=') {
                        Some((chan, nsel)) if nsel != "*" => {
                            (chan.to_string(), Some(nsel.to_string()))
                        }
                        Some((chan, _)) => (chan.to_string(), None),
                        None => (c.to_string(), None),
                    })
                    .collect();
                let routes = if routes.is_empty() {
                    vec![(String::new(), None)]
                } else {
                    routes
                };
                if routes.iter().any(|(_, n)| n.is_some()) {
                    report.lossy(
                        "SLACK_CHANNEL namespace routing",
                        "Alerts select Flux objects by their namespace; FluxCloud routed by the namespace of the changed workloads",
                    );
                }
                for (i, (chan, route_ns)) in routes.iter().enumerate() {
                    let name = match route_ns {
                        Some(n) => format!("slack-{n}"),
                        None if routes.iter().filter(|(_, n)| n.is_none()).count() > 1 => {
                            format!("slack-{i}")
                        }
                        None => String::from("slack"),
                    };
                    let mut spec = json!({"type": "slack", "username": username, "secretRef": {"name": "slack-url"}});
                    if !chan.is_empty() {
                        spec["channel"] = json!(chan);
                    }
                    if token {
                        spec["address"] = json!("https://slack.com/api/chat.postMessage");
                    }
                    out.push(provider(&name, ns, spec));
                    out.push(alert(&name, ns, &name, route_ns.as_deref()));
                }
                let pairs: Vec<(&str, &str)> = if token {
                    vec![("token", "SLACK_TOKEN")]
                } else {
                    vec![("address", "SLACK_URL")]
                };
                secret_step(report, "slack-url", &pairs);
                if env.contains_key("SLACK_ICON_EMOJI") {
                    report.lossy("SLACK_ICON_EMOJI", "Providers have no icon setting");
                }
            }
            "msteams" => {
                out.push(provider(
                    "msteams",
                    ns,
                    json!({"type": "msteams", "secretRef": {"name": "msteams-url"}}),
                ));
                out.push(alert("msteams", ns, "msteams", None));
                secret_step(report, "msteams-url", &[("address", "MSTEAMS_URL")]);
            }
            "webhook" => {
                out.push(provider(
                    "webhook",
                    ns,
                    json!({"type": "generic", "secretRef": {"name": "webhook-url"}}),
                ));
                out.push(alert("webhook", ns, "webhook", None));
                secret_step(report, "webhook-url", &[("address", "WEBHOOK_URL")]);
                report.lossy(
                    "WEBHOOK_URL",
                    "the generic provider posts Flux v2's event JSON, not FluxCloud's message format: update the receiving end",
                );
            }
            "matrix" => {
                let mut spec = json!({"type": "matrix", "secretRef": {"name": "matrix-token"}});
                if let Some(u) = plain(env, "MATRIX_URL") {
                    spec["address"] = json!(u);
                }
                if let Some(r) = plain(env, "MATRIX_ROOM_ID") {
                    spec["channel"] = json!(r);
                }
                out.push(provider("matrix", ns, spec));
                out.push(alert("matrix", ns, "matrix", None));
                secret_step(report, "matrix-token", &[("token", "MATRIX_TOKEN")]);
            }
            other => report.lossy(
                &format!("EXPORTER_TYPE={other}"),
                "unknown FluxCloud exporter; nothing generated",
            ),
        }
    }
    for key in [
        "GITHUB_URL",
        "COMMIT_TEMPLATE",
        "TITLE_TEMPLATE",
        "BODY_TEMPLATE",
    ] {
        if env.contains_key(key) {
            report.lossy(key, "notification-controller formats messages itself; use Alert eventMetadata for extra context (the github provider posts commit statuses instead of links)");
        }
    }
    out
}
