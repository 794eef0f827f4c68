//! `flux stats [-A]`: per-kind counts of running (Ready), failing and suspended Flux objects,
//! and the artifact storage the sources use, as one table in Flux's order.

use kube::api::{Api, DynamicObject, ListParams};
use serde_json::Value;

use super::Global;

/// Flags of `flux stats`.
#[derive(Debug, clap::Args)]
pub struct StatsArgs {
    /// List the statistics across all namespaces.
    #[arg(short = 'A', long)]
    pub all_namespaces: bool,
}

/// The kinds `flux stats` lists, in Flux's order: (kind, has artifacts, static). Their API
/// coordinates come from the kind registry.
const KINDS: &[(&str, bool, bool)] = &[
    ("GitRepository", true, false),
    ("OCIRepository", true, false),
    ("HelmRepository", true, false),
    ("HelmChart", true, false),
    ("Bucket", true, false),
    ("Kustomization", false, false),
    ("HelmRelease", false, false),
    ("Alert", false, true),
    ("Provider", false, true),
    ("Receiver", false, false),
    ("ImageUpdateAutomation", false, false),
    ("ImagePolicy", false, false),
    ("ImageRepository", false, false),
];

/// Counts for one kind.
#[derive(Debug, Default, PartialEq)]
pub struct Counts {
    /// Ready (or static and not suspended).
    pub running: usize,
    /// Ready=False (or Unknown).
    pub failing: usize,
    /// spec.suspend.
    pub suspended: usize,
    /// Sum of status.artifact.size.
    pub storage: Option<u64>,
}

/// Tallies objects of one kind.
pub fn tally(objs: &[Value], artifacts: bool, is_static: bool) -> Counts {
    let mut c = Counts {
        storage: artifacts.then_some(0),
        ..Default::default()
    };
    for o in objs {
        if o["spec"]["suspend"].as_bool() == Some(true) {
            c.suspended += 1;
            continue;
        }
        if is_static || super::kinds::ready(o).0 == "True" {
            c.running += 1;
        } else {
            c.failing += 1;
        }
        if let (Some(total), Some(size)) =
            (c.storage.as_mut(), o["status"]["artifact"]["size"].as_u64())
        {
            *total += size;
        }
    }
    c
}

/// Bytes in Go humanize's IEC style (`2.4 KiB`).
pub fn human_bytes(n: u64) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = n as f64;
    let mut i = 0;
    while v >= 1024.0 && i + 1 < units.len() {
        v /= 1024.0;
        i += 1;
    }
    if i == 0 {
        format!("{n} B")
    } else if v < 10.0 {
        format!("{:.1} {}", v, units[i])
    } else {
        format!("{:.0} {}", v, units[i])
    }
}

/// Runs `flux stats`.
pub async fn run(args: StatsArgs, g: &Global) -> anyhow::Result<()> {
    let client = g.client().await?;
    let mut rows = vec![];
    let mut missing = 0;
    for (kind, artifacts, is_static) in KINDS {
        let ar = crate::api::registry::expect(kind).api_resource();
        let api: Api<DynamicObject> = if args.all_namespaces {
            Api::all_with(client.clone(), &ar)
        } else {
            Api::namespaced_with(client.clone(), &g.namespace, &ar)
        };
        let objs: Vec<Value> = match api.list(&ListParams::default()).await {
            Ok(l) => l
                .items
                .iter()
                .map(|o| serde_json::to_value(o).unwrap_or_default())
                .collect(),
            // Kinds whose CRD is not installed count as none.
            Err(kube::Error::Api(e)) if e.code == 404 => {
                missing += 1;
                vec![]
            }
            Err(e) => anyhow::bail!("listing {kind}: {}", crate::cluster::api_message(&e)),
        };
        let c = tally(&objs, *artifacts, *is_static);
        rows.push(vec![
            kind.to_string(),
            c.running.to_string(),
            c.failing.to_string(),
            c.suspended.to_string(),
            c.storage
                .map(human_bytes)
                .unwrap_or_else(|| String::from("-")),
        ]);
    }
    // Zeros would read as "nothing to do"; no CRD at all means no Flux.
    if missing == KINDS.len() {
        anyhow::bail!("{}", super::verbs::NO_FLUX_CRDS);
    }
    let out = super::kinds::table(
        &["RECONCILERS", "RUNNING", "FAILING", "SUSPENDED", "STORAGE"],
        &rows,
        false,
    );
    Ok(crate::output::print_stdout(&out)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn objects_are_counted_by_readiness_and_suspension() {
        let objs = [
            json!({"spec": {}, "status": {"conditions": [{"type": "Ready", "status": "True"}], "artifact": {"size": 2500}}}),
            json!({"spec": {}, "status": {"conditions": [{"type": "Ready", "status": "False"}], "artifact": {"size": 100}}}),
            json!({"spec": {"suspend": true}, "status": {"artifact": {"size": 7}}}),
        ];
        assert_eq!(
            tally(&objs, true, false),
            Counts {
                running: 1,
                failing: 1,
                suspended: 1,
                storage: Some(2600)
            }
        );
        assert_eq!(tally(&objs[1..2], false, true).running, 1);
        assert_eq!(human_bytes(2600), "2.5 KiB");
        assert_eq!(human_bytes(12), "12 B");
        assert_eq!(human_bytes(50 * 1024 * 1024), "50 MiB");
    }
}
