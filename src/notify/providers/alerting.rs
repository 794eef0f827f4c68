//! Alerting and observability providers: Alertmanager, Opsgenie, PagerDuty, Grafana
//! annotations, Datadog events, Sentry and incident.io.

use super::*;

/// `alertmanager`: one firing alert, `alertname` = `Flux<Kind><Reason>`, the metadata as
/// labels (summary moved to the annotations), `startsAt` = the event time; bearer token or
/// basic auth when given.
pub fn alertmanager(t: &Target, event: &Event, md: &BTreeMap<String, String>) -> Request {
    let o = &event.involved_object;
    let mut labels = md.clone();
    let mut annotations = BTreeMap::from([(String::from("message"), event.message.clone())]);
    if let Some(s) = labels.remove("summary") {
        annotations.insert(String::from("summary"), s);
    }
    let reason = {
        let mut c = event.reason.chars();
        match c.next() {
            Some(f) => f.to_uppercase().collect::<String>() + &c.as_str().to_lowercase(),
            None => String::new(),
        }
    };
    labels.insert("alertname".into(), format!("Flux{}{reason}", o.kind));
    labels.insert("severity".into(), event.severity.clone());
    labels.insert("reason".into(), event.reason.clone());
    labels.insert("kind".into(), o.kind.clone());
    labels.insert("name".into(), o.name.clone());
    labels.insert("namespace".into(), o.namespace.clone());
    labels.insert(
        "reportingcontroller".into(),
        event.reporting_controller.clone(),
    );
    let r = Request::json(
        &t.address,
        &json!([{"status": "firing", "labels": labels, "annotations": annotations,
            "startsAt": rfc3339_seconds(&event.timestamp), "endsAt": "0001-01-01T00:00:00Z"}]),
    );
    with_token_or_basic(r, t)
}

pub(super) fn with_token_or_basic(r: Request, t: &Target) -> Request {
    if let Some(token) = t.token.as_deref().filter(|x| !x.is_empty()) {
        return r.bearer(token);
    }
    match (t.username.as_deref(), t.password.as_deref()) {
        (Some(u), Some(p)) if !u.is_empty() && !p.is_empty() => r.basic(u, p),
        _ => r,
    }
}

/// The event time as RFC 3339 with whole seconds (what Go's `time.RFC3339` prints).
pub(super) fn rfc3339_seconds(ts: &str) -> String {
    match ts.parse::<k8s_openapi::jiff::Timestamp>() {
        Ok(t) => t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
        Err(_) => ts.to_string(),
    }
}

pub(super) fn unix_seconds(ts: &str) -> i64 {
    ts.parse::<k8s_openapi::jiff::Timestamp>()
        .map(|t| t.as_second())
        .unwrap_or(0)
}

/// `opsgenie`: an alert `Kind/name` with the message as description and the metadata plus
/// severity as details; `Authorization: GenieKey <token>`.
pub fn opsgenie(t: &Target, event: &Event, md: &BTreeMap<String, String>) -> Result<Request> {
    let token = t.token("opsgenie")?;
    let o = &event.involved_object;
    let mut details = md.clone();
    details.insert("severity".into(), event.severity.clone());
    Ok(Request::json(
        &t.address,
        &json!({"message": format!("{}/{}", o.kind, o.name), "description": event.message,
            "details": details}),
    )
    .header("Authorization", format!("GenieKey {token}")))
}

/// `kind/name` in lower case and the reason split into lower-case words, as Flux's commit
/// statuses and incident summaries show them.
pub fn name_and_description(e: &Event) -> (String, String) {
    let o = &e.involved_object;
    let name = format!("{}/{}", o.kind, o.name).to_lowercase();
    let mut words: Vec<String> = vec![];
    let mut cur = String::new();
    let chars: Vec<char> = e.reason.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
        let prev_lower = i > 0 && chars[i - 1].is_lowercase();
        if c.is_uppercase() && !cur.is_empty() && (prev_lower || next_lower) {
            words.push(std::mem::take(&mut cur));
        }
        cur.push(*c);
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    (name, words.join(" ").to_lowercase())
}

/// `pagerduty`: an Events API v2 `trigger` for errors (dedup key = object uid), a `resolve`
/// otherwise, plus a change event for info events; Progressing events are skipped. The
/// routing key is the Provider's `channel`.
pub fn pagerduty(t: &Target, event: &Event, md: &BTreeMap<String, String>) -> Result<Vec<Request>> {
    if event.reason == "Progressing" {
        return Ok(vec![]);
    }
    let key = t.channel.as_deref().unwrap_or_default();
    let base = origin(&t.address).ok_or_else(|| Error::Config {
        provider: "pagerduty",
        message: format!("invalid endpoint URL {:?}", t.address),
    })?;
    let (name, desc) = name_and_description(event);
    let uid = event.involved_object.uid.clone().unwrap_or_default();
    let details = json!({"message": event.message, "metadata": md});
    let ts = rfc3339_seconds(&event.timestamp);
    let v2 = if is_error(event) {
        json!({"routing_key": key, "event_action": "trigger", "dedup_key": uid, "payload": {
            "summary": format!("{desc}: {name}"), "source": format!("Flux {}", event.reporting_controller),
            "severity": "error", "timestamp": ts, "component": event.involved_object.name,
            "group": event.involved_object.kind, "custom_details": details}})
    } else {
        json!({"routing_key": key, "event_action": "resolve", "dedup_key": uid})
    };
    let mut out = vec![Request::json(format!("{base}/v2/enqueue"), &v2)];
    if !is_error(event) {
        out.push(Request::json(
            format!("{base}/v2/change/enqueue"),
            &json!({"routing_key": key, "payload": {"summary": format!("{desc}: {name}"),
                "source": format!("Flux {}", event.reporting_controller), "timestamp": ts,
                "custom_details": details}}),
        ));
    }
    Ok(out)
}

/// `grafana`: an annotation (`when` = event time, text = the object, tags `flux`, the
/// controller, `key: value` per metadata entry with `:` made `|`, kind/name/namespace).
pub fn grafana(t: &Target, event: &Event, md: &BTreeMap<String, String>) -> Request {
    let o = &event.involved_object;
    let mut tags = vec![String::from("flux"), event.reporting_controller.clone()];
    for (k, v) in md {
        tags.push(format!("{}: {}", k.replace(':', "|"), v.replace(':', "|")));
    }
    tags.push(format!("kind: {}", o.kind));
    tags.push(format!("name: {}", o.name));
    tags.push(format!("namespace: {}", o.namespace));
    let r = Request::json(
        &t.address,
        &json!({"when": unix_seconds(&event.timestamp), "text": object_title(event), "tags": tags}),
    );
    with_token_or_basic(r, t)
}

/// `datadog`: `POST <address>/api/v1/events` with `DD-API-KEY`, titled like Datadog's
/// Kubernetes events, tags in lower case.
pub fn datadog(t: &Target, event: &Event, md: &BTreeMap<String, String>) -> Result<Request> {
    let token = t.token("datadog")?;
    let base = origin(&t.address).ok_or_else(|| Error::Config {
        provider: "datadog",
        message: format!("invalid address {:?}", t.address),
    })?;
    let o = &event.involved_object;
    let mut tags = vec![
        format!("flux_reporting_controller:{}", event.reporting_controller),
        format!("flux_reason:{}", event.reason),
        format!("kube_kind:{}", o.kind),
        format!("kube_name:{}", o.name),
        format!("kube_namespace:{}", o.namespace),
    ];
    tags.extend(md.iter().map(|(k, v)| format!("{k}:{v}")));
    let tags: Vec<String> = tags.into_iter().map(|t| t.to_lowercase()).collect();
    Ok(Request::json(
        format!("{base}/api/v1/events"),
        &json!({"title": format!("Events from the {} {}/{}", o.kind, o.name, o.namespace),
            "text": event.message, "tags": tags, "source_type_name": "fluxcd",
            "date_happened": unix_seconds(&event.timestamp),
            "alert_type": if is_error(event) { "error" } else { "info" }}),
    )
    .header("DD-API-KEY", token))
}

/// `sentry`: an event in an envelope to the DSN's project (`<scheme>://<host>/api/<project>/
/// envelope/`, `X-Sentry-Auth` with the DSN's public key); errors as `error`-level events,
/// info as transactions. The DSN is the Provider's address; `channel` is the environment.
pub fn sentry(t: &Target, event: &Event, md: &BTreeMap<String, String>) -> Result<Request> {
    let bad = || Error::Config {
        provider: "sentry",
        message: String::from("the address must be a DSN: <scheme>://<key>@<host>/<project>"),
    };
    let (scheme, rest) = t.address.split_once("://").ok_or_else(bad)?;
    let (key, host_path) = rest.split_once('@').ok_or_else(bad)?;
    let key = key.split(':').next().unwrap_or_default();
    let (host, project) = host_path.rsplit_once('/').ok_or_else(bad)?;
    if key.is_empty() || project.is_empty() {
        return Err(bad());
    }
    use sha2::Digest;
    let id = crate::artifact::archive::hex(&sha2::Sha256::digest(
        serde_json::to_vec(event).unwrap_or_default(),
    ))[..32]
        .to_string();
    let o = &event.involved_object;
    let summary = format!("{}: {}/{}", o.kind, o.namespace, o.name);
    let ts = rfc3339_seconds(&event.timestamp);
    let env = t.channel.clone().unwrap_or_default();
    let (item_type, payload) = if is_error(event) {
        (
            "event",
            json!({"event_id": id, "timestamp": ts, "level": "error", "server_name": event.reporting_controller,
                "transaction": summary, "extra": md, "message": event.message, "environment": env,
                "platform": "other"}),
        )
    } else {
        let mut tags: BTreeMap<String, String> = md.clone();
        tags.insert("flux_involved_object_kind".into(), o.kind.clone());
        tags.insert("flux_involved_object_namespace".into(), o.namespace.clone());
        tags.insert("flux_involved_object_name".into(), o.name.clone());
        tags.insert(
            "flux_reporting_controller".into(),
            event.reporting_controller.clone(),
        );
        tags.insert(
            "flux_reporting_instance".into(),
            event.reporting_instance.clone(),
        );
        tags.insert("flux_reason".into(), event.reason.clone());
        (
            "transaction",
            json!({"event_id": id, "type": "transaction", "transaction": summary, "message": event.message,
                "start_timestamp": ts, "timestamp": ts, "tags": tags, "environment": env,
                "contexts": {"trace": {"trace_id": id, "span_id": &id[..16], "op": "event"}},
                "platform": "other"}),
        )
    };
    let payload = serde_json::to_string(&payload).unwrap_or_default();
    let body = format!(
        "{}\n{}\n{payload}\n",
        json!({"event_id": id, "dsn": t.address}),
        json!({"type": item_type, "length": payload.len()}),
    );
    Ok(Request {
        method: Method::Post,
        url: format!("{scheme}://{host}/api/{project}/envelope/"),
        headers: vec![
            (
                String::from("Content-Type"),
                String::from("application/x-sentry-envelope"),
            ),
            (
                String::from("X-Sentry-Auth"),
                format!(
                    "Sentry sentry_version=7, sentry_key={key}, sentry_client=flux/{}",
                    crate::version::version()
                ),
            ),
        ],
        body: body.into_bytes(),
    })
}

/// `incidentio`: an HTTP alert source event — `firing` for errors, `resolved` otherwise, deduplicated
/// by object uid, the metadata as metadata; bearer token.
pub fn incidentio(t: &Target, event: &Event, md: &BTreeMap<String, String>) -> Result<Request> {
    let token = t.token("incidentio")?;
    let (name, desc) = name_and_description(event);
    Ok(Request::json(
        &t.address,
        &json!({"title": format!("{name}: {desc}"), "description": event.message,
            "deduplication_key": event.involved_object.uid.clone().unwrap_or_else(|| name.clone()),
            "status": if is_error(event) { "firing" } else { "resolved" },
            "metadata": md}),
    )
    .bearer(token))
}
