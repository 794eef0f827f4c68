//! `flux events [--for Kind/name] [-A] [-w]`: the Kubernetes Events of Flux objects (or of one
//! object), oldest first, as Flux prints them: LAST SEEN, TYPE, REASON, OBJECT, MESSAGE; with
//! `--watch`, new events follow as they are recorded.

use k8s_openapi::api::core::v1::Event;
use kube::api::{Api, ListParams};

use super::kinds::table;
use super::Global;

/// Flags of `flux events`.
#[derive(Debug, clap::Args)]
pub struct EventsArgs {
    /// Get events for a particular object, in the form `Kind/name`.
    #[arg(long = "for")]
    pub for_object: Option<String>,
    /// Display events from all namespaces.
    #[arg(short = 'A', long)]
    pub all_namespaces: bool,
    /// Indicate if the events should be streamed.
    #[arg(short = 'w', long)]
    pub watch: bool,
    /// Filter events for certain types (valid types are: Normal, Warning).
    #[arg(long, value_delimiter = ',')]
    pub types: Vec<String>,
}

const FLUX_KINDS: &[&str] = &[
    "GitRepository",
    "OCIRepository",
    "Bucket",
    "HelmRepository",
    "HelmChart",
    "Kustomization",
    "HelmRelease",
    "Alert",
    "Provider",
    "Receiver",
    "ImageRepository",
    "ImagePolicy",
    "ImageUpdateAutomation",
];

/// kubectl's short human durations (`45s`, `3m10s`, `2h`, `4d`).
fn human(secs: i64) -> String {
    let s = secs.max(0);
    match s {
        s if s < 120 => format!("{s}s"),
        s if s < 600 => format!("{}m{}s", s / 60, s % 60),
        s if s < 3 * 3600 => format!("{}m", s / 60),
        s if s < 8 * 3600 => format!("{}h{}m", s / 3600, (s % 3600) / 60),
        s if s < 48 * 3600 => format!("{}h", s / 3600),
        s if s < 8 * 86400 => format!("{}d{}h", s / 86400, (s % 86400) / 3600),
        s => format!("{}d", s / 86400),
    }
}

/// Runs the command.
pub async fn run(args: EventsArgs, g: &Global) -> anyhow::Result<()> {
    for t in &args.types {
        if !t.eq_ignore_ascii_case("Normal") && !t.eq_ignore_ascii_case("Warning") {
            anyhow::bail!("type '{t}' not supported. Supported types are Normal, Warning");
        }
    }
    let client = g.client().await?;
    let api: Api<Event> = if args.all_namespaces {
        Api::all(client)
    } else {
        Api::namespaced(client, &g.namespace)
    };
    let (kind_filter, name_filter) = match &args.for_object {
        Some(f) => match f.split_once('/') {
            Some((k, n)) => (Some(k.to_string()), Some(n.to_string())),
            None => anyhow::bail!("--for: expected Kind/name, got {f:?}"),
        },
        None => (None, None),
    };
    let list = g
        .within_timeout("listing events", async {
            Ok(api.list(&ListParams::default()).await?)
        })
        .await?;
    let now = chrono::Utc::now().timestamp();
    let filter = (kind_filter, name_filter, args.types.clone());
    let mut rows: Vec<(i64, Vec<String>)> = list
        .items
        .iter()
        .filter_map(|e| event_row(e, now, args.all_namespaces, &filter))
        .collect();
    rows.sort_by_key(|(w, _)| *w);
    let mut headers = vec![];
    if args.all_namespaces {
        headers.push("NAMESPACE");
    }
    headers.extend(["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]);
    let rows: Vec<Vec<String>> = rows.into_iter().map(|(_, r)| r).collect();
    if args.watch {
        crate::output::print_stdout(&table(&headers, &rows, false))?;
    } else if rows.is_empty() {
        // As Flux: a failure line, exit status 0.
        let log = g.logger();
        if args.all_namespaces {
            log.failure("No events found.");
        } else {
            log.failure(format!("No events found in {} namespace.", g.namespace));
        }
        return Ok(());
    } else {
        crate::output::print_stdout(&table(&headers, &rows, false))?;
    }
    if args.watch {
        use futures::StreamExt;
        use kube::runtime::watcher;
        let mut stream = std::pin::pin!(watcher(api, watcher::Config::default()));
        while let Some(ev) = stream.next().await {
            // The initial list was printed above; only events recorded from now on follow.
            if let Ok(watcher::Event::Apply(e)) = ev {
                let now = chrono::Utc::now().timestamp();
                if let Some((_, row)) = event_row(&e, now, args.all_namespaces, &filter) {
                    crate::output::print_stdout(&table(&headers, &[row], true))?;
                }
            }
        }
    }
    Ok(())
}

/// (kind, name) of `--for`, and the `--types` wanted (all when empty).
type Filter = (Option<String>, Option<String>, Vec<String>);

/// The table row of one event (with its time), or `None` when the filter leaves it out.
fn event_row(
    e: &Event,
    now: i64,
    all_namespaces: bool,
    filter: &Filter,
) -> Option<(i64, Vec<String>)> {
    let kind = e.involved_object.kind.clone().unwrap_or_default();
    let name = e.involved_object.name.clone().unwrap_or_default();
    let ty = e.type_.clone().unwrap_or_default();
    if !filter.2.is_empty() && !filter.2.iter().any(|t| t.eq_ignore_ascii_case(&ty)) {
        return None;
    }
    match filter {
        (Some(k), Some(n), _) => {
            if !k.eq_ignore_ascii_case(&kind) || *n != name {
                return None;
            }
        }
        _ => {
            if !FLUX_KINDS.contains(&kind.as_str()) {
                return None;
            }
        }
    }
    let when = e
        .last_timestamp
        .as_ref()
        .map(|t| t.0.as_second())
        .or_else(|| e.event_time.as_ref().map(|t| t.0.as_second()))
        .or_else(|| e.first_timestamp.as_ref().map(|t| t.0.as_second()))
        .or_else(|| {
            e.metadata
                .creation_timestamp
                .as_ref()
                .map(|t| t.0.as_second())
        })
        .unwrap_or(now);
    let mut row = Vec::new();
    if all_namespaces {
        row.push(e.metadata.namespace.clone().unwrap_or_default());
    }
    row.extend([
        human(now - when),
        e.type_.clone().unwrap_or_default(),
        e.reason.clone().unwrap_or_default(),
        format!("{kind}/{name}"),
        e.message.clone().unwrap_or_default().replace('\n', " "),
    ]);
    Some((when, row))
}
