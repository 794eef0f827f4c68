//! `flux tree kustomization NAME`: the objects a Kustomization manages, from its inventory,
//! recursing into the Kustomizations it applies; `--compact` keeps only Flux objects,
//! `-o json|yaml` prints the same tree as data.

use kube::api::{Api, DynamicObject};
use serde_json::{json, Value};

use super::kinds::KUSTOMIZATION;
use super::Global;

/// Flags of `flux tree kustomization`.
#[derive(Debug, clap::Args)]
pub struct TreeKustomizationArgs {
    /// Name of the Kustomization.
    pub name: String,
    /// Only show Flux objects (Kustomizations, HelmReleases, sources).
    #[arg(long)]
    pub compact: bool,
    /// Output format: `json` or `yaml` (default: a text tree).
    #[arg(short = 'o', long, value_parser = ["json", "yaml"])]
    pub output: Option<String>,
}

/// `Kind/namespace/name` (or `Kind/name`) of an inventory id `<ns>_<name>_<group>_<kind>`.
fn subject(id: &str) -> Option<(String, String, String, String)> {
    let mut parts = id.splitn(4, '_');
    let ns = parts.next()?.to_string();
    let name = parts.next()?.to_string();
    let group = parts.next()?.to_string();
    let kind = parts.next()?.to_string();
    Some((ns, name, group, kind))
}

fn label(kind: &str, ns: &str, name: &str) -> String {
    if ns.is_empty() {
        format!("{kind}/{name}")
    } else {
        format!("{kind}/{ns}/{name}")
    }
}

fn is_flux(group: &str) -> bool {
    group.ends_with(".toolkit.fluxcd.io")
}

/// Builds the tree node of a Kustomization (depth-limited against cycles).
async fn node(
    api_for: &dyn Fn(&str) -> Api<DynamicObject>,
    ns: &str,
    name: &str,
    compact: bool,
    depth: usize,
) -> anyhow::Result<Value> {
    let ks = api_for(ns).get(name).await?;
    let entries = ks.data["status"]["inventory"]["entries"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let mut children = Vec::new();
    for e in entries {
        let Some((cns, cname, group, kind)) = e["id"].as_str().and_then(subject) else {
            continue;
        };
        if compact && !is_flux(&group) {
            continue;
        }
        let mut child = json!({ "resource": label(&kind, &cns, &cname) });
        if group == "kustomize.toolkit.fluxcd.io"
            && kind == "Kustomization"
            && depth < 16
            && !(cns == ns && cname == name)
        {
            if let Ok(sub) = Box::pin(node(api_for, &cns, &cname, compact, depth + 1)).await {
                child = sub;
            }
        }
        children.push(child);
    }
    let mut out = json!({ "resource": label("Kustomization", ns, name) });
    if !children.is_empty() {
        out["resources"] = Value::Array(children);
    }
    Ok(out)
}

fn render(node: &Value, prefix: &str, out: &mut String) {
    let children = node["resources"].as_array().cloned().unwrap_or_default();
    for (i, c) in children.iter().enumerate() {
        let last = i + 1 == children.len();
        out.push_str(prefix);
        out.push_str(if last { "└── " } else { "├── " });
        out.push_str(c["resource"].as_str().unwrap_or_default());
        out.push('\n');
        let deeper = format!("{prefix}{}", if last { "    " } else { "│   " });
        render(c, &deeper, out);
    }
}

/// Runs the command.
pub async fn run(args: TreeKustomizationArgs, g: &Global) -> anyhow::Result<()> {
    let client = g.client().await?;
    let ar = KUSTOMIZATION.api_resource();
    let api_for = move |ns: &str| Api::<DynamicObject>::namespaced_with(client.clone(), ns, &ar);
    let tree = g
        .within_timeout("tree kustomization", async {
            node(&api_for, &g.namespace, &args.name, args.compact, 0).await
        })
        .await
        .map_err(|e| anyhow::anyhow!("Kustomization/{}/{}: {e}", g.namespace, args.name))?;
    let text = match args.output.as_deref() {
        Some("json") => format!("{}\n", serde_json::to_string_pretty(&tree)?),
        Some(_) => crate::output::to_yaml(&tree)?,
        None => {
            let mut out = format!("{}\n", tree["resource"].as_str().unwrap_or_default());
            render(&tree, "", &mut out);
            out
        }
    };
    crate::output::print_stdout(&text)?;
    Ok(())
}
