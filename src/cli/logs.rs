//! `flux logs`: the Flux controllers' pod logs, read as flux2's command reads them. The pods
//! are those of the Deployments labelled `app.kubernetes.io/part-of=flux` in
//! `--flux-namespace`; each JSON line (zap's keys: `ts`, `level`, `msg`, `error`,
//! `controllerKind` or `reconciler kind`, `name`, `namespace`) is filtered by `--level`,
//! `--kind`, `--name` and the namespace (`-n`, or every one with `-A`), and printed as
//! `<ts> <level> <Kind>/<name>.<namespace> - <msg> <error>`. Other lines are skipped.

use futures::{AsyncBufReadExt, StreamExt};
use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::Pod;
use kube::api::{Api, ListParams, LogParams};
use serde::Deserialize;

use super::Global;
use crate::api::Duration;

const LEVELS: &[&str] = &["debug", "info", "error"];

fn parse_level(s: &str) -> Result<String, String> {
    if s.trim().is_empty() {
        return Err(format!(
            "no log level given, must be one of: {}",
            LEVELS.join(", ")
        ));
    }
    if !LEVELS.contains(&s) {
        return Err(format!(
            "unsupported log level '{s}', must be one of: {}",
            LEVELS.join(", ")
        ));
    }
    Ok(s.to_string())
}

/// Flags of `flux logs`.
#[derive(Debug, clap::Args)]
pub struct LogsArgs {
    /// log level
    #[arg(long, value_parser = parse_level, value_name = "debug|info|error")]
    pub level: Option<String>,
    /// displays errors of a particular toolkit kind e.g GitRepository
    #[arg(long)]
    pub kind: Option<String>,
    /// specifies the name of the object logs to be displayed
    #[arg(long)]
    pub name: Option<String>,
    /// specifies if the logs should be streamed
    #[arg(short = 'f', long)]
    pub follow: bool,
    /// lines of recent log file to display
    #[arg(long, default_value_t = -1, allow_negative_numbers = true)]
    pub tail: i64,
    /// the namespace where the Flux components are running
    #[arg(long, default_value = "flux-system")]
    pub flux_namespace: String,
    /// displays logs for objects across all namespaces
    #[arg(short = 'A', long)]
    pub all_namespaces: bool,
    /// Only return logs newer than a relative duration like 5s, 2m, or 3h. Defaults to all logs. Only one of since-time / since may be used.
    #[arg(long)]
    pub since: Option<Duration>,
    /// Only return logs after a specific date (RFC3339). Defaults to all logs. Only one of since-time / since may be used.
    #[arg(long)]
    pub since_time: Option<String>,
    #[arg(hide = true)]
    pub args: Vec<String>,
}

/// One controller log line, as flux2's `ControllerLogEntry` reads it.
#[derive(Debug, Default, Deserialize)]
pub struct Entry {
    #[serde(rename = "ts", default)]
    pub timestamp: String,
    #[serde(default)]
    pub level: String,
    #[serde(rename = "msg", default)]
    pub message: String,
    #[serde(default)]
    pub error: String,
    #[serde(rename = "reconciler kind", default)]
    pub kind: String,
    #[serde(rename = "controllerKind", default)]
    pub controller_kind: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub namespace: String,
}

/// What a line must match to be printed.
#[derive(Debug, Default)]
pub struct Filter {
    pub level: Option<String>,
    pub kind: Option<String>,
    pub name: Option<String>,
    /// `None` with `-A`.
    pub namespace: Option<String>,
}

impl Filter {
    fn keeps(&self, e: &Entry) -> bool {
        self.level.as_ref().is_none_or(|l| *l == e.level)
            && self.kind.as_ref().is_none_or(|k| {
                k.eq_ignore_ascii_case(&e.kind) || k.eq_ignore_ascii_case(&e.controller_kind)
            })
            && self
                .name
                .as_ref()
                .is_none_or(|n| n.eq_ignore_ascii_case(&e.name))
            && self
                .namespace
                .as_ref()
                .is_none_or(|n| n.eq_ignore_ascii_case(&e.namespace))
    }
}

/// flux2's template: `{{.Timestamp}} {{.Level}} {{or .Kind .ControllerKind}}{{if .Name}}/{{.Name}}.{{.Namespace}}{{end}} - {{.Message}} {{.Error}}`.
pub fn format(e: &Entry) -> String {
    let kind = if e.kind.is_empty() {
        &e.controller_kind
    } else {
        &e.kind
    };
    let object = if e.name.is_empty() {
        kind.clone()
    } else {
        format!("{kind}/{}.{}", e.name, e.namespace)
    };
    format!(
        "{} {} {object} - {} {}\n",
        e.timestamp, e.level, e.message, e.error
    )
}

/// The printed form of one raw log line: `None` for lines that are not JSON objects or that
/// the filter drops, `Err` for a JSON line that does not parse (flux2 stops reading that pod).
pub fn render(line: &str, filter: &Filter) -> Result<Option<String>, String> {
    if !line.starts_with('{') {
        return Ok(None);
    }
    let e: Entry = serde_json::from_str(line).map_err(|e| e.to_string())?;
    Ok(filter.keeps(&e).then(|| format(&e)))
}

/// The pods of the Flux Deployments in `ns`, Deployment by Deployment.
async fn flux_pods(
    api_d: &Api<Deployment>,
    api_p: &Api<Pod>,
    ns: &str,
) -> anyhow::Result<Vec<Pod>> {
    let deployments = api_d
        .list(&ListParams::default().labels("app.kubernetes.io/part-of=flux"))
        .await?;
    let mut pods = Vec::new();
    for d in deployments.items {
        let labels = d
            .spec
            .and_then(|s| s.template.metadata)
            .and_then(|m| m.labels)
            .unwrap_or_default();
        let selector: Vec<String> = labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let list = api_p
            .list(&ListParams::default().labels(&selector.join(",")))
            .await?;
        pods.extend(list.items);
    }
    if pods.is_empty() {
        anyhow::bail!("no Flux pods found in namespace {ns:?}");
    }
    Ok(pods)
}

/// Runs `flux logs`.
pub async fn run(args: LogsArgs, g: &Global) -> anyhow::Result<()> {
    let timeout = g.timeout.std();
    let follow = args.follow;
    match tokio::time::timeout(timeout, logs(args, g)).await {
        Ok(r) => r,
        // flux2's `--timeout` context ends a follow quietly (the streams just stop), and
        // anything else with its deadline error.
        Err(_) if follow => Ok(()),
        Err(_) => anyhow::bail!("context deadline exceeded"),
    }
}

async fn logs(args: LogsArgs, g: &Global) -> anyhow::Result<()> {
    let client = g.client().await?;
    if !args.args.is_empty() {
        anyhow::bail!("no argument required");
    }
    let ns = &args.flux_namespace;
    let pods_api: Api<Pod> = Api::namespaced(client.clone(), ns);
    let deployments: Api<Deployment> = Api::namespaced(client, ns);
    let pods = flux_pods(&deployments, &pods_api, ns).await?;
    let mut params = LogParams {
        follow: args.follow,
        ..Default::default()
    };
    if args.tail > -1 {
        params.tail_lines = Some(args.tail);
    }
    if args.since_time.is_some() && args.since.is_some() {
        anyhow::bail!("at most one of `sinceTime` or `sinceDuration` may be specified");
    }
    if let Some(t) = &args.since_time {
        let parsed = chrono::DateTime::parse_from_rfc3339(t)
            .map_err(|_| anyhow::anyhow!("{t} is not a valid (RFC3339) time"))?;
        // The API takes `sinceSeconds` or `sinceTime`; kube's parameters have the former.
        let secs = (chrono::Utc::now() - parsed.with_timezone(&chrono::Utc))
            .num_seconds()
            .max(1);
        params.since_seconds = Some(secs);
    }
    if let Some(d) = &args.since {
        params.since_seconds = Some(d.std().as_secs_f64().round() as i64);
    }
    let filter = Filter {
        level: args.level.clone(),
        kind: args.kind.clone(),
        name: args.name.clone(),
        namespace: (!args.all_namespaces).then(|| g.namespace.clone()),
    };
    let requests: Vec<(String, LogParams)> = pods
        .iter()
        .map(|p| {
            let mut params = params.clone();
            if p.spec.as_ref().is_some_and(|s| s.containers.len() > 1) {
                params.container = Some("manager".into());
            }
            (p.metadata.name.clone().unwrap_or_default(), params)
        })
        .collect();
    let log = g.logger();
    if args.follow && requests.len() > 1 {
        // Every pod at once, lines as they come.
        let streams = requests.iter().map(|(name, params)| {
            let api = pods_api.clone();
            let filter = &filter;
            let log = &log;
            async move {
                if let Err(e) = stream_pod(&api, name, params, filter, log).await {
                    eprintln!("failed getting logs: {e}");
                }
            }
        });
        futures::future::join_all(streams).await;
        return Ok(());
    }
    let mut failed = false;
    for (name, params) in &requests {
        if let Err(e) = stream_pod(&pods_api, name, params, &filter, &log).await {
            eprintln!("failed getting logs: {e}");
            failed = true;
        }
    }
    if failed {
        anyhow::bail!("failed to collect logs from all Flux pods");
    }
    Ok(())
}

async fn stream_pod(
    api: &Api<Pod>,
    name: &str,
    params: &LogParams,
    filter: &Filter,
    log: &crate::output::Logger,
) -> anyhow::Result<()> {
    use std::io::Write;
    let reader = api.log_stream(name, params).await?;
    let mut lines = reader.lines();
    while let Some(line) = lines.next().await {
        let line = line?;
        match render(&line, filter) {
            Ok(Some(out)) => {
                let mut stdout = std::io::stdout().lock();
                let _ = stdout.write_all(out.as_bytes());
                let _ = stdout.flush();
            }
            Ok(None) => {}
            Err(e) => {
                log.failure(format!("parse error: {e}"));
                break;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_print_in_flux2s_template_and_filters_match_case_insensitively() {
        let f = Filter::default();
        let line = r#"{"level":"error","ts":"2022-08-02T12:56:34.961Z","logger":"controller.kustomization","msg":"no changes","reconciler kind":"Kustomization","name":"podinfo","namespace":"flux-system"}"#;
        assert_eq!(
            render(line, &f).unwrap().unwrap(),
            "2022-08-02T12:56:34.961Z error Kustomization/podinfo.flux-system - no changes \n"
        );
        let ours = r#"{"level":"error","ts":"2026-12-05T04:59:06.449Z","msg":"Reconciler error","controller":"gitrepository","controllerGroup":"source.toolkit.fluxcd.io","controllerKind":"GitRepository","name":"apps","namespace":"default","error":"branch 'main' not found"}"#;
        assert_eq!(
            render(ours, &f).unwrap().unwrap(),
            "2026-12-05T04:59:06.449Z error GitRepository/apps.default - Reconciler error branch 'main' not found\n"
        );
        let only = |kind: &str, ns: &str| Filter {
            kind: Some(kind.into()),
            namespace: Some(ns.into()),
            ..Default::default()
        };
        assert!(render(ours, &only("gitrepository", "DEFAULT"))
            .unwrap()
            .is_some());
        assert!(render(ours, &only("Kustomization", "default"))
            .unwrap()
            .is_none());
        let info = Filter {
            level: Some("info".into()),
            ..Default::default()
        };
        assert!(render(ours, &info).unwrap().is_none());
        // Lines without an object: the kind alone; plain text skipped; bad JSON an error.
        let plain = r#"{"level":"info","ts":"t","msg":"starting"}"#;
        assert_eq!(render(plain, &f).unwrap().unwrap(), "t info  - starting \n");
        assert!(render("I1205 text", &f).unwrap().is_none());
        assert!(render("{not json", &f).is_err());
    }

    #[test]
    fn levels_are_checked_with_flux2s_messages() {
        assert_eq!(
            parse_level("warn").unwrap_err(),
            "unsupported log level 'warn', must be one of: debug, info, error"
        );
        assert!(parse_level("")
            .unwrap_err()
            .starts_with("no log level given"));
    }
}
