//! `flux tree kustomization NAME`: the objects a Kustomization manages, from its inventory,
//! recursing into the Kustomizations it applies (unless it targets a remote cluster) and
//! listing under each HelmRelease the objects of its latest release (the manifest in Helm's
//! storage, and the CRDs it labelled when its CRD policy installs them), as flux2's
//! `tree_kustomization.go` does; `--compact` keeps only Flux objects, `-o json|yaml` prints
//! the same tree as data.

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

/// The objects of a HelmRelease's latest release, as flux2's `getHelmReleaseInventory` lists
/// them: none for a remote cluster or without a stored latest revision.
async fn helm_release_objects(
    client: &kube::Client,
    ns: &str,
    name: &str,
) -> anyhow::Result<Vec<Value>> {
    use crate::api::helm::{CrdsPolicy, HelmRelease};
    let hr = Api::<HelmRelease>::namespaced(client.clone(), ns)
        .get(name)
        .await?;
    let key = format!("{ns}/{name}");
    if hr.spec.kube_config.is_some() {
        return Ok(vec![]);
    }
    let status = hr.status.clone().unwrap_or_default();
    let (Some(storage_ns), Some(latest)) = (
        status.storage_namespace.filter(|s| !s.is_empty()),
        status.history.first(),
    ) else {
        return Ok(vec![]);
    };
    let secret_name = format!("sh.helm.release.v1.{}.v{}", latest.name, latest.version);
    let secrets =
        Api::<k8s_openapi::api::core::v1::Secret>::namespaced(client.clone(), &storage_ns);
    let secret = match secrets.get_opt(&secret_name).await {
        Ok(Some(s)) => s,
        Ok(None) => return Ok(vec![]),
        Err(e) => anyhow::bail!(
            "failed to find the Helm storage object for HelmRelease '{key}': {}",
            crate::cluster::api_message(&e)
        ),
    };
    let Some(data) = secret.data.as_ref().and_then(|d| d.get("release")) else {
        anyhow::bail!("failed to decode the Helm storage object for HelmRelease '{key}'");
    };
    let release = crate::helm::storage::decode(&secret_name, &data.0).map_err(|e| {
        anyhow::anyhow!("failed to decode the Helm storage object for HelmRelease '{key}': {e}")
    })?;
    let docs =
        crate::kustomize::yaml::parse_stream_v2(release["manifest"].as_str().unwrap_or_default())
            .map_err(|e| {
            anyhow::anyhow!("failed to read the Helm storage object for HelmRelease '{key}': {e}")
        })?;
    let mut cluster = crate::cluster::Cluster::new(client.clone());
    let mut out = Vec::new();
    for d in docs.iter().filter(|d| d.is_object()) {
        let av = d["apiVersion"].as_str().unwrap_or_default();
        let kind = d["kind"].as_str().unwrap_or_default();
        let group = av.rsplit_once('/').map(|(g, _)| g).unwrap_or("");
        let mut obj_ns = d["metadata"]["namespace"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        if obj_ns.is_empty() {
            let namespaced = cluster
                .resource(av, kind, &crate::cluster::object_ref(d))
                .await
                .is_ok_and(|(_, caps)| matches!(caps.scope, kube::discovery::Scope::Namespaced));
            if namespaced {
                obj_ns = latest.namespace.clone();
            }
        }
        let obj_name = d["metadata"]["name"].as_str().unwrap_or_default();
        out.push(meta(group, kind, &obj_ns, obj_name));
    }
    let installs_crds = |p: Option<CrdsPolicy>| p.is_some_and(|p| p != CrdsPolicy::Skip);
    if installs_crds(hr.spec.install.as_ref().and_then(|i| i.crds))
        || installs_crds(hr.spec.upgrade.as_ref().and_then(|u| u.crds))
    {
        let crds = Api::<k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition>::all(client.clone());
        let selector = format!(
            "{g}/name={name},{g}/namespace={ns}",
            g = crate::api::helm::GROUP
        );
        if let Ok(list) = crds
            .list(&kube::api::ListParams::default().labels(&selector))
            .await
        {
            for crd in list.items {
                let crd_name = crd.metadata.name.unwrap_or_default();
                let known = out.iter().any(|o| {
                    o["Name"] == crd_name.as_str()
                        && o["GroupKind"]["Kind"] == "CustomResourceDefinition"
                });
                if !known {
                    out.push(meta(
                        "apiextensions.k8s.io",
                        "CustomResourceDefinition",
                        "",
                        &crd_name,
                    ));
                }
            }
        }
    }
    Ok(out)
}

/// Builds the tree node of a Kustomization (depth-limited against cycles).
async fn node(
    client: &kube::Client,
    ns: &str,
    name: &str,
    compact: bool,
    depth: usize,
) -> anyhow::Result<Value> {
    let ar = KUSTOMIZATION.api_resource();
    let ks = Api::<DynamicObject>::namespaced_with(client.clone(), ns, &ar)
        .get(name)
        .await?;
    let remote = !ks.data["spec"]["kubeConfig"].is_null();
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
        if group == crate::api::helm::GROUP && kind == "HelmRelease" {
            let objects: Vec<Value> = helm_release_objects(client, &cns, &cname)
                .await?
                .into_iter()
                .filter(|o| {
                    !compact || is_flux(o["GroupKind"]["Group"].as_str().unwrap_or_default())
                })
                .map(|o| json!({ "resource": o }))
                .collect();
            if !objects.is_empty() {
                child["resources"] = Value::Array(objects);
            }
        }
        if group == "kustomize.toolkit.fluxcd.io"
            && kind == "Kustomization"
            && depth < 16
            && !remote
            && !(cns == ns && cname == name)
        {
            if let Ok(sub) = Box::pin(node(client, &cns, &cname, compact, depth + 1)).await {
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
    let tree = g
        .within_timeout("tree kustomization", async {
            node(&client, &g.namespace, &args.name, args.compact, 0).await
        })
        .await
        .with_context(|| format!("Kustomization/{}/{}", g.namespace, args.name))?;
    print_tree(&tree, args.output.as_deref())
}
