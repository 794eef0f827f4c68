//! `flux tree kustomization NAME`: the objects a Kustomization manages, from its inventory,
//! recursing into the Kustomizations it applies; `--compact` keeps only Flux objects,
//! `-o json|yaml` prints the same tree as data.

use anyhow::Context;
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

/// Flags of `flux tree artifact generator`.
#[derive(Debug, clap::Args)]
pub struct TreeGeneratorArgs {
    /// Name of the ArtifactGenerator.
    pub name: String,
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

/// cli-utils' `ObjMetadata` as flux2's tree marshals it.
fn meta(group: &str, kind: &str, ns: &str, name: &str) -> Value {
    json!({ "Namespace": ns, "Name": name, "GroupKind": { "Group": group, "Kind": kind } })
}

/// `Kind/namespace/name` (or `Kind/name` for cluster-scoped objects) of a tree node.
fn label(node: &Value) -> String {
    let r = &node["resource"];
    let (kind, ns, name) = (
        r["GroupKind"]["Kind"].as_str().unwrap_or_default(),
        r["Namespace"].as_str().unwrap_or_default(),
        r["Name"].as_str().unwrap_or_default(),
    );
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
        let mut child = json!({ "resource": meta(&group, &kind, &cns, &cname) });
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
    let mut out =
        json!({ "resource": meta("kustomize.toolkit.fluxcd.io", "Kustomization", ns, name) });
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
        out.push_str(&label(c));
        out.push('\n');
        let deeper = format!("{prefix}{}", if last { "    " } else { "│   " });
        render(c, &deeper, out);
    }
}

/// Prints a tree as flux2 does (`rootCmd.Println` of the text, YAML or indented JSON, so the
/// text and YAML forms end with an empty line).
fn print_tree(tree: &Value, output: Option<&str>) -> anyhow::Result<()> {
    let text = match output {
        Some("json") => format!("{}\n", serde_json::to_string_pretty(tree)?),
        Some(_) => format!("{}\n", crate::output::to_yaml(tree)?),
        None => {
            let mut out = format!("{}\n", label(tree));
            render(tree, "", &mut out);
            out.push('\n');
            out
        }
    };
    crate::output::print_stdout(&text)?;
    Ok(())
}

/// `flux tree artifact generator NAME`: the ExternalArtifacts in the generator's inventory.
pub async fn generator(args: TreeGeneratorArgs, g: &Global) -> anyhow::Result<()> {
    let client = g.client().await?;
    let ar = super::kinds::ARTIFACT_GENERATOR.api_resource();
    let api = Api::<DynamicObject>::namespaced_with(client, &g.namespace, &ar);
    let obj = g
        .within_timeout("tree artifact generator", async {
            api.get(&args.name).await.map_err(anyhow::Error::from)
        })
        .await
        .with_context(|| format!("ArtifactGenerator/{}/{}", g.namespace, args.name))?;
    let children: Vec<Value> = obj.data["status"]["inventory"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|i| {
            json!({ "resource": meta(
                crate::api::source::GROUP,
                "ExternalArtifact",
                i["namespace"].as_str().unwrap_or_default(),
                i["name"].as_str().unwrap_or_default(),
            ) })
        })
        .collect();
    let mut tree = json!({ "resource": meta(
        crate::api::extensions::GROUP,
        "ArtifactGenerator",
        &g.namespace,
        &args.name,
    ) });
    if !children.is_empty() {
        tree["resources"] = Value::Array(children);
    }
    print_tree(&tree, args.output.as_deref())
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
        .with_context(|| format!("Kustomization/{}/{}", g.namespace, args.name))?;
    print_tree(&tree, args.output.as_deref())
}
